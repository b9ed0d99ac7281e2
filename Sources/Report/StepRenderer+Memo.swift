import Foundation

extension StepRenderer {
    /// Keeps rendered blocks in memory, so rendering the same block again (same outcome, label,
    /// asset directory, numbering and PDF setting) returns the same bytes without drawing charts and
    /// formatting tables again. Off unless a long-lived process turns it on: `minima preview`
    /// re-renders the whole page after every save, where most blocks did not change (for the
    /// paper notebook, drawing them was over half of a re-render). Rendering is pure, so a
    /// remembered block is exactly what rendering it again would give.
    public static func rememberRenderedBlocks(_ on: Bool) {
        RenderMemo.shared.setEnabled(on)
    }
}

/// The rendered blocks, by everything `StepRenderer.render` reads. Bounded: it starts over past
/// 2,000 blocks (a preview's edits make a few new ones each).
final class RenderMemo: @unchecked Sendable {
    static let shared = RenderMemo()

    struct Key: Hashable {
        var block: StepBlock
        var label: FigureLabel?
        var assetDirectory: String
        var numbering: FigureNumbering?
        var figurePDF: Bool
    }

    private var enabled = false
    private var blocks: [Key: RenderedStep] = [:]
    private let lock = NSLock()

    func setEnabled(_ on: Bool) {
        lock.withLock {
            enabled = on
            if !on { blocks.removeAll() }
        }
    }

    func rendered(_ key: @autoclosure () -> Key, render: () -> RenderedStep) -> RenderedStep {
        guard lock.withLock({ enabled }) else { return render() }
        let key = key()
        if let known = lock.withLock({ blocks[key] }) { return known }
        let fresh = render()
        lock.withLock {
            if blocks.count >= 2_000 { blocks.removeAll() }
            blocks[key] = fresh
        }
        return fresh
    }
}

extension NotebookDocument {
    /// A plain-text outline of the parsed notebook, one line per step in document order, e.g.
    /// `train baseline @12:1 reads=[fmnist]`: the golden-tested view of what the parser built.
    public var outline: String {
        var lines = ["title: \(frontMatter.title ?? "-")", "seeds: \(frontMatter.seeds.map(String.init).joined(separator: ","))"]
        lines += paramValues.map { "param \($0.name) = \($0.value)" }
        for step in steps {
            let reads = step.spec.references.map(\.id)
            var line = "\(step.kind.rawValue) \(step.id) @\(step.block.fence.line):\(step.block.fence.column)"
            if !reads.isEmpty { line += " reads=[\(reads.joined(separator: ","))]" }
            if let caption = step.caption { line += " caption=\"\(caption)\"" }
            if step.presentation.source != .collapsed { line += " source=\(step.presentation.source.rawValue)" }
            lines.append(line)
        }
        lines.append("order: \(order.joined(separator: " "))")
        return lines.joined(separator: "\n") + "\n"
    }
}

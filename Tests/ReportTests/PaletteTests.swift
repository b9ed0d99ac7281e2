import Testing
@testable import Report

@Suite("Palette")
struct PaletteTests {
    @Test("viridis matches matplotlib's table at its ends and middle, and interpolates between stops")
    func viridis() {
        #expect(Palette.viridis(0) == "#440154")     // matplotlib viridis(0.0)
        #expect(Palette.viridis(0.5) == "#21918c")   // viridis(0.5)
        #expect(Palette.viridis(1) == "#fde725")     // viridis(1.0)
        #expect(Palette.viridis(-3) == "#440154" && Palette.viridis(.nan) == "#440154")
        // halfway between stops 0 (68,1,84) and 1 (72,36,117): (70, 18.5→19, 100.5→101)
        #expect(Palette.viridis(0.05) == "#461365")
    }

    @Test("the themed ramp avoids viridis' faint end on each background")
    func ramp() {
        #expect(Palette.rampColors(dark: false).last == Palette.viridis(0.8))
        #expect(Palette.rampColors(dark: true).first == Palette.viridis(0.22))
        #expect(Palette.ramp(0.5) == .ramp(10) && Palette.ramp(2) == .ramp(20))
    }

    @Test("marker paths are closed and centred on the point")
    func markers() {
        for shape in MarkerShape.allCases {
            let d = shape.path(x: 10, y: 20, r: 3)
            #expect(d.hasPrefix("M") && d.hasSuffix("Z"))
        }
        #expect(MarkerShape.square.path(x: 0, y: 0, r: 1) == "M-0.89,-0.89L0.89,-0.89L0.89,0.89L-0.89,0.89Z")
    }
}

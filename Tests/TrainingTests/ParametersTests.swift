import Foundation
import Testing
@testable import Training

@Suite("Parameters") struct ParametersTests {
    @Test("JSON round trip is bit-exact, NaN, infinities and negative zero included")
    func bitExactCoding() throws {
        let model = MLP(widths: [3, 2])
        var parameters = model.initialParameters(seed: 1)
        parameters.values[0] = .nan
        parameters.values[1] = -.infinity
        parameters.values[2] = -0.0
        parameters.values[3] = .leastNonzeroMagnitude
        let decoded = try JSONDecoder().decode(Parameters.self, from: JSONEncoder().encode(parameters))
        #expect(decoded.values.map(\.bitPattern) == parameters.values.map(\.bitPattern))
        #expect(decoded.slices == parameters.slices)
    }

    @Test("named slices address the layer tensors and the norm is the Euclidean norm")
    func slicesAndNorm() {
        let model = MLP(widths: [2, 3, 1])
        let values = (0..<model.parameterCount).map(Float.init)
        let parameters = Parameters(values: values, slices: model.slices)
        #expect(Array(parameters["layer1.bias"]!) == [6, 7, 8])
        #expect(Array(parameters["layer2.weight"]!) == [9, 10, 11])
        #expect(parameters["layer3.weight"] == nil)
        #expect(parameters.norm == values.reduce(0) { $0 + Double($1 * $1) }.squareRoot())
    }

    @Test("a checkpoint whose byte count does not match its layout is rejected")
    func corruptCheckpoint() throws {
        let parameters = MLP(widths: [3, 2]).initialParameters(seed: 1)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(parameters)) as! [String: Any]
        json["values"] = Data([1, 2, 3]).base64EncodedString()
        let bad = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Parameters.self, from: bad) }
    }
}

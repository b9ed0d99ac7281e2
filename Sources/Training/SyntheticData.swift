/// Small generated classification sets for tests and benchmarks.
public enum SyntheticData {
    /// Gaussian blobs: class centres drawn from N(0, 1) per feature, samples `centre + spread · N(0, 1)`,
    /// labels round-robin (`i mod classes`), all from `SplitMix64(seed:, purpose: "blobs")`.
    /// - Complexity: O(count · features).
    public static func gaussianBlobs(
        count: Int, features: Int, classes: Int, spread: Double = 0.5, seed: UInt64
    ) -> Dataset {
        var rng = SplitMix64(seed: seed, purpose: "blobs")
        let centres = (0..<(classes * features)).map { _ in rng.nextGaussian() }
        var inputs = [Float](repeating: 0, count: count * features)
        let labels = (0..<count).map { Int32($0 % classes) }
        for i in 0..<count {
            for j in 0..<features {
                inputs[i * features + j] = Float(centres[Int(labels[i]) * features + j] + spread * rng.nextGaussian())
            }
        }
        return Dataset(name: "blobs", features: features, classes: classes, inputs: inputs, labels: labels,
                       digest: digest(inputs, labels))
    }

    /// Inputs uniform in [0, 1) labelled by a random linear teacher: `argmax_c Σ_j T[c, j] (x_j − ½)`
    /// with `T ~ N(0, 1)`; inputs and teacher from `SplitMix64(seed:, purpose: "teacher")`.
    /// - Complexity: O(count · features · classes).
    public static func randomTeacher(count: Int, features: Int, classes: Int, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed, purpose: "teacher")
        let teacher = (0..<(classes * features)).map { _ in Float(rng.nextGaussian()) }
        let inputs = (0..<(count * features)).map { _ in rng.nextUnitFloat() }
        var labels = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            var best = -Float.infinity
            for c in 0..<classes {
                var score: Float = 0
                for j in 0..<features { score += teacher[c * features + j] * (inputs[i * features + j] - 0.5) }
                if score > best {
                    best = score
                    labels[i] = Int32(c)
                }
            }
        }
        return Dataset(name: "teacher", features: features, classes: classes, inputs: inputs, labels: labels,
                       digest: digest(inputs, labels))
    }

    /// Small images of four line patterns, `size × size × 1`: class 0 a horizontal line, 1 a
    /// vertical line, 2 a diagonal, 3 an anti-diagonal, each at a random offset, with pixel noise
    /// `noise · N(0, 1)` on a background of 0 and lines of 1. Labels round-robin; everything from
    /// `SplitMix64(seed:, purpose: "patterns")`. Only a model that sees the image's layout (or
    /// learns it) tells the classes apart, so convolutional notebooks and tests train on it.
    /// - Complexity: O(count · size²).
    public static func patterns(count: Int, size: Int = 8, noise: Double = 0.3, seed: UInt64) -> Dataset {
        precondition(size >= 2, "patterns: size \(size)")
        var rng = SplitMix64(seed: seed, purpose: "patterns")
        let pixels = size * size
        var inputs = [Float](repeating: 0, count: count * pixels)
        let labels = (0..<count).map { Int32($0 % 4) }
        for i in 0..<count {
            let offset = rng.nextIndex(below: size)
            for y in 0..<size {
                for x in 0..<size {
                    let on: Bool
                    switch labels[i] {
                    case 0: on = y == offset
                    case 1: on = x == offset
                    case 2: on = (x - y + size) % size == offset
                    default: on = (x + y) % size == offset
                    }
                    inputs[i * pixels + y * size + x] = Float((on ? 1 : 0) + noise * rng.nextGaussian())
                }
            }
        }
        return Dataset(name: "patterns", shape: TensorShape(height: size, width: size, channels: 1), classes: 4,
                       inputs: inputs, labels: labels, digest: digest(inputs, labels))
    }

    private static func digest(_ inputs: [Float], _ labels: [Int32]) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(inputs)
        hasher.combine(labels)
        return hasher.value
    }

}

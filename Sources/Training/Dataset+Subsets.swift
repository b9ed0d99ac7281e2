extension Dataset {
    /// A class-balanced subset of `size` samples drawn with `SplitMix64(seed:, purpose: "subset")`:
    /// each class gets `size / classes` samples and the first `size % classes` classes one more;
    /// within a class the samples are a seeded random choice. The result keeps the original order.
    /// - Throws: ``DataError/invalidRequest(detail:)`` when a class has too few samples.
    /// - Complexity: O(count + size · features).
    public func balancedSubset(_ size: Int, seed: UInt64) throws -> Dataset {
        guard size > 0 && size <= count else {
            throw DataError.invalidRequest(detail: "subset of \(size) from \(name), which has \(count) samples")
        }
        var rng = SplitMix64(seed: seed, purpose: "subset")
        var byClass = [[Int]](repeating: [], count: classes)
        for (index, label) in cleanLabels.enumerated() { byClass[Int(label)].append(index) }
        var chosen: [Int] = []
        for (label, members) in byClass.enumerated() {
            let quota = size / classes + (label < size % classes ? 1 : 0)
            guard members.count >= quota else {
                throw DataError.invalidRequest(
                    detail: "class-balanced subset of \(size) needs \(quota) samples of class \(label); \(name) has \(members.count)")
            }
            var pool = members
            for i in 0..<quota {
                pool.swapAt(i, i + rng.nextIndex(below: pool.count - i))
            }
            chosen.append(contentsOf: pool[0..<quota])
        }
        return selecting(chosen.sorted())
    }

    /// The set with exactly `round(fraction · count)` labels replaced, drawn with
    /// `SplitMix64(seed:, purpose: "label-noise")`: the samples are a uniform random choice without
    /// replacement and each gets a label drawn uniformly from the *other* classes, so every
    /// corrupted label is wrong. Keeps the clean labels and the corrupted indices.
    /// - Complexity: O(count).
    public func withLabelNoise(fraction: Double, seed: UInt64) throws -> Dataset {
        guard fraction >= 0 && fraction <= 1, classes >= 2 else {
            throw DataError.invalidRequest(detail: "label noise \(fraction) must be in [0, 1] with at least 2 classes")
        }
        let corrupted = Int((fraction * Double(count)).rounded())
        guard corrupted > 0 else { return self }
        var rng = SplitMix64(seed: seed, purpose: "label-noise")
        var order = Array(0..<count)
        for i in 0..<corrupted { order.swapAt(i, i + rng.nextIndex(below: count - i)) }
        var noisy = self
        let victims = order[0..<corrupted].sorted()
        for index in victims {
            let clean = Int(cleanLabels[index])
            let shift = 1 + rng.nextIndex(below: classes - 1)
            noisy.labels[index] = Int32((clean + shift) % classes)
        }
        noisy.corruptedIndices = Array(Set(corruptedIndices).union(victims)).sorted()
        var hasher = FNV1a()
        hasher.combine(digest)
        hasher.combine(noisy.labels)
        noisy.digest = hasher.value
        return noisy
    }
}

/// A `dataset` step: which images, how many, and how many labels are replaced at random.
///
/// ```yaml
/// source: fashion-mnist   # a named set (searched in $MINIMA_DATA, ./Data, /usr/share/datasets) or a folder of IDX .gz files
/// train: 10000            # class-balanced subset of the training split (all when absent)
/// test: 10000             # class-balanced subset of the test split (all when absent)
/// label_noise: 0.25       # fraction of training labels replaced by random labels
/// seed: 1                 # draws the subsets and the noisy labels
/// normalize: per_channel   # standardise each channel with the training split's mean and std (absent: pixels in [0, 1])
/// augment: {crop: 4, flip: true}  # every run trained on this set augments its batches (a train step's own augment wins)
/// ```
public struct DatasetSpec: Codable, Hashable, Sendable {
    public var source: String
    public var train: Int?
    public var test: Int?
    public var labelNoise: Double
    public var seed: UInt64
    /// How pixels are rescaled after loading; nil keeps them in [0, 1] (and the cache key as it was).
    public var normalize: Normalization?
    /// Augmentation of the training batches of every run on this set whose `train` step does not
    /// set its own; nil for none. It changes training, not the data, so it is resolved into each
    /// run's spec (``TrainSpec/resolvingAugment(from:)``) and left out of the data's identity.
    public var augment: AugmentSpec?

    /// `per_channel`: each channel standardised with the mean and (population) standard deviation
    /// of that channel over every pixel of the training split (after subsets and label noise);
    /// the test split uses the training split's numbers.
    public enum Normalization: String, Codable, Hashable, Sendable, CaseIterable {
        case perChannel = "per_channel"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, train, test, labelNoise = "label_noise", seed, normalize, augment
    }

    public init(source: String, train: Int? = nil, test: Int? = nil, labelNoise: Double = 0, seed: UInt64 = 0,
                normalize: Normalization? = nil, augment: AugmentSpec? = nil) {
        self.source = source
        self.train = train
        self.test = test
        self.labelNoise = labelNoise
        self.seed = seed
        self.normalize = normalize
        self.augment = augment
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        train = try c.decodeIfPresent(Int.self, forKey: .train)
        test = try c.decodeIfPresent(Int.self, forKey: .test)
        labelNoise = try c.decodeIfPresent(Double.self, forKey: .labelNoise) ?? 0
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
        normalize = try c.decodeEnum(Normalization.self, forKey: .normalize)
        augment = try c.decodeIfPresent(AugmentSpec.self, forKey: .augment)
        if let n = train, n < 10 { throw SpecError(message: "'train' must be at least 10 examples, found \(n)") }
        if let n = test, n < 10 { throw SpecError(message: "'test' must be at least 10 examples, found \(n)") }
        guard (0...1).contains(labelNoise) else {
            throw SpecError(message: "'label_noise' must be a fraction between 0 and 1, found \(labelNoise)")
        }
    }
}

extension DatasetSpec: StepBody {
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
    public var spec: StepSpec { .dataset(self) }
    public var references: [StepReference] { [] }
}

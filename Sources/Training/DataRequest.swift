import Foundation
import Synchronization

/// Where a data set comes from: a named set on disk or a generated one.
public enum DataSource: Codable, Hashable, Sendable {
    /// `fashion-mnist`, `mnist` (IDX files) or `cifar-10` (binary batches), found by ``DataRequest/locate(_:in:)``.
    case named(String)
    /// ``SyntheticData/gaussianBlobs(count:features:classes:spread:seed:)`` for both splits.
    case gaussianBlobs(features: Int, classes: Int, train: Int, test: Int, spread: Double)
    /// ``SyntheticData/randomTeacher(count:features:classes:seed:)`` for both splits.
    case randomTeacher(features: Int, classes: Int, train: Int, test: Int)
    /// ``SyntheticData/patterns(count:size:noise:seed:)`` (`size × size × 1` images) for both splits.
    case patterns(size: Int, train: Int, test: Int)
}

/// The training and test halves of a data set.
public struct DataSplit: Equatable, Sendable {
    /// The samples SGD trains on (possibly a subset, possibly with label noise).
    public var train: Dataset
    /// The held-out samples.
    public var test: Dataset

    /// A split from its halves.
    public init(train: Dataset, test: Dataset) {
        self.train = train
        self.test = test
    }
}

/// Everything that decides the numbers of a loaded data set: source, subset sizes, label noise, seed.
public struct DataRequest: Codable, Hashable, Sendable {
    /// Where the samples come from.
    public var source: DataSource
    /// Size of a class-balanced training subset; nil for the whole training split.
    public var trainSize: Int?
    /// Size of a class-balanced test subset; nil for the whole test split.
    public var testSize: Int?
    /// Fraction of training labels replaced by wrong random labels (0 for none).
    public var labelNoise: Double
    /// Seed of the data streams (subsets, noise, synthetic samples); independent of the run seed.
    public var seed: UInt64
    /// Whether both splits are standardised per channel with the training split's mean and
    /// standard deviation (``ChannelStatistics``), after subsets and label noise.
    public var normalizePerChannel: Bool

    /// A request; by default the full splits without noise, pixels as loaded.
    public init(source: DataSource, trainSize: Int? = nil, testSize: Int? = nil, labelNoise: Double = 0, seed: UInt64 = 0,
                normalizePerChannel: Bool = false) {
        self.source = source
        self.trainSize = trainSize
        self.testSize = testSize
        self.labelNoise = labelNoise
        self.seed = seed
        self.normalizePerChannel = normalizePerChannel
    }

    /// Directories searched for named sets, in order: each entry of `$MINIMA_DATA` (colon-separated),
    /// the `data/` folder beside each notebook this process reads (``registerNotebookFolder(_:)``),
    /// `./Data`, `/usr/share/datasets`.
    public static func defaultSearchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let fromEnvironment = environment["MINIMA_DATA"].map { $0.split(separator: ":").map(String.init) } ?? []
        let besideNotebooks = notebookDataFolders.withLock { $0 }
        return fromEnvironment + besideNotebooks + [FileManager.default.currentDirectoryPath + "/Data", "/usr/share/datasets"]
    }

    /// Adds `folder/data` to the search paths, so a notebook finds the data sets shipped beside it
    /// (the repository's `Notebooks/data/mnist`) wherever it is rendered from. Idempotent.
    public static func registerNotebookFolder(_ folder: String) {
        let path = URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent("data").standardizedFileURL.path
        notebookDataFolders.withLock { if !$0.contains(path) { $0.append(path) } }
    }

    private static let notebookDataFolders = Mutex<[String]>([])

    /// How a search path is named in messages that may reach a report: system folders as they
    /// are, the others by what put them there (no path of the user's machine).
    static func role(ofSearchPath path: String) -> String {
        if path.hasPrefix("/usr/") { return path }
        if path == FileManager.default.currentDirectoryPath + "/Data" { return "./Data" }
        if notebookDataFolders.withLock({ $0.contains(path) }) { return "the data/ folder beside the notebook" }
        return "$MINIMA_DATA"
    }

    /// The first `root/name` directory in `searchPaths` that exists.
    /// - Throws: ``DataError/unknownDataset(name:searched:)`` when there is none.
    public static func locate(_ name: String, in searchPaths: [String]) throws -> String {
        var isDirectory: ObjCBool = false
        for root in searchPaths {
            let candidate = "\(root)/\(name)"
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        throw DataError.unknownDataset(name: name, searched: searchPaths)
    }

    /// The path of IDX file `stem` in folder `root`: `stem.gz` unless only the uncompressed
    /// `stem` exists.
    static func idxFile(_ stem: String, in root: String) -> String {
        let gz = "\(root)/\(stem).gz"
        return FileManager.default.fileExists(atPath: gz) || !FileManager.default.fileExists(atPath: "\(root)/\(stem)")
            ? gz : "\(root)/\(stem)"
    }

    /// The sample shape and class count the named IDX set `name` would load with, read from the
    /// header of its training images (the file ``load(searchPaths:)`` reads, found the same
    /// way), without loading it: the checker follows a folder's shape through a model before
    /// anything trains. CIFAR sets have a fixed shape (``CIFARReader/shape``).
    /// - Returns: nil when the folder or the file is missing or its header is not that of IDX
    ///   images; loading reports those.
    /// - Complexity: O(1): 16 bytes of the file (decompressed from the start of a `.gz`).
    public static func probeShape(of name: String, searchPaths: [String] = DataRequest.defaultSearchPaths())
        -> (shape: TensorShape, classes: Int)? {
        if name.lowercased().hasPrefix("cifar") { return (CIFARReader.shape, 10) }
        guard let root = try? locate(name, in: searchPaths),
              let dimensions = try? IDXReader.header(idxFile("train-images-idx3-ubyte", in: root), magic: IDXReader.imageMagic)
        else { return nil }
        return (TensorShape(height: dimensions[1], width: dimensions[2], channels: 1), IDXReader.classes)
    }

    /// Loads, subsets and corrupts the data as requested. Subsets are drawn before label noise, so
    /// the noise fraction is exact on the training set used.
    /// - Throws: ``DataError`` for missing or malformed files and impossible requests.
    public func load(searchPaths: [String] = DataRequest.defaultSearchPaths()) throws -> DataSplit {
        var split = try loadSource(searchPaths: searchPaths)
        if let trainSize { split.train = try split.train.balancedSubset(trainSize, seed: seed) }
        if let testSize { split.test = try split.test.balancedSubset(testSize, seed: seed &+ 1) }
        if labelNoise > 0 { split.train = try split.train.withLabelNoise(fraction: labelNoise, seed: seed) }
        if normalizePerChannel { split = split.normalizedPerChannel() }
        return split
    }

    private func loadSource(searchPaths: [String]) throws -> DataSplit {
        switch source {
        case .named(let name) where name.lowercased().hasPrefix("cifar"):
            let root = try Self.locate(name, in: searchPaths)
            let nested = root + "/cifar-10-batches-bin"
            let directory = FileManager.default.fileExists(atPath: nested) ? nested : root
            return DataSplit(
                train: try CIFARReader.dataset(name: "\(name)/train", files: CIFARReader.trainingFiles(in: directory)),
                test: try CIFARReader.dataset(name: "\(name)/test", files: CIFARReader.testFiles(in: directory)))
        case .named(let name):
            let root = try Self.locate(name, in: searchPaths)
            return DataSplit(
                train: try IDXReader.dataset(name: "\(name)/train", images: Self.idxFile("train-images-idx3-ubyte", in: root),
                                             labels: Self.idxFile("train-labels-idx1-ubyte", in: root)),
                test: try IDXReader.dataset(name: "\(name)/test", images: Self.idxFile("t10k-images-idx3-ubyte", in: root),
                                            labels: Self.idxFile("t10k-labels-idx1-ubyte", in: root)))
        case .gaussianBlobs(let features, let classes, let train, let test, let spread):
            let all = SyntheticData.gaussianBlobs(count: train + test, features: features, classes: classes,
                                                  spread: spread, seed: seed)
            return halves(all, train: train, test: test)
        case .randomTeacher(let features, let classes, let train, let test):
            let all = SyntheticData.randomTeacher(count: train + test, features: features, classes: classes, seed: seed)
            return halves(all, train: train, test: test)
        case .patterns(let size, let train, let test):
            return halves(SyntheticData.patterns(count: train + test, size: size, seed: seed), train: train, test: test)
        }
    }

    private func halves(_ all: Dataset, train: Int, test: Int) -> DataSplit {
        var trainSet = all.selecting(Array(0..<train))
        var testSet = all.selecting(Array(train..<(train + test)))
        trainSet.name = all.name + "/train"
        testSet.name = all.name + "/test"
        return DataSplit(train: trainSet, test: testSet)
    }
}

import Foundation
import Testing
@testable import Runner

/// Slurm options from front-matter settings and flags.
@Suite("Slurm options")
struct SlurmOptionsTests {
    @Test("front-matter settings become options, and bad ones are errors naming the key")
    func settings() throws {
        let options = try SlurmOptions(settings: ["partition": "short", "time": "10", "cpus_per_task": "2",
                                                  "max_running": "5", "sbatch_args": "--account=lab  --qos=low",
                                                  "detach": "yes"])
        #expect(options == SlurmOptions(partition: "short", timeLimit: "10", cpusPerTask: 2, maxRunning: 5,
                                        extraArguments: ["--account=lab", "--qos=low"], detach: true))
        for (key, value) in [("cpus_per_task", "0"), ("max_running", "many"), ("detach", "maybe"), ("partitoin", "x")] {
            #expect {
                try SlurmOptions(settings: [key: value])
            } throws: { error in "\(error)".contains("'\(key)'") }
        }
    }

    @Test("flags win over front-matter settings; unset flags keep them")
    func merging() {
        let front = SlurmOptions(partition: "short", timeLimit: "10", cpusPerTask: 2, extraArguments: ["--account=lab"])
        let merged = front.merging(SlurmOptions(timeLimit: "20", extraArguments: ["--qos=low"], detach: true))
        #expect(merged == SlurmOptions(partition: "short", timeLimit: "20", cpusPerTask: 2,
                                       extraArguments: ["--account=lab", "--qos=low"], detach: true))
        #expect(front.merging(SlurmOptions()) == front)
    }
}

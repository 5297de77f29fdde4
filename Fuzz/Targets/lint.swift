// The whole check → lint pipeline on one spec: load, shape-check, materialize its data and run
// every lint rule (mirror rules too when it names another spec).
import Foundation
import NNSpecCommands
import NNSpecLint

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzScratch.file
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    _ = Check.run(paths: [path])
    _ = Linter(load: SpecPipeline.load).lint(paths: [path])
    return 0
}

enum FuzzScratch {
    /// A file inside the specs/ tree the seeds came from (set by Fuzz/run.sh), so their
    /// `extends:` and data paths resolve; one per process.
    static let file = (ProcessInfo.processInfo.environment["NNSPEC_FUZZ_SPECS"] ?? ".") + "/.fuzz-\(getpid()).yaml"
}

// The YAML front end and the decoder: any bytes as a spec, parsed, elaborated and shape-checked.
// `extends:` and data paths resolve against a scratch directory holding a copy of specs/base.
import Foundation
import NNSpecCommands

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = SpecPipeline.load(text: text, file: FuzzScratch.directory + "/spec.yaml")
    return 0
}

enum FuzzScratch {
    /// Where the specs/ tree the seeds were drawn from is reachable (set by Fuzz/run.sh).
    static let directory = ProcessInfo.processInfo.environment["NNSPEC_FUZZ_SPECS"] ?? FileManager.default.currentDirectoryPath
}

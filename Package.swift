// swift-tools-version:6.0
// The pipeline is the module graph: syntax → IR → data → plan / results → lint / runtime → diff / export → commands → CLI.
// A module only ever imports modules to its left.
import Foundation
import PackageDescription

// NNSpecNumerics is built -Ounchecked and, on x86-64 hosts, for the widest vector unit the
// host reports: AMD Zen 4 or later (AVX-512 with BF16) as `znver4`, where a GEMM panel is one
// 512-bit register and broadcasts fold into the multiplies (~1.15× AVX2 on this project's
// Zen 4); otherwise AVX2 (Haswell / Zen and later) as `haswell`, 256-bit registers, ~2× the
// baseline. Results are bit-identical to a baseline SSE2 build (the kernels never fuse
// multiply–adds, and LLVM never contracts without fast-math). `NNSPEC_PORTABLE=1 swift build`
// gives the baseline build, and so does a host whose CPU reports neither, so a build never
// produces a binary its machine can't run.
#if arch(x86_64) && os(Linux)
let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
let portable = Context.environment["NNSPEC_PORTABLE"] != nil
let hostIsZen4 = cpuinfo.contains("AuthenticAMD") && cpuinfo.contains(" avx512f") && cpuinfo.contains(" avx512_bf16")
    && cpuinfo.contains(" avx512vl") && cpuinfo.contains(" avx512bw") && cpuinfo.contains(" avx512dq")
let numericsTarget: String? = portable ? nil : (hostIsZen4 ? "znver4" : (cpuinfo.contains(" avx2") ? "haswell" : nil))
#else
let numericsTarget: String? = nil
#endif
// -fno-math-errno: Swift's `squareRoot()` is C's sqrt from an inline shim; with errno semantics
// each lane becomes a branch around a libm call instead of one vector square root (same value).
// NNSPEC_AVX512 (znver4 only) marks a target with AVX-512's 32 vector registers: the streaming
// weight-gradient tile needs them (GEMMStream.swift), and GEMMNarrow.swift uses AVX-512 intrinsics.
let numericsFlags = ["-Ounchecked", "-Xcc", "-fno-math-errno"] + (numericsTarget.map { ["-target-cpu", $0, "-DNNSPEC_WIDE_SIMD"] } ?? [])
    + (numericsTarget == "znver4" ? ["-DNNSPEC_AVX512"] : [])

let package = Package(
    name: "nnspec",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnspec", targets: ["nnspec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libyaml, found through pkg-config; Debian/Ubuntu: apt-get install libyaml-dev.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        // zlib, found through pkg-config, for gzip-compressed data files (MNIST's .gz);
        // Debian/Ubuntu: apt-get install zlib1g-dev. Foundation has no gzip on Linux.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // YAML → node tree with file:line:col, and the diagnostic values every later stage emits.
        .target(name: "NNSpecSyntax", dependencies: ["CYAML"]),
        // Dense float kernels and the NumPy-compatible RNG; knows nothing of specs.
        .target(name: "NNSpecNumerics", dependencies: ["CPrefetch"], swiftSettings: [.unsafeFlags(numericsFlags)]),
        // A software prefetch hint for the numerics kernels (Swift has none).
        .target(name: "CPrefetch"),
        // Typed spec, conventions, elaboration with origins, canonical printer.
        .target(name: "NNSpecIR", dependencies: ["NNSpecSyntax"]),
        // Materializes the data a spec describes: generators, files, preprocessing, splits.
        .target(name: "NNSpecData", dependencies: ["NNSpecIR", "NNSpecNumerics", "CZlib"]),
        // A spec lowered once against its data's shapes: tensors, loss, penalties, batches.
        .target(name: "NNSpecPlan", dependencies: ["NNSpecIR", "NNSpecData"]),
        // The results file: its model, its JSON writer and its reader (run writes it, diff reads it).
        .target(name: "NNSpecResults", dependencies: ["NNSpecSyntax", "NNSpecIR"]),
        // The interpreter: executes a plan as the named convention would.
        .target(name: "NNSpecRuntime", dependencies: ["NNSpecIR", "NNSpecData", "NNSpecPlan", "NNSpecResults", "NNSpecNumerics"]),
        // Charts as plain SVG: axes, ticks, series styles, level curves; knows nothing of specs.
        .target(name: "NNSpecPictures"),
        // Pitfalls of one spec and mismatches between specs, read from their plans.
        .target(name: "NNSpecLint", dependencies: ["NNSpecIR", "NNSpecData", "NNSpecPlan"]),
        // Two specs compared in meaning (reads lint's analyses), and two results files compared.
        .target(name: "NNSpecDiff", dependencies: ["NNSpecSyntax", "NNSpecIR", "NNSpecData", "NNSpecPlan", "NNSpecResults", "NNSpecLint"]),
        // A spec rendered as a runnable Keras / scikit-learn / PyTorch script.
        .target(name: "NNSpecExport", dependencies: ["NNSpecSyntax", "NNSpecIR", "NNSpecData", "NNSpecPlan", "NNSpecResults"]),
        // What each CLI command does, as library calls tests can reach: glue over the engines.
        .target(name: "NNSpecCommands", dependencies: ["NNSpecSyntax", "NNSpecIR", "NNSpecData", "NNSpecPlan", "NNSpecResults", "NNSpecRuntime", "NNSpecLint", "NNSpecDiff", "NNSpecExport", "NNSpecPictures"]),
        .executableTarget(name: "nnspec", dependencies: [
            "NNSpecCommands", "NNSpecExport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nnspec-bench", dependencies: ["NNSpecNumerics", "NNSpecRuntime", "NNSpecIR", "NNSpecData"], path: "Benchmarks/nnspec-bench"),

        .testTarget(name: "NNSpecSyntaxTests", dependencies: ["NNSpecSyntax"]),
        .testTarget(name: "NNSpecNumericsTests", dependencies: ["NNSpecNumerics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNSpecIRTests", dependencies: ["NNSpecIR", "NNSpecSyntax"]),
        .testTarget(name: "NNSpecDataTests", dependencies: ["NNSpecData", "NNSpecIR", "NNSpecSyntax", "NNSpecNumerics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNSpecRuntimeTests", dependencies: ["NNSpecRuntime", "NNSpecPlan", "NNSpecData", "NNSpecIR", "NNSpecNumerics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNSpecCommandsTests", dependencies: ["NNSpecCommands", "NNSpecPlan", "NNSpecResults", "NNSpecDiff", "NNSpecExport", "NNSpecPictures", "CZlib", "NNSpecLint", "NNSpecIR", "NNSpecSyntax", "NNSpecData", "NNSpecRuntime", "NNSpecNumerics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNSpecPicturesTests", dependencies: ["NNSpecPictures"]),
        .testTarget(name: "NNSpecLintTests", dependencies: ["NNSpecLint", "NNSpecPlan", "NNSpecData", "NNSpecIR", "NNSpecSyntax"]),
        // The five experiments run from specs/ through the library: the claims each must show.
        .testTarget(name: "ExperimentTests", dependencies: ["NNSpecCommands", "NNSpecRuntime", "NNSpecData", "NNSpecIR"]),
    ]
)

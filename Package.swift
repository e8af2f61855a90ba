// swift-tools-version:6.0
// rite-repro: reproduces "LoRA Done RITE" (transformation-invariant LoRA optimization) on one machine.
// Targets and their one-way dependencies are described in README.md ("Layout").
import Foundation
import PackageDescription

/// Hot numerical targets are compiled with optimisation even in debug builds, so `swift test`
/// exercises the same code paths at a usable speed. Bit-identity is per build configuration.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// LinearAlgebra is generic over Float and Double. Without cross-module optimisation, its element
/// loops (`isFinite`, `transposed`, `map`, conversions, the checks inside `thinQR`) run unspecialised
/// through witness tables when other targets call them: measured about 100 times slower.
let crossModuleOptimized: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"])]

/// On x86-64 the numerical targets are compiled for CPUs with AVX2 and FMA (`-target-cpu
/// haswell`, 2013 on): Swift's default baseline is SSE2, where the element-wise kernels' SIMD8
/// vectors take two registers per operation. The instructions change, not the arithmetic: no
/// product and sum are fused, so the numbers are those of a baseline build. `RITE_TARGET_CPU`
/// overrides the choice at build time (`RITE_TARGET_CPU=x86-64 swift build` runs on any x86-64
/// CPU); the command line refuses to start on a CPU without the instructions it was built for.
let targetCPU: String? = {
    #if arch(x86_64)
    let chosen = ProcessInfo.processInfo.environment["RITE_TARGET_CPU"] ?? "haswell"
    return chosen.isEmpty ? nil : chosen
    #else
    return nil
    #endif
}()
let forTargetCPU: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []
/// Lets the command line check, before any numerical code runs, that the CPU has what was compiled in.
let targetCPUCheck: [SwiftSetting] = targetCPU == "haswell" ? [.define("RITE_BUILT_FOR_AVX2_FMA")] : []

let package = Package(
    name: "rite-repro",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rite-repro", targets: ["rite-repro"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "RiteCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: optimizedInDebug),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: optimizedInDebug + crossModuleOptimized + forTargetCPU),
        .target(name: "Optimizers", dependencies: ["LinearAlgebra", "RiteCore"], swiftSettings: optimizedInDebug + forTargetCPU),
        .target(name: "Model", dependencies: ["LinearAlgebra", "RiteCore"], swiftSettings: optimizedInDebug + forTargetCPU),
        .target(name: "Tasks", dependencies: ["RiteCore"], swiftSettings: optimizedInDebug),
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), "RiteCore", "CZlib"]),
        .target(
            name: "Training",
            dependencies: ["Optimizers", "Model", "Tasks", "LinearAlgebra", "RiteCore"],
            swiftSettings: optimizedInDebug
        ),
        .target(
            name: "Sweep",
            dependencies: ["Training", "Optimizers", "Model", "Tasks", "Store", "RiteCore", "Yams"],
            swiftSettings: optimizedInDebug
        ),
        // Report reads Optimizers' factory table for each optimizer's display name, order and step cost.
        .target(name: "Report", dependencies: ["Store", "Optimizers", "RiteCore"]),
        .target(name: "Reproduction", dependencies: ["Sweep", "Report", "Store"]),
        .executableTarget(
            name: "rite-repro",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "RiteCore", "LinearAlgebra", "Optimizers", "Model", "Tasks", "Store", "Training", "Sweep", "Report", "Reproduction",
            ],
            swiftSettings: targetCPUCheck
        ),
        // Naive Double references (dense matrices, decompositions, a seeded generator) that test targets
        // share; independent of every target under test, and depended on by test targets only.
        .target(name: "NaiveReferences", path: "Tests/NaiveReferences"),
        .testTarget(name: "RiteCoreTests", dependencies: ["RiteCore"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "NaiveReferences"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "LinearAlgebra", "NaiveReferences"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "LinearAlgebra", "RiteCore"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "RiteCore"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "RiteCore"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Model", "Optimizers", "Tasks", "LinearAlgebra", "RiteCore"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Training", "RiteCore"]),
        .testTarget(name: "ReproductionTests", dependencies: ["Reproduction", "Sweep", "Store"]),
        // ReportTests also sweep a user's tiny experiment for real (UserExperimentSweepTests).
        .testTarget(name: "ReportTests", dependencies: ["Report", "Sweep", "Training", "Store", "Model", "Optimizers", "Tasks", "RiteCore"],
                    exclude: ["Golden"]),
    ]
)

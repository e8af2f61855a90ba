import Foundation
import LinearAlgebra
import Testing

@Suite struct BLASKernelChoiceTests {
    static let avx512: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test func onlyTheGenericFallbackIsOverriddenAndOnlyWithFlagsTheCPUHas() {
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: Self.avx512, userSetting: nil) == "SkylakeX")
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: ["avx", "avx2", "fma"], userSetting: nil) == "Haswell")
        // AVX-512 foundation without the rest of the SkylakeX set (Xeon Phi style) is not enough.
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: ["avx2", "fma", "avx512f", "avx512cd"], userSetting: nil)
            == "Haswell")
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: ["sse3", "avx"], userSetting: nil) == nil)
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: [], userSetting: nil) == nil)
        // A recognised CPU keeps OpenBLAS's own choice; a user's setting always wins.
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Haswell", cpuFlags: Self.avx512, userSetting: nil) == nil)
        #expect(BLASKernelChoice.preferredCore(loadedCore: "SkylakeX", cpuFlags: Self.avx512, userSetting: nil) == nil)
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: Self.avx512, userSetting: "Prescott") == nil)
        #expect(BLASKernelChoice.preferredCore(loadedCore: "Prescott", cpuFlags: Self.avx512, userSetting: "") == nil)
    }

    @Test func flagsAreReadFromTheFirstProcessor() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UUID().uuidString)").path
        try """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse3 avx2 fma avx512f
            processor\t: 1
            flags\t\t: fpu other
            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(BLASKernelChoice.cpuFlags(cpuinfo: path) == ["fpu", "sse3", "avx2", "fma", "avx512f"])
        try "processor : 0\nFeatures : fp asimd sve\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(BLASKernelChoice.cpuFlags(cpuinfo: path) == ["fp", "asimd", "sve"])
        #expect(BLASKernelChoice.cpuFlags(cpuinfo: path + "-missing").isEmpty)
    }
}

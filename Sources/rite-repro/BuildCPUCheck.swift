import Foundation

/// The x86-64 build compiles its numerical targets for AVX2 and FMA (Package.swift,
/// `RITE_TARGET_CPU`). On a CPU without them the first SIMD kernel would stop the process with an
/// illegal instruction; this check, compiled for the baseline, says so in words first. It reads
/// the CPU flags itself (not through the numerical targets) and lets an unknown system through.
enum BuildCPUCheck {
    static let required: Set<String> = {
        #if RITE_BUILT_FOR_AVX2_FMA
        ["avx2", "fma"]
        #else
        []
        #endif
    }()

    /// The instructions the build needs that the flags lack; nil when the flags are unknown.
    static func missing(cpuFlags: Set<String>?) -> [String]? {
        guard let cpuFlags, !cpuFlags.isEmpty else { return nil }
        let lacking = required.subtracting(cpuFlags).sorted()
        return lacking
    }

    static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String>? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return nil
    }

    /// Exits with status 1 and a message when this CPU lacks what the build needs.
    static func exitIfUnsupported() {
        guard !required.isEmpty, let lacking = missing(cpuFlags: cpuFlags()), !lacking.isEmpty else { return }
        FileHandle.standardError.write(Data(("rite-repro: this build needs a CPU with \(lacking.joined(separator: ", ")) "
            + "(it was compiled with -target-cpu haswell); rebuild with RITE_TARGET_CPU=x86-64 swift build -c release\n").utf8))
        exit(1)
    }
}

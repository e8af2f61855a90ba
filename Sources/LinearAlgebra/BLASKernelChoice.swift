import COpenBLAS
import Foundation

/// Choosing OpenBLAS's kernels when it does not recognise the CPU.
///
/// Why: OpenBLAS picks its kernels when it is loaded, from the CPU's model number. A CPU it does
/// not know (a newer model, or one a virtual machine reports only as "Intel(R) Xeon(R)
/// Processor") gets its generic `Prescott` (SSE3) kernels even when it has AVX-512: on such a
/// machine sgemm measured 20-29 GFLOP/s with them and about 142 with `SkylakeX`, and a training
/// step of the tiny preset went from 104 ms to about 30-43 ms. The choice is made before the
/// library loads (`OPENBLAS_CORETYPE`), so the command line re-executes itself once with it set.
///
/// Only the generic fallback is overridden, only with a kernel family whose instructions the
/// kernel's CPU flags list, and never when the user has set `OPENBLAS_CORETYPE` (set it to
/// `Prescott` to keep the fallback). The choice depends on the machine alone, so runs on one
/// machine stay bit-identical to each other.
public enum BLASKernelChoice {
    /// The environment variable OpenBLAS reads when it loads.
    public static let variable = "OPENBLAS_CORETYPE"

    /// The kernel family to ask for, or nil to keep what OpenBLAS chose.
    /// - Parameters:
    ///   - loadedCore: the family OpenBLAS chose (`BLASRuntime.coreName`);
    ///   - cpuFlags: the CPU's feature flags as the operating system lists them, read only when
    ///     OpenBLAS fell back and the user set nothing (so a normal start reads no file);
    ///   - userSetting: the value of `OPENBLAS_CORETYPE`, if any.
    public static func preferredCore(loadedCore: String, cpuFlags: @autoclosure () -> Set<String>, userSetting: String?) -> String? {
        guard userSetting == nil, loadedCore.lowercased() == "prescott" else { return nil }
        let flags = cpuFlags()
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The first processor's flags from `/proc/cpuinfo` (x86: `flags`, AArch64: `Features`);
    /// empty where the file does not exist.
    public static func cpuFlags(cpuinfo path: String = "/proc/cpuinfo") -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") || line.hasPrefix("Features") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// Re-executes this process with `OPENBLAS_CORETYPE` set when `preferredCore` asks for a
    /// family; returns (and the process goes on with the loaded kernels) when it does not, or when
    /// the re-execution fails. Call it first thing in `main`, before any other thread starts.
    public static func reexecuteWithPreferredCoreIfNeeded() {
        let user = ProcessInfo.processInfo.environment[variable]
        guard let core = preferredCore(loadedCore: BLASRuntime.coreName, cpuFlags: cpuFlags(), userSetting: user) else { return }
        setenv(variable, core, 1)
        var arguments: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv("/proc/self/exe", &arguments)
        // Only reached if execv failed: go on with the generic kernels rather than stop.
        unsetenv(variable)
    }
}

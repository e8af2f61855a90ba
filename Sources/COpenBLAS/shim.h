// OpenBLAS (CBLAS interface, thread control) and LAPACKE, as packaged by Debian:
// libopenblas-dev puts cblas.h on the include path that pkg-config reports for "openblas";
// liblapacke-dev puts lapacke.h in /usr/include.
#include <cblas.h>
#include <lapacke.h>

// The calling thread's floating-point control register, for flushing subnormal numbers to zero
// (see LinearAlgebra/FloatingPointEnvironment.swift). x86-64: MXCSR, FTZ is bit 15 and DAZ bit 6.
// AArch64: FPCR, FZ is bit 24 (it flushes both results and inputs). Elsewhere: no flush bits.
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
static inline unsigned long long rite_fp_control_get(void) { return (unsigned long long)_mm_getcsr(); }
static inline void rite_fp_control_set(unsigned long long value) { _mm_setcsr((unsigned int)value); }
static inline unsigned long long rite_fp_control_flush_bits(void) { return 0x8040ULL; }
#elif defined(__aarch64__)
static inline unsigned long long rite_fp_control_get(void) {
    unsigned long long value;
    __asm__ volatile("mrs %0, fpcr" : "=r"(value));
    return value;
}
static inline void rite_fp_control_set(unsigned long long value) { __asm__ volatile("msr fpcr, %0" : : "r"(value)); }
static inline unsigned long long rite_fp_control_flush_bits(void) { return 1ULL << 24; }
#else
static inline unsigned long long rite_fp_control_get(void) { return 0; }
static inline void rite_fp_control_set(unsigned long long value) { (void)value; }
static inline unsigned long long rite_fp_control_flush_bits(void) { return 0; }
#endif

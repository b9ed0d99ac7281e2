#include <cblas.h>

/* CPU features that decide which OpenBLAS kernel family Minima runs (Kernels+Parallel.swift):
   1 when the CPU and the operating system support the instructions, else 0. */
#if defined(__x86_64__)
#include <cpuid.h>

/* The register state the OS saves (XCR0), or 0 without OSXSAVE. */
static inline unsigned long long minima_xcr0(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

/* AVX2 and FMA with YMM state saved: OpenBLAS's Haswell kernels. */
static inline int minima_cpu_has_avx2(void) {
    unsigned a, b, c, d;
    if ((minima_xcr0() & 0x6) != 0x6) return 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 12))) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 5)) != 0;
}

/* AVX-512 F, DQ, CD, BW and VL with opmask and ZMM state saved: OpenBLAS's SkylakeX kernels. */
static inline int minima_cpu_has_avx512(void) {
    unsigned a, b, c, d;
    if ((minima_xcr0() & 0xE6) != 0xE6 || !minima_cpu_has_avx2()) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    unsigned need = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
    return (b & need) == need;
}
#else
static inline int minima_cpu_has_avx2(void) { return 0; }
static inline int minima_cpu_has_avx512(void) { return 0; }
#endif

#pragma once
// Runtime dispatch of the element-wise update kernels (private to src/optimizers). A build for
// other machines (OPTBENCH_NATIVE=OFF: the Debian package, CI) targets baseline x86-64, whose
// SSE2 vectors hold two doubles. There GCC's target_clones compiles each kernel twice, for
// baseline x86-64 and for AVX2 (four doubles), and the dynamic loader picks the clone for the CPU
// once (an ifunc): 2x on the in-cache updates, as fast as -march=native (BENCHMARKS.md, "Packaged
// kernels"). The files are compiled with -ffp-contract=off (cmake/kernel_dispatch.cmake), so that
// no clone contracts a multiply-add into an FMA: every clone computes the baseline's numbers bit
// for bit, and a run gives the same numbers on any CPU. No AVX-512 clone: it could not be
// measured here, and the kernels past the caches are bound by memory, not vector width. Empty
// where CMake does not ask for it (OPTBENCH_KERNEL_CLONES: -march=native builds vectorise for
// their CPU anyway), for clang and for other CPUs.

#if defined(OPTBENCH_KERNEL_CLONES) && defined(__GNUC__) && !defined(__clang__) && \
    defined(__x86_64__)
#define OPTBENCH_KERNEL_TARGETS __attribute__((target_clones("default", "avx2")))
#else
#define OPTBENCH_KERNEL_TARGETS
#endif

namespace optbench::detail {

/// Runs `kernel()`, an optimizer's update loop inlined into it, in the clone for this CPU.
template <typename Kernel>
OPTBENCH_KERNEL_TARGETS void run_kernel(const Kernel& kernel) {
  kernel();
}

}  // namespace optbench::detail

/* CPU-bound C kernels for the macro benchmarks. kernels.c is built once per kind of
 * instrumentation (plain, Deep, XRay, SanitizerCoverage, source coverage); driver.c, built
 * plain, times them. Each kernel returns a checksum, the same in every build. */
#ifndef KERNELS_H
#define KERNELS_H

#include <stdint.h>

uint64_t kernel_sort(int count, uint64_t seed);
uint64_t kernel_hash_map(int words, int vocabulary);
uint64_t kernel_slugs(int lines);
uint64_t kernel_interpreter(int iterations);
uint64_t kernel_matrix(int size);
/* One probed line per step, a recurrence the optimiser cannot vectorise: the line the probe
 * hit benchmarks set tracepoints on (marked `bench: c-loop`). */
uint64_t probe_loop(int count, uint64_t seed);

#endif

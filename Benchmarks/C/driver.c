/* Times each kernel of kernels.c: `driver SECONDS` runs each for about SECONDS and prints
 * one line per kernel: name, median nanoseconds per run, checksum. Built plain; only
 * kernels.c carries the instrumentation under measurement.
 *
 * `driver probe-loop` prints the median nanoseconds per step of `probe_loop` instead, after
 * giving the runtime time to install what the tracepoints file in the current directory
 * sets (the probe hit benchmarks). */
#define _POSIX_C_SOURCE 199309L
#include "kernels.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t run(int kernel) {
    switch (kernel) {
    case 0: return kernel_sort(20000, 42);
    case 1: return kernel_hash_map(20000, 2000);
    case 2: return kernel_slugs(4000);
    case 3: return kernel_interpreter(20000);
    default: return kernel_matrix(96);
    }
}

static const char *const names[] = {"sort", "hash map", "string processing", "bytecode interpreter", "matrix"};

static int64_t now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec;
}

static int compare(const void *left, const void *right) {
    int64_t a = *(const int64_t *)left, b = *(const int64_t *)right;
    return (a > b) - (a < b);
}

static int64_t samples[100000];

/* The median of `count` samples. */
static int64_t median(int count) {
    qsort(samples, (size_t)count, sizeof *samples, compare);
    return samples[count / 2];
}

static int probe_loop_per_step(void) {
    const struct timespec settle = {0, 300000000};
    nanosleep(&settle, NULL);
    enum { steps = 1000, runs = 2000 };
    static volatile uint64_t sink;
    for (int run = 0; run < runs; run++) {
        int64_t start = now();
        sink = probe_loop(steps, (uint64_t)run);
        samples[run] = now() - start;
    }
    (void)sink;
    printf("%.2f\n", (double)median(runs) / steps);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "probe-loop") == 0) return probe_loop_per_step();
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    static volatile uint64_t sink; /* keeps each run's result */
    for (int kernel = 0; kernel < 5; kernel++) {
        uint64_t checksum = run(kernel);
        int count = 0;
        int64_t end = now() + (int64_t)(seconds * 1e9);
        while (count < 100000 && (count < 5 || now() < end)) {
            int64_t start = now();
            sink = run(kernel);
            samples[count++] = now() - start;
        }
        (void)sink;
        printf("%s\t%" PRId64 "\t%" PRIu64 "\n", names[kernel], median(count), checksum);
    }
    return 0;
}

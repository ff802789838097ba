/* The SanitizerCoverage yardstick's callbacks: empty, so the build measures only the
 * call at every edge that -fsanitize-coverage=trace-pc-guard inserts. */
#include <stdint.h>

void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop) {
    (void)start;
    (void)stop;
}

void __sanitizer_cov_trace_pc_guard(uint32_t *guard) {
    (void)guard;
}

#define _GNU_SOURCE
#include "deep_runtime.h"

#include <execinfo.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Defined by the linker when at least one object file has a `deep_probes` section;
 * weak, so a program without instrumented code still links. */
extern const uint64_t __start_deep_probes[] __attribute__((weak, visibility("hidden")));
extern const uint64_t __stop_deep_probes[] __attribute__((weak, visibility("hidden")));

const uint64_t *deep_records_begin(void) { return __start_deep_probes; }
const uint64_t *deep_records_end(void) { return __stop_deep_probes; }

/* Implemented in Swift (Deep/Deep.swift). */
extern void deep_runtime_autostart(void);

/* Implemented in Swift by DeepGRPC; weak, so the runtime links without it (the embedded
 * mode, and the DeepRuntime library for C programs). */
extern void *deep_grpc_configuration(void) __attribute__((weak));

void *deep_fleet_configuration(void) {
    return deep_grpc_configuration ? deep_grpc_configuration() : NULL;
}

int deep_fleet_linked(void) { return deep_grpc_configuration != NULL; }

/* Runs before `main`, so the tracepoints file applies from the program's first line. */
__attribute__((constructor)) static void deep_runtime_constructor(void) {
    deep_runtime_autostart();
}

int deep_backtrace(void **buffer, int size) { return backtrace(buffer, size); }

long deep_thread_id(void) { return (long)syscall(SYS_gettid); }

void deep_thread_name(char *buffer, size_t size) {
    if (size == 0) return;
    buffer[0] = 0;
    if (pthread_getname_np(pthread_self(), buffer, size) != 0) buffer[0] = 0;
}

void deep_set_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }

#define _GNU_SOURCE
#include "deep_runtime.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* Defined by the linker when at least one object file has a `deep_probes` section;
 * weak, so a program without instrumented code still links. */
extern const uint64_t __start_deep_probes[] __attribute__((weak, visibility("hidden")));
extern const uint64_t __stop_deep_probes[] __attribute__((weak, visibility("hidden")));

const uint64_t *deep_records_begin(void) { return __start_deep_probes; }
const uint64_t *deep_records_end(void) { return __stop_deep_probes; }

/* Implemented in Swift (Deep/Deep.swift, Deep/Probe/CProbeEntryPoints.swift). */
extern void deep_runtime_autostart(void);
extern void deep_register_image(const void *begin, const void *end);

/* Each instrumented C file's constructor (deep_probe.h). Records in the runtime's own image
 * are read when the runtime starts, so they need no Swift here, and must not get it where
 * the runtime is linked statically: the file's constructor then runs before the Swift
 * runtime's own (its hashing seed, its metadata), and Swift code run that early misbehaves. */
void deep_c_register_image(const void *begin, const void *end) {
    if (begin == NULL || begin == (const void *)__start_deep_probes) return;
    deep_register_image(begin, end);
}

/* Implemented in Swift by DeepGRPC; weak, so the runtime links without it (the embedded
 * mode, and the DeepRuntime library for C programs). */
extern void *deep_grpc_configuration(void) __attribute__((weak));

void *deep_fleet_configuration(void) {
    return deep_grpc_configuration ? deep_grpc_configuration() : NULL;
}

int deep_fleet_linked(void) { return deep_grpc_configuration != NULL; }

/* Once loaded, the runtime stays: its thread runs its code, so a `dlclose` of the library
 * that brought it in (an instrumented plugin) must not unmap it. */
static void deep_pin_runtime(void) {
    Dl_info info;
    if (dladdr((void *)deep_pin_runtime, &info) != 0 && info.dli_fname != NULL) {
        dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    }
}

/* Runs before `main`, so the tracepoints file applies from the program's first line. In a
 * static link this object comes last (deep-config --libs --static), so that it runs after
 * the constructors of the Swift libraries it starts. */
static void deep_thread_forget(void);

__attribute__((constructor)) static void deep_runtime_constructor(void) {
    deep_pin_runtime();
    pthread_atfork(NULL, NULL, deep_thread_forget);
    deep_runtime_autostart();
}

int deep_backtrace(void **buffer, int size) { return backtrace(buffer, size); }

int deep_read_memory(uint64_t address, void *buffer, size_t size) {
    struct iovec local = {buffer, size};
    struct iovec remote = {(void *)(uintptr_t)address, size};
    return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)size ? 0 : -1;
}

/* What deep_thread_identity keeps for the calling thread; id 0 until first asked. */
static _Thread_local struct {
    long id;
    uint64_t named_at;
    char name[16];
} deep_thread;

long deep_thread_identity(char name[16], uint64_t now) {
    if (deep_thread.id == 0) deep_thread.id = (long)syscall(SYS_gettid);
    if (deep_thread.named_at == 0 || now - deep_thread.named_at >= 1000000000ull) {
        if (prctl(PR_GET_NAME, deep_thread.name) != 0) deep_thread.name[0] = 0;
        deep_thread.name[15] = 0;
        deep_thread.named_at = now ? now : 1;
    }
    memcpy(name, deep_thread.name, sizeof deep_thread.name);
    return deep_thread.id;
}

/* A forked child's thread is a new kernel thread with the forking thread's cache. */
static void deep_thread_forget(void) { deep_thread.id = 0; deep_thread.named_at = 0; }

void deep_set_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }

int deep_join_thread_until(pthread_t thread, const struct timespec *deadline) {
    return pthread_timedjoin_np(thread, NULL, deadline);
}

static int deep_loader_counts_of_first(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    unsigned long long *counts = data;
    counts[0] = info->dlpi_adds;
    counts[1] = info->dlpi_subs;
    return 1;
}

void deep_loader_counts(unsigned long long *loads, unsigned long long *unloads) {
    unsigned long long counts[2] = {0, 0};
    dl_iterate_phdr(deep_loader_counts_of_first, counts);
    *loads = counts[0];
    *unloads = counts[1];
}

static int deep_image_holds(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    uintptr_t address = *(uintptr_t *)data;
    for (int index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[index];
        uintptr_t start = info->dlpi_addr + segment->p_vaddr;
        if (segment->p_type == PT_LOAD && address >= start && address - start < segment->p_memsz) return 1;
    }
    return 0;
}

int deep_address_is_loaded(const void *address) {
    uintptr_t value = (uintptr_t)address;
    return dl_iterate_phdr(deep_image_holds, &value);
}

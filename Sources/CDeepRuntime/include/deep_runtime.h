/*
 * The C part of the Deep runtime: what Swift cannot express.
 */
#ifndef DEEP_RUNTIME_H
#define DEEP_RUNTIME_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Bounds of the `deep_probes` section of the image this runtime is linked into. Both are
 * NULL when no instrumented file is linked. */
const uint64_t *deep_records_begin(void);
const uint64_t *deep_records_end(void);

/* Writes up to `size` return addresses of the calling thread's stack, innermost first, and
 * returns how many. Uses the unwind tables (glibc's backtrace), so frames without a frame
 * pointer (C built with -O2) are walked correctly. */
int deep_backtrace(void **buffer, int size);

/* Copies `size` bytes of this process's memory at `address` into `buffer` with
 * process_vm_readv: memory that is not mapped or not readable fails the copy (returns -1)
 * instead of faulting. Returns 0 when every byte was copied. */
int deep_read_memory(uint64_t address, void *buffer, size_t size);

/* Returns the calling thread's kernel id and writes its name (empty when unnamed) into
 * `name`, NUL-terminated. Both are kept per thread, so that a hit normally makes no system
 * call for them (each costs a few hundred nanoseconds): the id never changes, and the name
 * is read again once `now` (monotonic nanoseconds) is a second past the last read. */
long deep_thread_identity(char name[16], uint64_t now);

/* Fleet mode's configuration (a retained `Deep.ConfigurationBox`) when DeepGRPC is linked in
 * and `DEEP_SERVICE_URL` is set; NULL otherwise. */
void *deep_fleet_configuration(void);

/* Whether DeepGRPC is linked in. */
int deep_fleet_linked(void);

/* Names the calling thread (at most 15 characters show). */
void deep_set_thread_name(const char *name);

/* Joins `thread` if it ends before `deadline` (CLOCK_REALTIME) and returns 0; otherwise
 * returns ETIMEDOUT and the thread runs on (pthread_timedjoin_np, a GNU extension). */
int deep_join_thread_until(pthread_t thread, const struct timespec *deadline);

/* How many images the dynamic loader has loaded and unloaded since the process started
 * (dl_iterate_phdr's dlpi_adds and dlpi_subs): a change means dlopen or dlclose ran. */
void deep_loader_counts(unsigned long long *loads, unsigned long long *unloads);

/* Whether `address` lies in a loaded segment of a loaded image. */
int deep_address_is_loaded(const void *address);

#endif /* DEEP_RUNTIME_H */

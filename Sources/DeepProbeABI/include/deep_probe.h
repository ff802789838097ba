/*
 * deep_probe.h: the probe ABI shared by instrumented code and the Deep runtime.
 *
 * Every instrumented source file carries one *probe record*: an array of 64-bit words
 * placed in the linker section `deep_probes`. The linker concatenates the records of all
 * files, and the runtime walks them from `__start_deep_probes` to `__stop_deep_probes`
 * at start, so no code runs when a file is loaded and nothing registers itself.
 *
 *   word 0                 DEEP_RECORD_MAGIC
 *   word 1                 path length in bytes (low 32 bits) | bitmap words (high 32 bits)
 *   word 2                 DEEP_RECORD_VERSION (low 16 bits) | language (bits 16..23)
 *   words 3 ..             the original file path, UTF-8, zero-padded to whole words
 *   then `bitmap words`    probe map: bit L is set when line L has a probe (constant)
 *   then `bitmap words`    enabled map: bit L is set while a tracepoint is on line L
 *
 * A record is all integers so it can be a constant, statically initialised global in
 * both Swift (`@section`) and C. Later versions append words after the enabled map (for
 * example slots for function entry/exit probes) and raise DEEP_RECORD_VERSION; readers
 * skip records they do not understand.
 *
 * The hot path
 * ------------
 * A disabled probe is `deep_probe_enabled(record, word, mask)` in a branch condition:
 * the compiler inlines it into one relaxed load of the enabled word, a test against a
 * constant mask and a conditional jump that is not taken (x86-64: `mov; test; je`).
 * The word index and the mask are constants the instrumenter computes from the line.
 * Everything else (which tracepoint, its condition, capture) happens behind the branch.
 * Only the runtime writes enabled words, after it has published the tracepoint table
 * they refer to; a hit re-checks that table, so a bit seen late or early is harmless.
 */
#ifndef DEEP_PROBE_H
#define DEEP_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "DEEPREC1" read as a little-endian 64-bit integer. */
#define DEEP_RECORD_MAGIC 0x3143455250454544ULL
#define DEEP_RECORD_VERSION 1
#define DEEP_RECORD_HEADER_WORDS 3
#define DEEP_RECORD_SECTION "deep_probes"

enum deep_language {
    DEEP_LANGUAGE_SWIFT = 1,
    DEEP_LANGUAGE_C = 2,
};

/* Layout arithmetic, one definition for writers and readers of records. */
static inline long deep_record_path_words(long path_bytes) { return (path_bytes + 7) / 8; }
static inline long deep_record_bitmap_words(long max_line) { return max_line / 64 + 1; }
static inline long deep_record_probe_map_word(long path_bytes) {
    return DEEP_RECORD_HEADER_WORDS + deep_record_path_words(path_bytes);
}
static inline long deep_record_enabled_word(long path_bytes, long bitmap_words) {
    return deep_record_probe_map_word(path_bytes) + bitmap_words;
}
static inline long deep_record_words(long path_bytes, long bitmap_words) {
    return deep_record_enabled_word(path_bytes, bitmap_words) + bitmap_words;
}

/* True while the bit `mask` of word `word` of `record` is set. One relaxed load. */
static inline __attribute__((always_inline)) bool
deep_probe_enabled(const void *record, long word, uint64_t mask) {
    return (__atomic_load_n((const uint64_t *)record + word, __ATOMIC_RELAXED) & mask) != 0;
}

#ifdef __cplusplus
}
#endif

#endif /* DEEP_PROBE_H */

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
 *                          | copy regions (high 32 bits)
 *   words 3 ..             the original file path, UTF-8, zero-padded to whole words
 *   then `bitmap words`    probe map: bit L is set when line L has a probe (constant)
 *   then `bitmap words`    enabled map: bit L is set while a tracepoint is on line L
 *   then `region words`    region map: bit R is set while a tracepoint is on a line of
 *                          region R
 *   then `regions` words   region table: region R's first line (low 32 bits) | last line
 *                          (high 32 bits) (constant)
 *   then (version 3)       function table (constant), what method tracepoints name:
 *     1 word               functions (low 32 bits) | bytes of their names (high 32 bits)
 *     2 words a function   declaration line (low 32 bits) | closing brace line (bits 32..62)
 *                          | 1 << 63 when it has an exit probe; the name's offset in the
 *                          names (low 32 bits) | its length in bytes (high 32 bits)
 *     then                 the names, UTF-8, zero-padded to whole words
 *
 * A record is all integers so it can be a constant, statically initialised global in
 * both Swift (`@section`) and C. Later versions append words and raise
 * DEEP_RECORD_VERSION; readers skip records they do not understand. Version 1 records
 * (no regions) and version 2 records (no functions) are still read.
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
 *
 * Two copies
 * ----------
 * A probe per statement costs little in itself, but a branch in every loop body stops the
 * optimiser (no vectorising, no unrolling, no hoisting). So the rewriter writes a body
 * twice, as written and probed, and only a *copy region* picks between them:
 *
 *   func f() { if deep_probe_enabled(record, region word, region mask) { probed } else { as written } }
 *
 * A region is a function-like body, or a loop's iteration when the loop makes calls (it
 * may run long: a tracepoint set meanwhile takes effect at its next iteration). Its bit in
 * the region map is set while any line from its first to its last has its enabled bit
 * set, so the check is the same one load, test and branch, once per call or iteration
 * instead of once per statement. The runtime sets region bits with the enabled bits.
 */
#ifndef DEEP_PROBE_H
#define DEEP_PROBE_H

/* No system header: the C rewriter includes this file before a source file's own first
 * line, where `#define _GNU_SOURCE` and the like must still come first. */

#ifdef __cplusplus
extern "C" {
#endif

/* "DEEPREC1" read as a little-endian 64-bit integer. */
#define DEEP_RECORD_MAGIC 0x3143455250454544ULL
#define DEEP_RECORD_VERSION 3
#define DEEP_RECORD_HEADER_WORDS 3
#define DEEP_RECORD_SECTION "deep_probes"

enum deep_language {
    DEEP_LANGUAGE_SWIFT = 1,
    DEEP_LANGUAGE_C = 2,
};

/* Layout arithmetic, one definition for writers and readers of records. (`__inline__`:
 * C89 has no `inline`.) */
static __inline__ long deep_record_path_words(long path_bytes) { return (path_bytes + 7) / 8; }
static __inline__ long deep_record_bitmap_words(long max_line) { return max_line / 64 + 1; }
static __inline__ long deep_record_probe_map_word(long path_bytes) {
    return DEEP_RECORD_HEADER_WORDS + deep_record_path_words(path_bytes);
}
static __inline__ long deep_record_enabled_word(long path_bytes, long bitmap_words) {
    return deep_record_probe_map_word(path_bytes) + bitmap_words;
}
static __inline__ long deep_record_region_map_word(long path_bytes, long bitmap_words) {
    return deep_record_enabled_word(path_bytes, bitmap_words) + bitmap_words;
}
static __inline__ long deep_record_region_words(long regions) { return (regions + 63) / 64; }
static __inline__ long deep_record_region_table_word(long path_bytes, long bitmap_words, long regions) {
    return deep_record_region_map_word(path_bytes, bitmap_words) + deep_record_region_words(regions);
}
static __inline__ long deep_record_words(long path_bytes, long bitmap_words, long regions) {
    return deep_record_region_table_word(path_bytes, bitmap_words, regions) + regions;
}

/* True while the bit `mask` of word `word` of `record` is set. One relaxed load. */
static __inline__ __attribute__((always_inline)) _Bool
deep_probe_enabled(const void *record, long word, unsigned long long mask) {
    return (__atomic_load_n((const unsigned long long *)record + word, __ATOMIC_RELAXED) & mask) != 0;
}

/*
 * C probes
 * --------
 * deep-instrument starts each C file with DEEP_C_FILE: its record, its type table (JSON in
 * pieces, see CTypeTable in DeepModel) and its registration, named after the file's id (a
 * hash of its path, so that a .c file #included into another keeps its own). It puts before
 * a statement:
 *
 *   DEEP_C_PROBE(id, word, mask, line,
 *                DEEP_C_VARIABLES(DEEP_C_VARIABLE(total, 3), DEEP_C_VARIABLE(name, 5)),
 *                DEEP_C_VALUE(total), DEEP_C_ARRAY(name)) stmt;
 *
 * The disabled path is the branch on deep_probe_enabled above. Behind it, what does not
 * change from hit to hit (each variable's name, type and size) is one constant table per
 * probe, out of the code; the code only makes the values: each variable is passed as a copy
 * of its value in a compound literal, so its address is never taken and it stays in a
 * register. Arrays cannot be copied and are passed by address. The runtime reads the copies
 * during the call only, and never follows a pointer.
 *
 * The macros use C99 and GNU C (compound literals, __typeof__, variadic macros) under
 * __extension__, and deep-config passes this directory with -isystem, so that code built
 * as C89 with -pedantic -Werror still builds. The generated words are `unsigned long`
 * (64 bits on the LP64 systems this supports), which C89 has.
 */

/* One variable a C probe passes, as its probe's constant table has it: its name, its index
 * in the file's type table and the size the compiler gave it (checked against the table). */
struct deep_c_variable {
    const char *name;
    unsigned type;
    unsigned size;
};

/* The runtime's entry points for C (Deep/Probe/CProbeEntryPoints.swift). `types` is the
 * file's type table: pieces of one JSON text, ending with a null pointer; `values[i]` is
 * where the copy of `variables[i]` is. A function's exit passes `since`, the time
 * deep_c_now() gave at its entry (0: no tracepoint was on the exit's line then). */
void deep_c_probe_hit(const void *record, const char *const *types, long line, const char *function,
                      const struct deep_c_variable *variables, const void *const *values, long count);
void deep_c_probe_exit(const void *record, const char *const *types, long line, const char *function,
                       const struct deep_c_variable *variables, const void *const *values, long count,
                       unsigned long since);
unsigned long deep_c_now(void);
void deep_c_register_image(const void *records_begin, const void *records_end);

/* The test behind every probe, and the copies of a probe's values. (A probe's constant
 * table is written out in each macro: braces do not keep its commas from splitting it into
 * arguments of another macro.) */
#define DEEP_C_ENABLED_(id, word, mask) __builtin_expect(deep_probe_enabled(__deep_record_##id, word, mask), 0)
#define DEEP_C_VALUES_(...) const void *const __deep_values[] = {__VA_ARGS__}
#define DEEP_C_COUNT_ (long)(sizeof __deep_values / sizeof __deep_values[0])

#define DEEP_C_PROBE(id, word, mask, line, variables, ...)                                          \
    if (DEEP_C_ENABLED_(id, word, mask)) {                                                          \
        __extension__({                                                                             \
            static const struct deep_c_variable __deep_variables[] = variables;                    \
            DEEP_C_VALUES_(__VA_ARGS__);                                                            \
            deep_c_probe_hit(__deep_record_##id, __deep_types_##id, line, __func__, __deep_variables, \
                             __deep_values, DEEP_C_COUNT_);                                         \
        });                                                                                         \
    }
#define DEEP_C_PROBE_NO_VARIABLES(id, word, mask, line)                                             \
    if (DEEP_C_ENABLED_(id, word, mask)) {                                                          \
        __extension__({ deep_c_probe_hit(__deep_record_##id, __deep_types_##id, line, __func__, 0, 0, 0); }); \
    }

/*
 * Entry and exit
 * --------------
 * A function's entry is a probe after its `{`, attributed to the line that names it. Its
 * exits fire the probe of its closing brace's line (method tracepoints, `method_end`): the
 * body's first declaration (after the entry probe) reads the entry time while that line has
 * a tracepoint,
 *
 *   unsigned long __deep_start = DEEP_C_START(id, word, mask);
 *
 * and each `return` reports the value it returns, as `return`, after computing it:
 *
 *   return __extension__({ __typeof__(T) __deep_returned = (value);
 *                          DEEP_C_EXIT(id, word, mask, line, DEEP_C_VARIABLES(..., DEEP_C_RETURNED(t)),
 *                                      ..., DEEP_C_VALUE(__deep_returned))
 *                          __deep_returned; });
 *
 * with T the function's result type; a `return;` and a reachable closing brace get a plain
 * DEEP_C_EXIT before them. All of this is in the function's probed copy only.
 */
#define DEEP_C_START(id, word, mask) (DEEP_C_ENABLED_(id, word, mask) ? deep_c_now() : 0UL)
#define DEEP_C_EXIT(id, word, mask, line, variables, ...)                                           \
    if (DEEP_C_ENABLED_(id, word, mask)) {                                                          \
        __extension__({                                                                             \
            static const struct deep_c_variable __deep_variables[] = variables;                    \
            DEEP_C_VALUES_(__VA_ARGS__);                                                            \
            deep_c_probe_exit(__deep_record_##id, __deep_types_##id, line, __func__, __deep_variables, \
                              __deep_values, DEEP_C_COUNT_, __deep_start);                          \
        });                                                                                         \
    }
#define DEEP_C_EXIT_NO_VARIABLES(id, word, mask, line)                                              \
    if (DEEP_C_ENABLED_(id, word, mask)) {                                                          \
        __extension__({ deep_c_probe_exit(__deep_record_##id, __deep_types_##id, line, __func__, 0, 0, 0, __deep_start); }); \
    }
/* The value a `return` computed, in the constant table of its exit's probe. */
#define DEEP_C_RETURNED(type) {"return", type, (unsigned)sizeof(__deep_returned)}

/* The check that picks a copy region's probed copy (see "Two copies"):
 *   DEEP_C_PROBED(id, word, mask) { probed } else { as written } */
#define DEEP_C_PROBED(id, word, mask) if (DEEP_C_ENABLED_(id, word, mask))
/* A probe's constant table, and one variable's entry in it (a constant expression: no
 * captured variable is a variable-length array). */
#define DEEP_C_VARIABLES(...) {__VA_ARGS__}
#define DEEP_C_VARIABLE(name, type) {#name, type, (unsigned)sizeof(__typeof__(name))}
/* Where a variable's value is: a copy, or an array's own elements. */
#define DEEP_C_VALUE(name) (__typeof__(name)[1]){name}
#define DEEP_C_ARRAY(name) name

/* A file's record (`words` initial words), type table and registration. The registration
 * tells the runtime, before `main`, where the records of the image (program or shared
 * library) this file is linked into are: the runtime may live in another image. The linker
 * defines the two symbols for each image that has records. */
#define DEEP_C_FILE(id, words, ...)                                                                 \
    static unsigned long __deep_record_##id[words]                                                  \
        __attribute__((section(DEEP_RECORD_SECTION), aligned(8), used)) = {__VA_ARGS__};            \
    extern const unsigned long __start_deep_probes[] __attribute__((weak, visibility("hidden")));  \
    extern const unsigned long __stop_deep_probes[] __attribute__((weak, visibility("hidden")));   \
    __attribute__((constructor)) static void __deep_register_##id(void) {                          \
        deep_c_register_image(__start_deep_probes, __stop_deep_probes);                             \
    }

#ifdef __cplusplus
}
#endif

#endif /* DEEP_PROBE_H */

#define _DEFAULT_SOURCE /* mmap's MAP_ANONYMOUS under -std=c11 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "orders.h"

static int counter;

/* The constructs the C rewriter must keep compiling; the end-to-end tests set tracepoints
 * on the lines marked `tp:`. */

/* K&R-style definition. */
static int legacy_sum(a, b) // tp: knr-entry
int a;
int b;
{
    return a + b; // tp: knr
}

static int classify(int value) {
    int result;
    switch (value) {
    case 0:
        result = 10; // tp: case-zero
        break;
    case 1: {
        int doubled = TWICE(value);
        result = doubled;
        break;
    }
    case 2:
    case 3:
        result = value + 100;
        /* fall through */
    default:
        result = -value;
    }
    if (value > 5)
        result += 1;
    else if (value < -5)
        result -= 1;
    else
        result *= 1;
    for (int i = 0; i < 2; i++)
        counter++; // tp: for-body
    while (counter > 100)
        counter--;
    do
        counter += 0;
    while (0);
    return result;
}

static int with_labels(int n) {
    int total = 0;
    int step;
    if (n < 0) goto fail;
    step = 2;
again:
    total += step;
    if (total < n) goto again;
    return total;
fail:
    return -1; // tp: after-fail
}

static int jumps_over(int k) {
    switch (k) {
        int skipped;
    case 1:
        skipped = 7; // tp: before-assignment
        return skipped; // tp: after-assignment
    default:
        break;
    }
    return 0;
}

static int declaration_after_label(int n) {
    if (n > 0) goto done;
    n = 1;
done:;
    int doubled = n * 2; // tp: after-label
    return doubled;
}

static int statement_expression(int x) {
    int y = ({ int inner = x * 3; inner + 1; }); // tp: statement-expression
    return y;
}

int place(struct order *order, int quantity) {
    CHECK(order != NULL); // tp: macro
    struct item item;
    memset(&item, 0, sizeof item); // tp: memset
    strcpy(item.sku, "BOOK-1"); // tp: after-memset
    item.quantity = quantity;
    item.flags = 5;
    item.gift = 1;
    char label[16];
    snprintf(label, sizeof label, "order-%ld", order->id);
    bool large = quantity > 10;
    enum status status = PAID;
    double price = 2.5;
    float discount = 0.5f;
    unsigned char small = 200;
    int *dangling = (int *)(unsigned long)0x10;
    order->items[0] = item;
    order->status = status;
    order->total = price * quantity - discount;
    order->note = "fragile";
    order->extra.code = 42;
    struct order copy = *order;
    printf("placed %s %d %d %d %p\n", label, large, small, copy.items[0].quantity, (void *)dangling); // tp: placed
    return legacy_sum(quantity, 1);
}

/* A parameter declared as an array is a pointer: a probe copies the pointer, never the
 * 8 bytes the declaration names (the caller passes 2 bytes before an unreadable page). */
static int array_parameter(char buf[8], int n) {
    n++; // tp: array-parameter
    return n + buf[0];
}

/* On x86-64 a va_list is an array too, and so a pointer as a parameter. */
static int sum_list(int count, va_list numbers) {
    int total = 0; // tp: va-list
    for (int i = 0; i < count; i++)
        total += va_arg(numbers, int);
    return total;
}

static int sum(int count, ...) {
    va_list numbers;
    va_start(numbers, count);
    int total = sum_list(count, numbers);
    va_end(numbers);
    return total;
}

/* A statement a macro writes whole is probed before the macro's name, unless the macro
 * writes a declaration first. As a brace-less body it is braced and probed, unless braces
 * could change what it means: the macro writes two statements, or an `else` follows. */
#define DECLARE_AND_COUNT(name) int name = counter; counter++
#define RESET_IF(condition) if (condition) counter = 0
#define COUNT_TWICE() counter++; counter++
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmultistatement-macros" /* COUNT_TWICE as a body, on purpose */
#endif
#define BUMP(n) do { counter += (n); } while (0)
static int macro_statements(int value) {
    DECLARE_AND_COUNT(seen); // tp: macro-declaration
    RESET_IF(value > 100); // tp: macro-if
    if (value < 0)
        RESET_IF(value < -100); // tp: macro-body
    if (value > 1000)
        COUNT_TWICE(); // tp: macro-two-statements
    if (value == 7)
        BUMP(1); // tp: macro-before-else
    else
        counter += 2;
    return seen;
}

/* A static local is one variable: a function that has one is written once. */
static int call_count(void) {
    static int calls;
    calls++; // tp: static-local
    return calls;
}

/* A variable-length array in each copy. */
static long sum_of_squares(int count) {
    long squares[count];
    for (int i = 0; i < count; i++) {
        squares[i] = (long)i * i;
    }
    long total = 0;
    for (int i = 0; i < count; i++) total += squares[i];
    return total;
}

/* A loop without calls: its function's copy as written runs it with no probe inside (the
 * machine-code test looks at this function). */
long sum_of_values(const long *values, int count) {
    long total = 0;
    for (int i = 0; i < count; i++) {
        total += values[i] * 3; // tp: values-loop
    }
    return total;
}

#ifdef __linux__
#define PLATFORM 1
#endif

/* A conditional inside a body is written into both copies. */
static int platform(int value) {
#if PLATFORM
    value += 1; // tp: platform
#else
    value += 2;
#endif
    return value;
}

static double monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Busy for `seconds` in one frame, calling out on every round: a tracepoint set meanwhile
 * inside the loop must fire without the frame being entered again. */
static long spin(double seconds) {
    long rounds = 0;
    double end = monotonic_seconds() + seconds;
    printf("spinning\n");
    fflush(stdout);
    while (monotonic_seconds() < end) {
        rounds++; // tp: spin-round
    }
    return rounds;
}

/* Returns from a loop that makes calls, or after it: a method tracepoint sees each exit and
 * what it returned. */
static const char *find_label(const char *const *labels, int count, const char *wanted) {
    for (int i = 0; i < count; i++) {
        if (strcmp(labels[i], wanted) == 0) return labels[i];
    }
    return NULL;
}

/* A void function's exits: a `return;` and its closing brace. */
static void note(int value) {
    if (value < 0) return;
    counter += value;
} // tp: note-exit

/* Changes its parameter: `method_capture` shows it as it was on entry. */
static int halve(int value) { // tp: halve-entry
    value /= 2;
    return value;
}

/* Frees what it is given, last: the exit probe after it must not read the pointer, which
 * GCC calls a use after free (-Wuse-after-free, in -Wall; cJSON's tests free this way). */
static void release(char *buffer) {
    buffer = realloc(buffer, 8);
    buffer[0] = 0; // tp: after-realloc
    free(buffer);
} // tp: release-exit

/* Two bytes at the very end of a readable page, followed by one that cannot be read. */
static char *before_a_guard_page(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED || mprotect(pages + page, page, PROT_NONE) != 0) abort();
    char *tail = pages + page - 2;
    tail[0] = 1;
    tail[1] = 0;
    return tail;
}

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "spin") == 0) {
        printf("spun %ld\n", spin(strtod(argv[2], NULL)));
        return 0;
    }
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3;
    struct order order = { .id = 7 };
    for (int round = 1; round <= rounds; round++) {
        int placed = place(&order, round * 4);
        printf("round %d placed %d\n", round, placed);
    }
    printf("%d %d %d %d %d\n", classify(0), classify(2), classify(9), with_labels(5), jumps_over(1));
    const char *const labels[] = {"a", "b"};
    note(-1);
    note(2);
    note(halve(9));
    release(malloc(4));
    printf("%d %d %s %d\n", statement_expression(4), declaration_after_label(3), find_label(labels, 2, "b"),
           find_label(labels, 2, "z") == NULL);
    printf("%d %d\n", array_parameter(before_a_guard_page(), 1), sum(3, 1, 2, 3));
    const long values[] = {1, 2, 3};
    call_count();
    int seen = macro_statements(1);
    printf("%d %ld %ld %d %d %d\n", call_count(), sum_of_squares(4), sum_of_values(values, 3), platform(1), seen, counter);
    return 0;
}

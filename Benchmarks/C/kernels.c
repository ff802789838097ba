#include "kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- sort: top-down merge sort of pseudo-random numbers ------------------------------ */

static void merge_sort(int64_t *values, int64_t *scratch, int low, int high) {
    if (high - low < 2) {
        return;
    }
    int middle = (low + high) / 2;
    merge_sort(values, scratch, low, middle);
    merge_sort(values, scratch, middle, high);
    int left = low;
    int right = middle;
    for (int index = low; index < high; index++) {
        if (left < middle && (right >= high || values[left] <= values[right])) {
            scratch[index] = values[left++];
        } else {
            scratch[index] = values[right++];
        }
    }
    memcpy(values + low, scratch + low, (size_t)(high - low) * sizeof *values);
}

uint64_t kernel_sort(int count, uint64_t seed) {
    int64_t *values = malloc((size_t)count * sizeof *values);
    int64_t *scratch = malloc((size_t)count * sizeof *scratch);
    uint64_t generator = seed;
    for (int index = 0; index < count; index++) {
        generator = generator * 6364136223846793005u + 1442695040888963407u;
        values[index] = (int64_t)(generator >> 33);
    }
    merge_sort(values, scratch, 0, count);
    uint64_t checksum = 0;
    for (int index = 0; index < count; index++) {
        checksum = checksum * 31 + (uint64_t)values[index] * (uint64_t)index;
    }
    free(values);
    free(scratch);
    return checksum;
}

/* --- hash map: word frequencies in an open-addressing table ------------------------- */

struct slot {
    char word[16];
    int count;
};

static uint64_t fnv1a(const char *text) {
    uint64_t hash = 14695981039346656037u;
    for (const unsigned char *byte = (const unsigned char *)text; *byte; byte++) {
        hash = (hash ^ *byte) * 1099511628211u;
    }
    return hash;
}

uint64_t kernel_hash_map(int words, int vocabulary) {
    int capacity = 1;
    while (capacity < vocabulary * 2) {
        capacity *= 2;
    }
    struct slot *table = calloc((size_t)capacity, sizeof *table);
    uint64_t generator = 7;
    char word[16];
    for (int index = 0; index < words; index++) {
        generator = generator * 2862933555777941757u + 3037000493u;
        snprintf(word, sizeof word, "word%d", (int)((generator >> 33) % (uint64_t)vocabulary));
        size_t position = fnv1a(word) & (size_t)(capacity - 1);
        while (table[position].count != 0 && strcmp(table[position].word, word) != 0) {
            position = (position + 1) & (size_t)(capacity - 1);
        }
        if (table[position].count == 0) {
            strcpy(table[position].word, word);
        }
        table[position].count++;
    }
    int best = 0;
    int used = 0;
    for (int position = 0; position < capacity; position++) {
        if (table[position].count > 0) {
            used++;
        }
        if (table[position].count > best) {
            best = table[position].count;
        }
    }
    free(table);
    return (uint64_t)best * 1000003u + (uint64_t)used;
}

/* --- string processing: text to URL slugs ------------------------------------------- */

static size_t slug(const char *text, char *out) {
    size_t length = 0;
    int pending_dash = 0;
    for (const unsigned char *byte = (const unsigned char *)text; *byte; byte++) {
        unsigned char character = *byte;
        if (character >= 'A' && character <= 'Z') {
            character = (unsigned char)(character - 'A' + 'a');
        }
        if ((character >= 'a' && character <= 'z') || (character >= '0' && character <= '9')) {
            if (pending_dash && length > 0) {
                out[length++] = '-';
            }
            pending_dash = 0;
            out[length++] = (char)character;
        } else {
            pending_dash = 1;
        }
    }
    out[length] = '\0';
    return length;
}

uint64_t kernel_slugs(int lines) {
    static const char *const sample[] = {
        "The Quick Brown Fox", "jumps over: the lazy dog!", "Plain ASCII, side by side", "42 items @ $3.50 each",
    };
    char line[96];
    char out[96];
    uint64_t total = 0;
    uint64_t hash = 14695981039346656037u;
    for (int index = 0; index < lines; index++) {
        snprintf(line, sizeof line, "%s %d", sample[index % 4], index);
        total += slug(line, out);
        hash = (hash ^ fnv1a(out)) * 1099511628211u;
    }
    return total + hash;
}

/* --- a bytecode interpreter: a stack machine running a recurrence ------------------- */

enum opcode { PUSH, LOAD, STORE, ADD, MULTIPLY, MODULO, LESS_THAN, JUMP_IF_FALSE, JUMP, HALT };

struct instruction {
    enum opcode opcode;
    int64_t operand;
};

uint64_t kernel_interpreter(int iterations) {
    /* locals: 0 = counter, 1 = state */
    const struct instruction program[] = {
        {PUSH, 0}, {STORE, 0}, {PUSH, 1}, {STORE, 1},
        {LOAD, 0}, {PUSH, iterations}, {LESS_THAN, 0}, {JUMP_IF_FALSE, 21},
        {LOAD, 1}, {PUSH, 1103515245}, {MULTIPLY, 0}, {PUSH, 12345}, {ADD, 0}, {PUSH, 2147483648}, {MODULO, 0},
        {STORE, 1}, {LOAD, 0}, {PUSH, 1}, {ADD, 0}, {STORE, 0}, {JUMP, 4},
        {LOAD, 1}, {HALT, 0},
    };
    int64_t stack[16];
    int top = 0;
    int64_t locals[2] = {0, 0};
    int counter = 0;
    for (;;) {
        const struct instruction *instruction = &program[counter++];
        switch (instruction->opcode) {
        case PUSH:
            stack[top++] = instruction->operand;
            break;
        case LOAD:
            stack[top++] = locals[instruction->operand];
            break;
        case STORE:
            locals[instruction->operand] = stack[--top];
            break;
        case ADD:
            top--;
            stack[top - 1] = (int64_t)((uint64_t)stack[top - 1] + (uint64_t)stack[top]);
            break;
        case MULTIPLY:
            top--;
            stack[top - 1] = (int64_t)((uint64_t)stack[top - 1] * (uint64_t)stack[top]);
            break;
        case MODULO:
            top--;
            stack[top - 1] = stack[top - 1] % stack[top];
            break;
        case LESS_THAN:
            top--;
            stack[top - 1] = stack[top - 1] < stack[top];
            break;
        case JUMP_IF_FALSE:
            if (stack[--top] == 0) {
                counter = (int)instruction->operand;
            }
            break;
        case JUMP:
            counter = (int)instruction->operand;
            break;
        case HALT:
            return (uint64_t)stack[top - 1];
        }
    }
}

/* --- matrix multiplication, naive triple loop --------------------------------------- */

uint64_t kernel_matrix(int size) {
    double *a = malloc((size_t)(size * size) * sizeof *a);
    double *b = malloc((size_t)(size * size) * sizeof *b);
    double *c = calloc((size_t)(size * size), sizeof *c);
    for (int index = 0; index < size * size; index++) {
        a[index] = (double)(index % 7) * 0.5;
        b[index] = (double)(index % 5) * 0.25;
    }
    for (int row = 0; row < size; row++) {
        for (int inner = 0; inner < size; inner++) {
            double left = a[row * size + inner];
            for (int column = 0; column < size; column++) {
                c[row * size + column] += left * b[inner * size + column];
            }
        }
    }
    double trace = 0;
    for (int index = 0; index < size; index++) {
        trace += c[index * size + index];
    }
    free(a);
    free(b);
    free(c);
    return (uint64_t)trace;
}

/* --- one probed line per step, for the probe hit benchmarks ------------------------- */

uint64_t probe_loop(int count, uint64_t seed) {
    uint64_t state = seed;
    for (int step = 0; step < count; step++) {
        state = state * 31 + (uint64_t)step; /* bench: c-loop */
    }
    return state;
}

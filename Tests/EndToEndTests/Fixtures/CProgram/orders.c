#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orders.h"

static int counter;

/* The constructs the C rewriter must keep compiling; the end-to-end tests set tracepoints
 * on the lines marked `tp:`. */

/* K&R-style definition. */
static int legacy_sum(a, b)
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

int main(int argc, char **argv) {
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3;
    struct order order = { .id = 7 };
    for (int round = 1; round <= rounds; round++) {
        int placed = place(&order, round * 4);
        printf("round %d placed %d\n", round, placed);
    }
    printf("%d %d %d %d %d\n", classify(0), classify(2), classify(9), with_labels(5), jumps_over(1));
    printf("%d %d\n", statement_expression(4), declaration_after_label(3));
    return 0;
}

#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "stock.h"

/* A warehouse service in miniature: it reserves stock nonstop, one order every 20 ms. */
int main(void) {
    struct stock_item items[] = {
        {"CHAIR-01", BERLIN, 120, 0, 24.5},
        {"DESK-02", LYON, 40, 0, 180.0},
        {"LAMP-03", OSLO, 300, 0, 12.25},
    };
    const int count = (int)(sizeof items / sizeof items[0]);
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (long order = 1;; order++) {
        struct stock_item *item = &items[order % count];
        int quantity = (int)(order % 7) + 1;
        int missing = stock_reserve(item, quantity);
        if (order % 50 == 0) {
            printf("order %ld: %d x %s, %d missing, free value %.2f\n", order, quantity, item->sku, missing,
                   stock_free_value(item));
            fflush(stdout);
        }
        if (item->reserved > 200) item->reserved = 0; /* shipped */
        nanosleep(&pause, NULL);
    }
}

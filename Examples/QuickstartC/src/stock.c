#include "stock.h"

int stock_reserve(struct stock_item *item, int quantity) {
    int available = item->on_hand - item->reserved;
    int granted = quantity <= available ? quantity : available;
    item->reserved += granted;
    int missing = quantity - granted;
    if (missing > 0)
        item->on_hand += 50; /* reorder */
    return missing;
}

double stock_free_value(const struct stock_item *item) {
    return (item->on_hand - item->reserved) * item->unit_cost;
}

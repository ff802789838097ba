#include "shop.h"

double shop_add(struct basket *basket, int quantity, double price) {
    double line = quantity * price;
    basket->items += quantity;
    basket->total += line; // tp: c-add
    return basket->total;
}

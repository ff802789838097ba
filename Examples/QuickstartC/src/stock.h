#ifndef STOCK_H
#define STOCK_H

enum warehouse { BERLIN, LYON, OSLO };

struct stock_item {
    char sku[12];
    enum warehouse warehouse;
    int on_hand;
    int reserved;
    double unit_cost;
};

/* Reserves `quantity` of `item`; returns how many could not be reserved. */
int stock_reserve(struct stock_item *item, int quantity);

/* The value of what is on hand and not reserved. */
double stock_free_value(const struct stock_item *item);

#endif

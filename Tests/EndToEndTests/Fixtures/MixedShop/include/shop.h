#ifndef SHOP_H
#define SHOP_H

/* A C library that a Swift program calls: its lines take tracepoints like the Swift ones. */
struct basket {
    int items;
    double total;
};

double shop_add(struct basket *basket, int quantity, double price);

#endif

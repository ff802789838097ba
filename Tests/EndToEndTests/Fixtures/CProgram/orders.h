#ifndef ORDERS_H
#define ORDERS_H

enum status { PENDING, PAID = 5, SHIPPED };

struct item {
    char sku[8];
    int quantity;
    unsigned flags : 3;
    unsigned gift : 1;
};

struct order {
    long id;
    enum status status;
    double total;
    struct item items[2];
    const char *note;
    union { int code; float ratio; } extra;
};

#define CHECK(condition) do { if (!(condition)) return -1; } while (0)
#define TWICE(x) ((x) * 2)

int place(struct order *order, int quantity);

#endif

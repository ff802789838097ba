/* C89 built with -pedantic -Werror: the probes must not bring C99 into it. */
#include <stdio.h>

#include "counter.c"

int main(void) {
    volatile int ready = 1;
    unsigned long big = 4000000000UL;
    int result;
    result = count_up(4);
    if (ready)
        printf("%d %lu\n", result, big); /* tp: print */
    return 0;
}

/* Included into legacy.c as well as built on its own elsewhere: its probes keep their own
 * record. */
static int count_up(int limit) {
    int total;
    int step;
    total = 0;
    for (step = 1; step <= limit; step++) {
        total += step; /* tp: count */
    }
    return total;
}

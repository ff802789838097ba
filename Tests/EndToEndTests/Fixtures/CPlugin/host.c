/* Loads, calls and unloads the instrumented plugin named by its argument, one command per
 * line on standard input: load, call, unload. It links no runtime itself: the plugin brings
 * it in, and its dlclose must leave the runtime running and its records forgotten. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) return 64;
    void *library = NULL;
    int (*scale)(int) = NULL;
    char line[64];
    printf("host ready\n");
    fflush(stdout);
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (strncmp(line, "load", 4) == 0) {
            library = dlopen(argv[1], RTLD_NOW);
            scale = library != NULL ? (int (*)(int))dlsym(library, "plugin_scale") : NULL;
            printf("loaded %d\n", scale != NULL);
        } else if (strncmp(line, "call", 4) == 0 && scale != NULL) {
            printf("scaled %d\n", scale(7));
        } else if (strncmp(line, "unload", 6) == 0 && library != NULL) {
            printf("unloaded %d\n", dlclose(library));
            library = NULL;
            scale = NULL;
        }
        fflush(stdout);
    }
    return 0;
}

/* A shared library the host loads and unloads while tracepoints are set in it. */

int plugin_scale(int value) {
    int scaled = value * 3; // tp: scale
    return scaled;
}

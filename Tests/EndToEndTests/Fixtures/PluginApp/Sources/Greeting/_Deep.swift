// The one file this target lists when built with DEEP_INSTRUMENT=1: the DeepInstrument
// plugin then compiles instrumented copies of the others in their place.

// DeepProbeABI is header-only; SwiftPM needs one source file in a C target.
#include "deep_probe.h"

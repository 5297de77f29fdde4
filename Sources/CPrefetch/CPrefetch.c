// CPrefetch is header-only (include/CPrefetch.h); SwiftPM needs a source file for a C target.
#include "CPrefetch.h"

// VectorOps for the scalar level (flags in core/CMakeLists.txt).
#define LATHE_ISA_NS scalar
#include "vectors/isa/VectorOps.inc"

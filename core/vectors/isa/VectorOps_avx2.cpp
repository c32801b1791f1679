// VectorOps for the avx2 level (flags in core/CMakeLists.txt).
#define LATHE_ISA_NS avx2
#include "vectors/isa/VectorOps.inc"

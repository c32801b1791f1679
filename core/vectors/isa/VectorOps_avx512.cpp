// VectorOps for the avx512 level (flags in core/CMakeLists.txt).
#define LATHE_ISA_NS avx512
#include "vectors/isa/VectorOps.inc"

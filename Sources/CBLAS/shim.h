// OpenBLAS's CBLAS interface: the trainer's matrix products (DeepMouseTraining only).
#include <cblas.h>

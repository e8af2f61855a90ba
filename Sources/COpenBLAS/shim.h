// OpenBLAS (CBLAS interface, thread control) and LAPACKE, as packaged by Debian:
// libopenblas-dev puts cblas.h on the include path that pkg-config reports for "openblas";
// liblapacke-dev puts lapacke.h in /usr/include.
#include <cblas.h>
#include <lapacke.h>

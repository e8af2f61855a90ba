// zlib (deflate in the zlib container), as packaged by Debian: zlib1g-dev puts zlib.h in
// /usr/include. The Store target compresses the per-run step series with it.
#include <zlib.h>

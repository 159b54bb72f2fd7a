#ifndef WENDA_CZSTD_SHIM_H
#define WENDA_CZSTD_SHIM_H
/* Zstandard (Debian libzstd-dev), for the saved index's blocks of article records: the
   one-shot calls with a dictionary, and dictionary training (fastCover with set parameters,
   among the library's advanced calls). */
#include <zstd.h>
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#endif

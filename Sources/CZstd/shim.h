#ifndef WENDA_CZSTD_SHIM_H
#define WENDA_CZSTD_SHIM_H
/* Zstandard (Debian libzstd-dev), for the saved index's blocks of article records: the
   one-shot calls with a dictionary, and dictionary training. */
#include <zstd.h>
#include <zdict.h>
#endif

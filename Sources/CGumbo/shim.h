#ifndef WENDA_CGUMBO_SHIM_H
#define WENDA_CGUMBO_SHIM_H
/* Gumbo, an HTML5-conformant parser (Debian libgumbo-dev), for the HTML article reader.
   The helpers below keep Swift away from Gumbo's unions and its global default options. */
#include <gumbo.h>

/* Parses `length` bytes of UTF-8 with the default options, recording no parse errors
   (wenda reads pages as a browser shows them; the errors are never looked at). */
static inline GumboOutput *wenda_gumbo_parse(const char *buffer, size_t length) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    return gumbo_parse_with_options(&options, buffer, length);
}

static inline void wenda_gumbo_destroy(GumboOutput *output) {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
}
#endif

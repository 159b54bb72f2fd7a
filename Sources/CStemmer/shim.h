// Snowball's stemmers (libstemmer, Debian libstemmer-dev): the English stemmer behind
// EnglishText.stem.
#include <libstemmer.h>

#ifndef WENDA_CEDITLINE_SHIM_H
#define WENDA_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>
#endif

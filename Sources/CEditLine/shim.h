#ifndef WENDA_CEDITLINE_SHIM_H
#define WENDA_CEDITLINE_SHIM_H
/* libedit for the wenda shell. Swift cannot call C variadics (el_set, history, ioctl) nor,
   in Swift 6 mode, touch C globals: the readline-compatible API is used, and the globals
   it needs are reached through the static inline getters and setters below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <sys/ioctl.h>
#include <editline/readline.h>

static inline void wenda_rl_set_catch_signals(int on) { rl_catch_signals = on; }
static inline void wenda_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void wenda_rl_set_attempted_completion(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
}
/* Completion sees the whole line as one word: commands and article titles with spaces. */
static inline void wenda_rl_set_word_breaks(const char *chars) {
    rl_basic_word_break_characters = chars;
    rl_completer_word_break_characters = (char *)chars;
}
static inline void wenda_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void wenda_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline const char *wenda_rl_line_buffer(void) { return rl_line_buffer; }
/* The cursor and the end of the line, in bytes of rl_line_buffer (set before a bound
   function is called). */
static inline int wenda_rl_point(void) { return rl_point; }
static inline int wenda_rl_end(void) { return rl_end; }
/* Set by a bound function: readline() ends and returns NULL. */
static inline void wenda_rl_set_done(int v) { rl_done = v; }
static inline int wenda_history_length(void) { return history_length; }
static inline int wenda_history_base(void) { return history_base; }
static inline void wenda_rl_set_instream(FILE *f) { rl_instream = f; }
static inline void wenda_rl_set_outstream(FILE *f) { rl_outstream = f; }
static inline FILE *wenda_stdin(void) { return stdin; }
static inline FILE *wenda_stdout(void) { return stdout; }
static inline void wenda_flush_stdout(void) { fflush(stdout); }
/* The text of the history entry at 1-based position i (history_base-relative), or NULL. */
static inline const char *wenda_history_line(int i) {
    HIST_ENTRY *e = history_get(i);
    return e ? e->line : NULL;
}
/* The terminal's size on fd: 0 and rows/cols set, or -1 when fd is not a terminal. */
static inline int wenda_terminal_size(int fd, int *rows, int *cols) {
    struct winsize w;
    if (ioctl(fd, TIOCGWINSZ, &w) != 0) return -1;
    *rows = w.ws_row;
    *cols = w.ws_col;
    return 0;
}
#endif

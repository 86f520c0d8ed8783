/* shown.h — text from the records on its way to a terminal: control
 * characters (C0 but newline and tab, DEL, and C1 as UTF-8) are shown as
 * \xNN instead of being sent, so that a record cannot move the cursor,
 * recolour the screen or retitle the window of whoever reads a report. */
#ifndef XF_SHOWN_H
#define XF_SHOWN_H

#include <stddef.h>
#include <stdio.h>

/* Write s[0..n) to f, controls escaped.  keep_lines: newline and tab pass. */
void xf_put_shown(FILE *f, const char *s, size_t n, int keep_lines);

/* The same into a fresh malloc'd string (NULL when out of memory). */
char *xf_shown(const char *s);

/* Bytes of the UTF-8 character a multi-byte sequence at s starts (s[0] >=
 * 0x80), or 0 when it is not valid UTF-8 (overlong, a surrogate, beyond
 * U+10FFFF, cut short): JSON and reports show such bytes as U+FFFD. */
size_t xf_utf8_char(const unsigned char *s, size_t n);

#endif

/* strbuf.h — a growable text buffer, always NUL-terminated: what explanations,
 * the JSON-lines writer, the formatter and the language server build their
 * text in.  Out of memory sets oom and later writes do nothing, so a caller
 * checks once at the end. */
#ifndef XF_STRBUF_H
#define XF_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct xf_strbuf {
    char  *p;
    size_t n, cap;
    int    oom;
} xf_strbuf;

/* Room for need bytes (the NUL included): 0, or -1 with oom set. */
int xf_strbuf_grow(xf_strbuf *b, size_t need);

/* Inline: the JSON-lines writer puts a few dozen pieces a decision. */
static inline void xf_strbuf_put(xf_strbuf *b, const char *s, size_t n) {
    if (b->oom || (b->n + n + 1 > b->cap && xf_strbuf_grow(b, b->n + n + 1))) return;
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static inline void xf_strbuf_puts(xf_strbuf *b, const char *s) { xf_strbuf_put(b, s, strlen(s)); }

void xf_strbuf_vprintf(xf_strbuf *b, const char *fmt, va_list ap);
void xf_strbuf_printf(xf_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empty again, keeping its room. */
void xf_strbuf_reset(xf_strbuf *b);
void xf_strbuf_free(xf_strbuf *b);

#endif

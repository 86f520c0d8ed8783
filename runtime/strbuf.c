/* strbuf.c — a growable text buffer (strbuf.h). */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>

int xf_strbuf_grow(xf_strbuf *b, size_t need) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p, b->cap = cap;
    return 0;
}

void xf_strbuf_vprintf(xf_strbuf *b, const char *fmt, va_list ap) {
    char small[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        xf_strbuf_put(b, small, (size_t)n);
    } else if (n >= 0 && !b->oom && (b->n + (size_t)n + 1 <= b->cap || !xf_strbuf_grow(b, b->n + (size_t)n + 1))) {
        vsnprintf(b->p + b->n, (size_t)n + 1, fmt, again);  /* straight into the buffer */
        b->n += (size_t)n;
    }
    va_end(again);
}

void xf_strbuf_printf(xf_strbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    xf_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void xf_strbuf_reset(xf_strbuf *b) {
    b->n = 0;
    b->oom = 0;
    if (b->p) b->p[0] = '\0';
}

void xf_strbuf_free(xf_strbuf *b) {
    free(b->p);
    b->p = NULL, b->n = b->cap = 0, b->oom = 0;
}

/* arena.c — bump allocation in growing blocks. */
#include "arena.h"
#include "oom.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xf_arena_block {
    xf_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char mem[];
};

void *xf_arena_alloc(xf_arena *a, size_t n) {
    n = (n + 15) & ~(size_t)15;
    xf_arena_block *b = a->head;
    if (!b || b->used + n > b->cap) {
        size_t cap = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + cap);
        if (!b) {
            xf_oom(sizeof *b + cap);  /* the parser's actions do not check */
            return NULL;
        }
        b->next = a->head, b->used = 0, b->cap = cap;
        a->head = b;
    }
    void *p = b->mem + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *xf_arena_strndup(xf_arena *a, const char *s, size_t n) {
    char *d = xf_arena_alloc(a, n + 1);
    if (d) memcpy(d, s, n), d[n] = 0;
    return d;
}

char *xf_arena_strdup(xf_arena *a, const char *s) { return xf_arena_strndup(a, s, strlen(s)); }

char *xf_arena_printf(xf_arena *a, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *d = n < 0 ? NULL : xf_arena_alloc(a, (size_t)n + 1);
    if (d) vsnprintf(d, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return d;
}

void xf_arena_free(xf_arena *a) {
    for (xf_arena_block *b = a->head, *next; b; b = next) next = b->next, free(b);
    a->head = NULL;
}

/* strf.c — see strf.h. */
#include "strf.h"

#include <stdio.h>
#include <stdlib.h>

char *xf_vstrf(const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *xf_strf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = xf_vstrf(fmt, ap);
    va_end(ap);
    return s;
}

int xf_failf(char **errmsg, const char *fmt, ...) {
    if (!errmsg || *errmsg) return -1;
    va_list ap;
    va_start(ap, fmt);
    *errmsg = xf_vstrf(fmt, ap);
    va_end(ap);
    return -1;
}

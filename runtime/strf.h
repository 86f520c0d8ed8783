/* strf.h — printf into a fresh malloc'd string (messages that outlive the
 * call).  NULL when out of memory; the caller frees. */
#ifndef XF_STRF_H
#define XF_STRF_H
#include <stdarg.h>

char *xf_vstrf(const char *fmt, va_list ap);
char *xf_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The first failure of an operation: set *errmsg (unless errmsg is NULL or a
 * message is already there) and return -1. */
int   xf_failf(char **errmsg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

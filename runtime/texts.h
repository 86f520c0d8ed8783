/* texts.h — interning of text values: equal text, equal id.
 * Interning happens while loading (one thread); lookups afterwards are
 * read-only and safe from several threads.  Owned by the xf_db. */
#ifndef XF_TEXTS_H
#define XF_TEXTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct xf_texts xf_texts;

xf_texts   *xf_texts_new(void);
void        xf_texts_free(xf_texts *t);
int64_t     xf_texts_intern(xf_texts *t, const char *s, size_t n);  /* -1 on out of memory */
/* Room for n more texts without growing: -1 on out of memory. */
int         xf_texts_reserve(xf_texts *t, int64_t n);
const char *xf_texts_str(const xf_texts *t, int64_t id);            /* NUL-terminated */
size_t      xf_texts_len(const xf_texts *t, int64_t id);

#endif

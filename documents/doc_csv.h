/* doc_csv.h — CSV that Excel opens as written (documents.c).
 *
 * UTF-8 with a byte order mark (without it Excel reads the file in the
 * system's code page and Chinese turns to mojibake), rows ending in CRLF,
 * fields quoted as RFC 4180 says: a field holding a comma, a quote, CR or LF
 * is enclosed in quotes and its quotes doubled.  A field of digits that
 * Excel would turn into a number and so alter — more than 15 digits (a
 * 统一社会信用代码 of digits only loses its last ones) or a leading zero — is
 * written as the formula ="…", which Excel shows as the text itself.
 */
#ifndef XF_DOC_CSV_H
#define XF_DOC_CSV_H

#include <stddef.h>
#include "doc_render.h"

void xf_csv_begin(xf_strbuf *b);                                 /* the byte order mark */
void xf_csv_field(xf_strbuf *b, int first, const char *s, size_t n);  /* first: no separator before */
void xf_csv_end_row(xf_strbuf *b);

#endif

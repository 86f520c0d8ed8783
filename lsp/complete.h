/* complete.h — completion at a place of a document being written. */
#ifndef XF_LSP_COMPLETE_H
#define XF_LSP_COMPLETE_H

#include "json.h"
#include "lsp.h"

/* The language's keywords, as the scanner knows them (grammar/lexer.l). */
extern const char *const lsp_keywords[];

/* Appends the completion items at byte offset off of text (the document as
 * it is now, which a is the analysis of) to b, as a JSON array: after
 * `NAME.` the fields of NAME's record, in a test's record (`penalty { `) the
 * record's fields, otherwise the keywords and the names in scope, each
 * starting with what is typed before off. */
void lsp_complete(const lsp_analysis *a, const char *text, size_t len, uint32_t off, jbuf *b);

#endif

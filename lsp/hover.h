/* hover.h — the text shown over a name (Markdown). */
#ifndef XF_LSP_HOVER_H
#define XF_LSP_HOVER_H

#include "lookup.h"

/* malloc'd, or NULL when t is nothing to show */
char *lsp_hover_text(const lsp_analysis *a, const lsp_target *t);

#endif

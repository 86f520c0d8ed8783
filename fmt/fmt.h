/* fmt.h — the house layout of policy files (`xiufu fmt`).
 *
 * The layout is decided from the real scanner's tokens (comments included)
 * and the parser's verdict: a file with syntax errors is not laid out.  What
 * fmt decides: where each item starts (one a line, at its depth: decls at 0,
 * policy items at 2, exceptions at 6, decision steps at 4 ...), the spacing
 * between tokens, one blank line at most, the `basis` column and the column
 * of trailing comments (aligned over a run of lines), and the final newline.
 * What it keeps: every token and comment as written, and the lines an author
 * broke an expression into, indented as written relative to their item.
 * Formatting formatted text changes nothing.
 */
#ifndef XF_FMT_H
#define XF_FMT_H

#include <stddef.h>
#include "diag.h"

/* Lays out text (path names it in diagnostics).  Returns the laid-out text
 * (malloc'd, NUL-terminated, its length in *out_len), or NULL when the text
 * has syntax errors, which are then in diags. */
char *xf_format(xf_diags *diags, const char *path, const char *text, size_t len, size_t *out_len);

/* Columns a UTF-8 string takes in a terminal or an editor: Chinese
 * characters take two. */
int xf_display_width(const char *s, size_t n);

#endif

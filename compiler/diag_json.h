/* diag_json.h — diagnostics as JSON, for editors and CI (`--format json`).
 *
 * One object per diagnostic:
 *   {"file": "a.xf", "line": 7, "column": 16, "end": {"line": 7, "column": 20},
 *    "severity": "error", "code": "unknown_name", "message": "未知名称“甲”"}
 * Lines and columns count from 1, columns in characters (as the text
 * diagnostics); `end` is exclusive.  A diagnostic about no file (a path that
 * cannot be read) has "file": null and no position.  The message is in the
 * chosen language; the code is the diagnostic's name in diag.h, lower case,
 * and stays the same when the wording changes.
 */
#ifndef XF_DIAG_JSON_H
#define XF_DIAG_JSON_H

#include <stdio.h>
#include "diag.h"

/* s as a JSON string, quotes included (NULL: null). */
void xf_json_string(FILE *f, const char *s);

/* The diagnostic's code as JSON shows it ("syntax", "unknown_name" ...). */
const char *xf_diag_code_name(xf_diag_code code);

/* One diagnostic object at span; extra_key/extra_val add one string member
 * (NULL: none). */
void xf_json_diag_at(FILE *f, const xf_diags *ds, xf_span span, const char *severity, const char *code,
                     const char *message, const char *extra_key, const char *extra_val);

/* The diagnostics in file and position order, as the members of a JSON array
 * (comma-separated, no brackets); returns how many were written. */
int xf_diags_json_items(const xf_diags *ds, FILE *f, xf_lang lang);

/* {"diagnostics": [...], "errors": N, "warnings": N} and a newline. */
void xf_diags_print_json(const xf_diags *ds, FILE *f, xf_lang lang);

#endif

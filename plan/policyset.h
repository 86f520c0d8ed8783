/* policyset.h — the policies named on a command line: files and folders of
 * .xf files (searched recursively, in name order), after the schema. */
#ifndef XF_POLICYSET_H
#define XF_POLICYSET_H
#include "xiufu.h"

/* Parse everything into c.  Returns the number of policy files found, or -1
 * when a path cannot be read (a diagnostic says which). */
int xf_policyset_add(xf_compile *c, char *const *paths, int n);

/* Parse and check; print diagnostics to stderr.  Returns the error count. */
int xf_policyset_check(xf_compile *c, char *const *paths, int n, xf_lang lang);
/* The same, printing nothing: the diagnostics stay in c->diags. */
int xf_policyset_check_quiet(xf_compile *c, char *const *paths, int n);

/* "zh" or "en" from --lang; -1 when neither. */
int xf_parse_lang(const char *s);
#endif

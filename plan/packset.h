/* packset.h — the packs of one run (`-p a.so -p b.so`): opened and
 * verified each (pack.h), their sources checked together as one policy
 * set, and each policy's code taken from the pack that compiled it. */
#ifndef XF_PACKSET_H
#define XF_PACKSET_H

#include "pack.h"
#include "plan.h"

typedef struct xf_packset xf_packset;

/* 1 when every path names a pack (and there is one), 0 when none does, -1
 * when packs and sources are mixed. */
int xf_packset_kind(char *const *paths, int n);

/* Open the packs at paths with trust and read their sources into c, then
 * check them together.  NULL with *errmsg (malloc'd) on failure; the
 * diagnostics of a failed check are in c->diags. */
xf_packset *xf_packset_open(char *const *paths, int n, const xf_pack_trust *trust, xf_compile *c, char **errmsg);
void        xf_packset_close(xf_packset *ps);

/* Step 3 of plan.h with the packs' code: each policy's function from the
 * first pack holding code for exactly its steps.  0, or -1 with *errmsg. */
int xf_plan_use_packset(xf_plan *p, const xf_packset *ps, char **errmsg);

#endif

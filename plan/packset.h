/* packset.h — the packs of one run (`-p a.so -p b.so`): opened and
 * verified each (pack.h), decided as one policy set, each policy's code
 * taken from the first pack that compiled it.
 *
 * One pack must hold every source of the others (a provincial pack is
 * built with the national rules it overrides): the set is that pack's
 * bindings, and nothing is parsed.  Packs that each add sources of their
 * own are refused: their code was compiled for two different sets (the
 * tables laid out, the columns bound, the texts numbered for each), and
 * what they decide in common is known only from all their sources at
 * once, so they are built as one pack. */
#ifndef XF_PACKSET_H
#define XF_PACKSET_H

#include "bound.h"
#include "pack.h"
#include "plan.h"

typedef struct xf_packset xf_packset;

/* 1 when every path names a pack (and there is one), 0 when none does, -1
 * when packs and sources are mixed. */
int xf_packset_kind(char *const *paths, int n);

/* Open the packs at paths with trust and read their set.  NULL with
 * *errmsg (malloc'd) on failure. */
xf_packset *xf_packset_open(char *const *paths, int n, const xf_pack_trust *trust, char **errmsg);
void        xf_packset_close(xf_packset *ps);
const xf_bound *xf_packset_bound(const xf_packset *ps);

/* Every pack's sources into c, checked together (what their embedded
 * tests need).  0, or -1 with *errmsg; the diagnostics are in c->diags. */
int xf_packset_check(const xf_packset *ps, xf_compile *c, char **errmsg);

/* The declarations of the policies of p, a plan of ps's set made without
 * them: the packs' sources checked into p->c (what documents are rendered
 * from).  0, or -1 with *errmsg; the diagnostics are in p->c.diags. */
int xf_plan_declare(xf_plan *p, const xf_packset *ps, char **errmsg);

/* Step 3 of plan.h with the packs' code: each policy's function from the
 * first pack holding code for exactly its steps.  0, or -1 with *errmsg. */
int xf_plan_use_packset(xf_plan *p, const xf_packset *ps, char **errmsg);

#endif

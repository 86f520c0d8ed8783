/* bound.h — a policy set bound to the records: everything a run plan takes
 * from the policies, for every day at once.  A plan (plan.h) picks from it
 * the policies in effect on its day and the variant of their steps it runs.
 *
 * Made two ways, to the same value:
 *   xf_bound_from_compile   from checked sources (bound.c): every policy
 *                           lowered without and with trace slots, for the
 *                           layout packs are compiled for (xf_pack_layout);
 *   xf_bound_read           from a pack's bindings (bindings.c): nothing is
 *                           parsed or checked.
 * xf_bound_write gives the bindings `xiufu build` puts in a pack; reading
 * them back gives a set equal to the one they were written from, which is
 * how `pack info` confirms a pack's bindings against its sources. */
#ifndef XF_BOUND_H
#define XF_BOUND_H

#include <stdint.h>

#include "ir.h"
#include "pack.h"
#include "params.h"
#include "strbuf.h"
#include "tables.h"
#include "trace.h"
#include "xiufu.h"

/* When a policy can govern records (compile.c: xf_policy_in_effect): the
 * period of its module, and of its root's (an override's base, else its
 * own), each day inclusive (XF_DAY_OPEN_FROM / _UNTIL when open). */
typedef struct xf_when {
    int64_t from, until;
    int64_t root_from, root_until;
    uint8_t has_base;           /* an override of a policy in another module */
    uint8_t effective_on;       /* its regime is picked by the record's own day */
    uint8_t root_effective_on;
} xf_when;

/* Whether the policy may decide a record on as_of. */
int xf_when_in_effect(const xf_when *w, int64_t as_of);
/* In effect on as_of only through the record's own day (`effective on`),
 * as_of outside its rules' period: deciding nothing is then expected. */
int xf_when_by_record_day(const xf_when *w, int64_t as_of);

/* rel[i * npol + j] of two policies of a set. */
enum {
    XF_REL_CONFLICT = 1,  /* both may decide one record: a run counts where they differ */
    XF_REL_HANDS_ON = 2,  /* j takes i's records (an override of i, or another regime of i's rules) */
};

typedef struct xf_bound_policy {
    const char          *name;
    int                  table;         /* its subject table among specs */
    xf_when              when;
    const char          *scope;         /* its `where` (an override's own, if any) as source text on one line */
    const char          *scope_sql;     /* what SQLite can test of it (scope_sql.c), or NULL: nothing */
    const xf_field      *fields;        /* eligible_from, stops_on, then its outputs */
    int                  nfields;
    const char *const   *step_basis;    /* citation per step, NULL when none */
    int                  nsteps;        /* its ladder's, then those of the older regimes it runs (`lenient on`) */
    xf_prog             *prog[2];       /* lowered without [0] and with [1] trace slots */
    const xf_trace_meta *meta;          /* prog[1]'s slots described */
    const xf_decl       *decl;          /* made from sources: its declaration; from bindings: NULL */
} xf_bound_policy;

typedef struct xf_bound_source {
    const char *path, *text;
    uint32_t    len;
} xf_bound_source;

typedef struct xf_bound {
    xf_tablespec          *specs;       /* entity first */
    int                    nspecs;
    int                    uscc_slot;   /* the entity key among the entity table's columns */
    const char *const     *texts;       /* text literals, by the index the steps use */
    int                    ntexts;
    xf_params              params;
    xf_bound_policy       *pol;
    int                    npol;
    uint8_t               *rel;         /* npol * npol */
    const xf_bound_source *src;         /* the sources, as a run records them */
    int                    nsrc;
    xf_arena               arena;       /* what xf_bound_read made */
} xf_bound;

/* From the checked compilation c, which must outlive b.  rel_paths: the
 * trace slots name their files as packs record them (below the policy
 * folder).  0, or -1 out of memory or when a policy cannot be lowered. */
int  xf_bound_from_compile(xf_compile *c, int rel_paths, xf_bound *b);
void xf_bound_free(xf_bound *b);

/* Checks 6 and 7 of pack.h: the bound set of pack p, its sources
 * borrowed from p.  0, or -1 with *errmsg (malloc'd). */
int  xf_bound_of_pack(const xf_pack *p, xf_bound *b, char **errmsg);

/* Every check of pack.h at once: its sources checked and bound again, the
 * bindings this gives compared with the pack's byte for byte, each
 * policy's code matched with the bindings' programs.  What `xiufu pack
 * info` and `xiufu build` report.  0, or -1 with *errmsg. */
int  xf_pack_verify(const xf_pack *p, char **errmsg);

/* The conjuncts of policy d's `where` that SQLite can test, as an SQL
 * condition over its subject table (arena-owned), or NULL when it has none
 * or its scope gates otherwise (an override, `lenient on`). */
const char *xf_scope_sql(xf_compile *c, const xf_decl *d);

/* The trace_point rows of a policy's slots (trace_meta.c, arena-owned);
 * rel_paths as above. */
xf_trace_meta *xf_trace_meta_build(xf_compile *c, const xf_decl *policy, const xf_trace_info *ti, int rel_paths);

/* The bindings of b (every field but decl and src), appended to out. */
void xf_bound_write(const xf_bound *b, xf_strbuf *out);
/* b from bindings written by xf_bound_write; src is the pack's sources
 * (borrowed).  0, or -1 with *why (static text) when they are malformed. */
int  xf_bound_read(const uint8_t *data, size_t len, const xf_bound_source *src, int nsrc, xf_bound *b,
                   const char **why);

#endif

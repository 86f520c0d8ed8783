/* pack_plans.h — a pack loaded for the database extensions (SQLite's ext/,
 * PostgreSQL's pg/): checked once (pack.h), then one plan per set of its
 * policies in effect, made on first use and kept, so that a query over
 * many rows and days lowers each set once. */
#ifndef XF_PACK_PLANS_H
#define XF_PACK_PLANS_H

#include "plan.h"

typedef struct xf_pack_plans xf_pack_plans;

/* The pack at path, verified with trust (pack.h: its signature before
 * anything is loaded); NULL with *errmsg (malloc'd). */
xf_pack_plans *xf_pack_plans_open(const char *path, const xf_pack_trust *trust, char **errmsg);
void           xf_pack_plans_close(xf_pack_plans *pp);
const char    *xf_pack_plans_name(const xf_pack_plans *pp);  /* the header's */

/* The plan of the policies in effect on as_of, with the pack's code
 * (traced or not), or with the interpreter over the pack's own step
 * programs (interp: where its code cannot run, or to compare).  NULL with *errmsg NULL when no policy is in effect,
 * NULL with *errmsg on failure.  The plan's as_of is the first day it was
 * made for: a caller deciding another day of the same set sets ctx.as_of. */
const xf_plan *xf_pack_plans_get(xf_pack_plans *pp, int64_t as_of, int trace, int interp, char **errmsg);

/* For the row-level functions: is policy i a candidate for a row of table
 * (and named policy, when given)? */
int xf_plan_candidate(const xf_plan *p, int i, const char *table, const char *policy);

/* Which policy decides the row of table with key id, given every policy's
 * decisions out[i] over db: its index and *row; -1 when none writes a
 * decision for it; -2 when two do (*other is the second: the caller asks
 * for the policy to be named). */
int xf_plan_pick(const xf_plan *p, const xf_db *db, const xf_out *out, const char *table, const char *policy,
                 int64_t id, int64_t *row, int *other);

#endif

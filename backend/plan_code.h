/* plan_code.h — a plan's code compiled here: taken from the code cache
 * (cache.h) when an earlier run compiled the same sources with the same
 * compiler, else compiled by the JIT and kept for the next run. */
#ifndef XF_PLAN_CODE_H
#define XF_PLAN_CODE_H

#include "plan.h"

/* Step 3 of plan.h.  cache: look in the code cache first.  0, or -1 with
 * *errmsg (malloc'd). */
int xf_plan_compile(xf_plan *p, int opt_level, int cache, char **errmsg);

/* After a successful run: code the JIT compiled goes into the cache.  0
 * (also when there is nothing to keep), or -1 with *errmsg. */
int xf_plan_cache_keep(xf_plan *p, char **errmsg);

#endif

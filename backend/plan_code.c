/* plan_code.c — a plan's code from the cache or the JIT (plan_code.h). */
#include "plan_code.h"

#include <stdlib.h>

#include "cache.h"
#include "jit.h"

typedef struct plan_code {
    xf_jit       *jit;
    xf_pack      *cached;
    xf_code_cache entry;
    int           have_entry;   /* the cache has a place for these sources */
    int           opt_level;
} plan_code;

static void plan_code_free(void *arg) {
    plan_code *pc = arg;
    if (!pc) return;
    if (pc->jit) xf_jit_free(pc->jit);
    xf_pack_close(pc->cached);
    free(pc);
}

int xf_plan_compile(xf_plan *p, int opt_level, int cache, char **errmsg) {
    plan_code *pc = calloc(1, sizeof *pc);
    if (!pc) return -1;
    p->code = pc, p->code_free = plan_code_free;
    pc->opt_level = opt_level;
    pc->have_entry = cache && xf_cache_locate(&p->c, opt_level, &pc->entry) == 0;
    /* an entry that does not fit the plan is compiled again */
    if (pc->have_entry && (pc->cached = xf_cache_open(&pc->entry)) && xf_plan_use_pack(p, pc->cached, NULL) == 0) {
        p->engine = "jit";  /* the code is the JIT's, compiled by an earlier run */
        return 0;
    }
    xf_prog **progs = calloc((size_t)p->npol + 1, sizeof *progs);
    if (!progs) return -1;
    for (int i = 0; i < p->npol; i++) progs[i] = p->pol[i].prog;
    pc->jit = xf_jit_compile(progs, p->npol, opt_level, errmsg);
    free(progs);
    if (!pc->jit) return -1;
    for (int i = 0; i < p->npol; i++) p->pol[i].fn = xf_jit_fn(pc->jit, i);
    p->engine = "jit";
    return 0;
}

int xf_plan_cache_keep(xf_plan *p, char **errmsg) {
    plan_code *pc = p->code_free == plan_code_free ? p->code : NULL;
    if (!pc || !pc->jit || !pc->have_entry) return 0;
    return xf_cache_store(&p->c, pc->opt_level, &pc->entry, errmsg);
}

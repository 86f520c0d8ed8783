/* pack_plans.c — a pack and its plans per set of policies in effect
 * (pack_plans.h). */
#include "pack_plans.h"

#include <stdlib.h>
#include <string.h>

typedef struct pp_set {
    struct pp_set *next;
    uint8_t       *eff;     /* eff[i]: policy i of the pack is in effect */
    int            trace;
    xf_plan        plan;
} pp_set;

struct xf_pack_plans {
    xf_pack   *pack;
    xf_compile base;        /* which policy is in effect when */
    pp_set    *sets;
};

xf_pack_plans *xf_pack_plans_open(const char *path, char **errmsg) {
    xf_pack_plans *pp = calloc(1, sizeof *pp);
    if (!pp) return NULL;
    xf_compile_init(&pp->base);
    if (xf_pack_open(path, &pp->pack, errmsg) != 0 || xf_pack_compile(pp->pack, &pp->base, errmsg) != 0) {
        xf_pack_plans_close(pp);
        return NULL;
    }
    return pp;
}

void xf_pack_plans_close(xf_pack_plans *pp) {
    if (!pp) return;
    while (pp->sets) {
        pp_set *s = pp->sets;
        pp->sets = s->next;
        xf_plan_free(&s->plan);
        free(s->eff);
        free(s);
    }
    xf_compile_free(&pp->base);
    xf_pack_close(pp->pack);
    free(pp);
}

const char *xf_pack_plans_name(const xf_pack_plans *pp) {
    return xf_pack_str(pp->pack, xf_pack_header_of(pp->pack)->name);
}

/* The pack's sources compiled again for this set: the plan `xiufu run`
 * makes for the policies in effect. */
static pp_set *set_build(xf_pack_plans *pp, const uint8_t *eff, int64_t as_of, int trace, char **errmsg) {
    int n = pp->base.npolicies;
    pp_set *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    xf_plan_init(&s->plan);
    s->trace = trace;
    if (!(s->eff = malloc((size_t)n + 1)) || xf_pack_compile(pp->pack, &s->plan.c, errmsg) != 0 ||
        s->plan.c.npolicies != n || xf_plan_prepare(&s->plan, as_of, trace) != 0 ||
        xf_plan_use_pack(&s->plan, pp->pack, errmsg) != 0) {
        xf_plan_free(&s->plan);
        free(s->eff);
        free(s);
        return NULL;
    }
    memcpy(s->eff, eff, (size_t)n);
    s->next = pp->sets;
    pp->sets = s;
    return s;
}

const xf_plan *xf_pack_plans_get(xf_pack_plans *pp, int64_t as_of, int trace, char **errmsg) {
    *errmsg = NULL;
    int n = pp->base.npolicies, any = 0;
    uint8_t *eff = malloc((size_t)n + 1);
    if (!eff) return NULL;
    for (int i = 0; i < n; i++) any |= eff[i] = (uint8_t)xf_policy_in_effect(pp->base.policies[i], as_of);
    pp_set *s = pp->sets;
    while (s && (s->trace != trace || memcmp(s->eff, eff, (size_t)n))) s = s->next;
    if (!s && any && !(s = set_build(pp, eff, as_of, trace, errmsg)) && !*errmsg) *errmsg = strdup("out of memory");
    free(eff);
    return s ? &s->plan : NULL;
}

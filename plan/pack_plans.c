/* pack_plans.c — a pack and its plans per set of policies in effect
 * (pack_plans.h). */
#include "pack_plans.h"

#include <stdlib.h>
#include <string.h>

typedef struct pp_set {
    struct pp_set *next;
    uint8_t       *eff;     /* eff[i]: policy i of the pack is in effect */
    int            trace;
    int            interp;  /* the interpreter runs the steps, not the pack's code */
    xf_plan        plan;
} pp_set;

struct xf_pack_plans {
    xf_pack *pack;
    xf_bound bound;          /* the pack's bindings */
    pp_set  *sets;
};

xf_pack_plans *xf_pack_plans_open(const char *path, const xf_pack_trust *trust, char **errmsg) {
    xf_pack_plans *pp = calloc(1, sizeof *pp);
    if (!pp) return NULL;
    if (xf_pack_open(path, trust, &pp->pack, errmsg) != 0 || xf_bound_of_pack(pp->pack, &pp->bound, errmsg) != 0) {
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
    xf_bound_free(&pp->bound);
    xf_pack_close(pp->pack);
    free(pp);
}

const char *xf_pack_plans_name(const xf_pack_plans *pp) {
    return xf_pack_str(pp->pack, xf_pack_header_of(pp->pack)->name);
}

/* The plan `xiufu run` makes of the pack for the policies in effect. */
static pp_set *set_build(xf_pack_plans *pp, const uint8_t *eff, int64_t as_of, int trace, int interp,
                         char **errmsg) {
    int n = pp->bound.npol;
    pp_set *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    xf_plan_init(&s->plan);
    s->trace = trace, s->interp = interp;
    if (!(s->eff = malloc((size_t)n + 1)) || xf_plan_select(&s->plan, &pp->bound, as_of, trace) != 0 ||
        (interp ? xf_plan_use_interp(&s->plan, errmsg) : xf_plan_use_pack(&s->plan, pp->pack, errmsg)) != 0) {
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

const xf_plan *xf_pack_plans_get(xf_pack_plans *pp, int64_t as_of, int trace, int interp, char **errmsg) {
    *errmsg = NULL;
    int n = pp->bound.npol, any = 0;
    uint8_t *eff = malloc((size_t)n + 1);
    if (!eff) return NULL;
    for (int i = 0; i < n; i++) any |= eff[i] = (uint8_t)xf_when_in_effect(&pp->bound.pol[i].when, as_of);
    pp_set *s = pp->sets;
    while (s && (s->trace != trace || s->interp != interp || memcmp(s->eff, eff, (size_t)n))) s = s->next;
    if (!s && any && !(s = set_build(pp, eff, as_of, trace, interp, errmsg)) && !*errmsg) *errmsg = strdup("out of memory");
    free(eff);
    return s ? &s->plan : NULL;
}

int xf_plan_candidate(const xf_plan *p, int i, const char *table, const char *policy) {
    return !strcmp(p->specs[p->pol[i].table].table, table) && (!policy || !strcmp(p->pol[i].name, policy));
}

/* The row of policy i's table with key id when policy i decides it (a run
 * writes a decision for it), else -1. */
static int64_t governed_row(const xf_plan *p, const xf_db *db, const xf_out *o, int i, int64_t id) {
    const xf_table *tab = &db->tab[p->pol[i].table];
    for (int64_t r = 0; r < tab->nrows; r++)
        if (tab->row_id[r] == id) return o->outcome[r] >= 0 || o->step[r] != -1 || o->err[r] != 0 ? r : -1;
    return -1;
}

/* Policies may share a table, each governing its own records (a regime
 * gate); where two govern one row a run writes two decisions. */
int xf_plan_pick(const xf_plan *p, const xf_db *db, const xf_out *out, const char *table, const char *policy,
                 int64_t id, int64_t *row, int *other) {
    int pi = -1;
    for (int i = 0; i < p->npol; i++) {
        if (!xf_plan_candidate(p, i, table, policy)) continue;
        int64_t r = governed_row(p, db, &out[i], i, id);
        if (r < 0) continue;
        if (pi >= 0) {
            *other = i, *row = pi;
            return -2;
        }
        pi = i, *row = r;
    }
    return pi;
}

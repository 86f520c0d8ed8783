/* packset.c — several packs as one policy set (packset.h). */
#include "packset.h"

#include <stdlib.h>
#include <string.h>

#include "strf.h"

struct xf_packset {
    xf_pack **packs;
    int       n;
    xf_bound  bound;
};

int xf_packset_kind(char *const *paths, int n) {
    int packs = 0;
    for (int i = 0; i < n; i++) packs += xf_pack_is_path(paths[i]) != 0;
    return packs == 0 ? 0 : packs == n ? 1 : -1;
}

void xf_packset_close(xf_packset *ps) {
    if (!ps) return;
    for (int i = 0; i < ps->n; i++) xf_pack_close(ps->packs[i]);
    xf_bound_free(&ps->bound);
    free(ps->packs);
    free(ps);
}

const xf_bound *xf_packset_bound(const xf_packset *ps) { return &ps->bound; }

/* Pack a's source of that path: 1 with the same text, -1 with another,
 * 0 when a has none. */
static int source_in(const xf_pack *a, const char *path, const char *text, uint32_t len) {
    const char *p, *t;
    uint32_t n;
    for (uint32_t i = 0; (t = xf_pack_source_text(a, i, &p, &n)); i++)
        if (!strcmp(p, path)) return n == len && !memcmp(t, text, len) ? 1 : -1;
    return 0;
}

/* Whether pack a holds every source of pack b; -1 with *errmsg when they
 * hold different texts under one path. */
static int covers(const xf_pack *a, const xf_pack *b, char **errmsg) {
    const char *p, *t;
    uint32_t n;
    int all = 1;
    for (uint32_t i = 0; (t = xf_pack_source_text(b, i, &p, &n)); i++) {
        int in = source_in(a, p, t, n);
        if (in < 0)
            return xf_failf(errmsg, "%s: its source %s differs from the one of that name in %s; "
                                    "rebuild the packs from the same sources", xf_pack_path(b), p, xf_pack_path(a));
        all &= in;
    }
    return all;
}

int xf_packset_check(const xf_packset *ps, xf_compile *c, char **errmsg) {
    for (int i = 0; i < ps->n; i++)
        if (xf_pack_add_sources(ps->packs[i], c, errmsg) != 0) return -1;
    if (c->diags.errors == 0) xf_check(c);
    if (!c->diags.errors) return 0;
    return xf_failf(errmsg, "%s%s: %s (%d errors); rebuild the pack%s", xf_pack_path(ps->packs[0]), ps->n > 1 ? " ..." : "",
                    ps->n > 1 ? "their policies do not check together with this xiufu" : "its policies do not check with this xiufu",
                    c->diags.errors, ps->n > 1 ? "s" : "");
}

/* The pack holding every other's sources, or -1 with *errmsg. */
static int covering_pack(const xf_packset *ps, char **errmsg) {
    for (int a = 0; a < ps->n; a++) {
        int all = 1;
        for (int b = 0; b < ps->n && all > 0; b++) all = b == a ? 1 : covers(ps->packs[a], ps->packs[b], errmsg);
        if (all) return all < 0 ? -1 : a;
    }
    return xf_failf(errmsg, "%s: no pack holds the sources of all the others: each pack's code is compiled for its "
                            "own policy set; build one pack of all their sources (xiufu build FOLDER... -o PACK.so)",
                    xf_pack_path(ps->packs[0]));
}

xf_packset *xf_packset_open(char *const *paths, int n, const xf_pack_trust *trust, char **errmsg) {
    *errmsg = NULL;
    xf_packset *ps = calloc(1, sizeof *ps);
    if (ps) ps->packs = calloc((size_t)n + 1, sizeof *ps->packs);
    if (!ps || !ps->packs) {
        free(ps);
        *errmsg = strdup("out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (xf_pack_open(paths[i], trust, &ps->packs[ps->n], errmsg) != 0) goto fail;
        ps->n++;
        if (xf_pack_check_sources(ps->packs[ps->n - 1], errmsg) != 0) goto fail;
    }
    int k = covering_pack(ps, errmsg);
    if (k < 0 || xf_bound_of_pack(ps->packs[k], &ps->bound, errmsg) != 0) goto fail;
    return ps;
fail:
    xf_packset_close(ps);
    return NULL;
}

int xf_plan_declare(xf_plan *p, const xf_packset *ps, char **errmsg) {
    xf_tablespec *specs;
    if (p->npol == 0 || p->pol[0].decl) return 0;
    if (xf_packset_check(ps, &p->c, errmsg) != 0) return -1;
    if (xf_pack_layout(&p->c, &specs) < 0) return xf_failf(errmsg, "%s: cannot lay out the tables", xf_pack_path(ps->packs[0]));
    for (int i = 0; i < p->npol; i++) {
        for (int k = 0; k < p->c.npolicies && !p->pol[i].decl; k++)
            if (!strcmp(p->c.policies[k]->name, p->pol[i].name)) p->pol[i].decl = p->c.policies[k];
        if (!p->pol[i].decl) return xf_failf(errmsg, "%s: its sources have no policy %s", xf_pack_path(ps->packs[0]), p->pol[i].name);
    }
    return 0;
}

int xf_plan_use_packset(xf_plan *p, const xf_packset *ps, char **errmsg) {
    for (int i = 0; i < p->npol; i++) {
        p->pol[i].fn = NULL;
        for (int k = 0; k < ps->n && !p->pol[i].fn; k++) {
            free(*errmsg);
            *errmsg = NULL;
            p->pol[i].fn = xf_pack_fn(ps->packs[k], p->pol[i].prog, p->trace, errmsg);
        }
        if (!p->pol[i].fn) return -1;
    }
    free(*errmsg);
    *errmsg = NULL;
    p->engine = "pack";
    return 0;
}

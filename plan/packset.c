/* packset.c — several packs as one policy set (packset.h). */
#include "packset.h"

#include <stdlib.h>
#include <string.h>

#include "policyset.h"

struct xf_packset {
    xf_pack **packs;
    int       n;
};

int xf_packset_kind(char *const *paths, int n) {
    int packs = 0;
    for (int i = 0; i < n; i++) packs += xf_pack_is_path(paths[i]) != 0;
    return packs == 0 ? 0 : packs == n ? 1 : -1;
}

void xf_packset_close(xf_packset *ps) {
    if (!ps) return;
    for (int i = 0; i < ps->n; i++) xf_pack_close(ps->packs[i]);
    free(ps->packs);
    free(ps);
}

xf_packset *xf_packset_open(char *const *paths, int n, const xf_pack_trust *trust, xf_compile *c, char **errmsg) {
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
        if (xf_pack_add_sources(ps->packs[ps->n - 1], c, errmsg) != 0) goto fail;
    }
    if (c->diags.errors == 0) xf_check(c);
    if (c->diags.errors) {
        size_t len = 200;
        for (int i = 0; i < n; i++) len += strlen(paths[i]) + 2;
        *errmsg = malloc(len);
        if (*errmsg)
            snprintf(*errmsg, len, "%s%s: %s (%d errors); rebuild the pack%s", paths[0], n > 1 ? " ..." : "",
                     n > 1 ? "their policies do not check together with this xiufu"
                           : "its policies do not check with this xiufu",
                     c->diags.errors, n > 1 ? "s" : "");
        goto fail;
    }
    return ps;
fail:
    xf_packset_close(ps);
    return NULL;
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

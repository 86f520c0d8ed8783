/* check_modules.c — modules, overrides and effective periods.
 *
 * A module sees its own declarations and those of the modules it uses,
 * directly or through them; a name declared in two of those (and not in the
 * module itself) is ambiguous.  Uses may not form a cycle.
 *
 * An override (`override BASE as NAME where COND`) becomes a policy of its
 * own: a copy of BASE in which the override's lets, requirements and outputs
 * replace those of the same name (with the same type) or are added, and whose
 * steps go where its `decide` blocks place them among BASE's (by default
 * before them all).  It governs the records of BASE that satisfy
 * COND while both modules are in effect; BASE keeps the rest.  Relative
 * citations of BASE's items are made absolute first, so they keep citing
 * BASE's instrument.
 *
 * `policy B supersedes A` says B follows A in time: A's module must end the
 * day before B's starts.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dates.h"

static xf_module *module_named(xf_compile *c, const char *name) {
    for (int i = 0; i < c->nmodules; i++)
        if (c->modules[i]->name && !strcmp(c->modules[i]->name, name)) return c->modules[i];
    return NULL;
}

/* ---- visibility ---- */

static void add_visible(xf_compile *c, xf_module *m, xf_module *v) {
    if (v == m) return;
    for (int i = 0; i < m->nvisible; i++)
        if (m->visible[i] == v) return;
    xf_module **grown = xf_arena_alloc(&c->arena, sizeof *grown * (size_t)(m->nvisible + 1));
    if (!grown) return;
    if (m->nvisible) memcpy(grown, m->visible, sizeof *grown * (size_t)m->nvisible);
    grown[m->nvisible++] = v;
    m->visible = grown;
}

static int visible_from(const xf_module *from, const xf_module *m) {
    if (!from || from == m || m->prelude) return 1;
    for (int i = 0; i < from->nvisible; i++)
        if (from->visible[i] == m) return 1;
    return 0;
}

/* Every module m uses, directly or not, becomes visible from root: each
 * once, so that a diamond of uses costs its edges, not its paths. */
static void reach(xf_compile *c, xf_module *root, xf_module *m) {
    for (int i = 0; i < m->nuses; i++) {
        xf_module *u = module_named(c, m->uses[i]);
        if (!u || u == root || visible_from(root, u)) continue;  /* unknown: reported by check_module */
        add_visible(c, root, u);
        reach(c, root, u);
    }
}

/* Depth-first over uses, colouring modules (0 unseen, 1 on the chain in
 * `path`, 2 done): a use of a module on the chain closes a cycle, reported
 * once, at that use. */
static void find_cycles(xf_compile *c, xf_module *m, int *colour, xf_module **path, int depth) {
    int self = -1;
    for (int i = 0; i < c->nmodules; i++)
        if (c->modules[i] == m) self = i;
    colour[self] = 1;
    path[depth] = m;
    for (int i = 0; i < m->nuses; i++) {
        xf_module *u = module_named(c, m->uses[i]);
        int ui = -1;
        for (int k = 0; u && k < c->nmodules; k++)
            if (c->modules[k] == u) ui = k;
        if (ui < 0 || colour[ui] == 2) continue;
        if (colour[ui] == 0) {
            find_cycles(c, u, colour, path, depth + 1);
            continue;
        }
        int k = depth;
        while (k > 0 && path[k] != u) k--;
        char *chain = xf_arena_strdup(&c->arena, u->name);
        for (int j = k + 1; j <= depth && chain; j++) chain = xf_arena_printf(&c->arena, "%s → %s", chain, path[j]->name);
        chain = xf_arena_printf(&c->arena, "%s → %s", chain ? chain : "", u->name);
        xf_diag(&c->diags, m->use_spans[i], XF_D_MODULE_CYCLE, chain);
    }
    colour[self] = 2;
}

void xf_modules_visibility(xf_compile *c) {
    int *colour = calloc((size_t)c->nmodules + 1, sizeof *colour);
    xf_module **path = calloc((size_t)c->nmodules + 1, sizeof *path);
    for (int i = 0; colour && path && i < c->nmodules; i++)
        if (!colour[i]) find_cycles(c, c->modules[i], colour, path, 0);
    free(colour), free(path);
    for (int i = 0; i < c->nmodules; i++) reach(c, c->modules[i], c->modules[i]);
}


xf_decl *xf_find_decl(xf_compile *c, const xf_module *from, const char *name, xf_decl_kind kind, xf_span at) {
    xf_decl *own = NULL, *found = NULL;
    for (int i = 0; i < c->ndecls; i++) {
        xf_decl *d = c->decls[i];
        if (d->kind != kind || strcmp(d->name, name) || (d->kind == XF_D_PARAM && d->extends)) continue;
        if (from && d->module == from) own = d;
        else if (visible_from(from, d->module)) {
            if (found && found->module != d->module && at.end) {
                xf_diag(&c->diags, at, XF_D_AMBIGUOUS_NAME, name, found->module->name ? found->module->name : found->module->path,
                        d->module->name ? d->module->name : d->module->path);
                return found;
            }
            if (!found) found = d;
        }
    }
    return own ? own : found;
}

/* ---- overrides ---- */

#define APPEND(c, arr, n, item)                                                             \
    do {                                                                                    \
        void *grown_ = xf_arena_alloc(&(c)->arena, sizeof *(arr) * (size_t)((n) + 1));      \
        if (!grown_) break;                                                                 \
        if (n) memcpy(grown_, (arr), sizeof *(arr) * (size_t)(n));                          \
        (arr) = grown_;                                                                     \
        (arr)[(n)++] = (item);                                                              \
    } while (0)

static const char *absolute_basis(xf_compile *c, const xf_decl *base, const char *basis) {
    return basis ? xf_citation(c, base, basis) : NULL;
}

/* The index of the step of `pol` named `name`, or -1. */
int xf_step_named(const xf_decl *pol, const char *name) {
    for (int i = 0; name && i < pol->nsteps; i++)
        if (pol->steps[i].name && !strcmp(pol->steps[i].name, name)) return i;
    return -1;
}

void xf_unknown_step(xf_compile *c, const xf_decl *pol, const char *name, xf_span at) {
    const char **cands = xf_arena_alloc(&c->arena, sizeof *cands * (size_t)(pol->nsteps + 1));
    int n = 0;
    for (int i = 0; cands && i < pol->nsteps; i++)
        if (pol->steps[i].name) cands[n++] = pol->steps[i].name;
    const char *near = cands ? xf_nearest(name, cands, n) : NULL;
    if (near) xf_diag(&c->diags, at, XF_D_UNKNOWN_STEP_DYM, pol->name, name, near);
    else xf_diag(&c->diags, at, XF_D_UNKNOWN_STEP, pol->name, name);
}

/* Copy BASE's items into the override, citing BASE's instrument. */
static void copy_base(xf_compile *c, xf_decl *o, const xf_decl *b) {
    xf_let *lets = xf_arena_alloc(&c->arena, sizeof *lets * (size_t)(b->nlets + o->nlets + 1));
    xf_require *reqs = xf_arena_alloc(&c->arena, sizeof *reqs * (size_t)(b->nreqs + o->nreqs + 1));
    xf_output *outs = xf_arena_alloc(&c->arena, sizeof *outs * (size_t)(b->noutputs + o->noutputs + 1));
    xf_step *steps = xf_arena_alloc(&c->arena, sizeof *steps * (size_t)(b->nsteps + o->nsteps + 1));
    if (!lets || !reqs || !outs || !steps) return;
    int nl = 0, nq = 0, no = 0, ns = 0;
    for (int i = 0; i < b->nlets; i++) {
        lets[nl] = b->lets[i];
        lets[nl].basis = absolute_basis(c, b, b->lets[i].basis);
        xf_except *x = xf_arena_alloc(&c->arena, sizeof *x * (size_t)(b->lets[i].nexcepts + 1));
        for (int k = 0; x && k < b->lets[i].nexcepts; k++) {
            x[k] = b->lets[i].excepts[k];
            x[k].basis = absolute_basis(c, b, x[k].basis);
        }
        lets[nl].excepts = x;
        lets[nl].state = 0;
        nl++;
    }
    for (int i = 0; i < b->nreqs; i++) reqs[nq] = b->reqs[i], reqs[nq].basis = absolute_basis(c, b, b->reqs[i].basis), nq++;
    for (int i = 0; i < b->noutputs; i++)
        outs[no] = b->outputs[i], outs[no].basis = absolute_basis(c, b, b->outputs[i].basis), no++;
    /* the override's own items: replace by name, or add */
    for (int i = 0; i < o->nlets; i++) {
        int k = 0;
        while (k < nl && strcmp(lets[k].name, o->lets[i].name)) k++;
        lets[k] = o->lets[i];
        if (k == nl) nl++;
    }
    for (int i = 0; i < o->nreqs; i++) {
        int k = 0;
        while (k < nq && strcmp(reqs[k].name, o->reqs[i].name)) k++;
        reqs[k] = o->reqs[i];
        if (k == nq) nq++;
    }
    for (int i = 0; i < o->noutputs; i++) {
        int k = 0;
        while (k < no && strcmp(outs[k].name, o->outputs[i].name)) k++;
        outs[k] = o->outputs[i];
        if (k == no) no++;
    }
    /* the merged ladder: BASE's steps in order, the override's placed among
     * them (docs/language.md §14a); a block without a place goes first */
    int *at = xf_arena_alloc(&c->arena, sizeof *at * (size_t)(o->nsteps + 1));
    if (!at) return;
    for (int i = 0; i < o->nsteps; i++) {
        xf_step *s = &o->steps[i];
        s->local = 1, s->written = i + 1;
        at[i] = -1;
        if (s->place != XF_PLACE_FIRST) {
            at[i] = xf_step_named(b, s->anchor);
            if (at[i] < 0) o->unknown_steps = 1;
            if (at[i] < 0 && (i == 0 || o->steps[i - 1].anchor_span.start != s->anchor_span.start))
                xf_unknown_step(c, b, s->anchor, s->anchor_span);
        }
        for (int k = 0; k < s->noverrides; k++)
            if (xf_step_named(b, s->overrides[k].name) < 0) {
                xf_unknown_step(c, b, s->overrides[k].name, s->overrides[k].span);
                o->unknown_steps = 1;
            }
    }
    for (int i = 0; i < o->nsteps; i++)
        if (at[i] < 0) steps[ns++] = o->steps[i];
    for (int k = 0; k < b->nsteps; k++) {
        int replaced = 0;
        for (int i = 0; i < o->nsteps; i++)
            if (at[i] == k && o->steps[i].place == XF_PLACE_BEFORE) steps[ns++] = o->steps[i];
        for (int i = 0; i < o->nsteps; i++)
            if (at[i] == k && o->steps[i].place == XF_PLACE_INSTEAD) steps[ns++] = o->steps[i], replaced = 1;
        if (!replaced) {
            steps[ns] = b->steps[k], steps[ns].basis = absolute_basis(c, b, b->steps[k].basis);
            steps[ns].local = 0, steps[ns].written = k + 1, ns++;
        }
        for (int i = 0; i < o->nsteps; i++)
            if (at[i] == k && o->steps[i].place == XF_PLACE_AFTER) steps[ns++] = o->steps[i];
    }
    o->lets = lets, o->nlets = nl;
    o->reqs = reqs, o->nreqs = nq;
    o->outputs = outs, o->noutputs = no;
    o->steps = steps, o->nsteps = ns;
    if (!o->nsteps || !o->decide_span.end) o->decide_span = b->decide_span;
}

static void merge_override(xf_compile *c, xf_decl *o) {
    xf_decl *b = xf_find_decl(c, o->module, o->overrides, XF_D_POLICY, o->overrides_span);
    if (!b || b == o || b->overrides) {
        const char *cands[256];
        int n = 0;
        for (int i = 0; i < c->npolicies && n < 256; i++)
            if (c->policies[i] != o) cands[n++] = c->policies[i]->name;
        const char *near = xf_nearest(o->overrides, cands, n);
        if (near) xf_diag(&c->diags, o->overrides_span, XF_D_UNKNOWN_POLICY_DYM, o->overrides, near);
        else xf_diag(&c->diags, o->overrides_span, XF_D_UNKNOWN_POLICY, o->overrides);
        return;
    }
    o->base = b;
    o->var = b->var, o->var_span = b->var_span;
    o->subject = b->subject, o->subject_span = b->subject_span;
    o->effective_on = b->effective_on;
    o->lenient_on = b->lenient_on;
    if (!b->where) {
        o->where = o->override_where;
    } else if (o->override_where) {
        xf_expr *both = xf_arena_alloc(&c->arena, sizeof *both);
        if (both) {
            both->kind = XF_E_BINARY, both->op = XF_EOP_AND, both->span = o->override_where->span;
            both->a = b->where, both->b = o->override_where;
        }
        o->where = both;
    } else {
        o->where = b->where;
    }
    copy_base(c, o, b);
    APPEND(c, b->overridden_by, b->noverridden_by, o);
}

/* After both are checked: an override keeps the type of what it replaces. */
void xf_check_override_types(xf_compile *c, const xf_decl *o) {
    const xf_decl *b = o->base;
    if (!b) return;
    for (int i = 0; i < b->nlets && i < o->nlets; i++) {
        const xf_type *bt = b->lets[i].type, *ot = o->lets[i].type;
        if (!bt || !ot || bt->kind == XF_T_ERROR || ot->kind == XF_T_ERROR) continue;
        if (bt->kind != ot->kind || bt->decl != ot->decl)
            xf_diag(&c->diags, o->lets[i].span, XF_D_OVERRIDE_TYPE, b->lets[i].name, xf_type_str(c, bt), xf_type_str(c, ot));
    }
    for (int i = 0; i < b->noutputs && i < o->noutputs; i++) {
        const xf_type *bt = b->outputs[i].type, *ot = o->outputs[i].type;
        if (!bt || !ot || bt->kind == XF_T_ERROR || ot->kind == XF_T_ERROR || ot->kind == XF_T_NONE) continue;
        if (bt->kind != ot->kind || bt->decl != ot->decl)
            xf_diag(&c->diags, o->outputs[i].span, XF_D_OVERRIDE_TYPE, b->outputs[i].name, xf_type_str(c, bt),
                    xf_type_str(c, ot));
    }
}

/* ---- extended parameters ---- */

static void merge_extension(xf_compile *c, xf_decl *ext) {
    xf_decl *base = NULL;
    for (int i = 0; i < c->ndecls; i++) {
        xf_decl *d = c->decls[i];
        if (d->kind == XF_D_PARAM && !d->extends && !strcmp(d->name, ext->name) && visible_from(ext->module, d->module))
            base = d;
    }
    if (!base) {
        xf_diag(&c->diags, ext->span, XF_D_OVERRIDE_PARAM, ext->name);
        return;
    }
    for (int i = 0; i < ext->nrows; i++) APPEND(c, base->rows, base->nrows, ext->rows[i]);
}

/* ---- effective periods ---- */

static const char *day_text(xf_compile *c, int64_t day) {
    char buf[11];
    xf_date_format(day, buf);
    return xf_arena_strdup(&c->arena, buf);
}

static void check_supersedes(xf_compile *c, xf_decl *p) {
    xf_decl *a = xf_find_decl(c, p->module, p->supersedes, XF_D_POLICY, p->supersedes_span);
    if (!a || a == p) {
        xf_diag(&c->diags, p->supersedes_span, XF_D_UNKNOWN_POLICY, p->supersedes);
        return;
    }
    p->superseded = a;
    if (a->subject && p->subject && strcmp(a->subject, p->subject))
        xf_diag(&c->diags, p->supersedes_span, XF_D_SUBJECT_DIFFERS, p->name, p->subject, a->name, a->subject);
    const xf_module *am = a->module, *pm = p->module;
    if (!am->has_effective_until || !pm->has_effective_from) {
        xf_diag(&c->diags, p->supersedes_span, XF_D_PERIOD_MISSING, p->name, a->name);
        return;
    }
    if (am->effective_until + 1 < pm->effective_from)
        xf_diag(&c->diags, p->supersedes_span, XF_D_PERIOD_GAP, a->name, day_text(c, am->effective_until), p->name,
                day_text(c, pm->effective_from));
    else if (am->effective_until + 1 > pm->effective_from)
        xf_diag(&c->diags, p->supersedes_span, XF_D_PERIOD_OVERLAP, a->name, day_text(c, am->effective_until), p->name,
                day_text(c, pm->effective_from));
}

void xf_modules_link(xf_compile *c) {
    for (int i = 0; i < c->ndecls; i++)
        if (c->decls[i]->kind == XF_D_PARAM && c->decls[i]->extends) merge_extension(c, c->decls[i]);
    for (int i = 0; i < c->npolicies; i++)
        if (c->policies[i]->overrides) merge_override(c, c->policies[i]);
    for (int i = 0; i < c->npolicies; i++)
        if (c->policies[i]->supersedes) check_supersedes(c, c->policies[i]);
}

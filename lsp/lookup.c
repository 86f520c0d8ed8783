/* lookup.c — the name under the cursor, from the checked tree. */
#include <string.h>

#include "check.h"
#include "lookup.h"

typedef struct finder {
    const lsp_analysis *a;
    uint32_t            off;
    lsp_target         *t;
    const xf_expr      *aggs[64];  /* aggregates around the expression: their variables */
    int                 naggs;
} finder;

static int at(const finder *f, xf_span sp) {
    return sp.file == f->a->file && sp.end > sp.start && f->off >= sp.start && f->off <= sp.end;
}

static int hit(finder *f, xf_span sp, lsp_target_kind kind, const xf_decl *policy, const xf_decl *decl, int index,
               const char *name) {
    if (!at(f, sp)) return 0;
    *f->t = (lsp_target){.kind = kind, .at = sp, .policy = policy, .decl = decl, .index = index, .name = name};
    return 1;
}

static const xf_decl *find_decl(const xf_compile *c, const char *name, xf_decl_kind kind) {
    for (int i = 0; name && i < c->ndecls; i++)
        if (c->decls[i]->kind == kind && c->decls[i]->name && !strcmp(c->decls[i]->name, name) &&
            !(kind == XF_D_PARAM && c->decls[i]->extends))
            return c->decls[i];
    return NULL;
}

static int expr(finder *f, const xf_expr *e, const xf_decl *pol) {
    if (!e || e->span.file != f->a->file) return 0;
    switch (e->kind) {
    case XF_E_NAME:
        if (!at(f, e->span)) return 0;
        switch (e->ref) {
        case XF_R_LET: return hit(f, e->span, LT_LET, pol, NULL, e->ref_index, e->name);
        case XF_R_REQUIRE: return hit(f, e->span, LT_REQUIRE, pol, NULL, e->ref_index, e->name);
        case XF_R_OUTPUT: return hit(f, e->span, LT_OUTPUT, pol, NULL, e->ref_index, e->name);
        case XF_R_PARAM: return hit(f, e->span, LT_PARAM, pol, e->ref_decl, 0, e->name);
        case XF_R_LABEL: return hit(f, e->span, LT_LABEL, pol, e->ref_decl, e->ref_index, e->name);
        case XF_R_SUBJECT:
            hit(f, e->span, LT_SUBJECT, pol, pol ? pol->subject_decl : NULL, 0, e->name);
            f->t->type = e->type;
            return 1;
        case XF_R_ASOF: return hit(f, e->span, LT_ASOF, pol, NULL, 0, e->name);
        case XF_R_AGGVAR:
            for (int i = f->naggs - 1; i >= 0; i--)
                if (f->aggs[i]->name && !strcmp(f->aggs[i]->name, e->name)) {
                    hit(f, e->span, LT_AGGVAR, pol, NULL, 0, e->name);
                    f->t->def = f->aggs[i]->name_span;
                    f->t->type = e->type;
                    if (e->type && e->type->kind == XF_T_RECORD) f->t->decl = e->type->decl;
                    return 1;
                }
            return 0;
        default: return 0;
        }
    case XF_E_FIELD:
        if (at(f, e->name_span)) {
            if (e->ref == XF_R_COLUMN) return hit(f, e->name_span, LT_FIELD, pol, e->ref_decl, e->ref_index, e->name);
            if (e->ref == XF_R_ENTITY || e->ref == XF_R_RELATION)
                return hit(f, e->name_span, LT_RECORD, pol, e->ref_decl, 0, e->name);
            return 0;
        }
        return expr(f, e->a, pol);
    case XF_E_CALL: {
        xf_span name = {e->span.file, e->span.start, e->span.start + (uint32_t)(e->name ? strlen(e->name) : 0)};
        if (e->name && at(f, name))  /* a parameter is called with its region and day */
            return e->ref == XF_R_PARAM ? hit(f, name, LT_PARAM, pol, e->ref_decl, 0, e->name)
                                        : hit(f, name, LT_FUNCTION, pol, NULL, 0, e->name);
        for (int i = 0; i < e->nargs; i++)
            if (expr(f, e->args[i], pol)) return 1;
        return 0;
    }
    case XF_E_AGG: {
        if (at(f, e->name_span)) {
            hit(f, e->name_span, LT_AGGVAR, pol, NULL, 0, e->name);
            f->t->def = e->name_span;
            if (e->a && e->a->type && e->a->type->kind == XF_T_LIST) f->t->decl = e->a->type->decl;
            return 1;
        }
        if (expr(f, e->a, pol)) return 1;
        if (f->naggs < 64) f->aggs[f->naggs++] = e;
        int r = expr(f, e->b, pol) || expr(f, e->c, pol);
        f->naggs--;
        return r;
    }
    default:
        if (expr(f, e->a, pol) || expr(f, e->b, pol) || expr(f, e->c, pol)) return 1;
        for (int i = 0; i < e->nargs; i++)
            if (expr(f, e->args[i], pol)) return 1;
        return 0;
    }
}

static int step_named(const xf_decl *pol, const char *name) {
    for (int i = 0; pol && name && i < pol->nsteps; i++)
        if (pol->steps[i].name && !strcmp(pol->steps[i].name, name)) return i;
    return -1;
}

static int policy(finder *f, const xf_decl *d) {
    if (hit(f, d->span, LT_POLICY, d, d, 0, d->name)) return 1;
    if (hit(f, d->var_span, LT_SUBJECT, d, d->subject_decl, 0, d->var)) return 1;
    if (hit(f, d->subject_span, LT_RECORD, d, d->subject_decl, 0, d->subject)) return 1;
    if (d->superseded && hit(f, d->supersedes_span, LT_POLICY, d, d->superseded, 0, d->supersedes)) return 1;
    if (d->base && hit(f, d->overrides_span, LT_POLICY, d, d->base, 0, d->overrides)) return 1;
    if (expr(f, d->where, d) || expr(f, d->effective_on, d) || expr(f, d->lenient_on, d) || expr(f, d->override_where, d))
        return 1;
    for (int i = 0; i < d->nlets; i++) {
        const xf_let *l = &d->lets[i];
        if (hit(f, l->span, LT_LET, d, NULL, i, l->name) || expr(f, l->value, d)) return 1;
        for (int k = 0; k < l->nexcepts; k++)
            if (expr(f, l->excepts[k].value, d) || expr(f, l->excepts[k].cond, d)) return 1;
    }
    for (int i = 0; i < d->nreqs; i++)
        if (hit(f, d->reqs[i].span, LT_REQUIRE, d, NULL, i, d->reqs[i].name) || expr(f, d->reqs[i].cond, d)) return 1;
    for (int i = 0; i < d->noutputs; i++)
        if (hit(f, d->outputs[i].span, LT_OUTPUT, d, NULL, i, d->outputs[i].name) || expr(f, d->outputs[i].value, d))
            return 1;
    for (int i = 0; i < d->nsteps; i++) {
        const xf_step *s = &d->steps[i];
        if (s->name && hit(f, s->name_span, LT_STEP, d, NULL, i, s->name)) return 1;
        if (s->outcome && hit(f, s->span, LT_OUTCOME, d, NULL, i, s->outcome)) return 1;
        int anchor = step_named(d->base, s->anchor);
        if (anchor >= 0 && hit(f, s->anchor_span, LT_STEP, d->base, NULL, anchor, s->anchor)) return 1;
        for (int k = 0; k < s->noverrides; k++) {
            int o = step_named(d->base, s->overrides[k].name);
            if (o >= 0 && hit(f, s->overrides[k].span, LT_STEP, d->base, NULL, o, s->overrides[k].name)) return 1;
        }
        if (expr(f, s->from, d) || expr(f, s->until, d) || expr(f, s->when, d)) return 1;
        for (int k = 0; k < s->nsets; k++) {
            const xf_assign *as = &s->sets[k];
            for (int o = 0; o < d->noutputs; o++)
                if (!strcmp(d->outputs[o].name, as->name) && hit(f, as->span, LT_OUTPUT, d, NULL, o, as->name)) return 1;
            if (expr(f, as->value, d)) return 1;
        }
    }
    return 0;
}

static int type_ref(finder *f, const xf_typeref *t) {
    const xf_compile *c = &f->a->c;
    const xf_decl *e = find_decl(c, t->name, XF_D_ENUM);
    if (e) return hit(f, t->span, LT_ENUM, NULL, e, 0, t->name);
    const xf_decl *r = find_decl(c, t->name, XF_D_RECORD);
    return r && hit(f, t->span, LT_RECORD, NULL, r, 0, t->name);
}

static int field_of(const xf_decl *rec, const char *name) {
    for (int i = 0; rec && name && i < rec->nfields; i++)
        if (!strcmp(rec->fields[i].name, name)) return i;
    return -1;
}

static int decl(finder *f, const xf_decl *d) {
    const xf_compile *c = &f->a->c;
    switch (d->kind) {
    case XF_D_ENUM:
        if (hit(f, d->span, LT_ENUM, NULL, d, 0, d->name)) return 1;
        for (int i = 0; i < d->nlabels; i++)
            if (hit(f, d->labels[i].span, LT_LABEL, NULL, d, i, d->labels[i].name)) return 1;
        return 0;
    case XF_D_RECORD:
        if (hit(f, d->span, LT_RECORD, NULL, d, 0, d->name)) return 1;
        for (int i = 0; i < d->nfields; i++)
            if (hit(f, d->fields[i].span, LT_FIELD, NULL, d, i, d->fields[i].name) || type_ref(f, &d->fields[i].type))
                return 1;
        return 0;
    case XF_D_PARAM: {
        const xf_decl *orig = d->extends ? find_decl(c, d->name, XF_D_PARAM) : d;
        if (hit(f, d->span, LT_PARAM, NULL, orig ? orig : d, 0, d->name)) return 1;
        if (!d->extends && type_ref(f, &d->ptype)) return 1;
        for (int i = 0; i < d->nrows; i++)
            if (expr(f, d->rows[i].value, NULL)) return 1;
        return expr(f, d->pdefault, NULL);
    }
    case XF_D_POLICY:
        return policy(f, d);
    case XF_D_TEST:
        for (int i = 0; i < d->ntexpects; i++)
            if (d->texpects[i].outcome && hit(f, d->texpects[i].outcome_span, LT_OUTCOME, NULL, NULL, 0, d->texpects[i].outcome))
                return 1;
        for (int i = 0; i < d->ntrecords; i++) {
            const xf_test_record *r = &d->trecords[i];
            if (r->decl && hit(f, r->span, LT_RECORD, NULL, r->decl, 0, r->record)) return 1;
            for (int k = 0; k < r->nfields; k++) {
                int fi = field_of(r->decl, r->fields[k].name);
                if (fi >= 0 && hit(f, r->fields[k].span, LT_FIELD, NULL, r->decl, fi, r->fields[k].name)) return 1;
                if (expr(f, r->fields[k].value, NULL)) return 1;
            }
        }
        return 0;
    case XF_D_DOCUMENT:
        if (hit(f, d->span, LT_DOCUMENT, NULL, d, 0, d->name)) return 1;
        if (hit(f, d->subject_span, LT_RECORD, NULL, d->subject_decl, 0, d->subject)) return 1;
        for (int i = 0; i < d->nby; i++)
            if (d->by_decls && d->by_decls[i] && hit(f, d->by_spans[i], LT_POLICY, NULL, d->by_decls[i], 0, d->by[i]))
                return 1;
        return 0;
    }
    return 0;
}

static const xf_module *module_named(const xf_compile *c, const char *name) {
    for (int i = 0; i < c->nmodules; i++)
        if (c->modules[i]->name && !strcmp(c->modules[i]->name, name)) return c->modules[i];
    return NULL;
}

int lsp_lookup(const lsp_analysis *a, uint32_t off, lsp_target *t) {
    finder f = {.a = a, .off = off, .t = t};
    memset(t, 0, sizeof *t);
    const xf_module *m = a->module;
    if (m->name && hit(&f, m->span, LT_MODULE, NULL, NULL, 0, m->name)) {
        t->module = m;
        return 0;
    }
    for (int i = 0; i < m->nuses; i++)
        if (hit(&f, m->use_spans[i], LT_MODULE, NULL, NULL, 0, m->uses[i])) {
            t->module = module_named(&a->c, m->uses[i]);
            return 0;
        }
    for (int i = 0; i < m->ndecls; i++)
        if (decl(&f, m->decls[i])) return 0;
    return -1;
}

xf_span lsp_definition(const lsp_analysis *a, const lsp_target *t) {
    xf_span none = {-1, 0, 0};
    switch (t->kind) {
    case LT_LET: return t->policy && t->index < t->policy->nlets ? t->policy->lets[t->index].span : none;
    case LT_REQUIRE: return t->policy && t->index < t->policy->nreqs ? t->policy->reqs[t->index].span : none;
    case LT_OUTPUT: return t->policy && t->index < t->policy->noutputs ? t->policy->outputs[t->index].span : none;
    case LT_STEP: return t->policy && t->index < t->policy->nsteps ? t->policy->steps[t->index].name_span : none;
    case LT_LABEL: return t->decl && t->index < t->decl->nlabels ? t->decl->labels[t->index].span : none;
    case LT_FIELD: return t->decl && t->index < t->decl->nfields ? t->decl->fields[t->index].span : none;
    case LT_SUBJECT: return t->policy ? t->policy->var_span : none;
    case LT_AGGVAR: return t->def;
    case LT_PARAM: case LT_POLICY: case LT_RECORD: case LT_ENUM: case LT_DOCUMENT:
        return t->decl ? t->decl->span : none;
    case LT_MODULE: return t->module ? t->module->span : none;
    default: return none;
    }
}

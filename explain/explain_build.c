/* explain_build.c — the rules of a decision, read from the checked syntax
 * tree of the run's rebuilt compilation (explain_int.h).
 *
 * Each traced slot knows its trace point, and each trace point the syntax
 * node it stands for: a let or requirement by its index, a ladder step by
 * its position, an aggregate or parameter lookup by its span.  Statements
 * are shown in one canonical layout (xf_expr_text), so a policy explains
 * the same however its lines are broken.  Date arithmetic is recomputed
 * from the tree and the traced inputs and kept only when it agrees with
 * the traced result.  Where the policy's slots did not match (b->pol is
 * NULL: no stored sources, or sources this compiler reads differently) the
 * explanation shows the traced values and the stored source lines alone.
 */
#include "explain_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dates.h"
#include "embedded.h"
#include "plain.h"

/* ----------------------------------------------------------------- tree */

static xf_compile *comp(xf_ex_build *b) { return &b->cc->c; }

static const char *txt(xf_ex_build *b, const xf_expr *e) {
    return e ? xf_ex_strdup(b, xf_expr_text(comp(b), e)) : NULL;
}

static const char *column_label(xf_ex_build *b, const char *tab, const char *col);

/* A column's label for the plain words: the one its traced slot shows. */
static const char *plain_label(void *ctx, const xf_decl *rec, const xf_field_decl *f) {
    xf_ex_build *b = ctx;
    return rec->table ? column_label(b, rec->table, f->column ? f->column : f->name) : NULL;
}

/* An expression in plain Chinese (out[0]) and English (out[1]). */
static void plain2(xf_ex_build *b, const xf_expr *e, const char **out) {
    for (int en = 0; e && en < 2; en++) {
        char *s = xf_plain(comp(b), e, en, plain_label, b, NULL);
        if (!s) {
            b->oom = 1;
            return;
        }
        out[en] = xf_ex_strdup(b, s);
        free(s);
    }
}

static int line_of(xf_ex_build *b, xf_span sp) {
    int line = 0, col = 0;
    if (sp.file >= 0 && sp.file < comp(b)->diags.nsrc) xf_source_linecol(&comp(b)->diags.src[sp.file], sp.start, &line, &col);
    return line;
}

static const char *cite(xf_ex_build *b, const char *basis) {
    return basis ? xf_ex_strdup(b, xf_citation(comp(b), b->pol, basis)) : NULL;
}

static char *joinf(xf_ex_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *joinf(xf_ex_build *b, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    char none[1];
    int n = vsnprintf(none, sizeof none, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? xf_ex_alloc(b, (size_t)n + 1) : NULL;
    if (s) vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* ---------------------------------------------------------------- slots */

static const xf_ex_slot *slot_named(const xf_explanation *ex, int kind, const char *name) {
    for (int i = 0; name && i < ex->nslots; i++) {
        const xf_ex_slot *x = &ex->slots[i];
        if (x->kind == kind && x->name && !strcmp(x->name, name)) return x;
    }
    return NULL;
}

static void refs_add(xf_ex_build *b, xf_ex_refs *r, const xf_ex_slot *s) {
    if (!s) return;
    for (int i = 0; i < r->n; i++)
        if (r->s[i] == s) return;
    const xf_ex_slot **a = xf_ex_alloc(b, sizeof *a * (size_t)(r->n + 1));
    if (!a) return;
    if (r->n) memcpy(a, r->s, sizeof *a * (size_t)r->n);
    a[r->n++] = s;
    r->s = a;
}

static int within(xf_span in, xf_span sp) {
    return in.file == sp.file && sp.start >= in.start && sp.end <= in.end;
}

/* The names an expression reads, in the order written. */
static void names_of(xf_ex_build *b, const xf_expr *e, xf_ex_refs *r, int depth) {
    if (!e || depth > XF_MAX_EXPR_DEPTH) return;
    const xf_explanation *ex = b->ex;
    switch (e->kind) {
    case XF_E_NAME: case XF_E_FIELD: {
        const char *name = e->kind == XF_E_NAME ? e->name : xf_expr_text(comp(b), e);
        const xf_ex_slot *s = slot_named(ex, XF_EXK_COLUMN, name);
        if (!s) s = slot_named(ex, XF_EXK_LET, name);
        if (!s) s = slot_named(ex, XF_EXK_REQUIRE, name);
        refs_add(b, r, s);
        return;
    }
    case XF_E_AGG:
        if (e->op == XF_AGG_MIN || e->op == XF_AGG_MAX) names_of(b, e->c, r, depth + 1);
        names_of(b, e->a, r, depth + 1);
        names_of(b, e->b, r, depth + 1);
        if (e->op != XF_AGG_MIN && e->op != XF_AGG_MAX) names_of(b, e->c, r, depth + 1);
        return;
    default:
        names_of(b, e->a, r, depth + 1);
        names_of(b, e->b, r, depth + 1);
        names_of(b, e->c, r, depth + 1);
        for (int i = 0; i < e->nargs; i++) names_of(b, e->args[i], r, depth + 1);
    }
}

/* The expression of the policy with exactly this span, or NULL. */
static const xf_expr *find_in(const xf_expr *e, xf_span sp, int depth) {
    if (!e || depth > XF_MAX_EXPR_DEPTH || !within(e->span, sp)) return NULL;
    if (e->span.start == sp.start && e->span.end == sp.end && e->kind == XF_E_CALL) return e;
    const xf_expr *kids[3] = {e->a, e->b, e->c}, *r;
    for (int i = 0; i < 3; i++)
        if ((r = find_in(kids[i], sp, depth + 1))) return r;
    for (int i = 0; i < e->nargs; i++)
        if ((r = find_in(e->args[i], sp, depth + 1))) return r;
    return e->span.start == sp.start && e->span.end == sp.end ? e : NULL;
}

static const xf_expr *expr_at(const xf_decl *pol, xf_span sp) {
    const xf_expr *r = NULL;
    if ((r = find_in(pol->where, sp, 0)) || (r = find_in(pol->effective_on, sp, 0)) || (r = find_in(pol->lenient_on, sp, 0)))
        return r;
    for (int i = 0; i < pol->nlets; i++) {
        if ((r = find_in(pol->lets[i].value, sp, 0))) return r;
        for (int x = 0; x < pol->lets[i].nexcepts; x++)
            if ((r = find_in(pol->lets[i].excepts[x].value, sp, 0)) || (r = find_in(pol->lets[i].excepts[x].cond, sp, 0)))
                return r;
    }
    for (int i = 0; i < pol->nreqs; i++)
        if ((r = find_in(pol->reqs[i].cond, sp, 0))) return r;
    for (int i = 0; i < pol->noutputs; i++)
        if ((r = find_in(pol->outputs[i].value, sp, 0))) return r;
    for (int i = 0; i < pol->nsteps; i++) {
        const xf_step *st = &pol->steps[i];
        if ((r = find_in(st->from, sp, 0)) || (r = find_in(st->until, sp, 0)) || (r = find_in(st->when, sp, 0))) return r;
        for (int k = 0; k < st->nsets; k++)
            if ((r = find_in(st->sets[k].value, sp, 0))) return r;
    }
    return NULL;
}

/* What an expression reads: its names, then the aggregates and parameter
 * lookups inside it. */
static void expr_refs(xf_ex_build *b, const xf_expr *e, xf_ex_refs *r) {
    if (!e) return;
    names_of(b, e, r, 0);
    for (int i = 0; i < b->ex->nslots; i++) {
        const xf_ex_slot *s = &b->ex->slots[i];
        if ((s->kind == XF_EXK_AGG || s->kind == XF_EXK_PARAM) && within(e->span, b->pt[i].span)) refs_add(b, r, s);
    }
}

/* ------------------------------------------------------------ arithmetic */

static xf_ex_node *node(xf_ex_build *b, xf_exn_op op, const xf_expr *e) {
    xf_ex_node *n = xf_ex_alloc(b, sizeof *n);
    if (n) n->op = op, n->text = txt(b, e), plain2(b, e, n->plain);
    return n;
}

/* The date arithmetic of an expression (met, last, latest, earliest, +, -,
 * ??), or NULL when it is anything else. */
static xf_ex_node *calc_of(xf_ex_build *b, const xf_expr *e, int depth) {
    if (!e || depth > 16) return NULL;
    switch (e->kind) {
    case XF_E_DURATION: case XF_E_DATE: {
        xf_ex_node *n = node(b, XF_EXN_LEAF, e);
        if (n) n->duration = e->kind == XF_E_DURATION, n->has = 1, n->value = e->ival;
        return n;
    }
    case XF_E_NAME: case XF_E_FIELD: {
        const char *name = e->kind == XF_E_NAME ? e->name : xf_expr_text(comp(b), e);
        const xf_ex_slot *s = slot_named(b->ex, XF_EXK_COLUMN, name);
        if (!s) s = slot_named(b->ex, XF_EXK_LET, name);
        if (!s || !s->value_kind || (strcmp(s->value_kind, "date") && strcmp(s->value_kind, "duration"))) return NULL;
        xf_ex_node *n = node(b, XF_EXN_LEAF, e);
        if (n) n->slot = s, n->duration = !strcmp(s->value_kind, "duration");
        return n;
    }
    case XF_E_CALL: {
        xf_exn_op op;
        if (!strcmp(e->name, "met")) op = XF_EXN_MET;
        else if (!strcmp(e->name, "last")) op = XF_EXN_LAST;
        else if (!strcmp(e->name, "latest")) op = XF_EXN_LATEST;
        else if (!strcmp(e->name, "earliest")) op = XF_EXN_EARLIEST;
        else return NULL;
        if (e->nargs > 8 || e->nargs < 1) return NULL;
        xf_ex_node *n = node(b, op, e);
        for (int i = 0; n && i < e->nargs; i++)
            if (!(n->args[n->nargs++] = calc_of(b, e->args[i], depth + 1))) return NULL;
        if (n && (op == XF_EXN_MET || op == XF_EXN_LAST) &&
            (n->nargs != 2 || n->args[0]->duration || !n->args[1]->duration))
            return NULL;
        return n;
    }
    case XF_E_BINARY:
        if (e->op == XF_EOP_ADD || e->op == XF_EOP_SUB || e->op == XF_EOP_COALESCE) {
            xf_ex_node *l = calc_of(b, e->a, depth + 1), *r = l ? calc_of(b, e->b, depth + 1) : NULL;
            if (!r) return NULL;
            if (e->op != XF_EOP_COALESCE && (l->duration || !r->duration)) return NULL;
            xf_ex_node *n = node(b, e->op == XF_EOP_ADD ? XF_EXN_ADD : e->op == XF_EOP_SUB ? XF_EXN_SUB : XF_EXN_COALESCE, e);
            if (n) n->args[0] = l, n->args[1] = r, n->nargs = 2, n->duration = e->op == XF_EOP_COALESCE && l->duration;
            return n;
        }
        return NULL;
    default:
        return NULL;
    }
}

/* Compute a node from its traced inputs: 0, or -1 when an input was not
 * evaluated or the arithmetic cannot be redone here (working days). */
static int calc_eval(xf_ex_node *n) {
    switch (n->op) {
    case XF_EXN_LEAF:
        if (!n->slot) return 0;
        if (n->slot->state == 0) return -1;
        n->has = n->slot->state == 2;
        n->value = n->slot->value;
        return 0;
    case XF_EXN_MET: case XF_EXN_LAST: case XF_EXN_ADD: case XF_EXN_SUB: {
        if (calc_eval(n->args[0]) || calc_eval(n->args[1])) return -1;
        n->has = n->args[0]->has && n->args[1]->has;
        if (!n->has) return 0;
        int64_t d = n->args[0]->value, dur = n->args[1]->value, r;
        if (xf_dur_unit(dur) == XF_DUR_WORKDAYS) return -1;
        if (xf_period_last(NULL, d, dur, &n->last) != 0) return -1;
        int bad = n->op == XF_EXN_MET ? xf_period_met(NULL, d, dur, &r)
                  : n->op == XF_EXN_SUB ? xf_period_back(NULL, d, dur, &r) : (r = n->last, 0);
        if (bad) return -1;
        n->value = r;
        return 0;
    }
    case XF_EXN_LATEST: case XF_EXN_EARLIEST:
        n->has = 0;
        for (int i = 0; i < n->nargs; i++) {
            if (calc_eval(n->args[i])) return -1;
            if (!n->args[i]->has) continue;
            int64_t v = n->args[i]->value;
            if (!n->has || (n->op == XF_EXN_LATEST ? v > n->value : v < n->value)) n->value = v;
            n->has = 1;
        }
        return 0;
    case XF_EXN_COALESCE:
        if (calc_eval(n->args[0])) return -1;
        if (n->args[0]->has) {
            n->has = 1, n->value = n->args[0]->value;
            return 0;
        }
        if (calc_eval(n->args[1])) return -1;
        n->has = n->args[1]->has, n->value = n->args[1]->value;
        return 0;
    }
    return -1;
}

/* The arithmetic of a date expression, recomputed, when it agrees with the
 * traced result. */
static xf_ex_node *arith(xf_ex_build *b, const xf_expr *e, const xf_ex_slot *result) {
    xf_ex_node *n = calc_of(b, e, 0);
    if (!n || n->duration || calc_eval(n)) return NULL;
    if (result && result->state == 2 && (!n->has || n->value != result->value)) return NULL;
    if (result && result->state == 1 && n->has) return NULL;
    return n;
}

/* ------------------------------------------------------------------ lets */

void xf_ex_build_lets(xf_ex_build *b) {
    xf_explanation *ex = b->ex;
    for (int i = 0; i < ex->nslots; i++) ex->nlets += ex->slots[i].kind == XF_EXK_LET;
    ex->lets = xf_ex_alloc(b, sizeof *ex->lets * (size_t)(ex->nlets + 1));
    if (!ex->lets) {
        ex->nlets = 0;
        return;
    }
    int k = 0;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_LET) continue;
        xf_ex_let *l = &ex->lets[k++];
        l->slot = s;
        for (int j = 0; j < ex->nslots; j++)
            if (ex->slots[j].kind == XF_EXK_EXCEPT && ex->slots[j].idx == s->idx) l->except = &ex->slots[j];
        if (l->except) l->chosen = l->except->state == 2 ? (int)l->except->value : -1;
        if (!b->pol || s->idx < 0 || s->idx >= b->pol->nlets) {
            l->stmt = s->source;  /* the stored line */
            continue;
        }
        const xf_let *d = &b->pol->lets[s->idx];
        l->expr = txt(b, d->value);
        plain2(b, d->value, l->plain);
        l->compound = xf_plain_compound(d->value);
        l->stmt = joinf(b, "let %s = %s", d->name, l->expr ? l->expr : "");
        expr_refs(b, d->value, &l->refs);
        if (s->value_kind && !strcmp(s->value_kind, "date")) l->calc = arith(b, d->value, s);
        if (d->nexcepts) l->ex = xf_ex_alloc(b, sizeof *l->ex * (size_t)d->nexcepts);
        for (int x = 0; l->ex && x < d->nexcepts; x++) {
            const xf_except *de = &d->excepts[x];
            xf_ex_except *e = &l->ex[l->nexcepts++];
            e->line = line_of(b, de->span);
            e->value = txt(b, de->value);
            e->cond = txt(b, de->cond);
            plain2(b, de->value, e->value_plain);
            plain2(b, de->cond, e->cond_plain);
            e->compound = xf_plain_compound(de->value) || xf_plain_compound(de->cond);
            e->basis = cite(b, de->basis);
            e->stmt = joinf(b, "%sexcept %s when %s", de->ordered ? "else " : "", e->value, e->cond);
            expr_refs(b, de->cond, &e->refs);
        }
    }
    /* in the order the policy declares them (an override's copy keeps its
     * base's order), else in the order of the lines the trace recorded */
    for (int i = 1; i < ex->nlets; i++)
        for (int j = i; j > 0 && (b->pol ? ex->lets[j - 1].slot->idx > ex->lets[j].slot->idx
                                         : ex->lets[j - 1].slot->line > ex->lets[j].slot->line); j--) {
            xf_ex_let t = ex->lets[j];
            ex->lets[j] = ex->lets[j - 1];
            ex->lets[j - 1] = t;
        }
}

static const xf_ex_let *let_of(const xf_explanation *ex, const xf_ex_slot *s) {
    for (int i = 0; i < ex->nlets; i++)
        if (ex->lets[i].slot == s) return &ex->lets[i];
    return NULL;
}

/* ---------------------------------------------------------- requirements */

/* Follow what an unmet requirement reads down to the record: dates not yet
 * there (the entity's to bring about), false yes/no values, blocking rows. */
static void unmet_leaves(xf_ex_build *b, xf_ex_req *r, const xf_ex_refs *refs, int depth) {
    const xf_explanation *ex = b->ex;
    for (int i = 0; depth < 8 && i < refs->n; i++) {
        const xf_ex_slot *s = refs->s[i];
        int is_bool = s->value_kind && !strcmp(s->value_kind, "bool");
        if (s->kind == XF_EXK_COLUMN) {
            if (s->value_kind && !strcmp(s->value_kind, "date") &&
                (s->state == 1 || (s->state == 2 && s->value > ex->as_of_day)))
                refs_add(b, &r->act, s);
        } else if (s->kind == XF_EXK_AGG) {
            const xf_ex_slot *w = xf_ex_witness_of(ex, s);
            if (w && w->state == 2) r->witness = w;
            else if (is_bool && s->state == 2 && !s->value) refs_add(b, &r->falsy, s);
        } else if (s->kind == XF_EXK_LET) {
            if (is_bool && s->state == 2 && !s->value) refs_add(b, &r->falsy, s);
            const xf_ex_let *l = let_of(ex, s);
            if (l) unmet_leaves(b, r, &l->refs, depth + 1);
        }
    }
}

void xf_ex_build_reqs(xf_ex_build *b) {
    xf_explanation *ex = b->ex;
    for (int i = 0; i < ex->nslots; i++) ex->nreqs += ex->slots[i].kind == XF_EXK_REQUIRE;
    ex->reqs = xf_ex_alloc(b, sizeof *ex->reqs * (size_t)(ex->nreqs + 1));
    if (!ex->reqs) {
        ex->nreqs = 0;
        return;
    }
    int k = 0;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_REQUIRE) continue;
        xf_ex_req *r = &ex->reqs[k++];
        r->slot = s;
        if (b->pol && s->idx >= 0 && s->idx < b->pol->nreqs) {
            const xf_require *d = &b->pol->reqs[s->idx];
            r->expr = txt(b, d->cond);
            plain2(b, d->cond, r->plain);
            r->compound = xf_plain_compound(d->cond);
            r->stmt = joinf(b, "require %s = %s", d->name, r->expr ? r->expr : "");
            expr_refs(b, d->cond, &r->refs);
        } else {
            r->stmt = s->source;
        }
        if (s->state != 2) r->cls = XF_EXR_UNKNOWN;
        else if (s->value) r->cls = XF_EXR_MET;
        else {
            unmet_leaves(b, r, &r->refs, 0);
            r->cls = r->act.n ? XF_EXR_ACT : r->witness ? XF_EXR_RECORD : XF_EXR_UNMET;
        }
    }
}

/* ---------------------------------------------------------------- params */

static const xf_decl *param_named(xf_ex_build *b, const char *name) {
    for (int i = 0; name && i < comp(b)->nparams; i++)
        if (!strcmp(comp(b)->params[i]->name, name)) return comp(b)->params[i];
    return NULL;
}

/* A parameter row's citation: an article of the parameter's own document,
 * or a document of its own (a province's notice). */
static const char *row_basis(xf_ex_build *b, const xf_decl *p, const char *basis) {
    if (!basis) return NULL;
    if (strncmp(basis, "第", strlen("第"))) return xf_ex_strdup(b, basis);
    return xf_ex_strdup(b, xf_citation(comp(b), p, basis));
}

/* A row as written, without its citation: region "52" from 2024-01-01 = 49999.99元 */
static const char *row_text(xf_ex_build *b, const xf_param_row_decl *r) {
    xf_ex_buf t = {0};
    char day[11];
    if (r->region) xf_ex_printf(&t, "region \"%s\"", r->region);
    if (r->has_from) xf_ex_printf(&t, "%sfrom %s", t.n ? " " : "", xf_ex_day(r->from, day));
    if (r->has_until) xf_ex_printf(&t, "%suntil %s", t.n ? " " : "", xf_ex_day(r->until, day));
    xf_ex_printf(&t, "%s= %s", t.n ? " " : "", xf_expr_text(comp(b), r->value));
    const char *s = t.oom ? NULL : xf_ex_strdup(b, t.p);
    if (t.oom) b->oom = 1;
    xf_ex_buf_free(&t);
    return s;
}

void xf_ex_build_params(xf_ex_build *b) {
    xf_explanation *ex = b->ex;
    for (int i = 0; i < ex->nslots; i++) ex->nparams += ex->slots[i].kind == XF_EXK_PARAM;
    ex->params = xf_ex_alloc(b, sizeof *ex->params * (size_t)(ex->nparams + 1));
    if (!ex->params) {
        ex->nparams = 0;
        return;
    }
    int k = 0;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_PARAM) continue;
        xf_ex_param *p = &ex->params[k++];
        p->slot = s;
        if (!b->pol) continue;
        const xf_decl *d = param_named(b, s->name);
        if (!d) continue;
        /* what the lookup was made with: the names its call reads */
        const xf_expr *call = expr_at(b->pol, b->pt[i].span);
        for (int a = 0; call && a < call->nargs; a++) names_of(b, call->args[a], &p->args, 0);
        if (s->state != 2) continue;
        if (s->value < 0) {
            if (s->value == -1 && d->pdefault) {
                p->row = joinf(b, "default = %s", txt(b, d->pdefault));
                p->row_basis = row_basis(b, d, d->default_basis);
            }
        } else if (s->value < d->nrows) {
            p->row = row_text(b, &d->rows[s->value]);
            p->row_basis = row_basis(b, d, d->rows[s->value].basis);
        }
    }
}

/* ----------------------------------------------------------------- steps */

static void step_from_tree(xf_ex_build *b, xf_ex_step *st, const xf_step *d) {
    st->outcome = xf_ex_strdup(b, d->outcome);  /* the tree goes with its run (what-if closes it) */
    st->line = line_of(b, d->span);
    if (!st->basis) st->basis = cite(b, d->basis);
    const xf_expr *t = d->from ? d->from : d->until;
    if (t) {
        st->time_kind = d->from ? 'f' : 'u';
        st->time_expr = txt(b, t);
        plain2(b, t, st->time_plain);
        st->time_compound = xf_plain_compound(t);
    }
    if (d->when) {
        st->when_text = txt(b, d->when);
        plain2(b, d->when, st->when_plain);
        st->when_compound = xf_plain_compound(d->when);
        st->allreq = d->when->kind == XF_E_ALLREQ;
        expr_refs(b, d->when, &st->when_refs);
    }
    st->head = joinf(b, "%s%s%s%s%s%s", d->outcome, t ? (d->from ? " from " : " until ") : "", t ? st->time_expr : "",
                     d->when ? " when " : d->otherwise ? " otherwise" : "", d->when ? st->when_text : "", "");
    xf_ex_buf s = {0};
    xf_ex_puts(&s, st->head);
    for (int i = 0; i < d->nsets; i++) xf_ex_printf(&s, " set %s = %s", d->sets[i].name, xf_expr_text(comp(b), d->sets[i].value));
    for (int i = 0; i < d->noverrides; i++) xf_ex_printf(&s, "%s%s", i ? ", " : " overrides ", d->overrides[i].name);
    st->stmt = s.oom ? NULL : xf_ex_strdup(b, s.p);
    if (s.oom) b->oom = 1;
    xf_ex_buf_free(&s);
}

void xf_ex_build_steps(xf_ex_build *b) {
    xf_explanation *ex = b->ex;
    int nst = ex->step;
    for (int i = 0; i < ex->nslots; i++)
        if ((ex->slots[i].kind == XF_EXK_WHEN || ex->slots[i].kind == XF_EXK_TIME) && ex->slots[i].idx + 1 > nst)
            nst = ex->slots[i].idx + 1;
    int tree = b->pol && b->pol->nsteps >= nst;
    if (tree) nst = b->pol->nsteps;
    ex->source_found = tree;
    ex->steps = xf_ex_alloc(b, sizeof *ex->steps * (size_t)(nst + 1));
    if (!ex->steps) return;
    ex->nsteps = nst;
    for (int i = 0; i < nst; i++) {
        xf_ex_step *st = &ex->steps[i];
        st->index = i;
        for (int j = 0; j < ex->nslots; j++) {
            const xf_ex_slot *s = &ex->slots[j];
            if (s->idx != i) continue;
            if (s->kind == XF_EXK_WHEN) st->when = s;
            if (s->kind == XF_EXK_TIME) st->time = s;
        }
        if (st->when) st->basis = st->when->basis, st->outcome = st->when->name, st->line = st->when->line;
        if (st->time) {
            if (!st->basis) st->basis = st->time->basis;
            st->time_kind = st->time->name && !strcmp(st->time->name, "until") ? 'u' : 'f';
            if (!st->line) st->line = st->time->line;
        }
        if (i + 1 == ex->step && ex->basis && !ex->older_taken) st->basis = ex->basis;
        if (tree) step_from_tree(b, st, &b->pol->steps[i]);
        if (st->allreq) {  /* `all required` reads the requirements */
            xf_ex_refs r = {0};
            for (int k = 0; k < ex->nreqs; k++) refs_add(b, &r, ex->reqs[k].slot);
            st->when_refs = r;
        }
        /* the day of its time condition */
        if (st->time && st->time->state == 2) {
            st->has_day = st->day_traced = 1;
            st->day = st->time->value;
        }
        if (tree) {
            const xf_step *d = &b->pol->steps[i];
            xf_ex_node *calc = arith(b, d->from ? d->from : d->until, st->time);
            if (calc && calc->op != XF_EXN_LEAF) st->calc = calc;
            if (calc && !st->has_day && calc->has) st->has_day = 1, st->day = calc->value;
        }
        /* how far the ladder got */
        if (!ex->step || i + 1 > ex->step) st->status = XF_EXS_NOT_REACHED;
        else if (i + 1 == ex->step) st->status = XF_EXS_APPLIED;
        else if (st->when && st->when->state == 2 && !st->when->value) st->status = XF_EXS_WHEN_FALSE;
        else if (st->time && st->time->state == 2)
            st->status = st->time_kind == 'u' ? XF_EXS_TOO_LATE : XF_EXS_TOO_EARLY;
        else st->status = XF_EXS_UNKNOWN;
    }
}

/* ---------------------------------------------------------------- regime */

void xf_ex_build_regime(xf_ex_build *b) {
    xf_explanation *ex = b->ex;
    for (int i = 0; i < ex->nslots; i++)
        if (ex->slots[i].kind == XF_EXK_EFFECTIVE) ex->effective = &ex->slots[i];
    if (!b->pol) return;
    /* an override is in force in its own period, but its base's regime governs */
    const xf_module *m = b->pol->base ? b->pol->base->module : b->pol->module;
    char from[11], until[11];
    if (m && m->has_effective_from) xf_date_format(m->effective_from, from);
    if (m && m->has_effective_until) xf_date_format(m->effective_until, until);
    if (m && m->has_effective_from && m->has_effective_until) ex->period = joinf(b, "effective from %s until %s", from, until);
    else if (m && m->has_effective_from) ex->period = joinf(b, "effective from %s", from);
    else if (m && m->has_effective_until) ex->period = joinf(b, "effective until %s", until);
    if (b->pol->lenient_on) ex->lenient_expr = joinf(b, "lenient on %s", txt(b, b->pol->lenient_on));
    if (b->pol->supersedes) ex->supersedes = xf_ex_strdup(b, b->pol->supersedes);
    if (b->pol->effective_on && ex->effective) {
        ex->effective_expr = txt(b, b->pol->effective_on);
        expr_refs(b, b->pol->effective_on, &ex->effective_refs);
    }
}

/* ----------------------------------------------------------- column labels */

/* The first phrase of a description: up to the first separator. */
static char *phrase(xf_ex_build *b, const char *s, size_t n) {
    static const char *const stop[] = {"：", "；", "，", "（", ":", ";", ",", "(", " ", NULL};
    size_t end = n;
    for (int i = 0; stop[i]; i++) {
        const char *p = s;
        size_t k = strlen(stop[i]);
        for (; p + k <= s + n; p++)
            if (!memcmp(p, stop[i], k)) break;
        if (p + k <= s + n && (size_t)(p - s) < end) end = (size_t)(p - s);
    }
    return end ? xf_ex_strndup(b, s, end) : NULL;
}

/* From the canonical records.sql: `col TYPE ..., -- 描述`, when it begins with one. */
static const char *label_from_sql(xf_ex_build *b, const char *tab, const char *col) {
    char want[160];
    snprintf(want, sizeof want, "CREATE TABLE %s (", tab);
    const char *p = strstr(xf_embed_records_sql, want);
    if (!p) return NULL;
    const char *end = strstr(p, "\n);");  /* a comment may hold ");" */
    for (p = strchr(p, '\n'); p && (!end || p < end); p = strchr(p + 1, '\n')) {
        const char *s = p + 1;
        while (*s == ' ') s++;
        size_t k = strlen(col);
        if (strncmp(s, col, k) || s[k] != ' ') continue;
        const char *eol = strchr(s, '\n');
        const char *dash = strstr(s, "--");
        if (!dash || (eol && dash > eol)) return NULL;
        const char *d = dash + 2;
        while (*d == ' ') d++;
        const char *e = d;
        while ((unsigned char)*e >= 0x80) e++;
        const char *after = e;
        while (*after == ' ') after++;
        if (e == d || *after == '|' || *after == '/') return NULL;
        return xf_ex_strndup(b, d, (size_t)(e - d));
    }
    return NULL;
}

/* A column's description: the note of its field in the run's schema
 * module (the built-in one when the run kept no sources), else the
 * canonical records.sql, else the field's enum. */
static const char *column_label(xf_ex_build *b, const char *tab, const char *col) {
    xf_ex_compiled *cc = b->cc && b->cc->ok ? b->cc : b->db->schema;
    const char *type_name = NULL, *note = xf_ex_field_note(cc, tab, col, &type_name);
    const char *l = note ? phrase(b, note, strlen(note)) : NULL;
    if (!l) l = label_from_sql(b, tab, col);
    return l ? l : xf_ex_strdup(b, type_name);
}

void xf_ex_build_labels(xf_ex_build *b) {
    for (int i = 0; i < b->ex->nslots; i++) {
        xf_ex_slot *s = &b->ex->slots[i];
        if (s->kind != XF_EXK_COLUMN || !s->tab || !s->col) continue;
        s->label = column_label(b, s->tab, s->col);
    }
}

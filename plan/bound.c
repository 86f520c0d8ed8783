/* bound.c — a checked policy set bound to the records (bound.h). */
#include "bound.h"

#include <stdlib.h>
#include <string.h>

#include "pack.h"

static int in_period(int64_t from, int64_t until, int64_t day) { return day >= from && day <= until; }

int xf_when_in_effect(const xf_when *w, int64_t as_of) {
    int own = in_period(w->from, w->until, as_of), root = in_period(w->root_from, w->root_until, as_of);
    if (w->has_base) return own && (w->effective_on || root);
    return w->effective_on || own;
}

int xf_when_by_record_day(const xf_when *w, int64_t as_of) {
    return w->root_effective_on && !in_period(w->root_from, w->root_until, as_of);
}

static const xf_decl *root_of(const xf_decl *d) { return d->base ? d->base : d; }

static void period_of(const xf_module *m, int64_t *from, int64_t *until) {
    *from = m && m->has_effective_from ? m->effective_from : XF_DAY_OPEN_FROM;
    *until = m && m->has_effective_until ? m->effective_until : XF_DAY_OPEN_UNTIL;
}

static xf_when when_of(const xf_decl *d) {
    const xf_decl *r = root_of(d);
    xf_when w = {.has_base = d->base != NULL, .effective_on = d->effective_on != NULL,
                 .root_effective_on = r->effective_on != NULL};
    period_of(d->module, &w.from, &w.until);
    period_of(r->module, &w.root_from, &w.root_until);
    return w;
}

/* The source text of e, on one line, cut to cap bytes. */
static const char *expr_text(xf_compile *c, const xf_expr *e, size_t cap) {
    char *buf = xf_arena_alloc(&c->arena, cap);
    if (!buf || !e || e->span.file < 0 || e->span.file >= c->diags.nsrc) return buf;
    const xf_source *s = &c->diags.src[e->span.file];
    size_t n = 0;
    int space = 0;
    for (uint32_t i = e->span.start; i < e->span.end && i < s->len && n + 4 < cap; i++) {
        char ch = s->text[i];
        if (ch == '\n' || ch == '\t' || ch == '\r' || ch == ' ') {
            space = n > 0;
            continue;
        }
        if (space) buf[n++] = ' ';
        space = 0;
        buf[n++] = ch;
    }
    /* never end inside a UTF-8 character */
    while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80) n--;
    if (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0xC0) n--;
    buf[n] = 0;
    return buf;
}

/* One is the other's regime, earlier or later: up the `supersedes` chain
 * of one lies the other (for overrides, the chain of their bases). */
static int same_chain(const xf_decl *a, const xf_decl *b) {
    for (int pass = 0; pass < 2; pass++) {
        const xf_decl *from = root_of(pass ? b : a), *to = root_of(pass ? a : b);
        for (int n = 0; from && n < 32; from = from->superseded, n++)
            if (from == to) return 1;
    }
    return 0;
}

static int relation(const xf_decl *d, const xf_decl *q) {
    if (d == q) return 0;
    int r = xf_policies_may_conflict(d, q) ? XF_REL_CONFLICT : 0;
    if (q->base == d || (!q->base == !d->base && same_chain(d, q))) r |= XF_REL_HANDS_ON;
    return r;
}

/* The fields of policy d as output columns, with the labels of enums. */
static const xf_field *fields_of(xf_compile *c, const xf_decl *d, int *n) {
    const char **names;
    xf_kind *kinds;
    const xf_decl **enums;
    *n = xf_policy_fields(c, d, &names, &kinds, &enums);
    xf_field *f = *n >= 0 ? xf_arena_alloc(&c->arena, sizeof *f * (size_t)(*n + 1)) : NULL;
    for (int i = 0; f && i < *n; i++) {
        f[i] = (xf_field){.name = names[i], .kind = kinds[i]};
        if (!enums[i]) continue;
        const char **labels = xf_arena_alloc(&c->arena, sizeof *labels * (size_t)(enums[i]->nlabels + 1));
        if (!labels) return NULL;
        for (int l = 0; l < enums[i]->nlabels; l++) labels[l] = enums[i]->labels[l].name;
        f[i].nlabels = enums[i]->nlabels;
        f[i].labels = labels;
    }
    return f;
}

/* The citation of each step: its ladder's, then those of the older regimes
 * it also runs (`lenient on`). */
static const char *const *step_basis_of(xf_compile *c, const xf_decl *d, int *n) {
    const xf_decl *ladders[17] = {d};
    int nladders = 1 + xf_lenient_chain(d, ladders + 1, 16);
    *n = 0;
    for (int l = 0; l < nladders; l++) *n += ladders[l]->nsteps;
    const char **basis = xf_arena_alloc(&c->arena, sizeof *basis * (size_t)(*n + 1));
    for (int l = 0, k = 0; basis && l < nladders; l++)
        for (int s = 0; s < ladders[l]->nsteps; s++) basis[k++] = xf_citation(c, ladders[l], ladders[l]->steps[s].basis);
    return basis;
}

static int bind_policy(xf_compile *c, const xf_decl *d, int rel_paths, xf_bound_policy *q) {
    xf_trace_info ti = {0};
    const xf_expr *scope = d->override_where ? d->override_where : d->where;
    *q = (xf_bound_policy){.name = d->name, .table = d->subject_decl ? d->subject_decl->table_index : -1,
                           .when = when_of(d), .scope = expr_text(c, scope, 256),
                           .scope_sql = xf_scope_sql(c, d), .decl = d};
    q->prog[0] = xf_lower(c, d);
    q->prog[1] = xf_lower_traced(c, d, &ti);
    q->meta = q->prog[1] ? xf_trace_meta_build(c, d, &ti, rel_paths) : NULL;
    q->fields = fields_of(c, d, &q->nfields);
    q->step_basis = step_basis_of(c, d, &q->nsteps);
    return q->table >= 0 && q->scope && q->prog[0] && q->meta && q->fields && q->step_basis ? 0 : -1;
}

int xf_bound_from_compile(xf_compile *c, int rel_paths, xf_bound *b) {
    memset(b, 0, sizeof *b);
    b->uscc_slot = -1;
    const xf_params *params = xf_runtime_params(c);
    b->nspecs = xf_pack_layout(c, &b->specs);
    if (!params || b->nspecs <= 0) return -1;
    b->params = *params;
    for (int f = 0; f < c->entity->nfields; f++)
        if (!strcmp(c->entity->fields[f].column, c->entity->key)) b->uscc_slot = c->entity->fields[f].load_col;
    int n = c->npolicies;
    xf_bound_source *src = xf_arena_alloc(&c->arena, sizeof *src * (size_t)(c->diags.nsrc + 1));
    b->pol = calloc((size_t)n + 1, sizeof *b->pol);
    b->rel = calloc((size_t)n * (size_t)n + 1, 1);
    if (!src || !b->pol || !b->rel || b->uscc_slot < 0) return -1;
    for (int i = 0; i < c->diags.nsrc; i++) src[i] = (xf_bound_source){c->diags.src[i].path, c->diags.src[i].text, c->diags.src[i].len};
    b->src = src, b->nsrc = c->diags.nsrc;
    for (; b->npol < n; b->npol++)
        if (bind_policy(c, c->policies[b->npol], rel_paths, &b->pol[b->npol]) != 0) {
            b->npol++;  /* its programs are freed with the rest */
            return -1;
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) b->rel[i * n + j] = (uint8_t)relation(c->policies[i], c->policies[j]);
    /* lowering interns the literals it meets */
    b->texts = (const char *const *)c->texts, b->ntexts = c->ntexts;
    return 0;
}

void xf_bound_free(xf_bound *b) {
    for (int i = 0; b->pol && i < b->npol; i++) xf_prog_free(b->pol[i].prog[0]), xf_prog_free(b->pol[i].prog[1]);
    free(b->pol);
    free(b->rel);
    xf_arena_free(&b->arena);
    memset(b, 0, sizeof *b);
}

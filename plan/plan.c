/* plan.c — the run plan (plan.h): policies in effect, bindings, lowering,
 * and what a decision needs besides its records. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "sha256.h"
#include "texts.h"

void xf_plan_init(xf_plan *p) {
    memset(p, 0, sizeof *p);
    xf_compile_init(&p->c);
    p->uscc_col = -1;
}

void xf_plan_free(xf_plan *p) {
    if (p->code_free) p->code_free(p->code);
    for (int i = 0; p->pol && i < p->npol; i++) xf_prog_free(p->pol[i].prog);
    free(p->pol);
    xf_compile_free(&p->c);
    memset(p, 0, sizeof *p);
}

/* The fields of policy q as output columns, with the labels of enums. */
static int policy_fields(xf_compile *c, xf_plan_policy *q) {
    const char **names;
    xf_kind *kinds;
    const xf_decl **enums;
    q->nfields = xf_policy_fields(c, q->decl, &names, &kinds, &enums);
    q->fields = xf_arena_alloc(&c->arena, sizeof *q->fields * (size_t)(q->nfields + 1));
    if (!q->fields) return -1;
    for (int f = 0; f < q->nfields; f++) {
        q->fields[f] = (xf_field){.name = names[f], .kind = kinds[f]};
        if (!enums[f]) continue;
        const char **labels = xf_arena_alloc(&c->arena, sizeof *labels * (size_t)(enums[f]->nlabels + 1));
        if (!labels) return -1;
        for (int l = 0; l < enums[f]->nlabels; l++) labels[l] = enums[f]->labels[l].name;
        q->fields[f].nlabels = enums[f]->nlabels;
        q->fields[f].labels = labels;
    }
    return 0;
}

static int lower_policy(xf_plan *p, xf_plan_policy *q) {
    xf_compile *c = &p->c;
    q->table = q->decl->subject_decl->table_index;
    q->prog = p->trace ? xf_lower_traced(c, q->decl, &q->ti) : xf_lower(c, q->decl);
    if (!q->prog) return -1;
    if (p->trace && !(q->meta = xf_trace_meta_build(c, q->decl, &q->ti))) return -1;
    int ntrace = q->prog->ntrace;
    /* the steps of its ladder, then those of the older regimes it also runs (`lenient on`) */
    const xf_decl *ladders[17] = {q->decl};
    int nladders = 1 + xf_lenient_chain(q->decl, ladders + 1, 16), nsteps = 0;
    for (int l = 0; l < nladders; l++) nsteps += ladders[l]->nsteps;
    q->text_slot = xf_arena_alloc(&c->arena, (size_t)ntrace + 1);
    q->step_basis = xf_arena_alloc(&c->arena, sizeof *q->step_basis * (size_t)(nsteps + 1));
    if (!q->text_slot || !q->step_basis || policy_fields(c, q) != 0) return -1;
    for (int k = 0; k < ntrace; k++) {
        q->text_slot[k] = q->meta && !strcmp(q->meta[k].value_kind, "text");
        q->has_text_slot |= q->text_slot[k];
    }
    q->nsteps = nsteps;
    for (int l = 0, n = 0; l < nladders; l++)
        for (int s = 0; s < ladders[l]->nsteps; s++) q->step_basis[n++] = xf_citation(c, ladders[l], ladders[l]->steps[s].basis);
    return 0;
}

/* Every field of every policy, each name once, and where each policy's
 * fields go among them. */
static int output_columns(xf_plan *p) {
    int nall = 0;
    for (int i = 0; i < p->npol; i++) nall += p->pol[i].nfields;
    p->cols = xf_arena_alloc(&p->c.arena, sizeof *p->cols * (size_t)(nall + 1));
    if (!p->cols) return -1;
    for (int i = 0; i < p->npol; i++) {
        xf_plan_policy *q = &p->pol[i];
        q->field_map = xf_arena_alloc(&p->c.arena, sizeof *q->field_map * (size_t)(q->nfields + 1));
        if (!q->field_map) return -1;
        for (int f = 0; f < q->nfields; f++) {
            int k = 0;
            while (k < p->ncols && strcmp(p->cols[k].name, q->fields[f].name)) k++;
            if (k == p->ncols) p->cols[p->ncols++] = q->fields[f];
            q->field_map[f] = k;
        }
    }
    return 0;
}

int xf_plan_prepare(xf_plan *p, int64_t as_of, int trace) {
    xf_compile *c = &p->c;
    p->as_of = as_of;
    p->trace = trace;
    xf_decl **eff = calloc((size_t)c->npolicies + 1, sizeof *eff);
    if (!eff) return -1;
    int n = 0;
    for (int i = 0; i < c->npolicies; i++)
        if (xf_policy_in_effect(c->policies[i], as_of)) eff[n++] = c->policies[i];
    if (!n || !c->entity) {
        free(eff);
        return XF_PLAN_NONE;
    }
    for (int f = 0; f < c->entity->nfields; f++)
        if (!strcmp(c->entity->fields[f].column, c->entity->key)) p->uscc_col = f, c->entity->fields[f].used = 1;
    p->nspecs = xf_table_specs(c, eff, n, &p->specs);
    p->pol = calloc((size_t)n, sizeof *p->pol);
    int rc = p->nspecs > 0 && p->uscc_col >= 0 && p->pol && (p->params = xf_runtime_params(c)) ? 0 : -1;
    for (int i = 0; p->pol && i < n; i++) p->pol[i].decl = eff[i];
    free(eff);
    if (rc) return -1;
    p->npol = n;
    for (int i = 0; i < n; i++)
        if (lower_policy(p, &p->pol[i]) != 0) return -1;
    return output_columns(p);
}

int xf_plan_use_pack(xf_plan *p, const xf_pack *pack, char **errmsg) {
    for (int i = 0; i < p->npol; i++)
        if (!(p->pol[i].fn = xf_pack_fn(pack, p->pol[i].prog, p->trace, errmsg))) return -1;
    p->engine = "pack";
    return 0;
}

int xf_plan_use_interp(xf_plan *p, char **errmsg) {
    for (int i = 0; i < p->npol; i++) {
        if (xf_interp_check(p->pol[i].prog, errmsg) != 0) return -1;
        p->pol[i].fn = NULL;
    }
    p->engine = "interp";
    return 0;
}

void xf_plan_ctx(const xf_plan *p, const xf_db *db, int64_t *text_ids, xf_ctx *ctx) {
    for (int i = 0; i < p->c.ntexts; i++)
        text_ids[i] = xf_texts_intern(db->texts, p->c.texts[i], strlen(p->c.texts[i]));
    *ctx = (xf_ctx){.db = db, .as_of = p->as_of, .text_ids = text_ids, .params = p->params};
}

void xf_plan_source_hash(const xf_plan *p, char hex[65]) {
    const xf_diags *d = &p->c.diags;
    const char **paths = calloc((size_t)d->nsrc + 1, sizeof *paths), **texts = calloc((size_t)d->nsrc + 1, sizeof *texts);
    uint32_t *lens = calloc((size_t)d->nsrc + 1, sizeof *lens);
    uint8_t h[32] = {0};
    if (paths && texts && lens) {
        for (int i = 0; i < d->nsrc; i++) paths[i] = d->src[i].path, texts[i] = d->src[i].text, lens[i] = d->src[i].len;
        xf_pack_hash_sources(d->nsrc, paths, texts, lens, h);
    }
    free(paths), free(texts), free(lens);
    xf_sha256_hex(h, hex);
}

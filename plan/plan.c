/* plan.c — the run plan (plan.h): the policies in effect picked from a
 * bound set, and what a decision needs besides its records. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "ir.h"
#include "strbuf.h"
#include "sha256.h"
#include "texts.h"

void xf_plan_init(xf_plan *p) {
    memset(p, 0, sizeof *p);
    xf_compile_init(&p->c);
    p->uscc_slot = -1;
}

void xf_plan_free(xf_plan *p) {
    if (p->code_free) p->code_free(p->code);
    free(p->pol);
    xf_arena_free(&p->arena);
    xf_bound_free(&p->own);
    xf_compile_free(&p->c);
    memset(p, 0, sizeof *p);
}

static int select_policy(xf_plan *p, const xf_bound_policy *b, int index, xf_plan_policy *q) {
    *q = (xf_plan_policy){.name = b->name, .decl = b->decl, .index = index, .table = b->table,
                          .prog = b->prog[p->trace ? 1 : 0], .meta = p->trace ? b->meta : NULL,
                          .fields = b->fields, .nfields = b->nfields, .step_basis = b->step_basis,
                          .nsteps = b->nsteps};
    int ntrace = q->prog->ntrace;
    if (!(q->text_slot = xf_arena_alloc(&p->arena, (size_t)ntrace + 1))) return -1;
    for (int k = 0; k < ntrace; k++) {
        q->text_slot[k] = q->meta && !strcmp(q->meta[k].value_kind, "text");
        q->has_text_slot |= q->text_slot[k];
    }
    return 0;
}

/* Every field of every policy, each name once, and where each policy's
 * fields go among them. */
static int output_columns(xf_plan *p) {
    int nall = 0;
    for (int i = 0; i < p->npol; i++) nall += p->pol[i].nfields;
    p->cols = xf_arena_alloc(&p->arena, sizeof *p->cols * (size_t)(nall + 1));
    if (!p->cols) return -1;
    for (int i = 0; i < p->npol; i++) {
        xf_plan_policy *q = &p->pol[i];
        q->field_map = xf_arena_alloc(&p->arena, sizeof *q->field_map * (size_t)(q->nfields + 1));
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

/* Whether a policy's steps go over the rows of table t as related rows. */
static int iterates(const xf_prog *prog, int t) {
    for (int32_t i = 0; i < prog->nins; i++) {
        const xf_ins *in = &prog->ins[i];
        if ((in->op == XF_OP_FIRST || in->op == XF_OP_LAST || in->op == XF_OP_ROWENT) && in->t == t) return 1;
    }
    return 0;
}

/* plan.h says when a table gets a filter: the OR of its policies' scopes. */
static int table_filters(xf_plan *p) {
    const char **f = xf_arena_alloc(&p->arena, sizeof *f * (size_t)(p->nspecs + 1));
    if (!f) return -1;
    p->filters = f;
    for (int t = 1; t < p->nspecs; t++) {
        int subjects = 0, ok = 1;
        for (int i = 0; i < p->npol && ok; i++) {
            const xf_bound_policy *b = &p->bound->pol[p->pol[i].index];
            ok = !iterates(p->pol[i].prog, t) && (p->pol[i].table != t || b->scope_sql);
            subjects += p->pol[i].table == t;
        }
        if (!ok || !subjects) continue;
        xf_strbuf o = {0};
        for (int i = 0; i < p->npol; i++) {
            const char *s = p->bound->pol[p->pol[i].index].scope_sql;
            int seen = p->pol[i].table != t;
            for (int j = 0; j < i && !seen; j++)  /* each scope once */
                seen = p->pol[j].table == t && !strcmp(p->bound->pol[p->pol[j].index].scope_sql, s);
            if (!seen) xf_strbuf_printf(&o, "%s(%s)", o.n ? " OR " : "", s);
        }
        f[t] = o.oom ? NULL : xf_arena_strdup(&p->arena, o.p);
        xf_strbuf_free(&o);
        if (!f[t]) return -1;
    }
    return 0;
}

int xf_plan_select(xf_plan *p, const xf_bound *b, int64_t as_of, int trace) {
    p->bound = b;
    p->as_of = as_of;
    p->trace = trace;
    p->specs = b->specs, p->nspecs = b->nspecs, p->uscc_slot = b->uscc_slot, p->params = &b->params;
    int n = 0;
    for (int i = 0; i < b->npol; i++) n += xf_when_in_effect(&b->pol[i].when, as_of);
    if (!n) return XF_PLAN_NONE;
    if (!(p->pol = calloc((size_t)n, sizeof *p->pol))) return -1;
    for (int i = 0; i < b->npol; i++)
        if (xf_when_in_effect(&b->pol[i].when, as_of) && select_policy(p, &b->pol[i], i, &p->pol[p->npol++]) != 0)
            return -1;
    return output_columns(p) != 0 || table_filters(p) != 0 ? -1 : 0;
}

int xf_plan_from_sources(xf_plan *p, int64_t as_of, int trace) {
    if (!p->c.entity) return XF_PLAN_NONE;
    if (xf_bound_from_compile(&p->c, 0, &p->own) != 0) return -1;
    return xf_plan_select(p, &p->own, as_of, trace);
}

char *xf_plan_policy_names(const xf_plan *p) {
    size_t n = 1;
    for (int i = 0; i < p->npol; i++) n += strlen(p->pol[i].name) + 1;
    char *s = calloc(1, n);
    for (int i = 0; s && i < p->npol; i++) {
        if (i) strcat(s, ",");
        strcat(s, p->pol[i].name);
    }
    return s;
}

int xf_plan_may_conflict(const xf_plan *p, int i, int j) {
    return p->bound->rel[p->pol[i].index * p->bound->npol + p->pol[j].index] & XF_REL_CONFLICT;
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
    for (int i = 0; i < p->bound->ntexts; i++)
        text_ids[i] = xf_texts_intern(db->texts, p->bound->texts[i], strlen(p->bound->texts[i]));
    *ctx = (xf_ctx){.db = db, .as_of = p->as_of, .text_ids = text_ids, .params = p->params};
}

void xf_plan_source_hash(const xf_plan *p, char hex[65]) {
    const xf_bound *b = p->bound;
    const char **paths = calloc((size_t)b->nsrc + 1, sizeof *paths), **texts = calloc((size_t)b->nsrc + 1, sizeof *texts);
    uint32_t *lens = calloc((size_t)b->nsrc + 1, sizeof *lens);
    uint8_t h[32] = {0};
    if (paths && texts && lens) {
        for (int i = 0; i < b->nsrc; i++) paths[i] = b->src[i].path, texts[i] = b->src[i].text, lens[i] = b->src[i].len;
        xf_pack_hash_sources(b->nsrc, paths, texts, lens, h);
    }
    free(paths), free(texts), free(lens);
    xf_sha256_hex(h, hex);
}

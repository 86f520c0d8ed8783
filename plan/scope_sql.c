/* scope_sql.c — the part of a policy's scope SQLite can test: the
 * conjuncts of its `where` that compare a column of its subject with an
 * enum label or with none (bound.h).  A row they exclude is one the policy
 * cannot decide, so the scan need not read it (plan.c says when a table's
 * rows serve nothing else).  Every other conjunct is left out: what is
 * kept is implied by the scope, never narrower. */
#include "bound.h"

#include <string.h>

static void put_quoted(xf_strbuf *o, const char *s, char q) {
    xf_strbuf_put(o, &q, 1);
    for (; *s; s++) {
        if (*s == q) xf_strbuf_put(o, &q, 1);
        xf_strbuf_put(o, s, 1);
    }
    xf_strbuf_put(o, &q, 1);
}

/* A column of the policy's subject record holding an enum. */
static const char *subject_enum_column(const xf_decl *d, const xf_expr *e) {
    if (e->kind != XF_E_FIELD || e->ref != XF_R_COLUMN || e->ref_decl != d->subject_decl || !e->a ||
        e->a->ref != XF_R_SUBJECT || e->ref_index < 0 || e->ref_index >= d->subject_decl->nfields)
        return NULL;
    const xf_field_decl *f = &d->subject_decl->fields[e->ref_index];
    return f->rtype && f->rtype->kind == XF_T_ENUM ? f->column : NULL;
}

/* One conjunct as SQL, appended with " AND " when not the first. */
static void conjunct(const xf_decl *d, const xf_expr *e, xf_strbuf *o) {
    if (e->kind != XF_E_BINARY || (e->op != XF_EOP_EQ && e->op != XF_EOP_NE)) return;
    const xf_expr *col = e->a, *val = e->b;
    if (!subject_enum_column(d, col)) col = e->b, val = e->a;
    const char *column = subject_enum_column(d, col);
    int none = val->kind == XF_E_NONE, label = val->kind == XF_E_NAME && val->ref == XF_R_LABEL && val->name;
    if (!column || (!none && !label)) return;
    if (o->n) xf_strbuf_puts(o, " AND ");
    int eq = e->op == XF_EOP_EQ;
    if (none) {  /* absent is SQL NULL */
        put_quoted(o, column, '"');
        xf_strbuf_puts(o, eq ? " IS NULL" : " IS NOT NULL");
    } else if (eq) {  /* an absent value too: what the policy makes of it is its own affair */
        xf_strbuf_puts(o, "(");
        put_quoted(o, column, '"');
        xf_strbuf_puts(o, " = ");
        put_quoted(o, val->name, '\'');
        xf_strbuf_puts(o, " OR ");
        put_quoted(o, column, '"');
        xf_strbuf_puts(o, " IS NULL)");
    } else {
        put_quoted(o, column, '"');
        xf_strbuf_puts(o, " IS NOT ");
        put_quoted(o, val->name, '\'');
    }
}

static void conjuncts(const xf_decl *d, const xf_expr *e, xf_strbuf *o) {
    if (!e) return;
    if (e->kind == XF_E_BINARY && e->op == XF_EOP_AND) {
        conjuncts(d, e->a, o);
        conjuncts(d, e->b, o);
    } else conjunct(d, e, o);
}

const char *xf_scope_sql(xf_compile *c, const xf_decl *d) {
    const xf_decl *older[1];
    /* an override's scope and a lenient policy's older regimes gate otherwise */
    if (d->base || d->overrides || d->override_where || xf_lenient_chain(d, older, 1) || !d->subject_decl ||
        d->subject_decl == c->entity)
        return NULL;
    xf_strbuf o = {0};
    conjuncts(d, d->where, &o);
    const char *sql = o.n && !o.oom ? xf_arena_strdup(&c->arena, o.p) : NULL;
    xf_strbuf_free(&o);
    return sql;
}

/* unmatched.c — the warning a run gives when a policy's scope (its `where`,
 * and an override's own) matched no record of the database: a provincial
 * policy run on another province's records, or a region code mistyped,
 * would otherwise decide nothing without a word. */
#include <stdio.h>
#include <string.h>

#include "plan.h"

/* The source text of e, on one line, cut to cap. */
static void expr_text(const xf_compile *c, const xf_expr *e, char *buf, size_t cap) {
    buf[0] = 0;
    if (!e || e->span.file < 0 || e->span.file >= c->diags.nsrc) return;
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
}

static const xf_decl *root(const xf_decl *d) { return d->base ? d->base : d; }

/* One is the other's regime, earlier or later: up the `supersedes` chain
 * of one lies the other (for overrides, the chain of their bases). */
static int same_chain(const xf_decl *a, const xf_decl *b) {
    for (int pass = 0; pass < 2; pass++) {
        const xf_decl *from = root(pass ? b : a), *to = root(pass ? a : b);
        for (int n = 0; from && n < 32; from = from->superseded, n++)
            if (from == to) return 1;
    }
    return 0;
}

/* Another policy of the plan took d's records: an override of d, or
 * another regime of the same rules (which one decides a record can depend
 * on the record's own day), that decided something.  d deciding nothing
 * then says nothing about its scope. */
static int handed_on(const xf_plan *p, const int64_t *decided, const xf_decl *d) {
    for (int i = 0; i < p->npol; i++) {
        const xf_decl *q = p->pol[i].decl;
        if (q != d && decided[i] && (q->base == d || (!q->base == !d->base && same_chain(d, q)))) return 1;
    }
    return 0;
}

/* In the plan only because its regime's day is the record's own
 * (`effective on`), as_of outside its rules' period: deciding nothing is
 * what it should do on most days. */
static int by_record_day(const xf_decl *d, int64_t as_of) {
    const xf_decl *r = root(d);
    const xf_module *m = r->module;
    int in_period = !(m->has_effective_from && as_of < m->effective_from) &&
                    !(m->has_effective_until && as_of > m->effective_until);
    return r->effective_on && !in_period;
}

int xf_plan_report_unmatched(const xf_plan *p, const int64_t *decided, xf_lang lang, FILE *f) {
    int n = 0, en = lang == XF_LANG_EN;
    for (int i = 0; i < p->npol; i++) {
        const xf_decl *d = p->pol[i].decl;
        if (decided[i] || by_record_day(d, p->as_of) || handed_on(p, decided, d)) continue;
        const xf_expr *scope = d->override_where ? d->override_where : d->where;
        char where[256];
        expr_text(&p->c, scope, where, sizeof where);
        const char *table = d->subject_decl && d->subject_decl->table ? d->subject_decl->table : "?";
        if (en)
            fprintf(f, "xiufu run: warning: policy %s decided nothing: its scope (where %s) matched no record of "
                       "table %s in the records database; check that its conditions (a region code, a sector) fit "
                       "these records\n", d->name, *where ? where : "…", table);
        else
            fprintf(f, "xiufu run：警告：政策 %s 没有作出任何决定：它的适用范围（where %s）没有匹配记录库中 %s "
                       "表的任何记录；请检查其条件（地区代码、行业等）是否与这些记录相符\n",
                    d->name, *where ? where : "…", table);
        n++;
    }
    return n;
}

/* check_documents.c — documents: forms filled from the decisions of a run.
 *
 * A document names the record it is about and the policies whose decisions
 * it shows (`by`).  It computes nothing: everything it shows is already in
 * the run — a column of the record or of the record's entity, a field of
 * the decision (eligible_from, stops_on, an output of every policy named),
 * the outcome, the evaluation day, the row's number, and in statistics the
 * grouping values and the count.  A let is not a field: the author declares
 * it as an output, so the policy is evaluated once, by its step program, and
 * documents only read the result.
 *
 * Texts are templates: `{p.entity.name}` is replaced by the value, `{{` and
 * `}}` stand for braces.  Placeholders are parsed here, from the source, so
 * a message points at the placeholder itself.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outcomes.h"
#include "parse.h"  /* xf_vec */

typedef enum { CTX_NOTICE, CTX_LEDGER, CTX_STAT, CTX_KEY, CTX_WHERE } doc_ctx;

typedef struct dchk {
    xf_compile *c;
    xf_decl    *doc;
    xf_decl    *outcomes;  /* the outcome codes as an enum, for `where outcome in {…}` */
    doc_ctx     ctx;
    const char *what;      /* the column's header or the document's name, for messages */
} dchk;

/* A message whose arguments differ by language (type words, explanations):
 * formatted once per language, kept as one diagnostic. */
static void diag_lang3(xf_compile *c, xf_span sp, xf_diag_code code, const char *const en[3], const char *const zh[3]) {
    xf_diags *ds = &c->diags;
    xf_diag(ds, sp, code, zh[0], zh[1], zh[2]);
    if (!ds->n || ds->d[ds->n - 1].code != code) return;
    xf_diagnostic *z = &ds->d[ds->n - 1];
    char *zh_msg = z->msg_zh;
    z->msg_zh = NULL;
    free(z->msg_en);
    if (z->sev == XF_SEV_ERROR) ds->errors--;
    else if (z->sev == XF_SEV_WARNING) ds->warnings--;
    ds->n--;
    xf_diag(ds, sp, code, en[0], en[1], en[2]);
    if (ds->n && ds->d[ds->n - 1].code == code) {
        free(ds->d[ds->n - 1].msg_zh);
        ds->d[ds->n - 1].msg_zh = zh_msg;
    } else {
        free(zh_msg);
    }
}

static void mismatch(dchk *k, xf_span sp, const char *want_en, const char *want_zh, const char *found_en,
                     const char *found_zh) {
    const char *en[3] = {k->what, want_en, found_en}, *zh[3] = {k->what, want_zh, found_zh};
    diag_lang3(k->c, sp, XF_D_TYPE_MISMATCH, en, zh);
}

static xf_decl *outcome_enum(xf_compile *c) {
    xf_decl *en = xf_arena_alloc(&c->arena, sizeof *en);
    xf_label *labels = xf_arena_alloc(&c->arena, sizeof *labels * XF_OUT__COUNT);
    if (!en || !labels) return NULL;
    for (int i = 0; i < XF_OUT__COUNT; i++) labels[i].name = xf_outcome_code[i];
    en->kind = XF_D_ENUM, en->name = "决定结果", en->labels = labels, en->nlabels = XF_OUT__COUNT;
    en->table_index = -1;
    return en;
}

/* ---- what a name or a field path reads ---- */

static int cell_type(const xf_type *t) {
    switch (t->kind) {
    case XF_T_BOOL: case XF_T_INT: case XF_T_MONEY: case XF_T_DATE: case XF_T_TEXT: case XF_T_ENUM: case XF_T_SET:
        return 1;
    default:
        return 0;
    }
}

/* The field `name` of a policy's decisions: its index and type, or -1. */
static int policy_field(dchk *k, const xf_decl *pol, const char *name, xf_type **type) {
    if (!strcmp(name, "eligible_from") || !strcmp(name, "stops_on")) {
        *type = xf_ty(k->c, XF_T_DATE, 1, NULL);
        return name[0] == 'e' ? 0 : 1;
    }
    for (int i = 0; i < pol->noutputs; i++)
        if (!strcmp(pol->outputs[i].name, name) && pol->outputs[i].type) {
            *type = pol->outputs[i].type;
            return pol->outputs[i].field;
        }
    return -1;
}

static int is_let(const xf_decl *pol, const char *name) {
    for (int i = 0; i < pol->nlets; i++)
        if (!strcmp(pol->lets[i].name, name)) return 1;
    for (int i = 0; i < pol->nreqs; i++)
        if (!strcmp(pol->reqs[i].name, name)) return 1;
    return 0;
}

static void unknown(dchk *k, xf_expr *e) {
    const char *cands[512];
    int n = 0;
    cands[n++] = k->doc->var, cands[n++] = "row", cands[n++] = "outcome", cands[n++] = "as_of";
    cands[n++] = "eligible_from", cands[n++] = "stops_on";
    if (k->ctx == CTX_STAT) cands[n++] = "count";
    for (int p = 0; p < k->doc->nby; p++)
        for (int i = 0; k->doc->by_decls[p] && i < k->doc->by_decls[p]->noutputs && n < 500; i++)
            cands[n++] = k->doc->by_decls[p]->outputs[i].name;
    const char *near = xf_nearest(e->name, cands, n);
    if (near) xf_diag(&k->c->diags, e->span, XF_D_UNKNOWN_NAME_DYM, e->name, near);
    else xf_diag(&k->c->diags, e->span, XF_D_UNKNOWN_NAME, e->name);
}

/* A field of the decision: present in every policy of `by`, with one type. */
static void decision_field(dchk *k, xf_docval *v) {
    xf_compile *c = k->c;
    xf_decl *d = k->doc;
    xf_expr *e = v->expr;
    v->field_of = xf_arena_alloc(&c->arena, sizeof *v->field_of * (size_t)(d->nby + 1));
    if (!v->field_of) return;
    int found = 0, missing = -1;
    for (int p = 0; p < d->nby; p++) {
        xf_type *t = NULL;
        v->field_of[p] = d->by_decls[p] ? policy_field(k, d->by_decls[p], e->name, &t) : -1;
        if (v->field_of[p] < 0) {
            if (missing < 0 && d->by_decls[p]) missing = p;
            continue;
        }
        if (found++ == 0) {
            v->type = t;
        } else if (t->kind != XF_T_ERROR && v->type->kind != XF_T_ERROR &&
                   (t->kind != v->type->kind || t->decl != v->type->decl)) {
            xf_diag(&c->diags, e->span, XF_D_TYPE_MISMATCH, e->name, xf_type_str(c, v->type), xf_type_str(c, t));
            v->kind = XF_DV_ERROR;
            return;
        }
    }
    if (found && missing < 0) {
        v->kind = XF_DV_FIELD;
        return;
    }
    int let = 0;
    for (int p = 0; p < d->nby; p++) let |= d->by_decls[p] && is_let(d->by_decls[p], e->name);
    v->kind = XF_DV_ERROR;
    if (found) {
        /* an output of some of the policies: say which one lacks it */
        xf_diag(&c->diags, d->by_spans[missing], XF_D_UNKNOWN_OUTPUT, e->name, e->name);
    } else if (let) {
        /* a let: documents read fields of the decision, so make it one */
        xf_diag(&c->diags, e->span, XF_D_UNKNOWN_OUTPUT, e->name, e->name);
    } else {
        unknown(k, e);
    }
}

static void check_value(dchk *k, xf_docval *v);

/* In statistics, a column that writes one of the grouping values shows it. */
static int match_key(dchk *k, xf_docval *v) {
    const char *text = xf_expr_text(k->c, v->expr);
    for (int i = 0; i < k->doc->nkeys; i++)
        if (!strcmp(text, xf_expr_text(k->c, k->doc->keys[i].expr))) {
            v->kind = XF_DV_KEY, v->index = i, v->type = k->doc->keys[i].type;
            return 1;
        }
    return 0;
}

static void check_name(dchk *k, xf_docval *v) {
    xf_compile *c = k->c;
    xf_expr *e = v->expr;
    const char *n = e->name;
    if (!strcmp(n, k->doc->var)) {
        v->kind = XF_DV_ERROR;
        mismatch(k, e->span, "a column of the record, a field of the decision or a text",
                 "记录的字段、决定的字段或文本", k->doc->subject, k->doc->subject);
    } else if (!strcmp(n, "row")) {
        v->kind = XF_DV_ROW, v->type = xf_ty(c, XF_T_INT, 0, NULL);
        if (k->ctx == CTX_KEY || k->ctx == CTX_WHERE) {  /* numbered after grouping and filtering */
            v->kind = XF_DV_ERROR;
            mismatch(k, e->span, "a column of the record or a field of the decision", "记录的字段或决定的字段", "row", "row");
        }
    } else if (!strcmp(n, "count")) {
        v->kind = XF_DV_COUNT, v->type = xf_ty(c, XF_T_INT, 0, NULL);
        if (k->ctx != CTX_STAT) {
            v->kind = XF_DV_ERROR;
            mismatch(k, e->span, "a column of a statistics table", "统计表的列", "count", "count");
        }
    } else if (!strcmp(n, "outcome")) {
        v->kind = XF_DV_OUTCOME, v->type = xf_ty(c, XF_T_ENUM, 1, k->outcomes);
    } else if (!strcmp(n, "as_of")) {
        v->kind = XF_DV_ASOF, v->type = xf_ty(c, XF_T_DATE, 0, NULL);
    } else {
        decision_field(k, v);
    }
}

static void check_path(dchk *k, xf_docval *v) {
    xf_compile *c = k->c;
    xf_decl *d = k->doc;
    xf_expr *e = v->expr, *root = e;
    while (root->kind == XF_E_FIELD && root->a) root = root->a;
    v->kind = XF_DV_ERROR;
    if (root->kind != XF_E_NAME || strcmp(root->name, d->var)) {
        /* not the record: say what the root is, and that it has no fields */
        xf_docval rv = {.expr = root};
        if (root->kind == XF_E_NAME) check_name(k, &rv);
        if (rv.kind != XF_DV_ERROR && rv.type) {
            const xf_expr *f = e;
            while (f->a != root) f = f->a;
            xf_diag(&c->diags, f->name_span, XF_D_UNKNOWN_FIELD, xf_type_str(c, rv.type), f->name);
        }
        return;
    }
    if (!d->subject_decl) return;
    v->type = xf_check_path(c, d, e);
    if (v->type->kind == XF_T_ERROR) return;
    if (e->ref == XF_R_COLUMN && e->a->kind == XF_E_NAME) {
        v->kind = XF_DV_COLUMN, v->index = e->ref_index;
    } else if (e->ref == XF_R_COLUMN && e->a->kind == XF_E_FIELD && e->a->ref == XF_R_ENTITY &&
               e->a->a->kind == XF_E_NAME) {
        v->kind = XF_DV_ENTITY, v->index = e->ref_index;
    } else if (cell_type(v->type)) {
        mismatch(k, e->span, "a column of the record or of its entity", "记录或其主体的字段", xf_expr_text(c, e),
                 xf_expr_text(c, e));
    } else {
        const char *t = xf_type_str(c, v->type);
        mismatch(k, e->span, "text, a number, money, a date, a label, a set or bool", "文本、数字、金额、日期、标签、集合或布尔值",
                 t, t);
    }
}

/* ---- templates ---- */

static int ident_byte(unsigned char ch) {
    return ch >= 0x80 || ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static void bad_placeholder(dchk *k, xf_span sp) {
    xf_diag_lang(&k->c->diags, sp, XF_D_SYNTAX,
                 "a placeholder is a name or a field path, as in {p.entity.name} or {eligible_from}; write {{ and }} for braces",
                 "占位符应为名称或字段路径，如 {p.entity.name}、{eligible_from}；大括号本身写作 {{ 与 }}");
}

/* `{a.b.c}` between src[from] (after '{') and src[to] (at '}'): a NAME and
 * FIELD nodes over the source, or NULL when it is no path. */
static xf_expr *parse_path(dchk *k, int32_t file, const char *src, uint32_t from, uint32_t to) {
    xf_arena *a = &k->c->arena;
    while (from < to && (src[from] == ' ' || src[from] == '\t')) from++;
    while (to > from && (src[to - 1] == ' ' || src[to - 1] == '\t')) to--;
    xf_expr *e = NULL;
    uint32_t i = from;
    for (;;) {
        uint32_t s = i;
        while (i < to && ident_byte((unsigned char)src[i])) i++;
        if (i == s || (src[s] >= '0' && src[s] <= '9')) return NULL;
        xf_expr *n = xf_arena_alloc(a, sizeof *n);
        if (!n) return NULL;
        xf_span sp = {file, s, i};
        n->name = xf_arena_strndup(a, src + s, i - s);
        n->name_span = sp;
        if (!e) {
            n->kind = XF_E_NAME, n->span = sp;
        } else {
            n->kind = XF_E_FIELD, n->a = e, n->span = (xf_span){file, from, i};
        }
        e = n;
        if (i == to) return e;
        if (src[i] != '.') return NULL;
        i++;
    }
}

static void add_part(dchk *k, xf_vec *parts, const char *text, size_t n, xf_expr *placeholder) {
    xf_docpart *p = xf_arena_alloc(&k->c->arena, sizeof *p);
    if (!p) return;
    if (placeholder) p->value.expr = placeholder;
    else p->text = xf_arena_strndup(&k->c->arena, text, n);
    xf_vec_push(&k->c->arena, parts, p);
}

/* The parts of a text literal, read from its source: `"…"` with escapes, or
 * `"""…"""` as written, without the line break after the opening quotes and
 * the indentation before the closing ones. */
static void parse_template(dchk *k, xf_docval *v) {
    xf_compile *c = k->c;
    xf_span sp = v->expr->span;
    const xf_source *s = &c->diags.src[sp.file];
    const char *src = s->text;
    uint32_t from = sp.start, to = sp.end > s->len ? s->len : sp.end;
    int triple = to - from >= 6 && !strncmp(src + from, "\"\"\"", 3);
    if (triple) {
        from += 3;
        if (to - from >= 3 && !strncmp(src + to - 3, "\"\"\"", 3)) to -= 3;
        if (from < to && src[from] == '\n') from++;
        else if (from + 1 < to && src[from] == '\r' && src[from + 1] == '\n') from += 2;
        uint32_t t = to;
        while (t > from && (src[t - 1] == ' ' || src[t - 1] == '\t')) t--;
        if (t > from && src[t - 1] == '\n') to = t - 1 - (t - 1 > from && src[t - 2] == '\r');
    } else {
        from += 1;
        if (to > from && src[to - 1] == '"') to -= 1;
    }
    xf_vec parts = {0};
    char *buf = xf_arena_alloc(&c->arena, (size_t)(to - from) + 1);
    size_t n = 0;
    if (!buf) return;
    for (uint32_t i = from; i < to; i++) {
        char ch = src[i];
        if (ch == '{' && i + 1 < to && src[i + 1] == '{') { buf[n++] = '{', i++; continue; }
        if (ch == '}' && i + 1 < to && src[i + 1] == '}') { buf[n++] = '}', i++; continue; }
        if (ch == '}') { bad_placeholder(k, (xf_span){sp.file, i, i + 1}); continue; }
        if (ch == '{') {
            uint32_t j = i + 1;
            while (j < to && src[j] != '}' && src[j] != '{' && src[j] != '\n' && src[j] != '"') j++;
            xf_expr *path = j < to && src[j] == '}' ? parse_path(k, sp.file, src, i + 1, j) : NULL;
            if (!path) {
                bad_placeholder(k, (xf_span){sp.file, i, j < to && src[j] == '}' ? j + 1 : i + 1});
                if (j < to && src[j] == '}') i = j;
                continue;
            }
            if (n) add_part(k, &parts, buf, n, NULL);
            n = 0;
            add_part(k, &parts, NULL, 0, path);
            i = j;
            continue;
        }
        if (triple && ch == '\r' && i + 1 < to && src[i + 1] == '\n') continue;  /* lines end with \n */
        if (!triple && ch == '\\' && i + 1 < to) {
            ch = src[++i];
            ch = ch == 'n' ? '\n' : ch == 't' ? '\t' : ch;
        }
        buf[n++] = ch;
    }
    if (n) add_part(k, &parts, buf, n, NULL);
    v->kind = XF_DV_TEXT, v->type = xf_ty(c, XF_T_TEXT, 0, NULL);
    v->nparts = parts.n;
    v->parts = xf_arena_alloc(&c->arena, sizeof *v->parts * (size_t)(parts.n + 1));
    if (!v->parts) { v->nparts = 0; return; }
    for (int i = 0; i < parts.n; i++) {
        v->parts[i] = *(xf_docpart *)parts.v[i];
        if (!v->parts[i].text) check_value(k, &v->parts[i].value);
    }
}

/* ---- values ---- */

static void check_value(dchk *k, xf_docval *v) {
    xf_compile *c = k->c;
    xf_expr *e = v->expr;
    if (!e) { v->kind = XF_DV_ERROR; return; }
    if (k->ctx == CTX_STAT && (e->kind == XF_E_NAME || e->kind == XF_E_FIELD) && match_key(k, v)) return;
    switch (e->kind) {
    case XF_E_TEXT:
        if (k->ctx == CTX_KEY || k->ctx == CTX_WHERE) break;
        parse_template(k, v);
        return;
    case XF_E_NAME: check_name(k, v); break;
    case XF_E_FIELD: check_path(k, v); break;
    default: break;
    }
    if (e->kind != XF_E_NAME && e->kind != XF_E_FIELD) {
        v->kind = XF_DV_ERROR;
        mismatch(k, e->span, "a column of the record, a field of the decision or a text",
                 "记录的字段、决定的字段或文本", "an expression (compute it in the policy as an output)",
                 "表达式（请在政策中以 output 计算）");
        return;
    }
    if (v->kind == XF_DV_ERROR || !v->type) return;
    if (!cell_type(v->type)) {
        v->kind = XF_DV_ERROR;
        const char *t = xf_type_str(c, v->type);
        mismatch(k, e->span, "text, a number, money, a date, a label, a set or bool", "文本、数字、金额、日期、标签、集合或布尔值",
                 t, t);
        return;
    }
    if (k->ctx == CTX_STAT && v->kind != XF_DV_ROW && v->kind != XF_DV_COUNT) {
        v->kind = XF_DV_ERROR;
        mismatch(k, e->span, "row, count, one of the grouping values after 'statistics by', or a text",
                 "row、count、statistics by 之后的分组值之一或文本", xf_expr_text(c, e), xf_expr_text(c, e));
    }
}

/* ---- the `where` of a document: a condition on values the run holds ---- */

static void resolve_labels(dchk *k, xf_expr *lab, xf_decl *en) {
    int n = lab->kind == XF_E_LABELS ? lab->nargs : 1;
    for (int i = 0; i < n; i++) {
        xf_expr *it = lab->kind == XF_E_LABELS ? lab->args[i] : lab;
        int found = -1;
        for (int l = 0; it->kind == XF_E_NAME && l < en->nlabels; l++)
            if (!strcmp(en->labels[l].name, it->name)) found = l;
        if (found >= 0) {
            it->ref = XF_R_LABEL, it->ref_index = found, it->ref_decl = en;
            continue;
        }
        const char **names = xf_arena_alloc(&k->c->arena, sizeof *names * (size_t)(en->nlabels + 1));
        for (int l = 0; names && l < en->nlabels; l++) names[l] = en->labels[l].name;
        const char *near = it->kind == XF_E_NAME && names ? xf_nearest(it->name, names, en->nlabels) : NULL;
        const char *what = it->kind == XF_E_NAME ? it->name : xf_expr_text(k->c, it);
        if (near) xf_diag(&k->c->diags, it->span, XF_D_UNKNOWN_LABEL_DYM, what, en->name, near);
        else xf_diag(&k->c->diags, it->span, XF_D_UNKNOWN_LABEL, what, en->name);
    }
}

static xf_docval *atom(dchk *k, xf_expr *e) {
    xf_docval *v = xf_arena_alloc(&k->c->arena, sizeof *v);
    if (!v) return NULL;
    v->expr = e;
    e->docval = v;
    check_value(k, v);
    return v->kind == XF_DV_ERROR ? NULL : v;
}

static void bad_condition(dchk *k, xf_expr *e) {
    mismatch(k, e->span, "a condition on the outcome or on fields (==, !=, in, not in, and, or, not)",
             "关于决定结果或字段的条件（==、!=、in、not in、and、or、not）", xf_expr_text(k->c, e), xf_expr_text(k->c, e));
}

static void check_cond(dchk *k, xf_expr *e) {
    if (e->kind == XF_E_BINARY && (e->op == XF_EOP_AND || e->op == XF_EOP_OR)) {
        check_cond(k, e->a), check_cond(k, e->b);
        return;
    }
    if (e->kind == XF_E_UNARY && e->op == XF_EOP_NOT) {
        check_cond(k, e->a);
        return;
    }
    if (e->kind == XF_E_NAME || e->kind == XF_E_FIELD) {
        xf_docval *v = atom(k, e);
        if (v && v->type->kind != XF_T_BOOL) bad_condition(k, e);
        return;
    }
    int eq = e->op == XF_EOP_EQ || e->op == XF_EOP_NE, in = e->op == XF_EOP_IN || e->op == XF_EOP_NOTIN;
    if (e->kind != XF_E_BINARY || (!eq && !in) || (e->a->kind != XF_E_NAME && e->a->kind != XF_E_FIELD)) {
        bad_condition(k, e);
        return;
    }
    xf_docval *v = atom(k, e->a);
    if (!v) return;
    xf_expr *r = e->b;
    if (eq && r->kind == XF_E_NONE) return;
    if (v->type->kind == XF_T_ENUM && ((eq && r->kind == XF_E_NAME) || (in && r->kind == XF_E_LABELS))) {
        resolve_labels(k, r, v->type->decl);
        return;
    }
    int texts = r->kind == XF_E_LABELS && r->nargs > 0;
    for (int i = 0; texts && i < r->nargs; i++) texts = r->args[i]->kind == XF_E_TEXT;
    if (v->type->kind == XF_T_TEXT && ((eq && r->kind == XF_E_TEXT) || (in && texts))) return;
    if (v->type->kind == XF_T_BOOL && eq && r->kind == XF_E_BOOL) return;
    bad_condition(k, e);
}

/* ---- documents ---- */

static void resolve_by(dchk *k) {
    xf_compile *c = k->c;
    xf_decl *d = k->doc;
    d->by_decls = xf_arena_alloc(&c->arena, sizeof *d->by_decls * (size_t)(d->nby + 1));
    if (!d->by_decls) { d->nby = 0; return; }
    for (int i = 0; i < d->nby; i++) {
        for (int j = 0; j < i; j++)
            if (!strcmp(d->by[i], d->by[j])) xf_diag(&c->diags, d->by_spans[i], XF_D_DUPLICATE, d->by[i]);
        xf_decl *p = xf_find_decl(c, d->module, d->by[i], XF_D_POLICY, d->by_spans[i]);
        if (!p) {
            const char *cands[512];
            int n = 0;
            for (int j = 0; j < c->npolicies && n < 512; j++) cands[n++] = c->policies[j]->name;
            const char *near = xf_nearest(d->by[i], cands, n);
            if (near) xf_diag(&c->diags, d->by_spans[i], XF_D_UNKNOWN_POLICY_DYM, d->by[i], near);
            else xf_diag(&c->diags, d->by_spans[i], XF_D_UNKNOWN_POLICY, d->by[i]);
            continue;
        }
        if (d->subject_decl && p->subject_decl && p->subject_decl != d->subject_decl) {
            xf_diag(&c->diags, d->by_spans[i], XF_D_SUBJECT_DIFFERS, d->name, d->subject, p->name, p->subject);
            continue;
        }
        if (p->subject_decl) d->by_decls[i] = p;
    }
}

static void check_document(xf_compile *c, xf_decl *d, xf_decl *outcomes) {
    dchk k = {.c = c, .doc = d, .outcomes = outcomes, .what = d->name};
    c->scope = d->module;
    d->subject_decl = xf_find_decl(c, d->module, d->subject, XF_D_RECORD, d->subject_span);
    if (!d->subject_decl) {
        const char *cands[64];
        int n = 0;
        for (int i = 0; i < c->ndecls && n < 64; i++)
            if (c->decls[i]->kind == XF_D_RECORD) cands[n++] = c->decls[i]->name;
        const char *near = xf_nearest(d->subject, cands, n);
        if (near) xf_diag(&c->diags, d->subject_span, XF_D_UNKNOWN_NAME_DYM, d->subject, near);
        else xf_diag(&c->diags, d->subject_span, XF_D_UNKNOWN_NAME, d->subject);
        return;
    }
    resolve_by(&k);
    if (d->where) {
        k.ctx = CTX_WHERE, k.what = "where";
        check_cond(&k, d->where);
    }
    k.what = d->name;
    if (d->doc_kind == XF_DOC_NOTICE) {
        k.ctx = CTX_NOTICE;
        check_value(&k, &d->notice);
    }
    for (int i = 0; i < d->nkeys; i++) {
        k.ctx = CTX_KEY, k.what = "statistics by";
        check_value(&k, &d->keys[i]);
    }
    for (int i = 0; i < d->ncolumns; i++) {
        xf_doc_column *col = &d->columns[i];
        for (int j = 0; j < i; j++)
            if (!strcmp(col->name, d->columns[j].name)) xf_diag(&c->diags, col->span, XF_D_DUPLICATE, col->name);
        k.ctx = d->doc_kind == XF_DOC_STATISTICS ? CTX_STAT : CTX_LEDGER;
        k.what = col->name;
        check_value(&k, &col->value);
    }
}

void xf_check_documents(xf_compile *c) {
    xf_decl *outcomes = NULL;
    for (int i = 0; i < c->ndecls; i++) {
        xf_decl *d = c->decls[i];
        if (d->kind != XF_D_DOCUMENT) continue;
        /* a document names its files: unique in a compilation, like a policy */
        for (int j = 0; j < i; j++)
            if (c->decls[j]->kind == XF_D_DOCUMENT && c->decls[j]->module != d->module && !strcmp(c->decls[j]->name, d->name))
                xf_diag(&c->diags, d->span, XF_D_DUPLICATE, d->name);
        if (!outcomes && !(outcomes = outcome_enum(c))) return;
        check_document(c, d, outcomes);
    }
    c->scope = NULL;
}

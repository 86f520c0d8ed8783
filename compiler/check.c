/* check.c — names and types.
 *
 * Resolves every name (suggesting the nearest when one is unknown), types
 * every expression, resolves labels against the enum the other operand
 * expects, and insists that a value that may be absent is checked before it
 * is used: `x != none and ...` (or a `where`/`when` that says so) narrows x
 * for the rest of the condition; `x ?? default` supplies a value.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "outcomes.h"
#include "spelling.h"

const char *const xf_builtin_name[XF_B__COUNT] = {
#define X(name, lo, hi) #name,
    XF_BUILTINS(X)
#undef X
};
static const int builtin_min[] = {
#define X(name, lo, hi) lo,
    XF_BUILTINS(X)
#undef X
};
static const int builtin_max[] = {
#define X(name, lo, hi) hi,
    XF_BUILTINS(X)
#undef X
};

enum { MAX_SCOPE = 32, MAX_NARROW = 128 };

typedef struct checker {
    xf_compile *c;
    xf_decl    *pol;
    struct { const char *name; xf_decl *rec; int id; } agg[MAX_SCOPE];
    int         nagg, agg_ids;
    const char *narrow[MAX_NARROW];
    int         nnarrow;
    int        *req_state;
    char       *let_used;  /* per let of pol: referenced by an expression */
    int         let_order;
    const char *defining[64];  /* the lets and requirements being checked, outermost first */
    int         ndefining;
} checker;

static xf_type *expr(checker *k, xf_expr *e, xf_decl *hint);

/* ---- types ---- */

xf_type *xf_ty(xf_compile *c, xf_type_kind kind, int optional, xf_decl *decl) {
    xf_type *t = xf_arena_alloc(&c->arena, sizeof *t);
    static xf_type err = {XF_T_ERROR, 0, NULL};
    if (!t) return &err;
    t->kind = kind, t->optional = optional, t->decl = decl;
    return t;
}

const char *xf_type_str(xf_compile *c, const xf_type *t) {
    static const char *base[] = {"<error>", "bool", "int", "money", "date", "duration", "text",
                                 "enum", "set", "record", "list", "none", "label set"};
    const char *s = base[t->kind];
    if (t->kind == XF_T_ENUM && t->decl) s = t->decl->name;
    if (t->kind == XF_T_SET && t->decl) s = xf_arena_printf(&c->arena, "set of %s", t->decl->name);
    if (t->kind == XF_T_RECORD && t->decl) s = t->decl->name;
    if (t->kind == XF_T_LIST && t->decl) s = xf_arena_printf(&c->arena, "list of %s", t->decl->name);
    return t->optional ? xf_arena_printf(&c->arena, "%s?", s) : s;
}

static xf_type *with_optional(checker *k, xf_type *t, int optional) {
    if (t->optional == optional || t->kind == XF_T_ERROR) return t;
    return xf_ty(k->c, t->kind, optional, t->decl);
}

static int same_type(const xf_type *a, const xf_type *b) {
    if (a->kind == XF_T_ERROR || b->kind == XF_T_ERROR) return 1;
    return a->kind == b->kind && a->decl == b->decl;
}

const char *xf_expr_text(xf_compile *c, const xf_expr *e) {
    const xf_source *s = &c->diags.src[e->span.file];
    uint32_t a = e->span.start, b = e->span.end > s->len ? s->len : e->span.end;
    /* (x) and x are the same condition: drop parentheses around the whole */
    while (b > a + 1 && s->text[a] == '(' && s->text[b - 1] == ')') {
        int depth = 0, whole = 1;
        for (uint32_t i = a; i < b && whole; i++) {
            depth += s->text[i] == '(' ? 1 : s->text[i] == ')' ? -1 : 0;
            if (depth == 0 && i < b - 1) whole = 0;
        }
        if (!whole) break;
        a++, b--;
        while (a < b && (s->text[a] == ' ' || s->text[a] == '\t')) a++;
        while (b > a && (s->text[b - 1] == ' ' || s->text[b - 1] == '\t')) b--;
    }
    char *out = xf_arena_alloc(&c->arena, (size_t)(b - a) + 1), *o = out;
    if (!out) return "";
    int space = 0;
    for (uint32_t i = a; i < b; i++) {
        char ch = s->text[i];
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') { space = 1; continue; }
        if (space && o != out) *o++ = ' ';
        space = 0;
        *o++ = ch;
    }
    *o = 0;
    return out;
}

/* ---- suggestions ---- */

static int utf8_decode_all(const char *s, uint32_t *out, int max) {
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < max;) {
        int len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        uint32_t cp = len == 1 ? *p : (uint32_t)(*p & (0x7F >> len));
        for (int i = 1; i < len && p[i]; i++) cp = (cp << 6) | (p[i] & 0x3F);
        out[n++] = cp;
        p += len;
    }
    return n;
}

static int edit_distance(const char *a, const char *b) {
    uint32_t x[64], y[64];
    int n = utf8_decode_all(a, x, 64), m = utf8_decode_all(b, y, 64);
    int prev[65], cur[65];
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
        cur[0] = i;
        for (int j = 1; j <= m; j++) {
            int sub = prev[j - 1] + (x[i - 1] != y[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
    }
    return prev[m];
}

const char *xf_nearest(const char *name, const char *const *cands, int n) {
    uint32_t tmp[64];
    int len = utf8_decode_all(name, tmp, 64);
    int limit = len <= 2 ? 1 : len <= 5 ? 2 : 3;
    const char *best = NULL;
    int bestd = limit + 1;
    for (int i = 0; i < n; i++) {
        if (!cands[i] || !strcmp(cands[i], name)) continue;
        int d = edit_distance(name, cands[i]);
        if (d < bestd) bestd = d, best = cands[i];
    }
    return best;
}

/* ---- narrowing: which possibly-absent values are known present here ---- */

static const char *expr_key(checker *k, const xf_expr *e) {
    if (e->kind == XF_E_NAME) return e->name;
    if (e->kind == XF_E_FIELD && e->a) {
        const char *a = expr_key(k, e->a);
        return a ? xf_arena_printf(&k->c->arena, "%s.%s", a, e->name) : NULL;
    }
    return NULL;
}

static int is_narrowed(checker *k, const char *key) {
    for (int i = 0; key && i < k->nnarrow; i++)
        if (!strcmp(k->narrow[i], key)) return 1;
    return 0;
}

/* Facts "x != none" that hold when e is true (present = 1) or false
 * (present = 0, for the right side of `or` and the else branch). */
static void collect_present(checker *k, const xf_expr *e, int when_true) {
    if (!e) return;
    if (e->kind == XF_E_BINARY && e->op == (when_true ? XF_EOP_AND : XF_EOP_OR)) {
        collect_present(k, e->a, when_true);
        collect_present(k, e->b, when_true);
        return;
    }
    if (e->kind == XF_E_UNARY && e->op == XF_EOP_NOT) {
        collect_present(k, e->a, !when_true);
        return;
    }
    if (e->kind == XF_E_BINARY && (e->op == XF_EOP_NE || e->op == XF_EOP_EQ)) {
        int says_present = (e->op == XF_EOP_NE) == when_true;
        const xf_expr *x = e->b && e->b->kind == XF_E_NONE ? e->a : e->a && e->a->kind == XF_E_NONE ? e->b : NULL;
        if (x && says_present && k->nnarrow < MAX_NARROW) {
            const char *key = expr_key(k, x);
            if (key) k->narrow[k->nnarrow++] = key;
        }
    }
}

/* A value is needed here: an optional one must have been narrowed. */
static xf_type *need_value(checker *k, xf_expr *e, xf_type *t) {
    if (!t->optional || t->kind == XF_T_ERROR || t->kind == XF_T_NONE) return t;
    const char *key = expr_key(k, e);
    if (!is_narrowed(k, key)) {
        const char *text = xf_expr_text(k->c, e);
        xf_diag(&k->c->diags, e->span, XF_D_OPTIONAL_USE, text, xf_type_str(k->c, t), text);
    }
    return with_optional(k, t, 0);
}

/* ---- declarations lookup ---- */

static xf_decl *find_decl(xf_compile *c, const char *name, xf_decl_kind kind) {
    return xf_find_decl(c, c->scope, name, kind, (xf_span){0, 0, 0});
}

static int label_index(const xf_decl *en, const char *name) {
    for (int i = 0; en && i < en->nlabels; i++)
        if (!strcmp(en->labels[i].name, name)) return i;
    return -1;
}

static const char **label_names(xf_compile *c, const xf_decl *en) {
    const char **v = xf_arena_alloc(&c->arena, sizeof *v * (size_t)(en->nlabels + 1));
    for (int i = 0; v && i < en->nlabels; i++) v[i] = en->labels[i].name;
    return v;
}

/* ---- names ---- */

static xf_type *check_let(checker *k, xf_let *l);
static xf_type *check_require(checker *k, int i);

static void unknown_name(checker *k, xf_expr *e) {
    xf_compile *c = k->c;
    const char *cands[512];
    int n = 0;
    for (int i = k->nagg - 1; i >= 0 && n < 500; i--) cands[n++] = k->agg[i].name;
    if (k->pol) {
        cands[n++] = k->pol->var;
        for (int i = 0; i < k->pol->nlets && n < 500; i++) cands[n++] = k->pol->lets[i].name;
        for (int i = 0; i < k->pol->nreqs && n < 500; i++) cands[n++] = k->pol->reqs[i].name;
    }
    cands[n++] = "as_of";
    for (int i = 0; i < c->ndecls && n < 500; i++)
        if (c->decls[i]->kind == XF_D_ENUM)
            for (int j = 0; j < c->decls[i]->nlabels && n < 500; j++) cands[n++] = c->decls[i]->labels[j].name;
    const char *numeral = xf_spell_numeral(&c->arena, e->name);
    if (numeral) {
        xf_diag(&c->diags, e->span, XF_D_CHINESE_NUMERAL, e->name, numeral);
        return;
    }
    const char *near = xf_nearest(e->name, cands, n);
    if (near) xf_diag(&c->diags, e->span, XF_D_UNKNOWN_NAME_DYM, e->name, near);
    else xf_diag(&c->diags, e->span, XF_D_UNKNOWN_NAME, e->name);
}

static xf_type *resolve_label(checker *k, xf_expr *e, xf_decl *hint) {
    xf_compile *c = k->c;
    if (hint) {
        int i = label_index(hint, e->name);
        if (i >= 0) {
            e->ref = XF_R_LABEL, e->ref_index = i, e->ref_decl = hint;
            return xf_ty(c, XF_T_ENUM, 0, hint);
        }
    }
    xf_decl *found = NULL;
    int count = 0, idx = -1;
    for (int d = 0; d < c->ndecls; d++) {
        if (c->decls[d]->kind != XF_D_ENUM) continue;
        int i = label_index(c->decls[d], e->name);
        if (i >= 0) found = c->decls[d], idx = i, count++;
    }
    if (hint) {
        const char *near = xf_nearest(e->name, label_names(c, hint), hint->nlabels);
        if (near) xf_diag(&c->diags, e->span, XF_D_UNKNOWN_LABEL_DYM, e->name, hint->name, near);
        else xf_diag(&c->diags, e->span, XF_D_UNKNOWN_LABEL, e->name, hint->name);
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    if (count == 1) {
        e->ref = XF_R_LABEL, e->ref_index = idx, e->ref_decl = found;
        return xf_ty(c, XF_T_ENUM, 0, found);
    }
    if (count > 1) {
        xf_diag(&c->diags, e->span, XF_D_AMBIGUOUS_LABEL, e->name);
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    return NULL;
}

static xf_type *check_name(checker *k, xf_expr *e, xf_decl *hint) {
    xf_compile *c = k->c;
    xf_type *t = NULL;
    for (int i = k->nagg - 1; i >= 0 && !t; i--)
        if (!strcmp(k->agg[i].name, e->name)) {
            e->ref = XF_R_AGGVAR, e->ref_index = k->agg[i].id, e->ref_decl = k->agg[i].rec;
            t = xf_ty(c, XF_T_RECORD, 0, k->agg[i].rec);
        }
    if (!t && k->pol && !strcmp(e->name, k->pol->var)) {
        e->ref = XF_R_SUBJECT, e->ref_decl = k->pol->subject_decl;
        t = k->pol->subject_decl ? xf_ty(c, XF_T_RECORD, 0, k->pol->subject_decl) : xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    if (!t && !strcmp(e->name, "as_of")) {
        e->ref = XF_R_ASOF;
        t = xf_ty(c, XF_T_DATE, 0, NULL);
    }
    if (!t && hint && label_index(hint, e->name) >= 0) return resolve_label(k, e, hint);
    for (int i = 0; !t && k->pol && i < k->pol->nlets; i++)
        if (!strcmp(k->pol->lets[i].name, e->name)) {
            e->ref = XF_R_LET, e->ref_index = i;
            if (k->let_used) k->let_used[i] = 1;
            t = check_let(k, &k->pol->lets[i]);
        }
    for (int i = 0; !t && k->pol && i < k->pol->nreqs; i++)
        if (!strcmp(k->pol->reqs[i].name, e->name)) {
            e->ref = XF_R_REQUIRE, e->ref_index = i;
            t = check_require(k, i);
        }
    if (!t && find_decl(c, e->name, XF_D_PARAM)) {
        xf_diag(&c->diags, e->span, XF_D_BAD_ARGS, e->name, "2", "0");
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    if (!t) t = resolve_label(k, e, hint);
    if (!t) {
        unknown_name(k, e);
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    return t;
}

/* ---- fields and relations ---- */

static xf_type *check_field(checker *k, xf_expr *e) {
    xf_compile *c = k->c;
    xf_type *ot = expr(k, e->a, NULL);
    if (ot->kind == XF_T_ERROR) return ot;
    if (ot->kind != XF_T_RECORD || !ot->decl) {
        xf_diag(&c->diags, e->name_span, XF_D_UNKNOWN_FIELD, xf_type_str(c, ot), e->name);
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    xf_decl *rec = ot->decl;
    for (int i = 0; i < rec->nfields; i++)
        if (!strcmp(rec->fields[i].name, e->name)) {
            e->ref = XF_R_COLUMN, e->ref_index = i, e->ref_decl = rec;
            rec->fields[i].used = 1;
            return rec->fields[i].rtype ? rec->fields[i].rtype : xf_ty(c, XF_T_ERROR, 0, NULL);
        }
    if (rec->entity_col && !strcmp(e->name, "entity") && c->entity) {
        e->ref = XF_R_ENTITY, e->ref_decl = c->entity;
        return xf_ty(c, XF_T_RECORD, 0, c->entity);
    }
    if (rec == c->entity) {
        xf_decl *rel = find_decl(c, e->name, XF_D_RECORD);
        if (rel && rel->entity_col) {
            e->ref = XF_R_RELATION, e->ref_decl = rel;
            return xf_ty(c, XF_T_LIST, 0, rel);
        }
    }
    const char *cands[256];
    int n = 0;
    for (int i = 0; i < rec->nfields && n < 250; i++) cands[n++] = rec->fields[i].name;
    if (rec->entity_col) cands[n++] = "entity";
    if (rec == c->entity)
        for (int i = 0; i < c->ndecls && n < 250; i++)
            if (c->decls[i]->kind == XF_D_RECORD && c->decls[i]->entity_col) cands[n++] = c->decls[i]->name;
    const char *near = xf_nearest(e->name, cands, n);
    if (near) xf_diag(&c->diags, e->name_span, XF_D_UNKNOWN_FIELD_DYM, rec->name, e->name, near);
    else xf_diag(&c->diags, e->name_span, XF_D_UNKNOWN_FIELD, rec->name, e->name);
    return xf_ty(c, XF_T_ERROR, 0, NULL);
}

/* ---- operators ---- */

static const char *op_text(int op) {
    static const char *t[] = {"and", "or", "not", "-", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*",
                              "in", "not in", "within", "meets", "??"};
    return op >= 0 && op < (int)(sizeof t / sizeof t[0]) ? t[op] : "?";
}

static xf_type *bad_operands(checker *k, xf_expr *e, xf_type *a, xf_type *b) {
    if (a->kind != XF_T_ERROR && b->kind != XF_T_ERROR)
        xf_diag(&k->c->diags, e->span, XF_D_BAD_OPERANDS, op_text(e->op), xf_type_str(k->c, a), xf_type_str(k->c, b));
    return xf_ty(k->c, XF_T_ERROR, 0, NULL);
}

static xf_type *expect_bool(checker *k, xf_expr *e, const char *what) {
    xf_type *t = expr(k, e, NULL);
    if (t->kind == XF_T_ERROR) return t;
    if (t->kind != XF_T_BOOL)
        xf_diag(&k->c->diags, e->span, XF_D_TYPE_MISMATCH, what, "bool", xf_type_str(k->c, t));
    return need_value(k, e, t);
}

/* {a, b}: labels of the hinted enum, or texts. */
static xf_type *check_labels(checker *k, xf_expr *e, xf_decl *hint) {
    xf_compile *c = k->c;
    int texts = 0;
    for (int i = 0; i < e->nargs; i++) texts += e->args[i]->kind == XF_E_TEXT;
    if (texts == e->nargs && e->nargs > 0) {
        for (int i = 0; i < e->nargs; i++) e->args[i]->type = xf_ty(c, XF_T_TEXT, 0, NULL);
        return xf_ty(c, XF_T_LABELS, 0, NULL);
    }
    xf_decl *en = hint;
    for (int i = 0; i < e->nargs; i++) {
        xf_expr *it = e->args[i];
        if (it->kind != XF_E_NAME) {
            xf_diag(&c->diags, it->span, XF_D_TYPE_MISMATCH, "label set item", "label", "expression");
            continue;
        }
        xf_type *t = resolve_label(k, it, en);
        if (!t) {
            unknown_name(k, it);
            continue;
        }
        it->type = t;
        if (t->kind == XF_T_ENUM && !en) en = t->decl;
    }
    return xf_ty(c, XF_T_LABELS, 0, en);
}

static int is_label_like(const xf_expr *e) {
    return e->kind == XF_E_LABELS || e->kind == XF_E_NAME;
}

/* Check a comparison pair: the side that fixes the enum goes first, so the
 * other side's labels resolve against it. */
static void check_pair(checker *k, xf_expr *e, xf_type **ta, xf_type **tb) {
    if (is_label_like(e->a) && !is_label_like(e->b)) {
        *tb = expr(k, e->b, NULL);
        *ta = expr(k, e->a, (*tb)->decl && (*tb)->kind != XF_T_RECORD ? (*tb)->decl : NULL);
    } else {
        *ta = expr(k, e->a, NULL);
        *tb = expr(k, e->b, (*ta)->decl && (*ta)->kind != XF_T_RECORD ? (*ta)->decl : NULL);
    }
    /* a value known present here is shown (and compared) without its '?' */
    if (is_narrowed(k, expr_key(k, e->a))) *ta = with_optional(k, *ta, 0);
    if (is_narrowed(k, expr_key(k, e->b))) *tb = with_optional(k, *tb, 0);
}

static int is_ordered_kind(xf_type_kind k) {
    return k == XF_T_INT || k == XF_T_MONEY || k == XF_T_DATE;
}

static xf_type *check_compare(checker *k, xf_expr *e) {
    xf_compile *c = k->c;
    xf_type *a, *b;
    check_pair(k, e, &a, &b);
    xf_type *boolean = xf_ty(c, XF_T_BOOL, 0, NULL);
    if (a->kind == XF_T_ERROR || b->kind == XF_T_ERROR) return boolean;
    switch (e->op) {
    case XF_EOP_EQ: case XF_EOP_NE:
        if (a->kind == XF_T_NONE || b->kind == XF_T_NONE) {
            xf_type *v = a->kind == XF_T_NONE ? b : a;
            if (!v->optional) bad_operands(k, e, a, b);
            return boolean;
        }
        if (a->kind == XF_T_SET && b->kind == XF_T_LABELS) return need_value(k, e->a, a), boolean;
        if (b->kind == XF_T_SET && a->kind == XF_T_LABELS) return need_value(k, e->b, b), boolean;
        if (!same_type(a, b)) return bad_operands(k, e, a, b), boolean;
        /* absent equals no label and no text: allowed without a check */
        if (a->kind != XF_T_ENUM && a->kind != XF_T_TEXT && a->kind != XF_T_BOOL) need_value(k, e->a, a);
        if (b->kind != XF_T_ENUM && b->kind != XF_T_TEXT && b->kind != XF_T_BOOL) need_value(k, e->b, b);
        return boolean;
    case XF_EOP_LT: case XF_EOP_LE: case XF_EOP_GT: case XF_EOP_GE:
        if (!same_type(a, b) || !is_ordered_kind(a->kind)) return bad_operands(k, e, a, b), boolean;
        need_value(k, e->a, a);
        need_value(k, e->b, b);
        return boolean;
    case XF_EOP_IN: case XF_EOP_NOTIN:
        if (a->kind == XF_T_ENUM && b->kind == XF_T_LABELS && (!b->decl || b->decl == a->decl)) return boolean;
        if (a->kind == XF_T_TEXT && b->kind == XF_T_LABELS && !b->decl) return boolean;
        if (a->kind == XF_T_ENUM && b->kind == XF_T_SET && a->decl == b->decl) return need_value(k, e->b, b), boolean;
        return bad_operands(k, e, a, b), boolean;
    case XF_EOP_WITHIN: case XF_EOP_MEETS:
        if (a->kind == XF_T_SET && (b->kind == XF_T_LABELS || b->kind == XF_T_SET) && (!b->decl || b->decl == a->decl)) {
            need_value(k, e->a, a);
            if (b->kind == XF_T_SET) need_value(k, e->b, b);
            return boolean;
        }
        return bad_operands(k, e, a, b), boolean;
    }
    return boolean;
}

static xf_type *check_binary(checker *k, xf_expr *e) {
    xf_compile *c = k->c;
    switch (e->op) {
    case XF_EOP_AND: case XF_EOP_OR: {
        expect_bool(k, e->a, op_text(e->op));
        int saved = k->nnarrow;
        collect_present(k, e->a, e->op == XF_EOP_AND);
        expect_bool(k, e->b, op_text(e->op));
        k->nnarrow = saved;
        return xf_ty(c, XF_T_BOOL, 0, NULL);
    }
    case XF_EOP_COALESCE: {
        xf_type *a = expr(k, e->a, NULL);
        xf_type *b = expr(k, e->b, a->kind == XF_T_ENUM ? a->decl : NULL);
        if (a->kind == XF_T_ERROR || b->kind == XF_T_ERROR) return xf_ty(c, XF_T_ERROR, 0, NULL);
        if (!same_type(a, b)) return bad_operands(k, e, a, b);
        return with_optional(k, a, b->optional);
    }
    case XF_EOP_ADD: case XF_EOP_SUB: case XF_EOP_MUL: {
        /* arithmetic keeps absence: absent + 1 day is absent, and the
         * result's type says so, so it must still be checked before use */
        xf_type *a = expr(k, e->a, NULL), *b = expr(k, e->b, NULL);
        if (is_narrowed(k, expr_key(k, e->a))) a = with_optional(k, a, 0);
        if (is_narrowed(k, expr_key(k, e->b))) b = with_optional(k, b, 0);
        if (a->kind == XF_T_ERROR || b->kind == XF_T_ERROR) return xf_ty(c, XF_T_ERROR, 0, NULL);
        int opt = a->optional || b->optional;
        if (e->op != XF_EOP_MUL && a->kind == XF_T_DATE && b->kind == XF_T_DURATION) return xf_ty(c, XF_T_DATE, opt, NULL);
        if (e->op == XF_EOP_MUL && a->kind == XF_T_MONEY && b->kind == XF_T_INT) return xf_ty(c, XF_T_MONEY, opt, NULL);
        if (e->op == XF_EOP_MUL && a->kind == XF_T_INT && b->kind == XF_T_INT) return xf_ty(c, XF_T_INT, opt, NULL);
        if (e->op != XF_EOP_MUL && same_type(a, b) && (a->kind == XF_T_INT || a->kind == XF_T_MONEY))
            return with_optional(k, a, opt);
        return bad_operands(k, e, a, b);
    }
    default:
        return check_compare(k, e);
    }
}

/* ---- calls and aggregates ---- */

static xf_type *check_param_call(checker *k, xf_expr *e, xf_decl *p) {
    xf_compile *c = k->c;
    char given[16];
    snprintf(given, sizeof given, "%d", e->nargs);
    e->ref = XF_R_PARAM, e->ref_decl = p, e->ref_index = p->param_index;
    p->param_used = 1;
    if (e->nargs != 2) {
        xf_diag(&c->diags, e->span, XF_D_BAD_ARGS, e->name, "2", given);
        return p->param_type ? p->param_type : xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    xf_type *r = need_value(k, e->args[0], expr(k, e->args[0], NULL));
    xf_type *d = need_value(k, e->args[1], expr(k, e->args[1], NULL));
    if (r->kind != XF_T_TEXT && r->kind != XF_T_ERROR)
        xf_diag(&c->diags, e->args[0]->span, XF_D_TYPE_MISMATCH, "region", "text", xf_type_str(c, r));
    if (d->kind != XF_T_DATE && d->kind != XF_T_ERROR)
        xf_diag(&c->diags, e->args[1]->span, XF_D_TYPE_MISMATCH, "date", "date", xf_type_str(c, d));
    return p->param_type ? p->param_type : xf_ty(c, XF_T_ERROR, 0, NULL);
}

static xf_type *check_call(checker *k, xf_expr *e) {
    xf_compile *c = k->c;
    xf_decl *p = find_decl(c, e->name, XF_D_PARAM);
    if (p) return check_param_call(k, e, p);
    int b = -1;
    for (int i = 0; i < XF_B__COUNT; i++)
        if (!strcmp(xf_builtin_name[i], e->name)) b = i;
    if (b < 0) {
        const char *cands[XF_B__COUNT + 64];
        int n = 0;
        for (int i = 0; i < XF_B__COUNT; i++) cands[n++] = xf_builtin_name[i];
        for (int i = 0; i < c->nparams && n < XF_B__COUNT + 60; i++) cands[n++] = c->params[i]->name;
        const char *near = xf_nearest(e->name, cands, n);
        if (near) xf_diag(&c->diags, e->name_span, XF_D_UNKNOWN_NAME_DYM, e->name, near);
        else xf_diag(&c->diags, e->name_span, XF_D_UNKNOWN_FUNCTION, e->name);
        for (int i = 0; i < e->nargs; i++) expr(k, e->args[i], NULL);
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    e->ref = XF_R_BUILTIN, e->ref_index = b;
    if (e->nargs < builtin_min[b] || e->nargs > builtin_max[b]) {
        char want[16], given[16];
        snprintf(want, sizeof want, "%d", builtin_min[b]);
        snprintf(given, sizeof given, "%d", e->nargs);
        xf_diag(&c->diags, e->span, XF_D_BAD_ARGS, e->name, want, given);
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    xf_type *t[16];
    for (int i = 0; i < e->nargs; i++) t[i] = expr(k, e->args[i], NULL);
    switch (b) {
    case XF_B_met: case XF_B_last:
        need_value(k, e->args[0], t[0]);
        need_value(k, e->args[1], t[1]);
        if (t[0]->kind != XF_T_DATE && t[0]->kind != XF_T_ERROR)
            xf_diag(&c->diags, e->args[0]->span, XF_D_TYPE_MISMATCH, e->name, "date", xf_type_str(c, t[0]));
        if (t[1]->kind != XF_T_DURATION && t[1]->kind != XF_T_ERROR)
            xf_diag(&c->diags, e->args[1]->span, XF_D_TYPE_MISMATCH, e->name, "duration", xf_type_str(c, t[1]));
        return xf_ty(c, XF_T_DATE, 0, NULL);
    case XF_B_latest: case XF_B_earliest: {
        /* absent arguments are left out; the result is absent only if all are */
        int all_optional = 1;
        for (int i = 0; i < e->nargs; i++) {
            if (t[i]->kind != XF_T_DATE && t[i]->kind != XF_T_ERROR)
                xf_diag(&c->diags, e->args[i]->span, XF_D_TYPE_MISMATCH, e->name, "date", xf_type_str(c, t[i]));
            const char *key = expr_key(k, e->args[i]);
            if (!t[i]->optional || is_narrowed(k, key)) all_optional = 0;
        }
        return xf_ty(c, XF_T_DATE, all_optional, NULL);
    }
    case XF_B_next_workday:
        need_value(k, e->args[0], t[0]);
        if (t[0]->kind != XF_T_DATE && t[0]->kind != XF_T_ERROR)
            xf_diag(&c->diags, e->args[0]->span, XF_D_TYPE_MISMATCH, e->name, "date", xf_type_str(c, t[0]));
        return xf_ty(c, XF_T_DATE, 0, NULL);
    case XF_B_starts_with:
        need_value(k, e->args[0], t[0]);
        for (int i = 0; i < 2; i++)
            if (t[i]->kind != XF_T_TEXT && t[i]->kind != XF_T_ERROR)
                xf_diag(&c->diags, e->args[i]->span, XF_D_TYPE_MISMATCH, e->name, "text", xf_type_str(c, t[i]));
        if (e->args[1]->kind != XF_E_TEXT)
            xf_diag(&c->diags, e->args[1]->span, XF_D_TYPE_MISMATCH, e->name, "text literal", "expression");
        return xf_ty(c, XF_T_BOOL, 0, NULL);
    }
    return xf_ty(c, XF_T_ERROR, 0, NULL);
}

static xf_type *check_agg(checker *k, xf_expr *e) {
    xf_compile *c = k->c;
    xf_type *lt = expr(k, e->a, NULL);
    xf_decl *rec = NULL;
    if (lt->kind == XF_T_LIST) rec = lt->decl;
    else if (lt->kind != XF_T_ERROR) xf_diag(&c->diags, e->a->span, XF_D_NOT_RELATION, xf_expr_text(c, e->a));
    if (k->nagg == MAX_SCOPE) return xf_ty(c, XF_T_ERROR, 0, NULL);
    k->agg[k->nagg].name = e->name;
    k->agg[k->nagg].rec = rec;
    k->agg[k->nagg].id = k->agg_ids++;
    e->ref_index = k->agg[k->nagg].id;
    e->ref_decl = rec;
    k->nagg++;
    int saved = k->nnarrow;
    xf_type *result = xf_ty(c, XF_T_ERROR, 0, NULL);
    if (!rec) {
        /* the variable has no record type: skip its body to avoid noise */
        k->nagg--;
        return result;
    }
    if (e->b) {
        expect_bool(k, e->b, "where");
        collect_present(k, e->b, 1);
    }
    switch (e->op) {
    case XF_AGG_EXISTS: result = xf_ty(c, XF_T_BOOL, 0, NULL); break;
    case XF_AGG_COUNT: result = xf_ty(c, XF_T_INT, 0, NULL); break;
    case XF_AGG_ALL: expect_bool(k, e->c, "satisfy"); result = xf_ty(c, XF_T_BOOL, 0, NULL); break;
    case XF_AGG_MIN: case XF_AGG_MAX: {
        xf_type *v = need_value(k, e->c, expr(k, e->c, NULL));
        if (v->kind != XF_T_ERROR && !is_ordered_kind(v->kind))
            xf_diag(&c->diags, e->c->span, XF_D_TYPE_MISMATCH, e->op == XF_AGG_MIN ? "min" : "max", "int, money or date",
                    xf_type_str(c, v));
        result = with_optional(k, v, 1);  /* no rows: absent */
        break;
    }
    }
    k->nnarrow = saved;
    k->nagg--;
    return result;
}

/* ---- expressions ---- */

static xf_type *expr(checker *k, xf_expr *e, xf_decl *hint) {
    xf_compile *c = k->c;
    xf_type *t;
    if (!e) return xf_ty(c, XF_T_ERROR, 0, NULL);  /* lost to a syntax error, reported by the parser */
    switch (e->kind) {
    case XF_E_INT: t = xf_ty(c, XF_T_INT, 0, NULL); break;
    case XF_E_MONEY: t = xf_ty(c, XF_T_MONEY, 0, NULL); break;
    case XF_E_DATE: t = xf_ty(c, XF_T_DATE, 0, NULL); break;
    case XF_E_DURATION: t = xf_ty(c, XF_T_DURATION, 0, NULL); break;
    case XF_E_TEXT: t = xf_ty(c, XF_T_TEXT, 0, NULL); break;
    case XF_E_BOOL: t = xf_ty(c, XF_T_BOOL, 0, NULL); break;
    case XF_E_NONE: t = xf_ty(c, XF_T_NONE, 1, NULL); break;
    case XF_E_NAME: t = check_name(k, e, hint); break;
    case XF_E_FIELD: t = check_field(k, e); break;
    case XF_E_LABELS: t = check_labels(k, e, hint); break;
    case XF_E_UNARY:
        if (e->op == XF_EOP_NOT) {
            expect_bool(k, e->a, "not");
            t = xf_ty(c, XF_T_BOOL, 0, NULL);
        } else {
            t = need_value(k, e->a, expr(k, e->a, NULL));
            if (t->kind != XF_T_INT && t->kind != XF_T_MONEY && t->kind != XF_T_ERROR)
                t = bad_operands(k, e, t, t);
        }
        break;
    case XF_E_BINARY: t = check_binary(k, e); break;
    case XF_E_CALL: t = check_call(k, e); break;
    case XF_E_AGG: t = check_agg(k, e); break;
    case XF_E_IF: {
        expect_bool(k, e->a, "if");
        int saved = k->nnarrow;
        collect_present(k, e->a, 1);
        xf_type *b = expr(k, e->b, hint);
        k->nnarrow = saved;
        collect_present(k, e->a, 0);
        xf_type *d = expr(k, e->c, b->kind == XF_T_ENUM ? b->decl : hint);
        k->nnarrow = saved;
        if (b->kind == XF_T_NONE) t = with_optional(k, d, 1);
        else if (d->kind == XF_T_NONE) t = with_optional(k, b, 1);
        else if (!same_type(b, d)) {
            xf_diag(&c->diags, e->c->span, XF_D_TYPE_MISMATCH, "else", xf_type_str(c, b), xf_type_str(c, d));
            t = xf_ty(c, XF_T_ERROR, 0, NULL);
        } else t = with_optional(k, b, b->optional || d->optional);
        break;
    }
    case XF_E_ALLREQ:  /* depends on every requirement: they are computed first */
        for (int i = 0; k->pol && i < k->pol->nreqs; i++) check_require(k, i);
        t = xf_ty(c, XF_T_BOOL, 0, NULL);
        break;
    default: t = xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    e->type = t;
    return t;
}

/* ---- lets, requirements, outputs, steps ---- */

/* The chain that leads from name back to itself: "a → b → a". */
static const char *cycle_chain(checker *k, const char *name) {
    int from = 0;
    for (int i = 0; i < k->ndefining; i++)
        if (!strcmp(k->defining[i], name)) from = i;
    const char *chain = name;
    for (int i = from + 1; i < k->ndefining; i++) chain = xf_arena_printf(&k->c->arena, "%s → %s", chain, k->defining[i]);
    return xf_arena_printf(&k->c->arena, "%s → %s", chain, name);
}

/* When l's value is the odd one out, the type its exceptions agree on; else
 * NULL.  The value is blamed when it is a number without a unit (`= 3` for
 * `3个月`) or when two or more exceptions outvote it; only literal
 * exceptions are looked at: they say their type without context. */
static xf_type *let_exceptions_type(checker *k, xf_let *l, xf_type *t) {
    if (!l->value || t->kind == XF_T_ERROR || t->kind == XF_T_NONE || l->nexcepts == 0) return NULL;
    if (l->value->kind != XF_E_INT && l->nexcepts < 2) return NULL;
    xf_type *agreed = NULL;
    for (int i = 0; i < l->nexcepts; i++) {
        const xf_expr *v = l->excepts[i].value;
        xf_type *vt = v->kind == XF_E_DURATION ? xf_ty(k->c, XF_T_DURATION, 0, NULL)
                    : v->kind == XF_E_MONEY ? xf_ty(k->c, XF_T_MONEY, 0, NULL)
                    : v->kind == XF_E_INT ? xf_ty(k->c, XF_T_INT, 0, NULL)
                    : v->kind == XF_E_DATE ? xf_ty(k->c, XF_T_DATE, 0, NULL)
                    : v->kind == XF_E_TEXT ? xf_ty(k->c, XF_T_TEXT, 0, NULL) : NULL;
        if (!vt) return NULL;
        if (same_type(vt, t)) return NULL;
        if (agreed && !same_type(agreed, vt)) return NULL;
        agreed = vt;
    }
    return agreed;
}

static xf_type *check_let(checker *k, xf_let *l) {
    xf_compile *c = k->c;
    if (l->state == 2) return l->type;
    if (l->state == 1) {
        xf_diag(&c->diags, l->span, XF_D_CYCLE, l->name, cycle_chain(k, l->name));
        l->type = xf_ty(c, XF_T_ERROR, 0, NULL);
        return l->type;
    }
    l->state = 1;
    if (k->ndefining < 64) k->defining[k->ndefining++] = l->name;
    /* a let is checked where it is declared, not where it is used */
    int saved_agg = k->nagg, saved_narrow = k->nnarrow;
    k->nagg = 0;
    k->nnarrow = 0;
    if (k->pol && k->pol->where) collect_present(k, k->pol->where, 1);
    xf_type *t = expr(k, l->value, NULL);
    xf_type *agreed = let_exceptions_type(k, l, t);
    if (agreed) {
        /* the exceptions agree and the value does not: the value is wrong */
        int bare_int = l->value && l->value->kind == XF_E_INT && t->kind == XF_T_INT;
        const char *en[4] = {l->name, xf_type_str(c, t), xf_type_str(c, agreed), ""};
        const char *zh[4] = {l->name, en[1], en[2], ""};
        if (bare_int && agreed->kind == XF_T_DURATION) {
            en[3] = xf_arena_printf(&c->arena, " (e.g. '%lld months' or '%lld years')", (long long)l->value->ival, (long long)l->value->ival);
            zh[3] = xf_arena_printf(&c->arena, "（如“%lld个月”或“%lld年”）", (long long)l->value->ival, (long long)l->value->ival);
        } else if (bare_int && agreed->kind == XF_T_MONEY) {
            en[3] = xf_arena_printf(&c->arena, " (e.g. '%lld元' or '%lld万元')", (long long)l->value->ival, (long long)l->value->ival);
            zh[3] = xf_arena_printf(&c->arena, "（如“%lld元”或“%lld万元”）", (long long)l->value->ival, (long long)l->value->ival);
        }
        xf_diag_args(&c->diags, l->value->span, XF_D_LET_TYPE, en, zh);
        t = with_optional(k, agreed, t->optional);
    }
    for (int i = 0; i < l->nexcepts; i++) {
        xf_except *x = &l->excepts[i];
        expect_bool(k, x->cond, "when");
        int s = k->nnarrow;
        collect_present(k, x->cond, 1);
        xf_type *v = expr(k, x->value, t->kind == XF_T_ENUM ? t->decl : NULL);
        k->nnarrow = s;
        if (!same_type(t, v) && v->kind != XF_T_NONE && t->kind != XF_T_NONE)
            xf_diag(&c->diags, x->value->span, XF_D_TYPE_MISMATCH, l->name, xf_type_str(c, t), xf_type_str(c, v));
        else if (v->optional && !t->optional)
            t = with_optional(k, t, 1);
        if (!x->basis) xf_diag(&c->diags, x->span, XF_D_NO_BASIS, "except", l->name);
    }
    k->nagg = saved_agg, k->nnarrow = saved_narrow;
    if (k->ndefining > 0) k->ndefining--;
    if (l->state == 1) {
        l->type = t;
        l->state = 2;
        l->order = k->let_order++;
    }
    return l->type;
}

static xf_type *check_require(checker *k, int i) {
    xf_compile *c = k->c;
    xf_require *r = &k->pol->reqs[i];
    if (k->req_state[i] == 2) return xf_ty(c, XF_T_BOOL, 0, NULL);
    if (k->req_state[i] == 1) {
        xf_diag(&c->diags, r->span, XF_D_CYCLE, r->name, cycle_chain(k, r->name));
        return xf_ty(c, XF_T_ERROR, 0, NULL);
    }
    k->req_state[i] = 1;
    if (k->ndefining < 64) k->defining[k->ndefining++] = r->name;
    int saved_agg = k->nagg, saved_narrow = k->nnarrow;
    k->nagg = 0, k->nnarrow = 0;
    if (k->pol->where) collect_present(k, k->pol->where, 1);
    expect_bool(k, r->cond, r->name);
    k->nagg = saved_agg, k->nnarrow = saved_narrow;
    if (k->ndefining > 0) k->ndefining--;
    k->req_state[i] = 2;
    r->order = k->let_order++;
    return xf_ty(c, XF_T_BOOL, 0, NULL);
}

static int builtin_field(const char *name) {
    return !strcmp(name, "eligible_from") ? 0 : !strcmp(name, "stops_on") ? 1 : -1;
}

static int field_index(const xf_decl *pol, const char *name) {
    int b = builtin_field(name);
    if (b >= 0) return b;
    for (int i = 0, n = 2; i < pol->noutputs; i++) {
        if (builtin_field(pol->outputs[i].name) >= 0) continue;
        if (!strcmp(pol->outputs[i].name, name)) return n;
        n++;
    }
    return -1;
}

static xf_type *field_type(checker *k, const xf_decl *pol, const char *name) {
    if (builtin_field(name) >= 0) return xf_ty(k->c, XF_T_DATE, 1, NULL);
    for (int i = 0; i < pol->noutputs; i++)
        if (!strcmp(pol->outputs[i].name, name)) return pol->outputs[i].type;
    return NULL;
}

static void check_assign(checker *k, xf_decl *pol, const char *name, xf_span span, xf_expr *value, int *field) {
    xf_compile *c = k->c;
    *field = field_index(pol, name);
    xf_type *want = *field >= 0 ? field_type(k, pol, name) : NULL;
    xf_type *got = expr(k, value, want && want->kind == XF_T_ENUM ? want->decl : NULL);
    if (*field < 0) {
        xf_diag(&c->diags, span, XF_D_UNKNOWN_OUTPUT, name, name);
        return;
    }
    if (want && got->kind != XF_T_NONE && !same_type(want, got))
        xf_diag(&c->diags, value->span, XF_D_TYPE_MISMATCH, name, xf_type_str(c, want), xf_type_str(c, got));
}

static void check_step(checker *k, xf_decl *pol, xf_step *s) {
    xf_compile *c = k->c;
    s->code = -1;
    for (int i = 0; i < XF_OUT__COUNT; i++)
        if (!strcmp(xf_outcome_code[i], s->outcome)) s->code = i;
    if (s->code < 0) {
        const char *near = xf_nearest(s->outcome, (const char *const *)xf_outcome_code, XF_OUT__COUNT);
        char *known = xf_arena_alloc(&c->arena, 512);
        if (known)
            for (int i = 0; i < XF_OUT__COUNT; i++) {
                if (i) strcat(known, ", ");
                strcat(known, xf_outcome_code[i]);
            }
        if (near) xf_diag(&c->diags, s->span, XF_D_UNKNOWN_NAME_DYM, s->outcome, near);
        else xf_diag(&c->diags, s->span, XF_D_UNKNOWN_OUTCOME, s->outcome, known ? known : "");
    }
    int saved = k->nnarrow;
    if (s->when) {
        expect_bool(k, s->when, "when");
        collect_present(k, s->when, 1);
    }
    xf_expr *time = s->from ? s->from : s->until;
    if (time) {
        xf_type *t = need_value(k, time, expr(k, time, NULL));
        if (t->kind != XF_T_DATE && t->kind != XF_T_ERROR)
            xf_diag(&c->diags, time->span, XF_D_TYPE_MISMATCH, s->from ? "from" : "until", "date", xf_type_str(c, t));
    }
    for (int i = 0; i < s->nsets; i++)
        check_assign(k, pol, s->sets[i].name, s->sets[i].span, s->sets[i].value, &s->sets[i].field);
    k->nnarrow = saved;
    if (!s->basis && s->noverrides && s->local)
        xf_diag(&c->diags, s->span, XF_D_OVERRIDES_NO_BASIS, s->outcome, s->overrides[0].name);
    else if (!s->basis)
        xf_diag(&c->diags, s->span, XF_D_NO_BASIS_STEP, s->outcome);
}

/* Step names are unique in a (merged) ladder; placing steps and overriding
 * steps is for overrides only. */
static void check_step_names(xf_compile *c, xf_decl *pol) {
    for (int i = 0; i < pol->nsteps; i++) {
        xf_step *s = &pol->steps[i];
        if (!pol->base) s->written = i + 1;
        for (int j = 0; s->name && j < pol->nsteps; j++) {
            const xf_step *t = &pol->steps[j];
            if (j == i || !t->name || strcmp(s->name, t->name)) continue;
            /* reported once, at the later one; in an override, at the override's own */
            int later = pol->base ? s->local && (!t->local || t->written < s->written) : j < i;
            if (later) {
                xf_diag(&c->diags, s->name_span, XF_D_DUPLICATE, s->name);
                break;
            }
        }
        if (pol->overrides) continue;
        if (s->place != XF_PLACE_FIRST && (i == 0 || pol->steps[i - 1].anchor_span.start != s->anchor_span.start)) {
            const char *how = s->place == XF_PLACE_BEFORE ? "before" : s->place == XF_PLACE_AFTER ? "after" : "instead of";
            xf_diag(&c->diags, s->anchor_span, XF_D_PLACEMENT_NOT_OVERRIDE,
                    xf_arena_printf(&c->arena, "decide %s %s", how, s->anchor));
        }
        if (s->noverrides)
            xf_diag(&c->diags, s->overrides[0].span, XF_D_PLACEMENT_NOT_OVERRIDE,
                    xf_arena_printf(&c->arena, "overrides %s", s->overrides[0].name));
    }
}

/* A step after an unconditional one never decides.  In an override only
 * its own steps are reported: the base's are its authors' to fix. */
static void check_dead_steps(xf_compile *c, xf_decl *pol) {
    const xf_step *last_word = NULL;
    for (int i = 0; i < pol->nsteps; i++) {
        const xf_step *s = &pol->steps[i];
        if (last_word && (!pol->base || s->local))
            xf_diag(&c->diags, s->span, XF_D_DEAD_STEP, s->name ? s->name : s->outcome,
                    last_word->name ? last_word->name : last_word->outcome);
        if (!last_word && !s->when && !s->from && !s->until) last_word = s;
    }
}

/* A helper let nothing refers to.  A let with a basis states the law and is
 * shown in every decision's explanation, used or not, so it is not reported.
 * In an override, only the lets it writes itself; a file with syntax errors
 * may have lost the items that used it. */
static void check_unused_lets(xf_compile *c, xf_decl *pol, const char *used) {
    if (!used || pol->module->syntax_errors) return;
    for (int i = 0; i < pol->nlets; i++) {
        const xf_let *l = &pol->lets[i];
        if (used[i] || l->basis || (pol->base && l->span.file != pol->span.file)) continue;
        xf_diag(&c->diags, l->span, XF_D_UNUSED_LET, l->name);
    }
}

static void check_policy(xf_compile *c, xf_decl *pol) {
    checker k = {.c = c, .pol = pol};
    int errors_before = c->diags.errors;
    c->scope = pol->module;
    if (pol->overrides && !pol->base) return;  /* reported: nothing to check it against */
    k.req_state = xf_arena_alloc(&c->arena, sizeof(int) * (size_t)(pol->nreqs + 1));
    k.let_used = xf_arena_alloc(&c->arena, (size_t)pol->nlets + 1);
    pol->subject_decl = find_decl(c, pol->subject, XF_D_RECORD);
    if (!pol->subject_decl) {
        const char *cands[64];
        int n = 0;
        for (int i = 0; i < c->ndecls && n < 64; i++)
            if (c->decls[i]->kind == XF_D_RECORD) cands[n++] = c->decls[i]->name;
        const char *near = xf_nearest(pol->subject, cands, n);
        if (near) xf_diag(&c->diags, pol->subject_span, XF_D_UNKNOWN_NAME_DYM, pol->subject, near);
        else xf_diag(&c->diags, pol->subject_span, XF_D_UNKNOWN_NAME, pol->subject);
        return;
    }
    for (int i = 0; i < pol->nlets; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(pol->lets[i].name, pol->lets[j].name))
                xf_diag(&c->diags, pol->lets[i].span, XF_D_DUPLICATE, pol->lets[i].name);
    for (int i = 0; i < pol->nreqs; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(pol->reqs[i].name, pol->reqs[j].name))
                xf_diag(&c->diags, pol->reqs[i].span, XF_D_DUPLICATE, pol->reqs[i].name);
    /* the columns of the decision table (docs/engineers-guide.md) besides
     * eligible_from and stops_on, which outputs may set */
    static const char *const reserved[] = {"run", "policy", "subject_table", "subject_id", "uscc", "outcome",
                                           "step", "basis", "error", "trace"};
    for (int i = 0; i < pol->noutputs; i++) {
        for (int j = 0; j < i; j++)
            if (!strcmp(pol->outputs[i].name, pol->outputs[j].name))
                xf_diag(&c->diags, pol->outputs[i].span, XF_D_DUPLICATE, pol->outputs[i].name);
        for (size_t r = 0; r < sizeof reserved / sizeof *reserved; r++)
            if (!strcasecmp(pol->outputs[i].name, reserved[r]))
                xf_diag(&c->diags, pol->outputs[i].span, XF_D_OUTPUT_RESERVED, pol->outputs[i].name);
    }
    if (pol->effective_on) {
        xf_type *t = need_value(&k, pol->effective_on, expr(&k, pol->effective_on, NULL));
        if (t->kind != XF_T_DATE && t->kind != XF_T_ERROR)
            xf_diag(&c->diags, pol->effective_on->span, XF_D_TYPE_MISMATCH, "effective on", "date", xf_type_str(c, t));
    }
    if (pol->lenient_on) {
        xf_type *t = expr(&k, pol->lenient_on, NULL);  /* may be absent: then no older regime applies */
        if (t->kind != XF_T_DATE && t->kind != XF_T_NONE && t->kind != XF_T_ERROR)
            xf_diag(&c->diags, pol->lenient_on->span, XF_D_TYPE_MISMATCH, "lenient on", "date?", xf_type_str(c, t));
        if (!(pol->base ? pol->base : pol)->supersedes)
            xf_diag(&c->diags, pol->lenient_on->span, XF_D_LENIENT_NO_OLDER, pol->name);
    }
    if (pol->where) {
        expect_bool(&k, pol->where, "where");
        collect_present(&k, pol->where, 1);
    }
    int base_narrow = k.nnarrow;
    for (int i = 0; i < pol->nlets; i++) check_let(&k, &pol->lets[i]);
    for (int i = 0; i < pol->nreqs; i++) {
        check_require(&k, i);
        if (!pol->reqs[i].basis && pol->reqs[i].cond)  /* lost to a syntax error: its basis may be there */
            xf_diag(&c->diags, pol->reqs[i].span, XF_D_NO_BASIS, "require", pol->reqs[i].name);
    }
    for (int i = 0; i < pol->noutputs; i++) {
        xf_output *o = &pol->outputs[i];
        k.nnarrow = base_narrow;
        o->type = expr(&k, o->value, NULL);
        if (o->type->kind == XF_T_DURATION || o->type->kind == XF_T_LABELS || o->type->kind == XF_T_RECORD ||
            o->type->kind == XF_T_LIST)
            xf_diag(&c->diags, o->value->span, XF_D_OUTPUT_TYPE, o->name, xf_type_str(c, o->type));
        if (builtin_field(o->name) >= 0 && o->type->kind != XF_T_DATE && o->type->kind != XF_T_ERROR)
            xf_diag(&c->diags, o->value->span, XF_D_TYPE_MISMATCH, o->name, "date", xf_type_str(c, o->type));
        o->field = field_index(pol, o->name);
    }
    for (int i = 0; i < pol->nsteps; i++) {
        k.nnarrow = base_narrow;
        check_step(&k, pol, &pol->steps[i]);
    }
    /* a ladder lost to a syntax error is not also reported missing */
    if (pol->nsteps == 0 && !pol->module->syntax_errors) xf_diag(&c->diags, pol->span, XF_D_NO_STEPS, pol->name);
    check_step_names(c, pol);
    check_dead_steps(c, pol);
    if (c->diags.errors == 0) check_unused_lets(c, pol, k.let_used);  /* errors first: they may be why */
    for (int i = 0; i < pol->nlets; i++) xf_check_exceptions(c, pol, &pol->lets[i]);
    if (c->diags.errors == 0) xf_check_ladder(c, pol);
    /* an override's merged ladder is checked when the override itself has no
     * error (its base's items are checked with it) */
    if (pol->base && !pol->unknown_steps && c->diags.errors == errors_before) xf_check_preemption(c, pol);
}

/* ---- declarations ---- */

static xf_type *resolve_typeref(xf_compile *c, const xf_typeref *r) {
    static const struct { const char *name; xf_type_kind kind; } base[] = {
        {"bool", XF_T_BOOL}, {"int", XF_T_INT}, {"money", XF_T_MONEY}, {"date", XF_T_DATE},
        {"duration", XF_T_DURATION}, {"text", XF_T_TEXT},
    };
    if (!r->name) return xf_ty(c, XF_T_ERROR, 0, NULL);
    if (!r->is_set)
        for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
            if (!strcmp(base[i].name, r->name)) return xf_ty(c, base[i].kind, r->optional, NULL);
    xf_decl *en = find_decl(c, r->name, XF_D_ENUM);
    if (en) return xf_ty(c, r->is_set ? XF_T_SET : XF_T_ENUM, r->optional, en);
    const char *cands[128];
    int n = 0;
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) cands[n++] = base[i].name;
    for (int i = 0; i < c->ndecls && n < 120; i++)
        if (c->decls[i]->kind == XF_D_ENUM) cands[n++] = c->decls[i]->name;
    const char *near = xf_nearest(r->name, cands, n);
    if (near) xf_diag(&c->diags, r->span, XF_D_UNKNOWN_NAME_DYM, r->name, near);
    else xf_diag(&c->diags, r->span, XF_D_UNKNOWN_TYPE, r->name);
    return xf_ty(c, XF_T_ERROR, 0, NULL);
}

/* Parameter values are data of the compiled policy: literals only. */
static int is_literal(const xf_expr *e) {
    switch (e->kind) {
    case XF_E_INT: case XF_E_MONEY: case XF_E_DATE: case XF_E_DURATION: case XF_E_BOOL: case XF_E_NONE:
    case XF_E_LABELS:
        return 1;
    case XF_E_NAME: return e->ref == XF_R_LABEL;
    default: return 0;
    }
}

static int param_value_fits(const xf_type *want, const xf_type *got) {
    if (same_type(want, got)) return 1;
    return want->kind == XF_T_SET && got->kind == XF_T_LABELS && (!got->decl || got->decl == want->decl);
}

static void check_param(xf_compile *c, xf_decl *p) {
    checker k = {.c = c};
    p->param_type = resolve_typeref(c, &p->ptype);
    if (p->param_type->kind == XF_T_TEXT)
        xf_diag(&c->diags, p->ptype.span, XF_D_PARAM_TYPE, p->name, "text");
    xf_decl *hint = p->param_type->kind == XF_T_ENUM || p->param_type->kind == XF_T_SET ? p->param_type->decl : NULL;
    for (int i = 0; i < p->nrows; i++) {
        xf_param_row_decl *r = &p->rows[i];
        xf_type *t = expr(&k, r->value, hint);
        if (t->kind != XF_T_ERROR && !is_literal(r->value))
            xf_diag(&c->diags, r->value->span, XF_D_PARAM_LITERAL, p->name);
        if (t->kind == XF_T_NONE) {
            if (!p->param_type->optional)
                xf_diag(&c->diags, r->value->span, XF_D_TYPE_MISMATCH, p->name, xf_type_str(c, p->param_type), "none");
        } else if (!param_value_fits(p->param_type, t)) {
            xf_diag(&c->diags, r->value->span, XF_D_TYPE_MISMATCH, p->name, xf_type_str(c, p->param_type),
                    xf_type_str(c, t));
        }
        if (r->has_from && r->has_until && r->until < r->from) {
            char a[11], b[11];
            xf_date_format(r->until, a), xf_date_format(r->from, b);
            xf_diag(&c->diags, r->span, XF_D_EFFECTIVE_ORDER, xf_arena_strdup(&c->arena, a), xf_arena_strdup(&c->arena, b));
        }
        if (!r->basis) xf_diag(&c->diags, r->span, XF_D_NO_BASIS, "param", p->name);
        for (int j = 0; j < i; j++) {
            xf_param_row_decl *q = &p->rows[j];
            const char *ra = r->region ? r->region : "", *qa = q->region ? q->region : "";
            if (strcmp(ra, qa)) continue;
            int64_t rf = r->has_from ? r->from : INT64_MIN, ru = r->has_until ? r->until : INT64_MAX;
            int64_t qf = q->has_from ? q->from : INT64_MIN, qu = q->has_until ? q->until : INT64_MAX;
            if (rf <= qu && qf <= ru) {
                char day[11] = "always";
                int64_t at = rf > qf ? rf : qf;
                if (at != INT64_MIN) xf_date_format(at, day);
                xf_diag(&c->diags, r->span, XF_D_PARAM_OVERLAP, p->name, *ra ? ra : "*", xf_arena_strdup(&c->arena, day));
            }
        }
    }
    if (p->pdefault) {
        xf_type *t = expr(&k, p->pdefault, hint);
        if (t->kind != XF_T_ERROR && !is_literal(p->pdefault))
            xf_diag(&c->diags, p->pdefault->span, XF_D_PARAM_LITERAL, p->name);
        if (t->kind == XF_T_NONE ? !p->param_type->optional : !param_value_fits(p->param_type, t))
            xf_diag(&c->diags, p->pdefault->span, XF_D_TYPE_MISMATCH, p->name, xf_type_str(c, p->param_type),
                    xf_type_str(c, t));
    }
}

static void collect_decls(xf_compile *c) {
    int n = 0;
    for (int m = 0; m < c->nmodules; m++) n += c->modules[m]->ndecls;
    c->decls = xf_arena_alloc(&c->arena, sizeof *c->decls * (size_t)(n + 1));
    c->policies = xf_arena_alloc(&c->arena, sizeof *c->policies * (size_t)(n + 1));
    c->params = xf_arena_alloc(&c->arena, sizeof *c->params * (size_t)(n + 1));
    if (!c->decls || !c->policies || !c->params) return;
    for (int m = 0; m < c->nmodules; m++)
        for (int i = 0; i < c->modules[m]->ndecls; i++) {
            xf_decl *d = c->modules[m]->decls[i];
            /* names are per module, policies name decisions and so are unique */
            for (int j = 0; j < c->ndecls; j++) {
                const xf_decl *e = c->decls[j];
                int clash = d->kind == XF_D_POLICY ? e->kind == XF_D_POLICY
                                                   : e->kind != XF_D_POLICY && e->module == d->module;
                if (clash && !d->extends && !strcmp(e->name, d->name)) {
                    xf_diag(&c->diags, d->span, XF_D_DUPLICATE, d->name);
                    break;
                }
            }
            c->decls[c->ndecls++] = d;
            if (d->kind == XF_D_POLICY) c->policies[c->npolicies++] = d;
            if (d->kind == XF_D_PARAM && !d->extends) d->param_index = c->nparams, c->params[c->nparams++] = d;
            if (d->kind == XF_D_RECORD && !d->entity_col && !c->entity) c->entity = d;
        }
}

static void check_module(xf_compile *c, xf_module *m) {
    if (m->has_effective_from && m->has_effective_until && m->effective_until < m->effective_from) {
        char a[11], b[11];
        xf_date_format(m->effective_until, a), xf_date_format(m->effective_from, b);
        xf_diag(&c->diags, m->effective_span, XF_D_EFFECTIVE_ORDER, xf_arena_strdup(&c->arena, a),
                xf_arena_strdup(&c->arena, b));
    }
    for (int i = 0; i < m->nuses; i++) {
        int found = 0;
        for (int j = 0; j < c->nmodules; j++) found |= c->modules[j]->name && !strcmp(c->modules[j]->name, m->uses[i]);
        if (!found) xf_diag(&c->diags, m->use_spans[i], XF_D_UNKNOWN_MODULE, m->uses[i]);
    }
}

/* A parameter no policy calls.  A module of parameters alone serves policies
 * elsewhere, which may not be loaded: its parameters are not reported. */
static void check_unused_params(xf_compile *c) {
    for (int i = 0; i < c->nparams; i++) {
        const xf_decl *p = c->params[i];
        if (p->param_used || p->module->syntax_errors) continue;
        int has_policy = 0;
        for (int d = 0; d < p->module->ndecls && !has_policy; d++) has_policy = p->module->decls[d]->kind == XF_D_POLICY;
        if (has_policy) xf_diag(&c->diags, p->span, XF_D_UNUSED_PARAM, p->name);
    }
}

int xf_check(xf_compile *c) {
    for (int m = 0; m < c->nmodules; m++)
        if (c->modules[m]->too_deep) return c->diags.errors;  /* reported by the parser; not walkable */
    collect_decls(c);
    for (int m = 0; m < c->nmodules; m++)
        if (!c->modules[m]->prelude && c->modules[m]->ndecls == 0 && !c->modules[m]->name &&
            !c->modules[m]->nuses && c->diags.errors == 0)
            xf_diag(&c->diags, (xf_span){c->modules[m]->span.file, 0, 0}, XF_D_EMPTY_FILE, c->modules[m]->path);
    for (int m = 0; m < c->nmodules; m++) check_module(c, c->modules[m]);
    xf_modules_visibility(c);
    xf_modules_link(c);
    for (int i = 0; i < c->ndecls; i++) {
        xf_decl *d = c->decls[i];
        c->scope = d->module;
        if (d->kind == XF_D_ENUM && d->nlabels > 64) xf_diag(&c->diags, d->span, XF_D_SET_TOO_BIG, d->name);
        if (d->kind == XF_D_ENUM)
            for (int a = 0; a < d->nlabels; a++)
                for (int b = 0; b < a; b++)
                    if (!strcmp(d->labels[a].name, d->labels[b].name))
                        xf_diag(&c->diags, d->labels[a].span, XF_D_DUPLICATE, d->labels[a].name);
        if (d->kind == XF_D_RECORD)
            for (int f = 0; f < d->nfields; f++) d->fields[f].rtype = resolve_typeref(c, &d->fields[f].type);
    }
    for (int i = 0; i < c->nparams; i++) c->scope = c->params[i]->module, check_param(c, c->params[i]);
    /* overrides first: the AST their bases share with them keeps the base's
     * annotations, checked last, with no narrowing an override adds */
    for (int i = 0; i < c->npolicies; i++)
        if (c->policies[i]->overrides) check_policy(c, c->policies[i]);
    for (int i = 0; i < c->npolicies; i++)
        if (!c->policies[i]->overrides) check_policy(c, c->policies[i]);
    for (int i = 0; i < c->npolicies; i++)
        if (c->policies[i]->base) xf_check_override_types(c, c->policies[i]);
    if (c->diags.errors == 0) check_unused_params(c);
    if (c->diags.errors == 0) xf_check_conflicts(c);
    xf_check_tests(c);
    xf_check_documents(c);
    c->scope = NULL;
    return c->diags.errors;
}

/* A field path a document shows (`p.entity.name`), typed as in a policy for
 * the document's `var: record`: the document has no lets, so only the
 * subject, its columns and its entity resolve.  Marks the columns used, so
 * the loader reads them. */
xf_type *xf_check_path(xf_compile *c, xf_decl *doc, xf_expr *e) {
    checker k = {.c = c, .pol = doc};
    return expr(&k, e, NULL);
}

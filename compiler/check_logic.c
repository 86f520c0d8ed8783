/* check_logic.c — proofs over conditions: exceptions that can apply at once,
 * and decision ladders a record can fall through.
 *
 * Conditions become propositional formulas.  An enum compared with labels
 * (`p.domain in {食品, 药品}`) becomes a variable over its labels (plus
 * "absent" when optional), so exclusive label sets are known to be exclusive;
 * boolean lets and requirements are expanded into their definitions; every
 * other condition is an opaque atom named by its source text, and `from D` /
 * `until D` of a step are the atom "as_of >= D" and its negation.  The proof
 * enumerates every assignment (bounded), and a counterexample is reported in
 * the author's own words.
 */
#include "check.h"
#include "outcomes.h"

#include <stdlib.h>
#include <string.h>

enum { L_CONST, L_AND, L_OR, L_NOT, L_ATOM, L_ENUM };
enum { MAX_VARS = 24, MAX_ASSIGNMENTS = 1 << 20, MAX_EXPAND = 8 };
/* The preemption proof searches (it does not enumerate), so it takes more facts. */
enum { MAX_SEARCH_VARS = 64, MAX_SEARCH_NODES = 1 << 21 };

typedef struct lnode {
    int           kind;
    struct lnode *a, *b;
    int           var;    /* ATOM, ENUM */
    uint64_t      mask;   /* ENUM: values that make it true; bit nlabels = absent */
    int           value;  /* CONST */
} lnode;

typedef struct lvar {
    const char    *key;   /* source text of the atom or the enum expression */
    const xf_expr *call;  /* an atom `starts_with(x, "prefix")`, or NULL */
    const xf_decl *en;    /* enum variables */
    int            size;  /* 2 for atoms; labels (+1 absent) for enums */
    uint64_t       masks[16];  /* the label sets it is tested against */
    int            nmasks;
    int            rep[65];    /* enums: one label per class of labels no test tells apart */
    int            nrep;
} lvar;

typedef struct logic {
    xf_compile *c;
    xf_decl    *pol;
    lvar        vars[MAX_SEARCH_VARS];
    int         nvars;
    int         maxvars;  /* 0: MAX_VARS */
    int         overflow;
    int         qualify;  /* two policies in one formula: facts about a let name their policy */
} logic;

static lnode *node(logic *g, int kind) {
    lnode *n = xf_arena_alloc(&g->c->arena, sizeof *n);
    static lnode f = {L_CONST, 0, 0, 0, 0, 0};
    if (!n) return &f;
    n->kind = kind;
    return n;
}

static int var_of(logic *g, const char *key, const xf_decl *en, int size) {
    for (int i = 0; i < g->nvars; i++)
        if (!strcmp(g->vars[i].key, key)) return i;
    if (g->nvars == (g->maxvars ? g->maxvars : MAX_VARS)) {
        g->overflow = 1;
        return 0;
    }
    g->vars[g->nvars] = (lvar){.key = key, .en = en, .size = size};
    return g->nvars++;
}

static lnode *atom(logic *g, const char *key) {
    lnode *n = node(g, L_ATOM);
    n->var = var_of(g, key, NULL, 2);
    return n;
}

static lnode *negate(logic *g, lnode *a) {
    lnode *n = node(g, L_NOT);
    n->a = a;
    return n;
}

static lnode *join(logic *g, int kind, lnode *a, lnode *b) {
    lnode *n = node(g, kind);
    n->a = a, n->b = b;
    return n;
}

/* The labels an expression stands for, as a mask over the enum; -1 if it is
 * not a label or label set. */
static int64_t label_mask(const xf_expr *e) {
    if (e->kind == XF_E_NAME && e->ref == XF_R_LABEL) return (int64_t)(UINT64_C(1) << e->ref_index);
    if (e->kind == XF_E_LABELS) {
        uint64_t m = 0;
        for (int i = 0; i < e->nargs; i++) {
            if (e->args[i]->ref != XF_R_LABEL) return -1;
            m |= UINT64_C(1) << e->args[i]->ref_index;
        }
        return (int64_t)m;
    }
    return -1;
}

static lnode *build(logic *g, const xf_expr *e, int depth);

/* 1 when e depends on a let or a requirement of its policy: the same text
 * means something else in another policy. */
static int mentions_local(const xf_expr *e) {
    if (!e) return 0;
    if (e->kind == XF_E_NAME && (e->ref == XF_R_LET || e->ref == XF_R_REQUIRE)) return 1;
    if (e->kind == XF_E_ALLREQ) return 1;
    if (mentions_local(e->a) || mentions_local(e->b) || mentions_local(e->c)) return 1;
    for (int i = 0; i < e->nargs; i++)
        if (mentions_local(e->args[i])) return 1;
    return 0;
}

/* The key of a fact: its source text, naming its policy when it must. */
static const char *fact_key(logic *g, const xf_expr *e, const char *text) {
    if (g->qualify && g->pol && mentions_local(e)) return xf_arena_printf(&g->c->arena, "%s（%s）", text, g->pol->name);
    return text;
}

static lnode *enum_test(logic *g, const xf_expr *e) {
    const xf_expr *x = e->a, *l = e->b;
    if (!x->type || x->type->kind != XF_T_ENUM) x = e->b, l = e->a;
    if (!x->type || x->type->kind != XF_T_ENUM || !x->type->decl) return NULL;
    const xf_decl *en = x->type->decl;
    uint64_t mask;
    if (l->kind == XF_E_NONE) {
        mask = UINT64_C(1) << en->nlabels;
    } else {
        int64_t m = label_mask(l);
        if (m < 0) return NULL;
        mask = (uint64_t)m;
    }
    lnode *n = node(g, L_ENUM);
    n->var = var_of(g, fact_key(g, x, xf_expr_text(g->c, x)), en, en->nlabels + (x->type->optional ? 1 : 0));
    n->mask = mask;
    lvar *v = &g->vars[n->var];
    if (v->nmasks < 16) v->masks[v->nmasks++] = mask;
    else v->nmasks = 17;  /* too many tests to group labels: try them all */
    return e->op == XF_EOP_NE || e->op == XF_EOP_NOTIN ? negate(g, n) : n;
}

static lnode *build(logic *g, const xf_expr *e, int depth) {
    if (!e) {
        lnode *t = node(g, L_CONST);
        t->value = 1;
        return t;
    }
    switch (e->kind) {
    case XF_E_BOOL: {
        lnode *n = node(g, L_CONST);
        n->value = (int)e->ival;
        return n;
    }
    case XF_E_UNARY:
        if (e->op == XF_EOP_NOT) return negate(g, build(g, e->a, depth));
        break;
    case XF_E_BINARY:
        if (e->op == XF_EOP_AND || e->op == XF_EOP_OR) {
            lnode *a = build(g, e->a, depth);  /* in source order: counterexamples read left to right */
            lnode *b = build(g, e->b, depth);
            return join(g, e->op == XF_EOP_AND ? L_AND : L_OR, a, b);
        }
        if (e->op == XF_EOP_EQ || e->op == XF_EOP_NE || e->op == XF_EOP_IN || e->op == XF_EOP_NOTIN) {
            lnode *n = enum_test(g, e);
            if (n) return n;
        }
        if ((e->op == XF_EOP_EQ || e->op == XF_EOP_NE) && (e->a->kind == XF_E_NONE || e->b->kind == XF_E_NONE)) {
            /* x != none is the negation of x == none: one atom */
            const xf_expr *x = e->a->kind == XF_E_NONE ? e->b : e->a;
            lnode *absent = atom(g, fact_key(g, x, xf_arena_printf(&g->c->arena, "%s == none", xf_expr_text(g->c, x))));
            return e->op == XF_EOP_EQ ? absent : negate(g, absent);
        }
        break;
    case XF_E_NAME:
        if (depth < MAX_EXPAND && e->ref == XF_R_LET && g->pol) {
            const xf_let *l = &g->pol->lets[e->ref_index];
            if (l->nexcepts == 0 && l->type && l->type->kind == XF_T_BOOL) return build(g, l->value, depth + 1);
        }
        if (depth < MAX_EXPAND && e->ref == XF_R_REQUIRE && g->pol)
            return build(g, g->pol->reqs[e->ref_index].cond, depth + 1);
        break;
    case XF_E_ALLREQ: {
        lnode *n = node(g, L_CONST);
        n->value = 1;
        for (int i = 0; g->pol && i < g->pol->nreqs; i++)
            n = join(g, L_AND, n, build(g, g->pol->reqs[i].cond, depth + 1));
        return n;
    }
    default:
        break;
    }
    lnode *n = atom(g, fact_key(g, e, xf_expr_text(g->c, e)));
    if (e->kind == XF_E_CALL && e->ref == XF_R_BUILTIN && e->ref_index == XF_B_starts_with && e->nargs == 2 &&
        e->args[1]->kind == XF_E_TEXT)
        g->vars[n->var].call = e;
    return n;
}

static int eval(const lnode *n, const int *val) {
    switch (n->kind) {
    case L_CONST: return n->value;
    case L_AND: return eval(n->a, val) && eval(n->b, val);
    case L_OR: return eval(n->a, val) || eval(n->b, val);
    case L_NOT: return !eval(n->a, val);
    case L_ATOM: return val[n->var];
    case L_ENUM: return (int)((n->mask >> val[n->var]) & 1);  /* val holds a label index */
    }
    return 0;
}

/* Labels that every test treats alike are one case: keep one of each. */
static void group_labels(lvar *v) {
    uint64_t seen[65];
    v->nrep = 0;
    for (int l = 0; l < v->size; l++) {
        uint64_t sig = 0;
        if (v->nmasks > 16) sig = (uint64_t)l;
        else
            for (int m = 0; m < v->nmasks; m++) sig |= ((v->masks[m] >> l) & 1) << m;
        int dup = 0;
        for (int k = 0; k < v->nrep && !dup; k++) dup = seen[k] == sig;
        if (!dup) seen[v->nrep] = sig, v->rep[v->nrep++] = l;
    }
}

static void group_all(logic *g) {
    for (int i = 0; i < g->nvars; i++) {
        if (g->vars[i].en) group_labels(&g->vars[i]);
        else g->vars[i].nrep = 2, g->vars[i].rep[0] = 0, g->vars[i].rep[1] = 1;
    }
}

/* Find an assignment that makes f true.  1 found (val holds it), 0 none,
 * -1 too many assignments to try. */
static int satisfy(logic *g, const lnode *f, int *val) {
    if (g->overflow) return -1;
    double total = 1;
    int idx[MAX_VARS] = {0};
    for (int i = 0; i < g->nvars; i++) {
        if (g->vars[i].en) group_labels(&g->vars[i]);
        else g->vars[i].nrep = 2, g->vars[i].rep[0] = 0, g->vars[i].rep[1] = 1;
        total *= g->vars[i].nrep;
    }
    if (total > MAX_ASSIGNMENTS) return -1;
    for (;;) {
        for (int i = 0; i < g->nvars; i++) val[i] = g->vars[i].rep[idx[i]];
        if (eval(f, val)) return 1;
        int i = 0;
        while (i < g->nvars && ++idx[i] == g->vars[i].nrep) idx[i++] = 0;
        if (i == g->nvars) return 0;
    }
}

static const char *describe(logic *g, const int *val) {
    size_t cap = 64;
    for (int i = 0; i < g->nvars; i++) cap += strlen(g->vars[i].key) + 64;
    char *s = xf_arena_alloc(&g->c->arena, cap);
    if (!s) return "";
    for (int i = 0; i < g->nvars; i++) {
        if (i) strcat(s, ", ");
        strcat(s, g->vars[i].key);
        if (!g->vars[i].en) {
            strcat(s, val[i] ? " = true" : " = false");
        } else {
            strcat(s, " = ");
            strcat(s, val[i] < g->vars[i].en->nlabels ? g->vars[i].en->labels[val[i]].name : "none");
        }
    }
    return s;
}

void xf_check_exceptions(xf_compile *c, xf_decl *pol, xf_let *let) {
    for (int j = 1; j < let->nexcepts; j++) {
        if (let->excepts[j].ordered) continue;
        for (int i = 0; i < j; i++) {
            logic g = {.c = c, .pol = pol};
            lnode *ci = build(&g, let->excepts[i].cond, 0);
            lnode *cj = build(&g, let->excepts[j].cond, 0);
            lnode *f = join(&g, L_AND, ci, cj);
            int val[MAX_VARS];
            int r = satisfy(&g, f, val);
            if (r == 1) {
                xf_diag(&c->diags, let->excepts[j].span, XF_D_EXCEPTION_OVERLAP, let->name, describe(&g, val));
                break;
            }
            if (r < 0) {
                const char *en[4] = {let->name, "them exclusive"}, *zh[4] = {let->name, "其例外互斥"};
                xf_diag_args(&c->diags, let->excepts[j].span, XF_D_TOO_COMPLEX, en, zh);
            }
        }
    }
}

void xf_check_ladder(xf_compile *c, xf_decl *pol) {
    for (int i = 0; i < pol->nsteps; i++) {  /* an otherwise step decides the rest; any after it are dead (warned) */
        const xf_step *s = &pol->steps[i];
        if (!s->when && !s->from && !s->until) return;
    }
    logic g = {.c = c, .pol = pol};
    lnode *decided = node(&g, L_CONST);
    decided->value = 0;
    for (int i = 0; i < pol->nsteps; i++) {
        const xf_step *s = &pol->steps[i];
        lnode *fires = build(&g, s->when, 0);
        if (s->from || s->until) {
            const char *d = xf_expr_text(c, s->from ? s->from : s->until);
            lnode *met = atom(&g, xf_arena_printf(&c->arena, "as_of >= %s", d));
            fires = join(&g, L_AND, fires, s->from ? met : negate(&g, met));
        }
        decided = join(&g, L_OR, decided, fires);
    }
    lnode *scope = build(&g, pol->where, 0);
    lnode *gap = join(&g, L_AND, scope, negate(&g, decided));
    int val[MAX_VARS];
    int r = satisfy(&g, gap, val);
    if (r == 1) xf_diag(&c->diags, pol->decide_span.end ? pol->decide_span : pol->span, XF_D_LADDER_GAP, pol->name,
                        describe(&g, val));
    else if (r < 0) {
        const char *en[4] = {pol->name, "its ladder complete"}, *zh[4] = {pol->name, "其决定阶梯完整"};
        xf_diag_args(&c->diags, pol->decide_span, XF_D_TOO_COMPLEX, en, zh);
    }
}

/* ---- preemption: an override's steps and the exclusions of its base ----
 *
 * A local step L that comes before a base step N excluding records
 * (not_published, not_repairable, expired) must not decide otherwise a record
 * N would exclude: a conflict is a record that reaches L (the `where` holds,
 * no earlier step of the merged ladder applies), for which L applies and N's
 * condition holds too.  The search assigns facts one by one and abandons a
 * partial assignment as soon as the formula is false under it (three-valued:
 * an unassigned fact is unknown), so it handles more facts than the
 * enumeration of the proofs above. */

enum { V_FALSE, V_TRUE, V_UNKNOWN };

static int eval3(const lnode *n, const int *val) {
    int a, b;
    switch (n->kind) {
    case L_CONST: return n->value ? V_TRUE : V_FALSE;
    case L_AND:
        a = eval3(n->a, val);
        if (a == V_FALSE) return V_FALSE;
        b = eval3(n->b, val);
        return b == V_FALSE ? V_FALSE : a == V_TRUE && b == V_TRUE ? V_TRUE : V_UNKNOWN;
    case L_OR:
        a = eval3(n->a, val);
        if (a == V_TRUE) return V_TRUE;
        b = eval3(n->b, val);
        return b == V_TRUE ? V_TRUE : a == V_FALSE && b == V_FALSE ? V_FALSE : V_UNKNOWN;
    case L_NOT:
        a = eval3(n->a, val);
        return a == V_UNKNOWN ? V_UNKNOWN : a == V_TRUE ? V_FALSE : V_TRUE;
    case L_ATOM: return val[n->var] < 0 ? V_UNKNOWN : val[n->var] ? V_TRUE : V_FALSE;
    case L_ENUM: return val[n->var] < 0 ? V_UNKNOWN : (int)((n->mask >> val[n->var]) & 1);
    }
    return V_FALSE;
}

static int search_from(logic *g, const lnode *f, int *val, int i, long *budget) {
    int r = eval3(f, val);
    if (r != V_UNKNOWN) return r == V_TRUE;
    if (i >= g->nvars) return 0;
    if (--*budget < 0) return -1;
    for (int k = 0; k < g->vars[i].nrep; k++) {
        val[i] = g->vars[i].rep[k];
        int x = search_from(g, f, val, i + 1, budget);
        if (x) return x;
    }
    val[i] = -1;
    return 0;
}

/* An assignment that makes f true, with the facts it does not need left
 * unknown (-1): 1 found, 0 none, -1 too many facts or steps to try. */
static int search(logic *g, const lnode *f, int *val) {
    if (g->overflow) return -1;
    group_all(g);
    for (int i = 0; i < g->nvars; i++) val[i] = -1;
    long budget = MAX_SEARCH_NODES;
    int r = search_from(g, f, val, 0, &budget);
    if (r != 1) return r;
    for (int i = g->nvars - 1; i >= 0; i--) {  /* drop what the example does not need */
        int keep = val[i];
        if (keep < 0) continue;
        val[i] = -1;
        if (eval3(f, val) != V_TRUE) val[i] = keep;
    }
    return 1;
}

static const char *describe_known(logic *g, const int *val, int shown) {
    size_t cap = 64;
    for (int i = 0; i < g->nvars; i++) cap += strlen(g->vars[i].key) + 64;
    char *s = xf_arena_alloc(&g->c->arena, cap);
    if (!s) return "";
    for (int i = 0; i < g->nvars && i < shown; i++) {
        if (val[i] < 0) continue;
        if (*s) strcat(s, ", ");
        strcat(s, g->vars[i].key);
        if (!g->vars[i].en) strcat(s, val[i] ? " = true" : " = false");
        else {
            strcat(s, " = ");
            strcat(s, val[i] < g->vars[i].en->nlabels ? g->vars[i].en->labels[val[i]].name : "none");
        }
    }
    return s;
}

/* When a step applies: its `when` and its day. */
static lnode *fires(logic *g, const xf_step *s) {
    lnode *f = build(g, s->when, 0);
    if (s->from || s->until) {
        const xf_expr *day = s->from ? s->from : s->until;
        const char *d = xf_expr_text(g->c, day);
        lnode *met = atom(g, fact_key(g, day, xf_arena_printf(&g->c->arena, "as_of >= %s", d)));
        f = join(g, L_AND, f, s->from ? met : negate(g, met));
    }
    return f;
}

static const xf_expr *output_named(const xf_decl *pol, const char *name) {
    for (int i = 0; i < pol->noutputs; i++)
        if (!strcmp(pol->outputs[i].name, name)) return pol->outputs[i].value;
    return NULL;
}

/* The value a step gives a date field, as source text ("none" when absent). */
static const char *field_text(xf_compile *c, const xf_decl *pol, const xf_step *s, const char *field) {
    const xf_expr *v = NULL;
    for (int i = 0; i < s->nsets; i++)
        if (!strcmp(s->sets[i].name, field)) v = s->sets[i].value;
    if (!v && !strcmp(field, "eligible_from")) v = s->from ? s->from : s->until;
    if (!v) v = output_named(pol, field);
    return v && v->kind != XF_E_NONE ? xf_expr_text(c, v) : "none";
}

static int same_decision(xf_compile *c, const xf_decl *pol, const xf_step *l, const xf_step *n) {
    return l->code == n->code && !strcmp(field_text(c, pol, l, "eligible_from"), field_text(c, pol, n, "eligible_from")) &&
           !strcmp(field_text(c, pol, l, "stops_on"), field_text(c, pol, n, "stops_on"));
}

static int declares_override(const xf_step *l, const xf_step *n) {
    if (!n->name) return 0;
    if (l->place == XF_PLACE_INSTEAD && l->anchor && !strcmp(l->anchor, n->name)) return 1;
    for (int i = 0; i < l->noverrides; i++)
        if (!strcmp(l->overrides[i].name, n->name)) return 1;
    return 0;
}

static void report_preemption(xf_compile *c, const xf_decl *pol, int li, int ni, const char *example) {
    const xf_step *l = &pol->steps[li], *n = &pol->steps[ni];
    const xf_decl *b = pol->base;
    const char *cite = n->basis ? n->basis : "";
    const char *en[4], *zh[4];
    en[0] = xf_arena_printf(&c->arena, "step %d (%s) of '%s'", li + 1, l->outcome, pol->name);
    zh[0] = xf_arena_printf(&c->arena, "“%s”的第 %d 步（%s）", pol->name, li + 1, l->outcome);
    if (n->name) {
        en[1] = xf_arena_printf(&c->arena, "step %d '%s' of '%s' (%s, %s)", n->written, n->name, b->name, n->outcome, cite);
        zh[1] = xf_arena_printf(&c->arena, "“%s”的第 %d 步“%s”（%s，%s）", b->name, n->written, n->name, n->outcome, cite);
        en[3] = xf_arena_printf(&c->arena, "place it after that step ('decide after %s') or declare 'overrides %s' with a basis",
                                n->name, n->name);
        zh[3] = xf_arena_printf(&c->arena, "请将其置于该步骤之后（decide after %s），或以“overrides %s”声明覆盖并写明依据",
                                n->name, n->name);
    } else {
        en[1] = xf_arena_printf(&c->arena, "step %d of '%s' (%s, %s)", n->written, b->name, n->outcome, cite);
        zh[1] = xf_arena_printf(&c->arena, "“%s”的第 %d 步（%s，%s）", b->name, n->written, n->outcome, cite);
        en[3] = "give that step a name ('NAME: ...') and place this one after it";
        zh[3] = "请为该步骤命名（“名称: ...”），并将本步骤置于其后";
    }
    en[2] = zh[2] = example;
    xf_diag_args(&c->diags, l->span, XF_D_PREEMPTS, en, zh);
}

void xf_check_preemption(xf_compile *c, xf_decl *pol) {
    if (!pol->base) return;
    for (int li = 0; li < pol->nsteps; li++) {
        const xf_step *l = &pol->steps[li];
        if (!l->local) continue;
        int unproven = 0;
        for (int ni = li + 1; ni < pol->nsteps; ni++) {
            const xf_step *n = &pol->steps[ni];
            if (n->local || (n->code != XF_OUT_not_published && n->code != XF_OUT_not_repairable && n->code != XF_OUT_expired))
                continue;
            if (declares_override(l, n) || same_decision(c, pol, l, n)) continue;
            /* facts in the order of the example: N's, L's, then the rest */
            logic g = {.c = c, .pol = pol, .maxvars = MAX_SEARCH_VARS};
            lnode *fn = fires(&g, n);
            lnode *f = join(&g, L_AND, fn, fires(&g, l));
            for (int k = 0; k < li; k++) f = join(&g, L_AND, f, negate(&g, fires(&g, &pol->steps[k])));
            int shown = g.nvars;  /* the `where` holds for every record: its facts go unsaid */
            f = join(&g, L_AND, f, build(&g, pol->where, 0));
            int val[MAX_SEARCH_VARS];
            int r = search(&g, f, val);
            if (r == 1) report_preemption(c, pol, li, ni, describe_known(&g, val, shown));
            else if (r < 0) unproven = 1;
        }
        if (unproven) {
            const char *en[4] = {pol->name, xf_arena_printf(&c->arena, "that step %d keeps the exclusions of '%s'", li + 1,
                                                            pol->base->name)};
            const char *zh[4] = {pol->name, xf_arena_printf(&c->arena, "第 %d 步不越过“%s”的排除步骤", li + 1,
                                                            pol->base->name)};
            xf_diag_args(&c->diags, l->span, XF_D_TOO_COMPLEX, en, zh);
        }
    }
}

/* ---- two policies that decide the same record differently ----
 *
 * Two policies for the same records, neither an override of the other nor
 * following it in time (`supersedes`), in effect on a common day: a record
 * both `where`s take, for which the first step of each that applies gives a
 * different outcome, is decided twice and differently.  The facts of the two
 * ladders are one formula: record facts (`p.sector == 市场监管`) are shared
 * when both name the subject alike, facts about a let are the let's policy's
 * own.  Prefix tests of one text (`starts_with(p.entity.region, "5104")` and
 * `"4303"`) exclude each other. */

/* The policy a regime follows, back to the first. */
static int follows(const xf_decl *a, const xf_decl *b) {
    int n = 0;
    for (const xf_decl *p = a->superseded; p && n < 64; p = p->superseded, n++)
        if (p == b) return 1;
    return 0;
}

/* Overrides of one base (two local packs) are left out too: which pack takes
 * a record both scopes claim is a question between the packs, not a
 * contradiction of the rules they share. */
static int related(const xf_decl *a, const xf_decl *b) {
    if (a->base == b || b->base == a || (a->base && a->base == b->base)) return 1;
    const xf_decl *ra = a->base ? a->base : a, *rb = b->base ? b->base : b;
    return ra != rb && (follows(ra, rb) || follows(rb, ra));
}

/* The days a policy may be in effect on: its module's period, and its
 * base's for an override that takes its base's regime. */
static void period(const xf_decl *p, int64_t *from, int64_t *until) {
    *from = INT64_MIN, *until = INT64_MAX;
    for (const xf_module *m = p->module; m; m = p->base && m != p->base->module && !p->effective_on ? p->base->module : NULL) {
        if (m->has_effective_from && m->effective_from > *from) *from = m->effective_from;
        if (m->has_effective_until && m->effective_until < *until) *until = m->effective_until;
    }
}

static int prefix_of(const char *a, const char *b) { return !strncmp(a, b, strlen(a)); }

/* starts_with facts about one text whose prefixes differ cannot both hold. */
static lnode *prefix_exclusions(logic *g, lnode *f) {
    for (int i = 0; i < g->nvars; i++)
        for (int j = i + 1; j < g->nvars; j++) {
            const xf_expr *a = g->vars[i].call, *b = g->vars[j].call;
            if (!a || !b || strcmp(xf_expr_text(g->c, a->args[0]), xf_expr_text(g->c, b->args[0]))) continue;
            if (prefix_of(a->args[1]->name, b->args[1]->name) || prefix_of(b->args[1]->name, a->args[1]->name)) continue;
            lnode *x = node(g, L_ATOM), *y = node(g, L_ATOM);
            x->var = i, y->var = j;
            f = join(g, L_AND, f, negate(g, join(g, L_AND, x, y)));
        }
    return f;
}

/* Step si of a and step sj of b both decide a record: 1 with the example in
 * val, 0 never, -1 too much to search. */
static int both_decide(logic *g, xf_decl *a, int si, xf_decl *b, int sj, int *val) {
    g->pol = a;
    lnode *f = build(g, a->where, 0);
    f = join(g, L_AND, f, fires(g, &a->steps[si]));
    for (int k = 0; k < si; k++) f = join(g, L_AND, f, negate(g, fires(g, &a->steps[k])));
    g->pol = b;
    f = join(g, L_AND, f, build(g, b->where, 0));
    f = join(g, L_AND, f, fires(g, &b->steps[sj]));
    for (int k = 0; k < sj; k++) f = join(g, L_AND, f, negate(g, fires(g, &b->steps[k])));
    return search(g, prefix_exclusions(g, f), val);
}

static const char *step_words(xf_compile *c, const xf_decl *p, int i, int zh) {
    const xf_step *s = &p->steps[i];
    if (zh)
        return s->name ? xf_arena_printf(&c->arena, "“%s”第 %d 步“%s”为 %s", p->name, i + 1, s->name, s->outcome)
                       : xf_arena_printf(&c->arena, "“%s”第 %d 步为 %s", p->name, i + 1, s->outcome);
    return s->name ? xf_arena_printf(&c->arena, "step %d '%s' of '%s' gives %s", i + 1, s->name, p->name, s->outcome)
                   : xf_arena_printf(&c->arena, "step %d of '%s' gives %s", i + 1, p->name, s->outcome);
}

/* One warning for a and b: the first pair of steps, in ladder order, that
 * decide one record differently. */
static void check_pair(xf_compile *c, xf_decl *a, xf_decl *b) {
    int unproven = 0;
    for (int si = 0; si < a->nsteps; si++)
        for (int sj = 0; sj < b->nsteps; sj++) {
            if (a->steps[si].code == b->steps[sj].code) continue;
            logic g = {.c = c, .maxvars = MAX_SEARCH_VARS, .qualify = 1};
            int val[MAX_SEARCH_VARS];
            int r = both_decide(&g, a, si, b, sj, val);
            if (r < 0) unproven = 1;
            if (r != 1) continue;
            const char *ex = describe_known(&g, val, g.nvars);
            const char *en[4] = {a->name, b->name,
                                 xf_arena_printf(&c->arena, "%s, %s", step_words(c, a, si, 0), step_words(c, b, sj, 0)), ex};
            const char *zh[4] = {a->name, b->name,
                                 xf_arena_printf(&c->arena, "%s，%s", step_words(c, a, si, 1), step_words(c, b, sj, 1)), ex};
            xf_diag_args(&c->diags, b->span, XF_D_POLICY_CONFLICT, en, zh);
            return;
        }
    if (unproven) {
        const char *en[4] = {b->name, xf_arena_printf(&c->arena, "that it never decides a record of '%s' differently", a->name)};
        const char *zh[4] = {b->name, xf_arena_printf(&c->arena, "它不会与“%s”对同一记录作出不同的决定", a->name)};
        xf_diag_args(&c->diags, b->span, XF_D_TOO_COMPLEX, en, zh);
    }
}

int xf_policies_may_conflict(const xf_decl *a, const xf_decl *b) {
    if (a == b || !a->subject_decl || a->subject_decl != b->subject_decl || related(a, b)) return 0;
    return !(a->overrides && !a->base) && !(b->overrides && !b->base);
}

void xf_check_conflicts(xf_compile *c) {
    for (int i = 0; i < c->npolicies; i++)
        for (int j = i + 1; j < c->npolicies; j++) {
            xf_decl *a = c->policies[i], *b = c->policies[j];
            if (!xf_policies_may_conflict(a, b)) continue;
            int64_t af, au, bf, bu;
            period(a, &af, &au), period(b, &bf, &bu);
            if (au < bf || bu < af) continue;
            check_pair(c, a, b);
        }
}

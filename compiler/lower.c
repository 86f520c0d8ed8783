/* lower.c — a checked policy becomes a step program (ir.h).
 *
 * The body decides one subject row:
 *   scope (`where`) false → return, the record is not governed;
 *   lets in dependency order, each with its exceptions (the first that
 *   applies wins: unordered ones were proven exclusive);
 *   requirements, each recorded with REQ;
 *   output defaults; then the ladder: the first step whose `when` holds and
 *   whose `from` day has come (or `until` day has not) writes its fields and
 *   outcome.
 * Values that may be absent travel as a pair of registers (value, has).
 * `and`, `or`, `if` and `??` evaluate only the side they need.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dates.h"
#include "helpers.h"
#include "oom.h"
#include "outcomes.h"
#include "trace.h"

typedef struct val { int32_t v, h; } val;  /* h < 0: always present */

enum { MAX_AGG = 256 };

typedef struct lower {
    xf_compile    *c;
    const xf_decl *pol;
    xf_prog       *p;
    int32_t        subj, ent, asof;
    val           *lets;
    int32_t       *reqs;
    int32_t        aggrow[MAX_AGG];
    int            nfields;
    xf_trace_info *ti;         /* NULL: no trace */
    int            agg_depth;  /* inside an aggregate's loop: its values change per row */
    struct sink   *sink;       /* NULL: the ladder writes the decision; else into these registers */
    int            older;      /* lowering an older regime's ladder inside the later policy */
} lower;

/* Where a ladder leaves its decision when the decision is combined with
 * another regime's (`lenient on`) before it is written. */
typedef struct sink {
    int32_t step;      /* the deciding step, numbered across the ladders; XF_STEP_NONE_APPLIED before one */
    int32_t outcome;   /* its outcome code, -1 before one */
    int32_t rank;      /* how favourable the outcome is (lenient_rank); 0: none, or not comparable */
    val    *f;         /* the fields */
    int     nf;
    int     offset;    /* added to the ladder's step indexes */
} sink;

static val lower_expr(lower *w, const xf_expr *e);

/* ---- emitting ---- */

static int32_t reg(lower *w) { return xf_prog_reg(w->p); }

static int32_t emit(lower *w, xf_op op, int32_t dst, int32_t a, int32_t b, int32_t c, int64_t imm) {
    return xf_prog_emit(w->p, (xf_ins){.op = (uint8_t)op, .dst = dst, .a = a, .b = b, .c = c, .d = -1,
                                       .t = -1, .col = -1, .imm = imm});
}

static int32_t op1(lower *w, xf_op op, int32_t a) {
    int32_t d = reg(w);
    emit(w, op, d, a, -1, -1, 0);
    return d;
}

static int32_t op2(lower *w, xf_op op, int32_t a, int32_t b) {
    int32_t d = reg(w);
    emit(w, op, d, a, b, -1, 0);
    return d;
}

static int32_t konst(lower *w, int64_t v) {
    int32_t d = reg(w);
    emit(w, XF_OP_CONST, d, -1, -1, -1, v);
    return d;
}

static void set(lower *w, int32_t dst, int32_t src) { emit(w, XF_OP_MOV, dst, src, -1, -1, 0); }

static int32_t call(lower *w, xf_helper_id h, int32_t a, int32_t b, int32_t c) {
    int32_t d = reg(w);
    xf_prog_emit(w->p, (xf_ins){.op = XF_OP_CALL, .dst = d, .a = a, .b = b, .c = c, .d = -1, .t = -1, .col = -1,
                                .imm = h});
    return d;
}

static int32_t here(lower *w) { return w->p->nins; }

/* A branch whose targets are patched once known. */
static int32_t branch(lower *w, int32_t cond) {
    return xf_prog_emit(w->p, (xf_ins){.op = XF_OP_BR, .dst = -1, .a = cond, .b = -1, .c = -1, .d = -1, .t = -1,
                                       .col = -1, .imm = -1, .imm2 = -1});
}

static int32_t jump(lower *w) {
    return xf_prog_emit(w->p, (xf_ins){.op = XF_OP_JMP, .dst = -1, .a = -1, .b = -1, .c = -1, .d = -1, .t = -1,
                                       .col = -1, .imm = -1});
}

static void patch_true(lower *w, int32_t at, int32_t target) { w->p->ins[at].imm = target; }
static void patch_false(lower *w, int32_t at, int32_t target) { w->p->ins[at].imm2 = target; }
static void patch_jump(lower *w, int32_t at, int32_t target) { w->p->ins[at].imm = target; }

static int32_t load(lower *w, xf_op op, int table, int col, int32_t row) {
    int32_t d = reg(w);
    xf_prog_emit(w->p, (xf_ins){.op = (uint8_t)op, .dst = d, .a = row, .b = -1, .c = -1, .d = -1, .t = table,
                                .col = col});
    return d;
}

static val present(int32_t v) { return (val){v, -1}; }

static int32_t has_reg(lower *w, val x) { return x.h >= 0 ? x.h : konst(w, 1); }

/* ---- trace points ---- */

static int32_t trace_slot(lower *w, xf_trace_point tp) {
    xf_trace_info *ti = w->ti;
    if (tp.kind == XF_TP_COLUMN)
        for (int i = 0; i < ti->n; i++)
            if (ti->pt[i].kind == XF_TP_COLUMN && !strcmp(ti->pt[i].table, tp.table) &&
                !strcmp(ti->pt[i].column, tp.column))
                return i;
    if (ti->n == ti->cap) {
        int cap = ti->cap ? ti->cap * 2 : 32;
        xf_trace_point *pt = xf_arena_alloc(&w->c->arena, sizeof *pt * (size_t)cap);
        if (!pt) return -1;
        if (ti->n) memcpy(pt, ti->pt, sizeof *pt * (size_t)ti->n);
        ti->pt = pt, ti->cap = cap;
    }
    ti->pt[ti->n] = tp;
    return ti->n++;
}

static void trace(lower *w, xf_trace_point tp, val v) {
    /* inside an aggregate's loop only the record's own columns keep one value */
    if (!w->ti || (w->agg_depth > 0 && tp.kind != XF_TP_COLUMN)) return;
    int32_t slot = trace_slot(w, tp);
    if (slot < 0) return;
    xf_prog_emit(w->p, (xf_ins){.op = XF_OP_TRACE, .dst = -1, .a = v.v, .b = has_reg(w, v), .c = -1, .d = -1,
                                .t = -1, .col = -1, .imm = slot});
}


static xf_trace_point point(xf_tp_kind kind, const char *name, const xf_type *t, xf_span span, const char *basis,
                            int index) {
    /* the day that chose the regime is a date even when it is as_of itself (t NULL) */
    int vkind = kind == XF_TP_REQUIRE || kind == XF_TP_WHEN ? XF_K_BOOL : kind == XF_TP_EFFECTIVE ? XF_K_DATE : xf_value_kind(t);
    return (xf_trace_point){.kind = kind, .name = name, .vkind = vkind,
                            .en = t && (t->kind == XF_T_ENUM || t->kind == XF_T_SET) ? t->decl : NULL,
                            .span = span, .basis = basis, .index = index};
}

static int32_t text_literal(lower *w, const char *s) {
    xf_compile *c = w->c;
    int i = 0;
    while (i < c->ntexts && strcmp(c->texts[i], s)) i++;
    if (i == c->ntexts) {
        const char **t = xf_arena_alloc(&c->arena, sizeof *t * (size_t)(c->ntexts + 1));
        if (t) {
            if (c->ntexts) memcpy(t, c->texts, sizeof *t * (size_t)c->ntexts);
            t[c->ntexts++] = s;
            c->texts = t;
        }
    }
    int32_t d = reg(w);
    emit(w, XF_OP_TEXTLIT, d, -1, -1, -1, i);
    return d;
}

/* ---- records ---- */

static int table_of(const xf_expr *e) {
    const xf_type *t = e->type;
    return t && t->decl ? t->decl->table_index : -1;
}

/* The entity index of a record value (row of its table). */
static int32_t entity_of(lower *w, const xf_expr *rec, int32_t row) {
    if (rec->kind == XF_E_NAME && rec->ref == XF_R_SUBJECT) return w->ent;
    if (rec->type && rec->type->decl == w->c->entity) return row;
    return load(w, XF_OP_ROWENT, table_of(rec), -1, row);
}

static val lower_field(lower *w, const xf_expr *e) {
    val obj = lower_expr(w, e->a);
    switch (e->ref) {
    case XF_R_COLUMN: {
        int t = e->ref_decl->table_index;
        const xf_field_decl *fd = &e->ref_decl->fields[e->ref_index];
        val out = present(load(w, XF_OP_LOAD, t, fd->load_col, obj.v));
        if (fd->rtype->optional) out.h = load(w, XF_OP_HAS, t, fd->load_col, obj.v);
        if (obj.v == w->subj || obj.v == w->ent) {
            xf_trace_point tp = point(XF_TP_COLUMN, xf_expr_text(w->c, e), fd->rtype, e->span, NULL, e->ref_index);
            tp.table = e->ref_decl->table;
            tp.column = fd->column;
            trace(w, tp, out);
        }
        return out;
    }
    case XF_R_ENTITY: return present(entity_of(w, e->a, obj.v));
    case XF_R_RELATION: return present(entity_of(w, e->a, obj.v));  /* a list is its entity */
    default: return present(konst(w, 0));
    }
}

/* ---- operators ---- */

static val lower_logic(lower *w, const xf_expr *e) {
    int32_t r = reg(w);
    val a = lower_expr(w, e->a);
    set(w, r, a.v);
    int32_t br = branch(w, r);
    if (e->op == XF_EOP_AND) patch_true(w, br, here(w));
    else patch_false(w, br, here(w));
    val b = lower_expr(w, e->b);
    set(w, r, b.v);
    if (e->op == XF_EOP_AND) patch_false(w, br, here(w));
    else patch_true(w, br, here(w));
    return present(r);
}

static int64_t labels_mask(const xf_expr *e) {
    if (e->kind == XF_E_NAME && e->ref == XF_R_LABEL) return (int64_t)1 << e->ref_index;
    int64_t m = 0;
    for (int i = 0; i < e->nargs; i++)
        if (e->args[i]->ref == XF_R_LABEL) m |= (int64_t)1 << e->args[i]->ref_index;
    return m;
}

static int32_t and_has(lower *w, int32_t v, val x) { return x.h >= 0 ? op2(w, XF_OP_BAND, v, x.h) : v; }

static val lower_in(lower *w, const xf_expr *e) {
    const xf_type *ta = e->a->type, *tb = e->b->type;
    val a = lower_expr(w, e->a);
    int32_t r;
    if (ta->kind == XF_T_TEXT) {  /* text in {"...", "..."} */
        r = konst(w, 0);
        for (int i = 0; i < e->b->nargs; i++) r = op2(w, XF_OP_BOR, r, op2(w, XF_OP_EQ, a.v, text_literal(w, e->b->args[i]->name)));
        r = and_has(w, r, a);
    } else if (tb->kind == XF_T_SET) {  /* label in p.measures */
        val b = lower_expr(w, e->b);
        r = op2(w, XF_OP_NE, op2(w, XF_OP_BAND, op1(w, XF_OP_SHL1, a.v), b.v), konst(w, 0));
        r = and_has(w, and_has(w, r, a), b);
    } else {  /* p.domain in {食品, 药品} */
        r = op2(w, XF_OP_NE, op2(w, XF_OP_BAND, op1(w, XF_OP_SHL1, a.v), konst(w, labels_mask(e->b))), konst(w, 0));
        r = and_has(w, r, a);
    }
    return present(e->op == XF_EOP_NOTIN ? op1(w, XF_OP_NOT, r) : r);
}

static val lower_compare(lower *w, const xf_expr *e) {
    if (e->op == XF_EOP_IN || e->op == XF_EOP_NOTIN) return lower_in(w, e);
    if ((e->op == XF_EOP_EQ || e->op == XF_EOP_NE) && (e->a->kind == XF_E_NONE || e->b->kind == XF_E_NONE)) {
        val x = lower_expr(w, e->a->kind == XF_E_NONE ? e->b : e->a);
        int32_t h = has_reg(w, x);
        return present(e->op == XF_EOP_NE ? op2(w, XF_OP_NE, h, konst(w, 0)) : op1(w, XF_OP_NOT, h));
    }
    val a = lower_expr(w, e->a), b;
    if (e->b->kind == XF_E_LABELS) b = present(konst(w, labels_mask(e->b)));
    else b = lower_expr(w, e->b);
    int32_t r;
    switch (e->op) {
    case XF_EOP_WITHIN: r = op2(w, XF_OP_EQ, op2(w, XF_OP_BAND, a.v, op1(w, XF_OP_BNOT, b.v)), konst(w, 0)); break;
    case XF_EOP_MEETS: r = op2(w, XF_OP_NE, op2(w, XF_OP_BAND, a.v, b.v), konst(w, 0)); break;
    case XF_EOP_EQ: case XF_EOP_NE: {
        /* absent equals no value: equal only if both present and equal, or both absent */
        int32_t eq = op2(w, XF_OP_EQ, a.v, b.v);
        if (a.h >= 0 || b.h >= 0) {
            int32_t ha = has_reg(w, a), hb = has_reg(w, b);
            int32_t both = op2(w, XF_OP_BAND, ha, hb);
            int32_t neither = op1(w, XF_OP_NOT, op2(w, XF_OP_BOR, ha, hb));
            eq = op2(w, XF_OP_BOR, op2(w, XF_OP_BAND, both, eq), neither);
        }
        r = e->op == XF_EOP_EQ ? eq : op1(w, XF_OP_NOT, eq);
        break;
    }
    case XF_EOP_LT: r = op2(w, XF_OP_LT, a.v, b.v); break;
    case XF_EOP_LE: r = op2(w, XF_OP_LE, a.v, b.v); break;
    case XF_EOP_GT: r = op2(w, XF_OP_GT, a.v, b.v); break;
    default: r = op2(w, XF_OP_GE, a.v, b.v); break;
    }
    return present(r);
}

static val lower_binary(lower *w, const xf_expr *e) {
    switch (e->op) {
    case XF_EOP_AND: case XF_EOP_OR: return lower_logic(w, e);
    case XF_EOP_COALESCE: {
        val a = lower_expr(w, e->a);
        val out = {reg(w), -1};
        set(w, out.v, a.v);
        if (a.h < 0) return present(out.v);
        if (e->type && e->type->optional) out.h = reg(w), set(w, out.h, a.h);
        int32_t br = branch(w, a.h);
        patch_false(w, br, here(w));
        val b = lower_expr(w, e->b);
        set(w, out.v, b.v);
        if (out.h >= 0) set(w, out.h, has_reg(w, b));
        patch_true(w, br, here(w));
        return out;
    }
    case XF_EOP_ADD: case XF_EOP_SUB: case XF_EOP_MUL: {
        val a = lower_expr(w, e->a), b = lower_expr(w, e->b);
        val out = {-1, -1};
        if (e->a->type->kind == XF_T_DATE)
            out.v = call(w, e->op == XF_EOP_ADD ? XF_H_period_last : XF_H_period_back, a.v, b.v, -1);
        else
            out.v = call(w, e->op == XF_EOP_ADD ? XF_H_add : e->op == XF_EOP_SUB ? XF_H_sub : XF_H_mul, a.v, b.v, -1);
        if (e->type && e->type->optional) out.h = op2(w, XF_OP_BAND, has_reg(w, a), has_reg(w, b));
        return out;
    }
    default: return lower_compare(w, e);
    }
}

/* latest / earliest: absent arguments are left out. */
static val lower_extreme(lower *w, const xf_expr *e, int latest) {
    val acc = {reg(w), reg(w)};
    set(w, acc.v, konst(w, 0));
    set(w, acc.h, konst(w, 0));
    for (int i = 0; i < e->nargs; i++) {
        val x = lower_expr(w, e->args[i]);
        int32_t hx = has_reg(w, x);
        int32_t pick = op2(w, latest ? XF_OP_MAX : XF_OP_MIN, acc.v, x.v);
        int32_t with_acc = reg(w), next = reg(w);
        emit(w, XF_OP_SELECT, with_acc, acc.h, pick, x.v, 0);
        emit(w, XF_OP_SELECT, next, hx, with_acc, acc.v, 0);
        set(w, acc.v, next);
        set(w, acc.h, op2(w, XF_OP_BOR, acc.h, hx));
    }
    if (!e->type->optional) acc.h = -1;
    return acc;
}

static val lower_call(lower *w, const xf_expr *e) {
    if (e->ref == XF_R_PARAM) {
        int32_t idx = konst(w, e->ref_index);
        val region = lower_expr(w, e->args[0]), day = lower_expr(w, e->args[1]);
        val out = present(call(w, XF_H_param_value, idx, region.v, day.v));
        if (e->type && e->type->optional) out.h = call(w, XF_H_param_has, idx, region.v, day.v);
        if (w->ti && !w->agg_depth) {
            xf_trace_point tp = point(XF_TP_PARAM, e->name, NULL, e->span, NULL, e->ref_index);
            trace(w, tp, present(call(w, XF_H_param_row, idx, region.v, day.v)));
        }
        return out;
    }
    switch (e->ref_index) {
    case XF_B_met: case XF_B_last: {
        val d = lower_expr(w, e->args[0]), dur = lower_expr(w, e->args[1]);
        return present(call(w, e->ref_index == XF_B_met ? XF_H_period_met : XF_H_period_last, d.v, dur.v, -1));
    }
    case XF_B_latest: return lower_extreme(w, e, 1);
    case XF_B_earliest: return lower_extreme(w, e, 0);
    case XF_B_next_workday: return present(call(w, XF_H_next_workday, lower_expr(w, e->args[0]).v, -1, -1));
    case XF_B_starts_with: {
        val t = lower_expr(w, e->args[0]);
        return present(call(w, XF_H_text_prefix, t.v, text_literal(w, e->args[1]->name), -1));
    }
    }
    return present(konst(w, 0));
}

static val lower_agg(lower *w, const xf_expr *e) {
    int table = e->ref_decl ? e->ref_decl->table_index : -1;
    int32_t ent = lower_expr(w, e->a).v;
    int32_t i = reg(w), end = load(w, XF_OP_LAST, table, -1, ent);
    set(w, i, load(w, XF_OP_FIRST, table, -1, ent));
    val acc = {reg(w), -1};
    set(w, acc.v, konst(w, e->op == XF_AGG_ALL ? 1 : 0));
    if (e->op == XF_AGG_MIN || e->op == XF_AGG_MAX) acc.h = reg(w), set(w, acc.h, konst(w, 0));
    if (e->ref_index >= 0 && e->ref_index < MAX_AGG) w->aggrow[e->ref_index] = i;
    int32_t witness = -1;  /* the row that decided exists / all */
    if (w->ti && !w->agg_depth && (e->op == XF_AGG_EXISTS || e->op == XF_AGG_ALL))
        witness = reg(w), set(w, witness, konst(w, 0));
    w->agg_depth++;

    int32_t loop = here(w);
    int32_t more = branch(w, op2(w, XF_OP_LT, i, end));
    patch_true(w, more, here(w));
    int32_t skip = -1;
    if (e->b) {
        skip = branch(w, lower_expr(w, e->b).v);
        patch_true(w, skip, here(w));
    }
    int32_t done_early = -1;
    switch (e->op) {
    case XF_AGG_EXISTS:
        set(w, acc.v, konst(w, 1));
        if (witness >= 0) set(w, witness, load(w, XF_OP_ROWID, table, -1, i));
        done_early = jump(w);
        break;
    case XF_AGG_COUNT: set(w, acc.v, op2(w, XF_OP_ADD, acc.v, konst(w, 1))); break;
    case XF_AGG_ALL: {
        int32_t ok = branch(w, lower_expr(w, e->c).v);
        patch_false(w, ok, here(w));
        set(w, acc.v, konst(w, 0));
        if (witness >= 0) set(w, witness, load(w, XF_OP_ROWID, table, -1, i));
        done_early = jump(w);
        patch_true(w, ok, here(w));
        break;
    }
    default: {
        val x = lower_expr(w, e->c);
        int32_t pick = op2(w, e->op == XF_AGG_MIN ? XF_OP_MIN : XF_OP_MAX, acc.v, x.v);
        int32_t next = reg(w);
        emit(w, XF_OP_SELECT, next, acc.h, pick, x.v, 0);
        set(w, acc.v, next);
        set(w, acc.h, konst(w, 1));
    }
    }
    int32_t step = here(w);
    if (skip >= 0) patch_false(w, skip, step);
    set(w, i, op2(w, XF_OP_ADD, i, konst(w, 1)));
    patch_jump(w, jump(w), loop);
    int32_t done = here(w);
    patch_false(w, more, done);
    if (done_early >= 0) patch_jump(w, done_early, done);
    w->agg_depth--;
    if (w->ti && !w->agg_depth) {
        trace(w, point(XF_TP_AGG, xf_expr_text(w->c, e), e->type, e->span, NULL, e->op), acc);
        if (witness >= 0) {
            xf_trace_point tp = point(XF_TP_WITNESS, xf_expr_text(w->c, e), NULL, e->span, NULL, e->op);
            tp.table = e->ref_decl ? e->ref_decl->table : "";
            /* present only when a row decided it */
            trace(w, tp, (val){witness, e->op == XF_AGG_EXISTS ? acc.v : op1(w, XF_OP_NOT, acc.v)});
        }
    }
    return acc;
}

static val lower_if(lower *w, const xf_expr *e) {
    val out = {reg(w), e->type && e->type->optional ? reg(w) : -1};
    int32_t br = branch(w, lower_expr(w, e->a).v);
    patch_true(w, br, here(w));
    val b = lower_expr(w, e->b);
    set(w, out.v, b.v);
    if (out.h >= 0) set(w, out.h, has_reg(w, b));
    int32_t j = jump(w);
    patch_false(w, br, here(w));
    val c = lower_expr(w, e->c);
    set(w, out.v, c.v);
    if (out.h >= 0) set(w, out.h, has_reg(w, c));
    patch_jump(w, j, here(w));
    return out;
}

static val lower_expr(lower *w, const xf_expr *e) {
    switch (e->kind) {
    case XF_E_INT: case XF_E_MONEY: case XF_E_DATE: case XF_E_DURATION: case XF_E_BOOL:
        return present(konst(w, e->ival));
    case XF_E_TEXT: return present(text_literal(w, e->name));
    case XF_E_NONE: return (val){konst(w, 0), konst(w, 0)};
    case XF_E_NAME:
        switch (e->ref) {
        case XF_R_LABEL: return present(konst(w, e->ref_index));
        case XF_R_ASOF: return present(w->asof);
        case XF_R_SUBJECT: return present(w->subj);
        case XF_R_AGGVAR: return present(w->aggrow[e->ref_index]);
        case XF_R_LET: return w->lets[e->ref_index];
        case XF_R_REQUIRE: return present(w->reqs[e->ref_index]);
        default: return present(konst(w, 0));
        }
    case XF_E_FIELD: return lower_field(w, e);
    case XF_E_LABELS: return present(konst(w, labels_mask(e)));
    case XF_E_UNARY:
        if (e->op == XF_EOP_NOT) return present(op1(w, XF_OP_NOT, lower_expr(w, e->a).v));
        return present(call(w, XF_H_sub, konst(w, 0), lower_expr(w, e->a).v, -1));
    case XF_E_BINARY: return lower_binary(w, e);
    case XF_E_CALL: return lower_call(w, e);
    case XF_E_AGG: return lower_agg(w, e);
    case XF_E_IF: return lower_if(w, e);
    case XF_E_ALLREQ: {
        int32_t r = konst(w, 1);
        for (int i = 0; i < w->pol->nreqs; i++) r = op2(w, XF_OP_BAND, r, w->reqs[i]);
        return present(r);
    }
    }
    return present(konst(w, 0));
}

/* ---- the policy body ---- */

static void lower_let(lower *w, const xf_let *l, val *slot) {
    val d = lower_expr(w, l->value);
    int optional = l->type && l->type->optional;
    val out = {reg(w), optional ? reg(w) : -1};
    set(w, out.v, d.v);
    if (optional) set(w, out.h, has_reg(w, d));
    int32_t chosen = -1;
    if (l->nexcepts) chosen = reg(w), set(w, chosen, konst(w, 0));
    for (int i = 0; i < l->nexcepts; i++) {
        int32_t open = branch(w, chosen);
        patch_false(w, open, here(w));
        int32_t cond = branch(w, lower_expr(w, l->excepts[i].cond).v);
        patch_true(w, cond, here(w));
        val x = lower_expr(w, l->excepts[i].value);
        set(w, out.v, x.v);
        if (optional) set(w, out.h, has_reg(w, x));
        set(w, chosen, konst(w, i + 1));
        patch_true(w, open, here(w));
        patch_false(w, cond, here(w));
    }
    *slot = out;
    if (w->ti) {
        trace(w, point(XF_TP_LET, l->name, l->type, l->span, l->basis, (int)(l - w->pol->lets)), out);
        if (l->nexcepts)
            trace(w, point(XF_TP_EXCEPT, l->name, NULL, l->span, NULL, (int)(l - w->pol->lets)), present(chosen));
    }
}

static void emit_fields(lower *w, const xf_step *s, const val *defaults, val when_date) {
    val *f = malloc(sizeof *f * (size_t)w->nfields);
    if (!f) {
        xf_oom(sizeof *f * (size_t)w->nfields);  /* a step without its fields would decide wrongly */
        return;
    }
    memcpy(f, defaults, sizeof *f * (size_t)w->nfields);
    if (when_date.v >= 0) f[0] = when_date;  /* eligible_from: the day of the step's time condition */
    for (int i = 0; i < s->nsets; i++)
        if (s->sets[i].field >= 0 && s->sets[i].field < w->nfields) f[s->sets[i].field] = lower_expr(w, s->sets[i].value);
    for (int i = 0; i < w->nfields; i++) {
        if (w->sink) {
            if (i < w->sink->nf) set(w, w->sink->f[i].v, f[i].v), set(w, w->sink->f[i].h, has_reg(w, f[i]));
            continue;
        }
        xf_prog_emit(w->p, (xf_ins){.op = XF_OP_FIELD, .dst = -1, .a = f[i].v, .b = has_reg(w, f[i]), .c = -1,
                                    .d = -1, .t = -1, .col = -1, .imm = i});
    }
    free(f);
}

/* How favourable an outcome is to the entity, for `lenient on`: a record no
 * longer (or never) publicized, then repaired without application, may
 * apply, must wait, may not repair early.  0: not compared (refer ...). */
static int lenient_rank(int code) {
    switch (code) {
    case XF_OUT_not_published:
    case XF_OUT_expired: return 5;
    case XF_OUT_auto_repair: return 4;
    case XF_OUT_can_apply: return 3;
    case XF_OUT_not_yet: return 2;
    case XF_OUT_not_repairable: return 1;
    default: return 0;
    }
}

/* 1 when the module's effective period contains day. */
static int32_t in_period(lower *w, const xf_module *m, int32_t day) {
    int32_t ok = konst(w, 1);
    if (m->has_effective_from) ok = op2(w, XF_OP_BAND, ok, op2(w, XF_OP_GE, day, konst(w, m->effective_from)));
    if (m->has_effective_until) ok = op2(w, XF_OP_BAND, ok, op2(w, XF_OP_LE, day, konst(w, m->effective_until)));
    return ok;
}

/* The regime: is the policy in effect for this record on its day, and has
 * no override in effect taken the record over? */
static int32_t lower_gate(lower *w) {
    const xf_decl *pol = w->pol;
    val day = pol->effective_on ? lower_expr(w, pol->effective_on) : present(w->asof);
    trace(w, point(XF_TP_EFFECTIVE, pol->effective_on ? xf_expr_text(w->c, pol->effective_on) : "as_of",
                   pol->effective_on ? pol->effective_on->type : NULL, pol->effective_on ? pol->effective_on->span : pol->span,
                   NULL, 0), day);
    /* the regime is chosen by the record's day; a local pack (an override)
     * is in effect on the evaluation day, whatever the regime */
    int32_t ok;
    if (pol->base) ok = op2(w, XF_OP_BAND, in_period(w, pol->base->module, day.v), in_period(w, pol->module, w->asof));
    else ok = in_period(w, pol->module, day.v);
    for (int i = 0; i < pol->noverridden_by; i++) {
        const xf_decl *o = pol->overridden_by[i];
        int32_t taken = in_period(w, o->module, w->asof);
        if (o->override_where) taken = op2(w, XF_OP_BAND, taken, lower_expr(w, o->override_where).v);
        ok = op2(w, XF_OP_BAND, ok, op1(w, XF_OP_NOT, taken));
    }
    return ok;
}

/* The ladder of w->pol past its gate: `where`, lets and requirements, the
 * steps.  The jumps out after a step are added to ret[]; the `where`
 * branch is returned (-1 without one), its false edge left to the caller.
 * Without a sink, a record no step applied to gets XF_STEP_NONE_APPLIED
 * here; with one, the sink's registers keep saying so. */
static int32_t lower_ladder(lower *w, int32_t *ret, int *nret, int max) {
    const xf_decl *pol = w->pol;
    int32_t scope = -1;
    if (pol->where) {
        scope = branch(w, lower_expr(w, pol->where).v);
        patch_true(w, scope, here(w));
    }
    /* lets and requirements in the order the checker completed them, so
     * each is computed after everything it names */
    for (int k = 0; k < pol->nlets + pol->nreqs; k++) {
        for (int i = 0; i < pol->nlets; i++)
            if (pol->lets[i].order == k) lower_let(w, &pol->lets[i], &w->lets[i]);
        for (int i = 0; i < pol->nreqs; i++) {
            if (pol->reqs[i].order != k) continue;
            w->reqs[i] = lower_expr(w, pol->reqs[i].cond).v;
            trace(w, point(XF_TP_REQUIRE, pol->reqs[i].name, NULL, pol->reqs[i].span, pol->reqs[i].basis, i),
                  present(w->reqs[i]));
            if (!w->older)  /* an older regime's requirements are not the decision's */
                xf_prog_emit(w->p, (xf_ins){.op = XF_OP_REQ, .dst = -1, .a = w->reqs[i], .b = -1, .c = -1, .d = -1,
                                            .t = -1, .col = -1, .imm = i});
        }
    }
    val *defaults = calloc((size_t)w->nfields, sizeof *defaults);
    if (!defaults) return xf_oom(sizeof *defaults * (size_t)w->nfields), scope;  /* a ladder without steps decides nothing */
    for (int i = 0; i < w->nfields; i++) defaults[i] = (val){konst(w, 0), konst(w, 0)};
    for (int i = 0; i < pol->noutputs; i++)
        if (pol->outputs[i].field >= 0) defaults[pol->outputs[i].field] = lower_expr(w, pol->outputs[i].value);
    for (int i = 0; i < pol->nsteps; i++) {
        const xf_step *s = &pol->steps[i];
        int32_t next[2];
        int nnext = 0;
        if (s->when) {
            int32_t cond = lower_expr(w, s->when).v;
            trace(w, point(XF_TP_WHEN, s->outcome, NULL, s->when->span, s->basis, i), present(cond));
            next[nnext++] = branch(w, cond);
            patch_true(w, next[nnext - 1], here(w));
        }
        val day = {-1, -1};
        if (s->from || s->until) {
            const xf_expr *t = s->from ? s->from : s->until;
            day = lower_expr(w, t);
            trace(w, point(XF_TP_TIME, s->from ? "from" : "until", t->type, t->span, s->basis, i), day);
            int32_t ok = op2(w, s->from ? XF_OP_GE : XF_OP_LT, w->asof, day.v);
            next[nnext++] = branch(w, ok);
            patch_true(w, next[nnext - 1], here(w));
        }
        emit_fields(w, s, defaults, day);
        if (w->sink) {
            set(w, w->sink->step, konst(w, w->sink->offset + i));
            set(w, w->sink->outcome, konst(w, s->code));
            set(w, w->sink->rank, konst(w, lenient_rank(s->code)));
        } else {
            xf_prog_emit(w->p, (xf_ins){.op = XF_OP_OUTCOME, .dst = -1, .a = -1, .b = -1, .c = -1, .d = -1, .t = -1,
                                        .col = -1, .imm = s->code, .imm2 = i});
        }
        if (*nret < max) ret[(*nret)++] = jump(w);
        for (int k = 0; k < nnext; k++) patch_false(w, next[k], here(w));
    }
    free(defaults);
    /* no step applied: only possible where the ladder proof was not done */
    if (!w->sink)
        xf_prog_emit(w->p, (xf_ins){.op = XF_OP_OUTCOME, .dst = -1, .a = -1, .b = -1, .c = -1, .d = -1, .t = -1,
                                    .col = -1, .imm = -1, .imm2 = XF_STEP_NONE_APPLIED});
    return scope;
}

int xf_lenient_chain(const xf_decl *pol, const xf_decl **older, int max) {
    const xf_decl *root = pol->base ? pol->base : pol;
    int n = 0;
    if (!pol->lenient_on) return 0;
    for (const xf_decl *a = root->superseded; a && a != root && n < max; a = a->superseded) older[n++] = a;
    return n;
}

static sink new_sink(lower *w, int nf, int offset) {
    sink k = {.step = konst(w, XF_STEP_NONE_APPLIED), .outcome = konst(w, -1), .rank = konst(w, 0),
              .f = calloc((size_t)nf + 1, sizeof(val)), .nf = nf, .offset = offset};
    for (int i = 0; k.f && i < nf; i++) k.f[i] = (val){konst(w, 0), konst(w, 0)};
    return k;
}

/* The enum of outcome codes, for the trace of `lenient on`. */
static const xf_decl *outcome_enum(lower *w) {
    xf_decl *en = xf_arena_alloc(&w->c->arena, sizeof *en);
    xf_label *l = xf_arena_alloc(&w->c->arena, sizeof *l * XF_OUT__COUNT);
    if (!en || !l) return NULL;
    memset(en, 0, sizeof *en);
    for (int i = 0; i < XF_OUT__COUNT; i++) l[i] = (xf_label){.name = xf_outcome_code[i]};
    en->kind = XF_D_ENUM, en->name = "outcome", en->labels = l, en->nlabels = XF_OUT__COUNT;
    return en;
}

/* One regime's decision in the trace: outcome, its step (numbered in its
 * own ladder), eligible_from and stops_on.  index 0 is the later regime,
 * i > 0 the i-th older one up the `supersedes` chain. */
static void trace_regime(lower *w, const xf_decl *pol, const xf_decl *en, const sink *k, int index, xf_span span) {
    const char *n = pol->name;
    xf_trace_point tp = point(XF_TP_LENIENT, xf_arena_printf(&w->c->arena, "%s outcome", n), NULL, span, NULL, index);
    tp.vkind = XF_K_ENUM, tp.en = en;
    val has = {k->outcome, op2(w, XF_OP_GE, k->outcome, konst(w, 0))};
    trace(w, tp, has);
    tp = point(XF_TP_LENIENT, xf_arena_printf(&w->c->arena, "%s step", n), NULL, span, NULL, index);
    trace(w, tp, (val){op2(w, XF_OP_ADD, op2(w, XF_OP_SUB, k->step, konst(w, k->offset)), konst(w, 1)), has.h});
    tp = point(XF_TP_LENIENT, xf_arena_printf(&w->c->arena, "%s eligible_from", n), NULL, span, NULL, index);
    tp.vkind = XF_K_DATE;
    trace(w, tp, k->f[0]);
    tp = point(XF_TP_LENIENT, xf_arena_printf(&w->c->arena, "%s stops_on", n), NULL, span, NULL, index);
    tp.vkind = XF_K_DATE;
    trace(w, tp, k->f[1]);
}

/* `lenient on` (从旧兼从轻, docs/readings.md): the later regime's ladder
 * and, when the record's own day falls in an older regime of the
 * `supersedes` chain, that regime's ladder too; then one decision:
 *   - either outcome not ranked (refer ...), or no older decision: the later one;
 *   - the later regime no longer publicizes the record: the later one;
 *   - the older one no longer (or never) publicizes it: the older one, whole;
 *   - else both publicize it: the decision (outcome, step) of the more
 *     favourable outcome, on a tie the older one's when its eligible_from
 *     is earlier; eligible_from and stops_on each the earlier of the two
 *     (a date is earlier than none).
 * The older ladders are lowered without trace; the trace records each
 * regime's decision and which was taken. */
static void lower_lenient(lower *w, const xf_decl **older, int nolder, int32_t *end_jumps, int *nend) {
    const xf_decl *pol = w->pol;
    enum { MAXRET = 1024 };
    int32_t *ret = malloc(sizeof *ret * MAXRET);
    sink ns = new_sink(w, w->nfields, 0), os = new_sink(w, 2, 0);
    if (!ret || !ns.f || !os.f) {
        xf_oom(0);  /* the two regimes not combined: no decision would be right */
        goto out;
    }
    int nret = 0;
    /* the later regime: outside its `where` no decision at all */
    w->sink = &ns;
    int32_t scope = lower_ladder(w, ret, &nret, MAXRET);
    w->sink = NULL;
    if (scope >= 0) {
        patch_false(w, scope, here(w));
        end_jumps[(*nend)++] = jump(w);
    }
    for (int i = 0; i < nret; i++) patch_jump(w, ret[i], here(w));
    nret = 0;
    /* the older regime in force on the record's own day, if any */
    val day = lower_expr(w, pol->lenient_on);
    int32_t has_day = branch(w, has_reg(w, day));
    patch_true(w, has_day, here(w));
    int offset = pol->nsteps;
    int32_t outside[64];
    int noutside = 0;
    for (int a = 0; a < nolder; a++) {
        const xf_decl *o = older[a];
        int32_t in = branch(w, in_period(w, o->module, day.v));
        patch_true(w, in, here(w));
        lower sub = {.c = w->c, .pol = o, .p = w->p, .subj = w->subj, .ent = w->ent, .asof = w->asof, .older = 1};
        const char **names;
        xf_kind *kinds;
        sub.nfields = xf_policy_fields(w->c, o, &names, &kinds, NULL);  /* eligible_from and stops_on first */
        sub.lets = calloc((size_t)o->nlets + 1, sizeof *sub.lets);
        sub.reqs = calloc((size_t)o->nreqs + 1, sizeof *sub.reqs);
        if (sub.nfields < 2 || !sub.lets || !sub.reqs) {
            if (!sub.lets || !sub.reqs) xf_oom(0);
            free(sub.lets), free(sub.reqs);
            goto out;
        }
        os.offset = offset;
        sub.sink = &os;
        int32_t osc = lower_ladder(&sub, ret, &nret, MAXRET);
        free(sub.lets), free(sub.reqs);
        if (osc >= 0 && noutside < 64) outside[noutside++] = osc;  /* outside its `where`: no older decision */
        offset += o->nsteps;
        if (nret < MAXRET) ret[nret++] = jump(w);
        patch_false(w, in, here(w));
    }
    int32_t joined = here(w);
    patch_false(w, has_day, joined);
    for (int i = 0; i < nret; i++) patch_jump(w, ret[i], joined);
    for (int i = 0; i < noutside; i++) patch_false(w, outside[i], joined);

    /* one decision */
    int32_t five = konst(w, 5), zero = konst(w, 0);
    int32_t ranked = op2(w, XF_OP_BAND, op2(w, XF_OP_NE, ns.rank, zero), op2(w, XF_OP_NE, os.rank, zero));
    int32_t later_gone = op2(w, XF_OP_EQ, ns.rank, five), older_gone = op2(w, XF_OP_EQ, os.rank, five);
    int32_t whole = op2(w, XF_OP_BAND, ranked, op2(w, XF_OP_BAND, op1(w, XF_OP_NOT, later_gone), older_gone));
    int32_t both = op2(w, XF_OP_BAND, ranked, op1(w, XF_OP_NOT, op2(w, XF_OP_BOR, later_gone, older_gone)));
    val earlier[2];
    int32_t from_older[2];
    for (int f = 0; f < 2; f++) {
        /* the older date is earlier: present, and the later one absent or after it */
        int32_t lt = op2(w, XF_OP_BOR, op1(w, XF_OP_NOT, ns.f[f].h), op2(w, XF_OP_LT, os.f[f].v, ns.f[f].v));
        int32_t e = op2(w, XF_OP_BAND, os.f[f].h, lt);
        earlier[f] = (val){e, -1};
        from_older[f] = op2(w, XF_OP_BOR, whole, op2(w, XF_OP_BAND, both, e));
    }
    int32_t better = op2(w, XF_OP_BOR, op2(w, XF_OP_GT, os.rank, ns.rank),
                         op2(w, XF_OP_BAND, op2(w, XF_OP_EQ, os.rank, ns.rank), earlier[0].v));
    int32_t take = op2(w, XF_OP_BOR, whole, op2(w, XF_OP_BAND, both, better));
    int32_t step = reg(w);
    emit(w, XF_OP_SELECT, step, take, os.step, ns.step, 0);
    val fin[2];
    for (int f = 0; f < 2; f++) {
        fin[f] = (val){reg(w), reg(w)};
        emit(w, XF_OP_SELECT, fin[f].v, from_older[f], os.f[f].v, ns.f[f].v, 0);
        emit(w, XF_OP_SELECT, fin[f].h, from_older[f], os.f[f].h, ns.f[f].h, 0);
    }
    /* the trace: each regime's decision and which was taken, when an older one decided */
    if (w->ti) {
        int32_t decided = branch(w, op2(w, XF_OP_GE, os.outcome, zero));
        patch_true(w, decided, here(w));
        const xf_decl *en = outcome_enum(w);
        xf_span span = pol->lenient_on->span;
        xf_trace_point tp = point(XF_TP_LENIENT, "lenient on", NULL, span, NULL, -1);
        tp.vkind = XF_K_DATE;
        trace(w, tp, day);
        trace_regime(w, pol, en, &ns, 0, span);
        int off = pol->nsteps;
        for (int a = 0; a < nolder; a++) {
            int32_t in = branch(w, in_period(w, older[a]->module, day.v));
            patch_true(w, in, here(w));
            os.offset = off;
            trace_regime(w, older[a], en, &os, a + 1, span);
            off += older[a]->nsteps;
            patch_false(w, in, here(w));
        }
        tp = point(XF_TP_LENIENT, "taken", NULL, span, NULL, -1);
        tp.vkind = XF_K_INT;
        trace(w, tp, present(take));
        patch_false(w, decided, here(w));
    }
    /* write it */
    for (int i = 0; i < w->nfields; i++) {
        val v = i < 2 ? fin[i] : ns.f[i];
        xf_prog_emit(w->p, (xf_ins){.op = XF_OP_FIELD, .dst = -1, .a = v.v, .b = v.h, .c = -1, .d = -1, .t = -1,
                                    .col = -1, .imm = i});
    }
    int total = offset;
    for (int k = 0; k < total; k++) {
        const xf_decl *o = pol;
        int local = k;
        for (int a = 0; local >= o->nsteps && a < nolder; a++) local -= o->nsteps, o = older[a];
        int32_t is = branch(w, op2(w, XF_OP_EQ, step, konst(w, k)));
        patch_true(w, is, here(w));
        xf_prog_emit(w->p, (xf_ins){.op = XF_OP_OUTCOME, .dst = -1, .a = -1, .b = -1, .c = -1, .d = -1, .t = -1,
                                    .col = -1, .imm = o->steps[local].code, .imm2 = k});
        end_jumps[(*nend)++] = jump(w);
        patch_false(w, is, here(w));
    }
    xf_prog_emit(w->p, (xf_ins){.op = XF_OP_OUTCOME, .dst = -1, .a = -1, .b = -1, .c = -1, .d = -1, .t = -1,
                                .col = -1, .imm = -1, .imm2 = XF_STEP_NONE_APPLIED});
out:
    free(ret), free(ns.f), free(os.f);
}

static void lower_body(lower *w) {
    const xf_decl *older[16];
    int nolder = xf_lenient_chain(w->pol, older, 16);
    int32_t gate = branch(w, lower_gate(w));
    patch_true(w, gate, here(w));
    int32_t jumps[1024];
    int n = 0;
    int32_t scope = -1;
    if (nolder) lower_lenient(w, older, nolder, jumps, &n);
    else scope = lower_ladder(w, jumps, &n, 512);
    int32_t end = here(w);
    for (int i = 0; i < n; i++) patch_jump(w, jumps[i], end);
    if (scope >= 0) patch_false(w, scope, end);
    patch_false(w, gate, end);
    emit(w, XF_OP_RET, -1, -1, -1, -1, 0);
}

static xf_prog *lower_policy(xf_compile *c, const xf_decl *pol, xf_trace_info *ti) {
    const char **names;
    xf_kind *kinds;
    int nfields = xf_policy_fields(c, pol, &names, &kinds, NULL);
    if (nfields < 0 || !pol->subject_decl) return NULL;
    xf_prog *p = xf_prog_new(pol->name, pol->subject_decl->table_index, nfields);
    if (!p) return NULL;
    lower w = {.c = c, .pol = pol, .p = p, .nfields = nfields, .ti = ti};
    w.lets = calloc((size_t)pol->nlets + 1, sizeof *w.lets);
    w.reqs = calloc((size_t)pol->nreqs + 1, sizeof *w.reqs);
    if (!w.lets || !w.reqs) {
        free(w.lets), free(w.reqs), xf_prog_free(p);
        return NULL;
    }
    w.subj = reg(&w), w.ent = reg(&w), w.asof = reg(&w);
    emit(&w, XF_OP_SUBJ, w.subj, -1, -1, -1, 0);
    emit(&w, XF_OP_ENT, w.ent, -1, -1, -1, 0);
    emit(&w, XF_OP_ASOF, w.asof, -1, -1, -1, 0);
    lower_body(&w);
    free(w.lets), free(w.reqs);
    p->ntrace = ti ? ti->n : 0;
    return p;
}

xf_prog *xf_lower(xf_compile *c, const xf_decl *pol) { return lower_policy(c, pol, NULL); }

xf_prog *xf_lower_traced(xf_compile *c, const xf_decl *pol, xf_trace_info *ti) {
    memset(ti, 0, sizeof *ti);
    return lower_policy(c, pol, ti);
}

/* test_engines.c — the interpreter and the JIT (O0..O3) must write the same
 * decisions for hand-built step programs over a hand-built database; some
 * values are also checked against what the law and the data say. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dates.h"
#include "helpers.h"
#include "interp.h"
#include "ir.h"
#include "jit.h"
#include "params.h"
#include "texts.h"

/* ---- the database -------------------------------------------------------
 * Table 0, entity (4 rows, one per entity): region text, registered date.
 * Table 1, penalty (6 rows; entity 0 has rows 0-2, entity 1 none, entity 2
 * rows 3-4, entity 3 row 5): amount (fen), decided, paid (optional), kind
 * (enum), severe (bool). */
enum { NENT = 4, NPEN = 6 };
enum { E_REGION, E_REGISTERED, E_NCOLS };
enum { P_AMOUNT, P_DECIDED, P_PAID, P_KIND, P_SEVERE, P_NCOLS };
enum { T_ENTITY, T_PENALTY };

static int64_t D(int y, int m, int d) { return xf_day_from_ymd(y, m, d); }

typedef struct fixture {
    xf_db        db;
    xf_table     tab[2];
    int64_t      e_val[E_NCOLS][NENT];
    uint8_t      e_has[E_NCOLS][NENT];
    int64_t     *e_valp[E_NCOLS];
    uint8_t     *e_hasp[E_NCOLS];
    int64_t      e_rowid[NENT], e_ent[NENT], e_first[NENT + 1];
    int64_t      p_val[P_NCOLS][NPEN];
    uint8_t      p_has[P_NCOLS][NPEN];
    int64_t     *p_valp[P_NCOLS];
    uint8_t     *p_hasp[P_NCOLS];
    int64_t      p_rowid[NPEN], p_ent[NPEN], p_first[NENT + 1];
    int64_t      text_ids[1];
    xf_param     param[2];
    xf_params    params;
    xf_ctx       ctx;
} fixture;

static const xf_param_row max_amount_rows[] = {
    {"", XF_DAY_OPEN_FROM, 19722 /* 2023-12-31 */, 100, 1},
    {"", 19723 /* 2024-01-01 */, XF_DAY_OPEN_UNTIL, 200, 1},
    {"11", 19723, XF_DAY_OPEN_UNTIL, 300, 1},
    {"1101", XF_DAY_OPEN_FROM, 19538 /* 2023-06-30 */, 400, 1},
    {"31", XF_DAY_OPEN_FROM, XF_DAY_OPEN_UNTIL, 0, 0},  /* "none" in Shanghai */
};

static void fixture_texts(fixture *fx) {
    xf_texts *t = fx->db.texts;
    const char *regions[NENT] = {"110105", "310101", "440300", "110105"};
    for (int e = 0; e < NENT; e++)
        fx->e_val[E_REGION][e] = xf_texts_intern(t, regions[e], strlen(regions[e]));
    fx->text_ids[0] = xf_texts_intern(t, "11", 2);
}

static void fixture_entity(fixture *fx) {
    int64_t reg[NENT] = {D(2024, 3, 1), D(2024, 3, 1), D(2023, 5, 1), D(2023, 5, 1)};
    for (int e = 0; e < NENT; e++) {
        fx->e_val[E_REGISTERED][e] = reg[e];
        fx->e_has[E_REGION][e] = fx->e_has[E_REGISTERED][e] = 1;
        fx->e_rowid[e] = 100 + e;
        fx->e_ent[e] = e;
        fx->e_first[e] = e;
    }
    fx->e_first[NENT] = NENT;
    for (int c = 0; c < E_NCOLS; c++) {
        fx->e_valp[c] = fx->e_val[c];
        fx->e_hasp[c] = fx->e_has[c];
    }
    fx->tab[T_ENTITY] = (xf_table){NENT, E_NCOLS, fx->e_valp, fx->e_hasp, fx->e_rowid,
                                   fx->e_ent, fx->e_first};
}

static void fixture_penalty(fixture *fx) {
    const int64_t amount[NPEN] = {1500000, 200000, 800000, 50000, 3000000, 10};
    const int64_t decided[NPEN] = {D(2023, 11, 30), D(2024, 1, 31), D(2024, 2, 29),
                                   D(2023, 5, 31), D(2199, 11, 15), D(2024, 7, 1)};
    const int64_t paid[NPEN] = {D(2024, 1, 10), 0, D(2024, 3, 5), D(2023, 6, 1), 0,
                                D(2024, 7, 2)};
    const uint8_t paid_has[NPEN] = {1, 0, 1, 1, 0, 1};
    const int64_t kind[NPEN] = {0, 1, 2, 0, 1, 2};
    const int64_t severe[NPEN] = {0, 0, 1, 0, 1, 0};
    const int64_t ent[NPEN] = {0, 0, 0, 2, 2, 3};
    const int64_t first[NENT + 1] = {0, 3, 3, 5, 6};
    for (int r = 0; r < NPEN; r++) {
        fx->p_val[P_AMOUNT][r] = amount[r];
        fx->p_val[P_DECIDED][r] = decided[r];
        fx->p_val[P_PAID][r] = paid[r];
        fx->p_val[P_KIND][r] = kind[r];
        fx->p_val[P_SEVERE][r] = severe[r];
        for (int c = 0; c < P_NCOLS; c++) fx->p_has[c][r] = 1;
        fx->p_has[P_PAID][r] = paid_has[r];
        fx->p_rowid[r] = 1000 + r;
        fx->p_ent[r] = ent[r];
    }
    memcpy(fx->p_first, first, sizeof first);
    for (int c = 0; c < P_NCOLS; c++) {
        fx->p_valp[c] = fx->p_val[c];
        fx->p_hasp[c] = fx->p_has[c];
    }
    fx->tab[T_PENALTY] = (xf_table){NPEN, P_NCOLS, fx->p_valp, fx->p_hasp, fx->p_rowid,
                                    fx->p_ent, fx->p_first};
}

/* National Day 2024: 10-01..10-07 rest days; Sunday 09-29 a working day. */
static xf_calendar *fixture_calendar(void) {
    xf_calendar *cal = xf_calendar_new();
    for (int d = 1; d <= 7; d++) xf_calendar_set(cal, D(2024, 10, d), 0);
    xf_calendar_set(cal, D(2024, 9, 29), 1);
    return cal;
}

static void fixture_init(fixture *fx) {
    memset(fx, 0, sizeof *fx);
    fx->db.nent = NENT;
    fx->db.ntables = 2;
    fx->db.tab = fx->tab;
    fx->db.cal = fixture_calendar();
    fx->db.texts = xf_texts_new();
    fixture_texts(fx);
    fixture_entity(fx);
    fixture_penalty(fx);
    fx->param[0] = (xf_param){"max_amount", 5, max_amount_rows, 0, 0, 0};
    fx->param[1] = (xf_param){"grace_days", 0, NULL, 1, 1, 7};
    fx->params = (xf_params){2, fx->param};
    fx->ctx = (xf_ctx){&fx->db, D(2024, 6, 30), fx->text_ids, &fx->params};
}

static void fixture_free(fixture *fx) {
    xf_calendar_free(fx->db.cal);
    xf_texts_free(fx->db.texts);
}

/* ---- a tiny assembler ---------------------------------------------------- */

static int32_t emit(xf_prog *p, xf_op op, int32_t dst, int32_t a, int32_t b, int32_t c) {
    xf_ins in = {.op = (uint8_t)op, .dst = dst, .a = a, .b = b, .c = c, .d = -1};
    return xf_prog_emit(p, in);
}
static int32_t op2(xf_prog *p, xf_op op, int32_t dst, int32_t a, int32_t b) {
    return emit(p, op, dst, a, b, -1);
}
static int32_t op1(xf_prog *p, xf_op op, int32_t dst, int32_t a) {
    return emit(p, op, dst, a, -1, -1);
}
static int32_t konst(xf_prog *p, int32_t dst, int64_t v) {
    xf_ins in = {.op = XF_OP_CONST, .dst = dst, .a = -1, .b = -1, .c = -1, .d = -1, .imm = v};
    return xf_prog_emit(p, in);
}
static int32_t textlit(xf_prog *p, int32_t dst, int64_t k) {
    xf_ins in = {.op = XF_OP_TEXTLIT, .dst = dst, .a = -1, .b = -1, .c = -1, .d = -1, .imm = k};
    return xf_prog_emit(p, in);
}
static int32_t db(xf_prog *p, xf_op op, int32_t dst, int32_t t, int32_t col, int32_t a) {
    xf_ins in = {.op = (uint8_t)op, .dst = dst, .a = a, .b = -1, .c = -1, .d = -1, .t = t, .col = col};
    return xf_prog_emit(p, in);
}
static int32_t call(xf_prog *p, int32_t dst, xf_helper_id h, int32_t a, int32_t b, int32_t c) {
    xf_ins in = {.op = XF_OP_CALL, .dst = dst, .a = a, .b = b, .c = c, .d = -1, .imm = h};
    return xf_prog_emit(p, in);
}
static int32_t ctl(xf_prog *p, xf_op op, int32_t a, int64_t imm, int64_t imm2) {
    xf_ins in = {.op = (uint8_t)op, .dst = -1, .a = a, .b = -1, .c = -1, .d = -1, .imm = imm, .imm2 = imm2};
    return xf_prog_emit(p, in);
}
static int32_t field(xf_prog *p, int64_t f, int32_t a, int32_t has) {
    xf_ins in = {.op = XF_OP_FIELD, .dst = -1, .a = a, .b = has, .c = -1, .d = -1, .imm = f};
    return xf_prog_emit(p, in);
}
static void patch(xf_prog *p, int32_t at, int64_t imm, int64_t imm2) {
    p->ins[at].imm = imm;
    p->ins[at].imm2 = imm2;
}
static xf_prog *prog(const char *name, int32_t subject, int32_t nfields, int nregs) {
    xf_prog *p = xf_prog_new(name, subject, nfields);
    for (int i = 0; i < nregs; i++) xf_prog_reg(p);
    return p;
}

/* ---- the programs -------------------------------------------------------- */

/* Every arithmetic and comparison op over penalty rows. */
static xf_prog *prog_arith(void) {
    xf_prog *p = prog("arith", T_PENALTY, 8, 24);
    op1(p, XF_OP_SUBJ, 0, -1);
    db(p, XF_OP_LOAD, 1, T_PENALTY, P_AMOUNT, 0);
    konst(p, 2, 3);
    op2(p, XF_OP_MUL, 3, 1, 2);
    op2(p, XF_OP_SUB, 4, 3, 1);
    konst(p, 5, INT64_MAX);
    op2(p, XF_OP_ADD, 6, 5, 1);            /* wraps */
    konst(p, 7, -7);
    op2(p, XF_OP_MIN, 8, 1, 7);
    op2(p, XF_OP_MAX, 9, 1, 7);
    db(p, XF_OP_LOAD, 10, T_PENALTY, P_KIND, 0);
    op1(p, XF_OP_SHL1, 11, 10);
    op2(p, XF_OP_BOR, 12, 11, 2);
    op2(p, XF_OP_BAND, 13, 12, 3);
    op1(p, XF_OP_BNOT, 14, 13);
    op1(p, XF_OP_NOT, 15, 10);
    db(p, XF_OP_HAS, 16, T_PENALTY, P_PAID, 0);
    emit(p, XF_OP_SELECT, 17, 16, 1, 7);
    db(p, XF_OP_LOAD, 18, T_PENALTY, P_PAID, 0);
    konst(p, 19, 1);
    op1(p, XF_OP_ENT, 20, -1);
    op1(p, XF_OP_MOV, 21, 20);
    field(p, 0, 4, 19);
    field(p, 1, 6, 19);
    field(p, 2, 8, 19);
    field(p, 3, 9, 19);
    field(p, 4, 14, 19);
    field(p, 5, 17, 16);
    field(p, 6, 18, 16);
    field(p, 7, 21, 19);
    konst(p, 22, 1500000);
    konst(p, 23, 100000);
    op2(p, XF_OP_EQ, 2, 10, 19);  ctl(p, XF_OP_REQ, 2, 0, 0);
    op2(p, XF_OP_NE, 2, 10, 19);  ctl(p, XF_OP_REQ, 2, 1, 0);
    op2(p, XF_OP_LT, 2, 1, 23);   ctl(p, XF_OP_REQ, 2, 2, 0);
    op2(p, XF_OP_LE, 2, 1, 22);   ctl(p, XF_OP_REQ, 2, 3, 0);
    op2(p, XF_OP_GT, 2, 1, 22);   ctl(p, XF_OP_REQ, 2, 4, 0);
    op2(p, XF_OP_GE, 2, 1, 22);   ctl(p, XF_OP_REQ, 2, 5, 0);
    ctl(p, XF_OP_REQ, 15, 6, 0);
    ctl(p, XF_OP_REQ, 19, 63, 0);
    ctl(p, XF_OP_OUTCOME, -1, 4, 7);
    return p;  /* no RET: running off the end ends the decision */
}

/* A decision ladder: severe -> 2; unpaid -> 1; large -> 3; else 0. */
static xf_prog *prog_ladder(void) {
    xf_prog *p = prog("ladder", T_PENALTY, 2, 8);
    op1(p, XF_OP_SUBJ, 0, -1);
    db(p, XF_OP_LOAD, 1, T_PENALTY, P_AMOUNT, 0);
    konst(p, 2, 1000000);
    op2(p, XF_OP_GT, 3, 1, 2);
    ctl(p, XF_OP_REQ, 3, 0, 0);
    db(p, XF_OP_HAS, 4, T_PENALTY, P_PAID, 0);
    ctl(p, XF_OP_REQ, 4, 1, 0);
    db(p, XF_OP_LOAD, 5, T_PENALTY, P_SEVERE, 0);
    int32_t br_severe = ctl(p, XF_OP_BR, 5, 0, 0);
    int32_t severe = ctl(p, XF_OP_OUTCOME, -1, 2, 0);
    ctl(p, XF_OP_RET, -1, 0, 0);
    int32_t br_paid = ctl(p, XF_OP_BR, 4, 0, 0);
    int32_t unpaid = ctl(p, XF_OP_OUTCOME, -1, 1, 1);
    int32_t j1 = ctl(p, XF_OP_JMP, -1, 0, 0);
    int32_t br_large = ctl(p, XF_OP_BR, 3, 0, 0);
    int32_t large = ctl(p, XF_OP_OUTCOME, -1, 3, 2);
    int32_t j2 = ctl(p, XF_OP_JMP, -1, 0, 0);
    int32_t small = ctl(p, XF_OP_OUTCOME, -1, 0, 3);
    field(p, 0, 1, 4);
    int32_t tail = db(p, XF_OP_LOAD, 6, T_PENALTY, P_PAID, 0);
    field(p, 1, 6, 4);
    ctl(p, XF_OP_RET, -1, 0, 0);
    patch(p, br_severe, severe, br_paid);
    patch(p, br_paid, br_large, unpaid);
    patch(p, j1, tail, 0);
    patch(p, br_large, large, small);
    patch(p, j2, tail, 0);
    return p;
}

/* Per entity: count penalties >= 5000 元, any severe, sum; exists. */
static xf_prog *prog_loop(void) {
    xf_prog *p = prog("loop", T_ENTITY, 3, 16);
    op1(p, XF_OP_ENT, 0, -1);
    db(p, XF_OP_FIRST, 1, T_PENALTY, 0, 0);
    db(p, XF_OP_LAST, 2, T_PENALTY, 0, 0);
    konst(p, 3, 0);
    konst(p, 4, 0);
    konst(p, 9, 1);
    konst(p, 12, 500000);
    konst(p, 13, 0);
    konst(p, 14, 1);                      /* every row belongs to the entity */
    int32_t head = op2(p, XF_OP_LT, 5, 1, 2);
    int32_t br = ctl(p, XF_OP_BR, 5, 0, 0);
    int32_t body = db(p, XF_OP_LOAD, 6, T_PENALTY, P_AMOUNT, 1);
    op2(p, XF_OP_GE, 7, 6, 12);
    op2(p, XF_OP_ADD, 3, 3, 7);
    op2(p, XF_OP_ADD, 13, 13, 6);
    db(p, XF_OP_LOAD, 8, T_PENALTY, P_SEVERE, 1);
    op2(p, XF_OP_BOR, 4, 4, 8);
    db(p, XF_OP_ROWENT, 10, T_PENALTY, 0, 1);
    op2(p, XF_OP_EQ, 11, 10, 0);
    op2(p, XF_OP_BAND, 14, 14, 11);
    op2(p, XF_OP_ADD, 1, 1, 9);
    ctl(p, XF_OP_JMP, -1, head, 0);
    int32_t after = field(p, 0, 3, 9);
    field(p, 1, 4, 9);
    field(p, 2, 13, 9);
    ctl(p, XF_OP_REQ, 14, 0, 0);
    db(p, XF_OP_FIRST, 1, T_PENALTY, 0, 0);
    op2(p, XF_OP_LT, 15, 1, 2);           /* exists */
    int32_t br_exists = ctl(p, XF_OP_BR, 15, 0, 0);
    ctl(p, XF_OP_OUTCOME, -1, 2, 0);
    ctl(p, XF_OP_RET, -1, 0, 0);
    int32_t exists = op2(p, XF_OP_GT, 5, 3, -1);  /* a negative register reads 0 */
    int32_t br_count = ctl(p, XF_OP_BR, 5, 0, 0);
    int32_t none = ctl(p, XF_OP_OUTCOME, -1, 0, 1);
    ctl(p, XF_OP_RET, -1, 0, 0);
    int32_t some = ctl(p, XF_OP_OUTCOME, -1, 1, 2);
    patch(p, br, body, after);
    patch(p, br_exists, exists, br_exists + 1);
    patch(p, br_count, some, none);
    return p;
}

/* Legal periods from the decision date; the 2199 row leaves the range. */
static xf_prog *prog_dates(void) {
    xf_prog *p = prog("dates", T_PENALTY, 6, 12);
    op1(p, XF_OP_SUBJ, 0, -1);
    db(p, XF_OP_LOAD, 1, T_PENALTY, P_DECIDED, 0);
    field(p, 4, 1, 1);                    /* written before any error */
    konst(p, 2, xf_dur_make(3, XF_DUR_MONTHS));
    call(p, 3, XF_H_period_last, 1, 2, -1);
    field(p, 0, 3, 2);
    call(p, 4, XF_H_period_met, 1, 2, -1);
    field(p, 1, 4, 2);
    konst(p, 5, xf_dur_make(12, XF_DUR_MONTHS));
    call(p, 6, XF_H_period_back, 1, 5, -1);
    field(p, 2, 6, 2);
    call(p, 7, XF_H_next_workday, 3, -1, -1);
    field(p, 3, 7, 2);
    call(p, 10, XF_H_period_last, 1, 5, -1);
    field(p, 5, 10, 2);
    op1(p, XF_OP_ASOF, 8, -1);
    op2(p, XF_OP_GE, 9, 8, 4);
    int32_t br = ctl(p, XF_OP_BR, 9, 0, 0);
    int32_t no = ctl(p, XF_OP_OUTCOME, -1, 0, 1);
    ctl(p, XF_OP_JMP, -1, 0, 0);
    int32_t yes = ctl(p, XF_OP_OUTCOME, -1, 1, 0);
    patch(p, br, yes, no);
    patch(p, no + 1, p->nins, 0);        /* jump to the end */
    return p;
}

/* Parameters by region prefix and date; text prefix of a literal. */
static xf_prog *prog_params(void) {
    xf_prog *p = prog("params", T_ENTITY, 3, 10);
    op1(p, XF_OP_SUBJ, 0, -1);
    db(p, XF_OP_LOAD, 1, T_ENTITY, E_REGION, 0);
    db(p, XF_OP_LOAD, 2, T_ENTITY, E_REGISTERED, 0);
    konst(p, 3, 0);
    call(p, 4, XF_H_param_has, 3, 1, 2);
    konst(p, 9, 1);
    field(p, 0, 4, 9);
    textlit(p, 5, 0);
    call(p, 6, XF_H_text_prefix, 1, 5, -1);
    ctl(p, XF_OP_REQ, 6, 0, 0);
    konst(p, 7, 1);
    call(p, 8, XF_H_param_value, 7, 1, 2);
    field(p, 2, 8, 9);
    call(p, 8, XF_H_param_value, 3, 1, 2);
    field(p, 1, 8, 9);
    ctl(p, XF_OP_OUTCOME, -1, 0, 0);
    ctl(p, XF_OP_RET, -1, 0, 0);
    return p;
}

/* A helper error on every row: next_workday beyond 2199-12-31. */
static xf_prog *prog_error(void) {
    xf_prog *p = prog("error", T_ENTITY, 1, 2);
    konst(p, 0, 90000);
    field(p, 0, 0, 0);
    call(p, 1, XF_H_next_workday, 0, -1, -1);
    ctl(p, XF_OP_OUTCOME, -1, 1, 0);
    return p;
}

/* ---- outputs --------------------------------------------------------------- */

typedef struct outbuf {
    xf_out   out;
    int64_t  nrows;
} outbuf;

/* Filled with a pattern so rows an engine must not touch can be compared. */
static void outbuf_init(outbuf *o, int64_t nrows, int32_t nfields) {
    size_t nf = (size_t)nrows * (size_t)(nfields ? nfields : 1);
    o->nrows = nrows;
    o->out.nfields = nfields;
    o->out.outcome = malloc((size_t)nrows * sizeof *o->out.outcome);
    o->out.step = malloc((size_t)nrows * sizeof *o->out.step);
    o->out.req = malloc((size_t)nrows * sizeof *o->out.req);
    o->out.err = malloc((size_t)nrows * sizeof *o->out.err);
    o->out.fval = malloc(nf * sizeof *o->out.fval);
    o->out.fhas = malloc(nf);
    memset(o->out.outcome, 0x5a, (size_t)nrows * sizeof *o->out.outcome);
    memset(o->out.step, 0x5a, (size_t)nrows * sizeof *o->out.step);
    memset(o->out.req, 0x5a, (size_t)nrows * sizeof *o->out.req);
    memset(o->out.err, 0x5a, (size_t)nrows * sizeof *o->out.err);
    memset(o->out.fval, 0x5a, nf * sizeof *o->out.fval);
    memset(o->out.fhas, 0x5a, nf);
}

static void outbuf_free(outbuf *o) {
    free(o->out.outcome);
    free(o->out.step);
    free(o->out.req);
    free(o->out.err);
    free(o->out.fval);
    free(o->out.fhas);
}

static int outbuf_same(const outbuf *a, const outbuf *b) {
    size_t n = (size_t)a->nrows, nf = n * (size_t)(a->out.nfields ? a->out.nfields : 1);
    return !memcmp(a->out.outcome, b->out.outcome, n * sizeof *a->out.outcome) &&
           !memcmp(a->out.step, b->out.step, n * sizeof *a->out.step) &&
           !memcmp(a->out.req, b->out.req, n * sizeof *a->out.req) &&
           !memcmp(a->out.err, b->out.err, n * sizeof *a->out.err) &&
           !memcmp(a->out.fval, b->out.fval, nf * sizeof *a->out.fval) &&
           !memcmp(a->out.fhas, b->out.fhas, nf);
}

static int64_t fv(const outbuf *o, int64_t r, int f) { return o->out.fval[r * o->out.nfields + f]; }
static int fh(const outbuf *o, int64_t r, int f) { return o->out.fhas[r * o->out.nfields + f]; }

/* ---- running ----------------------------------------------------------------- */

enum { NPROGS = 6, NLEVELS = 4 };
static const int levels[NLEVELS] = {0, 1, 2, 3};
static xf_jit *jits[NLEVELS];

/* Interpreter into *ref; every JIT level must match it byte for byte. */
static void run_all(const fixture *fx, xf_prog *const *progs, int i, int64_t eb, int64_t ee,
                    outbuf *ref) {
    const xf_prog *p = progs[i];
    int64_t nrows = fx->db.tab[p->subject_table].nrows;
    outbuf_init(ref, nrows, p->nfields);
    xf_interp_run(p, &fx->ctx, eb, ee, &ref->out);
    for (int l = 0; l < NLEVELS; l++) {
        xf_policy_fn fn = xf_jit_fn(jits[l], i);
        CHECK(fn != NULL);
        if (!fn) continue;
        outbuf got;
        outbuf_init(&got, nrows, p->nfields);
        fn(&fx->ctx, eb, ee, &got.out);
        if (!outbuf_same(ref, &got))
            fprintf(stderr, "prog %s, entities %lld..%lld: JIT O%d differs from the interpreter\n",
                    p->name, (long long)eb, (long long)ee, levels[l]);
        CHECK(outbuf_same(ref, &got));
        outbuf_free(&got);
    }
}

static void test_arith(const fixture *fx, xf_prog *const *progs) {
    outbuf o;
    run_all(fx, progs, 0, 0, NENT, &o);
    CHECK_EQ_INT(o.out.outcome[0], 4);
    CHECK_EQ_INT(o.out.step[0], 7);
    CHECK_EQ_INT(fv(&o, 0, 0), 3000000);
    CHECK(fv(&o, 0, 1) == INT64_MIN + 1499999);
    CHECK_EQ_INT(fv(&o, 0, 2), -7);
    CHECK_EQ_INT(fv(&o, 0, 3), 1500000);
    CHECK_EQ_INT(fv(&o, 0, 4), -1);            /* ~((1|3) & 4500000) */
    CHECK_EQ_INT(fv(&o, 1, 4), ~((2 | 3) & 600000));
    CHECK_EQ_INT(fv(&o, 1, 5), -7);            /* unpaid: SELECT picks c */
    CHECK_EQ_INT(fh(&o, 1, 5), 0);
    CHECK_EQ_INT(fv(&o, 0, 6), D(2024, 1, 10));
    CHECK_EQ_INT(fv(&o, 4, 7), 2);             /* entity of row 4 */
    CHECK(o.out.req[0] == ((1ull << 1) | (1ull << 3) | (1ull << 5) | (1ull << 6) | (1ull << 63)));
    CHECK(o.out.req[5] == ((1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 63)));
    outbuf_free(&o);
}

static void test_ladder(const fixture *fx, xf_prog *const *progs) {
    outbuf o;
    run_all(fx, progs, 1, 0, NENT, &o);
    const int outcome[NPEN] = {3, 1, 2, 0, 2, 0};
    const int step[NPEN] = {2, 1, 0, 3, 0, 3};
    for (int r = 0; r < NPEN; r++) {
        CHECK_EQ_INT(o.out.outcome[r], outcome[r]);
        CHECK_EQ_INT(o.out.step[r], step[r]);
        CHECK_EQ_INT(o.out.err[r], 0);
    }
    CHECK(o.out.req[0] == 3 && o.out.req[1] == 0 && o.out.req[4] == 1);
    CHECK_EQ_INT(fh(&o, 0, 0), 0);
    CHECK_EQ_INT(fv(&o, 3, 0), 50000);
    CHECK_EQ_INT(fh(&o, 3, 0), 1);
    CHECK_EQ_INT(fv(&o, 3, 1), D(2023, 6, 1));
    CHECK_EQ_INT(fh(&o, 1, 1), 0);
    outbuf_free(&o);

    /* Entities 1..2 only: rows of entity 2 are decided, the rest untouched. */
    run_all(fx, progs, 1, 1, 3, &o);
    CHECK_EQ_INT(o.out.outcome[3], 0);
    CHECK_EQ_INT(o.out.outcome[4], 2);
    CHECK_EQ_INT(o.out.outcome[0], 0x5a5a5a5a);
    CHECK_EQ_INT(o.out.err[5], 0x5a5a5a5a);
    outbuf_free(&o);

    run_all(fx, progs, 1, 2, 2, &o);  /* empty range */
    CHECK_EQ_INT(o.out.outcome[3], 0x5a5a5a5a);
    outbuf_free(&o);
}

static void test_loop(const fixture *fx, xf_prog *const *progs) {
    outbuf o;
    run_all(fx, progs, 2, 0, NENT, &o);
    const int count[NENT] = {2, 0, 1, 0}, severe[NENT] = {1, 0, 1, 0};
    const int64_t sum[NENT] = {2500000, 0, 3050000, 10};
    const int outcome[NENT] = {1, 2, 1, 0};
    for (int e = 0; e < NENT; e++) {
        CHECK_EQ_INT(fv(&o, e, 0), count[e]);
        CHECK_EQ_INT(fv(&o, e, 1), severe[e]);
        CHECK_EQ_INT(fv(&o, e, 2), sum[e]);
        CHECK_EQ_INT(o.out.outcome[e], outcome[e]);
        CHECK(o.out.req[e] == 1);
    }
    outbuf_free(&o);
}

static void test_dates(const fixture *fx, xf_prog *const *progs) {
    outbuf o;
    run_all(fx, progs, 3, 0, NENT, &o);
    /* 2023-11-30 + 3 months: no 02-30 in 2024, so the leap day ends it. */
    CHECK_EQ_INT(fv(&o, 0, 0), D(2024, 2, 29));
    CHECK_EQ_INT(fv(&o, 0, 1), D(2024, 3, 1));
    CHECK_EQ_INT(fv(&o, 0, 2), D(2022, 11, 30));
    CHECK_EQ_INT(fv(&o, 1, 0), D(2024, 4, 30));   /* from a month end */
    CHECK_EQ_INT(fv(&o, 2, 0), D(2024, 5, 29));   /* from the leap day */
    CHECK_EQ_INT(fv(&o, 2, 2), D(2023, 2, 28));
    CHECK_EQ_INT(fv(&o, 2, 5), D(2025, 2, 28));
    CHECK_EQ_INT(fv(&o, 3, 1), D(2023, 9, 1));
    CHECK_EQ_INT(fv(&o, 5, 0), D(2024, 10, 1));
    CHECK_EQ_INT(fv(&o, 5, 3), D(2024, 10, 8));   /* after National Day */
    CHECK_EQ_INT(o.out.outcome[0], 1);
    CHECK_EQ_INT(o.out.outcome[5], 0);
    CHECK_EQ_INT(o.out.step[5], 1);
    /* 2199-11-15 + 3 months leaves the supported range. */
    CHECK_EQ_INT(o.out.err[4], XF_RT_BAD_DATE);
    CHECK_EQ_INT(o.out.outcome[4], -1);
    CHECK_EQ_INT(o.out.step[4], -1);
    CHECK_EQ_INT(fv(&o, 4, 4), D(2199, 11, 15));
    CHECK_EQ_INT(fh(&o, 4, 4), 1);
    CHECK_EQ_INT(fh(&o, 4, 0), 0);
    CHECK_EQ_INT(o.out.err[0], 0);
    outbuf_free(&o);
}

static void test_params(const fixture *fx, xf_prog *const *progs) {
    outbuf o;
    run_all(fx, progs, 4, 0, NENT, &o);
    CHECK_EQ_INT(fv(&o, 0, 1), 300);   /* "11" beats "" in 2024 */
    CHECK_EQ_INT(fv(&o, 2, 1), 100);   /* "" before 2024 */
    CHECK_EQ_INT(fv(&o, 3, 1), 400);   /* "1101" until 2023-06-30 */
    CHECK_EQ_INT(fv(&o, 0, 0), 1);
    CHECK_EQ_INT(fv(&o, 1, 0), 0);     /* Shanghai says "none": a value that is absent, not an error */
    CHECK_EQ_INT(o.out.err[1], 0);
    CHECK_EQ_INT(o.out.outcome[1], 0);
    CHECK_EQ_INT(fv(&o, 1, 2), 7);     /* default of grace_days */
    CHECK_EQ_INT(o.out.err[0], 0);
    CHECK_EQ_INT(o.out.outcome[0], 0);
    CHECK(o.out.req[0] == 1 && o.out.req[1] == 0 && o.out.req[2] == 0 && o.out.req[3] == 1);
    outbuf_free(&o);
}

static void test_error(const fixture *fx, xf_prog *const *progs) {
    outbuf o;
    run_all(fx, progs, 5, 0, NENT, &o);
    for (int e = 0; e < NENT; e++) {
        CHECK_EQ_INT(o.out.err[e], XF_RT_BAD_DATE);
        CHECK_EQ_INT(o.out.outcome[e], -1);
        CHECK_EQ_INT(fv(&o, e, 0), 90000);
        CHECK_EQ_INT(fh(&o, e, 0), 1);
    }
    outbuf_free(&o);
}

/* ---- the rest of the API ------------------------------------------------------- */

static void test_dump(xf_prog *p) {
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f) return;
    xf_prog_dump(p, f);
    char buf[4096];
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    CHECK(strstr(buf, "prog dates subject=t1 regs=12 fields=6") == buf);
    CHECK(strstr(buf, "    4  CALL     r3 = period_last(r1, r2, -, -)\n") != NULL);
    CHECK(strstr(buf, "    2  FIELD    f4 = r1 has r1\n") != NULL);
}

static void test_bad_prog(void) {
    xf_prog *p = prog("bad", T_ENTITY, 0, 1);
    ctl(p, XF_OP_JMP, -1, 99, 0);
    char *err = NULL;
    CHECK(xf_interp_check(p, &err) == -1);
    CHECK(err && strstr(err, "instruction 0"));
    free(err);
    err = NULL;
    CHECK(xf_jit_compile(&p, 1, 2, &err) == NULL);
    CHECK(err && strstr(err, "JMP target"));
    free(err);
    err = NULL;
    CHECK(xf_llvm_emit_text(&p, 1, 2, &err) == NULL);
    CHECK(err != NULL);
    free(err);
    xf_prog_free(p);
}

static void test_emit_text(xf_prog *const *progs) {
    char *err = NULL;
    char *text = xf_llvm_emit_text(progs, NPROGS, 2, &err);
    CHECK(text != NULL);
    if (!text) {
        fprintf(stderr, "emit_text: %s\n", err ? err : "(no message)");
        free(err);
        return;
    }
    CHECK(strstr(text, "define") != NULL);
    CHECK(strstr(text, "@xf_policy_0(") != NULL);
    CHECK(strstr(text, "@xf_policy_5(") != NULL);
    CHECK(strstr(text, "xf_h_period_last") != NULL);
    free(text);
}

int main(void) {
    fixture fx;
    fixture_init(&fx);
    xf_prog *progs[NPROGS] = {prog_arith(), prog_ladder(), prog_loop(), prog_dates(),
                              prog_params(), prog_error()};
    for (int i = 0; i < NPROGS; i++) CHECK_EQ_INT(xf_interp_check(progs[i], NULL), 0);
    for (int l = 0; l < NLEVELS; l++) {
        char *err = NULL;
        jits[l] = xf_jit_compile(progs, NPROGS, levels[l], &err);
        if (!jits[l]) fprintf(stderr, "JIT O%d: %s\n", levels[l], err ? err : "(no message)");
        CHECK(jits[l] != NULL);
        free(err);
    }
    if (jits[0] && jits[1] && jits[2] && jits[3]) {
        test_arith(&fx, progs);
        test_ladder(&fx, progs);
        test_loop(&fx, progs);
        test_dates(&fx, progs);
        test_params(&fx, progs);
        test_error(&fx, progs);
    }
    test_dump(progs[3]);
    test_bad_prog();
    test_emit_text(progs);
    for (int l = 0; l < NLEVELS; l++) xf_jit_free(jits[l]);
    for (int i = 0; i < NPROGS; i++) xf_prog_free(progs[i]);
    fixture_free(&fx);
    return CHECK_DONE();
}

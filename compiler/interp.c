/* interp.c — the reference interpreter (see interp.h).  Simple on purpose:
 * a register file and a switch.  When it and the LLVM backend disagree, this
 * file is the one that says what a step program means. */
#include "interp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* ---- checks ---------------------------------------------------------- */

static int xf_interp_fail(char **errmsg, const xf_prog *p, int32_t i, const char *fmt, ...) {
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (!errmsg) return -1;
    const char *name = p->name ? p->name : "";
    size_t n = strlen(name) + sizeof what + 64;
    *errmsg = malloc(n);
    if (!*errmsg) return -1;
    if (i < 0) snprintf(*errmsg, n, "step program %s: %s", name, what);
    else snprintf(*errmsg, n, "step program %s, instruction %d: %s", name, (int)i, what);
    return -1;
}

enum { XF_USE_DST = 1, XF_USE_A = 2, XF_USE_B = 4, XF_USE_C = 8, XF_USE_D = 16 };

/* The register fields an instruction reads or writes; the others may hold
 * anything and are never touched. */
static int xf_interp_uses(xf_op op) {
    switch (op) {
    case XF_OP_CONST: case XF_OP_SUBJ: case XF_OP_ENT: case XF_OP_ASOF: case XF_OP_TEXTLIT:
        return XF_USE_DST;
    case XF_OP_LOAD: case XF_OP_HAS: case XF_OP_FIRST: case XF_OP_LAST: case XF_OP_ROWENT:
    case XF_OP_ROWID: case XF_OP_MOV: case XF_OP_NOT: case XF_OP_BNOT: case XF_OP_SHL1:
        return XF_USE_DST | XF_USE_A;
    case XF_OP_SELECT:
        return XF_USE_DST | XF_USE_A | XF_USE_B | XF_USE_C;
    case XF_OP_CALL:
        return XF_USE_DST | XF_USE_A | XF_USE_B | XF_USE_C | XF_USE_D;
    case XF_OP_JMP: case XF_OP_RET: case XF_OP_OUTCOME:
        return 0;
    case XF_OP_BR: case XF_OP_REQ:
        return XF_USE_A;
    case XF_OP_FIELD: case XF_OP_TRACE:
        return XF_USE_A | XF_USE_B;
    default: /* two-operand arithmetic and comparisons */
        return XF_USE_DST | XF_USE_A | XF_USE_B;
    }
}

static int xf_interp_regs_ok(const xf_prog *p, const xf_ins *in) {
    int use = xf_interp_uses((xf_op)in->op);
    return (!(use & XF_USE_DST) || in->dst < p->nregs) && (!(use & XF_USE_A) || in->a < p->nregs) &&
           (!(use & XF_USE_B) || in->b < p->nregs) && (!(use & XF_USE_C) || in->c < p->nregs) &&
           (!(use & XF_USE_D) || in->d < p->nregs);
}

static int xf_interp_target_ok(const xf_prog *p, int64_t t) {
    return t >= 0 && t <= p->nins;
}

static int xf_interp_check_ins(const xf_prog *p, int32_t i, char **errmsg) {
    const xf_ins *in = &p->ins[i];
    if (in->op >= XF_OP__COUNT) return xf_interp_fail(errmsg, p, i, "unknown opcode %d", in->op);
    const char *op = xf_op_name[in->op];
    if (!xf_interp_regs_ok(p, in))
        return xf_interp_fail(errmsg, p, i, "%s names a register beyond r%d", op, (int)p->nregs - 1);
    switch ((xf_op)in->op) {
    case XF_OP_JMP:
        if (!xf_interp_target_ok(p, in->imm)) break;
        return 0;
    case XF_OP_BR:
        if (!xf_interp_target_ok(p, in->imm) || !xf_interp_target_ok(p, in->imm2)) break;
        return 0;
    case XF_OP_CALL:
        if (in->imm < 0 || in->imm >= XF_H__COUNT)
            return xf_interp_fail(errmsg, p, i, "CALL of unknown helper %lld", (long long)in->imm);
        return 0;
    case XF_OP_REQ:
        if (in->imm < 0 || in->imm > 63)
            return xf_interp_fail(errmsg, p, i, "REQ bit %lld outside 0..63", (long long)in->imm);
        return 0;
    case XF_OP_FIELD:
        if (in->imm < 0 || in->imm >= p->nfields)
            return xf_interp_fail(errmsg, p, i, "FIELD %lld of %d fields", (long long)in->imm,
                                  (int)p->nfields);
        return 0;
    case XF_OP_TEXTLIT:
        if (in->imm < 0) return xf_interp_fail(errmsg, p, i, "negative text literal index");
        return 0;
    case XF_OP_TRACE:
        if (in->imm < 0 || in->imm >= p->ntrace)
            return xf_interp_fail(errmsg, p, i, "TRACE %lld of %d slots", (long long)in->imm, (int)p->ntrace);
        return 0;
    default:
        return 0;
    }
    return xf_interp_fail(errmsg, p, i, "%s target outside 0..%d", op, (int)p->nins);
}

int xf_interp_check(const xf_prog *p, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (p->subject_table < 0 || p->nregs < 0 || p->nfields < 0 || p->nins < 0 ||
        (p->nins > 0 && !p->ins))
        return xf_interp_fail(errmsg, p, -1, "malformed header");
    for (int32_t i = 0; i < p->nins; i++)
        if (xf_interp_check_ins(p, i, errmsg) != 0) return -1;
    return 0;
}

/* ---- running --------------------------------------------------------- */

typedef struct xf_interp {
    const xf_prog *p;
    const xf_ctx  *ctx;
    xf_out        *out;
    int64_t       *regs;
    int64_t        row, ent;
    int64_t        err;
} xf_interp;

static int64_t xf_interp_get(const xf_interp *m, int32_t r) {
    return r < 0 ? 0 : m->regs[r];
}

/* Operand b, c or d only where the op uses it: other fields may hold anything. */
static int64_t xf_interp_arg(const xf_interp *m, const xf_ins *in, int use) {
    if (!(xf_interp_uses((xf_op)in->op) & use)) return 0;
    switch (use) {
    case XF_USE_A: return xf_interp_get(m, in->a);
    case XF_USE_B: return xf_interp_get(m, in->b);
    case XF_USE_C: return xf_interp_get(m, in->c);
    default:       return xf_interp_get(m, in->d);
    }
}

static void xf_interp_set(xf_interp *m, int32_t r, int64_t v) {
    if (r >= 0) m->regs[r] = v;
}

/* Wrapping arithmetic: signed overflow would be undefined in C, while the
 * LLVM backend's add/sub/mul (no nsw) wrap. */
static int64_t xf_interp_wrap(uint64_t v) {
    return (int64_t)v;
}

/* The pure two-operand and select operations. */
static int64_t xf_interp_alu(xf_op op, int64_t a, int64_t b, int64_t c) {
    switch (op) {
    case XF_OP_MOV:    return a;
    case XF_OP_ADD:    return xf_interp_wrap((uint64_t)a + (uint64_t)b);
    case XF_OP_SUB:    return xf_interp_wrap((uint64_t)a - (uint64_t)b);
    case XF_OP_MUL:    return xf_interp_wrap((uint64_t)a * (uint64_t)b);
    case XF_OP_EQ:     return a == b;
    case XF_OP_NE:     return a != b;
    case XF_OP_LT:     return a < b;
    case XF_OP_LE:     return a <= b;
    case XF_OP_GT:     return a > b;
    case XF_OP_GE:     return a >= b;
    case XF_OP_NOT:    return a == 0;
    case XF_OP_BAND:   return a & b;
    case XF_OP_BOR:    return a | b;
    case XF_OP_BNOT:   return ~a;
    case XF_OP_SHL1:   return xf_interp_wrap((uint64_t)1 << (a & 63));
    case XF_OP_MIN:    return a < b ? a : b;
    case XF_OP_MAX:    return a > b ? a : b;
    case XF_OP_SELECT: return a ? b : c;
    default:           return 0;
    }
}

/* Reads of the loaded records. */
static int64_t xf_interp_db(const xf_interp *m, const xf_ins *in, int64_t a) {
    const xf_table *t = &m->ctx->db->tab[in->t];
    switch ((xf_op)in->op) {
    case XF_OP_LOAD:   return t->val[in->col][a];
    case XF_OP_HAS:    return t->has[in->col][a];
    case XF_OP_FIRST:  return t->first[a];
    case XF_OP_LAST:   return t->first[a + 1];
    case XF_OP_ROWENT: return t->ent[a];
    case XF_OP_ROWID:  return t->row_id[a];
    default:           return 0;
    }
}

static void xf_interp_field(xf_interp *m, const xf_ins *in) {
    int64_t k = m->row * m->p->nfields + in->imm;
    m->out->fval[k] = xf_interp_get(m, in->a);
    m->out->fhas[k] = xf_interp_get(m, in->b) != 0;
}

/* Runs the body for the current row; returns when it ends or a helper fails. */
static void xf_interp_body(xf_interp *m) {
    const xf_prog *p = m->p;
    int64_t pc = 0;
    while (pc >= 0 && pc < p->nins) {
        const xf_ins *in = &p->ins[pc++];
        int64_t a = xf_interp_arg(m, in, XF_USE_A);
        switch ((xf_op)in->op) {
        case XF_OP_CONST:   xf_interp_set(m, in->dst, in->imm); break;
        case XF_OP_SUBJ:    xf_interp_set(m, in->dst, m->row); break;
        case XF_OP_ENT:     xf_interp_set(m, in->dst, m->ent); break;
        case XF_OP_ASOF:    xf_interp_set(m, in->dst, m->ctx->as_of); break;
        case XF_OP_TEXTLIT: xf_interp_set(m, in->dst, m->ctx->text_ids[in->imm]); break;
        case XF_OP_LOAD: case XF_OP_HAS: case XF_OP_FIRST: case XF_OP_LAST: case XF_OP_ROWENT:
        case XF_OP_ROWID:
            xf_interp_set(m, in->dst, xf_interp_db(m, in, a));
            break;
        case XF_OP_CALL:
            xf_interp_set(m, in->dst, xf_helper_table[in->imm](
                m->ctx, &m->err, a, xf_interp_get(m, in->b), xf_interp_get(m, in->c),
                xf_interp_get(m, in->d)));
            if (m->err != 0) return;
            break;
        case XF_OP_JMP:     pc = in->imm; break;
        case XF_OP_BR:      pc = a ? in->imm : in->imm2; break;
        case XF_OP_OUTCOME:
            m->out->outcome[m->row] = (int32_t)in->imm;
            m->out->step[m->row] = (int32_t)in->imm2;
            break;
        case XF_OP_FIELD:   xf_interp_field(m, in); break;
        case XF_OP_TRACE: {
            int64_t k = m->row * p->ntrace + in->imm;
            m->out->tval[k] = a;
            m->out->tstate[k] = (uint8_t)(1 + (xf_interp_get(m, in->b) != 0));
            break;
        }
        case XF_OP_REQ:
            if (a) m->out->req[m->row] |= (uint64_t)1 << (in->imm & 63);
            break;
        case XF_OP_RET:     return;
        default:
            xf_interp_set(m, in->dst, xf_interp_alu((xf_op)in->op, a, xf_interp_arg(m, in, XF_USE_B),
                                                    xf_interp_arg(m, in, XF_USE_C)));
            break;
        }
    }
}

static void xf_interp_reset_row(const xf_prog *p, xf_out *out, int64_t r) {
    out->outcome[r] = -1;
    out->step[r] = -1;
    out->req[r] = 0;
    out->err[r] = 0;
    for (int32_t f = 0; f < p->nfields; f++) {
        out->fval[r * p->nfields + f] = 0;
        out->fhas[r * p->nfields + f] = 0;
    }
    if (p->ntrace) memset(out->tstate + r * p->ntrace, 0, (size_t)p->ntrace);
}

static void xf_interp_row(xf_interp *m) {
    xf_interp_reset_row(m->p, m->out, m->row);
    if (!m->regs) {
        m->out->err[m->row] = XF_RT_NO_OUTCOME;
        return;
    }
    memset(m->regs, 0, (size_t)m->p->nregs * sizeof *m->regs);
    m->err = 0;
    xf_interp_body(m);
    m->out->err[m->row] = (int32_t)m->err;
}

/* Most programs fit the stack buffer; bigger ones get a heap register file. */
enum { XF_INTERP_STACK_REGS = 256 };

void xf_interp_run(const xf_prog *p, const xf_ctx *ctx, int64_t ent_begin, int64_t ent_end,
                   xf_out *out) {
    int64_t stack_regs[XF_INTERP_STACK_REGS];
    xf_interp m = {.p = p, .ctx = ctx, .out = out, .regs = stack_regs};
    if (p->nregs > XF_INTERP_STACK_REGS) m.regs = malloc((size_t)p->nregs * sizeof *m.regs);
    const int64_t *first = ctx->db->tab[p->subject_table].first;
    for (m.ent = ent_begin; m.ent < ent_end; m.ent++)
        for (m.row = first[m.ent]; m.row < first[m.ent + 1]; m.row++) xf_interp_row(&m);
    if (m.regs != stack_regs) free(m.regs);
}

/* ir.h — the lowered step program: one definition of a policy's semantics.
 *
 * lower.c turns a checked policy into an xf_prog; interp.c runs it (the
 * executable specification) and llvm_emit.c compiles the same instructions
 * to LLVM IR.  Both must agree on every record.
 *
 * An xf_prog is the body that decides ONE subject row.  Registers are int64.
 * The engines wrap the body in the batch loop of xf_policy_fn (xf_abi.h):
 *
 *     for e in [ent_begin, ent_end):
 *       for r in tab[subject_table].first[e] .. first[e+1]-1:
 *         err = 0; out->outcome[r] = -1; out->step[r] = -1; out->req[r] = 0;
 *         every field: fhas[r*nfields+f] = 0, fval = 0
 *         every trace slot: tstate[r*ntrace+s] = 0 (not evaluated)
 *         run body with SUBJ = r, ENT = e
 *         out->err[r] = err
 *
 * Control flow: instructions are numbered 0..n-1; JMP and BR name target
 * instruction indexes.  Execution starts at 0 and ends at RET.  Any
 * instruction may be a jump target (the LLVM backend starts a basic block at
 * each target and after each JMP/BR/RET).
 *
 * After every CALL, if the error word is non-zero the engines jump to the
 * end: out->err[r] = err, the outcome stays as set so far (normally -1), and
 * the decision shows the error.
 */
#ifndef XF_IR_H
#define XF_IR_H

#include <stdint.h>
#include <stdio.h>

/* X(name, operands). ORDER: xf_op */
#define XF_OPS(X)                                                           \
    X(CONST,    "dst = imm")                                                \
    X(SUBJ,     "dst = subject row index")                                  \
    X(ENT,      "dst = entity index")                                       \
    X(ASOF,     "dst = ctx->as_of")                                         \
    X(TEXTLIT,  "dst = ctx->text_ids[imm]")                                 \
    X(LOAD,     "dst = db->tab[t].val[c][a]")                               \
    X(HAS,      "dst = db->tab[t].has[c][a]")                               \
    X(FIRST,    "dst = db->tab[t].first[a]   (first row of entity a)")      \
    X(LAST,     "dst = db->tab[t].first[a+1] (one past its last row)")      \
    X(ROWENT,   "dst = db->tab[t].ent[a]     (entity of row a)")            \
    X(ROWID,    "dst = db->tab[t].row_id[a]  (key of row a, for traces)")    \
    X(MOV,      "dst = a")                                                  \
    X(ADD,      "dst = a + b")                                              \
    X(SUB,      "dst = a - b")                                              \
    X(MUL,      "dst = a * b")                                              \
    X(EQ,       "dst = a == b")                                             \
    X(NE,       "dst = a != b")                                             \
    X(LT,       "dst = a < b   (signed)")                                   \
    X(LE,       "dst = a <= b")                                             \
    X(GT,       "dst = a > b")                                              \
    X(GE,       "dst = a >= b")                                             \
    X(NOT,      "dst = a == 0")                                             \
    X(BAND,     "dst = a & b")                                              \
    X(BOR,      "dst = a | b")                                              \
    X(BNOT,     "dst = ~a")                                                 \
    X(SHL1,     "dst = (int64)1 << a   (a in 0..63)")                       \
    X(MIN,      "dst = a < b ? a : b")                                      \
    X(MAX,      "dst = a > b ? a : b")                                      \
    X(SELECT,   "dst = a ? b : c")                                          \
    X(CALL,     "dst = helper imm (ctx, &err, a, b, c, d)")                 \
    X(JMP,      "goto imm")                                                 \
    X(BR,       "goto a ? imm : imm2")                                      \
    X(OUTCOME,  "out->outcome[r] = imm; out->step[r] = imm2")               \
    X(FIELD,    "fval[r*nfields+imm] = a; fhas[r*nfields+imm] = b")         \
    X(REQ,      "if (a) out->req[r] |= 1 << imm")                           \
    X(TRACE,    "tval[r*ntrace+imm] = a; tstate[r*ntrace+imm] = 1 + (b != 0)") \
    X(RET,      "end of the decision")

typedef enum {
#define X(name, doc) XF_OP_##name,
    XF_OPS(X)
#undef X
    XF_OP__COUNT
} xf_op;

extern const char *const xf_op_name[XF_OP__COUNT];

typedef struct xf_ins {
    uint8_t op;
    int32_t dst;
    int32_t a, b, c, d;   /* registers */
    int32_t t, col;       /* table and column for LOAD/HAS/FIRST/LAST/ROWENT */
    int64_t imm, imm2;
} xf_ins;

/* Owned by the compilation arena (or malloc'd by lower.c and freed with
 * xf_prog_free when built outside one). */
/* A step program longer than this is compiled without optimisation: the
 * optimiser's time grows faster than a function's size (10,000 helper calls
 * took over a minute at -O2, 3 s unoptimised).  Real policies stay far
 * below it (under 1,500 instructions traced). */
#define XF_OPT_MAX_INS 8000

typedef struct xf_prog {
    const char *name;          /* policy name, also the symbol suffix */
    int32_t     subject_table; /* index into xf_db.tab */
    int32_t     nregs;
    int32_t     nins, cap;
    xf_ins     *ins;
    int32_t     nfields;       /* computed fields written by FIELD */
    int32_t     ntrace;        /* trace slots written by TRACE (0: no trace) */
} xf_prog;

xf_prog *xf_prog_new(const char *name, int32_t subject_table, int32_t nfields);
void     xf_prog_free(xf_prog *p);
int32_t  xf_prog_reg(xf_prog *p);                    /* a fresh register */
int32_t  xf_prog_emit(xf_prog *p, xf_ins ins);       /* returns its index */
void     xf_prog_dump(const xf_prog *p, FILE *f);    /* --dump=steps */

#endif

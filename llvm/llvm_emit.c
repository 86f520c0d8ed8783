/* llvm_emit.c — step programs to LLVM IR (see llvm_emit.h).
 *
 * Shape of one policy function, for speed:
 *   entry     allocas (one per IR register, the error word), then every
 *             pointer the body needs that does not change during the call:
 *             ctx->as_of, ctx->text_ids, out's arrays, and for each (t, c)
 *             the prog touches db->tab[t].val[c] / has[c] / first / ent;
 *   ent_head  e in [ent_begin, ent_end)
 *   ent_body  rows first[e] .. first[e+1]-1 of the subject table
 *   row_head  r < end?
 *   row_init  reset out[r], zero the registers and the error word
 *   ...       one block per jump target and after each JMP/BR/RET; a CALL
 *             ends its block with a branch to row_end on error
 *   row_end   out->err[r] = err; next row
 * mem2reg/SROA turn the register allocas into SSA values, so the body reads
 * like hand-written code once optimized.  Loads from the records carry the
 * "db" alias scope and stores to out's arrays the "out" scope: the caller
 * owns out and the loader owns db, so they never overlap, and telling LLVM
 * so lets it keep loaded values across stores. */
#include "llvm_emit.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Target.h>

#include "helpers.h"
#include "interp.h"
#include "xf_abi.h"
#include "strf.h"

/* ---- errors ------------------------------------------------------------ */

static char *xf_llvm_errf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = xf_vstrf(fmt, ap);
    va_end(ap);
    return s;
}

char *xf_llvm_take_message(const char *what, char *msg) {
    char *s = xf_llvm_errf("%s: %s", what, msg && *msg ? msg : "(no details from LLVM)");
    if (msg) LLVMDisposeMessage(msg);
    return s;
}

char *xf_llvm_take_error(const char *what, LLVMErrorRef err) {
    char *msg = LLVMGetErrorMessage(err);  /* consumes err */
    char *s = xf_llvm_errf("%s: %s", what, msg && *msg ? msg : "(no details from LLVM)");
    LLVMDisposeErrorMessage(msg);
    return s;
}

static void xf_llvm_set_err(char **errmsg, char *s) {
    if (errmsg) *errmsg = s;
    else free(s);
}

/* ---- module-wide state ------------------------------------------------- */

typedef struct xf_llvm_mod {
    LLVMContextRef cx;
    LLVMModuleRef  mod;
    LLVMBuilderRef b;
    LLVMTypeRef    i8, i32, i64, ptr, void_ty;
    LLVMTypeRef    policy_ty, helper_ty;
    LLVMValueRef   helper[XF_H__COUNT];
    unsigned       md_scope, md_noalias, md_prof;
    LLVMValueRef   scope_db, scope_out;  /* one-element scope lists */
    LLVMValueRef   unlikely;             /* branch weights: error path is cold */
} xf_llvm_mod;

void xf_llvm_fn_name(int i, char buf[32]) {
    snprintf(buf, 32, "xf_policy_%d", i);
}

static void xf_llvm_add_attr(xf_llvm_mod *ms, LLVMValueRef fn, LLVMAttributeIndex idx,
                             const char *name) {
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(fn, idx, LLVMCreateEnumAttribute(ms->cx, kind, 0));
}

/* Helpers are plain C: they do not unwind, always return, and write only
 * the error word they are handed. */
static void xf_llvm_declare_helpers(xf_llvm_mod *ms) {
    LLVMAttributeRef memory = xf_llvm_compat_helper_memory(ms->cx);
    for (int h = 0; h < XF_H__COUNT; h++) {
        LLVMValueRef fn = LLVMAddFunction(ms->mod, xf_helper_symbol[h], ms->helper_ty);
        xf_llvm_add_attr(ms, fn, LLVMAttributeFunctionIndex, "nounwind");
        xf_llvm_add_attr(ms, fn, LLVMAttributeFunctionIndex, "willreturn");
        if (memory) LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, memory);
        LLVMAddAttributeAtIndex(fn, 1, xf_llvm_compat_nocapture(ms->cx));
        xf_llvm_add_attr(ms, fn, 1, "readonly");
        LLVMAddAttributeAtIndex(fn, 2, xf_llvm_compat_nocapture(ms->cx));
        xf_llvm_add_attr(ms, fn, 2, "noalias");
        ms->helper[h] = fn;
    }
}

static LLVMValueRef xf_llvm_md_value(xf_llvm_mod *ms, LLVMMetadataRef *ops, size_t n) {
    return LLVMMetadataAsValue(ms->cx, LLVMMDNodeInContext2(ms->cx, ops, n));
}

static LLVMMetadataRef xf_llvm_md_string(xf_llvm_mod *ms, const char *s) {
    return LLVMMDStringInContext2(ms->cx, s, strlen(s));
}

/* String-named scopes: the same two scopes in every function of the module,
 * which is right because the disjointness holds for every call. */
static void xf_llvm_make_metadata(xf_llvm_mod *ms) {
    ms->md_scope = LLVMGetMDKindIDInContext(ms->cx, "alias.scope", 11);
    ms->md_noalias = LLVMGetMDKindIDInContext(ms->cx, "noalias", 7);
    ms->md_prof = LLVMGetMDKindIDInContext(ms->cx, "prof", 4);
    LLVMMetadataRef dom_ops[1] = {xf_llvm_md_string(ms, "xiufu.records")};
    LLVMMetadataRef domain = LLVMMDNodeInContext2(ms->cx, dom_ops, 1);
    LLVMMetadataRef db_ops[2] = {xf_llvm_md_string(ms, "xiufu.db"), domain};
    LLVMMetadataRef out_ops[2] = {xf_llvm_md_string(ms, "xiufu.out"), domain};
    LLVMMetadataRef db = LLVMMDNodeInContext2(ms->cx, db_ops, 2);
    LLVMMetadataRef out = LLVMMDNodeInContext2(ms->cx, out_ops, 2);
    ms->scope_db = xf_llvm_md_value(ms, &db, 1);
    ms->scope_out = xf_llvm_md_value(ms, &out, 1);
    LLVMMetadataRef w[3] = {
        xf_llvm_md_string(ms, "branch_weights"),
        LLVMValueAsMetadata(LLVMConstInt(ms->i32, 1, 0)),
        LLVMValueAsMetadata(LLVMConstInt(ms->i32, 1000, 0)),
    };
    ms->unlikely = xf_llvm_md_value(ms, w, 3);
}

static void xf_llvm_init_mod(xf_llvm_mod *ms, LLVMContextRef cx) {
    ms->cx = cx;
    ms->mod = LLVMModuleCreateWithNameInContext("xiufu", cx);
    ms->b = LLVMCreateBuilderInContext(cx);
    ms->i8 = LLVMInt8TypeInContext(cx);
    ms->i32 = LLVMInt32TypeInContext(cx);
    ms->i64 = LLVMInt64TypeInContext(cx);
    ms->ptr = LLVMPointerTypeInContext(cx, 0);
    ms->void_ty = LLVMVoidTypeInContext(cx);
    LLVMTypeRef pargs[4] = {ms->ptr, ms->i64, ms->i64, ms->ptr};
    ms->policy_ty = LLVMFunctionType(ms->void_ty, pargs, 4, 0);
    LLVMTypeRef hargs[6] = {ms->ptr, ms->ptr, ms->i64, ms->i64, ms->i64, ms->i64};
    ms->helper_ty = LLVMFunctionType(ms->i64, hargs, 6, 0);
    xf_llvm_declare_helpers(ms);
    xf_llvm_make_metadata(ms);
}

/* ---- per-function state ------------------------------------------------ */

enum { XF_BASE_VAL, XF_BASE_HAS, XF_BASE_FIRST, XF_BASE_ENT, XF_BASE_ROWID };

/* An array pointer loaded once in the entry block. */
typedef struct xf_llvm_base {
    int          kind;
    int32_t      t, col;
    LLVMValueRef ptr;
} xf_llvm_base;

typedef struct xf_llvm_fn {
    xf_llvm_mod       *ms;
    LLVMBuilderRef     b;
    const xf_prog     *p;
    LLVMValueRef       fn;
    LLVMValueRef       ctx_arg, out_arg;
    LLVMValueRef      *regs;     /* regs[i]: alloca of register i */
    LLVMValueRef       err;      /* alloca of the decision's error word */
    LLVMBasicBlockRef *blocks;   /* blocks[i]: block starting at instruction i, or NULL */
    LLVMBasicBlockRef  row_end;
    LLVMValueRef       row, ent; /* loop variables (phis) */
    LLVMValueRef       as_of, text_ids, tab;
    LLVMValueRef       o_outcome, o_step, o_req, o_err, o_fval, o_fhas, o_tval, o_tstate;
    xf_llvm_base      *bases;
    int                nbases;
} xf_llvm_fn;

/* ---- small emit helpers ------------------------------------------------ */

static LLVMValueRef xf_llvm_i64(xf_llvm_fn *f, int64_t v) {
    return LLVMConstInt(f->ms->i64, (unsigned long long)v, 1);
}

static LLVMValueRef xf_llvm_i32(xf_llvm_fn *f, int64_t v) {
    return LLVMConstInt(f->ms->i32, (unsigned long long)(uint32_t)(int32_t)v, 1);
}

/* The field at byte offset off of the struct at base (offsets from the C
 * compiler, so the IR follows xf_abi.h on whatever host builds it). */
static LLVMValueRef xf_llvm_field(xf_llvm_fn *f, LLVMValueRef base, size_t off, LLVMTypeRef ty,
                                  const char *name) {
    LLVMValueRef idx = xf_llvm_i64(f, (int64_t)off);
    LLVMValueRef at = LLVMBuildInBoundsGEP2(f->b, f->ms->i8, base, &idx, 1, "");
    return LLVMBuildLoad2(f->b, ty, at, name);
}

static LLVMValueRef xf_llvm_elem_ptr(xf_llvm_fn *f, LLVMTypeRef ty, LLVMValueRef base,
                                     LLVMValueRef idx) {
    return LLVMBuildInBoundsGEP2(f->b, ty, base, &idx, 1, "");
}

static void xf_llvm_scope(xf_llvm_fn *f, LLVMValueRef inst, int is_out) {
    xf_llvm_mod *ms = f->ms;
    LLVMSetMetadata(inst, ms->md_scope, is_out ? ms->scope_out : ms->scope_db);
    LLVMSetMetadata(inst, ms->md_noalias, is_out ? ms->scope_db : ms->scope_out);
}

/* base[idx] from the records (or ctx->text_ids). */
static LLVMValueRef xf_llvm_load_db(xf_llvm_fn *f, LLVMTypeRef ty, LLVMValueRef base,
                                    LLVMValueRef idx) {
    LLVMValueRef v = LLVMBuildLoad2(f->b, ty, xf_llvm_elem_ptr(f, ty, base, idx), "");
    xf_llvm_scope(f, v, 0);
    return v;
}

static LLVMValueRef xf_llvm_load_out(xf_llvm_fn *f, LLVMTypeRef ty, LLVMValueRef base,
                                     LLVMValueRef idx) {
    LLVMValueRef v = LLVMBuildLoad2(f->b, ty, xf_llvm_elem_ptr(f, ty, base, idx), "");
    xf_llvm_scope(f, v, 1);
    return v;
}

static void xf_llvm_store_out(xf_llvm_fn *f, LLVMTypeRef ty, LLVMValueRef base,
                              LLVMValueRef idx, LLVMValueRef v) {
    xf_llvm_scope(f, LLVMBuildStore(f->b, v, xf_llvm_elem_ptr(f, ty, base, idx)), 1);
}

/* A negative register reads as 0 and a negative dst discards (interp.h). */
static LLVMValueRef xf_llvm_get(xf_llvm_fn *f, int32_t r) {
    if (r < 0) return xf_llvm_i64(f, 0);
    return LLVMBuildLoad2(f->b, f->ms->i64, f->regs[r], "");
}

static void xf_llvm_set(xf_llvm_fn *f, int32_t r, LLVMValueRef v) {
    if (r >= 0) LLVMBuildStore(f->b, v, f->regs[r]);
}

static LLVMValueRef xf_llvm_bool(xf_llvm_fn *f, LLVMIntPredicate pred, LLVMValueRef a,
                                 LLVMValueRef b) {
    return LLVMBuildZExt(f->b, LLVMBuildICmp(f->b, pred, a, b, ""), f->ms->i64, "");
}

static LLVMValueRef xf_llvm_nonzero(xf_llvm_fn *f, LLVMValueRef a) {
    return LLVMBuildICmp(f->b, LLVMIntNE, a, xf_llvm_i64(f, 0), "");
}

static int xf_llvm_terminated(xf_llvm_fn *f) {
    return LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(f->b)) != NULL;
}

static LLVMBasicBlockRef xf_llvm_block(xf_llvm_fn *f, const char *name) {
    return LLVMAppendBasicBlockInContext(f->ms->cx, f->fn, name);
}

/* ---- entry block: invariant pointers ----------------------------------- */

static LLVMValueRef xf_llvm_find_base(xf_llvm_fn *f, int kind, int32_t t, int32_t col) {
    for (int i = 0; i < f->nbases; i++)
        if (f->bases[i].kind == kind && f->bases[i].t == t && f->bases[i].col == col)
            return f->bases[i].ptr;
    return NULL;
}

static LLVMValueRef xf_llvm_load_base(xf_llvm_fn *f, int kind, int32_t t, int32_t col) {
    LLVMTypeRef ptr = f->ms->ptr;
    LLVMValueRef idx = xf_llvm_i64(f, (int64_t)t * (int64_t)sizeof(xf_table));
    LLVMValueRef table = LLVMBuildInBoundsGEP2(f->b, f->ms->i8, f->tab, &idx, 1, "");
    switch (kind) {
    case XF_BASE_FIRST: return xf_llvm_field(f, table, offsetof(xf_table, first), ptr, "first");
    case XF_BASE_ENT:   return xf_llvm_field(f, table, offsetof(xf_table, ent), ptr, "ent");
    case XF_BASE_ROWID: return xf_llvm_field(f, table, offsetof(xf_table, row_id), ptr, "row_id");
    default: break;
    }
    size_t off = kind == XF_BASE_VAL ? offsetof(xf_table, val) : offsetof(xf_table, has);
    LLVMValueRef cols = xf_llvm_field(f, table, off, ptr, "");
    LLVMValueRef c = xf_llvm_i64(f, col);
    return LLVMBuildLoad2(f->b, ptr, xf_llvm_elem_ptr(f, ptr, cols, c),
                          kind == XF_BASE_VAL ? "val" : "has");
}

static void xf_llvm_need_base(xf_llvm_fn *f, int kind, int32_t t, int32_t col) {
    if (kind == XF_BASE_FIRST || kind == XF_BASE_ENT || kind == XF_BASE_ROWID) col = -1;
    if (xf_llvm_find_base(f, kind, t, col)) return;
    xf_llvm_base *bs = &f->bases[f->nbases++];
    bs->kind = kind;
    bs->t = t;
    bs->col = col;
    bs->ptr = xf_llvm_load_base(f, kind, t, col);
}

static int xf_llvm_base_kind(xf_op op) {
    switch (op) {
    case XF_OP_LOAD: return XF_BASE_VAL;
    case XF_OP_HAS: return XF_BASE_HAS;
    case XF_OP_FIRST: case XF_OP_LAST: return XF_BASE_FIRST;
    case XF_OP_ROWENT: return XF_BASE_ENT;
    case XF_OP_ROWID: return XF_BASE_ROWID;
    default: return -1;
    }
}

static void xf_llvm_emit_invariants(xf_llvm_fn *f) {
    xf_llvm_mod *ms = f->ms;
    LLVMValueRef db = xf_llvm_field(f, f->ctx_arg, offsetof(xf_ctx, db), ms->ptr, "db");
    f->as_of = xf_llvm_field(f, f->ctx_arg, offsetof(xf_ctx, as_of), ms->i64, "as_of");
    f->text_ids = xf_llvm_field(f, f->ctx_arg, offsetof(xf_ctx, text_ids), ms->ptr, "text_ids");
    f->tab = xf_llvm_field(f, db, offsetof(xf_db, tab), ms->ptr, "tab");
    f->o_outcome = xf_llvm_field(f, f->out_arg, offsetof(xf_out, outcome), ms->ptr, "outcome");
    f->o_step = xf_llvm_field(f, f->out_arg, offsetof(xf_out, step), ms->ptr, "step");
    f->o_req = xf_llvm_field(f, f->out_arg, offsetof(xf_out, req), ms->ptr, "req");
    f->o_err = xf_llvm_field(f, f->out_arg, offsetof(xf_out, err), ms->ptr, "err");
    f->o_fval = xf_llvm_field(f, f->out_arg, offsetof(xf_out, fval), ms->ptr, "fval");
    f->o_fhas = xf_llvm_field(f, f->out_arg, offsetof(xf_out, fhas), ms->ptr, "fhas");
    if (f->p->ntrace) {
        f->o_tval = xf_llvm_field(f, f->out_arg, offsetof(xf_out, tval), ms->ptr, "tval");
        f->o_tstate = xf_llvm_field(f, f->out_arg, offsetof(xf_out, tstate), ms->ptr, "tstate");
    }
    xf_llvm_need_base(f, XF_BASE_FIRST, f->p->subject_table, -1);
    for (int32_t i = 0; i < f->p->nins; i++) {
        const xf_ins *in = &f->p->ins[i];
        int kind = xf_llvm_base_kind((xf_op)in->op);
        if (kind >= 0) xf_llvm_need_base(f, kind, in->t, in->col);
    }
}

static void xf_llvm_emit_allocas(xf_llvm_fn *f) {
    char name[24];
    for (int32_t r = 0; r < f->p->nregs; r++) {
        snprintf(name, sizeof name, "r%d", (int)r);
        f->regs[r] = LLVMBuildAlloca(f->b, f->ms->i64, name);
    }
    f->err = LLVMBuildAlloca(f->b, f->ms->i64, "errword");
}

/* ---- blocks ------------------------------------------------------------ */

static int xf_llvm_ends_block(xf_op op) {
    return op == XF_OP_JMP || op == XF_OP_BR || op == XF_OP_RET;
}

static void xf_llvm_leader(xf_llvm_fn *f, int64_t i) {
    char name[24];
    if (i < 0 || i >= f->p->nins || f->blocks[i]) return;
    snprintf(name, sizeof name, "s%d", (int)i);
    f->blocks[i] = xf_llvm_block(f, name);
}

/* Blocks are appended in instruction order so the IR reads like the dump. */
static int xf_llvm_make_blocks(xf_llvm_fn *f) {
    const xf_prog *p = f->p;
    char *leader = calloc((size_t)p->nins + 1, 1);
    if (!leader) return -1;
    leader[0] = 1;
    for (int32_t i = 0; i < p->nins; i++) {
        const xf_ins *in = &p->ins[i];
        if (in->op == XF_OP_JMP || in->op == XF_OP_BR) leader[in->imm] = 1;
        if (in->op == XF_OP_BR) leader[in->imm2] = 1;
        if (xf_llvm_ends_block((xf_op)in->op)) leader[i + 1] = 1;
    }
    for (int32_t i = 0; i < p->nins; i++)
        if (leader[i]) xf_llvm_leader(f, i);
    free(leader);
    return 0;
}

/* Index nins means "the end" (interp.h). */
static LLVMBasicBlockRef xf_llvm_target(xf_llvm_fn *f, int64_t i) {
    return i >= f->p->nins ? f->row_end : f->blocks[i];
}

/* ---- instructions ------------------------------------------------------ */

static LLVMValueRef xf_llvm_emit_alu(xf_llvm_fn *f, const xf_ins *in) {
    LLVMBuilderRef b = f->b;
    LLVMValueRef a = xf_llvm_get(f, in->a);
    switch ((xf_op)in->op) {
    case XF_OP_MOV:  return a;
    case XF_OP_NOT:  return xf_llvm_bool(f, LLVMIntEQ, a, xf_llvm_i64(f, 0));
    case XF_OP_BNOT: return LLVMBuildNot(b, a, "");
    case XF_OP_SHL1:
        return LLVMBuildShl(b, xf_llvm_i64(f, 1), LLVMBuildAnd(b, a, xf_llvm_i64(f, 63), ""), "");
    default: break;
    }
    LLVMValueRef c2 = xf_llvm_get(f, in->b);
    switch ((xf_op)in->op) {
    case XF_OP_ADD:  return LLVMBuildAdd(b, a, c2, "");
    case XF_OP_SUB:  return LLVMBuildSub(b, a, c2, "");
    case XF_OP_MUL:  return LLVMBuildMul(b, a, c2, "");
    case XF_OP_EQ:   return xf_llvm_bool(f, LLVMIntEQ, a, c2);
    case XF_OP_NE:   return xf_llvm_bool(f, LLVMIntNE, a, c2);
    case XF_OP_LT:   return xf_llvm_bool(f, LLVMIntSLT, a, c2);
    case XF_OP_LE:   return xf_llvm_bool(f, LLVMIntSLE, a, c2);
    case XF_OP_GT:   return xf_llvm_bool(f, LLVMIntSGT, a, c2);
    case XF_OP_GE:   return xf_llvm_bool(f, LLVMIntSGE, a, c2);
    case XF_OP_BAND: return LLVMBuildAnd(b, a, c2, "");
    case XF_OP_BOR:  return LLVMBuildOr(b, a, c2, "");
    case XF_OP_MIN:
        return LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, a, c2, ""), a, c2, "");
    case XF_OP_MAX:
        return LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSGT, a, c2, ""), a, c2, "");
    case XF_OP_SELECT:
        return LLVMBuildSelect(b, xf_llvm_nonzero(f, a), c2, xf_llvm_get(f, in->c), "");
    default:
        return xf_llvm_i64(f, 0);
    }
}

static LLVMValueRef xf_llvm_emit_db(xf_llvm_fn *f, const xf_ins *in) {
    xf_llvm_mod *ms = f->ms;
    int kind = xf_llvm_base_kind((xf_op)in->op);
    int32_t col = (kind == XF_BASE_VAL || kind == XF_BASE_HAS) ? in->col : -1;
    LLVMValueRef base = xf_llvm_find_base(f, kind, in->t, col);
    LLVMValueRef a = xf_llvm_get(f, in->a);
    switch ((xf_op)in->op) {
    case XF_OP_HAS:
        return LLVMBuildZExt(f->b, xf_llvm_load_db(f, ms->i8, base, a), ms->i64, "");
    case XF_OP_LAST:
        return xf_llvm_load_db(f, ms->i64, base, LLVMBuildAdd(f->b, a, xf_llvm_i64(f, 1), ""));
    default: /* LOAD, FIRST, ROWENT, ROWID */
        return xf_llvm_load_db(f, ms->i64, base, a);
    }
}

/* The call, then "if (err) goto row_end" on a cold edge. */
static void xf_llvm_emit_call(xf_llvm_fn *f, const xf_ins *in) {
    xf_llvm_mod *ms = f->ms;
    LLVMValueRef args[6] = {
        f->ctx_arg, f->err, xf_llvm_get(f, in->a), xf_llvm_get(f, in->b),
        xf_llvm_get(f, in->c), xf_llvm_get(f, in->d),
    };
    LLVMValueRef v = LLVMBuildCall2(f->b, ms->helper_ty, ms->helper[in->imm], args, 6, "");
    xf_llvm_set(f, in->dst, v);
    LLVMValueRef e = LLVMBuildLoad2(f->b, ms->i64, f->err, "");
    LLVMBasicBlockRef here = LLVMGetInsertBlock(f->b);
    LLVMBasicBlockRef cont = xf_llvm_block(f, "ok");
    LLVMMoveBasicBlockAfter(cont, here);
    LLVMValueRef br = LLVMBuildCondBr(f->b, xf_llvm_nonzero(f, e), f->row_end, cont);
    LLVMSetMetadata(br, ms->md_prof, ms->unlikely);
    LLVMPositionBuilderAtEnd(f->b, cont);
}

static LLVMValueRef xf_llvm_field_index(xf_llvm_fn *f, int64_t field) {
    LLVMValueRef base = LLVMBuildMul(f->b, f->row, xf_llvm_i64(f, f->p->nfields), "");
    return LLVMBuildAdd(f->b, base, xf_llvm_i64(f, field), "");
}

static void xf_llvm_emit_out(xf_llvm_fn *f, const xf_ins *in) {
    xf_llvm_mod *ms = f->ms;
    switch ((xf_op)in->op) {
    case XF_OP_OUTCOME:
        xf_llvm_store_out(f, ms->i32, f->o_outcome, f->row, xf_llvm_i32(f, in->imm));
        xf_llvm_store_out(f, ms->i32, f->o_step, f->row, xf_llvm_i32(f, in->imm2));
        break;
    case XF_OP_FIELD: {
        LLVMValueRef k = xf_llvm_field_index(f, in->imm);
        xf_llvm_store_out(f, ms->i64, f->o_fval, k, xf_llvm_get(f, in->a));
        LLVMValueRef has = LLVMBuildZExt(f->b, xf_llvm_nonzero(f, xf_llvm_get(f, in->b)), ms->i8, "");
        xf_llvm_store_out(f, ms->i8, f->o_fhas, k, has);
        break;
    }
    case XF_OP_TRACE: {
        LLVMValueRef k = LLVMBuildAdd(f->b, LLVMBuildMul(f->b, f->row, xf_llvm_i64(f, f->p->ntrace), ""),
                                      xf_llvm_i64(f, in->imm), "");
        xf_llvm_store_out(f, ms->i64, f->o_tval, k, xf_llvm_get(f, in->a));
        LLVMValueRef st = LLVMBuildAdd(f->b, LLVMConstInt(ms->i8, 1, 0),
                                       LLVMBuildZExt(f->b, xf_llvm_nonzero(f, xf_llvm_get(f, in->b)), ms->i8, ""), "");
        xf_llvm_store_out(f, ms->i8, f->o_tstate, k, st);
        break;
    }
    default: { /* REQ, branch-free: req |= (a != 0) << imm */
        LLVMValueRef bit = LLVMBuildZExt(f->b, xf_llvm_nonzero(f, xf_llvm_get(f, in->a)), ms->i64, "");
        bit = LLVMBuildShl(f->b, bit, xf_llvm_i64(f, in->imm & 63), "");
        LLVMValueRef old = xf_llvm_load_out(f, ms->i64, f->o_req, f->row);
        xf_llvm_store_out(f, ms->i64, f->o_req, f->row, LLVMBuildOr(f->b, old, bit, ""));
        break;
    }
    }
}

static void xf_llvm_emit_ins(xf_llvm_fn *f, const xf_ins *in) {
    LLVMBuilderRef b = f->b;
    switch ((xf_op)in->op) {
    case XF_OP_CONST: xf_llvm_set(f, in->dst, xf_llvm_i64(f, in->imm)); break;
    case XF_OP_SUBJ:  xf_llvm_set(f, in->dst, f->row); break;
    case XF_OP_ENT:   xf_llvm_set(f, in->dst, f->ent); break;
    case XF_OP_ASOF:  xf_llvm_set(f, in->dst, f->as_of); break;
    case XF_OP_TEXTLIT:
        xf_llvm_set(f, in->dst, xf_llvm_load_db(f, f->ms->i64, f->text_ids, xf_llvm_i64(f, in->imm)));
        break;
    case XF_OP_LOAD: case XF_OP_HAS: case XF_OP_FIRST: case XF_OP_LAST: case XF_OP_ROWENT:
    case XF_OP_ROWID:
        xf_llvm_set(f, in->dst, xf_llvm_emit_db(f, in));
        break;
    case XF_OP_CALL: xf_llvm_emit_call(f, in); break;
    case XF_OP_JMP:  LLVMBuildBr(b, xf_llvm_target(f, in->imm)); break;
    case XF_OP_BR:
        LLVMBuildCondBr(b, xf_llvm_nonzero(f, xf_llvm_get(f, in->a)), xf_llvm_target(f, in->imm),
                        xf_llvm_target(f, in->imm2));
        break;
    case XF_OP_OUTCOME: case XF_OP_FIELD: case XF_OP_REQ: case XF_OP_TRACE: xf_llvm_emit_out(f, in); break;
    case XF_OP_RET:  LLVMBuildBr(b, f->row_end); break;
    default:         xf_llvm_set(f, in->dst, xf_llvm_emit_alu(f, in)); break;
    }
}

/* The body: instruction blocks in order, falling through between them. */
static void xf_llvm_emit_body(xf_llvm_fn *f) {
    for (int32_t i = 0; i < f->p->nins; i++) {
        if (f->blocks[i]) {
            if (!xf_llvm_terminated(f)) LLVMBuildBr(f->b, f->blocks[i]);
            LLVMPositionBuilderAtEnd(f->b, f->blocks[i]);
        }
        xf_llvm_emit_ins(f, &f->p->ins[i]);
    }
    if (!xf_llvm_terminated(f)) LLVMBuildBr(f->b, f->row_end);
}

/* ---- the batch loop ---------------------------------------------------- */

static void xf_llvm_emit_row_init(xf_llvm_fn *f) {
    xf_llvm_mod *ms = f->ms;
    LLVMValueRef r = f->row;
    xf_llvm_store_out(f, ms->i32, f->o_outcome, r, xf_llvm_i32(f, -1));
    xf_llvm_store_out(f, ms->i32, f->o_step, r, xf_llvm_i32(f, -1));
    xf_llvm_store_out(f, ms->i64, f->o_req, r, xf_llvm_i64(f, 0));
    for (int32_t k = 0; k < f->p->nfields; k++) {
        LLVMValueRef idx = xf_llvm_field_index(f, k);
        xf_llvm_store_out(f, ms->i64, f->o_fval, idx, xf_llvm_i64(f, 0));
        xf_llvm_store_out(f, ms->i8, f->o_fhas, idx, LLVMConstInt(ms->i8, 0, 0));
    }
    if (f->p->ntrace) {
        LLVMValueRef at = xf_llvm_elem_ptr(f, ms->i8, f->o_tstate,
                                           LLVMBuildMul(f->b, r, xf_llvm_i64(f, f->p->ntrace), ""));
        xf_llvm_scope(f, LLVMBuildMemSet(f->b, at, LLVMConstInt(ms->i8, 0, 0), xf_llvm_i64(f, f->p->ntrace), 1), 1);
    }
    /* Zero stores to registers a row always writes first are dead after
     * mem2reg; the others make "registers start at 0" hold. */
    for (int32_t i = 0; i < f->p->nregs; i++) LLVMBuildStore(f->b, xf_llvm_i64(f, 0), f->regs[i]);
    LLVMBuildStore(f->b, xf_llvm_i64(f, 0), f->err);
}

static void xf_llvm_emit_row_end(xf_llvm_fn *f, LLVMBasicBlockRef row_head) {
    xf_llvm_mod *ms = f->ms;
    LLVMPositionBuilderAtEnd(f->b, f->row_end);
    LLVMValueRef e = LLVMBuildLoad2(f->b, ms->i64, f->err, "");
    xf_llvm_store_out(f, ms->i32, f->o_err, f->row, LLVMBuildTrunc(f->b, e, ms->i32, ""));
    LLVMValueRef next = LLVMBuildAdd(f->b, f->row, xf_llvm_i64(f, 1), "row.next");
    LLVMBuildBr(f->b, row_head);
    LLVMBasicBlockRef from = f->row_end;
    LLVMAddIncoming(f->row, &next, &from, 1);
}

/* entry -> ent_head <-> ent_body -> row_head <-> row_init .. row_end;
 * ent_next closes the entity loop, done returns. */
static int xf_llvm_emit_loops(xf_llvm_fn *f, LLVMBasicBlockRef entry) {
    xf_llvm_mod *ms = f->ms;
    LLVMBuilderRef b = f->b;
    LLVMValueRef ent_begin = LLVMGetParam(f->fn, 1), ent_end = LLVMGetParam(f->fn, 2);
    LLVMBasicBlockRef ent_head = xf_llvm_block(f, "ent_head");
    LLVMBasicBlockRef ent_body = xf_llvm_block(f, "ent_body");
    LLVMBasicBlockRef row_head = xf_llvm_block(f, "row_head");
    LLVMBasicBlockRef row_init = xf_llvm_block(f, "row_init");
    if (xf_llvm_make_blocks(f) != 0) return -1;
    f->row_end = xf_llvm_block(f, "row_end");
    LLVMBasicBlockRef ent_next = xf_llvm_block(f, "ent_next");
    LLVMBasicBlockRef done = xf_llvm_block(f, "done");

    LLVMBuildBr(b, ent_head);
    LLVMPositionBuilderAtEnd(b, ent_head);
    f->ent = LLVMBuildPhi(b, ms->i64, "ent");
    LLVMAddIncoming(f->ent, &ent_begin, &entry, 1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, f->ent, ent_end, ""), ent_body, done);

    LLVMPositionBuilderAtEnd(b, ent_body);
    LLVMValueRef first = xf_llvm_find_base(f, XF_BASE_FIRST, f->p->subject_table, -1);
    LLVMValueRef row_begin = xf_llvm_load_db(f, ms->i64, first, f->ent);
    LLVMValueRef row_stop = xf_llvm_load_db(f, ms->i64, first,
                                            LLVMBuildAdd(b, f->ent, xf_llvm_i64(f, 1), ""));
    LLVMBuildBr(b, row_head);

    LLVMPositionBuilderAtEnd(b, row_head);
    f->row = LLVMBuildPhi(b, ms->i64, "row");
    LLVMAddIncoming(f->row, &row_begin, &ent_body, 1);
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, f->row, row_stop, ""), row_init, ent_next);

    LLVMPositionBuilderAtEnd(b, row_init);
    xf_llvm_emit_row_init(f);
    LLVMBuildBr(b, f->p->nins > 0 ? f->blocks[0] : f->row_end);
    xf_llvm_emit_body(f);
    xf_llvm_emit_row_end(f, row_head);

    LLVMPositionBuilderAtEnd(b, ent_next);
    LLVMValueRef ent_inc = LLVMBuildAdd(b, f->ent, xf_llvm_i64(f, 1), "ent.next");
    LLVMAddIncoming(f->ent, &ent_inc, &ent_next, 1);
    LLVMBuildBr(b, ent_head);

    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRetVoid(b);
    return 0;
}

/* ctx and out point to distinct objects that nothing else in the call
 * touches, and neither escapes: noalias + nocapture hold for both. */
static LLVMValueRef xf_llvm_declare_policy(xf_llvm_mod *ms, int idx) {
    char name[32];
    xf_llvm_fn_name(idx, name);
    LLVMValueRef fn = LLVMAddFunction(ms->mod, name, ms->policy_ty);
    xf_llvm_add_attr(ms, fn, LLVMAttributeFunctionIndex, "nounwind");
    xf_llvm_add_attr(ms, fn, 1, "noalias");
    xf_llvm_add_attr(ms, fn, 1, "readonly");
    LLVMAddAttributeAtIndex(fn, 1, xf_llvm_compat_nocapture(ms->cx));
    xf_llvm_add_attr(ms, fn, 4, "noalias");
    LLVMAddAttributeAtIndex(fn, 4, xf_llvm_compat_nocapture(ms->cx));
    LLVMSetValueName2(LLVMGetParam(fn, 0), "ctx", 3);
    LLVMSetValueName2(LLVMGetParam(fn, 1), "ent_begin", 9);
    LLVMSetValueName2(LLVMGetParam(fn, 2), "ent_end", 7);
    LLVMSetValueName2(LLVMGetParam(fn, 3), "out", 3);
    return fn;
}

static int xf_llvm_emit_function(xf_llvm_mod *ms, const xf_prog *p, int idx, char **errmsg) {
    if (xf_interp_check(p, errmsg) != 0) return -1;
    xf_llvm_fn f = {.ms = ms, .b = ms->b, .p = p};
    f.regs = calloc((size_t)p->nregs + 1, sizeof *f.regs);
    f.blocks = calloc((size_t)p->nins + 1, sizeof *f.blocks);
    f.bases = calloc((size_t)p->nins + 1, sizeof *f.bases);
    int rc = -1;
    const char *name = p->name ? p->name : "";
    if (!f.regs || !f.blocks || !f.bases) {
        xf_llvm_set_err(errmsg, xf_llvm_errf("out of memory compiling %s", name));
        goto out;
    }
    f.fn = xf_llvm_declare_policy(ms, idx);
    if (p->nins > XF_OPT_MAX_INS) {  /* the optimiser would take minutes (ir.h) */
        xf_llvm_add_attr(ms, f.fn, LLVMAttributeFunctionIndex, "optnone");
        xf_llvm_add_attr(ms, f.fn, LLVMAttributeFunctionIndex, "noinline");
    }
    f.ctx_arg = LLVMGetParam(f.fn, 0);
    f.out_arg = LLVMGetParam(f.fn, 3);
    LLVMBasicBlockRef entry = xf_llvm_block(&f, "entry");
    LLVMPositionBuilderAtEnd(f.b, entry);
    xf_llvm_emit_allocas(&f);
    xf_llvm_emit_invariants(&f);
    if (xf_llvm_emit_loops(&f, entry) != 0) {
        xf_llvm_set_err(errmsg, xf_llvm_errf("out of memory compiling %s", name));
        goto out;
    }
    rc = 0;
out:
    free(f.regs);
    free(f.blocks);
    free(f.bases);
    return rc;
}

LLVMModuleRef xf_llvm_build_module(LLVMContextRef ctx, xf_prog *const *progs, int n,
                                   char **errmsg) {
    if (errmsg) *errmsg = NULL;
    xf_llvm_mod ms = {0};
    xf_llvm_init_mod(&ms, ctx);
    for (int i = 0; i < n; i++) {
        if (xf_llvm_emit_function(&ms, progs[i], i, errmsg) != 0) {
            LLVMDisposeBuilder(ms.b);
            LLVMDisposeModule(ms.mod);
            return NULL;
        }
    }
    LLVMDisposeBuilder(ms.b);
    return ms.mod;
}

/* ---- preparing for code generation ------------------------------------- */

static pthread_once_t xf_llvm_once = PTHREAD_ONCE_INIT;
static int xf_llvm_native_failed;

static void xf_llvm_init_once(void) {
    xf_llvm_native_failed = LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter();
}

int xf_llvm_init_native(char **errmsg) {
    pthread_once(&xf_llvm_once, xf_llvm_init_once);
    if (!xf_llvm_native_failed) return 0;
    xf_llvm_set_err(errmsg, xf_llvm_errf("LLVM has no native target for this host"));
    return -1;
}

void xf_llvm_set_target(LLVMModuleRef m, LLVMTargetMachineRef tm) {
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(m, triple);
    LLVMDisposeMessage(triple);
    LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
    LLVMSetModuleDataLayout(m, td);
    LLVMDisposeTargetData(td);
}

int xf_llvm_verify(LLVMModuleRef m, char **errmsg) {
    char *msg = NULL;
    if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
        xf_llvm_set_err(errmsg, xf_llvm_take_message("generated LLVM IR is invalid", msg));
        return -1;
    }
    if (msg) LLVMDisposeMessage(msg);
    return 0;
}

int xf_llvm_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm, int opt_level, char **errmsg) {
    char pipeline[32];
    if (opt_level < 0) opt_level = 0;
    if (opt_level > 3) opt_level = 3;
    snprintf(pipeline, sizeof pipeline, "default<O%d>", opt_level);
    LLVMErrorRef err = xf_llvm_compat_run_passes(m, pipeline, tm);
    if (!err) return 0;
    xf_llvm_set_err(errmsg, xf_llvm_take_error("LLVM optimization failed", err));
    return -1;
}

static char *xf_llvm_module_text(LLVMModuleRef m, char **errmsg) {
    char *text = LLVMPrintModuleToString(m);
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    if (copy) memcpy(copy, text, n + 1);
    else xf_llvm_set_err(errmsg, xf_llvm_errf("out of memory printing LLVM IR"));
    LLVMDisposeMessage(text);
    return copy;
}

char *xf_llvm_emit_text(xf_prog *const *progs, int n, int opt_level, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (xf_llvm_init_native(errmsg) != 0) return NULL;
    LLVMTargetMachineRef tm = xf_llvm_compat_host_machine(opt_level, errmsg);
    if (!tm) return NULL;
    LLVMContextRef cx = LLVMContextCreate();
    char *text = NULL;
    LLVMModuleRef m = xf_llvm_build_module(cx, progs, n, errmsg);
    if (m) {
        xf_llvm_set_target(m, tm);
        if (xf_llvm_verify(m, errmsg) == 0 && xf_llvm_optimize(m, tm, opt_level, errmsg) == 0)
            text = xf_llvm_module_text(m, errmsg);
        LLVMDisposeModule(m);
    }
    LLVMContextDispose(cx);
    LLVMDisposeTargetMachine(tm);
    return text;
}

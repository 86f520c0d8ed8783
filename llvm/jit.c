/* jit.c — step programs to native code with ORC LLJIT (see jit.h).
 *
 * Ownership along the way (the LLVM C API makes each step explicit):
 *   ThreadSafeContext  ours until the ThreadSafeModule holds a reference;
 *                      then we drop ours at once and the module keeps it.
 *   Module             ours until wrapped in a ThreadSafeModule.
 *   ThreadSafeModule   consumed by xf_llvm_compat_add_module whether adding
 *                      succeeds or not (LLVM 19; see llvm_compat.c).
 *   MaterializationUnit of the helper symbols: ours until
 *                      LLVMOrcJITDylibDefine succeeds; disposed if it fails.
 *   Target machines    the one for the optimizer is ours; the one given to
 *                      the JIT builder is consumed by it, and the builder is
 *                      consumed by LLVMOrcCreateLLJIT, even on failure.
 *   LLJIT              ours (struct xf_jit), disposed in xf_jit_free.
 */
#include "jit.h"

#include <stdint.h>
#include <stdlib.h>

#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "helpers.h"
#include "llvm_emit.h"

struct xf_jit {
    LLVMOrcLLJITRef lljit;
    int             n;
    xf_policy_fn   *fns;
};

static void xf_jit_set_err(char **errmsg, char *s) {
    if (errmsg) *errmsg = s;
    else free(s);
}

/* An LLJIT generating code for the same host machine the optimizer saw. */
static int xf_jit_create_lljit(int opt_level, LLVMOrcLLJITRef *out, char **errmsg) {
    LLVMTargetMachineRef tm = xf_llvm_compat_host_machine(opt_level, errmsg);
    if (!tm) return -1;
    LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
    LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(
        builder, LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm));
    LLVMErrorRef err = LLVMOrcCreateLLJIT(out, builder);
    if (!err) return 0;
    *out = NULL;
    xf_jit_set_err(errmsg, xf_llvm_take_error("cannot create the LLVM JIT", err));
    return -1;
}

/* The helpers as absolute symbols: no dependence on -rdynamic or dlsym. */
static int xf_jit_define_helpers(LLVMOrcLLJITRef lljit, char **errmsg) {
    LLVMOrcCSymbolMapPair syms[XF_H__COUNT];
    for (int h = 0; h < XF_H__COUNT; h++) {
        syms[h].Name = LLVMOrcLLJITMangleAndIntern(lljit, xf_helper_symbol[h]);
        syms[h].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)xf_helper_table[h];
        syms[h].Sym.Flags.GenericFlags =
            LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
        syms[h].Sym.Flags.TargetFlags = 0;
    }
    /* Takes over the names' pool references. */
    LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(syms, XF_H__COUNT);
    LLVMErrorRef err = LLVMOrcJITDylibDefine(LLVMOrcLLJITGetMainJITDylib(lljit), mu);
    if (!err) return 0;
    LLVMOrcDisposeMaterializationUnit(mu);
    xf_jit_set_err(errmsg, xf_llvm_take_error("cannot give the JIT the runtime helpers", err));
    return -1;
}

/* Build, verify and optimize inside a fresh thread-safe context; NULL on
 * error (everything created here is released). */
static LLVMOrcThreadSafeModuleRef xf_jit_module(xf_prog *const *progs, int n, int opt_level,
                                                char **errmsg) {
    LLVMTargetMachineRef tm = xf_llvm_compat_host_machine(opt_level, errmsg);
    if (!tm) return NULL;
    LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
    LLVMModuleRef m = xf_llvm_build_module(LLVMOrcThreadSafeContextGetContext(tsc), progs, n,
                                           errmsg);
    LLVMOrcThreadSafeModuleRef tsm = NULL;
    if (m) {
        xf_llvm_set_target(m, tm);
        if (xf_llvm_verify(m, errmsg) == 0 && xf_llvm_optimize(m, tm, opt_level, errmsg) == 0)
            tsm = LLVMOrcCreateNewThreadSafeModule(m, tsc);
        else
            LLVMDisposeModule(m);
    }
    LLVMOrcDisposeThreadSafeContext(tsc);
    LLVMDisposeTargetMachine(tm);
    return tsm;
}

static int xf_jit_lookup_all(xf_jit *j, char **errmsg) {
    for (int i = 0; i < j->n; i++) {
        char name[32];
        uint64_t addr;
        xf_llvm_fn_name(i, name);
        LLVMErrorRef err = xf_llvm_compat_lookup(j->lljit, name, &addr);
        if (err) {
            xf_jit_set_err(errmsg, xf_llvm_take_error("JIT compilation failed", err));
            return -1;
        }
        j->fns[i] = (xf_policy_fn)(uintptr_t)addr;
    }
    return 0;
}

static int xf_jit_fill(xf_jit *j, xf_prog *const *progs, int opt_level, char **errmsg) {
    if (xf_jit_create_lljit(opt_level, &j->lljit, errmsg) != 0) return -1;
    if (xf_jit_define_helpers(j->lljit, errmsg) != 0) return -1;
    LLVMOrcThreadSafeModuleRef tsm = xf_jit_module(progs, j->n, opt_level, errmsg);
    if (!tsm) return -1;
    LLVMErrorRef err = xf_llvm_compat_add_module(j->lljit, tsm);
    if (err) {
        xf_jit_set_err(errmsg, xf_llvm_take_error("cannot add the policies to the JIT", err));
        return -1;
    }
    return xf_jit_lookup_all(j, errmsg);
}

xf_jit *xf_jit_compile(xf_prog *const *progs, int n, int opt_level, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (xf_llvm_init_native(errmsg) != 0) return NULL;
    xf_jit *j = calloc(1, sizeof *j);
    if (j) j->fns = calloc((size_t)(n > 0 ? n : 1), sizeof *j->fns);
    if (!j || !j->fns) {
        free(j);
        return NULL;  /* *errmsg stays NULL: out of memory */
    }
    j->n = n;
    if (xf_jit_fill(j, progs, opt_level, errmsg) != 0) {
        xf_jit_free(j);
        return NULL;
    }
    return j;
}

xf_policy_fn xf_jit_fn(xf_jit *j, int i) {
    return j && i >= 0 && i < j->n ? j->fns[i] : NULL;
}

/* A failure while tearing down has nobody left to report to. */
void xf_jit_free(xf_jit *j) {
    if (!j) return;
    if (j->lljit) {
        LLVMErrorRef err = LLVMOrcDisposeLLJIT(j->lljit);
        if (err) LLVMConsumeError(err);
    }
    free(j->fns);
    free(j);
}

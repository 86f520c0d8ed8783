/* llvm_compat.c — every LLVM C API call whose meaning or shape has changed
 * between LLVM releases, in one place.  Written for LLVM 19 (the build
 * requires it); when moving to a newer LLVM, this is the file to revisit:
 *   - the `memory` attribute's bit encoding (new locations were added
 *     after 19, which shifts the bits);
 *   - `nocapture` (replaced by `captures(...)` in later releases);
 *   - who owns a ThreadSafeModule when adding it to LLJIT fails;
 *   - how LLJIT picks its code model and linker. */
#include "llvm_emit.h"

#include <stdio.h>
#include <stdlib.h>

#include <llvm-c/Orc.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <llvm/Config/llvm-config.h>  /* LLVM_VERSION_MAJOR; plain C macros */

static LLVMCodeGenOptLevel xf_llvm_compat_codegen_level(int opt_level) {
    switch (opt_level <= 0 ? 0 : opt_level >= 3 ? 3 : opt_level) {
    case 0:  return LLVMCodeGenLevelNone;
    case 1:  return LLVMCodeGenLevelLess;
    case 2:  return LLVMCodeGenLevelDefault;
    default: return LLVMCodeGenLevelAggressive;
    }
}

/* JITDefault lets this LLVM choose the code model that its JIT linker
 * supports for code placed anywhere in the address space (LLJIT keeps it
 * when the machine comes from LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine).
 * The same machine serves --emit-llvm, where the code model does not show. */
LLVMTargetMachineRef xf_llvm_compat_host_machine(int opt_level, char **errmsg) {
    char *triple = LLVMGetDefaultTargetTriple();
    char *cpu = LLVMGetHostCPUName();
    char *features = LLVMGetHostCPUFeatures();
    LLVMTargetRef target = NULL;
    LLVMTargetMachineRef tm = NULL;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        char what[160];
        snprintf(what, sizeof what, "no LLVM target for %s", triple);
        char *e = xf_llvm_take_message(what, msg);
        if (errmsg) *errmsg = e;
        else free(e);
    } else {
        if (msg) LLVMDisposeMessage(msg);
        tm = LLVMCreateTargetMachine(target, triple, cpu, features,
                                     xf_llvm_compat_codegen_level(opt_level), LLVMRelocDefault,
                                     LLVMCodeModelJITDefault);
        if (!tm && errmsg) *errmsg = xf_llvm_take_message("cannot create an LLVM target machine",
                                                          NULL);
    }
    LLVMDisposeMessage(triple);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    return tm;
}

/* An object for `cc -shared` must be position-independent; the default
 * (small) code model is what the system linker expects of it. */
LLVMTargetMachineRef xf_llvm_compat_object_machine(const char *triple, const char *cpu,
                                                   const char *features, int opt_level,
                                                   char **errmsg) {
    LLVMTargetRef target = NULL;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        char what[160];
        snprintf(what, sizeof what, "no LLVM target for %s", triple);
        char *e = xf_llvm_take_message(what, msg);
        if (errmsg) *errmsg = e;
        else free(e);
        return NULL;
    }
    if (msg) LLVMDisposeMessage(msg);
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features,
                                                      xf_llvm_compat_codegen_level(opt_level),
                                                      LLVMRelocPIC, LLVMCodeModelDefault);
    if (!tm && errmsg) *errmsg = xf_llvm_take_message("cannot create an LLVM target machine", NULL);
    return tm;
}

/* LLVMConstStringInContext2 (size_t length) is new in LLVM 19; the older
 * call takes an unsigned length. */
LLVMValueRef xf_llvm_compat_const_bytes(LLVMContextRef ctx, const void *data, size_t len) {
#if LLVM_VERSION_MAJOR >= 19
    return LLVMConstStringInContext2(ctx, data, len, 1);
#else
    return LLVMConstStringInContext(ctx, data, (unsigned)len, 1);
#endif
}

LLVMErrorRef xf_llvm_compat_run_passes(LLVMModuleRef m, const char *pipeline,
                                       LLVMTargetMachineRef tm) {
    LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
    LLVMErrorRef err = LLVMRunPasses(m, pipeline, tm, opts);
    LLVMDisposePassBuilderOptions(opts);
    return err;
}

/* memory(read, argmem: readwrite).  LLVM 19 packs MemoryEffects as 2 bits
 * (ModRef: 1 read, 2 write) per location: argmem at bit 0, inaccessible
 * memory at bit 2, other memory at bit 4. */
LLVMAttributeRef xf_llvm_compat_helper_memory(LLVMContextRef ctx) {
#if LLVM_VERSION_MAJOR == 19
    enum { REF = 1, MODREF = 3 };
    uint64_t effects = (uint64_t)MODREF << 0 | (uint64_t)REF << 2 | (uint64_t)REF << 4;
    unsigned kind = LLVMGetEnumAttributeKindForName("memory", 6);
    return LLVMCreateEnumAttribute(ctx, kind, effects);
#else
    (void)ctx;
    return NULL;
#endif
}

LLVMAttributeRef xf_llvm_compat_nocapture(LLVMContextRef ctx) {
    unsigned kind = LLVMGetEnumAttributeKindForName("nocapture", 9);
    return LLVMCreateEnumAttribute(ctx, kind, 0);
}

/* In LLVM 19 LLVMOrcLLJITAddLLVMIRModule moves the ThreadSafeModule into a
 * unique_ptr on entry (OrcV2CBindings.cpp), so it is gone on failure too.
 * The OrcV2 C examples dispose it again when adding fails; against 19 that
 * is a use after free (tried: a duplicate-symbol add, then
 * LLVMOrcDisposeThreadSafeModule, crashes; without it nothing leaks), so
 * nothing is disposed after the call. */
LLVMErrorRef xf_llvm_compat_add_module(LLVMOrcLLJITRef j, LLVMOrcThreadSafeModuleRef tsm) {
    return LLVMOrcLLJITAddLLVMIRModule(j, LLVMOrcLLJITGetMainJITDylib(j), tsm);
}

LLVMErrorRef xf_llvm_compat_lookup(LLVMOrcLLJITRef j, const char *name, uint64_t *addr) {
    LLVMOrcExecutorAddress a = 0;
    LLVMErrorRef err = LLVMOrcLLJITLookup(j, &a, name);
    *addr = err ? 0 : (uint64_t)a;
    return err;
}

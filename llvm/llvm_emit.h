/* llvm_emit.h — step programs (ir.h) to LLVM IR, through the LLVM C API.
 *
 * Hands on: one LLVM module with one function per prog, "xf_policy_<i>" for
 * progs[i], each with the xf_policy_fn signature (xf_abi.h) and the batch
 * loop of ir.h around the body.  Non-trivial work is a call to the C helpers
 * of helpers.h ("xf_h_<name>", declared external; whoever loads the code
 * supplies their addresses).  The JIT (jit.h) and the --emit-llvm text use
 * this; so can a later ahead-of-time object emitter.
 *
 * Error texts are malloc'd strings owned by the caller (NULL when even that
 * allocation failed).  LLVM objects passed in stay owned by the caller.
 */
#ifndef XF_LLVM_EMIT_H
#define XF_LLVM_EMIT_H

#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/TargetMachine.h>

#include "ir.h"

/* Build the module in ctx.  Returns NULL and *errmsg when a prog fails
 * xf_interp_check.  The module has no target triple or data layout yet; the
 * caller sets them (xf_llvm_set_target) before optimizing.  The caller owns
 * the module (LLVMDisposeModule, or hand it to the JIT). */
LLVMModuleRef xf_llvm_build_module(LLVMContextRef ctx, xf_prog *const *progs, int n,
                                   char **errmsg);

/* The symbol of progs[i] in that module: "xf_policy_<i>". */
void xf_llvm_fn_name(int i, char buf[32]);

/* ---- preparing a module for code generation (llvm_emit.c) ------------- */

/* Initialise the native target once per process; safe from any thread.
 * Returns 0, or -1 with *errmsg. */
int  xf_llvm_init_native(char **errmsg);
/* Triple and data layout of tm on m. */
void xf_llvm_set_target(LLVMModuleRef m, LLVMTargetMachineRef tm);
/* LLVMVerifyModule; 0, or -1 with *errmsg carrying LLVM's report. */
int  xf_llvm_verify(LLVMModuleRef m, char **errmsg);
/* The new pass manager's default<O0..O3> pipeline for tm.  0 or -1. */
int  xf_llvm_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm, int opt_level, char **errmsg);

/* Optimized IR text for --emit-llvm, for the host.  Caller frees (free());
 * NULL and *errmsg on failure. */
char *xf_llvm_emit_text(xf_prog *const *progs, int n, int opt_level, char **errmsg);

/* LLVM's error or message turned into ours: a malloc'd "<what>: <text>".
 * take_error consumes err; take_message disposes msg (LLVMDisposeMessage). */
char *xf_llvm_take_error(const char *what, LLVMErrorRef err);
char *xf_llvm_take_message(const char *what, char *msg);

/* ---- version-specific calls (llvm_compat.c; written for LLVM 19) ------ */

/* A target machine for the host (default triple, host CPU and features),
 * code generation level from opt_level 0..3.  Caller disposes it. */
LLVMTargetMachineRef xf_llvm_compat_host_machine(int opt_level, char **errmsg);
/* A target machine for an object file that goes into a shared object
 * (aot.h): the given triple, CPU and features, position-independent code,
 * the default code model.  Caller disposes it. */
LLVMTargetMachineRef xf_llvm_compat_object_machine(const char *triple, const char *cpu,
                                                   const char *features, int opt_level,
                                                   char **errmsg);
/* A constant byte array of len bytes, no NUL added. */
LLVMValueRef xf_llvm_compat_const_bytes(LLVMContextRef ctx, const void *data, size_t len);
/* LLVMRunPasses with the pipeline string; returns its error (or NULL). */
LLVMErrorRef xf_llvm_compat_run_passes(LLVMModuleRef m, const char *pipeline,
                                       LLVMTargetMachineRef tm);
/* Attribute for helper declarations: reads any memory, writes only through
 * its pointer arguments.  NULL where this LLVM encodes it differently (the
 * attribute only helps the optimizer, so leaving it off is safe). */
LLVMAttributeRef xf_llvm_compat_helper_memory(LLVMContextRef ctx);
/* "The callee does not capture this pointer". */
LLVMAttributeRef xf_llvm_compat_nocapture(LLVMContextRef ctx);
/* Add tsm to j's main JITDylib.  Consumes tsm whether or not it succeeds. */
LLVMErrorRef xf_llvm_compat_add_module(LLVMOrcLLJITRef j, LLVMOrcThreadSafeModuleRef tsm);
/* Address of the function `name` (unmangled) in j. */
LLVMErrorRef xf_llvm_compat_lookup(LLVMOrcLLJITRef j, const char *name, uint64_t *addr);

#endif

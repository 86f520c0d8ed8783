/* jit.h — compile step programs to native code in this process (ORC LLJIT).
 *
 * Hands on: one xf_policy_fn per prog, callable from any number of threads
 * on disjoint entity ranges.  The code calls the helpers of helpers.h, whose
 * addresses are given to the JIT directly, so the executable need not
 * export them.
 *
 * An xf_jit owns the LLJIT instance and with it all generated code: the
 * functions stay valid until xf_jit_free.  The progs are only read during
 * xf_jit_compile.
 */
#ifndef XF_JIT_H
#define XF_JIT_H

#include "ir.h"
#include "xf_abi.h"

typedef struct xf_jit xf_jit;

/* Build, verify, optimize (default<O0..O3>) and JIT progs[0..n-1].  NULL on
 * error with *errmsg (malloc'd, caller frees; NULL if out of memory). */
xf_jit      *xf_jit_compile(xf_prog *const *progs, int n, int opt_level, char **errmsg);
/* The compiled progs[i]; NULL when i is out of range. */
xf_policy_fn xf_jit_fn(xf_jit *j, int i);
void         xf_jit_free(xf_jit *j);

/* Optimized IR text for --emit-llvm (defined in llvm_emit.c); caller frees. */
char *xf_llvm_emit_text(xf_prog *const *progs, int n, int opt_level, char **errmsg);

#endif

/* aot.h — step programs to a native object file, ahead of time.
 *
 * Hands on: one relocatable, position-independent object file holding, for
 * policy i of n,
 *     xf_policy_<i>          progs[i] (lowered without trace slots)
 *     xf_policy_traced_<i>   traced[i] (the same policy with trace slots)
 * each with the xf_policy_fn signature (xf_abi.h), optimized like the JIT's
 * code; an exported table xf_pack_helpers (void *[XF_H__COUNT]) through
 * which that code calls the helpers of helpers.h, in xf_helper_symbol order;
 * and a read-only, 8-byte aligned data blob exported under a given name.
 * backend/pack_write.c links the object into a pack (runtime/pack_abi.h).
 *
 * Error texts are malloc'd and owned by the caller.
 */
#ifndef XF_AOT_H
#define XF_AOT_H

#include <stddef.h>

#include "ir.h"

/* The machine the code is for. */
typedef enum {
    XF_AOT_CPU_HOST,      /* this machine's CPU and every feature it has */
    XF_AOT_CPU_BASELINE   /* the architecture's baseline (x86-64: SSE2 only) */
} xf_aot_cpu;

/* Triple, CPU name and feature string as LLVM spells them.  malloc'd;
 * xf_aot_target_free releases them. */
typedef struct xf_aot_target {
    char *triple;
    char *cpu;
    char *features;
} xf_aot_target;

int  xf_aot_target_get(xf_aot_cpu which, xf_aot_target *t, char **errmsg);
void xf_aot_target_free(xf_aot_target *t);

/* The symbol of policy i: "xf_policy_<i>" or "xf_policy_traced_<i>". */
void xf_aot_fn_name(int i, int traced, char buf[40]);

/* Build, verify, optimize (default<O0..O3>) and write the object to path.
 * data[0..len) goes out as the constant `data_symbol`.  0, or -1 with
 * *errmsg. */
int  xf_aot_emit_object(xf_prog *const *progs, xf_prog *const *traced, int n,
                        const xf_aot_target *t, int opt_level, const char *data_symbol,
                        const void *data, size_t len, const char *path, char **errmsg);

#endif

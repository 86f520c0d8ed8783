/* backend.h — the LLVM code generator, loaded when first needed.
 *
 * Code generation (jit.h, aot.h) lives in a module of its own,
 * xiufu-llvm.so, so that a run that compiles nothing — the interpreter, a
 * pack, a policy set whose code is cached — never maps LLVM: it is the
 * larger part of the memory a small run takes.  The functions of jit.h and
 * aot.h load the module on first use and call into it; when it cannot be
 * loaded they fail with a message that says so and what to do.
 *
 * The module is looked for in $XIUFU_LLVM_MODULE, beside the running
 * binary, then in the build folder the binary came from.
 */
#ifndef XF_BACKEND_H
#define XF_BACKEND_H

#include <stddef.h>

#include "aot.h"
#include "jit.h"

#define XF_LLVM_API_VERSION 1

/* What the module hands out (llvm/llvm_module.c). */
typedef struct xf_llvm_api {
    int          version;
    xf_jit      *(*jit_compile)(xf_prog *const *progs, int n, int opt_level, char **errmsg);
    xf_policy_fn (*jit_fn)(xf_jit *j, int i);
    void         (*jit_free)(xf_jit *j);
    char        *(*emit_text)(xf_prog *const *progs, int n, int opt_level, char **errmsg);
    int          (*aot_target_get)(xf_aot_cpu which, xf_aot_target *t, char **errmsg);
    int          (*aot_emit_object)(xf_prog *const *progs, xf_prog *const *traced, int n, const xf_aot_target *t,
                                    int opt_level, const char *data_symbol, const void *data, size_t len,
                                    const char *path, char **errmsg);
    void         (*llvm_version)(unsigned *major, unsigned *minor, unsigned *patch);
} xf_llvm_api;

/* The module's entry point, by this name. */
#define XF_LLVM_API_SYMBOL "xf_llvm_module_api"

/* The module file that would be loaded, without loading it (NULL when
 * none is found). */
const char *xf_backend_path(void);

/* The loaded module, or NULL with *errmsg (malloc'd) saying why. */
const xf_llvm_api *xf_backend(char **errmsg);

#endif

/* backend.c — load the LLVM module and forward jit.h and aot.h to it (see
 * backend.h). */
#define _GNU_SOURCE
#include "backend.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strf.h"

/* Always the core's: the module calls them too. */
void xf_aot_target_free(xf_aot_target *t) {
    free(t->triple), free(t->cpu), free(t->features);
    t->triple = t->cpu = t->features = NULL;
}

void xf_aot_fn_name(int i, int traced, char buf[40]) {
    snprintf(buf, 40, traced ? "xf_policy_traced_%d" : "xf_policy_%d", i);
}

#ifdef XF_LLVM_LINKED
/* Sanitizer builds link the code generator in: LeakSanitizer cannot walk the
 * thread-local storage of a library as large as LLVM's once it is dlopen'ed,
 * and those builds are there to check this code, not to save memory. */
const xf_llvm_api *xf_llvm_module_api(void);

const char *xf_backend_path(void) { return NULL; }

const xf_llvm_api *xf_backend(char **errmsg) {
    (void)errmsg;
    return xf_llvm_module_api();
}
#else
#ifndef XF_LLVM_MODULE_BUILD_DIR
#define XF_LLVM_MODULE_BUILD_DIR "."
#endif
#define XF_LLVM_MODULE_NAME "xiufu-llvm.so"

static pthread_once_t xf_backend_once = PTHREAD_ONCE_INIT;
static const xf_llvm_api *xf_backend_api;
static char xf_backend_why[512];

static const xf_llvm_api *xf_backend_try(const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(xf_backend_why, sizeof xf_backend_why, "%s", dlerror());
        return NULL;
    }
    const xf_llvm_api *(*get)(void) = (const xf_llvm_api *(*)(void))dlsym(h, XF_LLVM_API_SYMBOL);
    const xf_llvm_api *api = get ? get() : NULL;
    if (!api || api->version != XF_LLVM_API_VERSION) {
        snprintf(xf_backend_why, sizeof xf_backend_why, "%.400s: not a code generator of this xiufu", path);
        dlclose(h);
        return NULL;
    }
    return api;  /* stays loaded: its code may run until the process ends */
}

static char xf_backend_file[PATH_MAX];

static void xf_backend_find(void) {
    const char *env = getenv("XIUFU_LLVM_MODULE");
    if (env && *env) {
        snprintf(xf_backend_file, sizeof xf_backend_file, "%s", env);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash && (size_t)(slash - exe) + sizeof XF_LLVM_MODULE_NAME + 2 < sizeof exe) {
            strcpy(slash + 1, XF_LLVM_MODULE_NAME);
            if (access(exe, R_OK) == 0) {
                snprintf(xf_backend_file, sizeof xf_backend_file, "%s", exe);
                return;
            }
        }
    }
    snprintf(xf_backend_file, sizeof xf_backend_file, "%s", XF_LLVM_MODULE_BUILD_DIR "/" XF_LLVM_MODULE_NAME);
}

static pthread_once_t xf_backend_found = PTHREAD_ONCE_INIT;

const char *xf_backend_path(void) {
    pthread_once(&xf_backend_found, xf_backend_find);
    return access(xf_backend_file, R_OK) == 0 ? xf_backend_file : NULL;
}

static void xf_backend_load(void) {
    pthread_once(&xf_backend_found, xf_backend_find);
    xf_backend_api = xf_backend_try(xf_backend_file);
}

const xf_llvm_api *xf_backend(char **errmsg) {
    pthread_once(&xf_backend_once, xf_backend_load);
    if (!xf_backend_api && errmsg)
        *errmsg = xf_strf("the LLVM code generator (" XF_LLVM_MODULE_NAME ") cannot be loaded: %s;"
                          " set XIUFU_LLVM_MODULE to its path, or run with --engine interp",
                          xf_backend_why);
    return xf_backend_api;
}

/* ---- jit.h and aot.h, forwarded ---- */

xf_jit *xf_jit_compile(xf_prog *const *progs, int n, int opt_level, char **errmsg) {
    const xf_llvm_api *a = xf_backend(errmsg);
    return a ? a->jit_compile(progs, n, opt_level, errmsg) : NULL;
}

xf_policy_fn xf_jit_fn(xf_jit *j, int i) {
    const xf_llvm_api *a = j ? xf_backend(NULL) : NULL;
    return a ? a->jit_fn(j, i) : NULL;
}

void xf_jit_free(xf_jit *j) {
    const xf_llvm_api *a = j ? xf_backend(NULL) : NULL;
    if (a) a->jit_free(j);
}

char *xf_llvm_emit_text(xf_prog *const *progs, int n, int opt_level, char **errmsg) {
    const xf_llvm_api *a = xf_backend(errmsg);
    return a ? a->emit_text(progs, n, opt_level, errmsg) : NULL;
}

int xf_aot_target_get(xf_aot_cpu which, xf_aot_target *t, char **errmsg) {
    const xf_llvm_api *a = xf_backend(errmsg);
    return a ? a->aot_target_get(which, t, errmsg) : -1;
}

int xf_aot_emit_object(xf_prog *const *progs, xf_prog *const *traced, int n, const xf_aot_target *t, int opt_level,
                       const char *data_symbol, const void *data, size_t len, const char *path, char **errmsg) {
    const xf_llvm_api *a = xf_backend(errmsg);
    return a ? a->aot_emit_object(progs, traced, n, t, opt_level, data_symbol, data, len, path, errmsg) : -1;
}
#endif

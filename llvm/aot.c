/* aot.c — step programs to an object file through LLVM's target machine
 * (see aot.h).
 *
 * The module is the JIT's (llvm_emit.c builds it) with three changes:
 *   - the traced programs follow the untraced ones and are renamed
 *     xf_policy_traced_<i>;
 *   - each helper declaration xf_h_<name> gets an internal body that calls
 *     slot <h> of the exported table xf_pack_helpers.  The JIT binds
 *     helpers to absolute addresses; a shared object cannot, and binding
 *     them by symbol at dlopen would tie the pack to processes that export
 *     them (xiufu does, sqlite3 does not).  The call sites keep the
 *     helpers' attributes, so after inlining the optimizer knows as much
 *     about a helper call as in the JIT's code;
 *   - the data blob (the pack header) is added as a constant.
 *
 * Ownership: the context, module and target machine are created and
 * disposed here; nothing LLVM outlives xf_aot_emit_object.
 */
#include "aot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "helpers.h"
#include "llvm_emit.h"

static void xf_aot_set_err(char **errmsg, char *s) {
    if (errmsg) *errmsg = s;
    else free(s);
}

static char *xf_aot_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static char *xf_aot_oom(const char *what) {
    const char *fmt = "out of memory %s";
    size_t n = strlen(fmt) + strlen(what) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, fmt, what);
    return s;
}

/* Baseline: what every machine of the architecture runs.  LLVM's x86-64
 * is the original AMD64 set (SSE2); elsewhere its "generic" CPU. */
int xf_aot_target_get(xf_aot_cpu which, xf_aot_target *t, char **errmsg) {
    memset(t, 0, sizeof *t);
    if (xf_llvm_init_native(errmsg) != 0) return -1;
    char *triple = LLVMGetDefaultTargetTriple();
    t->triple = xf_aot_strdup(triple);
    LLVMDisposeMessage(triple);
    if (which == XF_AOT_CPU_HOST) {
        char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
        t->cpu = xf_aot_strdup(cpu);
        t->features = xf_aot_strdup(features);
        LLVMDisposeMessage(cpu);
        LLVMDisposeMessage(features);
    } else {
        int x86 = t->triple && !strncmp(t->triple, "x86_64", 6);
        t->cpu = xf_aot_strdup(x86 ? "x86-64" : "generic");
        t->features = xf_aot_strdup("");
    }
    if (t->triple && t->cpu && t->features) return 0;
    xf_aot_target_free(t);
    xf_aot_set_err(errmsg, xf_aot_oom("describing the target"));
    return -1;
}

/* xf_aot_target_free and xf_aot_fn_name are the core's (backend/backend.c). */

/* llvm_emit.c names progs[k] xf_policy_<k>; the traced half gets its own
 * names so that both halves are numbered by policy. */
static void xf_aot_rename_traced(LLVMModuleRef m, int n) {
    for (int i = 0; i < n; i++) {
        char from[32], to[40];
        xf_llvm_fn_name(n + i, from);
        xf_aot_fn_name(i, 1, to);
        LLVMValueRef fn = LLVMGetNamedFunction(m, from);
        if (fn) LLVMSetValueName2(fn, to, strlen(to));
    }
}

/* Every attribute of fn at idx, repeated on the call site. */
static void xf_aot_copy_attrs(LLVMValueRef fn, LLVMValueRef call, LLVMAttributeIndex idx) {
    unsigned n = LLVMGetAttributeCountAtIndex(fn, idx);
    if (!n) return;
    LLVMAttributeRef *attrs = malloc(n * sizeof *attrs);
    if (!attrs) return;  /* attributes only help the optimizer */
    LLVMGetAttributesAtIndex(fn, idx, attrs);
    for (unsigned k = 0; k < n; k++) LLVMAddCallSiteAttribute(call, idx, attrs[k]);
    free(attrs);
}

/* xf_h_<name>(args) { return xf_pack_helpers[h](args); }, internal. */
static void xf_aot_route_helpers(LLVMModuleRef m) {
    LLVMContextRef cx = LLVMGetModuleContext(m);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(cx, 0), i64 = LLVMInt64TypeInContext(cx);
    LLVMTypeRef table_ty = LLVMArrayType2(ptr, XF_H__COUNT);
    LLVMValueRef table = LLVMAddGlobal(m, table_ty, "xf_pack_helpers");
    LLVMSetInitializer(table, LLVMConstNull(table_ty));
    LLVMSetLinkage(table, LLVMExternalLinkage);
    LLVMBuilderRef b = LLVMCreateBuilderInContext(cx);
    for (int h = 0; h < XF_H__COUNT; h++) {
        LLVMValueRef fn = LLVMGetNamedFunction(m, xf_helper_symbol[h]);
        if (!fn || LLVMCountBasicBlocks(fn)) continue;
        LLVMTypeRef fn_ty = LLVMGlobalGetValueType(fn);
        LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(cx, fn, "entry"));
        LLVMValueRef idx[2] = {LLVMConstInt(i64, 0, 0), LLVMConstInt(i64, (unsigned long long)h, 0)};
        LLVMValueRef slot = LLVMBuildInBoundsGEP2(b, table_ty, table, idx, 2, "slot");
        LLVMValueRef target = LLVMBuildLoad2(b, ptr, slot, "helper");
        unsigned nargs = LLVMCountParams(fn);
        LLVMValueRef args[8];
        for (unsigned a = 0; a < nargs && a < 8; a++) args[a] = LLVMGetParam(fn, a);
        LLVMValueRef call = LLVMBuildCall2(b, fn_ty, target, args, nargs < 8 ? nargs : 8, "");
        LLVMSetTailCall(call, 1);
        xf_aot_copy_attrs(fn, call, LLVMAttributeFunctionIndex);
        for (unsigned a = 1; a <= nargs; a++) xf_aot_copy_attrs(fn, call, a);
        LLVMBuildRet(b, call);
        LLVMSetLinkage(fn, LLVMInternalLinkage);
    }
    LLVMDisposeBuilder(b);
}

static void xf_aot_add_blob(LLVMModuleRef m, const char *symbol, const void *data, size_t len) {
    LLVMValueRef init = xf_llvm_compat_const_bytes(LLVMGetModuleContext(m), data, len);
    LLVMValueRef g = LLVMAddGlobal(m, LLVMTypeOf(init), symbol);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetAlignment(g, 8);
    LLVMSetLinkage(g, LLVMExternalLinkage);
}

/* The object is made in memory and written here: LLVMTargetMachineEmitToFile
 * leaves a failed write (a full disk) to its stream, which ends the process
 * with "LLVM ERROR: IO failure on output stream" instead of returning. */
static int xf_aot_write(LLVMTargetMachineRef tm, LLVMModuleRef m, const char *path, char **errmsg) {
    char *msg = NULL;
    LLVMMemoryBufferRef buf = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, m, LLVMObjectFile, &msg, &buf)) {
        char what[512];
        snprintf(what, sizeof what, "LLVM cannot make the object file %s", path);
        xf_aot_set_err(errmsg, xf_llvm_take_message(what, msg));
        return -1;
    }
    if (msg) LLVMDisposeMessage(msg);
    const char *p = LLVMGetBufferStart(buf);
    size_t left = LLVMGetBufferSize(buf);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), err = fd < 0 ? errno : 0;
    while (!err && left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) err = w < 0 ? errno : EIO;
        else p += w, left -= (size_t)w;
    }
    if (fd >= 0 && close(fd) != 0 && !err) err = errno;
    LLVMDisposeMemoryBuffer(buf);
    if (err) {
        char what[600];
        snprintf(what, sizeof what, "cannot write the object file %s: %s", path, strerror(err));
        xf_aot_set_err(errmsg, xf_aot_strdup(what));
        return -1;
    }
    return 0;
}

int xf_aot_emit_object(xf_prog *const *progs, xf_prog *const *traced, int n,
                       const xf_aot_target *t, int opt_level, const char *data_symbol,
                       const void *data, size_t len, const char *path, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (xf_llvm_init_native(errmsg) != 0) return -1;
    xf_prog **all = calloc((size_t)(2 * n + 1), sizeof *all);
    if (!all) {
        xf_aot_set_err(errmsg, xf_aot_oom("compiling the pack"));
        return -1;
    }
    for (int i = 0; i < n; i++) all[i] = progs[i], all[n + i] = traced[i];
    LLVMTargetMachineRef tm = xf_llvm_compat_object_machine(t->triple, t->cpu, t->features,
                                                           opt_level, errmsg);
    if (!tm) {
        free(all);
        return -1;
    }
    LLVMContextRef cx = LLVMContextCreate();
    int rc = -1;
    LLVMModuleRef m = xf_llvm_build_module(cx, all, 2 * n, errmsg);
    if (m) {
        xf_aot_rename_traced(m, n);
        xf_aot_route_helpers(m);
        xf_aot_add_blob(m, data_symbol, data, len);
        xf_llvm_set_target(m, tm);
        if (xf_llvm_verify(m, errmsg) == 0 && xf_llvm_optimize(m, tm, opt_level, errmsg) == 0 &&
            xf_aot_write(tm, m, path, errmsg) == 0)
            rc = 0;
        LLVMDisposeModule(m);
    }
    LLVMContextDispose(cx);
    LLVMDisposeTargetMachine(tm);
    free(all);
    return rc;
}

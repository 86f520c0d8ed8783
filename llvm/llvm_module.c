/* llvm_module.c — the entry point of xiufu-llvm.so (see backend/backend.h).
 * Everything else in the module is hidden: its own calls stay inside it. */
#include "backend.h"

#include <llvm-c/Core.h>

__attribute__((visibility("default"))) const xf_llvm_api *xf_llvm_module_api(void);

const xf_llvm_api *xf_llvm_module_api(void) {
    static const xf_llvm_api api = {
        XF_LLVM_API_VERSION, xf_jit_compile, xf_jit_fn, xf_jit_free, xf_llvm_emit_text,
        xf_aot_target_get, xf_aot_emit_object, LLVMGetVersion,
    };
    return &api;
}

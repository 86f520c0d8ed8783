/* fuzz_parse.c — fuzz the scanner and parser: bytes in, one module out.
 *
 * Diagnostics are rendered too (to /dev/null): the line/column arithmetic
 * of diag.c runs on whatever spans the parser reported, which is where
 * malformed UTF-8 and spans past the end would show. */
#include <stdio.h>

#include "fuzz.h"
#include "xiufu.h"

/* One stream for the process: opened on first use, never closed. */
static FILE *xf_fuzz_sink(void) {
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f;
}

void xf_fuzz_parse(const uint8_t *data, size_t size) {
    if (size > UINT32_MAX) return;
    xf_compile c;
    xf_compile_init(&c);
    c.dump_tokens = xf_fuzz_sink();
    xf_compile_add_text(&c, "fuzz.xf", (const char *)data, (uint32_t)size);
    if (c.dump_tokens) xf_diags_print(&c.diags, c.dump_tokens, XF_LANG_EN);
    xf_compile_free(&c);
}

#ifdef XF_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    xf_fuzz_parse(data, size);
    return 0;
}
#endif

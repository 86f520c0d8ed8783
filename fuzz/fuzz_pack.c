/* fuzz_pack.c — fuzz the pack loader (pack/pack.c, pack/sign.c) on files
 * it must refuse or read without running any of their code.
 *
 * Each input is a whole file and is read twice through xf_pack_inspect,
 * which makes every check but loading (`xiufu pack info`): as it is — the
 * trailer, checksum and signature block take the mutations — and resealed
 * with a trailer that matches, as anyone can reseal a file, so that the
 * mutations reach the ELF reader and the pack header behind the checksum.
 * A resealed input that inspects cleanly also goes through xf_pack_open
 * with trust that admits no unsigned pack: it must be refused before
 * dlopen.  No input is ever loaded. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pack.h"
#include "pack_abi.h"
#include "sha256.h"
#include "sign.h"

/* One file for the process, rewritten for each input. */
static const char *xf_fuzz_pack_path(void) {
    static char path[64];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/xf-fuzz-pack-%ld.so", tmp && *tmp == '/' && strlen(tmp) < 32 ? tmp : "/tmp",
                 (long)getpid());
    }
    return path;
}

static int xf_fuzz_pack_write(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    FILE *f = fopen(xf_fuzz_pack_path(), "wb");
    if (!f) return -1;
    int ok = fwrite(a, 1, an, f) == an && (!bn || fwrite(b, 1, bn, f) == bn);
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Inspect the file; 1 when it passed. */
static int xf_fuzz_pack_inspect(int allow_unsigned) {
    xf_pack_trust trust = {.keys_dir = "/nonexistent", .allow_unsigned = allow_unsigned, .lang = XF_LANG_EN};
    xf_pack *p = NULL;
    char *err = NULL;
    int ok = xf_pack_inspect(xf_fuzz_pack_path(), &trust, &p, &err) == 0;
    if (ok) {
        /* what pack info prints reads the header's strings */
        const xf_pack_header *h = xf_pack_header_of(p);
        if (h) (void)xf_pack_str(p, h->target_cpu);
        (void)xf_pack_sig(p);
    }
    xf_pack_close(p);
    free(err);
    return ok;
}

int xf_fuzz_pack(const uint8_t *data, size_t size) {
    if (xf_fuzz_pack_write(data, size, NULL, 0) == 0) xf_fuzz_pack_inspect(1);
    /* resealed: the body is the input up to its trailer, if it has one */
    size_t body = size;
    if (body >= XF_PACK_SIG_SIZE && !memcmp(data + body - XF_PACK_SIG_SIZE, XF_PACK_SIG_MAGIC, 8))
        body -= XF_PACK_SIG_SIZE;
    if (body >= XF_PACK_TRAILER_SIZE && !memcmp(data + body - XF_PACK_TRAILER_SIZE, XF_PACK_TRAILER_MAGIC, 8))
        body -= XF_PACK_TRAILER_SIZE;
    uint8_t t[XF_PACK_TRAILER_SIZE];
    memset(t, 0, sizeof t);
    memcpy(t, XF_PACK_TRAILER_MAGIC, 8);
    for (int i = 0; i < 4; i++) t[8 + i] = (uint8_t)((uint32_t)XF_PACK_ABI >> (8 * i));
    for (int i = 0; i < 4; i++) t[12 + i] = (uint8_t)((uint32_t)XF_ABI_VERSION >> (8 * i));
    for (int i = 0; i < 8; i++) t[16 + i] = (uint8_t)((uint64_t)body >> (8 * i));
    xf_sha256(data, body, t + 24);
    if (xf_fuzz_pack_write(data, body, t, sizeof t) != 0) return 0;
    int passed = xf_fuzz_pack_inspect(1);
    if (passed) {
        /* unsigned, no key trusted: refused, and before any of its code is loaded */
        xf_pack_trust trust = {.keys_dir = "/nonexistent", .allow_unsigned = 0, .lang = XF_LANG_EN};
        xf_pack *p = NULL;
        char *err = NULL;
        if (xf_pack_open(xf_fuzz_pack_path(), &trust, &p, &err) == 0) {
            fprintf(stderr, "fuzz: an unsigned pack opened with no key trusted\n");
            abort();
        }
        free(err);
    }
    unlink(xf_fuzz_pack_path());
    return passed;
}

#ifdef XF_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    xf_fuzz_pack(data, size);
    return 0;
}
#endif

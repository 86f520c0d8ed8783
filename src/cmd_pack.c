/* cmd_pack.c — `xiufu pack info PACK.so`: a pack's metadata and signature,
 * then every check a run would make (pack.h), with the verdict.  Nothing of
 * the pack is loaded (xf_pack_inspect): its header is read from the file. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pack.h"
#include "policyset.h"
#include "sha256.h"

static int usage(void) {
    fprintf(stderr, "usage: xiufu pack info PACK.so [--trusted-keys DIR] [--allow-unsigned] [--lang zh|en]\n"
                    "  --trusted-keys DIR  the folder of trusted public keys (default: $XIUFU_TRUSTED_KEYS,\n"
                    "                      else ~/.config/xiufu/trusted-keys)\n"
                    "  --allow-unsigned    an unsigned pack passes, as with xiufu run --allow-unsigned\n");
    return 2;
}

static void print_info(const xf_pack *p) {
    const xf_pack_header *h = xf_pack_header_of(p);
    char hex[65];
    printf("pack         %s\n", xf_pack_str(p, h->name));
    xf_sha256_hex(xf_pack_file_sha256(p), hex);
    printf("file         %s, %" PRId64 " bytes; sha256 of its shared object (the first %" PRId64 " bytes): %s\n",
           xf_pack_path(p), xf_pack_file_size(p), xf_pack_code_size(p), hex);
    const xf_sig_info *sig = xf_pack_sig(p);
    if (sig->state == XF_SIG_NONE) printf("signature    none (unsigned)\n");
    else if (sig->state == XF_SIG_TRUSTED)
        printf("signature    ed25519, key %s: valid, trusted (%s)\n", sig->key_id, sig->trusted_by);
    else if (sig->state == XF_SIG_UNTRUSTED)
        printf("signature    ed25519, key %s: valid, NOT trusted (%s)\n", sig->key_id, sig->why ? sig->why : "?");
    printf("pack ABI     %u\n", h->pack_abi);
    printf("runtime ABI  %u\n", h->xf_abi);
    printf("compiler     %s\n", xf_pack_str(p, h->compiler));
    printf("built        %s\n", xf_pack_str(p, h->build_date));
    printf("target       %s, CPU %s, -O%u\n", xf_pack_str(p, h->target_triple), xf_pack_str(p, h->target_cpu),
           h->opt_level);
    xf_sha256_hex(h->source_hash, hex);
    printf("source hash  %s\n", hex);
    const xf_pack_ref *mods = (const void *)((const char *)h + h->modules.off);
    for (uint32_t i = 0; i < h->nmodules; i++)
        printf("%-12s %s\n", i ? "" : "modules", xf_pack_str(p, mods[i]));
    const xf_pack_source *src = (const void *)((const char *)h + h->sources.off);
    for (uint32_t i = 0; i < h->nsources; i++)
        printf("%-12s %s (%u bytes)\n", i ? "" : "sources", xf_pack_str(p, src[i].path), src[i].text.len);
    const xf_pack_policy *pol = (const void *)((const char *)h + h->policies.off);
    for (uint32_t i = 0; i < h->npolicies; i++)
        printf("%-12s %s  [%s, %s]\n", i ? "" : "policies", xf_pack_str(p, pol[i].name),
               xf_pack_str(p, pol[i].symbol), xf_pack_str(p, pol[i].symbol_traced));
}

int xf_cmd_pack(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "--help")) {
        usage();
        return 0;
    }
    if (argc < 3 || strcmp(argv[1], "info")) return usage();
    xf_pack_trust trust = {.lang = XF_LANG_ZH};
    const char *path = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--trusted-keys") && i + 1 < argc) trust.keys_dir = argv[++i];
        else if (!strcmp(argv[i], "--allow-unsigned")) trust.allow_unsigned = 1;
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
            int l = xf_parse_lang(argv[++i]);
            if (l < 0) return usage();
            trust.lang = (xf_lang)l;
        } else if (argv[i][0] != '-' && !path) path = argv[i];
        else return usage();
    }
    if (!path) return usage();
    xf_pack *p = NULL;
    char *errmsg = NULL;
    if (xf_pack_inspect(path, &trust, &p, &errmsg) != 0) {
        fprintf(stderr, "xiufu pack: %s\n", errmsg ? errmsg : "cannot open the pack");
        free(errmsg);
        return 1;
    }
    print_info(p);
    int rc = 0;
    char *refused = xf_pack_trust_refusal(path, xf_pack_sig(p), &trust);
    if (refused || xf_pack_verify(p, &errmsg) != 0) {
        printf("checks       FAILED\n");
        fprintf(stderr, "xiufu pack: %s\n", refused ? refused : errmsg ? errmsg : "verification failed");
        rc = 1;
    } else {
        printf("checks       ok: trailer, checksum, %s, ELF, ABI, helpers, CPU, source hash, "
               "policies check, code matches the steps of all %u policies (nothing loaded)\n",
               xf_pack_sig(p)->state == XF_SIG_TRUSTED ? "signature" : "unsigned (allowed)",
               xf_pack_header_of(p)->npolicies);
    }
    free(refused);
    free(errmsg);
    xf_pack_close(p);
    return rc;
}

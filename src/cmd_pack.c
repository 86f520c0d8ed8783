/* cmd_pack.c — `xiufu pack info PACK.so`: a pack's metadata, then every
 * check a run would make (pack.h), with the verdict. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pack.h"
#include "sha256.h"

static int usage(void) {
    fprintf(stderr, "usage: xiufu pack info PACK.so\n");
    return 2;
}

static void print_info(const xf_pack *p) {
    const xf_pack_header *h = xf_pack_header_of(p);
    char hex[65];
    printf("pack         %s\n", xf_pack_str(p, h->name));
    xf_sha256_hex(xf_pack_file_sha256(p), hex);
    printf("file         %s, %" PRId64 " bytes, sha256 of all but the last %d: %s\n", xf_pack_path(p),
           xf_pack_file_size(p), XF_PACK_TRAILER_SIZE, hex);
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
    if (argc != 3 || strcmp(argv[1], "info")) return usage();
    xf_pack *p = NULL;
    char *errmsg = NULL;
    if (xf_pack_open(argv[2], &p, &errmsg) != 0) {
        fprintf(stderr, "xiufu pack: %s\n", errmsg ? errmsg : "cannot open the pack");
        free(errmsg);
        return 1;
    }
    print_info(p);
    int rc = 0;
    if (xf_pack_verify(p, &errmsg) != 0) {
        printf("checks       FAILED\n");
        fprintf(stderr, "xiufu pack: %s\n", errmsg ? errmsg : "verification failed");
        rc = 1;
    } else {
        printf("checks       ok: trailer, checksum, ELF, ABI, helpers, CPU, source hash, "
               "policies check, code matches the steps of all %u policies\n",
               xf_pack_header_of(p)->npolicies);
    }
    free(errmsg);
    xf_pack_close(p);
    return rc;
}

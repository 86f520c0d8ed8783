/* cmd_lsp.c — `xiufu lsp [--lang zh|en]`: the language server on standard
 * input and output (lsp/lsp.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lsp.h"
#include "policyset.h"

int xf_cmd_lsp(int argc, char **argv) {
    xf_lang lang = XF_LANG_ZH;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--lang") && i + 1 < argc && xf_parse_lang(argv[i + 1]) >= 0) {
            lang = (xf_lang)xf_parse_lang(argv[++i]);
        } else if (!strcmp(argv[i], "--stdio")) {
            /* what editors pass by habit: standard input and output is the only transport */
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: xiufu lsp [--lang zh|en]\n"
                   "  a language server (LSP) on standard input and output, for editors (editors/)\n");
            return 0;
        } else {
            fprintf(stderr, "xiufu lsp: unexpected argument '%s'\nusage: xiufu lsp [--lang zh|en]\n", argv[i]);
            return 2;
        }
    }
    return xf_lsp_serve(stdin, stdout, lang);
}

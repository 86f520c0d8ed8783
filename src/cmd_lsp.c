/* cmd_lsp.c — `xiufu lsp [--lang zh|en]`: the language server on standard
 * input and output (lsp/lsp.h). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lsp.h"
#include "opts.h"
#include "policyset.h"

static const xf_opt lsp_opts[] = {
    {"--lang", NULL, "zh|en", 0, "诊断和悬停说明的语言（默认 zh）", "language of the diagnostics and hovers (default zh)"},
    {"--stdio", NULL, NULL, 0, "走标准输入输出（编辑器习惯传这个；也是唯一的方式）",
     "on standard input and output (what editors pass by habit; the only transport)"},
    {NULL},
};

static const xf_cmd_help lsp_help = {
    "lsp", "[--lang zh|en]",
    "供编辑器使用的语言服务器（LSP），走标准输入输出：诊断、悬停、跳转到定义、补全、排版（editors/）。\n",
    "A language server (LSP) for editors on standard input and output: diagnostics, hover,\n"
    "definition, completion and formatting (editors/).\n",
    lsp_opts, 0, NULL, NULL,
};

int xf_cmd_lsp(int argc, char **argv) {
    xf_lang lang = XF_LANG_ZH;
    xf_args a;
    int prc = xf_args_parse(&a, &lsp_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    for (int i = 0; i < a.n && !prc; i++) {
        int l = 0;
        if (xf_arg_is(&a.v[i], "--lang")) prc = xf_args_lang(&a, a.v[i].value, &l), lang = (xf_lang)l;
    }
    xf_args_free(&a);
    if (prc) return prc;
    return xf_lsp_serve(stdin, stdout, lang);
}

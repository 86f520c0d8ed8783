/* main.c — the xiufu command line: one binary, git-style subcommands. */
#include <malloc.h>
#include <sqlite3.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "oom.h"
#include "opts.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *zh, *en;
} commands[] = {
    {"check", xf_cmd_check, "解析并检查政策", "parse and type-check policies"},
    {"run", xf_cmd_run, "按政策决定记录库中的每一条记录", "evaluate every subject record of a records database"},
    {"eval", xf_cmd_eval, "决定手写的一条记录并说明理由", "decide one record given by hand and explain the decision"},
    {"test", xf_cmd_test, "运行政策文件中的测试并统计覆盖率", "run the tests written inside policy files, with coverage"},
    {"explain", xf_cmd_explain, "从运行的输出库说明决定（文本或 HTML）",
     "explain decisions of a run from its output database (text or HTML)"},
    {"diff", xf_cmd_diff, "比较两套政策对同一批记录的决定", "compare two policy sets over the same records: whose decisions change"},
    {"fmt", xf_cmd_fmt, "按统一版式排版政策文件（--check 供持续集成，-w 改写文件）",
     "lay out policy files in the house layout (--check for CI, -w to rewrite)"},
    {"lsp", xf_cmd_lsp, "供编辑器使用的语言服务器，走标准输入输出（editors/）",
     "a language server for editors, on standard input and output (editors/)"},
    {"gen", xf_cmd_gen, "生成符合记录结构的合成记录", "generate synthetic records that follow the schema"},
    {"demo", xf_cmd_demo, "生成样例记录、运行全国政策并汇总", "generate sample records, run the national policies, summarize"},
    {"build", xf_cmd_build, "把政策预先编译为包（.so）", "compile policies ahead of time into a pack (.so)"},
    {"pack", xf_cmd_pack, "显示包的元数据和签名并检查（pack info）",
     "show a pack's metadata and signature and check it (pack info)"},
    {"keygen", xf_cmd_keygen, "生成签名用的密钥对（NAME.key、NAME.pub）",
     "make a key pair for signing packs (NAME.key, NAME.pub)"},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *f, int en) {
    fprintf(f, en ? "usage: xiufu COMMAND [ARGS]\n\ncommands:\n" : "用法：xiufu 命令 [参数]\n\n命令：\n");
    for (int i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-8s %s\n", commands[i].name, en ? commands[i].en : commands[i].zh);
    fprintf(f, en ? "\nxiufu COMMAND --help shows a command's options; --lang en shows them in English.\n"
                  : "\nxiufu 命令 --help 列出该命令的选项；加 --lang en 显示英文。\n");
}

/* Out of memory where no caller can say so (runtime/oom.h): said here, in
 * the language asked for, and the process ends at once.  quick_exit: no
 * static destructor runs under threads still working; what must not be
 * left behind (a new output) is removed by at_quick_exit handlers. */
static int oom_en;
static void oom_exit(size_t bytes) {
    (void)bytes;
    static const char zh[] = "xiufu：内存不足\n", en[] = "xiufu: out of memory\n";
    ssize_t w = oom_en ? write(2, en, sizeof en - 1) : write(2, zh, sizeof zh - 1);
    (void)w;
    quick_exit(1);
}

/* What a command printed must have reached its reader: a full disk or a
 * closed pipe under stdout is an error, not a success. */
static int stdout_checked(int rc) {
    errno = 0;
    int e = fflush(stdout) == 0 ? 0 : errno ? errno : EIO;
    if (!e && !ferror(stdout)) return rc;
    /* an earlier failed write: its errno is long gone */
    fprintf(stderr, "xiufu: cannot write to standard output%s%s\n", e ? ": " : "", e ? strerror(e) : "");
    return rc ? rc : 1;
}

int main(int argc, char **argv) {
    /* A partition's blocks (its rows, columns, maps) are reused by the next
     * one, not given back and asked for again: each block the system gives
     * is zeroed a page at a time (a page fault each), which was a quarter of
     * a run's system time.  Fixed thresholds, so that glibc does not raise
     * them as it goes: blocks under 32 MiB come from the heap, and up to
     * 32 MiB of free heap is kept.  Memory stays bounded by the partitions
     * alive at once (tests/run/stream.test.sh). */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    /* Each thread that allocates would get an arena of its own, keeping its
     * own free heap: partitions built on two threads at once (exec/run.c)
     * took a run from 60 to 75-85 MiB at 1M entities.  Two arenas keep it at
     * 60; the threads allocate a partition's blocks, not a row's, so they
     * hardly wait for each other. */
    mallopt(M_ARENA_MAX, 2);
    /* SQLite's memory statistics take one global lock per allocation: the
     * readers of a run would take turns on it. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int en = xf_argv_en(argc, argv);
    oom_en = en;
    xf_oom_set_handler(oom_exit);
    if (argc < 2 || !strncmp(argv[1], "--lang", 6)) {
        usage(stderr, en);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout, en);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) { printf("xiufu %s\n", XF_VERSION); return 0; }
    const char *names[NCOMMANDS];
    for (int i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(argv[1], commands[i].name)) return stdout_checked(commands[i].fn(argc - 1, argv + 1));
        names[i] = commands[i].name;
    }
    const char *near = xf_cli_nearest(argv[1], names, NCOMMANDS);
    if (near)
        fprintf(stderr, en ? "xiufu: unknown command '%s'; did you mean 'xiufu %s'?\n" : "xiufu：未知命令“%s”；是否应为“xiufu %s”？\n",
                argv[1], near);
    else fprintf(stderr, en ? "xiufu: unknown command '%s'\n" : "xiufu：未知命令“%s”\n", argv[1]);
    usage(stderr, en);
    return 2;
}

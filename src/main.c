/* main.c — the xiufu command line: one binary, git-style subcommands. */
#include <malloc.h>
#include <sqlite3.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static const struct { const char *name; int (*fn)(int, char **); const char *what; } commands[] = {
    {"check", xf_cmd_check, "parse and type-check policies"},
    {"run", xf_cmd_run, "evaluate every subject record of a records database"},
    {"test", xf_cmd_test, "run the tests written inside policy files, with coverage"},
    {"explain", xf_cmd_explain, "explain decisions of a run from its output database (text or HTML)"},
    {"diff", xf_cmd_diff, "compare two policy sets over the same records: whose decisions change"},
    {"fmt", xf_cmd_fmt, "lay out policy files in the house layout (--check for CI, -w to rewrite)"},
    {"lsp", xf_cmd_lsp, "a language server for editors, on standard input and output (editors/)"},
    {"gen", xf_cmd_gen, "generate synthetic records that follow the schema"},
    {"demo", xf_cmd_demo, "generate sample records, run the national policies, summarize"},
    {"build", xf_cmd_build, "compile policies ahead of time into a pack (.so)"},
    {"pack", xf_cmd_pack, "show a pack's metadata and signature and check it (pack info)"},
    {"keygen", xf_cmd_keygen, "make a key pair for signing packs (NAME.key, NAME.pub)"},
};

static void usage(FILE *f) {
    fprintf(f, "usage: xiufu COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
    fprintf(f, "\nxiufu COMMAND --help shows a command's options.\n");
}

/* What a command printed must have reached its reader: a full disk or a
 * closed pipe under stdout is an error, not a success. */
static int stdout_checked(int rc) {
    if (fflush(stdout) == 0 && !ferror(stdout)) return rc;
    fprintf(stderr, "xiufu: cannot write to standard output: %s\n", strerror(errno ? errno : EIO));
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
    /* SQLite's memory statistics take one global lock per allocation: the
     * readers of a run would take turns on it. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (argc < 2) { usage(stderr); return 2; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) { usage(stdout); return 0; }
    if (!strcmp(argv[1], "--version")) { printf("xiufu %s\n", XF_VERSION); return 0; }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return stdout_checked(commands[i].fn(argc - 1, argv + 1));
    fprintf(stderr, "xiufu: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}

/* cmd_fmt.c — `xiufu fmt [--check] [-w] [--lang zh|en] PATH...`: the house
 * layout (fmt/fmt.h).  Without a flag the laid-out text goes to standard
 * output; -w writes it back to each file that changes; --check writes
 * nothing and names each file that would change, for CI. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fmt.h"
#include "opts.h"
#include "policyset.h"

typedef struct fmt_opts { int check, write; xf_lang lang; int changed, failed; } fmt_opts;

static const xf_opt fmt_opts_table[] = {
    {"--check", NULL, NULL, 0, "不写任何文件；列出会改动的文件，有则退出码 1（供持续集成）",
     "write nothing; name each file that would change and exit 1 if any would (for CI)"},
    {"-w", NULL, NULL, 0, "把排好的版式写回每个会改动的文件", "write the layout back to each file that changes"},
    {"--lang", NULL, "zh|en", 0, "消息的语言（默认 zh）", "language of the messages (default zh)"},
    {NULL},
};

static const xf_cmd_help fmt_help = {
    "fmt", "[--check | -w] [OPTIONS] POLICY...",
    "按统一版式排版政策文件或文件夹（递归查找 .xf 文件）；不加选项时把排好的版式打印到标准输出，\n"
    "“-” 读标准输入（供编辑器过滤）。有语法错误的文件不排版，报告错误，退出码 1。\n",
    "Lay policy files or folders (searched for .xf files) out in the house layout; without a\n"
    "flag the layout goes to standard output, and '-' reads standard input (an editor's filter).\n"
    "A file with syntax errors is not laid out: its errors are reported and the exit code is 1.\n",
    fmt_opts_table, 1, NULL, NULL,
};

static char *read_all(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) { free(buf); buf = NULL; }
            buf = p;
        }
    }
    int bad = ferror(f);
    if (f != stdin) fclose(f);
    if (bad) { free(buf); return NULL; }
    *len = n;
    return buf;
}

/* Replaces path by text through a file beside it: a reader never sees half. */
static int write_back(const char *path, const char *text, size_t len) {
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return -1;
    snprintf(tmp, n, "%s.fmt-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) { free(tmp); return -1; }
    struct stat st;
    if (stat(path, &st) == 0) fchmod(fd, st.st_mode & 07777);
    FILE *f = fdopen(fd, "wb");
    int ok = f && fwrite(text, 1, len, f) == len;
    if (f) ok = fclose(f) == 0 && ok;
    else close(fd);
    if (!ok || rename(tmp, path) != 0) { unlink(tmp); free(tmp); return -1; }
    free(tmp);
    return 0;
}

static void format_file(const char *path, fmt_opts *o) {
    size_t len = 0, out_len = 0;
    char *text = read_all(path, &len);
    if (!text) {
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu fmt: cannot read %s: %s\n" : "xiufu fmt：无法读取 %s：%s\n", path,
                strerror(errno));
        o->failed = 1;
        return;
    }
    xf_diags diags = {0};
    char *out = xf_format(&diags, path, text, len, &out_len);
    if (!out) {
        xf_diags_print(&diags, stderr, o->lang);
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu fmt: %s not formatted: fix its syntax errors first\n"
                                              : "xiufu fmt：%s 未格式化：请先修正语法错误\n", path);
        o->failed = 1;
    } else {
        int changed = out_len != len || memcmp(out, text, len);
        if (changed) o->changed = 1;
        if (o->check) {
            if (changed) printf("%s\n", path);
        } else if (o->write) {
            if (changed && write_back(path, out, out_len) != 0) {
                fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu fmt: cannot write %s: %s\n" : "xiufu fmt：无法写入 %s：%s\n",
                        path, strerror(errno));
                o->failed = 1;
            }
        } else {
            fwrite(out, 1, out_len, stdout);
        }
    }
    free(out);
    xf_diags_free(&diags);
    free(text);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A folder: its .xf files and folders, in name order, dot files aside. */
static void format_path(const char *path, fmt_opts *o, int depth) {
    struct stat st;
    if (!strcmp(path, "-")) {  /* standard input, laid out to standard output (an editor's filter) */
        int write = o->write;
        o->write = 0;
        format_file(path, o);
        o->write = write;
        return;
    }
    if (stat(path, &st) != 0) {
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu fmt: cannot read %s: %s\n" : "xiufu fmt：无法读取 %s：%s\n", path,
                strerror(errno));
        o->failed = 1;
        return;
    }
    if (!S_ISDIR(st.st_mode)) { format_file(path, o); return; }
    if (depth > 16) return;
    DIR *d = opendir(path);
    if (!d) { o->failed = 1; return; }
    char **names = NULL;
    int n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            char **v = realloc(names, sizeof *v * (size_t)(cap = cap ? cap * 2 : 16));
            if (!v) break;
            names = v;
        }
        if (!(names[n] = malloc(strlen(path) + strlen(e->d_name) + 2))) break;
        sprintf(names[n++], "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        size_t m = strlen(names[i]);
        struct stat s2;
        if (stat(names[i], &s2) == 0 && (S_ISDIR(s2.st_mode) || (m > 3 && !strcmp(names[i] + m - 3, ".xf"))))
            format_path(names[i], o, depth + 1);
        free(names[i]);
    }
    free(names);
}

int xf_cmd_fmt(int argc, char **argv) {
    fmt_opts o = {.lang = XF_LANG_ZH};
    xf_args a;
    int prc = xf_args_parse(&a, &fmt_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    int npaths = 0;
    for (int i = 0; i < a.n && !prc; i++) {
        const xf_arg *g = &a.v[i];
        int l = 0;
        if (!g->opt) npaths++;
        else if (xf_arg_is(g, "--check")) o.check = 1;
        else if (xf_arg_is(g, "-w")) o.write = 1;
        else if (xf_arg_is(g, "--lang")) prc = xf_args_lang(&a, g->value, &l), o.lang = (xf_lang)l;
    }
    if (!prc && o.check && o.write) prc = xf_args_fail(&a, "--check 与 -w 不能同时给", "--check and -w exclude each other");
    if (!prc && !npaths) prc = xf_args_fail(&a, "缺少要排版的政策（文件、文件夹或 -）", "give the policies to lay out (files, folders or -)");
    for (int i = 0; i < a.n && !prc; i++)
        if (!a.v[i].opt) format_path(a.v[i].value, &o, 0);
    xf_args_free(&a);
    if (prc) return prc;
    if (o.failed) return 1;
    return o.check && o.changed ? 1 : 0;
}

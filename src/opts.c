/* opts.c — the option parser and --help of every subcommand (opts.h). */
#include "opts.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "diag.h"
#include "oom.h"

int xf_argv_en(int argc, char **argv) {
    int en = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--lang") && i + 1 < argc) en = !strcmp(argv[++i], "en");
        else if (!strncmp(argv[i], "--lang=", 7)) en = !strcmp(argv[i] + 7, "en");
    }
    return en;
}

/* ---- the nearest name ---- */

static int distance(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64) return 99;
    int d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            /* two letters swapped count once: "chekc" */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *xf_cli_nearest(const char *word, const char *const *names, int n) {
    const char *best = NULL;
    int bestd = 99;
    size_t len = strlen(word);
    for (int i = 0; i < n; i++) {
        if (!names[i]) continue;
        int d = distance(word, names[i]);
        /* a beginning of exactly one name is taken for it, as typed short */
        if (len >= 3 && !strncmp(names[i], word, len)) d = 1;
        if (d < bestd) bestd = d, best = names[i];
    }
    int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return bestd <= limit ? best : NULL;
}

/* ---- reporting ---- */

static void usage_line(const xf_cmd_help *cmd, int en, FILE *f) {
    fprintf(f, en ? "usage: xiufu %s %s\n" : "用法：xiufu %s %s\n", cmd->name, cmd->usage);
}

int xf_args_fail(const xf_args *a, const char *zh, const char *en, ...) {
    va_list ap;
    va_start(ap, en);
    fprintf(stderr, a->en ? "xiufu %s: " : "xiufu %s：", a->cmd->name);
    vfprintf(stderr, a->en ? en : zh, ap);
    va_end(ap);
    fputc('\n', stderr);
    usage_line(a->cmd, a->en, stderr);
    fprintf(stderr, a->en ? "(xiufu %s --help lists every option)\n" : "（xiufu %s --help 列出全部选项）\n", a->cmd->name);
    return 2;
}

/* ---- --help ---- */

static void opt_left(const xf_opt *o, char *buf, size_t cap) {
    if (o->flags & XF_OPT_ATTACHED) snprintf(buf, cap, "%s%s", o->name, o->arg);
    else
        snprintf(buf, cap, "%s%s%s%s%s", o->name, o->alias ? ", " : "", o->alias ? o->alias : "", o->arg ? " " : "",
                 o->arg ? o->arg : "");
}

static void help_line(const char *left, const char *what, int width, FILE *f) {
    int n = (int)strlen(left);
    if (n > width) fprintf(f, "  %s\n  %*s  %s\n", left, width, "", what);
    else fprintf(f, "  %-*s  %s\n", width, left, what);
}

void xf_cmd_print_help(const xf_cmd_help *cmd, int en, FILE *f) {
    usage_line(cmd, en, f);
    fprintf(f, "\n%s", en ? cmd->en : cmd->zh);
    fprintf(f, en ? "\noptions:\n" : "\n选项：\n");
    int width = 10;
    char left[128];
    for (const xf_opt *o = cmd->opts; o && o->name; o++) {
        opt_left(o, left, sizeof left);
        int n = (int)strlen(left);
        if (n > width && n <= 26) width = n;
    }
    for (const xf_opt *o = cmd->opts; o && o->name; o++) {
        opt_left(o, left, sizeof left);
        help_line(left, en ? o->en : o->zh, width, f);
    }
    help_line("-h, --help", en ? "show this help and exit" : "显示本帮助并退出", width, f);
    const char *notes = en ? cmd->notes_en : cmd->notes_zh;
    if (notes) fprintf(f, "\n%s", notes);
}

/* ---- parsing ---- */

static const xf_opt *find_opt(const xf_cmd_help *cmd, const char *name, size_t len) {
    for (const xf_opt *o = cmd->opts; o && o->name; o++) {
        if (strlen(o->name) == len && !strncmp(o->name, name, len)) return o;
        if (o->alias && strlen(o->alias) == len && !strncmp(o->alias, name, len)) return o;
    }
    return NULL;
}

static const xf_opt *find_attached(const xf_cmd_help *cmd, const char *word) {
    for (const xf_opt *o = cmd->opts; o && o->name; o++)
        if ((o->flags & XF_OPT_ATTACHED) && !strncmp(word, o->name, strlen(o->name)) && word[strlen(o->name)])
            return o;
    return NULL;
}

/* A word that is an option rather than a value. */
static int looks_like_option(const xf_cmd_help *cmd, const char *w) {
    if (!strncmp(w, "--", 2) && w[2]) return 1;
    return find_opt(cmd, w, strlen(w)) != NULL || !strcmp(w, "-h");
}

static int unknown(xf_args *a, const char *word) {
    const char *names[256];
    int n = 0;
    char name[128];
    size_t len = strcspn(word, "=");
    snprintf(name, sizeof name, "%.*s", (int)(len < 120 ? len : 120), word);
    for (const xf_opt *o = a->cmd->opts; o && o->name && n < 250; o++) {
        names[n++] = o->name;
        if (o->alias) names[n++] = o->alias;
    }
    names[n++] = "--help";
    const char *near = xf_cli_nearest(name, names, n);
    if (near)
        return xf_args_fail(a, "未知选项“%s”；是否应为“%s”？", "unknown option '%s'; did you mean '%s'?", name, near);
    return xf_args_fail(a, "未知选项“%s”", "unknown option '%s'", name);
}

static int push(xf_args *a, const xf_opt *o, const char *value) {
    if (o && !(o->flags & (XF_OPT_REPEAT | XF_OPT_MANY)) && o->arg) {
        for (int i = 0; i < a->n; i++)
            if (a->v[i].opt == o)
                return xf_args_fail(a, "选项 %s 给了两次（“%s”和“%s”），只能给一次",
                                    "option %s given twice ('%s' and '%s'); it takes one value", o->name,
                                    a->v[i].value, value);
    }
    a->v[a->n++] = (xf_arg){.opt = o, .value = value};
    return 0;
}

int xf_args_parse(xf_args *a, const xf_cmd_help *cmd, int argc, char **argv) {
    *a = (xf_args){.cmd = cmd, .en = xf_argv_en(argc, argv)};
    a->v = calloc((size_t)argc + 1, sizeof *a->v);
    if (!a->v) {  /* the command line's handler says so and exits 1 */
        xf_oom(sizeof *a->v * ((size_t)argc + 1));
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            xf_cmd_print_help(cmd, a->en, stdout);
            xf_args_free(a);
            return 1;
        }
    }
    int rc = 0;
    for (int i = 1; i < argc && !rc; i++) {
        const char *w = argv[i];
        if (w[0] != '-' || !w[1]) {
            if (!cmd->positionals) rc = xf_args_fail(a, "多余的参数“%s”", "unexpected argument '%s'", w);
            else rc = push(a, NULL, w);
            continue;
        }
        size_t len = strcspn(w, "=");
        const xf_opt *o = find_opt(cmd, w, len);
        const char *value = NULL;
        if (!o && (o = find_attached(cmd, w))) {
            rc = push(a, o, w + strlen(o->name));
            continue;
        }
        if (!o) {
            rc = unknown(a, w);
            continue;
        }
        int eq = w[len] == '=';
        if (!o->arg) {
            if (eq) rc = xf_args_fail(a, "选项 %s 不带值（“%s”）", "option %s takes no value ('%s')", o->name, w);
            else rc = push(a, o, NULL);
            continue;
        }
        if (eq) value = w + len + 1;
        else if (i + 1 < argc && !looks_like_option(cmd, argv[i + 1])) value = argv[++i];
        if (!value || !*value) {
            rc = xf_args_fail(a, "选项 %s 缺少值（%s）", "option %s wants a value (%s)", o->name, o->arg);
            continue;
        }
        rc = push(a, o, value);
        if (!eq && (o->flags & XF_OPT_MANY))
            while (!rc && i + 1 < argc && argv[i + 1][0] != '-') rc = push(a, o, argv[++i]);
    }
    if (rc) xf_args_free(a);
    return rc ? 2 : 0;
}

void xf_args_free(xf_args *a) {
    free(a->v);
    a->v = NULL;
    a->n = 0;
}

int xf_arg_is(const xf_arg *g, const char *name) {
    return g->opt && (!strcmp(g->opt->name, name) || (g->opt->alias && !strcmp(g->opt->alias, name)));
}

const char *xf_args_get(const xf_args *a, const char *name) {
    for (int i = 0; i < a->n; i++)
        if (xf_arg_is(&a->v[i], name)) return a->v[i].value;
    return NULL;
}

int xf_args_has(const xf_args *a, const char *name) {
    for (int i = 0; i < a->n; i++)
        if (xf_arg_is(&a->v[i], name)) return 1;
    return 0;
}

/* ---- values ---- */

int xf_args_lang(const xf_args *a, const char *value, int *lang) {
    if (!strcmp(value, "zh")) *lang = XF_LANG_ZH;
    else if (!strcmp(value, "en")) *lang = XF_LANG_EN;
    else return xf_args_fail(a, "--lang 的值“%s”无效：应为 zh 或 en", "--lang '%s' is not valid: zh or en", value);
    return 0;
}

int xf_args_int(const xf_args *a, const char *opt, const char *value, long long min, long long max, long long *out) {
    char *end;
    long long v = strtoll(value, &end, 10);
    if (end == value || *end || v < min || v > max)
        return xf_args_fail(a, "%s 的值“%s”无效：应为 %lld 到 %lld 之间的整数",
                            "%s '%s' is not valid: a whole number from %lld to %lld", opt, value, min, max);
    *out = v;
    return 0;
}

int xf_args_date(const xf_args *a, const char *opt, const char *value, int64_t *day) {
    if (xf_date_parse(value, strlen(value), day) != XF_DATE_OK)
        return xf_args_fail(a, "%s 的值“%s”不是有效日期（YYYY-MM-DD）", "%s '%s' is not a valid date (YYYY-MM-DD)", opt,
                            value);
    return 0;
}

int xf_args_choice(const xf_args *a, const char *opt, const char *value, const char *const *choices, int *out) {
    for (int i = 0; choices[i]; i++)
        if (!strcmp(value, choices[i])) {
            *out = i;
            return 0;
        }
    char zh[256] = "", en[256] = "";
    for (int i = 0; choices[i]; i++) {
        int last = !choices[i + 1];
        size_t nz = strlen(zh), ne = strlen(en);
        snprintf(zh + nz, sizeof zh - nz, "%s%s", i ? (last ? " 或 " : "、") : "", choices[i]);
        snprintf(en + ne, sizeof en - ne, "%s%s", i ? (last ? " or " : ", ") : "", choices[i]);
    }
    return xf_args_fail(a, "%s 的值“%s”无效：应为 %s", "%s '%s' is not valid: %s", opt, value, a->en ? en : zh);
}

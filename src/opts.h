/* opts.h — one parser for every subcommand's options, and its --help.
 *
 * Each command describes its options in a table (xf_opt); the parser
 * accepts `--opt value` and `--opt=value` alike, refuses an unknown option
 * (with the nearest known one), a missing value, a value given to a
 * switch, and a single-valued option given twice, each time saying which
 * option and why, in Chinese or — when the command line holds `--lang en`
 * anywhere — in English.  The command then reads the options in order and
 * reports its own bad values with xf_args_fail, in the same form.
 */
#ifndef XF_OPTS_H
#define XF_OPTS_H

#include <stdint.h>
#include <stdio.h>

enum {
    XF_OPT_REPEAT = 1,    /* may be given more than once (each value kept) */
    XF_OPT_MANY = 2,      /* also takes the words after its value, up to the next option */
    XF_OPT_ATTACHED = 4,  /* the value follows the name directly: -O2 */
};

typedef struct xf_opt {
    const char *name;   /* "--lang", "-d" */
    const char *alias;  /* another spelling ("-h", "--output"), or NULL */
    const char *arg;    /* the value's placeholder ("zh|en", "FILE"); NULL: a switch */
    int         flags;
    const char *zh, *en;  /* one line: what it does */
} xf_opt;

typedef struct xf_cmd_help {
    const char   *name;      /* "run", "pack info" */
    const char   *usage;     /* what follows "xiufu NAME " in the usage line */
    const char   *zh, *en;   /* what the command does (lines ending in \n) */
    const xf_opt *opts;      /* ended by an entry with name NULL; --help is added */
    int           positionals;  /* words that are not options are allowed */
    const char   *notes_zh, *notes_en;  /* after the options, or NULL */
} xf_cmd_help;

typedef struct xf_arg {
    const xf_opt *opt;    /* NULL: a positional word */
    const char   *value;  /* NULL for a switch */
} xf_arg;

typedef struct xf_args {
    const xf_cmd_help *cmd;
    int                en;     /* messages in English (--lang en) */
    xf_arg            *v;      /* in command-line order */
    int                n;
} xf_args;

/* 0: parsed into a (xf_args_free); 1: --help was printed on stdout (exit
 * 0); 2: a usage error was reported on stderr (exit 2). */
int  xf_args_parse(xf_args *a, const xf_cmd_help *cmd, int argc, char **argv);
void xf_args_free(xf_args *a);

/* Is this argument the option named name (either spelling)? */
int  xf_arg_is(const xf_arg *g, const char *name);
/* The value of the option name, or NULL when it was not given (for a
 * single-valued option). */
const char *xf_args_get(const xf_args *a, const char *name);
int  xf_args_has(const xf_args *a, const char *name);

/* Report a usage error: "xiufu CMD：<message>", the usage line and a
 * pointer to --help, on stderr.  zh and en are formats taking the same
 * arguments.  Returns 2. */
int  xf_args_fail(const xf_args *a, const char *zh, const char *en, ...);

/* Value checks that report their own error (returning 2) or return 0. */
int  xf_args_lang(const xf_args *a, const char *value, int *lang);      /* XF_LANG_ZH / XF_LANG_EN */
int  xf_args_int(const xf_args *a, const char *opt, const char *value, long long min, long long max,
                 long long *out);
int  xf_args_date(const xf_args *a, const char *opt, const char *value, int64_t *day);
/* value must be one of choices (NULL-terminated); *out is its index. */
int  xf_args_choice(const xf_args *a, const char *opt, const char *value, const char *const *choices, int *out);

/* The command line holds --lang en (what the parser uses before it has
 * parsed anything). */
int  xf_argv_en(int argc, char **argv);

/* The nearest of names to word within a small edit distance, or NULL. */
const char *xf_cli_nearest(const char *word, const char *const *names, int n);

void xf_cmd_print_help(const xf_cmd_help *cmd, int en, FILE *f);

#endif

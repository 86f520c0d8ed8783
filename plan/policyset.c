/* policyset.c — collecting policy files from paths. */
#include "policyset.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Files and folders already taken, by device and inode: a link back up
 * the tree, or one file reached by two paths, is read once. */
typedef struct seen_set { dev_t *dev; ino_t *ino; int n, cap; } seen_set;

static int seen_before(seen_set *s, const struct stat *st) {
    for (int i = 0; i < s->n; i++)
        if (s->dev[i] == st->st_dev && s->ino[i] == st->st_ino) return 1;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        dev_t *d = realloc(s->dev, sizeof *d * (size_t)cap);
        if (d) s->dev = d;
        ino_t *i = realloc(s->ino, sizeof *i * (size_t)cap);
        if (i) s->ino = i;
        if (!d || !i) return 0;
        s->cap = cap;
    }
    s->dev[s->n] = st->st_dev, s->ino[s->n++] = st->st_ino;
    return 0;
}

/* A source's name in a pack: the folder named on the command line by its
 * last component, then the path below it; a file named itself by its base
 * name.  `policies/national`, `./policies/national/` and an absolute path
 * give the same names, so a pack's source hash depends only on what the
 * sources hold. */
static void set_rel(xf_compile *c, const char *root, int root_is_dir, const char *path) {
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/') n--;
    size_t b = n;
    while (b > 0 && root[b - 1] != '/') b--;
    const char *below = path + strlen(root);
    while (*below == '/') below++;
    size_t len = (n - b) + 1 + strlen(below) + 1;
    char *rel = xf_arena_alloc(&c->arena, len);
    if (!rel) return;
    if (root_is_dir) snprintf(rel, len, "%.*s/%s", (int)(n - b), root + b, below);
    else snprintf(rel, len, "%.*s", (int)(n - b), root + b);
    c->diags.src[c->diags.nsrc - 1].rel = rel;
}

static int add_path(xf_compile *c, const char *root, int root_is_dir, const char *path, int depth, seen_set *seen) {
    struct stat st;
    if (stat(path, &st) != 0) {
        xf_diag(&c->diags, (xf_span){-1, 0, 0}, XF_D_IO, path, strerror(errno));
        return -1;
    }
    if (seen_before(seen, &st)) return -2;  /* taken already */
    if (!S_ISDIR(st.st_mode)) {
        if (xf_compile_add_file(c, path) != 0) return -1;
        set_rel(c, root, root_is_dir, path);
        return 1;
    }
    if (depth == 0) root_is_dir = 1;
    if (depth > 16) return 0;
    DIR *d = opendir(path);
    if (!d) {
        xf_diag(&c->diags, (xf_span){-1, 0, 0}, XF_D_IO, path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    int n = 0, cap = 0, found = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(names, sizeof *v * (size_t)cap);
            if (!v) break;
            names = v;
        }
        names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (!names[n]) break;
        sprintf(names[n], "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        struct stat s2;
        if (stat(names[i], &s2) == 0 && (S_ISDIR(s2.st_mode) || ends_with(names[i], ".xf"))) {
            int r = add_path(c, root, root_is_dir, names[i], depth + 1, seen);
            if (r == -1) found = -1;
            else if (r > 0 && found >= 0) found += r;
        }
        free(names[i]);
    }
    free(names);
    return found;
}

int xf_policyset_add(xf_compile *c, char *const *paths, int n) {
    if (xf_compile_add_schema(c) != 0) return -1;
    int total = 0;
    seen_set seen = {0};
    for (int i = 0; i < n && total >= 0; i++) {
        int r = add_path(c, paths[i], 0, paths[i], 0, &seen);
        if (r == -1) total = -1;
        else if (r == 0) xf_diag(&c->diags, (xf_span){-1, 0, 0}, XF_D_NO_POLICY, paths[i]);
        else if (r > 0) total += r;
    }
    free(seen.dev), free(seen.ino);
    return total;
}

int xf_policyset_check_quiet(xf_compile *c, char *const *paths, int n) {
    int errors = 0;
    if (xf_policyset_add(c, paths, n) < 0) errors = 1;
    else if (c->diags.errors == 0) errors = xf_check(c);
    else xf_check(c);  /* report type errors too, beside the syntax errors */
    return c->diags.errors ? c->diags.errors : errors;
}

int xf_policyset_check(xf_compile *c, char *const *paths, int n, xf_lang lang) {
    int errors = xf_policyset_check_quiet(c, paths, n);
    xf_diags_print(&c->diags, stderr, lang);
    return errors;
}

int xf_parse_lang(const char *s) {
    if (!strcmp(s, "zh")) return XF_LANG_ZH;
    if (!strcmp(s, "en")) return XF_LANG_EN;
    return -1;
}

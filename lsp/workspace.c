/* workspace.c — checking one open document with the modules it uses. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lsp.h"

typedef struct module_file { char *name, *path; } module_file;
typedef struct module_index { module_file *m; int n, cap; } module_index;  /* lsp.h: struct module_index */

/* The name on a file's `module` line, or NULL (comments and blank lines may
 * come first). */
static char *module_name(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char line[1024];
    char *name = NULL;
    while (!name && fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (*p == 0 || *p == '#') continue;
        if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
        if (strncmp(p, "module", 6) || (p[6] != ' ' && p[6] != '\t')) break;
        p += 6;
        while (*p == ' ' || *p == '\t') p++;
        size_t n = strcspn(p, " \t\r\n#");
        if (n) name = strndup(p, n);
    }
    fclose(f);
    return name;
}

/* Every .xf file under dir; dot folders and build trees are not sources. */
static void index_dir(module_index *ix, const char *dir, int depth) {
    DIR *d = depth < 12 ? opendir(dir) : NULL;
    if (!d) return;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !strncmp(e->d_name, "build", 5)) continue;
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        struct stat st;
        if (stat(path, &st) != 0) continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode)) {
            index_dir(ix, path, depth + 1);
        } else if (n > 3 && !strcmp(e->d_name + n - 3, ".xf")) {
            char *name = module_name(path);
            if (!name) continue;
            if (ix->n == ix->cap) {
                module_file *m = realloc(ix->m, sizeof *m * (size_t)(ix->cap = ix->cap ? ix->cap * 2 : 64));
                if (!m) { free(name); continue; }
                ix->m = m;
            }
            ix->m[ix->n++] = (module_file){name, strdup(path)};
        }
    }
    closedir(d);
}

static size_t common_prefix(const char *a, const char *b) {
    size_t i = 0;
    while (a[i] && a[i] == b[i]) i++;
    return i;
}

/* The file of module name: of several, the nearest to the document, then
 * the first in path order. */
static const char *find_module(const module_index *ix, const char *name, const char *doc_path) {
    const char *best = NULL;
    size_t best_len = 0;
    for (int i = 0; i < ix->n; i++) {
        if (strcmp(ix->m[i].name, name)) continue;
        size_t l = common_prefix(ix->m[i].path, doc_path);
        if (!best || l > best_len || (l == best_len && strcmp(ix->m[i].path, best) < 0))
            best = ix->m[i].path, best_len = l;
    }
    return best;
}

static int same_file(const char *a, const char *b) {
    char ra[PATH_MAX], rb[PATH_MAX];
    if (!realpath(a, ra) || !realpath(b, rb)) return !strcmp(a, b);
    return !strcmp(ra, rb);
}

static int loaded(const lsp_analysis *a, const char *name) {
    for (int i = 0; i < a->c.nmodules; i++)
        if (a->c.modules[i]->name && !strcmp(a->c.modules[i]->name, name)) return 1;
    return 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void lsp_index_free(lsp_server *s) {
    module_index *ix = s->index;
    for (int i = 0; ix && i < ix->n; i++) free(ix->m[i].name), free(ix->m[i].path);
    if (ix) free(ix->m);
    free(ix);
    s->index = NULL;
}

/* The module files under the workspace folder (or the document's folder,
 * when no workspace was opened; none for a document that is no file).
 * Made again when a second old: every keystroke asks for it. */
static const module_index *workspace_index(lsp_server *s, const lsp_doc *d) {
    if (s->index && now() - s->index_time < 1.0) return s->index;
    lsp_index_free(s);
    module_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    if (s->root) {
        index_dir(ix, s->root, 0);
    } else if (d->path[0] == '/') {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", d->path);
        *strrchr(dir, '/') = 0;
        index_dir(ix, dir[0] ? dir : "/", 0);
    }
    s->index = ix;
    s->index_time = now();
    return ix;
}

int lsp_analyze(lsp_server *s, const lsp_doc *d, lsp_analysis *a) {
    memset(a, 0, sizeof *a);
    a->server = s;
    xf_compile_init(&a->c);
    static const module_index none;
    const module_index *ix = workspace_index(s, d);
    if (!ix) ix = &none;
    /* the workspace's own schema module when it has one (a checkout's
     * policies/schema.xf, the file the binary embeds): definitions then go
     * to a file the editor can open */
    const char *schema = find_module(ix, "schema", d->path);
    int rc = -1;
    if (schema && !same_file(schema, d->path) && xf_compile_add_file(&a->c, schema) == 0) {
        a->c.modules[a->c.nmodules - 1]->prelude = 1;
        rc = 0;
    }
    if (rc != 0 && xf_compile_add_schema(&a->c) != 0) return -1;
    if (xf_compile_add_text(&a->c, d->path, d->text, (uint32_t)d->len) != 0) return -1;
    a->module = a->c.modules[a->c.nmodules - 1];
    a->file = a->module->span.file;
    /* the modules used, and the ones they use, once each */
    for (int m = 1; m < a->c.nmodules; m++) {
        const xf_module *mod = a->c.modules[m];
        for (int u = 0; u < mod->nuses; u++) {
            const char *name = mod->uses[u];
            if (!strcmp(name, "schema") || loaded(a, name)) continue;
            const char *path = find_module(ix, name, d->path);
            if (!path || same_file(path, d->path)) continue;
            const lsp_doc *open = NULL;  /* an open document's text is newer than its file */
            for (int k = 0; k < s->ndocs; k++)
                if (same_file(s->docs[k].path, path)) open = &s->docs[k];
            if (open) xf_compile_add_text(&a->c, path, open->text, (uint32_t)open->len);
            else xf_compile_add_file(&a->c, path);
        }
    }
    xf_check(&a->c);
    return 0;
}

void lsp_analysis_free(lsp_analysis *a) { xf_compile_free(&a->c); }

const xf_module *lsp_module_of_file(const lsp_analysis *a, int32_t file) {
    for (int i = 0; i < a->c.nmodules; i++)
        if (a->c.modules[i]->span.file == file) return a->c.modules[i];
    return NULL;
}

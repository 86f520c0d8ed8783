/* run_sources.c — the sources a run stored, file by file (explain_int.h).
 *
 * A run stores each file whole in run_source, with its path and SHA-256.
 * Runs written before that table existed stored one text, each file after
 * a `# ---- PATH` line and followed by one newline of the joining; such a
 * text is split here.  A comment of the same shape inside a file would
 * split it too, so only a line naming a policy file (`….xf`) or the
 * built-in schema (`<schema>`) starts a file. */
#include "explain_int.h"

#include <stdlib.h>
#include <string.h>

void xf_ex_free_sources(xf_ex_source *s, int n) {
    for (int i = 0; s && i < n; i++) free(s[i].path), free(s[i].text);
    free(s);
}

static int add(xf_ex_source **out, int *n, const char *path, size_t plen, const char *text, size_t tlen) {
    xf_ex_source *a = realloc(*out, sizeof *a * (size_t)(*n + 1));
    if (!a) return -1;
    *out = a;
    xf_ex_source *s = &a[*n];
    s->path = malloc(plen + 1), s->text = malloc(tlen + 1), s->len = (uint32_t)tlen;
    if (!s->path || !s->text) {
        free(s->path), free(s->text);
        return -1;
    }
    memcpy(s->path, path, plen), s->path[plen] = 0;
    memcpy(s->text, text, tlen), s->text[tlen] = 0;
    (*n)++;
    return 0;
}

/* A `# ---- PATH` line of the joined form: the path's start and length. */
static int file_line(const char *p, const char *eol, const char **path, size_t *len) {
    if ((size_t)(eol - p) < 8 || strncmp(p, "# ---- ", 7)) return 0;
    const char *a = p + 7, *e = eol;
    if (e > a && e[-1] == '\r') e--;
    size_t n = (size_t)(e - a);
    int named = (n == 8 && !strncmp(a, "<schema>", 8)) || (n > 3 && !strncmp(e - 3, ".xf", 3));
    if (!named || memchr(a, ' ', n)) return 0;
    *path = a, *len = n;
    return 1;
}

static int split_joined(const char *joined, xf_ex_source **out, int *n) {
    const char *path = NULL, *body = NULL;
    size_t plen = 0;
    for (const char *p = joined;;) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *np = NULL;
        size_t nl = 0;
        if (!*p || file_line(p, end, &np, &nl)) {  /* the end, or the next file */
            if (path) {
                size_t tlen = (size_t)(p - body);
                if (tlen && body[tlen - 1] == '\n') tlen--;  /* the newline the joining added */
                if (add(out, n, path, plen, body, tlen) != 0) return -1;
            }
            if (!*p) return 0;
            path = np, plen = nl, body = eol ? eol + 1 : end;
        }
        p = eol ? eol + 1 : end;
    }
}

int xf_ex_read_sources(sqlite3 *db, int64_t run, const char *joined, xf_ex_source **out, int *n) {
    *out = NULL, *n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT path, text FROM run_source WHERE run = ?1 ORDER BY seq", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, run);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *path = (const char *)sqlite3_column_text(st, 0);
            const char *text = (const char *)sqlite3_column_text(st, 1);
            if (!path || !text) continue;
            if (add(out, n, path, strlen(path), text, (size_t)sqlite3_column_bytes(st, 1)) != 0) {
                sqlite3_finalize(st);
                return -1;
            }
        }
    }
    sqlite3_finalize(st);  /* no run_source table: a run of an older xiufu */
    if (*n || !joined || !*joined) return 0;
    return split_joined(joined, out, n);
}

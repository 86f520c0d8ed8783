/* documents.c — the documents of a run, filled from its decisions
 * (documents.h).
 *
 * For each document: collect the decisions of its `by` policies that pass
 * its `where`, in the order of the subjects' keys (so two runs over the same
 * records give the same files), then write them — a notice per decision, a
 * ledger row per decision, or a statistics row per group of decisions.
 */
#include "documents.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_csv.h"
#include "doc_file.h"
#include "file_out.h"
#include "doc_render.h"

typedef struct rowset {
    xf_doc_row *v;
    int64_t     n, cap;
} rowset;

static int push(rowset *rs, xf_doc_row row) {
    if (rs->n == rs->cap) {
        int64_t cap = rs->cap ? rs->cap * 2 : 256;
        xf_doc_row *v = realloc(rs->v, sizeof *v * (size_t)cap);
        if (!v) return -1;
        rs->v = v, rs->cap = cap;
    }
    rs->v[rs->n++] = row;
    return 0;
}

static int by_subject(const void *a, const void *b) {
    const xf_doc_row *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return (x->by > y->by) - (x->by < y->by);
}

static char *oom(const char *what) {
    size_t n = strlen(what) + 32;
    char *m = malloc(n);
    if (m) snprintf(m, n, "%s: out of memory", what);
    return m;
}

/* The decisions the document shows, numbered from 1 in the order of their
 * subjects' keys.  Decisions that failed (runtime error) are left out. */
static int collect(const xf_doc_ctx *x, const xf_doc_source *src, int nsrc, rowset *rs) {
    const xf_decl *d = x->doc;
    const xf_table *tab = &x->db->tab[d->subject_decl->table_index];
    for (int k = 0; k < d->nby; k++)
        for (int s = 0; s < nsrc; s++) {
            if (src[s].policy != d->by_decls[k]) continue;
            for (int64_t r = 0; r < tab->nrows; r++) {
                if (src[s].out->outcome[r] < 0 || src[s].out->err[r]) continue;  /* not governed, or failed */
                xf_doc_row row = {.out = src[s].out, .by = k, .r = r, .id = tab->row_id[r]};
                if (d->where && !xf_doc_where(x, d->where, &row)) continue;
                if (push(rs, row) != 0) return -1;
            }
        }
    if (rs->n) qsort(rs->v, (size_t)rs->n, sizeof *rs->v, by_subject);
    for (int64_t i = 0; i < rs->n; i++) rs->v[i].number = i + 1;
    return 0;
}

static char *join_path(const char *dir, const char *name, const char *suffix) {
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

/* ---- notices: DIR/<document>/<subject_id>.txt ---- */

static int write_notices(const xf_doc_ctx *x, const rowset *rs, const char *dir, xf_doc_stats *st, char **errmsg) {
    char *folder = join_path(dir, x->doc->name, "");
    if (!folder) { *errmsg = oom(dir); return -1; }
    int rc = xf_doc_mkdirs(folder, errmsg);
    xf_strbuf text = {0};
    int repeat = 1;
    for (int64_t i = 0; rc == 0 && i < rs->n; i++) {
        const xf_doc_row *row = &rs->v[i];
        /* a subject decided by two of the policies gets two notices */
        repeat = i > 0 && rs->v[i - 1].id == row->id ? repeat + 1 : 1;
        char name[48];
        if (repeat > 1) snprintf(name, sizeof name, "%" PRId64 "-%d.txt", row->id, repeat);
        else snprintf(name, sizeof name, "%" PRId64 ".txt", row->id);
        text.n = 0;
        xf_strbuf_put(&text, "", 0);
        xf_doc_render(x, &x->doc->notice, row, &text);
        if (text.n && text.p[text.n - 1] != '\n') xf_strbuf_put(&text, "\n", 1);
        char *path = join_path(folder, name, "");
        if (text.oom || !path) {
            *errmsg = oom(path ? path : folder);
            rc = -1;
        } else {
            rc = xf_file_write(path, text.p, text.n, errmsg);
            if (rc == 0) st->files++, st->notices++;
        }
        free(path);
    }
    xf_strbuf_free(&text);
    free(folder);
    return rc;
}

/* ---- CSV files, written a row at a time ---- */

typedef struct csv_out {
    xf_file_out file;
    xf_strbuf   line;    /* the row being made */
    int         oom;
} csv_out;

static int csv_open(csv_out *o, const char *dir, const xf_decl *d, char **errmsg) {
    memset(o, 0, sizeof *o);
    char *path = join_path(dir, d->name, ".csv");
    if (!path) { *errmsg = oom(dir); return -1; }
    int rc = xf_file_open(&o->file, path, errmsg);
    free(path);
    if (rc != 0) return -1;
    xf_csv_begin(&o->line);
    for (int i = 0; i < d->ncolumns; i++)
        xf_csv_field(&o->line, i == 0, d->columns[i].name, strlen(d->columns[i].name));
    return 0;
}

/* End the row being made and write it. */
static void csv_row(csv_out *o) {
    xf_csv_end_row(&o->line);
    if (o->line.oom) o->oom = 1;
    else xf_file_put(&o->file, o->line.p, o->line.n);
    o->line.n = 0;
}

static int csv_close(csv_out *o, const char *name, xf_doc_stats *st, char **errmsg) {
    int rc = xf_file_close(&o->file, !o->oom, errmsg);
    if (o->oom) {
        *errmsg = oom(name);
        rc = -1;
    }
    if (rc == 0) st->files++;
    xf_strbuf_free(&o->line);
    return rc;
}

/* ---- ledgers: DIR/<document>.csv, a row per decision ---- */

static int write_ledger(const xf_doc_ctx *x, const rowset *rs, const char *dir, xf_doc_stats *st, char **errmsg) {
    const xf_decl *d = x->doc;
    csv_out o;
    xf_strbuf cell = {0};
    if (csv_open(&o, dir, d, errmsg) != 0) return -1;
    csv_row(&o);
    for (int64_t i = 0; i < rs->n; i++) {
        for (int c = 0; c < d->ncolumns; c++) {
            cell.n = 0;
            xf_strbuf_put(&cell, "", 0);
            xf_doc_render(x, &d->columns[c].value, &rs->v[i], &cell);
            xf_csv_field(&o.line, c == 0, cell.p ? cell.p : "", cell.n);
        }
        csv_row(&o);
        st->rows++;
    }
    if (cell.oom) o.oom = 1;
    xf_strbuf_free(&cell);
    return csv_close(&o, d->name, st, errmsg);
}

/* ---- statistics: DIR/<document>.csv, a row per group ---- */

typedef struct keyed {
    const char *key;   /* the grouping values' texts, separated by U+001F */
    size_t      len;
    int64_t     row;   /* index into the rowset */
} keyed;

static int by_key(const void *a, const void *b) {
    const keyed *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

typedef struct group {
    const xf_doc_row *first;  /* a decision of the group: its grouping values */
    int64_t number, count;
} group;

/* A statistics cell: the group's number, its count, a grouping value, or a
 * text whose placeholders are those. */
static void stat_cell(const xf_doc_ctx *x, const xf_docval *v, const group *g, xf_strbuf *out) {
    char buf[32];
    int64_t slot;
    switch (v->kind) {
    case XF_DV_TEXT:
        for (int i = 0; i < v->nparts; i++) {
            if (v->parts[i].text) xf_strbuf_puts(out, v->parts[i].text);
            else stat_cell(x, &v->parts[i].value, g, out);
        }
        break;
    case XF_DV_ROW: case XF_DV_COUNT:
        snprintf(buf, sizeof buf, "%" PRId64, v->kind == XF_DV_ROW ? g->number : g->count);
        xf_strbuf_puts(out, buf);
        break;
    case XF_DV_KEY: {
        const xf_docval *key = &x->doc->keys[v->index];
        if (xf_doc_value(x, key, g->first, &slot)) xf_doc_format(x, key->type, key->kind == XF_DV_OUTCOME, slot, out);
        break;
    }
    default:
        break;
    }
}

static int write_statistics(const xf_doc_ctx *x, const rowset *rs, const char *dir, xf_doc_stats *st,
                            char **errmsg) {
    const xf_decl *d = x->doc;
    xf_strbuf keys = {0}, cell = {0};
    size_t *off = malloc(sizeof *off * (size_t)(rs->n + 1));
    keyed *order = malloc(sizeof *order * (size_t)(rs->n + 1));
    int rc = -1;
    if (!off || !order) goto done;
    for (int64_t i = 0; i < rs->n; i++) {
        off[i] = keys.n;
        for (int k = 0; k < d->nkeys; k++) {
            int64_t slot;
            if (xf_doc_value(x, &d->keys[k], &rs->v[i], &slot))
                xf_doc_format(x, d->keys[k].type, d->keys[k].kind == XF_DV_OUTCOME, slot, &keys);
            xf_strbuf_put(&keys, "\x1f", 1);
        }
    }
    off[rs->n] = keys.n;
    if (keys.oom) goto done;
    for (int64_t i = 0; i < rs->n; i++) order[i] = (keyed){keys.p + off[i], off[i + 1] - off[i], i};
    if (rs->n) qsort(order, (size_t)rs->n, sizeof *order, by_key);

    csv_out o;
    if (csv_open(&o, dir, d, errmsg) != 0) goto done;
    csv_row(&o);
    int64_t groups = 0;
    for (int64_t i = 0; i < rs->n;) {
        int64_t j = i + 1;
        while (j < rs->n && order[j].len == order[i].len && !memcmp(order[j].key, order[i].key, order[i].len)) j++;
        group g = {&rs->v[order[i].row], ++groups, j - i};
        for (int c = 0; c < d->ncolumns; c++) {
            cell.n = 0;
            xf_strbuf_put(&cell, "", 0);
            stat_cell(x, &d->columns[c].value, &g, &cell);
            xf_csv_field(&o.line, c == 0, cell.p ? cell.p : "", cell.n);
        }
        csv_row(&o);
        st->rows++;
        i = j;
    }
    if (d->total) {
        /* the form's 合计 row: the total under count, the text under the first grouping value */
        int named = 0;
        for (int c = 0; c < d->ncolumns; c++) {
            const xf_docval *v = &d->columns[c].value;
            char buf[32] = "";
            const char *s = buf;
            if (v->kind == XF_DV_COUNT) snprintf(buf, sizeof buf, "%" PRId64, rs->n);
            else if (v->kind == XF_DV_KEY && !named++) s = d->total;
            xf_csv_field(&o.line, c == 0, s, strlen(s));
        }
        csv_row(&o);
    }
    if (cell.oom) o.oom = 1;
    rc = csv_close(&o, d->name, st, errmsg);
done:
    if (rc != 0 && !*errmsg) *errmsg = oom(d->name);
    free(off), free(order);
    xf_strbuf_free(&keys), xf_strbuf_free(&cell);
    return rc;
}

/* ---- all documents ---- */

int xf_documents_write(xf_compile *c, const xf_db *db, const xf_doc_source *src, int nsrc, int64_t as_of,
                       const char *dir, xf_doc_stats *stats, char **errmsg) {
    xf_doc_stats st = {0};
    int rc = 0;
    *errmsg = NULL;
    for (int i = 0; rc == 0 && i < c->ndecls; i++) {
        const xf_decl *d = c->decls[i];
        if (d->kind != XF_D_DOCUMENT || !d->subject_decl || d->subject_decl->table_index < 0) continue;
        int used = 0;
        for (int k = 0; k < d->nby; k++)
            for (int s = 0; s < nsrc; s++) used |= d->by_decls[k] == src[s].policy;
        if (!used) continue;  /* none of its policies decided in this run */
        const xf_module *m = d->module;  /* a plan's forms go out while the plan is in effect */
        if ((m->has_effective_from && as_of < m->effective_from) || (m->has_effective_until && as_of > m->effective_until))
            continue;
        if (st.files == 0 && (rc = xf_doc_mkdirs(dir, errmsg)) != 0) break;
        xf_doc_ctx x = {c, db, d, as_of, d->doc_kind == XF_DOC_NOTICE ? XF_STYLE_NOTICE : XF_STYLE_CSV};
        rowset rs = {0};
        if (collect(&x, src, nsrc, &rs) != 0) {
            *errmsg = oom(d->name);
            rc = -1;
        } else if (d->doc_kind == XF_DOC_NOTICE) {
            rc = write_notices(&x, &rs, dir, &st, errmsg);
        } else if (d->doc_kind == XF_DOC_LEDGER) {
            rc = write_ledger(&x, &rs, dir, &st, errmsg);
        } else {
            rc = write_statistics(&x, &rs, dir, &st, errmsg);
        }
        free(rs.v);
    }
    if (stats) *stats = st;
    return rc;
}

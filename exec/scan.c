/* scan.c — read the bound tables into partitions (see scan.h). */
#define _GNU_SOURCE /* pthread_setname_np */
#include "scan.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "clock.h"
#include "convert.h"
#include "dates.h"
#include "load_session.h"
#include "record.h"
#include "strf.h"
#include "uscc.h"

/* A reader's buffers, all streams together, hold about XF_SCAN_BUFFERS
 * bytes; at most XF_SCAN_MAX_STREAMS streams (each a temporary file, and
 * never more than the open files allowed leave room for: xf_scan_max_streams);
 * about XF_SCAN_SAMPLES codes sampled for the bounds. */
enum {
    XF_SCAN_BUFFERS = 4 << 20, XF_SCAN_MAX_STREAMS = 768, XF_SCAN_SAMPLES = 32 * 768,
    XF_SCAN_MAX_COLS = 250, XF_SCAN_MAX_THREADS = 64,
};

/* Files the process may open besides the streams: SQLite connections and
 * their journals, the output, the pack, the terminal. */
enum { XF_SCAN_FILES_KEPT = 256 };

static int xf_scan_max_streams(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return XF_SCAN_MAX_STREAMS;
    int64_t free_fds = (int64_t)rl.rlim_cur - XF_SCAN_FILES_KEPT;
    return free_fds < 1 ? 1 : free_fds < XF_SCAN_MAX_STREAMS ? (int)free_fds : XF_SCAN_MAX_STREAMS;
}

/* A piece of one table for one thread: rowids lo..hi, or the whole table
 * in key order (ordered). */
typedef struct xf_scan_unit {
    int     t;
    int     ordered;
    int64_t lo, hi;
} xf_scan_unit;

typedef struct xf_scan_table {
    const xf_tablespec *sp;
    xf_load_col        *cols;
    const char         *keyname;   /* for reports */
    const char         *keycol;    /* NULL: rowid */
    int                 by_rowid;  /* rowid ranges (else one ordered unit) */
    int64_t             lo, hi, rows;
} xf_scan_table;

typedef struct xf_scan_run_state {
    const xf_scan_opts *o;
    xf_scan            *sc;
    xf_scan_table      *tabs;
    xf_load_session    *ss;        /* the checked tables: what is absent (versions.h) */
    xf_scan_unit       *units;
    int                 nunits;
    atomic_int          next;
    atomic_int          failed;
    char               *errmsg;    /* the first failure */
    pthread_mutex_t     lock;
} xf_scan_run_state;

static void xf_scan_fail(xf_scan_run_state *rs, char *msg) {
    pthread_mutex_lock(&rs->lock);
    if (!rs->errmsg) rs->errmsg = msg;
    else free(msg);
    atomic_store(&rs->failed, 1);
    pthread_mutex_unlock(&rs->lock);
}

/* ---------------------------------------------------------------- routing */

/* The partition of a code: how many boundaries are at or below it.  Keys
 * first: every row is routed. */
static int xf_scan_route(const xf_scan *sc, const char *code, size_t n) {
    int lo = 0, hi = sc->nstreams - 1;
    uint64_t k[2];
    xf_rec_code_key(code, n, k);
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const uint64_t *b = &sc->bound_key[2 * mid];
        int below = k[0] != b[0] ? k[0] < b[0] : k[1] != b[1] ? k[1] < b[1]
                                                : xf_rec_code_cmp(code, n, sc->bound[mid], sc->bound_len[mid]) < 0;
        if (below) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

static int xf_scan_str_cmp(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return xf_rec_code_cmp(x, strlen(x), y, strlen(y));
}

/* nparts - 1 boundaries at the quantiles of a sample of the entity codes,
 * so that partitions hold about as many entities each and follow one
 * another in code order: decisions come out in code order whatever the
 * number of partitions.  Every per_stream-th of them bounds a stream. */
static int xf_scan_bounds(xf_scan *sc, sqlite3 *sq, const xf_tablespec *esp, const xf_scan_table *tb) {
    sc->part_bound = calloc((size_t)sc->nparts, sizeof *sc->part_bound);
    sc->part_bound_len = calloc((size_t)sc->nparts, sizeof *sc->part_bound_len);
    sc->bound = calloc((size_t)sc->nstreams, sizeof *sc->bound);
    sc->bound_len = calloc((size_t)sc->nstreams, sizeof *sc->bound_len);
    sc->bound_key = calloc((size_t)sc->nstreams * 2, sizeof *sc->bound_key);
    if (!sc->part_bound || !sc->part_bound_len || !sc->bound || !sc->bound_len || !sc->bound_key) return -1;
    if (sc->nparts == 1) return 0;
    int64_t per = XF_SCAN_SAMPLES / sc->nparts, have = 0;
    int64_t want = (int64_t)sc->nparts * (per > 32 ? 32 : per < 2 ? 2 : per);
    char **sample = calloc((size_t)want, sizeof *sample);
    if (!sample) return -1;
    const char *col = esp->entity_col ? esp->entity_col : "uscc";
    char *sql = tb->by_rowid
                    ? sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE rowid >= ?1 ORDER BY rowid LIMIT 1", col, esp->table)
                    : sqlite3_mprintf("SELECT \"%w\" FROM \"%w\"", col, esp->table);
    sqlite3_stmt *st = NULL;
    int r = sql && sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    sqlite3_free(sql);
    /* by rowid: one code at each of `want` even steps; otherwise every
     * step-th code of a whole scan */
    int64_t step = tb->by_rowid ? 1 : tb->rows / want + 1;
    for (int64_t k = 0; !r && have < want; k++) {
        if (tb->by_rowid) {
            if (k == want) break;
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, tb->lo + tb->rows * k / want);
        }
        if (sqlite3_step(st) != SQLITE_ROW) break;
        if (k % step) continue;
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (v && !(sample[have++] = sqlite3_mprintf("%s", v))) r = -1;
    }
    sqlite3_finalize(st);
    if (!r) {
        qsort(sample, (size_t)have, sizeof *sample, xf_scan_str_cmp);
        for (int p = 0; p < sc->nparts - 1 && !r; p++) {
            const char *b = have ? sample[have * (p + 1) / sc->nparts] : "";
            sc->part_bound_len[p] = strlen(b);
            if (!(sc->part_bound[p] = malloc(sc->part_bound_len[p] + 1))) r = -1;
            else memcpy(sc->part_bound[p], b, sc->part_bound_len[p] + 1);
        }
        for (int q = 0; q < sc->nstreams - 1 && !r; q++) {
            int p = (q + 1) * sc->per_stream - 1;
            sc->bound[q] = sc->part_bound[p], sc->bound_len[q] = sc->part_bound_len[p];
            xf_rec_code_key(sc->bound[q], sc->bound_len[q], &sc->bound_key[2 * q]);
        }
    }
    for (int64_t k = 0; k < have; k++) sqlite3_free(sample[k]);
    free(sample);
    return r;
}

/* ---------------------------------------------------------------- workers */

typedef struct xf_scan_worker {
    xf_scan_run_state *rs;
    sqlite3           *sq;
    sqlite3_stmt     **st;        /* per table, prepared on first use */
    xf_rec_buf       *out;       /* [p]: rows on their way to partition p */
    size_t             flush;     /* a buffer goes out at this size */
    xf_rec_buf        rec;       /* the record being built */
    xf_rec_buf        pending;   /* ordered units: the last row, kept until the next key differs */
    int                pending_p;
    int64_t            rows;
    /* the unit being read through xf_scan_take: its table and what stopped it */
    int                take_t;
    int64_t            take_n;
    int                take_oom;
} xf_scan_worker;

/* Whether a unit's rows go through xf_scan_take: a rowid range whose
 * values a function can take (an ordered unit keeps the order of its rows
 * only as the rows of a SELECT). */
static int xf_scan_takes(const xf_scan_worker *w, int t, int ordered) {
    return !ordered && w->rs->tabs[t].sp->ncols + 2 <= sqlite3_limit(w->sq, SQLITE_LIMIT_FUNCTION_ARG, -1);
}

/* The plan's filter of table t, unless a column of the table is absent
 * from this database (a later records version's: read as NULL, never
 * named in SQL). */
static const char *xf_scan_filter(const xf_scan_run_state *rs, int t) {
    const char *f = rs->o->filters ? rs->o->filters[t] : NULL;
    for (int c = 0; f && c < rs->tabs[t].sp->ncols; c++)
        if (xf_load_session_absent(rs->ss, t, c)) f = NULL;
    return f;
}

static int xf_scan_prepare(xf_scan_worker *w, int t, int ordered) {
    if (w->st[t]) return 0;
    const xf_scan_table *tb = &w->rs->tabs[t];
    const xf_tablespec *sp = tb->sp;
    sqlite3_str *q = sqlite3_str_new(w->sq);
    if (xf_load_session_absent(w->rs->ss, t, -1)) {
        /* a table a later records version added: no rows (read as one ordered unit) */
        sqlite3_str_appendall(q, "SELECT NULL, NULL");
        for (int c = 0; c < sp->ncols; c++) sqlite3_str_appendall(q, ", NULL");
        sqlite3_str_appendall(q, " WHERE 0");
    } else {
        if (tb->keycol) sqlite3_str_appendf(q, "SELECT \"%w\"", tb->keycol);
        else sqlite3_str_appendall(q, xf_scan_takes(w, t, ordered) ? "SELECT xf_scan_take(rowid" : "SELECT rowid");
        sqlite3_str_appendf(q, ", \"%w\"", sp->entity_col ? sp->entity_col : "uscc");
        for (int c = 0; c < sp->ncols; c++)
            if (xf_load_session_absent(w->rs->ss, t, c)) sqlite3_str_appendall(q, ", NULL");
            else sqlite3_str_appendf(q, ", \"%w\"", sp->cols[c].name);
        sqlite3_str_appendf(q, "%s FROM \"%w\"", xf_scan_takes(w, t, ordered) ? ")" : "", sp->table);
        const char *filter = xf_scan_filter(w->rs, t);
        if (!ordered) sqlite3_str_appendf(q, " WHERE rowid BETWEEN ?1 AND ?2%s%s%s", filter ? " AND (" : "",
                                          filter ? filter : "", filter ? ")" : "");
        else if (filter) sqlite3_str_appendf(q, " WHERE %s", filter);
        if (ordered && tb->keycol) sqlite3_str_appendf(q, " ORDER BY \"%w\"", tb->keycol);
    }
    char *sql = sqlite3_str_finish(q);
    int rc = sql ? sqlite3_prepare_v2(w->sq, sql, -1, &w->st[t], NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        xf_scan_fail(w->rs, xf_strf("%s: table %s: %s", w->rs->o->path, sp->table, sqlite3_errmsg(w->sq)));
        return -1;
    }
    return 0;
}

static int xf_scan_flush(xf_scan_worker *w, int p) {
    xf_rec_buf *b = &w->out[p];
    if (!b->n) return 0;
    int r = xf_spill_append(&w->rs->sc->streams[p], b->p, b->n);
    b->n = 0;
    if (r) xf_scan_fail(w->rs, xf_strf("%s: cannot keep the rows read: the temporary file is not writable or full",
                                       w->rs->o->path));
    return r;
}

static int xf_scan_emit(xf_scan_worker *w, int p, const xf_rec_buf *rec) {
    xf_rec_buf *b = &w->out[p];
    if (xf_rec_put(b, rec->p, rec->n)) return -1;
    return b->n >= w->flush ? xf_scan_flush(w, p) : 0;
}

/* The row is bad for value v (column col, or XF_REC_COL_NONE: the code). */
static int xf_scan_bad(xf_rec_buf *rec, sqlite3_value *v, int reason, int col) {
    const char *s = (const char *)sqlite3_value_text(v);
    return xf_rec_bad(rec, reason, col, s, s ? (uint32_t)sqlite3_value_bytes(v) : XF_REC_NULL);
}

/* Build the record of the current row into w->rec.  Returns the partition,
 * -1 when the row was reported here (it has no entity to go to), -2 when
 * out of memory. */
static int xf_scan_row(xf_scan_worker *w, int t, sqlite3_value **val) {
    const xf_scan_table *tb = &w->rs->tabs[t];
    const xf_tablespec *sp = tb->sp;
    xf_badrows *bad = w->rs->o->bad;
    const char *entname = sp->entity_col ? sp->entity_col : "uscc";
    xf_rec_buf *rec = &w->rec;
    int64_t key = 0;
    sqlite3_value *kv = val[0];
    int type = sqlite3_value_type(kv), r;
    if (type == SQLITE_INTEGER) key = sqlite3_value_int64(kv), r = XF_BAD_OK;  /* a rowid: every row */
    else r = type == SQLITE_NULL ? XF_BAD_MISSING : xf_load_int_value(kv, &key);
    if (r == XF_LOAD_OOM) return -2;
    if (r != XF_BAD_OK) {
        xf_badrows_add(bad, t, sp->table, key, tb->keyname, (const char *)sqlite3_value_text(kv), r);
        return -1;
    }
    sqlite3_value *cv = val[1];
    if (sqlite3_value_type(cv) == SQLITE_NULL) {
        xf_badrows_add(bad, t, sp->table, key, entname, NULL, XF_BAD_MISSING);
        return -1;
    }
    const char *code = (const char *)sqlite3_value_text(cv);
    if (!code) return -2;
    size_t n = (size_t)sqlite3_value_bytes(cv);
    int part = xf_scan_route(w->rs->sc, code, n > 255 ? 255 : n);
    if (xf_rec_start(rec, t, key, code, n)) return -2;
    /* the entity's code is checked first, then the values */
    if (t == 0 && (r = xf_load_uscc_reason(xf_uscc_validate(code, n))) != XF_BAD_OK) {
        if (xf_scan_bad(rec, cv, r, XF_REC_COL_NONE)) return -2;
    } else {
        /* room for every slot at once; a text makes room for itself and
         * the slots after it */
        int ncols = sp->ncols;
        if (xf_rec_reserve(rec, (size_t)ncols * XF_REC_SLOT)) return -2;
        for (int c = 0; c < ncols; c++) {
            int64_t v = 0;
            uint8_t has = 0;
            sqlite3_value *sv = val[c + 2];
            r = xf_load_convert_value(&tb->cols[c], sv, &v, &has);
            if (r == XF_LOAD_OOM) return -2;
            if (r != XF_BAD_OK) {
                if (xf_scan_bad(rec, sv, r, c)) return -2;
                break;
            }
            if (has && sp->cols[c].kind == XF_K_TEXT) {
                const char *s = (const char *)sqlite3_value_text(sv);
                uint32_t len = (uint32_t)sqlite3_value_bytes(sv);
                if (!s || xf_rec_reserve(rec, XF_REC_TEXT + (size_t)len + (size_t)(ncols - c) * XF_REC_SLOT)) return -2;
                xf_rec_text_in(rec, s, len);
            } else {
                xf_rec_slot_in(rec, has, v);
            }
        }
    }
    xf_rec_finish(rec);
    return part;
}

/* An ordered unit sees a repeated key next to its first copy: every copy is
 * bad, as when the loader reads a whole file. */
static int xf_scan_ordered_row(xf_scan_worker *w, int t, sqlite3_value *kv, int part, int *pending_kept,
                               int64_t *prev_key, int *have_prev) {
    const xf_scan_table *tb = &w->rs->tabs[t];
    xf_rec_head h;
    memcpy(&h, w->rec.p, sizeof h);
    if (*have_prev && h.key == *prev_key) {
        const char *kt = (const char *)sqlite3_value_text(kv);
        if (*pending_kept) {
            *pending_kept = 0;
            w->pending.n = 0;
            xf_badrows_add(w->rs->o->bad, t, tb->sp->table, h.key, tb->keyname, kt, XF_BAD_DUP_KEY);
        }
        xf_badrows_add(w->rs->o->bad, t, tb->sp->table, h.key, tb->keyname, kt, XF_BAD_DUP_KEY);
        return 0;
    }
    if (*pending_kept && xf_scan_emit(w, w->pending_p, &w->pending)) return -1;
    *have_prev = 1;
    *prev_key = h.key;
    w->pending.n = 0;
    if (xf_rec_put(&w->pending, w->rec.p, w->rec.n)) return -1;
    w->pending_p = part;
    *pending_kept = 1;
    return 0;
}

/* Every 1024 rows: count them, and whether to go on. */
static int xf_scan_tick(xf_scan_worker *w, int64_t n) {
    xf_scan_run_state *rs = w->rs;
    if (n & 1023) return 1;
    if (rs->o->progress) atomic_fetch_add(&rs->o->progress->read, 1024);
    return !atomic_load(&rs->failed) && !rs->o->bad->stop;
}

/* The aggregate xf_scan_take(key, code, columns...): one row of the unit
 * w->take_t.  An error ends the statement: out of memory, or a stop. */
static void xf_scan_take(sqlite3_context *cx, int argc, sqlite3_value **val) {
    (void)argc;
    xf_scan_worker *w = sqlite3_user_data(cx);
    w->rows++;
    if (!xf_scan_tick(w, ++w->take_n)) {
        sqlite3_result_error(cx, "stopped", -1);
        return;
    }
    int part = xf_scan_row(w, w->take_t, val);
    if (part == -1) return;
    if (part == -2 || xf_scan_emit(w, part, &w->rec)) {
        w->take_oom = 1;
        sqlite3_result_error_nomem(cx);
    }
}

static void xf_scan_take_final(sqlite3_context *cx) { (void)cx; }

static void xf_scan_unit_run(xf_scan_worker *w, const xf_scan_unit *u) {
    xf_scan_run_state *rs = w->rs;
    const xf_scan_table *tb = &rs->tabs[u->t];
    if (xf_scan_prepare(w, u->t, u->ordered)) return;
    sqlite3_stmt *st = w->st[u->t];
    if (!u->ordered) {
        sqlite3_bind_int64(st, 1, u->lo);
        sqlite3_bind_int64(st, 2, u->hi);
    }
    int rc, pending_kept = 0, have_prev = 0, oom = 0;
    int64_t prev_key = 0, n = 0;
    if (xf_scan_takes(w, u->t, u->ordered)) {
        w->take_t = u->t, w->take_n = 0, w->take_oom = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {}
        n = w->take_n;
        oom = w->take_oom;
        if (rc == SQLITE_ERROR && !oom && (atomic_load(&rs->failed) || rs->o->bad->stop)) rc = SQLITE_DONE;
    } else {
        sqlite3_value *val[XF_SCAN_MAX_COLS + 2];
        int ncol = tb->sp->ncols + 2;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            w->rows++;
            if (!xf_scan_tick(w, ++n)) break;
            for (int i = 0; i < ncol; i++) val[i] = sqlite3_column_value(st, i);
            int part = xf_scan_row(w, u->t, val);
            if (part == -2) { oom = 1; break; }
            if (part < 0) continue;
            int r = u->ordered ? xf_scan_ordered_row(w, u->t, val[0], part, &pending_kept, &prev_key, &have_prev)
                               : xf_scan_emit(w, part, &w->rec);
            if (r) { oom = 1; break; }
        }
    }
    if (rs->o->progress) atomic_fetch_add(&rs->o->progress->read, n & 1023);
    if (!oom && pending_kept && xf_scan_emit(w, w->pending_p, &w->pending)) oom = 1;
    if (oom) xf_scan_fail(rs, xf_strf("%s: table %s: out of memory", rs->o->path, tb->sp->table));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        xf_scan_fail(rs, xf_strf("%s: table %s: %s", rs->o->path, tb->sp->table, sqlite3_errmsg(w->sq)));
    sqlite3_reset(st);
}

static void *xf_scan_worker_main(void *arg) {
    xf_scan_worker *w = arg;
    xf_scan_run_state *rs = w->rs;
    int i;
    while (!atomic_load(&rs->failed) && !rs->o->bad->stop && (i = atomic_fetch_add(&rs->next, 1)) < rs->nunits)
        xf_scan_unit_run(w, &rs->units[i]);
    for (int p = 0; p < rs->sc->nstreams; p++) xf_scan_flush(w, p);
    return NULL;
}

/* A reader of its own: named, for top -H and perf. */
static void *xf_scan_thread_main(void *arg) {
    pthread_setname_np(pthread_self(), "xiufu-read");
    return xf_scan_worker_main(arg);
}

/* ------------------------------------------------------------- connections */

/* Reading stops at the run's deadline, whatever the query is doing (a view
 * over an endless recursive query never returns a row). */
static int xf_scan_past_deadline(void *deadline) { return xf_now_seconds() > *(const double *)deadline; }

static sqlite3 *xf_scan_open(const char *path, const double *deadline, char **errmsg) {
    sqlite3 *sq = NULL;
    int rc = sqlite3_open_v2(path, &sq, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        *errmsg = xf_strf("%s: %s", path, sq ? sqlite3_errmsg(sq) : sqlite3_errstr(rc));
        sqlite3_close(sq);
        return NULL;
    }
    sqlite3_busy_timeout(sq, 5000);
    if (*deadline > 0) sqlite3_progress_handler(sq, 4096, xf_scan_past_deadline, (void *)deadline);
    /* the read transaction starts here: the snapshot; this first read is
     * also where a file that is not a database shows */
    if (sqlite3_exec(sq, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
        *errmsg = xf_strf("%s: %s", path, sqlite3_errmsg(sq));
        sqlite3_close(sq);
        return NULL;
    }
    return sq;
}

static void xf_scan_close(sqlite3 *sq) {
    if (!sq) return;
    sqlite3_exec(sq, "COMMIT", NULL, NULL, NULL);  /* read-only: nothing to lose */
    sqlite3_close(sq);
}

/* A write transaction on the file, so that no commit falls between the
 * readers' snapshots; NULL when the file cannot be written. */
static sqlite3 *xf_scan_freeze(const char *path) {
    sqlite3 *sq = NULL;
    if (sqlite3_open_v2(path, &sq, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
        sqlite3_db_readonly(sq, "main") == 1) {
        sqlite3_close(sq);
        return NULL;
    }
    sqlite3_busy_timeout(sq, 5000);
    if (sqlite3_exec(sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(sq);
        return NULL;
    }
    return sq;
}

static void xf_scan_thaw(sqlite3 *sq) {
    if (!sq) return;
    sqlite3_exec(sq, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(sq);
}

static int xf_scan_is_wal(sqlite3 *sq) {
    sqlite3_stmt *st;
    int wal = 0;
    if (sqlite3_prepare_v2(sq, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        wal = m && sqlite3_stricmp(m, "wal") == 0;
    }
    sqlite3_finalize(st);
    return wal;
}

/* -------------------------------------------------------------- planning */

/* Whether column `col` of `table` is its INTEGER PRIMARY KEY (the rowid). */
static int xf_scan_is_rowid_key(sqlite3 *sq, const char *table, const char *col) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(sq, "SELECT name, type, pk FROM pragma_table_info(?1)", -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    int npk = 0, match = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_int(st, 2) == 0) continue;
        npk++;
        const char *name = (const char *)sqlite3_column_text(st, 0), *type = (const char *)sqlite3_column_text(st, 1);
        if (name && type && !sqlite3_stricmp(name, col) && !sqlite3_stricmp(type, "INTEGER")) match = 1;
    }
    sqlite3_finalize(st);
    return npk == 1 && match;
}

/* The rowid range of a table; 0, or -1 for a table without rowids. */
static int xf_scan_range(sqlite3 *sq, const char *table, int64_t *lo, int64_t *hi) {
    /* one aggregate a query: SQLite reads min(rowid) and max(rowid) off the
     * ends of the b-tree only when each stands alone; together they scan
     * the table (a tenth of a run's instructions) */
    char *sql = sqlite3_mprintf("SELECT (SELECT min(rowid) FROM \"%w\"), (SELECT max(rowid) FROM \"%w\")", table, table);
    sqlite3_stmt *st;
    int r = -1;
    if (sql && sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            *lo = sqlite3_column_int64(st, 0);
            *hi = sqlite3_column_int64(st, 1);
            if (sqlite3_column_type(st, 0) == SQLITE_NULL) *lo = 1, *hi = 0;
            r = 0;
        }
        sqlite3_finalize(st);
    }
    sqlite3_free(sql);
    return r;
}

/* Rowid ranges a table is read in: a few per thread, none under 4096 rows. */
static int64_t xf_scan_pieces(const xf_scan_table *tb, int threads) {
    if (!tb->by_rowid) return 1;
    int64_t pieces = (int64_t)threads * 4;
    return tb->rows / pieces < 4096 ? tb->rows / 4096 + 1 : pieces;
}

/* Bytes a row of the table takes as a record, roughly. */
static int64_t xf_scan_row_bytes(const xf_tablespec *sp) {
    int64_t n = (int64_t)sizeof(xf_rec_head) + 18;
    for (int c = 0; c < sp->ncols; c++) n += sp->cols[c].kind == XF_K_TEXT ? 1 + 4 + 24 : 1 + 8;
    return n;
}

static int xf_scan_plan(xf_scan_run_state *rs, sqlite3 *sq, int threads, int64_t *bytes) {
    const xf_scan_opts *o = rs->o;
    int cap = 0;
    *bytes = 0;
    for (int t = 0; t < o->nspecs; t++) {
        xf_scan_table *tb = &rs->tabs[t];
        const xf_tablespec *sp = &o->specs[t];
        tb->sp = sp;
        int entity_key = t == 0 && sp->key && !sqlite3_stricmp(sp->key, sp->entity_col ? sp->entity_col : "uscc");
        tb->keycol = entity_key ? NULL : sp->key;
        tb->keyname = tb->keycol ? tb->keycol : "rowid";
        if (xf_load_session_absent(rs->ss, t, -1)) {  /* no rows: one ordered unit reads nothing */
            tb->by_rowid = 0;
            tb->rows = 0;
            cap++;
            continue;
        }
        int rowid_key = !tb->keycol || xf_scan_is_rowid_key(sq, sp->table, tb->keycol);
        tb->by_rowid = rowid_key && xf_scan_range(sq, sp->table, &tb->lo, &tb->hi) == 0;
        if (tb->by_rowid && tb->keycol) tb->keycol = NULL;  /* the same value, read as the rowid */
        tb->rows = tb->by_rowid ? (tb->hi >= tb->lo ? tb->hi - tb->lo + 1 : 0) : 0;
        if (!tb->by_rowid) {
            /* a guess is enough for the partition count */
            char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", sp->table);
            sqlite3_stmt *st;
            if (sql && sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW) tb->rows = sqlite3_column_int64(st, 0);
                sqlite3_finalize(st);
            }
            sqlite3_free(sql);
        }
        *bytes += tb->rows * xf_scan_row_bytes(sp);
        cap += (int)xf_scan_pieces(tb, threads);
    }
    rs->units = calloc((size_t)cap + 1, sizeof *rs->units);
    if (!rs->units) return -1;
    /* largest tables first, so that the threads finish together */
    for (int t = 0; t < o->nspecs; t++) {
        xf_scan_table *tb = &rs->tabs[t];
        if (!tb->by_rowid) {
            rs->units[rs->nunits++] = (xf_scan_unit){t, 1, 0, 0};
            continue;
        }
        int64_t pieces = xf_scan_pieces(tb, threads);
        for (int64_t k = 0; k < pieces; k++) {
            int64_t a = tb->lo + tb->rows * k / pieces, b = tb->lo + tb->rows * (k + 1) / pieces - 1;
            if (k == pieces - 1) b = tb->hi;
            if (a <= b || (k == 0 && tb->rows == 0)) rs->units[rs->nunits++] = (xf_scan_unit){t, 0, a, b};
        }
    }
    return 0;
}

/* ------------------------------------------------------------------- run */

static void xf_scan_calendar_bad(void *ud, const xf_bad_row *b) {
    xf_scan_run_state *rs = ud;
    int reason = XF_BAD_MISSING;
    for (int i = 0; i < XF_BAD__COUNT; i++)
        if (!strcmp(xf_load_reason_en[i], b->reason_en)) reason = i;
    xf_badrows_add(rs->o->bad, rs->o->nspecs, b->table, b->row_id, b->column, b->value, reason);
}

void xf_scan_free(xf_scan *s) {
    if (!s) return;
    for (int i = 0; s->streams && i < s->nstreams; i++) xf_spill_free(&s->streams[i]);
    free(s->streams);
    for (int p = 0; s->part_bound && p < s->nparts - 1; p++) free(s->part_bound[p]);
    free(s->part_bound), free(s->part_bound_len);
    free(s->bound), free(s->bound_len), free(s->bound_key);
    free(s->pieces_left);
    free(s->est_rows);
    free(s->note_en);
    free(s->note_zh);
    xf_calendar_free(s->cal);
    free(s);
}

int xf_scan_run(const xf_scan_opts *o, xf_scan **out, char **errmsg) {
    *out = NULL;
    *errmsg = NULL;
    int threads = o->threads < 1 ? 1 : o->threads > XF_SCAN_MAX_THREADS ? XF_SCAN_MAX_THREADS : o->threads;
    xf_scan_run_state rs = {.o = o};
    atomic_init(&rs.next, 0);
    atomic_init(&rs.failed, 0);
    pthread_mutex_init(&rs.lock, NULL);
    xf_scan *sc = calloc(1, sizeof *sc);
    sqlite3 *conns[XF_SCAN_MAX_THREADS] = {0};
    xf_scan_worker *ws = NULL;
    xf_load_session *ss = NULL;
    int nconn = 0, nworkers = 0, r = 1;
    rs.sc = sc;
    rs.tabs = calloc((size_t)o->nspecs + 1, sizeof *rs.tabs);
    if (!sc || !rs.tabs) {
        *errmsg = xf_strf("%s: out of memory", o->path);
        goto done;
    }
    sc->nspecs = o->nspecs;
    /* SQLite would wait on a FIFO, and report a folder or an empty file
     * only as a missing table */
    struct stat st;
    if (stat(o->path, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_size == 0)) {
        *errmsg = xf_strf("%s: %s, not a records database", o->path,
                          S_ISDIR(st.st_mode) ? "a folder" : S_ISREG(st.st_mode) ? "an empty file" : "not a regular file");
        goto done;
    }
    for (int t = 0; t < o->nspecs; t++)
        if (o->specs[t].ncols > XF_SCAN_MAX_COLS) {
            *errmsg = xf_strf("%s: table %s: more than %d bound columns", o->path, o->specs[t].table, XF_SCAN_MAX_COLS);
            goto done;
        }

    /* every connection's snapshot is taken while no one can commit */
    sqlite3 *freeze = xf_scan_freeze(o->path);
    conns[nconn] = xf_scan_open(o->path, &o->deadline, errmsg);
    if (!conns[nconn]) {
        xf_scan_thaw(freeze);
        goto done;
    }
    nconn++;
    if (!freeze && xf_scan_is_wal(conns[0])) threads = 1;
    while (nconn < threads && (conns[nconn] = xf_scan_open(o->path, &o->deadline, errmsg)) != NULL) nconn++;
    xf_scan_thaw(freeze);
    free(*errmsg);  /* fewer readers is no failure */
    *errmsg = NULL;

    /* the tables and columns exist; labels, calendar */
    ss = xf_load_session_open(conns[0], o->path, o->specs, o->nspecs, 0, errmsg);
    if (!ss) goto done;
    rs.ss = ss;
    if (xf_load_session_absent_any(ss)) {
        sc->note_en = xf_load_session_note(ss, 1);
        sc->note_zh = xf_load_session_note(ss, 0);
        if (!sc->note_en || !sc->note_zh) goto oom;
    }
    xf_load_stats cst = {0};
    xf_load_opts copts = {.strict = o->bad->strict, .report = xf_scan_calendar_bad, .ud = &rs};
    if (xf_load_session_calendar(ss, &copts, &sc->cal, &cst, errmsg)) goto done;
    sc->rows_read += cst.rows_read;
    sc->calendar_days = cst.calendar_days;
    for (int t = 0; t < o->nspecs; t++) {
        rs.tabs[t].cols = calloc((size_t)o->specs[t].ncols + 1, sizeof *rs.tabs[t].cols);
        if (!rs.tabs[t].cols) goto oom;
        for (int c = 0; c < o->specs[t].ncols; c++) {
            const xf_colspec *cs = &o->specs[t].cols[c];
            rs.tabs[t].cols[c].spec = cs;
            if ((cs->kind == XF_K_ENUM || cs->kind == XF_K_SET) &&
                xf_load_labels_build(&rs.tabs[t].cols[c].labels, cs->nlabels, cs->labels))
                goto oom;
        }
    }
    int64_t bytes = 0;
    if (xf_scan_plan(&rs, conns[0], nconn, &bytes)) goto oom;
    if (!(sc->est_rows = calloc((size_t)o->nspecs, sizeof *sc->est_rows))) goto oom;
    int64_t all_rows = 0;
    for (int t = 0; t < o->nspecs; t++) all_rows += sc->est_rows[t] = rs.tabs[t].rows;
    if (o->progress) atomic_store(&o->progress->total_read, all_rows);
    int64_t budget = o->budget > 0 ? o->budget : INT64_MAX;
    /* more partitions than streams: each stream holds per_stream of them,
     * read apart (partition.c) */
    int64_t nparts = bytes / budget + 1, max_streams = xf_scan_max_streams();
    if (nparts > INT32_MAX / 2) nparts = INT32_MAX / 2;
    sc->nparts = (int)nparts;
    sc->per_stream = (int)((nparts + max_streams - 1) / max_streams);
    sc->nstreams = (int)((nparts + sc->per_stream - 1) / sc->per_stream);
    sc->streams = calloc((size_t)sc->nstreams, sizeof *sc->streams);
    sc->pieces_left = calloc((size_t)sc->nstreams, sizeof *sc->pieces_left);
    if (!sc->pieces_left) goto oom;
    for (int q = 0; q < sc->nstreams; q++)
        atomic_init(&sc->pieces_left[q], q < sc->nstreams - 1 ? sc->per_stream : sc->nparts - q * sc->per_stream);
    if (!sc->streams || xf_scan_bounds(sc, conns[0], &o->specs[0], &rs.tabs[0])) goto oom;
    for (int i = 0; i < sc->nstreams; i++)
        if (xf_spill_init(&sc->streams[i], sc->nparts == 1, o->tmpdir)) {
            sc->nstreams = i + 1;  /* free what was made */
            *errmsg = xf_strf("%s: cannot create a temporary file in %s", o->path,
                              o->tmpdir ? o->tmpdir : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
            goto done;
        }

    nworkers = nconn < rs.nunits ? nconn : rs.nunits;
    if (nworkers < 1) nworkers = 1;
    sc->readers = nworkers;
    ws = calloc((size_t)nworkers, sizeof *ws);
    if (!ws) goto oom;
    for (int i = 0; i < nworkers; i++) {
        ws[i].rs = &rs;
        ws[i].sq = conns[i];
        ws[i].st = calloc((size_t)o->nspecs, sizeof *ws[i].st);
        ws[i].out = calloc((size_t)sc->nstreams, sizeof *ws[i].out);
        if (sqlite3_create_function_v2(conns[i], "xf_scan_take", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY, &ws[i], NULL,
                                       xf_scan_take, xf_scan_take_final, NULL) != SQLITE_OK)
            goto oom;
        ws[i].flush = XF_SCAN_BUFFERS / (size_t)sc->nstreams;
        if (ws[i].flush < 4096) ws[i].flush = 4096;
        if (ws[i].flush > 65536) ws[i].flush = 65536;
        if (!ws[i].st || !ws[i].out) goto oom;
    }
    pthread_t tid[XF_SCAN_MAX_THREADS];
    int started[XF_SCAN_MAX_THREADS] = {0};
    for (int i = 1; i < nworkers; i++) started[i] = pthread_create(&tid[i], NULL, xf_scan_thread_main, &ws[i]) == 0;
    xf_scan_worker_main(&ws[0]);
    for (int i = 1; i < nworkers; i++) {
        if (started[i]) pthread_join(tid[i], NULL);
        else xf_scan_worker_main(&ws[i]);  /* no thread to be had: do it here */
    }
    for (int i = 0; i < nworkers; i++) sc->rows_read += ws[i].rows;
    if (atomic_load(&rs.failed)) {
        *errmsg = rs.errmsg;
        rs.errmsg = NULL;
        goto done;
    }
    if (o->bad->stop) {
        *errmsg = xf_badrows_strict_message(o->bad, o->path);
        goto done;
    }
    r = 0;
    goto done;
oom:
    if (!*errmsg) *errmsg = xf_strf("%s: out of memory", o->path);
done:
    for (int i = 0; ws && i < nworkers; i++) {
        for (int t = 0; ws[i].st && t < o->nspecs; t++) sqlite3_finalize(ws[i].st[t]);
        for (int k = 0; ws[i].out && k < sc->nstreams; k++) free(ws[i].out[k].p);
        free(ws[i].st), free(ws[i].out), free(ws[i].rec.p), free(ws[i].pending.p);
    }
    free(ws);
    xf_load_session_close(ss);
    for (int i = 0; i < nconn; i++) xf_scan_close(conns[i]);
    for (int t = 0; rs.tabs && t < o->nspecs; t++) {
        for (int c = 0; rs.tabs[t].cols && c < o->specs[t].ncols; c++) xf_load_labels_free(&rs.tabs[t].cols[c].labels);
        free(rs.tabs[t].cols);
    }
    free(rs.tabs);
    free(rs.units);
    free(rs.errmsg);
    pthread_mutex_destroy(&rs.lock);
    if (r) xf_scan_free(sc);
    else *out = sc;
    return r;
}

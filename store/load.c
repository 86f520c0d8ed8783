/* load.c — read a records database into column arrays grouped by entity
 * (see load.h).
 *
 * Reading SQLite is the bottleneck of a run, so each table is read by one
 * prepared SELECT of exactly the bound columns, every value is converted once
 * into its 64-bit slot, and nothing is allocated per value.  A table goes
 * through three steps:
 *
 *   1. check that the table and every bound column exist (PRAGMA table_info),
 *      so a schema mismatch is named before any row is read;
 *   2. read the rows in key order into growable "stage" columns, dropping and
 *      reporting bad rows as they come (xf_load_read_entity / _related);
 *   3. group the rows by entity with a stable counting sort
 *      (xf_load_group): rows read in key order stay in key order within
 *      their entity.
 *
 * All tables are read inside one read transaction, so they come from one
 * snapshot even if another process writes to the file meanwhile.
 *
 * The checks and the prepared SELECTs live in a session (load_session.h),
 * so that load_entity.c can read one entity at a time from an open
 * connection with the same statements, filtered by `uscc = ?1`, and the
 * same conversion of every value.
 *
 * Statistics: rows_read and rows_skipped count workday_calendar rows too;
 * skipped_by_table does not (it follows the specs).
 */
#include "load.h"
#include "load_session.h"
#include "convert.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "texts.h"
#include "uscc.h"
#include "strf.h"
#include "versions.h"

static char *xf_load_vfmt(const char *fmt, va_list ap) { return xf_vstrf(fmt, ap); }

/* Result column i into a slot, text interned. */
static int xf_load_value(const xf_load_col *c, sqlite3_stmt *st, int i, xf_texts *texts,
                         int64_t *v, uint8_t *has) {
    int r = xf_load_convert(c, st, i, v, has);
    if (r != XF_BAD_OK || !*has || c->spec->kind != XF_K_TEXT) return r;
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (!s) return XF_LOAD_OOM;
    *v = xf_texts_intern(texts, s, (size_t)sqlite3_column_bytes(st, i));
    return *v < 0 ? XF_LOAD_OOM : XF_BAD_OK;
}


/* ---------------------------------------------------------- stage columns */

/* The rows of one table as read, before grouping.  Grows geometrically:
 * realloc of large blocks is cheap (glibc remaps pages rather than copying),
 * which saves the full extra scan a SELECT count(*) would cost. */
typedef struct xf_load_stage {
    int64_t   n, cap;
    int       ncols;
    int64_t **val;
    uint8_t **has;
    int64_t  *key;   /* row key, the row id of reports */
    int64_t  *ent;   /* entity index; NULL for the entity table itself */
} xf_load_stage;

static int xf_load_grow(void **p, int64_t cap, size_t size) {
    void *q = realloc(*p, (size_t)cap * size);
    if (!q) return -1;
    *p = q;
    return 0;
}

static int xf_load_stage_grow(xf_load_stage *s, int64_t cap) {
    for (int c = 0; c < s->ncols; c++)
        if (xf_load_grow((void **)&s->val[c], cap, sizeof **s->val) ||
            xf_load_grow((void **)&s->has[c], cap, sizeof **s->has))
            return -1;
    if (xf_load_grow((void **)&s->key, cap, sizeof *s->key)) return -1;
    if (s->ent && xf_load_grow((void **)&s->ent, cap, sizeof *s->ent)) return -1;
    s->cap = cap;
    return 0;
}

static int xf_load_stage_init(xf_load_stage *s, int ncols, int with_ent, int64_t cap) {
    memset(s, 0, sizeof *s);
    s->ncols = ncols;
    s->val = calloc((size_t)ncols + 1, sizeof *s->val);
    s->has = calloc((size_t)ncols + 1, sizeof *s->has);
    if (!s->val || !s->has) return -1;
    if (with_ent && !(s->ent = malloc(sizeof *s->ent))) return -1;
    return xf_load_stage_grow(s, cap);
}

/* Room for one more row. */
static int xf_load_stage_reserve(xf_load_stage *s) {
    return s->n < s->cap ? 0 : xf_load_stage_grow(s, s->cap * 2);
}

static void xf_load_stage_free(xf_load_stage *s) {
    for (int c = 0; s->val && c < s->ncols; c++) free(s->val[c]);
    for (int c = 0; s->has && c < s->ncols; c++) free(s->has[c]);
    free(s->val);
    free(s->has);
    free(s->key);
    free(s->ent);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------- entity map */

/* Every distinct uscc of the entity table -> entity index, or -1 when the
 * entity was skipped, so that its rows elsewhere can say why they go too.
 *
 * Looking up the entity of each related row is the loader's hottest path,
 * and it is bound by cache misses.  A code of 18 characters from the USCC
 * alphabet (every valid code, and one with a wrong check character) packs
 * into 90 bits and sits in its hash slot together with its entity: one
 * memory access per lookup.  Other codes — bad rows only — go to a second
 * table over their bytes. */
typedef struct xf_load_pslot {
    uint64_t a;  /* characters 0..11, 5 bits each */
    uint64_t b;  /* characters 12..17 in bits 0..29; entity index + 2 above; 0 = empty */
} xf_load_pslot;

typedef struct xf_load_entmap {
    /* the codes in read order, back to back */
    char          *bytes;
    size_t         nbytes, capbytes;
    int64_t        n, cap;
    size_t        *off, *len;
    int64_t       *idx;
    /* packed codes */
    uint64_t       pmask;  /* slots - 1 */
    xf_load_pslot *pslot;
    /* other codes */
    uint64_t       mask;
    int64_t       *slot;   /* code number + 1; 0 = empty */
} xf_load_entmap;

enum { XF_LOAD_NO_ENTITY = -2 };  /* entmap_find: the entity table lacks the code */

/* The USCC alphabet (GB 32100-2015: no I, O, S, V, Z), value + 1; 0 = not in it. */
static const uint8_t xf_load_code_val[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23, ['P'] = 24,
    ['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31,
};

static int xf_load_pack(const char *s, size_t n, uint64_t *a, uint64_t *b) {
    if (n != 18) return -1;
    uint64_t x = 0, y = 0;
    for (int i = 0; i < 18; i++) {
        uint64_t v = xf_load_code_val[(unsigned char)s[i]];
        if (!v) return -1;
        if (i < 12) x = x << 5 | v;
        else y = y << 5 | v;
    }
    *a = x;
    *b = y;
    return 0;
}

static uint64_t xf_load_pack_hash(uint64_t a, uint64_t b) {
    uint64_t h = a ^ (b * 0x9E3779B97F4A7C15ULL);  /* then murmur3's finalizer */
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB93FE53E1A87ULL;
    h ^= h >> 33;
    return h;
}

static void xf_load_entmap_free(xf_load_entmap *m) {
    free(m->bytes);
    free(m->off);
    free(m->len);
    free(m->idx);
    free(m->pslot);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

/* Append a code; returns its number or -1 when out of memory. */
static int64_t xf_load_entmap_add(xf_load_entmap *m, const char *s, size_t n) {
    if (m->nbytes + n > m->capbytes) {
        size_t cap = m->capbytes ? m->capbytes : 4096;
        while (cap < m->nbytes + n) cap *= 2;
        if (xf_load_grow((void **)&m->bytes, (int64_t)cap, 1)) return -1;
        m->capbytes = cap;
    }
    if (m->n == m->cap) {
        int64_t cap = m->cap ? m->cap * 2 : 1024;
        if (xf_load_grow((void **)&m->off, cap, sizeof *m->off) ||
            xf_load_grow((void **)&m->len, cap, sizeof *m->len) ||
            xf_load_grow((void **)&m->idx, cap, sizeof *m->idx))
            return -1;
        m->cap = cap;
    }
    memcpy(m->bytes + m->nbytes, s, n);
    m->off[m->n] = m->nbytes;
    m->len[m->n] = n;
    m->idx[m->n] = -1;
    m->nbytes += n;
    return m->n++;
}

/* Slots for n keys at a load factor of at most 1/2. */
static uint64_t xf_load_nslots(int64_t n) {
    uint64_t nslots = 16;
    while (nslots < 2 * (uint64_t)n) nslots *= 2;
    return nslots;
}

/* Prefetching hides the one cache miss of each probe: the map is far
 * larger than the caches, and probes are independent of each other. */
#if defined(__GNUC__)
#define XF_LOAD_PREFETCH(p) __builtin_prefetch(p)
#else
#define XF_LOAD_PREFETCH(p) ((void)(p))
#endif

/* Build both hash tables once the entity table is read.  Codes are
 * distinct: the reader merged repeats. */
static int xf_load_entmap_index(xf_load_entmap *m) {
    enum { AHEAD = 8 };
    int64_t npacked = 0;
    uint64_t a, b;
    for (int64_t g = 0; g < m->n; g++) npacked += !xf_load_pack(m->bytes + m->off[g], m->len[g], &a, &b);
    uint64_t np = xf_load_nslots(npacked), ns = xf_load_nslots(m->n - npacked);
    m->pmask = np - 1;
    m->mask = ns - 1;
    m->pslot = calloc(np, sizeof *m->pslot);
    m->slot = calloc(ns, sizeof *m->slot);
    if (!m->pslot || !m->slot) return -1;
    for (int64_t g = 0; g < m->n; g++) {
        int64_t h = g + AHEAD;
        if (h < m->n && xf_load_pack(m->bytes + m->off[h], m->len[h], &a, &b) == 0)
            XF_LOAD_PREFETCH(&m->pslot[xf_load_pack_hash(a, b) & m->pmask]);
        const char *s = m->bytes + m->off[g];
        if (xf_load_pack(s, m->len[g], &a, &b) == 0) {
            uint64_t j = xf_load_pack_hash(a, b) & m->pmask;
            while (m->pslot[j].b) j = (j + 1) & m->pmask;
            m->pslot[j].a = a;
            m->pslot[j].b = b | (uint64_t)(m->idx[g] + 2) << 30;
        } else {
            uint64_t j = xf_load_hash(s, m->len[g]) & m->mask;
            while (m->slot[j]) j = (j + 1) & m->mask;
            m->slot[j] = g + 1;
        }
    }
    return 0;
}

/* A lookup in two halves: start computes the slot and prefetches it, so
 * the caller can do other work (convert the row's other columns) while the
 * slot comes in; finish probes. */
typedef struct xf_load_probe {
    const char *s;
    size_t      n;
    int         packed;
    uint64_t    a, b, j;
} xf_load_probe;

static void xf_load_entmap_start(const xf_load_entmap *m, const char *s, size_t n, xf_load_probe *p) {
    p->s = s;
    p->n = n;
    p->packed = xf_load_pack(s, n, &p->a, &p->b) == 0;
    if (p->packed) {
        p->j = xf_load_pack_hash(p->a, p->b) & m->pmask;
        XF_LOAD_PREFETCH(&m->pslot[p->j]);
    } else {
        p->j = xf_load_hash(s, n) & m->mask;
    }
}

/* The entity index of the code, -1 for a skipped entity, XF_LOAD_NO_ENTITY
 * when the entity table does not have it. */
static int64_t xf_load_entmap_finish(const xf_load_entmap *m, const xf_load_probe *p) {
    if (p->packed) {
        for (uint64_t j = p->j; m->pslot[j].b; j = (j + 1) & m->pmask)
            if (m->pslot[j].a == p->a && (m->pslot[j].b & 0x3FFFFFFF) == p->b)
                return (int64_t)(m->pslot[j].b >> 30) - 2;
        return XF_LOAD_NO_ENTITY;
    }
    for (uint64_t j = p->j; m->slot[j]; j = (j + 1) & m->mask) {
        int64_t g = m->slot[j] - 1;
        if (m->len[g] == p->n && memcmp(m->bytes + m->off[g], p->s, p->n) == 0) return m->idx[g];
    }
    return XF_LOAD_NO_ENTITY;
}

/* ----------------------------------------------------------------- loader */

/* What stays from one read to the next: the checked specs, their label
 * maps and one prepared SELECT per table. */
struct xf_load_session {
    sqlite3            *sq;
    const char         *name;       /* the database, for messages */
    const xf_tablespec *specs;
    int                 nspecs;
    int                 by_entity;  /* each SELECT takes the entity's uscc as ?1 */
    xf_load_col       **cols;       /* cols[t]: the bound columns of spec t */
    sqlite3_stmt      **st;         /* st[t]: its SELECT */
    /* What the database lacks of a later records version (versions.h):
     * read as an empty table, or as NULL. */
    uint8_t            *no_table;   /* no_table[t] */
    uint8_t           **no_col;     /* no_col[t][c] */
    xf_absent           absent;     /* the same, by name, for the note */
};

/* One read. */
typedef struct xf_loader {
    const char         *path;
    sqlite3            *sq;
    const xf_load_opts *opts;
    xf_load_stats      *stats;
    xf_texts           *texts;
    char              **errmsg;
    xf_load_entmap      ents;
    xf_load_session    *ss;
    int64_t             stage_rows;  /* first capacity of the stage columns */
} xf_loader;

/* Record the first fatal error; returns 1 for `return xf_load_fail(...)`. */
static int xf_load_fail(xf_loader *ld, const char *fmt, ...) {
    if (ld->errmsg && !*ld->errmsg) {
        va_list ap;
        va_start(ap, fmt);
        *ld->errmsg = xf_load_vfmt(fmt, ap);
        va_end(ap);
    }
    return 1;
}

static int xf_load_sqlfail(xf_loader *ld, const char *table) {
    if (table) return xf_load_fail(ld, "%s: table %s: %s", ld->path, table, sqlite3_errmsg(ld->sq));
    return xf_load_fail(ld, "%s: %s", ld->path, sqlite3_errmsg(ld->sq));
}

static int xf_load_oom(xf_loader *ld) { return xf_load_fail(ld, "%s: out of memory", ld->path); }

/* Report one bad row (t: spec index, -1 for the calendar).  The callback
 * hears of it in strict mode too, before the load stops; returns 1 then. */
static int xf_load_bad(xf_loader *ld, int t, const char *table, int64_t row_id,
                       const char *column, const char *value, int reason) {
    ld->stats->rows_skipped++;
    if (t >= 0 && t < 16) ld->stats->skipped_by_table[t]++;
    const char *en = xf_load_reason_en[reason], *zh = xf_load_reason_zh[reason];
    if (ld->opts->report) {
        xf_bad_row b = {table, row_id, column, value, en, zh};
        ld->opts->report(ld->opts->ud, &b);
    }
    if (!ld->opts->strict) return 0;
    return xf_load_fail(ld, "%s: table %s row %lld%s%s value %s%s%s: %s (%s)", ld->path, table,
                        (long long)row_id, column ? " column " : "", column ? column : "",
                        value ? "'" : "", value ? value : "NULL", value ? "'" : "", en, zh);
}

/* The offending value of result column i as text (NULL for SQL NULL). */
static const char *xf_load_text(sqlite3_stmt *st, int i) {
    return (const char *)sqlite3_column_text(st, i);
}

/* Whether `table` exists (column NULL) or has `column`; -1 on SQLite error. */
static int xf_load_has(xf_loader *ld, const char *table, const char *column) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(ld->sq,
                           "SELECT 1 FROM pragma_table_info(?1)"
                           " WHERE ?2 IS NULL OR name = ?2 COLLATE NOCASE LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(st);
    return found;
}

/* The table exists and has every column in names[0..n-1]. */
static int xf_load_check_columns(xf_loader *ld, const char *table, const char *const *names, int n) {
    int r = xf_load_has(ld, table, NULL);
    if (r < 0) return xf_load_sqlfail(ld, NULL);
    if (!r) return xf_load_fail(ld, "%s: no table %s", ld->path, table);
    for (int i = 0; i < n; i++) {
        if (!names[i]) continue;
        r = xf_load_has(ld, table, names[i]);
        if (r < 0) return xf_load_sqlfail(ld, table);
        if (!r) return xf_load_fail(ld, "%s: table %s has no column %s", ld->path, table, names[i]);
    }
    return 0;
}

/* The entity column of spec t: the records schema always calls it uscc. */
static const char *xf_load_entcol(const xf_tablespec *sp) {
    return sp->entity_col ? sp->entity_col : "uscc";
}

/* The key column, or NULL for rowid.  The entity table is keyed by its
 * uscc, which is not an integer: its reports use the rowid. */
static const char *xf_load_keycol(const xf_tablespec *sp, int t) {
    if (t == 0 && sp->key && sqlite3_stricmp(sp->key, xf_load_entcol(sp)) == 0) return NULL;
    return sp->key;
}

static int xf_load_check_spec(xf_loader *ld, const xf_tablespec *sp, int t) {
    if (!sp->table) return xf_load_fail(ld, "%s: table spec %d has no table name", ld->path, t);
    if (sp->ncols < 0 || (sp->ncols > 0 && !sp->cols))
        return xf_load_fail(ld, "%s: table spec %s has no columns", ld->path, sp->table);
    for (int c = 0; c < sp->ncols; c++) {
        const xf_colspec *cs = &sp->cols[c];
        if (!cs->name) return xf_load_fail(ld, "%s: table %s: column %d has no name", ld->path, sp->table, c);
        if (cs->kind < XF_K_BOOL || cs->kind > XF_K_SET)
            return xf_load_fail(ld, "%s: table %s column %s: unknown kind", ld->path, sp->table, cs->name);
        if ((cs->kind == XF_K_ENUM || cs->kind == XF_K_SET) &&
            (cs->nlabels < 0 || (cs->nlabels > 0 && !cs->labels)))
            return xf_load_fail(ld, "%s: table %s column %s: no labels", ld->path, sp->table, cs->name);
        if (cs->kind == XF_K_SET && cs->nlabels > 64)
            return xf_load_fail(ld, "%s: table %s column %s: a set has at most 64 labels",
                                ld->path, sp->table, cs->name);
        for (int k = 0; k < cs->nlabels; k++)
            if (!cs->labels[k])
                return xf_load_fail(ld, "%s: table %s column %s: label %d is NULL", ld->path,
                                    sp->table, cs->name, k);
    }
    return 0;
}

/* The table and its key, entity and bound columns exist; or, for a table
 * or an optional column that a later records version added (versions.h),
 * the session notes it absent: read as empty, or as NULL. */
static int xf_load_check_table(xf_loader *ld, const xf_tablespec *sp, int t) {
    if (xf_load_check_spec(ld, sp, t)) return 1;
    xf_load_session *ss = ld->ss;
    int r = xf_load_has(ld, sp->table, NULL);
    if (r < 0) return xf_load_sqlfail(ld, NULL);
    if (!r && t > 0 && xf_records_added_in(sp->table, NULL) > 1) {
        ss->no_table[t] = 1;
        return xf_absent_add(&ss->absent, sp->table, NULL) ? xf_load_oom(ld) : 0;
    }
    const char *keys[2] = {xf_load_keycol(sp, t), xf_load_entcol(sp)};
    if (xf_load_check_columns(ld, sp->table, keys, 2)) return 1;
    for (int c = 0; c < sp->ncols; c++) {
        const char *name = sp->cols[c].name;
        r = xf_load_has(ld, sp->table, name);
        if (r < 0) return xf_load_sqlfail(ld, sp->table);
        if (r) continue;
        if (!sp->cols[c].optional || xf_records_added_in(sp->table, name) < 2)
            return xf_load_fail(ld, "%s: table %s has no column %s", ld->path, sp->table, name);
        ss->no_col[t][c] = 1;
        if (xf_absent_add(&ss->absent, sp->table, name)) return xf_load_oom(ld);
    }
    return 0;
}

/* SELECT key, entity, c1, c2 ... FROM table [WHERE entity = ?1] ORDER BY
 * order.  Identifiers are quoted (%w doubles quotes): names may be Chinese
 * or reserved words. */
static int xf_load_prepare(xf_loader *ld, const xf_tablespec *sp, int t, int by_entity, sqlite3_stmt **st) {
    const char *key = xf_load_keycol(sp, t);
    sqlite3_str *q = sqlite3_str_new(ld->sq);
    if (ld->ss->no_table[t]) {
        /* an absent table: the same columns, no rows (?1 still there to bind) */
        sqlite3_str_appendall(q, "SELECT NULL, NULL");
        for (int c = 0; c < sp->ncols; c++) sqlite3_str_appendall(q, ", NULL");
        sqlite3_str_appendall(q, by_entity ? " WHERE 0 AND ?1 IS NULL" : " WHERE 0");
    } else {
        if (key) sqlite3_str_appendf(q, "SELECT \"%w\"", key);
        else sqlite3_str_appendall(q, "SELECT rowid");
        sqlite3_str_appendf(q, ", \"%w\"", xf_load_entcol(sp));
        for (int c = 0; c < sp->ncols; c++)
            if (ld->ss->no_col[t][c]) sqlite3_str_appendall(q, ", NULL");
            else sqlite3_str_appendf(q, ", \"%w\"", sp->cols[c].name);
        sqlite3_str_appendf(q, " FROM \"%w\"", sp->table);
        if (by_entity) sqlite3_str_appendf(q, " WHERE \"%w\" = ?1", xf_load_entcol(sp));
        sqlite3_str_appendall(q, " ORDER BY ");
        /* Entities in code order: deterministic entity indexes.  Other tables
         * in key order: the counting sort keeps it within each entity, and
         * repeated keys arrive next to each other. */
        if (t == 0) sqlite3_str_appendf(q, "\"%w\"", xf_load_entcol(sp));
        else if (key) sqlite3_str_appendf(q, "\"%w\"", key);
        else sqlite3_str_appendall(q, "rowid");
    }
    char *sql = sqlite3_str_finish(q);
    if (!sql) return xf_load_oom(ld);
    int rc = sqlite3_prepare_v2(ld->sq, sql, -1, st, NULL);
    sqlite3_free(sql);
    return rc == SQLITE_OK ? 0 : xf_load_sqlfail(ld, sp->table);
}

static int xf_load_cols_init(xf_loader *ld, const xf_tablespec *sp, xf_load_col **cols) {
    *cols = calloc((size_t)sp->ncols + 1, sizeof **cols);
    if (!*cols) return xf_load_oom(ld);
    for (int c = 0; c < sp->ncols; c++) {
        const xf_colspec *cs = &sp->cols[c];
        (*cols)[c].spec = cs;
        if ((cs->kind == XF_K_ENUM || cs->kind == XF_K_SET) &&
            xf_load_labels_build(&(*cols)[c].labels, cs->nlabels, cs->labels))
            return xf_load_oom(ld);
    }
    return 0;
}

static void xf_load_cols_free(xf_load_col *cols, int ncols) {
    for (int c = 0; cols && c < ncols; c++) xf_load_labels_free(&cols[c].labels);
    free(cols);
}

/* Convert the bound columns of the current row into stage row w.  Returns
 * XF_BAD_OK, or the reason of the first bad column (*bad = its index), or
 * XF_LOAD_OOM.  Reporting is the caller's: another check may come first. */
static int xf_load_row_values(xf_loader *ld, const xf_tablespec *sp, const xf_load_col *cols,
                              sqlite3_stmt *st, xf_load_stage *s, int64_t w, int *bad) {
    for (int c = 0; c < sp->ncols; c++) {
        int r = xf_load_value(&cols[c], st, c + 2, ld->texts, &s->val[c][w], &s->has[c][w]);
        if (r == XF_BAD_OK) continue;
        *bad = c;
        return r;
    }
    return XF_BAD_OK;
}

/* Report bad column c of the current row.  Returns 1 when the load stops. */
static int xf_load_bad_value(xf_loader *ld, int t, const xf_tablespec *sp, sqlite3_stmt *st,
                             int64_t row_id, int c, int reason) {
    if (reason == XF_LOAD_OOM) return xf_load_oom(ld);
    return xf_load_bad(ld, t, sp->table, row_id, sp->cols[c].name, xf_load_text(st, c + 2), reason);
}

/* The row key of result column 0. */
static int xf_load_key(sqlite3_stmt *st, int64_t *key) {
    int type = sqlite3_column_type(st, 0);
    if (type == SQLITE_NULL) return XF_BAD_MISSING;
    return xf_load_int(st, 0, key);
}

/* Read the entity table (spec 0) in uscc order.  A repeated uscc makes every
 * row that carries it bad: which one the other tables mean cannot be told. */
static int xf_load_read_entity(xf_loader *ld, const xf_tablespec *sp, const xf_load_col *cols,
                               sqlite3_stmt *st, xf_load_stage *s) {
    const char *keyname = xf_load_keycol(sp, 0) ? sp->key : "rowid", *entname = xf_load_entcol(sp);
    xf_load_entmap *m = &ld->ents;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ld->stats->rows_read++;
        if (xf_load_stage_reserve(s)) return xf_load_oom(ld);
        int64_t w = s->n, key = 0;
        int r = xf_load_key(st, &key);
        if (r == XF_LOAD_OOM) return xf_load_oom(ld);
        if (r != XF_BAD_OK) {
            if (xf_load_bad(ld, 0, sp->table, key, keyname, xf_load_text(st, 0), r)) return 1;
            continue;
        }
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            if (xf_load_bad(ld, 0, sp->table, key, entname, NULL, XF_BAD_MISSING)) return 1;
            continue;
        }
        const char *code = xf_load_text(st, 1);
        if (!code) return xf_load_oom(ld);
        size_t n = (size_t)sqlite3_column_bytes(st, 1);
        int64_t g = m->n - 1;
        if (g >= 0 && m->len[g] == n && memcmp(m->bytes + m->off[g], code, n) == 0) {
            if (m->idx[g] >= 0) {  /* the copy accepted before: withdraw it */
                s->n--;
                m->idx[g] = -1;
                if (xf_load_bad(ld, 0, sp->table, s->key[s->n], entname, code, XF_BAD_DUP_KEY)) return 1;
            }
            if (xf_load_bad(ld, 0, sp->table, key, entname, code, XF_BAD_DUP_KEY)) return 1;
            continue;
        }
        if ((g = xf_load_entmap_add(m, code, n)) < 0) return xf_load_oom(ld);
        r = xf_load_uscc_reason(xf_uscc_validate(code, n));
        if (r != XF_BAD_OK) {
            if (xf_load_bad(ld, 0, sp->table, key, entname, code, r)) return 1;
            continue;
        }
        int c = 0;
        r = xf_load_row_values(ld, sp, cols, st, s, w, &c);
        if (r != XF_BAD_OK) {
            if (xf_load_bad_value(ld, 0, sp, st, key, c, r)) return 1;
            continue;
        }
        s->key[w] = key;
        m->idx[g] = w;
        s->n++;
    }
    return rc == SQLITE_DONE ? 0 : xf_load_sqlfail(ld, sp->table);
}

/* Start the entity lookup of the current row (result column 1).  Returns
 * XF_BAD_OK, XF_BAD_MISSING or XF_LOAD_OOM. */
static int xf_load_row_entity_start(xf_loader *ld, sqlite3_stmt *st, xf_load_probe *p) {
    if (sqlite3_column_type(st, 1) == SQLITE_NULL) return XF_BAD_MISSING;
    const char *code = xf_load_text(st, 1);
    if (!code) return XF_LOAD_OOM;
    xf_load_entmap_start(&ld->ents, code, (size_t)sqlite3_column_bytes(st, 1), p);
    return XF_BAD_OK;
}

/* Finish it: the entity index in *e, or a reason. */
static int xf_load_row_entity_finish(xf_loader *ld, const xf_load_probe *p, int64_t *e) {
    *e = xf_load_entmap_finish(&ld->ents, p);
    if (*e == XF_LOAD_NO_ENTITY) return XF_BAD_UNKNOWN_ENTITY;
    if (*e < 0) return XF_BAD_SKIPPED_ENTITY;
    return XF_BAD_OK;
}

/* Read a related table (spec t > 0) in key order.  A repeated key makes
 * every row that carries it bad, as for entities.
 *
 * Everything here depends only on the rows the statement yields, so a
 * reader per thread over a key range (and a merge of the stages, which
 * must then also catch a repeated key at a range boundary) fits in later. */
static int xf_load_read_related(xf_loader *ld, int t, const xf_tablespec *sp,
                                const xf_load_col *cols, sqlite3_stmt *st, xf_load_stage *s) {
    const char *keyname = xf_load_keycol(sp, t) ? sp->key : "rowid", *entname = xf_load_entcol(sp);
    int have_prev = 0, prev_kept = 0;
    int64_t prev_key = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ld->stats->rows_read++;
        if (xf_load_stage_reserve(s)) return xf_load_oom(ld);
        int64_t w = s->n, key = 0, e = 0;
        int r = xf_load_key(st, &key);
        if (r == XF_LOAD_OOM) return xf_load_oom(ld);
        if (r != XF_BAD_OK) {
            if (xf_load_bad(ld, t, sp->table, key, keyname, xf_load_text(st, 0), r)) return 1;
            continue;
        }
        if (have_prev && key == prev_key) {
            const char *kt = xf_load_text(st, 0);
            if (prev_kept) {  /* the copy accepted before: withdraw it */
                s->n--;
                prev_kept = 0;
                if (xf_load_bad(ld, t, sp->table, key, keyname, kt, XF_BAD_DUP_KEY)) return 1;
            }
            if (xf_load_bad(ld, t, sp->table, key, keyname, kt, XF_BAD_DUP_KEY)) return 1;
            continue;
        }
        have_prev = 1;
        prev_key = key;
        prev_kept = 0;
        /* The entity check comes first in reports; its probe overlaps the
         * conversion of the other columns. */
        xf_load_probe probe;
        int c = 0;
        r = xf_load_row_entity_start(ld, st, &probe);
        int v = r == XF_BAD_OK ? xf_load_row_values(ld, sp, cols, st, s, w, &c) : XF_BAD_OK;
        if (r == XF_BAD_OK) r = xf_load_row_entity_finish(ld, &probe, &e);
        if (r == XF_LOAD_OOM || v == XF_LOAD_OOM) return xf_load_oom(ld);
        if (r != XF_BAD_OK) {
            if (xf_load_bad(ld, t, sp->table, key, entname, xf_load_text(st, 1), r)) return 1;
            continue;
        }
        if (v != XF_BAD_OK) {
            if (xf_load_bad_value(ld, t, sp, st, key, c, v)) return 1;
            continue;
        }
        s->key[w] = key;
        s->ent[w] = e;
        s->n++;
        prev_kept = 1;
    }
    return rc == SQLITE_DONE ? 0 : xf_load_sqlfail(ld, sp->table);
}

/* ---------------------------------------------------------------- grouping */

static void *xf_load_alloc(int64_t n, size_t size) {
    return malloc((size_t)(n > 0 ? n : 1) * size);
}

/* Move element i of *arr to dest[i]. */
static int xf_load_permute64(int64_t **arr, const int64_t *dest, int64_t n) {
    int64_t *out = xf_load_alloc(n, sizeof *out);
    if (!out) return -1;
    for (int64_t i = 0; i < n; i++) out[dest[i]] = (*arr)[i];
    free(*arr);
    *arr = out;
    return 0;
}

static int xf_load_permute8(uint8_t **arr, const int64_t *dest, int64_t n) {
    uint8_t *out = xf_load_alloc(n, sizeof *out);
    if (!out) return -1;
    for (int64_t i = 0; i < n; i++) out[dest[i]] = (*arr)[i];
    free(*arr);
    *arr = out;
    return 0;
}

/* Stable counting sort of the stage rows by entity; first[] gets nent + 1
 * entries.  Rows that already come in entity order (records generated
 * entity by entity) are left where they are. */
static int xf_load_group(xf_load_stage *s, int64_t nent, int64_t **first_out) {
    int64_t n = s->n, *first = calloc((size_t)nent + 1, sizeof *first);
    if (!first) return -1;
    int sorted = 1;
    for (int64_t i = 0; i < n; i++) {
        first[s->ent[i] + 1]++;
        if (i && s->ent[i] < s->ent[i - 1]) sorted = 0;
    }
    for (int64_t e = 1; e <= nent; e++) first[e] += first[e - 1];
    *first_out = first;
    if (sorted) return 0;
    int64_t *dest = xf_load_alloc(n, sizeof *dest), *pos = xf_load_alloc(nent, sizeof *pos);
    int r = -1;
    if (dest && pos) {
        memcpy(pos, first, (size_t)nent * sizeof *pos);
        for (int64_t i = 0; i < n; i++) dest[i] = pos[s->ent[i]]++;
        r = 0;
        for (int c = 0; c < s->ncols && !r; c++)
            r = xf_load_permute64(&s->val[c], dest, n) || xf_load_permute8(&s->has[c], dest, n) ? -1 : 0;
        if (!r) r = xf_load_permute64(&s->key, dest, n) || xf_load_permute64(&s->ent, dest, n) ? -1 : 0;
    }
    free(dest);
    free(pos);
    return r;
}

/* Hand the stage's arrays to the table. */
static void xf_load_stage_to_table(xf_load_stage *s, xf_table *tab) {
    tab->nrows = s->n;
    tab->ncols = s->ncols;
    tab->val = s->val;
    tab->has = s->has;
    tab->row_id = s->key;
    tab->ent = s->ent;
    s->val = NULL;
    s->has = NULL;
    s->key = NULL;
    s->ent = NULL;
    s->ncols = 0;
}

/* The entity table is its own grouping: row e is entity e. */
static int xf_load_identity(xf_table *tab) {
    int64_t n = tab->nrows;
    tab->ent = xf_load_alloc(n, sizeof *tab->ent);
    tab->first = xf_load_alloc(n + 1, sizeof *tab->first);
    if (!tab->ent || !tab->first) return -1;
    for (int64_t i = 0; i < n; i++) tab->ent[i] = tab->first[i] = i;
    tab->first[n] = n;
    return 0;
}

/* ------------------------------------------------------------------ tables */

/* Read spec t with the session's statement (bound to the entity's uscc when
 * the session reads by entity); reset it afterwards, so that it holds no
 * read lock between reads. */
static int xf_load_table(xf_loader *ld, int t, const char *uscc, size_t uscc_len, xf_db *db) {
    const xf_tablespec *sp = &ld->ss->specs[t];
    const xf_load_col *cols = ld->ss->cols[t];
    sqlite3_stmt *st = ld->ss->st[t];
    xf_load_stage s;
    int r = xf_load_stage_init(&s, sp->ncols, t > 0, ld->stage_rows) ? xf_load_oom(ld) : 0;
    if (!r && ld->ss->by_entity &&
        sqlite3_bind_text(st, 1, uscc ? uscc : "", (int)uscc_len, SQLITE_STATIC) != SQLITE_OK)
        r = xf_load_sqlfail(ld, sp->table);
    if (!r) r = t == 0 ? xf_load_read_entity(ld, sp, cols, st, &s)
                       : xf_load_read_related(ld, t, sp, cols, st, &s);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    xf_table *tab = &db->tab[t];
    if (!r && t == 0) {
        db->nent = s.n;
        r = xf_load_entmap_index(&ld->ents) ? xf_load_oom(ld) : 0;
        if (!r) xf_load_stage_to_table(&s, tab);
        if (!r && xf_load_identity(tab)) r = xf_load_oom(ld);
    } else if (!r) {
        r = xf_load_group(&s, db->nent, &tab->first) ? xf_load_oom(ld) : 0;
        if (!r) xf_load_stage_to_table(&s, tab);
    }
    xf_load_stage_free(&s);
    return r;
}

/* ---------------------------------------------------------------- calendar */

/* The accepted calendar rows, applied once all are read. */
typedef struct xf_load_days {
    int64_t  n, cap;
    int64_t *day;
    uint8_t *work;
} xf_load_days;

static int xf_load_read_calendar(xf_loader *ld, sqlite3_stmt *st, xf_load_days *d) {
    static const char table[] = "workday_calendar";
    int have_prev = 0, prev_kept = 0, rc;
    int64_t prev_day = 0, prev_row = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ld->stats->rows_read++;
        if (d->n == d->cap) {
            int64_t cap = d->cap ? d->cap * 2 : 256;
            if (xf_load_grow((void **)&d->day, cap, sizeof *d->day) ||
                xf_load_grow((void **)&d->work, cap, sizeof *d->work))
                return xf_load_oom(ld);
            d->cap = cap;
        }
        int64_t row = sqlite3_column_int64(st, 0), day = 0, work = 0;
        int r = sqlite3_column_type(st, 1) == SQLITE_NULL ? XF_BAD_MISSING : xf_load_date(st, 1, &day);
        if (r == XF_LOAD_OOM) return xf_load_oom(ld);
        if (r != XF_BAD_OK) {
            if (xf_load_bad(ld, -1, table, row, "day", xf_load_text(st, 1), r)) return 1;
            continue;
        }
        if (have_prev && day == prev_day) {  /* ORDER BY day: repeats are adjacent */
            const char *dt = xf_load_text(st, 1);
            if (prev_kept) {
                d->n--;
                prev_kept = 0;
                if (xf_load_bad(ld, -1, table, prev_row, "day", dt, XF_BAD_DUP_KEY)) return 1;
            }
            if (xf_load_bad(ld, -1, table, row, "day", dt, XF_BAD_DUP_KEY)) return 1;
            continue;
        }
        have_prev = 1;
        prev_day = day;
        prev_row = row;
        prev_kept = 0;
        int type = sqlite3_column_type(st, 2);
        r = type == SQLITE_NULL ? XF_BAD_MISSING : xf_load_int(st, 2, &work);
        if (r == XF_LOAD_OOM) return xf_load_oom(ld);
        if (r == XF_BAD_INT || (r == XF_BAD_OK && work != 0 && work != 1)) r = XF_BAD_BOOL;
        if (r != XF_BAD_OK) {
            if (xf_load_bad(ld, -1, table, row, "workday", xf_load_text(st, 2), r)) return 1;
            continue;
        }
        d->day[d->n] = day;
        d->work[d->n] = (uint8_t)work;
        d->n++;
        prev_kept = 1;
    }
    return rc == SQLITE_DONE ? 0 : xf_load_sqlfail(ld, table);
}

/* workday_calendar is optional: without it the weekday rule holds alone.
 * *cal is set (and the caller's to free) even when reading fails. */
static int xf_load_calendar(xf_loader *ld, xf_calendar **cal) {
    static const char *const cols[] = {"day", "workday"};
    if (!(*cal = xf_calendar_new())) return xf_load_oom(ld);
    int r = xf_load_has(ld, "workday_calendar", NULL);
    if (r < 0) return xf_load_sqlfail(ld, NULL);
    if (r == 0) {
        ld->stats->calendar_days = -1;
        return 0;
    }
    if (xf_load_check_columns(ld, "workday_calendar", cols, 2)) return 1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(ld->sq, "SELECT rowid, day, workday FROM workday_calendar ORDER BY day",
                           -1, &st, NULL) != SQLITE_OK)
        return xf_load_sqlfail(ld, "workday_calendar");
    xf_load_days d = {0, 0, NULL, NULL};
    r = xf_load_read_calendar(ld, st, &d);
    sqlite3_finalize(st);
    for (int64_t i = 0; !r && i < d.n; i++)
        if (xf_calendar_set(*cal, d.day[i], d.work[i]))
            r = xf_load_fail(ld, "%s: table workday_calendar: day %lld out of range", ld->path,
                             (long long)d.day[i]);
    if (!r) ld->stats->calendar_days = (int)d.n;
    free(d.day);
    free(d.work);
    return r;
}

/* ---------------------------------------------------------------- session */

/* A loader for the session's own work (checks, statements): its messages
 * name the database; it reads nothing. */
static void xf_load_loader(xf_loader *ld, xf_load_session *ss, const xf_load_opts *opts,
                           xf_load_stats *stats, char **errmsg) {
    static const xf_load_opts no_opts = {0, NULL, NULL, NULL};
    memset(ld, 0, sizeof *ld);
    ld->path = ss->name;
    ld->sq = ss->sq;
    ld->opts = opts ? opts : &no_opts;
    ld->stats = stats;
    ld->errmsg = errmsg;
    ld->ss = ss;
    ld->stage_rows = ss->by_entity ? 16 : 4096;  /* one entity has few rows */
}

void xf_load_session_close(xf_load_session *ss) {
    if (!ss) return;
    for (int t = 0; t < ss->nspecs; t++) {
        if (ss->st) sqlite3_finalize(ss->st[t]);
        if (ss->cols) xf_load_cols_free(ss->cols[t], ss->specs[t].ncols);
    }
    for (int t = 0; ss->no_col && t < ss->nspecs; t++) free(ss->no_col[t]);
    free(ss->no_col);
    free(ss->no_table);
    xf_absent_free(&ss->absent);
    free(ss->st);
    free(ss->cols);
    free(ss);
}

int xf_load_session_absent(const xf_load_session *ss, int t, int c) {
    if (t < 0 || t >= ss->nspecs) return 0;
    if (c < 0) return ss->no_table[t];
    return c < ss->specs[t].ncols && ss->no_col[t][c];
}

int xf_load_session_absent_any(const xf_load_session *ss) { return xf_absent_any(&ss->absent); }

char *xf_load_session_note(const xf_load_session *ss, int en) { return xf_absent_note(&ss->absent, en); }

xf_load_session *xf_load_session_open(sqlite3 *sq, const char *name, const xf_tablespec *specs, int nspecs,
                                      int by_entity, char **errmsg) {
    xf_load_stats stats = {0};
    xf_loader ld;
    xf_load_session tmp = {sq, name ? name : "(database)", specs, nspecs, by_entity, NULL, NULL, NULL, NULL, {0}};
    xf_load_session *ss = calloc(1, sizeof *ss);
    if (ss) *ss = tmp;
    xf_load_loader(&ld, ss ? ss : &tmp, NULL, &stats, errmsg);
    if (!ss) {
        xf_load_oom(&ld);
        return NULL;
    }
    int r = !specs || nspecs < 1 ? xf_load_fail(&ld, "%s: no tables to load", ss->name) : 0;
    if (!r) {
        ss->no_table = calloc((size_t)nspecs, 1);
        ss->no_col = calloc((size_t)nspecs, sizeof *ss->no_col);
        if (!ss->no_table || !ss->no_col) r = xf_load_oom(&ld);
        for (int t = 0; !r && t < nspecs; t++)
            if (!(ss->no_col[t] = calloc((size_t)(specs[t].ncols > 0 ? specs[t].ncols : 1), 1))) r = xf_load_oom(&ld);
    }
    for (int t = 0; !r && t < nspecs; t++) r = xf_load_check_table(&ld, &specs[t], t);
    if (!r) {
        ss->cols = calloc((size_t)nspecs, sizeof *ss->cols);
        ss->st = calloc((size_t)nspecs, sizeof *ss->st);
        if (!ss->cols || !ss->st) r = xf_load_oom(&ld);
    }
    for (int t = 0; !r && t < nspecs; t++) {
        r = xf_load_cols_init(&ld, &specs[t], &ss->cols[t]);
        if (!r) r = xf_load_prepare(&ld, &specs[t], t, by_entity, &ss->st[t]);
    }
    if (r) {
        xf_load_session_close(ss);
        return NULL;
    }
    return ss;
}

int xf_load_session_read(xf_load_session *ss, const char *uscc, size_t uscc_len, const xf_load_opts *opts,
                         xf_db **out, xf_load_stats *stats, char **errmsg) {
    xf_loader ld;
    xf_load_loader(&ld, ss, opts, stats, errmsg);
    *out = NULL;
    xf_db *db = calloc(1, sizeof *db);
    int r = db ? 0 : xf_load_oom(&ld);
    if (!r) {
        db->ntables = ss->nspecs;
        if (!(db->tab = calloc((size_t)ss->nspecs, sizeof *db->tab))) r = xf_load_oom(&ld);
        else if (!(db->texts = xf_texts_new())) r = xf_load_oom(&ld);
        ld.texts = db ? db->texts : NULL;
    }
    for (int t = 0; !r && t < ss->nspecs; t++) r = xf_load_table(&ld, t, uscc, uscc_len, db);
    xf_load_entmap_free(&ld.ents);
    if (r) {
        xf_db_free(db);
        return 1;
    }
    *out = db;
    return 0;
}

int xf_load_session_calendar(xf_load_session *ss, const xf_load_opts *opts, xf_calendar **cal,
                             xf_load_stats *stats, char **errmsg) {
    xf_loader ld;
    xf_load_loader(&ld, ss, opts, stats, errmsg);
    *cal = NULL;
    if (!xf_load_calendar(&ld, cal)) return 0;
    xf_calendar_free(*cal);
    *cal = NULL;
    return 1;
}

/* -------------------------------------------------------------------- API */

static int xf_load_open(xf_loader *ld) {
    int rc = sqlite3_open_v2(ld->path, &ld->sq, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        return xf_load_fail(ld, "%s: %s", ld->path, ld->sq ? sqlite3_errmsg(ld->sq) : sqlite3_errstr(rc));
    /* Memory-mapped reads skip a copy per page; a larger cache helps the
     * index lookups of the entity table read in uscc order.  Both are
     * hints: SQLite ignores what it cannot do. */
    sqlite3_exec(ld->sq, "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536", NULL, NULL, NULL);
    /* One read transaction: every table from the same snapshot.  This is
     * also the first read, where a file that is not a database shows. */
    if (sqlite3_exec(ld->sq, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
        return xf_load_sqlfail(ld, NULL);
    return 0;
}

static int xf_load_all(xf_loader *ld, const xf_tablespec *specs, int nspecs, xf_db **out) {
    if (!specs || nspecs < 1) return xf_load_fail(ld, "%s: no tables to load", ld->path);
    if (xf_load_open(ld)) return 1;
    xf_load_session *ss = xf_load_session_open(ld->sq, ld->path, specs, nspecs, 0, ld->errmsg);
    if (!ss) return 1;
    if (ld->opts->absent && xf_absent_any(&ss->absent)) {
        char *en = xf_load_session_note(ss, 1), *zh = xf_load_session_note(ss, 0);
        if (en && zh) ld->opts->absent(ld->opts->ud, en, zh);
        free(en);
        free(zh);
        if (!en || !zh) {
            xf_load_session_close(ss);
            return xf_load_oom(ld);
        }
    }
    int r = xf_load_session_read(ss, NULL, 0, ld->opts, out, ld->stats, ld->errmsg);
    if (!r && xf_load_session_calendar(ss, ld->opts, &(*out)->cal, ld->stats, ld->errmsg)) {
        xf_db_free(*out);
        *out = NULL;
        r = 1;
    }
    xf_load_session_close(ss);
    return r;
}

int xf_db_load(const char *path, const xf_tablespec *specs, int nspecs,
               const xf_load_opts *opts, xf_db **out, xf_load_stats *stats, char **errmsg) {
    static const xf_load_opts no_opts = {0, NULL, NULL, NULL};
    xf_load_stats local;
    if (errmsg) *errmsg = NULL;
    if (out) *out = NULL;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    stats->calendar_days = -1;
    xf_loader ld;
    memset(&ld, 0, sizeof ld);
    ld.path = path ? path : "(null)";
    ld.opts = opts ? opts : &no_opts;
    ld.stats = stats;
    ld.errmsg = errmsg;
    if (!path || !out) return xf_load_fail(&ld, "%s: no database or no result", ld.path);
    int r = xf_load_all(&ld, specs, nspecs, out);
    if (ld.sq) {
        sqlite3_exec(ld.sq, "COMMIT", NULL, NULL, NULL);  /* read-only: nothing to lose */
        sqlite3_close(ld.sq);
    }
    return r ? 1 : 0;
}


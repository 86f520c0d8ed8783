/* output.c — write decisions to the `run` and `decision` tables of an output
 * database, or as JSON lines (see output.h).
 *
 * A run is one write transaction: BEGIN IMMEDIATE takes the write lock up
 * front (so a second writer fails at once instead of midway), the run row is
 * inserted first so its id is known, decisions go through one prepared
 * INSERT, and COMMIT makes the run visible all at once.  Any failure or an
 * interruption before COMMIT leaves the file as it was: the default rollback
 * journal already guarantees that, so the journal mode is left alone.
 */
#include "output.h"
#include "shown.h"
#include "syncer.h"
#include "values.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "sha256.h"
#include "strbuf.h"
#include "strf.h"

#include "version.h"

/* Parameters of the decision_row INSERT, in column order.  Fields named
 * eligible_from or stops_on fill those fixed columns; the other fields
 * follow the fixed columns as parameters XF_P__FIXED + 1, + 2, ...
 * ORDER: xf_writer_cols */
enum {
    XF_P_RUN = 1, XF_P_USCC, XF_P_POLICY, XF_P_SUBJECT_ID, XF_P_OUTCOME, XF_P_STEP,
    XF_P_ELIGIBLE_FROM, XF_P_STOPS_ON, XF_P_ERROR, XF_P_TRACE,
    XF_P__FIXED = XF_P_TRACE
};
static const char *const xf_writer_cols[XF_P__FIXED] = {
    "run", "uscc", "policy", "subject_id", "outcome", "step", "eligible_from", "stops_on", "error", "trace",
};
/* The columns of the view: a field may take none of these names but
 * eligible_from and stops_on. */
enum { XF_VIEW_COLS = 12 };
static const char *const xf_writer_fixed[XF_VIEW_COLS] = {
    "run", "policy", "subject_table", "subject_id", "uscc", "outcome",
    "eligible_from", "stops_on", "step", "basis", "error", "trace",
};

/* What is the same for many decisions is stored once per run (policies,
 * the citation of each step) or once per file (outcome codes); a decision
 * row holds what varies, dates as day numbers.  The view `decision` shows
 * the rows with the columns of docs/engineers-guide.md.  decision_row is a
 * rowid table with no key of its own: a run writes its rows in entity
 * order and each is one append, where a key (run, uscc, policy, subject)
 * cost a uniqueness probe and a seek per row, 43% of the writer's SQLite
 * time.  A run never writes a row twice, so the key checked nothing. */
static const char xf_writer_schema[] =
    "CREATE TABLE IF NOT EXISTS run(id INTEGER PRIMARY KEY, started TEXT, finished TEXT,"
    " as_of TEXT, policy TEXT, policy_hash TEXT, policy_source TEXT, records TEXT, engine TEXT,"
    " subjects INTEGER, skipped INTEGER, xiufu_version TEXT, name TEXT);"
    "CREATE TABLE IF NOT EXISTS run_policy(run INTEGER REFERENCES run(id), id INTEGER, name TEXT,"
    " subject_table TEXT, PRIMARY KEY (run, id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS run_step(run INTEGER REFERENCES run(id), policy INTEGER, step INTEGER,"
    " basis TEXT, PRIMARY KEY (run, policy, step)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS outcome_code(id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL);"
    "CREATE TABLE IF NOT EXISTS decision_row(run INTEGER REFERENCES run(id), uscc TEXT, policy INTEGER,"
    " subject_id INTEGER, outcome INTEGER, step INTEGER, eligible_from INTEGER, stops_on INTEGER, error TEXT,"
    " trace BLOB);"
    "CREATE TABLE IF NOT EXISTS trace_point(run INTEGER REFERENCES run(id), policy TEXT, slot INTEGER,"
    " kind TEXT, name TEXT, value_kind TEXT, labels TEXT, tab TEXT, col TEXT, idx INTEGER, file TEXT,"
    " line INTEGER, col_no INTEGER, source TEXT, basis TEXT, PRIMARY KEY (run, policy, slot));"
    "CREATE TABLE IF NOT EXISTS trace_text(run INTEGER REFERENCES run(id), id INTEGER, text TEXT,"
    " PRIMARY KEY (run, id));"
    /* the rules as written, file by file: `xiufu explain` compiles them again */
    "CREATE TABLE IF NOT EXISTS run_source(run INTEGER REFERENCES run(id), seq INTEGER, path TEXT,"
    " sha256 TEXT, text TEXT, PRIMARY KEY (run, seq));"
    ;

/* Lookups by subject and by entity (xiufu explain) want these indexes; a
 * run does not build them, so that writing stays one append per decision:
 * xf_output_index_subjects builds them when they are first wanted. */
static const char xf_writer_index[] =
    "CREATE INDEX IF NOT EXISTS decision_row_subject ON decision_row(subject_id);"
    "CREATE INDEX IF NOT EXISTS decision_row_uscc ON decision_row(uscc, run);";

/* The view's fixed part, the step's expression between its two halves;
 * the policy's own fields follow. */
static const char xf_writer_view_head[] =
    "CREATE VIEW decision AS SELECT d.run AS run, p.name AS policy, p.subject_table AS subject_table,"
    " d.subject_id AS subject_id, d.uscc AS uscc, o.code AS outcome,"
    " date(d.eligible_from * 86400, 'unixepoch') AS eligible_from,"
    " date(d.stops_on * 86400, 'unixepoch') AS stops_on, ";
static const char xf_writer_view_step[] = "d.step";
static const char xf_writer_view_rest[] = " AS step, s.basis AS basis, d.error AS error, d.trace AS trace";
/* The step as the view shows it when decision_row.step was made without a
 * type, by an xiufu that could store a step as text: the digits of a text
 * step as their number, any other text NULL, so that the column is an
 * integer (and sorts as one) in old files too.  The join to run_step keeps
 * the stored value, which matches the stored value there. */
static const char xf_writer_view_old_step[] =
    "CASE WHEN typeof(d.step) = 'text' THEN CASE WHEN d.step GLOB '[0-9]*' AND d.step NOT GLOB '*[^0-9]*'"
    " AND length(d.step) < 10 THEN CAST(d.step AS INTEGER) END ELSE d.step END";
static const char xf_writer_view_tail[] =
    " FROM decision_row d JOIN run_policy p ON p.run = d.run AND p.id = d.policy"
    " LEFT JOIN outcome_code o ON o.id = d.outcome"
    " LEFT JOIN run_step s ON s.run = d.run AND s.policy = d.policy AND s.step = d.step";

/* A growable byte buffer: the JSON line being built, the text of a set. */
typedef xf_strbuf xf_writer_buf;  /* runtime/strbuf.h */

/* Decisions are inserted XF_INSERT_ROWS to a statement: the statement's
 * cursor stays on the last leaf of decision_row between them, so each row
 * is appended without a seek from the root, and a statement's start and
 * end are paid once for them all. */
enum { XF_INSERT_ROWS = 32 };

/* One parameter of a pending row. */
enum { XF_WP_NULL, XF_WP_INT, XF_WP_REAL, XF_WP_TEXT, XF_WP_BLOB, XF_WP_CONST, XF_WP_UNBOUND };
typedef struct xf_writer_param {
    uint8_t     type;
    int64_t     i;         /* XF_WP_INT */
    double      r;         /* XF_WP_REAL */
    uint32_t    off, len;  /* XF_WP_TEXT, XF_WP_BLOB: in the row's buffer */
    const char *s;         /* XF_WP_CONST: a text that outlives the run */
} xf_writer_param;

/* Writes to a database (db != NULL) or to a stream of JSON lines (f). */
struct xf_writer {
    char         *path;     /* the database file, for messages */
    sqlite3      *db;
    FILE         *f;
    sqlite3_stmt *ins;      /* the decision INSERT of the open run: XF_INSERT_ROWS rows at a time */
    sqlite3_stmt *ins1;     /* the same for one row: the last rows of a run */
    int           nparams;  /* parameters a row */
    int           pending;  /* rows bound to ins, not yet inserted */
    /* the values of each pending row, bound when its statement runs;
     * texts and blobs copied into the row's buffer (SQLite binds them
     * without a copy of its own) */
    struct xf_writer_param *prow;   /* [row * nparams + param - 1] */
    struct xf_writer_param *bound;  /* what the XF_INSERT_ROWS statement holds, alike */
    xf_writer_buf rowbuf[XF_INSERT_ROWS];
    sqlite3_stmt *ins_policy, *ins_step, *get_outcome, *ins_outcome;
    char        **policies; /* the run's policies, by id */
    int           npolicies;
    const char   *last_policy;    /* the name the last decision came with, */
    int           last_policy_id; /* and its id: one policy decides many in a row */
    uint8_t     **steps;    /* steps[policy][step]: its citation is stored */
    int          *nsteps;
    char         *outcomes[32];  /* outcome codes by id, as the file numbers them */
    int           in_run;
    int64_t       run_id;
    int           nfields;
    int          *param;    /* param[i]: INSERT parameter of field i */
    uint8_t      *money_text;  /* money_text[i]: field i is money in a TEXT column an earlier xiufu made */
    char         *run_name;    /* the run's name and day, at the head of every JSON line */
    char          as_of[11];
    xf_writer_buf line;
    xf_syncer    *syncer;       /* syncs the file as rows go in (NULL: at COMMIT only) */
    int64_t       rows_unsynced;
};

/* ---------------------------------------------------------------- messages */

static void xf_writer_msg(char **errmsg, const char *fmt, ...) {
    if (!errmsg) return;
    va_list ap;
    va_start(ap, fmt);
    *errmsg = xf_vstrf(fmt, ap);
    va_end(ap);
}

/* The file's name for messages. */
static const char *xf_writer_name(const xf_writer *w) { return w->path ? w->path : "output"; }

static int xf_writer_sqlfail(xf_writer *w, char **errmsg) {
    xf_writer_msg(errmsg, "%s: %s", xf_writer_name(w), sqlite3_errmsg(w->db));
    return -1;
}

/* ------------------------------------------------------------------ buffers */


/* ----------------------------------------------------------- field values */

static int xf_writer_bad_value(xf_writer *w, const xf_field *f, int64_t v, char **errmsg) {
    xf_writer_msg(errmsg, "%s: field %s: value %lld cannot be written (%s)", xf_writer_name(w),
                  f->name, (long long)v,
                  f->kind == XF_K_TEXT ? "unknown text" : f->kind == XF_K_SET || f->kind == XF_K_ENUM
                                                              ? "no such label" : "out of memory");
    return -1;
}

/* -------------------------------------------------------------------- open */

xf_writer *xf_writer_open_db(const char *path, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (!path) {
        xf_writer_msg(errmsg, "output: no file name");
        return NULL;
    }
    xf_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = malloc(strlen(path) + 1))) {
        xf_writer_msg(errmsg, "%s: out of memory", path);
        free(w);
        return NULL;
    }
    strcpy(w->path, path);
    /* one thread writes: no connection mutex */
    if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        xf_writer_msg(errmsg, "%s: %s", path, w->db ? sqlite3_errmsg(w->db) : "out of memory");
        xf_writer_close(w);
        return NULL;
    }
    /* SQLite opens a write-protected file read-only without complaint; say
     * so now rather than when the first run wants to write. */
    if (sqlite3_db_readonly(w->db, "main") == 1) {
        xf_writer_msg(errmsg, "%s: %s", path, sqlite3_errstr(SQLITE_READONLY));
        xf_writer_close(w);
        return NULL;
    }
    /* A short wait lets a reader finish before a run starts or commits;
     * synchronous=NORMAL keeps the rollback journal crash-safe with fewer
     * fsyncs; a new file gets 16 KiB pages (a quarter of the writes and
     * splits of 4 KiB ones; a file that has tables keeps its size).  The
     * SELECT is the first read: a file that is not a database shows here. */
    sqlite3_busy_timeout(w->db, 2000);
    if (sqlite3_exec(w->db, "PRAGMA page_size=16384; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-2048;"
                            " SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
        xf_writer_sqlfail(w, errmsg);
        xf_writer_close(w);
        return NULL;
    }
    w->syncer = xf_syncer_open(path);
    return w;
}

xf_writer *xf_writer_open_jsonl(FILE *f) {
    if (!f) return NULL;
    xf_writer *w = calloc(1, sizeof *w);
    if (w) w->f = f;
    return w;
}

/* ------------------------------------------------------------------- begin */

/* Which INSERT parameter each field fills; a field may not take the name of
 * a fixed column (other than eligible_from and stops_on) or of another field. */
static int xf_writer_map_fields(xf_writer *w, int nfields, const xf_field *fields, char **errmsg) {
    free(w->param), free(w->money_text);
    w->nfields = 0;
    w->money_text = calloc((size_t)nfields + 1, 1);
    if (!(w->param = malloc(((size_t)nfields + 1) * sizeof *w->param)) || !w->money_text) {
        xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
        return -1;
    }
    int next = XF_P__FIXED + 1;
    for (int i = 0; i < nfields; i++) {
        const char *name = fields[i].name;
        if (!name || !*name) {
            xf_writer_msg(errmsg, "%s: field %d has no name", xf_writer_name(w), i);
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (sqlite3_stricmp(name, fields[j].name) == 0) {
                xf_writer_msg(errmsg, "%s: field %s given twice", xf_writer_name(w), name);
                return -1;
            }
        w->param[i] = next;
        for (int p = 0; p < XF_VIEW_COLS; p++)
            if (sqlite3_stricmp(name, xf_writer_fixed[p]) == 0) w->param[i] = 0;
        if (sqlite3_stricmp(name, "eligible_from") == 0) w->param[i] = XF_P_ELIGIBLE_FROM;
        if (sqlite3_stricmp(name, "stops_on") == 0) w->param[i] = XF_P_STOPS_ON;
        if (w->param[i] != next && w->param[i] != XF_P_ELIGIBLE_FROM && w->param[i] != XF_P_STOPS_ON) {
            xf_writer_msg(errmsg, "%s: field %s clashes with the decision column of that name",
                          xf_writer_name(w), name);
            return -1;
        }
        if (w->param[i] == next) next++;
    }
    w->nfields = nfields;
    return 0;
}

static const char *xf_writer_sql_type(xf_kind kind) {
    return kind == XF_K_BOOL || kind == XF_K_INT ? "INTEGER" : kind == XF_K_MONEY ? "REAL" : "TEXT";
}

/* ALTER TABLE decision_row ADD COLUMN for every field it lacks.  Money is
 * REAL, in yuan: a number a query can sum and compare, and exact to the
 * fen when read back (xf_money_from_yuan) for any amount a policy holds.
 * A money column an earlier xiufu made TEXT keeps the text it had
 * ("123.4"): SQLite cannot change a column's type, and one column holding
 * texts and numbers would sort and compare as neither. */
static int xf_writer_add_columns(xf_writer *w, int nfields, const xf_field *fields, char **errmsg) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db, "SELECT type FROM pragma_table_info('decision_row') WHERE name = ?1 COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    int r = 0;
    for (int i = 0; i < nfields && !r; i++) {
        if (w->param[i] <= XF_P__FIXED) continue;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, fields[i].name, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(st, 0);
            w->money_text[i] = fields[i].kind == XF_K_MONEY && type && sqlite3_stricmp(type, "TEXT") == 0;
            continue;
        }
        if (rc != SQLITE_DONE) {
            r = xf_writer_sqlfail(w, errmsg);
            break;
        }
        char *sql = sqlite3_mprintf("ALTER TABLE decision_row ADD COLUMN \"%w\" %s", fields[i].name,
                                    xf_writer_sql_type(fields[i].kind));
        if (!sql || sqlite3_exec(w->db, sql, NULL, NULL, NULL) != SQLITE_OK)
            r = xf_writer_sqlfail(w, errmsg);
        sqlite3_free(sql);
    }
    sqlite3_finalize(st);
    return r;
}

static void xf_writer_bind_text(sqlite3_stmt *st, int i, const char *s) {
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

static int xf_writer_insert_sources(xf_writer *w, const xf_run_info *run, char **errmsg) {
    sqlite3_stmt *st;
    if (!run->nsources) return 0;
    if (sqlite3_prepare_v2(w->db, "INSERT INTO run_source(run, seq, path, sha256, text) VALUES (?1, ?2, ?3, ?4, ?5)", -1,
                           &st, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    int rc = SQLITE_DONE;
    for (int i = 0; i < run->nsources && rc == SQLITE_DONE; i++) {
        const xf_run_source *s = &run->sources[i];
        uint8_t d[32];
        char hex[65];
        xf_sha256(s->text, s->len, d);
        xf_sha256_hex(d, hex);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, w->run_id);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_text(st, 3, s->path, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, hex, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, s->text, (int)s->len, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : xf_writer_sqlfail(w, errmsg);
}

static int xf_writer_insert_run(xf_writer *w, const xf_run_info *run, char **errmsg) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db,
                           /* past every id any table holds: rows left by a run whose
                            * row was deleted must not join the new run */
                           "INSERT INTO run(id, started, as_of, policy, policy_hash, policy_source, records,"
                           " engine, subjects, skipped, xiufu_version, name)"
                           " VALUES (1 + max(ifnull((SELECT max(id) FROM run), 0),"
                           " ifnull((SELECT max(run) FROM decision_row), 0), ifnull((SELECT max(run) FROM run_policy), 0),"
                           " ifnull((SELECT max(run) FROM run_step), 0), ifnull((SELECT max(run) FROM trace_point), 0),"
                           " ifnull((SELECT max(run) FROM trace_text), 0), ifnull((SELECT max(run) FROM run_source), 0)),"
                           " ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, ?8, ?9)",
                           -1, &st, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    const char *v[] = {run->started, run->as_of, run->policy, run->policy_hash,
                       run->nsources ? NULL : run->policy_source, run->records, run->engine, XF_VERSION,
                       run->name};
    for (int i = 0; i < 9; i++) xf_writer_bind_text(st, i + 1, v[i]);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return xf_writer_sqlfail(w, errmsg);
    w->run_id = sqlite3_last_insert_rowid(w->db);
    return xf_writer_insert_sources(w, run, errmsg);
}


static int xf_writer_prepare_insert(xf_writer *w, int nfields, const xf_field *fields, char **errmsg) {
    int nparams = XF_P__FIXED;
    for (int i = 0; i < nfields; i++)
        if (w->param[i] > XF_P__FIXED) nparams++;
    w->nparams = nparams;
    w->pending = 0;
    free(w->prow), free(w->bound);
    w->prow = calloc((size_t)XF_INSERT_ROWS * (size_t)nparams, sizeof *w->prow);
    w->bound = malloc((size_t)XF_INSERT_ROWS * (size_t)nparams * sizeof *w->bound);
    if (w->bound)  /* nothing bound yet */
        for (int k = 0; k < XF_INSERT_ROWS * nparams; k++) w->bound[k].type = XF_WP_UNBOUND;
    if (!w->prow || !w->bound) {
        xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
        return -1;
    }
    /* rows values (?1, ...), (...): XF_INSERT_ROWS rows, then one */
    for (int k = 0; k < 2; k++) {
        int rows = k ? 1 : XF_INSERT_ROWS;
        sqlite3_str *q = sqlite3_str_new(w->db);
        sqlite3_str_appendall(q, "INSERT INTO decision_row(");
        for (int p = 0; p < XF_P__FIXED; p++) sqlite3_str_appendf(q, "%s%s", p ? ", " : "", xf_writer_cols[p]);
        for (int i = 0; i < nfields; i++)
            if (w->param[i] > XF_P__FIXED) sqlite3_str_appendf(q, ", \"%w\"", fields[i].name);
        sqlite3_str_appendall(q, ") VALUES ");
        for (int r = 0; r < rows; r++) {
            sqlite3_str_appendall(q, r ? ", (" : "(");
            for (int p = 1; p <= nparams; p++) sqlite3_str_appendf(q, "%s?%d", p > 1 ? ", " : "", r * nparams + p);
            sqlite3_str_appendall(q, ")");
        }
        char *sql = sqlite3_str_finish(q);
        if (!sql) {
            xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
            return -1;
        }
        int rc = sqlite3_prepare_v2(w->db, sql, -1, k ? &w->ins1 : &w->ins, NULL);
        sqlite3_free(sql);
        if (rc != SQLITE_OK) return xf_writer_sqlfail(w, errmsg);
    }
    return 0;
}

/* A file written by an xiufu that kept a `decision` table is not mixed
 * with this layout. */
static int xf_writer_check_layout(xf_writer *w, char **errmsg) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db, "SELECT 1 FROM sqlite_master WHERE name = 'decision' AND type = 'table'", -1, &st,
                           NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    int rc = sqlite3_step(st), old = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return xf_writer_sqlfail(w, errmsg);
    if (!old) return 0;
    xf_writer_msg(errmsg, "%s: holds decisions in the layout of an earlier xiufu (a decision table);"
                          " write this run to a new file / 文件为旧版 xiufu 的决定表格式，请写入新文件",
                  xf_writer_name(w));
    return -1;
}

/* The declared type of a column, compared case-blind with `type`: 1 when
 * it is that, 0 when not, -1 when SQLite fails. */
static int xf_writer_col_type_is(xf_writer *w, const char *table, const char *col, const char *type) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db, "SELECT type FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), is = 0;
    if (rc == SQLITE_ROW) is = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), type) == 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? is : -1;
}

/* The run's name has a column of its own since typed output: a file an
 * earlier xiufu made gets it the first time a run is added. */
static int xf_writer_add_run_name(xf_writer *w, char **errmsg) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db, "SELECT 1 FROM pragma_table_info('run') WHERE name = 'name'", -1, &st, NULL) !=
        SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return 0;
    if (rc != SQLITE_DONE || sqlite3_exec(w->db, "ALTER TABLE run ADD COLUMN name TEXT", NULL, NULL, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    return 0;
}

/* The view `decision` over every column decision_row has now. */
static int xf_writer_make_view(xf_writer *w, char **errmsg) {
    int typed = xf_writer_col_type_is(w, "decision_row", "step", "INTEGER");
    if (typed < 0) return xf_writer_sqlfail(w, errmsg);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db, "SELECT name FROM pragma_table_info('decision_row') WHERE cid >= 10 ORDER BY cid",
                           -1, &st, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    sqlite3_str *q = sqlite3_str_new(w->db);
    sqlite3_str_appendall(q, "DROP VIEW IF EXISTS decision;");
    sqlite3_str_appendall(q, xf_writer_view_head);
    sqlite3_str_appendall(q, typed ? xf_writer_view_step : xf_writer_view_old_step);
    sqlite3_str_appendall(q, xf_writer_view_rest);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        sqlite3_str_appendf(q, ", d.\"%w\" AS \"%w\"", c, c);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {  /* a view short of columns would hide them */
        sqlite3_free(sqlite3_str_finish(q));
        return xf_writer_sqlfail(w, errmsg);
    }
    sqlite3_str_appendall(q, xf_writer_view_tail);
    char *sql = sqlite3_str_finish(q);
    int r = sql && sqlite3_exec(w->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : xf_writer_sqlfail(w, errmsg);
    sqlite3_free(sql);
    return r;
}

static int xf_writer_prepare_ids(xf_writer *w, char **errmsg) {
    if (sqlite3_prepare_v2(w->db, "INSERT INTO run_policy(run, id, name, subject_table) VALUES (?1, ?2, ?3, ?4)", -1,
                           &w->ins_policy, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(w->db, "INSERT OR IGNORE INTO run_step(run, policy, step, basis) VALUES (?1, ?2, ?3, ?4)",
                           -1, &w->ins_step, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(w->db, "INSERT OR IGNORE INTO outcome_code(code) VALUES (?1)", -1, &w->ins_outcome,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(w->db, "SELECT id FROM outcome_code WHERE code = ?1", -1, &w->get_outcome, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    return 0;
}

/* The statements and ids of a run, let go at its end. */
static void xf_writer_end_run(xf_writer *w) {
    sqlite3_finalize(w->ins), sqlite3_finalize(w->ins1), sqlite3_finalize(w->ins_policy), sqlite3_finalize(w->ins_step);
    sqlite3_finalize(w->ins_outcome), sqlite3_finalize(w->get_outcome);
    w->ins = w->ins1 = w->ins_policy = w->ins_step = w->ins_outcome = w->get_outcome = NULL;
    w->pending = 0;  /* rows bound but not inserted go with the statement */
    for (int i = 0; i < w->npolicies; i++) free(w->policies[i]), free(w->steps[i]);
    free(w->policies), free(w->steps), free(w->nsteps);
    w->policies = NULL, w->steps = NULL, w->nsteps = NULL;
    w->npolicies = 0;
    w->last_policy = NULL;
    for (int i = 0; i < 32; i++) free(w->outcomes[i]), w->outcomes[i] = NULL;
}

/* SQLite rolls a transaction back by itself after some errors (out of
 * memory, a full disk) in a statement whose error it then reports; a caller
 * that went on would write the rest of the run outside any transaction,
 * rows of a run that does not exist.  Checked before rows are written and
 * before the commit. */
static int xf_writer_in_transaction(xf_writer *w, char **errmsg) {
    if (!sqlite3_get_autocommit(w->db)) return 0;
    xf_writer_msg(errmsg, "%s: the run's transaction ended after an earlier error (%s); nothing of this run is kept",
                  xf_writer_name(w), sqlite3_errmsg(w->db));
    return -1;
}

static void xf_writer_rollback(xf_writer *w) {
    xf_writer_end_run(w);
    if (!sqlite3_get_autocommit(w->db)) sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    w->in_run = 0;
    w->run_id = 0;
}

/* The run's name and day, which head every JSON line. */
static int xf_writer_keep_run(xf_writer *w, const xf_run_info *run, char **errmsg) {
    free(w->run_name);
    w->run_name = NULL;
    snprintf(w->as_of, sizeof w->as_of, "%s", run->as_of ? run->as_of : "");
    if (!run->name) return 0;
    size_t n = strlen(run->name) + 1;
    if (!(w->run_name = malloc(n))) {
        xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
        return -1;
    }
    memcpy(w->run_name, run->name, n);
    return 0;
}

int xf_writer_begin(xf_writer *w, const xf_run_info *run, int nfields, const xf_field *fields,
                    char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (!w || !run || nfields < 0 || (nfields > 0 && !fields)) {
        xf_writer_msg(errmsg, "output: bad arguments to begin a run");
        return -1;
    }
    if (w->in_run) {
        xf_writer_msg(errmsg, "%s: a run is already open", xf_writer_name(w));
        return -1;
    }
    if (xf_writer_map_fields(w, nfields, fields, errmsg) || xf_writer_keep_run(w, run, errmsg)) return -1;
    if (!w->db) {
        w->in_run = 1;
        return 0;
    }
    if (sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    int r = xf_writer_check_layout(w, errmsg);
    if (!r && sqlite3_exec(w->db, xf_writer_schema, NULL, NULL, NULL) != SQLITE_OK) r = xf_writer_sqlfail(w, errmsg);
    if (!r) r = xf_writer_add_run_name(w, errmsg);
    if (!r) r = xf_writer_add_columns(w, nfields, fields, errmsg);
    if (!r) r = xf_writer_make_view(w, errmsg);
    if (!r) r = xf_writer_insert_run(w, run, errmsg);
    if (!r) r = xf_writer_prepare_insert(w, nfields, fields, errmsg);
    if (!r) r = xf_writer_prepare_ids(w, errmsg);
    if (!r) r = xf_writer_in_transaction(w, errmsg);
    if (r) {
        xf_writer_rollback(w);
        return -1;
    }
    w->in_run = 1;
    return 0;
}

/* ---------------------------------------------------------------- decision */

/* Pending row values: set into the row's next parameters. */
static void xf_writer_set_null(xf_writer_param *p) { p->type = XF_WP_NULL; }
static void xf_writer_set_int(xf_writer_param *p, int64_t v) { p->type = XF_WP_INT, p->i = v; }
static void xf_writer_set_real(xf_writer_param *p, double v) { p->type = XF_WP_REAL, p->r = v; }
static void xf_writer_set_const(xf_writer_param *p, const char *s) {
    if (s) p->type = XF_WP_CONST, p->s = s;
    else p->type = XF_WP_NULL;
}
static void xf_writer_set_bytes(xf_writer_buf *b, xf_writer_param *p, int type, const void *s, size_t n) {
    p->type = (uint8_t)type, p->off = (uint32_t)b->n, p->len = (uint32_t)n;
    xf_strbuf_put(b, s, n);
}

static int xf_writer_db_field(xf_writer *w, const xf_texts *texts, const xf_field *f, xf_writer_param *p,
                              xf_writer_buf *b, int param, int64_t v, int money_text, char **errmsg) {
    if (f->kind == XF_K_BOOL || f->kind == XF_K_INT ||
        (f->kind == XF_K_DATE && (param == XF_P_ELIGIBLE_FROM || param == XF_P_STOPS_ON))) {
        xf_writer_set_int(p, v);
        return 0;
    }
    if (f->kind == XF_K_MONEY && !money_text) {  /* yuan: fen over 100 rounds to the nearest double */
        xf_writer_set_real(p, (double)v / 100.0);
        return 0;
    }
    char buf[XF_FIELD_TEXT_MAX];
    const char *s = xf_field_text(f, v, texts, buf, sizeof buf);
    if (!s) return xf_writer_bad_value(w, f, v, errmsg);
    xf_writer_set_bytes(b, p, XF_WP_TEXT, s, xf_field_text_len(f, v, texts, s));
    return 0;
}

/* The run's number for a policy: stored in run_policy the first time. */
static int xf_writer_policy_id(xf_writer *w, const char *name, const char *table, char **errmsg) {
    if (name == w->last_policy) return w->last_policy_id;
    for (int i = 0; i < w->npolicies; i++)
        if (!strcmp(w->policies[i], name)) {
            w->last_policy = name, w->last_policy_id = i;
            return i;
        }
    int id = w->npolicies;
    char **p = realloc(w->policies, sizeof *p * (size_t)(id + 1));
    uint8_t **st = realloc(w->steps, sizeof *st * (size_t)(id + 1));
    int *ns = realloc(w->nsteps, sizeof *ns * (size_t)(id + 1));
    if (p) w->policies = p;
    if (st) w->steps = st;
    if (ns) w->nsteps = ns;
    if (!p || !st || !ns || !(p[id] = malloc(strlen(name) + 1))) {
        xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
        return -1;
    }
    strcpy(p[id], name);
    st[id] = NULL;
    ns[id] = 0;
    w->npolicies++;
    sqlite3_stmt *q = w->ins_policy;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, w->run_id);
    sqlite3_bind_int(q, 2, id);
    xf_writer_bind_text(q, 3, name);
    xf_writer_bind_text(q, 4, table);
    return sqlite3_step(q) == SQLITE_DONE ? id : xf_writer_sqlfail(w, errmsg);
}

/* The citation of a policy's step n (from 1; 0: none): stored in run_step
 * the first time. */
static int xf_writer_note_step(xf_writer *w, int pol, int n, const char *basis, char **errmsg) {
    if (n <= 0) return 0;
    if (n < w->nsteps[pol] && w->steps[pol][n]) return 0;
    if (n < 4096) {
        if (n >= w->nsteps[pol]) {
            int cap = (int)n + 16;
            uint8_t *b = realloc(w->steps[pol], (size_t)cap);
            if (!b) {
                xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
                return -1;
            }
            memset(b + w->nsteps[pol], 0, (size_t)(cap - w->nsteps[pol]));
            w->steps[pol] = b;
            w->nsteps[pol] = cap;
        }
        w->steps[pol][n] = 1;
    }
    sqlite3_stmt *q = w->ins_step;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, w->run_id);
    sqlite3_bind_int(q, 2, pol);
    sqlite3_bind_int(q, 3, n);
    xf_writer_bind_text(q, 4, basis);
    return sqlite3_step(q) == SQLITE_DONE ? 0 : xf_writer_sqlfail(w, errmsg);
}

/* The file's number for an outcome code. */
static int64_t xf_writer_outcome_id(xf_writer *w, const char *code, char **errmsg) {
    /* kept at their id, which starts at 1: slot 0 stays empty */
    for (int i = 0; i < 32; i++)
        if (w->outcomes[i] && !strcmp(w->outcomes[i], code)) return i;
    sqlite3_stmt *q = w->ins_outcome;
    sqlite3_reset(q);
    xf_writer_bind_text(q, 1, code);
    if (sqlite3_step(q) != SQLITE_DONE) return xf_writer_sqlfail(w, errmsg);
    q = w->get_outcome;
    sqlite3_reset(q);
    xf_writer_bind_text(q, 1, code);
    if (sqlite3_step(q) != SQLITE_ROW) return xf_writer_sqlfail(w, errmsg);
    int64_t id = sqlite3_column_int64(q, 0);
    for (int i = 0; i < 32; i++)
        if (!w->outcomes[i] && id == i) {
            if ((w->outcomes[i] = malloc(strlen(code) + 1))) strcpy(w->outcomes[i], code);
            break;
        }
    return id;
}

/* The same value where a parameter holds it already: the run, a NULL, the
 * same text in the same place.  A binding survives sqlite3_reset, and a
 * SQLITE_STATIC text or blob is read from its buffer when the statement
 * runs, so binding it again would change nothing. */
static int xf_writer_same(const xf_writer_param *now, const char *buf, const xf_writer_param *was) {
    if (now->type != was->type) return 0;
    switch (now->type) {
    case XF_WP_NULL: return 1;
    case XF_WP_INT: return now->i == was->i;
    case XF_WP_REAL: return now->r == was->r;
    case XF_WP_CONST: return now->s == was->s;
    default: return buf + now->off == was->s && now->len == was->len;
    }
}

/* Bind pending row r to parameters base + 1 ... of st; bound, when given,
 * says what those parameters hold. */
static void xf_writer_bind_row(xf_writer *w, sqlite3_stmt *st, int base, int r, xf_writer_param *bound) {
    const xf_writer_param *p = w->prow + (size_t)r * (size_t)w->nparams;
    const char *buf = w->rowbuf[r].p;
    for (int k = 0; k < w->nparams; k++) {
        int i = base + k + 1;
        if (bound) {
            xf_writer_param *was = &bound[base + k];
            if (xf_writer_same(&p[k], buf, was)) continue;
            *was = p[k];
            if (p[k].type == XF_WP_TEXT || p[k].type == XF_WP_BLOB) was->s = buf + p[k].off;
        }
        switch (p[k].type) {
        case XF_WP_INT: sqlite3_bind_int64(st, i, p[k].i); break;
        case XF_WP_REAL: sqlite3_bind_double(st, i, p[k].r); break;
        case XF_WP_TEXT: sqlite3_bind_text(st, i, buf + p[k].off, (int)p[k].len, SQLITE_STATIC); break;
        case XF_WP_BLOB: sqlite3_bind_blob(st, i, buf + p[k].off, (int)p[k].len, SQLITE_STATIC); break;
        case XF_WP_CONST: sqlite3_bind_text(st, i, p[k].s, -1, SQLITE_STATIC); break;
        default: sqlite3_bind_null(st, i); break;
        }
    }
}

/* Rows between two syncs of the file as it is written (syncer.h): a few
 * megabytes of decisions. */
enum { XF_SYNC_ROWS = 32768 };

static void xf_writer_sync_soon(xf_writer *w, int rows) {
    if (!w->syncer || (w->rows_unsynced += rows) < XF_SYNC_ROWS) return;
    w->rows_unsynced = 0;
    xf_syncer_kick(w->syncer);
}

/* Insert the pending rows: all at once when there are XF_INSERT_ROWS of
 * them, else one by one (the last rows of a run). */
static int xf_writer_flush(xf_writer *w, char **errmsg) {
    int n = w->pending, r = 0;
    w->pending = 0;
    xf_writer_sync_soon(w, n);
    if (n && xf_writer_in_transaction(w, errmsg)) return -1;
    if (n == XF_INSERT_ROWS) {
        for (int k = 0; k < n; k++) xf_writer_bind_row(w, w->ins, k * w->nparams, k, w->bound);
        if (sqlite3_step(w->ins) != SQLITE_DONE) r = xf_writer_sqlfail(w, errmsg);
        sqlite3_reset(w->ins);
        return r;
    }
    for (int k = 0; k < n && !r; k++) {
        xf_writer_bind_row(w, w->ins1, 0, k, NULL);
        if (sqlite3_step(w->ins1) != SQLITE_DONE) r = xf_writer_sqlfail(w, errmsg);
        sqlite3_reset(w->ins1);
    }
    return r;
}

static int xf_writer_db_decision(xf_writer *w, const xf_texts *texts, const xf_decision_row *d,
                                 char **errmsg) {
    int pol = xf_writer_policy_id(w, d->policy ? d->policy : "", d->subject_table, errmsg);
    if (pol < 0 || xf_writer_note_step(w, pol, d->step, d->basis, errmsg)) return -1;
    int64_t outcome = d->outcome ? xf_writer_outcome_id(w, d->outcome, errmsg) : 0;
    if (outcome < 0) return -1;
    /* the next pending row; texts and the trace are copied, as the
     * caller's buffers change before the rows go in */
    int row = w->pending;
    xf_writer_param *p = w->prow + (size_t)row * (size_t)w->nparams - 1;  /* p[XF_P_...] */
    xf_writer_buf *b = &w->rowbuf[row];
    xf_strbuf_reset(b);
    xf_writer_set_int(&p[XF_P_RUN], w->run_id);
    if (d->uscc) xf_writer_set_bytes(b, &p[XF_P_USCC], XF_WP_TEXT, d->uscc, strlen(d->uscc));
    else xf_writer_set_null(&p[XF_P_USCC]);
    xf_writer_set_int(&p[XF_P_POLICY], pol);
    xf_writer_set_int(&p[XF_P_SUBJECT_ID], d->subject_id);
    if (d->outcome) xf_writer_set_int(&p[XF_P_OUTCOME], outcome);
    else xf_writer_set_null(&p[XF_P_OUTCOME]);
    /* no step decided: NULL, the error column says why */
    if (d->step > 0) xf_writer_set_int(&p[XF_P_STEP], d->step);
    else xf_writer_set_null(&p[XF_P_STEP]);
    xf_writer_set_null(&p[XF_P_ELIGIBLE_FROM]);
    xf_writer_set_null(&p[XF_P_STOPS_ON]);
    xf_writer_set_const(&p[XF_P_ERROR], d->error);  /* a constant text */
    if (d->trace) xf_writer_set_bytes(b, &p[XF_P_TRACE], XF_WP_BLOB, d->trace, d->trace_len);
    else xf_writer_set_null(&p[XF_P_TRACE]);
    for (int k = XF_P__FIXED + 1; k <= w->nparams; k++) xf_writer_set_null(&p[k]);
    for (int i = 0; i < d->nfields; i++)
        if (d->fhas[i] && w->param[i] &&
            xf_writer_db_field(w, texts, &d->fields[i], &p[w->param[i]], b, w->param[i], d->fval[i],
                               w->money_text[i], errmsg))
            return -1;
    if (b->oom) {
        xf_writer_msg(errmsg, "%s: out of memory", xf_writer_name(w));
        return -1;
    }
    return ++w->pending == XF_INSERT_ROWS ? xf_writer_flush(w, errmsg) : 0;
}

/* JSON string of str[0..n), or null.  UTF-8 passes through; control
 * characters (a NUL inside a record's text too) become \u00XX and bytes
 * that are not UTF-8 become U+FFFD, so every line stays valid JSON and
 * holds the whole text whatever the records held. */

static void xf_writer_json_strn(xf_writer_buf *b, const char *str, size_t n) {
    if (!str) {
        xf_strbuf_put(b, "null", 4);
        return;
    }
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0;
    xf_strbuf_put(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : xf_utf8_char(s + i, n - i);
        if (len && c >= 0x20 && c != '"' && c != '\\') {
            i += len;
            continue;
        }
        xf_strbuf_put(b, str + run, i - run);
        char esc[8];
        if (c == '"' || c == '\\') snprintf(esc, sizeof esc, "\\%c", (char)c);
        else if (len) snprintf(esc, sizeof esc, "\\u%04x", c);
        else snprintf(esc, sizeof esc, "\\ufffd");
        xf_strbuf_puts(b, esc);
        i += len ? len : 1;
        run = i;
    }
    xf_strbuf_put(b, str + run, n - run);
    xf_strbuf_put(b, "\"", 1);
}

static void xf_writer_json_str(xf_writer_buf *b, const char *str) {
    xf_writer_json_strn(b, str, str ? strlen(str) : 0);
}

static void xf_writer_json_key(xf_writer_buf *b, const char *key) {
    xf_strbuf_put(b, ",", 1);
    xf_writer_json_str(b, key);
    xf_strbuf_put(b, ":", 1);
}

static int xf_writer_json_value(xf_writer *w, const xf_texts *texts, const xf_field *f, int64_t v,
                                int has, char **errmsg) {
    xf_writer_buf *b = &w->line;
    char buf[XF_FIELD_TEXT_MAX];
    if (!has) {
        xf_strbuf_put(b, "null", 4);
    } else if (f->kind == XF_K_BOOL) {
        xf_strbuf_puts(b, v ? "true" : "false");
    } else if (f->kind == XF_K_INT) {
        snprintf(buf, sizeof buf, "%lld", (long long)v);
        xf_strbuf_puts(b, buf);
    } else if (f->kind == XF_K_MONEY) {  /* yuan, two decimals: the text is exact, whatever a reader parses it into */
        xf_money_decimal(v, buf);
        xf_strbuf_puts(b, buf);
    } else {
        const char *s = xf_field_text(f, v, texts, buf, sizeof buf);
        if (!s) return xf_writer_bad_value(w, f, v, errmsg);
        xf_writer_json_strn(b, s, xf_field_text_len(f, v, texts, s));
    }
    return 0;
}

/* The value of the field that fills fixed column `param`, or null. */
static int xf_writer_json_fixed(xf_writer *w, const xf_texts *texts, const xf_decision_row *d,
                                int param, char **errmsg) {
    for (int i = 0; i < d->nfields; i++)
        if (w->param[i] == param)
            return xf_writer_json_value(w, texts, &d->fields[i], d->fval[i], d->fhas[i], errmsg);
    xf_strbuf_put(&w->line, "null", 4);
    return 0;
}

static int xf_writer_json_decision(xf_writer *w, const xf_texts *texts, const xf_decision_row *d,
                                   char **errmsg) {
    xf_writer_buf *b = &w->line;
    char num[32];
    xf_strbuf_reset(b);
    /* the run and its day first: lines of several runs stay apart when
     * their streams are joined */
    xf_strbuf_puts(b, "{\"run\":");
    xf_writer_json_str(b, w->run_name);
    xf_writer_json_key(b, "as_of");
    xf_writer_json_str(b, w->as_of[0] ? w->as_of : NULL);
    xf_writer_json_key(b, "policy");
    xf_writer_json_str(b, d->policy);
    xf_writer_json_key(b, "subject_table");
    xf_writer_json_str(b, d->subject_table);
    xf_writer_json_key(b, "subject_id");
    snprintf(num, sizeof num, "%lld", (long long)d->subject_id);
    xf_strbuf_puts(b, num);
    xf_writer_json_key(b, "uscc");
    xf_writer_json_str(b, d->uscc);
    xf_writer_json_key(b, "outcome");
    xf_writer_json_str(b, d->outcome);
    xf_writer_json_key(b, "eligible_from");
    if (xf_writer_json_fixed(w, texts, d, XF_P_ELIGIBLE_FROM, errmsg)) return -1;
    xf_writer_json_key(b, "stops_on");
    if (xf_writer_json_fixed(w, texts, d, XF_P_STOPS_ON, errmsg)) return -1;
    xf_writer_json_key(b, "step");
    if (d->step > 0) {
        snprintf(num, sizeof num, "%d", d->step);
        xf_strbuf_puts(b, num);
    } else {
        xf_strbuf_puts(b, "null");
    }
    xf_writer_json_key(b, "basis");
    xf_writer_json_str(b, d->basis);
    xf_writer_json_key(b, "error");
    xf_writer_json_str(b, d->error);
    for (int i = 0; i < d->nfields; i++) {
        if (w->param[i] <= XF_P__FIXED) continue;
        xf_writer_json_key(b, d->fields[i].name);
        if (xf_writer_json_value(w, texts, &d->fields[i], d->fval[i], d->fhas[i], errmsg)) return -1;
    }
    /* The trace is JSON already: embedded as a value, not quoted. */
    if (d->trace_json && *d->trace_json) {
        xf_writer_json_key(b, "trace");
        xf_strbuf_puts(b, d->trace_json);
    }
    xf_strbuf_put(b, "}\n", 2);
    if (b->oom) {
        xf_writer_msg(errmsg, "output: out of memory");
        return -1;
    }
    if (fwrite(b->p, 1, b->n, w->f) != b->n) {
        xf_writer_msg(errmsg, "cannot write the JSON lines: %s", strerror(errno ? errno : EIO));
        return -1;
    }
    return 0;
}

int xf_writer_decision(xf_writer *w, const xf_texts *texts, const xf_decision_row *d, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (!w || !d || !w->in_run) {
        xf_writer_msg(errmsg, "%s: no run open", w ? xf_writer_name(w) : "output");
        return -1;
    }
    if (d->nfields != w->nfields || (d->nfields > 0 && (!d->fields || !d->fval || !d->fhas))) {
        xf_writer_msg(errmsg, "%s: decision has %d fields, the run %d", xf_writer_name(w), d->nfields,
                      w->nfields);
        return -1;
    }
    return w->db ? xf_writer_db_decision(w, texts, d, errmsg) : xf_writer_json_decision(w, texts, d, errmsg);
}

/* ------------------------------------------------------------- end of run */

/* Calls that belong to a run: refuse them outside one. */
static int xf_writer_need_run(xf_writer *w, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (w && w->in_run) return 0;
    xf_writer_msg(errmsg, "%s: no run open", w ? xf_writer_name(w) : "output");
    return -1;
}

int xf_writer_trace_meta(xf_writer *w, const char *policy, int n, const xf_trace_meta *m, char **errmsg) {
    if (xf_writer_need_run(w, errmsg) != 0) return -1;
    if (!w->db) return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db,
                           "INSERT INTO trace_point(run, policy, slot, kind, name, value_kind, labels, tab, col,"
                           " idx, file, line, col_no, source, basis) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
                           -1, &st, NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    for (int i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, w->run_id);
        xf_writer_bind_text(st, 2, policy);
        sqlite3_bind_int(st, 3, m[i].slot);
        xf_writer_bind_text(st, 4, m[i].kind);
        xf_writer_bind_text(st, 5, m[i].name);
        xf_writer_bind_text(st, 6, m[i].value_kind);
        xf_writer_bind_text(st, 7, m[i].labels);
        xf_writer_bind_text(st, 8, m[i].table);
        xf_writer_bind_text(st, 9, m[i].column);
        sqlite3_bind_int(st, 10, m[i].index);
        xf_writer_bind_text(st, 11, m[i].file);
        sqlite3_bind_int(st, 12, m[i].line);
        sqlite3_bind_int(st, 13, m[i].col);
        xf_writer_bind_text(st, 14, m[i].source);
        xf_writer_bind_text(st, 15, m[i].basis);
        if (sqlite3_step(st) != SQLITE_DONE) {
            int r = xf_writer_sqlfail(w, errmsg);
            sqlite3_finalize(st);
            return r;
        }
    }
    sqlite3_finalize(st);
    return 0;
}

int xf_writer_trace_texts(xf_writer *w, int64_t n, const int64_t *ids, const xf_texts *texts, char **errmsg) {
    if (xf_writer_need_run(w, errmsg) != 0) return -1;
    if (!w->db) return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(w->db, "INSERT OR IGNORE INTO trace_text(run, id, text) VALUES (?1, ?2, ?3)", -1, &st,
                           NULL) != SQLITE_OK)
        return xf_writer_sqlfail(w, errmsg);
    for (int64_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, w->run_id);
        sqlite3_bind_int64(st, 2, ids[i]);
        const char *t = xf_texts_str(texts, ids[i]);  /* whole, a NUL inside too */
        if (t) sqlite3_bind_text(st, 3, t, (int)xf_texts_len(texts, ids[i]), SQLITE_STATIC);
        else sqlite3_bind_null(st, 3);
        if (sqlite3_step(st) != SQLITE_DONE) {
            int r = xf_writer_sqlfail(w, errmsg);
            sqlite3_finalize(st);
            return r;
        }
    }
    sqlite3_finalize(st);
    return 0;
}

int xf_writer_commit(xf_writer *w, int64_t subjects, int64_t skipped, char **errmsg) {
    if (xf_writer_need_run(w, errmsg) != 0) return -1;
    if (!w->db) {
        w->in_run = 0;
        if (fflush(w->f) != 0 || ferror(w->f)) {
            xf_writer_msg(errmsg, "cannot write the JSON lines: %s", strerror(errno ? errno : EIO));
            return -1;
        }
        return 0;
    }
    int r = xf_writer_flush(w, errmsg);
    xf_writer_end_run(w);
    sqlite3_stmt *st;
    if (!r && sqlite3_prepare_v2(w->db,
                           "UPDATE run SET subjects = ?1, skipped = ?2,"
                           " finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?3",
                           -1, &st, NULL) != SQLITE_OK)
        r = xf_writer_sqlfail(w, errmsg);
    if (!r) {
        sqlite3_bind_int64(st, 1, subjects);
        sqlite3_bind_int64(st, 2, skipped);
        sqlite3_bind_int64(st, 3, w->run_id);
        if (sqlite3_step(st) != SQLITE_DONE) r = xf_writer_sqlfail(w, errmsg);
        sqlite3_finalize(st);
    }
    if (!r) r = xf_writer_in_transaction(w, errmsg);
    if (!r && sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) r = xf_writer_sqlfail(w, errmsg);
    if (r) {
        xf_writer_rollback(w);  /* a failed COMMIT leaves the transaction open */
        return -1;
    }
    w->in_run = 0;
    return 0;
}

void xf_writer_abort(xf_writer *w) {
    if (!w || !w->in_run) return;
    if (w->db) xf_writer_rollback(w);
    else fflush(w->f);  /* lines already written cannot be taken back */
    w->in_run = 0;
}

void xf_writer_close(xf_writer *w) {
    if (!w) return;
    xf_writer_abort(w);
    xf_writer_end_run(w);
    sqlite3_close(w->db);
    xf_syncer_close(w->syncer);
    free(w->path);
    free(w->param), free(w->money_text), free(w->run_name);
    free(w->line.p);
    free(w->prow), free(w->bound);
    for (int r = 0; r < XF_INSERT_ROWS; r++) free(w->rowbuf[r].p);
    free(w);
}

int64_t xf_writer_run_id(const xf_writer *w) { return w ? w->run_id : 0; }

int xf_output_index_subjects(const char *path) {
    sqlite3 *db = NULL;
    int r = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK && sqlite3_db_readonly(db, "main") == 0) {
        sqlite3_busy_timeout(db, 2000);
        r = sqlite3_exec(db, "SELECT 1 FROM decision_row LIMIT 0", NULL, NULL, NULL) == SQLITE_OK &&
                    sqlite3_exec(db, xf_writer_index, NULL, NULL, NULL) == SQLITE_OK
                ? 0 : -1;
    }
    sqlite3_close(db);
    return r;
}

/* explain_pg.c — `xiufu explain --pg CONNINFO`: the decisions a query
 * selects, with their run, trace slots and texts, copied from the xiufu
 * schema of a PostgreSQL database (pg/xiufu--0.1.sql) into a temporary
 * file of the output layout, so that one explainer reads both. */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#ifdef XF_HAVE_LIBPQ
#include <libpq-fe.h>

static char *msgf(const char *fmt, const char *a, const char *b) {
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *m = malloc(n);
    if (m) snprintf(m, n, fmt, a, b);
    return m;
}

/* The rows of a query into table `into` of the file; every column as
 * PostgreSQL's text, bytea as bytes. */
static int copy_rows(PGconn *pg, sqlite3 *db, const char *into, const char *sql, int nparams, const char *const *params,
                     char **err) {
    PGresult *r = PQexecParams(pg, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        *err = msgf("PostgreSQL: %s%s", PQerrorMessage(pg), "");
        PQclear(r);
        return -1;
    }
    int nf = PQnfields(r), rc = 0;
    sqlite3_str *q = sqlite3_str_new(db);
    sqlite3_str_appendf(q, "CREATE TABLE IF NOT EXISTS \"%w\"(", into);
    for (int f = 0; f < nf; f++) {
        const char *name = PQfname(r, f);
        /* integers keep integer affinity: the explainer reads them as numbers */
        int is_int = PQftype(r, f) == 20 || PQftype(r, f) == 23 || PQftype(r, f) == 21;
        sqlite3_str_appendf(q, "%s\"%w\" %s", f ? ", " : "", name,
                            is_int ? "INTEGER" : PQftype(r, f) == 17 ? "BLOB" : "TEXT");
    }
    sqlite3_str_appendall(q, "); INSERT INTO ");
    sqlite3_str_appendf(q, "\"%w\" VALUES (", into);
    for (int f = 0; f < nf; f++) sqlite3_str_appendf(q, "%s?", f ? ", " : "");
    sqlite3_str_appendall(q, ")");
    char *text = sqlite3_str_finish(q);
    char *create_end = text ? strstr(text, "; INSERT") : NULL;
    sqlite3_stmt *st = NULL;
    if (!create_end) rc = -1;
    else {
        *create_end = 0;
        rc = sqlite3_exec(db, text, NULL, NULL, NULL) == SQLITE_OK &&
                     sqlite3_prepare_v2(db, create_end + 2, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    }
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        sqlite3_reset(st);
        for (int f = 0; f < nf; f++) {
            if (PQgetisnull(r, i, f)) sqlite3_bind_null(st, f + 1);
            else if (PQftype(r, f) == 17) {
                size_t n;
                unsigned char *b = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, f), &n);
                if (!b) rc = -1;
                else sqlite3_bind_blob(st, f + 1, b, (int)n, SQLITE_TRANSIENT);
                PQfreemem(b);
            } else sqlite3_bind_text(st, f + 1, PQgetvalue(r, i, f), PQgetlength(r, i, f), SQLITE_STATIC);
        }
        if (rc == 0 && sqlite3_step(st) != SQLITE_DONE) rc = -1;
    }
    if (rc != 0 && !*err) *err = msgf("%s: %s", into, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_free(text);
    PQclear(r);
    return rc;
}

/* The run's sources file by file, where the extension stores them (a
 * server with an older extension has policy_source only, which explain
 * falls back to). */
static int copy_sources(PGconn *pg, sqlite3 *db, const char *run, char **err) {
    PGresult *r = PQexec(pg, "SELECT to_regclass('xiufu.run_source') IS NOT NULL");
    int have = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    const char *p[1] = {run};
    return have ? copy_rows(pg, db, "run_source",
                            "SELECT run, seq, path, sha256, text FROM xiufu.run_source WHERE run = $1::bigint ORDER BY seq",
                            1, p, err)
                : 0;
}

/* The decisions q selects (the same conditions as xf_ex_select), at most
 * a generous limit: the explainer applies the query again. */
static int copy_decisions(PGconn *pg, sqlite3 *db, const xf_ex_query *q, const char *run, char **err) {
    char id[32], lim[32];
    const char *p[6] = {run, q->policy, q->subject_table, NULL, q->uscc, q->outcome};
    snprintf(id, sizeof id, "%lld", (long long)q->subject_id);
    snprintf(lim, sizeof lim, "%d", q->limit > 0 ? q->limit : 1000000);
    p[3] = q->subject_table ? id : NULL;
    const char *sql =
        "SELECT * FROM xiufu.decision WHERE run = $1::bigint AND ($2::text IS NULL OR policy = $2)"
        " AND ($3::text IS NULL OR (subject_table = $3 AND subject_id = $4::bigint))"
        " AND ($5::text IS NULL OR uscc = $5) AND ($6::text IS NULL OR outcome = $6)"
        " ORDER BY uscc, policy, subject_id LIMIT ";
    char *full = msgf("%s%s", sql, lim);
    int rc = full ? copy_rows(pg, db, "decision", full, 6, p, err) : -1;
    free(full);
    return rc;
}

int xf_ex_fetch_pg(const char *conninfo, const xf_ex_query *q, char *path, size_t cap, char **err) {
    *err = NULL;
    const char *tmp = getenv("TMPDIR");
    snprintf(path, cap, "%s/xiufu-explain-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        *err = msgf("%s: %s", path, "cannot create a temporary file");
        return -1;
    }
    close(fd);
    PGconn *pg = PQconnectdb(conninfo);
    sqlite3 *db = NULL;
    int rc = -1;
    if (PQstatus(pg) != CONNECTION_OK) {
        *err = msgf("PostgreSQL: %s%s", PQerrorMessage(pg), "");
        goto done;
    }
    PQclear(PQexec(pg, "SET DateStyle = ISO; SET TimeZone = 'UTC'"));
    char run[32];
    if (q->run) snprintf(run, sizeof run, "%lld", (long long)q->run);
    else {
        PGresult *r = PQexec(pg, "SELECT max(id) FROM xiufu.run WHERE finished IS NOT NULL");
        int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
        if (ok) snprintf(run, sizeof run, "%s", PQgetvalue(r, 0, 0));
        else *err = msgf("PostgreSQL: %s%s", PQresultStatus(r) == PGRES_TUPLES_OK ? "no run in xiufu.run" : PQerrorMessage(pg), "");
        PQclear(r);
        if (!ok) goto done;
    }
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        *err = msgf("%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        goto done;
    }
    const char *p[1] = {run};
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (copy_rows(pg, db, "run",
                  "SELECT id, to_char(started AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') AS started, as_of::text AS as_of,"
                  " engine, policy_hash, policy_source, records, subjects, skipped FROM xiufu.run WHERE id = $1::bigint",
                  1, p, err) ||
        copy_decisions(pg, db, q, run, err) ||
        copy_rows(pg, db, "trace_point", "SELECT * FROM xiufu.trace_point WHERE run = $1::bigint", 1, p, err) ||
        copy_rows(pg, db, "trace_text", "SELECT * FROM xiufu.trace_text WHERE run = $1::bigint", 1, p, err) ||
        copy_sources(pg, db, run, err))
        goto done;
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
done:
    sqlite3_close(db);
    PQfinish(pg);
    if (rc) unlink(path);
    return rc;
}

#else

int xf_ex_fetch_pg(const char *conninfo, const xf_ex_query *q, char *path, size_t cap, char **err) {
    (void)conninfo, (void)q, (void)path, (void)cap;
    *err = strdup("this xiufu was built without libpq (install libpq-dev and build again)");
    return -1;
}

#endif

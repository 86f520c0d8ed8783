/* what_if.c — one record decided again with changed values (explain.h).
 *
 * "If the fine had been paid on 2026-03-01, from when could it apply?"
 * The entity's rows are copied out of the records database into a scratch
 * database, the changes applied to the record, and the run's own stored
 * sources decided over it on the run's day by `xiufu run` itself (the
 * interpreter, with traces), so the answer comes from the same rules as
 * the decision it is set beside.  Nothing is written to the records or the
 * output database.
 */
#include "explain_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "run.h"
#include "strf.h"

static char *fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = xf_vstrf(fmt, ap);
    va_end(ap);
    return s;
}

static int exec_sql(sqlite3 *db, const char *sql, char **err) {
    char *e = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &e) == SQLITE_OK) return 0;
    *err = fail("%s", e ? e : sqlite3_errmsg(db));
    sqlite3_free(e);
    return -1;
}

/* The entity's rows of every table (a table without uscc whole: calendars),
 * the tables made as the records database made them. */
static int copy_entity(sqlite3 *db, const char *uscc, char **err) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name, sql FROM rec.sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
                               " AND name NOT LIKE 'sqlite_%'", -1, &st, NULL) != SQLITE_OK) {
        *err = fail("%s", sqlite3_errmsg(db));
        return -1;
    }
    int rc = 0;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0), *sql = (const char *)sqlite3_column_text(st, 1);
        rc = exec_sql(db, sql, err);
        if (rc) break;
        char *probe = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q, 'rec') WHERE name = 'uscc'", name);
        sqlite3_stmt *p = NULL;
        int keyed = probe && sqlite3_prepare_v2(db, probe, -1, &p, NULL) == SQLITE_OK && sqlite3_step(p) == SQLITE_ROW;
        sqlite3_finalize(p);
        sqlite3_free(probe);
        char *copy = keyed ? sqlite3_mprintf("INSERT INTO main.\"%w\" SELECT * FROM rec.\"%w\" WHERE uscc = %Q", name, name, uscc)
                           : sqlite3_mprintf("INSERT INTO main.\"%w\" SELECT * FROM rec.\"%w\"", name, name);
        rc = copy ? exec_sql(db, copy, err) : -1;
        sqlite3_free(copy);
    }
    sqlite3_finalize(st);
    return rc;
}

/* One change, COLUMN=VALUE of the record or entity.COLUMN=VALUE of its
 * entity; `none` clears the value. */
static int apply_change(sqlite3 *db, const char *table, int64_t id, const char *uscc, const char *change, int en, char **err) {
    const char *eq = strchr(change, '=');
    if (!eq || eq == change) {
        *err = fail(en ? "--what-if %s: not COLUMN=VALUE" : "--what-if %s：应为 列名=值", change);
        return -1;
    }
    char col[128];
    snprintf(col, sizeof col, "%.*s", (int)(eq - change), change);
    const char *tab = table, *c = col;
    if (!strncmp(col, "entity.", 7)) tab = "entity", c = col + 7;
    char *probe = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q, 'main') WHERE name = %Q", tab, c);
    sqlite3_stmt *p = NULL;
    int known = probe && sqlite3_prepare_v2(db, probe, -1, &p, NULL) == SQLITE_OK && sqlite3_step(p) == SQLITE_ROW;
    sqlite3_finalize(p);
    sqlite3_free(probe);
    if (!known || !strcmp(c, "id") || !strcmp(c, "uscc")) {
        *err = fail(en ? "--what-if %s: %s has no column %s that may change" : "--what-if %s：%s 表没有可改的列 %s", change, tab, c);
        return -1;
    }
    const char *v = eq + 1;
    char *sql = !strcmp(tab, "entity")
                    ? sqlite3_mprintf("UPDATE main.entity SET \"%w\" = %s WHERE uscc = %Q", c, "?1", uscc)
                    : sqlite3_mprintf("UPDATE main.\"%w\" SET \"%w\" = ?1 WHERE id = %lld", tab, c, (long long)id);
    sqlite3_stmt *st = NULL;
    int rc = sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0) {
        if (!strcmp(v, "none") || !*v) sqlite3_bind_null(st, 1);
        else sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    }
    if (rc) *err = fail("--what-if %s: %s", change, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return rc;
}

/* The run's sources as files again, under dir; their paths in paths. */
static int write_sources(const xf_ex_db *d, const char *dir, char **paths, int *n, int en, char **err) {
    *n = 0;
    for (int i = 0; i < d->nsrc; i++) {
        const xf_ex_source *s = &d->src[i];
        if (!strcmp(s->path, "<schema>")) {
            /* the run's schema module is this version's built in one, or the rules would differ */
            if (s->len != xf_embed_schema_xf_len || memcmp(s->text, xf_embed_schema_xf, s->len)) {
                *err = fail(en ? "the run was made with another schema module than this xiufu's: --what-if cannot decide again"
                               : "该运行所用的 schema 模块与本版本不同：--what-if 无法重新决定");
                return -1;
            }
            continue;
        }
        const char *base = strrchr(s->path, '/');
        paths[*n] = fail("%s/%d-%s", dir, i, base ? base + 1 : s->path);
        FILE *f = paths[*n] ? fopen(paths[*n], "wb") : NULL;
        if (!f || fwrite(s->text, 1, s->len, f) != s->len) {
            if (f) fclose(f);
            *err = fail("%s: cannot write", paths[*n] ? paths[*n] : dir);
            free(paths[*n]);
            return -1;
        }
        fclose(f);
        (*n)++;
    }
    return 0;
}

int xf_ex_what_if(xf_ex_db *d, const xf_explanation *ex, char *const *changes, int nchanges, int en,
                  xf_explanation ***out, int *nout, char **err) {
    *out = NULL, *nout = 0, *err = NULL;
    if (!d->records_attached) {
        *err = fail(en ? "--what-if needs the records database: give it with --records"
                       : "--what-if 需要记录库：请用 --records 指定");
        return -1;
    }
    if (!d->nsrc) {
        *err = fail(en ? "the run kept no sources: --what-if cannot decide again" : "该运行未保存源文本：--what-if 无法重新决定");
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/xiufu-what-if-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        *err = fail("%s: cannot create a temporary folder", dir);
        return -1;
    }
    char *records = fail("%s/records.db", dir), *decided = fail("%s/decided.db", dir);
    char **paths = calloc((size_t)d->nsrc + 1, sizeof *paths);
    int npaths = 0, rc = -1;
    sqlite3 *db = NULL;
    xf_ex_db *wd = NULL;
    if (!records || !decided || !paths) goto done;
    if (write_sources(d, dir, paths, &npaths, en, err) != 0) goto done;
    /* the entity's rows, changed */
    if (sqlite3_open(records, &db) != SQLITE_OK) goto sqlfail;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, "SELECT file FROM pragma_database_list WHERE name = 'rec'", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        goto sqlfail;
    }
    char *attach = sqlite3_mprintf("ATTACH DATABASE %Q AS rec", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    int ok = attach && exec_sql(db, attach, err) == 0;
    sqlite3_free(attach);
    if (!ok || exec_sql(db, "BEGIN", err) || copy_entity(db, ex->uscc, err)) goto done;
    for (int i = 0; i < nchanges; i++)
        if (apply_change(db, ex->subject_table, ex->subject_id, ex->uscc, changes[i], en, err) != 0) goto done;
    if (exec_sql(db, "COMMIT", err) || exec_sql(db, "DETACH DATABASE rec", err)) goto done;
    sqlite3_close(db);
    db = NULL;
    /* the run's rules on the run's day, through xiufu run itself */
    xf_run_opts o = {.policies = paths, .npolicies = npaths, .records = records, .out = decided,
                     .as_of = ex->as_of_day, .quiet = 1, .trace = 1, .engine = "interp", .threads = 1,
                     .lang = en ? XF_LANG_EN : XF_LANG_ZH};
    xf_run_summary sum;
    if (xf_run(&o, &sum) != 0) {
        *err = fail(en ? "--what-if: the changed record could not be decided (above)" : "--what-if：改动后的记录无法决定（见上）");
        goto done;
    }
    if (!(wd = xf_ex_open(decided, err))) goto done;
    xf_ex_attach_records(wd, 0, records);
    xf_ex_query q = {.subject_table = ex->subject_table, .subject_id = ex->subject_id, .policy = ex->policy};
    int n = xf_ex_select(wd, &q, out, err);
    if (n < 0) goto done;
    for (int i = 0; i < n; i++) (*out)[i]->run = ex->run;  /* the scratch run stands for the run it changes */
    *nout = n;
    rc = 0;
    goto done;
sqlfail:
    *err = fail("%s: %s", records, db ? sqlite3_errmsg(db) : "out of memory");
done:
    if (db) sqlite3_close(db);
    xf_ex_close(wd);  /* the explanations keep copies of all they show */
    for (int i = 0; i < npaths; i++) unlink(paths[i]), free(paths[i]);
    free(paths);
    for (int i = 0; i < 2; i++) {  /* the databases and what SQLite left beside them */
        const char *f = i ? decided : records;
        if (!f) continue;
        char side[600];
        unlink(f);
        snprintf(side, sizeof side, "%s-journal", f), unlink(side);
        snprintf(side, sizeof side, "%s-wal", f), unlink(side);
        snprintf(side, sizeof side, "%s-shm", f), unlink(side);
    }
    free(records), free(decided);
    rmdir(dir);
    if (rc != 0 && !*err) *err = fail("--what-if: out of memory");
    return rc;
}

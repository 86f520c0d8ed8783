/* load_entity.c — one entity's records from an open connection (see
 * load_entity.h), on the loader's session (load_session.h): the reading
 * and converting code is load.c's own. */
#include "load_entity.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_session.h"

struct xf_entity_reader {
    sqlite3            *sq;
    const char         *name;
    const xf_tablespec *specs;
    int                 nspecs;
    xf_load_session    *ss;
    xf_calendar        *cal;
    sqlite3_stmt      **owner;  /* owner[t]: SELECT uscc FROM table t WHERE key = ?1, made when first needed */
};

/* "<database>: <what>: <detail>", malloc'd. */
static char *xf_entity_fmt(const char *db, const char *what, const char *detail) {
    size_t n = strlen(db) + strlen(what) + strlen(detail) + 8;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s: %s: %s", db, what, detail);
    return s;
}

void xf_entity_reader_close(xf_entity_reader *r) {
    if (!r) return;
    for (int t = 0; r->owner && t < r->nspecs; t++) sqlite3_finalize(r->owner[t]);
    free(r->owner);
    xf_load_session_close(r->ss);
    xf_calendar_free(r->cal);
    free(r);
}

xf_entity_reader *xf_entity_reader_open(sqlite3 *sq, const char *name, const xf_tablespec *specs, int nspecs,
                                        char **errmsg) {
    if (errmsg) *errmsg = NULL;
    name = name ? name : "(database)";
    xf_entity_reader *r = calloc(1, sizeof *r);
    if (r) r->owner = calloc((size_t)(nspecs > 0 ? nspecs : 1), sizeof *r->owner);
    if (!r || !r->owner) {
        free(r);
        if (errmsg) *errmsg = xf_entity_fmt(name, "reading one entity", "out of memory");
        return NULL;
    }
    *r = (xf_entity_reader){sq, name, specs, nspecs, NULL, NULL, r->owner};
    xf_load_stats stats = {0};
    r->ss = xf_load_session_open(sq, name, specs, nspecs, 1, errmsg);
    if (!r->ss || xf_load_session_calendar(r->ss, NULL, &r->cal, &stats, errmsg)) {
        xf_entity_reader_close(r);
        return NULL;
    }
    return r;
}

/* The spec's key column as load.c reads it: the entity table is keyed by
 * its uscc, which is no integer, so its rows go by rowid. */
static const char *xf_entity_keycol(const xf_tablespec *sp, int t) {
    const char *ent = sp->entity_col ? sp->entity_col : "uscc";
    if (!sp->key || (t == 0 && sqlite3_stricmp(sp->key, ent) == 0)) return NULL;
    return sp->key;
}

static int xf_entity_owner_stmt(xf_entity_reader *r, int t, char **errmsg) {
    if (r->owner[t]) return 0;
    const xf_tablespec *sp = &r->specs[t];
    const char *key = xf_entity_keycol(sp, t);
    char *sql = key ? sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE \"%w\" = ?1", sp->entity_col ? sp->entity_col : "uscc",
                                      sp->table, key)
                    : sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE rowid = ?1",
                                      sp->entity_col ? sp->entity_col : "uscc", sp->table);
    int rc = sql ? sqlite3_prepare_v2(r->sq, sql, -1, &r->owner[t], NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc == SQLITE_OK) return 0;
    if (errmsg) *errmsg = xf_entity_fmt(r->name, sp->table, rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(r->sq));
    return -1;
}

int xf_entity_reader_owner(xf_entity_reader *r, int t, int64_t key, char **uscc, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    *uscc = NULL;
    if (t < 0 || t >= r->nspecs || xf_load_session_absent(r->ss, t, -1)) return 0;
    if (xf_entity_owner_stmt(r, t, errmsg)) return -1;
    sqlite3_stmt *st = r->owner[t];
    sqlite3_bind_int64(st, 1, key);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (s && (*uscc = malloc(n + 1))) {
            memcpy(*uscc, s, n);
            (*uscc)[n] = '\0';
            found = 1;
        } else {
            rc = SQLITE_NOMEM;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && errmsg)
        *errmsg = xf_entity_fmt(r->name, r->specs[t].table, rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(r->sq));
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

int xf_entity_reader_read(xf_entity_reader *r, const char *uscc, xf_db **out, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    xf_load_stats stats = {0};
    if (xf_load_session_read(r->ss, uscc, strlen(uscc), NULL, out, &stats, errmsg)) return 1;
    (*out)->cal = r->cal;
    return 0;
}

char *xf_entity_reader_note(const xf_entity_reader *r, int en) { return xf_load_session_note(r->ss, en); }

void xf_entity_db_free(xf_db *db) {
    if (!db) return;
    db->cal = NULL;  /* the reader's */
    xf_db_free(db);
}

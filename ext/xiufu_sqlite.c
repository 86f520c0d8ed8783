/* xiufu_sqlite.c — a SQLite loadable extension that decides subjects with a
 * pack's compiled code (docs/packs.md), from any SQLite session:
 *
 *   .load ./xiufu_sqlite
 *   SELECT xiufu_load_pack('samr.so');                  -- returns 'samr'
 *   SELECT id, xiufu_decide('samr', 'penalty', id, '2026-11-01') FROM penalty;
 *
 *   xiufu_load_pack(PATH)                       load and check a pack; its name
 *   xiufu_decide(PACK, TABLE, ID, AS_OF)        outcome code, e.g. 'can_apply'
 *   xiufu_eligible_from(PACK, TABLE, ID, AS_OF) 'YYYY-MM-DD'
 *   xiufu_stops_on(PACK, TABLE, ID, AS_OF)      'YYYY-MM-DD'
 *   ... each of the three also with a fifth argument, POLICY: the name of
 *   the policy meant where two policies in effect decide the same row.
 *
 * PACK is the name of a loaded pack or a path (loaded on first use).  Each
 * result is what `xiufu run` writes to its decision table for the row of
 * TABLE with key ID, as of AS_OF: NULL where a run writes no decision or
 * leaves the column NULL.
 *
 * How a call decides: the policies of the pack in effect on AS_OF give a
 * compilation of the pack's sources, checked and lowered once per
 * connection and set of policies in effect (pack.h checks that the pack's
 * code was compiled from exactly those steps).  The subject row gives its
 * entity; that entity's rows are read from the database the function is
 * called on (load_entity.h: the loader's own statements and conversions)
 * and decided by the pack's functions.  Per statement, the readers and the
 * last entity's decisions are kept, so a query over the rows of one entity
 * reads them once.
 *
 * A database of an earlier records version (store/versions.h) lacks tables
 * and columns that later versions added: they read as empty and NULL, and
 * the first call of a connection that meets them says so once, as an
 * SQLITE_NOTICE in SQLite's error log.
 *
 * The functions are SQLITE_DIRECTONLY: loading a shared object on behalf of
 * a view or trigger of some database file would be code execution by data.
 *
 * Which packs load is settled when the extension is loaded, from the
 * environment of the process that loads it, never by SQL:
 *   XIUFU_PACK_DIR       the folder packs are loaded from (required): a
 *                        relative PATH is taken inside it, and a path that
 *                        leads outside it is refused;
 *   XIUFU_TRUSTED_KEYS   the trusted-keys folder (default: as xiufu run's);
 *   XIUFU_ALLOW_UNSIGNED=1  unsigned packs load too (bad signatures never).
 * Every pack is verified by pack.h (its signature first) before it is
 * loaded.
 *
 * Every SQLite call here and in the runtime files compiled into the
 * extension goes through sqlite3_api (xf_sqlite_api.h is included first in
 * each), so the extension uses the host's SQLite, whatever its build.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dates.h"
#include "load_entity.h"
#include "outcomes.h"
#include "pack.h"
#include "pack_plans.h"
#include "texts.h"

/* ---- per connection: packs and their compilations ------------------------ */

/* A loaded pack.  Owned by the connection's xs_conn; loaded once per
 * connection (a pack rebuilt meanwhile is seen by new connections). */
typedef struct xs_pack {
    struct xs_pack *next;
    char           *path;     /* as first given */
    char           *real;     /* realpath: the same file by another path is the same pack */
    const char     *name;     /* the header's */
    xf_pack_plans  *pp;
} xs_pack;

/* Per connection, shared by the registered functions: the last of their
 * destructors frees it. */
typedef struct xs_conn {
    int      refs;            /* functions registered with it */
    xs_pack *packs;
    int      noted;           /* the records' version note was logged */
    char    *pack_dir;        /* realpath of XIUFU_PACK_DIR at load time */
    char    *keys_dir;        /* XIUFU_TRUSTED_KEYS at load time, or NULL: the default */
    int      allow_unsigned;  /* XIUFU_ALLOW_UNSIGNED=1 at load time */
} xs_conn;

static void xs_pack_free(xs_pack *p) {
    xf_pack_plans_close(p->pp);
    free(p->path);
    free(p->real);
    free(p);
}

static void xs_conn_release(void *arg) {
    xs_conn *cn = arg;
    if (--cn->refs > 0) return;
    while (cn->packs) {
        xs_pack *p = cn->packs;
        cn->packs = p->next;
        xs_pack_free(p);
    }
    free(cn->pack_dir);
    free(cn->keys_dir);
    free(cn);
}

static char *xs_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Results and errors go to SQLite, which copies them. */
static void xs_error(sqlite3_context *ctx, const char *msg) {
    char buf[1024];
    snprintf(buf, sizeof buf, "xiufu: %s", msg ? msg : "out of memory");
    sqlite3_result_error(ctx, buf, -1);
}

static xs_pack *xs_pack_load(xs_conn *cn, const char *path, const char *real, char **err) {
    xs_pack *p = calloc(1, sizeof *p);
    if (!p || !(p->path = xs_strdup(path)) || !(p->real = xs_strdup(real))) {
        if (p) free(p->path);
        free(p);
        return NULL;
    }
    /* the setting that allows unsigned packs here is an environment variable read at .load */
    xf_pack_trust trust = {.keys_dir = cn->keys_dir, .allow_unsigned = cn->allow_unsigned, .lang = XF_LANG_EN,
                           .allow_hint = "XIUFU_ALLOW_UNSIGNED=1 in the environment when the extension is loaded"};
    if (!(p->pp = xf_pack_plans_open(real, &trust, err))) {
        xs_pack_free(p);
        return NULL;
    }
    p->name = xf_pack_plans_name(p->pp);
    for (xs_pack *q = cn->packs; q; q = q->next)
        if (!strcmp(q->name, p->name)) {
            size_t n = strlen(p->name) + strlen(q->path) + strlen(path) + 64;
            if ((*err = malloc(n)))
                snprintf(*err, n, "%s: a pack named %s is loaded already, from %s", path, p->name, q->path);
            xs_pack_free(p);
            return NULL;
        }
    p->next = cn->packs;
    cn->packs = p;
    return p;
}

static char *xs_msg(const char *fmt, const char *a, const char *b) {
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *m = malloc(n);
    if (m) snprintf(m, n, fmt, a, b);
    return m;
}

/* The real path of a pack argument inside the pack folder: a relative one
 * is taken in it.  NULL with *err when it does not exist or leads out. */
static char *xs_pack_real(xs_conn *cn, const char *arg, char **err) {
    char *joined = arg[0] == '/' ? xs_strdup(arg) : xs_msg("%s/%s", cn->pack_dir, arg);
    if (!joined) return NULL;
    char *real = realpath(joined, NULL);
    free(joined);
    if (!real) {
        *err = xs_msg("%s: cannot open: %s", arg, strerror(errno));
        return NULL;
    }
    size_t n = strlen(cn->pack_dir);
    if (strncmp(real, cn->pack_dir, n) || (real[n] != '/' && strcmp(cn->pack_dir, "/"))) {
        *err = xs_msg("%s: refused: packs load only from the folder XIUFU_PACK_DIR named when the extension "
                      "was loaded (%s)", arg, cn->pack_dir);
        free(real);
        return NULL;
    }
    return real;
}

/* A loaded pack by name or path; a path not loaded yet is loaded. */
static xs_pack *xs_pack_get(xs_conn *cn, const char *arg, char **err) {
    for (xs_pack *p = cn->packs; p; p = p->next)
        if (!strcmp(p->name, arg) || !strcmp(p->path, arg)) return p;
    if (strchr(arg, '/') || xf_pack_is_path(arg)) {
        char *real = xs_pack_real(cn, arg, err);
        if (!real) return NULL;
        for (xs_pack *p = cn->packs; p; p = p->next)
            if (!strcmp(p->real, real)) {
                free(real);
                return p;
            }
        xs_pack *p = xs_pack_load(cn, arg, real, err);
        free(real);
        return p;
    }
    size_t n = 2 * strlen(arg) + 128;
    if ((*err = malloc(n)))
        snprintf(*err, n, "no pack named '%s' is loaded: SELECT xiufu_load_pack('path/%s.so') first, or pass its path",
                 arg, arg);
    return NULL;
}

/* ---- per statement: readers and the last entity ------------------------- */

enum { XS_READERS = 8 };

/* Per statement: SQLite holds it as the auxiliary data of argument 0 and
 * frees it (xs_stmt_free) when the statement is reset or finalized. */
typedef struct xs_stmt {
    struct {
        const xf_plan           *set;
        xf_entity_reader *r;
    } rd[XS_READERS];
    int       nrd;
    /* the last entity decided: every policy of set, over its rows */
    const xf_plan   *set;
    char     *uscc;
    int64_t   as_of;
    xf_db    *db;
    xf_out   *out;           /* out[i] for set->pol[i] */
    int64_t  *text_ids;
} xs_stmt;

static void xs_stmt_forget(xs_stmt *st) {
    for (int i = 0; st->out && st->set && i < st->set->npol; i++) xf_out_free(&st->out[i]);
    free(st->out);
    free(st->text_ids);
    free(st->uscc);
    xf_entity_db_free(st->db);
    st->out = NULL, st->text_ids = NULL, st->uscc = NULL, st->db = NULL, st->set = NULL;
}

/* SQLite calls this when the statement is reset or finalized. */
static void xs_stmt_free(void *arg) {
    xs_stmt *st = arg;
    xs_stmt_forget(st);
    for (int i = 0; i < st->nrd; i++) xf_entity_reader_close(st->rd[i].r);
    free(st);
}

static xf_entity_reader *xs_reader(xs_stmt *st, sqlite3 *db, xs_pack *p, const xf_plan *set, char **err) {
    for (int i = 0; i < st->nrd; i++)
        if (st->rd[i].set == set) return st->rd[i].r;
    if (st->nrd == XS_READERS) {  /* as_of varies by row over many periods: start over */
        xs_stmt_forget(st);
        for (int i = 0; i < st->nrd; i++) xf_entity_reader_close(st->rd[i].r);
        st->nrd = 0;
    }
    xf_entity_reader *r = xf_entity_reader_open(db, p->name, set->specs, set->nspecs, err);
    if (r) st->rd[st->nrd].set = set, st->rd[st->nrd++].r = r;
    return r;
}

/* Read the entity and decide all its subject rows with every policy of
 * the plan, unless that is what st holds already. */
static int xs_decide_entity(xs_stmt *st, const xf_plan *plan, xf_entity_reader *r, const char *uscc, int64_t as_of,
                            char **err) {
    if (st->db && st->set == plan && st->as_of == as_of && !strcmp(st->uscc, uscc)) return 0;
    xs_stmt_forget(st);
    if (xf_entity_reader_read(r, uscc, &st->db, err) != 0) return -1;
    st->set = plan;
    st->as_of = as_of;
    st->uscc = xs_strdup(uscc);
    st->out = calloc((size_t)plan->npol + 1, sizeof *st->out);
    st->text_ids = calloc((size_t)plan->bound->ntexts + 1, sizeof *st->text_ids);
    if (!st->uscc || !st->out || !st->text_ids) return -1;
    xf_ctx ctx;
    xf_plan_ctx(plan, st->db, st->text_ids, &ctx);
    for (int i = 0; i < plan->bound->ntexts; i++)
        if (st->text_ids[i] < 0) return -1;
    ctx.as_of = as_of;  /* the set's plan serves every day it is the set of */
    for (int i = 0; i < plan->npol; i++) {
        if (xf_out_alloc(&st->out[i], st->db->tab[plan->pol[i].table].nrows, plan->pol[i].nfields, 0) != 0) return -1;
        if (st->db->nent > 0) xf_plan_decide(plan, i, &ctx, st->db->nent, 1, &st->out[i]);
    }
    return 0;
}

/* ---- the SQL functions ---------------------------------------------------- */

enum { XS_OUTCOME, XS_ELIGIBLE_FROM, XS_STOPS_ON };

static void xs_load_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    const char *path = (const char *)sqlite3_value_text(argv[0]);
    if (!path) {
        xs_error(ctx, "xiufu_load_pack(PATH): PATH is NULL");
        return;
    }
    char *err = NULL;
    xs_pack *p = xs_pack_get(sqlite3_user_data(ctx), path, &err);
    if (p) sqlite3_result_text(ctx, p->name, -1, SQLITE_TRANSIENT);
    else xs_error(ctx, err);
    free(err);
}

/* What a run writes for row r in the column `what`. */
static void xs_result(sqlite3_context *ctx, const xs_stmt *st, int pi, int64_t r, int what) {
    const xf_out *o = &st->out[pi];
    if (what == XS_OUTCOME) {
        int outcome = o->outcome[r];
        if (outcome >= 0 && outcome < XF_OUT__COUNT)
            sqlite3_result_text(ctx, xf_outcome_code[outcome], -1, SQLITE_STATIC);
        else
            sqlite3_result_null(ctx);  /* an error: the run's outcome column is NULL too */
        return;
    }
    int f = what == XS_ELIGIBLE_FROM ? 0 : 1;  /* xf_policy_fields: eligible_from, stops_on */
    if (f < o->nfields && o->fhas[r * o->nfields + f]) {
        char day[11];
        xf_date_format(o->fval[r * o->nfields + f], day);
        sqlite3_result_text(ctx, day, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_null(ctx);
    }
}

/* Which policy decides the row (xf_plan_pick): its index, -1 for no
 * decision, -2 after setting an error result. */
static int xs_pick(sqlite3_context *ctx, const xs_stmt *st, const char *table, const char *policy, int64_t id,
                   const char *day, int64_t *row) {
    int other = -1;
    int pi = xf_plan_pick(st->set, st->db, st->out, table, policy, id, row, &other);
    if (pi == -2) {
        char msg[512];
        snprintf(msg, sizeof msg, "row %lld of %s is decided by both %s and %s on %s: name the policy "
                                  "as a fifth argument",
                 (long long)id, table, st->set->pol[*row].name, st->set->pol[other].name, day);
        xs_error(ctx, msg);
    }
    return pi;
}

static void xs_decide(sqlite3_context *ctx, int argc, sqlite3_value **argv, int what) {
    xs_conn *cn = sqlite3_user_data(ctx);
    const char *pack = (const char *)sqlite3_value_text(argv[0]);
    const char *table = (const char *)sqlite3_value_text(argv[1]);
    const char *day = (const char *)sqlite3_value_text(argv[3]);
    const char *policy = argc > 4 ? (const char *)sqlite3_value_text(argv[4]) : NULL;
    if (!pack || !table || !day || sqlite3_value_type(argv[2]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);  /* like any SQL function of a NULL */
        return;
    }
    /* the key as an integer, or integer text: '2abc' and 2.5 name no row */
    int64_t id = sqlite3_value_int64(argv[2]), as_of;
    if (sqlite3_value_numeric_type(argv[2]) != SQLITE_INTEGER) {
        char msg[160];
        snprintf(msg, sizeof msg, "ID '%.40s' is not a whole number", (const char *)sqlite3_value_text(argv[2]));
        xs_error(ctx, msg);
        return;
    }
    if (xf_date_parse(day, (size_t)sqlite3_value_bytes(argv[3]), &as_of) != XF_DATE_OK) {
        char msg[160];
        snprintf(msg, sizeof msg, "as-of date '%.40s' is not a valid date (YYYY-MM-DD)", day);
        xs_error(ctx, msg);
        return;
    }
    char *err = NULL;
    xs_pack *p = xs_pack_get(cn, pack, &err);
    const xf_plan *set = p ? xf_pack_plans_get(p->pp, as_of, 0, 0, &err) : NULL;
    if (!set && (!p || err)) {
        xs_error(ctx, err);
        free(err);
        return;
    }
    if (!set) {  /* no policy of the pack is in effect: no decision */
        sqlite3_result_null(ctx);
        return;
    }
    int t = -1;
    for (int i = 0; i < set->npol && t < 0; i++)
        if (xf_plan_candidate(set, i, table, policy)) t = set->pol[i].table;
    if (t < 0) {  /* no policy in effect decides this table: no decision */
        sqlite3_result_null(ctx);
        return;
    }
    /* The statement's state, kept on argument 0 while it is a constant;
     * otherwise SQLite frees it at once and every call starts afresh. */
    xs_stmt *st = sqlite3_get_auxdata(ctx, 0);
    int fresh = !st;
    if (fresh && !(st = calloc(1, sizeof *st))) {
        xs_error(ctx, NULL);
        return;
    }
    xf_entity_reader *r = xs_reader(st, sqlite3_context_db_handle(ctx), p, set, &err);
    if (r && !cn->noted) {
        /* a database of an earlier records version: once per connection,
         * to SQLite's error log (SQLITE_CONFIG_LOG), as a notice */
        char *note = xf_entity_reader_note(r, 1);
        if (note) {
            sqlite3_log(SQLITE_NOTICE, "xiufu: %s", note);
            cn->noted = 1;
        }
        free(note);
    }
    char *uscc = NULL;
    int found = r ? xf_entity_reader_owner(r, t, id, &uscc, &err) : -1;
    if (found < 0 || (found && xs_decide_entity(st, set, r, uscc, as_of, &err) != 0)) {
        xs_error(ctx, err);
        xs_stmt_forget(st);
    } else if (!found) {
        sqlite3_result_null(ctx);  /* no such row */
    } else {
        int64_t row = -1;
        int pi = xs_pick(ctx, st, table, policy, id, day, &row);
        if (pi >= 0) xs_result(ctx, st, pi, row, what);
        else if (pi == -1) sqlite3_result_null(ctx);
    }
    free(uscc);
    free(err);
    if (fresh) sqlite3_set_auxdata(ctx, 0, st, xs_stmt_free);  /* last: it may free st at once */
}

static void xs_decide_outcome(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    xs_decide(ctx, argc, argv, XS_OUTCOME);
}

static void xs_decide_eligible_from(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    xs_decide(ctx, argc, argv, XS_ELIGIBLE_FROM);
}

static void xs_decide_stops_on(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    xs_decide(ctx, argc, argv, XS_STOPS_ON);
}

/* ---- registration ------------------------------------------------------------ */

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_xiufusqlite_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
    SQLITE_EXTENSION_INIT2(pApi);
    static const struct {
        const char *name;
        int         nargs;
        void      (*fn)(sqlite3_context *, int, sqlite3_value **);
    } fns[] = {
        {"xiufu_load_pack", 1, xs_load_pack},
        {"xiufu_decide", 4, xs_decide_outcome},
        {"xiufu_decide", 5, xs_decide_outcome},
        {"xiufu_eligible_from", 4, xs_decide_eligible_from},
        {"xiufu_eligible_from", 5, xs_decide_eligible_from},
        {"xiufu_stops_on", 4, xs_decide_stops_on},
        {"xiufu_stops_on", 5, xs_decide_stops_on},
    };
    /* The pack folder and trust, now and for the connection's life. */
    const char *dir = getenv("XIUFU_PACK_DIR"), *keys = getenv("XIUFU_TRUSTED_KEYS"),
               *unsigned_ok = getenv("XIUFU_ALLOW_UNSIGNED");
    char *real_dir = dir && *dir ? realpath(dir, NULL) : NULL;
    struct stat st;
    if (!real_dir || stat(real_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (pzErrMsg)
            *pzErrMsg = sqlite3_mprintf(dir && *dir ? "xiufu: XIUFU_PACK_DIR=%s is not a folder"
                                                    : "xiufu: set XIUFU_PACK_DIR to the folder of the packs to load "
                                                      "before loading the extension (docs/packs.md)%s",
                                        dir && *dir ? dir : "");
        free(real_dir);
        return SQLITE_ERROR;
    }
    xs_conn *cn = calloc(1, sizeof *cn);
    char *real_keys = keys && *keys ? realpath(keys, NULL) : NULL;  /* NULL: not there, said when used */
    if (!cn || (keys && *keys && !(cn->keys_dir = real_keys ? real_keys : xs_strdup(keys)))) {
        free(cn);
        free(real_dir);
        return SQLITE_NOMEM;
    }
    cn->pack_dir = real_dir;
    cn->allow_unsigned = unsigned_ok && !strcmp(unsigned_ok, "1");
    cn->refs = 1;  /* ours until every function holds it */
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < sizeof fns / sizeof *fns; i++) {
        cn->refs++;
        /* On failure SQLite calls the destructor itself. */
        rc = sqlite3_create_function_v2(db, fns[i].name, fns[i].nargs, SQLITE_UTF8 | SQLITE_DIRECTONLY, cn,
                                        fns[i].fn, NULL, NULL, xs_conn_release);
    }
    if (rc != SQLITE_OK && pzErrMsg) *pzErrMsg = sqlite3_mprintf("xiufu: cannot register its functions");
    xs_conn_release(cn);
    return rc;
}

/* The entry point SQLite looks for when .load is given no name of one and
 * the file was renamed. */
#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
    return sqlite3_xiufusqlite_init(db, pzErrMsg, pApi);
}

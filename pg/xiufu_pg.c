/* xiufu_pg.c — the PostgreSQL extension `xiufu`: its setting, its version
 * and the packs a backend has loaded (xpg.h). */
#include "xpg.h"

#include <stdlib.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "version.h"  /* runtime/version.h: the number recorded in runs and packs */

PG_MODULE_MAGIC;

char *xpg_records_schema = NULL;
/* Which packs load (pack.h, xf_pack_trust): superusers only set these, in
 * postgresql.conf, ALTER SYSTEM / DATABASE / ROLE or a superuser's SET. */
static char *xpg_trusted_keys = NULL;
static bool  xpg_allow_unsigned = false;

void _PG_init(void);
void _PG_init(void) {
    DefineCustomStringVariable("xiufu.records_schema", "Schema of the record tables the row-level functions read.",
                               NULL, &xpg_records_schema, "public", PGC_USERSET, 0, NULL, NULL, NULL);
    DefineCustomStringVariable("xiufu.trusted_keys",
                               "Folder of the public keys (*.pub) whose signed packs the server loads.",
                               "Empty: $XIUFU_TRUSTED_KEYS of the server, else ~/.config/xiufu/trusted-keys of its user.",
                               &xpg_trusted_keys, "", PGC_SUSET, 0, NULL, NULL, NULL);
    DefineCustomBoolVariable("xiufu.allow_unsigned", "Load unsigned packs too (a bad signature is always refused).",
                             NULL, &xpg_allow_unsigned, false, PGC_SUSET, 0, NULL, NULL, NULL);
    MarkGUCPrefixReserved("xiufu");
}

PG_FUNCTION_INFO_V1(xiufu_version);
Datum xiufu_version(PG_FUNCTION_ARGS) {
    PG_RETURN_TEXT_P(cstring_to_text(XF_VERSION));
}

/* ---- packs: loaded once per backend, kept until it exits ---- */

typedef struct xpg_pack_entry {
    struct xpg_pack_entry *next;
    char                  *real;
    xf_pack_plans         *pp;
} xpg_pack_entry;

static xpg_pack_entry *xpg_packs;

xf_pack_plans *xpg_pack(const char *path) {
    char *real = realpath(path, NULL);
    if (!real)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_FILE), errmsg("xiufu: pack \"%s\": %m", path)));
    for (xpg_pack_entry *e = xpg_packs; e; e = e->next)
        if (!strcmp(e->real, real)) {
            free(real);
            return e->pp;
        }
    char *err = NULL;
    xf_pack_trust trust = {.keys_dir = xpg_trusted_keys, .allow_unsigned = xpg_allow_unsigned, .lang = XF_LANG_EN,
                           .allow_hint = "SET xiufu.allow_unsigned = on (a superuser)"};
    xf_pack_plans *pp = xf_pack_plans_open(real, &trust, &err);
    xpg_pack_entry *e = pp ? malloc(sizeof *e) : NULL;
    if (!e) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", err ? err : "out of memory");
        free(err), free(real);
        xf_pack_plans_close(pp);
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("xiufu: %s", msg)));
    }
    *e = (xpg_pack_entry){xpg_packs, real, pp};
    xpg_packs = e;
    return pp;
}

const xf_plan *xpg_plan(xf_pack_plans *pp, const char *path, int64_t as_of, int trace, int interp) {
    char *err = NULL;
    const xf_plan *plan = xf_pack_plans_get(pp, as_of, trace, interp, &err);
    if (err) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", err);
        free(err);
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("xiufu: pack \"%s\": %s", path, msg)));
    }
    return plan;
}

/* PostgreSQL counts days from 2000-01-01, xiufu from 1970-01-01. */
int64_t xpg_day(DateADT d) { return (int64_t)d + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE); }
DateADT xpg_date(int64_t day) { return (DateADT)(day - (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)); }

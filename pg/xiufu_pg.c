/* xiufu_pg.c — the C side of the PostgreSQL extension `xiufu`.
 *
 * For now only xiufu.version(): it reports the version of the library that
 * is loaded, which can differ from the extension's SQL version after an
 * upgrade of the shared object alone. */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "version.h"  /* runtime/version.h: the number recorded in runs and packs */

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(xiufu_version);

Datum xiufu_version(PG_FUNCTION_ARGS) {
    PG_RETURN_TEXT_P(cstring_to_text(XF_VERSION));
}

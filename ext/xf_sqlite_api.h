/* xf_sqlite_api.h — included first in every file of the SQLite extension
 * (ext/CMakeLists.txt passes -include): it turns each sqlite3_* call of the
 * runtime files compiled into the extension into a call through the host's
 * sqlite3_api table, defined in xiufu_sqlite.c.  Without it those calls
 * would bind to whatever libsqlite3 the dynamic linker finds, which need
 * not be the one that owns the connection. */
#ifndef XF_SQLITE_API_H
#define XF_SQLITE_API_H
/* Before any system header, as pack/pack.c wants it (memfd_create, dladdr1),
 * and the extension too (realpath). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif

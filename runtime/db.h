/* db.h — an xf_db (xf_abi.h), whoever filled it: the whole-file loader
 * (store/load.h), a partition of the streaming run (exec/partition.h). */
#ifndef XF_DB_H
#define XF_DB_H

#include "xf_abi.h"

/* Frees its tables, texts and calendar. */
void xf_db_free(xf_db *db);

#endif

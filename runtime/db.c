/* db.c — the records compiled policies read (xf_abi.h), let go. */
#include "db.h"

#include <stdlib.h>

#include "dates.h"
#include "texts.h"

void xf_db_free(xf_db *db) {
    if (!db) return;
    for (int t = 0; db->tab && t < db->ntables; t++) {
        xf_table *tab = &db->tab[t];
        /* a table whose columns ran out of memory half made has ncols set
         * and val or has still NULL */
        for (int c = 0; c < tab->ncols; c++) {
            if (tab->val) free(tab->val[c]);
            if (tab->has) free(tab->has[c]);
        }
        free(tab->val);
        free(tab->has);
        free(tab->row_id);
        free(tab->ent);
        free(tab->first);
    }
    free(db->tab);
    xf_calendar_free(db->cal);
    xf_texts_free(db->texts);
    free(db);
}

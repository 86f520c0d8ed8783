/* documents.h — `xiufu run --documents DIR`: the documents a policy file
 * declares (`document …`, docs/language.md §15a), filled from the decisions
 * of the run.
 *
 *   notice      DIR/<document>/<subject_id>.txt   UTF-8, one per decision
 *   ledger      DIR/<document>.csv                UTF-8 with BOM, CRLF, RFC 4180
 *   statistics  DIR/<document>.csv                likewise
 *
 * A document shows the decisions of the policies it names with `by`, for
 * the records those policies decided in this run (decisions that ended in a
 * runtime error are left out: their values are incomplete).  Files are
 * written whole (a temporary file renamed into place); other files in DIR
 * are left alone.
 */
#ifndef XF_DOCUMENTS_H
#define XF_DOCUMENTS_H

#include <stdint.h>
#include "xiufu.h"

/* The decisions of one policy in the run: one entry per row of its subject
 * table (xf_abi.h).  Borrowed. */
typedef struct xf_doc_source {
    const xf_decl *policy;
    const xf_out  *out;
} xf_doc_source;

typedef struct xf_doc_stats {
    int64_t files;      /* files written */
    int64_t notices;    /* of which notices */
    int64_t rows;       /* ledger and statistics rows, headers and totals left out */
} xf_doc_stats;

/* Write every document of the compilation whose policies are among `src`.
 * Returns 0, or -1 with *errmsg (malloc'd) naming the file at fault. */
int xf_documents_write(xf_compile *c, const xf_db *db, const xf_doc_source *src, int nsrc, int64_t as_of,
                       const char *dir, xf_doc_stats *stats, char **errmsg);

#endif

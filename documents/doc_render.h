/* doc_render.h — the text of the values a document shows (documents.c).
 *
 * A value is read from the run, never computed: a column of the record or
 * of its entity, a field or the outcome of the decision, the row's number,
 * the evaluation day.  Its text depends on where it goes:
 *
 *   value         notice (for people)       CSV cell (for spreadsheets)
 *   date          2022年5月18日               2022-05-18
 *   money         5000.5元                   5000.5
 *   bool          是 / 否                    是 / 否
 *   set           罚款、没收违法所得            罚款、没收违法所得
 *   outcome       可申请修复 (Chinese name)    可申请修复
 *   absent        (nothing)                  (empty cell)
 */
#ifndef XF_DOC_RENDER_H
#define XF_DOC_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"
#include "xiufu.h"

typedef enum { XF_STYLE_NOTICE, XF_STYLE_CSV } xf_doc_style;

/* One decision a document shows. */
typedef struct xf_doc_row {
    const xf_out *out;       /* the decisions of its policy */
    int           by;        /* the policy's position in the document's `by` */
    int64_t       r;         /* the row in the subject table (and in out) */
    int64_t       id;        /* the subject's key */
    int64_t       number;    /* the row's number in the document, from 1 */
} xf_doc_row;

/* What a document reads its values from. */
typedef struct xf_doc_ctx {
    xf_compile    *c;
    const xf_db   *db;
    const xf_decl *doc;
    int64_t        as_of;
    xf_doc_style   style;
} xf_doc_ctx;

/* The value v of a row: 1 and *slot when present, 0 when absent.  Not for
 * COUNT and KEY (statistics), nor TEXT. */
int  xf_doc_value(const xf_doc_ctx *x, const xf_docval *v, const xf_doc_row *row, int64_t *slot);

/* Append the text of a present value of type t (see the table above). */
void xf_doc_format(const xf_doc_ctx *x, const xf_type *t, int outcome, int64_t slot, xf_strbuf *out);

/* Append the text of v for row: a template's parts, or a value's text
 * (nothing when absent). */
void xf_doc_render(const xf_doc_ctx *x, const xf_docval *v, const xf_doc_row *row, xf_strbuf *out);

/* Whether row satisfies the document's `where` (checked: see check_documents.c). */
int  xf_doc_where(const xf_doc_ctx *x, const xf_expr *e, const xf_doc_row *row);

#endif

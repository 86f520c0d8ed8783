/* tables.h — what a policy set binds of a records database: the tables,
 * their columns and how each value is stored (the compiler hands these over,
 * every reader fills them), and a row that could not be read. */
#ifndef XF_TABLES_H
#define XF_TABLES_H

#include <stdint.h>

typedef enum { XF_K_BOOL, XF_K_INT, XF_K_MONEY, XF_K_DATE, XF_K_TEXT, XF_K_ENUM, XF_K_SET } xf_kind;

typedef struct xf_colspec {
    const char        *name;      /* SQL column name; NULL: not read (slots 0, has 0) */
    xf_kind            kind;
    int                optional;  /* NULL allowed (has = 0); otherwise NULL is a bad row */
    int                nlabels;   /* enum / set: the labels, in index order */
    const char *const *labels;
} xf_colspec;

typedef struct xf_tablespec {
    const char       *table;       /* SQL table name */
    const char       *key;         /* integer row key column ("id"), or NULL: use rowid */
    const char       *entity_col;  /* column holding the entity's uscc ("uscc") */
    int               ncols;
    const xf_colspec *cols;
} xf_tablespec;

/* One bad row.  Strings are valid only during the callback. */
typedef struct xf_bad_row {
    const char *table;
    int64_t     row_id;
    const char *column;   /* NULL when the whole row is at fault */
    const char *value;    /* the offending value as text, NULL for SQL NULL */
    const char *reason_en;
    const char *reason_zh;
} xf_bad_row;

/* One field a policy computes beyond outcome (eligible_from, stops_on, ...). */
typedef struct xf_field {
    const char *name;
    xf_kind     kind;
    int         nlabels;
    const char *const *labels;
} xf_field;

#endif

/* params.h — parameters that vary by date and jurisdiction.
 *
 * A parameter is a table of rows (region prefix, from, until, value) and an
 * optional default.  For a region text and a date, the row whose prefix is
 * the longest prefix of the region and whose period contains the date
 * applies; otherwise the default; otherwise no value applies (a runtime
 * error, never a guess).  The checker rejects two rows of one parameter
 * with the same prefix and overlapping periods.
 * Rows are static data of a compiled policy; owned by the compilation. */
#ifndef XF_PARAMS_H
#define XF_PARAMS_H

#include <stdint.h>

#define XF_DAY_OPEN_FROM  INT64_MIN
#define XF_DAY_OPEN_UNTIL INT64_MAX

typedef struct xf_param_row {
    const char *region;   /* region code prefix, "" = everywhere */
    int64_t     from;     /* first day (inclusive), or XF_DAY_OPEN_FROM */
    int64_t     until;    /* last day (inclusive), or XF_DAY_OPEN_UNTIL */
    int64_t     value;    /* slot */
    uint8_t     has;      /* 0: the row says "none" (the value is absent) */
} xf_param_row;

typedef struct xf_param {
    const char         *name;
    int32_t             nrows;
    const xf_param_row *rows;
    uint8_t             has_default;
    uint8_t             default_has;
    int64_t             default_value;
} xf_param;

typedef struct xf_params {
    int32_t         n;
    const xf_param *p;
} xf_params;

/* The row that applies: index >= 0, -1 for the default, -2 when nothing applies. */
int xf_param_pick(const xf_param *p, const char *region, int64_t day);

#endif

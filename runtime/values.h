/* values.h — the loader's conversions, whatever database a value comes
 * from (SQLite: store/convert.h; PostgreSQL: pg/): every value converted
 * once into its slot (xf_abi.h), with the same reasons for a bad value. */
#ifndef XF_VALUES_H
#define XF_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "tables.h"

/* Why a row is bad, in English and Chinese.  ORDER: xf_load_reason */
#define XF_LOAD_REASONS(X)                                                              \
    X(XF_BAD_OK, "ok", "正常")                                                          \
    X(XF_BAD_MISSING, "missing value", "缺少必填值")                                    \
    X(XF_BAD_LABEL, "unknown label", "未知标签")                                        \
    X(XF_BAD_NO_LABEL, "empty label list", "标签列表为空")                              \
    X(XF_BAD_DATE_MALFORMED, "malformed date", "日期格式错误")                          \
    X(XF_BAD_DATE_IMPOSSIBLE, "impossible date", "日期不存在")                          \
    X(XF_BAD_DATE_RANGE, "date outside 1900-01-01..2199-12-31", "日期超出支持范围")     \
    X(XF_BAD_MONEY_MALFORMED, "malformed amount of money", "金额格式错误")              \
    X(XF_BAD_MONEY_FINE, "money finer than a fen", "金额精度超过分")                    \
    X(XF_BAD_MONEY_RANGE, "amount of money out of range", "金额超出范围")               \
    X(XF_BAD_INT, "not an integer", "不是整数")                                         \
    X(XF_BAD_BOOL, "not a boolean (0 or 1)", "不是布尔值（0或1）")                      \
    X(XF_BAD_USCC_LENGTH, "USCC not 18 characters long", "统一社会信用代码不是18位")    \
    X(XF_BAD_USCC_CHAR, "character outside the USCC alphabet",                         \
      "统一社会信用代码含有非法字符")                                                   \
    X(XF_BAD_USCC_CHECK, "bad USCC check character", "统一社会信用代码校验位错误")      \
    X(XF_BAD_UNKNOWN_ENTITY, "row of an unknown entity", "所属主体不存在")              \
    X(XF_BAD_SKIPPED_ENTITY, "row of a skipped entity", "所属主体因数据错误已跳过")     \
    X(XF_BAD_DUP_KEY, "duplicate key", "主键重复")

typedef enum {
#define X(code, en, zh) code,
    XF_LOAD_REASONS(X)
#undef X
    XF_BAD__COUNT
} xf_load_reason;

extern const char *const xf_load_reason_en[XF_BAD__COUNT];
extern const char *const xf_load_reason_zh[XF_BAD__COUNT];

/* Converters return a reason, or this when memory ran out (not a bad row). */
#define XF_LOAD_OOM (-1)

/* Label text -> index: a small open-addressing table, so a value costs one
 * hash and usually one memcmp instead of a strcmp per label. */
typedef struct xf_load_labels {
    uint32_t           mask;   /* slots - 1 */
    int32_t           *slot;   /* label index + 1; 0 = empty */
    size_t            *len;
    const char *const *label;
} xf_load_labels;

/* One bound column and what converting it needs. */
typedef struct xf_load_col {
    const xf_colspec *spec;
    xf_load_labels    labels;  /* enum and set columns */
} xf_load_col;

uint64_t xf_load_hash(const char *s, size_t n);  /* hash.h */
int  xf_load_labels_build(xf_load_labels *m, int nlabels, const char *const *labels);
int  xf_load_labels_find(const xf_load_labels *m, const char *s, size_t n);
void xf_load_labels_free(xf_load_labels *m);

/* Exact decimal integer text: [+-]digits, in range.  0, or -1. */
int xf_value_parse_int(const char *s, size_t n, int64_t *v);

/* "YYYY-MM-DD" to a day number: XF_BAD_OK or a date reason. */
int xf_value_date(const char *s, size_t n, int64_t *v);

/* A non-NULL value of column c, given as text of n bytes or as an integer,
 * into *v: XF_BAD_OK or a reason.  Text columns are only checked for NULL,
 * their bytes are the caller's to take.  xf_value_int returns -2 for a
 * column that is not an integer kind (int, bool, money): pass its text. */
int xf_value_text(const xf_load_col *c, const char *s, size_t n, int64_t *v);
int xf_value_int(const xf_load_col *c, int64_t i, int64_t *v);

/* The reason for an xf_uscc_validate code. */
int xf_load_uscc_reason(int code);

/* Exact decimal yuan text ("80000", "123.4", "0.05") to fen.  0 ok, -1 malformed
 * or finer than a fen or out of range. */
int  xf_money_parse(const char *s, int64_t *fen);
void xf_money_format(int64_t fen, char buf[32]);  /* "80000", "123.40" -> "123.4" */
/* Yuan with exactly two decimals, a JSON number: 2000000 fen -> "20000.00". */
void xf_money_decimal(int64_t fen, char buf[32]);
/* Fen from yuan held as a binary float (a REAL output column): to the
 * nearest fen, which is exact for amounts below 2^46 yuan. */
int64_t xf_money_from_yuan(double yuan);

/* The text of an output field's value as every output stores it: a date
 * YYYY-MM-DD, money in yuan, an enum's label, a set's labels comma-separated,
 * a text; NULL for bool and int (numbers), and for a value that names
 * nothing (a label index the field lacks, an unknown text id, labels longer
 * than buf): never a guess.  buf holds cap bytes, XF_FIELD_TEXT_MAX do. */
enum { XF_FIELD_TEXT_MAX = 4096 };
struct xf_texts;
const char *xf_field_text(const xf_field *f, int64_t v, const struct xf_texts *texts, char *buf, size_t cap);
/* Bytes of s, the text xf_field_text returned for v: a record's text is
 * measured by its interned length, so a NUL inside it does not cut it. */
size_t      xf_field_text_len(const xf_field *f, int64_t v, const struct xf_texts *texts, const char *s);

#endif

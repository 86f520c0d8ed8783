/* doc_csv.c — CSV fields and rows (doc_csv.h). */
#include "doc_csv.h"

#include <string.h>

void xf_csv_begin(xf_strbuf *b) { xf_strbuf_puts(b, "\xEF\xBB\xBF"); }

void xf_csv_end_row(xf_strbuf *b) { xf_strbuf_puts(b, "\r\n"); }

/* Digits only, and Excel would change them: past its 15 significant digits,
 * or a leading zero it would drop. */
static int fragile_number(const char *s, size_t n) {
    if (n < 2) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return n > 15 || s[0] == '0';
}

void xf_csv_field(xf_strbuf *b, int first, const char *s, size_t n) {
    if (!first) xf_strbuf_put(b, ",", 1);
    if (fragile_number(s, n)) {
        xf_strbuf_puts(b, "\"=\"\"");
        xf_strbuf_put(b, s, n);
        xf_strbuf_puts(b, "\"\"\"");
        return;
    }
    /* Text from the records that Excel would run as a formula (=, +, -, @,
     * and a leading TAB or CR, which Excel skips before one) is kept as text
     * by a leading apostrophe, which Excel does not show. */
    int formula = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        if (formula) xf_strbuf_put(b, "'", 1);
        xf_strbuf_put(b, s, n);
        return;
    }
    xf_strbuf_put(b, "\"", 1);
    if (formula) xf_strbuf_put(b, "'", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') xf_strbuf_put(b, "\"", 1);
        xf_strbuf_put(b, s + i, 1);
    }
    xf_strbuf_put(b, "\"", 1);
}

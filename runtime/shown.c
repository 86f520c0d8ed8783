/* shown.c — control characters escaped for terminals (shown.h). */
#include "shown.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of the control at s (1 for C0 and DEL, 2 for C1 in UTF-8), or 0. */
static size_t control_len(const unsigned char *s, size_t n, int keep_lines) {
    if (s[0] < 0x20) return keep_lines && (s[0] == '\n' || s[0] == '\t') ? 0 : 1;
    if (s[0] == 0x7f) return 1;
    if (s[0] == 0xc2 && n > 1 && s[1] >= 0x80 && s[1] <= 0x9f) return 2;
    return 0;
}

void xf_put_shown(FILE *f, const char *s, size_t n, int keep_lines) {
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        size_t c = control_len(u + i, n - i, keep_lines);
        if (!c) {
            i++;
            continue;
        }
        fwrite(s + run, 1, i - run, f);
        for (size_t k = 0; k < c; k++, i++) fprintf(f, "\\x%02x", u[i]);
        run = i;
    }
    fwrite(s + run, 1, n - run, f);
}

char *xf_shown(const char *s) {
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    if (!m) return NULL;
    xf_put_shown(m, s, strlen(s), 0);
    if (fclose(m) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

size_t xf_utf8_char(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (c < 0xC2 || c > 0xF4 || n < len) return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
    if (c == 0xED && s[1] > 0x9F) return 0;  /* surrogate */
    if (c == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0;  /* beyond U+10FFFF */
    return len;
}

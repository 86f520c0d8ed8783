/* uscc.c — 统一社会信用代码 check character and validation (GB 32100-2015). */
#include "uscc.h"

#include <stdint.h>

static const char xf_uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^i mod 31 for positions 1..17 (GB 32100-2015, 表 1). */
static const uint8_t xf_uscc_weight[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Value 0..30 of a code character, or -1 when the alphabet lacks it.  The
 * alphabet omits I, O, S, V, Z (easily misread) and lower case.  A table:
 * every entity of a run is validated, so this is on the loader's hot path. */
static const int8_t xf_uscc_values[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23, ['P'] = 24,
    ['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31,
};  /* value + 1; 0 = not in the alphabet */

static int xf_uscc_value(char c) { return xf_uscc_values[(unsigned char)c] - 1; }

char xf_uscc_check_char(const char *first17) {
    if (!first17) return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = xf_uscc_value(first17[i]);
        if (v < 0) return 0;
        sum += v * xf_uscc_weight[i];
    }
    int c = 31 - sum % 31;
    return xf_uscc_alphabet[c == 31 ? 0 : c];
}

/* xf_uscc_term[i][c]: what character c adds at position i, its value
 * times the weight, or XF_USCC_OUT when outside the alphabet, which keeps
 * any sum of 17 terms negative. */
enum { XF_USCC_OUT = -(1 << 20) };
static int32_t xf_uscc_term[17][256];

__attribute__((constructor)) static void xf_uscc_term_fill(void) {
    for (int i = 0; i < 17; i++)
        for (int c = 0; c < 256; c++) {
            int v = xf_uscc_value((char)c);
            xf_uscc_term[i][c] = v < 0 ? XF_USCC_OUT : v * xf_uscc_weight[i];
        }
}

/* One pass, one table load a character, for both checks (a run validates
 * every entity's code). */
int xf_uscc_validate(const char *s, size_t n) {
    if (!s || n != 18) return XF_USCC_LENGTH;
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += xf_uscc_term[i][(unsigned char)s[i]];
    if (sum < 0 || xf_uscc_value(s[17]) < 0) return XF_USCC_CHAR;  /* a term outside the alphabet */
    int c = 31 - sum % 31;
    return xf_uscc_alphabet[c == 31 ? 0 : c] == s[17] ? XF_USCC_OK : XF_USCC_CHECK;
}

const char *xf_uscc_error_en(int code) {
    switch (code) {
    case XF_USCC_OK: return "valid";
    case XF_USCC_LENGTH: return "not 18 characters long";
    case XF_USCC_CHAR: return "character outside the code's alphabet (0-9, A-Z without I, O, S, V, Z)";
    case XF_USCC_CHECK: return "check character does not match";
    default: return "unknown error";
    }
}

const char *xf_uscc_error_zh(int code) {
    switch (code) {
    case XF_USCC_OK: return "有效";
    case XF_USCC_LENGTH: return "长度不是18位";
    case XF_USCC_CHAR: return "含有代码字符集以外的字符（不使用I、O、S、V、Z）";
    case XF_USCC_CHECK: return "校验码错误";
    default: return "未知错误";
    }
}

/* uscc.h — 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check
 * character computed from the first 17 with weights 3^i mod 31. */
#ifndef XF_USCC_H
#define XF_USCC_H

#include <stddef.h>

enum { XF_USCC_OK = 0, XF_USCC_LENGTH = 1, XF_USCC_CHAR = 2, XF_USCC_CHECK = 3 };

/* The check character for the first 17 characters, or 0 if one is not in the
 * code's alphabet (0-9 and A-Z without I, O, Z, S, V). */
char xf_uscc_check_char(const char *first17);
/* XF_USCC_OK, or why s (n bytes) is not a valid code. */
int  xf_uscc_validate(const char *s, size_t n);
const char *xf_uscc_error_en(int code);
const char *xf_uscc_error_zh(int code);

#endif

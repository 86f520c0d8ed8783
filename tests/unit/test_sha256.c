/* test_sha256.c — SHA-256 against the FIPS 180-4 examples and sha256sum. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "sha256.h"

static const char *hex_of(const void *data, size_t n) {
    static char hex[65];
    uint8_t d[32];
    xf_sha256(data, n, d);
    xf_sha256_hex(d, hex);
    return hex;
}

int main(void) {
    CHECK_EQ_STR(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_EQ_STR(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";  /* 56 bytes: two blocks of padding */
    CHECK_EQ_STR(hex_of(two, strlen(two)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a', fed in uneven pieces so the buffering is exercised */
    xf_sha256_ctx s;
    xf_sha256_init(&s);
    char *a = malloc(1000000);
    CHECK(a != NULL);
    if (a) {
        memset(a, 'a', 1000000);
        size_t off = 0, step = 1;
        while (off < 1000000) {
            size_t n = step < 1000000 - off ? step : 1000000 - off;
            xf_sha256_update(&s, a + off, n);
            off += n;
            step = step * 3 % 197 + 1;
        }
        uint8_t d[32];
        char hex[65];
        xf_sha256_final(&s, d);
        xf_sha256_hex(d, hex);
        CHECK_EQ_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        free(a);
    }
    return CHECK_DONE();
}

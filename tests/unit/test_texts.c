/* test_texts.c — text interning: equal text, equal id; ids dense from 0. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "texts.h"

int main(void) {
    xf_texts *t = xf_texts_new();
    CHECK(t != NULL);
    if (!t) return CHECK_DONE();
    CHECK_EQ_INT(xf_texts_intern(t, "市场监管", strlen("市场监管")), 0);
    CHECK_EQ_INT(xf_texts_intern(t, "税务", strlen("税务")), 1);
    CHECK_EQ_INT(xf_texts_intern(t, "市场监管", strlen("市场监管")), 0);
    /* only n bytes count */
    CHECK_EQ_INT(xf_texts_intern(t, "税务局", strlen("税务")), 1);
    CHECK_EQ_INT(xf_texts_intern(t, "", 0), 2);
    CHECK_EQ_INT(xf_texts_intern(t, NULL, 0), 2);
    CHECK_EQ_INT(xf_texts_intern(t, "a\0b", 3), 3);
    CHECK_EQ_INT(xf_texts_intern(t, "a\0c", 3), 4);
    CHECK_EQ_INT(xf_texts_intern(t, "a", 1), 5);
    CHECK_EQ_STR(xf_texts_str(t, 0), "市场监管");
    CHECK_EQ_STR(xf_texts_str(t, 2), "");
    CHECK_EQ_INT(xf_texts_len(t, 3), 3);
    CHECK(memcmp(xf_texts_str(t, 4), "a\0c", 4) == 0);
    CHECK(xf_texts_str(t, 6) == NULL);
    CHECK(xf_texts_str(t, -1) == NULL);
    CHECK_EQ_INT(xf_texts_len(t, 99), 0);

    /* Many strings: dense ids, pointers stable across growth. */
    const char *first = xf_texts_str(t, 0);
    enum { N = 200000 };
    char buf[32];
    int bad = 0;
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "text-%d", i);
        if (xf_texts_intern(t, buf, (size_t)n) != 6 + i) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    for (int i = N - 1; i >= 0; i -= 7) {
        int n = snprintf(buf, sizeof buf, "text-%d", i);
        if (xf_texts_intern(t, buf, (size_t)n) != 6 + i) bad++;
        if (strcmp(xf_texts_str(t, 6 + i), buf) != 0) bad++;
        if (xf_texts_len(t, 6 + i) != (size_t)n) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(xf_texts_str(t, 0) == first);
    CHECK_EQ_STR(first, "市场监管");

    /* A string larger than an arena block. */
    size_t big = 200000;
    char *s = malloc(big);
    CHECK(s != NULL);
    if (s) {
        memset(s, 'x', big);
        int64_t id = xf_texts_intern(t, s, big);
        CHECK_EQ_INT(id, 6 + N);
        CHECK_EQ_INT(xf_texts_len(t, id), big);
        CHECK_EQ_INT(xf_texts_intern(t, s, big), id);
        CHECK_EQ_INT(xf_texts_intern(t, "after-big", 9), id + 1);
        CHECK_EQ_STR(xf_texts_str(t, id + 1), "after-big");
        free(s);
    }
    xf_texts_free(t);
    xf_texts_free(NULL);
    CHECK_EQ_INT(xf_texts_intern(NULL, "x", 1), -1);
    return CHECK_DONE();
}

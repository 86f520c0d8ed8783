/* cite_en.c — a citation for an English reader (explain.h): each article
 * reference in Chinese numerals (第十一条第二款第（一）项) gets its English
 * beside it, "Article 11, paragraph 2, item (1) (第十一条第二款第（一）项)", and a
 * range (第十一条至第十四条) "Articles 11 to 14 (…)".  The instrument's title and
 * anything that is not an article reference stay as written. */
#include <string.h>

#include "explain.h"

static const char *const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", NULL};

/* A Chinese numeral at p (up to 九百九十九, or ASCII digits): its value and
 * length in bytes, 0 when there is none. */
static int numeral(const char *p, int *value) {
    int v = 0, cur = 0, n = 0, any = 0;
    if (*p >= '0' && *p <= '9') {
        while (p[n] >= '0' && p[n] <= '9') v = v * 10 + (p[n++] - '0');
        *value = v;
        return n;
    }
    for (;;) {
        int d = -1;
        for (int i = 0; digits[i]; i++)
            if (!strncmp(p + n, digits[i], 3)) d = i;
        if (!strncmp(p + n, "〇", 3) || !strncmp(p + n, "两", 3)) d = !strncmp(p + n, "两", 3) ? 2 : 0;
        if (d >= 0) {
            cur = d, n += 3, any = 1;
        } else if (!strncmp(p + n, "十", 3)) {
            v += (any && cur ? cur : 1) * 10, cur = 0, n += 3, any = 1;
        } else if (!strncmp(p + n, "百", 3)) {
            v += (cur ? cur : 1) * 100, cur = 0, n += 3, any = 1;
        } else {
            break;
        }
    }
    if (!any) return 0;
    *value = v + cur;
    return n;
}

/* 第N<unit> at p: N and the length, 0 when not.  unit 条, 款 or 项; an item may
 * be written 第（N）项 or 第(N)项. */
static int part(const char *p, const char *unit, int *value) {
    if (strncmp(p, "第", 3)) return 0;
    int n = 3, paren = 0;
    if (!strcmp(unit, "项")) {
        if (!strncmp(p + n, "（", 3)) n += 3, paren = 3;
        else if (p[n] == '(') n += 1, paren = 1;
    }
    int k = numeral(p + n, value);
    if (!k) return 0;
    n += k;
    if (paren == 3 && strncmp(p + n, "）", 3)) return 0;
    if (paren == 1 && p[n] != ')') return 0;
    n += paren;
    if (strncmp(p + n, unit, 3)) return 0;
    return n + 3;
}

/* An article reference at p: "Article 11, paragraph 2, item (1)" into e;
 * its length, 0 when there is none. */
static int article(const char *p, xf_ex_buf *e) {
    int a, b, c, n = part(p, "条", &a);
    if (!n) return 0;
    int k, to;
    if (!strncmp(p + n, "至", 3) && (k = part(p + n + 3, "条", &to))) {
        xf_ex_printf(e, "Articles %d to %d", a, to);
        return n + 3 + k;
    }
    xf_ex_printf(e, "Article %d", a);
    if ((k = part(p + n, "款", &b))) {
        int more = 0, m, k2;
        /* 第一款、第二款: the paragraphs of one article */
        for (const char *q = p + n + k; !strncmp(q, "、", 3) && (k2 = part(q + 3, "款", &m)) && !part(q + 3 + k2, "项", &c);
             q += 3 + k2)
            more++;
        xf_ex_printf(e, ", paragraph%s %d", more ? "s" : "", b);
        n += k;
        for (int i = 0; i < more; i++) {
            k = part(p + n + 3, "款", &m);
            xf_ex_printf(e, "%s%d", i + 1 == more ? " and " : ", ", m);
            n += 3 + k;
        }
        if (more) return n;
    }
    if ((k = part(p + n, "项", &c))) xf_ex_printf(e, ", item (%d)", c), n += k;
    return n;
}

void xf_ex_cite_en(xf_ex_buf *out, const char *s) {
    for (const char *p = s ? s : ""; *p;) {
        xf_ex_buf e = {0};
        int n = article(p, &e);
        if (n) {
            /* apart from the title before it, not from a list's separator */
            int after_sep = p == s || p[-1] == ' ' || (p - s >= 3 && (!strncmp(p - 3, "、", 3) || !strncmp(p - 3, "；", 3) || !strncmp(p - 3, "，", 3)));
            xf_ex_printf(out, "%s%s (%.*s)", after_sep ? "" : " ", e.p ? e.p : "", n, p);
            p += n;
        } else {
            xf_ex_putn(out, p, 1);
            p++;
        }
        if (e.oom) out->oom = 1;
        xf_ex_buf_free(&e);
    }
}

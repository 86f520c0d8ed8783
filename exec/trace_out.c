/* trace_out.c — describing and rendering a run's traces. */
#include "trace_out.h"
#include "shown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_codec.h"
#include "values.h"

/* s[0..n) as a JSON string: a NUL inside a record's text is \u0000, not
 * its end. */
static size_t json_strn(char *buf, size_t cap, size_t o, const char *s, size_t n) {
    if (o + 2 >= cap) return o;
    buf[o++] = '"';
    for (size_t i = 0; i < n && o + 8 < cap;) {
        unsigned char ch = (unsigned char)s[i];
        size_t len = ch < 0x80 ? 1 : xf_utf8_char((const unsigned char *)s + i, n - i);
        if (ch == '"' || ch == '\\') buf[o++] = '\\', buf[o++] = (char)ch;
        else if (ch < 0x20) o += (size_t)snprintf(buf + o, cap - o, "\\u%04x", ch);
        else if (!len) o += (size_t)snprintf(buf + o, cap - o, "\\ufffd");  /* a line stays JSON */
        else if (o + len + 8 < cap) memcpy(buf + o, s + i, len), o += len;
        else break;
        i += len ? len : 1;
    }
    buf[o++] = '"';
    buf[o] = 0;
    return o;
}

static size_t json_str(char *buf, size_t cap, size_t o, const char *s) {
    return json_strn(buf, cap, o, s, s ? strlen(s) : 0);
}

static const char *text_of(void *ud, int64_t id) { return xf_texts_str(ud, id); }

const char *xf_trace_json(const xf_trace_meta *m, int n, const int64_t *val, const uint8_t *state,
                          const xf_texts *texts, char *buf, size_t cap) {
    size_t o = 0;
    buf[o++] = '{';
    int first = 1;
    for (int i = 0; i < n && o + 64 < cap; i++) {
        if (!state[i]) continue;
        char key[512], v[512];
        const char *k = m[i].kind;
        if (!strcmp(k, "when") || !strcmp(k, "time"))
            snprintf(key, sizeof key, "step %d %s", m[i].index + 1, k);
        else if (!strcmp(k, "column") || !strcmp(k, "let") || !strcmp(k, "require") || !strcmp(k, "agg"))
            snprintf(key, sizeof key, "%s", m[i].name);
        else
            snprintf(key, sizeof key, "%s (%s)", m[i].name, k);
        if (!first) buf[o++] = ',';
        first = 0;
        o = json_str(buf, cap, o, key);
        buf[o++] = ':';
        if (state[i] == 1) {
            o += (size_t)snprintf(buf + o, cap - o, "null");
        } else if (!strcmp(m[i].value_kind, "bool") || !strcmp(m[i].value_kind, "int")) {
            xf_trace_value_text(m[i].value_kind, m[i].labels, val[i], NULL, NULL, v, sizeof v);
            o += (size_t)snprintf(buf + o, cap - o, "%s", v);
        } else if (!strcmp(m[i].value_kind, "money")) {  /* yuan as a number, exact to the fen: 20000.00 */
            xf_money_decimal(val[i], v);
            o += (size_t)snprintf(buf + o, cap - o, "%s", v);
        } else if (!strcmp(m[i].value_kind, "text") && xf_texts_str(texts, val[i])) {
            o = json_strn(buf, cap, o, xf_texts_str(texts, val[i]), xf_texts_len(texts, val[i]));
        } else {
            xf_trace_value_text(m[i].value_kind, m[i].labels, val[i], text_of, (void *)texts, v, sizeof v);
            o = json_str(buf, cap, o, v);
        }
    }
    if (o + 2 < cap) buf[o++] = '}';
    buf[o < cap ? o : cap - 1] = 0;
    return buf;
}

void xf_text_set_add(xf_text_set *s, int64_t id) {
    if (id < 0) return;
    if (id >= s->cap) {
        int64_t cap = s->cap ? s->cap : 1024;
        while (cap <= id) cap *= 2;
        uint8_t *seen = realloc(s->seen, (size_t)cap);
        if (!seen) return;
        memset(seen + s->cap, 0, (size_t)(cap - s->cap));
        s->seen = seen;
        int64_t *ids = realloc(s->ids, sizeof *ids * (size_t)cap);
        if (!ids) return;
        s->ids = ids, s->cap = cap;
    }
    if (!s->seen[id]) s->seen[id] = 1, s->ids[s->n++] = id;
}

void xf_text_set_note(xf_text_set *s, const xf_trace_meta *m, int n, const int64_t *val, const uint8_t *state) {
    for (int i = 0; i < n; i++)
        if (state[i] == 2 && !strcmp(m[i].value_kind, "text")) xf_text_set_add(s, val[i]);
}

void xf_text_set_free(xf_text_set *s) {
    free(s->seen);
    free(s->ids);
    memset(s, 0, sizeof *s);
}

/* diag_json.c — diagnostics as JSON (diag_json.h). */
#include "diag_json.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void xf_json_string(FILE *f, const char *s) {
    if (!s) { fputs("null", f); return; }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fputc('\\', f), fputc(*p, f);
        else if (*p == '\n') fputs("\\n", f);
        else if (*p == '\t') fputs("\\t", f);
        else if (*p == '\r') fputs("\\r", f);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

const char *xf_diag_code_name(xf_diag_code code) {
    static char names[XF_D__COUNT][40];
    static const char *const upper[] = {
#define X(code, sev, en, zh) #code,
        XF_DIAGS(X)
#undef X
    };
    if ((int)code < 0 || code >= XF_D__COUNT) return "unknown";
    if (!names[code][0]) {
        char tmp[40];
        size_t i = 0;
        for (; upper[code][i] && i + 1 < sizeof tmp; i++) tmp[i] = (char)tolower((unsigned char)upper[code][i]);
        tmp[i] = 0;
        memcpy(names[code], tmp, i + 1);
    }
    return names[code];
}

void xf_json_diag_at(FILE *f, const xf_diags *ds, xf_span span, const char *severity, const char *code,
                     const char *message, const char *extra_key, const char *extra_val) {
    fputs("{\"file\": ", f);
    if (span.file >= 0 && span.file < ds->nsrc) {
        const xf_source *s = &ds->src[span.file];
        int line, col, eline, ecol;
        xf_source_linecol(s, span.start, &line, &col);
        xf_source_linecol(s, span.end > span.start ? span.end : span.start, &eline, &ecol);
        xf_json_string(f, s->path);
        fprintf(f, ", \"line\": %d, \"column\": %d, \"end\": {\"line\": %d, \"column\": %d}", line, col, eline, ecol);
    } else {
        fputs("null", f);
    }
    fputs(", \"severity\": ", f);
    xf_json_string(f, severity);
    fputs(", \"code\": ", f);
    xf_json_string(f, code);
    fputs(", \"message\": ", f);
    xf_json_string(f, message ? message : "");
    if (extra_key) {
        fputs(", ", f);
        xf_json_string(f, extra_key);
        fputs(": ", f);
        xf_json_string(f, extra_val);
    }
    fputc('}', f);
}

static int cmp_pos(const void *a, const void *b) {
    const xf_diagnostic *x = *(const xf_diagnostic *const *)a, *y = *(const xf_diagnostic *const *)b;
    if (x->span.file != y->span.file) return x->span.file < y->span.file ? -1 : 1;
    if (x->span.start != y->span.start) return x->span.start < y->span.start ? -1 : 1;
    if (x->code != y->code) return x->code < y->code ? -1 : 1;
    return x < y ? -1 : x > y;
}

int xf_diags_json_items(const xf_diags *ds, FILE *f, xf_lang lang) {
    static const char *sev[] = {"error", "warning", "note"};
    const xf_diagnostic **order = malloc(sizeof *order * (size_t)(ds->n ? ds->n : 1));
    if (!order) return 0;
    for (int32_t i = 0; i < ds->n; i++) order[i] = &ds->d[i];
    qsort(order, (size_t)ds->n, sizeof *order, cmp_pos);
    for (int32_t i = 0; i < ds->n; i++) {
        const xf_diagnostic *d = order[i];
        if (i) fputs(",\n  ", f);
        xf_json_diag_at(f, ds, d->span, sev[d->sev], xf_diag_code_name(d->code),
                        lang == XF_LANG_EN ? d->msg_en : d->msg_zh, NULL, NULL);
    }
    free(order);
    return ds->n;
}

void xf_diags_print_json(const xf_diags *ds, FILE *f, xf_lang lang) {
    fputs("{\"diagnostics\": [", f);
    if (ds->n) fputs("\n  ", f);
    if (xf_diags_json_items(ds, f, lang)) fputs("\n", f);
    fprintf(f, "], \"errors\": %d, \"warnings\": %d}\n", ds->errors, ds->warnings);
}

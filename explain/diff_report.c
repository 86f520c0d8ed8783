/* diff_report.c — the results of `xiufu diff` (exec/diff.h) read back from
 * its database and laid out: text for the terminal, or one self-contained
 * HTML page with inline SVG charts.  Explanations are those of `xiufu
 * explain` (explain_text.c, explain_html.c), stored by the comparison. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "explain.h"
#include "file_out.h"
#include "shown.h"

/* ---- the day's numbers ---- */

enum { MAXO = 16 };

typedef struct day_sum {
    char    as_of[11];
    char   *a_pol, *b_pol;
    int64_t records, a_decided, b_decided, changed, entities;
    int     na, nb;
    char    a_out[MAXO][24], b_out[MAXO][24];
    int64_t cell[MAXO][MAXO], cell_changed[MAXO][MAXO];
} day_sum;

/* Histogram buckets of a shift in days (B's day less A's). */
static const struct { int64_t lo, hi; const char *label; } buckets[] = {
    {INT64_MIN, -365, "≤ -365"}, {-364, -181, "-364…-181"}, {-180, -91, "-180…-91"}, {-90, -31, "-90…-31"},
    {-30, -8, "-30…-8"},        {-7, -1, "-7…-1"},          {1, 7, "+1…+7"},         {8, 30, "+8…+30"},
    {31, 90, "+31…+90"},        {91, 180, "+91…+180"},      {181, 364, "+181…+364"}, {365, INT64_MAX, "≥ +365"},
};
enum { NB = sizeof buckets / sizeof buckets[0] };

typedef struct shifts {
    int64_t earlier, later, gained, lost;
    int64_t b[NB];
} shifts;

static const char *col(sqlite3_stmt *s, int i) {
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? t : "";
}

static int outcome_slot(char (*names)[24], int *n, const char *code) {
    for (int i = 0; i < *n; i++)
        if (!strcmp(names[i], code)) return i;
    if (*n == MAXO) return MAXO - 1;
    snprintf(names[*n], 24, "%s", code);
    return (*n)++;
}

/* Outcomes in the contract's order, none and error last. */
static int outcome_rank(const char *c) {
    static const char *const order[] = {"auto_repair", "can_apply", "not_yet", "not_repairable", "not_published",
                                        "expired", "refer", "deregister_guidance", "out_of_scope", "error", "none"};
    for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
        if (!strcmp(order[i], c)) return i;
    return 99;
}

static int load_day(sqlite3 *db, sqlite3_stmt *dayrow, day_sum *d) {
    memset(d, 0, sizeof *d);
    snprintf(d->as_of, sizeof d->as_of, "%s", col(dayrow, 0));
    d->a_pol = strdup(col(dayrow, 1));
    d->b_pol = strdup(col(dayrow, 2));
    d->records = sqlite3_column_int64(dayrow, 3);
    d->a_decided = sqlite3_column_int64(dayrow, 4);
    d->b_decided = sqlite3_column_int64(dayrow, 5);
    d->changed = sqlite3_column_int64(dayrow, 6);
    d->entities = sqlite3_column_int64(dayrow, 7);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT a_outcome, b_outcome, records, changed FROM diff_transition WHERE as_of = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(s, 1, d->as_of, -1, SQLITE_STATIC);
    /* the outcomes first, in order, then the cells */
    char all[2 * MAXO * 4][24];
    int nall = 0;
    while (sqlite3_step(s) == SQLITE_ROW && nall < (int)(sizeof all / sizeof all[0]) - 2) {
        snprintf(all[nall++], 24, "a%s", col(s, 0));
        snprintf(all[nall++], 24, "b%s", col(s, 1));
    }
    for (int pass = 0; pass < 2; pass++)
        for (int r = 0; r <= 99; r++)
            for (int i = 0; i < nall; i++)
                if (all[i][0] == (pass ? 'b' : 'a') && outcome_rank(all[i] + 1) == r) {
                    if (pass) outcome_slot(d->b_out, &d->nb, all[i] + 1);
                    else outcome_slot(d->a_out, &d->na, all[i] + 1);
                }
    sqlite3_reset(s);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int i = outcome_slot(d->a_out, &d->na, col(s, 0)), j = outcome_slot(d->b_out, &d->nb, col(s, 1));
        d->cell[i][j] = sqlite3_column_int64(s, 2);
        d->cell_changed[i][j] = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    return 0;
}

static void load_shifts(sqlite3 *db, const char *as_of, const char *field, shifts *h) {
    memset(h, 0, sizeof *h);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT change, days, records FROM diff_shift WHERE as_of = ? AND field = ?", -1, &s, NULL) !=
        SQLITE_OK)
        return;
    sqlite3_bind_text(s, 1, as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, field, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *c = col(s, 0);
        int64_t days = sqlite3_column_int64(s, 1), n = sqlite3_column_int64(s, 2);
        if (!strcmp(c, "gained")) h->gained += n;
        else if (!strcmp(c, "lost")) h->lost += n;
        else {
            if (days < 0) h->earlier += n;
            else h->later += n;
            for (int k = 0; k < NB; k++)
                if (days >= buckets[k].lo && days <= buckets[k].hi) h->b[k] += n;
        }
    }
    sqlite3_finalize(s);
}

static const char *const dims[] = {"region", "sector", "domain", "policy"};
static const char *dim_name(const char *d, int en) {
    if (en) return d;
    return !strcmp(d, "region") ? "地区（处罚/列入机关行政区划，否则登记机关）"
         : !strcmp(d, "sector") ? "处罚系统" : !strcmp(d, "domain") ? "处罚领域" : "政策（A → B）";
}

/* Display width: a Chinese character takes two columns. */
static int width(const char *s) {
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) w += *p >= 0x80 ? 2 : 1;
    return w;
}

static void pad(FILE *f, const char *s, int w) {
    fputs(s, f);
    for (int i = width(s); i < w; i++) fputc(' ', f);
}

/* ---- text ---- */

int xf_diff_report_text(sqlite3 *db, int en, int examples, FILE *f) {
    sqlite3_stmt *run, *dayrow, *s;
    if (sqlite3_prepare_v2(db, "SELECT a, b, records, records_read, skipped, changed, entities FROM diff_run", -1, &run,
                           NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(run) == SQLITE_ROW) {
        fprintf(f, "A: %s\nB: %s\n", col(run, 0), col(run, 1));
        fprintf(f, en ? "records: %s (%" PRId64 " rows read, %" PRId64 " skipped)\n"
                      : "记录：%s（读取 %" PRId64 " 行，跳过 %" PRId64 " 行）\n",
                col(run, 2), (int64_t)sqlite3_column_int64(run, 3), (int64_t)sqlite3_column_int64(run, 4));
    }
    sqlite3_finalize(run);
    if (sqlite3_prepare_v2(db, "SELECT * FROM diff_day ORDER BY as_of", -1, &dayrow, NULL) != SQLITE_OK) return -1;
    while (sqlite3_step(dayrow) == SQLITE_ROW) {
        day_sum d;
        if (load_day(db, dayrow, &d) != 0) break;
        fprintf(f, en ? "\n== as of %s ==\n" : "\n== 评估日 %s ==\n", d.as_of);
        fprintf(f, en ? "A policies: %s\nB policies: %s\n" : "A 的政策：%s\nB 的政策：%s\n", *d.a_pol ? d.a_pol : "-",
                *d.b_pol ? d.b_pol : "-");
        fprintf(f, en ? "records decided: %" PRId64 " (A %" PRId64 ", B %" PRId64 ")\n"
                      : "决定的记录：%" PRId64 " 条（A %" PRId64 " 条，B %" PRId64 " 条）\n",
                d.records, d.a_decided, d.b_decided);
        fprintf(f, en ? "records changed: %" PRId64 "\nentities affected: %" PRId64 "\n"
                      : "有变化的记录：%" PRId64 " 条\n涉及主体：%" PRId64 " 个\n",
                d.changed, d.entities);
        /* the transition table */
        fprintf(f, en ? "\ntransitions (rows: outcome under A; columns: under B; records)\n"
                      : "\n结果转移表（行：A 的结果；列：B 的结果；记录数）\n");
        int w0 = 20, wc = 16;
        pad(f, en ? "A \\ B" : "A \\ B", w0);
        for (int j = 0; j < d.nb; j++) fprintf(f, "%*s", wc, d.b_out[j]);
        fputc('\n', f);
        for (int i = 0; i < d.na; i++) {
            pad(f, d.a_out[i], w0);
            for (int j = 0; j < d.nb; j++) fprintf(f, "%*" PRId64, wc, d.cell[i][j]);
            fputc('\n', f);
        }
        fprintf(f, en ? "\nchanged records by transition\n" : "\n按转移统计的变化记录\n");
        int any = 0;
        for (int i = 0; i < d.na; i++)
            for (int j = 0; j < d.nb; j++)
                if (d.cell_changed[i][j]) {
                    char t[64];
                    snprintf(t, sizeof t, "%s → %s", d.a_out[i], d.b_out[j]);
                    fputs("  ", f);
                    pad(f, t, 40);
                    fprintf(f, "%10" PRId64 "\n", d.cell_changed[i][j]);
                    any = 1;
                }
        if (!any) fprintf(f, en ? "  (none)\n" : "  （无）\n");
        /* date shifts */
        for (int k = 0; k < 2; k++) {
            const char *field = k ? "stops_on" : "eligible_from";
            shifts h;
            load_shifts(db, d.as_of, field, &h);
            fprintf(f,
                    en ? "\n%s: %" PRId64 " earlier, %" PRId64 " later, %" PRId64 " gained a date, %" PRId64 " lost it\n"
                       : "\n%s：提前 %" PRId64 " 条，推后 %" PRId64 " 条，新有日期 %" PRId64 " 条，不再有日期 %" PRId64 " 条\n",
                    field, h.earlier, h.later, h.gained, h.lost);
            int64_t max = 0;
            for (int b = 0; b < NB; b++) max = h.b[b] > max ? h.b[b] : max;
            for (int b = 0; b < NB && max; b++) {
                if (!h.b[b]) continue;
                fprintf(f, "  %10s %s ", buckets[b].label, en ? "days" : "天");
                int bar = (int)((h.b[b] * 40 + max - 1) / max);
                for (int i = 0; i < bar; i++) fputc('#', f);
                fprintf(f, " %" PRId64 "\n", h.b[b]);
            }
        }
        /* breakdowns */
        for (int k = 0; k < 4 && d.changed; k++) {
            if (sqlite3_prepare_v2(db,
                                   "SELECT coalesce(value, '-'), sum(records) FROM diff_breakdown WHERE as_of = ? AND"
                                   " dimension = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
                                   -1, &s, NULL) != SQLITE_OK)
                continue;
            sqlite3_bind_text(s, 1, d.as_of, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, dims[k], -1, SQLITE_STATIC);
            fprintf(f, en ? "\nchanged records by %s (top 10)\n" : "\n按%s统计的变化记录（前 10）\n", dim_name(dims[k], en));
            while (sqlite3_step(s) == SQLITE_ROW) {
                char *v = xf_shown(col(s, 0));
                fputs("  ", f);
                pad(f, v ? v : "?", 60);
                fprintf(f, "%10" PRId64 "\n", (int64_t)sqlite3_column_int64(s, 1));
                free(v);
            }
            sqlite3_finalize(s);
        }
        /* examples */
        if (examples > 0 && d.changed &&
            sqlite3_prepare_v2(db,
                               "SELECT a_outcome, b_outcome, subject_table, subject_id, uscc, a_policy, a_basis, b_policy,"
                               " b_basis, a_explanation, b_explanation, (SELECT changed FROM diff_record r WHERE"
                               " r.as_of = e.as_of AND r.subject_table = e.subject_table AND r.subject_id = e.subject_id)"
                               " FROM diff_example e WHERE as_of = ? ORDER BY rowid",
                               -1, &s, NULL) == SQLITE_OK) {
            sqlite3_bind_text(s, 1, d.as_of, -1, SQLITE_STATIC);
            fprintf(f, en ? "\nexamples\n" : "\n示例\n");
            char last[64] = "";
            int shown = 0;
            while (sqlite3_step(s) == SQLITE_ROW) {
                char t[64];
                snprintf(t, sizeof t, "%s → %s", col(s, 0), col(s, 1));
                if (strcmp(t, last)) shown = 0, snprintf(last, sizeof last, "%s", t);
                if (shown++ >= examples) continue;
                char *uscc = xf_shown(col(s, 4));
                fprintf(f, "\n---- %s · %s:%" PRId64 " · %s ----\n", t, col(s, 2), (int64_t)sqlite3_column_int64(s, 3),
                        uscc ? uscc : "");
                free(uscc);
                fprintf(f, en ? "changed: %s\n" : "变化字段：%s\n", col(s, 11));
                for (int k = 0; k < 2; k++) {
                    const char *pol = (const char *)sqlite3_column_text(s, 5 + 2 * k);
                    const char *basis = (const char *)sqlite3_column_text(s, 6 + 2 * k);
                    fprintf(f, en ? "%s: %s, %s; basis: %s\n" : "%s：%s，%s；依据：%s\n", k ? "B" : "A",
                            col(s, k), pol ? pol : (en ? "no policy governs the record" : "无政策适用于该记录"),
                            basis ? basis : "-");
                }
                for (int k = 0; k < 2; k++) {
                    const char *ex = (const char *)sqlite3_column_text(s, 9 + k);
                    if (!ex) continue;
                    fprintf(f, en ? "\n[%s explains]\n" : "\n【%s 的说明】\n", k ? "B" : "A");
                    xf_put_shown(f, ex, strlen(ex), 1);
                }
            }
            sqlite3_finalize(s);
        }
        free(d.a_pol), free(d.b_pol);
    }
    sqlite3_finalize(dayrow);
    return 0;
}

/* ---- HTML ---- */

static const char diff_style[] =
    "table.grid{border-collapse:collapse;background:#fff;font-size:13px;margin:8px 0 16px}"
    "table.grid th,table.grid td{border:1px solid #d0d7de;padding:4px 10px;text-align:right}"
    "table.grid th{background:#f6f8fa;font-family:ui-monospace,monospace;font-weight:600}"
    "table.grid td.same{color:#8c959f}table.grid td.chg{font-weight:700;color:#82071e}"
    "table.grid td.l,table.grid th.l{text-align:left}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px}"
    ".card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:150px}"
    ".card b{display:block;font-size:22px;color:#1d3b5a}"
    "section.day{margin:28px 0}section.day>h2{color:#1d3b5a;border-bottom:1px solid #d0d7de;padding-bottom:4px}"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:14px;align-items:start}"
    ".pair>div>h4{margin:0 0 6px;border:0;padding:0}"
    ".example{background:#eef2f6;border-radius:10px;padding:12px 14px;margin:0 0 20px}"
    ".example>h3{margin:0 0 4px;font-size:16px}.example p.cite{margin:2px 0;font-size:13px;color:#424a53}"
    "svg{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:6px 0 14px;max-width:100%}"
    "svg text{font:12px ui-monospace,\"DejaVu Sans Mono\",monospace;fill:#1f2328}";

static void h(xf_ex_buf *o, const char *s) { xf_ex_html_esc(o, s); }

/* A label cut to its buffer by snprintf may end inside a character: drop
 * the incomplete one, so that the page stays UTF-8. */
static void utf8_trim(char *s) {
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < want) s[i - 1] = 0;
}

/* A horizontal bar chart: labels and values, as inline SVG. */
static void svg_bars(xf_ex_buf *o, const char *cls, char (*labels)[80], const int64_t *v, int n, const char *color) {
    int64_t max = 0;
    for (int i = 0; i < n; i++) max = v[i] > max ? v[i] : max;
    int row = 22, left = 300, wbar = 420, hgt = n * row + 16;
    xf_ex_printf(o, "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                 cls, left + wbar + 90, hgt, left + wbar + 90, hgt);
    for (int i = 0; i < n; i++) {
        int y = 8 + i * row, w = max ? (int)(v[i] * wbar / max) : 0;
        if (v[i] && w < 2) w = 2;
        xf_ex_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 8, y + 14);
        h(o, labels[i]);
        xf_ex_printf(o, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>",
                     left, y + 2, w, row - 6, color);
        h(o, labels[i]);
        xf_ex_printf(o, ": %" PRId64 "</title></rect><text x=\"%d\" y=\"%d\">%" PRId64 "</text>", v[i], left + w + 6, y + 14,
                     v[i]);
    }
    xf_ex_puts(o, "</svg>\n");
}

/* The histogram of a shift: buckets left (earlier) to right (later). */
static void svg_hist(xf_ex_buf *o, const char *field, const shifts *s, int en) {
    int64_t max = 0;
    for (int b = 0; b < NB; b++) max = s->b[b] > max ? s->b[b] : max;
    int bw = 62, hgt = 160, top = 24, W = NB * bw + 20, H = top + hgt + 40;
    xf_ex_printf(o, "<svg class=\"hist\" data-field=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    "viewBox=\"0 0 %d %d\">", field, W, H, W, H);
    xf_ex_printf(o, "<text x=\"10\" y=\"16\">%s — %s</text>", field,
                 en ? "days from A's date to B's (earlier · later)" : "B 的日期较 A 的天数（提前 · 推后）");
    for (int b = 0; b < NB; b++) {
        int x = 10 + b * bw, hh = max ? (int)(s->b[b] * hgt / max) : 0;
        if (s->b[b] && hh < 2) hh = 2;
        xf_ex_printf(o, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %" PRId64
                        "</title></rect>", x + 4, top + hgt - hh, bw - 8, hh, buckets[b].hi < 0 ? "#0969da" : "#bf8700",
                     buckets[b].label, s->b[b]);
        if (s->b[b]) xf_ex_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%" PRId64 "</text>", x + bw / 2,
                                  top + hgt - hh - 4, s->b[b]);
        xf_ex_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" style=\"font-size:10px\">%s</text>", x + bw / 2,
                     top + hgt + 16, buckets[b].label);
    }
    xf_ex_puts(o, "</svg>\n");
}

static void card(xf_ex_buf *o, const char *label, int64_t v) {
    xf_ex_printf(o, "<div class=\"card\"><b>%" PRId64 "</b>", v);
    h(o, label);
    xf_ex_puts(o, "</div>");
}

static int html_day(sqlite3 *db, xf_ex_buf *o, day_sum *d, int en) {
    xf_ex_puts(o, "<section class=\"day\">\n<h2>");
    h(o, en ? "As of " : "评估日 ");
    h(o, d->as_of);
    xf_ex_puts(o, "</h2>\n<p>");
    h(o, en ? "A policies: " : "A 的政策：");
    h(o, *d->a_pol ? d->a_pol : "-");
    xf_ex_puts(o, "<br>");
    h(o, en ? "B policies: " : "B 的政策：");
    h(o, *d->b_pol ? d->b_pol : "-");
    xf_ex_puts(o, "</p>\n<div class=\"cards\">");
    card(o, en ? "records decided" : "决定的记录", d->records);
    card(o, en ? "decided by A" : "A 决定", d->a_decided);
    card(o, en ? "decided by B" : "B 决定", d->b_decided);
    xf_ex_puts(o, "<div class=\"card\" id=\"changed\"><b>");
    xf_ex_printf(o, "%" PRId64 "</b>", d->changed);
    h(o, en ? "records changed" : "有变化的记录");
    xf_ex_puts(o, "</div>");
    card(o, en ? "entities affected" : "涉及主体", d->entities);
    xf_ex_puts(o, "</div>\n<h3>");
    h(o, en ? "Transitions: outcome under A (rows) × under B (columns)" : "结果转移表：A 的结果（行）× B 的结果（列）");
    xf_ex_puts(o, "</h3>\n<table class=\"grid transitions\"><tr><th class=\"l\">A \\ B</th>");
    for (int j = 0; j < d->nb; j++) {
        xf_ex_puts(o, "<th>");
        h(o, d->b_out[j]);
        xf_ex_puts(o, "</th>");
    }
    xf_ex_puts(o, "</tr>\n");
    for (int i = 0; i < d->na; i++) {
        xf_ex_puts(o, "<tr><th class=\"l\">");
        h(o, d->a_out[i]);
        xf_ex_puts(o, "</th>");
        for (int j = 0; j < d->nb; j++)
            xf_ex_printf(o, "<td class=\"%s\" data-a=\"%s\" data-b=\"%s\">%" PRId64 "</td>",
                         d->cell_changed[i][j] ? "chg" : "same", d->a_out[i], d->b_out[j], d->cell[i][j]);
        xf_ex_puts(o, "</tr>\n");
    }
    xf_ex_puts(o, "</table>\n");
    /* changed transitions as bars */
    char labels[MAXO * MAXO][80];
    int64_t vals[MAXO * MAXO];
    int n = 0;
    for (int i = 0; i < d->na; i++)
        for (int j = 0; j < d->nb; j++)
            if (d->cell_changed[i][j]) {
                snprintf(labels[n], 80, "%s → %s", d->a_out[i], d->b_out[j]);
                utf8_trim(labels[n]);
                vals[n++] = d->cell_changed[i][j];
            }
    if (n) {
        xf_ex_puts(o, "<h3>");
        h(o, en ? "Changed records by transition" : "按转移统计的变化记录");
        xf_ex_puts(o, "</h3>\n");
        svg_bars(o, "transitions", labels, vals, n, "#cf222e");
    }
    /* date shifts */
    xf_ex_puts(o, "<h3>");
    h(o, en ? "Date shifts" : "日期变化");
    xf_ex_puts(o, "</h3>\n<table class=\"grid shifts\"><tr><th class=\"l\"></th>");
    const char *heads[4] = {en ? "earlier" : "提前", en ? "later" : "推后", en ? "gained a date" : "新有日期",
                            en ? "lost its date" : "不再有日期"};
    for (int k = 0; k < 4; k++) {
        xf_ex_puts(o, "<th>");
        h(o, heads[k]);
        xf_ex_puts(o, "</th>");
    }
    xf_ex_puts(o, "</tr>\n");
    shifts sh[2];
    for (int k = 0; k < 2; k++) {
        const char *field = k ? "stops_on" : "eligible_from";
        load_shifts(db, d->as_of, field, &sh[k]);
        xf_ex_printf(o, "<tr><th class=\"l\">%s</th><td>%" PRId64 "</td><td>%" PRId64 "</td><td>%" PRId64 "</td><td>%" PRId64
                        "</td></tr>\n", field, sh[k].earlier, sh[k].later, sh[k].gained, sh[k].lost);
    }
    xf_ex_puts(o, "</table>\n");
    for (int k = 0; k < 2; k++)
        if (sh[k].earlier + sh[k].later) svg_hist(o, k ? "stops_on" : "eligible_from", &sh[k], en);
    /* breakdowns */
    sqlite3_stmt *s;
    for (int k = 0; k < 4 && d->changed; k++) {
        if (sqlite3_prepare_v2(db,
                               "SELECT coalesce(value, '-'), sum(records) FROM diff_breakdown WHERE as_of = ? AND"
                               " dimension = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 12",
                               -1, &s, NULL) != SQLITE_OK)
            continue;
        sqlite3_bind_text(s, 1, d->as_of, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, dims[k], -1, SQLITE_STATIC);
        n = 0;
        while (sqlite3_step(s) == SQLITE_ROW && n < 12) {
            snprintf(labels[n], 80, "%s", col(s, 0));
            utf8_trim(labels[n]);
            vals[n++] = sqlite3_column_int64(s, 1);
        }
        sqlite3_finalize(s);
        xf_ex_puts(o, "<h3>");
        h(o, en ? "Changed records by " : "变化记录：按");
        h(o, dim_name(dims[k], en));
        xf_ex_puts(o, "</h3>\n");
        char cls[32];
        snprintf(cls, sizeof cls, "by-%s", dims[k]);
        svg_bars(o, cls, labels, vals, n, "#2f5d8a");
    }
    /* examples, side by side */
    if (d->changed &&
        sqlite3_prepare_v2(db,
                           "SELECT e.a_outcome, e.b_outcome, e.subject_table, e.subject_id, e.uscc, e.a_policy, e.a_basis,"
                           " e.b_policy, e.b_basis, x.a_html, x.b_html FROM diff_example e LEFT JOIN temp.diff_example_html x"
                           " ON x.as_of = e.as_of AND x.subject_table = e.subject_table AND x.subject_id = e.subject_id"
                           " WHERE e.as_of = ? ORDER BY e.rowid",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, d->as_of, -1, SQLITE_STATIC);
        xf_ex_puts(o, "<h3>");
        h(o, en ? "Examples: both explanations side by side" : "示例：两侧的说明并列");
        xf_ex_puts(o, "</h3>\n");
        while (sqlite3_step(s) == SQLITE_ROW) {
            xf_ex_puts(o, "<div class=\"example\"><h3>");
            h(o, col(s, 0));
            h(o, " → ");
            h(o, col(s, 1));
            xf_ex_printf(o, " · %s:%" PRId64 " · ", col(s, 2), (int64_t)sqlite3_column_int64(s, 3));
            h(o, col(s, 4));
            xf_ex_puts(o, "</h3>\n");
            for (int k = 0; k < 2; k++) {
                xf_ex_printf(o, "<p class=\"cite\"><b>%s</b> ", k ? "B" : "A");
                const char *pol = (const char *)sqlite3_column_text(s, 5 + 2 * k);
                h(o, pol ? pol : en ? "no policy governs the record" : "无政策适用于该记录");
                const char *basis = (const char *)sqlite3_column_text(s, 6 + 2 * k);
                if (basis) {
                    h(o, en ? " · basis: " : " · 依据：");
                    h(o, basis);
                }
                xf_ex_puts(o, "</p>\n");
            }
            xf_ex_puts(o, "<div class=\"pair\">");
            for (int k = 0; k < 2; k++) {
                const char *art = (const char *)sqlite3_column_text(s, 9 + k);
                xf_ex_printf(o, "<div class=\"side-%c\"><h4>%s</h4>", k ? 'b' : 'a', k ? "B" : "A");
                if (art) xf_ex_puts(o, art);  /* rendered and escaped by explain_html.c */
                else h(o, en ? "No decision: no policy of this side governs the record." : "无决定：本侧没有政策适用于该记录。");
                xf_ex_puts(o, "</div>");
            }
            xf_ex_puts(o, "</div></div>\n");
        }
        sqlite3_finalize(s);
    }
    xf_ex_puts(o, "</section>\n");
    return 0;
}

int xf_diff_report_html(sqlite3 *db, int en, const char *path, char **errmsg) {
    xf_ex_buf o = {0};
    const char *title = en ? "What changes between two policy sets" : "两套政策的差异";
    xf_ex_printf(&o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                 en ? "en" : "zh-CN");
    h(&o, title);
    xf_ex_printf(&o, "</title>\n<style>%s%s</style>\n</head>\n<body>\n<main style=\"max-width:1400px\">\n"
                     "<header class=\"page\"><h1>", xf_ex_html_style(), diff_style);
    h(&o, title);
    xf_ex_puts(&o, "</h1>\n<p>");
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT a, b, records, records_read, skipped FROM diff_run", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW) {
            h(&o, "A: ");
            h(&o, col(s, 0));
            xf_ex_puts(&o, "<br>");
            h(&o, "B: ");
            h(&o, col(s, 1));
            xf_ex_puts(&o, "<br>");
            h(&o, en ? "records: " : "记录：");
            h(&o, col(s, 2));
            xf_ex_printf(&o, en ? " · %" PRId64 " rows read, %" PRId64 " skipped · made by xiufu diff"
                                : " · 读取 %" PRId64 " 行，跳过 %" PRId64 " 行 · 由 xiufu diff 生成",
                         (int64_t)sqlite3_column_int64(s, 3), (int64_t)sqlite3_column_int64(s, 4));
        }
        sqlite3_finalize(s);
    }
    xf_ex_puts(&o, "</p></header>\n");
    if (sqlite3_prepare_v2(db, "SELECT * FROM diff_day ORDER BY as_of", -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW) {
            day_sum d;
            if (load_day(db, s, &d) == 0) html_day(db, &o, &d, en);
            free(d.a_pol), free(d.b_pol);
        }
        sqlite3_finalize(s);
    }
    xf_ex_puts(&o, "<footer>");
    h(&o, en ? "Changed: a record whose outcome, error, eligible_from, stops_on or another output field differs between "
               "the two sides; 'none': no policy of that side governs the record."
             : "有变化：两侧对同一记录的结果、错误、eligible_from、stops_on 或其他输出字段不同；none：该侧没有政策适用于该记录。");
    xf_ex_puts(&o, "</footer>\n</main>\n</body>\n</html>\n");
    if (o.oom) {
        xf_ex_buf_free(&o);
        *errmsg = strdup("out of memory");
        return -1;
    }
    int rc = xf_file_write(path, o.p, o.n, errmsg);
    xf_ex_buf_free(&o);
    return rc;
}

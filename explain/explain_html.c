/* explain_html.c — the selected decisions as one self-contained HTML page
 * (explain.h): inline CSS, no script, no external resource.  Decisions are
 * grouped by entity (USCC); each shows the lines of xf_ex_document, with
 * dates highlighted and the full trace folded in a <details> element.
 */
#include <stdio.h>
#include <string.h>

#include "explain.h"

/* Text, escaped; every YYYY-MM-DD in it marked as a date. */
static void esc(xf_ex_buf *o, const char *s) {
    for (const char *p = s ? s : ""; *p;) {
        int date = 1;
        for (int i = 0; i < 10 && date; i++) {
            char c = p[i];
            date = (i == 4 || i == 7) ? c == '-' : (c >= '0' && c <= '9');
        }
        if (date && !(p[10] >= '0' && p[10] <= '9') && (p == s || !(p[-1] >= '0' && p[-1] <= '9'))) {
            xf_ex_puts(o, "<span class=\"date\">");
            xf_ex_putn(o, p, 10);
            xf_ex_puts(o, "</span>");
            p += 10;
            continue;
        }
        switch (*p) {
        case '&': xf_ex_puts(o, "&amp;"); break;
        case '<': xf_ex_puts(o, "&lt;"); break;
        case '>': xf_ex_puts(o, "&gt;"); break;
        case '"': xf_ex_puts(o, "&quot;"); break;
        case '\'': xf_ex_puts(o, "&#39;"); break;
        default: xf_ex_putn(o, p, 1); break;
        }
        p++;
    }
}

static void escn(xf_ex_buf *o, const char *s, size_t n) {
    xf_ex_buf t = {0};
    xf_ex_putn(&t, s, n);
    esc(o, t.p);
    if (t.oom) o->oom = 1;
    xf_ex_buf_free(&t);
}

/* An outcome code as a CSS class: letters, digits and '_' only. */
static void css_name(xf_ex_buf *o, const char *s, size_t n) {
    for (size_t i = 0; s && i < n; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') xf_ex_putn(o, &c, 1);
    }
}

static const char style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f4f5f7;color:#1f2328;font:15px/1.6 \"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"PingFang SC\",\"Microsoft YaHei\",system-ui,sans-serif}"
    "main{max-width:1080px;margin:0 auto;padding:24px 28px 48px}main.wide{max-width:1800px}"
    "header.page{border-bottom:3px solid #2f5d8a;margin-bottom:20px;padding-bottom:10px}"
    "header.page h1{margin:0;font-size:24px;color:#1d3b5a}"
    "header.page p{margin:4px 0 0;color:#57606a;font-size:13px}"
    "section.entity{margin:22px 0}"
    "section.entity>h2{font-size:17px;margin:0 0 10px;color:#1d3b5a}"
    "section.entity>h2 .uscc{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;letter-spacing:.5px}"
    "article{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:0 0 18px;padding:16px 20px;"
    "box-shadow:0 1px 2px rgba(0,0,0,.04)}"
    "article>h3{margin:0 0 10px;font-size:18px;display:flex;flex-wrap:wrap;align-items:center;gap:10px}"
    ".badge{display:inline-block;border-radius:999px;padding:2px 12px;font-size:14px;font-weight:600;color:#fff;background:#57606a}"
    ".badge .code{font-weight:400;opacity:.85;margin-left:6px;font-family:ui-monospace,monospace;font-size:12px}"
    ".o-can_apply{background:#1a7f37}.o-auto_repair{background:#1a7f37}.o-not_yet{background:#bf8700}"
    ".o-not_repairable{background:#cf222e}.o-not_published{background:#6e7781}.o-expired{background:#0969da}"
    ".o-refer,.o-deregister_guidance{background:#8250df}"
    "dl.keys{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;margin:0 0 8px;font-size:14px}"
    "dl.keys dt{color:#57606a}dl.keys dd{margin:0}"
    "h4{font-size:15px;margin:16px 0 6px;padding-top:10px;border-top:1px solid #eaeef2;color:#1d3b5a}"
    "h5{font-size:14px;margin:12px 0 4px;color:#424a53}"
    ".ln{margin:2px 0;padding-left:calc(var(--l,0)*1.5em);font-size:14px}"
    ".ln.top{font-weight:600;margin-top:8px}.ln.top.basis,.ln.step{font-weight:400;margin-top:2px}"
    ".basis{color:#57606a;font-size:13px}.basis::before,.said::before,.formula::before{content:attr(data-k);color:#8c959f}"
    ".formula{font-size:12px;color:#57606a}.formula .expr{background:none;padding:0;font-size:12px}"
    ".rule,.expr{font-family:ui-monospace,\"DejaVu Sans Mono\",\"Noto Sans Mono CJK SC\",monospace;font-size:13px;"
    "background:#f6f8fa;border-radius:4px;padding:1px 6px;white-space:pre-wrap;word-break:break-word}"
    ".rule .no{color:#8c959f;margin-right:6px}"
    ".met::before{content:\"\\2713  \";color:#1a7f37;font-weight:700}"
    ".unmet::before{content:\"\\2717  \";color:#cf222e;font-weight:700}"
    ".unmet{color:#82071e}"
    ".date{background:#fff3bf;border-radius:3px;padding:0 3px;font-weight:600;white-space:nowrap}"
    "details{margin-top:14px;border-top:1px solid #eaeef2;padding-top:8px}"
    "summary{cursor:pointer;font-weight:600;color:#1d3b5a}"
    "footer{color:#8c959f;font-size:12px;margin-top:30px}"
    "table.summary{border-collapse:collapse;width:100%;background:#fff;font-size:14px;margin:0 0 20px}"
    "table.summary th,table.summary td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}"
    "table.summary th{background:#f6f8fa;color:#424a53;font-weight:600}"
    "table.summary .badge{font-size:12px;padding:1px 8px;white-space:nowrap}table.summary td{white-space:nowrap}"
    /* on paper: every section open, the colours kept, each decision on a page of its own */
    "@media print{@page{size:A4;margin:14mm 12mm}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
    "details::details-content{content-visibility:visible;display:block}"
    "details>summary{list-style:none}details>summary::-webkit-details-marker{display:none}"
    "article{box-shadow:none;break-inside:auto;border-color:#8c959f}"
    "section.entity{break-before:page}article.decision+article.decision{break-before:page}"
    "h4,h5{break-after:avoid}.ln,dl.keys,tr{break-inside:avoid}"
    ".rule,.expr{white-space:pre-wrap;overflow-wrap:anywhere}}";

typedef struct page {
    xf_ex_buf *o;
    int        en, in_section, in_details;
} page;

static void close_section(page *pg) {
    if (pg->in_section) xf_ex_puts(pg->o, "</section>\n");
    pg->in_section = 0;
}

static void line(page *pg, const xf_ex_line *l) {
    xf_ex_buf *o = pg->o;
    const char *t = l->text, *tab = strchr(t, '\t');
    switch (l->kind) {
    case XF_EXL_TITLE:
        break;  /* the article's heading, written by the caller */
    case XF_EXL_SECTION:
        close_section(pg);
        xf_ex_puts(o, "<section><h4>");
        esc(o, t);
        xf_ex_puts(o, "</h4>\n");
        pg->in_section = 1;
        break;
    case XF_EXL_TRACE:
        close_section(pg);
        xf_ex_puts(o, "<details><summary>");
        esc(o, t);
        xf_ex_puts(o, "</summary>\n");
        pg->in_details = 1;
        break;
    case XF_EXL_SUB:
        xf_ex_puts(o, "<h5>");
        esc(o, t);
        xf_ex_puts(o, "</h5>\n");
        break;
    case XF_EXL_KEY: case XF_EXL_OUTCOME:
        break;  /* in the key list, written by the caller */
    default: {
        static const char *const cls[] = {
            [XF_EXL_TEXT] = "", [XF_EXL_RULE] = "", [XF_EXL_EXPR] = " said", [XF_EXL_BASIS] = " basis", [XF_EXL_STEP] = " step",
            [XF_EXL_MET] = " met", [XF_EXL_UNMET] = " unmet", [XF_EXL_FORMULA] = " formula",
        };
        const char *c = l->kind >= 0 && l->kind < (int)(sizeof cls / sizeof cls[0]) && cls[l->kind] ? cls[l->kind] : "";
        xf_ex_printf(o, "<div class=\"ln%s%s\" style=\"--l:%d\"", l->level ? "" : " top", c, l->level);
        if (l->kind == XF_EXL_BASIS) xf_ex_puts(o, pg->en ? " data-k=\"basis: \"" : " data-k=\"依据：\"");
        if (l->kind == XF_EXL_EXPR) xf_ex_puts(o, pg->en ? " data-k=\"i.e. \"" : " data-k=\"即：\"");
        if (l->kind == XF_EXL_FORMULA) xf_ex_puts(o, pg->en ? " data-k=\"rule: \"" : " data-k=\"规则：\"");
        xf_ex_puts(o, ">");
        if (l->kind == XF_EXL_RULE) {
            const char *bar = strstr(t, "│ ");
            xf_ex_puts(o, "<code class=\"rule\">");
            if (bar) {
                xf_ex_puts(o, "<span class=\"no\">");
                escn(o, t, (size_t)(bar - t));
                xf_ex_puts(o, "</span>");
                esc(o, bar + strlen("│ "));
            } else {
                esc(o, t);
            }
            xf_ex_puts(o, "</code>");
        } else if (l->kind == XF_EXL_FORMULA) {  /* the rule syntax, for authors: quiet */
            xf_ex_puts(o, "<code class=\"expr\">");
            esc(o, t);
            xf_ex_puts(o, "</code>");
        } else {
            esc(o, t);
        }
        xf_ex_puts(o, "</div>\n");
        (void)tab;
        break;
    }
    }
}

static void keys(page *pg, const xf_ex_doc *d) {
    xf_ex_buf *o = pg->o;
    xf_ex_puts(o, "<dl class=\"keys\">\n");
    for (int i = 0; i < d->n; i++) {
        const xf_ex_line *l = &d->l[i];
        if (l->kind != XF_EXL_KEY && l->kind != XF_EXL_OUTCOME) continue;
        const char *t = l->text, *tab = strchr(t, '\t');
        if (!tab) continue;
        xf_ex_puts(o, "<dt>");
        escn(o, t, (size_t)(tab - t));
        xf_ex_puts(o, "</dt><dd>");
        if (l->kind == XF_EXL_OUTCOME) {
            const char *tab2 = strchr(tab + 1, '\t');
            if (tab2) {
                xf_ex_puts(o, "<span class=\"badge o-");
                css_name(o, tab + 1, (size_t)(tab2 - tab - 1));
                xf_ex_puts(o, "\">");
                esc(o, tab2 + 1);
                xf_ex_puts(o, "<span class=\"code\">");
                escn(o, tab + 1, (size_t)(tab2 - tab - 1));
                xf_ex_puts(o, "</span></span>");
            }
        } else {
            esc(o, tab + 1);
        }
        xf_ex_puts(o, "</dd>\n");
    }
    xf_ex_puts(o, "</dl>\n");
}

static int article(page *pg, const xf_explanation *ex) {
    xf_ex_doc d;
    if (xf_ex_document(ex, pg->en, &d) != 0) {
        xf_ex_doc_free(&d);
        return -1;
    }
    xf_ex_buf *o = pg->o;
    xf_ex_puts(o, "<article class=\"decision\">\n<h3><span>");
    for (int i = 0; i < d.n; i++)
        if (d.l[i].kind == XF_EXL_TITLE) esc(o, d.l[i].text);
    xf_ex_puts(o, "</span></h3>\n");
    keys(pg, &d);
    pg->in_section = pg->in_details = 0;
    for (int i = 0; i < d.n; i++) line(pg, &d.l[i]);
    close_section(pg);
    if (pg->in_details) xf_ex_puts(o, "</details>\n");
    xf_ex_puts(o, "</article>\n");
    xf_ex_doc_free(&d);
    return 0;
}

int xf_ex_render_html_article(xf_ex_buf *o, const xf_explanation *ex, int en) {
    page pg = {.o = o, .en = en};
    return article(&pg, ex) != 0 || o->oom ? -1 : 0;
}

const char *xf_ex_html_style(void) { return style; }

void xf_ex_html_esc(xf_ex_buf *o, const char *s) { esc(o, s); }

int xf_ex_html_begin(xf_ex_buf *o, int en, const char *db_path, const xf_explanation *first, int n) {
    const char *title = en ? "Credit repair decisions explained" : "信用修复决定说明";
    xf_ex_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                 en ? "en" : "zh-CN");
    esc(o, title);
    xf_ex_printf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<header class=\"page\"><h1>", style);
    esc(o, title);
    xf_ex_puts(o, "</h1>\n<p>");
    const char *base = db_path ? strrchr(db_path, '/') : NULL;
    base = base ? base + 1 : db_path ? db_path : "";
    char runs[64];
    snprintf(runs, sizeof runs, "%lld", first ? (long long)first->run : 0LL);
    const char *as_of = first && first->as_of ? first->as_of : "?";
    xf_ex_buf meta = {0};
    if (en)
        xf_ex_printf(&meta, "%s · run %s · as of %s · %d decision%s · made by xiufu explain from the output database alone", base,
                     runs, as_of, n, n == 1 ? "" : "s");
    else
        xf_ex_printf(&meta, "%s · 运行 %s · 评估日 %s · 共 %d 项决定 · 由 xiufu explain 仅依据输出数据库生成", base, runs, as_of, n);
    esc(o, meta.p);
    xf_ex_buf_free(&meta);
    xf_ex_puts(o, "</p></header>\n");
    return o->oom ? -1 : 0;
}

int xf_ex_html_summary_row(xf_ex_buf *o, const xf_explanation *ex, int i, int en) {
    if (i == 0) {
        xf_ex_puts(o, "<section class=\"summary\">\n<h2>");
        esc(o, en ? "Summary" : "汇总");
        xf_ex_puts(o, "</h2>\n<table class=\"summary\">\n<thead><tr>");
        const char *const zh[] = {"序号", "记录", "统一社会信用代码", "政策", "结论", "满足时间条件之日", "停止公示之日", NULL};
        const char *const eng[] = {"no.", "record", "USCC", "policy", "outcome", "eligible from", "stops on", NULL};
        for (int k = 0; zh[k]; k++) {
            xf_ex_puts(o, "<th>");
            esc(o, en ? eng[k] : zh[k]);
            xf_ex_puts(o, "</th>");
        }
        xf_ex_puts(o, "</tr></thead>\n<tbody>\n");
    }
    xf_ex_printf(o, "<tr><td>%d</td><td>", i + 1);
    esc(o, ex->subject_table ? ex->subject_table : "?");
    xf_ex_printf(o, ":%lld</td><td>", (long long)ex->subject_id);
    esc(o, ex->uscc);
    xf_ex_puts(o, "</td><td>");
    esc(o, ex->policy);
    xf_ex_puts(o, "</td><td><span class=\"badge o-");
    if (ex->outcome) css_name(o, ex->outcome, strlen(ex->outcome));
    xf_ex_puts(o, "\">");
    esc(o, ex->outcome ? xf_ex_outcome_name(ex->outcome, en) : (en ? "runtime error" : "运行错误"));
    xf_ex_puts(o, "</span></td><td>");
    esc(o, ex->eligible_from ? ex->eligible_from : "—");
    xf_ex_puts(o, "</td><td>");
    esc(o, ex->stops_on ? ex->stops_on : "—");
    xf_ex_puts(o, "</td></tr>\n");
    return o->oom ? -1 : 0;
}

int xf_ex_html_summary_end(xf_ex_buf *o, int n) {
    if (n) xf_ex_puts(o, "</tbody>\n</table>\n</section>\n");
    return o->oom ? -1 : 0;
}

int xf_ex_html_decision(xf_ex_buf *o, const xf_explanation *ex, const char *prev_uscc, int en) {
    page pg = {.o = o, .en = en};
    const char *u = ex->uscc ? ex->uscc : "";
    if (!prev_uscc || strcmp(u, prev_uscc)) {
        if (prev_uscc) xf_ex_puts(o, "</section>\n");
        xf_ex_puts(o, "<section class=\"entity\">\n<h2>");
        if (ex->entity_name) {
            esc(o, ex->entity_name);
            xf_ex_puts(o, " · ");
        }
        esc(o, en ? "USCC " : "统一社会信用代码 ");
        xf_ex_puts(o, "<span class=\"uscc\">");
        esc(o, *u ? u : "?");
        xf_ex_puts(o, "</span></h2>\n");
    }
    return article(&pg, ex) != 0 || o->oom ? -1 : 0;
}

int xf_ex_html_end(xf_ex_buf *o, int n, int en) {
    if (n) xf_ex_puts(o, "</section>\n");
    xf_ex_puts(o, "<footer>");
    esc(o, en ? "Dates are civil periods per the Civil Code arts. 201–202: a period of n months from day x ends on the "
                "same-numbered day, or that month's last day; it is met the day after."
              : "日期按《民法典》第二百零一条、第二百零二条计算：自某日起 n 个月的期间，到期月的对应日为最后一日，"
                "没有对应日的为该月末日；期间届满之次日起满足。");
    xf_ex_puts(o, "</footer>\n</main>\n</body>\n</html>\n");
    return o->oom ? -1 : 0;
}

int xf_ex_render_html(xf_ex_buf *o, xf_explanation *const *list, int n, int en, const char *db_path) {
    if (xf_ex_html_begin(o, en, db_path, n ? list[0] : NULL, n) != 0) return -1;
    for (int i = 0; i < n; i++)
        if (xf_ex_html_summary_row(o, list[i], i, en) != 0) return -1;
    xf_ex_html_summary_end(o, n);
    for (int i = 0; i < n; i++)
        if (xf_ex_html_decision(o, list[i], i ? (list[i - 1]->uscc ? list[i - 1]->uscc : "") : NULL, en) != 0) return -1;
    return xf_ex_html_end(o, n, en);
}

/* The recorded decision and the changed one side by side (--what-if). */
int xf_ex_render_what_if_html(xf_ex_buf *o, const xf_explanation *a, const xf_explanation *b, char *const *changes,
                              int nchanges, int en) {
    page pg = {.o = o, .en = en};
    const char *title = en ? "What if: the decision with changed values" : "假设改动：改动后的决定";
    xf_ex_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", en ? "en" : "zh-CN");
    esc(o, title);
    xf_ex_printf(o, "</title>\n<style>%s.sbs{display:grid;grid-template-columns:1fr 1fr;gap:16px}"
                    ".sbs>div>h2{font-size:17px;margin:0 0 8px}</style>\n</head>\n<body>\n<main class=\"wide\">\n"
                    "<header class=\"page\"><h1>", style);
    esc(o, title);
    xf_ex_puts(o, "</h1>\n<p>");
    xf_ex_buf meta = {0};
    xf_ex_printf(&meta, en ? "%s:%lld · as of %s · changed: " : "%s:%lld · 评估日 %s · 改动：", a->subject_table,
                 (long long)a->subject_id, a->as_of ? a->as_of : "?");
    for (int i = 0; i < nchanges; i++) xf_ex_printf(&meta, "%s%s", i ? (en ? ", " : "，") : "", changes[i]);
    esc(o, meta.p);
    xf_ex_buf_free(&meta);
    xf_ex_puts(o, "</p></header>\n<div class=\"sbs\">\n<div><h2>");
    esc(o, en ? "As recorded" : "原决定");
    xf_ex_puts(o, "</h2>\n");
    if (article(&pg, a) != 0) return -1;
    xf_ex_puts(o, "</div>\n<div><h2>");
    esc(o, en ? "With the changes" : "改动后");
    xf_ex_puts(o, "</h2>\n");
    if (article(&pg, b) != 0) return -1;
    xf_ex_puts(o, "</div>\n</div>\n</main>\n</body>\n</html>\n");
    return o->oom ? -1 : 0;
}

/* server.c — the JSON-RPC loop of `xiufu lsp` and its methods (lsp.h). */
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "diag_json.h"
#include "fmt.h"
#include "hover.h"
#include "json.h"
#include "lookup.h"
#include "lsp.h"
#include "version.h"

/* One message: `Content-Length: N` (other headers ignored), a blank line,
 * N bytes.  NULL at the end of input. */
static char *read_message(FILE *in, size_t *len) {
    char line[512];
    long n = -1;
    for (;;) {
        if (!fgets(line, sizeof line, in)) return NULL;
        if (!strcmp(line, "\r\n") || !strcmp(line, "\n")) {
            if (n >= 0) break;
            continue;
        }
        if (!strncasecmp(line, "Content-Length:", 15)) n = strtol(line + 15, NULL, 10);
    }
    if (n < 0 || n > (1L << 28)) return NULL;
    char *body = malloc((size_t)n + 1);
    if (!body || fread(body, 1, (size_t)n, in) != (size_t)n) { free(body); return NULL; }
    body[n] = 0;
    *len = (size_t)n;
    return body;
}

static void send(lsp_server *s, jbuf *b) {
    if (b->oom || !b->p) return;
    fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", b->n, b->p);
    fflush(s->out);
}

static void reply(lsp_server *s, const json *id, const char *result) {
    jbuf b = {0};
    jb_raw(&b, "{\"jsonrpc\": \"2.0\", \"id\": ");
    jb_value(&b, id);
    jb_raw(&b, ", \"result\": ");
    jb_raw(&b, result ? result : "null");
    jb_raw(&b, "}");
    send(s, &b);
    free(b.p);
}

static void reply_error(lsp_server *s, const json *id, int code, const char *msg) {
    jbuf b = {0};
    jb_raw(&b, "{\"jsonrpc\": \"2.0\", \"id\": ");
    jb_value(&b, id);
    jb_printf(&b, ", \"error\": {\"code\": %d, \"message\": ", code);
    jb_str(&b, msg);
    jb_raw(&b, "}}");
    send(s, &b);
    free(b.p);
}

static lsp_doc *doc_of(lsp_server *s, const char *uri) {
    for (int i = 0; uri && i < s->ndocs; i++)
        if (!strcmp(s->docs[i].uri, uri)) return &s->docs[i];
    return NULL;
}

static void put_range(jbuf *b, const char *text, size_t len, uint32_t start, uint32_t end) {
    int l0, c0, l1, c1;
    lsp_position(text, len, start, &l0, &c0);
    lsp_position(text, len, end, &l1, &c1);
    jb_printf(b, "{\"start\": {\"line\": %d, \"character\": %d}, \"end\": {\"line\": %d, \"character\": %d}}", l0, c0, l1, c1);
}

/* The document's diagnostics, as `xiufu check` reports them for its file. */
static void publish(lsp_server *s, lsp_doc *d) {
    lsp_analysis a;
    jbuf b = {0};
    jb_raw(&b, "{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/publishDiagnostics\", \"params\": {\"uri\": ");
    jb_str(&b, d->uri);
    jb_raw(&b, ", \"diagnostics\": [");
    if (lsp_analyze(s, d, &a) == 0) {
        int n = 0;
        for (int i = 0; i < a.c.diags.n; i++) {
            const xf_diagnostic *g = &a.c.diags.d[i];
            if (g->span.file != a.file) continue;
            jb_raw(&b, n++ ? ", {\"range\": " : "{\"range\": ");
            put_range(&b, d->text, d->len, g->span.start, g->span.end > g->span.start ? g->span.end : g->span.start);
            jb_printf(&b, ", \"severity\": %d, \"code\": ", g->sev == XF_SEV_ERROR ? 1 : g->sev == XF_SEV_WARNING ? 2 : 3);
            jb_str(&b, xf_diag_code_name(g->code));
            jb_raw(&b, ", \"source\": \"xiufu\", \"message\": ");
            jb_str(&b, s->lang == XF_LANG_EN ? g->msg_en : g->msg_zh);
            jb_raw(&b, "}");
        }
    }
    lsp_analysis_free(&a);
    jb_raw(&b, "]}}");
    send(s, &b);
    free(b.p);
}

static void set_text(lsp_doc *d, const char *text) {
    free(d->text);
    d->text = strdup(text ? text : "");
    d->len = d->text ? strlen(d->text) : 0;
}

static void did_open(lsp_server *s, const json *p) {
    const char *uri = json_str(json_path(p, "textDocument.uri"));
    if (!uri) return;
    lsp_doc *d = doc_of(s, uri);
    if (!d) {
        lsp_doc *docs = realloc(s->docs, sizeof *docs * (size_t)(s->ndocs + 1));
        if (!docs) return;
        s->docs = docs;
        d = &s->docs[s->ndocs++];
        *d = (lsp_doc){.uri = strdup(uri), .path = lsp_uri_to_path(uri)};
    }
    set_text(d, json_str(json_path(p, "textDocument.text")));
    publish(s, d);
}

/* Full synchronization: the last change holds the whole text. */
static void did_change(lsp_server *s, const json *p) {
    lsp_doc *d = doc_of(s, json_str(json_path(p, "textDocument.uri")));
    const json *changes = json_get(p, "contentChanges");
    if (!d || !changes || changes->type != JSON_ARRAY || !changes->n) return;
    set_text(d, json_str(json_get(changes->items[changes->n - 1], "text")));
    publish(s, d);
}

static void did_close(lsp_server *s, const json *p) {
    lsp_doc *d = doc_of(s, json_str(json_path(p, "textDocument.uri")));
    if (!d) return;
    jbuf b = {0};  /* its diagnostics go with it */
    jb_raw(&b, "{\"jsonrpc\": \"2.0\", \"method\": \"textDocument/publishDiagnostics\", \"params\": {\"uri\": ");
    jb_str(&b, d->uri);
    jb_raw(&b, ", \"diagnostics\": []}}");
    send(s, &b);
    free(b.p);
    free(d->uri), free(d->path), free(d->text);
    *d = s->docs[--s->ndocs];
}

/* The document and byte offset a request is about. */
static lsp_doc *at_position(lsp_server *s, const json *p, uint32_t *off) {
    lsp_doc *d = doc_of(s, json_str(json_path(p, "textDocument.uri")));
    if (d) *off = lsp_offset(d->text, d->len, json_int(json_path(p, "position.line"), 0),
                             json_int(json_path(p, "position.character"), 0));
    return d;
}

static void hover(lsp_server *s, const json *id, const json *p) {
    uint32_t off;
    lsp_doc *d = at_position(s, p, &off);
    lsp_analysis a;
    lsp_target t;
    if (!d || lsp_analyze(s, d, &a) != 0) { reply(s, id, NULL); return; }
    char *text = lsp_lookup(&a, off, &t) == 0 ? lsp_hover_text(&a, &t) : NULL;
    if (!text) {
        reply(s, id, NULL);
    } else {
        jbuf b = {0};
        jb_raw(&b, "{\"contents\": {\"kind\": \"markdown\", \"value\": ");
        jb_str(&b, text);
        jb_raw(&b, "}, \"range\": ");
        put_range(&b, d->text, d->len, t.at.start, t.at.end);
        jb_raw(&b, "}");
        reply(s, id, b.p);
        free(b.p);
    }
    free(text);
    lsp_analysis_free(&a);
}

static void definition(lsp_server *s, const json *id, const json *p) {
    uint32_t off;
    lsp_doc *d = at_position(s, p, &off);
    lsp_analysis a;
    lsp_target t;
    if (!d || lsp_analyze(s, d, &a) != 0) { reply(s, id, NULL); return; }
    xf_span def = lsp_lookup(&a, off, &t) == 0 ? lsp_definition(&a, &t) : (xf_span){-1, 0, 0};
    if (def.file < 0 || def.file >= a.c.diags.nsrc) {
        reply(s, id, NULL);
    } else {
        const xf_source *src = &a.c.diags.src[def.file];
        char *uri = def.file == a.file ? strdup(d->uri) : lsp_path_to_uri(src->path);
        jbuf b = {0};
        jb_raw(&b, "{\"uri\": ");
        jb_str(&b, uri);
        jb_raw(&b, ", \"range\": ");
        put_range(&b, src->text, src->len, def.start, def.end);
        jb_raw(&b, "}");
        reply(s, id, b.p);
        free(b.p), free(uri);
    }
    lsp_analysis_free(&a);
}

static void completion(lsp_server *s, const json *id, const json *p) {
    uint32_t off;
    lsp_doc *d = at_position(s, p, &off);
    lsp_analysis a;
    if (!d || lsp_analyze(s, d, &a) != 0) { reply(s, id, "[]"); return; }
    jbuf b = {0};
    lsp_complete(&a, d->text, d->len, off, &b);
    reply(s, id, b.p);
    free(b.p);
    lsp_analysis_free(&a);
}

/* The whole document replaced by its layout; nothing while it has syntax errors. */
static void formatting(lsp_server *s, const json *id, const json *p) {
    lsp_doc *d = doc_of(s, json_str(json_path(p, "textDocument.uri")));
    xf_diags diags = {0};
    size_t n = 0;
    char *out = d ? xf_format(&diags, d->path, d->text, d->len, &n) : NULL;
    xf_diags_free(&diags);
    if (!out || (n == d->len && !memcmp(out, d->text, n))) {
        reply(s, id, "[]");
    } else {
        jbuf b = {0};
        jb_raw(&b, "[{\"range\": ");
        put_range(&b, d->text, d->len, 0, (uint32_t)d->len);
        jb_raw(&b, ", \"newText\": ");
        jb_strn(&b, out, n);
        jb_raw(&b, "}]");
        reply(s, id, b.p);
        free(b.p);
    }
    free(out);
}

static void initialize(lsp_server *s, const json *id, const json *p) {
    const char *lang = json_str(json_path(p, "initializationOptions.lang"));
    if (lang && !strcmp(lang, "en")) s->lang = XF_LANG_EN;
    if (lang && !strcmp(lang, "zh")) s->lang = XF_LANG_ZH;
    const char *root = json_str(json_get(p, "rootUri"));
    const json *folders = json_get(p, "workspaceFolders");
    if (!root && folders && folders->type == JSON_ARRAY && folders->n) root = json_str(json_get(folders->items[0], "uri"));
    if (root) s->root = lsp_uri_to_path(root);
    else if (json_str(json_get(p, "rootPath"))) s->root = strdup(json_str(json_get(p, "rootPath")));
    if (s->root) {  /* no trailing slash: paths under it are shown relative to it */
        size_t n = strlen(s->root);
        while (n > 1 && s->root[n - 1] == '/') s->root[--n] = 0;
    }
    reply(s, id,
          "{\"capabilities\": {\"textDocumentSync\": {\"openClose\": true, \"change\": 1}, \"hoverProvider\": true, "
          "\"definitionProvider\": true, \"completionProvider\": {\"triggerCharacters\": [\".\"]}, "
          "\"documentFormattingProvider\": true}, \"serverInfo\": {\"name\": \"xiufu\", \"version\": \"" XF_VERSION "\"}}");
}

int xf_lsp_serve(FILE *in, FILE *out, xf_lang lang) {
    lsp_server s = {.in = in, .out = out, .lang = lang};
    int rc = 1;  /* the end of input without `exit` */
    for (;;) {
        size_t len = 0;
        char *body = read_message(in, &len);
        if (!body) break;
        json *msg = json_parse(body, len);
        free(body);
        if (!msg) {
            jbuf b = {0};
            jb_raw(&b, "{\"jsonrpc\": \"2.0\", \"id\": null, \"error\": {\"code\": -32700, \"message\": \"parse error\"}}");
            send(&s, &b);
            free(b.p);
            continue;
        }
        const char *method = json_str(json_get(msg, "method"));
        const json *id = json_get(msg, "id"), *params = json_get(msg, "params");
        if (!method) {
            /* a reply to a request of ours: none are sent */
        } else if (!strcmp(method, "initialize")) {
            initialize(&s, id, params);
        } else if (!strcmp(method, "shutdown")) {
            s.shutdown = 1;
            reply(&s, id, NULL);
        } else if (!strcmp(method, "exit")) {
            rc = s.shutdown ? 0 : 1;
            json_free(msg);
            break;
        } else if (!strcmp(method, "textDocument/didOpen")) {
            did_open(&s, params);
        } else if (!strcmp(method, "textDocument/didChange")) {
            did_change(&s, params);
        } else if (!strcmp(method, "textDocument/didClose")) {
            did_close(&s, params);
        } else if (!strcmp(method, "textDocument/hover")) {
            hover(&s, id, params);
        } else if (!strcmp(method, "textDocument/definition")) {
            definition(&s, id, params);
        } else if (!strcmp(method, "textDocument/completion")) {
            completion(&s, id, params);
        } else if (!strcmp(method, "textDocument/formatting")) {
            formatting(&s, id, params);
        } else if (id) {
            reply_error(&s, id, -32601, "method not found");
        }
        json_free(msg);
    }
    for (int i = 0; i < s.ndocs; i++) free(s.docs[i].uri), free(s.docs[i].path), free(s.docs[i].text);
    lsp_index_free(&s);
    free(s.docs), free(s.root);
    return rc;
}

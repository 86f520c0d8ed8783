/* lsp.h — `xiufu lsp`: a language server over standard input and output
 * (JSON-RPC with Content-Length headers, a subset of LSP 3.17).
 *
 * Each open document is checked with the modules it uses, found by their
 * `module` line under the workspace folder (the nearest to the document when
 * several files name one module), as the project's own checker sees them:
 * its diagnostics are the ones `xiufu check` gives, in the server's language
 * (initializationOptions {"lang": "en"}; Chinese by default).  Hover, go to
 * definition and completion read the checked tree; formatting is `xiufu fmt`.
 * docs/engineers-guide.md ("Editors and the language server") lists what is
 * answered.
 */
#ifndef XF_LSP_H
#define XF_LSP_H

#include <stdio.h>
#include "xiufu.h"

typedef struct lsp_doc {
    char  *uri;    /* as the client sent it */
    char  *path;
    char  *text;
    size_t len;
} lsp_doc;

typedef struct lsp_server {
    FILE    *in, *out;
    xf_lang  lang;
    char    *root;       /* the workspace folder, or NULL: the document's folder */
    lsp_doc *docs;
    int      ndocs;
    int      shutdown;   /* `shutdown` came: `exit` ends with 0 */
    struct module_index *index;  /* the modules under the workspace folder (workspace.c) */
    double   index_time;         /* when it was made: it is made again after a second */
} lsp_server;

/* Serves until `exit` or the end of input; returns the exit code. */
int xf_lsp_serve(FILE *in, FILE *out, xf_lang lang);

/* ---- one document checked (workspace.c) ---- */
typedef struct lsp_analysis {
    xf_compile c;
    int32_t    file;     /* the document among c.diags.src */
    xf_module *module;   /* its module */
    const lsp_server *server;
} lsp_analysis;

int  lsp_analyze(lsp_server *s, const lsp_doc *d, lsp_analysis *a);
void lsp_index_free(lsp_server *s);
void lsp_analysis_free(lsp_analysis *a);
/* The module that file holds, or NULL. */
const xf_module *lsp_module_of_file(const lsp_analysis *a, int32_t file);

/* ---- places (position.c) ---- */
/* Byte offset of an LSP position (line, UTF-16 unit), clamped to the text. */
uint32_t lsp_offset(const char *text, size_t len, int line, int character);
void     lsp_position(const char *text, size_t len, uint32_t off, int *line, int *character);
char    *lsp_uri_to_path(const char *uri);   /* malloc'd */
char    *lsp_path_to_uri(const char *path);  /* malloc'd; relative paths made absolute */

#endif

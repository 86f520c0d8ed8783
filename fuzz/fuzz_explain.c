/* fuzz_explain.c — fuzz the output readers: `xiufu explain` on output
 * files that are damaged or were written by someone else.
 *
 * Each input is a whole SQLite file.  It is opened as explain opens an
 * output (xf_ex_open) and asked what explain asks: the decisions of each
 * outcome, one subject, one entity; every explanation found is rendered as
 * text and as HTML.  A SQLite error or "not an output file" is an answer;
 * a crash, a hang or a sanitizer report is the finding: the decision rows,
 * trace BLOBs, trace_point and trace_text rows and the policy sources of a
 * run are all read from the file and trusted by nothing. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explain.h"
#include "fuzz.h"
#include "outcomes.h"

static const char *xf_fuzz_explain_path(void) {
    static char path[64];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/xf-fuzz-out-%ld.db", tmp && *tmp == '/' && strlen(tmp) < 32 ? tmp : "/tmp",
                 (long)getpid());
    }
    return path;
}

/* Returns the number of explanations rendered. */
static int xf_fuzz_explain_query(xf_ex_db *db, const xf_ex_query *q) {
    xf_explanation **list = NULL;
    char *err = NULL;
    int n = xf_ex_select(db, q, &list, &err);
    free(err);
    if (n <= 0) return 0;
    for (int html = 0; html < 2; html++)
        for (int en = 0; en < 2; en++) {
            xf_ex_buf out = {0};
            if (html) xf_ex_render_html(&out, list, n, en, "fuzz.db");
            else xf_ex_render_text(&out, list, n, en);
            xf_ex_buf_free(&out);
        }
    xf_ex_free_all(list, n);
    return n;
}

int xf_fuzz_explain(const uint8_t *data, size_t size) {
    const char *path = xf_fuzz_explain_path();
    unlink(path);
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    int ok = fwrite(data, 1, size, f) == size;
    if (fclose(f) != 0 || !ok) return 0;
    char *err = NULL;
    xf_ex_db *db = xf_ex_open(path, &err);
    free(err);
    int found = 0;
    if (db) {
        for (int k = 0; k < XF_OUT__COUNT; k++)
            found += xf_fuzz_explain_query(db, &(xf_ex_query){.outcome = xf_outcome_code[k], .limit = 3});
        found += xf_fuzz_explain_query(db, &(xf_ex_query){.subject_table = "penalty", .subject_id = 1});
        found += xf_fuzz_explain_query(db, &(xf_ex_query){.uscc = "91110105MADE8TMJ1A"});
        xf_ex_close(db);
    }
    unlink(path);
    return found;
}

#ifdef XF_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    xf_fuzz_explain(data, size);
    return 0;
}
#endif

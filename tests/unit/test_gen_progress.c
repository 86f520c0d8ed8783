/* test_gen_progress.c — xf_gen_write reports progress through the hook in
 * xf_gen_opts (counts rising to the total, the last call at the total),
 * works without it, and counts the same records in both layouts. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include "check.h"
#include "gen.h"

typedef struct seen {
    int     calls, rising;
    int64_t last, total;
} seen;

static void progress(void *ud, int64_t done, int64_t total) {
    seen *s = ud;
    if (done <= s->last) s->rising = 0;
    s->calls++;
    s->last = done;
    s->total = total;
}

static int write_db(const char *dir, const char *name, const xf_gen_opts *o, xf_gen_stats *st) {
    char path[512], *err = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int rc = xf_gen_write(path, o, st, &err);
    if (rc != 0) fprintf(stderr, "xf_gen_write %s: %s\n", name, err ? err : "?");
    free(err);
    unlink(path);
    return rc;
}

int main(void) {
    char dir[] = "/tmp/xf-test-gen-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    seen s = {0, 1, 0, 0};
    xf_gen_stats a, b, c;
    xf_gen_opts o = {.entities = 10000, .seed = 4, .progress = progress, .progress_ud = &s};
    CHECK_EQ_INT(write_db(dir, "a.db", &o, &a), 0);
    CHECK_EQ_INT(s.calls, 3);  /* 4096, 8192, 10000 */
    CHECK(s.rising);
    CHECK_EQ_INT(s.last, 10000);
    CHECK_EQ_INT(s.total, 10000);
    CHECK_EQ_INT(a.entities, 10000);

    o.progress = NULL;  /* no hook: nothing to call */
    o.layout = XF_GEN_SHUFFLED;
    CHECK_EQ_INT(write_db(dir, "b.db", &o, &b), 0);
    CHECK_EQ_INT(b.entities, a.entities);
    CHECK_EQ_INT(b.penalties, a.penalties);
    CHECK_EQ_INT(b.abnormal, a.abnormal);
    CHECK_EQ_INT(b.serious, a.serious);
    CHECK_EQ_INT(b.annual_reports, a.annual_reports);

    s = (seen){0, 1, 0, 0};
    o = (xf_gen_opts){.entities = 1, .seed = 4, .shape = XF_GEN_ADVERSARIAL, .layout = XF_GEN_SHUFFLED,
                      .progress = progress, .progress_ud = &s};
    CHECK_EQ_INT(write_db(dir, "c.db", &o, &c), 0);
    CHECK_EQ_INT(s.calls, 1);
    CHECK_EQ_INT(s.last, 1);
    rmdir(dir);
    return CHECK_DONE();
}

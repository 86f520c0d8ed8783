/* progress.c — the progress line (see progress.h). */
#include "progress.h"
#include "clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* 1234567 as "1,234,567". */
static const char *xf_progress_num(long long v, char buf[32]) {
    char raw[32];
    int n = snprintf(raw, sizeof raw, "%lld", v < 0 ? 0 : v), o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

static void xf_progress_draw(xf_progress *p) {
    long long rd = atomic_load(&p->read), dc = atomic_load(&p->decided), wr = atomic_load(&p->written);
    long long tr = atomic_load(&p->total_read), tw = atomic_load(&p->total_written);
    double el = xf_now_seconds() - p->t0;
    /* done: half for reading, half for writing, as far as each is known */
    double done = p->read_only ? (tr > 0 ? (double)rd / (double)tr : 0)
                               : (tr > 0 ? 0.5 * (double)rd / (double)tr : 0) + (tw > 0 ? 0.5 * (double)wr / (double)tw : 0);
    if (done > 1) done = 1;
    char a[32], b[32], c[32], r[32], left[48] = "";
    double rate = el > 0 ? (double)(wr ? wr : rd) / el : 0;
    if (done > 0.02 && done < 1)
        snprintf(left, sizeof left, p->en ? ", about %.0f s left" : "，约剩 %.0f 秒", el / done - el);
    if (p->read_only) {
        char t[32];
        if (p->en)
            fprintf(stderr, "\r%s %s of %s %s, %s/s%s\033[K", p->verb_en ? p->verb_en : "read", xf_progress_num(rd, a),
                    xf_progress_num(tr, t), p->unit_en, xf_progress_num((long long)rate, r), left);
        else
            fprintf(stderr, "\r%s %s / %s %s，每秒 %s%s\033[K", p->verb_zh ? p->verb_zh : "已读", xf_progress_num(rd, a),
                    xf_progress_num(tr, t), p->unit_zh, xf_progress_num((long long)rate, r), left);
    } else if (p->en)
        fprintf(stderr, "\r%s %s read, %s decided, %s written, %s/s%s\033[K", xf_progress_num(rd, a), p->unit_en,
                xf_progress_num(dc, b), xf_progress_num(wr, c), xf_progress_num((long long)rate, r), left);
    else
        fprintf(stderr, "\r已读 %s %s，已决定 %s，已写出 %s，每秒 %s%s\033[K", xf_progress_num(rd, a), p->unit_zh,
                xf_progress_num(dc, b), xf_progress_num(wr, c), xf_progress_num((long long)rate, r), left);
    fflush(stderr);
}

static void *xf_progress_main(void *arg) {
    xf_progress *p = arg;
    while (!atomic_load(&p->stop)) {
        struct timespec d = {0, 200 * 1000 * 1000};
        nanosleep(&d, NULL);
        if (!atomic_load(&p->stop)) xf_progress_draw(p);
    }
    return NULL;
}

void xf_progress_start(xf_progress *p, int want, int en, const char *unit_zh, const char *unit_en) {
    const char *vz = p->verb_zh, *ve = p->verb_en;
    int read_only = p->read_only;
    memset(p, 0, sizeof *p);
    p->verb_zh = vz, p->verb_en = ve, p->read_only = read_only;
    p->en = en;
    p->unit_zh = unit_zh;
    p->unit_en = unit_en;
    p->t0 = xf_now_seconds();
    if (!want || !isatty(STDERR_FILENO)) return;
    p->on = pthread_create(&p->tid, NULL, xf_progress_main, p) == 0;
}

void xf_progress_stop(xf_progress *p) {
    if (!p->on) return;
    atomic_store(&p->stop, 1);
    pthread_join(p->tid, NULL);
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
    p->on = 0;
}

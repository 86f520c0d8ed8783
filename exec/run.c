/* run.c — one evaluation run over a SQLite records file, start to finish
 * (docs/run.md).
 *
 * the run plan (plan/: check, the policies in effect on as_of, the tables
 * they bind, lowering) → lock the output and start the run in it → the
 * code (a pack's, the cache's or the JIT's) → scan the records into
 * partitions (bad rows reported and skipped) → partition by partition,
 * batch by batch: decide on N threads (plan/decide.c) while the writer's
 * thread writes the batch before (run_write.c) → commit, one transaction →
 * summary.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "run.h"
#include "clock.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dates.h"
#include "documents.h"
#include "output.h"
#include "plan_code.h"
#include "partition.h"
#include "progress.h"
#include "run_pipeline.h"
#include "scan.h"
#include "shown.h"
#include "pack.h"
#include "packset.h"
#include "policyset.h"
#include "texts.h"
#include "trace_out.h"

/* Bytes of rows one partition holds, and entities one batch decides:
 * together they bound the memory of a run (docs/run.md). */
#define XF_RUN_BUDGET ((int64_t)8 << 20)
#define XF_RUN_CHUNK  8192

/* ---- bad rows ---- */

typedef struct report_ctx { const char *records; xf_lang lang; int64_t shown; } report_ctx;

enum { MAX_SHOWN = 20 };

static void report_bad_row(void *ud, const xf_bad_row *b) {
    report_ctx *r = ud;
    if (r->shown++ >= MAX_SHOWN) return;
    const char *why = r->lang == XF_LANG_EN ? b->reason_en : b->reason_zh;
    char *value = b->value ? xf_shown(b->value) : NULL;  /* record text must not drive the terminal */
    const char *v = value ? value : b->value ? "?" : NULL;
    if (r->lang == XF_LANG_EN)
        fprintf(stderr, "%s: table %s, row %" PRId64 "%s%s: %s%s%s%s, skipped\n", r->records, b->table, b->row_id,
                b->column ? ", column " : "", b->column ? b->column : "", why, v ? " '" : "", v ? v : "", v ? "'" : "");
    else
        fprintf(stderr, "%s：表 %s，第 %" PRId64 " 行%s%s：%s%s%s%s，已跳过\n", r->records, b->table, b->row_id,
                b->column ? "，字段 " : "", b->column ? b->column : "", why, v ? "“" : "", v ? v : "", v ? "”" : "");
    free(value);
}

/* ---- documents (--documents DIR): forms filled from the decisions just
 * written; see documents.h.  A failure is reported and fails the run, whose
 * decisions stay committed. */

static int write_documents(const xf_run_opts *o, xf_plan *plan, const xf_packset *pack, const xf_db *db,
                           const xf_out *outs) {
    xf_doc_source *src = calloc((size_t)plan->npol, sizeof *src);
    xf_doc_stats st = {0};
    char *errmsg = NULL;
    int rc = src && pack ? xf_plan_declare(plan, pack, &errmsg) : 0;
    if (rc) xf_diags_print(&plan->c.diags, stderr, o->lang);
    for (int i = 0; src && i < plan->npol; i++) src[i] = (xf_doc_source){plan->pol[i].decl, &outs[i]};
    if (!rc) rc = src ? xf_documents_write(&plan->c, db, src, plan->npol, o->as_of, o->documents, &st, &errmsg) : -1;
    if (rc != 0)
        fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot write the documents: out of memory");
    else if (!o->quiet)
        fprintf(stderr, o->lang == XF_LANG_EN ? "documents: %" PRId64 " files written to %s\n"
                                              : "文书：%" PRId64 " 个文件已写入 %s\n", st.files, o->documents);
    free(errmsg);
    free(src);
    return rc;
}

/* ---- the run ---- */


static void print_summary(const xf_run_opts *o, const xf_run_summary *s, int npolicies) {
    FILE *f = stderr;
    double rate = s->seconds > 0 ? (double)s->records / s->seconds : 0;
    int en = o->lang == XF_LANG_EN;
    char day[11];
    xf_date_format(o->as_of, day);
    fprintf(f, en ? "as of %s, %d policies in effect\n" : "评估日 %s，适用政策 %d 项\n", day, npolicies);
    fprintf(f, en ? "subjects decided: %" PRId64 "\n" : "决定数：%" PRId64 "\n", s->subjects);
    for (int i = 0; i < XF_OUT__COUNT; i++) {
        if (!s->by_outcome[i]) continue;
        /* pad by display width: a Chinese character takes two columns and three bytes */
        const char *zh = en ? "" : xf_outcome_zh[i];
        int cells = 0;
        for (const unsigned char *p = (const unsigned char *)zh; *p; p++)
            if ((*p & 0xC0) != 0x80) cells += *p >= 0x80 ? 2 : 1;
        fprintf(f, "  %-20s %s%*s %10" PRId64 "\n", xf_outcome_code[i], zh, cells < 22 ? 22 - cells : 0, "",
                s->by_outcome[i]);
    }
    if (s->runtime_errors)
        fprintf(f, en ? "decisions with errors: %" PRId64 "\n" : "含错误的决定：%" PRId64 "\n", s->runtime_errors);
    fprintf(f, en ? "rows skipped (bad data): %" PRId64 "\n" : "跳过的坏数据行：%" PRId64 "\n", s->skipped);
    fprintf(f, en ? "%.3f s, %" PRId64 " records, %.0f records/s\n" : "用时 %.3f 秒，记录 %" PRId64 " 条，每秒 %.0f 条\n",
            s->seconds, s->records, rate);
    fprintf(f, en ? "phases: read %.3f s, decide %.3f s, write %.3f s\n" : "各阶段：读取 %.3f 秒，决定 %.3f 秒，写出 %.3f 秒\n",
            s->read_seconds, s->decide_seconds, s->write_seconds);
    if (o->out) fprintf(f, en ? "run %" PRId64 " written to %s\n" : "运行 %" PRId64 " 已写入 %s\n", s->run_id, o->out);
}

/* Two policies decided records differently: how many, one of them, and the fix. */
static void print_conflicts(const xf_run_opts *o, const xf_run_summary *s) {
    if (!s->conflicts) return;
    if (o->lang == XF_LANG_EN)
        fprintf(stderr,
                "xiufu run: warning: %" PRId64 " records were decided differently by two policies, e.g. %s %" PRId64
                ": %s by '%s', %s by '%s'; make one an override of the other ('override ... as ...'), say which follows "
                "which ('supersedes'), or narrow a 'where' so that they do not meet\n",
                s->conflicts, s->conflict_table, s->conflict_id, xf_outcome_code[s->conflict_outcome_a], s->conflict_a,
                xf_outcome_code[s->conflict_outcome_b], s->conflict_b);
    else
        fprintf(stderr,
                "xiufu run：警告：%" PRId64 " 条记录被两项政策作出不同的决定，例如 %s 第 %" PRId64
                " 条：“%s”为 %s，“%s”为 %s；请把其中一项写成另一项的覆盖政策（override … as …），或写明先后接替"
                "（supersedes），或收窄 where 使两者不重叠\n",
                s->conflicts, s->conflict_table, s->conflict_id, s->conflict_a, xf_outcome_code[s->conflict_outcome_a],
                s->conflict_b, xf_outcome_code[s->conflict_outcome_b]);
}


static void timed_out(const xf_run_opts *o) {
    fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu run: stopped after --timeout %g s; nothing written\n"
                                          : "xiufu run：超过 --timeout %g 秒，已停止；未写入任何结果\n", o->timeout);
}

/* Steps 1 and 2 of plan.h: the policies named, or a pack's.  0, or the
 * exit code with the error reported. */
static int plan_open(const xf_run_opts *o, xf_plan *plan, xf_packset **pack) {
    char *errmsg = NULL;
    int kind = xf_packset_kind(o->policies, o->npolicies);
    if (kind < 0) {
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu run: -p takes packs (.so) or policy sources, not both\n"
                                              : "xiufu run：-p 要么全是包（.so），要么全是政策源文件，不能混用\n");
        return 2;
    }
    int r;
    if (kind) {
        xf_pack_trust trust = {.keys_dir = o->trusted_keys, .allow_unsigned = o->allow_unsigned, .lang = o->lang};
        if (!(*pack = xf_packset_open(o->policies, o->npolicies, &trust, &errmsg))) {
            fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot load the pack");
            free(errmsg);
            return 1;
        }
        r = xf_plan_select(plan, xf_packset_bound(*pack), o->as_of, o->trace);
    } else if (xf_policyset_check(&plan->c, o->policies, o->npolicies, o->lang) != 0) return 1;
    else r = xf_plan_from_sources(plan, o->as_of, o->trace);
    if (r == XF_PLAN_NONE) {
        char day[11];
        xf_date_format(o->as_of, day);
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu run: no policy is in effect on %s\n" : "xiufu run：%s 无适用的政策\n",
                day);
    } else if (r != 0) fprintf(stderr, "xiufu run: out of memory\n");
    return r ? 1 : 0;
}

/* Step 3: the code, compiled once the output is ours (compiling can take a
 * while).  0, or -1 with the error reported. */
static int plan_code(const xf_run_opts *o, xf_plan *plan, const xf_packset *pack) {
    char *errmsg = NULL;
    int r;
    if (strcmp(o->engine, "jit")) r = xf_plan_use_interp(plan, &errmsg);
    else if (pack) r = xf_plan_use_packset(plan, pack, &errmsg);
    else r = xf_plan_compile(plan, o->opt_level, o->cache, &errmsg);
    if (r != 0)
        fprintf(stderr, "xiufu run: %s%s\n", !strcmp(o->engine, "jit") && !pack ? "LLVM: " : "",
                errmsg ? errmsg : "no code for a policy");
    free(errmsg);
    return r;
}

/* The next partitions are built on threads of their own while the one
 * before them is decided and written: building (sorting, grouping and
 * converting a partition's rows) takes longer than deciding and writing,
 * so two are built at once (one under --strict, whose first bad row must
 * be the first in partition order). */
typedef struct prebuild {
    pthread_t           tid;
    int                 started;   /* the thread runs: join it */
    xf_scan            *scan;
    int                 p;
    const xf_tablespec *specs;
    const char         *path;
    xf_badrows         *bad;
    xf_db              *db;
    char               *errmsg;
    int                 rc;
} prebuild;

/* A new output, and the journal of its run, are removed if the run does
 * not commit; out of memory ends the process with quick_exit
 * (runtime/oom.h), which runs new_output_remove too. */
static char *new_output;
static void remove_with_journal(const char *path) {
    char journal[4096];
    unlink(path);
    if (snprintf(journal, sizeof journal, "%s-journal", path) < (int)sizeof journal) unlink(journal);
}
static void new_output_remove(void) {
    if (new_output) remove_with_journal(new_output);
}
static void new_output_watch(const char *path) {
    static int registered;
    if (!registered && path) registered = at_quick_exit(new_output_remove) == 0;
    free(new_output);
    new_output = path ? strdup(path) : NULL;
}

static void *prebuild_main(void *arg) {
    prebuild *b = arg;
    b->rc = xf_part_build(b->scan, b->p, b->specs, b->path, b->bad, &b->db, &b->errmsg);
    return NULL;
}

static void *prebuild_thread_main(void *arg) {
    pthread_setname_np(pthread_self(), "xiufu-build");  /* for top -H and perf */
    return prebuild_main(arg);
}

/* Start building partition p (on the caller's thread when no thread is to
 * be had). */
static void prebuild_start(prebuild *b, xf_scan *scan, int p, const xf_tablespec *specs, const char *path,
                           xf_badrows *bad) {
    *b = (prebuild){.scan = scan, .p = p, .specs = specs, .path = path, .bad = bad};
    b->started = pthread_create(&b->tid, NULL, prebuild_thread_main, b) == 0;
    if (!b->started) prebuild_main(b);
}

/* Wait for the partition being built: 0 and *db, or 1 and *errmsg. */
static int prebuild_take(prebuild *b, xf_db **db, char **errmsg) {
    if (b->started) pthread_join(b->tid, NULL);
    b->started = 0;
    *db = b->db;
    *errmsg = b->errmsg;
    b->db = NULL, b->errmsg = NULL;
    return b->rc;
}

/* Rows of the subject tables in a db: what the progress line counts. */
static int64_t subject_rows(const xf_plan *plan, const int64_t *per_table) {
    int64_t n = 0;
    for (int t = 0; t < plan->nspecs; t++)
        for (int i = 0; i < plan->npol; i++)
            if (plan->pol[i].table == t) {
                n += per_table[t];
                break;
            }
    return n;
}

int xf_run(const xf_run_opts *o, xf_run_summary *summary_out) {
    double t0 = xf_now_seconds();
    xf_run_summary sum = {0};
    int rc = 1;
    xf_plan plan;
    xf_plan_init(&plan);
    xf_db *db = NULL;
    xf_writer *w = NULL;
    xf_packset *pack = NULL;     /* -p PACK.so...: code from the packs, sources from them too */
    int64_t *text_ids = NULL, *decided = NULL;  /* decided: decisions written per policy */
    char *errmsg = NULL;
    xf_text_set texts_seen = {0};
    xf_texts *run_texts = NULL;  /* the texts traced values refer to, run-wide ids */
    xf_scan *scan = NULL;
    pipeline pl = {0};
    xf_progress progress = {0};  /* the line on a terminal */
    int have_pipeline = 0, out_existed = 1, committed = 0;  /* existed: never removed before it is known */
    xf_badrows bad;
    int have_bad = 0;

    int r_open = plan_open(o, &plan, &pack);
    if (r_open != 0) {
        rc = r_open;
        goto done;
    }
    int npol = plan.npol;
    report_ctx rep = {o->records, o->lang, 0};
    /* under --strict the first bad row ends the run and its message names it */
    if (xf_badrows_init(&bad, MAX_SHOWN, o->strict) != 0) goto oom;
    have_bad = 1;
    text_ids = calloc((size_t)plan.bound->ntexts + 1, sizeof *text_ids);
    decided = calloc((size_t)npol, sizeof *decided);
    if (!text_ids || !decided || !(run_texts = xf_texts_new())) goto oom;

    /* the run starts in the output, then the code is made, then records read */
    out_existed = o->out && access(o->out, F_OK) == 0;
    if (o->out && !out_existed) new_output_watch(o->out);
    w = o->jsonl ? xf_writer_open_jsonl(stdout) : xf_writer_open_db(o->out, &errmsg);
    if (!w) {
        fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot open the output");
        goto done;
    }
    /* the engine recorded is chosen before the code is: code from the
     * cache is the JIT's */
    if (run_begin(w, &plan, o->as_of, o->records, pack ? "pack" : o->engine, &errmsg) != 0) {
        fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot start the run");
        xf_writer_abort(w);
        goto done;
    }
    if (plan_code(o, &plan, pack) != 0) {
        xf_writer_abort(w);
        goto done;
    }
    for (int i = 0; i < plan.npol && !o->quiet && !strcmp(plan.engine, "jit"); i++)
        if (plan.pol[i].prog->nins > XF_OPT_MAX_INS)
            fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu run: policy %s has %d steps: compiled without optimisation\n"
                                                  : "xiufu run：政策 %s 有 %d 步：未经优化编译\n",
                    plan.pol[i].name, plan.pol[i].prog->nins);

    /* documents are filled from one batch holding every decision */
    xf_progress_start(&progress, !o->quiet && !o->jsonl, o->lang == XF_LANG_EN, "行", "rows");
    /* the budget is shared by the partitions built at once (below) */
    int ahead = o->strict ? 1 : 2;
    xf_scan_opts so = {.path = o->records, .specs = plan.specs, .nspecs = plan.nspecs, .filters = plan.filters,
                       .threads = o->threads,
                       .budget = o->documents ? 0 : (o->budget > 0 ? o->budget : XF_RUN_BUDGET) / ahead, .bad = &bad,
                       .progress = &progress, .deadline = o->timeout > 0 ? t0 + o->timeout : 0};
    double t_read = xf_now_seconds();
    if (xf_scan_run(&so, &scan, &errmsg) != 0) {
        if (so.deadline > 0 && xf_now_seconds() > so.deadline) timed_out(o);
        else fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot load records");
        xf_writer_abort(w);
        goto done;
    }
    sum.records = scan->rows_read;
    atomic_store(&progress.total_written, subject_rows(&plan, scan->est_rows));  /* about one decision a row */
    sum.read_seconds = xf_now_seconds() - t_read;

    /* partition by partition, batch by batch: decide, write, let go */
    pl = (pipeline){.plan = &plan, .w = w, .jsonl = o->jsonl, .run_texts = run_texts, .texts_seen = &texts_seen,
                    .sum = &sum, .decided = decided, .progress = &progress, .keep = o->documents != NULL};
    pthread_mutex_init(&pl.lock, NULL);
    pthread_cond_init(&pl.cv, NULL);
    have_pipeline = 1;
    if (write_buf_init(&pl.wb, &plan, o->jsonl) != 0) goto oom;
    for (int k = 0; k < 2; k++) {
        pl.b[k].out = calloc((size_t)npol, sizeof *pl.b[k].out);
        pl.b[k].cap = calloc((size_t)npol, sizeof *pl.b[k].cap);
        pl.b[k].tr = calloc((size_t)npol, sizeof *pl.b[k].tr);
        if (!pl.b[k].out || !pl.b[k].cap || !pl.b[k].tr) goto oom;
    }
    /* documents are filled from the one batch, after the commit: no thread */
    pl.started = !o->documents && pthread_create(&pl.tid, NULL, writer_main, &pl) == 0;
    int64_t chunk = o->documents ? INT64_MAX : o->chunk > 0 ? o->chunk : XF_RUN_CHUNK;
    int decide_threads = o->threads > 3 ? o->threads - 2 : 1;
    int failed = 0;
    prebuild pbs[2] = {{0}};
    for (int p = 0; p < ahead && p < scan->nparts; p++) prebuild_start(&pbs[p], scan, p, plan.specs, o->records, &bad);
    for (int p = 0; p < scan->nparts && !failed; p++) {
        double t_part = xf_now_seconds();
        prebuild *pb = &pbs[p % ahead];
        if (prebuild_take(pb, &db, &errmsg) != 0) {
            fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot load records");
            failed = 1;
            break;
        }
        if (p + ahead < scan->nparts) prebuild_start(pb, scan, p + ahead, plan.specs, o->records, &bad);
        xf_ctx ctx;
        xf_plan_ctx(&plan, db, text_ids, &ctx);
        sum.read_seconds += xf_now_seconds() - t_part;
        int64_t e0 = 0;
        do {  /* a partition without entities still goes to the writer, which frees it */
            int64_t e1 = db->nent - e0 > chunk ? e0 + chunk : db->nent;
            if (so.deadline > 0 && xf_now_seconds() > so.deadline) {
                timed_out(o);
                failed = 1;
                break;
            }
            batch *bt = pipeline_take(&pl);
            if (!bt) { failed = 1; break; }
            bt->part = db;
            bt->last = e1 == db->nent;
            bt->win = xf_part_window(db, e0, e1);
            if (!bt->win || batch_reserve(bt, &plan) != 0) {
                bt->last = 0;  /* db stays the main thread's to free */
                fprintf(stderr, "xiufu run: out of memory\n");
                failed = 1;
                break;
            }
            ctx.db = bt->win;
            double t_dec = xf_now_seconds();
            for (int i = 0; i < npol; i++) xf_plan_decide(&plan, i, &ctx, bt->win->nent, decide_threads, &bt->out[i]);
            sum.decide_seconds += xf_now_seconds() - t_dec;
            /* the traces are encoded here, so that the writer's thread, the
             * longer of the two, only writes */
            double t_enc = xf_now_seconds();
            bt->encoded = !o->jsonl;
            if (bt->encoded && batch_encode(&pl, bt) != 0) {
                bt->last = 0;  /* db stays the main thread's to free */
                fprintf(stderr, "xiufu run: out of memory\n");
                failed = 1;
                break;
            }
            sum.write_seconds += xf_now_seconds() - t_enc;
            int64_t rows[64] = {0};
            for (int t = 0; t < plan.nspecs && t < 64; t++) rows[t] = bt->win->tab[t].nrows;
            atomic_fetch_add(&progress.decided, subject_rows(&plan, rows));
            if (bt->last) db = NULL;  /* the writer's now */
            if (pl.started) pipeline_give(&pl, bt);
            else if (batch_write(&pl, bt) != 0) failed = 1;
            e0 = e1;
        } while (e0 < (db ? db->nent : 0) && !failed);
    }
    for (int k = 0; k < 2; k++) {  /* the run stopped early: the partitions being built go */
        if (!pbs[k].started && !pbs[k].db && !pbs[k].errmsg) continue;
        xf_db *next = NULL;
        char *msg = NULL;
        prebuild_take(&pbs[k], &next, &msg);
        xf_part_free(next);
        free(msg);
    }
    pipeline_finish(&pl);
    xf_progress_stop(&progress);
    sum.write_seconds += pl.write_seconds;
    if (pl.failed || (failed && pl.errmsg)) {
        fprintf(stderr, "xiufu run: %s\n", pl.errmsg ? pl.errmsg : "cannot write decisions");
        failed = 1;
    }
    if (failed) {
        xf_writer_abort(w);
        goto done;
    }

    /* an earlier records version: what reads as empty or NULL, once */
    if (scan->note_en) fprintf(stderr, "xiufu run%s%s\n", o->lang == XF_LANG_EN ? ": " : "：",
                               o->lang == XF_LANG_EN ? scan->note_en : scan->note_zh);
    /* the bad rows, in table and row order, before the totals */
    if (!o->strict) xf_badrows_tell(&bad, report_bad_row, &rep);
    if (bad.count > MAX_SHOWN)
        fprintf(stderr, o->lang == XF_LANG_EN ? "... and %" PRId64 " more bad rows\n" : "…… 另有 %" PRId64 " 行坏数据\n",
                bad.count - MAX_SHOWN);
    sum.skipped = bad.count;
    double t_commit = xf_now_seconds();
    if (xf_writer_trace_texts(w, texts_seen.n, texts_seen.ids, run_texts, &errmsg) != 0 ||
        xf_writer_commit(w, sum.subjects, sum.skipped, &errmsg) != 0) {
        fprintf(stderr, "xiufu run: %s\n", errmsg ? errmsg : "cannot commit the run");
        xf_writer_abort(w);
        goto done;
    }
    sum.write_seconds += xf_now_seconds() - t_commit;
    committed = 1;
    new_output_watch(NULL);
    sum.run_id = xf_writer_run_id(w);
    sum.seconds = xf_now_seconds() - t0;
    if (!o->quiet) print_summary(o, &sum, npol);
    if (!o->quiet) print_conflicts(o, &sum);
    if (!o->quiet) xf_plan_report_unmatched(&plan, decided, o->lang, stderr);
    rc = sum.skipped || sum.runtime_errors ? 1 : 0;  /* data errors: reported, results kept */
    batch *kept = &pl.b[0];  /* --documents: the one batch, kept */
    if (o->documents && kept->win && write_documents(o, &plan, pack, kept->win, kept->out) != 0) rc = 1;
    /* the code just compiled, kept for the next run of these sources */
    if (xf_plan_cache_keep(&plan, &errmsg) != 0 && !o->quiet)
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu run: the compiled code is not cached: %s\n"
                                              : "xiufu run：编译结果未能缓存：%s\n",
                errmsg ? errmsg : "?");

    goto done;
oom:
    fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu run: out of memory\n" : "xiufu run：内存不足\n");
done:
    if (w) xf_writer_close(w);
    if (!committed && o->out && !out_existed) remove_with_journal(o->out);  /* a failed run leaves no file it made */
    new_output_watch(NULL);
    free(text_ids);
    free(decided);
    xf_text_set_free(&texts_seen);
    free(errmsg);
    xf_progress_stop(&progress);
    if (have_pipeline) {
        pipeline_finish(&pl);
        for (int k = 0; k < 2; k++) {
            for (int i = 0; pl.b[k].out && i < npol; i++) xf_out_free(&pl.b[k].out[i]);
            for (int i = 0; pl.b[k].tr && i < npol; i++) batch_traces_free(&pl.b[k].tr[i]);
            free(pl.b[k].out), free(pl.b[k].cap), free(pl.b[k].tr);
            xf_part_window_free(pl.b[k].win);
            if (pl.b[k].last) xf_part_free(pl.b[k].part);
        }
        free(pl.errmsg);
        free(pl.wb.blob), free(pl.wb.json);
        pthread_mutex_destroy(&pl.lock);
        pthread_cond_destroy(&pl.cv);
    }
    xf_part_free(db);
    xf_scan_free(scan);
    if (have_bad) xf_badrows_free(&bad);
    xf_texts_free(run_texts);
    xf_plan_free(&plan);
    xf_packset_close(pack);
    if (summary_out) *summary_out = sum;
    return rc;
}

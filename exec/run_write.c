/* run_write.c — decisions into the writer, on a thread of its own
 * (run_pipeline.h). */
#define _GNU_SOURCE /* pthread_setname_np */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "dates.h"
#include "outcomes.h"
#include "partition.h"
#include "run_pipeline.h"
#include "texts.h"
#include "trace_codec.h"

/* Decisions go out with the run's fields (the union over its policies); a
 * field this policy does not compute stays absent. */

int write_buf_init(write_buf *b, const xf_plan *p, int jsonl) {
    int ntrace = 0;
    for (int i = 0; i < p->npol; i++)
        if (p->pol[i].prog->ntrace > ntrace) ntrace = p->pol[i].prog->ntrace;
    b->json_cap = 64 + (size_t)ntrace * 1200;
    b->json = jsonl ? malloc(b->json_cap) : NULL;
    b->blob = malloc(xf_trace_bound(ntrace));
    return (jsonl && !b->json) || !b->blob ? -1 : 0;
}

/* Traced texts get the run's ids (a partition's ids are its own), and are
 * noted for the run's trace_text table. */
static void trace_texts_to_run(pipeline *pl, const xf_db *db, const xf_plan_policy *pr, xf_out *out, int64_t r) {
    int64_t *tv = out->tval + r * out->ntrace;
    const uint8_t *ts = out->tstate + r * out->ntrace;
    for (int k = 0; k < out->ntrace; k++)
        if (ts[k] == 2 && pr->text_slot[k] && tv[k] >= 0) {
            const char *txt = xf_texts_str(db->texts, tv[k]);
            tv[k] = txt ? xf_texts_intern(pl->run_texts, txt, xf_texts_len(db->texts, tv[k])) : -1;  /* a NUL inside too */
            if (tv[k] >= 0) xf_text_set_add(pl->texts_seen, tv[k]);
        }
}

static int governed(const xf_out *out, int64_t r) { return out->outcome[r] >= 0 || out->step[r] != -1 || out->err[r]; }

int batch_encode(pipeline *pl, batch *b) {
    /* texts first, in the order batch_write writes (entity by entity, its
     * policies in order): the run's text ids, and so the traces' bytes,
     * stay the same whatever the batches */
    for (int64_t e = 0; e < b->win->nent; e++)
        for (int i = 0; i < pl->plan->npol; i++) {
            const xf_plan_policy *pr = &pl->plan->pol[i];
            const xf_table *tab = &b->win->tab[pr->table];
            if (!b->out[i].ntrace || !pr->has_text_slot) continue;
            for (int64_t r = tab->first[e]; r < tab->first[e + 1]; r++)
                if (governed(&b->out[i], r)) trace_texts_to_run(pl, b->win, pr, &b->out[i], r);
        }
    for (int i = 0; i < pl->plan->npol; i++) {
        const xf_plan_policy *pr = &pl->plan->pol[i];
        xf_out *out = &b->out[i];
        batch_traces *t = &b->tr[i];
        int64_t rows = b->win->tab[pr->table].nrows;
        if (!out->ntrace) continue;
        if (rows > t->rows) {
            uint32_t *off = realloc(t->off, sizeof *off * (size_t)rows);
            if (off) t->off = off;
            uint32_t *len = off ? realloc(t->len, sizeof *len * (size_t)rows) : NULL;
            if (!len) return -1;
            t->len = len, t->rows = rows;
        }
        size_t o = 0, bound = xf_trace_bound(out->ntrace);
        for (int64_t r = 0; r < rows; r++) {
            t->off[r] = (uint32_t)o, t->len[r] = 0;
            if (!governed(out, r)) continue;
            if (o + bound > t->cap || o + bound > UINT32_MAX) {
                size_t cap = t->cap ? t->cap * 2 : 64 * 1024;
                while (cap < o + bound) cap *= 2;
                uint8_t *p = o + bound <= UINT32_MAX ? realloc(t->bytes, cap) : NULL;
                if (!p) return -1;
                t->bytes = p, t->cap = cap;
            }
            t->len[r] = (uint32_t)xf_trace_encode(out->tval + r * out->ntrace, out->tstate + r * out->ntrace,
                                                  out->ntrace, t->bytes + o);
            o += t->len[r];
        }
    }
    return 0;
}

void batch_traces_free(batch_traces *t) {
    free(t->bytes), free(t->off), free(t->len);
    memset(t, 0, sizeof *t);
}

/* Rows r0..r1-1 of the policy's subject table (also `xiufu diff`'s examples). */
int pipeline_write_rows(pipeline *pl, const xf_db *db, const xf_plan_policy *pr, xf_out *out,
                        const batch_traces *tr, int64_t r0, int64_t r1) {
    const xf_plan *plan = pl->plan;
    int jsonl = pl->jsonl;
    write_buf *wb = &pl->wb;
    char *json = wb->json;
    size_t json_cap = wb->json_cap;
    uint8_t *blob = wb->blob;
    const int *map = pr->field_map;
    int64_t fval[256];
    uint8_t fhas[256];
    const char *table_name = plan->specs[pr->table].table;
    const xf_table *tab = &db->tab[pr->table];
    int uscc_slot = plan->uscc_slot;
    const xf_table *ent = &db->tab[0];
    for (int64_t r = r0; r < r1; r++) {
        int outcome = out->outcome[r], st = out->step[r], err = out->err[r];
        if (!governed(out, r)) continue;
        if (st == XF_STEP_NONE_APPLIED && !err) err = XF_RT_NO_OUTCOME;
        const int64_t *tv = out->tval + r * out->ntrace;
        const uint8_t *ts = out->tstate + r * out->ntrace;
        const uint8_t *trace = blob;
        size_t blob_len = 0;
        if (out->ntrace && tr) {
            trace = tr->bytes + tr->off[r], blob_len = tr->len[r];
        } else if (out->ntrace) {
            if (pr->has_text_slot) trace_texts_to_run(pl, db, pr, out, r);
            if (jsonl) xf_trace_json(pr->meta, out->ntrace, tv, ts, pl->run_texts, json, json_cap);
            else blob_len = xf_trace_encode(tv, ts, out->ntrace, blob);
        }
        int64_t e = tab->ent[r];
        memset(fhas, 0, sizeof fhas);
        for (int f = 0; f < pr->nfields && f < 256; f++) {
            fval[map[f]] = out->fval[r * pr->nfields + f];
            fhas[map[f]] = out->fhas[r * pr->nfields + f];
        }
        xf_decision_row d = {
            .policy = pr->name,
            .subject_table = table_name,
            .subject_id = tab->row_id[r],
            .uscc = xf_texts_str(db->texts, ent->val[uscc_slot][e]),
            .outcome = outcome >= 0 ? xf_outcome_code[outcome] : NULL,
            .step = st >= 0 ? st + 1 : 0,
            .basis = st >= 0 ? pr->step_basis[st] : NULL,
            .error = xf_decision_error(err),
            .trace = blob_len ? trace : NULL,
            .trace_len = blob_len,
            .trace_json = out->ntrace && jsonl ? json : NULL,
            .nfields = plan->ncols,
            .fields = plan->cols,
            .fval = fval,
            .fhas = fhas,
        };
        if (xf_writer_decision(pl->w, db->texts, &d, &pl->errmsg) != 0) return -1;
        if (pl->progress) atomic_fetch_add_explicit(&pl->progress->written, 1, memory_order_relaxed);
        pl->sum->subjects++;
        if (pl->decided) pl->decided[pr - plan->pol]++;
        if (outcome >= 0) pl->sum->by_outcome[outcome]++;
        if (err) pl->sum->runtime_errors++;
    }
    return 0;
}

/* ---- the writer's thread ----
 *
 * Deciding a batch and writing the one before it go on at once: the main
 * thread (with the deciding threads) fills one batch while the writer's
 * thread writes the other.  A partition stays until its last batch is
 * written; the writer lets it go. */


/* The pairs of policies whose decisions on one record are compared. */
static void make_pairs(pipeline *pl) {
    const xf_plan *p = pl->plan;
    pl->npairs = 0;
    for (int i = 0; i < p->npol; i++)
        for (int j = i + 1; j < p->npol && pl->npairs < 256; j++)
            if (p->pol[i].table == p->pol[j].table && xf_plan_may_conflict(p, i, j))
                pl->pair[pl->npairs][0] = (short)i, pl->pair[pl->npairs][1] = (short)j, pl->npairs++;
    pl->pairs_made = 1;
}

/* Records of entity e two policies decided with different outcomes. */
static void count_conflicts(pipeline *pl, batch *b, int64_t e) {
    xf_run_summary *s = pl->sum;
    for (int k = 0; k < pl->npairs; k++) {
        int i = pl->pair[k][0], j = pl->pair[k][1];
        const xf_table *tab = &b->win->tab[pl->plan->pol[i].table];
        for (int64_t r = tab->first[e]; r < tab->first[e + 1]; r++) {
            int oa = b->out[i].outcome[r], ob = b->out[j].outcome[r];
            if (oa < 0 || ob < 0 || oa == ob) continue;
            if (!s->conflicts++) {
                s->conflict_a = pl->plan->pol[i].name, s->conflict_b = pl->plan->pol[j].name;
                s->conflict_table = pl->plan->specs[pl->plan->pol[i].table].table;
                s->conflict_id = tab->row_id[r];
                s->conflict_outcome_a = oa, s->conflict_outcome_b = ob;
            }
        }
    }
}

int run_begin(xf_writer *w, xf_plan *plan, int64_t as_of, const char *records, const char *engine, char **errmsg) {
    char hash[65], started[32], day[11], name[XF_RUN_NAME_MAX];
    xf_plan_source_hash(plan, hash);
    const xf_bound *bd = plan->bound;
    xf_run_source *files = xf_arena_alloc(&plan->arena, sizeof *files * (size_t)(bd->nsrc + 1));
    if (!files) return -1;
    for (int i = 0; i < bd->nsrc; i++) files[i] = (xf_run_source){bd->src[i].path, bd->src[i].text, bd->src[i].len};
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    time_t now = ts.tv_sec;
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%S", localtime(&now));
    xf_run_name(&ts, hash, name);
    xf_date_format(as_of, day);
    if (plan->ncols > 256) return -1;  /* the writer's room for a decision's fields */
    char *names = xf_plan_policy_names(plan);
    xf_run_info info = {.started = started, .as_of = day, .policy = names, .policy_hash = hash,
                        .sources = files, .nsources = bd->nsrc, .records = records, .engine = engine, .name = name};
    int rc = names ? xf_writer_begin(w, &info, plan->ncols, plan->cols, errmsg) : -1;
    free(names);
    if (rc != 0) return -1;
    for (int i = 0; i < plan->npol; i++) {
        const xf_plan_policy *q = &plan->pol[i];
        if (q->prog->ntrace && xf_writer_trace_meta(w, q->name, q->prog->ntrace, q->meta, errmsg) != 0) return -1;
    }
    return 0;
}

int batch_write(pipeline *pl, batch *b) {
    double t = xf_now_seconds();
    if (!pl->pairs_made) make_pairs(pl);
    /* entity by entity, its policies in order: the order of the stored key,
     * and the same whatever the batches and partitions */
    for (int64_t e = 0; e < b->win->nent; e++)
        for (int i = 0; i < pl->plan->npol; i++) {
            const xf_table *tab = &b->win->tab[pl->plan->pol[i].table];
            if (tab->first[e] < tab->first[e + 1] &&
                pipeline_write_rows(pl, b->win, &pl->plan->pol[i], &b->out[i], b->encoded ? &b->tr[i] : NULL,
                                    tab->first[e], tab->first[e + 1]) != 0)
                return -1;
        }
    for (int64_t e = 0; pl->npairs && e < b->win->nent; e++) count_conflicts(pl, b, e);
    if (!pl->keep) {  /* a batch owns its partition only when it is the last */
        xf_part_window_free(b->win);
        if (b->last) xf_part_free(b->part);
        b->win = b->part = NULL;
    }
    pl->write_seconds += xf_now_seconds() - t;
    return 0;
}

void *writer_main(void *arg) {
    pipeline *pl = arg;
    pthread_setname_np(pthread_self(), "xiufu-write");
    for (;;) {
        pthread_mutex_lock(&pl->lock);
        batch *b = &pl->b[pl->drain];
        while (!b->full && !pl->done) pthread_cond_wait(&pl->cv, &pl->lock);
        if (!b->full) {
            pthread_mutex_unlock(&pl->lock);
            return NULL;
        }
        pthread_mutex_unlock(&pl->lock);
        int r = pl->failed ? 0 : batch_write(pl, b);
        pthread_mutex_lock(&pl->lock);
        if (r) pl->failed = 1;
        b->full = 0;
        pl->drain ^= 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->lock);
    }
}

/* The batch to fill next, once the writer is done with it; NULL when
 * writing failed. */
batch *pipeline_take(pipeline *pl) {
    pthread_mutex_lock(&pl->lock);
    batch *b = &pl->b[pl->fill];
    while (b->full && !pl->failed) pthread_cond_wait(&pl->cv, &pl->lock);
    int failed = pl->failed;
    pthread_mutex_unlock(&pl->lock);
    return failed ? NULL : b;
}

void pipeline_give(pipeline *pl, batch *b) {
    pthread_mutex_lock(&pl->lock);
    b->full = 1;
    pl->fill ^= 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->lock);
}

/* No more batches: wait for the writer to finish. */
void pipeline_finish(pipeline *pl) {
    if (!pl->started) return;
    pthread_mutex_lock(&pl->lock);
    pl->done = 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->lock);
    pthread_join(pl->tid, NULL);
    pl->started = 0;
}

/* Room in b for every policy's decisions over the window's rows. */
int batch_reserve(batch *b, const xf_plan *p) {
    for (int i = 0; i < p->npol; i++) {
        int64_t rows = b->win->tab[p->pol[i].table].nrows;
        if (b->out[i].outcome && rows <= b->cap[i]) continue;
        xf_out_free(&b->out[i]);
        memset(&b->out[i], 0, sizeof b->out[i]);
        b->cap[i] = rows > 1024 ? rows : 1024;
        if (xf_out_alloc(&b->out[i], b->cap[i], p->pol[i].nfields, p->pol[i].prog->ntrace) != 0) return -1;
    }
    return 0;
}


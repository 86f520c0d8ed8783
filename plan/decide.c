/* decide.c — deciding a batch of entities on several threads (plan.h). */
#include <pthread.h>
#include <stdlib.h>

#include "interp.h"
#include "plan.h"

typedef struct job {
    xf_policy_fn   fn;
    const xf_prog *prog;   /* interpreter when fn is NULL */
    const xf_ctx  *ctx;
    int64_t        begin, end;
    xf_out        *out;
} job;

static void *run_job(void *arg) {
    job *j = arg;
    if (j->fn) j->fn(j->ctx, j->begin, j->end, j->out);
    else xf_interp_run(j->prog, j->ctx, j->begin, j->end, j->out);
    return NULL;
}

void xf_plan_decide(const xf_plan *p, int i, const xf_ctx *ctx, int64_t nent, int threads, xf_out *out) {
    xf_policy_fn fn = p->pol[i].fn;
    const xf_prog *prog = p->pol[i].prog;
    job jobs[64];
    pthread_t tid[64];
    int started[64] = {0};
    if (threads > 64) threads = 64;
    if (threads < 1) threads = 1;
    for (int t = 0; t < threads; t++) {
        jobs[t] = (job){fn, prog, ctx, nent * t / threads, nent * (t + 1) / threads, out};
        if (t > 0) started[t] = pthread_create(&tid[t], NULL, run_job, &jobs[t]) == 0;
    }
    run_job(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else run_job(&jobs[t]);  /* no thread to be had: do it here */
    }
}

int xf_out_alloc(xf_out *o, int64_t rows, int nfields, int ntrace) {
    size_t n = (size_t)(rows ? rows : 1);
    o->nfields = nfields;
    o->ntrace = ntrace;
    if (ntrace) {
        o->tval = malloc(n * (size_t)ntrace * sizeof *o->tval);
        o->tstate = malloc(n * (size_t)ntrace);
        if (!o->tval || !o->tstate) return -1;
    }
    o->outcome = malloc(n * sizeof *o->outcome);
    o->step = malloc(n * sizeof *o->step);
    o->req = malloc(n * sizeof *o->req);
    o->err = malloc(n * sizeof *o->err);
    o->fval = malloc(n * (size_t)(nfields ? nfields : 1) * sizeof *o->fval);
    o->fhas = malloc(n * (size_t)(nfields ? nfields : 1));
    return o->outcome && o->step && o->req && o->err && o->fval && o->fhas ? 0 : -1;
}

void xf_out_free(xf_out *o) {
    free(o->outcome), free(o->step), free(o->req), free(o->err), free(o->fval), free(o->fhas);
    free(o->tval), free(o->tstate);
}


const char *xf_decision_error(int code) {
    static const char *const text[XF_RT__COUNT] = {
#define X(c, e, z) z " / " e,
        XF_RT_ERRORS(X)
#undef X
    };
    return code > 0 && code < XF_RT__COUNT ? text[code] : NULL;
}

/* syncer.c — fdatasync on a thread of its own (syncer.h). */
#define _GNU_SOURCE /* pthread_setname_np */
#include "syncer.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct xf_syncer {
    int             fd;
    pthread_t       tid;
    int             started;  /* the thread runs: join it */
    int             wanted;   /* a kick not yet answered */
    int             stop;
    pthread_mutex_t lock;
    pthread_cond_t  cv;
};

static void *xf_syncer_main(void *arg) {
    xf_syncer *s = arg;
    pthread_setname_np(pthread_self(), "xiufu-sync");  /* for top -H and perf */
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->wanted && !s->stop) pthread_cond_wait(&s->cv, &s->lock);
        if (s->stop) break;
        s->wanted = 0;
        pthread_mutex_unlock(&s->lock);
        fdatasync(s->fd);  /* a failure shows again in COMMIT's own sync, which reports it */
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

xf_syncer *xf_syncer_open(const char *path) {
    xf_syncer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cv, NULL);
    return s;
}

void xf_syncer_kick(xf_syncer *s) {
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    if (!s->started) s->started = pthread_create(&s->tid, NULL, xf_syncer_main, s) == 0;
    s->wanted = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->lock);
}

void xf_syncer_close(xf_syncer *s) {
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    s->stop = 1;
    int started = s->started;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->lock);
    if (started) pthread_join(s->tid, NULL);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cv);
    close(s->fd);
    free(s);
}

/*
 * worker.c — the security layer's worker threads: work too slow for an
 * event loop (PLAIN's PBKDF2, ~10 ms per login) runs here instead, so a
 * burst of logins never stalls the connections that share a loop.
 *
 * Two threads are started on the first ck_sec_submit and joined by
 * ck_sec_free after the queue has drained.  Jobs run in submission order;
 * a job owns everything it touches (its submitter may be gone when it
 * runs), and reports back through whatever its function does (the Kafka
 * handlers wake their deferred request).
 */
#include "security/sec_int.h"

#include <pthread.h>

#define WORKERS 2

typedef struct job {
    struct job *next;
    void      (*fn)(void *arg);
    void       *arg;
} job;

struct ck_sec_workers {
    pthread_mutex_t mtx;
    pthread_cond_t  cv;
    job            *head, *tail;
    bool            stop;
    int             nthreads;
    pthread_t       threads[WORKERS];
};

static void *worker_main(void *arg)
{
    ck_sec_workers *w = arg;

    pthread_setname_np(pthread_self(), "chronik-secwork");
    pthread_mutex_lock(&w->mtx);
    for (;;) {
        job *j;

        while (w->head == NULL && !w->stop)
            pthread_cond_wait(&w->cv, &w->mtx);
        j = w->head;
        if (j == NULL)
            break;                     /* stopping and drained */
        w->head = j->next;
        if (w->head == NULL)
            w->tail = NULL;
        pthread_mutex_unlock(&w->mtx);
        j->fn(j->arg);
        ck_free(j);
        pthread_mutex_lock(&w->mtx);
    }
    pthread_mutex_unlock(&w->mtx);
    return NULL;
}

int ck_sec_submit(ck_sec *s, void (*fn)(void *arg), void *arg)
{
    ck_sec_workers *w;
    job            *j;

    pthread_mutex_lock(&s->workers_mtx);
    w = s->workers;
    if (w == NULL) {
        int i;

        w = ck_calloc(1, sizeof(*w));
        pthread_mutex_init(&w->mtx, NULL);
        pthread_cond_init(&w->cv, NULL);
        for (i = 0; i < WORKERS; i++) {
            if (pthread_create(&w->threads[w->nthreads], NULL, worker_main, w) == 0)
                w->nthreads++;
        }
        if (w->nthreads == 0) {
            pthread_cond_destroy(&w->cv);
            pthread_mutex_destroy(&w->mtx);
            ck_free(w);
            pthread_mutex_unlock(&s->workers_mtx);
            return CHRONIK_ERR_IO;
        }
        s->workers = w;
    }
    pthread_mutex_unlock(&s->workers_mtx);

    j = ck_calloc(1, sizeof(*j));
    j->fn = fn;
    j->arg = arg;
    pthread_mutex_lock(&w->mtx);
    if (w->tail != NULL)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mtx);
    return 0;
}

void ck_sec_workers_stop(ck_sec *s)
{
    ck_sec_workers *w = s->workers;
    int             i;

    if (w == NULL)
        return;
    pthread_mutex_lock(&w->mtx);
    w->stop = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mtx);
    for (i = 0; i < w->nthreads; i++)
        pthread_join(w->threads[i], NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mtx);
    ck_free(w);
    s->workers = NULL;
}

/*
 * vector_feature.c — vector search as a feature of the public layer and its
 * public calls: the instance (started at open after the engine recovered,
 * kept in an extension slot, stopped at close), topic events that wake the
 * worker, chronik_vector_set_embedder / _search / _stats, and the hooks of
 * tests and benchmarks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "vector/vector_int.h"

static const ck_ext_key vector_key = {"vector"};

ck_vector *ck_vector_of(ck_engine *eng) { return eng ? ck_engine_ext(eng, &vector_key) : NULL; }

int ck_vector_start(ck_engine *eng, char *err, size_t errlen) {
    const chronik_conf_t *conf = ck_engine_conf(eng);
    ck_vector *vs = ck_calloc(1, sizeof(*vs));
    vs->eng = eng;
    const char *data = ck_conf_str(conf, CK_BK_DATA_DIR);
    size_t n = strlen(data) + 16;
    vs->dir = ck_malloc(n);
    snprintf(vs->dir, n, "%s/vector", data);
    if (ck_mkdirs(vs->dir, 0755) != 0) {
        ck_errf(err, errlen, "cannot create %s: %s", vs->dir, strerror(errno));
        ck_free(vs->dir);
        ck_free(vs);
        return CHRONIK_ERR_IO;
    }
    pthread_mutex_init(&vs->lock, NULL);
    pthread_cond_init(&vs->cond, NULL);
    pthread_cond_init(&vs->progress_cond, NULL);
    pthread_rwlock_init(&vs->cb_lock, NULL);
    ck_map_init(&vs->topics);
    vs->batch_size = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_BATCH_SIZE);
    vs->concurrency = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_CONCURRENCY);
    vs->timeout_ms = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_REQUEST_TIMEOUT_MS);
    vs->retries = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_RETRIES);
    vs->backoff_ms = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_RETRY_BACKOFF_MS);
    vs->backoff_max_ms = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_RETRY_BACKOFF_MAX_MS);
    vs->persist_ms = ck_conf_num(conf, CK_BK_VECTOR_PERSIST_INTERVAL_MS);
    vs->tail_max = (int32_t)ck_conf_num(conf, CK_BK_VECTOR_QUERY_TAIL_MAX_RECORDS);
    ck_vec_openai_global_init();
    int rc = ck_engine_ext_set(eng, &vector_key, vs);
    if (rc == 0) rc = ck_vec_worker_start(vs);
    if (rc != 0) {
        ck_engine_ext_set(eng, &vector_key, NULL);
        ck_errf(err, errlen, "cannot start the vector worker");
        ck_map_free(&vs->topics);
        pthread_rwlock_destroy(&vs->cb_lock);
        pthread_cond_destroy(&vs->progress_cond);
        pthread_cond_destroy(&vs->cond);
        pthread_mutex_destroy(&vs->lock);
        ck_free(vs->dir);
        ck_free(vs);
    }
    return rc;
}

void ck_vector_stop(ck_engine *eng) {
    ck_vector *vs = ck_vector_of(eng);
    if (!vs) return;
    ck_vec_worker_stop(vs);
    ck_engine_ext_set(eng, &vector_key, NULL);
    ck_map_free(&vs->topics);
    pthread_rwlock_destroy(&vs->cb_lock);
    pthread_cond_destroy(&vs->progress_cond);
    pthread_cond_destroy(&vs->cond);
    pthread_mutex_destroy(&vs->lock);
    ck_free(vs->dir);
    ck_free(vs);
}

void ck_vector_topic_changed(ck_vector *vs, const char *topic) {
    (void)topic;
    if (!vs) return;
    pthread_mutex_lock(&vs->lock);
    vs->kick = true;
    pthread_cond_signal(&vs->cond);
    pthread_mutex_unlock(&vs->lock);
}

static int vector_feature_start(ck_engine *eng, char *err, size_t errlen) { return ck_vector_start(eng, err, errlen); }
static void vector_feature_stop(ck_engine *eng) { ck_vector_stop(eng); }
static void vector_feature_topic_event(ck_engine *eng, const char *topic, ck_topic_event ev) {
    (void)ev;
    ck_vector_topic_changed(ck_vector_of(eng), topic);
}

const ck_feature ck_vector_feature = {
    .name = "vector",
    .start = vector_feature_start,
    .stop = vector_feature_stop,
    .topic_event = vector_feature_topic_event,
};

/* ===================================================================== */
/* Tests and benchmarks                                                  */
/* ===================================================================== */

void ck_vector_test_pause(ck_vector *vs, bool paused) {
    pthread_mutex_lock(&vs->lock);
    vs->paused = paused;
    pthread_cond_signal(&vs->cond);
    pthread_mutex_unlock(&vs->lock);
}

int ck_vector_wait_indexed(ck_vector *vs, const char *topic, int timeout_ms) {
    ck_topic *t = ck_engine_topic_get(vs->eng, topic, strlen(topic));
    if (!t || ck_topic_deleted(t)) {
        if (t) ck_topic_release(t);
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    ck_vec_cfg cfg;
    ck_vec_cfg_read(vs->eng, t, &cfg);
    bool on = cfg.enabled;
    char sig[512];
    ck_vec_cfg_signature(&cfg, sig, sizeof(sig));
    ck_vec_cfg_free(&cfg);
    if (!on) {
        ck_topic_release(t);
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    int32_t np = ck_topic_partition_count(t);
    int64_t *hwm = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(int64_t));
    for (int32_t p = 0; p < np; p++) {
        ck_part_offsets o;
        ck_partition_offsets(ck_topic_partition(t, p), &o);
        hwm[p] = o.high_watermark;
    }
    int64_t deadline = ck_mono_ms() + timeout_ms;
    int rc = CHRONIK_ERR_TIMED_OUT;
    ck_vector_topic_changed(vs, topic);
    for (;;) {
        ck_vec_topic *vt = ck_vec_topic_get(vs, topic);
        if (vt) {
            bool done = true;
            pthread_rwlock_rdlock(&vt->rw);
            if (!vt->loaded || strcmp(vt->sig, sig) != 0 || vt->nparts < np) done = false;
            for (int32_t p = 0; done && p < np; p++) {
                ck_part_offsets o;
                ck_partition_offsets(ck_topic_partition(t, p), &o);
                if (CK_MAX(vt->parts[p].progress, o.log_start) < hwm[p]) done = false;
            }
            pthread_rwlock_unlock(&vt->rw);
            ck_vec_topic_release(vt);
            if (done) {
                rc = 0;
                break;
            }
        }
        int64_t left = deadline - ck_mono_ms();
        if (left <= 0) break;
        pthread_mutex_lock(&vs->lock);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)CK_MIN(left, 50) * 1000000L;
        while (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&vs->progress_cond, &vs->lock, &ts);
        pthread_mutex_unlock(&vs->lock);
    }
    ck_free(hwm);
    ck_topic_release(t);
    return rc;
}

/* ===================================================================== */
/* Public calls                                                          */
/* ===================================================================== */

chronik_err_t chronik_vector_set_embedder(chronik_t *chronik, chronik_vector_embed_fn fn, void *opaque) {
    ck_vector *vs = ck_vector_of(chronik);
    if (!vs) {
        ck_engine_set_errmsg("vector search is not running on this engine");
        return CHRONIK_ERR_UNSUPPORTED;
    }
    pthread_rwlock_wrlock(&vs->cb_lock);
    vs->cb = fn;
    vs->cb_opaque = fn ? opaque : NULL;
    pthread_rwlock_unlock(&vs->cb_lock);
    /* Topics waiting for an embedder may go on at once. */
    pthread_mutex_lock(&vs->lock);
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;
    while (ck_map_next(&vs->topics, &it, &k, &kl, &v)) ((ck_vec_topic *)v)->retry_at = 0;
    vs->kick = true;
    pthread_cond_signal(&vs->cond);
    pthread_mutex_unlock(&vs->lock);
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

static chronik_err_t api_fail(const ck_vec_error *e) {
    ck_engine_set_errmsg("%s", e->reason);
    return (chronik_err_t)e->rc;
}

chronik_err_t chronik_vector_search(chronik_t *chronik, const char *topic, const char *request_json,
                                    char **response_json) {
    if (response_json) *response_json = NULL;
    if (!chronik || !topic || !request_json || !response_json) {
        ck_engine_set_errmsg("chronik, topic, request_json and response_json must not be NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_vector *vs = ck_vector_of(chronik);
    if (!vs) {
        ck_engine_set_errmsg("vector search is not running on this engine");
        return CHRONIK_ERR_UNSUPPORTED;
    }
    ck_wb out;
    ck_wb_init(&out, 1024);
    ck_vec_error e;
    int rc = ck_vector_search(vs, topic, request_json, strlen(request_json), &out, &e);
    if (rc != 0) {
        ck_wb_free(&out);
        return api_fail(&e);
    }
    ck_wb_i8(&out, 0);
    *response_json = (char *)out.buf;
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

chronik_err_t chronik_vector_stats(chronik_t *chronik, const char *topic, char **stats_json) {
    if (stats_json) *stats_json = NULL;
    if (!chronik || !topic || !stats_json) {
        ck_engine_set_errmsg("chronik, topic and stats_json must not be NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_vector *vs = ck_vector_of(chronik);
    if (!vs) {
        ck_engine_set_errmsg("vector search is not running on this engine");
        return CHRONIK_ERR_UNSUPPORTED;
    }
    ck_wb out;
    ck_wb_init(&out, 1024);
    ck_vec_error e;
    int rc = ck_vector_stats_json(vs, topic, &out, &e);
    if (rc != 0) {
        ck_wb_free(&out);
        return api_fail(&e);
    }
    ck_wb_i8(&out, 0);
    *stats_json = (char *)out.buf;
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

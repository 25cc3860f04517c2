/*
 * worker.c — the indexing worker of lib/vector: one thread that tails every
 * vector-enabled topic like a consumer (woken by ck_partition_watch when a
 * high watermark advances, and every 200 ms), embeds what it reads with the
 * topic's provider and adds the vectors to the topic's HNSW graph, labelled
 * (partition, offset).  It is the only writer of a topic's graph, label
 * tables and progress: it takes the topic's write lock only to add (in
 * small slices, so queries wait little) and to delete, and publishes the
 * progress together with the vectors, so a query's snapshot never counts a
 * record twice or misses one.
 *
 * Per step and topic it: reloads the index when the vector configuration's
 * signature changed (a rebuild), marks deleted the vectors below each
 * partition's log start (retention, DeleteRecords) and compacts the graph
 * when deletions outnumber live vectors, reads up to one chunk of records
 * past the progress, embeds them (vector.source=embed) or parses their
 * vectors (field), adds them, and writes the index every
 * vector.persist.interval.ms.  A provider failure leaves the progress where
 * it was and puts the topic in its error state with an exponential backoff.
 *
 * The topic list is re-read every 200 ms and at once after a topic event:
 * new vector topics are opened, disabled ones closed (their files kept),
 * deleted ones closed and their files removed; files of topics deleted
 * while the engine was down are removed on the first pass.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vector/vector_int.h"

#define W_POLL_MS 200
#define W_READ_BYTES ((size_t)1 << 20)
#define W_ADD_SLICE 64          /* vectors added per write-lock hold */
#define W_NICE 10

/* ===================================================================== */
/* Topic objects                                                         */
/* ===================================================================== */

static void vt_free(ck_vec_topic *vt) {
    for (int32_t i = 0; i < vt->nwatch; i++) ck_partition_unwatch(&vt->watches[i]);
    ck_free(vt->watches);
    ck_hnsw_free(vt->index);
    for (int32_t p = 0; p < vt->nparts; p++) {
        ck_free(vt->parts[p].off);
        ck_free(vt->parts[p].ts);
    }
    ck_free(vt->parts);
    ck_vec_cfg_free(&vt->cfg);
    if (vt->topic) ck_topic_release(vt->topic);
    pthread_rwlock_destroy(&vt->rw);
    ck_free(vt->name);
    ck_free(vt->path);
    ck_free(vt->meta_path);
    ck_free(vt);
}

void ck_vec_topic_release(ck_vec_topic *vt) {
    if (vt && atomic_fetch_sub(&vt->refs, 1) == 1) vt_free(vt);
}

ck_vec_topic *ck_vec_topic_get(ck_vector *vs, const char *name) {
    pthread_mutex_lock(&vs->lock);
    ck_vec_topic *vt = ck_map_get(&vs->topics, name, strlen(name));
    if (vt) atomic_fetch_add(&vt->refs, 1);
    pthread_mutex_unlock(&vs->lock);
    return vt;
}

void ck_vec_topic_fail(ck_vec_topic *vt, const char *msg) {
    ck_vector *vs = vt->vs;
    pthread_mutex_lock(&vs->lock);
    bool first = vt->state != CK_VEC_ST_ERROR;
    if (first) vt->error_since = ck_now_ms();
    vt->state = CK_VEC_ST_ERROR;
    vt->failures_in_row++;
    snprintf(vt->last_error, sizeof(vt->last_error), "%s", msg);
    int64_t b = vt->backoff_ms ? vt->backoff_ms * 2 : vs->backoff_ms;
    vt->backoff_ms = CK_MIN(b, (int64_t)vs->backoff_max_ms);
    vt->retry_at = ck_mono_ms() + vt->backoff_ms;
    int64_t back = vt->backoff_ms;
    pthread_mutex_unlock(&vs->lock);
    if (first) CK_WARN(CK_VEC_SUB, "%s: embedding failed, retrying in %lld ms: %s", vt->name, (long long)back, msg);
    else CK_DEBUG(CK_VEC_SUB, "%s: embedding failed again, retrying in %lld ms: %s", vt->name, (long long)back, msg);
}

void ck_vec_topic_ok(ck_vec_topic *vt) {
    ck_vector *vs = vt->vs;
    pthread_mutex_lock(&vs->lock);
    bool was = vt->state == CK_VEC_ST_ERROR;
    vt->state = CK_VEC_ST_OK;
    vt->failures_in_row = 0;
    vt->backoff_ms = 0;
    vt->retry_at = 0;
    pthread_mutex_unlock(&vs->lock);
    if (was) CK_INFO(CK_VEC_SUB, "%s: embedding works again; indexing resumes", vt->name);
}

static void watch_cb(void *opaque, ck_partition *p) {
    ck_vector *vs = opaque;
    (void)p;
    pthread_mutex_lock(&vs->lock);
    vs->data = true;
    pthread_cond_signal(&vs->cond);
    pthread_mutex_unlock(&vs->lock);
}

/* Sizes label tables and watches to the topic's partition count. */
static void vt_resize(ck_vec_topic *vt) {
    int32_t np = ck_topic_partition_count(vt->topic);
    if (np == vt->nwatch && np == vt->nparts) return;
    for (int32_t i = 0; i < vt->nwatch; i++) ck_partition_unwatch(&vt->watches[i]);
    ck_free(vt->watches);
    if (np > vt->nparts) {
        pthread_rwlock_wrlock(&vt->rw);
        vt->parts = ck_realloc(vt->parts, (size_t)np * sizeof(ck_vec_part));
        memset(vt->parts + vt->nparts, 0, (size_t)(np - vt->nparts) * sizeof(ck_vec_part));
        vt->nparts = np;
        pthread_rwlock_unlock(&vt->rw);
    }
    vt->watches = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(ck_watch));
    vt->nwatch = np;
    for (int32_t i = 0; i < np; i++) {
        vt->watches[i].cb = watch_cb;
        vt->watches[i].opaque = vt->vs;
        ck_partition_watch(ck_topic_partition(vt->topic, i), &vt->watches[i]);
    }
}

static ck_vec_topic *vt_add(ck_vector *vs, ck_topic *t) {
    ck_vec_topic *vt = ck_calloc(1, sizeof(*vt));
    vt->vs = vs;
    vt->name = ck_strdup(ck_topic_name(t));
    memcpy(vt->id, ck_topic_id(t), 16);
    size_t n = strlen(vs->dir) + strlen(vt->name) + 8;
    vt->path = ck_malloc(n);
    snprintf(vt->path, n, "%s/%s.hnsw", vs->dir, vt->name);
    vt->meta_path = ck_malloc(n);
    snprintf(vt->meta_path, n, "%s/%s.meta", vs->dir, vt->name);
    ck_topic_keep(t);
    vt->topic = t;
    pthread_rwlock_init(&vt->rw, NULL);
    atomic_init(&vt->refs, 1);
    vt->state = CK_VEC_ST_LOADING;
    ck_vec_cfg_read(vs->eng, t, &vt->cfg);
    vt_resize(vt);
    pthread_mutex_lock(&vs->lock);
    ck_map_put(&vs->topics, vt->name, strlen(vt->name), vt);
    pthread_mutex_unlock(&vs->lock);
    CK_DEBUG(CK_VEC_SUB, "indexing %s", vt->name);
    return vt;
}

/* Removes vt from the map; its files too when remove. */
static void vt_drop(ck_vector *vs, ck_vec_topic *vt, bool remove, bool save) {
    if (save && vt->loaded && vt->dirty) ck_vec_store_save(vt);
    pthread_mutex_lock(&vs->lock);
    ck_map_del(&vs->topics, vt->name, strlen(vt->name));
    pthread_cond_broadcast(&vs->progress_cond);
    pthread_mutex_unlock(&vs->lock);
    for (int32_t i = 0; i < vt->nwatch; i++) ck_partition_unwatch(&vt->watches[i]);
    vt->nwatch = 0;
    if (remove) {
        CK_DEBUG(CK_VEC_SUB, "removing the vector index of %s", vt->name);
        ck_vec_store_remove(vt->path, vt->meta_path);
    }
    ck_vec_topic_release(vt);
}

/* ===================================================================== */
/* Topic list                                                            */
/* ===================================================================== */

static void sweep_stale(ck_vector *vs) {
    DIR *d = opendir(vs->dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        size_t cut = 0;
        if (n > 5 && !strcmp(de->d_name + n - 5, ".hnsw")) cut = 5;
        else if (n > 5 && !strcmp(de->d_name + n - 5, ".meta")) cut = 5;
        else if (n > 9 && !strcmp(de->d_name + n - 9, ".hnsw.tmp")) cut = 9;
        else if (n > 9 && !strcmp(de->d_name + n - 9, ".meta.tmp")) cut = 9;
        if (!cut) continue;
        char path[4200];
        snprintf(path, sizeof(path), "%s/%s", vs->dir, de->d_name);
        ck_topic *t = ck_engine_topic_get(vs->eng, de->d_name, n - cut);
        if (t && !ck_topic_deleted(t)) { /* its own load deals with leftovers */
            ck_topic_release(t);
            continue;
        }
        if (t) ck_topic_release(t);
        unlink(path);
    }
    closedir(d);
}

static void sync_topics(ck_vector *vs) {
    size_t n = 0;
    ck_topic **list = ck_engine_topic_list(vs->eng, &n);
    ck_map seen;
    ck_map_init(&seen);
    for (size_t i = 0; i < n; i++) {
        ck_topic *t = list[i];
        const char *name = ck_topic_name(t);
        if (ck_topic_deleted(t)) continue;
        ck_topic_conf tc;
        ck_topic_conf_snapshot(t, &tc);
        bool on = ck_topic_conf_num(&tc, ck_engine_conf(vs->eng), CK_TK_VECTOR_ENABLED) != 0;
        ck_topic_conf_free(&tc);
        pthread_mutex_lock(&vs->lock);
        ck_vec_topic *vt = ck_map_get(&vs->topics, name, strlen(name));
        pthread_mutex_unlock(&vs->lock);
        if (vt && memcmp(vt->id, ck_topic_id(t), 16) != 0) {
            vt_drop(vs, vt, true, false); /* re-created under the same name */
            vt = NULL;
        }
        if (!on) {
            if (vt) vt_drop(vs, vt, false, true);
            continue;
        }
        ck_map_put(&seen, name, strlen(name), t);
        if (!vt) {
            vt_add(vs, t);
        } else {
            vt_resize(vt);
            ck_vec_cfg_free(&vt->cfg);
            ck_vec_cfg_read(vs->eng, t, &vt->cfg);
        }
    }
    size_t it = 0, ndrop = 0;
    const char *k;
    size_t kl;
    void *v;
    pthread_mutex_lock(&vs->lock);
    ck_vec_topic **drop = ck_calloc(vs->topics.count + 1, sizeof(*drop));
    while (ck_map_next(&vs->topics, &it, &k, &kl, &v))
        if (!ck_map_get(&seen, k, kl)) drop[ndrop++] = v;
    pthread_mutex_unlock(&vs->lock);
    for (size_t i = 0; i < ndrop; i++) {
        ck_topic *t = ck_engine_topic_get(vs->eng, drop[i]->name, strlen(drop[i]->name));
        bool gone = !t || ck_topic_deleted(t) || memcmp(ck_topic_id(t), drop[i]->id, 16) != 0;
        if (t) ck_topic_release(t);
        vt_drop(vs, drop[i], gone, !gone);
    }
    ck_free(drop);
    ck_map_free(&seen);
    ck_topics_release(list, n);
    if (!vs->swept) {
        sweep_stale(vs);
        vs->swept = true;
    }
}

/* ===================================================================== */
/* One step of one topic                                                 */
/* ===================================================================== */

/* A record read for indexing. */
typedef struct w_item {
    int32_t part;
    int64_t off, ts;
    size_t  at, len;              /* text in the scratch buffer, or vector index */
} w_item;

typedef struct w_chunk {
    w_item  *it;
    size_t   n, cap;
    ck_wb    text;                /* texts, back to back */
    float   *vecs;                /* vector.source=field: n * dims */
    size_t   vcap;
    int64_t *pnext;               /* per partition: where reading stopped */
    uint64_t no_text, invalid;    /* records passed over (counted once the chunk is in) */
} w_chunk;

/* Marks deleted the vectors below each partition's log start. */
static bool apply_retention(ck_vec_topic *vt) {
    bool changed = false;
    for (int32_t p = 0; p < vt->nparts; p++) {
        ck_partition *pp = ck_topic_partition(vt->topic, p);
        if (!pp) continue;
        ck_part_offsets o;
        ck_partition_offsets(pp, &o);
        ck_vec_part *pt = &vt->parts[p];
        if ((pt->del < pt->n && pt->off[pt->del] < o.log_start) || pt->progress < o.log_start) {
            pthread_rwlock_wrlock(&vt->rw);
            while (pt->del < pt->n && pt->off[pt->del] < o.log_start) {
                if (vt->index) ck_hnsw_mark_deleted(vt->index, ck_vec_label(p, pt->off[pt->del]));
                pt->del++;
            }
            if (pt->progress < o.log_start) pt->progress = o.log_start;
            /* Reclaim the dead head of the table now and then. */
            if (pt->del > 4096 && pt->del * 2 > pt->n) {
                memmove(pt->off, pt->off + pt->del, (pt->n - pt->del) * sizeof(int64_t));
                memmove(pt->ts, pt->ts + pt->del, (pt->n - pt->del) * sizeof(int64_t));
                pt->n -= pt->del;
                pt->del = 0;
            }
            pthread_rwlock_unlock(&vt->rw);
            changed = true;
        }
    }
    if (vt->index && ck_hnsw_deleted(vt->index) > 1024 &&
        ck_hnsw_deleted(vt->index) * 2 > ck_hnsw_count(vt->index)) {
        char err[300];
        ck_hnsw *fresh = ck_hnsw_compact(vt->index, err, sizeof(err));
        if (fresh) {
            pthread_rwlock_wrlock(&vt->rw);
            ck_hnsw *old = vt->index;
            vt->index = fresh;
            pthread_rwlock_unlock(&vt->rw);
            ck_hnsw_free(old);
            changed = true;
        } else {
            CK_WARN(CK_VEC_SUB, "%s: cannot compact the graph: %s", vt->name, err);
        }
    }
    return changed;
}

/* Reads records past the progress into c, at most max items. */
static void read_chunk(ck_vec_topic *vt, w_chunk *c, size_t max, ck_wb *buf) {
    const ck_vec_cfg *cfg = &vt->cfg;
    bool field = cfg->source == CK_VEC_SRC_FIELD;
    int32_t vdims = 0;
    for (int32_t p = 0; p < vt->nparts && c->n < max; p++) {
        ck_partition *pp = ck_topic_partition(vt->topic, p);
        if (!pp) continue;
        ck_part_offsets o;
        ck_partition_offsets(pp, &o);
        int64_t next = CK_MAX(vt->parts[p].progress, o.log_start);
        c->pnext[p] = next;
        bool full = false;
        while (next < o.high_watermark && !full) {
            ck_wb_reset(buf);
            int64_t after = next;
            ck_part_offsets o2;
            int rc = ck_partition_read_copy(pp, next, W_READ_BYTES, buf, &after, &o2);
            if (rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE && o2.log_start > next) {
                next = o2.log_start;
                c->pnext[p] = next;
                continue;
            }
            if (rc != 0 || after <= next) break;
            size_t pos = 0;
            while (pos + CK_BATCH_HEADER_SIZE <= buf->len && !full) {
                ck_batch_hdr h;
                const uint8_t *b = buf->buf + pos;
                if (ck_batch_hdr_read(b, buf->len - pos, &h) != 0 || ck_batch_size(&h) > buf->len - pos) break;
                pos += ck_batch_size(&h);
                int64_t last = ck_batch_last_offset(&h);
                if (last < next) continue;
                if (h.base_offset >= o.high_watermark) break;
                if (!ck_batch_is_control(&h)) {
                    ck_rec_iter it;
                    if (ck_rec_iter_init(&it, b, ck_batch_size(&h), (size_t)256 << 20) == 0) {
                        ck_rec rec;
                        while (ck_rec_iter_next(&it, &rec) == 1) {
                            if (rec.offset < next || rec.offset >= o.high_watermark) continue;
                            if (c->n >= max) {
                                full = true;
                                break;
                            }
                            next = rec.offset + 1;
                            w_item wi = {p, rec.offset, rec.timestamp, 0, 0};
                            if (field) {
                                int32_t d = 0;
                                float *tmp = NULL;
                                size_t tcap = 0;
                                if (!ck_vec_record_vector(rec.value, rec.value_len, cfg->field, &tmp, &tcap, &d) ||
                                    (vdims && d != vdims) || (vt->dims && d != vt->dims) ||
                                    (cfg->dims && d != cfg->dims) ||
                                    (cfg->metric == CK_VEC_COSINE && !ck_vec_normalize(tmp, d))) {
                                    c->invalid++;
                                    ck_free(tmp);
                                    continue;
                                }
                                vdims = d;
                                if ((c->n + 1) * (size_t)d > c->vcap) {
                                    c->vcap = CK_MAX((c->n + 1) * (size_t)d, c->vcap * 2);
                                    c->vecs = ck_realloc(c->vecs, c->vcap * sizeof(float));
                                }
                                memcpy(c->vecs + c->n * (size_t)d, tmp, (size_t)d * sizeof(float));
                                wi.len = (size_t)d;
                                ck_free(tmp);
                            } else {
                                const char *txt;
                                size_t tl;
                                size_t mark = c->text.len;
                                if (!ck_vec_record_text(rec.value, rec.value_len, cfg->field, &c->text, &txt, &tl)) {
                                    c->text.len = mark;
                                    c->no_text++;
                                    continue;
                                }
                                if (txt < (const char *)c->text.buf ||
                                    txt >= (const char *)c->text.buf + c->text.len + 1) {
                                    wi.at = c->text.len;
                                    ck_wb_put(&c->text, txt, tl);
                                } else {
                                    wi.at = (size_t)(txt - (const char *)c->text.buf);
                                }
                                wi.len = tl;
                            }
                            if (c->n == c->cap) {
                                c->cap = c->cap ? c->cap * 2 : 256;
                                c->it = ck_realloc(c->it, c->cap * sizeof(w_item));
                            }
                            c->it[c->n++] = wi;
                        }
                    }
                    ck_rec_iter_free(&it);
                }
                if (!full) next = CK_MAX(next, CK_MIN(last + 1, o.high_watermark));
            }
            if (!full && pos >= buf->len && after > next && after <= o.high_watermark) next = after;
            c->pnext[p] = next;
        }
    }
}

/* Adds the chunk's vectors (vecs: n * dims, ok[i]) to vt, publishing the
 * progress with them slice by slice.  0, or -1 with err. */
static int add_chunk(ck_vec_topic *vt, w_chunk *c, const float *vecs, const bool *ok, int32_t dims, char *err,
                     size_t errlen) {
    size_t i = 0;
    int rc = 0;
    if (!vt->index && c->n > 0) {
        size_t est = 1024;
        for (int32_t p = 0; p < vt->nparts; p++) {
            ck_part_offsets o;
            ck_partition_offsets(ck_topic_partition(vt->topic, p), &o);
            est += (size_t)CK_MAX(0, o.high_watermark - vt->parts[p].progress);
        }
        int space = vt->cfg.metric == CK_VEC_L2 ? CK_HNSW_L2 : CK_HNSW_IP;
        ck_hnsw *h = ck_hnsw_new(space, dims, est, vt->cfg.m, vt->cfg.ef_construction, 100, err, errlen);
        if (!h) return -1;
        pthread_rwlock_wrlock(&vt->rw);
        vt->index = h;
        vt->dims = dims;
        pthread_rwlock_unlock(&vt->rw);
    }
    do {
        size_t end = CK_MIN(c->n, i + W_ADD_SLICE);
        pthread_rwlock_wrlock(&vt->rw);
        for (; i < end; i++) {
            const w_item *wi = &c->it[i];
            if (!ok[i]) {
                atomic_fetch_add_explicit(&vt->no_text, 1, memory_order_relaxed);
                continue;
            }
            if ((uint64_t)wi->off > CK_VEC_OFFSET_MASK) continue;
            if (ck_hnsw_add(vt->index, vecs + i * (size_t)dims, ck_vec_label(wi->part, wi->off), err, errlen) != 0) {
                rc = -1;
                break;
            }
            ck_vec_part_push(&vt->parts[wi->part], wi->off, wi->ts);
            atomic_fetch_add_explicit(&vt->indexed_total, 1, memory_order_relaxed);
        }
        if (rc == 0) {
            /* Progress: up to the first record not added yet. */
            for (int32_t p = 0; p < vt->nparts; p++) {
                int64_t upto = c->pnext[p];
                if (i < c->n && c->it[i].part == p) upto = c->it[i].off;
                else if (i < c->n && c->it[i].part < p) continue; /* not reached yet */
                if (upto > vt->parts[p].progress) vt->parts[p].progress = upto;
            }
        }
        pthread_rwlock_unlock(&vt->rw);
    } while (rc == 0 && i < c->n);
    if (c->n == 0) {
        /* Only records without text: move past them. */
        pthread_rwlock_wrlock(&vt->rw);
        for (int32_t p = 0; p < vt->nparts; p++)
            if (c->pnext[p] > vt->parts[p].progress) vt->parts[p].progress = c->pnext[p];
        pthread_rwlock_unlock(&vt->rw);
    }
    return rc;
}

/* One step of vt: returns the records consumed (indexed or skipped). */
static int64_t vt_step(ck_vector *vs, ck_vec_topic *vt, ck_wb *buf) {
    int64_t now = ck_mono_ms();
    if (vt->retry_at && now < vt->retry_at) return 0;
    char sig[512];
    ck_vec_cfg_signature(&vt->cfg, sig, sizeof(sig));
    if (!vt->loaded || strcmp(sig, vt->sig) != 0) {
        pthread_rwlock_wrlock(&vt->rw);
        ck_hnsw_free(vt->index);
        vt->index = NULL;
        if (vt->loaded) CK_INFO(CK_VEC_SUB, "%s: its vector configuration changed: rebuilding the index", vt->name);
        ck_vec_store_load(vt, sig);
        pthread_rwlock_unlock(&vt->rw);
        vt->dirty = false;
        vt->last_persist = now;
        pthread_mutex_lock(&vs->lock);
        if (vt->state == CK_VEC_ST_LOADING) vt->state = CK_VEC_ST_OK;
        pthread_mutex_unlock(&vs->lock);
    }
    if (apply_retention(vt)) vt->dirty = true;

    size_t max = (size_t)CK_MAX(256, vs->batch_size * (vt->cfg.provider == CK_VEC_PROV_OPENAI ? vs->concurrency : 4));
    w_chunk c;
    memset(&c, 0, sizeof(c));
    ck_wb_init(&c.text, 4096);
    c.pnext = ck_calloc((size_t)(vt->nparts > 0 ? vt->nparts : 1), sizeof(int64_t));
    for (int32_t p = 0; p < vt->nparts; p++) c.pnext[p] = vt->parts[p].progress;
    read_chunk(vt, &c, max, buf);
    int64_t consumed = 0;
    for (int32_t p = 0; p < vt->nparts; p++) consumed += c.pnext[p] - vt->parts[p].progress;

    float *vecs = NULL;
    bool *ok = ck_calloc(c.n ? c.n : 1, sizeof(bool));
    int32_t dims = vt->dims;
    char err[400] = "";
    int rc = 0;
    if (consumed > 0 && c.n > 0) {
        if (vt->cfg.source == CK_VEC_SRC_FIELD) {
            dims = (int32_t)c.it[0].len;
            vecs = c.vecs;
            c.vecs = NULL;
            for (size_t i = 0; i < c.n; i++) ok[i] = true;
        } else {
            ck_vec_texts tx;
            tx.n = c.n;
            tx.text = ck_malloc(c.n * sizeof(char *));
            tx.len = ck_malloc(c.n * sizeof(size_t));
            for (size_t i = 0; i < c.n; i++) {
                tx.text[i] = (const char *)c.text.buf + c.it[i].at;
                tx.len[i] = c.it[i].len;
            }
            if (dims <= 0) dims = ck_vec_cfg_dims(&vt->cfg);
            rc = ck_vec_embed(vs, vt->name, &vt->cfg, &tx, &dims, &vecs, ok, &vt->cnt, err, sizeof(err));
            ck_free(tx.text);
            ck_free(tx.len);
        }
    }
    if (rc == 0 && consumed > 0) {
        if (add_chunk(vt, &c, vecs, ok, dims, err, sizeof(err)) != 0) {
            CK_WARN(CK_VEC_SUB, "%s: %s", vt->name, err);
            rc = -1;
        } else {
            vt->dirty = true;
            atomic_fetch_add_explicit(&vt->no_text, c.no_text, memory_order_relaxed);
            atomic_fetch_add_explicit(&vt->invalid, c.invalid, memory_order_relaxed);
        }
    }
    if (rc != 0) {
        ck_vec_topic_fail(vt, err[0] ? err : "indexing failed");
        consumed = 0;
    } else if (c.n > 0 && vt->cfg.source == CK_VEC_SRC_EMBED) {
        ck_vec_topic_ok(vt);
    }
    ck_free(vecs);
    ck_free(ok);
    ck_free(c.it);
    ck_free(c.vecs);
    ck_free(c.pnext);
    ck_wb_free(&c.text);
    if (consumed > 0) {
        pthread_mutex_lock(&vs->lock);
        pthread_cond_broadcast(&vs->progress_cond);
        pthread_mutex_unlock(&vs->lock);
    }
    if (vt->dirty && vs->persist_ms > 0 && ck_mono_ms() - vt->last_persist >= vs->persist_ms) {
        if (ck_vec_store_save(vt) == 0) vt->dirty = false;
        vt->last_persist = ck_mono_ms();
    }
    return consumed;
}

/* ===================================================================== */
/* The thread                                                            */
/* ===================================================================== */

static ck_vec_topic **snapshot_topics(ck_vector *vs, size_t *n) {
    pthread_mutex_lock(&vs->lock);
    ck_vec_topic **arr = ck_calloc(vs->topics.count + 1, sizeof(*arr));
    size_t it = 0, k = 0;
    const char *key;
    size_t kl;
    void *v;
    while (ck_map_next(&vs->topics, &it, &key, &kl, &v)) {
        arr[k] = v;
        atomic_fetch_add(&arr[k]->refs, 1);
        k++;
    }
    pthread_mutex_unlock(&vs->lock);
    *n = k;
    return arr;
}

static void persist_all(ck_vector *vs) {
    size_t n;
    ck_vec_topic **arr = snapshot_topics(vs, &n);
    for (size_t i = 0; i < n; i++) {
        if (arr[i]->loaded && arr[i]->dirty && ck_vec_store_save(arr[i]) == 0) arr[i]->dirty = false;
        ck_vec_topic_release(arr[i]);
    }
    ck_free(arr);
}

static void *worker_main(void *arg) {
    ck_vector *vs = arg;
    int64_t last_sync = 0;
    uint64_t persist_req = 0;
    ck_wb buf;
    ck_wb_init(&buf, 0);
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), W_NICE) != 0)
        CK_DEBUG(CK_VEC_SUB, "worker: setpriority: %s", strerror(errno));
    pthread_mutex_lock(&vs->lock);
    while (!vs->stop) {
        bool do_sync = vs->kick || ck_mono_ms() - last_sync >= W_POLL_MS;
        bool paused = vs->paused;
        bool persist = vs->persist_req != persist_req;
        persist_req = vs->persist_req;
        vs->kick = false;
        vs->data = false;
        pthread_mutex_unlock(&vs->lock);
        if (do_sync) {
            sync_topics(vs);
            last_sync = ck_mono_ms();
        }
        if (persist) {
            persist_all(vs);
            pthread_mutex_lock(&vs->lock);
            vs->persist_done = persist_req;
            pthread_cond_broadcast(&vs->progress_cond);
            pthread_mutex_unlock(&vs->lock);
        }
        int64_t work = 0, soonest = W_POLL_MS;
        if (!paused) {
            size_t n;
            ck_vec_topic **arr = snapshot_topics(vs, &n);
            for (size_t i = 0; i < n; i++) {
                work += vt_step(vs, arr[i], &buf);
                if (arr[i]->retry_at) soonest = CK_MIN(soonest, CK_MAX(1, arr[i]->retry_at - ck_mono_ms()));
                ck_vec_topic_release(arr[i]);
            }
            ck_free(arr);
        }
        pthread_mutex_lock(&vs->lock);
        if (work == 0 && !vs->kick && !vs->data && !vs->stop && vs->persist_req == persist_req) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += (long)soonest * 1000000L;
            while (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&vs->cond, &vs->lock, &ts);
        }
    }
    pthread_mutex_unlock(&vs->lock);
    /* Write and close every index. */
    size_t n;
    ck_vec_topic **arr = snapshot_topics(vs, &n);
    for (size_t i = 0; i < n; i++) {
        vt_drop(vs, arr[i], false, true);
        ck_vec_topic_release(arr[i]);
    }
    ck_free(arr);
    ck_wb_free(&buf);
    return NULL;
}

int ck_vec_worker_start(ck_vector *vs) {
    if (pthread_create(&vs->thr, NULL, worker_main, vs) != 0) return CHRONIK_ERR_IO;
    vs->started = true;
    return 0;
}

void ck_vec_worker_stop(ck_vector *vs) {
    if (!vs->started) return;
    pthread_mutex_lock(&vs->lock);
    vs->stop = true;
    pthread_cond_broadcast(&vs->cond);
    pthread_mutex_unlock(&vs->lock);
    pthread_join(vs->thr, NULL);
    vs->started = false;
}

void ck_vector_persist_now(ck_vector *vs) {
    if (!vs) return;
    pthread_mutex_lock(&vs->lock);
    uint64_t want = ++vs->persist_req;
    pthread_cond_signal(&vs->cond);
    while (vs->persist_done < want && vs->started && !vs->stop) pthread_cond_wait(&vs->progress_cond, &vs->lock);
    pthread_mutex_unlock(&vs->lock);
}

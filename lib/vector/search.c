/*
 * search.c — the query side of lib/vector: k-NN searches (ck_vector_search),
 * a topic's stats and the /metrics families.
 *
 * A search parses its request, embeds the query text with the topic's
 * provider (or takes the given vector), then under the topic's read lock
 * searches the HNSW graph and copies the worker's progress; after the lock
 * it reads the tail — every record from that progress to the high
 * watermark — from the log, embeds it and scores it exactly, merges both
 * lists and reads the winners' records for _source.  Records the index
 * holds and records of the tail never overlap, so every acknowledged
 * record is seen exactly once.
 *
 * Filters (_partition, _offset, _timestamp) are applied to both.  On the
 * graph, a selective filter (few matching vectors) is answered exactly by
 * scoring the matching vectors; a broad one searches the graph for more
 * neighbours than asked and filters them, falling back to the exact scan
 * when too few pass.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "vector/vector_int.h"

#define S_DEFAULT_K 10
#define S_MAX_K 10000
#define S_EXACT_MAX 2048          /* matching vectors scored exactly */
#define S_READ_BYTES ((size_t)1 << 20)

static int vfail(ck_vec_error *e, int rc, int http, const char *type, const char *fmt, ...) CK_PRINTF(5, 6);
static int vfail(ck_vec_error *e, int rc, int http, const char *type, const char *fmt, ...) {
    e->rc = rc;
    e->http = http;
    snprintf(e->type, sizeof(e->type), "%s", type);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
    va_end(ap);
    return rc;
}

/* ===================================================================== */
/* Requests                                                              */
/* ===================================================================== */

typedef struct s_filter {
    bool     any;
    int64_t  plo, phi;            /* partitions (inclusive) */
    bool    *pset;                /* a list of partitions, or NULL */
    int32_t  npset;
    int64_t  olo, ohi;            /* offsets (inclusive) */
    int64_t  tlo, thi;            /* timestamps (inclusive) */
} s_filter;

typedef struct s_req {
    char    *text;
    size_t   tlen;
    float   *vec;
    int32_t  vdims;
    int64_t  k, ef;
    bool     source;
    s_filter f;
} s_req;

static void req_free(s_req *r) {
    ck_free(r->text);
    ck_free(r->vec);
    ck_free(r->f.pset);
}

/* A number or a range object into [*lo, *hi]. */
static int parse_range(const ck_vjson *d, int v, const char *name, int64_t *lo, int64_t *hi, ck_vec_error *e) {
    int64_t x;
    if (ck_vjson_int(d, v, &x)) {
        *lo = CK_MAX(*lo, x);
        *hi = CK_MIN(*hi, x);
        return 0;
    }
    if (ck_vjson_type(d, v) != CK_VJ_OBJECT)
        return vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                     "filter.%s must be an integer or a range object {\"gte\",\"gt\",\"lte\",\"lt\"}", name);
    int i = v + 1;
    for (int m = 0; m < ck_vjson_size(d, v); m++) {
        ck_wb key;
        ck_wb_init(&key, 8);
        ck_vjson_string(d, i, &key);
        ck_wb_i8(&key, 0);
        const char *k = (const char *)key.buf;
        int val = i + 1;
        int rc = 0;
        if (!ck_vjson_int(d, val, &x))
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "filter.%s.%s must be an integer", name, k);
        else if (!strcmp(k, "gte")) *lo = CK_MAX(*lo, x);
        else if (!strcmp(k, "gt")) *lo = CK_MAX(*lo, x == INT64_MAX ? x : x + 1);
        else if (!strcmp(k, "lte")) *hi = CK_MIN(*hi, x);
        else if (!strcmp(k, "lt")) *hi = CK_MIN(*hi, x == INT64_MIN ? x : x - 1);
        else
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                       "filter.%s: unknown bound \"%.40s\" (gte, gt, lte, lt)", name, k);
        ck_wb_free(&key);
        if (rc) return rc;
        i = ck_vjson_skip(d, val);
    }
    return 0;
}

static int parse_request(const char *js, size_t len, s_req *r, ck_vec_error *e) {
    memset(r, 0, sizeof(*r));
    r->k = S_DEFAULT_K;
    r->ef = -1;
    r->source = true;
    r->f.plo = r->f.olo = r->f.tlo = INT64_MIN;
    r->f.phi = r->f.ohi = r->f.thi = INT64_MAX;
    ck_vjson d;
    char perr[200];
    if (ck_vjson_parse(&d, js, len, perr, sizeof(perr)) != 0)
        return vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "parse_error", "%s", perr);
    int rc = 0;
    if (ck_vjson_type(&d, 0) != CK_VJ_OBJECT) {
        rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "the request must be a JSON object");
        goto out;
    }
    int i = 1;
    for (int m = 0; m < ck_vjson_size(&d, 0) && rc == 0; m++) {
        ck_wb kb;
        ck_wb_init(&kb, 16);
        ck_vjson_string(&d, i, &kb);
        ck_wb_i8(&kb, 0);
        const char *key = (const char *)kb.buf;
        int v = i + 1;
        if ((!strcmp(key, "query") && r->text) || (!strcmp(key, "vector") && r->vec)) {
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "\"%s\" is given twice", key);
        } else if (!strcmp(key, "query")) {
            ck_wb s;
            ck_wb_init(&s, 64);
            if (!ck_vjson_string(&d, v, &s))
                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "\"query\" must be a string");
            ck_wb_i8(&s, 0);
            r->text = (char *)s.buf;
            r->tlen = s.len - 1;
        } else if (!strcmp(key, "vector")) {
            if (ck_vjson_type(&d, v) != CK_VJ_ARRAY || ck_vjson_size(&d, v) == 0 ||
                ck_vjson_size(&d, v) > CK_VEC_MAX_DIMS) {
                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                           "\"vector\" must be a non-empty array of at most %d numbers", CK_VEC_MAX_DIMS);
            } else {
                r->vdims = ck_vjson_size(&d, v);
                r->vec = ck_malloc((size_t)r->vdims * sizeof(float));
                int x = v + 1;
                for (int32_t c = 0; c < r->vdims && rc == 0; c++, x = ck_vjson_skip(&d, x)) {
                    double dv;
                    if (!ck_vjson_double(&d, x, &dv) || fabs(dv) > 3.0e38)
                        rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "\"vector\"[%d] is not a number",
                                   (int)c);
                    else r->vec[c] = (float)dv;
                }
            }
        } else if (!strcmp(key, "k") || !strcmp(key, "size")) {
            if (!ck_vjson_int(&d, v, &r->k) || r->k < 1 || r->k > S_MAX_K)
                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "\"%s\" must be an integer in [1, %d]",
                           key, S_MAX_K);
        } else if (!strcmp(key, "ef_search") || !strcmp(key, "num_candidates")) {
            if (!ck_vjson_int(&d, v, &r->ef) || r->ef < 1 || r->ef > 100000)
                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                           "\"%s\" must be an integer in [1, 100000]", key);
        } else if (!strcmp(key, "_source")) {
            if (!ck_vjson_bool(&d, v, &r->source))
                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "\"_source\" must be true or false");
        } else if (!strcmp(key, "filter")) {
            if (ck_vjson_type(&d, v) != CK_VJ_OBJECT) {
                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "\"filter\" must be an object");
            } else {
                int fi = v + 1;
                for (int fm = 0; fm < ck_vjson_size(&d, v) && rc == 0; fm++) {
                    ck_wb fk;
                    ck_wb_init(&fk, 16);
                    ck_vjson_string(&d, fi, &fk);
                    ck_wb_i8(&fk, 0);
                    const char *f = (const char *)fk.buf;
                    int fv = fi + 1;
                    r->f.any = true;
                    if (!strcmp(f, "_partition") && ck_vjson_type(&d, fv) == CK_VJ_ARRAY) {
                        int x = fv + 1;
                        for (int c = 0; c < ck_vjson_size(&d, fv) && rc == 0; c++, x = ck_vjson_skip(&d, x)) {
                            int64_t pn;
                            if (!ck_vjson_int(&d, x, &pn) || pn < 0 || pn > 1000000) {
                                rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                                           "filter._partition lists a bad partition");
                                break;
                            }
                            if (pn >= r->f.npset) {
                                r->f.pset = ck_realloc(r->f.pset, (size_t)(pn + 1));
                                memset(r->f.pset + r->f.npset, 0, (size_t)(pn + 1 - r->f.npset));
                                r->f.npset = (int32_t)pn + 1;
                            }
                            r->f.pset[pn] = true;
                        }
                        if (!r->f.pset) r->f.phi = -1; /* an empty list matches nothing */
                    } else if (!strcmp(f, "_partition")) {
                        rc = parse_range(&d, fv, f, &r->f.plo, &r->f.phi, e);
                    } else if (!strcmp(f, "_offset")) {
                        rc = parse_range(&d, fv, f, &r->f.olo, &r->f.ohi, e);
                    } else if (!strcmp(f, "_timestamp")) {
                        rc = parse_range(&d, fv, f, &r->f.tlo, &r->f.thi, e);
                    } else {
                        rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                                   "unknown filter field \"%.60s\" (_partition, _offset, _timestamp)", f);
                    }
                    ck_wb_free(&fk);
                    fi = ck_vjson_skip(&d, fv);
                }
            }
        } else {
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                       "unknown field \"%.60s\" (query, vector, k, ef_search, filter, _source)", key);
        }
        ck_wb_free(&kb);
        i = ck_vjson_skip(&d, v);
    }
    if (rc == 0 && !r->text == !r->vec)
        rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                   "give exactly one of \"query\" (text) and \"vector\"");
out:
    ck_vjson_free(&d);
    return rc;
}

static bool part_ok(const s_filter *f, int32_t p) {
    if (p < f->plo || p > f->phi) return false;
    if (f->pset) return p < f->npset && f->pset[p];
    return true;
}

/* ===================================================================== */
/* Candidates                                                            */
/* ===================================================================== */

typedef struct s_hit {
    int32_t part;
    int64_t off, ts;
    float   dist;
} s_hit;

typedef struct s_hits {
    s_hit  *h;
    size_t  n, cap;
} s_hits;

static void hits_push(s_hits *hs, int32_t p, int64_t off, int64_t ts, float dist) {
    if (hs->n == hs->cap) {
        hs->cap = hs->cap ? hs->cap * 2 : 64;
        hs->h = ck_realloc(hs->h, hs->cap * sizeof(s_hit));
    }
    hs->h[hs->n++] = (s_hit){p, off, ts, dist};
}

static int hit_cmp(const void *a, const void *b) {
    const s_hit *x = a, *y = b;
    if (x->dist != y->dist) return x->dist < y->dist ? -1 : 1;
    if (x->part != y->part) return x->part < y->part ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* First index in [lo, hi) of pt->off >= off. */
static size_t lower(const ck_vec_part *pt, size_t lo, size_t hi, int64_t off) {
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pt->off[mid] < off) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The live entry of (p, off) in vt's tables, or -1. */
static int64_t entry_ts(const ck_vec_topic *vt, int32_t p, int64_t off, bool *found) {
    *found = false;
    if (p < 0 || p >= vt->nparts) return -1;
    const ck_vec_part *pt = &vt->parts[p];
    size_t i = lower(pt, pt->del, pt->n, off);
    if (i < pt->n && pt->off[i] == off) {
        *found = true;
        return pt->ts[i];
    }
    return -1;
}

/* Scores every live vector matching f exactly (rw read-held). */
static void exact_scan(const ck_vec_topic *vt, int metric, const float *q, const s_filter *f, s_hits *out) {
    for (int32_t p = 0; p < vt->nparts; p++) {
        if (!part_ok(f, p)) continue;
        const ck_vec_part *pt = &vt->parts[p];
        size_t i = f->olo > INT64_MIN ? lower(pt, pt->del, pt->n, f->olo) : pt->del;
        for (; i < pt->n && pt->off[i] <= f->ohi; i++) {
            if (pt->ts[i] < f->tlo || pt->ts[i] > f->thi) continue;
            const float *v = ck_hnsw_vector(vt->index, ck_vec_label(p, pt->off[i]));
            if (!v) continue;
            hits_push(out, p, pt->off[i], pt->ts[i], ck_vec_distance(metric, q, v, vt->dims));
        }
    }
}

static size_t count_matching(const ck_vec_topic *vt, const s_filter *f) {
    size_t m = 0;
    for (int32_t p = 0; p < vt->nparts; p++) {
        if (!part_ok(f, p)) continue;
        const ck_vec_part *pt = &vt->parts[p];
        size_t a = f->olo > INT64_MIN ? lower(pt, pt->del, pt->n, f->olo) : pt->del;
        size_t b = f->ohi < INT64_MAX ? lower(pt, a, pt->n, f->ohi == INT64_MAX ? f->ohi : f->ohi + 1) : pt->n;
        if (f->tlo == INT64_MIN && f->thi == INT64_MAX) {
            m += b - a;
            continue;
        }
        for (size_t i = a; i < b; i++)
            if (pt->ts[i] >= f->tlo && pt->ts[i] <= f->thi) m++;
    }
    return m;
}

/* The graph's best matches (rw read-held) into out. */
static void index_hits(const ck_vec_topic *vt, int metric, const float *q, size_t k, size_t ef, const s_filter *f,
                       s_hits *out) {
    if (!vt->index) return;
    size_t live = ck_hnsw_count(vt->index) - ck_hnsw_deleted(vt->index);
    if (live == 0) return;
    size_t want = k, matching = live;
    if (f->any) {
        matching = count_matching(vt, f);
        if (matching == 0) return;
        if (matching <= S_EXACT_MAX || matching * 20 <= live) {
            exact_scan(vt, metric, q, f, out);
            return;
        }
        want = CK_MIN(live, CK_MAX(k * 2, (size_t)((double)k * (double)live / (double)matching * 2.0)));
        want = CK_MIN(want, (size_t)20000);
    }
    want = CK_MIN(want, live);
    uint64_t *labels = ck_malloc(want * sizeof(uint64_t));
    float *dists = ck_malloc(want * sizeof(float));
    int64_t n = ck_hnsw_search(vt->index, q, want, CK_MAX(ef, want), labels, dists);
    size_t passed = 0;
    size_t start = out->n;
    for (int64_t i = 0; i < n; i++) {
        int32_t p = (int32_t)(labels[i] >> CK_VEC_PART_SHIFT);
        int64_t off = (int64_t)(labels[i] & CK_VEC_OFFSET_MASK);
        bool found;
        int64_t ts = entry_ts(vt, p, off, &found);
        if (!found) continue;
        if (f->any && (!part_ok(f, p) || off < f->olo || off > f->ohi || ts < f->tlo || ts > f->thi)) continue;
        hits_push(out, p, off, ts, dists[i]);
        passed++;
    }
    if (f->any && passed < k && passed < matching) {
        out->n = start;
        exact_scan(vt, metric, q, f, out);
    }
    ck_free(labels);
    ck_free(dists);
}

/* ===================================================================== */
/* The tail                                                              */
/* ===================================================================== */

typedef struct s_tail {
    int32_t *part;
    int64_t *off, *ts;
    size_t   n, cap;
    ck_wb    text;
    size_t  *at, *len;
    float   *vecs;                /* field: n * dims */
    size_t   vcap;
} s_tail;

static void tail_free(s_tail *t) {
    ck_free(t->part);
    ck_free(t->off);
    ck_free(t->ts);
    ck_free(t->at);
    ck_free(t->len);
    ck_free(t->vecs);
    ck_wb_free(&t->text);
}

static void tail_grow(s_tail *t) {
    if (t->n < t->cap) return;
    t->cap = t->cap ? t->cap * 2 : 256;
    t->part = ck_realloc(t->part, t->cap * sizeof(int32_t));
    t->off = ck_realloc(t->off, t->cap * sizeof(int64_t));
    t->ts = ck_realloc(t->ts, t->cap * sizeof(int64_t));
    t->at = ck_realloc(t->at, t->cap * sizeof(size_t));
    t->len = ck_realloc(t->len, t->cap * sizeof(size_t));
}

/* Reads the records of partition p in [from, to) matching f into t; at
 * most *budget of them (decremented).  *pending counts every record seen. */
static void read_tail(ck_topic *topic, const ck_vec_cfg *cfg, int32_t dims, int32_t p, int64_t from, int64_t to,
                      const s_filter *f, s_tail *t, int64_t *budget, bool *partial, ck_wb *buf) {
    ck_partition *pp = ck_topic_partition(topic, p);
    if (!pp) return;
    bool field = cfg->source == CK_VEC_SRC_FIELD;
    float *tmp = NULL;
    size_t tcap = 0;
    int64_t next = CK_MAX(from, f->olo);
    to = CK_MIN(to, f->ohi == INT64_MAX ? to : f->ohi + 1);
    while (next < to) {
        ck_wb_reset(buf);
        int64_t after = next;
        ck_part_offsets o;
        int rc = ck_partition_read_copy(pp, next, S_READ_BYTES, buf, &after, &o);
        if (rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE && o.log_start > next) {
            next = o.log_start;
            continue;
        }
        if (rc != 0 || after <= next) break;
        size_t pos = 0;
        while (pos + CK_BATCH_HEADER_SIZE <= buf->len) {
            ck_batch_hdr h;
            const uint8_t *b = buf->buf + pos;
            if (ck_batch_hdr_read(b, buf->len - pos, &h) != 0 || ck_batch_size(&h) > buf->len - pos) break;
            pos += ck_batch_size(&h);
            if (ck_batch_last_offset(&h) < next || ck_batch_is_control(&h)) continue;
            ck_rec_iter it;
            if (ck_rec_iter_init(&it, b, ck_batch_size(&h), (size_t)256 << 20) == 0) {
                ck_rec rec;
                while (ck_rec_iter_next(&it, &rec) == 1) {
                    if (rec.offset < next || rec.offset >= to) continue;
                    if (rec.timestamp < f->tlo || rec.timestamp > f->thi) continue;
                    if (*budget <= 0) {
                        *partial = true;
                        continue;
                    }
                    tail_grow(t);
                    size_t i = t->n;
                    if (field) {
                        int32_t d = 0;
                        if (!ck_vec_record_vector(rec.value, rec.value_len, cfg->field, &tmp, &tcap, &d) ||
                            (dims && d != dims) || (cfg->metric == CK_VEC_COSINE && !ck_vec_normalize(tmp, d)))
                            continue;
                        if ((i + 1) * (size_t)d > t->vcap) {
                            t->vcap = CK_MAX((i + 1) * (size_t)d, t->vcap * 2);
                            t->vecs = ck_realloc(t->vecs, t->vcap * sizeof(float));
                        }
                        memcpy(t->vecs + i * (size_t)d, tmp, (size_t)d * sizeof(float));
                        t->len[i] = (size_t)d;
                    } else {
                        const char *txt;
                        size_t tl, mark = t->text.len;
                        if (!ck_vec_record_text(rec.value, rec.value_len, cfg->field, &t->text, &txt, &tl)) {
                            t->text.len = mark;
                            continue;
                        }
                        if (txt < (const char *)t->text.buf || txt > (const char *)t->text.buf + t->text.len) {
                            t->at[i] = t->text.len;
                            ck_wb_put(&t->text, txt, tl);
                        } else {
                            t->at[i] = (size_t)(txt - (const char *)t->text.buf);
                        }
                        t->len[i] = tl;
                    }
                    t->part[i] = p;
                    t->off[i] = rec.offset;
                    t->ts[i] = rec.timestamp;
                    t->n++;
                    (*budget)--;
                }
            }
            ck_rec_iter_free(&it);
        }
        next = after;
    }
    ck_free(tmp);
}

/* ===================================================================== */
/* Answers                                                               */
/* ===================================================================== */

static bool utf8_ok(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || i + len > n || (len == 2 && c < 0xC2)) return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

/* Writes one hit; false when its record is gone (nothing written). */
static void hit_head(const char *name, int metric, const s_hit *h, int64_t ts, bool first, ck_wb *out) {
    char id[320];
    snprintf(id, sizeof(id), "%s-%d-%lld", name, (int)h->part, (long long)h->off);
    ck_json_raw(out, first ? "{\"_index\":" : ",{\"_index\":");
    ck_json_cstr(out, name);
    ck_json_raw(out, ",\"_id\":");
    ck_json_cstr(out, id);
    ck_json_raw(out, ",\"_score\":");
    ck_json_f64(out, ck_vec_score(metric, h->dist));
    ck_json_raw(out, ",\"_partition\":");
    ck_json_i64(out, h->part);
    ck_json_raw(out, ",\"_offset\":");
    ck_json_i64(out, h->off);
    ck_json_raw(out, ",\"_timestamp\":");
    ck_json_i64(out, ts);
}

static bool write_hit(ck_topic *topic, const char *name, int metric, const s_hit *h, bool source, bool first,
                      ck_wb *buf, ck_wb *out) {
    ck_partition *pp = ck_topic_partition(topic, h->part);
    if (!pp) return false;
    if (!source) {
        /* Without _source the record need not be read: the label tables and
         * the tail know its timestamp; a record below the log start is
         * left out. */
        ck_part_offsets po;
        ck_partition_offsets(pp, &po);
        if (h->off < po.log_start) return false;
        hit_head(name, metric, h, h->ts, first, out);
        ck_json_raw(out, "}");
        return true;
    }
    bool found = false;
    ck_wb_reset(buf);
    int64_t after;
    ck_part_offsets o;
    ck_rec_iter it;
    bool it_init = false;
    ck_rec rec;
    if (ck_partition_read_copy(pp, h->off, 65536, buf, &after, &o) != 0) return false;
    size_t pos = 0;
    while (!found && pos + CK_BATCH_HEADER_SIZE <= buf->len) {
        ck_batch_hdr bh;
        const uint8_t *b = buf->buf + pos;
        if (ck_batch_hdr_read(b, buf->len - pos, &bh) != 0 || ck_batch_size(&bh) > buf->len - pos) break;
        pos += ck_batch_size(&bh);
        if (ck_batch_last_offset(&bh) < h->off || bh.base_offset > h->off || ck_batch_is_control(&bh)) continue;
        if (ck_rec_iter_init(&it, b, ck_batch_size(&bh), (size_t)256 << 20) != 0) {
            ck_rec_iter_free(&it);
            break;
        }
        it_init = true;
        while (ck_rec_iter_next(&it, &rec) == 1)
            if (rec.offset == h->off) {
                found = true;
                break;
            }
        if (!found) {
            ck_rec_iter_free(&it);
            it_init = false;
        }
    }
    if (found) {
        hit_head(name, metric, h, rec.timestamp, first, out);
        ck_json_raw(out, ",\"_source\":");
        if (rec.value_len < 0) ck_json_raw(out, "null");
        else if (ck_vjson_valid((const char *)rec.value, (size_t)rec.value_len) &&
                 utf8_ok(rec.value, (size_t)rec.value_len))
            ck_wb_put(out, rec.value, (size_t)rec.value_len);
        else ck_json_str(out, (const char *)rec.value, (size_t)rec.value_len);
        ck_json_raw(out, "}");
    }
    if (it_init) ck_rec_iter_free(&it);
    return found;
}

/* ===================================================================== */
/* Search                                                                */
/* ===================================================================== */

int ck_vector_search(ck_vector *vs, const char *topic, const char *req, size_t len, ck_wb *out, ck_vec_error *e) {
    int64_t t0 = ck_mono_us();
    memset(e, 0, sizeof(*e));
    s_req r;
    ck_topic *t = NULL;
    ck_vec_topic *vt = NULL;
    ck_vec_cfg cfg;
    memset(&cfg, 0, sizeof(cfg));
    s_hits hits = {0};
    s_tail tail;
    memset(&tail, 0, sizeof(tail));
    ck_wb_init(&tail.text, 1024);
    ck_wb buf;
    ck_wb_init(&buf, 0);
    int64_t *progress = NULL;
    float *tv = NULL;
    bool *tok = NULL;
    int rc = parse_request(req, len, &r, e);
    if (rc) goto out;
    t = ck_engine_topic_get(vs->eng, topic, strlen(topic));
    if (!t || ck_topic_deleted(t)) {
        rc = vfail(e, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, 404, "unknown_topic", "topic \"%s\" does not exist",
                   topic);
        goto out;
    }
    ck_vec_cfg_read(vs->eng, t, &cfg);
    if (!cfg.enabled) {
        rc = vfail(e, CHRONIK_ERR_INVALID_CONFIG, 400, "vector_not_enabled",
                   "topic \"%s\" is not vector-enabled: set vector.enabled=true on it", topic);
        goto out;
    }
    char sig[512];
    ck_vec_cfg_signature(&cfg, sig, sizeof(sig));
    vt = ck_vec_topic_get(vs, topic);
    int32_t np = ck_topic_partition_count(t);
    bool use_index = false;
    int32_t dims = 0;
    if (vt) {
        pthread_rwlock_rdlock(&vt->rw);
        use_index = vt->loaded && !strcmp(vt->sig, sig) && !memcmp(vt->id, ck_topic_id(t), 16);
        if (use_index) dims = vt->dims;
        pthread_rwlock_unlock(&vt->rw);
    }
    if (dims <= 0) dims = ck_vec_cfg_dims(&cfg);

    /* The query vector. */
    float *q = NULL;
    if (r.vec) {
        if (dims > 0 && r.vdims != dims) {
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                       "wrong dimensions: the query vector has %d, topic \"%s\" holds %d-dimensional vectors",
                       (int)r.vdims, topic, (int)dims);
            goto out;
        }
        dims = r.vdims;
        if (cfg.metric == CK_VEC_COSINE && !ck_vec_normalize(r.vec, dims)) {
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                       "the query vector is zero: no cosine similarity");
            goto out;
        }
        q = r.vec;
    } else {
        if (cfg.source == CK_VEC_SRC_FIELD) {
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request",
                       "topic \"%s\" has vector.source=field: search it with \"vector\"", topic);
            goto out;
        }
        const char *texts[1] = {r.text};
        size_t lens[1] = {r.tlen};
        ck_vec_texts tx = {texts, lens, 1};
        bool ok = false;
        char err[400] = "";
        int erc = ck_vec_embed(vs, topic, &cfg, &tx, &dims, &r.vec, &ok, NULL, err, sizeof(err));
        if (erc != 0) {
            rc =
                vfail(e, erc == CHRONIK_ERR_INVALID_CONFIG ? CHRONIK_ERR_INVALID_CONFIG : CHRONIK_ERR_NETWORK_EXCEPTION,
                      erc == CHRONIK_ERR_INVALID_CONFIG ? 400 : 503,
                      erc == CHRONIK_ERR_INVALID_CONFIG ? "invalid_config" : "embedding_unavailable",
                      "cannot embed the query: %s", err);
            goto out;
        }
        if (!ok) {
            rc = vfail(e, CHRONIK_ERR_INVALID_ARG, 400, "invalid_request", "the query has nothing to embed");
            goto out;
        }
        q = r.vec;
    }
    size_t ef = (size_t)(r.ef > 0 ? r.ef : cfg.ef_search);

    /* The graph and the progress it stands for, at one moment. */
    progress = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(int64_t));
    if (use_index) {
        pthread_rwlock_rdlock(&vt->rw);
        if (!strcmp(vt->sig, sig) && (vt->dims == 0 || vt->dims == dims)) {
            for (int32_t p = 0; p < np && p < vt->nparts; p++) progress[p] = vt->parts[p].progress;
            index_hits(vt, cfg.metric, q, (size_t)r.k, ef, &r.f, &hits);
        }
        pthread_rwlock_unlock(&vt->rw);
    }
    size_t indexed_hits = hits.n;

    /* The tail, scored exactly. */
    int64_t budget = vs->tail_max;
    bool partial = false;
    for (int32_t p = 0; p < np; p++) {
        if (!part_ok(&r.f, p)) continue;
        ck_part_offsets o;
        ck_partition_offsets(ck_topic_partition(t, p), &o);
        read_tail(t, &cfg, dims, p, CK_MAX(progress[p], o.log_start), o.high_watermark, &r.f, &tail, &budget, &partial,
                  &buf);
    }
    char tail_err[400] = "";
    if (tail.n > 0) {
        tok = ck_calloc(tail.n, sizeof(bool));
        if (cfg.source == CK_VEC_SRC_FIELD) {
            for (size_t i = 0; i < tail.n; i++) tok[i] = true;
            tv = tail.vecs;
            tail.vecs = NULL;
        } else {
            const char **texts = ck_malloc(tail.n * sizeof(char *));
            for (size_t i = 0; i < tail.n; i++) texts[i] = (const char *)tail.text.buf + tail.at[i];
            ck_vec_texts tx = {texts, tail.len, tail.n};
            int32_t d = dims;
            if (ck_vec_embed(vs, topic, &cfg, &tx, &d, &tv, tok, NULL, tail_err, sizeof(tail_err)) != 0 || d != dims) {
                if (!tail_err[0]) snprintf(tail_err, sizeof(tail_err), "the provider changed dimensions");
                partial = true;
                memset(tok, 0, tail.n * sizeof(bool));
            }
            ck_free(texts);
        }
        for (size_t i = 0; i < tail.n; i++)
            if (tok[i])
                hits_push(&hits, tail.part[i], tail.off[i], tail.ts[i],
                          ck_vec_distance(cfg.metric, q, tv + i * (size_t)dims, dims));
    }

    /* Merge and answer. */
    if (hits.n > 1) qsort(hits.h, hits.n, sizeof(s_hit), hit_cmp);
    ck_wb body;
    ck_wb_init(&body, 1024);
    size_t written = 0;
    double max_score = 0;
    for (size_t i = 0; i < hits.n && written < (size_t)r.k; i++) {
        if (write_hit(t, topic, cfg.metric, &hits.h[i], r.source, written == 0, &buf, &body)) {
            if (written == 0) max_score = ck_vec_score(cfg.metric, hits.h[i].dist);
            written++;
        }
    }
    int64_t us = ck_mono_us() - t0;
    ck_json_raw(out, "{\"took\":");
    ck_json_i64(out, us / 1000);
    ck_json_raw(out, ",\"timed_out\":false,\"hits\":{\"total\":{\"value\":");
    ck_json_i64(out, (int64_t)written);
    ck_json_raw(out, ",\"relation\":\"eq\"},\"max_score\":");
    if (written) ck_json_f64(out, max_score);
    else ck_json_raw(out, "null");
    ck_json_raw(out, ",\"hits\":[");
    ck_wb_put(out, body.buf, body.len);
    ck_wb_free(&body);
    ck_json_raw(out, "]},\"vector\":{\"metric\":");
    ck_json_cstr(out, ck_vec_metric_name(cfg.metric));
    ck_json_raw(out, ",\"dimensions\":");
    ck_json_i64(out, dims);
    ck_json_raw(out, ",\"ef_search\":");
    ck_json_i64(out, (int64_t)CK_MAX(ef, (size_t)r.k));
    ck_json_raw(out, ",\"indexed_candidates\":");
    ck_json_i64(out, (int64_t)indexed_hits);
    ck_json_raw(out, ",\"tail_scanned\":");
    ck_json_i64(out, (int64_t)tail.n);
    ck_json_raw(out, partial ? ",\"partial\":true" : ",\"partial\":false");
    if (tail_err[0]) {
        ck_json_raw(out, ",\"tail_error\":");
        ck_json_cstr(out, tail_err);
    }
    ck_json_raw(out, "}}");
    if (vt) atomic_fetch_add_explicit(&vt->searches, 1, memory_order_relaxed);
out:
    atomic_fetch_add_explicit(&vs->st_searches, 1, memory_order_relaxed);
    if (rc) atomic_fetch_add_explicit(&vs->st_search_errors, 1, memory_order_relaxed);
    int64_t dt = ck_mono_us() - t0;
    ck_hist_observe(&vs->search_latency, (uint64_t)(dt > 0 ? dt : 0));
    ck_free(hits.h);
    ck_free(progress);
    ck_free(tv);
    ck_free(tok);
    tail_free(&tail);
    ck_wb_free(&buf);
    ck_vec_cfg_free(&cfg);
    if (vt) ck_vec_topic_release(vt);
    if (t) ck_topic_release(t);
    req_free(&r);
    return rc;
}

/* ===================================================================== */
/* Stats and metrics                                                     */
/* ===================================================================== */

int ck_vector_stats_json(ck_vector *vs, const char *topic, ck_wb *out, ck_vec_error *e) {
    memset(e, 0, sizeof(*e));
    ck_topic *t = ck_engine_topic_get(vs->eng, topic, strlen(topic));
    if (!t || ck_topic_deleted(t)) {
        if (t) ck_topic_release(t);
        return vfail(e, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION, 404, "unknown_topic", "topic \"%s\" does not exist",
                     topic);
    }
    ck_vec_cfg cfg;
    ck_vec_cfg_read(vs->eng, t, &cfg);
    if (!cfg.enabled) {
        ck_vec_cfg_free(&cfg);
        ck_topic_release(t);
        return vfail(e, CHRONIK_ERR_INVALID_CONFIG, 400, "vector_not_enabled",
                     "topic \"%s\" is not vector-enabled: set vector.enabled=true on it", topic);
    }
    ck_vec_topic *vt = ck_vec_topic_get(vs, topic);
    int32_t np = ck_topic_partition_count(t);
    ck_json_raw(out, "{\"topic\":");
    ck_json_cstr(out, topic);
    ck_json_raw(out, ",\"enabled\":true,\"source\":");
    ck_json_cstr(out, cfg.source == CK_VEC_SRC_FIELD ? "field" : "embed");
    ck_json_raw(out, ",\"provider\":");
    ck_json_cstr(out, ck_vec_provider_name(cfg.provider));
    ck_json_raw(out, ",\"field\":");
    ck_json_cstr(out, cfg.field);
    if (cfg.provider == CK_VEC_PROV_OPENAI) {
        ck_json_raw(out, ",\"model\":");
        ck_json_cstr(out, cfg.model);
        ck_json_raw(out, ",\"endpoint\":");
        ck_json_cstr(out, cfg.endpoint);
        ck_json_raw(out, cfg.api_key[0] ? ",\"api_key_set\":true" : ",\"api_key_set\":false");
    }
    ck_json_raw(out, ",\"metric\":");
    ck_json_cstr(out, ck_vec_metric_name(cfg.metric));
    ck_json_raw(out, ",\"hnsw\":{\"m\":");
    ck_json_i64(out, cfg.m);
    ck_json_raw(out, ",\"ef_construction\":");
    ck_json_i64(out, cfg.ef_construction);
    ck_json_raw(out, ",\"ef_search\":");
    ck_json_i64(out, cfg.ef_search);
    ck_json_raw(out, "}");
    int64_t indexed = 0, deleted = 0, capacity = 0, pending = 0;
    int32_t dims = ck_vec_cfg_dims(&cfg);
    ck_wb pj;
    ck_wb_init(&pj, 256);
    if (vt) pthread_rwlock_rdlock(&vt->rw);
    if (vt && vt->index) {
        indexed = (int64_t)(ck_hnsw_count(vt->index) - ck_hnsw_deleted(vt->index));
        deleted = (int64_t)ck_hnsw_deleted(vt->index);
        capacity = (int64_t)ck_hnsw_capacity(vt->index);
    }
    if (vt && vt->dims) dims = vt->dims;
    for (int32_t p = 0; p < np; p++) {
        ck_part_offsets o;
        ck_partition_offsets(ck_topic_partition(t, p), &o);
        int64_t prog = vt && vt->loaded && p < vt->nparts ? CK_MAX(vt->parts[p].progress, o.log_start) : o.log_start;
        int64_t live = vt && p < vt->nparts ? (int64_t)(vt->parts[p].n - vt->parts[p].del) : 0;
        pending += CK_MAX(0, o.high_watermark - prog);
        ck_json_raw(&pj, p ? ",{\"partition\":" : "{\"partition\":");
        ck_json_i64(&pj, p);
        ck_json_raw(&pj, ",\"indexed_offset\":");
        ck_json_i64(&pj, prog);
        ck_json_raw(&pj, ",\"high_watermark\":");
        ck_json_i64(&pj, o.high_watermark);
        ck_json_raw(&pj, ",\"log_start_offset\":");
        ck_json_i64(&pj, o.log_start);
        ck_json_raw(&pj, ",\"vectors\":");
        ck_json_i64(&pj, live);
        ck_json_raw(&pj, "}");
    }
    if (vt) pthread_rwlock_unlock(&vt->rw);
    ck_json_raw(out, ",\"dimensions\":");
    ck_json_i64(out, dims);
    ck_json_raw(out, ",\"vectors\":");
    ck_json_i64(out, indexed);
    ck_json_raw(out, ",\"deleted\":");
    ck_json_i64(out, deleted);
    ck_json_raw(out, ",\"capacity\":");
    ck_json_i64(out, capacity);
    ck_json_raw(out, ",\"pending\":");
    ck_json_i64(out, pending);
    char last_error[300] = "";
    int state = CK_VEC_ST_LOADING;
    int64_t since = 0, in_row = 0, persisted_at = 0, retry_in = 0;
    uint64_t persisted = 0;
    if (vt) {
        pthread_mutex_lock(&vs->lock);
        state = vt->state;
        snprintf(last_error, sizeof(last_error), "%s", vt->last_error);
        since = vt->error_since;
        in_row = vt->failures_in_row;
        persisted_at = vt->persisted_at;
        persisted = vt->persisted_count;
        retry_in = vt->retry_at ? CK_MAX(0, vt->retry_at - ck_mono_ms()) : 0;
        pthread_mutex_unlock(&vs->lock);
    }
    ck_json_raw(out, ",\"state\":");
    ck_json_cstr(out, state == CK_VEC_ST_ERROR ? "error" : state == CK_VEC_ST_OK ? "ok" : "loading");
    ck_json_raw(out, ",\"error\":");
    if (state == CK_VEC_ST_ERROR) {
        ck_json_raw(out, "{\"message\":");
        ck_json_cstr(out, last_error);
        ck_json_raw(out, ",\"since_ms\":");
        ck_json_i64(out, since);
        ck_json_raw(out, ",\"consecutive_failures\":");
        ck_json_i64(out, in_row);
        ck_json_raw(out, ",\"retry_in_ms\":");
        ck_json_i64(out, retry_in);
        ck_json_raw(out, "}");
    } else {
        ck_json_raw(out, "null");
    }
    ck_json_raw(out, ",\"embedding\":{\"requests\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->cnt.requests) : 0);
    ck_json_raw(out, ",\"retries\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->cnt.retries) : 0);
    ck_json_raw(out, ",\"failures\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->cnt.failures) : 0);
    ck_json_raw(out, ",\"records\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->cnt.records) : 0);
    ck_json_raw(out, "},\"records_without_text\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->no_text) : 0);
    ck_json_raw(out, ",\"records_with_invalid_vector\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->invalid) : 0);
    ck_json_raw(out, ",\"searches\":");
    ck_json_i64(out, vt ? (int64_t)atomic_load(&vt->searches) : 0);
    ck_json_raw(out, ",\"persisted\":{\"at_ms\":");
    ck_json_i64(out, persisted_at);
    ck_json_raw(out, ",\"vectors\":");
    ck_json_i64(out, (int64_t)persisted);
    ck_json_raw(out, "},\"partitions\":[");
    ck_wb_put(out, pj.buf, pj.len);
    ck_json_raw(out, "]}");
    ck_wb_free(&pj);
    if (vt) ck_vec_topic_release(vt);
    ck_vec_cfg_free(&cfg);
    ck_topic_release(t);
    return 0;
}

static void mput(ck_wb *out, const char *fmt, ...) CK_PRINTF(2, 3);
static void mput(ck_wb *out, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0) ck_wb_put(out, buf, CK_MIN((size_t)n, sizeof(buf) - 1));
}

void ck_vector_metrics_render(ck_engine *eng, ck_wb *out) {
    ck_vector *vs = ck_vector_of(eng);
    if (!vs) return;
    pthread_mutex_lock(&vs->lock);
    size_t n = 0, it = 0;
    const char *k;
    size_t kl;
    void *v;
    ck_vec_topic **arr = ck_calloc(vs->topics.count + 1, sizeof(*arr));
    while (ck_map_next(&vs->topics, &it, &k, &kl, &v)) {
        arr[n] = v;
        atomic_fetch_add(&arr[n]->refs, 1);
        n++;
    }
    pthread_mutex_unlock(&vs->lock);
    typedef struct row {
        int64_t vectors, pending, error;
        uint64_t req, retries, failures, records, searches;
    } row;
    row *rows = ck_calloc(n + 1, sizeof(row));
    for (size_t i = 0; i < n; i++) {
        ck_vec_topic *vt = arr[i];
        pthread_rwlock_rdlock(&vt->rw);
        if (vt->index) rows[i].vectors = (int64_t)(ck_hnsw_count(vt->index) - ck_hnsw_deleted(vt->index));
        for (int32_t p = 0; p < vt->nparts; p++) {
            ck_partition *pp = ck_topic_partition(vt->topic, p);
            if (!pp) continue;
            ck_part_offsets o;
            ck_partition_offsets(pp, &o);
            rows[i].pending += CK_MAX(0, o.high_watermark - CK_MAX(vt->parts[p].progress, o.log_start));
        }
        pthread_rwlock_unlock(&vt->rw);
        pthread_mutex_lock(&vs->lock);
        rows[i].error = vt->state == CK_VEC_ST_ERROR;
        pthread_mutex_unlock(&vs->lock);
        rows[i].req = atomic_load(&vt->cnt.requests);
        rows[i].retries = atomic_load(&vt->cnt.retries);
        rows[i].failures = atomic_load(&vt->cnt.failures);
        rows[i].records = atomic_load(&vt->cnt.records);
        rows[i].searches = atomic_load(&vt->searches);
    }
    static const struct {
        const char *name, *type, *help;
    } fam[] = {
        {"chronik_vector_index_vectors", "gauge", "Live vectors in a topic's HNSW index."},
        {"chronik_vector_pending_records", "gauge", "Records of a topic not indexed yet."},
        {"chronik_vector_provider_error", "gauge",
         "1 while a topic's embedding provider is failing (see /_vector/{topic}/stats)."},
        {"chronik_vector_embedding_requests_total", "counter",
         "Embedding requests (HTTP requests or callback calls) of a topic."},
        {"chronik_vector_embedding_retries_total", "counter",
         "Embedding requests repeated after a 429, a 5xx or a connection error."},
        {"chronik_vector_embedding_failures_total", "counter", "Embedding calls that failed after their retries."},
        {"chronik_vector_embedded_records_total", "counter", "Texts embedded for a topic (indexing and queries)."},
        {"chronik_vector_topic_searches_total", "counter", "k-NN searches of a topic."},
    };
    for (size_t f = 0; f < CK_ARRAY_LEN(fam); f++) {
        mput(out, "# HELP %s %s\n# TYPE %s %s\n", fam[f].name, fam[f].help, fam[f].name, fam[f].type);
        for (size_t i = 0; i < n; i++) {
            uint64_t val = 0;
            switch (f) {
            case 0: val = (uint64_t)rows[i].vectors; break;
            case 1: val = (uint64_t)rows[i].pending; break;
            case 2: val = (uint64_t)rows[i].error; break;
            case 3: val = rows[i].req; break;
            case 4: val = rows[i].retries; break;
            case 5: val = rows[i].failures; break;
            case 6: val = rows[i].records; break;
            default: val = rows[i].searches; break;
            }
            mput(out, "%s{topic=\"%s\"} %llu\n", fam[f].name, arr[i]->name, (unsigned long long)val);
        }
    }
    for (size_t i = 0; i < n; i++) ck_vec_topic_release(arr[i]);
    ck_free(arr);
    ck_free(rows);
    mput(out, "# HELP chronik_vector_searches_total k-NN searches (REST and C API).\n"
              "# TYPE chronik_vector_searches_total counter\nchronik_vector_searches_total %llu\n",
         (unsigned long long)atomic_load(&vs->st_searches));
    mput(out, "# HELP chronik_vector_search_errors_total k-NN searches that failed.\n"
              "# TYPE chronik_vector_search_errors_total counter\nchronik_vector_search_errors_total %llu\n",
         (unsigned long long)atomic_load(&vs->st_search_errors));
    ck_hist h;
    ck_hist_snapshot(&h, &vs->search_latency);
    mput(out, "# HELP chronik_vector_search_duration_seconds Duration of k-NN searches.\n"
              "# TYPE chronik_vector_search_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (size_t i = 0; i < CK_HIST_BUCKETS; i++) {
        cum += h.bucket[i];
        mput(out, "chronik_vector_search_duration_seconds_bucket{le=\"%g\"} %llu\n", ck_hist_bounds[i],
             (unsigned long long)cum);
    }
    cum += h.bucket[CK_HIST_BUCKETS];
    mput(out, "chronik_vector_search_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
    mput(out, "chronik_vector_search_duration_seconds_sum %.6f\nchronik_vector_search_duration_seconds_count %llu\n",
         (double)h.sum_us / 1e6, (unsigned long long)cum);
}

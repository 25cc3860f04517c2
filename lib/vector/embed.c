/*
 * embed.c — the embedding side of lib/vector: a topic's effective vector.*
 * configuration, the hash provider, the callback provider registered
 * through chronik_vector_set_embedder, the dispatch to a topic's provider
 * (the openai provider is openai.c), and what is embedded: the text or the
 * carried vector of a record's value.  Also the vector arithmetic the index
 * and the query path share (normalisation, distances, scores).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "vector/vector_int.h"

/* ===================================================================== */
/* Configuration                                                         */
/* ===================================================================== */

static char *conf_str(const ck_topic_conf *tc, const chronik_conf_t *broker, int key) {
    const char *v = ck_topic_conf_value(tc, broker, key, NULL, 0);
    return ck_strdup(v ? v : "");
}

void ck_vec_cfg_read(ck_engine *eng, ck_topic *t, ck_vec_cfg *cfg) {
    const chronik_conf_t *b = ck_engine_conf(eng);
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    memset(cfg, 0, sizeof(*cfg));
    cfg->enabled = ck_topic_conf_num(&tc, b, CK_TK_VECTOR_ENABLED) != 0;
    cfg->source = (int)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_SOURCE);
    cfg->provider = (int)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_PROVIDER);
    cfg->metric = (int)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_METRIC);
    cfg->dims = (int32_t)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_DIMENSIONS);
    cfg->m = (int32_t)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_HNSW_M);
    cfg->ef_construction = (int32_t)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_HNSW_EF_CONSTRUCTION);
    cfg->ef_search = (int32_t)ck_topic_conf_num(&tc, b, CK_TK_VECTOR_HNSW_EF_SEARCH);
    cfg->field = conf_str(&tc, b, CK_TK_VECTOR_FIELD);
    cfg->model = conf_str(&tc, b, CK_TK_VECTOR_MODEL);
    cfg->endpoint = conf_str(&tc, b, CK_TK_VECTOR_ENDPOINT);
    cfg->api_key = conf_str(&tc, b, CK_TK_VECTOR_API_KEY);
    if (!cfg->api_key[0]) {
        const char *env = getenv("OPENAI_API_KEY");
        if (env && *env) {
            ck_free(cfg->api_key);
            cfg->api_key = ck_strdup(env);
        }
    }
    ck_topic_conf_free(&tc);
}

void ck_vec_cfg_free(ck_vec_cfg *cfg) {
    if (!cfg) return;
    ck_free(cfg->field);
    ck_free(cfg->model);
    ck_free(cfg->endpoint);
    if (cfg->api_key) memset(cfg->api_key, 0, strlen(cfg->api_key));
    ck_free(cfg->api_key);
    memset(cfg, 0, sizeof(*cfg));
}

const char *ck_vec_provider_name(int provider) {
    switch (provider) {
    case CK_VEC_PROV_OPENAI: return "openai";
    case CK_VEC_PROV_CALLBACK: return "callback";
    default: return "hash";
    }
}

const char *ck_vec_metric_name(int metric) {
    switch (metric) {
    case CK_VEC_L2: return "l2";
    case CK_VEC_IP: return "ip";
    default: return "cosine";
    }
}

void ck_vec_cfg_signature(const ck_vec_cfg *cfg, char *out, size_t outlen) {
    /* The provider's identity matters only when it computes the vectors. */
    bool embed = cfg->source == CK_VEC_SRC_EMBED;
    snprintf(out, outlen, "v1|source=%s|provider=%s|model=%s|dims=%d|metric=%s|m=%d|efc=%d|field=%s",
             embed ? "embed" : "field", embed ? ck_vec_provider_name(cfg->provider) : "-",
             embed && cfg->provider == CK_VEC_PROV_OPENAI ? cfg->model : "-", (int)cfg->dims,
             ck_vec_metric_name(cfg->metric), (int)cfg->m, (int)cfg->ef_construction, cfg->field);
}

int32_t ck_vec_cfg_dims(const ck_vec_cfg *cfg) {
    if (cfg->dims > 0) return cfg->dims;
    if (cfg->source == CK_VEC_SRC_EMBED && cfg->provider == CK_VEC_PROV_HASH) return CK_VEC_HASH_DIMS;
    return 0;
}

/* ===================================================================== */
/* Vector arithmetic                                                     */
/* ===================================================================== */

bool ck_vec_normalize(float *v, int32_t dims) {
    double s = 0;
    for (int32_t i = 0; i < dims; i++) s += (double)v[i] * v[i];
    if (!(s > 0) || !isfinite(s)) return false;
    float inv = (float)(1.0 / sqrt(s));
    for (int32_t i = 0; i < dims; i++) v[i] *= inv;
    return true;
}

float ck_vec_distance(int metric, const float *a, const float *b, int32_t dims) {
    float acc = 0;
    if (metric == CK_VEC_L2) {
        for (int32_t i = 0; i < dims; i++) {
            float d = a[i] - b[i];
            acc += d * d;
        }
        return acc;
    }
    for (int32_t i = 0; i < dims; i++) acc += a[i] * b[i];
    return 1.0f - acc;
}

double ck_vec_score(int metric, float dist) {
    switch (metric) {
    case CK_VEC_L2: return 1.0 / (1.0 + (double)dist);
    case CK_VEC_IP: {
        double dot = 1.0 - (double)dist;
        return dot < 0 ? 1.0 / (1.0 - dot) : dot + 1.0;
    }
    default: return (2.0 - (double)dist) / 2.0;
    }
}

/* ===================================================================== */
/* The hash provider                                                     */
/* ===================================================================== */

/* FNV-1a, 64 bits, then a finaliser: fixed here (not util's map hash) so
 * that stored indexes stay valid across versions. */
static uint64_t fnv64(const uint8_t *p, size_t n, uint64_t seed) {
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static void bump(float *out, int32_t dims, uint64_t h, float w) {
    out[h % (uint64_t)dims] += (h >> 63) ? -w : w;
}

bool ck_vector_hash_embed(const char *text, size_t len, int32_t dims, float *out) {
    memset(out, 0, (size_t)dims * sizeof(float));
    uint8_t tok[258];
    size_t i = 0;
    bool any = false;
    while (i < len) {
        /* A token: a run of ASCII letters/digits and any non-ASCII bytes
         * (UTF-8 letters), lower-cased, at most 256 bytes. */
        size_t n = 0;
        tok[n++] = '^';
        while (i < len) {
            uint8_t c = (uint8_t)text[i];
            bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
            if (!word) break;
            if (n < 257) tok[n++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
            i++;
        }
        if (n == 1) {
            i++;
            continue;
        }
        tok[n++] = '$';
        any = true;
        /* the word (without its boundary marks) */
        bump(out, dims, fnv64(tok + 1, n - 2, 0x7701), 1.0f);
        /* character 3-grams of "^word$" */
        for (size_t k = 0; k + 3 <= n; k++) bump(out, dims, fnv64(tok + k, 3, 0x3303), 0.5f);
    }
    if (!any) return false;
    return ck_vec_normalize(out, dims);
}

/* ===================================================================== */
/* What a record holds                                                   */
/* ===================================================================== */

bool ck_vec_record_text(const uint8_t *val, int32_t vlen, const char *path, ck_wb *scratch, const char **text,
                        size_t *tlen) {
    if (!val || vlen <= 0) return false;
    if (!path || !path[0]) {
        *text = (const char *)val;
        *tlen = (size_t)vlen;
        return true;
    }
    ck_vjson d;
    if (ck_vjson_parse(&d, (const char *)val, (size_t)vlen, NULL, 0) != 0) return false;
    bool found = false;
    int i = ck_vjson_path(&d, path);
    if (i >= 0) {
        size_t start = scratch->len;
        if (ck_vjson_type(&d, i) == CK_VJ_STRING) {
            found = ck_vjson_string(&d, i, scratch);
        } else {
            size_t n;
            const char *s = ck_vjson_text(&d, i, &n);
            found = !(n == 4 && !memcmp(s, "null", 4));
            if (found) ck_wb_put(scratch, s, n);
        }
        if (found) {
            *text = (const char *)scratch->buf + start;
            *tlen = scratch->len - start;
            found = *tlen > 0;
        }
    }
    ck_vjson_free(&d);
    return found;
}

bool ck_vec_record_vector(const uint8_t *val, int32_t vlen, const char *path, float **out, size_t *cap,
                          int32_t *dims) {
    if (!val || vlen <= 0) return false;
    ck_vjson d;
    if (ck_vjson_parse(&d, (const char *)val, (size_t)vlen, NULL, 0) != 0) return false;
    bool ok = false;
    int a = (path && path[0]) ? ck_vjson_path(&d, path) : 0;
    if (a >= 0 && ck_vjson_type(&d, a) == CK_VJ_ARRAY) {
        int n = ck_vjson_size(&d, a);
        if (n > 0 && n <= CK_VEC_MAX_DIMS) {
            if ((size_t)n > *cap) {
                *cap = (size_t)n;
                *out = ck_realloc(*out, *cap * sizeof(float));
            }
            ok = true;
            int i = a + 1;
            for (int k = 0; k < n && ok; k++) {
                double v;
                if (!ck_vjson_double(&d, i, &v) || v > 3.0e38 || v < -3.0e38) ok = false;
                else (*out)[k] = (float)v;
                i = ck_vjson_skip(&d, i);
            }
            if (ok) *dims = n;
        }
    }
    ck_vjson_free(&d);
    return ok;
}

/* ===================================================================== */
/* Dispatch                                                              */
/* ===================================================================== */

static int embed_callback(ck_vector *vs, const char *topic, const ck_vec_cfg *cfg, const ck_vec_texts *tx,
                          int32_t dims, float *out, ck_vec_counters *cnt, char *err, size_t errlen) {
    int rc = 0;
    pthread_rwlock_rdlock(&vs->cb_lock);
    if (!vs->cb) {
        ck_errf(err, errlen, "vector.provider=callback but no embedder is registered (chronik_vector_set_embedder)");
        rc = CHRONIK_ERR_NETWORK_EXCEPTION;
    } else {
        if (cnt) atomic_fetch_add_explicit(&cnt->requests, 1, memory_order_relaxed);
        int r = vs->cb(vs->cb_opaque, topic, tx->text, tx->len, tx->n, dims, out);
        if (r != 0) {
            ck_errf(err, errlen, "the registered embedder failed (returned %d)", r);
            rc = CHRONIK_ERR_NETWORK_EXCEPTION;
        }
    }
    pthread_rwlock_unlock(&vs->cb_lock);
    (void)cfg;
    return rc;
}

int ck_vec_embed(ck_vector *vs, const char *topic, const ck_vec_cfg *cfg, const ck_vec_texts *tx, int32_t *dims,
                 float **out, bool *ok, ck_vec_counters *cnt, char *err, size_t errlen) {
    int rc = 0;
    int32_t d = *dims;
    if (tx->n == 0) return 0;
    switch (cfg->provider) {
    case CK_VEC_PROV_OPENAI:
        rc = ck_vec_openai_embed(vs, cfg, tx, &d, out, cnt, err, errlen);
        break;
    case CK_VEC_PROV_CALLBACK:
        if (d <= 0) d = cfg->dims;
        if (d <= 0) {
            ck_errf(err, errlen, "vector.provider=callback needs vector.dimensions");
            rc = CHRONIK_ERR_INVALID_CONFIG;
            break;
        }
        *out = ck_realloc(*out, tx->n * (size_t)d * sizeof(float));
        memset(*out, 0, tx->n * (size_t)d * sizeof(float));
        rc = embed_callback(vs, topic, cfg, tx, d, *out, cnt, err, errlen);
        break;
    default:
        if (d <= 0) d = ck_vec_cfg_dims(cfg);
        *out = ck_realloc(*out, tx->n * (size_t)d * sizeof(float));
        for (size_t i = 0; i < tx->n; i++)
            ok[i] = ck_vector_hash_embed(tx->text[i], tx->len[i], d, *out + i * (size_t)d);
        if (cnt) atomic_fetch_add_explicit(&cnt->records, tx->n, memory_order_relaxed);
        *dims = d;
        return 0;
    }
    if (rc != 0) {
        if (cnt) atomic_fetch_add_explicit(&cnt->failures, 1, memory_order_relaxed);
        return rc;
    }
    if (*dims > 0 && d != *dims) {
        ck_errf(err, errlen, "the provider returned %d-dimensional vectors; the index holds %d", (int)d, (int)*dims);
        if (cnt) atomic_fetch_add_explicit(&cnt->failures, 1, memory_order_relaxed);
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    *dims = d;
    for (size_t i = 0; i < tx->n; i++) {
        float *v = *out + i * (size_t)d;
        bool fin = true;
        for (int32_t k = 0; k < d && fin; k++) fin = isfinite(v[k]);
        ok[i] = fin && (cfg->metric != CK_VEC_COSINE || ck_vec_normalize(v, d));
    }
    if (cnt) atomic_fetch_add_explicit(&cnt->records, tx->n, memory_order_relaxed);
    return 0;
}

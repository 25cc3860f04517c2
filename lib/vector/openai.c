/*
 * openai.c — the openai embedding provider: any OpenAI-compatible
 * /v1/embeddings endpoint (OpenAI, Ollama, llama.cpp, vLLM...) over libcurl.
 *
 * One call embeds many texts: they are cut into requests of
 * vector.batch.size inputs ({"model", "input": [...], "dimensions"?}), of
 * which at most vector.concurrency are in flight at once on one curl multi
 * handle.  A request answered 429 or 5xx, or failing to connect or in
 * time, is repeated up to vector.retries times after an exponential backoff
 * (vector.retry.backoff.ms doubling up to vector.retry.backoff.max.ms; a
 * Retry-After header is honoured up to that maximum).  Any request that
 * still fails fails the whole call, so the caller (the worker) keeps its
 * progress and tries the same records again later.
 *
 * A call gives up at once when the engine starts closing.
 *
 * The API key travels only in the Authorization header: it is never logged,
 * and an error message that would echo it (an endpoint's 401 answer) has it
 * cut out.
 */
#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "vector/vector_int.h"

#define OA_MAX_TEXT_BYTES 32768
#define OA_MAX_RESPONSE (256u << 20)

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }
void ck_vec_openai_global_init(void) { pthread_once(&curl_once, curl_init_once); }

/* One request of the call. */
typedef struct oa_job {
    size_t   first, count;        /* texts [first, first + count) */
    ck_wb    body, resp;
    CURL    *easy;
    struct curl_slist *hdrs;
    int      attempts;
    int64_t  next_at;             /* mono ms: when it may (re)start */
    int64_t  retry_after_ms;      /* from a Retry-After header, or -1 */
    bool     inflight, done;
} oa_job;

static size_t on_body(char *p, size_t sz, size_t n, void *opaque) {
    oa_job *j = opaque;
    size_t len = sz * n;
    if (j->resp.len + len > OA_MAX_RESPONSE) return 0;
    ck_wb_put(&j->resp, p, len);
    return len;
}

static size_t on_header(char *p, size_t sz, size_t n, void *opaque) {
    oa_job *j = opaque;
    size_t len = sz * n;
    if (len > 12 && !strncasecmp(p, "retry-after:", 12)) {
        char buf[32];
        size_t k = CK_MIN(len - 12, sizeof(buf) - 1);
        memcpy(buf, p + 12, k);
        buf[k] = 0;
        char *end;
        double secs = strtod(buf, &end);
        if (end != buf && secs >= 0 && secs < 86400) j->retry_after_ms = (int64_t)(secs * 1000);
    }
    return len;
}

/* The URL to POST to: endpoint as given when it ends in /embeddings, with
 * /embeddings appended to a base ending in /v1, else /v1/embeddings. */
static void endpoint_url(const char *ep, char *out, size_t outlen) {
    size_t n = strlen(ep);
    while (n > 0 && ep[n - 1] == '/') n--;
    if (n >= 11 && !memcmp(ep + n - 11, "/embeddings", 11)) snprintf(out, outlen, "%.*s", (int)n, ep);
    else if (n >= 3 && !memcmp(ep + n - 3, "/v1", 3)) snprintf(out, outlen, "%.*s/embeddings", (int)n, ep);
    else snprintf(out, outlen, "%.*s/v1/embeddings", (int)n, ep);
}

/* Masks every occurrence of key in msg (in place) with '*'. */
static void redact(char *msg, const char *key) {
    size_t kl = key ? strlen(key) : 0;
    if (kl == 0) return;
    char *p;
    while ((p = strstr(msg, key)) != NULL) memset(p, '*', kl);
}

static void build_body(const ck_vec_cfg *cfg, const ck_vec_texts *tx, oa_job *j) {
    ck_json_raw(&j->body, "{\"model\":");
    ck_json_cstr(&j->body, cfg->model);
    if (cfg->dims > 0) {
        ck_json_raw(&j->body, ",\"dimensions\":");
        ck_json_i64(&j->body, cfg->dims);
    }
    ck_json_raw(&j->body, ",\"input\":[");
    for (size_t i = 0; i < j->count; i++) {
        const char *t = tx->text[j->first + i];
        size_t n = tx->len[j->first + i];
        if (n > OA_MAX_TEXT_BYTES) {
            n = OA_MAX_TEXT_BYTES;
            while (n > 0 && ((uint8_t)t[n] & 0xC0) == 0x80) n--; /* whole characters only */
        }
        if (i) ck_json_raw(&j->body, ",");
        ck_json_str(&j->body, t, n);
    }
    ck_json_raw(&j->body, "]}");
}

static int job_start(ck_vector *vs, const char *url, const char *auth, CURLM *multi, oa_job *j) {
    j->easy = curl_easy_init();
    if (!j->easy) return -1;
    ck_wb_reset(&j->resp);
    j->retry_after_ms = -1;
    j->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    j->hdrs = curl_slist_append(j->hdrs, "Accept: application/json");
    if (auth) j->hdrs = curl_slist_append(j->hdrs, auth);
    curl_easy_setopt(j->easy, CURLOPT_URL, url);
    curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdrs);
    curl_easy_setopt(j->easy, CURLOPT_POST, 1L);
    curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, (const char *)j->body.buf);
    curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)j->body.len);
    curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(j->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(j->easy, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, (long)vs->timeout_ms);
    curl_easy_setopt(j->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)CK_MIN(vs->timeout_ms, 10000));
    curl_easy_setopt(j->easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
    if (curl_multi_add_handle(multi, j->easy) != CURLM_OK) return -1;
    j->inflight = true;
    j->attempts++;
    return 0;
}

static void job_end(CURLM *multi, oa_job *j) {
    if (j->easy) {
        curl_multi_remove_handle(multi, j->easy);
        curl_easy_cleanup(j->easy);
    }
    curl_slist_free_all(j->hdrs);
    j->easy = NULL;
    j->hdrs = NULL;
    j->inflight = false;
}

/* Reads an answer's vectors into out rows [j->first, +count).  0, or -1
 * with err. */
static int parse_answer(oa_job *j, int32_t *dims, float **out, size_t ntotal, char *err, size_t errlen) {
    ck_vjson d;
    char perr[160];
    if (ck_vjson_parse(&d, (const char *)j->resp.buf, j->resp.len, perr, sizeof(perr)) != 0) {
        ck_errf(err, errlen, "the embeddings endpoint answered with invalid JSON (%s)", perr);
        return -1;
    }
    int rc = -1;
    int data = ck_vjson_member(&d, 0, "data");
    if (data < 0 || ck_vjson_type(&d, data) != CK_VJ_ARRAY) {
        ck_errf(err, errlen, "the embeddings endpoint's answer has no \"data\" array");
        goto out;
    }
    if ((size_t)ck_vjson_size(&d, data) != j->count) {
        ck_errf(err, errlen, "the embeddings endpoint returned %d vectors for %zu inputs", ck_vjson_size(&d, data),
                j->count);
        goto out;
    }
    bool *seen = ck_calloc(j->count ? j->count : 1, 1);
    int it = data + 1;
    for (size_t k = 0; k < j->count; k++, it = ck_vjson_skip(&d, it)) {
        int emb = ck_vjson_member(&d, it, "embedding");
        int idx = ck_vjson_member(&d, it, "index");
        int64_t pos = (int64_t)k;
        if (idx >= 0 && (!ck_vjson_int(&d, idx, &pos) || pos < 0 || (size_t)pos >= j->count)) emb = -1;
        if (emb < 0 || ck_vjson_type(&d, emb) != CK_VJ_ARRAY || seen[pos]) {
            ck_errf(err, errlen, "the embeddings endpoint's answer has a malformed item %zu", k);
            ck_free(seen);
            goto out;
        }
        seen[pos] = true;
        int32_t n = ck_vjson_size(&d, emb);
        if (*dims <= 0) {
            if (n <= 0 || n > CK_VEC_MAX_DIMS) {
                ck_errf(err, errlen, "the embeddings endpoint returned a %d-dimensional vector", (int)n);
                ck_free(seen);
                goto out;
            }
            *dims = n;
            *out = ck_realloc(*out, ntotal * (size_t)n * sizeof(float));
        } else if (n != *dims) {
            ck_errf(err, errlen, "the embeddings endpoint returned %d-dimensional vectors, expected %d", (int)n,
                    (int)*dims);
            ck_free(seen);
            goto out;
        }
        float *row = *out + (j->first + (size_t)pos) * (size_t)*dims;
        int v = emb + 1;
        for (int32_t c = 0; c < n; c++, v = ck_vjson_skip(&d, v)) {
            double x;
            if (!ck_vjson_double(&d, v, &x)) {
                ck_errf(err, errlen, "the embeddings endpoint returned a non-number in a vector");
                ck_free(seen);
                goto out;
            }
            row[c] = (float)x;
        }
    }
    ck_free(seen);
    rc = 0;
out:
    ck_vjson_free(&d);
    return rc;
}

static bool retriable(CURLcode cc, long status) {
    if (cc != CURLE_OK)
        return cc == CURLE_COULDNT_CONNECT || cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_GOT_NOTHING ||
               cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR || cc == CURLE_COULDNT_RESOLVE_HOST ||
               cc == CURLE_PARTIAL_FILE;
    return status == 429 || status >= 500;
}

int ck_vec_openai_embed(ck_vector *vs, const ck_vec_cfg *cfg, const ck_vec_texts *tx, int32_t *dims, float **out,
                        ck_vec_counters *cnt, char *err, size_t errlen) {
    ck_vec_openai_global_init();
    char url[2048];
    endpoint_url(cfg->endpoint, url, sizeof(url));
    char *auth = NULL;
    if (cfg->api_key && cfg->api_key[0]) {
        size_t n = strlen(cfg->api_key) + 32;
        auth = ck_malloc(n);
        snprintf(auth, n, "Authorization: Bearer %s", cfg->api_key);
    }
    size_t batch = (size_t)(vs->batch_size > 0 ? vs->batch_size : 64);
    size_t njobs = (tx->n + batch - 1) / batch;
    oa_job *jobs = ck_calloc(njobs, sizeof(*jobs));
    for (size_t i = 0; i < njobs; i++) {
        jobs[i].first = i * batch;
        jobs[i].count = CK_MIN(batch, tx->n - jobs[i].first);
        ck_wb_init(&jobs[i].body, 256);
        ck_wb_init(&jobs[i].resp, 0);
        build_body(cfg, tx, &jobs[i]);
    }
    if (*dims > 0) *out = ck_realloc(*out, tx->n * (size_t)*dims * sizeof(float));
    int rc = 0;
    CURLM *multi = curl_multi_init();
    if (!multi) {
        ck_errf(err, errlen, "cannot create an HTTP client");
        rc = CHRONIK_ERR_NOMEM;
        goto out;
    }
    size_t done = 0, inflight = 0;
    while (done < njobs && rc == 0) {
        pthread_mutex_lock(&vs->lock);
        bool stopping = vs->stop;
        pthread_mutex_unlock(&vs->lock);
        if (stopping) {
            /* The engine is closing: give up rather than hold it up for
             * timeouts and backoffs; the records stay unindexed. */
            ck_errf(err, errlen, "the engine is closing");
            rc = CHRONIK_ERR_CLOSED;
            break;
        }
        int64_t now = ck_mono_ms(), wake = now + 100;
        for (size_t i = 0; i < njobs && inflight < (size_t)vs->concurrency; i++) {
            oa_job *j = &jobs[i];
            if (j->done || j->inflight) continue;
            if (j->next_at > now) {
                wake = CK_MIN(wake, j->next_at);
                continue;
            }
            if (job_start(vs, url, auth, multi, j) != 0) {
                ck_errf(err, errlen, "cannot start an HTTP request");
                rc = CHRONIK_ERR_NOMEM;
                break;
            }
            if (cnt) atomic_fetch_add_explicit(&cnt->requests, 1, memory_order_relaxed);
            inflight++;
        }
        if (rc) break;
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left)) != NULL && rc == 0) {
            if (msg->msg != CURLMSG_DONE) continue;
            oa_job *j = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
            CURLcode cc = msg->data.result;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            job_end(multi, j);
            inflight--;
            if (cc == CURLE_OK && status >= 200 && status < 300) {
                if (parse_answer(j, dims, out, tx->n, err, errlen) != 0) {
                    rc = CHRONIK_ERR_NETWORK_EXCEPTION;
                    break;
                }
                j->done = true;
                done++;
                continue;
            }
            if (retriable(cc, status) && j->attempts <= vs->retries) {
                int64_t back = (int64_t)vs->backoff_ms << CK_MIN(j->attempts - 1, 20);
                if (back > vs->backoff_max_ms) back = vs->backoff_max_ms;
                if (j->retry_after_ms >= 0) back = CK_MIN(CK_MAX(back, j->retry_after_ms), (int64_t)vs->backoff_max_ms);
                j->next_at = ck_mono_ms() + back;
                if (cnt) atomic_fetch_add_explicit(&cnt->retries, 1, memory_order_relaxed);
                CK_DEBUG(CK_VEC_SUB, "embeddings request (%zu inputs) %s %ld: retry %d in %lld ms", j->count,
                         cc != CURLE_OK ? curl_easy_strerror(cc) : "HTTP", status, j->attempts, (long long)back);
                continue;
            }
            if (cc != CURLE_OK) {
                ck_errf(err, errlen, "POST %s: %s%s", url, curl_easy_strerror(cc),
                        j->attempts > 1 ? " (after retries)" : "");
            } else {
                char excerpt[200] = "";
                if (status != 401 && status != 403 && j->resp.len) {
                    size_t n = CK_MIN(j->resp.len, sizeof(excerpt) - 1);
                    memcpy(excerpt, j->resp.buf, n);
                    excerpt[n] = 0;
                    for (size_t k = 0; k < n; k++)
                        if ((unsigned char)excerpt[k] < 0x20) excerpt[k] = ' ';
                }
                ck_errf(err, errlen, "POST %s: HTTP %ld%s%s%s", url, status, j->attempts > 1 ? " (after retries)" : "",
                        excerpt[0] ? ": " : "", excerpt);
            }
            if (err && cfg->api_key) redact(err, cfg->api_key);
            rc = CHRONIK_ERR_NETWORK_EXCEPTION;
        }
        if (rc || done == njobs) break;
        int64_t wait = wake - ck_mono_ms();
        if (inflight > 0) curl_multi_poll(multi, NULL, 0, (int)CK_MAX(1, CK_MIN(wait, 100)), NULL);
        else if (wait > 0) {
            struct timespec ts = {(time_t)(wait / 1000), (long)(wait % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
out:
    for (size_t i = 0; i < njobs; i++) {
        if (jobs[i].inflight) job_end(multi, &jobs[i]);
        ck_wb_free(&jobs[i].body);
        ck_wb_free(&jobs[i].resp);
    }
    if (multi) curl_multi_cleanup(multi);
    ck_free(jobs);
    if (auth) {
        memset(auth, 0, strlen(auth));
        ck_free(auth);
    }
    return rc;
}

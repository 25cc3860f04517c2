/*
 * h_telemetry.c — client metrics (KIP-714): GetTelemetrySubscriptions hands
 * each client an instance id and the subscription (which metrics, how
 * often, which compressions), PushTelemetry receives the client's OTLP
 * metrics, and /metrics shows the latest value of each metric per client
 * (ck_telemetry_render), so that an operator sees what the producers and
 * consumers themselves measure.
 *
 * The payload is an OpenTelemetry MetricsData protobuf, compressed with one
 * of the accepted codecs.  Only what is shown is decoded: each metric's
 * name, its gauge or sum data points (double or integer) and their
 * attributes; histograms and summaries are skipped.  The store is bounded
 * (clients, metrics per client) and forgets clients that stop pushing.
 *
 * Threads: handlers run on the event loops and the renderer on an HTTP
 * thread; one mutex guards the store.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "codec/codec.h"
#include "kafka/handlers.h"
#include "protocol/protocol.h"

#define TM_MAX_CLIENTS        1000
#define TM_MAX_METRICS        500          /* per client */
#define TM_MAX_KEY            512

typedef struct tm_metric {
    char   *key;                           /* name and attributes, rendered as labels */
    double  value;
} tm_metric;

typedef struct tm_client {
    uint8_t    id[16];
    char      *client_id;
    int64_t    last_push_ms;               /* monotonic; 0 before the first push */
    int64_t    seen_ms;                    /* last request of any kind */
    uint64_t   pushes;
    bool       terminating;
    tm_metric *metrics;
    int32_t    nmetrics;
} tm_client;

typedef struct ck_telemetry {
    pthread_mutex_t lock;
    tm_client     **clients;
    int32_t         nclients, cap;
    uint64_t        pushes_total, rejected_total;
} ck_telemetry;

static const ck_ext_key telemetry_key = {"telemetry"};
static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;

static void client_free(tm_client *c)
{
    for (int32_t i = 0; i < c->nmetrics; i++)
        ck_free(c->metrics[i].key);
    ck_free(c->metrics);
    ck_free(c->client_id);
    ck_free(c);
}

static void telemetry_free(void *opaque)
{
    ck_telemetry *tm = opaque;

    if (!tm)
        return;
    for (int32_t i = 0; i < tm->nclients; i++)
        client_free(tm->clients[i]);
    ck_free(tm->clients);
    pthread_mutex_destroy(&tm->lock);
    ck_free(tm);
}

/* eng's store, created on first use; freed with the Kafka feature. */
static ck_telemetry *telemetry_of(ck_engine *eng, bool create)
{
    ck_telemetry *tm = ck_engine_ext(eng, &telemetry_key);

    if (tm || !create)
        return tm;
    pthread_mutex_lock(&create_lock);
    tm = ck_engine_ext(eng, &telemetry_key);
    if (!tm) {
        tm = ck_calloc(1, sizeof(*tm));
        pthread_mutex_init(&tm->lock, NULL);
        if (ck_engine_ext_set(eng, &telemetry_key, tm) != 0) {
            telemetry_free(tm);
            tm = NULL;
        }
    }
    pthread_mutex_unlock(&create_lock);
    return tm;
}

void ck_telemetry_stop(ck_engine *eng)
{
    ck_telemetry *tm;

    pthread_mutex_lock(&create_lock);
    tm = ck_engine_ext(eng, &telemetry_key);
    ck_engine_ext_set(eng, &telemetry_key, NULL);
    pthread_mutex_unlock(&create_lock);
    telemetry_free(tm);
}

static int64_t push_interval(ck_engine *eng)
{
    return ck_conf_num(ck_engine_conf(eng), CK_BK_CLIENT_TELEMETRY_PUSH_INTERVAL_MS);
}

/* Drops clients silent for three push intervals, or terminated for one.
 * tm->lock held. */
static void sweep(ck_telemetry *tm, int64_t now, int64_t interval)
{
    for (int32_t i = 0; i < tm->nclients;) {
        tm_client *c = tm->clients[i];
        if (now - c->seen_ms > 3 * interval || (c->terminating && now - c->seen_ms > interval)) {
            tm->clients[i] = tm->clients[--tm->nclients];
            client_free(c);
            continue;
        }
        i++;
    }
}

static tm_client *client_find(ck_telemetry *tm, const uint8_t id[16])
{
    for (int32_t i = 0; i < tm->nclients; i++)
        if (memcmp(tm->clients[i]->id, id, 16) == 0)
            return tm->clients[i];
    return NULL;
}

/* The subscription id: a hash of what the subscription asks for, so a
 * configuration change makes clients fetch it again. */
static int32_t subscription_id(ck_engine *eng)
{
    const char *metrics = ck_conf_str(ck_engine_conf(eng), CK_BK_CLIENT_TELEMETRY_METRICS);
    uint32_t h = 2166136261u;

    for (const char *p = metrics; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    h = (h ^ (uint32_t)push_interval(eng)) * 16777619u;
    return (int32_t)(h & 0x7fffffff);
}

static bool id_zero(const uint8_t id[16])
{
    for (int i = 0; i < 16; i++)
        if (id[i])
            return false;
    return true;
}

/* ====================================================================== */
/* GetTelemetrySubscriptions                                               */
/* ====================================================================== */

/** @brief GetTelemetrySubscriptions v0: a new client instance id for a zero
 *  one, the subscription (client.telemetry.metrics prefixes, "*" for all;
 *  client.telemetry.push.interval.ms; telemetry.max.bytes), and zstd, lz4
 *  and gzip as accepted compressions. */
int ck_h_GetTelemetrySubscriptions(ck_kreq *req)
{
    const ck_GetTelemetrySubscriptionsRequest *r = req->body;
    ck_GetTelemetrySubscriptionsResponse resp;
    const chronik_conf_t *conf = ck_engine_conf(req->eng);
    const char *metrics = ck_conf_str(conf, CK_BK_CLIENT_TELEMETRY_METRICS);
    ck_telemetry *tm = telemetry_of(req->eng, true);
    int64_t now = ck_mono_ms();
    uint8_t id[16];
    int32_t n = 0;

    ck_GetTelemetrySubscriptionsResponse_init(&resp);
    memcpy(id, r->ClientInstanceId, 16);
    if (id_zero(id)) {
        if (getrandom(id, sizeof(id), 0) != (ssize_t)sizeof(id))
            for (int i = 0; i < 16; i++)
                id[i] = (uint8_t)((uint64_t)now >> (i % 8) ^ (uint64_t)i * 131u);
        id[6] = (uint8_t)((id[6] & 0x0f) | 0x40);      /* a version-4 UUID */
        id[8] = (uint8_t)((id[8] & 0x3f) | 0x80);
    }
    memcpy(resp.ClientInstanceId, id, 16);
    resp.SubscriptionId = subscription_id(req->eng);
    CK_ARRAY_ALLOC(&req->arena, resp.AcceptedCompressionTypes, 3);
    resp.AcceptedCompressionTypes.a[0] = CK_CODEC_ZSTD;
    resp.AcceptedCompressionTypes.a[1] = CK_CODEC_LZ4;
    resp.AcceptedCompressionTypes.a[2] = CK_CODEC_GZIP;
    resp.PushIntervalMs = (int32_t)push_interval(req->eng);
    resp.TelemetryMaxBytes = (int32_t)ck_conf_num(conf, CK_BK_TELEMETRY_MAX_BYTES);
    resp.DeltaTemporality = false;               /* cumulative: the latest value is the value */
    for (const char *p = metrics; *p;) {         /* count the prefixes */
        size_t l = strcspn(p, ",");
        n += l > 0;
        p += l + (p[l] == ',');
    }
    CK_ARRAY_ALLOC(&req->arena, resp.RequestedMetrics, n);
    n = 0;
    for (const char *p = metrics; *p;) {
        size_t l = strcspn(p, ",");
        if (l > 0) {
            resp.RequestedMetrics.a[n].p = ck_arena_strndup(&req->arena, p, l);
            resp.RequestedMetrics.a[n].len = (int32_t)l;
            n++;
        }
        p += l + (p[l] == ',');
    }
    if (tm) {
        pthread_mutex_lock(&tm->lock);
        sweep(tm, now, push_interval(req->eng));
        tm_client *c = client_find(tm, id);
        if (!c && tm->nclients < TM_MAX_CLIENTS) {
            c = ck_calloc(1, sizeof(*c));
            memcpy(c->id, id, 16);
            if (tm->nclients == tm->cap) {
                tm->cap = tm->cap ? tm->cap * 2 : 16;
                tm->clients = ck_realloc(tm->clients, sizeof(*tm->clients) * (size_t)tm->cap);
            }
            tm->clients[tm->nclients++] = c;
        }
        if (c) {
            c->seen_ms = now;
            if (req->client_id) {
                ck_free(c->client_id);
                c->client_id = ck_strdup(req->client_id);
            }
        }
        pthread_mutex_unlock(&tm->lock);
    }
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* OTLP metrics: the protobuf wire format, just what is shown              */
/* ====================================================================== */

typedef struct pb {
    const uint8_t *p, *end;
    bool           err;
} pb;

static uint64_t pb_varint(pb *r)
{
    uint64_t v = 0;

    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->err = true;
            return 0;
        }
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->err = true;
    return 0;
}

/* The next field's number and wire type; false at the end or on error. */
static bool pb_next(pb *r, uint32_t *field, uint32_t *wt)
{
    if (r->err || r->p >= r->end)
        return false;
    uint64_t tag = pb_varint(r);
    *field = (uint32_t)(tag >> 3);
    *wt = (uint32_t)(tag & 7);
    return !r->err && *field > 0;
}

static pb pb_sub(pb *r)
{
    pb s = { NULL, NULL, true };
    uint64_t len = pb_varint(r);

    if (r->err || len > (uint64_t)(r->end - r->p)) {
        r->err = true;
        return s;
    }
    s.p = r->p;
    s.end = r->p + len;
    s.err = false;
    r->p += len;
    return s;
}

static uint64_t pb_fixed64(pb *r)
{
    uint64_t v = 0;

    if (r->end - r->p < 8) {
        r->err = true;
        return 0;
    }
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | r->p[i];
    r->p += 8;
    return v;
}

static void pb_skip(pb *r, uint32_t wt)
{
    switch (wt) {
    case 0: pb_varint(r); break;
    case 1: if (r->end - r->p < 8) r->err = true; else r->p += 8; break;
    case 2: (void)pb_sub(r); break;
    case 5: if (r->end - r->p < 4) r->err = true; else r->p += 4; break;
    default: r->err = true; break;
    }
}

/* Appends `"k=v"`-style Prometheus label text for one KeyValue. */
static void kv_label(pb kv, ck_wb *lbl)
{
    uint32_t f, wt;
    const uint8_t *k = NULL;
    size_t kl = 0;
    char val[128] = "";

    while (pb_next(&kv, &f, &wt)) {
        if (f == 1 && wt == 2) {
            pb s = pb_sub(&kv);
            k = s.p;
            kl = (size_t)(s.end - s.p);
        } else if (f == 2 && wt == 2) {
            pb any = pb_sub(&kv);
            uint32_t af, awt;
            while (pb_next(&any, &af, &awt)) {
                if (af == 1 && awt == 2) {
                    pb s = pb_sub(&any);
                    snprintf(val, sizeof(val), "%.*s", (int)CK_MIN((size_t)(s.end - s.p), sizeof(val) - 1), s.p);
                } else if (af == 3 && awt == 0) {
                    snprintf(val, sizeof(val), "%lld", (long long)pb_varint(&any));
                } else if (af == 2 && awt == 0) {
                    snprintf(val, sizeof(val), "%s", pb_varint(&any) ? "true" : "false");
                } else {
                    pb_skip(&any, awt);
                }
            }
        } else {
            pb_skip(&kv, wt);
        }
    }
    if (!k || kv.err)
        return;
    if (lbl->len)
        ck_wb_put(lbl, ",", 1);
    ck_wb_put(lbl, k, CK_MIN(kl, (size_t)64));
    ck_wb_put(lbl, "=", 1);
    ck_wb_put(lbl, val, strlen(val));
}

typedef struct tm_sink {
    tm_client *c;
    int32_t    added;
} tm_sink;

static void sink_put(tm_sink *s, const char *key, double value)
{
    tm_client *c = s->c;

    for (int32_t i = 0; i < c->nmetrics; i++) {
        if (strcmp(c->metrics[i].key, key) == 0) {
            c->metrics[i].value = value;
            return;
        }
    }
    if (c->nmetrics >= TM_MAX_METRICS)
        return;
    c->metrics = ck_realloc(c->metrics, sizeof(*c->metrics) * (size_t)(c->nmetrics + 1));
    c->metrics[c->nmetrics].key = ck_strdup(key);
    c->metrics[c->nmetrics].value = value;
    c->nmetrics++;
    s->added++;
}

/* One NumberDataPoint of metric `name`. */
static void data_point(pb dp, const char *name, size_t nl, tm_sink *s)
{
    uint32_t f, wt;
    double value = 0;
    bool have = false;
    ck_wb lbl;
    char key[TM_MAX_KEY];

    ck_wb_init(&lbl, 64);
    while (pb_next(&dp, &f, &wt)) {
        if (f == 4 && wt == 1) {
            uint64_t bits = pb_fixed64(&dp);
            memcpy(&value, &bits, sizeof(value));
            have = true;
        } else if (f == 6 && wt == 1) {
            value = (double)(int64_t)pb_fixed64(&dp);
            have = true;
        } else if (f == 7 && wt == 2) {
            kv_label(pb_sub(&dp), &lbl);
        } else {
            pb_skip(&dp, wt);
        }
    }
    if (have && !dp.err) {
        snprintf(key, sizeof(key), "%.*s%s%.*s", (int)CK_MIN(nl, (size_t)300), name, lbl.len ? "|" : "",
                 (int)CK_MIN(lbl.len, (size_t)180), (const char *)lbl.buf);
        sink_put(s, key, value);
    }
    ck_wb_free(&lbl);
}

/* Gauge (5) and Sum (7): repeated NumberDataPoint data_points = 1. */
static void number_points(pb m, const char *name, size_t nl, tm_sink *s)
{
    uint32_t f, wt;

    while (pb_next(&m, &f, &wt)) {
        if (f == 1 && wt == 2)
            data_point(pb_sub(&m), name, nl, s);
        else
            pb_skip(&m, wt);
    }
}

static void metric(pb m, tm_sink *s)
{
    uint32_t f, wt;
    const char *name = NULL;
    size_t nl = 0;
    pb data = { NULL, NULL, true };

    while (pb_next(&m, &f, &wt)) {
        if (f == 1 && wt == 2) {
            pb n = pb_sub(&m);
            name = (const char *)n.p;
            nl = (size_t)(n.end - n.p);
        } else if ((f == 5 || f == 7) && wt == 2) {
            data = pb_sub(&m);
        } else {
            pb_skip(&m, wt);
        }
    }
    if (name && !data.err && !m.err)
        number_points(data, name, nl, s);
}

/* MetricsData → ResourceMetrics(1) → ScopeMetrics(2) → Metric(2).  Returns
 * false when the payload is not a well-formed MetricsData. */
static bool metrics_data(pb md, tm_sink *s)
{
    uint32_t f, wt;

    while (pb_next(&md, &f, &wt)) {
        if (f != 1 || wt != 2) {
            pb_skip(&md, wt);
            continue;
        }
        pb rm = pb_sub(&md);
        uint32_t rf, rwt;
        while (pb_next(&rm, &rf, &rwt)) {
            if (rf != 2 || rwt != 2) {
                pb_skip(&rm, rwt);
                continue;
            }
            pb sm = pb_sub(&rm);
            uint32_t sf, swt;
            while (pb_next(&sm, &sf, &swt)) {
                if (sf == 2 && swt == 2)
                    metric(pb_sub(&sm), s);
                else
                    pb_skip(&sm, swt);
            }
            if (sm.err)
                return false;
        }
        if (rm.err)
            return false;
    }
    return !md.err;
}

/* ====================================================================== */
/* PushTelemetry                                                           */
/* ====================================================================== */

/** @brief PushTelemetry v0: checks the client instance and subscription
 *  (UNKNOWN_SUBSCRIPTION_ID sends the client back to
 *  GetTelemetrySubscriptions), the push rate (THROTTLING_QUOTA_EXCEEDED
 *  before half an interval), the size (TELEMETRY_TOO_LARGE), the codec
 *  (UNSUPPORTED_COMPRESSION_TYPE) and the payload (INVALID_RECORD), then
 *  keeps the latest value of every metric. */
int ck_h_PushTelemetry(ck_kreq *req)
{
    const ck_PushTelemetryRequest *r = req->body;
    ck_PushTelemetryResponse resp;
    ck_telemetry *tm = telemetry_of(req->eng, true);
    const chronik_conf_t *conf = ck_engine_conf(req->eng);
    int64_t max_bytes = ck_conf_num(conf, CK_BK_TELEMETRY_MAX_BYTES);
    int64_t interval = push_interval(req->eng), now = ck_mono_ms();
    int16_t err = 0;
    ck_wb plain;
    const uint8_t *payload = r->Metrics.p;
    size_t plen = r->Metrics.len > 0 ? (size_t)r->Metrics.len : 0;
    tm_client *c;

    ck_PushTelemetryResponse_init(&resp);
    ck_wb_init(&plain, 0);
    if (id_zero(r->ClientInstanceId)) {
        err = CHRONIK_ERR_INVALID_REQUEST;
        goto respond;
    }
    if (r->SubscriptionId != subscription_id(req->eng)) {
        err = CHRONIK_ERR_UNKNOWN_SUBSCRIPTION_ID;
        goto respond;
    }
    if ((int64_t)plen > max_bytes) {
        err = CHRONIK_ERR_TELEMETRY_TOO_LARGE;
        goto respond;
    }
    if (r->CompressionType != CK_CODEC_NONE) {
        char cerr[128];
        if (r->CompressionType != CK_CODEC_ZSTD && r->CompressionType != CK_CODEC_LZ4 &&
            r->CompressionType != CK_CODEC_GZIP) {
            err = CHRONIK_ERR_UNSUPPORTED_COMPRESSION_TYPE;
            goto respond;
        }
        if (ck_decompress(r->CompressionType, payload, plen, (size_t)max_bytes * 16, &plain, cerr, sizeof(cerr)) != 0) {
            err = CHRONIK_ERR_INVALID_RECORD;
            goto respond;
        }
        payload = plain.buf;
        plen = plain.len;
    }
    if (!tm) {
        err = CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
        goto respond;
    }
    pthread_mutex_lock(&tm->lock);
    c = client_find(tm, r->ClientInstanceId);
    if (!c) {
        err = CHRONIK_ERR_UNKNOWN_SUBSCRIPTION_ID;     /* e.g. after a restart: subscribe again */
    } else if (!r->Terminating && c->last_push_ms && now - c->last_push_ms < interval / 2) {
        err = CHRONIK_ERR_THROTTLING_QUOTA_EXCEEDED;
    } else {
        tm_sink s = { c, 0 };
        pb md = { payload, payload + plen, false };
        if (!metrics_data(md, &s)) {
            err = CHRONIK_ERR_INVALID_RECORD;
        } else {
            c->last_push_ms = now;
            c->seen_ms = now;
            c->pushes++;
            c->terminating = r->Terminating;
            if (req->client_id && (!c->client_id || strcmp(c->client_id, req->client_id) != 0)) {
                ck_free(c->client_id);
                c->client_id = ck_strdup(req->client_id);
            }
            tm->pushes_total++;
        }
    }
    if (err)
        tm->rejected_total++;
    pthread_mutex_unlock(&tm->lock);
respond:
    resp.ErrorCode = err;
    ck_wb_free(&plain);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* /metrics                                                                */
/* ====================================================================== */

static void wb_puts(ck_wb *out, const char *s)
{
    ck_wb_put(out, s, strlen(s));
}

static void label_value(ck_wb *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\\' || ch == '"')
            ck_wb_put(out, "\\", 1);
        if (ch == '\n') {
            ck_wb_put(out, "\\n", 2);
            continue;
        }
        ck_wb_put(out, &ch, 1);
    }
}

void ck_telemetry_render(ck_engine *eng, ck_wb *out)
{
    ck_telemetry *tm = telemetry_of(eng, false);
    char buf[128];

    if (!tm)
        return;
    pthread_mutex_lock(&tm->lock);
    sweep(tm, ck_mono_ms(), push_interval(eng));
    snprintf(buf, sizeof(buf), "%d\n", (int)tm->nclients);
    wb_puts(out, "# HELP chronik_client_telemetry_clients Clients subscribed to telemetry (KIP-714).\n"
                    "# TYPE chronik_client_telemetry_clients gauge\nchronik_client_telemetry_clients ");
    wb_puts(out, buf);
    snprintf(buf, sizeof(buf), "\nchronik_client_telemetry_pushes_total %llu\nchronik_client_telemetry_rejected_total %llu\n",
             (unsigned long long)tm->pushes_total, (unsigned long long)tm->rejected_total);
    wb_puts(out, "# HELP chronik_client_telemetry_pushes_total Telemetry pushes accepted.\n"
                    "# TYPE chronik_client_telemetry_pushes_total counter\n"
                    "# HELP chronik_client_telemetry_rejected_total Telemetry pushes refused.\n"
                    "# TYPE chronik_client_telemetry_rejected_total counter");
    wb_puts(out, buf);
    wb_puts(out, "# HELP chronik_client_metric The latest value of each metric a client pushed (KIP-714): "
                    "metric is the client's metric name, attributes its data point's attributes.\n"
                    "# TYPE chronik_client_metric gauge\n");
    for (int32_t i = 0; i < tm->nclients; i++) {
        const tm_client *c = tm->clients[i];
        char uuid[40];
        snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 c->id[0], c->id[1], c->id[2], c->id[3], c->id[4], c->id[5], c->id[6], c->id[7], c->id[8],
                 c->id[9], c->id[10], c->id[11], c->id[12], c->id[13], c->id[14], c->id[15]);
        for (int32_t k = 0; k < c->nmetrics; k++) {
            const char *key = c->metrics[k].key, *bar = strchr(key, '|');
            size_t nl = bar ? (size_t)(bar - key) : strlen(key);
            wb_puts(out, "chronik_client_metric{client_id=\"");
            label_value(out, c->client_id ? c->client_id : "", strlen(c->client_id ? c->client_id : ""));
            wb_puts(out, "\",client_instance_id=\"");
            wb_puts(out, uuid);
            wb_puts(out, "\",metric=\"");
            label_value(out, key, nl);
            wb_puts(out, "\",attributes=\"");
            if (bar)
                label_value(out, bar + 1, strlen(bar + 1));
            snprintf(buf, sizeof(buf), "\"} %.17g\n", c->metrics[k].value);
            wb_puts(out, buf);
        }
    }
    pthread_mutex_unlock(&tm->lock);
}

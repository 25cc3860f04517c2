/*
 * metrics.c — GET /metrics: gathers the engine's counters (messages and
 * bytes in and out, produce and fetch latency, connections), the storage
 * used by every partition, the SQL layer's query counters and the REST
 * layer's own counters (responses by status, a latency histogram of /_sql
 * queries), the client-quota throttle counters, and renders them in the Prometheus text exposition format
 * (version 0.0.4) with a HELP and a TYPE line per family.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>

#include "http/http_int.h"

#define LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)

void ck_http_metrics_collect(ck_engine *eng, ck_http *srv, ck_http_metrics *m) {
    memset(m, 0, sizeof(*m));
    ck_engine_stats *s = ck_engine_stats_get(eng);
    m->eng.messages_in = LOAD(&s->messages_in);
    m->eng.bytes_in = LOAD(&s->bytes_in);
    m->eng.batches_in = LOAD(&s->batches_in);
    m->eng.messages_out = LOAD(&s->messages_out);
    m->eng.bytes_out = LOAD(&s->bytes_out);
    m->eng.produce_requests = LOAD(&s->produce_requests);
    m->eng.fetch_requests = LOAD(&s->fetch_requests);
    ck_hist_snapshot(&m->eng.produce_latency, &s->produce_latency);
    ck_hist_snapshot(&m->eng.fetch_latency, &s->fetch_latency);
    m->eng.active_connections = LOAD(&s->active_connections);
    m->eng.cleaner_passes = LOAD(&s->cleaner_passes);
    m->eng.cleaner_segments = LOAD(&s->cleaner_segments);
    m->eng.cleaner_bytes_read = LOAD(&s->cleaner_bytes_read);
    m->eng.cleaner_bytes_written = LOAD(&s->cleaner_bytes_written);
    m->eng.cleaner_records_removed = LOAD(&s->cleaner_records_removed);
    m->eng.cleaner_errors = LOAD(&s->cleaner_errors);
    m->eng.cleaner_max_dirty_ratio_ppm = LOAD(&s->cleaner_max_dirty_ratio_ppm);
    m->eng.cleaner_max_lag_ms = LOAD(&s->cleaner_max_lag_ms);
    m->eng.cleaner_rounds = LOAD(&s->cleaner_rounds);
    if (ck_security_of(eng) != NULL) {
        m->has_quota = true;
        ck_quota_stats_get(ck_security_of(eng), &m->quota);
    }

    size_t n = 0;
    ck_topic **ts = ck_engine_topic_list(eng, &n);
    for (size_t i = 0; i < n; i++) {
        if (ck_topic_deleted(ts[i])) continue;
        m->topics++;
        int32_t np = ck_topic_partition_count(ts[i]);
        for (int32_t j = 0; j < np; j++) {
            ck_partition *p = ck_topic_partition(ts[i], j);
            if (!p) continue;
            m->partitions++;
            ck_part_offsets o;
            ck_partition_offsets(p, &o);
            m->storage_bytes += ck_partition_size_bytes(p);
            m->messages_stored += o.high_watermark;
        }
    }
    ck_topics_release(ts, n);

    ck_sql *sql = ck_sql_of(eng);
    if (sql) {
        m->has_sql = true;
        ck_sql_stats_get(sql, &m->sql);
    }
    ck_search *search = ck_search_of(eng);
    if (search) {
        m->has_search = true;
        ck_search_stats_get(search, &m->search);
    }
    if (srv) {
        ck_hist_snapshot(&m->search_latency, &srv->search_latency);
        ck_hist_snapshot(&m->sql_latency, &srv->sql_latency);
        for (size_t i = 0; i < CK_ARRAY_LEN(m->http_status); i++) m->http_status[i] = LOAD(&srv->status[i]);
        m->uptime_ms = ck_mono_ms() - srv->started_ms;
    }
}

/* ===================================================================== */
/* Rendering                                                             */
/* ===================================================================== */

static void put(ck_wb *out, const char *fmt, ...) CK_PRINTF(2, 3);
static void put(ck_wb *out, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0) ck_wb_put(out, buf, CK_MIN((size_t)n, sizeof(buf) - 1));
}

static void family(ck_wb *out, const char *name, const char *type, const char *help) {
    put(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void counter(ck_wb *out, const char *name, const char *help, uint64_t v) {
    family(out, name, "counter", help);
    put(out, "%s %" PRIu64 "\n", name, v);
}

static void gauge(ck_wb *out, const char *name, const char *help, int64_t v) {
    family(out, name, "gauge", help);
    put(out, "%s %" PRId64 "\n", name, v);
}

/* A summary without quantiles: only _sum (seconds) and _count. */
static void summary(ck_wb *out, const char *name, const char *help, uint64_t sum_us, uint64_t count) {
    family(out, name, "summary", help);
    put(out, "%s_sum %.6f\n%s_count %" PRIu64 "\n", name, (double)sum_us / 1e6, name, count);
}

static void histogram(ck_wb *out, const char *name, const char *help, const ck_hist *h) {
    family(out, name, "histogram", help);
    uint64_t cum = 0;
    for (size_t i = 0; i < CK_HIST_BUCKETS; i++) {
        cum += h->bucket[i];
        put(out, "%s_bucket{le=\"%g\"} %" PRIu64 "\n", name, ck_hist_bounds[i], cum);
    }
    cum += h->bucket[CK_HIST_BUCKETS];
    /* count and the +Inf bucket must agree even if read mid-update. */
    put(out, "%s_bucket{le=\"+Inf\"} %" PRIu64 "\n", name, cum);
    put(out, "%s_sum %.6f\n%s_count %" PRIu64 "\n", name, (double)h->sum_us / 1e6, name, cum);
}

void ck_http_metrics_render(const ck_http_metrics *m, ck_wb *out) {
    const ck_engine_stats *e = &m->eng;
    counter(out, "chronik_messages_received_total", "Records appended to partition logs.", e->messages_in);
    counter(out, "chronik_messages_stored_total",
            "Records durably stored: the sum of the partitions' high watermarks (offsets).",
            (uint64_t)m->messages_stored);
    counter(out, "chronik_bytes_received_total", "Bytes of record batches appended.", e->bytes_in);
    counter(out, "chronik_batches_received_total", "Record batches appended.", e->batches_in);
    counter(out, "chronik_messages_sent_total", "Records handed out by fetches.", e->messages_out);
    counter(out, "chronik_bytes_sent_total", "Bytes handed out by fetches.", e->bytes_out);
    counter(out, "chronik_produce_requests_total", "Produce requests handled.", e->produce_requests);
    counter(out, "chronik_fetch_requests_total", "Fetch requests handled.", e->fetch_requests);
    histogram(out, "chronik_produce_latency_seconds",
              "Time from receiving a produce to acknowledging it (after fsync under flush.policy=always).",
              &e->produce_latency);
    histogram(out, "chronik_fetch_latency_seconds", "Time to answer a fetch (including long-poll waits).",
              &e->fetch_latency);
    gauge(out, "chronik_storage_usage_bytes", "Bytes of log segments on disk over all partitions.",
          m->storage_bytes);
    gauge(out, "chronik_active_connections", "Open Kafka client connections.", (int64_t)e->active_connections);
    gauge(out, "chronik_topics", "Topics.", m->topics);
    gauge(out, "chronik_partitions", "Partitions over all topics.", m->partitions);
    /* log cleaner (cleanup.policy=compact topics) */
    counter(out, "chronik_log_cleaner_rounds_total", "Rounds of the log cleaner over the compacted partitions.",
            e->cleaner_rounds);
    counter(out, "chronik_log_cleaner_passes_total", "Compaction passes that were due and ran.", e->cleaner_passes);
    counter(out, "chronik_log_cleaner_segments_cleaned_total", "Segments rewritten by compaction.",
            e->cleaner_segments);
    counter(out, "chronik_log_cleaner_bytes_read_total", "Bytes read by compaction passes.", e->cleaner_bytes_read);
    counter(out, "chronik_log_cleaner_bytes_written_total", "Bytes of the segments compaction rewrote.",
            e->cleaner_bytes_written);
    counter(out, "chronik_log_cleaner_records_removed_total",
            "Records compaction removed (superseded, expired tombstones, aborted).", e->cleaner_records_removed);
    counter(out, "chronik_log_cleaner_errors_total", "Compaction passes that failed.", e->cleaner_errors);
    family(out, "chronik_log_cleaner_max_dirty_ratio", "gauge",
           "Largest dirty ratio (dirty over cleanable bytes) of a compacted partition at the last round.");
    put(out, "chronik_log_cleaner_max_dirty_ratio %.6f\n", (double)e->cleaner_max_dirty_ratio_ppm / 1e6);
    gauge(out, "chronik_log_cleaner_max_compaction_lag_ms",
          "Age of the oldest dirty record of a compacted partition at the last round.",
          (int64_t)e->cleaner_max_lag_ms);
    if (m->has_sql) {
        const ck_sql_stats *q = &m->sql;
        counter(out, "chronik_sql_queries_total", "SQL statements run (REST and C API).", q->queries);
        counter(out, "chronik_sql_query_errors_total", "SQL statements that failed (any error).", q->errors);
        counter(out, "chronik_sql_query_timeouts_total", "SQL statements stopped by sql.timeout.ms.", q->timeouts);
        counter(out, "chronik_sql_queries_rejected_total", "SQL statements rejected as not read-only.", q->rejected);
        summary(out, "chronik_sql_query_latency_seconds", "Time spent running SQL statements (REST and C API).",
                q->latency_us_sum, q->queries);
        counter(out, "chronik_sql_rows_returned_total", "Rows returned by SQL statements.", q->rows_returned);
        counter(out, "chronik_sql_rows_materialized_total", "Rows written to columnar tables.", q->rows_materialized);
        counter(out, "chronik_sql_materializer_commits_total", "Transactions committed by the materializer.",
                q->materializer_commits);
    }
    if (m->has_search) {
        const ck_search_stats *x = &m->search;
        counter(out, "chronik_search_queries_total", "Searches and counts run (REST and C API).", x->queries);
        counter(out, "chronik_search_query_errors_total", "Searches answered with an error.", x->errors);
        counter(out, "chronik_search_query_timeouts_total", "Searches cut by search.timeout.ms (partial answers).",
                x->timeouts);
        summary(out, "chronik_search_query_latency_seconds", "Time spent running searches.", x->query_us, x->queries);
        counter(out, "chronik_search_docs_indexed_total", "Records indexed since the engine opened.", x->docs_indexed);
        counter(out, "chronik_search_index_commits_total", "Transactions committed by the indexer.", x->commits);
        counter(out, "chronik_search_index_rebuilds_total", "Indexes rebuilt from the log (damaged, config change).",
                x->rebuilds);
        gauge(out, "chronik_search_indexes", "Searchable topics with an index.", x->indexes);
        gauge(out, "chronik_search_docs", "Documents in the search indexes.", x->docs);
        gauge(out, "chronik_search_lag_records", "Acknowledged records not indexed yet (all indexes).", x->lag_records);
        gauge(out, "chronik_search_lag_ms", "Largest produce-to-indexed delay of the last indexer commits, ms.",
              x->lag_ms);
        gauge(out, "chronik_search_backfill_pending_records",
              "Records the log already held when an index (re)started that are not indexed yet.", x->backfill_pending);
    }
    if (m->has_quota) {
        static const char *const types[CK_QUOTA__COUNT] = {"produce", "fetch", "request"};
        family(out, "chronik_quota_throttled_total", "counter",
               "Kafka requests answered with a throttle time by client quotas, by quota type.");
        for (size_t i = 0; i < CK_QUOTA__COUNT; i++)
            put(out, "chronik_quota_throttled_total{type=\"%s\"} %" PRIu64 "\n", types[i], m->quota.throttled[i]);
        family(out, "chronik_quota_throttle_seconds_total", "counter",
               "Sum of the throttle times client quotas imposed, by quota type.");
        for (size_t i = 0; i < CK_QUOTA__COUNT; i++)
            put(out, "chronik_quota_throttle_seconds_total{type=\"%s\"} %.3f\n", types[i],
                (double)m->quota.throttle_ms[i] / 1000.0);
    }
    histogram(out, "chronik_http_sql_query_duration_seconds", "Duration of POST /_sql queries.", &m->sql_latency);
    histogram(out, "chronik_http_search_duration_seconds", "Duration of /_search and /_count requests.",
              &m->search_latency);
    family(out, "chronik_http_responses_total", "counter", "REST responses by HTTP status.");
    for (size_t i = 0; i < CK_ARRAY_LEN(m->http_status); i++)
        if (m->http_status[i])
            put(out, "chronik_http_responses_total{code=\"%zu\"} %" PRIu64 "\n", i + 100, m->http_status[i]);
    gauge(out, "chronik_uptime_seconds", "Seconds since the REST listener started.", m->uptime_ms / 1000);
}

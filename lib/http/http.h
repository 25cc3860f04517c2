/*
 * http.h — the REST API of libchronik, served by libmicrohttpd.  It sits on
 * top of every other layer: topics are administered through the engine
 * (/topics), SQL goes to lib/sql (/_sql, /_sql/describe/{topic},
 * /_sql/tables), search to lib/search (the Elasticsearch-compatible
 * endpoints of search_routes.c: /, /_search, /{index}/_search, ...), and
 * /metrics renders engine, SQL and HTTP counters in the
 * Prometheus text exposition format; /health answers liveness probes.
 *
 * Request bodies are JSON, tokenized with jsmn and then validated strictly
 * (separators, literals, numbers, string escapes and UTF-8, one root value,
 * nesting depth): a malformed body is a 400 with a reason, a field of the
 * wrong type a 400 naming the field.  Responses are JSON written with
 * ck_json_*; errors are {"error":{"type","reason"},"status":N}.
 *
 * Security: when admin.api.key is set, the mutating endpoints (POST /topics,
 * DELETE /topics/{name}, and browse_routes.c's POST /topics/{t}/records,
 * POST /topics/{t}/configs, POST /groups/{id}/reset) require it in `X-API-Key` or `Authorization:
 * Bearer`, compared in constant time (401 otherwise).  Reads — GET
 * endpoints and POST /_sql, which only runs read-only statements — stay open,
 * as Kafka fetches do.
 *
 * Threads: libmicrohttpd runs one thread per connection (poll-based, so
 * descriptor numbers above FD_SETSIZE are fine); every function here may be
 * called from any thread unless its contract says otherwise.
 */
#ifndef CK_HTTP_H
#define CK_HTTP_H

#include "chronik.h"
#include "engine/engine.h"
#include "search/search.h"
#include "security/security.h"
#include "sql/sql.h"
#include "util/util.h"

typedef struct ck_http ck_http;

/* ---------------------------------------------------------------------- */
/* Lifecycle                                                                */
/* ---------------------------------------------------------------------- */

/** @brief Starts the REST listener of eng on host_port ("host:port",
 *  "[v6]:port", or ":port" for eng's bind.address; port 0 picks a free
 *  port).  *bound_port (may be
 *  NULL) receives the port; *out an opaque ck_http* for ck_http_stop.
 *  Returns 0, or INVALID_ARG (bad address, err says why) / IO (bind or
 *  daemon start failed).  Call from the thread that owns eng's lifecycle. */
int ck_http_start(ck_engine *eng, const char *host_port, int *bound_port, void **out, char *err, size_t errlen);
/** @brief Stops the listener: closes the socket, waits for the connection
 *  threads (a running SQL query finishes first) and frees it.  NULL does
 *  nothing.  Call before the engine closes. */
void ck_http_stop(void *http);
/** @brief The port the listener is bound to. */
int ck_http_port(const ck_http *http);
/** @brief The running REST listener of eng (started by chronik_http_listen),
 *  or NULL.  Borrowed: valid until chronik_close. */
ck_http *ck_http_of(ck_engine *eng);
/** @brief The REST listener feature (lib/chronik's table): started on demand
 *  by chronik_http_listen / chronik_serve, stopped at close. */
extern const ck_feature ck_http_feature;

/* ---------------------------------------------------------------------- */
/* Routing (transport-independent, also used by the unit tests)            */
/* ---------------------------------------------------------------------- */

/* A response being built.  body is JSON (or Prometheus text for /metrics). */
typedef struct ck_http_resp {
    int         status;
    const char *content_type;    /* static string */
    const char *allow;           /* Allow header (405), static, or NULL */
    bool        auth_challenge;  /* 401: add WWW-Authenticate */
    char        location[300];   /* Location header (201), or "" */
    bool        es_product;      /* add X-Elastic-Product: Elasticsearch */
    bool        console;         /* a console page: add its Content-Security-Policy */
    ck_wb       body;
} ck_http_resp;

/** @brief Initializes r (status 500, empty body). */
void ck_http_resp_init(ck_http_resp *r);
/** @brief Releases r's body.  r may be initialized again afterwards. */
void ck_http_resp_free(ck_http_resp *r);

/** @brief Checks what can be decided before a body arrives: the route
 *  exists (else 404), the method is allowed (else 405 with Allow), and the
 *  credential (api_key, klen bytes; NULL when none was presented) when the
 *  endpoint mutates and admin.api.key is set (else 401).  Returns true to
 *  go on; false with resp filled with the error. */
bool ck_http_preflight(ck_http *srv, const char *method, const char *path, const char *api_key, size_t klen,
                       ck_http_resp *resp);
/** @brief Handles one complete request (preflight included): method, path
 *  (decoded, without the query string), the credential as for preflight and
 *  the body (len bytes, may be NULL when len is 0).  Fills resp.  Any
 *  thread; blocking (SQL queries, fsyncs of topic creation). */
void ck_http_route(ck_http *srv, const char *method, const char *path, const char *api_key, size_t klen,
                   const char *body, size_t len, ck_http_resp *resp);
/** @brief ck_http_route with the request's URL parameters (args: a
 *  NULL-terminated key, value list, decoded; may be NULL), which the
 *  search endpoints read (q, size, format, ...). */
void ck_http_route_args(ck_http *srv, const char *method, const char *path, const char *const *args,
                        const char *api_key, size_t klen, const char *body, size_t len, ck_http_resp *resp);
/** @brief Counts a response of status (for chronik_http_requests_total). */
void ck_http_count_status(ck_http *srv, int status);

/** @brief Constant-time comparison of a presented key with the expected
 *  one: the time depends only on glen, never on where they differ or on
 *  the expected key. */
bool ck_http_key_equal(const char *given, size_t glen, const char *expected, size_t elen);

/* ---------------------------------------------------------------------- */
/* JSON input (jsmn underneath, validated strictly)                        */
/* ---------------------------------------------------------------------- */

typedef enum ck_jtype {
    CK_J_OBJECT = 1, CK_J_ARRAY, CK_J_STRING, CK_J_NUMBER, CK_J_TRUE, CK_J_FALSE, CK_J_NULL
} ck_jtype;

/* One value of a document.  start/end delimit its text (strings include
 * their quotes); next is the index just after its subtree, so siblings are
 * reached in O(1); count is the number of members (object: pairs). */
typedef struct ck_jtok {
    ck_jtype type;
    int32_t  start, end;
    int32_t  next;
    int32_t  count;
} ck_jtok;

typedef struct ck_jdoc {
    const char *js;          /* borrowed: the parsed text */
    size_t      len;
    ck_jtok    *tok;         /* tok[0] is the root */
    int32_t     ntok;
} ck_jdoc;

#define CK_HTTP_JSON_MAX_DEPTH 64

/** @brief Parses and validates js (len bytes; js must outlive doc).  0, or
 *  -1 with err describing the first problem (and its byte offset); doc is
 *  then empty.  Free with ck_http_json_free. */
int ck_http_json_parse(ck_jdoc *doc, const char *js, size_t len, char *err, size_t errlen);
/** @brief Releases doc's tokens (not the text); doc is left empty. */
void ck_http_json_free(ck_jdoc *doc);
/** @brief The first child of container c (object: its first key), or -1. */
int32_t ck_http_json_first(const ck_jdoc *doc, int32_t c);
/** @brief The sibling after child within container c, or -1. */
int32_t ck_http_json_next(const ck_jdoc *doc, int32_t c, int32_t child);
/** @brief The value of member key in object obj: its index, -1 when
 *  absent, -2 when the key appears more than once. */
int32_t ck_http_json_member(const ck_jdoc *doc, int32_t obj, const char *key);
/** @brief true when string token idx equals s (after unescaping). */
bool ck_http_json_str_eq(const ck_jdoc *doc, int32_t idx, const char *s);
/** @brief The unescaped UTF-8 text of string token idx, NUL-terminated
 *  (ck_malloc'd: ck_free it); *len (may be NULL) its length, which may
 *  include NUL bytes from \u0000.  NULL when idx is not a string. */
char *ck_http_json_string(const ck_jdoc *doc, int32_t idx, size_t *len);
/** @brief An integral number token (no fraction or exponent) in int64 range. */
bool ck_http_json_int(const ck_jdoc *doc, int32_t idx, int64_t *out);
/** @brief Any number token as a double. */
bool ck_http_json_double(const ck_jdoc *doc, int32_t idx, double *out);
/** @brief "object", "array", "string", "number", "boolean" or "null". */
const char *ck_http_json_type_name(ck_jtype t);

/* ---------------------------------------------------------------------- */
/* Request bodies                                                           */
/* ---------------------------------------------------------------------- */

/* POST /topics {"name", "partitions"?, "replication_factor"?, "config"?} */
typedef struct ck_http_topic_req {
    char    *name;
    int32_t  partitions;     /* -1: the broker's num.partitions */
    char   **configs;        /* NULL-terminated key, value list (values as strings) */
    size_t   nconfigs;       /* pairs */
} ck_http_topic_req;

/** @brief Parses a topic creation body into out.  0, or -1 with err (the
 *  JSON problem, or the field and what is wrong with it).  Free out with
 *  ck_http_topic_req_free in both cases. */
int  ck_http_parse_topic_req(const char *body, size_t len, ck_http_topic_req *out, char *err, size_t errlen);
/** @brief Releases what req owns; req is left empty.  NULL does nothing. */
void ck_http_topic_req_free(ck_http_topic_req *req);

/* POST /_sql {"query", "params"?: [scalars], "limit"?: N} */
typedef struct ck_http_sql_req {
    char                *query;
    chronik_sql_value_t *params;   /* TEXT data ck_malloc'd and owned */
    size_t               nparams;
    int64_t              limit;    /* 0: sql.max.rows */
} ck_http_sql_req;

/** @brief Parses a /_sql body into out.  0, or -1 with err naming the
 *  problem.  Free out with ck_http_sql_req_free in both cases. */
int  ck_http_parse_sql_req(const char *body, size_t len, ck_http_sql_req *out, char *err, size_t errlen);
/** @brief Releases what req owns (query, params and their text); NULL does nothing. */
void ck_http_sql_req_free(ck_http_sql_req *req);

/* ---------------------------------------------------------------------- */
/* Metrics                                                                  */
/* ---------------------------------------------------------------------- */

/* Latency histograms are ck_hist (lib/util). */

/* Everything /metrics shows, gathered at one moment. */
typedef struct ck_http_metrics {
    ck_engine_stats eng;
    int64_t         topics, partitions;
    int64_t         storage_bytes;        /* sum of the partitions' .log files */
    int64_t         messages_stored;      /* sum of the partitions' high watermarks */
    bool            has_sql;
    ck_sql_stats    sql;
    bool            has_quota;            /* the security feature is running */
    ck_quota_stats  quota;
    ck_hist    sql_latency;          /* REST /_sql queries */
    bool            has_search;
    ck_search_stats search;
    ck_hist         search_latency;       /* REST /_search and /_count */
    uint64_t        http_status[500];     /* responses by status 100..599 */
    int64_t         uptime_ms;
} ck_http_metrics;

/** @brief Fills m from eng (stats, topics, storage) and srv (may be NULL:
 *  no HTTP counters).  Any thread; takes each partition's lock briefly. */
void ck_http_metrics_collect(ck_engine *eng, ck_http *srv, ck_http_metrics *m);
/** @brief Appends m in the Prometheus text exposition format (0.0.4) to out:
 *  a HELP and a TYPE line before each metric family. */
void ck_http_metrics_render(const ck_http_metrics *m, ck_wb *out);

#endif

/*
 * http_int.h — the listener object shared by server.c (libmicrohttpd glue),
 * routes.c (endpoint handlers) and metrics.c (counters).  Nothing outside
 * lib/http includes it.
 */
#ifndef CK_HTTP_INT_H
#define CK_HTTP_INT_H

#include "http/http.h"

struct MHD_Daemon;

struct ck_http {
    ck_engine         *eng;
    struct MHD_Daemon *daemon;
    int                port;
    char              *admin_key;        /* "" when not required */
    size_t             admin_key_len;
    int64_t            max_body;         /* http.max.body.bytes */
    int64_t            started_ms;       /* monotonic */
    ck_hist       sql_latency;      /* relaxed atomics */
    ck_hist            search_latency;   /* /_search and /_count, relaxed atomics */
    uint64_t           status[500];      /* responses by status 100..599, relaxed atomics */
    bool               starting;         /* MHD messages go to start_err */
    char               start_err[256];
};

#define CK_HTTP_SUB "http"

/* An Elasticsearch-compatible route (search_routes.c): the operation
 * (ck_search_op), its {index} and {id}. */
typedef struct ck_http_search_route {
    int  op;
    char index[512];
    char id[600];
} ck_http_search_route;

/** @brief true when path is one of the search endpoints (rt filled). */
bool ck_http_search_match(const char *path, ck_http_search_route *rt);
/** @brief Whether method is allowed on rt; *allow the Allow header. */
bool ck_http_search_method_ok(const ck_http_search_route *rt, const char *method, const char **allow);
/** @brief Answers a search route (args: the URL parameters, NULL-terminated
 *  key, value list, may be NULL).  Any thread; blocking. */
void ck_http_search_handle(ck_http *srv, const ck_http_search_route *rt, const char *const *args, const char *body,
                           size_t len, ck_http_resp *resp);

#endif

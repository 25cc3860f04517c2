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
    uint64_t           status[500];      /* responses by status 100..599, relaxed atomics */
    bool               starting;         /* MHD messages go to start_err */
    char               start_err[256];
};

#define CK_HTTP_SUB "http"

#endif

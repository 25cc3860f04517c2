/*
 * browse_routes.h — the REST endpoints behind the web console
 * (browse_routes.c): records of a partition, producing a record, topic
 * config edits, consumer groups with lag and offset resets, the overview,
 * and the console's own files.  server.c hands them every request they
 * own, with the query string and the Accept header the other routes do not
 * need.  Nothing outside lib/http includes it.
 */
#ifndef CK_HTTP_BROWSE_ROUTES_H
#define CK_HTTP_BROWSE_ROUTES_H

#include "http/http_int.h"

#define CK_HTTP_QUERY_MAX 16

/* Decoded query parameters (borrowed strings: valid for the request). */
typedef struct ck_http_query {
    const char *key[CK_HTTP_QUERY_MAX];
    const char *val[CK_HTTP_QUERY_MAX];   /* "" for a key without a value */
    int         n;
} ck_http_query;

/** @brief true when method/path (accept: the Accept header or NULL) is a
 *  browse or console route: these functions then answer it, 404 included. */
bool ck_http_browse_owns(const char *method, const char *path, const char *accept);
/** @brief Preflight of a request ck_http_browse_owns took: route, method
 *  (405 with Allow), the admin key of mutating endpoints (401), and
 *  http.console for the console's files (404 when off).  true to go on;
 *  false with resp filled.  Any thread. */
bool ck_http_browse_preflight(ck_http *srv, const char *method, const char *path, const char *accept,
                              const char *api_key, size_t klen, ck_http_resp *resp);
/** @brief Handles one request ck_http_browse_owns took (preflight
 *  included); q may be NULL (no parameters).  Any thread; blocking
 *  (produce waits for durability, a tail read may wait up to wait_ms). */
void ck_http_browse_route(ck_http *srv, const char *method, const char *path, const char *accept,
                          const ck_http_query *q, const char *api_key, size_t klen, const char *body, size_t len,
                          ck_http_resp *resp);

#endif

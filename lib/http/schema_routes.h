/*
 * schema_routes.h — Confluent Schema Registry's REST API (schema_routes.c)
 * on the REST listener: routes.c hands it every path under /subjects,
 * /schemas, /config, /mode and /compatibility.  Nothing outside lib/http
 * includes it.
 */
#ifndef CK_HTTP_SCHEMA_ROUTES_H
#define CK_HTTP_SCHEMA_ROUTES_H

#include "http/http_int.h"

/** @brief true when path (its query string, if any, ignored) belongs to
 *  the schema registry. */
bool ck_http_schema_owns(const char *path);
/** @brief Preflight of a registry path: the route exists (else 404 with
 *  error_code 404), allows method (else 405) and, when it mutates and
 *  admin.api.key is set, the key is right (else 401).  true to go on. */
bool ck_http_schema_preflight(ck_http *srv, const char *method, const char *path, const char *key, size_t klen,
                              ck_http_resp *resp);
/** @brief Handles one registry request: path may carry "?query" (the
 *  transport appends the request's arguments, percent-encoded).  Any
 *  thread; blocking (writes are durable before the answer). */
void ck_http_schema_route(ck_http *srv, const char *method, const char *path, const char *key, size_t klen,
                          const char *body, size_t len, ck_http_resp *resp);

#endif

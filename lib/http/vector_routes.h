/*
 * vector_routes.h — the /_vector endpoints of the REST API (vector_routes.c),
 * which routes.c hands every path under /_vector/ to.  Nothing outside
 * lib/http includes it.
 */
#ifndef CK_HTTP_VECTOR_ROUTES_H
#define CK_HTTP_VECTOR_ROUTES_H

#include "http/http_int.h"

/** @brief true when path is under /_vector/ (these functions own it). */
bool ck_http_vector_owns(const char *path);
/** @brief Preflight of a /_vector path: the route exists (else 404) and
 *  allows method (else 405 with Allow).  true to go on; false with resp
 *  filled.  Any thread. */
bool ck_http_vector_preflight(ck_http *srv, const char *method, const char *path, ck_http_resp *resp);
/** @brief Handles one /_vector request (preflight included).  Any thread;
 *  blocking (a search may call an embeddings endpoint). */
void ck_http_vector_route(ck_http *srv, const char *method, const char *path, const char *body, size_t len,
                          ck_http_resp *resp);

#endif

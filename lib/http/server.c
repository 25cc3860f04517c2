/*
 * server.c — the libmicrohttpd side of the REST API: binds host:port (port
 * 0 picks one and reports it; an empty host is the engine's bind.address,
 * so the REST API listens where the Kafka listener does unless told
 * otherwise), runs one poll-based thread per connection,
 * accumulates each request body under http.max.body.bytes, and hands
 * complete requests to ck_http_route (routes.c).
 *
 * A request is checked as soon as its headers are in: an unknown route,
 * a wrong method, a missing admin key or a Content-Length over the limit is
 * answered at once, without reading the body (curl's "Expect: 100-continue"
 * then never sends it).  A body that grows past the limit while streaming
 * (chunked uploads) is dropped from then on and answered with 413.
 */
#include <pthread.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "http/http_int.h"

/* Per-request state, from the headers to the completion callback. */
typedef struct http_req {
    ck_wb   body;
    uint64_t received;       /* body bytes seen, kept or not */
    bool    too_large;
    bool    answered;        /* an early response was queued */
} http_req;

/* How long an idle connection is kept open, seconds. */
#define HTTP_CONNECTION_TIMEOUT_S 120
/* Most connections served at once (one thread each). */
#define HTTP_CONNECTION_LIMIT 256
/* Bytes of an oversized streamed body read (and dropped) beyond twice the
 * limit before the connection is closed without an answer. */
#define HTTP_DISCARD_SLACK (1024 * 1024)

/* ===================================================================== */
/* Responses                                                             */
/* ===================================================================== */

static enum MHD_Result send_resp(ck_http *srv, struct MHD_Connection *conn, ck_http_resp *r) {
    struct MHD_Response *mr =
        MHD_create_response_from_buffer(r->body.len, r->body.buf ? r->body.buf : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!mr) return MHD_NO;
    MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type ? r->content_type : "application/json");
    if (r->allow) MHD_add_response_header(mr, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->auth_challenge) MHD_add_response_header(mr, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"chronik\"");
    if (r->location[0]) MHD_add_response_header(mr, MHD_HTTP_HEADER_LOCATION, r->location);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    ck_http_count_status(srv, r->status);
    return ret;
}

/* The credential a request presents: X-API-Key, else Authorization: Bearer. */
static const char *presented_key(struct MHD_Connection *conn, size_t *klen) {
    const char *k = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-API-Key");
    if (!k) {
        const char *a = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        if (a && strncasecmp(a, "Bearer ", 7) == 0) {
            k = a + 7;
            while (*k == ' ') k++;
        }
    }
    *klen = k ? strlen(k) : 0;
    return k;
}

/* ===================================================================== */
/* libmicrohttpd callbacks                                               */
/* ===================================================================== */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls) {
    ck_http *srv = cls;
    http_req *req = *con_cls;
    size_t klen = 0;
    const char *key = NULL;
    if (!req) {
        /* Headers are in: decide what can be decided now. */
        req = ck_calloc(1, sizeof(*req));
        ck_wb_init(&req->body, 0);
        *con_cls = req;
        ck_http_resp resp;
        ck_http_resp_init(&resp);
        key = presented_key(conn, &klen);
        bool go = ck_http_preflight(srv, method, url, key, klen, &resp);
        if (go) {
            const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl) {
                char *end = NULL;
                unsigned long long v = strtoull(cl, &end, 10);
                if (end != cl && v > (unsigned long long)srv->max_body) {
                    char reason[160];
                    snprintf(reason, sizeof(reason), "the body (%llu bytes) is over http.max.body.bytes (%lld)", v,
                             (long long)srv->max_body);
                    ck_wb_reset(&resp.body);
                    resp.status = 413;
                    ck_json_raw(&resp.body, "{\"error\":{\"type\":\"payload_too_large\",\"reason\":");
                    ck_json_cstr(&resp.body, reason);
                    ck_json_raw(&resp.body, "},\"status\":413}");
                    go = false;
                }
            }
        }
        enum MHD_Result ret = MHD_YES;
        if (!go) {
            req->answered = true;
            ret = send_resp(srv, conn, &resp);
        }
        ck_http_resp_free(&resp);
        return ret;
    }
    if (*upload_data_size > 0) {
        req->received += *upload_data_size;
        /* Past the limit the rest is discarded for the 413; a sender that
         * keeps streaming far beyond it is cut off. */
        if (req->too_large && req->received > 2 * (uint64_t)srv->max_body + HTTP_DISCARD_SLACK) {
            CK_DEBUG(CK_HTTP_SUB, "closing a connection streaming a body far over http.max.body.bytes");
            return MHD_NO;
        }
        if (!req->answered && !req->too_large) {
            if ((int64_t)(req->body.len + *upload_data_size) > srv->max_body) {
                req->too_large = true;
                ck_wb_free(&req->body);
                ck_wb_init(&req->body, 0);
            } else {
                ck_wb_put(&req->body, upload_data, *upload_data_size);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (req->answered) return MHD_YES;
    req->answered = true;
    ck_http_resp resp;
    ck_http_resp_init(&resp);
    if (req->too_large) {
        ck_wb_reset(&resp.body);
        resp.status = 413;
        ck_json_raw(&resp.body, "{\"error\":{\"type\":\"payload_too_large\",\"reason\":\"the body is over "
                                "http.max.body.bytes (");
        ck_json_i64(&resp.body, srv->max_body);
        ck_json_raw(&resp.body, " bytes)\"},\"status\":413}");
    } else {
        key = presented_key(conn, &klen);
        ck_http_route(srv, method, url, key, klen, (const char *)req->body.buf, req->body.len, &resp);
    }
    enum MHD_Result ret = send_resp(srv, conn, &resp);
    ck_http_resp_free(&resp);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    http_req *req = *con_cls;
    if (!req) return;
    ck_wb_free(&req->body);
    ck_free(req);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap) {
    ck_http *srv = cls;
    char msg[256];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) msg[--n] = 0;
    if (srv->starting) snprintf(srv->start_err, sizeof(srv->start_err), "%s", msg);
    else CK_DEBUG(CK_HTTP_SUB, "%s", msg);
}

/* ===================================================================== */
/* Lifecycle                                                             */
/* ===================================================================== */

/* Splits "host:port", "[v6]:port", ":port" or "port" and resolves it. */
/* Resolves "host:port", "[v6]:port", ":port" or "port" into *ss; an empty
 * host is def_host (bind.address; NULL or "": every address).  The address
 * as bound, "host:port", goes to shown. */
static int parse_addr(const char *hp, const char *def_host, struct sockaddr_storage *ss, socklen_t *sl,
                      char *shown, size_t shownlen, char *err, size_t errlen) {
    char host[256] = "", port[16] = "";
    const char *colon;
    if (hp[0] == '[') {
        const char *rb = strchr(hp, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - hp - 1) >= sizeof(host)) goto bad;
        memcpy(host, hp + 1, (size_t)(rb - hp - 1));
        colon = rb + 1;
    } else if ((colon = strrchr(hp, ':')) != NULL) {
        if ((size_t)(colon - hp) >= sizeof(host)) goto bad;
        memcpy(host, hp, (size_t)(colon - hp));
    } else {
        colon = hp - 1;
    }
    if (strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof(port)) goto bad;
    snprintf(port, sizeof(port), "%s", colon + 1);
    char *end = NULL;
    long pn = strtol(port, &end, 10);
    if (*end || pn < 0 || pn > 65535) goto bad;
    if (!host[0] && def_host && strlen(def_host) < sizeof(host)) snprintf(host, sizeof(host), "%s", def_host);
    snprintf(shown, shownlen, strchr(host, ':') ? "[%s]:%s" : "%s:%s", host, port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gr = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (gr != 0 || !res) {
        ck_errf(err, errlen, "cannot resolve \"%s\": %s", host, gai_strerror(gr));
        return CHRONIK_ERR_INVALID_ARG;
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *sl = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
bad:
    ck_errf(err, errlen, "bad listen address \"%s\": expected host:port", hp);
    return CHRONIK_ERR_INVALID_ARG;
}

int ck_http_start(ck_engine *eng, const char *host_port, int *bound_port, void **out, char *err, size_t errlen) {
    int rc = CHRONIK_ERR_INVALID_ARG;
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    ck_http *srv = NULL;
    if (out) *out = NULL;
    if (!eng || !host_port || !out) {
        ck_errf(err, errlen, "invalid arguments");
        goto fail;
    }
    memset(&ss, 0, sizeof(ss));
    const chronik_conf_t *conf = ck_engine_conf(eng);
    char shown[300];
    if ((rc = parse_addr(host_port, ck_conf_str(conf, CK_BK_BIND_ADDRESS), &ss, &sl, shown, sizeof(shown), err,
                         errlen)) != 0)
        goto fail;
    srv = ck_calloc(1, sizeof(*srv));
    srv->eng = eng;
    srv->admin_key = ck_strdup(ck_conf_str(conf, CK_BK_ADMIN_API_KEY) ? ck_conf_str(conf, CK_BK_ADMIN_API_KEY) : "");
    srv->admin_key_len = strlen(srv->admin_key);
    srv->max_body = ck_conf_num(conf, CK_BK_HTTP_MAX_BODY_BYTES);
    if (srv->max_body <= 0) srv->max_body = 10 * 1024 * 1024;
    srv->started_ms = ck_mono_ms();
    srv->starting = true;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
                     MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
                                   MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                                   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_CONNECTION_TIMEOUT_S,
                                   MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_CONNECTION_LIMIT,
                                   MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
                                   MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
                                   MHD_OPTION_END);
    srv->starting = false;
    if (!srv->daemon) {
        ck_errf(err, errlen, "cannot start the REST listener on %s%s%s", shown, srv->start_err[0] ? ": " : "",
               srv->start_err);
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? (int)di->port : 0;
    if (bound_port) *bound_port = srv->port;
    CK_INFO(CK_HTTP_SUB, "REST API listening on %s (port %d)", shown, srv->port);
    *out = srv;
    return 0;
fail:
    if (srv) {
        ck_free(srv->admin_key);
        ck_free(srv);
    }
    return rc;
}

void ck_http_stop(void *http) {
    ck_http *srv = http;
    if (!srv) return;
    if (srv->daemon) MHD_stop_daemon(srv->daemon);
    ck_free(srv->admin_key);
    ck_free(srv);
}

int ck_http_port(const ck_http *http) { return http ? http->port : 0; }

/* ===================================================================== */
/* Public API                                                            */
/* ===================================================================== */

static const ck_ext_key http_key = {"http"};

ck_http *ck_http_of(ck_engine *eng) { return ck_engine_ext(eng, &http_key); }

typedef struct listen_arg {
    const char *host_port;
    int        *bound_port;
} listen_arg;

static int listener_start(ck_engine *eng, void *arg, void **out, char *err, size_t errlen) {
    listen_arg *la = arg;
    return ck_http_start(eng, la->host_port, la->bound_port, out, err, errlen);
}

chronik_err_t chronik_http_listen(chronik_t *chronik, const char *host_port, int *bound_port) {
    char err[512] = "";
    int rc;
    if (!chronik) return CHRONIK_ERR_INVALID_ARG;
    if (!host_port) {
        ck_engine_set_errmsg("host_port is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    listen_arg la = {host_port, bound_port};
    rc = ck_engine_ext_start(chronik, &http_key, "the REST listener", listener_start, ck_http_stop, &la, err,
                             sizeof(err));
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

static void http_feature_stop(ck_engine *eng) { ck_http_stop(ck_engine_ext_take(eng, &http_key)); }

const ck_feature ck_http_feature = {
    .name = "http",
    .stop = http_feature_stop,
};

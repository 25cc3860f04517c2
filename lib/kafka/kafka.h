/*
 * kafka.h — the Kafka protocol listener: event loops, connections, framing,
 * per-connection response ordering, and the request handler contract.
 *
 * Each of `kafka.io.threads` event-loop threads owns its connections (epoll).
 * A connection reads whole frames (4-byte size prefix), decodes the request
 * header and body with the generated codecs (lib/protocol), and calls the
 * API's handler inline on the loop thread.  Many requests may be in flight
 * per connection (pipelining); responses are written strictly in request
 * order whatever order handlers complete in.
 *
 * Handler contract: a handler either completes the request before returning
 * (ck_kreq_respond or ck_kreq_no_response, then return CK_DONE) or returns
 * CK_PENDING and completes it later exactly once, from any thread (e.g. the
 * flusher's durable callback).  A request whose connection closed meanwhile
 * still completes normally; its response is dropped.
 */
#ifndef CK_KAFKA_H
#define CK_KAFKA_H

#include "engine/engine.h"
#include "protocol/protocol.h"

typedef struct ck_kafka ck_kafka;          /* the listener (all loops) */
typedef struct ck_kconn ck_kconn;          /* one client connection */
typedef struct ck_kreq ck_kreq;

struct ck_kreq {
    ck_engine  *eng;
    ck_kconn   *conn;
    int16_t     api_key;
    int16_t     api_version;
    int32_t     correlation_id;
    const char *client_id;       /* NUL-terminated copy in the arena, or NULL */
    void       *body;            /* decoded request (generated struct), in arena */
    ck_arena    arena;           /* lives as long as the request */
    uint8_t    *frame;           /* the raw frame (owned): body strings/records point into it */
    size_t      frame_len;
    int64_t     received_us;     /* ck_mono_us() when the frame was read */
    /* listener-private state follows (ordering slot, encoded response...) */
    void       *priv;
};

typedef int (*ck_khandler_fn)(ck_kreq *req);

/* The handler table: one entry per ApiKey the broker implements, with the
 * version range it answers.  ApiVersions is generated from it, so nothing
 * is advertised that has no handler. */
typedef struct ck_khandler {
    int16_t        api_key;
    int16_t        min_version;
    int16_t        max_version;
    ck_khandler_fn fn;
} ck_khandler;

/** @brief The handler for api_key, or NULL.  Any thread. */
const ck_khandler *ck_kafka_handler(int16_t api_key);
/** @brief All handlers (sorted by api key) and their count. */
const ck_khandler *ck_kafka_handlers(size_t *n);

/** @brief Encodes resp (the generated response struct for req's api key and
 *  version) with the right response header, and queues it in request order.
 *  Exactly once per request (or ck_kreq_no_response).  Frees req.  Any thread. */
void ck_kreq_respond(ck_kreq *req, const void *resp);
/** @brief Makes req's response buffer release the refs of spliced file
 *  ranges (zero-copy fetch records) with fn once they are sent or dropped.
 *  Returns false when the connection is already closed: ck_kreq_respond
 *  will then encode nothing, so the caller keeps (and releases) its refs.
 *  Call right before ck_kreq_respond, on the connection's loop thread. */
bool ck_kreq_output_release(ck_kreq *req, ck_wb_ext_release_fn fn);
/* api_version of a request made from a raw frame (ck_kconn_expect_raw):
 * no header was decoded, body is NULL, the frame holds the payload. */
#define CK_KREQ_RAW_VERSION (-1)

/** @brief Makes the next frame read on conn a raw payload for api_key's
 *  handler (no request header; its request has api_version
 *  CK_KREQ_RAW_VERSION and correlation id 0): the SASL tokens that follow a
 *  v0 SaslHandshake.  Connection's loop thread. */
void ck_kconn_expect_raw(ck_kconn *conn, int16_t api_key);
/** @brief Answers a raw request with len bytes of data behind a size
 *  prefix and no response header.  Frees req.  Any thread. */
void ck_kreq_respond_raw(ck_kreq *req, const void *data, size_t len);
/** @brief Completes req without a response (Produce with acks=0).  Frees req. */
void ck_kreq_no_response(ck_kreq *req);
/** @brief Closes the connection after the responses queued before req
 *  (a malformed request); frees req.  Any thread. */
void ck_kreq_close_conn(ck_kreq *req, const char *why);

/** @brief Schedules fn(req) on req's connection loop thread after delay_ms,
 *  or earlier when ck_kreq_wake(req) is called.  One deferral at a time.
 *  fn runs with shutting_down = true when the listener is stopping: it must
 *  then respond at once.  Loop thread only. */
void ck_kreq_defer(ck_kreq *req, int64_t delay_ms, void (*fn)(ck_kreq *req, bool shutting_down));
/** @brief Makes a deferred req run now (idempotent; async-signal-unsafe but
 *  lock-light: safe from the flusher's callbacks).  Any thread. */
void ck_kreq_wake(ck_kreq *req);

/** @brief The listener-wide state handlers may need. */
ck_kafka *ck_kreq_listener(ck_kreq *req);
/** @brief host and port returned to clients in Metadata/FindCoordinator. */
const char *ck_kafka_advertised_host(ck_kafka *k);
int ck_kafka_advertised_port(ck_kafka *k);
/** @brief The connection's peer as "ip:port" (for logs, DescribeGroups client host). */
const char *ck_kconn_peer(ck_kconn *conn);
/** @brief The client's host as Kafka shows it ("/ip"), in req's arena ("" when unknown). */
const char *ck_kreq_client_host(ck_kreq *req);
/** @brief Per-connection storage for a handler family (fetch sessions use
 *  it); slot < 4.  Freed with free_fn when the connection goes away. */
void *ck_kconn_slot_get(ck_kconn *conn, int slot);
void  ck_kconn_slot_set(ck_kconn *conn, int slot, void *data, void (*free_fn)(void *));

/* Listener lifecycle (kafka_api.c: chronik_kafka_listen and the feature). */
/** @brief Binds host_port ("host:port", port 0: any free) and starts the
 *  loops.  0 or a chronik_err_t with err filled. */
int  ck_kafka_start(ck_engine *eng, const char *host_port, int *bound_port, ck_kafka **out, char *err, size_t errlen);
/** @brief Starts every listener of the `listeners` configuration (PLAINTEXT
 *  and SASL_PLAINTEXT, each with its advertised.listeners entry) and fills
 *  info with a line naming them.  0, or a chronik_err_t with err filled and
 *  nothing started.  Any thread; once per engine. */
int  ck_kafka_listen_all(ck_engine *eng, char *info, size_t infolen, char *err, size_t errlen);
/** @brief Stops accepting, completes (or fails) what is in flight, flushes
 *  responses, closes connections, joins threads.  NULL ok. */
void ck_kafka_stop(ck_kafka *k);
/** @brief The running listener of eng (started by chronik_kafka_listen), or
 *  NULL.  Borrowed: valid until chronik_close. */
ck_kafka *ck_kafka_of(ck_engine *eng);
/** @brief The Kafka listener feature (lib/chronik's table): started on demand
 *  by chronik_kafka_listen / chronik_serve, stopped at close. */
extern const ck_feature ck_kafka_feature;
/** @brief Appends the client metrics clients pushed (KIP-714), as
 *  Prometheus text, to out.  Any thread. */
void ck_telemetry_render(ck_engine *eng, ck_wb *out);
/** @brief Frees eng's client-metrics store (with the Kafka feature). */
void ck_telemetry_stop(ck_engine *eng);

/* Handler functions live in family files (h_core.c, h_data.c, h_admin.c,
 * h_group.c, h_txn.c) and are declared in kafka/handlers.h; the one table
 * that lists them, with their version ranges, is kafka/handlers.c. */

#endif

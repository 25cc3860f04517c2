/*
 * kafka.c — the listener's engine-facing entry point: reads the broker
 * configuration (kafka.io.threads, socket.request.max.bytes,
 * connections.max.idle.ms, advertised.listeners), the engine's connection
 * counter and the broker's handler table (handlers.c), then starts the
 * listener.  Kept apart from listener.c so that the network core links
 * without the engine or the handler families (unit tests run it alone).
 */
#include "kafka/kafka_internal.h"

/** @brief Fills o from eng's configuration, or built-in defaults when eng
 *  is NULL; the handler table is the broker's (ck_kafka_handlers).  Any thread. */
void ck_kafka_opts_init(ck_engine *eng, ck_kafka_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->io_threads = 0;
    o->request_max_bytes = 104857600;
    o->idle_ms = 600000;
    o->handlers = ck_kafka_handlers(&o->nhandlers);
    if (eng) {
        const chronik_conf_t *conf = ck_engine_conf(eng);
        o->io_threads = (int)ck_conf_num(conf, CK_BK_KAFKA_IO_THREADS);
        o->request_max_bytes = ck_conf_num(conf, CK_BK_SOCKET_REQUEST_MAX_BYTES);
        o->idle_ms = ck_conf_num(conf, CK_BK_CONNECTIONS_MAX_IDLE_MS);
        o->advertised = ck_conf_str(conf, CK_BK_ADVERTISED_LISTENERS);
        o->active_connections = &ck_engine_stats_get(eng)->active_connections;
    }
}

/** @brief Binds host_port and starts the loops with eng's configuration.
 *  0 or a chronik_err_t with err filled.  Not from a loop thread. */
int ck_kafka_start(ck_engine *eng, const char *host_port, int *bound_port, ck_kafka **out, char *err, size_t errlen)
{
    ck_kafka_opts o;

    ck_kafka_opts_init(eng, &o);
    return ck_kafka_start_opts(eng, host_port, &o, bound_port, out, err, errlen);
}

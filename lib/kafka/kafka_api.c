/*
 * kafka_api.c — the Kafka listener as a feature of the public layer: the
 * listener of an engine lives in its extension slot, is started on demand
 * by chronik_kafka_listen (or chronik_serve), and stops at chronik_close.
 */
#include "kafka/kafka.h"

static const ck_ext_key kafka_key = {"kafka"};

ck_kafka *ck_kafka_of(ck_engine *eng) { return ck_engine_ext(eng, &kafka_key); }

typedef struct listen_arg {
    const char *host_port;
    int        *bound_port;
} listen_arg;

static int listener_start(ck_engine *eng, void *arg, void **out, char *err, size_t errlen) {
    listen_arg *la = arg;
    return ck_kafka_start(eng, la->host_port, la->bound_port, (ck_kafka **)out, err, errlen);
}

static void listener_stop(void *k) { ck_kafka_stop(k); }

chronik_err_t chronik_kafka_listen(chronik_t *chronik, const char *host_port, int *bound_port) {
    char err[512] = "";
    int rc;

    if (!chronik) return CHRONIK_ERR_INVALID_ARG;
    if (!host_port) {
        ck_engine_set_errmsg("host_port is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    listen_arg la = {host_port, bound_port};
    rc = ck_engine_ext_start(chronik, &kafka_key, "the Kafka listener", listener_start, listener_stop, &la, err,
                             sizeof(err));
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

static void kafka_feature_stop(ck_engine *eng) {
    ck_kafka_stop(ck_engine_ext_take(eng, &kafka_key));
    ck_telemetry_stop(eng);
}

const ck_feature ck_kafka_feature = {
    .name = "kafka",
    .stop = kafka_feature_stop,
};

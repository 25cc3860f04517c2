/*
 * kafka_api.c — the Kafka listener as a feature of the public layer: the
 * listener of an engine lives in its extension slot, is started on demand
 * by chronik_kafka_listen (or chronik_serve), and stops at chronik_close.
 */
#include <pthread.h>

#include "kafka/kafka.h"

static const ck_ext_key kafka_key = {"kafka"};
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;

ck_kafka *ck_kafka_of(ck_engine *eng) { return ck_engine_ext(eng, &kafka_key); }

chronik_err_t chronik_kafka_listen(chronik_t *chronik, const char *host_port, int *bound_port) {
    char err[512] = "";
    ck_kafka *k = NULL;
    int rc;

    if (!chronik) return CHRONIK_ERR_INVALID_ARG;
    if (!host_port) {
        ck_engine_set_errmsg("host_port is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    pthread_mutex_lock(&start_lock);
    if (ck_kafka_of(chronik)) {
        ck_errf(err, sizeof(err), "the Kafka listener is already running");
        rc = CHRONIK_ERR_EXISTS;
    } else if ((rc = ck_kafka_start(chronik, host_port, bound_port, &k, err, sizeof(err))) == 0 &&
               (rc = ck_engine_ext_set(chronik, &kafka_key, k)) != 0) {
        ck_kafka_stop(k);
        ck_errf(err, sizeof(err), "no extension slot for the Kafka listener");
    }
    pthread_mutex_unlock(&start_lock);
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

static void kafka_feature_stop(ck_engine *eng) {
    pthread_mutex_lock(&start_lock);
    ck_kafka *k = ck_kafka_of(eng);
    ck_engine_ext_set(eng, &kafka_key, NULL);
    pthread_mutex_unlock(&start_lock);
    ck_kafka_stop(k);
    ck_telemetry_stop(eng);
}

const ck_feature ck_kafka_feature = {
    .name = "kafka",
    .stop = kafka_feature_stop,
};

/*
 * features.c — the one table of the subsystems that plug into the engine
 * through ck_feature (engine/engine.h).  chronik_open starts them in this
 * order once the engine has recovered its logs; chronik_close stops them in
 * the reverse order, so a feature may use those above it in the table for as
 * long as it runs.  Topic events (created, deleted, partitions added,
 * configs changed) reach every feature that asks for them.
 *
 * Adding a feature is adding its folder and one line here.
 */
#include <stdio.h>

#include "chronik/front.h"
#include "group/group.h"
#include "http/http.h"
#include "kafka/kafka.h"
#include "security/security.h"
#include "sql/sql.h"
#include "txn/txn.h"
#include "vector/vector.h"

static const ck_feature *const features[] = {
    &ck_security_feature, /* credentials, ACLs, quotas: first, since the others use it */
    &ck_sql_feature,     /* SQL over topics: columnar materializer, query pool */
    &ck_vector_feature,  /* vector search: HNSW indexes, embedding providers */
    &ck_group_feature,   /* consumer groups and committed offsets */
    &ck_txn_feature,     /* transactions (commits offsets through groups) */
    &ck_kafka_feature,   /* the Kafka listener: chronik_kafka_listen / chronik_serve */
    &ck_http_feature,    /* the REST API: chronik_http_listen / chronik_serve */
};

#define NFEATURES (sizeof(features) / sizeof(features[0]))

/* The engine's topic listener: runs on the admin thread with its lock held. */
static void topic_event(void *opaque, const char *topic, ck_topic_event ev) {
    ck_engine *eng = opaque;
    for (size_t i = 0; i < NFEATURES; i++)
        if (features[i]->topic_event) features[i]->topic_event(eng, topic, ev);
}

int ck_features_start(ck_engine *eng, char *err, size_t errlen) {
    int rc = ck_engine_add_topic_listener(eng, topic_event, eng);
    if (rc) {
        ck_errf(err, errlen, "no room for the features' topic listener");
        return rc;
    }
    for (size_t i = 0; i < NFEATURES; i++) {
        if (!features[i]->start) continue;
        char ferr[400] = "";
        rc = features[i]->start(eng, ferr, sizeof(ferr));
        if (rc) {
            ck_errf(err, errlen, "%s: %s", features[i]->name, ferr[0] ? ferr : chronik_strerror((chronik_err_t)rc));
            ck_features_stop(eng);
            return rc;
        }
    }
    return 0;
}

void ck_features_stop(ck_engine *eng) {
    ck_engine_remove_topic_listener(eng, topic_event, eng);
    for (size_t i = NFEATURES; i-- > 0;)
        if (features[i]->stop) features[i]->stop(eng);
}

/*
 * sql_feature.c — SQL as a feature of the public layer: started at open
 * (after the engine recovered its topics), told of topic changes so the
 * materializer picks them up at once, stopped at close.
 */
#include "sql/sql.h"

static int sql_feature_start(ck_engine *eng, char *err, size_t errlen) {
    void *sql = NULL;
    int rc = ck_sql_start(eng, &sql);
    if (rc) ck_errf(err, errlen, "cannot start the SQL workers: %s", chronik_strerror((chronik_err_t)rc));
    return rc;
}

static void sql_feature_stop(ck_engine *eng) { ck_sql_stop(ck_sql_of(eng)); }

static void sql_feature_topic_event(ck_engine *eng, const char *topic, ck_topic_event ev) {
    (void)ev;
    ck_sql_topic_changed(ck_sql_of(eng), topic);
}

const ck_feature ck_sql_feature = {
    .name = "sql",
    .start = sql_feature_start,
    .stop = sql_feature_stop,
    .topic_event = sql_feature_topic_event,
};

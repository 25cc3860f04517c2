/*
 * kafka_api.c — the Kafka listeners as a feature of the public layer: the
 * listeners of an engine live in its extension slot, are started on demand
 * by chronik_kafka_listen (one PLAINTEXT listener) or ck_kafka_listen_all
 * (every entry of `listeners`, for chronik_serve), and stop at
 * chronik_close.
 *
 * `listeners` is Kafka's NAME://host:port list; listener.security.protocol
 * .map gives each name its protocol.  A PLAINTEXT listener serves the
 * default handler table; a SASL_PLAINTEXT listener serves h_security.c's
 * table (SaslHandshake, SaslAuthenticate, and every other API behind the
 * authentication gate).  `advertised.listeners` is matched by name: a
 * listener without an entry of its name advertises its bind address.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kafka/h_security.h"
#include "kafka/kafka_internal.h"
#include "security/security.h"

#define MAX_LISTENERS 16

typedef struct kafka_set {
    size_t    n;
    ck_kafka *ls[MAX_LISTENERS];
} kafka_set;

static const ck_ext_key kafka_key = {"kafka"};

ck_kafka *ck_kafka_of(ck_engine *eng)
{
    kafka_set *set = ck_engine_ext(eng, &kafka_key);

    return set != NULL && set->n > 0 ? set->ls[0] : NULL;
}

static void set_stop(kafka_set *set)
{
    size_t i;

    if (set == NULL)
        return;
    for (i = 0; i < set->n; i++)
        ck_kafka_stop(set->ls[i]);
    ck_free(set);
}

typedef struct listen_arg {
    const char *host_port;
    int        *bound_port;
} listen_arg;

static int listener_start(ck_engine *eng, void *arg, void **out, char *err, size_t errlen)
{
    listen_arg *la = arg;
    ck_kafka   *k = NULL;
    kafka_set  *set;
    int         rc = ck_kafka_start(eng, la->host_port, la->bound_port, &k, err, errlen);

    if (rc != 0)
        return rc;
    set = ck_calloc(1, sizeof(*set));
    set->ls[set->n++] = k;
    *out = set;
    return 0;
}

static void listeners_stop(void *set) { set_stop(set); }

chronik_err_t chronik_kafka_listen(chronik_t *chronik, const char *host_port, int *bound_port)
{
    char       err[512] = "";
    listen_arg la;
    int        rc;

    if (!chronik)
        return CHRONIK_ERR_INVALID_ARG;
    if (!host_port) {
        ck_engine_set_errmsg("host_port is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    la.host_port = host_port;
    la.bound_port = bound_port;
    rc = ck_engine_ext_start(chronik, &kafka_key, "the Kafka listener", listener_start, listeners_stop, &la, err,
                             sizeof(err));
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

/* The advertised.listeners entry named name (namelen bytes) into out
 * ("host:port"), or "" when there is none. */
static void advertised_for(const char *adv, const char *name, size_t namelen, char *out, size_t outlen)
{
    const char *p = adv;

    out[0] = '\0';
    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, ',');
        const char *sep = strstr(p, "://");
        size_t      n = end != NULL ? (size_t)(end - p) : strlen(p);

        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        if (sep != NULL && sep < p + n && (size_t)(sep - p) == namelen && strncasecmp(p, name, namelen) == 0) {
            snprintf(out, outlen, "%.*s", (int)(n - namelen - 3), sep + 3);
            return;
        }
        p = end != NULL ? end + 1 : NULL;
    }
}

/* The host part of "host:port" / "[v6]:port" (brackets kept) into buf. */
static const char *host_only(const char *hostport, char *buf, size_t len)
{
    const char *colon = strrchr(hostport, ':');
    size_t      n = colon != NULL ? (size_t)(colon - hostport) : strlen(hostport);

    snprintf(buf, len, "%.*s", (int)n, hostport);
    return buf;
}

typedef struct all_arg {
    char  *info;
    size_t infolen;
} all_arg;

/* Starts every entry of `listeners` into a new set (ck_engine_ext_start). */
static int listeners_start(ck_engine *eng, void *arg, void **out, char *err, size_t errlen)
{
    all_arg              *aa = arg;
    char                 *info = aa->info;
    size_t                infolen = aa->infolen;
    const chronik_conf_t *conf = ck_engine_conf(eng);
    const char           *map = ck_conf_str(conf, CK_BK_LISTENER_SECURITY_PROTOCOL_MAP);
    const char           *adv = ck_conf_str(conf, CK_BK_ADVERTISED_LISTENERS);
    const char           *p = ck_conf_str(conf, CK_BK_LISTENERS);
    kafka_set            *set;
    size_t                used = 0;
    int                   rc = 0;

    set = ck_calloc(1, sizeof(*set));
    while (*p != '\0' && rc == 0) {
        const char   *end = strchr(p, ',');
        const char   *sep;
        char          name[64], hostport[300], advbuf[300], hbuf[300];
        size_t        n;
        int           proto, bound = 0;
        ck_kafka_opts o;
        ck_kafka     *k = NULL;

        if (end == NULL)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        sep = strstr(p, "://");
        if (sep == NULL || sep >= end || (size_t)(sep - p) >= sizeof(name)) {
            ck_errf(err, errlen, "listeners: `%.*s` is not NAME://host:port", (int)(end - p), p);
            rc = CHRONIK_ERR_INVALID_CONFIG;
            break;
        }
        n = (size_t)(sep - p);
        memcpy(name, p, n);
        name[n] = '\0';
        snprintf(hostport, sizeof(hostport), "%.*s", (int)(end - sep - 3), sep + 3);
        proto = ck_sec_listener_protocol(map, name, n);
        if (proto != CK_PROTO_PLAINTEXT && proto != CK_PROTO_SASL_PLAINTEXT) {
            ck_errf(err, errlen, "listeners: %s: only PLAINTEXT and SASL_PLAINTEXT listeners are available", name);
            rc = CHRONIK_ERR_INVALID_CONFIG;
            break;
        }
        if (set->n == MAX_LISTENERS) {
            ck_errf(err, errlen, "listeners: more than %d listeners", MAX_LISTENERS);
            rc = CHRONIK_ERR_INVALID_CONFIG;
            break;
        }
        ck_kafka_opts_init(eng, &o);
        advertised_for(adv, name, n, advbuf, sizeof(advbuf));
        o.advertised = advbuf;
        if (proto == CK_PROTO_SASL_PLAINTEXT)
            o.handlers = ck_kafka_sasl_handlers(&o.nhandlers);
        rc = ck_kafka_start_opts(eng, hostport, &o, &bound, &k, err, errlen);
        if (rc != 0)
            break;
        set->ls[set->n++] = k;
        if (info != NULL && used < infolen) {
            int w = snprintf(info + used, infolen - used, "%s%s://%s:%d (%s, advertised %s:%d)",
                             used ? "; " : "kafka listening on ", name, host_only(hostport, hbuf, sizeof(hbuf)),
                             bound, proto == CK_PROTO_SASL_PLAINTEXT ? "SASL_PLAINTEXT" : "PLAINTEXT",
                             ck_kafka_advertised_host(k), ck_kafka_advertised_port(k));
            if (w > 0)
                used += (size_t)w;
        }
        p = *end == ',' ? end + 1 : end;
    }
    if (rc == 0 && set->n == 0) {
        ck_errf(err, errlen, "listeners is empty");
        rc = CHRONIK_ERR_INVALID_CONFIG;
    }
    if (rc != 0) {
        set_stop(set);
        return rc;
    }
    *out = set;
    return 0;
}

int ck_kafka_listen_all(ck_engine *eng, char *info, size_t infolen, char *err, size_t errlen)
{
    all_arg aa;

    if (info != NULL && infolen > 0)
        info[0] = '\0';
    aa.info = info;
    aa.infolen = infolen;
    return ck_engine_ext_start(eng, &kafka_key, "the Kafka listener", listeners_start, listeners_stop, &aa, err,
                               errlen);
}

static void kafka_feature_stop(ck_engine *eng)
{
    set_stop(ck_engine_ext_take(eng, &kafka_key));
    ck_telemetry_stop(eng);
}

const ck_feature ck_kafka_feature = {
    .name = "kafka",
    .stop = kafka_feature_stop,
};

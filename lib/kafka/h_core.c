/*
 * h_core.c — the core Kafka API handled by the listener itself:
 * ApiVersions (every version 0..4), whose ApiKeys list is generated from
 * the listener's handler table so that nothing without a handler is
 * advertised.  The same list backs the UNSUPPORTED_VERSION v0 answer that
 * conn.c gives an ApiVersions request of a version it cannot parse (KIP-511).
 */
#include "kafka/handlers.h"
#include "kafka/kafka_internal.h"

/** @brief Fills resp (a ck_ApiVersionsResponse) with error_code, k's
 *  handler table, throttle 0 and no features; arrays live in arena.
 *  Any thread. */
void ck_kafka_apiversions_fill(ck_kafka *k, ck_arena *arena, void *resp, int16_t error_code)
{
    ck_ApiVersionsResponse *r = resp;
    const ck_khandler *tab;
    ck_ApiVersionsResponse_ApiVersion *av;
    size_t n, i;

    ck_ApiVersionsResponse_init(r);
    r->ErrorCode = error_code;
    r->ThrottleTimeMs = 0;
    r->FinalizedFeaturesEpoch = -1;
    tab = ck_kafka_table(k, &n);
    av = ck_ApiVersionsResponse_ApiVersion_array_alloc(arena, &r->ApiKeys, (int32_t)n);
    for (i = 0; i < n; i++) {
        av[i].ApiKey = tab[i].api_key;
        av[i].MinVersion = tab[i].min_version;
        av[i].MaxVersion = tab[i].max_version;
    }
    r->SupportedFeatures.n = 0;
    r->FinalizedFeatures.n = 0;
}

/** @brief ApiVersions v0..v4: the supported API keys and version ranges.
 *  Loop thread; completes at once. */
int ck_h_ApiVersions(ck_kreq *req)
{
    ck_ApiVersionsResponse resp;

    ck_kafka_apiversions_fill(ck_kreq_listener(req), &req->arena, &resp, 0);
    ck_kreq_respond(req, &resp);
    return CK_DONE;
}

/* ====================================================================== */
/* Helpers of every handler family                                         */
/* ====================================================================== */

/** @brief The client's host as Kafka shows it ("/ip"), from the "ip:port" peer. */
const char *ck_kreq_client_host(ck_kreq *req)
{
    const char *peer = req->conn ? ck_kconn_peer(req->conn) : NULL;
    const char *colon;
    size_t n;
    char *out;

    if (!peer)
        return "";
    colon = strrchr(peer, ':');
    n = colon ? (size_t)(colon - peer) : strlen(peer);
    if (n >= 2 && peer[0] == '[' && peer[n - 1] == ']') {
        peer++;
        n -= 2;
    }
    out = ck_arena_alloc(&req->arena, n + 2);
    out[0] = '/';
    memcpy(out + 1, peer, n);
    out[n + 1] = 0;
    return out;
}

/*
 * security.c — the security state of an engine (ck_sec) and the security
 * feature that creates it.
 *
 * ck_sec_new reads the broker configuration once (super.users,
 * authorizer.enabled, allow.everyone.if.no.acl.found,
 * ssl.principal.mapping.rules, quota.window.*), makes sure the store has
 * its mock key (stored in CK_META_KV on first use, so the salts shown for
 * unknown users stay the same across restarts), and loads the ACL and quota
 * indexes.
 *
 * The feature is the first of lib/chronik's table: the features after it
 * (groups, transactions, the listeners) may rely on ck_security_of(eng).
 * Its start also applies CHRONIK_SASL_USERS, checks `listeners` (names
 * known to listener.security.protocol.map; TLS listeners are refused, as
 * this version has no TLS), and warns when a SASL listener has no user
 * to authenticate.
 */
#include "security/sec_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KV_MOCK_KEY "security.mock.key"

/* ====================================================================== */
/* ck_sec                                                                   */
/* ====================================================================== */

static int parse_super_users(ck_sec *s, const char *spec, char *err, size_t errlen)
{
    const char *p = spec != NULL ? spec : "";
    size_t      cap = 0;

    while (*p != '\0') {
        const char *end = strchr(p, ';');
        size_t      n;
        const char *colon;

        if (end == NULL)
            end = p + strlen(p);
        while (p < end && isspace((unsigned char)*p))
            p++;
        n = (size_t)(end - p);
        while (n > 0 && isspace((unsigned char)p[n - 1]))
            n--;
        if (n > 0) {
            colon = memchr(p, ':', n);
            if (colon == NULL || colon == p || colon == p + n - 1) {
                ck_errf(err, errlen, "super.users: `%.*s` is not a principal of the form User:name",
                        (int)(n > 200 ? 200 : n), p);
                return CHRONIK_ERR_INVALID_CONFIG;
            }
            if (s->nsuper == cap) {
                cap = cap ? cap * 2 : 4;
                s->super_users = ck_realloc(s->super_users, cap * sizeof(*s->super_users));
            }
            s->super_users[s->nsuper++] = ck_strndup(p, n);
        }
        p = *end == ';' ? end + 1 : end;
    }
    return 0;
}

static int load_mock_key(ck_sec *s, char *err, size_t errlen)
{
    void  *val = NULL;
    size_t vlen = 0;
    int    rc;

    rc = ck_meta_get(s->meta, CK_META_KV, KV_MOCK_KEY, strlen(KV_MOCK_KEY), &val, &vlen);
    if (rc == 0 && vlen == sizeof(s->mock_key)) {
        memcpy(s->mock_key, val, vlen);
    } else if (rc == 0 || rc == CHRONIK_ERR_NOT_FOUND) {
        rc = ck_sec_random(s->mock_key, sizeof(s->mock_key));
        if (rc == 0)
            rc = ck_meta_put(s->meta, CK_META_KV, KV_MOCK_KEY, strlen(KV_MOCK_KEY), s->mock_key,
                             sizeof(s->mock_key));
    }
    if (val != NULL) {
        ck_sec_wipe(val, vlen);
        ck_free(val);
    }
    if (rc != 0)
        ck_errf(err, errlen, "cannot read or store the security key: %s", ck_meta_errmsg(s->meta));
    return rc;
}

/** @brief Creates the security state over m. */
ck_sec *ck_sec_new(ck_meta *m, const chronik_conf_t *conf, char *err, size_t errlen)
{
    ck_sec *s = ck_calloc(1, sizeof(*s));

    pthread_mutex_init(&s->workers_mtx, NULL);
    s->meta = m;
    s->authorizer_enabled = ck_conf_num(conf, CK_BK_AUTHORIZER_ENABLED) != 0;
    s->allow_if_no_acl = ck_conf_num(conf, CK_BK_ALLOW_EVERYONE_IF_NO_ACL_FOUND) != 0;
    s->sasl_mask = (uint32_t)ck_conf_num(conf, CK_BK_SASL_ENABLED_MECHANISMS);
    if (parse_super_users(s, ck_conf_str(conf, CK_BK_SUPER_USERS), err, errlen) != 0)
        goto fail;
    s->rules = ck_principal_rules_parse(ck_conf_str(conf, CK_BK_SSL_PRINCIPAL_MAPPING_RULES), err, errlen);
    if (s->rules == NULL)
        goto fail;
    if (load_mock_key(s, err, errlen) != 0)
        goto fail;
    if (ck_acl_index_load(s, err, errlen) != 0)
        goto fail;
    if (ck_quota_store_load(s, (int32_t)ck_conf_num(conf, CK_BK_QUOTA_WINDOW_NUM),
                            (int32_t)ck_conf_num(conf, CK_BK_QUOTA_WINDOW_SIZE_SECONDS), err, errlen) != 0)
        goto fail;
    return s;
fail:
    ck_sec_free(s);
    return NULL;
}

/** @brief Frees s. */
void ck_sec_free(ck_sec *s)
{
    size_t i;

    if (s == NULL)
        return;
    ck_sec_workers_stop(s);
    pthread_mutex_destroy(&s->workers_mtx);
    for (i = 0; i < s->nsuper; i++)
        ck_free(s->super_users[i]);
    ck_free(s->super_users);
    ck_principal_rules_free(s->rules);
    ck_acl_index_free(s->acls);
    ck_quota_store_free(s->quotas);
    ck_sec_wipe(s->mock_key, sizeof(s->mock_key));
    ck_free(s);
}

/* The bit of a mechanism in sasl.enabled.mechanisms' list (conf.h order). */
static int mech_bit(int mech)
{
    switch (mech) {
    case CK_SASL_PLAIN:    return 0;
    case CK_SCRAM_SHA_256: return 1;
    case CK_SCRAM_SHA_512: return 2;
    default:               return -1;
    }
}

/** @brief Whether mech is in sasl.enabled.mechanisms. */
bool ck_sec_sasl_enabled(const ck_sec *s, int mech)
{
    int bit = mech_bit(mech);

    return bit >= 0 && (s->sasl_mask & (1u << bit)) != 0;
}

/** @brief The enabled mechanisms' names, PLAIN first. */
size_t ck_sec_sasl_mechanisms(const ck_sec *s, const char *names[3])
{
    static const int mechs[] = {CK_SASL_PLAIN, CK_SCRAM_SHA_256, CK_SCRAM_SHA_512};
    size_t           i, n = 0;

    for (i = 0; i < CK_ARRAY_LEN(mechs); i++)
        if (ck_sec_sasl_enabled(s, mechs[i]))
            names[n++] = mechs[i] == CK_SASL_PLAIN ? "PLAIN" : ck_scram_mech_name(mechs[i]);
    return n;
}

/** @brief Maps a DN with the configured rules. */
int ck_sec_principal_from_dn(ck_sec *s, const char *dn, char *out, size_t outlen)
{
    return ck_principal_map(s->rules, dn, out, outlen);
}

/* ====================================================================== */
/* The feature                                                              */
/* ====================================================================== */

static const ck_ext_key security_key = {"security"};

/** @brief The engine's security state. */
ck_sec *ck_security_of(ck_engine *eng)
{
    return eng != NULL ? ck_engine_ext(eng, &security_key) : NULL;
}

/* listener.security.protocol.map: NAME:PROTOCOL pairs, protocols Kafka's four. */
static int check_protocol_map(const char *map, char *err, size_t errlen)
{
    static const char *const protos[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
    const char              *p = map;

    while (*p != '\0') {
        const char *end = strchr(p, ',');
        const char *colon;
        size_t      i, plen;
        bool        ok = false;

        if (end == NULL)
            end = p + strlen(p);
        colon = memchr(p, ':', (size_t)(end - p));
        if (colon != NULL && colon > p) {
            plen = (size_t)(end - colon - 1);
            for (i = 0; i < CK_ARRAY_LEN(protos) && !ok; i++)
                ok = plen == strlen(protos[i]) && memcmp(colon + 1, protos[i], plen) == 0;
        }
        if (!ok) {
            ck_errf(err, errlen, "listener.security.protocol.map: `%.*s` is not NAME:PLAINTEXT|SSL|"
                                 "SASL_PLAINTEXT|SASL_SSL", (int)((end - p) > 200 ? 200 : (end - p)), p);
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}

int ck_sec_listener_protocol(const char *map, const char *name, size_t namelen)
{
    static const char *const protos[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
    const char              *p = map != NULL ? map : "";

    while (*p != '\0') {
        const char *end = strchr(p, ',');
        const char *colon;
        size_t      i;

        if (end == NULL)
            end = p + strlen(p);
        colon = memchr(p, ':', (size_t)(end - p));
        if (colon != NULL && (size_t)(colon - p) == namelen && strncasecmp(p, name, namelen) == 0) {
            size_t plen = (size_t)(end - colon - 1);
            for (i = 0; i < CK_ARRAY_LEN(protos); i++)
                if (plen == strlen(protos[i]) && memcmp(colon + 1, protos[i], plen) == 0)
                    return (int)i;
            return -1;
        }
        p = *end == ',' ? end + 1 : end;
    }
    return -1;
}

/* listeners: NAME://host:port entries whose names the protocol map knows,
 * with a protocol the listener serves (TLS ones are refused).  Sets
 * *sasl when one of them is a SASL listener. */
static int check_listeners(const chronik_conf_t *conf, bool *sasl, char *err, size_t errlen)
{
    const char *map = ck_conf_str(conf, CK_BK_LISTENER_SECURITY_PROTOCOL_MAP);
    const char *p = ck_conf_str(conf, CK_BK_LISTENERS);

    *sasl = false;
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        const char *sep;
        int         proto;

        if (end == NULL)
            end = p + strlen(p);
        while (p < end && isspace((unsigned char)*p))
            p++;
        sep = strstr(p, "://");
        if (sep == NULL || sep >= end || sep == p) {
            ck_errf(err, errlen, "listeners: `%.*s` is not NAME://host:port", (int)((end - p) > 200 ? 200 : (end - p)),
                    p);
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        proto = ck_sec_listener_protocol(map, p, (size_t)(sep - p));
        if (proto < 0) {
            ck_errf(err, errlen, "listeners: listener name `%.*s` is not in listener.security.protocol.map",
                    (int)((sep - p) > 100 ? 100 : (sep - p)), p);
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        if (proto == CK_PROTO_SSL || proto == CK_PROTO_SASL_SSL) {
            ck_errf(err, errlen, "listeners: `%.*s` uses %s, but TLS listeners are not available in this version "
                                 "(PLAINTEXT and SASL_PLAINTEXT are)",
                    (int)((sep - p) > 100 ? 100 : (sep - p)), p, proto == CK_PROTO_SSL ? "SSL" : "SASL_SSL");
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        *sasl |= proto == CK_PROTO_SASL_PLAINTEXT;
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}

static bool has_users(ck_sec *s)
{
    ck_sec_user_info *infos = NULL;
    size_t            n = 0;

    if (ck_sec_user_list(s, NULL, &infos, &n) != 0)
        return true;      /* unreadable: say nothing */
    ck_sec_user_infos_free(infos, n);
    return n > 0;
}

/* One line at start: how many users, ACLs and quota entities (no names). */
static void log_summary(ck_sec *s)
{
    ck_sec_user_info *infos = NULL;
    ck_acl            any = {CK_RES_ANY, NULL, CK_PAT_ANY, NULL, NULL, CK_OP_ANY, CK_PERM_ANY};
    ck_acl           *acls = NULL;
    ck_quota_entry   *quotas = NULL;
    size_t            ncred = 0, nusers = 0, nacl = 0, nquota = 0, i;
    char              e[64];

    if (ck_sec_user_list(s, NULL, &infos, &ncred) == 0)
        for (i = 0; i < ncred; i++)
            nusers += i == 0 || strcmp(infos[i].user, infos[i - 1].user) != 0;
    ck_sec_user_infos_free(infos, ncred);
    if (ck_acl_describe(s, &any, &acls, &nacl, e, sizeof(e)) == 0)
        ck_acls_free(acls, nacl);
    if (ck_quota_describe(s, NULL, 0, false, &quotas, &nquota, e, sizeof(e)) == 0)
        ck_quota_entries_free(quotas, nquota);
    CK_INFO("security", "%zu SCRAM user(s), %zu ACL binding(s) (authorizer %s), %zu client quota entit%s",
            nusers, nacl, s->authorizer_enabled ? "on" : "off", nquota, nquota == 1 ? "y" : "ies");
}

static int security_start(ck_engine *eng, char *err, size_t errlen)
{
    const chronik_conf_t *conf = ck_engine_conf(eng);
    const char           *users;
    ck_sec               *s;
    bool                  sasl_listener = false;
    int                   rc;

    rc = check_protocol_map(ck_conf_str(conf, CK_BK_LISTENER_SECURITY_PROTOCOL_MAP), err, errlen);
    if (rc != 0)
        return rc;
    rc = check_listeners(conf, &sasl_listener, err, errlen);
    if (rc != 0)
        return rc;
    s = ck_sec_new(ck_engine_meta(eng), conf, err, errlen);
    if (s == NULL)
        return CHRONIK_ERR_INVALID_CONFIG;
    users = getenv("CHRONIK_SASL_USERS");
    if (users != NULL && users[0] != '\0') {
        rc = ck_sec_apply_users_spec(s, users, err, errlen);
        if (rc != 0) {
            ck_sec_free(s);
            return rc;
        }
    }
    rc = ck_engine_ext_set(eng, &security_key, s);
    if (rc != 0) {
        ck_errf(err, errlen, "no extension slot for the security state");
        ck_sec_free(s);
        return rc;
    }
    log_summary(s);
    if (sasl_listener && !has_users(s))
        CK_WARN("security", "a SASL listener is configured but there are no SCRAM users: no client can "
                            "authenticate (add users with `chronik-server users add` or CHRONIK_SASL_USERS)");
    return 0;
}

static void security_stop(ck_engine *eng)
{
    ck_sec *s = ck_security_of(eng);

    if (s == NULL)
        return;
    ck_engine_ext_set(eng, &security_key, NULL);
    ck_sec_free(s);
}

const ck_feature ck_security_feature = {
    .name = "security",
    .start = security_start,
    .stop = security_stop,
};

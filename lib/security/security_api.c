/*
 * security_api.c — the public calls of include/chronik.h's "Security"
 * section: SCRAM users for embedders and for `chronik-server users`.  The C
 * API is trusted (whoever holds the engine handle owns the data directory),
 * so these calls check no ACL.
 */
#include "security/sec_int.h"

#include <string.h>

static chronik_err_t fail(chronik_err_t rc, const char *msg)
{
    ck_engine_set_errmsg("%s", msg);
    return rc;
}

/* The engine's ck_sec, or NULL with chronik_errmsg set. */
static ck_sec *sec_of(chronik_t *chronik, chronik_err_t *rc)
{
    ck_sec *s;

    if (chronik == NULL) {
        *rc = fail(CHRONIK_ERR_INVALID_ARG, "chronik is NULL");
        return NULL;
    }
    s = ck_security_of(chronik);
    if (s == NULL)
        *rc = fail(CHRONIK_ERR_CLOSED, "the security feature is not running");
    return s;
}

/* The mechanisms a call names: one, or both for NULL.  0 when unknown. */
static size_t mechs_of(const char *mechanism, int mechs[2])
{
    if (mechanism == NULL) {
        mechs[0] = CK_SCRAM_SHA_256;
        mechs[1] = CK_SCRAM_SHA_512;
        return 2;
    }
    mechs[0] = ck_scram_mech_parse(mechanism);
    return mechs[0] != 0 ? 1 : 0;
}

chronik_err_t chronik_user_upsert(chronik_t *chronik, const char *user, const char *mechanism, const char *password,
                                  int32_t iterations)
{
    chronik_err_t rc = CHRONIK_OK;
    ck_sec       *s = sec_of(chronik, &rc);
    int           mechs[2];
    size_t        i, n;
    char          err[256];

    if (s == NULL)
        return rc;
    if (user == NULL || password == NULL)
        return fail(CHRONIK_ERR_INVALID_ARG, user == NULL ? "user is NULL" : "password is NULL");
    n = mechs_of(mechanism, mechs);
    if (n == 0)
        return fail(CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM, "unknown mechanism: use SCRAM-SHA-256 or SCRAM-SHA-512");
    for (i = 0; i < n; i++) {
        rc = (chronik_err_t)ck_sec_user_upsert(s, user, mechs[i], password, strlen(password), iterations, err,
                                               sizeof(err));
        if (rc != CHRONIK_OK)
            return fail(rc, err);
    }
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

chronik_err_t chronik_user_delete(chronik_t *chronik, const char *user, const char *mechanism)
{
    chronik_err_t rc = CHRONIK_OK;
    ck_sec       *s = sec_of(chronik, &rc);
    int           mech = 0;
    char          err[256];

    if (s == NULL)
        return rc;
    if (user == NULL)
        return fail(CHRONIK_ERR_INVALID_ARG, "user is NULL");
    if (mechanism != NULL) {
        mech = ck_scram_mech_parse(mechanism);
        if (mech == 0)
            return fail(CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM,
                        "unknown mechanism: use SCRAM-SHA-256 or SCRAM-SHA-512");
    }
    rc = (chronik_err_t)ck_sec_user_delete(s, user, mech, err, sizeof(err));
    if (rc != CHRONIK_OK)
        return fail(rc, err);
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

chronik_err_t chronik_user_list(chronik_t *chronik, char **json, size_t *count)
{
    chronik_err_t     rc = CHRONIK_OK;
    ck_sec           *s = sec_of(chronik, &rc);
    ck_sec_user_info *infos = NULL;
    size_t            n = 0, i, users = 0;
    ck_wb             wb;

    if (s == NULL)
        return rc;
    if (json == NULL)
        return fail(CHRONIK_ERR_INVALID_ARG, "json is NULL");
    *json = NULL;
    rc = (chronik_err_t)ck_sec_user_list(s, NULL, &infos, &n);
    if (rc != CHRONIK_OK)
        return fail(rc, "cannot read the credentials");
    ck_wb_init(&wb, 256);
    ck_json_raw(&wb, "[");
    for (i = 0; i < n; i++) {
        bool first = i == 0 || strcmp(infos[i].user, infos[i - 1].user) != 0;
        bool last = i + 1 == n || strcmp(infos[i].user, infos[i + 1].user) != 0;

        if (first) {
            ck_json_raw(&wb, users > 0 ? ",{\"user\":" : "{\"user\":");
            ck_json_cstr(&wb, infos[i].user);
            ck_json_raw(&wb, ",\"credentials\":[");
            users++;
        } else {
            ck_json_raw(&wb, ",");
        }
        ck_json_raw(&wb, "{\"mechanism\":");
        ck_json_cstr(&wb, ck_scram_mech_name(infos[i].mech));
        ck_json_raw(&wb, ",\"iterations\":");
        ck_json_i64(&wb, infos[i].iterations);
        ck_json_raw(&wb, "}");
        if (last)
            ck_json_raw(&wb, "]}");
    }
    ck_json_raw(&wb, "]");
    ck_wb_put(&wb, "", 1);
    *json = (char *)wb.buf;   /* ck_malloc'd: chronik_free releases it */
    wb.buf = NULL;
    ck_wb_free(&wb);
    ck_sec_user_infos_free(infos, n);
    if (count != NULL)
        *count = users;
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

/*
 * schema_api.c — the registry's public calls (include/chronik.h, "Schema
 * registry"): chronik_schema_register and chronik_schema_get, JSON in and
 * out in the shapes of Confluent's REST API.  Confluent error codes become
 * chronik_err_t: not found (40401/40402/40403) NOT_FOUND, incompatible
 * (409) and invalid schemas (422xx) INVALID_ARG, read-only or import mode
 * (42205) READ_ONLY, a failed write IO; chronik_errmsg carries the
 * registry's message with its code.
 */
#include <stdio.h>
#include <stdlib.h>

#include "schema/schema_int.h"

static chronik_err_t api_fail(const ck_sr_err *e) {
    ck_engine_set_errmsg("%d: %s", e->code, e->msg);
    if (e->code >= 40400 && e->code < 40500) return CHRONIK_ERR_NOT_FOUND;
    if (e->code == 42205) return CHRONIK_ERR_READ_ONLY;
    if (e->code >= 50000) return CHRONIK_ERR_IO;
    return CHRONIK_ERR_INVALID_ARG;
}

static ck_schema_reg *reg_or_fail(chronik_t *chronik) {
    ck_schema_reg *r = ck_schema_of(chronik);
    if (!r) ck_engine_set_errmsg("the schema registry is not running (schema.registry.enable=false)");
    return r;
}

chronik_err_t chronik_schema_register(chronik_t *chronik, const char *subject, const char *request_json,
                                      int32_t *id) {
    if (id) *id = -1;
    if (!chronik || !subject || !request_json) {
        ck_engine_set_errmsg("chronik, subject and request_json must not be NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_schema_reg *r = reg_or_fail(chronik);
    if (!r) return CHRONIK_ERR_UNSUPPORTED;
    ck_wb out;
    ck_wb_init(&out, 64);
    ck_sr_err e;
    int rc = ck_sr_register(r, subject, request_json, strlen(request_json), false, &out, &e);
    chronik_err_t ret = CHRONIK_OK;
    if (rc) {
        ret = api_fail(&e);
    } else {
        /* out is {"id":N} */
        const char *colon = memchr(out.buf, ':', out.len);
        if (id && colon) *id = (int32_t)strtol(colon + 1, NULL, 10);
        ck_engine_set_errmsg("%s", "");
    }
    ck_wb_free(&out);
    return ret;
}

chronik_err_t chronik_schema_get(chronik_t *chronik, const char *subject, int32_t version, char **json) {
    if (json) *json = NULL;
    if (!chronik || !json) {
        ck_engine_set_errmsg("chronik and json must not be NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_schema_reg *r = reg_or_fail(chronik);
    if (!r) return CHRONIK_ERR_UNSUPPORTED;
    ck_wb out;
    ck_wb_init(&out, 256);
    ck_sr_err e;
    int rc;
    char vtext[16], idtext[16];
    if (subject) {
        snprintf(vtext, sizeof(vtext), "%d", (int)version);
        rc = ck_sr_get_version(r, subject, version <= 0 ? "latest" : vtext, false, false, &out, &e);
    } else {
        snprintf(idtext, sizeof(idtext), "%d", (int)version);
        rc = ck_sr_by_id(r, idtext, CK_SR_ID_SCHEMA, false, &out, &e);
    }
    if (rc) {
        ck_wb_free(&out);
        return api_fail(&e);
    }
    ck_wb_i8(&out, 0);
    *json = (char *)out.buf;
    ck_engine_set_errmsg("%s", "");
    return CHRONIK_OK;
}

/*
 * creds.c — SCRAM credentials (RFC 5802, RFC 7677) and their store.
 *
 * A credential is what the server side of SCRAM needs and nothing more:
 * the salt, the iteration count, StoredKey = H(HMAC(SaltedPassword,
 * "Client Key")) and ServerKey = HMAC(SaltedPassword, "Server Key").
 * Neither the password nor SaltedPassword is kept.  Each user has at most
 * one credential per mechanism, in CK_META_USERS under the key
 * user \0 mechanism-byte, with the value
 *
 *     version(1)=1 mech(1) iterations(4, big endian) salt_len(1) salt
 *     key_len(1) StoredKey ServerKey
 *
 * Every write is one synced LMDB transaction (lib/meta), so a credential is
 * replaced whole or not at all.  Reads go to LMDB each time: there is no
 * cache to keep coherent with deletions.
 */
#include "security/sec_int.h"

#include <stdio.h>
#include <string.h>

#define CRED_VERSION 1

/* ====================================================================== */
/* Mechanisms and derivation                                                */
/* ====================================================================== */

/** @brief Mechanism number of a SCRAM mechanism name, or 0. */
int ck_scram_mech_parse(const char *name)
{
    if (name == NULL)
        return 0;
    if (strcmp(name, "SCRAM-SHA-256") == 0)
        return CK_SCRAM_SHA_256;
    if (strcmp(name, "SCRAM-SHA-512") == 0)
        return CK_SCRAM_SHA_512;
    return 0;
}

/** @brief SASL name of a mechanism number, or NULL. */
const char *ck_scram_mech_name(int mech)
{
    switch (mech) {
    case CK_SCRAM_SHA_256: return "SCRAM-SHA-256";
    case CK_SCRAM_SHA_512: return "SCRAM-SHA-512";
    default:               return NULL;
    }
}

/** @brief Hash length of a mechanism, 0 if unknown. */
size_t ck_scram_key_len(int mech)
{
    switch (mech) {
    case CK_SCRAM_SHA_256: return 32;
    case CK_SCRAM_SHA_512: return 64;
    default:               return 0;
    }
}

/** @brief Fills cred from a salted password. */
int ck_scram_cred_from_salted(ck_scram_cred *cred, int mech, const uint8_t *salted, size_t salted_len,
                              const uint8_t *salt, size_t salt_len, int32_t iterations)
{
    size_t  kl = ck_scram_key_len(mech);
    uint8_t client_key[CK_SCRAM_MAX_KEY];

    if (kl == 0 || salted_len != kl || salt_len > CK_SCRAM_MAX_SALT)
        return CHRONIK_ERR_INVALID_ARG;
    memset(cred, 0, sizeof(*cred));
    cred->mech = mech;
    cred->iterations = iterations;
    cred->salt_len = salt_len;
    if (salt_len > 0)
        memcpy(cred->salt, salt, salt_len);
    ck_sec_hmac(mech, salted, kl, "Client Key", 10, client_key);
    ck_sec_hash(mech, client_key, kl, cred->stored_key);
    ck_sec_hmac(mech, salted, kl, "Server Key", 10, cred->server_key);
    ck_sec_wipe(client_key, sizeof(client_key));
    return 0;
}

/** @brief Fills cred from a password: PBKDF2, then the keys. */
int ck_scram_cred_make(ck_scram_cred *cred, int mech, const void *password, size_t pwlen, const uint8_t *salt,
                       size_t salt_len, int32_t iterations)
{
    size_t  kl = ck_scram_key_len(mech);
    uint8_t salted[CK_SCRAM_MAX_KEY];
    int     rc;

    if (kl == 0 || salt_len > CK_SCRAM_MAX_SALT || iterations < 1)
        return CHRONIK_ERR_INVALID_ARG;
    rc = ck_sec_pbkdf2(mech, password, pwlen, salt, salt_len, iterations, salted);
    if (rc == 0)
        rc = ck_scram_cred_from_salted(cred, mech, salted, kl, salt, salt_len, iterations);
    ck_sec_wipe(salted, sizeof(salted));
    return rc;
}

/* ====================================================================== */
/* Encoding                                                                 */
/* ====================================================================== */

static size_t cred_key(const char *user, int mech, char *key, size_t cap)
{
    size_t n = strlen(user);

    if (n + 2 > cap)
        return 0;
    memcpy(key, user, n);
    key[n] = '\0';
    key[n + 1] = (char)mech;
    return n + 2;
}

static void cred_encode(const ck_scram_cred *c, ck_wb *wb)
{
    size_t kl = ck_scram_key_len(c->mech);

    ck_wb_i8(wb, CRED_VERSION);
    ck_wb_i8(wb, (int8_t)c->mech);
    ck_wb_i32(wb, c->iterations);
    ck_wb_i8(wb, (int8_t)c->salt_len);
    ck_wb_put(wb, c->salt, c->salt_len);
    ck_wb_i8(wb, (int8_t)kl);
    ck_wb_put(wb, c->stored_key, kl);
    ck_wb_put(wb, c->server_key, kl);
}

static int cred_decode(const void *val, size_t vlen, ck_scram_cred *c)
{
    ck_rd          rd;
    const uint8_t *p;
    size_t         kl;

    memset(c, 0, sizeof(*c));
    ck_rd_init(&rd, val, vlen);
    if (ck_rd_i8(&rd) != CRED_VERSION)
        return CHRONIK_ERR_CORRUPT;
    c->mech = (uint8_t)ck_rd_i8(&rd);
    c->iterations = ck_rd_i32(&rd);
    c->salt_len = (uint8_t)ck_rd_i8(&rd);
    p = ck_rd_bytes(&rd, c->salt_len);
    if (p == NULL || c->salt_len > CK_SCRAM_MAX_SALT)
        return CHRONIK_ERR_CORRUPT;
    memcpy(c->salt, p, c->salt_len);
    kl = (uint8_t)ck_rd_i8(&rd);
    if (kl != ck_scram_key_len(c->mech) || kl == 0)
        return CHRONIK_ERR_CORRUPT;
    p = ck_rd_bytes(&rd, 2 * kl);
    if (p == NULL || rd.err)
        return CHRONIK_ERR_CORRUPT;
    memcpy(c->stored_key, p, kl);
    memcpy(c->server_key, p + kl, kl);
    return 0;
}

/* ====================================================================== */
/* The store                                                                */
/* ====================================================================== */

static int check_user(const char *user, char *err, size_t errlen)
{
    size_t n = user != NULL ? strlen(user) : 0;

    if (n == 0) {
        ck_errf(err, errlen, "the user name is empty");
        return CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL;
    }
    if (n > CK_SCRAM_MAX_USER) {
        ck_errf(err, errlen, "the user name is longer than %d bytes", CK_SCRAM_MAX_USER);
        return CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL;
    }
    return 0;
}

static int check_mech_iter(int mech, int32_t iterations, char *err, size_t errlen)
{
    if (ck_scram_key_len(mech) == 0) {
        ck_errf(err, errlen, "unknown SCRAM mechanism %d", mech);
        return CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM;
    }
    if (iterations < CK_SCRAM_MIN_ITERATIONS || iterations > CK_SCRAM_MAX_ITERATIONS) {
        ck_errf(err, errlen, "iterations must be between %d and %d, got %d", CK_SCRAM_MIN_ITERATIONS,
                CK_SCRAM_MAX_ITERATIONS, (int)iterations);
        return CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL;
    }
    return 0;
}

static int cred_put(ck_sec *s, const char *user, const ck_scram_cred *c, char *err, size_t errlen)
{
    char  key[CK_SCRAM_MAX_USER + 2];
    size_t klen = cred_key(user, c->mech, key, sizeof(key));
    ck_wb wb;
    int   rc;

    ck_wb_init(&wb, 256);
    cred_encode(c, &wb);
    rc = ck_meta_put(s->meta, CK_META_USERS, key, klen, wb.buf, wb.len);
    ck_sec_wipe(wb.buf, wb.len);
    ck_wb_free(&wb);
    if (rc != 0)
        ck_errf(err, errlen, "cannot store the credential: %s", ck_meta_errmsg(s->meta));
    return rc;
}

/** @brief Creates or replaces a credential from a password (fresh salt). */
int ck_sec_user_upsert(ck_sec *s, const char *user, int mech, const void *password, size_t pwlen,
                       int32_t iterations, char *err, size_t errlen)
{
    ck_scram_cred c;
    uint8_t       salt[CK_SCRAM_SALT_LEN];
    int           rc;

    if (iterations == 0)
        iterations = CK_SCRAM_DEFAULT_ITERATIONS;
    rc = check_user(user, err, errlen);
    if (rc == 0)
        rc = check_mech_iter(mech, iterations, err, errlen);
    if (rc != 0)
        return rc;
    if (password == NULL || pwlen == 0) {
        ck_errf(err, errlen, "the password is empty");
        return CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL;
    }
    rc = ck_sec_random(salt, sizeof(salt));
    if (rc == 0)
        rc = ck_scram_cred_make(&c, mech, password, pwlen, salt, sizeof(salt), iterations);
    if (rc != 0) {
        ck_errf(err, errlen, "cannot derive the credential");
        return rc;
    }
    rc = cred_put(s, user, &c, err, errlen);
    ck_sec_wipe(&c, sizeof(c));
    return rc;
}

/** @brief Creates or replaces a credential from a salted password. */
int ck_sec_user_upsert_salted(ck_sec *s, const char *user, int mech, int32_t iterations, const uint8_t *salt,
                              size_t salt_len, const uint8_t *salted, size_t salted_len, char *err, size_t errlen)
{
    ck_scram_cred c;
    int           rc;

    rc = check_user(user, err, errlen);
    if (rc == 0)
        rc = check_mech_iter(mech, iterations, err, errlen);
    if (rc != 0)
        return rc;
    if (salt == NULL || salt_len == 0 || salt_len > CK_SCRAM_MAX_SALT) {
        ck_errf(err, errlen, "the salt must be 1 to %d bytes", CK_SCRAM_MAX_SALT);
        return CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL;
    }
    if (salted == NULL || salted_len != ck_scram_key_len(mech)) {
        ck_errf(err, errlen, "the salted password must be %zu bytes for %s", ck_scram_key_len(mech),
                ck_scram_mech_name(mech));
        return CHRONIK_ERR_UNACCEPTABLE_CREDENTIAL;
    }
    rc = ck_scram_cred_from_salted(&c, mech, salted, salted_len, salt, salt_len, iterations);
    if (rc == 0)
        rc = cred_put(s, user, &c, err, errlen);
    ck_sec_wipe(&c, sizeof(c));
    return rc;
}

/** @brief Deletes one or every credential of user. */
int ck_sec_user_delete(ck_sec *s, const char *user, int mech, char *err, size_t errlen)
{
    char   key[CK_SCRAM_MAX_USER + 2];
    size_t klen, deleted = 0;
    int    rc;

    rc = check_user(user, err, errlen);
    if (rc != 0)
        return rc;
    if (mech != 0 && ck_scram_key_len(mech) == 0) {
        ck_errf(err, errlen, "unknown SCRAM mechanism %d", mech);
        return CHRONIK_ERR_UNSUPPORTED_SASL_MECHANISM;
    }
    klen = cred_key(user, mech, key, sizeof(key));
    if (mech != 0) {
        rc = ck_meta_del(s->meta, CK_META_USERS, key, klen);
        deleted = rc == 0 ? 1 : 0;
        if (rc == CHRONIK_ERR_NOT_FOUND)
            rc = 0;
    } else {
        rc = ck_meta_del_prefix(s->meta, CK_META_USERS, key, klen - 1, &deleted);
    }
    if (rc != 0) {
        ck_errf(err, errlen, "cannot delete the credential: %s", ck_meta_errmsg(s->meta));
        return rc;
    }
    if (deleted == 0) {
        if (mech != 0)
            ck_errf(err, errlen, "user %.256s has no %s credential", user, ck_scram_mech_name(mech));
        else
            ck_errf(err, errlen, "user %.256s has no credential", user);
        return CHRONIK_ERR_RESOURCE_NOT_FOUND;
    }
    return 0;
}

/** @brief Reads one credential. */
int ck_sec_cred_get(ck_sec *s, const char *user, int mech, ck_scram_cred *cred)
{
    char   key[CK_SCRAM_MAX_USER + 2];
    size_t klen, vlen = 0;
    void  *val = NULL;
    int    rc;

    if (user == NULL || user[0] == '\0' || ck_scram_key_len(mech) == 0)
        return CHRONIK_ERR_RESOURCE_NOT_FOUND;
    klen = cred_key(user, mech, key, sizeof(key));
    if (klen == 0)
        return CHRONIK_ERR_RESOURCE_NOT_FOUND;
    rc = ck_meta_get(s->meta, CK_META_USERS, key, klen, &val, &vlen);
    if (rc == CHRONIK_ERR_NOT_FOUND)
        return CHRONIK_ERR_RESOURCE_NOT_FOUND;
    if (rc != 0)
        return rc;
    rc = cred_decode(val, vlen, cred);
    if (rc == 0 && cred->mech != mech)
        rc = CHRONIK_ERR_CORRUPT;
    ck_sec_wipe(val, vlen);
    ck_free(val);
    return rc;
}

typedef struct list_ctx {
    ck_sec_user_info *items;
    size_t            n, cap;
    int               err;
} list_ctx;

static int list_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    list_ctx     *lc = opaque;
    const char   *nul = memchr(k, '\0', kl);
    ck_scram_cred c;

    if (nul == NULL || (size_t)(nul - (const char *)k) + 2 != kl || cred_decode(v, vl, &c) != 0) {
        lc->err = CHRONIK_ERR_CORRUPT;
        return 1;
    }
    if (lc->n == lc->cap) {
        lc->cap = lc->cap ? lc->cap * 2 : 8;
        lc->items = ck_realloc(lc->items, lc->cap * sizeof(*lc->items));
    }
    lc->items[lc->n].user = ck_strndup(k, (size_t)(nul - (const char *)k));
    lc->items[lc->n].mech = c.mech;
    lc->items[lc->n].iterations = c.iterations;
    lc->n++;
    ck_sec_wipe(&c, sizeof(c));
    return 0;
}

/** @brief Lists credentials (all, or one user's). */
int ck_sec_user_list(ck_sec *s, const char *user, ck_sec_user_info **out, size_t *n)
{
    list_ctx lc = {0};
    char     key[CK_SCRAM_MAX_USER + 2];
    size_t   plen = 0;
    int      rc;

    *out = NULL;
    *n = 0;
    if (user != NULL) {
        plen = cred_key(user, 0, key, sizeof(key));
        if (user[0] == '\0' || plen == 0)
            return 0;
        plen--;   /* user \0 */
    }
    rc = ck_meta_scan(s->meta, CK_META_USERS, key, plen, list_cb, &lc);
    if (rc == 1)
        rc = lc.err;
    if (rc != 0) {
        ck_sec_user_infos_free(lc.items, lc.n);
        return rc;
    }
    *out = lc.items;
    *n = lc.n;
    return 0;
}

/** @brief Frees a list from ck_sec_user_list. */
void ck_sec_user_infos_free(ck_sec_user_info *infos, size_t n)
{
    size_t i;

    if (infos == NULL)
        return;
    for (i = 0; i < n; i++)
        ck_free(infos[i].user);
    ck_free(infos);
}

/* ====================================================================== */
/* CHRONIK_SASL_USERS                                                       */
/* ====================================================================== */

/* Whether user's mech credential exists and verifies with password. */
static bool cred_matches(ck_sec *s, const char *user, int mech, const char *pw, size_t pwlen)
{
    ck_scram_cred have, probe;
    bool          same = false;

    if (ck_sec_cred_get(s, user, mech, &have) != 0)
        return false;
    if (have.iterations >= CK_SCRAM_MIN_ITERATIONS &&
        ck_scram_cred_make(&probe, mech, pw, pwlen, have.salt, have.salt_len, have.iterations) == 0) {
        size_t kl = ck_scram_key_len(mech);
        /* Both comparisons always run (no short circuit). */
        same = ((int)ck_sec_ct_eq(probe.stored_key, have.stored_key, kl) &
                (int)ck_sec_ct_eq(probe.server_key, have.server_key, kl)) != 0;
    }
    ck_sec_wipe(&have, sizeof(have));
    ck_sec_wipe(&probe, sizeof(probe));
    return same;
}

/** @brief Applies "user:password,..." (both SCRAM mechanisms per user). */
int ck_sec_apply_users_spec(ck_sec *s, const char *spec, char *err, size_t errlen)
{
    static const int mechs[] = {CK_SCRAM_SHA_256, CK_SCRAM_SHA_512};
    const char      *p = spec, *end, *colon;
    char             user[CK_SCRAM_MAX_USER + 1];
    char            *pw = NULL;
    size_t           pwlen, ulen, i;
    int              idx = 0, rc = 0;
    char             e[256];

    if (spec == NULL)
        return 0;
    while (*p != '\0') {
        idx++;
        end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        colon = memchr(p, ':', (size_t)(end - p));
        ulen = colon != NULL ? (size_t)(colon - p) : 0;
        if (colon == NULL || ulen == 0 || ulen > CK_SCRAM_MAX_USER || colon + 1 == end) {
            ck_errf(err, errlen, "CHRONIK_SASL_USERS: entry %d is not user:password with both non-empty", idx);
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        memcpy(user, p, ulen);
        user[ulen] = '\0';
        pwlen = (size_t)(end - colon - 1);
        pw = ck_strndup(colon + 1, pwlen);
        for (i = 0; i < CK_ARRAY_LEN(mechs) && rc == 0; i++) {
            if (cred_matches(s, user, mechs[i], pw, pwlen))
                continue;
            rc = ck_sec_user_upsert(s, user, mechs[i], pw, pwlen, 0, e, sizeof(e));
            if (rc != 0)
                ck_errf(err, errlen, "CHRONIK_SASL_USERS: entry %d (user %s): %s", idx, user, e);
        }
        ck_sec_wipe(pw, pwlen);
        ck_free(pw);
        if (rc != 0)
            return rc;
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}

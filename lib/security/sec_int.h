/*
 * sec_int.h — what the files of lib/security share and nothing else sees:
 * the ck_sec object, the hash primitives over mbedtls (crypto.c), and the
 * loaders of the ACL and quota indexes.
 */
#ifndef CK_SEC_INT_H
#define CK_SEC_INT_H

#include <pthread.h>
#include <sys/types.h>

#include "security/security.h"

typedef struct ck_acl_index ck_acl_index;
typedef struct ck_quota_store ck_quota_store;
typedef struct ck_sec_workers ck_sec_workers;

struct ck_sec {
    ck_meta            *meta;                 /* borrowed */
    bool                authorizer_enabled;   /* authorizer.enabled */
    bool                allow_if_no_acl;      /* allow.everyone.if.no.acl.found */
    uint32_t            sasl_mask;            /* sasl.enabled.mechanisms: bit 0 PLAIN, 1 SHA-256, 2 SHA-512 */
    char              **super_users;          /* super.users, principals */
    size_t              nsuper;
    ck_principal_rules *rules;                /* ssl.principal.mapping.rules */
    uint8_t             mock_key[32];         /* derives unknown users' salts */
    ck_acl_index       *acls;
    ck_quota_store     *quotas;
    pthread_mutex_t     workers_mtx;          /* guards the lazy start of workers */
    ck_sec_workers     *workers;              /* worker.c; NULL until the first submit */
};

/* ---- crypto.c ---- */

/** @brief H(data) of mech's hash into out (ck_scram_key_len bytes). */
void ck_sec_hash(int mech, const void *data, size_t len, uint8_t *out);
/** @brief HMAC(key, data) of mech's hash into out. */
void ck_sec_hmac(int mech, const void *key, size_t klen, const void *data, size_t len, uint8_t *out);
/** @brief PBKDF2-HMAC of mech's hash, key_len bytes into out.  0 or IO. */
int ck_sec_pbkdf2(int mech, const void *pw, size_t pwlen, const uint8_t *salt, size_t slen, int32_t iter,
                  uint8_t *out);
/** @brief n bytes from the kernel's CSPRNG (getrandom).  0 or IO. */
int ck_sec_random(void *buf, size_t n);
/** @brief Constant-time equality of two n-byte buffers. */
bool ck_sec_ct_eq(const void *a, const void *b, size_t n);
/** @brief Wipes n bytes so the compiler cannot elide it. */
void ck_sec_wipe(void *p, size_t n);
/** @brief Base64 of src into a ck_malloc'd NUL-terminated string. */
char *ck_sec_b64(const uint8_t *src, size_t n);
/** @brief Decodes base64 text (tlen bytes) into out (cap bytes): the decoded
 *  length, or -1 when malformed, not canonical or too long. */
ssize_t ck_sec_unb64(const char *text, size_t tlen, uint8_t *out, size_t cap);

/* ---- sasl.c ---- */

/** @brief Makes x use server_nonce (printable, no ',') instead of a random
 *  one: for reproducing published exchanges in tests only. */
void ck_sasl_set_nonce(ck_sasl *x, const char *server_nonce);

/* ---- acl.c / quota.c ---- */

int  ck_acl_index_load(ck_sec *s, char *err, size_t errlen);
void ck_acl_index_free(ck_acl_index *ix);
int  ck_quota_store_load(ck_sec *s, int32_t window_num, int32_t window_seconds, char *err, size_t errlen);
void ck_quota_store_free(ck_quota_store *q);

/* ---- worker.c ---- */

/** @brief Joins the worker threads after the queue drained.  ck_sec_free. */
void ck_sec_workers_stop(ck_sec *s);

#endif /* CK_SEC_INT_H */

/*
 * acl.c — the ACL authorizer, with the semantics of Kafka's
 * StandardAuthorizer, and the CreateAcls / DescribeAcls / DeleteAcls
 * operations on its bindings.
 *
 * The bindings live in CK_META_ACLS, keyed by the SHA-256 of their encoded
 * form (so a binding is stored once, whatever the length of its names):
 *
 *     version(1)=1 resource_type(1) pattern_type(1) operation(1)
 *     permission(1) name_len(4) name principal_len(4) principal
 *     host_len(4) host
 *
 * In memory an immutable snapshot holds them sorted (resource type, name,
 * pattern type, principal, host, operation, permission) with an index for
 * authorize: literal bindings by (type, name), per type the literal "*"
 * bindings, and prefixed bindings by (type, prefix) with the distinct
 * prefix lengths of each type — so a name is checked with one lookup per
 * distinct length, not against every prefix.  Readers take the rwlock's read side;
 * writers (create, delete) serialize on a mutex, write the store first, and
 * swap in a new snapshot under the write side, so a binding is in effect
 * only once it is durable.
 */
#include "security/sec_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACL_VERSION 1
#define NRES        8

typedef struct acl_vec {
    const ck_acl **v;
    size_t         n, cap;
} acl_vec;

typedef struct acl_snap {
    ck_acl *all;               /* sorted, owned */
    size_t  n;
    ck_map  literal;           /* type byte + name → acl_vec* */
    acl_vec wild[NRES];        /* literal "*" per type */
    ck_map  prefixed;          /* type byte + prefix → acl_vec* */
    size_t *plens[NRES];       /* distinct prefix lengths per type, ascending */
    size_t  nplens[NRES];
} acl_snap;

struct ck_acl_index {
    pthread_rwlock_t lock;     /* guards snap */
    pthread_mutex_t  wmu;      /* serializes writers */
    acl_snap        *snap;
};

/* ====================================================================== */
/* Bindings                                                                 */
/* ====================================================================== */

static void acl_clear(ck_acl *a)
{
    ck_free(a->resource_name);
    ck_free(a->principal);
    ck_free(a->host);
    memset(a, 0, sizeof(*a));
}

static void acl_copy(ck_acl *dst, const ck_acl *src)
{
    *dst = *src;
    dst->resource_name = ck_strdup(src->resource_name);
    dst->principal = ck_strdup(src->principal);
    dst->host = ck_strdup(src->host);
}

/** @brief Frees an array of bindings. */
void ck_acls_free(ck_acl *acls, size_t n)
{
    size_t i;

    if (acls == NULL)
        return;
    for (i = 0; i < n; i++)
        acl_clear(&acls[i]);
    ck_free(acls);
}

/** @brief Frees a result's matches. */
void ck_acl_result_clear(ck_acl_result *res)
{
    if (res == NULL)
        return;
    ck_acls_free(res->matches, res->nmatches);
    memset(res, 0, sizeof(*res));
}

static int acl_cmp(const void *pa, const void *pb)
{
    const ck_acl *a = pa, *b = pb;
    int           c;

    if (a->resource_type != b->resource_type)
        return a->resource_type - b->resource_type;
    if ((c = strcmp(a->resource_name, b->resource_name)) != 0)
        return c;
    if (a->pattern_type != b->pattern_type)
        return a->pattern_type - b->pattern_type;
    if ((c = strcmp(a->principal, b->principal)) != 0)
        return c;
    if ((c = strcmp(a->host, b->host)) != 0)
        return c;
    if (a->operation != b->operation)
        return a->operation - b->operation;
    return a->permission - b->permission;
}

static void put_str(ck_wb *wb, const char *s)
{
    size_t n = strlen(s);

    ck_wb_i32(wb, (int32_t)n);
    ck_wb_put(wb, s, n);
}

static void acl_encode(const ck_acl *a, ck_wb *wb)
{
    ck_wb_i8(wb, ACL_VERSION);
    ck_wb_i8(wb, a->resource_type);
    ck_wb_i8(wb, a->pattern_type);
    ck_wb_i8(wb, a->operation);
    ck_wb_i8(wb, a->permission);
    put_str(wb, a->resource_name);
    put_str(wb, a->principal);
    put_str(wb, a->host);
}

static char *get_str(ck_rd *rd)
{
    int32_t        n = ck_rd_i32(rd);
    const uint8_t *p;

    if (n < 0)
        return NULL;
    p = ck_rd_bytes(rd, (size_t)n);
    if (p == NULL || memchr(p, '\0', (size_t)n) != NULL)
        return NULL;
    return ck_strndup((const char *)p, (size_t)n);
}

static int acl_decode(const void *v, size_t vl, ck_acl *a)
{
    ck_rd rd;

    memset(a, 0, sizeof(*a));
    ck_rd_init(&rd, v, vl);
    if (ck_rd_i8(&rd) != ACL_VERSION)
        return CHRONIK_ERR_CORRUPT;
    a->resource_type = ck_rd_i8(&rd);
    a->pattern_type = ck_rd_i8(&rd);
    a->operation = ck_rd_i8(&rd);
    a->permission = ck_rd_i8(&rd);
    a->resource_name = get_str(&rd);
    a->principal = a->resource_name != NULL ? get_str(&rd) : NULL;
    a->host = a->principal != NULL ? get_str(&rd) : NULL;
    if (a->host == NULL || rd.err || a->resource_type < 0 || a->resource_type >= NRES) {
        acl_clear(a);
        return CHRONIK_ERR_CORRUPT;
    }
    return 0;
}

/* The store key of a binding: SHA-256 of its encoding. */
static void acl_key(const ck_acl *a, uint8_t key[32])
{
    ck_wb wb;

    ck_wb_init(&wb, 128);
    acl_encode(a, &wb);
    ck_sec_hash(CK_SCRAM_SHA_256, wb.buf, wb.len, key);
    ck_wb_free(&wb);
}

/* ====================================================================== */
/* Snapshots                                                                */
/* ====================================================================== */

static void vec_push(acl_vec *v, const ck_acl *a)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4;
        v->v = ck_realloc(v->v, v->cap * sizeof(*v->v));
    }
    v->v[v->n++] = a;
}

static void map_free_vecs(ck_map *m)
{
    size_t      it = 0, klen;
    const char *key;
    void       *val;

    while (ck_map_next(m, &it, &key, &klen, &val)) {
        acl_vec *v = val;
        ck_free(v->v);
        ck_free(v);
    }
    ck_map_free(m);
}

static void snap_free(acl_snap *sn)
{
    int t;

    if (sn == NULL)
        return;
    map_free_vecs(&sn->literal);
    map_free_vecs(&sn->prefixed);
    for (t = 0; t < NRES; t++) {
        ck_free(sn->wild[t].v);
        ck_free(sn->plens[t]);
    }
    ck_acls_free(sn->all, sn->n);
    ck_free(sn);
}

/* Adds a to the vector of (type, name) in m. */
static void map_push(ck_map *m, const ck_acl *a)
{
    size_t   nlen = strlen(a->resource_name);
    char    *k = ck_malloc(nlen + 1);
    acl_vec *v;

    k[0] = (char)a->resource_type;
    memcpy(k + 1, a->resource_name, nlen);
    v = ck_map_get(m, k, nlen + 1);
    if (v == NULL) {
        v = ck_calloc(1, sizeof(*v));
        ck_map_put(m, k, nlen + 1, v);
    }
    vec_push(v, a);
    ck_free(k);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

/* A snapshot adopting all (n bindings, sorted here). */
static acl_snap *snap_build(ck_acl *all, size_t n)
{
    acl_snap *sn = ck_calloc(1, sizeof(*sn));
    size_t    i, j, cap[NRES] = {0};
    int       t;

    if (n > 1)
        qsort(all, n, sizeof(*all), acl_cmp);
    sn->all = all;
    sn->n = n;
    ck_map_init(&sn->literal);
    ck_map_init(&sn->prefixed);
    for (i = 0; i < n; i++) {
        const ck_acl *a = &all[i];

        t = a->resource_type;
        if (a->pattern_type == CK_PAT_PREFIXED) {
            map_push(&sn->prefixed, a);
            if (sn->nplens[t] == cap[t]) {
                cap[t] = cap[t] ? cap[t] * 2 : 4;
                sn->plens[t] = ck_realloc(sn->plens[t], cap[t] * sizeof(size_t));
            }
            sn->plens[t][sn->nplens[t]++] = strlen(a->resource_name);
        } else if (strcmp(a->resource_name, CK_ACL_WILDCARD) == 0) {
            vec_push(&sn->wild[t], a);
        } else {
            map_push(&sn->literal, a);
        }
    }
    for (t = 0; t < NRES; t++) {   /* sort and deduplicate the prefix lengths */
        if (sn->nplens[t] == 0)
            continue;
        qsort(sn->plens[t], sn->nplens[t], sizeof(size_t), cmp_size);
        for (i = 1, j = 1; i < sn->nplens[t]; i++)
            if (sn->plens[t][i] != sn->plens[t][j - 1])
                sn->plens[t][j++] = sn->plens[t][i];
        sn->nplens[t] = j;
    }
    return sn;
}

static void index_swap(ck_acl_index *ix, acl_snap *sn)
{
    acl_snap *old;

    pthread_rwlock_wrlock(&ix->lock);
    old = ix->snap;
    ix->snap = sn;
    pthread_rwlock_unlock(&ix->lock);
    snap_free(old);
}

typedef struct load_ctx {
    ck_acl *all;
    size_t  n, cap;
    int     err;
} load_ctx;

static int load_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    load_ctx *lc = opaque;

    (void)k;
    (void)kl;
    if (lc->n == lc->cap) {
        lc->cap = lc->cap ? lc->cap * 2 : 16;
        lc->all = ck_realloc(lc->all, lc->cap * sizeof(*lc->all));
    }
    lc->err = acl_decode(v, vl, &lc->all[lc->n]);
    if (lc->err != 0)
        return 1;
    lc->n++;
    return 0;
}

/** @brief Loads the ACL index of s from the store. */
int ck_acl_index_load(ck_sec *s, char *err, size_t errlen)
{
    ck_acl_index *ix = ck_calloc(1, sizeof(*ix));
    load_ctx      lc = {0};
    int           rc;

    pthread_rwlock_init(&ix->lock, NULL);
    pthread_mutex_init(&ix->wmu, NULL);
    rc = ck_meta_scan(s->meta, CK_META_ACLS, NULL, 0, load_cb, &lc);
    if (rc == 1)
        rc = lc.err;
    if (rc != 0) {
        ck_errf(err, errlen, "cannot load the ACLs: %s", rc == CHRONIK_ERR_CORRUPT ? "a stored binding does not decode"
                                                                                  : ck_meta_errmsg(s->meta));
        ck_acls_free(lc.all, lc.n);
        pthread_rwlock_destroy(&ix->lock);
        pthread_mutex_destroy(&ix->wmu);
        ck_free(ix);
        return rc;
    }
    ix->snap = snap_build(lc.all, lc.n);
    s->acls = ix;
    return 0;
}

/** @brief Frees an ACL index. */
void ck_acl_index_free(ck_acl_index *ix)
{
    if (ix == NULL)
        return;
    snap_free(ix->snap);
    pthread_rwlock_destroy(&ix->lock);
    pthread_mutex_destroy(&ix->wmu);
    ck_free(ix);
}

/* ====================================================================== */
/* Validation and filters                                                   */
/* ====================================================================== */

static const char *res_name(int t)
{
    static const char *const names[] = {"UNKNOWN", "ANY", "TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID",
                                        "DELEGATION_TOKEN", "USER"};
    return t >= 0 && t < NRES ? names[t] : "invalid";
}

static int invalid(char *msg, size_t msglen, const char *fmt, const char *what)
{
    snprintf(msg, msglen, fmt, what);
    return CHRONIK_ERR_INVALID_REQUEST;
}

/* Kafka's checks of a new binding (AclControlManager.validateNewAcl). */
static int validate_binding(const ck_acl *a, char *msg, size_t msglen)
{
    const char *colon;

    if (a->resource_type <= CK_RES_ANY || a->resource_type >= NRES)
        return invalid(msg, msglen, "Invalid resourceType %s", res_name(a->resource_type));
    if (a->pattern_type != CK_PAT_LITERAL && a->pattern_type != CK_PAT_PREFIXED)
        return invalid(msg, msglen, "Invalid patternType %s",
                       a->pattern_type == CK_PAT_ANY ? "ANY" : a->pattern_type == CK_PAT_MATCH ? "MATCH" : "UNKNOWN");
    if (a->operation <= CK_OP_ANY || a->operation > CK_OP_DESCRIBE_TOKENS)
        return invalid(msg, msglen, "Invalid operation %s", a->operation == CK_OP_ANY ? "ANY" : "UNKNOWN");
    if (a->permission != CK_PERM_ALLOW && a->permission != CK_PERM_DENY)
        return invalid(msg, msglen, "Invalid permissionType %s", a->permission == CK_PERM_ANY ? "ANY" : "UNKNOWN");
    if (a->resource_name == NULL || a->resource_name[0] == '\0')
        return invalid(msg, msglen, "%s", "Resource name should not be empty");
    if (a->resource_type == CK_RES_CLUSTER &&
        (a->pattern_type != CK_PAT_LITERAL || strcmp(a->resource_name, CK_ACL_CLUSTER_NAME) != 0))
        return invalid(msg, msglen, "%s", "The only valid name for the CLUSTER resource is kafka-cluster");
    colon = a->principal != NULL ? strchr(a->principal, ':') : NULL;
    if (colon == NULL || colon == a->principal || colon[1] == '\0')
        return invalid(msg, msglen, "Could not parse principal from `%.100s`: expected principalType:principalName",
                       a->principal != NULL ? a->principal : "null");
    if (a->host == NULL || a->host[0] == '\0')
        return invalid(msg, msglen, "%s", "Invalid host: it must be an address or *");
    return 0;
}

static int validate_filter(const ck_acl *f, char *msg, size_t msglen)
{
    if (f->resource_type <= CK_RES_UNKNOWN || f->resource_type >= NRES)
        return invalid(msg, msglen, "Invalid resourceType %s", "UNKNOWN");
    if (f->pattern_type <= CK_PAT_UNKNOWN || f->pattern_type > CK_PAT_PREFIXED)
        return invalid(msg, msglen, "Invalid patternType %s", "UNKNOWN");
    if (f->operation <= CK_OP_UNKNOWN || f->operation > CK_OP_DESCRIBE_TOKENS)
        return invalid(msg, msglen, "Invalid operation %s", "UNKNOWN");
    if (f->permission <= CK_PERM_UNKNOWN || f->permission > CK_PERM_ALLOW)
        return invalid(msg, msglen, "Invalid permissionType %s", "UNKNOWN");
    return 0;
}

static bool starts_with(const char *s, size_t slen, const char *prefix)
{
    size_t n = strlen(prefix);

    return n <= slen && memcmp(s, prefix, n) == 0;
}

/** @brief Kafka's AclBindingFilter.matches. */
bool ck_acl_filter_matches(const ck_acl *f, const ck_acl *b)
{
    if (f->resource_type != CK_RES_ANY && f->resource_type != b->resource_type)
        return false;
    if (f->pattern_type != CK_PAT_ANY && f->pattern_type != CK_PAT_MATCH && f->pattern_type != b->pattern_type)
        return false;
    if (f->resource_name != NULL) {
        if (f->pattern_type == CK_PAT_ANY || f->pattern_type == b->pattern_type) {
            if (strcmp(f->resource_name, b->resource_name) != 0)
                return false;
        } else if (b->pattern_type == CK_PAT_LITERAL) {
            if (strcmp(f->resource_name, b->resource_name) != 0 && strcmp(b->resource_name, CK_ACL_WILDCARD) != 0)
                return false;
        } else if (!starts_with(f->resource_name, strlen(f->resource_name), b->resource_name)) {
            return false;
        }
    }
    if (f->principal != NULL && strcmp(f->principal, b->principal) != 0)
        return false;
    if (f->host != NULL && strcmp(f->host, b->host) != 0)
        return false;
    if (f->operation != CK_OP_ANY && f->operation != b->operation)
        return false;
    if (f->permission != CK_PERM_ANY && f->permission != b->permission)
        return false;
    return true;
}

/* ====================================================================== */
/* CreateAcls, DescribeAcls, DeleteAcls                                     */
/* ====================================================================== */

static bool snap_has(const acl_snap *sn, const ck_acl *a)
{
    return sn->n > 0 && bsearch(a, sn->all, sn->n, sizeof(*a), acl_cmp) != NULL;
}

/** @brief CreateAcls. */
int ck_acl_create(ck_sec *s, const ck_acl *acls, size_t n, ck_acl_result *res)
{
    ck_acl_index  *ix = s->acls;
    ck_meta_batch *b;
    ck_acl        *all;
    size_t         i, j, total, added = 0;
    uint8_t        key[32];
    ck_wb          wb;
    int            rc = 0;

    for (i = 0; i < n; i++) {
        memset(&res[i], 0, sizeof(res[i]));
        res[i].err = validate_binding(&acls[i], res[i].msg, sizeof(res[i].msg));
    }
    pthread_mutex_lock(&ix->wmu);
    total = ix->snap->n;
    all = ck_malloc((total + n + 1) * sizeof(*all));
    for (i = 0; i < total; i++)
        acl_copy(&all[i], &ix->snap->all[i]);
    b = ck_meta_batch_begin(s->meta);
    if (b == NULL) {
        rc = CHRONIK_ERR_IO;
        goto out;
    }
    ck_wb_init(&wb, 128);
    for (i = 0; i < n; i++) {
        bool dup = false;

        if (res[i].err != 0 || snap_has(ix->snap, &acls[i]))
            continue;
        for (j = total; j < total + added && !dup; j++)
            dup = acl_cmp(&all[j], &acls[i]) == 0;
        if (dup)
            continue;
        acl_copy(&all[total + added], &acls[i]);
        ck_wb_reset(&wb);
        acl_encode(&acls[i], &wb);
        acl_key(&acls[i], key);
        ck_meta_batch_put(b, CK_META_ACLS, key, sizeof(key), wb.buf, wb.len);
        added++;
    }
    ck_wb_free(&wb);
    rc = ck_meta_batch_commit(b);
out:
    if (rc != 0) {
        for (i = 0; i < n; i++) {
            if (res[i].err == 0) {
                res[i].err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
                snprintf(res[i].msg, sizeof(res[i].msg), "the ACLs could not be stored: %.120s",
                         ck_meta_errmsg(s->meta));
            }
        }
        ck_acls_free(all, total + added);
    } else {
        index_swap(ix, snap_build(all, total + added));
    }
    pthread_mutex_unlock(&ix->wmu);
    return rc;
}

/** @brief DescribeAcls. */
int ck_acl_describe(ck_sec *s, const ck_acl *filter, ck_acl **out, size_t *n, char *err, size_t errlen)
{
    ck_acl_index *ix = s->acls;
    size_t        i, cnt = 0;
    int           rc;

    *out = NULL;
    *n = 0;
    rc = validate_filter(filter, err, errlen);
    if (rc != 0)
        return rc;
    pthread_rwlock_rdlock(&ix->lock);
    for (i = 0; i < ix->snap->n; i++) {
        if (!ck_acl_filter_matches(filter, &ix->snap->all[i]))
            continue;
        if (*out == NULL)
            *out = ck_malloc((ix->snap->n - i) * sizeof(**out));
        acl_copy(&(*out)[cnt++], &ix->snap->all[i]);
    }
    pthread_rwlock_unlock(&ix->lock);
    *n = cnt;
    return 0;
}

/** @brief DeleteAcls. */
int ck_acl_delete(ck_sec *s, const ck_acl *filters, size_t n, ck_acl_result *res)
{
    ck_acl_index  *ix = s->acls;
    acl_snap      *sn;
    ck_meta_batch *b;
    bool          *gone = NULL;
    ck_acl        *rest;
    size_t         i, f, nrest = 0, ngone = 0;
    uint8_t        key[32];
    int            rc = 0;

    for (f = 0; f < n; f++) {
        memset(&res[f], 0, sizeof(res[f]));
        res[f].err = validate_filter(&filters[f], res[f].msg, sizeof(res[f].msg));
    }
    pthread_mutex_lock(&ix->wmu);
    sn = ix->snap;
    gone = ck_calloc(sn->n + 1, sizeof(*gone));
    for (f = 0; f < n; f++) {
        if (res[f].err != 0)
            continue;
        for (i = 0; i < sn->n; i++) {
            if (!ck_acl_filter_matches(&filters[f], &sn->all[i]))
                continue;
            if (res[f].matches == NULL)
                res[f].matches = ck_malloc((sn->n - i) * sizeof(*res[f].matches));
            acl_copy(&res[f].matches[res[f].nmatches++], &sn->all[i]);
            ngone += !gone[i];
            gone[i] = true;
        }
    }
    if (ngone == 0)
        goto out;
    b = ck_meta_batch_begin(s->meta);
    if (b == NULL) {
        rc = CHRONIK_ERR_IO;
    } else {
        for (i = 0; i < sn->n; i++) {
            if (gone[i]) {
                acl_key(&sn->all[i], key);
                ck_meta_batch_del(b, CK_META_ACLS, key, sizeof(key));
            }
        }
        rc = ck_meta_batch_commit(b);
    }
    if (rc != 0) {
        for (f = 0; f < n; f++) {
            if (res[f].err == 0) {
                ck_acl_result_clear(&res[f]);
                res[f].err = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
                snprintf(res[f].msg, sizeof(res[f].msg), "the ACLs could not be deleted: %.120s",
                         ck_meta_errmsg(s->meta));
            }
        }
        goto out;
    }
    rest = ck_malloc((sn->n - ngone + 1) * sizeof(*rest));
    for (i = 0; i < sn->n; i++)
        if (!gone[i])
            acl_copy(&rest[nrest++], &sn->all[i]);
    index_swap(ix, snap_build(rest, nrest));
out:
    pthread_mutex_unlock(&ix->wmu);
    ck_free(gone);
    return rc;
}

/* ====================================================================== */
/* authorize                                                                */
/* ====================================================================== */

/* Kafka's StandardAuthorizerData.findResult: CK_PERM_ALLOW, CK_PERM_DENY,
 * or 0 when the binding does not apply to this principal, host and op. */
static int acl_result(const ck_acl *a, const char *principal, const char *host, int op)
{
    if (strcmp(a->principal, principal) != 0 && strcmp(a->principal, CK_ACL_WILDCARD_PRINCIPAL) != 0)
        return 0;
    if (strcmp(a->host, CK_ACL_WILDCARD) != 0 && strcmp(a->host, host) != 0)
        return 0;
    if (a->operation != CK_OP_ALL) {
        if (a->permission == CK_PERM_ALLOW) {
            switch (op) {
            case CK_OP_DESCRIBE:
                if (a->operation != CK_OP_DESCRIBE && a->operation != CK_OP_READ && a->operation != CK_OP_WRITE &&
                    a->operation != CK_OP_DELETE && a->operation != CK_OP_ALTER)
                    return 0;
                break;
            case CK_OP_DESCRIBE_CONFIGS:
                if (a->operation != CK_OP_DESCRIBE_CONFIGS && a->operation != CK_OP_ALTER_CONFIGS)
                    return 0;
                break;
            default:
                if (a->operation != op)
                    return 0;
                break;
            }
        } else if (a->operation != op) {
            return 0;
        }
    }
    return a->permission;
}

typedef struct verdict {
    bool has;      /* some binding's pattern matches the resource */
    bool allow;
    bool deny;
} verdict;

static void scan_vec(const acl_vec *v, const char *principal, const char *host, int op, verdict *vd)
{
    size_t i;
    int    r;

    for (i = 0; i < v->n && !vd->deny; i++) {
        vd->has = true;
        r = acl_result(v->v[i], principal, host, op);
        if (r == CK_PERM_DENY)
            vd->deny = true;
        else if (r == CK_PERM_ALLOW)
            vd->allow = true;
    }
}

/** @brief Whether the authorizer is on. */
bool ck_sec_authorizer_enabled(const ck_sec *s)
{
    return s->authorizer_enabled;
}

/** @brief May principal from host perform op on the resource? */
bool ck_sec_authorize(ck_sec *s, const char *principal, const char *host, int op, int resource_type,
                      const char *name, size_t namelen)
{
    ck_acl_index  *ix = s->acls;
    const acl_snap *sn;
    verdict        vd = {false, false, false};
    char           kbuf[256];
    char          *k;
    const acl_vec *v;
    size_t         i;

    if (!s->authorizer_enabled)
        return true;
    if (principal == NULL || host == NULL || resource_type <= CK_RES_ANY || resource_type >= NRES)
        return false;
    for (i = 0; i < s->nsuper; i++)
        if (strcmp(s->super_users[i], principal) == 0)
            return true;
    k = namelen + 1 <= sizeof(kbuf) ? kbuf : ck_malloc(namelen + 1);
    k[0] = (char)resource_type;
    memcpy(k + 1, name, namelen);
    pthread_rwlock_rdlock(&ix->lock);
    sn = ix->snap;
    v = ck_map_get(&sn->literal, k, namelen + 1);
    if (v != NULL)
        scan_vec(v, principal, host, op, &vd);
    scan_vec(&sn->wild[resource_type], principal, host, op, &vd);
    /* Prefixes: one lookup per distinct prefix length that fits the name. */
    for (i = 0; i < sn->nplens[resource_type] && sn->plens[resource_type][i] <= namelen && !vd.deny; i++) {
        v = ck_map_get(&sn->prefixed, k, sn->plens[resource_type][i] + 1);
        if (v != NULL)
            scan_vec(v, principal, host, op, &vd);
    }
    pthread_rwlock_unlock(&ix->lock);
    if (k != kbuf)
        ck_free(k);
    if (vd.deny)
        return false;
    if (vd.allow)
        return true;
    return !vd.has && s->allow_if_no_acl;
}

/* ====================================================================== */
/* authorizeByResourceType                                                  */
/* ====================================================================== */

typedef struct name_set {
    const char **v;
    size_t       n, cap;
} name_set;

static void set_add(name_set *ns, const char *name)
{
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 8;
        ns->v = ck_realloc(ns->v, ns->cap * sizeof(*ns->v));
    }
    ns->v[ns->n++] = name;
}

static bool set_has(const name_set *ns, const char *name)
{
    size_t i;

    for (i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], name) == 0)
            return true;
    return false;
}

/* Whether some prefixed DENY name starts allow_name. */
static bool dominated(const name_set *deny_prefixed, const char *allow_name)
{
    size_t i, n = strlen(allow_name);

    for (i = 0; i < deny_prefixed->n; i++)
        if (starts_with(allow_name, n, deny_prefixed->v[i]))
            return true;
    return false;
}

/** @brief Kafka's authorizeByResourceType. */
bool ck_sec_authorize_by_type(ck_sec *s, const char *principal, const char *host, int op, int resource_type)
{
    ck_acl_index *ix = s->acls;
    name_set      deny_lit = {0}, deny_pre = {0}, allow_lit = {0}, allow_pre = {0};
    bool          allowed = false, denied_all = false, wildcard_allow = false;
    size_t        i;

    if (op <= CK_OP_ANY || op > CK_OP_DESCRIBE_TOKENS || resource_type <= CK_RES_ANY || resource_type >= NRES ||
        principal == NULL || host == NULL)
        return false;
    /* A name no binding mentions: super users, the authorizer off,
     * allow.everyone.if.no.acl.found and wildcard bindings answer here. */
    if (ck_sec_authorize(s, principal, host, op, resource_type, "hardcode", 8))
        return true;
    pthread_rwlock_rdlock(&ix->lock);
    for (i = 0; i < ix->snap->n && !denied_all; i++) {
        const ck_acl *a = &ix->snap->all[i];

        if (a->resource_type != resource_type)
            continue;
        if (strcmp(a->host, CK_ACL_WILDCARD) != 0 && strcmp(a->host, host) != 0)
            continue;
        if (strcmp(a->principal, principal) != 0 && strcmp(a->principal, CK_ACL_WILDCARD_PRINCIPAL) != 0)
            continue;
        if (a->operation != op && a->operation != CK_OP_ALL)
            continue;
        if (a->permission == CK_PERM_DENY) {
            if (a->pattern_type == CK_PAT_LITERAL && strcmp(a->resource_name, CK_ACL_WILDCARD) == 0)
                denied_all = true;
            else
                set_add(a->pattern_type == CK_PAT_LITERAL ? &deny_lit : &deny_pre, a->resource_name);
        } else if (a->pattern_type == CK_PAT_LITERAL && strcmp(a->resource_name, CK_ACL_WILDCARD) == 0) {
            wildcard_allow = true;
        } else {
            set_add(a->pattern_type == CK_PAT_LITERAL ? &allow_lit : &allow_pre, a->resource_name);
        }
    }
    if (!denied_all) {
        allowed = wildcard_allow;
        for (i = 0; i < allow_lit.n && !allowed; i++)
            allowed = !set_has(&deny_lit, allow_lit.v[i]) && !dominated(&deny_pre, allow_lit.v[i]);
        for (i = 0; i < allow_pre.n && !allowed; i++)
            allowed = !dominated(&deny_pre, allow_pre.v[i]);
    }
    pthread_rwlock_unlock(&ix->lock);
    ck_free(deny_lit.v);
    ck_free(deny_pre.v);
    ck_free(allow_lit.v);
    ck_free(allow_pre.v);
    return allowed;
}

/*
 * meta.c — the durable metadata store on LMDB (see meta.h).
 *
 * One environment under <data.dir>/meta/ with a named database per table,
 * opened once at ck_meta_open and shared by every transaction afterwards.
 * The environment uses MDB_NOTLS so read transactions are not tied to a
 * thread's slot, and keeps LMDB's default full durability (every write
 * transaction is fsync'ed before commit returns).  A flock on
 * <data.dir>/chronik.lock keeps a second handle, in this process or another,
 * from opening the same directory.
 *
 * Values of the topics table use a versioned binary layout (a version byte
 * first; decoders ignore bytes after the fields they know, so later versions
 * may append fields).  Producer ids come from a durable counter in the kv
 * table, reserved a block at a time: the block's end is committed before any
 * id of it is handed out, so an id is never reused even after a crash.
 */
#include "meta/meta.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define META_MAP_SIZE      ((size_t)4 << 30)   /* 4 GiB of address space; the file grows as used */
#define META_MAX_DBS       16
#define META_MAX_READERS   512
#define META_FORMAT        1                   /* kv "meta.format": layout version of this store */
#define META_TOPIC_VERSION 1                   /* first byte of a topic value */

#define KV_FORMAT     "meta.format"
#define KV_PID_NEXT   "producer.id.next"
#define KV_CLUSTER_ID "cluster.id"

static const char *const meta_table_names[CK_META__COUNT] = {
    "topics", "offsets", "producers", "txns", "groups", "users", "acls", "kv", "quotas",
};

struct ck_meta {
    MDB_env        *env;
    MDB_dbi         dbi[CK_META__COUNT];
    int             lock_fd;
    char           *dir;            /* the data directory */
    char           *path;           /* dir/meta */
    size_t          max_key;
    pthread_mutex_t mu;             /* producer id block, cluster id cache */
    int64_t         pid_next;       /* next id to hand out */
    int64_t         pid_end;        /* first id not reserved on disk */
    char            cluster_id[23]; /* "" until read or generated */
    pthread_mutex_t errmu;          /* guards errmsg */
    char            errmsg[512];
};

struct ck_meta_batch {
    ck_meta *m;
    MDB_txn *txn;
    int      err;   /* first failure; sticky */
};

static __thread char meta_tls_errmsg[512];

/* ====================================================================== */
/* Errors                                                                   */
/* ====================================================================== */

static void meta_vseterr(ck_meta *m, char *err, size_t errlen, const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", msg);
    if (m != NULL) {
        pthread_mutex_lock(&m->errmu);
        memcpy(m->errmsg, msg, sizeof(msg));
        pthread_mutex_unlock(&m->errmu);
    }
}

static void meta_seterr(ck_meta *m, char *err, size_t errlen, const char *fmt, ...) CK_PRINTF(4, 5);
static void meta_seterr(ck_meta *m, char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    meta_vseterr(m, err, errlen, fmt, ap);
    va_end(ap);
}

/* Maps an LMDB return code to a chronik_err_t and records the message. */
static int meta_mdb_err(ck_meta *m, int rc, const char *what)
{
    if (rc == MDB_NOTFOUND)
        return CHRONIK_ERR_NOT_FOUND;
    meta_seterr(m, NULL, 0, "metadata store \"%s\": %s: %s", m->path, what, mdb_strerror(rc));
    return CHRONIK_ERR_IO;
}

/** @brief The last error message of m, copied for the calling thread. */
const char *ck_meta_errmsg(ck_meta *m)
{
    if (m == NULL)
        return "";
    pthread_mutex_lock(&m->errmu);
    memcpy(meta_tls_errmsg, m->errmsg, sizeof(meta_tls_errmsg));
    pthread_mutex_unlock(&m->errmu);
    return meta_tls_errmsg;
}

/** @brief The environment path (dir/meta); borrowed until close. */
const char *ck_meta_path(const ck_meta *m)
{
    return m->path;
}

/** @brief LMDB's largest key size for this environment. */
size_t ck_meta_max_key(const ck_meta *m)
{
    return m->max_key;
}

static int meta_check(ck_meta *m, ck_meta_table table, const void *key, size_t klen)
{
    if ((unsigned)table >= CK_META__COUNT) {
        meta_seterr(m, NULL, 0, "metadata store: no table %d", (int)table);
        return CHRONIK_ERR_INVALID_ARG;
    }
    if (klen == 0 || key == NULL) {
        meta_seterr(m, NULL, 0, "metadata store: empty key in table %s", meta_table_names[table]);
        return CHRONIK_ERR_INVALID_ARG;
    }
    if (klen > m->max_key) {
        meta_seterr(m, NULL, 0, "metadata store: key of %zu bytes in table %s exceeds the limit of %zu",
                    klen, meta_table_names[table], m->max_key);
        return CHRONIK_ERR_INVALID_ARG;
    }
    return 0;
}

static int meta_check_prefix(ck_meta *m, ck_meta_table table, const void *prefix, size_t plen)
{
    if ((unsigned)table >= CK_META__COUNT) {
        meta_seterr(m, NULL, 0, "metadata store: no table %d", (int)table);
        return CHRONIK_ERR_INVALID_ARG;
    }
    if (plen > 0 && prefix == NULL) {
        meta_seterr(m, NULL, 0, "metadata store: NULL prefix");
        return CHRONIK_ERR_INVALID_ARG;
    }
    return 0;
}

/* ====================================================================== */
/* Open and close                                                           */
/* ====================================================================== */

/* Takes the exclusive directory lock; 0, LOCKED or IO. */
static int meta_lock_dir(ck_meta *m, char *err, size_t errlen)
{
    char lockpath[4096];
    char pidbuf[32];
    int  rc = 0;
    int  n;

    snprintf(lockpath, sizeof(lockpath), "%s/chronik.lock", m->dir);
    m->lock_fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m->lock_fd < 0) {
        meta_seterr(m, err, errlen, "cannot open lock file \"%s\": %s", lockpath, strerror(errno));
        rc = CHRONIK_ERR_IO;
        goto out;
    }
    if (flock(m->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            memset(pidbuf, 0, sizeof(pidbuf));
            if (pread(m->lock_fd, pidbuf, sizeof(pidbuf) - 1, 0) > 0)
                pidbuf[strcspn(pidbuf, "\n")] = '\0';
            meta_seterr(m, err, errlen,
                        "data directory \"%s\" is in use by another process%s%s%s (lock held on \"%s\")",
                        m->dir, pidbuf[0] ? " (pid " : "", pidbuf, pidbuf[0] ? ")" : "", lockpath);
            rc = CHRONIK_ERR_LOCKED;
        } else {
            meta_seterr(m, err, errlen, "cannot lock \"%s\": %s", lockpath, strerror(errno));
            rc = CHRONIK_ERR_IO;
        }
        close(m->lock_fd);
        m->lock_fd = -1;
        goto out;
    }
    /* Record our pid for the message a second opener prints (best effort). */
    n = snprintf(pidbuf, sizeof(pidbuf), "%ld\n", (long)getpid());
    if (ftruncate(m->lock_fd, 0) == 0 && pwrite(m->lock_fd, pidbuf, (size_t)n, 0) < 0)
        CK_DEBUG("meta", "cannot write pid to %s: %s", lockpath, strerror(errno));
out:
    return rc;
}

/* Opens the named databases and checks or records the store's format. */
static int meta_open_dbs(ck_meta *m, char *err, size_t errlen)
{
    MDB_txn *txn = NULL;
    MDB_val  k, v;
    uint8_t  fmt[4];
    int      rc, ret = 0;
    int      i;

    rc = mdb_txn_begin(m->env, NULL, 0, &txn);
    if (rc != 0)
        goto out_mdb;
    for (i = 0; i < CK_META__COUNT; i++) {
        rc = mdb_dbi_open(txn, meta_table_names[i], MDB_CREATE, &m->dbi[i]);
        if (rc != 0)
            goto out_mdb;
    }
    k.mv_data = (void *)KV_FORMAT;
    k.mv_size = strlen(KV_FORMAT);
    rc = mdb_get(txn, m->dbi[CK_META_KV], &k, &v);
    if (rc == MDB_NOTFOUND) {
        ck_put_be32(fmt, META_FORMAT);
        v.mv_data = fmt;
        v.mv_size = sizeof(fmt);
        rc = mdb_put(txn, m->dbi[CK_META_KV], &k, &v, 0);
        if (rc != 0)
            goto out_mdb;
    } else if (rc != 0) {
        goto out_mdb;
    } else if (v.mv_size != 4 || ck_be32(v.mv_data) > META_FORMAT) {
        meta_seterr(m, err, errlen, "metadata store \"%s\" has format %u; this build reads format %d or older",
                    m->path, v.mv_size == 4 ? ck_be32(v.mv_data) : 0u, META_FORMAT);
        ret = CHRONIK_ERR_CORRUPT;
        goto out_abort;
    }
    rc = mdb_txn_commit(txn);
    txn = NULL;
    if (rc != 0)
        goto out_mdb;
    goto out;

out_mdb:
    meta_seterr(m, err, errlen, "cannot open metadata store \"%s\": %s", m->path, mdb_strerror(rc));
    ret = CHRONIK_ERR_IO;
out_abort:
    if (txn != NULL)
        mdb_txn_abort(txn);
out:
    return ret;
}

/** @brief Opens the store of data directory dir; see meta.h.  Any thread. */
int ck_meta_open2(const char *dir, ck_meta **out, char *err, size_t errlen)
{
    ck_meta *m = NULL;
    size_t   plen;
    int      rc, ret = 0;
    int      dead = 0;

    if (out != NULL)
        *out = NULL;
    if (dir == NULL || dir[0] == '\0' || out == NULL) {
        meta_seterr(NULL, err, errlen, "metadata store: no data directory given");
        ret = CHRONIK_ERR_INVALID_ARG;
        goto out;
    }
    m = ck_calloc(1, sizeof(*m));
    m->lock_fd = -1;
    pthread_mutex_init(&m->mu, NULL);
    pthread_mutex_init(&m->errmu, NULL);
    m->dir = ck_strdup(dir);
    plen = strlen(dir) + sizeof("/meta");
    m->path = ck_malloc(plen);
    snprintf(m->path, plen, "%s/meta", dir);

    if (ck_mkdirs(m->path, 0755) != 0) {
        meta_seterr(m, err, errlen, "cannot create directory \"%s\": %s", m->path, strerror(errno));
        ret = CHRONIK_ERR_IO;
        goto out_free;
    }
    ret = meta_lock_dir(m, err, errlen);
    if (ret != 0)
        goto out_free;

    rc = mdb_env_create(&m->env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(m->env, META_MAX_DBS);
    if (rc == 0)
        rc = mdb_env_set_mapsize(m->env, META_MAP_SIZE);
    if (rc == 0)
        rc = mdb_env_set_maxreaders(m->env, META_MAX_READERS);
    if (rc == 0)
        rc = mdb_env_open(m->env, m->path, MDB_NOTLS, 0644);
    if (rc != 0) {
        meta_seterr(m, err, errlen, "cannot open metadata store \"%s\": %s", m->path, mdb_strerror(rc));
        ret = CHRONIK_ERR_IO;
        goto out_free;
    }
    /* Reader slots left by a process that died mid-read. */
    mdb_reader_check(m->env, &dead);
    if (dead > 0)
        CK_INFO("meta", "cleared %d stale reader slot(s) in %s", dead, m->path);
    m->max_key = (size_t)mdb_env_get_maxkeysize(m->env);
    ret = meta_open_dbs(m, err, errlen);
    if (ret != 0)
        goto out_free;
    *out = m;
    m = NULL;
    goto out;

out_free:
    ck_meta_close(m);
out:
    return ret;
}

/** @brief Opens the store of data directory dir; NULL on error (err says why). */
ck_meta *ck_meta_open(const char *dir, char *err, size_t errlen)
{
    ck_meta *m = NULL;

    ck_meta_open2(dir, &m, err, errlen);
    return m;
}

/** @brief Closes m and releases the directory lock; NULL does nothing. */
void ck_meta_close(ck_meta *m)
{
    if (m == NULL)
        return;
    if (m->env != NULL)
        mdb_env_close(m->env);
    if (m->lock_fd >= 0)
        close(m->lock_fd);   /* releases the flock */
    pthread_mutex_destroy(&m->mu);
    pthread_mutex_destroy(&m->errmu);
    ck_free(m->dir);
    ck_free(m->path);
    ck_free(m);
}

/* ====================================================================== */
/* Transactions helpers                                                     */
/* ====================================================================== */

static int meta_begin(ck_meta *m, bool rdonly, MDB_txn **txn)
{
    int rc = mdb_txn_begin(m->env, NULL, rdonly ? MDB_RDONLY : 0, txn);

    if (rc != 0) {
        *txn = NULL;
        return meta_mdb_err(m, rc, rdonly ? "begin read transaction" : "begin write transaction");
    }
    return 0;
}

static int meta_commit(ck_meta *m, MDB_txn *txn)
{
    int rc = mdb_txn_commit(txn);

    return rc == 0 ? 0 : meta_mdb_err(m, rc, "commit");
}

static int meta_txn_get(ck_meta *m, MDB_txn *txn, ck_meta_table table, const void *key, size_t klen,
                        void **val, size_t *vlen)
{
    MDB_val k = { klen, (void *)key }, v;
    int     rc = mdb_get(txn, m->dbi[table], &k, &v);

    if (rc != 0)
        return meta_mdb_err(m, rc, "get");
    *val = ck_memdup(v.mv_data, v.mv_size);
    if (vlen != NULL)
        *vlen = v.mv_size;
    return 0;
}

static int meta_txn_put(ck_meta *m, MDB_txn *txn, ck_meta_table table, const void *key, size_t klen,
                        const void *val, size_t vlen)
{
    MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
    int     rc = mdb_put(txn, m->dbi[table], &k, &v, 0);

    return rc == 0 ? 0 : meta_mdb_err(m, rc, "put");
}

static int meta_txn_del(ck_meta *m, MDB_txn *txn, ck_meta_table table, const void *key, size_t klen)
{
    MDB_val k = { klen, (void *)key };
    int     rc = mdb_del(txn, m->dbi[table], &k, NULL);

    return rc == 0 ? 0 : meta_mdb_err(m, rc, "delete");
}

/* Deletes every key with the prefix; re-seeks after each delete. */
static int meta_txn_del_prefix(ck_meta *m, MDB_txn *txn, ck_meta_table table, const void *prefix, size_t plen,
                               size_t *deleted)
{
    MDB_cursor *cur = NULL;
    MDB_val     k, v;
    size_t      n = 0;
    int         rc, ret = 0;

    rc = mdb_cursor_open(txn, m->dbi[table], &cur);
    if (rc != 0) {
        ret = meta_mdb_err(m, rc, "open cursor");
        goto out;
    }
    for (;;) {
        k.mv_size = plen;
        k.mv_data = (void *)prefix;
        rc = mdb_cursor_get(cur, &k, &v, plen > 0 ? MDB_SET_RANGE : MDB_FIRST);
        if (rc == MDB_NOTFOUND)
            break;
        if (rc != 0) {
            ret = meta_mdb_err(m, rc, "seek");
            goto out_close;
        }
        if (plen > 0 && (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0))
            break;
        rc = mdb_cursor_del(cur, 0);
        if (rc != 0) {
            ret = meta_mdb_err(m, rc, "delete");
            goto out_close;
        }
        n++;
    }
out_close:
    mdb_cursor_close(cur);
out:
    if (deleted != NULL)
        *deleted = n;
    return ret;
}

/* ====================================================================== */
/* Generic tables                                                           */
/* ====================================================================== */

/** @brief Stores key → val in table in one synced write txn.  Any thread. */
int ck_meta_put(ck_meta *m, ck_meta_table table, const void *key, size_t klen, const void *val, size_t vlen)
{
    MDB_txn *txn = NULL;
    int      ret;

    ret = meta_check(m, table, key, klen);
    if (ret != 0)
        goto out;
    if (vlen > 0 && val == NULL) {
        meta_seterr(m, NULL, 0, "metadata store: NULL value");
        ret = CHRONIK_ERR_INVALID_ARG;
        goto out;
    }
    ret = meta_begin(m, false, &txn);
    if (ret != 0)
        goto out;
    ret = meta_txn_put(m, txn, table, key, klen, val, vlen);
    if (ret != 0) {
        mdb_txn_abort(txn);
        goto out;
    }
    ret = meta_commit(m, txn);
out:
    return ret;
}

/** @brief Copies key's value out (caller ck_free's *val); NOT_FOUND if absent. */
int ck_meta_get(ck_meta *m, ck_meta_table table, const void *key, size_t klen, void **val, size_t *vlen)
{
    MDB_txn *txn = NULL;
    int      ret;

    *val = NULL;
    if (vlen != NULL)
        *vlen = 0;
    ret = meta_check(m, table, key, klen);
    if (ret != 0)
        goto out;
    ret = meta_begin(m, true, &txn);
    if (ret != 0)
        goto out;
    ret = meta_txn_get(m, txn, table, key, klen, val, vlen);
    mdb_txn_abort(txn);
out:
    return ret;
}

/** @brief Deletes key in one write txn; NOT_FOUND if absent.  Any thread. */
int ck_meta_del(ck_meta *m, ck_meta_table table, const void *key, size_t klen)
{
    MDB_txn *txn = NULL;
    int      ret;

    ret = meta_check(m, table, key, klen);
    if (ret != 0)
        goto out;
    ret = meta_begin(m, false, &txn);
    if (ret != 0)
        goto out;
    ret = meta_txn_del(m, txn, table, key, klen);
    if (ret != 0) {
        mdb_txn_abort(txn);
        goto out;
    }
    ret = meta_commit(m, txn);
out:
    return ret;
}

/** @brief Calls cb for every key with the prefix, in one read snapshot.  Any thread. */
int ck_meta_scan(ck_meta *m, ck_meta_table table, const void *prefix, size_t plen, ck_meta_scan_fn cb, void *opaque)
{
    MDB_txn    *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_val     k = { plen, (void *)prefix }, v;
    int         rc, ret;

    ret = meta_check_prefix(m, table, prefix, plen);
    if (ret != 0)
        goto out;
    ret = meta_begin(m, true, &txn);
    if (ret != 0)
        goto out;
    rc = mdb_cursor_open(txn, m->dbi[table], &cur);
    if (rc != 0) {
        ret = meta_mdb_err(m, rc, "open cursor");
        goto out_abort;
    }
    rc = mdb_cursor_get(cur, &k, &v, plen > 0 ? MDB_SET_RANGE : MDB_FIRST);
    while (rc == 0) {
        if (plen > 0 && (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0))
            break;
        ret = cb(opaque, k.mv_data, k.mv_size, v.mv_data, v.mv_size);
        if (ret != 0)
            goto out_close;
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    if (rc != 0 && rc != MDB_NOTFOUND)
        ret = meta_mdb_err(m, rc, "scan");
out_close:
    mdb_cursor_close(cur);
out_abort:
    mdb_txn_abort(txn);
out:
    return ret;
}

/** @brief Deletes every key with the prefix in one write txn.  Any thread. */
int ck_meta_del_prefix(ck_meta *m, ck_meta_table table, const void *prefix, size_t plen, size_t *deleted)
{
    MDB_txn *txn = NULL;
    int      ret;

    if (deleted != NULL)
        *deleted = 0;
    ret = meta_check_prefix(m, table, prefix, plen);
    if (ret != 0)
        goto out;
    ret = meta_begin(m, false, &txn);
    if (ret != 0)
        goto out;
    ret = meta_txn_del_prefix(m, txn, table, prefix, plen, deleted);
    if (ret != 0) {
        mdb_txn_abort(txn);
        if (deleted != NULL)
            *deleted = 0;
        goto out;
    }
    ret = meta_commit(m, txn);
    if (ret != 0 && deleted != NULL)
        *deleted = 0;
out:
    return ret;
}

/* ====================================================================== */
/* Topics                                                                   */
/* ====================================================================== */

/** @brief Encodes t's value (version byte, id, partitions, created, configs). */
void ck_meta_topic_encode(const ck_meta_topic *t, ck_wb *wb)
{
    size_t n = 0, i, len;

    while (t->configs != NULL && t->configs[n] != NULL && t->configs[n + 1] != NULL)
        n += 2;
    ck_wb_i8(wb, META_TOPIC_VERSION);
    ck_wb_put(wb, t->id, 16);
    ck_wb_i32(wb, t->partitions);
    ck_wb_i64(wb, t->created_ms);
    ck_wb_uvarint(wb, n / 2);
    for (i = 0; i < n; i++) {
        len = strlen(t->configs[i]);
        ck_wb_uvarint(wb, len);
        ck_wb_put(wb, t->configs[i], len);
    }
}

/** @brief Frees t's members and zeroes it. */
void ck_meta_topic_clear(ck_meta_topic *t)
{
    size_t i;

    if (t == NULL)
        return;
    ck_free(t->name);
    for (i = 0; t->configs != NULL && t->configs[i] != NULL; i++)
        ck_free(t->configs[i]);
    ck_free(t->configs);
    memset(t, 0, sizeof(*t));
}

/** @brief Decodes a topic value into *out (owned); CORRUPT on a bad layout. */
int ck_meta_topic_decode(const char *name, size_t nlen, const void *val, size_t vlen, ck_meta_topic *out)
{
    ck_rd          rd;
    const uint8_t *p;
    uint64_t       npairs, len;
    size_t         i, n = 0;
    int            ret = 0;

    memset(out, 0, sizeof(*out));
    if (memchr(name, '\0', nlen) != NULL) {
        ret = CHRONIK_ERR_CORRUPT;
        goto out;
    }
    out->name = ck_strndup(name, nlen);
    ck_rd_init(&rd, val, vlen);
    if ((uint8_t)ck_rd_i8(&rd) < 1 || rd.err) {   /* version 0 never existed */
        ret = CHRONIK_ERR_CORRUPT;
        goto out_clear;
    }
    p = ck_rd_bytes(&rd, 16);
    if (p != NULL)
        memcpy(out->id, p, 16);
    out->partitions = ck_rd_i32(&rd);
    out->created_ms = ck_rd_i64(&rd);
    npairs = ck_rd_uvarint(&rd);
    /* Each string takes at least one length byte: bound before allocating. */
    if (rd.err || npairs > ck_rd_left(&rd) / 2) {
        ret = CHRONIK_ERR_CORRUPT;
        goto out_clear;
    }
    out->configs = ck_calloc((size_t)npairs * 2 + 1, sizeof(char *));
    for (i = 0; i < npairs * 2; i++) {
        len = ck_rd_uvarint(&rd);
        if (rd.err || len > ck_rd_left(&rd)) {
            ret = CHRONIK_ERR_CORRUPT;
            goto out_clear;
        }
        p = ck_rd_bytes(&rd, (size_t)len);
        if (p == NULL || memchr(p, '\0', (size_t)len) != NULL) {
            ret = CHRONIK_ERR_CORRUPT;
            goto out_clear;
        }
        out->configs[n++] = ck_strndup((const char *)p, (size_t)len);
    }
    /* Bytes after the known fields belong to later versions: ignored. */
    goto out;

out_clear:
    ck_meta_topic_clear(out);
out:
    return ret;
}

static int meta_topic_check(ck_meta *m, const char *name)
{
    if (name == NULL || name[0] == '\0') {
        meta_seterr(m, NULL, 0, "metadata store: empty topic name");
        return CHRONIK_ERR_INVALID_ARG;
    }
    return meta_check(m, CK_META_TOPICS, name, strlen(name));
}

/** @brief Inserts or replaces topic t in one write txn.  Any thread. */
int ck_meta_topic_put(ck_meta *m, const ck_meta_topic *t)
{
    ck_wb wb;
    int   ret;

    if (t == NULL) {
        meta_seterr(m, NULL, 0, "metadata store: NULL topic");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ret = meta_topic_check(m, t->name);
    if (ret != 0)
        return ret;
    ck_wb_init(&wb, 128);
    ck_meta_topic_encode(t, &wb);
    ret = ck_meta_put(m, CK_META_TOPICS, t->name, strlen(t->name), wb.buf, wb.len);
    ck_wb_free(&wb);
    return ret;
}

/** @brief Deletes topic name; NOT_FOUND if absent.  Any thread. */
int ck_meta_topic_del(ck_meta *m, const char *name)
{
    int ret = meta_topic_check(m, name);

    if (ret != 0)
        return ret;
    return ck_meta_del(m, CK_META_TOPICS, name, strlen(name));
}

/** @brief Reads one topic into *out (owned); NOT_FOUND if absent.  Any thread. */
int ck_meta_topic_get(ck_meta *m, const char *name, ck_meta_topic *out)
{
    void  *val = NULL;
    size_t vlen = 0;
    int    ret;

    memset(out, 0, sizeof(*out));
    ret = meta_topic_check(m, name);
    if (ret != 0)
        goto out;
    ret = ck_meta_get(m, CK_META_TOPICS, name, strlen(name), &val, &vlen);
    if (ret != 0)
        goto out;
    ret = ck_meta_topic_decode(name, strlen(name), val, vlen, out);
    if (ret != 0)
        meta_seterr(m, NULL, 0, "metadata store \"%s\": topic \"%s\" has a corrupt record", m->path, name);
out:
    ck_free(val);
    return ret;
}

typedef struct topic_list_ctx {
    ck_meta       *m;
    ck_meta_topic *arr;
    size_t         n, cap;
    int            err;
} topic_list_ctx;

static int topic_list_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    topic_list_ctx *ctx = opaque;

    if (ctx->n == ctx->cap) {
        ctx->cap = ctx->cap ? ctx->cap * 2 : 16;
        ctx->arr = ck_realloc(ctx->arr, ctx->cap * sizeof(*ctx->arr));
    }
    ctx->err = ck_meta_topic_decode(k, kl, v, vl, &ctx->arr[ctx->n]);
    if (ctx->err != 0) {
        meta_seterr(ctx->m, NULL, 0, "metadata store \"%s\": topic \"%.*s\" has a corrupt record",
                    ctx->m->path, (int)CK_MIN(kl, 255), (const char *)k);
        return 1;
    }
    ctx->n++;
    return 0;
}

/** @brief All topics in name order (owned array, ck_meta_topics_free).  Any thread. */
int ck_meta_topic_list(ck_meta *m, ck_meta_topic **out, size_t *n)
{
    topic_list_ctx ctx = { m, NULL, 0, 0, 0 };
    int            ret;

    *out = NULL;
    *n = 0;
    ret = ck_meta_scan(m, CK_META_TOPICS, NULL, 0, topic_list_cb, &ctx);
    if (ctx.err != 0)
        ret = ctx.err;
    if (ret != 0) {
        ck_meta_topics_free(ctx.arr, ctx.n);
        goto out;
    }
    *out = ctx.arr;
    *n = ctx.n;
out:
    return ret;
}

/** @brief Frees a topic array from ck_meta_topic_list; NULL does nothing. */
void ck_meta_topics_free(ck_meta_topic *topics, size_t n)
{
    size_t i;

    if (topics == NULL)
        return;
    for (i = 0; i < n; i++)
        ck_meta_topic_clear(&topics[i]);
    ck_free(topics);
}

/* ====================================================================== */
/* Batches                                                                  */
/* ====================================================================== */

/** @brief Begins a write batch; NULL on error.  Commit/abort on the same thread. */
ck_meta_batch *ck_meta_batch_begin(ck_meta *m)
{
    ck_meta_batch *b = NULL;
    MDB_txn       *txn = NULL;

    if (meta_begin(m, false, &txn) != 0)
        goto out;
    b = ck_calloc(1, sizeof(*b));
    b->m = m;
    b->txn = txn;
out:
    return b;
}

/** @brief Adds a put to b; errors are sticky until commit. */
int ck_meta_batch_put(ck_meta_batch *b, ck_meta_table table, const void *key, size_t klen,
                      const void *val, size_t vlen)
{
    int ret = b->err;

    if (ret == 0)
        ret = meta_check(b->m, table, key, klen);
    if (ret == 0 && vlen > 0 && val == NULL) {
        meta_seterr(b->m, NULL, 0, "metadata store: NULL value");
        ret = CHRONIK_ERR_INVALID_ARG;
    }
    if (ret == 0)
        ret = meta_txn_put(b->m, b->txn, table, key, klen, val, vlen);
    if (ret != 0 && b->err == 0)
        b->err = ret;
    return ret;
}

/** @brief Adds a delete to b (absent key: not an error). */
int ck_meta_batch_del(ck_meta_batch *b, ck_meta_table table, const void *key, size_t klen)
{
    int ret = b->err;

    if (ret == 0)
        ret = meta_check(b->m, table, key, klen);
    if (ret == 0) {
        ret = meta_txn_del(b->m, b->txn, table, key, klen);
        if (ret == CHRONIK_ERR_NOT_FOUND)
            ret = 0;
    }
    if (ret != 0 && b->err == 0)
        b->err = ret;
    return ret;
}

/** @brief Deletes every key with the prefix inside b. */
int ck_meta_batch_del_prefix(ck_meta_batch *b, ck_meta_table table, const void *prefix, size_t plen)
{
    int ret = b->err;

    if (ret == 0)
        ret = meta_check_prefix(b->m, table, prefix, plen);
    if (ret == 0)
        ret = meta_txn_del_prefix(b->m, b->txn, table, prefix, plen, NULL);
    if (ret != 0 && b->err == 0)
        b->err = ret;
    return ret;
}

/** @brief Reads key inside b (sees b's writes); copy owned by the caller. */
int ck_meta_batch_get(ck_meta_batch *b, ck_meta_table table, const void *key, size_t klen, void **val, size_t *vlen)
{
    int ret;

    *val = NULL;
    if (vlen != NULL)
        *vlen = 0;
    ret = b->err;
    if (ret == 0)
        ret = meta_check(b->m, table, key, klen);
    if (ret == 0)
        ret = meta_txn_get(b->m, b->txn, table, key, klen, val, vlen);
    return ret;
}

/** @brief Adds a topic insert-or-replace to b. */
int ck_meta_batch_topic_put(ck_meta_batch *b, const ck_meta_topic *t)
{
    ck_wb wb;
    int   ret;

    if (t == NULL || t->name == NULL || t->name[0] == '\0') {
        meta_seterr(b->m, NULL, 0, "metadata store: empty topic name");
        if (b->err == 0)
            b->err = CHRONIK_ERR_INVALID_ARG;
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_wb_init(&wb, 128);
    ck_meta_topic_encode(t, &wb);
    ret = ck_meta_batch_put(b, CK_META_TOPICS, t->name, strlen(t->name), wb.buf, wb.len);
    ck_wb_free(&wb);
    return ret;
}

/** @brief Adds a topic delete to b. */
int ck_meta_batch_topic_del(ck_meta_batch *b, const char *name)
{
    if (name == NULL || name[0] == '\0') {
        meta_seterr(b->m, NULL, 0, "metadata store: empty topic name");
        if (b->err == 0)
            b->err = CHRONIK_ERR_INVALID_ARG;
        return CHRONIK_ERR_INVALID_ARG;
    }
    return ck_meta_batch_del(b, CK_META_TOPICS, name, strlen(name));
}

/** @brief Commits and frees b; all or nothing. */
int ck_meta_batch_commit(ck_meta_batch *b)
{
    int ret;

    if (b == NULL)
        return CHRONIK_ERR_INVALID_ARG;
    ret = b->err;
    if (ret != 0)
        mdb_txn_abort(b->txn);
    else
        ret = meta_commit(b->m, b->txn);
    ck_free(b);
    return ret;
}

/** @brief Discards b's writes and frees it; NULL does nothing. */
void ck_meta_batch_abort(ck_meta_batch *b)
{
    if (b == NULL)
        return;
    mdb_txn_abort(b->txn);
    ck_free(b);
}

/* ====================================================================== */
/* Producer ids and cluster id                                              */
/* ====================================================================== */

/* Reserves the next block: commits the new end before returning. */
static int meta_pid_reserve(ck_meta *m)
{
    MDB_txn *txn = NULL;
    MDB_val  k = { strlen(KV_PID_NEXT), (void *)KV_PID_NEXT }, v;
    uint8_t  buf[8];
    int64_t  start = 0;
    int      rc, ret;

    ret = meta_begin(m, false, &txn);
    if (ret != 0)
        goto out;
    rc = mdb_get(txn, m->dbi[CK_META_KV], &k, &v);
    if (rc == 0) {
        if (v.mv_size != 8 || (int64_t)ck_be64(v.mv_data) < 0) {
            meta_seterr(m, NULL, 0, "metadata store \"%s\": corrupt producer id counter", m->path);
            ret = CHRONIK_ERR_CORRUPT;
            goto out_abort;
        }
        start = (int64_t)ck_be64(v.mv_data);
    } else if (rc != MDB_NOTFOUND) {
        ret = meta_mdb_err(m, rc, "read producer id counter");
        goto out_abort;
    }
    if (start > INT64_MAX - CK_META_PID_BLOCK) {
        meta_seterr(m, NULL, 0, "metadata store \"%s\": producer ids exhausted", m->path);
        ret = CHRONIK_ERR_IO;
        goto out_abort;
    }
    ck_put_be64(buf, (uint64_t)(start + CK_META_PID_BLOCK));
    v.mv_size = 8;
    v.mv_data = buf;
    rc = mdb_put(txn, m->dbi[CK_META_KV], &k, &v, 0);
    if (rc != 0) {
        ret = meta_mdb_err(m, rc, "write producer id counter");
        goto out_abort;
    }
    ret = meta_commit(m, txn);
    txn = NULL;
    if (ret != 0)
        goto out;
    m->pid_next = start;
    m->pid_end = start + CK_META_PID_BLOCK;
    goto out;

out_abort:
    mdb_txn_abort(txn);
out:
    return ret;
}

/** @brief Next producer id, never reused across restarts or crashes.  Any thread. */
int ck_meta_next_producer_id(ck_meta *m, int64_t *pid)
{
    int ret = 0;

    pthread_mutex_lock(&m->mu);
    if (m->pid_next >= m->pid_end)
        ret = meta_pid_reserve(m);
    if (ret == 0)
        *pid = m->pid_next++;
    pthread_mutex_unlock(&m->mu);
    return ret;
}

static void meta_random(void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t   got = 0;
    ssize_t  n;
    int      fd;

    while (got < len) {
        n = getrandom(p + got, len - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        got += (size_t)n;
    }
    if (got < len) {
        fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            while (got < len && (n = read(fd, p + got, len - got)) > 0)
                got += (size_t)n;
            close(fd);
        }
    }
    /* Last resort: clock-seeded mixing (never expected on Linux). */
    while (got < len) {
        uint64_t x = (uint64_t)ck_mono_ns() * 0x9E3779B97F4A7C15ull + got;
        p[got++] = (uint8_t)(x >> 56);
    }
}

/** @brief Kafka's text form of a UUID: base64url without padding. */
void ck_meta_uuid_str(const uint8_t id[16], char out[23])
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t   i, o = 0;
    uint32_t v;

    for (i = 0; i + 3 <= 16; i += 3) {
        v = ((uint32_t)id[i] << 16) | ((uint32_t)id[i + 1] << 8) | id[i + 2];
        out[o++] = tbl[(v >> 18) & 63];
        out[o++] = tbl[(v >> 12) & 63];
        out[o++] = tbl[(v >> 6) & 63];
        out[o++] = tbl[v & 63];
    }
    /* 16 = 5*3 + 1: one byte left gives two characters. */
    v = (uint32_t)id[15] << 16;
    out[o++] = tbl[(v >> 18) & 63];
    out[o++] = tbl[(v >> 12) & 63];
    out[o] = '\0';
}

/** @brief A random v4 UUID, never zero, the metadata topic id, or one whose text starts with '-'. */
void ck_meta_uuid(uint8_t out[16])
{
    static const uint8_t zero[16];
    static const uint8_t metadata_id[16] = { [15] = 1 };
    char                 s[23];

    for (;;) {
        meta_random(out, 16);
        out[6] = (uint8_t)((out[6] & 0x0f) | 0x40);   /* version 4 */
        out[8] = (uint8_t)((out[8] & 0x3f) | 0x80);   /* IETF variant */
        ck_meta_uuid_str(out, s);
        if (memcmp(out, zero, 16) != 0 && memcmp(out, metadata_id, 16) != 0 && s[0] != '-')
            break;
    }
}

/** @brief The stored cluster id, generated on first use.  Any thread. */
int ck_meta_cluster_id(ck_meta *m, char out[23])
{
    MDB_txn *txn = NULL;
    MDB_val  k = { strlen(KV_CLUSTER_ID), (void *)KV_CLUSTER_ID }, v;
    uint8_t  id[16];
    char     s[23];
    int      rc, ret = 0;

    pthread_mutex_lock(&m->mu);
    if (m->cluster_id[0] != '\0')
        goto out_copy;
    ret = meta_begin(m, false, &txn);
    if (ret != 0)
        goto out;
    rc = mdb_get(txn, m->dbi[CK_META_KV], &k, &v);
    if (rc == 0) {
        if (v.mv_size != 22 || memchr(v.mv_data, '\0', 22) != NULL) {
            meta_seterr(m, NULL, 0, "metadata store \"%s\": corrupt cluster id", m->path);
            ret = CHRONIK_ERR_CORRUPT;
            goto out_abort;
        }
        memcpy(m->cluster_id, v.mv_data, 22);
        m->cluster_id[22] = '\0';
        mdb_txn_abort(txn);
        goto out_copy;
    }
    if (rc != MDB_NOTFOUND) {
        ret = meta_mdb_err(m, rc, "read cluster id");
        goto out_abort;
    }
    ck_meta_uuid(id);
    ck_meta_uuid_str(id, s);
    v.mv_size = 22;
    v.mv_data = s;
    rc = mdb_put(txn, m->dbi[CK_META_KV], &k, &v, 0);
    if (rc != 0) {
        ret = meta_mdb_err(m, rc, "write cluster id");
        goto out_abort;
    }
    ret = meta_commit(m, txn);
    if (ret != 0)
        goto out;
    memcpy(m->cluster_id, s, sizeof(s));
out_copy:
    memcpy(out, m->cluster_id, 23);
    goto out;
out_abort:
    mdb_txn_abort(txn);
out:
    pthread_mutex_unlock(&m->mu);
    return ret;
}

/*
 * test_meta.c — unit tests of the LMDB metadata store (lib/meta): topics
 * surviving reopen, the generic tables with prefix scans, batch atomicity,
 * the crash-safe producer id counter, the cluster id, the directory lock
 * (checked from a child process) and concurrent writers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meta/meta.h"

typedef struct fixture {
    char dir[256];
} fixture;

static int setup(void **state)
{
    fixture    *fx = calloc(1, sizeof(*fx));
    const char *tmp = getenv("TMPDIR");

    snprintf(fx->dir, sizeof(fx->dir), "%s/ck-meta-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
    if (mkdtemp(fx->dir) == NULL) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;

    ck_rmtree(fx->dir);
    free(fx);
    return 0;
}

static ck_meta *open_ok(const char *dir)
{
    char     err[512] = "";
    ck_meta *m = ck_meta_open(dir, err, sizeof(err));

    if (m == NULL)
        fail_msg("ck_meta_open(%s): %s", dir, err);
    return m;
}

/* ---------------------------------------------------------------------- */

static void test_topics_survive_reopen(void **state)
{
    fixture       *fx = *state;
    ck_meta       *m = open_ok(fx->dir);
    char          *cfg[] = { "retention.ms", "1000", "cleanup.policy", "compact", NULL };
    ck_meta_topic  t = { 0 }, got;
    ck_meta_topic *list = NULL;
    size_t         n = 0;
    const char    *names[] = { "orders", "alpha", "zeta" };
    size_t         i;

    for (i = 0; i < 3; i++) {
        t.name = (char *)names[i];
        memset(t.id, (int)i + 1, 16);
        t.partitions = (int32_t)i + 1;
        t.configs = i == 0 ? cfg : NULL;
        t.created_ms = 1700000000000LL + (int64_t)i;
        assert_int_equal(ck_meta_topic_put(m, &t), 0);
    }
    /* Replace: partitions grow. */
    t.name = "alpha";
    t.partitions = 7;
    memset(t.id, 2, 16);
    t.configs = NULL;
    t.created_ms = 1700000000001LL;
    assert_int_equal(ck_meta_topic_put(m, &t), 0);
    assert_int_equal(ck_meta_topic_del(m, "zeta"), 0);
    assert_int_equal(ck_meta_topic_del(m, "zeta"), CHRONIK_ERR_NOT_FOUND);
    assert_int_equal(ck_meta_topic_del(m, ""), CHRONIK_ERR_INVALID_ARG);
    ck_meta_close(m);

    m = open_ok(fx->dir);
    assert_int_equal(ck_meta_topic_list(m, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].name, "alpha");
    assert_int_equal(list[0].partitions, 7);
    assert_null(list[0].configs[0]);
    assert_string_equal(list[1].name, "orders");
    assert_int_equal(list[1].partitions, 1);
    assert_int_equal(list[1].created_ms, 1700000000000LL);
    assert_int_equal(list[1].id[15], 1);
    assert_string_equal(list[1].configs[0], "retention.ms");
    assert_string_equal(list[1].configs[1], "1000");
    assert_string_equal(list[1].configs[2], "cleanup.policy");
    assert_string_equal(list[1].configs[3], "compact");
    assert_null(list[1].configs[4]);
    ck_meta_topics_free(list, n);

    assert_int_equal(ck_meta_topic_get(m, "orders", &got), 0);
    assert_string_equal(got.name, "orders");
    assert_string_equal(got.configs[1], "1000");
    ck_meta_topic_clear(&got);
    assert_int_equal(ck_meta_topic_get(m, "zeta", &got), CHRONIK_ERR_NOT_FOUND);
    ck_meta_close(m);
}

static void test_topic_list_empty(void **state)
{
    fixture       *fx = *state;
    ck_meta       *m = open_ok(fx->dir);
    ck_meta_topic *list = (ck_meta_topic *)1;
    size_t         n = 5;

    assert_int_equal(ck_meta_topic_list(m, &list, &n), 0);
    assert_null(list);
    assert_int_equal(n, 0);
    ck_meta_topics_free(NULL, 0);
    ck_meta_close(m);
}

static void test_topic_decode_robust(void **state)
{
    char          *cfg[] = { "a", "b", "segment.bytes", "1048576", NULL };
    ck_meta_topic  t = { "x", { 0 }, 3, cfg, 42 }, out;
    ck_wb          wb;
    size_t         cut;
    uint8_t        buf[256];

    (void)state;
    ck_wb_init(&wb, 64);
    ck_meta_topic_encode(&t, &wb);
    assert_int_equal(wb.buf[0], 1);   /* version byte first */
    /* Every truncation is rejected, never read past the end. */
    for (cut = 0; cut < wb.len; cut++) {
        void *copy = ck_memdup(wb.buf, cut);
        assert_int_equal(ck_meta_topic_decode("x", 1, copy, cut, &out), CHRONIK_ERR_CORRUPT);
        ck_free(copy);
    }
    /* A later version appending fields still decodes. */
    assert_true(wb.len + 5 <= sizeof(buf));
    memcpy(buf, wb.buf, wb.len);
    memcpy(buf + wb.len, "extra", 5);
    buf[0] = 2;
    assert_int_equal(ck_meta_topic_decode("x", 1, buf, wb.len + 5, &out), 0);
    assert_int_equal(out.partitions, 3);
    assert_int_equal(out.created_ms, 42);
    assert_string_equal(out.configs[2], "segment.bytes");
    ck_meta_topic_clear(&out);
    /* Version 0 and a huge config count are corrupt. */
    buf[0] = 0;
    assert_int_equal(ck_meta_topic_decode("x", 1, buf, wb.len, &out), CHRONIK_ERR_CORRUPT);
    memcpy(buf, wb.buf, wb.len);
    buf[1 + 16 + 4 + 8] = 0x7f;   /* npairs = 127 with few bytes left */
    assert_int_equal(ck_meta_topic_decode("x", 1, buf, wb.len, &out), CHRONIK_ERR_CORRUPT);
    ck_wb_free(&wb);
}

/* ---------------------------------------------------------------------- */

typedef struct scan_ctx {
    char   keys[16][64];
    size_t n;
    size_t stop_after;
} scan_ctx;

static int scan_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    scan_ctx *ctx = opaque;

    (void)v;
    (void)vl;
    if (ctx->n < 16) {
        /* Keys contain NULs: replace them with '/' to compare as text. */
        size_t i;
        for (i = 0; i < kl && i < 63; i++)
            ctx->keys[ctx->n][i] = ((const char *)k)[i] ? ((const char *)k)[i] : '/';
        ctx->keys[ctx->n][i] = '\0';
    }
    ctx->n++;
    return ctx->stop_after != 0 && ctx->n >= ctx->stop_after ? 7 : 0;
}

static size_t offset_key(char *buf, const char *group, const char *topic, int partition)
{
    size_t g = strlen(group) + 1, t = strlen(topic) + 1;

    memcpy(buf, group, g);
    memcpy(buf + g, topic, t);
    ck_put_be32((uint8_t *)buf + g + t, (uint32_t)partition);
    return g + t + 4;
}

static void test_generic_tables(void **state)
{
    fixture *fx = *state;
    ck_meta *m = open_ok(fx->dir);
    char     key[128];
    size_t   kl, vlen = 0, deleted = 0;
    void    *val = NULL;
    scan_ctx ctx;
    char     big[2048];
    int      p;

    for (p = 0; p < 3; p++) {
        kl = offset_key(key, "g1", "orders", p);
        assert_int_equal(ck_meta_put(m, CK_META_OFFSETS, key, kl, "off", 3), 0);
    }
    kl = offset_key(key, "g10", "orders", 0);
    assert_int_equal(ck_meta_put(m, CK_META_OFFSETS, key, kl, "x", 1), 0);
    kl = offset_key(key, "g2", "orders", 0);
    assert_int_equal(ck_meta_put(m, CK_META_OFFSETS, key, kl, "", 0), 0);   /* empty value */

    assert_int_equal(ck_meta_get(m, CK_META_OFFSETS, key, kl, &val, &vlen), 0);
    assert_non_null(val);
    assert_int_equal(vlen, 0);
    ck_free(val);

    /* Tables are separate. */
    assert_int_equal(ck_meta_get(m, CK_META_GROUPS, key, kl, &val, &vlen), CHRONIK_ERR_NOT_FOUND);
    assert_null(val);

    /* Prefix "g1\0" matches g1's three offsets, not g10. */
    memset(&ctx, 0, sizeof(ctx));
    assert_int_equal(ck_meta_scan(m, CK_META_OFFSETS, "g1", 3, scan_cb, &ctx), 0);
    assert_int_equal(ctx.n, 3);
    assert_memory_equal(ctx.keys[0], "g1/orders/", 10);
    /* Whole table, in key order. */
    memset(&ctx, 0, sizeof(ctx));
    assert_int_equal(ck_meta_scan(m, CK_META_OFFSETS, NULL, 0, scan_cb, &ctx), 0);
    assert_int_equal(ctx.n, 5);
    assert_memory_equal(ctx.keys[3], "g10/", 4);
    assert_memory_equal(ctx.keys[4], "g2/", 3);
    /* The callback stops the scan and its value is returned. */
    memset(&ctx, 0, sizeof(ctx));
    ctx.stop_after = 2;
    assert_int_equal(ck_meta_scan(m, CK_META_OFFSETS, NULL, 0, scan_cb, &ctx), 7);
    assert_int_equal(ctx.n, 2);
    /* A prefix matching nothing. */
    memset(&ctx, 0, sizeof(ctx));
    assert_int_equal(ck_meta_scan(m, CK_META_OFFSETS, "zz", 2, scan_cb, &ctx), 0);
    assert_int_equal(ctx.n, 0);

    assert_int_equal(ck_meta_del_prefix(m, CK_META_OFFSETS, "g1", 3, &deleted), 0);
    assert_int_equal(deleted, 3);
    memset(&ctx, 0, sizeof(ctx));
    assert_int_equal(ck_meta_scan(m, CK_META_OFFSETS, NULL, 0, scan_cb, &ctx), 0);
    assert_int_equal(ctx.n, 2);

    assert_int_equal(ck_meta_del(m, CK_META_OFFSETS, key, kl), 0);
    assert_int_equal(ck_meta_del(m, CK_META_OFFSETS, key, kl), CHRONIK_ERR_NOT_FOUND);

    /* Bad arguments are refused with a message, never a crash. */
    assert_int_equal(ck_meta_put(m, CK_META_KV, "", 0, "v", 1), CHRONIK_ERR_INVALID_ARG);
    assert_true(strstr(ck_meta_errmsg(m), "empty key") != NULL);
    memset(big, 'k', sizeof(big));
    assert_true(ck_meta_max_key(m) < sizeof(big));
    assert_int_equal(ck_meta_put(m, CK_META_KV, big, sizeof(big), "v", 1), CHRONIK_ERR_INVALID_ARG);
    assert_true(strstr(ck_meta_errmsg(m), "exceeds") != NULL);
    assert_int_equal(ck_meta_put(m, CK_META__COUNT, "k", 1, "v", 1), CHRONIK_ERR_INVALID_ARG);
    /* Large values are fine. */
    assert_int_equal(ck_meta_put(m, CK_META_KV, "big", 3, big, sizeof(big)), 0);
    assert_int_equal(ck_meta_get(m, CK_META_KV, "big", 3, &val, &vlen), 0);
    assert_int_equal(vlen, sizeof(big));
    assert_memory_equal(val, big, sizeof(big));
    ck_free(val);
    ck_meta_close(m);

    /* Values persist. */
    m = open_ok(fx->dir);
    kl = offset_key(key, "g10", "orders", 0);
    assert_int_equal(ck_meta_get(m, CK_META_OFFSETS, key, kl, &val, &vlen), 0);
    assert_int_equal(vlen, 1);
    ck_free(val);
    ck_meta_close(m);
}

static void test_batch_atomicity(void **state)
{
    fixture       *fx = *state;
    ck_meta       *m = open_ok(fx->dir);
    ck_meta_batch *b;
    ck_meta_topic  t = { "t1", { 0 }, 2, NULL, 5 }, got;
    void          *val = NULL;
    size_t         vlen = 0;

    assert_int_equal(ck_meta_put(m, CK_META_TXNS, "old", 3, "1", 1), 0);

    /* Commit: all writes land. */
    b = ck_meta_batch_begin(m);
    assert_non_null(b);
    assert_int_equal(ck_meta_batch_put(b, CK_META_TXNS, "a", 1, "A", 1), 0);
    assert_int_equal(ck_meta_batch_put(b, CK_META_PRODUCERS, "b", 1, "B", 1), 0);
    assert_int_equal(ck_meta_batch_del(b, CK_META_TXNS, "old", 3), 0);
    assert_int_equal(ck_meta_batch_del(b, CK_META_TXNS, "absent", 6), 0);
    assert_int_equal(ck_meta_batch_topic_put(b, &t), 0);
    assert_int_equal(ck_meta_batch_get(b, CK_META_TXNS, "a", 1, &val, &vlen), 0);   /* sees its own write */
    assert_memory_equal(val, "A", 1);
    ck_free(val);
    assert_int_equal(ck_meta_batch_commit(b), 0);
    assert_int_equal(ck_meta_get(m, CK_META_TXNS, "a", 1, &val, &vlen), 0);
    ck_free(val);
    assert_int_equal(ck_meta_get(m, CK_META_PRODUCERS, "b", 1, &val, &vlen), 0);
    ck_free(val);
    assert_int_equal(ck_meta_get(m, CK_META_TXNS, "old", 3, &val, &vlen), CHRONIK_ERR_NOT_FOUND);
    assert_int_equal(ck_meta_topic_get(m, "t1", &got), 0);
    ck_meta_topic_clear(&got);

    /* Abort: nothing lands. */
    b = ck_meta_batch_begin(m);
    assert_int_equal(ck_meta_batch_put(b, CK_META_TXNS, "c", 1, "C", 1), 0);
    assert_int_equal(ck_meta_batch_del(b, CK_META_TXNS, "a", 1), 0);
    assert_int_equal(ck_meta_batch_topic_del(b, "t1"), 0);
    ck_meta_batch_abort(b);
    assert_int_equal(ck_meta_get(m, CK_META_TXNS, "c", 1, &val, &vlen), CHRONIK_ERR_NOT_FOUND);
    assert_int_equal(ck_meta_get(m, CK_META_TXNS, "a", 1, &val, &vlen), 0);
    ck_free(val);
    assert_int_equal(ck_meta_topic_get(m, "t1", &got), 0);
    ck_meta_topic_clear(&got);

    /* A failed write makes the whole batch fail: nothing lands. */
    b = ck_meta_batch_begin(m);
    assert_int_equal(ck_meta_batch_put(b, CK_META_TXNS, "d", 1, "D", 1), 0);
    assert_int_equal(ck_meta_batch_put(b, CK_META_TXNS, "", 0, "E", 1), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(ck_meta_batch_put(b, CK_META_TXNS, "f", 1, "F", 1), CHRONIK_ERR_INVALID_ARG);   /* sticky */
    assert_int_equal(ck_meta_batch_commit(b), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(ck_meta_get(m, CK_META_TXNS, "d", 1, &val, &vlen), CHRONIK_ERR_NOT_FOUND);

    /* Prefix delete in a batch, then abort keeps the keys. */
    b = ck_meta_batch_begin(m);
    assert_int_equal(ck_meta_batch_del_prefix(b, CK_META_TXNS, NULL, 0), 0);
    assert_int_equal(ck_meta_batch_get(b, CK_META_TXNS, "a", 1, &val, &vlen), CHRONIK_ERR_NOT_FOUND);
    ck_meta_batch_abort(b);
    assert_int_equal(ck_meta_get(m, CK_META_TXNS, "a", 1, &val, &vlen), 0);
    ck_free(val);
    ck_meta_batch_abort(NULL);
    ck_meta_close(m);
}

/* ---------------------------------------------------------------------- */

static void test_producer_ids(void **state)
{
    fixture *fx = *state;
    ck_meta *m = open_ok(fx->dir);
    int64_t  pid, prev = -1, child_last = -1;
    int      i, fds[2], status = 0;
    pid_t    child;
    ssize_t  n;

    for (i = 0; i < 2500; i++) {   /* crosses two block boundaries */
        assert_int_equal(ck_meta_next_producer_id(m, &pid), 0);
        assert_true(pid > prev);
        prev = pid;
    }
    assert_int_equal(prev, 2499);
    ck_meta_close(m);

    m = open_ok(fx->dir);
    assert_int_equal(ck_meta_next_producer_id(m, &pid), 0);
    assert_true(pid > prev);
    prev = pid;
    ck_meta_close(m);

    /* A child allocates and dies without closing: no id is reused. */
    assert_int_equal(pipe(fds), 0);
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        char     err[256];
        ck_meta *cm = ck_meta_open(fx->dir, err, sizeof(err));
        int64_t  last = -1;
        int      j;

        close(fds[0]);
        if (cm == NULL)
            _exit(2);
        for (j = 0; j < 10; j++)
            if (ck_meta_next_producer_id(cm, &last) != 0)
                _exit(3);
        if (write(fds[1], &last, sizeof(last)) != (ssize_t)sizeof(last))
            _exit(4);
        _exit(0);
    }
    close(fds[1]);
    n = read(fds[0], &child_last, sizeof(child_last));
    close(fds[0]);
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(n, sizeof(child_last));
    assert_true(child_last > prev);

    m = open_ok(fx->dir);
    assert_int_equal(ck_meta_next_producer_id(m, &pid), 0);
    assert_true(pid > child_last);
    ck_meta_close(m);
}

static void test_cluster_id(void **state)
{
    fixture *fx = *state;
    ck_meta *m = open_ok(fx->dir);
    char     a[23], b[23], other[300];
    uint8_t  id[16];
    size_t   i;
    ck_meta *m2;

    assert_int_equal(ck_meta_cluster_id(m, a), 0);
    assert_int_equal(strlen(a), 22);
    assert_true(a[0] != '-');
    for (i = 0; i < 22; i++)
        assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", a[i]) != NULL);
    assert_int_equal(ck_meta_cluster_id(m, b), 0);
    assert_string_equal(a, b);
    ck_meta_close(m);

    m = open_ok(fx->dir);
    assert_int_equal(ck_meta_cluster_id(m, b), 0);
    assert_string_equal(a, b);
    ck_meta_close(m);

    /* Another directory gets another id. */
    snprintf(other, sizeof(other), "%s/other", fx->dir);
    m2 = open_ok(other);
    assert_int_equal(ck_meta_cluster_id(m2, b), 0);
    assert_string_not_equal(a, b);
    ck_meta_close(m2);

    /* Kafka's text form of known ids. */
    memset(id, 0, 16);
    ck_meta_uuid_str(id, a);
    assert_string_equal(a, "AAAAAAAAAAAAAAAAAAAAAA");
    id[15] = 1;
    ck_meta_uuid_str(id, a);
    assert_string_equal(a, "AAAAAAAAAAAAAAAAAAAAAQ");
    memset(id, 0xff, 16);
    ck_meta_uuid_str(id, a);
    assert_string_equal(a, "_____________________w");
    ck_meta_uuid(id);
    assert_int_equal(id[6] >> 4, 4);
}

/* ---------------------------------------------------------------------- */

static void test_lock(void **state)
{
    fixture *fx = *state;
    ck_meta *m = open_ok(fx->dir);
    ck_meta *m2 = NULL;
    char     err[512] = "";
    int      status = 0;
    pid_t    child;

    /* Another process cannot open the directory. */
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        char     cerr[512] = "";
        ck_meta *cm = NULL;
        int      rc = ck_meta_open2(fx->dir, &cm, cerr, sizeof(cerr));

        if (rc != CHRONIK_ERR_LOCKED || cm != NULL)
            _exit(1);
        if (strstr(cerr, fx->dir) == NULL || strstr(cerr, "in use") == NULL)
            _exit(2);
        _exit(0);
    }
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    /* Nor can a second handle in this process. */
    assert_int_equal(ck_meta_open2(fx->dir, &m2, err, sizeof(err)), CHRONIK_ERR_LOCKED);
    assert_null(m2);
    assert_true(strstr(err, "in use") != NULL);
    ck_meta_close(m);

    /* After close it opens again, also from a child. */
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        char     cerr[512];
        ck_meta *cm = ck_meta_open(fx->dir, cerr, sizeof(cerr));

        if (cm == NULL)
            _exit(1);
        ck_meta_close(cm);
        _exit(0);
    }
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_open_errors(void **state)
{
    fixture *fx = *state;
    char     path[400], err[512] = "";
    ck_meta *m = NULL;
    FILE    *f;

    /* A path whose parent is a regular file. */
    snprintf(path, sizeof(path), "%s/file", fx->dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/file/data", fx->dir);
    assert_int_equal(ck_meta_open2(path, &m, err, sizeof(err)), CHRONIK_ERR_IO);
    assert_null(m);
    assert_true(strstr(err, path) != NULL);
    assert_int_equal(ck_meta_open2("", &m, err, sizeof(err)), CHRONIK_ERR_INVALID_ARG);
    assert_null(ck_meta_open(NULL, NULL, 0));
    ck_meta_close(NULL);
}

/* ---------------------------------------------------------------------- */

#define NTHREADS 4
#define NKEYS 100

typedef struct thr_arg {
    ck_meta *m;
    int      idx;
    int      failures;
    int64_t  pids[NKEYS];
} thr_arg;

static void *writer(void *p)
{
    thr_arg *a = p;
    char     key[32], val[32];
    void    *got;
    size_t   glen;
    int      i;

    for (i = 0; i < NKEYS; i++) {
        int kl = snprintf(key, sizeof(key), "t%d/%04d", a->idx, i);
        int vl = snprintf(val, sizeof(val), "v%d", i);

        if (ck_meta_put(a->m, CK_META_GROUPS, key, (size_t)kl, val, (size_t)vl) != 0)
            a->failures++;
        if (ck_meta_get(a->m, CK_META_GROUPS, key, (size_t)kl, &got, &glen) != 0 || glen != (size_t)vl ||
            memcmp(got, val, glen) != 0)
            a->failures++;
        ck_free(got);
        if (ck_meta_next_producer_id(a->m, &a->pids[i]) != 0)
            a->failures++;
    }
    return NULL;
}

static int count_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    (void)k;
    (void)kl;
    (void)v;
    (void)vl;
    (*(size_t *)opaque)++;
    return 0;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return a < b ? -1 : a > b;
}

static void test_concurrent_writers(void **state)
{
    fixture  *fx = *state;
    ck_meta  *m = open_ok(fx->dir);
    pthread_t th[NTHREADS];
    thr_arg   args[NTHREADS];
    int64_t  *all = calloc(NTHREADS * NKEYS, sizeof(int64_t));
    size_t    count = 0, i;
    int       t;

    for (t = 0; t < NTHREADS; t++) {
        memset(&args[t], 0, sizeof(args[t]));
        args[t].m = m;
        args[t].idx = t;
        assert_int_equal(pthread_create(&th[t], NULL, writer, &args[t]), 0);
    }
    for (t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(args[t].failures, 0);
        memcpy(all + (size_t)t * NKEYS, args[t].pids, sizeof(args[t].pids));
    }
    assert_int_equal(ck_meta_scan(m, CK_META_GROUPS, NULL, 0, count_cb, &count), 0);
    assert_int_equal(count, NTHREADS * NKEYS);
    count = 0;
    assert_int_equal(ck_meta_scan(m, CK_META_GROUPS, "t2/", 3, count_cb, &count), 0);
    assert_int_equal(count, NKEYS);
    /* Producer ids handed to the threads are all distinct. */
    qsort(all, NTHREADS * NKEYS, sizeof(int64_t), cmp_i64);
    for (i = 1; i < NTHREADS * NKEYS; i++)
        assert_true(all[i] > all[i - 1]);
    free(all);
    ck_meta_close(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_topics_survive_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_topic_list_empty, setup, teardown),
        cmocka_unit_test(test_topic_decode_robust),
        cmocka_unit_test_setup_teardown(test_generic_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_atomicity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_producer_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

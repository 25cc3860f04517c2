/*
 * test_cleaner.c — unit tests for log compaction (lib/storage/cleaner.c):
 * the last value per key survives with its offset, batches keep their base
 * and last offsets, tombstones live delete.retention.ms after their first
 * pass and then go, the dirty ratio and the compaction lags decide when a
 * pass is due, aborted transactional records go while markers stay until
 * safe, each producer's last batch stays (emptied) for producer state, the
 * active segment is never touched, a pass asked to stop ends cleanly, and
 * leftovers of an interrupted swap are finished or removed at open.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "chronik.h"
#include "storage/storage.h"
#include "storage/storage_int.h"

#define T0 1700000000000LL      /* record timestamps */
#define MAXREC 8192

/* ===================================================================== */
/* Helpers                                                                */
/* ===================================================================== */

static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char path[512];

    snprintf(path, sizeof(path), "%s/ck-cleaner-XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(path));
    return ck_strdup(path);
}

static ck_log *open_log(const char *dir, int64_t seg_bytes)
{
    ck_log_conf c;
    ck_log *log = NULL;
    char err[256] = "";

    ck_log_conf_defaults(&c);
    c.segment_bytes = seg_bytes;
    c.index_interval_bytes = 128;
    c.retention_ms = -1;
    if (ck_log_open(dir, &c, NULL, &log, err, sizeof(err)) != 0)
        fprintf(stderr, "open: %s\n", err);
    assert_non_null(log);
    return log;
}

typedef struct krec {
    const char *key;      /* NULL: no key */
    const char *value;    /* NULL: tombstone */
} krec;

/* Appends one batch of records (producer fields from o, may be NULL). */
static int64_t append(ck_log *log, const krec *r, int n, int64_t ts, const ck_batch_opts *opts)
{
    ck_rec_in in[64];
    ck_batch_opts o;
    ck_wb wb;
    char err[128];
    int64_t base = -1, last = -1;
    int i;

    assert_true(n <= 64);
    memset(in, 0, sizeof(in));
    for (i = 0; i < n; i++) {
        in[i].key = r[i].key;
        in[i].key_len = r[i].key ? (int32_t)strlen(r[i].key) : -1;
        in[i].value = r[i].value;
        in[i].value_len = r[i].value ? (int32_t)strlen(r[i].value) : -1;
        in[i].timestamp = ts + i;
    }
    if (opts != NULL)
        o = *opts;
    else
        ck_batch_opts_init(&o);
    ck_wb_init(&wb, 256);
    assert_int_equal(ck_batch_build(&wb, &o, in, (size_t)n, err, sizeof(err)), 0);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), 0);
    ck_wb_free(&wb);
    return base;
}

static int64_t put(ck_log *log, const char *key, const char *value, int64_t ts)
{
    krec r = { key, value };
    return append(log, &r, 1, ts, NULL);
}

static int64_t marker(ck_log *log, int64_t pid, bool commit, int64_t ts)
{
    ck_wb wb;
    int64_t base = -1, last = -1;

    ck_wb_init(&wb, 128);
    ck_batch_build_marker(&wb, pid, 0, commit, 0, ts);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), 0);
    ck_wb_free(&wb);
    return base;
}

/* What a read of the whole log returns. */
typedef struct seen {
    int64_t offset[MAXREC];
    char    key[MAXREC][32];
    char    value[MAXREC][32];   /* "" with tomb set for a tombstone */
    bool    tomb[MAXREC];
    int     n;
    int64_t bbase[MAXREC], blast[MAXREC];   /* batches */
    int32_t bcount[MAXREC], bseq[MAXREC];
    int16_t battr[MAXREC];
    int     nb;
} seen;

static seen g_seen, g_before;

static void read_all(ck_log *log, seen *s)
{
    ck_wb out;
    int64_t next = -1, end = ck_log_durable_offset(log), prev = -1;
    size_t pos = 0;

    memset(s, 0, sizeof(*s));
    ck_wb_init(&out, 4096);
    assert_int_equal(ck_log_read_copy(log, ck_log_start_offset(log), end, (size_t)1 << 30, &out, &next), 0);
    assert_true(next == end);
    while (pos < out.len) {
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec rec;
        assert_int_equal(ck_batch_hdr_read(out.buf + pos, out.len - pos, &h), 0);
        assert_true(h.base_offset > prev);
        assert_true(s->nb < MAXREC);
        s->bbase[s->nb] = h.base_offset;
        s->blast[s->nb] = ck_batch_last_offset(&h);
        s->bcount[s->nb] = h.records_count;
        s->bseq[s->nb] = h.base_sequence;
        s->battr[s->nb] = h.attributes;
        s->nb++;
        assert_int_equal(ck_rec_iter_init(&it, out.buf + pos, out.len - pos, 1 << 20), 0);
        while (ck_rec_iter_next(&it, &rec) == 1) {
            assert_true(rec.offset > prev);
            assert_true(rec.offset <= ck_batch_last_offset(&h));
            prev = rec.offset;
            assert_true(s->n < MAXREC);
            s->offset[s->n] = rec.offset;
            snprintf(s->key[s->n], 32, "%.*s", rec.key_len > 0 ? rec.key_len : 0,
                     rec.key ? (const char *)rec.key : "");
            s->tomb[s->n] = rec.value_len < 0;
            snprintf(s->value[s->n], 32, "%.*s", rec.value_len > 0 ? rec.value_len : 0,
                     rec.value ? (const char *)rec.value : "");
            s->n++;
        }
        assert_true(prev <= ck_batch_last_offset(&h));
        prev = ck_batch_last_offset(&h);
        ck_rec_iter_free(&it);
        pos += ck_batch_size(&h);
    }
    ck_wb_free(&out);
}

static int find_offset(const seen *s, int64_t off)
{
    int i;

    for (i = 0; i < s->n; i++)
        if (s->offset[i] == off)
            return i;
    return -1;
}

static void clean(ck_log *log, const ck_clean_conf *cc, int64_t now, ck_clean_stats *st)
{
    char err[256] = "";
    int rc = ck_log_clean(log, cc, now, st, err, sizeof(err));

    if (rc != 0)
        fprintf(stderr, "clean: %s\n", err);
    assert_int_equal(rc, 0);
}

static int64_t active_base(ck_log *log)
{
    int64_t b;

    pthread_mutex_lock(&log->mu);
    b = log->segs[log->nseg - 1]->base;
    pthread_mutex_unlock(&log->mu);
    return b;
}

/* Every record of `before` below `limit` is either in `after` (same key and
 * value) or has a later record of its key below limit; every record at or
 * past limit is kept.  Offsets in after all come from before. */
static void check_compacted(const seen *before, const seen *after, int64_t limit)
{
    int i, j;

    for (i = 0; i < after->n; i++) {
        j = find_offset(before, after->offset[i]);
        assert_true(j >= 0);
        assert_string_equal(after->key[i], before->key[j]);
        assert_string_equal(after->value[i], before->value[j]);
    }
    for (i = 0; i < before->n; i++) {
        bool later = false;
        if (before->offset[i] >= limit) {
            assert_true(find_offset(after, before->offset[i]) >= 0);
            continue;
        }
        for (j = i + 1; j < before->n && before->offset[j] < limit; j++)
            if (strcmp(before->key[j], before->key[i]) == 0)
                later = true;
        if (!later && !before->tomb[i])
            assert_true(find_offset(after, before->offset[i]) >= 0);
        if (later)
            assert_true(find_offset(after, before->offset[i]) < 0);
    }
}

/* Timestamp of the record at offset (its batch read alone), and the batch's attributes. */
static int64_t record_ts(ck_log *log, int64_t off, int16_t *attrs)
{
    ck_wb out;
    int64_t next, ts = -1;
    ck_batch_hdr h;
    ck_rec_iter it;
    ck_rec rec;

    ck_wb_init(&out, 256);
    assert_int_equal(ck_log_read_copy(log, off, ck_log_durable_offset(log), 1, &out, &next), 0);
    assert_int_equal(ck_batch_hdr_read(out.buf, out.len, &h), 0);
    *attrs = h.attributes;
    assert_int_equal(ck_rec_iter_init(&it, out.buf, ck_batch_size(&h), 1 << 20), 0);
    while (ck_rec_iter_next(&it, &rec) == 1)
        if (rec.offset == off)
            ts = rec.timestamp;
    ck_rec_iter_free(&it);
    ck_wb_free(&out);
    return ts;
}

static void rm_dir(char *dir)
{
    ck_rmtree(dir);
    ck_free(dir);
}

/* ===================================================================== */
/* Tests                                                                  */
/* ===================================================================== */

/* 40 keys written 30 times each over many small segments: one pass keeps
 * the last value of every key below the active segment, same offsets. */
static void test_last_value_per_key(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 600);
    ck_clean_conf cc;
    ck_clean_stats st;
    int64_t limit, size_before;
    int round, k, i, nseg;

    (void)state;
    for (round = 0; round < 30; round++) {
        for (k = 0; k < 40; k++) {
            char key[16], val[16];
            snprintf(key, sizeof(key), "k%d", k);
            snprintf(val, sizeof(val), "v%d-%d", k, round);
            put(log, key, val, T0 + round * 100 + k);
        }
    }
    read_all(log, &g_before);
    assert_int_equal(g_before.n, 1200);
    limit = active_base(log);
    assert_true(limit > 600);
    size_before = ck_log_size_bytes(log);
    nseg = ck_log_segment_count(log);
    ck_clean_conf_defaults(&cc);
    clean(log, &cc, T0 + 100000, &st);
    assert_true(st.cleaned);
    assert_true(st.segments > 0);
    assert_true(st.dirty_ratio > 0.99);
    assert_true(st.records_removed > 0);
    assert_true(st.first_dirty == limit);
    read_all(log, &g_seen);
    check_compacted(&g_before, &g_seen, limit);
    assert_true(ck_log_size_bytes(log) < size_before);
    assert_true(ck_log_segment_count(log) < nseg);   /* emptied segments went */
    assert_true(ck_log_end_offset(log) == 1200);
    /* consuming from the start: the last value of every key is the last one written */
    for (k = 0; k < 40; k++) {
        char key[16], want[16];
        const char *last = NULL;
        snprintf(key, sizeof(key), "k%d", k);
        snprintf(want, sizeof(want), "v%d-29", k);
        for (i = 0; i < g_seen.n; i++)
            if (strcmp(g_seen.key[i], key) == 0)
                last = g_seen.value[i];
        assert_non_null(last);
        assert_string_equal(last, want);
    }
    /* reads starting inside holes find the next record */
    for (i = 0; i < 1200; i += 7) {
        ck_log_slice sl;
        assert_int_equal(ck_log_read(log, i, ck_log_durable_offset(log), 1, &sl), 0);
        assert_true(sl.len > 0);
        assert_true(sl.next_offset > i);
        ck_log_slice_release(&sl);
    }
    /* a second pass right away is not due: nothing is dirty */
    clean(log, &cc, T0 + 100000, &st);
    assert_false(st.cleaned);
    assert_true(st.dirty_bytes == 0);

    /* reopening (recovery, indexes of the rewritten segments) keeps it */
    ck_log_close(log);
    log = open_log(dir, 600);
    read_all(log, &g_before);
    assert_int_equal(g_before.n, g_seen.n);
    for (i = 0; i < g_seen.n; i++)
        assert_true(g_before.offset[i] == g_seen.offset[i]);
    assert_true(ck_log_end_offset(log) == 1200);
    ck_log_close(log);
    /* and a full CRC scan (no recovery checkpoint) accepts the holes */
    {
        char path[600];
        snprintf(path, sizeof(path), "%s/recovery-checkpoint", dir);
        assert_int_equal(unlink(path), 0);
    }
    log = open_log(dir, 600);
    {
        ck_log_recovery rec;
        ck_log_last_recovery(log, &rec);
        assert_true(rec.truncated_bytes == 0);
        assert_true(rec.truncated_at == -1);
    }
    read_all(log, &g_before);
    assert_int_equal(g_before.n, g_seen.n);
    assert_true(ck_log_end_offset(log) == 1200);
    ck_log_close(log);
    rm_dir(dir);
}

/* Multi-record batches keep their base offset and last offset delta. */
static void test_offsets_preserved(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 700);
    ck_clean_conf cc;
    ck_clean_stats st;
    int b, i, j, limit_batches = 0;
    int64_t limit;

    (void)state;
    for (b = 0; b < 60; b++) {
        krec r[5];
        char keys[5][8], vals[5][16];
        for (i = 0; i < 5; i++) {
            snprintf(keys[i], sizeof(keys[i]), "k%d", (b * 5 + i) % 13);
            snprintf(vals[i], sizeof(vals[i]), "v%d", b * 5 + i);
            r[i].key = keys[i];
            r[i].value = vals[i];
        }
        append(log, r, 5, T0 + b, NULL);
    }
    read_all(log, &g_before);
    limit = active_base(log);
    ck_clean_conf_defaults(&cc);
    clean(log, &cc, T0 + 1000, &st);
    assert_true(st.cleaned);
    read_all(log, &g_seen);
    check_compacted(&g_before, &g_seen, limit);
    for (i = 0; i < g_seen.nb; i++) {
        bool found = false;
        for (j = 0; j < g_before.nb; j++)
            if (g_before.bbase[j] == g_seen.bbase[i] && g_before.blast[j] == g_seen.blast[i])
                found = true;
        assert_true(found);
        if (g_seen.blast[i] < limit && g_seen.bcount[i] < 5) {
            assert_true(g_seen.blast[i] - g_seen.bbase[i] == 4);
            limit_batches++;
        }
    }
    assert_true(limit_batches > 0);   /* some batches lost records but kept their offsets */
    ck_log_close(log);
    rm_dir(dir);
}

/* Tombstones: kept with a delete horizon at the first pass, dropped by a
 * pass after delete.retention.ms; the deleted keys then vanish. */
static void test_tombstones(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 500);
    ck_clean_conf cc;
    ck_clean_stats st;
    int k, i, tombs;

    (void)state;
    for (k = 0; k < 30; k++) {
        char key[16], val[16];
        snprintf(key, sizeof(key), "k%d", k);
        snprintf(val, sizeof(val), "v%d", k);
        put(log, key, val, T0 + k);
    }
    for (k = 0; k < 30; k += 3) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", k);
        put(log, key, NULL, T0 + 100 + k);
    }
    for (i = 0; i < 40; i++)
        put(log, "filler", "x", T0 + 200 + i);   /* pushes the tombstones out of the active segment */
    ck_clean_conf_defaults(&cc);
    cc.delete_retention_ms = 5000;
    clean(log, &cc, T0 + 10000, &st);
    assert_true(st.cleaned);
    read_all(log, &g_seen);
    for (i = 0, tombs = 0; i < g_seen.n; i++) {
        if (g_seen.tomb[i])
            tombs++;
        /* a deleted key's value is gone, its tombstone remains */
        if (!g_seen.tomb[i] && g_seen.key[i][0] == 'k')
            assert_true(atoi(g_seen.key[i] + 1) % 3 != 0);
    }
    assert_int_equal(tombs, 10);
    for (i = 0; i < g_seen.nb; i++)
        if (g_seen.bcount[i] > 0 && (g_seen.battr[i] & CK_ATTR_DELETE_HORIZON))
            break;
    assert_true(i < g_seen.nb);   /* stamped with a horizon */

    /* before the horizon: a pass (not dirty, not due) keeps them */
    clean(log, &cc, T0 + 12000, &st);
    assert_false(st.cleaned);
    cc.force = true;
    clean(log, &cc, T0 + 12000, &st);
    read_all(log, &g_seen);
    for (i = 0, tombs = 0; i < g_seen.n; i++)
        tombs += g_seen.tomb[i];
    assert_int_equal(tombs, 10);

    /* after it: the pass is due by the horizon alone and drops them */
    cc.force = false;
    clean(log, &cc, T0 + 15001, &st);
    assert_true(st.cleaned);
    read_all(log, &g_seen);
    for (i = 0, tombs = 0; i < g_seen.n; i++) {
        tombs += g_seen.tomb[i];
        if (g_seen.key[i][0] == 'k')
            assert_true(atoi(g_seen.key[i] + 1) % 3 != 0);
    }
    assert_int_equal(tombs, 0);
    /* record timestamps survived the horizon rewrite */
    ck_log_close(log);
    rm_dir(dir);
}

/* Timestamps are exact after a horizon stamp (deltas against the horizon). */
static void test_timestamps_kept(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 400);
    ck_clean_conf cc;
    ck_clean_stats st;
    int64_t off, ts;
    int i;

    (void)state;
    put(log, "a", "1", T0);
    put(log, "a", NULL, T0 + 50);
    put(log, "b", "2", T0 + 60);
    for (i = 0; i < 30; i++)
        put(log, "f", "x", T0 + 100 + i);
    ck_clean_conf_defaults(&cc);
    clean(log, &cc, T0 + 1000, &st);
    assert_true(st.cleaned);
    assert_int_equal(ck_log_offset_for_time(log, T0 + 50, ck_log_durable_offset(log), &off, &ts), 0);
    assert_true(off == 1);
    assert_true(ts == T0 + 50);
    assert_int_equal(ck_log_offset_for_time(log, T0, ck_log_durable_offset(log), &off, &ts), 0);
    assert_true(off == 1);   /* offset 0 was compacted away */
    ck_log_close(log);
    rm_dir(dir);
}

/* The dirty ratio, min.compaction.lag.ms and max.compaction.lag.ms. */
static void test_ratio_and_lags(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 500);
    ck_clean_conf cc;
    ck_clean_stats st;
    int i;

    (void)state;
    for (i = 0; i < 200; i++) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", i % 50);
        put(log, key, "value-value", T0 + i);
    }
    ck_clean_conf_defaults(&cc);
    /* min lag: every segment is younger than a day at T0+1s: nothing cleanable */
    cc.min_lag_ms = 86400000;
    clean(log, &cc, T0 + 1000, &st);
    assert_false(st.cleaned);
    assert_true(st.dirty_bytes == 0 && st.clean_bytes == 0);
    /* a day later it is */
    clean(log, &cc, T0 + 86400000 + 1000, &st);
    assert_true(st.cleaned);
    cc.min_lag_ms = 0;

    /* a little new dirt: the ratio stays below 0.5, no pass */
    for (i = 0; i < 20; i++)
        put(log, "k1", "value-value", T0 + 500 + i);
    clean(log, &cc, T0 + 2000, &st);
    assert_false(st.cleaned);
    assert_true(st.dirty_bytes > 0);
    assert_true(st.dirty_ratio > 0 && st.dirty_ratio < 0.5);
    assert_true(st.lag_ms >= 2000 - 520);
    /* max lag exceeded: due whatever the ratio */
    cc.max_lag_ms = 1000;
    clean(log, &cc, T0 + 2000, &st);
    assert_true(st.cleaned);
    assert_true(st.segments > 0);
    /* a low ratio threshold triggers too */
    cc.max_lag_ms = INT64_MAX;
    for (i = 0; i < 60; i++)
        put(log, "k2", "value-value", T0 + 700 + i);
    cc.min_dirty_ratio = 0.01;
    clean(log, &cc, T0 + 3000, &st);
    assert_true(st.cleaned);
    /* stable_end: nothing at or past it is cleaned */
    for (i = 0; i < 60; i++)
        put(log, "k3", "value-value", T0 + 900 + i);
    cc.stable_end = ck_log_start_offset(log);
    clean(log, &cc, T0 + 4000, &st);
    assert_false(st.cleaned);
    ck_log_close(log);
    rm_dir(dir);
}

/* Aborted transactions are removed, markers stay while their data does and
 * go after their delete horizon once it is gone. */
static void test_transactions(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 500);
    ck_clean_conf cc;
    ck_clean_stats st;
    ck_batch_opts o;
    ck_txn_entry e;
    krec ra[2] = { { "a1", "aborted1" }, { "a2", "aborted2" } };
    krec rc[2] = { { "c1", "committed1" }, { "c2", "committed2" } };
    int64_t first, abort_off, commit_off;
    int i;

    (void)state;
    ck_batch_opts_init(&o);
    o.attributes_extra = CK_ATTR_TRANSACTIONAL;
    o.producer_id = 7;
    o.producer_epoch = 0;
    o.base_sequence = 0;
    first = append(log, ra, 2, T0, &o);
    abort_off = marker(log, 7, false, T0 + 1);
    e = (ck_txn_entry){ 7, first, abort_off, abort_off };
    assert_int_equal(ck_log_txn_append(log, &e), 0);
    o.base_sequence = 2;
    append(log, rc, 2, T0 + 2, &o);
    commit_off = marker(log, 7, true, T0 + 3);
    for (i = 0; i < 40; i++)
        put(log, "f", "x", T0 + 10 + i);

    ck_clean_conf_defaults(&cc);
    cc.delete_retention_ms = 1000;
    clean(log, &cc, T0 + 10000, &st);
    assert_true(st.cleaned);
    read_all(log, &g_seen);
    assert_true(find_offset(&g_seen, first) < 0);
    assert_true(find_offset(&g_seen, first + 1) < 0);
    assert_true(find_offset(&g_seen, first + 3) >= 0);   /* committed data */
    assert_true(find_offset(&g_seen, abort_off) >= 0);   /* marker stays until its horizon */
    assert_true(find_offset(&g_seen, commit_off) >= 0);
    {
        int16_t attrs;
        assert_true(record_ts(log, abort_off, &attrs) == T0 + 1);   /* stamped, time unchanged */
        assert_true(attrs & CK_ATTR_DELETE_HORIZON);
        assert_true(attrs & CK_ATTR_CONTROL);
        assert_true(record_ts(log, commit_off, &attrs) == T0 + 3);
        assert_false(attrs & CK_ATTR_DELETE_HORIZON);                /* its data remains */
    }

    /* after the horizon: the abort marker goes, the commit marker stays (its data remains) */
    clean(log, &cc, T0 + 11001, &st);
    assert_true(st.cleaned);
    read_all(log, &g_seen);
    assert_true(find_offset(&g_seen, abort_off) < 0);
    assert_true(find_offset(&g_seen, commit_off) >= 0);
    assert_true(find_offset(&g_seen, first + 3) >= 0);

    /* the committed keys are overwritten: the commit marker is no longer needed */
    put(log, "c1", "new1", T0 + 100);
    put(log, "c2", "new2", T0 + 101);
    for (i = 0; i < 40; i++)
        put(log, "f", "y", T0 + 200 + i);
    cc.force = true;
    clean(log, &cc, T0 + 12000, &st);
    read_all(log, &g_seen);
    assert_true(find_offset(&g_seen, first + 3) < 0);
    assert_true(find_offset(&g_seen, commit_off) >= 0);   /* horizon stamped now */
    clean(log, &cc, T0 + 13001, &st);
    read_all(log, &g_seen);
    assert_true(find_offset(&g_seen, commit_off) < 0);
    ck_log_close(log);
    rm_dir(dir);
}

static int64_t g_scan_last_seq;
static int64_t g_scan_pid_batches;

static int pid_cb(void *opaque, const ck_batch_hdr *h)
{
    (void)opaque;
    if (h->producer_id == 9) {
        g_scan_pid_batches++;
        g_scan_last_seq = h->base_sequence + h->last_offset_delta;
    }
    return 0;
}

/* The last batch of an idempotent producer stays, empty, with its offsets
 * and sequence range; its earlier batches go like any other. */
static void test_producer_state(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 500);
    ck_clean_conf cc;
    ck_clean_stats st;
    ck_batch_opts o;
    krec r[3] = { { "x", "p1" }, { "y", "p2" }, { "z", "p3" } };
    int64_t b1, b2;
    int i;

    (void)state;
    ck_batch_opts_init(&o);
    o.producer_id = 9;
    o.producer_epoch = 3;
    o.base_sequence = 0;
    b1 = append(log, r, 3, T0, &o);
    o.base_sequence = 3;
    b2 = append(log, r, 3, T0 + 5, &o);
    put(log, "x", "later", T0 + 10);
    put(log, "y", "later", T0 + 11);
    put(log, "z", "later", T0 + 12);
    for (i = 0; i < 40; i++)
        put(log, "f", "x", T0 + 20 + i);
    ck_clean_conf_defaults(&cc);
    clean(log, &cc, T0 + 1000, &st);
    assert_true(st.cleaned);
    read_all(log, &g_seen);
    for (i = 0; i < g_seen.nb; i++)
        assert_true(g_seen.bbase[i] != b1);
    for (i = 0; i < g_seen.nb && g_seen.bbase[i] != b2; i++)
        ;
    assert_true(i < g_seen.nb);
    assert_int_equal(g_seen.bcount[i], 0);
    assert_true(g_seen.blast[i] == b2 + 2);
    assert_int_equal(g_seen.bseq[i], 3);
    assert_true(find_offset(&g_seen, b2) < 0);
    g_scan_pid_batches = 0;
    assert_int_equal(ck_log_scan(log, 0, pid_cb, NULL), 0);
    assert_true(g_scan_pid_batches == 1);
    assert_true(g_scan_last_seq == 5);
    ck_log_close(log);
    rm_dir(dir);
}

/* The active segment is never rewritten, however dirty. */
static void test_active_untouched(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 1 << 20);
    ck_clean_conf cc;
    ck_clean_stats st;
    int i;

    (void)state;
    for (i = 0; i < 100; i++)
        put(log, "same", "v", T0 + i);
    ck_clean_conf_defaults(&cc);
    cc.force = true;
    clean(log, &cc, T0 + 1000, &st);
    assert_false(st.cleaned);
    read_all(log, &g_seen);
    assert_int_equal(g_seen.n, 100);
    ck_log_close(log);
    rm_dir(dir);
}

/* A pass asked to stop ends between segments; nothing is lost and the next
 * pass does the work. */
static void test_stop(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 500);
    ck_clean_conf cc;
    ck_clean_stats st;
    bool stop = true;
    int i;

    (void)state;
    for (i = 0; i < 100; i++) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", i % 5);
        put(log, key, "value", T0 + i);
    }
    read_all(log, &g_before);
    ck_clean_conf_defaults(&cc);
    cc.stop = &stop;
    clean(log, &cc, T0 + 1000, &st);
    assert_int_equal(st.segments, 0);
    read_all(log, &g_seen);
    assert_int_equal(g_seen.n, g_before.n);
    stop = false;
    clean(log, &cc, T0 + 1000, &st);
    assert_true(st.cleaned && st.segments > 0);
    read_all(log, &g_seen);
    check_compacted(&g_before, &g_seen, active_base(log));
    ck_log_close(log);
    rm_dir(dir);
}

static void copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char buf[8192];
    ssize_t n;

    assert_true(in >= 0 && out >= 0);
    while ((n = read(in, buf, sizeof(buf))) > 0)
        assert_int_equal(write(out, buf, (size_t)n), n);
    close(in);
    close(out);
}

static bool exists(const char *path)
{
    struct stat stt;
    return stat(path, &stt) == 0;
}

/* Leftovers of interrupted swaps: .cleaned files and undecided .swap files
 * go; a decided swap (.log.swap present) is finished. */
static void test_recover_leftovers(void **state)
{
    char *dir = make_tmpdir();
    ck_log *log = open_log(dir, 500);
    ck_clean_conf cc;
    ck_clean_stats st;
    char a[700], b[700];
    int i;

    (void)state;
    for (i = 0; i < 120; i++) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", i % 10);
        put(log, key, "vvvvvvvv", T0 + i);
    }
    read_all(log, &g_before);
    ck_log_close(log);

    /* segment 0: an undecided swap (index .swap files only) and .cleaned files */
    snprintf(a, sizeof(a), "%s/%020d.log", dir, 0);
    snprintf(b, sizeof(b), "%s/%020d.log.cleaned", dir, 0);
    copy_file(a, b);
    snprintf(a, sizeof(a), "%s/%020d.index", dir, 0);
    snprintf(b, sizeof(b), "%s/%020d.index.swap", dir, 0);
    copy_file(a, b);
    log = open_log(dir, 500);
    assert_false(exists(b));
    snprintf(b, sizeof(b), "%s/%020d.log.cleaned", dir, 0);
    assert_false(exists(b));
    read_all(log, &g_seen);
    assert_int_equal(g_seen.n, g_before.n);

    /* a decided swap: clean into a copy, then present its files as .swap */
    {
        char *dir2 = make_tmpdir();
        char cmd[1500];
        ck_log *l2;
        DIR *d;
        struct dirent *de;
        ck_log_close(log);
        snprintf(cmd, sizeof(cmd), "cp -p %s/* %s/", dir, dir2);
        assert_int_equal(system(cmd), 0);
        l2 = open_log(dir2, 500);
        ck_clean_conf_defaults(&cc);
        clean(l2, &cc, T0 + 1000, &st);
        assert_true(st.cleaned);
        read_all(l2, &g_seen);
        ck_log_close(l2);
        d = opendir(dir2);
        assert_non_null(d);
        while ((de = readdir(d)) != NULL) {
            const char *n = de->d_name;
            if (strncmp(n, "00000000000000000000.", 21) != 0)
                continue;
            snprintf(a, sizeof(a), "%s/%s", dir2, n);
            snprintf(b, sizeof(b), "%s/%s.swap", dir, n);
            copy_file(a, b);
        }
        closedir(d);
        rm_dir(dir2);
    }
    log = open_log(dir, 500);
    snprintf(b, sizeof(b), "%s/%020d.log.swap", dir, 0);
    assert_false(exists(b));
    snprintf(b, sizeof(b), "%s/%020d.index.swap", dir, 0);
    assert_false(exists(b));
    /* segment 0 is now the cleaned one: fewer records, each as written */
    read_all(log, &g_seen);
    assert_true(g_seen.n < g_before.n);
    for (i = 0; i < g_seen.n; i++) {
        int j = find_offset(&g_before, g_seen.offset[i]);
        assert_true(j >= 0);
        assert_string_equal(g_seen.key[i], g_before.key[j]);
    }
    assert_true(ck_log_end_offset(log) == 120);
    ck_log_close(log);
    rm_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_value_per_key),
        cmocka_unit_test(test_offsets_preserved),
        cmocka_unit_test(test_tombstones),
        cmocka_unit_test(test_timestamps_kept),
        cmocka_unit_test(test_ratio_and_lags),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_producer_state),
        cmocka_unit_test(test_active_untouched),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_recover_leftovers),
    };

    ck_log_threshold = CK_LOG_ERROR - 1;
    return cmocka_run_group_tests_name("cleaner", tests, NULL, NULL);
}

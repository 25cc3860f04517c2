/*
 * test_storage.c — unit tests for lib/storage: append/read round trips
 * across many segment rolls, reads at every offset, max_bytes/max_offset,
 * timestamp lookups, log start offset and retention, reopen, index rebuild,
 * recovery of torn and corrupt tails, the three flush policies, concurrent
 * appenders and readers, the sticky failure after an I/O error, and the
 * flusher's overlapping fdatasyncs (published in order, never before the
 * sync that covers them, a failure of either one fails both).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/* ===================================================================== */
/* Helpers                                                                */
/* ===================================================================== */

static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char path[512];

    snprintf(path, sizeof(path), "%s/ck-storage-XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(path));
    return ck_strdup(path);
}

static void small_conf(ck_log_conf *c, int64_t seg_bytes)
{
    ck_log_conf_defaults(c);
    c->segment_bytes = seg_bytes;
    c->index_interval_bytes = 256;
    c->retention_ms = -1;
}

static ck_log *open_log(const char *dir, const ck_log_conf *c, ck_flusher *fl)
{
    ck_log *log = NULL;
    char err[256] = "";
    int rc = ck_log_open(dir, c, fl, &log, err, sizeof(err));

    if (rc != 0)
        fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, 0);
    assert_non_null(log);
    return log;
}

/* One batch of n records with values "<tag>-<i>" and timestamps ts0 + 10*i. */
static void build_batch(ck_wb *wb, const char *tag, int n, int64_t ts0)
{
    ck_rec_in recs[16];
    char vals[16][64];
    ck_batch_opts o;
    char err[128];
    int i;

    assert_true(n <= 16);
    memset(recs, 0, sizeof(recs));
    for (i = 0; i < n; i++) {
        snprintf(vals[i], sizeof(vals[i]), "%s-%d", tag, i);
        recs[i].key = NULL;
        recs[i].key_len = -1;
        recs[i].value = vals[i];
        recs[i].value_len = (int32_t)strlen(vals[i]);
        recs[i].timestamp = ts0 + 10 * i;
    }
    ck_batch_opts_init(&o);
    assert_int_equal(ck_batch_build(wb, &o, recs, (size_t)n, err, sizeof(err)), 0);
}

/* Appends one batch of n records; returns its base offset. */
static int64_t append_batch(ck_log *log, const char *tag, int n, int64_t ts0)
{
    ck_wb wb;
    int64_t base = -1, last = -1;

    ck_wb_init(&wb, 256);
    build_batch(&wb, tag, n, ts0);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), 0);
    assert_int_equal(last - base + 1, n);
    ck_wb_free(&wb);
    return base;
}

/* Reads every record in [from, end) and checks offsets are contiguous and
 * each value equals "b<batchno>-<i>" where batchno is recorded per offset in
 * want_batch[] (-1: not checked).  Returns the record count. */
static int64_t check_all(ck_log *log, int64_t from, const int *want_batch, const int *want_idx)
{
    ck_wb out;
    int64_t next = -1, expect = from, end = ck_log_durable_offset(log);
    size_t pos = 0;
    int64_t n = 0;

    ck_wb_init(&out, 4096);
    assert_int_equal(ck_log_read_copy(log, from, end, (size_t)1 << 30, &out, &next), 0);
    assert_true(next == end);
    while (pos < out.len) {
        ck_batch_hdr h;
        ck_rec_iter it;
        ck_rec rec;
        assert_int_equal(ck_batch_validate(out.buf + pos, out.len - pos, true, &h), CK_BATCH_OK);
        assert_int_equal(ck_rec_iter_init(&it, out.buf + pos, out.len - pos, 1 << 20), 0);
        while (ck_rec_iter_next(&it, &rec) == 1) {
            if (rec.offset < from)
                continue;
            assert_true(rec.offset == expect);
            if (want_batch != NULL) {
                char v[64];
                snprintf(v, sizeof(v), "b%d-%d", want_batch[rec.offset], want_idx[rec.offset]);
                assert_int_equal(rec.value_len, (int)strlen(v));
                assert_memory_equal(rec.value, v, strlen(v));
            }
            expect++;
            n++;
        }
        ck_rec_iter_free(&it);
        pos += ck_batch_size(&h);
    }
    assert_true(expect == end);
    ck_wb_free(&out);
    return n;
}

#define MAXOFF 4096
static int g_batch[MAXOFF], g_idx[MAXOFF];

/* Appends nb batches of 1..3 records "b<k>-<i>", remembering the layout. */
static void fill(ck_log *log, int first_batch, int nb, int64_t ts0)
{
    int k;

    for (k = first_batch; k < first_batch + nb; k++) {
        char tag[32];
        int n = 1 + k % 3, i;
        int64_t base;
        snprintf(tag, sizeof(tag), "b%d", k);
        base = append_batch(log, tag, n, ts0 + k * 100);
        assert_true(base + n <= MAXOFF);
        for (i = 0; i < n; i++) {
            g_batch[base + i] = k;
            g_idx[base + i] = i;
        }
    }
}

static void corrupt_file(const char *path, int64_t off)
{
    int fd = open(path, O_RDWR);
    uint8_t b;

    assert_true(fd >= 0);
    assert_int_equal(pread(fd, &b, 1, off), 1);
    b ^= 0x5a;
    assert_int_equal(pwrite(fd, &b, 1, off), 1);
    close(fd);
}

static int64_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (int64_t)st.st_size;
}

static void seg_path(char *out, size_t n, const char *dir, int64_t base, const char *ext)
{
    snprintf(out, n, "%s/%020lld%s", dir, (long long)base, ext);
}

/* ===================================================================== */
/* Round trips                                                            */
/* ===================================================================== */

static void test_roundtrip_rolls(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    int64_t end, o;
    ck_log_slice sl;

    (void)state;
    small_conf(&c, 2048);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 300, 1000000);
    end = ck_log_end_offset(log);
    assert_true(end == 600);   /* 100 x (1+2+3) */
    assert_true(ck_log_durable_offset(log) == end);
    assert_true(ck_log_segment_count(log) > 10);
    assert_int_equal(check_all(log, 0, g_batch, g_idx), 600);
    assert_int_equal(check_all(log, 377, g_batch, g_idx), 600 - 377);

    /* every offset: the batch containing it, exactly one with max_bytes 1 */
    for (o = 0; o < end; o++) {
        ck_batch_hdr h;
        uint8_t buf[256];
        assert_int_equal(ck_log_read(log, o, end, 1, &sl), 0);
        assert_true(sl.first_offset <= o && o < sl.next_offset);
        assert_true(sl.len > 0 && sl.len <= sizeof(buf));
        assert_int_equal(pread(sl.fd, buf, sl.len, sl.pos), (ssize_t)sl.len);
        assert_int_equal(ck_batch_validate(buf, sl.len, true, &h), CK_BATCH_OK);
        assert_int_equal(ck_batch_size(&h), sl.len);
        assert_true(h.base_offset == sl.first_offset);
        assert_true(ck_batch_last_offset(&h) + 1 == sl.next_offset);
        assert_int_equal(g_batch[h.base_offset], g_batch[o]);
        ck_log_slice_release(&sl);
    }
    /* max_bytes: whole batches only, within the limit */
    assert_int_equal(ck_log_read(log, 0, end, 500, &sl), 0);
    assert_true(sl.len <= 500 && sl.len > 0);
    ck_log_slice_release(&sl);
    /* max_offset: nothing at or beyond it */
    assert_int_equal(ck_log_read(log, 0, 10, 1 << 20, &sl), 0);
    assert_true(sl.next_offset <= 10);
    ck_log_slice_release(&sl);
    assert_int_equal(ck_log_read(log, 10, 10, 1 << 20, &sl), 0);
    assert_int_equal(sl.len, 0);
    ck_log_slice_release(&sl);
    assert_int_equal(ck_log_read(log, end, end, 1 << 20, &sl), 0);
    assert_int_equal(sl.len, 0);
    ck_log_slice_release(&sl);
    assert_int_equal(ck_log_read(log, end + 1, end, 1 << 20, &sl), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(ck_log_read(log, 11, 10, 1 << 20, &sl), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(ck_log_read(log, -1, end, 1 << 20, &sl), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);

    /* read_copy with a small max_bytes still makes progress */
    {
        ck_wb out;
        int64_t next = 0, at = 0;
        int rounds = 0;
        ck_wb_init(&out, 0);
        while (at < end) {
            out.len = 0;
            assert_int_equal(ck_log_read_copy(log, at, end, 300, &out, &next), 0);
            assert_true(next > at);
            assert_true(out.len <= 300 || rounds >= 0);
            at = next;
            rounds++;
        }
        assert_true(rounds > 10);
        ck_wb_free(&out);
    }
    assert_int_equal(ck_log_destroy(log), 0);
    assert_int_equal(access(dir, F_OK), -1);
    ck_free(dir);
}

static int count_cb(void *opaque, const ck_batch_hdr *h)
{
    int64_t *st = opaque;
    if (st[0] >= 0)
        assert_true(h->base_offset == st[0]);
    st[0] = ck_batch_last_offset(h) + 1;
    st[1]++;
    return st[1] == st[2] ? 42 : 0;
}

static void test_scan(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    int64_t st[3];

    (void)state;
    small_conf(&c, 1024);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 60, 5000);
    st[0] = -1; st[1] = 0; st[2] = -1;
    assert_int_equal(ck_log_scan(log, 0, count_cb, st), 0);
    assert_true(st[1] == 60 && st[0] == ck_log_end_offset(log));
    st[0] = -1; st[1] = 0; st[2] = 5;
    assert_int_equal(ck_log_scan(log, 50, count_cb, st), 42);
    assert_true(st[1] == 5);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* ===================================================================== */
/* Timestamps                                                             */
/* ===================================================================== */

static void check_times(ck_log *log, int nb)
{
    int64_t off, ts, end = ck_log_end_offset(log);
    int k;

    /* batch k has records at ts0 + k*100 + 10*i */
    assert_int_equal(ck_log_offset_for_time(log, 0, end, &off, &ts), 0);
    assert_true(off == 0 && ts == 1000000);
    for (k = 0; k < nb; k += 7) {
        int64_t o;
        for (o = 0; o < end && !(g_batch[o] == k && g_idx[o] == 0); o++)
            ;
        assert_int_equal(ck_log_offset_for_time(log, 1000000 + k * 100, end, &off, &ts), 0);
        assert_true(off == o);
        assert_true(ts == 1000000 + k * 100);
        if (k % 3 == 2) {   /* 3 records: ts+15 finds the third */
            assert_int_equal(ck_log_offset_for_time(log, 1000000 + k * 100 + 15, end, &off, &ts), 0);
            assert_true(off == o + 2 && ts == 1000000 + k * 100 + 20);
        }
        assert_int_equal(ck_log_offset_for_time(log, 1000000 + k * 100 + 1, end, &off, &ts), 0);
        assert_true(off == o + 1);
    }
    assert_int_equal(ck_log_offset_for_time(log, 1000000 + (int64_t)nb * 100, end, &off, &ts), 0);
    assert_true(off == -1);
    /* not beyond max_offset */
    assert_int_equal(ck_log_offset_for_time(log, 1000000 + 100 * 100, 10, &off, &ts), 0);
    assert_true(off == -1);
    assert_int_equal(ck_log_max_timestamp(log, end, &off, &ts), 0);
    assert_true(off == end - 1 && ts == 1000000 + (int64_t)(nb - 1) * 100 + 10 * ((nb - 1) % 3));
    assert_int_equal(ck_log_max_timestamp(log, 3, &off, &ts), 0);
    assert_true(off == 2 && ts == 1000000 + 100 + 10);
}

static void test_offset_for_time(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    int64_t off, ts, base;

    (void)state;
    small_conf(&c, 3000);
    log = open_log(dir, &c, NULL);
    assert_int_equal(ck_log_max_timestamp(log, 0, &off, &ts), 0);
    assert_true(off == -1 && ts == -1);
    fill(log, 0, 200, 1000000);
    check_times(log, 200);
    ck_log_close(log);
    log = open_log(dir, &c, NULL);
    check_times(log, 200);
    /* a batch whose largest timestamp is in the middle */
    {
        ck_wb wb;
        ck_rec_in recs[3];
        ck_batch_opts o;
        char err[64];
        int64_t last;
        memset(recs, 0, sizeof(recs));
        recs[0] = (ck_rec_in){ NULL, -1, "x", 1, 5000000, NULL, 0 };
        recs[1] = (ck_rec_in){ NULL, -1, "y", 1, 9000000, NULL, 0 };
        recs[2] = (ck_rec_in){ NULL, -1, "z", 1, 6000000, NULL, 0 };
        ck_batch_opts_init(&o);
        ck_wb_init(&wb, 0);
        assert_int_equal(ck_batch_build(&wb, &o, recs, 3, err, sizeof(err)), 0);
        assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), 0);
        ck_wb_free(&wb);
    }
    assert_int_equal(ck_log_max_timestamp(log, ck_log_end_offset(log), &off, &ts), 0);
    assert_true(off == base + 1 && ts == 9000000);
    assert_int_equal(ck_log_offset_for_time(log, 5500000, ck_log_end_offset(log), &off, &ts), 0);
    assert_true(off == base + 1 && ts == 9000000);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* ===================================================================== */
/* Start offset and retention                                             */
/* ===================================================================== */

static void test_delete_before(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    ck_log_slice sl;
    int segs;
    int64_t end;

    (void)state;
    small_conf(&c, 1024);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 100, 1000);
    end = ck_log_end_offset(log);
    segs = ck_log_segment_count(log);
    assert_int_equal(ck_log_delete_before(log, end + 1), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(ck_log_delete_before(log, 50), 0);
    assert_true(ck_log_start_offset(log) == 50);
    assert_true(ck_log_segment_count(log) < segs);
    assert_int_equal(ck_log_read(log, 49, end, 1000, &sl), CHRONIK_ERR_OFFSET_OUT_OF_RANGE);
    assert_int_equal(ck_log_read(log, 50, end, 1000, &sl), 0);
    assert_true(sl.first_offset <= 50 && sl.next_offset > 50);
    ck_log_slice_release(&sl);
    check_all(log, 50, g_batch, g_idx);
    assert_int_equal(ck_log_delete_before(log, 10), 0);   /* backwards: no-op */
    assert_true(ck_log_start_offset(log) == 50);
    ck_log_close(log);

    log = open_log(dir, &c, NULL);
    assert_true(ck_log_start_offset(log) == 50);
    assert_true(ck_log_end_offset(log) == end);
    /* everything: the active segment rolls, the log is empty but continues */
    assert_int_equal(ck_log_delete_before(log, end), 0);
    assert_int_equal(ck_log_segment_count(log), 1);
    assert_true(ck_log_start_offset(log) == end);
    assert_true(ck_log_size_bytes(log) == 0);
    assert_true(append_batch(log, "again", 2, 5) == end);
    ck_log_close(log);
    log = open_log(dir, &c, NULL);
    assert_true(ck_log_start_offset(log) == end && ck_log_end_offset(log) == end + 2);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

static void test_retention_bytes(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    int deleted = -1, segs;
    int64_t size;

    (void)state;
    small_conf(&c, 1024);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 100, ck_now_ms());
    segs = ck_log_segment_count(log);
    size = ck_log_size_bytes(log);
    assert_int_equal(ck_log_retention(log, ck_now_ms(), &deleted), 0);
    assert_int_equal(deleted, 0);
    c.retention_bytes = 3000;
    ck_log_set_conf(log, &c);
    assert_int_equal(ck_log_retention(log, ck_now_ms(), &deleted), 0);
    assert_true(deleted > 0);
    assert_int_equal(ck_log_segment_count(log), segs - deleted);
    assert_true(ck_log_size_bytes(log) >= 3000 && ck_log_size_bytes(log) < size);
    assert_true(ck_log_start_offset(log) > 0);
    check_all(log, ck_log_start_offset(log), g_batch, g_idx);
    /* the active segment is never deleted */
    c.retention_bytes = 0;
    ck_log_set_conf(log, &c);
    assert_int_equal(ck_log_retention(log, ck_now_ms(), &deleted), 0);
    assert_int_equal(ck_log_segment_count(log), 1);
    assert_true(ck_log_size_bytes(log) > 0);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

static void test_retention_time(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    int deleted = -1;
    int64_t now = ck_now_ms(), old = now - 10LL * 24 * 3600 * 1000, new_start;
    ck_log_slice sl;

    (void)state;
    small_conf(&c, 1024);
    c.retention_ms = 24LL * 3600 * 1000;
    log = open_log(dir, &c, NULL);
    fill(log, 0, 40, old);
    new_start = ck_log_end_offset(log);
    /* roll by segment.ms so that fresh data never shares a segment with old */
    {
        ck_log_conf c2 = c;
        c2.segment_ms = 1;
        ck_log_set_conf(log, &c2);
        usleep(5000);
        append_batch(log, "fresh", 1, now);
        ck_log_set_conf(log, &c);
    }
    fill(log, 40, 20, now);
    /* a slice pinning an old segment survives its deletion */
    assert_int_equal(ck_log_read(log, 0, ck_log_end_offset(log), 1, &sl), 0);
    assert_int_equal(ck_log_retention(log, now, &deleted), 0);
    assert_true(deleted > 0);
    assert_true(ck_log_start_offset(log) == new_start);
    {
        uint8_t buf[512];
        ck_batch_hdr h;
        assert_int_equal(pread(sl.fd, buf, sl.len, sl.pos), (ssize_t)sl.len);
        assert_int_equal(ck_batch_validate(buf, sl.len, true, &h), CK_BATCH_OK);
        ck_log_slice_release(&sl);
    }
    assert_int_equal(ck_log_retention(log, now, &deleted), 0);
    assert_int_equal(deleted, 0);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* ===================================================================== */
/* Reopen and recovery                                                    */
/* ===================================================================== */

static void test_reopen_and_index_rebuild(void **state)
{
    char *dir = make_tmpdir();
    char path[600];
    ck_log_conf c;
    ck_log *log;
    ck_log_recovery rec;
    int64_t end, o;
    int segs;

    (void)state;
    small_conf(&c, 3000);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 200, 1000000);
    end = ck_log_end_offset(log);
    segs = ck_log_segment_count(log);
    ck_log_close(log);

    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.truncated_bytes == 0 && rec.truncated_at == -1 && rec.scanned_bytes == 0);
    assert_true(ck_log_end_offset(log) == end && ck_log_durable_offset(log) == end);
    assert_int_equal(ck_log_segment_count(log), segs);
    fill(log, 200, 10, 1000000);
    check_all(log, 0, g_batch, g_idx);
    end = ck_log_end_offset(log);
    ck_log_close(log);

    /* remove every index file */
    for (o = 0; o < end; o++) {
        seg_path(path, sizeof(path), dir, o, ".index");
        unlink(path);
        seg_path(path, sizeof(path), dir, o, ".timeindex");
        unlink(path);
    }
    log = open_log(dir, &c, NULL);
    assert_true(ck_log_end_offset(log) == end);
    for (o = 0; o < end; o++) {
        ck_log_slice sl;
        assert_int_equal(ck_log_read(log, o, end, 1, &sl), 0);
        assert_true(sl.first_offset <= o && o < sl.next_offset);
        ck_log_slice_release(&sl);
    }
    check_all(log, 0, g_batch, g_idx);
    check_times(log, 210);
    seg_path(path, sizeof(path), dir, 0, ".index");
    assert_true(file_size(path) > 0);
    ck_log_close(log);

    /* and without the checkpoint: everything is CRC-checked */
    snprintf(path, sizeof(path), "%s/recovery-checkpoint", dir);
    assert_int_equal(unlink(path), 0);
    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.scanned_bytes == ck_log_size_bytes(log));
    assert_true(rec.truncated_bytes == 0);
    check_all(log, 0, g_batch, g_idx);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* The last batch's offset and byte position in the last segment. */
static void last_batch(ck_log *log, int64_t *off, int64_t *pos, size_t *len, int64_t *seg_base)
{
    ck_log_slice sl;
    int64_t end = ck_log_end_offset(log);

    assert_int_equal(ck_log_read(log, end - 1, end, 1, &sl), 0);
    *off = sl.first_offset;
    *pos = sl.pos;
    *len = sl.len;
    *seg_base = ((ck_seg *)sl.seg)->base;
    ck_log_slice_release(&sl);
}

static void test_torn_tail(void **state)
{
    char *dir = make_tmpdir();
    char path[600];
    ck_log_conf c;
    ck_log *log;
    ck_log_recovery rec;
    int64_t off, pos, base;
    size_t len;

    (void)state;
    small_conf(&c, 3000);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 50, 1000);
    last_batch(log, &off, &pos, &len, &base);
    ck_log_close(log);
    seg_path(path, sizeof(path), dir, base, ".log");
    assert_int_equal(truncate(path, (off_t)(pos + (int64_t)len - 10)), 0);

    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.truncated_bytes == (int64_t)len - 10);
    assert_true(rec.truncated_at == off);
    assert_true(ck_log_end_offset(log) == off);
    assert_true(file_size(path) == pos);
    check_all(log, 0, g_batch, g_idx);
    fill(log, 49, 3, 1000);   /* continues at the cut offset */
    assert_true(ck_log_end_offset(log) == off + 2 + 3 + 1);
    check_all(log, 0, g_batch, g_idx);
    ck_log_close(log);
    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.truncated_bytes == 0);
    check_all(log, 0, g_batch, g_idx);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

static void test_corrupt_tail(void **state)
{
    char *dir = make_tmpdir();
    char path[600];
    ck_log_conf c;
    ck_log *log;
    ck_log_recovery rec;
    int64_t off, pos, base, size_before;
    size_t len;

    (void)state;
    small_conf(&c, 3000);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 50, 1000);
    last_batch(log, &off, &pos, &len, &base);
    ck_log_close(log);
    /* a crash leaves no fresh checkpoint */
    snprintf(path, sizeof(path), "%s/recovery-checkpoint", dir);
    assert_int_equal(unlink(path), 0);
    seg_path(path, sizeof(path), dir, base, ".log");
    size_before = file_size(path);
    corrupt_file(path, pos + (int64_t)len - 3);

    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.truncated_bytes == (int64_t)len);
    assert_true(rec.truncated_at == off);
    assert_true(ck_log_end_offset(log) == off);
    assert_true(file_size(path) == size_before - (int64_t)len);
    check_all(log, 0, g_batch, g_idx);
    fill(log, 49, 1, 1000);
    check_all(log, 0, g_batch, g_idx);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

static void test_corrupt_middle_segment(void **state)
{
    char *dir = make_tmpdir();
    char path[600];
    ck_log_conf c;
    ck_log *log;
    ck_log_recovery rec;
    ck_log_slice sl;
    int64_t total, cut_off;

    (void)state;
    small_conf(&c, 1024);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 60, 1000);
    total = ck_log_size_bytes(log);
    assert_true(ck_log_segment_count(log) > 3);
    /* the second batch of segment 0 */
    assert_int_equal(ck_log_read(log, 0, ck_log_end_offset(log), 1, &sl), 0);
    cut_off = sl.next_offset;
    seg_path(path, sizeof(path), dir, 0, ".log");
    corrupt_file(path, sl.pos + (int64_t)sl.len + 70);
    ck_log_slice_release(&sl);
    ck_log_close(log);
    snprintf(path, sizeof(path), "%s/recovery-checkpoint", dir);
    assert_int_equal(unlink(path), 0);

    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.truncated_at == cut_off);
    assert_int_equal(ck_log_segment_count(log), 1);
    assert_true(ck_log_end_offset(log) == cut_off);
    assert_true(rec.truncated_bytes == total - ck_log_size_bytes(log));
    check_all(log, 0, g_batch, g_idx);
    fill(log, 1, 5, 1000);
    check_all(log, 0, g_batch, g_idx);
    ck_log_close(log);
    log = open_log(dir, &c, NULL);
    check_all(log, 0, g_batch, g_idx);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

static void test_garbage_files(void **state)
{
    char *dir = make_tmpdir();
    char path[600];
    ck_log_conf c;
    ck_log *log;
    ck_log_recovery rec;
    int fd;

    (void)state;
    small_conf(&c, 4096);
    /* a segment of pure garbage and a stray tmp file */
    seg_path(path, sizeof(path), dir, 0, ".log");
    fd = open(path, O_CREAT | O_WRONLY, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "garbage garbage garbage garbage garbage garbage garbage garbage garbage", 71), 71);
    close(fd);
    snprintf(path, sizeof(path), "%s/recovery-checkpoint.tmp", dir);
    fd = open(path, O_CREAT | O_WRONLY, 0644);
    close(fd);
    log = open_log(dir, &c, NULL);
    ck_log_last_recovery(log, &rec);
    assert_true(rec.truncated_bytes == 71 && rec.truncated_at == 0);
    assert_true(ck_log_end_offset(log) == 0);
    assert_int_equal(access(path, F_OK), -1);
    fill(log, 0, 3, 1);
    check_all(log, 0, g_batch, g_idx);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* ===================================================================== */
/* Flush policies                                                         */
/* ===================================================================== */

typedef struct cb_state {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    int64_t         durable;
    uint64_t        syncs_at_cb;
    pthread_t       thread;
    ck_flusher     *fl;
    int             calls;
} cb_state;

static void durable_cb(void *opaque, ck_log *log, int64_t durable_end)
{
    cb_state *s = opaque;

    pthread_mutex_lock(&s->mu);
    assert_true(durable_end > s->durable);
    assert_true(ck_log_durable_offset(log) >= durable_end);
    s->durable = durable_end;
    s->syncs_at_cb = s->fl ? ck_flusher_syncs(s->fl) : 0;
    s->thread = pthread_self();
    s->calls++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void cb_init(cb_state *s, ck_flusher *fl, int64_t start)
{
    memset(s, 0, sizeof(*s));
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->durable = start;
    s->fl = fl;
}

static void cb_wait(cb_state *s, int64_t at_least)
{
    pthread_mutex_lock(&s->mu);
    while (s->durable < at_least)
        pthread_cond_wait(&s->cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

static void test_flush_always(void **state)
{
    char *dir = make_tmpdir();
    ck_flusher *fl = ck_flusher_new(CK_FLUSH_ALWAYS, 0);
    ck_log_conf c;
    ck_log *log;
    cb_state s;
    int64_t base;
    int i;

    (void)state;
    assert_non_null(fl);
    assert_int_equal(ck_flusher_policy(fl), CK_FLUSH_ALWAYS);
    small_conf(&c, 1 << 20);
    log = open_log(dir, &c, fl);
    cb_init(&s, fl, 0);
    ck_log_set_durable_cb(log, durable_cb, &s);
    for (i = 0; i < 20; i++) {
        base = append_batch(log, "a", 2, 1);
        assert_true(ck_log_durable_offset(log) <= ck_log_end_offset(log));
        cb_wait(&s, base + 2);
        assert_true(s.syncs_at_cb >= 1);
        assert_false(pthread_equal(s.thread, pthread_self()));
        assert_true(ck_log_durable_offset(log) >= base + 2);
    }
    assert_true(ck_flusher_syncs(fl) >= 20);   /* one per acked round here */
    ck_log_close(log);
    ck_flusher_free(fl);
    assert_int_equal(ck_log_destroy(open_log(dir, &c, NULL)), 0);
    ck_free(dir);
}

static void test_flush_interval_and_os(void **state)
{
    char *dir = make_tmpdir();
    ck_flusher *fl = ck_flusher_new(CK_FLUSH_INTERVAL, 20);
    ck_log_conf c;
    ck_log *log;
    cb_state s;
    int64_t base;
    int i;

    (void)state;
    small_conf(&c, 1 << 20);
    log = open_log(dir, &c, fl);
    cb_init(&s, fl, 0);
    ck_log_set_durable_cb(log, durable_cb, &s);
    base = append_batch(log, "i", 3, 1);
    /* acked on write, from the appending thread */
    assert_true(ck_log_durable_offset(log) == base + 3);
    assert_true(s.durable == base + 3 && pthread_equal(s.thread, pthread_self()));
    for (i = 0; i < 200 && ck_flusher_syncs(fl) == 0; i++)
        usleep(10000);
    assert_true(ck_flusher_syncs(fl) >= 1);
    ck_log_close(log);
    ck_flusher_free(fl);

    fl = ck_flusher_new(CK_FLUSH_OS, 0);
    log = open_log(dir, &c, fl);
    cb_init(&s, fl, ck_log_end_offset(log));
    ck_log_set_durable_cb(log, durable_cb, &s);
    for (i = 0; i < 10; i++) {
        base = append_batch(log, "o", 1, 1);
        assert_true(ck_log_durable_offset(log) == base + 1 && s.durable == base + 1);
    }
    usleep(50000);
    assert_true(ck_flusher_syncs(fl) == 0);
    ck_log_close(log);                 /* syncs at close */
    ck_flusher_free(fl);
    log = open_log(dir, &c, NULL);
    assert_true(ck_log_end_offset(log) == 13);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* ===================================================================== */
/* Concurrency                                                            */
/* ===================================================================== */

#define NTHREADS_PER_LOG 3
#define NLOGS 3
#define PER_THREAD 300

typedef struct conc_log {
    ck_log         *log;
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    int64_t         durable;
    int             writers_done;   /* atomic */
} conc_log;

typedef struct conc_arg {
    conc_log *cl;
    int       id;
} conc_arg;

static void conc_cb(void *opaque, ck_log *log, int64_t durable_end)
{
    conc_log *cl = opaque;
    (void)log;
    pthread_mutex_lock(&cl->mu);
    if (durable_end > cl->durable)
        cl->durable = durable_end;
    pthread_cond_broadcast(&cl->cv);
    pthread_mutex_unlock(&cl->mu);
}

static void *conc_writer(void *p)
{
    conc_arg *a = p;
    int i;

    for (i = 0; i < PER_THREAD; i++) {
        char tag[32];
        ck_wb wb;
        int64_t base, last;
        snprintf(tag, sizeof(tag), "t%d.%d", a->id, i);
        ck_wb_init(&wb, 128);
        build_batch(&wb, tag, 1 + i % 2, i);
        assert_int_equal(ck_log_append(a->cl->log, wb.buf, wb.len, &base, &last), 0);
        ck_wb_free(&wb);
        if (i % 4 == 0) {   /* behave like an acks=all producer now and then */
            pthread_mutex_lock(&a->cl->mu);
            while (a->cl->durable <= last)
                pthread_cond_wait(&a->cl->cv, &a->cl->mu);
            pthread_mutex_unlock(&a->cl->mu);
        }
    }
    return NULL;
}

static void *conc_reader(void *p)
{
    conc_log *cl = p;
    int64_t at = 0;
    ck_wb out;

    ck_wb_init(&out, 0);
    for (;;) {
        int64_t hw = ck_log_durable_offset(cl->log), next;
        size_t pos = 0;
        int done = __atomic_load_n(&cl->writers_done, __ATOMIC_ACQUIRE);
        out.len = 0;
        assert_int_equal(ck_log_read_copy(cl->log, at, hw, 4096, &out, &next), 0);
        while (pos < out.len) {
            ck_batch_hdr h;
            assert_int_equal(ck_batch_validate(out.buf + pos, out.len - pos, true, &h), CK_BATCH_OK);
            assert_true(h.base_offset == at);
            at = ck_batch_last_offset(&h) + 1;
            pos += ck_batch_size(&h);
        }
        assert_true(at == next);
        if (done && at == ck_log_end_offset(cl->log) && at == ck_log_durable_offset(cl->log))
            break;
        if (out.len == 0)
            usleep(500);
    }
    ck_wb_free(&out);
    return NULL;
}

static void test_concurrent(void **state)
{
    char *dir = make_tmpdir();
    ck_flusher *fl = ck_flusher_new(CK_FLUSH_ALWAYS, 0);
    ck_log_conf c;
    conc_log cls[NLOGS];
    conc_arg args[NLOGS][NTHREADS_PER_LOG];
    pthread_t wt[NLOGS][NTHREADS_PER_LOG], rt[NLOGS];
    int l, t;
    uint64_t appends = 0;

    (void)state;
    small_conf(&c, 8192);
    for (l = 0; l < NLOGS; l++) {
        char sub[600];
        snprintf(sub, sizeof(sub), "%s/log%d", dir, l);
        memset(&cls[l], 0, sizeof(cls[l]));
        cls[l].log = open_log(sub, &c, fl);
        pthread_mutex_init(&cls[l].mu, NULL);
        pthread_cond_init(&cls[l].cv, NULL);
        ck_log_set_durable_cb(cls[l].log, conc_cb, &cls[l]);
    }
    for (l = 0; l < NLOGS; l++) {
        int nt = l == 0 ? NTHREADS_PER_LOG : 2;   /* log 0 gets the most writers */
        for (t = 0; t < nt; t++) {
            args[l][t] = (conc_arg){ &cls[l], t };
            assert_int_equal(pthread_create(&wt[l][t], NULL, conc_writer, &args[l][t]), 0);
            appends += PER_THREAD;
        }
        assert_int_equal(pthread_create(&rt[l], NULL, conc_reader, &cls[l]), 0);
    }
    for (l = 0; l < NLOGS; l++) {
        int nt = l == 0 ? NTHREADS_PER_LOG : 2;
        for (t = 0; t < nt; t++)
            pthread_join(wt[l][t], NULL);
        /* wait for durability of everything, then let the reader finish */
        pthread_mutex_lock(&cls[l].mu);
        while (cls[l].durable < ck_log_end_offset(cls[l].log))
            pthread_cond_wait(&cls[l].cv, &cls[l].mu);
        pthread_mutex_unlock(&cls[l].mu);
        __atomic_store_n(&cls[l].writers_done, 1, __ATOMIC_RELEASE);
        pthread_join(rt[l], NULL);
    }
    /* group commit: fewer fdatasyncs than appends */
    assert_true(ck_flusher_syncs(fl) < appends);
    for (l = 0; l < NLOGS; l++) {
        int nt = l == 0 ? NTHREADS_PER_LOG : 2;
        int next_seq[NTHREADS_PER_LOG] = { 0 };
        ck_wb out;
        int64_t next, expect = 0;
        size_t pos = 0;
        ck_wb_init(&out, 0);
        assert_int_equal(ck_log_read_copy(cls[l].log, 0, ck_log_end_offset(cls[l].log), (size_t)1 << 30, &out, &next), 0);
        while (pos < out.len) {
            ck_batch_hdr h;
            ck_rec_iter it;
            ck_rec rec;
            int tid = -1, seq = -1, idx = -1;
            assert_int_equal(ck_batch_validate(out.buf + pos, out.len - pos, true, &h), CK_BATCH_OK);
            assert_int_equal(ck_rec_iter_init(&it, out.buf + pos, out.len - pos, 1 << 20), 0);
            while (ck_rec_iter_next(&it, &rec) == 1) {
                char v[64];
                assert_true(rec.offset == expect++);
                assert_true(rec.value_len > 0 && rec.value_len < 63);
                memcpy(v, rec.value, (size_t)rec.value_len);
                v[rec.value_len] = 0;
                assert_int_equal(sscanf(v, "t%d.%d-%d", &tid, &seq, &idx), 3);
                assert_true(tid >= 0 && tid < nt);
                assert_int_equal(seq, next_seq[tid]);
                assert_int_equal(idx, (int)(rec.offset - h.base_offset));
            }
            next_seq[tid]++;
            ck_rec_iter_free(&it);
            pos += ck_batch_size(&h);
        }
        for (t = 0; t < nt; t++)
            assert_int_equal(next_seq[t], PER_THREAD);
        ck_wb_free(&out);
        ck_log_close(cls[l].log);
        pthread_mutex_destroy(&cls[l].mu);
        pthread_cond_destroy(&cls[l].cv);
    }
    ck_flusher_free(fl);
    ck_rmtree(dir);
    ck_free(dir);
}

/* ===================================================================== */
/* Sticky failure                                                         */
/* ===================================================================== */

static void test_sticky_failure(void **state)
{
    char *dir = make_tmpdir();
    ck_log_conf c;
    ck_log *log;
    ck_wb wb;
    int64_t base, last, end;
    int fd, ro;

    (void)state;
    small_conf(&c, 1 << 20);
    log = open_log(dir, &c, NULL);
    fill(log, 0, 5, 1);
    end = ck_log_end_offset(log);
    fd = ck_log_active_fd(log);
    ro = open("/dev/null", O_RDONLY);
    assert_true(ro >= 0);
    assert_true(dup2(ro, fd) == fd);   /* writes now fail with EBADF */
    close(ro);
    ck_wb_init(&wb, 0);
    build_batch(&wb, "x", 1, 1);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), CHRONIK_ERR_KAFKA_STORAGE_ERROR);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), CHRONIK_ERR_KAFKA_STORAGE_ERROR);
    assert_int_equal(ck_log_delete_before(log, 1), CHRONIK_ERR_KAFKA_STORAGE_ERROR);
    assert_true(ck_log_end_offset(log) == end);
    assert_true(ck_log_failed(log));
    ck_log_close(log);
    /* bad input never reaches the file */
    log = open_log(dir, &c, NULL);
    assert_true(ck_log_end_offset(log) == end);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len - 1, &base, &last), CHRONIK_ERR_CORRUPT_MESSAGE);
    assert_int_equal(ck_log_append(log, wb.buf, 10, &base, &last), CHRONIK_ERR_CORRUPT_MESSAGE);
    assert_int_equal(ck_log_append(log, wb.buf, 0, &base, &last), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), 0);
    assert_true(base == end);
    ck_wb_free(&wb);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* ===================================================================== */
/* Flush tickets: overlap, order, failure                                 */
/* ===================================================================== */

/* Fault injection through ck_storage_sync_hook: while armed, the n-th data
 * fdatasync (counting from 1) is held until released when n == hold, and
 * fails with EIO when bit n of fail_mask is set. */
typedef struct sync_hook {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    bool            armed;
    int             entered;
    int             returned;
    int             hold;
    bool            released;
    uint64_t        fail_mask;
} sync_hook;

static sync_hook g_hook = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0, 0, 0, false, 0 };

static int hook_sync(ck_log *log, int fd)
{
    int n, rc;

    (void)log;
    pthread_mutex_lock(&g_hook.mu);
    if (!g_hook.armed) {
        pthread_mutex_unlock(&g_hook.mu);
        return fdatasync(fd);
    }
    n = ++g_hook.entered;
    pthread_cond_broadcast(&g_hook.cv);
    while (n == g_hook.hold && !g_hook.released)
        pthread_cond_wait(&g_hook.cv, &g_hook.mu);
    pthread_mutex_unlock(&g_hook.mu);
    if (n < 64 && (g_hook.fail_mask >> n) & 1) {
        errno = EIO;
        rc = -1;
    } else {
        rc = fdatasync(fd);
    }
    pthread_mutex_lock(&g_hook.mu);
    g_hook.returned++;
    pthread_cond_broadcast(&g_hook.cv);
    pthread_mutex_unlock(&g_hook.mu);
    return rc;
}

static void hook_arm(int hold, uint64_t fail_mask)
{
    pthread_mutex_lock(&g_hook.mu);
    g_hook.armed = true;
    g_hook.entered = g_hook.returned = 0;
    g_hook.hold = hold;
    g_hook.released = false;
    g_hook.fail_mask = fail_mask;
    pthread_mutex_unlock(&g_hook.mu);
    ck_storage_sync_hook = hook_sync;
}

/* Disarms after the calls in progress returned (before ck_log_close). */
static void hook_disarm(void)
{
    pthread_mutex_lock(&g_hook.mu);
    g_hook.released = true;
    pthread_cond_broadcast(&g_hook.cv);
    while (g_hook.returned < g_hook.entered)
        pthread_cond_wait(&g_hook.cv, &g_hook.mu);
    g_hook.armed = false;
    pthread_mutex_unlock(&g_hook.mu);
}

static void hook_wait_entered(int n)
{
    pthread_mutex_lock(&g_hook.mu);
    while (g_hook.entered < n)
        pthread_cond_wait(&g_hook.cv, &g_hook.mu);
    pthread_mutex_unlock(&g_hook.mu);
}

static void hook_release(void)
{
    pthread_mutex_lock(&g_hook.mu);
    g_hook.released = true;
    pthread_cond_broadcast(&g_hook.cv);
    pthread_mutex_unlock(&g_hook.mu);
}

static int hook_entered(void)
{
    int n;

    pthread_mutex_lock(&g_hook.mu);
    n = g_hook.entered;
    pthread_mutex_unlock(&g_hook.mu);
    return n;
}

/* Polls (2 ms steps, 10 s at most) until the log's finished tickets reach n. */
static void wait_tickets(ck_log *log, uint64_t n)
{
    int i;

    for (i = 0; i < 5000 && ck_log_tickets_done(log) < n; i++)
        usleep(2000);
    assert_true(ck_log_tickets_done(log) >= n);
}

typedef struct overlap_fixture {
    char       *dir;
    ck_flusher *fl;
    ck_log     *log;
    cb_state    s;
    int64_t     a, b, end;   /* base of batch A, of batch B, end after B */
} overlap_fixture;

/* Opens a log under `always`, arms the hook to hold the first sync, appends
 * batch A (its sync is held), then batch B, and waits until B's sync has
 * started on a second worker while A's is still held. */
static void overlap_start(overlap_fixture *f, uint64_t fail_mask)
{
    ck_log_conf c;

    f->dir = make_tmpdir();
    f->fl = ck_flusher_new(CK_FLUSH_ALWAYS, 0);
    assert_non_null(f->fl);
    small_conf(&c, 1 << 20);
    f->log = open_log(f->dir, &c, f->fl);
    cb_init(&f->s, f->fl, 0);
    ck_log_set_durable_cb(f->log, durable_cb, &f->s);
    hook_arm(1, fail_mask);
    f->a = append_batch(f->log, "A", 2, 1);
    hook_wait_entered(1);
    f->b = append_batch(f->log, "B", 3, 1);
    f->end = f->b + 3;
    /* the next fdatasync starts while the first is still in progress */
    hook_wait_entered(2);
}

static void overlap_finish(overlap_fixture *f)
{
    hook_disarm();
    ck_log_close(f->log);
    ck_flusher_free(f->fl);
    ck_storage_sync_hook = NULL;
    ck_rmtree(f->dir);
    ck_free(f->dir);
}

/* A later fdatasync that finishes first publishes nothing: the waiters
 * complete in offset order, only after the sync that covers them. */
static void test_flush_overlap_order(void **state)
{
    overlap_fixture f;

    (void)state;
    overlap_start(&f, 0);
    assert_int_equal(f.a, 0);
    assert_int_equal(f.b, 2);
    wait_tickets(f.log, 1);                 /* B's ticket finished its I/O */
    pthread_mutex_lock(&f.s.mu);
    assert_int_equal(f.s.calls, 0);         /* neither A nor B acknowledged */
    pthread_mutex_unlock(&f.s.mu);
    assert_true(ck_log_durable_offset(f.log) == 0);
    hook_release();                         /* A's sync completes */
    cb_wait(&f.s, f.end);                   /* durable_cb checks the order */
    assert_true(ck_log_durable_offset(f.log) == f.end);
    assert_true(ck_log_tickets_done(f.log) >= 2);
    assert_false(ck_log_failed(f.log));
    overlap_finish(&f);
}

/* The earlier sync fails after the later one succeeded: nothing is
 * published, the log refuses appends. */
static void test_flush_overlap_first_fails(void **state)
{
    overlap_fixture f;
    ck_wb wb;
    int64_t base, last;

    (void)state;
    overlap_start(&f, 1u << 1);
    wait_tickets(f.log, 1);
    hook_release();
    wait_tickets(f.log, 2);
    assert_true(ck_log_failed(f.log));
    assert_true(ck_log_durable_offset(f.log) == 0);
    pthread_mutex_lock(&f.s.mu);
    assert_int_equal(f.s.calls, 0);
    pthread_mutex_unlock(&f.s.mu);
    ck_wb_init(&wb, 0);
    build_batch(&wb, "x", 1, 1);
    assert_int_equal(ck_log_append(f.log, wb.buf, wb.len, &base, &last), CHRONIK_ERR_KAFKA_STORAGE_ERROR);
    ck_wb_free(&wb);
    overlap_finish(&f);
}

/* The later sync fails while the earlier one is in progress: the failure is
 * sticky at once, and the earlier one's success publishes nothing after it. */
static void test_flush_overlap_second_fails(void **state)
{
    overlap_fixture f;

    (void)state;
    overlap_start(&f, 1u << 2);
    wait_tickets(f.log, 1);
    assert_true(ck_log_failed(f.log));
    hook_release();
    wait_tickets(f.log, 2);
    assert_true(ck_log_durable_offset(f.log) == 0);
    pthread_mutex_lock(&f.s.mu);
    assert_int_equal(f.s.calls, 0);
    pthread_mutex_unlock(&f.s.mu);
    overlap_finish(&f);
}

/* A ticket that syncs a rolled segment waits for the ticket in flight and
 * runs alone; the rolled segment's data is durable before the new one's. */
static void test_flush_roll_exclusive(void **state)
{
    char *dir = make_tmpdir();
    ck_flusher *fl = ck_flusher_new(CK_FLUSH_ALWAYS, 0);
    ck_log_conf c;
    ck_log *log;
    cb_state s;
    int i, nseg;
    uint64_t begun;
    int64_t end;

    (void)state;
    small_conf(&c, 200);
    log = open_log(dir, &c, fl);
    cb_init(&s, fl, 0);
    ck_log_set_durable_cb(log, durable_cb, &s);
    hook_arm(1, 0);
    append_batch(log, "first", 1, 1);
    hook_wait_entered(1);
    nseg = ck_log_segment_count(log);
    append_batch(log, "roll", 8, 1);          /* does not fit: rolls first */
    assert_int_equal(ck_log_segment_count(log), nseg + 1);
    end = ck_log_end_offset(log);
    /* a second worker takes the log */
    for (i = 0; i < 5000 && ck_flusher_log_workers(fl, log) < 2; i++)
        usleep(2000);
    assert_int_equal(ck_flusher_log_workers(fl, log), 2);
    /* ... and waits instead of beginning a ticket beside the held one */
    pthread_mutex_lock(&log->mu);
    begun = log->tk_next;
    pthread_mutex_unlock(&log->mu);
    assert_true(begun == 1);
    assert_int_equal(hook_entered(), 1);
    assert_true(ck_log_durable_offset(log) == 0);
    hook_release();
    cb_wait(&s, end);
    assert_true(ck_log_durable_offset(log) == end);
    hook_disarm();
    ck_log_close(log);
    ck_flusher_free(fl);
    ck_storage_sync_hook = NULL;
    log = open_log(dir, &c, NULL);
    assert_true(ck_log_end_offset(log) == end);
    assert_int_equal(ck_log_destroy(log), 0);
    ck_free(dir);
}

/* An fdatasync failure in the flusher: durable stops, appends are refused. */
static void test_sticky_fsync_failure(void **state)
{
    char *dir = make_tmpdir();
    ck_flusher *fl = ck_flusher_new(CK_FLUSH_ALWAYS, 0);
    ck_log_conf c;
    ck_log *log;
    cb_state s;
    ck_wb wb;
    int64_t base, last, durable;
    uint64_t done;

    (void)state;
    small_conf(&c, 1 << 20);
    log = open_log(dir, &c, fl);
    cb_init(&s, fl, 0);
    ck_log_set_durable_cb(log, durable_cb, &s);
    base = append_batch(log, "ok", 1, 1);
    cb_wait(&s, base + 1);
    durable = ck_log_durable_offset(log);
    wait_tickets(log, 1);
    done = ck_log_tickets_done(log);
    hook_arm(0, ~(uint64_t)0);                /* every fdatasync fails */
    ck_wb_init(&wb, 0);
    build_batch(&wb, "x", 1, 1);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), 0);
    wait_tickets(log, done + 1);
    assert_true(ck_log_failed(log));
    assert_true(ck_log_durable_offset(log) == durable);
    assert_int_equal(ck_log_append(log, wb.buf, wb.len, &base, &last), CHRONIK_ERR_KAFKA_STORAGE_ERROR);
    ck_wb_free(&wb);
    hook_disarm();
    ck_log_close(log);
    ck_flusher_free(fl);
    ck_storage_sync_hook = NULL;
    ck_rmtree(dir);
    ck_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_rolls),
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_offset_for_time),
        cmocka_unit_test(test_delete_before),
        cmocka_unit_test(test_retention_bytes),
        cmocka_unit_test(test_retention_time),
        cmocka_unit_test(test_reopen_and_index_rebuild),
        cmocka_unit_test(test_torn_tail),
        cmocka_unit_test(test_corrupt_tail),
        cmocka_unit_test(test_corrupt_middle_segment),
        cmocka_unit_test(test_garbage_files),
        cmocka_unit_test(test_flush_always),
        cmocka_unit_test(test_flush_interval_and_os),
        cmocka_unit_test(test_concurrent),
        cmocka_unit_test(test_sticky_failure),
        cmocka_unit_test(test_sticky_fsync_failure),
        cmocka_unit_test(test_flush_overlap_order),
        cmocka_unit_test(test_flush_overlap_first_fails),
        cmocka_unit_test(test_flush_overlap_second_fails),
        cmocka_unit_test(test_flush_roll_exclusive),
    };

    ck_log_threshold = CK_LOG_ERROR - 1;   /* expected warnings stay quiet */
    return cmocka_run_group_tests_name("storage", tests, NULL, NULL);
}

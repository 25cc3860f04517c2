/*
 * test_txn.c — unit tests of transactions, driven through lib/txn/txn.h on
 * a real engine in a temporary directory with a fake wall clock and no
 * timer thread (ck_tcoord_tick runs completions and timeouts): the
 * coordinator's state machine and error codes (fencing, epochs, mappings,
 * concurrent ends), transactional produce checks, the last stable offset
 * and the aborted-transaction list, read_committed reads, pending
 * transactional offsets (metadata kept as bytes), timeouts, recovery of Prepare states and of the
 * `.txnindex` after a restart, and the public C API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chronik.h"
#include "group/group.h"
#include "txn/txn.h"

static int64_t fake_wall = 1700000000000;
static int64_t clock_wall(void *op) { (void)op; return fake_wall; }

typedef struct fixture {
    char       dir[64];
    chronik_t *eng;
    ck_tcoord *tc;
} fixture;

static void open_engine(fixture *f)
{
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];

    assert_int_equal(chronik_conf_set(conf, "data.dir", f->dir, err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "transaction.max.timeout.ms", "60000", err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "offset.metadata.max.bytes", "16", err, sizeof(err)), 0);
    assert_int_equal(chronik_open(conf, &f->eng, err, sizeof(err)), 0);
    chronik_conf_free(conf);
    /* chronik_open starts a coordinator (crash recovery); these tests drive
     * their own, with a test clock and no timer thread. */
    ck_txn_shutdown(f->eng);
}

static void open_coord(fixture *f)
{
    ck_tcoord_opts o;

    memset(&o, 0, sizeof(o));
    o.no_thread = true;
    o.clock_ms = clock_wall;
    f->tc = ck_tcoord_new(f->eng, &o);
    assert_non_null(f->tc);
}

static void close_all(fixture *f)
{
    ck_tcoord_free(f->tc);
    f->tc = NULL;
    ck_txn_shutdown(f->eng);
    ck_group_shutdown(f->eng);
    chronik_close(f->eng);
    f->eng = NULL;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));

    snprintf(f->dir, sizeof(f->dir), "/tmp/ck-txn-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    open_engine(f);
    assert_int_equal(chronik_topic_create(f->eng, "t", 3, NULL), 0);
    open_coord(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];

    if (f->eng)
        close_all(f);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* ---- helpers ---- */

static ck_partition *part(fixture *f, int32_t idx)
{
    ck_topic *t = ck_engine_topic_get(f->eng, "t", 1);
    ck_partition *p;

    assert_non_null(t);
    p = ck_topic_partition(t, idx);
    ck_topic_release(t);   /* the registry keeps the topic alive */
    return p;
}

typedef struct pwait {
    volatile int      done;
    ck_produce_result res;
} pwait;

static void pdone(void *op, const ck_produce_result *r)
{
    pwait *w = op;
    w->res = *r;
    __atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
}

/* Produces n transactional (or plain, when pid < 0) records; returns the
 * error and stores the base offset. */
static int produce(fixture *f, int32_t p, int64_t pid, int16_t epoch, int32_t seq, int n, int64_t *base)
{
    ck_rec_in recs[16];
    ck_batch_opts o;
    ck_wb wb;
    pwait w;
    char val[16];

    memset(recs, 0, sizeof(recs));
    snprintf(val, sizeof(val), "v");
    for (int i = 0; i < n; i++) {
        recs[i].key = NULL;
        recs[i].key_len = -1;
        recs[i].value = val;
        recs[i].value_len = 1;
        recs[i].timestamp = 1;
    }
    ck_batch_opts_init(&o);
    if (pid >= 0) {
        o.attributes_extra = CK_ATTR_TRANSACTIONAL;
        o.producer_id = pid;
        o.producer_epoch = epoch;
        o.base_sequence = seq;
    }
    ck_wb_init(&wb, 256);
    assert_int_equal(ck_batch_build(&wb, &o, recs, (size_t)n, NULL, 0), 0);
    memset(&w, 0, sizeof(w));
    if (ck_partition_produce(part(f, p), wb.buf, wb.len, 0, &w.res, pdone, &w) == CK_DONE)
        w.done = 1;
    while (!__atomic_load_n(&w.done, __ATOMIC_ACQUIRE))
        usleep(200);
    ck_wb_free(&wb);
    if (base)
        *base = w.res.base_offset;
    return w.res.err;
}

typedef struct ewait {
    volatile int calls;
    int16_t      err;
} ewait;

static void end_cb(void *op, int16_t err)
{
    ewait *e = op;
    e->err = err;
    __atomic_add_fetch(&e->calls, 1, __ATOMIC_RELEASE);
}

/* Ends the transaction and ticks until the callback ran; returns its error. */
static int16_t end_txn(fixture *f, const char *id, int64_t pid, int16_t epoch, bool commit)
{
    ewait e = { 0, 0 };
    int64_t deadline = ck_mono_ms() + 10000;

    ck_txn_end(f->tc, id, pid, epoch, commit, end_cb, &e);
    while (!__atomic_load_n(&e.calls, __ATOMIC_ACQUIRE) && ck_mono_ms() < deadline) {
        ck_tcoord_tick(f->tc);
        usleep(500);
    }
    assert_int_equal(e.calls, 1);
    return e.err;
}

/* Ticks until id's state is st (or fails after 10 s). */
static void desc_cb(void *op, const ck_txn_desc *d)
{
    *(ck_txn_desc *)op = *d;
    ((ck_txn_desc *)op)->topics = NULL;
    ((ck_txn_desc *)op)->partitions = NULL;
}

static ck_txn_desc describe(fixture *f, const char *id)
{
    ck_txn_desc d;
    ck_txn_describe(f->tc, id, desc_cb, &d);
    return d;
}

static void wait_state(fixture *f, const char *id, ck_txn_state st)
{
    int64_t deadline = ck_mono_ms() + 10000;

    while (describe(f, id).state != st && ck_mono_ms() < deadline) {
        ck_tcoord_tick(f->tc);
        usleep(500);
    }
    assert_int_equal(describe(f, id).state, st);
}

static int16_t add_part(fixture *f, const char *id, int64_t pid, int16_t epoch, int32_t p)
{
    ck_txn_tp tp = { "t", p, 0 };
    int16_t err = ck_txn_add_partitions(f->tc, id, pid, epoch, &tp, 1, false);
    return err ? err : tp.error;
}

static ck_part_offsets offsets(fixture *f, int32_t p)
{
    ck_part_offsets o;
    ck_partition_offsets(part(f, p), &o);
    return o;
}

/* ---- tests ---- */

static void test_state_names(void **state)
{
    (void)state;
    assert_string_equal(ck_txn_state_name(CK_TXN_PREPARE_EPOCH_FENCE), "PrepareEpochFence");
    assert_int_equal(ck_txn_state_parse("Ongoing", 7), CK_TXN_ONGOING);
    assert_int_equal(ck_txn_state_parse("Nope", 4), -1);
}

static void test_init_and_epochs(void **state)
{
    fixture *f = *state;
    int64_t pid, pid2;
    int16_t epoch, epoch2;

    assert_int_equal(ck_txn_init_pid(f->tc, "a", 0, -1, -1, &pid, &epoch), CHRONIK_ERR_INVALID_TRANSACTION_TIMEOUT);
    assert_int_equal(ck_txn_init_pid(f->tc, "a", 60001, -1, -1, &pid, &epoch),
                     CHRONIK_ERR_INVALID_TRANSACTION_TIMEOUT);
    assert_int_equal(ck_txn_init_pid(f->tc, "", 1000, -1, -1, &pid, &epoch), CHRONIK_ERR_INVALID_REQUEST);
    assert_int_equal(ck_txn_init_pid(f->tc, "a", 1000, -1, -1, &pid, &epoch), 0);
    assert_true(pid >= 0);
    assert_int_equal(epoch, 0);
    assert_int_equal(describe(f, "a").state, CK_TXN_EMPTY);
    assert_int_equal(ck_txn_init_pid(f->tc, "a", 1000, -1, -1, &pid2, &epoch2), 0);
    assert_int_equal(pid2, pid);
    assert_int_equal(epoch2, 1);
    /* KIP-360: a caller naming a stale producer is fenced */
    assert_int_equal(ck_txn_init_pid(f->tc, "a", 1000, pid + 77, 0, &pid2, &epoch2), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(ck_txn_init_pid(f->tc, "a", 1000, pid, 1, &pid2, &epoch2), 0);
    assert_int_equal(epoch2, 2);
    assert_int_equal(describe(f, "zzz").error, CHRONIK_ERR_TRANSACTIONAL_ID_NOT_FOUND);
}

static void test_commit_and_lso(void **state)
{
    fixture *f = *state;
    int64_t pid, base, base2;
    int16_t epoch;

    assert_int_equal(ck_txn_init_pid(f->tc, "c", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(produce(f, 0, -1, -1, -1, 2, &base), 0);   /* plain records first */
    assert_int_equal(base, 0);
    /* a transactional batch for a partition not in the transaction */
    assert_int_equal(produce(f, 0, pid, epoch, 0, 1, NULL), CHRONIK_ERR_INVALID_TXN_STATE);
    assert_int_equal(add_part(f, "c", pid, epoch, 0), 0);
    assert_int_equal(describe(f, "c").state, CK_TXN_ONGOING);
    assert_int_equal(produce(f, 0, pid, epoch, 0, 3, &base), 0);
    assert_int_equal(base, 2);
    assert_int_equal(produce(f, 0, -1, -1, -1, 1, &base2), 0);
    ck_part_offsets o = offsets(f, 0);
    assert_int_equal(o.high_watermark, 6);
    assert_int_equal(o.last_stable, 2);
    /* read_committed reads stop at the LSO */
    ck_log_slice sl;
    assert_int_equal(ck_partition_read(part(f, 0), 2, 1, 1 << 20, &sl, &o), 0);
    assert_int_equal(sl.len, 0);
    ck_log_slice_release(&sl);
    assert_int_equal(ck_partition_read(part(f, 0), 2, 0, 1 << 20, &sl, &o), 0);
    assert_true(sl.len > 0);
    ck_log_slice_release(&sl);
    /* ending with a stale epoch or a wrong producer id */
    assert_int_equal(end_txn(f, "c", pid, (int16_t)(epoch + 1), true), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(end_txn(f, "c", pid + 1, epoch, true), CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING);
    assert_int_equal(end_txn(f, "nope", pid, epoch, true), CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING);
    assert_int_equal(end_txn(f, "c", pid, epoch, true), 0);
    assert_int_equal(describe(f, "c").state, CK_TXN_COMPLETE_COMMIT);
    o = offsets(f, 0);
    assert_int_equal(o.high_watermark, 7);   /* + the COMMIT marker */
    assert_int_equal(o.last_stable, 7);
    /* a committed transaction leaves nothing in the aborted list */
    ck_aborted_txn *ab;
    size_t n;
    assert_int_equal(ck_partition_aborted_txns(part(f, 0), 0, 100, &ab, &n), 0);
    assert_int_equal(n, 0);
    /* retried commit is fine, abort after commit is not */
    assert_int_equal(end_txn(f, "c", pid, epoch, true), 0);
    assert_int_equal(end_txn(f, "c", pid, epoch, false), CHRONIK_ERR_INVALID_TXN_STATE);
    /* produce after the end: the partition is no longer in a transaction */
    assert_int_equal(produce(f, 0, pid, epoch, 3, 1, NULL), CHRONIK_ERR_INVALID_TXN_STATE);
}

static void test_abort_list(void **state)
{
    fixture *f = *state;
    int64_t pid, pid2, b1, b2;
    int16_t epoch, epoch2;
    ck_aborted_txn *ab;
    size_t n;

    assert_int_equal(ck_txn_init_pid(f->tc, "x", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(ck_txn_init_pid(f->tc, "y", 10000, -1, -1, &pid2, &epoch2), 0);
    assert_int_equal(add_part(f, "x", pid, epoch, 1), 0);
    assert_int_equal(add_part(f, "y", pid2, epoch2, 1), 0);
    assert_int_equal(produce(f, 1, pid, epoch, 0, 2, &b1), 0);      /* 0..1 */
    assert_int_equal(produce(f, 1, pid2, epoch2, 0, 2, &b2), 0);    /* 2..3 */
    assert_int_equal(offsets(f, 1).last_stable, 0);
    assert_int_equal(end_txn(f, "x", pid, epoch, false), 0);        /* marker 4 */
    assert_int_equal(offsets(f, 1).last_stable, 2);                 /* y still open */
    assert_int_equal(end_txn(f, "y", pid2, epoch2, true), 0);       /* marker 5 */
    assert_int_equal(offsets(f, 1).last_stable, 6);
    assert_int_equal(ck_partition_aborted_txns(part(f, 1), 0, 6, &ab, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ab[0].producer_id, pid);
    assert_int_equal(ab[0].first_offset, 0);
    assert_int_equal(ab[0].last_offset, 4);
    ck_free(ab);
    /* ranges that miss it */
    assert_int_equal(ck_partition_aborted_txns(part(f, 1), 5, 6, &ab, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(ck_partition_aborted_txns(part(f, 1), 0, 0, &ab, &n), 0);
    assert_int_equal(n, 0);
    /* a later range overlapping its marker still lists it */
    assert_int_equal(ck_partition_aborted_txns(part(f, 1), 3, 6, &ab, &n), 0);
    assert_int_equal(n, 1);
    ck_free(ab);
    /* the ABORT is in the partition's transaction index, which survives a
     * restart; so does the coordinator state */
    close_all(f);
    open_engine(f);
    open_coord(f);
    assert_int_equal(describe(f, "x").state, CK_TXN_COMPLETE_ABORT);
    assert_int_equal(offsets(f, 1).last_stable, 6);
    assert_int_equal(ck_partition_aborted_txns(part(f, 1), 0, 6, &ab, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ab[0].first_offset, 0);
    ck_free(ab);
}

static void test_txnindex_rebuilt(void **state)
{
    fixture *f = *state;
    int64_t pid;
    int16_t epoch;
    ck_aborted_txn *ab;
    size_t n;
    char cmd[256];

    assert_int_equal(ck_txn_init_pid(f->tc, "r", 10000, -1, -1, &pid, &epoch), 0);
    for (int round = 0; round < 3; round++) {
        assert_int_equal(add_part(f, "r", pid, epoch, 2), 0);
        assert_int_equal(produce(f, 2, pid, epoch, round * 2, 2, NULL), 0);
        assert_int_equal(end_txn(f, "r", pid, epoch, round != 1), 0);
    }
    /* offsets: c(0,1) C2, a(3,4) A5, c(6,7) C8 */
    close_all(f);
    /* lose every transaction index and the producer snapshot */
    snprintf(cmd, sizeof(cmd), "rm -f %s/logs/t-2/*.txnindex %s/logs/t-2/producer.snapshot", f->dir, f->dir);
    assert_int_equal(system(cmd), 0);
    open_engine(f);
    open_coord(f);
    assert_int_equal(ck_partition_aborted_txns(part(f, 2), 0, 100, &ab, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ab[0].producer_id, pid);
    assert_int_equal(ab[0].first_offset, 3);
    assert_int_equal(ab[0].last_offset, 5);
    ck_free(ab);
    assert_int_equal(offsets(f, 2).last_stable, 9);
    /* the rebuilt entry was written back to the index */
    close_all(f);
    snprintf(cmd, sizeof(cmd), "test -s %s/logs/t-2/00000000000000000000.txnindex", f->dir);
    assert_int_equal(system(cmd), 0);
    open_engine(f);
    open_coord(f);
    assert_int_equal(ck_partition_aborted_txns(part(f, 2), 0, 100, &ab, &n), 0);
    assert_int_equal(n, 1);
    ck_free(ab);
}

static void test_fencing(void **state)
{
    fixture *f = *state;
    int64_t pid, pid2;
    int16_t epoch, epoch2;
    ck_aborted_txn *ab;
    size_t n;

    assert_int_equal(ck_txn_init_pid(f->tc, "f", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(add_part(f, "f", pid, epoch, 0), 0);
    assert_int_equal(produce(f, 0, pid, epoch, 0, 2, NULL), 0);
    /* a second producer with the same id: the open transaction is aborted */
    assert_int_equal(ck_txn_init_pid(f->tc, "f", 10000, -1, -1, &pid2, &epoch2), CHRONIK_ERR_CONCURRENT_TRANSACTIONS);
    wait_state(f, "f", CK_TXN_COMPLETE_ABORT);
    assert_int_equal(ck_txn_init_pid(f->tc, "f", 10000, -1, -1, &pid2, &epoch2), 0);
    assert_int_equal(pid2, pid);
    assert_int_equal(epoch2, epoch + 2);
    /* the first producer is fenced everywhere */
    assert_int_equal(produce(f, 0, pid, epoch, 2, 1, NULL), CHRONIK_ERR_INVALID_PRODUCER_EPOCH);
    assert_int_equal(add_part(f, "f", pid, epoch, 0), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(ck_txn_add_offsets(f->tc, "f", pid, epoch, "g"), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(end_txn(f, "f", pid, epoch, true), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(ck_partition_aborted_txns(part(f, 0), 0, 100, &ab, &n), 0);
    assert_int_equal(n, 1);
    ck_free(ab);
    assert_int_equal(offsets(f, 0).last_stable, offsets(f, 0).high_watermark);
    /* the new one works */
    assert_int_equal(add_part(f, "f", pid2, epoch2, 0), 0);
    assert_int_equal(produce(f, 0, pid2, epoch2, 0, 1, NULL), 0);
    assert_int_equal(end_txn(f, "f", pid2, epoch2, true), 0);
}

static void test_errors(void **state)
{
    fixture *f = *state;
    int64_t pid;
    int16_t epoch;
    ck_txn_tp tps[2] = { { "t", 0, 0 }, { "t", 9, 0 } };
    ck_txn_offset off = { .topic = "t", .partition = 0, .offset = 5, .leader_epoch = -1, .metadata_len = -1 };

    assert_int_equal(ck_txn_init_pid(f->tc, "e", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(end_txn(f, "e", pid, epoch, true), CHRONIK_ERR_INVALID_TXN_STATE);   /* Empty */
    assert_int_equal(add_part(f, "nope", pid, epoch, 0), CHRONIK_ERR_INVALID_PRODUCER_ID_MAPPING);
    /* an unknown partition: the others are not attempted */
    assert_int_equal(ck_txn_add_partitions(f->tc, "e", pid, epoch, tps, 2, false), 0);
    assert_int_equal(tps[0].error, CHRONIK_ERR_OPERATION_NOT_ATTEMPTED);
    assert_int_equal(tps[1].error, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(describe(f, "e").state, CK_TXN_EMPTY);
    /* offsets before AddOffsetsToTxn */
    assert_int_equal(ck_txn_offset_commit(f->tc, "e", "g", pid, epoch, &off, 1), CHRONIK_ERR_INVALID_TXN_STATE);
    assert_int_equal(ck_txn_add_offsets(f->tc, "e", pid, epoch, ""), CHRONIK_ERR_INVALID_GROUP_ID);
    /* verify-only (AddPartitionsToTxn v4+ from brokers) */
    tps[1].partition = 1;
    assert_int_equal(add_part(f, "e", pid, epoch, 0), 0);
    assert_int_equal(ck_txn_add_partitions(f->tc, "e", pid, epoch, tps, 2, true), 0);
    assert_int_equal(tps[0].error, 0);
    assert_int_equal(tps[1].error, CHRONIK_ERR_INVALID_TXN_STATE);
    /* ListTransactions sees it */
    ck_txn_listing *l;
    size_t n;
    ck_txn_list(f->tc, &l, &n);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].txn_id, "e");
    assert_int_equal(l[0].state, CK_TXN_ONGOING);
    ck_txn_listings_free(l, n);
}

static void test_offsets_visible_on_commit(void **state)
{
    fixture *f = *state;
    int64_t pid;
    int16_t epoch;
    ck_txn_offset off = { .topic = "t", .partition = 1, .offset = 42, .leader_epoch = -1,
                          .metadata = "Hello\0world!", .metadata_len = 12 };
    ck_txn_offset more[2] = {
        { .topic = "t", .partition = 0, .offset = 43, .leader_epoch = -1, .metadata_len = -1 },
        { .topic = "t", .partition = 2, .offset = 44, .leader_epoch = -1, .metadata = "0123456789abcdefX",
          .metadata_len = 17 },
    };
    ck_offset_rec r;

    assert_int_equal(ck_txn_init_pid(f->tc, "o", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(ck_txn_add_offsets(f->tc, "o", pid, epoch, "grp"), 0);
    assert_int_equal(ck_txn_offset_commit(f->tc, "o", "grp", pid, epoch, &off, 1), 0);
    assert_int_equal(off.error, 0);
    assert_true(ck_txn_offsets_pending(f->eng, "grp", "t", 1));
    assert_false(ck_txn_offsets_pending(f->eng, "grp", "t", 0));
    assert_int_equal(ck_offset_get(ck_engine_meta(f->eng), "grp", "t", 1, &r), CHRONIK_ERR_NOT_FOUND);
    /* aborted: dropped */
    assert_int_equal(end_txn(f, "o", pid, epoch, false), 0);
    assert_false(ck_txn_offsets_pending(f->eng, "grp", "t", 1));
    assert_int_equal(ck_offset_get(ck_engine_meta(f->eng), "grp", "t", 1, &r), CHRONIK_ERR_NOT_FOUND);
    /* committed: visible */
    assert_int_equal(ck_txn_add_offsets(f->tc, "o", pid, epoch, "grp"), 0);
    assert_int_equal(ck_txn_offset_commit(f->tc, "o", "grp", pid, epoch, &off, 1), 0);
    /* null metadata, and one over offset.metadata.max.bytes (16 here) */
    assert_int_equal(ck_txn_offset_commit(f->tc, "o", "grp", pid, epoch, more, 2), 0);
    assert_int_equal(more[0].error, 0);
    assert_int_equal(more[1].error, CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE);
    /* the pending offsets survive a restart of the coordinator, bytes and all */
    close_all(f);
    open_engine(f);
    open_coord(f);
    assert_int_equal(end_txn(f, "o", pid, epoch, true), 0);
    assert_int_equal(ck_offset_get(ck_engine_meta(f->eng), "grp", "t", 1, &r), 0);
    assert_int_equal(r.offset, 42);
    assert_int_equal(r.metadata_len, 12);
    assert_memory_equal(r.metadata, "Hello\0world!", 12);
    ck_free(r.metadata);
    assert_int_equal(ck_offset_get(ck_engine_meta(f->eng), "grp", "t", 0, &r), 0);
    assert_int_equal(r.offset, 43);
    assert_int_equal(r.metadata_len, -1);
    assert_null(r.metadata);
    assert_int_equal(ck_offset_get(ck_engine_meta(f->eng), "grp", "t", 2, &r), CHRONIK_ERR_NOT_FOUND);
}

static void test_timeout(void **state)
{
    fixture *f = *state;
    int64_t pid, pid2;
    int16_t epoch, epoch2;

    assert_int_equal(ck_txn_init_pid(f->tc, "s", 1000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(add_part(f, "s", pid, epoch, 2), 0);
    assert_int_equal(produce(f, 2, pid, epoch, 0, 2, NULL), 0);
    ck_tcoord_tick(f->tc);
    assert_int_equal(describe(f, "s").state, CK_TXN_ONGOING);
    assert_int_equal(offsets(f, 2).last_stable, 0);
    fake_wall += 1001;
    wait_state(f, "s", CK_TXN_COMPLETE_ABORT);
    assert_int_equal(offsets(f, 2).last_stable, offsets(f, 2).high_watermark);
    /* the silent producer was fenced by the epoch bump */
    assert_int_equal(describe(f, "s").producer_epoch, epoch + 1);
    assert_int_equal(end_txn(f, "s", pid, epoch, true), CHRONIK_ERR_PRODUCER_FENCED);
    /* ... and may recover with KIP-360 */
    assert_int_equal(ck_txn_init_pid(f->tc, "s", 1000, pid, epoch, &pid2, &epoch2), 0);
    assert_int_equal(epoch2, epoch + 2);
}

/* transactional.id.expiration.ms (default 7 days): an idle id is forgotten,
 * durably; one with a transaction in flight is kept however old. */
static void test_id_expiration(void **state)
{
    fixture *f = *state;
    int64_t pid;
    int16_t epoch;

    assert_int_equal(ck_txn_init_pid(f->tc, "idle", 1000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(ck_txn_init_pid(f->tc, "busy", 60000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(add_part(f, "busy", pid, epoch, 1), 0);
    ck_tcoord_tick(f->tc);
    assert_int_equal(describe(f, "idle").state, CK_TXN_EMPTY);
    fake_wall += 604800000 - 1000;        /* just short of 7 days: both kept */
    ck_tcoord_tick(f->tc);
    assert_int_equal(describe(f, "idle").state, CK_TXN_EMPTY);
    fake_wall += 2000;
    ck_tcoord_tick(f->tc);
    assert_int_equal(describe(f, "idle").error, CHRONIK_ERR_TRANSACTIONAL_ID_NOT_FOUND);
    /* "busy" timed out long ago and was aborted, which counts as use. */
    assert_int_equal(describe(f, "busy").error, 0);
    /* Gone from LMDB too: a restarted coordinator does not bring it back. */
    ck_tcoord_free(f->tc);
    open_coord(f);
    assert_int_equal(describe(f, "idle").error, CHRONIK_ERR_TRANSACTIONAL_ID_NOT_FOUND);
}

/* Writes a transaction record by hand (the layout documented in
 * coordinator.c) in PrepareCommit with one partition and one offset, as a
 * crash right after the Prepare write would leave it. */
static void put_prepare_commit(fixture *f, int64_t pid, int16_t epoch)
{
    ck_wb wb;

    ck_wb_init(&wb, 128);
    ck_wb_i8(&wb, 1);
    ck_wb_i64(&wb, pid);
    ck_wb_i16(&wb, epoch);
    ck_wb_i64(&wb, -1);
    ck_wb_i16(&wb, -1);
    ck_wb_i32(&wb, 10000);
    ck_wb_i8(&wb, CK_TXN_PREPARE_COMMIT);
    ck_wb_i64(&wb, fake_wall);
    ck_wb_i64(&wb, fake_wall);
    ck_wb_i32(&wb, 1);
    ck_wb_i16(&wb, 1);
    ck_wb_put(&wb, "t", 1);
    ck_wb_i32(&wb, 0);
    ck_wb_i32(&wb, 1);
    ck_wb_i16(&wb, 3);
    ck_wb_put(&wb, "grp", 3);
    ck_wb_i32(&wb, 1);
    ck_wb_i16(&wb, 3);
    ck_wb_put(&wb, "grp", 3);
    ck_wb_i16(&wb, 1);
    ck_wb_put(&wb, "t", 1);
    ck_wb_i32(&wb, 0);
    ck_wb_i64(&wb, 7);
    ck_wb_i32(&wb, -1);
    ck_wb_i32(&wb, 0);
    assert_int_equal(ck_meta_put(ck_engine_meta(f->eng), CK_META_TXNS, "p", 1, wb.buf, wb.len), 0);
    ck_wb_free(&wb);
}

static void test_recovery_completes_prepare(void **state)
{
    fixture *f = *state;
    int64_t pid;
    int16_t epoch;
    ck_offset_rec r;

    assert_int_equal(ck_txn_init_pid(f->tc, "p", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(add_part(f, "p", pid, epoch, 0), 0);
    assert_int_equal(produce(f, 0, pid, epoch, 0, 2, NULL), 0);
    /* crash: the coordinator is gone, the record says PrepareCommit */
    ck_tcoord_free(f->tc);
    f->tc = NULL;
    put_prepare_commit(f, pid, epoch);
    chronik_close(f->eng);
    open_engine(f);   /* its coordinator may already have completed the commit */
    open_coord(f);
    wait_state(f, "p", CK_TXN_COMPLETE_COMMIT);
    assert_int_equal(offsets(f, 0).last_stable, 3);
    assert_int_equal(offsets(f, 0).high_watermark, 3);
    assert_int_equal(ck_offset_get(ck_engine_meta(f->eng), "grp", "t", 0, &r), 0);
    assert_int_equal(r.offset, 7);
    ck_free(r.metadata);
}

static void test_ongoing_survives_restart(void **state)
{
    fixture *f = *state;
    int64_t pid;
    int16_t epoch;

    assert_int_equal(ck_txn_init_pid(f->tc, "g", 10000, -1, -1, &pid, &epoch), 0);
    assert_int_equal(add_part(f, "g", pid, epoch, 1), 0);
    assert_int_equal(produce(f, 1, pid, epoch, 0, 2, NULL), 0);
    close_all(f);
    open_engine(f);
    open_coord(f);
    assert_int_equal(describe(f, "g").state, CK_TXN_ONGOING);
    assert_int_equal(offsets(f, 1).last_stable, 0);
    /* the producer continues where it was */
    assert_int_equal(produce(f, 1, pid, epoch, 2, 1, NULL), 0);
    assert_int_equal(end_txn(f, "g", pid, epoch, true), 0);
    assert_int_equal(offsets(f, 1).last_stable, 4);
}

static void test_public_api(void **state)
{
    fixture *f = *state;
    chronik_txn_t *txn = NULL, *txn2 = NULL;
    chronik_record_t rec;
    int64_t base = -1, off = -1;

    /* the public API uses the engine's coordinator with its timer thread */
    ck_tcoord_free(f->tc);
    f->tc = NULL;
    assert_int_equal(ck_txn_start(f->eng), 0);
    memset(&rec, 0, sizeof(rec));
    rec.value = "hello";
    rec.value_len = 5;
    rec.timestamp = -1;
    assert_int_equal(chronik_txn_begin(f->eng, NULL, 1000, &txn), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_txn_begin(f->eng, "api", 1000, &txn), 0);
    assert_int_equal(chronik_txn_produce(txn, "t", 0, &rec, 1, &base), 0);
    assert_int_equal(base, 0);
    assert_int_equal(chronik_txn_produce(txn, "t", 1, &rec, 1, NULL), 0);
    assert_int_equal(chronik_txn_produce(txn, "nope", 0, &rec, 1, NULL), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_txn_send_offsets(txn, "ag", "t", 2, 11), 0);
    assert_int_equal(chronik_offset_fetch(f->eng, "ag", "t", 2, &off), 0);
    assert_int_equal(off, -1);
    assert_int_equal(chronik_txn_commit(txn), 0);
    assert_int_equal(chronik_offset_fetch(f->eng, "ag", "t", 2, &off), 0);
    assert_int_equal(off, 11);
    assert_int_equal(offsets(f, 0).last_stable, 2);
    /* second transaction, aborted */
    assert_int_equal(chronik_txn_produce(txn, "t", 0, &rec, 1, &base), 0);
    assert_int_equal(base, 2);
    assert_int_equal(chronik_txn_abort(txn), 0);
    assert_int_equal(offsets(f, 0).last_stable, 4);
    /* a second handle with the same id fences the first */
    assert_int_equal(chronik_txn_produce(txn, "t", 0, &rec, 1, NULL), 0);
    assert_int_equal(chronik_txn_begin(f->eng, "api", 1000, &txn2), 0);
    assert_int_equal(chronik_txn_produce(txn, "t", 0, &rec, 1, NULL), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(chronik_txn_commit(txn), CHRONIK_ERR_PRODUCER_FENCED);
    assert_int_equal(chronik_txn_produce(txn2, "t", 0, &rec, 1, NULL), 0);
    assert_int_equal(chronik_txn_commit(txn2), 0);
    assert_int_equal(offsets(f, 0).last_stable, offsets(f, 0).high_watermark);
    chronik_txn_free(txn);
    chronik_txn_free(txn2);
    chronik_txn_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_names),
        cmocka_unit_test_setup_teardown(test_init_and_epochs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_and_lso, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_txnindex_rebuilt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fencing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offsets_visible_on_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_expiration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_completes_prepare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ongoing_survives_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_public_api, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_group.c — unit tests of the consumer-group coordinator, driven
 * directly through lib/group/group.h on a real engine in a temporary
 * directory, with a fake clock and no timer thread (ck_gcoord_tick fires the
 * timers): MEMBER_ID_REQUIRED, delayed initial join, leader election,
 * SyncGroup propagation, rejoin rules in Stable, session expiry, static
 * membership and fencing, the error codes of stale or unknown members,
 * offset commit/fetch/delete/expiry, metadata kept as bytes (NUL bytes,
 * null vs empty, the byte limit), persistence across reopen, the offset
 * record encoding (including records written by earlier versions), and the
 * public C API.
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

static int32_t md_len(const char *md) { return md ? (int32_t)strlen(md) : -1; }

/* A ck_group_offset of topic/partition/offset; md a C string, NULL: null metadata. */
#define OFF(tp, part, off, md)                                                                 \
    { .topic = (tp), .partition = (part), .offset = (off), .leader_epoch = -1, .metadata = (md), \
      .metadata_len = md_len(md) }

static int64_t fake_mono = 1000000;
static int64_t fake_wall = 1700000000000;

static int64_t clock_mono(void *op) { (void)op; return fake_mono; }
static int64_t clock_wall(void *op) { (void)op; return fake_wall; }

typedef struct fixture {
    char       dir[64];
    chronik_t *eng;
    ck_gcoord *gc;
} fixture;

static void open_engine(fixture *f)
{
    chronik_conf_t *conf = chronik_conf_new();
    char err[256];

    assert_int_equal(chronik_conf_set(conf, "data.dir", f->dir, err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "group.initial.rebalance.delay.ms", "100", err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "group.min.session.timeout.ms", "10", err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "offset.metadata.max.bytes", "16", err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "offsets.retention.minutes", "1", err, sizeof(err)), 0);
    assert_int_equal(chronik_conf_set(conf, "group.max.size", "3", err, sizeof(err)), 0);
    assert_int_equal(chronik_open(conf, &f->eng, err, sizeof(err)), 0);
    chronik_conf_free(conf);
}

static void open_coord(fixture *f)
{
    ck_gcoord_opts o;

    memset(&o, 0, sizeof(o));
    o.no_thread = true;
    o.clock_ms = clock_mono;
    o.wall_ms = clock_wall;
    f->gc = ck_gcoord_new(f->eng, &o);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));

    snprintf(f->dir, sizeof(f->dir), "/tmp/ck-group-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    open_engine(f);
    assert_int_equal(chronik_topic_create(f->eng, "t", 4, NULL), 0);
    open_coord(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];

    ck_gcoord_free(f->gc);
    ck_group_shutdown(f->eng);
    chronik_close(f->eng);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* ---- recording callbacks ---- */

typedef struct jres {
    int     calls;
    int16_t error;
    int32_t generation;
    char    member_id[128];
    char    leader[128];
    char    protocol[32];
    int32_t nmembers;
} jres;

static void join_cb(void *op, const ck_group_join_result *r)
{
    jres *j = op;

    j->calls++;
    j->error = r->error;
    j->generation = r->generation;
    snprintf(j->member_id, sizeof(j->member_id), "%s", r->member_id);
    snprintf(j->leader, sizeof(j->leader), "%s", r->leader);
    snprintf(j->protocol, sizeof(j->protocol), "%s", r->protocol_name ? r->protocol_name : "");
    j->nmembers = r->nmembers;
}

typedef struct sres {
    int     calls;
    int16_t error;
    char    assignment[64];
} sres;

static void sync_cb(void *op, const ck_group_sync_result *r)
{
    sres *s = op;

    s->calls++;
    s->error = r->error;
    snprintf(s->assignment, sizeof(s->assignment), "%.*s", (int)r->assignment_len, (const char *)r->assignment);
}

static const ck_group_protocol protos_a[] = { { "range", (const uint8_t *)"meta-a", 6 },
                                              { "roundrobin", (const uint8_t *)"meta-a", 6 } };
static const ck_group_protocol protos_b[] = { { "roundrobin", (const uint8_t *)"meta-b", 6 },
                                              { "range", (const uint8_t *)"meta-b", 6 } };

static void join(fixture *f, const char *group, const char *member, const char *instance,
                 const ck_group_protocol *protos, bool v4, jres *out)
{
    ck_group_join_args a;

    memset(&a, 0, sizeof(a));
    memset(out, 0, sizeof(*out));
    a.group_id = group;
    a.member_id = member;
    a.instance_id = instance;
    a.client_id = "cli";
    a.client_host = "/127.0.0.1";
    a.protocol_type = "consumer";
    a.session_timeout_ms = 1000;
    a.rebalance_timeout_ms = 5000;
    a.protocols = protos;
    a.nprotocols = 2;
    a.require_known_member_id = v4;
    ck_group_join(f->gc, &a, join_cb, out);
}

static void sync_(fixture *f, const char *group, const char *member, int32_t gen,
                  const ck_group_assignment *as, int32_t n, sres *out)
{
    ck_group_sync_args a;

    memset(&a, 0, sizeof(a));
    memset(out, 0, sizeof(*out));
    a.group_id = group;
    a.member_id = member;
    a.generation = gen;
    a.assignments = as;
    a.nassignments = n;
    ck_group_sync(f->gc, &a, sync_cb, out);
}

typedef struct desc_out {
    char    state[32];
    int32_t nmembers;
    int32_t generation;
} desc_out;

static void desc_cb(void *op, const ck_group_desc *d)
{
    desc_out *o = op;

    snprintf(o->state, sizeof(o->state), "%s", d->state);
    o->nmembers = d->nmembers;
    o->generation = d->generation;
}

static desc_out describe(fixture *f, const char *group)
{
    desc_out o;

    memset(&o, 0, sizeof(o));
    ck_group_describe(f->gc, group, desc_cb, &o);
    return o;
}

/* Lets the initial delayed join of a new group finish (it is extended
 * once per batch of new members). */
static void settle(fixture *f)
{
    int i;

    for (i = 0; i < 3; i++) {
        fake_mono += 100;
        ck_gcoord_tick(f->gc);
    }
}

/* Brings "g" to Stable with members A (leader) and B; returns their ids. */
static int32_t stable_pair(fixture *f, char *a_id, char *b_id)
{
    jres ja, jb;
    sres sa, sb;
    ck_group_assignment as[2];

    join(f, "g", "", NULL, protos_a, false, &ja);
    join(f, "g", "", NULL, protos_b, false, &jb);
    assert_int_equal(ja.calls, 0);
    settle(f);
    assert_int_equal(ja.calls, 1);
    assert_int_equal(jb.calls, 1);
    assert_int_equal(ja.error, 0);
    assert_int_equal(ja.generation, jb.generation);
    assert_string_equal(ja.leader, ja.member_id);
    assert_int_equal(ja.nmembers, 2);
    assert_int_equal(jb.nmembers, 0);
    strcpy(a_id, ja.member_id);
    strcpy(b_id, jb.member_id);
    sync_(f, "g", b_id, jb.generation, NULL, 0, &sb);
    assert_int_equal(sb.calls, 0);
    as[0].member_id = a_id;
    as[0].data = (const uint8_t *)"for-a";
    as[0].len = 5;
    as[1].member_id = b_id;
    as[1].data = (const uint8_t *)"for-b";
    as[1].len = 5;
    sync_(f, "g", a_id, ja.generation, as, 2, &sa);
    assert_int_equal(sa.calls, 1);
    assert_int_equal(sb.calls, 1);
    assert_string_equal(sa.assignment, "for-a");
    assert_string_equal(sb.assignment, "for-b");
    assert_string_equal(describe(f, "g").state, "Stable");
    return ja.generation;
}

/* ---- tests ---- */

static void test_member_id_required(void **state)
{
    fixture *f = *state;
    jres j1, j2;
    char id[128];

    join(f, "g1", "", NULL, protos_a, true, &j1);
    assert_int_equal(j1.calls, 1);
    assert_int_equal(j1.error, CHRONIK_ERR_MEMBER_ID_REQUIRED);
    assert_true(strncmp(j1.member_id, "cli-", 4) == 0);
    strcpy(id, j1.member_id);
    /* The rejoin waits for the initial delay of an empty group. */
    join(f, "g1", id, NULL, protos_a, true, &j2);
    assert_int_equal(j2.calls, 0);
    fake_mono += 50;
    ck_gcoord_tick(f->gc);
    assert_int_equal(j2.calls, 0);
    fake_mono += 60;
    ck_gcoord_tick(f->gc);
    assert_int_equal(j2.calls, 1);
    assert_int_equal(j2.error, 0);
    assert_int_equal(j2.generation, 1);
    assert_string_equal(j2.member_id, id);
    assert_string_equal(j2.leader, id);
    assert_string_equal(j2.protocol, "range");
    /* A pending member id that never comes back expires. */
    join(f, "g1", "", NULL, protos_a, true, &j1);
    assert_int_equal(j1.error, CHRONIK_ERR_MEMBER_ID_REQUIRED);
    fake_mono += 2000;
    ck_gcoord_tick(f->gc);
    join(f, "g1", j1.member_id, NULL, protos_a, true, &j2);
    assert_int_equal(j2.calls, 1);
    assert_int_equal(j2.error, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
}

static void test_rebalance_and_rejoin(void **state)
{
    fixture *f = *state;
    char a[128], b[128];
    int32_t gen = stable_pair(f, a, b);
    jres ja, jb;
    sres s;

    /* Heartbeats: good, stale generation, unknown member. */
    assert_int_equal(ck_group_heartbeat(f->gc, "g", a, NULL, gen), 0);
    assert_int_equal(ck_group_heartbeat(f->gc, "g", a, NULL, gen - 1), CHRONIK_ERR_ILLEGAL_GENERATION);
    assert_int_equal(ck_group_heartbeat(f->gc, "g", "nobody", NULL, gen), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_group_heartbeat(f->gc, "nogroup", a, NULL, gen), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_group_heartbeat(f->gc, "", a, NULL, gen), CHRONIK_ERR_INVALID_GROUP_ID);
    /* The selected protocol is the one most members prefer (a tie: the first's). */
    join(f, "g", b, NULL, protos_b, false, &jb);
    assert_int_equal(jb.calls, 1);   /* follower, same metadata, Stable: answered at once */
    assert_int_equal(jb.error, 0);
    assert_int_equal(jb.generation, gen);
    assert_int_equal(jb.nmembers, 0);
    sync_(f, "g", b, gen, NULL, 0, &s);
    assert_int_equal(s.error, 0);
    assert_string_equal(s.assignment, "for-b");
    /* The leader rejoining starts a rebalance. */
    join(f, "g", a, NULL, protos_a, false, &ja);
    assert_int_equal(ja.calls, 0);
    assert_string_equal(describe(f, "g").state, "PreparingRebalance");
    assert_int_equal(ck_group_heartbeat(f->gc, "g", b, NULL, gen), CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    sync_(f, "g", b, gen, NULL, 0, &s);
    assert_int_equal(s.error, CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    join(f, "g", b, NULL, protos_b, false, &jb);
    assert_int_equal(ja.calls, 1);
    assert_int_equal(jb.calls, 1);
    assert_int_equal(ja.generation, gen + 1);
    assert_string_equal(describe(f, "g").state, "CompletingRebalance");
    /* A commit during CompletingRebalance, and a stale sync. */
    {
        ck_group_offset o = OFF("t", 0, 5, "");
        assert_int_equal(ck_group_commit(f->gc, "g", a, NULL, gen + 1, &o, 1), CHRONIK_ERR_REBALANCE_IN_PROGRESS);
        assert_int_equal(o.error, CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    }
    sync_(f, "g", b, gen, NULL, 0, &s);
    assert_int_equal(s.error, CHRONIK_ERR_ILLEGAL_GENERATION);
    /* A different protocol type is refused. */
    {
        ck_group_join_args x;
        jres jx;
        memset(&x, 0, sizeof(x));
        x.group_id = "g";
        x.member_id = "";
        x.protocol_type = "connect";
        x.session_timeout_ms = 1000;
        x.rebalance_timeout_ms = 1000;
        x.protocols = protos_a;
        x.nprotocols = 2;
        memset(&jx, 0, sizeof(jx));
        ck_group_join(f->gc, &x, join_cb, &jx);
        assert_int_equal(jx.error, CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL);
        x.protocol_type = "consumer";
        x.session_timeout_ms = 1;
        ck_group_join(f->gc, &x, join_cb, &jx);
        assert_int_equal(jx.error, CHRONIK_ERR_INVALID_SESSION_TIMEOUT);
    }
}

static void test_session_expiry_and_leave(void **state)
{
    fixture *f = *state;
    char a[128], b[128];
    int32_t gen = stable_pair(f, a, b);
    jres ja;
    ck_group_leave_member lm[2];

    fake_mono += 600;
    assert_int_equal(ck_group_heartbeat(f->gc, "g", a, NULL, gen), 0);
    fake_mono += 600;   /* b silent for 1200 ms > 1000 ms session */
    ck_gcoord_tick(f->gc);
    assert_int_equal(describe(f, "g").nmembers, 1);
    assert_int_equal(ck_group_heartbeat(f->gc, "g", a, NULL, gen), CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    assert_int_equal(ck_group_heartbeat(f->gc, "g", b, NULL, gen), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    join(f, "g", a, NULL, protos_a, false, &ja);
    assert_int_equal(ja.calls, 1);
    assert_int_equal(ja.generation, gen + 1);
    assert_int_equal(ja.nmembers, 1);
    /* LeaveGroup: an unknown member, then the last member. */
    memset(lm, 0, sizeof(lm));
    lm[0].member_id = "ghost";
    lm[1].member_id = a;
    assert_int_equal(ck_group_leave(f->gc, "g", lm, 2), 0);
    assert_int_equal(lm[0].error, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(lm[1].error, 0);
    assert_string_equal(describe(f, "g").state, "Empty");
    assert_int_equal(describe(f, "g").generation, gen + 2);
    /* A member that never rejoins within the rebalance timeout is dropped. */
    gen = stable_pair(f, a, b);
    join(f, "g", a, NULL, protos_a, false, &ja);
    assert_int_equal(ja.calls, 0);
    fake_mono += 900;
    assert_int_equal(ck_group_heartbeat(f->gc, "g", b, NULL, gen), CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    fake_mono += 4200;
    ck_gcoord_tick(f->gc);
    assert_int_equal(ja.calls, 1);
    assert_int_equal(ja.nmembers, 1);
}

static void test_static_membership(void **state)
{
    fixture *f = *state;
    jres js, jd, js2, jx;
    sres ss, sd;
    ck_group_assignment as[2];
    char s_id[128], d_id[128];
    ck_group_leave_member lm;
    int32_t gen;

    join(f, "gs", "", "inst-1", protos_a, true, &js);
    join(f, "gs", "", NULL, protos_a, true, &jd);
    assert_int_equal(jd.error, CHRONIK_ERR_MEMBER_ID_REQUIRED);
    strcpy(d_id, jd.member_id);
    join(f, "gs", d_id, NULL, protos_a, true, &jd);
    settle(f);
    assert_int_equal(js.calls, 1);
    assert_int_equal(jd.calls, 1);
    assert_true(strncmp(js.member_id, "inst-1-", 7) == 0);
    strcpy(s_id, js.member_id);
    gen = js.generation;
    as[0].member_id = s_id;
    as[0].data = (const uint8_t *)"S";
    as[0].len = 1;
    as[1].member_id = d_id;
    as[1].data = (const uint8_t *)"D";
    as[1].len = 1;
    sync_(f, "gs", d_id, gen, NULL, 0, &sd);
    sync_(f, "gs", js.leader, gen, as, 2, &ss);
    assert_int_equal(sd.error, 0);
    assert_int_equal(ss.error, 0);
    /* The static member restarts: same instance, unknown member id, same
     * protocols → a new member id, the same generation, no rebalance. */
    join(f, "gs", "", "inst-1", protos_a, true, &js2);
    assert_int_equal(js2.calls, 1);
    assert_int_equal(js2.error, 0);
    assert_int_equal(js2.generation, gen);
    assert_string_not_equal(js2.member_id, s_id);
    assert_string_equal(describe(f, "gs").state, "Stable");
    assert_int_equal(ck_group_heartbeat(f->gc, "gs", d_id, NULL, gen), 0);
    sync_(f, "gs", js2.member_id, gen, NULL, 0, &ss);
    assert_int_equal(ss.error, 0);
    assert_string_equal(ss.assignment, "S");
    /* The old member id is fenced. */
    assert_int_equal(ck_group_heartbeat(f->gc, "gs", s_id, "inst-1", gen), CHRONIK_ERR_FENCED_INSTANCE_ID);
    join(f, "gs", s_id, "inst-1", protos_a, true, &jx);
    assert_int_equal(jx.error, CHRONIK_ERR_FENCED_INSTANCE_ID);
    {
        ck_group_offset o = OFF("t", 1, 7, "");
        assert_int_equal(ck_group_commit(f->gc, "gs", s_id, "inst-1", gen, &o, 1), CHRONIK_ERR_FENCED_INSTANCE_ID);
        assert_int_equal(ck_group_commit(f->gc, "gs", js2.member_id, "inst-1", gen, &o, 1), 0);
    }
    /* LeaveGroup by instance id (v3+ admin removal). */
    memset(&lm, 0, sizeof(lm));
    lm.member_id = "";
    lm.instance_id = "inst-1";
    assert_int_equal(ck_group_leave(f->gc, "gs", &lm, 1), 0);
    assert_int_equal(lm.error, 0);
    assert_int_equal(describe(f, "gs").nmembers, 1);
    assert_int_equal(ck_group_heartbeat(f->gc, "gs", d_id, NULL, gen), CHRONIK_ERR_REBALANCE_IN_PROGRESS);
}

static void test_sync_before_join_and_max_size(void **state)
{
    fixture *f = *state;
    sres s;
    jres j[4];
    int i;

    sync_(f, "unknown-group", "m", 1, NULL, 0, &s);
    assert_int_equal(s.error, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    join(f, "gm", "", NULL, protos_a, false, &j[0]);
    sync_(f, "gm", "not-a-member", 0, NULL, 0, &s);
    assert_int_equal(s.error, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    sync_(f, "gm", j[0].member_id, 0, NULL, 0, &s);
    assert_int_equal(s.calls, 1);
    /* group.max.size = 3: the fourth joiner is refused. */
    for (i = 1; i < 4; i++)
        join(f, "gm", "", NULL, protos_a, false, &j[i]);
    assert_int_equal(j[3].calls, 1);
    assert_int_equal(j[3].error, CHRONIK_ERR_GROUP_MAX_SIZE_REACHED);
    settle(f);
    assert_int_equal(describe(f, "gm").nmembers, 3);
    for (i = 0; i < 3; i++) {
        assert_int_equal(j[i].calls, 1);
        assert_int_equal(j[i].error, 0);
    }
}

typedef struct fetch_out {
    int     n;
    int64_t offset[8];
    char    metadata[8][32];     /* the bytes, then a NUL */
    int32_t metadata_len[8];     /* -1: null */
} fetch_out;

static void fetch_cb(void *op, const ck_group_committed *c)
{
    fetch_out *o = op;

    if (o->n < 8) {
        o->offset[o->n] = c->offset;
        o->metadata_len[o->n] = c->metadata_len;
        assert_true(c->metadata_len < 32);
        if (c->metadata_len > 0)
            memcpy(o->metadata[o->n], c->metadata, (size_t)c->metadata_len);
        o->n++;
    }
}

static void test_offsets(void **state)
{
    fixture *f = *state;
    ck_group_offset o[3] = {
        OFF("t", 0, 10, "m0"),
        OFF("nosuch", 0, 1, NULL),
        OFF("t", 1, 11, "0123456789abcdefXYZ"),
    };
    ck_group_offset q[2] = { OFF("t", 0, 0, NULL), OFF("t", 3, 0, NULL) };
    fetch_out fo;
    char a[128], b[128];

    /* Simple commits: unknown topic, metadata too large. */
    assert_int_equal(ck_group_commit(f->gc, "simple", "", NULL, -1, o, 3), 0);
    assert_int_equal(o[0].error, 0);
    assert_int_equal(o[1].error, CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(o[2].error, CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE);
    memset(&fo, 0, sizeof(fo));
    assert_int_equal(ck_group_fetch(f->gc, "simple", q, 2, fetch_cb, &fo), 0);
    assert_int_equal(fo.n, 2);
    assert_int_equal(fo.offset[0], 10);
    assert_string_equal(fo.metadata[0], "m0");
    assert_int_equal(fo.offset[1], -1);
    memset(&fo, 0, sizeof(fo));
    assert_int_equal(ck_group_fetch(f->gc, "simple", NULL, 0, fetch_cb, &fo), 0);
    assert_int_equal(fo.n, 1);
    /* A generation on an unknown group is illegal. */
    o[0].error = 0;
    assert_int_equal(ck_group_commit(f->gc, "nogroup", "m", NULL, 3, o, 1), CHRONIK_ERR_ILLEGAL_GENERATION);
    /* Members: a simple commit is refused while the group has members. */
    stable_pair(f, a, b);
    assert_int_equal(ck_group_commit(f->gc, "g", "", NULL, -1, o, 1), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_group_commit(f->gc, "g", a, NULL, 99, o, 1), CHRONIK_ERR_ILLEGAL_GENERATION);
    assert_int_equal(ck_group_commit(f->gc, "g", a, NULL, describe(f, "g").generation, o, 1), 0);
    /* TxnOffsetCommit v3+: the member must be current; no identity at all is accepted. */
    assert_int_equal(ck_group_validate_txn_commit(f->gc, "g", a, NULL, describe(f, "g").generation), 0);
    assert_int_equal(ck_group_validate_txn_commit(f->gc, "g", a, NULL, 99), CHRONIK_ERR_ILLEGAL_GENERATION);
    assert_int_equal(ck_group_validate_txn_commit(f->gc, "g", "ghost", NULL, describe(f, "g").generation),
                     CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    assert_int_equal(ck_group_validate_txn_commit(f->gc, "g", "", NULL, -1), 0);
    assert_int_equal(ck_group_validate_txn_commit(f->gc, "nogroup", "m", NULL, 3), CHRONIK_ERR_ILLEGAL_GENERATION);
    /* OffsetDelete and DeleteGroups. */
    assert_int_equal(ck_group_delete(f->gc, "g"), CHRONIK_ERR_NON_EMPTY_GROUP);
    assert_int_equal(ck_group_delete(f->gc, "never"), CHRONIK_ERR_GROUP_ID_NOT_FOUND);
    assert_int_equal(ck_group_offset_delete(f->gc, "never", q, 1), CHRONIK_ERR_GROUP_ID_NOT_FOUND);
    /* Members' metadata that is no consumer subscription: every topic counts as subscribed. */
    assert_int_equal(ck_group_offset_delete(f->gc, "g", q, 1), 0);
    assert_int_equal(q[0].error, CHRONIK_ERR_GROUP_SUBSCRIBED_TO_TOPIC);
    assert_int_equal(ck_group_offset_delete(f->gc, "simple", q, 1), 0);
    memset(&fo, 0, sizeof(fo));
    ck_group_fetch(f->gc, "simple", q, 1, fetch_cb, &fo);
    assert_int_equal(fo.offset[0], -1);
    o[0].error = 0;
    assert_int_equal(ck_group_commit(f->gc, "simple", "", NULL, -1, o, 1), 0);
    assert_int_equal(ck_group_delete(f->gc, "simple"), 0);
    assert_int_equal(ck_group_delete(f->gc, "simple"), CHRONIK_ERR_GROUP_ID_NOT_FOUND);
    memset(&fo, 0, sizeof(fo));
    ck_group_fetch(f->gc, "simple", NULL, 0, fetch_cb, &fo);
    assert_int_equal(fo.n, 0);
}

/* Metadata is bytes: NUL bytes, null and empty come back exactly, for
 * simple commits and members alike; the limit counts bytes. */
static void test_metadata_bytes(void **state)
{
    fixture *f = *state;
    static const char hello[] = "Hello\0world!";          /* 12 bytes */
    static const char zeros[17] = { 0 };
    ck_group_offset o[4] = {
        { .topic = "t", .partition = 0, .offset = 1, .leader_epoch = -1, .metadata = hello, .metadata_len = 12 },
        { .topic = "t", .partition = 1, .offset = 2, .leader_epoch = -1, .metadata = NULL, .metadata_len = -1 },
        { .topic = "t", .partition = 2, .offset = 3, .leader_epoch = -1, .metadata = "", .metadata_len = 0 },
        { .topic = "t", .partition = 3, .offset = 4, .leader_epoch = -1, .metadata = "metadata", .metadata_len = 9 },
    };
    ck_group_offset big[2] = {
        { .topic = "t", .partition = 0, .offset = 5, .leader_epoch = -1, .metadata = zeros, .metadata_len = 16 },
        { .topic = "t", .partition = 1, .offset = 6, .leader_epoch = -1, .metadata = zeros, .metadata_len = 17 },
    };
    ck_group_offset q[4] = { OFF("t", 0, 0, NULL), OFF("t", 1, 0, NULL), OFF("t", 2, 0, NULL), OFF("t", 3, 0, NULL) };
    const char *groups[2] = { "simple-md", "g" };
    fetch_out fo;
    char a[128], b[128];
    int32_t gen = stable_pair(f, a, b);
    int i;

    for (i = 0; i < 2; i++) {
        const char *mid = i ? a : "";
        int32_t g = i ? gen : -1;
        assert_int_equal(ck_group_commit(f->gc, groups[i], mid, NULL, g, o, 4), 0);
        assert_int_equal(o[0].error + o[1].error + o[2].error + o[3].error, 0);
        memset(&fo, 0, sizeof(fo));
        assert_int_equal(ck_group_fetch(f->gc, groups[i], q, 4, fetch_cb, &fo), 0);
        assert_int_equal(fo.n, 4);
        assert_int_equal(fo.metadata_len[0], 12);
        assert_memory_equal(fo.metadata[0], hello, 12);
        assert_int_equal(fo.metadata_len[1], -1);
        assert_int_equal(fo.metadata_len[2], 0);
        assert_int_equal(fo.metadata_len[3], 9);
        assert_memory_equal(fo.metadata[3], "metadata", 9);
        /* The listing of every offset carries the same bytes. */
        memset(&fo, 0, sizeof(fo));
        assert_int_equal(ck_group_fetch(f->gc, groups[i], NULL, 0, fetch_cb, &fo), 0);
        assert_int_equal(fo.n, 4);
        assert_int_equal(fo.metadata_len[0], 12);
        assert_memory_equal(fo.metadata[0], hello, 12);
        assert_int_equal(fo.metadata_len[1], -1);
        /* offset.metadata.max.bytes is 16 here: 16 NUL bytes fit, 17 do not. */
        assert_int_equal(ck_group_commit(f->gc, groups[i], mid, NULL, g, big, 2), 0);
        assert_int_equal(big[0].error, 0);
        assert_int_equal(big[1].error, CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE);
        memset(&fo, 0, sizeof(fo));
        assert_int_equal(ck_group_fetch(f->gc, groups[i], q, 2, fetch_cb, &fo), 0);
        assert_int_equal(fo.offset[0], 5);
        assert_int_equal(fo.metadata_len[0], 16);
        assert_memory_equal(fo.metadata[0], zeros, 16);
        assert_int_equal(fo.offset[1], 2);            /* the refused commit left the old one */
        assert_int_equal(fo.metadata_len[1], -1);
    }
}

static void test_expiry(void **state)
{
    fixture *f = *state;
    ck_group_offset o = OFF("t", 2, 42, NULL);
    ck_group_listing *l;
    size_t n;

    assert_int_equal(ck_group_commit(f->gc, "old", "", NULL, -1, &o, 1), 0);
    assert_int_equal(ck_gcoord_expire_offsets(f->gc, fake_wall + 30000), 0);
    assert_int_equal(ck_gcoord_expire_offsets(f->gc, fake_wall + 61000), 1);
    ck_group_list(f->gc, &l, &n);
    assert_int_equal(n, 0);
    ck_group_listings_free(l, n);
}

static void test_restart(void **state)
{
    fixture *f = *state;
    ck_group_offset o = OFF("t", 3, 77, "meta");
    static const char nul_md[] = "Hello\0world!";
    ck_group_offset bin = { .topic = "t", .partition = 2, .offset = 78, .leader_epoch = 5,
                            .metadata = nul_md, .metadata_len = 12 };
    fetch_out fo;
    char a[128], b[128];
    ck_group_listing *l;
    size_t n;
    int32_t gen;
    jres j;

    gen = stable_pair(f, a, b);
    assert_int_equal(ck_group_commit(f->gc, "g", a, NULL, gen, &o, 1), 0);
    assert_int_equal(ck_group_commit(f->gc, "g", a, NULL, gen, &bin, 1), 0);
    ck_gcoord_free(f->gc);
    chronik_close(f->eng);
    open_engine(f);
    open_coord(f);
    memset(&fo, 0, sizeof(fo));
    ck_group_fetch(f->gc, "g", &o, 1, fetch_cb, &fo);
    assert_int_equal(fo.offset[0], 77);
    assert_int_equal(fo.metadata_len[0], 4);
    assert_string_equal(fo.metadata[0], "meta");
    memset(&fo, 0, sizeof(fo));
    ck_group_fetch(f->gc, "g", &bin, 1, fetch_cb, &fo);
    assert_int_equal(fo.offset[0], 78);
    assert_int_equal(fo.metadata_len[0], 12);
    assert_memory_equal(fo.metadata[0], nul_md, 12);
    ck_group_list(f->gc, &l, &n);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].group_id, "g");
    assert_string_equal(l[0].protocol_type, "consumer");
    assert_int_equal(l[0].state, CK_GROUP_EMPTY);
    ck_group_listings_free(l, n);
    /* Old members are unknown and rejoin; the generation continues. */
    assert_int_equal(ck_group_heartbeat(f->gc, "g", a, NULL, gen), CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    join(f, "g", a, NULL, protos_a, false, &j);
    assert_int_equal(j.error, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
    join(f, "g", "", NULL, protos_a, false, &j);
    settle(f);
    assert_int_equal(j.error, 0);
    assert_true(j.generation > gen);
}

static void test_public_api(void **state)
{
    fixture *f = *state;
    int64_t off = 0;
    char *names = NULL, *json = NULL;
    size_t count = 0;

    ck_gcoord_free(f->gc);
    f->gc = NULL;
    assert_int_equal(chronik_offset_fetch(f->eng, "pg", "t", 0, &off), 0);
    assert_int_equal(off, -1);
    assert_int_equal(chronik_offset_commit(f->eng, "pg", "t", 0, 123, "hello"), 0);
    assert_int_equal(chronik_offset_commit(f->eng, "pg", "nosuch", 0, 1, NULL), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_offset_commit(f->eng, "pg", "t", 9, 1, NULL), CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    assert_int_equal(chronik_offset_fetch(f->eng, "pg", "t", 0, &off), 0);
    assert_int_equal(off, 123);
    assert_int_equal(chronik_group_list(f->eng, &names, &count), 0);
    assert_int_equal(count, 1);
    assert_string_equal(names, "pg");
    chronik_free(names);
    assert_int_equal(chronik_group_describe(f->eng, "pg", &json), 0);
    assert_non_null(strstr(json, "\"state\":\"Empty\""));
    assert_non_null(strstr(json, "\"offset\":123"));
    assert_non_null(strstr(json, "\"metadata\":\"hello\""));
    chronik_free(json);
    assert_int_equal(chronik_group_delete(f->eng, "pg"), 0);
    assert_int_equal(chronik_group_delete(f->eng, "pg"), CHRONIK_ERR_GROUP_ID_NOT_FOUND);
    assert_int_equal(chronik_offset_commit(NULL, "pg", "t", 0, 1, NULL), CHRONIK_ERR_INVALID_ARG);
    assert_int_equal(chronik_offset_fetch(f->eng, NULL, "t", 0, &off), CHRONIK_ERR_INVALID_ARG);
    /* The length-taking variants: bytes with NULs, null, empty. */
    {
        void *md = (void *)1;
        size_t ml = 99;
        assert_int_equal(chronik_offset_fetch_v2(f->eng, "pg2", "t", 0, &off, &md, &ml), 0);
        assert_int_equal(off, -1);
        assert_null(md);
        assert_int_equal(ml, 0);
        assert_int_equal(chronik_offset_commit_v2(f->eng, "pg2", "t", 0, 5, "Hello\0world!", 12), 0);
        assert_int_equal(chronik_offset_commit_v2(f->eng, "pg2", "t", 1, 6, NULL, 12), 0);
        assert_int_equal(chronik_offset_commit_v2(f->eng, "pg2", "t", 2, 7, "ignored", 0), 0);
        assert_int_equal(chronik_offset_commit(f->eng, "pg2", "t", 3, 8, NULL), 0);
        assert_int_equal(chronik_offset_commit_v2(f->eng, "pg2", "t", 0, 9, "0123456789abcdefX", 17),
                         CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE);
        assert_int_equal(chronik_offset_fetch_v2(f->eng, "pg2", "t", 0, &off, &md, &ml), 0);
        assert_int_equal(off, 5);
        assert_int_equal(ml, 12);
        assert_memory_equal(md, "Hello\0world!", 13);   /* a NUL follows the bytes */
        chronik_free(md);
        assert_int_equal(chronik_offset_fetch_v2(f->eng, "pg2", "t", 1, &off, &md, &ml), 0);
        assert_int_equal(off, 6);
        assert_null(md);
        assert_int_equal(ml, 0);
        assert_int_equal(chronik_offset_fetch_v2(f->eng, "pg2", "t", 2, &off, &md, &ml), 0);
        assert_int_equal(off, 7);
        assert_non_null(md);
        assert_int_equal(ml, 0);
        chronik_free(md);
        /* chronik_offset_commit's NULL metadata is "" (its contract). */
        assert_int_equal(chronik_offset_fetch_v2(f->eng, "pg2", "t", 3, &off, &md, &ml), 0);
        assert_int_equal(off, 8);
        assert_non_null(md);
        assert_int_equal(ml, 0);
        chronik_free(md);
        assert_int_equal(chronik_offset_fetch_v2(f->eng, "pg2", "t", 0, &off, NULL, &ml), CHRONIK_ERR_INVALID_ARG);
        assert_int_equal(chronik_group_describe(f->eng, "pg2", &json), 0);
        assert_non_null(strstr(json, "\"metadata\":\"Hello\\u0000world!\""));
        assert_non_null(strstr(json, "\"metadata\":null"));
        chronik_free(json);
    }
}

static void test_encoding(void **state)
{
    char key[CK_OFFSET_KEY_MAX];
    size_t kl = ck_offset_key(key, "grp", "topic", 258);
    const char *t;
    size_t tl;
    int32_t p;
    static const uint8_t nul_md[] = "a\0b";
    ck_offset_rec r = { 5, 3, 99, (uint8_t *)"md", 2 }, back;
    ck_offset_rec rn = { 6, -1, 100, NULL, -1 };
    ck_offset_rec re = { 7, -1, 101, (uint8_t *)"", 0 };
    ck_offset_rec rb = { 8, -1, 102, (uint8_t *)nul_md, 3 };
    /* A record as the first format version wrote it: offset 9, epoch 4,
     * commit time 1000, metadata "md". */
    static const uint8_t v1[] = { 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0x03, 0xe8,
                                  0, 0, 0, 2, 'm', 'd' };
    uint8_t bad[sizeof(v1)];
    ck_wb wb;

    (void)state;
    assert_int_equal(kl, 3 + 1 + 5 + 1 + 4);
    assert_true(ck_offset_key_split(key, kl, 3, &t, &tl, &p));
    assert_int_equal(tl, 5);
    assert_int_equal(p, 258);
    assert_false(ck_offset_key_split(key, kl - 1, 3, &t, &tl, &p));
    ck_wb_init(&wb, 16);
    ck_offset_rec_encode(&wb, &r);
    assert_int_equal(ck_offset_rec_decode(wb.buf, wb.len, &back), 0);
    assert_int_equal(back.offset, 5);
    assert_int_equal(back.metadata_len, 2);
    assert_string_equal((char *)back.metadata, "md");
    ck_free(back.metadata);
    assert_int_equal(ck_offset_rec_decode(wb.buf, wb.len - 1, &back), CHRONIK_ERR_CORRUPT);
    /* Null, empty and NUL-holding metadata come back apart and whole. */
    ck_wb_reset(&wb);
    ck_offset_rec_encode(&wb, &rn);
    assert_int_equal(ck_offset_rec_decode(wb.buf, wb.len, &back), 0);
    assert_int_equal(back.offset, 6);
    assert_int_equal(back.metadata_len, -1);
    assert_null(back.metadata);
    ck_wb_reset(&wb);
    ck_offset_rec_encode(&wb, &re);
    assert_int_equal(ck_offset_rec_decode(wb.buf, wb.len, &back), 0);
    assert_int_equal(back.metadata_len, 0);
    assert_non_null(back.metadata);
    ck_free(back.metadata);
    ck_wb_reset(&wb);
    ck_offset_rec_encode(&wb, &rb);
    assert_int_equal(ck_offset_rec_decode(wb.buf, wb.len, &back), 0);
    assert_int_equal(back.metadata_len, 3);
    assert_memory_equal(back.metadata, nul_md, 3);
    ck_free(back.metadata);
    /* Records already on disk keep loading. */
    assert_int_equal(ck_offset_rec_decode(v1, sizeof(v1), &back), 0);
    assert_int_equal(back.offset, 9);
    assert_int_equal(back.leader_epoch, 4);
    assert_int_equal(back.commit_ms, 1000);
    assert_int_equal(back.metadata_len, 2);
    assert_memory_equal(back.metadata, "md", 2);
    ck_free(back.metadata);
    /* A metadata length below -1 is corrupt. */
    memcpy(bad, v1, sizeof(v1));
    bad[21] = bad[22] = bad[23] = bad[24] = 0xff;
    bad[24] = 0xfe;
    assert_int_equal(ck_offset_rec_decode(bad, sizeof(bad), &back), CHRONIK_ERR_CORRUPT);
    ck_wb_free(&wb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding),
        cmocka_unit_test_setup_teardown(test_member_id_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rebalance_and_rejoin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_expiry_and_leave, setup, teardown),
        cmocka_unit_test_setup_teardown(test_static_membership, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_before_join_and_max_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offsets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_public_api, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * offsets_topic.c — Kafka's internal topic __consumer_offsets, kept as a
 * readable copy of the committed offsets.
 *
 * Committed offsets live in LMDB (offsets.c): that is the source of truth,
 * read by OffsetFetch and written in one durable transaction per commit.
 * Tools written for Kafka (Burrow, Kafka's own consumer-groups scripts,
 * lag exporters) read offsets by consuming __consumer_offsets instead, so
 * every change of the offsets table is also appended here, in Kafka's own
 * record format:
 *
 *   key   (OffsetCommitKey v1):   i16 1, string group, string topic, i32 partition
 *   value (OffsetCommitValue v3): i16 3, i64 offset, i32 leader epoch,
 *                                 string metadata, i64 commit timestamp
 *
 * (strings are i16 length + bytes), a null value (tombstone) when an offset
 * is deleted (OffsetDelete, DeleteGroups) or expires.  Classic groups also
 * get Kafka's membership record whenever the coordinator stores the group
 * (a rebalance completed with the leader's assignment, or the group became
 * Empty), and its tombstone when the group is deleted:
 *
 *   key   (GroupMetadataKey v2):   i16 2, string group
 *   value (GroupMetadataValue v1): i16 1, string protocol type, i32
 *         generation, nullable string protocol, nullable string leader,
 *         i32 member count, then per member: string member id, client id,
 *         client host, i32 rebalance timeout, i32 session timeout, bytes
 *         subscription, bytes assignment
 *
 * Value v1 (Kafka 0.10.1 to 2.0) rather than v3: it holds everything this
 * coordinator keeps, and every reader decodes it, Burrow 1.2's included.  A group's records go
 * to partition abs(hashCode(group id)) % partitions, with Java's
 * String.hashCode over the id's UTF-16 code units and Kafka's Utils.abs, so
 * a consumer of one partition sees what Kafka's coordinator of that
 * partition would have written.
 *
 * The topic is created as Kafka does: on first use (the first commit, a
 * Metadata request naming it, or an open that finds committed offsets),
 * with offsets.topic.num.partitions partitions and cleanup.policy=compact.
 * It is internal (ck_topic_name_internal): clients may read it, never
 * produce to it or delete it.  Appends do not wait for fsync (the commit is
 * already durable in LMDB); the records become visible at the next flush.
 * A crash may lose the tail of the topic, so at open the topic is
 * reconciled: the latest record of each key is compared with LMDB, and what
 * differs is appended (the LMDB value, or a tombstone for a key LMDB no
 * longer has).  Members are not kept across a restart (they rejoin), so a
 * group's record is then that of an Empty group of its stored generation.
 *
 * Thread: any.  Appends of one group are made under that group's lock, so
 * they reach the topic in commit order.
 */
#include <pthread.h>
#include <stdio.h>

#include "group/group.h"
#include "record/record.h"

#define LOG "group"

#define KEY_VERSION_OFFSET   1   /* OffsetCommitKey v1 (same layout as v0) */
#define VALUE_VERSION_OFFSET 3   /* OffsetCommitValue v3 (not flexible) */
#define KEY_VERSION_GROUP    2   /* GroupMetadataKey */
#define VALUE_VERSION_GROUP  1   /* GroupMetadataValue v1 */

/* The feature's state in an extension slot: present while the group feature
 * runs, so that engines opened without it (unit tests of the coordinator)
 * never get the topic. */
typedef struct otopic_state {
    pthread_mutex_t create_lock;
} otopic_state;

static const ck_ext_key otopic_key = {"offsets_topic"};

/* ====================================================================== */
/* Encoding                                                                */
/* ====================================================================== */

/** @brief Kafka's partition of group in a topic of `partitions` partitions:
 *  Utils.abs(groupId.hashCode()) % partitions.  Any thread. */
int32_t ck_offsets_topic_partition_for(const char *group, int32_t partitions)
{
    const uint8_t *s = (const uint8_t *)group;
    uint32_t h = 0;
    size_t i = 0, n = strlen(group);
    int32_t hs;

    /* Java's String.hashCode over UTF-16 code units of the UTF-8 id;
     * malformed bytes count as U+FFFD, as Java's decoder replaces them. */
    while (i < n) {
        uint32_t cp = 0xFFFD, c = s[i];
        size_t len = 1, k;
        if (c < 0x80) {
            cp = c;
        } else if ((c & 0xE0) == 0xC0 || (c & 0xF0) == 0xE0 || (c & 0xF8) == 0xF0) {
            size_t need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
            uint32_t v = need == 2 ? (c & 0x1F) : need == 3 ? (c & 0x0F) : (c & 0x07);
            for (k = 1; k < need && i + k < n && (s[i + k] & 0xC0) == 0x80; k++)
                v = (v << 6) | (s[i + k] & 0x3F);
            if (k == need && !(need == 2 && v < 0x80) && !(need == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) &&
                !(need == 4 && (v < 0x10000 || v > 0x10FFFF))) {
                cp = v;
                len = need;
            }
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            h = 31 * h + (0xD800 + (cp >> 10));
            h = 31 * h + (0xDC00 + (cp & 0x3FF));
        } else {
            h = 31 * h + cp;
        }
        i += len;
    }
    hs = (int32_t)h;
    hs = hs == INT32_MIN ? 0 : (hs < 0 ? -hs : hs);
    return partitions > 0 ? hs % partitions : 0;
}

static void put_str16(ck_wb *wb, const void *p, size_t len)
{
    if (len > INT16_MAX)
        len = 0;
    ck_wb_i16(wb, (int16_t)len);
    if (len)
        ck_wb_put(wb, p, len);
}

/** @brief Appends the OffsetCommitKey (v1) of group/topic/partition to wb. */
void ck_offsets_topic_key(ck_wb *wb, const char *group, const char *topic, int32_t partition)
{
    ck_wb_i16(wb, KEY_VERSION_OFFSET);
    put_str16(wb, group, strlen(group));
    put_str16(wb, topic, strlen(topic));
    ck_wb_i32(wb, partition);
}

/** @brief Appends the OffsetCommitValue (v3) of r to wb (null metadata and
 *  metadata longer than a Kafka string are written as ""). */
void ck_offsets_topic_value(ck_wb *wb, const ck_offset_rec *r)
{
    ck_wb_i16(wb, VALUE_VERSION_OFFSET);
    ck_wb_i64(wb, r->offset);
    ck_wb_i32(wb, r->leader_epoch);
    put_str16(wb, r->metadata, r->metadata && r->metadata_len > 0 ? (size_t)r->metadata_len : 0);
    ck_wb_i64(wb, r->commit_ms);
}

static void put_nullable16(ck_wb *wb, const char *s)
{
    if (!s)
        ck_wb_i16(wb, -1);
    else
        put_str16(wb, s, strlen(s));
}

static void put_bytes32(ck_wb *wb, const uint8_t *p, int32_t len)
{
    ck_wb_i32(wb, len > 0 ? len : 0);
    if (len > 0)
        ck_wb_put(wb, p, (size_t)len);
}

/** @brief Appends the GroupMetadataKey (v2) of group to wb. */
void ck_offsets_topic_group_key(ck_wb *wb, const char *group)
{
    ck_wb_i16(wb, KEY_VERSION_GROUP);
    put_str16(wb, group, strlen(group));
}

/** @brief Appends the GroupMetadataValue (v1) of g to wb. */
void ck_offsets_topic_group_value(ck_wb *wb, const ck_otopic_group *g)
{
    int32_t i;

    ck_wb_i16(wb, VALUE_VERSION_GROUP);
    put_str16(wb, g->protocol_type ? g->protocol_type : "", g->protocol_type ? strlen(g->protocol_type) : 0);
    ck_wb_i32(wb, g->generation);
    put_nullable16(wb, g->protocol);
    put_nullable16(wb, g->leader);
    ck_wb_i32(wb, g->nmembers);
    for (i = 0; i < g->nmembers; i++) {
        const ck_otopic_member *m = &g->members[i];
        put_str16(wb, m->member_id, strlen(m->member_id));
        put_str16(wb, m->client_id ? m->client_id : "", m->client_id ? strlen(m->client_id) : 0);
        put_str16(wb, m->client_host ? m->client_host : "", m->client_host ? strlen(m->client_host) : 0);
        ck_wb_i32(wb, m->rebalance_timeout_ms);
        ck_wb_i32(wb, m->session_timeout_ms);
        put_bytes32(wb, m->subscription, m->subscription_len);
        put_bytes32(wb, m->assignment, m->assignment_len);
    }
}

/* ====================================================================== */
/* The topic                                                               */
/* ====================================================================== */

/* The topic, kept, creating it when create is set.  NULL when it does not
 * exist (or cannot be created). */
static ck_topic *topic_get(ck_engine *eng, bool create)
{
    otopic_state *st = ck_engine_ext(eng, &otopic_key);
    ck_topic *t = ck_engine_topic_get(eng, CK_OFFSETS_TOPIC, strlen(CK_OFFSETS_TOPIC));
    char nparts[16], err[256] = "";
    const char *configs[] = { "cleanup.policy", "compact", NULL };
    int rc;

    if (t || !create || !st)
        return t;
    pthread_mutex_lock(&st->create_lock);
    t = ck_engine_topic_get(eng, CK_OFFSETS_TOPIC, strlen(CK_OFFSETS_TOPIC));
    if (!t) {
        int64_t n = ck_conf_num(ck_engine_conf(eng), CK_BK_OFFSETS_TOPIC_NUM_PARTITIONS);
        snprintf(nparts, sizeof(nparts), "%lld", (long long)n);
        rc = ck_engine_topic_create(eng, CK_OFFSETS_TOPIC, (int32_t)n, configs, false, err, sizeof(err));
        if (rc != 0 && rc != CHRONIK_ERR_TOPIC_ALREADY_EXISTS)
            CK_WARN(LOG, "cannot create %s: %s", CK_OFFSETS_TOPIC, err);
        else if (rc == 0)
            CK_INFO(LOG, "created %s with %s partitions", CK_OFFSETS_TOPIC, nparts);
        t = ck_engine_topic_get(eng, CK_OFFSETS_TOPIC, strlen(CK_OFFSETS_TOPIC));
    }
    pthread_mutex_unlock(&st->create_lock);
    return t;
}

/** @brief Creates __consumer_offsets if it is missing (the group feature
 *  must be running).  0, or NOT_FOUND when it could not be created.  Any
 *  thread. */
int ck_offsets_topic_ensure(ck_engine *eng)
{
    ck_topic *t = topic_get(eng, true);

    if (!t)
        return CHRONIK_ERR_NOT_FOUND;
    ck_topic_release(t);
    return 0;
}

/* One record to append: encoded key and value (value len -1: tombstone). */
typedef struct okv {
    int32_t  part;
    uint8_t *key;
    int32_t  klen;
    uint8_t *val;
    int32_t  vlen;
    int64_t  ts;
} okv;

/* Appends the records of recs (all for partitions of t) grouped into one
 * batch per partition, without waiting for fsync. */
static void append_records(ck_topic *t, okv *recs, size_t n)
{
    ck_rec_in *in = n ? ck_calloc(n, sizeof(*in)) : NULL;
    bool *done = n ? ck_calloc(n, sizeof(*done)) : NULL;
    ck_wb wb;
    size_t i, j;

    ck_wb_init(&wb, 256);
    for (i = 0; i < n; i++) {
        ck_partition *p = ck_topic_partition(t, recs[i].part);
        ck_batch_opts bo;
        ck_produce_result res;
        size_t m = 0;
        char err[128] = "";

        if (done[i])
            continue;
        for (j = i; j < n; j++) {
            if (done[j] || recs[j].part != recs[i].part)
                continue;
            done[j] = true;
            in[m].key = recs[j].key;
            in[m].key_len = recs[j].klen;
            in[m].value = recs[j].vlen >= 0 ? recs[j].val : NULL;
            in[m].value_len = recs[j].vlen;
            in[m].timestamp = recs[j].ts;
            in[m].headers = NULL;
            in[m].header_count = 0;
            m++;
        }
        if (!p)
            continue;
        ck_batch_opts_init(&bo);
        ck_wb_reset(&wb);
        if (ck_batch_build(&wb, &bo, in, m, err, sizeof(err)) != 0) {
            CK_WARN(LOG, "%s: cannot build a batch: %s", CK_OFFSETS_TOPIC, err);
            continue;
        }
        ck_partition_produce(p, wb.buf, wb.len, CK_PRODUCE_INTERNAL | CK_PRODUCE_TRUSTED | CK_PRODUCE_NOWAIT, &res,
                             NULL, NULL);
        if (res.err)
            CK_WARN(LOG, "%s-%d: append failed: %s", CK_OFFSETS_TOPIC, (int)recs[i].part, res.errmsg);
    }
    ck_wb_free(&wb);
    ck_free(done);
    ck_free(in);
}

static void okv_free(okv *recs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        ck_free(recs[i].key);
        ck_free(recs[i].val);
    }
    ck_free(recs);
}

/* A copy of wb's bytes; *len receives their count. */
static uint8_t *wb_take(ck_wb *wb, int32_t *len)
{
    uint8_t *p = ck_malloc(wb->len ? wb->len : 1);

    memcpy(p, wb->buf, wb->len);
    *len = (int32_t)wb->len;
    return p;
}

/** @brief Appends e[0..n) to __consumer_offsets (creating it on first use):
 *  a commit record for entries with rec, a tombstone for the others.  Call
 *  after the change is committed in LMDB, under the group's lock when there
 *  is one.  Does nothing when the group feature is not running.  Any
 *  thread. */
void ck_offsets_topic_write(ck_engine *eng, const ck_otopic_entry *e, size_t n)
{
    ck_topic *t;
    okv *recs;
    ck_wb wb;
    int32_t nparts;
    int64_t now = ck_now_ms();
    size_t i;

    if (n == 0 || !ck_engine_ext(eng, &otopic_key))
        return;
    t = topic_get(eng, true);
    if (!t)
        return;
    nparts = ck_topic_partition_count(t);
    recs = ck_calloc(n, sizeof(*recs));
    ck_wb_init(&wb, 128);
    for (i = 0; i < n; i++) {
        recs[i].part = ck_offsets_topic_partition_for(e[i].group, nparts);
        ck_wb_reset(&wb);
        ck_offsets_topic_key(&wb, e[i].group, e[i].topic, e[i].partition);
        recs[i].key = wb_take(&wb, &recs[i].klen);
        recs[i].vlen = -1;
        recs[i].ts = now;
        if (e[i].rec) {
            ck_wb_reset(&wb);
            ck_offsets_topic_value(&wb, e[i].rec);
            recs[i].val = wb_take(&wb, &recs[i].vlen);
            recs[i].ts = e[i].rec->commit_ms;
        }
    }
    ck_wb_free(&wb);
    append_records(t, recs, n);
    okv_free(recs, n);
    ck_topic_release(t);
}

/** @brief Appends group's membership record g (NULL: its tombstone), as
 *  ck_offsets_topic_write. */
void ck_offsets_topic_write_group(ck_engine *eng, const char *group, const ck_otopic_group *g)
{
    ck_topic *t;
    okv rec;
    ck_wb wb;

    if (!ck_engine_ext(eng, &otopic_key))
        return;
    t = topic_get(eng, true);
    if (!t)
        return;
    memset(&rec, 0, sizeof(rec));
    rec.part = ck_offsets_topic_partition_for(group, ck_topic_partition_count(t));
    rec.ts = ck_now_ms();
    ck_wb_init(&wb, 256);
    ck_offsets_topic_group_key(&wb, group);
    rec.key = wb_take(&wb, &rec.klen);
    rec.vlen = -1;
    if (g) {
        ck_wb_reset(&wb);
        ck_offsets_topic_group_value(&wb, g);
        rec.val = wb_take(&wb, &rec.vlen);
    }
    ck_wb_free(&wb);
    append_records(t, &rec, 1);
    ck_free(rec.key);
    ck_free(rec.val);
    ck_topic_release(t);
}

/** @brief Appends tombstones for LMDB offset keys (group \0 topic \0
 *  partition, as ck_offset_key builds them); malformed keys are skipped.
 *  As ck_offsets_topic_write. */
void ck_offsets_topic_write_deleted(ck_engine *eng, char *const *keys, const size_t *klens, size_t n)
{
    ck_otopic_entry *e;
    char **topics;
    size_t i, m = 0;

    if (n == 0 || !ck_engine_ext(eng, &otopic_key))
        return;
    e = ck_calloc(n, sizeof(*e));
    topics = ck_calloc(n, sizeof(*topics));
    for (i = 0; i < n; i++) {
        const char *topic;
        size_t tlen, glen = strnlen(keys[i], klens[i]);
        int32_t part;
        if (glen == klens[i] || !ck_offset_key_split(keys[i], klens[i], glen, &topic, &tlen, &part))
            continue;
        topics[m] = ck_strndup(topic, tlen);
        e[m].group = keys[i];   /* NUL-terminated at glen */
        e[m].topic = topics[m];
        e[m].partition = part;
        e[m].rec = NULL;
        m++;
    }
    ck_offsets_topic_write(eng, e, m);
    for (i = 0; i < m; i++)
        ck_free(topics[i]);
    ck_free(topics);
    ck_free(e);
}

/* ====================================================================== */
/* Reconciling with LMDB at open                                           */
/* ====================================================================== */

/* The latest value of one key in the topic. */
typedef struct latest {
    uint8_t *val;       /* NULL: tombstone */
    int32_t  vlen;
    bool     matched;   /* LMDB holds this key with this value */
} latest;

typedef struct sync_ctx {
    ck_map  latest;     /* Kafka key bytes -> latest* */
    int32_t nparts;
    okv    *out;        /* records to append */
    size_t  nout, cap;
    ck_wb   kb, vb;
} sync_ctx;

static void out_add(sync_ctx *sc, int32_t part, const uint8_t *k, int32_t kl, const uint8_t *v, int32_t vl, int64_t ts)
{
    okv *o;

    if (sc->nout == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 64;
        sc->out = ck_realloc(sc->out, sc->cap * sizeof(*sc->out));
    }
    o = &sc->out[sc->nout++];
    o->part = part;
    o->key = ck_malloc((size_t)kl);
    memcpy(o->key, k, (size_t)kl);
    o->klen = kl;
    o->val = NULL;
    o->vlen = vl;
    if (vl >= 0) {
        o->val = ck_malloc(vl ? (size_t)vl : 1);
        memcpy(o->val, v, (size_t)vl);
    }
    o->ts = ts;
}

/* Reads partition p of the topic into sc->latest. */
static int read_partition(sync_ctx *sc, ck_partition *p)
{
    ck_part_offsets o;
    int64_t off;
    ck_wb wb;
    int rc = 0;

    ck_partition_offsets(p, &o);
    off = o.log_start;
    ck_wb_init(&wb, 1 << 16);
    while (off < o.high_watermark) {
        int64_t next = off;
        size_t pos = 0;
        ck_wb_reset(&wb);
        rc = ck_partition_read_copy(p, off, 1 << 20, &wb, &next, &o);
        if (rc != 0 || next <= off)
            break;
        while (pos + CK_LOG_OVERHEAD < wb.len) {
            ck_batch_hdr h;
            ck_rec_iter it;
            ck_rec rec;
            if (ck_batch_hdr_read(wb.buf + pos, wb.len - pos, &h) != 0 || ck_batch_size(&h) > wb.len - pos)
                break;
            if (!ck_batch_is_control(&h) && ck_rec_iter_init(&it, wb.buf + pos, ck_batch_size(&h), 64u << 20) == 0) {
                while (ck_rec_iter_next(&it, &rec) == 1) {
                    latest *l;
                    if (rec.key_len <= 0)
                        continue;
                    l = ck_map_get(&sc->latest, (const char *)rec.key, (size_t)rec.key_len);
                    if (!l) {
                        l = ck_calloc(1, sizeof(*l));
                        ck_map_put(&sc->latest, (const char *)rec.key, (size_t)rec.key_len, l);
                    }
                    ck_free(l->val);
                    l->val = NULL;
                    l->vlen = rec.value_len;
                    if (rec.value_len >= 0) {
                        l->val = ck_malloc(rec.value_len ? (size_t)rec.value_len : 1);
                        memcpy(l->val, rec.value, (size_t)rec.value_len);
                    }
                }
                ck_rec_iter_free(&it);
            }
            pos += ck_batch_size(&h);
        }
        off = next;
    }
    ck_wb_free(&wb);
    return rc;
}

/* One LMDB offset: appended unless the topic's latest record says the same. */
static int sync_offset_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    sync_ctx *sc = opaque;
    const char *kc = k, *topic;
    size_t glen = strnlen(kc, kl), tlen;
    int32_t part;
    ck_offset_rec r;
    char group[CK_GROUP_ID_MAX + 1], tname[256];
    latest *l;

    if (glen == kl || glen > CK_GROUP_ID_MAX || !ck_offset_key_split(k, kl, glen, &topic, &tlen, &part) ||
        tlen >= sizeof(tname) || ck_offset_rec_decode(v, vl, &r) != 0)
        return 0;
    memcpy(group, kc, glen);
    group[glen] = 0;
    memcpy(tname, topic, tlen);
    tname[tlen] = 0;
    ck_wb_reset(&sc->kb);
    ck_offsets_topic_key(&sc->kb, group, tname, part);
    ck_wb_reset(&sc->vb);
    ck_offsets_topic_value(&sc->vb, &r);
    l = ck_map_get(&sc->latest, (const char *)sc->kb.buf, sc->kb.len);
    if (l && l->val && (size_t)l->vlen == sc->vb.len && memcmp(l->val, sc->vb.buf, sc->vb.len) == 0)
        l->matched = true;
    else
        out_add(sc, ck_offsets_topic_partition_for(group, sc->nparts), sc->kb.buf, (int32_t)sc->kb.len, sc->vb.buf,
                (int32_t)sc->vb.len, r.commit_ms);
    if (l)
        l->matched = true;
    ck_free(r.metadata);
    return 0;
}

/* One stored group: its record after a restart is that of an Empty group
 * of its generation. */
static int sync_group_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    sync_ctx *sc = opaque;
    ck_group_rec r;
    ck_otopic_group og;
    char group[CK_GROUP_ID_MAX + 1];
    latest *l;

    if (kl > CK_GROUP_ID_MAX || memchr(k, 0, kl) || ck_group_rec_decode(v, vl, &r) != 0)
        return 0;
    memcpy(group, k, kl);
    group[kl] = 0;
    memset(&og, 0, sizeof(og));
    og.protocol_type = r.protocol_type;
    og.generation = r.generation;
    ck_wb_reset(&sc->kb);
    ck_offsets_topic_group_key(&sc->kb, group);
    ck_wb_reset(&sc->vb);
    ck_offsets_topic_group_value(&sc->vb, &og);
    l = ck_map_get(&sc->latest, (const char *)sc->kb.buf, sc->kb.len);
    if (!(l && l->val && (size_t)l->vlen == sc->vb.len && memcmp(l->val, sc->vb.buf, sc->vb.len) == 0))
        out_add(sc, ck_offsets_topic_partition_for(group, sc->nparts), sc->kb.buf, (int32_t)sc->kb.len, sc->vb.buf,
                (int32_t)sc->vb.len, ck_now_ms());
    if (l)
        l->matched = true;
    ck_free(r.protocol_type);
    return 0;
}

/* The group id of a Kafka key (offset commit or group metadata), into buf. */
static bool key_group(const uint8_t *k, size_t kl, char *buf, size_t bufsz)
{
    ck_rd rd;
    int16_t ver, gl;
    const uint8_t *g;

    ck_rd_init(&rd, k, kl);
    ver = ck_rd_i16(&rd);
    gl = ck_rd_i16(&rd);
    if (rd.err || ver < 0 || ver > 2 || gl < 0 || (size_t)gl >= bufsz)
        return false;
    g = ck_rd_bytes(&rd, (size_t)gl);
    if (rd.err)
        return false;
    memcpy(buf, g, (size_t)gl);
    buf[gl] = 0;
    return true;
}

static int any_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    (void)opaque, (void)k, (void)kl, (void)v, (void)vl;
    return 1;
}

/** @brief Starts the internal topic for eng (group feature start): from
 *  here on commits are appended.  When the topic exists, or LMDB holds
 *  committed offsets, the topic is created if needed and reconciled with
 *  LMDB (see the file comment).  0 or a chronik_err_t.  Engine-open thread,
 *  before the listeners start. */
int ck_offsets_topic_start(ck_engine *eng)
{
    otopic_state *st = ck_calloc(1, sizeof(*st));
    ck_meta *meta = ck_engine_meta(eng);
    sync_ctx sc;
    ck_topic *t;
    bool any = false;
    size_t it = 0, kl;
    const char *k;
    void *v;
    int32_t i;
    int rc = 0;

    pthread_mutex_init(&st->create_lock, NULL);
    if (ck_engine_ext_set(eng, &otopic_key, st) != 0) {
        pthread_mutex_destroy(&st->create_lock);
        ck_free(st);
        return CHRONIK_ERR_BUSY;
    }
    t = topic_get(eng, false);
    if (!t) {
        /* Any committed offset or group at all?  The scans stop at the first. */
        any = ck_meta_scan(meta, CK_META_OFFSETS, NULL, 0, any_cb, NULL) == 1 ||
              ck_meta_scan(meta, CK_META_GROUPS, NULL, 0, any_cb, NULL) == 1;
        if (!any)
            return 0;
        t = topic_get(eng, true);
        if (!t)
            return 0;
    }
    memset(&sc, 0, sizeof(sc));
    ck_map_init(&sc.latest);
    ck_wb_init(&sc.kb, 128);
    ck_wb_init(&sc.vb, 128);
    sc.nparts = ck_topic_partition_count(t);
    for (i = 0; i < sc.nparts && rc == 0; i++) {
        ck_partition *p = ck_topic_partition(t, i);
        if (p)
            rc = read_partition(&sc, p);
    }
    if (rc == 0 && (ck_meta_scan(meta, CK_META_OFFSETS, NULL, 0, sync_offset_cb, &sc) < 0 ||
                    ck_meta_scan(meta, CK_META_GROUPS, NULL, 0, sync_group_cb, &sc) < 0))
        rc = CHRONIK_ERR_KAFKA_STORAGE_ERROR;
    if (rc == 0) {
        /* Keys the topic still holds a value for but LMDB does not. */
        while (ck_map_next(&sc.latest, &it, &k, &kl, &v)) {
            latest *l = v;
            char group[CK_GROUP_ID_MAX + 1];
            if (l->matched || !l->val || !key_group((const uint8_t *)k, kl, group, sizeof(group)))
                continue;
            out_add(&sc, ck_offsets_topic_partition_for(group, sc.nparts), (const uint8_t *)k, (int32_t)kl, NULL, -1,
                    ck_now_ms());
        }
        if (sc.nout)
            CK_INFO(LOG, "%s: %zu records appended to match the committed offsets", CK_OFFSETS_TOPIC, sc.nout);
        append_records(t, sc.out, sc.nout);
    } else {
        CK_WARN(LOG, "%s: cannot reconcile with the committed offsets: %s", CK_OFFSETS_TOPIC,
                chronik_strerror((chronik_err_t)rc));
    }
    it = 0;
    while (ck_map_next(&sc.latest, &it, &k, &kl, &v)) {
        latest *l = v;
        ck_free(l->val);
        ck_free(l);
    }
    ck_map_free(&sc.latest);
    okv_free(sc.out, sc.nout);
    ck_wb_free(&sc.kb);
    ck_wb_free(&sc.vb);
    ck_topic_release(t);
    return 0;
}

/** @brief Stops appending to the internal topic (group feature stop). */
void ck_offsets_topic_stop(ck_engine *eng)
{
    otopic_state *st = ck_engine_ext(eng, &otopic_key);

    if (!st)
        return;
    ck_engine_ext_set(eng, &otopic_key, NULL);
    pthread_mutex_destroy(&st->create_lock);
    ck_free(st);
}

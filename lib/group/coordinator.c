/*
 * coordinator.c — the consumer-group coordinator: Kafka's classic rebalance
 * state machine, static membership, the timers that drive it, and the
 * offset commit/fetch/delete paths over LMDB.
 *
 * Mirrors Kafka's GroupCoordinator: a group moves Empty → PreparingRebalance
 * (members (re)join; the first rebalance of an Empty group waits
 * group.initial.rebalance.delay.ms, extended while new members arrive, up to
 * the rebalance timeout) → CompletingRebalance (every joined member got its
 * JoinGroup answer, the leader with all members' metadata; members that did
 * not rejoin in time were removed) → Stable (the leader's SyncGroup carried
 * the assignment, handed to every member) and back to PreparingRebalance on
 * any membership or metadata change.  Session timeouts remove members that
 * stop heartbeating; members awaiting a JoinGroup or SyncGroup answer need no
 * heartbeat.  A JoinGroup v4+ without a member id gets MEMBER_ID_REQUIRED and
 * a generated id (KIP-394); the member is "pending" until it rejoins with it.
 *
 * Static members (group.instance.id) keep their place: rejoining with an
 * unknown member id replaces the old member id (which is fenced from then on:
 * FENCED_INSTANCE_ID) and, in a Stable group whose selected protocol does not
 * change, answers at once with the current generation and no rebalance.
 *
 * Timers: every group keeps absolute deadlines (monotonic ms) for its join
 * phase, its pending syncs, its pending members and each member's session.
 * ck_gcoord_tick fires those that are due; the timer thread calls it when the
 * earliest deadline comes (operations that set an earlier one wake it) and at
 * least every second, and expires old offsets once a minute.
 *
 * Locking: map_lock guards the registry; a group's own mutex guards the rest
 * of it.  A thread holding a group lock may take map_lock (to unregister a
 * dead group), never the reverse.  Groups are refcounted, so a group removed
 * from the registry stays valid for whoever still holds it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "group/group.h"
#include "protocol/protocol.h"

#define LOG "group"
#define NEVER INT64_MAX
#define NEW_MEMBER_JOIN_TIMEOUT_MS 300000
#define EXPIRY_INTERVAL_MS 60000
#define MAX_WAIT_MS 1000

enum { JOIN_NONE = 0, JOIN_INITIAL, JOIN_DELAYED };

typedef struct gproto {
    char    *name;
    uint8_t *meta;
    int32_t  len;
} gproto;

typedef struct gmember {
    char    *id;
    char    *instance_id;        /* NULL: dynamic */
    char    *client_id;
    char    *client_host;
    char    *protocol_type;
    int32_t  session_ms;
    int32_t  rebalance_ms;
    gproto  *protos;
    int32_t  nprotos;
    uint8_t *assignment;
    int32_t  assignment_len;
    ck_group_join_cb join_cb;    /* set while awaiting a JoinGroup answer */
    void    *join_opaque;
    ck_group_sync_cb sync_cb;    /* set while awaiting a SyncGroup answer */
    void    *sync_opaque;
    bool     is_new;
    bool     pending_sync;
    int64_t  expire_at;          /* session deadline */
} gmember;

typedef struct gpending {
    char   *id;
    int64_t expire_at;
} gpending;

typedef struct ck_group {
    _Atomic int32_t  refs;
    pthread_mutex_t  lock;
    ck_gcoord       *gc;
    char            *id;
    ck_group_state   state;
    int64_t          state_wall_ms;     /* wall time the state was entered; -1 unknown */
    char            *protocol_type;     /* NULL: none */
    char            *protocol_name;     /* NULL: none */
    int32_t          generation;
    char            *leader;            /* owned copy, NULL: none */
    gmember        **m;
    int32_t          nm, cm;
    gpending        *pend;
    int32_t          np, cp;
    int32_t          awaiting_join;
    bool             new_member_added;
    int              join_kind;
    int64_t          join_deadline;
    int32_t          initial_remaining;
    int64_t          sync_deadline;
    char           **topics;            /* subscribed topics (consumer protocol) */
    int32_t          ntopics;
    bool             topics_known;
    bool             removed;           /* unregistered */
} ck_group;

struct ck_gcoord {
    ck_engine       *eng;
    ck_meta         *meta;
    ck_gcoord_opts   opts;
    pthread_mutex_t  map_lock;
    ck_map           groups;            /* id -> ck_group* (one ref) */
    pthread_t        thread;
    bool             thread_started;
    pthread_mutex_t  timer_lock;
    pthread_cond_t   timer_cond;
    bool             stopping;
    _Atomic int64_t  next_due;
    int64_t          last_expiry_mono;
    int32_t          initial_delay_ms;
    int32_t          min_session_ms;
    int32_t          max_session_ms;
    int32_t          max_size;
    int32_t          md_max;
    int64_t          retention_ms;
};

/* ====================================================================== */
/* Small helpers                                                           */
/* ====================================================================== */

static const char *const state_names[] = {
    "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead",
};

/** @brief Kafka's name of a group state. */
const char *ck_group_state_name(ck_group_state s)
{
    return (unsigned)s < CK_ARRAY_LEN(state_names) ? state_names[s] : "Unknown";
}

static int64_t now_mono(ck_gcoord *gc)
{
    return gc->opts.clock_ms ? gc->opts.clock_ms(gc->opts.clock_opaque) : ck_mono_ms();
}

static int64_t now_wall(ck_gcoord *gc)
{
    return gc->opts.wall_ms ? gc->opts.wall_ms(gc->opts.clock_opaque) : ck_now_ms();
}

static bool streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static char *dup_or_null(const char *s)
{
    return s ? ck_strdup(s) : NULL;
}

/* A copy of len bytes of p plus a NUL (so that an empty copy is never NULL). */
static uint8_t *bytes_dup(const uint8_t *p, int32_t len)
{
    uint8_t *c = ck_malloc((size_t)(len > 0 ? len : 0) + 1);

    if (len > 0)
        memcpy(c, p, (size_t)len);
    c[len > 0 ? len : 0] = 0;
    return c;
}

static void set_str(char **dst, const char *s)
{
    char *n = dup_or_null(s);
    ck_free(*dst);
    *dst = n;
}

/* Group ids: non-NULL, at most CK_GROUP_ID_MAX bytes, non-empty for the
 * membership APIs (Kafka allows "" for offsets, describe and delete). */
static bool valid_gid(const char *gid, bool allow_empty)
{
    size_t n;

    if (!gid)
        return false;
    n = strnlen(gid, CK_GROUP_ID_MAX + 1);
    return n <= CK_GROUP_ID_MAX && (allow_empty || n > 0);
}

/* Wakes the timer thread when deadline is earlier than its planned wake-up. */
static void kick(ck_gcoord *gc, int64_t deadline)
{
    int64_t cur = atomic_load(&gc->next_due);

    if (deadline >= cur || !gc->thread_started)
        return;
    atomic_store(&gc->next_due, deadline);
    pthread_mutex_lock(&gc->timer_lock);
    pthread_cond_signal(&gc->timer_cond);
    pthread_mutex_unlock(&gc->timer_lock);
}

/* "<prefix>-<uuid>" as Kafka builds member ids. */
static char *new_member_id(const char *prefix)
{
    uint8_t u[16];
    char *s;
    size_t pl = strlen(prefix ? prefix : "");

    ck_meta_uuid(u);
    s = ck_malloc(pl + 38);
    snprintf(s, pl + 38,
             "%s-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", prefix ? prefix : "",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    return s;
}

/* ====================================================================== */
/* Groups and members                                                      */
/* ====================================================================== */

static void member_free(gmember *m)
{
    int32_t i;

    if (!m)
        return;
    for (i = 0; i < m->nprotos; i++) {
        ck_free(m->protos[i].name);
        ck_free(m->protos[i].meta);
    }
    ck_free(m->protos);
    ck_free(m->id);
    ck_free(m->instance_id);
    ck_free(m->client_id);
    ck_free(m->client_host);
    ck_free(m->protocol_type);
    ck_free(m->assignment);
    ck_free(m);
}

static void member_set_protocols(gmember *m, const ck_group_protocol *p, int32_t n)
{
    int32_t i;

    for (i = 0; i < m->nprotos; i++) {
        ck_free(m->protos[i].name);
        ck_free(m->protos[i].meta);
    }
    ck_free(m->protos);
    m->protos = n > 0 ? ck_calloc((size_t)n, sizeof(*m->protos)) : NULL;
    m->nprotos = n > 0 ? n : 0;
    for (i = 0; i < m->nprotos; i++) {
        m->protos[i].name = ck_strdup(p[i].name ? p[i].name : "");
        m->protos[i].len = p[i].metadata_len > 0 ? p[i].metadata_len : 0;
        m->protos[i].meta = bytes_dup(p[i].metadata, m->protos[i].len);
    }
}

static bool member_matches(const gmember *m, const ck_group_protocol *p, int32_t n)
{
    int32_t i, len;

    if (m->nprotos != n)
        return false;
    for (i = 0; i < n; i++) {
        len = p[i].metadata_len > 0 ? p[i].metadata_len : 0;
        if (!streq(m->protos[i].name, p[i].name ? p[i].name : "") || m->protos[i].len != len ||
            (len && memcmp(m->protos[i].meta, p[i].metadata, (size_t)len) != 0))
            return false;
    }
    return true;
}

static const gproto *member_proto(const gmember *m, const char *name)
{
    int32_t i;

    for (i = 0; name && i < m->nprotos; i++)
        if (strcmp(m->protos[i].name, name) == 0)
            return &m->protos[i];
    return NULL;
}

static gmember *member_find(ck_group *g, const char *id)
{
    int32_t i;

    for (i = 0; id && i < g->nm; i++)
        if (strcmp(g->m[i]->id, id) == 0)
            return g->m[i];
    return NULL;
}

/* The member id currently mapped to a static instance id, or NULL. */
static const char *static_member_id(ck_group *g, const char *instance)
{
    int32_t i;

    for (i = 0; instance && i < g->nm; i++)
        if (g->m[i]->instance_id && strcmp(g->m[i]->instance_id, instance) == 0)
            return g->m[i]->id;
    return NULL;
}

static int32_t pending_index(ck_group *g, const char *id)
{
    int32_t i;

    for (i = 0; id && i < g->np; i++)
        if (strcmp(g->pend[i].id, id) == 0)
            return i;
    return -1;
}

static void pending_remove_at(ck_group *g, int32_t i)
{
    ck_free(g->pend[i].id);
    memmove(&g->pend[i], &g->pend[i + 1], sizeof(*g->pend) * (size_t)(g->np - i - 1));
    g->np--;
}

static void set_state(ck_group *g, ck_group_state s)
{
    g->state = s;
    g->state_wall_ms = now_wall(g->gc);
}

static void topics_clear(ck_group *g)
{
    int32_t i;

    for (i = 0; i < g->ntopics; i++)
        ck_free(g->topics[i]);
    ck_free(g->topics);
    g->topics = NULL;
    g->ntopics = 0;
    g->topics_known = false;
}

static ck_group *group_new(ck_gcoord *gc, const char *id)
{
    ck_group *g = ck_calloc(1, sizeof(*g));

    atomic_init(&g->refs, 1);
    pthread_mutex_init(&g->lock, NULL);
    g->gc = gc;
    g->id = ck_strdup(id);
    g->state = CK_GROUP_EMPTY;
    g->state_wall_ms = -1;
    g->join_deadline = NEVER;
    g->sync_deadline = NEVER;
    return g;
}

static void group_release(ck_group *g)
{
    int32_t i;

    if (!g || atomic_fetch_sub(&g->refs, 1) != 1)
        return;
    for (i = 0; i < g->nm; i++)
        member_free(g->m[i]);
    ck_free(g->m);
    for (i = 0; i < g->np; i++)
        ck_free(g->pend[i].id);
    ck_free(g->pend);
    topics_clear(g);
    ck_free(g->protocol_type);
    ck_free(g->protocol_name);
    ck_free(g->leader);
    ck_free(g->id);
    pthread_mutex_destroy(&g->lock);
    ck_free(g);
}

/* The group id, kept; created Empty when create is set.  NULL if absent. */
static ck_group *group_get(ck_gcoord *gc, const char *id, bool create)
{
    ck_group *g;

    pthread_mutex_lock(&gc->map_lock);
    g = ck_map_get(&gc->groups, id, strlen(id));
    if (!g && create) {
        g = group_new(gc, id);
        g->state_wall_ms = now_wall(gc);
        ck_map_put(&gc->groups, id, strlen(id), g);
    }
    if (g)
        atomic_fetch_add(&g->refs, 1);
    pthread_mutex_unlock(&gc->map_lock);
    return g;
}

/* Unregisters a dead group.  Group lock held. */
static void group_unregister(ck_group *g)
{
    ck_gcoord *gc = g->gc;
    ck_group *cur;

    if (g->removed)
        return;
    g->removed = true;
    pthread_mutex_lock(&gc->map_lock);
    cur = ck_map_get(&gc->groups, g->id, strlen(g->id));
    if (cur == g)
        ck_map_del(&gc->groups, g->id, strlen(g->id));
    pthread_mutex_unlock(&gc->map_lock);
    if (cur == g)
        atomic_fetch_sub(&g->refs, 1);   /* the registry's; the caller still holds one */
}

/* Writes the group's membership record to the internal topic (Kafka's
 * storeGroup): members with their selected protocol's metadata and
 * assignments when Stable, none when Empty.  Group lock held. */
static void group_write_topic(ck_group *g)
{
    ck_otopic_member *ms = NULL;
    ck_otopic_group og;
    int32_t i;

    if (g->state != CK_GROUP_STABLE && g->state != CK_GROUP_EMPTY)
        return;
    memset(&og, 0, sizeof(og));
    og.protocol_type = g->protocol_type;
    og.generation = g->generation;
    if (g->state == CK_GROUP_STABLE && g->nm > 0) {
        og.protocol = g->protocol_name;
        og.leader = g->leader;
        ms = ck_calloc((size_t)g->nm, sizeof(*ms));
        for (i = 0; i < g->nm; i++) {
            const gmember *m = g->m[i];
            const gproto *p = member_proto(m, g->protocol_name);
            ms[i].member_id = m->id;
            ms[i].client_id = m->client_id;
            ms[i].client_host = m->client_host;
            ms[i].rebalance_timeout_ms = m->rebalance_ms;
            ms[i].session_timeout_ms = m->session_ms;
            ms[i].subscription = p ? p->meta : NULL;
            ms[i].subscription_len = p ? p->len : 0;
            ms[i].assignment = m->assignment;
            ms[i].assignment_len = m->assignment_len;
        }
        og.members = ms;
        og.nmembers = g->nm;
    }
    ck_offsets_topic_write_group(g->gc->eng, g->id, &og);
    ck_free(ms);
}

/* Persists the group's protocol type and generation, and writes its
 * membership record to the internal topic.  Group lock held. */
static void group_persist(ck_group *g)
{
    ck_group_rec r;
    ck_wb wb;
    int rc;

    r.protocol_type = g->protocol_type ? g->protocol_type : "";
    r.generation = g->generation;
    r.empty_since_ms = g->state == CK_GROUP_EMPTY ? g->state_wall_ms : -1;
    ck_wb_init(&wb, 64);
    ck_group_rec_encode(&wb, &r);
    rc = ck_meta_put(g->gc->meta, CK_META_GROUPS, g->id, strlen(g->id), wb.buf, wb.len);
    if (rc != 0)
        CK_WARN(LOG, "group %s: cannot persist generation %d: %s", g->id, g->generation, ck_meta_errmsg(g->gc->meta));
    else
        group_write_topic(g);
    ck_wb_free(&wb);
}

/* ====================================================================== */
/* Join / sync answers                                                     */
/* ====================================================================== */

static void join_reply_error(ck_group_join_cb cb, void *op, const char *member_id, int16_t err)
{
    ck_group_join_result r;

    memset(&r, 0, sizeof(r));
    r.error = err;
    r.generation = -1;
    r.leader = "";
    r.member_id = member_id ? member_id : "";
    cb(op, &r);
}

/* Answers cb with the group's current generation for member_id; the member
 * list when with_members. */
static void join_reply(ck_group *g, ck_group_join_cb cb, void *op, const char *member_id, bool with_members,
                       const char *leader, bool skip)
{
    ck_group_join_result r;
    ck_group_join_member *ms = NULL;
    int32_t i, n = 0;

    memset(&r, 0, sizeof(r));
    r.generation = g->generation;
    r.protocol_type = g->protocol_type;
    r.protocol_name = g->protocol_name;
    r.leader = leader ? leader : "";
    r.member_id = member_id;
    r.skip_assignment = skip;
    if (with_members && g->nm > 0) {
        ms = ck_calloc((size_t)g->nm, sizeof(*ms));
        for (i = 0; i < g->nm; i++) {
            const gproto *p = member_proto(g->m[i], g->protocol_name);
            ms[n].member_id = g->m[i]->id;
            ms[n].instance_id = g->m[i]->instance_id;
            ms[n].metadata = p ? p->meta : (const uint8_t *)"";
            ms[n].metadata_len = p ? p->len : 0;
            n++;
        }
    }
    r.members = ms;
    r.nmembers = n;
    cb(op, &r);
    ck_free(ms);
}

/* Takes m's pending join callback (if any) and answers it. */
static void member_join_error(ck_group *g, gmember *m, int16_t err)
{
    ck_group_join_cb cb = m->join_cb;

    if (!cb)
        return;
    m->join_cb = NULL;
    g->awaiting_join--;
    join_reply_error(cb, m->join_opaque, m->id, err);
}

static void member_join_ok(ck_group *g, gmember *m, bool with_members, const char *leader, bool skip)
{
    ck_group_join_cb cb = m->join_cb;

    if (!cb)
        return;
    m->join_cb = NULL;
    g->awaiting_join--;
    join_reply(g, cb, m->join_opaque, m->id, with_members, leader, skip);
}

static void sync_reply(ck_group_sync_cb cb, void *op, int16_t err, const char *ptype, const char *pname,
                       const uint8_t *a, int32_t alen)
{
    ck_group_sync_result r;

    memset(&r, 0, sizeof(r));
    r.error = err;
    r.protocol_type = err ? NULL : ptype;
    r.protocol_name = err ? NULL : pname;
    r.assignment = err || !a ? (const uint8_t *)"" : a;
    r.assignment_len = err || !a ? 0 : alen;
    cb(op, &r);
}

/* Answers m's pending SyncGroup; true if there was one. */
static bool member_sync_reply(ck_group *g, gmember *m, int16_t err)
{
    ck_group_sync_cb cb = m->sync_cb;

    if (!cb)
        return false;
    m->sync_cb = NULL;
    sync_reply(cb, m->sync_opaque, err, g->protocol_type, g->protocol_name, m->assignment, m->assignment_len);
    return true;
}

/* ====================================================================== */
/* The state machine                                                       */
/* ====================================================================== */

static void prepare_rebalance(ck_group *g, const char *reason);
static void on_complete_join(ck_group *g);

static void schedule_heartbeat(ck_group *g, gmember *m, int64_t timeout_ms)
{
    m->expire_at = now_mono(g->gc) + timeout_ms;
    kick(g->gc, m->expire_at);
}

/* Removes a member (answering any pending request with UNKNOWN_MEMBER_ID)
 * without touching the group state. */
static void group_remove_member(ck_group *g, const char *id)
{
    int32_t i, pi;

    for (i = 0; i < g->nm; i++) {
        gmember *m = g->m[i];
        if (strcmp(m->id, id) != 0)
            continue;
        member_join_error(g, m, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
        member_sync_reply(g, m, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
        memmove(&g->m[i], &g->m[i + 1], sizeof(*g->m) * (size_t)(g->nm - i - 1));
        g->nm--;
        if (g->leader && strcmp(g->leader, m->id) == 0)
            set_str(&g->leader, g->nm > 0 ? g->m[0]->id : NULL);
        member_free(m);
        break;
    }
    pi = pending_index(g, id);
    if (pi >= 0)
        pending_remove_at(g, pi);
}

static int32_t group_rebalance_timeout(ck_group *g)
{
    int32_t i, t = 0;

    for (i = 0; i < g->nm; i++)
        t = CK_MAX(t, g->m[i]->rebalance_ms);
    return t;
}

static bool all_joined(ck_group *g)
{
    return g->nm == g->awaiting_join && g->np == 0;
}

static void try_complete_join(ck_group *g)
{
    if (g->state == CK_GROUP_PREPARING_REBALANCE && g->join_kind == JOIN_DELAYED && all_joined(g))
        on_complete_join(g);
}

static bool can_rebalance(ck_group *g)
{
    return g->state == CK_GROUP_STABLE || g->state == CK_GROUP_COMPLETING_REBALANCE || g->state == CK_GROUP_EMPTY;
}

static void maybe_prepare_rebalance(ck_group *g, const char *reason)
{
    if (can_rebalance(g))
        prepare_rebalance(g, reason);
}

static void propagate_assignment(ck_group *g, int16_t err)
{
    int32_t i;

    for (i = 0; i < g->nm; i++) {
        gmember *m = g->m[i];
        if (member_sync_reply(g, m, err))
            schedule_heartbeat(g, m, m->session_ms);
    }
}

static void reset_and_propagate_error(ck_group *g, int16_t err)
{
    int32_t i;

    for (i = 0; i < g->nm; i++) {
        ck_free(g->m[i]->assignment);
        g->m[i]->assignment = NULL;
        g->m[i]->assignment_len = 0;
    }
    propagate_assignment(g, err);
}

static void clear_pending_sync(ck_group *g)
{
    int32_t i;

    for (i = 0; i < g->nm; i++)
        g->m[i]->pending_sync = false;
    g->sync_deadline = NEVER;
}

static void prepare_rebalance(ck_group *g, const char *reason)
{
    ck_gcoord *gc = g->gc;
    int64_t now = now_mono(gc);
    int32_t rt;

    if (g->state == CK_GROUP_COMPLETING_REBALANCE)
        reset_and_propagate_error(g, CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    clear_pending_sync(g);
    rt = group_rebalance_timeout(g);
    if (g->state == CK_GROUP_EMPTY) {
        g->join_kind = JOIN_INITIAL;
        g->join_deadline = now + gc->initial_delay_ms;
        g->initial_remaining = CK_MAX(rt - gc->initial_delay_ms, 0);
    } else {
        g->join_kind = JOIN_DELAYED;
        g->join_deadline = now + rt;
    }
    CK_INFO(LOG, "group %s: preparing to rebalance (generation %d, %d members): %s", g->id, g->generation, g->nm,
            reason);
    set_state(g, CK_GROUP_PREPARING_REBALANCE);
    kick(gc, g->join_deadline);
    try_complete_join(g);
}

/* The protocol every member supports that most members list first. */
static const char *select_protocol(ck_group *g)
{
    const char *best = NULL;
    int32_t i, j, k, best_votes = -1;

    if (g->nm == 0)
        return NULL;
    for (i = 0; i < g->m[0]->nprotos; i++) {
        const char *cand = g->m[0]->protos[i].name;
        int32_t votes = 0;
        bool all = true;
        for (j = 0; j < g->nm && all; j++)
            all = member_proto(g->m[j], cand) != NULL;
        if (!all)
            continue;
        /* Each member votes for the first candidate in its own order. */
        for (j = 0; j < g->nm; j++) {
            for (k = 0; k < g->m[j]->nprotos; k++) {
                const char *p = g->m[j]->protos[k].name;
                bool cand_all = true;
                int32_t x;
                for (x = 0; x < g->nm && cand_all; x++)
                    cand_all = member_proto(g->m[x], p) != NULL;
                if (cand_all) {
                    if (strcmp(p, cand) == 0)
                        votes++;
                    break;
                }
            }
        }
        if (votes > best_votes) {
            best_votes = votes;
            best = cand;
        }
    }
    return best;
}

/* Whether a member with this protocol type and protocols may join. */
static bool supports_protocols(ck_group *g, const char *ptype, const ck_group_protocol *p, int32_t n)
{
    int32_t i, j;

    if (g->state == CK_GROUP_EMPTY)
        return ptype && ptype[0] && n > 0;
    if (!streq(g->protocol_type, ptype))
        return false;
    for (i = 0; i < n; i++) {
        bool all = true;
        for (j = 0; j < g->nm && all; j++)
            all = member_proto(g->m[j], p[i].name ? p[i].name : "") != NULL;
        if (all)
            return true;
    }
    return false;
}

/* The topics the members subscribe to (consumer protocol), if decodable. */
static void compute_topics(ck_group *g)
{
    ck_arena a;
    int32_t i, j, k;
    bool ok = true;

    topics_clear(g);
    if (!streq(g->protocol_type, "consumer") || !g->protocol_name)
        return;
    ck_arena_init(&a);
    for (i = 0; i < g->nm && ok; i++) {
        const gproto *p = member_proto(g->m[i], g->protocol_name);
        ck_ConsumerProtocolSubscription s;
        int16_t ver;
        if (!p || ck_protocol_subscription_decode(p->meta, (size_t)p->len, &a, &ver, &s) != 0) {
            ok = false;
            break;
        }
        for (j = 0; j < s.Topics.n; j++) {
            char *t = ck_strndup(s.Topics.a[j].p ? s.Topics.a[j].p : "", (size_t)CK_MAX(s.Topics.a[j].len, 0));
            bool dup = false;
            for (k = 0; k < g->ntopics && !dup; k++)
                dup = strcmp(g->topics[k], t) == 0;
            if (dup) {
                ck_free(t);
                continue;
            }
            g->topics = ck_realloc(g->topics, sizeof(*g->topics) * (size_t)(g->ntopics + 1));
            g->topics[g->ntopics++] = t;
        }
    }
    ck_arena_free(&a);
    if (!ok)
        topics_clear(g);
    else
        g->topics_known = true;
}

static bool subscribed_to(ck_group *g, const char *topic)
{
    int32_t i;

    if (!g->topics_known)
        return true;
    for (i = 0; i < g->ntopics; i++)
        if (strcmp(g->topics[i], topic) == 0)
            return true;
    return false;
}

static void init_next_generation(ck_group *g)
{
    g->generation++;
    if (g->nm > 0) {
        set_str(&g->protocol_name, select_protocol(g));
        compute_topics(g);
        set_state(g, CK_GROUP_COMPLETING_REBALANCE);
    } else {
        set_str(&g->protocol_name, NULL);
        topics_clear(g);
        set_state(g, CK_GROUP_EMPTY);
    }
}

/* The current leader still awaits its join, or another member that does
 * becomes leader; false if no member rejoined. */
static bool elect_joined_leader(ck_group *g)
{
    gmember *l;
    int32_t i;

    if (!g->leader)
        return false;
    l = member_find(g, g->leader);
    if (l && l->join_cb)
        return true;
    for (i = 0; i < g->nm; i++) {
        if (g->m[i]->join_cb) {
            set_str(&g->leader, g->m[i]->id);
            return true;
        }
    }
    return false;
}

static void on_complete_join(ck_group *g)
{
    ck_gcoord *gc = g->gc;
    int32_t i;
    bool again = true;

    g->join_kind = JOIN_NONE;
    g->join_deadline = NEVER;
    /* Dynamic members that did not rejoin in time are removed. */
    while (again) {
        again = false;
        for (i = 0; i < g->nm; i++) {
            if (!g->m[i]->join_cb && !g->m[i]->instance_id) {
                CK_INFO(LOG, "group %s: member %s did not rejoin in time; removed", g->id, g->m[i]->id);
                group_remove_member(g, g->m[i]->id);
                again = true;
                break;
            }
        }
    }
    if (g->state == CK_GROUP_DEAD)
        return;
    if (!elect_joined_leader(g) && g->nm > 0) {
        CK_WARN(LOG, "group %s: no member rejoined; waiting another rebalance timeout", g->id);
        g->join_kind = JOIN_DELAYED;
        g->join_deadline = now_mono(gc) + group_rebalance_timeout(g);
        kick(gc, g->join_deadline);
        return;
    }
    init_next_generation(g);
    group_persist(g);
    if (g->state == CK_GROUP_EMPTY) {
        CK_INFO(LOG, "group %s: generation %d is empty", g->id, g->generation);
        return;
    }
    CK_INFO(LOG, "group %s: stabilized generation %d (%s/%s) with %d members, leader %s", g->id, g->generation,
            g->protocol_type ? g->protocol_type : "", g->protocol_name ? g->protocol_name : "", g->nm,
            g->leader ? g->leader : "");
    for (i = 0; i < g->nm; i++) {
        gmember *m = g->m[i];
        bool is_leader = g->leader && strcmp(g->leader, m->id) == 0;
        member_join_ok(g, m, is_leader, g->leader, false);
        schedule_heartbeat(g, m, m->session_ms);
        m->is_new = false;
        m->pending_sync = true;
    }
    g->sync_deadline = now_mono(gc) + group_rebalance_timeout(g);
    kick(gc, g->sync_deadline);
}

/* Removes a member and moves the group on (Kafka's removeMemberAndUpdateGroup). */
static void remove_member_and_update(ck_group *g, const char *id, const char *reason)
{
    char *mid = ck_strdup(id);

    group_remove_member(g, mid);
    switch (g->state) {
    case CK_GROUP_STABLE:
    case CK_GROUP_COMPLETING_REBALANCE:
        maybe_prepare_rebalance(g, reason);
        break;
    case CK_GROUP_PREPARING_REBALANCE:
        try_complete_join(g);
        break;
    default:
        break;
    }
    ck_free(mid);
}

/* Fires the join-phase timer when it is due. */
static void join_timer(ck_group *g, int64_t now)
{
    ck_gcoord *gc = g->gc;

    if (g->state != CK_GROUP_PREPARING_REBALANCE || g->join_deadline > now)
        return;
    if (g->join_kind == JOIN_INITIAL && g->new_member_added && g->initial_remaining != 0) {
        int32_t delay = CK_MIN(gc->initial_delay_ms, g->initial_remaining);
        g->new_member_added = false;
        g->initial_remaining = CK_MAX(g->initial_remaining - delay, 0);
        g->join_deadline = now + delay;
        kick(gc, g->join_deadline);
        return;
    }
    on_complete_join(g);
}

/* ====================================================================== */
/* JoinGroup                                                               */
/* ====================================================================== */

static gmember *member_new(const char *id, const ck_group_join_args *a)
{
    gmember *m = ck_calloc(1, sizeof(*m));

    m->id = ck_strdup(id);
    m->instance_id = dup_or_null(a->instance_id);
    m->client_id = ck_strdup(a->client_id ? a->client_id : "");
    m->client_host = ck_strdup(a->client_host ? a->client_host : "");
    m->protocol_type = ck_strdup(a->protocol_type ? a->protocol_type : "");
    m->session_ms = a->session_timeout_ms;
    m->rebalance_ms = a->rebalance_timeout_ms;
    member_set_protocols(m, a->protocols, a->nprotocols);
    m->expire_at = NEVER;
    return m;
}

/* Stores a new join callback on m, answering a superseded one. */
static void member_await_join(ck_group *g, gmember *m, ck_group_join_cb cb, void *op)
{
    if (m->join_cb)
        member_join_error(g, m, CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    m->join_cb = cb;
    m->join_opaque = op;
    g->awaiting_join++;
}

static void update_member(ck_group *g, gmember *m, const ck_group_join_args *a, ck_group_join_cb cb, void *op)
{
    member_set_protocols(m, a->protocols, a->nprotocols);
    m->rebalance_ms = a->rebalance_timeout_ms;
    m->session_ms = a->session_timeout_ms;
    member_await_join(g, m, cb, op);
}

static void add_member_and_rebalance(ck_group *g, const char *id, const ck_group_join_args *a, bool as_static,
                                     ck_group_join_cb cb, void *op)
{
    gmember *m = member_new(id, a);
    int32_t pi;

    if (!as_static) {
        ck_free(m->instance_id);
        m->instance_id = NULL;
    }
    m->is_new = true;
    if (g->state == CK_GROUP_PREPARING_REBALANCE && g->generation == 0)
        g->new_member_added = true;
    if (g->nm == 0)
        set_str(&g->protocol_type, a->protocol_type);
    if (!g->leader)
        g->leader = ck_strdup(id);
    if (g->nm == g->cm) {
        g->cm = g->cm ? g->cm * 2 : 4;
        g->m = ck_realloc(g->m, sizeof(*g->m) * (size_t)g->cm);
    }
    g->m[g->nm++] = m;
    member_await_join(g, m, cb, op);
    pi = pending_index(g, id);
    if (pi >= 0)
        pending_remove_at(g, pi);
    schedule_heartbeat(g, m, NEW_MEMBER_JOIN_TIMEOUT_MS);
    maybe_prepare_rebalance(g, "adding a new member");
}

static void update_static_member_and_rebalance(ck_group *g, const char *old_id, const char *new_id,
                                               const ck_group_join_args *a, ck_group_join_cb cb, void *op)
{
    gmember *m = member_find(g, old_id);
    char *old_leader = dup_or_null(g->leader);
    bool was_leader = g->leader && strcmp(g->leader, old_id) == 0;

    /* Fence whatever the old member id still waits for. */
    member_join_error(g, m, CHRONIK_ERR_FENCED_INSTANCE_ID);
    member_sync_reply(g, m, CHRONIK_ERR_FENCED_INSTANCE_ID);
    CK_INFO(LOG, "group %s: static member %s rejoined; member id %s replaces %s", g->id, a->instance_id, new_id,
            old_id);
    set_str(&m->id, new_id);
    if (was_leader)
        set_str(&g->leader, new_id);
    schedule_heartbeat(g, m, m->session_ms);
    update_member(g, m, a, cb, op);
    switch (g->state) {
    case CK_GROUP_STABLE: {
        const char *sel = select_protocol(g);
        if (sel && streq(sel, g->protocol_name)) {
            bool is_leader = g->leader && strcmp(g->leader, new_id) == 0;
            bool skip = a->support_skip_assignment && is_leader;
            group_persist(g);
            member_join_ok(g, m, skip, a->support_skip_assignment ? g->leader : old_leader, skip);
        } else {
            maybe_prepare_rebalance(g, "a static member rejoined with a different protocol");
        }
        break;
    }
    case CK_GROUP_COMPLETING_REBALANCE:
        maybe_prepare_rebalance(g, "a static member rejoined during CompletingRebalance");
        break;
    default:
        break;
    }
    ck_free(old_leader);
}

static void do_new_member_join(ck_group *g, const ck_group_join_args *a, ck_group_join_cb cb, void *op)
{
    ck_gcoord *gc = g->gc;
    char *id;
    const char *old;

    if (g->state == CK_GROUP_DEAD) {
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
        return;
    }
    if (!supports_protocols(g, a->protocol_type, a->protocols, a->nprotocols)) {
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL);
        return;
    }
    id = new_member_id(a->instance_id ? a->instance_id : a->client_id);
    if (a->instance_id) {
        old = static_member_id(g, a->instance_id);
        if (old)
            update_static_member_and_rebalance(g, old, id, a, cb, op);
        else
            add_member_and_rebalance(g, id, a, true, cb, op);
    } else if (a->require_known_member_id) {
        if (g->np == g->cp) {
            g->cp = g->cp ? g->cp * 2 : 4;
            g->pend = ck_realloc(g->pend, sizeof(*g->pend) * (size_t)g->cp);
        }
        g->pend[g->np].id = ck_strdup(id);
        g->pend[g->np].expire_at = now_mono(gc) + a->session_timeout_ms;
        kick(gc, g->pend[g->np].expire_at);
        g->np++;
        join_reply_error(cb, op, id, CHRONIK_ERR_MEMBER_ID_REQUIRED);
    } else {
        add_member_and_rebalance(g, id, a, false, cb, op);
    }
    ck_free(id);
}

static void do_current_member_join(ck_group *g, const ck_group_join_args *a, ck_group_join_cb cb, void *op)
{
    const char *sid;
    gmember *m;

    if (g->state == CK_GROUP_DEAD) {
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
        return;
    }
    if (!supports_protocols(g, a->protocol_type, a->protocols, a->nprotocols)) {
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL);
        return;
    }
    if (pending_index(g, a->member_id) >= 0) {
        add_member_and_rebalance(g, a->member_id, a, false, cb, op);
        return;
    }
    sid = static_member_id(g, a->instance_id);
    if (a->instance_id && sid && strcmp(sid, a->member_id) != 0) {
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_FENCED_INSTANCE_ID);
        return;
    }
    m = member_find(g, a->member_id);
    if (!m || (a->instance_id && !sid)) {
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
        return;
    }
    switch (g->state) {
    case CK_GROUP_PREPARING_REBALANCE:
        update_member(g, m, a, cb, op);
        maybe_prepare_rebalance(g, "a member rejoined");
        break;
    case CK_GROUP_COMPLETING_REBALANCE:
        if (member_matches(m, a->protocols, a->nprotocols)) {
            bool is_leader = g->leader && strcmp(g->leader, m->id) == 0;
            join_reply(g, cb, op, m->id, is_leader, g->leader, false);
        } else {
            update_member(g, m, a, cb, op);
            maybe_prepare_rebalance(g, "a member changed its metadata during CompletingRebalance");
        }
        break;
    case CK_GROUP_STABLE:
        if (g->leader && strcmp(g->leader, m->id) == 0) {
            update_member(g, m, a, cb, op);
            maybe_prepare_rebalance(g, "the leader rejoined");
        } else if (!member_matches(m, a->protocols, a->nprotocols)) {
            update_member(g, m, a, cb, op);
            maybe_prepare_rebalance(g, "a member changed its metadata");
        } else {
            join_reply(g, cb, op, m->id, false, g->leader, false);
        }
        break;
    default:
        join_reply_error(cb, op, a->member_id, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
        break;
    }
}

static bool accept_joining_member(ck_group *g, const char *member_id)
{
    gmember *m = member_find(g, member_id);

    switch (g->state) {
    case CK_GROUP_EMPTY:
    case CK_GROUP_DEAD:
        return true;
    case CK_GROUP_PREPARING_REBALANCE:
        return (m && m->join_cb) || g->awaiting_join < g->gc->max_size;
    default:
        return m || g->nm < g->gc->max_size;
    }
}

/** @brief Handles a JoinGroup (see group.h). */
void ck_group_join(ck_gcoord *gc, const ck_group_join_args *a, ck_group_join_cb cb, void *opaque)
{
    const char *mid = a->member_id ? a->member_id : "";
    ck_group_join_args args = *a;
    ck_group *g;
    bool unknown = mid[0] == 0;

    args.member_id = mid;
    if (!valid_gid(a->group_id, false)) {
        join_reply_error(cb, opaque, mid, CHRONIK_ERR_INVALID_GROUP_ID);
        return;
    }
    if (a->session_timeout_ms < gc->min_session_ms || a->session_timeout_ms > gc->max_session_ms) {
        join_reply_error(cb, opaque, mid, CHRONIK_ERR_INVALID_SESSION_TIMEOUT);
        return;
    }
    g = group_get(gc, a->group_id, unknown);
    if (!g) {
        join_reply_error(cb, opaque, mid, CHRONIK_ERR_UNKNOWN_MEMBER_ID);
        return;
    }
    pthread_mutex_lock(&g->lock);
    if (!accept_joining_member(g, mid)) {
        if (member_find(g, mid))
            group_remove_member(g, mid);
        join_reply_error(cb, opaque, "", CHRONIK_ERR_GROUP_MAX_SIZE_REACHED);
    } else if (unknown) {
        do_new_member_join(g, &args, cb, opaque);
    } else {
        do_current_member_join(g, &args, cb, opaque);
    }
    if (g->state == CK_GROUP_PREPARING_REBALANCE) {
        try_complete_join(g);
        join_timer(g, now_mono(gc));
    }
    pthread_mutex_unlock(&g->lock);
    group_release(g);
}

/* ====================================================================== */
/* SyncGroup / Heartbeat / LeaveGroup                                      */
/* ====================================================================== */

/* Kafka's validateCurrentMember: a static instance id must map to member_id,
 * and the member must exist. */
static int16_t validate_current_member(ck_group *g, const char *member_id, const char *instance_id)
{
    if (instance_id) {
        const char *sid = static_member_id(g, instance_id);
        if (sid && strcmp(sid, member_id) != 0)
            return CHRONIK_ERR_FENCED_INSTANCE_ID;
        if (!sid)
            return CHRONIK_ERR_UNKNOWN_MEMBER_ID;
    }
    return member_find(g, member_id) ? 0 : CHRONIK_ERR_UNKNOWN_MEMBER_ID;
}

static bool any_pending_sync(ck_group *g)
{
    int32_t i;

    for (i = 0; i < g->nm; i++)
        if (g->m[i]->pending_sync)
            return true;
    return false;
}

/** @brief Handles a SyncGroup (see group.h). */
void ck_group_sync(ck_gcoord *gc, const ck_group_sync_args *a, ck_group_sync_cb cb, void *opaque)
{
    const char *mid = a->member_id ? a->member_id : "";
    ck_group *g;
    gmember *m;
    int16_t err = 0;
    int32_t i, j;

    if (!valid_gid(a->group_id, false)) {
        sync_reply(cb, opaque, CHRONIK_ERR_INVALID_GROUP_ID, NULL, NULL, NULL, 0);
        return;
    }
    g = group_get(gc, a->group_id, false);
    if (!g) {
        sync_reply(cb, opaque, CHRONIK_ERR_UNKNOWN_MEMBER_ID, NULL, NULL, NULL, 0);
        return;
    }
    pthread_mutex_lock(&g->lock);
    if (g->state == CK_GROUP_DEAD)
        err = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
    if (!err)
        err = validate_current_member(g, mid, a->instance_id);
    if (!err && a->generation != g->generation)
        err = CHRONIK_ERR_ILLEGAL_GENERATION;
    if (!err && a->protocol_type && !streq(a->protocol_type, g->protocol_type))
        err = CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL;
    if (!err && a->protocol_name && !streq(a->protocol_name, g->protocol_name))
        err = CHRONIK_ERR_INCONSISTENT_GROUP_PROTOCOL;
    if (!err && g->state == CK_GROUP_EMPTY)
        err = CHRONIK_ERR_UNKNOWN_MEMBER_ID;
    if (!err && g->state == CK_GROUP_PREPARING_REBALANCE)
        err = CHRONIK_ERR_REBALANCE_IN_PROGRESS;
    if (err) {
        sync_reply(cb, opaque, err, NULL, NULL, NULL, 0);
        goto out;
    }
    m = member_find(g, mid);
    if (g->state == CK_GROUP_STABLE) {
        m->pending_sync = false;
        sync_reply(cb, opaque, 0, g->protocol_type, g->protocol_name, m->assignment, m->assignment_len);
        schedule_heartbeat(g, m, m->session_ms);
        goto out;
    }
    /* CompletingRebalance */
    if (m->sync_cb)
        member_sync_reply(g, m, CHRONIK_ERR_REBALANCE_IN_PROGRESS);
    m->sync_cb = cb;
    m->sync_opaque = opaque;
    m->pending_sync = false;
    if (!any_pending_sync(g))
        g->sync_deadline = NEVER;
    if (g->leader && strcmp(g->leader, mid) == 0) {
        for (i = 0; i < g->nm; i++) {
            gmember *x = g->m[i];
            ck_free(x->assignment);
            x->assignment = NULL;
            x->assignment_len = 0;
            for (j = 0; j < a->nassignments; j++) {
                if (a->assignments[j].member_id && strcmp(a->assignments[j].member_id, x->id) == 0) {
                    int32_t len = CK_MAX(a->assignments[j].len, 0);
                    x->assignment = bytes_dup(a->assignments[j].data, len);
                    x->assignment_len = len;
                    break;
                }
            }
        }
        CK_INFO(LOG, "group %s: assignment received from leader %s for generation %d", g->id, mid, g->generation);
        set_state(g, CK_GROUP_STABLE);
        group_persist(g);
        propagate_assignment(g, 0);
    }
out:
    pthread_mutex_unlock(&g->lock);
    group_release(g);
}

/** @brief Handles a Heartbeat (see group.h). */
int16_t ck_group_heartbeat(ck_gcoord *gc, const char *group_id, const char *member_id, const char *instance_id,
                           int32_t generation)
{
    const char *mid = member_id ? member_id : "";
    ck_group *g;
    int16_t err = 0;

    if (!valid_gid(group_id, false))
        return CHRONIK_ERR_INVALID_GROUP_ID;
    g = group_get(gc, group_id, false);
    if (!g)
        return CHRONIK_ERR_UNKNOWN_MEMBER_ID;
    pthread_mutex_lock(&g->lock);
    if (g->state == CK_GROUP_DEAD)
        err = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
    if (!err)
        err = validate_current_member(g, mid, instance_id);
    if (!err && generation != g->generation)
        err = CHRONIK_ERR_ILLEGAL_GENERATION;
    if (!err) {
        gmember *m = member_find(g, mid);
        switch (g->state) {
        case CK_GROUP_EMPTY:
            err = CHRONIK_ERR_UNKNOWN_MEMBER_ID;
            break;
        case CK_GROUP_PREPARING_REBALANCE:
            schedule_heartbeat(g, m, m->session_ms);
            err = CHRONIK_ERR_REBALANCE_IN_PROGRESS;
            break;
        default:
            schedule_heartbeat(g, m, m->session_ms);
            break;
        }
    }
    pthread_mutex_unlock(&g->lock);
    group_release(g);
    return err;
}

/** @brief Handles a LeaveGroup (see group.h). */
int16_t ck_group_leave(ck_gcoord *gc, const char *group_id, ck_group_leave_member *members, size_t n)
{
    ck_group *g;
    int16_t err = 0;
    size_t i;

    if (!valid_gid(group_id, false))
        return CHRONIK_ERR_INVALID_GROUP_ID;
    g = group_get(gc, group_id, false);
    if (!g) {
        for (i = 0; i < n; i++)
            members[i].error = CHRONIK_ERR_UNKNOWN_MEMBER_ID;
        return 0;
    }
    pthread_mutex_lock(&g->lock);
    if (g->state == CK_GROUP_DEAD) {
        err = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
        goto out;
    }
    for (i = 0; i < n; i++) {
        const char *mid = members[i].member_id ? members[i].member_id : "";
        int32_t pi;
        if (mid[0] == 0) {
            const char *sid = static_member_id(g, members[i].instance_id);
            if (sid) {
                remove_member_and_update(g, sid, "a static member left");
                members[i].error = 0;
            } else {
                members[i].error = CHRONIK_ERR_UNKNOWN_MEMBER_ID;
            }
        } else if ((pi = pending_index(g, mid)) >= 0) {
            pending_remove_at(g, pi);
            if (g->state == CK_GROUP_PREPARING_REBALANCE)
                try_complete_join(g);
            members[i].error = 0;
        } else {
            members[i].error = validate_current_member(g, mid, members[i].instance_id);
            if (!members[i].error) {
                CK_INFO(LOG, "group %s: member %s left", g->id, mid);
                remove_member_and_update(g, mid, "a member left the group");
            }
        }
    }
out:
    pthread_mutex_unlock(&g->lock);
    group_release(g);
    return err;
}

/* ====================================================================== */
/* Timers                                                                  */
/* ====================================================================== */

/* Fires the due timers of one group; returns its next deadline. */
static int64_t group_tick(ck_group *g, int64_t now)
{
    int64_t next = NEVER;
    int32_t i;
    bool again = true;

    pthread_mutex_lock(&g->lock);
    while (again) {
        again = false;
        for (i = 0; i < g->np; i++) {
            if (g->pend[i].expire_at <= now) {
                CK_INFO(LOG, "group %s: pending member %s did not rejoin; removed", g->id, g->pend[i].id);
                pending_remove_at(g, i);
                if (g->state == CK_GROUP_PREPARING_REBALANCE)
                    try_complete_join(g);
                again = true;
                break;
            }
        }
    }
    again = true;
    while (again) {
        again = false;
        for (i = 0; i < g->nm; i++) {
            gmember *m = g->m[i];
            if (m->expire_at > now)
                continue;
            if (!m->is_new && (m->join_cb || m->sync_cb)) {
                m->expire_at = NEVER;   /* awaiting an answer: no heartbeat needed */
                continue;
            }
            CK_INFO(LOG, "group %s: member %s session expired; removed", g->id, m->id);
            remove_member_and_update(g, m->id, "a member's session expired");
            again = true;
            break;
        }
    }
    join_timer(g, now);
    if (g->sync_deadline <= now) {
        g->sync_deadline = NEVER;
        if ((g->state == CK_GROUP_COMPLETING_REBALANCE || g->state == CK_GROUP_STABLE) && any_pending_sync(g)) {
            again = true;
            while (again) {
                again = false;
                for (i = 0; i < g->nm; i++) {
                    if (g->m[i]->pending_sync) {
                        CK_INFO(LOG, "group %s: member %s sent no SyncGroup in time; removed", g->id, g->m[i]->id);
                        group_remove_member(g, g->m[i]->id);
                        again = true;
                        break;
                    }
                }
            }
            maybe_prepare_rebalance(g, "members sent no SyncGroup in time");
        }
    }
    for (i = 0; i < g->np; i++)
        next = CK_MIN(next, g->pend[i].expire_at);
    for (i = 0; i < g->nm; i++)
        next = CK_MIN(next, g->m[i]->expire_at);
    if (g->state == CK_GROUP_PREPARING_REBALANCE)
        next = CK_MIN(next, g->join_deadline);
    next = CK_MIN(next, g->sync_deadline);
    pthread_mutex_unlock(&g->lock);
    return next;
}

/* Every registered group, kept (release each with group_release). */
static ck_group **groups_snapshot(ck_gcoord *gc, size_t *n)
{
    ck_group **out;
    size_t it = 0, i = 0;
    const char *k;
    size_t kl;
    void *v;

    pthread_mutex_lock(&gc->map_lock);
    out = ck_malloc(sizeof(*out) * (gc->groups.count + 1));
    while (ck_map_next(&gc->groups, &it, &k, &kl, &v)) {
        ck_group *g = v;
        atomic_fetch_add(&g->refs, 1);
        out[i++] = g;
    }
    pthread_mutex_unlock(&gc->map_lock);
    *n = i;
    return out;
}

/* Fires due timers; returns the earliest next deadline. */
static int64_t tick_all(ck_gcoord *gc)
{
    size_t n, i;
    ck_group **gs = groups_snapshot(gc, &n);
    int64_t next = NEVER, now = now_mono(gc);

    atomic_store(&gc->next_due, NEVER);
    for (i = 0; i < n; i++) {
        next = CK_MIN(next, group_tick(gs[i], now));
        group_release(gs[i]);
    }
    ck_free(gs);
    return next;
}

/** @brief Runs the due timers now. */
void ck_gcoord_tick(ck_gcoord *gc)
{
    tick_all(gc);
}

static void *timer_main(void *arg)
{
    ck_gcoord *gc = arg;

    pthread_mutex_lock(&gc->timer_lock);
    while (!gc->stopping) {
        int64_t next, now, wait_ms;
        struct timespec ts;

        pthread_mutex_unlock(&gc->timer_lock);
        next = tick_all(gc);
        now = now_mono(gc);
        if (now - gc->last_expiry_mono >= EXPIRY_INTERVAL_MS) {
            gc->last_expiry_mono = now;
            ck_gcoord_expire_offsets(gc, now_wall(gc));
        }
        pthread_mutex_lock(&gc->timer_lock);
        next = CK_MIN(next, atomic_load(&gc->next_due));
        atomic_store(&gc->next_due, next);
        wait_ms = next == NEVER ? MAX_WAIT_MS : CK_MIN(CK_MAX(next - now_mono(gc), 0), MAX_WAIT_MS);
        if (wait_ms <= 0 || gc->stopping)
            continue;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += wait_ms / 1000;
        ts.tv_nsec += (wait_ms % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&gc->timer_cond, &gc->timer_lock, &ts);
    }
    pthread_mutex_unlock(&gc->timer_lock);
    return NULL;
}

/* ====================================================================== */
/* Offsets                                                                 */
/* ====================================================================== */

/* Whether topic/partition exists. */
static bool tp_exists(ck_gcoord *gc, const char *topic, int32_t partition)
{
    ck_topic *t;
    bool ok;

    if (!topic)
        return false;
    t = ck_engine_topic_get(gc->eng, topic, strlen(topic));
    if (!t)
        return false;
    ok = partition >= 0 && partition < ck_topic_partition_count(t);
    ck_topic_release(t);
    return ok;
}

/* Kafka's validateOffsetCommit. */
static int16_t validate_offset_commit(ck_group *g, int32_t generation, const char *member_id,
                                      const char *instance_id)
{
    int16_t err;

    if (g->state == CK_GROUP_DEAD)
        return CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
    if (generation >= 0 || member_id[0] || instance_id) {
        err = validate_current_member(g, member_id, instance_id);
        if (err)
            return err;
        return generation != g->generation ? CHRONIK_ERR_ILLEGAL_GENERATION : 0;
    }
    return g->state != CK_GROUP_EMPTY ? CHRONIK_ERR_UNKNOWN_MEMBER_ID : 0;
}

static void set_all(ck_group_offset *offs, size_t n, int16_t err)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!offs[i].error)
            offs[i].error = err;
}

/* Copies the offs entries without an error to the internal topic: their
 * commits (at commit time ts), or tombstones.  Group lock held. */
static void write_topic(ck_gcoord *gc, const char *gid, const ck_group_offset *offs, size_t n, int64_t ts,
                        bool tombstones)
{
    ck_otopic_entry *e = ck_calloc(n, sizeof(*e));
    ck_offset_rec *r = ck_calloc(n, sizeof(*r));
    size_t i, m = 0;

    for (i = 0; i < n; i++) {
        if (offs[i].error)
            continue;
        e[m].group = gid;
        e[m].topic = offs[i].topic;
        e[m].partition = offs[i].partition;
        if (!tombstones) {
            r[m].offset = offs[i].offset;
            r[m].leader_epoch = offs[i].leader_epoch;
            r[m].commit_ms = ts;
            r[m].metadata = (uint8_t *)(uintptr_t)offs[i].metadata;
            r[m].metadata_len = offs[i].metadata_len < 0 ? -1 : offs[i].metadata_len;
            e[m].rec = &r[m];
        }
        m++;
    }
    ck_offsets_topic_write(gc->eng, e, m);
    ck_free(r);
    ck_free(e);
}

/* Stores every offs entry without an error in one LMDB write.  Group lock held. */
static void store_offsets(ck_gcoord *gc, const char *gid, ck_group_offset *offs, size_t n)
{
    ck_meta_batch *b;
    ck_wb wb;
    int64_t ts = now_wall(gc);
    size_t i, stored = 0;
    int rc;

    b = ck_meta_batch_begin(gc->meta);
    if (!b) {
        set_all(offs, n, CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
        return;
    }
    ck_wb_init(&wb, 64);
    for (i = 0; i < n; i++) {
        char key[CK_OFFSET_KEY_MAX];
        size_t kl;
        ck_offset_rec r;
        if (offs[i].error)
            continue;
        r.offset = offs[i].offset;
        r.leader_epoch = offs[i].leader_epoch;
        r.commit_ms = ts;
        r.metadata = (uint8_t *)offs[i].metadata;
        r.metadata_len = offs[i].metadata_len < 0 ? -1 : offs[i].metadata_len;
        ck_wb_reset(&wb);
        ck_offset_rec_encode(&wb, &r);
        kl = ck_offset_key(key, gid, offs[i].topic, offs[i].partition);
        ck_meta_batch_put(b, CK_META_OFFSETS, key, kl, wb.buf, wb.len);
        stored++;
    }
    ck_wb_free(&wb);
    rc = stored ? ck_meta_batch_commit(b) : (ck_meta_batch_abort(b), 0);
    if (rc != 0) {
        CK_WARN(LOG, "group %s: offset commit failed: %s", gid, ck_meta_errmsg(gc->meta));
        set_all(offs, n, CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
    } else if (stored) {
        write_topic(gc, gid, offs, n, ts, false);
    }
}

/** @brief Handles an OffsetCommit (see group.h). */
int16_t ck_group_commit(ck_gcoord *gc, const char *group_id, const char *member_id, const char *instance_id,
                        int32_t generation, ck_group_offset *offs, size_t n)
{
    const char *mid = member_id ? member_id : "";
    ck_group *g;
    int16_t err = 0;
    size_t i, valid = 0;

    for (i = 0; i < n; i++)
        offs[i].error = 0;
    if (!valid_gid(group_id, true)) {
        set_all(offs, n, CHRONIK_ERR_INVALID_GROUP_ID);
        return CHRONIK_ERR_INVALID_GROUP_ID;
    }
    for (i = 0; i < n; i++) {
        if (!tp_exists(gc, offs[i].topic, offs[i].partition))
            offs[i].error = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        else if (offs[i].metadata_len > gc->md_max)
            offs[i].error = CHRONIK_ERR_OFFSET_METADATA_TOO_LARGE;
        else
            valid++;
    }
    if (valid == 0)
        return 0;
    g = group_get(gc, group_id, false);
    if (!g) {
        if (generation >= 0) {
            set_all(offs, n, CHRONIK_ERR_ILLEGAL_GENERATION);
            return CHRONIK_ERR_ILLEGAL_GENERATION;
        }
        g = group_get(gc, group_id, true);
    }
    pthread_mutex_lock(&g->lock);
    err = validate_offset_commit(g, generation, mid, instance_id);
    if (!err) {
        gmember *m = member_find(g, mid);
        switch (g->state) {
        case CK_GROUP_COMPLETING_REBALANCE:
            err = CHRONIK_ERR_REBALANCE_IN_PROGRESS;
            break;
        case CK_GROUP_STABLE:
        case CK_GROUP_PREPARING_REBALANCE:
            if (m)
                schedule_heartbeat(g, m, m->session_ms);
            store_offsets(gc, g->id, offs, n);
            break;
        default:
            store_offsets(gc, g->id, offs, n);
            break;
        }
    }
    if (err)
        set_all(offs, n, err);
    pthread_mutex_unlock(&g->lock);
    group_release(g);
    return err;
}

int16_t ck_group_validate_txn_commit(ck_gcoord *gc, const char *group_id, const char *member_id,
                                     const char *instance_id, int32_t generation)
{
    const char *mid = member_id ? member_id : "";
    ck_group *g;
    int16_t err;

    if (!valid_gid(group_id, true))
        return CHRONIK_ERR_INVALID_GROUP_ID;
    if (generation < 0 && !mid[0] && !instance_id)
        return 0;   /* no group identity given: Kafka accepts it for transactional commits */
    g = group_get(gc, group_id, false);
    if (!g)
        return CHRONIK_ERR_ILLEGAL_GENERATION;
    pthread_mutex_lock(&g->lock);
    err = validate_offset_commit(g, generation, mid, instance_id);
    pthread_mutex_unlock(&g->lock);
    group_release(g);
    return err;
}

typedef struct fetch_scan {
    size_t            glen;
    ck_group_fetch_fn fn;
    void             *opaque;
} fetch_scan;

static int fetch_scan_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    fetch_scan *fs = opaque;
    ck_offset_rec r;
    ck_group_committed c;
    const char *topic;
    size_t tlen;
    int32_t part;
    char *t;

    if (!ck_offset_key_split(k, kl, fs->glen, &topic, &tlen, &part) || ck_offset_rec_decode(v, vl, &r) != 0)
        return 0;
    t = ck_strndup(topic, tlen);
    memset(&c, 0, sizeof(c));
    c.topic = t;
    c.partition = part;
    c.offset = r.offset;
    c.leader_epoch = r.leader_epoch;
    c.metadata = r.metadata;
    c.metadata_len = r.metadata_len;
    c.commit_ms = r.commit_ms;
    fs->fn(fs->opaque, &c);
    ck_free(t);
    ck_free(r.metadata);
    return 0;
}

/** @brief Handles an OffsetFetch (see group.h). */
int16_t ck_group_fetch(ck_gcoord *gc, const char *group_id, const ck_group_offset *tps, size_t n,
                       ck_group_fetch_fn fn, void *opaque)
{
    size_t i;

    if (!valid_gid(group_id, true))
        return CHRONIK_ERR_INVALID_GROUP_ID;
    if (!tps) {
        char prefix[CK_GROUP_ID_MAX + 1];
        fetch_scan fs = { strlen(group_id), fn, opaque };
        memcpy(prefix, group_id, fs.glen + 1);
        return ck_meta_scan(gc->meta, CK_META_OFFSETS, prefix, fs.glen + 1, fetch_scan_cb, &fs) < 0
                   ? CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE
                   : 0;
    }
    for (i = 0; i < n; i++) {
        ck_offset_rec r;
        ck_group_committed c;
        int rc = CHRONIK_ERR_NOT_FOUND;
        memset(&c, 0, sizeof(c));
        c.topic = tps[i].topic ? tps[i].topic : "";
        c.partition = tps[i].partition;
        c.offset = -1;
        c.leader_epoch = -1;
        c.metadata = "";
        c.metadata_len = 0;
        c.commit_ms = -1;
        if (tps[i].topic && strlen(tps[i].topic) < 256)
            rc = ck_offset_get(gc->meta, group_id, tps[i].topic, tps[i].partition, &r);
        if (rc == 0) {
            c.offset = r.offset;
            c.leader_epoch = r.leader_epoch;
            c.metadata = r.metadata;
            c.metadata_len = r.metadata_len;
            c.commit_ms = r.commit_ms;
        } else if (rc != CHRONIK_ERR_NOT_FOUND) {
            c.error = CHRONIK_ERR_UNKNOWN_SERVER_ERROR;
        }
        fn(opaque, &c);
        if (rc == 0)
            ck_free(r.metadata);
    }
    return 0;
}

/** @brief Handles an OffsetDelete (see group.h). */
int16_t ck_group_offset_delete(ck_gcoord *gc, const char *group_id, ck_group_offset *tps, size_t n)
{
    ck_group *g;
    ck_meta_batch *b = NULL;
    int16_t err = 0;
    size_t i;

    if (!valid_gid(group_id, true))
        return CHRONIK_ERR_INVALID_GROUP_ID;
    g = group_get(gc, group_id, false);
    if (!g)
        return CHRONIK_ERR_GROUP_ID_NOT_FOUND;
    pthread_mutex_lock(&g->lock);
    if (g->state == CK_GROUP_DEAD) {
        err = CHRONIK_ERR_GROUP_ID_NOT_FOUND;
        goto out;
    }
    if (g->state != CK_GROUP_EMPTY && !streq(g->protocol_type, "consumer")) {
        err = CHRONIK_ERR_NON_EMPTY_GROUP;
        goto out;
    }
    for (i = 0; i < n; i++) {
        tps[i].error = 0;
        if (!tp_exists(gc, tps[i].topic, tps[i].partition))
            tps[i].error = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        else if (g->state != CK_GROUP_EMPTY && subscribed_to(g, tps[i].topic))
            tps[i].error = CHRONIK_ERR_GROUP_SUBSCRIBED_TO_TOPIC;
    }
    b = ck_meta_batch_begin(gc->meta);
    if (!b) {
        err = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
        goto out;
    }
    for (i = 0; i < n; i++) {
        char key[CK_OFFSET_KEY_MAX];
        if (tps[i].error)
            continue;
        ck_meta_batch_del(b, CK_META_OFFSETS, key, ck_offset_key(key, g->id, tps[i].topic, tps[i].partition));
    }
    if (ck_meta_batch_commit(b) != 0)
        err = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
    else
        write_topic(gc, g->id, tps, n, 0, true);
out:
    pthread_mutex_unlock(&g->lock);
    group_release(g);
    return err;
}

/* ====================================================================== */
/* Describe / list / delete                                                */
/* ====================================================================== */

/** @brief Describes one group (see group.h). */
void ck_group_describe(ck_gcoord *gc, const char *group_id, ck_group_desc_fn fn, void *opaque)
{
    ck_group_desc d;
    ck_group_desc_member *ms = NULL;
    ck_group *g;
    int32_t i;

    memset(&d, 0, sizeof(d));
    d.group_id = group_id ? group_id : "";
    d.state = "Dead";
    d.protocol_type = "";
    d.protocol_data = "";
    d.generation = -1;
    if (!valid_gid(group_id, true)) {
        d.error = CHRONIK_ERR_INVALID_GROUP_ID;
        fn(opaque, &d);
        return;
    }
    g = group_get(gc, group_id, false);
    if (!g) {
        fn(opaque, &d);
        return;
    }
    pthread_mutex_lock(&g->lock);
    d.state = ck_group_state_name(g->state);
    d.protocol_type = g->protocol_type ? g->protocol_type : "";
    d.generation = g->generation;
    if (g->state == CK_GROUP_STABLE)
        d.protocol_data = g->protocol_name ? g->protocol_name : "";
    if (g->nm > 0) {
        ms = ck_calloc((size_t)g->nm, sizeof(*ms));
        for (i = 0; i < g->nm; i++) {
            gmember *m = g->m[i];
            ms[i].member_id = m->id;
            ms[i].instance_id = m->instance_id;
            ms[i].client_id = m->client_id;
            ms[i].client_host = m->client_host;
            ms[i].metadata = (const uint8_t *)"";
            ms[i].assignment = (const uint8_t *)"";
            if (g->state == CK_GROUP_STABLE) {
                const gproto *p = member_proto(m, g->protocol_name);
                if (p) {
                    ms[i].metadata = p->meta;
                    ms[i].metadata_len = p->len;
                }
                if (m->assignment) {
                    ms[i].assignment = m->assignment;
                    ms[i].assignment_len = m->assignment_len;
                }
            }
        }
    }
    d.members = ms;
    d.nmembers = g->nm;
    fn(opaque, &d);
    pthread_mutex_unlock(&g->lock);
    ck_free(ms);
    group_release(g);
}

static int listing_cmp(const void *a, const void *b)
{
    return strcmp(((const ck_group_listing *)a)->group_id, ((const ck_group_listing *)b)->group_id);
}

/** @brief Lists every live group (see group.h). */
void ck_group_list(ck_gcoord *gc, ck_group_listing **out, size_t *n)
{
    size_t cnt, i, k = 0;
    ck_group **gs = groups_snapshot(gc, &cnt);
    ck_group_listing *l = ck_calloc(cnt + 1, sizeof(*l));

    for (i = 0; i < cnt; i++) {
        ck_group *g = gs[i];
        pthread_mutex_lock(&g->lock);
        if (g->state != CK_GROUP_DEAD) {
            l[k].group_id = ck_strdup(g->id);
            l[k].protocol_type = ck_strdup(g->protocol_type ? g->protocol_type : "");
            l[k].state = g->state;
            k++;
        }
        pthread_mutex_unlock(&g->lock);
        group_release(g);
    }
    ck_free(gs);
    qsort(l, k, sizeof(*l), listing_cmp);
    *out = l;
    *n = k;
}

/** @brief Frees a listing from ck_group_list. */
void ck_group_listings_free(ck_group_listing *l, size_t n)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < n; i++) {
        ck_free(l[i].group_id);
        ck_free(l[i].protocol_type);
    }
    ck_free(l);
}

typedef struct key_list {
    char  **keys;
    size_t *klens;
    size_t  n;
} key_list;

static int collect_key_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    key_list *kls = opaque;

    (void)v, (void)vl;
    kls->keys = ck_realloc(kls->keys, sizeof(*kls->keys) * (kls->n + 1));
    kls->klens = ck_realloc(kls->klens, sizeof(*kls->klens) * (kls->n + 1));
    kls->keys[kls->n] = ck_memdup(k, kl);
    kls->klens[kls->n] = kl;
    kls->n++;
    return 0;
}

/* Deletes a group's offsets and record in one write, then writes the
 * offsets' tombstones to the internal topic.  Group lock held. */
static int delete_group_state(ck_gcoord *gc, const char *gid)
{
    ck_meta_batch *b;
    char prefix[CK_GROUP_ID_MAX + 1];
    size_t gl = strlen(gid), i;
    key_list kls = { NULL, NULL, 0 };
    int rc;

    memcpy(prefix, gid, gl + 1);
    if (ck_meta_scan(gc->meta, CK_META_OFFSETS, prefix, gl + 1, collect_key_cb, &kls) < 0)
        kls.n = 0;   /* the deletion below still runs; the topic is reconciled at the next open */
    b = ck_meta_batch_begin(gc->meta);
    if (!b) {
        rc = CHRONIK_ERR_IO;
        goto out;
    }
    ck_meta_batch_del_prefix(b, CK_META_OFFSETS, prefix, gl + 1);
    ck_meta_batch_del(b, CK_META_GROUPS, gid, gl);
    rc = ck_meta_batch_commit(b);
    if (rc == 0) {
        ck_offsets_topic_write_deleted(gc->eng, kls.keys, kls.klens, kls.n);
        ck_offsets_topic_write_group(gc->eng, gid, NULL);
    }
out:
    for (i = 0; i < kls.n; i++)
        ck_free(kls.keys[i]);
    ck_free(kls.keys);
    ck_free(kls.klens);
    return rc;
}

/** @brief Deletes one group (see group.h). */
int16_t ck_group_delete(ck_gcoord *gc, const char *group_id)
{
    ck_group *g;
    int16_t err = 0;

    if (!valid_gid(group_id, true))
        return CHRONIK_ERR_INVALID_GROUP_ID;
    g = group_get(gc, group_id, false);
    if (!g)
        return CHRONIK_ERR_GROUP_ID_NOT_FOUND;
    pthread_mutex_lock(&g->lock);
    switch (g->state) {
    case CK_GROUP_DEAD:
        err = CHRONIK_ERR_GROUP_ID_NOT_FOUND;
        break;
    case CK_GROUP_EMPTY:
        if (delete_group_state(gc, g->id) != 0) {
            err = CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE;
            break;
        }
        set_state(g, CK_GROUP_DEAD);
        group_unregister(g);
        CK_INFO(LOG, "group %s: deleted", g->id);
        break;
    default:
        err = CHRONIK_ERR_NON_EMPTY_GROUP;
        break;
    }
    pthread_mutex_unlock(&g->lock);
    group_release(g);
    return err;
}

/* ====================================================================== */
/* Offset expiry                                                           */
/* ====================================================================== */

typedef struct expiry_scan {
    ck_group *g;
    size_t    glen;
    int64_t   now;
    int64_t   retention;
    char    **keys;
    size_t   *klens;
    size_t    nkeys, left;
} expiry_scan;

static int expiry_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    expiry_scan *es = opaque;
    ck_group *g = es->g;
    ck_offset_rec r;
    const char *topic;
    size_t tlen;
    int32_t part;
    int64_t base;
    bool expire = false;

    if (!ck_offset_key_split(k, kl, es->glen, &topic, &tlen, &part) || ck_offset_rec_decode(v, vl, &r) != 0)
        return 0;
    if (g->state == CK_GROUP_EMPTY) {
        base = g->state_wall_ms >= 0 ? CK_MAX(g->state_wall_ms, r.commit_ms) : r.commit_ms;
        expire = es->now - base >= es->retention;
    } else if (streq(g->protocol_type, "consumer") && g->topics_known) {
        char *t = ck_strndup(topic, tlen);
        expire = !subscribed_to(g, t) && es->now - r.commit_ms >= es->retention;
        ck_free(t);
    }
    ck_free(r.metadata);
    if (expire) {
        es->keys = ck_realloc(es->keys, sizeof(*es->keys) * (es->nkeys + 1));
        es->klens = ck_realloc(es->klens, sizeof(*es->klens) * (es->nkeys + 1));
        es->keys[es->nkeys] = ck_memdup(k, kl);
        es->klens[es->nkeys] = kl;
        es->nkeys++;
    } else {
        es->left++;
    }
    return 0;
}

/** @brief Expires old offsets and drops empty groups without offsets. */
size_t ck_gcoord_expire_offsets(ck_gcoord *gc, int64_t now_ms)
{
    size_t n, i, j, removed = 0;
    ck_group **gs = groups_snapshot(gc, &n);

    for (i = 0; i < n; i++) {
        ck_group *g = gs[i];
        expiry_scan es;
        char prefix[CK_GROUP_ID_MAX + 1];

        memset(&es, 0, sizeof(es));
        es.g = g;
        es.glen = strlen(g->id);
        es.now = now_ms;
        es.retention = gc->retention_ms;
        memcpy(prefix, g->id, es.glen + 1);
        pthread_mutex_lock(&g->lock);
        if (g->state != CK_GROUP_DEAD &&
            ck_meta_scan(gc->meta, CK_META_OFFSETS, prefix, es.glen + 1, expiry_cb, &es) >= 0) {
            if (es.nkeys > 0) {
                ck_meta_batch *b = ck_meta_batch_begin(gc->meta);
                for (j = 0; b && j < es.nkeys; j++)
                    ck_meta_batch_del(b, CK_META_OFFSETS, es.keys[j], es.klens[j]);
                if (b && ck_meta_batch_commit(b) == 0) {
                    ck_offsets_topic_write_deleted(gc->eng, es.keys, es.klens, es.nkeys);
                    removed += es.nkeys;
                    CK_INFO(LOG, "group %s: expired %zu committed offsets", g->id, es.nkeys);
                } else {
                    es.left += es.nkeys;
                }
            }
            if (g->state == CK_GROUP_EMPTY && es.left == 0 && g->nm == 0 && g->np == 0 &&
                delete_group_state(gc, g->id) == 0) {
                set_state(g, CK_GROUP_DEAD);
                group_unregister(g);
            }
        }
        pthread_mutex_unlock(&g->lock);
        for (j = 0; j < es.nkeys; j++)
            ck_free(es.keys[j]);
        ck_free(es.keys);
        ck_free(es.klens);
        group_release(g);
    }
    ck_free(gs);
    return removed;
}

/* ====================================================================== */
/* Lifecycle                                                               */
/* ====================================================================== */

typedef struct load_ctx {
    ck_gcoord *gc;
    char       last[CK_GROUP_ID_MAX + 1];
} load_ctx;

static int load_group_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    load_ctx *lc = opaque;
    ck_group_rec r;
    ck_group *g;
    char id[CK_GROUP_ID_MAX + 1];

    if (kl > CK_GROUP_ID_MAX || memchr(k, 0, kl) || ck_group_rec_decode(v, vl, &r) != 0)
        return 0;
    memcpy(id, k, kl);
    id[kl] = 0;
    g = group_new(lc->gc, id);
    g->generation = r.generation;
    g->state_wall_ms = r.empty_since_ms;
    if (r.protocol_type[0])
        g->protocol_type = ck_strdup(r.protocol_type);
    ck_free(r.protocol_type);
    ck_map_put(&lc->gc->groups, id, kl, g);
    return 0;
}

static int load_offset_cb(void *opaque, const void *k, size_t kl, const void *v, size_t vl)
{
    load_ctx *lc = opaque;
    const char *nul = memchr(k, 0, kl);
    size_t gl;

    if (!nul)
        return 0;
    gl = (size_t)(nul - (const char *)k);
    if (gl > CK_GROUP_ID_MAX || (strlen(lc->last) == gl && memcmp(lc->last, k, gl) == 0))
        return 0;
    memcpy(lc->last, k, gl);
    lc->last[gl] = 0;
    if (!ck_map_get(&lc->gc->groups, lc->last, gl))
        ck_map_put(&lc->gc->groups, lc->last, gl, group_new(lc->gc, lc->last));
    return 0;
}

/** @brief Creates a coordinator (see group.h). */
ck_gcoord *ck_gcoord_new(ck_engine *eng, const ck_gcoord_opts *opts)
{
    ck_gcoord *gc = ck_calloc(1, sizeof(*gc));
    const chronik_conf_t *conf = ck_engine_conf(eng);
    pthread_condattr_t ca;
    load_ctx lc;

    gc->eng = eng;
    gc->meta = ck_engine_meta(eng);
    if (opts)
        gc->opts = *opts;
    pthread_mutex_init(&gc->map_lock, NULL);
    pthread_mutex_init(&gc->timer_lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&gc->timer_cond, &ca);
    pthread_condattr_destroy(&ca);
    ck_map_init(&gc->groups);
    atomic_init(&gc->next_due, NEVER);
    gc->initial_delay_ms = (int32_t)ck_conf_num(conf, CK_BK_GROUP_INITIAL_REBALANCE_DELAY_MS);
    gc->min_session_ms = (int32_t)ck_conf_num(conf, CK_BK_GROUP_MIN_SESSION_TIMEOUT_MS);
    gc->max_session_ms = (int32_t)ck_conf_num(conf, CK_BK_GROUP_MAX_SESSION_TIMEOUT_MS);
    gc->max_size = (int32_t)ck_conf_num(conf, CK_BK_GROUP_MAX_SIZE);
    gc->md_max = (int32_t)ck_conf_num(conf, CK_BK_OFFSET_METADATA_MAX_BYTES);
    gc->retention_ms = ck_conf_num(conf, CK_BK_OFFSETS_RETENTION_MINUTES) * 60000;
    memset(&lc, 0, sizeof(lc));
    lc.gc = gc;
    if (ck_meta_scan(gc->meta, CK_META_GROUPS, NULL, 0, load_group_cb, &lc) < 0 ||
        ck_meta_scan(gc->meta, CK_META_OFFSETS, NULL, 0, load_offset_cb, &lc) < 0)
        CK_WARN(LOG, "cannot load groups: %s", ck_meta_errmsg(gc->meta));
    gc->last_expiry_mono = now_mono(gc);
    if (!gc->opts.no_thread) {
        if (pthread_create(&gc->thread, NULL, timer_main, gc) == 0)
            gc->thread_started = true;
        else
            CK_ERR(LOG, "cannot start the group timer thread: %s", strerror(errno));
    }
    return gc;
}

/** @brief Frees a coordinator (see group.h). */
void ck_gcoord_free(ck_gcoord *gc)
{
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;

    if (!gc)
        return;
    if (gc->thread_started) {
        pthread_mutex_lock(&gc->timer_lock);
        gc->stopping = true;
        pthread_cond_broadcast(&gc->timer_cond);
        pthread_mutex_unlock(&gc->timer_lock);
        pthread_join(gc->thread, NULL);
    }
    while (ck_map_next(&gc->groups, &it, &k, &kl, &v)) {
        ck_group *g = v;
        int32_t i;
        pthread_mutex_lock(&g->lock);
        for (i = 0; i < g->nm; i++) {
            member_join_error(g, g->m[i], CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
            member_sync_reply(g, g->m[i], CHRONIK_ERR_COORDINATOR_NOT_AVAILABLE);
        }
        pthread_mutex_unlock(&g->lock);
        group_release(g);
    }
    ck_map_free(&gc->groups);
    pthread_cond_destroy(&gc->timer_cond);
    pthread_mutex_destroy(&gc->timer_lock);
    pthread_mutex_destroy(&gc->map_lock);
    ck_free(gc);
}

/* ====================================================================== */
/* The group feature: one coordinator per engine, in an extension slot     */
/* ====================================================================== */

static const ck_ext_key group_key = {"group"};
static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;

/** @brief The engine's coordinator, created on first use. */
ck_gcoord *ck_group_coord(ck_engine *eng)
{
    ck_gcoord *gc = ck_engine_ext(eng, &group_key);

    if (gc)
        return gc;
    pthread_mutex_lock(&create_lock);
    gc = ck_engine_ext(eng, &group_key);
    if (!gc) {
        gc = ck_gcoord_new(eng, NULL);
        if (ck_engine_ext_set(eng, &group_key, gc) != 0)
            CK_ERR("group", "cannot register the group coordinator");
    }
    pthread_mutex_unlock(&create_lock);
    return gc;
}

/** @brief Frees the engine's coordinator, if any. */
void ck_group_shutdown(ck_engine *eng)
{
    ck_gcoord *gc;

    pthread_mutex_lock(&create_lock);
    gc = ck_engine_ext(eng, &group_key);
    ck_engine_ext_set(eng, &group_key, NULL);
    pthread_mutex_unlock(&create_lock);
    ck_gcoord_free(gc);
}

static int group_feature_start(ck_engine *eng, char *err, size_t errlen)
{
    int rc;

    if (!ck_group_coord(eng)) {
        ck_errf(err, errlen, "cannot start the group coordinator");
        return CHRONIK_ERR_IO;
    }
    rc = ck_offsets_topic_start(eng);
    if (rc) {
        ck_errf(err, errlen, "cannot start %s", CK_OFFSETS_TOPIC);
        return rc;
    }
    rc = ck_cgroups_start(eng);
    if (rc)
        ck_errf(err, errlen, "cannot start the consumer-group coordinator");
    return rc;
}

static void group_feature_stop(ck_engine *eng)
{
    ck_cgroups_stop(eng);
    ck_group_shutdown(eng);
    ck_offsets_topic_stop(eng);
}

static void group_feature_topic_event(ck_engine *eng, const char *topic, ck_topic_event ev)
{
    (void)topic;
    if (ev != CK_TOPIC_CONFIG_CHANGED)
        ck_cgroups_topics_changed(ck_cgroups_of(eng));
}

const ck_feature ck_group_feature = {
    .name = "group",
    .start = group_feature_start,
    .stop = group_feature_stop,
    .topic_event = group_feature_topic_event,
};

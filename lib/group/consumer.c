/*
 * consumer.c — consumer groups of the new rebalance protocol (KIP-848):
 * ConsumerGroupHeartbeat and ConsumerGroupDescribe.  The coordinator owns
 * the assignment: members only heartbeat with their subscription (topic
 * names or a regular expression) and the partitions they own, and the
 * coordinator answers with their epoch and the partitions they may use.
 *
 * Per group: a group epoch, bumped whenever membership, a subscription or the
 * metadata of a subscribed topic changes; a target assignment computed by a
 * server-side assignor (uniform or range) for that epoch; and per member
 * what it was given and what it must still give up.  A member moves to a new
 * epoch only once it has revoked what its target takes away, and receives a
 * partition only once no other member holds it (Kafka's
 * CurrentAssignmentBuilder), so no partition ever has two owners.
 *
 * Regular-expression subscriptions are evaluated here against the topic
 * list with PCRE2 (Kafka accepts RE2/J syntax; PCRE2 covers that subset).
 * Topic creation, deletion and partition growth re-resolve subscriptions at
 * the next heartbeat of each group (ck_cgroups_topics_changed).
 *
 * Members live in memory: after a restart they are unknown, answer
 * UNKNOWN_MEMBER_ID and rejoin with epoch 0.  Committed offsets are shared
 * with the classic protocol (offsets.c), checked against member epochs by
 * ck_cgroup_validate_commit.
 *
 * Threads and locks: one mutex guards every consumer group of the engine;
 * calls run with it held and never block on I/O.  A timer thread removes
 * members whose session or rebalance timeout expired.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "group/group.h"

#define CG_EPOCH_LEAVE        (-1)
#define CG_EPOCH_LEAVE_STATIC (-2)

/* ====================================================================== */
/* Partition sets                                                          */
/* ====================================================================== */

typedef struct cg_tp {
    uint8_t id[16];
    int32_t part;
} cg_tp;

typedef struct cg_tpset {
    cg_tp  *a;
    int32_t n, cap;
} cg_tpset;

static int tp_cmp(const void *x, const void *y)
{
    const cg_tp *a = x, *b = y;
    int c = memcmp(a->id, b->id, 16);

    if (c)
        return c;
    return a->part < b->part ? -1 : a->part > b->part;
}

static void set_free(cg_tpset *s)
{
    ck_free(s->a);
    memset(s, 0, sizeof(*s));
}

static void set_add(cg_tpset *s, const uint8_t id[16], int32_t part)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->a = ck_realloc(s->a, sizeof(*s->a) * (size_t)s->cap);
    }
    memcpy(s->a[s->n].id, id, 16);
    s->a[s->n].part = part;
    s->n++;
}

/* Sorts and drops duplicates. */
static void set_norm(cg_tpset *s)
{
    int32_t i, w = 0;

    if (s->n > 1)
        qsort(s->a, (size_t)s->n, sizeof(*s->a), tp_cmp);
    for (i = 0; i < s->n; i++)
        if (w == 0 || tp_cmp(&s->a[w - 1], &s->a[i]) != 0)
            s->a[w++] = s->a[i];
    s->n = w;
}

static bool set_has(const cg_tpset *s, const cg_tp *t)
{
    return s->n > 0 && bsearch(t, s->a, (size_t)s->n, sizeof(*s->a), tp_cmp) != NULL;
}

static bool set_equal(const cg_tpset *a, const cg_tpset *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->a, b->a, sizeof(*a->a) * (size_t)a->n) == 0);
}

static void set_copy(cg_tpset *dst, const cg_tpset *src)
{
    dst->n = 0;
    for (int32_t i = 0; i < src->n; i++)
        set_add(dst, src->a[i].id, src->a[i].part);
}

/* ====================================================================== */
/* Groups and members                                                      */
/* ====================================================================== */

typedef enum cg_mstate {
    CG_STABLE,                 /* has its whole target */
    CG_UNREVOKED,              /* must give up partitions before moving on */
    CG_UNRELEASED              /* waits for partitions other members still hold */
} cg_mstate;

typedef struct cg_member {
    char       *id;
    char       *instance_id;
    char       *rack_id;
    char       *client_id, *client_host;
    char       *assignor;                /* ServerAssignor asked for, or NULL */
    char      **topics;                  /* subscribed names */
    int32_t     ntopics;
    char       *regex;                   /* subscribed regular expression, or NULL */
    pcre2_code *re;
    int32_t     epoch, prev_epoch;
    int32_t     rebalance_timeout_ms;
    cg_mstate   state;
    cg_tpset    assigned;                /* may consume */
    cg_tpset    revoking;                /* must give up (still owned) */
    cg_tpset    target;                  /* of the group's assignment epoch */
    cg_tpset    last_sent;               /* the assignment last sent */
    bool        sent_once;
    bool        left_static;             /* left with epoch -2: partitions kept for its return */
    int64_t     session_deadline;        /* mono ms */
    int64_t     revoke_deadline;         /* mono ms while CG_UNREVOKED, else 0 */
} cg_member;

typedef struct cg_group {
    char       *id;
    int32_t     group_epoch;
    int32_t     assignment_epoch;
    cg_member **members;
    int32_t     nmembers, cap;
    uint64_t    topics_seen;             /* ck_cgroups.topics_version last resolved */
    uint64_t    metadata_hash;           /* of the subscribed topics' ids and partition counts */
    char       *assignor;                /* of the current target */
} cg_group;

struct ck_cgroups {
    ck_engine      *eng;
    pthread_mutex_t lock;
    ck_map          groups;              /* id -> cg_group* */
    _Atomic uint64_t topics_version;
    pthread_t       timer;
    pthread_cond_t  cond;
    bool            stopping, have_timer;
};

static const ck_ext_key cgroups_key = {"consumer-groups"};

static int64_t conf_num(ck_cgroups *cg, ck_broker_key k)
{
    return ck_conf_num(ck_engine_conf(cg->eng), k);
}

static void member_free(cg_member *m)
{
    int32_t i;

    if (!m)
        return;
    ck_free(m->id);
    ck_free(m->instance_id);
    ck_free(m->rack_id);
    ck_free(m->client_id);
    ck_free(m->client_host);
    ck_free(m->assignor);
    for (i = 0; i < m->ntopics; i++)
        ck_free(m->topics[i]);
    ck_free(m->topics);
    ck_free(m->regex);
    if (m->re)
        pcre2_code_free(m->re);
    set_free(&m->assigned);
    set_free(&m->revoking);
    set_free(&m->target);
    set_free(&m->last_sent);
    ck_free(m);
}

static void group_free(cg_group *g)
{
    int32_t i;

    for (i = 0; i < g->nmembers; i++)
        member_free(g->members[i]);
    ck_free(g->members);
    ck_free(g->assignor);
    ck_free(g->id);
    ck_free(g);
}

static cg_member *member_find(cg_group *g, const char *id)
{
    for (int32_t i = 0; i < g->nmembers; i++)
        if (strcmp(g->members[i]->id, id) == 0)
            return g->members[i];
    return NULL;
}

static cg_member *member_by_instance(cg_group *g, const char *instance_id)
{
    for (int32_t i = 0; i < g->nmembers; i++)
        if (g->members[i]->instance_id && strcmp(g->members[i]->instance_id, instance_id) == 0)
            return g->members[i];
    return NULL;
}

static void member_remove(cg_group *g, cg_member *m)
{
    for (int32_t i = 0; i < g->nmembers; i++) {
        if (g->members[i] == m) {
            g->members[i] = g->members[--g->nmembers];
            break;
        }
    }
    member_free(m);
}

/* 22 characters of URL-safe base64 from 16 random bytes, like Kafka's Uuid. */
static char *new_member_id(void)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint8_t r[16];
    char *out = ck_malloc(23);
    uint32_t acc = 0;
    int bits = 0, o = 0;

    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
        uint64_t x = (uint64_t)ck_now_ms() ^ ((uint64_t)ck_mono_ms() << 20) ^ (uint64_t)(uintptr_t)out;
        for (int i = 0; i < 16; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            r[i] = (uint8_t)(x >> 56);
        }
    }
    for (int i = 0; i < 16 && o < 22; i++) {
        acc = (acc << 8) | r[i];
        bits += 8;
        while (bits >= 6 && o < 22) {
            out[o++] = b64[(acc >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    if (bits > 0 && o < 22)
        out[o++] = b64[(acc << (6 - bits)) & 63];
    out[o] = 0;
    return out;
}

/* ====================================================================== */
/* Subscriptions against the topic list                                    */
/* ====================================================================== */

typedef struct cg_topic {
    const char *name;
    uint8_t     id[16];
    int32_t     npart;
} cg_topic;

typedef struct cg_topics {
    ck_topic **refs;
    size_t     nrefs;
    cg_topic  *a;                       /* live topics, sorted by name */
    size_t     n;
} cg_topics;

static int topic_name_cmp(const void *x, const void *y)
{
    return strcmp(((const cg_topic *)x)->name, ((const cg_topic *)y)->name);
}

static void topics_load(ck_engine *eng, cg_topics *ts)
{
    size_t i;

    memset(ts, 0, sizeof(*ts));
    ts->refs = ck_engine_topic_list(eng, &ts->nrefs);
    ts->a = ck_calloc(ts->nrefs ? ts->nrefs : 1, sizeof(*ts->a));
    for (i = 0; i < ts->nrefs; i++) {
        if (ck_topic_deleted(ts->refs[i]))
            continue;
        ts->a[ts->n].name = ck_topic_name(ts->refs[i]);
        memcpy(ts->a[ts->n].id, ck_topic_id(ts->refs[i]), 16);
        ts->a[ts->n].npart = ck_topic_partition_count(ts->refs[i]);
        ts->n++;
    }
    qsort(ts->a, ts->n, sizeof(*ts->a), topic_name_cmp);
}

static void topics_free(cg_topics *ts)
{
    ck_topics_release(ts->refs, ts->nrefs);
    ck_free(ts->a);
}

static bool regex_matches(pcre2_code *re, const char *name)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc;
    bool whole = false;

    if (!md)
        return false;
    rc = pcre2_match(re, (PCRE2_SPTR)name, strlen(name), 0, PCRE2_ANCHORED, md, NULL);
    if (rc >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        whole = ov[0] == 0 && ov[1] == strlen(name);   /* Java's matches(): the whole name */
    }
    pcre2_match_data_free(md);
    return whole;
}

/* Does member m subscribe to topic t? */
static bool subscribes(const cg_member *m, const cg_topic *t)
{
    for (int32_t i = 0; i < m->ntopics; i++)
        if (strcmp(m->topics[i], t->name) == 0)
            return true;
    /* A regular expression never matches an internal topic (as Kafka's
     * clients, with exclude.internal.topics). */
    return m->re && !ck_topic_name_internal(t->name, strlen(t->name)) && regex_matches(m->re, t->name);
}

/* FNV-1a over the ids and partition counts of the topics any member
 * subscribes to: a change means the target must be recomputed. */
static uint64_t metadata_hash(const cg_group *g, const cg_topics *ts)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < ts->n; i++) {
        bool any = false;
        for (int32_t j = 0; j < g->nmembers && !any; j++)
            any = subscribes(g->members[j], &ts->a[i]);
        if (!any)
            continue;
        for (int k = 0; k < 16; k++)
            h = (h ^ ts->a[i].id[k]) * 1099511628211ULL;
        for (int k = 0; k < 4; k++)
            h = (h ^ (uint8_t)(ts->a[i].npart >> (8 * k))) * 1099511628211ULL;
    }
    return h;
}

/* ====================================================================== */
/* Assignors                                                               */
/* ====================================================================== */

static int member_id_cmp(const void *x, const void *y)
{
    return strcmp((*(cg_member *const *)x)->id, (*(cg_member *const *)y)->id);
}

/* range: per topic, the subscribers sorted by id get contiguous ranges. */
static void assign_range(cg_member **ms, int32_t n, const cg_topics *ts)
{
    cg_member **subs = ck_calloc((size_t)(n ? n : 1), sizeof(*subs));

    for (size_t t = 0; t < ts->n; t++) {
        int32_t ns = 0, p = 0;
        for (int32_t i = 0; i < n; i++)
            if (subscribes(ms[i], &ts->a[t]))
                subs[ns++] = ms[i];
        if (ns == 0)
            continue;
        int32_t per = ts->a[t].npart / ns, extra = ts->a[t].npart % ns;
        for (int32_t i = 0; i < ns; i++) {
            int32_t cnt = per + (i < extra);
            for (int32_t k = 0; k < cnt; k++)
                set_add(&subs[i]->target, ts->a[t].id, p++);
        }
    }
    ck_free(subs);
}

/* uniform: as even as the subscriptions allow, keeping what each member
 * had in the previous target (sticky), then giving every remaining
 * partition to its least-loaded subscriber. */
static void assign_uniform(cg_member **ms, int32_t n, const cg_topics *ts, cg_tpset *prev)
{
    int64_t total = 0;
    int32_t quota, i;
    cg_tpset all = { 0 }, taken = { 0 };

    for (size_t t = 0; t < ts->n; t++) {
        bool any = false;
        for (i = 0; i < n && !any; i++)
            any = subscribes(ms[i], &ts->a[t]);
        if (!any)
            continue;
        for (int32_t p = 0; p < ts->a[t].npart; p++)
            set_add(&all, ts->a[t].id, p);
        total += ts->a[t].npart;
    }
    set_norm(&all);
    quota = n ? (int32_t)((total + n - 1) / n) : 0;
    /* Sticky pass: keep previous partitions still subscribed, up to the quota. */
    for (i = 0; i < n; i++) {
        for (int32_t k = 0; k < prev[i].n && ms[i]->target.n < quota; k++) {
            const cg_tp *tp = &prev[i].a[k];
            const cg_topic *t = NULL;
            if (!set_has(&all, tp) || set_has(&taken, tp))
                continue;
            for (size_t j = 0; j < ts->n && !t; j++)
                if (memcmp(ts->a[j].id, tp->id, 16) == 0)
                    t = &ts->a[j];
            if (!t || !subscribes(ms[i], t))
                continue;
            set_add(&ms[i]->target, tp->id, tp->part);
            set_add(&taken, tp->id, tp->part);
            set_norm(&taken);
        }
    }
    /* The rest, each to its least-loaded subscriber (lowest id on ties). */
    for (int32_t k = 0; k < all.n; k++) {
        const cg_tp *tp = &all.a[k];
        const cg_topic *t = NULL;
        cg_member *best = NULL;
        if (set_has(&taken, tp))
            continue;
        for (size_t j = 0; j < ts->n && !t; j++)
            if (memcmp(ts->a[j].id, tp->id, 16) == 0)
                t = &ts->a[j];
        for (i = 0; i < n; i++)
            if (subscribes(ms[i], t) && (!best || ms[i]->target.n < best->target.n))
                best = ms[i];
        if (best)
            set_add(&best->target, tp->id, tp->part);
    }
    set_free(&all);
    set_free(&taken);
}

/* The assignor the group uses: the one most members ask for, else the
 * first configured one. */
static const char *group_assignor(ck_cgroups *cg, cg_group *g, char *buf, size_t buflen)
{
    const char *best = NULL;
    int32_t bestn = 0;

    for (int32_t i = 0; i < g->nmembers; i++) {
        const char *a = g->members[i]->assignor;
        int32_t cnt = 0;
        if (!a)
            continue;
        for (int32_t j = 0; j < g->nmembers; j++)
            if (g->members[j]->assignor && strcmp(g->members[j]->assignor, a) == 0)
                cnt++;
        if (cnt > bestn || (cnt == bestn && best && strcmp(a, best) < 0)) {
            best = a;
            bestn = cnt;
        }
    }
    if (best) {
        snprintf(buf, buflen, "%s", best);
    } else {
        snprintf(buf, buflen, "%s", ck_conf_str(ck_engine_conf(cg->eng), CK_BK_GROUP_CONSUMER_ASSIGNORS));
        buf[strcspn(buf, ",")] = 0;
    }
    return buf;
}

/* Computes every member's target for the current group epoch. */
static void compute_target(ck_cgroups *cg, cg_group *g, const cg_topics *ts)
{
    int32_t n = g->nmembers, i;
    cg_member **ms = ck_calloc((size_t)(n ? n : 1), sizeof(*ms));
    cg_tpset *prev = ck_calloc((size_t)(n ? n : 1), sizeof(*prev));
    char name[64];

    memcpy(ms, g->members, sizeof(*ms) * (size_t)n);
    qsort(ms, (size_t)n, sizeof(*ms), member_id_cmp);
    for (i = 0; i < n; i++) {
        prev[i] = ms[i]->target;                /* moved: rebuilt below */
        memset(&ms[i]->target, 0, sizeof(ms[i]->target));
    }
    group_assignor(cg, g, name, sizeof(name));
    if (strcmp(name, "range") == 0)
        assign_range(ms, n, ts);
    else
        assign_uniform(ms, n, ts, prev);
    for (i = 0; i < n; i++) {
        set_norm(&ms[i]->target);
        set_free(&prev[i]);
    }
    ck_free(g->assignor);
    g->assignor = ck_strdup(name);
    g->assignment_epoch = g->group_epoch;
    ck_free(prev);
    ck_free(ms);
}

/* ====================================================================== */
/* Reconciliation                                                          */
/* ====================================================================== */

/* Is tp held (assigned or being revoked) by a member other than self? */
static bool held_by_other(const cg_group *g, const cg_member *self, const cg_tp *tp)
{
    for (int32_t i = 0; i < g->nmembers; i++) {
        const cg_member *m = g->members[i];
        if (m != self && (set_has(&m->assigned, tp) || set_has(&m->revoking, tp)))
            return true;
    }
    return false;
}

/* Moves m towards its target (Kafka's CurrentAssignmentBuilder).  owned is
 * what the member reported owning in this heartbeat, or NULL. */
static void reconcile(cg_group *g, cg_member *m, const cg_tpset *owned, int64_t now)
{
    cg_tpset keep = { 0 }, add = { 0 };
    int32_t i;
    bool all_free = true;

    if (m->state == CG_UNREVOKED) {
        bool still = false;
        if (!owned)
            return;
        for (i = 0; i < m->revoking.n && !still; i++)
            still = set_has(owned, &m->revoking.a[i]);
        if (still)
            return;
        m->revoking.n = 0;                      /* revoked: move on */
        m->state = CG_UNRELEASED;
        m->revoke_deadline = 0;
    }
    if (m->epoch == g->assignment_epoch && m->state == CG_STABLE)
        return;
    for (i = 0; i < m->assigned.n; i++) {
        if (set_has(&m->target, &m->assigned.a[i]))
            set_add(&keep, m->assigned.a[i].id, m->assigned.a[i].part);
        else
            set_add(&m->revoking, m->assigned.a[i].id, m->assigned.a[i].part);
    }
    set_norm(&m->revoking);
    if (m->revoking.n > 0) {
        /* Give up first; the epoch stays until the member confirms. */
        set_copy(&m->assigned, &keep);
        m->state = CG_UNREVOKED;
        m->revoke_deadline = now + (m->rebalance_timeout_ms > 0 ? m->rebalance_timeout_ms : 300000);
        set_free(&keep);
        return;
    }
    for (i = 0; i < m->target.n; i++) {
        const cg_tp *tp = &m->target.a[i];
        if (set_has(&keep, tp))
            continue;
        if (held_by_other(g, m, tp))
            all_free = false;
        else
            set_add(&add, tp->id, tp->part);
    }
    for (i = 0; i < add.n; i++)
        set_add(&keep, add.a[i].id, add.a[i].part);
    set_norm(&keep);
    set_free(&m->assigned);
    m->assigned = keep;
    if (m->epoch != g->assignment_epoch) {
        m->prev_epoch = m->epoch;
        m->epoch = g->assignment_epoch;
    }
    m->state = all_free ? CG_STABLE : CG_UNRELEASED;
    set_free(&add);
}

/* ====================================================================== */
/* Heartbeat                                                               */
/* ====================================================================== */

static void set_err(ck_cg_heartbeat_result *res, int16_t code, const char *fmt, ...) CK_PRINTF(3, 4);
static void set_err(ck_cg_heartbeat_result *res, int16_t code, const char *fmt, ...)
{
    va_list ap;

    res->error = code;
    va_start(ap, fmt);
    vsnprintf(res->errmsg, sizeof(res->errmsg), fmt, ap);
    va_end(ap);
}

static void bump(cg_group *g)
{
    g->group_epoch++;
}

/* Applies the subscription fields of a (those that are not null) to m;
 * true when something changed. */
static bool apply_subscription(cg_member *m, const ck_cg_heartbeat_args *a, pcre2_code *re)
{
    bool changed = false;
    int32_t i;

    if (a->ntopics >= 0) {
        bool same = a->ntopics == m->ntopics;
        for (i = 0; same && i < a->ntopics; i++)
            same = strcmp(a->topics[i], m->topics[i]) == 0;
        if (!same) {
            for (i = 0; i < m->ntopics; i++)
                ck_free(m->topics[i]);
            ck_free(m->topics);
            m->topics = ck_calloc((size_t)(a->ntopics ? a->ntopics : 1), sizeof(*m->topics));
            for (i = 0; i < a->ntopics; i++)
                m->topics[i] = ck_strdup(a->topics[i]);
            m->ntopics = a->ntopics;
            changed = true;
        }
    }
    if (a->regex) {
        if (!m->regex || strcmp(m->regex, a->regex) != 0) {
            ck_free(m->regex);
            if (m->re)
                pcre2_code_free(m->re);
            m->regex = a->regex[0] ? ck_strdup(a->regex) : NULL;
            m->re = m->regex ? re : NULL;
            re = NULL;
            changed = true;
        }
    }
    if (re)
        pcre2_code_free(re);
    if (a->assignor && (!m->assignor || strcmp(m->assignor, a->assignor) != 0)) {
        ck_free(m->assignor);
        m->assignor = ck_strdup(a->assignor);
        changed = true;
    }
    if (a->rack_id) {
        ck_free(m->rack_id);
        m->rack_id = ck_strdup(a->rack_id);
    }
    if (a->rebalance_timeout_ms > 0)
        m->rebalance_timeout_ms = a->rebalance_timeout_ms;
    return changed;
}

static bool assignor_known(ck_cgroups *cg, const char *name)
{
    const char *list = ck_conf_str(ck_engine_conf(cg->eng), CK_BK_GROUP_CONSUMER_ASSIGNORS);
    size_t nl = strlen(name);

    for (const char *p = list; *p;) {
        size_t l = strcspn(p, ",");
        if (l == nl && strncmp(p, name, l) == 0)
            return true;
        p += l;
        if (*p == ',')
            p++;
    }
    return false;
}

/* Fills the result's assignment from m->assigned (topic ids grouped). */
static void result_assignment(ck_cg_heartbeat_result *res, const cg_member *m)
{
    int32_t i, t = -1;

    res->has_assignment = true;
    res->ntopics = 0;
    res->topics = ck_calloc((size_t)(m->assigned.n ? m->assigned.n : 1), sizeof(*res->topics));
    for (i = 0; i < m->assigned.n; i++) {
        const cg_tp *tp = &m->assigned.a[i];
        if (t < 0 || memcmp(res->topics[t].topic_id, tp->id, 16) != 0) {
            t = res->ntopics++;
            memcpy(res->topics[t].topic_id, tp->id, 16);
            res->topics[t].partitions = ck_calloc((size_t)m->assigned.n, sizeof(int32_t));
        }
        res->topics[t].partitions[res->topics[t].npartitions++] = tp->part;
    }
}

void ck_cg_heartbeat_result_free(ck_cg_heartbeat_result *res)
{
    for (int32_t i = 0; i < res->ntopics; i++)
        ck_free(res->topics[i].partitions);
    ck_free(res->topics);
    res->topics = NULL;
    res->ntopics = 0;
}

static cg_group *group_get(ck_cgroups *cg, const char *id, bool create)
{
    cg_group *g = ck_map_get(&cg->groups, id, strlen(id));

    if (!g && create) {
        g = ck_calloc(1, sizeof(*g));
        g->id = ck_strdup(id);
        ck_map_put(&cg->groups, id, strlen(id), g);
    }
    return g;
}

void ck_cgroup_heartbeat(ck_cgroups *cg, const ck_cg_heartbeat_args *a, ck_cg_heartbeat_result *res)
{
    int64_t now = ck_mono_ms();
    cg_group *g;
    cg_member *m = NULL;
    pcre2_code *re = NULL;
    cg_tpset owned = { 0 };
    bool have_owned = a->nowned >= 0, changed = false, joined = false;
    cg_topics ts;
    int32_t i;

    memset(res, 0, sizeof(*res));
    res->member_epoch = -1;
    res->heartbeat_interval_ms = (int32_t)conf_num(cg, CK_BK_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS);
    if (!a->group_id || !a->group_id[0]) {
        set_err(res, CHRONIK_ERR_INVALID_REQUEST, "GroupId can't be empty.");
        return;
    }
    if (!a->member_id) {
        set_err(res, CHRONIK_ERR_INVALID_REQUEST, "MemberId can't be null.");
        return;
    }
    if (a->member_epoch > 0 && !a->member_id[0]) {
        set_err(res, CHRONIK_ERR_INVALID_REQUEST, "MemberId can't be empty.");
        return;
    }
    if (a->member_epoch == 0) {
        if (a->rebalance_timeout_ms <= 0) {
            set_err(res, CHRONIK_ERR_INVALID_REQUEST, "RebalanceTimeoutMs must be provided in first request.");
            return;
        }
        if (a->nowned != 0) {
            set_err(res, CHRONIK_ERR_INVALID_REQUEST, "TopicPartitions must be empty when (re-)joining.");
            return;
        }
        if (a->ntopics < 0 && !a->regex) {
            set_err(res, CHRONIK_ERR_INVALID_REQUEST,
                    "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            return;
        }
    } else if (a->member_epoch < CG_EPOCH_LEAVE_STATIC) {
        set_err(res, CHRONIK_ERR_INVALID_REQUEST, "MemberEpoch %d is invalid.", (int)a->member_epoch);
        return;
    }
    if (a->member_epoch == CG_EPOCH_LEAVE_STATIC && !a->instance_id) {
        set_err(res, CHRONIK_ERR_INVALID_REQUEST, "InstanceId can't be null when leaving as a static member.");
        return;
    }
    if (a->assignor && !assignor_known(cg, a->assignor)) {
        set_err(res, CHRONIK_ERR_UNSUPPORTED_ASSIGNOR, "ServerAssignor %s is not supported. Supported assignors: %s.",
                a->assignor, ck_conf_str(ck_engine_conf(cg->eng), CK_BK_GROUP_CONSUMER_ASSIGNORS));
        return;
    }
    if (a->regex && a->regex[0]) {
        int ecode;
        PCRE2_SIZE eoff;
        re = pcre2_compile((PCRE2_SPTR)a->regex, PCRE2_ZERO_TERMINATED, 0, &ecode, &eoff, NULL);
        if (!re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ecode, msg, sizeof(msg));
            set_err(res, CHRONIK_ERR_INVALID_REGULAR_EXPRESSION, "SubscribedTopicRegex `%s` is not a valid regular expression: %s at %zu.",
                    a->regex, (const char *)msg, (size_t)eoff);
            return;
        }
    }

    topics_load(cg->eng, &ts);
    if (have_owned) {
        for (i = 0; i < a->nowned; i++)
            for (int32_t k = 0; k < a->owned[i].npartitions; k++)
                set_add(&owned, a->owned[i].topic_id, a->owned[i].partitions[k]);
        set_norm(&owned);
    }

    pthread_mutex_lock(&cg->lock);
    g = group_get(cg, a->group_id, a->member_epoch == 0);
    if (!g) {
        set_err(res, CHRONIK_ERR_UNKNOWN_MEMBER_ID, "Group %s does not exist.", a->group_id);
        goto out;
    }
    if (a->member_id[0])
        m = member_find(g, a->member_id);

    if (a->member_epoch == CG_EPOCH_LEAVE || a->member_epoch == CG_EPOCH_LEAVE_STATIC) {
        if (!m && a->instance_id)
            m = member_by_instance(g, a->instance_id);
        if (!m) {
            set_err(res, CHRONIK_ERR_UNKNOWN_MEMBER_ID, "Member %s is not a member of group %s.", a->member_id, g->id);
            goto out;
        }
        snprintf(res->member_id, sizeof(res->member_id), "%s", m->id);
        res->member_epoch = a->member_epoch;
        if (a->member_epoch == CG_EPOCH_LEAVE_STATIC) {
            /* Keeps its partitions until it returns or its session expires. */
            m->left_static = true;
        } else {
            member_remove(g, m);
            bump(g);
        }
        goto out;
    }

    if (a->member_epoch == 0) {
        if (a->instance_id) {
            cg_member *old = member_by_instance(g, a->instance_id);
            if (old && old != m && !old->left_static) {
                set_err(res, CHRONIK_ERR_UNRELEASED_INSTANCE_ID,
                        "Static member %s with instance id %s is still active in group %s.", old->id,
                        a->instance_id, g->id);
                goto out;
            }
            if (old && old != m) {
                /* A static member returning under a new member id takes over
                 * its old self's partitions and epoch, without a rebalance. */
                if (m)
                    member_remove(g, m);
                ck_free(old->id);
                old->id = a->member_id[0] ? ck_strdup(a->member_id) : new_member_id();
                old->left_static = false;
                old->sent_once = false;
                m = old;
                joined = true;
            }
        }
        if (!joined) {
            if (m) {
                /* Rejoining (fenced or restarted) under the same id: start over. */
                member_remove(g, m);
                m = NULL;
                bump(g);
            }
            if (g->nmembers >= conf_num(cg, CK_BK_GROUP_CONSUMER_MAX_SIZE)) {
                set_err(res, CHRONIK_ERR_GROUP_MAX_SIZE_REACHED, "The consumer group has reached its maximum capacity of %lld members.",
                        (long long)conf_num(cg, CK_BK_GROUP_CONSUMER_MAX_SIZE));
                goto out;
            }
            m = ck_calloc(1, sizeof(*m));
            m->id = a->member_id[0] ? ck_strdup(a->member_id) : new_member_id();
            m->instance_id = a->instance_id ? ck_strdup(a->instance_id) : NULL;
            m->epoch = 0;
            m->state = CG_STABLE;
            if (g->nmembers == g->cap) {
                g->cap = g->cap ? g->cap * 2 : 4;
                g->members = ck_realloc(g->members, sizeof(*g->members) * (size_t)g->cap);
            }
            g->members[g->nmembers++] = m;
            changed = true;
            joined = true;
        }
    } else {
        if (!m) {
            set_err(res, CHRONIK_ERR_UNKNOWN_MEMBER_ID, "Member %s is not a member of group %s.", a->member_id, g->id);
            goto out;
        }
        if (a->member_epoch > m->epoch) {
            set_err(res, CHRONIK_ERR_FENCED_MEMBER_EPOCH, "The consumer group member has a greater member epoch (%d) than the one known by the group coordinator (%d).",
                    (int)a->member_epoch, (int)m->epoch);
            goto out;
        }
        if (a->member_epoch < m->epoch) {
            /* A lost response: the previous epoch with no partition it no longer has. */
            bool ok = a->member_epoch == m->prev_epoch && have_owned;
            for (i = 0; ok && i < owned.n; i++)
                ok = set_has(&m->assigned, &owned.a[i]) || set_has(&m->revoking, &owned.a[i]);
            if (!ok) {
                set_err(res, CHRONIK_ERR_FENCED_MEMBER_EPOCH, "The consumer group member has a smaller member epoch (%d) than the one known by the group coordinator (%d).",
                        (int)a->member_epoch, (int)m->epoch);
                goto out;
            }
        }
    }

    if (a->client_id) {
        ck_free(m->client_id);
        m->client_id = ck_strdup(a->client_id);
    }
    if (a->client_host) {
        ck_free(m->client_host);
        m->client_host = ck_strdup(a->client_host);
    }
    if (apply_subscription(m, a, re))
        changed = true;
    re = NULL;
    m->session_deadline = now + conf_num(cg, CK_BK_GROUP_CONSUMER_SESSION_TIMEOUT_MS);

    {
        uint64_t ver = atomic_load(&cg->topics_version);
        uint64_t h = metadata_hash(g, &ts);
        if (h != g->metadata_hash || ver != g->topics_seen) {
            if (h != g->metadata_hash)
                changed = true;
            g->metadata_hash = h;
            g->topics_seen = ver;
        }
    }
    if (changed)
        bump(g);
    if (g->group_epoch > g->assignment_epoch)
        compute_target(cg, g, &ts);
    reconcile(g, m, have_owned ? &owned : NULL, now);

    snprintf(res->member_id, sizeof(res->member_id), "%s", m->id);
    res->member_epoch = m->epoch;
    if (joined || !m->sent_once || !set_equal(&m->last_sent, &m->assigned) ||
        (have_owned && !set_equal(&owned, &m->assigned))) {
        result_assignment(res, m);
        set_copy(&m->last_sent, &m->assigned);
        m->sent_once = true;
    }
out:
    pthread_mutex_unlock(&cg->lock);
    if (re)
        pcre2_code_free(re);
    set_free(&owned);
    topics_free(&ts);
}

/* ====================================================================== */
/* Expiry (timer thread)                                                   */
/* ====================================================================== */

/* Removes members whose session or revocation deadline passed. */
static void expire(ck_cgroups *cg, int64_t now)
{
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;

    while (ck_map_next(&cg->groups, &it, &k, &kl, &v)) {
        cg_group *g = v;
        for (int32_t i = 0; i < g->nmembers;) {
            cg_member *m = g->members[i];
            bool gone = now >= m->session_deadline || (m->state == CG_UNREVOKED && m->revoke_deadline &&
                                                       now >= m->revoke_deadline);
            if (gone) {
                CK_INFO("group", "consumer group %s: member %s removed (%s timeout)", g->id, m->id,
                        now >= m->session_deadline ? "session" : "rebalance");
                member_remove(g, m);
                bump(g);
                continue;
            }
            i++;
        }
    }
}

static void *timer_main(void *arg)
{
    ck_cgroups *cg = arg;

    pthread_mutex_lock(&cg->lock);
    while (!cg->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&cg->cond, &cg->lock, &ts);
        if (!cg->stopping)
            expire(cg, ck_mono_ms());
    }
    pthread_mutex_unlock(&cg->lock);
    return NULL;
}

void ck_cgroups_expire_now(ck_cgroups *cg, int64_t now_mono_ms)
{
    pthread_mutex_lock(&cg->lock);
    expire(cg, now_mono_ms);
    pthread_mutex_unlock(&cg->lock);
}

/* ====================================================================== */
/* Lifecycle, lookups                                                      */
/* ====================================================================== */

int ck_cgroups_start(ck_engine *eng)
{
    ck_cgroups *cg = ck_calloc(1, sizeof(*cg));

    cg->eng = eng;
    pthread_mutex_init(&cg->lock, NULL);
    pthread_cond_init(&cg->cond, NULL);
    ck_map_init(&cg->groups);
    if (pthread_create(&cg->timer, NULL, timer_main, cg) != 0) {
        ck_cgroups_free(cg);
        return CHRONIK_ERR_IO;
    }
    cg->have_timer = true;
    if (ck_engine_ext_set(eng, &cgroups_key, cg) != 0) {
        ck_cgroups_free(cg);
        return CHRONIK_ERR_BUSY;
    }
    return 0;
}

void ck_cgroups_free(ck_cgroups *cg)
{
    size_t it = 0;
    const char *k;
    size_t kl;
    void *v;

    if (!cg)
        return;
    if (cg->have_timer) {
        pthread_mutex_lock(&cg->lock);
        cg->stopping = true;
        pthread_cond_broadcast(&cg->cond);
        pthread_mutex_unlock(&cg->lock);
        pthread_join(cg->timer, NULL);
    }
    while (ck_map_next(&cg->groups, &it, &k, &kl, &v))
        group_free(v);
    ck_map_free(&cg->groups);
    pthread_mutex_destroy(&cg->lock);
    pthread_cond_destroy(&cg->cond);
    ck_free(cg);
}

void ck_cgroups_stop(ck_engine *eng)
{
    ck_cgroups *cg = ck_engine_ext(eng, &cgroups_key);

    ck_engine_ext_set(eng, &cgroups_key, NULL);
    ck_cgroups_free(cg);
}

ck_cgroups *ck_cgroups_of(ck_engine *eng)
{
    return ck_engine_ext(eng, &cgroups_key);
}

void ck_cgroups_topics_changed(ck_cgroups *cg)
{
    if (cg)
        atomic_fetch_add(&cg->topics_version, 1);
}

static const char *group_state(const cg_group *g)
{
    if (g->nmembers == 0)
        return "Empty";
    if (g->group_epoch > g->assignment_epoch)
        return "Assigning";
    for (int32_t i = 0; i < g->nmembers; i++)
        if (g->members[i]->state != CG_STABLE || g->members[i]->epoch != g->assignment_epoch)
            return "Reconciling";
    return "Stable";
}

int ck_cgroup_kind(ck_cgroups *cg, const char *group_id, int32_t *nmembers)
{
    cg_group *g;
    int kind = 0;

    if (nmembers)
        *nmembers = 0;
    if (!cg || !group_id)
        return 0;
    pthread_mutex_lock(&cg->lock);
    g = ck_map_get(&cg->groups, group_id, strlen(group_id));
    if (g) {
        kind = 1;
        if (nmembers)
            *nmembers = g->nmembers;
    }
    pthread_mutex_unlock(&cg->lock);
    return kind;
}

int16_t ck_cgroup_validate_commit(ck_cgroups *cg, const char *group_id, const char *member_id, int32_t epoch)
{
    cg_group *g;
    cg_member *m;
    int16_t err = 0;

    pthread_mutex_lock(&cg->lock);
    g = ck_map_get(&cg->groups, group_id, strlen(group_id));
    if (!g) {
        err = 0;                                 /* not a consumer group */
    } else if ((!member_id || !member_id[0]) && epoch < 0) {
        /* A simple commit (assign()): only while nobody is a member. */
        err = g->nmembers ? CHRONIK_ERR_UNKNOWN_MEMBER_ID : 0;
    } else if (!(m = member_find(g, member_id ? member_id : ""))) {
        err = CHRONIK_ERR_UNKNOWN_MEMBER_ID;
    } else if (epoch != m->epoch) {
        err = epoch > m->epoch ? CHRONIK_ERR_FENCED_MEMBER_EPOCH : CHRONIK_ERR_STALE_MEMBER_EPOCH;
    }
    pthread_mutex_unlock(&cg->lock);
    return err;
}

int16_t ck_cgroup_delete(ck_cgroups *cg, const char *group_id)
{
    cg_group *g;
    int16_t err = 0;

    pthread_mutex_lock(&cg->lock);
    g = ck_map_get(&cg->groups, group_id, strlen(group_id));
    if (g && g->nmembers > 0) {
        err = CHRONIK_ERR_NON_EMPTY_GROUP;
    } else if (g) {
        ck_map_del(&cg->groups, group_id, strlen(group_id));
        group_free(g);
    }
    pthread_mutex_unlock(&cg->lock);
    return err;
}

void ck_cgroup_list(ck_cgroups *cg, ck_cg_listing **out, size_t *n)
{
    size_t it = 0, i = 0;
    const char *k;
    size_t kl;
    void *v;

    pthread_mutex_lock(&cg->lock);
    *out = ck_calloc(cg->groups.count ? cg->groups.count : 1, sizeof(**out));
    while (ck_map_next(&cg->groups, &it, &k, &kl, &v)) {
        cg_group *g = v;
        (*out)[i].group_id = ck_strdup(g->id);
        (*out)[i].state = group_state(g);
        i++;
    }
    *n = i;
    pthread_mutex_unlock(&cg->lock);
}

void ck_cg_listings_free(ck_cg_listing *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_free(l[i].group_id);
    ck_free(l);
}

/* ====================================================================== */
/* Describe                                                                */
/* ====================================================================== */

static void desc_set(ck_cg_desc_tps *out, const cg_tpset *s)
{
    int32_t t = -1;

    out->topics = ck_calloc((size_t)(s->n ? s->n : 1), sizeof(*out->topics));
    out->ntopics = 0;
    for (int32_t i = 0; i < s->n; i++) {
        if (t < 0 || memcmp(out->topics[t].topic_id, s->a[i].id, 16) != 0) {
            t = out->ntopics++;
            memcpy(out->topics[t].topic_id, s->a[i].id, 16);
            out->topics[t].partitions = ck_calloc((size_t)s->n, sizeof(int32_t));
        }
        out->topics[t].partitions[out->topics[t].npartitions++] = s->a[i].part;
    }
}

static void desc_tps_free(ck_cg_desc_tps *t)
{
    for (int32_t i = 0; i < t->ntopics; i++)
        ck_free(t->topics[i].partitions);
    ck_free(t->topics);
}

int ck_cgroup_describe(ck_cgroups *cg, const char *group_id, ck_cg_desc *d)
{
    cg_group *g;

    memset(d, 0, sizeof(*d));
    pthread_mutex_lock(&cg->lock);
    g = ck_map_get(&cg->groups, group_id, strlen(group_id));
    if (!g) {
        pthread_mutex_unlock(&cg->lock);
        return CHRONIK_ERR_GROUP_ID_NOT_FOUND;
    }
    d->group_id = ck_strdup(g->id);
    d->state = group_state(g);
    d->group_epoch = g->group_epoch;
    d->assignment_epoch = g->assignment_epoch;
    d->assignor = ck_strdup(g->assignor ? g->assignor : "");
    d->nmembers = g->nmembers;
    d->members = ck_calloc((size_t)(g->nmembers ? g->nmembers : 1), sizeof(*d->members));
    for (int32_t i = 0; i < g->nmembers; i++) {
        const cg_member *m = g->members[i];
        ck_cg_desc_member *o = &d->members[i];
        o->member_id = ck_strdup(m->id);
        o->instance_id = m->instance_id ? ck_strdup(m->instance_id) : NULL;
        o->rack_id = m->rack_id ? ck_strdup(m->rack_id) : NULL;
        o->client_id = ck_strdup(m->client_id ? m->client_id : "");
        o->client_host = ck_strdup(m->client_host ? m->client_host : "");
        o->member_epoch = m->epoch;
        o->regex = m->regex ? ck_strdup(m->regex) : NULL;
        o->ntopics = m->ntopics;
        o->topics = ck_calloc((size_t)(m->ntopics ? m->ntopics : 1), sizeof(char *));
        for (int32_t k = 0; k < m->ntopics; k++)
            o->topics[k] = ck_strdup(m->topics[k]);
        desc_set(&o->assignment, &m->assigned);
        desc_set(&o->target, &m->target);
    }
    pthread_mutex_unlock(&cg->lock);
    return 0;
}

void ck_cg_desc_free(ck_cg_desc *d)
{
    for (int32_t i = 0; i < d->nmembers; i++) {
        ck_cg_desc_member *o = &d->members[i];
        ck_free(o->member_id);
        ck_free(o->instance_id);
        ck_free(o->rack_id);
        ck_free(o->client_id);
        ck_free(o->client_host);
        ck_free(o->regex);
        for (int32_t k = 0; k < o->ntopics; k++)
            ck_free(o->topics[k]);
        ck_free(o->topics);
        desc_tps_free(&o->assignment);
        desc_tps_free(&o->target);
    }
    ck_free(d->members);
    ck_free(d->group_id);
    ck_free(d->assignor);
    memset(d, 0, sizeof(*d));
}

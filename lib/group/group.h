/*
 * group.h — the consumer-group coordinator: Kafka's classic rebalance
 * protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup), static
 * membership (KIP-345), and committed offsets kept in LMDB.
 *
 * One coordinator (ck_gcoord) per engine holds every group in memory: its
 * state (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), its
 * members with their protocols, assignments and session deadlines, and the
 * timers of the rebalance (initial delayed join, rebalance timeout, pending
 * SyncGroup).  Committed offsets live only in LMDB (CK_META_OFFSETS, key
 * group \0 topic \0 partition as 4 big-endian bytes); a group's protocol type
 * and generation are kept in CK_META_GROUPS so that a restarted broker
 * continues the generation count.  Members are not persisted: after a
 * restart they are unknown, get UNKNOWN_MEMBER_ID and rejoin.
 *
 * The behaviour follows Kafka's GroupCoordinator error for error: which of
 * REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
 * FENCED_INSTANCE_ID, ... an operation answers in each state.
 *
 * Threads and locks.  A map lock guards the group registry; each group has
 * its own mutex, held while an operation runs (including its LMDB write).
 * JoinGroup and SyncGroup complete through a callback that runs exactly once,
 * either before ck_group_join/ck_group_sync returns or later on another
 * thread (another member's request, or the coordinator's timer thread); it
 * runs with the group's lock held, so it must not call back into the
 * coordinator, and every pointer in the result is valid only during the
 * call.  The timer thread fires session expiry, delayed joins, rebalance
 * and sync timeouts and offset expiry without any request arriving.
 */
#ifndef CK_GROUP_H
#define CK_GROUP_H

#include "engine/engine.h"
#include "meta/meta.h"
#include "util/util.h"

typedef struct ck_gcoord ck_gcoord;

/* Group states, as Kafka names them in DescribeGroups / ListGroups. */
typedef enum ck_group_state {
    CK_GROUP_EMPTY = 0,
    CK_GROUP_PREPARING_REBALANCE,
    CK_GROUP_COMPLETING_REBALANCE,
    CK_GROUP_STABLE,
    CK_GROUP_DEAD
} ck_group_state;

/** @brief Kafka's name of a state ("Empty", "PreparingRebalance", ...). */
const char *ck_group_state_name(ck_group_state s);

/* Longest group id accepted (keeps offset keys under LMDB's key limit). */
#define CK_GROUP_ID_MAX 255

/* ---------------------------------------------------------------------- */
/* Coordinator lifecycle                                                    */
/* ---------------------------------------------------------------------- */

typedef struct ck_gcoord_opts {
    bool     no_thread;                 /* tests: no timer thread; call ck_gcoord_tick */
    int64_t (*clock_ms)(void *opaque);  /* monotonic ms for deadlines; NULL: ck_mono_ms */
    void    *clock_opaque;
    int64_t (*wall_ms)(void *opaque);   /* wall ms for commit timestamps; NULL: ck_now_ms */
} ck_gcoord_opts;

/** @brief A coordinator for eng (groups and offsets loaded from its LMDB).
 *  opts may be NULL (timer thread, real clocks).  Free with ck_gcoord_free
 *  before eng is closed.  Any thread. */
ck_gcoord *ck_gcoord_new(ck_engine *eng, const ck_gcoord_opts *opts);
/** @brief Stops the timer thread, answers every pending JoinGroup/SyncGroup
 *  with COORDINATOR_NOT_AVAILABLE and frees everything.  NULL ok.  No other
 *  call may run on gc. */
void ck_gcoord_free(ck_gcoord *gc);
/** @brief Runs every timer that is due at the coordinator clock's now
 *  (normally done by the timer thread).  Any thread. */
void ck_gcoord_tick(ck_gcoord *gc);
/** @brief Expires committed offsets older than offsets.retention.minutes at
 *  wall time now_ms (Empty groups: every offset; consumer groups: offsets of
 *  topics no member subscribes to) and drops Empty groups left without
 *  offsets.  Returns the number of offsets removed.  Any thread. */
size_t ck_gcoord_expire_offsets(ck_gcoord *gc, int64_t now_ms);

/** @brief The engine's coordinator, created on first use (with its timer
 *  thread) and kept in the engine's extension slot.  Any thread. */
ck_gcoord *ck_group_coord(ck_engine *eng);
/** @brief Frees eng's coordinator if one was created (ck_gcoord_free).  Runs
 *  at chronik_close after the Kafka listener stopped and before the engine
 *  (its LMDB) is closed. */
void ck_group_shutdown(ck_engine *eng);
/** @brief The consumer-group feature (lib/chronik's table): the coordinator
 *  starts with the engine and stops with it. */
extern const ck_feature ck_group_feature;

/* ---------------------------------------------------------------------- */
/* JoinGroup / SyncGroup                                                    */
/* ---------------------------------------------------------------------- */

typedef struct ck_group_protocol {
    const char    *name;
    const uint8_t *metadata;
    int32_t        metadata_len;
} ck_group_protocol;

typedef struct ck_group_join_args {
    const char *group_id;
    const char *member_id;           /* "" for a new member */
    const char *instance_id;         /* group.instance.id, NULL if dynamic */
    const char *client_id;
    const char *client_host;
    const char *protocol_type;
    const char *reason;              /* may be NULL */
    int32_t     session_timeout_ms;
    int32_t     rebalance_timeout_ms;  /* JoinGroup v0: the session timeout */
    const ck_group_protocol *protocols;
    int32_t     nprotocols;
    bool        require_known_member_id;   /* JoinGroup v4+ (KIP-394) */
    bool        support_skip_assignment;   /* JoinGroup v9+ (KIP-814) */
} ck_group_join_args;

typedef struct ck_group_join_member {
    const char    *member_id;
    const char    *instance_id;      /* NULL if dynamic */
    const uint8_t *metadata;         /* the selected protocol's metadata */
    int32_t        metadata_len;
} ck_group_join_member;

typedef struct ck_group_join_result {
    int16_t     error;
    int32_t     generation;          /* -1 on error */
    const char *protocol_type;       /* NULL if none */
    const char *protocol_name;       /* NULL if none */
    const char *leader;              /* "" if none */
    const char *member_id;           /* the member's id (a new one with MEMBER_ID_REQUIRED) */
    bool        skip_assignment;
    int32_t     nmembers;            /* the leader gets every member, others none */
    const ck_group_join_member *members;
} ck_group_join_result;

typedef void (*ck_group_join_cb)(void *opaque, const ck_group_join_result *res);

/** @brief Handles a JoinGroup.  cb runs exactly once (possibly before this
 *  returns), under the group's lock; res is valid during the call only. */
void ck_group_join(ck_gcoord *gc, const ck_group_join_args *a, ck_group_join_cb cb, void *opaque);

typedef struct ck_group_assignment {
    const char    *member_id;
    const uint8_t *data;
    int32_t        len;
} ck_group_assignment;

typedef struct ck_group_sync_args {
    const char *group_id;
    const char *member_id;
    const char *instance_id;         /* NULL if dynamic */
    const char *protocol_type;       /* v5+: checked when not NULL */
    const char *protocol_name;       /* v5+: checked when not NULL */
    int32_t     generation;
    const ck_group_assignment *assignments;   /* the leader's; others send none */
    int32_t     nassignments;
} ck_group_sync_args;

typedef struct ck_group_sync_result {
    int16_t        error;
    const char    *protocol_type;    /* NULL on error */
    const char    *protocol_name;
    const uint8_t *assignment;
    int32_t        assignment_len;
} ck_group_sync_result;

typedef void (*ck_group_sync_cb)(void *opaque, const ck_group_sync_result *res);

/** @brief Handles a SyncGroup; cb as for ck_group_join. */
void ck_group_sync(ck_gcoord *gc, const ck_group_sync_args *a, ck_group_sync_cb cb, void *opaque);

/* ---------------------------------------------------------------------- */
/* Heartbeat / LeaveGroup                                                   */
/* ---------------------------------------------------------------------- */

/** @brief Handles a Heartbeat; returns its Kafka error code.  Any thread. */
int16_t ck_group_heartbeat(ck_gcoord *gc, const char *group_id, const char *member_id, const char *instance_id,
                           int32_t generation);

typedef struct ck_group_leave_member {
    const char *member_id;           /* "" with instance_id: remove by instance id */
    const char *instance_id;         /* NULL if none */
    int16_t     error;               /* out */
} ck_group_leave_member;

/** @brief Handles a LeaveGroup of n members; fills each member's error and
 *  returns the top-level one.  Any thread. */
int16_t ck_group_leave(ck_gcoord *gc, const char *group_id, ck_group_leave_member *members, size_t n);

/* ---------------------------------------------------------------------- */
/* Offsets                                                                  */
/* ---------------------------------------------------------------------- */

typedef struct ck_group_offset {
    const char *topic;
    int32_t     partition;
    int64_t     offset;
    int32_t     leader_epoch;        /* -1 if none */
    const void *metadata;            /* metadata_len bytes, NUL bytes included */
    int32_t     metadata_len;        /* -1: null metadata (metadata unused) */
    int16_t     error;               /* out */
} ck_group_offset;

/** @brief Handles an OffsetCommit: validates the member/generation like
 *  Kafka (generation -1 and member "" is a simple commit, allowed only when
 *  the group has no members), then stores every partition whose topic exists
 *  and whose metadata fits (offset.metadata.max.bytes, counted in bytes) in
 *  one durable LMDB write.  Metadata is kept as the bytes sent, null and
 *  empty apart.  Fills each error;
 *  returns 0 or the error that applied to all.  Any thread. */
int16_t ck_group_commit(ck_gcoord *gc, const char *group_id, const char *member_id, const char *instance_id,
                        int32_t generation, ck_group_offset *offs, size_t n);

/** @brief TxnOffsetCommit v3+ membership check (KIP-447): with a member id,
 *  generation or instance id given, the member must be current in the
 *  group's generation (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION,
 *  FENCED_INSTANCE_ID); with none given the commit is accepted.  0 or the
 *  Kafka error.  Any thread. */
int16_t ck_group_validate_txn_commit(ck_gcoord *gc, const char *group_id, const char *member_id,
                                     const char *instance_id, int32_t generation);

/* One committed offset as read back. */
typedef struct ck_group_committed {
    const char *topic;
    int32_t     partition;
    int64_t     offset;              /* -1 if none */
    int32_t     leader_epoch;
    const void *metadata;            /* metadata_len bytes ("" when none is committed) */
    int32_t     metadata_len;        /* -1: committed with null metadata */
    int64_t     commit_ms;
    int16_t     error;
} ck_group_committed;

typedef void (*ck_group_fetch_fn)(void *opaque, const ck_group_committed *c);

/** @brief Handles an OffsetFetch for group: with tps (n entries, topic and
 *  partition set) one call of fn per entry (offset -1 when none); with tps
 *  NULL one call per committed offset of the group, in key order.  Returns
 *  the group-level error (INVALID_GROUP_ID...).  The pointers given to fn
 *  are valid during the call only.  Any thread. */
int16_t ck_group_fetch(ck_gcoord *gc, const char *group_id, const ck_group_offset *tps, size_t n,
                       ck_group_fetch_fn fn, void *opaque);

/** @brief Handles an OffsetDelete: removes the offsets of tps (errors per
 *  entry: UNKNOWN_TOPIC_OR_PARTITION, GROUP_SUBSCRIBED_TO_TOPIC) and returns
 *  the group-level error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP).  Any thread. */
int16_t ck_group_offset_delete(ck_gcoord *gc, const char *group_id, ck_group_offset *tps, size_t n);

/* ---------------------------------------------------------------------- */
/* Describe / list / delete                                                 */
/* ---------------------------------------------------------------------- */

typedef struct ck_group_desc_member {
    const char    *member_id;
    const char    *instance_id;
    const char    *client_id;
    const char    *client_host;
    const uint8_t *metadata;    int32_t metadata_len;
    const uint8_t *assignment;  int32_t assignment_len;
} ck_group_desc_member;

typedef struct ck_group_desc {
    int16_t     error;
    const char *group_id;
    const char *state;
    const char *protocol_type;       /* "" if none */
    const char *protocol_data;       /* the selected protocol when Stable, else "" */
    int32_t     generation;
    int32_t     nmembers;
    const ck_group_desc_member *members;
} ck_group_desc;

typedef void (*ck_group_desc_fn)(void *opaque, const ck_group_desc *d);

/** @brief Describes group_id (an unknown group is "Dead" without error, as
 *  Kafka answers); fn runs once under the group's lock.  Any thread. */
void ck_group_describe(ck_gcoord *gc, const char *group_id, ck_group_desc_fn fn, void *opaque);

typedef struct ck_group_listing {
    char          *group_id;
    char          *protocol_type;   /* "" if none */
    ck_group_state state;
} ck_group_listing;

/** @brief Every live group (not Dead), sorted by id: *out (free with
 *  ck_group_listings_free) of *n.  Any thread. */
void ck_group_list(ck_gcoord *gc, ck_group_listing **out, size_t *n);
void ck_group_listings_free(ck_group_listing *l, size_t n);

/** @brief Handles one DeleteGroups entry: an Empty group becomes Dead and
 *  its offsets and record are deleted; NON_EMPTY_GROUP when it has members,
 *  GROUP_ID_NOT_FOUND when unknown.  Any thread. */
int16_t ck_group_delete(ck_gcoord *gc, const char *group_id);

/* ---------------------------------------------------------------------- */
/* The offsets store (offsets.c): LMDB encoding of committed offsets        */
/* ---------------------------------------------------------------------- */

typedef struct ck_offset_rec {
    int64_t offset;
    int32_t leader_epoch;
    int64_t commit_ms;
    uint8_t *metadata;               /* metadata_len bytes (ck_malloc'd by decode, with
                                      * a NUL after them); NULL when null */
    int32_t  metadata_len;           /* -1: null metadata */
} ck_offset_rec;

/** @brief The key of group/topic/partition into buf (at least
 *  CK_OFFSET_KEY_MAX bytes); returns its length. */
#define CK_OFFSET_KEY_MAX (2 * 256 + 8)
size_t ck_offset_key(char *buf, const char *group, const char *topic, int32_t partition);
/** @brief Appends a record's value encoding to wb. */
void ck_offset_rec_encode(ck_wb *wb, const ck_offset_rec *r);
/** @brief Decodes a value into *r (metadata allocated unless null; the
 *  caller ck_free's it); CHRONIK_ERR_CORRUPT if bad. */
int  ck_offset_rec_decode(const void *v, size_t vl, ck_offset_rec *r);
/** @brief Splits a key into its topic (pointer into key, tlen bytes) and
 *  partition after the group prefix of glen bytes; false if malformed. */
bool ck_offset_key_split(const void *key, size_t kl, size_t glen, const char **topic, size_t *tlen,
                         int32_t *partition);
/** @brief Reads one committed offset; CHRONIK_ERR_NOT_FOUND if none. */
int  ck_offset_get(ck_meta *m, const char *group, const char *topic, int32_t partition, ck_offset_rec *r);

/* ---------------------------------------------------------------------- */
/* The internal topic __consumer_offsets (offsets_topic.c)                  */
/* ---------------------------------------------------------------------- */

#define CK_OFFSETS_TOPIC "__consumer_offsets"

/* One change of the offsets table, for the internal topic. */
typedef struct ck_otopic_entry {
    const char          *group;
    const char          *topic;
    int32_t              partition;
    const ck_offset_rec *rec;        /* NULL: a tombstone (deleted or expired) */
} ck_otopic_entry;

/* A classic group's membership, for its GroupMetadata record. */
typedef struct ck_otopic_member {
    const char    *member_id, *client_id, *client_host;
    int32_t        rebalance_timeout_ms, session_timeout_ms;
    const uint8_t *subscription;     /* the selected protocol's metadata */
    int32_t        subscription_len;
    const uint8_t *assignment;
    int32_t        assignment_len;
} ck_otopic_member;

typedef struct ck_otopic_group {
    const char             *protocol_type;   /* NULL: "" */
    int32_t                 generation;
    const char             *protocol;        /* NULL: none */
    const char             *leader;          /* NULL: none */
    const ck_otopic_member *members;
    int32_t                 nmembers;
} ck_otopic_group;

/** @brief Kafka's partition of group among `partitions`:
 *  Utils.abs(groupId.hashCode()) % partitions (Java's String.hashCode). */
int32_t ck_offsets_topic_partition_for(const char *group, int32_t partitions);
/** @brief Appends Kafka's OffsetCommitKey v1 / OffsetCommitValue v3 bytes. */
void ck_offsets_topic_key(ck_wb *wb, const char *group, const char *topic, int32_t partition);
void ck_offsets_topic_value(ck_wb *wb, const ck_offset_rec *r);
/** @brief Appends Kafka's GroupMetadataKey v2 / GroupMetadataValue v1 bytes. */
void ck_offsets_topic_group_key(ck_wb *wb, const char *group);
void ck_offsets_topic_group_value(ck_wb *wb, const ck_otopic_group *g);
/** @brief Group feature start: enables the topic and, when it exists or
 *  LMDB holds offsets, creates and reconciles it with LMDB.  0 or an error. */
int  ck_offsets_topic_start(ck_engine *eng);
/** @brief Group feature stop: no more appends. */
void ck_offsets_topic_stop(ck_engine *eng);
/** @brief Creates the topic when missing (feature running); 0 or NOT_FOUND. */
int  ck_offsets_topic_ensure(ck_engine *eng);
/** @brief Appends commit records (e->rec set) and tombstones (e->rec NULL),
 *  after the change is committed to LMDB (under the group's lock when there
 *  is one).  No-op unless the feature runs.  Any thread. */
void ck_offsets_topic_write(ck_engine *eng, const ck_otopic_entry *e, size_t n);
/** @brief Appends group's membership record g (NULL: its tombstone), as
 *  ck_offsets_topic_write. */
void ck_offsets_topic_write_group(ck_engine *eng, const char *group, const ck_otopic_group *g);
/** @brief Tombstones for n LMDB offset keys (ck_offset_key layout). */
void ck_offsets_topic_write_deleted(ck_engine *eng, char *const *keys, const size_t *klens, size_t n);

/* The group record in CK_META_GROUPS (protocol type, generation, the time
 * it became Empty). */
typedef struct ck_group_rec {
    char   *protocol_type;           /* ck_malloc'd; "" if none */
    int32_t generation;
    int64_t empty_since_ms;          /* -1 if not Empty */
} ck_group_rec;

void ck_group_rec_encode(ck_wb *wb, const ck_group_rec *r);
int  ck_group_rec_decode(const void *v, size_t vl, ck_group_rec *r);

/* ---------------------------------------------------------------------- */
/* Consumer groups of the new protocol (KIP-848, consumer.c)                */
/* ---------------------------------------------------------------------- */

typedef struct ck_cgroups ck_cgroups;

/* Partitions of one topic, by topic id. */
typedef struct ck_cg_topic_parts {
    uint8_t  topic_id[16];
    int32_t *partitions;
    int32_t  npartitions;
} ck_cg_topic_parts;

/* A ConsumerGroupHeartbeat.  Strings are NUL-terminated; a NULL string, a
 * negative count or -1 timeout means "null: unchanged since the last
 * heartbeat", as in the request. */
typedef struct ck_cg_heartbeat_args {
    const char              *group_id;
    const char              *member_id;
    int32_t                  member_epoch;     /* 0 join, -1 leave, -2 static leave */
    const char              *instance_id;
    const char              *rack_id;
    int32_t                  rebalance_timeout_ms;
    const char *const       *topics;           /* SubscribedTopicNames */
    int32_t                  ntopics;          /* -1: null */
    const char              *regex;            /* SubscribedTopicRegex */
    const char              *assignor;         /* ServerAssignor */
    const ck_cg_topic_parts *owned;            /* TopicPartitions the member owns */
    int32_t                  nowned;           /* -1: null */
    const char              *client_id, *client_host;
} ck_cg_heartbeat_args;

typedef struct ck_cg_heartbeat_result {
    int16_t            error;
    char               errmsg[256];
    char               member_id[256];
    int32_t            member_epoch;
    int32_t            heartbeat_interval_ms;
    bool               has_assignment;         /* false: the assignment did not change */
    ck_cg_topic_parts *topics;                 /* the partitions the member may use */
    int32_t            ntopics;
} ck_cg_heartbeat_result;

/** @brief Starts eng's consumer-group coordinator (and its expiry timer),
 *  kept in an extension slot.  0 or a chronik_err_t. */
int ck_cgroups_start(ck_engine *eng);
/** @brief Stops and frees eng's consumer-group coordinator, if any. */
void ck_cgroups_stop(ck_engine *eng);
/** @brief Frees cg (timer joined).  NULL ok. */
void ck_cgroups_free(ck_cgroups *cg);
/** @brief eng's consumer-group coordinator, or NULL when not started. */
ck_cgroups *ck_cgroups_of(ck_engine *eng);
/** @brief Topics were created, deleted or grew: subscriptions are resolved
 *  again at each group's next heartbeat.  Any thread; cg may be NULL. */
void ck_cgroups_topics_changed(ck_cgroups *cg);
/** @brief Removes the members whose session or rebalance timeout passed at
 *  now_mono_ms (the timer thread does this every 200 ms). */
void ck_cgroups_expire_now(ck_cgroups *cg, int64_t now_mono_ms);

/** @brief ConsumerGroupHeartbeat: joins, leaves, fences, reconciles and
 *  answers with the member's epoch and (when it changed) its assignment.
 *  Errors in res->error with Kafka's codes and messages: INVALID_REQUEST,
 *  UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID,
 *  UNSUPPORTED_ASSIGNOR, INVALID_REGULAR_EXPRESSION,
 *  GROUP_MAX_SIZE_REACHED.  Free res with ck_cg_heartbeat_result_free.
 *  Any thread; never blocks on I/O. */
void ck_cgroup_heartbeat(ck_cgroups *cg, const ck_cg_heartbeat_args *a, ck_cg_heartbeat_result *res);
void ck_cg_heartbeat_result_free(ck_cg_heartbeat_result *res);

/** @brief 1 when group_id is a consumer-protocol group (with *nmembers
 *  members, may be NULL), else 0. */
int ck_cgroup_kind(ck_cgroups *cg, const char *group_id, int32_t *nmembers);
/** @brief Checks an OffsetCommit / OffsetFetch of member_id at epoch
 *  against a consumer-protocol group: 0 (also for groups of the classic
 *  protocol), UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH or FENCED_MEMBER_EPOCH.
 *  An empty member id with a negative epoch is a simple commit: allowed
 *  only while the group has no members. */
int16_t ck_cgroup_validate_commit(ck_cgroups *cg, const char *group_id, const char *member_id, int32_t epoch);
/** @brief Forgets an empty consumer-protocol group (NON_EMPTY_GROUP while it
 *  has members; 0 when it is not one). */
int16_t ck_cgroup_delete(ck_cgroups *cg, const char *group_id);

typedef struct ck_cg_listing {
    char       *group_id;
    const char *state;                          /* static string */
} ck_cg_listing;
void ck_cgroup_list(ck_cgroups *cg, ck_cg_listing **out, size_t *n);
void ck_cg_listings_free(ck_cg_listing *l, size_t n);

typedef struct ck_cg_desc_tps {
    ck_cg_topic_parts *topics;
    int32_t            ntopics;
} ck_cg_desc_tps;

typedef struct ck_cg_desc_member {
    char          *member_id, *instance_id, *rack_id, *client_id, *client_host, *regex;
    int32_t        member_epoch;
    char         **topics;
    int32_t        ntopics;
    ck_cg_desc_tps assignment, target;
} ck_cg_desc_member;

typedef struct ck_cg_desc {
    char              *group_id;
    const char        *state;                  /* Empty, Assigning, Reconciling, Stable */
    int32_t            group_epoch, assignment_epoch;
    char              *assignor;
    ck_cg_desc_member *members;
    int32_t            nmembers;
} ck_cg_desc;

/** @brief A copy of the group's state in *d (free with ck_cg_desc_free);
 *  GROUP_ID_NOT_FOUND when group_id is not a consumer-protocol group. */
int ck_cgroup_describe(ck_cgroups *cg, const char *group_id, ck_cg_desc *d);
void ck_cg_desc_free(ck_cg_desc *d);

#endif /* CK_GROUP_H */

/*
 * search_int.h — what the files of lib/search share: the JSON document
 * model (sjson.c), the per-topic FTS5 index and its indexer thread
 * (indexer.c), the compiled query tree and its evaluation (query.c), and
 * the instance of an engine (search_api.c).  Nothing outside lib/search
 * includes it.
 *
 * Lock order: a partition's wait lock (watch callbacks) -> s->lock;
 * idx->wlock (the writer) -> s->lock; idx->rlock (reader pool) is a leaf.
 * Nobody calls into the engine's topic administration with these held.
 */
#ifndef CK_SEARCH_INT_H
#define CK_SEARCH_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "search/search.h"
#include "record/record.h"

#define CK_SEARCH_SUB "search"

/* ===================================================================== */
/* JSON documents (sjson.c)                                              */
/* ===================================================================== */

typedef enum ck_sj_type {
    CK_SJ_NULL = 0, CK_SJ_TRUE, CK_SJ_FALSE, CK_SJ_NUMBER, CK_SJ_STRING, CK_SJ_ARRAY, CK_SJ_OBJECT
} ck_sj_type;

/* One value.  Strings are unescaped UTF-8 (s, len; NUL-terminated); numbers
 * keep their text (s, len) and value (num); containers their n kids, an
 * object's kids carrying their member names (key, keylen).  Everything
 * lives in the arena passed to ck_sj_parse. */
typedef struct ck_sj {
    ck_sj_type    type;
    bool          integral;     /* NUMBER without fraction or exponent */
    const char   *key;          /* member name (object kids) */
    size_t        keylen;
    const char   *s;            /* STRING text, NUMBER text */
    size_t        len;
    double        num;
    struct ck_sj *kids;
    size_t        n;
} ck_sj;

/** @brief Parses text (len bytes) into a tree allocated from arena; NULL
 *  with err (the problem and its byte offset) when text is not exactly one
 *  valid JSON value or nests deeper than max_depth. */
ck_sj *ck_sj_parse(ck_arena *arena, const char *text, size_t len, int max_depth, char *err, size_t errlen);
/** @brief Member key of object obj (the first), or NULL. */
const ck_sj *ck_sj_get(const ck_sj *obj, const char *key);
/** @brief The value at a dotted path ("a.b.c"; a member whose name holds
 *  the dots matches too), or NULL. */
const ck_sj *ck_sj_path(const ck_sj *v, const char *path, size_t len);
/** @brief Appends v as JSON. */
void ck_sj_write(ck_wb *out, const ck_sj *v);
const char *ck_sj_type_name(ck_sj_type t);
/** @brief Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
size_t ck_sj_utf8_len(const uint8_t *s, size_t n);

/* ===================================================================== */
/* Per-topic index (indexer.c)                                           */
/* ===================================================================== */

/* Indexed text columns: the key, CK_SEARCH_SLOTS field slots (a field path
 * takes the next free slot the first time it is seen), and "rest" for the
 * fields beyond them.  Column numbers in the FTS5 table: */
#define CK_SEARCH_SLOTS 32
#define CK_SCOL_TS   0              /* UNINDEXED timestamp */
#define CK_SCOL_KEY  1
#define CK_SCOL_SLOT0 2
#define CK_SCOL_REST (CK_SCOL_SLOT0 + CK_SEARCH_SLOTS)
#define CK_SCOL_COUNT (CK_SCOL_REST + 1)

/* A document's rowid is (partition << 40) | offset. */
#define CK_SEARCH_OFFSET_BITS 40
#define CK_SEARCH_OFFSET_MASK ((INT64_C(1) << CK_SEARCH_OFFSET_BITS) - 1)
static inline int64_t ck_search_rowid(int32_t part, int64_t off) {
    return ((int64_t)part << CK_SEARCH_OFFSET_BITS) | off;
}

enum { CK_SAN_STANDARD = 0, CK_SAN_PORTER = 1, CK_SAN_TRIGRAM = 2 };

typedef struct ck_sidx ck_sidx;

/* A consistent view of an index's field slots, for query compilation. */
typedef struct ck_sidx_fields {
    int   nslots;
    char *slot[CK_SEARCH_SLOTS];    /* field path of slot i (owned) */
    bool  rest_used;                /* some field went to "rest" */
    bool  key;                      /* searchable.key */
    int   analyzer;
} ck_sidx_fields;

struct ck_sidx {
    ck_search       *s;
    char            *name;
    uint8_t          id[16];
    char            *path;
    ck_topic        *topic;          /* kept */
    int              refs;           /* under s->lock */
    bool             dropped;        /* under s->lock: no longer in s->topics */

    /* Config the index was built with (a change rebuilds it). */
    int              analyzer;
    bool             index_key;
    char            *fields_conf;    /* searchable.fields ("" default) */
    char           **fields;         /* parsed paths */
    int              nfields;

    /* The writer: everything below until the reader pool, under wlock. */
    pthread_mutex_t  wlock;
    sqlite3         *db;
    sqlite3_stmt    *ins, *prog;
    int32_t          nprog;
    int64_t         *progress;       /* next offset to index per partition */
    int64_t         *low;            /* documents below it were removed */
    ck_watch        *watches;
    int32_t          nwatch;
    ck_map           slots;          /* field path -> slot + 1 */
    char            *slot_name[CK_SEARCH_SLOTS];
    int              nslots;
    bool             rest_used;
    int64_t          last_commit_ms;
    int64_t          retry_at;
    ck_wb            buf;
    ck_arena         arena;
    ck_wb            col[CK_SCOL_COUNT];

    /* Published for readers (under s->lock). */
    ck_sidx_fields   pub;
    bool             ready;          /* the database is open */
    int64_t         *pub_progress;
    int32_t          npub;

    /* Read connections (rlock). */
    pthread_mutex_t  rlock;
    sqlite3         *readers[4];
    int              nreaders;

    /* Stats (relaxed atomics). */
    _Atomic uint64_t docs_indexed;   /* since open */
    _Atomic uint64_t docs_deleted;
    _Atomic int64_t  lag_records;
    _Atomic int64_t  lag_ms;         /* age of the oldest unindexed acknowledged record */
    _Atomic int64_t  backfill_total; /* records to index when the index (re)started */
    _Atomic int64_t  backfill_done;
    _Atomic int64_t  doc_count;      /* documents in the index at the last commit */
};

struct ck_search {
    ck_engine       *eng;
    char            *dir;            /* <data.dir>/search */
    pthread_mutex_t  lock;
    pthread_cond_t   cond;
    ck_map           topics;         /* name -> ck_sidx* (live) */
    pthread_t        thr;
    bool             started, stop, kick, data, swept;
    int64_t          max_size, timeout_ms;
    int              max_depth, max_clauses;

    _Atomic uint64_t st_queries, st_errors, st_timeouts, st_docs_indexed, st_commits, st_rebuilds;
    _Atomic uint64_t st_query_us;
};

/** @brief Starts the indexer thread of s.  0 or IO. */
int ck_sidx_start(ck_search *s);
/** @brief Stops the indexer thread (its last transaction committed). */
void ck_sidx_stop(ck_search *s);
/** @brief Wakes the indexer to re-read the topic list now. */
void ck_sidx_kick(ck_search *s);
/** @brief The live index of topic (kept: release with ck_sidx_release), or
 *  NULL when the topic is not searchable or not known yet.  Any thread. */
ck_sidx *ck_sidx_get(ck_search *s, const char *topic);
/** @brief Drops a reference taken by ck_sidx_get (NULL does nothing); the
 *  last one frees the index object.  Any thread, no lock held. */
void ck_sidx_release(ck_sidx *idx);
/** @brief Indexes idx until every partition's progress reaches hwm[i] (or
 *  the log end), under the writer lock, or until deadline_ms (monotonic)
 *  passes.  0, TIMED_OUT, or IO.  Any thread. */
int ck_sidx_catch_up(ck_sidx *idx, const int64_t *hwm, int32_t n, int64_t deadline_ms);
/** @brief A read connection of idx (from its pool, or opened). */
sqlite3 *ck_sidx_reader(ck_sidx *idx);
/** @brief Gives a read connection back to idx's pool (closed when full). */
void ck_sidx_reader_put(ck_sidx *idx, sqlite3 *db);
/** @brief Copies the published field slots of idx into f (free with
 *  ck_sidx_fields_free). */
void ck_sidx_fields_get(ck_sidx *idx, ck_sidx_fields *f);
/** @brief Releases what ck_sidx_fields_get copied into f. */
void ck_sidx_fields_free(ck_sidx_fields *f);
/** @brief The FTS5 tokenizer arguments of an analyzer ("unicode61 ..."). */
const char *ck_sidx_tokenizer(int analyzer);
/** @brief Every string under v appended to out (newline separated). */
void ck_sidx_collect_text(const ck_sj *v, ck_wb *out);

/* ===================================================================== */
/* Reading records from the log                                          */
/* ===================================================================== */

/* A cursor that finds records of one partition by offset, reading batches
 * through the engine (ck_partition_read_copy) and keeping the last chunk, so
 * increasing offsets cost one read per chunk. */
typedef struct ck_srec_reader {
    ck_partition *p;
    ck_wb         buf;
    int64_t       from, next;       /* buf holds batches covering [from, next) */
    ck_rec_iter   it;
    bool          it_live;
    size_t        pos;              /* next batch in buf */
    ck_rec        rec;
    bool          have;
} ck_srec_reader;

/** @brief Prepares r to read partition p (borrowed: keep its topic). */
void ck_srec_reader_init(ck_srec_reader *r, ck_partition *p);
/** @brief Releases r's buffers. */
void ck_srec_reader_free(ck_srec_reader *r);
/** @brief Finds the record at offset: 1 (rec filled, valid until the next
 *  call), 0 when there is none (deleted, control, out of range), <0 error. */
int ck_srec_reader_get(ck_srec_reader *r, int64_t offset, ck_rec *rec);

#endif

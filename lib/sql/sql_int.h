/*
 * sql_int.h — what the files of lib/sql share: the JSON flattener and the
 * data-column schema (flatten.c), the materializer's per-topic state
 * (materializer.c), the query connections (query.c) and the virtual-table
 * module (vtab.c).  Nothing outside lib/sql includes it.
 */
#ifndef CK_SQL_INT_H
#define CK_SQL_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "sql/sql.h"

#define CK_SQL_SUB "sql"

/* Column types of data columns, in widening order. */
#define CK_SQLT_INTEGER 1
#define CK_SQLT_REAL    2
#define CK_SQLT_TEXT    3

/* Most data columns per columnar topic; longest column name. */
#define CK_SQL_MAX_COLS 1000
#define CK_SQL_MAX_NAME 200
/* Most columnar topics one query may reference (SQLite attaches at most 10). */
#define CK_SQL_MAX_ATTACH 9

/* ===================================================================== */
/* JSON flattening (flatten.c)                                            */
/* ===================================================================== */

/* Kinds of a flattened leaf. */
#define CK_JV_NULL 0
#define CK_JV_INT  1     /* integers and booleans (0/1) */
#define CK_JV_REAL 2
#define CK_JV_TEXT 3
#define CK_JV_JSON 4     /* an array (or an object nested too deep), as JSON text */

typedef struct ck_sql_field {
    size_t  name_off, name_len;   /* in flat->names ("a.b") */
    int     kind;                 /* CK_JV_* */
    int64_t i;
    double  r;
    size_t  s_off, s_len;         /* TEXT/JSON: in flat->strs; INT/REAL: the number's text */
} ck_sql_field;

/* The leaves of one JSON object; buffers are reused between records. */
typedef struct ck_sql_flat {
    ck_sql_field *f;
    size_t        n, cap;
    ck_wb         names;
    ck_wb         strs;
    ck_wb         path;
} ck_sql_flat;

/** @brief Initializes / frees the reusable buffers of fl (one thread at a time). */
void ck_sql_flat_init(ck_sql_flat *fl);
void ck_sql_flat_free(ck_sql_flat *fl);
/** @brief Flattens the JSON object p[0..len) into fl (reset first).  0 when
 *  it is an object, -1 otherwise (not JSON, not an object, too deep): fl is
 *  then empty.  Never reads outside p[0..len). */
int ck_sql_flatten(ck_sql_flat *fl, const uint8_t *p, size_t len);
/** @brief The column type a leaf kind needs (0 for JSON null). */
int ck_sql_kind_type(int kind);

/* One converted cell, ready to bind or return. */
typedef struct ck_sql_cell {
    int         type;             /* CHRONIK_SQL_* */
    int64_t     i;
    double      r;
    const char *s;
    size_t      len;
    char        num[32];          /* backing store of a number turned into text */
} ck_sql_cell;

/** @brief Converts leaf f to a column of type coltype (the stored form). */
void ck_sql_field_cell(const ck_sql_flat *fl, const ck_sql_field *f, int coltype, ck_sql_cell *c);

/* Data-column schema: names (unique case-insensitively) with types. */
typedef struct ck_sql_col {
    char *name;
    int   type;                   /* CK_SQLT_* */
} ck_sql_col;

typedef struct ck_sql_schema {
    ck_sql_col *cols;
    int         n, cap;
    ck_map      idx;              /* lowercased name -> index + 1 */
} ck_sql_schema;

/** @brief Empty schema / release / deep copy (dst is freed first). */
void ck_sql_schema_init(ck_sql_schema *s);
void ck_sql_schema_free(ck_sql_schema *s);
void ck_sql_schema_copy(ck_sql_schema *dst, const ck_sql_schema *src);
/** @brief Index of the column named name[0..len) (case-insensitive), or -1. */
int  ck_sql_schema_find(const ck_sql_schema *s, const char *name, size_t len);
/** @brief Appends a column; returns its index. */
int  ck_sql_schema_add(ck_sql_schema *s, const char *name, size_t len, int type);
/** @brief true when name[0..len) may be a data column (length, no NUL,
 *  not one of the reserved _partition/_offset/_timestamp/_key/_value/_headers). */
bool ck_sql_colname_ok(const char *name, size_t len);

/** @brief "INTEGER", "REAL", "TEXT" (static), or "NULL" for anything else. */
const char *ck_sql_type_name(int type);
/** @brief Appends "name" with embedded quotes doubled. */
void ck_sql_ident(ck_wb *wb, const char *s, size_t n);
/** @brief true when p[0..n) is valid UTF-8 (no overlongs or surrogates). */
bool ck_sql_utf8_valid(const uint8_t *p, size_t n);
/** @brief Sets the result of ctx to bytes p[0..len) as TEXT when valid
 *  UTF-8, else BLOB; NULL when len < 0. */
void ck_sql_result_bytes(sqlite3_context *ctx, const uint8_t *p, int32_t len);
/** @brief Binds the same way. */
void ck_sql_bind_bytes(sqlite3_stmt *st, int idx, const uint8_t *p, int32_t len);

/* ===================================================================== */
/* Materializer (materializer.c)                                          */
/* ===================================================================== */

/* A columnar topic being materialized.  Fields marked [w] belong to the
 * worker thread; [l] are read by query threads under sql->lock and written
 * by the worker under it. */
typedef struct ck_mat_topic {
    char          *name;          /* [w,l] immutable */
    uint8_t        id[16];        /* [w,l] immutable */
    char          *path;          /* [w,l] immutable: <dir>/<topic>.db */
    ck_topic      *topic;         /* [w] kept */
    ck_sql        *sql;
    sqlite3       *db;            /* [w] */
    sqlite3_stmt  *ins;           /* [w] prepared insert, NULL after schema changes */
    ck_sql_schema  work;          /* [w] schema incl. uncommitted columns */
    bool           schema_dirty;  /* [w] */
    int64_t       *progress;      /* [w] next offset per partition */
    int32_t        nprog;
    ck_watch      *watches;       /* [w] one per partition */
    int32_t        nwatch;
    int64_t        retry_at;      /* [w] after a failure: mono ms of the next attempt */
    int64_t        last_commit;   /* [w] mono ms of the last commit */
    bool           last_full;     /* [w] the last transaction hit the row cap (backlog) */
    ck_sql_flat    flat;          /* [w] scratch */
    ck_wb          buf;           /* [w] batches read */
    /* published after each commit */
    ck_sql_schema  pub;           /* [l] committed schema */
    int64_t       *pub_progress;  /* [l] committed progress */
    int32_t        npub;
    bool           ready;         /* [l] the .db exists with its tables */
} ck_mat_topic;

/** @brief Starts the materializer thread of sql.  0 or IO. */
int  ck_mat_start(ck_sql *sql);
/** @brief Stops and joins it, closing every topic's database. */
void ck_mat_stop(ck_sql *sql);
/** @brief Wakes the worker (topic list changed). */
void ck_mat_kick(ck_sql *sql);

/* ===================================================================== */
/* The instance and its query connections (query.c)                       */
/* ===================================================================== */

/* What a temp virtual table of a query connection reads. */
typedef struct ck_sql_spec {
    char          *topic;
    bool           hot;           /* columnar tail: data columns, from the progress snapshot */
    ck_sql_schema  cols;          /* hot: the data columns */
    int            snap;          /* hot: index into conn->snaps */
} ck_sql_spec;

/* Committed progress of one columnar topic, captured at query start. */
typedef struct ck_sql_snap {
    int64_t *progress;
    int32_t  n;
    char    *topic;
    bool     unified;             /* "{topic}" is a view this connection may redefine */
    bool     cold_only;           /* it currently reads the cold table alone */
} ck_sql_snap;

typedef struct ck_sql_conn {
    ck_sql       *sql;
    sqlite3      *db;
    char         *sig;            /* what the temp objects were built from */
    ck_sql_spec  *specs;
    int           nspecs;
    ck_sql_snap  *snaps;
    char        **snap_schema;    /* attached schema name of each snap's .db, or NULL */
    int           nsnaps;
    bool          internal;       /* our own statements: authorizer allows all */
    int64_t       deadline;       /* mono ms */
    bool          timed_out;
    char          denied[96];     /* what the authorizer refused */
    struct ck_sql_conn *next;     /* pool link */
} ck_sql_conn;

struct ck_sql {
    ck_engine       *eng;
    char            *dir;                 /* <data.dir>/sql */
    int64_t          timeout_ms;
    int64_t          max_rows;
    int              threads;

    /* materializer */
    pthread_mutex_t  lock;
    pthread_cond_t   cond;                /* wakes the worker */
    pthread_cond_t   progress_cond;       /* broadcast after each commit */
    ck_map           topics;              /* name -> ck_mat_topic* ([l]) */
    bool             stop, kick, data, paused;
    bool             swept;               /* stale .db files removed once */
    pthread_t        thr;
    bool             started;

    /* query slots and pooled connections */
    pthread_mutex_t  qlock;
    pthread_cond_t   qcond;
    int              slots_free;
    ck_sql_conn     *pool;

    _Atomic uint64_t st_queries, st_errors, st_timeouts, st_rejected, st_latency_us, st_rows;
    _Atomic uint64_t st_mat_rows, st_mat_commits;
};

/** @brief Registers the chronik module on conn->db.  SQLite result code. */
int ck_sql_vtab_register(ck_sql_conn *conn);
/** @brief Counts records decoded from the log. */
void ck_sql_count_scanned(uint64_t n);

/** @brief Reads whole batches of p starting at offset (below end) into buf
 *  (appended), about max_bytes.  *next: where to continue.  0, or a
 *  chronik_err_t (UNKNOWN_TOPIC_OR_PARTITION after deletion, OFFSET_OUT_OF_RANGE). */
int ck_sql_read_batches(ck_partition *p, int64_t offset, int64_t end, size_t max_bytes, ck_wb *buf, int64_t *next);

#endif

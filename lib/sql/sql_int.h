/*
 * sql_int.h — what the files of lib/sql share: the JSON flattener and the
 * data-column schema (flatten.c), column vectors and block BLOBs
 * (colblock.c), the materializer's per-topic state (materializer.c), the
 * query connections (query.c), the virtual-table module and log cursor
 * (vtab.c) and the aggregate path (agg.c).  Nothing outside lib/sql
 * includes it.
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
/* Column blocks (colblock.c)                                             */
/* ===================================================================== */

/* The cold table of a columnar topic is also kept as column blocks: each
 * CK_SQL_BLOCK_ROWS consecutive rows of the table (in rowid order, i.e. the
 * order the materializer inserted them) become one BLOB per column in
 * "$blocks" (key = block number * CK_SQL_BLK_STRIDE + column id), described
 * by one row of "$blockmeta".  Rows after the last block are only in the
 * table.  Column ids: */
#define CK_SQL_BCOL_PART  0
#define CK_SQL_BCOL_OFF   1
#define CK_SQL_BCOL_TS    2
#define CK_SQL_BCOL_KEY   3
#define CK_SQL_BCOL_DATA  4           /* + the data column's position in "$columns" */
#define CK_SQL_BLK_STRIDE 65536
#define CK_SQL_BLOCK_ROWS 4096

/* A stored value (SQLite's storage classes).  TEXT/BLOB bytes are borrowed
 * and not NUL-terminated. */
typedef struct ck_sql_val {
    int            type;          /* CHRONIK_SQL_* */
    int64_t        i;
    double         r;
    const uint8_t *s;
    size_t         len;
} ck_sql_val;

/** @brief Compares a and b as SQLite compares two values under the BINARY
 *  collation: NULL < numbers (INTEGER and REAL by value) < TEXT < BLOB,
 *  text and blobs bytewise, then by length.  <0, 0 or >0. */
int ck_sql_val_cmp(const ck_sql_val *a, const ck_sql_val *b);
/** @brief Hash consistent with ck_sql_val_cmp(a, b) == 0. */
uint64_t ck_sql_val_hash(const ck_sql_val *v);
/** @brief The value v takes in a data column widened to coltype (CK_SQLT_*),
 *  as CAST does: INTEGER -> REAL, INTEGER/REAL -> TEXT (numbers formatted in
 *  num, which must outlive *out); anything else is copied unchanged. */
void ck_sql_val_widen(const ck_sql_val *v, int coltype, ck_sql_val *out, char num[32]);
/** @brief The value of SQLite column idx of st (borrowed until the next step). */
void ck_sql_val_column(sqlite3_stmt *st, int idx, ck_sql_val *out);

/* One column of buffered rows. */
typedef struct ck_sql_colvec {
    uint8_t       *t;             /* per row: CHRONIK_SQL_* */
    int64_t       *v;             /* INTEGER value, REAL bits, or TEXT/BLOB offset in bytes */
    uint32_t      *len;           /* TEXT/BLOB length */
    ck_wb          bytes;
    uint32_t       n, cap;
} ck_sql_colvec;

/** @brief Empty vector / release / drop every row (memory kept). */
void ck_sql_colvec_init(ck_sql_colvec *cv);
void ck_sql_colvec_free(ck_sql_colvec *cv);
void ck_sql_colvec_clear(ck_sql_colvec *cv);
/** @brief Appends NULLs until the vector holds n rows. */
void ck_sql_colvec_pad(ck_sql_colvec *cv, uint32_t n);
/** @brief Appends v (its bytes are copied). */
void ck_sql_colvec_push(ck_sql_colvec *cv, const ck_sql_val *v);
/** @brief Row `row` (NULL past the end); bytes borrowed until the next push. */
void ck_sql_colvec_get(const ck_sql_colvec *cv, uint32_t row, ck_sql_val *out);
/** @brief Converts every row as ck_sql_val_widen to coltype. */
void ck_sql_colvec_widen(ck_sql_colvec *cv, int coltype);
/** @brief Encodes rows [0, n) (NULL past cv->n) as one block BLOB into out
 *  (appended).  Returns false when every row is NULL (nothing written). */
bool ck_sql_colvec_encode(const ck_sql_colvec *cv, uint32_t n, ck_wb *out);

/* Encodings of a block BLOB. */
#define CK_BLK_NULL    0              /* every row NULL */
#define CK_BLK_INT     1              /* INTEGERs (and NULLs) */
#define CK_BLK_REAL    2              /* REALs (and NULLs) */
#define CK_BLK_DICT    3              /* TEXT or BLOB through a dictionary */
#define CK_BLK_PLAIN   4              /* TEXT or BLOB, one after the other */
#define CK_BLK_GENERIC 5              /* mixed storage classes */

/* A decoded block.  Arrays are owned and reused from one decode to the
 * next; TEXT/BLOB bytes are borrowed from the BLOB given to decode. */
typedef struct ck_sql_block {
    int            enc;           /* CK_BLK_* */
    int            type;          /* CHRONIK_SQL_* of the non-NULL rows (not GENERIC) */
    uint32_t       n;
    const uint8_t *nn;            /* bit per row, set when not NULL; NULL: none is NULL */
    int64_t       *i;             /* INT */
    double        *r;             /* REAL */
    uint32_t      *code;          /* DICT: per row, into dict */
    ck_sql_val    *dict;          /* DICT */
    uint32_t       ndict;
    ck_sql_val    *gen;           /* PLAIN, GENERIC: per row */
    uint8_t       *nnbuf;         /* owned copy of the bitmap */
    size_t         cap_i, cap_r, cap_code, cap_dict, cap_gen, cap_nn;
} ck_sql_block;

void ck_sql_block_init(ck_sql_block *b);
void ck_sql_block_free(ck_sql_block *b);
/** @brief Decodes a block BLOB p[0..len).  0, or -1 when it is malformed
 *  (never reads outside p). */
int  ck_sql_block_decode(ck_sql_block *b, const uint8_t *p, size_t len);
/** @brief Row `row` of a decoded block. */
void ck_sql_block_get(const ck_sql_block *b, uint32_t row, ck_sql_val *out);
static inline bool ck_sql_block_notnull(const ck_sql_block *b, uint32_t row) {
    return !b->nn || (b->nn[row >> 3] >> (row & 7)) & 1;
}

/* ===================================================================== */
/* Materializer (materializer.c)                                          */
/* ===================================================================== */

/* Rows inserted into the table but not yet in a block (at most
 * CK_SQL_BLOCK_ROWS), plus rows decoded but not yet inserted.  cols[0..3]
 * hold _partition, _offset, _timestamp, _key; cols[4 + k] data column k. */
typedef struct ck_mat_pend {
    uint32_t       n;             /* rows buffered */
    uint32_t       inserted;      /* of which already in the table */
    ck_sql_colvec *cols;
    int            ncols;
    int64_t        blk_next;      /* number of the next block */
    int64_t        blk_last_rowid;/* last rowid covered by blocks (0: none) */
    int64_t        last_rowid;    /* rowid of the last row inserted */
    bool           bad;           /* an insert was ignored: reload from the table */
} ck_mat_pend;

/* The last record's field names and the columns they went to. */
typedef struct ck_mat_fcache {
    char         **name;
    size_t        *len;
    int           *col;           /* -1: not a column */
    size_t         n, cap;
} ck_mat_fcache;

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
    sqlite3_stmt  *ins;           /* [w] prepared one-row insert, NULL after schema changes */
    sqlite3_stmt  *ins_many;      /* [w] prepared multi-row insert (ins_rows rows), idem */
    int            ins_rows;
    sqlite3_stmt  *prog_st;       /* [w] prepared "$progress" update */
    sqlite3_stmt  *blk_st;        /* [w] prepared "$blocks" insert */
    sqlite3_stmt  *meta_st;       /* [w] prepared "$blockmeta" insert */
    ck_mat_pend    pend;          /* [w] */
    ck_mat_fcache  fcache;        /* [w] */
    int           *fcol;          /* [w] scratch: column of each field of a record */
    size_t         fcap;
    ck_wb          blob;          /* [w] scratch: an encoded block */
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
    char    *viewsig;             /* what "{topic}" and "{topic}_cold" are defined as now */
    ck_sql_schema cold;           /* data columns of the attached table, read with progress */
    ck_sql_schema cols;           /* the columns "{topic}" exposes (committed + new in the tail) */
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
    bool             pause_held;          /* the materializer saw paused between passes */
    bool             swept;               /* stale .db files removed once */
    pthread_t        thr;
    bool             started;

    /* query slots and pooled connections */
    pthread_mutex_t  qlock;
    pthread_cond_t   qcond;
    int              slots_free;
    ck_sql_conn     *pool;

    _Atomic uint64_t st_queries, st_errors, st_timeouts, st_rejected, st_latency_us, st_rows;
    _Atomic uint64_t st_mat_rows, st_mat_commits, st_mat_blocks, st_mat_cpu_us, st_agg;
    _Atomic bool     agg_off;             /* tests: answer every query through SQLite */
};

/** @brief Registers the chronik module on conn->db.  SQLite result code. */
int ck_sql_vtab_register(ck_sql_conn *conn);
/** @brief Counts records decoded from the log. */
void ck_sql_count_scanned(uint64_t n);

/* A minimal cursor over the records [start, end) of one partition (the
 * aggregate path's hot tail); control batches are skipped. */
typedef struct ck_sql_logscan {
    ck_partition  *p;
    int64_t        start, end, next;
    ck_wb          buf;
    size_t         pos;
    bool           in_batch;
    ck_rec_iter    it;
    size_t         chunk;
} ck_sql_logscan;

void ck_sql_logscan_init(ck_sql_logscan *ls);
void ck_sql_logscan_free(ck_sql_logscan *ls);
/** @brief Starts reading records [start, end) of p (control batches skipped). */
void ck_sql_logscan_begin(ck_sql_logscan *ls, ck_partition *p, int64_t start, int64_t end);
/** @brief The next record: 1 (rec filled, borrowed until the next call), 0 at
 *  the end, -1 when the log cannot be read or holds a corrupt batch. */
int  ck_sql_logscan_next(ck_sql_logscan *ls, ck_rec *rec);

/* ===================================================================== */
/* Aggregates over columnar topics (agg.c)                                */
/* ===================================================================== */

/* How the aggregate path hands rows back (query.c's result sink). */
typedef struct ck_sql_agg_out {
    int  (*cols)(void *ud, int ncols, const char *const *names, const char *const *decltypes);
    int  (*row)(void *ud, int ncols, const char *const *names, const char *const *types,
                const chronik_sql_value_t *values);
    void  *ud;
} ck_sql_agg_out;

/** @brief Answers query without SQLite's row-at-a-time engine when it is an
 *  aggregate over one columnar topic's "{topic}" or "{topic}_cold" table in
 *  the supported form (sql.h): from the column blocks, the rows after them
 *  and the hot tail, inside conn's open read transaction (after its
 *  snapshot).  Returns 1 when it answered (rows given to out, *nrows and
 *  *truncated set), 0 when the query is not in that form or the data needs
 *  SQLite's semantics (the caller runs it through SQLite; nothing was
 *  output), or -1 with *errcode (TIMED_OUT) and err set.
 *  Query thread, no lock held. */
int ck_sql_agg_try(ck_sql_conn *conn, const char *query, int64_t max_rows, const ck_sql_agg_out *out,
                   int64_t *nrows, int32_t *truncated, int *errcode, char *err, size_t errlen);

/** @brief Reads whole batches of p starting at offset (below end) into buf
 *  (appended), about max_bytes.  *next: where to continue.  0, or a
 *  chronik_err_t (UNKNOWN_TOPIC_OR_PARTITION after deletion, OFFSET_OUT_OF_RANGE). */
int ck_sql_read_batches(ck_partition *p, int64_t offset, int64_t end, size_t max_bytes, ck_wb *buf, int64_t *next);

#endif

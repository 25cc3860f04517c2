/*
 * sql.h — SQL over topics (SQLite).  Every topic is a table `{topic}` with
 * the columns _partition, _offset, _timestamp, _key, _value, _headers,
 * served by the `chronik` virtual-table module straight from the partition
 * logs (filters on _partition, _offset, _timestamp and LIMIT are pushed down
 * to index lookups; reads stop at the high watermark captured when the scan
 * starts).  Topics with columnar.enabled=true are also materialized by a
 * worker thread into typed columns in `<data.dir>/sql/<topic>.db`; for them
 * `{topic}_cold` is the materialized table, `{topic}_hot` the tail not yet
 * materialized (read from the log, same columns), `{topic}` their union and
 * `{topic}_raw` the raw table.
 *
 * Column conventions:
 *   _key, _value   TEXT when the bytes are valid UTF-8, else BLOB; NULL for null.
 *   _headers       a JSON object {"name": "value", ...} in record order (a
 *                  repeated name appears twice; a null value is JSON null).
 *   data columns   (columnar) one per JSON leaf, nested objects flattened as
 *                  "a.b", arrays stored as JSON text; typed INTEGER, REAL or
 *                  TEXT, widened INTEGER -> REAL -> TEXT as later values need
 *                  (stored values are converted when a column widens).  A
 *                  value that is not a JSON object gives a row whose data
 *                  columns are all NULL.
 *
 * Columnar topics also keep the cold table as column blocks (colblock.c):
 * aggregates over "{topic}" / "{topic}_cold" in a simple form (GROUP BY
 * columns; COUNT, SUM, AVG, TOTAL, MIN, MAX of columns; WHERE column op
 * literal AND ...; ORDER BY; LIMIT) are computed from them, the rows after
 * them and the hot tail without SQLite's row-at-a-time engine (agg.c), with
 * SQLite's answer; every other query runs through SQLite, reading only the
 * columns it names.
 *
 * Pushdown: _partition = / IN, _offset ranges and LIMIT are exact index
 * lookups.  A _timestamp lower bound starts each partition at its first
 * record stamped at or after it (exact); an upper bound ends it at the first
 * record stamped after it, through the time index like Kafka's ListOffsets:
 * exact when timestamps do not decrease along a partition (one producer,
 * LogAppendTime); a record stamped earlier than one before it may be missed
 * by an upper bound.  The cold tables of columnar topics filter them exactly.
 *
 * Queries are read-only (an authorizer allows SELECT, reads, functions and
 * recursive CTEs only), bounded by sql.timeout.ms and sql.max.rows, and run
 * on at most sql.threads pooled connections at once (a query waits for a
 * free slot up to its timeout).
 *
 * Threads: every function here may be called from any thread, except
 * ck_sql_start / ck_sql_stop (engine open / close).
 */
#ifndef CK_SQL_H
#define CK_SQL_H

#include "chronik.h"
#include "engine/engine.h"
#include "util/util.h"

typedef struct ck_sql ck_sql;

/* ---------------------------------------------------------------------- */
/* Lifecycle (engine hooks)                                                 */
/* ---------------------------------------------------------------------- */

/** @brief Starts the SQL subsystem of eng: creates <data.dir>/sql, starts
 *  the materializer thread and stores the instance in the engine's extension slot, where
 *  chronik_sql() and ck_sql_of() find it.  *out receives the opaque ck_sql*
 *  (for ck_sql_stop / ck_sql_topic_changed).  Returns 0 or
 *  a chronik_err_t (IO: directory or thread).  Call once per engine, after
 *  its topics are loaded. */
int ck_sql_start(ck_engine *eng, void **out);
/** @brief Stops the materializer (its last transaction is committed), closes
 *  pooled connections and frees the instance.  Waits for running queries to
 *  finish.  NULL does nothing.  Call before the engine's topics go away. */
void ck_sql_stop(void *sql);
/** @brief Notifies that topic was created, deleted, grew partitions or
 *  changed configs: the materializer re-reads the topic at once (it also
 *  polls the topic list every 200 ms).  Cheap, never blocks on I/O; sql may
 *  be NULL. */
void ck_sql_topic_changed(void *sql, const char *topic);
/** @brief The running instance of eng, or NULL when ck_sql_start was not
 *  called.  Borrowed: valid until ck_sql_stop. */
ck_sql *ck_sql_of(ck_engine *eng);
/** @brief The SQL feature (lib/chronik's table): ck_sql_start at open,
 *  ck_sql_topic_changed on topic events, ck_sql_stop at close. */
extern const ck_feature ck_sql_feature;

/* ---------------------------------------------------------------------- */
/* Queries                                                                  */
/* ---------------------------------------------------------------------- */

/* Per-row callback of ck_sql_exec: see chronik_sql_row_cb in chronik.h. */

/** @brief Runs one read-only statement.  params (may be NULL) bind ?1..?n.
 *  max_rows <= 0 means sql.max.rows; larger values are capped to it.  cb
 *  (may be NULL) is called for each row, on the calling thread; a non-zero
 *  return stops the query (still a success).  *truncated (may be NULL) is
 *  set to 1 when rows beyond max_rows were left out.  Returns 0, or:
 *    CHRONIK_ERR_SQL        syntax / semantic error (err: SQLite's message)
 *    CHRONIK_ERR_READ_ONLY  a write, DDL, ATTACH, PRAGMA or transaction
 *                           statement (REST: 403)
 *    CHRONIK_ERR_TIMED_OUT  over sql.timeout.ms, or no query slot freed up
 *                           within it (REST: 408/504)
 *    CHRONIK_ERR_INVALID_ARG empty query, more than one statement, bad param
 *  err receives a NUL-terminated message (may be NULL). */
int ck_sql_exec(ck_sql *sql, const char *query, const chronik_sql_value_t *params, size_t nparams, int64_t max_rows,
                chronik_sql_row_cb cb, void *opaque, int32_t *truncated, char *err, size_t errlen);

/** @brief ck_sql_exec writing the whole answer into out (appended) as
 *    {"columns":[{"name":"c","type":"INTEGER"},...],"rows":[[...],...],
 *     "row_count":N,"truncated":false,"took_ms":1.25}
 *  Column types: the declared type when the column comes straight from a
 *  table, else the storage class of its first non-NULL value (INTEGER,
 *  REAL, TEXT, BLOB), else "NULL".  Values: integers and reals as JSON
 *  numbers (non-finite reals as null), text as strings, blobs as base64
 *  strings, NULL as null.  Errors as ck_sql_exec; on error out is unchanged. */
int ck_sql_query_json(ck_sql *sql, const char *query, const chronik_sql_value_t *params, size_t nparams,
                      int64_t max_rows, ck_wb *out, char *err, size_t errlen);

/** @brief The tables of topic as JSON (appended to out):
 *    {"topic":"t","columnar":true,"partitions":3,"tables":[
 *       {"name":"t","kind":"unified","columns":[{"name":"_partition","type":"INTEGER"},...]},
 *       {"name":"t_hot","kind":"hot","columns":[...]},
 *       {"name":"t_cold","kind":"cold","columns":[...]},
 *       {"name":"t_raw","kind":"raw","columns":[...]}]}
 *  A non-columnar topic lists one table of kind "raw".  Data columns are
 *  those materialized so far.  UNKNOWN_TOPIC_OR_PARTITION (err says so)
 *  when the topic does not exist. */
int ck_sql_describe_json(ck_sql *sql, const char *topic, ck_wb *out, char *err, size_t errlen);

/** @brief Every queryable table as JSON (appended to out):
 *    {"tables":[{"name":"t","topic":"t","kind":"raw"},...]}
 *  kinds: raw, unified, hot, cold. */
void ck_sql_tables_json(ck_sql *sql, ck_wb *out);

/* ---------------------------------------------------------------------- */
/* Metrics and tests                                                        */
/* ---------------------------------------------------------------------- */

typedef struct ck_sql_stats {
    uint64_t queries;              /* statements run (success or not) */
    uint64_t errors;               /* of which failed (any error) */
    uint64_t timeouts;             /* of which TIMED_OUT */
    uint64_t rejected;             /* of which READ_ONLY */
    uint64_t latency_us_sum;       /* total query time */
    uint64_t rows_returned;
    uint64_t rows_materialized;    /* rows written by the materializer */
    uint64_t materializer_commits;
    uint64_t blocks_written;       /* column blocks written by the materializer */
    uint64_t materializer_cpu_us;  /* CPU time of the materializer thread */
    uint64_t aggregate_queries;    /* answered by the aggregate path (agg.c) */
} ck_sql_stats;

/** @brief A snapshot of the counters (relaxed reads). */
void ck_sql_stats_get(ck_sql *sql, ck_sql_stats *out);

/** @brief Records decoded from logs by the virtual table, process-wide (for
 *  tests that check pushdown).  Relaxed atomic. */
uint64_t ck_sql_test_rows_scanned(void);

/** @brief Blocks until the materializer has caught up with the high
 *  watermark of every partition of topic (as it was when called), or
 *  timeout_ms passed.  0, TIMED_OUT, or UNKNOWN_TOPIC_OR_PARTITION when the
 *  topic is not columnar.  For tests and benchmarks. */
int ck_sql_wait_materialized(ck_sql *sql, const char *topic, int timeout_ms);

/** @brief Pauses (true) or resumes the materializer, so tests can hold data
 *  in the hot tail.  Pausing returns once the materializer is between passes
 *  (nothing more reaches the cold table until it is resumed). */
void ck_sql_test_pause(ck_sql *sql, bool paused);

/** @brief Turns the aggregate path off (false: every query runs through
 *  SQLite) or back on, so tests can compare both answers. */
void ck_sql_test_aggregates(ck_sql *sql, bool enabled);

#endif

/*
 * materializer.c — the worker thread that turns columnar topics
 * (columnar.enabled=true) into typed SQLite tables.  It tails every
 * partition like a consumer (woken by ck_partition_watch when the high
 * watermark advances, and every 200 ms), flattens each JSON value once
 * (flatten.c) and appends the row to one vector per column (colblock.c).
 * The buffered rows go into `<data.dir>/sql/<topic>.db` table "<topic>"
 * (_partition, _offset, _timestamp, _key + data columns) through one
 * prepared multi-row INSERT, MAT_INSERT_ROWS rows at a time, and every
 * CK_SQL_BLOCK_ROWS rows the vectors are encoded as one column block per
 * column ("$blocks", described in "$blockmeta") for the aggregate path
 * (agg.c).  New fields add columns; wider values widen them (INTEGER ->
 * REAL -> TEXT), converting the stored values and the buffered rows alike.
 * Rows, blocks, schema changes and the next offset per partition
 * ("$progress") commit in one transaction (up to MAT_TXN_ROWS rows), so a
 * restart resumes with no row twice and none missing; the rows after the
 * last block are read back into the vectors when the database is opened
 * (which also builds the blocks of a table written before blocks existed).
 * Each commit publishes the committed schema and progress for query threads.
 *
 * The topic list is polled every 200 ms (and re-read at once after
 * ck_mat_kick): new columnar topics are opened, deleted topics have their
 * database removed, and a topic re-created under the same name (new id)
 * starts a fresh database.  Stale databases of topics deleted while the
 * engine was down are removed on the first pass.
 *
 * It never runs on the produce path: it only reads the log.  Lock order:
 * a partition's wait lock (watch callbacks) -> sql->lock; the worker never
 * calls into the engine while holding sql->lock.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sql/sql_int.h"

#define MAT_TXN_ROWS 20000
#define MAT_INSERT_ROWS 32             /* rows per multi-row INSERT */
#define MAT_RELOAD_ROWS 65536          /* rows read back per transaction on open */
#define MAT_POLL_MS 200
#define MAT_READ_BYTES ((size_t)1 << 20)
#define MAT_COALESCE_MS 50     /* caught up: at most one commit per topic this often */
#define MAT_NICE 10            /* the worker yields the CPU to produce paths */
#define MAT_CACHE_KIB 16384    /* page cache of a topic's connection */
#define MAT_PAGE_SIZE 16384    /* fewer B-tree pages per row and block than 4 KiB (about 15 % less CPU) */
#define MAT_PEND_BYTES ((size_t)32 << 20) /* buffered rows past this end a block early */

/* ===================================================================== */
/* Database of one topic                                                 */
/* ===================================================================== */

static int exec_sql(sqlite3 *db, const char *sqltext) {
    char *msg = NULL;
    int rc = sqlite3_exec(db, sqltext, NULL, NULL, &msg);
    if (rc != SQLITE_OK) CK_WARN(CK_SQL_SUB, "materializer: %s: %s", sqltext, msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return rc;
}

/* Removes a database and its WAL, shared-memory and journal files. */
static void remove_db_files(const char *path) {
    static const char *const suffix[] = { "-wal", "-shm", "-journal" };
    size_t n = strlen(path);
    char *buf = ck_malloc(n + sizeof("-journal"));
    unlink(path);
    for (size_t i = 0; i < CK_ARRAY_LEN(suffix); i++) {
        memcpy(buf, path, n);
        memcpy(buf + n, suffix[i], strlen(suffix[i]) + 1);
        unlink(buf);
    }
    ck_free(buf);
}

static void id_hex(const uint8_t id[16], char out[33]) {
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hx[id[i] >> 4];
        out[2 * i + 1] = hx[id[i] & 15];
    }
    out[32] = 0;
}

/* ----- buffered rows and the field-name cache ----- */

static void pend_clear(ck_mat_pend *pd) {
    for (int i = 0; i < pd->ncols; i++) ck_sql_colvec_clear(&pd->cols[i]);
    pd->n = pd->inserted = 0;
}

static void pend_free(ck_mat_pend *pd) {
    for (int i = 0; i < pd->ncols; i++) ck_sql_colvec_free(&pd->cols[i]);
    ck_free(pd->cols);
    memset(pd, 0, sizeof(*pd));
}

/* Memory the buffered rows hold (wide, sparse schemas end blocks early). */
static size_t pend_bytes(const ck_mat_pend *pd) {
    size_t b = 0;
    for (int i = 0; i < pd->ncols; i++) b += (size_t)pd->cols[i].cap * 13 + pd->cols[i].bytes.cap;
    return b;
}

/* Vector c of pd (created empty on first use). */
static ck_sql_colvec *pend_col(ck_mat_pend *pd, int c) {
    if (c >= pd->ncols) {
        pd->cols = ck_realloc(pd->cols, (size_t)(c + 1) * sizeof(*pd->cols));
        for (int i = pd->ncols; i <= c; i++) ck_sql_colvec_init(&pd->cols[i]);
        pd->ncols = c + 1;
    }
    return &pd->cols[c];
}

static void fcache_clear(ck_mat_fcache *fc) {
    for (size_t i = 0; i < fc->n; i++) ck_free(fc->name[i]);
    fc->n = 0;
}

static void fcache_free(ck_mat_fcache *fc) {
    fcache_clear(fc);
    ck_free(fc->name);
    ck_free(fc->len);
    ck_free(fc->col);
    memset(fc, 0, sizeof(*fc));
}

/* The column field i of the last record went to when it had this name, or
 * -2 when it had another name (or none). */
static inline int fcache_get(const ck_mat_fcache *fc, size_t i, const char *name, size_t len) {
    if (i < fc->n && fc->len[i] == len && memcmp(fc->name[i], name, len) == 0) return fc->col[i];
    return -2;
}

static void fcache_set(ck_mat_fcache *fc, size_t i, const char *name, size_t len, int col) {
    if (i >= fc->cap) {
        fc->cap = CK_MAX(i + 1, fc->cap * 2);
        fc->name = ck_realloc(fc->name, fc->cap * sizeof(*fc->name));
        fc->len = ck_realloc(fc->len, fc->cap * sizeof(*fc->len));
        fc->col = ck_realloc(fc->col, fc->cap * sizeof(*fc->col));
    }
    while (fc->n <= i) {
        fc->name[fc->n] = NULL;
        fc->len[fc->n] = SIZE_MAX;
        fc->col[fc->n] = -1;
        fc->n++;
    }
    ck_free(fc->name[i]);
    fc->name[i] = ck_memdup(name, len ? len : 1);
    fc->len[i] = len;
    fc->col[i] = col;
}

static void finalize(sqlite3_stmt **st) {
    if (*st) sqlite3_finalize(*st);
    *st = NULL;
}

static void mat_db_close(ck_mat_topic *mt) {
    finalize(&mt->ins);
    finalize(&mt->ins_many);
    finalize(&mt->prog_st);
    finalize(&mt->blk_st);
    finalize(&mt->meta_st);
    if (mt->db) sqlite3_close_v2(mt->db);
    mt->db = NULL;
    pend_clear(&mt->pend);
    fcache_clear(&mt->fcache);
}

static int prepare(ck_mat_topic *mt, const char *text, sqlite3_stmt **st) {
    int rc = sqlite3_prepare_v3(mt->db, text, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    if (rc != SQLITE_OK) CK_WARN(CK_SQL_SUB, "materializer: %s: %s", text, sqlite3_errmsg(mt->db));
    return rc;
}

static int pend_reload(ck_mat_topic *mt);

/* Opens (creating) the topic's database and loads its schema, progress and
 * the rows after its last block.  A database that belongs to an older topic
 * of the same name is replaced. */
static int mat_db_open(ck_mat_topic *mt) {
    int rc = SQLITE_ERROR;
    char idh[33];
    id_hex(mt->id, idh);
    for (int attempt = 0; attempt < 2; attempt++) {
        rc = sqlite3_open_v2(mt->path, &mt->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK) {
            CK_WARN(CK_SQL_SUB, "materializer: cannot open %s: %s", mt->path, sqlite3_errstr(rc));
            goto fail;
        }
        sqlite3_busy_timeout(mt->db, 5000);
        char pragmas[160];
        /* The page size applies to a new database only (WAL fixes it). */
        snprintf(pragmas, sizeof(pragmas),
                 "PRAGMA page_size=%d; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-%d",
                 MAT_PAGE_SIZE, MAT_CACHE_KIB);
        if ((rc = exec_sql(mt->db, pragmas)) != SQLITE_OK) goto fail;
        if ((rc = exec_sql(mt->db, "BEGIN IMMEDIATE")) != SQLITE_OK) goto fail;
        ck_wb ddl;
        ck_wb_init(&ddl, 512);
        ck_json_raw(&ddl, "CREATE TABLE IF NOT EXISTS \"$meta\"(k TEXT PRIMARY KEY, v);"
                          "CREATE TABLE IF NOT EXISTS \"$progress\"(partition INTEGER PRIMARY KEY, next_offset INTEGER NOT NULL);"
                          "CREATE TABLE IF NOT EXISTS \"$columns\"(pos INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);"
                          "CREATE TABLE IF NOT EXISTS \"$blocks\"(key INTEGER PRIMARY KEY, data BLOB NOT NULL);"
                          "CREATE TABLE IF NOT EXISTS \"$blockmeta\"(blk INTEGER PRIMARY KEY, first_rowid INTEGER NOT NULL,"
                          " last_rowid INTEGER NOT NULL, nrows INTEGER NOT NULL, min_part INTEGER, max_part INTEGER,"
                          " min_off INTEGER, max_off INTEGER, min_ts INTEGER, max_ts INTEGER);"
                          "CREATE TABLE IF NOT EXISTS ");
        ck_sql_ident(&ddl, mt->name, strlen(mt->name));
        ck_json_raw(&ddl, "(_partition INTEGER NOT NULL, _offset INTEGER NOT NULL, _timestamp INTEGER, _key);"
                          "CREATE UNIQUE INDEX IF NOT EXISTS \"$part_offset\" ON ");
        ck_sql_ident(&ddl, mt->name, strlen(mt->name));
        ck_json_raw(&ddl, "(_partition, _offset); CREATE INDEX IF NOT EXISTS \"$offset\" ON ");
        ck_sql_ident(&ddl, mt->name, strlen(mt->name));
        ck_json_raw(&ddl, "(_offset); CREATE INDEX IF NOT EXISTS \"$timestamp\" ON ");
        ck_sql_ident(&ddl, mt->name, strlen(mt->name));
        ck_json_raw(&ddl, "(_timestamp);");
        ck_wb_i8(&ddl, 0);
        rc = exec_sql(mt->db, (const char *)ddl.buf);
        ck_wb_free(&ddl);
        if (rc != SQLITE_OK) goto fail;

        /* Whose database is it? */
        sqlite3_stmt *st = NULL;
        bool mismatch = false;
        rc = sqlite3_prepare_v2(mt->db, "SELECT v FROM \"$meta\" WHERE k = 'topic_id'", -1, &st, NULL);
        if (rc != SQLITE_OK) goto fail;
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *v = (const char *)sqlite3_column_text(st, 0);
            mismatch = !v || strcmp(v, idh) != 0;
        } else {
            sqlite3_finalize(st);
            st = NULL;
            rc = sqlite3_prepare_v2(mt->db, "INSERT INTO \"$meta\" VALUES('topic_id', ?1)", -1, &st, NULL);
            if (rc != SQLITE_OK) goto fail;
            sqlite3_bind_text(st, 1, idh, -1, SQLITE_STATIC);
            rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_OK) goto fail;
        if (mismatch) {
            CK_INFO(CK_SQL_SUB, "materializer: %s belongs to an older topic %s: starting afresh", mt->path, mt->name);
            exec_sql(mt->db, "ROLLBACK");
            mat_db_close(mt);
            remove_db_files(mt->path);
            continue;
        }
        break;
    }
    if (!mt->db) goto fail;

    /* Schema, progress and blocks. */
    ck_sql_schema_free(&mt->work);
    ck_sql_schema_init(&mt->work);
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(mt->db, "SELECT name, type FROM \"$columns\" ORDER BY pos", -1, &st, NULL);
    if (rc != SQLITE_OK) goto fail;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        if (!name || !type) continue;
        int t = strcmp(type, "TEXT") == 0 ? CK_SQLT_TEXT : strcmp(type, "REAL") == 0 ? CK_SQLT_REAL : CK_SQLT_INTEGER;
        ck_sql_schema_add(&mt->work, name, strlen(name), t);
    }
    sqlite3_finalize(st);
    for (int32_t i = 0; i < mt->nprog; i++) mt->progress[i] = 0;
    rc = sqlite3_prepare_v2(mt->db, "SELECT partition, next_offset FROM \"$progress\"", -1, &st, NULL);
    if (rc != SQLITE_OK) goto fail;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t part = sqlite3_column_int64(st, 0);
        if (part >= 0 && part < mt->nprog) mt->progress[part] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    mt->pend.blk_next = 0;
    mt->pend.blk_last_rowid = 0;
    rc = sqlite3_prepare_v2(mt->db, "SELECT blk, last_rowid FROM \"$blockmeta\" ORDER BY blk DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK) goto fail;
    if (sqlite3_step(st) == SQLITE_ROW) {
        mt->pend.blk_next = sqlite3_column_int64(st, 0) + 1;
        mt->pend.blk_last_rowid = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if ((rc = exec_sql(mt->db, "COMMIT")) != SQLITE_OK) goto fail;
    if ((rc = prepare(mt, "INSERT OR REPLACE INTO \"$progress\" VALUES(?, ?)", &mt->prog_st)) != SQLITE_OK) goto fail;
    if ((rc = prepare(mt, "INSERT OR REPLACE INTO \"$blocks\" VALUES(?, ?)", &mt->blk_st)) != SQLITE_OK) goto fail;
    if ((rc = prepare(mt, "INSERT OR REPLACE INTO \"$blockmeta\" VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &mt->meta_st)) !=
        SQLITE_OK)
        goto fail;
    mt->schema_dirty = true;
    if (pend_reload(mt) != 0) {
        rc = SQLITE_ERROR;
        goto fail;
    }
    return 0;
fail:
    if (mt->db && !sqlite3_get_autocommit(mt->db)) exec_sql(mt->db, "ROLLBACK");
    mat_db_close(mt);
    return -1;
}

/* ===================================================================== */
/* Rows                                                                  */
/* ===================================================================== */

/* Prepares the insert of `rows` rows with every current column into *out. */
static int prepare_insert(ck_mat_topic *mt, int rows, sqlite3_stmt **out) {
    ck_wb q;
    ck_wb_init(&q, 256);
    ck_json_raw(&q, "INSERT OR IGNORE INTO ");
    ck_sql_ident(&q, mt->name, strlen(mt->name));
    ck_json_raw(&q, "(_partition, _offset, _timestamp, _key");
    for (int i = 0; i < mt->work.n; i++) {
        ck_wb_put(&q, ", ", 2);
        ck_sql_ident(&q, mt->work.cols[i].name, strlen(mt->work.cols[i].name));
    }
    ck_json_raw(&q, ") VALUES");
    for (int r = 0; r < rows; r++) {
        ck_json_raw(&q, r ? ",(?,?,?,?" : "(?,?,?,?");
        for (int i = 0; i < mt->work.n; i++) ck_wb_put(&q, ",?", 2);
        ck_wb_i8(&q, ')');
    }
    ck_wb_i8(&q, 0);
    int rc = sqlite3_prepare_v3(mt->db, (const char *)q.buf, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (rc != SQLITE_OK) CK_WARN(CK_SQL_SUB, "materializer: insert into %s: %s", mt->name, sqlite3_errmsg(mt->db));
    ck_wb_free(&q);
    return rc;
}

/* The insert statements for the current columns (after a schema change). */
static int ensure_inserts(ck_mat_topic *mt) {
    if (mt->ins && mt->ins_many) return SQLITE_OK;
    finalize(&mt->ins);
    finalize(&mt->ins_many);
    int ncol = 4 + mt->work.n;
    int maxv = sqlite3_limit(mt->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
    mt->ins_rows = CK_MAX(1, CK_MIN(MAT_INSERT_ROWS, maxv / ncol));
    int rc = prepare_insert(mt, 1, &mt->ins);
    if (rc == SQLITE_OK && mt->ins_rows > 1) rc = prepare_insert(mt, mt->ins_rows, &mt->ins_many);
    if (rc == SQLITE_OK && mt->ins_rows == 1) rc = prepare_insert(mt, 1, &mt->ins_many);
    if (rc != SQLITE_OK) {
        finalize(&mt->ins);
        finalize(&mt->ins_many);
    }
    return rc;
}

static void bind_val(sqlite3_stmt *st, int idx, const ck_sql_val *v) {
    switch (v->type) {
    case CHRONIK_SQL_INTEGER: sqlite3_bind_int64(st, idx, v->i); break;
    case CHRONIK_SQL_REAL: sqlite3_bind_double(st, idx, v->r); break;
    case CHRONIK_SQL_TEXT: sqlite3_bind_text(st, idx, v->s ? (const char *)v->s : "", (int)v->len, SQLITE_STATIC); break;
    case CHRONIK_SQL_BLOB: sqlite3_bind_blob(st, idx, v->s ? (const void *)v->s : "", (int)v->len, SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, idx); break;
    }
}

/* Inserts buffered rows [inserted, inserted + cnt), cnt 1 or ins_rows. */
static int insert_rows(ck_mat_topic *mt, uint32_t cnt) {
    ck_mat_pend *pd = &mt->pend;
    if (ensure_inserts(mt) != SQLITE_OK) return -1;
    sqlite3_stmt *st = cnt == 1 ? mt->ins : mt->ins_many;
    int ncol = 4 + mt->work.n, idx = 1;
    for (uint32_t r = pd->inserted; r < pd->inserted + cnt; r++) {
        for (int c = 0; c < ncol; c++, idx++) {
            ck_sql_val v = { CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
            if (c < pd->ncols) ck_sql_colvec_get(&pd->cols[c], r, &v);
            bind_val(st, idx, &v);
        }
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        CK_WARN(CK_SQL_SUB, "materializer: insert into %s failed: %s", mt->name, sqlite3_errmsg(mt->db));
        return -1;
    }
    /* A row already in the table (never expected: progress commits with the
     * rows) leaves the buffer out of step with it: read it back. */
    if ((uint32_t)sqlite3_changes(mt->db) != cnt) pd->bad = true;
    pd->last_rowid = sqlite3_last_insert_rowid(mt->db);
    pd->inserted += cnt;
    return 0;
}

/* Inserts every buffered row not yet in the table. */
static int insert_rest(ck_mat_topic *mt) {
    ck_mat_pend *pd = &mt->pend;
    if (pd->inserted >= pd->n) return 0;
    if (ensure_inserts(mt) != SQLITE_OK) return -1;
    while (pd->n - pd->inserted >= (uint32_t)mt->ins_rows && mt->ins_rows > 1)
        if (insert_rows(mt, (uint32_t)mt->ins_rows) != 0) return -1;
    while (pd->inserted < pd->n)
        if (insert_rows(mt, 1) != 0) return -1;
    return 0;
}

/* Writes the buffered rows (all in the table, last one at last_rowid) as
 * the next block and empties the buffer.  Inside a transaction. */
static int flush_block(ck_mat_topic *mt, int64_t last_rowid) {
    ck_mat_pend *pd = &mt->pend;
    int64_t blk = pd->blk_next;
    int ncol = 4 + mt->work.n;
    for (int c = 0; c < ncol && c < pd->ncols; c++) {
        ck_wb_reset(&mt->blob);
        if (!ck_sql_colvec_encode(&pd->cols[c], pd->n, &mt->blob)) continue;
        sqlite3_bind_int64(mt->blk_st, 1, blk * CK_SQL_BLK_STRIDE + c);
        sqlite3_bind_blob(mt->blk_st, 2, mt->blob.buf, (int)mt->blob.len, SQLITE_STATIC);
        int rc = sqlite3_step(mt->blk_st);
        sqlite3_reset(mt->blk_st);
        if (rc != SQLITE_DONE) goto fail;
    }
    int64_t mn[3] = { INT64_MAX, INT64_MAX, INT64_MAX }, mx[3] = { INT64_MIN, INT64_MIN, INT64_MIN };
    bool seen[3] = { false, false, false };
    for (int c = 0; c < 3 && c < pd->ncols; c++) {
        const ck_sql_colvec *cv = &pd->cols[c];
        for (uint32_t r = 0; r < cv->n; r++) {
            if (cv->t[r] != CHRONIK_SQL_INTEGER) continue;
            seen[c] = true;
            if (cv->v[r] < mn[c]) mn[c] = cv->v[r];
            if (cv->v[r] > mx[c]) mx[c] = cv->v[r];
        }
    }
    sqlite3_stmt *st = mt->meta_st;
    sqlite3_bind_int64(st, 1, blk);
    sqlite3_bind_int64(st, 2, pd->blk_last_rowid + 1);
    sqlite3_bind_int64(st, 3, last_rowid);
    sqlite3_bind_int64(st, 4, pd->n);
    for (int c = 0; c < 3; c++) {
        if (seen[c]) {
            sqlite3_bind_int64(st, 5 + 2 * c, mn[c]);
            sqlite3_bind_int64(st, 6 + 2 * c, mx[c]);
        } else {
            sqlite3_bind_null(st, 5 + 2 * c);
            sqlite3_bind_null(st, 6 + 2 * c);
        }
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) goto fail;
    pd->blk_next = blk + 1;
    pd->blk_last_rowid = last_rowid;
    pend_clear(pd);
    atomic_fetch_add_explicit(&mt->sql->st_mat_blocks, 1, memory_order_relaxed);
    return 0;
fail:
    CK_WARN(CK_SQL_SUB, "materializer: writing a block of %s failed: %s", mt->name, sqlite3_errmsg(mt->db));
    return -1;
}

/* Empties the buffer and reads the table's rows after the last block back
 * into it, writing the blocks that fill up (a table written before blocks
 * existed gets all of them here, MAT_RELOAD_ROWS rows per transaction when
 * none is open).  0 or -1. */
static int pend_reload(ck_mat_topic *mt) {
    ck_mat_pend *pd = &mt->pend;
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pend_clear(pd);
    pd->bad = false;
    ck_wb q;
    ck_wb_init(&q, 256);
    ck_json_raw(&q, "SELECT rowid, _partition, _offset, _timestamp, _key");
    for (int i = 0; i < mt->work.n; i++) {
        ck_wb_put(&q, ", ", 2);
        ck_sql_ident(&q, mt->work.cols[i].name, strlen(mt->work.cols[i].name));
    }
    ck_json_raw(&q, " FROM ");
    ck_sql_ident(&q, mt->name, strlen(mt->name));
    ck_json_raw(&q, " WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
    ck_wb_i8(&q, 0);
    if (sqlite3_prepare_v2(mt->db, (const char *)q.buf, -1, &st, NULL) != SQLITE_OK) {
        CK_WARN(CK_SQL_SUB, "materializer: %s: %s", (const char *)q.buf, sqlite3_errmsg(mt->db));
        rc = -1;
        goto out;
    }
    int ncol = 4 + mt->work.n;
    int64_t after = pd->blk_last_rowid, total = 0;
    for (;;) {
        bool own = sqlite3_get_autocommit(mt->db);
        if (own && exec_sql(mt->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
            rc = -1;
            goto out;
        }
        sqlite3_bind_int64(st, 1, after);
        sqlite3_bind_int64(st, 2, MAT_RELOAD_ROWS);
        int64_t got = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            after = sqlite3_column_int64(st, 0);
            for (int c = 0; c < ncol; c++) {
                ck_sql_val v;
                ck_sql_val_column(st, 1 + c, &v);
                ck_sql_colvec_push(pend_col(pd, c), &v);
            }
            pd->n++;
            pd->inserted = pd->n;
            got++;
            if ((pd->n >= CK_SQL_BLOCK_ROWS || ((pd->n & 255) == 0 && pend_bytes(pd) >= MAT_PEND_BYTES)) &&
                flush_block(mt, after) != 0)
                break;
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            CK_WARN(CK_SQL_SUB, "materializer: reading back %s failed: %s", mt->name, sqlite3_errmsg(mt->db));
            if (own) exec_sql(mt->db, "ROLLBACK");
            rc = -1;
            goto out;
        }
        rc = 0;
        total += got;
        if (own && got >= MAT_RELOAD_ROWS) {
            /* More to come: commit the blocks written so far; the rows
             * buffered after them are read again in the next round. */
            if (exec_sql(mt->db, "COMMIT") != SQLITE_OK) {
                rc = -1;
                goto out;
            }
            after = pd->blk_last_rowid;
            pend_clear(pd);
            continue;
        }
        if (own && exec_sql(mt->db, "COMMIT") != SQLITE_OK) rc = -1;
        if (got < MAT_RELOAD_ROWS) break;
    }
    if (total > CK_SQL_BLOCK_ROWS)
        CK_INFO(CK_SQL_SUB, "materializer: %s: %lld rows read back into column blocks", mt->name, (long long)total);
out:
    if (st) sqlite3_finalize(st);
    ck_wb_free(&q);
    if (rc != 0) pend_clear(pd);
    return rc;
}

static int add_column(ck_mat_topic *mt, const char *name, size_t len, int type) {
    ck_wb q;
    ck_wb_init(&q, 128);
    ck_json_raw(&q, "ALTER TABLE ");
    ck_sql_ident(&q, mt->name, strlen(mt->name));
    ck_json_raw(&q, " ADD COLUMN ");
    ck_sql_ident(&q, name, len);
    ck_wb_i8(&q, 0);
    int rc = exec_sql(mt->db, (const char *)q.buf);
    ck_wb_free(&q);
    if (rc != SQLITE_OK) return -1;
    int k = ck_sql_schema_add(&mt->work, name, len, type);
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(mt->db, "INSERT INTO \"$columns\"(pos, name, type) VALUES(?, ?, ?)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int(st, 1, k);
        sqlite3_bind_text(st, 2, name, (int)len, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, ck_sql_type_name(type), -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(st);
    finalize(&mt->ins);
    finalize(&mt->ins_many);
    mt->schema_dirty = true;
    return rc == SQLITE_OK ? k : -1;
}

/* Widens column k to type, converting the values stored so far and the
 * buffered ones. */
static int widen_column(ck_mat_topic *mt, int k, int type) {
    ck_wb q;
    ck_wb_init(&q, 256);
    const char *name = mt->work.cols[k].name;
    ck_json_raw(&q, "UPDATE ");
    ck_sql_ident(&q, mt->name, strlen(mt->name));
    ck_json_raw(&q, " SET ");
    ck_sql_ident(&q, name, strlen(name));
    ck_json_raw(&q, " = CAST(");
    ck_sql_ident(&q, name, strlen(name));
    ck_json_raw(&q, type == CK_SQLT_REAL ? " AS REAL) WHERE typeof(" : " AS TEXT) WHERE typeof(");
    ck_sql_ident(&q, name, strlen(name));
    ck_json_raw(&q, type == CK_SQLT_REAL ? ") = 'integer'" : ") IN ('integer', 'real')");
    ck_wb_i8(&q, 0);
    int rc = exec_sql(mt->db, (const char *)q.buf);
    ck_wb_free(&q);
    if (rc != SQLITE_OK) return -1;
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(mt->db, "UPDATE \"$columns\" SET type = ? WHERE pos = ?", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, ck_sql_type_name(type), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, k);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(st);
    mt->work.cols[k].type = type;
    if (CK_SQL_BCOL_DATA + k < mt->pend.ncols) ck_sql_colvec_widen(&mt->pend.cols[CK_SQL_BCOL_DATA + k], type);
    mt->schema_dirty = true;
    return rc == SQLITE_OK ? 0 : -1;
}

/* Decodes one record into the buffer (flattening its value once), adding
 * and widening columns as needed; inserts full batches and writes a block
 * when the buffer is full.  Inside a transaction. */
static int mat_row(ck_mat_topic *mt, int32_t part, const ck_rec *rec) {
    ck_sql_flat *fl = &mt->flat;
    ck_mat_pend *pd = &mt->pend;
    if (rec->value_len <= 0 || ck_sql_flatten(fl, rec->value, (size_t)rec->value_len) != 0) fl->n = 0;
    if (fl->n > mt->fcap) {
        mt->fcap = fl->n * 2;
        mt->fcol = ck_realloc(mt->fcol, mt->fcap * sizeof(int));
    }
    int *fc = mt->fcol;
    for (size_t i = 0; i < fl->n; i++) {
        const ck_sql_field *f = &fl->f[i];
        const char *name = (const char *)fl->names.buf + f->name_off;
        int k = fcache_get(&mt->fcache, i, name, f->name_len);
        int need = ck_sql_kind_type(f->kind);
        if (k == -2) {
            k = -1;
            if (ck_sql_colname_ok(name, f->name_len)) {
                k = ck_sql_schema_find(&mt->work, name, f->name_len);
                if (k < 0 && mt->work.n < CK_SQL_MAX_COLS) {
                    if (insert_rest(mt) != 0) return -1;
                    k = add_column(mt, name, f->name_len, need ? need : CK_SQLT_INTEGER);
                    if (k < 0) return -1;
                }
            }
            fcache_set(&mt->fcache, i, name, f->name_len, k);
        }
        if (k >= 0 && need > mt->work.cols[k].type) {
            if (insert_rest(mt) != 0 || widen_column(mt, k, need) != 0) return -1;
        }
        fc[i] = k;
    }
    uint32_t r = pd->n;
    ck_sql_val v = { CHRONIK_SQL_INTEGER, part, 0, NULL, 0 };
    ck_sql_colvec_push(pend_col(pd, CK_SQL_BCOL_PART), &v);
    v.i = rec->offset;
    ck_sql_colvec_push(pend_col(pd, CK_SQL_BCOL_OFF), &v);
    v.i = rec->timestamp;
    ck_sql_colvec_push(pend_col(pd, CK_SQL_BCOL_TS), &v);
    if (rec->key_len < 0) {
        v = (ck_sql_val){ CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
    } else {
        bool text = ck_sql_utf8_valid(rec->key, (size_t)rec->key_len);
        v = (ck_sql_val){ text ? CHRONIK_SQL_TEXT : CHRONIK_SQL_BLOB, 0, 0, rec->key, (size_t)rec->key_len };
    }
    ck_sql_colvec_push(pend_col(pd, CK_SQL_BCOL_KEY), &v);
    for (size_t i = 0; i < fl->n; i++) {
        if (fc[i] < 0) continue;
        ck_sql_cell c;
        ck_sql_field_cell(fl, &fl->f[i], mt->work.cols[fc[i]].type, &c);
        v = (ck_sql_val){ c.type, c.i, c.r, (const uint8_t *)c.s, c.len };
        ck_sql_colvec *cv = pend_col(pd, CK_SQL_BCOL_DATA + fc[i]);
        if (cv->n > r) cv->n = r; /* the same column twice in one value: the last one wins */
        ck_sql_colvec_pad(cv, r);
        ck_sql_colvec_push(cv, &v);
    }
    pd->n++;
    if (ensure_inserts(mt) != SQLITE_OK) return -1;
    if (pd->n - pd->inserted >= (uint32_t)mt->ins_rows) {
        if (mt->ins_rows > 1 ? insert_rows(mt, (uint32_t)mt->ins_rows) : insert_rest(mt)) return -1;
    }
    if (pd->n >= CK_SQL_BLOCK_ROWS || ((pd->n & 255) == 0 && pend_bytes(pd) >= MAT_PEND_BYTES)) {
        if (insert_rest(mt) != 0) return -1;
        if (pd->bad) return pend_reload(mt);
        if (flush_block(mt, pd->last_rowid) != 0) return -1;
    }
    return 0;
}

static void publish(ck_sql *sql, ck_mat_topic *mt) {
    pthread_mutex_lock(&sql->lock);
    if (mt->schema_dirty) ck_sql_schema_copy(&mt->pub, &mt->work);
    mt->schema_dirty = false;
    if (mt->npub != mt->nprog) {
        mt->pub_progress = ck_realloc(mt->pub_progress, (size_t)(mt->nprog > 0 ? mt->nprog : 1) * sizeof(int64_t));
        mt->npub = mt->nprog;
    }
    if (mt->nprog > 0) memcpy(mt->pub_progress, mt->progress, (size_t)mt->nprog * sizeof(int64_t));
    mt->ready = true;
    pthread_cond_broadcast(&sql->progress_cond);
    pthread_mutex_unlock(&sql->lock);
}

/* Materializes up to MAT_TXN_ROWS rows of mt in one transaction.  Returns
 * the rows written, -2 when deferred (caught up and committed less than
 * MAT_COALESCE_MS ago: rows are batched), or -1 after a failure (the
 * database is closed and reopened later). */
static int64_t mat_step(ck_sql *sql, ck_mat_topic *mt) {
    int64_t rows = 0;
    if (!mt->last_full && mt->db && ck_mono_ms() - mt->last_commit < MAT_COALESCE_MS) return -2;
    bool in_txn = false, moved = false;
    if (!mt->db) {
        if (ck_mono_ms() < mt->retry_at) return 0;
        if (mat_db_open(mt) != 0) {
            mt->retry_at = ck_mono_ms() + 1000;
            return 0;
        }
        publish(sql, mt);
    }
    int32_t np = CK_MIN(ck_topic_partition_count(mt->topic), mt->nprog);
    for (int32_t pi = 0; pi < np && rows < MAT_TXN_ROWS; pi++) {
        ck_partition *p = ck_topic_partition(mt->topic, pi);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        int64_t next = mt->progress[pi];
        if (next < o.log_start) next = o.log_start;
        while (next < o.high_watermark && rows < MAT_TXN_ROWS) {
            ck_wb_reset(&mt->buf);
            int64_t after = next;
            int rc = ck_sql_read_batches(p, next, o.high_watermark, MAT_READ_BYTES, &mt->buf, &after);
            if (rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE) {
                ck_partition_offsets(p, &o);
                if (o.log_start > next) {
                    next = o.log_start;
                    continue;
                }
            }
            if (rc != 0 || after <= next) break; /* deleted, or nothing readable */
            int64_t before = next;
            size_t pos = 0;
            while (pos + CK_BATCH_HEADER_SIZE <= mt->buf.len) {
                ck_batch_hdr h;
                const uint8_t *b = mt->buf.buf + pos;
                if (ck_batch_hdr_read(b, mt->buf.len - pos, &h) != 0 || ck_batch_size(&h) > mt->buf.len - pos ||
                    h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD)
                    break;
                pos += ck_batch_size(&h);
                int64_t last = ck_batch_last_offset(&h);
                if (last < next) continue;
                if (h.base_offset >= o.high_watermark) break;
                if (!ck_batch_is_control(&h)) {
                    ck_rec_iter it;
                    if (ck_rec_iter_init(&it, b, ck_batch_size(&h), (size_t)256 << 20) == 0) {
                        ck_rec rec;
                        int r;
                        while ((r = ck_rec_iter_next(&it, &rec)) == 1) {
                            if (rec.offset < next || rec.offset >= o.high_watermark) continue;
                            if (!in_txn) {
                                if (exec_sql(mt->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
                                    ck_rec_iter_free(&it);
                                    goto fail;
                                }
                                in_txn = true;
                            }
                            if (mat_row(mt, pi, &rec) != 0) {
                                ck_rec_iter_free(&it);
                                goto fail;
                            }
                            rows++;
                        }
                        if (r < 0) CK_WARN(CK_SQL_SUB, "materializer: %s-%d: bad record in batch at %lld: %s",
                                           mt->name, (int)pi, (long long)h.base_offset, it.err);
                    } else {
                        CK_WARN(CK_SQL_SUB, "materializer: %s-%d: cannot decode batch at %lld: %s", mt->name, (int)pi,
                                (long long)h.base_offset, it.err);
                    }
                    ck_rec_iter_free(&it);
                }
                next = CK_MIN(last + 1, o.high_watermark);
            }
            if (after > next && after <= o.high_watermark && pos >= mt->buf.len) next = after;
            if (next == before) {
                CK_WARN(CK_SQL_SUB, "materializer: %s-%d: unreadable batch at %lld", mt->name, (int)pi,
                        (long long)next);
                break;
            }
        }
        if (next != mt->progress[pi]) {
            if (!in_txn) {
                if (exec_sql(mt->db, "BEGIN IMMEDIATE") != SQLITE_OK) goto fail;
                in_txn = true;
            }
            sqlite3_bind_int(mt->prog_st, 1, pi);
            sqlite3_bind_int64(mt->prog_st, 2, next);
            int rc = sqlite3_step(mt->prog_st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
            sqlite3_reset(mt->prog_st);
            if (rc != SQLITE_OK) goto fail;
            mt->progress[pi] = next;
            moved = true;
        }
    }
    mt->last_full = rows >= MAT_TXN_ROWS;
    if (in_txn) {
        if (insert_rest(mt) != 0) goto fail;
        if (mt->pend.bad && pend_reload(mt) != 0) goto fail;
        if (exec_sql(mt->db, "COMMIT") != SQLITE_OK) goto fail;
        mt->last_commit = ck_mono_ms();
        atomic_fetch_add_explicit(&sql->st_mat_rows, (uint64_t)rows, memory_order_relaxed);
        atomic_fetch_add_explicit(&sql->st_mat_commits, 1, memory_order_relaxed);
    }
    if (moved || mt->schema_dirty) publish(sql, mt);
    return rows;
fail:
    CK_WARN(CK_SQL_SUB, "materializer: %s: transaction failed; retrying in 1 s", mt->name);
    if (in_txn) exec_sql(mt->db, "ROLLBACK");
    mat_db_close(mt);
    mt->retry_at = ck_mono_ms() + 1000;
    return -1;
}

/* ===================================================================== */
/* Topics                                                                */
/* ===================================================================== */

static void watch_cb(void *opaque, ck_partition *p) {
    ck_sql *sql = opaque;
    (void)p;
    pthread_mutex_lock(&sql->lock);
    sql->data = true;
    pthread_cond_signal(&sql->cond);
    pthread_mutex_unlock(&sql->lock);
}

static void unwatch_all(ck_mat_topic *mt) {
    for (int32_t i = 0; i < mt->nwatch; i++) ck_partition_unwatch(&mt->watches[i]);
    ck_free(mt->watches);
    mt->watches = NULL;
    mt->nwatch = 0;
}

/* Sizes progress and watches to the topic's partition count. */
static void mat_resize(ck_mat_topic *mt) {
    int32_t np = ck_topic_partition_count(mt->topic);
    if (np == mt->nwatch && np == mt->nprog) return;
    unwatch_all(mt);
    if (np > mt->nprog) {
        mt->progress = ck_realloc(mt->progress, (size_t)np * sizeof(int64_t));
        for (int32_t i = mt->nprog; i < np; i++) mt->progress[i] = 0;
        mt->nprog = np;
        if (mt->db) {
            /* New partitions: their stored progress (none yet) is 0. */
            mt->schema_dirty = true;
        }
    }
    mt->watches = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(ck_watch));
    mt->nwatch = np;
    for (int32_t i = 0; i < np; i++) {
        mt->watches[i].cb = watch_cb;
        mt->watches[i].opaque = mt->sql;
        ck_partition_watch(ck_topic_partition(mt->topic, i), &mt->watches[i]);
    }
}

static void mat_free(ck_mat_topic *mt) {
    unwatch_all(mt);
    mat_db_close(mt);
    ck_sql_schema_free(&mt->work);
    ck_sql_schema_free(&mt->pub);
    ck_sql_flat_free(&mt->flat);
    ck_wb_free(&mt->buf);
    ck_wb_free(&mt->blob);
    pend_free(&mt->pend);
    fcache_free(&mt->fcache);
    ck_free(mt->fcol);
    if (mt->topic) ck_topic_release(mt->topic);
    ck_free(mt->progress);
    ck_free(mt->pub_progress);
    ck_free(mt->name);
    ck_free(mt->path);
    ck_free(mt);
}

static void mat_drop(ck_sql *sql, ck_mat_topic *mt, bool remove) {
    pthread_mutex_lock(&sql->lock);
    ck_map_del(&sql->topics, mt->name, strlen(mt->name));
    pthread_cond_broadcast(&sql->progress_cond);
    pthread_mutex_unlock(&sql->lock);
    char *path = ck_strdup(mt->path);
    CK_DEBUG(CK_SQL_SUB, "materializer: stop %s%s", mt->name, remove ? " and remove its table" : "");
    mat_free(mt);
    if (remove) remove_db_files(path);
    ck_free(path);
}

static ck_mat_topic *mat_add(ck_sql *sql, ck_topic *t) {
    ck_mat_topic *mt = ck_calloc(1, sizeof(*mt));
    mt->sql = sql;
    mt->name = ck_strdup(ck_topic_name(t));
    memcpy(mt->id, ck_topic_id(t), 16);
    size_t n = strlen(sql->dir) + strlen(mt->name) + 8;
    mt->path = ck_malloc(n);
    snprintf(mt->path, n, "%s/%s.db", sql->dir, mt->name);
    ck_topic_keep(t);
    mt->topic = t;
    ck_sql_schema_init(&mt->work);
    ck_sql_schema_init(&mt->pub);
    ck_sql_flat_init(&mt->flat);
    ck_wb_init(&mt->buf, 0);
    ck_wb_init(&mt->blob, 0);
    mat_resize(mt);
    if (mat_db_open(mt) != 0) mt->retry_at = ck_mono_ms() + 1000;
    pthread_mutex_lock(&sql->lock);
    ck_map_put(&sql->topics, mt->name, strlen(mt->name), mt);
    pthread_mutex_unlock(&sql->lock);
    if (mt->db) publish(sql, mt);
    CK_DEBUG(CK_SQL_SUB, "materializer: tailing %s", mt->name);
    return mt;
}

/* Removes .db files of topics that no longer exist (deleted while down). */
static void sweep_stale(ck_sql *sql) {
    DIR *d = opendir(sql->dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n <= 3 || strcmp(de->d_name + n - 3, ".db") != 0) continue;
        ck_topic *t = ck_engine_topic_get(sql->eng, de->d_name, n - 3);
        if (t) {
            ck_topic_release(t);
            continue;
        }
        size_t plen = strlen(sql->dir) + n + 2;
        char *path = ck_malloc(plen);
        snprintf(path, plen, "%s/%s", sql->dir, de->d_name);
        CK_INFO(CK_SQL_SUB, "materializer: removing %s (its topic no longer exists)", path);
        remove_db_files(path);
        ck_free(path);
    }
    closedir(d);
}

static void sync_topics(ck_sql *sql) {
    size_t n = 0;
    ck_topic **list = ck_engine_topic_list(sql->eng, &n);
    ck_map seen;
    ck_map_init(&seen);
    for (size_t i = 0; i < n; i++) {
        ck_topic *t = list[i];
        const char *name = ck_topic_name(t);
        if (ck_topic_deleted(t)) continue;
        ck_topic_conf tc;
        ck_topic_conf_snapshot(t, &tc);
        bool columnar = tc.num[CK_TK_COLUMNAR_ENABLED] != 0;
        ck_topic_conf_free(&tc);
        ck_mat_topic *mt = ck_map_get(&sql->topics, name, strlen(name));
        if (mt && memcmp(mt->id, ck_topic_id(t), 16) != 0) {
            mat_drop(sql, mt, true); /* re-created under the same name */
            mt = NULL;
        }
        if (!columnar) {
            if (mt) mat_drop(sql, mt, false);
            continue;
        }
        ck_map_put(&seen, name, strlen(name), t);
        if (!mt) mat_add(sql, t);
        else mat_resize(mt);
    }
    /* Topics gone: remove their tables. */
    size_t it = 0, ndrop = 0;
    const char *k;
    size_t kl;
    void *v;
    ck_mat_topic **drop = ck_calloc(sql->topics.count + 1, sizeof(*drop));
    while (ck_map_next(&sql->topics, &it, &k, &kl, &v))
        if (!ck_map_get(&seen, k, kl)) drop[ndrop++] = v;
    for (size_t i = 0; i < ndrop; i++) {
        ck_topic *t = ck_engine_topic_get(sql->eng, drop[i]->name, strlen(drop[i]->name));
        bool gone = !t || memcmp(ck_topic_id(t), drop[i]->id, 16) != 0;
        if (t) ck_topic_release(t);
        mat_drop(sql, drop[i], gone);
    }
    ck_free(drop);
    ck_map_free(&seen);
    ck_topics_release(list, n);
    if (!sql->swept) {
        sweep_stale(sql);
        sql->swept = true;
    }
}

/* Steps every topic; *deferred is set when one waits for coalescing. */
static int64_t step_all(ck_sql *sql, bool *deferred) {
    int64_t total = 0;
    size_t it = 0, nt = 0;
    const char *k;
    size_t kl;
    void *v;
    ck_mat_topic **arr = ck_calloc(sql->topics.count + 1, sizeof(*arr));
    while (ck_map_next(&sql->topics, &it, &k, &kl, &v)) arr[nt++] = v;
    for (size_t i = 0; i < nt; i++) {
        int64_t r = mat_step(sql, arr[i]);
        if (r > 0) total += r;
        if (r == -2) *deferred = true;
    }
    ck_free(arr);
    return total;
}

static void *worker_main(void *arg) {
    ck_sql *sql = arg;
    int64_t last_sync = 0;
    pthread_setname_np(pthread_self(), "ck-sql-mat");
    /* Lower this thread's priority (Linux: per-thread nice). */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), MAT_NICE) != 0)
        CK_DEBUG(CK_SQL_SUB, "materializer: setpriority: %s", strerror(errno));
    pthread_mutex_lock(&sql->lock);
    while (!sql->stop) {
        bool do_sync = sql->kick || ck_mono_ms() - last_sync >= MAT_POLL_MS;
        bool paused = sql->paused;
        if (paused != sql->pause_held) {
            sql->pause_held = paused;
            pthread_cond_broadcast(&sql->progress_cond);   /* ck_sql_test_pause waits for this */
        }
        sql->kick = false;
        sql->data = false;
        pthread_mutex_unlock(&sql->lock);
        if (do_sync) {
            sync_topics(sql);
            last_sync = ck_mono_ms();
        }
        bool deferred = false;
        int64_t rows = paused ? 0 : step_all(sql, &deferred);
        struct timespec cpu;
        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
            atomic_store_explicit(&sql->st_mat_cpu_us, (uint64_t)cpu.tv_sec * 1000000u + (uint64_t)cpu.tv_nsec / 1000u,
                                  memory_order_relaxed);
        pthread_mutex_lock(&sql->lock);
        if (rows == 0 && !sql->kick && (!sql->data || deferred) && !sql->stop) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += (long)(deferred ? MAT_COALESCE_MS / 5 : MAT_POLL_MS) * 1000000L;
            while (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&sql->cond, &sql->lock, &ts);
        }
    }
    pthread_mutex_unlock(&sql->lock);
    /* Close every table (kept on disk). */
    size_t it = 0, nt = 0;
    const char *k;
    size_t kl;
    void *v;
    ck_mat_topic **arr = ck_calloc(sql->topics.count + 1, sizeof(*arr));
    while (ck_map_next(&sql->topics, &it, &k, &kl, &v)) arr[nt++] = v;
    for (size_t i = 0; i < nt; i++) mat_drop(sql, arr[i], false);
    ck_free(arr);
    return NULL;
}

int ck_mat_start(ck_sql *sql) {
    if (pthread_create(&sql->thr, NULL, worker_main, sql) != 0) return CHRONIK_ERR_IO;
    sql->started = true;
    return 0;
}

void ck_mat_stop(ck_sql *sql) {
    if (!sql->started) return;
    pthread_mutex_lock(&sql->lock);
    sql->stop = true;
    pthread_cond_broadcast(&sql->cond);
    pthread_mutex_unlock(&sql->lock);
    pthread_join(sql->thr, NULL);
    sql->started = false;
}

void ck_mat_kick(ck_sql *sql) {
    pthread_mutex_lock(&sql->lock);
    sql->kick = true;
    pthread_cond_signal(&sql->cond);
    pthread_mutex_unlock(&sql->lock);
}

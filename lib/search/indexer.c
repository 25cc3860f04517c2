/*
 * indexer.c — the worker thread that keeps one FTS5 index per searchable
 * topic (searchable.enabled=true) in <data.dir>/search/<topic>.db.  It
 * tails every partition like a consumer (woken by ck_partition_watch when
 * the high watermark advances, and every 200 ms), extracts the text of each
 * record (searchable.fields, or every string field of a JSON value, or the
 * whole value when it is not JSON; the key with searchable.key) and inserts
 * one FTS5 row per record whose rowid is (partition << 40) | offset.  Rows
 * and the next offset per partition commit in one transaction, so a restart
 * (even after kill -9) resumes with no document twice and none missing.
 *
 * Columns: ts (UNINDEXED timestamp), _key, c0..c31 and rest.  A field path
 * takes the next free slot c<i> the first time it is seen ("fields" table);
 * fields beyond 32 share "rest".  A non-JSON value is the field "value".
 *
 * The index follows the log: documents below a partition's log start
 * (retention, DeleteRecords) are deleted on every pass; documents past the
 * log end after a crash are deleted at open; a deleted topic's index is
 * removed, a re-created one (new topic id) or one whose searchable.* configs
 * changed is rebuilt from the log, and a database that cannot be opened or
 * read (lost, corrupted) is removed and rebuilt without stopping the engine.
 *
 * Searches call ck_sidx_catch_up, which indexes the part the worker has not
 * reached yet under the same writer lock: the index then covers every
 * acknowledged record.  The worker runs at a lower priority than the produce
 * path and only reads the log.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "search/search_int.h"

#define IDX_TXN_ROWS 5000
#define IDX_POLL_MS 200
#define IDX_READ_BYTES ((size_t)1 << 20)
#define IDX_COALESCE_MS 20      /* caught up: at most one commit per index this often */
#define IDX_NICE 10
#define IDX_MAX_TEXT ((size_t)1 << 20)   /* text indexed per record at most */
#define IDX_VALUE_DEPTH 64

/* ===================================================================== */
/* Helpers                                                               */
/* ===================================================================== */

const char *ck_sidx_tokenizer(int analyzer) {
    switch (analyzer) {
    case CK_SAN_PORTER: return "porter unicode61 remove_diacritics 2";
    case CK_SAN_TRIGRAM: return "trigram";
    default: return "unicode61 remove_diacritics 2";
    }
}

static int exec_sql(sqlite3 *db, const char *sqltext) {
    char *msg = NULL;
    int rc = sqlite3_exec(db, sqltext, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        CK_WARN(CK_SEARCH_SUB, "indexer: %.80s: %s", sqltext, msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return rc;
}

static void remove_db_files(const char *path) {
    char buf[4096 + 16];
    unlink(path);
    snprintf(buf, sizeof(buf), "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof(buf), "%s-shm", path);
    unlink(buf);
    snprintf(buf, sizeof(buf), "%s-journal", path);
    unlink(buf);
}

static void id_hex(const uint8_t id[16], char out[33]) {
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hx[id[i] >> 4];
        out[2 * i + 1] = hx[id[i] & 15];
    }
    out[32] = 0;
}

/* Appends s[0..n) with every invalid UTF-8 byte replaced by '?'. */
static void put_utf8_clean(ck_wb *out, const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        /* A run of printable ASCII goes in one copy. */
        size_t run = i;
        while (run < n && s[run] >= 0x20 && s[run] < 0x80) run++;
        if (run > i) {
            ck_wb_put(out, s + i, run - i);
            i = run;
            continue;
        }
        size_t l = ck_sj_utf8_len(s + i, n - i);
        if (!l) {
            ck_wb_i8(out, '?');
            i++;
            continue;
        }
        if (s[i] == 0) ck_wb_i8(out, ' ');
        else ck_wb_put(out, s + i, l);
        i += l;
    }
}

void ck_sidx_collect_text(const ck_sj *v, ck_wb *out) {
    switch (v->type) {
    case CK_SJ_STRING:
        if (out->len) ck_wb_i8(out, '\n');
        ck_wb_put(out, v->s, v->len);
        break;
    case CK_SJ_NUMBER:
        if (out->len) ck_wb_i8(out, '\n');
        ck_wb_put(out, v->s, v->len);
        break;
    case CK_SJ_TRUE: case CK_SJ_FALSE:
        if (out->len) ck_wb_i8(out, '\n');
        ck_json_raw(out, v->type == CK_SJ_TRUE ? "true" : "false");
        break;
    case CK_SJ_ARRAY: case CK_SJ_OBJECT:
        for (size_t i = 0; i < v->n; i++) ck_sidx_collect_text(&v->kids[i], out);
        break;
    default: break;
    }
}

/* ===================================================================== */
/* Reading records                                                       */
/* ===================================================================== */

void ck_srec_reader_init(ck_srec_reader *r, ck_partition *p) {
    memset(r, 0, sizeof(*r));
    r->p = p;
    ck_wb_init(&r->buf, 0);
    r->from = r->next = -1;
}

void ck_srec_reader_free(ck_srec_reader *r) {
    if (r->it_live) ck_rec_iter_free(&r->it);
    r->it_live = false;
    ck_wb_free(&r->buf);
}

/* Loads the batches starting at the one holding offset. */
static int reader_load(ck_srec_reader *r, int64_t offset) {
    if (r->it_live) ck_rec_iter_free(&r->it);
    r->it_live = false;
    r->have = false;
    ck_wb_reset(&r->buf);
    int64_t next = offset;
    ck_part_offsets o;
    int rc = ck_partition_read_copy(r->p, offset, 65536, &r->buf, &next, &o);
    if (rc != 0) {
        r->from = r->next = -1;
        return rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE ? 0 : -1;
    }
    if (next <= offset || r->buf.len == 0) {
        r->from = r->next = -1;
        return 0;
    }
    r->from = offset;
    r->next = next;
    r->pos = 0;
    return 1;
}

int ck_srec_reader_get(ck_srec_reader *r, int64_t offset, ck_rec *rec) {
    if (offset < 0) return 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (r->from < 0 || offset < r->from || offset >= r->next ||
            (r->have && r->rec.offset > offset)) {
            int lr = reader_load(r, offset);
            if (lr <= 0) return lr;
        }
        if (r->have && r->rec.offset == offset) {
            *rec = r->rec;
            return 1;
        }
        for (;;) {
            if (r->it_live) {
                int n = ck_rec_iter_next(&r->it, &r->rec);
                if (n == 1) {
                    r->have = true;
                    if (r->rec.offset == offset) {
                        *rec = r->rec;
                        return 1;
                    }
                    if (r->rec.offset > offset) return 0;
                    continue;
                }
                ck_rec_iter_free(&r->it);
                r->it_live = false;
                r->have = false;
            }
            if (r->pos + CK_BATCH_HEADER_SIZE > r->buf.len) break;
            ck_batch_hdr h;
            const uint8_t *b = r->buf.buf + r->pos;
            if (ck_batch_hdr_read(b, r->buf.len - r->pos, &h) != 0 || ck_batch_size(&h) > r->buf.len - r->pos ||
                h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD)
                return 0;
            r->pos += ck_batch_size(&h);
            if (ck_batch_last_offset(&h) < offset) continue;
            if (h.base_offset > offset) return 0;
            if (ck_batch_is_control(&h)) return 0;
            if (ck_rec_iter_init(&r->it, b, ck_batch_size(&h), (size_t)256 << 20) != 0) {
                ck_rec_iter_free(&r->it);
                return 0;
            }
            r->it_live = true;
        }
        r->from = -1; /* past the chunk: read from offset */
    }
    return 0;
}

/* ===================================================================== */
/* Database of one topic                                                 */
/* ===================================================================== */

static void idx_db_close(ck_sidx *idx) {
    if (idx->ins) sqlite3_finalize(idx->ins);
    if (idx->prog) sqlite3_finalize(idx->prog);
    idx->ins = idx->prog = NULL;
    if (idx->db) sqlite3_close_v2(idx->db);
    idx->db = NULL;
}

static void readers_close(ck_sidx *idx) {
    pthread_mutex_lock(&idx->rlock);
    for (int i = 0; i < idx->nreaders; i++) sqlite3_close_v2(idx->readers[i]);
    idx->nreaders = 0;
    pthread_mutex_unlock(&idx->rlock);
}

static char *config_signature(const ck_sidx *idx) {
    ck_wb sig;
    ck_wb_init(&sig, 64);
    char head[32];
    snprintf(head, sizeof(head), "v1|%d|%d|", idx->analyzer, idx->index_key ? 1 : 0);
    ck_wb_put(&sig, head, strlen(head));
    ck_wb_put(&sig, idx->fields_conf, strlen(idx->fields_conf));
    ck_wb_i8(&sig, 0);
    char *s = ck_strdup((const char *)sig.buf);
    ck_wb_free(&sig);
    return s;
}

static int create_schema(ck_sidx *idx) {
    ck_wb q;
    ck_wb_init(&q, 1024);
    ck_json_raw(&q, "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v);"
                    "CREATE TABLE IF NOT EXISTS progress(partition INTEGER PRIMARY KEY, next_offset INTEGER NOT NULL);"
                    "CREATE TABLE IF NOT EXISTS fields(name TEXT PRIMARY KEY, slot INTEGER NOT NULL);"
                    "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(ts UNINDEXED, _key");
    for (int i = 0; i < CK_SEARCH_SLOTS; i++) {
        char c[16];
        snprintf(c, sizeof(c), ", c%d", i);
        ck_json_raw(&q, c);
    }
    ck_json_raw(&q, ", rest, tokenize = '");
    ck_json_raw(&q, ck_sidx_tokenizer(idx->analyzer));
    ck_json_raw(&q, "');");
    ck_wb_i8(&q, 0);
    int rc = exec_sql(idx->db, (const char *)q.buf);
    ck_wb_free(&q);
    return rc;
}

/* Reads meta, fields and progress; *mismatch when the database belongs to
 * another topic id or another configuration. */
static int load_state(ck_sidx *idx, bool *mismatch) {
    char idh[33];
    id_hex(idx->id, idh);
    char *sig = config_signature(idx);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(idx->db, "SELECT k, v FROM meta", -1, &st, NULL);
    bool have_id = false, have_sig = false;
    *mismatch = false;
    if (rc != SQLITE_OK) goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (!k) continue;
        if (!strcmp(k, "topic_id")) {
            have_id = true;
            if (!v || strcmp(v, idh)) *mismatch = true;
        } else if (!strcmp(k, "config")) {
            have_sig = true;
            if (!v || strcmp(v, sig)) *mismatch = true;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE) goto out;
    rc = SQLITE_OK;
    if (*mismatch) goto out;
    if (!have_id || !have_sig) {
        rc = sqlite3_prepare_v2(idx->db, "INSERT OR REPLACE INTO meta VALUES('topic_id', ?1), ('config', ?2)", -1,
                                &st, NULL);
        if (rc != SQLITE_OK) goto out;
        sqlite3_bind_text(st, 1, idh, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, sig, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(st);
        st = NULL;
        if (rc != SQLITE_OK) goto out;
    }
    /* Field slots. */
    for (int i = 0; i < idx->nslots; i++) ck_free(idx->slot_name[i]);
    idx->nslots = 0;
    idx->rest_used = false;
    ck_map_free(&idx->slots);
    ck_map_init(&idx->slots);
    rc = sqlite3_prepare_v2(idx->db, "SELECT name, slot FROM fields ORDER BY slot", -1, &st, NULL);
    if (rc != SQLITE_OK) goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int slot = sqlite3_column_int(st, 1);
        if (!name) continue;
        if (slot >= 0 && slot < CK_SEARCH_SLOTS) {
            idx->slot_name[slot] = ck_strdup(name);
            if (slot + 1 > idx->nslots) idx->nslots = slot + 1;
        } else {
            idx->rest_used = true;
        }
        ck_map_put(&idx->slots, name, strlen(name), (void *)(intptr_t)(slot + 2));
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE) goto out;
    /* Fill any hole (never expected) so slot names are never NULL. */
    for (int i = 0; i < idx->nslots; i++)
        if (!idx->slot_name[i]) idx->slot_name[i] = ck_strdup("");
    for (int32_t i = 0; i < idx->nprog; i++) idx->progress[i] = 0, idx->low[i] = 0;
    rc = sqlite3_prepare_v2(idx->db, "SELECT partition, next_offset FROM progress", -1, &st, NULL);
    if (rc != SQLITE_OK) goto out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t part = sqlite3_column_int64(st, 0);
        if (part >= 0 && part < idx->nprog) idx->progress[part] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
out:
    if (st) sqlite3_finalize(st);
    ck_free(sig);
    return rc;
}

static int64_t doc_count(sqlite3 *db) {
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM docs", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void publish(ck_sidx *idx);

/* Deletes the documents of partition part at offsets in [from, to). */
static int delete_range(ck_sidx *idx, int32_t part, int64_t from, int64_t to) {
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(idx->db, "DELETE FROM docs WHERE rowid >= ?1 AND rowid < ?2", -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_int64(st, 1, ck_search_rowid(part, from));
    sqlite3_bind_int64(st, 2, ck_search_rowid(part, CK_MIN(to, CK_SEARCH_OFFSET_MASK)));
    rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(idx->db);
    int n = sqlite3_changes(idx->db);
    sqlite3_finalize(st);
    if (rc == SQLITE_OK && n > 0) {
        atomic_fetch_add_explicit(&idx->docs_deleted, (uint64_t)n, memory_order_relaxed);
        CK_DEBUG(CK_SEARCH_SUB, "indexer: %s-%d: removed %d document(s) in [%lld, %lld)", idx->name, (int)part, n,
                 (long long)from, (long long)to);
    }
    return rc;
}

static int save_progress(ck_sidx *idx, int32_t part, int64_t next) {
    if (!idx->prog &&
        sqlite3_prepare_v3(idx->db, "INSERT OR REPLACE INTO progress VALUES(?1, ?2)", -1, SQLITE_PREPARE_PERSISTENT,
                           &idx->prog, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    sqlite3_reset(idx->prog);
    sqlite3_bind_int(idx->prog, 1, part);
    sqlite3_bind_int64(idx->prog, 2, next);
    int rc = sqlite3_step(idx->prog) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_reset(idx->prog);
    return rc;
}

/* Opens (creating or rebuilding) the topic's database; wlock held. */
static int idx_db_open(ck_sidx *idx) {
    int rc = SQLITE_ERROR;
    for (int attempt = 0; attempt < 3; attempt++) {
        bool existed = access(idx->path, F_OK) == 0;
        rc = sqlite3_open_v2(idx->path, &idx->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
        bool mismatch = false, broken = false;
        if (rc == SQLITE_OK) {
            sqlite3_busy_timeout(idx->db, 5000);
            rc = exec_sql(idx->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
        }
        if (rc == SQLITE_OK && existed) {
            /* A damaged file is found here rather than in the middle of a
             * search: its b-trees are checked page by page. */
            sqlite3_stmt *st = NULL;
            rc = sqlite3_prepare_v2(idx->db, "PRAGMA quick_check(1)", -1, &st, NULL);
            if (rc == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW) {
                    const char *v = (const char *)sqlite3_column_text(st, 0);
                    if (!v || strcmp(v, "ok")) broken = true;
                } else {
                    broken = true;
                }
            }
            sqlite3_finalize(st);
        }
        if (rc == SQLITE_OK && !broken) rc = exec_sql(idx->db, "BEGIN IMMEDIATE");
        if (rc == SQLITE_OK && !broken) rc = create_schema(idx);
        if (rc == SQLITE_OK && !broken) rc = load_state(idx, &mismatch);
        if (rc == SQLITE_OK && !broken && !mismatch) rc = exec_sql(idx->db, "COMMIT");
        if (rc == SQLITE_OK && !broken && !mismatch) break;
        if (idx->db) sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
        idx_db_close(idx);
        if (mismatch)
            CK_INFO(CK_SEARCH_SUB, "indexer: %s was built for another topic id or other searchable.* configs: "
                                   "rebuilding it from the log", idx->path);
        else
            CK_WARN(CK_SEARCH_SUB, "indexer: %s cannot be used (%s): rebuilding it from the log", idx->path,
                    broken ? "damaged" : sqlite3_errstr(rc));
        atomic_fetch_add_explicit(&idx->s->st_rebuilds, 1, memory_order_relaxed);
        readers_close(idx);
        remove_db_files(idx->path);
        rc = SQLITE_ERROR;
    }
    if (!idx->db) return -1;

    /* Bring the index back within the log: documents past the log end
     * (a crash took back an unflushed tail) and below its start go. */
    int64_t backlog = 0;
    bool in_txn = false;
    for (int32_t pi = 0; pi < idx->nprog; pi++) {
        ck_partition *p = ck_topic_partition(idx->topic, pi);
        if (!p) continue;
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        if (idx->progress[pi] > o.high_watermark) {
            if (!in_txn && exec_sql(idx->db, "BEGIN IMMEDIATE") == SQLITE_OK) in_txn = true;
            CK_WARN(CK_SEARCH_SUB, "indexer: %s-%d: the index reaches offset %lld, past the log end %lld: trimmed",
                    idx->name, (int)pi, (long long)idx->progress[pi], (long long)o.high_watermark);
            delete_range(idx, pi, o.high_watermark, CK_SEARCH_OFFSET_MASK);
            idx->progress[pi] = o.high_watermark;
            save_progress(idx, pi, o.high_watermark);
        }
        backlog += o.high_watermark - CK_MAX(idx->progress[pi], o.log_start);
    }
    if (in_txn && exec_sql(idx->db, "COMMIT") != SQLITE_OK) {
        sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
        idx_db_close(idx);
        return -1;
    }
    atomic_store_explicit(&idx->backfill_total, backlog, memory_order_relaxed);
    atomic_store_explicit(&idx->backfill_done, 0, memory_order_relaxed);
    atomic_store_explicit(&idx->doc_count, doc_count(idx->db), memory_order_relaxed);
    if (backlog > 0)
        CK_INFO(CK_SEARCH_SUB, "indexer: %s: indexing %lld record(s) the log already holds", idx->name,
                (long long)backlog);
    idx->last_commit_ms = 0;
    return 0;
}

/* ===================================================================== */
/* Documents                                                             */
/* ===================================================================== */

/* The column of field path (len bytes), assigning a slot the first time. */
static int field_column(ck_sidx *idx, const char *path, size_t len) {
    void *v = ck_map_get(&idx->slots, path, len);
    if (v) {
        int slot = (int)(intptr_t)v - 2;
        return slot >= 0 ? CK_SCOL_SLOT0 + slot : CK_SCOL_REST;
    }
    int slot = idx->nslots < CK_SEARCH_SLOTS ? idx->nslots : -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(idx->db, "INSERT OR REPLACE INTO fields VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, path, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, slot);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return -1;
    ck_map_put(&idx->slots, path, len, (void *)(intptr_t)(slot + 2));
    if (slot >= 0) {
        idx->slot_name[slot] = ck_strndup(path, len);
        idx->nslots++;
        return CK_SCOL_SLOT0 + slot;
    }
    idx->rest_used = true;
    return CK_SCOL_REST;
}

static int add_text(ck_sidx *idx, const char *path, size_t plen, const char *text, size_t tlen) {
    int c = field_column(idx, path, plen);
    if (c < 0) return -1;
    ck_wb *w = &idx->col[c];
    if (w->len) ck_wb_i8(w, '\n');
    put_utf8_clean(w, (const uint8_t *)text, tlen);
    return 0;
}

/* Every string leaf of v under path prefix. */
static int walk_strings(ck_sidx *idx, const ck_sj *v, ck_wb *path) {
    switch (v->type) {
    case CK_SJ_STRING:
        if (path->len == 0) return add_text(idx, "value", 5, v->s, v->len);
        return add_text(idx, (const char *)path->buf, path->len, v->s, v->len);
    case CK_SJ_ARRAY:
        for (size_t i = 0; i < v->n; i++)
            if (walk_strings(idx, &v->kids[i], path) != 0) return -1;
        return 0;
    case CK_SJ_OBJECT:
        for (size_t i = 0; i < v->n; i++) {
            size_t keep = path->len;
            if (keep) ck_wb_i8(path, '.');
            ck_wb_put(path, v->kids[i].key, v->kids[i].keylen);
            int rc = walk_strings(idx, &v->kids[i], path);
            path->len = keep;
            if (rc != 0) return -1;
        }
        return 0;
    default: return 0;
    }
}

/* Fills idx->col for rec. */
static int build_doc(ck_sidx *idx, const ck_rec *rec) {
    for (int i = 0; i < CK_SCOL_COUNT; i++) ck_wb_reset(&idx->col[i]);
    if (idx->index_key && rec->key_len > 0)
        put_utf8_clean(&idx->col[CK_SCOL_KEY], rec->key, (size_t)rec->key_len);
    if (rec->value_len <= 0) return 0;
    size_t vlen = CK_MIN((size_t)rec->value_len, IDX_MAX_TEXT);
    ck_arena_reset(&idx->arena);
    const ck_sj *root = NULL;
    const uint8_t *v = rec->value;
    size_t skip = 0;
    while (skip < vlen && (v[skip] == ' ' || v[skip] == '\n' || v[skip] == '\t' || v[skip] == '\r')) skip++;
    if (skip < vlen && (v[skip] == '{' || v[skip] == '['))
        root = ck_sj_parse(&idx->arena, (const char *)v, (size_t)rec->value_len, IDX_VALUE_DEPTH, NULL, 0);
    if (!root) return add_text(idx, "value", 5, (const char *)v, vlen);
    if (idx->nfields > 0) {
        ck_wb text;
        ck_wb_init(&text, 256);
        for (int i = 0; i < idx->nfields; i++) {
            const ck_sj *f = ck_sj_path(root, idx->fields[i], strlen(idx->fields[i]));
            if (!f) continue;
            ck_wb_reset(&text);
            ck_sidx_collect_text(f, &text);
            if (text.len && add_text(idx, idx->fields[i], strlen(idx->fields[i]), (const char *)text.buf,
                                     CK_MIN(text.len, IDX_MAX_TEXT)) != 0) {
                ck_wb_free(&text);
                return -1;
            }
        }
        ck_wb_free(&text);
        return 0;
    }
    ck_wb path;
    ck_wb_init(&path, 64);
    int rc = walk_strings(idx, root, &path);
    ck_wb_free(&path);
    return rc;
}

static int insert_doc(ck_sidx *idx, int32_t part, const ck_rec *rec) {
    if (build_doc(idx, rec) != 0) return -1;
    if (!idx->ins) {
        ck_wb q;
        ck_wb_init(&q, 256);
        ck_json_raw(&q, "INSERT INTO docs(rowid, ts, _key");
        for (int i = 0; i < CK_SEARCH_SLOTS; i++) {
            char c[16];
            snprintf(c, sizeof(c), ", c%d", i);
            ck_json_raw(&q, c);
        }
        ck_json_raw(&q, ", rest) VALUES(?");
        for (int i = 0; i < CK_SCOL_COUNT; i++) ck_json_raw(&q, ", ?");
        ck_json_raw(&q, ")");
        ck_wb_i8(&q, 0);
        int rc = sqlite3_prepare_v3(idx->db, (const char *)q.buf, -1, SQLITE_PREPARE_PERSISTENT, &idx->ins, NULL);
        ck_wb_free(&q);
        if (rc != SQLITE_OK) return -1;
    }
    sqlite3_stmt *ins = idx->ins;
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, ck_search_rowid(part, rec->offset));
    sqlite3_bind_int64(ins, 2, rec->timestamp);
    for (int c = 1; c < CK_SCOL_COUNT; c++) {
        if (idx->col[c].len) sqlite3_bind_text(ins, c + 2, (const char *)idx->col[c].buf, (int)idx->col[c].len,
                                               SQLITE_STATIC);
        else sqlite3_bind_null(ins, c + 2);
    }
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc == SQLITE_CONSTRAINT) return 0; /* already indexed (never expected: progress commits with rows) */
    if (rc != SQLITE_DONE) {
        CK_WARN(CK_SEARCH_SUB, "indexer: insert into %s failed: %s", idx->name, sqlite3_errmsg(idx->db));
        return -1;
    }
    return 0;
}

/* ===================================================================== */
/* Stepping                                                              */
/* ===================================================================== */

static void fields_copy(ck_sidx_fields *dst, const ck_sidx *idx) {
    ck_sidx_fields_free(dst);
    dst->nslots = idx->nslots;
    for (int i = 0; i < idx->nslots; i++) dst->slot[i] = ck_strdup(idx->slot_name[i]);
    dst->rest_used = idx->rest_used;
    dst->key = idx->index_key;
    dst->analyzer = idx->analyzer;
}

static void publish(ck_sidx *idx) {
    ck_search *s = idx->s;
    pthread_mutex_lock(&s->lock);
    fields_copy(&idx->pub, idx);
    if (idx->npub != idx->nprog) {
        idx->pub_progress = ck_realloc(idx->pub_progress, (size_t)(idx->nprog > 0 ? idx->nprog : 1) * sizeof(int64_t));
        idx->npub = idx->nprog;
    }
    if (idx->nprog > 0) memcpy(idx->pub_progress, idx->progress, (size_t)idx->nprog * sizeof(int64_t));
    idx->ready = true;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

/* Indexes up to IDX_TXN_ROWS records of idx in one transaction; wlock
 * held.  Returns the records indexed, -2 when deferred (caught up and
 * committed less than IDX_COALESCE_MS ago), -1 after a failure (the
 * database is closed and reopened later).  force ignores coalescing. */
static int64_t idx_step(ck_sidx *idx, bool force) {
    int64_t rows = 0, max_lag_ms = 0;
    bool in_txn = false, moved = false;
    if (!idx->db) {
        if (!force && ck_mono_ms() < idx->retry_at) return 0;
        if (idx_db_open(idx) != 0) {
            idx->retry_at = ck_mono_ms() + 1000;
            return -1;
        }
        publish(idx);
    }
    int32_t np = CK_MIN(ck_topic_partition_count(idx->topic), idx->nprog);
    int64_t lag = 0;
    for (int32_t pi = 0; pi < np; pi++) {
        ck_partition *p = ck_topic_partition(idx->topic, pi);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        lag += CK_MAX(0, o.high_watermark - CK_MAX(idx->progress[pi], o.log_start));
    }
    if (!force && lag > 0 && lag < IDX_TXN_ROWS && ck_mono_ms() - idx->last_commit_ms < IDX_COALESCE_MS) return -2;
    int64_t now = ck_now_ms();
    for (int32_t pi = 0; pi < np && rows < IDX_TXN_ROWS; pi++) {
        ck_partition *p = ck_topic_partition(idx->topic, pi);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        int64_t next = idx->progress[pi];
        if (o.log_start > idx->low[pi]) {
            /* Retention or DeleteRecords moved the log start. */
            if (!in_txn) {
                if (exec_sql(idx->db, "BEGIN IMMEDIATE") != SQLITE_OK) goto fail;
                in_txn = true;
            }
            if (delete_range(idx, pi, 0, o.log_start) != SQLITE_OK) goto fail;
            idx->low[pi] = o.log_start;
        }
        if (next < o.log_start) next = o.log_start;
        while (next < o.high_watermark && rows < IDX_TXN_ROWS) {
            ck_wb_reset(&idx->buf);
            int64_t after = next;
            ck_part_offsets ro;
            int rc = ck_partition_read_copy(p, next, IDX_READ_BYTES, &idx->buf, &after, &ro);
            if (rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE) {
                ck_partition_offsets(p, &o);
                if (o.log_start > next) {
                    next = o.log_start;
                    continue;
                }
            }
            if (rc != 0 || after <= next) break;
            int64_t before = next;
            size_t pos = 0;
            while (pos + CK_BATCH_HEADER_SIZE <= idx->buf.len) {
                ck_batch_hdr h;
                const uint8_t *b = idx->buf.buf + pos;
                if (ck_batch_hdr_read(b, idx->buf.len - pos, &h) != 0 || ck_batch_size(&h) > idx->buf.len - pos ||
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
                                if (exec_sql(idx->db, "BEGIN IMMEDIATE") != SQLITE_OK) {
                                    ck_rec_iter_free(&it);
                                    goto fail;
                                }
                                in_txn = true;
                            }
                            if (insert_doc(idx, pi, &rec) != 0) {
                                ck_rec_iter_free(&it);
                                goto fail;
                            }
                            if (now - rec.timestamp > max_lag_ms) max_lag_ms = now - rec.timestamp;
                            rows++;
                        }
                        if (r < 0)
                            CK_WARN(CK_SEARCH_SUB, "indexer: %s-%d: bad record in batch at %lld: %s", idx->name,
                                    (int)pi, (long long)h.base_offset, it.err);
                    } else {
                        CK_WARN(CK_SEARCH_SUB, "indexer: %s-%d: cannot decode batch at %lld: %s", idx->name, (int)pi,
                                (long long)h.base_offset, it.err);
                    }
                    ck_rec_iter_free(&it);
                }
                next = CK_MIN(last + 1, o.high_watermark);
            }
            if (after > next && after <= o.high_watermark && pos >= idx->buf.len) next = after;
            if (next == before) {
                CK_WARN(CK_SEARCH_SUB, "indexer: %s-%d: unreadable batch at %lld", idx->name, (int)pi, (long long)next);
                break;
            }
        }
        if (next != idx->progress[pi]) {
            if (!in_txn) {
                if (exec_sql(idx->db, "BEGIN IMMEDIATE") != SQLITE_OK) goto fail;
                in_txn = true;
            }
            if (save_progress(idx, pi, next) != SQLITE_OK) goto fail;
            idx->progress[pi] = next;
            moved = true;
        }
    }
    if (in_txn) {
        if (exec_sql(idx->db, "COMMIT") != SQLITE_OK) goto fail;
        idx->last_commit_ms = ck_mono_ms();
        atomic_fetch_add_explicit(&idx->s->st_commits, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&idx->s->st_docs_indexed, (uint64_t)rows, memory_order_relaxed);
        atomic_fetch_add_explicit(&idx->docs_indexed, (uint64_t)rows, memory_order_relaxed);
        atomic_fetch_add_explicit(&idx->doc_count, rows, memory_order_relaxed);
        int64_t done = atomic_load_explicit(&idx->backfill_done, memory_order_relaxed) + rows;
        int64_t total = atomic_load_explicit(&idx->backfill_total, memory_order_relaxed);
        atomic_store_explicit(&idx->backfill_done, CK_MIN(done, total), memory_order_relaxed);
    }
    atomic_store_explicit(&idx->lag_records, CK_MAX(0, lag - rows), memory_order_relaxed);
    if (rows > 0) atomic_store_explicit(&idx->lag_ms, max_lag_ms, memory_order_relaxed);
    else if (lag == 0) atomic_store_explicit(&idx->lag_ms, 0, memory_order_relaxed);
    if (moved) publish(idx);
    return rows;
fail:
    {
        int code = idx->db ? sqlite3_errcode(idx->db) : SQLITE_ERROR;
        CK_WARN(CK_SEARCH_SUB, "indexer: %s: transaction failed (%s); retrying in 1 s", idx->name,
                sqlite3_errstr(code));
        if (in_txn) sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
        idx_db_close(idx);
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
            /* Rebuilt from the log at the next open. */
            readers_close(idx);
            remove_db_files(idx->path);
            atomic_fetch_add_explicit(&idx->s->st_rebuilds, 1, memory_order_relaxed);
        }
        idx->retry_at = ck_mono_ms() + 1000;
        return -1;
    }
}

static bool idx_dropped(ck_sidx *idx) {
    pthread_mutex_lock(&idx->s->lock);
    bool d = idx->dropped;
    pthread_mutex_unlock(&idx->s->lock);
    return d;
}

int ck_sidx_catch_up(ck_sidx *idx, const int64_t *hwm, int32_t n, int64_t deadline_ms) {
    int rc = 0;
    pthread_mutex_lock(&idx->wlock);
    for (;;) {
        /* A dropped index is never reopened (its path may be a new one's). */
        if (idx_dropped(idx)) {
            rc = CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
            break;
        }
        bool behind = !idx->db;
        for (int32_t i = 0; i < n && i < idx->nprog && !behind; i++) {
            ck_partition *p = ck_topic_partition(idx->topic, i);
            if (!p) continue;
            ck_part_offsets o;
            ck_partition_offsets(p, &o);
            if (CK_MAX(idx->progress[i], o.log_start) < CK_MIN(hwm[i], o.high_watermark) || o.log_start > idx->low[i])
                behind = true;
        }
        if (!behind) break;
        if (ck_mono_ms() >= deadline_ms) {
            rc = CHRONIK_ERR_TIMED_OUT;
            break;
        }
        int64_t r = idx_step(idx, true);
        if (r < 0) {
            rc = CHRONIK_ERR_IO;
            break;
        }
        if (r == 0) {
            /* Nothing readable although behind (e.g. a partition being
             * deleted): do not spin. */
            bool still = false;
            for (int32_t i = 0; i < n && i < idx->nprog; i++) {
                ck_partition *p = ck_topic_partition(idx->topic, i);
                if (!p) continue;
                ck_part_offsets o;
                ck_partition_offsets(p, &o);
                if (CK_MAX(idx->progress[i], o.log_start) < CK_MIN(hwm[i], o.high_watermark)) still = true;
            }
            if (still) rc = CHRONIK_ERR_IO;
            break;
        }
    }
    pthread_mutex_unlock(&idx->wlock);
    return rc;
}

/* ===================================================================== */
/* Readers                                                               */
/* ===================================================================== */

sqlite3 *ck_sidx_reader(ck_sidx *idx) {
    sqlite3 *db = NULL;
    pthread_mutex_lock(&idx->rlock);
    if (idx->nreaders > 0) db = idx->readers[--idx->nreaders];
    pthread_mutex_unlock(&idx->rlock);
    if (db) return db;
    if (sqlite3_open_v2(idx->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        CK_WARN(CK_SEARCH_SUB, "search: cannot open %s: %s", idx->path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close_v2(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

void ck_sidx_reader_put(ck_sidx *idx, sqlite3 *db) {
    if (!db) return;
    pthread_mutex_lock(&idx->rlock);
    if (idx->nreaders < (int)CK_ARRAY_LEN(idx->readers)) {
        idx->readers[idx->nreaders++] = db;
        db = NULL;
    }
    pthread_mutex_unlock(&idx->rlock);
    if (db) sqlite3_close_v2(db);
}

void ck_sidx_fields_get(ck_sidx *idx, ck_sidx_fields *f) {
    memset(f, 0, sizeof(*f));
    pthread_mutex_lock(&idx->s->lock);
    *f = (ck_sidx_fields){0};
    f->nslots = idx->pub.nslots;
    for (int i = 0; i < f->nslots; i++) f->slot[i] = ck_strdup(idx->pub.slot[i] ? idx->pub.slot[i] : "");
    f->rest_used = idx->pub.rest_used;
    f->key = idx->index_key;
    f->analyzer = idx->analyzer;
    pthread_mutex_unlock(&idx->s->lock);
}

void ck_sidx_fields_free(ck_sidx_fields *f) {
    for (int i = 0; i < f->nslots; i++) ck_free(f->slot[i]);
    memset(f->slot, 0, sizeof(f->slot));
    f->nslots = 0;
}

/* ===================================================================== */
/* Topics                                                                */
/* ===================================================================== */

static void watch_cb(void *opaque, ck_partition *p) {
    ck_search *s = opaque;
    (void)p;
    pthread_mutex_lock(&s->lock);
    s->data = true;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static void unwatch_all(ck_sidx *idx) {
    for (int32_t i = 0; i < idx->nwatch; i++) ck_partition_unwatch(&idx->watches[i]);
    ck_free(idx->watches);
    idx->watches = NULL;
    idx->nwatch = 0;
}

/* Sizes progress and watches to the topic's partition count; wlock held. */
static void idx_resize(ck_sidx *idx) {
    int32_t np = ck_topic_partition_count(idx->topic);
    if (np == idx->nwatch && np == idx->nprog) return;
    unwatch_all(idx);
    if (np > idx->nprog) {
        idx->progress = ck_realloc(idx->progress, (size_t)np * sizeof(int64_t));
        idx->low = ck_realloc(idx->low, (size_t)np * sizeof(int64_t));
        for (int32_t i = idx->nprog; i < np; i++) idx->progress[i] = 0, idx->low[i] = 0;
        idx->nprog = np;
    }
    idx->watches = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(ck_watch));
    idx->nwatch = np;
    for (int32_t i = 0; i < np; i++) {
        idx->watches[i].cb = watch_cb;
        idx->watches[i].opaque = idx->s;
        ck_partition_watch(ck_topic_partition(idx->topic, i), &idx->watches[i]);
    }
}

static void idx_free(ck_sidx *idx) {
    unwatch_all(idx);
    readers_close(idx);
    idx_db_close(idx);
    for (int i = 0; i < idx->nslots; i++) ck_free(idx->slot_name[i]);
    ck_sidx_fields_free(&idx->pub);
    ck_map_free(&idx->slots);
    for (int i = 0; i < idx->nfields; i++) ck_free(idx->fields[i]);
    ck_free(idx->fields);
    ck_free(idx->fields_conf);
    for (int i = 0; i < CK_SCOL_COUNT; i++) ck_wb_free(&idx->col[i]);
    ck_wb_free(&idx->buf);
    ck_arena_free(&idx->arena);
    if (idx->topic) ck_topic_release(idx->topic);
    ck_free(idx->progress);
    ck_free(idx->low);
    ck_free(idx->pub_progress);
    pthread_mutex_destroy(&idx->wlock);
    pthread_mutex_destroy(&idx->rlock);
    ck_free(idx->name);
    ck_free(idx->path);
    ck_free(idx);
}

ck_sidx *ck_sidx_get(ck_search *s, const char *topic) {
    pthread_mutex_lock(&s->lock);
    ck_sidx *idx = ck_map_get(&s->topics, topic, strlen(topic));
    if (idx) idx->refs++;
    pthread_mutex_unlock(&s->lock);
    return idx;
}

void ck_sidx_release(ck_sidx *idx) {
    if (!idx) return;
    ck_search *s = idx->s;
    pthread_mutex_lock(&s->lock);
    bool last = --idx->refs == 0;
    pthread_mutex_unlock(&s->lock);
    if (last) idx_free(idx);
}

/* Takes idx out of the live set, stops tailing and closes its connections
 * (searches holding it finish on what they have); remove deletes its files. */
static void idx_drop(ck_search *s, ck_sidx *idx, bool remove) {
    pthread_mutex_lock(&s->lock);
    ck_map_del(&s->topics, idx->name, strlen(idx->name));
    idx->dropped = true;
    pthread_mutex_unlock(&s->lock);
    /* Stop tailing now (the watches must not outlive the wake-ups).  The
     * read connections close first, so that the writer closes last and
     * checkpoints the WAL into the database file. */
    readers_close(idx);
    pthread_mutex_lock(&idx->wlock);
    unwatch_all(idx);
    idx_db_close(idx);
    /* The files go now, under the writer lock: a topic re-created under the
     * same name opens a fresh index at the same path right after. */
    if (remove) remove_db_files(idx->path);
    pthread_mutex_unlock(&idx->wlock);
    CK_DEBUG(CK_SEARCH_SUB, "indexer: stop %s%s", idx->name, remove ? " and remove its index" : "");
    ck_sidx_release(idx);
}

static void parse_fields(ck_sidx *idx, const char *conf) {
    idx->fields_conf = ck_strdup(conf ? conf : "");
    const char *p = idx->fields_conf;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        const char *t = e;
        while (t > p && t[-1] == ' ') t--;
        if (t > p) {
            idx->fields = ck_realloc(idx->fields, (size_t)(idx->nfields + 1) * sizeof(char *));
            size_t n = (size_t)(t - p);
            /* "$.a.b" (JSON path) and "a.b" name the same field. */
            if (n >= 2 && p[0] == '$' && p[1] == '.') p += 2, n -= 2;
            idx->fields[idx->nfields++] = ck_strndup(p, n);
        }
        p = e;
    }
}

static void topic_search_conf(ck_search *s, ck_topic *t, bool *on, int *analyzer, bool *key, char **fields) {
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    *on = tc.num[CK_TK_SEARCHABLE_ENABLED] != 0;
    *analyzer = (int)tc.num[CK_TK_SEARCHABLE_ANALYZER];
    *key = tc.num[CK_TK_SEARCHABLE_KEY] != 0;
    char buf[1024];
    *fields = ck_strdup(ck_topic_conf_value(&tc, ck_engine_conf(s->eng), CK_TK_SEARCHABLE_FIELDS, buf, sizeof(buf)));
    ck_topic_conf_free(&tc);
}

static ck_sidx *idx_add(ck_search *s, ck_topic *t, int analyzer, bool key, const char *fields) {
    ck_sidx *idx = ck_calloc(1, sizeof(*idx));
    idx->s = s;
    idx->refs = 1;
    idx->name = ck_strdup(ck_topic_name(t));
    memcpy(idx->id, ck_topic_id(t), 16);
    size_t n = strlen(s->dir) + strlen(idx->name) + 8;
    idx->path = ck_malloc(n);
    snprintf(idx->path, n, "%s/%s.db", s->dir, idx->name);
    ck_topic_keep(t);
    idx->topic = t;
    idx->analyzer = analyzer;
    idx->index_key = key;
    parse_fields(idx, fields);
    pthread_mutex_init(&idx->wlock, NULL);
    pthread_mutex_init(&idx->rlock, NULL);
    ck_map_init(&idx->slots);
    ck_wb_init(&idx->buf, 0);
    ck_arena_init(&idx->arena);
    for (int i = 0; i < CK_SCOL_COUNT; i++) ck_wb_init(&idx->col[i], 0);
    pthread_mutex_lock(&s->lock);
    ck_map_put(&s->topics, idx->name, strlen(idx->name), idx);
    pthread_mutex_unlock(&s->lock);
    pthread_mutex_lock(&idx->wlock);
    idx_resize(idx);
    if (idx_db_open(idx) != 0) idx->retry_at = ck_mono_ms() + 1000;
    else publish(idx);
    pthread_mutex_unlock(&idx->wlock);
    CK_DEBUG(CK_SEARCH_SUB, "indexer: tailing %s", idx->name);
    return idx;
}

/* Removes .db files of topics that no longer exist (deleted while down). */
static void sweep_stale(ck_search *s) {
    DIR *d = opendir(s->dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n <= 3 || strcmp(de->d_name + n - 3, ".db") != 0) continue;
        ck_topic *t = ck_engine_topic_get(s->eng, de->d_name, n - 3);
        bool keep = false;
        if (t) {
            bool on = false, key = false;
            int an = 0;
            char *fields = NULL;
            topic_search_conf(s, t, &on, &an, &key, &fields);
            ck_free(fields);
            keep = on && !ck_topic_deleted(t);
            ck_topic_release(t);
        }
        if (keep) continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", s->dir, de->d_name);
        CK_INFO(CK_SEARCH_SUB, "indexer: removing %s (its topic is gone or no longer searchable)", path);
        remove_db_files(path);
    }
    closedir(d);
}

static void sync_topics(ck_search *s) {
    size_t n = 0;
    ck_topic **list = ck_engine_topic_list(s->eng, &n);
    ck_map seen;
    ck_map_init(&seen);
    for (size_t i = 0; i < n; i++) {
        ck_topic *t = list[i];
        const char *name = ck_topic_name(t);
        if (ck_topic_deleted(t)) continue;
        bool on = false, key = false;
        int analyzer = 0;
        char *fields = NULL;
        topic_search_conf(s, t, &on, &analyzer, &key, &fields);
        pthread_mutex_lock(&s->lock);
        ck_sidx *idx = ck_map_get(&s->topics, name, strlen(name));
        pthread_mutex_unlock(&s->lock);
        if (idx && memcmp(idx->id, ck_topic_id(t), 16) != 0) {
            idx_drop(s, idx, true); /* re-created under the same name */
            idx = NULL;
        }
        if (idx && on && (idx->analyzer != analyzer || idx->index_key != key || strcmp(idx->fields_conf, fields))) {
            CK_INFO(CK_SEARCH_SUB, "indexer: searchable.* configs of %s changed: rebuilding its index", name);
            idx_drop(s, idx, true);
            idx = NULL;
        }
        if (!on) {
            if (idx) idx_drop(s, idx, true);
            ck_free(fields);
            continue;
        }
        ck_map_put(&seen, name, strlen(name), t);
        if (!idx) {
            idx_add(s, t, analyzer, key, fields);
        } else {
            pthread_mutex_lock(&idx->wlock);
            idx_resize(idx);
            pthread_mutex_unlock(&idx->wlock);
        }
        ck_free(fields);
    }
    /* Topics gone: remove their indexes. */
    size_t it = 0, ndrop = 0;
    const char *k;
    size_t kl;
    void *v;
    pthread_mutex_lock(&s->lock);
    ck_sidx **drop = ck_calloc(s->topics.count + 1, sizeof(*drop));
    while (ck_map_next(&s->topics, &it, &k, &kl, &v))
        if (!ck_map_get(&seen, k, kl)) drop[ndrop++] = v;
    pthread_mutex_unlock(&s->lock);
    for (size_t i = 0; i < ndrop; i++) idx_drop(s, drop[i], true);
    ck_free(drop);
    ck_map_free(&seen);
    ck_topics_release(list, n);
    if (!s->swept) {
        sweep_stale(s);
        s->swept = true;
    }
}

/* The live indexes, each kept. */
static ck_sidx **live_list(ck_search *s, size_t *n) {
    size_t it = 0, nt = 0;
    const char *k;
    size_t kl;
    void *v;
    pthread_mutex_lock(&s->lock);
    ck_sidx **arr = ck_calloc(s->topics.count + 1, sizeof(*arr));
    while (ck_map_next(&s->topics, &it, &k, &kl, &v)) {
        arr[nt] = v;
        arr[nt++]->refs++;
    }
    pthread_mutex_unlock(&s->lock);
    *n = nt;
    return arr;
}

static int64_t step_all(ck_search *s, bool *deferred) {
    int64_t total = 0;
    size_t nt = 0;
    ck_sidx **arr = live_list(s, &nt);
    for (size_t i = 0; i < nt; i++) {
        pthread_mutex_lock(&arr[i]->wlock);
        int64_t r = arr[i]->dropped ? 0 : idx_step(arr[i], false);
        pthread_mutex_unlock(&arr[i]->wlock);
        if (r > 0) total += r;
        if (r == -2) *deferred = true;
        ck_sidx_release(arr[i]);
    }
    ck_free(arr);
    return total;
}

static void *worker_main(void *arg) {
    ck_search *s = arg;
    int64_t last_sync = 0;
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), IDX_NICE) != 0)
        CK_DEBUG(CK_SEARCH_SUB, "indexer: setpriority: %s", strerror(errno));
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        bool do_sync = s->kick || ck_mono_ms() - last_sync >= IDX_POLL_MS;
        s->kick = false;
        s->data = false;
        pthread_mutex_unlock(&s->lock);
        if (do_sync) {
            sync_topics(s);
            last_sync = ck_mono_ms();
        }
        bool deferred = false;
        int64_t rows = step_all(s, &deferred);
        pthread_mutex_lock(&s->lock);
        if (rows == 0 && !s->kick && (!s->data || deferred) && !s->stop) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += (long)(deferred ? IDX_COALESCE_MS / 4 : IDX_POLL_MS) * 1000000L;
            while (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&s->cond, &s->lock, &ts);
        }
    }
    pthread_mutex_unlock(&s->lock);
    size_t nt = 0;
    ck_sidx **arr = live_list(s, &nt);
    for (size_t i = 0; i < nt; i++) {
        idx_drop(s, arr[i], false);
        ck_sidx_release(arr[i]);
    }
    ck_free(arr);
    return NULL;
}

int ck_sidx_start(ck_search *s) {
    if (pthread_create(&s->thr, NULL, worker_main, s) != 0) return CHRONIK_ERR_IO;
    s->started = true;
    return 0;
}

void ck_sidx_stop(ck_search *s) {
    if (!s->started) return;
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thr, NULL);
    s->started = false;
}

void ck_sidx_kick(ck_search *s) {
    pthread_mutex_lock(&s->lock);
    s->kick = true;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

void ck_search_stats_get(ck_search *s, ck_search_stats *out) {
    memset(out, 0, sizeof(*out));
    out->queries = atomic_load_explicit(&s->st_queries, memory_order_relaxed);
    out->errors = atomic_load_explicit(&s->st_errors, memory_order_relaxed);
    out->timeouts = atomic_load_explicit(&s->st_timeouts, memory_order_relaxed);
    out->query_us = atomic_load_explicit(&s->st_query_us, memory_order_relaxed);
    out->docs_indexed = atomic_load_explicit(&s->st_docs_indexed, memory_order_relaxed);
    out->commits = atomic_load_explicit(&s->st_commits, memory_order_relaxed);
    out->rebuilds = atomic_load_explicit(&s->st_rebuilds, memory_order_relaxed);
    size_t nt = 0;
    ck_sidx **arr = live_list(s, &nt);
    for (size_t i = 0; i < nt; i++) {
        ck_sidx *idx = arr[i];
        out->indexes++;
        out->docs += atomic_load_explicit(&idx->doc_count, memory_order_relaxed);
        out->lag_records += atomic_load_explicit(&idx->lag_records, memory_order_relaxed);
        out->lag_ms = CK_MAX(out->lag_ms, atomic_load_explicit(&idx->lag_ms, memory_order_relaxed));
        out->backfill_pending += atomic_load_explicit(&idx->backfill_total, memory_order_relaxed) -
                                 atomic_load_explicit(&idx->backfill_done, memory_order_relaxed);
        ck_sidx_release(idx);
    }
    ck_free(arr);
}

int ck_search_wait_indexed(ck_search *s, const char *topic, int timeout_ms) {
    int64_t deadline = ck_mono_ms() + timeout_ms;
    for (;;) {
        ck_sidx *idx = topic ? ck_sidx_get(s, topic) : NULL;
        if (idx) {
            int32_t np = ck_topic_partition_count(idx->topic);
            bool done = false;
            int64_t *hwm = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(int64_t));
            for (int32_t i = 0; i < np; i++) {
                ck_part_offsets o;
                ck_partition_offsets(ck_topic_partition(idx->topic, i), &o);
                hwm[i] = o.high_watermark;
            }
            pthread_mutex_lock(&s->lock);
            for (;;) {
                done = idx->ready && idx->npub >= np;
                for (int32_t i = 0; done && i < np; i++)
                    if (idx->pub_progress[i] < hwm[i]) done = false;
                if (done || ck_mono_ms() > deadline) break;
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                ts.tv_nsec += 20 * 1000000L;
                while (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
                pthread_cond_timedwait(&s->cond, &s->lock, &ts);
            }
            pthread_mutex_unlock(&s->lock);
            ck_free(hwm);
            ck_sidx_release(idx);
            return done ? 0 : CHRONIK_ERR_TIMED_OUT;
        }
        if (ck_mono_ms() > deadline) return CHRONIK_ERR_TIMED_OUT;
        ck_sidx_kick(s);
        usleep(10000);
    }
}

/*
 * query.c — the SQL instance of an engine and its queries.  A query takes
 * one of sql.threads slots (waiting up to sql.timeout.ms), then a pooled
 * SQLite connection whose TEMP objects expose the topics the query names:
 *   raw topic t:       t            chronik virtual table (vtab.c)
 *   columnar topic t:  t_cold       view over <data.dir>/sql/t.db, attached read-only
 *                      t_hot        chronik virtual table reading offsets >= progress
 *                      t            t_cold UNION ALL t_hot
 *                      t_raw        chronik virtual table (raw columns)
 * A connection is rebuilt only when what it exposes changed (topics, ids,
 * partition counts, columns).  Each query runs inside one read transaction:
 * the materializer's progress per partition is read from each attached
 * database first, in the same snapshot the cold half will read, and the hot
 * half starts exactly there — so no row appears twice and none is missing
 * while the materializer advances.  Columns of a columnar topic are the
 * committed ones plus any new fields seen in the hot tail (a field produced
 * a moment ago is queryable at once).  Inside that transaction the views are
 * fitted to the query (conn_fit_unified): columns it does not name read as
 * NULL, so neither half decodes them, and "{topic}" is the cold table alone
 * when the tail is empty.  Aggregates in the form agg.c takes are answered
 * there, from the column blocks, before SQLite sees the query.
 *
 * An authorizer allows only reads (SELECT, column reads, functions,
 * recursive CTEs); a progress handler enforces sql.timeout.ms; results stop
 * at max rows with truncated reported.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "sql/sql_int.h"

#define TAIL_SCAN_RECORDS 2000
#define CK_SQL_MMAP_BYTES "1073741824"   /* per attached cold table of a query connection */

/* ===================================================================== */
/* The instance of an engine: its extension slot                         */
/* ===================================================================== */

static const ck_ext_key sql_key = {"sql"};

ck_sql *ck_sql_of(ck_engine *eng) { return ck_engine_ext(eng, &sql_key); }

/* ===================================================================== */
/* Small helpers                                                         */
/* ===================================================================== */

static void lower_into(ck_wb *wb, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) ck_wb_i8(wb, (int8_t)tolower((unsigned char)s[i]));
}

static void id_hex(const uint8_t id[16], char out[33]) {
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hx[id[i] >> 4];
        out[2 * i + 1] = hx[id[i] & 15];
    }
    out[32] = 0;
}

static void base64(ck_wb *wb, const uint8_t *p, size_t n) {
    static const char tb[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    ck_wb_i8(wb, '"');
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n) v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n) v |= p[i + 2];
        char o[4] = { tb[(v >> 18) & 63], tb[(v >> 12) & 63], i + 1 < n ? tb[(v >> 6) & 63] : '=',
                      i + 2 < n ? tb[v & 63] : '=' };
        ck_wb_put(wb, o, 4);
    }
    ck_wb_i8(wb, '"');
}

/* Identifiers a query names (lowercased), skipping strings and comments. */
static void collect_idents(const char *q, ck_map *set) {
    const char *p = q;
    ck_wb id;
    ck_wb_init(&id, 64);
    while (*p) {
        unsigned char c = (unsigned char)*p;
        ck_wb_reset(&id);
        if (c == '\'') {
            p++;
            while (*p && !(*p == '\'' && p[1] != '\'')) p += (*p == '\'') ? 2 : 1;
            if (*p) p++;
            continue;
        }
        if (c == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
            continue;
        }
        if (c == '/' && p[1] == '*') {
            p += 2;
            while (*p && !(*p == '*' && p[1] == '/')) p++;
            if (*p) p += 2;
            continue;
        }
        if (c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : (char)c;
            p++;
            while (*p) {
                if (*p == close) {
                    if (close != ']' && p[1] == close) {
                        ck_wb_i8(&id, close);
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                ck_wb_i8(&id, (int8_t)tolower((unsigned char)*p));
                p++;
            }
        } else if (isalnum(c) || c == '_' || c == '$' || c >= 0x80) {
            while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || (unsigned char)*p >= 0x80)) {
                ck_wb_i8(&id, (int8_t)tolower((unsigned char)*p));
                p++;
            }
        } else {
            p++;
            continue;
        }
        if (id.len > 0) ck_map_put(set, (const char *)id.buf, id.len, (void *)1);
    }
    ck_wb_free(&id);
}

static bool set_has(const ck_map *set, const char *name, const char *suffix) {
    ck_wb k;
    ck_wb_init(&k, 64);
    lower_into(&k, name, strlen(name));
    ck_wb_put(&k, suffix, strlen(suffix));
    bool r = ck_map_get(set, (const char *)k.buf, k.len) != NULL;
    ck_wb_free(&k);
    return r;
}

/* ===================================================================== */
/* Catalog of a query                                                    */
/* ===================================================================== */

typedef struct qtopic {
    char          *name;
    uint8_t        id[16];
    int32_t        npart;
    bool           columnar;
    bool           ready;          /* the cold database exists */
    char          *path;
    ck_sql_schema  cols;           /* hot (and union) data columns */
    int            ncold;          /* cols[0..ncold) exist in the cold table */
} qtopic;

typedef struct qcat {
    qtopic *t;
    int     n;
    char   *sig;
} qcat;

static void qcat_free(qcat *cat) {
    for (int i = 0; i < cat->n; i++) {
        ck_free(cat->t[i].name);
        ck_free(cat->t[i].path);
        ck_sql_schema_free(&cat->t[i].cols);
    }
    ck_free(cat->t);
    ck_free(cat->sig);
    memset(cat, 0, sizeof(*cat));
}

static void merge_fields(ck_sql_schema *cols, const ck_sql_flat *fl) {
    for (size_t i = 0; i < fl->n; i++) {
        const ck_sql_field *f = &fl->f[i];
        const char *name = (const char *)fl->names.buf + f->name_off;
        if (!ck_sql_colname_ok(name, f->name_len)) continue;
        int need = ck_sql_kind_type(f->kind);
        int k = ck_sql_schema_find(cols, name, f->name_len);
        if (k < 0) {
            if (cols->n < CK_SQL_MAX_COLS) ck_sql_schema_add(cols, name, f->name_len, need ? need : CK_SQLT_INTEGER);
        } else if (need > cols->cols[k].type) {
            cols->cols[k].type = need;
        }
    }
}

/* Adds the fields of the not-yet-materialized tail (bounded) to cols. */
static void tail_scan(ck_topic *t, const int64_t *prog, int32_t nprog, ck_sql_schema *cols) {
    ck_sql_flat fl;
    ck_wb buf;
    int budget = TAIL_SCAN_RECORDS;
    ck_sql_flat_init(&fl);
    ck_wb_init(&buf, 0);
    int32_t np = ck_topic_partition_count(t);
    for (int32_t pi = 0; pi < np && budget > 0; pi++) {
        ck_partition *p = ck_topic_partition(t, pi);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        int64_t next = CK_MAX(o.log_start, pi < nprog ? prog[pi] : 0);
        while (next < o.high_watermark && budget > 0) {
            int64_t after = next;
            ck_wb_reset(&buf);
            if (ck_sql_read_batches(p, next, o.high_watermark, 262144, &buf, &after) != 0 || after <= next) break;
            size_t pos = 0;
            while (pos + CK_BATCH_HEADER_SIZE <= buf.len && budget > 0) {
                ck_batch_hdr h;
                const uint8_t *b = buf.buf + pos;
                if (ck_batch_hdr_read(b, buf.len - pos, &h) != 0 || ck_batch_size(&h) > buf.len - pos ||
                    h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD)
                    break;
                pos += ck_batch_size(&h);
                if (ck_batch_is_control(&h) || ck_batch_last_offset(&h) < next) continue;
                ck_rec_iter it;
                if (ck_rec_iter_init(&it, b, ck_batch_size(&h), (size_t)256 << 20) == 0) {
                    ck_rec rec;
                    while (budget > 0 && ck_rec_iter_next(&it, &rec) == 1) {
                        if (rec.offset < next || rec.offset >= o.high_watermark) continue;
                        budget--;
                        if (rec.value_len > 0 && ck_sql_flatten(&fl, rec.value, (size_t)rec.value_len) == 0)
                            merge_fields(cols, &fl);
                    }
                }
                ck_rec_iter_free(&it);
            }
            next = after;
        }
    }
    ck_sql_flat_free(&fl);
    ck_wb_free(&buf);
}

static int catalog_build(ck_sql *sql, const char *query, qcat *cat, char *err, size_t errlen) {
    int rc = 0;
    ck_map idents;
    ck_map_init(&idents);
    collect_idents(query, &idents);
    size_t n = 0;
    ck_topic **list = ck_engine_topic_list(sql->eng, &n);
    cat->t = ck_calloc(n + 1, sizeof(*cat->t));
    int attached = 0;
    ck_wb sig;
    ck_wb_init(&sig, 256);
    for (size_t i = 0; i < n; i++) {
        ck_topic *t = list[i];
        const char *name = ck_topic_name(t);
        if (ck_topic_deleted(t)) continue;
        if (!set_has(&idents, name, "") && !set_has(&idents, name, "_hot") && !set_has(&idents, name, "_cold") &&
            !set_has(&idents, name, "_raw"))
            continue;
        qtopic *q = &cat->t[cat->n++];
        q->name = ck_strdup(name);
        memcpy(q->id, ck_topic_id(t), 16);
        q->npart = ck_topic_partition_count(t);
        ck_sql_schema_init(&q->cols);
        ck_topic_conf tc;
        ck_topic_conf_snapshot(t, &tc);
        q->columnar = tc.num[CK_TK_COLUMNAR_ENABLED] != 0;
        ck_topic_conf_free(&tc);
        if (q->columnar) {
            int64_t *prog = NULL;
            int32_t nprog = 0;
            bool known = false;
            pthread_mutex_lock(&sql->lock);
            ck_mat_topic *mt = ck_map_get(&sql->topics, name, strlen(name));
            if (mt && memcmp(mt->id, q->id, 16) == 0) {
                known = true;
                if (mt->ready) {
                    q->ready = true;
                    q->path = ck_strdup(mt->path);
                    ck_sql_schema_copy(&q->cols, &mt->pub);
                    q->ncold = q->cols.n;
                    nprog = mt->npub;
                    prog = ck_memdup(mt->pub_progress, (size_t)(nprog > 0 ? nprog : 1) * sizeof(int64_t));
                }
            }
            pthread_mutex_unlock(&sql->lock);
            if (!known) ck_mat_kick(sql);
            tail_scan(t, prog, nprog, &q->cols);
            ck_free(prog);
            if (q->ready && ++attached > CK_SQL_MAX_ATTACH) {
                ck_errf(err, errlen, "a query may name at most %d columnar topics", CK_SQL_MAX_ATTACH);
                rc = CHRONIK_ERR_INVALID_ARG;
                goto out;
            }
        }
        char idh[33];
        id_hex(q->id, idh);
        char head[96];
        snprintf(head, sizeof(head), "\x1f%s\x1f%d\x1f%d%d\x1f%d\x1f", idh, (int)q->npart, q->columnar, q->ready,
                 q->ncold);
        ck_wb_put(&sig, name, strlen(name));
        ck_wb_put(&sig, head, strlen(head));
        for (int k = 0; k < q->cols.n; k++) {
            ck_wb_put(&sig, q->cols.cols[k].name, strlen(q->cols.cols[k].name));
            ck_wb_i8(&sig, '\x1e');
            ck_wb_i8(&sig, (int8_t)('0' + q->cols.cols[k].type));
        }
        ck_wb_i8(&sig, '\x1d');
    }
out:
    ck_wb_i8(&sig, 0);
    cat->sig = ck_strdup((const char *)sig.buf);
    ck_wb_free(&sig);
    ck_topics_release(list, n);
    ck_map_free(&idents);
    return rc;
}

/* ===================================================================== */
/* Connections                                                           */
/* ===================================================================== */

static const char *action_name(int action) {
    switch (action) {
    case SQLITE_INSERT: return "INSERT";
    case SQLITE_UPDATE: return "UPDATE";
    case SQLITE_DELETE: return "DELETE";
    case SQLITE_PRAGMA: return "PRAGMA";
    case SQLITE_ATTACH: return "ATTACH";
    case SQLITE_DETACH: return "DETACH";
    case SQLITE_TRANSACTION: return "a transaction statement";
    case SQLITE_SAVEPOINT: return "SAVEPOINT";
    case SQLITE_ALTER_TABLE: return "ALTER TABLE";
    case SQLITE_ANALYZE: return "ANALYZE";
    case SQLITE_REINDEX: return "REINDEX";
    case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_VTABLE: return "DROP TABLE";
    case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: return "DROP VIEW";
    case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX: return "DROP INDEX";
    case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: return "DROP TRIGGER";
    case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW: return "CREATE VIEW";
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: return "CREATE INDEX";
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TRIGGER";
    default: return "CREATE TABLE";
    }
}

static int authorizer(void *ud, int action, const char *a, const char *b, const char *db, const char *trigger) {
    ck_sql_conn *conn = ud;
    (void)b;
    (void)db;
    (void)trigger;
    if (conn->internal) return SQLITE_OK;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    default:
        if (!conn->denied[0]) {
            if (action == SQLITE_PRAGMA && a) snprintf(conn->denied, sizeof(conn->denied), "PRAGMA %.60s", a);
            else snprintf(conn->denied, sizeof(conn->denied), "%s", action_name(action));
        }
        return SQLITE_DENY;
    }
}

static int progress_cb(void *ud) {
    ck_sql_conn *conn = ud;
    if (conn->deadline > 0 && ck_mono_ms() > conn->deadline) {
        conn->timed_out = true;
        return 1;
    }
    return 0;
}

static void conn_clear(ck_sql_conn *conn) {
    if (conn->db) sqlite3_close_v2(conn->db);
    conn->db = NULL;
    for (int i = 0; i < conn->nspecs; i++) {
        ck_free(conn->specs[i].topic);
        ck_sql_schema_free(&conn->specs[i].cols);
    }
    ck_free(conn->specs);
    conn->specs = NULL;
    conn->nspecs = 0;
    for (int i = 0; i < conn->nsnaps; i++) {
        ck_free(conn->snaps[i].progress);
        ck_free(conn->snaps[i].topic);
        ck_free(conn->snaps[i].viewsig);
        ck_sql_schema_free(&conn->snaps[i].cold);
        ck_sql_schema_free(&conn->snaps[i].cols);
        ck_free(conn->snap_schema[i]);
    }
    ck_free(conn->snaps);
    ck_free(conn->snap_schema);
    conn->snaps = NULL;
    conn->snap_schema = NULL;
    conn->nsnaps = 0;
    ck_free(conn->sig);
    conn->sig = NULL;
}

static void conn_free(ck_sql_conn *conn) {
    if (!conn) return;
    conn_clear(conn);
    ck_free(conn);
}

static int internal_exec(ck_sql_conn *conn, const char *text, char *err, size_t errlen) {
    char *msg = NULL;
    conn->internal = true;
    int rc = sqlite3_exec(conn->db, text, NULL, NULL, &msg);
    conn->internal = false;
    if (rc != SQLITE_OK) ck_errf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return rc;
}

static int add_spec(ck_sql_conn *conn, const char *topic, bool hot, const ck_sql_schema *cols, int snap) {
    conn->specs = ck_realloc(conn->specs, (size_t)(conn->nspecs + 1) * sizeof(*conn->specs));
    ck_sql_spec *s = &conn->specs[conn->nspecs];
    memset(s, 0, sizeof(*s));
    s->topic = ck_strdup(topic);
    s->hot = hot;
    s->snap = snap;
    ck_sql_schema_init(&s->cols);
    if (cols) ck_sql_schema_copy(&s->cols, cols);
    return conn->nspecs++;
}

/* Claims a temp object name (case-insensitively unique); false if taken. */
static bool claim(ck_map *names, const char *name, const char *suffix) {
    ck_wb k;
    ck_wb_init(&k, 64);
    lower_into(&k, name, strlen(name));
    ck_wb_put(&k, suffix, strlen(suffix));
    bool ok = ck_map_get(names, (const char *)k.buf, k.len) == NULL;
    if (ok) ck_map_put(names, (const char *)k.buf, k.len, (void *)1);
    ck_wb_free(&k);
    return ok;
}

static void obj_name(ck_wb *q, const char *name, const char *suffix) {
    ck_wb n;
    ck_wb_init(&n, 64);
    ck_wb_put(&n, name, strlen(name));
    ck_wb_put(&n, suffix, strlen(suffix));
    ck_sql_ident(q, (const char *)n.buf, n.len);
    ck_wb_free(&n);
}

static void uri_path(ck_wb *q, const char *path) {
    static const char hx[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || *p == '/' || *p == '.' || *p == '_' || *p == '-' || *p == '~') {
            ck_wb_i8(q, (int8_t)*p);
        } else {
            char e[3] = { '%', hx[*p >> 4], hx[*p & 15] };
            ck_wb_put(q, e, 3);
        }
    }
}

static int run_ddl(ck_sql_conn *conn, ck_wb *q, char *err, size_t errlen) {
    ck_wb_i8(q, 0);
    int rc = internal_exec(conn, (const char *)q->buf, err, errlen);
    ck_wb_reset(q);
    return rc;
}

/* (Re)creates conn's database and temp objects for cat. */
static int conn_build(ck_sql *sql, ck_sql_conn *conn, const qcat *cat, char *err, size_t errlen) {
    int rc = 0;
    ck_map names;
    ck_wb q;
    ck_map_init(&names);
    ck_wb_init(&q, 512);
    conn_clear(conn);
    conn->sql = sql;
    int src = sqlite3_open_v2(":memory:", &conn->db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (src != SQLITE_OK) {
        ck_errf(err, errlen, "cannot open a SQLite connection: %s", sqlite3_errstr(src));
        rc = CHRONIK_ERR_SQL;
        goto out;
    }
    sqlite3_db_config(conn->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(conn->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_busy_timeout(conn->db, 2000);
    ck_sql_vtab_register(conn);
    sqlite3_set_authorizer(conn->db, authorizer, conn);
    sqlite3_progress_handler(conn->db, 1000, progress_cb, conn);

    for (int i = 0; i < cat->n; i++) claim(&names, cat->t[i].name, "");
    for (int i = 0; i < cat->n; i++) {
        const qtopic *t = &cat->t[i];
        char sp[32];
        if (!t->columnar) {
            snprintf(sp, sizeof(sp), "(raw, %d)", add_spec(conn, t->name, false, NULL, -1));
            ck_json_raw(&q, "CREATE VIRTUAL TABLE temp.");
            obj_name(&q, t->name, "");
            ck_json_raw(&q, " USING chronik");
            ck_json_raw(&q, sp);
            if (run_ddl(conn, &q, err, errlen) != SQLITE_OK) goto sqlfail;
            continue;
        }
        int k = conn->nsnaps++;
        conn->snaps = ck_realloc(conn->snaps, (size_t)conn->nsnaps * sizeof(*conn->snaps));
        conn->snap_schema = ck_realloc(conn->snap_schema, (size_t)conn->nsnaps * sizeof(char *));
        conn->snaps[k].n = t->npart;
        conn->snaps[k].progress = ck_calloc((size_t)(t->npart > 0 ? t->npart : 1), sizeof(int64_t));
        conn->snaps[k].topic = ck_strdup(t->name);
        conn->snaps[k].unified = false;
        conn->snaps[k].cold_only = false;
        conn->snaps[k].viewsig = NULL;
        ck_sql_schema_init(&conn->snaps[k].cold);
        ck_sql_schema_init(&conn->snaps[k].cols);
        ck_sql_schema_copy(&conn->snaps[k].cols, &t->cols);
        conn->snap_schema[k] = NULL;
        bool hot_ok = claim(&names, t->name, "_hot");
        if (hot_ok) {
            snprintf(sp, sizeof(sp), "(hot, %d)", add_spec(conn, t->name, true, &t->cols, k));
            ck_json_raw(&q, "CREATE VIRTUAL TABLE temp.");
            obj_name(&q, t->name, "_hot");
            ck_json_raw(&q, " USING chronik");
            ck_json_raw(&q, sp);
            if (run_ddl(conn, &q, err, errlen) != SQLITE_OK) goto sqlfail;
        }
        if (claim(&names, t->name, "_raw")) {
            snprintf(sp, sizeof(sp), "(raw, %d)", add_spec(conn, t->name, false, NULL, -1));
            ck_json_raw(&q, "CREATE VIRTUAL TABLE temp.");
            obj_name(&q, t->name, "_raw");
            ck_json_raw(&q, " USING chronik");
            ck_json_raw(&q, sp);
            if (run_ddl(conn, &q, err, errlen) != SQLITE_OK) goto sqlfail;
        }
        if (!hot_ok) continue;
        bool attached = false;
        char schema[16];
        snprintf(schema, sizeof(schema), "c%d", k);
        if (t->ready) {
            ck_json_raw(&q, "ATTACH 'file:");
            uri_path(&q, t->path);
            ck_json_raw(&q, "?mode=ro' AS ");
            ck_json_raw(&q, schema);
            char aerr[256];
            if (run_ddl(conn, &q, aerr, sizeof(aerr)) == SQLITE_OK) {
                attached = true;
                conn->snap_schema[k] = ck_strdup(schema);
                /* Read the cold table's pages in place rather than copying
                 * each one out of the page cache (where mmap is built in). */
                ck_json_raw(&q, "PRAGMA ");
                ck_json_raw(&q, schema);
                ck_json_raw(&q, ".mmap_size = " CK_SQL_MMAP_BYTES);
                run_ddl(conn, &q, aerr, sizeof(aerr));
            } else {
                CK_DEBUG(CK_SQL_SUB, "cannot attach the table of %s: %s", t->name, aerr);
            }
        }
        bool cold_ok = claim(&names, t->name, "_cold");
        if (cold_ok) {
            ck_json_raw(&q, "CREATE TEMP VIEW ");
            obj_name(&q, t->name, "_cold");
            if (attached) {
                ck_json_raw(&q, " AS SELECT _partition, _offset, _timestamp, _key");
                for (int c = 0; c < t->cols.n; c++) {
                    const char *cn = t->cols.cols[c].name;
                    ck_wb_put(&q, ", ", 2);
                    if (c >= t->ncold) {
                        ck_json_raw(&q, "NULL AS ");
                    }
                    ck_sql_ident(&q, cn, strlen(cn));
                }
                ck_json_raw(&q, " FROM ");
                ck_json_raw(&q, schema);
                ck_wb_i8(&q, '.');
                ck_sql_ident(&q, t->name, strlen(t->name));
            } else {
                ck_json_raw(&q, " AS SELECT * FROM ");
                obj_name(&q, t->name, "_hot");
                ck_json_raw(&q, " WHERE 0");
            }
            if (run_ddl(conn, &q, err, errlen) != SQLITE_OK) goto sqlfail;
            ck_json_raw(&q, "CREATE TEMP VIEW ");
            obj_name(&q, t->name, "");
            ck_json_raw(&q, " AS SELECT * FROM ");
            obj_name(&q, t->name, "_cold");
            ck_json_raw(&q, " UNION ALL SELECT * FROM ");
            obj_name(&q, t->name, "_hot");
            if (run_ddl(conn, &q, err, errlen) != SQLITE_OK) goto sqlfail;
            conn->snaps[k].unified = attached;
        }
    }
    conn->sig = ck_strdup(cat->sig);
    goto out;
sqlfail:
    rc = CHRONIK_ERR_SQL;
    conn_clear(conn);
out:
    ck_wb_free(&q);
    ck_map_free(&names);
    return rc;
}

/* Reads each attached database's progress and columns in the open
 * transaction (the snapshot the cold table is then read in). */
static int conn_snapshot(ck_sql_conn *conn, char *err, size_t errlen) {
    int rc = 0;
    conn->internal = true;
    for (int k = 0; k < conn->nsnaps && rc == 0; k++) {
        ck_sql_snap *s = &conn->snaps[k];
        memset(s->progress, 0, (size_t)(s->n > 0 ? s->n : 1) * sizeof(int64_t));
        ck_sql_schema_free(&s->cold);
        ck_sql_schema_init(&s->cold);
        if (!conn->snap_schema[k]) continue;
        for (int pass = 0; pass < 2 && rc == 0; pass++) {
            char q[128];
            if (pass == 0) snprintf(q, sizeof(q), "SELECT partition, next_offset FROM %s.\"$progress\"", conn->snap_schema[k]);
            else snprintf(q, sizeof(q), "SELECT name, type FROM %s.\"$columns\" ORDER BY pos", conn->snap_schema[k]);
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v2(conn->db, q, -1, &st, NULL) != SQLITE_OK) {
                ck_errf(err, errlen, "reading materializer progress: %s", sqlite3_errmsg(conn->db));
                rc = CHRONIK_ERR_SQL;
                break;
            }
            while (sqlite3_step(st) == SQLITE_ROW) {
                if (pass == 0) {
                    int64_t p = sqlite3_column_int64(st, 0);
                    if (p >= 0 && p < s->n) s->progress[p] = sqlite3_column_int64(st, 1);
                    continue;
                }
                const char *name = (const char *)sqlite3_column_text(st, 0);
                const char *type = (const char *)sqlite3_column_text(st, 1);
                if (!name || !type) continue;
                int t = strcmp(type, "TEXT") == 0 ? CK_SQLT_TEXT : strcmp(type, "REAL") == 0 ? CK_SQLT_REAL : CK_SQLT_INTEGER;
                ck_sql_schema_add(&s->cold, name, strlen(name), t);
            }
            sqlite3_finalize(st);
        }
    }
    conn->internal = false;
    return rc;
}

/* ----- which columns a query can see ----- */

/* true when q may expand '*' (SELECT *, t.*), anything but COUNT(*)-like
 * "( * )", outside strings, quoted names and comments. */
static bool query_has_star(const char *q) {
    for (const char *p = q; *p; p++) {
        char c = *p;
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            for (p++; *p && *p != close; p++) {}
            if (!*p) return false;
            continue;
        }
        if (c == '-' && p[1] == '-') {
            while (p[1] && p[1] != '\n') p++;
            continue;
        }
        if (c == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            if (!e) return false;
            p = e + 1;
            continue;
        }
        if (c != '*') continue;
        const char *b = p, *f = p + 1;
        while (b > q && isspace((unsigned char)b[-1])) b--;
        while (isspace((unsigned char)*f)) f++;
        if (!(b > q && b[-1] == '(' && *f == ')')) return true;
    }
    return false;
}

/* Which columns of a columnar view a query may read: every one when it
 * expands '*' or joins NATURALly, else those it names (case-insensitive). */
typedef struct colsel {
    ck_map idents;
    bool   all;
} colsel;

static void colsel_init(colsel *cs, const char *query) {
    ck_map_init(&cs->idents);
    collect_idents(query, &cs->idents);
    cs->all = query_has_star(query) || ck_map_get(&cs->idents, "natural", 7) != NULL;
}

static bool colsel_has(const colsel *cs, const char *name) {
    return cs->all || set_has(&cs->idents, name, "");
}

/* Redefines the views of each columnar topic for this query, inside its
 * read transaction (after conn_snapshot):
 *  - a column the query does not name reads as NULL, in the cold table and
 *    the hot tail alike, so neither decodes it (SQLite reads every column
 *    of a UNION ALL it cannot flatten, e.g. under an aggregate);
 *  - a column the snapshot's cold table does not have yet reads as NULL
 *    there (its rows are still in the hot tail);
 *  - when the tail is empty, "{topic}" reads the cold table alone (SQLite
 *    then uses its indexes and count optimizations instead of a UNION ALL
 *    co-routine).
 * Views are only rebuilt when their definition changes. */
static int conn_fit_unified(ck_sql *sql, ck_sql_conn *conn, const colsel *cs, char *err, size_t errlen) {
    ck_wb q, cold, hot;
    ck_wb_init(&q, 512);
    ck_wb_init(&cold, 256);
    ck_wb_init(&hot, 256);
    int rc = 0;
    for (int k = 0; k < conn->nsnaps; k++) {
        ck_sql_snap *s = &conn->snaps[k];
        if (!s->unified) continue;
        bool empty = true;
        ck_topic *t = ck_engine_topic_get(sql->eng, s->topic, strlen(s->topic));
        if (t) {
            int32_t np = ck_topic_partition_count(t);
            for (int32_t i = 0; i < np && empty; i++) {
                ck_part_offsets o;
                ck_partition_offsets(ck_topic_partition(t, i), &o);
                if (i >= s->n || o.high_watermark > CK_MAX(s->progress[i], o.log_start)) empty = false;
            }
            ck_topic_release(t);
        }
        ck_wb_reset(&cold);
        ck_wb_reset(&hot);
        bool key = colsel_has(cs, "_key");
        ck_json_raw(&cold, "SELECT _partition, _offset, _timestamp, ");
        ck_json_raw(&cold, key ? "_key" : "NULL AS _key");
        ck_json_raw(&hot, "SELECT _partition, _offset, _timestamp, ");
        ck_json_raw(&hot, key ? "_key" : "NULL AS _key");
        for (int c = 0; c < s->cols.n; c++) {
            const char *cn = s->cols.cols[c].name;
            bool used = colsel_has(cs, cn);
            bool in_cold = used && ck_sql_schema_find(&s->cold, cn, strlen(cn)) >= 0;
            ck_wb_put(&cold, ", ", 2);
            if (!in_cold) ck_json_raw(&cold, "NULL AS ");
            ck_sql_ident(&cold, cn, strlen(cn));
            ck_wb_put(&hot, ", ", 2);
            if (!used) ck_json_raw(&hot, "NULL AS ");
            ck_sql_ident(&hot, cn, strlen(cn));
        }
        ck_json_raw(&cold, " FROM ");
        ck_json_raw(&cold, conn->snap_schema[k]);
        ck_wb_i8(&cold, '.');
        ck_sql_ident(&cold, s->topic, strlen(s->topic));
        ck_json_raw(&hot, " FROM temp.");
        obj_name(&hot, s->topic, "_hot");
        ck_wb_i8(&cold, 0);
        ck_wb_i8(&hot, 0);
        ck_wb_reset(&q);
        ck_wb_put(&q, cold.buf, cold.len);
        if (!empty) ck_wb_put(&q, hot.buf, hot.len);
        if (s->viewsig && q.len == strlen(s->viewsig) + 1 && memcmp(q.buf, s->viewsig, q.len) == 0) continue;
        ck_free(s->viewsig);
        s->viewsig = ck_memdup(q.buf, q.len);
        ck_wb_reset(&q);
        ck_json_raw(&q, "DROP VIEW IF EXISTS temp.");
        obj_name(&q, s->topic, "");
        ck_json_raw(&q, "; DROP VIEW IF EXISTS temp.");
        obj_name(&q, s->topic, "_cold");
        ck_json_raw(&q, "; CREATE TEMP VIEW ");
        obj_name(&q, s->topic, "_cold");
        ck_json_raw(&q, " AS ");
        ck_json_raw(&q, (const char *)cold.buf);
        ck_json_raw(&q, "; CREATE TEMP VIEW ");
        obj_name(&q, s->topic, "");
        ck_json_raw(&q, " AS SELECT * FROM ");
        obj_name(&q, s->topic, "_cold");
        if (!empty) {
            ck_json_raw(&q, " UNION ALL ");
            ck_json_raw(&q, (const char *)hot.buf);
        }
        if (run_ddl(conn, &q, err, errlen) != SQLITE_OK) {
            ck_free(s->viewsig);
            s->viewsig = NULL;
            rc = CHRONIK_ERR_SQL;
            break;
        }
        s->cold_only = empty;
    }
    ck_wb_free(&q);
    ck_wb_free(&cold);
    ck_wb_free(&hot);
    return rc;
}

/* ===================================================================== */
/* Slots and pool                                                        */
/* ===================================================================== */

static int slot_acquire(ck_sql *sql, int64_t deadline) {
    int rc = 0;
    pthread_mutex_lock(&sql->qlock);
    while (sql->slots_free <= 0) {
        int64_t left = deadline - ck_mono_ms();
        if (left <= 0) {
            rc = CHRONIK_ERR_TIMED_OUT;
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += left / 1000;
        ts.tv_nsec += (left % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sql->qcond, &sql->qlock, &ts);
    }
    if (rc == 0) sql->slots_free--;
    pthread_mutex_unlock(&sql->qlock);
    return rc;
}

static void slot_release(ck_sql *sql, ck_sql_conn *conn) {
    pthread_mutex_lock(&sql->qlock);
    if (conn) {
        conn->next = sql->pool;
        sql->pool = conn;
    }
    sql->slots_free++;
    pthread_cond_broadcast(&sql->qcond);
    pthread_mutex_unlock(&sql->qlock);
}

/* A pooled connection, preferably one already built for sig. */
static ck_sql_conn *pool_take(ck_sql *sql, const char *sig) {
    pthread_mutex_lock(&sql->qlock);
    ck_sql_conn **pp = &sql->pool, **pick = sql->pool ? &sql->pool : NULL;
    for (; *pp; pp = &(*pp)->next)
        if ((*pp)->sig && strcmp((*pp)->sig, sig) == 0) {
            pick = pp;
            break;
        }
    ck_sql_conn *conn = NULL;
    if (pick) {
        conn = *pick;
        *pick = conn->next;
        conn->next = NULL;
    }
    pthread_mutex_unlock(&sql->qlock);
    if (!conn) {
        conn = ck_calloc(1, sizeof(*conn));
        conn->sql = sql;
    }
    return conn;
}

/* ===================================================================== */
/* Execution                                                             */
/* ===================================================================== */

/* Where rows go: the caller's callback or the JSON writer. */
typedef ck_sql_agg_out sink;

static const char *storage_name(int t) {
    switch (t) {
    case SQLITE_INTEGER: return "INTEGER";
    case SQLITE_FLOAT: return "REAL";
    case SQLITE_TEXT: return "TEXT";
    case SQLITE_BLOB: return "BLOB";
    default: return "NULL";
    }
}

static bool tail_empty(const char *p) {
    while (p && *p) {
        if (isspace((unsigned char)*p) || *p == ';') p++;
        else if (p[0] == '-' && p[1] == '-') while (*p && *p != '\n') p++;
        else if (p[0] == '/' && p[1] == '*') {
            p += 2;
            while (*p && !(p[0] == '*' && p[1] == '/')) p++;
            if (*p) p += 2;
        } else return false;
    }
    return true;
}

/* The first keyword of a statement that writes or changes state, or NULL. */
static const char *write_keyword(const char *p) {
    static const char *const kw[] = { "INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER",
                                      "ATTACH", "DETACH", "PRAGMA", "BEGIN", "COMMIT", "END", "ROLLBACK",
                                      "SAVEPOINT", "RELEASE", "VACUUM", "REINDEX", "ANALYZE" };
    for (;;) {
        while (*p && (isspace((unsigned char)*p) || *p == ';' || *p == '(')) p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
        } else if (p[0] == '/' && p[1] == '*') {
            p += 2;
            while (*p && !(p[0] == '*' && p[1] == '/')) p++;
            if (*p) p += 2;
        } else {
            break;
        }
    }
    size_t n = 0;
    while (isalpha((unsigned char)p[n])) n++;
    for (size_t i = 0; i < CK_ARRAY_LEN(kw); i++)
        if (strlen(kw[i]) == n && strncasecmp(kw[i], p, n) == 0) return kw[i];
    return NULL;
}

static int bind_params(sqlite3_stmt *st, const chronik_sql_value_t *params, size_t nparams, char *err, size_t errlen) {
    if (nparams > (size_t)sqlite3_bind_parameter_count(st)) {
        ck_errf(err, errlen, "%zu parameters given but the statement has %d", nparams, sqlite3_bind_parameter_count(st));
        return CHRONIK_ERR_INVALID_ARG;
    }
    for (size_t i = 0; i < nparams; i++) {
        const chronik_sql_value_t *v = &params[i];
        int idx = (int)i + 1, rc;
        if ((v->type == CHRONIK_SQL_TEXT || v->type == CHRONIK_SQL_BLOB) &&
            (v->len > 0x7fffffff || (!v->data && v->len > 0))) {
            ck_errf(err, errlen, "parameter %zu: bad length", i + 1);
            return CHRONIK_ERR_INVALID_ARG;
        }
        switch (v->type) {
        case CHRONIK_SQL_NULL: rc = sqlite3_bind_null(st, idx); break;
        case CHRONIK_SQL_INTEGER: rc = sqlite3_bind_int64(st, idx, v->i); break;
        case CHRONIK_SQL_REAL: rc = sqlite3_bind_double(st, idx, v->r); break;
        case CHRONIK_SQL_TEXT: rc = sqlite3_bind_text(st, idx, v->data ? v->data : "", (int)v->len, SQLITE_TRANSIENT); break;
        case CHRONIK_SQL_BLOB: rc = sqlite3_bind_blob(st, idx, v->data ? v->data : "", (int)v->len, SQLITE_TRANSIENT); break;
        default:
            ck_errf(err, errlen, "parameter %zu: unknown type %d", i + 1, (int)v->type);
            return CHRONIK_ERR_INVALID_ARG;
        }
        if (rc != SQLITE_OK) {
            ck_errf(err, errlen, "parameter %zu: %s", i + 1, sqlite3_errstr(rc));
            return CHRONIK_ERR_INVALID_ARG;
        }
    }
    return 0;
}

static int exec_core(ck_sql *sql, const char *query, const chronik_sql_value_t *params, size_t nparams,
                     int64_t max_rows, const sink *sk, int32_t *truncated, char *err, size_t errlen) {
    int rc = 0;
    int64_t t0 = ck_mono_us();
    ck_sql_conn *conn = NULL;
    sqlite3_stmt *st = NULL;
    const char **names = NULL, **decl = NULL, **types = NULL;
    chronik_sql_value_t *vals = NULL;
    bool slot = false, in_txn = false, have_cs = false;
    colsel cs;
    qcat cat;
    memset(&cat, 0, sizeof(cat));
    if (truncated) *truncated = 0;
    if (err && errlen) err[0] = 0;
    atomic_fetch_add_explicit(&sql->st_queries, 1, memory_order_relaxed);
    if (!query || tail_empty(query)) {
        ck_errf(err, errlen, "empty query");
        rc = CHRONIK_ERR_INVALID_ARG;
        goto out;
    }
    const char *wk = write_keyword(query);
    if (wk) {
        ck_errf(err, errlen, "queries are read-only: %s is not allowed", wk);
        rc = CHRONIK_ERR_READ_ONLY;
        goto out;
    }
    if (nparams > 0 && !params) {
        ck_errf(err, errlen, "params is NULL");
        rc = CHRONIK_ERR_INVALID_ARG;
        goto out;
    }
    if (max_rows <= 0 || max_rows > sql->max_rows) max_rows = sql->max_rows;
    int64_t deadline = ck_mono_ms() + sql->timeout_ms;
    if ((rc = slot_acquire(sql, deadline)) != 0) {
        ck_errf(err, errlen, "all %d SQL query slots stayed busy for sql.timeout.ms (%lld ms)", sql->threads,
               (long long)sql->timeout_ms);
        goto out;
    }
    slot = true;
    if ((rc = catalog_build(sql, query, &cat, err, errlen)) != 0) goto out;
    conn = pool_take(sql, cat.sig);
    if (!conn->db || !conn->sig || strcmp(conn->sig, cat.sig) != 0) {
        if ((rc = conn_build(sql, conn, &cat, err, errlen)) != 0) goto out;
    }
    if (internal_exec(conn, "BEGIN", err, errlen) != SQLITE_OK) {
        rc = CHRONIK_ERR_SQL;
        goto out;
    }
    in_txn = true;
    if ((rc = conn_snapshot(conn, err, errlen)) != 0) goto out;

    conn->deadline = deadline;
    conn->timed_out = false;
    conn->denied[0] = 0;
    if (nparams == 0 && conn->nsnaps > 0 && !atomic_load_explicit(&sql->agg_off, memory_order_relaxed)) {
        int64_t an = 0;
        int ecode = 0;
        int ar = ck_sql_agg_try(conn, query, max_rows, sk, &an, truncated, &ecode, err, errlen);
        if (ar < 0) {
            rc = ecode;
            goto out;
        }
        if (ar > 0) {
            atomic_fetch_add_explicit(&sql->st_rows, (uint64_t)an, memory_order_relaxed);
            atomic_fetch_add_explicit(&sql->st_agg, 1, memory_order_relaxed);
            goto out;
        }
    }
    colsel_init(&cs, query);
    have_cs = true;
    if ((rc = conn_fit_unified(sql, conn, &cs, err, errlen)) != 0) goto out;
    const char *tail = NULL;
    int src = sqlite3_prepare_v3(conn->db, query, -1, 0, &st, &tail);
    if (src != SQLITE_OK || !st) {
        if (conn->denied[0] || (src & 0xff) == SQLITE_AUTH) {
            ck_errf(err, errlen, "queries are read-only: %s is not allowed", conn->denied[0] ? conn->denied : "this statement");
            rc = CHRONIK_ERR_READ_ONLY;
        } else if (conn->timed_out) {
            ck_errf(err, errlen, "query exceeded sql.timeout.ms (%lld ms)", (long long)sql->timeout_ms);
            rc = CHRONIK_ERR_TIMED_OUT;
        } else if (!st && src == SQLITE_OK) {
            ck_errf(err, errlen, "empty query");
            rc = CHRONIK_ERR_INVALID_ARG;
        } else {
            ck_errf(err, errlen, "%s", sqlite3_errmsg(conn->db));
            rc = CHRONIK_ERR_SQL;
        }
        goto out;
    }
    if (!tail_empty(tail)) {
        ck_errf(err, errlen, "only one statement per query is allowed");
        rc = CHRONIK_ERR_INVALID_ARG;
        goto out;
    }
    if (!sqlite3_stmt_readonly(st)) {
        ck_errf(err, errlen, "queries are read-only");
        rc = CHRONIK_ERR_READ_ONLY;
        goto out;
    }
    if ((rc = bind_params(st, params, nparams, err, errlen)) != 0) goto out;

    int ncols = sqlite3_column_count(st);
    size_t nc = (size_t)(ncols > 0 ? ncols : 1);
    names = ck_calloc(nc, sizeof(*names));
    decl = ck_calloc(nc, sizeof(*decl));
    types = ck_calloc(nc, sizeof(*types));
    vals = ck_calloc(nc, sizeof(*vals));
    for (int i = 0; i < ncols; i++) {
        names[i] = sqlite3_column_name(st, i);
        if (!names[i]) names[i] = "";
        decl[i] = sqlite3_column_decltype(st, i);
        if (decl[i] && !*decl[i]) decl[i] = NULL;
    }
    if (sk->cols) sk->cols(sk->ud, ncols, names, decl);
    int64_t nrows = 0;
    for (;;) {
        src = sqlite3_step(st);
        if (src == SQLITE_DONE) break;
        if (src != SQLITE_ROW) {
            if (conn->timed_out || src == SQLITE_INTERRUPT) {
                ck_errf(err, errlen, "query exceeded sql.timeout.ms (%lld ms)", (long long)sql->timeout_ms);
                rc = CHRONIK_ERR_TIMED_OUT;
            } else {
                ck_errf(err, errlen, "%s", sqlite3_errmsg(conn->db));
                rc = CHRONIK_ERR_SQL;
            }
            goto out;
        }
        if (nrows >= max_rows) {
            if (truncated) *truncated = 1;
            break;
        }
        for (int i = 0; i < ncols; i++) {
            chronik_sql_value_t *v = &vals[i];
            int t = sqlite3_column_type(st, i);
            memset(v, 0, sizeof(*v));
            switch (t) {
            case SQLITE_INTEGER: v->type = CHRONIK_SQL_INTEGER; v->i = sqlite3_column_int64(st, i); break;
            case SQLITE_FLOAT: v->type = CHRONIK_SQL_REAL; v->r = sqlite3_column_double(st, i); break;
            case SQLITE_TEXT:
                v->type = CHRONIK_SQL_TEXT;
                v->data = sqlite3_column_text(st, i);
                v->len = (size_t)sqlite3_column_bytes(st, i);
                break;
            case SQLITE_BLOB:
                v->type = CHRONIK_SQL_BLOB;
                v->data = sqlite3_column_blob(st, i);
                v->len = (size_t)sqlite3_column_bytes(st, i);
                break;
            default: v->type = CHRONIK_SQL_NULL; break;
            }
            types[i] = decl[i] ? decl[i] : storage_name(t);
        }
        nrows++;
        if (sk->row && sk->row(sk->ud, ncols, names, types, vals) != 0) break;
    }
    atomic_fetch_add_explicit(&sql->st_rows, (uint64_t)nrows, memory_order_relaxed);
out:
    if (st) sqlite3_finalize(st);
    if (conn) {
        conn->deadline = 0;
        if (in_txn && internal_exec(conn, "COMMIT", NULL, 0) != SQLITE_OK) internal_exec(conn, "ROLLBACK", NULL, 0);
        if (conn->db && !sqlite3_get_autocommit(conn->db)) conn_clear(conn);
    }
    if (slot) slot_release(sql, conn);
    else conn_free(conn);
    qcat_free(&cat);
    if (have_cs) ck_map_free(&cs.idents);
    ck_free(names);
    ck_free(decl);
    ck_free(types);
    ck_free(vals);
    atomic_fetch_add_explicit(&sql->st_latency_us, (uint64_t)(ck_mono_us() - t0), memory_order_relaxed);
    if (rc != 0) {
        atomic_fetch_add_explicit(&sql->st_errors, 1, memory_order_relaxed);
        if (rc == CHRONIK_ERR_TIMED_OUT) atomic_fetch_add_explicit(&sql->st_timeouts, 1, memory_order_relaxed);
        if (rc == CHRONIK_ERR_READ_ONLY) atomic_fetch_add_explicit(&sql->st_rejected, 1, memory_order_relaxed);
    }
    return rc;
}

typedef struct cb_adapter {
    chronik_sql_row_cb cb;
    void *opaque;
} cb_adapter;

static int adapter_row(void *ud, int ncols, const char *const *names, const char *const *types,
                       const chronik_sql_value_t *values) {
    cb_adapter *a = ud;
    return a->cb ? a->cb(a->opaque, ncols, names, types, values) : 0;
}

int ck_sql_exec(ck_sql *sql, const char *query, const chronik_sql_value_t *params, size_t nparams, int64_t max_rows,
                chronik_sql_row_cb cb, void *opaque, int32_t *truncated, char *err, size_t errlen) {
    cb_adapter a = { cb, opaque };
    sink sk = { NULL, adapter_row, &a };
    return exec_core(sql, query, params, nparams, max_rows, &sk, truncated, err, errlen);
}

/* ----- JSON answers ----- */

typedef struct jsink {
    ck_wb        rows;
    int          ncols;
    char       **names;
    const char **types;       /* static strings or NULL until known */
    int64_t      count;
} jsink;

static int jsink_cols(void *ud, int ncols, const char *const *names, const char *const *decl) {
    jsink *j = ud;
    j->ncols = ncols;
    j->names = ck_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof(char *));
    j->types = ck_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof(char *));
    for (int i = 0; i < ncols; i++) {
        j->names[i] = ck_strdup(names[i]);
        if (decl[i]) {
            /* Keep a stable copy of the declared type name. */
            const char *d = decl[i];
            j->types[i] = strcasecmp(d, "INTEGER") == 0 ? "INTEGER"
                        : strcasecmp(d, "REAL") == 0    ? "REAL"
                        : strcasecmp(d, "TEXT") == 0    ? "TEXT"
                        : strcasecmp(d, "BLOB") == 0    ? "BLOB"
                                                        : NULL;
        }
    }
    return 0;
}

static int jsink_row(void *ud, int ncols, const char *const *names, const char *const *types,
                     const chronik_sql_value_t *v) {
    jsink *j = ud;
    (void)names;
    (void)types;
    if (j->count > 0) ck_wb_i8(&j->rows, ',');
    ck_wb_i8(&j->rows, '[');
    for (int i = 0; i < ncols; i++) {
        if (i > 0) ck_wb_i8(&j->rows, ',');
        switch (v[i].type) {
        case CHRONIK_SQL_INTEGER: ck_json_i64(&j->rows, v[i].i); break;
        case CHRONIK_SQL_REAL: ck_json_f64(&j->rows, v[i].r); break;
        case CHRONIK_SQL_TEXT: ck_json_str(&j->rows, v[i].data, v[i].len); break;
        case CHRONIK_SQL_BLOB: base64(&j->rows, v[i].data, v[i].len); break;
        default: ck_json_raw(&j->rows, "null"); break;
        }
        if (!j->types[i] && v[i].type != CHRONIK_SQL_NULL)
            j->types[i] = v[i].type == CHRONIK_SQL_INTEGER ? "INTEGER"
                        : v[i].type == CHRONIK_SQL_REAL    ? "REAL"
                        : v[i].type == CHRONIK_SQL_TEXT    ? "TEXT"
                                                           : "BLOB";
    }
    ck_wb_i8(&j->rows, ']');
    j->count++;
    return 0;
}

int ck_sql_query_json(ck_sql *sql, const char *query, const chronik_sql_value_t *params, size_t nparams,
                      int64_t max_rows, ck_wb *out, char *err, size_t errlen) {
    jsink j;
    memset(&j, 0, sizeof(j));
    ck_wb_init(&j.rows, 1024);
    sink sk = { jsink_cols, jsink_row, &j };
    int32_t truncated = 0;
    int64_t t0 = ck_mono_us();
    int rc = exec_core(sql, query, params, nparams, max_rows, &sk, &truncated, err, errlen);
    if (rc == 0) {
        ck_json_raw(out, "{\"columns\":[");
        for (int i = 0; i < j.ncols; i++) {
            if (i > 0) ck_wb_i8(out, ',');
            ck_json_raw(out, "{\"name\":");
            ck_json_cstr(out, j.names[i]);
            ck_json_raw(out, ",\"type\":");
            ck_json_cstr(out, j.types[i] ? j.types[i] : "NULL");
            ck_wb_i8(out, '}');
        }
        ck_json_raw(out, "],\"rows\":[");
        ck_wb_put(out, j.rows.buf, j.rows.len);
        ck_json_raw(out, "],\"row_count\":");
        ck_json_i64(out, j.count);
        ck_json_raw(out, ",\"truncated\":");
        ck_json_raw(out, truncated ? "true" : "false");
        ck_json_raw(out, ",\"took_ms\":");
        ck_json_f64(out, (double)(ck_mono_us() - t0) / 1000.0);
        ck_wb_i8(out, '}');
    }
    for (int i = 0; i < j.ncols; i++) ck_free(j.names[i]);
    ck_free(j.names);
    ck_free(j.types);
    ck_wb_free(&j.rows);
    return rc;
}

/* ===================================================================== */
/* Describe and tables                                                   */
/* ===================================================================== */

static void json_cols(ck_wb *out, bool raw, const ck_sql_schema *cols) {
    ck_json_raw(out, "\"columns\":[{\"name\":\"_partition\",\"type\":\"INTEGER\"},"
                     "{\"name\":\"_offset\",\"type\":\"INTEGER\"},{\"name\":\"_timestamp\",\"type\":\"INTEGER\"},"
                     "{\"name\":\"_key\",\"type\":\"TEXT\"}");
    if (raw) {
        ck_json_raw(out, ",{\"name\":\"_value\",\"type\":\"TEXT\"},{\"name\":\"_headers\",\"type\":\"TEXT\"}");
    } else {
        for (int i = 0; i < cols->n; i++) {
            ck_json_raw(out, ",{\"name\":");
            ck_json_cstr(out, cols->cols[i].name);
            ck_json_raw(out, ",\"type\":");
            ck_json_cstr(out, ck_sql_type_name(cols->cols[i].type));
            ck_wb_i8(out, '}');
        }
    }
    ck_wb_i8(out, ']');
}

static void json_table(ck_wb *out, const char *topic, const char *suffix, const char *kind, bool raw,
                       const ck_sql_schema *cols, bool *first) {
    if (!*first) ck_wb_i8(out, ',');
    *first = false;
    ck_json_raw(out, "{\"name\":");
    ck_wb n;
    ck_wb_init(&n, 64);
    ck_wb_put(&n, topic, strlen(topic));
    ck_wb_put(&n, suffix, strlen(suffix));
    ck_json_str(out, (const char *)n.buf, n.len);
    ck_wb_free(&n);
    ck_json_raw(out, ",\"kind\":");
    ck_json_cstr(out, kind);
    if (cols || raw) {
        ck_wb_i8(out, ',');
        json_cols(out, raw, cols);
    } else {
        ck_json_raw(out, ",\"topic\":");
        ck_json_cstr(out, topic);
    }
    ck_wb_i8(out, '}');
}

static bool topic_columnar(ck_topic *t) {
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    bool c = tc.num[CK_TK_COLUMNAR_ENABLED] != 0;
    ck_topic_conf_free(&tc);
    return c;
}

int ck_sql_describe_json(ck_sql *sql, const char *topic, ck_wb *out, char *err, size_t errlen) {
    ck_topic *t = topic ? ck_engine_topic_get(sql->eng, topic, strlen(topic)) : NULL;
    if (!t) {
        ck_errf(err, errlen, "unknown topic \"%s\"", topic ? topic : "");
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    bool columnar = topic_columnar(t);
    ck_sql_schema cols;
    ck_sql_schema_init(&cols);
    if (columnar) {
        pthread_mutex_lock(&sql->lock);
        ck_mat_topic *mt = ck_map_get(&sql->topics, topic, strlen(topic));
        if (mt && memcmp(mt->id, ck_topic_id(t), 16) == 0) ck_sql_schema_copy(&cols, &mt->pub);
        pthread_mutex_unlock(&sql->lock);
    }
    ck_json_raw(out, "{\"topic\":");
    ck_json_cstr(out, ck_topic_name(t));
    ck_json_raw(out, ",\"columnar\":");
    ck_json_raw(out, columnar ? "true" : "false");
    ck_json_raw(out, ",\"partitions\":");
    ck_json_i64(out, ck_topic_partition_count(t));
    ck_json_raw(out, ",\"tables\":[");
    bool first = true;
    if (columnar) {
        json_table(out, topic, "", "unified", false, &cols, &first);
        json_table(out, topic, "_hot", "hot", false, &cols, &first);
        json_table(out, topic, "_cold", "cold", false, &cols, &first);
        json_table(out, topic, "_raw", "raw", true, NULL, &first);
    } else {
        json_table(out, topic, "", "raw", true, NULL, &first);
    }
    ck_json_raw(out, "]}");
    ck_sql_schema_free(&cols);
    ck_topic_release(t);
    return 0;
}

void ck_sql_tables_json(ck_sql *sql, ck_wb *out) {
    size_t n = 0;
    ck_topic **list = ck_engine_topic_list(sql->eng, &n);
    bool first = true;
    ck_json_raw(out, "{\"tables\":[");
    for (size_t i = 0; i < n; i++) {
        const char *name = ck_topic_name(list[i]);
        if (ck_topic_deleted(list[i])) continue;
        if (topic_columnar(list[i])) {
            json_table(out, name, "", "unified", false, NULL, &first);
            json_table(out, name, "_hot", "hot", false, NULL, &first);
            json_table(out, name, "_cold", "cold", false, NULL, &first);
            json_table(out, name, "_raw", "raw", false, NULL, &first);
        } else {
            json_table(out, name, "", "raw", false, NULL, &first);
        }
    }
    ck_json_raw(out, "]}");
    ck_topics_release(list, n);
}

/* ===================================================================== */
/* Lifecycle                                                             */
/* ===================================================================== */

int ck_sql_start(ck_engine *eng, void **out) {
    int rc = 0;
    *out = NULL;
    if (ck_sql_of(eng)) return CHRONIK_ERR_EXISTS;
    const chronik_conf_t *conf = ck_engine_conf(eng);
    ck_sql *sql = ck_calloc(1, sizeof(*sql));
    sql->eng = eng;
    sql->timeout_ms = ck_conf_num(conf, CK_BK_SQL_TIMEOUT_MS);
    sql->max_rows = ck_conf_num(conf, CK_BK_SQL_MAX_ROWS);
    sql->threads = (int)ck_conf_num(conf, CK_BK_SQL_THREADS);
    if (sql->timeout_ms <= 0) sql->timeout_ms = 30000;
    if (sql->max_rows <= 0) sql->max_rows = 10000;
    if (sql->threads <= 0) sql->threads = 2;
    sql->slots_free = sql->threads;
    const char *dd = ck_conf_str(conf, CK_BK_DATA_DIR);
    size_t n = strlen(dd) + 8;
    sql->dir = ck_malloc(n);
    snprintf(sql->dir, n, "%s/sql", dd);
    pthread_mutex_init(&sql->lock, NULL);
    pthread_cond_init(&sql->cond, NULL);
    pthread_cond_init(&sql->progress_cond, NULL);
    pthread_mutex_init(&sql->qlock, NULL);
    pthread_cond_init(&sql->qcond, NULL);
    ck_map_init(&sql->topics);
    if (ck_mkdirs(sql->dir, 0755) != 0) {
        CK_ERR(CK_SQL_SUB, "cannot create %s: %s", sql->dir, strerror(errno));
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    if ((rc = ck_mat_start(sql)) != 0) goto fail;
    if ((rc = ck_engine_ext_set(eng, &sql_key, sql)) != 0) goto fail;
    *out = sql;
    return 0;
fail:
    ck_sql_stop(sql);
    return rc;
}

void ck_sql_stop(void *opaque) {
    ck_sql *sql = opaque;
    if (!sql) return;
    if (ck_engine_ext(sql->eng, &sql_key) == sql) ck_engine_ext_set(sql->eng, &sql_key, NULL);
    /* Wait for running queries. */
    pthread_mutex_lock(&sql->qlock);
    while (sql->slots_free < sql->threads) pthread_cond_wait(&sql->qcond, &sql->qlock);
    ck_sql_conn *pool = sql->pool;
    sql->pool = NULL;
    pthread_mutex_unlock(&sql->qlock);
    while (pool) {
        ck_sql_conn *next = pool->next;
        conn_free(pool);
        pool = next;
    }
    ck_mat_stop(sql);
    ck_map_free(&sql->topics);
    pthread_mutex_destroy(&sql->lock);
    pthread_cond_destroy(&sql->cond);
    pthread_cond_destroy(&sql->progress_cond);
    pthread_mutex_destroy(&sql->qlock);
    pthread_cond_destroy(&sql->qcond);
    ck_free(sql->dir);
    ck_free(sql);
}

void ck_sql_topic_changed(void *opaque, const char *topic) {
    (void)topic;
    if (opaque) ck_mat_kick(opaque);
}

void ck_sql_stats_get(ck_sql *sql, ck_sql_stats *out) {
    out->queries = atomic_load_explicit(&sql->st_queries, memory_order_relaxed);
    out->errors = atomic_load_explicit(&sql->st_errors, memory_order_relaxed);
    out->timeouts = atomic_load_explicit(&sql->st_timeouts, memory_order_relaxed);
    out->rejected = atomic_load_explicit(&sql->st_rejected, memory_order_relaxed);
    out->latency_us_sum = atomic_load_explicit(&sql->st_latency_us, memory_order_relaxed);
    out->rows_returned = atomic_load_explicit(&sql->st_rows, memory_order_relaxed);
    out->rows_materialized = atomic_load_explicit(&sql->st_mat_rows, memory_order_relaxed);
    out->materializer_commits = atomic_load_explicit(&sql->st_mat_commits, memory_order_relaxed);
    out->blocks_written = atomic_load_explicit(&sql->st_mat_blocks, memory_order_relaxed);
    out->materializer_cpu_us = atomic_load_explicit(&sql->st_mat_cpu_us, memory_order_relaxed);
    out->aggregate_queries = atomic_load_explicit(&sql->st_agg, memory_order_relaxed);
}

int ck_sql_wait_materialized(ck_sql *sql, const char *topic, int timeout_ms) {
    int rc = 0;
    ck_topic *t = ck_engine_topic_get(sql->eng, topic, strlen(topic));
    if (!t) return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    int32_t np = ck_topic_partition_count(t);
    int64_t *hwm = ck_calloc((size_t)(np > 0 ? np : 1), sizeof(int64_t));
    for (int32_t i = 0; i < np; i++) {
        ck_part_offsets o;
        ck_partition_offsets(ck_topic_partition(t, i), &o);
        hwm[i] = o.high_watermark;
    }
    bool columnar = topic_columnar(t);
    ck_topic_release(t);
    if (!columnar) {
        ck_free(hwm);
        return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    }
    ck_mat_kick(sql);
    int64_t deadline = ck_mono_ms() + timeout_ms;
    pthread_mutex_lock(&sql->lock);
    for (;;) {
        ck_mat_topic *mt = ck_map_get(&sql->topics, topic, strlen(topic));
        bool done = mt && mt->ready && mt->npub >= np;
        for (int32_t i = 0; done && i < np; i++)
            if (mt->pub_progress[i] < hwm[i]) done = false;
        if (done) break;
        int64_t left = deadline - ck_mono_ms();
        if (left <= 0) {
            rc = CHRONIK_ERR_TIMED_OUT;
            break;
        }
        if (left > 50) left = 50;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += left * 1000000L;
        while (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sql->progress_cond, &sql->lock, &ts);
    }
    pthread_mutex_unlock(&sql->lock);
    ck_free(hwm);
    return rc;
}

void ck_sql_test_aggregates(ck_sql *sql, bool enabled) {
    atomic_store_explicit(&sql->agg_off, !enabled, memory_order_relaxed);
}

void ck_sql_test_pause(ck_sql *sql, bool paused) {
    pthread_mutex_lock(&sql->lock);
    sql->paused = paused;
    pthread_cond_broadcast(&sql->cond);
    /* Pausing returns once no materializer pass is running any more. */
    while (paused && sql->started && !sql->stop && !sql->pause_held) pthread_cond_wait(&sql->progress_cond, &sql->lock);
    pthread_mutex_unlock(&sql->lock);
}

/* ===================================================================== */
/* Public API                                                            */
/* ===================================================================== */

chronik_err_t chronik_sql(chronik_t *chronik, const char *query, const chronik_sql_value_t *params, size_t nparams,
                          int64_t max_rows, chronik_sql_row_cb cb, void *opaque, int32_t *truncated) {
    char err[512];
    if (truncated) *truncated = 0;
    ck_sql *sql = chronik ? ck_sql_of(chronik) : NULL;
    if (!sql) {
        ck_engine_set_errmsg("%s", chronik ? "SQL is not running on this engine" : "chronik is NULL");
        return chronik ? CHRONIK_ERR_UNSUPPORTED : CHRONIK_ERR_INVALID_ARG;
    }
    int rc = ck_sql_exec(sql, query, params, nparams, max_rows, cb, opaque, truncated, err, sizeof(err));
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

chronik_err_t chronik_sql_json(chronik_t *chronik, const char *query, const chronik_sql_value_t *params,
                               size_t nparams, int64_t max_rows, char **json, size_t *len) {
    char err[512];
    if (json) *json = NULL;
    if (len) *len = 0;
    if (!json) {
        ck_engine_set_errmsg("%s", "json is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_sql *sql = chronik ? ck_sql_of(chronik) : NULL;
    if (!sql) {
        ck_engine_set_errmsg("%s", chronik ? "SQL is not running on this engine" : "chronik is NULL");
        return chronik ? CHRONIK_ERR_UNSUPPORTED : CHRONIK_ERR_INVALID_ARG;
    }
    ck_wb out;
    ck_wb_init(&out, 1024);
    int rc = ck_sql_query_json(sql, query, params, nparams, max_rows, &out, err, sizeof(err));
    if (rc == 0) {
        ck_wb_i8(&out, 0);
        *json = ck_memdup(out.buf, out.len);
        if (len) *len = out.len - 1;
    }
    ck_wb_free(&out);
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

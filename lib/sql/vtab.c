/*
 * vtab.c — the `chronik` SQLite virtual-table module: a topic read straight
 * from its partition logs.  Two shapes share the code:
 *   raw   _partition, _offset, _timestamp, _key, _value, _headers
 *   hot   _partition, _offset, _timestamp, _key + the data columns of a
 *         columnar topic, extracted from each JSON value, reading only the
 *         offsets at or after the materializer's progress captured when the
 *         query started (the rows not yet in the cold table).
 * Tables are created per query connection (query.c) as
 *   CREATE VIRTUAL TABLE temp."t" USING chronik(raw|hot, <spec index>)
 * where the spec index points into the connection's table specs.
 *
 * xBestIndex pushes down _partition = / IN (all at once), _offset and
 * _timestamp ranges (=, <, <=, >, >=; every one handled exactly, so SQLite
 * need not recheck), and LIMIT/OFFSET when every constraint is handled; it
 * consumes ORDER BY _partition, _offset.  A scan stops at the high watermark
 * of each partition captured in xFilter: every acknowledged record is
 * visible, never one that is not yet durable.  Batches are copied from the
 * log and decompressed here, on the query thread; control batches are
 * skipped.  ck_sql_logscan is the same reading without SQLite, for agg.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sql/sql_int.h"

#define COL_PART 0
#define COL_OFF  1
#define COL_TS   2
#define COL_KEY  3
#define COL_VAL  4
#define COL_HDR  5

static _Atomic uint64_t rows_scanned;

void ck_sql_count_scanned(uint64_t n) { atomic_fetch_add_explicit(&rows_scanned, n, memory_order_relaxed); }
uint64_t ck_sql_test_rows_scanned(void) { return atomic_load_explicit(&rows_scanned, memory_order_relaxed); }

int ck_sql_read_batches(ck_partition *p, int64_t offset, int64_t end, size_t max_bytes, ck_wb *buf, int64_t *next) {
    ck_log_slice sl;
    ck_part_offsets o;
    *next = offset;
    if (offset >= end) return 0;
    int rc = ck_partition_read(p, offset, 0, max_bytes, &sl, &o);
    if (rc != 0) return rc;
    if (sl.len > 0) {
        uint8_t *dst = ck_wb_reserve(buf, sl.len);
        if (ck_pread_all(sl.fd, dst, sl.len, sl.pos) != 0) rc = CHRONIK_ERR_IO;
        else buf->len += sl.len;
        *next = sl.next_offset;
    }
    ck_log_slice_release(&sl);
    return rc;
}

/* ===================================================================== */
/* A plain log cursor (for the aggregate path)                           */
/* ===================================================================== */

void ck_sql_logscan_init(ck_sql_logscan *ls) {
    memset(ls, 0, sizeof(*ls));
    ck_wb_init(&ls->buf, 0);
}

void ck_sql_logscan_free(ck_sql_logscan *ls) {
    if (ls->in_batch) ck_rec_iter_free(&ls->it);
    ls->in_batch = false;
    ck_wb_free(&ls->buf);
}

void ck_sql_logscan_begin(ck_sql_logscan *ls, ck_partition *p, int64_t start, int64_t end) {
    if (ls->in_batch) ck_rec_iter_free(&ls->it);
    ls->in_batch = false;
    ls->p = p;
    ls->start = ls->next = start;
    ls->end = end;
    ck_wb_reset(&ls->buf);
    ls->pos = 0;
    ls->chunk = 65536;
}

int ck_sql_logscan_next(ck_sql_logscan *ls, ck_rec *rec) {
    for (;;) {
        if (ls->in_batch) {
            int r = ck_rec_iter_next(&ls->it, rec);
            if (r == 1) {
                if (rec->offset < ls->start) continue;
                if (rec->offset >= ls->end) {
                    ck_rec_iter_free(&ls->it);
                    ls->in_batch = false;
                    return 0;
                }
                ck_sql_count_scanned(1);
                return 1;
            }
            ck_rec_iter_free(&ls->it);
            ls->in_batch = false;
            if (r < 0) return -1;
            continue;
        }
        if (ls->pos + CK_BATCH_HEADER_SIZE <= ls->buf.len) {
            ck_batch_hdr h;
            const uint8_t *b = ls->buf.buf + ls->pos;
            size_t left = ls->buf.len - ls->pos;
            if (ck_batch_hdr_read(b, left, &h) != 0 || h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD ||
                ck_batch_size(&h) > left)
                return -1;
            ls->pos += ck_batch_size(&h);
            if (ck_batch_is_control(&h) || ck_batch_last_offset(&h) < ls->start) continue;
            if (h.base_offset >= ls->end) return 0;
            if (ck_rec_iter_init(&ls->it, b, ck_batch_size(&h), (size_t)256 << 20) != 0) {
                ck_rec_iter_free(&ls->it);
                return -1;
            }
            ls->in_batch = true;
            continue;
        }
        ck_wb_reset(&ls->buf);
        ls->pos = 0;
        if (ls->next >= ls->end) return 0;
        int64_t next = ls->next;
        int rc = ck_sql_read_batches(ls->p, ls->next, ls->end, ls->chunk, &ls->buf, &next);
        if (rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE) {
            ck_part_offsets o;
            ck_partition_offsets(ls->p, &o);
            if (o.log_start > ls->next) {
                ls->next = ls->start = o.log_start;
                continue;
            }
        }
        if (rc != 0) return -1;
        if (next <= ls->next) return 0; /* nothing readable */
        ls->next = next;
        if (ls->chunk < ((size_t)1 << 20)) ls->chunk *= 2;
    }
}

/* ===================================================================== */
/* Tables                                                                */
/* ===================================================================== */

typedef struct vtab {
    sqlite3_vtab   base;
    ck_sql_conn   *conn;
    char          *topic;
    bool           hot;
    ck_sql_schema  cols;
    int            snap;
} vtab;

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **errp) {
    ck_sql_conn *conn = aux;
    if (argc < 5) {
        *errp = sqlite3_mprintf("chronik: usage: USING chronik(raw|hot, spec)");
        return SQLITE_ERROR;
    }
    int idx = atoi(argv[4]);
    if (idx < 0 || idx >= conn->nspecs) {
        *errp = sqlite3_mprintf("chronik: no table spec %s", argv[4]);
        return SQLITE_ERROR;
    }
    const ck_sql_spec *spec = &conn->specs[idx];
    ck_wb ddl;
    ck_wb_init(&ddl, 256);
    ck_wb_put(&ddl, "CREATE TABLE x(_partition INTEGER, _offset INTEGER, _timestamp INTEGER, _key",
              strlen("CREATE TABLE x(_partition INTEGER, _offset INTEGER, _timestamp INTEGER, _key"));
    if (!spec->hot) {
        ck_json_raw(&ddl, ", _value, _headers TEXT");
    } else {
        for (int i = 0; i < spec->cols.n; i++) {
            ck_wb_put(&ddl, ", ", 2);
            ck_sql_ident(&ddl, spec->cols.cols[i].name, strlen(spec->cols.cols[i].name));
        }
    }
    ck_wb_put(&ddl, ")", 2);
    int rc = sqlite3_declare_vtab(db, (const char *)ddl.buf);
    ck_wb_free(&ddl);
    if (rc != SQLITE_OK) return rc;
    vtab *tab = ck_calloc(1, sizeof(*tab));
    tab->conn = conn;
    tab->topic = ck_strdup(spec->topic);
    tab->hot = spec->hot;
    tab->snap = spec->snap;
    ck_sql_schema_init(&tab->cols);
    if (spec->hot) ck_sql_schema_copy(&tab->cols, &spec->cols);
    *out = &tab->base;
    return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *base) {
    vtab *tab = (vtab *)base;
    ck_free(tab->topic);
    ck_sql_schema_free(&tab->cols);
    ck_free(tab);
    return SQLITE_OK;
}

/* Rows the table would scan: from the log (and the snapshot for hot). */
static double table_rows(vtab *tab, int32_t *npart_out) {
    ck_engine *eng = tab->conn->sql->eng;
    ck_topic *t = ck_engine_topic_get(eng, tab->topic, strlen(tab->topic));
    double rows = 0;
    int32_t np = 0;
    if (t) {
        np = ck_topic_partition_count(t);
        for (int32_t i = 0; i < np; i++) {
            ck_part_offsets o;
            ck_partition_offsets(ck_topic_partition(t, i), &o);
            int64_t from = o.log_start;
            if (tab->hot && tab->snap >= 0 && tab->snap < tab->conn->nsnaps) {
                const ck_sql_snap *s = &tab->conn->snaps[tab->snap];
                if (i < s->n && s->progress[i] > from) from = s->progress[i];
            }
            if (o.high_watermark > from) rows += (double)(o.high_watermark - from);
        }
        ck_topic_release(t);
    }
    *npart_out = np;
    return rows;
}

static int vt_best_index(sqlite3_vtab *base, sqlite3_index_info *info) {
    vtab *tab = (vtab *)base;
    int32_t npart = 0;
    double rows = table_rows(tab, &npart);
    char codes[64];
    int ncodes = 0;
    bool all_handled = true, part_eq = false;
    int limit_i = -1, offset_i = -1;
    double sel = 1.0;

    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->op == SQLITE_INDEX_CONSTRAINT_LIMIT) {
            if (c->usable) limit_i = i;
            continue;
        }
        if (c->op == SQLITE_INDEX_CONSTRAINT_OFFSET) {
            if (c->usable) offset_i = i;
            continue;
        }
        char code = 0;
        if (c->usable && ncodes < (int)sizeof(codes) - 3) {
            if (c->iColumn == COL_PART && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
                if (sqlite3_vtab_in(info, i, -1)) {
                    sqlite3_vtab_in(info, i, 1);
                    code = 'P';
                    sel *= 0.5;
                } else {
                    code = 'p';
                    part_eq = true;
                    sel *= npart > 0 ? 1.0 / npart : 1.0;
                }
            } else if (c->iColumn == COL_OFF || c->iColumn == COL_TS) {
                bool off = c->iColumn == COL_OFF;
                switch (c->op) {
                case SQLITE_INDEX_CONSTRAINT_EQ: code = off ? 'e' : 't'; sel *= off ? 1e-9 : 0.01; break;
                case SQLITE_INDEX_CONSTRAINT_GT: code = off ? 'g' : 'h'; sel *= 0.25; break;
                case SQLITE_INDEX_CONSTRAINT_GE: code = off ? 'G' : 'H'; sel *= 0.25; break;
                case SQLITE_INDEX_CONSTRAINT_LT: code = off ? 'l' : 'm'; sel *= 0.25; break;
                case SQLITE_INDEX_CONSTRAINT_LE: code = off ? 'L' : 'M'; sel *= 0.25; break;
                default: break;
                }
            }
        }
        if (!code) {
            all_handled = false;
            continue;
        }
        codes[ncodes++] = code;
        info->aConstraintUsage[i].argvIndex = ncodes;
        info->aConstraintUsage[i].omit = 1;
    }
    double est = rows * sel;
    if (est < 1) est = 1;

    /* ORDER BY _partition, _offset ascending (or _offset alone on one partition). */
    bool order_ok = info->nOrderBy == 0;
    if (info->nOrderBy > 0) {
        bool ok = true;
        for (int i = 0; i < info->nOrderBy && ok; i++) {
            const struct sqlite3_index_orderby *o = &info->aOrderBy[i];
            if (o->desc) ok = false;
            else if (info->nOrderBy == 1) ok = o->iColumn == COL_PART || (o->iColumn == COL_OFF && (part_eq || npart <= 1));
            else if (info->nOrderBy == 2) ok = (i == 0 && o->iColumn == COL_PART) || (i == 1 && o->iColumn == COL_OFF);
            else ok = false;
        }
        if (ok) info->orderByConsumed = 1;
        order_ok = ok;
    }
    /* LIMIT caps the scan only when every constraint is handled here and
     * the rows come out in the requested order. */
    if (all_handled && order_ok && limit_i >= 0 && ncodes < (int)sizeof(codes) - 2) {
        codes[ncodes++] = 'n';
        info->aConstraintUsage[limit_i].argvIndex = ncodes;
        sqlite3_value *v = NULL;
        if (sqlite3_vtab_rhs_value(info, limit_i, &v) == SQLITE_OK && v && sqlite3_value_int64(v) >= 0 &&
            (double)sqlite3_value_int64(v) < est)
            est = (double)sqlite3_value_int64(v) + 1;
        if (offset_i >= 0) {
            codes[ncodes++] = 'o';
            info->aConstraintUsage[offset_i].argvIndex = ncodes;
        }
    }
    codes[ncodes] = 0;
    info->estimatedRows = (sqlite3_int64)est;
    info->estimatedCost = 10.0 + est;
    if (ncodes > 0) {
        info->idxStr = sqlite3_mprintf("%s", codes);
        info->needToFreeIdxStr = 1;
    }
    return SQLITE_OK;
}

/* ===================================================================== */
/* Cursors                                                               */
/* ===================================================================== */

typedef struct cursor {
    sqlite3_vtab_cursor base;
    ck_topic     *topic;
    int32_t       npart;
    int64_t      *hwm;                /* per partition, captured in xFilter */
    int32_t      *parts;              /* partitions to scan, ascending */
    int           nparts, pi;
    int64_t       off_lo, off_hi;     /* inclusive */
    int64_t       ts_lo, ts_hi;       /* inclusive */
    int64_t       cap, emitted;       /* rows to produce at most (-1: all) */
    /* current partition */
    ck_partition *p;
    int64_t       start, end, next;
    ck_wb         buf;
    size_t        pos;
    size_t        chunk;
    bool          in_batch;
    ck_rec_iter   it;
    ck_rec        rec;
    bool          eof;
    /* hot: the current row's value, flattened on first use */
    bool          parsed;
    ck_sql_flat   flat;
    int          *colfield;           /* per data column: field index or -1 */
    ck_wb         scratch;
} cursor;

static int vt_open(sqlite3_vtab *base, sqlite3_vtab_cursor **out) {
    vtab *tab = (vtab *)base;
    cursor *cur = ck_calloc(1, sizeof(*cur));
    ck_wb_init(&cur->buf, 0);
    ck_wb_init(&cur->scratch, 128);
    if (tab->hot) {
        ck_sql_flat_init(&cur->flat);
        cur->colfield = ck_calloc((size_t)(tab->cols.n > 0 ? tab->cols.n : 1), sizeof(int));
    }
    cur->eof = true;
    *out = &cur->base;
    return SQLITE_OK;
}

static void cursor_reset(cursor *cur) {
    if (cur->in_batch) ck_rec_iter_free(&cur->it);
    cur->in_batch = false;
    if (cur->topic) ck_topic_release(cur->topic);
    cur->topic = NULL;
    ck_free(cur->hwm);
    ck_free(cur->parts);
    cur->hwm = NULL;
    cur->parts = NULL;
    cur->nparts = cur->pi = 0;
    cur->p = NULL;
    ck_wb_reset(&cur->buf);
    cur->pos = 0;
    cur->eof = true;
}

static int vt_close(sqlite3_vtab_cursor *c) {
    cursor *cur = (cursor *)c;
    vtab *tab = (vtab *)c->pVtab;
    cursor_reset(cur);
    ck_wb_free(&cur->buf);
    ck_wb_free(&cur->scratch);
    if (tab->hot) ck_sql_flat_free(&cur->flat);
    ck_free(cur->colfield);
    ck_free(cur);
    return SQLITE_OK;
}

static int cur_error(cursor *cur, const char *fmt, ...) CK_PRINTF(2, 3);
static int cur_error(cursor *cur, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sqlite3_vtab *vt = cur->base.pVtab;
    sqlite3_free(vt->zErrMsg);
    vt->zErrMsg = sqlite3_mprintf("%s", msg);
    cur->eof = true;
    return SQLITE_ERROR;
}

/* Opens partition cur->parts[cur->pi]: computes [start, end).  false when empty. */
static bool part_begin(cursor *cur) {
    vtab *tab = (vtab *)cur->base.pVtab;
    int32_t idx = cur->parts[cur->pi];
    ck_partition *p = ck_topic_partition(cur->topic, idx);
    if (!p) return false;
    ck_part_offsets o;
    ck_partition_offsets(p, &o);
    int64_t start = CK_MAX(o.log_start, cur->off_lo);
    if (tab->hot && tab->snap >= 0 && tab->snap < tab->conn->nsnaps) {
        const ck_sql_snap *s = &tab->conn->snaps[tab->snap];
        if (idx < s->n) start = CK_MAX(start, s->progress[idx]);
    }
    int64_t end = cur->hwm[idx];
    if (cur->off_hi < INT64_MAX) end = CK_MIN(end, cur->off_hi + 1);
    if (start >= end) return false;
    if (cur->ts_lo > 0) {
        int64_t off = -1, fts = -1;
        if (ck_partition_offset_for_time(p, cur->ts_lo, 0, &off, &fts) != 0 || off < 0) return false;
        start = CK_MAX(start, off);
        if (start >= end) return false;
    }
    if (cur->ts_hi >= 0 && cur->ts_hi < INT64_MAX) {
        /* The time index bounds the end too: the first record stamped after
         * ts_hi (exact for non-decreasing timestamps, see sql.h). */
        int64_t off = -1, fts = -1;
        if (ck_partition_offset_for_time(p, cur->ts_hi + 1, 0, &off, &fts) == 0 && off >= 0) end = CK_MIN(end, off);
        if (start >= end) return false;
    }
    cur->p = p;
    cur->start = cur->next = start;
    cur->end = end;
    ck_wb_reset(&cur->buf);
    cur->pos = 0;
    return true;
}

/* Moves to the next matching record; sets eof at the end.  SQLite code. */
static int advance(cursor *cur) {
    if (cur->cap >= 0 && cur->emitted >= cur->cap) {
        cur->eof = true;
        return SQLITE_OK;
    }
    for (;;) {
        if (cur->in_batch) {
            int r = ck_rec_iter_next(&cur->it, &cur->rec);
            if (r == 1) {
                ck_sql_count_scanned(1);
                if (cur->rec.offset < cur->start) continue;
                if (cur->rec.offset >= cur->end) {
                    ck_rec_iter_free(&cur->it);
                    cur->in_batch = false;
                    cur->p = NULL;
                    cur->pi++;
                    continue;
                }
                if (cur->rec.timestamp < cur->ts_lo || cur->rec.timestamp > cur->ts_hi) continue;
                cur->parsed = false;
                cur->emitted++;
                return SQLITE_OK;
            }
            if (r < 0) {
                int rc = cur_error(cur, "chronik: corrupt record in %s-%d: %s", ck_topic_name(cur->topic),
                                   (int)cur->parts[cur->pi], cur->it.err);
                ck_rec_iter_free(&cur->it);
                cur->in_batch = false;
                return rc;
            }
            ck_rec_iter_free(&cur->it);
            cur->in_batch = false;
            continue;
        }
        if (!cur->p) {
            if (cur->pi >= cur->nparts) {
                cur->eof = true;
                return SQLITE_OK;
            }
            if (!part_begin(cur)) {
                cur->pi++;
                continue;
            }
        }
        if (cur->pos + CK_BATCH_HEADER_SIZE <= cur->buf.len) {
            ck_batch_hdr h;
            const uint8_t *b = cur->buf.buf + cur->pos;
            size_t left = cur->buf.len - cur->pos;
            if (ck_batch_hdr_read(b, left, &h) != 0 || h.batch_length < CK_BATCH_HEADER_SIZE - CK_LOG_OVERHEAD ||
                ck_batch_size(&h) > left)
                return cur_error(cur, "chronik: truncated batch in the log of %s-%d", ck_topic_name(cur->topic),
                                 (int)cur->parts[cur->pi]);
            cur->pos += ck_batch_size(&h);
            if (ck_batch_is_control(&h) || ck_batch_last_offset(&h) < cur->start) continue;
            if (h.base_offset >= cur->end) {
                cur->pos = cur->buf.len;
                cur->next = cur->end;
                continue;
            }
            if (h.max_timestamp < cur->ts_lo && !(h.attributes & CK_ATTR_LOG_APPEND_TIME)) continue;
            if (ck_rec_iter_init(&cur->it, b, ck_batch_size(&h), (size_t)256 << 20) != 0) {
                int rc = cur_error(cur, "chronik: cannot decode a batch of %s: %s", ck_topic_name(cur->topic), cur->it.err);
                ck_rec_iter_free(&cur->it);
                return rc;
            }
            cur->in_batch = true;
            continue;
        }
        /* Buffer used up: read more of this partition, or go to the next. */
        ck_wb_reset(&cur->buf);
        cur->pos = 0;
        if (cur->next >= cur->end) {
            cur->p = NULL;
            cur->pi++;
            continue;
        }
        int64_t next = cur->next;
        int rc = ck_sql_read_batches(cur->p, cur->next, cur->end, cur->chunk, &cur->buf, &next);
        if (rc == CHRONIK_ERR_OFFSET_OUT_OF_RANGE) {
            /* Retention moved the log start past us: continue from there. */
            ck_part_offsets o;
            ck_partition_offsets(cur->p, &o);
            if (o.log_start > cur->next) {
                cur->next = cur->start = o.log_start;
                continue;
            }
        }
        if (rc != 0)
            return cur_error(cur, "chronik: reading %s-%d failed: %s", ck_topic_name(cur->topic),
                             (int)cur->parts[cur->pi], chronik_strerror((chronik_err_t)rc));
        if (next <= cur->next) {
            cur->next = cur->end; /* nothing readable: end of this partition */
            continue;
        }
        cur->next = next;
        if (cur->chunk < ((size_t)1 << 20)) cur->chunk *= 2;
    }
}

/* Converts a constraint value for an integer column into inclusive bounds
 * [*lo, *hi] the way SQLite compares (numbers sort before text and blobs;
 * NULL matches nothing).  Returns false when nothing can match. */
static bool apply_bound(sqlite3_value *v, char op, int64_t *lo, int64_t *hi) {
    int t = sqlite3_value_numeric_type(v);
    if (t == SQLITE_NULL) return false;
    if (t == SQLITE_TEXT || t == SQLITE_BLOB) {
        /* column < 'text' is true for every number, > is never. */
        return op == 'l' || op == 'L';
    }
    double d = sqlite3_value_double(v);
    int64_t iv = sqlite3_value_int64(v);
    bool exact = t == SQLITE_INTEGER;
    if (!exact) {
        if (isnan(d)) return false;
        if (d >= 9.2e18) { if (op == 'g' || op == 'G' || op == 'e') return false; return true; }
        if (d <= -9.2e18) { if (op == 'l' || op == 'L' || op == 'e') return false; return true; }
    }
    switch (op) {
    case 'e':
        if (!exact && floor(d) != d) return false;
        iv = exact ? iv : (int64_t)d;
        *lo = CK_MAX(*lo, iv);
        *hi = CK_MIN(*hi, iv);
        break;
    case 'g':
        iv = exact ? iv : (int64_t)floor(d);
        if (iv == INT64_MAX) return false;
        *lo = CK_MAX(*lo, iv + 1);
        break;
    case 'G':
        iv = exact ? iv : (int64_t)ceil(d);
        *lo = CK_MAX(*lo, iv);
        break;
    case 'l':
        iv = exact ? iv : (int64_t)ceil(d);
        if (iv == INT64_MIN) return false;
        *hi = CK_MIN(*hi, iv - 1);
        break;
    case 'L':
        iv = exact ? iv : (int64_t)floor(d);
        *hi = CK_MIN(*hi, iv);
        break;
    default: break;
    }
    return *lo <= *hi;
}

static int cmp_i32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static int vt_filter(sqlite3_vtab_cursor *c, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
    cursor *cur = (cursor *)c;
    vtab *tab = (vtab *)c->pVtab;
    (void)idxNum;
    cursor_reset(cur);
    cur->off_lo = 0;
    cur->off_hi = INT64_MAX;
    cur->ts_lo = INT64_MIN;
    cur->ts_hi = INT64_MAX;
    cur->cap = -1;
    cur->emitted = 0;
    int64_t limit = -1, skip = 0;
    bool ok = true;
    int64_t p_lo = 0, p_hi = INT32_MAX;     /* '=' on _partition */
    int32_t *in = NULL;
    int nin = 0, capin = 0;
    bool have_in = false;

    cur->topic = ck_engine_topic_get(tab->conn->sql->eng, tab->topic, strlen(tab->topic));
    if (!cur->topic) return SQLITE_OK; /* deleted since: no rows */
    cur->npart = ck_topic_partition_count(cur->topic);

    for (int i = 0; idxStr && idxStr[i] && i < argc && ok; i++) {
        char op = idxStr[i];
        sqlite3_value *v = argv[i];
        switch (op) {
        case 'p':
            ok = apply_bound(v, 'e', &p_lo, &p_hi);
            break;
        case 'P': {
            sqlite3_value *x = NULL;
            int32_t *got = NULL;
            int ngot = 0, capgot = 0;
            for (int rc = sqlite3_vtab_in_first(v, &x); rc == SQLITE_OK && x; rc = sqlite3_vtab_in_next(v, &x)) {
                int64_t lo = 0, hi = INT32_MAX;
                if (!apply_bound(x, 'e', &lo, &hi)) continue;
                if (ngot == capgot) {
                    capgot = capgot ? capgot * 2 : 8;
                    got = ck_realloc(got, (size_t)capgot * sizeof(*got));
                }
                got[ngot++] = (int32_t)lo;
            }
            if (!have_in) {
                in = got;
                nin = ngot;
                capin = capgot;
                have_in = true;
            } else { /* intersect two IN lists */
                int k = 0;
                for (int a = 0; a < nin; a++)
                    for (int b = 0; b < ngot; b++)
                        if (in[a] == got[b]) { in[k++] = in[a]; break; }
                nin = k;
                ck_free(got);
            }
            break;
        }
        case 'e': case 'g': case 'G': case 'l': case 'L':
            ok = apply_bound(v, op, &cur->off_lo, &cur->off_hi);
            break;
        case 't': case 'h': case 'H': case 'm': case 'M': {
            static const char map[] = { 't', 'e', 'h', 'g', 'H', 'G', 'm', 'l', 'M', 'L' };
            char o2 = op;
            for (size_t k = 0; k < sizeof(map); k += 2) if (map[k] == op) o2 = map[k + 1];
            ok = apply_bound(v, o2, &cur->ts_lo, &cur->ts_hi);
            break;
        }
        case 'n':
            limit = sqlite3_value_int64(v);
            break;
        case 'o':
            skip = sqlite3_value_int64(v);
            break;
        default: break;
        }
    }
    (void)capin;
    if (limit >= 0) cur->cap = limit + (skip > 0 ? skip : 0);
    if (!ok || cur->cap == 0) goto out;

    cur->hwm = ck_calloc((size_t)(cur->npart > 0 ? cur->npart : 1), sizeof(int64_t));
    for (int32_t i = 0; i < cur->npart; i++) {
        ck_part_offsets o;
        ck_partition_offsets(ck_topic_partition(cur->topic, i), &o);
        cur->hwm[i] = o.high_watermark;
    }
    cur->parts = ck_malloc((size_t)(cur->npart > 0 ? cur->npart : 1) * sizeof(int32_t));
    if (have_in) {
        qsort(in, (size_t)nin, sizeof(*in), cmp_i32);
        for (int i = 0; i < nin; i++) {
            if (i > 0 && in[i] == in[i - 1]) continue;
            if (in[i] < p_lo || in[i] > p_hi || in[i] < 0 || in[i] >= cur->npart) continue;
            cur->parts[cur->nparts++] = in[i];
        }
    } else {
        for (int64_t i = CK_MAX(p_lo, 0); i <= p_hi && i < cur->npart; i++) cur->parts[cur->nparts++] = (int32_t)i;
    }
    cur->chunk = cur->cap >= 0 && cur->cap < 100 ? 16384 : 262144;
    cur->eof = false;
    ck_free(in);
    return advance(cur);
out:
    ck_free(in);
    cur->eof = true;
    return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *c) { return advance((cursor *)c); }
static int vt_eof(sqlite3_vtab_cursor *c) { return ((cursor *)c)->eof; }

static void headers_json(cursor *cur, sqlite3_context *ctx) {
    ck_wb *wb = &cur->scratch;
    ck_wb_reset(wb);
    ck_wb_i8(wb, '{');
    ck_rd rd;
    ck_rd_init(&rd, cur->rec.headers, cur->rec.headers_len);
    ck_rec_header h;
    for (int32_t i = 0; i < cur->rec.header_count && ck_rec_headers_next(&rd, &h) == 1; i++) {
        if (i > 0) ck_wb_i8(wb, ',');
        ck_json_str(wb, (const char *)h.key, (size_t)(h.key_len > 0 ? h.key_len : 0));
        ck_wb_i8(wb, ':');
        if (h.value_len < 0) ck_json_raw(wb, "null");
        else ck_json_str(wb, (const char *)h.value, (size_t)h.value_len);
    }
    ck_wb_i8(wb, '}');
    sqlite3_result_text(ctx, (const char *)wb->buf, (int)wb->len, SQLITE_TRANSIENT);
}

static void hot_column(cursor *cur, vtab *tab, int col, sqlite3_context *ctx) {
    if (!cur->parsed) {
        cur->parsed = true;
        for (int i = 0; i < tab->cols.n; i++) cur->colfield[i] = -1;
        if (cur->rec.value_len > 0 && ck_sql_flatten(&cur->flat, cur->rec.value, (size_t)cur->rec.value_len) == 0) {
            for (size_t i = 0; i < cur->flat.n; i++) {
                const ck_sql_field *f = &cur->flat.f[i];
                int k = ck_sql_schema_find(&tab->cols, (const char *)cur->flat.names.buf + f->name_off, f->name_len);
                if (k >= 0) cur->colfield[k] = (int)i;
            }
        }
    }
    int fi = cur->colfield[col];
    if (fi < 0) {
        sqlite3_result_null(ctx);
        return;
    }
    ck_sql_cell cell;
    ck_sql_field_cell(&cur->flat, &cur->flat.f[fi], tab->cols.cols[col].type, &cell);
    switch (cell.type) {
    case CHRONIK_SQL_INTEGER: sqlite3_result_int64(ctx, cell.i); break;
    case CHRONIK_SQL_REAL: sqlite3_result_double(ctx, cell.r); break;
    case CHRONIK_SQL_TEXT: sqlite3_result_text(ctx, cell.s, (int)cell.len, SQLITE_TRANSIENT); break;
    default: sqlite3_result_null(ctx); break;
    }
}

static int vt_column(sqlite3_vtab_cursor *c, sqlite3_context *ctx, int col) {
    cursor *cur = (cursor *)c;
    vtab *tab = (vtab *)c->pVtab;
    switch (col) {
    case COL_PART: sqlite3_result_int(ctx, cur->parts[cur->pi]); return SQLITE_OK;
    case COL_OFF: sqlite3_result_int64(ctx, cur->rec.offset); return SQLITE_OK;
    case COL_TS: sqlite3_result_int64(ctx, cur->rec.timestamp); return SQLITE_OK;
    case COL_KEY: ck_sql_result_bytes(ctx, cur->rec.key, cur->rec.key_len); return SQLITE_OK;
    default: break;
    }
    if (tab->hot) {
        if (col - 4 < tab->cols.n) hot_column(cur, tab, col - 4, ctx);
        else sqlite3_result_null(ctx);
    } else if (col == COL_VAL) {
        ck_sql_result_bytes(ctx, cur->rec.value, cur->rec.value_len);
    } else {
        headers_json(cur, ctx);
    }
    return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *c, sqlite_int64 *rowid) {
    cursor *cur = (cursor *)c;
    *rowid = ((int64_t)cur->parts[cur->pi] << 44) | (cur->rec.offset & (((int64_t)1 << 44) - 1));
    return SQLITE_OK;
}

static sqlite3_module chronik_module = {
    .iVersion = 0,
    .xCreate = vt_connect,
    .xConnect = vt_connect,
    .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect,
    .xDestroy = vt_disconnect,
    .xOpen = vt_open,
    .xClose = vt_close,
    .xFilter = vt_filter,
    .xNext = vt_next,
    .xEof = vt_eof,
    .xColumn = vt_column,
    .xRowid = vt_rowid,
};

int ck_sql_vtab_register(ck_sql_conn *conn) {
    return sqlite3_create_module_v2(conn->db, "chronik", &chronik_module, conn, NULL);
}

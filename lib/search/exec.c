/*
 * exec.c — runs a compiled search over the FTS5 indexes of the topics it
 * names (see query.c for the two evaluation paths), sorts and pages the
 * hits, reads each returned hit's record back from the log for _source
 * (filtered by includes / excludes) and highlights the query's terms with
 * the index's own FTS5 tokenizer (so stemming, diacritics and trigrams
 * match what the index matched).
 */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "search/search_query.h"

/* ===================================================================== */
/* rowid -> (score, ts) map                                              */
/* ===================================================================== */

typedef struct imap {
    int64_t *key;
    double  *score;
    int64_t *ts;
    size_t   cap, n;
} imap;

static void imap_init(imap *m) { memset(m, 0, sizeof(*m)); }

static void imap_free(imap *m) {
    ck_free(m->key);
    ck_free(m->score);
    ck_free(m->ts);
    memset(m, 0, sizeof(*m));
}

static size_t imap_slot(const imap *m, int64_t k) {
    uint64_t h = (uint64_t)k * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & (m->cap - 1);
}

static void imap_put(imap *m, int64_t k, double score, int64_t ts);

static void imap_grow(imap *m) {
    imap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->n = 0;
    m->key = ck_malloc(m->cap * sizeof(int64_t));
    m->score = ck_malloc(m->cap * sizeof(double));
    m->ts = ck_malloc(m->cap * sizeof(int64_t));
    for (size_t i = 0; i < m->cap; i++) m->key[i] = -1;
    for (size_t i = 0; i < old.cap; i++)
        if (old.key[i] >= 0) imap_put(m, old.key[i], old.score[i], old.ts[i]);
    imap_free(&old);
}

static void imap_put(imap *m, int64_t k, double score, int64_t ts) {
    if ((m->n + 1) * 2 > m->cap) imap_grow(m);
    size_t i = imap_slot(m, k);
    while (m->key[i] >= 0 && m->key[i] != k) i = (i + 1) & (m->cap - 1);
    if (m->key[i] < 0) m->n++;
    m->key[i] = k;
    m->score[i] = score;
    m->ts[i] = ts;
}

static bool imap_get(const imap *m, int64_t k, double *score) {
    if (!m->cap) return false;
    size_t i = imap_slot(m, k);
    while (m->key[i] >= 0) {
        if (m->key[i] == k) {
            if (score) *score = m->score[i];
            return true;
        }
        i = (i + 1) & (m->cap - 1);
    }
    return false;
}

/* ===================================================================== */
/* Per-topic context                                                     */
/* ===================================================================== */

typedef struct leaf_res {
    bool  done;
    bool  empty;           /* the leaf cannot match in this topic */
    imap  m;
} leaf_res;

typedef struct tctx {
    ck_sq           *q;
    ck_sidx         *idx;
    int              ti;             /* topic index in the request */
    ck_sidx_fields   f;
    sqlite3         *db;
    int32_t          np;
    int64_t         *start, *hwm;    /* snapshot per partition */
    leaf_res        *leaves;
    int              nleaves;
    ck_srec_reader  *rd;             /* per partition, lazily initialised */
    bool            *rd_live;
    bool             failed;
    imap           **owned;          /* candidate unions built for this topic */
    int              nowned;
} tctx;

/* One document being evaluated. */
typedef struct doc {
    tctx          *t;
    int64_t        rowid, ts;
    int32_t        part;
    int64_t        offset;
    int            loaded;           /* 0 no, 1 yes, -1 gone */
    ck_rec         rec;
    const ck_sj   *root;             /* the JSON value, or NULL */
    ck_arena      *arena;
} doc;

typedef struct hit {
    int32_t  ti;
    int64_t  rowid, ts;
    double   score;
    double   fnum[8];
    char    *fstr[8];
    int8_t   fkind[8];               /* 0 missing, 1 number, 2 string */
} hit;

static bool snapshot_has(const tctx *t, int64_t rowid) {
    int32_t p = (int32_t)(rowid >> CK_SEARCH_OFFSET_BITS);
    int64_t off = rowid & CK_SEARCH_OFFSET_MASK;
    return p >= 0 && p < t->np && off >= t->start[p] && off < t->hwm[p];
}

/* ===================================================================== */
/* FTS5 expressions                                                      */
/* ===================================================================== */

static bool has_wild(const char *s) { return strpbrk(s, "*?") != NULL; }

/* The column filter of a leaf: "{c0 c3}" or "" (every column); false when
 * no column of this topic can hold the fields. */
static bool leaf_columns(const tctx *t, const ck_sq_node *n, ck_wb *out) {
    if (n->nfields == 0) return true;
    bool cols[CK_SCOL_COUNT] = { false };
    int ncols = 0;
    for (int i = 0; i < n->nfields; i++) {
        const char *f = n->fields[i];
        if (has_wild(f)) {
            for (int s = 0; s < t->f.nslots; s++)
                if (fnmatch(f, t->f.slot[s], 0) == 0 && !cols[CK_SCOL_SLOT0 + s])
                    cols[CK_SCOL_SLOT0 + s] = true, ncols++;
            if (t->f.key && fnmatch(f, "_key", 0) == 0 && !cols[CK_SCOL_KEY]) cols[CK_SCOL_KEY] = true, ncols++;
            if (t->f.rest_used && !cols[CK_SCOL_REST]) cols[CK_SCOL_REST] = true, ncols++;
            continue;
        }
        if (!strcmp(f, "_key")) {
            if (t->f.key && !cols[CK_SCOL_KEY]) cols[CK_SCOL_KEY] = true, ncols++;
            continue;
        }
        bool found = false;
        for (int s = 0; s < t->f.nslots; s++) {
            if (!strcmp(f, t->f.slot[s])) {
                if (!cols[CK_SCOL_SLOT0 + s]) cols[CK_SCOL_SLOT0 + s] = true, ncols++;
                found = true;
                break;
            }
        }
        /* A field beyond the slots lives in "rest" (shared). */
        if (!found && t->f.rest_used && !cols[CK_SCOL_REST]) cols[CK_SCOL_REST] = true, ncols++;
    }
    if (ncols == 0) return false;
    ck_wb_i8(out, '{');
    bool first = true;
    for (int c = CK_SCOL_KEY; c < CK_SCOL_COUNT; c++) {
        if (!cols[c]) continue;
        if (!first) ck_wb_i8(out, ' ');
        first = false;
        char name[16];
        if (c == CK_SCOL_KEY) snprintf(name, sizeof(name), "_key");
        else if (c == CK_SCOL_REST) snprintf(name, sizeof(name), "rest");
        else snprintf(name, sizeof(name), "c%d", c - CK_SCOL_SLOT0);
        ck_json_raw(out, name);
    }
    ck_json_raw(out, "} : ");
    return true;
}

static void fts_quote(ck_wb *out, const char *s, size_t n) {
    ck_wb_i8(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') ck_wb_i8(out, '"');
        ck_wb_i8(out, s[i]);
    }
    ck_wb_i8(out, '"');
}

static bool word_char(bool trigram, unsigned char c) {
    return trigram ? (c && !isspace(c)) : (isalnum(c) || c >= 0x80);
}

/* The words of text (see split in query.c): [start, end) pairs. */
static int words_of(const char *text, bool trigram, const char **ws, size_t *wl, int max) {
    int n = 0;
    const char *p = text;
    while (*p && n < max) {
        while (*p && !word_char(trigram, (unsigned char)*p)) p++;
        const char *s = p;
        while (*p && word_char(trigram, (unsigned char)*p)) p++;
        if (p > s) ws[n] = s, wl[n] = (size_t)(p - s), n++;
    }
    return n;
}

#define MAX_WORDS 256

/* Appends the FTS5 expression of leaf n; false when it cannot match. */
static bool leaf_expr(const tctx *t, const ck_sq_node *n, ck_wb *out) {
    bool trigram = t->f.analyzer == CK_SAN_TRIGRAM;
    const char *ws[MAX_WORDS];
    size_t wl[MAX_WORDS];
    int nw = words_of(n->text, trigram, ws, wl, MAX_WORDS);
    if (nw == 0) return false;
    size_t mark = out->len;
    if (!leaf_columns(t, n, out)) {
        out->len = mark;
        return false;
    }
    switch (n->fkind) {
    case CK_SQF_TERMS:
        ck_wb_i8(out, '(');
        for (int i = 0; i < nw; i++) {
            if (i) ck_json_raw(out, n->op_and ? " AND " : " OR ");
            fts_quote(out, ws[i], wl[i]);
        }
        ck_wb_i8(out, ')');
        break;
    case CK_SQF_PHRASE:
    case CK_SQF_PHRASE_PREFIX: {
        ck_wb ph;
        ck_wb_init(&ph, 64);
        for (int i = 0; i < nw; i++) {
            if (i) ck_wb_i8(&ph, ' ');
            ck_wb_put(&ph, ws[i], wl[i]);
        }
        ck_wb_i8(out, '(');
        fts_quote(out, (const char *)ph.buf, ph.len);
        if (n->fkind == CK_SQF_PHRASE_PREFIX && !trigram) ck_json_raw(out, " *");
        ck_wb_i8(out, ')');
        ck_wb_free(&ph);
        break;
    }
    case CK_SQF_PREFIX:
        ck_wb_i8(out, '(');
        for (int i = 0; i < nw; i++) {
            if (i) ck_json_raw(out, " AND ");
            fts_quote(out, ws[i], wl[i]);
            if (!trigram && i == nw - 1) ck_json_raw(out, " *");
        }
        ck_wb_i8(out, ')');
        break;
    }
    return true;
}

/* The full-text leaves of the tree get ids. */
static void number_leaves(ck_sq_node *n, int *next) {
    if (!n) return;
    if (n->kind == CK_SQN_FTS) n->leaf_id = (*next)++;
    if (n->kind != CK_SQN_BOOL) return;
    for (int i = 0; i < n->nmust; i++) number_leaves(n->must[i], next);
    for (int i = 0; i < n->nshould; i++) number_leaves(n->should[i], next);
    for (int i = 0; i < n->nmust_not; i++) number_leaves(n->must_not[i], next);
    for (int i = 0; i < n->nfilter; i++) number_leaves(n->filter[i], next);
}

static bool timed_out(const ck_sq *q) { return q->deadline_ms > 0 && ck_mono_ms() >= q->deadline_ms; }

static int progress_cb(void *ud) { return timed_out(ud) ? 1 : 0; }

/* Runs leaf n on t's index (once). */
static leaf_res *leaf_run(tctx *t, const ck_sq_node *n) {
    leaf_res *lr = &t->leaves[n->leaf_id];
    if (lr->done) return lr;
    lr->done = true;
    imap_init(&lr->m);
    ck_wb e;
    ck_wb_init(&e, 128);
    if (!leaf_expr(t, n, &e)) {
        lr->empty = true;
        ck_wb_free(&e);
        return lr;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(t->db, "SELECT rowid, ts, -bm25(docs) FROM docs WHERE docs MATCH ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        t->failed = true;
        ck_wb_free(&e);
        return lr;
    }
    sqlite3_bind_text(st, 1, (const char *)e.buf, (int)e.len, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t rowid = sqlite3_column_int64(st, 0);
        if (!snapshot_has(t, rowid)) continue;
        imap_put(&lr->m, rowid, sqlite3_column_double(st, 2), sqlite3_column_int64(st, 1));
    }
    if (rc != SQLITE_DONE) {
        if (timed_out(t->q)) {
            /* partial: the caller reports timed_out */
        } else {
            CK_DEBUG(CK_SEARCH_SUB, "search: %s: MATCH %.*s: %s", t->idx->name, (int)e.len, (const char *)e.buf,
                     sqlite3_errmsg(t->db));
            /* An expression FTS5 rejects (e.g. a word its tokenizer drops
             * entirely) matches nothing. */
        }
    }
    sqlite3_finalize(st);
    ck_wb_free(&e);
    return lr;
}

/* ===================================================================== */
/* Documents: the record behind a rowid                                  */
/* ===================================================================== */

static int doc_load(doc *d) {
    if (d->loaded) return d->loaded;
    tctx *t = d->t;
    if (d->part < 0 || d->part >= t->np) return d->loaded = -1;
    if (!t->rd_live[d->part]) {
        ck_srec_reader_init(&t->rd[d->part], ck_topic_partition(t->idx->topic, d->part));
        t->rd_live[d->part] = true;
    }
    int rc = ck_srec_reader_get(&t->rd[d->part], d->offset, &d->rec);
    if (rc != 1) return d->loaded = -1;
    d->root = NULL;
    if (d->rec.value_len > 0) {
        const uint8_t *v = d->rec.value;
        size_t i = 0;
        while (i < (size_t)d->rec.value_len && isspace(v[i])) i++;
        if (i < (size_t)d->rec.value_len && (v[i] == '{' || v[i] == '[' || v[i] == '"' || v[i] == '-' ||
                                              isdigit(v[i]) || v[i] == 't' || v[i] == 'f' || v[i] == 'n'))
            d->root = ck_sj_parse(d->arena, (const char *)v, (size_t)d->rec.value_len, 64, NULL, 0);
    }
    return d->loaded = 1;
}

/* The JSON value of field in d (NULL when absent); "value" is the whole
 * value when it is not a JSON object. */
static const ck_sj *doc_field(doc *d, const char *field, ck_sj *tmp) {
    if (doc_load(d) != 1) return NULL;
    if (d->root && d->root->type == CK_SJ_OBJECT) return ck_sj_path(d->root, field, strlen(field));
    if (strcmp(field, "value")) return NULL;
    if (d->root) return d->root;
    if (d->rec.value_len < 0) return NULL;
    memset(tmp, 0, sizeof(*tmp));
    tmp->type = CK_SJ_STRING;
    tmp->s = (const char *)d->rec.value;
    tmp->len = (size_t)d->rec.value_len;
    return tmp;
}

/* A meta field as a number or string: 1 number, 2 string, 0 not meta. */
static int meta_value(doc *d, const char *field, double *num, const char **str, size_t *len, char *buf, size_t blen) {
    if (!strcmp(field, "_partition")) return *num = d->part, 1;
    if (!strcmp(field, "_offset")) return *num = (double)d->offset, 1;
    if (!strcmp(field, "_timestamp")) return *num = (double)d->ts, 1;
    if (!strcmp(field, "_id")) {
        snprintf(buf, blen, "%s-%d-%lld", d->t->idx->name, (int)d->part, (long long)d->offset);
        *str = buf;
        *len = strlen(buf);
        return 2;
    }
    if (!strcmp(field, "_index")) {
        *str = d->t->idx->name;
        *len = strlen(*str);
        return 2;
    }
    if (!strcmp(field, "_key")) {
        if (doc_load(d) != 1 || d->rec.key_len < 0) return -1;
        *str = (const char *)d->rec.key;
        *len = (size_t)d->rec.key_len;
        return 2;
    }
    return 0;
}

static bool sj_number(const ck_sj *v, double *out) {
    if (v->type == CK_SJ_NUMBER) {
        *out = v->num;
        return true;
    }
    if (v->type == CK_SJ_STRING && v->len > 0) {
        char *end = NULL;
        *out = strtod(v->s, &end);
        return end && *end == 0;
    }
    return false;
}

/* Does query value qv equal the field value (number or string)? */
static bool value_equal(const ck_sj *qv, int kind, double num, const char *str, size_t len) {
    if (kind == 1) {
        double x;
        if (qv->type == CK_SJ_STRING) {
            int64_t ms;
            if (ck_sq_parse_date(qv->s, qv->len, &ms) && !sj_number(qv, &x)) return (double)ms == num;
        }
        return sj_number(qv, &x) && x == num;
    }
    switch (qv->type) {
    case CK_SJ_STRING: return qv->len == len && memcmp(qv->s, str, len) == 0;
    case CK_SJ_NUMBER: {
        char *end = NULL;
        char b[64];
        if (len == 0 || len >= sizeof(b)) return false;
        memcpy(b, str, len);
        b[len] = 0;
        double x = strtod(b, &end);
        return end && *end == 0 && x == qv->num;
    }
    case CK_SJ_TRUE: return len == 4 && !memcmp(str, "true", 4);
    case CK_SJ_FALSE: return len == 5 && !memcmp(str, "false", 5);
    default: return false;
    }
}

static bool json_value_equal(const ck_sj *qv, const ck_sj *fv) {
    switch (fv->type) {
    case CK_SJ_STRING: return value_equal(qv, 2, 0, fv->s, fv->len);
    case CK_SJ_NUMBER: {
        double x;
        return sj_number(qv, &x) && x == fv->num;
    }
    case CK_SJ_TRUE: return qv->type == CK_SJ_TRUE || (qv->type == CK_SJ_STRING && !strcmp(qv->s, "true"));
    case CK_SJ_FALSE: return qv->type == CK_SJ_FALSE || (qv->type == CK_SJ_STRING && !strcmp(qv->s, "false"));
    case CK_SJ_ARRAY:
        for (size_t i = 0; i < fv->n; i++)
            if (json_value_equal(qv, &fv->kids[i])) return true;
        return false;
    default: return false;
    }
}

static bool in_range_num(const ck_sq_node *n, double x) {
    if (n->lo.set) {
        if (!n->lo.is_num) return false;
        if (n->lo.incl ? x < n->lo.num : x <= n->lo.num) return false;
    }
    if (n->hi.set) {
        if (!n->hi.is_num) return false;
        if (n->hi.incl ? x > n->hi.num : x >= n->hi.num) return false;
    }
    return true;
}

static bool in_range_str(const ck_sq_node *n, const char *s, size_t len) {
    if (n->lo.set) {
        const char *b = n->lo.str;
        if (!b) return false;
        size_t bl = strlen(b);
        int c = memcmp(s, b, CK_MIN(len, bl));
        if (c == 0) c = len < bl ? -1 : len > bl ? 1 : 0;
        if (n->lo.incl ? c < 0 : c <= 0) return false;
    }
    if (n->hi.set) {
        const char *b = n->hi.str;
        if (!b) return false;
        size_t bl = strlen(b);
        int c = memcmp(s, b, CK_MIN(len, bl));
        if (c == 0) c = len < bl ? -1 : len > bl ? 1 : 0;
        if (n->hi.incl ? c > 0 : c >= 0) return false;
    }
    return true;
}

static bool json_in_range(const ck_sq_node *n, const ck_sj *fv) {
    if (fv->type == CK_SJ_ARRAY) {
        for (size_t i = 0; i < fv->n; i++)
            if (json_in_range(n, &fv->kids[i])) return true;
        return false;
    }
    bool want_num = (n->lo.set && n->lo.is_num) || (n->hi.set && n->hi.is_num);
    if (fv->type == CK_SJ_NUMBER) return want_num && in_range_num(n, fv->num);
    if (fv->type == CK_SJ_STRING) {
        if (want_num) {
            double x;
            int64_t ms;
            bool date = (n->lo.set && n->lo.is_date) || (n->hi.set && n->hi.is_date);
            if (date && ck_sq_parse_date(fv->s, fv->len, &ms)) return in_range_num(n, (double)ms);
            if (sj_number(fv, &x)) return in_range_num(n, x);
            return false;
        }
        return in_range_str(n, fv->s, fv->len);
    }
    return false;
}

/* ===================================================================== */
/* Evaluation                                                            */
/* ===================================================================== */

static bool eval(tctx *t, ck_sq_node *n, doc *d, double *score);

static bool eval_value_leaf(tctx *t, ck_sq_node *n, doc *d) {
    (void)t;
    double num = 0;
    const char *str = NULL;
    size_t len = 0;
    char buf[300];
    int mk = meta_value(d, n->field, &num, &str, &len, buf, sizeof(buf));
    if (mk < 0) return false;
    if (mk > 0) {
        switch (n->kind) {
        case CK_SQN_EXISTS: return true;
        case CK_SQN_TERM:
            for (int i = 0; i < n->nvalues; i++)
                if (value_equal(&n->values[i], mk, num, str, len)) return true;
            return false;
        case CK_SQN_RANGE:
            return mk == 1 ? in_range_num(n, num) : in_range_str(n, str, len);
        }
        return false;
    }
    ck_sj tmp;
    const ck_sj *fv = doc_field(d, n->field, &tmp);
    if (!fv || fv->type == CK_SJ_NULL) return false;
    switch (n->kind) {
    case CK_SQN_EXISTS: return fv->type != CK_SJ_ARRAY || fv->n > 0;
    case CK_SQN_TERM:
        for (int i = 0; i < n->nvalues; i++)
            if (json_value_equal(&n->values[i], fv)) return true;
        return false;
    case CK_SQN_RANGE: return json_in_range(n, fv);
    }
    return false;
}

static bool eval(tctx *t, ck_sq_node *n, doc *d, double *score) {
    *score = 0;
    switch (n->kind) {
    case CK_SQN_ALL: *score = n->boost; return true;
    case CK_SQN_NONE: return false;
    case CK_SQN_FTS: {
        leaf_res *lr = leaf_run(t, n);
        double s;
        if (lr->empty || !imap_get(&lr->m, d->rowid, &s)) return false;
        *score = s * n->boost;
        return true;
    }
    case CK_SQN_TERM:
    case CK_SQN_RANGE:
    case CK_SQN_EXISTS:
        if (!eval_value_leaf(t, n, d)) return false;
        *score = n->boost;
        return true;
    case CK_SQN_BOOL: {
        double sum = 0, s;
        for (int i = 0; i < n->nfilter; i++)
            if (!eval(t, n->filter[i], d, &s)) return false;
        for (int i = 0; i < n->nmust; i++) {
            if (!eval(t, n->must[i], d, &s)) return false;
            sum += s;
        }
        for (int i = 0; i < n->nmust_not; i++)
            if (eval(t, n->must_not[i], d, &s)) return false;
        int need = n->msm >= 0 ? n->msm : (n->nmust + n->nfilter == 0 && n->nshould > 0 ? 1 : 0);
        int got = 0;
        for (int i = 0; i < n->nshould; i++) {
            if (eval(t, n->should[i], d, &s)) {
                got++;
                sum += s;
            }
        }
        if (got < need) return false;
        *score = n->constant ? n->boost : sum * n->boost;
        return true;
    }
    }
    return false;
}

/* Candidate rowids: a superset of the matches, or NULL for every document. */
static imap *candidates(tctx *t, ck_sq_node *n, bool *none) {
    switch (n->kind) {
    case CK_SQN_NONE: *none = true; return NULL;
    case CK_SQN_FTS: {
        leaf_res *lr = leaf_run(t, n);
        if (lr->empty) *none = true;
        return &lr->m;
    }
    case CK_SQN_BOOL: {
        imap *best = NULL;
        for (int i = 0; i < n->nmust + n->nfilter; i++) {
            ck_sq_node *c = i < n->nmust ? n->must[i] : n->filter[i - n->nmust];
            bool cn = false;
            imap *m = candidates(t, c, &cn);
            if (cn) {
                *none = true;
                return NULL;
            }
            if (m && (!best || m->n < best->n)) best = m;
        }
        if (best || n->nmust + n->nfilter > 0) return best;
        int need = n->msm >= 0 ? n->msm : (n->nshould > 0 ? 1 : 0);
        if (need <= 0) return NULL;
        /* Only should clauses: the union of theirs, when each is finite. */
        imap *u = ck_calloc(1, sizeof(*u));
        imap_init(u);
        for (int i = 0; i < n->nshould; i++) {
            bool cn = false;
            imap *m = candidates(t, n->should[i], &cn);
            if (cn) continue;
            if (!m) {
                imap_free(u);
                ck_free(u);
                return NULL;
            }
            for (size_t k = 0; k < m->cap; k++)
                if (m->key[k] >= 0) imap_put(u, m->key[k], 0, m->ts[k]);
        }
        /* Freed with the topic's context. */
        t->owned = ck_realloc(t->owned, (size_t)(t->nowned + 1) * sizeof(imap *));
        t->owned[t->nowned++] = u;
        return u;
    }
    default: return NULL;
    }
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* ===================================================================== */
/* Sort keys                                                             */
/* ===================================================================== */

static void hit_sort_values(ck_sq *q, doc *d, hit *h) {
    for (int i = 0; i < q->nsort && i < 8; i++) {
        if (q->sort[i].kind != CK_SQS_FIELD) continue;
        const char *f = q->sort[i].field;
        double num = 0;
        const char *str = NULL;
        size_t len = 0;
        char buf[300];
        int mk = meta_value(d, f, &num, &str, &len, buf, sizeof(buf));
        h->fkind[i] = 0;
        if (mk == 1) h->fnum[i] = num, h->fkind[i] = 1;
        else if (mk == 2) h->fstr[i] = ck_strndup(str, len), h->fkind[i] = 2;
        else if (mk == 0) {
            ck_sj tmp;
            const ck_sj *fv = doc_field(d, f, &tmp);
            if (fv && fv->type == CK_SJ_ARRAY && fv->n > 0) fv = &fv->kids[0];
            if (fv && fv->type == CK_SJ_NUMBER) h->fnum[i] = fv->num, h->fkind[i] = 1;
            else if (fv && fv->type == CK_SJ_STRING) h->fstr[i] = ck_strndup(fv->s, fv->len), h->fkind[i] = 2;
            else if (fv && (fv->type == CK_SJ_TRUE || fv->type == CK_SJ_FALSE))
                h->fnum[i] = fv->type == CK_SJ_TRUE, h->fkind[i] = 1;
        }
    }
}

static const ck_sq *g_sort_q; /* qsort has no context argument: set under sort_lock */
static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

static int hit_cmp(const void *a, const void *b) {
    const hit *x = a, *y = b;
    const ck_sq *q = g_sort_q;
    for (int i = 0; i < q->nsort && i < 8; i++) {
        const ck_sq_sort *s = &q->sort[i];
        int c = 0;
        switch (s->kind) {
        case CK_SQS_SCORE: c = x->score < y->score ? -1 : x->score > y->score; break;
        case CK_SQS_OFFSET: {
            int64_t ox = x->rowid & CK_SEARCH_OFFSET_MASK, oy = y->rowid & CK_SEARCH_OFFSET_MASK;
            c = ox < oy ? -1 : ox > oy;
            break;
        }
        case CK_SQS_TIMESTAMP: c = x->ts < y->ts ? -1 : x->ts > y->ts; break;
        case CK_SQS_PARTITION: {
            int64_t px = x->rowid >> CK_SEARCH_OFFSET_BITS, py = y->rowid >> CK_SEARCH_OFFSET_BITS;
            c = px < py ? -1 : px > py;
            break;
        }
        case CK_SQS_DOC: c = x->ti != y->ti ? (x->ti < y->ti ? -1 : 1) : (x->rowid < y->rowid ? -1 : x->rowid > y->rowid); break;
        case CK_SQS_FIELD:
            if (i >= 8) break;
            if (x->fkind[i] == 0 || y->fkind[i] == 0) {
                /* Missing values sort last in both orders. */
                if (x->fkind[i] != y->fkind[i]) return x->fkind[i] == 0 ? 1 : -1;
                break;
            }
            if (x->fkind[i] != y->fkind[i]) c = x->fkind[i] < y->fkind[i] ? -1 : 1;
            else if (x->fkind[i] == 1) c = x->fnum[i] < y->fnum[i] ? -1 : x->fnum[i] > y->fnum[i];
            else c = strcmp(x->fstr[i], y->fstr[i]);
            break;
        }
        if (s->desc) c = -c;
        if (c) return c;
    }
    /* Ties: topic, then (partition, offset), so pages are stable. */
    if (x->ti != y->ti) return x->ti < y->ti ? -1 : 1;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static void sort_hits(const ck_sq *q, hit *hits, size_t n) {
    if (n < 2) return;
    pthread_mutex_lock(&sort_lock);
    g_sort_q = q;
    qsort(hits, n, sizeof(*hits), hit_cmp);
    g_sort_q = NULL;
    pthread_mutex_unlock(&sort_lock);
}

/* ===================================================================== */
/* Fast path: the whole query as one FTS5 expression                     */
/* ===================================================================== */

static bool is_meta_filter(const ck_sq_node *n) {
    if (n->kind != CK_SQN_RANGE && n->kind != CK_SQN_TERM) return false;
    return !strcmp(n->field, "_timestamp") || !strcmp(n->field, "_partition") || !strcmp(n->field, "_offset");
}

/* A pure full-text subtree as an FTS5 expression. */
static bool fts_only(const tctx *t, const ck_sq_node *n, ck_wb *out) {
    if (n->boost != 1.0) return false;
    if (n->kind == CK_SQN_FTS) return leaf_expr(t, n, out);
    if (n->kind != CK_SQN_BOOL || n->constant || n->nfilter > 0 || n->msm > 1) return false;
    if (n->nmust > 0 && n->nshould > 0) return false;
    if (n->nmust + n->nshould == 0) return false;
    ck_wb_i8(out, '(');
    int cnt = n->nmust ? n->nmust : n->nshould;
    for (int i = 0; i < cnt; i++) {
        if (i) ck_json_raw(out, n->nmust ? " AND " : " OR ");
        if (!fts_only(t, n->nmust ? n->must[i] : n->should[i], out)) return false;
    }
    ck_wb_i8(out, ')');
    if (n->nmust_not) {
        ck_json_raw(out, " NOT (");
        for (int i = 0; i < n->nmust_not; i++) {
            if (i) ck_json_raw(out, " OR ");
            if (!fts_only(t, n->must_not[i], out)) return false;
        }
        ck_wb_i8(out, ')');
    }
    return true;
}

static void meta_cond(const ck_sq_node *n, ck_wb *c) {
    char b[160];
    const char *col = !strcmp(n->field, "_timestamp") ? "ts"
                      : !strcmp(n->field, "_partition") ? "(rowid >> 40)" : "(rowid & 1099511627775)";
    if (n->kind == CK_SQN_RANGE) {
        if (n->lo.set) {
            snprintf(b, sizeof(b), " AND %s %s %.17g", col, n->lo.incl ? ">=" : ">", n->lo.is_num ? n->lo.num : 1e300);
            ck_json_raw(c, b);
        }
        if (n->hi.set) {
            snprintf(b, sizeof(b), " AND %s %s %.17g", col, n->hi.incl ? "<=" : "<", n->hi.is_num ? n->hi.num : -1e300);
            ck_json_raw(c, b);
        }
        return;
    }
    snprintf(b, sizeof(b), " AND %s IN (", col);
    ck_json_raw(c, b);
    for (int i = 0; i < n->nvalues; i++) {
        double x = NAN;
        const ck_sj *v = &n->values[i];
        int64_t ms;
        if (!sj_number(v, &x) && v->type == CK_SJ_STRING && ck_sq_parse_date(v->s, v->len, &ms)) x = (double)ms;
        snprintf(b, sizeof(b), "%s%.17g", i ? ", " : "", isfinite(x) ? x : -1e300);
        ck_json_raw(c, b);
    }
    ck_json_raw(c, ")");
}

/* The query as (expr, conds) when it qualifies for the fast path. */
static bool fast_plan(const tctx *t, const ck_sq_node *root, ck_wb *expr, ck_wb *conds) {
    if (root->boost != 1.0) return false;
    if (root->kind == CK_SQN_FTS) return leaf_expr(t, root, expr);
    if (root->kind != CK_SQN_BOOL || root->constant) return false;
    for (int i = 0; i < root->nfilter; i++) {
        if (!is_meta_filter(root->filter[i])) return false;
        meta_cond(root->filter[i], conds);
    }
    /* The scored part: the bool without its filters. */
    ck_sq_node tmp = *root;
    tmp.nfilter = 0;
    tmp.filter = NULL;
    if (tmp.nmust == 0 && tmp.nshould == 0) return false;
    if (tmp.nmust == 0 && root->nfilter > 0 && tmp.msm < 0) tmp.msm = 1; /* should then matters with filters */
    if (tmp.nmust == 0 && tmp.msm == 0) return false;
    return fts_only(t, &tmp, expr);
}

static void snapshot_cond(const tctx *t, ck_wb *c) {
    char b[128];
    ck_json_raw(c, " AND (");
    for (int32_t p = 0; p < t->np; p++) {
        snprintf(b, sizeof(b), "%s(rowid >= %lld AND rowid < %lld)", p ? " OR " : "",
                 (long long)ck_search_rowid(p, t->start[p]), (long long)ck_search_rowid(p, t->hwm[p]));
        ck_json_raw(c, b);
    }
    if (t->np == 0) ck_json_raw(c, "0");
    ck_json_raw(c, ")");
}

/* The offsets [*lo, *hi) of partition p that the root's filters on
 * _partition, _offset and _timestamp leave; false when none.  A _timestamp
 * lower bound becomes an offset through the time index (exact: every record
 * before it is stamped earlier); the other bounds stay SQL conditions too. */
static bool part_bounds(const tctx *t, const ck_sq_node *root, int32_t p, int64_t *lo, int64_t *hi) {
    *lo = t->start[p];
    *hi = t->hwm[p];
    if (root->kind != CK_SQN_BOOL) return *lo < *hi;
    for (int i = 0; i < root->nfilter; i++) {
        const ck_sq_node *f = root->filter[i];
        if (!strcmp(f->field, "_partition")) {
            if (f->kind == CK_SQN_TERM) {
                bool in = false;
                for (int k = 0; k < f->nvalues; k++) {
                    double x;
                    if (sj_number(&f->values[k], &x) && x == p) in = true;
                }
                if (!in) return false;
            } else if (!in_range_num(f, p)) {
                return false;
            }
        } else if (!strcmp(f->field, "_offset") && f->kind == CK_SQN_RANGE) {
            if (f->lo.set && f->lo.is_num) *lo = CK_MAX(*lo, (int64_t)ceil(f->lo.num) + (f->lo.incl ? 0 : 1));
            if (f->hi.set && f->hi.is_num) *hi = CK_MIN(*hi, (int64_t)floor(f->hi.num) + (f->hi.incl ? 1 : 0));
        } else if (!strcmp(f->field, "_timestamp") && f->kind == CK_SQN_RANGE && f->lo.set && f->lo.is_num) {
            int64_t ts = (int64_t)ceil(f->lo.num) + (f->lo.incl || f->lo.num != floor(f->lo.num) ? 0 : 1);
            int64_t off = -1, found = -1;
            ck_partition *part = ck_topic_partition(t->idx->topic, p);
            if (ts >= 0 && part && ck_partition_offset_for_time(part, ts, 0, &off, &found) == 0 && off >= 0)
                *lo = CK_MAX(*lo, off);
        }
    }
    return *lo < *hi;
}

/* Runs the fast path on t, partition by partition (each a rowid range the
 * index seeks to): the top `limit` hits of each appended, *total counted
 * (up to track when track > 0).  false on an SQLite error (the caller falls
 * back). */
static bool fast_run(tctx *t, const ck_sq_node *root, const ck_wb *expr, const ck_wb *conds, int64_t limit,
                     int64_t track, hit **hits, size_t *nh, size_t *cap, int64_t *total) {
    /* Partition by partition only when the filters cut the offsets: FTS5
     * evaluates the whole expression per statement, so an uncut query is
     * cheaper as one statement over every partition's range. */
    int64_t *plo = ck_calloc((size_t)t->np + 1, sizeof(int64_t)), *phi = ck_calloc((size_t)t->np + 1, sizeof(int64_t));
    bool cut = false;
    int32_t nparts = 0;
    for (int32_t p = 0; p < t->np; p++) {
        if (!part_bounds(t, root, p, &plo[p], &phi[p])) {
            plo[p] = phi[p] = -1;
            cut = cut || t->start[p] < t->hwm[p];
            continue;
        }
        nparts++;
        if (plo[p] > t->start[p] || phi[p] < t->hwm[p]) cut = true;
    }
    bool per_part = cut || nparts <= 1;
    ck_wb range;
    ck_wb_init(&range, 128);
    if (per_part) ck_json_raw(&range, " AND rowid >= ?3 AND rowid < ?4");
    else snapshot_cond(t, &range);
    ck_wb sqlw;
    ck_wb_init(&sqlw, 256);
    ck_json_raw(&sqlw, "SELECT rowid, ts, -bm25(docs) FROM docs WHERE docs MATCH ?1");
    ck_wb_put(&sqlw, range.buf, range.len);
    ck_wb_put(&sqlw, conds->buf, conds->len);
    ck_json_raw(&sqlw, " ORDER BY rank LIMIT ?2");
    ck_wb_i8(&sqlw, 0);
    sqlite3_stmt *st = NULL, *cs = NULL;
    bool ok = limit <= 0 || sqlite3_prepare_v2(t->db, (const char *)sqlw.buf, -1, &st, NULL) == SQLITE_OK;
    if (ok && track != 0) {
        ck_wb_reset(&sqlw);
        ck_json_raw(&sqlw, "SELECT count(*) FROM (SELECT 1 FROM docs WHERE docs MATCH ?1");
        ck_wb_put(&sqlw, range.buf, range.len);
        ck_wb_put(&sqlw, conds->buf, conds->len);
        ck_json_raw(&sqlw, " LIMIT ?2)");
        ck_wb_i8(&sqlw, 0);
        ok = sqlite3_prepare_v2(t->db, (const char *)sqlw.buf, -1, &cs, NULL) == SQLITE_OK;
    }
    int64_t counted = 0;
    for (int32_t p = 0; ok && p < (per_part ? t->np : 1); p++) {
        int64_t lo = plo[p], hi = phi[p];
        if (per_part && lo < 0) continue;
        if (st) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, (const char *)expr->buf, (int)expr->len, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, limit);
            sqlite3_bind_int64(st, 3, ck_search_rowid(p, lo));
            sqlite3_bind_int64(st, 4, ck_search_rowid(p, hi));
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if (*nh == *cap) {
                    *cap = *cap ? *cap * 2 : 64;
                    *hits = ck_realloc(*hits, *cap * sizeof(hit));
                }
                hit *h = &(*hits)[(*nh)++];
                memset(h, 0, sizeof(*h));
                h->ti = t->ti;
                h->rowid = sqlite3_column_int64(st, 0);
                h->ts = sqlite3_column_int64(st, 1);
                h->score = sqlite3_column_double(st, 2);
            }
            ok = rc == SQLITE_DONE;
        }
        if (ok && cs && (track < 0 || counted <= track)) {
            sqlite3_reset(cs);
            sqlite3_bind_text(cs, 1, (const char *)expr->buf, (int)expr->len, SQLITE_STATIC);
            sqlite3_bind_int64(cs, 2, track > 0 ? track + 1 - counted : INT64_MAX);
            sqlite3_bind_int64(cs, 3, ck_search_rowid(p, lo));
            sqlite3_bind_int64(cs, 4, ck_search_rowid(p, hi));
            ok = sqlite3_step(cs) == SQLITE_ROW;
            if (ok) counted += sqlite3_column_int64(cs, 0);
        }
    }
    if (!ok && !timed_out(t->q)) CK_DEBUG(CK_SEARCH_SUB, "search: %s: %s", t->idx->name, sqlite3_errmsg(t->db));
    *total += counted;
    sqlite3_finalize(st);
    sqlite3_finalize(cs);
    ck_wb_free(&sqlw);
    ck_wb_free(&range);
    ck_free(plo);
    ck_free(phi);
    return ok;
}

/* ===================================================================== */
/* General path                                                          */
/* ===================================================================== */

static void add_hit(hit **hits, size_t *nh, size_t *cap, const hit *h) {
    if (*nh == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *hits = ck_realloc(*hits, *cap * sizeof(hit));
    }
    (*hits)[(*nh)++] = *h;
}

static bool needs_field_sort(const ck_sq *q) {
    for (int i = 0; i < q->nsort; i++)
        if (q->sort[i].kind == CK_SQS_FIELD) return true;
    return false;
}

/* Evaluates the tree on every candidate of t; false on a timeout. */
static bool general_run(tctx *t, hit **hits, size_t *nh, size_t *cap, int64_t *total) {
    ck_sq *q = t->q;
    bool none = false;
    imap *cand = candidates(t, q->root, &none);
    if (none) return true;
    ck_arena arena;
    ck_arena_init(&arena);
    bool field_sort = needs_field_sort(q);
    bool ok = true;
    uint64_t seen = 0;
    doc d;
    if (cand) {
        /* Rowid order: the log is read sequentially. */
        int64_t *keys = ck_malloc((cand->n + 1) * sizeof(int64_t));
        size_t nk = 0;
        for (size_t i = 0; i < cand->cap; i++)
            if (cand->key[i] >= 0) keys[nk++] = cand->key[i];
        qsort(keys, nk, sizeof(int64_t), cmp_i64);
        for (size_t i = 0; i < nk; i++) {
            if ((++seen & 255) == 0 && timed_out(q)) {
                ok = false;
                break;
            }
            int64_t rowid = keys[i];
            if (!snapshot_has(t, rowid)) continue;
            size_t slot = imap_slot(cand, rowid);
            while (cand->key[slot] != rowid) slot = (slot + 1) & (cand->cap - 1);
            memset(&d, 0, sizeof(d));
            d.t = t, d.rowid = rowid, d.ts = cand->ts[slot], d.arena = &arena;
            d.part = (int32_t)(rowid >> CK_SEARCH_OFFSET_BITS), d.offset = rowid & CK_SEARCH_OFFSET_MASK;
            double score;
            if (eval(t, q->root, &d, &score)) {
                hit h;
                memset(&h, 0, sizeof(h));
                h.ti = t->ti, h.rowid = rowid, h.ts = d.ts, h.score = score;
                if (field_sort) hit_sort_values(q, &d, &h);
                add_hit(hits, nh, cap, &h);
                (*total)++;
            }
            ck_arena_reset(&arena);
        }
        ck_free(keys);
    } else {
        ck_wb sqlw;
        ck_wb_init(&sqlw, 256);
        ck_json_raw(&sqlw, "SELECT rowid, ts FROM docs WHERE 1");
        snapshot_cond(t, &sqlw);
        ck_json_raw(&sqlw, " ORDER BY rowid");
        ck_wb_i8(&sqlw, 0);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(t->db, (const char *)sqlw.buf, -1, &st, NULL) == SQLITE_OK) {
            int rc;
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                if ((++seen & 255) == 0 && timed_out(q)) {
                    ok = false;
                    break;
                }
                memset(&d, 0, sizeof(d));
                d.t = t, d.rowid = sqlite3_column_int64(st, 0), d.ts = sqlite3_column_int64(st, 1), d.arena = &arena;
                d.part = (int32_t)(d.rowid >> CK_SEARCH_OFFSET_BITS), d.offset = d.rowid & CK_SEARCH_OFFSET_MASK;
                double score;
                if (eval(t, q->root, &d, &score)) {
                    hit h;
                    memset(&h, 0, sizeof(h));
                    h.ti = t->ti, h.rowid = d.rowid, h.ts = d.ts, h.score = score;
                    if (field_sort) hit_sort_values(q, &d, &h);
                    add_hit(hits, nh, cap, &h);
                    (*total)++;
                }
                ck_arena_reset(&arena);
            }
            if (rc != SQLITE_DONE && rc != SQLITE_ROW && timed_out(q)) ok = false;
        } else {
            t->failed = true;
        }
        sqlite3_finalize(st);
        ck_wb_free(&sqlw);
    }
    ck_arena_free(&arena);
    return ok;
}

/* ===================================================================== */
/* _source and highlight                                                 */
/* ===================================================================== */

static bool path_match(const char *pat, const char *path) {
    return fnmatch(pat, path, 0) == 0;
}

/* Does any include pattern name path or something below it? */
static int incl_state(const ck_sq *q, const char *path) {
    if (q->nsrc_incl == 0) return 2;               /* everything */
    size_t pl = strlen(path);
    int st = 0;
    for (int i = 0; i < q->nsrc_incl; i++) {
        const char *pat = q->src_incl[i];
        if (path_match(pat, path)) return 2;      /* this and below */
        /* "a.b" includes "a" partially; "a*" may too. */
        if (!strncmp(pat, path, pl) && pat[pl] == '.') st = 1;
        else if (strchr(pat, '*') && !strncmp(pat, path, CK_MIN(pl, strcspn(pat, "*")))) st = 1;
    }
    return st;
}

static bool excluded(const ck_sq *q, const char *path) {
    for (int i = 0; i < q->nsrc_excl; i++)
        if (path_match(q->src_excl[i], path)) return true;
    return false;
}

static void write_filtered(const ck_sq *q, ck_wb *out, const ck_sj *v, ck_wb *path, bool all_in, bool *first) {
    for (size_t i = 0; i < v->n; i++) {
        const ck_sj *k = &v->kids[i];
        size_t keep = path->len;
        if (keep) ck_wb_i8(path, '.');
        ck_wb_put(path, k->key, k->keylen);
        ck_wb_i8(path, 0);
        path->len--;
        const char *p = (const char *)path->buf;
        if (!excluded(q, p)) {
            int st = all_in ? 2 : incl_state(q, p);
            if (st == 2 && (q->nsrc_excl == 0 || k->type != CK_SJ_OBJECT)) {
                if (!*first) ck_wb_i8(out, ',');
                *first = false;
                ck_json_str(out, k->key, k->keylen);
                ck_wb_i8(out, ':');
                ck_sj_write(out, k);
            } else if (st >= 1 && k->type == CK_SJ_OBJECT) {
                if (!*first) ck_wb_i8(out, ',');
                *first = false;
                ck_json_str(out, k->key, k->keylen);
                ck_json_raw(out, ":{");
                bool f2 = true;
                write_filtered(q, out, k, path, st == 2, &f2);
                ck_wb_i8(out, '}');
            }
        }
        path->len = keep;
    }
}

static void write_meta_member(const ck_sq *q, ck_wb *out, bool *first, const char *name, ck_wb *val) {
    if (q->source_mode == 2 && (excluded(q, name) || incl_state(q, name) != 2)) return;
    if (!*first) ck_wb_i8(out, ',');
    *first = false;
    ck_json_cstr(out, name);
    ck_wb_i8(out, ':');
    ck_wb_put(out, val->buf, val->len);
}

static void write_source(const ck_sq *q, ck_wb *out, doc *d) {
    ck_json_raw(out, "{");
    bool first = true;
    const ck_sj *root = d->root;
    ck_wb path;
    ck_wb_init(&path, 64);
    if (root && root->type == CK_SJ_OBJECT) {
        if (q->source_mode == 2) {
            write_filtered(q, out, root, &path, false, &first);
        } else {
            for (size_t i = 0; i < root->n; i++) {
                if (!first) ck_wb_i8(out, ',');
                first = false;
                ck_json_str(out, root->kids[i].key, root->kids[i].keylen);
                ck_wb_i8(out, ':');
                ck_sj_write(out, &root->kids[i]);
            }
        }
    } else {
        ck_wb v;
        ck_wb_init(&v, 64);
        if (root) ck_sj_write(&v, root);
        else if (d->rec.value_len < 0) ck_json_raw(&v, "null");
        else ck_json_str(&v, (const char *)d->rec.value, (size_t)d->rec.value_len);
        write_meta_member(q, out, &first, "value", &v);
        ck_wb_free(&v);
    }
    ck_wb m;
    ck_wb_init(&m, 64);
    ck_json_i64(&m, d->part);
    write_meta_member(q, out, &first, "_partition", &m);
    ck_wb_reset(&m);
    ck_json_i64(&m, d->offset);
    write_meta_member(q, out, &first, "_offset", &m);
    ck_wb_reset(&m);
    ck_json_i64(&m, d->rec.timestamp);
    write_meta_member(q, out, &first, "_timestamp", &m);
    ck_wb_reset(&m);
    if (d->rec.key_len < 0) ck_json_raw(&m, "null");
    else ck_json_str(&m, (const char *)d->rec.key, (size_t)d->rec.key_len);
    write_meta_member(q, out, &first, "_key", &m);
    ck_wb_free(&m);
    ck_wb_free(&path);
    ck_json_raw(out, "}");
}

/* Highlighting: the query's terms, normalized by the index's tokenizer. */
typedef struct hl_term {
    char  *tok;
    int    len;
    bool   prefix;
    char **fields;      /* of its leaf; NULL: every field */
    int    nfields;
} hl_term;

typedef struct hl_ctx {
    fts5_tokenizer tk;
    Fts5Tokenizer *inst;
    hl_term       *terms;
    int            nterms;
    /* tokenizing a field */
    int64_t       *spans;       /* start, end pairs */
    size_t         nspans, cap;
    const char    *field;
    /* collecting query tokens */
    const ck_sq_node *leaf;
    bool           last_prefix;
    int            qtok_start;
} hl_ctx;

static int hl_query_cb(void *ctx, int flags, const char *tok, int n, int s, int e) {
    hl_ctx *h = ctx;
    (void)s;
    (void)e;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    if (h->nterms >= 4096) return SQLITE_OK;
    h->terms = ck_realloc(h->terms, (size_t)(h->nterms + 1) * sizeof(hl_term));
    hl_term *t = &h->terms[h->nterms++];
    t->tok = ck_strndup(tok, (size_t)n);
    t->len = n;
    t->prefix = false;
    t->fields = h->leaf->fields;
    t->nfields = h->leaf->nfields;
    return SQLITE_OK;
}

static void hl_collect(hl_ctx *h, const ck_sq_node *n, bool trigram) {
    if (!n) return;
    if (n->kind == CK_SQN_FTS) {
        const char *ws[MAX_WORDS];
        size_t wl[MAX_WORDS];
        int nw = words_of(n->text, trigram, ws, wl, MAX_WORDS);
        h->leaf = n;
        for (int i = 0; i < nw; i++) {
            int before = h->nterms;
            h->tk.xTokenize(h->inst, h, FTS5_TOKENIZE_QUERY, ws[i], (int)wl[i], hl_query_cb);
            bool pfx = (n->fkind == CK_SQF_PREFIX || n->fkind == CK_SQF_PHRASE_PREFIX) && i == nw - 1 && !trigram;
            if (pfx && h->nterms > before) h->terms[h->nterms - 1].prefix = true;
        }
        return;
    }
    if (n->kind != CK_SQN_BOOL) return;
    for (int i = 0; i < n->nmust; i++) hl_collect(h, n->must[i], trigram);
    for (int i = 0; i < n->nshould; i++) hl_collect(h, n->should[i], trigram);
    for (int i = 0; i < n->nfilter; i++) hl_collect(h, n->filter[i], trigram);
}

static bool term_applies(const hl_term *t, const char *field) {
    if (t->nfields == 0) return true;
    for (int i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i], field) || (has_wild(t->fields[i]) && fnmatch(t->fields[i], field, 0) == 0))
            return true;
    return false;
}

static int hl_doc_cb(void *ctx, int flags, const char *tok, int n, int s, int e) {
    hl_ctx *h = ctx;
    (void)flags;
    for (int i = 0; i < h->nterms; i++) {
        const hl_term *t = &h->terms[i];
        if (!term_applies(t, h->field)) continue;
        if (t->prefix ? (n >= t->len && !memcmp(tok, t->tok, (size_t)t->len))
                      : (n == t->len && !memcmp(tok, t->tok, (size_t)n))) {
            if (h->nspans + 2 > h->cap) {
                h->cap = h->cap ? h->cap * 2 : 32;
                h->spans = ck_realloc(h->spans, h->cap * sizeof(int64_t));
            }
            h->spans[h->nspans++] = s;
            h->spans[h->nspans++] = e;
            break;
        }
    }
    return SQLITE_OK;
}

/* Appends text with the matching spans tagged; false when none matched. */
static bool hl_text(const ck_sq *q, hl_ctx *h, const char *field, const char *text, size_t len, ck_wb *frag) {
    h->nspans = 0;
    h->field = field;
    h->tk.xTokenize(h->inst, h, FTS5_TOKENIZE_DOCUMENT, text, (int)len, hl_doc_cb);
    if (h->nspans == 0) return false;
    /* Spans come in order; merge overlaps (trigrams). */
    int64_t pos = 0;
    size_t i = 0;
    ck_wb raw;
    ck_wb_init(&raw, len + 64);
    while (i < h->nspans) {
        int64_t s = h->spans[i], e = h->spans[i + 1];
        i += 2;
        while (i < h->nspans && h->spans[i] <= e) {
            if (h->spans[i + 1] > e) e = h->spans[i + 1];
            i += 2;
        }
        if (s < pos) s = pos;
        ck_wb_put(&raw, text + pos, (size_t)(s - pos));
        ck_json_raw(&raw, q->pre_tag);
        ck_wb_put(&raw, text + s, (size_t)(e - s));
        ck_json_raw(&raw, q->post_tag);
        pos = e;
    }
    ck_wb_put(&raw, text + pos, len - (size_t)pos);
    ck_json_str(frag, (const char *)raw.buf, raw.len);
    ck_wb_free(&raw);
    return true;
}

static bool hl_init(hl_ctx *h, sqlite3 *db, int analyzer) {
    memset(h, 0, sizeof(*h));
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return false;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api) return false;
    const char *spec = ck_sidx_tokenizer(analyzer);
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", spec);
    const char *argv[8];
    int argc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok && argc < 8; tok = strtok_r(NULL, " ", &save)) argv[argc++] = tok;
    void *ud = NULL;
    if (argc == 0 || api->xFindTokenizer(api, argv[0], &ud, &h->tk) != SQLITE_OK) return false;
    if (h->tk.xCreate(ud, argv + 1, argc - 1, &h->inst) != SQLITE_OK) return false;
    return true;
}

static void hl_free(hl_ctx *h) {
    if (h->inst) h->tk.xDelete(h->inst);
    for (int i = 0; i < h->nterms; i++) ck_free(h->terms[i].tok);
    ck_free(h->terms);
    ck_free(h->spans);
    memset(h, 0, sizeof(*h));
}

/* Appends ,"field":["fragment"] for one field of d when it matches. */
static void hl_field(const ck_sq *q, hl_ctx *h, const char *field, const ck_sj *v, ck_wb *out, bool *first) {
    ck_wb text;
    ck_wb_init(&text, 256);
    ck_sidx_collect_text(v, &text);
    ck_wb frag;
    ck_wb_init(&frag, 256);
    if (text.len && hl_text(q, h, field, (const char *)text.buf, text.len, &frag)) {
        if (!*first) ck_wb_i8(out, ',');
        *first = false;
        ck_json_cstr(out, field);
        ck_json_raw(out, ":[");
        ck_wb_put(out, frag.buf, frag.len);
        ck_json_raw(out, "]");
    }
    ck_wb_free(&frag);
    ck_wb_free(&text);
}

static void hl_walk(const ck_sq *q, hl_ctx *h, const char *pat, const ck_sj *v, ck_wb *path, ck_wb *out, bool *first) {
    if (v->type == CK_SJ_OBJECT) {
        for (size_t i = 0; i < v->n; i++) {
            size_t keep = path->len;
            if (keep) ck_wb_i8(path, '.');
            ck_wb_put(path, v->kids[i].key, v->kids[i].keylen);
            hl_walk(q, h, pat, &v->kids[i], path, out, first);
            path->len = keep;
        }
        return;
    }
    if (v->type != CK_SJ_STRING && v->type != CK_SJ_ARRAY) return;
    ck_wb_i8(path, 0);
    path->len--;
    const char *p = path->len ? (const char *)path->buf : "value";
    if (fnmatch(pat, p, 0) == 0) hl_field(q, h, p, v, out, first);
}

static void write_highlight(const ck_sq *q, hl_ctx *h, doc *d, ck_wb *out) {
    ck_wb body;
    ck_wb_init(&body, 256);
    bool first = true;
    for (int i = 0; i < q->nhl_fields; i++) {
        const char *f = q->hl_fields[i];
        if (!strcmp(f, "_key")) {
            if (d->rec.key_len > 0) {
                ck_sj tmp = { .type = CK_SJ_STRING, .s = (const char *)d->rec.key, .len = (size_t)d->rec.key_len };
                hl_field(q, h, "_key", &tmp, &body, &first);
            }
            continue;
        }
        if (has_wild(f)) {
            ck_wb path;
            ck_wb_init(&path, 64);
            if (d->root) hl_walk(q, h, f, d->root, &path, &body, &first);
            else if (d->rec.value_len > 0 && fnmatch(f, "value", 0) == 0) {
                ck_sj tmp = { .type = CK_SJ_STRING, .s = (const char *)d->rec.value, .len = (size_t)d->rec.value_len };
                hl_field(q, h, "value", &tmp, &body, &first);
            }
            ck_wb_free(&path);
            continue;
        }
        ck_sj tmp;
        const ck_sj *v = doc_field(d, f, &tmp);
        if (v) hl_field(q, h, f, v, &body, &first);
    }
    if (!first) {
        ck_json_raw(out, ",\"highlight\":{");
        ck_wb_put(out, body.buf, body.len);
        ck_json_raw(out, "}");
    }
    ck_wb_free(&body);
}

/* ===================================================================== */
/* The request                                                           */
/* ===================================================================== */

static void tctx_free(tctx *t) {
    if (t->leaves)
        for (int i = 0; i < t->nleaves; i++) imap_free(&t->leaves[i].m);
    ck_free(t->leaves);
    for (int i = 0; i < t->nowned; i++) {
        imap_free(t->owned[i]);
        ck_free(t->owned[i]);
    }
    ck_free(t->owned);
    if (t->rd)
        for (int32_t p = 0; p < t->np; p++)
            if (t->rd_live[p]) ck_srec_reader_free(&t->rd[p]);
    ck_free(t->rd);
    ck_free(t->rd_live);
    ck_free(t->start);
    ck_free(t->hwm);
    if (t->db) {
        sqlite3_progress_handler(t->db, 0, NULL, NULL);
        ck_sidx_reader_put(t->idx, t->db);
    }
    ck_sidx_fields_free(&t->f);
}

static void write_sort_values(const ck_sq *q, const hit *h, ck_wb *out) {
    ck_json_raw(out, ",\"sort\":[");
    for (int i = 0; i < q->nsort; i++) {
        if (i) ck_wb_i8(out, ',');
        switch (q->sort[i].kind) {
        case CK_SQS_SCORE: ck_json_f64(out, h->score); break;
        case CK_SQS_OFFSET: ck_json_i64(out, h->rowid & CK_SEARCH_OFFSET_MASK); break;
        case CK_SQS_TIMESTAMP: ck_json_i64(out, h->ts); break;
        case CK_SQS_PARTITION: ck_json_i64(out, h->rowid >> CK_SEARCH_OFFSET_BITS); break;
        case CK_SQS_DOC: ck_json_i64(out, h->rowid); break;
        case CK_SQS_FIELD:
            if (i >= 8 || h->fkind[i] == 0) ck_json_raw(out, "null");
            else if (h->fkind[i] == 1) ck_json_f64(out, h->fnum[i]);
            else ck_json_cstr(out, h->fstr[i]);
            break;
        }
    }
    ck_json_raw(out, "]");
}

int ck_sq_execute(ck_sq *q, ck_sidx **topics, size_t n, ck_wb *out) {
    int64_t t0 = ck_mono_us();
    int nleaves = 0;
    number_leaves(q->root, &nleaves);
    tctx *ts = ck_calloc(n + 1, sizeof(tctx));
    hit *hits = NULL;
    size_t nh = 0, cap = 0;
    int64_t total = 0;
    bool timed = false, score_sort = q->nsort == 0 || (q->nsort >= 1 && q->sort[0].kind == CK_SQS_SCORE &&
                                                      q->sort[0].desc && q->nsort == 1);
    int64_t want = q->from + q->size;
    bool total_exact = true;

    /* Snapshot the high watermarks, then catch every index up to them. */
    for (size_t i = 0; i < n; i++) {
        tctx *t = &ts[i];
        t->q = q;
        t->idx = topics[i];
        t->ti = (int)i;
        t->np = ck_topic_partition_count(t->idx->topic);
        t->start = ck_calloc((size_t)(t->np + 1), sizeof(int64_t));
        t->hwm = ck_calloc((size_t)(t->np + 1), sizeof(int64_t));
        for (int32_t p = 0; p < t->np; p++) {
            ck_part_offsets o;
            ck_partition_offsets(ck_topic_partition(t->idx->topic, p), &o);
            t->hwm[p] = o.high_watermark;
        }
    }
    for (size_t i = 0; i < n && !timed; i++) {
        tctx *t = &ts[i];
        int rc = ck_sidx_catch_up(t->idx, t->hwm, t->np, q->deadline_ms);
        if (rc == CHRONIK_ERR_TIMED_OUT) timed = true;
        else if (rc == CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
            ck_sq_fail(q, 404, "index_not_found_exception", "no such index [%s] (deleted during the search)",
                       t->idx->name);
            goto out;
        } else if (rc != 0) {
            ck_sq_fail(q, 500, "search_phase_execution_exception", "the index of [%s] cannot be brought up to date",
                       t->idx->name);
            goto out;
        }
        /* Log starts after the catch-up (which removed what they dropped). */
        for (int32_t p = 0; p < t->np; p++) {
            ck_part_offsets o;
            ck_partition_offsets(ck_topic_partition(t->idx->topic, p), &o);
            t->start[p] = o.log_start;
        }
    }
    if (timed_out(q)) timed = true;
    for (size_t i = 0; i < n && !timed; i++) {
        tctx *t = &ts[i];
        ck_sidx_fields_get(t->idx, &t->f);
        t->db = ck_sidx_reader(t->idx);
        if (!t->db) {
            ck_sq_fail(q, 500, "search_phase_execution_exception", "the index of [%s] cannot be opened", t->idx->name);
            goto out;
        }
        sqlite3_progress_handler(t->db, 1000, progress_cb, q);
        t->nleaves = nleaves;
        t->leaves = ck_calloc((size_t)nleaves + 1, sizeof(leaf_res));
        t->rd = ck_calloc((size_t)t->np + 1, sizeof(ck_srec_reader));
        t->rd_live = ck_calloc((size_t)t->np + 1, sizeof(bool));
        /* One read transaction per topic: every statement sees one state. */
        sqlite3_exec(t->db, "BEGIN", NULL, NULL, NULL);
        bool done = false;
        if (score_sort && !q->count_only) {
            ck_wb expr, conds;
            ck_wb_init(&expr, 128);
            ck_wb_init(&conds, 64);
            if (fast_plan(t, q->root, &expr, &conds)) {
                size_t nh0 = nh;
                int64_t total0 = total;
                done = fast_run(t, q->root, &expr, &conds, want, q->track_total, &hits, &nh, &cap, &total);
                if (q->track_total > 0 && total > q->track_total) total_exact = false;
                if (!done && timed_out(q)) timed = done = true;
                else if (!done) nh = nh0, total = total0; /* the general path answers instead */
            }
            ck_wb_free(&expr);
            ck_wb_free(&conds);
        } else if (q->count_only) {
            ck_wb expr, conds;
            ck_wb_init(&expr, 128);
            ck_wb_init(&conds, 64);
            if (fast_plan(t, q->root, &expr, &conds)) {
                int64_t total0 = total;
                done = fast_run(t, q->root, &expr, &conds, 0, -1, &hits, &nh, &cap, &total);
                if (!done && timed_out(q)) timed = done = true;
                else if (!done) total = total0;
            }
            ck_wb_free(&expr);
            ck_wb_free(&conds);
        }
        if (!done) {
            size_t before = nh;
            int64_t tot_before = total;
            if (!general_run(t, &hits, &nh, &cap, &total)) timed = true;
            if (q->count_only) nh = before;
            (void)tot_before;
        }
        sqlite3_exec(t->db, "COMMIT", NULL, NULL, NULL);
        /* A statement the progress handler interrupted left partial results. */
        if (timed_out(q)) timed = true;
        if (t->failed) {
            ck_sq_fail(q, 500, "search_phase_execution_exception", "reading the index of [%s] failed", t->idx->name);
            goto out;
        }
    }
    if (timed) atomic_fetch_add_explicit(&q->s->st_timeouts, 1, memory_order_relaxed);

    if (q->count_only) {
        ck_json_raw(out, "{\"count\":");
        ck_json_i64(out, total);
        ck_json_raw(out, ",\"_shards\":{\"total\":");
        ck_json_i64(out, (int64_t)n);
        ck_json_raw(out, ",\"successful\":");
        ck_json_i64(out, (int64_t)n);
        ck_json_raw(out, ",\"skipped\":0,\"failed\":0}");
        if (timed) ck_json_raw(out, ",\"timed_out\":true");
        ck_json_raw(out, "}");
        goto out;
    }

    if (q->nsort == 0) {
        q->sort[0].kind = CK_SQS_SCORE;
        q->sort[0].desc = true;
        q->nsort = 1;
    }
    sort_hits(q, hits, nh);
    double max_score = 0;
    bool any = false;
    for (size_t i = 0; i < nh; i++)
        if (!any || hits[i].score > max_score) max_score = hits[i].score, any = true;
    if (q->track_total > 0 && total > q->track_total) total_exact = false;

    int64_t took = (ck_mono_us() - t0) / 1000;
    ck_json_raw(out, "{\"took\":");
    ck_json_i64(out, took);
    ck_json_raw(out, timed ? ",\"timed_out\":true" : ",\"timed_out\":false");
    ck_json_raw(out, ",\"_shards\":{\"total\":");
    ck_json_i64(out, (int64_t)n);
    ck_json_raw(out, ",\"successful\":");
    ck_json_i64(out, (int64_t)n);
    ck_json_raw(out, ",\"skipped\":0,\"failed\":0},\"hits\":{");
    if (q->track_total != 0) {
        ck_json_raw(out, "\"total\":{\"value\":");
        ck_json_i64(out, total_exact ? total : q->track_total);
        ck_json_raw(out, total_exact ? ",\"relation\":\"eq\"}," : ",\"relation\":\"gte\"},");
    }
    ck_json_raw(out, "\"max_score\":");
    if (any && (!q->sort_given || score_sort)) ck_json_f64(out, max_score);
    else ck_json_raw(out, "null");
    ck_json_raw(out, ",\"hits\":[");
    hl_ctx *hls = q->highlight ? ck_calloc(n + 1, sizeof(hl_ctx)) : NULL;
    bool *hl_ok = q->highlight ? ck_calloc(n + 1, sizeof(bool)) : NULL;
    ck_arena arena;
    ck_arena_init(&arena);
    bool first = true;
    for (int64_t i = q->from; i < (int64_t)nh && i < want; i++) {
        const hit *h = &hits[i];
        tctx *t = &ts[h->ti];
        doc d;
        memset(&d, 0, sizeof(d));
        d.t = t, d.rowid = h->rowid, d.ts = h->ts, d.arena = &arena;
        d.part = (int32_t)(h->rowid >> CK_SEARCH_OFFSET_BITS), d.offset = h->rowid & CK_SEARCH_OFFSET_MASK;
        bool have = doc_load(&d) == 1;
        if (!first) ck_wb_i8(out, ',');
        first = false;
        ck_json_raw(out, "{\"_index\":");
        ck_json_cstr(out, t->idx->name);
        ck_json_raw(out, ",\"_type\":\"_doc\",\"_id\":");
        char id[300];
        snprintf(id, sizeof(id), "%s-%d-%lld", t->idx->name, (int)d.part, (long long)d.offset);
        ck_json_cstr(out, id);
        ck_json_raw(out, ",\"_score\":");
        if (!q->sort_given || score_sort) ck_json_f64(out, h->score);
        else ck_json_raw(out, "null");
        if (q->source_mode != 0) {
            ck_json_raw(out, ",\"_source\":");
            if (have) write_source(q, out, &d);
            else ck_json_raw(out, "null");
        }
        if (q->highlight && have) {
            if (!hl_ok[h->ti] && !hls[h->ti].inst) {
                hl_ok[h->ti] = hl_init(&hls[h->ti], t->db, t->f.analyzer);
                if (hl_ok[h->ti]) hl_collect(&hls[h->ti], q->root, t->f.analyzer == CK_SAN_TRIGRAM);
            }
            if (hl_ok[h->ti]) write_highlight(q, &hls[h->ti], &d, out);
        }
        if (q->sort_given) write_sort_values(q, h, out);
        ck_json_raw(out, "}");
        ck_arena_reset(&arena);
    }
    ck_json_raw(out, "]}}");
    ck_arena_free(&arena);
    if (hls) {
        for (size_t i = 0; i < n; i++) hl_free(&hls[i]);
        ck_free(hls);
        ck_free(hl_ok);
    }
out:
    for (size_t i = 0; i < nh; i++)
        for (int k = 0; k < 8; k++) ck_free(hits[i].fstr[k]);
    ck_free(hits);
    for (size_t i = 0; i < n; i++) tctx_free(&ts[i]);
    ck_free(ts);
    atomic_fetch_add_explicit(&q->s->st_query_us, (uint64_t)(ck_mono_us() - t0), memory_order_relaxed);
    return q->status ? q->status : 200;
}

bool ck_sq_write_source(ck_sidx *idx, int32_t part, int64_t offset, ck_wb *out) {
    ck_sq q;
    memset(&q, 0, sizeof(q));
    q.source_mode = 1;
    tctx t;
    memset(&t, 0, sizeof(t));
    t.q = &q;
    t.idx = idx;
    t.np = ck_topic_partition_count(idx->topic);
    if (part < 0 || part >= t.np) return false;
    t.rd = ck_calloc((size_t)t.np, sizeof(ck_srec_reader));
    t.rd_live = ck_calloc((size_t)t.np, sizeof(bool));
    ck_arena arena;
    ck_arena_init(&arena);
    doc d;
    memset(&d, 0, sizeof(d));
    d.t = &t, d.part = part, d.offset = offset, d.rowid = ck_search_rowid(part, offset), d.arena = &arena;
    bool ok = doc_load(&d) == 1;
    if (ok) write_source(&q, out, &d);
    ck_arena_free(&arena);
    tctx_free(&t);
    return ok;
}

/*
 * query.c — the query side of search: Elasticsearch's query DSL compiled
 * into a tree (full-text leaves, value filters, bool), evaluated against the
 * FTS5 index of each topic searched, hits sorted and paged, their _source
 * read back from the log, highlighted with the index's own tokenizer.
 *
 * Evaluation.  A search first takes each partition's high watermark and
 * catches the index up to it (ck_sidx_catch_up), so the index holds every
 * acknowledged record.  Then, per topic:
 *   - fast path: when the whole query is full-text (match, match_phrase,
 *     query_string terms ... under bool must / should / must_not) plus
 *     filters on _partition, _offset and _timestamp, and hits are ranked by
 *     _score, it becomes one FTS5 MATCH expression ranked by bm25 in SQLite
 *     (ORDER BY rank LIMIT from+size), and a bounded count;
 *   - general path: every full-text leaf is run once (rowid -> bm25 score),
 *     candidates are the smallest set the query requires (or every document
 *     when nothing narrows it), and each candidate is checked against the
 *     whole tree in rowid order, reading its record from the log when a
 *     clause needs the value (term, terms, range, exists on JSON fields).
 * Scores follow Elasticsearch's bool rules: the sum of must and matching
 * should clauses, filters and must_not unscored; a full-text leaf scores
 * -bm25() (FTS5's BM25, higher is better), other leaves their boost.
 *
 * Documents of offsets below a partition's log start or at or past the
 * high watermark taken at the start are never hits.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "search/search_query.h"

/* ===================================================================== */
/* Errors                                                                */
/* ===================================================================== */

void ck_sq_fail(ck_sq *q, int status, const char *type, const char *fmt, ...) {
    if (q->status) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->reason, sizeof(q->reason), fmt, ap);
    va_end(ap);
    q->status = status;
    snprintf(q->etype, sizeof(q->etype), "%s", type);
}

/* ===================================================================== */
/* Dates                                                                 */
/* ===================================================================== */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

bool ck_sq_parse_date(const char *s, size_t n, int64_t *ms) {
    char buf[64];
    if (n == 0 || n >= sizeof(buf)) return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    /* "now", "now-1h", "now+2d" (s m h d w). */
    if (!strncmp(buf, "now", 3)) {
        int64_t t = ck_now_ms();
        const char *p = buf + 3;
        while (*p == '+' || *p == '-') {
            int sign = *p == '-' ? -1 : 1;
            char *end = NULL;
            long long v = strtoll(p + 1, &end, 10);
            if (end == p + 1) return false;
            int64_t unit;
            switch (*end) {
            case 's': unit = 1000; break;
            case 'm': unit = 60000; break;
            case 'h': case 'H': unit = 3600000; break;
            case 'd': unit = 86400000; break;
            case 'w': unit = 7 * 86400000LL; break;
            default: return false;
            }
            t += sign * v * unit;
            p = end + 1;
        }
        if (*p && *p != '/') return false;
        *ms = t;
        return true;
    }
    /* Epoch milliseconds. */
    bool digits = true;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)buf[i]) && !(i == 0 && buf[i] == '-')) digits = false;
    if (digits) {
        *ms = strtoll(buf, NULL, 10);
        return true;
    }
    /* yyyy-MM-dd['T'HH:mm[:ss[.SSS]]][Z|±HH:mm] */
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, frac = 0, used = 0;
    if (sscanf(buf, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    const char *p = buf + used;
    if (*p == 'T' || *p == ' ') {
        int u2 = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &u2) != 2) return false;
        p += 1 + u2;
        if (*p == ':') {
            if (sscanf(p + 1, "%2d%n", &sec, &u2) != 1) return false;
            p += 1 + u2;
            if (*p == '.') {
                p++;
                int digitsn = 0;
                while (isdigit((unsigned char)*p)) {
                    if (digitsn < 3) frac = frac * 10 + (*p - '0');
                    digitsn++;
                    p++;
                }
                while (digitsn < 3) frac *= 10, digitsn++;
            }
        }
    }
    int64_t off_min = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh = 0, om = 0;
        int sign = *p == '-' ? -1 : 1;
        if (sscanf(p + 1, "%2d:%2d", &oh, &om) < 1) return false;
        off_min = sign * (oh * 60 + om);
        p += strlen(p);
    }
    if (*p) return false;
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    *ms = ((days * 24 + h) * 60 + mi - off_min) * 60000 + (int64_t)sec * 1000 + frac;
    return true;
}

/* ===================================================================== */
/* Building the tree                                                     */
/* ===================================================================== */

static ck_sq_node *node_new(ck_sq *q, int kind) {
    if (++q->nodes > q->max_clauses) {
        ck_sq_fail(q, 400, "too_many_clauses", "the query has more than %d clauses (search.max.clauses)",
                   q->max_clauses);
        return NULL;
    }
    ck_sq_node *n = ck_arena_alloc(&q->arena, sizeof(*n));
    n->kind = kind;
    n->boost = 1.0;
    return n;
}

static char *sj_text(ck_sq *q, const ck_sj *v) {
    switch (v->type) {
    case CK_SJ_STRING: return ck_arena_strndup(&q->arena, v->s, v->len);
    case CK_SJ_NUMBER: return ck_arena_strndup(&q->arena, v->s, v->len);
    case CK_SJ_TRUE: return ck_arena_strndup(&q->arena, "true", 4);
    case CK_SJ_FALSE: return ck_arena_strndup(&q->arena, "false", 5);
    default: return NULL;
    }
}

static void list_push(ck_sq *q, ck_sq_node ***arr, int *n, ck_sq_node *x) {
    ck_sq_node **na = ck_arena_alloc(&q->arena, (size_t)(*n + 1) * sizeof(*na));
    if (*n) memcpy(na, *arr, (size_t)*n * sizeof(*na));
    na[(*n)++] = x;
    *arr = na;
}

/* A full-text leaf on fields (NULL: every field). */
static ck_sq_node *fts_leaf(ck_sq *q, int fkind, const char *const *fields, int nfields, const char *text, bool op_and) {
    ck_sq_node *n = node_new(q, CK_SQN_FTS);
    if (!n) return NULL;
    n->fkind = fkind;
    n->op_and = op_and;
    n->text = ck_arena_strndup(&q->arena, text, strlen(text));
    if (nfields > 0) {
        n->fields = ck_arena_alloc(&q->arena, (size_t)nfields * sizeof(char *));
        for (int i = 0; i < nfields; i++) n->fields[i] = ck_arena_strndup(&q->arena, fields[i], strlen(fields[i]));
        n->nfields = nfields;
    }
    return n;
}

static bool is_all_field(const char *f) { return !strcmp(f, "*") || !strcmp(f, "_all"); }

static ck_sq_node *compile(ck_sq *q, const ck_sj *v, int depth);

/* {"field": "text"} or {"field": {"query": ..., opts}} of match-like queries. */
static const ck_sj *field_body(ck_sq *q, const char *clause, const ck_sj *body, const char **field) {
    if (body->type != CK_SJ_OBJECT || body->n != 1) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: expected an object with one field name", clause);
        return NULL;
    }
    *field = body->kids[0].key;
    return &body->kids[0];
}

static bool get_boost(ck_sq *q, const char *clause, const ck_sj *opts, double *boost) {
    const ck_sj *b = ck_sj_get(opts, "boost");
    if (!b) return true;
    if (b->type != CK_SJ_NUMBER) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] boost must be a number", clause);
        return false;
    }
    *boost = b->num;
    return true;
}

static ck_sq_node *c_match(ck_sq *q, const ck_sj *body, int fkind, const char *clause) {
    const char *field = NULL;
    const ck_sj *fb = field_body(q, clause, body, &field);
    if (!fb) return NULL;
    const ck_sj *qv = fb;
    bool op_and = false;
    double boost = 1.0;
    if (fb->type == CK_SJ_OBJECT) {
        qv = ck_sj_get(fb, "query");
        if (!qv) {
            ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: no [query] for field [%s]", clause, field);
            return NULL;
        }
        const ck_sj *op = ck_sj_get(fb, "operator");
        if (op) {
            if (op->type != CK_SJ_STRING || (strcasecmp(op->s, "and") && strcasecmp(op->s, "or"))) {
                ck_sq_fail(q, 400, "parsing_exception", "[%s] operator must be \"and\" or \"or\"", clause);
                return NULL;
            }
            op_and = !strcasecmp(op->s, "and");
        }
        if (!get_boost(q, clause, fb, &boost)) return NULL;
        for (size_t i = 0; i < fb->n; i++) {
            const char *k = fb->kids[i].key;
            if (strcmp(k, "query") && strcmp(k, "operator") && strcmp(k, "boost") && strcmp(k, "analyzer") &&
                strcmp(k, "slop") && strcmp(k, "zero_terms_query") && strcmp(k, "lenient") && strcmp(k, "fuzziness") &&
                strcmp(k, "minimum_should_match") && strcmp(k, "_name") && strcmp(k, "max_expansions")) {
                ck_sq_fail(q, 400, "parsing_exception", "[%s] query does not support [%s]", clause, k);
                return NULL;
            }
        }
    }
    char *text = sj_text(q, qv);
    if (!text) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: [query] must be a string, number or boolean",
                   clause);
        return NULL;
    }
    const char *fields[1] = { field };
    ck_sq_node *n = fts_leaf(q, fkind, fields, is_all_field(field) ? 0 : 1, text, op_and);
    if (n) n->boost = boost;
    return n;
}

static int string_list(ck_sq *q, const ck_sj *arr, const char *clause, const char *what, char ***out) {
    if (arr->type == CK_SJ_STRING) {
        *out = ck_arena_alloc(&q->arena, sizeof(char *));
        (*out)[0] = ck_arena_strndup(&q->arena, arr->s, arr->len);
        return 1;
    }
    if (arr->type != CK_SJ_ARRAY) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] [%s] must be an array of strings", clause, what);
        return -1;
    }
    *out = ck_arena_alloc(&q->arena, (arr->n + 1) * sizeof(char *));
    for (size_t i = 0; i < arr->n; i++) {
        if (arr->kids[i].type != CK_SJ_STRING) {
            ck_sq_fail(q, 400, "parsing_exception", "[%s] [%s] must be an array of strings", clause, what);
            return -1;
        }
        /* "title^2": per-field boosts are accepted and ignored. */
        const char *s = arr->kids[i].s;
        const char *caret = strchr(s, '^');
        (*out)[i] = ck_arena_strndup(&q->arena, s, caret ? (size_t)(caret - s) : arr->kids[i].len);
    }
    return (int)arr->n;
}

static ck_sq_node *c_multi_match(ck_sq *q, const ck_sj *body) {
    if (body->type != CK_SJ_OBJECT) {
        ck_sq_fail(q, 400, "parsing_exception", "[multi_match] query malformed: expected an object");
        return NULL;
    }
    const ck_sj *qv = ck_sj_get(body, "query");
    char *text = qv ? sj_text(q, qv) : NULL;
    if (!text) {
        ck_sq_fail(q, 400, "parsing_exception", "[multi_match] requires a [query] string");
        return NULL;
    }
    char **fields = NULL;
    int nf = 0;
    const ck_sj *fv = ck_sj_get(body, "fields");
    if (fv && (nf = string_list(q, fv, "multi_match", "fields", &fields)) < 0) return NULL;
    bool all = nf == 0;
    for (int i = 0; i < nf; i++)
        if (is_all_field(fields[i])) all = true;
    int fkind = CK_SQF_TERMS;
    const ck_sj *type = ck_sj_get(body, "type");
    if (type && type->type == CK_SJ_STRING) {
        if (!strcmp(type->s, "phrase")) fkind = CK_SQF_PHRASE;
        else if (!strcmp(type->s, "phrase_prefix")) fkind = CK_SQF_PHRASE_PREFIX;
        else if (strcmp(type->s, "best_fields") && strcmp(type->s, "most_fields") && strcmp(type->s, "cross_fields") &&
                 strcmp(type->s, "bool_prefix")) {
            ck_sq_fail(q, 400, "parsing_exception", "[multi_match] unknown type [%s]", type->s);
            return NULL;
        }
    }
    bool op_and = false;
    const ck_sj *op = ck_sj_get(body, "operator");
    if (op && op->type == CK_SJ_STRING) op_and = !strcasecmp(op->s, "and");
    ck_sq_node *n = fts_leaf(q, fkind, (const char *const *)fields, all ? 0 : nf, text, op_and);
    if (n && !get_boost(q, "multi_match", body, &n->boost)) return NULL;
    return n;
}

/* term / terms / range / exists / prefix / ids targets. */
static ck_sq_node *value_leaf(ck_sq *q, int kind, const char *field) {
    ck_sq_node *n = node_new(q, kind);
    if (!n) return NULL;
    size_t fl = strlen(field);
    /* "status.keyword": the exact value of "status". */
    if (fl > 8 && !strcmp(field + fl - 8, ".keyword")) fl -= 8;
    n->field = ck_arena_strndup(&q->arena, field, fl);
    return n;
}

static ck_sq_node *c_term(ck_sq *q, const ck_sj *body, bool terms) {
    const char *clause = terms ? "terms" : "term";
    if (body->type != CK_SJ_OBJECT) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: expected an object", clause);
        return NULL;
    }
    const ck_sj *fb = NULL;
    double boost = 1.0;
    for (size_t i = 0; i < body->n; i++) {
        if (!strcmp(body->kids[i].key, "boost") && terms) {
            if (!get_boost(q, clause, body, &boost)) return NULL;
            continue;
        }
        if (fb) {
            ck_sq_fail(q, 400, "parsing_exception", "[%s] query does not support more than one field", clause);
            return NULL;
        }
        fb = &body->kids[i];
    }
    if (!fb) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: no field", clause);
        return NULL;
    }
    ck_sq_node *n = value_leaf(q, CK_SQN_TERM, fb->key);
    if (!n) return NULL;
    n->boost = boost;
    const ck_sj *vals = fb;
    if (!terms && fb->type == CK_SJ_OBJECT) {
        vals = ck_sj_get(fb, "value");
        if (!vals) {
            ck_sq_fail(q, 400, "parsing_exception", "[term] query malformed: no [value] for field [%s]", fb->key);
            return NULL;
        }
        if (!get_boost(q, clause, fb, &n->boost)) return NULL;
    }
    if (terms) {
        if (vals->type != CK_SJ_ARRAY) {
            ck_sq_fail(q, 400, "parsing_exception", "[terms] query malformed: [%s] must be an array of values", fb->key);
            return NULL;
        }
        n->values = vals->kids;
        n->nvalues = (int)vals->n;
    } else {
        n->values = vals;
        n->nvalues = 1;
    }
    for (int i = 0; i < n->nvalues; i++) {
        ck_sj_type t = n->values[i].type;
        if (t == CK_SJ_OBJECT || t == CK_SJ_ARRAY || t == CK_SJ_NULL) {
            ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: values of [%s] must be strings, numbers "
                       "or booleans", clause, fb->key);
            return NULL;
        }
    }
    return n;
}

static bool range_bound(ck_sq *q, const ck_sj *v, bool date_field, ck_sq_bound *b, const char *field) {
    b->set = true;
    if (v->type == CK_SJ_NUMBER) {
        b->num = v->num;
        b->is_num = true;
        return true;
    }
    if (v->type == CK_SJ_STRING) {
        int64_t ms;
        char *end = NULL;
        double d = strtod(v->s, &end);
        if (!date_field && end && end != v->s && *end == 0) {
            b->num = d;
            b->is_num = true;
            b->str = v->s;
            return true;
        }
        if (ck_sq_parse_date(v->s, v->len, &ms)) {
            b->num = (double)ms;
            b->is_num = true;
            b->is_date = true;
            b->str = v->s;
            return true;
        }
        if (date_field) {
            ck_sq_fail(q, 400, "parse_exception", "[range] failed to parse date field [%s] in [%s]", v->s, field);
            return false;
        }
        b->str = v->s;
        b->is_num = false;
        return true;
    }
    ck_sq_fail(q, 400, "parsing_exception", "[range] bounds of [%s] must be numbers or strings", field);
    return false;
}

static ck_sq_node *c_range(ck_sq *q, const ck_sj *body) {
    const char *field = NULL;
    const ck_sj *fb = field_body(q, "range", body, &field);
    if (!fb) return NULL;
    if (fb->type != CK_SJ_OBJECT) {
        ck_sq_fail(q, 400, "parsing_exception", "[range] query malformed: [%s] must be an object", field);
        return NULL;
    }
    ck_sq_node *n = value_leaf(q, CK_SQN_RANGE, field);
    if (!n) return NULL;
    bool date_field = !strcmp(n->field, "_timestamp");
    for (size_t i = 0; i < fb->n; i++) {
        const ck_sj *k = &fb->kids[i];
        bool ok = true;
        if (!strcmp(k->key, "gte") || !strcmp(k->key, "from")) ok = range_bound(q, k, date_field, &n->lo, field), n->lo.incl = true;
        else if (!strcmp(k->key, "gt")) ok = range_bound(q, k, date_field, &n->lo, field), n->lo.incl = false;
        else if (!strcmp(k->key, "lte") || !strcmp(k->key, "to")) ok = range_bound(q, k, date_field, &n->hi, field), n->hi.incl = true;
        else if (!strcmp(k->key, "lt")) ok = range_bound(q, k, date_field, &n->hi, field), n->hi.incl = false;
        else if (!strcmp(k->key, "boost")) ok = get_boost(q, "range", fb, &n->boost);
        else if (!strcmp(k->key, "format") || !strcmp(k->key, "time_zone") || !strcmp(k->key, "relation") ||
                 !strcmp(k->key, "include_lower") || !strcmp(k->key, "include_upper")) ok = true;
        else {
            ck_sq_fail(q, 400, "parsing_exception", "[range] query does not support [%s]", k->key);
            return NULL;
        }
        if (!ok) return NULL;
    }
    return n;
}

static ck_sq_node *c_exists(ck_sq *q, const ck_sj *body) {
    const ck_sj *f = ck_sj_get(body, "field");
    if (body->type != CK_SJ_OBJECT || !f || f->type != CK_SJ_STRING) {
        ck_sq_fail(q, 400, "parsing_exception", "[exists] query malformed: requires a [field] string");
        return NULL;
    }
    return value_leaf(q, CK_SQN_EXISTS, f->s);
}

static ck_sq_node *c_prefix(ck_sq *q, const ck_sj *body) {
    const char *field = NULL;
    const ck_sj *fb = field_body(q, "prefix", body, &field);
    if (!fb) return NULL;
    const ck_sj *v = fb->type == CK_SJ_OBJECT ? ck_sj_get(fb, "value") : fb;
    if (!v || v->type != CK_SJ_STRING) {
        ck_sq_fail(q, 400, "parsing_exception", "[prefix] query malformed: [%s] needs a string value", field);
        return NULL;
    }
    const char *fields[1] = { field };
    ck_sq_node *n = fts_leaf(q, CK_SQF_PREFIX, fields, is_all_field(field) ? 0 : 1, v->s, false);
    if (n && fb->type == CK_SJ_OBJECT && !get_boost(q, "prefix", fb, &n->boost)) return NULL;
    return n;
}

static ck_sq_node *c_ids(ck_sq *q, const ck_sj *body) {
    const ck_sj *v = ck_sj_get(body, "values");
    if (!v || v->type != CK_SJ_ARRAY) {
        ck_sq_fail(q, 400, "parsing_exception", "[ids] query malformed: requires a [values] array");
        return NULL;
    }
    ck_sq_node *n = value_leaf(q, CK_SQN_TERM, "_id");
    if (n) n->values = v->kids, n->nvalues = (int)v->n;
    return n;
}

static bool compile_list(ck_sq *q, const ck_sj *v, int depth, ck_sq_node ***arr, int *n, const char *occur) {
    if (v->type == CK_SJ_OBJECT) {
        ck_sq_node *x = compile(q, v, depth + 1);
        if (!x) return false;
        list_push(q, arr, n, x);
        return true;
    }
    if (v->type != CK_SJ_ARRAY) {
        ck_sq_fail(q, 400, "parsing_exception", "[bool] query malformed: [%s] must be an object or an array", occur);
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        if (v->kids[i].type != CK_SJ_OBJECT) {
            ck_sq_fail(q, 400, "parsing_exception", "[bool] query malformed: [%s] entries must be query objects", occur);
            return false;
        }
        ck_sq_node *x = compile(q, &v->kids[i], depth + 1);
        if (!x) return false;
        list_push(q, arr, n, x);
    }
    return true;
}

static bool parse_msm(ck_sq *q, const ck_sj *v, int *msm) {
    if (v->type == CK_SJ_NUMBER && v->integral) {
        *msm = (int)v->num;
        return true;
    }
    if (v->type == CK_SJ_STRING) {
        char *end = NULL;
        long x = strtol(v->s, &end, 10);
        if (end != v->s && (*end == 0 || *end == '%')) {
            *msm = (int)x;
            if (*end == '%') *msm = -1000 - (int)x;  /* percentage, resolved against the should count */
            return true;
        }
    }
    ck_sq_fail(q, 400, "parsing_exception", "[bool] minimum_should_match must be an integer or a percentage");
    return false;
}

static ck_sq_node *c_bool(ck_sq *q, const ck_sj *body, int depth) {
    if (body->type != CK_SJ_OBJECT) {
        ck_sq_fail(q, 400, "parsing_exception", "[bool] query malformed: expected an object");
        return NULL;
    }
    ck_sq_node *n = node_new(q, CK_SQN_BOOL);
    if (!n) return NULL;
    n->msm = -1;
    for (size_t i = 0; i < body->n; i++) {
        const ck_sj *k = &body->kids[i];
        bool ok;
        if (!strcmp(k->key, "must")) ok = compile_list(q, k, depth, &n->must, &n->nmust, "must");
        else if (!strcmp(k->key, "should")) ok = compile_list(q, k, depth, &n->should, &n->nshould, "should");
        else if (!strcmp(k->key, "must_not")) ok = compile_list(q, k, depth, &n->must_not, &n->nmust_not, "must_not");
        else if (!strcmp(k->key, "filter")) ok = compile_list(q, k, depth, &n->filter, &n->nfilter, "filter");
        else if (!strcmp(k->key, "minimum_should_match")) ok = parse_msm(q, k, &n->msm);
        else if (!strcmp(k->key, "boost")) ok = get_boost(q, "bool", body, &n->boost);
        else if (!strcmp(k->key, "_name") || !strcmp(k->key, "adjust_pure_negative")) ok = true;
        else {
            ck_sq_fail(q, 400, "parsing_exception", "[bool] query does not support [%s]", k->key);
            ok = false;
        }
        if (!ok) return NULL;
    }
    if (n->msm <= -1000) {
        int pct = -(n->msm + 1000);
        n->msm = n->nshould * pct / 100;
    }
    return n;
}

/* ---- query_string and simple_query_string ---------------------------- */

typedef struct qs_parser {
    ck_sq       *q;
    const char  *p;
    bool         simple;       /* simple_query_string syntax, lenient */
    bool         def_and;
    char       **dfields;      /* default fields (0: all) */
    int          ndfields;
    int          depth;
} qs_parser;

static void qs_ws(qs_parser *ps) {
    while (*ps->p && isspace((unsigned char)*ps->p)) ps->p++;
}

static bool qs_word_char(char c, bool simple) {
    if (!c || isspace((unsigned char)c)) return false;
    if (c == '(' || c == ')' || c == '"') return false;
    if (simple && (c == '|' || c == '+')) return false;
    return true;
}

static bool qs_kw(qs_parser *ps, const char *kw) {
    size_t n = strlen(kw);
    if (strncmp(ps->p, kw, n) != 0) return false;
    char c = ps->p[n];
    if (c && !isspace((unsigned char)c) && c != '(' && c != '"') return false;
    ps->p += n;
    return true;
}

static ck_sq_node *qs_expr(qs_parser *ps);

static ck_sq_node *qs_leaf(qs_parser *ps, int fkind, const char *field, const char *text) {
    if (field) {
        const char *f[1] = { field };
        return fts_leaf(ps->q, fkind, f, is_all_field(field) ? 0 : 1, text, true);
    }
    return fts_leaf(ps->q, fkind, (const char *const *)ps->dfields, ps->ndfields, text, true);
}

/* field:[a TO b], field:>=x and friends, as a range leaf. */
static ck_sq_node *qs_range(qs_parser *ps, const char *field) {
    ck_sq *q = ps->q;
    ck_sq_node *n = value_leaf(q, CK_SQN_RANGE, field);
    if (!n) return NULL;
    bool date_field = !strcmp(n->field, "_timestamp");
    const char *p = ps->p;
    ck_sj tmp;
    memset(&tmp, 0, sizeof(tmp));
    tmp.type = CK_SJ_STRING;
    if (*p == '[' || *p == '{') {
        bool lo_incl = *p == '[';
        p++;
        const char *a = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        char *lo = ck_arena_strndup(&q->arena, a, (size_t)(p - a));
        while (isspace((unsigned char)*p)) p++;
        if (strncmp(p, "TO", 2) != 0) goto bad;
        p += 2;
        while (isspace((unsigned char)*p)) p++;
        a = p;
        while (*p && *p != ']' && *p != '}' && !isspace((unsigned char)*p)) p++;
        char *hi = ck_arena_strndup(&q->arena, a, (size_t)(p - a));
        while (isspace((unsigned char)*p)) p++;
        if (*p != ']' && *p != '}') goto bad;
        bool hi_incl = *p == ']';
        p++;
        if (strcmp(lo, "*")) {
            tmp.s = lo, tmp.len = strlen(lo);
            if (!range_bound(q, &tmp, date_field, &n->lo, field)) return NULL;
            n->lo.incl = lo_incl;
        }
        if (strcmp(hi, "*")) {
            tmp.s = hi, tmp.len = strlen(hi);
            if (!range_bound(q, &tmp, date_field, &n->hi, field)) return NULL;
            n->hi.incl = hi_incl;
        }
        ps->p = p;
        return n;
    }
    bool gt = *p == '>';
    p++;
    bool eq = *p == '=';
    if (eq) p++;
    const char *a = p;
    while (qs_word_char(*p, ps->simple)) p++;
    if (p == a) goto bad;
    char *v = ck_arena_strndup(&q->arena, a, (size_t)(p - a));
    tmp.s = v, tmp.len = strlen(v);
    ck_sq_bound *b = gt ? &n->lo : &n->hi;
    if (!range_bound(q, &tmp, date_field, b, field)) return NULL;
    b->incl = eq;
    ps->p = p;
    return n;
bad:
    ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query: malformed range on [%s]", field);
    return NULL;
}

static ck_sq_node *qs_primary(qs_parser *ps, const char *field) {
    ck_sq *q = ps->q;
    qs_ws(ps);
    char c = *ps->p;
    if (c == '(') {
        if (++ps->depth > q->max_depth) {
            ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query: nested deeper than %d (search.max.depth)",
                       q->max_depth);
            return NULL;
        }
        ps->p++;
        char **save = ps->dfields;
        int nsave = ps->ndfields;
        if (field) {
            ps->dfields = ck_arena_alloc(&q->arena, sizeof(char *));
            ps->dfields[0] = ck_arena_strndup(&q->arena, field, strlen(field));
            ps->ndfields = is_all_field(field) ? 0 : 1;
        }
        ck_sq_node *n = qs_expr(ps);
        ps->dfields = save;
        ps->ndfields = nsave;
        ps->depth--;
        if (!n) return NULL;
        qs_ws(ps);
        if (*ps->p == ')') ps->p++;
        else if (!ps->simple) {
            ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query: missing ')'");
            return NULL;
        }
        return n;
    }
    if (c == '"') {
        const char *s = ++ps->p;
        while (*ps->p && *ps->p != '"') ps->p += (*ps->p == '\\' && ps->p[1]) ? 2 : 1;
        if (!*ps->p && !ps->simple) {
            ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query: unbalanced quotes");
            return NULL;
        }
        char *text = ck_arena_strndup(&q->arena, s, (size_t)(ps->p - s));
        if (*ps->p) ps->p++;
        if (*ps->p == '~') { /* proximity: accepted, ignored */
            ps->p++;
            while (isdigit((unsigned char)*ps->p)) ps->p++;
        }
        return qs_leaf(ps, CK_SQF_PHRASE, field, text);
    }
    if (!field && !ps->simple) {
        /* field:value ?  (a ':' inside the word, not escaped) */
        const char *s = ps->p, *e = s;
        while (qs_word_char(*e, false) && *e != ':') e += (*e == '\\' && e[1]) ? 2 : 1;
        if (*e == ':' && e > s) {
            char *f = ck_arena_strndup(&q->arena, s, (size_t)(e - s));
            ps->p = e + 1;
            if (*ps->p == '[' || *ps->p == '{' || *ps->p == '>' || *ps->p == '<') return qs_range(ps, f);
            return qs_primary(ps, f);
        }
    }
    const char *s = ps->p;
    ck_wb w;
    ck_wb_init(&w, 32);
    while (qs_word_char(*ps->p, ps->simple)) {
        if (*ps->p == '\\' && ps->p[1]) ps->p++;
        ck_wb_i8(&w, *ps->p);
        ps->p++;
    }
    if (ps->p == s) {
        ck_wb_free(&w);
        if (ps->simple) return NULL;
        ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query: unexpected '%c' at [%.40s]", c ? c : ' ', s);
        return NULL;
    }
    bool prefix = w.len > 1 && w.buf[w.len - 1] == '*';
    if (prefix) w.len--;
    char *text = ck_arena_strndup(&q->arena, (const char *)w.buf, w.len);
    ck_wb_free(&w);
    if (*ps->p == '~' || *ps->p == '^') { /* fuzziness / boost: accepted, ignored */
        ps->p++;
        while (isdigit((unsigned char)*ps->p) || *ps->p == '.') ps->p++;
    }
    if (!strcmp(text, "*")) return field && !is_all_field(field) ? value_leaf(q, CK_SQN_EXISTS, field)
                                                                   : node_new(q, CK_SQN_ALL);
    return qs_leaf(ps, prefix ? CK_SQF_PREFIX : CK_SQF_TERMS, field, text);
}

/* One clause with its modifier: 1 must, 2 should, 3 must_not, 0 default. */
static ck_sq_node *qs_unary(qs_parser *ps, int *mod) {
    qs_ws(ps);
    *mod = 0;
    for (;;) {
        if (*ps->p == '+') {
            ps->p++;
            *mod = 1;
        } else if (*ps->p == '-') {
            ps->p++;
            *mod = 3;
        } else if (*ps->p == '!' && !ps->simple) {
            ps->p++;
            *mod = 3;
        } else if (!ps->simple && qs_kw(ps, "NOT")) {
            *mod = 3;
        } else {
            break;
        }
        qs_ws(ps);
    }
    return qs_primary(ps, NULL);
}

static ck_sq_node *qs_expr(qs_parser *ps) {
    ck_sq *q = ps->q;
    ck_sq_node *b = node_new(q, CK_SQN_BOOL);
    if (!b) return NULL;
    b->msm = -1;
    ck_sq_node **items = NULL;
    int *mods = NULL, n = 0;
    int pending = 0; /* conjunction before the next clause: 1 AND, 2 OR */
    for (;;) {
        qs_ws(ps);
        if (!*ps->p || *ps->p == ')') break;
        if (!ps->simple && (qs_kw(ps, "AND") || (ps->p[0] == '&' && ps->p[1] == '&' && (ps->p += 2)))) {
            pending = 1;
            if (n > 0 && mods[n - 1] == 0) mods[n - 1] = 1;
            continue;
        }
        if ((!ps->simple && (qs_kw(ps, "OR") || (ps->p[0] == '|' && ps->p[1] == '|' && (ps->p += 2)))) ||
            (ps->simple && *ps->p == '|' && ps->p++)) {
            pending = 2;
            if (n > 0 && mods[n - 1] == 0) mods[n - 1] = 2;
            continue;
        }
        if (ps->simple && *ps->p == '+' && n > 0 && (ps->p[1] == ' ' || !ps->p[1])) {
            ps->p++;
            pending = 1;
            if (mods[n - 1] == 0) mods[n - 1] = 1;
            continue;
        }
        int mod = 0;
        const char *before = ps->p;
        ck_sq_node *x = qs_unary(ps, &mod);
        if (!x) {
            if (q->status) return NULL;
            if (ps->p == before) ps->p++; /* lenient: skip a stray character */
            continue;
        }
        if (mod == 0 && pending) mod = pending;
        pending = 0;
        int *nm = ck_arena_alloc(&q->arena, (size_t)(n + 1) * sizeof(int));
        ck_sq_node **ni = ck_arena_alloc(&q->arena, (size_t)(n + 1) * sizeof(*ni));
        if (n) memcpy(nm, mods, (size_t)n * sizeof(int)), memcpy(ni, items, (size_t)n * sizeof(*ni));
        nm[n] = mod;
        ni[n++] = x;
        mods = nm;
        items = ni;
    }
    if (n == 1 && (mods[0] == 0 || mods[0] == 1 || mods[0] == 2)) return items[0];
    for (int i = 0; i < n; i++) {
        int m = mods[i] ? mods[i] : (ps->def_and ? 1 : 2);
        if (m == 1) list_push(q, &b->must, &b->nmust, items[i]);
        else if (m == 2) list_push(q, &b->should, &b->nshould, items[i]);
        else list_push(q, &b->must_not, &b->nmust_not, items[i]);
    }
    if (n == 0) return node_new(q, CK_SQN_NONE);
    return b;
}

static ck_sq_node *c_query_string(ck_sq *q, const ck_sj *body, bool simple) {
    const char *clause = simple ? "simple_query_string" : "query_string";
    if (body->type != CK_SJ_OBJECT) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: expected an object", clause);
        return NULL;
    }
    const ck_sj *qv = ck_sj_get(body, "query");
    if (!qv || qv->type != CK_SJ_STRING) {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] requires a [query] string", clause);
        return NULL;
    }
    qs_parser ps = { .q = q, .p = qv->s, .simple = simple };
    const ck_sj *op = ck_sj_get(body, "default_operator");
    if (op && op->type == CK_SJ_STRING) ps.def_and = !strcasecmp(op->s, "and");
    const ck_sj *df = ck_sj_get(body, "default_field");
    const ck_sj *fv = ck_sj_get(body, "fields");
    if (fv) {
        if ((ps.ndfields = string_list(q, fv, clause, "fields", &ps.dfields)) < 0) return NULL;
    } else if (df && df->type == CK_SJ_STRING) {
        ps.ndfields = string_list(q, df, clause, "default_field", &ps.dfields);
    }
    for (int i = 0; i < ps.ndfields; i++)
        if (is_all_field(ps.dfields[i])) ps.ndfields = 0;
    ck_sq_node *n = qs_expr(&ps);
    if (n && *ps.p == ')' && !simple) {
        ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query [%s]: unbalanced ')'", qv->s);
        return NULL;
    }
    if (n && !get_boost(q, clause, body, &n->boost)) return NULL;
    return n;
}

ck_sq_node *ck_sq_compile_qs(ck_sq *q, const char *text, const char *df, bool def_and) {
    qs_parser ps = { .q = q, .p = text, .def_and = def_and };
    if (df && *df && !is_all_field(df)) {
        ps.dfields = ck_arena_alloc(&q->arena, sizeof(char *));
        ps.dfields[0] = ck_arena_strndup(&q->arena, df, strlen(df));
        ps.ndfields = 1;
    }
    ck_sq_node *n = qs_expr(&ps);
    if (n && *ps.p == ')') {
        ck_sq_fail(q, 400, "query_shard_exception", "Failed to parse query [%s]: unbalanced ')'", text);
        return NULL;
    }
    return n;
}

static ck_sq_node *compile(ck_sq *q, const ck_sj *v, int depth) {
    if (depth > q->max_depth) {
        ck_sq_fail(q, 400, "parsing_exception", "the query is nested deeper than %d (search.max.depth)", q->max_depth);
        return NULL;
    }
    if (v->type != CK_SJ_OBJECT || v->n != 1) {
        ck_sq_fail(q, 400, "parsing_exception", v->type == CK_SJ_OBJECT && v->n == 0 ?
                   "query malformed, empty clause found" :
                   "[_na] query malformed, must start with start_object and hold exactly one query type");
        return NULL;
    }
    const char *type = v->kids[0].key;
    const ck_sj *body = &v->kids[0];
    if (!strcmp(type, "match_all") || !strcmp(type, "match_none")) {
        if (body->type != CK_SJ_OBJECT) {
            ck_sq_fail(q, 400, "parsing_exception", "[%s] query malformed: expected an object", type);
            return NULL;
        }
        ck_sq_node *n = node_new(q, type[6] == 'a' ? CK_SQN_ALL : CK_SQN_NONE);
        if (n && !get_boost(q, type, body, &n->boost)) return NULL;
        return n;
    }
    if (!strcmp(type, "match")) return c_match(q, body, CK_SQF_TERMS, type);
    if (!strcmp(type, "match_phrase")) return c_match(q, body, CK_SQF_PHRASE, type);
    if (!strcmp(type, "match_phrase_prefix")) return c_match(q, body, CK_SQF_PHRASE_PREFIX, type);
    if (!strcmp(type, "multi_match")) return c_multi_match(q, body);
    if (!strcmp(type, "query_string")) return c_query_string(q, body, false);
    if (!strcmp(type, "simple_query_string")) return c_query_string(q, body, true);
    if (!strcmp(type, "term")) return c_term(q, body, false);
    if (!strcmp(type, "terms")) return c_term(q, body, true);
    if (!strcmp(type, "range")) return c_range(q, body);
    if (!strcmp(type, "exists")) return c_exists(q, body);
    if (!strcmp(type, "prefix")) return c_prefix(q, body);
    if (!strcmp(type, "ids")) return c_ids(q, body);
    if (!strcmp(type, "bool")) return c_bool(q, body, depth);
    if (!strcmp(type, "constant_score")) {
        const ck_sj *f = ck_sj_get(body, "filter");
        if (!f) {
            ck_sq_fail(q, 400, "parsing_exception", "[constant_score] requires a [filter]");
            return NULL;
        }
        ck_sq_node *b = node_new(q, CK_SQN_BOOL);
        if (!b) return NULL;
        b->msm = -1;
        b->constant = true;
        if (!compile_list(q, f, depth, &b->filter, &b->nfilter, "filter")) return NULL;
        if (!get_boost(q, type, body, &b->boost)) return NULL;
        return b;
    }
    ck_sq_fail(q, 400, "parsing_exception", "unknown query [%s]", type);
    return NULL;
}

ck_sq_node *ck_sq_compile(ck_sq *q, const ck_sj *query) { return compile(q, query, 0); }

/*
 * search_api.c — the search instance of an engine (extension slot, feature
 * hooks) and the operations of its Elasticsearch-compatible API: _search,
 * _count, _doc, _mapping, _cat/indices, _search/stats and the node
 * information of GET /, each answering in Elasticsearch's response and
 * error shapes.  The REST layer (lib/http) and chronik_search both call
 * ck_search_handle.
 *
 * Index names: a topic, a comma-separated list, wildcard patterns (logs-*)
 * or _all / * / nothing (every searchable topic).  A named topic that does
 * not exist is index_not_found_exception (404); one that exists but is not
 * searchable is illegal_argument_exception (400) naming searchable.enabled;
 * patterns match searchable topics only.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "search/search_query.h"

static const ck_ext_key search_key = {"search"};

ck_search *ck_search_of(ck_engine *eng) { return ck_engine_ext(eng, &search_key); }

#define JSON_TYPE "application/json; charset=UTF-8"
#define TEXT_TYPE "text/plain; charset=UTF-8"

/* ===================================================================== */
/* Errors                                                                */
/* ===================================================================== */

static void write_error(ck_wb *out, int status, const char *type, const char *reason, const char *index) {
    ck_wb_reset(out);
    ck_json_raw(out, "{\"error\":{\"root_cause\":[{\"type\":");
    ck_json_cstr(out, type);
    ck_json_raw(out, ",\"reason\":");
    ck_json_cstr(out, reason);
    if (index) {
        ck_json_raw(out, ",\"index\":");
        ck_json_cstr(out, index);
    }
    ck_json_raw(out, "}],\"type\":");
    ck_json_cstr(out, type);
    ck_json_raw(out, ",\"reason\":");
    ck_json_cstr(out, reason);
    if (index) {
        ck_json_raw(out, ",\"index\":");
        ck_json_cstr(out, index);
    }
    ck_json_raw(out, "},\"status\":");
    ck_json_i64(out, status);
    ck_json_raw(out, "}");
}

int ck_search_status_err(int status) {
    switch (status) {
    case 200: case 201: return 0;
    case 404: return CHRONIK_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    case 408: return CHRONIK_ERR_TIMED_OUT;
    case 400: case 413: return CHRONIK_ERR_INVALID_ARG;
    case 503: return CHRONIK_ERR_UNSUPPORTED;
    default: return CHRONIK_ERR_IO;
    }
}

/* ===================================================================== */
/* Index resolution                                                      */
/* ===================================================================== */

typedef struct resolved {
    ck_sidx **idx;
    size_t    n, cap;
} resolved;

static void resolved_add(resolved *r, ck_sidx *idx) {
    for (size_t i = 0; i < r->n; i++)
        if (r->idx[i] == idx) {
            ck_sidx_release(idx);
            return;
        }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->idx = ck_realloc(r->idx, r->cap * sizeof(*r->idx));
    }
    r->idx[r->n++] = idx;
}

static void resolved_free(resolved *r) {
    for (size_t i = 0; i < r->n; i++) ck_sidx_release(r->idx[i]);
    ck_free(r->idx);
    memset(r, 0, sizeof(*r));
}

static bool topic_searchable(ck_topic *t) {
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    bool on = tc.num[CK_TK_SEARCHABLE_ENABLED] != 0;
    ck_topic_conf_free(&tc);
    return on;
}

/* The live index of a searchable topic t, waiting (until deadline) for the
 * indexer to pick up a topic created or switched on a moment ago. */
static ck_sidx *index_of(ck_search *s, ck_topic *t, int64_t deadline) {
    const char *name = ck_topic_name(t);
    ck_topic_conf tc;
    ck_topic_conf_snapshot(t, &tc);
    int analyzer = (int)tc.num[CK_TK_SEARCHABLE_ANALYZER];
    bool key = tc.num[CK_TK_SEARCHABLE_KEY] != 0;
    char fbuf[1024];
    char *fields = ck_strdup(ck_topic_conf_value(&tc, ck_engine_conf(s->eng), CK_TK_SEARCHABLE_FIELDS, fbuf,
                                                 sizeof(fbuf)));
    ck_topic_conf_free(&tc);
    for (;;) {
        ck_sidx *idx = ck_sidx_get(s, name);
        /* The index of this very topic, built with its current configs. */
        if (idx && memcmp(idx->id, ck_topic_id(t), 16) == 0 && !idx->dropped && idx->analyzer == analyzer &&
            idx->index_key == key && !strcmp(idx->fields_conf, fields)) {
            ck_free(fields);
            return idx;
        }
        ck_sidx_release(idx);
        if (ck_mono_ms() > deadline) {
            ck_free(fields);
            return NULL;
        }
        ck_sidx_kick(s);
        usleep(2000);
    }
}

/* Resolves indices into r.  0, or an HTTP status with out holding the error. */
static int resolve(ck_search *s, const char *indices, resolved *r, int64_t deadline, ck_wb *out, char *err,
                   size_t errlen) {
    size_t n = 0;
    ck_topic **list = ck_engine_topic_list(s->eng, &n);
    int status = 0;
    char *copy = ck_strdup(indices ? indices : "");
    char *save = NULL;
    bool any_item = false;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ') item++;
        size_t il = strlen(item);
        while (il > 0 && item[il - 1] == ' ') item[--il] = 0;
        if (!il) continue;
        any_item = true;
        bool all = !strcmp(item, "_all") || !strcmp(item, "*");
        if (all || strpbrk(item, "*?")) {
            for (size_t i = 0; i < n; i++) {
                if (ck_topic_deleted(list[i]) || !topic_searchable(list[i])) continue;
                if (!all && fnmatch(item, ck_topic_name(list[i]), 0) != 0) continue;
                ck_sidx *idx = index_of(s, list[i], deadline);
                if (idx) resolved_add(r, idx);
            }
            continue;
        }
        ck_topic *t = ck_engine_topic_get(s->eng, item, il);
        if (!t || ck_topic_deleted(t)) {
            if (t) ck_topic_release(t);
            char reason[400];
            snprintf(reason, sizeof(reason), "no such index [%s]", item);
            write_error(out, 404, "index_not_found_exception", reason, item);
            ck_errf(err, errlen, "%s", reason);
            status = 404;
            break;
        }
        if (!topic_searchable(t)) {
            ck_topic_release(t);
            char reason[400];
            snprintf(reason, sizeof(reason),
                     "topic [%s] is not searchable: set its config searchable.enabled=true to index it", item);
            write_error(out, 400, "illegal_argument_exception", reason, item);
            ck_errf(err, errlen, "%s", reason);
            status = 400;
            break;
        }
        ck_sidx *idx = index_of(s, t, deadline);
        ck_topic_release(t);
        if (!idx) {
            char reason[400];
            snprintf(reason, sizeof(reason), "the index of [%s] is not open yet", item);
            write_error(out, 503, "no_shard_available_action_exception", reason, item);
            ck_errf(err, errlen, "%s", reason);
            status = 503;
            break;
        }
        resolved_add(r, idx);
    }
    if (!any_item) {
        for (size_t i = 0; i < n; i++) {
            if (ck_topic_deleted(list[i]) || !topic_searchable(list[i])) continue;
            ck_sidx *idx = index_of(s, list[i], deadline);
            if (idx) resolved_add(r, idx);
        }
    }
    ck_free(copy);
    ck_topics_release(list, n);
    if (status) resolved_free(r);
    return status;
}

/* ===================================================================== */
/* Request parsing                                                       */
/* ===================================================================== */

static const char *arg(const ck_search_req *req, const char *key) {
    if (!req->args) return NULL;
    for (size_t i = 0; req->args[i] && req->args[i + 1]; i += 2)
        if (!strcmp(req->args[i], key)) return req->args[i + 1];
    return NULL;
}

static bool parse_i64_text(const char *s, int64_t *out) {
    if (!s || !*s) return false;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*end) return false;
    *out = v;
    return true;
}

/* "10s", "500ms", "1m" -> ms; -1 if malformed. */
static int64_t parse_time(const char *s) {
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || v < 0) return -1;
    if (!strcmp(end, "ms")) return (int64_t)v;
    if (!strcmp(end, "s")) return (int64_t)(v * 1000);
    if (!strcmp(end, "m")) return (int64_t)(v * 60000);
    if (!*end) return (int64_t)v;
    return -1;
}

static int split_list(ck_sq *q, const char *s, char ***out) {
    int n = 0;
    char **arr = NULL;
    const char *p = s;
    while (*p) {
        while (*p == ',' || *p == ' ') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        if (e > p) {
            char **na = ck_arena_alloc(&q->arena, (size_t)(n + 1) * sizeof(char *));
            if (n) memcpy(na, arr, (size_t)n * sizeof(char *));
            na[n++] = ck_arena_strndup(&q->arena, p, (size_t)(e - p));
            arr = na;
        }
        p = e;
    }
    *out = arr;
    return n;
}

static bool add_sort(ck_sq *q, const char *field, size_t flen, const char *order) {
    if (q->nsort >= (int)CK_ARRAY_LEN(q->sort)) {
        ck_sq_fail(q, 400, "illegal_argument_exception", "at most %d sort keys are supported",
                   (int)CK_ARRAY_LEN(q->sort));
        return false;
    }
    ck_sq_sort *s = &q->sort[q->nsort];
    char *f = ck_arena_strndup(&q->arena, field, flen);
    if (!strcmp(f, "_score")) s->kind = CK_SQS_SCORE, s->desc = true;
    else if (!strcmp(f, "_offset")) s->kind = CK_SQS_OFFSET;
    else if (!strcmp(f, "_timestamp")) s->kind = CK_SQS_TIMESTAMP;
    else if (!strcmp(f, "_partition")) s->kind = CK_SQS_PARTITION;
    else if (!strcmp(f, "_doc") || !strcmp(f, "_id")) s->kind = CK_SQS_DOC;
    else {
        s->kind = CK_SQS_FIELD;
        size_t fl = strlen(f);
        if (fl > 8 && !strcmp(f + fl - 8, ".keyword")) f[fl - 8] = 0;
        s->field = f;
    }
    if (order) {
        if (!strcasecmp(order, "desc")) s->desc = true;
        else if (!strcasecmp(order, "asc")) s->desc = false;
        else {
            ck_sq_fail(q, 400, "parsing_exception", "[sort] unknown order [%s] for [%s]: use asc or desc", order, f);
            return false;
        }
    }
    q->nsort++;
    q->sort_given = true;
    return true;
}

static bool parse_sort_value(ck_sq *q, const ck_sj *v) {
    if (v->type == CK_SJ_STRING) return add_sort(q, v->s, v->len, NULL);
    if (v->type == CK_SJ_OBJECT && v->n == 1) {
        const ck_sj *o = &v->kids[0];
        if (o->type == CK_SJ_STRING) return add_sort(q, o->key, o->keylen, o->s);
        if (o->type == CK_SJ_OBJECT) {
            const ck_sj *ord = ck_sj_get(o, "order");
            if (ord && ord->type != CK_SJ_STRING) goto bad;
            return add_sort(q, o->key, o->keylen, ord ? ord->s : NULL);
        }
    }
    if (v->type == CK_SJ_ARRAY) {
        for (size_t i = 0; i < v->n; i++)
            if (!parse_sort_value(q, &v->kids[i])) return false;
        return true;
    }
bad:
    ck_sq_fail(q, 400, "parsing_exception", "[sort] malformed: expected a field name, {\"field\": \"asc|desc\"} or "
               "{\"field\": {\"order\": ...}}");
    return false;
}

static bool parse_source(ck_sq *q, const ck_sj *v) {
    switch (v->type) {
    case CK_SJ_TRUE: q->source_mode = 1; return true;
    case CK_SJ_FALSE: q->source_mode = 0; return true;
    case CK_SJ_STRING:
    case CK_SJ_ARRAY: {
        q->source_mode = 2;
        ck_sj tmp = *v;
        if (v->type == CK_SJ_STRING) {
            tmp.type = CK_SJ_ARRAY;
            tmp.kids = (ck_sj *)v;
            tmp.n = 1;
        }
        q->src_incl = ck_arena_alloc(&q->arena, (tmp.n + 1) * sizeof(char *));
        for (size_t i = 0; i < tmp.n; i++) {
            if (tmp.kids[i].type != CK_SJ_STRING) goto bad;
            q->src_incl[q->nsrc_incl++] = (char *)tmp.kids[i].s;
        }
        return true;
    }
    case CK_SJ_OBJECT: {
        q->source_mode = 2;
        for (size_t i = 0; i < v->n; i++) {
            const ck_sj *k = &v->kids[i];
            bool inc = !strcmp(k->key, "includes") || !strcmp(k->key, "include");
            bool exc = !strcmp(k->key, "excludes") || !strcmp(k->key, "exclude");
            if (!inc && !exc) goto bad;
            const ck_sj *arr = k;
            size_t cnt = k->type == CK_SJ_ARRAY ? k->n : 1;
            char **list = ck_arena_alloc(&q->arena, (cnt + 1) * sizeof(char *));
            for (size_t j = 0; j < cnt; j++) {
                const ck_sj *e = k->type == CK_SJ_ARRAY ? &arr->kids[j] : arr;
                if (e->type != CK_SJ_STRING) goto bad;
                list[j] = (char *)e->s;
            }
            if (inc) q->src_incl = list, q->nsrc_incl = (int)cnt;
            else q->src_excl = list, q->nsrc_excl = (int)cnt;
        }
        return true;
    }
    default: break;
    }
bad:
    ck_sq_fail(q, 400, "parsing_exception", "[_source] malformed: expected a boolean, field patterns or "
               "{\"includes\": [...], \"excludes\": [...]}");
    return false;
}

static bool parse_highlight(ck_sq *q, const ck_sj *v) {
    if (v->type != CK_SJ_OBJECT) goto bad;
    q->highlight = true;
    q->pre_tag = "<em>";
    q->post_tag = "</em>";
    for (size_t i = 0; i < v->n; i++) {
        const ck_sj *k = &v->kids[i];
        if (!strcmp(k->key, "fields")) {
            if (k->type == CK_SJ_OBJECT) {
                q->hl_fields = ck_arena_alloc(&q->arena, (k->n + 1) * sizeof(char *));
                for (size_t j = 0; j < k->n; j++) q->hl_fields[q->nhl_fields++] = (char *)k->kids[j].key;
            } else if (k->type == CK_SJ_ARRAY) {
                q->hl_fields = ck_arena_alloc(&q->arena, (k->n + 1) * sizeof(char *));
                for (size_t j = 0; j < k->n; j++) {
                    const ck_sj *e = &k->kids[j];
                    if (e->type == CK_SJ_STRING) q->hl_fields[q->nhl_fields++] = (char *)e->s;
                    else if (e->type == CK_SJ_OBJECT && e->n == 1) q->hl_fields[q->nhl_fields++] = (char *)e->kids[0].key;
                    else goto bad;
                }
            } else {
                goto bad;
            }
        } else if (!strcmp(k->key, "pre_tags") || !strcmp(k->key, "post_tags")) {
            const ck_sj *t = k->type == CK_SJ_ARRAY && k->n > 0 ? &k->kids[0] : k;
            if (t->type != CK_SJ_STRING) goto bad;
            if (k->key[1] == 'r') q->pre_tag = t->s;
            else q->post_tag = t->s;
        }
        /* fragment_size, number_of_fragments, type, require_field_match...: accepted */
    }
    return true;
bad:
    ck_sq_fail(q, 400, "parsing_exception", "[highlight] malformed: expected {\"fields\": {\"name\": {}}, "
               "\"pre_tags\": [...], \"post_tags\": [...]}");
    return false;
}

static bool parse_track(ck_sq *q, const ck_sj *v) {
    if (v->type == CK_SJ_TRUE) q->track_total = -1;
    else if (v->type == CK_SJ_FALSE) q->track_total = 0;
    else if (v->type == CK_SJ_NUMBER && v->integral && v->num >= 0) q->track_total = (int64_t)v->num;
    else {
        ck_sq_fail(q, 400, "parsing_exception", "[track_total_hits] must be a boolean or a non-negative integer");
        return false;
    }
    return true;
}

static bool int_field(ck_sq *q, const ck_sj *v, const char *name, int64_t *out) {
    double d;
    if (v->type == CK_SJ_NUMBER && v->integral) d = v->num;
    else if (v->type == CK_SJ_STRING && parse_i64_text(v->s, out)) return *out >= 0 ? true : (ck_sq_fail(q, 400,
                                                 "illegal_argument_exception", "[%s] must be >= 0", name), false);
    else {
        ck_sq_fail(q, 400, "parsing_exception", "[%s] must be an integer", name);
        return false;
    }
    if (d < 0) {
        ck_sq_fail(q, 400, "illegal_argument_exception", "[%s] parameter cannot be negative, found [%g]", name, d);
        return false;
    }
    *out = d > 1e15 ? (int64_t)1e15 : (int64_t)d;
    return true;
}

/* Reads the body and URL parameters of a search or count into q. */
static void parse_request(ck_sq *q, const ck_search_req *req, bool count) {
    q->from = 0;
    q->size = 10;
    q->track_total = 10000;
    q->source_mode = 1;
    const ck_sj *body = NULL;
    if (req->body && req->body_len > 0) {
        size_t i = 0;
        while (i < req->body_len && isspace((unsigned char)req->body[i])) i++;
        if (i < req->body_len) {
            char perr[256] = "";
            /* Depth: the DSL limit plus the few levels of its wrapping. */
            body = ck_sj_parse(&q->arena, req->body, req->body_len, q->max_depth * 3 + 8, perr, sizeof(perr));
            if (!body) {
                if (strstr(perr, "nesting too deep"))
                    ck_sq_fail(q, 400, "parsing_exception", "the request body is nested deeper than allowed "
                               "(search.max.depth=%d): %s", q->max_depth, perr);
                else
                    ck_sq_fail(q, 400, "parsing_exception", "failed to parse the request body as JSON: %s", perr);
                return;
            }
            if (body->type != CK_SJ_OBJECT) {
                ck_sq_fail(q, 400, "parsing_exception", "the request body must be a JSON object, not %s",
                           ck_sj_type_name(body->type));
                return;
            }
        }
    }
    const ck_sj *query = NULL;
    for (size_t i = 0; body && i < body->n; i++) {
        const ck_sj *k = &body->kids[i];
        const char *key = k->key;
        if (!strcmp(key, "query")) query = k;
        else if (!count && !strcmp(key, "from")) { if (!int_field(q, k, "from", &q->from)) return; }
        else if (!count && !strcmp(key, "size")) { if (!int_field(q, k, "size", &q->size)) return; }
        else if (!count && !strcmp(key, "sort")) { if (!parse_sort_value(q, k)) return; }
        else if (!count && !strcmp(key, "_source")) { if (!parse_source(q, k)) return; }
        else if (!count && !strcmp(key, "highlight")) { if (!parse_highlight(q, k)) return; }
        else if (!count && !strcmp(key, "track_total_hits")) { if (!parse_track(q, k)) return; }
        else if (!strcmp(key, "timeout")) {
            int64_t ms = k->type == CK_SJ_STRING ? parse_time(k->s) : -1;
            if (ms < 0) {
                ck_sq_fail(q, 400, "parsing_exception", "[timeout] must be a time value such as \"500ms\" or \"2s\"");
                return;
            }
            q->deadline_ms = CK_MIN(q->deadline_ms, ck_mono_ms() + ms);
        } else if (!strcmp(key, "explain") || !strcmp(key, "version") || !strcmp(key, "seq_no_primary_term") ||
                   !strcmp(key, "stored_fields") || !strcmp(key, "docvalue_fields") || !strcmp(key, "profile") ||
                   !strcmp(key, "terminate_after")) {
            /* accepted, no effect */
        } else {
            ck_sq_fail(q, 400, "parsing_exception", "Unknown key for a %s in [%s].",
                       k->type == CK_SJ_OBJECT ? "START_OBJECT" : "VALUE", key);
            return;
        }
    }
    /* URL parameters. */
    const char *a;
    if ((a = arg(req, "from")) && !count && !parse_i64_text(a, &q->from)) goto bad_arg;
    if ((a = arg(req, "size")) && !count && !parse_i64_text(a, &q->size)) goto bad_arg;
    if ((a = arg(req, "timeout"))) {
        int64_t ms = parse_time(a);
        if (ms < 0) goto bad_arg;
        q->deadline_ms = CK_MIN(q->deadline_ms, ck_mono_ms() + ms);
    }
    if ((a = arg(req, "track_total_hits")) && !count) {
        int64_t v;
        if (!strcmp(a, "true")) q->track_total = -1;
        else if (!strcmp(a, "false")) q->track_total = 0;
        else if (parse_i64_text(a, &v) && v >= 0) q->track_total = v;
        else goto bad_arg;
    }
    if ((a = arg(req, "sort")) && !count) {
        char **items;
        int ni = split_list(q, a, &items);
        for (int i = 0; i < ni; i++) {
            char *colon = strrchr(items[i], ':');
            if (colon) *colon = 0;
            if (!add_sort(q, items[i], strlen(items[i]), colon ? colon + 1 : NULL)) return;
        }
    }
    if ((a = arg(req, "_source")) && !count) {
        if (!strcmp(a, "true")) q->source_mode = 1;
        else if (!strcmp(a, "false")) q->source_mode = 0;
        else q->source_mode = 2, q->nsrc_incl = split_list(q, a, &q->src_incl);
    }
    if ((a = arg(req, "_source_includes")) && !count) q->source_mode = 2, q->nsrc_incl = split_list(q, a, &q->src_incl);
    if ((a = arg(req, "_source_excludes")) && !count) {
        if (q->source_mode == 1) q->source_mode = 2;
        q->nsrc_excl = split_list(q, a, &q->src_excl);
    }
    if (q->from < 0 || q->size < 0) {
        ck_sq_fail(q, 400, "illegal_argument_exception", "[from] and [size] cannot be negative");
        return;
    }
    if (!count && q->from + q->size > q->s->max_size) {
        ck_sq_fail(q, 400, "illegal_argument_exception",
                   "Result window is too large, from + size must be less than or equal to: [%lld] but was [%lld]. "
                   "See the broker config search.max.size.", (long long)q->s->max_size, (long long)(q->from + q->size));
        return;
    }
    if ((a = arg(req, "q"))) {
        if (query) {
            ck_sq_fail(q, 400, "illegal_argument_exception", "the q parameter and a body query cannot be combined");
            return;
        }
        const char *op = arg(req, "default_operator");
        q->root = ck_sq_compile_qs(q, a, arg(req, "df"), op && !strcasecmp(op, "and"));
        return;
    }
    if (query) {
        q->root = ck_sq_compile(q, query);
        return;
    }
    q->root = ck_arena_alloc(&q->arena, sizeof(ck_sq_node));
    q->root->kind = CK_SQN_ALL;
    q->root->boost = 1.0;
    return;
bad_arg:
    ck_sq_fail(q, 400, "illegal_argument_exception", "malformed URL parameter value [%s]", a);
}

/* ===================================================================== */
/* Operations                                                            */
/* ===================================================================== */

static void sq_init(ck_search *s, ck_sq *q) {
    memset(q, 0, sizeof(*q));
    q->s = s;
    ck_arena_init(&q->arena);
    q->max_depth = s->max_depth;
    q->max_clauses = s->max_clauses;
    q->deadline_ms = ck_mono_ms() + s->timeout_ms;
}

static int op_search(ck_search *s, const ck_search_req *req, bool count, ck_wb *out, char *err, size_t errlen) {
    ck_sq q;
    sq_init(s, &q);
    q.count_only = count;
    resolved r = {0};
    int status;
    parse_request(&q, req, count);
    if (q.status) goto fail;
    if ((status = resolve(s, req->indices, &r, q.deadline_ms, out, err, errlen)) != 0) goto done;
    status = ck_sq_execute(&q, r.idx, r.n, out);
    if (q.status) goto fail;
    goto done;
fail:
    status = q.status;
    write_error(out, status, q.etype, q.reason, NULL);
    ck_errf(err, errlen, "%s: %s", q.etype, q.reason);
done:
    resolved_free(&r);
    ck_arena_free(&q.arena);
    return status;
}

static int op_doc(ck_search *s, const ck_search_req *req, ck_wb *out, char *err, size_t errlen) {
    const char *id = req->doc_id ? req->doc_id : "";
    const char *topic = req->indices ? req->indices : "";
    /* {topic}-{partition}-{offset}; the topic may hold dashes. */
    const char *d2 = strrchr(id, '-');
    const char *d1 = NULL;
    for (const char *p = d2 ? d2 - 1 : NULL; p && p >= id; p--)
        if (*p == '-') {
            d1 = p;
            break;
        }
    int64_t part = -1, off = -1;
    bool ok = d1 && d2 && (size_t)(d1 - id) == strlen(topic) && !strncmp(id, topic, strlen(topic));
    if (ok) {
        char pb[32], ob[32];
        snprintf(pb, sizeof(pb), "%.*s", (int)CK_MIN((size_t)(d2 - d1 - 1), sizeof(pb) - 1), d1 + 1);
        snprintf(ob, sizeof(ob), "%s", d2 + 1);
        ok = parse_i64_text(pb, &part) && parse_i64_text(ob, &off) && part >= 0 && off >= 0;
    }
    resolved r = {0};
    int status = resolve(s, topic, &r, ck_mono_ms() + s->timeout_ms, out, err, errlen);
    if (status) return status;
    if (r.n != 1) {
        write_error(out, 400, "illegal_argument_exception", "_doc needs exactly one index", NULL);
        ck_errf(err, errlen, "_doc needs exactly one index");
        resolved_free(&r);
        return 400;
    }
    ck_sidx *idx = r.idx[0];
    bool found = false;
    ck_wb src;
    ck_wb_init(&src, 256);
    if (ok && part < ck_topic_partition_count(idx->topic)) {
        ck_partition *p = ck_topic_partition(idx->topic, (int32_t)part);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        if (off >= o.log_start && off < o.high_watermark) found = ck_sq_write_source(idx, (int32_t)part, off, &src);
    }
    ck_json_raw(out, "{\"_index\":");
    ck_json_cstr(out, idx->name);
    ck_json_raw(out, ",\"_type\":\"_doc\",\"_id\":");
    ck_json_cstr(out, id);
    if (found) {
        ck_json_raw(out, ",\"_version\":1,\"_seq_no\":");
        ck_json_i64(out, off);
        ck_json_raw(out, ",\"_primary_term\":1,\"found\":true,\"_source\":");
        ck_wb_put(out, src.buf, src.len);
        ck_json_raw(out, "}");
    } else {
        ck_json_raw(out, ",\"found\":false}");
        ck_errf(err, errlen, "document [%s] not found", id);
    }
    ck_wb_free(&src);
    resolved_free(&r);
    return found ? 200 : 404;
}

/* The field names of an index, from its database. */
static char **index_field_names(ck_sidx *idx, int *n) {
    *n = 0;
    char **names = NULL;
    sqlite3 *db = ck_sidx_reader(idx);
    if (!db) return NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM fields ORDER BY name", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *nm = (const char *)sqlite3_column_text(st, 0);
            if (!nm) continue;
            names = ck_realloc(names, (size_t)(*n + 1) * sizeof(char *));
            names[(*n)++] = ck_strdup(nm);
        }
    }
    sqlite3_finalize(st);
    ck_sidx_reader_put(idx, db);
    return names;
}

/* Writes the properties of the sorted dotted names [from, to) sharing the
 * prefix of length plen, nested as Elasticsearch mappings nest objects. */
static void write_props(ck_wb *out, char **names, int from, int to, size_t plen) {
    bool first = true;
    int i = from;
    while (i < to) {
        const char *rest = names[i] + plen;
        const char *dot = strchr(rest, '.');
        size_t seg = dot ? (size_t)(dot - rest) : strlen(rest);
        int j = i;
        bool leaf = false;
        while (j < to && !strncmp(names[j] + plen, rest, seg) &&
               (names[j][plen + seg] == 0 || names[j][plen + seg] == '.')) {
            if (names[j][plen + seg] == 0) leaf = true;
            j++;
        }
        if (!first) ck_wb_i8(out, ',');
        first = false;
        ck_json_str(out, rest, seg);
        if (leaf && j == i + 1) {
            ck_json_raw(out, ":{\"type\":\"text\"}");
        } else {
            ck_json_raw(out, ":{\"properties\":{");
            int k = leaf ? i + 1 : i;
            write_props(out, names, k, j, plen + seg + 1);
            ck_json_raw(out, "}}");
        }
        i = j;
    }
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int op_mapping(ck_search *s, const ck_search_req *req, ck_wb *out, char *err, size_t errlen) {
    resolved r = {0};
    int status = resolve(s, req->indices, &r, ck_mono_ms() + s->timeout_ms, out, err, errlen);
    if (status) return status;
    ck_json_raw(out, "{");
    for (size_t i = 0; i < r.n; i++) {
        if (i) ck_wb_i8(out, ',');
        ck_json_cstr(out, r.idx[i]->name);
        ck_json_raw(out, ":{\"mappings\":{\"properties\":{");
        int n = 0;
        char **names = index_field_names(r.idx[i], &n);
        if (n > 1) qsort(names, (size_t)n, sizeof(char *), cmp_str);
        write_props(out, names, 0, n, 0);
        if (n) ck_wb_i8(out, ',');
        ck_json_raw(out, "\"_partition\":{\"type\":\"integer\"},\"_offset\":{\"type\":\"long\"},"
                         "\"_timestamp\":{\"type\":\"date\",\"format\":\"epoch_millis\"},\"_key\":{\"type\":");
        ck_json_raw(out, r.idx[i]->index_key ? "\"text\"}" : "\"keyword\",\"index\":false}");
        ck_json_raw(out, "}}}");
        for (int k = 0; k < n; k++) ck_free(names[k]);
        ck_free(names);
    }
    ck_json_raw(out, "}");
    resolved_free(&r);
    return 200;
}

static int64_t file_size(const char *path) {
    struct stat st;
    int64_t n = 0;
    char buf[4096];
    if (stat(path, &st) == 0) n += st.st_size;
    snprintf(buf, sizeof(buf), "%s-wal", path);
    if (stat(buf, &st) == 0) n += st.st_size;
    return n;
}

static void human_bytes(int64_t b, char *out, size_t n) {
    if (b >= (1LL << 30)) snprintf(out, n, "%.1fgb", (double)b / (1 << 30));
    else if (b >= (1LL << 20)) snprintf(out, n, "%.1fmb", (double)b / (1 << 20));
    else if (b >= 1024) snprintf(out, n, "%.1fkb", (double)b / 1024);
    else snprintf(out, n, "%lldb", (long long)b);
}

static void uuid_of(const ck_sidx *idx, char out[23]) {
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < 16 && o < 22; i += 3) {
        uint32_t v = (uint32_t)idx->id[i] << 16;
        if (i + 1 < 16) v |= (uint32_t)idx->id[i + 1] << 8;
        if (i + 2 < 16) v |= idx->id[i + 2];
        out[o++] = al[(v >> 18) & 63];
        out[o++] = al[(v >> 12) & 63];
        if (i + 1 < 16 && o < 22) out[o++] = al[(v >> 6) & 63];
        if (i + 2 < 16 && o < 22) out[o++] = al[v & 63];
    }
    out[o] = 0;
}

static int op_cat(ck_search *s, const ck_search_req *req, ck_wb *out, const char **ct, char *err, size_t errlen) {
    resolved r = {0};
    int status = resolve(s, req->indices, &r, ck_mono_ms() + s->timeout_ms, out, err, errlen);
    if (status) return status;
    const char *fmt = arg(req, "format");
    bool json = fmt && !strcmp(fmt, "json");
    bool v = arg(req, "v") != NULL;
    const char *bytes = arg(req, "bytes");
    if (json) *ct = JSON_TYPE, ck_json_raw(out, "[");
    else if (v) ck_json_raw(out, "health status index uuid pri rep docs.count docs.deleted store.size pri.store.size\n");
    for (size_t i = 0; i < r.n; i++) {
        ck_sidx *idx = r.idx[i];
        char uuid[23], size[32], cnt[32], del[32];
        uuid_of(idx, uuid);
        int64_t sz = file_size(idx->path);
        if (bytes && !strcmp(bytes, "b")) snprintf(size, sizeof(size), "%lld", (long long)sz);
        else human_bytes(sz, size, sizeof(size));
        snprintf(cnt, sizeof(cnt), "%lld", (long long)atomic_load_explicit(&idx->doc_count, memory_order_relaxed));
        snprintf(del, sizeof(del), "%llu",
                 (unsigned long long)atomic_load_explicit(&idx->docs_deleted, memory_order_relaxed));
        char pri[16];
        snprintf(pri, sizeof(pri), "%d", (int)ck_topic_partition_count(idx->topic));
        if (json) {
            if (i) ck_wb_i8(out, ',');
            ck_json_raw(out, "{\"health\":\"green\",\"status\":\"open\",\"index\":");
            ck_json_cstr(out, idx->name);
            ck_json_raw(out, ",\"uuid\":");
            ck_json_cstr(out, uuid);
            ck_json_raw(out, ",\"pri\":");
            ck_json_cstr(out, pri);
            ck_json_raw(out, ",\"rep\":\"0\",\"docs.count\":");
            ck_json_cstr(out, cnt);
            ck_json_raw(out, ",\"docs.deleted\":");
            ck_json_cstr(out, del);
            ck_json_raw(out, ",\"store.size\":");
            ck_json_cstr(out, size);
            ck_json_raw(out, ",\"pri.store.size\":");
            ck_json_cstr(out, size);
            ck_json_raw(out, "}");
        } else {
            char line[1024];
            snprintf(line, sizeof(line), "green open %s %s %s 0 %s %s %s %s\n", idx->name, uuid, pri, cnt, del, size,
                     size);
            ck_json_raw(out, line);
        }
    }
    if (json) ck_json_raw(out, "]");
    resolved_free(&r);
    return 200;
}

static int op_stats(ck_search *s, ck_wb *out) {
    ck_search_stats st;
    ck_search_stats_get(s, &st);
    resolved r = {0};
    ck_wb dummy;
    ck_wb_init(&dummy, 0);
    resolve(s, NULL, &r, ck_mono_ms(), &dummy, NULL, 0);
    ck_wb_free(&dummy);
    ck_json_raw(out, "{\"indices\":{");
    for (size_t i = 0; i < r.n; i++) {
        ck_sidx *idx = r.idx[i];
        if (i) ck_wb_i8(out, ',');
        ck_json_cstr(out, idx->name);
        int64_t total = atomic_load_explicit(&idx->backfill_total, memory_order_relaxed);
        int64_t done = atomic_load_explicit(&idx->backfill_done, memory_order_relaxed);
        int64_t log_bytes = 0;
        for (int32_t p = 0; p < ck_topic_partition_count(idx->topic); p++)
            log_bytes += ck_partition_size_bytes(ck_topic_partition(idx->topic, p));
        ck_json_raw(out, ":{\"docs\":");
        ck_json_i64(out, atomic_load_explicit(&idx->doc_count, memory_order_relaxed));
        ck_json_raw(out, ",\"docs_indexed\":");
        ck_json_i64(out, (int64_t)atomic_load_explicit(&idx->docs_indexed, memory_order_relaxed));
        ck_json_raw(out, ",\"docs_deleted\":");
        ck_json_i64(out, (int64_t)atomic_load_explicit(&idx->docs_deleted, memory_order_relaxed));
        ck_json_raw(out, ",\"lag_records\":");
        ck_json_i64(out, atomic_load_explicit(&idx->lag_records, memory_order_relaxed));
        ck_json_raw(out, ",\"lag_ms\":");
        ck_json_i64(out, atomic_load_explicit(&idx->lag_ms, memory_order_relaxed));
        ck_json_raw(out, ",\"backfill\":{\"total\":");
        ck_json_i64(out, total);
        ck_json_raw(out, ",\"done\":");
        ck_json_i64(out, done);
        ck_json_raw(out, done >= total ? ",\"complete\":true}" : ",\"complete\":false}");
        ck_json_raw(out, ",\"index_bytes\":");
        ck_json_i64(out, file_size(idx->path));
        ck_json_raw(out, ",\"log_bytes\":");
        ck_json_i64(out, log_bytes);
        ck_json_raw(out, ",\"analyzer\":");
        ck_json_cstr(out, idx->analyzer == CK_SAN_PORTER ? "porter" : idx->analyzer == CK_SAN_TRIGRAM ? "trigram"
                                                                                                    : "standard");
        ck_json_raw(out, "}");
    }
    ck_json_raw(out, "},\"totals\":{\"indexes\":");
    ck_json_i64(out, st.indexes);
    ck_json_raw(out, ",\"docs\":");
    ck_json_i64(out, st.docs);
    ck_json_raw(out, ",\"docs_indexed\":");
    ck_json_i64(out, (int64_t)st.docs_indexed);
    ck_json_raw(out, ",\"lag_records\":");
    ck_json_i64(out, st.lag_records);
    ck_json_raw(out, ",\"lag_ms\":");
    ck_json_i64(out, st.lag_ms);
    ck_json_raw(out, ",\"backfill_pending\":");
    ck_json_i64(out, st.backfill_pending);
    ck_json_raw(out, ",\"queries\":");
    ck_json_i64(out, (int64_t)st.queries);
    ck_json_raw(out, ",\"timeouts\":");
    ck_json_i64(out, (int64_t)st.timeouts);
    ck_json_raw(out, ",\"rebuilds\":");
    ck_json_i64(out, (int64_t)st.rebuilds);
    ck_json_raw(out, "}}");
    resolved_free(&r);
    return 200;
}

static int op_info(ck_search *s, ck_wb *out) {
    char name[64];
    snprintf(name, sizeof(name), "chronik-%d", (int)ck_engine_node_id(s->eng));
    ck_json_raw(out, "{\"name\":");
    ck_json_cstr(out, name);
    ck_json_raw(out, ",\"cluster_name\":\"chronik\",\"cluster_uuid\":");
    ck_json_cstr(out, ck_engine_cluster_id(s->eng));
    ck_json_raw(out, ",\"version\":{\"number\":\"7.17.0\",\"build_flavor\":\"default\",\"build_type\":\"chronik\","
                     "\"build_hash\":\"chronik\",\"build_date\":\"2022-01-28T08:36:04.875279988Z\","
                     "\"build_snapshot\":false,\"lucene_version\":\"8.11.1\","
                     "\"minimum_wire_compatibility_version\":\"6.8.0\","
                     "\"minimum_index_compatibility_version\":\"6.0.0-beta1\",\"chronik_version\":");
    ck_json_cstr(out, chronik_version());
    ck_json_raw(out, "},\"tagline\":\"You Know, for Search\"}");
    return 200;
}

int ck_search_handle(ck_search *s, const ck_search_req *req, ck_wb *out, const char **content_type, char *err,
                     size_t errlen) {
    const char *ct = JSON_TYPE;
    int status;
    size_t mark = out->len;
    ck_wb local;
    ck_wb_init(&local, 1024);
    if (err && errlen) err[0] = 0;
    switch (req->op) {
    case CK_SOP_SEARCH:
    case CK_SOP_COUNT:
        atomic_fetch_add_explicit(&s->st_queries, 1, memory_order_relaxed);
        status = op_search(s, req, req->op == CK_SOP_COUNT, &local, err, errlen);
        break;
    case CK_SOP_DOC: status = op_doc(s, req, &local, err, errlen); break;
    case CK_SOP_MAPPING: status = op_mapping(s, req, &local, err, errlen); break;
    case CK_SOP_CAT_INDICES: ct = TEXT_TYPE; status = op_cat(s, req, &local, &ct, err, errlen); break;
    case CK_SOP_STATS: status = op_stats(s, &local); break;
    case CK_SOP_INFO: status = op_info(s, &local); break;
    default:
        write_error(&local, 400, "illegal_argument_exception", "unknown operation", NULL);
        status = 400;
        break;
    }
    if (status >= 400) {
        ct = JSON_TYPE;
        if (req->op == CK_SOP_SEARCH || req->op == CK_SOP_COUNT)
            atomic_fetch_add_explicit(&s->st_errors, 1, memory_order_relaxed);
    }
    out->len = mark;
    ck_wb_put(out, local.buf, local.len);
    ck_wb_free(&local);
    if (content_type) *content_type = ct;
    return status;
}

/* ===================================================================== */
/* Lifecycle and the feature                                             */
/* ===================================================================== */

static int search_start(ck_engine *eng, char *err, size_t errlen) {
    const chronik_conf_t *conf = ck_engine_conf(eng);
    ck_search *s = ck_calloc(1, sizeof(*s));
    s->eng = eng;
    const char *dd = ck_conf_str(conf, CK_BK_DATA_DIR);
    size_t n = strlen(dd) + 16;
    s->dir = ck_malloc(n);
    snprintf(s->dir, n, "%s/search", dd);
    s->max_size = ck_conf_num(conf, CK_BK_SEARCH_MAX_SIZE);
    s->timeout_ms = ck_conf_num(conf, CK_BK_SEARCH_TIMEOUT_MS);
    s->max_depth = (int)ck_conf_num(conf, CK_BK_SEARCH_MAX_DEPTH);
    s->max_clauses = (int)ck_conf_num(conf, CK_BK_SEARCH_MAX_CLAUSES);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    ck_map_init(&s->topics);
    int rc = 0;
    if (ck_mkdirs(s->dir, 0755) != 0) {
        ck_errf(err, errlen, "cannot create %s: %s", s->dir, strerror(errno));
        rc = CHRONIK_ERR_IO;
        goto fail;
    }
    if ((rc = ck_engine_ext_set(eng, &search_key, s)) != 0) {
        ck_errf(err, errlen, "no extension slot for search");
        goto fail;
    }
    if ((rc = ck_sidx_start(s)) != 0) {
        ck_engine_ext_set(eng, &search_key, NULL);
        ck_errf(err, errlen, "cannot start the indexer thread");
        goto fail;
    }
    return 0;
fail:
    ck_map_free(&s->topics);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    ck_free(s->dir);
    ck_free(s);
    return rc;
}

static void search_stop(ck_engine *eng) {
    ck_search *s = ck_search_of(eng);
    if (!s) return;
    ck_sidx_stop(s);
    ck_engine_ext_set(eng, &search_key, NULL);
    ck_map_free(&s->topics);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    ck_free(s->dir);
    ck_free(s);
}

static void search_topic_event(ck_engine *eng, const char *topic, ck_topic_event ev) {
    (void)topic;
    (void)ev;
    ck_search *s = ck_search_of(eng);
    if (s) ck_sidx_kick(s);
}

const ck_feature ck_search_feature = {
    .name = "search",
    .start = search_start,
    .stop = search_stop,
    .topic_event = search_topic_event,
};

/* ===================================================================== */
/* Public API                                                            */
/* ===================================================================== */

chronik_err_t chronik_search(chronik_t *chronik, const char *indices, const char *request_json,
                             char **response_json) {
    char err[1024] = "";
    if (response_json) *response_json = NULL;
    if (!chronik || !response_json) {
        if (chronik) ck_engine_set_errmsg("%s", "response_json is NULL");
        return CHRONIK_ERR_INVALID_ARG;
    }
    ck_search *s = ck_search_of(chronik);
    if (!s) {
        ck_engine_set_errmsg("%s", "search is not running on this engine");
        return CHRONIK_ERR_UNSUPPORTED;
    }
    ck_search_req req = { .op = CK_SOP_SEARCH, .indices = indices, .body = request_json,
                          .body_len = request_json ? strlen(request_json) : 0 };
    ck_wb out;
    ck_wb_init(&out, 1024);
    int status = ck_search_handle(s, &req, &out, NULL, err, sizeof(err));
    ck_wb_i8(&out, 0);
    *response_json = ck_memdup(out.buf, out.len);
    ck_wb_free(&out);
    int rc = ck_search_status_err(status);
    ck_engine_set_errmsg("%s", rc ? err : "");
    return (chronik_err_t)rc;
}

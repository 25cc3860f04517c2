/*
 * search_query.h — the compiled form of a search request, shared by
 * query.c (the DSL compiler), exec.c (evaluation over the indexes, hits,
 * _source, highlight) and search_api.c (the operations and the C API).
 * Nothing outside lib/search includes it.
 */
#ifndef CK_SEARCH_QUERY_H
#define CK_SEARCH_QUERY_H

#include "search/search_int.h"

/* Node kinds. */
enum {
    CK_SQN_ALL = 1,     /* match_all */
    CK_SQN_NONE,        /* match_none, or a leaf that can match nothing */
    CK_SQN_FTS,         /* full-text leaf on the index */
    CK_SQN_BOOL,
    CK_SQN_TERM,        /* term, terms, ids: exact values of a field */
    CK_SQN_RANGE,
    CK_SQN_EXISTS
};

/* Full-text leaf kinds. */
enum {
    CK_SQF_TERMS = 1,       /* words joined by AND or OR */
    CK_SQF_PHRASE,          /* the words in order */
    CK_SQF_PHRASE_PREFIX,   /* a phrase whose last word is a prefix */
    CK_SQF_PREFIX           /* one word as a prefix */
};

typedef struct ck_sq_bound {
    bool        set, incl, is_num, is_date;
    double      num;
    const char *str;
} ck_sq_bound;

typedef struct ck_sq_node ck_sq_node;
struct ck_sq_node {
    int           kind;
    double        boost;
    /* FTS */
    int           fkind;
    bool          op_and;
    char         *text;
    char        **fields;      /* NULL: every field */
    int           nfields;
    int           leaf_id;     /* index into the per-topic leaf results */
    /* BOOL */
    ck_sq_node  **must, **should, **must_not, **filter;
    int           nmust, nshould, nmust_not, nfilter;
    int           msm;         /* -1: default */
    bool          constant;    /* constant_score: score = boost */
    /* TERM / RANGE / EXISTS */
    char         *field;
    const ck_sj  *values;
    int           nvalues;
    ck_sq_bound   lo, hi;
};

/* A sort key. */
enum { CK_SQS_SCORE = 1, CK_SQS_OFFSET, CK_SQS_TIMESTAMP, CK_SQS_PARTITION, CK_SQS_FIELD, CK_SQS_DOC };
typedef struct ck_sq_sort {
    int   kind;
    bool  desc;
    char *field;
} ck_sq_sort;

/* A compiled request and its answer's state. */
typedef struct ck_sq {
    ck_search   *s;
    ck_arena     arena;
    int          max_depth, max_clauses, nodes;

    /* Request. */
    ck_sq_node  *root;
    int64_t      from, size;
    ck_sq_sort   sort[8];
    int          nsort;
    bool         sort_given;
    int64_t      track_total;     /* -1: exact; 0: no total; N: up to N */
    int          source_mode;     /* 1 all, 0 none, 2 filtered */
    char       **src_incl, **src_excl;
    int          nsrc_incl, nsrc_excl;
    bool         highlight;
    char       **hl_fields;       /* "*" allowed */
    int          nhl_fields;
    const char  *pre_tag, *post_tag;
    int64_t      deadline_ms;
    bool         count_only;

    /* Error (status 0: none). */
    int          status;
    char         etype[64];
    char         reason[1024];
} ck_sq;

/** @brief Records the request's error (the first one wins): HTTP status,
 *  Elasticsearch error type and reason.  The caller's thread. */
void ck_sq_fail(ck_sq *q, int status, const char *type, const char *fmt, ...) CK_PRINTF(4, 5);
/** @brief Compiles a query object (the value of "query") into q's arena;
 *  NULL with q->status set on an error naming the clause. */
ck_sq_node *ck_sq_compile(ck_sq *q, const ck_sj *query);
/** @brief Compiles Lucene query-string syntax (the q= URL parameter). */
ck_sq_node *ck_sq_compile_qs(ck_sq *q, const char *text, const char *df, bool def_and);
/** @brief Parses a date (ISO 8601, epoch millis, now[+-]N[smhdw]) into ms. */
bool ck_sq_parse_date(const char *s, size_t n, int64_t *ms);

/** @brief Runs q over the indexes of topics (kept by the caller; n of
 *  them): takes the high watermarks, catches each index up under its writer
 *  lock, evaluates, and appends
 *  the Elasticsearch response (search or count) to out.  Returns the HTTP
 *  status; on error q->status / etype / reason are set and out untouched. */
int ck_sq_execute(ck_sq *q, ck_sidx **topics, size_t n, ck_wb *out);
/** @brief Appends the _source object of record (part, offset) of idx's
 *  topic, as a search hit shows it; false when the log has no such record. */
bool ck_sq_write_source(ck_sidx *idx, int32_t part, int64_t offset, ck_wb *out);

#endif

/*
 * agg.c — the aggregate path of columnar topics.  SQLite answers an
 * aggregate over the unified "{topic}" view by stepping its UNION ALL
 * co-routine a row at a time and sorting the rows by the GROUP BY key: over
 * a million rows that is hundreds of milliseconds.  A query of the form
 *
 *     SELECT <GROUP BY columns and aggregates> FROM <topic | topic_cold> [[AS] a]
 *       [WHERE <column op literal> [AND ...]]
 *       [GROUP BY <columns>] [ORDER BY <outputs> [ASC | DESC], ...]
 *       [LIMIT n [OFFSET m]]
 *
 * with COUNT(*), COUNT, SUM, AVG, TOTAL, MIN and MAX of columns (op: = == !=
 * <> < <= > >= BETWEEN IN, IS [NOT] NULL) is answered here instead, one
 * block of rows at a time: the column blocks of the cold table (colblock.c;
 * only the columns the query names, and no block that a WHERE bound on
 * _partition, _offset or _timestamp rules out), then the table's rows after
 * its last block, then — for "{topic}" — the hot tail from the log.  These
 * are the rows the SQL views read, in the same read transaction and with
 * the same progress snapshot, so the answer is SQLite's: groups and NULLs
 * compare as SQLite compares values, output names and declared types are
 * SQLite's, rows come out in GROUP BY key order unless ORDER BY says
 * otherwise (and rows equal on every ORDER BY term in GROUP BY key order:
 * SQLite leaves their order unspecified, and its own depends on the plan).
 * Sums of REALs are compensated (Neumaier), so they may differ from
 * SQLite's in the last bits, as SQLite's own answer does from one query
 * plan to another.
 *
 * Whenever it is not sure to match SQLite — other syntax, a parameter, a
 * TEXT value under SUM/AVG/TOTAL, a possible integer overflow, an
 * unreadable block — it gives up before any row is output and the caller
 * runs the query through SQLite.
 *
 * Threads: a query thread holding a query slot and its connection.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "sql/sql_int.h"

#define CHUNK_ROWS 1024          /* rows per chunk of the table tail and the hot tail */
#define MAX_GROUPS 200000        /* more groups: SQLite's sorter (which spills to disk) answers */
#define MAX_GROUP_COLS 8
#define MAX_ITEMS 64

/* ===================================================================== */
/* Tokens                                                                */
/* ===================================================================== */

enum { TK_EOF, TK_ID, TK_STR, TK_NUM, TK_OP };

typedef struct tok {
    int         kind;
    const char *p;               /* span in the query */
    size_t      n;
    bool        quoted;          /* TK_ID */
    char       *text;            /* TK_ID: the name; TK_STR: the string; TK_OP/TK_NUM: the token */
    size_t      tlen;
} tok;

static bool id_start(unsigned char c) { return isalpha(c) || c == '_' || c >= 0x80; }
static bool id_char(unsigned char c) { return isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

/* Splits q into tokens (arena memory).  -1 for anything this path does not
 * take (parameters, blobs, hex, unknown operators). */
static int tokenize(ck_arena *ar, const char *q, tok **out, int *ntok) {
    int cap = 64, n = 0;
    tok *t = ck_malloc((size_t)cap * sizeof(*t));
    const char *p = q;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
            continue;
        }
        if (n == cap) {
            cap *= 2;
            t = ck_realloc(t, (size_t)cap * sizeof(*t));
        }
        tok *k = &t[n];
        memset(k, 0, sizeof(*k));
        k->p = p;
        unsigned char c = (unsigned char)*p;
        if (!c) {
            k->kind = TK_EOF;
            n++;
            break;
        }
        if (id_start(c)) {
            const char *s = p;
            while (id_char((unsigned char)*p)) p++;
            k->kind = TK_ID;
            k->text = ck_arena_strndup(ar, s, (size_t)(p - s));
            k->tlen = (size_t)(p - s);
        } else if (c == '"' || c == '`' || c == '[' || c == '\'') {
            char close = c == '[' ? ']' : (char)c;
            ck_wb b;
            ck_wb_init(&b, 32);
            p++;
            bool ok = false;
            while (*p) {
                if (*p == close) {
                    if (close != ']' && p[1] == close) {
                        ck_wb_i8(&b, close);
                        p += 2;
                        continue;
                    }
                    p++;
                    ok = true;
                    break;
                }
                ck_wb_i8(&b, *p++);
            }
            k->kind = c == '\'' ? TK_STR : TK_ID;
            k->quoted = true;
            k->text = ck_arena_strndup(ar, b.len ? (const char *)b.buf : "", b.len);
            k->tlen = b.len;
            ck_wb_free(&b);
            if (!ok) goto bad;
        } else if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) {
            const char *s = p;
            if (c == '0' && (p[1] == 'x' || p[1] == 'X')) goto bad;
            while (isdigit((unsigned char)*p)) p++;
            if (*p == '.') {
                p++;
                while (isdigit((unsigned char)*p)) p++;
            }
            if (*p == 'e' || *p == 'E') {
                const char *e = p + 1;
                if (*e == '+' || *e == '-') e++;
                if (!isdigit((unsigned char)*e)) goto bad;
                p = e;
                while (isdigit((unsigned char)*p)) p++;
            }
            if (id_char((unsigned char)*p)) goto bad;
            k->kind = TK_NUM;
            k->text = ck_arena_strndup(ar, s, (size_t)(p - s));
            k->tlen = (size_t)(p - s);
        } else {
            static const char *const ops[] = { "==", "!=", "<>", "<=", ">=", "(", ")", ",", ".", "*",
                                               ";", "=", "<", ">", "-", "+" };
            size_t i;
            for (i = 0; i < CK_ARRAY_LEN(ops); i++)
                if (strncmp(p, ops[i], strlen(ops[i])) == 0) break;
            if (i == CK_ARRAY_LEN(ops)) goto bad;
            k->kind = TK_OP;
            k->text = (char *)ops[i];
            k->tlen = strlen(ops[i]);
            p += k->tlen;
        }
        k->n = (size_t)(p - k->p);
        n++;
    }
    *out = t;
    *ntok = n;
    return 0;
bad:
    ck_free(t);
    return -1;
}

/* ===================================================================== */
/* The parsed query                                                      */
/* ===================================================================== */

enum { AG_COUNT_STAR, AG_COUNT, AG_SUM, AG_AVG, AG_TOTAL, AG_MIN, AG_MAX };
enum { P_EQ, P_NE, P_LT, P_LE, P_GT, P_GE, P_IN, P_NULL, P_NOTNULL };

typedef struct colname {         /* a column reference before the table is known */
    const char *qual;            /* qualifier or NULL */
    const char *name;
    size_t      nlen;
} colname;

typedef struct item {
    bool        is_agg;
    int         agg;             /* AG_* */
    colname     ref;             /* the column, or the aggregate's argument */
    int         col;             /* resolved table column (-1: COUNT(*)) */
    int         aidx;            /* is_agg: index into q->aggs */
    int         gidx;            /* !is_agg: index into q->gcol */
    const char *name;            /* result column name */
    const char *alias;           /* AS alias or NULL */
    bool        hidden;          /* ORDER BY only */
} item;

typedef struct pred {
    colname     ref;
    int         col;
    int         op;              /* P_* */
    ck_sql_val *lit;             /* 1, 2 (BETWEEN: two preds) or nlit (IN) */
    int         nlit;
} pred;

typedef struct oterm {
    int  item;                   /* into q->items */
    bool desc;
} oterm;

typedef struct aggspec {
    int agg;
    int col;
} aggspec;

/* Per group and aggregate. */
typedef struct astate {
    int64_t  cnt;                /* rows (COUNT(*)) or non-NULL inputs */
    int64_t  isum, pos, neg;     /* exact integer sum; sums of the positive and negative inputs */
    double   rsum, rc;           /* every input as a double, compensated */
    bool     approx;             /* a REAL was added */
    bool     has;                /* MIN/MAX: best is set */
    ck_sql_val best;             /* MIN/MAX; bytes in bestbuf */
    uint8_t *bestbuf;
    size_t   bestcap;
} astate;

/* Distinct values of one GROUP BY column -> dense id. */
typedef struct keytab {
    ck_sql_val *v;
    uint32_t    n, cap;
    uint32_t   *slot;            /* id + 1, 0: empty */
    uint32_t    mask;
} keytab;

/* Tuples of key ids (several GROUP BY columns) -> group. */
typedef struct gtab {
    uint32_t *keys;              /* ngc per group */
    uint32_t  n, cap;
    uint32_t *slot;
    uint32_t  mask;
} gtab;

/* One column of a chunk of rows. */
enum { NV_NULL, NV_CONST, NV_INT, NV_REAL, NV_DICT, NV_GEN };
typedef struct nvec {
    int               kind;
    const uint8_t    *nn;        /* INT/REAL/DICT: non-NULL bitmap, NULL when none is NULL */
    const int64_t    *i;
    const double     *r;
    const uint32_t   *code;
    const ck_sql_val *dict;
    uint32_t          ndict;
    const ck_sql_val *gen;
    ck_sql_val        c;         /* CONST */
} nvec;

typedef struct agg {
    ck_sql_conn   *conn;
    ck_arena       ar;
    tok           *t;
    int            nt, pos;
    /* query */
    item           items[MAX_ITEMS];
    int            nitems, nvisible;
    pred          *preds;
    int            npreds;
    int            gcol[MAX_GROUP_COLS];
    int            ngc;
    oterm          order[MAX_ITEMS];
    int            norder;
    int64_t        limit, offset;
    aggspec        aggs[MAX_ITEMS];
    int            naggs;
    const char    *table, *alias;
    /* table */
    int            snap;          /* index into conn->snaps */
    bool           cold_only;
    const ck_sql_schema *cols;    /* the table's data columns */
    int            ncols;         /* 4 + data columns */
    bool          *need;          /* per table column */
    int           *coldpos;       /* per data column: position in the cold table, -1 if none */
    int           *coldtype;      /* per data column: its type there */
    /* state */
    keytab         kt[MAX_GROUP_COLS];
    gtab           gt;
    uint32_t       ngroups, capgroups;
    astate        *st[MAX_ITEMS];
    uint32_t      *gid, *sel, *kid[MAX_GROUP_COLS];
    uint32_t      *dmap;
    size_t         cap_rows, cap_dmap;
    bool           abort;         /* the data needs SQLite: give up */
    int64_t        deadline;
} agg;

/* ===================================================================== */
/* Parser                                                                */
/* ===================================================================== */

static const tok *cur(agg *q) { return &q->t[q->pos]; }
static const tok *peek(agg *q, int k) { return &q->t[q->pos + k < q->nt ? q->pos + k : q->nt - 1]; }

static bool is_kw(const tok *t, const char *kw) {
    return t->kind == TK_ID && !t->quoted && strcasecmp(t->text, kw) == 0;
}
static bool is_op(const tok *t, const char *op) { return t->kind == TK_OP && strcmp(t->text, op) == 0; }

static bool accept_kw(agg *q, const char *kw) {
    if (!is_kw(cur(q), kw)) return false;
    q->pos++;
    return true;
}
static bool accept_op(agg *q, const char *op) {
    if (!is_op(cur(q), op)) return false;
    q->pos++;
    return true;
}

/* Words that end an item or a table name (an unquoted identifier that is
 * one of these is never taken as a name here). */
static bool reserved(const tok *t) {
    static const char *const kw[] = { "select", "from",   "where",   "group",  "order",   "by",     "limit",
                                      "offset", "having", "as",      "and",    "or",      "not",    "asc",
                                      "desc",   "join",   "natural", "left",   "inner",   "cross",  "on",
                                      "using",  "union",  "window",  "between", "in",     "is",     "null",
                                      "collate", "distinct", "all",  "escape", "like",    "glob",   "isnull",
                                      "notnull", "case",  "exists",  "outer",  "right",   "full",   "indexed",
                                      "nulls",  "values", "except",  "intersect", "filter", "over", "with",
                                      "match",  "regexp", "then",    "when",   "else",    "end",    "cast",
                                      "returning" };
    if (t->kind != TK_ID || t->quoted) return false;
    for (size_t i = 0; i < CK_ARRAY_LEN(kw); i++)
        if (strcasecmp(t->text, kw[i]) == 0) return true;
    return false;
}

static bool name_tok(const tok *t) { return t->kind == TK_ID && !reserved(t); }

static int parse_colname(agg *q, colname *c) {
    if (!name_tok(cur(q))) return -1;
    c->qual = NULL;
    c->name = cur(q)->text;
    c->nlen = cur(q)->tlen;
    q->pos++;
    if (accept_op(q, ".")) {
        if (!name_tok(cur(q))) return -1;
        c->qual = c->name;
        c->name = cur(q)->text;
        c->nlen = cur(q)->tlen;
        q->pos++;
    }
    return 0;
}

static int agg_kind(const tok *t) {
    static const struct { const char *name; int agg; } fn[] = {
        { "count", AG_COUNT }, { "sum", AG_SUM }, { "avg", AG_AVG }, { "total", AG_TOTAL },
        { "min", AG_MIN },     { "max", AG_MAX },
    };
    if (t->kind != TK_ID || t->quoted) return -1;
    for (size_t i = 0; i < CK_ARRAY_LEN(fn); i++)
        if (strcasecmp(t->text, fn[i].name) == 0) return fn[i].agg;
    return -1;
}

/* An aggregate call at the cursor: AGG(col) or COUNT(*).  *span_end: the
 * end of its text. */
static int parse_agg(agg *q, item *it, const char **span_end) {
    int a = agg_kind(cur(q));
    if (a < 0 || !is_op(peek(q, 1), "(")) return -1;
    q->pos += 2;
    it->is_agg = true;
    it->agg = a;
    if (a == AG_COUNT && accept_op(q, "*")) {
        it->agg = AG_COUNT_STAR;
        it->ref.name = NULL;
    } else if (parse_colname(q, &it->ref) != 0) {
        return -1;
    }
    if (!is_op(cur(q), ")")) return -1;
    *span_end = cur(q)->p + cur(q)->n;
    q->pos++;
    return 0;
}

/* [AS] alias.  Without AS, any identifier but a keyword that may follow
 * here is an alias (for SQLite too); what comes after it must still parse. */
static int parse_alias(agg *q, const char **alias) {
    *alias = NULL;
    bool as = accept_kw(q, "as");
    if (cur(q)->kind == TK_ID && (cur(q)->quoted || !reserved(cur(q)))) {
        *alias = cur(q)->text;
        q->pos++;
    } else if (as) {
        return -1;
    }
    return 0;
}

static int parse_item(agg *q) {
    if (q->nitems >= MAX_ITEMS) return -1;
    item *it = &q->items[q->nitems];
    memset(it, 0, sizeof(*it));
    it->col = -1;
    const char *start = cur(q)->p, *end = NULL;
    if (agg_kind(cur(q)) >= 0 && is_op(peek(q, 1), "(")) {
        if (parse_agg(q, it, &end) != 0) return -1;
        it->name = ck_arena_strndup(&q->ar, start, (size_t)(end - start));
    } else {
        if (parse_colname(q, &it->ref) != 0) return -1;
        if (is_op(cur(q), "(")) return -1;
    }
    if (parse_alias(q, &it->alias) != 0) return -1;
    if (it->alias) it->name = it->alias;
    q->nitems++;
    return 0;
}

static int parse_literal(agg *q, ck_sql_val *v) {
    bool neg = false;
    if (is_op(cur(q), "-") || is_op(cur(q), "+")) {
        neg = is_op(cur(q), "-");
        q->pos++;
        if (cur(q)->kind != TK_NUM) return -1;
    }
    const tok *t = cur(q);
    memset(v, 0, sizeof(*v));
    if (t->kind == TK_STR) {
        v->type = CHRONIK_SQL_TEXT;
        v->s = (const uint8_t *)t->text;
        v->len = t->tlen;
    } else if (t->kind == TK_NUM) {
        bool is_int = !strpbrk(t->text, ".eE");
        if (is_int) {
            errno = 0;
            char *e;
            unsigned long long u = strtoull(t->text, &e, 10);
            if (errno == 0 && *e == 0 && u <= (neg ? 9223372036854775808ull : 9223372036854775807ull)) {
                v->type = CHRONIK_SQL_INTEGER;
                v->i = neg ? (int64_t)(0 - u) : (int64_t)u;
            } else {
                is_int = false;
            }
        }
        if (!is_int) {
            v->type = CHRONIK_SQL_REAL;
            v->r = strtod(t->text, NULL);
            if (neg) v->r = -v->r;
        }
    } else {
        return -1;
    }
    q->pos++;
    return 0;
}

static pred *new_pred(agg *q, const colname *c, int op, int nlit) {
    q->preds = ck_realloc(q->preds, (size_t)(q->npreds + 1) * sizeof(*q->preds));
    pred *p = &q->preds[q->npreds++];
    memset(p, 0, sizeof(*p));
    p->ref = *c;
    p->col = -1;
    p->op = op;
    p->nlit = nlit;
    p->lit = ck_arena_alloc(&q->ar, (size_t)(nlit > 0 ? nlit : 1) * sizeof(ck_sql_val));
    return p;
}

static int cmp_op(const tok *t) {
    if (t->kind != TK_OP) return -1;
    if (!strcmp(t->text, "=") || !strcmp(t->text, "==")) return P_EQ;
    if (!strcmp(t->text, "!=") || !strcmp(t->text, "<>")) return P_NE;
    if (!strcmp(t->text, "<")) return P_LT;
    if (!strcmp(t->text, "<=")) return P_LE;
    if (!strcmp(t->text, ">")) return P_GT;
    if (!strcmp(t->text, ">=")) return P_GE;
    return -1;
}

static int flip(int op) {
    switch (op) {
    case P_LT: return P_GT;
    case P_LE: return P_GE;
    case P_GT: return P_LT;
    case P_GE: return P_LE;
    default: return op;
    }
}

static int parse_pred(agg *q) {
    colname c;
    int op;
    if (cur(q)->kind == TK_NUM || cur(q)->kind == TK_STR || is_op(cur(q), "-") || is_op(cur(q), "+")) {
        ck_sql_val v;
        if (parse_literal(q, &v) != 0 || (op = cmp_op(cur(q))) < 0) return -1;
        q->pos++;
        if (parse_colname(q, &c) != 0) return -1;
        pred *p = new_pred(q, &c, flip(op), 1);
        p->lit[0] = v;
        return 0;
    }
    if (parse_colname(q, &c) != 0) return -1;
    if ((op = cmp_op(cur(q))) >= 0) {
        q->pos++;
        pred *p = new_pred(q, &c, op, 1);
        return parse_literal(q, &p->lit[0]);
    }
    if (accept_kw(q, "between")) {
        pred *lo = new_pred(q, &c, P_GE, 1);
        if (parse_literal(q, &lo->lit[0]) != 0 || !accept_kw(q, "and")) return -1;
        pred *hi = new_pred(q, &c, P_LE, 1);
        return parse_literal(q, &hi->lit[0]);
    }
    if (accept_kw(q, "isnull")) {
        new_pred(q, &c, P_NULL, 0);
        return 0;
    }
    if (accept_kw(q, "notnull")) {
        new_pred(q, &c, P_NOTNULL, 0);
        return 0;
    }
    if (accept_kw(q, "is")) {
        bool negate = accept_kw(q, "not");
        if (!accept_kw(q, "null")) return -1;
        new_pred(q, &c, negate ? P_NOTNULL : P_NULL, 0);
        return 0;
    }
    if (is_kw(cur(q), "not") && is_kw(peek(q, 1), "null")) {
        q->pos += 2;
        new_pred(q, &c, P_NOTNULL, 0);
        return 0;
    }
    if (accept_kw(q, "in")) {
        if (!accept_op(q, "(")) return -1;
        ck_sql_val vals[64];
        int n = 0;
        do {
            if (n == (int)CK_ARRAY_LEN(vals) || parse_literal(q, &vals[n]) != 0) return -1;
            n++;
        } while (accept_op(q, ","));
        if (!accept_op(q, ")")) return -1;
        pred *p = new_pred(q, &c, P_IN, n);
        memcpy(p->lit, vals, (size_t)n * sizeof(vals[0]));
        return 0;
    }
    return -1;
}

/* An ORDER BY or GROUP BY term before resolution. */
typedef struct rterm {
    int     kind;                /* 0 colname, 1 aggregate, 2 position */
    colname ref;
    item    agg;
    int64_t pos;
    bool    desc;
} rterm;

static int parse_term(agg *q, rterm *r, bool order) {
    memset(r, 0, sizeof(*r));
    const char *end;
    if (cur(q)->kind == TK_NUM) {
        ck_sql_val v;
        if (parse_literal(q, &v) != 0 || v.type != CHRONIK_SQL_INTEGER) return -1;
        r->kind = 2;
        r->pos = v.i;
    } else if (order && agg_kind(cur(q)) >= 0 && is_op(peek(q, 1), "(")) {
        r->kind = 1;
        if (parse_agg(q, &r->agg, &end) != 0) return -1;
    } else if (parse_colname(q, &r->ref) != 0) {
        return -1;
    }
    if (order) {
        if (accept_kw(q, "desc")) r->desc = true;
        else accept_kw(q, "asc");
    }
    return 0;
}

static int parse_limit_value(agg *q, int64_t *v) {
    ck_sql_val x;
    if (parse_literal(q, &x) != 0 || x.type != CHRONIK_SQL_INTEGER) return -1;
    *v = x.i;
    return 0;
}

/* ----- resolution against the table ----- */

static bool name_eq(const char *a, size_t alen, const char *b) {
    return strlen(b) == alen && strncasecmp(a, b, alen) == 0;
}

static const char *const meta_cols[4] = { "_partition", "_offset", "_timestamp", "_key" };

static int resolve_col(agg *q, const colname *c) {
    if (c->qual && !name_eq(c->qual, strlen(c->qual), q->alias ? q->alias : q->table)) return -1;
    for (int i = 0; i < 4; i++)
        if (name_eq(c->name, c->nlen, meta_cols[i])) return i;
    int k = ck_sql_schema_find(q->cols, c->name, c->nlen);
    return k >= 0 ? 4 + k : -1;
}

static const char *col_name(agg *q, int col) { return col < 4 ? meta_cols[col] : q->cols->cols[col - 4].name; }

static int add_group_col(agg *q, int col) {
    for (int g = 0; g < q->ngc; g++)
        if (q->gcol[g] == col) return g;
    if (q->ngc == MAX_GROUP_COLS) return -1;
    q->gcol[q->ngc] = col;
    return q->ngc++;
}

static int agg_index(agg *q, int a, int col) {
    for (int i = 0; i < q->naggs; i++)
        if (q->aggs[i].agg == a && q->aggs[i].col == col) return i;
    if (q->naggs == MAX_ITEMS) return -1;
    q->aggs[q->naggs] = (aggspec){ a, col };
    return q->naggs++;
}

/* Finds the table the query reads: "{topic}" or "{topic}_cold" of a
 * columnar topic this connection exposes through its views. */
static int resolve_table(agg *q) {
    ck_sql_conn *conn = q->conn;
    size_t n = strlen(q->table);
    for (int i = 0; i < conn->nspecs; i++) {
        if (!name_eq(q->table, n, conn->specs[i].topic)) continue;
        /* It names a topic: columnar (and fully set up) or not ours. */
        for (int k = 0; k < conn->nsnaps; k++) {
            if (conn->snaps[k].unified && conn->snap_schema[k] && name_eq(q->table, n, conn->snaps[k].topic)) {
                q->snap = k;
                q->cold_only = false;
                return 0;
            }
        }
        return -1;
    }
    if (n > 5 && strcasecmp(q->table + n - 5, "_cold") == 0) {
        for (int k = 0; k < conn->nsnaps; k++) {
            if (conn->snaps[k].unified && conn->snap_schema[k] && name_eq(q->table, n - 5, conn->snaps[k].topic)) {
                q->snap = k;
                q->cold_only = true;
                return 0;
            }
        }
    }
    return -1;
}

/* Parses the whole query and resolves its names.  -1: not for this path. */
static int parse(agg *q) {
    rterm gterms[MAX_GROUP_COLS], oterms[MAX_ITEMS];
    int ngterms = 0, noterms = 0;
    q->limit = -1;
    q->offset = 0;
    if (!accept_kw(q, "select")) return -1;
    accept_kw(q, "all");
    do {
        if (parse_item(q) != 0) return -1;
    } while (accept_op(q, ","));
    if (!accept_kw(q, "from")) return -1;
    if (cur(q)->kind != TK_ID || (!cur(q)->quoted && reserved(cur(q)))) return -1;
    q->table = cur(q)->text;
    q->pos++;
    if (is_op(cur(q), ".")) return -1;
    if (parse_alias(q, &q->alias) != 0) return -1;
    if (accept_kw(q, "where")) {
        do {
            if (parse_pred(q) != 0) return -1;
        } while (accept_kw(q, "and"));
    }
    if (is_kw(cur(q), "group")) {
        q->pos++;
        if (!accept_kw(q, "by")) return -1;
        do {
            if (ngterms == MAX_GROUP_COLS || parse_term(q, &gterms[ngterms++], false) != 0) return -1;
        } while (accept_op(q, ","));
    }
    if (is_kw(cur(q), "order")) {
        q->pos++;
        if (!accept_kw(q, "by")) return -1;
        do {
            if (noterms == MAX_ITEMS || parse_term(q, &oterms[noterms++], true) != 0) return -1;
        } while (accept_op(q, ","));
    }
    if (accept_kw(q, "limit")) {
        if (parse_limit_value(q, &q->limit) != 0) return -1;
        if (accept_kw(q, "offset")) {
            if (parse_limit_value(q, &q->offset) != 0) return -1;
        } else if (accept_op(q, ",")) {
            q->offset = q->limit;
            if (parse_limit_value(q, &q->limit) != 0) return -1;
        }
        if (q->offset < 0) q->offset = 0;
    }
    accept_op(q, ";");
    if (cur(q)->kind != TK_EOF) return -1;

    /* The table and its columns. */
    if (resolve_table(q) != 0) return -1;
    const ck_sql_snap *sn = &q->conn->snaps[q->snap];
    q->cols = &sn->cols;
    q->ncols = 4 + q->cols->n;
    /* An alias that is also a column name would make GROUP BY and ORDER BY
     * resolve by rules this path does not copy. */
    for (int i = 0; i < q->nitems; i++) {
        item *it = &q->items[i];
        if (it->alias) {
            colname c = { NULL, it->alias, strlen(it->alias) };
            if (resolve_col(q, &c) >= 0) return -1;
        }
        if (it->is_agg && it->agg == AG_COUNT_STAR) continue;
        if ((it->col = resolve_col(q, &it->ref)) < 0) return -1;
        if (!it->is_agg && !it->alias) it->name = col_name(q, it->col);
    }
    for (int i = 0; i < q->npreds; i++) {
        pred *p = &q->preds[i];
        if ((p->col = resolve_col(q, &p->ref)) < 0) return -1;
        /* _partition, _offset, _timestamp have INTEGER affinity: SQLite
         * would convert a text literal first. */
        for (int k = 0; k < p->nlit; k++)
            if (p->col < 3 && p->lit[k].type == CHRONIK_SQL_TEXT) return -1;
    }
    /* GROUP BY: a column of the table, else an alias, or a position; the
     * result must be a column. */
    for (int g = 0; g < ngterms; g++) {
        rterm *r = &gterms[g];
        int col = -1;
        if (r->kind == 2) {
            if (r->pos < 1 || r->pos > q->nitems || q->items[r->pos - 1].is_agg) return -1;
            col = q->items[r->pos - 1].col;
        } else {
            col = resolve_col(q, &r->ref);
            if (col < 0 && !r->ref.qual) {
                for (int i = 0; i < q->nitems && col < 0; i++)
                    if (q->items[i].alias && name_eq(r->ref.name, r->ref.nlen, q->items[i].alias)) {
                        if (q->items[i].is_agg) return -1;
                        col = q->items[i].col;
                    }
            }
        }
        if (col < 0 || add_group_col(q, col) < 0) return -1;
    }
    /* Select items: aggregates, or columns SQLite can only answer as the
     * GROUP BY key. */
    bool any_agg = false;
    q->nvisible = q->nitems;
    for (int i = 0; i < q->nitems; i++) {
        item *it = &q->items[i];
        if (it->is_agg) {
            any_agg = true;
            if ((it->aidx = agg_index(q, it->agg, it->col)) < 0) return -1;
            continue;
        }
        it->gidx = -1;
        for (int g = 0; g < q->ngc; g++)
            if (q->gcol[g] == it->col) it->gidx = g;
        if (it->gidx < 0) return -1;
    }
    if (!any_agg && q->ngc == 0) return -1;
    /* ORDER BY: an alias, a position, else an expression: a GROUP BY
     * column or an aggregate (added as a hidden output when not selected). */
    for (int o = 0; o < noterms; o++) {
        rterm *r = &oterms[o];
        int which = -1;
        if (r->kind == 0 && !r->ref.qual) {
            for (int i = 0; i < q->nvisible && which < 0; i++)
                if (q->items[i].alias && name_eq(r->ref.name, r->ref.nlen, q->items[i].alias)) which = i;
        }
        if (which < 0 && r->kind == 2) {
            if (r->pos < 1 || r->pos > q->nvisible) return -1;
            which = (int)r->pos - 1;
        }
        if (which < 0) {
            item probe;
            memset(&probe, 0, sizeof(probe));
            if (r->kind == 1) {
                probe = r->agg;
                if (probe.agg != AG_COUNT_STAR && (probe.col = resolve_col(q, &probe.ref)) < 0) return -1;
                if (probe.agg == AG_COUNT_STAR) probe.col = -1;
            } else {
                probe.col = resolve_col(q, &r->ref);
                if (probe.col < 0) return -1;
            }
            for (int i = 0; i < q->nitems && which < 0; i++) {
                const item *it = &q->items[i];
                if (it->is_agg == probe.is_agg && it->col == probe.col && (!it->is_agg || it->agg == probe.agg))
                    which = i;
            }
            if (which < 0) {
                if (q->nitems == MAX_ITEMS) return -1;
                item *it = &q->items[q->nitems];
                *it = probe;
                it->hidden = true;
                it->name = "";
                if (it->is_agg) {
                    if ((it->aidx = agg_index(q, it->agg, it->col)) < 0) return -1;
                } else {
                    it->gidx = -1;
                    for (int g = 0; g < q->ngc; g++)
                        if (q->gcol[g] == it->col) it->gidx = g;
                    if (it->gidx < 0) return -1;
                }
                which = q->nitems++;
            }
        }
        q->order[q->norder++] = (oterm){ which, r->desc };
    }
    return 0;
}

/* SQLite answers some shapes at least as well from its indexes: an
 * ungrouped aggregate over an _offset or _timestamp range. */
static bool worth_it(const agg *q) {
    if (q->ngc > 0) return true;
    for (int i = 0; i < q->npreds; i++)
        if ((q->preds[i].col == CK_SQL_BCOL_OFF || q->preds[i].col == CK_SQL_BCOL_TS) && q->preds[i].op != P_NE &&
            q->preds[i].op != P_NOTNULL)
            return false;
    return true;
}

/* ===================================================================== */
/* Groups and aggregates                                                 */
/* ===================================================================== */

static void copy_val(agg *q, const ck_sql_val *in, ck_sql_val *out) {
    *out = *in;
    if ((in->type == CHRONIK_SQL_TEXT || in->type == CHRONIK_SQL_BLOB)) {
        uint8_t *s = ck_arena_alloc(&q->ar, in->len + 1);
        if (in->len) memcpy(s, in->s, in->len);
        out->s = s;
    }
}

static uint32_t keytab_id(agg *q, keytab *kt, const ck_sql_val *v) {
    if (kt->n * 2 >= kt->mask + 1 || !kt->slot) {
        uint32_t cap = kt->slot ? (kt->mask + 1) * 2 : 64;
        uint32_t *slot = ck_calloc(cap, sizeof(uint32_t));
        for (uint32_t i = 0; i < kt->n; i++) {
            uint32_t h = (uint32_t)ck_sql_val_hash(&kt->v[i]) & (cap - 1);
            while (slot[h]) h = (h + 1) & (cap - 1);
            slot[h] = i + 1;
        }
        ck_free(kt->slot);
        kt->slot = slot;
        kt->mask = cap - 1;
    }
    uint32_t h = (uint32_t)ck_sql_val_hash(v) & kt->mask;
    for (;;) {
        uint32_t e = kt->slot[h];
        if (!e) break;
        if (ck_sql_val_cmp(&kt->v[e - 1], v) == 0) return e - 1;
        h = (h + 1) & kt->mask;
    }
    if (kt->n == kt->cap) {
        kt->cap = kt->cap ? kt->cap * 2 : 16;
        kt->v = ck_realloc(kt->v, kt->cap * sizeof(*kt->v));
    }
    copy_val(q, v, &kt->v[kt->n]);
    kt->slot[h] = kt->n + 1;
    return kt->n++;
}

static void ensure_groups(agg *q, uint32_t n) {
    if (n <= q->capgroups) return;
    uint32_t cap = q->capgroups ? q->capgroups : 16;
    while (cap < n) cap *= 2;
    for (int a = 0; a < q->naggs; a++) {
        q->st[a] = ck_realloc(q->st[a], cap * sizeof(astate));
        memset(q->st[a] + q->capgroups, 0, (cap - q->capgroups) * sizeof(astate));
    }
    q->capgroups = cap;
}

static uint32_t group_of_tuple(agg *q, const uint32_t *ids) {
    gtab *gt = &q->gt;
    int k = q->ngc;
    if (gt->n * 2 >= gt->mask + 1 || !gt->slot) {
        uint32_t cap = gt->slot ? (gt->mask + 1) * 2 : 64;
        uint32_t *slot = ck_calloc(cap, sizeof(uint32_t));
        for (uint32_t g = 0; g < gt->n; g++) {
            uint64_t hh = 0;
            for (int c = 0; c < k; c++) hh = (hh ^ gt->keys[(size_t)g * k + c]) * 0x9e3779b97f4a7c15ull;
            uint32_t h = (uint32_t)(hh >> 32) & (cap - 1);
            while (slot[h]) h = (h + 1) & (cap - 1);
            slot[h] = g + 1;
        }
        ck_free(gt->slot);
        gt->slot = slot;
        gt->mask = cap - 1;
    }
    uint64_t hh = 0;
    for (int c = 0; c < k; c++) hh = (hh ^ ids[c]) * 0x9e3779b97f4a7c15ull;
    uint32_t h = (uint32_t)(hh >> 32) & gt->mask;
    for (;;) {
        uint32_t e = gt->slot[h];
        if (!e) break;
        if (memcmp(&gt->keys[(size_t)(e - 1) * k], ids, (size_t)k * sizeof(uint32_t)) == 0) return e - 1;
        h = (h + 1) & gt->mask;
    }
    if (gt->n == gt->cap) {
        gt->cap = gt->cap ? gt->cap * 2 : 16;
        gt->keys = ck_realloc(gt->keys, (size_t)gt->cap * k * sizeof(uint32_t));
    }
    memcpy(&gt->keys[(size_t)gt->n * k], ids, (size_t)k * sizeof(uint32_t));
    gt->slot[h] = gt->n + 1;
    return gt->n++;
}

static inline bool nv_notnull(const nvec *v, uint32_t r) {
    switch (v->kind) {
    case NV_NULL: return false;
    case NV_CONST: return v->c.type != CHRONIK_SQL_NULL;
    case NV_GEN: return v->gen[r].type != CHRONIK_SQL_NULL;
    default: return !v->nn || ((v->nn[r >> 3] >> (r & 7)) & 1);
    }
}

static inline void nv_get(const nvec *v, uint32_t r, ck_sql_val *out) {
    if (!nv_notnull(v, r)) {
        out->type = CHRONIK_SQL_NULL;
        return;
    }
    switch (v->kind) {
    case NV_CONST: *out = v->c; break;
    case NV_INT: *out = (ck_sql_val){ CHRONIK_SQL_INTEGER, v->i[r], 0, NULL, 0 }; break;
    case NV_REAL: *out = (ck_sql_val){ CHRONIK_SQL_REAL, 0, v->r[r], NULL, 0 }; break;
    case NV_DICT: *out = v->dict[v->code[r]]; break;
    default: *out = v->gen[r]; break;
    }
}

static inline void sum_add(double *s, double *c, double x) {
    double t = *s + x;
    if (fabs(*s) >= fabs(x)) *c += (*s - t) + x;
    else *c += (x - t) + *s;
    *s = t;
}

/* Adds one non-NULL number to a SUM/AVG/TOTAL state; false when SQLite
 * must decide (text or blob input, a sum that may overflow). */
static inline bool add_int(astate *s, int64_t v) {
    s->cnt++;
    sum_add(&s->rsum, &s->rc, (double)v);
    if (v >= 0 ? __builtin_add_overflow(s->pos, v, &s->pos) : __builtin_add_overflow(s->neg, v, &s->neg))
        return false;
    s->isum = s->pos + s->neg;
    return true;
}

static inline void add_real(astate *s, double v) {
    s->cnt++;
    s->approx = true;
    sum_add(&s->rsum, &s->rc, v);
}

static bool add_val(astate *s, const ck_sql_val *v) {
    switch (v->type) {
    case CHRONIK_SQL_NULL: return true;
    case CHRONIK_SQL_INTEGER: return add_int(s, v->i);
    case CHRONIK_SQL_REAL: add_real(s, v->r); return true;
    default: return false;
    }
}

static void minmax_val(astate *s, const ck_sql_val *v, bool max) {
    if (v->type == CHRONIK_SQL_NULL) return;
    if (s->has) {
        int c = ck_sql_val_cmp(&s->best, v);
        if (max ? c >= 0 : c <= 0) return;
    }
    s->has = true;
    s->best = *v;
    if (v->type == CHRONIK_SQL_TEXT || v->type == CHRONIK_SQL_BLOB) {
        if (s->bestcap < v->len + 1) {
            s->bestcap = v->len + 1;
            s->bestbuf = ck_realloc(s->bestbuf, s->bestcap);
        }
        if (v->len) memcpy(s->bestbuf, v->s, v->len);
        s->best.s = s->bestbuf;
    }
}

static bool pred_match(const pred *p, const ck_sql_val *v) {
    switch (p->op) {
    case P_NULL: return v->type == CHRONIK_SQL_NULL;
    case P_NOTNULL: return v->type != CHRONIK_SQL_NULL;
    default: break;
    }
    if (v->type == CHRONIK_SQL_NULL) return false;
    if (p->op == P_IN) {
        for (int k = 0; k < p->nlit; k++)
            if (ck_sql_val_cmp(v, &p->lit[k]) == 0) return true;
        return false;
    }
    int c = ck_sql_val_cmp(v, &p->lit[0]);
    switch (p->op) {
    case P_EQ: return c == 0;
    case P_NE: return c != 0;
    case P_LT: return c < 0;
    case P_LE: return c <= 0;
    case P_GT: return c > 0;
    default: return c >= 0;
    }
}

static void ensure_rows(agg *q, uint32_t n) {
    if (n <= q->cap_rows) return;
    q->cap_rows = n;
    q->gid = ck_realloc(q->gid, n * sizeof(uint32_t));
    q->sel = ck_realloc(q->sel, n * sizeof(uint32_t));
    for (int g = 0; g < q->ngc; g++) q->kid[g] = ck_realloc(q->kid[g], n * sizeof(uint32_t));
}

/* Key ids of GROUP BY column g for the selected rows into out[j]. */
static void key_ids(agg *q, int g, const nvec *v, const uint32_t *sel, uint32_t nsel, uint32_t *out) {
    keytab *kt = &q->kt[g];
    ck_sql_val x;
    switch (v->kind) {
    case NV_NULL:
    case NV_CONST: {
        ck_sql_val c = v->kind == NV_CONST ? v->c : (ck_sql_val){ CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
        uint32_t id = keytab_id(q, kt, &c);
        for (uint32_t j = 0; j < nsel; j++) out[j] = id;
        return;
    }
    case NV_DICT: {
        if (q->cap_dmap < v->ndict + 1) {
            q->cap_dmap = v->ndict + 1;
            q->dmap = ck_realloc(q->dmap, q->cap_dmap * sizeof(uint32_t));
        }
        if (!v->nn && !sel && v->ndict <= nsel) {
            /* Every row is a dictionary entry: map the entries once. */
            for (uint32_t e = 0; e < v->ndict; e++) q->dmap[e] = keytab_id(q, kt, &v->dict[e]);
            const uint32_t *dm = q->dmap, *code = v->code;
            for (uint32_t j = 0; j < nsel; j++) out[j] = dm[code[j]];
            return;
        }
        for (uint32_t e = 0; e <= v->ndict; e++) q->dmap[e] = UINT32_MAX;
        uint32_t nullid = UINT32_MAX;
        for (uint32_t j = 0; j < nsel; j++) {
            uint32_t r = sel ? sel[j] : j;
            if (!nv_notnull(v, r)) {
                if (nullid == UINT32_MAX) {
                    x.type = CHRONIK_SQL_NULL;
                    nullid = keytab_id(q, kt, &x);
                }
                out[j] = nullid;
                continue;
            }
            uint32_t c = v->code[r];
            if (q->dmap[c] == UINT32_MAX) q->dmap[c] = keytab_id(q, kt, &v->dict[c]);
            out[j] = q->dmap[c];
        }
        return;
    }
    default: {
        bool have = false;
        ck_sql_val last = { 0 };
        uint32_t lastid = 0;
        for (uint32_t j = 0; j < nsel; j++) {
            uint32_t r = sel ? sel[j] : j;
            nv_get(v, r, &x);
            if (have && x.type == last.type && x.type == CHRONIK_SQL_INTEGER && x.i == last.i) {
                out[j] = lastid;
                continue;
            }
            lastid = keytab_id(q, kt, &x);
            last = x;
            have = true;
            out[j] = lastid;
        }
        return;
    }
    }
}

/* Folds rows [0, n) of a chunk (vecs indexed by table column) into the
 * groups.  false: the data needs SQLite. */
static bool process(agg *q, uint32_t n, const nvec *vecs) {
    if (n == 0) return true;
    ensure_rows(q, n);
    /* WHERE */
    uint32_t *sel = NULL, nsel = n;
    for (int i = 0; i < q->npreds; i++) {
        const pred *p = &q->preds[i];
        const nvec *v = &vecs[p->col];
        uint32_t k = 0;
        ck_sql_val x;
        for (uint32_t j = 0; j < nsel; j++) {
            uint32_t r = sel ? sel[j] : j;
            nv_get(v, r, &x);
            if (pred_match(p, &x)) q->sel[k++] = r;
        }
        sel = q->sel;
        nsel = k;
        if (nsel == 0) return true;
    }
    /* Groups */
    bool gconst = false;
    uint32_t g0 = 0;
    if (q->ngc == 0) {
        gconst = true;
    } else if (q->ngc == 1) {
        const nvec *v = &vecs[q->gcol[0]];
        key_ids(q, 0, v, sel, nsel, q->gid);
        q->ngroups = CK_MAX(q->ngroups, q->kt[0].n);
        if (v->kind == NV_CONST || v->kind == NV_NULL) {
            gconst = true;
            g0 = q->gid[0];
        }
    } else {
        for (int g = 0; g < q->ngc; g++) key_ids(q, g, &vecs[q->gcol[g]], sel, nsel, q->kid[g]);
        uint32_t ids[MAX_GROUP_COLS];
        for (uint32_t j = 0; j < nsel; j++) {
            for (int g = 0; g < q->ngc; g++) ids[g] = q->kid[g][j];
            q->gid[j] = group_of_tuple(q, ids);
        }
        q->ngroups = q->gt.n;
    }
    if (q->ngroups > MAX_GROUPS) return false;
    ensure_groups(q, CK_MAX(q->ngroups, 1));
    const uint32_t *gid = q->gid;
#define GID(j) (gconst ? g0 : gid[j])
#define ROW(j) (sel ? sel[j] : (j))
    /* Aggregates */
    for (int a = 0; a < q->naggs; a++) {
        astate *S = q->st[a];
        const aggspec *as = &q->aggs[a];
        if (as->agg == AG_COUNT_STAR) {
            if (gconst) S[g0].cnt += nsel;
            else
                for (uint32_t j = 0; j < nsel; j++) S[gid[j]].cnt++;
            continue;
        }
        const nvec *v = &vecs[as->col];
        ck_sql_val x;
        switch (as->agg) {
        case AG_COUNT:
            for (uint32_t j = 0; j < nsel; j++)
                if (nv_notnull(v, ROW(j))) S[GID(j)].cnt++;
            break;
        case AG_SUM:
        case AG_AVG:
        case AG_TOTAL:
            if (v->kind == NV_REAL && !v->nn && !sel && !gconst) {
                const double *xr = v->r;
                for (uint32_t j = 0; j < nsel; j++) add_real(&S[gid[j]], xr[j]);
            } else if (v->kind == NV_REAL) {
                for (uint32_t j = 0; j < nsel; j++) {
                    uint32_t r = ROW(j);
                    if (!v->nn || ((v->nn[r >> 3] >> (r & 7)) & 1)) add_real(&S[GID(j)], v->r[r]);
                }
            } else if (v->kind == NV_INT) {
                for (uint32_t j = 0; j < nsel; j++) {
                    uint32_t r = ROW(j);
                    if ((!v->nn || ((v->nn[r >> 3] >> (r & 7)) & 1)) && !add_int(&S[GID(j)], v->i[r])) return false;
                }
            } else {
                for (uint32_t j = 0; j < nsel; j++) {
                    nv_get(v, ROW(j), &x);
                    if (!add_val(&S[GID(j)], &x)) return false;
                }
            }
            break;
        default: /* MIN, MAX */
            for (uint32_t j = 0; j < nsel; j++) {
                nv_get(v, ROW(j), &x);
                minmax_val(&S[GID(j)], &x, as->agg == AG_MAX);
            }
            break;
        }
    }
#undef GID
#undef ROW
    return true;
}

/* ===================================================================== */
/* Sources                                                               */
/* ===================================================================== */

static int timed_out(agg *q) { return q->deadline > 0 && ck_mono_ms() > q->deadline; }

/* Bounds of an INTEGER-affinity column from the WHERE terms (for pruning):
 * false when no row can match. */
static bool int_bounds(const agg *q, int col, int64_t *lo, int64_t *hi) {
    *lo = INT64_MIN;
    *hi = INT64_MAX;
    for (int i = 0; i < q->npreds; i++) {
        const pred *p = &q->preds[i];
        if (p->col != col) continue;
        if (p->op == P_NULL) return false;
        if (p->op == P_NE || p->op == P_NOTNULL || p->op == P_IN) continue;
        const ck_sql_val *v = &p->lit[0];
        double d = v->type == CHRONIK_SQL_INTEGER ? (double)v->i : v->r;
        if (v->type == CHRONIK_SQL_REAL && isnan(d)) return false;
        int64_t fl, ce;
        if (v->type == CHRONIK_SQL_INTEGER) {
            fl = ce = v->i;
        } else {
            if (d >= 9.2e18 || d <= -9.2e18) continue;
            fl = (int64_t)floor(d);
            ce = (int64_t)ceil(d);
        }
        switch (p->op) {
        case P_EQ:
            if (fl != ce) return false;
            *lo = CK_MAX(*lo, fl);
            *hi = CK_MIN(*hi, fl);
            break;
        case P_GT: *lo = CK_MAX(*lo, v->type == CHRONIK_SQL_INTEGER ? (fl == INT64_MAX ? fl : fl + 1) : (fl == ce ? fl + 1 : ce)); break;
        case P_GE: *lo = CK_MAX(*lo, ce); break;
        case P_LT: *hi = CK_MIN(*hi, v->type == CHRONIK_SQL_INTEGER ? (ce == INT64_MIN ? ce : ce - 1) : (fl == ce ? ce - 1 : fl)); break;
        case P_LE: *hi = CK_MIN(*hi, fl); break;
        default: break;
        }
    }
    return *lo <= *hi;
}

/* Column col of a decoded block as a chunk vector, converted to the type
 * the cold table has now when the block was written before a widening. */
static void block_vec(agg *q, int col, const ck_sql_block *b, nvec *v, double **rconv, size_t *rcap,
                      ck_sql_val **gconv, size_t *gcap, ck_arena *tmp) {
    memset(v, 0, sizeof(*v));
    int target = col >= 4 ? q->coldtype[col - 4] : 0;
    switch (b->enc) {
    case CK_BLK_NULL: v->kind = NV_NULL; return;
    case CK_BLK_INT:
        if (target == CK_SQLT_REAL) {
            if (*rcap < b->n) {
                *rcap = b->n;
                *rconv = ck_realloc(*rconv, *rcap * sizeof(double));
            }
            for (uint32_t r = 0; r < b->n; r++) (*rconv)[r] = (double)b->i[r];
            v->kind = NV_REAL;
            v->r = *rconv;
            v->nn = b->nn;
            return;
        }
        if (target != CK_SQLT_TEXT) {
            v->kind = NV_INT;
            v->i = b->i;
            v->nn = b->nn;
            return;
        }
        break;
    case CK_BLK_REAL:
        if (target != CK_SQLT_TEXT) {
            v->kind = NV_REAL;
            v->r = b->r;
            v->nn = b->nn;
            return;
        }
        break;
    case CK_BLK_DICT:
        v->kind = NV_DICT;
        v->code = b->code;
        v->dict = b->dict;
        v->ndict = b->ndict;
        v->nn = b->nn;
        return;
    default:
        /* PLAIN holds only TEXT or BLOB, which no widening changes. */
        if (target == 0 || b->enc == CK_BLK_PLAIN) {
            v->kind = NV_GEN;
            v->gen = b->gen;
            return;
        }
        break;
    }
    /* A block written before its column was widened: convert as CAST. */
    if (*gcap < b->n) {
        *gcap = b->n;
        *gconv = ck_realloc(*gconv, *gcap * sizeof(ck_sql_val));
    }
    for (uint32_t r = 0; r < b->n; r++) {
        ck_sql_val x, w;
        char num[32];
        ck_sql_block_get(b, r, &x);
        ck_sql_val_widen(&x, target, &w, num);
        if (w.s == (const uint8_t *)num) w.s = (const uint8_t *)ck_arena_strndup(tmp, num, w.len);
        (*gconv)[r] = w;
    }
    v->kind = NV_GEN;
    v->gen = *gconv;
}

/* Per needed column of the cold part. */
typedef struct colsrc {
    sqlite3_stmt *st;
    ck_sql_block  b;
    double       *rconv;
    size_t        rcap;
    ck_sql_val   *gconv;
    size_t        gcap;
} colsrc;

static int prep(agg *q, const char *text, sqlite3_stmt **st) {
    q->conn->internal = true;
    int rc = sqlite3_prepare_v2(q->conn->db, text, -1, st, NULL);
    q->conn->internal = false;
    return rc;
}

/* The column blocks.  1 ok, 0 give up, -1 timed out; *last_rowid: the last
 * row they cover. */
static int scan_blocks(agg *q, nvec *vecs, int64_t *last_rowid) {
    const char *schema = q->conn->snap_schema[q->snap];
    int rc = 1;
    char text[256];
    sqlite3_stmt *meta = NULL;
    colsrc *cs = ck_calloc((size_t)q->ncols, sizeof(*cs));
    ck_arena tmp;
    ck_arena_init(&tmp);
    *last_rowid = 0;
    snprintf(text, sizeof(text),
             "SELECT blk, last_rowid, nrows, min_part, max_part, min_off, max_off, min_ts, max_ts FROM %s.\"$blockmeta\" "
             "ORDER BY blk",
             schema);
    if (prep(q, text, &meta) != SQLITE_OK) {
        rc = 0;
        goto out;
    }
    for (int c = 0; c < q->ncols; c++) {
        ck_sql_block_init(&cs[c].b);
        if (!q->need[c] || (c >= 4 && q->coldpos[c - 4] < 0)) continue;
        snprintf(text, sizeof(text), "SELECT data FROM %s.\"$blocks\" WHERE key = ?1", schema);
        if (prep(q, text, &cs[c].st) != SQLITE_OK) {
            rc = 0;
            goto out;
        }
    }
    int64_t lo[3], hi[3];
    bool any[3];
    for (int c = 0; c < 3; c++) any[c] = int_bounds(q, c, &lo[c], &hi[c]);
    int s;
    while ((s = sqlite3_step(meta)) == SQLITE_ROW) {
        int64_t blk = sqlite3_column_int64(meta, 0);
        *last_rowid = sqlite3_column_int64(meta, 1);
        int64_t nrows = sqlite3_column_int64(meta, 2);
        if (nrows <= 0 || nrows > CK_SQL_BLOCK_ROWS) {
            rc = 0;
            goto out;
        }
        bool skip = false;
        for (int c = 0; c < 3 && !skip; c++) {
            if (!any[c]) skip = true;
            else if (sqlite3_column_type(meta, 3 + 2 * c) == SQLITE_INTEGER &&
                     (sqlite3_column_int64(meta, 4 + 2 * c) < lo[c] || sqlite3_column_int64(meta, 3 + 2 * c) > hi[c]))
                skip = true;
        }
        if (skip) continue;
        if (timed_out(q)) {
            rc = -1;
            goto out;
        }
        bool part_const = sqlite3_column_type(meta, 3) == SQLITE_INTEGER &&
                          sqlite3_column_int64(meta, 3) == sqlite3_column_int64(meta, 4);
        ck_arena_reset(&tmp);
        for (int c = 0; c < q->ncols; c++) {
            if (!q->need[c]) continue;
            nvec *v = &vecs[c];
            memset(v, 0, sizeof(*v));
            if (c == CK_SQL_BCOL_PART && part_const) {
                v->kind = NV_CONST;
                v->c = (ck_sql_val){ CHRONIK_SQL_INTEGER, sqlite3_column_int64(meta, 3), 0, NULL, 0 };
                continue;
            }
            if (!cs[c].st) {
                v->kind = NV_NULL;
                continue;
            }
            int64_t colid = c < 4 ? c : CK_SQL_BCOL_DATA + q->coldpos[c - 4];
            sqlite3_reset(cs[c].st);
            sqlite3_bind_int64(cs[c].st, 1, blk * CK_SQL_BLK_STRIDE + colid);
            int r = sqlite3_step(cs[c].st);
            if (r == SQLITE_DONE) {
                v->kind = NV_NULL;
                continue;
            }
            if (r != SQLITE_ROW ||
                ck_sql_block_decode(&cs[c].b, sqlite3_column_blob(cs[c].st, 0), (size_t)sqlite3_column_bytes(cs[c].st, 0)) != 0 ||
                cs[c].b.n != (uint32_t)nrows) {
                CK_WARN(CK_SQL_SUB, "aggregate: block %lld of %s column %d is unreadable; answering through SQLite",
                        (long long)blk, q->conn->snaps[q->snap].topic, c);
                rc = 0;
                goto out;
            }
            block_vec(q, c, &cs[c].b, v, &cs[c].rconv, &cs[c].rcap, &cs[c].gconv, &cs[c].gcap, &tmp);
        }
        if (!process(q, (uint32_t)nrows, vecs)) {
            rc = 0;
            goto out;
        }
    }
    if (s != SQLITE_DONE) rc = 0;
out:
    if (meta) sqlite3_finalize(meta);
    for (int c = 0; c < q->ncols; c++) {
        if (cs[c].st) sqlite3_finalize(cs[c].st);
        ck_sql_block_free(&cs[c].b);
        ck_free(cs[c].rconv);
        ck_free(cs[c].gconv);
    }
    ck_free(cs);
    ck_arena_free(&tmp);
    return rc;
}

/* A chunk of generic rows being filled. */
typedef struct genchunk {
    ck_sql_val *v;               /* ncols x CHUNK_ROWS, column-major */
    uint32_t    n;
    ck_arena    bytes;
} genchunk;

static void gen_set(genchunk *gc, int col, const ck_sql_val *x) {
    ck_sql_val *d = &gc->v[(size_t)col * CHUNK_ROWS + gc->n];
    *d = *x;
    if ((x->type == CHRONIK_SQL_TEXT || x->type == CHRONIK_SQL_BLOB) && x->len) {
        uint8_t *s = ck_arena_alloc(&gc->bytes, x->len);
        memcpy(s, x->s, x->len);
        d->s = s;
    }
}

static bool gen_flush(agg *q, genchunk *gc, nvec *vecs) {
    for (int c = 0; c < q->ncols; c++) {
        if (!q->need[c]) continue;
        memset(&vecs[c], 0, sizeof(vecs[c]));
        vecs[c].kind = NV_GEN;
        vecs[c].gen = &gc->v[(size_t)c * CHUNK_ROWS];
    }
    bool ok = process(q, gc->n, vecs);
    gc->n = 0;
    ck_arena_reset(&gc->bytes);
    return ok;
}

/* The table's rows after the last block.  1, 0 or -1 as scan_blocks. */
static int scan_table_tail(agg *q, nvec *vecs, genchunk *gc, int64_t after) {
    const ck_sql_snap *sn = &q->conn->snaps[q->snap];
    ck_wb t;
    ck_wb_init(&t, 256);
    ck_json_raw(&t, "SELECT ");
    for (int c = 0; c < q->ncols; c++) {
        if (c) ck_wb_put(&t, ", ", 2);
        if (!q->need[c] || (c >= 4 && q->coldpos[c - 4] < 0)) ck_json_raw(&t, "NULL");
        else if (c < 4) ck_json_raw(&t, meta_cols[c]);
        else ck_sql_ident(&t, sn->cold.cols[q->coldpos[c - 4]].name, strlen(sn->cold.cols[q->coldpos[c - 4]].name));
    }
    ck_json_raw(&t, " FROM ");
    ck_json_raw(&t, q->conn->snap_schema[q->snap]);
    ck_wb_i8(&t, '.');
    ck_sql_ident(&t, sn->topic, strlen(sn->topic));
    ck_json_raw(&t, " WHERE rowid > ?1");
    /* Let SQLite's indexes narrow the rows: the same bounds are checked
     * again below. */
    for (int c = 0; c < 3; c++) {
        int64_t lo, hi;
        if (!int_bounds(q, c, &lo, &hi)) {
            ck_wb_free(&t);
            return 1;
        }
        char b[96];
        if (lo > INT64_MIN) {
            snprintf(b, sizeof(b), " AND %s >= %lld", meta_cols[c], (long long)lo);
            ck_json_raw(&t, b);
        }
        if (hi < INT64_MAX) {
            snprintf(b, sizeof(b), " AND %s <= %lld", meta_cols[c], (long long)hi);
            ck_json_raw(&t, b);
        }
    }
    ck_wb_i8(&t, 0);
    sqlite3_stmt *st = NULL;
    int rc = 1;
    if (prep(q, (const char *)t.buf, &st) != SQLITE_OK) {
        rc = 0;
        goto out;
    }
    sqlite3_bind_int64(st, 1, after);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < q->ncols; c++) {
            if (!q->need[c]) continue;
            ck_sql_val x;
            ck_sql_val_column(st, c, &x);
            gen_set(gc, c, &x);
        }
        if (++gc->n == CHUNK_ROWS) {
            if (timed_out(q)) {
                rc = -1;
                goto out;
            }
            if (!gen_flush(q, gc, vecs)) {
                rc = 0;
                goto out;
            }
        }
    }
    if (s != SQLITE_DONE) rc = 0;
    else if (gc->n && !gen_flush(q, gc, vecs)) rc = 0;
out:
    if (st) sqlite3_finalize(st);
    ck_wb_free(&t);
    return rc;
}

/* The hot tail: records at or after the progress snapshot, up to each
 * partition's high watermark now.  1, 0 or -1 as scan_blocks. */
static int scan_hot(agg *q, nvec *vecs, genchunk *gc) {
    const ck_sql_snap *sn = &q->conn->snaps[q->snap];
    ck_topic *t = ck_engine_topic_get(q->conn->sql->eng, sn->topic, strlen(sn->topic));
    if (!t) return 1;
    int rc = 1;
    bool data = false;
    for (int c = 4; c < q->ncols; c++) data = data || q->need[c];
    int64_t plo, phi, olo, ohi;
    bool ok = int_bounds(q, CK_SQL_BCOL_PART, &plo, &phi) && int_bounds(q, CK_SQL_BCOL_OFF, &olo, &ohi);
    ck_sql_flat fl;
    ck_sql_flat_init(&fl);
    ck_sql_logscan ls;
    ck_sql_logscan_init(&ls);
    int *colfield = ck_malloc((size_t)(q->cols->n > 0 ? q->cols->n : 1) * sizeof(int));
    int32_t np = ck_topic_partition_count(t);
    for (int32_t pi = 0; ok && pi < np; pi++) {
        if (pi < plo || pi > phi) continue;
        ck_partition *p = ck_topic_partition(t, pi);
        ck_part_offsets o;
        ck_partition_offsets(p, &o);
        int64_t start = CK_MAX(o.log_start, olo);
        if (pi < sn->n) start = CK_MAX(start, sn->progress[pi]);
        int64_t end = o.high_watermark;
        if (ohi < INT64_MAX) end = CK_MIN(end, ohi + 1);
        if (start >= end) continue;
        ck_sql_logscan_begin(&ls, p, start, end);
        ck_rec rec;
        int r;
        while ((r = ck_sql_logscan_next(&ls, &rec)) == 1) {
            ck_sql_val x = { CHRONIK_SQL_INTEGER, pi, 0, NULL, 0 };
            if (q->need[CK_SQL_BCOL_PART]) gen_set(gc, CK_SQL_BCOL_PART, &x);
            x.i = rec.offset;
            if (q->need[CK_SQL_BCOL_OFF]) gen_set(gc, CK_SQL_BCOL_OFF, &x);
            x.i = rec.timestamp;
            if (q->need[CK_SQL_BCOL_TS]) gen_set(gc, CK_SQL_BCOL_TS, &x);
            if (q->need[CK_SQL_BCOL_KEY]) {
                if (rec.key_len < 0) x = (ck_sql_val){ CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
                else
                    x = (ck_sql_val){ ck_sql_utf8_valid(rec.key, (size_t)rec.key_len) ? CHRONIK_SQL_TEXT : CHRONIK_SQL_BLOB,
                                      0, 0, rec.key, (size_t)rec.key_len };
                gen_set(gc, CK_SQL_BCOL_KEY, &x);
            }
            if (data) {
                for (int k = 0; k < q->cols->n; k++) colfield[k] = -1;
                if (rec.value_len > 0 && ck_sql_flatten(&fl, rec.value, (size_t)rec.value_len) == 0) {
                    for (size_t i = 0; i < fl.n; i++) {
                        const ck_sql_field *f = &fl.f[i];
                        int k = ck_sql_schema_find(q->cols, (const char *)fl.names.buf + f->name_off, f->name_len);
                        if (k >= 0) colfield[k] = (int)i;
                    }
                }
                for (int k = 0; k < q->cols->n; k++) {
                    if (!q->need[4 + k]) continue;
                    x = (ck_sql_val){ CHRONIK_SQL_NULL, 0, 0, NULL, 0 };
                    if (colfield[k] >= 0) {
                        ck_sql_cell cell;
                        ck_sql_field_cell(&fl, &fl.f[colfield[k]], q->cols->cols[k].type, &cell);
                        x = (ck_sql_val){ cell.type, cell.i, cell.r, (const uint8_t *)cell.s, cell.len };
                    }
                    gen_set(gc, 4 + k, &x);
                }
            }
            if (++gc->n == CHUNK_ROWS) {
                if (timed_out(q)) {
                    rc = -1;
                    goto out;
                }
                if (!gen_flush(q, gc, vecs)) {
                    rc = 0;
                    goto out;
                }
            }
        }
        if (r < 0) {
            /* The SQL path reports this one. */
            rc = 0;
            goto out;
        }
    }
    if (gc->n && !gen_flush(q, gc, vecs)) rc = 0;
out:
    ck_free(colfield);
    ck_sql_logscan_free(&ls);
    ck_sql_flat_free(&fl);
    ck_topic_release(t);
    return rc;
}

/* ===================================================================== */
/* Results                                                               */
/* ===================================================================== */

static void final_val(agg *q, uint32_t g, const item *it, ck_sql_val *out) {
    memset(out, 0, sizeof(*out));
    if (!it->is_agg) {
        uint32_t id = q->ngc == 1 ? g : q->gt.keys[(size_t)g * q->ngc + it->gidx];
        *out = q->kt[it->gidx].v[id];
        return;
    }
    const astate *s = &q->st[it->aidx][g];
    switch (it->agg) {
    case AG_COUNT_STAR:
    case AG_COUNT: out->type = CHRONIK_SQL_INTEGER; out->i = s->cnt; break;
    case AG_SUM:
        if (s->cnt == 0) break;
        if (s->approx) out->type = CHRONIK_SQL_REAL, out->r = s->rsum + s->rc;
        else out->type = CHRONIK_SQL_INTEGER, out->i = s->isum;
        break;
    case AG_AVG:
        if (s->cnt == 0) break;
        out->type = CHRONIK_SQL_REAL;
        out->r = (s->approx ? s->rsum + s->rc : (double)s->isum) / (double)s->cnt;
        break;
    case AG_TOTAL:
        out->type = CHRONIK_SQL_REAL;
        out->r = s->approx ? s->rsum + s->rc : (double)s->isum;
        break;
    default:
        if (s->has) *out = s->best;
        break;
    }
}

typedef struct outrow {
    uint32_t    g;
    ck_sql_val *v;               /* nitems */
} outrow;

static int cmp_rows(const agg *q, const outrow *a, const outrow *b) {
    for (int o = 0; o < q->norder; o++) {
        int c = ck_sql_val_cmp(&a->v[q->order[o].item], &b->v[q->order[o].item]);
        if (c) return q->order[o].desc ? -c : c;
    }
    /* GROUP BY key order (SQLite's output order without ORDER BY). */
    for (int g = 0; g < q->ngc; g++) {
        uint32_t ia = q->ngc == 1 ? a->g : q->gt.keys[(size_t)a->g * q->ngc + g];
        uint32_t ib = q->ngc == 1 ? b->g : q->gt.keys[(size_t)b->g * q->ngc + g];
        int c = ck_sql_val_cmp(&q->kt[g].v[ia], &q->kt[g].v[ib]);
        if (c) return c;
    }
    return a->g < b->g ? -1 : a->g > b->g;
}

/* Stable merge sort of the output rows. */
static void sort_rows(const agg *q, outrow *a, outrow *tmp, size_t n) {
    if (n < 2) return;
    size_t m = n / 2, i = 0, j = m, k = 0;
    sort_rows(q, a, tmp, m);
    sort_rows(q, a + m, tmp, n - m);
    while (i < m && j < n) tmp[k++] = cmp_rows(q, &a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < m) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof(*a));
}

static const char *storage_name(int t) {
    switch (t) {
    case CHRONIK_SQL_INTEGER: return "INTEGER";
    case CHRONIK_SQL_REAL: return "REAL";
    case CHRONIK_SQL_TEXT: return "TEXT";
    case CHRONIK_SQL_BLOB: return "BLOB";
    default: return "NULL";
    }
}

static void emit(agg *q, int64_t max_rows, const ck_sql_agg_out *out, int64_t *nrows, int32_t *truncated) {
    uint32_t ng = q->ngc == 0 ? 1 : q->ngroups;
    if (q->ngc == 0) ensure_groups(q, 1);
    int nv = q->nvisible, ni = q->nitems;
    outrow *rows = ck_calloc(ng ? ng : 1, sizeof(*rows));
    ck_sql_val *vals = ck_calloc((size_t)(ng ? ng : 1) * (size_t)ni, sizeof(*vals));
    for (uint32_t g = 0; g < ng; g++) {
        rows[g].g = g;
        rows[g].v = vals + (size_t)g * ni;
        for (int i = 0; i < ni; i++) final_val(q, g, &q->items[i], &rows[g].v[i]);
    }
    if (ng > 1) {
        outrow *tmp = ck_malloc(ng * sizeof(*tmp));
        sort_rows(q, rows, tmp, ng);
        ck_free(tmp);
    }
    const char **names = ck_calloc((size_t)nv + 1, sizeof(char *));
    const char **decl = ck_calloc((size_t)nv + 1, sizeof(char *));
    const char **types = ck_calloc((size_t)nv + 1, sizeof(char *));
    chronik_sql_value_t *cv = ck_calloc((size_t)nv + 1, sizeof(*cv));
    for (int i = 0; i < nv; i++) {
        names[i] = q->items[i].name;
        decl[i] = !q->items[i].is_agg && q->items[i].col < 3 ? "INTEGER" : NULL;
    }
    if (out->cols) out->cols(out->ud, nv, names, decl);
    ck_wb buf;
    ck_wb_init(&buf, 256);
    int64_t first = q->offset, n = 0;
    for (uint32_t k = 0; k < ng; k++) {
        if ((int64_t)k < first) continue;
        if (q->limit >= 0 && (int64_t)k - first >= q->limit) break;
        if (n >= max_rows) {
            if (truncated) *truncated = 1;
            break;
        }
        size_t need = 0;
        for (int i = 0; i < nv; i++)
            if (rows[k].v[i].type == CHRONIK_SQL_TEXT || rows[k].v[i].type == CHRONIK_SQL_BLOB) need += rows[k].v[i].len + 1;
        ck_wb_reset(&buf);
        uint8_t *p = ck_wb_reserve(&buf, need + 1);
        for (int i = 0; i < nv; i++) {
            const ck_sql_val *x = &rows[k].v[i];
            chronik_sql_value_t *o = &cv[i];
            memset(o, 0, sizeof(*o));
            o->type = x->type;
            o->i = x->i;
            o->r = x->r;
            if (x->type == CHRONIK_SQL_TEXT || x->type == CHRONIK_SQL_BLOB) {
                if (x->len) memcpy(p, x->s, x->len);
                p[x->len] = 0;
                o->data = p;
                o->len = x->len;
                p += x->len + 1;
            }
            types[i] = decl[i] ? decl[i] : storage_name(x->type);
        }
        n++;
        if (out->row && out->row(out->ud, nv, names, types, cv) != 0) break;
    }
    *nrows = n;
    ck_wb_free(&buf);
    ck_free(names);
    ck_free(decl);
    ck_free(types);
    ck_free(cv);
    ck_free(rows);
    ck_free(vals);
}

/* ===================================================================== */
/* Entry                                                                 */
/* ===================================================================== */

static void agg_free(agg *q) {
    for (int g = 0; g < MAX_GROUP_COLS; g++) {
        ck_free(q->kt[g].v);
        ck_free(q->kt[g].slot);
        ck_free(q->kid[g]);
    }
    ck_free(q->gt.keys);
    ck_free(q->gt.slot);
    for (int a = 0; a < q->naggs; a++) {
        if (q->st[a])
            for (uint32_t g = 0; g < q->capgroups; g++) ck_free(q->st[a][g].bestbuf);
        ck_free(q->st[a]);
    }
    ck_free(q->gid);
    ck_free(q->sel);
    ck_free(q->dmap);
    ck_free(q->need);
    ck_free(q->coldpos);
    ck_free(q->coldtype);
    ck_free(q->preds);
    ck_free(q->t);
    ck_arena_free(&q->ar);
}

int ck_sql_agg_try(ck_sql_conn *conn, const char *query, int64_t max_rows, const ck_sql_agg_out *out,
                   int64_t *nrows, int32_t *truncated, int *errcode, char *err, size_t errlen) {
    agg *q = ck_calloc(1, sizeof(*q));
    int ret = 0;
    nvec *vecs = NULL;
    genchunk gc = { 0 };
    ck_arena_init(&gc.bytes);
    ck_arena_init(&q->ar);
    q->conn = conn;
    q->deadline = conn->deadline;
    if (tokenize(&q->ar, query, &q->t, &q->nt) != 0) goto out;
    if (parse(q) != 0 || !worth_it(q)) goto out;

    /* Which columns, and where the cold part has them. */
    const ck_sql_snap *sn = &conn->snaps[q->snap];
    q->need = ck_calloc((size_t)q->ncols, sizeof(bool));
    for (int g = 0; g < q->ngc; g++) q->need[q->gcol[g]] = true;
    for (int a = 0; a < q->naggs; a++)
        if (q->aggs[a].col >= 0) q->need[q->aggs[a].col] = true;
    for (int i = 0; i < q->npreds; i++) q->need[q->preds[i].col] = true;
    q->coldpos = ck_malloc((size_t)(q->cols->n + 1) * sizeof(int));
    q->coldtype = ck_malloc((size_t)(q->cols->n + 1) * sizeof(int));
    for (int k = 0; k < q->cols->n; k++) {
        const char *name = q->cols->cols[k].name;
        int p = ck_sql_schema_find(&sn->cold, name, strlen(name));
        q->coldpos[k] = p;
        q->coldtype[k] = p >= 0 ? sn->cold.cols[p].type : 0;
    }
    vecs = ck_calloc((size_t)q->ncols, sizeof(*vecs));
    gc.v = ck_calloc((size_t)q->ncols * CHUNK_ROWS, sizeof(ck_sql_val));
    if (q->ngc == 0) ensure_groups(q, 1);

    int64_t last_rowid = 0;
    int r = scan_blocks(q, vecs, &last_rowid);
    if (r == 1) r = scan_table_tail(q, vecs, &gc, last_rowid);
    if (r == 1 && !q->cold_only) r = scan_hot(q, vecs, &gc);
    if (r < 0) {
        ck_errf(err, errlen, "query exceeded sql.timeout.ms (%lld ms)", (long long)conn->sql->timeout_ms);
        *errcode = CHRONIK_ERR_TIMED_OUT;
        ret = -1;
        goto out;
    }
    if (r == 0) goto out;
    emit(q, max_rows, out, nrows, truncated);
    ret = 1;
out:
    ck_free(vecs);
    ck_free(gc.v);
    ck_arena_free(&gc.bytes);
    agg_free(q);
    ck_free(q);
    return ret;
}

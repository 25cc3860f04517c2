/*
 * conf.c — the configuration objects of libchronik: the broker scope
 * (chronik_conf_t, the public chronik_conf_* calls) and per-topic overrides
 * (ck_topic_conf), both driven by the X-macro tables of conf.h.
 *
 * Every value is validated against its key's type when it is set and kept
 * twice: as a canonical string (what get and DescribeConfigs return) and in
 * parsed form (bools 0/1, integers, flush interval with 0 = always and
 * -1 = os, enums as their index in the list, lists as a bit mask of the
 * listed values, doubles as their IEEE-754 bits).  A broker key's effective
 * value is its dynamic per-broker value, else its dynamic cluster default,
 * else its static value, else the table default; a topic config's is its
 * override, else the current value of its broker synonym, else the listed
 * default.  ck_conf_write_markdown renders both tables for docs/config.md.
 *
 * Threads: the functions here keep no global state; a conf object belongs to
 * one thread at a time (the metadata accessors may be called from anywhere).
 * The engine publishes a changed broker conf as a new object, so a conf
 * readers hold never changes under them.
 */
#include "engine/conf.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct conf_def {
    const char  *name;
    ck_conf_type type;
    const char  *def;    /* default; NULL for a topic key with a broker synonym */
    const char  *syn;    /* topic keys: the broker key supplying the default */
    int64_t      min, max;
    const char  *en;     /* ENUM/LIST values, '|' separated */
    bool         sens;
    const char  *doc;
} conf_def;

static const conf_def broker_defs[CK_BK__COUNT] = {
#define CK_BDEF_(id, name, type, def, mn, mx, en, sens, doc) { name, type, def, NULL, mn, mx, en, sens, doc },
    CK_BROKER_CONF(CK_BDEF_)
#undef CK_BDEF_
};

static const conf_def topic_defs[CK_TK__COUNT] = {
#define CK_TDEF_(id, name, type, syn, def, mn, mx, en, doc) { name, type, def, syn, mn, mx, en, false, doc },
    CK_TOPIC_CONF(CK_TDEF_)
#undef CK_TDEF_
};

/* The broker keys that may change at runtime. */
static const int broker_dynamic[] = {
#define CK_BDYN_(id) CK_BK_##id,
    CK_BROKER_DYNAMIC(CK_BDYN_)
#undef CK_BDYN_
};

/* Kafka property names accepted for our keys. */
static const struct { const char *alias, *name; } broker_aliases[] = {
    { "broker.id", "node.id" },
    { "log.dir", "data.dir" },
    { "log.dirs", "data.dir" },
};

/* ====================================================================== */
/* Value parsing                                                            */
/* ====================================================================== */

static bool parse_i64(const char *s, int64_t *out)
{
    char     *end;
    long long v;

    if (s[0] == '\0' || isspace((unsigned char)s[0]))
        return false;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0')
        return false;
    *out = (int64_t)v;
    return true;
}

/* A finite double with nothing after it; no leading space (as parse_i64). */
static bool parse_double(const char *s, double *out)
{
    char  *end;
    double v;

    if (s[0] == '\0' || isspace((unsigned char)s[0]))
        return false;
    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* The shortest decimal form of v that reads back as v. */
static void format_double(double v, char *buf, size_t buflen)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, buflen, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL && strchr(buf, 'n') == NULL && strlen(buf) + 3 <= buflen)
        strcat(buf, ".0");   /* Kafka prints doubles with a fraction: 1.0 */
}

/* One item of a replica throttle list: "" or partition:broker, digits only. */
static bool throttle_item_ok(const char *s, size_t n)
{
    size_t i = 0, a, b;

    if (n == 0)
        return true;
    for (a = 0; i < n && isdigit((unsigned char)s[i]); i++)
        a++;
    if (a == 0 || i >= n || s[i] != ':')
        return false;
    for (i++, b = 0; i < n && isdigit((unsigned char)s[i]); i++)
        b++;
    return b > 0 && i == n;
}

/* Index of the n-byte item s in the '|' separated list en, or -1. */
static int enum_index(const char *en, const char *s, size_t n, bool ci)
{
    const char *p = en;
    const char *bar;
    size_t      len;
    int         i = 0;

    while (p != NULL && *p != '\0') {
        bar = strchr(p, '|');
        len = bar != NULL ? (size_t)(bar - p) : strlen(p);
        if (len == n && (ci ? strncasecmp(p, s, n) == 0 : strncmp(p, s, n) == 0))
            return i;
        i++;
        p = bar != NULL ? bar + 1 : NULL;
    }
    return -1;
}

/* The idx-th item of en as a NUL-terminated copy. */
static char *enum_item(const char *en, int idx)
{
    const char *p = en;
    const char *bar;

    while (idx-- > 0 && p != NULL) {
        bar = strchr(p, '|');
        p = bar != NULL ? bar + 1 : NULL;
    }
    if (p == NULL)
        return ck_strdup("");
    bar = strchr(p, '|');
    return bar != NULL ? ck_strndup(p, (size_t)(bar - p)) : ck_strdup(p);
}

/* The list's values separated by sep, e.g. "delete, compact". */
static void enum_join(const char *en, const char *sep, char *out, size_t outlen)
{
    size_t o = 0, i;

    if (outlen == 0)
        return;
    for (i = 0; en[i] != '\0' && o + 1 < outlen; i++) {
        if (en[i] == '|') {
            int n = snprintf(out + o, outlen - o, "%s", sep);
            o = n > 0 ? CK_MIN(outlen - 1, o + (size_t)n) : o;
        } else {
            out[o++] = en[i];
        }
    }
    out[o] = '\0';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)(*s)[0])) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Validates value for d.  On success *num is the parsed form and *norm (when
 * norm != NULL) the canonical string, owned by the caller.  Returns 0 or
 * CHRONIK_ERR_INVALID_CONFIG with err naming the key. */
static int conf_parse(const conf_def *d, const char *value, int64_t *num, char **norm, char *err, size_t errlen)
{
    char        vals[256];
    char        canon[64];
    const char *p, *comma, *item;
    size_t      n;
    int64_t     v = 0;
    uint64_t    mask = 0;
    double      dv = 0;
    ck_wb       wb;
    int         idx;
    bool        ci, star = false, pairs = false;
    int         ret = 0;

    if (norm != NULL)
        *norm = NULL;
    if (value == NULL) {
        ck_errf(err, errlen, "missing value for \"%s\"", d->name);
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    switch (d->type) {
    case CK_CT_BOOL:
        if (strcasecmp(value, "true") == 0)
            v = 1;
        else if (strcasecmp(value, "false") == 0)
            v = 0;
        else
            goto bad;
        if (norm != NULL)
            *norm = ck_strdup(v ? "true" : "false");
        break;
    case CK_CT_INT:
    case CK_CT_LONG:
        if (!parse_i64(value, &v) || v < d->min || v > d->max)
            goto bad;
        if (v == 0 && strcmp(d->name, "compression.gzip.level") == 0)
            goto bad;   /* Kafka: -1 (zlib's default) or 1..9 */
        if (norm != NULL) {
            snprintf(canon, sizeof(canon), "%" PRId64, v);
            *norm = ck_strdup(canon);
        }
        break;
    case CK_CT_STRING:
        if (strcmp(d->name, "data.dir") == 0 && value[0] == '\0')
            goto bad;
        if (norm != NULL)
            *norm = ck_strdup(value);
        break;
    case CK_CT_ENUM:
        ci = strcmp(d->name, "log.level") == 0;
        idx = enum_index(d->en, value, strlen(value), ci);
        if (idx < 0)
            goto bad;
        v = idx;
        if (norm != NULL)
            *norm = enum_item(d->en, idx);
        break;
    case CK_CT_FLUSH:
        if (strcmp(value, "always") == 0) {
            v = 0;
        } else if (strcmp(value, "os") == 0) {
            v = -1;
        } else if (strncmp(value, "interval.ms=", 12) == 0 && parse_i64(value + 12, &v) && v >= 1) {
            snprintf(canon, sizeof(canon), "interval.ms=%" PRId64, v);
        } else {
            goto bad;
        }
        if (norm != NULL)
            *norm = ck_strdup(v == 0 ? "always" : v < 0 ? "os" : canon);
        break;
    case CK_CT_DOUBLE:
        if (!parse_double(value, &dv) || dv < (double)d->min || dv > (double)d->max)
            goto bad;
        memcpy(&v, &dv, sizeof(v));
        if (norm != NULL) {
            format_double(dv, canon, sizeof(canon));
            *norm = ck_strdup(canon);
        }
        break;
    case CK_CT_LIST:
        ck_wb_init(&wb, 32);
        p = value;
        if (d->en == NULL) {
            /* A replica throttle list: empty, "*", or partition:broker pairs. */
            for (;;) {
                comma = strchr(p, ',');
                n = comma != NULL ? (size_t)(comma - p) : strlen(p);
                item = p;
                trim(&item, &n);
                if (n == 1 && item[0] == '*')
                    star = true;
                else if (throttle_item_ok(item, n))
                    pairs = pairs || n > 0;
                else
                    star = pairs = true;   /* refused below */
                if (n > 0) {
                    if (wb.len > 0)
                        ck_wb_put(&wb, ",", 1);
                    ck_wb_put(&wb, item, n);
                }
                if (comma == NULL)
                    break;
                p = comma + 1;
            }
            if (star && pairs) {
                ck_wb_free(&wb);
                goto bad;
            }
            if (norm != NULL)
                *norm = ck_strndup((const char *)wb.buf, wb.len);
            ck_wb_free(&wb);
            break;
        }
        for (;;) {
            comma = strchr(p, ',');
            n = comma != NULL ? (size_t)(comma - p) : strlen(p);
            item = p;
            trim(&item, &n);
            idx = n > 0 ? enum_index(d->en, item, n, false) : -1;
            if (idx < 0 || idx >= 64) {
                ck_wb_free(&wb);
                goto bad;
            }
            if ((mask & ((uint64_t)1 << idx)) == 0) {
                if (wb.len > 0)
                    ck_wb_put(&wb, ",", 1);
                ck_wb_put(&wb, item, n);
            }
            mask |= (uint64_t)1 << idx;
            if (comma == NULL)
                break;
            p = comma + 1;
        }
        v = (int64_t)mask;
        if (norm != NULL)
            *norm = ck_strndup((const char *)wb.buf, wb.len);
        ck_wb_free(&wb);
        break;
    }
    *num = v;
    return ret;

bad:
    switch (d->type) {
    case CK_CT_BOOL:
        ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected true or false", value, d->name);
        break;
    case CK_CT_INT:
    case CK_CT_LONG:
        if (strcmp(d->name, "compression.gzip.level") == 0)
            ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected -1 or an integer in [1, 9]",
                    value, d->name);
        else
            ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected an integer in [%" PRId64 ", %" PRId64 "]",
                    value, d->name, d->min, d->max);
        break;
    case CK_CT_DOUBLE:
        ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected a number in [%" PRId64 ", %" PRId64 "]",
                value, d->name, d->min, d->max);
        break;
    case CK_CT_STRING:
        ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected a non-empty path", value, d->name);
        break;
    case CK_CT_ENUM:
        enum_join(d->en, ", ", vals, sizeof(vals));
        ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected one of %s", value, d->name, vals);
        break;
    case CK_CT_FLUSH:
        ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected always, os or interval.ms=N with N >= 1",
                 value, d->name);
        break;
    case CK_CT_LIST:
        if (d->en == NULL) {
            ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected \"*\" or a comma-separated list of "
                    "partition:broker pairs", value, d->name);
            break;
        }
        enum_join(d->en, ", ", vals, sizeof(vals));
        ck_errf(err, errlen, "invalid value \"%.200s\" for \"%s\": expected a comma-separated list of %s",
                 value, d->name, vals);
        break;
    }
    return CHRONIK_ERR_INVALID_CONFIG;
}

/* ====================================================================== */
/* Key metadata                                                             */
/* ====================================================================== */

/** @brief Broker key index of name (aliases accepted); -1 if unknown.  Any thread. */
int ck_conf_broker_key(const char *name)
{
    size_t i;
    int    k;

    if (name == NULL)
        return -1;
    for (i = 0; i < CK_ARRAY_LEN(broker_aliases); i++) {
        if (strcmp(name, broker_aliases[i].alias) == 0) {
            name = broker_aliases[i].name;
            break;
        }
    }
    for (k = 0; k < CK_BK__COUNT; k++)
        if (strcmp(broker_defs[k].name, name) == 0)
            return k;
    return -1;
}

/** @brief Topic key index of name; -1 if unknown.  Any thread. */
int ck_conf_topic_key(const char *name)
{
    int k;

    if (name == NULL)
        return -1;
    for (k = 0; k < CK_TK__COUNT; k++)
        if (strcmp(topic_defs[k].name, name) == 0)
            return k;
    return -1;
}

static bool bk_ok(int key) { return key >= 0 && key < CK_BK__COUNT; }
static bool tk_ok(int key) { return key >= 0 && key < CK_TK__COUNT; }

/** @brief Name of broker key; NULL if out of range. */
const char *ck_conf_broker_name(int key) { return bk_ok(key) ? broker_defs[key].name : NULL; }
/** @brief Documentation of broker key; NULL if out of range. */
const char *ck_conf_broker_doc(int key) { return bk_ok(key) ? broker_defs[key].doc : NULL; }
/** @brief Type of broker key (CK_CT_STRING if out of range). */
ck_conf_type ck_conf_broker_type(int key) { return bk_ok(key) ? broker_defs[key].type : CK_CT_STRING; }
/** @brief Whether broker key holds a secret (DescribeConfigs hides it). */
bool ck_conf_broker_sensitive(int key) { return bk_ok(key) && broker_defs[key].sens; }
/** @brief Table default of broker key; NULL if out of range. */
const char *ck_conf_broker_default(int key) { return bk_ok(key) ? broker_defs[key].def : NULL; }
/** @brief Name of topic key; NULL if out of range. */
const char *ck_conf_topic_name(int key) { return tk_ok(key) ? topic_defs[key].name : NULL; }
/** @brief Documentation of topic key; NULL if out of range. */
const char *ck_conf_topic_doc(int key) { return tk_ok(key) ? topic_defs[key].doc : NULL; }
/** @brief Type of topic key (CK_CT_STRING if out of range). */
ck_conf_type ck_conf_topic_type(int key) { return tk_ok(key) ? topic_defs[key].type : CK_CT_STRING; }

/** @brief Whether topic key is a secret: its broker synonym is sensitive. */
bool ck_conf_topic_sensitive(int key)
{
    int syn = ck_conf_topic_synonym(key);

    return syn >= 0 && broker_defs[syn].sens;
}

/** @brief Broker key whose value is topic key's default, or -1. */
int ck_conf_topic_synonym(int key)
{
    if (!tk_ok(key) || topic_defs[key].syn == NULL)
        return -1;
    return ck_conf_broker_key(topic_defs[key].syn);
}

/** @brief The default of topic key when no broker conf is at hand (its
 *  synonym's table default, else its own); NULL if out of range. */
const char *ck_conf_topic_default(int key)
{
    int syn;

    if (!tk_ok(key))
        return NULL;
    syn = ck_conf_topic_synonym(key);
    return syn >= 0 ? broker_defs[syn].def : topic_defs[key].def;
}

static int8_t kafka_type(ck_conf_type t, bool sens)
{
    switch (t) {
    case CK_CT_BOOL:   return 1;
    case CK_CT_INT:    return 3;
    case CK_CT_LONG:   return 5;
    case CK_CT_DOUBLE: return 6;
    case CK_CT_LIST:   return 7;
    case CK_CT_STRING: return sens ? 9 : 2;
    case CK_CT_ENUM:
    case CK_CT_FLUSH:  return 2;
    }
    return 0;
}

/** @brief Kafka's DescribeConfigs ConfigType (BOOLEAN 1, STRING 2, INT 3, LONG 5, DOUBLE 6, LIST 7, PASSWORD 9). */
int8_t ck_conf_broker_kafka_type(int key)
{
    return bk_ok(key) ? kafka_type(broker_defs[key].type, broker_defs[key].sens) : 0;
}

/** @brief Kafka's DescribeConfigs ConfigType of a topic key. */
int8_t ck_conf_topic_kafka_type(int key)
{
    return tk_ok(key) ? kafka_type(topic_defs[key].type, ck_conf_topic_sensitive(key)) : 0;
}

/* ====================================================================== */
/* Broker scope: the public chronik_conf_* API                              */
/* ====================================================================== */

/** @brief A conf with every key at its table default; caller frees. */
chronik_conf_t *chronik_conf_new(void)
{
    chronik_conf_t *conf = ck_calloc(1, sizeof(*conf));
    int             k;

    for (k = 0; k < CK_BK__COUNT; k++) {
        if (conf_parse(&broker_defs[k], broker_defs[k].def, &conf->num[k], &conf->str[k], NULL, 0) != 0)
            conf->str[k] = ck_strdup(broker_defs[k].def);   /* unreachable: the unit tests parse each default */
    }
    return conf;
}

/* Recomputes key k's effective value from its levels.  Each level's value
 * was validated when it was set, so parsing it again succeeds. */
static void broker_effective(chronik_conf_t *c, int k)
{
    const char *v = c->dyn_broker[k] != NULL ? c->dyn_broker[k]
                  : c->dyn_default[k] != NULL ? c->dyn_default[k]
                  : c->stat[k] != NULL ? c->stat[k] : broker_defs[k].def;
    char       *norm = NULL;
    int64_t     num = 0;

    if (conf_parse(&broker_defs[k], v, &num, &norm, NULL, 0) != 0)
        norm = ck_strdup(v);   /* unreachable: every level was validated */
    ck_free(c->str[k]);
    c->str[k] = norm;
    c->num[k] = num;
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? ck_strdup(s) : NULL;
}

/** @brief Deep copy of conf, every level included (NULL gives NULL). */
chronik_conf_t *chronik_conf_dup(const chronik_conf_t *conf)
{
    chronik_conf_t *dup;
    int             k;

    if (conf == NULL)
        return NULL;
    dup = ck_calloc(1, sizeof(*dup));
    for (k = 0; k < CK_BK__COUNT; k++) {
        dup->str[k] = ck_strdup(conf->str[k]);
        dup->num[k] = conf->num[k];
        dup->set[k] = conf->set[k];
        dup->stat[k] = dup_or_null(conf->stat[k]);
        dup->dyn_broker[k] = dup_or_null(conf->dyn_broker[k]);
        dup->dyn_default[k] = dup_or_null(conf->dyn_default[k]);
    }
    return dup;
}

/** @brief Validates and sets key (Kafka name or alias) to value (its static
 *  value: a dynamic value of the key, if any, still takes precedence). */
chronik_err_t chronik_conf_set(chronik_conf_t *conf, const char *key, const char *value, char *errbuf, size_t errlen)
{
    char   *norm = NULL;
    int64_t num = 0;
    int     k, ret;

    if (conf == NULL || key == NULL) {
        ck_errf(errbuf, errlen, "chronik_conf_set: %s is NULL", conf == NULL ? "conf" : "key");
        return CHRONIK_ERR_INVALID_ARG;
    }
    k = ck_conf_broker_key(key);
    if (k < 0) {
        ck_errf(errbuf, errlen, "unknown configuration key \"%.200s\"", key);
        return CHRONIK_ERR_UNKNOWN_CONFIG;
    }
    if (value != NULL && k == CK_BK_DATA_DIR && strcmp(key, "log.dirs") == 0 && strchr(value, ',') != NULL) {
        ck_errf(errbuf, errlen, "invalid value \"%.200s\" for \"%s\": only one directory is supported",
                 value, key);
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    ret = conf_parse(&broker_defs[k], value, &num, &norm, errbuf, errlen);
    if (ret != 0)
        return (chronik_err_t)ret;
    ck_free(conf->stat[k]);
    conf->stat[k] = norm;
    conf->set[k] = true;
    broker_effective(conf, k);
    return CHRONIK_OK;
}

/** @brief Copies key's current value into buf (truncated, NUL-terminated). */
chronik_err_t chronik_conf_get(const chronik_conf_t *conf, const char *key, char *buf, size_t buflen)
{
    int k;

    if (conf == NULL || buf == NULL || buflen == 0)
        return CHRONIK_ERR_INVALID_ARG;
    k = ck_conf_broker_key(key);
    if (k < 0) {
        buf[0] = '\0';
        return CHRONIK_ERR_UNKNOWN_CONFIG;
    }
    snprintf(buf, buflen, "%s", conf->str[k]);
    return CHRONIK_OK;
}

/** @brief Frees conf; NULL does nothing. */
void chronik_conf_free(chronik_conf_t *conf)
{
    int k;

    if (conf == NULL)
        return;
    for (k = 0; k < CK_BK__COUNT; k++) {
        ck_free(conf->str[k]);
        ck_free(conf->stat[k]);
        ck_free(conf->dyn_broker[k]);
        ck_free(conf->dyn_default[k]);
    }
    ck_free(conf);
}

/* ====================================================================== */
/* Dynamic broker configuration                                             */
/* ====================================================================== */

/** @brief Whether broker key may change at runtime.  Any thread. */
bool ck_conf_broker_dynamic(int key)
{
    for (size_t i = 0; i < CK_ARRAY_LEN(broker_dynamic); i++)
        if (broker_dynamic[i] == key)
            return true;
    return false;
}

/** @brief The level broker key's effective value comes from. */
ck_conf_source ck_conf_broker_source(const chronik_conf_t *c, int key)
{
    if (!bk_ok(key))
        return CK_SRC_DEFAULT;
    if (c->dyn_broker[key] != NULL)
        return CK_SRC_DYNAMIC_BROKER;
    if (c->dyn_default[key] != NULL)
        return CK_SRC_DYNAMIC_DEFAULT;
    return c->stat[key] != NULL ? CK_SRC_STATIC : CK_SRC_DEFAULT;
}

/** @brief Broker key's value at one level (borrowed), NULL when unset there. */
const char *ck_conf_broker_level(const chronik_conf_t *c, int key, ck_conf_source level)
{
    if (!bk_ok(key))
        return NULL;
    switch (level) {
    case CK_SRC_DYNAMIC_BROKER:  return c->dyn_broker[key];
    case CK_SRC_DYNAMIC_DEFAULT: return c->dyn_default[key];
    case CK_SRC_STATIC:          return c->stat[key];
    case CK_SRC_DEFAULT:         return broker_defs[key].def;
    case CK_SRC_DYNAMIC_TOPIC:   break;
    }
    return NULL;
}

static char **dyn_level(chronik_conf_t *c, ck_conf_source level)
{
    if (level == CK_SRC_DYNAMIC_BROKER)
        return c->dyn_broker;
    if (level == CK_SRC_DYNAMIC_DEFAULT)
        return c->dyn_default;
    return NULL;
}

/** @brief Replaces one dynamic level of c (all or nothing); see conf.h. */
int ck_conf_dynamic_replace(chronik_conf_t *c, ck_conf_source level, const char *const *keys,
                            const char *const *vals, size_t n, char *err, size_t errlen)
{
    char  **lv = dyn_level(c, level);
    char   *next[CK_BK__COUNT];
    int64_t num;
    size_t  i;
    int     k, ret = 0;

    memset(next, 0, sizeof(next));
    if (lv == NULL) {
        ck_errf(err, errlen, "not a dynamic configuration level: %d", (int)level);
        return CHRONIK_ERR_INVALID_REQUEST;
    }
    for (i = 0; i < n; i++) {
        k = ck_conf_broker_key(keys[i]);
        if (k < 0) {
            ck_errf(err, errlen, "unknown broker configuration key \"%.200s\"", keys[i] != NULL ? keys[i] : "(null)");
            ret = CHRONIK_ERR_UNKNOWN_CONFIG;
            goto out_free;
        }
        if (!ck_conf_broker_dynamic(k)) {
            ck_errf(err, errlen, "Cannot update these configs dynamically: [%s] (read-only broker configuration)",
                    broker_defs[k].name);
            ret = CHRONIK_ERR_INVALID_REQUEST;
            goto out_free;
        }
        if (next[k] != NULL) {
            ck_errf(err, errlen, "broker configuration \"%s\" is given more than once", broker_defs[k].name);
            ret = CHRONIK_ERR_INVALID_REQUEST;
            goto out_free;
        }
        if (vals[i] == NULL) {
            ck_errf(err, errlen, "null value for broker configuration \"%s\"", broker_defs[k].name);
            ret = CHRONIK_ERR_INVALID_REQUEST;
            goto out_free;
        }
        ret = conf_parse(&broker_defs[k], vals[i], &num, &next[k], err, errlen);
        if (ret != 0)
            goto out_free;
    }
    for (k = 0; k < CK_BK__COUNT; k++) {
        ck_free(lv[k]);
        lv[k] = next[k];
        next[k] = NULL;
        broker_effective(c, k);
    }
    return 0;

out_free:
    for (k = 0; k < CK_BK__COUNT; k++)
        ck_free(next[k]);
    return ret;
}

/** @brief Appends one dynamic level as NUL-terminated name, value pairs. */
void ck_conf_dynamic_encode(const chronik_conf_t *c, ck_conf_source level, ck_wb *wb)
{
    for (int k = 0; k < CK_BK__COUNT; k++) {
        const char *v = level == CK_SRC_DYNAMIC_BROKER ? c->dyn_broker[k]
                      : level == CK_SRC_DYNAMIC_DEFAULT ? c->dyn_default[k] : NULL;
        if (v == NULL)
            continue;
        ck_wb_put(wb, broker_defs[k].name, strlen(broker_defs[k].name) + 1);
        ck_wb_put(wb, v, strlen(v) + 1);
    }
}

/** @brief Splits an encoded level into name and value arrays (pointing into buf). */
bool ck_conf_dynamic_decode(const void *buf, size_t len, const char ***keys, const char ***vals, size_t *n)
{
    const char *p = buf;
    size_t      strs = 0, i, cnt = 0;

    *keys = NULL;
    *vals = NULL;
    *n = 0;
    if (len > 0 && p[len - 1] != '\0')
        return false;
    for (i = 0; i < len; i++)
        if (p[i] == '\0')
            strs++;
    if (strs % 2 != 0)
        return false;
    *keys = ck_calloc(strs / 2 + 1, sizeof(**keys));
    *vals = ck_calloc(strs / 2 + 1, sizeof(**vals));
    for (i = 0; i < len; cnt++) {
        (*keys)[cnt] = p + i;
        i += strlen(p + i) + 1;
        (*vals)[cnt] = p + i;
        i += strlen(p + i) + 1;
    }
    *n = cnt;
    return true;
}

/* ====================================================================== */
/* Topic scope                                                              */
/* ====================================================================== */

/** @brief Validates value for topic key name: 0, UNKNOWN_CONFIG or INVALID_CONFIG. */
int ck_conf_topic_validate(const char *name, const char *value, char *err, size_t errlen)
{
    int64_t num;
    int     k = ck_conf_topic_key(name);

    if (k < 0) {
        ck_errf(err, errlen, "unknown topic configuration key \"%.200s\"", name != NULL ? name : "(null)");
        return CHRONIK_ERR_UNKNOWN_CONFIG;
    }
    return conf_parse(&topic_defs[k], value, &num, NULL, err, errlen);
}

/* Effective string of key: override, else broker synonym, else listed default. */
static const char *topic_effective(const ck_topic_conf *tc, const chronik_conf_t *broker, int key)
{
    int syn;

    if (tc != NULL && tc->str[key] != NULL)
        return tc->str[key];
    syn = ck_conf_topic_synonym(key);
    if (syn >= 0)
        return broker != NULL && broker->str[syn] != NULL ? broker->str[syn] : broker_defs[syn].def;
    return topic_defs[key].def;
}

static int64_t topic_num(const ck_topic_conf *tc, const chronik_conf_t *broker, int key)
{
    int64_t num = 0;

    if (conf_parse(&topic_defs[key], topic_effective(tc, broker, key), &num, NULL, NULL, 0) != 0)
        conf_parse(&topic_defs[key], ck_conf_topic_default(key), &num, NULL, NULL, 0);
    return num;
}

/** @brief Effective parsed value of topic key, following the broker's current values. */
int64_t ck_topic_conf_num(const ck_topic_conf *tc, const chronik_conf_t *broker, int key)
{
    if (!tk_ok(key))
        return 0;
    if (tc != NULL && tc->str[key] != NULL)
        return tc->num[key];
    return topic_num(NULL, broker, key);
}

/** @brief Recomputes tc->num from overrides and broker (after a broker change). */
void ck_topic_conf_refresh(ck_topic_conf *tc, const chronik_conf_t *broker)
{
    int k;

    for (k = 0; k < CK_TK__COUNT; k++)
        tc->num[k] = topic_num(tc, broker, k);
}

/** @brief Frees tc's overrides and zeroes it (tc itself is the caller's). */
void ck_topic_conf_free(ck_topic_conf *tc)
{
    int k;

    if (tc == NULL)
        return;
    for (k = 0; k < CK_TK__COUNT; k++)
        ck_free(tc->str[k]);
    memset(tc, 0, sizeof(*tc));
}

/* Sets (value != NULL) or removes one override without refreshing others. */
static int topic_set_one(ck_topic_conf *tc, const char *name, const char *value, char *err, size_t errlen)
{
    char   *norm = NULL;
    int64_t num = 0;
    int     k = ck_conf_topic_key(name);
    int     ret;

    if (k < 0) {
        ck_errf(err, errlen, "unknown topic configuration key \"%.200s\"", name != NULL ? name : "(null)");
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    if (value == NULL) {
        ck_free(tc->str[k]);
        tc->str[k] = NULL;
        return 0;
    }
    ret = conf_parse(&topic_defs[k], value, &num, &norm, err, errlen);
    if (ret != 0)
        return ret;
    ck_free(tc->str[k]);
    tc->str[k] = norm;
    tc->num[k] = num;
    return 0;
}

/** @brief Fills tc from a NULL-terminated key, value list over broker's values. */
int ck_topic_conf_init(ck_topic_conf *tc, const chronik_conf_t *broker, const char *const *kv, char *err, size_t errlen)
{
    size_t i;
    int    ret = 0;

    memset(tc, 0, sizeof(*tc));
    for (i = 0; kv != NULL && kv[i] != NULL; i += 2) {
        if (kv[i + 1] == NULL) {
            ck_errf(err, errlen, "missing value for \"%.200s\"", kv[i]);
            ret = CHRONIK_ERR_INVALID_CONFIG;
            goto out_free;
        }
        ret = topic_set_one(tc, kv[i], kv[i + 1], err, errlen);
        if (ret != 0)
            goto out_free;
    }
    ck_topic_conf_refresh(tc, broker);
    goto out;

out_free:
    ck_topic_conf_free(tc);
out:
    return ret;
}

/** @brief Sets or removes (value NULL) one override; tc unchanged on error. */
int ck_topic_conf_set(ck_topic_conf *tc, const chronik_conf_t *broker, const char *name, const char *value,
                      char *err, size_t errlen)
{
    int ret = topic_set_one(tc, name, value, err, errlen);

    if (ret == 0)
        ck_topic_conf_refresh(tc, broker);
    return ret;
}

/* Kafka's local.retention.* rules for a tiered topic (LogConfig). */
static int check_local_retention(int64_t total, int64_t local, const char *total_name, const char *local_name,
                                 char *err, size_t errlen)
{
    if (total == -1 || local == -2)
        return 0;
    if (local == -1) {
        ck_errf(err, errlen, "invalid value -1 for \"%s\": must not be -1 as \"%s\" is %" PRId64,
                local_name, total_name, total);
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    if (local > total) {
        ck_errf(err, errlen, "invalid value %" PRId64 " for \"%s\": must not be more than \"%s\" (%" PRId64 ")",
                local, local_name, total_name, total);
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    return 0;
}

/** @brief Kafka's cross-key checks of a topic config being set (see conf.h). */
int ck_topic_conf_check(const ck_topic_conf *tc, const chronik_conf_t *broker, const ck_topic_conf *prev,
                        char *err, size_t errlen)
{
    int64_t min_lag = ck_topic_conf_num(tc, broker, CK_TK_MIN_COMPACTION_LAG_MS);
    int64_t max_lag = ck_topic_conf_num(tc, broker, CK_TK_MAX_COMPACTION_LAG_MS);
    int64_t rbytes = ck_topic_conf_num(tc, broker, CK_TK_RETENTION_BYTES);
    int64_t rms = ck_topic_conf_num(tc, broker, CK_TK_RETENTION_MS);
    int64_t lbytes = ck_topic_conf_num(tc, broker, CK_TK_LOCAL_RETENTION_BYTES);
    int64_t lms = ck_topic_conf_num(tc, broker, CK_TK_LOCAL_RETENTION_MS);
    int     ret;

    if (min_lag > max_lag) {
        ck_errf(err, errlen, "conflict topic config setting min.compaction.lag.ms (%" PRId64 ") > "
                "max.compaction.lag.ms (%" PRId64 ")", min_lag, max_lag);
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    if (!ck_topic_conf_num(tc, broker, CK_TK_REMOTE_STORAGE_ENABLE)) {
        if (prev != NULL && ck_topic_conf_num(prev, broker, CK_TK_REMOTE_STORAGE_ENABLE) &&
            !ck_topic_conf_num(tc, broker, CK_TK_REMOTE_LOG_DELETE_ON_DISABLE)) {
            ck_errf(err, errlen, "invalid value false for \"remote.storage.enable\": disabling remote storage needs "
                    "remote.log.delete.on.disable=true (or keep it and set remote.log.copy.disable=true)");
            return CHRONIK_ERR_INVALID_CONFIG;
        }
        return 0;
    }
    if (ck_topic_conf_num(tc, broker, CK_TK_CLEANUP_POLICY) & 2) {
        ck_errf(err, errlen, "invalid value true for \"remote.storage.enable\": remote log storage is unsupported "
                "for compacted topics (cleanup.policy contains compact)");
        return CHRONIK_ERR_INVALID_CONFIG;
    }
    ret = check_local_retention(rbytes, lbytes, "retention.bytes", "local.retention.bytes", err, errlen);
    if (ret == 0)
        ret = check_local_retention(rms, lms, "retention.ms", "local.retention.ms", err, errlen);
    if (ret == 0 && ck_topic_conf_num(tc, broker, CK_TK_REMOTE_LOG_COPY_DISABLE) &&
        ((lbytes != -2 && lbytes != rbytes) || (lms != -2 && lms != rms))) {
        ck_errf(err, errlen, "with remote.log.copy.disable=true, \"%s\" must equal \"%s\"",
                lbytes != -2 && lbytes != rbytes ? "local.retention.bytes" : "local.retention.ms",
                lbytes != -2 && lbytes != rbytes ? "retention.bytes" : "retention.ms");
        ret = CHRONIK_ERR_INVALID_CONFIG;
    }
    return ret;
}

/** @brief Effective value of key as a string, copied into buf when given
 *  (else a borrowed pointer into tc or broker); NULL for an unknown key. */
const char *ck_topic_conf_value(const ck_topic_conf *tc, const chronik_conf_t *broker, int key, char *buf, size_t buflen)
{
    const char *s;

    if (!tk_ok(key))
        return NULL;
    s = topic_effective(tc, broker, key);
    if (buf != NULL && buflen > 0) {
        snprintf(buf, buflen, "%s", s);
        return buf;
    }
    return s;
}

/** @brief Deep copy of src into dst (dst's previous contents are not freed). */
void ck_topic_conf_copy(ck_topic_conf *dst, const ck_topic_conf *src)
{
    int k;

    for (k = 0; k < CK_TK__COUNT; k++) {
        dst->str[k] = src->str[k] != NULL ? ck_strdup(src->str[k]) : NULL;
        dst->num[k] = src->num[k];
    }
}

/* ====================================================================== */
/* docs/config.md                                                           */
/* ====================================================================== */

static void md_cstr(ck_wb *wb, const char *s)
{
    ck_wb_put(wb, s, strlen(s));
}

/* Text for a table cell: '|' escaped, newlines as spaces. */
static void md_cell(ck_wb *wb, const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s == '|')
            md_cstr(wb, "\\|");
        else if (*s == '\n')
            md_cstr(wb, " ");
        else
            ck_wb_put(wb, s, 1);
    }
}

static void md_code(ck_wb *wb, const char *s)
{
    if (s[0] == '\0') {
        md_cstr(wb, "(empty)");
        return;
    }
    md_cstr(wb, "`");
    md_cell(wb, s);
    md_cstr(wb, "`");
}

static const char *md_type(ck_conf_type t)
{
    switch (t) {
    case CK_CT_BOOL:   return "boolean";
    case CK_CT_INT:    return "int";
    case CK_CT_LONG:   return "long";
    case CK_CT_STRING: return "string";
    case CK_CT_ENUM:   return "enum";
    case CK_CT_FLUSH:  return "flush policy";
    case CK_CT_LIST:   return "list";
    case CK_CT_DOUBLE: return "double";
    }
    return "";
}

static void md_num(ck_wb *wb, int64_t v)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%" PRId64, v);
    md_cstr(wb, buf);
}

static void md_range(ck_wb *wb, const conf_def *d)
{
    char vals[256];

    switch (d->type) {
    case CK_CT_BOOL:
        md_cstr(wb, "true, false");
        break;
    case CK_CT_INT:
    case CK_CT_LONG:
    case CK_CT_DOUBLE:
        if (strcmp(d->name, "compression.gzip.level") == 0) {
            md_cstr(wb, "-1, or [1, 9]");
        } else if (d->min == d->max) {
            md_cstr(wb, "= ");
            md_num(wb, d->min);
        } else if (d->min == INT64_MIN && d->max == INT64_MAX) {
            md_cstr(wb, "any");
        } else if (d->max == (d->type == CK_CT_INT ? INT32_MAX : INT64_MAX)) {
            md_cstr(wb, "≥ ");
            md_num(wb, d->min);
        } else {
            md_cstr(wb, "[");
            md_num(wb, d->min);
            md_cstr(wb, ", ");
            md_num(wb, d->max);
            md_cstr(wb, "]");
        }
        break;
    case CK_CT_STRING:
        break;
    case CK_CT_ENUM:
        enum_join(d->en, ", ", vals, sizeof(vals));
        md_cstr(wb, "one of ");
        md_cell(wb, vals);
        break;
    case CK_CT_FLUSH:
        md_cstr(wb, "always, os, interval.ms=N (N ≥ 1)");
        break;
    case CK_CT_LIST:
        if (d->en == NULL) {
            md_cstr(wb, "empty, `*`, or comma-separated partition:broker pairs");
            break;
        }
        enum_join(d->en, ", ", vals, sizeof(vals));
        md_cstr(wb, "comma-separated subset of ");
        md_cell(wb, vals);
        break;
    }
}

/** @brief Writes the Markdown of docs/config.md (both scopes) into wb. */
void ck_conf_write_markdown(ck_wb *wb)
{
    size_t i;
    int    k, syn;

    md_cstr(wb, "# Configuration\n\n"
                "This file is generated from `lib/engine/conf.h` by `tools/gen_config_doc`; "
                "edit the table there and regenerate.\n\n"
                "## Broker configuration\n\n"
                "Set with `chronik_conf_set(conf, key, value, err, errlen)` or in the server's "
                "properties file.  Integers are decimal; booleans are `true` or `false`.  Keys marked "
                "dynamic may also be changed while the engine runs, with AlterConfigs or "
                "IncrementalAlterConfigs on the broker resource (name `\"\"` for the cluster default, or "
                "the node id); such changes are kept in the metadata store and survive a restart, and "
                "take precedence over the value set at start.\n\n"
                "| Key | Type | Default | Range / values | Dynamic | Description |\n"
                "|---|---|---|---|---|---|\n");
    for (k = 0; k < CK_BK__COUNT; k++) {
        const conf_def *d = &broker_defs[k];

        md_cstr(wb, "| `");
        md_cell(wb, d->name);
        md_cstr(wb, "` | ");
        md_cstr(wb, md_type(d->type));
        md_cstr(wb, " | ");
        md_code(wb, d->def);
        md_cstr(wb, " | ");
        md_range(wb, d);
        md_cstr(wb, ck_conf_broker_dynamic(k) ? " | dynamic | " : " | read-only | ");
        md_cell(wb, d->doc);
        if (d->sens)
            md_cstr(wb, " Sensitive: never shown by DescribeConfigs.");
        md_cstr(wb, " |\n");
    }
    md_cstr(wb, "\nAliases accepted for Kafka compatibility:");
    for (i = 0; i < CK_ARRAY_LEN(broker_aliases); i++) {
        md_cstr(wb, i == 0 ? " `" : ", `");
        md_cstr(wb, broker_aliases[i].alias);
        md_cstr(wb, "` → `");
        md_cstr(wb, broker_aliases[i].name);
        md_cstr(wb, "`");
    }
    md_cstr(wb, ".\n\n"
                "## Topic configuration\n\n"
                "Set per topic at creation or with AlterConfigs / IncrementalAlterConfigs.  A topic "
                "without an override follows the current value of its broker setting (shown in the "
                "Default column), so changing the broker setting changes every topic that does not "
                "override it.\n\n"
                "| Key | Type | Default | Range / values | Description |\n"
                "|---|---|---|---|---|\n");
    for (k = 0; k < CK_TK__COUNT; k++) {
        const conf_def *d = &topic_defs[k];

        md_cstr(wb, "| `");
        md_cell(wb, d->name);
        md_cstr(wb, "` | ");
        md_cstr(wb, md_type(d->type));
        md_cstr(wb, " | ");
        syn = ck_conf_topic_synonym(k);
        if (syn >= 0) {
            md_cstr(wb, "broker `");
            md_cell(wb, broker_defs[syn].name);
            md_cstr(wb, "` (");
            md_code(wb, broker_defs[syn].def);
            md_cstr(wb, ")");
        } else {
            md_code(wb, d->def != NULL ? d->def : "");
        }
        md_cstr(wb, " | ");
        md_range(wb, d);
        md_cstr(wb, " | ");
        md_cell(wb, d->doc);
        if (ck_conf_topic_sensitive(k))
            md_cstr(wb, " Sensitive: never shown by DescribeConfigs.");
        md_cstr(wb, " |\n");
    }
}

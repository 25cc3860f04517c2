/*
 * avro.c — Avro schemas: parsing and checking (names, namespaces, named
 * types defined before use or brought in by references, unions, defaults
 * against their types), the canonical text the registry stores, and
 * compatibility by Avro's schema-resolution rules.
 *
 * libavro (avro-c) parses every schema that has no references as a second
 * opinion: what it refuses is refused here too.  It cannot do the rest:
 * avro-c drops field defaults and aliases when it parses, and its resolver
 * (avro_resolved_writer_new) therefore fails a reader field that the
 * writer lacks even when the field has a default.  Resolution is done here
 * on this file's own graph of the schema:
 *
 *   - a writer union: every branch must be readable;
 *   - a reader union: some branch must read the writer;
 *   - primitives: equal, or promoted (int → long, float, double;
 *     long → float, double; float → double; string ↔ bytes);
 *   - records: same name (or a reader alias); each reader field is found in
 *     the writer by name or alias and resolves, or has a default;
 *   - enums: same name; every writer symbol is a reader symbol, unless the
 *     reader has a default symbol;
 *   - arrays and maps: their items / values resolve; fixed: name and size.
 *
 * Recursive types are resolved once per (reader, writer) pair.
 */
#include <stdio.h>
#include <stdlib.h>

#include <avro.h>

#include "schema/schema_int.h"

typedef enum av_kind {
    AV_NULL, AV_BOOLEAN, AV_INT, AV_LONG, AV_FLOAT, AV_DOUBLE, AV_BYTES, AV_STRING,
    AV_RECORD, AV_ENUM, AV_ARRAY, AV_MAP, AV_UNION, AV_FIXED
} av_kind;

static const char *const prim_names[] = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"};

typedef struct av_node av_node;

typedef struct av_field {
    const char *name;
    const char **aliases;
    size_t      naliases;
    av_node    *type;
    bool        has_default;
} av_field;

struct av_node {
    av_kind      kind;
    const char  *fullname;       /* named types */
    const char **aliases;        /* full names */
    size_t       naliases;
    av_field    *fields;
    size_t       nfields;
    const char **symbols;
    size_t       nsymbols;
    const char  *enum_default;
    av_node     *items;          /* array items, map values */
    av_node    **branches;
    size_t       nbranches;
    int64_t      size;
};

/* A parse: the arena holding every node and the named types seen. */
typedef struct av_ctx {
    ck_arena arena;
    ck_map   names;              /* full name → av_node* */
    char    *err;
    size_t   errlen;
    int      depth;
} av_ctx;

#define AV_MAX_DEPTH 100

static av_node *parse_node(av_ctx *c, const sj *v, const char *ns);

static bool valid_name(const char *s) {
    if (!s || !*s) return false;
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* A dotted full name: each part a valid name. */
static bool valid_fullname(const char *s) {
    char buf[512];
    if (!s || strlen(s) >= sizeof(buf)) return false;
    snprintf(buf, sizeof(buf), "%s", s);
    char *save = NULL;
    if (buf[0] == '.' || (strlen(buf) > 0 && buf[strlen(buf) - 1] == '.') || strstr(buf, "..")) return false;
    for (char *part = strtok_r(buf, ".", &save); part; part = strtok_r(NULL, ".", &save))
        if (!valid_name(part)) return false;
    return true;
}

static const char *qualify(av_ctx *c, const char *name, const char *ns) {
    if (strchr(name, '.') || !ns || !*ns) return ck_arena_strndup(&c->arena, name, strlen(name));
    size_t n = strlen(ns) + 1 + strlen(name);
    char *s = ck_arena_alloc(&c->arena, n + 1);
    snprintf(s, n + 1, "%s.%s", ns, name);
    return s;
}

static av_node *new_node(av_ctx *c, av_kind k) {
    av_node *n = ck_arena_alloc(&c->arena, sizeof(*n));
    memset(n, 0, sizeof(*n));
    n->kind = k;
    return n;
}

static int prim_kind(const char *s) {
    for (size_t i = 0; i < CK_ARRAY_LEN(prim_names); i++)
        if (!strcmp(s, prim_names[i])) return (int)i;
    return -1;
}

static av_node *lookup_name(av_ctx *c, const char *name, const char *ns) {
    av_node *n = NULL;
    if (!strchr(name, '.') && ns && *ns) {
        const char *q = qualify(c, name, ns);
        n = ck_map_get(&c->names, q, strlen(q));
    }
    if (!n) n = ck_map_get(&c->names, name, strlen(name));
    return n;
}

static bool fail(av_ctx *c, const char *fmt, const char *arg) {
    if (c->err && !c->err[0]) {
        char msg[400];
        snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
        ck_errf(c->err, c->errlen, "%s", msg);
    }
    return false;
}

/* Names and namespace of a named type: its full name, defined in c. */
static const char *define_named(av_ctx *c, const sj *v, const char *ns, av_node *n, const char **new_ns) {
    const char *name = sj_str(v, "name");
    if (!name) return fail(c, "a named type needs a string \"name\"%s", NULL), NULL;
    const sj *nsv = sj_get(v, "namespace");
    const char *own_ns = ns;
    if (nsv && nsv->type == SJ_STR) own_ns = nsv->s;
    else if (nsv && nsv->type != SJ_NULL) return fail(c, "\"namespace\" of %s is not a string", name), NULL;
    if (own_ns && *own_ns && !valid_fullname(own_ns)) return fail(c, "invalid namespace \"%s\"", own_ns), NULL;
    if (!valid_fullname(name)) return fail(c, "invalid name \"%s\"", name), NULL;
    const char *full = qualify(c, name, own_ns);
    if (prim_kind(full) >= 0) return fail(c, "a named type may not be called \"%s\"", full), NULL;
    if (ck_map_get(&c->names, full, strlen(full))) return fail(c, "the type \"%s\" is defined twice", full), NULL;
    ck_map_put(&c->names, full, strlen(full), n);
    n->fullname = full;
    const char *dot = strrchr(full, '.');
    *new_ns = dot ? ck_arena_strndup(&c->arena, full, (size_t)(dot - full)) : "";
    const sj *al = sj_get(v, "aliases");
    if (al && al->type == SJ_ARR) {
        n->aliases = ck_arena_alloc(&c->arena, (al->n + 1) * sizeof(char *));
        for (size_t i = 0; i < al->n; i++) {
            if (al->items[i]->type != SJ_STR || !valid_fullname(al->items[i]->s))
                return fail(c, "invalid alias of %s", full), NULL;
            n->aliases[n->naliases++] = qualify(c, al->items[i]->s, *new_ns);
        }
    } else if (al) {
        return fail(c, "\"aliases\" of %s is not an array", full), NULL;
    }
    return full;
}

/* Does default d fit type t?  (Unions: the first branch.) */
static bool default_fits(const av_node *t, const sj *d, int depth) {
    if (depth > AV_MAX_DEPTH) return false;
    switch (t->kind) {
    case AV_NULL: return d->type == SJ_NULL;
    case AV_BOOLEAN: return d->type == SJ_BOOL;
    case AV_INT:
        return d->type == SJ_NUM && !strpbrk(d->s, ".eE") && d->num >= -2147483648.0 && d->num <= 2147483647.0;
    case AV_LONG: return d->type == SJ_NUM && !strpbrk(d->s, ".eE");
    case AV_FLOAT:
    case AV_DOUBLE: return d->type == SJ_NUM || (d->type == SJ_STR && (!strcmp(d->s, "NaN") || strstr(d->s, "Infinity")));
    case AV_BYTES:
    case AV_STRING:
    case AV_FIXED: return d->type == SJ_STR;
    case AV_ENUM:
        if (d->type != SJ_STR) return false;
        for (size_t i = 0; i < t->nsymbols; i++)
            if (!strcmp(t->symbols[i], d->s)) return true;
        return false;
    case AV_ARRAY:
        if (d->type != SJ_ARR) return false;
        for (size_t i = 0; i < d->n; i++)
            if (!default_fits(t->items, d->items[i], depth + 1)) return false;
        return true;
    case AV_MAP:
        if (d->type != SJ_OBJ) return false;
        for (size_t i = 0; i < d->n; i++)
            if (!default_fits(t->items, d->items[i], depth + 1)) return false;
        return true;
    case AV_UNION: return t->nbranches > 0 && default_fits(t->branches[0], d, depth + 1);
    case AV_RECORD:
        if (d->type != SJ_OBJ) return false;
        for (size_t i = 0; i < t->nfields; i++) {
            const sj *fv = sj_get(d, t->fields[i].name);
            if (!fv && !t->fields[i].has_default) return false;
            if (fv && !default_fits(t->fields[i].type, fv, depth + 1)) return false;
        }
        return true;
    }
    return false;
}

static av_node *parse_record(av_ctx *c, const sj *v, const char *ns, av_node *n) {
    const char *rns;
    const char *full = define_named(c, v, ns, n, &rns);
    if (!full) return NULL;
    const sj *fs = sj_get(v, "fields");
    if (!fs || fs->type != SJ_ARR) return fail(c, "record %s needs a \"fields\" array", full), NULL;
    n->fields = ck_arena_alloc(&c->arena, (fs->n + 1) * sizeof(av_field));
    for (size_t i = 0; i < fs->n; i++) {
        const sj *f = fs->items[i];
        const char *fname = sj_str(f, "name");
        if (!fname || !valid_name(fname)) return fail(c, "record %s has a field without a valid name", full), NULL;
        for (size_t j = 0; j < n->nfields; j++)
            if (!strcmp(n->fields[j].name, fname)) return fail(c, "field \"%s\" appears twice", fname), NULL;
        const sj *ft = sj_get(f, "type");
        if (!ft) return fail(c, "field \"%s\" has no type", fname), NULL;
        av_field *af = &n->fields[n->nfields];
        memset(af, 0, sizeof(*af));
        af->name = ck_arena_strndup(&c->arena, fname, strlen(fname));
        if (!(af->type = parse_node(c, ft, rns))) return NULL;
        const sj *d = sj_get(f, "default");
        if (d) {
            if (!default_fits(af->type, d, 0))
                return fail(c, "the default of field \"%s\" does not match its type", fname), NULL;
            af->has_default = true;
        }
        const sj *al = sj_get(f, "aliases");
        if (al && al->type == SJ_ARR) {
            af->aliases = ck_arena_alloc(&c->arena, (al->n + 1) * sizeof(char *));
            for (size_t k = 0; k < al->n; k++) {
                if (al->items[k]->type != SJ_STR || !valid_name(al->items[k]->s))
                    return fail(c, "invalid alias of field \"%s\"", fname), NULL;
                af->aliases[af->naliases++] = ck_arena_strndup(&c->arena, al->items[k]->s, al->items[k]->slen);
            }
        } else if (al) {
            return fail(c, "\"aliases\" of field \"%s\" is not an array", fname), NULL;
        }
        const char *order = sj_str(f, "order");
        if (sj_get(f, "order") && (!order || (strcmp(order, "ascending") && strcmp(order, "descending") &&
                                              strcmp(order, "ignore"))))
            return fail(c, "invalid \"order\" of field \"%s\"", fname), NULL;
        n->nfields++;
    }
    return n;
}

static av_node *parse_object(av_ctx *c, const sj *v, const char *ns) {
    const sj *t = sj_get(v, "type");
    if (!t) return fail(c, "a schema object needs a \"type\"%s", NULL), NULL;
    if (t->type != SJ_STR) return parse_node(c, t, ns);
    int pk = prim_kind(t->s);
    if (pk >= 0) return new_node(c, (av_kind)pk);
    if (!strcmp(t->s, "record") || !strcmp(t->s, "error")) return parse_record(c, v, ns, new_node(c, AV_RECORD));
    if (!strcmp(t->s, "enum")) {
        av_node *n = new_node(c, AV_ENUM);
        const char *ens;
        const char *full = define_named(c, v, ns, n, &ens);
        if (!full) return NULL;
        const sj *sy = sj_get(v, "symbols");
        if (!sy || sy->type != SJ_ARR) return fail(c, "enum %s needs a \"symbols\" array", full), NULL;
        n->symbols = ck_arena_alloc(&c->arena, (sy->n + 1) * sizeof(char *));
        for (size_t i = 0; i < sy->n; i++) {
            if (sy->items[i]->type != SJ_STR || !valid_name(sy->items[i]->s))
                return fail(c, "enum %s has an invalid symbol", full), NULL;
            for (size_t j = 0; j < n->nsymbols; j++)
                if (!strcmp(n->symbols[j], sy->items[i]->s)) return fail(c, "enum symbol \"%s\" appears twice", sy->items[i]->s), NULL;
            n->symbols[n->nsymbols++] = ck_arena_strndup(&c->arena, sy->items[i]->s, sy->items[i]->slen);
        }
        const sj *d = sj_get(v, "default");
        if (d) {
            if (d->type != SJ_STR || !default_fits(n, d, 0))
                return fail(c, "the default of enum %s is not one of its symbols", full), NULL;
            n->enum_default = ck_arena_strndup(&c->arena, d->s, d->slen);
        }
        return n;
    }
    if (!strcmp(t->s, "array") || !strcmp(t->s, "map")) {
        bool arr = t->s[0] == 'a';
        av_node *n = new_node(c, arr ? AV_ARRAY : AV_MAP);
        const sj *it = sj_get(v, arr ? "items" : "values");
        if (!it) return fail(c, arr ? "an array needs \"items\"%s" : "a map needs \"values\"%s", NULL), NULL;
        return (n->items = parse_node(c, it, ns)) ? n : NULL;
    }
    if (!strcmp(t->s, "fixed")) {
        av_node *n = new_node(c, AV_FIXED);
        const char *fns;
        const char *full = define_named(c, v, ns, n, &fns);
        if (!full) return NULL;
        const sj *sz = sj_get(v, "size");
        if (!sz || sz->type != SJ_NUM || strpbrk(sz->s, ".eE-") || sz->num > 2147483647.0)
            return fail(c, "fixed %s needs a non-negative integer \"size\"", full), NULL;
        n->size = (int64_t)sz->num;
        return n;
    }
    av_node *named = lookup_name(c, t->s, ns);
    if (named) return named;
    return fail(c, "unknown type \"%s\"", t->s), NULL;
}

static av_node *parse_node(av_ctx *c, const sj *v, const char *ns) {
    if (++c->depth > AV_MAX_DEPTH) {
        fail(c, "the schema nests deeper than 100 levels%s", NULL);
        return NULL;
    }
    av_node *n = NULL;
    switch (v->type) {
    case SJ_STR: {
        int pk = prim_kind(v->s);
        if (pk >= 0) n = new_node(c, (av_kind)pk);
        else if (!(n = lookup_name(c, v->s, ns))) fail(c, "unknown type \"%s\"", v->s);
        break;
    }
    case SJ_OBJ: n = parse_object(c, v, ns); break;
    case SJ_ARR:
        n = new_node(c, AV_UNION);
        n->branches = ck_arena_alloc(&c->arena, (v->n + 1) * sizeof(av_node *));
        for (size_t i = 0; i < v->n; i++) {
            av_node *b = parse_node(c, v->items[i], ns);
            if (!b) return NULL;
            if (b->kind == AV_UNION) return fail(c, "a union may not contain a union%s", NULL), NULL;
            for (size_t j = 0; j < n->nbranches; j++) {
                const av_node *o = n->branches[j];
                bool same = o->kind == b->kind &&
                            (!o->fullname || !b->fullname || !strcmp(o->fullname, b->fullname));
                if (same) return fail(c, "a union holds the type %s twice",
                                      b->fullname ? b->fullname : (b->kind <= AV_STRING ? prim_names[b->kind] : b->kind == AV_ARRAY ? "array" : "map")), NULL;
            }
            n->branches[n->nbranches++] = b;
        }
        break;
    default: fail(c, "a schema must be a string, an object or an array%s", NULL); break;
    }
    c->depth--;
    return n;
}

static void ctx_init(av_ctx *c, char *err, size_t errlen) {
    memset(c, 0, sizeof(*c));
    ck_arena_init(&c->arena);
    ck_map_init(&c->names);
    c->err = err;
    c->errlen = errlen;
    if (err && errlen) err[0] = 0;
}

static void ctx_free(av_ctx *c) {
    ck_map_free(&c->names);
    ck_arena_free(&c->arena);
}

/* Parses the referenced schemas into c (their named types become known),
 * then text; the root, or NULL with c->err. */
static av_node *parse_with_refs(av_ctx *c, const char *text, size_t len, const sr_refs *refs, sj **doc_out) {
    *doc_out = NULL;
    for (size_t i = 0; refs && i < refs->n; i++) {
        if (refs->types[i] != CK_SCHEMA_AVRO) continue;
        char e2[256] = "";
        sj *d = sj_parse(refs->texts[i], strlen(refs->texts[i]), e2, sizeof(e2));
        if (!d) {
            ck_errf(c->err, c->errlen, "reference %s: %s", refs->names[i], e2);
            return NULL;
        }
        /* A name already brought in by another reference is skipped. */
        av_node *r = NULL;
        const char *name = d->type == SJ_OBJ ? sj_str(d, "name") : NULL;
        if (name) {
            const char *ns = sj_str(d, "namespace");
            const char *q = qualify(c, name, ns);
            if (ck_map_get(&c->names, q, strlen(q))) {
                sj_free(d);
                continue;
            }
        }
        r = parse_node(c, d, "");
        sj_free(d);
        if (!r) {
            char tmp[400];
            snprintf(tmp, sizeof(tmp), "%s", c->err);
            ck_errf(c->err, c->errlen, "reference %s: %s", refs->names[i], tmp);
            return NULL;
        }
    }
    char e2[256] = "";
    sj *doc = sj_parse(text, len, e2, sizeof(e2));
    if (!doc) {
        ck_errf(c->err, c->errlen, "%s", e2);
        return NULL;
    }
    *doc_out = doc;
    return parse_node(c, doc, "");
}

int sr_avro_parse(const char *text, size_t len, const sr_refs *refs, ck_wb *canon, char *err, size_t errlen) {
    av_ctx c;
    ctx_init(&c, err, errlen);
    sj *doc = NULL;
    int rc = -1;
    av_node *root = parse_with_refs(&c, text, len, refs, &doc);
    if (!root) goto out;
    if (!refs || refs->n == 0) {
        avro_schema_t as = NULL;
        if (avro_schema_from_json_length(text, len, &as) != 0) {
            ck_errf(err, errlen, "libavro: %s", avro_strerror());
            goto out;
        }
        avro_schema_decref(as);
    }
    /* A bare primitive in an object ({"type":"string"}) is kept as written. */
    sj_write(doc, canon);
    rc = 0;
out:
    sj_free(doc);
    ctx_free(&c);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Resolution                                                               */
/* ---------------------------------------------------------------------- */

typedef struct av_pair {
    const av_node *r, *w;
} av_pair;

typedef struct av_res {
    av_pair *seen;
    size_t   nseen, cap;
    char    *why;
    size_t   whylen;
    int      depth;
} av_res;

static const char *kind_name(const av_node *n) {
    static const char *const k[] = {"null", "boolean", "int", "long", "float", "double", "bytes", "string",
                                    "record", "enum", "array", "map", "union", "fixed"};
    return n->fullname ? n->fullname : k[n->kind];
}

static bool res_fail(av_res *s, const char *fmt, const char *a, const char *b) {
    if (s->why && !s->why[0]) snprintf(s->why, s->whylen, fmt, a, b);
    return false;
}

static bool unqualified_eq(const char *a, const char *b) {
    const char *da = strrchr(a, '.'), *db = strrchr(b, '.');
    return !strcmp(da ? da + 1 : a, db ? db + 1 : b);
}

static bool names_match(const av_node *r, const av_node *w) {
    if (!strcmp(r->fullname, w->fullname) || unqualified_eq(r->fullname, w->fullname)) return true;
    for (size_t i = 0; i < r->naliases; i++)
        if (!strcmp(r->aliases[i], w->fullname) || unqualified_eq(r->aliases[i], w->fullname)) return true;
    return false;
}

static bool resolve(av_res *s, const av_node *r, const av_node *w);

static bool resolve_inner(av_res *s, const av_node *r, const av_node *w) {
    if (w->kind == AV_UNION) {
        for (size_t i = 0; i < w->nbranches; i++)
            if (!resolve(s, r, w->branches[i])) return false;
        return true;
    }
    if (r->kind == AV_UNION) {
        char *keep = s->why;
        s->why = NULL; /* a branch that does not match is no error */
        bool ok = false;
        for (size_t i = 0; i < r->nbranches && !ok; i++) ok = resolve(s, r->branches[i], w);
        s->why = keep;
        return ok ? true : res_fail(s, "the reader's union has no branch for the writer's %s%s", kind_name(w), "");
    }
    if (r->kind <= AV_STRING && w->kind <= AV_STRING) {
        if (r->kind == w->kind) return true;
        switch (w->kind) {
        case AV_INT: if (r->kind == AV_LONG || r->kind == AV_FLOAT || r->kind == AV_DOUBLE) return true; break;
        case AV_LONG: if (r->kind == AV_FLOAT || r->kind == AV_DOUBLE) return true; break;
        case AV_FLOAT: if (r->kind == AV_DOUBLE) return true; break;
        case AV_STRING: if (r->kind == AV_BYTES) return true; break;
        case AV_BYTES: if (r->kind == AV_STRING) return true; break;
        default: break;
        }
        return res_fail(s, "the writer's %s cannot be read as %s", kind_name(w), kind_name(r));
    }
    if (r->kind != w->kind) return res_fail(s, "the writer's %s cannot be read as %s", kind_name(w), kind_name(r));
    switch (r->kind) {
    case AV_ARRAY:
    case AV_MAP: return resolve(s, r->items, w->items);
    case AV_FIXED:
        if (!names_match(r, w)) return res_fail(s, "fixed %s cannot read fixed %s", r->fullname, w->fullname);
        if (r->size != w->size) return res_fail(s, "fixed %s: the sizes differ%s", r->fullname, "");
        return true;
    case AV_ENUM:
        if (!names_match(r, w)) return res_fail(s, "enum %s cannot read enum %s", r->fullname, w->fullname);
        if (r->enum_default) return true;
        for (size_t i = 0; i < w->nsymbols; i++) {
            bool found = false;
            for (size_t j = 0; j < r->nsymbols && !found; j++) found = !strcmp(r->symbols[j], w->symbols[i]);
            if (!found) return res_fail(s, "the reader's enum %s lacks the symbol %s", r->fullname, w->symbols[i]);
        }
        return true;
    case AV_RECORD:
        if (!names_match(r, w)) return res_fail(s, "record %s cannot read record %s", r->fullname, w->fullname);
        for (size_t i = 0; i < r->nfields; i++) {
            const av_field *rf = &r->fields[i];
            const av_field *wf = NULL;
            for (size_t j = 0; j < w->nfields && !wf; j++)
                if (!strcmp(w->fields[j].name, rf->name)) wf = &w->fields[j];
            for (size_t a = 0; a < rf->naliases && !wf; a++)
                for (size_t j = 0; j < w->nfields && !wf; j++)
                    if (!strcmp(w->fields[j].name, rf->aliases[a])) wf = &w->fields[j];
            if (!wf) {
                if (rf->has_default) continue;
                return res_fail(s, "the reader's field %s.%s has no default and is missing from the writer",
                                r->fullname, rf->name);
            }
            if (!resolve(s, rf->type, wf->type)) {
                if (s->why && s->why[0] && !strstr(s->why, "field ")) {
                    char inner[300];
                    snprintf(inner, sizeof(inner), "%s", s->why);
                    snprintf(s->why, s->whylen, "field %s.%s: %s", r->fullname, rf->name, inner);
                }
                return false;
            }
        }
        return true;
    default: return res_fail(s, "cannot resolve %s against %s", kind_name(r), kind_name(w));
    }
}

static bool resolve(av_res *s, const av_node *r, const av_node *w) {
    if (s->depth > 4 * AV_MAX_DEPTH) return res_fail(s, "the schemas nest too deep%s%s", "", "");
    for (size_t i = 0; i < s->nseen; i++)
        if (s->seen[i].r == r && s->seen[i].w == w) return true; /* recursion: assumed, checked where it began */
    if (r->kind == AV_RECORD) {
        if (s->nseen == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 16;
            s->seen = ck_realloc(s->seen, s->cap * sizeof(*s->seen));
        }
        s->seen[s->nseen++] = (av_pair){r, w};
    }
    s->depth++;
    bool ok = resolve_inner(s, r, w);
    s->depth--;
    return ok;
}

bool sr_avro_can_read(const char *reader, const sr_refs *rrefs, const char *writer, const sr_refs *wrefs,
                      char *why, size_t whylen) {
    av_ctx rc, wc;
    char e1[256] = "", e2[256] = "";
    ctx_init(&rc, e1, sizeof(e1));
    ctx_init(&wc, e2, sizeof(e2));
    sj *rd = NULL, *wd = NULL;
    bool ok = false;
    if (why && whylen) why[0] = 0;
    av_node *r = parse_with_refs(&rc, reader, strlen(reader), rrefs, &rd);
    av_node *w = parse_with_refs(&wc, writer, strlen(writer), wrefs, &wd);
    if (!r || !w) {
        ck_errf(why, whylen, "cannot parse a stored schema: %s", r ? e2 : e1);
        goto out;
    }
    av_res s = {NULL, 0, 0, why, whylen, 0};
    ok = resolve(&s, r, w);
    ck_free(s.seen);
out:
    sj_free(rd);
    sj_free(wd);
    ctx_free(&rc);
    ctx_free(&wc);
    return ok;
}

/*
 * protobuf.c — Protocol Buffers schemas (.proto text, proto2 and proto3):
 * a tokenizer and a parser of the declarations the registry needs —
 * syntax, package, imports (each must be a reference of the request, or
 * one of the well-known google/protobuf files), options, messages with
 * nested messages and enums, fields (label, type, name, number, options),
 * map fields, oneofs, reserved ranges and names, extensions, services
 * (skipped) — with the checks protoc makes on them: field numbers in
 * 1..2^29-1 outside 19000..19999, unique numbers and names per message,
 * types that resolve, proto3 enums starting at 0.
 *
 * The canonical text is the schema as given, trimmed.  Compatibility
 * compares the messages by full name and their fields by number: a
 * message or field of the writer that the reader lacks (removed), a field
 * whose type or label changed, or a required field the reader adds is
 * incompatible; fields the reader adds are compatible.
 */
#include <stdio.h>
#include <stdlib.h>

#include "schema/schema_int.h"

typedef struct pb_field {
    char   *name;
    char   *type;         /* as written, without a leading '.'; map<K,V> as "map<K,V>" */
    char    label;        /* 'o' optional / none, 'r' repeated, 'q' required */
    int64_t number;
    bool    in_oneof;
} pb_field;

typedef struct pb_msg {
    char     *name;       /* full name */
    pb_field *f;
    size_t    n, cap;
} pb_msg;

typedef struct pb_file {
    char    syntax[16];
    char    package[256];
    pb_msg *m;            /* messages (and enums, with no fields and is_enum) */
    size_t  nm, capm;
    char  **types;        /* every declared message and enum: full names */
    size_t  nt, capt;
    char  **used;         /* field types to resolve */
    char  **used_scope;
    size_t  nu, capu;
} pb_file;

typedef struct pb_lex {
    const char *p, *end;
    char        tok[512];
    bool        str;       /* the token was a string literal */
    char       *err;
    size_t      errlen;
    bool        failed;
    int         line;
} pb_lex;

/* Bounded copies that say what they do (tokens are at most 511 bytes). */
static void cpy(char *d, size_t n, const char *s) {
    size_t l = strnlen(s, n - 1);
    memcpy(d, s, l);
    d[l] = 0;
}

/* d = scope "." name (or name alone when scope is empty), bounded. */
static void join(char *d, size_t n, const char *scope, const char *name) {
    cpy(d, n, scope);
    size_t l = strlen(d);
    if (*scope && l + 1 < n) d[l++] = '.', d[l] = 0;
    cpy(d + l, n - l, name);
}

static bool pb_fail(pb_lex *l, const char *what, const char *tok) {
    if (!l->failed) ck_errf(l->err, l->errlen, "line %d: %s%s%s", l->line, what, tok ? " " : "", tok ? tok : "");
    l->failed = true;
    return false;
}

/* Next token into l->tok; false at the end. */
static bool next(pb_lex *l) {
    for (;;) {
        while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\r' || *l->p == '\n')) {
            if (*l->p == '\n') l->line++;
            l->p++;
        }
        if (l->end - l->p >= 2 && l->p[0] == '/' && l->p[1] == '/') {
            while (l->p < l->end && *l->p != '\n') l->p++;
            continue;
        }
        if (l->end - l->p >= 2 && l->p[0] == '/' && l->p[1] == '*') {
            l->p += 2;
            while (l->end - l->p >= 2 && !(l->p[0] == '*' && l->p[1] == '/')) l->line += *l->p++ == '\n';
            l->p = l->end - l->p >= 2 ? l->p + 2 : l->end;
            continue;
        }
        break;
    }
    l->str = false;
    if (l->p >= l->end) {
        l->tok[0] = 0;
        return false;
    }
    size_t n = 0;
    char c = *l->p;
    if (c == '"' || c == '\'') {
        l->p++;
        while (l->p < l->end && *l->p != c) {
            if (*l->p == '\\' && l->p + 1 < l->end) l->p++;
            if (n + 1 < sizeof(l->tok)) l->tok[n++] = *l->p;
            l->p++;
        }
        if (l->p >= l->end) return pb_fail(l, "unterminated string", NULL);
        l->p++;
        l->str = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || (c >= '0' && c <= '9') ||
               c == '-' || c == '+') {
        while (l->p < l->end && ((*l->p >= 'a' && *l->p <= 'z') || (*l->p >= 'A' && *l->p <= 'Z') || *l->p == '_' ||
                                 *l->p == '.' || (*l->p >= '0' && *l->p <= '9') ||
                                 ((*l->p == '-' || *l->p == '+') && n == 0))) {
            if (n + 1 < sizeof(l->tok)) l->tok[n++] = *l->p;
            l->p++;
        }
    } else {
        l->tok[n++] = c;
        l->p++;
    }
    l->tok[n] = 0;
    return true;
}

static bool is(const pb_lex *l, const char *s) { return !l->str && !strcmp(l->tok, s); }

static bool expect(pb_lex *l, const char *s) {
    if (!next(l) || !is(l, s)) return pb_fail(l, "expected", s);
    return true;
}

static bool ident_ok(const char *s, bool dotted) {
    if (!*s || (s[0] >= '0' && s[0] <= '9')) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' || (*s >= '0' && *s <= '9') ||
              (dotted && *s == '.')))
            return false;
    return true;
}

/* Skips to the end of a statement (';') or a balanced block. */
static bool skip_statement(pb_lex *l) {
    int depth = 0;
    while (next(l)) {
        if (is(l, "{")) depth++;
        else if (is(l, "}")) {
            if (--depth <= 0) return true;
        } else if (is(l, ";") && depth == 0) return true;
    }
    return pb_fail(l, "unexpected end of the schema", NULL);
}

static void add_type(pb_file *f, const char *full) {
    if (f->nt == f->capt) {
        f->capt = f->capt ? f->capt * 2 : 16;
        f->types = ck_realloc(f->types, f->capt * sizeof(char *));
    }
    f->types[f->nt++] = ck_strdup(full);
}

static void add_used(pb_file *f, const char *type, const char *scope) {
    if (f->nu == f->capu) {
        f->capu = f->capu ? f->capu * 2 : 16;
        f->used = ck_realloc(f->used, f->capu * sizeof(char *));
        f->used_scope = ck_realloc(f->used_scope, f->capu * sizeof(char *));
    }
    f->used[f->nu] = ck_strdup(type);
    f->used_scope[f->nu++] = ck_strdup(scope);
}

static const char *const scalars[] = {"double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
                                      "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"};

static bool is_scalar(const char *t) {
    for (size_t i = 0; i < CK_ARRAY_LEN(scalars); i++)
        if (!strcmp(t, scalars[i])) return true;
    return false;
}

static bool parse_enum(pb_lex *l, pb_file *f, const char *scope) {
    if (!next(l) || !ident_ok(l->tok, false)) return pb_fail(l, "bad enum name", l->tok);
    char full[512];
    join(full, sizeof(full), scope, l->tok);
    add_type(f, full);
    if (!expect(l, "{")) return false;
    bool first = true;
    while (next(l)) {
        if (is(l, "}")) return true;
        if (is(l, ";")) continue;
        if (is(l, "option") || is(l, "reserved")) {
            if (!skip_statement(l)) return false;
            continue;
        }
        if (!ident_ok(l->tok, false)) return pb_fail(l, "bad enum value", l->tok);
        if (!expect(l, "=")) return false;
        if (!next(l)) return pb_fail(l, "missing enum number", NULL);
        char *end = NULL;
        long long v = strtoll(l->tok, &end, 0);
        if (*end) return pb_fail(l, "bad enum number", l->tok);
        if (first && !strcmp(f->syntax, "proto3") && v != 0)
            return pb_fail(l, "the first value of a proto3 enum must be zero in", full);
        first = false;
        if (!skip_statement(l)) return false;
    }
    return pb_fail(l, "unterminated enum", full);
}

static bool parse_message(pb_lex *l, pb_file *f, const char *scope);

static bool add_field(pb_lex *l, pb_msg *m, char label, const char *type, const char *name, int64_t number,
                      bool in_oneof) {
    if (number < 1 || number > 536870911 || (number >= 19000 && number <= 19999))
        return pb_fail(l, "invalid field number for", name);
    for (size_t i = 0; i < m->n; i++) {
        if (m->f[i].number == number) return pb_fail(l, "field number used twice in", m->name);
        if (!strcmp(m->f[i].name, name)) return pb_fail(l, "field name used twice:", name);
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 8;
        m->f = ck_realloc(m->f, m->cap * sizeof(*m->f));
    }
    m->f[m->n++] = (pb_field){ck_strdup(name), ck_strdup(type[0] == '.' ? type + 1 : type), label, number, in_oneof};
    return true;
}

/* One field declaration; l->tok holds its first token. */
static bool parse_field(pb_lex *l, pb_file *f, size_t mi, const char *scope, bool in_oneof) {
    char label = 'o', type[512];
    if (is(l, "optional") || is(l, "repeated") || is(l, "required")) {
        label = l->tok[2] == 'p' ? 'r' : l->tok[2] == 'q' ? 'q' : 'o';
        if (label == 'q' && !strcmp(f->syntax, "proto3")) return pb_fail(l, "proto3 has no required fields", NULL);
        if (!next(l)) return pb_fail(l, "missing field type", NULL);
    }
    if (is(l, "map")) {
        char k[64], v[400];
        if (!expect(l, "<") || !next(l)) return false;
        cpy(k, sizeof(k), l->tok);
        if (!expect(l, ",") || !next(l)) return false;
        cpy(v, sizeof(v), l->tok);
        if (!expect(l, ">")) return false;
        if (!is_scalar(k) || !strcmp(k, "double") || !strcmp(k, "float") || !strcmp(k, "bytes"))
            return pb_fail(l, "invalid map key type", k);
        if (!is_scalar(v)) add_used(f, v, scope);
        snprintf(type, sizeof(type), "map<%s,%s>", k, v[0] == '.' ? v + 1 : v);
    } else {
        if (!ident_ok(l->tok, true)) return pb_fail(l, "bad field type", l->tok);
        cpy(type, sizeof(type), l->tok);
        if (!is_scalar(type)) add_used(f, type, scope);
    }
    if (!next(l) || !ident_ok(l->tok, false)) return pb_fail(l, "bad field name", l->tok);
    char name[256];
    cpy(name, sizeof(name), l->tok);
    if (!expect(l, "=") || !next(l)) return false;
    char *end = NULL;
    long long num = strtoll(l->tok, &end, 0);
    if (*end) return pb_fail(l, "bad field number", l->tok);
    if (!next(l)) return pb_fail(l, "unterminated field", name);
    if (is(l, "[")) {
        int depth = 1;
        while (depth > 0 && next(l)) depth += is(l, "[") ? 1 : is(l, "]") ? -1 : 0;
        if (!next(l)) return pb_fail(l, "unterminated field", name);
    }
    if (!is(l, ";")) return pb_fail(l, "expected ; after field", name);
    return add_field(l, &f->m[mi], label, type, name, num, in_oneof);
}

static bool parse_message(pb_lex *l, pb_file *f, const char *scope) {
    if (!next(l) || !ident_ok(l->tok, false)) return pb_fail(l, "bad message name", l->tok);
    char full[512];
    join(full, sizeof(full), scope, l->tok);
    for (size_t i = 0; i < f->nt; i++)
        if (!strcmp(f->types[i], full)) return pb_fail(l, "type defined twice:", full);
    add_type(f, full);
    if (f->nm == f->capm) {
        f->capm = f->capm ? f->capm * 2 : 8;
        f->m = ck_realloc(f->m, f->capm * sizeof(*f->m));
    }
    size_t mi = f->nm++;
    memset(&f->m[mi], 0, sizeof(f->m[mi]));
    f->m[mi].name = ck_strdup(full);
    if (!expect(l, "{")) return false;
    while (next(l)) {
        if (is(l, "}")) return true;
        if (is(l, ";")) continue;
        if (is(l, "message")) {
            if (!parse_message(l, f, full)) return false;
        } else if (is(l, "enum")) {
            if (!parse_enum(l, f, full)) return false;
        } else if (is(l, "option") || is(l, "reserved") || is(l, "extensions") || is(l, "extend")) {
            if (!skip_statement(l)) return false;
        } else if (is(l, "oneof")) {
            if (!next(l) || !ident_ok(l->tok, false) || !expect(l, "{")) return pb_fail(l, "bad oneof", NULL);
            while (next(l) && !is(l, "}")) {
                if (is(l, "option")) {
                    if (!skip_statement(l)) return false;
                    continue;
                }
                if (!parse_field(l, f, mi, full, true)) return false;
            }
            if (l->failed) return false;
        } else if (!parse_field(l, f, mi, full, false)) {
            return false;
        }
    }
    return pb_fail(l, "unterminated message", full);
}

static void file_free(pb_file *f) {
    for (size_t i = 0; i < f->nm; i++) {
        for (size_t j = 0; j < f->m[i].n; j++) {
            ck_free(f->m[i].f[j].name);
            ck_free(f->m[i].f[j].type);
        }
        ck_free(f->m[i].f);
        ck_free(f->m[i].name);
    }
    for (size_t i = 0; i < f->nt; i++) ck_free(f->types[i]);
    for (size_t i = 0; i < f->nu; i++) {
        ck_free(f->used[i]);
        ck_free(f->used_scope[i]);
    }
    ck_free(f->m);
    ck_free(f->types);
    ck_free(f->used);
    ck_free(f->used_scope);
    memset(f, 0, sizeof(*f));
}

/* Parses text into f; imports must be among refs (when refs is not NULL),
 * whose types are added for resolution. */
static int parse_file(const char *text, size_t len, const sr_refs *refs, bool check_imports, pb_file *f, char *err,
                      size_t errlen, int depth) {
    memset(f, 0, sizeof(*f));
    snprintf(f->syntax, sizeof(f->syntax), "proto2");
    pb_lex l = {text, text + len, "", false, err, errlen, false, 1};
    bool first = true;
    while (next(&l)) {
        if (is(&l, "syntax") || is(&l, "edition")) {
            if (!first) return pb_fail(&l, "syntax must come first", NULL), -1;
            if (!expect(&l, "=") || !next(&l) || !l.str) return pb_fail(&l, "bad syntax statement", NULL), -1;
            if (strcmp(l.tok, "proto2") && strcmp(l.tok, "proto3")) return pb_fail(&l, "unknown syntax", l.tok), -1;
            cpy(f->syntax, sizeof(f->syntax), l.tok);
            if (!expect(&l, ";")) return -1;
        } else if (is(&l, "package")) {
            if (!next(&l) || !ident_ok(l.tok, true)) return pb_fail(&l, "bad package", l.tok), -1;
            cpy(f->package, sizeof(f->package), l.tok);
            if (!expect(&l, ";")) return -1;
        } else if (is(&l, "import")) {
            if (!next(&l)) return pb_fail(&l, "bad import", NULL), -1;
            if (is(&l, "public") || is(&l, "weak")) next(&l);
            if (!l.str) return pb_fail(&l, "bad import", l.tok), -1;
            char path[512];
            cpy(path, sizeof(path), l.tok);
            if (!expect(&l, ";")) return -1;
            bool found = !strncmp(path, "google/protobuf/", 16) || !strncmp(path, "confluent/", 10);
            for (size_t i = 0; refs && i < refs->n && !found; i++) {
                if (strcmp(refs->names[i], path) || refs->types[i] != CK_SCHEMA_PROTOBUF) continue;
                found = true;
                if (depth < 16) {
                    pb_file sub;
                    char e2[256] = "";
                    if (parse_file(refs->texts[i], strlen(refs->texts[i]), refs, false, &sub, e2, sizeof(e2),
                                   depth + 1) == 0)
                        for (size_t t = 0; t < sub.nt; t++) add_type(f, sub.types[t]);
                    file_free(&sub);
                }
            }
            if (!found && check_imports) return pb_fail(&l, "the import is not among the references:", path), -1;
        } else if (is(&l, "option")) {
            if (!skip_statement(&l)) return -1;
        } else if (is(&l, "message")) {
            if (!parse_message(&l, f, f->package)) return -1;
        } else if (is(&l, "enum")) {
            if (!parse_enum(&l, f, f->package)) return -1;
        } else if (is(&l, "service") || is(&l, "extend")) {
            if (!skip_statement(&l)) return -1;
        } else if (is(&l, ";")) {
        } else {
            return pb_fail(&l, "unexpected", l.tok), -1;
        }
        first = false;
    }
    if (l.failed) return -1;
    /* Resolve field types: scope-relative, then absolute; imports' types
     * are full names too. */
    for (size_t i = 0; i < f->nu; i++) {
        const char *t = f->used[i][0] == '.' ? f->used[i] + 1 : f->used[i];
        bool ok = !strncmp(t, "google.protobuf.", 16);
        char scope[512];
        cpy(scope, sizeof(scope), f->used_scope[i]);
        for (;;) {
            char cand[1024];
            join(cand, sizeof(cand), scope, t);
            for (size_t k = 0; k < f->nt && !ok; k++) ok = !strcmp(f->types[k], cand);
            if (ok || !*scope) break;
            char *dot = strrchr(scope, '.');
            if (dot) *dot = 0;
            else scope[0] = 0;
        }
        if (!ok && check_imports) {
            ck_errf(err, errlen, "the type %s is not defined", f->used[i]);
            return -1;
        }
    }
    return 0;
}


/* ---------------------------------------------------------------------- */
/* Serialized descriptors                                                   */
/* ---------------------------------------------------------------------- */

/* Confluent's clients may send a Protobuf schema as the base64 of a
 * serialized google.protobuf.FileDescriptorProto instead of .proto text
 * (confluent-kafka-python does).  It is decoded and rendered as .proto
 * text, which is then parsed, checked and stored like any other. */

typedef struct pb_rd {
    const uint8_t *p, *end;
    bool           bad;
} pb_rd;

static uint64_t rd_varint(pb_rd *r) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) break;
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) return v;
    }
    r->bad = true;
    return 0;
}

/* Next field of a message: its number and wire type; a length-delimited
 * value's bytes in *sub.  false at the end or on malformed input. */
static bool rd_field(pb_rd *r, uint32_t *num, int *wt, pb_rd *sub, uint64_t *val) {
    *val = 0;
    *num = 0;
    *wt = -1;
    sub->p = sub->end = NULL;
    sub->bad = false;
    if (r->bad || r->p >= r->end) return false;
    uint64_t key = rd_varint(r);
    *num = (uint32_t)(key >> 3);
    *wt = (int)(key & 7);
    switch (*wt) {
    case 0: *val = rd_varint(r); break;
    case 1: if (r->end - r->p < 8) r->bad = true; else r->p += 8; break;
    case 5: if (r->end - r->p < 4) r->bad = true; else r->p += 4; break;
    case 2: {
        uint64_t n = rd_varint(r);
        if (r->bad || n > (uint64_t)(r->end - r->p)) {
            r->bad = true;
            break;
        }
        sub->p = r->p;
        sub->end = r->p + n;
        sub->bad = false;
        r->p += n;
        break;
    }
    default: r->bad = true; break;
    }
    return !r->bad;
}

static void put_str(ck_wb *w, const pb_rd *s) { ck_wb_put(w, s->p, (size_t)(s->end - s->p)); }

static const char *const field_types[] = {NULL, "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32",
                                          "bool", "string", NULL, NULL, "bytes", "uint32", NULL, "sfixed32",
                                          "sfixed64", "sint32", "sint64"};

static void indent(ck_wb *w, int depth) {
    for (int i = 0; i < depth; i++) ck_wb_put(w, "  ", 2);
}

static bool render_enum(pb_rd m, ck_wb *w, int depth) {
    uint32_t num;
    int wt;
    pb_rd sub;
    uint64_t v;
    indent(w, depth);
    ck_wb_put(w, "enum ", 5);
    pb_rd name = {0};
    pb_rd scan = m;
    while (rd_field(&scan, &num, &wt, &sub, &v))
        if (num == 1 && wt == 2) name = sub;
    if (scan.bad || !name.p) return false;
    put_str(w, &name);
    ck_wb_put(w, " {\n", 3);
    while (rd_field(&m, &num, &wt, &sub, &v)) {
        if (num != 2 || wt != 2) continue;
        pb_rd vn = {0};
        int64_t vnum = 0;
        uint32_t n2;
        int wt2;
        pb_rd s2;
        uint64_t v2;
        while (rd_field(&sub, &n2, &wt2, &s2, &v2)) {
            if (n2 == 1 && wt2 == 2) vn = s2;
            else if (n2 == 2 && wt2 == 0) vnum = (int32_t)v2;
        }
        if (sub.bad || !vn.p) return false;
        indent(w, depth + 1);
        put_str(w, &vn);
        char b[32];
        snprintf(b, sizeof(b), " = %lld;\n", (long long)vnum);
        ck_json_raw(w, b);
    }
    indent(w, depth);
    ck_wb_put(w, "}\n", 2);
    return !m.bad;
}

static bool render_field(pb_rd f, ck_wb *w, int depth, bool proto3, bool in_oneof) {
    uint32_t num;
    int wt;
    pb_rd sub, name = {0}, tname = {0};
    uint64_t v, number = 0, label = 1, type = 0;
    bool p3opt = false;
    while (rd_field(&f, &num, &wt, &sub, &v)) {
        if (num == 1 && wt == 2) name = sub;
        else if (num == 3 && wt == 0) number = v;
        else if (num == 4 && wt == 0) label = v;
        else if (num == 5 && wt == 0) type = v;
        else if (num == 6 && wt == 2) tname = sub;
        else if (num == 17 && wt == 0) p3opt = v != 0;
    }
    if (f.bad || !name.p || type == 0 || type >= CK_ARRAY_LEN(field_types) || type == 10) return false;
    indent(w, depth);
    if (!in_oneof) {
        if (label == 3) ck_json_raw(w, "repeated ");
        else if (label == 2) ck_json_raw(w, "required ");
        else if (!proto3 || p3opt) ck_json_raw(w, "optional ");
    }
    if (type == 11 || type == 14) {
        if (!tname.p) return false;
        put_str(w, &tname);
    } else {
        ck_json_raw(w, field_types[type]);
    }
    ck_wb_put(w, " ", 1);
    put_str(w, &name);
    char b[32];
    snprintf(b, sizeof(b), " = %llu;\n", (unsigned long long)number);
    ck_json_raw(w, b);
    return true;
}

/* The oneof index of a field (-1 none, or a proto3 optional's synthetic one). */
static int64_t field_oneof(pb_rd f) {
    uint32_t num;
    int wt;
    pb_rd sub;
    uint64_t v;
    int64_t idx = -1;
    bool p3opt = false;
    while (rd_field(&f, &num, &wt, &sub, &v)) {
        if (num == 9 && wt == 0) idx = (int64_t)v;
        else if (num == 17 && wt == 0) p3opt = v != 0;
    }
    return p3opt ? -1 : idx;
}

static bool render_message(pb_rd m, ck_wb *w, int depth, bool proto3) {
    if (depth > 32) return false;
    uint32_t num;
    int wt;
    pb_rd sub, name = {0}, scan = m;
    uint64_t v;
    size_t noneofs = 0;
    while (rd_field(&scan, &num, &wt, &sub, &v)) {
        if (num == 1 && wt == 2) name = sub;
        else if (num == 8 && wt == 2) noneofs++;
    }
    if (scan.bad || !name.p) return false;
    indent(w, depth);
    ck_json_raw(w, "message ");
    put_str(w, &name);
    ck_wb_put(w, " {\n", 3);
    scan = m;
    while (rd_field(&scan, &num, &wt, &sub, &v)) {
        bool ok = true;
        if (num == 2 && wt == 2 && field_oneof(sub) < 0) ok = render_field(sub, w, depth + 1, proto3, false);
        else if (num == 3 && wt == 2) ok = render_message(sub, w, depth + 1, proto3);
        else if (num == 4 && wt == 2) ok = render_enum(sub, w, depth + 1);
        if (!ok) return false;
    }
    /* oneofs: their fields grouped under their names */
    size_t oi = 0;
    scan = m;
    while (rd_field(&scan, &num, &wt, &sub, &v)) {
        if (num != 8 || wt != 2) continue;
        pb_rd on = {0};
        uint32_t n2;
        int wt2;
        pb_rd s2;
        uint64_t v2;
        while (rd_field(&sub, &n2, &wt2, &s2, &v2))
            if (n2 == 1 && wt2 == 2) on = s2;
        pb_rd fscan = m;
        ck_wb body;
        ck_wb_init(&body, 64);
        size_t nf = 0;
        while (rd_field(&fscan, &n2, &wt2, &s2, &v2)) {
            if (n2 == 2 && wt2 == 2 && field_oneof(s2) == (int64_t)oi) {
                if (!render_field(s2, &body, depth + 2, proto3, true)) {
                    ck_wb_free(&body);
                    return false;
                }
                nf++;
            }
        }
        if (nf > 0 && on.p) {
            indent(w, depth + 1);
            ck_json_raw(w, "oneof ");
            put_str(w, &on);
            ck_wb_put(w, " {\n", 3);
            ck_wb_put(w, body.buf, body.len);
            indent(w, depth + 1);
            ck_wb_put(w, "}\n", 2);
        }
        ck_wb_free(&body);
        oi++;
    }
    indent(w, depth);
    ck_wb_put(w, "}\n", 2);
    return !scan.bad;
}

static int b64val(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Decodes base64 text into out; false when it is not base64. */
static bool b64_decode(const char *s, size_t len, ck_wb *out) {
    while (len > 0 && s[len - 1] == '=') len--;
    if (len < 4) return false;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64val(s[i]);
        if (v < 0) return false;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            uint8_t b = (uint8_t)(acc >> bits);
            ck_wb_put(out, &b, 1);
        }
    }
    return true;
}

/* Renders a base64 FileDescriptorProto as .proto text into out.  false
 * when text is not one. */
static bool descriptor_to_proto(const char *text, size_t len, ck_wb *out) {
    ck_wb bin;
    ck_wb_init(&bin, len);
    bool ok = b64_decode(text, len, &bin);
    if (!ok) goto done;
    pb_rd r = {bin.buf, bin.buf + bin.len, false}, scan = r;
    uint32_t num;
    int wt;
    pb_rd sub;
    uint64_t v;
    pb_rd syntax = {0}, package = {0};
    while (rd_field(&scan, &num, &wt, &sub, &v)) {
        if (num == 12 && wt == 2) syntax = sub;
        else if (num == 2 && wt == 2) package = sub;
    }
    if (scan.bad) {
        ok = false;
        goto done;
    }
    bool proto3 = syntax.p && (size_t)(syntax.end - syntax.p) == 6 && !memcmp(syntax.p, "proto3", 6);
    ck_json_raw(out, proto3 ? "syntax = \"proto3\";\n" : "syntax = \"proto2\";\n");
    if (package.p) {
        ck_json_raw(out, "package ");
        put_str(out, &package);
        ck_json_raw(out, ";\n");
    }
    scan = r;
    while (ok && rd_field(&scan, &num, &wt, &sub, &v)) {
        if (num == 3 && wt == 2) {
            ck_json_raw(out, "import \"");
            put_str(out, &sub);
            ck_json_raw(out, "\";\n");
        }
    }
    scan = r;
    while (ok && rd_field(&scan, &num, &wt, &sub, &v)) {
        if (num == 4 && wt == 2) ok = render_message(sub, out, 0, proto3);
        else if (num == 5 && wt == 2) ok = render_enum(sub, out, 0);
    }
    ok = ok && !scan.bad;
done:
    ck_wb_free(&bin);
    return ok;
}

int sr_proto_parse(const char *text, size_t len, const sr_refs *refs, ck_wb *canon, char *err, size_t errlen) {
    pb_file f;
    ck_wb rendered;
    ck_wb_init(&rendered, 0);
    if (len > 0 && !memchr(text, ' ', len) && !memchr(text, ';', len) && !memchr(text, '{', len) &&
        descriptor_to_proto(text, len, &rendered)) {
        int rc = sr_proto_parse((const char *)rendered.buf, rendered.len, refs, canon, err, errlen);
        ck_wb_free(&rendered);
        return rc;
    }
    ck_wb_free(&rendered);
    int rc = parse_file(text, len, refs, true, &f, err, errlen, 0);
    file_free(&f);
    if (rc) return -1;
    while (len > 0 && (text[0] == ' ' || text[0] == '\n' || text[0] == '\t' || text[0] == '\r')) text++, len--;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\t' || text[len - 1] == '\r'))
        len--;
    if (len == 0) {
        ck_errf(err, errlen, "the schema is empty");
        return -1;
    }
    ck_wb_put(canon, text, len);
    return 0;
}

/* A field type as seen from outside its package: the package prefix dropped. */
static const char *short_type(const pb_file *f, const char *t) {
    size_t pl = strlen(f->package);
    if (pl && !strncmp(t, f->package, pl) && t[pl] == '.') return t + pl + 1;
    return t;
}

bool sr_proto_can_read(const char *reader, const char *writer, char *why, size_t whylen) {
    pb_file r, w;
    char e1[256] = "";
    if (why && whylen) why[0] = 0;
    int a = parse_file(reader, strlen(reader), NULL, false, &r, e1, sizeof(e1), 0);
    int b = parse_file(writer, strlen(writer), NULL, false, &w, e1, sizeof(e1), 0);
    bool ok = true;
    if (a || b) {
        ck_errf(why, whylen, "cannot parse a stored schema: %s", e1);
        ok = false;
        goto out;
    }
    for (size_t i = 0; i < w.nm && ok; i++) {
        const pb_msg *wm = &w.m[i];
        const pb_msg *rm = NULL;
        for (size_t j = 0; j < r.nm && !rm; j++)
            if (!strcmp(short_type(&r, r.m[j].name), short_type(&w, wm->name))) rm = &r.m[j];
        if (!rm) {
            ck_errf(why, whylen, "MESSAGE_REMOVED: %s", wm->name);
            ok = false;
            break;
        }
        for (size_t k = 0; k < wm->n && ok; k++) {
            const pb_field *wf = &wm->f[k], *rf = NULL;
            for (size_t j = 0; j < rm->n && !rf; j++)
                if (rm->f[j].number == wf->number) rf = &rm->f[j];
            if (!rf) {
                ck_errf(why, whylen, "FIELD_REMOVED: %s.%s (%lld)", wm->name, wf->name, (long long)wf->number);
                ok = false;
            } else if (strcmp(short_type(&r, rf->type), short_type(&w, wf->type))) {
                ck_errf(why, whylen, "FIELD_TYPE_CHANGED: %s.%s (%s → %s)", wm->name, wf->name, wf->type, rf->type);
                ok = false;
            } else if ((rf->label == 'r') != (wf->label == 'r')) {
                ck_errf(why, whylen, "FIELD_KIND_CHANGED: %s.%s", wm->name, wf->name);
                ok = false;
            } else if (rf->in_oneof && !wf->in_oneof) {
                ck_errf(why, whylen, "FIELD_MOVED_TO_ONEOF: %s.%s", wm->name, wf->name);
                ok = false;
            }
        }
        for (size_t j = 0; j < rm->n && ok; j++) {
            if (rm->f[j].label != 'q') continue;
            bool found = false;
            for (size_t k = 0; k < wm->n && !found; k++) found = wm->f[k].number == rm->f[j].number;
            if (!found) {
                ck_errf(why, whylen, "REQUIRED_FIELD_ADDED: %s.%s", rm->name, rm->f[j].name);
                ok = false;
            }
        }
    }
out:
    file_free(&r);
    file_free(&w);
    return ok;
}

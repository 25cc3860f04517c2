/*
 * jsonschema.c — JSON Schema (draft-07) schemas: structural checks of the
 * keywords the registry reads (type, properties, required, items,
 * additionalProperties, enum, const, $ref, definitions / $defs, allOf /
 * anyOf / oneOf / not, the numeric and length bounds), the canonical text
 * (compact JSON), and compatibility as Confluent defines it for the common
 * cases.  "reader can read writer" means every document valid under the
 * writer is valid under the reader:
 *
 *   - the reader's types include the writer's (integer is a number);
 *   - objects: a property the reader adds is fine when the writer's
 *     content model is closed (additionalProperties false) and the reader
 *     does not require it, or when the writer's additionalProperties schema
 *     is readable as it; added to an open model it is not
 *     (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL).  A property the reader drops
 *     is fine when the reader's model is open, not when it is closed;
 *     shared properties must be readable; the reader may not require more;
 *     closing an open model is incompatible;
 *   - arrays: items readable; enums: the reader's values include the
 *     writer's; bounds (maxLength, minLength, maximum, minimum, maxItems,
 *     minItems) may widen, never narrow;
 *   - $ref: the same reference; oneOf / anyOf: each writer branch readable
 *     by some reader branch.
 */
#include <stdio.h>

#include "schema/schema_int.h"

#define JS_MAX_DEPTH 100

static const char *const js_types[] = {"null", "boolean", "object", "array", "number", "string", "integer"};

static bool js_fail(char *err, size_t errlen, const char *what, const char *where) {
    ck_errf(err, errlen, "%s%s%s", what, where && *where ? " at " : "", where ? where : "");
    return false;
}

static bool check_schema(const sj *v, int depth, char *err, size_t errlen);

static bool check_schema_map(const sj *m, int depth, const char *kw, char *err, size_t errlen) {
    if (m->type != SJ_OBJ) return js_fail(err, errlen, "this keyword must be an object:", kw);
    for (size_t i = 0; i < m->n; i++)
        if (!check_schema(m->items[i], depth + 1, err, errlen)) return false;
    return true;
}

static bool check_schema(const sj *v, int depth, char *err, size_t errlen) {
    if (depth > JS_MAX_DEPTH) return js_fail(err, errlen, "the schema nests deeper than 100 levels", NULL);
    if (v->type == SJ_BOOL) return true;
    if (v->type != SJ_OBJ) return js_fail(err, errlen, "a JSON schema must be an object or a boolean", NULL);
    for (size_t i = 0; i < v->n; i++) {
        const char *k = v->keys[i];
        const sj *x = v->items[i];
        if (!strcmp(k, "type")) {
            if (x->type == SJ_STR) {
                bool ok = false;
                for (size_t t = 0; t < CK_ARRAY_LEN(js_types) && !ok; t++) ok = !strcmp(x->s, js_types[t]);
                if (!ok) return js_fail(err, errlen, "unknown type", x->s);
            } else if (x->type == SJ_ARR) {
                for (size_t j = 0; j < x->n; j++) {
                    bool ok = x->items[j]->type == SJ_STR;
                    for (size_t t = 0; ok && t < CK_ARRAY_LEN(js_types); t++)
                        if (!strcmp(x->items[j]->s, js_types[t])) break;
                        else if (t + 1 == CK_ARRAY_LEN(js_types)) ok = false;
                    if (!ok) return js_fail(err, errlen, "\"type\" lists an unknown type", NULL);
                }
            } else {
                return js_fail(err, errlen, "\"type\" must be a string or an array", NULL);
            }
        } else if (!strcmp(k, "properties") || !strcmp(k, "definitions") || !strcmp(k, "$defs") ||
                   !strcmp(k, "patternProperties") || !strcmp(k, "dependencies")) {
            if (!strcmp(k, "dependencies")) continue; /* schemas or name lists */
            if (!check_schema_map(x, depth, k, err, errlen)) return false;
        } else if (!strcmp(k, "required")) {
            if (x->type != SJ_ARR) return js_fail(err, errlen, "\"required\" must be an array of strings", NULL);
            for (size_t j = 0; j < x->n; j++)
                if (x->items[j]->type != SJ_STR) return js_fail(err, errlen, "\"required\" must be an array of strings", NULL);
        } else if (!strcmp(k, "items")) {
            if (x->type == SJ_ARR) {
                for (size_t j = 0; j < x->n; j++)
                    if (!check_schema(x->items[j], depth + 1, err, errlen)) return false;
            } else if (!check_schema(x, depth + 1, err, errlen)) {
                return false;
            }
        } else if (!strcmp(k, "additionalProperties") || !strcmp(k, "additionalItems") || !strcmp(k, "not") ||
                   !strcmp(k, "contains") || !strcmp(k, "propertyNames") || !strcmp(k, "if") ||
                   !strcmp(k, "then") || !strcmp(k, "else")) {
            if (!check_schema(x, depth + 1, err, errlen)) return false;
        } else if (!strcmp(k, "allOf") || !strcmp(k, "anyOf") || !strcmp(k, "oneOf")) {
            if (x->type != SJ_ARR || x->n == 0) return js_fail(err, errlen, "must be a non-empty array:", k);
            for (size_t j = 0; j < x->n; j++)
                if (!check_schema(x->items[j], depth + 1, err, errlen)) return false;
        } else if (!strcmp(k, "enum")) {
            if (x->type != SJ_ARR) return js_fail(err, errlen, "\"enum\" must be an array", NULL);
        } else if (!strcmp(k, "$ref") || !strcmp(k, "$schema") || !strcmp(k, "$id") || !strcmp(k, "pattern") ||
                   !strcmp(k, "format") || !strcmp(k, "title")) {
            if (x->type != SJ_STR) return js_fail(err, errlen, "must be a string:", k);
        } else if (!strcmp(k, "maxLength") || !strcmp(k, "minLength") || !strcmp(k, "maxItems") ||
                   !strcmp(k, "minItems") || !strcmp(k, "maxProperties") || !strcmp(k, "minProperties")) {
            if (x->type != SJ_NUM || x->num < 0 || strpbrk(x->s, ".eE"))
                return js_fail(err, errlen, "must be a non-negative integer:", k);
        } else if (!strcmp(k, "maximum") || !strcmp(k, "minimum") || !strcmp(k, "exclusiveMaximum") ||
                   !strcmp(k, "exclusiveMinimum") || !strcmp(k, "multipleOf")) {
            if (x->type != SJ_NUM) return js_fail(err, errlen, "must be a number:", k);
            if (!strcmp(k, "multipleOf") && x->num <= 0) return js_fail(err, errlen, "must be positive:", k);
        }
    }
    return true;
}

int sr_json_parse(const char *text, size_t len, const sr_refs *refs, ck_wb *canon, char *err, size_t errlen) {
    (void)refs; /* referenced schemas are reached through $ref by name; nothing to resolve here */
    char e2[300] = "";
    sj *doc = sj_parse(text, len, e2, sizeof(e2));
    if (!doc) {
        ck_errf(err, errlen, "%s", e2);
        return -1;
    }
    int rc = check_schema(doc, 0, err, errlen) ? 0 : -1;
    if (!rc) sj_write(doc, canon);
    sj_free(doc);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Compatibility                                                            */
/* ---------------------------------------------------------------------- */

typedef struct js_res {
    char  *why;
    size_t whylen;
} js_res;

static bool js_no(js_res *s, const char *what, const char *where) {
    if (s->why && !s->why[0]) snprintf(s->why, s->whylen, "%s%s%s", what, where ? ": " : "", where ? where : "");
    return false;
}

/* The types a schema allows, as a bit set over js_types (0: any). */
static unsigned type_set(const sj *v) {
    const sj *t = sj_get(v, "type");
    unsigned set = 0;
    if (!t) return 0;
    for (size_t i = 0; i < CK_ARRAY_LEN(js_types); i++) {
        if (t->type == SJ_STR && !strcmp(t->s, js_types[i])) set |= 1u << i;
        for (size_t j = 0; t->type == SJ_ARR && j < t->n; j++)
            if (t->items[j]->type == SJ_STR && !strcmp(t->items[j]->s, js_types[i])) set |= 1u << i;
    }
    return set;
}

static bool is_open(const sj *v) {
    const sj *a = sj_get(v, "additionalProperties");
    return !a || (a->type == SJ_BOOL && a->b) || (a->type == SJ_OBJ && a->n == 0);
}

static bool requires(const sj *v, const char *name) {
    const sj *r = sj_get(v, "required");
    for (size_t i = 0; r && r->type == SJ_ARR && i < r->n; i++)
        if (r->items[i]->type == SJ_STR && !strcmp(r->items[i]->s, name)) return true;
    return false;
}

/* Bound kw of the reader may not be tighter than the writer's. */
static bool bound_ok(const sj *r, const sj *w, const char *kw, bool upper) {
    const sj *rb = sj_get(r, kw), *wb = sj_get(w, kw);
    if (!rb || rb->type != SJ_NUM) return true;
    if (!wb || wb->type != SJ_NUM) return false;
    return upper ? rb->num >= wb->num : rb->num <= wb->num;
}

static bool js_read(js_res *s, const sj *r, const sj *w, int depth);

static bool js_read_obj(js_res *s, const sj *r, const sj *w, int depth) {
    const sj *rp = sj_get(r, "properties"), *wp = sj_get(w, "properties");
    const sj *wadd = sj_get(w, "additionalProperties"), *radd = sj_get(r, "additionalProperties");
    if (is_open(w) && !is_open(r) && !(radd && radd->type == SJ_OBJ))
        return js_no(s, "ADDITIONAL_PROPERTIES_REMOVED", NULL);
    for (size_t i = 0; rp && rp->type == SJ_OBJ && i < rp->n; i++) {
        const char *name = rp->keys[i];
        const sj *wv = sj_get(wp, name);
        if (wv) {
            if (!js_read(s, rp->items[i], wv, depth + 1)) return false;
            continue;
        }
        if (requires(r, name)) return js_no(s, "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", name);
        if (wadd && wadd->type == SJ_BOOL && !wadd->b) continue;      /* closed writer */
        if (wadd && wadd->type == SJ_OBJ && wadd->n > 0) {
            if (!js_read(s, rp->items[i], wadd, depth + 1)) return js_no(s, "PROPERTY_ADDED_NOT_COVERED_BY_EXTENDED_CONTENT_MODEL", name);
            continue;
        }
        return js_no(s, "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", name);
    }
    for (size_t i = 0; wp && wp->type == SJ_OBJ && i < wp->n; i++) {
        const char *name = wp->keys[i];
        if (sj_get(rp, name)) continue;
        if (is_open(r)) continue;
        if (radd && radd->type == SJ_OBJ) {
            if (!js_read(s, radd, wp->items[i], depth + 1)) return js_no(s, "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", name);
            continue;
        }
        return js_no(s, "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", name);
    }
    const sj *rr = sj_get(r, "required");
    for (size_t i = 0; rr && rr->type == SJ_ARR && i < rr->n; i++)
        if (rr->items[i]->type == SJ_STR && !requires(w, rr->items[i]->s) && sj_get(wp, rr->items[i]->s))
            return js_no(s, "REQUIRED_ATTRIBUTE_ADDED", rr->items[i]->s);
    if (!bound_ok(r, w, "maxProperties", true) || !bound_ok(r, w, "minProperties", false))
        return js_no(s, "the number of properties is bounded more tightly", NULL);
    return true;
}

static bool js_read(js_res *s, const sj *r, const sj *w, int depth) {
    if (depth > JS_MAX_DEPTH) return js_no(s, "the schemas nest too deep", NULL);
    if (r->type == SJ_BOOL) return r->b || (w->type == SJ_BOOL && !w->b) ? true : js_no(s, "the reader accepts nothing", NULL);
    if (w->type == SJ_BOOL) {
        if (!w->b) return true;
        return r->n == 0 ? true : js_no(s, "the writer accepts anything, the reader does not", NULL);
    }
    const char *rref = sj_str(r, "$ref"), *wref = sj_str(w, "$ref");
    if (rref || wref) {
        if (rref && wref && !strcmp(rref, wref)) return true;
        return js_no(s, "the references differ", rref ? rref : wref);
    }
    static const char *const combos[] = {"oneOf", "anyOf"};
    for (size_t c = 0; c < 2; c++) {
        const sj *rc = sj_get(r, combos[c]);
        if (!rc || rc->type != SJ_ARR) continue;
        const sj *wc = sj_get(w, "oneOf");
        if (!wc) wc = sj_get(w, "anyOf");
        size_t wn = wc && wc->type == SJ_ARR ? wc->n : 1;
        for (size_t i = 0; i < wn; i++) {
            const sj *wb = wc && wc->type == SJ_ARR ? wc->items[i] : w;
            bool ok = false;
            char *keep = s->why;
            s->why = NULL;
            for (size_t j = 0; j < rc->n && !ok; j++) ok = js_read(s, rc->items[j], wb, depth + 1);
            s->why = keep;
            if (!ok) return js_no(s, "COMBINED_TYPE_SUBSCHEMAS_CHANGED", combos[c]);
        }
        return true;
    }
    unsigned rt = type_set(r), wt = type_set(w);
    if (rt) {
        if (!wt) return js_no(s, "TYPE_NARROWED", NULL);
        unsigned need = wt;
        if (rt & (1u << 4)) need &= ~(1u << 6); /* a number reader reads integers */
        if (need & ~rt) return js_no(s, "TYPE_CHANGED", NULL);
    }
    const sj *re = sj_get(r, "enum"), *we = sj_get(w, "enum");
    if (re && re->type == SJ_ARR) {
        if (!we || we->type != SJ_ARR) return js_no(s, "ENUM_ARRAY_NARROWED", NULL);
        for (size_t i = 0; i < we->n; i++) {
            bool found = false;
            for (size_t j = 0; j < re->n && !found; j++) found = sj_equal(re->items[j], we->items[i]);
            if (!found) return js_no(s, "ENUM_ARRAY_NARROWED", NULL);
        }
    }
    if (!bound_ok(r, w, "maxLength", true)) return js_no(s, "MAX_LENGTH_DECREASED", NULL);
    if (!bound_ok(r, w, "minLength", false)) return js_no(s, "MIN_LENGTH_INCREASED", NULL);
    if (!bound_ok(r, w, "maximum", true)) return js_no(s, "MAXIMUM_DECREASED", NULL);
    if (!bound_ok(r, w, "minimum", false)) return js_no(s, "MINIMUM_INCREASED", NULL);
    if (!bound_ok(r, w, "maxItems", true)) return js_no(s, "MAX_ITEMS_DECREASED", NULL);
    if (!bound_ok(r, w, "minItems", false)) return js_no(s, "MIN_ITEMS_INCREASED", NULL);
    if (sj_get(r, "properties") || sj_get(w, "properties") || sj_get(r, "required") ||
        sj_get(r, "additionalProperties"))
        if (!js_read_obj(s, r, w, depth)) return false;
    const sj *ri = sj_get(r, "items"), *wi = sj_get(w, "items");
    if (ri && ri->type != SJ_ARR) {
        if (!wi) return js_no(s, "ITEMS_NARROWED", NULL);
        if (wi->type != SJ_ARR && !js_read(s, ri, wi, depth + 1)) return false;
    }
    return true;
}

bool sr_json_can_read(const char *reader, const char *writer, char *why, size_t whylen) {
    char e1[200] = "";
    sj *r = sj_parse(reader, strlen(reader), e1, sizeof(e1));
    sj *w = sj_parse(writer, strlen(writer), e1, sizeof(e1));
    bool ok = false;
    if (why && whylen) why[0] = 0;
    if (!r || !w) ck_errf(why, whylen, "cannot parse a stored schema: %s", e1);
    else {
        js_res s = {why, whylen};
        ok = js_read(&s, r, w, 0);
    }
    sj_free(r);
    sj_free(w);
    return ok;
}

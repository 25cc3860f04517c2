/*
 * json.c — a minimal JSON writer appending to a ck_wb.  Strings are escaped
 * per RFC 8259: quote, backslash and control characters; valid UTF-8 passes
 * through unchanged; each byte of an invalid UTF-8 sequence is written as
 * \u00XX so the output is always valid JSON.  Not thread-safe per writer.
 */
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if invalid. */
static size_t utf8_len(const uint8_t *s, size_t n)
{
    uint8_t c = s[0];
    size_t len, i;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0; /* overlong or out of range */
    if (cp >= 0xd800 && cp <= 0xdfff)
        return 0; /* surrogate */
    return len;
}

static void put_u00(ck_wb *wb, uint8_t c)
{
    static const char hex[] = "0123456789abcdef";
    char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
    ck_wb_put(wb, e, 6);
}

/** @brief Appends s[0..n) as a quoted, escaped JSON string (s may be NULL when n is 0). */
void ck_json_str(ck_wb *wb, const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, run = 0;

    ck_wb_i8(wb, '"');
    if (p == NULL)
        n = 0;
    while (i < n) {
        uint8_t c = p[i];
        const char *esc = NULL;
        size_t ul;

        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default: break;
        }
        if (esc == NULL && c >= 0x20 && c != 0x7f) {
            ul = utf8_len(p + i, n - i);
            if (ul > 0) {
                i += ul;
                run += ul;
                continue;
            }
        }
        ck_wb_put(wb, p + i - run, run);
        run = 0;
        if (esc)
            ck_wb_put(wb, esc, strlen(esc));
        else
            put_u00(wb, c);
        i++;
    }
    if (run)
        ck_wb_put(wb, p + i - run, run);
    ck_wb_i8(wb, '"');
}

/** @brief Appends a NUL-terminated string as JSON, or null for NULL. */
void ck_json_cstr(ck_wb *wb, const char *s)
{
    if (s == NULL)
        ck_json_raw(wb, "null");
    else
        ck_json_str(wb, s, strlen(s));
}

/** @brief Appends s verbatim. */
void ck_json_raw(ck_wb *wb, const char *s)
{
    ck_wb_put(wb, s, strlen(s));
}

/** @brief Appends a decimal integer. */
void ck_json_i64(ck_wb *wb, int64_t v)
{
    char b[24];
    int n = snprintf(b, sizeof(b), "%lld", (long long)v);
    ck_wb_put(wb, b, (size_t)n);
}

/** @brief Appends a number with round-trip precision; NaN/Inf become null. */
void ck_json_f64(ck_wb *wb, double v)
{
    char b[40];
    int n;

    if (!isfinite(v)) {
        ck_json_raw(wb, "null");
        return;
    }
    n = snprintf(b, sizeof(b), "%.17g", v);
    /* Prefer the shortest representation that round-trips. */
    {
        int prec;
        for (prec = 1; prec < 17; prec++) {
            char t[40];
            int k = snprintf(t, sizeof(t), "%.*g", prec, v);
            if (strtod(t, NULL) == v) {
                memcpy(b, t, (size_t)k + 1);
                n = k;
                break;
            }
        }
    }
    ck_wb_put(wb, b, (size_t)n);
}

/*
 * principal.c — ssl.principal.mapping.rules: from the subject DN of a
 * client certificate to the principal "User:<name>", as Kafka's
 * SslPrincipalMapper does it.
 *
 * The rules are a comma-separated list of DEFAULT (the DN itself) and
 * RULE:pattern/replacement/[L|U].  Commas inside a pattern or replacement
 * are part of it ("/" ends each, "\" escapes the next character), so
 * "RULE:^CN=(.*?),OU=(.*?)$/$1/L,DEFAULT" is two rules.  The first rule
 * whose pattern matches the whole DN decides; a RULE then replaces every
 * match of its pattern in the DN (Java's String.replaceAll, including an
 * empty match at the end) with the replacement, where $n and ${name} are
 * groups and "\x" is a literal x, and lower- or upper-cases the result
 * (ASCII letters) for L or U.
 *
 * Patterns are Java regular expressions; they are compiled with PCRE2,
 * whose syntax is the same for what such rules use (groups, classes, lazy
 * quantifiers, anchors).  Matching is bounded by PCRE2's match limit.
 */
#include "security/sec_int.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

typedef struct rule {
    bool        is_default;
    pcre2_code *re;
    char       *replacement;
    char        casefold;    /* 0, 'L' or 'U' */
} rule;

struct ck_principal_rules {
    rule  *r;
    size_t n;
};

/** @brief Frees parsed rules.  NULL does nothing. */
void ck_principal_rules_free(ck_principal_rules *rs)
{
    size_t i;

    if (rs == NULL)
        return;
    for (i = 0; i < rs->n; i++) {
        pcre2_code_free(rs->r[i].re);
        ck_free(rs->r[i].replacement);
    }
    ck_free(rs->r);
    ck_free(rs);
}

/* Reads up to the next unescaped '/' (escapes kept); NULL without one. */
static char *read_part(const char **p)
{
    const char *q = *p;
    char       *out;

    while (*q != '\0' && *q != '/') {
        if (*q == '\\' && q[1] != '\0')
            q++;
        q++;
    }
    if (*q != '/')
        return NULL;
    out = ck_strndup(*p, (size_t)(q - *p));
    *p = q + 1;
    return out;
}

static const char *skip_ws(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

/* The rule text starting at start, for error messages. */
static void bad_rule(char *err, size_t errlen, const char *start, const char *why)
{
    size_t n = strcspn(start, ",");

    ck_errf(err, errlen, "Invalid rule: `%.*s`%s%s", (int)(n > 200 ? 200 : n), start, why[0] ? ": " : "", why);
}

/** @brief Parses ssl.principal.mapping.rules. */
ck_principal_rules *ck_principal_rules_parse(const char *spec, char *err, size_t errlen)
{
    ck_principal_rules *rs = ck_calloc(1, sizeof(*rs));
    const char         *p = spec != NULL ? spec : "DEFAULT";
    size_t              cap = 0;

    p = skip_ws(p);
    while (*p != '\0') {
        const char *start = p;
        rule        r = {0};

        if (*p == ',') {            /* an empty rule is ignored */
            p = skip_ws(p + 1);
            continue;
        }
        if (strncmp(p, "DEFAULT", 7) == 0) {
            r.is_default = true;
            p += 7;
        } else if (strncmp(p, "RULE:", 5) == 0) {
            char      *pat;
            int        ecode;
            PCRE2_SIZE eoff;

            p += 5;
            pat = read_part(&p);
            r.replacement = pat != NULL ? read_part(&p) : NULL;
            if (r.replacement == NULL) {
                ck_free(pat);
                bad_rule(err, errlen, start, "expected RULE:pattern/replacement/[LU]");
                goto fail;
            }
            if (*p == 'L' || *p == 'U')
                r.casefold = *p++;
            r.re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ecode, &eoff, NULL);
            if (r.re == NULL) {
                PCRE2_UCHAR msg[160];

                pcre2_get_error_message(ecode, msg, sizeof(msg));
                ck_errf(err, errlen, "Invalid rule: pattern `%.200s` at offset %zu: %s", pat, (size_t)eoff,
                        (const char *)msg);
                ck_free(pat);
                ck_free(r.replacement);
                goto fail;
            }
            ck_free(pat);
        } else {
            bad_rule(err, errlen, start, "");
            goto fail;
        }
        p = skip_ws(p);
        if (*p != ',' && *p != '\0') {
            pcre2_code_free(r.re);
            ck_free(r.replacement);
            bad_rule(err, errlen, start, "unexpected text after the rule");
            goto fail;
        }
        if (rs->n == cap) {
            cap = cap ? cap * 2 : 4;
            rs->r = ck_realloc(rs->r, cap * sizeof(*rs->r));
        }
        rs->r[rs->n++] = r;
    }
    return rs;
fail:
    ck_principal_rules_free(rs);
    return NULL;
}

/* Appends the replacement for one match (Java's appendReplacement). */
static int expand(ck_wb *wb, const char *repl, const pcre2_code *re, const char *subj, const PCRE2_SIZE *ov,
                  uint32_t ngroups)
{
    const char *p = repl;

    while (*p != '\0') {
        if (*p == '\\') {
            p++;
            if (*p == '\0')
                return -1;   /* Java: character to be escaped is missing */
            ck_wb_put(wb, p++, 1);
        } else if (*p == '$') {
            int      g;
            uint32_t num;

            p++;
            if (*p == '{') {
                const char *close = strchr(p, '}');
                char        name[64];

                if (close == NULL || close == p + 1 || (size_t)(close - p - 1) >= sizeof(name))
                    return -1;
                memcpy(name, p + 1, (size_t)(close - p - 1));
                name[close - p - 1] = '\0';
                g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
                if (g < 0)
                    return -1;
                p = close + 1;
            } else {
                if (!isdigit((unsigned char)*p))
                    return -1;
                num = (uint32_t)(*p++ - '0');
                if (num > ngroups)
                    return -1;   /* Java: No group n */
                /* Further digits while the group number stays valid. */
                while (isdigit((unsigned char)*p) && num * 10 + (uint32_t)(*p - '0') <= ngroups)
                    num = num * 10 + (uint32_t)(*p++ - '0');
                g = (int)num;
            }
            if (ov[2 * g] != PCRE2_UNSET)
                ck_wb_put(wb, subj + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        } else {
            ck_wb_put(wb, p++, 1);
        }
    }
    return 0;
}

/* Applies one RULE to dn: 1 and *out filled when it matches the whole DN,
 * 0 when it does not, -1 on a bad replacement. */
static int apply_rule(const rule *r, const char *dn, ck_wb *out)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->re, NULL);
    size_t            len = strlen(dn), start = 0, last = 0;
    uint32_t          ngroups = 0;
    PCRE2_SIZE       *ov;
    int               rc, ret = 0;

    pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &ngroups);
    rc = pcre2_match(r->re, (PCRE2_SPTR)dn, len, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL);
    if (rc < 0)
        goto out;
    /* replaceAll: every match from the start, as java.util.regex.Matcher.find. */
    ret = 1;
    while (start <= len) {
        rc = pcre2_match(r->re, (PCRE2_SPTR)dn, len, start, 0, md, NULL);
        if (rc < 0)
            break;
        ov = pcre2_get_ovector_pointer(md);
        ck_wb_put(out, dn + last, ov[0] - last);
        if (expand(out, r->replacement, r->re, dn, ov, ngroups) != 0) {
            ret = -1;
            goto out;
        }
        last = ov[1];
        if (ov[1] == ov[0]) {
            /* An empty match: the next search starts one character on. */
            if (ov[1] >= len)
                break;
            start = ov[1] + 1;
            while (start < len && ((unsigned char)dn[start] & 0xC0) == 0x80)
                start++;
        } else {
            start = ov[1];
        }
    }
    ck_wb_put(out, dn + last, len - last);
out:
    pcre2_match_data_free(md);
    return ret;
}

/** @brief Maps a DN to "User:<name>". */
int ck_principal_map(const ck_principal_rules *rs, const char *dn, char *out, size_t outlen)
{
    ck_wb  wb;
    size_t i, j;
    int    rc = CHRONIK_ERR_NOT_FOUND;

    if (rs == NULL || dn == NULL)
        return CHRONIK_ERR_INVALID_ARG;
    ck_wb_init(&wb, 128);
    for (i = 0; i < rs->n; i++) {
        const rule *r = &rs->r[i];
        int         m;

        ck_wb_reset(&wb);
        ck_wb_put(&wb, "User:", 5);
        if (r->is_default) {
            ck_wb_put(&wb, dn, strlen(dn));
            m = 1;
        } else {
            m = apply_rule(r, dn, &wb);
            if (m < 0) {
                rc = CHRONIK_ERR_INVALID_CONFIG;
                break;
            }
        }
        if (m == 0)
            continue;
        for (j = 5; j < wb.len; j++) {
            if (r->casefold == 'L')
                wb.buf[j] = (uint8_t)tolower(wb.buf[j]);
            else if (r->casefold == 'U')
                wb.buf[j] = (uint8_t)toupper(wb.buf[j]);
        }
        if (wb.len + 1 > outlen) {
            rc = CHRONIK_ERR_INVALID_ARG;
            break;
        }
        memcpy(out, wb.buf, wb.len);
        out[wb.len] = '\0';
        rc = 0;
        break;
    }
    ck_wb_free(&wb);
    return rc;
}

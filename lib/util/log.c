/*
 * log.c — line-oriented logging to stderr:
 *   2026-11-26T10:00:00.123Z INFO [subsys] message
 * Each line is formatted into a local buffer and emitted with a single
 * write(2), so lines from different threads never interleave.  The threshold
 * is a plain int read without locks (a benign race when changed at run time).
 */
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int ck_log_threshold = CK_LOG_INFO;

static const char *const level_names[] = { "ERROR", "WARN", "INFO", "DEBUG", "TRACE" };

/** @brief error|warn|info|debug|trace (case-insensitive, "warning" too) to a level; -1 if unknown. */
int ck_log_parse_level(const char *s)
{
    size_t i;
    if (s == NULL)
        return -1;
    for (i = 0; i < CK_ARRAY_LEN(level_names); i++)
        if (strcasecmp(s, level_names[i]) == 0)
            return (int)i;
    if (strcasecmp(s, "warning") == 0)
        return CK_LOG_WARN;
    return -1;
}

/** @brief Formats and writes one line to stderr (one write(2)). Any thread. */
void ck_log_write(ck_log_level lvl, const char *subsys, const char *fmt, ...)
{
    char line[2048];
    struct timespec ts;
    struct tm tm;
    size_t n;
    int k;
    va_list ap;

    if ((int)lvl > ck_log_threshold)
        return;
    if ((unsigned)lvl >= CK_ARRAY_LEN(level_names))
        lvl = CK_LOG_TRACE;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    k = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s [%s] ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec, ts.tv_nsec / 1000000, level_names[lvl], subsys ? subsys : "-");
    n = k < 0 ? 0 : CK_MIN((size_t)k, sizeof(line) - 1);
    va_start(ap, fmt);
    k = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
    va_end(ap);
    if (k > 0)
        n = CK_MIN(n + (size_t)k, sizeof(line) - 2);
    /* Drop a trailing newline from the message; add exactly one. */
    while (n > 0 && line[n - 1] == '\n')
        n--;
    line[n++] = '\n';
    {
        int saved = errno;
        const char *p = line;
        while (n > 0) {
            ssize_t w = write(STDERR_FILENO, p, n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            p += w;
            n -= (size_t)w;
        }
        errno = saved;
    }
}

void ck_errf(char *err, size_t errlen, const char *fmt, ...) {
    va_list ap;
    if (!err || !errlen) return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

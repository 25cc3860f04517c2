/*
 * clock.c — wall-clock and monotonic time in ms/µs/ns.  Thread-safe.
 */
#include "util/util.h"

#include <time.h>

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/** @brief Wall clock in ms since the epoch. Any thread. */
int64_t ck_now_ms(void) { return clock_ns(CLOCK_REALTIME) / 1000000; }
/** @brief Monotonic time in ms. Any thread. */
int64_t ck_mono_ms(void) { return clock_ns(CLOCK_MONOTONIC) / 1000000; }
/** @brief Monotonic time in µs. Any thread. */
int64_t ck_mono_us(void) { return clock_ns(CLOCK_MONOTONIC) / 1000; }
/** @brief Monotonic time in ns. Any thread. */
int64_t ck_mono_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

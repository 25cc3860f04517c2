/*
 * probe_memcpy.c — measures single-thread memcpy bandwidth for a few buffer
 * sizes (cache-resident up to well past the last-level cache), the ceiling of
 * any path that copies record bytes once.  One machine-readable line per
 * size.
 *
 *   probe_memcpy [--seconds S]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static const size_t sizes[] = { 4096, 65536, 1u << 20, 64u << 20 };
    double secs = 1.0;
    size_t i;

    if (argc == 3 && strcmp(argv[1], "--seconds") == 0)
        secs = atof(argv[2]);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t size = sizes[i];
        uint8_t *src = malloc(size), *dbuf = malloc(size + 64), *dst = dbuf + 64; /* no 4 KiB aliasing */
        volatile uint8_t sink = 0;
        uint64_t n = 0;
        double t0, el;
        if (src == NULL || dbuf == NULL) {
            free(src);
            free(dbuf);
            return 1;
        }
        memset(src, 1, size);
        memset(dst, 2, size);
        t0 = now_s();
        do {
            size_t k, reps = size >= (64u << 20) ? 2 : (64u << 20) / size;
            for (k = 0; k < reps; k++) {
                memcpy(dst, src, size);
                src[n % size]++;
                n++;
            }
            sink ^= dst[n % size];
            el = now_s() - t0;
        } while (el < secs);
        printf("PROBE memcpy size=%zu gb_per_s=%.2f\n", size, (double)n * (double)size / el / 1e9);
        (void)sink;
        free(src);
        free(dbuf);
    }
    return 0;
}

/*
 * hist.c — fixed-bucket latency histograms shared by the engine's produce
 * and fetch statistics and the REST layer's query timings; rendered in
 * Prometheus' exposition format by lib/http.
 */
#include "util/util.h"

const double ck_hist_bounds[CK_HIST_BUCKETS] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};

void ck_hist_observe(ck_hist *h, uint64_t us) {
    size_t b = 0;
    while (b < CK_HIST_BUCKETS && (double)us > ck_hist_bounds[b] * 1e6) b++;
    __atomic_fetch_add(&h->bucket[b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&h->sum_us, us, __ATOMIC_RELAXED);
    __atomic_fetch_add(&h->count, 1, __ATOMIC_RELAXED);
}

void ck_hist_snapshot(ck_hist *dst, const ck_hist *src) {
    for (size_t i = 0; i <= CK_HIST_BUCKETS; i++) dst->bucket[i] = __atomic_load_n(&src->bucket[i], __ATOMIC_RELAXED);
    dst->sum_us = __atomic_load_n(&src->sum_us, __ATOMIC_RELAXED);
    dst->count = __atomic_load_n(&src->count, __ATOMIC_RELAXED);
}

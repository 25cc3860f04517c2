#!/bin/sh
# fsync_latency_runs.sh — produce-to-acknowledgement latency under
# flush.policy=always next to the disk's own fdatasync latency, measured in
# the same session.  Each repeat runs probe_fsync (4 KiB appends + fdatasync)
# once, then for every build directory given: log_bench --latency with 1 and
# with 4 partitions and (when built) chronik-bench e2e against the embedded
# broker, back to back, so that the probe and every build see the same load
# (give a baseline build and a changed one to compare them).  Prints every
# PROBE/BENCH line tagged with the repeat and the build, then per build and
# workload the median over repeats of p50 and p99 and of p99 / probe p99
# (each repeat's ratio to the probe of the same repeat), with the range of
# that ratio as the noise.  "ack" rows time log_bench's records from their
# scheduled send, "wait" rows from the produce call's return (the flusher's
# share alone, without the sender thread's own delays).
#
#   tools/probes/fsync_latency_runs.sh [-n REPEATS] [-d DATA_DIR] [-s SECONDS] BUILD_DIR...
#
# Defaults: 5 repeats, $TMPDIR or /tmp, 8 s per workload.  The build
# directories need -Dbench=enabled; the probe of the first one is used.
set -eu
N=5
D=${TMPDIR:-/tmp}
S=8
while getopts n:d:s: opt; do
    case $opt in
    n) N=$OPTARG ;;
    d) D=$OPTARG ;;
    s) S=$OPTARG ;;
    *) echo "usage: $0 [-n REPEATS] [-d DATA_DIR] [-s SECONDS] BUILD_DIR..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-n REPEATS] [-d DATA_DIR] [-s SECONDS] BUILD_DIR..." >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=1
while [ "$i" -le "$N" ]; do
    echo "### repeat $i load $(cut -d' ' -f1-3 /proc/loadavg)"
    "$1/tools/probe_fsync" --dir "$D" --seconds "$S" 4k | sed "s|^|[$i probe] |" | tee -a "$out"
    for b in "$@"; do
        for p in 1 4; do
            "$b/tests/bench/log_bench" --latency --partitions "$p" --rate 10000 --seconds "$S" --runs 1 --dir "$D" \
                2>/dev/null | grep '^BENCH' | sed "s|^|[$i $b] |" | tee -a "$out"
        done
        if [ -x "$b/tools/chronik-bench" ]; then
            TMPDIR=$D "$b/tools/chronik-bench" e2e --embedded --rate 10000 --duration "$S" --runs 1 2>/dev/null \
                | grep '^BENCH' | sed "s|^|[$i $b] |" | tee -a "$out"
        fi
    done
    i=$((i + 1))
done
echo
awk '
function field(name,   k) { for (k = 1; k <= NF; k++) if (index($k, name "=") == 1) return substr($k, length(name) + 2); return "" }
function median(list,   n, a, k, j, t) {
    n = split(list, a, " ")
    for (k = 2; k <= n; k++) { t = a[k]; for (j = k - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lo(list,   n, a, k, m) { n = split(list, a, " "); m = a[1]; for (k = 2; k <= n; k++) if (a[k] + 0 < m + 0) m = a[k]; return m }
function hi(list,   n, a, k, m) { n = split(list, a, " "); m = a[1]; for (k = 2; k <= n; k++) if (a[k] + 0 > m + 0) m = a[k]; return m }
function add(key, v50, v99, rep) {
    if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
    p50[key] = p50[key] " " v50; p99[key] = p99[key] " " v99
    if (probe[rep] > 0) ratio[key] = ratio[key] " " sprintf("%.2f", v99 / probe[rep])
}
{
    rep = substr($1, 2); tag = $2; sub(/\]$/, "", tag)
    if ($3 == "PROBE") { probe[rep] = field("p99_ms"); pl = pl " " field("p99_ms"); p5 = p5 " " field("p50_ms"); next }
    if (field("op") == "latency") {
        add(tag " ack, partitions=" field("partitions"), field("p50_ms"), field("p99_ms"), rep)
        add(tag " wait, partitions=" field("partitions"), field("wait_p50_ms"), field("wait_p99_ms"), rep)
    } else {
        add(tag " kafka e2e (consume)", field("p50_ms"), field("p99_ms"), rep)
    }
}
END {
    printf "%-44s %9s %9s %14s %14s\n", "build / workload (medians over repeats)", "p50 ms", "p99 ms", "p99/probe p99", "ratio range"
    printf "%-44s %9.3f %9.3f %14s %14s\n", "probe_fsync 4 KiB append + fdatasync", median(p5), median(pl), "1", ""
    for (k = 1; k <= nk; k++)
        printf "%-44s %9.3f %9.3f %14.2f %14s\n", order[k], median(p50[order[k]]), median(p99[order[k]]),
               median(ratio[order[k]]), lo(ratio[order[k]]) "-" hi(ratio[order[k]])
}' "$out"

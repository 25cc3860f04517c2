"""Startup benchmark of chronik.testing.EmbeddedBroker.

Times, over --runs runs, from EmbeddedBroker() entry (temporary directory,
engine open, Kafka listener on a free port) to the first successful Metadata
round trip of a real client — confluent-kafka (librdkafka: list_topics) and
kafka-python (KafkaConsumer construction, which probes
the broker's version, then topics()) — and prints median, minimum and 90th percentile.  It then
reports the process's resident memory before the broker starts and once it
has idled for a second.

    CHRONIK_LIBRARY=build/libchronik.so /usr/bin/python3 bindings/python/benchmarks/startup.py --runs 20
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from chronik.testing import EmbeddedBroker  # noqa: E402


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def confluent_metadata(bs):
    import confluent_kafka.admin
    admin = confluent_kafka.admin.AdminClient({"bootstrap.servers": bs})
    md = admin.list_topics(timeout=10)
    assert len(md.brokers) == 1


def kafka_python_metadata(bs):
    import kafka
    consumer = kafka.KafkaConsumer(bootstrap_servers=bs)
    consumer.topics()
    consumer.close()


def time_runs(runs, client):
    startup, ready = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        with EmbeddedBroker() as broker:
            t1 = time.perf_counter()
            if client:
                client(broker.bootstrap_servers)
            t2 = time.perf_counter()
        startup.append((t1 - t0) * 1e3)
        ready.append((t2 - t0) * 1e3)
    return startup, ready


def show(what, v):
    v = sorted(v)
    p90 = v[int(0.9 * (len(v) - 1) + 0.5)]
    print("%-44s median %7.2f ms   min %7.2f ms   p90 %7.2f ms   (%d runs)"
          % (what, statistics.median(v), v[0], p90, len(v)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--idle-ms", type=int, default=1000)
    args = ap.parse_args()

    import chronik
    chronik.library_version()  # load the library before the memory baseline
    before = rss_kib()
    with EmbeddedBroker():
        time.sleep(args.idle_ms / 1000)
        idle = rss_kib()

    print("chronik %s (%s), Python %s, %d CPUs, data in %s" % (
        chronik.library_version(), chronik._lib.lib_path(), sys.version.split()[0], os.cpu_count(),
        os.environ.get("TMPDIR") or "/tmp"))
    startup, _ = time_runs(args.runs, None)
    show("EmbeddedBroker() entry to listening", startup)
    for name, client in (("confluent-kafka", confluent_metadata), ("kafka-python", kafka_python_metadata)):
        try:
            _, ready = time_runs(1, client)  # warm-up: the client's imports
            _, ready = time_runs(args.runs, client)
        except ImportError as e:
            print("%s: skipped (%s)" % (name, e))
            continue
        show("EmbeddedBroker() entry to Metadata (%s)" % name, ready)
    print("RSS: before start %d KiB; idle broker after %d ms %d KiB (engine: +%d KiB)"
          % (before, args.idle_ms, idle, idle - before))


if __name__ == "__main__":
    main()

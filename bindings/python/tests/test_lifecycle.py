"""Starting and stopping an embedded broker 100 times in one process leaks
no file descriptors, threads or memory; each cycle serves a real client."""

import gc
import os
import threading

from chronik.testing import EmbeddedBroker
from conftest import api_versions


def fd_count():
    return len(os.listdir("/proc/self/fd"))


def os_threads():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


# tmpfs when there is one: the test is about leaks, not about disk latency.
BASE = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def cycle():
    with EmbeddedBroker(kafka_io_threads=2, base_dir=BASE) as broker:
        broker.engine.create_topic("t")
        broker.engine.produce("t", b"x" * 1000)
        assert 18 in api_versions(broker.port)
        data_dir = broker.data_dir
    assert not os.path.exists(data_dir)


def test_start_stop_100_times_without_leaks():
    for _ in range(5):  # warm-up: lazy allocations, thread stacks, caches
        cycle()
    gc.collect()
    fds, pythreads, threads, rss = fd_count(), threading.active_count(), os_threads(), rss_kib()
    for _ in range(100):
        cycle()
    gc.collect()
    assert fd_count() == fds
    assert threading.active_count() == pythreads
    assert os_threads() == threads
    grown = rss_kib() - rss
    assert grown < 20 * 1024, "RSS grew by %d KiB over 100 cycles" % grown

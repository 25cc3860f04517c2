"""Starting and stopping an embedded broker 100 times in one process leaks
no file descriptors, threads or memory; each cycle serves a real client."""

import gc
import os
import socket
import struct
import threading

from chronik.testing import EmbeddedBroker


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


def api_versions_round_trip(port):
    """One ApiVersions v0 request over a raw socket (no client threads to confuse the counts)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        body = struct.pack(">hhih", 18, 0, 7, 4) + b"test"
        s.sendall(struct.pack(">i", len(body)) + body)
        hdr = b""
        while len(hdr) < 4:
            chunk = s.recv(4 - len(hdr))
            assert chunk
            hdr += chunk
        (size,) = struct.unpack(">i", hdr)
        data = b""
        while len(data) < size:
            chunk = s.recv(size - len(data))
            assert chunk
            data += chunk
    corr, err = struct.unpack(">ih", data[:6])
    assert corr == 7 and err == 0


def cycle():
    with EmbeddedBroker(kafka_io_threads=2) as broker:
        broker.engine.create_topic("t")
        broker.engine.produce("t", b"x" * 1000)
        api_versions_round_trip(broker.port)
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

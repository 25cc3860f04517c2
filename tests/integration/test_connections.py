"""Many connections at once: 500 raw sockets that connect together and each
send ApiVersions right away, and 100 librdkafka producers (confluent-kafka)
started together.  Every connection must be accepted, handed to an event
loop and answered; none may wait for a client-side timeout.

Nothing here is timed: each wait is for a condition (all answers in, every
producer has its metadata) under a generous bound that only a lost
connection or a missed wake-up would reach."""

import logging
import resource
import selectors
import socket
import struct
import threading
import time

import pytest

from conftest import api_versions_request, check_api_versions, parse_api_versions_v0

CONNECTIONS = 500
PRODUCERS = 100
BOUND = 60.0


def raise_fd_limit(need):
    """Raises the soft RLIMIT_NOFILE to the hard one when it is below need
    (the server inherits it); skips when even the hard limit is too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            pytest.skip("RLIMIT_NOFILE hard limit %d < %d" % (hard, need))
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Conn:
    """One raw client connection: connect, send, collect one response."""

    def __init__(self, port, corr):
        self.corr = corr
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", port))
        self.out = api_versions_request(correlation_id=corr)
        self.inp = b""
        self.answer = None

    def on_write(self):
        n = self.sock.send(self.out)
        self.out = self.out[n:]
        return not self.out

    def on_read(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection %d closed by the server before its answer" % self.corr)
        self.inp += chunk
        if len(self.inp) >= 4:
            (size,) = struct.unpack(">i", self.inp[:4])
            if len(self.inp) >= 4 + size:
                self.answer = self.inp[4:4 + size]
        return self.answer is not None


def test_500_connections_at_once_all_answered(server_factory):
    raise_fd_limit(2 * CONNECTIONS + 128)
    srv = server_factory()
    conns = [Conn(srv.port, 1000 + i) for i in range(CONNECTIONS)]
    sel = selectors.DefaultSelector()
    for c in conns:
        sel.register(c.sock, selectors.EVENT_WRITE, c)
    answered = 0
    deadline = time.monotonic() + BOUND
    try:
        while answered < CONNECTIONS and time.monotonic() < deadline:
            for key, ev in sel.select(timeout=0.5):
                c = key.data
                if ev & selectors.EVENT_WRITE:
                    if c.on_write():
                        sel.modify(c.sock, selectors.EVENT_READ, c)
                elif c.on_read():
                    sel.unregister(c.sock)
                    answered += 1
        missing = [c.corr for c in conns if c.answer is None]
        assert not missing, "%d of %d connections got no ApiVersions answer within %.0fs (e.g. %s)" % (
            len(missing), CONNECTIONS, BOUND, missing[:10])
        for c in conns:
            corr, err, apis = parse_api_versions_v0(c.answer)
            assert corr == c.corr
            assert err == 0
            assert 18 in apis and 0 in apis and 1 in apis
    finally:
        sel.close()
        for c in conns:
            c.sock.close()
    # The server goes on serving, and lets every closed connection go.
    check_api_versions(srv.port)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.lock = threading.Lock()

    def emit(self, record):
        with self.lock:
            self.lines.append(record.getMessage())


def test_100_producers_at_once_no_apiversions_timeout(server_factory):
    ck = pytest.importorskip("confluent_kafka")
    raise_fd_limit(20 * PRODUCERS + 256)
    srv = server_factory()
    handler = _Collect()
    log = logging.getLogger("chronik-it-100-producers")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    producers = []
    failures = []
    go = threading.Barrier(PRODUCERS)

    def one(i):
        try:
            p = ck.Producer({"bootstrap.servers": srv.bootstrap, "client.id": "p%d" % i,
                             "socket.connection.setup.timeout.ms": int(BOUND * 1000)}, logger=log)
            producers.append(p)
            go.wait(timeout=BOUND)
            md = p.list_topics(timeout=BOUND)
            if not md.brokers:
                failures.append("producer %d: metadata without brokers" % i)
        except Exception as exc:  # reported below with the others
            failures.append("producer %d: %r" % (i, exc))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(PRODUCERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(BOUND + 30)
    for p in producers:
        p.poll(0)      # hands the client's queued log lines to the logger
    try:
        assert not any(t.is_alive() for t in threads), "a producer thread is still waiting"
        assert not failures, "\n".join(failures[:10])
        timeouts = [l for l in handler.lines if "ApiVersion" in l and "imed out" in l]
        assert not timeouts, "client logged ApiVersions timeouts:\n" + "\n".join(timeouts[:10])
    finally:
        for p in producers:
            p.flush(10)
        del producers[:]
        log.removeHandler(handler)

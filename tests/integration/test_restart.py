"""Restart: produce, stop the server (SIGTERM, and separately kill -9),
start it again on the same data directory, and consume: every acknowledged
message is there, in order, byte-identical, with no duplicates."""

import threading
import time

import pytest

from clients import consume, create_topic, produce_all, producer, watermarks
from conftest import unique_topic


def values(prefix, n):
    return [b"%s-%06d-" % (prefix, i) + b"x" * (i % 300) for i in range(n)]


def test_sigterm_restart_keeps_everything(server):
    topic = unique_topic("rst")
    create_topic(server.bootstrap, topic, partitions=2)
    msgs = {part: values(b"p%d" % part, 3000) for part in range(2)}
    p = producer(server.bootstrap, acks="all")
    for part in range(2):
        reports = produce_all(p, topic, [{"value": v, "key": b"k"} for v in msgs[part]], partition=part)
        assert all(r[0] is None for r in reports)
    del p

    rc = server.stop()
    assert rc == 0, "exit status %s on SIGTERM:\n%s" % (rc, server.log_tail())
    server.start()

    for part in range(2):
        got = consume(server.bootstrap, topic, len(msgs[part]), partition=part)
        assert [m.value() for m in got] == msgs[part]
        assert watermarks(server.bootstrap, topic, part) == (0, len(msgs[part]))
        assert [m.offset() for m in got] == list(range(len(msgs[part])))
    # The restarted log takes new writes after the old ones.
    reports = produce_all(producer(server.bootstrap), topic, [{"value": b"after"}], partition=0)
    assert reports[0][1] == len(msgs[0])


def test_restart_keeps_topics_and_configs(server):
    from clients import admin
    from confluent_kafka.admin import ConfigResource
    topic = unique_topic("rstcfg")
    create_topic(server.bootstrap, topic, partitions=3, config={"retention.ms": "123456789"})
    server.restart()
    a = admin(server.bootstrap)
    md = a.list_topics(topic=topic, timeout=10)
    assert len(md.topics[topic].partitions) == 3
    res = ConfigResource("topic", topic)
    cfg = a.describe_configs([res], request_timeout=30)[res].result(30)
    assert cfg["retention.ms"].value == "123456789"


# kill -9 comes once this many messages of the cycle were acknowledged, and
# once this many more were handed to the client after the kill (so that
# some are queued or in flight when the server dies); each wait is bounded.
ACKED_PER_CYCLE = 300
PRODUCED_AFTER_KILL = 50
WAIT_BOUND = 120.0


def wait_for(cond, timeout, what):
    """Waits until cond() is true; fails naming what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "%s: not within %.0f s" % (what, timeout)
        time.sleep(0.01)


@pytest.mark.parametrize("cycles", [3])
def test_kill9_keeps_every_acknowledged_message(server, cycles):
    topic = unique_topic("kill9")
    create_topic(server.bootstrap, topic)
    acked = {}                    # offset -> value, from delivery reports (acks=all)
    twice = []                    # offsets acknowledged more than once
    lock = threading.Lock()

    for cycle in range(cycles):
        stop = threading.Event()
        produced = [0]
        p = producer(server.bootstrap, **{"acks": "all", "linger.ms": 2, "message.timeout.ms": 5000,
                                          "retries": 0, "socket.timeout.ms": 3000})

        def on_delivery(err, msg):
            if err is None:
                with lock:
                    if msg.offset() in acked:
                        twice.append(msg.offset())
                    acked[msg.offset()] = msg.value()

        def produce_loop():
            i = 0
            while not stop.is_set():
                try:
                    p.produce(topic, value=b"c%d-%08d" % (cycle, i) + b"." * (i % 200), partition=0,
                              on_delivery=on_delivery)
                    i += 1
                    produced[0] = i
                except BufferError:
                    pass
                p.poll(0.001)

        start = len(acked)
        t = threading.Thread(target=produce_loop, daemon=True)
        t.start()
        try:
            wait_for(lambda: len(acked) - start >= ACKED_PER_CYCLE, WAIT_BOUND,
                     "cycle %d: %d acknowledgements" % (cycle, ACKED_PER_CYCLE))
            server.kill()
            killed_at = produced[0]
            wait_for(lambda: produced[0] - killed_at >= PRODUCED_AFTER_KILL, WAIT_BOUND,
                     "cycle %d: %d messages handed to the client after the kill" % (cycle, PRODUCED_AFTER_KILL))
        finally:
            stop.set()
            t.join(10)
        p.purge()                        # queued and in-flight messages fail: not acknowledged
        p.flush(15)
        server.start()

    assert not twice, "offsets acknowledged twice: %s" % twice[:10]
    n = max(acked) + 1
    got = consume(server.bootstrap, topic, n, timeout=60)
    by_offset = {m.offset(): m.value() for m in got}
    missing = [o for o in acked if o not in by_offset]
    assert not missing, "%d acknowledged messages lost, first offsets %s" % (len(missing), missing[:10])
    wrong = [o for o, v in acked.items() if by_offset[o] != v]
    assert not wrong, "%d acknowledged messages changed, first offsets %s" % (len(wrong), wrong[:10])
    offsets = [m.offset() for m in got]
    assert offsets == sorted(set(offsets)), "offsets not increasing / duplicated"


def test_kill9_then_sigterm_exits_cleanly(server):
    topic = unique_topic("k9t")
    reports = produce_all(producer(server.bootstrap), topic, [{"value": b"v%d" % i} for i in range(100)])
    assert all(r[0] is None for r in reports)
    server.kill()
    server.start()
    assert [m.value() for m in consume(server.bootstrap, topic, 100)] == [b"v%d" % i for i in range(100)]
    assert server.stop() == 0


def test_idempotent_state_survives_restart(server):
    topic = unique_topic("idemrst")
    p = producer(server.bootstrap, **{"enable.idempotence": True})
    r1 = produce_all(p, topic, [{"value": b"a%d" % i} for i in range(100)])
    assert all(r[0] is None for r in r1)
    server.restart()
    # The same producer keeps going after the broker restart (reconnects; its
    # sequence numbers continue and must be accepted, not fenced).
    r2 = produce_all(p, topic, [{"value": b"b%d" % i} for i in range(100)], timeout=60)
    assert all(r[0] is None for r in r2), [r[0] for r in r2 if r[0]][:3]
    got = consume(server.bootstrap, topic, 200)
    assert watermarks(server.bootstrap, topic) == (0, 200), "duplicates after the restart"
    assert [m.value() for m in got] == [b"a%d" % i for i in range(100)] + [b"b%d" % i for i in range(100)]


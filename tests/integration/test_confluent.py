"""confluent-kafka (librdkafka) against chronik-server: acks 0/1/all, the
idempotent producer, 1 MiB messages, null keys and values, headers,
timestamps, MESSAGE_TOO_LARGE, and UNKNOWN_TOPIC_OR_PARTITION with
auto-creation off."""

import os
import time

import pytest

from clients import ck, consume, create_topic, produce_all, producer, watermarks
from conftest import unique_topic

N = 2000


def messages(n, size=100, prefix=b""):
    return [{"key": b"key-%d" % i, "value": prefix + (b"%08d" % i) * (size // 8),
             "headers": [("idx", b"%d" % i), ("src", b"confluent")]} for i in range(n)]


@pytest.mark.parametrize("acks", ["0", "1", "all"])
def test_acks(bootstrap, acks):
    topic = unique_topic("acks" + acks)
    msgs = messages(N)
    p = producer(bootstrap, acks=acks)
    reports = produce_all(p, topic, msgs)
    errors = [r[0] for r in reports if r[0] is not None]
    assert not errors, errors[:5]
    if acks != "0":
        assert [r[1] for r in reports] == list(range(N)), "offsets not dense from 0"
    got = consume(bootstrap, topic, N)
    assert len(got) == N
    assert [m.offset() for m in got] == list(range(N))
    assert [(m.key(), m.value()) for m in got] == [(m["key"], m["value"]) for m in msgs]
    assert [m.headers() for m in got] == [m["headers"] for m in msgs]


def test_idempotent_producer(bootstrap):
    topic = unique_topic("idem")
    msgs = messages(N)
    p = producer(bootstrap, **{"enable.idempotence": True, "acks": "all",
                               "max.in.flight.requests.per.connection": 5, "linger.ms": 1,
                               "batch.num.messages": 100})
    reports = produce_all(p, topic, msgs)
    assert all(r[0] is None for r in reports), [r[0] for r in reports if r[0]][:5]
    assert [r[1] for r in reports] == list(range(N))
    got = consume(bootstrap, topic, N)
    assert [m.value() for m in got] == [m["value"] for m in msgs], "duplicates or gaps"
    assert watermarks(bootstrap, topic) == (0, N), "duplicates"


def test_idempotent_producer_multiple_partitions(bootstrap):
    topic = unique_topic("idem3")
    create_topic(bootstrap, topic, partitions=3)
    p = producer(bootstrap, **{"enable.idempotence": True})
    for part in range(3):
        reports = produce_all(p, topic, messages(300, prefix=b"p%d-" % part), partition=part)
        assert [r[1] for r in reports] == list(range(300))
    for part in range(3):
        got = consume(bootstrap, topic, 300, partition=part)
        assert [m.value() for m in got] == [m["value"] for m in messages(300, prefix=b"p%d-" % part)]


def test_one_mib_messages(bootstrap):
    topic = unique_topic("big")
    create_topic(bootstrap, topic, config={"max.message.bytes": str(8 * 1024 * 1024)})
    values = [os.urandom(1024 * 1024) for _ in range(6)]
    p = producer(bootstrap, **{"message.max.bytes": 8 * 1024 * 1024, "compression.type": "none",
                               "acks": "all"})
    reports = produce_all(p, topic, [{"value": v, "key": b"big%d" % i} for i, v in enumerate(values)])
    assert all(r[0] is None for r in reports), [r[0] for r in reports]
    got = consume(bootstrap, topic, len(values), **{"fetch.max.bytes": 4 * 1024 * 1024,
                                                     "max.partition.fetch.bytes": 2 * 1024 * 1024})
    assert len(got) == len(values)
    assert [m.value() for m in got] == values


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_one_mib_messages_compressed(bootstrap, codec):
    topic = unique_topic("bigz")
    create_topic(bootstrap, topic, config={"max.message.bytes": str(8 * 1024 * 1024)})
    values = [(b"%07d " % i) * (1024 * 1024 // 8) for i in range(3)]
    p = producer(bootstrap, **{"message.max.bytes": 8 * 1024 * 1024, "compression.type": codec})
    reports = produce_all(p, topic, [{"value": v} for v in values])
    assert all(r[0] is None for r in reports), [r[0] for r in reports]
    got = consume(bootstrap, topic, len(values))
    assert [m.value() for m in got] == values


def test_message_too_large(bootstrap):
    topic = unique_topic("toolarge")
    create_topic(bootstrap, topic)                          # broker default max: about 1 MiB
    p = producer(bootstrap, **{"message.max.bytes": 16 * 1024 * 1024, "compression.type": "none",
                               "message.timeout.ms": 20000, "retries": 0})
    reports = produce_all(p, topic, [{"value": os.urandom(3 * 1024 * 1024)}])
    err = reports[0][0]
    assert err is not None, "a 3 MiB message was accepted"
    assert err.code() == ck.KafkaError.MSG_SIZE_TOO_LARGE, err
    # The topic still works for normal messages.
    reports = produce_all(p, topic, [{"value": b"small"}])
    assert reports[0][0] is None
    got = consume(bootstrap, topic, 1)
    assert [m.value() for m in got] == [b"small"]


def test_null_keys_values_headers_timestamps(bootstrap):
    topic = unique_topic("nulls")
    ts0 = 1_600_000_000_000
    msgs = [
        {"key": None, "value": b"no key"},
        {"key": b"no value", "value": None},
        {"key": None, "value": None},
        {"key": b"", "value": b""},
        {"key": b"k", "value": b"v", "headers": [("a", b"1"), ("b", None), ("a", b"dup"), ("empty", b"")]},
        {"key": b"bin\x00\xff", "value": bytes(range(256)), "headers": [("bin", bytes(range(256)))]},
        {"key": b"ts", "value": b"old", "timestamp": ts0},
        {"key": b"ts", "value": b"older", "timestamp": ts0 - 86_400_000},
        {"key": b"ts", "value": b"future", "timestamp": ts0 + 10 ** 11},
    ]
    p = producer(bootstrap)
    reports = produce_all(p, topic, msgs)
    assert all(r[0] is None for r in reports), [r[0] for r in reports]
    got = consume(bootstrap, topic, len(msgs))
    assert len(got) == len(msgs)
    for m, g in zip(msgs, got):
        assert g.key() == m["key"], (m, g.key())
        assert g.value() == m["value"], (m, g.value())
        assert (g.headers() or []) == m.get("headers", []), (m, g.headers())
        tstype, ts = g.timestamp()
        assert tstype == ck.TIMESTAMP_CREATE_TIME
        if "timestamp" in m:
            assert ts == m["timestamp"]
        else:
            assert abs(ts - time.time() * 1000) < 10 * 60 * 1000


def test_unknown_topic_auto_create_off(server_factory):
    srv = server_factory(conf={"auto.create.topics.enable": "false"})
    from clients import admin
    topic = unique_topic("nosuch")
    md = admin(srv.bootstrap).list_topics(topic=topic, timeout=10)
    t = md.topics.get(topic)
    assert t is not None and t.error is not None, "metadata for %s: %r" % (topic, t)
    assert t.error.code() == ck.KafkaError.UNKNOWN_TOPIC_OR_PART, t.error
    p = producer(srv.bootstrap, **{"message.timeout.ms": 10000, "topic.metadata.propagation.max.ms": 1000})
    reports = produce_all(p, topic, [{"value": b"x"}], timeout=30)
    err = reports[0][0]
    assert err is not None, "produce to an unknown topic succeeded with auto-create off"
    assert err.code() in (ck.KafkaError.UNKNOWN_TOPIC_OR_PART, ck.KafkaError._UNKNOWN_TOPIC), err
    md = admin(srv.bootstrap).list_topics(timeout=10)
    assert topic not in md.topics or md.topics[topic].error is not None


def test_auto_create_on_by_default(bootstrap):
    topic = unique_topic("auto")
    p = producer(bootstrap)
    reports = produce_all(p, topic, [{"value": b"hello"}])
    assert reports[0][0] is None and reports[0][1] == 0
    got = consume(bootstrap, topic, 1)
    assert [m.value() for m in got] == [b"hello"]


def test_consume_from_offset_and_latest(bootstrap):
    topic = unique_topic("offs")
    msgs = messages(500)
    produce_all(producer(bootstrap), topic, msgs)
    got = consume(bootstrap, topic, 100, offset=400)
    assert [m.offset() for m in got] == list(range(400, 500))
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": "wm", "enable.auto.commit": False})
    try:
        lo, hi = c.get_watermark_offsets(ck.TopicPartition(topic, 0), timeout=10)
        assert (lo, hi) == (0, 500)
        found = c.offsets_for_times([ck.TopicPartition(topic, 0, 0)], timeout=10)
        assert found[0].offset == 0
    finally:
        c.close()

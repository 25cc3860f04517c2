"""Record timestamps on produce, as Kafka 3.6+ has them:

- message.timestamp.before.max.ms / message.timestamp.after.max.ms
  (KIP-937): on a CreateTime topic a produce holding a record whose
  timestamp is further than that before/after the broker's clock fails
  with INVALID_TIMESTAMP (the whole batch, compressed or not, nothing
  appended: batches built by hand, plain and gzip); records without a
  timestamp pass; LogAppendTime topics ignore both; the keys are topic
  configs (create, describe, alter).
- ProduceResponse log_append_time_ms is -1 for CreateTime topics and the
  broker's append time for LogAppendTime topics (read from the raw
  response, and as kafka-python's RecordMetadata.timestamp).
"""

import time

import pytest

from conftest import unique_topic
from clients import admin, ck, consume, create_topic, producer

kafka = pytest.importorskip("kafka")
from kafka.client_async import KafkaClient  # noqa: E402
from kafka.protocol.produce import ProduceRequest  # noqa: E402
from kafka.record.memory_records import MemoryRecordsBuilder  # noqa: E402

HOUR = 3600 * 1000
WINDOW = {"message.timestamp.before.max.ms": str(HOUR), "message.timestamp.after.max.ms": str(HOUR)}


def now_ms():
    return int(time.time() * 1000)


def produce_one(bootstrap, topic, timestamps):
    """Produces one message per timestamp with confluent-kafka; returns the
    delivery errors (None for success) in order."""
    p = producer(bootstrap, enable_idempotence=False, retries=0, message_timeout_ms=30000)
    errs = [False] * len(timestamps)

    def cb(i):
        def on_delivery(err, msg):
            errs[i] = err
        return on_delivery

    for i, ts in enumerate(timestamps):
        kw = {"timestamp": ts} if ts is not None else {}
        p.produce(topic, value=b"v%d" % i, partition=0, on_delivery=cb(i), **kw)
    assert p.flush(60) == 0, "messages still in flight after 60 s"
    return [e.code() if e is not None else None for e in errs]


CODECS = {"none": 0, "gzip": 1}        # what kafka-python builds without extra modules


def raw_produce(bootstrap, topic, timestamps, version=7, compression="none"):
    """One v2 batch (one record per timestamp) through a raw ProduceRequest:
    exactly one batch, whatever the timing; returns the partition response
    (partition, error_code, offset, log_append_time, ...)."""
    if not isinstance(timestamps, list):
        timestamps = [timestamps]
    b = MemoryRecordsBuilder(magic=2, compression_type=CODECS[compression], batch_size=1 << 20)
    for i, ts in enumerate(timestamps):
        b.append(timestamp=ts, key=None, value=b"raw%d" % i, headers=[])
    b.close()
    client = KafkaClient(bootstrap_servers=bootstrap, api_version=(2, 1), request_timeout_ms=20000)
    try:
        node = None
        deadline = time.monotonic() + 30
        while node is None or not client.ready(node):
            assert time.monotonic() < deadline, "kafka-python connected to no broker in 30 s"
            client.poll(timeout_ms=100)
            node = node if node is not None else client.least_loaded_node()
            if node is not None:
                client.maybe_connect(node)
        req = ProduceRequest[version](required_acks=-1, timeout=10000,
                                      topics=[(topic, [(0, b.buffer())])])
        fut = client.send(node, req)
        client.poll(future=fut, timeout_ms=30000)
        assert fut.succeeded(), "produce request failed: %r" % (fut.exception,)
        return fut.value.topics[0][1][0]
    finally:
        client.close()


def test_timestamp_window_rejects_old_and_future_records(bootstrap):
    topic = unique_topic("ts-window")
    create_topic(bootstrap, topic, config=WINDOW)
    now = now_ms()
    assert produce_one(bootstrap, topic, [now - 2 * HOUR]) == [ck.KafkaError.INVALID_TIMESTAMP]
    assert produce_one(bootstrap, topic, [now + 2 * HOUR]) == [ck.KafkaError.INVALID_TIMESTAMP]
    assert produce_one(bootstrap, topic, [now - HOUR // 2, now + HOUR // 2, None]) == [None, None, None]
    # Nothing of the refused batches was appended.
    got = consume(bootstrap, topic, 3, timeout=30)
    assert [m.value() for m in got] == [b"v0", b"v1", b"v2"]
    assert [m.offset() for m in got] == [0, 1, 2]


@pytest.mark.parametrize("compression", sorted(CODECS))
def test_one_bad_record_fails_the_whole_batch(bootstrap, compression):
    topic = unique_topic("ts-batch")
    create_topic(bootstrap, topic, config=WINDOW)
    now = now_ms()
    resp = raw_produce(bootstrap, topic, [now, now + 1, now - 3 * HOUR, now + 2], compression=compression)
    assert resp[1:3] == (32, -1), resp                      # INVALID_TIMESTAMP, nothing appended
    resp = raw_produce(bootstrap, topic, [now, now + 1, now + 2], compression=compression)
    assert resp[1:4] == (0, 0, -1), resp
    got = consume(bootstrap, topic, 3, timeout=30)
    assert [(m.offset(), m.value()) for m in got] == [(0, b"raw0"), (1, b"raw1"), (2, b"raw2")]


def test_raw_produce_response(bootstrap):
    topic = unique_topic("ts-raw")
    create_topic(bootstrap, topic, config=WINDOW)
    part, err, offset, log_append_time = raw_produce(bootstrap, topic, now_ms() - 2 * HOUR)[:4]
    assert (part, err, offset) == (0, 32, -1)          # INVALID_TIMESTAMP
    part, err, offset, log_append_time = raw_produce(bootstrap, topic, now_ms())[:4]
    assert (part, err, offset, log_append_time) == (0, 0, 0, -1)


def test_log_append_time_ignores_the_window(bootstrap):
    topic = unique_topic("ts-lat")
    create_topic(bootstrap, topic, config=dict(WINDOW, **{"message.timestamp.type": "LogAppendTime"}))
    before = now_ms()
    part, err, offset, log_append_time = raw_produce(bootstrap, topic, before - 5 * HOUR)[:4]
    after = now_ms()
    assert (part, err, offset) == (0, 0, 0)
    assert before - 1000 <= log_append_time <= after + 1000, (before, log_append_time, after)
    assert produce_one(bootstrap, topic, [before + 5 * HOUR]) == [None]


def test_log_append_time_ms_is_minus_one_for_create_time(bootstrap):
    """kafka-python's RecordMetadata.timestamp is the response's
    log_append_time unless that is -1, then the record's own timestamp."""
    create = unique_topic("ts-create")
    logapp = unique_topic("ts-append")
    create_topic(bootstrap, create)
    create_topic(bootstrap, logapp, config={"message.timestamp.type": "LogAppendTime"})
    ts = 1600000000000
    for v in (None, (0, 10, 1), (0, 11, 0)):
        kw = {"api_version": v} if v else {}
        p = kafka.KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=20000, **kw)
        try:
            md = p.send(create, value=b"x", partition=0, timestamp_ms=ts).get(timeout=30)
            assert md.timestamp == ts, (v, md)
            before = now_ms()
            md = p.send(logapp, value=b"x", partition=0, timestamp_ms=ts).get(timeout=30)
            assert before - 1000 <= md.timestamp <= now_ms() + 1000, (v, md)
        finally:
            p.close(timeout=10)
    part, err, offset, log_append_time = raw_produce(bootstrap, create, ts, version=3)[:4]
    assert (err, log_append_time) == (0, -1)


def test_window_configs_describe_and_alter(bootstrap):
    topic = unique_topic("ts-alter")
    create_topic(bootstrap, topic)
    a = admin(bootstrap)
    res = ck.admin.ConfigResource(ck.admin.RESOURCE_TOPIC, topic)
    desc = a.describe_configs([res])[res].result(30)
    assert desc["message.timestamp.before.max.ms"].value == "9223372036854775807"
    assert desc["message.timestamp.after.max.ms"].value == "3600000"      # Kafka 4.0: one hour
    old = now_ms() - 10 * HOUR
    assert produce_one(bootstrap, topic, [old]) == [None]
    res.set_config("message.timestamp.before.max.ms", str(HOUR))
    a.alter_configs([res])[res].result(30)
    desc = a.describe_configs([res])[res].result(30)
    assert desc["message.timestamp.before.max.ms"].value == str(HOUR)
    assert produce_one(bootstrap, topic, [old]) == [ck.KafkaError.INVALID_TIMESTAMP]
    bad = ck.admin.ConfigResource(ck.admin.RESOURCE_TOPIC, topic)
    bad.set_config("message.timestamp.after.max.ms", "-1")
    with pytest.raises(ck.KafkaException):
        a.alter_configs([bad])[bad].result(30)


@pytest.mark.parametrize("compression", ["none", "gzip"])
def test_default_after_max_is_one_hour(bootstrap, compression):
    # Kafka 4.0's default message.timestamp.after.max.ms: a record two hours
    # ahead of the broker's clock is refused, half an hour ahead is kept, and
    # the past has no default limit.
    topic = unique_topic("ts-default")
    create_topic(bootstrap, topic)
    now = now_ms()
    assert raw_produce(bootstrap, topic, [now + 2 * HOUR], compression=compression)[1] == 32   # INVALID_TIMESTAMP
    assert raw_produce(bootstrap, topic, [now, now + 2 * HOUR], compression=compression)[1] == 32
    assert raw_produce(bootstrap, topic, [now + HOUR // 2, now - 1000 * HOUR], compression=compression)[1] == 0

"""kafka-python against chronik-server: the reference product's quick start
exactly as written (api_version=(0,10,0): Produce v2 with MessageSet v1,
Fetch v2 answered by down-conversion), and with api_version auto-detection."""

import time

import pytest

from conftest import unique_topic

kafka = pytest.importorskip("kafka")
from kafka import KafkaConsumer, KafkaProducer, TopicPartition  # noqa: E402

TIMEOUTS = dict(request_timeout_ms=20000, api_version_auto_timeout_ms=10000)


def read(consumer, n, timeout=90):
    """Polls consumer until n records came (never more), bounded: waits for
    the records, not for a quiet period."""
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < n:
        assert time.monotonic() < deadline, "kafka-python read %d of %d records in %d s" % (len(out), n, timeout)
        for recs in consumer.poll(timeout_ms=200, max_records=n - len(out)).values():
            out.extend(recs)
    return out


def test_seed_readme_quick_start(bootstrap):
    # As in the reference README, with the bootstrap address of the test server.
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        api_version=(0, 10, 0)  # Important: specify version
    )
    producer.send('test-topic', b'Hello Chronik!')
    producer.flush(timeout=30)
    producer.close(timeout=10)

    consumer = KafkaConsumer(
        'test-topic',
        bootstrap_servers=bootstrap,
        api_version=(0, 10, 0),
        auto_offset_reset='earliest',
        consumer_timeout_ms=10000,
    )
    received = []
    for message in consumer:
        received.append(message.value)
        break
    consumer.close()
    assert received == [b'Hello Chronik!']


@pytest.mark.parametrize("api_version", [(0, 10, 0), None], ids=["v0.10.0", "auto"])
def test_produce_consume(bootstrap, api_version):
    topic = unique_topic("kpy")
    n = 1000
    kw = dict(bootstrap_servers=bootstrap, **TIMEOUTS)
    if api_version is not None:
        kw["api_version"] = api_version
    producer = KafkaProducer(acks="all", linger_ms=5, **kw)
    futures = [producer.send(topic, key=b"k%d" % i, value=b"value-%d" % i) for i in range(n)]
    producer.flush(timeout=60)
    metas = [f.get(timeout=30) for f in futures]
    producer.close(timeout=10)
    assert [m.offset for m in metas] == list(range(n))
    assert all(m.partition == 0 for m in metas)

    consumer = KafkaConsumer(topic, auto_offset_reset="earliest", enable_auto_commit=False, **kw)
    got = read(consumer, n)
    consumer.close()
    assert [(m.offset, m.key, m.value) for m in got] == [(i, b"k%d" % i, b"value-%d" % i) for i in range(n)]
    assert all(abs(m.timestamp - time.time() * 1000) < 600_000 for m in got)


def test_auto_detected_version_is_modern(bootstrap):
    producer = KafkaProducer(bootstrap_servers=bootstrap, **TIMEOUTS)
    try:
        assert producer.config["api_version"] >= (0, 11, 0), producer.config["api_version"]
    finally:
        producer.close(timeout=10)


def test_headers_and_nulls_auto_version(bootstrap):
    topic = unique_topic("kpyh")
    producer = KafkaProducer(bootstrap_servers=bootstrap, **TIMEOUTS)
    producer.send(topic, value=None, key=b"tombstone").get(timeout=30)
    producer.send(topic, value=b"v", key=None, headers=[("h1", b"x"), ("h2", b"")]).get(timeout=30)
    producer.send(topic, value=b"ts", timestamp_ms=1_600_000_000_000).get(timeout=30)
    producer.close(timeout=10)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, **TIMEOUTS)
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    got = read(consumer, 3)
    consumer.close()
    assert [(m.key, m.value) for m in got] == [(b"tombstone", None), (None, b"v"), (None, b"ts")]
    assert list(got[1].headers) == [("h1", b"x"), ("h2", b"")]
    assert got[2].timestamp == 1_600_000_000_000


@pytest.mark.parametrize("api_version", [(0, 10, 0), None], ids=["v0.10.0", "auto"])
def test_gzip(bootstrap, api_version):
    topic = unique_topic("kpygz")
    kw = dict(bootstrap_servers=bootstrap, **TIMEOUTS)
    if api_version is not None:
        kw["api_version"] = api_version
    producer = KafkaProducer(compression_type="gzip", linger_ms=20, **kw)
    values = [(b"%06d-" % i) * 50 for i in range(500)]
    for v in values:
        producer.send(topic, v)
    producer.flush(timeout=60)
    producer.close(timeout=10)
    consumer = KafkaConsumer(topic, auto_offset_reset="earliest", **kw)
    got = [m.value for m in read(consumer, len(values))]
    consumer.close()
    assert got == values


def test_offsets_api(bootstrap):
    topic = unique_topic("kpyoff")
    producer = KafkaProducer(bootstrap_servers=bootstrap, **TIMEOUTS)
    for i in range(50):
        producer.send(topic, b"x%d" % i, timestamp_ms=1_700_000_000_000 + i * 1000)
    producer.flush(timeout=30)
    producer.close(timeout=10)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, **TIMEOUTS)
    try:
        tp = TopicPartition(topic, 0)
        assert consumer.beginning_offsets([tp])[tp] == 0
        assert consumer.end_offsets([tp])[tp] == 50
        found = consumer.offsets_for_times({tp: 1_700_000_000_000 + 20_500})
        assert found[tp].offset == 21
    finally:
        consumer.close()

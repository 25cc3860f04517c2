"""The kafka_broker fixture with real clients: kafka-python and
confluent-kafka produce and consume through the embedded broker, and what
they write is visible through the engine API (and the reverse).  Consumer
group tests run when the broker offers the group APIs."""

import time

import pytest

from chronik.testing import EmbeddedBroker
from conftest import supports_groups

kafka = pytest.importorskip("kafka")
confluent_kafka = pytest.importorskip("confluent_kafka")


def need_groups(broker):
    if not supports_groups(broker.port):
        pytest.skip("this build's Kafka listener has no consumer group APIs")


def kp_consume(bs, topic, n, **kw):
    consumer = kafka.KafkaConsumer(bootstrap_servers=bs, consumer_timeout_ms=15000, **kw)
    try:
        if kw.get("group_id"):
            consumer.subscribe([topic])
        else:
            consumer.assign([kafka.TopicPartition(topic, 0)])
            consumer.seek_to_beginning()
        got = []
        for msg in consumer:
            got.append(msg)
            if len(got) == n:
                break
        if kw.get("group_id"):
            consumer.commit()
        return got
    finally:
        consumer.close()


def ck_consume(consumer, n, deadline=30):
    got = []
    end = time.monotonic() + deadline
    while len(got) < n and time.monotonic() < end:
        msg = consumer.poll(0.1)
        if msg is None:
            continue
        assert msg.error() is None, msg.error()
        got.append((msg.key(), msg.value()))
    return got


def test_kafka_python(kafka_broker):
    bs = kafka_broker.bootstrap_servers
    producer = kafka.KafkaProducer(bootstrap_servers=bs)
    for i in range(10):
        producer.send("kp", key=b"k%d" % i, value=b"v%d" % i, headers=[("h", b"%d" % i)])
    producer.flush(timeout=30)
    producer.close(timeout=10)
    got = kp_consume(bs, "kp", 10, auto_offset_reset="earliest")
    assert [(m.key, m.value, m.headers) for m in got] == [(b"k%d" % i, b"v%d" % i, [("h", b"%d" % i)])
                                                          for i in range(10)]
    recs = kafka_broker.engine.fetch("kp", 0, 0)
    assert [r.value for r in recs] == [b"v%d" % i for i in range(10)]
    assert recs[3].headers == [("h", b"3")]


def test_kafka_python_group(kafka_broker):
    need_groups(kafka_broker)
    bs = kafka_broker.bootstrap_servers
    producer = kafka.KafkaProducer(bootstrap_servers=bs)
    for i in range(5):
        producer.send("kpg", value=b"v%d" % i)
    producer.flush(timeout=30)
    producer.close(timeout=10)
    got = kp_consume(bs, "kpg", 5, auto_offset_reset="earliest", group_id="kpg-group")
    assert [m.value for m in got] == [b"v%d" % i for i in range(5)]
    assert kafka_broker.engine.committed_offset("kpg-group", "kpg", 0) == 5


def test_confluent_kafka(kafka_broker):
    bs = kafka_broker.bootstrap_servers
    producer = confluent_kafka.Producer({"bootstrap.servers": bs, "linger.ms": 5})
    for i in range(20):
        producer.produce("ck", key=b"k%d" % i, value=b"v%d" % i)
    assert producer.flush(30) == 0
    consumer = confluent_kafka.Consumer({"bootstrap.servers": bs, "group.id": "ck-assign",
                                         "enable.auto.commit": False})
    try:
        consumer.assign([confluent_kafka.TopicPartition("ck", 0, 0)])
        got = ck_consume(consumer, 20)
    finally:
        consumer.close()
    assert got == [(b"k%d" % i, b"v%d" % i) for i in range(20)]
    assert kafka_broker.engine.offsets("ck", 0) == (0, 20)


def test_confluent_kafka_group(kafka_broker):
    need_groups(kafka_broker)
    bs = kafka_broker.bootstrap_servers
    producer = confluent_kafka.Producer({"bootstrap.servers": bs})
    for i in range(5):
        producer.produce("ckg", value=b"v%d" % i)
    assert producer.flush(30) == 0
    consumer = confluent_kafka.Consumer({"bootstrap.servers": bs, "group.id": "ckg-group",
                                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    try:
        consumer.subscribe(["ckg"])
        got = ck_consume(consumer, 5)
        consumer.commit(asynchronous=False)
    finally:
        consumer.close()
    assert [v for _, v in got] == [b"v%d" % i for i in range(5)]
    assert kafka_broker.engine.committed_offset("ckg-group", "ckg", 0) == 5


def test_engine_writes_client_reads(kafka_broker):
    eng = kafka_broker.engine
    eng.create_topic("direct", partitions=1)
    eng.produce_batch("direct", [(b"a", b"1"), (b"b", b"2")], compression="gzip")
    eng.produce("direct", b"3", headers=[("h", None)])
    got = kp_consume(kafka_broker.bootstrap_servers, "direct", 3)
    assert [(m.key, m.value) for m in got] == [(b"a", b"1"), (b"b", b"2"), (None, b"3")]
    assert got[2].headers == [("h", None)]


@pytest.mark.chronik(num_partitions=3)
def test_marker_config(kafka_broker):
    producer = kafka.KafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    producer.send("auto3", b"x").get(timeout=30)
    producer.close(timeout=10)
    assert kafka_broker.engine.partitions("auto3") == 3


def test_session_broker(kafka_broker_session):
    kafka_broker_session.engine.create_topic("session-topic")
    assert "session-topic" in kafka_broker_session.engine.topics()


def test_two_brokers_isolated():
    with EmbeddedBroker() as a, EmbeddedBroker() as b:
        assert a.port != b.port and a.data_dir != b.data_dir
        a.engine.create_topic("only-a")
        assert b.engine.topics() == []

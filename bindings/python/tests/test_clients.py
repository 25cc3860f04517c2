"""The kafka_broker fixture with real clients: kafka-python and
confluent-kafka produce and consume through the embedded broker, and what
they write is visible through the engine API (and the reverse)."""

import pytest

from chronik.testing import EmbeddedBroker

kafka = pytest.importorskip("kafka")
confluent_kafka = pytest.importorskip("confluent_kafka")


def test_kafka_python(kafka_broker):
    producer = kafka.KafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    for i in range(10):
        producer.send("kp", key=b"k%d" % i, value=b"v%d" % i, headers=[("h", b"%d" % i)])
    producer.flush(timeout=30)
    producer.close()
    consumer = kafka.KafkaConsumer("kp", bootstrap_servers=kafka_broker.bootstrap_servers,
                                   auto_offset_reset="earliest", group_id="kp-group",
                                   consumer_timeout_ms=15000)
    got = []
    for msg in consumer:
        got.append((msg.key, msg.value, msg.headers))
        if len(got) == 10:
            break
    consumer.commit()
    consumer.close()
    assert got == [(b"k%d" % i, b"v%d" % i, [("h", b"%d" % i)]) for i in range(10)]
    recs = kafka_broker.engine.fetch("kp", 0, 0)
    assert [r.value for r in recs] == [b"v%d" % i for i in range(10)]
    assert kafka_broker.engine.committed_offset("kp-group", "kp", 0) == 10


def test_confluent_kafka(kafka_broker):
    bs = kafka_broker.bootstrap_servers
    producer = confluent_kafka.Producer({"bootstrap.servers": bs, "linger.ms": 5})
    for i in range(20):
        producer.produce("ck", key=b"k%d" % i, value=b"v%d" % i)
    assert producer.flush(30) == 0
    consumer = confluent_kafka.Consumer({"bootstrap.servers": bs, "group.id": "ck-group",
                                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe(["ck"])
    got = []
    try:
        for _ in range(300):
            msg = consumer.poll(0.1)
            if msg is None:
                continue
            assert msg.error() is None, msg.error()
            got.append((msg.key(), msg.value()))
            if len(got) == 20:
                break
        consumer.commit(asynchronous=False)
    finally:
        consumer.close()
    assert got == [(b"k%d" % i, b"v%d" % i) for i in range(20)]
    assert kafka_broker.engine.offsets("ck", 0) == (0, 20)


def test_engine_writes_client_reads(kafka_broker):
    eng = kafka_broker.engine
    eng.create_topic("direct", partitions=1)
    eng.produce_batch("direct", [(b"a", b"1"), (b"b", b"2")], compression="lz4")
    consumer = confluent_kafka.Consumer({"bootstrap.servers": kafka_broker.bootstrap_servers,
                                         "group.id": "direct-group", "auto.offset.reset": "earliest"})
    consumer.assign([confluent_kafka.TopicPartition("direct", 0, 0)])
    got = []
    try:
        for _ in range(300):
            msg = consumer.poll(0.1)
            if msg is not None and msg.error() is None:
                got.append((msg.key(), msg.value()))
            if len(got) == 2:
                break
    finally:
        consumer.close()
    assert got == [(b"a", b"1"), (b"b", b"2")]


@pytest.mark.chronik(num_partitions=3)
def test_marker_config(kafka_broker):
    producer = kafka.KafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    producer.send("auto3", b"x").get(timeout=30)
    producer.close()
    assert kafka_broker.engine.partitions("auto3") == 3


def test_two_brokers_isolated():
    with EmbeddedBroker() as a, EmbeddedBroker() as b:
        assert a.port != b.port and a.data_dir != b.data_dir
        a.engine.create_topic("only-a")
        assert b.engine.topics() == []

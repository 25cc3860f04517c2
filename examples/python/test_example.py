"""A test that needs a real Kafka broker gets one in-process.

With the chronik package installed, the `kafka_broker` fixture is available
to every pytest run (or enable it with `pytest -p chronik.pytest_plugin`).
Each test gets a fresh broker on a free port in a temporary directory.
"""

from kafka import KafkaConsumer, KafkaProducer, TopicPartition


def test_produce_and_consume(kafka_broker):
    producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    for word in (b"alpha", b"beta", b"gamma"):
        producer.send("words", key=word[:1], value=word)
    producer.flush(timeout=30)
    producer.close(timeout=10)

    consumer = KafkaConsumer(bootstrap_servers=kafka_broker.bootstrap_servers, consumer_timeout_ms=10000)
    consumer.assign([TopicPartition("words", 0)])
    consumer.seek_to_beginning()
    values = []
    for msg in consumer:
        values.append(msg.value)
        if len(values) == 3:
            break
    consumer.close()
    assert values == [b"alpha", b"beta", b"gamma"]

    # The same log, read directly through the engine, without a client.
    records = kafka_broker.engine.fetch("words", 0, 0)
    assert [(r.key, r.value) for r in records] == [(b"a", b"alpha"), (b"b", b"beta"), (b"g", b"gamma")]

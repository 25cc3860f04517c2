"""Small bounded helpers around confluent-kafka (librdkafka) and kafka-python
used by several test files: produce a list of messages and collect the
delivery reports, consume a partition from an offset until a count or a
deadline, create topics."""

import time

import pytest

ck = pytest.importorskip("confluent_kafka")
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402


def producer(bootstrap, **conf):
    c = {"bootstrap.servers": bootstrap, "message.timeout.ms": 30000, "socket.timeout.ms": 10000,
         "linger.ms": 5}
    c.update({k.replace("_", "."): v for k, v in conf.items()})
    return ck.Producer(c)


def produce_all(p, topic, messages, partition=0, timeout=60):
    """messages: dicts with value/key/headers/timestamp.  Returns the delivery
    reports in produce order as (error, offset, msg) tuples."""
    reports = [None] * len(messages)

    def cb(idx):
        def on_delivery(err, msg):
            reports[idx] = (err, msg.offset() if err is None else None, msg)
        return on_delivery

    for i, m in enumerate(messages):
        kw = {k: v for k, v in m.items() if k in ("value", "key", "headers", "timestamp")}
        while True:
            try:
                p.produce(topic, partition=partition, on_delivery=cb(i), **kw)
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    left = p.flush(timeout)
    assert left == 0, "%d messages still in flight after %ss" % (left, timeout)
    assert all(r is not None for r in reports), "missing delivery reports"
    return reports


def consumer(bootstrap, **conf):
    c = {"bootstrap.servers": bootstrap, "group.id": "chronik-it", "enable.auto.commit": False,
         "enable.auto.offset.store": False, "auto.offset.reset": "earliest", "socket.timeout.ms": 10000,
         "enable.partition.eof": False}
    c.update({k.replace("_", "."): v for k, v in conf.items()})
    return ck.Consumer(c)


def consume(bootstrap, topic, count, partition=0, offset=None, timeout=60, **conf):
    """Reads `count` messages of topic/partition from offset (default: the
    beginning) with an assigned (groupless) consumer; returns Message objects
    (fewer if the deadline passes)."""
    c = consumer(bootstrap, **conf)
    out = []
    try:
        start = ck.OFFSET_BEGINNING if offset is None else offset
        c.assign([ck.TopicPartition(topic, partition, start)])
        deadline = time.monotonic() + timeout
        while len(out) < count and time.monotonic() < deadline:
            for m in c.consume(num_messages=min(1000, count - len(out)), timeout=0.5):
                if m.error():
                    if m.error().code() == ck.KafkaError._PARTITION_EOF:
                        continue
                    raise AssertionError("consume error: %s" % m.error())
                out.append(m)
    finally:
        c.close()
    return out


def watermarks(bootstrap, topic, partition=0, timeout=10):
    """(log start offset, high watermark) of topic/partition."""
    c = consumer(bootstrap)
    try:
        return c.get_watermark_offsets(ck.TopicPartition(topic, partition), timeout=timeout)
    finally:
        c.close()


def admin(bootstrap):
    return AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 10000})


def create_topic(bootstrap, topic, partitions=1, config=None, timeout=30):
    a = admin(bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1, config=config or {})],
                         operation_timeout=timeout, request_timeout=timeout)
    fs[topic].result(timeout)
    wait_topic(a, topic, partitions, timeout)


def wait_topic(a, topic, partitions=None, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        md = a.list_topics(topic=topic, timeout=10)
        t = md.topics.get(topic)
        if t is not None and t.error is None and (partitions is None or len(t.partitions) == partitions):
            return t
        if time.monotonic() > deadline:
            raise AssertionError("topic %s not visible in metadata: %r" % (topic, t and t.error))
        time.sleep(0.1)

"""Admin operations through confluent-kafka's AdminClient and kafka-python's
KafkaAdminClient: create/delete topics, add partitions, describe and alter
configs."""

import time

import pytest

from clients import admin, ck, consume, produce_all, producer, wait_topic
from confluent_kafka.admin import ConfigResource, ConfigSource, NewPartitions, NewTopic
from conftest import unique_topic

T = 30


def topic_names(a):
    return set(a.list_topics(timeout=10).topics)


def wait_gone(a, topic, timeout=T):
    deadline = time.monotonic() + timeout
    while topic in topic_names(a):
        assert time.monotonic() < deadline, "%s still listed after delete" % topic
        time.sleep(0.1)


# -- confluent-kafka ------------------------------------------------------------

def test_confluent_create_list_delete(bootstrap):
    a = admin(bootstrap)
    names = [unique_topic("adm") for _ in range(3)]
    fs = a.create_topics([NewTopic(n, num_partitions=i + 1, replication_factor=1) for i, n in enumerate(names)],
                         operation_timeout=T, request_timeout=T)
    for n, f in fs.items():
        f.result(T)
    for i, n in enumerate(names):
        t = wait_topic(a, n, i + 1)
        for pid, pm in t.partitions.items():
            assert pm.leader >= 0 and list(pm.replicas) == [pm.leader], pm
    assert set(names) <= topic_names(a)

    # Creating one again fails with TOPIC_ALREADY_EXISTS.
    fs = a.create_topics([NewTopic(names[0], 1, 1)], request_timeout=T)
    with pytest.raises(ck.KafkaException) as exc:
        fs[names[0]].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.TOPIC_ALREADY_EXISTS

    fs = a.delete_topics(names[:2], operation_timeout=T, request_timeout=T)
    for f in fs.values():
        f.result(T)
    for n in names[:2]:
        wait_gone(a, n)
    assert names[2] in topic_names(a)

    fs = a.delete_topics([unique_topic("never")], request_timeout=T)
    with pytest.raises(ck.KafkaException) as exc:
        list(fs.values())[0].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.UNKNOWN_TOPIC_OR_PART


def test_confluent_invalid_topics(bootstrap):
    a = admin(bootstrap)
    for bad, code in (("bad/name", ck.KafkaError.TOPIC_EXCEPTION),
                      ("x" * 250, ck.KafkaError.TOPIC_EXCEPTION)):
        fs = a.create_topics([NewTopic(bad, 1, 1)], request_timeout=T)
        with pytest.raises(ck.KafkaException) as exc:
            fs[bad].result(T)
        assert exc.value.args[0].code() == code, exc.value
    n = unique_topic("badcfg")
    fs = a.create_topics([NewTopic(n, 1, 1, config={"retention.ms": "not-a-number"})], request_timeout=T)
    with pytest.raises(ck.KafkaException) as exc:
        fs[n].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_CONFIG, exc.value


def test_confluent_validate_only(bootstrap):
    a = admin(bootstrap)
    n = unique_topic("valonly")
    fs = a.create_topics([NewTopic(n, 2, 1)], validate_only=True, request_timeout=T)
    fs[n].result(T)
    assert n not in topic_names(a)


def test_confluent_create_partitions(bootstrap):
    a = admin(bootstrap)
    n = unique_topic("parts")
    a.create_topics([NewTopic(n, 1, 1)], request_timeout=T)[n].result(T)
    wait_topic(a, n, 1)
    a.create_partitions([NewPartitions(n, 4)], request_timeout=T)[n].result(T)
    wait_topic(a, n, 4)
    with pytest.raises(ck.KafkaException) as exc:
        a.create_partitions([NewPartitions(n, 2)], request_timeout=T)[n].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_PARTITIONS
    # The new partitions take writes and reads.
    p = producer(bootstrap)
    for part in range(4):
        reports = produce_all(p, n, [{"value": b"p%d" % part}], partition=part)
        assert reports[0][0] is None and reports[0][1] == 0
    for part in range(4):
        assert [m.value() for m in consume(bootstrap, n, 1, partition=part)] == [b"p%d" % part]


def describe(a, topic):
    res = ConfigResource("topic", topic)
    return a.describe_configs([res], request_timeout=T)[res].result(T)


def test_confluent_configs(bootstrap):
    a = admin(bootstrap)
    n = unique_topic("cfg")
    a.create_topics([NewTopic(n, 1, 1, config={"retention.ms": "3600000", "cleanup.policy": "delete"})],
                    request_timeout=T)[n].result(T)
    wait_topic(a, n)
    cfg = describe(a, n)
    assert cfg["retention.ms"].value == "3600000"
    assert not cfg["retention.ms"].is_default
    src = cfg["retention.ms"].source
    assert getattr(src, "value", src) == ConfigSource.DYNAMIC_TOPIC_CONFIG.value, src
    assert "segment.bytes" in cfg and cfg["segment.bytes"].value  # a default is described too
    assert "max.message.bytes" in cfg

    res = ConfigResource("topic", n, set_config={"retention.ms": "7200000", "segment.bytes": "1048576"})
    a.alter_configs([res], request_timeout=T)[res].result(T)
    cfg = describe(a, n)
    assert cfg["retention.ms"].value == "7200000"
    assert cfg["segment.bytes"].value == "1048576"

    bad = ConfigResource("topic", n, set_config={"retention.ms": "soon"})
    with pytest.raises(ck.KafkaException) as exc:
        a.alter_configs([bad], request_timeout=T)[bad].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_CONFIG
    assert describe(a, n)["retention.ms"].value == "7200000"


def test_confluent_broker_configs(bootstrap):
    a = admin(bootstrap)
    md = a.list_topics(timeout=10)
    broker_id = next(iter(md.brokers))
    res = ConfigResource("broker", str(broker_id))
    cfg = a.describe_configs([res], request_timeout=T)[res].result(T)
    assert "message.max.bytes" in cfg
    assert "auto.create.topics.enable" in cfg


def test_confluent_seed_feature_configs_accepted(bootstrap):
    a = admin(bootstrap)
    n = unique_topic("feat")
    a.create_topics([NewTopic(n, 1, 1, config={"columnar.enabled": "true", "searchable.enabled": "true"})],
                    request_timeout=T)[n].result(T)
    wait_topic(a, n)
    cfg = describe(a, n)
    assert cfg["columnar.enabled"].value == "true"
    assert cfg["searchable.enabled"].value == "true"


# -- kafka-python ------------------------------------------------------------------

kadmin = pytest.importorskip("kafka.admin")


def test_kafka_python_admin(bootstrap):
    from kafka.admin import ConfigResource as KConfigResource, ConfigResourceType, KafkaAdminClient
    from kafka.admin import NewPartitions as KNewPartitions, NewTopic as KNewTopic
    from kafka.errors import TopicAlreadyExistsError
    ka = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=20000, api_version_auto_timeout_ms=10000)
    try:
        n = unique_topic("kpadm")
        resp = ka.create_topics([KNewTopic(n, num_partitions=2, replication_factor=1,
                                           topic_configs={"retention.ms": "600000"})], timeout_ms=20000)
        assert all(e[1] == 0 for e in resp.topic_errors), resp
        assert n in ka.list_topics()
        with pytest.raises(TopicAlreadyExistsError):
            ka.create_topics([KNewTopic(n, 1, 1)], timeout_ms=20000)

        ka.create_partitions({n: KNewPartitions(total_count=3)}, timeout_ms=20000)
        desc = ka.describe_topics([n])
        assert len(desc[0]["partitions"]) == 3

        res = ka.describe_configs([KConfigResource(ConfigResourceType.TOPIC, n)])
        entries = {e[0]: e[1] for e in res[0].resources[0][4]}
        assert entries["retention.ms"] == "600000"
        ka.alter_configs([KConfigResource(ConfigResourceType.TOPIC, n, configs={"retention.ms": "1200000"})])
        res = ka.describe_configs([KConfigResource(ConfigResourceType.TOPIC, n)])
        entries = {e[0]: e[1] for e in res[0].resources[0][4]}
        assert entries["retention.ms"] == "1200000"

        resp = ka.delete_topics([n], timeout_ms=20000)
        assert all(e[1] == 0 for e in resp.topic_error_codes), resp
        deadline = time.monotonic() + T
        while n in ka.list_topics():
            assert time.monotonic() < deadline
            time.sleep(0.1)
        cluster = ka.describe_cluster()
        assert len(cluster["brokers"]) == 1
    finally:
        ka.close()

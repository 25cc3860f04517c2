"""Topic and broker configs as Kafka clients see them.

Every Kafka 4.0 topic config (plus ours: columnar.*, searchable.*, vector.*)
is accepted by CreateTopics, described with its default, source, synonyms,
type and documentation, altered with AlterConfigs and
IncrementalAlterConfigs, and refused with INVALID_CONFIG naming the key when
Kafka would refuse the value.  Dynamic broker configs are altered on the
broker resource ("" and the node id), followed by topics without an
override, and survive a restart.

Clients: confluent-kafka's AdminClient (Debian python3-confluent-kafka) and
kafka-python's KafkaAdminClient; requests these versions of the clients do
not send (DescribeConfigs v3 with documentation and config types,
IncrementalAlterConfigs) go through kafka-python's connection with their
schemas declared here; kcat -L lists a topic created with configs.
"""

import os
import shutil
import subprocess

import pytest

ck = pytest.importorskip("confluent_kafka")
from confluent_kafka.admin import ConfigResource, ConfigSource, NewTopic  # noqa: E402

from clients import admin, create_topic, wait_topic  # noqa: E402
from conftest import REPO, unique_topic  # noqa: E402

T = 30

# Kafka's DescribeConfigs sources.
DYNAMIC_TOPIC, DYNAMIC_BROKER, DYNAMIC_DEFAULT, STATIC_BROKER, DEFAULT = 1, 2, 3, 4, 5

# name -> (Kafka 4.0 default, broker synonym or None, DescribeConfigs type,
#          a valid non-default value, a value Kafka refuses)
TOPIC_KEYS = {
    "cleanup.policy": ("delete", "log.cleanup.policy", 7, "compact", "shred"),
    "compression.type": ("producer", "compression.type", 2, "zstd", "brotli"),
    "compression.gzip.level": ("-1", "compression.gzip.level", 3, "6", "0"),
    "compression.lz4.level": ("9", "compression.lz4.level", 3, "4", "18"),
    "compression.zstd.level": ("3", "compression.zstd.level", 3, "10", "23"),
    "delete.retention.ms": ("86400000", "log.cleaner.delete.retention.ms", 5, "1000", "-1"),
    "file.delete.delay.ms": ("60000", "log.segment.delete.delay.ms", 5, "5", "-1"),
    "flush.messages": ("9223372036854775807", "log.flush.interval.messages", 5, "100", "0"),
    "flush.ms": ("9223372036854775807", "log.flush.interval.ms", 5, "1000", "-1"),
    "follower.replication.throttled.replicas": ("", None, 7, "0:1,1:1", "0-1"),
    "leader.replication.throttled.replicas": ("", None, 7, "*", "*,0:1"),
    "index.interval.bytes": ("4096", "log.index.interval.bytes", 3, "8192", "-1"),
    "local.retention.bytes": ("-2", "log.local.retention.bytes", 5, "1000000", "-3"),
    "local.retention.ms": ("-2", "log.local.retention.ms", 5, "60000", "-3"),
    "max.compaction.lag.ms": ("9223372036854775807", "log.cleaner.max.compaction.lag.ms", 5, "600000", "0"),
    "max.message.bytes": ("1048588", "message.max.bytes", 3, "2000000", "2147483648"),
    "message.downconversion.enable": ("true", "log.message.downconversion.enable", 1, "false", "maybe"),
    "message.timestamp.after.max.ms": ("3600000", "log.message.timestamp.after.max.ms", 5, "7200000", "-1"),
    "message.timestamp.before.max.ms": ("9223372036854775807", "log.message.timestamp.before.max.ms", 5,
                                        "86400000", "-1"),
    "message.timestamp.difference.max.ms": ("9223372036854775807", "log.message.timestamp.difference.max.ms", 5,
                                            "86400000", "-1"),
    "message.timestamp.type": ("CreateTime", "log.message.timestamp.type", 2, "LogAppendTime", "WallTime"),
    "min.cleanable.dirty.ratio": ("0.5", "log.cleaner.min.cleanable.ratio", 6, "0.25", "1.5"),
    "min.compaction.lag.ms": ("0", "log.cleaner.min.compaction.lag.ms", 5, "1000", "-1"),
    "min.insync.replicas": ("1", "min.insync.replicas", 3, "1", "0"),
    "preallocate": ("false", "log.preallocate", 1, "true", "yes"),
    "remote.storage.enable": ("false", None, 1, "false", "yes"),
    "retention.bytes": ("-1", "log.retention.bytes", 5, "1073741824", "lots"),
    "retention.ms": ("604800000", "log.retention.ms", 5, "3600000", "-2"),
    "segment.bytes": ("1073741824", "log.segment.bytes", 3, "1048576", "13"),
    "segment.index.bytes": ("10485760", "log.index.size.max.bytes", 3, "4096", "3"),
    "segment.jitter.ms": ("0", "log.roll.jitter.ms", 5, "1000", "-1"),
    "segment.ms": ("604800000", "log.roll.ms", 5, "3600000", "0"),
    "unclean.leader.election.enable": ("false", "unclean.leader.election.enable", 1, "true", "sometimes"),
    "columnar.enabled": ("false", None, 1, "true", "on"),
    "searchable.enabled": ("false", None, 1, "true", "on"),
    "vector.enabled": ("false", None, 1, "true", "on"),
}

# Broker keys Kafka lets AlterConfigs change at runtime (a sample) and some it keeps read-only.
DYNAMIC_BROKER_KEYS = ["log.retention.ms", "log.retention.bytes", "log.segment.bytes", "log.roll.ms",
                       "message.max.bytes", "num.partitions", "log.cleanup.policy", "compression.type",
                       "log.message.timestamp.type", "log.message.timestamp.before.max.ms",
                       "log.message.timestamp.after.max.ms", "log.cleaner.delete.retention.ms",
                       "compression.zstd.level", "min.insync.replicas"]
READ_ONLY_BROKER_KEYS = ["data.dir", "node.id", "auto.create.topics.enable", "log.retention.check.interval.ms"]


def src(entry):
    s = entry.source
    return getattr(s, "value", s)


def describe_topic(a, topic):
    res = ConfigResource("topic", topic)
    return a.describe_configs([res], request_timeout=T)[res].result(T)


def describe_broker(a, name):
    res = ConfigResource("broker", name)
    return a.describe_configs([res], request_timeout=T)[res].result(T)


def node_id(a):
    return next(iter(a.list_topics(timeout=10).brokers))


# -- kafka-python: a connection, and the requests its 2.0 release lacks ------------

kadmin = pytest.importorskip("kafka.admin")
from kafka.protocol.api import Request, Response  # noqa: E402
from kafka.protocol.types import Array, Boolean, Int8, Int16, Int32, Schema, String  # noqa: E402


class DescribeConfigsResponse_v3(Response):
    API_KEY = 32
    API_VERSION = 3
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("results", Array(
            ("error_code", Int16),
            ("error_message", String("utf-8")),
            ("resource_type", Int8),
            ("resource_name", String("utf-8")),
            ("configs", Array(
                ("name", String("utf-8")),
                ("value", String("utf-8")),
                ("read_only", Boolean),
                ("config_source", Int8),
                ("is_sensitive", Boolean),
                ("synonyms", Array(
                    ("name", String("utf-8")),
                    ("value", String("utf-8")),
                    ("source", Int8))),
                ("config_type", Int8),
                ("documentation", String("utf-8")))))))


class DescribeConfigsRequest_v3(Request):
    API_KEY = 32
    API_VERSION = 3
    RESPONSE_TYPE = DescribeConfigsResponse_v3
    SCHEMA = Schema(
        ("resources", Array(
            ("resource_type", Int8),
            ("resource_name", String("utf-8")),
            ("configuration_keys", Array(String("utf-8"))))),
        ("include_synonyms", Boolean),
        ("include_documentation", Boolean))


class IncrementalAlterConfigsResponse_v0(Response):
    API_KEY = 44
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("responses", Array(
            ("error_code", Int16),
            ("error_message", String("utf-8")),
            ("resource_type", Int8),
            ("resource_name", String("utf-8")))))


class IncrementalAlterConfigsRequest_v0(Request):
    API_KEY = 44
    API_VERSION = 0
    RESPONSE_TYPE = IncrementalAlterConfigsResponse_v0
    SCHEMA = Schema(
        ("resources", Array(
            ("resource_type", Int8),
            ("resource_name", String("utf-8")),
            ("configs", Array(
                ("name", String("utf-8")),
                ("config_operation", Int8),
                ("value", String("utf-8")))))),
        ("validate_only", Boolean))


SET, DELETE, APPEND, SUBTRACT = 0, 1, 2, 3
TOPIC, BROKER = 2, 4


@pytest.fixture
def kp(server):
    from kafka.admin import KafkaAdminClient
    ka = KafkaAdminClient(bootstrap_servers=server.bootstrap, request_timeout_ms=20000,
                          api_version_auto_timeout_ms=10000)
    yield ka
    ka.close()


def kp_call(ka, request):
    node = ka._client.least_loaded_node()
    fut = ka._send_request_to_node(node, request)
    ka._wait_for_futures([fut])
    return fut.value


def incremental(ka, rtype, name, ops, validate_only=False):
    """ops: [(key, op, value)]; returns (error_code, error_message)."""
    resp = kp_call(ka, IncrementalAlterConfigsRequest_v0(resources=[(rtype, name, list(ops))],
                                                          validate_only=validate_only))
    assert len(resp.responses) == 1
    code, msg, rt, rn = resp.responses[0]
    assert (rt, rn) == (rtype, name)
    return code, msg


def describe_v3(ka, rtype, name, keys=None):
    """{name: (value, read_only, source, sensitive, [(syn, value, source)], type, doc)}"""
    resp = kp_call(ka, DescribeConfigsRequest_v3(resources=[(rtype, name, keys)], include_synonyms=True,
                                                 include_documentation=True))
    code, msg, rt, rn, configs = resp.results[0]
    assert code == 0, msg
    return {c[0]: c[1:] for c in configs}


# -- topics -------------------------------------------------------------------------

def test_defaults_sources_synonyms_types_docs(server_factory):
    """Every key with Kafka's default; a broker setting given at start shows
    as STATIC_BROKER_CONFIG on the broker and on topics without override."""
    srv = server_factory(conf={"log.retention.ms": "86400000"})
    a = admin(srv.bootstrap)
    n = unique_topic("defaults")
    create_topic(srv.bootstrap, n)
    cfg = describe_topic(a, n)
    for key, (default, syn, _, _, _) in TOPIC_KEYS.items():
        assert key in cfg, key
        want = "86400000" if key == "retention.ms" else default
        assert cfg[key].value == want, (key, cfg[key].value)
        assert src(cfg[key]) == (STATIC_BROKER if key == "retention.ms" else DEFAULT), key
        assert not cfg[key].is_read_only and not cfg[key].is_sensitive, key

    from kafka.admin import KafkaAdminClient
    ka = KafkaAdminClient(bootstrap_servers=srv.bootstrap, request_timeout_ms=20000, api_version_auto_timeout_ms=10000)
    try:
        d = describe_v3(ka, TOPIC, n)
        for key, (default, syn, ctype, _, _) in TOPIC_KEYS.items():
            value, read_only, source, sensitive, synonyms, config_type, doc = d[key]
            assert config_type == ctype, (key, config_type)
            assert doc, key
            if syn is None:
                assert synonyms == [], (key, synonyms)
            else:
                assert [s[0] for s in synonyms] == [syn] * len(synonyms) and synonyms, (key, synonyms)
                assert synonyms[-1][2] == DEFAULT, (key, synonyms)
        assert d["retention.ms"][4] == [("log.retention.ms", "86400000", STATIC_BROKER),
                                        ("log.retention.ms", "604800000", DEFAULT)]
        # kafka-python's own DescribeConfigs (v1/v2) with synonyms.
        res = ka.describe_configs([kadmin.ConfigResource(kadmin.ConfigResourceType.TOPIC, n)], include_synonyms=True)
        entries = {e[0]: e for e in res[0].resources[0][4]}
        assert entries["retention.ms"][1] == "86400000"
        assert entries["retention.ms"][3] == STATIC_BROKER
        assert entries["delete.retention.ms"][1] == "86400000"
        assert entries["delete.retention.ms"][3] == DEFAULT
    finally:
        ka.close()


def test_create_with_every_config_and_list_with_kcat(server):
    a = admin(server.bootstrap)
    n = unique_topic("every")
    config = {k: v[3] for k, v in TOPIC_KEYS.items()}
    a.create_topics([NewTopic(n, 2, 1, config=config)], request_timeout=T)[n].result(T)
    wait_topic(a, n, 2)
    cfg = describe_topic(a, n)
    for key, value in config.items():
        assert cfg[key].value == value, (key, cfg[key].value)
        assert src(cfg[key]) == DYNAMIC_TOPIC, key
        assert not cfg[key].is_default, key

    kcat = shutil.which("kcat") or shutil.which("kafkacat")
    if kcat:
        p = subprocess.run([kcat, "-L", "-b", server.bootstrap, "-t", n], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=T)
        assert p.returncode == 0, p.stderr
        out = p.stdout.decode()
        assert 'topic "%s" with 2 partitions' % n in out, out
    from kafka import KafkaConsumer
    c = KafkaConsumer(bootstrap_servers=server.bootstrap, api_version_auto_timeout_ms=10000)
    try:
        assert c.partitions_for_topic(n) == {0, 1}
    finally:
        c.close()


@pytest.mark.parametrize("key", sorted(TOPIC_KEYS))
def test_invalid_value_refused_naming_the_key(bootstrap, key):
    a = admin(bootstrap)
    n = unique_topic("bad")
    bad = TOPIC_KEYS[key][4]
    with pytest.raises(ck.KafkaException) as exc:
        a.create_topics([NewTopic(n, 1, 1, config={key: bad})], request_timeout=T)[n].result(T)
    err = exc.value.args[0]
    assert err.code() == ck.KafkaError.INVALID_CONFIG, err
    assert key in err.str(), err.str()
    assert n not in a.list_topics(timeout=10).topics


def test_conflicting_values_refused(bootstrap):
    """Kafka's checks across keys: min.compaction.lag.ms <= max.compaction.lag.ms."""
    a = admin(bootstrap)
    n = unique_topic("lag")
    with pytest.raises(ck.KafkaException) as exc:
        a.create_topics([NewTopic(n, 1, 1, config={"min.compaction.lag.ms": "5000",
                                                   "max.compaction.lag.ms": "1000"})],
                        request_timeout=T)[n].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_CONFIG
    assert "min.compaction.lag.ms" in exc.value.args[0].str()


def test_unknown_topic_config_refused(bootstrap):
    a = admin(bootstrap)
    n = unique_topic("unknown")
    with pytest.raises(ck.KafkaException) as exc:
        a.create_topics([NewTopic(n, 1, 1, config={"retention.days": "7"})], request_timeout=T)[n].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_CONFIG
    assert "retention.days" in exc.value.args[0].str()


def test_alter_configs_round_trip(server, kp):
    a = admin(server.bootstrap)
    n = unique_topic("alter")
    create_topic(server.bootstrap, n, config={"delete.retention.ms": "1000"})
    res = ConfigResource("topic", n, set_config={"min.cleanable.dirty.ratio": "0.75", "segment.jitter.ms": "50",
                                                 "leader.replication.throttled.replicas": "0:1"})
    a.alter_configs([res], request_timeout=T)[res].result(T)
    cfg = describe_topic(a, n)
    assert cfg["min.cleanable.dirty.ratio"].value == "0.75"
    assert cfg["segment.jitter.ms"].value == "50"
    assert cfg["leader.replication.throttled.replicas"].value == "0:1"
    # AlterConfigs replaces every override: delete.retention.ms is back to its default.
    assert cfg["delete.retention.ms"].value == "86400000"
    assert src(cfg["delete.retention.ms"]) == DEFAULT

    bad = ConfigResource("topic", n, set_config={"min.cleanable.dirty.ratio": "1.01"})
    with pytest.raises(ck.KafkaException) as exc:
        a.alter_configs([bad], request_timeout=T)[bad].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_CONFIG
    assert "min.cleanable.dirty.ratio" in exc.value.args[0].str()
    assert describe_topic(a, n)["min.cleanable.dirty.ratio"].value == "0.75"

    # kafka-python's AlterConfigs.
    kp.alter_configs([kadmin.ConfigResource(kadmin.ConfigResourceType.TOPIC, n,
                                            configs={"flush.messages": "5", "preallocate": "true"})])
    cfg = describe_topic(a, n)
    assert cfg["flush.messages"].value == "5"
    assert cfg["preallocate"].value == "true"
    assert cfg["min.cleanable.dirty.ratio"].value == "0.5"


def test_incremental_alter_configs_topic(server, kp):
    a = admin(server.bootstrap)
    n = unique_topic("incr")
    create_topic(server.bootstrap, n, config={"retention.ms": "100000"})
    code, msg = incremental(kp, TOPIC, n, [("delete.retention.ms", SET, "5000"),
                                           ("follower.replication.throttled.replicas", SET, "0:1"),
                                           ("cleanup.policy", APPEND, "compact")])
    assert code == 0, msg
    cfg = describe_topic(a, n)
    assert cfg["delete.retention.ms"].value == "5000"
    assert cfg["retention.ms"].value == "100000"   # kept
    assert cfg["cleanup.policy"].value == "delete,compact"
    assert cfg["follower.replication.throttled.replicas"].value == "0:1"
    code, msg = incremental(kp, TOPIC, n, [("follower.replication.throttled.replicas", APPEND, "1:1"),
                                           ("cleanup.policy", SUBTRACT, "delete"),
                                           ("retention.ms", DELETE, None)])
    assert code == 0, msg
    cfg = describe_topic(a, n)
    assert cfg["follower.replication.throttled.replicas"].value == "0:1,1:1"
    assert cfg["cleanup.policy"].value == "compact"
    assert cfg["retention.ms"].value == "604800000"
    code, msg = incremental(kp, TOPIC, n, [("message.timestamp.after.max.ms", SET, "-5")])
    assert code == ck.KafkaError.INVALID_CONFIG and "message.timestamp.after.max.ms" in msg, (code, msg)
    code, msg = incremental(kp, TOPIC, n, [("segment.ms", APPEND, "5")])
    assert code == ck.KafkaError.INVALID_CONFIG, (code, msg)
    code, msg = incremental(kp, TOPIC, n, [("compression.zstd.level", SET, "19")], validate_only=True)
    assert code == 0, msg
    assert describe_topic(a, n)["compression.zstd.level"].value == "3"


# -- brokers ------------------------------------------------------------------------

def test_broker_describe_every_key(server, kp):
    a = admin(server.bootstrap)
    bid = str(node_id(a))
    cfg = describe_broker(a, bid)
    with open(os.path.join(REPO, "docs", "config.md")) as f:
        doc = f.read()
    broker_part = doc.split("## Topic configuration")[0]
    table_keys = [line.split("`")[1] for line in broker_part.splitlines() if line.startswith("| `")]
    assert sorted(cfg) == sorted(table_keys)
    for key in DYNAMIC_BROKER_KEYS:
        assert not cfg[key].is_read_only, key
        assert src(cfg[key]) == DEFAULT, key
    for key in READ_ONLY_BROKER_KEYS:
        assert cfg[key].is_read_only, key
    assert src(cfg["data.dir"]) == STATIC_BROKER
    assert cfg["log.message.timestamp.after.max.ms"].value == "3600000"
    assert cfg["admin.api.key"].is_sensitive and cfg["admin.api.key"].value is None
    # The cluster default holds nothing until set.
    assert describe_v3(kp, BROKER, "") == {}
    d = describe_v3(kp, BROKER, bid, ["log.cleaner.min.cleanable.ratio", "num.partitions"])
    assert d["log.cleaner.min.cleanable.ratio"][5] == 6
    assert d["num.partitions"][5] == 3
    assert d["num.partitions"][6]


def test_broker_dynamic_configs_followed_and_persisted(server, kp):
    a = admin(server.bootstrap)
    bid = str(node_id(a))
    plain, own = unique_topic("follow"), unique_topic("own")
    create_topic(server.bootstrap, plain)
    create_topic(server.bootstrap, own, config={"retention.ms": "5000"})

    code, msg = incremental(kp, BROKER, "", [("log.retention.ms", SET, "7200000"),
                                             ("log.cleaner.delete.retention.ms", SET, "3600000"),
                                             ("log.message.timestamp.after.max.ms", SET, "60000")])
    assert code == 0, msg
    cfg = describe_topic(a, plain)
    assert cfg["retention.ms"].value == "7200000"
    assert src(cfg["retention.ms"]) == DYNAMIC_DEFAULT
    assert cfg["delete.retention.ms"].value == "3600000"
    assert cfg["message.timestamp.after.max.ms"].value == "60000"
    assert describe_topic(a, own)["retention.ms"].value == "5000"
    d = describe_v3(kp, BROKER, "")
    assert sorted(d) == ["log.cleaner.delete.retention.ms", "log.message.timestamp.after.max.ms", "log.retention.ms"]
    assert d["log.retention.ms"][0] == "7200000"
    assert d["log.retention.ms"][2] == DYNAMIC_DEFAULT
    assert d["log.retention.ms"][4] == [("log.retention.ms", "7200000", DYNAMIC_DEFAULT)]

    # The node's own level wins; synonyms list every level, highest first.
    code, msg = incremental(kp, BROKER, bid, [("log.retention.ms", SET, "1800000")])
    assert code == 0, msg
    b = describe_broker(a, bid)
    assert b["log.retention.ms"].value == "1800000"
    assert src(b["log.retention.ms"]) == DYNAMIC_BROKER
    t = describe_v3(kp, TOPIC, plain, ["retention.ms"])
    assert t["retention.ms"][0] == "1800000"
    assert t["retention.ms"][4] == [("log.retention.ms", "1800000", DYNAMIC_BROKER),
                                    ("log.retention.ms", "7200000", DYNAMIC_DEFAULT),
                                    ("log.retention.ms", "604800000", DEFAULT)]

    # Read-only keys and bad values: INVALID_REQUEST naming the key, as Kafka.
    code, msg = incremental(kp, BROKER, "", [("data.dir", SET, "/tmp/elsewhere")])
    assert code == ck.KafkaError.INVALID_REQUEST and "data.dir" in msg, (code, msg)
    code, msg = incremental(kp, BROKER, "", [("log.retention.ms", SET, "-7")])
    assert code == ck.KafkaError.INVALID_REQUEST and "log.retention.ms" in msg, (code, msg)
    code, msg = incremental(kp, BROKER, "", [("log.segment.bytes", SET, "1000")])   # Kafka 4.0: >= 1 MiB
    assert code == ck.KafkaError.INVALID_REQUEST and "log.segment.bytes" in msg, (code, msg)
    code, msg = incremental(kp, BROKER, str(int(bid) + 1), [("log.retention.ms", SET, "1")])
    assert code == ck.KafkaError.INVALID_REQUEST, (code, msg)

    # confluent-kafka's AlterConfigs on the node replaces that level whole.
    res = ConfigResource("broker", bid, set_config={"num.partitions": "4", "compression.type": "lz4"})
    a.alter_configs([res], request_timeout=T)[res].result(T)
    b = describe_broker(a, bid)
    assert b["num.partitions"].value == "4" and src(b["num.partitions"]) == DYNAMIC_BROKER
    assert b["log.retention.ms"].value == "7200000" and src(b["log.retention.ms"]) == DYNAMIC_DEFAULT
    assert describe_topic(a, plain)["compression.type"].value == "lz4"
    bad = ConfigResource("broker", bid, set_config={"node.id": "5"})
    with pytest.raises(ck.KafkaException) as exc:
        a.alter_configs([bad], request_timeout=T)[bad].result(T)
    assert exc.value.args[0].code() == ck.KafkaError.INVALID_REQUEST
    assert "node.id" in exc.value.args[0].str()

    # A topic created with the default partition count gets the new one.
    n = unique_topic("np")
    a.create_topics([NewTopic(n, -1, -1)], request_timeout=T)[n].result(T)
    assert len(wait_topic(a, n).partitions) == 4

    server.restart()
    a = admin(server.bootstrap)
    b = describe_broker(a, bid)
    assert b["num.partitions"].value == "4" and src(b["num.partitions"]) == DYNAMIC_BROKER
    assert b["log.retention.ms"].value == "7200000" and src(b["log.retention.ms"]) == DYNAMIC_DEFAULT
    cfg = describe_topic(a, plain)
    assert cfg["retention.ms"].value == "7200000"
    assert cfg["compression.type"].value == "lz4"
    assert cfg["message.timestamp.after.max.ms"].value == "60000"
    assert describe_topic(a, own)["retention.ms"].value == "5000"

    # Removing the dynamic values restores the defaults.
    from kafka.admin import KafkaAdminClient
    ka = KafkaAdminClient(bootstrap_servers=server.bootstrap, request_timeout_ms=20000,
                          api_version_auto_timeout_ms=10000)
    try:
        code, msg = incremental(ka, BROKER, "", [("log.retention.ms", DELETE, None),
                                                 ("log.cleaner.delete.retention.ms", DELETE, None),
                                                 ("log.message.timestamp.after.max.ms", DELETE, None)])
        assert code == 0, msg
        code, msg = incremental(ka, BROKER, bid, [("num.partitions", DELETE, None),
                                                  ("compression.type", DELETE, None)])
        assert code == 0, msg
        assert describe_v3(ka, BROKER, "") == {}
    finally:
        ka.close()
    cfg = describe_topic(a, plain)
    assert cfg["retention.ms"].value == "604800000" and src(cfg["retention.ms"]) == DEFAULT
    assert cfg["compression.type"].value == "producer"

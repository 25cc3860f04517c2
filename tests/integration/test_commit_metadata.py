"""Committed-offset metadata is bytes: what a client commits with an offset
(NUL bytes included, null apart from empty) is what OffsetFetch returns,
for simple commits (an assigned consumer: generation -1, no member id),
group members, and transactions (TxnOffsetCommit), across a restart, and
offset.metadata.max.bytes counts bytes.

Clients: librdkafka's C API (c/rdkafka_offsets.c: offsets_store with
metadata, commit, committed(); send_offsets_to_transaction), kafka-python
(commit with OffsetAndMetadata, read with KafkaAdminClient), and sarama
(go/sarama_offsets.go: raw OffsetCommit v0-4 / OffsetFetch v0-5 and the
OffsetManager)."""

import os
import shutil
import subprocess
import time

import pytest

from conftest import HERE, SERVER_BIN, unique_topic
from clients import create_topic

kafka = pytest.importorskip("kafka")
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition  # noqa: E402
from kafka.structs import OffsetAndMetadata  # noqa: E402

RDKAFKA_OFFSETS = os.environ.get("CHRONIK_RDKAFKA_OFFSETS") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(SERVER_BIN))), "tests", "integration", "rdkafka_offsets")
GO = shutil.which("go")
GOCODE = "/usr/share/gocode"
SARAMA = os.path.join(GOCODE, "src", "github.com", "Shopify", "sarama")

HELLO = "Hello\x00world!"          # 12 bytes with a NUL in the middle
STORED = "metadata\x00"            # "metadata" with its terminator: 9 bytes


@pytest.fixture
def topic3(bootstrap):
    t = unique_topic("md")
    create_topic(bootstrap, t, partitions=3)
    return t


def committed(bootstrap, group):
    """{partition: (offset, metadata)} of group, read with kafka-python's admin client."""
    a = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    try:
        return {tp.partition: (om.offset, om.metadata) for tp, om in a.list_consumer_group_offsets(group).items()}
    finally:
        a.close()


def kp_consumer(bootstrap, group, **kw):
    return KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                         request_timeout_ms=20000, session_timeout_ms=10000, heartbeat_interval_ms=1000, **kw)


# -- librdkafka ------------------------------------------------------------

@pytest.mark.skipif(not os.access(RDKAFKA_OFFSETS, os.X_OK),
                    reason="rdkafka_offsets not built (librdkafka-dev missing: tools/install-deps.sh --test)")
@pytest.mark.parametrize("mode", ["assign", "subscribe", "txn"])
def test_rdkafka_commit_metadata(bootstrap, topic3, mode):
    group = unique_topic("rdk-md-" + mode)
    p = subprocess.run([RDKAFKA_OFFSETS, bootstrap, topic3, group, mode], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=150)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0 and out.strip().splitlines()[-1].startswith("ok"), out[-3000:]
    # librdkafka before 2.6.1 keeps committed() metadata only up to its first
    # NUL byte: read the whole bytes with another client.
    got = committed(bootstrap, group)
    assert got[1] == (5, HELLO), got
    assert got[2] == (6, ""), got      # librdkafka sends "" for no metadata
    if "offsets_store drops metadata" not in out:
        assert got[0] == (3, STORED), got


# -- kafka-python ----------------------------------------------------------

@pytest.mark.parametrize("api_version", [None, (0, 10, 0)], ids=["auto", "0.10.0"])
def test_kafka_python_simple_commit_metadata(bootstrap, topic3, api_version):
    group = unique_topic("kp-md")
    kw = {"api_version": api_version} if api_version else {}
    c = kp_consumer(bootstrap, group, **kw)
    try:
        c.assign([TopicPartition(topic3, p) for p in range(3)])
        c.commit({TopicPartition(topic3, 0): OffsetAndMetadata(3, STORED),
                  TopicPartition(topic3, 1): OffsetAndMetadata(5, HELLO),
                  TopicPartition(topic3, 2): OffsetAndMetadata(6, None)})
    finally:
        c.close(autocommit=False)
    assert committed(bootstrap, group) == {0: (3, STORED), 1: (5, HELLO), 2: (6, None)}


def test_kafka_python_member_commit_metadata(bootstrap, topic3):
    group = unique_topic("kp-md-member")
    c = kp_consumer(bootstrap, group)
    try:
        c.subscribe([topic3])
        deadline = time.monotonic() + 60
        while len(c.assignment()) < 3:
            assert time.monotonic() < deadline, "kafka-python got no assignment of 3 partitions in 60 s"
            c.poll(timeout_ms=200)
        c.commit({TopicPartition(topic3, 0): OffsetAndMetadata(7, ""),
                  TopicPartition(topic3, 1): OffsetAndMetadata(8, HELLO),
                  TopicPartition(topic3, 2): OffsetAndMetadata(9, "\x00")})
    finally:
        c.close(autocommit=False)
    assert committed(bootstrap, group) == {0: (7, ""), 1: (8, HELLO), 2: (9, "\x00")}


def test_metadata_bytes_survive_restart(server, topic3):
    group = unique_topic("kp-md-restart")
    c = kp_consumer(server.bootstrap, group)
    try:
        c.assign([TopicPartition(topic3, 0), TopicPartition(topic3, 1)])
        c.commit({TopicPartition(topic3, 0): OffsetAndMetadata(11, HELLO),
                  TopicPartition(topic3, 1): OffsetAndMetadata(12, None)})
    finally:
        c.close(autocommit=False)
    server.restart()
    assert committed(server.bootstrap, group) == {0: (11, HELLO), 1: (12, None)}


def test_metadata_max_bytes_counts_bytes(server_factory):
    srv = server_factory(conf={"offset.metadata.max.bytes": "16"})
    topic = unique_topic("md-max")
    create_topic(srv.bootstrap, topic, partitions=1)
    group = unique_topic("kp-md-max")
    tp = TopicPartition(topic, 0)
    c = kp_consumer(srv.bootstrap, group)
    try:
        c.assign([tp])
        c.commit({tp: OffsetAndMetadata(1, "\x00" * 16)})
        with pytest.raises(kafka.errors.KafkaError) as exc:
            c.commit({tp: OffsetAndMetadata(2, "\x00" * 17)})
        assert getattr(exc.value, "errno", None) == 12, repr(exc.value)     # OFFSET_METADATA_TOO_LARGE
    finally:
        c.close(autocommit=False)
    assert committed(srv.bootstrap, group) == {0: (1, "\x00" * 16)}


# -- sarama ----------------------------------------------------------------

@pytest.fixture(scope="session")
def sarama_offsets(tmp_path_factory):
    if GO is None or not os.path.isdir(SARAMA):
        pytest.skip("go or golang-github-shopify-sarama-dev missing (tools/install-deps.sh --test)")
    out = tmp_path_factory.mktemp("sarama_offsets")
    exe = str(out / "sarama_offsets")
    env = dict(os.environ, GO111MODULE="off", GOPATH="%s:%s" % (GOCODE, out), GOFLAGS="",
               CGO_CFLAGS="-O2 -Wno-deprecated-declarations")
    if not any(env.get(k) for k in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
        env["GOCACHE"] = str(out / "cache")
    p = subprocess.run([GO, "build", "-o", exe, "sarama_offsets.go"], cwd=os.path.join(HERE, "go"), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, "go build failed:\n" + p.stdout.decode(errors="replace")
    return exe


def test_sarama_commit_metadata(bootstrap, topic3, sarama_offsets):
    group = unique_topic("sarama-md")
    p = subprocess.run([sarama_offsets, "-brokers", bootstrap, "-topic", topic3, "-group", group, "-timeout", "90s"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0 and out.strip().endswith("ok"), out[-3000:]

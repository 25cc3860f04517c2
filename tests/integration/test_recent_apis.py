"""APIs of recent clients: ElectLeaders and client telemetry (KIP-714)
through the librdkafka that @confluentinc/kafka-javascript bundles (newer
than Debian's; c/rdkafka_recent.c is compiled against it here), and
DescribeTopicPartitions (KIP-966; sent by Java AdminClients, none of which
is installed) through raw requests: pagination by the partition limit and
the cursor, unknown topics, a cursor naming a topic not asked for."""

import glob
import os
import re
import shutil
import socket
import struct
import subprocess
import urllib.request

import pytest

from conftest import HERE, unique_topic
from kwire import cstr, request, uvarint

DEPS = os.path.join(HERE, "ckjs", "node_modules", "@confluentinc", "kafka-javascript", "build", "deps")
CC = shutil.which("cc")


@pytest.fixture(scope="module")
def recent_client(tmp_path_factory):
    if not glob.glob(os.path.join(DEPS, "librdkafka.so*")) or CC is None:
        pytest.skip("the bundled librdkafka of @confluentinc/kafka-javascript is missing (tools/install-deps.sh --test)")
    out = str(tmp_path_factory.mktemp("rdkafka") / "rdkafka_recent")
    subprocess.run([CC, "-O1", "-Wall", "-Werror", "-o", out, os.path.join(HERE, "c", "rdkafka_recent.c"),
                    "-isystem", os.path.join(DEPS, "include"), "-L", DEPS, "-lrdkafka", "-Wl,-rpath," + DEPS],
                   check=True)
    return out


def run(client, *args, timeout=120):
    p = subprocess.run([client] + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    out = p.stdout.decode()
    assert p.returncode == 0, (out, p.stderr.decode()[-2000:])
    return out.strip().splitlines()


def test_elect_leaders(server, recent_client):
    from clients import create_topic
    topic = unique_topic("elect")
    create_topic(server.bootstrap, topic, partitions=3)
    lines = run(recent_client, "elect", server.bootstrap, topic, 3)
    assert lines[-1] == "ok"
    results = {int(line.split()[1]): line.split()[2] for line in lines[:-1]}
    # One replica per partition: it already leads and is the preferred one.
    assert results == {0: "ELECTION_NOT_NEEDED", 1: "ELECTION_NOT_NEEDED", 2: "ELECTION_NOT_NEEDED",
                       3: "UNKNOWN_TOPIC_OR_PART"}
    lines = run(recent_client, "elect", server.bootstrap, topic, 3, "unclean")
    assert lines[0].endswith("ELECTION_NOT_NEEDED")
    # Every partition (a null list): only partitions whose election ran are listed.
    assert run(recent_client, "elect-all", server.bootstrap) == ["0", "ok"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def telemetry_server(server_factory, **conf):
    http = free_port()
    conf = dict(conf, **{"http.listen": "127.0.0.1:%d" % http})
    srv = server_factory(conf=conf)
    srv.http = http
    return srv


def metrics_text(srv):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % srv.http, timeout=10) as r:
        return r.read().decode()


def test_client_telemetry_in_metrics(server_factory, recent_client):
    srv = telemetry_server(server_factory, **{"client.telemetry.push.interval.ms": "500"})
    topic = unique_topic("tele")
    client_id = "tele-" + topic
    assert run(recent_client, "telemetry", srv.bootstrap, topic, client_id, 4)[-1] == "ok 40"
    text = metrics_text(srv)
    ours = [line for line in text.splitlines()
            if line.startswith("chronik_client_metric{") and 'client_id="%s"' % client_id in line]
    names = {re.search(r'metric="([^"]+)"', line).group(1) for line in ours}
    assert "org.apache.kafka.producer.request.latency.avg" in names, sorted(names)
    assert any(n.startswith("org.apache.kafka.producer.") for n in names)
    pushes = int(re.search(r"^chronik_client_telemetry_pushes_total (\d+)$", text, re.M).group(1))
    assert pushes >= 1
    # Node-level metrics carry their data point attributes.
    assert any('attributes="node.id=' in line for line in ours), ours[:5]
    for line in ours:
        float(line.rsplit(" ", 1)[1])


def test_client_telemetry_off(server_factory, recent_client):
    srv = telemetry_server(server_factory, **{"client.telemetry.metrics": "", "client.telemetry.push.interval.ms": "500"})
    topic = unique_topic("tele-off")
    assert run(recent_client, "telemetry", srv.bootstrap, topic, "quiet-client", 2)[-1] == "ok 20"
    assert 'client_id="quiet-client"' not in metrics_text(srv)


# -- DescribeTopicPartitions (raw requests) ----------------------------------------

def describe_topic_partitions(port, topics, limit=2000, cursor=None):
    body = uvarint(len(topics) + 1) + b"".join(cstr(t) + b"\x00" for t in topics) + struct.pack(">i", limit)
    body += b"\xff" if cursor is None else b"\x01" + cstr(cursor[0]) + struct.pack(">i", cursor[1]) + b"\x00"
    body += b"\x00"
    r = request(port, 75, 0, body)
    r.i32()                                     # throttle
    out = []
    for _ in range(r.uv() - 1):
        err, name, tid = r.i16(), r.str(), r.take(16)
        r.i8()                                  # internal
        parts = []
        for _ in range(r.uv() - 1):
            perr, idx, leader = r.i16(), r.i32(), r.i32()
            r.i32()                             # leader epoch
            replicas, isr = r.i32s(), r.i32s()
            r.i32s(), r.i32s(), r.i32s()        # eligible, last known eligible, offline
            r.tags()
            parts.append((perr, idx, leader, replicas, isr))
        r.i32()                                 # authorized operations
        r.tags()
        out.append((err, name, tid, parts))
    nxt = None
    if r.i8() != -1:
        nxt = (r.str(), r.i32())
        r.tags()
    r.tags()
    return out, nxt


def test_describe_topic_partitions_pages(server):
    from clients import create_topic
    a, b = unique_topic("dtp-a"), unique_topic("dtp-b")
    create_topic(server.bootstrap, a, partitions=5)
    create_topic(server.bootstrap, b, partitions=3)
    topics, nxt = describe_topic_partitions(server.port, [b, a, "missing-" + a])
    assert nxt is None
    assert [(t[0], t[1]) for t in topics] == [(0, a), (0, b), (3, "missing-" + a)]   # name order
    assert [p[1] for p in topics[0][3]] == [0, 1, 2, 3, 4]
    assert all(p[0] == 0 and p[2] == 1 and p[3] == [1] and p[4] == [1] for p in topics[0][3])
    assert topics[2][3] == [] and topics[2][2] == bytes(16)
    # Pages of three partitions, across the topic boundary, following the cursor.
    seen, cursor = [], None
    for _ in range(10):
        page, cursor = describe_topic_partitions(server.port, [a, b], limit=3, cursor=cursor)
        seen += [(t[1], p[1]) for t in page for p in t[3]]
        if cursor is None:
            break
    assert seen == [(a, i) for i in range(5)] + [(b, i) for i in range(3)]
    # A cursor must name a topic that was asked for.
    page, _ = describe_topic_partitions(server.port, [a], cursor=(b, 0))
    assert [(t[0], t[1]) for t in page] == [(42, a)]
    # No topics named: all of them.
    page, _ = describe_topic_partitions(server.port, [])
    assert {a, b} <= {t[1] for t in page}


# -- telemetry: bad pushes (raw requests) -------------------------------------------

def raw(port, api_key, body):
    return request(port, api_key, 0, body)


def subscribe(port):
    r = raw(port, 71, bytes(16) + b"\x00")
    r.i32()
    assert r.i16() == 0
    return r.take(16), r.i32()


def push(port, instance, sub, payload, compression=0, terminating=False):
    body = instance + struct.pack(">i?b", sub, terminating, compression) + uvarint(len(payload) + 1) + payload + b"\x00"
    r = raw(port, 72, body)
    r.i32()
    return r.i16()


def test_bad_telemetry_pushes(server):
    port = server.port
    instance, sub = subscribe(port)
    assert instance != bytes(16)
    assert push(port, bytes(16), sub, b"") == 42                     # INVALID_REQUEST: no instance id
    assert push(port, instance, sub + 1, b"") == 117                 # UNKNOWN_SUBSCRIPTION_ID
    assert push(port, os.urandom(16), sub, b"") == 117               # never subscribed (e.g. before a restart)
    assert push(port, instance, sub, b"\x0a\xff\xff\xff\x0f") == 87  # INVALID_RECORD: truncated protobuf
    assert push(port, instance, sub, b"x", compression=2) == 76      # snappy is not offered
    assert push(port, instance, sub, b"not zstd", compression=4) == 87
    assert push(port, instance, sub, os.urandom(2 * 1024 * 1024)) == 118   # TELEMETRY_TOO_LARGE
    assert push(port, instance, sub, b"") == 0                       # an empty MetricsData
    assert push(port, instance, sub, b"") == 89                      # too soon: THROTTLING_QUOTA_EXCEEDED
    assert push(port, instance, sub, b"", terminating=True) == 0     # the last push is always taken

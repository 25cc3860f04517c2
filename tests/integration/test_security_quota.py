"""Client quotas on the wire: AlterClientQuotas / DescribeClientQuotas (raw
v0 requests), and a SASL producer above its producer_byte_rate held to the
quota — its steady rate within 20 % of it, throttle times reported to the
client, and every message delivered and readable."""

import struct
import threading
import time

import pytest

from conftest import recv_frame, unique_topic
from test_security_sasl import LISTENERS, USERS_ENV, Raw, kstr, plain_port, sasl_conf

ck = pytest.importorskip("confluent_kafka")


def nkstr(s):
    return struct.pack(">h", -1) if s is None else kstr(s)


def read_str(buf, off):
    n = struct.unpack(">h", buf[off:off + 2])[0]
    if n < 0:
        return None, off + 2
    return buf[off + 2:off + 2 + n].decode(), off + 2 + n


def alter_quotas(port, entity, ops, validate_only=False):
    body = struct.pack(">i", 1) + struct.pack(">i", len(entity))
    for etype, name in entity:
        body += kstr(etype) + nkstr(name)
    body += struct.pack(">i", len(ops))
    for key, value, remove in ops:
        body += kstr(key) + struct.pack(">d?", value, remove)
    body += struct.pack(">?", validate_only)
    r = Raw(port)
    resp = r.call(49, 0, body)
    r.close()
    assert struct.unpack(">i", resp[4:8])[0] == 1
    code = struct.unpack(">h", resp[8:10])[0]
    msg, _ = read_str(resp, 10)
    return code, msg


def describe_quotas(port, components, strict=False):
    body = struct.pack(">i", len(components))
    for etype, match_type, match in components:
        body += kstr(etype) + struct.pack(">b", match_type) + nkstr(match)
    body += struct.pack(">?", strict)
    r = Raw(port)
    resp = r.call(48, 0, body)
    r.close()
    off = 4
    code = struct.unpack(">h", resp[off:off + 2])[0]
    _, off = read_str(resp, off + 2)
    n = struct.unpack(">i", resp[off:off + 4])[0]
    off += 4
    out = []
    for _ in range(max(n, 0)):
        ne = struct.unpack(">i", resp[off:off + 4])[0]
        off += 4
        ent = []
        for _ in range(ne):
            t, off = read_str(resp, off)
            nm, off = read_str(resp, off)
            ent.append((t, nm))
        nv = struct.unpack(">i", resp[off:off + 4])[0]
        off += 4
        vals = {}
        for _ in range(nv):
            k, off = read_str(resp, off)
            vals[k] = struct.unpack(">d", resp[off:off + 8])[0]
            off += 8
        out.append((ent, vals))
    return code, out


@pytest.fixture
def quota_server(server_factory):
    conf = dict(LISTENERS, **{"quota.window.num": "3", "quota.window.size.seconds": "1"})
    return server_factory(conf=conf, env={"CHRONIK_SASL_USERS": USERS_ENV})


def test_alter_and_describe_client_quotas(quota_server):
    port = plain_port(quota_server)
    assert alter_quotas(port, [("user", "alice")], [("producer_byte_rate", 1024.0, False)])[0] == 0
    assert alter_quotas(port, [("user", None), ("client-id", "c1")], [("consumer_byte_rate", 2048.0, False)])[0] == 0
    # invalid: an unknown key, a fractional byte rate, an ip entity
    assert alter_quotas(port, [("user", "alice")], [("no_such_quota", 1.0, False)])[0] == 42
    assert alter_quotas(port, [("user", "alice")], [("producer_byte_rate", 1.5, False)])[0] == 42
    assert alter_quotas(port, [("ip", "1.2.3.4")], [("connection_creation_rate", 1.0, False)])[0] == 42
    # validate_only changes nothing
    assert alter_quotas(port, [("user", "bob")], [("producer_byte_rate", 5.0, False)], validate_only=True)[0] == 0
    code, entries = describe_quotas(port, [("user", 0, "alice")])
    assert code == 0 and entries == [([("user", "alice")], {"producer_byte_rate": 1024.0})]
    code, entries = describe_quotas(port, [("user", 2, None)])
    assert code == 0 and len(entries) == 2
    code, entries = describe_quotas(port, [("user", 0, "bob")])
    assert code == 0 and entries == []
    # removing the last value removes the entity
    assert alter_quotas(port, [("user", "alice")], [("producer_byte_rate", 0.0, True)])[0] == 0
    code, entries = describe_quotas(port, [("user", 0, "alice")])
    assert code == 0 and entries == []
    # quotas persist
    quota_server.restart(same_port=False)
    code, entries = describe_quotas(plain_port(quota_server), [("client-id", 0, "c1")])
    assert code == 0 and entries == [([("user", None), ("client-id", "c1")], {"consumer_byte_rate": 2048.0})]


def test_producer_is_throttled_to_its_quota_and_loses_nothing(quota_server):
    quota = 200000.0
    assert alter_quotas(plain_port(quota_server), [("user", "alice")], [("producer_byte_rate", quota, False)])[0] == 0
    topic = unique_topic("quota")
    throttles = []
    conf = sasl_conf(quota_server, "alice", "SCRAM-SHA-256", **{
        "linger.ms": 5, "batch.num.messages": 4, "compression.type": "none", "message.timeout.ms": 120000,
        "throttle_cb": lambda ev: throttles.append(ev.throttle_time)})
    p = ck.Producer(conf)
    value = b"q" * 4000
    total = 500
    done = []
    lock = threading.Lock()

    def on_delivery(err, msg):
        with lock:
            done.append((time.monotonic(), err))

    for i in range(total):
        while True:
            try:
                p.produce(topic, value, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
    assert p.flush(120) == 0
    assert len(done) == total and all(e is None for _, e in done)
    # the steady rate: deliveries from a quarter of the way in to the end
    # (the first windows may pass as a burst, as in Kafka)
    times = sorted(t for t, _ in done)
    a, b = times[total // 4], times[-1]
    rate = (total - total // 4) * len(value) / (b - a)
    assert rate <= quota * 1.2, "steady rate %.0f B/s above the quota %.0f B/s" % (rate, quota)
    assert rate >= quota * 0.5, "steady rate %.0f B/s far below the quota %.0f B/s" % (rate, quota)
    assert throttles and max(throttles) > 0
    # nothing was lost
    c = ck.Consumer(dict(sasl_conf(quota_server, "alice", "SCRAM-SHA-256"),
                         **{"group.id": "gq", "auto.offset.reset": "earliest"}))
    c.subscribe([topic])
    got = 0
    deadline = time.monotonic() + 60
    while got < total and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is not None and m.error() is None:
            got += 1
    c.close()
    assert got == total
    # the quota metrics count the throttled requests
    import urllib.request
    line = next(l for l in quota_server.logs if "http listening on" in l)
    hport = int(line.rsplit(":", 1)[1].split()[0].strip(")"))
    metrics = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % hport, timeout=10).read().decode()
    produce_line = next(l for l in metrics.splitlines()
                        if l.startswith("chronik_quota_throttled_total") and 'type="produce"' in l)
    assert float(produce_line.split()[-1]) > 0

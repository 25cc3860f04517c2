"""The new consumer group protocol (KIP-848: ConsumerGroupHeartbeat,
server-side assignment) driven by a real client that speaks it: the recent
librdkafka bundled by @confluentinc/kafka-javascript, with
group.protocol=consumer (tests/integration/ckjs/member.js, one process per
member, installed by tools/install-deps.sh --test).

Checked: three members joining, one leaving gracefully and one killed with
-9 while records keep arriving — every record consumed, no partition ever
owned by two members at once, duplicates only from the killed member, and
the final commits equal to the log ends; a regular-expression subscription
evaluated by the broker that picks up a topic created later; a static member
that restarts and gets its partitions back without the others taking them;
the errors of bad heartbeats."""

import json
import os
import shutil
import signal
import struct
import subprocess
import threading
import time

import pytest

from conftest import HERE, unique_topic
from kwire import cstr, request, uvarint

NODE = shutil.which("node")
CKJS = os.path.join(HERE, "ckjs")
pytestmark = pytest.mark.skipif(
    NODE is None or not os.path.isdir(os.path.join(CKJS, "node_modules", "@confluentinc", "kafka-javascript")),
    reason="node or @confluentinc/kafka-javascript missing (tools/install-deps.sh --test)")

SESSION_MS = 6000
FAST = {"group.consumer.session.timeout.ms": str(SESSION_MS), "group.consumer.heartbeat.interval.ms": "500"}


class Member:
    """One member process; its events, in order, with their client timestamps."""

    def __init__(self, bootstrap, group, name, subs, instance=None):
        args = [NODE, "member.js", bootstrap, group, name, ",".join(subs)] + ([instance] if instance else [])
        self.name = name
        self.events = []
        self.lock = threading.Lock()
        self.log = []
        self.proc = subprocess.Popen(args, cwd=CKJS, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            ev["at"] = ev.get("ts", 0) / 1000.0
            with self.lock:
                self.events.append(ev)

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line.decode(errors="replace"))

    def snapshot(self):
        with self.lock:
            return list(self.events)

    def owned(self):
        parts = set()
        for ev in self.snapshot():
            if ev["ev"] == "assigned":
                parts |= set(ev["parts"])
            elif ev["ev"] == "revoked":
                parts -= set(ev["parts"])
        return parts

    def messages(self):
        return [(e["t"], e["p"], e["o"]) for e in self.snapshot() if e["ev"] == "msg"]

    def errors(self):
        return [e["msg"] for e in self.snapshot() if e["ev"] == "error"]

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                raise AssertionError("member %s did not close in %ss; its log ends:\n%s"
                                     % (self.name, timeout, "".join(self.log[-40:])))
        wait_for(lambda: any(e["ev"] == "closed" for e in self.snapshot()) or self.proc.poll() is not None,
                 5, "member %s closing" % self.name)

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def members():
    made = []
    yield made
    for m in made:
        if m.proc.poll() is None:
            m.proc.kill()
            m.proc.wait(10)


def wait_for(cond, timeout, what):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.05)


def ownership_intervals(member):
    """{partition: [(start, end)]} of member's ownership, by Python receive time."""
    open_at, out = {}, {}
    for ev in member.snapshot():
        if ev["ev"] == "assigned":
            for p in ev["parts"]:
                open_at[p] = ev["at"]
        elif ev["ev"] == "revoked":
            for p in ev["parts"]:
                if p in open_at:
                    out.setdefault(p, []).append((open_at.pop(p), ev["at"]))
    for p, start in open_at.items():
        out.setdefault(p, []).append((start, float("inf")))
    return out


class Feeder(threading.Thread):
    """Produces `total` records to topic across its partitions, a few at a time."""

    def __init__(self, bootstrap, topic, total, per_round=50, pause=0.05):
        super().__init__(daemon=True)
        from clients import producer
        self.p = producer(bootstrap, acks="all")
        self.topic, self.total, self.per_round, self.pause = topic, total, per_round, pause
        self.acked = set()
        self.error = None

    def run(self):
        try:
            sent = 0
            while sent < self.total:
                for _ in range(min(self.per_round, self.total - sent)):
                    self.p.produce(self.topic, value=b"v%d" % sent, key=b"k%d" % sent, on_delivery=self._dr)
                    sent += 1
                self.p.poll(0)
                time.sleep(self.pause)
            assert self.p.flush(60) == 0
        except BaseException as exc:  # reported by the test
            self.error = exc

    def _dr(self, err, msg):
        if err is None:
            self.acked.add((msg.topic(), msg.partition(), msg.offset()))


def test_members_join_leave_and_die_without_double_ownership(server_factory, members):
    from clients import create_topic, consumer
    import confluent_kafka as ck
    srv = server_factory(conf=FAST)
    bs = srv.bootstrap
    topic, group = unique_topic("cgp"), unique_topic("g")
    create_topic(bs, topic, partitions=6)
    feeder = Feeder(bs, topic, 3000)
    feeder.start()

    m1 = Member(bs, group, "m1", [topic])
    members.append(m1)
    wait_for(lambda: len(m1.owned()) == 6, 60, "m1 owning all 6 partitions")
    m2 = Member(bs, group, "m2", [topic])
    m3 = Member(bs, group, "m3", [topic])
    members += [m2, m3]
    wait_for(lambda: all(len(m.owned()) == 2 for m in (m1, m2, m3)), 60,
             "an even assignment over three members")
    assert m1.owned() | m2.owned() | m3.owned() == {"%s:%d" % (topic, p) for p in range(6)}

    m2.stop()                                    # graceful: revokes, commits, leaves
    wait_for(lambda: len(m1.owned()) + len(m3.owned()) == 6 and not (m1.owned() & m3.owned()), 60,
             "m2's partitions moving to m1 and m3")
    before_kill = set(m3.owned())
    m3.kill()                                    # no goodbye: the session timeout removes it
    wait_for(lambda: len(m1.owned()) == 6, SESSION_MS / 1000 + 60, "m1 taking over the killed member's partitions")
    assert before_kill <= m1.owned()

    feeder.join(120)
    assert feeder.error is None, feeder.error
    assert not feeder.is_alive()
    assert len(feeder.acked) == 3000

    def consumed():
        return set(m1.messages()) | set(m2.messages()) | set(m3.messages())
    try:
        wait_for(lambda: feeder.acked <= consumed(), 60, "every acknowledged record consumed")
    except AssertionError:
        missing = sorted(feeder.acked - consumed())
        raise AssertionError("%d records never consumed, e.g. %s; m1 owns %s; m1 events %s"
                             % (len(missing), missing[:5], sorted(m1.owned()),
                                [e for e in m1.snapshot() if e["ev"] != "msg"]))

    # No partition was ever owned by two live members at once.
    spans = {}
    for m in (m1, m2):                           # m3's last ownership ended at its death, unseen
        for p, iv in ownership_intervals(m).items():
            spans.setdefault(p, []).extend((s, e, m.name) for s, e in iv)
    for p, iv in spans.items():
        iv.sort()
        for (s1, e1, n1), (s2, e2, n2) in zip(iv, iv[1:]):
            assert s2 >= e1, "%s owned by %s and %s at once" % (p, n1, n2)

    # Duplicates only where the killed member read past its last commit.
    seen = {}
    for m in (m1, m2, m3):
        for rec in m.messages():
            seen.setdefault(rec, []).append(m.name)
    dups = {rec: who for rec, who in seen.items() if len(who) > 1}
    assert all("m3" in who for who in dups.values()), list(dups.items())[:5]
    assert not m1.errors() and not m2.errors(), (m1.errors(), m2.errors())

    # The last member leaves gracefully: its commits reach every log end.
    m1.stop()
    c = consumer(bs, **{"group.id": group})
    try:
        tps = [ck.TopicPartition(topic, p) for p in range(6)]
        committed = {tp.partition: tp.offset for tp in c.committed(tps, timeout=20)}
        ends = {p: c.get_watermark_offsets(ck.TopicPartition(topic, p), timeout=10)[1] for p in range(6)}
    finally:
        c.close()
    assert committed == ends


def test_regex_subscription_follows_new_topics(server_factory, members):
    from clients import create_topic, producer
    srv = server_factory(conf=FAST)
    bs = srv.bootstrap
    prefix = unique_topic("cgre")
    for name in ("a", "b"):
        create_topic(bs, "%s-%s" % (prefix, name), partitions=2)
    create_topic(bs, "other-" + prefix, partitions=1)
    p = producer(bs)
    for name in ("a", "b"):
        for i in range(10):
            p.produce("%s-%s" % (prefix, name), value=b"%d" % i)
    p.produce("other-" + prefix, value=b"not matched")
    assert p.flush(30) == 0

    m = Member(bs, unique_topic("g"), "re", ["^%s-.*" % prefix])
    members.append(m)
    wait_for(lambda: len(m.messages()) >= 20, 60, "records of the two matching topics")
    create_topic(bs, "%s-c" % prefix, partitions=3)
    for i in range(9):
        p.produce("%s-c" % prefix, value=b"%d" % i, partition=i % 3)
    assert p.flush(30) == 0
    wait_for(lambda: len(m.messages()) >= 29, 60, "records of the topic created after subscribing")
    topics = {t for t, _, _ in m.messages()}
    assert topics == {"%s-a" % prefix, "%s-b" % prefix, "%s-c" % prefix}
    assert len(m.owned()) == 7
    assert not m.errors(), m.errors()


def test_static_member_restart_keeps_its_partitions(server_factory, members):
    from clients import create_topic
    srv = server_factory(conf=FAST)
    bs = srv.bootstrap
    topic, group = unique_topic("cgs"), unique_topic("g")
    create_topic(bs, topic, partitions=4)
    s1 = Member(bs, group, "s1", [topic], instance="static-1")
    members.append(s1)
    wait_for(lambda: len(s1.owned()) == 4, 60, "s1 owning every partition")
    d = Member(bs, group, "d", [topic])
    members.append(d)
    wait_for(lambda: len(s1.owned()) == 2 and len(d.owned()) == 2, 60, "two partitions each")
    mine, theirs = set(s1.owned()), set(d.owned())
    events_before = len(d.snapshot())

    s1.stop()                                    # a static member's leave keeps its partitions reserved
    s1b = Member(bs, group, "s1b", [topic], instance="static-1")
    members.append(s1b)
    wait_for(lambda: s1b.owned() == mine, 60, "the restarted static member getting its partitions back")
    assert d.owned() == theirs
    assert not any(e["ev"] in ("assigned", "revoked") for e in d.snapshot()[events_before:]), \
        "the other member was rebalanced while the static member restarted"


def heartbeat(port, group, member_id, epoch, topics=None, regex=None, assignor=None, owned=None, rebalance_ms=-1,
              version=1):
    """A raw ConsumerGroupHeartbeat; returns (error, message, member id, epoch)."""
    body = cstr(group) + cstr(member_id) + struct.pack(">i", epoch) + cstr(None) + cstr(None)
    body += struct.pack(">i", rebalance_ms)
    body += b"\x00" if topics is None else uvarint(len(topics) + 1) + b"".join(cstr(t) for t in topics)
    if version >= 1:
        body += cstr(regex)
    body += cstr(assignor)
    body += b"\x00" if owned is None else uvarint(1)   # owned: null or empty
    body += b"\x00"                                     # tagged fields
    r = request(port, 68, version, body)
    r.i32()                                             # throttle
    err, msg, mid, ep = r.i16(), r.str(), r.str(), r.i32()
    return err, msg, mid, ep


def test_heartbeat_errors(server):
    port = server.port
    group = unique_topic("gerr")
    # Joining needs a rebalance timeout, a subscription and an empty owned list.
    err, msg, _, _ = heartbeat(port, group, "", 0, topics=["t"], owned=[])
    assert err == 42 and "RebalanceTimeoutMs" in msg
    err, msg, _, _ = heartbeat(port, group, "", 0, rebalance_ms=30000, owned=[])
    assert err == 42 and "Subscribed" in msg
    err, msg, _, _ = heartbeat(port, group, "", 0, topics=["t"], assignor="sticky-nope", rebalance_ms=30000, owned=[])
    assert err == 112 and "sticky-nope" in msg                     # UNSUPPORTED_ASSIGNOR
    err, msg, _, _ = heartbeat(port, group, "", 0, topics=[], regex="(unclosed", rebalance_ms=30000, owned=[])
    assert err == 128 and "(unclosed" in msg                       # INVALID_REGULAR_EXPRESSION
    # A good join, then epochs from the future and the past are fenced.
    err, msg, mid, ep = heartbeat(port, group, "", 0, topics=["t"], rebalance_ms=30000, owned=[])
    assert err == 0 and mid and ep >= 1, (err, msg)
    err, _, _, _ = heartbeat(port, group, mid, ep + 5)
    assert err == 110                                              # FENCED_MEMBER_EPOCH
    err, _, _, _ = heartbeat(port, group, "nobody-" + mid, 3)
    assert err == 25                                               # UNKNOWN_MEMBER_ID
    err, _, mid2, ep2 = heartbeat(port, group, mid, ep)
    assert err == 0 and mid2 == mid and ep2 == ep
    err, _, _, ep3 = heartbeat(port, group, mid, -1)                # leave
    assert err == 0 and ep3 == -1
    err, _, _, _ = heartbeat(port, group, mid, ep)
    assert err == 25

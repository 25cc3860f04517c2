"""Consumer groups with real clients: rebalancing (eager and cooperative),
a member leaving and a member killed (session timeout), static membership,
kafka-python groups, committed offsets across a server kill -9, the admin
APIs of groups, and Kafka's error codes for bad group requests.

Every server runs with group.initial.rebalance.delay.ms=0 and consumers use
6000 ms sessions so that the whole file runs in a few minutes."""

import gc
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from conftest import check_api_versions, recv_frame, unique_topic
import clients

ck = pytest.importorskip("confluent_kafka")

GROUP_CONF = {"group.initial.rebalance.delay.ms": "0"}
SESSION_MS = 6000
PARTITIONS = 6


def fast_server(server_factory):
    srv = server_factory(conf=GROUP_CONF)
    apis = check_api_versions(srv.port)
    if 11 not in apis or 8 not in apis:
        pytest.skip("the server does not advertise the group APIs (JoinGroup/OffsetCommit)")
    return srv


def produce_spread(bootstrap, topic, start, count, partitions=PARTITIONS):
    p = clients.producer(bootstrap, linger_ms=20)
    for i in range(start, start + count):
        while True:
            try:
                p.produce(topic, value=b"%d" % i, partition=i % partitions)
                break
            except BufferError:
                p.poll(0.1)
        if i % 1000 == 0:
            p.poll(0)
    assert p.flush(60) == 0


# ---------------------------------------------------------------------------
# Ownership bookkeeping shared by in-process members and the subprocess one
# ---------------------------------------------------------------------------

class Ledger:
    """Which member owns which partition, and every violation of "one owner
    at a time"; what each member consumed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.owned = {}          # member -> set(partitions)
        self.violations = []
        self.suspects = []
        self.consumed = {}       # partition -> {offset: member}
        self.assigns = {}        # member -> number of assign callbacks
        self.events = []         # (time, member, event, partitions) for failure messages
        self.t0 = time.monotonic()

    def event(self, member, what, parts=()):
        self.events.append("%.3f %s %s %s" % (time.monotonic() - self.t0, member, what, sorted(parts)))

    def assign(self, member, parts):
        """Records member's new partitions.  A partition another member still
        holds is only suspect: the other member's revoke may still be on its
        way (a child process reports through a pipe); verify() decides."""
        with self.lock:
            self.event(member, "assign", parts)
            for p in parts:
                for m, s in self.owned.items():
                    if m != member and p in s:
                        self.suspects.append((time.monotonic(), member, p, m, list(self.events[-12:])))
            self.owned.setdefault(member, set()).update(parts)
            self.assigns[member] = self.assigns.get(member, 0) + 1

    def verify(self, grace=3.0, force=False):
        """Turns suspects older than grace seconds (all with force) whose two
        owners still both hold the partition into violations."""
        with self.lock:
            keep = []
            for s in self.suspects:
                t, member, p, other, ev = s
                if not force and time.monotonic() - t < grace:
                    keep.append(s)
                elif p in self.owned.get(member, ()) and p in self.owned.get(other, ()):
                    self.violations.append("%s and %s both own partition %d; events: %s" % (member, other, p, ev))
            self.suspects = keep

    def revoke(self, member, parts):
        with self.lock:
            self.event(member, "revoke", parts)
            self.owned.setdefault(member, set()).difference_update(parts)

    def drop(self, member):
        with self.lock:
            self.event(member, "gone")
            self.owned.pop(member, None)

    def consumed_range(self, partition, lo, hi, member="?"):
        with self.lock:
            d = self.consumed.setdefault(partition, {})
            for o in range(lo, hi + 1):
                d[o] = member

    def around(self, partition, offset, width=3):
        """Who consumed the offsets next to a gap (for failure messages)."""
        d = self.consumed.get(partition, {})
        return {o: d.get(o) for o in range(offset - width, offset + width + 1)}

    def owners(self, member):
        with self.lock:
            return set(self.owned.get(member, ()))


class Member:
    """An in-process confluent-kafka group member."""

    def __init__(self, name, bootstrap, topic, group, ledger, **conf):
        self.name, self.topic, self.ledger = name, topic, ledger
        # Offsets are stored per message returned (librdkafka's automatic
        # store may run ahead of a batch consume() across a rebalance).
        c = {"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
             "enable.auto.offset.store": False, "auto.offset.reset": "earliest", "session.timeout.ms": SESSION_MS, "heartbeat.interval.ms": 500,
             "socket.timeout.ms": 10000}
        c.update(conf)
        self.c = ck.Consumer(c)
        self.c.subscribe([topic], on_assign=self._on_assign, on_revoke=self._on_revoke)

    def _on_assign(self, consumer, parts):
        self.ledger.assign(self.name, [tp.partition for tp in parts])

    def _on_revoke(self, consumer, parts):
        try:
            consumer.commit(asynchronous=False)
        except ck.KafkaException:
            pass
        self.ledger.revoke(self.name, [tp.partition for tp in parts])

    def step(self, n=200, timeout=0.1):
        msgs = self.c.consume(num_messages=n, timeout=timeout)
        got = 0
        for m in msgs:
            if m.error():
                continue
            self.ledger.consumed_range(m.partition(), m.offset(), m.offset(), self.name)
            self.c.store_offsets(message=m)
            got += 1
        if got:
            try:
                self.c.commit(asynchronous=False)
            except ck.KafkaException:
                pass
        return got

    def committed(self):
        tps = self.c.committed([ck.TopicPartition(self.topic, p) for p in range(PARTITIONS)], timeout=10)
        return {tp.partition: tp.offset for tp in tps}

    def close(self):
        # Break the consumer <-> callback cycle so that librdkafka handles are
        # destroyed now, not at interpreter exit.
        c, self.c = self.c, None
        c.close()
        del c
        gc.collect()


SUB_MEMBER = textwrap.dedent("""
    import sys, time
    import confluent_kafka as ck
    bootstrap, topic, group, strategy = sys.argv[1:5]
    out = sys.stdout
    def say(*a):
        out.write(" ".join(str(x) for x in a) + "\\n"); out.flush()
    def on_assign(c, parts): say("ASSIGN", *[tp.partition for tp in parts])
    def on_revoke(c, parts):
        try: c.commit(asynchronous=False)
        except ck.KafkaException: pass
        say("REVOKE", *[tp.partition for tp in parts])
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                     "enable.auto.offset.store": False, "auto.offset.reset": "earliest", "session.timeout.ms": %d, "heartbeat.interval.ms": 500,
                     "partition.assignment.strategy": strategy})
    c.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    while True:
        ms = [m for m in c.consume(num_messages=100, timeout=0.2) if not m.error()]
        rng = {}
        for m in ms:
            lo, hi = rng.get(m.partition(), (m.offset(), m.offset()))
            rng[m.partition()] = (min(lo, m.offset()), max(hi, m.offset()))
        for p, (lo, hi) in rng.items():
            say("MSG", p, lo, hi)
        for m in ms:
            c.store_offsets(message=m)
        if ms:
            try: c.commit(asynchronous=False)
            except ck.KafkaException: pass
        time.sleep(0.05)
""" % SESSION_MS)


class SubMember:
    """A group member in a child process (so that it can be killed -9)."""

    def __init__(self, name, bootstrap, topic, group, ledger, strategy):
        self.name, self.ledger = name, ledger
        self.p = subprocess.Popen([sys.executable, "-c", SUB_MEMBER, bootstrap, topic, group, strategy],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.lines = 0
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        for raw in iter(self.p.stdout.readline, b""):
            f = raw.decode().split()
            if not f:
                continue
            self.lines += 1
            if f[0] == "ASSIGN":
                self.ledger.assign(self.name, [int(x) for x in f[1:]])
            elif f[0] == "REVOKE":
                self.ledger.revoke(self.name, [int(x) for x in f[1:]])
            elif f[0] == "MSG":
                self.ledger.consumed_range(int(f[1]), int(f[2]), int(f[3]), self.name)

    def kill(self):
        self.p.send_signal(signal.SIGKILL)
        self.p.wait(10)
        self.t.join(10)
        self.ledger.drop(self.name)

    def stop(self):
        if self.p.poll() is None:
            self.kill()


def run_three_members(bootstrap, strategy):
    topic, group = unique_topic("grp"), unique_topic("g")
    clients.create_topic(bootstrap, topic, PARTITIONS)
    per_phase = 20000
    produce_spread(bootstrap, topic, 0, per_phase)
    ledger = Ledger()
    conf = {"partition.assignment.strategy": strategy}
    a = Member("A", bootstrap, topic, group, ledger, **conf)
    b = Member("B", bootstrap, topic, group, ledger, **conf)
    c = SubMember("C", bootstrap, topic, group, ledger, strategy)
    try:
        # Phase 1: all three share the six partitions.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            a.step(50)
            b.step(50)
            ledger.verify()
            if all(ledger.owners(m) for m in "ABC") and len(ledger.owners("A") | ledger.owners("B")
                                                           | ledger.owners("C")) == PARTITIONS:
                break
        assert all(ledger.owners(m) for m in "ABC"), "not every member got partitions: %r" % ledger.owned
        produce_spread(bootstrap, topic, per_phase, per_phase)
        # Phase 2: B leaves (LeaveGroup); A and C take over.
        b.step(200)
        b.close()
        ledger.drop("B")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            a.step(100)
            ledger.verify()
            if len(ledger.owners("A") | ledger.owners("C")) == PARTITIONS and ledger.owners("C"):
                break
        assert len(ledger.owners("A") | ledger.owners("C")) == PARTITIONS, ledger.owned
        for _ in range(10):
            a.step(100)
        # Phase 3: C dies without leaving; after its session timeout A owns everything.
        c.kill()
        produce_spread(bootstrap, topic, 2 * per_phase, per_phase)
        total = 3 * per_phase
        per_part = total // PARTITIONS
        deadline = time.monotonic() + 90
        done = False
        while time.monotonic() < deadline and not done:
            a.step(1000, timeout=0.2)
            ledger.verify()
            if ledger.owners("A") == set(range(PARTITIONS)):
                done = all(v == per_part for v in a.committed().values())
        committed = a.committed()
        assert committed == {p: per_part for p in range(PARTITIONS)}, committed
        ledger.verify(force=True)
        assert not ledger.violations, ledger.violations
        for p in range(PARTITIONS):
            missing = sorted(set(range(per_part)) - set(ledger.consumed.get(p, {})))
            assert not missing, "partition %d: %d offsets never consumed, first %d: %r" % (
                p, len(missing), missing[0], ledger.around(p, missing[0]))
    finally:
        c.stop()
        a.close()


@pytest.mark.slow
def test_three_members_eager(server_factory):
    run_three_members(fast_server(server_factory).bootstrap, "range")


@pytest.mark.slow
def test_three_members_cooperative_sticky(server_factory):
    run_three_members(fast_server(server_factory).bootstrap, "cooperative-sticky")


def test_static_member_restart_no_rebalance(server_factory):
    srv = fast_server(server_factory)
    topic, group = unique_topic("st"), unique_topic("g")
    clients.create_topic(srv.bootstrap, topic, PARTITIONS)
    ledger = Ledger()
    a = Member("A", srv.bootstrap, topic, group, ledger, **{"group.instance.id": "static-a"})
    b = Member("B", srv.bootstrap, topic, group, ledger, **{"group.instance.id": "static-b"})
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (ledger.owners("A") and ledger.owners("B")):
            a.step(10)
            b.step(10)
        a_parts, b_assigns = ledger.owners("A"), ledger.assigns.get("B", 0)
        assert a_parts and ledger.owners("B"), ledger.owned
        # A static member's close sends no LeaveGroup; it comes back with the same instance id.
        a.close()
        ledger.drop("A")
        a2 = Member("A2", srv.bootstrap, topic, group, ledger, **{"group.instance.id": "static-a"})
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not ledger.owners("A2"):
                a2.step(10)
                b.step(10)
            assert ledger.owners("A2") == a_parts
            for _ in range(20):        # some heartbeats of B: still no rebalance
                b.step(10)
                a2.step(10)
            assert ledger.assigns.get("B", 0) == b_assigns, "B was rebalanced"
            ledger.verify(force=True)
            assert ledger.owners("B") and not ledger.violations
        finally:
            a2.close()
    finally:
        b.close()


def test_kafka_python_group(server_factory):
    kafka = pytest.importorskip("kafka")
    srv = fast_server(server_factory)
    topic, group = unique_topic("kp"), unique_topic("g")
    clients.create_topic(srv.bootstrap, topic, 2)
    produce_spread(srv.bootstrap, topic, 0, 1000, partitions=2)

    def consumer():
        return kafka.KafkaConsumer(topic, bootstrap_servers=srv.bootstrap, group_id=group,
                                   auto_offset_reset="earliest", enable_auto_commit=False,
                                   session_timeout_ms=SESSION_MS, heartbeat_interval_ms=1000)

    def read(c, n, timeout=90):
        """Polls until n messages came (at most n: max_records), bounded."""
        out = []
        deadline = time.monotonic() + timeout
        while len(out) < n:
            assert time.monotonic() < deadline, "kafka-python read %d of %d messages in %d s" % (len(out), n, timeout)
            for recs in c.poll(timeout_ms=200, max_records=n - len(out)).values():
                out.extend(recs)
        return out

    c = consumer()
    seen = len(read(c, 600))
    c.commit()
    committed = sum(c.committed(kafka.TopicPartition(topic, p)) or 0 for p in range(2))
    assert committed >= 600
    c.close()
    # A rejoining member resumes from the committed offsets.
    produce_spread(srv.bootstrap, topic, 1000, 100, partitions=2)
    c = consumer()
    rest = read(c, 1100 - committed)
    c.commit()
    assert committed + len(rest) == 1100
    assert all(c.committed(kafka.TopicPartition(topic, p)) == 550 for p in range(2))
    c.close()


def test_offsets_survive_kill9(server_factory):
    srv = fast_server(server_factory)
    topic, group = unique_topic("k9"), unique_topic("g")
    clients.create_topic(srv.bootstrap, topic, 1)
    produce_spread(srv.bootstrap, topic, 0, 100, partitions=1)
    ledger = Ledger()
    m = Member("A", srv.bootstrap, topic, group, ledger)
    got = 0
    deadline = time.monotonic() + 30
    while got < 40 and time.monotonic() < deadline:
        got += m.step(40 - got)
    m.c.commit(offsets=[ck.TopicPartition(topic, 0, 40)], asynchronous=False)
    m.close()
    srv.restart(hard=True)
    c = clients.consumer(srv.bootstrap, group_id=group)
    try:
        c.subscribe([topic])
        first = None
        deadline = time.monotonic() + 30
        while first is None and time.monotonic() < deadline:
            msg = c.poll(0.5)
            if msg is not None and not msg.error():
                first = msg.offset()
        assert first == 40
        assert c.committed([ck.TopicPartition(topic, 0)], timeout=10)[0].offset == 40
    finally:
        c.close()


# ---------------------------------------------------------------------------
# A minimal Kafka wire client for the admin and bad-input tests
# ---------------------------------------------------------------------------

def kstr(s):
    if s is None:
        return struct.pack(">h", -1)
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def kbytes(b):
    return struct.pack(">i", len(b)) + b


def karray(items):
    return struct.pack(">i", len(items)) + b"".join(items)


class Wire:
    def __init__(self, bootstrap):
        host, port = bootstrap.rsplit(":", 1)
        self.s = socket.create_connection((host, int(port)), timeout=15)
        self.corr = 0

    def call(self, api, version, body):
        self.corr += 1
        hdr = struct.pack(">hhi", api, version, self.corr) + kstr("group-test")
        self.s.sendall(struct.pack(">i", len(hdr) + len(body)) + hdr + body)
        frame = recv_frame(self.s)
        (corr,) = struct.unpack(">i", frame[:4])
        assert corr == self.corr
        return frame[4:]

    def close(self):
        self.s.close()


class Rd:
    def __init__(self, b):
        self.b, self.o = b, 0

    def take(self, fmt):
        v = struct.unpack_from(fmt, self.b, self.o)
        self.o += struct.calcsize(fmt)
        return v[0] if len(v) == 1 else v

    def str(self):
        n = self.take(">h")
        if n < 0:
            return None
        s = self.b[self.o:self.o + n].decode()
        self.o += n
        return s

    def bytes(self):
        n = self.take(">i")
        b = self.b[self.o:self.o + max(n, 0)]
        self.o += max(n, 0)
        return b


def join_v0(w, group, member="", session=SESSION_MS, ptype="consumer"):
    body = kstr(group) + struct.pack(">i", session) + kstr(member) + kstr(ptype) + \
        karray([kstr("range") + kbytes(b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")])
    r = Rd(w.call(11, 0, body))
    err, gen = r.take(">h"), r.take(">i")
    proto, leader, mid = r.str(), r.str(), r.str()
    return err, gen, mid, leader


def heartbeat_v0(w, group, gen, member):
    return Rd(w.call(12, 0, kstr(group) + struct.pack(">i", gen) + kstr(member))).take(">h")


def sync_v0(w, group, gen, member, assignments=()):
    body = kstr(group) + struct.pack(">i", gen) + kstr(member) + \
        karray([kstr(m) + kbytes(a) for m, a in assignments])
    r = Rd(w.call(14, 0, body))
    return r.take(">h"), r.bytes()


def commit_v2(w, group, gen, member, topic, partition, offset, metadata=""):
    body = kstr(group) + struct.pack(">i", gen) + kstr(member) + struct.pack(">q", -1) + \
        karray([kstr(topic) + karray([struct.pack(">iq", partition, offset) + kstr(metadata)])])
    r = Rd(w.call(8, 2, body))
    r.take(">i")
    r.str()
    r.take(">i")
    r.take(">i")
    return r.take(">h")


def test_bad_group_requests(server_factory):
    srv = fast_server(server_factory)
    topic = unique_topic("bad")
    clients.create_topic(srv.bootstrap, topic, 1)
    w = Wire(srv.bootstrap)
    try:
        # Sync and heartbeat before any join, unknown members.
        assert sync_v0(w, "nogroup", 1, "nobody")[0] == 25            # UNKNOWN_MEMBER_ID
        assert heartbeat_v0(w, "nogroup", 1, "nobody") == 25
        assert join_v0(w, "", "")[0] == 24                            # INVALID_GROUP_ID
        assert join_v0(w, "g1", "", session=1)[0] == 26               # INVALID_SESSION_TIMEOUT
        assert join_v0(w, "g1", "not-a-member")[0] == 25
        err, gen, mid, leader = join_v0(w, "g1")
        assert err == 0 and gen >= 1 and mid == leader
        assert join_v0(w, "g1", "", ptype="other")[0] == 23           # INCONSISTENT_GROUP_PROTOCOL
        assert heartbeat_v0(w, "g1", gen, "stranger") == 25
        assert heartbeat_v0(w, "g1", gen - 1, mid) == 22              # ILLEGAL_GENERATION
        assert heartbeat_v0(w, "g1", gen, mid) == 0                   # CompletingRebalance: ok
        assert sync_v0(w, "g1", gen + 5, mid)[0] == 22
        assert commit_v2(w, "g1", gen, mid, topic, 0, 5) == 27        # REBALANCE_IN_PROGRESS
        assert sync_v0(w, "g1", gen, mid, [(mid, b"assignment")]) == (0, b"assignment")
        assert commit_v2(w, "g1", gen, mid, topic, 0, 5) == 0
        assert commit_v2(w, "g1", gen, mid, "no-such-topic", 0, 5) == 3   # UNKNOWN_TOPIC_OR_PARTITION
        assert commit_v2(w, "g1", gen, mid, topic, 7, 5) == 3
        assert commit_v2(w, "g1", gen + 1, mid, topic, 0, 5) == 22
        assert commit_v2(w, "g1", -1, "", topic, 0, 5) == 25          # simple commit into a live group
        assert commit_v2(w, "g1", gen, mid, topic, 0, 5, "x" * 5000) == 12   # OFFSET_METADATA_TOO_LARGE
        assert commit_v2(w, "fresh", 3, "m", topic, 0, 5) == 22       # generation on an unknown group
        assert commit_v2(w, "fresh", -1, "", topic, 0, 9) == 0        # simple commit
        # DeleteGroups v0: non-empty, unknown, empty.
        r = Rd(w.call(42, 0, karray([kstr("g1"), kstr("missing"), kstr("fresh")])))
        r.take(">i")
        res = {}
        for _ in range(r.take(">i")):
            g = r.str()
            res[g] = r.take(">h")
        assert res == {"g1": 68, "missing": 69, "fresh": 0}
        # LeaveGroup v0 then the group is empty.
        assert Rd(w.call(13, 0, kstr("g1") + kstr(mid))).take(">h") == 0
        assert heartbeat_v0(w, "g1", gen, mid) == 25
    finally:
        w.close()
    # The server is still healthy.
    assert clients.admin(srv.bootstrap).list_topics(timeout=10).topics


def offset_delete(bootstrap, group, topic, partitions):
    w = Wire(bootstrap)
    try:
        body = kstr(group) + karray([kstr(topic) + karray([struct.pack(">i", p) for p in partitions])])
        r = Rd(w.call(47, 0, body))
        err = r.take(">h")
        r.take(">i")
        out = {}
        for _ in range(r.take(">i")):
            r.str()
            for _ in range(r.take(">i")):
                p, e = r.take(">i"), r.take(">h")
                out[p] = e
        return err, out
    finally:
        w.close()


def test_admin_groups_and_offsets(server_factory):
    kafka = pytest.importorskip("kafka")
    from kafka.admin import KafkaAdminClient
    srv = fast_server(server_factory)
    topic, group, idle = unique_topic("adm"), unique_topic("live"), unique_topic("idle")
    clients.create_topic(srv.bootstrap, topic, 2)
    produce_spread(srv.bootstrap, topic, 0, 100, partitions=2)
    ledger = Ledger()
    live = Member("L", srv.bootstrap, topic, group, ledger)
    # "Alter" offsets of another group: simple commits from an assigned consumer.
    c = clients.consumer(srv.bootstrap, group_id=idle)
    c.commit(offsets=[ck.TopicPartition(topic, 0, 10), ck.TopicPartition(topic, 1, 20)], asynchronous=False)
    c.close()
    ka = KafkaAdminClient(bootstrap_servers=srv.bootstrap, request_timeout_ms=15000)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not ledger.owners("L"):
            live.step(10)
        listed = {g[0]: g[1] for g in ka.list_consumer_groups()}
        assert listed.get(group) == "consumer" and idle in listed
        names = {g.id for g in clients.admin(srv.bootstrap).list_groups(timeout=10)}
        assert {group, idle} <= names
        desc = {d.group: d for d in ka.describe_consumer_groups([group, idle])}
        assert desc[group].state == "Stable" and len(desc[group].members) == 1
        assert desc[group].protocol == "range"
        assert desc[idle].state == "Empty" and not desc[idle].members
        offs = ka.list_consumer_group_offsets(idle)
        assert {tp.partition: om.offset for tp, om in offs.items()} == {0: 10, 1: 20}
        # Alter again, then delete one partition's offset (OffsetDelete).
        c = clients.consumer(srv.bootstrap, group_id=idle)
        c.commit(offsets=[ck.TopicPartition(topic, 0, 15)], asynchronous=False)
        c.close()
        assert ka.list_consumer_group_offsets(idle)[kafka.TopicPartition(topic, 0)].offset == 15
        assert offset_delete(srv.bootstrap, idle, topic, [1]) == (0, {1: 0})
        assert offset_delete(srv.bootstrap, group, topic, [0]) == (0, {0: 86})   # GROUP_SUBSCRIBED_TO_TOPIC
        assert offset_delete(srv.bootstrap, "nope", topic, [0])[0] == 69
        offs = ka.list_consumer_group_offsets(idle)
        assert {tp.partition: om.offset for tp, om in offs.items()} == {0: 15}
        # Delete groups: the live one refuses, the idle one goes.
        res = dict(ka.delete_consumer_groups([idle, group]))
        assert res[idle].errno == 0 and res[group].errno == 68, res
        assert idle not in {g[0] for g in ka.list_consumer_groups()}
        assert ka.list_consumer_group_offsets(idle) == {}
    finally:
        ka.close()
        live.close()

"""Burrow (LinkedIn's consumer-lag monitor, Debian's `burrow` 1.2) against
chronik-server: Burrow reads committed offsets by consuming the internal
topic __consumer_offsets (Kafka's OffsetCommitKey/OffsetCommitValue records)
and high watermarks with ListOffsets, and must report each partition's lag
of a real consumer group as high watermark minus committed offset, and
follow it when more is produced and committed.

Burrow 1.2 will not start without ZooKeeper (its coordinator panics with "No
Zookeeper servers specified"); it uses ZooKeeper only for itself (creating
its root path and, with notifiers, a lock), never for Kafka.  The test runs
a small in-process ZooKeeper responder that speaks the part of ZooKeeper's
wire protocol Burrow's client uses (connect, create, delete, exists,
getData, getChildren, ping, close) over an in-memory tree."""

import json
import os
import shutil
import socket
import socketserver
import struct
import subprocess
import threading
import time
import urllib.request
import uuid

import pytest

from clients import ck, create_topic, producer, produce_all, watermarks

BURROW = shutil.which("Burrow") or shutil.which("burrow")

pytestmark = pytest.mark.skipif(BURROW is None, reason="Burrow missing (tools/install-deps.sh --test)")

PARTITIONS = 3
T = 90


# -- a minimal ZooKeeper ---------------------------------------------------------

ZNONODE, ZNODEEXISTS, ZUNIMPLEMENTED = -101, -110, -6


class ZkTree:
    def __init__(self):
        self.lock = threading.Lock()
        self.nodes = {"/": {"data": b"", "children": set(), "seq": 0, "czxid": 0}}
        self.zxid = 0

    @staticmethod
    def parent(path):
        p = path.rsplit("/", 1)[0]
        return p or "/"

    def stat(self, path):
        n = self.nodes[path]
        return struct.pack(">qqqqiiiqiiq", n["czxid"], n["czxid"], 0, 0, 0, 0, 0, 0, len(n["data"]),
                           len(n["children"]), n["czxid"])


class ZkHandler(socketserver.BaseRequestHandler):
    """One ZooKeeper client session."""

    def recv(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.request.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def packet(self):
        (n,) = struct.unpack(">i", self.recv(4))
        return self.recv(n)

    def send(self, body):
        self.request.sendall(struct.pack(">i", len(body)) + body)

    def handle(self):
        tree = self.server.tree
        try:
            req = self.packet()
            timeout = struct.unpack(">i", req[12:16])[0]
            self.send(struct.pack(">iiqi", 0, timeout, 0x1000 + id(self) % 1000, 16) + b"\0" * 16)
            while True:
                req = self.packet()
                xid, op = struct.unpack(">ii", req[:8])
                body, err, out = req[8:], 0, b""
                pos = [0]

                def string():
                    (ln,) = struct.unpack(">i", body[pos[0]:pos[0] + 4])
                    pos[0] += 4
                    s = body[pos[0]:pos[0] + max(ln, 0)]
                    pos[0] += max(ln, 0)
                    return s

                with tree.lock:
                    if op == 1:                                     # create
                        path = string().decode()
                        data = string()
                        (nacl,) = struct.unpack(">i", body[pos[0]:pos[0] + 4])
                        pos[0] += 4
                        for _ in range(nacl):
                            pos[0] += 4
                            string()
                            string()
                        (flags,) = struct.unpack(">i", body[pos[0]:pos[0] + 4])
                        parent = tree.parent(path)
                        if parent not in tree.nodes:
                            err = ZNONODE
                        else:
                            if flags & 2:                           # sequential
                                path += "%010d" % tree.nodes[parent]["seq"]
                                tree.nodes[parent]["seq"] += 1
                            if path in tree.nodes:
                                err = ZNODEEXISTS
                            else:
                                tree.zxid += 1
                                tree.nodes[path] = {"data": data, "children": set(), "seq": 0,
                                                    "czxid": tree.zxid}
                                tree.nodes[parent]["children"].add(path.rsplit("/", 1)[1])
                                p = path.encode()
                                out = struct.pack(">i", len(p)) + p
                    elif op == 2:                                   # delete
                        path = string().decode()
                        if path not in tree.nodes:
                            err = ZNONODE
                        else:
                            del tree.nodes[path]
                            tree.nodes[tree.parent(path)]["children"].discard(path.rsplit("/", 1)[1])
                    elif op in (3, 4, 8, 12):                       # exists, getData, getChildren(2)
                        path = string().decode()
                        if path not in tree.nodes:
                            err = ZNONODE
                        elif op == 3:
                            out = tree.stat(path)
                        elif op == 4:
                            d = tree.nodes[path]["data"]
                            out = struct.pack(">i", len(d)) + d + tree.stat(path)
                        else:
                            kids = sorted(tree.nodes[path]["children"])
                            out = struct.pack(">i", len(kids))
                            for k in kids:
                                out += struct.pack(">i", len(k)) + k.encode()
                            if op == 12:
                                out += tree.stat(path)
                    elif op in (11, -11, 101):                      # ping, close, setWatches
                        pass
                    else:
                        err = ZUNIMPLEMENTED
                    zxid = tree.zxid
                self.send(struct.pack(">iqi", xid, zxid, err) + (out if err == 0 else b""))
                if op == -11:
                    return
        except (EOFError, OSError):
            return


class ZkServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def zookeeper():
    srv = ZkServer(("127.0.0.1", 0), ZkHandler)
    srv.tree = ZkTree()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield "127.0.0.1:%d" % srv.server_address[1]
    srv.shutdown()
    srv.server_close()


# -- Burrow ------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Burrow:
    def __init__(self, tmp, bootstrap, zk, kafka_version):
        self.dir = str(tmp)
        self.port = free_port()
        profile = ""
        if kafka_version:
            profile = '[client-profile.it]\nclient-id="burrow-it"\nkafka-version="%s"\n\n' % kafka_version
        use = 'client-profile="it"\n' if kafka_version else ""
        conf = """[general]
pidfile="{dir}/burrow.pid"

[logging]
level="info"

[zookeeper]
servers=["{zk}"]
timeout=6
root-path="/burrow"

{profile}[cluster.chronik]
class-name="kafka"
servers=["{bootstrap}"]
{use}topic-refresh=1
offset-refresh=1

[consumer.chronik]
class-name="kafka"
cluster="chronik"
servers=["{bootstrap}"]
{use}start-latest=false

[httpserver.default]
address="127.0.0.1:{port}"

[storage.default]
class-name="inmemory"
workers=4
intervals=10
expire-group=604800
min-distance=1

[evaluator.default]
class-name="caching"
expire-cache=1
""".format(dir=self.dir, zk=zk, bootstrap=bootstrap, port=self.port, profile=profile, use=use)
        with open(os.path.join(self.dir, "burrow.toml"), "w") as f:
            f.write(conf)
        self.log_path = os.path.join(self.dir, "burrow.out")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([BURROW, "-config-dir", self.dir], cwd=self.dir, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def log_tail(self, n=40):
        """The last n lines of Burrow's log that are not its routine debug lines."""
        with open(self.log_path, "rb") as f:
            lines = [ln for ln in f.read().decode(errors="replace").splitlines() if '"level":"debug"' not in ln]
        return "\n".join(lines[-n:])

    def get(self, path):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path), timeout=5) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return json.loads(e.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()


@pytest.fixture
def burrow_factory(tmp_path, bootstrap, zookeeper):
    started = []

    def make(kafka_version):
        d = tmp_path / ("burrow-%d" % len(started))
        d.mkdir()
        b = Burrow(d, bootstrap, zookeeper, kafka_version)
        started.append(b)
        return b

    yield make
    for b in started:
        b.stop()


def lag_of(burrow, group):
    """{(topic, partition): (committed offset, current lag)} from Burrow's lag endpoint, or None."""
    r = burrow.get("/v3/kafka/chronik/consumer/%s/lag" % group)
    if not r or r.get("error") or not r.get("status"):
        return None
    out = {}
    for p in r["status"].get("partitions") or []:
        end = p.get("end") or {}
        out[(p["topic"], p["partition"])] = (end.get("offset"), p.get("current_lag"))
    return out


def owners_of(burrow, group):
    """{(topic, partition): owner} from Burrow's lag endpoint, or None."""
    r = burrow.get("/v3/kafka/chronik/consumer/%s/lag" % group)
    if not r or r.get("error") or not r.get("status"):
        return None
    return {(p["topic"], p["partition"]): p.get("owner") for p in r["status"].get("partitions") or []}


def wait_owners(burrow, group, want, what):
    deadline = time.monotonic() + T
    got = None
    while time.monotonic() < deadline:
        got = owners_of(burrow, group)
        if got == want:
            return
        time.sleep(0.2)
    raise AssertionError("%s: Burrow reports owners %r, expected %r\n%s" % (what, got, want, burrow.log_tail()))


def expected_lag(bootstrap, topic, committed):
    return {(topic, p): (committed[p], watermarks(bootstrap, topic, p)[1] - committed[p])
            for p in range(PARTITIONS)}


def produce(bootstrap, topic, per_partition):
    p = producer(bootstrap)
    for part, n in enumerate(per_partition):
        reports = produce_all(p, topic, [{"value": b"v%d" % i} for i in range(n)], partition=part)
        assert all(r[0] is None for r in reports)


def commit(c, topic, offsets):
    res = c.commit(offsets=[ck.TopicPartition(topic, p, o) for p, o in enumerate(offsets)], asynchronous=False)
    errors = [(tp.partition, tp.error) for tp in res if tp.error]
    assert not errors, errors


def wait_lag(burrow, c, group, topic, offsets, bootstrap, what):
    """Polls Burrow until it reports exactly the lag of `offsets`; commits
    them again meanwhile, as a consumer's periodic auto-commit would."""
    want = expected_lag(bootstrap, topic, offsets)
    deadline = time.monotonic() + T
    got = None
    while time.monotonic() < deadline:
        if burrow.proc.poll() is not None:
            raise AssertionError("Burrow exited with %s:\n%s" % (burrow.proc.returncode, burrow.log_tail()))
        got = lag_of(burrow, group)
        if got == want:
            return
        commit(c, topic, offsets)
        c.poll(0.5)
    raise AssertionError("%s: Burrow reports %r, expected %r\n%s" % (what, got, want, burrow.log_tail()))


@pytest.mark.parametrize("kafka_version", [None, "2.0.0"], ids=["default-0.8", "kafka-2.0"])
def test_burrow_reports_group_lag(bootstrap, burrow_factory, kafka_version):
    topic = "burrow-" + uuid.uuid4().hex[:10]
    group = "burrow-group-" + uuid.uuid4().hex[:8]
    create_topic(bootstrap, topic, partitions=PARTITIONS)
    produce(bootstrap, topic, [40, 25, 10])

    # A real group member consumes part of the topic and commits what it read.
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                     "auto.offset.reset": "earliest", "session.timeout.ms": 30000, "client.id": "lag-member"})
    try:
        c.subscribe([topic])
        seen = [0] * PARTITIONS
        deadline = time.monotonic() + T
        while sum(seen) < 50 and time.monotonic() < deadline:
            for m in c.consume(num_messages=10, timeout=0.5):
                assert m.error() is None, m.error()
                seen[m.partition()] = max(seen[m.partition()], m.offset() + 1)
        assert sum(seen) >= 50, seen
        c.commit(asynchronous=False)
        committed = [tp.offset for tp in sorted(c.committed([ck.TopicPartition(topic, p)
                                                              for p in range(PARTITIONS)], timeout=10),
                                                       key=lambda tp: tp.partition)]
        # Partitions the member never read from have no commit: commit 0 for them.
        committed = [o if o >= 0 else 0 for o in committed]
        commit(c, topic, committed)

        burrow = burrow_factory(kafka_version)
        wait_lag(burrow, c, group, topic, committed, bootstrap, "first commit")

        # More records: the lag grows by what was produced.
        produce(bootstrap, topic, [7, 0, 3])
        wait_lag(burrow, c, group, topic, committed, bootstrap, "after producing")

        # The member commits further: the lag shrinks.
        hwm = [watermarks(bootstrap, topic, p)[1] for p in range(PARTITIONS)]
        committed = [hwm[0] - 3, min(committed[1] + 5, hwm[1]), hwm[2]]
        commit(c, topic, committed)
        wait_lag(burrow, c, group, topic, committed, bootstrap, "after committing")
        assert lag_of(burrow, group)[(topic, 2)] == (committed[2], 0)

        # The group's membership record (GroupMetadata) names the host of
        # the member owning each partition; when it leaves, the group is
        # Empty and Burrow clears the owners.
        wait_owners(burrow, group, {(topic, p): "/127.0.0.1" for p in range(PARTITIONS)},
                    "member owns every partition")
        c.close()
        c = None
        wait_owners(burrow, group, {(topic, p): "" for p in range(PARTITIONS)}, "member left")
    finally:
        if c is not None:
            c.close()


def test_offsets_topic_is_internal(bootstrap):
    """__consumer_offsets is listed as internal, compacted, readable, and
    refuses produce and deletion, as Kafka's does."""
    from confluent_kafka.admin import AdminClient, ConfigResource

    group = "internal-" + uuid.uuid4().hex[:8]
    topic = "internal-src-" + uuid.uuid4().hex[:8]
    create_topic(bootstrap, topic)
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    commit(c, topic, [5])
    c.close()

    a = AdminClient({"bootstrap.servers": bootstrap})
    md = a.list_topics(timeout=10)
    assert "__consumer_offsets" in md.topics
    assert len(md.topics["__consumer_offsets"].partitions) == 50

    res = ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets")
    cfg = a.describe_configs([res])[res].result(10)
    assert cfg["cleanup.policy"].value == "compact"

    p = producer(bootstrap, message_timeout_ms=10000)
    reports = produce_all(p, "__consumer_offsets", [{"key": b"k", "value": b"v"}])
    assert reports[0][0] is not None
    assert reports[0][0].code() == ck.KafkaError.TOPIC_EXCEPTION, reports[0][0]

    fs = a.delete_topics(["__consumer_offsets"], operation_timeout=10)
    with pytest.raises(ck.KafkaException) as e:
        fs["__consumer_offsets"].result(10)
    assert e.value.args[0].code() == ck.KafkaError.TOPIC_EXCEPTION
    assert "__consumer_offsets" in a.list_topics(timeout=10).topics

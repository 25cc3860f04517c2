"""sarama (Go) consumer groups: join, consume, commit, leave, rejoin.

The client is tests/integration/go/sarama_group.go, built once per run
without modules (GOPATH mode) against Debian's golang-github-shopify-sarama-
dev.  It joins a group with sarama's ConsumerGroup at protocol 2.1.0, reads
until it has seen -n distinct messages, marks each one for the offset
manager to commit, leaves the group, and prints per partition the first and
last offset it read.  The test runs it twice with the same group: the second
run must start exactly at the offsets the first one committed and see only
the newly produced messages; the committed offsets are then checked with
confluent-kafka against the log end offsets."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import HERE, unique_topic
from clients import ck, consumer, create_topic, produce_all, producer, watermarks

GO = shutil.which("go")
GOCODE = "/usr/share/gocode"
SARAMA = os.path.join(GOCODE, "src", "github.com", "Shopify", "sarama")

pytestmark = pytest.mark.skipif(GO is None or not os.path.isdir(SARAMA),
                                reason="go or golang-github-shopify-sarama-dev missing (tools/install-deps.sh --test)")

PARTITIONS = 3
_PART_RE = re.compile(r"^partition (\d+) first (-?\d+) last (-?\d+) count (\d+)$", re.MULTILINE)


@pytest.fixture(scope="session")
def sarama_group(tmp_path_factory):
    out = tmp_path_factory.mktemp("sarama_group")
    exe = str(out / "sarama_group")
    env = dict(os.environ, GO111MODULE="off", GOPATH="%s:%s" % (GOCODE, out), GOFLAGS="",
               CGO_CFLAGS="-O2 -Wno-deprecated-declarations")
    if not any(env.get(k) for k in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
        env["GOCACHE"] = str(out / "cache")
    p = subprocess.run([GO, "build", "-o", exe, "sarama_group.go"], cwd=os.path.join(HERE, "go"), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, "go build failed:\n" + p.stdout.decode(errors="replace")
    return exe


def run_group(exe, bootstrap, topic, group, n):
    """Runs the program; returns ({partition: (first, last, count)}, duplicates, output)."""
    args = [exe, "-brokers", bootstrap, "-topic", topic, "-group", group, "-n", str(n), "-timeout", "90s"]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out[-3000:]
    assert out.strip().endswith("consumed %d" % n), out[-3000:]
    parts = {int(m.group(1)): (int(m.group(2)), int(m.group(3)), int(m.group(4))) for m in _PART_RE.finditer(out)}
    dups = re.search(r"^duplicates (\d+)$", out, re.MULTILINE)
    assert dups is not None, out[-3000:]
    return parts, int(dups.group(1)), out


def produce_round(bootstrap, topic, per_partition, tag):
    p = producer(bootstrap)
    for part, count in enumerate(per_partition):
        msgs = [{"key": b"k%d" % i, "value": b"%s-%d-%d" % (tag, part, i)} for i in range(count)]
        for err, _, _ in produce_all(p, topic, msgs, partition=part):
            assert err is None, err


def log_ends(bootstrap, topic):
    return [watermarks(bootstrap, topic, part)[1] for part in range(PARTITIONS)]


def committed(bootstrap, topic, group):
    c = consumer(bootstrap, group_id=group)
    try:
        tps = c.committed([ck.TopicPartition(topic, part) for part in range(PARTITIONS)], timeout=10)
    finally:
        c.close()
    for tp in tps:
        assert tp.error is None, tp.error
    return [tp.offset for tp in sorted(tps, key=lambda t: t.partition)]


@pytest.mark.slow
def test_sarama_group_commit_and_rejoin(sarama_group, server_factory):
    srv = server_factory(conf={"group.initial.rebalance.delay.ms": "0"})
    bs = srv.bootstrap
    topic = unique_topic("sarama-group")
    group = unique_topic("sarama-g")
    create_topic(bs, topic, partitions=PARTITIONS)

    # Round 1: 3000 messages, a fresh group starts from the oldest offset.
    produce_round(bs, topic, [1000, 1000, 1000], b"r1")
    ends1 = log_ends(bs, topic)
    assert ends1 == [1000, 1000, 1000]
    parts, dups, out = run_group(sarama_group, bs, topic, group, 3000)
    assert dups == 0, out[-3000:]
    assert parts == {part: (0, ends1[part] - 1, ends1[part]) for part in range(PARTITIONS)}, out[-3000:]
    assert committed(bs, topic, group) == ends1, out[-3000:]

    # Round 2: 1000 more; the rejoining member must resume at the committed
    # offsets and see exactly the new messages.
    produce_round(bs, topic, [334, 333, 333], b"r2")
    ends2 = log_ends(bs, topic)
    assert ends2 == [1334, 1333, 1333]
    parts, dups, out = run_group(sarama_group, bs, topic, group, 1000)
    assert dups == 0, out[-3000:]
    assert parts == {part: (ends1[part], ends2[part] - 1, ends2[part] - ends1[part]) for part in range(PARTITIONS)}, \
        out[-3000:]
    assert committed(bs, topic, group) == ends2, out[-3000:]

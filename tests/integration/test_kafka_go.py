"""segmentio's kafka-go (Go, Debian's golang-github-segmentio-kafka-go-dev
0.2.x) against chronik-server: CreateTopics, a Writer producing keyed
messages, and Readers joining a consumer group (FindCoordinator, JoinGroup,
SyncGroup, Heartbeat, OffsetFetch, Fetch, OffsetCommit, LeaveGroup).  The
client is tests/integration/go/kafkago_client.go, built once per run
without modules (GOPATH mode) against /usr/share/gocode."""

import os
import shutil
import subprocess
import uuid

import pytest

from clients import ck, watermarks
from conftest import HERE

GO = shutil.which("go")
GOCODE = "/usr/share/gocode"
KAFKA_GO = os.path.join(GOCODE, "src", "github.com", "segmentio", "kafka-go")

pytestmark = pytest.mark.skipif(GO is None or not os.path.isdir(KAFKA_GO),
                                reason="go or golang-github-segmentio-kafka-go-dev missing "
                                       "(tools/install-deps.sh --test)")

PARTITIONS = 3


@pytest.fixture(scope="session")
def kafkago_client(tmp_path_factory):
    out = tmp_path_factory.mktemp("kafkago")
    exe = str(out / "kafkago_client")
    env = dict(os.environ, GO111MODULE="off", GOPATH="%s:%s" % (GOCODE, out), GOFLAGS="")
    if not any(env.get(k) for k in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
        env["GOCACHE"] = str(out / "cache")
    p = subprocess.run([GO, "build", "-o", exe, "kafkago_client.go"], cwd=os.path.join(HERE, "go"), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, "go build failed:\n" + p.stdout.decode(errors="replace")
    return exe


def test_kafka_go_produce_consume_group(kafkago_client, bootstrap):
    topic = "kafkago-" + uuid.uuid4().hex[:10]
    group = "kafkago-group-" + uuid.uuid4().hex[:8]
    n, more = 600, 150
    p = subprocess.run([kafkago_client, "-brokers", bootstrap, "-topic", topic, "-group", group,
                        "-partitions", str(PARTITIONS), "-n", str(n), "-more", str(more), "-timeout", "100s"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=150)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out[-3000:]
    assert out.strip().endswith("ok %d" % (n + more)), out[-3000:]

    # Every record is in the topic, spread by key over the partitions, and
    # the group's committed offset of each partition is its high watermark.
    hwms = [watermarks(bootstrap, topic, part)[1] for part in range(PARTITIONS)]
    assert sum(hwms) == n + more
    assert all(h > 0 for h in hwms), hwms
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        committed = c.committed([ck.TopicPartition(topic, part) for part in range(PARTITIONS)], timeout=10)
    finally:
        c.close()
    assert sorted((tp.partition, tp.offset) for tp in committed) == list(enumerate(hwms))

"""kafkajs (npm) against chronik-server: produce (checked with kafkajs's own
consumer and with librdkafka), a consumer group reading from the beginning,
and topic administration.  The client is tests/integration/js/client.js;
kafkajs is installed into js/node_modules by tools/install-deps.sh --test."""

import os
import shutil
import subprocess

import pytest

from conftest import HERE, check_api_versions, unique_topic

NODE = shutil.which("node")
JS = os.path.join(HERE, "js")
pytestmark = pytest.mark.skipif(
    NODE is None or not os.path.isdir(os.path.join(JS, "node_modules", "kafkajs")),
    reason="node or kafkajs missing (tools/install-deps.sh --test)")


def js(*args):
    p = subprocess.run([NODE, "client.js"] + [str(a) for a in args], cwd=JS, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=90)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out[-3000:]
    return out.strip().splitlines()[-1]


@pytest.mark.parametrize("codec", ["none", "gzip"])
def test_kafkajs_produce(bootstrap, codec):
    from clients import consume
    topic = unique_topic("kjs")
    n = 2000
    assert js("produce", bootstrap, topic, n, codec) == "ok %d" % n
    got = consume(bootstrap, topic, n)
    assert [(m.offset(), m.key(), m.value()) for m in got] == \
        [(i, b"key-%d" % i, b"value-%d-" % i + b"x" * (i % 100)) for i in range(n)]
    assert all(m.headers() == [("idx", b"%d" % i)] for i, m in enumerate(got))


GROUP_APIS = {10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
              8: "OffsetCommit", 9: "OffsetFetch"}


def test_kafkajs_consume_group(server, bootstrap):
    # kafkajs can only consume through a consumer group.
    missing = [name for key, name in GROUP_APIS.items() if key not in check_api_versions(server.port)]
    if missing:
        pytest.skip("the broker does not advertise the consumer-group APIs (%s)" % ", ".join(missing))
    topic = unique_topic("kjsc")
    n = 1000
    assert js("produce", bootstrap, topic, n) == "ok %d" % n
    assert js("consume", bootstrap, topic, n) == "ok %d" % n


def test_kafkajs_admin(bootstrap):
    assert js("admin", bootstrap, unique_topic("kjsa")) == "ok"

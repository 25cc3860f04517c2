"""librdkafka's C API (tests/integration/c/rdkafka_client.c, built by meson
when librdkafka-dev is installed): produce with acks 0/1/all, with and
without idempotence, under each codec; consume with an assigned consumer;
keys, values, headers (incl. a null one) and CreateTime timestamps checked."""

import os
import subprocess

import pytest

from conftest import SERVER_BIN, unique_topic

CLIENT = os.environ.get("CHRONIK_RDKAFKA_CLIENT") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(SERVER_BIN))), "tests", "integration", "rdkafka_client")
pytestmark = pytest.mark.skipif(not os.access(CLIENT, os.X_OK),
                                reason="rdkafka_client not built (librdkafka-dev missing: tools/install-deps.sh --test)")


def run(bootstrap, n, codec="none", acks="all", idempotent="false"):
    p = subprocess.run([CLIENT, bootstrap, unique_topic("rdk"), str(n), codec, acks, idempotent],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=150)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0 and out.strip().endswith("ok %d" % n), out[-3000:]


@pytest.mark.parametrize("acks", ["0", "1", "all"])
def test_rdkafka_acks(bootstrap, acks):
    run(bootstrap, 5000, acks=acks)


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_rdkafka_codecs_idempotent(bootstrap, codec):
    run(bootstrap, 5000, codec=codec, idempotent="true")

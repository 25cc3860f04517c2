"""sarama (Go, Debian's golang-github-shopify-sarama-dev): produce with a
SyncProducer and consume with a partition consumer, at old and new protocol
versions and under each codec.  The client is tests/integration/go/
sarama_client.go, built once per run without modules (GOPATH mode)."""

import os
import shutil
import subprocess

import pytest

from conftest import HERE, unique_topic

GO = shutil.which("go")
GOCODE = "/usr/share/gocode"
SARAMA = os.path.join(GOCODE, "src", "github.com", "Shopify", "sarama")

pytestmark = pytest.mark.skipif(GO is None or not os.path.isdir(SARAMA),
                                reason="go or golang-github-shopify-sarama-dev missing (tools/install-deps.sh --test)")


@pytest.fixture(scope="session")
def sarama_client(tmp_path_factory):
    out = tmp_path_factory.mktemp("sarama")
    exe = str(out / "sarama_client")
    env = dict(os.environ, GO111MODULE="off", GOPATH="%s:%s" % (GOCODE, out), GOFLAGS="",
               CGO_CFLAGS="-O2 -Wno-deprecated-declarations")
    if not any(env.get(k) for k in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
        env["GOCACHE"] = str(out / "cache")
    p = subprocess.run([GO, "build", "-o", exe, "sarama_client.go"], cwd=os.path.join(HERE, "go"), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, "go build failed:\n" + p.stdout.decode(errors="replace")
    return exe


def run_client(exe, bootstrap, **kw):
    topic = unique_topic("sarama")
    args = [exe, "-brokers", bootstrap, "-topic", topic, "-timeout", "90s"]
    for k, v in kw.items():
        args += ["-" + k, str(v)]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0, out[-3000:]
    assert out.strip().endswith("ok %s" % kw.get("n", 1000)), out[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("version", ["0.8.2.0", "0.10.0.0", "0.11.0.0", "2.1.0"])
def test_sarama_versions(sarama_client, bootstrap, version):
    run_client(sarama_client, bootstrap, version=version, n=1000)


@pytest.mark.slow
@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_sarama_codecs(sarama_client, bootstrap, codec):
    run_client(sarama_client, bootstrap, version="2.1.0", codec=codec, n=1000)

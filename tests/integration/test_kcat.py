"""kcat: 10,000 messages with keys and headers under each codec (none, gzip,
snappy, lz4, zstd), produced with `kcat -P -K: -H` and read back with
`kcat -C -o beginning -e`, byte-identical."""

import os
import random
import shutil
import subprocess

import pytest

from conftest import unique_topic

KCAT = shutil.which("kcat") or shutil.which("kafkacat")
pytestmark = pytest.mark.skipif(KCAT is None, reason="kcat is not installed (tools/install-deps.sh --test)")

N = 10_000
# Printable bytes (and some UTF-8) without the key delimiter ':' and the
# message delimiter '\n'; the field separators of the output format below
# never occur in them either.
ALPHABET = [c for c in (b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()*+,-./;<=>?@[]^_{}~")]


def make_lines(seed):
    rnd = random.Random(seed)
    out = []
    for i in range(N):
        key = b"key-%05d" % i
        size = rnd.choice((0, 1, 10, 100, 100, 100, 1000, 4000))
        value = bytes(rnd.choice(ALPHABET) for _ in range(size))
        if i % 97 == 0:
            value += "ü€漢".encode()
        out.append((key, value))
    return out


def run(args, input_bytes=None, timeout=120):
    p = subprocess.run(args, input=input_bytes, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p


@pytest.mark.slow
@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_kcat_roundtrip(bootstrap, codec):
    topic = unique_topic("kcat-" + codec)
    lines = make_lines(hash(codec) & 0xFFFF)
    data = b"".join(k + b":" + v + b"\n" for k, v in lines)
    headers = ["-H", "codec=" + codec, "-H", "trace=abc:def", "-H", "empty="]
    p = run([KCAT, "-P", "-b", bootstrap, "-t", topic, "-p", "0", "-K:", "-z", codec,
             "-X", "message.timeout.ms=60000", "-X", "linger.ms=20", "-X", "queue.buffering.max.messages=200000",
             "-q"] + headers, input_bytes=data)
    assert p.returncode == 0, "kcat -P failed (%d): %s" % (p.returncode, p.stderr.decode(errors="replace")[-2000:])
    assert b"failed" not in p.stderr.lower(), p.stderr.decode(errors="replace")[-2000:]

    fmt = "%o\x1f%k\x1f%s\x1f%h\x1e"
    c = run([KCAT, "-C", "-b", bootstrap, "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q",
             "-f", fmt, "-X", "fetch.wait.max.ms=100"])
    assert c.returncode == 0, "kcat -C failed (%d): %s" % (c.returncode, c.stderr.decode(errors="replace")[-2000:])
    recs = c.stdout.split(b"\x1e")
    assert recs[-1] == b""
    recs = recs[:-1]
    assert len(recs) == N, "read %d of %d messages back" % (len(recs), N)
    want_headers = b"codec=" + codec.encode() + b",trace=abc:def,empty="
    for i, (rec, (key, value)) in enumerate(zip(recs, lines)):
        off, k, v, h = rec.split(b"\x1f")
        assert int(off) == i
        assert k == key, (i, k, key)
        assert v == value, (i, v[:80], value[:80])
        assert h == want_headers, (i, h)


def test_kcat_metadata_list(bootstrap):
    topic = unique_topic("kcat-list")
    p = run([KCAT, "-P", "-b", bootstrap, "-t", topic, "-q"], input_bytes=b"one\ntwo\n", timeout=60)
    assert p.returncode == 0, p.stderr
    m = run([KCAT, "-L", "-b", bootstrap, "-t", topic], timeout=60)
    assert m.returncode == 0, m.stderr
    out = m.stdout.decode()
    assert 'topic "%s" with 1 partitions' % topic in out, out
    assert "leader 1" in out or "leader 0" in out or "leader" in out, out


def test_kcat_offsets_and_tail(bootstrap):
    topic = unique_topic("kcat-tail")
    msgs = b"".join(b"m%d\n" % i for i in range(100))
    p = run([KCAT, "-P", "-b", bootstrap, "-t", topic, "-q"], input_bytes=msgs, timeout=60)
    assert p.returncode == 0, p.stderr
    c = run([KCAT, "-C", "-b", bootstrap, "-t", topic, "-o", "-10", "-e", "-q", "-f", "%o:%s\n"], timeout=60)
    assert c.returncode == 0, c.stderr
    assert c.stdout.decode().split() == ["%d:m%d" % (i, i) for i in range(90, 100)]
    c = run([KCAT, "-C", "-b", bootstrap, "-t", topic, "-o", "42", "-c", "3", "-q", "-f", "%o:%s\n"], timeout=60)
    assert c.returncode == 0, c.stderr
    assert c.stdout.decode().split() == ["42:m42", "43:m43", "44:m44"]


def test_kcat_binary_values_with_delimiter_option(bootstrap, tmp_path):
    # -D sets a message delimiter that does not occur in the data: values with
    # newlines and NULs travel intact.
    topic = unique_topic("kcat-bin")
    values = [os.urandom(64).replace(b"\x01\x02\x03", b"") for _ in range(200)]
    data = b"\x01\x02\x03".join(values) + b"\x01\x02\x03"
    p = run([KCAT, "-P", "-b", bootstrap, "-t", topic, "-D", "\x01\x02\x03", "-q", "-z", "lz4"],
            input_bytes=data, timeout=60)
    assert p.returncode == 0, p.stderr
    c = run([KCAT, "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-D", "\x01\x02\x03"],
            timeout=60)
    assert c.returncode == 0, c.stderr
    assert c.stdout == data

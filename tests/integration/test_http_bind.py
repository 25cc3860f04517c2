"""Where the REST API listens: on bind.address (`--bind`,
CHRONIK_BIND_ADDR) unless http.listen names a host.  --http-port and
CHRONIK_HTTP_PORT set only the port; http.listen=":PORT" (the form of the
default, ":6092") means the bind address; an explicit http.listen host wins.

Ports are 0 (picked by the server, read from its summary line), so nothing
here depends on 6092 being free.  The bound address is read from the
kernel's socket table (/proc/net/tcp, tcp6), and /health is asked on it."""

import os
import re
import time
import urllib.request

import pytest

_HTTP_RE = re.compile(r"http listening on (\S+):(\d+)")

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/net/tcp"), reason="needs Linux's /proc/net/tcp")


def http_address(srv, timeout=30):
    """(host, port) from the server's summary line, waiting for it."""
    deadline = time.monotonic() + timeout
    while True:
        for line in list(srv.logs):
            m = _HTTP_RE.search(line)
            if m:
                return m.group(1), int(m.group(2))
        assert time.monotonic() < deadline, "no 'http listening' line within %ds:\n%s" % (timeout, srv.log_tail())
        assert srv.running(), "the server exited:\n" + srv.log_tail()
        time.sleep(0.05)


def listening_addresses(port):
    """Local addresses (as text) of the TCP sockets listening on port."""
    out = []
    for path, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            with open(path) as fh:
                rows = fh.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            f = row.split()
            local, state = f[1], f[3]
            addr, p = local.split(":")
            if state != "0A" or int(p, 16) != port:        # 0A: LISTEN
                continue
            raw = bytes.fromhex(addr)
            if v6:
                # four little-endian 32-bit words
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                out.append("[%s]" % ":".join("%x" % int.from_bytes(raw[i:i + 2], "big") for i in range(0, 16, 2)))
            else:
                out.append(".".join(str(b) for b in raw[::-1]))
    return out


def health(host, port):
    with urllib.request.urlopen("http://%s:%d/health" % (host, port), timeout=30) as r:
        return r.status


@pytest.mark.parametrize("how", ["default-form", "http-port-flag", "env"])
def test_rest_api_follows_bind_address(server_factory, how):
    # conftest starts every server with --bind 127.0.0.1.
    if how == "default-form":
        srv = server_factory(conf={"http.listen": ":0"})
    elif how == "http-port-flag":
        srv = server_factory(conf={"http.listen": None}, extra_args=["--http-port", "0"])
    else:
        srv = server_factory(conf={"http.listen": None}, env={"CHRONIK_HTTP_PORT": "0"})
    host, port = http_address(srv)
    assert host == "127.0.0.1", srv.log_tail()
    assert listening_addresses(port) == ["127.0.0.1"], listening_addresses(port)
    assert health("127.0.0.1", port) == 200


def test_explicit_http_listen_host_wins(server_factory):
    srv = server_factory(conf={"http.listen": "0.0.0.0:0"})
    host, port = http_address(srv)
    assert host == "0.0.0.0", srv.log_tail()
    assert listening_addresses(port) == ["0.0.0.0"], listening_addresses(port)
    assert health("127.0.0.1", port) == 200


def test_kafka_and_rest_on_the_same_address(server_factory):
    """The Kafka listener keeps binding where --bind says, and the REST API
    sits next to it."""
    srv = server_factory(conf={"http.listen": None}, extra_args=["--http-port", "0"])
    host, port = http_address(srv)
    assert listening_addresses(srv.port) == ["127.0.0.1"], listening_addresses(srv.port)
    assert (host, listening_addresses(port)) == ("127.0.0.1", ["127.0.0.1"])

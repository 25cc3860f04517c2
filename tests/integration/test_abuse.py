"""Abuse over raw sockets: garbage, truncated frames, huge or negative size
prefixes, unknown API keys, clients that vanish or never read.  Each bad
connection must be closed by the server (or answered with Kafka's error code
where the protocol has one), and the server must go on serving normal
clients afterwards."""

import os
import socket
import struct
import time

import pytest

from conftest import (api_versions_request, check_api_versions, parse_api_versions_v0, recv_frame)

CLOSE_TIMEOUT = 15.0


def connect(server, timeout=CLOSE_TIMEOUT):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    s.settimeout(timeout)
    return s


def assert_closed_by_server(sock, what):
    """Reads until EOF; fails if the server keeps the connection open or
    answers with a frame."""
    got = b""
    deadline = time.monotonic() + CLOSE_TIMEOUT
    try:
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            got += chunk
        else:
            pytest.fail("%s: the server did not close the connection within %.0fs" % (what, CLOSE_TIMEOUT))
    except (ConnectionResetError, BrokenPipeError):
        pass
    except socket.timeout:
        pytest.fail("%s: the server did not close the connection within %.0fs" % (what, CLOSE_TIMEOUT))
    finally:
        sock.close()
    assert got == b"", "%s: expected the connection to be closed, got %d bytes back: %r" % (what, len(got), got[:64])


def send_quietly(sock, data):
    try:
        sock.sendall(data)
    except (ConnectionResetError, BrokenPipeError):
        pass            # closing before reading everything is a fine refusal


def header(api_key, version, corr, client_id=b"abuse"):
    return struct.pack(">hhih", api_key, version, corr, len(client_id)) + client_id


def frame(body):
    return struct.pack(">i", len(body)) + body


def still_serving(server):
    check_api_versions(server.port)


def test_garbage_bytes(server):
    s = connect(server)
    # Random bytes behind a size prefix no frame may have (negative): a
    # random prefix could be a legal size and the server would rightly wait.
    send_quietly(s, b"\xde\xad\xbe\xef" + os.urandom(4092))
    assert_closed_by_server(s, "random bytes")
    still_serving(server)


def test_http_request_on_kafka_port(server):
    s = connect(server)
    send_quietly(s, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert_closed_by_server(s, "an HTTP request")
    still_serving(server)


def test_two_gib_size_prefix(server):
    s = connect(server)
    send_quietly(s, struct.pack(">i", 0x7FFFFFFF) + header(18, 0, 1))
    assert_closed_by_server(s, "a 2 GiB size prefix")
    still_serving(server)


@pytest.mark.parametrize("size", [-1, -2147483648, 0, 1, 3])
def test_bad_size_prefix(server, size):
    s = connect(server)
    send_quietly(s, struct.pack(">i", size) + b"\x00" * max(size, 0))
    assert_closed_by_server(s, "size prefix %d" % size)
    still_serving(server)


def test_size_over_request_max_bytes(server):
    # socket.request.max.bytes defaults to 100 MiB: 200 MiB is refused from the prefix alone.
    s = connect(server)
    send_quietly(s, struct.pack(">i", 200 * 1024 * 1024) + header(0, 3, 7) + b"\x00" * 1024)
    assert_closed_by_server(s, "a 200 MiB size prefix")
    still_serving(server)


def test_truncated_frame_then_eof(server):
    s = connect(server)
    full = api_versions_request(correlation_id=9)
    send_quietly(s, struct.pack(">i", 100) + full[4:])      # says 100 bytes, sends fewer
    s.shutdown(socket.SHUT_WR)
    assert_closed_by_server(s, "a truncated frame followed by EOF")
    still_serving(server)


def test_truncated_header_inside_frame(server):
    # A complete frame whose body ends inside the request header.
    for body in (b"\x00", b"\x00\x12", b"\x00\x12\x00\x00", b"\x00\x12\x00\x00\x00\x00\x00",
                 struct.pack(">hhih", 18, 0, 5, 50) + b"short"):
        s = connect(server)
        send_quietly(s, frame(body))
        assert_closed_by_server(s, "a frame of %d bytes with a truncated header" % len(body))
    still_serving(server)


def test_truncated_produce_body(server):
    # Produce v3 header, then a body cut short in the middle of the topic array.
    body = header(0, 3, 11) + struct.pack(">hhii", -1, 1, 1000, 1) + b"\x00\x05ab"
    s = connect(server)
    send_quietly(s, frame(body))
    assert_closed_by_server(s, "a truncated Produce body")
    still_serving(server)


def test_garbage_produce_records(server):
    # Produce v7 for a topic with a records field full of garbage: the
    # request parses, the batch does not.  The broker may answer with an
    # error code (CORRUPT_MESSAGE / INVALID_RECORD) or close; either way it
    # keeps serving.
    topic = b"abuse-topic"
    records = os.urandom(200)
    body = (header(0, 7, 12) + struct.pack(">hhi", -1, 1, 5000) + struct.pack(">i", 1)
            + struct.pack(">h", len(topic)) + topic + struct.pack(">i", 1)
            + struct.pack(">i", 0) + struct.pack(">i", len(records)) + records)
    s = connect(server)
    send_quietly(s, frame(body))
    try:
        resp = recv_frame(s)
        (corr,) = struct.unpack(">i", resp[:4])
        assert corr == 12
    except (ConnectionError, socket.timeout, OSError):
        pass
    finally:
        s.close()
    still_serving(server)


@pytest.mark.parametrize("api_key", [9999, 32767, -5, 1000])
def test_unknown_api_key(server, api_key):
    s = connect(server)
    send_quietly(s, frame(header(api_key, 0, 77)))
    assert_closed_by_server(s, "unknown API key %d" % api_key)
    still_serving(server)


def test_unsupported_api_versions_version(server):
    # ApiVersions at a version the broker does not know (as a newer client
    # sends it: request header v2, a v3-style body): Kafka answers v0 with
    # UNSUPPORTED_VERSION (35), the request's correlation id, and the
    # versions it does support, so that the client can retry lower.
    cid = b"future-client"
    body = (struct.pack(">hhih", 18, 127, 31337, len(cid)) + cid + b"\x00"     # header v2, no tags
            + b"\x07future" + b"\x041.0" + b"\x00")                           # compact strings, no tags
    s = connect(server)
    s.sendall(frame(body))
    corr, err, apis = parse_api_versions_v0(recv_frame(s))
    s.close()
    assert corr == 31337
    assert err == 35, "expected UNSUPPORTED_VERSION, got error %d" % err
    assert 18 in apis
    still_serving(server)


def test_unsupported_version_of_known_api(server):
    # Metadata v999 is refused (closed, or an answer carrying the correlation id).
    s = connect(server)
    send_quietly(s, frame(header(3, 999, 55) + b"\x00\x00\x00\x00"))
    try:
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
            if len(got) >= 8:
                (corr,) = struct.unpack(">i", got[4:8])
                assert corr == 55
                break
    except (ConnectionResetError, socket.timeout):
        pass
    finally:
        s.close()
    still_serving(server)


def test_client_vanishes_mid_request(server):
    for _ in range(20):
        s = connect(server)
        send_quietly(s, struct.pack(">i", 5000) + header(0, 7, 1) + b"\x00" * 100)
        s.close()
    still_serving(server)


def test_client_that_never_reads(server):
    # Pipeline many requests and never read the responses; the server must
    # not block other clients (it may close this connection).
    s = connect(server)
    s.settimeout(2.0)
    req = api_versions_request(correlation_id=1)
    sent = 0
    deadline = time.monotonic() + 10
    try:
        while sent < 20000 and time.monotonic() < deadline:
            s.sendall(req * 100)
            sent += 100
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    still_serving(server)
    s.close()
    still_serving(server)


def test_many_connections_opened_and_dropped(server):
    socks = []
    try:
        for _ in range(200):
            socks.append(connect(server))
    finally:
        for s in socks:
            s.close()
    still_serving(server)


def test_pipelined_requests_answered_in_order(server):
    s = connect(server)
    s.sendall(b"".join(api_versions_request(correlation_id=i) for i in range(1, 51)))
    for i in range(1, 51):
        corr, err, _ = parse_api_versions_v0(recv_frame(s))
        assert (corr, err) == (i, 0)
    s.close()


def test_real_client_after_abuse(server):
    """All of the above on one server, then a real client produces and consumes."""
    ck = pytest.importorskip("confluent_kafka")
    for payload in (b"\xde\xad\xbe\xef" + os.urandom(60), struct.pack(">i", 0x7FFFFFFF), frame(header(9999, 0, 1)),
                    struct.pack(">i", 100) + b"\x00\x12"):
        s = connect(server)
        send_quietly(s, payload)
        if payload.startswith(struct.pack(">i", 100)):
            s.shutdown(socket.SHUT_WR)
        assert_closed_by_server(s, "payload %r" % payload[:8])
    topic = "after-abuse"
    p = ck.Producer({"bootstrap.servers": server.bootstrap, "message.timeout.ms": 20000})
    errors = []
    for i in range(100):
        p.produce(topic, value=b"v%d" % i, key=b"k%d" % i,
                  on_delivery=lambda err, msg: errors.append(err) if err else None)
    assert p.flush(30) == 0, "messages still in flight"
    assert not errors, errors
    c = ck.Consumer({"bootstrap.servers": server.bootstrap, "group.id": "abuse-check",
                     "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    try:
        c.assign([ck.TopicPartition(topic, 0, ck.OFFSET_BEGINNING)])
        got = []
        deadline = time.monotonic() + 30
        while len(got) < 100 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and not m.error():
                got.append(m.value())
        assert got == [b"v%d" % i for i in range(100)]
    finally:
        c.close()

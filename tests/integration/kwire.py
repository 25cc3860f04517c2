"""Raw Kafka requests for the tests of APIs no installed client sends: the
flexible (KIP-482) encoding of request header v2 and compact strings and
arrays, one request per connection, and a reader for the response body."""

import socket
import struct


def uvarint(n):
    out = b""
    while True:
        if n < 0x80:
            return out + bytes([n])
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7


def cstr(s):
    """A compact nullable string."""
    if s is None:
        return b"\x00"
    b = s.encode()
    return uvarint(len(b) + 1) + b


class Reader:
    """Reads a flexible response body."""

    def __init__(self, b):
        self.b, self.p = b, 0

    def take(self, n):
        v = self.b[self.p:self.p + n]
        self.p += n
        return v

    def i8(self):
        return struct.unpack(">b", self.take(1))[0]

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def uv(self):
        n, shift = 0, 0
        while True:
            b = self.take(1)[0]
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return n

    def str(self):
        n = self.uv()
        return None if n == 0 else self.take(n - 1).decode()

    def tags(self):
        for _ in range(self.uv()):
            self.uv()
            self.take(self.uv())

    def i32s(self):
        n = self.uv()
        return None if n == 0 else [self.i32() for _ in range(n - 1)]


def request(port, api_key, version, body, corr=7, client_id="it"):
    """Sends one flexible request (header v2) to 127.0.0.1:port and returns a
    Reader positioned after the response header."""
    cid = client_id.encode()
    frame = struct.pack(">hhi", api_key, version, corr) + struct.pack(">h", len(cid)) + cid + b"\x00" + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", s.recv(4, socket.MSG_WAITALL))[0]
        r = Reader(s.recv(size, socket.MSG_WAITALL))
    assert r.i32() == corr
    r.tags()
    return r

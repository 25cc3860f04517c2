"""Makes the package importable from the source tree and enables its pytest plugin."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytest_plugins = ["chronik.pytest_plugin"]


def api_versions(port, host="127.0.0.1"):
    """{api_key: (min, max)} from one ApiVersions v0 round trip over a raw socket."""
    import socket
    import struct

    def read(s, n):
        data = b""
        while len(data) < n:
            chunk = s.recv(n - len(data))
            if not chunk:
                raise ConnectionError("broker closed the connection")
            data += chunk
        return data

    with socket.create_connection((host, port), timeout=10) as s:
        body = struct.pack(">hhih", 18, 0, 7, 4) + b"test"
        s.sendall(struct.pack(">i", len(body)) + body)
        (size,) = struct.unpack(">i", read(s, 4))
        data = read(s, size)
    corr, err, n = struct.unpack(">ihi", data[:10])
    assert corr == 7 and err == 0, (corr, err)
    out = {}
    for i in range(n):
        key, lo, hi = struct.unpack(">hhh", data[10 + 6 * i:16 + 6 * i])
        out[key] = (lo, hi)
    return out


def supports_groups(port):
    """True if the broker answers FindCoordinator, JoinGroup and OffsetCommit."""
    keys = api_versions(port)
    return all(k in keys for k in (8, 10, 11))

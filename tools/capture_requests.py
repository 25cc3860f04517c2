#!/usr/bin/env python3
"""Capture Kafka request frames sent by a real client, for the fuzz corpus.

Listens on 127.0.0.1 (a free port unless --port is given), prints the port,
accepts connections, reads size-prefixed frames and saves each frame body
(request header + request) as <out-dir>/<prefix>-<apikey>-v<version>-<n>.bin.
ApiVersions requests get a minimal valid answer advertising common APIs, so the
client goes on to send its next requests (Metadata, ...); other requests get no
answer and the client eventually times out.  Stops after --seconds.

Example:
  python3 tools/capture_requests.py tests/fuzz/corpus/request --seconds 5 &
  kcat -b 127.0.0.1:PORT -L
Only Python's standard library is used.
"""

import argparse
import os
import socket
import struct
import sys
import threading
import time

# (api key, min, max) advertised in the ApiVersions answer.
ADVERTISED = [
    (0, 0, 9), (1, 0, 12), (2, 0, 7), (3, 0, 12), (8, 0, 8), (9, 0, 8),
    (10, 0, 4), (11, 0, 7), (12, 0, 4), (13, 0, 4), (14, 0, 5), (15, 0, 5),
    (16, 0, 4), (17, 0, 1), (18, 0, 3), (19, 0, 7), (20, 0, 6), (22, 0, 4),
    (24, 0, 3), (25, 0, 3), (26, 0, 3), (28, 0, 3), (32, 0, 4), (36, 0, 2),
]


def uvarint(n):
    out = b''
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def api_versions_response(corr, version):
    body = struct.pack('>h', 0)
    if version >= 3:
        body += uvarint(len(ADVERTISED) + 1)
        for k, lo, hi in ADVERTISED:
            body += struct.pack('>hhh', k, lo, hi) + b'\x00'
        body += struct.pack('>i', 0) + b'\x00'
    else:
        body += struct.pack('>i', len(ADVERTISED))
        for k, lo, hi in ADVERTISED:
            body += struct.pack('>hhh', k, lo, hi)
        if version >= 1:
            body += struct.pack('>i', 0)
    frame = struct.pack('>i', corr) + body   # response header v0, always
    return struct.pack('>i', len(frame)) + frame


def read_exact(sock, n):
    buf = b''
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class Saver:
    def __init__(self, out, prefix):
        self.out, self.prefix, self.n = out, prefix, 0
        self.lock = threading.Lock()

    def save(self, body):
        key, ver = struct.unpack('>hh', body[:4]) if len(body) >= 4 else (-1, -1)
        with self.lock:
            self.n += 1
            name = '%s-%02d-v%d-%03d.bin' % (self.prefix, key, ver, self.n)
        with open(os.path.join(self.out, name), 'wb') as fp:
            fp.write(body)
        return key, ver


def serve(conn, saver):
    conn.settimeout(1.0)
    try:
        while True:
            try:
                head = read_exact(conn, 4)
            except socket.timeout:
                continue
            if head is None:
                return
            (size,) = struct.unpack('>i', head)
            if size < 0 or size > 64 << 20:
                return
            body = read_exact(conn, size)
            if body is None:
                return
            key, ver = saver.save(body)
            if key == 18 and len(body) >= 8:
                (corr,) = struct.unpack('>i', body[4:8])
                conn.sendall(api_versions_response(corr, ver if 0 <= ver <= 3 else 0))
    except OSError:
        return
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out_dir')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--seconds', type=float, default=5.0)
    ap.add_argument('--prefix', default='capture')
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    saver = Saver(args.out_dir, args.prefix)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', args.port))
    srv.listen(16)
    srv.settimeout(0.2)
    print(srv.getsockname()[1], flush=True)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(conn, saver), daemon=True).start()
    srv.close()
    sys.stderr.write('captured %d frames into %s\n' % (saver.n, args.out_dir))
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/python3
"""sasl_bench.py — produce and consume throughput of one broker over its
PLAINTEXT listener and over its SASL_PLAINTEXT listener, in the same run,
with confluent-kafka (librdkafka), and SASL logins per second (PLAIN and
SCRAM-SHA-256 exchanges over raw connections, several at once).

    tools/sasl_bench.py --plain 127.0.0.1:9092 --sasl 127.0.0.1:9093 \\
        --user alice --password secret [--messages 200000] [--size 1000]

The broker needs both listeners, PLAIN and SCRAM-SHA-256 in
sasl.enabled.mechanisms and the user (CHRONIK_SASL_USERS).  Results go to
docs/PERFORMANCE.md next to each other."""

import argparse
import base64
import hashlib
import hmac
import os
import socket
import struct
import threading
import time
import uuid

import confluent_kafka as ck


def conf(args, sasl):
    c = {"bootstrap.servers": args.sasl if sasl else args.plain}
    if sasl:
        c.update({"security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": args.mechanism,
                  "sasl.username": args.user, "sasl.password": args.password})
    return c


def produce(args, sasl, topic):
    p = ck.Producer(dict(conf(args, sasl), **{"linger.ms": 5, "batch.num.messages": 10000,
                                               "queue.buffering.max.messages": 1000000}))
    value = os.urandom(args.size)
    t0 = time.monotonic()
    for _ in range(args.messages):
        while True:
            try:
                p.produce(topic, value)
                break
            except BufferError:
                p.poll(0.01)
    assert p.flush(300) == 0
    return time.monotonic() - t0


def consume(args, sasl, topic):
    c = ck.Consumer(dict(conf(args, sasl), **{"group.id": "bench-" + uuid.uuid4().hex,
                                               "auto.offset.reset": "earliest", "enable.auto.commit": False}))
    c.subscribe([topic])
    n, t0 = 0, None
    deadline = time.monotonic() + 300
    while n < args.messages and time.monotonic() < deadline:
        for m in c.consume(10000, 1.0):
            if m.error() is None:
                if t0 is None:
                    t0 = time.monotonic()
                n += 1
    dt = time.monotonic() - t0
    c.close()
    assert n >= args.messages
    return dt


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def call(s, corr, key, ver, body):
    h = struct.pack(">hhi", key, ver, corr) + struct.pack(">h", 5) + b"bench"
    s.sendall(struct.pack(">i", len(h) + len(body)) + h + body)
    n = struct.unpack(">i", recv_exact(s, 4))[0]
    return recv_exact(s, n)[4:]


def auth_bytes(resp):
    ml = struct.unpack(">h", resp[2:4])[0]
    off = 4 + max(ml, 0)
    bl = struct.unpack(">i", resp[off:off + 4])[0]
    return struct.unpack(">h", resp[:2])[0], resp[off + 4:off + 4 + bl]


def login(args, mech):
    host, port = args.sasl.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    mn = mech.encode()
    assert struct.unpack(">h", call(s, 1, 17, 1, struct.pack(">h", len(mn)) + mn)[:2])[0] == 0
    if mech == "PLAIN":
        tok = b"\0" + args.user.encode() + b"\0" + args.password.encode()
        err, _ = auth_bytes(call(s, 2, 36, 1, struct.pack(">i", len(tok)) + tok))
    else:
        cn = base64.b64encode(os.urandom(18)).decode()
        cfb = "n=%s,r=%s" % (args.user, cn)
        tok = ("n,," + cfb).encode()
        err, sf = auth_bytes(call(s, 2, 36, 1, struct.pack(">i", len(tok)) + tok))
        sf = sf.decode()
        at = dict(a.split("=", 1) for a in sf.split(","))
        sp = hashlib.pbkdf2_hmac("sha256", args.password.encode(), base64.b64decode(at["s"]), int(at["i"]))
        ckey = hmac.new(sp, b"Client Key", hashlib.sha256).digest()
        wp = "c=biws,r=" + at["r"]
        sig = hmac.new(hashlib.sha256(ckey).digest(), (cfb + "," + sf + "," + wp).encode(), hashlib.sha256).digest()
        tok = (wp + ",p=" + base64.b64encode(bytes(a ^ b for a, b in zip(ckey, sig))).decode()).encode()
        err, _ = auth_bytes(call(s, 3, 36, 1, struct.pack(">i", len(tok)) + tok))
    s.close()
    assert err == 0, err


def logins_per_second(args, mech):
    count = [0]
    lock = threading.Lock()
    stop = time.monotonic() + args.login_seconds

    def worker():
        while time.monotonic() < stop:
            login(args, mech)
            with lock:
                count[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(args.login_threads)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return count[0] / (time.monotonic() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plain", required=True)
    ap.add_argument("--sasl", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--mechanism", default="SCRAM-SHA-256")
    ap.add_argument("--messages", type=int, default=200000)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--login-seconds", type=float, default=5)
    ap.add_argument("--login-threads", type=int, default=8)
    args = ap.parse_args()
    mb = args.messages * args.size / 1e6
    for sasl in (False, True):
        name = "SASL_PLAINTEXT (%s)" % args.mechanism if sasl else "PLAINTEXT"
        topic = "bench-" + uuid.uuid4().hex
        pt = produce(args, sasl, topic)
        ct = consume(args, sasl, topic)
        print("%-28s produce %8.0f msg/s %7.1f MB/s   consume %8.0f msg/s %7.1f MB/s"
              % (name, args.messages / pt, mb / pt, args.messages / ct, mb / ct))
    for mech in ("PLAIN", "SCRAM-SHA-256"):
        print("%-28s %8.1f logins/s (%d client threads)" % (mech + " logins", logins_per_second(args, mech),
                                                            args.login_threads))


if __name__ == "__main__":
    main()

"""Log compaction (cleanup.policy=compact) through confluent-kafka: a topic
with small segments receives many records over a fixed set of keys, some of
them tombstones; once the background cleaner has run, consuming from offset
0 yields exactly the last value of every key (tombstones while
delete.retention.ms lasts, none after it), at their original, ascending
offsets.  Also: kill -9 while the cleaner is rewriting segments and restart
(the result is the same), the cleaner metrics in /metrics, a keyless produce
refused with INVALID_RECORD and its per-record error, and the offline
`chronik-server compact` (refused while a server holds the data directory).

Waits are for conditions (the consumed log, the segment files, /metrics),
bounded by WAIT.  CHRONIK_COMPACTION_LONG=1 runs the long variant (ten times
the records and keys)."""

import os
import re
import socket
import struct
import subprocess
import time
import urllib.request

import confluent_kafka as ck
from confluent_kafka.admin import ConfigResource

from clients import admin, consume, create_topic, produce_all, producer, watermarks
from conftest import SERVER_BIN, unique_topic, wait_port

LONG = os.environ.get("CHRONIK_COMPACTION_LONG") == "1"
RECORDS = 1000000 if LONG else 100000
KEYS = 10000 if LONG else 1000
WAIT = 600.0 if LONG else 120.0
SEGMENT_MS = 200


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(server_factory, **extra):
    port = free_port()
    conf = {"http.listen": "127.0.0.1:%d" % port, "log.cleaner.backoff.ms": "100"}
    conf.update(extra)
    srv = server_factory(conf=conf)
    wait_port(port, timeout=30)
    srv.http_port = port
    return srv


def metrics(srv):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % srv.http_port, timeout=30) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r"^(chronik_log_cleaner_[a-z_]+) (\S+)$", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def wait_for(cond, what, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        assert time.monotonic() < deadline, "%s: not within %.0f s" % (what, timeout)
        time.sleep(0.05)


def topic_conf(delete_retention_ms):
    return {"cleanup.policy": "compact", "segment.bytes": "16384", "segment.ms": str(SEGMENT_MS),
            "min.cleanable.dirty.ratio": "0.01", "delete.retention.ms": str(delete_retention_ms)}


def fill(srv, topic, records, keys):
    """Produces `records` records over `keys` keys; every 10th key ends with a
    tombstone, every 7th gets a tombstone midway that a later value revives.
    Then, once segment.ms has passed, one record of key "end" rolls the
    segment, so that everything before it is cleanable.  Returns
    {key: (offset, value or None)} of the last record of every key."""
    p = producer(srv.bootstrap, linger_ms=20, batch_num_messages=2000, queue_buffering_max_messages=200000)
    msgs = []
    for i in range(records):
        k = i % keys
        value = b"v%d" % i
        if k % 7 == 0 and i // keys == (records // keys) // 2:
            value = None
        msgs.append({"key": b"k%d" % k, "value": value})
    for k in range(0, keys, 10):
        msgs.append({"key": b"k%d" % k, "value": None})
    reports = produce_all(p, topic, msgs)
    assert all(r[0] is None for r in reports), [r[0] for r in reports if r[0] is not None][:3]
    last = {}
    for (err, off, _), m in zip(reports, msgs):
        last[m["key"]] = (off, m["value"])
    produced_at = time.monotonic()
    wait_for(lambda: time.monotonic() - produced_at > SEGMENT_MS / 1000.0 * 2, "segment.ms to pass", 10)
    r = produce_all(p, topic, [{"key": b"end", "value": b"end"}])
    assert r[0][0] is None
    last[b"end"] = (r[0][1], b"end")
    return last


def read_all(srv, topic):
    hw = watermarks(srv.bootstrap, topic)[1]
    got, c = [], ck.Consumer({"bootstrap.servers": srv.bootstrap, "group.id": "compaction-it",
                              "enable.auto.commit": False, "auto.offset.reset": "earliest",
                              "socket.timeout.ms": 10000, "enable.partition.eof": True})
    try:
        c.assign([ck.TopicPartition(topic, 0, 0)])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ms = c.consume(num_messages=5000, timeout=1.0)
            done = False
            for m in ms:
                if m.error():
                    if m.error().code() == ck.KafkaError._PARTITION_EOF:
                        done = m.offset() >= hw
                        continue
                    raise AssertionError("consume error: %s" % m.error())
                got.append((m.offset(), m.key(), m.value()))
            if done or (got and got[-1][0] >= hw - 1):
                break
    finally:
        c.close()
    return got


def compacted(last, tombstones):
    """The records a fully compacted log holds: the last of every key, in
    offset order; tombstones only when they are still kept."""
    return sorted((off, k, v) for k, (off, v) in last.items() if v is not None or tombstones)


def wait_compacted(srv, topic, last, tombstones):
    want = compacted(last, tombstones)
    wait_for(lambda: len(read_all(srv, topic)) == len(want), "%s compacted to %d records" % (topic, len(want)))
    got = read_all(srv, topic)
    offsets = [g[0] for g in got]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    assert got == want


def test_compaction_last_value_per_key(server_factory):
    srv = start(server_factory)
    kept, dropped = unique_topic("compact-keep"), unique_topic("compact-drop")
    create_topic(srv.bootstrap, kept, config=topic_conf(3600000))
    create_topic(srv.bootstrap, dropped, config=topic_conf(0))
    last = fill(srv, kept, RECORDS, KEYS)
    # tombstones within delete.retention.ms (an hour) are kept
    wait_compacted(srv, kept, last, tombstones=True)
    assert watermarks(srv.bootstrap, kept) == (0, last[b"end"][0] + 1)
    # delete.retention.ms=0: the pass after the one that keeps them drops them
    last2 = fill(srv, dropped, RECORDS // 5, KEYS // 5)
    wait_compacted(srv, dropped, last2, tombstones=False)
    m = wait_for(lambda: (lambda x: x if x.get("chronik_log_cleaner_passes_total", 0) >= 2 else None)(metrics(srv)),
                 "cleaner passes in /metrics")
    assert m["chronik_log_cleaner_bytes_read_total"] > 0
    assert m["chronik_log_cleaner_bytes_written_total"] > 0
    assert m["chronik_log_cleaner_records_removed_total"] >= RECORDS - KEYS
    assert m["chronik_log_cleaner_segments_cleaned_total"] > 0
    assert m["chronik_log_cleaner_errors_total"] == 0
    assert 0 <= m["chronik_log_cleaner_max_dirty_ratio"] <= 1
    assert "chronik_log_cleaner_max_compaction_lag_ms" in m


def segment_files(srv, topic):
    d = os.path.join(srv.data_dir, "logs", "%s-0" % topic)
    try:
        return os.listdir(d)
    except FileNotFoundError:
        return []


def test_kill9_mid_clean_then_restart(server_factory):
    # the cleaner starts disabled so that the kill can be aimed at its first pass
    srv = start(server_factory, **{"log.cleaner.enable": "false"})
    topic = unique_topic("compact-kill")
    create_topic(srv.bootstrap, topic, config=topic_conf(3600000))
    last = fill(srv, topic, RECORDS, KEYS)
    nseg = sum(1 for f in segment_files(srv, topic) if f.endswith(".log"))
    assert nseg > 20, nseg
    srv.conf["log.cleaner.enable"] = "true"
    srv.restart()
    # kill -9 once the pass is under way: cleaned files written or segments gone
    deadline = time.monotonic() + WAIT
    while True:
        files = segment_files(srv, topic)
        if any(f.endswith((".cleaned", ".swap")) for f in files) or sum(f.endswith(".log") for f in files) < nseg:
            break
        assert time.monotonic() < deadline, "the cleaner did not start within %.0f s" % WAIT
        time.sleep(0.002)
    srv.kill()
    # the first pass had not finished: it writes the cleaner checkpoint last
    assert "cleaner-checkpoint" not in segment_files(srv, topic)
    srv.start()
    wait_compacted(srv, topic, last, tombstones=True)
    # the log takes writes after it, at the next offset
    r = produce_all(producer(srv.bootstrap), topic, [{"key": b"after", "value": b"x"}])
    assert r[0][0] is None and r[0][1] == last[b"end"][0] + 1


def batches(srv, topic):
    """The batch headers of every segment file of topic-0, read from disk."""
    d = os.path.join(srv.data_dir, "logs", "%s-0" % topic)
    out = []
    for name in sorted(f for f in os.listdir(d) if f.endswith(".log")):
        with open(os.path.join(d, name), "rb") as f:
            data = f.read()
        pos = 0
        while pos + 61 <= len(data):
            base, length = struct.unpack_from(">qi", data, pos)
            delta, = struct.unpack_from(">i", data, pos + 23)
            pid, epoch, seq, count = struct.unpack_from(">qhii", data, pos + 43)
            out.append({"base": base, "last_offset_delta": delta, "producer_id": pid, "base_sequence": seq,
                        "records": count})
            pos += 12 + length
    return out


def test_idempotent_producer_last_batch(server_factory):
    """An idempotent producer's records all superseded: its last batch stays
    as an empty batch (offsets and sequence kept), consumers read past it, and
    the producer goes on after a restart without a sequence error."""
    srv = start(server_factory)
    topic = unique_topic("compact-idem")
    create_topic(srv.bootstrap, topic, config=topic_conf(3600000))
    idem = producer(srv.bootstrap, enable_idempotence=True, linger_ms=50)
    r = produce_all(idem, topic, [{"key": b"k%d" % (i % 10), "value": b"idem%d" % i} for i in range(100)])
    assert all(x[0] is None for x in r)
    plain = producer(srv.bootstrap)
    last = {}
    for i in range(10):
        r = produce_all(plain, topic, [{"key": b"k%d" % i, "value": b"plain%d" % i}])
        last[b"k%d" % i] = (r[0][1], b"plain%d" % i)
    produced_at = time.monotonic()
    wait_for(lambda: time.monotonic() - produced_at > SEGMENT_MS / 1000.0 * 2, "segment.ms to pass", 10)
    r = produce_all(plain, topic, [{"key": b"end", "value": b"end"}])
    last[b"end"] = (r[0][1], b"end")
    wait_compacted(srv, topic, last, tombstones=True)
    # on disk: the producer's last batch, empty, with its sequence range
    empty = [b for b in batches(srv, topic) if b["producer_id"] >= 0 and b["records"] == 0]
    assert len(empty) == 1, empty
    assert empty[0]["base_sequence"] + empty[0]["last_offset_delta"] == 99, empty
    srv.restart()
    r = produce_all(idem, topic, [{"key": b"k0", "value": b"again"}])
    assert r[0][0] is None, r[0][0]
    assert r[0][1] == last[b"end"][0] + 1


def kstr(s):
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def produce_v8(port, topic, records):
    """One batch of (key, value) records in a raw ProduceRequest v8 (no
    client in the test environment reads RecordErrors: librdkafka 2.0 sends
    v7, kafka-python decodes v8 without them).  Returns (error_code,
    base_offset, [(batch_index, message)], error_message)."""
    from kafka.record.memory_records import MemoryRecordsBuilder
    b = MemoryRecordsBuilder(magic=2, compression_type=0, batch_size=1 << 20)
    for i, (k, v) in enumerate(records):
        b.append(timestamp=int(time.time() * 1000), key=k, value=v, headers=[])
    b.close()
    batch = bytes(b.buffer())
    body = (struct.pack(">hhi", 0, 8, 7) + kstr("compaction-it") + struct.pack(">hhi", -1, -1, 10000) +
            struct.pack(">i", 1) + kstr(topic) + struct.pack(">ii", 1, 0) + struct.pack(">i", len(batch)) + batch)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(struct.pack(">i", len(body)) + body)
        size = struct.unpack(">i", s.recv(4, socket.MSG_WAITALL))[0]
        resp, got = b"", 0
        while got < size:
            chunk = s.recv(size - got)
            assert chunk, "connection closed"
            resp += chunk
            got += len(chunk)
    pos = 4                                         # correlation id

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from(fmt, resp, pos)
        pos += struct.calcsize(fmt)
        return v[0] if len(v) == 1 else v

    def nstr():
        n = take(">h")
        nonlocal pos
        if n < 0:
            return None
        v = resp[pos:pos + n].decode()
        pos += n
        return v
    assert take(">i") == 1
    assert nstr() == topic
    assert take(">i") == 1
    _, code, base, _, _ = take(">ihqqq")
    errors = [(take(">i"), nstr()) for _ in range(take(">i"))]
    return code, base, errors, nstr()


def test_keyless_produce_refused(server_factory):
    srv = start(server_factory)
    topic = unique_topic("compact-nokey")
    create_topic(srv.bootstrap, topic, config=topic_conf(3600000))
    p = producer(srv.bootstrap, linger_ms=50)
    reports = produce_all(p, topic, [{"key": b"a", "value": b"1"}])
    assert reports[0][0] is None
    reports = produce_all(producer(srv.bootstrap, linger_ms=0, retries=0),
                          topic, [{"value": b"no key"}])
    err = reports[0][0]
    assert err is not None and err.code() == ck.KafkaError.INVALID_RECORD, err
    assert watermarks(srv.bootstrap, topic) == (0, 1)
    # ProduceResponse v8+: RecordErrors names the keyless record, ErrorMessage says why
    code, base, errors, msg = produce_v8(srv.port, topic, [(b"a", b"2"), (b"b", b"3"), (None, b"4"), (b"c", b"5")])
    assert code == 87 and base == -1, (code, base)
    assert errors == [(2, msg)], errors
    assert "without key" in msg, msg
    assert watermarks(srv.bootstrap, topic) == (0, 1)   # the whole batch was refused
    code, base, errors, msg = produce_v8(srv.port, topic, [(b"a", b"2"), (b"b", b"3")])
    assert (code, base, errors) == (0, 1, []), (code, base, errors, msg)
    # a topic made compact later refuses too; made delete again it accepts
    other = unique_topic("compact-alter")
    create_topic(srv.bootstrap, other)
    a = admin(srv.bootstrap)
    res = ConfigResource("topic", other, set_config={"cleanup.policy": "compact"})
    a.alter_configs([res])[res].result(30)
    reports = produce_all(producer(srv.bootstrap, retries=0), other, [{"value": b"x"}])
    assert reports[0][0] is not None and reports[0][0].code() == ck.KafkaError.INVALID_RECORD
    res = ConfigResource("topic", other, set_config={"cleanup.policy": "delete"})
    a.alter_configs([res])[res].result(30)
    reports = produce_all(producer(srv.bootstrap), other, [{"value": b"x"}])
    assert reports[0][0] is None


def compact_cli(data_dir, *args):
    return subprocess.run([SERVER_BIN, "compact", "--data-dir", data_dir] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=WAIT)


def test_offline_compact(server_factory):
    srv = start(server_factory, **{"log.cleaner.enable": "false"})
    topic = unique_topic("compact-offline")
    create_topic(srv.bootstrap, topic, config=topic_conf(3600000))
    last = fill(srv, topic, RECORDS // 10, KEYS // 10)
    # refused while the server holds the data directory
    out = compact_cli(srv.data_dir, "--topic", topic)
    assert out.returncode != 0, out.stdout
    assert b"cannot open" in out.stdout, out.stdout
    assert srv.stop() == 0
    out = compact_cli(srv.data_dir, "--topic", "no-such-topic")
    assert out.returncode != 0 and b"unknown topic" in out.stdout, out.stdout
    out = compact_cli(srv.data_dir, "--topic", topic)
    assert out.returncode == 0, out.stdout
    out = compact_cli(srv.data_dir)
    assert out.returncode == 0, out.stdout
    srv.start()
    got = read_all(srv, topic)
    assert got == compacted(last, tombstones=True)

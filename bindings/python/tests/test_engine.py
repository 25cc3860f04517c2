"""The Engine API in-process: produce and fetch round trips (keys, headers,
nulls, timestamps, batches, compression), offsets, topics, errors with their
codes, concurrency and close()."""

import threading
import time

import pytest

import chronik
from chronik import Engine


@pytest.fixture
def eng(tmp_path):
    with Engine(tmp_path / "data", flush_policy="os", log_level="warn") as e:
        yield e


def test_round_trip(eng):
    eng.create_topic("t", partitions=2)
    assert eng.topics() == ["t"]
    assert eng.partitions("t") == 2
    assert eng.produce("t", b"v0", key=b"k0", partition=0, timestamp=1000,
                       headers={"h1": b"x", "nullh": None, "emptyh": b""}) == (0, 0)
    assert eng.produce("t", None, key=None, partition=0) == (0, 1)
    assert eng.produce("t", b"", key=b"", partition=0, timestamp=2000) == (0, 2)
    assert eng.produce("t", "unicode ✓", key="ключ", partition=0, timestamp=3000) == (0, 3)
    recs = eng.fetch("t", 0, 0)
    assert [r.offset for r in recs] == [0, 1, 2, 3]
    assert recs[0] == chronik.Record(0, 1000, b"k0", b"v0", [("h1", b"x"), ("nullh", None), ("emptyh", b"")])
    assert recs[1].key is None and recs[1].value is None and recs[1].headers == []
    assert abs(recs[1].timestamp - time.time() * 1000) < 60000
    assert recs[2].key == b"" and recs[2].value == b"" and recs[2].timestamp == 2000
    assert recs[3].key == "ключ".encode() and recs[3].value == "unicode ✓".encode()
    assert recs.next_offset == 4 and recs.high_watermark == 4
    assert eng.fetch("t", 0, 2)[0].offset == 2
    assert eng.fetch("t", 0, 4) == []
    assert eng.offsets("t", 0) == (0, 4)
    assert eng.offsets("t", 1) == (0, 0)
    assert eng.offset_for_time("t", 0, 1500) == 1  # offset 1 was stamped "now"
    assert eng.offset_for_time("t", 0, int(time.time() * 1000) + 3600000) == 4
    assert eng.offset_for_time("t", 0, -2) == 0
    assert eng.offset_for_time("t", 0, -1) == 4


def test_binary_and_large(eng):
    eng.create_topic("bin")
    blob = bytes(range(256)) * 2000
    _, off = eng.produce("bin", blob, key=b"\x00\x01\x00")
    r = eng.fetch("bin", 0, off)[0]
    assert r.value == blob and r.key == b"\x00\x01\x00"


def test_key_partitioning(eng):
    eng.create_topic("keyed", partitions=4)
    parts = {eng.produce("keyed", b"v", key=b"same")[0] for _ in range(5)}
    assert len(parts) == 1


@pytest.mark.parametrize("codec", [None, "gzip", "snappy", "lz4", "zstd"])
def test_batch(eng, codec):
    eng.create_topic("b")
    batch = [b"plain", (b"k", b"kv"), (b"k2", None, {"h": b"1"}, 5000), {"value": "d", "key": "dk"}, None]
    part, base = eng.produce_batch("b", batch, partition=0, compression=codec)
    assert (part, base) == (0, 0)
    part, base = eng.produce_batch("b", [b"x"] * 10, compression=codec)
    assert base == 5
    recs = eng.fetch("b", 0, 0)
    assert len(recs) == 15
    assert recs[0].value == b"plain" and recs[0].key is None
    assert (recs[1].key, recs[1].value) == (b"k", b"kv")
    assert recs[2].value is None and recs[2].headers == [("h", b"1")] and recs[2].timestamp == 5000
    assert (recs[3].key, recs[3].value) == (b"dk", b"d")
    assert recs[4].value is None


def test_fetch_max_bytes_and_wait(eng):
    eng.create_topic("w")
    for i in range(200):
        eng.produce_batch("w", [b"%d" % i * 100])
    small = eng.fetch("w", 0, 0, max_bytes=1)
    assert 1 <= len(small) < 200 and small[0].offset == 0
    t0 = time.monotonic()
    assert eng.fetch("w", 0, 200, timeout=0.2) == []
    assert time.monotonic() - t0 >= 0.15

    def later():
        time.sleep(0.1)
        eng.produce("w", b"late")

    th = threading.Thread(target=later)
    th.start()
    recs = eng.fetch("w", 0, 200, timeout=5)
    th.join()
    assert [r.value for r in recs] == [b"late"]


def test_delete_records_and_topics(eng):
    eng.create_topic("d", config={"segment.bytes": 1024})
    for i in range(50):
        eng.produce("d", b"x" * 100)
    eng.delete_records("d", 0, 30)
    start, hw = eng.offsets("d", 0)
    assert 0 < start <= 30 and hw == 50
    with pytest.raises(chronik.OffsetOutOfRangeError):
        eng.delete_records("d", 0, 51)
    assert eng.topic_config_get("d", "segment.bytes") == "1024"
    eng.topic_config_set("d", "retention.ms", 60000)
    assert eng.topic_config_get("d", "retention.ms") == "60000"
    eng.create_partitions("d", 3)
    assert eng.partitions("d") == 3
    eng.delete_topic("d")
    assert eng.topics() == []


def test_errors(eng, tmp_path):
    with pytest.raises(chronik.UnknownTopicError) as ei:
        eng.produce("missing", b"x")
    assert ei.value.code == 3 and ei.value.name == "UNKNOWN_TOPIC_OR_PARTITION"
    assert "missing" in ei.value.message
    eng.create_topic("e")
    with pytest.raises(chronik.TopicExistsError) as ei:
        eng.create_topic("e")
    assert ei.value.code == 36
    with pytest.raises(chronik.OffsetOutOfRangeError) as ei:
        eng.fetch("e", 0, 5)
    assert ei.value.code == 1 and isinstance(ei.value, chronik.ChronikError)
    with pytest.raises(chronik.UnknownTopicError):
        eng.fetch("e", 7, 0)
    with pytest.raises(chronik.ChronikError) as ei:
        eng.create_topic("bad/name")
    assert ei.value.code == 17
    with pytest.raises(chronik.ChronikError) as ei:
        eng.create_topic("zero", partitions=0)
    assert ei.value.code == 37
    with pytest.raises(chronik.InvalidConfigError) as ei:
        eng.create_topic("badconf", config={"retention.ms": "soon"})
    assert ei.value.code == 40
    with pytest.raises(chronik.InvalidConfigError) as ei:
        Engine(tmp_path / "x", flush_policy="sometimes")
    assert ei.value.code == 40 and "flush.policy" in ei.value.message
    with pytest.raises(chronik.InvalidConfigError) as ei:
        Engine(tmp_path / "y", no_such_key=1)
    assert ei.value.code == -205 and ei.value.name == "UNKNOWN_CONFIG"
    with pytest.raises(chronik.ChronikError):
        eng.produce("e", b"x", compression="brotli")
    with pytest.raises(TypeError):
        eng.produce("e", 12345)


def test_locked_data_dir(tmp_path):
    with Engine(tmp_path / "l", log_level="warn"):
        with pytest.raises(chronik.ChronikError) as ei:
            Engine(tmp_path / "l", log_level="warn")
        assert ei.value.name == "LOCKED"


def test_reopen_is_durable(tmp_path):
    with Engine(tmp_path / "r", log_level="warn") as e:
        e.create_topic("dur")
        e.produce_batch("dur", [b"a", b"b", b"c"])
    with Engine(tmp_path / "r", log_level="warn") as e:
        assert [r.value for r in e.fetch("dur", 0, 0)] == [b"a", b"b", b"c"]


def test_closed(tmp_path):
    e = Engine(tmp_path / "c", log_level="warn")
    e.close()
    e.close()
    assert e.closed
    with pytest.raises(chronik.ClosedError):
        e.topics()


def test_threads(eng):
    eng.create_topic("mt", partitions=4)
    errors = []

    def worker(n):
        try:
            for i in range(200):
                eng.produce("mt", b"%d-%d" % (n, i), partition=n % 4)
        except Exception as ex:
            errors.append(ex)

    ths = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    assert not errors
    total = sum(eng.offsets("mt", p)[1] for p in range(4))
    assert total == 1600
    seen = set()
    for p in range(4):
        off = 0
        while True:
            recs = eng.fetch("mt", p, off)
            if not recs:
                break
            seen.update(r.value for r in recs)
            off = recs.next_offset
    assert len(seen) == 1600


def test_close_waits_for_blocked_fetch(tmp_path):
    e = Engine(tmp_path / "cw", log_level="warn")
    e.create_topic("cw")
    out = []
    th = threading.Thread(target=lambda: out.append(e.fetch("cw", 0, 0, timeout=0.5)))
    th.start()
    time.sleep(0.1)
    e.close()
    th.join()
    assert out == [[]]


def test_consumer_group_offsets(eng):
    eng.create_topic("g")
    eng.commit_offset("grp", "g", 0, 0, metadata="m")
    assert eng.committed_offset("grp", "g", 0) == 0
    assert eng.committed_offset("other", "g", 0) == -1
    assert "grp" in eng.groups()
    desc = eng.describe_group("grp")
    assert desc["group_id"] == "grp"
    assert desc["offsets"][0]["metadata"] == "m"
    eng.delete_group("grp")
    assert "grp" not in eng.groups()


def test_sql(eng):
    eng.create_topic("s")
    eng.produce_batch("s", [(b"a", b'{"n": 1}'), (b"b", b'{"n": 2}')])
    try:
        res = eng.sql("SELECT _offset, _key, _value->>'$.n' AS n FROM s WHERE _offset >= ?1 ORDER BY _offset", [0])
    except chronik.ChronikError as ex:
        if ex.name == "UNSUPPORTED":
            pytest.skip("SQL is not running in this build: " + ex.message)
        raise
    assert res.columns == ["_offset", "_key", "n"]
    assert [r[0] for r in res.rows] == [0, 1]
    assert res.rows[0][2] in (1, "1")
    with pytest.raises(chronik.SqlError):
        eng.sql("DELETE FROM s")


def test_search(eng):
    eng.create_topic("docs", partitions=2, config={"searchable.enabled": "true"})
    eng.produce_batch("docs", [(b"k1", b'{"title": "disk full on db1", "n": 1}'),
                               (b"k2", b'{"title": "network timeout", "n": 2}'),
                               (None, b"plain text about disks")])
    try:
        res = eng.search("docs", {"query": {"match": {"title": "disk"}}})
    except chronik.ChronikError as ex:
        if ex.name == "UNSUPPORTED":
            pytest.skip("search is not running in this build: " + ex.message)
        raise
    assert res["hits"]["total"] == {"value": 1, "relation": "eq"}
    hit = res["hits"]["hits"][0]
    assert hit["_index"] == "docs" and hit["_source"]["title"] == "disk full on db1"
    assert hit["_id"] == "docs-%d-%d" % (hit["_source"]["_partition"], hit["_source"]["_offset"])
    assert eng.search(["docs"], '{"query": {"range": {"n": {"gte": 2}}}}')["hits"]["total"]["value"] == 1
    assert eng.search(None)["hits"]["total"]["value"] == 3
    with pytest.raises(chronik.UnknownTopicError):
        eng.search("nope", {})
    with pytest.raises(chronik.InvalidArgumentError) as ei:
        eng.search("docs", {"query": {"no_such_query": {}}})
    assert "no_such_query" in ei.value.message

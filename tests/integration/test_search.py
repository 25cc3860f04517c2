"""Full-text search against a real chronik-server, driven by real clients:
the official Elasticsearch Python client (Debian python3-elasticsearch 7.x)
for search / count / get / get_mapping, curl and urllib for every query
type, confluent-kafka and kcat to produce (JSON and plain-text values,
unicode, keys).  Every answer is checked against a brute-force scan of the
records produced, in Python.

Also: freshness (acks=all, search right after each delivery report, 1,000
times), DeleteRecords and retention removing hits, delete and re-create,
kill -9 while indexing then restart (index consistent with the log), a
damaged index file rebuilt at start, malformed requests answered 4xx while
the server keeps serving, and the admin key rules (searches stay open)."""

import json
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

import pytest

from clients import produce_all, producer
from conftest import unique_topic, wait_port

T = 30
CURL = shutil.which("curl")
KCAT = shutil.which("kcat") or shutil.which("kafkacat")

VOCAB = ["disk", "full", "error", "timeout", "network", "retry", "user", "login", "failed", "cache",
         "miss", "database", "slow", "query", "alpha", "beta", "gamma", "delta"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Rest:
    def __init__(self, srv, port):
        self.srv = srv
        self.port = port
        self.base = "http://127.0.0.1:%d" % port

    def call(self, method, path, body=None, raw=None, headers=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        h = {"Content-Type": "application/json"} if data is not None else {}
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=T) as r:
                status, hdrs, payload = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, payload = e.code, e.headers, e.read()
        if hdrs.get("Content-Type", "").startswith("application/json") and payload:
            return status, hdrs, json.loads(payload)
        return status, hdrs, payload.decode("utf-8", "replace")

    def search(self, index, body=None, params=None):
        path = "/%s/_search" % index if index else "/_search"
        if params:
            path += "?" + urllib.parse.urlencode(params)
        st, _, res = self.call("POST" if body is not None else "GET", path, body)
        assert st == 200, "%s %s -> %s %s" % (path, body, st, res)
        return res

    def create(self, name, partitions=1, config=None):
        cfg = {"searchable.enabled": "true"}
        cfg.update(config or {})
        st, _, res = self.call("POST", "/topics", {"name": name, "partitions": partitions, "config": cfg})
        assert st == 201, res
        return res


def start_rest(server_factory, conf=None, data_dir=None):
    port = free_port()
    c = {"http.listen": "127.0.0.1:%d" % port}
    c.update(conf or {})
    srv = server_factory(conf=c, data_dir=data_dir)
    wait_port(port, timeout=10)
    return Rest(srv, port)


@pytest.fixture
def rest(server_factory):
    return start_rest(server_factory)


# -- the brute-force model ------------------------------------------------------

def fold(text):
    """Lowercase without diacritics, as the standard analyzer sees words."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def words(text):
    return set(re.findall(r"[^\W_]+", fold(text)))


class Doc:
    def __init__(self, topic, partition, offset, key, value):
        self.topic, self.partition, self.offset, self.key, self.value = topic, partition, offset, key, value
        try:
            self.json = json.loads(value)
            if not isinstance(self.json, dict):
                self.json = None
        except ValueError:
            self.json = None

    @property
    def id(self):
        return "%s-%d-%d" % (self.topic, self.partition, self.offset)

    def field_text(self, field):
        if self.json is None:
            return self.value if field == "value" else ""
        v = self.json
        for part in field.split("."):
            v = v.get(part) if isinstance(v, dict) else None
        if isinstance(v, list):
            return " ".join(str(x) for x in v)
        return v if isinstance(v, str) else ""

    def all_text(self):
        if self.json is None:
            return self.value
        out = []

        def walk(v):
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, dict):
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        walk(self.json)
        return " ".join(out)


def log_docs(n, seed):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        msg = " ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(3, 8)))
        if i % 7 == 6:
            out.append({"value": msg.encode(), "key": ("k%d" % i).encode()})
        else:
            out.append({"value": json.dumps({"level": rnd.choice(["INFO", "WARN", "ERROR"]), "message": msg,
                                             "n": rnd.randint(0, 99), "host": "h%d" % rnd.randint(1, 5)}).encode(),
                        "key": ("k%d" % i).encode()})
    return out


def produce_docs(bootstrap, topic, partitions, msgs):
    p = producer(bootstrap, acks="all")
    docs = []
    for part in range(partitions):
        mine = msgs[part::partitions]
        reports = produce_all(p, topic, mine, partition=part)
        for (err, off, _), m in zip(reports, mine):
            assert err is None, err
            docs.append(Doc(topic, part, off, m.get("key"), m["value"].decode()))
    return docs


def ids(res):
    return sorted(h["_id"] for h in res["hits"]["hits"])


def expect(docs, pred):
    return sorted(d.id for d in docs if pred(d))


# -- the official Elasticsearch client ---------------------------------------------

def test_elasticsearch_client(rest):
    es_mod = pytest.importorskip("elasticsearch")
    topic = unique_topic("es")
    rest.create(topic, partitions=3)
    docs = produce_docs(rest.srv.bootstrap, topic, 3, log_docs(300, 1))
    es = es_mod.Elasticsearch(["http://127.0.0.1:%d" % rest.port], timeout=T)
    info = es.info()
    assert info["version"]["number"].startswith("7.17") and info["tagline"] == "You Know, for Search"
    for w in ("disk", "network", "beta"):
        res = es.search(index=topic, body={"query": {"match": {"message": w}}, "size": 1000})
        assert ids(res) == expect(docs, lambda d, w=w: d.json is not None and w in words(d.field_text("message")))
        assert res["hits"]["total"]["value"] == len(res["hits"]["hits"])
    body = {"query": {"bool": {"must": [{"match": {"message": {"query": "disk error", "operator": "and"}}}],
                               "filter": [{"range": {"n": {"gte": 10, "lte": 60}}}, {"term": {"level": "ERROR"}}],
                               "must_not": [{"match_phrase": {"message": "slow query"}}]}}, "size": 1000}
    res = es.search(index=topic, body=body)

    def pred(d):
        if d.json is None:
            return False
        m = d.field_text("message")
        return ({"disk", "error"} <= words(m) and 10 <= d.json["n"] <= 60 and d.json["level"] == "ERROR"
                and "slow query" not in fold(m))
    assert ids(res) == expect(docs, pred)
    cnt = es.count(index=topic, body={"query": {"query_string": {"query": "cache OR miss"}}})
    assert cnt["count"] == len(expect(docs, lambda d: words(d.all_text()) & {"cache", "miss"}))
    d = docs[17]
    got = es.get(index=topic, id=d.id)
    assert got["found"] and got["_source"]["_offset"] == d.offset and got["_source"]["_partition"] == d.partition
    with pytest.raises(es_mod.NotFoundError):
        es.get(index=topic, id="%s-0-999999" % topic)
    mapping = es.indices.get_mapping(index=topic)
    props = mapping[topic]["mappings"]["properties"]
    for f in ("message", "level", "host", "value", "_timestamp"):
        assert f in props, props
    with pytest.raises(es_mod.NotFoundError):
        es.search(index=unique_topic("missing"), body={"query": {"match_all": {}}})
    with pytest.raises(es_mod.RequestError) as ei:
        es.search(index=topic, body={"query": {"no_such": {}}})
    assert "no_such" in str(ei.value)


# -- every query type over curl and urllib -------------------------------------

def test_query_types(rest):
    topic = unique_topic("q")
    rest.create(topic, partitions=2, config={"searchable.key": "true"})
    msgs = log_docs(200, 2)
    msgs.append({"value": json.dumps({"message": "Café crème in Zürich", "tags": ["naïve", "été"]}).encode(),
                 "key": "clé-1".encode()})
    msgs.append({"value": "Ünïcödé plain text with DATABASE".encode(), "key": b"u2"})
    docs = produce_docs(rest.srv.bootstrap, topic, 2, msgs)
    js = [d for d in docs if d.json is not None]

    def check(body, pred, what):
        body = dict(body, size=1000)
        res = rest.search(topic, body)
        assert ids(res) == expect(docs, pred), what
        assert res["hits"]["total"] == {"value": len(res["hits"]["hits"]), "relation": "eq"}, what
        return res

    check({"query": {"match": {"message": "timeout retry"}}},
          lambda d: d.json is not None and words(d.field_text("message")) & {"timeout", "retry"}, "match or")
    check({"query": {"match_phrase": {"message": "disk full"}}},
          lambda d: d.json is not None and re.search(r"\bdisk full\b", d.field_text("message")), "match_phrase")
    check({"query": {"multi_match": {"query": "database", "fields": ["message", "value"]}}},
          lambda d: "database" in words(d.field_text("message") + " " + d.field_text("value")), "multi_match")
    check({"query": {"query_string": {"query": "message:(login AND failed) OR message:\"cache miss\""}}},
          lambda d: d.json is not None and ({"login", "failed"} <= words(d.field_text("message"))
                                            or "cache miss" in d.field_text("message")), "query_string")
    check({"query": {"simple_query_string": {"query": "+alpha -beta"}}},
          lambda d: "alpha" in words(d.all_text()) and "beta" not in words(d.all_text()), "simple_query_string")
    check({"query": {"query_string": {"query": "dat*"}}},
          lambda d: any(w.startswith("dat") for w in words(d.all_text())), "prefix in query_string")
    check({"query": {"prefix": {"message": "gam"}}},
          lambda d: d.json is not None and any(w.startswith("gam") for w in words(d.field_text("message"))), "prefix")
    check({"query": {"term": {"host": "h3"}}}, lambda d: d.json is not None and d.json.get("host") == "h3", "term")
    check({"query": {"terms": {"level": ["WARN", "ERROR"]}}},
          lambda d: d.json is not None and d.json.get("level") in ("WARN", "ERROR"), "terms")
    check({"query": {"range": {"n": {"gt": 40, "lt": 45}}}},
          lambda d: d.json is not None and isinstance(d.json.get("n"), int) and 40 < d.json["n"] < 45, "range")
    check({"query": {"exists": {"field": "tags"}}}, lambda d: d.json is not None and "tags" in d.json, "exists")
    check({"query": {"bool": {"should": [{"match": {"message": "alpha"}}, {"match": {"message": "beta"}},
                                         {"match": {"message": "gamma"}}], "minimum_should_match": 2}}},
          lambda d: d.json is not None and len(words(d.field_text("message")) & {"alpha", "beta", "gamma"}) >= 2,
          "minimum_should_match")
    check({"query": {"match_all": {}}}, lambda d: True, "match_all")
    check({"query": {"bool": {"filter": [{"term": {"_partition": 1}}, {"range": {"_offset": {"lt": 10}}}]}}},
          lambda d: d.partition == 1 and d.offset < 10, "_partition and _offset filters")
    now_ms = int(time.time() * 1000)
    check({"query": {"range": {"_timestamp": {"gte": "now-1h", "lte": now_ms + 60000}}}}, lambda d: True,
          "_timestamp with date math")
    check({"query": {"range": {"_timestamp": {"lt": "2001-01-01T00:00:00Z"}}}}, lambda d: False, "old dates")
    # unicode: diacritics folded, in values, arrays and keys
    check({"query": {"match": {"message": "cafe zurich"}}}, lambda d: "Zürich" in d.all_text(), "diacritics")
    check({"query": {"match": {"tags": "naive"}}}, lambda d: "naïve" in d.all_text(), "array field")
    check({"query": {"match": {"value": "unicode"}}}, lambda d: d.value.startswith("Ünïcödé"), "plain text")
    check({"query": {"match": {"_key": "cle"}}}, lambda d: d.key == "clé-1".encode(), "key")
    # q= in the URL, over curl
    if CURL:
        out = subprocess.run([CURL, "-sS", "--max-time", str(T), "-G", rest.base + "/%s/_search" % topic,
                              "--data-urlencode", "q=message:disk AND level:error", "--data-urlencode", "size=1000"],
                             stdout=subprocess.PIPE, timeout=T + 5, check=True)
        res = json.loads(out.stdout)
        assert ids(res) == expect(js, lambda d: "disk" in words(d.field_text("message"))
                                  and d.json.get("level") == "ERROR")
    # highlight
    res = rest.search(topic, {"query": {"match": {"message": "network"}}, "highlight": {"fields": {"message": {}}}})
    assert res["hits"]["hits"]
    for h in res["hits"]["hits"]:
        assert "<em>network</em>" in h["highlight"]["message"][0]
    # _source filtering
    res = rest.search(topic, {"query": {"exists": {"field": "host"}}, "_source": {"excludes": ["message", "_*"]}})
    src = res["hits"]["hits"][0]["_source"]
    assert "message" not in src and "_offset" not in src and "host" in src


def test_sort_and_paging_stable(rest):
    topic = unique_topic("pg")
    rest.create(topic, partitions=3)
    docs = produce_docs(rest.srv.bootstrap, topic, 3, log_docs(240, 3))
    for sort in (None, [{"n": "asc"}], ["_timestamp", {"_offset": "desc"}], [{"host": {"order": "desc"}}]):
        body = {"query": {"match": {"message": "user disk"}}, "size": 1000}
        if sort:
            body["sort"] = sort
        full = [h["_id"] for h in rest.search(topic, body)["hits"]["hits"]]
        assert len(full) == len(set(full)) > 10
        paged = []
        for start in range(0, len(full), 9):
            b = dict(body, size=9)
            b["from"] = start
            paged += [h["_id"] for h in rest.search(topic, b)["hits"]["hits"]]
        assert paged == full, sort
    res = rest.search(topic, {"sort": [{"n": "desc"}], "size": 1000})
    ns = [h["_source"].get("n") for h in res["hits"]["hits"]]
    present = [n for n in ns if n is not None]
    assert present == sorted(present, reverse=True)
    assert all(n is None for n in ns[len(present):])  # missing values last


def test_multi_topic_and_wildcards_kcat(rest):
    if not KCAT:
        pytest.skip("kcat not installed")
    base = unique_topic("mt")
    names = [base + "-a", base + "-b", base + "-c"]
    for n in names[:2]:
        rest.create(n)
    st, _, _ = rest.call("POST", "/topics", {"name": names[2], "partitions": 1})
    assert st == 201
    for n in names:
        lines = "\n".join(["%s line %d shared" % (n[-1], i) for i in range(20)]) + "\n"
        subprocess.run([KCAT, "-P", "-b", rest.srv.bootstrap, "-t", n, "-p", "0", "-X", "acks=all"],
                       input=lines.encode(), check=True, timeout=T)
    res = rest.search(",".join(names[:2]), {"query": {"match": {"value": "shared"}}, "size": 100})
    assert res["hits"]["total"]["value"] == 40
    assert {h["_index"] for h in res["hits"]["hits"]} == set(names[:2])
    res = rest.search(base + "-*", {"query": {"match": {"value": "shared"}}, "size": 100})
    assert res["hits"]["total"]["value"] == 40      # the pattern skips the topic that is not searchable
    st, _, err = rest.call("POST", "/%s/_search" % names[2], {})
    assert st == 400 and "searchable.enabled" in err["error"]["reason"]
    res = rest.search(names[0], {"query": {"match": {"value": "line"}}, "size": 0})
    assert res["hits"]["total"]["value"] == 20 and res["hits"]["hits"] == []


# -- freshness ---------------------------------------------------------------------

def test_every_acknowledged_record_found_at_once(rest):
    topic = unique_topic("fresh")
    rest.create(topic, partitions=2)
    p = producer(rest.srv.bootstrap, acks="all", linger_ms=0)
    for i in range(1000):
        reports = produce_all(p, topic, [{"value": json.dumps({"message": "token%d event" % i}).encode()}],
                              partition=i % 2)
        err, off, _ = reports[0]
        assert err is None
        res = rest.search(topic, {"query": {"match": {"message": "token%d" % i}}})
        assert [h["_id"] for h in res["hits"]["hits"]] == ["%s-%d-%d" % (topic, i % 2, off)], i
    assert rest.search(topic, {"query": {"match": {"message": "event"}}})["hits"]["total"]["value"] == 1000


# -- the index follows the log -----------------------------------------------------------

def delete_records(bootstrap, topic, partition, offset):
    """DeleteRecords v0 over a raw socket (no Python client has it): the new low watermark."""
    host, port = bootstrap.split(":")
    t = topic.encode()
    body = struct.pack(">hhih", 21, 0, 77, 2) + b"it" + struct.pack(">ih", 1, len(t)) + t
    body += struct.pack(">iiqi", 1, partition, offset, 10000)
    with socket.create_connection((host, int(port)), timeout=T) as s:
        s.sendall(struct.pack(">i", len(body)) + body)

        def read(n):
            buf = b""
            while len(buf) < n:
                c = s.recv(n - len(buf))
                assert c, "connection closed"
                buf += c
            return buf
        (size,) = struct.unpack(">i", read(4))
        data = read(size)
    corr, _throttle, _nt = struct.unpack(">iii", data[:12])
    (tl,) = struct.unpack(">h", data[12:14])
    off = 14 + tl
    _np, part, low, err = struct.unpack(">iiqh", data[off:off + 18])
    assert corr == 77 and part == partition and err == 0, (corr, part, err)
    return low


def test_delete_records_and_retention_remove_hits(server_factory):
    rest = start_rest(server_factory, conf={"log.retention.check.interval.ms": "200"})
    topic = unique_topic("ret")
    rest.create(topic, partitions=2)
    docs = produce_docs(rest.srv.bootstrap, topic, 2, log_docs(200, 4))
    assert rest.search(topic, {"size": 1000})["hits"]["total"]["value"] == 200
    assert delete_records(rest.srv.bootstrap, topic, 0, 30) == 30
    live = [d for d in docs if not (d.partition == 0 and d.offset < 30)]
    assert ids(rest.search(topic, {"size": 1000})) == sorted(d.id for d in live)
    # retention.bytes with small segments (AlterConfigs): the oldest segments go
    ak = pytest.importorskip("confluent_kafka.admin")
    a = ak.AdminClient({"bootstrap.servers": rest.srv.bootstrap})
    res = ak.ConfigResource(ak.ConfigResource.Type.TOPIC, topic,
                            set_config={"searchable.enabled": "true", "segment.bytes": "2048",
                                        "retention.bytes": "4096"})
    for f in a.alter_configs([res]).values():
        f.result(T)
    more = produce_docs(rest.srv.bootstrap, topic, 2, log_docs(200, 5))
    live += more
    deadline = time.monotonic() + 60
    while True:
        st, _, desc = rest.call("GET", "/topics/%s" % topic)
        starts = {p["partition"]: p["log_start_offset"] for p in desc["partitions"]}
        if starts[1] > 0 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert starts[1] > 0, "retention did not run"
    live = [d for d in live if d.offset >= starts[d.partition]]
    assert ids(rest.search(topic, {"size": 1000})) == sorted(d.id for d in live)


def test_delete_and_recreate(rest):
    topic = unique_topic("dr")
    rest.create(topic)
    produce_docs(rest.srv.bootstrap, topic, 1, [{"value": b'{"message": "first life"}'}])
    assert rest.search(topic, {"query": {"match": {"message": "first"}}})["hits"]["total"]["value"] == 1
    st, _, _ = rest.call("DELETE", "/topics/%s" % topic)
    assert st == 200
    st, _, err = rest.call("POST", "/%s/_search" % topic, {})
    assert st == 404 and err["error"]["type"] == "index_not_found_exception"
    rest.create(topic)
    produce_docs(rest.srv.bootstrap, topic, 1, [{"value": b'{"message": "second life"}'}])
    res = rest.search(topic, {"query": {"match": {"message": "life"}}})
    assert [h["_source"]["message"] for h in res["hits"]["hits"]] == ["second life"]


def index_matches_log(rest, topic, partitions, expected):
    """No document missing, none twice, none past the log end."""
    res = rest.search(topic, {"size": 0, "track_total_hits": True})
    assert res["hits"]["total"]["value"] == expected
    st, _, desc = rest.call("GET", "/topics/%s" % topic)
    for p in desc["partitions"]:
        n = p["high_watermark"] - p["log_start_offset"]
        cnt = rest.call("POST", "/%s/_count" % topic,
                        {"query": {"bool": {"filter": [{"term": {"_partition": p["partition"]}}]}}})[2]["count"]
        assert cnt == n, (p, cnt)
        top = rest.search(topic, {"query": {"term": {"_partition": p["partition"]}}, "sort": [{"_offset": "desc"}],
                                  "size": 1})["hits"]["hits"]
        if n:
            assert top[0]["_source"]["_offset"] == p["high_watermark"] - 1
    # every id distinct over all pages
    seen = set()
    for start in range(0, expected, 5000):
        page = rest.search(topic, {"sort": ["_partition", "_offset"], "from": start,
                                   "size": min(5000, expected - start), "_source": False})
        seen.update(h["_id"] for h in page["hits"]["hits"])
    assert len(seen) == expected


@pytest.mark.slow
def test_kill9_during_indexing_then_restart(server_factory):
    rest = start_rest(server_factory, conf={"search.max.size": "20000"})
    topic = unique_topic("k9")
    st, _, _ = rest.call("POST", "/topics", {"name": topic, "partitions": 2})
    assert st == 201
    n = 20000
    msgs = log_docs(n, 6)
    produce_docs(rest.srv.bootstrap, topic, 2, msgs)
    # Switch indexing on for what the log holds: the indexer backfills in
    # the background, and the process dies in the middle of it.
    ak = pytest.importorskip("confluent_kafka.admin")
    a = ak.AdminClient({"bootstrap.servers": rest.srv.bootstrap})
    res = ak.ConfigResource(ak.ConfigResource.Type.TOPIC, topic, set_config={"searchable.enabled": "true"})
    for f in a.alter_configs([res]).values():
        f.result(T)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        st, _, stats = rest.call("GET", "/_search/stats")
        s = stats["indices"].get(topic)
        if s and s["docs"] > 0:
            break
        time.sleep(0.005)
    assert s and s["docs"] > 0
    partial = s["docs"]
    rest.srv.kill()
    rest.srv.start()
    wait_port(rest.port, timeout=10)
    index_matches_log(rest, topic, 2, n)
    st, _, stats = rest.call("GET", "/_search/stats")
    assert stats["indices"][topic]["docs"] == n
    assert partial <= n


def test_damaged_index_is_rebuilt(server_factory):
    rest = start_rest(server_factory)
    topic = unique_topic("dmg")
    rest.create(topic, partitions=2)
    docs = produce_docs(rest.srv.bootstrap, topic, 2, log_docs(300, 7))
    want = expect(docs, lambda d: "disk" in words(d.all_text()))
    assert ids(rest.search(topic, {"query": {"query_string": {"query": "disk"}}, "size": 1000})) == want
    rest.srv.stop()
    path = os.path.join(rest.srv.data_dir, "search", topic + ".db")
    with open(path, "r+b") as f:
        f.seek(0)
        f.write(b"\xa5" * 16384)
    rest.srv.start()
    wait_port(rest.port, timeout=10)
    assert ids(rest.search(topic, {"query": {"query_string": {"query": "disk"}}, "size": 1000})) == want
    st, _, m = rest.call("GET", "/metrics")
    assert re.search(r"^chronik_search_index_rebuilds_total [1-9]", m, re.M), m


# -- bad input, admin key, endpoints --------------------------------------------------

def test_bad_requests_answered_4xx(rest):
    topic = unique_topic("bad")
    rest.create(topic)
    produce_docs(rest.srv.bootstrap, topic, 1, [{"value": b'{"message": "alive"}'}])
    deep = '{"match_all":{}}'
    for _ in range(200):
        deep = '{"bool":{"must":[%s]}}' % deep
    cases = [
        (b'{"query": {', 400, "parsing_exception"),
        (b'{"query": {"nope": {}}}', 400, "parsing_exception"),
        (b'{"query": {"match": {"message": {"operator": "xor", "query": "a"}}}}', 400, "parsing_exception"),
        (b'{"size": 1000000}', 400, "illegal_argument_exception"),
        (b'{"from": 9999, "size": 10}', 400, "illegal_argument_exception"),
        (b'{"query": {"query_string": {"query": "\\"open quote"}}}', 400, "query_shard_exception"),
        (('{"query": %s}' % deep).encode(), 400, "parsing_exception"),
        (b'\xff\xfe', 400, "parsing_exception"),
        (b'{"query": {"range": {"_timestamp": {"gte": "not a date"}}}}', 400, "parse_exception"),
    ]
    for raw, status, etype in cases:
        st, hdrs, res = rest.call("POST", "/%s/_search" % topic, raw=raw)
        assert st == status and res["error"]["type"] == etype, (raw[:80], st, res)
        assert res["status"] == status and res["error"]["root_cause"], res
    st, _, res = rest.call("GET", "/%s/_search?size=abc" % topic)
    assert st == 400
    st, _, res = rest.call("DELETE", "/%s/_search" % topic)
    assert st == 405
    # still serving
    assert rest.search(topic, {"query": {"match": {"message": "alive"}}})["hits"]["total"]["value"] == 1
    st, _, h = rest.call("GET", "/health")
    assert st == 200 and h["status"] == "ok"


def test_admin_key_leaves_searches_open(server_factory):
    rest = start_rest(server_factory, conf={"admin.api.key": "s3cret"})
    topic = unique_topic("ak")
    st, _, _ = rest.call("POST", "/topics", {"name": topic, "config": {"searchable.enabled": "true"}})
    assert st == 401
    st, _, _ = rest.call("POST", "/topics", {"name": topic, "config": {"searchable.enabled": "true"}},
                         headers={"X-API-Key": "s3cret"})
    assert st == 201
    produce_docs(rest.srv.bootstrap, topic, 1, [{"value": b'{"message": "open for reading"}'}])
    assert rest.search(topic, {"query": {"match": {"message": "reading"}}})["hits"]["total"]["value"] == 1
    st, hdrs, info = rest.call("GET", "/")
    assert st == 200 and hdrs["X-Elastic-Product"] == "Elasticsearch"


def test_cat_stats_metrics(rest):
    topic = unique_topic("cat")
    rest.create(topic, partitions=2)
    produce_docs(rest.srv.bootstrap, topic, 2, log_docs(50, 8))
    rest.search(topic, {"query": {"match_all": {}}})
    st, _, text = rest.call("GET", "/_cat/indices?v")
    assert st == 200 and text.splitlines()[0].split()[:3] == ["health", "status", "index"]
    row = [ln.split() for ln in text.splitlines()[1:] if topic in ln.split()][0]
    assert row[2] == topic and row[6] == "50"
    st, _, js = rest.call("GET", "/_cat/indices/%s?format=json" % topic)
    assert js[0]["index"] == topic and js[0]["docs.count"] == "50"
    st, _, stats = rest.call("GET", "/_search/stats")
    s = stats["indices"][topic]
    assert s["docs"] == 50 and s["lag_records"] == 0 and s["backfill"]["complete"]
    st, _, m = rest.call("GET", "/metrics")
    for name in ("chronik_search_docs", "chronik_search_lag_records", "chronik_search_queries_total",
                 "chronik_search_backfill_pending_records", "chronik_http_search_duration_seconds_count"):
        assert re.search(r"^%s(\{[^}]*\})? " % name, m, re.M), name

"""The REST API against a real chronik-server, with two independent HTTP
clients (curl and Python's urllib): /health, /metrics (Prometheus text),
/topics (create, list, describe, delete), /_sql (+ describe and tables),
every error status (400, 401, 403, 404, 405, 408, 409, 413) with its JSON
error body, the admin key on and off, and SQL answers checked against data
produced a moment before through confluent-kafka and through the topics
API, for raw and columnar topics.

The REST listener is put on a free port picked here (http.listen), so the
tests do not depend on how the server reports it."""

import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from clients import admin, consume, produce_all, producer, wait_topic
from conftest import unique_topic, wait_port

T = 30  # seconds: bound of every client call
CURL = shutil.which("curl")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Rest:
    """A started server and the base URL of its REST listener."""

    def __init__(self, srv, port):
        self.srv = srv
        self.port = port
        self.base = "http://127.0.0.1:%d" % port

    # -- urllib -------------------------------------------------------------

    def call(self, method, path, body=None, headers=None, raw=None):
        """(status, headers, parsed JSON or text) via urllib."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        h = {"Content-Type": "application/json"} if data is not None else {}
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=T) as r:
                status, hdrs, payload = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, payload = e.code, e.headers, e.read()
        ctype = hdrs.get("Content-Type", "")
        if ctype.startswith("application/json") and payload:
            return status, hdrs, json.loads(payload)
        return status, hdrs, payload.decode("utf-8", "replace")

    def sql(self, query, params=None, limit=None):
        body = {"query": query}
        if params is not None:
            body["params"] = params
        if limit is not None:
            body["limit"] = limit
        st, _, res = self.call("POST", "/_sql", body)
        assert st == 200, "%s -> %s %s" % (query, st, res)
        return res

    # -- curl ---------------------------------------------------------------

    def curl(self, method, path, data=None, headers=()):
        """(status, headers text, body text) via curl."""
        if not CURL:
            pytest.skip("curl not installed (tools/install-deps.sh --test)")
        verb = ["-I"] if method == "HEAD" else ["-X", method]
        args = [CURL, "-sS"] + verb + ["-D", "-", "--max-time", str(T), self.base + path]
        for h in headers:
            args += ["-H", h]
        if data is not None:
            args += ["-H", "Content-Type: application/json", "--data-binary", data]
        out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=T + 5)
        assert out.returncode == 0, "curl failed: %s" % out.stderr.decode()
        text = out.stdout.decode("utf-8", "replace")
        # Skip interim responses (100 Continue).
        while text.startswith("HTTP/1.1 100"):
            text = text.split("\r\n\r\n", 1)[1]
        head, _, body = text.partition("\r\n\r\n")
        status = int(head.split()[1])
        return status, head, body


def start_rest(server_factory, conf=None, env=None):
    port = free_port()
    c = {"http.listen": "127.0.0.1:%d" % port}
    c.update(conf or {})
    srv = server_factory(conf=c, env=env)
    try:
        wait_port(port, timeout=10)
    except Exception:
        pytest.fail("the REST listener is not up on %d (does chronik-server start http.listen?):\n%s"
                    % (port, srv.log_tail()))
    return Rest(srv, port)


@pytest.fixture
def rest(server_factory):
    return start_rest(server_factory)


def assert_error(res, status, st, etype=None):
    assert st == status, "status %s, wanted %s: %s" % (st, status, res)
    assert isinstance(res, dict) and "error" in res, res
    assert isinstance(res["error"].get("type"), str) and isinstance(res["error"].get("reason"), str), res
    assert res["error"]["reason"], res
    if etype:
        assert res["error"]["type"] == etype, res


# -- health and metrics -------------------------------------------------------

def parse_metrics(text):
    """{sample name with labels: value}; checks HELP/TYPE precede each family."""
    samples, helped, typed = {}, set(), {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helped.add(line.split()[2])
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split(None, 3)
            assert name in helped, "TYPE before HELP for %s" % name
            typed[name] = kind
        elif line.strip():
            m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$", line)
            assert m, "bad sample line %r" % line
            base = m.group(1)
            fam = next((f for f in typed if base == f or base.startswith(f + "_")), None)
            assert fam, "sample %s without TYPE" % base
            samples[base + (m.group(2) or "")] = float(m.group(3))
    return samples, typed


def test_health(rest):
    st, hdrs, res = rest.call("GET", "/health")
    assert st == 200 and res["status"] == "ok", res
    assert hdrs["Content-Type"].startswith("application/json")
    st, _, body = rest.curl("GET", "/health")
    assert st == 200 and json.loads(body)["status"] == "ok"
    st, head, body = rest.curl("HEAD", "/health")
    assert st == 200


def test_metrics_after_kafka_traffic(rest):
    topic = unique_topic("met")
    st, _, res = rest.call("POST", "/topics", {"name": topic, "partitions": 1})
    assert st == 201, res
    p = producer(rest.srv.bootstrap)
    reports = produce_all(p, topic, [{"value": b"m%d" % i} for i in range(50)])
    assert all(e is None for e, _, _ in reports)
    assert len(consume(rest.srv.bootstrap, topic, 50, timeout=T)) == 50
    rest.sql("SELECT COUNT(*) FROM \"%s\"" % topic)
    st, hdrs, text = rest.call("GET", "/metrics")
    assert st == 200
    assert hdrs["Content-Type"].startswith("text/plain")
    samples, typed = parse_metrics(text)
    for fam in ("chronik_messages_received_total", "chronik_messages_stored_total", "chronik_produce_latency_seconds",
                "chronik_fetch_latency_seconds", "chronik_storage_usage_bytes", "chronik_active_connections",
                "chronik_sql_queries_total", "chronik_http_sql_query_duration_seconds"):
        assert fam in typed, "no %s in /metrics" % fam
    assert typed["chronik_messages_received_total"] == "counter"
    assert typed["chronik_http_sql_query_duration_seconds"] == "histogram"
    assert samples["chronik_messages_received_total"] >= 50
    assert samples["chronik_messages_stored_total"] >= 50
    assert samples["chronik_produce_latency_seconds_count"] >= 1
    assert samples["chronik_fetch_latency_seconds_count"] >= 1
    assert samples["chronik_storage_usage_bytes"] > 0
    assert samples["chronik_sql_queries_total"] >= 1
    assert samples['chronik_http_sql_query_duration_seconds_bucket{le="+Inf"}'] >= 1
    # curl sees the same families.
    st, _, body = rest.curl("GET", "/metrics")
    assert st == 200 and "# TYPE chronik_active_connections gauge" in body


# -- topics -------------------------------------------------------------------

def test_topics_crud(rest):
    topic = unique_topic("rest")
    body = json.dumps({"name": topic, "partitions": 3,
                       "config": {"retention.ms": "3600000", "columnar.enabled": False}})
    st, head, text = rest.curl("POST", "/topics", body)
    assert st == 201, text
    assert re.search(r"(?im)^location: /topics/" + re.escape(topic), head), head
    desc = json.loads(text)
    assert desc["name"] == topic and desc["partition_count"] == 3
    assert [p["partition"] for p in desc["partitions"]] == [0, 1, 2]
    assert desc["configs"]["retention.ms"] == "3600000"
    assert desc["configs"]["columnar.enabled"] == "false"
    assert desc["configs"]["cleanup.policy"] == "delete"          # effective default
    assert desc["overrides"] == {"retention.ms": "3600000", "columnar.enabled": "false"}

    # Visible to Kafka clients; produce and see the watermarks move.
    wait_topic(admin(rest.srv.bootstrap), topic, 3, T)
    p = producer(rest.srv.bootstrap)
    for part, n in ((0, 4), (2, 7)):
        assert all(e is None for e, _, _ in produce_all(p, topic, [{"value": b"x"}] * n, partition=part))
    st, _, d = rest.call("GET", "/topics/" + topic)
    assert st == 200
    hw = {q["partition"]: (q["log_start_offset"], q["high_watermark"]) for q in d["partitions"]}
    assert hw == {0: (0, 4), 1: (0, 0), 2: (0, 7)}, hw
    assert d["partitions"][2]["size_bytes"] > 0

    st, _, lst = rest.call("GET", "/topics")
    assert st == 200
    assert {"name": topic, "partitions": 3} in lst["topics"]

    st, _, res = rest.call("POST", "/topics", {"name": topic, "partitions": 1})
    assert_error(res, 409, st, "topic_already_exists")

    st, _, res = rest.call("DELETE", "/topics/" + topic)
    assert st == 200 and res["deleted"] == topic
    st, _, res = rest.call("GET", "/topics/" + topic)
    assert_error(res, 404, st, "unknown_topic")
    st, _, body = rest.curl("DELETE", "/topics/" + topic)
    assert_error(json.loads(body), 404, st)
    st, _, lst = rest.call("GET", "/topics")
    assert topic not in [t["name"] for t in lst["topics"]]


def test_topic_create_defaults(rest):
    topic = unique_topic("def")
    st, _, res = rest.call("POST", "/topics", {"name": topic})
    assert st == 201 and res["partition_count"] == 1, res


# -- errors -------------------------------------------------------------------

def test_error_statuses(rest):
    st, _, res = rest.call("GET", "/no/such/route")
    assert_error(res, 404, st, "not_found")
    st, hdrs, res = rest.call("PUT", "/topics", {"name": "x"})
    assert_error(res, 405, st, "method_not_allowed")
    assert "POST" in hdrs["Allow"] and "GET" in hdrs["Allow"]
    st, hdrs, res = rest.call("GET", "/_sql")
    assert_error(res, 405, st)
    assert hdrs["Allow"] == "POST"
    st, head, body = rest.curl("POST", "/topics/some-topic", "{}")
    assert st == 405 and re.search(r"(?im)^allow: GET, HEAD, DELETE", head), head

    for raw in (b"{", b"{\"name\": }", b"not json", b"{\"name\":\"a\",}", b"[1 2]", b"{\"name\":\"a\"} x", b""):
        st, _, res = rest.call("POST", "/topics", raw=raw)
        assert_error(res, 400, st)
    st, _, res = rest.call("POST", "/topics", {"name": 5})
    assert_error(res, 400, st, "invalid_request")
    assert "name" in res["error"]["reason"]
    st, _, res = rest.call("POST", "/topics", {"name": "ok-name", "partitions": "three"})
    assert_error(res, 400, st)
    assert "partitions" in res["error"]["reason"]
    st, _, res = rest.call("POST", "/topics", {"name": "bad name"})
    assert_error(res, 400, st, "invalid_topic_name")
    st, _, res = rest.call("POST", "/topics", {"name": "cfg-bad", "config": {"retention.ms": "soon"}})
    assert_error(res, 400, st, "invalid_config")
    st, _, res = rest.call("POST", "/_sql", {"query": 42})
    assert_error(res, 400, st)
    assert "query" in res["error"]["reason"]
    st, _, res = rest.call("POST", "/_sql", {"query": "SELECT 1", "params": [[1]]})
    assert_error(res, 400, st)
    assert "params[0]" in res["error"]["reason"]

    # SQL errors carry SQLite's message; writes are refused.
    st, _, res = rest.call("POST", "/_sql", {"query": "SELEKT 1"})
    assert_error(res, 400, st, "sql_error")
    assert "syntax error" in res["error"]["reason"]
    st, _, res = rest.call("POST", "/_sql", {"query": "SELECT * FROM no_such_table"})
    assert_error(res, 400, st, "sql_error")
    assert "no_such_table" in res["error"]["reason"]
    for q in ("CREATE TABLE t(x)", "DROP TABLE x", "ATTACH DATABASE '/tmp/x.db' AS x", "PRAGMA writable_schema=1"):
        st, _, res = rest.call("POST", "/_sql", {"query": q})
        assert st in (400, 403), (q, st, res)
        assert "error" in res
    st, _, res = rest.call("POST", "/_sql", {"query": "CREATE TABLE t(x INTEGER)"})
    assert_error(res, 403, st, "read_only")
    st, _, res = rest.call("GET", "/_sql/describe/no-such-topic")
    assert_error(res, 404, st, "unknown_topic")


def test_body_limit_413(server_factory):
    rest = start_rest(server_factory, conf={"http.max.body.bytes": "1024"})
    big = json.dumps({"query": "SELECT '" + "x" * 4000 + "'"})
    st, _, res = rest.call("POST", "/_sql", raw=big.encode())
    assert_error(res, 413, st, "payload_too_large")
    # curl with Expect: 100-continue gets the 413 without sending the body.
    st, _, body = rest.curl("POST", "/_sql", big)
    assert st == 413 and json.loads(body)["error"]["type"] == "payload_too_large"
    # A chunked (streamed) body with no Content-Length.
    st, _, body = rest.curl("POST", "/_sql", big, headers=["Transfer-Encoding: chunked"])
    assert st == 413, body
    # Under the limit is fine, chunked or not; the server is still healthy.
    small = json.dumps({"query": "SELECT 1 AS one"})
    st, _, body = rest.curl("POST", "/_sql", small, headers=["Transfer-Encoding: chunked"])
    assert st == 200 and json.loads(body)["rows"] == [[1]], body
    assert rest.call("GET", "/health")[0] == 200


def test_query_timeout(server_factory):
    rest = start_rest(server_factory, conf={"sql.timeout.ms": "200"})
    q = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
         "SELECT COUNT(*) FROM c")
    t0 = time.monotonic()
    st, _, res = rest.call("POST", "/_sql", {"query": q})
    assert st in (408, 504), (st, res)
    assert_error(res, st, st)
    assert time.monotonic() - t0 < 10
    assert rest.sql("SELECT 2 AS two")["rows"] == [[2]]


# -- admin key ----------------------------------------------------------------

def test_admin_key(server_factory):
    key = "k3y-" + unique_topic("s")
    rest = start_rest(server_factory, env={"CHRONIK_ADMIN_API_KEY": key})
    topic = unique_topic("auth")
    st, hdrs, res = rest.call("POST", "/topics", {"name": topic})
    assert_error(res, 401, st, "unauthorized")
    assert "Bearer" in hdrs.get("WWW-Authenticate", "")
    st, _, res = rest.call("POST", "/topics", {"name": topic}, headers={"X-API-Key": key + "x"})
    assert_error(res, 401, st)
    st, _, body = rest.curl("POST", "/topics", json.dumps({"name": topic}), headers=["Authorization: Bearer wrong"])
    assert st == 401
    st, _, res = rest.call("POST", "/topics", {"name": topic, "partitions": 2}, headers={"X-API-Key": key})
    assert st == 201, res
    # Reads stay open, including SQL.
    assert rest.call("GET", "/topics/" + topic)[0] == 200
    assert rest.call("GET", "/topics")[0] == 200
    assert rest.sql("SELECT COUNT(*) FROM \"%s\"" % topic)["rows"] == [[0]]
    st, _, res = rest.call("DELETE", "/topics/" + topic)
    assert_error(res, 401, st)
    st, _, body = rest.curl("DELETE", "/topics/" + topic, headers=["Authorization: Bearer " + key])
    assert st == 200, body
    assert rest.call("GET", "/topics/" + topic)[0] == 404


# -- SQL over produced data ----------------------------------------------------

def produce_orders(rest, topic, partitions, per_part, base_ts):
    """Produces JSON orders with confluent-kafka; returns {partition: [dict]}
    in offset order (each with its offset and timestamp)."""
    p = producer(rest.srv.bootstrap)
    out = {}
    kinds = ["book", "pen", "ink"]
    for part in range(partitions):
        msgs = []
        for i in range(per_part):
            n = part * 1000 + i
            order = {"id": n, "amount": (n * 7) % 50 + 0.5, "kind": kinds[n % 3], "qty": n % 4}
            msgs.append({"value": json.dumps(order).encode(), "key": b"k%d" % n, "timestamp": base_ts + n})
        reports = produce_all(p, topic, msgs, partition=part)
        rows = []
        for (err, off, _), m in zip(reports, msgs):
            assert err is None, err
            d = json.loads(m["value"])
            d["_offset"], d["_timestamp"] = off, m["timestamp"]
            rows.append(d)
        out[part] = rows
    return out


def check_sql_answers(rest, table, data, field):
    """field(name): the SQL expression of a JSON field (raw: _value->>, columnar: a column)."""
    allrows = [r for rows in data.values() for r in rows]
    def q(sql, params=None):
        for f in ("amount", "qty", "kind", "id"):
            sql = sql.replace("_value->>'$.%s'" % f, field(f))
        return rest.sql(sql.replace("{T}", '"%s"' % table), params)["rows"]
    assert q("SELECT COUNT(*) FROM {T}") == [[len(allrows)]]
    got = {p: n for p, n in q("SELECT _partition, COUNT(*) FROM {T} GROUP BY _partition ORDER BY 1")}
    assert got == {p: len(rows) for p, rows in data.items()}
    s = q("SELECT SUM(_value->>'$.amount'), AVG(_value->>'$.qty') FROM {T}")[0]
    assert abs(s[0] - sum(r["amount"] for r in allrows)) < 1e-6
    assert abs(s[1] - sum(r["qty"] for r in allrows) / len(allrows)) < 1e-9
    by_kind = {k: round(v, 6) for k, v in
               q("SELECT _value->>'$.kind', SUM(_value->>'$.amount') FROM {T} GROUP BY 1")}
    want = {}
    for r in allrows:
        want[r["kind"]] = want.get(r["kind"], 0) + r["amount"]
    assert by_kind == {k: round(v, 6) for k, v in want.items()}
    # Offset range on one partition, with bound parameters.
    rows1 = data[1]
    got = q("SELECT _offset, _value->>'$.id' FROM {T} WHERE _partition = ?1 AND _offset >= ?2 AND _offset < ?3 "
            "ORDER BY _offset", [1, 3, 9])
    assert got == [[r["_offset"], r["id"]] for r in rows1 if 3 <= r["_offset"] < 9]
    # Time range.
    lo, hi = rows1[2]["_timestamp"], rows1[5]["_timestamp"]
    got = q("SELECT COUNT(*) FROM {T} WHERE _timestamp BETWEEN ?1 AND ?2", [lo, hi])
    assert got == [[sum(1 for r in allrows if lo <= r["_timestamp"] <= hi)]]
    # LIMIT via the request, and the truncated flag.
    res = rest.sql('SELECT _offset FROM "%s" WHERE _partition = 0 ORDER BY _offset' % table, limit=3)
    assert res["rows"] == [[0], [1], [2]] and res["truncated"] is True and res["row_count"] == 3
    assert [c["name"] for c in res["columns"]] == ["_offset"]
    assert isinstance(res["took_ms"], (int, float))


def test_sql_over_kafka_data_raw(rest):
    topic = unique_topic("sqlraw")
    st, _, res = rest.call("POST", "/topics", {"name": topic, "partitions": 3})
    assert st == 201, res
    data = produce_orders(rest, topic, 3, 40, int(time.time() * 1000) - 100000)
    # Queried right after the acks: every acknowledged message is visible.
    check_sql_answers(rest, topic, data, lambda f: "_value->>'$.%s'" % f)
    res = rest.sql('SELECT _key, _value FROM "%s" WHERE _partition = 2 AND _offset = 0' % topic)
    assert len(res["rows"]) == 1 and res["rows"][0][0] == "k2000"
    assert json.loads(res["rows"][0][1]) == {k: v for k, v in data[2][0].items() if not k.startswith("_")}
    st, _, d = rest.call("GET", "/_sql/describe/" + topic)
    assert st == 200 and d["topic"] == topic
    cols = [c["name"] for t in d["tables"] for c in t["columns"]]
    for c in ("_partition", "_offset", "_timestamp", "_key", "_value", "_headers"):
        assert c in cols
    st, _, tl = rest.call("GET", "/_sql/tables")
    assert st == 200 and topic in [t["name"] for t in tl["tables"]]


def test_sql_over_kafka_data_columnar(rest):
    topic = unique_topic("sqlcol")
    st, _, res = rest.call("POST", "/topics", {"name": topic, "partitions": 3,
                                               "config": {"columnar.enabled": "true"}})
    assert st == 201 and res["configs"]["columnar.enabled"] == "true", res
    data = produce_orders(rest, topic, 3, 40, int(time.time() * 1000) - 100000)
    check_sql_answers(rest, topic, data, lambda f: '"%s"' % f)
    # The raw table of a columnar topic still has the JSON values.
    check_sql_answers(rest, topic + "_raw", data, lambda f: "_value->>'$.%s'" % f)
    total = sum(len(v) for v in data.values())
    # The unified table equals hot + cold at any moment; eventually cold has all.
    deadline = time.monotonic() + T
    while True:
        hot = rest.sql('SELECT COUNT(*) FROM "%s_hot"' % topic)["rows"][0][0]
        cold = rest.sql('SELECT COUNT(*) FROM "%s_cold"' % topic)["rows"][0][0]
        assert hot + cold >= total
        if cold == total:
            break
        assert time.monotonic() < deadline, "materializer did not catch up: hot %d cold %d" % (hot, cold)
        time.sleep(0.2)
    st, _, d = rest.call("GET", "/_sql/describe/" + topic)
    kinds = {t["kind"] for t in d["tables"]}
    assert {"unified", "hot", "cold"} <= kinds, d
    # A join between two topics: orders of partition 0 and 1 sharing a kind.
    res = rest.sql('SELECT COUNT(*) FROM "%s" a JOIN "%s" b ON a.kind = b.kind '
                   'WHERE a._partition = 0 AND b._partition = 1' % (topic, topic))
    want = sum(1 for x in data[0] for y in data[1] if x["kind"] == y["kind"])
    assert res["rows"] == [[want]]


def test_sql_sees_messages_produced_just_before(rest):
    topic = unique_topic("fresh")
    st, _, res = rest.call("POST", "/topics", {"name": topic, "partitions": 1,
                                               "config": {"columnar.enabled": True}})
    assert st == 201, res
    p = producer(rest.srv.bootstrap)
    total = 0
    for round_ in range(5):
        batch = [{"value": json.dumps({"r": round_, "i": i}).encode()} for i in range(20)]
        assert all(e is None for e, _, _ in produce_all(p, topic, batch))
        total += len(batch)
        rows = rest.sql('SELECT COUNT(*), MAX(_offset) FROM "%s"' % topic)["rows"]
        assert rows == [[total, total - 1]], (round_, rows)


def test_concurrent_requests(rest):
    topic = unique_topic("conc")
    assert rest.call("POST", "/topics", {"name": topic})[0] == 201
    errors = []

    def worker(i):
        try:
            for _ in range(10):
                if i % 2:
                    assert rest.sql("SELECT %d AS v" % i)["rows"] == [[i]]
                else:
                    assert rest.call("GET", "/topics/" + topic)[0] == 200
        except Exception as e:  # report in the main thread
            errors.append(e)

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(T)
    assert not any(t.is_alive() for t in ts)
    assert not errors, errors

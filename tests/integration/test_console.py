"""The web console and the REST endpoints behind it, against a real
chronik-server.

Without a browser: the endpoints the console is built on — records of a
partition (offset, timestamp, oldest/newest first, text/base64 bodies),
producing a record, topic config edits, consumer groups with lag and offset
resets, the overview — with their status codes, JSON shapes and 4xx answers
to bad input; the console's files with their Content-Security-Policy; the
admin key on every mutating endpoint; http.console=false.

With a browser (headless Chromium driven by Selenium; one browser for the
module): every page loads; a topic is created from the console, records
produced with kcat show up in the message browser and in the live tail; a
record whose value is HTML is shown as text and never runs; a SQL query
answers; a confluent-kafka consumer's commit shows as lag on the group page
and an offset reset moves it; the topic is deleted after the confirmation.
With the admin key set and not entered, a mutating button shows the API's
401.  Screenshots of each page go to the test's tmp directory
(console-*.png)."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from clients import consumer, producer, produce_all
from conftest import ChronikServer, unique_topic, wait_port

T = 30
KCAT = shutil.which("kcat") or shutil.which("kafkacat")
ADMIN_KEY = "console-test-key"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(cond, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.05)


class Rest:
    def __init__(self, srv, port):
        self.srv = srv
        self.port = port
        self.base = "http://127.0.0.1:%d" % port

    def call(self, method, path, body=None, headers=None, raw=None):
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
        return status, hdrs, payload

    def ok(self, method, path, body=None, status=200, key=None):
        h = {"X-API-Key": key} if key else None
        st, _, js = self.call(method, path, body, headers=h)
        assert st == status, "%s %s: %s %s" % (method, path, st, js)
        return js


def start(conf=None):
    port = free_port()
    c = {"http.listen": "127.0.0.1:%d" % port}
    c.update(conf or {})
    srv = ChronikServer(conf=c).start()
    wait_port(port)
    return Rest(srv, port)


@pytest.fixture(scope="module")
def keyed():
    """A server whose mutating REST endpoints need ADMIN_KEY."""
    r = start({"admin.api.key": ADMIN_KEY})
    yield r
    assert r.srv.stop() == 0
    r.srv.cleanup()


@pytest.fixture(scope="module")
def open_srv():
    """A server without an admin key."""
    r = start()
    yield r
    assert r.srv.stop() == 0
    r.srv.cleanup()


def assert_error(js, status, etype=None):
    assert js["status"] == status and isinstance(js["error"]["reason"], str), js
    if etype:
        assert js["error"]["type"] == etype, js


# ===========================================================================
# REST endpoints (no browser)
# ===========================================================================

def test_console_files_and_headers(open_srv):
    st, h, body = open_srv.call("GET", "/", headers={"Accept": "text/html,application/xhtml+xml"})
    assert st == 200 and h["Content-Type"].startswith("text/html")
    assert b'<script src="/ui/console.js"' in body and b"<script>" not in body
    csp = h["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY"
    for path, ctype in (("/ui", "text/html"), ("/ui/", "text/html"), ("/ui/console.js", "text/javascript"),
                        ("/ui/console.css", "text/css")):
        st, h, body = open_srv.call("GET", path)
        assert st == 200 and h["Content-Type"].startswith(ctype), path
        assert "Content-Security-Policy" in h and len(body) > 100
    # The script builds the page with textContent only.
    js = open_srv.call("GET", "/ui/console.js")[2].decode()
    assert ".innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    st, _, js = open_srv.call("GET", "/ui/nothing.js")
    assert st == 404
    assert_error(js, 404, "not_found")
    st, h, js = open_srv.call("POST", "/ui/console.js", raw=b"x")
    assert st == 405 and "GET" in h["Allow"]
    # "/" without a browser's Accept is not the console.
    st, h, _ = open_srv.call("GET", "/", headers={"Accept": "application/json"})
    assert not h.get("Content-Type", "").startswith("text/html")


def test_console_off(server_factory):
    port = free_port()
    srv = server_factory(conf={"http.listen": "127.0.0.1:%d" % port, "http.console": "false"})
    wait_port(port)
    r = Rest(srv, port)
    for path in ("/ui", "/ui/console.js"):
        st, _, js = r.call("GET", path)
        assert st == 404
        assert_error(js, 404, "not_found")
    st, h, _ = r.call("GET", "/", headers={"Accept": "text/html"})
    assert st == 404 and not h["Content-Type"].startswith("text/html")
    assert r.call("GET", "/health")[0] == 200     # the REST API itself stays


def test_overview(open_srv):
    topic = unique_topic("ov")
    open_srv.ok("POST", "/topics", {"name": topic, "partitions": 3, "config": {"columnar.enabled": "true"}}, 201)
    open_srv.ok("POST", "/topics/%s/records" % topic, {"partition": 1, "value": "x" * 100}, 201)
    o = open_srv.ok("GET", "/_overview")
    health = open_srv.ok("GET", "/health")
    assert o["version"] == health["version"] and o["cluster_id"] == health["cluster_id"]
    assert o["node_id"] == health["node_id"] and o["uptime_ms"] >= 0
    assert o["listeners"]["http"]["port"] == open_srv.port
    assert o["listeners"]["kafka"]["port"] == open_srv.srv.port
    assert o["admin_key_required"] is False
    assert o["topic_count"] >= 1 and o["partition_count"] >= 3 and o["storage_bytes"] > 0
    for k in ("produce", "fetch"):
        assert set(o[k]) >= {"requests", "messages", "bytes", "latency"}
        assert set(o[k]["latency"]) >= {"count", "p50_ms", "p95_ms", "p99_ms"}
    assert o["produce"]["messages"] >= 1 and o["produce"]["latency"]["count"] >= 1
    assert o["produce"]["latency"]["p99_ms"] >= o["produce"]["latency"]["p50_ms"] > 0
    t = [x for x in o["topics"] if x["name"] == topic][0]
    assert t["partitions"] == 3 and t["messages"] == 1 and t["size_bytes"] > 100
    assert t["features"] == ["columnar"] and t["retention_ms"] == 604800000


def test_records(open_srv):
    r = open_srv
    topic = unique_topic("rec")
    r.ok("POST", "/topics", {"name": topic, "partitions": 2}, 201)
    base = "/topics/%s/partitions/0/records" % topic
    t0 = int(time.time() * 1000) - 100000
    for i in range(10):
        res = r.ok("POST", "/topics/%s/records" % topic,
                   {"partition": 0, "key": "k%d" % i, "value": json.dumps({"i": i}), "timestamp": t0 + i * 1000,
                    "headers": {"n": str(i)}}, 201)
        assert res == {"topic": topic, "partition": 0, "offset": i}
    binary = bytes([0, 1, 2, 0xFF, 0xFE])
    import base64
    res = r.ok("POST", "/topics/%s/records" % topic,
               {"partition": 0, "value": base64.b64encode(binary).decode(), "encoding": "base64"}, 201)
    assert res["offset"] == 10

    js = r.ok("GET", base)
    assert js["order"] == "oldest" and js["log_start_offset"] == 0 and js["high_watermark"] == 11
    assert js["count"] == 11 and [x["offset"] for x in js["records"]] == list(range(11))
    first = js["records"][0]
    assert first == {"offset": 0, "timestamp": t0, "key": "k0", "key_encoding": "text", "value": '{"i": 0}',
                     "value_encoding": "text", "headers": [{"key": "n", "value": "0", "value_encoding": "text"}]}
    last = js["records"][10]
    assert last["value_encoding"] == "base64" and base64.b64decode(last["value"]) == binary
    assert last["key"] is None and last["key_encoding"] is None

    js = r.ok("GET", base + "?order=newest&limit=3")
    assert [x["offset"] for x in js["records"]] == [10, 9, 8] and js["prev_offset"] == 8
    js = r.ok("GET", base + "?order=newest&limit=3&offset=5")
    assert [x["offset"] for x in js["records"]] == [4, 3, 2]
    js = r.ok("GET", base + "?offset=4&limit=2")
    assert [x["offset"] for x in js["records"]] == [4, 5] and js["next_offset"] == 6
    js = r.ok("GET", base + "?timestamp=%d&limit=2" % (t0 + 6500))
    assert [x["offset"] for x in js["records"]] == [7, 8]
    js = r.ok("GET", base + "?timestamp=%d" % (t0 + 10 ** 9))
    assert js["records"] == []
    js = r.ok("GET", "/topics/%s/partitions/1/records" % topic)
    assert js["records"] == [] and js["high_watermark"] == 0

    # A tail read waits for the next record.
    js = r.ok("GET", base + "?offset=11&wait_ms=50")
    assert js["records"] == [] and js["next_offset"] == 11

    for q, status, etype in (("?offset=x", 400, "invalid_request"), ("?limit=0", 400, "invalid_request"),
                             ("?limit=1001", 400, "invalid_request"), ("?order=sideways", 400, "invalid_request"),
                             ("?offset=1&timestamp=1", 400, "invalid_request"), ("?offset=-3", 400, "invalid_request"),
                             ("?wait_ms=100000", 400, "invalid_request"),
                             ("?offset=12", 416, "offset_out_of_range")):
        st, _, js = r.call("GET", base + q)
        assert st == status, q
        assert_error(js, status, etype)
    st, _, js = r.call("GET", "/topics/%s/partitions/2/records" % topic)
    assert st == 404
    assert_error(js, 404, "unknown_partition")
    st, _, js = r.call("GET", "/topics/no-such-%s/partitions/0/records" % topic)
    assert_error(js, 404, "unknown_topic")
    st, _, js = r.call("GET", "/topics/%s/partitions/x/records" % topic)
    assert st == 404
    st, h, js = r.call("DELETE", base)
    assert st == 405 and h["Allow"] == "GET, HEAD"


def test_produce_and_configs_need_the_key(keyed):
    r = keyed
    topic = unique_topic("key")
    r.ok("POST", "/topics", {"name": topic}, 201, key=ADMIN_KEY)
    body = {"value": "v"}
    for path, b in (("/topics/%s/records" % topic, body), ("/topics/%s/configs" % topic, {"config": {}}),
                    ("/groups/g/reset", {"to": "earliest"})):
        st, h, js = r.call("POST", path, b)
        assert st == 401 and "Bearer" in h["WWW-Authenticate"], path
        assert_error(js, 401, "unauthorized")
        st, _, js = r.call("POST", path, b, headers={"X-API-Key": "wrong"})
        assert st == 401
        assert "wrong" in js["error"]["reason"]
    # Reads stay open.
    assert r.call("GET", "/topics/%s/partitions/0/records" % topic)[0] == 200
    assert r.call("GET", "/groups")[0] == 200
    assert r.ok("GET", "/_overview")["admin_key_required"] is True
    res = r.ok("POST", "/topics/%s/records" % topic, body, 201, key=ADMIN_KEY)
    assert res["partition"] == 0 and res["offset"] == 0
    st, _, js = r.call("POST", "/topics/%s/records" % topic, body, headers={"Authorization": "Bearer " + ADMIN_KEY})
    assert st == 201 and js["offset"] == 1


def test_produce_bad_input(open_srv):
    r = open_srv
    topic = unique_topic("pb")
    r.ok("POST", "/topics", {"name": topic, "partitions": 2}, 201)
    path = "/topics/%s/records" % topic
    for b, etype in ((b"{", "parse_error"), (b"[1]", "invalid_request"), (b'{"value": 1}', "invalid_request"),
                     (b'{"value": "%%%", "encoding": "base64"}', "invalid_request"),
                     (b'{"value": "x", "encoding": "rot13"}', "invalid_request"),
                     (b'{"value": "x", "partition": -2}', "invalid_request"),
                     (b'{"value": "x", "headers": [1]}', "invalid_request"),
                     (b'{"value": "x", "headers": {"a": 1}}', "invalid_request"),
                     (b'{"value": "x", "color": "red"}', "invalid_request")):
        st, _, js = r.call("POST", path, raw=b)
        assert st == 400, b
        assert_error(js, 400, etype)
    st, _, js = r.call("POST", path, {"value": "x", "partition": 2})
    assert_error(js, 404, "unknown_partition")
    st, _, js = r.call("POST", "/topics/none-%s/records" % topic, {"value": "x"})
    assert_error(js, 404, "unknown_topic")
    # Null key and value, a header with a null value: a tombstone.
    res = r.ok("POST", path, {"partition": 1, "value": None, "headers": {"h": None}}, 201)
    rec = r.ok("GET", "/topics/%s/partitions/1/records" % topic)["records"][0]
    assert rec["offset"] == res["offset"] and rec["value"] is None and rec["value_encoding"] is None
    assert rec["headers"] == [{"key": "h", "value": None, "value_encoding": None}]
    # partition omitted: the server picks one.
    assert r.ok("POST", path, {"value": "x"}, 201)["partition"] in (0, 1)


def test_topic_configs(open_srv):
    r = open_srv
    topic = unique_topic("cfg")
    r.ok("POST", "/topics", {"name": topic}, 201)
    js = r.ok("POST", "/topics/%s/configs" % topic, {"config": {"retention.ms": "3600000", "segment.bytes": 1048576}})
    assert js == {"acknowledged": True, "topic": topic, "changed": ["retention.ms", "segment.bytes"]}
    t = r.ok("GET", "/topics/%s" % topic)
    assert t["overrides"] == {"retention.ms": "3600000", "segment.bytes": "1048576"}
    r.ok("POST", "/topics/%s/configs" % topic, {"config": {"retention.ms": None}})
    t = r.ok("GET", "/topics/%s" % topic)
    assert "retention.ms" not in t["overrides"] and t["configs"]["retention.ms"] == "604800000"
    for b, status, etype in (({"config": {"retention.ms": "soon"}}, 400, "invalid_config"),
                             ({"config": {"no.such.config": "1"}}, 400, "invalid_config"),
                             ({"config": {"retention.ms": [1]}}, 400, "invalid_config"),
                             ({"configs": {}}, 400, "invalid_request"), ([], 400, "invalid_request")):
        st, _, js = r.call("POST", "/topics/%s/configs" % topic, b)
        assert st == status, b
        assert_error(js, status, etype)
    st, _, js = r.call("POST", "/topics/none-%s/configs" % topic, {"config": {"retention.ms": "1"}})
    assert_error(js, 404, "unknown_topic")


def test_groups_lag_and_reset(open_srv):
    r = open_srv
    topic = unique_topic("grp")
    group = unique_topic("g")
    r.ok("POST", "/topics", {"name": topic, "partitions": 2}, 201)
    p = producer(r.srv.bootstrap)
    produce_all(p, topic, [{"value": b"a%d" % i} for i in range(6)], partition=0)
    produce_all(p, topic, [{"value": b"b%d" % i} for i in range(4)], partition=1)
    c = consumer(r.srv.bootstrap, group_id=group, session_timeout_ms=6000, enable_auto_offset_store=True)
    try:
        c.subscribe([topic])
        got = []
        deadline = time.monotonic() + T
        while len(got) < 10 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and not m.error():
                got.append(m)
        assert len(got) == 10
        c.commit(asynchronous=False)
        # With a member, a reset is refused.
        g = wait_until(lambda: (lambda js: js if js["total_lag"] == 0 and len(js["offsets"]) == 2 else None)(
            r.ok("GET", "/groups/" + group)), what="committed offsets")
        assert g["protocol"] == "classic" and g["state"] == "Stable" and len(g["members"]) == 1
        st, _, js = r.call("POST", "/groups/%s/reset" % group, {"to": "earliest"})
        assert st == 409
        assert_error(js, 409, "non_empty_group")
        lst = r.ok("GET", "/groups")["groups"]
        assert {"group_id": group, "state": "Stable", "protocol": "classic", "members": 1} in lst
    finally:
        c.close()
    produce_all(p, topic, [{"value": b"c"}] * 3, partition=0)
    g = wait_until(lambda: (lambda js: js if js["total_lag"] == 3 and not js["members"] else None)(
        r.ok("GET", "/groups/" + group)), what="lag 3 after the consumer left")
    offs = {(o["topic"], o["partition"]): o for o in g["offsets"]}
    assert offs[(topic, 0)]["offset"] == 6 and offs[(topic, 0)]["high_watermark"] == 9 and offs[(topic, 0)]["lag"] == 3
    assert offs[(topic, 1)]["lag"] == 0 and g["state"] == "Empty"

    js = r.ok("POST", "/groups/%s/reset" % group, {"to": "earliest"})
    assert sorted((o["partition"], o["offset"]) for o in js["offsets"]) == [(0, 0), (1, 0)]
    assert r.ok("GET", "/groups/" + group)["total_lag"] == 13
    js = r.ok("POST", "/groups/%s/reset" % group, {"to": "latest", "topic": topic})
    assert sorted((o["partition"], o["offset"]) for o in js["offsets"]) == [(0, 9), (1, 4)]
    assert r.ok("GET", "/groups/" + group)["total_lag"] == 0
    js = r.ok("POST", "/groups/%s/reset" % group, {"to": "timestamp", "timestamp": 0})
    assert sorted((o["partition"], o["offset"]) for o in js["offsets"]) == [(0, 0), (1, 0)]

    for b, status, etype in (({"to": "yesterday"}, 400, "invalid_request"), ({"to": "timestamp"}, 400, "invalid_request"),
                             ({"to": "earliest", "topic": 5}, 400, "invalid_request"),
                             ({"to": "earliest", "topic": "none-" + topic}, 404, "unknown_topic")):
        st, _, js = r.call("POST", "/groups/%s/reset" % group, b)
        assert st == status, b
        assert_error(js, status, etype)
    st, _, js = r.call("GET", "/groups/none-" + group)
    assert_error(js, 404, "unknown_group")
    st, _, js = r.call("POST", "/groups/none-%s/reset" % group, {"to": "earliest"})
    assert_error(js, 404, "unknown_group")
    st, h, _ = r.call("DELETE", "/groups/" + group)
    assert st == 405 and h["Allow"] == "GET, HEAD"


# ===========================================================================
# The console in a browser
# ===========================================================================

def _driver():
    webdriver = pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("chromium and chromium-driver are not installed (tools/install-deps.sh --test)")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1400,1000", "--disable-extensions"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(chromedriver), options=opts)
    d.set_page_load_timeout(60)
    return d


@pytest.fixture(scope="module")
def browser():
    d = _driver()
    yield d
    d.quit()


@pytest.fixture
def shots(tmp_path):
    """shots(driver, name): saves a screenshot as tmp_path/console-NAME.png."""
    def save(d, name):
        path = tmp_path / ("console-%s.png" % name)
        d.save_screenshot(str(path))
        assert path.stat().st_size > 1000
        return path
    return save


def by_id(d, ident, timeout=20):
    from selenium.webdriver.common.by import By
    return wait_until(lambda: (d.find_elements(By.ID, ident) or [None])[0], timeout, "#" + ident)


def css(d, sel):
    from selenium.webdriver.common.by import By
    return d.find_elements(By.CSS_SELECTOR, sel)


def text_of(d, ident, timeout=20):
    """The rendered text of #ident, read in the page (views re-render
    themselves, so element references go stale)."""
    return wait_until(lambda: d.execute_script(
        "var e = document.getElementById(arguments[0]); return e ? e.innerText : null;", ident),
        timeout, "#" + ident) if timeout else d.execute_script(
        "var e = document.getElementById(arguments[0]); return e ? e.innerText : '';", ident)


def wait_text(d, ident, want, timeout=20):
    return wait_until(lambda: want in (text_of(d, ident, 0) or ""), timeout, "%r in #%s" % (want, ident))


def no_alert(d):
    from selenium.common.exceptions import NoAlertPresentException
    try:
        a = d.switch_to.alert
    except NoAlertPresentException:
        return True
    raise AssertionError("an alert opened: %r" % a.text)


def kcat_produce(bootstrap, topic, lines, key_delim=":"):
    p = subprocess.run([KCAT, "-P", "-b", bootstrap, "-t", topic, "-p", "0", "-K" + key_delim],
                       input=("\n".join(lines) + "\n").encode(), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 0, p.stderr.decode(errors="replace")


def go(d, r, frag):
    d.get(r.base + "/ui/#/" + frag)
    by_id(d, "page-title")


@pytest.mark.skipif(KCAT is None, reason="kcat is not installed (tools/install-deps.sh --test)")
def test_browser_console(open_srv, browser, shots):
    r, d = open_srv, browser
    from selenium.webdriver.common.by import By

    # Overview, served at / to a browser.
    d.get(r.base + "/")
    health = r.ok("GET", "/health")
    wait_text(d, "ov-version", health["version"])
    assert text_of(d, "ov-cluster") == health["cluster_id"]
    assert text_of(d, "ov-kafka") == "127.0.0.1:%d" % r.srv.port
    assert by_id(d, "chart-rates").tag_name == "canvas" and by_id(d, "chart-latency").tag_name == "canvas"
    shots(d, "overview")

    # Topics: create one from the form.
    topic = unique_topic("web")
    go(d, r, "topics")
    by_id(d, "new-topic-name").send_keys(topic)
    by_id(d, "new-topic-partitions").clear()
    by_id(d, "new-topic-partitions").send_keys("2")
    by_id(d, "new-topic-configs").send_keys("retention.ms=3600000\ncolumnar.enabled=true")
    by_id(d, "create-topic").click()
    wait_text(d, "topics-table", topic)
    t = r.ok("GET", "/topics/" + topic)
    assert t["partition_count"] == 2 and t["overrides"]["retention.ms"] == "3600000"
    shots(d, "topics")

    # Records from kcat, one of them HTML.
    xss = "<img src=x onerror=alert(1)>"
    kcat_produce(r.srv.bootstrap, topic, ['k1:{"order": 1, "item": "book"}', "k2:plain text", "k3:" + xss])
    go(d, r, "messages/%s/0" % topic)
    wait_until(lambda: len(css(d, "#messages-body tr.record")) == 3, what="three records")
    values = [e.text for e in css(d, "#messages-body .rec-value")]
    assert values[0] == xss and values[1] == "plain text"
    assert '"item": "book"' in values[2]             # pretty-printed JSON
    assert not css(d, "#messages img") and no_alert(d)
    assert [e.text for e in css(d, "#messages-body .rec-key")] == ["k3", "k2", "k1"]
    shots(d, "messages")

    # The live tail follows new records; the produce form writes one.
    by_id(d, "tail-toggle").click()
    wait_until(lambda: d.execute_script("return document.getElementById('tail-toggle').textContent") == "Stop live tail")
    wait_until(lambda: r.ok("GET", "/topics/%s/partitions/0/records?order=newest&limit=1" % topic)["high_watermark"] == 3)
    # Let the tail take its starting offset before producing.
    wait_until(lambda: d.execute_script("return performance.getEntriesByType('resource').some("
                                        "function (e) { return e.name.indexOf('wait_ms') >= 0; })"),
               what="the tail's first poll")
    kcat_produce(r.srv.bootstrap, topic, ["k4:tailed " + xss])
    wait_text(d, "tail", "tailed " + xss)
    by_id(d, "produce-key").send_keys("from-console")
    by_id(d, "produce-value").send_keys('{"sent": "by the console"}')
    by_id(d, "produce-send").click()
    wait_text(d, "notice", "Produced to partition 0 at offset 4")
    wait_text(d, "tail", "by the console")
    assert not css(d, "#tail img") and no_alert(d)
    shots(d, "tail")
    by_id(d, "tail-toggle").click()

    # Topic page: partitions and configs, and a config edit.
    go(d, r, "topic/" + topic)
    wait_text(d, "topic-partitions", "5")
    wait_text(d, "topic-configs", "retention.ms")
    by_id(d, "cfg-key").send_keys("retention.ms")
    by_id(d, "cfg-value").send_keys("7200000")
    by_id(d, "cfg-set").click()
    wait_text(d, "topic-configs", "7200000")
    assert r.ok("GET", "/topics/" + topic)["overrides"]["retention.ms"] == "7200000"
    shots(d, "topic")

    # SQL.
    go(d, r, "sql")
    wait_text(d, "sql-tables", topic)
    # The schema beside the editor: expanding a table lists its columns.
    [s for s in css(d, "#sql-tables summary") if s.text == topic + "_raw"][0].click()
    wait_text(d, "sql-tables", "_offset INTEGER")
    by_id(d, "sql-query").send_keys('SELECT _key, _value FROM "%s_raw" WHERE _partition = 0 ORDER BY _offset' % topic)
    by_id(d, "sql-run").click()
    wait_until(lambda: css(d, "#sql-info") or text_of(d, "sql-error", 0), what="the query's answer")
    assert not text_of(d, "sql-error", 0)
    wait_text(d, "sql-info", "5 row(s)")
    cells = [e.text for e in css(d, "#sql-table td")]
    assert xss in cells and "k1" in cells and not css(d, "#sql-table img")
    shots(d, "sql")
    by_id(d, "sql-query").clear()
    by_id(d, "sql-query").send_keys("DELETE FROM x")
    by_id(d, "sql-run").click()
    wait_text(d, "sql-error", "403 read_only")

    # Search: its errors are shown as the API returns them.
    go(d, r, "search")
    wait_until(lambda: css(d, "#search-topic option"), what="topics in the search form")
    by_id(d, "search-query").send_keys("book")
    by_id(d, "search-vector").click()
    by_id(d, "search-run").click()
    wait_text(d, "search-error", "400")
    shots(d, "search")

    # Consumer group lag after a confluent-kafka consumer commits.
    group = unique_topic("webgroup")
    c = consumer(r.srv.bootstrap, group_id=group, enable_auto_offset_store=True)
    try:
        c.subscribe([topic])
        got = 0
        deadline = time.monotonic() + T
        while got < 5 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and not m.error():
                got += 1
        assert got == 5
        c.commit(asynchronous=False)
    finally:
        c.close()
    kcat_produce(r.srv.bootstrap, topic, ["k6:after the commit", "k7:and another"])
    go(d, r, "groups")
    wait_text(d, "groups-table", group)
    shots(d, "groups")
    d.find_element(By.LINK_TEXT, group).click()
    wait_text(d, "group-lag", "2")
    assert by_id(d, "lag-chart").tag_name == "canvas"
    offs = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in css(d, "#group-offsets tbody tr")]
    assert [topic, "0", "5", "7", "2"] in offs
    shots(d, "group")
    # Reset to earliest (the group is empty now), after the confirmation.
    by_id(d, "reset-btn").click()
    by_id(d, "confirm-yes").click()
    wait_text(d, "group-lag", "7")

    # Delete the topic, after the confirmation.
    go(d, r, "topics")
    wait_text(d, "topics-table", topic)
    d.find_element(By.CSS_SELECTOR, '.delete-topic[data-topic="%s"]' % topic).click()
    assert topic in by_id(d, "confirm-text").text
    by_id(d, "confirm-yes").click()
    wait_text(d, "notice", "Deleted topic " + topic)
    wait_until(lambda: topic not in by_id(d, "topics-holder").text, what="the topic gone from the list")
    assert r.call("GET", "/topics/" + topic)[0] == 404
    assert no_alert(d)
    # A vector-enabled topic: k-NN search from the search page, and its
    # indexing progress on the overview.
    vtopic = unique_topic("vec")
    r.ok("POST", "/topics", {"name": vtopic, "config": {"vector.enabled": "true", "vector.field": "text"}}, 201)
    for text in ("the disk is full on db-7", "a quiet night"):
        r.ok("POST", "/topics/%s/records" % vtopic, {"value": json.dumps({"text": text})}, 201)
    go(d, r, "search")
    wait_until(lambda: any(o.get_attribute("value") == vtopic for o in css(d, "#search-topic option")),
               what="the vector topic in the search form")
    d.execute_script("document.getElementById('search-topic').value = arguments[0];", vtopic)
    by_id(d, "search-query").send_keys("disk full")
    by_id(d, "search-vector").click()
    by_id(d, "search-run").click()
    wait_until(lambda: css(d, ".search-hit") or text_of(d, "search-error", 0), what="vector hits")
    assert not text_of(d, "search-error", 0)
    assert "the disk is full on db-7" in css(d, ".search-hit")[0].text
    shots(d, "vector-search")

    # The overview after the traffic: counters, latency percentiles and the
    # progress of the columnar and vector topics.
    go(d, r, "overview")
    wait_text(d, "progress-table", vtopic)
    seen = []

    def caught_up():
        seen[:] = d.execute_script(
            "return Array.from(document.querySelectorAll('#progress-table tbody tr')).map("
            "function (tr) { return Array.from(tr.cells).map(function (c) { return c.textContent.trim(); }); });")
        return [vtopic, "vector", "100%", "0 records"] in seen
    try:
        wait_until(caught_up, what="the vector index caught up")
    except AssertionError:
        shots(d, "overview-progress")
        raise AssertionError("progress rows: %r" % seen)
    wait_until(lambda: text_of(d, "ov-messages", 0) not in ("", "0"), what="messages stored")
    wait_text(d, "ov-produce-lat", " ms")
    shots(d, "overview-traffic")
    logs = [e for e in d.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not logs, logs


def test_browser_admin_key(keyed, browser, shots):
    r, d = keyed, browser
    d.get(r.base + "/ui/#/topics")
    d.execute_script("sessionStorage.clear()")
    d.get(r.base + "/ui/#/topics")
    topic = unique_topic("denied")
    by_id(d, "new-topic-name").send_keys(topic)
    by_id(d, "create-topic").click()
    wait_text(d, "error", "401 unauthorized")
    assert "admin API key" in text_of(d, "error")
    assert r.call("GET", "/topics/" + topic)[0] == 404
    shots(d, "unauthorized")

    # Producing from the message page fails the same way.
    r.ok("POST", "/topics", {"name": topic}, 201, key=ADMIN_KEY)
    go(d, r, "messages/%s/0" % topic)
    by_id(d, "produce-value").send_keys("x")
    by_id(d, "produce-send").click()
    wait_text(d, "error", "401 unauthorized")
    assert r.ok("GET", "/topics/%s/partitions/0/records" % topic)["count"] == 0

    # With the key entered (kept in sessionStorage only) it works.
    by_id(d, "api-key").send_keys(ADMIN_KEY)
    by_id(d, "api-key-save").click()
    assert d.execute_script("return sessionStorage.getItem('chronik.apiKey')") == ADMIN_KEY
    assert d.execute_script("return localStorage.length") == 0 and d.get_cookies() == []
    by_id(d, "produce-send").click()
    wait_text(d, "notice", "Produced to partition 0 at offset 0")
    go(d, r, "topics")
    wait_text(d, "topics-table", topic)
    css(d, '.delete-topic[data-topic="%s"]' % topic)[0].click()
    by_id(d, "confirm-yes").click()
    wait_text(d, "notice", "Deleted topic " + topic)
    d.execute_script("sessionStorage.clear()")

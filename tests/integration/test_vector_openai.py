"""The openai embedding provider of vector search against a fake
OpenAI-compatible /v1/embeddings server started here on 127.0.0.1
(Python's http.server), with a real chronik-server:

- batching: every request carries at most vector.batch.size inputs, all
  records are embedded exactly once, the model, dimensions and bearer key
  are sent;
- a 429 answer is retried (with Retry-After) and then succeeds;
- an endpoint that is down puts the topic in its error state (stats and
  /metrics), and when it comes back indexing resumes with no record
  skipped;
- the key (from vector.api.key, or from OPENAI_API_KEY) never appears in
  the server log, /metrics, the stats or DescribeConfigs."""

import hashlib
import json
import math
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from clients import produce_all, producer
from conftest import unique_topic
from vector_util import free_port, start_rest

DIM = 16


def fake_embedding(text):
    """A deterministic unit vector of the words of text."""
    v = [0.0] * DIM
    for w in re.findall(r"\w+", text.lower()):
        h = hashlib.sha256(w.encode()).digest()
        for i in range(DIM):
            v[i] += (h[i] - 127.5) / 127.5
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / n for x in v]


class FakeEmbeddings:
    """A fake /v1/embeddings endpoint; fail_next answers that many requests 429."""

    def __init__(self, port, key):
        self.port = port
        self.key = key
        self.requests = []          # (number of inputs, model, dimensions)
        self.inputs = []
        self.fail_next = 0
        self.bad_auth = 0
        self.lock = threading.Lock()
        self.httpd = None

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path != "/v1/embeddings":
                    self.send_error(404)
                    return
                if self.headers.get("Authorization") != "Bearer %s" % fake.key:
                    with fake.lock:
                        fake.bad_auth += 1
                    self._json(401, {"error": {"message": "Incorrect API key provided: %s" %
                                                          self.headers.get("Authorization", "")}})
                    return
                req = json.loads(body)
                with fake.lock:
                    if fake.fail_next > 0:
                        fake.fail_next -= 1
                        self._json(429, {"error": {"message": "rate limited"}}, {"Retry-After": "0"})
                        return
                    fake.requests.append((len(req["input"]), req.get("model"), req.get("dimensions")))
                    fake.inputs.extend(req["input"])
                data = [{"object": "embedding", "index": i, "embedding": fake_embedding(t)}
                        for i, t in enumerate(req["input"])]
                data.reverse()  # the index field, not the order, places each vector
                self._json(200, {"object": "list", "data": data, "model": req.get("model"),
                                 "usage": {"prompt_tokens": 1, "total_tokens": 1}})

            def _json(self, status, obj, headers=None):
                out = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(out)

        ThreadingHTTPServer.allow_reuse_address = True
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


@pytest.fixture
def fake_port():
    return free_port()


@pytest.fixture
def fakes():
    made = []
    yield made
    for f in made:
        f.stop()


def produce_texts(rest, topic, texts):
    p = producer(rest.srv.bootstrap)
    reports = produce_all(p, topic, [{"value": json.dumps({"text": t}).encode()} for t in texts])
    assert all(e is None for e, _, _ in reports)
    return [off for _, off, _ in reports]


TEXTS = ["document %d about %s and %s" % (i, w1, w2)
         for i, (w1, w2) in enumerate((a, b) for a in ("cats", "dogs", "ships", "trains", "clouds", "rivers", "stars")
                                      for b in ("sleeping", "sailing", "running", "shining", "falling", "singing",
                                                "flying", "growing"))]

KEY = "sk-test-9c1e0f5a2b7d4e33"


def vector_topic(rest, port, batch=None, key=KEY):
    topic = unique_topic("voa")
    cfg = {"vector.enabled": "true", "vector.provider": "openai", "vector.field": "text",
           "vector.endpoint": "http://127.0.0.1:%d/v1" % port, "vector.model": "fake-embed-1",
           "vector.dimensions": str(DIM)}
    if key:
        cfg["vector.api.key"] = key
    rest.create_topic(topic, 1, cfg)
    return topic


BROKER = {"vector.batch.size": "8", "vector.concurrency": "3", "vector.retry.backoff.ms": "20",
          "vector.retry.backoff.max.ms": "300", "vector.request.timeout.ms": "5000"}


def test_batching_and_search(server_factory, fake_port, fakes):
    fake = FakeEmbeddings(fake_port, KEY).start()
    fakes.append(fake)
    rest = start_rest(server_factory, conf=BROKER, env={"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"})
    topic = vector_topic(rest, fake_port)
    produce_texts(rest, topic, TEXTS)
    st = rest.wait_indexed(topic, len(TEXTS))
    assert st["state"] == "ok" and st["dimensions"] == DIM and st["model"] == "fake-embed-1"
    with fake.lock:
        sizes = [n for n, _, _ in fake.requests]
        assert sorted(fake.inputs) == sorted(TEXTS)          # each record embedded once
        assert max(sizes) == 8 and all(1 <= n <= 8 for n in sizes)
        assert all(m == "fake-embed-1" and d == DIM for _, m, d in fake.requests)
        assert fake.bad_auth == 0
    assert st["embedding"]["requests"] == len(sizes) and st["embedding"]["retries"] == 0
    res = rest.search(topic, {"query": TEXTS[10], "k": 3})
    assert res["hits"]["hits"][0]["_offset"] == 10
    assert res["hits"]["hits"][0]["_source"] == {"text": TEXTS[10]}


def test_429_then_success(server_factory, fake_port, fakes):
    fake = FakeEmbeddings(fake_port, KEY).start()
    fakes.append(fake)
    rest = start_rest(server_factory, conf=BROKER)
    topic = vector_topic(rest, fake_port)
    fake.fail_next = 2
    produce_texts(rest, topic, TEXTS[:20])
    st = rest.wait_indexed(topic, 20)
    assert st["state"] == "ok" and st["error"] is None
    assert st["embedding"]["retries"] >= 2 and st["embedding"]["failures"] == 0
    with fake.lock:
        assert sorted(fake.inputs) == sorted(TEXTS[:20])
    text = rest.metrics()
    assert re.search(r'chronik_vector_embedding_retries_total\{topic="%s"\} [2-9]' % re.escape(topic), text), text


def test_endpoint_down_then_up(server_factory, fake_port, fakes):
    rest = start_rest(server_factory, conf=BROKER)
    topic = vector_topic(rest, fake_port)  # nothing listens there yet
    offsets = produce_texts(rest, topic, TEXTS)
    st = rest.wait_stats(topic, lambda s: s["state"] == "error" and s["error"]["consecutive_failures"] >= 2,
                         what="error state")
    assert "127.0.0.1:%d" % fake_port in st["error"]["message"]
    assert st["pending"] == len(TEXTS) and st["vectors"] == 0
    assert re.search(r'chronik_vector_provider_error\{topic="%s"\} 1' % re.escape(topic), rest.metrics())
    # A query needs the provider too: 503 in the REST API's error shape.
    status, res = rest.call("POST", "/_vector/%s/search" % topic, {"query": "cats"})
    assert status == 503 and res["error"]["type"] == "embedding_unavailable", res

    fake = FakeEmbeddings(fake_port, KEY).start()
    fakes.append(fake)
    st = rest.wait_indexed(topic, len(TEXTS), timeout=60)
    assert st["state"] == "ok" and st["error"] is None
    assert st["vectors"] == len(TEXTS) and st["partitions"][0]["indexed_offset"] == offsets[-1] + 1
    with fake.lock:
        assert sorted(fake.inputs) == sorted(TEXTS)  # none skipped, none twice
    assert re.search(r'chronik_vector_provider_error\{topic="%s"\} 0' % re.escape(topic), rest.metrics())
    for i in (0, 17, len(TEXTS) - 1):
        res = rest.search(topic, {"query": TEXTS[i], "k": 1})
        assert res["hits"]["hits"][0]["_offset"] == offsets[i]


def test_key_from_environment_never_shown(server_factory, fake_port, fakes):
    env_key = "sk-env-only-77aa55cc33"
    fake = FakeEmbeddings(fake_port, env_key).start()
    fakes.append(fake)
    rest = start_rest(server_factory, conf=BROKER, env={"OPENAI_API_KEY": env_key})
    topic = vector_topic(rest, fake_port, key=None)
    produce_texts(rest, topic, TEXTS[:10])
    st = rest.wait_indexed(topic, 10)
    assert st["api_key_set"] is True
    with fake.lock:
        assert fake.bad_auth == 0 and len(fake.inputs) == 10

    # A wrong key: the endpoint's 401 answer echoes it; the error state must not.
    wrong = "sk-wrong-0011223344556677"
    topic2 = vector_topic(rest, fake_port, key=wrong)
    produce_texts(rest, topic2, TEXTS[:3])
    st2 = rest.wait_stats(topic2, lambda s: s["state"] == "error", what="error state")
    assert "HTTP 401" in st2["error"]["message"] and wrong not in json.dumps(st2)
    metrics = rest.metrics()
    status, desc = rest.call("GET", "/topics/%s" % topic2)
    rest.srv.stop()
    for secret in (env_key, wrong):
        assert secret not in metrics and secret not in json.dumps(desc) and secret not in json.dumps(st)
        assert not any(secret in line for line in rest.srv.logs), "a key appears in the server log"


def test_stop_while_a_request_hangs(server_factory, fake_port):
    """An endpoint that accepts and never answers must not hold up a
    shutdown for its timeouts and retries (the fixture's stop allows 60 s;
    the request timeout here is 100 s, retried 3 times)."""
    import socket
    hang = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    hang.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    hang.bind(("127.0.0.1", fake_port))
    hang.listen(16)  # never accepted: connections complete, requests get no answer
    try:
        conf = dict(BROKER, **{"vector.request.timeout.ms": "100000", "vector.retries": "3"})
        rest = start_rest(server_factory, conf=conf)
        topic = vector_topic(rest, fake_port)
        produce_texts(rest, topic, TEXTS[:5])
        rest.wait_stats(topic, lambda s: s["embedding"]["requests"] >= 1, what="a request in flight")
        assert rest.srv.stop() == 0
    finally:
        hang.close()

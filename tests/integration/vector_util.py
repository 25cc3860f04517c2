"""Helpers shared by the vector search integration tests: a small REST
client over urllib, a free port, a server with its REST listener on a port
picked here, and waiting on a topic's /_vector/{topic}/stats."""

import json
import socket
import time
import urllib.error
import urllib.request

T = 30  # seconds: bound of every HTTP call


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Rest:
    def __init__(self, srv, port):
        self.srv = srv
        self.port = port
        self.base = "http://127.0.0.1:%d" % port

    def call(self, method, path, body=None, raw=None):
        """(status, parsed JSON or text)."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        h = {"Content-Type": "application/json"} if data is not None else {}
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=T) as r:
                status, ctype, payload = r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            status, ctype, payload = e.code, e.headers.get("Content-Type", ""), e.read()
        if ctype.startswith("application/json") and payload:
            return status, json.loads(payload)
        return status, payload.decode("utf-8", "replace")

    def wait_up(self, timeout=15):
        """Waits until the REST listener accepts connections (after a restart)."""
        wait_listening(self.port, timeout)

    def restart(self, hard=False):
        self.srv.restart(hard=hard)
        self.wait_up()

    def create_topic(self, name, partitions=1, config=None):
        st, res = self.call("POST", "/topics", {"name": name, "partitions": partitions, "config": config or {}})
        assert st == 201, res
        return res

    def search(self, topic, body, status=200):
        st, res = self.call("POST", "/_vector/%s/search" % topic, body)
        assert st == status, "%s -> %s %s" % (body, st, res)
        return res

    def stats(self, topic):
        st, res = self.call("GET", "/_vector/%s/stats" % topic)
        assert st == 200, res
        return res

    def wait_stats(self, topic, pred, timeout=60, what="condition"):
        """Polls the topic's stats until pred(stats) holds; returns them."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = self.stats(topic)
            if pred(last):
                return last
            time.sleep(0.05)
        raise AssertionError("%s not reached within %ss; last stats: %s" % (what, timeout, last))

    def wait_indexed(self, topic, count, timeout=60):
        return self.wait_stats(topic, lambda s: s["vectors"] >= count and s["pending"] == 0, timeout,
                               "%d vectors indexed" % count)

    def metrics(self):
        st, text = self.call("GET", "/metrics")
        assert st == 200
        return text


def wait_listening(port, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def start_rest(server_factory, conf=None, env=None):
    port = free_port()
    c = {"http.listen": "127.0.0.1:%d" % port}
    c.update(conf or {})
    srv = server_factory(conf=c, env=env)
    wait_listening(port)
    return Rest(srv, port)

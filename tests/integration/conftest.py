"""Fixtures for the integration tests: a real chronik-server on a free port.

Each test gets its own server process (`server`), started from the binary
named by $CHRONIK_SERVER_BIN (default: build/server/chronik-server) as
`chronik-server start --data-dir <tmp> --bind 127.0.0.1 --kafka-port 0`, in a
fresh temporary data directory.  The fixture waits for the line that says
where the Kafka listener is (`... listening on 127.0.0.1:PORT`), yields the
ChronikServer object (its `bootstrap` is "127.0.0.1:PORT"), and at the end
stops it with SIGTERM (SIGKILL after a timeout), checks that it exited 0 and
removes the data directory.  `server_factory` starts servers with extra
broker settings (`--set key=value`; a value of None leaves the key out,
e.g. http.listen); ChronikServer.restart()/kill() drive the restart tests.

Everything is bounded: server start, stop, and each client call have
timeouts, so that a broken server fails a test instead of hanging the run.
"""

import ctypes
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
import uuid

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SERVER_BIN = os.environ.get("CHRONIK_SERVER_BIN") or os.path.join(REPO, "build", "server", "chronik-server")

START_TIMEOUT = float(os.environ.get("CHRONIK_TEST_START_TIMEOUT", "60"))
STOP_TIMEOUT = float(os.environ.get("CHRONIK_TEST_STOP_TIMEOUT", "60"))

try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):
    _prctl = None


def _die_with_parent():
    """Runs in the child before exec: SIGKILL it if the test process dies
    (e.g. pytest killed by an outer timeout), so no server is left behind."""
    if _prctl is not None:
        _prctl(1, int(signal.SIGKILL), 0, 0, 0)      # PR_SET_PDEATHSIG


_LISTEN_RE = re.compile(r"kafka[^\n]*listening[^\n]*?:(\d+)\b|listening[^\n]*?:(\d+)\b", re.IGNORECASE)


class ServerError(Exception):
    """The server did not start, or did not stop cleanly."""


class ChronikServer:
    """One chronik-server process over one data directory (kept across restarts)."""

    def __init__(self, data_dir=None, conf=None, extra_args=(), env=None, log_level="info"):
        self.owns_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="chronik-it-")
        self.conf = dict(conf or {})
        self.extra_args = list(extra_args)
        self.env = dict(env or {})
        self.log_level = log_level
        self.proc = None
        self.port = None
        self.logs = []          # every line printed, across restarts
        self.exit_codes = []    # exit status of each stopped process
        self._reader = None
        self._ready = threading.Event()

    # -- life cycle ---------------------------------------------------------

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def args(self, port):
        a = [SERVER_BIN, "start", "--data-dir", self.data_dir, "--bind", "127.0.0.1",
             "--kafka-port", str(port)]
        if self.log_level:
            a += ["--log-level", self.log_level]
        conf = dict(self.conf)
        # Keep the REST listener off the fixed default port, so that servers
        # can run side by side.  A key given as None is not passed at all
        # (the server's own default, or what the flags say, applies).
        conf.setdefault("http.listen", "127.0.0.1:0")
        for k, v in conf.items():
            if v is not None:
                a += ["--set", "%s=%s" % (k, v)]
        return a + self.extra_args

    def start(self, port=0, timeout=START_TIMEOUT):
        """Starts the server and waits for its listening line; returns self."""
        if not os.access(SERVER_BIN, os.X_OK):
            raise ServerError("server binary %s not found or not executable "
                              "(build it, or set CHRONIK_SERVER_BIN)" % SERVER_BIN)
        env = dict(os.environ)
        # The server reads these; a value inherited from the caller would
        # override the flags' intent in surprising ways.
        for k in ("CHRONIK_DATA_DIR", "CHRONIK_BIND_ADDR", "CHRONIK_ADVERTISED_ADDR",
                  "CHRONIK_KAFKA_PORT", "CHRONIK_LOG", "RUST_LOG"):
            env.pop(k, None)
        env.update(self.env)
        self._ready.clear()
        self.port = None
        self.logs.append("---- start %s" % " ".join(self.args(port)))
        self.proc = subprocess.Popen(self.args(port), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=env, close_fds=True,
                                     preexec_fn=_die_with_parent)
        self._reader = threading.Thread(target=self._read, args=(self.proc,), daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.05):
            if self.proc.poll() is not None:
                self._reader.join(5)
                raise ServerError("chronik-server exited with status %s before listening:\n%s"
                                  % (self.proc.returncode, self.log_tail()))
            if time.monotonic() > deadline:
                self._hard_kill()
                raise ServerError("chronik-server printed no 'listening' line within %.0fs:\n%s"
                                  % (timeout, self.log_tail()))
        wait_port(self.port, timeout=max(1.0, deadline - time.monotonic()))
        return self

    def _read(self, proc):
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.logs.append(line)
            if not self._ready.is_set():
                m = _LISTEN_RE.search(line)
                if m and "http" not in line.lower().split("listening")[0]:
                    self.port = int(m.group(1) or m.group(2))
                    self._ready.set()
        proc.stdout.close()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, then wait; SIGKILL after timeout.  Returns the exit status
        (None if it had to be killed)."""
        if self.proc is None:
            return 0
        proc, rc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                rc = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.logs.append("---- did not stop within %.0fs of SIGTERM: SIGKILL" % timeout)
                self._hard_kill()
                rc = None
        else:
            rc = proc.returncode
        self._finish(rc)
        return rc

    def kill(self):
        """kill -9: no chance to flush.  Returns -9."""
        if self.proc is None:
            return None
        self._hard_kill()
        self._finish(-9, expected=True)
        return -9

    def restart(self, hard=False, same_port=True):
        """Stops (SIGTERM, or SIGKILL with hard=True) and starts again on the
        same data directory, on the same port if it is free."""
        old = self.port
        if hard:
            self.kill()
        else:
            rc = self.stop()
            if rc != 0:
                raise ServerError("chronik-server exited with status %s on SIGTERM:\n%s" % (rc, self.log_tail()))
        if same_port and old:
            try:
                return self.start(port=old)
            except ServerError:
                if self.running():
                    raise
        return self.start(port=0)

    def _hard_kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                pass

    def _finish(self, rc, expected=False):
        if self._reader is not None:
            self._reader.join(10)
        self.logs.append("---- exited with status %s" % rc)
        if not expected:
            self.exit_codes.append(rc)
        self.proc = None

    def cleanup(self):
        if self.running():
            self.stop()
        if self.owns_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def log_tail(self, n=80):
        return "\n".join(self.logs[-n:])


def wait_port(port, host="127.0.0.1", timeout=10.0):
    """Waits until a TCP connect to host:port succeeds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise ServerError("nothing accepts connections on %s:%d" % (host, port))
            time.sleep(0.05)


def unique_topic(prefix="t"):
    """A fresh, valid topic name."""
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


# -- a minimal Kafka wire client for the raw-socket tests and health checks --

def api_versions_request(correlation_id=1, version=0, client_id="chronik-it"):
    """An ApiVersions v0..v2 request frame (request header v1, empty body)."""
    cid = client_id.encode()
    body = struct.pack(">hhih", 18, version, correlation_id, len(cid)) + cid
    return struct.pack(">i", len(body)) + body


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def recv_frame(sock):
    (size,) = struct.unpack(">i", recv_exact(sock, 4))
    if size < 0 or size > 64 * 1024 * 1024:
        raise ValueError("bad response size %d" % size)
    return recv_exact(sock, size)


def parse_api_versions_v0(frame):
    """(correlation_id, error_code, {api_key: (min, max)}) of an ApiVersions v0 response."""
    corr, err, n = struct.unpack(">ihi", frame[:10])
    apis, off = {}, 10
    for _ in range(max(n, 0)):
        k, lo, hi = struct.unpack(">hhh", frame[off:off + 6])
        apis[k] = (lo, hi)
        off += 6
    return corr, err, apis


def check_api_versions(port, timeout=10.0):
    """Sends ApiVersions v0 on a fresh connection; returns the API map."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(api_versions_request(correlation_id=4242))
        corr, err, apis = parse_api_versions_v0(recv_frame(s))
    assert corr == 4242, "correlation id %d, expected 4242" % corr
    assert err == 0, "ApiVersions error %d" % err
    assert 0 in apis and 1 in apis and 3 in apis and 18 in apis, "ApiVersions lacks Produce/Fetch/Metadata: %r" % apis
    return apis


# -- fixtures -----------------------------------------------------------------

def _finalize(srv, request):
    try:
        was_running = srv.running()
        rc = srv.stop() if was_running else 0
        bad = [c for c in srv.exit_codes if c != 0]
        if bad:
            pytest.fail("chronik-server exited with status %s (expected 0 on SIGTERM):\n%s"
                        % (bad, srv.log_tail(120)), pytrace=False)
        del rc
    finally:
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            print("\n---- chronik-server log (%s) ----\n%s" % (srv.data_dir, srv.log_tail(200)))
        srv.cleanup()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def server_factory(request):
    """server_factory(conf={...}, extra_args=[...], env={...}, start=True)
    → a started ChronikServer; all are stopped and checked at teardown."""
    made = []

    def make(conf=None, extra_args=(), env=None, start=True, data_dir=None):
        srv = ChronikServer(data_dir=data_dir, conf=conf, extra_args=extra_args, env=env)
        made.append(srv)
        if start:
            srv.start()
        return srv

    yield make
    errors = []
    for srv in made:
        try:
            _finalize(srv, request)
        except BaseException as exc:  # keep stopping the others
            errors.append(exc)
    if errors:
        raise errors[0]


@pytest.fixture
def server(server_factory):
    """A started chronik-server on a fresh data directory."""
    return server_factory()


@pytest.fixture
def bootstrap(server):
    """bootstrap.servers of the `server` fixture."""
    return server.bootstrap


def pytest_report_header(config):
    return "chronik-server: %s" % SERVER_BIN

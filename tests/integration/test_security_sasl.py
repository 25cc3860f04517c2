"""SASL and ACLs on the wire: a broker with a PLAINTEXT and a SASL_PLAINTEXT
listener (`listeners`), users from CHRONIK_SASL_USERS, real clients
(confluent-kafka) authenticating with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512,
the failures each gets (wrong password, unknown user, unknown mechanism),
the gate that closes a SASL connection sending anything but ApiVersions /
SaslHandshake / SaslAuthenticate before authenticating, the per-API ACL
checks with their Kafka error codes, the ACL admin requests (kafka-python's
KafkaAdminClient authenticated as the super user), SCRAM
credentials over the wire (AlterUserScramCredentials /
DescribeUserScramCredentials), and a flood of failed logins."""

import base64
import hashlib
import hmac
import os
import re
import socket
import struct
import threading
import time
import uuid

import pytest

from conftest import recv_frame, unique_topic

ck = pytest.importorskip("confluent_kafka")
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

kadmin = pytest.importorskip("kafka.admin")
kerrors = pytest.importorskip("kafka.errors")
from kafka.admin import (ACL, ACLFilter, ACLOperation, ACLPermissionType,  # noqa: E402
                         ACLResourcePatternType, KafkaAdminClient, ResourcePattern, ResourcePatternFilter,
                         ResourceType)

USERS = {"alice": "alice-secret", "admin": "admin-secret", "prod": "prod-secret", "cons": "cons-secret"}
USERS_ENV = ",".join("%s:%s" % kv for kv in USERS.items())
LISTENERS = {
    "listeners": "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
    "sasl.enabled.mechanisms": "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
}


def _listener_port(srv, proto, timeout=30):
    """The port of the proto listener, from the startup line naming every
    listener (waited for: the server logs each listener before it)."""
    pat = re.compile(r"%s://[^ ]*:(\d+) \(%s" % (proto, proto))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in reversed(srv.logs):
            if line.startswith("---- start"):
                break                      # only the current process's lines
            if "kafka listening on" in line:
                m = pat.search(line)
                if m:
                    return int(m.group(1))
                break
        time.sleep(0.05)
    raise AssertionError("no %s listener in the startup line:\n%s" % (proto, srv.log_tail()))


def sasl_port(srv):
    return _listener_port(srv, "SASL_PLAINTEXT")


def plain_port(srv):
    return _listener_port(srv, "PLAINTEXT")


def sasl_conf(srv, user, mech="SCRAM-SHA-512", password=None, **extra):
    c = {"bootstrap.servers": "127.0.0.1:%d" % sasl_port(srv), "security.protocol": "SASL_PLAINTEXT",
         "sasl.mechanism": mech, "sasl.username": user,
         "sasl.password": USERS.get(user, "x") if password is None else password,
         "socket.timeout.ms": 10000, "message.timeout.ms": 15000}
    c.update(extra)
    return c


@pytest.fixture
def sasl_server(server_factory):
    return server_factory(conf=dict(LISTENERS), env={"CHRONIK_SASL_USERS": USERS_ENV})


@pytest.fixture
def acl_server(server_factory):
    conf = dict(LISTENERS)
    conf.update({"authorizer.enabled": "true", "super.users": "User:admin"})
    return server_factory(conf=conf, env={"CHRONIK_SASL_USERS": USERS_ENV})


def produce(conf, topic, values, timeout=20):
    """Produces values; returns the delivery errors (None for success)."""
    p = ck.Producer(conf)
    errs = []
    for v in values:
        p.produce(topic, v, on_delivery=lambda e, m: errs.append(e))
    left = p.flush(timeout)
    assert left == 0 or errs, "produce neither delivered nor failed"
    return errs


def consume(conf, topic, count, group, timeout=20):
    """Subscribes with group; returns (values, the first error)."""
    c = ck.Consumer(dict(conf, **{"group.id": group, "auto.offset.reset": "earliest",
                                  "enable.auto.commit": True}))
    c.subscribe([topic])
    got, err = [], None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and len(got) < count and err is None:
            m = c.poll(0.5)
            if m is None:
                continue
            if m.error():
                if m.error().code() != ck.KafkaError._PARTITION_EOF:
                    err = m.error()
                continue
            got.append(m.value())
    finally:
        c.close()
    return got, err


def auth_error(conf, timeout=15):
    """Connects a producer and returns the first authentication error seen."""
    errs = []
    ev = threading.Event()

    def on_error(e):
        errs.append(e)
        if e.code() == ck.KafkaError._AUTHENTICATION:
            ev.set()

    p = ck.Producer(dict(conf, error_cb=on_error))
    deadline = time.monotonic() + timeout
    while not ev.is_set() and time.monotonic() < deadline:
        p.poll(0.2)
    p.purge()
    p.flush(1)
    return next((e for e in errs if e.code() == ck.KafkaError._AUTHENTICATION), None)


# -- raw protocol --------------------------------------------------------------

class Raw:
    """One Kafka connection speaking raw frames (request header v1/v2)."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.corr = 0

    def call(self, key, ver, body, flexible=False):
        self.corr += 1
        h = struct.pack(">hhi", key, ver, self.corr) + struct.pack(">h", 2) + b"it"
        if flexible:
            h += b"\x00"
        frame = h + body
        self.s.sendall(struct.pack(">i", len(frame)) + frame)
        resp = recv_frame(self.s)
        assert struct.unpack(">i", resp[:4])[0] == self.corr
        return resp[5:] if flexible else resp[4:]

    def closed(self, timeout=10):
        """True once the server closed the connection."""
        self.s.settimeout(timeout)
        try:
            return self.s.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return False

    def close(self):
        self.s.close()


def kstr(s):
    s = s.encode() if isinstance(s, str) else s
    return struct.pack(">h", len(s)) + s


def kbytes(b):
    return struct.pack(">i", len(b)) + b


def uvarint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def read_uvarint(buf, off):
    shift = n = 0
    while True:
        b = buf[off]
        off += 1
        n |= (b & 0x7F) << shift
        if not b & 0x80:
            return n, off
        shift += 7


def cstr(s):
    s = s.encode() if isinstance(s, str) else s
    return uvarint(len(s) + 1) + s


def read_cstr(buf, off):
    n, off = read_uvarint(buf, off)
    if n == 0:
        return None, off
    return buf[off:off + n - 1].decode(), off + n - 1


def sasl_plain_raw(port, user, password):
    """SaslHandshake v1 + SaslAuthenticate v1 with PLAIN; returns (raw, error code)."""
    r = Raw(port)
    hs = r.call(17, 1, kstr("PLAIN"))
    assert struct.unpack(">h", hs[:2])[0] == 0
    tok = b"\0" + user.encode() + b"\0" + password.encode()
    resp = r.call(36, 1, kbytes(tok))
    return r, struct.unpack(">h", resp[:2])[0]


# -- tests ---------------------------------------------------------------------

@pytest.mark.parametrize("mech", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_produce_consume_groups(sasl_server, mech):
    topic = unique_topic("sasl")
    conf = sasl_conf(sasl_server, "alice", mech)
    values = [b"m%d" % i for i in range(20)]
    assert produce(conf, topic, values) == [None] * 20
    got, err = consume(conf, topic, 20, "g-" + mech)
    assert err is None
    assert got == values


def test_startup_line_names_every_listener(sasl_server):
    # The summary line follows the listeners' own lines: wait for it.
    deadline = time.monotonic() + 30
    while not any("kafka listening on" in l for l in sasl_server.logs):
        assert time.monotonic() < deadline, "no startup summary line"
        time.sleep(0.05)
    line = next(l for l in sasl_server.logs if "kafka listening on" in l)
    assert "PLAINTEXT://127.0.0.1:" in line and "SASL_PLAINTEXT://127.0.0.1:" in line
    assert sasl_port(sasl_server) != plain_port(sasl_server)


@pytest.mark.parametrize("case", ["wrong-password", "unknown-user", "unknown-mechanism"])
def test_sasl_failures_get_their_error_and_no_data(server_factory, case):
    conf = dict(LISTENERS, **{"sasl.enabled.mechanisms": "SCRAM-SHA-512"})
    srv = server_factory(conf=conf, env={"CHRONIK_SASL_USERS": USERS_ENV})
    topic = unique_topic("denied")
    if case == "wrong-password":
        c = sasl_conf(srv, "alice", "SCRAM-SHA-512", password="not-the-password")
        want = "invalid credentials"
    elif case == "unknown-user":
        c = sasl_conf(srv, "mallory", "SCRAM-SHA-512", password="whatever")
        want = "invalid credentials"
    else:
        c = sasl_conf(srv, "alice", "SCRAM-SHA-256")
        want = "mechanism"
    p = ck.Producer(dict(c, error_cb=lambda e: None))
    p.produce(topic, b"must not arrive")
    e = auth_error(c)
    assert e is not None
    assert want in e.str().lower() or want in e.str()
    p.purge()
    p.flush(1)
    # nothing reached the broker: the topic was never created
    md = AdminClient({"bootstrap.servers": "127.0.0.1:%d" % plain_port(srv)}).list_topics(timeout=10)
    assert topic not in md.topics


def test_gate_closes_requests_before_authentication(sasl_server):
    port = sasl_port(sasl_server)
    r = Raw(port)
    av = r.call(18, 0, b"")                        # ApiVersions is allowed
    assert struct.unpack(">h", av[:2])[0] == 0
    keys = {struct.unpack(">h", av[6 + 6 * i:8 + 6 * i])[0] for i in range(struct.unpack(">i", av[2:6])[0])}
    assert {17, 36} <= keys
    frame = struct.pack(">hhi", 3, 0, 99) + kstr("it") + struct.pack(">i", -1)
    r.s.sendall(struct.pack(">i", len(frame)) + frame)   # Metadata before authenticating
    assert r.closed()
    r.close()
    # after authenticating, the same request is answered
    r, code = sasl_plain_raw(port, "alice", USERS["alice"])
    assert code == 0
    md = r.call(3, 0, struct.pack(">i", 0))
    assert len(md) > 4
    r.close()
    # and the PLAINTEXT listener does not offer SASL at all
    r = Raw(plain_port(sasl_server))
    av = r.call(18, 0, b"")
    keys = {struct.unpack(">h", av[6 + 6 * i:8 + 6 * i])[0] for i in range(struct.unpack(">i", av[2:6])[0])}
    assert 17 not in keys and 36 not in keys
    r.close()


def test_session_lifetime_and_expiry(server_factory):
    conf = dict(LISTENERS, **{"connections.max.reauth.ms": "1500"})
    srv = server_factory(conf=conf, env={"CHRONIK_SASL_USERS": USERS_ENV})
    r = Raw(sasl_port(srv))
    assert struct.unpack(">h", r.call(17, 1, kstr("PLAIN"))[:2])[0] == 0
    resp = r.call(36, 1, kbytes(b"\0alice\0" + USERS["alice"].encode()))
    err = struct.unpack(">h", resp[:2])[0]
    mlen = struct.unpack(">h", resp[2:4])[0]
    off = 4 + max(mlen, 0)
    blen = struct.unpack(">i", resp[off:off + 4])[0]
    lifetime = struct.unpack(">q", resp[off + 4 + max(blen, 0):off + 12 + max(blen, 0)])[0]
    assert err == 0 and lifetime == 1500
    assert len(r.call(3, 0, struct.pack(">i", 0))) > 4
    # wait until the session has expired (the server's clock decides)
    deadline = time.monotonic() + 30
    closed = False
    while not closed and time.monotonic() < deadline:
        frame = struct.pack(">hhi", 3, 0, 7) + kstr("it") + struct.pack(">i", 0)
        try:
            r.s.sendall(struct.pack(">i", len(frame)) + frame)
            recv_frame(r.s)
            time.sleep(0.2)
        except (ConnectionError, EOFError, OSError, AssertionError):
            closed = True
    assert closed, "the connection outlived its SASL session"
    r.close()


def test_failed_login_flood_keeps_the_server_responsive(sasl_server):
    port = sasl_port(sasl_server)
    failures = []
    lock = threading.Lock()

    def worker(n):
        for _ in range(n):
            r, code = sasl_plain_raw(port, "alice", "wrong-" + uuid.uuid4().hex)
            r.close()
            with lock:
                failures.append(code)

    threads = [threading.Thread(target=worker, args=(50,)) for _ in range(20)]
    for t in threads:
        t.start()
    # while 1,000 failed logins are in flight, a good client is served
    conf = sasl_conf(sasl_server, "alice", "SCRAM-SHA-256")
    assert produce(conf, unique_topic("flood"), [b"ok"]) == [None]
    for t in threads:
        t.join(120)
    assert len(failures) == 1000
    assert set(failures) == {58}                    # SASL_AUTHENTICATION_FAILED


def kafka_admin(srv):
    """kafka-python's admin client, authenticated as the super user admin."""
    return KafkaAdminClient(bootstrap_servers="127.0.0.1:%d" % sasl_port(srv), security_protocol="SASL_PLAINTEXT",
                            sasl_mechanism="SCRAM-SHA-512", sasl_plain_username="admin",
                            sasl_plain_password=USERS["admin"], request_timeout_ms=15000)


def test_acl_apis_need_the_authorizer(sasl_server):
    a = kafka_admin(sasl_server)
    acl = ACL("User:alice", "*", ACLOperation.READ, ACLPermissionType.ALLOW,
              ResourcePattern(ResourceType.TOPIC, "t", ACLResourcePatternType.LITERAL))
    res = a.create_acls([acl])
    assert res["succeeded"] == [] and len(res["failed"]) == 1
    assert res["failed"][0][1] is kerrors.SecurityDisabledError
    a.close()


def _acl(rtype, name, principal, op, perm=ACLPermissionType.ALLOW, pattern=ACLResourcePatternType.LITERAL):
    return ACL(principal, "*", op, perm, ResourcePattern(rtype, name, pattern))


def test_acls_enforced_end_to_end(acl_server):
    srv = acl_server
    ka = kafka_admin(srv)
    t_prod = unique_topic("prodonly")
    prefix = "orders-" + uuid.uuid4().hex[:6] + "-"
    t_open, t_secret = prefix + "open", prefix + "secret"
    admin = AdminClient(sasl_conf(srv, "admin"))
    for f in admin.create_topics([NewTopic(t, 1, 1) for t in (t_prod, t_open, t_secret)],
                                 request_timeout=15).values():
        f.result()
    res = ka.create_acls([
        _acl(ResourceType.TOPIC, t_prod, "User:prod", ACLOperation.WRITE),
        _acl(ResourceType.TOPIC, prefix, "User:cons", ACLOperation.READ, pattern=ACLResourcePatternType.PREFIXED),
        _acl(ResourceType.TOPIC, t_secret, "User:cons", ACLOperation.READ, perm=ACLPermissionType.DENY),
        _acl(ResourceType.GROUP, "g-", "User:cons", ACLOperation.READ, pattern=ACLResourcePatternType.PREFIXED),
        _acl(ResourceType.TOPIC, prefix, "User:prod", ACLOperation.WRITE, pattern=ACLResourcePatternType.PREFIXED),
    ])
    assert len(res["succeeded"]) == 5 and res["failed"] == []
    prod = sasl_conf(srv, "prod")
    cons = sasl_conf(srv, "cons")

    # the producer writes, but cannot read or create topics
    assert produce(prod, t_prod, [b"p1", b"p2"]) == [None, None]
    assert produce(prod, t_open, [b"o1"]) == [None]
    assert produce(prod, t_secret, [b"s1"]) == [None]
    got, err = consume(prod, t_prod, 1, "g-prod")
    assert got == [] and err is not None
    assert err.code() in (ck.KafkaError.TOPIC_AUTHORIZATION_FAILED, ck.KafkaError.GROUP_AUTHORIZATION_FAILED)
    prod_admin = AdminClient(prod)
    fs = prod_admin.create_topics([NewTopic(unique_topic("nope"), 1, 1)], request_timeout=10)
    with pytest.raises(ck.KafkaException) as ei:
        list(fs.values())[0].result()
    assert ei.value.args[0].code() == ck.KafkaError.TOPIC_AUTHORIZATION_FAILED
    missing = unique_topic("autocreate")
    errs = produce(prod, missing, [b"x"], timeout=20)
    assert errs[0] is not None
    assert missing not in set(admin.list_topics(timeout=10).topics)

    # the consumer reads through the prefixed ACL; DENY overrides it
    got, err = consume(cons, t_open, 1, "g-cons")
    assert err is None and got == [b"o1"]
    got, err = consume(cons, t_secret, 1, "g-cons2", timeout=10)
    assert got == [] and err is not None and err.code() == ck.KafkaError.TOPIC_AUTHORIZATION_FAILED
    # a group outside its ACLs
    got, err = consume(cons, t_open, 1, "other-group", timeout=10)
    assert got == [] and err is not None and err.code() == ck.KafkaError.GROUP_AUTHORIZATION_FAILED
    # the consumer cannot write
    errs = produce(cons, t_open, [b"no"])
    assert errs[0] is not None and errs[0].code() == ck.KafkaError.TOPIC_AUTHORIZATION_FAILED

    # Metadata hides what a principal may not DESCRIBE
    seen = set(AdminClient(cons).list_topics(timeout=10).topics)
    assert t_open in seen and t_secret in seen and t_prod not in seen
    seen = set(AdminClient(prod).list_topics(timeout=10).topics)
    assert t_prod in seen
    assert t_prod in set(admin.list_topics(timeout=10).topics)

    # transactional ids: no ACL, no transactions
    tp = ck.Producer(dict(prod, **{"transactional.id": "tx-" + uuid.uuid4().hex}))
    with pytest.raises(ck.KafkaException) as ei:
        tp.init_transactions(15)
    assert ei.value.args[0].code() == ck.KafkaError.TRANSACTIONAL_ID_AUTHORIZATION_FAILED

    # DescribeAcls
    flt = ACLFilter("User:cons", None, ACLOperation.ANY, ACLPermissionType.ANY,
                    ResourcePatternFilter(ResourceType.ANY, None, ACLResourcePatternType.ANY))
    described, err = ka.describe_acls(flt)
    assert err is kerrors.NoError
    assert len(described) == 3
    ka.close()

    # ACLs survive a restart
    srv.restart(same_port=False)
    ka = kafka_admin(srv)
    cons = sasl_conf(srv, "cons")
    again, _ = ka.describe_acls(flt)
    assert sorted(map(repr, again)) == sorted(map(repr, described))
    got, err = consume(cons, t_secret, 1, "g-cons3", timeout=10)
    assert got == [] and err is not None and err.code() == ck.KafkaError.TOPIC_AUTHORIZATION_FAILED

    # DeleteAcls: the DENY goes, and the topic can be read
    deny = ACLFilter("User:cons", None, ACLOperation.ANY, ACLPermissionType.DENY,
                     ResourcePatternFilter(ResourceType.TOPIC, t_secret, ACLResourcePatternType.LITERAL))
    (_, matches, err), = ka.delete_acls([deny])
    assert err is kerrors.NoError and len(matches) == 1
    got, err = consume(cons, t_secret, 1, "g-cons4")
    assert err is None and got == [b"s1"]
    ka.close()


def test_acl_admin_denied_to_ordinary_users(acl_server):
    # an authenticated user without ALTER on the cluster cannot create ACLs
    r, code = sasl_plain_raw(sasl_port(acl_server), "cons", USERS["cons"])
    assert code == 0
    body = struct.pack(">i", 1) + struct.pack(">b", 2) + kstr("t") + kstr("User:cons") + kstr("*") + \
        struct.pack(">bb", 3, 3)
    resp = r.call(30, 0, body)                     # CreateAcls v0
    assert struct.unpack(">i", resp[4:8])[0] == 1
    assert struct.unpack(">h", resp[8:10])[0] == 31  # CLUSTER_AUTHORIZATION_FAILED
    r.close()


def _scram_salted(mech, password, salt, iterations):
    h = "sha256" if mech == 1 else "sha512"
    return hashlib.pbkdf2_hmac(h, password.encode(), salt, iterations)


def _alter_scram(port, deletions=(), upsertions=()):
    body = uvarint(len(deletions) + 1)
    for name, mech in deletions:
        body += cstr(name) + struct.pack(">b", mech) + b"\x00"
    body += uvarint(len(upsertions) + 1)
    for name, mech, it, salt, salted in upsertions:
        body += (cstr(name) + struct.pack(">bi", mech, it) + uvarint(len(salt) + 1) + salt +
                 uvarint(len(salted) + 1) + salted + b"\x00")
    body += b"\x00"
    r = Raw(port)
    resp = r.call(51, 0, body, flexible=True)
    r.close()
    off = 4
    n, off = read_uvarint(resp, off)
    out = {}
    for _ in range(n - 1):
        user, off = read_cstr(resp, off)
        code = struct.unpack(">h", resp[off:off + 2])[0]
        msg, off = read_cstr(resp, off + 2)
        _, off = read_uvarint(resp, off)
        out[user] = (code, msg)
    return out


def _describe_scram(port, users=None):
    body = (uvarint(0) if users is None else uvarint(len(users) + 1) + b"".join(cstr(u) + b"\x00" for u in users))
    body += b"\x00"
    r = Raw(port)
    resp = r.call(50, 0, body, flexible=True)
    r.close()
    off = 4
    top = struct.unpack(">h", resp[off:off + 2])[0]
    _, off = read_cstr(resp, off + 2)
    n, off = read_uvarint(resp, off)
    out = {}
    for _ in range(n - 1):
        user, off = read_cstr(resp, off)
        code = struct.unpack(">h", resp[off:off + 2])[0]
        _, off = read_cstr(resp, off + 2)
        ni, off = read_uvarint(resp, off)
        infos = []
        for _ in range(ni - 1):
            mech, it = struct.unpack(">bi", resp[off:off + 5])
            off += 5
            _, off = read_uvarint(resp, off)
            infos.append((mech, it))
        _, off = read_uvarint(resp, off)
        out[user] = (code, infos)
    return top, out


def test_scram_credentials_over_the_wire(sasl_server):
    port = plain_port(sasl_server)
    salt = os.urandom(16)
    res = _alter_scram(port, upsertions=[
        ("carol", 2, 8192, salt, _scram_salted(2, "carol-pw", salt, 8192)),
        ("dave", 1, 100, salt, _scram_salted(1, "x", salt, 100)),          # too few iterations
        ("erin", 7, 4096, salt, b"x" * 32),                                # no such mechanism
    ])
    assert res["carol"][0] == 0
    assert res["dave"][0] == 93                     # UNACCEPTABLE_CREDENTIAL
    assert res["erin"][0] == 33                     # UNSUPPORTED_SASL_MECHANISM
    top, desc = _describe_scram(port, ["carol", "nobody"])
    assert top == 0
    assert desc["carol"] == (0, [(2, 8192)])
    assert desc["nobody"][0] == 91                  # RESOURCE_NOT_FOUND
    _, every = _describe_scram(port)
    assert {"alice", "admin", "carol"} <= set(every)
    # the new credential logs in; the deleted one does not
    conf = sasl_conf(sasl_server, "carol", "SCRAM-SHA-512", password="carol-pw")
    assert produce(conf, unique_topic("carol"), [b"hi"]) == [None]
    res = _alter_scram(port, deletions=[("carol", 2)])
    assert res["carol"][0] == 0
    assert _alter_scram(port, deletions=[("carol", 2)])["carol"][0] == 91
    assert auth_error(sasl_conf(sasl_server, "carol", "SCRAM-SHA-512", password="carol-pw")) is not None


@pytest.mark.parametrize("mech", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_kafka_python_raw_token_sasl(sasl_server, mech):
    """kafka-python 2.0 sends SaslHandshake v0 and then the mechanism's
    messages as raw size-prefixed frames."""
    kafka = pytest.importorskip("kafka")
    topic = unique_topic("kp")
    common = dict(bootstrap_servers="127.0.0.1:%d" % sasl_port(sasl_server), security_protocol="SASL_PLAINTEXT",
                  sasl_mechanism=mech, sasl_plain_username="alice", sasl_plain_password=USERS["alice"],
                  request_timeout_ms=15000, api_version_auto_timeout_ms=15000)
    p = kafka.KafkaProducer(**common)
    for i in range(5):
        p.send(topic, b"kp%d" % i).get(15)
    p.close()
    c = kafka.KafkaConsumer(topic, group_id="kp-" + mech, auto_offset_reset="earliest",
                            consumer_timeout_ms=10000, **common)
    got = []
    for m in c:
        got.append(m.value)
        if len(got) == 5:
            break
    c.close()
    assert got == [b"kp%d" % i for i in range(5)]
    bad = dict(common, sasl_plain_password="wrong")
    with pytest.raises(Exception):
        kafka.KafkaProducer(**bad)


@pytest.mark.parametrize("mech", ["plain", "scram-sha-256", "scram-sha-512"])
def test_kafkajs_sasl(sasl_server, mech):
    import shutil
    import subprocess
    node = shutil.which("node")
    js = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
    if node is None or not os.path.isdir(os.path.join(js, "node_modules", "kafkajs")):
        pytest.skip("node or kafkajs missing (tools/install-deps.sh --test)")
    env = dict(os.environ, CHRONIK_SASL_MECHANISM=mech, CHRONIK_SASL_USERNAME="alice",
               CHRONIK_SASL_PASSWORD=USERS["alice"])
    broker = "127.0.0.1:%d" % sasl_port(sasl_server)
    topic = unique_topic("js")
    for args in (["produce", broker, topic, 50], ["consume", broker, topic, 50]):
        p = subprocess.run([node, "client.js"] + [str(a) for a in args], cwd=js, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=90)
        assert p.returncode == 0, p.stderr.decode()
        assert p.stdout.decode().strip() == "ok 50"
    env["CHRONIK_SASL_PASSWORD"] = "wrong"
    p = subprocess.run([node, "client.js", "produce", broker, topic, "1"], cwd=js, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=90)
    assert p.returncode != 0


@pytest.mark.parametrize("mech", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sarama_sasl(sasl_server, mech, tmp_path):
    import shutil
    import subprocess
    go = shutil.which("go")
    here = os.path.dirname(os.path.abspath(__file__))
    if go is None or not os.path.isdir("/usr/share/gocode/src/github.com/Shopify/sarama"):
        pytest.skip("go or golang-github-shopify-sarama-dev missing (tools/install-deps.sh --test)")
    exe = str(tmp_path / "sarama_client")
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode:%s" % tmp_path, GOFLAGS="",
               CGO_CFLAGS="-O2 -Wno-deprecated-declarations")
    if not any(env.get(k) for k in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
        env["GOCACHE"] = str(tmp_path / "cache")
    p = subprocess.run([go, "build", "-o", exe, "sarama_client.go"], cwd=os.path.join(here, "go"), env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert p.returncode == 0, p.stdout.decode(errors="replace")
    args = [exe, "-brokers", "127.0.0.1:%d" % sasl_port(sasl_server), "-topic", unique_topic("sarama"),
            "-n", "200", "-timeout", "90s", "-sasl-mechanism", mech, "-sasl-user", "alice"]
    p = subprocess.run(args + ["-sasl-password", USERS["alice"]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=120)
    out = p.stdout.decode(errors="replace")
    assert p.returncode == 0 and out.strip().endswith("ok 200"), out[-3000:]
    p = subprocess.run(args + ["-sasl-password", "wrong", "-timeout", "20s"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    assert p.returncode != 0

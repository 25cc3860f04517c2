"""The built-in schema registry through Confluent's REST API on a real
chronik-server's REST listener:

- confluent-kafka's SchemaRegistryClient: register, get by id, latest
  version, versions, lookup, compatibility test, config changes, deletes;
- JSONSerializer / JSONDeserializer (python3-jsonschema) producing and
  consuming through the broker with the registry;
- a compatibility matrix of Avro schema pairs × every level, against the
  answers Confluent documents, and the transitive levels over three
  versions;
- restart (SIGTERM and kill -9): ids and versions stable, _schemas
  replayed, soft-deleted subjects stay deleted, the next id continues;
- bad input: invalid and huge schemas, deep nesting, missing references,
  unknown subjects, versions and ids, invalid levels and modes: Confluent's
  error codes and JSON error shape, and the server keeps serving;
- the admin key on mutations, READONLY and IMPORT modes;
- confluent.value.schema.validation: a produced value not in the wire
  format of a schema registered under {topic}-value is INVALID_RECORD."""

import json
import struct
import urllib.error
import urllib.request

import pytest

from clients import consume, create_topic, produce_all, producer
from conftest import unique_topic
from vector_util import free_port, wait_listening

ck = pytest.importorskip("confluent_kafka")
pytest.importorskip("requests")  # SchemaRegistryClient's transport
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient  # noqa: E402
from confluent_kafka.schema_registry.error import SchemaRegistryError  # noqa: E402

SR_TYPE = "application/vnd.schemaregistry.v1+json"
T = 30


class Registry:
    """Raw HTTP calls to the registry: (status, parsed JSON, content type)."""

    def __init__(self, srv, port):
        self.srv = srv
        self.port = port
        self.url = "http://127.0.0.1:%d" % port

    def call(self, method, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        h = {"Content-Type": SR_TYPE} if data is not None else {}
        h.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=T) as r:
                status, ctype, payload = r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            status, ctype, payload = e.code, e.headers.get("Content-Type", ""), e.read()
        return status, json.loads(payload) if payload else None, ctype

    def ok(self, method, path, body=None, **kw):
        st, res, ctype = self.call(method, path, body, **kw)
        assert st == 200, (method, path, st, res)
        assert ctype == SR_TYPE
        return res

    def err(self, method, path, body=None, code=None, **kw):
        st, res, ctype = self.call(method, path, body, **kw)
        assert isinstance(res, dict) and set(res) == {"error_code", "message"}, (st, res)
        assert ctype == SR_TYPE
        if code is not None:
            assert res["error_code"] == code, (method, path, res)
            assert st == int(str(code)[:3]), (st, res)
        return res

    def client(self):
        return SchemaRegistryClient({"url": self.url})

    def restart(self, hard=False):
        self.srv.restart(hard=hard)
        wait_listening(self.port, 30)


def start_registry(server_factory, conf=None):
    port = free_port()
    c = {"http.listen": "127.0.0.1:%d" % port}
    c.update(conf or {})
    srv = server_factory(conf=c)
    wait_listening(port, 30)
    return Registry(srv, port)


@pytest.fixture
def reg(server_factory):
    return start_registry(server_factory)


def avro_record(fields, name="User", ns="chronik.test"):
    return json.dumps({"type": "record", "name": name, "namespace": ns, "fields": fields})


USER_V1 = avro_record([{"name": "name", "type": "string"}, {"name": "age", "type": "int"}])
USER_V2 = avro_record([{"name": "name", "type": "string"}, {"name": "age", "type": "int"},
                       {"name": "email", "type": ["null", "string"], "default": None}])


# --------------------------------------------------------------------------
# confluent-kafka's SchemaRegistryClient
# --------------------------------------------------------------------------

def test_client_register_get_latest_compat_config_delete(reg):
    c = reg.client()
    subject = unique_topic("users") + "-value"
    id1 = c.register_schema(subject, Schema(USER_V1, "AVRO"))
    assert id1 >= 1
    # Registering the same schema again (a fresh client: no cache) gives the same id.
    assert reg.client().register_schema(subject, Schema(USER_V1, "AVRO")) == id1
    got = c.get_schema(id1)
    assert json.loads(got.schema_str) == json.loads(USER_V1) and got.schema_type == "AVRO"

    assert c.test_compatibility(subject, Schema(USER_V2, "AVRO")) is True
    id2 = c.register_schema(subject, Schema(USER_V2, "AVRO"))
    assert id2 == id1 + 1
    latest = c.get_latest_version(subject)
    assert (latest.schema_id, latest.version, latest.subject) == (id2, 2, subject)
    v1 = c.get_version(subject, 1)
    assert v1.schema_id == id1 and json.loads(v1.schema.schema_str) == json.loads(USER_V1)
    assert c.get_versions(subject) == [1, 2]
    assert subject in c.get_subjects()
    found = c.lookup_schema(subject, Schema(USER_V1, "AVRO"))
    assert (found.schema_id, found.version) == (id1, 1)

    # A required field without default is not BACKWARD compatible.
    bad = avro_record([{"name": "name", "type": "string"}, {"name": "age", "type": "int"},
                       {"name": "phone", "type": "string"}])
    assert c.test_compatibility(subject, Schema(bad, "AVRO")) is False
    with pytest.raises(SchemaRegistryError) as ei:
        c.register_schema(subject, Schema(bad, "AVRO"))
    assert ei.value.error_code == 409 and ei.value.http_status_code == 409

    # Config: global and per subject.
    assert c.get_compatibility() == "BACKWARD"
    assert c.set_compatibility(subject_name=subject, level="FORWARD") == {"compatibility": "FORWARD"}
    assert c.get_compatibility(subject) == "FORWARD"
    assert c.test_compatibility(subject, Schema(bad, "AVRO")) is True   # the old reader ignores phone
    assert c.set_compatibility(level="FULL") == {"compatibility": "FULL"}
    assert c.get_compatibility() == "FULL"
    assert c.get_compatibility(subject) == "FORWARD"

    # Deletes: a version, then the subject (soft, then permanent).
    assert c.delete_version(subject, 2) == 2
    assert c.get_versions(subject) == [1]
    # The client deletes softly (answering what that deleted), then permanently.
    assert c.delete_subject(subject, permanent=True) == [1]
    reg.err("GET", "/subjects/%s/versions?deleted=true" % subject, code=40401)
    assert subject not in c.get_subjects()
    with pytest.raises(SchemaRegistryError) as ei:
        c.get_latest_version(subject)
    assert ei.value.error_code == 40401
    # Its schemas are gone with the last version that used them.
    with pytest.raises(SchemaRegistryError) as ei:
        reg.client().get_schema(id2)   # a fresh client: c has it cached
    assert ei.value.error_code == 40403


def test_rest_shapes(reg):
    s = unique_topic("shape") + "-value"
    assert reg.ok("GET", "/schemas/types") == ["JSON", "PROTOBUF", "AVRO"]
    assert reg.ok("POST", "/subjects/%s/versions" % s, {"schema": USER_V1}) == {"id": 1}
    v = reg.ok("GET", "/subjects/%s/versions/1" % s)
    assert v == {"subject": s, "version": 1, "id": 1, "schema": json.dumps(json.loads(USER_V1), separators=(",", ":"))}
    assert "schemaType" not in v and "references" not in v
    assert reg.ok("GET", "/subjects/%s/versions/latest/schema" % s) == json.loads(USER_V1)
    assert reg.ok("GET", "/schemas/ids/1") == {"schema": v["schema"]}
    assert reg.ok("GET", "/schemas/ids/1/schema") == json.loads(USER_V1)
    assert reg.ok("GET", "/schemas/ids/1/subjects") == [s]
    assert reg.ok("GET", "/schemas/ids/1/versions") == [{"subject": s, "version": 1}]
    # The same schema under a second subject keeps its id.
    s2 = unique_topic("shape2") + "-value"
    assert reg.ok("POST", "/subjects/%s/versions" % s2, {"schema": USER_V1}) == {"id": 1}
    assert reg.ok("GET", "/schemas/ids/1/subjects") == sorted([s, s2])
    assert reg.ok("GET", "/subjects?subjectPrefix=%s" % s2[:-6]) == [s2]
    # Lookup answers the version's description.
    assert reg.ok("POST", "/subjects/%s" % s, {"schema": USER_V1}) == v
    # Compatibility with verbose messages.
    bad = avro_record([{"name": "name", "type": "int"}])
    res = reg.ok("POST", "/compatibility/subjects/%s/versions/latest?verbose=true" % s, {"schema": bad})
    assert res["is_compatible"] is False and res["messages"] and "name" in " ".join(res["messages"])
    assert reg.ok("POST", "/compatibility/subjects/%s/versions/latest" % s, {"schema": USER_V2}) == \
        {"is_compatible": True}
    assert reg.ok("POST", "/compatibility/subjects/%s/versions" % s, {"schema": USER_V2}) == {"is_compatible": True}
    # Config and mode.
    assert reg.ok("GET", "/config") == {"compatibilityLevel": "BACKWARD"}
    reg.err("GET", "/config/%s" % s, code=40408)
    assert reg.ok("GET", "/config/%s?defaultToGlobal=true" % s) == {"compatibilityLevel": "BACKWARD"}
    assert reg.ok("PUT", "/config/%s" % s, {"compatibility": "NONE"}) == {"compatibility": "NONE"}
    assert reg.ok("DELETE", "/config/%s" % s) == {"compatibilityLevel": "NONE"}
    reg.err("GET", "/config/%s" % s, code=40408)
    assert reg.ok("GET", "/mode") == {"mode": "READWRITE"}
    # Soft-deleted subjects: listed with ?deleted=true only.
    assert reg.ok("DELETE", "/subjects/%s" % s2) == [1]
    assert s2 not in reg.ok("GET", "/subjects")
    assert s2 in reg.ok("GET", "/subjects?deleted=true")
    reg.err("DELETE", "/subjects/%s" % s2, code=40404)
    reg.err("DELETE", "/subjects/%s?permanent=true" % s, code=40405)
    assert reg.ok("GET", "/subjects/%s/versions/1?deleted=true" % s2)["id"] == 1
    reg.err("GET", "/subjects/%s/versions/1" % s2, code=40401)
    # Re-registering after a soft delete continues the version numbers.
    assert reg.ok("POST", "/subjects/%s/versions" % s2, {"schema": USER_V1}) == {"id": 1}
    assert reg.ok("GET", "/subjects/%s/versions" % s2) == [2]


# --------------------------------------------------------------------------
# Compatibility matrix
# --------------------------------------------------------------------------

def rec(*fields):
    return avro_record(list(fields), name="R", ns="m")


A_INT = {"name": "a", "type": "int"}
B_STR = {"name": "b", "type": "string"}
B_STR_DEF = {"name": "b", "type": "string", "default": "x"}
COLOR = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}
COLOR3 = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}

# (name, old, new, BACKWARD, FORWARD): FULL = both, NONE = always; the
# transitive levels answer the same for a subject with one earlier version.
MATRIX = [
    ("add field with default", rec(A_INT), rec(A_INT, B_STR_DEF), True, True),
    ("add field without default", rec(A_INT), rec(A_INT, B_STR), False, True),
    ("remove field with default", rec(A_INT, B_STR_DEF), rec(A_INT), True, True),
    ("remove field without default", rec(A_INT, B_STR), rec(A_INT), True, False),
    ("int to long (promotion)", rec(A_INT), rec({"name": "a", "type": "long"}), True, False),
    ("long to int", rec({"name": "a", "type": "long"}), rec(A_INT), False, True),
    ("int to float (promotion)", rec(A_INT), rec({"name": "a", "type": "float"}), True, False),
    ("string to bytes", rec(B_STR), rec({"name": "b", "type": "bytes"}), True, True),
    ("string to int", rec(B_STR), rec({"name": "b", "type": "int"}), False, False),
    ("rename with alias", rec(A_INT, B_STR), rec(A_INT, {"name": "b2", "type": "string", "aliases": ["b"]}),
     True, False),
    ("rename without alias", rec(A_INT, B_STR), rec(A_INT, {"name": "b2", "type": "string"}), False, False),
    ("enum symbol added", rec({"name": "c", "type": COLOR}), rec({"name": "c", "type": COLOR3}), True, False),
    ("enum symbol removed", rec({"name": "c", "type": COLOR3}), rec({"name": "c", "type": COLOR}), False, True),
    ("enum symbol removed, reader default", rec({"name": "c", "type": COLOR3}),
     rec({"name": "c", "type": dict(COLOR, default="RED")}), True, True),
    ("int to nullable int", rec(A_INT), rec({"name": "a", "type": ["null", "int"], "default": None}), True, False),
    ("record renamed", rec(A_INT), avro_record([A_INT], name="S", ns="m"), False, False),
    ("record renamed with alias", rec(A_INT),
     json.dumps({"type": "record", "name": "S", "namespace": "m", "aliases": ["R"], "fields": [A_INT]}), True,
     False),
]

LEVELS = ["BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"]


def expected(level, back, fwd):
    if level == "NONE":
        return True
    if level.startswith("BACKWARD"):
        return back
    if level.startswith("FORWARD"):
        return fwd
    return back and fwd


def test_avro_compatibility_matrix(reg):
    failures = []
    for i, (name, old, new, back, fwd) in enumerate(MATRIX):
        s = "matrix-%d" % i
        reg.ok("PUT", "/config/%s" % s, {"compatibility": "NONE"})
        reg.ok("POST", "/subjects/%s/versions" % s, {"schema": old})
        for level in LEVELS:
            reg.ok("PUT", "/config/%s" % s, {"compatibility": level})
            got = reg.ok("POST", "/compatibility/subjects/%s/versions/latest" % s, {"schema": new})["is_compatible"]
            want = expected(level, back, fwd)
            if got != want:
                failures.append("%s under %s: %s, expected %s" % (name, level, got, want))
            # Registration follows the same answer (and is undone for the next level).
            st, res, _ = reg.call("POST", "/subjects/%s/versions" % s, {"schema": new})
            if want:
                assert st == 200, (name, level, res)
                reg.ok("DELETE", "/subjects/%s/versions/2" % s)
                reg.ok("DELETE", "/subjects/%s/versions/2?permanent=true" % s)
            else:
                assert st == 409 and res["error_code"] == 409, (name, level, res)
    assert not failures, "\n".join(failures)


def test_transitive_levels(reg):
    s = "transitive"
    v1 = rec(A_INT)
    v2 = rec(A_INT, B_STR_DEF)
    v3 = rec(A_INT, B_STR)   # b loses its default: reads v2 data, not v1 data
    reg.ok("POST", "/subjects/%s/versions" % s, {"schema": v1})
    reg.ok("POST", "/subjects/%s/versions" % s, {"schema": v2})
    reg.ok("PUT", "/config/%s" % s, {"compatibility": "BACKWARD"})
    assert reg.ok("POST", "/compatibility/subjects/%s/versions" % s, {"schema": v3})["is_compatible"] is True
    reg.ok("PUT", "/config/%s" % s, {"compatibility": "BACKWARD_TRANSITIVE"})
    res = reg.ok("POST", "/compatibility/subjects/%s/versions?verbose=true" % s, {"schema": v3})
    assert res["is_compatible"] is False and "oldSchemaVersion: 1" in res["messages"][0]
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": v3}, code=409)
    # Against one named version only.
    assert reg.ok("POST", "/compatibility/subjects/%s/versions/2" % s, {"schema": v3})["is_compatible"] is True
    assert reg.ok("POST", "/compatibility/subjects/%s/versions/1" % s, {"schema": v3})["is_compatible"] is False


# --------------------------------------------------------------------------
# Durability
# --------------------------------------------------------------------------

@pytest.mark.parametrize("hard", [False, True], ids=["sigterm", "kill9"])
def test_restart_keeps_ids_versions_and_deletions(reg, hard):
    c = reg.client()
    ids = {}
    for i in range(5):
        s = "durable-%d" % i
        ids[s] = [c.register_schema(s, Schema(USER_V1, "AVRO")), c.register_schema(s, Schema(USER_V2, "AVRO"))]
    reg.ok("PUT", "/config/durable-1", {"compatibility": "FULL"})
    reg.ok("DELETE", "/subjects/durable-2")
    reg.ok("DELETE", "/subjects/durable-3/versions/1")
    reg.ok("DELETE", "/subjects/durable-4")
    reg.ok("DELETE", "/subjects/durable-4?permanent=true")
    json_id = reg.ok("POST", "/subjects/durable-json/versions",
                     {"schema": json.dumps({"type": "object"}), "schemaType": "JSON"})["id"]
    before = {s: reg.ok("GET", "/subjects/%s/versions?deleted=true" % s) for s in ("durable-0", "durable-1",
                                                                                   "durable-2", "durable-3")}

    reg.restart(hard=hard)
    assert "schema registry: " in "\n".join(reg.srv.logs)
    assert sorted(reg.ok("GET", "/subjects")) == ["durable-0", "durable-1", "durable-3", "durable-json"]
    assert "durable-2" in reg.ok("GET", "/subjects?deleted=true")
    reg.err("GET", "/subjects/durable-4/versions?deleted=true", code=40401)
    for s in ("durable-0", "durable-1", "durable-2", "durable-3"):
        assert reg.ok("GET", "/subjects/%s/versions?deleted=true" % s) == before[s]
    for v, sid in enumerate(ids["durable-0"], 1):
        assert reg.ok("GET", "/subjects/durable-0/versions/%d" % v)["id"] == sid
    assert reg.ok("GET", "/subjects/durable-3/versions") == [2]
    assert reg.ok("GET", "/config/durable-1") == {"compatibilityLevel": "FULL"}
    assert reg.ok("GET", "/schemas/ids/%d" % json_id)["schemaType"] == "JSON"
    reg.err("DELETE", "/subjects/durable-2", code=40404)
    # The next id continues after the largest ever given.
    new = reg.ok("POST", "/subjects/durable-new/versions",
                 {"schema": avro_record([{"name": "z", "type": "int"}], name="Z")})["id"]
    assert new == json_id + 1


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

def test_bad_input_errors(reg):
    s = "bad-value"
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": "{not json"}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": json.dumps({"type": "nosuchtype"})}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s,
            {"schema": json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}]})},
            code=42201)
    reg.err("POST", "/subjects/%s/versions" % s,
            {"schema": rec({"name": "a", "type": "int", "default": "text"})}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s,
            {"schema": json.dumps({"type": "enum", "name": "E", "symbols": ["A", "A"]})}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": json.dumps(["int", "int"])}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": "\"int\"", "schemaType": "XML"}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s, {"nothing": 1}, code=42201)
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": json.dumps({"type": "string"}), "schemaType": "JSON",
                                                  "references": [{"name": "x", "subject": "nope", "version": 1}]},
            code=42201)
    # A reference to itself (a cycle) cannot resolve: the version does not exist yet.
    reg.err("POST", "/subjects/cyc/versions", {"schema": json.dumps({"type": "record", "name": "C", "fields": [
        {"name": "c", "type": "D"}]}), "references": [{"name": "D", "subject": "cyc", "version": 1}]}, code=42201)
    # Deep nesting and huge schemas.
    deep = "[" * 5000 + "]" * 5000
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": deep}, code=42201)
    deep_avro = '{"type":"array","items":' * 3000 + '"int"' + "}" * 3000
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": deep_avro}, code=42201)
    huge = rec(*[{"name": "f%d" % i, "type": "string", "doc": "x" * 100} for i in range(45000)])
    assert len(huge) > 4 * 1024 * 1024
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": huge}, code=42201)
    # Malformed request bodies.
    st, res, _ = reg.call("POST", "/subjects/%s/versions" % s, raw=b"{")
    assert st == 400 and res["error_code"] == 400
    # Unknown subjects, versions, ids.
    reg.err("GET", "/subjects/nope/versions", code=40401)
    reg.err("GET", "/subjects/nope/versions/latest", code=40401)
    reg.ok("POST", "/subjects/%s/versions" % s, {"schema": "\"int\""})
    reg.err("GET", "/subjects/%s/versions/7" % s, code=40402)
    reg.err("GET", "/subjects/%s/versions/0" % s, code=42202)
    reg.err("GET", "/subjects/%s/versions/x1" % s, code=42202)
    reg.err("GET", "/subjects/%s/versions/99999999999" % s, code=42202)
    reg.err("GET", "/schemas/ids/424242", code=40403)
    reg.err("GET", "/schemas/ids/abc", code=40403)
    reg.err("POST", "/subjects/%s" % s, {"schema": "\"long\""}, code=40403)
    reg.err("POST", "/subjects/nope", {"schema": "\"long\""}, code=40401)
    reg.err("DELETE", "/subjects/nope", code=40401)
    reg.err("DELETE", "/subjects/%s/versions/1?permanent=true" % s, code=40407)
    reg.ok("DELETE", "/subjects/%s/versions/1" % s)
    reg.err("DELETE", "/subjects/%s/versions/1" % s, code=40406)
    # Levels and modes.
    reg.err("PUT", "/config", {"compatibility": "SIDEWAYS"}, code=42203)
    reg.err("PUT", "/config/%s" % s, {"compatibility": 3}, code=42203)
    reg.err("PUT", "/mode", {"mode": "SOMETIMES"}, code=42204)
    st, res, _ = reg.call("GET", "/subjects/a/b/c/d/e")
    assert st == 404 and res["error_code"] == 404
    st, res, _ = reg.call("PATCH", "/subjects")
    assert st == 405 and res["error_code"] == 405
    # Still serving.
    assert reg.ok("GET", "/schemas/types")


def test_modes(reg):
    s = "moded-value"
    reg.ok("POST", "/subjects/%s/versions" % s, {"schema": "\"int\""})
    assert reg.ok("PUT", "/mode", {"mode": "READONLY"}) == {"mode": "READONLY"}
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": "\"long\""}, code=42205)
    reg.err("DELETE", "/subjects/%s" % s, code=42205)
    assert reg.ok("GET", "/subjects/%s/versions/1" % s)["id"] == 1
    reg.ok("PUT", "/mode", {"mode": "READWRITE"})
    # IMPORT needs an empty registry (or force), and keeps the given ids.
    reg.err("PUT", "/mode", {"mode": "IMPORT"}, code=42205)
    reg.ok("PUT", "/mode/imported", {"mode": "IMPORT"})
    assert reg.ok("POST", "/subjects/imported/versions", {"schema": "\"string\"", "id": 100, "version": 5}) == \
        {"id": 100}
    assert reg.ok("GET", "/subjects/imported/versions/5")["id"] == 100
    assert reg.ok("DELETE", "/mode/imported") == {"mode": "IMPORT"}
    reg.err("POST", "/subjects/other/versions", {"schema": "\"bytes\"", "id": 200}, code=42205)
    assert reg.ok("POST", "/subjects/other/versions", {"schema": "\"bytes\""}) == {"id": 101}


def test_admin_key_guards_mutations(server_factory):
    reg = start_registry(server_factory, {"admin.api.key": "s3cret"})
    s = "guarded-value"
    st, res, _ = reg.call("POST", "/subjects/%s/versions" % s, {"schema": "\"int\""})
    assert st == 401 and res["error_code"] == 401
    st, res, _ = reg.call("PUT", "/config", {"compatibility": "NONE"})
    assert st == 401
    assert reg.ok("POST", "/subjects/%s/versions" % s, {"schema": "\"int\""}, headers={"X-API-Key": "s3cret"}) == \
        {"id": 1}
    # Reads, lookups and checks stay open.
    assert reg.ok("GET", "/subjects") == [s]
    assert reg.ok("POST", "/subjects/%s" % s, {"schema": "\"int\""})["version"] == 1
    assert reg.ok("POST", "/compatibility/subjects/%s/versions/latest" % s, {"schema": "\"long\""}) == \
        {"is_compatible": True}
    st, _, _ = reg.call("DELETE", "/subjects/%s" % s, headers={"Authorization": "Bearer wrong"})
    assert st == 401


# --------------------------------------------------------------------------
# Serializers through the broker
# --------------------------------------------------------------------------

PERSON_JSON = json.dumps({
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "Person", "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
    "required": ["name"], "additionalProperties": False})


def test_json_serializer_roundtrip(reg):
    pytest.importorskip("jsonschema")
    from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext
    topic = unique_topic("people")
    create_topic(reg.srv.bootstrap, topic)
    ser = JSONSerializer(PERSON_JSON, reg.client(), lambda o, ctx: o)
    ctx = SerializationContext(topic, MessageField.VALUE)
    people = [{"name": "ann", "age": 31}, {"name": "bob"}, {"name": "cy", "age": 7}]
    values = [ser(p, ctx) for p in people]
    assert all(v[0] == 0 for v in values)
    sid = struct.unpack(">I", values[0][1:5])[0]
    latest = reg.ok("GET", "/subjects/%s-value/versions/latest" % topic)
    assert latest["id"] == sid and latest["schemaType"] == "JSON"
    reports = produce_all(producer(reg.srv.bootstrap), topic, [{"value": v} for v in values])
    assert all(e is None for e, _, _ in reports)
    de = JSONDeserializer(PERSON_JSON, from_dict=lambda d, ctx: d)
    got = [de(m.value(), ctx) for m in consume(reg.srv.bootstrap, topic, len(people))]
    assert got == people
    # JSON Schema compatibility: closing the open model to new required properties is refused.
    narrowed = json.loads(PERSON_JSON)
    narrowed["required"] = ["name", "age"]
    res = reg.ok("POST", "/compatibility/subjects/%s-value/versions/latest?verbose=true" % topic,
                 {"schema": json.dumps(narrowed), "schemaType": "JSON"})
    assert res["is_compatible"] is False
    widened = json.loads(PERSON_JSON)
    widened["properties"]["email"] = {"type": "string"}
    assert reg.ok("POST", "/compatibility/subjects/%s-value/versions/latest" % topic,
                  {"schema": json.dumps(widened), "schemaType": "JSON"})["is_compatible"] is True


# --------------------------------------------------------------------------
# Produce-side validation
# --------------------------------------------------------------------------

def test_value_schema_validation(reg):
    topic = unique_topic("validated")
    create_topic(reg.srv.bootstrap, topic, config={"confluent.value.schema.validation": "true"})
    sid = reg.ok("POST", "/subjects/%s-value/versions" % topic, {"schema": USER_V1})["id"]
    other = reg.ok("POST", "/subjects/elsewhere-value/versions", {"schema": "\"string\""})["id"]
    p = producer(reg.srv.bootstrap, retries=0)
    good = b"\x00" + struct.pack(">I", sid) + b"\x06ann\x3e"
    reports = produce_all(p, topic, [{"value": good}])
    assert reports[0][0] is None
    for bad in (b"plain text", b"\x00\x00", b"\x01" + struct.pack(">I", sid) + b"x",
                b"\x00" + struct.pack(">I", other) + b"x", b"\x00" + struct.pack(">I", 9999) + b"x"):
        err = produce_all(p, topic, [{"value": bad}])[0][0]
        assert err is not None and err.code() == ck.KafkaError.INVALID_RECORD, (bad, err)
    # Tombstones pass; a topic without the key takes anything.
    assert produce_all(p, topic, [{"value": None, "key": b"k"}])[0][0] is None
    plain = unique_topic("unvalidated")
    create_topic(reg.srv.bootstrap, plain)
    assert produce_all(p, plain, [{"value": b"plain text"}])[0][0] is None
    got = consume(reg.srv.bootstrap, topic, 2)
    assert [m.value() for m in got] == [good, None]


# --------------------------------------------------------------------------
# Protobuf: the serializer sends a base64 FileDescriptorProto
# --------------------------------------------------------------------------

def order_class(with_note=False, renumber=False):
    """A message class built at run time (no protoc): acme.Order with nested
    Item, an enum and a oneof; optionally a new field or a renumbered one."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    fd = descriptor_pb2.FileDescriptorProto(name="order%d%d.proto" % (with_note, renumber), package="acme",
                                            syntax="proto3")
    m = fd.message_type.add(name="Order")
    F = descriptor_pb2.FieldDescriptorProto
    m.field.add(name="id", number=5 if renumber else 1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    m.field.add(name="qty", number=2, type=F.TYPE_INT32, label=F.LABEL_OPTIONAL)
    m.field.add(name="items", number=3, type=F.TYPE_MESSAGE, label=F.LABEL_REPEATED, type_name=".acme.Order.Item")
    m.field.add(name="state", number=4, type=F.TYPE_ENUM, label=F.LABEL_OPTIONAL, type_name=".acme.Order.State")
    m.oneof_decl.add(name="pay")
    m.field.add(name="card", number=6, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL, oneof_index=0)
    m.field.add(name="cash", number=7, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL, oneof_index=0)
    if with_note:
        m.field.add(name="note", number=8, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    item = m.nested_type.add(name="Item")
    item.field.add(name="sku", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
    st = m.enum_type.add(name="State")
    st.value.add(name="UNKNOWN", number=0)
    st.value.add(name="OPEN", number=1)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fd)
    desc = pool.FindMessageTypeByName("acme.Order")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


def test_protobuf_serializer_roundtrip(reg):
    pytest.importorskip("google.protobuf")
    from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext
    Order = order_class()
    topic = unique_topic("orders")
    create_topic(reg.srv.bootstrap, topic)
    ser = ProtobufSerializer(Order, reg.client())
    ctx = SerializationContext(topic, MessageField.VALUE)
    orders = [Order(id="o1", qty=2, state=1, card="visa"), Order(id="o2", cash=300)]
    orders[0].items.add(sku="abc")
    values = [ser(o, ctx) for o in orders]
    latest = reg.ok("GET", "/subjects/%s-value/versions/latest" % topic)
    assert latest["schemaType"] == "PROTOBUF" and "message Order" in latest["schema"]
    assert "oneof pay" in latest["schema"] and "enum State" in latest["schema"]
    assert struct.unpack(">I", values[0][1:5])[0] == latest["id"]
    reports = produce_all(producer(reg.srv.bootstrap), topic, [{"value": v} for v in values])
    assert all(e is None for e, _, _ in reports)
    de = ProtobufDeserializer(Order)
    got = [de(m.value(), ctx) for m in consume(reg.srv.bootstrap, topic, 2)]
    assert got == orders
    # Adding a field is compatible; renumbering one is not.
    from confluent_kafka.schema_registry.protobuf import _schema_to_str
    s = "%s-value" % topic
    added = _schema_to_str(order_class(with_note=True).DESCRIPTOR.file)
    moved = _schema_to_str(order_class(renumber=True).DESCRIPTOR.file)
    assert reg.ok("POST", "/compatibility/subjects/%s/versions/latest" % s,
                  {"schema": added, "schemaType": "PROTOBUF"})["is_compatible"] is True
    res = reg.ok("POST", "/compatibility/subjects/%s/versions/latest?verbose=true" % s,
                 {"schema": moved, "schemaType": "PROTOBUF"})
    assert res["is_compatible"] is False and "FIELD_REMOVED" in res["messages"][0]
    reg.err("POST", "/subjects/%s/versions" % s, {"schema": "syntax = \"proto3\"; message M { Nope a = 1; }",
                                                  "schemaType": "PROTOBUF"}, code=42201)

"""The built-in schema registry in-process through the Python binding:
Engine.schema_register and Engine.schema_get, Confluent's error codes in
the raised errors, and ids kept across a reopen."""

import json

import pytest

from chronik import Engine
from chronik.errors import ChronikError

V1 = {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}
V2 = {"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"},
                                                {"name": "b", "type": "string", "default": ""}]}


def test_register_get_reopen(tmp_path):
    with Engine(tmp_path / "data", flush_policy="os", log_level="warn") as eng:
        assert eng.schema_register("t-value", V1) == 1
        assert eng.schema_register("t-value", json.dumps(V1)) == 1
        assert eng.schema_register("t-value", V2) == 2
        assert eng.schema_register("j", {"type": "object"}, schema_type="JSON") == 3
        latest = eng.schema_get("t-value")
        assert (latest["version"], latest["id"]) == (2, 2) and json.loads(latest["schema"]) == V2
        assert json.loads(eng.schema_get("t-value", 1)["schema"]) == V1
        assert eng.schema_get(id=3)["schemaType"] == "JSON"
        with pytest.raises(ChronikError) as ei:
            eng.schema_register("t-value", {"type": "record", "name": "R", "fields": [{"name": "z", "type": "int"}]})
        assert "409" in ei.value.message
        with pytest.raises(ChronikError) as ei:
            eng.schema_register("t-value", "{oops")
        assert "42201" in ei.value.message
        with pytest.raises(ChronikError) as ei:
            eng.schema_get("missing")
        assert ei.value.name == "NOT_FOUND" and "40401" in ei.value.message
    with Engine(tmp_path / "data", flush_policy="os", log_level="warn") as eng:
        assert eng.schema_get("t-value")["id"] == 2
        assert eng.schema_register("other", "\"string\"") == 4

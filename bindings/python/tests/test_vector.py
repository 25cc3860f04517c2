"""Vector search in-process through the Python binding: a hash-embedded
topic searched with Engine.vector_search, its stats, and a Python function
registered with Engine.set_embedder as the callback provider."""

import json
import threading
import time

import pytest

from chronik import Engine
from chronik.errors import ChronikError


@pytest.fixture
def eng(tmp_path):
    with Engine(tmp_path / "data", flush_policy="os", log_level="warn") as e:
        yield e


def wait_indexed(eng, topic, n, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = eng.vector_stats(topic)
        if st["vectors"] >= n and st["pending"] == 0:
            return st
        time.sleep(0.02)
    raise AssertionError("not indexed: %s" % st)


def test_hash_topic(eng):
    eng.create_topic("docs", config={"vector.enabled": "true", "vector.field": "text"})
    texts = ["the cat sat on the mat", "ships sail the northern sea", "a dog barks at the mailman"]
    for t in texts:
        eng.produce("docs", json.dumps({"text": t}), partition=0)
    res = eng.vector_search("docs", query="sailing ships at sea", k=2)   # found even before indexing
    hits = res["hits"]["hits"]
    assert hits[0]["_offset"] == 1 and hits[0]["_source"] == {"text": texts[1]}
    st = wait_indexed(eng, "docs", 3)
    assert st["provider"] == "hash" and st["dimensions"] == 256
    res = eng.vector_search("docs", query="cat on a mat", k=1, filter={"_offset": {"lt": 1}})
    assert [h["_offset"] for h in res["hits"]["hits"]] == [0]
    with pytest.raises(ChronikError) as ei:
        eng.vector_search("docs", vector=[1.0, 2.0])
    assert "dimensions" in str(ei.value)
    eng.create_topic("plain")
    with pytest.raises(ChronikError) as ei:
        eng.vector_search("plain", query="x")
    assert "vector.enabled" in str(ei.value)


def test_python_embedder(eng):
    calls = []
    lock = threading.Lock()

    def embed(topic, texts):
        with lock:
            calls.append((topic, list(texts)))
        return [[float(len(t)), float(t.count("a")), 1.0, 0.5] for t in texts]

    eng.set_embedder(embed)
    eng.create_topic("cb", config={"vector.enabled": "true", "vector.provider": "callback",
                                   "vector.dimensions": "4", "vector.metric": "l2"})
    for t in ("a", "banana", "aaaaaaaaaa"):
        eng.produce("cb", t, partition=0)
    wait_indexed(eng, "cb", 3)
    res = eng.vector_search("cb", query="bandana", k=1)   # len 7, three a's: nearest is banana
    assert res["hits"]["hits"][0]["_offset"] == 1
    with lock:
        embedded = [t for topic, ts in calls for t in ts if topic == "cb"]
    assert sorted(set(embedded) - {"bandana"}) == ["a", "aaaaaaaaaa", "banana"]

    def broken(topic, texts):
        raise RuntimeError("model not loaded")

    eng.set_embedder(broken)
    eng.produce("cb", "more", partition=0)
    deadline = time.monotonic() + 30
    while eng.vector_stats("cb")["state"] != "error":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    eng.set_embedder(embed)
    st = wait_indexed(eng, "cb", 4)
    assert st["state"] == "ok"
    eng.set_embedder(None)

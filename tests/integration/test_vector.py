"""Vector search through the REST API of a real chronik-server: topics with
vector.enabled=true created with POST /topics, records produced with
confluent-kafka, POST /_vector/{topic}/search and GET /_vector/{topic}/stats.

- recall@10 of the HNSW index against an exact search computed here over
  3,000 vectors carried by the records (vector.source=field), and the same
  data indexed by Debian's python3-hnswlib with the same parameters;
- the hash provider end to end: a query finds its document, hits look like
  Elasticsearch's, filters hold;
- freshness: a record acknowledged a moment ago is found at once;
- a restart resumes from the stored index without embedding again, and
  after kill -9 only what came after the last written index is embedded;
- bad requests give the REST API's JSON errors (400, 404, 405);
- the vector.* keys through CreateTopics, AlterConfigs and DescribeConfigs,
  and enabling a topic that already holds records;
- vector.api.key is never shown by DescribeConfigs, GET /topics/{name},
  stats, /metrics or the server's log."""

import json
import random

import pytest

from clients import admin, produce_all, producer
from conftest import unique_topic
from vector_util import start_rest

np = pytest.importorskip("numpy")


def produce_values(rest, topic, values, partition=0):
    p = producer(rest.srv.bootstrap)
    reports = produce_all(p, topic, [{"value": json.dumps(v).encode()} for v in values], partition=partition)
    assert all(e is None for e, _, _ in reports), [e for e, _, _ in reports if e is not None][:3]
    return [off for _, off, _ in reports]


WORDS = ("apple river stone cloud engine violet harbor lantern meadow copper falcon glacier orchid pepper "
         "quartz saddle timber walnut zephyr barley cinder dune ember fjord").split()


def doc(i):
    r = random.Random(i)
    return " ".join(r.choice(WORDS) for _ in range(6)) + " doc%d" % i


@pytest.fixture
def rest(server_factory):
    return start_rest(server_factory)


def exact_top(data, queries, k):
    """Exact cosine top-k ids per query."""
    dn = data / np.linalg.norm(data, axis=1, keepdims=True)
    qn = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    sims = qn @ dn.T
    return np.argsort(-sims, axis=1)[:, :k]


@pytest.mark.slow
def test_recall_vs_exact_and_hnswlib(rest):
    hnswlib = pytest.importorskip("hnswlib")
    n, dim, nq, k, m, efc, ef = 3000, 32, 100, 10, 16, 200, 64
    rng = np.random.default_rng(7)
    data = rng.standard_normal((n, dim)).astype(np.float32)
    queries = rng.standard_normal((nq, dim)).astype(np.float32)
    topic = unique_topic("vrec")
    rest.create_topic(topic, 1, {"vector.enabled": "true", "vector.source": "field", "vector.field": "emb",
                                 "vector.metric": "cosine", "vector.hnsw.m": str(m),
                                 "vector.hnsw.ef_construction": str(efc), "vector.hnsw.ef_search": str(ef)})
    offsets = produce_values(rest, topic, [{"emb": [float(x) for x in row], "i": i} for i, row in enumerate(data)])
    assert offsets == list(range(n))
    st = rest.wait_indexed(topic, n, timeout=120)
    assert st["dimensions"] == dim and st["vectors"] == n and st["records_with_invalid_vector"] == 0

    truth = exact_top(data, queries, k)
    ours = []
    for q in queries:
        res = rest.search(topic, {"vector": [float(x) for x in q], "k": k, "_source": False})
        hits = res["hits"]["hits"]
        assert len(hits) == k
        assert res["vector"]["tail_scanned"] == 0  # everything came from the index
        ours.append([h["_offset"] for h in hits])
        scores = [h["_score"] for h in hits]
        assert scores == sorted(scores, reverse=True)
    recall = np.mean([len(set(o) & set(t)) / k for o, t in zip(ours, truth)])

    ref = hnswlib.Index(space="cosine", dim=dim)
    ref.init_index(max_elements=n, ef_construction=efc, M=m, random_seed=100)
    ref.add_items(data, np.arange(n), num_threads=1)
    ref.set_ef(ef)
    labels, _ = ref.knn_query(queries, k=k, num_threads=1)
    ref_recall = np.mean([len(set(l.tolist()) & set(t.tolist())) / k for l, t in zip(labels, truth)])
    print("recall@10 chronik %.4f, python3-hnswlib %.4f" % (recall, ref_recall))
    assert recall >= 0.95
    assert ref_recall >= 0.95
    assert abs(recall - ref_recall) <= 0.03

    # An exact query (ef_search as large as the data) agrees with the truth.
    res = rest.search(topic, {"vector": [float(x) for x in queries[0]], "k": k, "ef_search": n, "_source": False})
    assert [h["_offset"] for h in res["hits"]["hits"]] == truth[0].tolist()


def test_hash_provider_search_and_filters(rest):
    topic = unique_topic("vhash")
    rest.create_topic(topic, 2, {"vector.enabled": "true", "vector.field": "body.text"})
    values = [{"body": {"text": doc(i)}, "n": i} for i in range(300)]
    produce_values(rest, topic, values[:150], partition=0)
    produce_values(rest, topic, values[150:], partition=1)
    st = rest.wait_indexed(topic, 300)
    assert st["provider"] == "hash" and st["dimensions"] == 256 and st["state"] == "ok"
    assert [p["indexed_offset"] for p in st["partitions"]] == [150, 150]

    res = rest.search(topic, {"query": doc(200), "k": 5})
    top = res["hits"]["hits"][0]
    assert top["_id"] == "%s-1-50" % topic and top["_index"] == topic
    assert top["_partition"] == 1 and top["_offset"] == 50
    assert top["_source"] == values[200]
    assert top["_score"] > 0.999 and res["hits"]["max_score"] == top["_score"]
    assert res["hits"]["total"] == {"value": 5, "relation": "eq"}
    assert isinstance(res["took"], int) and res["timed_out"] is False

    res = rest.search(topic, {"query": doc(200), "k": 10, "filter": {"_partition": 0}})
    assert {h["_partition"] for h in res["hits"]["hits"]} == {0}
    res = rest.search(topic, {"query": doc(200), "k": 10, "filter": {"_offset": {"gte": 100}}})
    assert all(h["_offset"] >= 100 for h in res["hits"]["hits"]) and len(res["hits"]["hits"]) == 10
    ts = rest.search(topic, {"query": doc(200), "k": 1})["hits"]["hits"][0]["_timestamp"]
    res = rest.search(topic, {"query": doc(200), "k": 10, "filter": {"_timestamp": {"gt": ts + 3600_000}}})
    assert res["hits"]["hits"] == []
    res = rest.search(topic, {"query": doc(200), "k": 2, "_source": False})
    assert all("_source" not in h for h in res["hits"]["hits"])


def test_freshness_produce_then_query(rest):
    topic = unique_topic("vfresh")
    rest.create_topic(topic, 1, {"vector.enabled": "true"})
    produce_values(rest, topic, [doc(i) for i in range(200)])
    for i in range(5):
        text = "unique %d kumquat marmalade %s" % (i, "x" * i)
        (off,) = produce_values(rest, topic, [text])
        # Acknowledged: the very next query must find it, indexed or not.
        res = rest.search(topic, {"query": text, "k": 1})
        hit = res["hits"]["hits"][0]
        assert hit["_offset"] == off and hit["_source"] == text, res


def test_restart_resumes_without_reembedding(rest):
    topic = unique_topic("vrst")
    rest.create_topic(topic, 1, {"vector.enabled": "true"})
    produce_values(rest, topic, [{"text": doc(i)} for i in range(250)])
    before = rest.wait_indexed(topic, 250)
    assert before["embedding"]["records"] >= 250
    rest.restart()
    st = rest.wait_stats(topic, lambda s: s["state"] == "ok" and s["pending"] == 0, what="loaded")
    assert st["vectors"] == 250
    assert st["embedding"]["records"] == 0  # loaded from vector/<topic>.hnsw, nothing embedded again
    res = rest.search(topic, {"query": json.dumps({"text": doc(17)}), "k": 1})
    assert res["hits"]["hits"][0]["_offset"] == 17
    produce_values(rest, topic, [{"text": doc(i)} for i in range(250, 260)])
    st = rest.wait_indexed(topic, 260)
    assert st["embedding"]["records"] == 10


def test_bad_requests(rest):
    topic = unique_topic("vbad")
    plain = unique_topic("vplain")
    rest.create_topic(topic, 1, {"vector.enabled": "true"})
    rest.create_topic(plain, 1)

    def err(path, body=None, raw=None, method="POST"):
        st, res = rest.call(method, path, body, raw=raw)
        assert isinstance(res, dict) and set(res) == {"error", "status"} and res["status"] == st, res
        return st, res["error"]

    st, e = err("/_vector/nosuch/search", {"query": "x"})
    assert st == 404 and e["type"] == "unknown_topic"
    st, e = err("/_vector/%s/search" % plain, {"query": "x"})
    assert st == 400 and "vector.enabled" in e["reason"]
    st, e = err("/_vector/%s/search" % topic, raw=b'{"query": ')
    assert st == 400 and e["type"] == "parse_error"
    st, e = err("/_vector/%s/search" % topic, {"vector": [0.1, 0.2, 0.3]})
    assert st == 400 and "dimensions" in e["reason"]
    st, e = err("/_vector/%s/search" % topic, {"query": "a", "k": 0})
    assert st == 400
    st, e = err("/_vector/%s/search" % topic, {"query": "a", "vector": [1]})
    assert st == 400
    st, e = err("/_vector/%s/search" % topic, method="GET")
    assert st == 405
    st, e = err("/_vector/%s/nothing" % topic, method="GET")
    assert st == 404
    st, e = err("/_vector/nosuch/stats", method="GET")
    assert st == 404
    st, e = err("/_vector/%s/stats" % plain, method="GET")
    assert st == 400 and "vector.enabled" in e["reason"]
    # Bad topic configs are refused at creation.
    st, res = rest.call("POST", "/topics", {"name": unique_topic("vcfg"), "config": {"vector.metric": "manhattan"}})
    assert st == 400, res


def test_api_key_never_shown(server_factory):
    secret = "sk-never-show-3f9a1c77"
    rest = start_rest(server_factory)
    topic = unique_topic("vkey")
    rest.create_topic(topic, 1, {"vector.enabled": "true", "vector.provider": "openai",
                                 "vector.endpoint": "http://127.0.0.1:9/v1", "vector.api.key": secret})
    ck = pytest.importorskip("confluent_kafka")
    from confluent_kafka.admin import ConfigResource
    a = admin(rest.srv.bootstrap)
    res = ConfigResource(ConfigResource.Type.TOPIC, topic)
    entries = a.describe_configs([res])[res].result(timeout=30)
    key = entries["vector.api.key"]
    assert key.is_sensitive and key.value is None
    assert entries["vector.endpoint"].value == "http://127.0.0.1:9/v1"
    st, desc = rest.call("GET", "/topics/%s" % topic)
    assert st == 200 and desc["configs"]["vector.api.key"] is None and desc["overrides"]["vector.api.key"] is None
    produce_values(rest, topic, ["some text"])
    st = rest.wait_stats(topic, lambda s: s["state"] == "error", what="error state")
    assert st["api_key_set"] is True
    assert secret not in json.dumps(st)
    assert secret not in rest.metrics()
    rest.srv.stop()
    assert not any(secret in line for line in rest.srv.logs), "the API key appears in the server log"
    del ck


def test_configs_through_kafka_admin(rest):
    """CreateTopics and AlterConfigs carry the vector.* keys; DescribeConfigs
    shows them; enabling an existing topic indexes the records it holds."""
    from confluent_kafka.admin import ConfigResource, NewTopic
    a = admin(rest.srv.bootstrap)
    topic = unique_topic("vadm")
    fs = a.create_topics([NewTopic(topic, 1, 1, config={"vector.field": "t", "vector.metric": "ip",
                                                         "vector.hnsw.m": "8"})])
    fs[topic].result(timeout=30)
    bad = unique_topic("vadmbad")
    with pytest.raises(Exception):
        a.create_topics([NewTopic(bad, 1, 1, config={"vector.source": "nowhere"})])[bad].result(timeout=30)
    produce_values(rest, topic, [{"t": doc(i)} for i in range(40)])
    status, res = rest.call("POST", "/_vector/%s/search" % topic, {"query": "x"})
    assert status == 400 and "vector.enabled" in res["error"]["reason"]
    res_ = ConfigResource(ConfigResource.Type.TOPIC, topic,
                          set_config={"vector.enabled": "true", "vector.field": "t", "vector.metric": "ip",
                                      "vector.hnsw.m": "8"})
    a.alter_configs([res_])[res_].result(timeout=30)
    entries = a.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, topic)])
    cfg = list(entries.values())[0].result(timeout=30)
    assert cfg["vector.enabled"].value == "true" and cfg["vector.metric"].value == "ip"
    assert cfg["vector.hnsw.m"].value == "8" and cfg["vector.provider"].value == "hash"
    assert cfg["vector.source"].value == "embed" and cfg["vector.hnsw.ef_search"].value == "100"
    st = rest.wait_indexed(topic, 40)
    assert st["metric"] == "ip" and st["hnsw"]["m"] == 8
    res = rest.search(topic, {"query": json.dumps({"t": doc(7)}), "k": 1})
    assert res["hits"]["hits"][0]["_offset"] == 7


def test_kill_9_resumes_from_last_persist(server_factory):
    """After kill -9 the index restarts from its last written state and
    indexes again only what came after it: nothing lost, nothing twice."""
    rest = start_rest(server_factory, conf={"vector.persist.interval.ms": "100"})
    topic = unique_topic("vkill")
    rest.create_topic(topic, 1, {"vector.enabled": "true"})
    produce_values(rest, topic, [doc(i) for i in range(100)])
    rest.wait_stats(topic, lambda s: s["persisted"]["vectors"] == 100 and s["pending"] == 0, what="persisted")
    produce_values(rest, topic, [doc(i) for i in range(100, 160)])
    rest.restart(hard=True)
    st = rest.wait_indexed(topic, 160)
    assert st["vectors"] == 160 and st["deleted"] == 0
    assert st["embedding"]["records"] <= 60  # only what the last written index did not hold
    for i in (5, 99, 100, 159):
        res = rest.search(topic, {"query": json.dumps(doc(i)), "k": 1})
        assert res["hits"]["hits"][0]["_offset"] == i

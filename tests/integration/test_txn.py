"""Transactions with real clients: confluent-kafka's transactional producer
(commit/abort over several partitions, read_committed vs read_uncommitted,
fencing, transaction.timeout.ms), exactly-once consume-transform-produce
with send_offsets_to_transaction across two kill -9 restarts, and kafkajs
transactions.  Skipped when the broker does not advertise the transaction
APIs."""

import os
import shutil
import subprocess
import time

import pytest

from conftest import HERE, check_api_versions, unique_topic

ck = pytest.importorskip("confluent_kafka")
from clients import create_topic  # noqa: E402

TXN_APIS = {22: "InitProducerId", 24: "AddPartitionsToTxn", 25: "AddOffsetsToTxn", 26: "EndTxn",
            28: "TxnOffsetCommit", 10: "FindCoordinator", 9: "OffsetFetch"}


@pytest.fixture
def txn_server(server):
    missing = [name for key, name in TXN_APIS.items() if key not in check_api_versions(server.port)]
    if missing:
        pytest.skip("the broker does not advertise the transaction APIs (%s)" % ", ".join(missing))
    return server


def txn_producer(bootstrap, txn_id, **conf):
    c = {"bootstrap.servers": bootstrap, "transactional.id": txn_id, "socket.timeout.ms": 10000,
         "message.timeout.ms": 60000, "linger.ms": 5}
    c.update({k.replace("_", "."): v for k, v in conf.items()})
    return ck.Producer(c)


def read_all(bootstrap, topic, partitions, isolation, timeout=60, group=None):
    """Every data record of the partitions from the beginning up to their end
    (as the isolation level sees it), per partition in offset order."""
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": group or unique_topic("rd"),
                     "enable.auto.commit": False, "auto.offset.reset": "earliest",
                     "isolation.level": isolation, "enable.partition.eof": True,
                     "socket.timeout.ms": 10000})
    out = {p: [] for p in range(partitions)}
    eof = set()
    try:
        c.assign([ck.TopicPartition(topic, p, ck.OFFSET_BEGINNING) for p in range(partitions)])
        deadline = time.monotonic() + timeout
        while len(eof) < partitions and time.monotonic() < deadline:
            for m in c.consume(num_messages=1000, timeout=0.5):
                if m.error():
                    if m.error().code() == ck.KafkaError._PARTITION_EOF:
                        eof.add(m.partition())
                        continue
                    raise AssertionError("consume error: %s" % m.error())
                eof.discard(m.partition())
                out[m.partition()].append((m.offset(), m.value()))
    finally:
        c.close()
    assert len(eof) == partitions, "no end of partition seen within %ss" % timeout
    return out


def test_txn_commit_abort_isolation(txn_server, bootstrap):
    topic = unique_topic("txn")
    create_topic(bootstrap, topic, partitions=3)
    p = txn_producer(bootstrap, unique_topic("tid"))
    p.init_transactions(30)
    committed = {0: [], 1: [], 2: []}
    everything = {0: [], 1: [], 2: []}
    for i in range(100):
        p.begin_transaction()
        for j in range(6):
            part = j % 3
            v = b"t%03d-m%d" % (i, j)
            p.produce(topic, value=v, partition=part)
            everything[part].append(v)
            if i % 2 == 0:
                committed[part].append(v)
        p.flush(30)   # abort_transaction would purge records not yet sent
        if i % 2 == 0:
            p.commit_transaction(30)
        else:
            p.abort_transaction(30)
    got = read_all(bootstrap, topic, 3, "read_committed")
    for part in range(3):
        values = [v for _, v in got[part]]
        assert values == committed[part], "partition %d" % part
        offs = [o for o, _ in got[part]]
        assert offs == sorted(offs)
    unc = read_all(bootstrap, topic, 3, "read_uncommitted")
    for part in range(3):
        assert [v for _, v in unc[part]] == everything[part], "partition %d" % part


def test_txn_fencing(txn_server, bootstrap):
    topic = unique_topic("fence")
    create_topic(bootstrap, topic, partitions=1)
    tid = unique_topic("ftid")
    p1 = txn_producer(bootstrap, tid)
    p1.init_transactions(30)
    p1.begin_transaction()
    p1.produce(topic, value=b"p1-a", partition=0)
    p1.flush(30)
    p2 = txn_producer(bootstrap, tid)
    p2.init_transactions(60)          # fences p1 and aborts its transaction
    p2.begin_transaction()
    p2.produce(topic, value=b"p2-a", partition=0)
    p2.commit_transaction(30)
    with pytest.raises(ck.KafkaException) as ei:
        p1.produce(topic, value=b"p1-b", partition=0)
        p1.flush(30)
        p1.commit_transaction(30)
    err = ei.value.args[0]
    assert err.fatal() or err.code() in (ck.KafkaError._FENCED, ck.KafkaError.PRODUCER_FENCED,
                                         ck.KafkaError.INVALID_PRODUCER_EPOCH), str(err)
    got = read_all(bootstrap, topic, 1, "read_committed")
    assert [v for _, v in got[0]] == [b"p2-a"]


def test_txn_timeout(txn_server, bootstrap):
    topic = unique_topic("tmo")
    create_topic(bootstrap, topic, partitions=1)
    p = txn_producer(bootstrap, unique_topic("ttid"), transaction_timeout_ms=3000, socket_timeout_ms=3000,
                     message_timeout_ms=3000)
    p.init_transactions(30)
    p.begin_transaction()
    p.produce(topic, value=b"silent", partition=0)
    p.flush(30)
    plain = ck.Producer({"bootstrap.servers": bootstrap})
    plain.produce(topic, value=b"after", partition=0)
    plain.flush(30)
    # read_committed readers are held at the open transaction until the
    # coordinator aborts it, then move past it
    c = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": unique_topic("tmog"), "enable.auto.commit": False,
                     "isolation.level": "read_committed", "socket.timeout.ms": 10000})
    got = []
    try:
        c.assign([ck.TopicPartition(topic, 0, ck.OFFSET_BEGINNING)])
        deadline = time.monotonic() + 30
        while not got and time.monotonic() < deadline:
            got = [m.value() for m in c.consume(num_messages=10, timeout=0.5) if not m.error()]
    finally:
        c.close()
    assert got == [b"after"]
    with pytest.raises(ck.KafkaException):
        p.commit_transaction(30)


def _copy_exactly_once(server, src, dst, group, n, partitions, kill_at):
    """Consume-transform-produce src -> dst with transactions, restarting the
    server with SIGKILL when the output passes each count in kill_at."""
    bootstrap = server.bootstrap
    cons = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                        "auto.offset.reset": "earliest", "isolation.level": "read_committed",
                        "socket.timeout.ms": 10000, "enable.partition.eof": False})
    prod = txn_producer(bootstrap, "eos-" + group, transaction_timeout_ms=60000)
    tps = [ck.TopicPartition(src, p) for p in range(partitions)]

    def rewind():
        committed = cons.committed(tps, timeout=30)
        cons.assign([ck.TopicPartition(src, tp.partition, tp.offset if tp.offset >= 0 else ck.OFFSET_BEGINNING)
                     for tp in committed])

    prod.init_transactions(60)
    rewind()
    done = 0
    kills = list(kill_at)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline:
        committed = cons.committed(tps, timeout=30) if done >= n - 1000 else None
        if committed is not None and sum(max(tp.offset, 0) for tp in committed) >= n:
            break
        msgs = [m for m in cons.consume(num_messages=500, timeout=1.0) if not m.error()]
        if not msgs:
            continue
        try:
            prod.begin_transaction()
            for m in msgs:
                prod.produce(dst, value=b"out-" + m.value(), partition=m.partition())
            if kills and done + len(msgs) >= kills[0]:
                kills.pop(0)
                server.restart(hard=True)
            prod.send_offsets_to_transaction(cons.position(cons.assignment()), cons.consumer_group_metadata(), 60)
            prod.commit_transaction(60)
            done += len(msgs)
        except ck.KafkaException as e:
            err = e.args[0]
            if err.fatal():
                raise
            try:
                prod.abort_transaction(60)
            except ck.KafkaException as e2:
                if e2.args[0].fatal():
                    raise
            rewind()
    cons.close()
    assert not kills, "the server was not restarted %d more time(s)" % len(kills)


def test_txn_consume_transform_produce_kill9(txn_server, server):
    n, partitions = 50000, 3
    src, dst, group = unique_topic("eos-in"), unique_topic("eos-out"), unique_topic("eos-g")
    create_topic(server.bootstrap, src, partitions=partitions)
    create_topic(server.bootstrap, dst, partitions=partitions)
    p = ck.Producer({"bootstrap.servers": server.bootstrap, "linger.ms": 20, "enable.idempotence": True})
    for i in range(n):
        while True:
            try:
                p.produce(src, value=b"rec-%06d" % i, partition=i % partitions)
                break
            except BufferError:
                p.poll(0.1)
    assert p.flush(60) == 0
    _copy_exactly_once(txn_server, src, dst, group, n, partitions, kill_at=(15000, 32000))
    got = read_all(server.bootstrap, dst, partitions, "read_committed", timeout=120)
    values = [v for part in range(partitions) for _, v in got[part]]
    assert len(values) == n, "output has %d records, expected %d" % (len(values), n)
    assert sorted(values) == sorted(b"out-rec-%06d" % i for i in range(n))
    for part in range(partitions):   # order kept per partition
        vs = [v for _, v in got[part]]
        assert vs == sorted(vs)
    c = ck.Consumer({"bootstrap.servers": server.bootstrap, "group.id": group})
    try:
        committed = c.committed([ck.TopicPartition(src, q) for q in range(partitions)], timeout=30)
        for tp in committed:
            lo, hi = c.get_watermark_offsets(tp, timeout=10)
            assert tp.offset == hi, "partition %d: committed %d, end %d" % (tp.partition, tp.offset, hi)
    finally:
        c.close()


NODE = shutil.which("node")
JS = os.path.join(HERE, "js")

KAFKAJS_TXN = r"""
const { Kafka, logLevel } = require('kafkajs');
const [broker, topic, tid] = process.argv.slice(2);
setTimeout(() => { console.error('timed out'); process.exit(1); }, 60000);
(async () => {
  const kafka = new Kafka({ clientId: 'chronik-kafkajs-txn', brokers: [broker], logLevel: logLevel.ERROR,
                            retry: { retries: 8, initialRetryTime: 200 } });
  const producer = kafka.producer({ transactionalId: tid, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const mk = (p, n) => Array.from({ length: n }, (_, i) => ({ value: `${p}-${i}`, partition: i % 2 }));
  let t = await producer.transaction();
  await t.send({ topic, messages: mk('commit', 10) });
  await t.commit();
  t = await producer.transaction();
  await t.send({ topic, messages: mk('abort', 10) });
  await t.abort();
  t = await producer.transaction();
  await t.send({ topic, messages: mk('again', 4) });
  await t.commit();
  await producer.disconnect();
  console.log('ok');
  process.exit(0);
})().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
"""


@pytest.mark.skipif(NODE is None or not os.path.isdir(os.path.join(JS, "node_modules", "kafkajs")),
                    reason="node or kafkajs missing (tools/install-deps.sh --test)")
def test_kafkajs_transactions(txn_server, bootstrap):
    topic = unique_topic("kjstxn")
    create_topic(bootstrap, topic, partitions=2)
    r = subprocess.run([NODE, "-", bootstrap, topic, unique_topic("kjstid")], input=KAFKAJS_TXN.encode(), cwd=JS,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
    out = r.stdout.decode(errors="replace")
    assert r.returncode == 0 and out.strip().endswith("ok"), out[-3000:]
    rc = read_all(bootstrap, topic, 2, "read_committed")
    vals = sorted(v.decode() for part in range(2) for _, v in rc[part])
    assert vals == sorted(["commit-%d" % i for i in range(10)] + ["again-%d" % i for i in range(4)])
    ru = read_all(bootstrap, topic, 2, "read_uncommitted")
    assert sum(len(ru[part]) for part in range(2)) == 24

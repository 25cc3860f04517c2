"""Engine: one libchronik engine running inside this process.

Each method is a thin wrapper over one C call.  The engine handle is
thread-safe in C; this wrapper adds only a gate so that close() waits for the
calls in flight (chronik_close requires that none is running) and later calls
raise ClosedError instead of touching freed memory.  ctypes releases the GIL
during each C call, so threads produce and fetch in parallel.  Fetched keys,
values and headers are copied into Python bytes before the C fetch result is
freed.
"""

import ctypes
import json
import os
import threading
from typing import List, NamedTuple, Optional, Tuple

from . import _lib
from .errors import CLOSED, INVALID_ARG, make_error

_ERRBUF = 1024

COMPRESSION = {None: 0, "none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


class Record(NamedTuple):
    """A fetched record.  key/value are bytes or None (null); headers is a list of (str, bytes-or-None)."""
    offset: int
    timestamp: int
    key: Optional[bytes]
    value: Optional[bytes]
    headers: List[Tuple[str, Optional[bytes]]]


class FetchResult(list):
    """The records of one fetch (a list of Record) with .next_offset and .high_watermark."""

    def __init__(self, records, next_offset, high_watermark):
        super().__init__(records)
        self.next_offset = next_offset
        self.high_watermark = high_watermark


class SqlResult:
    """Rows of a SQL query: .columns (names), .types, .rows (tuples), .truncated; iterating yields rows."""

    def __init__(self):
        self.columns = []
        self.types = []
        self.rows = []
        self.truncated = False

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def dicts(self):
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def __repr__(self):
        return "SqlResult(columns=%r, rows=%d, truncated=%r)" % (self.columns, len(self.rows), self.truncated)


def library_version():
    """The loaded libchronik's version string."""
    return _lib.lib().chronik_version().decode()


def _enc(s, what):
    if isinstance(s, str):
        return s.encode()
    if isinstance(s, (bytes, bytearray)):
        return bytes(s)
    raise TypeError("%s must be str or bytes, not %s" % (what, type(s).__name__))


def _data(v, what):
    """Bytes for a key/value/header value (None stays None)."""
    if v is None or isinstance(v, bytes):
        return v
    if isinstance(v, str):
        return v.encode()
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    raise TypeError("%s must be bytes, str or None, not %s" % (what, type(v).__name__))


def _conf_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _ptr(b, keep):
    """A void* to the bytes object b (kept alive in `keep`); NULL for None."""
    if b is None:
        return None
    keep.append(b)
    return ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p).value


def _string_list(ptr, count):
    """Decodes a NUL-separated list the library allocated, then frees it."""
    lib = _lib.lib()
    try:
        names = []
        if ptr.value:
            pos = ptr.value
            for _ in range(count):
                s = ctypes.string_at(pos)
                names.append(s.decode())
                pos += len(s) + 1
        return names
    finally:
        lib.chronik_free(ptr)


class Engine:
    """An embedded libchronik engine.

    Engine(data_dir, **config): config keys use '_' for '.', e.g.
    Engine("/tmp/d", flush_policy="os", log_segment_bytes=1 << 20).  A key
    containing '.' may also be passed through config={"log.segment.bytes": ...}.
    """

    def __init__(self, data_dir, config=None, **kwargs):
        self._lib = _lib.lib()
        self._h = None
        self._gate = threading.Condition()
        self._inflight = 0
        self._closing = False
        settings = {"data.dir": os.fspath(data_dir)}
        for k, v in (config or {}).items():
            settings[k] = v
        for k, v in kwargs.items():
            settings[k.replace("_", ".")] = v
        self.data_dir = settings["data.dir"]
        lib = self._lib
        conf = lib.chronik_conf_new()
        if not conf:
            raise MemoryError("chronik_conf_new")
        errbuf = ctypes.create_string_buffer(_ERRBUF)
        try:
            for k, v in settings.items():
                rc = lib.chronik_conf_set(conf, _enc(k, "config key"), _enc(_conf_value(v), "config value"),
                                          errbuf, _ERRBUF)
                if rc:
                    raise make_error(rc, errbuf.value.decode(errors="replace"))
            h = ctypes.c_void_p()
            rc = lib.chronik_open(conf, ctypes.byref(h), errbuf, _ERRBUF)
            if rc:
                raise make_error(rc, errbuf.value.decode(errors="replace"))
            self._h = h
        finally:
            lib.chronik_conf_free(conf)

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_h", None) is not None and not getattr(self, "_closing", True):
            self.close()

    @property
    def closed(self):
        return self._h is None

    def close(self):
        """Stops listeners, waits for calls in flight, flushes and frees the engine.  Idempotent."""
        with self._gate:
            if self._closing:
                while self._h is not None:
                    self._gate.wait()
                return
            self._closing = True
            while self._inflight:
                self._gate.wait()
            h = self._h
        try:
            if h is not None:
                self._lib.chronik_close(h)
        finally:
            with self._gate:
                self._h = None
                self._gate.notify_all()

    def _enter(self):
        with self._gate:
            if self._closing:
                raise make_error(CLOSED, "engine is closed")
            self._inflight += 1
            return self._h

    def _leave(self):
        with self._gate:
            self._inflight -= 1
            if not self._inflight:
                self._gate.notify_all()

    def _call(self, fn, *args):
        """Runs fn(handle, *args); a non-zero result raises with the engine's message."""
        h = self._enter()
        try:
            rc = fn(h, *args)
            if rc:
                raise make_error(rc, self._lib.chronik_errmsg(h).decode(errors="replace"))
        finally:
            self._leave()

    # -- topics ------------------------------------------------------------

    def create_topic(self, name, partitions=1, config=None):
        """Creates a topic; config is a dict of topic configs ("retention.ms": 1000, or retention_ms=...)."""
        arr = None
        if config:
            items = []
            for k, v in config.items():
                items += [_enc(k.replace("_", ".") if "." not in k else k, "config key"),
                          _enc(_conf_value(v), "config value")]
            arr = (ctypes.c_char_p * (len(items) + 1))(*items, None)
        self._call(self._lib.chronik_topic_create, _enc(name, "topic"), partitions, arr)

    def delete_topic(self, name):
        """Deletes a topic and its data."""
        self._call(self._lib.chronik_topic_delete, _enc(name, "topic"))

    def topics(self):
        """The topic names."""
        ptr, count = ctypes.c_void_p(), ctypes.c_size_t()
        self._call(self._lib.chronik_topic_list, ctypes.byref(ptr), ctypes.byref(count))
        return _string_list(ptr, count.value)

    def partitions(self, topic):
        """The topic's partition count."""
        n = ctypes.c_int32()
        self._call(self._lib.chronik_topic_partitions, _enc(topic, "topic"), ctypes.byref(n))
        return n.value

    def create_partitions(self, topic, partitions):
        """Grows the topic to `partitions` partitions."""
        self._call(self._lib.chronik_topic_create_partitions, _enc(topic, "topic"), partitions)

    def topic_config_set(self, topic, key, value):
        """Sets one topic config (value None: back to the default)."""
        self._call(self._lib.chronik_topic_config_set, _enc(topic, "topic"), _enc(key, "key"),
                   None if value is None else _enc(_conf_value(value), "value"))

    def topic_config_get(self, topic, key):
        """The topic's effective value of key, as a string."""
        buf = ctypes.create_string_buffer(4096)
        self._call(self._lib.chronik_topic_config_get, _enc(topic, "topic"), _enc(key, "key"), buf, len(buf))
        return buf.value.decode()

    # -- produce -----------------------------------------------------------

    @staticmethod
    def _fill(crec, keep, value, key=None, headers=None, timestamp=None):
        key, value = _data(key, "key"), _data(value, "value")
        crec.key, crec.key_len = _ptr(key, keep), len(key) if key is not None else 0
        crec.value, crec.value_len = _ptr(value, keep), len(value) if value is not None else 0
        crec.timestamp = -1 if timestamp is None else int(timestamp)
        if headers:
            items = list(headers.items()) if isinstance(headers, dict) else list(headers)
            harr = (_lib.Header * len(items))()
            for i, (hk, hv) in enumerate(items):
                hk, hv = _enc(hk, "header key"), _data(hv, "header value")
                keep.append(hk)
                harr[i].key = hk
                harr[i].value = _ptr(hv, keep)
                harr[i].value_len = len(hv) if hv is not None else 0
            keep.append(harr)
            crec.headers, crec.header_count = harr, len(items)

    def _produce(self, topic, crecs, count, partition, compression):
        if isinstance(compression, str) or compression is None:
            if compression not in COMPRESSION:
                raise make_error(INVALID_ARG, "unknown compression %r (none, gzip, snappy, lz4, zstd)" % compression)
            compression = COMPRESSION[compression]
        opts = _lib.ProduceOpts(compression=compression, partition_out=-1)
        base = ctypes.c_int64(-1)
        self._call(self._lib.chronik_produce_with_options, _enc(topic, "topic"), -1 if partition is None else partition,
                   crecs, count, ctypes.byref(opts), ctypes.byref(base))
        return opts.partition_out, base.value

    def produce(self, topic, value, key=None, partition=None, headers=None, timestamp=None, compression=None):
        """Appends one record and returns (partition, offset) once durable per flush.policy.

        value/key: bytes, str (UTF-8) or None (null).  headers: dict or list of
        (str, bytes-or-None).  timestamp: ms since the epoch (None: now).
        partition None: by key hash, else round robin."""
        keep = []
        crec = (_lib.CRecord * 1)()
        self._fill(crec[0], keep, value, key, headers, timestamp)
        return self._produce(topic, crec, 1, partition, compression)

    def produce_batch(self, topic, records, partition=None, compression=None):
        """Appends records as one batch; returns (partition, base_offset).

        Each record is a value (bytes/str/None), a (key, value) tuple, a
        (key, value, headers[, timestamp]) tuple, or a dict with the keyword
        arguments of produce (value, key, headers, timestamp)."""
        records = list(records)
        if not records:
            raise make_error(INVALID_ARG, "produce_batch needs at least one record")
        keep = []
        crecs = (_lib.CRecord * len(records))()
        for i, r in enumerate(records):
            if isinstance(r, dict):
                self._fill(crecs[i], keep, r.get("value"), r.get("key"), r.get("headers"), r.get("timestamp"))
            elif isinstance(r, tuple):
                if not 2 <= len(r) <= 4:
                    raise TypeError("record tuples are (key, value[, headers[, timestamp]])")
                self._fill(crecs[i], keep, r[1], r[0], *r[2:])
            else:
                self._fill(crecs[i], keep, r)
        return self._produce(topic, crecs, len(records), partition, compression)

    # -- fetch -------------------------------------------------------------

    def fetch(self, topic, partition, offset, max_bytes=1 << 20, timeout=0):
        """Records from `offset` (about max_bytes of batches; at least one), waiting up to
        `timeout` seconds for data when there is none yet.  Returns a FetchResult (list of Record)."""
        lib = self._lib
        f = ctypes.c_void_p()
        self._call(lib.chronik_fetch, _enc(topic, "topic"), partition, offset, max_bytes,
                   int(round(timeout * 1000)), ctypes.byref(f))
        try:
            out = []
            crec = _lib.CRecord()
            off = ctypes.c_int64()
            string_at = ctypes.string_at
            while lib.chronik_fetch_next(f, ctypes.byref(crec), ctypes.byref(off)):
                headers = []
                for i in range(crec.header_count):
                    hd = crec.headers[i]
                    headers.append((hd.key.decode(errors="replace"),
                                    string_at(hd.value, hd.value_len) if hd.value else None))
                out.append(Record(off.value, crec.timestamp,
                                  string_at(crec.key, crec.key_len) if crec.key else None,
                                  string_at(crec.value, crec.value_len) if crec.value else None,
                                  headers))
            return FetchResult(out, lib.chronik_fetch_next_offset(f), lib.chronik_fetch_high_watermark(f))
        finally:
            lib.chronik_fetch_free(f)

    # -- offsets -----------------------------------------------------------

    def offsets(self, topic, partition):
        """(log_start_offset, high_watermark) of the partition."""
        start, hw = ctypes.c_int64(), ctypes.c_int64()
        self._call(self._lib.chronik_offsets, _enc(topic, "topic"), partition, ctypes.byref(start),
                   ctypes.byref(hw))
        return start.value, hw.value

    def offset_for_time(self, topic, partition, timestamp):
        """First offset with timestamp >= `timestamp` ms (else the high watermark); -2 earliest, -1 latest."""
        off = ctypes.c_int64()
        self._call(self._lib.chronik_offset_for_time, _enc(topic, "topic"), partition, timestamp, ctypes.byref(off))
        return off.value

    def delete_records(self, topic, partition, before_offset=-1):
        """Advances the log start offset to before_offset (-1: the high watermark)."""
        self._call(self._lib.chronik_delete_records, _enc(topic, "topic"), partition, before_offset)

    def retention_run(self):
        """Runs time and size retention now on every partition."""
        self._call(self._lib.chronik_retention_run)

    # -- network -----------------------------------------------------------

    def kafka_listen(self, host="127.0.0.1", port=0):
        """Starts the Kafka listener; returns the bound port (port 0 picks a free one)."""
        hp = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
        bound = ctypes.c_int()
        self._call(self._lib.chronik_kafka_listen, hp.encode(), ctypes.byref(bound))
        return bound.value

    def serve(self):
        """Starts the listeners the configuration asks for; returns the one-line summary."""
        buf = ctypes.create_string_buffer(1024)
        self._call(self._lib.chronik_serve, buf, len(buf))
        return buf.value.decode(errors="replace")

    # -- SQL ---------------------------------------------------------------

    def sql(self, query, params=None, max_rows=0):
        """Runs one read-only SQL statement; params bind ?1..?n.  Returns a SqlResult whose rows
        hold int, float, str, bytes or None."""
        if not _lib.has("chronik_sql"):
            raise make_error(-210, "this libchronik has no SQL")
        params = list(params or [])
        keep = []
        parr = (_lib.SqlValue * max(len(params), 1))()
        for i, p in enumerate(params):
            v = parr[i]
            if p is None:
                v.type = 0
            elif isinstance(p, (bool, int)):
                v.type, v.i = 1, int(p)
            elif isinstance(p, float):
                v.type, v.r = 2, p
            elif isinstance(p, str):
                b = p.encode()
                v.type, v.data, v.len = 3, _ptr(b, keep), len(b)
            elif isinstance(p, (bytes, bytearray, memoryview)):
                b = bytes(p)
                v.type, v.data, v.len = 4, _ptr(b, keep), len(b)
            else:
                raise TypeError("SQL parameter %d: unsupported type %s" % (i + 1, type(p).__name__))
        res = SqlResult()
        failure = []
        string_at = ctypes.string_at

        def on_row(_opaque, ncols, names, types, values):
            try:
                if not res.columns:
                    res.columns = [names[i].decode() for i in range(ncols)]
                    res.types = [types[i].decode() if types[i] else "" for i in range(ncols)]
                row = []
                for i in range(ncols):
                    v = values[i]
                    if v.type == 1:
                        row.append(v.i)
                    elif v.type == 2:
                        row.append(v.r)
                    elif v.type == 3:
                        row.append(string_at(v.data, v.len).decode(errors="replace") if v.data else "")
                    elif v.type == 4:
                        row.append(string_at(v.data, v.len) if v.data else b"")
                    else:
                        row.append(None)
                res.rows.append(tuple(row))
                return 0
            except BaseException as e:  # surfaced after the C call returns
                failure.append(e)
                return 1

        cb = _lib.SQL_ROW_CB(on_row)
        truncated = ctypes.c_int32(0)
        self._call(self._lib.chronik_sql, _enc(query, "query"), parr if params else None, len(params), max_rows,
                   cb, None, ctypes.byref(truncated))
        if failure:
            raise failure[0]
        res.truncated = bool(truncated.value)
        return res

    # -- consumer groups -----------------------------------------------------

    def commit_offset(self, group, topic, partition, offset, metadata=None):
        """Commits `offset` (the next to consume) for group on topic/partition (standalone commit)."""
        self._call(self._lib.chronik_offset_commit, _enc(group, "group"), _enc(topic, "topic"), partition, offset,
                   None if metadata is None else _enc(metadata, "metadata"))

    def committed_offset(self, group, topic, partition):
        """The group's committed offset of topic/partition, or -1 if none."""
        off = ctypes.c_int64()
        self._call(self._lib.chronik_offset_fetch, _enc(group, "group"), _enc(topic, "topic"), partition,
                   ctypes.byref(off))
        return off.value

    def groups(self):
        """The known consumer group ids, sorted."""
        ptr, count = ctypes.c_void_p(), ctypes.c_size_t()
        self._call(self._lib.chronik_group_list, ctypes.byref(ptr), ctypes.byref(count))
        return _string_list(ptr, count.value)

    def describe_group(self, group):
        """The group's description (state, members, committed offsets) as a dict."""
        ptr = ctypes.c_void_p()
        self._call(self._lib.chronik_group_describe, _enc(group, "group"), ctypes.byref(ptr))
        try:
            return json.loads(ctypes.string_at(ptr.value).decode())
        finally:
            self._lib.chronik_free(ptr)

    def delete_group(self, group):
        """Deletes a group without members and its committed offsets."""
        self._call(self._lib.chronik_group_delete, _enc(group, "group"))

    # -- vector search -------------------------------------------------------

    def _vector_json(self, fn, *args):
        if not _lib.has(fn):
            raise make_error(-210, "this libchronik has no vector search")
        ptr = ctypes.c_void_p()
        self._call(getattr(self._lib, fn), *args, ctypes.byref(ptr))
        try:
            return json.loads(ctypes.string_at(ptr.value).decode())
        finally:
            self._lib.chronik_free(ptr)

    def vector_search(self, topic, query=None, vector=None, k=10, ef_search=None, filter=None, source=True,
                      request=None):
        """k-NN search on a vector-enabled topic.  Give the text `query` (embedded by the
        topic's provider) or a `vector`; `filter` restricts _partition/_offset/_timestamp
        ({"_offset": {"gte": 10}}).  `request` (a dict) is sent as is instead.  Returns the
        Elasticsearch-shaped answer as a dict (answer["hits"]["hits"])."""
        if request is None:
            request = {"k": k, "_source": bool(source)}
            if query is not None:
                request["query"] = query
            if vector is not None:
                request["vector"] = [float(x) for x in vector]
            if ef_search is not None:
                request["ef_search"] = ef_search
            if filter:
                request["filter"] = filter
        return self._vector_json("chronik_vector_search", _enc(topic, "topic"), _enc(json.dumps(request), "request"))

    def vector_stats(self, topic):
        """The topic's vector index state: vectors, pending, per-partition progress, provider errors."""
        return self._vector_json("chronik_vector_stats", _enc(topic, "topic"))

    def set_embedder(self, fn):
        """Registers fn(topic, texts) -> list of vectors (each vector.dimensions floats) as the
        embedder of topics with vector.provider="callback"; None removes it.  fn runs on the
        engine's threads; an exception (or a wrong shape) counts as a failure: the topic's
        records are offered again later, none is skipped."""
        if not _lib.has("chronik_vector_set_embedder"):
            raise make_error(-210, "this libchronik has no vector search")
        if fn is None:
            self._call(self._lib.chronik_vector_set_embedder, _lib.EMBED_CB(), None)
            self._embedder = None
            return

        def trampoline(_opaque, topic, texts, lens, count, dims, out):
            try:
                items = [ctypes.string_at(texts[i], lens[i]).decode("utf-8", "replace") for i in range(count)]
                vecs = fn(topic.decode(errors="replace"), items)
                if len(vecs) != count:
                    return 1
                for i, v in enumerate(vecs):
                    if len(v) != dims:
                        return 1
                    base = i * dims
                    for j, x in enumerate(v):
                        out[base + j] = float(x)
                return 0
            except BaseException:  # noqa: BLE001 - any failure is the embedder's failure
                return 1

        cb = _lib.EMBED_CB(trampoline)
        self._call(self._lib.chronik_vector_set_embedder, cb, None)
        self._embedder = cb  # kept alive while registered

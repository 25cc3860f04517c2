// Package chronik embeds libchronik, a durable, Kafka-wire-compatible
// streaming engine, in a Go program through cgo.
//
// An Engine is safe for concurrent use by many goroutines.  Byte slices
// passed in are copied into C memory for the duration of a call, and records
// returned by Fetch are copied out of C memory before the C fetch result is
// freed, so no Go pointer is ever kept by C and no C pointer escapes to Go.
// Errors are *Error values wrapping the C error code (an ErrCode), so
// errors.Is(err, chronik.ErrUnknownTopicOrPartition) works.
package chronik

/*
#cgo pkg-config: libchronik
#include <stdlib.h>
#include <string.h>
#include "chronik.h"

static chronik_record_t *ck_go_records(size_t n) { return calloc(n ? n : 1, sizeof(chronik_record_t)); }
static chronik_header_t *ck_go_headers(size_t n) { return calloc(n ? n : 1, sizeof(chronik_header_t)); }
static chronik_header_t *ck_go_header_at(const chronik_header_t *h, size_t i) { return (chronik_header_t *)&h[i]; }
static const char *ck_go_nth(const char *names, size_t i) {
	const char *p = names;
	while (i--) p += strlen(p) + 1;
	return p;
}
*/
import "C"

import (
	"runtime"
	"sync"
	"unsafe"
)

// Header is one record header; a nil Value is a null value.
type Header struct {
	Key   string
	Value []byte
}

// Record is one record.  A nil Key or Value is null; an empty non-nil slice is empty.
// Timestamp is in ms since the epoch (-1 on produce: now).  Offset is set by Fetch.
type Record struct {
	Offset    int64
	Timestamp int64
	Key       []byte
	Value     []byte
	Headers   []Header
}

// Compression codecs for ProduceOpts.
const (
	CompressionNone   = 0
	CompressionGzip   = 1
	CompressionSnappy = 2
	CompressionLz4    = 3
	CompressionZstd   = 4
)

// Engine is an open libchronik engine.
type Engine struct {
	mu sync.RWMutex // read-held by every call; write-held by Close
	h  *C.chronik_t
}

// Version returns the library's version string.
func Version() string { return C.GoString(C.chronik_version()) }

// Open opens (creating if needed) the engine in dataDir.  config holds
// engine settings by their Kafka-style names ("flush.policy": "os").
func Open(dataDir string, config map[string]string) (*Engine, error) {
	conf := C.chronik_conf_new()
	if conf == nil {
		return nil, newError(C.CHRONIK_ERR_NOMEM, "chronik_conf_new failed")
	}
	defer C.chronik_conf_free(conf)
	var errbuf [1024]C.char
	set := func(k, v string) error {
		ck, cv := C.CString(k), C.CString(v)
		defer C.free(unsafe.Pointer(ck))
		defer C.free(unsafe.Pointer(cv))
		if rc := C.chronik_conf_set(conf, ck, cv, &errbuf[0], C.size_t(len(errbuf))); rc != 0 {
			return newError(rc, C.GoString(&errbuf[0]))
		}
		return nil
	}
	if err := set("data.dir", dataDir); err != nil {
		return nil, err
	}
	for k, v := range config {
		if err := set(k, v); err != nil {
			return nil, err
		}
	}
	var h *C.chronik_t
	if rc := C.chronik_open(conf, &h, &errbuf[0], C.size_t(len(errbuf))); rc != 0 {
		return nil, newError(rc, C.GoString(&errbuf[0]))
	}
	return &Engine{h: h}, nil
}

// Close stops the listeners, waits for calls in flight, flushes and frees
// the engine.  Calling it again does nothing; later calls return ErrClosed.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.h != nil {
		C.chronik_close(e.h)
		e.h = nil
	}
	return nil
}

// call runs fn with the engine handle on one locked OS thread, so that the
// per-thread chronik_errmsg read after a failure belongs to this call.
func (e *Engine) call(fn func(h *C.chronik_t) C.chronik_err_t) error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.h == nil {
		return newError(C.CHRONIK_ERR_CLOSED, "engine is closed")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if rc := fn(e.h); rc != 0 {
		return newError(rc, C.GoString(C.chronik_errmsg(e.h)))
	}
	return nil
}

// CreateTopic creates topic with the given partitions; configs holds topic
// settings ("retention.ms": "60000"), may be nil.
func (e *Engine) CreateTopic(topic string, partitions int32, configs map[string]string) error {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	var arr **C.char
	if len(configs) > 0 {
		n := 2*len(configs) + 1
		arr = (**C.char)(C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof((*C.char)(nil)))))
		items := unsafe.Slice(arr, n)
		i := 0
		for k, v := range configs {
			items[i], items[i+1] = C.CString(k), C.CString(v)
			i += 2
		}
		defer func() {
			for _, p := range items {
				C.free(unsafe.Pointer(p))
			}
			C.free(unsafe.Pointer(arr))
		}()
	}
	return e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_topic_create(h, ct, C.int32_t(partitions), arr)
	})
}

// DeleteTopic deletes topic and its data.
func (e *Engine) DeleteTopic(topic string) error {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	return e.call(func(h *C.chronik_t) C.chronik_err_t { return C.chronik_topic_delete(h, ct) })
}

// Topics returns the topic names.
func (e *Engine) Topics() ([]string, error) {
	var names *C.char
	var count C.size_t
	err := e.call(func(h *C.chronik_t) C.chronik_err_t { return C.chronik_topic_list(h, &names, &count) })
	if err != nil {
		return nil, err
	}
	defer C.chronik_free(unsafe.Pointer(names))
	out := make([]string, 0, int(count))
	for i := 0; i < int(count); i++ {
		out = append(out, C.GoString(C.ck_go_nth(names, C.size_t(i))))
	}
	return out, nil
}

// Partitions returns the topic's partition count.
func (e *Engine) Partitions(topic string) (int32, error) {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	var n C.int32_t
	err := e.call(func(h *C.chronik_t) C.chronik_err_t { return C.chronik_topic_partitions(h, ct, &n) })
	return int32(n), err
}

// cbytes copies b into C memory; nil stays NULL (a null key or value).
func cbytes(b []byte) unsafe.Pointer {
	if b == nil {
		return nil
	}
	p := C.malloc(C.size_t(len(b)) + 1)
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	return p
}

// ProduceOpts are the options of Produce2.
type ProduceOpts struct {
	Compression int32 // Compression* constant
}

// Produce appends records to topic/partition as one batch (partition -1:
// by key hash, else round robin) and returns the first record's offset
// once durable per flush.policy.
func (e *Engine) Produce(topic string, partition int32, records []Record) (int64, error) {
	_, off, err := e.Produce2(topic, partition, records, ProduceOpts{})
	return off, err
}

// Produce2 is Produce with options; it also returns the partition written.
func (e *Engine) Produce2(topic string, partition int32, records []Record, opts ProduceOpts) (int32, int64, error) {
	if len(records) == 0 {
		return -1, -1, newError(C.CHRONIK_ERR_INVALID_ARG, "no records to produce")
	}
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	crecs := C.ck_go_records(C.size_t(len(records)))
	var allocs []unsafe.Pointer
	defer func() {
		for _, p := range allocs {
			C.free(p)
		}
		C.free(unsafe.Pointer(crecs))
	}()
	cs := unsafe.Slice(crecs, len(records))
	for i := range records {
		r := &records[i]
		c := &cs[i]
		c.key, c.key_len = cbytes(r.Key), C.size_t(len(r.Key))
		c.value, c.value_len = cbytes(r.Value), C.size_t(len(r.Value))
		allocs = append(allocs, c.key, c.value)
		c.timestamp = C.int64_t(r.Timestamp)
		if r.Timestamp == 0 {
			c.timestamp = -1
		}
		if len(r.Headers) > 0 {
			hs := C.ck_go_headers(C.size_t(len(r.Headers)))
			allocs = append(allocs, unsafe.Pointer(hs))
			for j, hd := range r.Headers {
				ch := C.ck_go_header_at(hs, C.size_t(j))
				ch.key = C.CString(hd.Key)
				ch.value, ch.value_len = cbytes(hd.Value), C.size_t(len(hd.Value))
				allocs = append(allocs, unsafe.Pointer(ch.key), ch.value)
			}
			c.headers, c.header_count = hs, C.size_t(len(r.Headers))
		}
	}
	copts := C.chronik_produce_opts_t{compression: C.int32_t(opts.Compression), partition_out: -1}
	var base C.int64_t = -1
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_produce_with_options(h, ct, C.int32_t(partition), crecs, C.size_t(len(records)), &copts, &base)
	})
	return int32(copts.partition_out), int64(base), err
}

// Fetch returns the records of topic/partition from offset on: about
// maxBytes of batches (at least one), waiting up to timeoutMs for data when
// there is none yet.  Keys, values and headers are copies owned by Go.
func (e *Engine) Fetch(topic string, partition int32, offset int64, maxBytes int, timeoutMs int) ([]Record, error) {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	var out []Record
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		var f *C.chronik_fetch_t
		rc := C.chronik_fetch(h, ct, C.int32_t(partition), C.int64_t(offset), C.size_t(maxBytes), C.int(timeoutMs), &f)
		if rc != 0 {
			return rc
		}
		defer C.chronik_fetch_free(f)
		var rec C.chronik_record_t
		var off C.int64_t
		for C.chronik_fetch_next(f, &rec, &off) != 0 {
			r := Record{Offset: int64(off), Timestamp: int64(rec.timestamp)}
			if rec.key != nil {
				r.Key = C.GoBytes(rec.key, C.int(rec.key_len))
			}
			if rec.value != nil {
				r.Value = C.GoBytes(rec.value, C.int(rec.value_len))
			}
			for j := 0; j < int(rec.header_count); j++ {
				ch := C.ck_go_header_at(rec.headers, C.size_t(j))
				hd := Header{Key: C.GoString(ch.key)}
				if ch.value != nil {
					hd.Value = C.GoBytes(ch.value, C.int(ch.value_len))
				}
				r.Headers = append(r.Headers, hd)
			}
			out = append(out, r)
		}
		return 0
	})
	return out, err
}

// Offsets returns the partition's log start offset and high watermark.
func (e *Engine) Offsets(topic string, partition int32) (logStart int64, highWatermark int64, err error) {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	var s, hw C.int64_t
	err = e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_offsets(h, ct, C.int32_t(partition), &s, &hw)
	})
	return int64(s), int64(hw), err
}

// OffsetForTime returns the first offset with a timestamp >= timestampMs (or
// the high watermark); -2 means earliest, -1 latest.
func (e *Engine) OffsetForTime(topic string, partition int32, timestampMs int64) (int64, error) {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	var off C.int64_t
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_offset_for_time(h, ct, C.int32_t(partition), C.int64_t(timestampMs), &off)
	})
	return int64(off), err
}

// DeleteRecords advances the log start offset to beforeOffset (-1: the high watermark).
func (e *Engine) DeleteRecords(topic string, partition int32, beforeOffset int64) error {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	return e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_delete_records(h, ct, C.int32_t(partition), C.int64_t(beforeOffset))
	})
}

// KafkaListen starts the Kafka protocol listener on hostPort ("127.0.0.1:0"
// picks a free port) and returns the bound port.
func (e *Engine) KafkaListen(hostPort string) (int, error) {
	chp := C.CString(hostPort)
	defer C.free(unsafe.Pointer(chp))
	var port C.int
	err := e.call(func(h *C.chronik_t) C.chronik_err_t { return C.chronik_kafka_listen(h, chp, &port) })
	return int(port), err
}

// SQL runs one read-only SQL statement and returns the whole result as the
// JSON document chronik_sql_json produces ({"columns", "rows", ...}).
func (e *Engine) SQL(query string, maxRows int64) ([]byte, error) {
	cq := C.CString(query)
	defer C.free(unsafe.Pointer(cq))
	var js *C.char
	var n C.size_t
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_sql_json(h, cq, nil, 0, C.int64_t(maxRows), &js, &n)
	})
	if err != nil {
		return nil, err
	}
	defer C.chronik_free(unsafe.Pointer(js))
	return C.GoBytes(unsafe.Pointer(js), C.int(n)), nil
}

// VectorSearch runs one k-NN search on a vector-enabled topic.  request is
// the JSON request ({"query": "text"} or {"vector": [...]}, "k", "ef_search",
// "filter", "_source"); the answer is the Elasticsearch-shaped JSON document
// of chronik_vector_search ({"hits": {"hits": [{"_id", "_score", ...}]}}).
func (e *Engine) VectorSearch(topic string, request []byte) ([]byte, error) {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	cr := C.CString(string(request))
	defer C.free(unsafe.Pointer(cr))
	var js *C.char
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_vector_search(h, ct, cr, &js)
	})
	if err != nil {
		return nil, err
	}
	defer C.chronik_free(unsafe.Pointer(js))
	return []byte(C.GoString(js)), nil
}

// VectorStats returns the JSON state of a topic's vector index (vectors,
// pending records, per-partition progress, provider errors).
func (e *Engine) VectorStats(topic string) ([]byte, error) {
	ct := C.CString(topic)
	defer C.free(unsafe.Pointer(ct))
	var js *C.char
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_vector_stats(h, ct, &js)
	})
	if err != nil {
		return nil, err
	}
	defer C.chronik_free(unsafe.Pointer(js))
	return []byte(C.GoString(js)), nil
}

// CommitOffset commits offset (the next to consume) for group on topic/partition.
func (e *Engine) CommitOffset(group, topic string, partition int32, offset int64) error {
	cg, ct := C.CString(group), C.CString(topic)
	defer C.free(unsafe.Pointer(cg))
	defer C.free(unsafe.Pointer(ct))
	return e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_offset_commit(h, cg, ct, C.int32_t(partition), C.int64_t(offset), nil)
	})
}

// CommittedOffset returns group's committed offset of topic/partition, or -1.
func (e *Engine) CommittedOffset(group, topic string, partition int32) (int64, error) {
	cg, ct := C.CString(group), C.CString(topic)
	defer C.free(unsafe.Pointer(cg))
	defer C.free(unsafe.Pointer(ct))
	var off C.int64_t
	err := e.call(func(h *C.chronik_t) C.chronik_err_t {
		return C.chronik_offset_fetch(h, cg, ct, C.int32_t(partition), &off)
	})
	return int64(off), err
}

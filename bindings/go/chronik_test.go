package chronik

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func openTest(t *testing.T) *Engine {
	t.Helper()
	e, err := Open(t.TempDir(), map[string]string{"flush.policy": "os", "log.level": "warn"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestRoundTrip(t *testing.T) {
	e := openTest(t)
	if err := e.CreateTopic("t", 2, nil); err != nil {
		t.Fatal(err)
	}
	recs := []Record{
		{Key: []byte("k0"), Value: []byte("v0"), Timestamp: 1000, Headers: []Header{{"h", []byte("x")}, {"null", nil}}},
		{Key: nil, Value: nil},
		{Key: []byte{}, Value: []byte{}, Timestamp: 2000},
	}
	off, err := e.Produce("t", 0, recs)
	if err != nil || off != 0 {
		t.Fatalf("produce: %d %v", off, err)
	}
	got, err := e.Fetch("t", 0, 0, 1<<20, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("fetched %d records", len(got))
	}
	if string(got[0].Key) != "k0" || string(got[0].Value) != "v0" || got[0].Timestamp != 1000 || got[0].Offset != 0 {
		t.Fatalf("record 0: %+v", got[0])
	}
	if len(got[0].Headers) != 2 || got[0].Headers[0].Key != "h" || string(got[0].Headers[0].Value) != "x" ||
		got[0].Headers[1].Value != nil {
		t.Fatalf("headers: %+v", got[0].Headers)
	}
	if got[1].Key != nil || got[1].Value != nil || got[1].Timestamp <= 0 {
		t.Fatalf("null record: %+v", got[1])
	}
	if got[2].Key == nil || len(got[2].Key) != 0 || got[2].Value == nil || got[2].Offset != 2 {
		t.Fatalf("empty record: %+v", got[2])
	}
	start, hw, err := e.Offsets("t", 0)
	if err != nil || start != 0 || hw != 3 {
		t.Fatalf("offsets %d %d %v", start, hw, err)
	}
	if o, err := e.OffsetForTime("t", 0, 1500); err != nil || o != 1 {
		t.Fatalf("offset for time: %d %v", o, err)
	}
	part, base, err := e.Produce2("t", -1, []Record{{Key: []byte("a"), Value: bytes.Repeat([]byte("z"), 10000)}},
		ProduceOpts{Compression: CompressionZstd})
	if err != nil || part < 0 || base != map[int32]int64{0: 3, 1: 0}[part] {
		t.Fatalf("produce with options: %d %d %v", part, base, err)
	}
	got, err = e.Fetch("t", part, base, 1<<20, 0)
	if err != nil || len(got) != 1 || len(got[0].Value) != 10000 {
		t.Fatalf("compressed fetch: %v %v", len(got), err)
	}
	topics, err := e.Topics()
	if err != nil || len(topics) != 1 || topics[0] != "t" {
		t.Fatalf("topics %v %v", topics, err)
	}
	if n, err := e.Partitions("t"); err != nil || n != 2 {
		t.Fatalf("partitions %d %v", n, err)
	}
}

func TestErrors(t *testing.T) {
	e := openTest(t)
	_, err := e.Produce("missing", 0, []Record{{Value: []byte("x")}})
	if !errors.Is(err, ErrUnknownTopicOrPartition) {
		t.Fatalf("want unknown topic, got %v", err)
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != 3 || ce.Message == "" {
		t.Fatalf("errors.As: %#v", err)
	}
	if err := e.CreateTopic("e", 1, map[string]string{"retention.ms": "60000"}); err != nil {
		t.Fatal(err)
	}
	if err := e.CreateTopic("e", 1, nil); !errors.Is(err, ErrTopicAlreadyExists) {
		t.Fatalf("want exists, got %v", err)
	}
	if _, err := e.Fetch("e", 0, 10, 1024, 0); !errors.Is(err, ErrOffsetOutOfRange) {
		t.Fatalf("want out of range, got %v", err)
	}
	if err := e.CreateTopic("bad", 1, map[string]string{"retention.ms": "soon"}); !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("want invalid config, got %v", err)
	}
	if _, err := Open(t.TempDir(), map[string]string{"no.such.key": "1"}); !errors.Is(err, ErrUnknownConfig) {
		t.Fatalf("want unknown config, got %v", err)
	}
	if _, err := e.Produce("e", 0, nil); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("want invalid arg, got %v", err)
	}
	if err := e.DeleteTopic("e"); err != nil {
		t.Fatal(err)
	}
	e.Close()
	e.Close()
	if _, err := e.Topics(); !errors.Is(err, ErrClosed) {
		t.Fatalf("want closed, got %v", err)
	}
}

func TestConcurrentProduce(t *testing.T) {
	e := openTest(t)
	if err := e.CreateTopic("c", 4, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				v := []byte(fmt.Sprintf("%d-%d", g, i))
				if _, err := e.Produce("c", int32(g%4), []Record{{Value: v}}); err != nil {
					errs <- err
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	total := int64(0)
	for p := int32(0); p < 4; p++ {
		_, hw, err := e.Offsets("c", p)
		if err != nil {
			t.Fatal(err)
		}
		total += hw
	}
	if total != 800 {
		t.Fatalf("total %d", total)
	}
}

func TestKafkaListenAndReopen(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(dir, map[string]string{"log.level": "warn"})
	if err != nil {
		t.Fatal(err)
	}
	port, err := e.KafkaListen("127.0.0.1:0")
	if err != nil || port <= 0 {
		t.Fatalf("listen: %d %v", port, err)
	}
	if err := e.CreateTopic("d", 1, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Produce("d", 0, []Record{{Value: []byte("durable")}}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	e, err = Open(dir, map[string]string{"log.level": "warn"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	got, err := e.Fetch("d", 0, 0, 1<<20, 0)
	if err != nil || len(got) != 1 || string(got[0].Value) != "durable" {
		t.Fatalf("after reopen: %v %v", got, err)
	}
}

func TestSearch(t *testing.T) {
	e := openTest(t)
	if err := e.CreateTopic("docs", 1, map[string]string{"searchable.enabled": "true"}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{`{"title":"disk full"}`, `{"title":"network timeout"}`} {
		if _, err := e.Produce("docs", 0, []Record{{Value: []byte(v)}}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := e.Search("docs", []byte(`{"query":{"match":{"title":"disk"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Hits struct {
			Total struct{ Value int } `json:"total"`
			Hits  []struct {
				ID string `json:"_id"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if res.Hits.Total.Value != 1 || len(res.Hits.Hits) != 1 || res.Hits.Hits[0].ID != "docs-0-0" {
		t.Fatalf("unexpected answer %s", out)
	}
	if _, err := e.Search("nope", nil); err == nil {
		t.Fatal("a search of an unknown topic succeeded")
	}
	if _, err := e.Search("docs", []byte(`{"query":{"bogus":{}}}`)); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Fatalf("a malformed query was not refused with its clause: %v", err)
	}
}

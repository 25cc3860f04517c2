package chronik

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestVectorSearch(t *testing.T) {
	e := openTest(t)
	cfg := map[string]string{"vector.enabled": "true", "vector.field": "text"}
	if err := e.CreateTopic("docs", 1, cfg); err != nil {
		t.Fatal(err)
	}
	texts := []string{"the cat sat on the mat", "ships sail the northern sea", "a dog barks at the mailman"}
	for _, s := range texts {
		v, _ := json.Marshal(map[string]string{"text": s})
		if _, err := e.Produce("docs", 0, []Record{{Value: v}}); err != nil {
			t.Fatal(err)
		}
	}
	var ans struct {
		Hits struct {
			Hits []struct {
				ID     string          `json:"_id"`
				Offset int64           `json:"_offset"`
				Score  float64         `json:"_score"`
				Source json.RawMessage `json:"_source"`
			} `json:"hits"`
		} `json:"hits"`
	}
	out, err := e.VectorSearch("docs", []byte(`{"query":"sailing ships at sea","k":2}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &ans); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(ans.Hits.Hits) != 2 || ans.Hits.Hits[0].ID != "docs-0-1" || ans.Hits.Hits[0].Offset != 1 {
		t.Fatalf("hits: %s", out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := e.VectorStats("docs")
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Vectors int64 `json:"vectors"`
			Pending int64 `json:"pending"`
		}
		if err := json.Unmarshal(st, &s); err != nil {
			t.Fatal(err)
		}
		if s.Vectors == 3 && s.Pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not indexed: %s", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := e.VectorSearch("docs", []byte(`{"vector":[1,2]}`)); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("wrong dimensions: %v", err)
	}
	if err := e.CreateTopic("plain", 1, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.VectorSearch("plain", []byte(`{"query":"x"}`)); !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("not vector-enabled: %v", err)
	}
}

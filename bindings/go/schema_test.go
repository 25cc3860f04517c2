package chronik

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestSchemaRegistry(t *testing.T) {
	e := openTest(t)
	v1 := []byte(`{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}"}`)
	v2 := []byte(`{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}"}`)
	id, err := e.SchemaRegister("t-value", v1)
	if err != nil || id != 1 {
		t.Fatalf("register: %d %v", id, err)
	}
	if id, err = e.SchemaRegister("t-value", v2); err != nil || id != 2 {
		t.Fatalf("register v2: %d %v", id, err)
	}
	bad := []byte(`{"schema":"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"z\",\"type\":\"int\"}]}"}`)
	if _, err := e.SchemaRegister("t-value", bad); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("incompatible schema: %v", err)
	}
	out, err := e.SchemaGet("t-value", -1)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Subject string `json:"subject"`
		Version int    `json:"version"`
		ID      int    `json:"id"`
		Schema  string `json:"schema"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version != 2 || v.ID != 2 || v.Subject != "t-value" {
		t.Fatalf("latest: %s %v", out, err)
	}
	if out, err = e.SchemaGet("", 1); err != nil || !json.Valid(out) {
		t.Fatalf("by id: %s %v", out, err)
	}
	if _, err := e.SchemaGet("missing", 1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing subject: %v", err)
	}
}

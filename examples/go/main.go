// A small program embedding libchronik from Go: it opens an engine in a data
// directory, starts a Kafka listener on a free port, produces a few records
// and reads them back.  Usage: go run . [data-dir]
package main

import (
	"fmt"
	"os"

	"chronik"
)

func run(dir string) error {
	eng, err := chronik.Open(dir, map[string]string{"flush.policy": "os", "log.level": "warn"})
	if err != nil {
		return err
	}
	defer eng.Close()
	port, err := eng.KafkaListen("127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("Kafka clients can connect to 127.0.0.1:%d\n", port)
	if err := eng.CreateTopic("greetings", 1, nil); err != nil && !chronik.IsCode(err, chronik.ErrTopicAlreadyExists) {
		return err
	}
	base, err := eng.Produce("greetings", 0, []chronik.Record{
		{Key: []byte("en"), Value: []byte("hello")},
		{Key: []byte("fr"), Value: []byte("bonjour")},
		{Key: []byte("de"), Value: []byte("hallo"), Headers: []chronik.Header{{Key: "lang", Value: []byte("de")}}},
	})
	if err != nil {
		return err
	}
	recs, err := eng.Fetch("greetings", 0, base, 1<<20, 1000)
	if err != nil {
		return err
	}
	for _, r := range recs {
		fmt.Printf("%d: %s=%s\n", r.Offset, r.Key, r.Value)
	}
	if len(recs) != 3 {
		return fmt.Errorf("read back %d records, want 3", len(recs))
	}
	return nil
}

func main() {
	dir := "./example-data"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "example:", err)
		os.Exit(1)
	}
}

//go:build sarama

// Produces with sarama (a real Kafka client) through the engine's Kafka
// listener and reads the records back both through sarama and through
// Engine.Fetch.  Built with -tags sarama, in GOPATH mode with Debian's
// golang-github-shopify-sarama-dev on GOPATH.
package chronik

import (
	"fmt"
	"testing"
	"time"

	"github.com/Shopify/sarama"
)

func TestSaramaThroughEmbeddedListener(t *testing.T) {
	e := openTest(t)
	port, err := e.KafkaListen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.CreateTopic("sarama", 1, nil); err != nil {
		t.Fatal(err)
	}
	brokers := []string{fmt.Sprintf("127.0.0.1:%d", port)}
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V2_1_0_0
	cfg.Producer.Return.Successes = true
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Compression = sarama.CompressionSnappy
	producer, err := sarama.NewSyncProducer(brokers, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		_, off, err := producer.SendMessage(&sarama.ProducerMessage{
			Topic:   "sarama",
			Key:     sarama.StringEncoder(fmt.Sprintf("k%d", i)),
			Value:   sarama.StringEncoder(fmt.Sprintf("v%d", i)),
			Headers: []sarama.RecordHeader{{Key: []byte("h"), Value: []byte("x")}},
		})
		if err != nil || off != int64(i) {
			t.Fatalf("send %d: offset %d, %v", i, off, err)
		}
	}
	if err := producer.Close(); err != nil {
		t.Fatal(err)
	}

	recs, err := e.Fetch("sarama", 0, 0, 1<<20, 0)
	if err != nil || len(recs) != 20 {
		t.Fatalf("engine fetch: %d records, %v", len(recs), err)
	}
	for i, r := range recs {
		if string(r.Key) != fmt.Sprintf("k%d", i) || string(r.Value) != fmt.Sprintf("v%d", i) ||
			len(r.Headers) != 1 || r.Headers[0].Key != "h" {
			t.Fatalf("record %d: %+v", i, r)
		}
	}

	consumer, err := sarama.NewConsumer(brokers, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer consumer.Close()
	pc, err := consumer.ConsumePartition("sarama", 0, sarama.OffsetOldest)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	for i := 0; i < 20; i++ {
		select {
		case m := <-pc.Messages():
			if string(m.Value) != fmt.Sprintf("v%d", i) || m.Offset != int64(i) {
				t.Fatalf("consumed %d: %s at %d", i, m.Value, m.Offset)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("timed out waiting for message %d", i)
		}
	}
}

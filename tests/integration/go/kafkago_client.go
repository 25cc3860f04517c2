// kafkago_client: segmentio's kafka-go (Debian's golang-github-segmentio-
// kafka-go-dev, 0.2.x) against chronik-server.  It creates a topic of
// -partitions partitions (CreateTopics v0), writes -n keyed messages with a
// Writer, then reads them back with a Reader that joins consumer group
// -group (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, OffsetFetch,
// Fetch) and commits every message synchronously (OffsetCommit).  It then
// writes -more messages and reads them with a second Reader of the same
// group, which must start from the committed offsets: exactly the new
// messages arrive.  Prints "ok <n+more>" on success, exits 1 otherwise.
//
// Built by tests/integration/test_kafka_go.py in GOPATH mode against
// /usr/share/gocode (no modules, no network).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	kafka "github.com/segmentio/kafka-go"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// write produces values[first..first+n) with keys, through a Writer.
func write(ctx context.Context, brokers []string, topic string, first, n int) {
	w := kafka.NewWriter(kafka.WriterConfig{
		Brokers:      brokers,
		Topic:        topic,
		Balancer:     &kafka.Hash{},
		BatchSize:    50,
		BatchTimeout: 10 * time.Millisecond,
	})
	msgs := make([]kafka.Message, 0, n)
	for i := first; i < first+n; i++ {
		msgs = append(msgs, kafka.Message{Key: []byte(fmt.Sprintf("key-%d", i)), Value: []byte(fmt.Sprintf("value-%d", i))})
	}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		fail("write: %v", err)
	}
	if err := w.Close(); err != nil {
		fail("writer close: %v", err)
	}
}

// consume reads with a group Reader until want distinct values arrived,
// committing each message; any value outside [first, first+want) fails.
func consume(ctx context.Context, brokers []string, topic, group string, first, want int) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:           brokers,
		GroupID:           group,
		Topic:             topic,
		MinBytes:          1,
		MaxBytes:          1 << 20,
		MaxWait:           200 * time.Millisecond,
		HeartbeatInterval: time.Second,
		SessionTimeout:    10 * time.Second,
		RebalanceTimeout:  10 * time.Second,
	})
	seen := make(map[string]bool)
	for len(seen) < want {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			fail("fetch after %d of %d: %v", len(seen), want, err)
		}
		v := string(m.Value)
		var i int
		if _, err := fmt.Sscanf(v, "value-%d", &i); err != nil || i < first || i >= first+want {
			fail("unexpected message %q at %d/%d", v, m.Partition, m.Offset)
		}
		if string(m.Key) != strings.Replace(v, "value", "key", 1) {
			fail("message %q has key %q", v, m.Key)
		}
		if seen[v] {
			fail("message %q read twice (%d/%d)", v, m.Partition, m.Offset)
		}
		seen[v] = true
		if err := r.CommitMessages(ctx, m); err != nil {
			fail("commit %d/%d: %v", m.Partition, m.Offset, err)
		}
	}
	if err := r.Close(); err != nil {
		fail("reader close: %v", err)
	}
}

func main() {
	broker := flag.String("brokers", "127.0.0.1:9092", "bootstrap broker")
	topic := flag.String("topic", "kafkago", "topic")
	group := flag.String("group", "kafkago-group", "consumer group")
	partitions := flag.Int("partitions", 3, "partitions of the topic")
	n := flag.Int("n", 500, "messages before the first group read")
	more := flag.Int("more", 100, "messages read by the second reader")
	timeout := flag.Duration("timeout", 90*time.Second, "overall deadline")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	brokers := []string{*broker}

	conn, err := kafka.DialContext(ctx, "tcp", *broker)
	if err != nil {
		fail("dial: %v", err)
	}
	if err := conn.CreateTopics(kafka.TopicConfig{Topic: *topic, NumPartitions: *partitions, ReplicationFactor: 1}); err != nil {
		fail("create topic: %v", err)
	}
	parts, err := conn.ReadPartitions(*topic)
	if err != nil || len(parts) != *partitions {
		fail("read partitions: %v (%d partitions)", err, len(parts))
	}
	conn.Close()

	write(ctx, brokers, *topic, 0, *n)
	consume(ctx, brokers, *topic, *group, 0, *n)
	fmt.Printf("group read %d\n", *n)

	// The group's commits hold: a new member starts after them.
	write(ctx, brokers, *topic, *n, *more)
	consume(ctx, brokers, *topic, *group, *n, *more)
	fmt.Printf("ok %d\n", *n+*more)
}

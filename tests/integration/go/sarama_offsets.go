// sarama_offsets commits offsets with metadata to a chronik-server and reads
// them back, checking that the metadata comes back byte for byte (NUL bytes
// included), for tests/integration/test_commit_metadata.py:
//
//  1. with raw OffsetCommit requests of every version sarama speaks (0-4)
//     and OffsetFetch requests of every version (0-5), to the group's
//     coordinator;
//  2. with sarama's OffsetManager (MarkOffset with metadata, committed on
//     Close), read back by a second OffsetManager's NextOffset.
//
// The topic must exist with at least 3 partitions.  It prints "ok" and
// exits 0 on success; anything else exits 1.
//
//	sarama_offsets -brokers 127.0.0.1:9092 -topic t -group g
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/Shopify/sarama"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "sarama_offsets: "+format+"\n", args...)
	os.Exit(1)
}

var metadatas = []string{"Hello\x00world!", "metadata\x00", "", "\x00\x00\x00"}

func newClient(brokers, version string) sarama.Client {
	ver, err := sarama.ParseKafkaVersion(version)
	if err != nil {
		fail("bad version %s: %v", version, err)
	}
	cfg := sarama.NewConfig()
	cfg.ClientID = "chronik-sarama-offsets"
	cfg.Version = ver
	cfg.Net.DialTimeout = 10 * time.Second
	cfg.Net.ReadTimeout = 20 * time.Second
	cfg.Net.WriteTimeout = 10 * time.Second
	cfg.Metadata.Retry.Max = 10
	cfg.Metadata.Retry.Backoff = 200 * time.Millisecond
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	client, err := sarama.NewClient([]string{brokers}, cfg)
	if err != nil {
		fail("client: %v", err)
	}
	return client
}

// rawRequests commits with OffsetCommit v0-4 and reads back with OffsetFetch v0-5.
func rawRequests(brokers, topic, group string) {
	client := newClient(brokers, "2.1.0")
	defer client.Close()
	coord, err := client.Coordinator(group)
	if err != nil {
		fail("coordinator: %v", err)
	}
	for cv := int16(0); cv <= 4; cv++ {
		part := int32(cv % 3)
		md := metadatas[int(cv)%len(metadatas)]
		off := int64(100 + cv)
		req := &sarama.OffsetCommitRequest{Version: cv, ConsumerGroup: group,
			ConsumerGroupGeneration: sarama.GroupGenerationUndefined, ConsumerID: "", RetentionTime: -1}
		req.AddBlock(topic, part, off, -1, md)
		resp, err := coord.CommitOffset(req)
		if err != nil {
			fail("OffsetCommit v%d: %v", cv, err)
		}
		if kerr := resp.Errors[topic][part]; kerr != sarama.ErrNoError {
			fail("OffsetCommit v%d partition %d: %v", cv, part, kerr)
		}
		for fv := int16(0); fv <= 5; fv++ {
			freq := &sarama.OffsetFetchRequest{Version: fv, ConsumerGroup: group}
			freq.AddPartition(topic, part)
			fresp, err := coord.FetchOffset(freq)
			if err != nil {
				fail("OffsetFetch v%d: %v", fv, err)
			}
			b := fresp.GetBlock(topic, part)
			if b == nil || b.Err != sarama.ErrNoError {
				fail("OffsetFetch v%d after OffsetCommit v%d: no block or error %v", fv, cv, b)
			}
			if b.Offset != off || b.Metadata != md {
				fail("OffsetFetch v%d after OffsetCommit v%d: offset %d metadata %q, want %d %q",
					fv, cv, b.Offset, b.Metadata, off, md)
			}
		}
	}
}

// offsetManager commits through sarama's OffsetManager and reads back with a new one.
func offsetManager(brokers, topic, group string) {
	const off = int64(42)
	md := metadatas[0]
	client := newClient(brokers, "2.1.0")
	defer client.Close()
	om, err := sarama.NewOffsetManagerFromClient(group+"-om", client)
	if err != nil {
		fail("offset manager: %v", err)
	}
	pom, err := om.ManagePartition(topic, 1)
	if err != nil {
		fail("manage partition: %v", err)
	}
	pom.MarkOffset(off, md)
	if err := pom.Close(); err != nil {
		fail("partition offset manager close: %v", err)
	}
	if err := om.Close(); err != nil {
		fail("offset manager close: %v", err)
	}
	om2, err := sarama.NewOffsetManagerFromClient(group+"-om", client)
	if err != nil {
		fail("second offset manager: %v", err)
	}
	defer om2.Close()
	pom2, err := om2.ManagePartition(topic, 1)
	if err != nil {
		fail("second manage partition: %v", err)
	}
	defer pom2.Close()
	gotOff, gotMd := pom2.NextOffset()
	if gotOff != off || gotMd != md {
		fail("OffsetManager read back offset %d metadata %q, want %d %q", gotOff, gotMd, off, md)
	}
}

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap broker")
	topic := flag.String("topic", "sarama", "topic (3 partitions or more)")
	group := flag.String("group", "sarama-offsets", "consumer group")
	timeout := flag.Duration("timeout", 60*time.Second, "overall deadline")
	flag.Parse()

	time.AfterFunc(*timeout, func() { fail("timed out after %s", *timeout) })
	rawRequests(*brokers, *topic, *group)
	offsetManager(*brokers, *topic, *group)
	fmt.Println("ok")
}

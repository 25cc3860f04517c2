// sarama_group consumes a topic as a member of a consumer group with
// sarama's ConsumerGroup API (JoinGroup/SyncGroup/Heartbeat/OffsetFetch/
// OffsetCommit/LeaveGroup), marks every message it sees so that the offset
// manager commits it, and stops once it has seen -n distinct messages
// (distinct by partition and offset).  Before it leaves the group it waits
// for more than one commit interval, and the session's release flushes the
// offset manager once more, so the marked offsets are committed when it
// exits.  It then prints, per partition it read, a line
//
//	partition P first F last L count C
//
// (the first and last offset received, the number of distinct messages),
// a line "duplicates D" and finally "consumed N", and exits 0.  Errors and
// the deadline exit 1.
//
//	sarama_group -brokers 127.0.0.1:9092 -topic t -group g -n 3000 -timeout 60s
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "sarama_group: "+format+"\n", args...)
	os.Exit(1)
}

type partStats struct {
	first, last int64
	seen        map[int64]bool
}

type handler struct {
	n    int
	mu   sync.Mutex
	seen int
	dups int
	// parts maps a partition to what was read from it.
	parts    map[int32]*partStats
	done     chan struct{}
	doneOnce sync.Once
}

func (h *handler) Setup(s sarama.ConsumerGroupSession) error {
	fmt.Fprintf(os.Stderr, "sarama_group: joined as %s generation %d claims %v\n",
		s.MemberID(), s.GenerationID(), s.Claims())
	return nil
}

func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for msg := range c.Messages() {
		h.mu.Lock()
		p := h.parts[msg.Partition]
		if p == nil {
			p = &partStats{first: msg.Offset, last: msg.Offset, seen: map[int64]bool{}}
			h.parts[msg.Partition] = p
		}
		if p.seen[msg.Offset] {
			h.dups++
		} else {
			p.seen[msg.Offset] = true
			h.seen++
			if msg.Offset < p.first {
				p.first = msg.Offset
			}
			if msg.Offset > p.last {
				p.last = msg.Offset
			}
		}
		reached := h.seen >= h.n
		h.mu.Unlock()
		s.MarkMessage(msg, "")
		if reached {
			h.doneOnce.Do(func() { close(h.done) })
		}
	}
	return nil
}

// waitCommitted polls the group's committed offsets until every partition
// read has at least the offset after the last message seen (the overall
// -timeout bounds it).
func waitCommitted(brokers, group, topic string, cfg *sarama.Config, h *handler) {
	client, err := sarama.NewClient([]string{brokers}, cfg)
	if err != nil {
		fail("client: %v", err)
	}
	defer client.Close()
	for {
		h.mu.Lock()
		want := map[int32]int64{}
		for p, st := range h.parts {
			want[p] = st.last + 1
		}
		h.mu.Unlock()
		coord, err := client.Coordinator(group)
		if err != nil {
			fail("coordinator: %v", err)
		}
		req := &sarama.OffsetFetchRequest{Version: 1, ConsumerGroup: group}
		for p := range want {
			req.AddPartition(topic, p)
		}
		resp, err := coord.FetchOffset(req)
		if err != nil {
			fail("offset fetch: %v", err)
		}
		done := true
		for p, w := range want {
			b := resp.GetBlock(topic, p)
			if b == nil || b.Err != sarama.ErrNoError || b.Offset < w {
				done = false
			}
		}
		if done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap broker")
	topic := flag.String("topic", "sarama", "topic")
	group := flag.String("group", "sarama-group", "consumer group id")
	n := flag.Int("n", 1000, "distinct messages to consume")
	timeout := flag.Duration("timeout", 60*time.Second, "overall deadline")
	flag.Parse()

	time.AfterFunc(*timeout, func() { fail("timed out after %s", *timeout) })

	cfg := sarama.NewConfig()
	cfg.ClientID = "chronik-sarama-group-test"
	cfg.Version = sarama.V2_1_0_0
	cfg.Net.DialTimeout = 10 * time.Second
	cfg.Net.ReadTimeout = 20 * time.Second
	cfg.Net.WriteTimeout = 10 * time.Second
	cfg.Metadata.Retry.Max = 10
	cfg.Metadata.Retry.Backoff = 200 * time.Millisecond
	cfg.Consumer.Return.Errors = true
	cfg.Consumer.MaxWaitTime = 200 * time.Millisecond
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Offsets.CommitInterval = 100 * time.Millisecond
	cfg.Consumer.Group.Rebalance.Strategy = sarama.BalanceStrategyRange
	cfg.Consumer.Group.Session.Timeout = 10 * time.Second
	cfg.Consumer.Group.Heartbeat.Interval = 1 * time.Second

	cg, err := sarama.NewConsumerGroup([]string{*brokers}, *group, cfg)
	if err != nil {
		fail("new consumer group: %v", err)
	}

	var errMu sync.Mutex
	var groupErrs []error
	errsDone := make(chan struct{})
	go func() {
		defer close(errsDone)
		for e := range cg.Errors() {
			fmt.Fprintf(os.Stderr, "sarama_group: error: %v\n", e)
			errMu.Lock()
			groupErrs = append(groupErrs, e)
			errMu.Unlock()
		}
	}()

	h := &handler{n: *n, parts: map[int32]*partStats{}, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	consumeDone := make(chan error, 1)
	go func() {
		// Consume returns at the end of each session (e.g. a rebalance);
		// rejoin until asked to stop.
		for ctx.Err() == nil {
			if err := cg.Consume(ctx, []string{*topic}, h); err != nil {
				consumeDone <- err
				return
			}
		}
		consumeDone <- nil
	}()

	select {
	case <-h.done:
	case err := <-consumeDone:
		fail("consume ended before %d messages: %v", *n, err)
	}
	// Wait until the offset manager's ticker committed what was marked
	// (releasing the session flushes it once more).
	waitCommitted(*brokers, *group, *topic, cfg, h)
	cancel()
	if err := <-consumeDone; err != nil {
		fail("consume: %v", err)
	}
	if err := cg.Close(); err != nil {
		fail("close: %v", err)
	}
	<-errsDone

	h.mu.Lock()
	ids := make([]int, 0, len(h.parts))
	for p := range h.parts {
		ids = append(ids, int(p))
	}
	sort.Ints(ids)
	for _, id := range ids {
		p := h.parts[int32(id)]
		fmt.Printf("partition %d first %d last %d count %d\n", id, p.first, p.last, len(p.seen))
	}
	fmt.Printf("duplicates %d\n", h.dups)
	fmt.Printf("consumed %d\n", h.seen)
	h.mu.Unlock()
	errMu.Lock()
	nerr := len(groupErrs)
	errMu.Unlock()
	if nerr > 0 {
		fail("%d errors from the consumer group", nerr)
	}
}

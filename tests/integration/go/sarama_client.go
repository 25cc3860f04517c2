// sarama_client produces messages to a chronik-server with sarama's
// SyncProducer and reads them back with a partition consumer, checking that
// keys, values, headers (Kafka >= 0.11 protocol) and offsets come back as
// sent.  It prints "ok <n>" and exits 0 on success; anything else exits 1.
//
//	sarama_client -brokers 127.0.0.1:9092 -topic t -n 1000 -version 2.1.0 -codec gzip
//
// With -sasl-mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), -sasl-user and
// -sasl-password it authenticates with SASL; SCRAM uses the small client
// below (RFC 5802), as sarama leaves SCRAM to its users.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"flag"
	"fmt"
	"hash"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/Shopify/sarama"
)

// scramClient is sarama's SCRAMClient for SCRAM-SHA-256/512.
type scramClient struct {
	h         func() hash.Hash
	user, pw  string
	nonce     string
	cfb       string
	step      int
	serverSig string
}

func hm(h func() hash.Hash, key []byte, msg string) []byte {
	m := hmac.New(h, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func pbkdf2(h func() hash.Hash, pw, salt []byte, iter int) []byte {
	m := hmac.New(h, pw)
	m.Write(salt)
	m.Write([]byte{0, 0, 0, 1})
	u := m.Sum(nil)
	out := append([]byte{}, u...)
	for i := 1; i < iter; i++ {
		m.Reset()
		m.Write(u)
		u = m.Sum(nil)
		for j := range out {
			out[j] ^= u[j]
		}
	}
	return out
}

func (c *scramClient) Begin(user, pw, authz string) error {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	c.user, c.pw, c.nonce = user, pw, base64.StdEncoding.EncodeToString(b)
	return nil
}

func (c *scramClient) Step(challenge string) (string, error) {
	c.step++
	switch c.step {
	case 1:
		c.cfb = "n=" + c.user + ",r=" + c.nonce
		return "n,," + c.cfb, nil
	case 2:
		attrs := map[string]string{}
		for _, kv := range strings.Split(challenge, ",") {
			if len(kv) > 2 {
				attrs[kv[:1]] = kv[2:]
			}
		}
		salt, err := base64.StdEncoding.DecodeString(attrs["s"])
		if err != nil {
			return "", err
		}
		iter, err := strconv.Atoi(attrs["i"])
		if err != nil || !strings.HasPrefix(attrs["r"], c.nonce) {
			return "", fmt.Errorf("bad server-first-message %q", challenge)
		}
		sp := pbkdf2(c.h, []byte(c.pw), salt, iter)
		ck := hm(c.h, sp, "Client Key")
		sh := c.h()
		sh.Write(ck)
		wp := "c=biws,r=" + attrs["r"]
		am := c.cfb + "," + challenge + "," + wp
		sig := hm(c.h, sh.Sum(nil), am)
		for i := range ck {
			ck[i] ^= sig[i]
		}
		c.serverSig = "v=" + base64.StdEncoding.EncodeToString(hm(c.h, hm(c.h, sp, "Server Key"), am))
		return wp + ",p=" + base64.StdEncoding.EncodeToString(ck), nil
	default:
		if challenge != c.serverSig {
			return "", fmt.Errorf("bad server signature %q", challenge)
		}
		return "", nil
	}
}

func (c *scramClient) Done() bool { return c.step >= 3 }

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "sarama_client: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap broker")
	topic := flag.String("topic", "sarama", "topic")
	n := flag.Int("n", 1000, "messages")
	version := flag.String("version", "2.1.0", "Kafka protocol version sarama speaks")
	codec := flag.String("codec", "none", "none, gzip, snappy, lz4, zstd")
	timeout := flag.Duration("timeout", 60*time.Second, "overall deadline")
	saslMech := flag.String("sasl-mechanism", "", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (empty: no SASL)")
	saslUser := flag.String("sasl-user", "", "SASL user")
	saslPassword := flag.String("sasl-password", "", "SASL password")
	flag.Parse()

	time.AfterFunc(*timeout, func() { fail("timed out after %s", *timeout) })

	ver, err := sarama.ParseKafkaVersion(*version)
	if err != nil {
		fail("bad -version: %v", err)
	}
	cfg := sarama.NewConfig()
	cfg.ClientID = "chronik-sarama-test"
	cfg.Version = ver
	cfg.Net.DialTimeout = 10 * time.Second
	cfg.Net.ReadTimeout = 20 * time.Second
	cfg.Net.WriteTimeout = 10 * time.Second
	cfg.Metadata.Retry.Max = 10
	cfg.Metadata.Retry.Backoff = 200 * time.Millisecond
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Successes = true
	cfg.Producer.Retry.Max = 3
	cfg.Producer.Partitioner = sarama.NewManualPartitioner
	if *saslMech != "" {
		cfg.Net.SASL.Enable = true
		cfg.Net.SASL.Handshake = true
		cfg.Net.SASL.User = *saslUser
		cfg.Net.SASL.Password = *saslPassword
		cfg.Net.SASL.Mechanism = sarama.SASLMechanism(*saslMech)
		switch *saslMech {
		case "SCRAM-SHA-256":
			cfg.Net.SASL.SCRAMClientGeneratorFunc = func() sarama.SCRAMClient { return &scramClient{h: sha256.New} }
		case "SCRAM-SHA-512":
			cfg.Net.SASL.SCRAMClientGeneratorFunc = func() sarama.SCRAMClient { return &scramClient{h: sha512.New} }
		}
	}
	switch *codec {
	case "none":
		cfg.Producer.Compression = sarama.CompressionNone
	case "gzip":
		cfg.Producer.Compression = sarama.CompressionGZIP
	case "snappy":
		cfg.Producer.Compression = sarama.CompressionSnappy
	case "lz4":
		cfg.Producer.Compression = sarama.CompressionLZ4
	case "zstd":
		cfg.Producer.Compression = sarama.CompressionZSTD
	default:
		fail("bad -codec %q", *codec)
	}
	cfg.Consumer.Return.Errors = true
	cfg.Consumer.MaxWaitTime = 200 * time.Millisecond
	withHeaders := ver.IsAtLeast(sarama.V0_11_0_0)

	producer, err := sarama.NewSyncProducer([]string{*brokers}, cfg)
	if err != nil {
		fail("producer: %v", err)
	}
	key := func(i int) []byte { return []byte(fmt.Sprintf("key-%d", i)) }
	val := func(i int) []byte { return bytes.Repeat([]byte(fmt.Sprintf("v%06d|", i)), 1+i%20) }
	msgs := make([]*sarama.ProducerMessage, 0, 100)
	for i := 0; i < *n; i++ {
		m := &sarama.ProducerMessage{Topic: *topic, Partition: 0,
			Key: sarama.ByteEncoder(key(i)), Value: sarama.ByteEncoder(val(i))}
		if withHeaders {
			m.Headers = []sarama.RecordHeader{{Key: []byte("idx"), Value: []byte(fmt.Sprint(i))}}
		}
		msgs = append(msgs, m)
		if len(msgs) == cap(msgs) || i == *n-1 {
			if err := producer.SendMessages(msgs); err != nil {
				fail("send: %v", err)
			}
			msgs = msgs[:0]
		}
	}
	if err := producer.Close(); err != nil {
		fail("producer close: %v", err)
	}

	consumer, err := sarama.NewConsumer([]string{*brokers}, cfg)
	if err != nil {
		fail("consumer: %v", err)
	}
	pc, err := consumer.ConsumePartition(*topic, 0, sarama.OffsetOldest)
	if err != nil {
		fail("consume partition: %v", err)
	}
	for i := 0; i < *n; i++ {
		select {
		case m := <-pc.Messages():
			if m.Offset != int64(i) {
				fail("message %d has offset %d", i, m.Offset)
			}
			if !bytes.Equal(m.Key, key(i)) || !bytes.Equal(m.Value, val(i)) {
				fail("message %d differs: key %q value %.40q", i, m.Key, m.Value)
			}
			if withHeaders && (len(m.Headers) != 1 || string(m.Headers[0].Key) != "idx" ||
				string(m.Headers[0].Value) != fmt.Sprint(i)) {
				fail("message %d headers differ: %v", i, m.Headers)
			}
		case e := <-pc.Errors():
			fail("consume: %v", e)
		}
	}
	pc.Close()
	consumer.Close()
	fmt.Printf("ok %d\n", *n)
}

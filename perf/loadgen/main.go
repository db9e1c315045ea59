// loadgen: a lean franz-go producer for measuring a broker's produce throughput without the
// client being the bottleneck on a small machine. It sends -records records of -size bytes
// to -topic (all partitions, round robin) with -acks, pipelining up to -inflight requests per
// broker, and prints MB/s, records/s and publish latency percentiles. With -consume it reads
// -records records of -topic from the beginning instead and prints MB/s. With -e2e-rate R it
// produces R records/s for -duration while a second client consumes them, and prints the
// publish and end-to-end latency percentiles (each value starts with its send time). -tls-ca FILE
// connects over TLS, trusting the PEM certificates in FILE (an SSL listener).
//
//	go run . -brokers 127.0.0.1:9092 -topic perf -records 1000000 -size 1024 -acks all
//	go run . -brokers 127.0.0.1:9093 -tls-ca ca.pem -topic perf -records 1000000 -consume
//	go run . -brokers 127.0.0.1:9092 -topic e2e -e2e-rate 20000 -duration 15s -acks all
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "bootstrap servers")
	topic := flag.String("topic", "perf", "topic")
	records := flag.Int("records", 1000000, "records to send")
	size := flag.Int("size", 1024, "record value bytes")
	acks := flag.String("acks", "all", "all | leader | none")
	linger := flag.Duration("linger", 5*time.Millisecond, "linger")
	batch := flag.Int("batch", 1<<20, "max batch bytes")
	inflight := flag.Int("inflight", 5, "max in-flight produce requests per broker (acks leader/none; idempotent acks=all uses 5)")
	tlsCA := flag.String("tls-ca", "", "PEM file of CA certificates: connect over TLS trusting them")
	consume := flag.Bool("consume", false, "consume -records records from the beginning instead of producing")
	e2eRate := flag.Int("e2e-rate", 0, "records/s: produce at this rate for -duration while a second client consumes, and print end-to-end latency")
	duration := flag.Duration("duration", 15*time.Second, "how long -e2e-rate produces")
	flag.Parse()

	opts := []kgo.Opt{
		kgo.SeedBrokers(*brokers),
		kgo.DefaultProduceTopic(*topic),
		kgo.ProducerLinger(*linger),
		kgo.ProducerBatchMaxBytes(int32(*batch)),
		kgo.MaxBufferedRecords(1 << 20),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.RecordPartitioner(kgo.RoundRobinPartitioner()),
		kgo.AllowAutoTopicCreation(),
	}
	switch *acks {
	case "all":
		opts = append(opts, kgo.RequiredAcks(kgo.AllISRAcks()))
	case "leader":
		opts = append(opts, kgo.RequiredAcks(kgo.LeaderAck()), kgo.DisableIdempotentWrite(), kgo.MaxProduceRequestsInflightPerBroker(*inflight))
	case "none":
		opts = append(opts, kgo.RequiredAcks(kgo.NoAck()), kgo.DisableIdempotentWrite(), kgo.MaxProduceRequestsInflightPerBroker(*inflight))
	default:
		fmt.Fprintln(os.Stderr, "bad -acks")
		os.Exit(2)
	}
	if *tlsCA != "" {
		opts = append(opts, kgo.DialTLSConfig(tlsConfig(*tlsCA)))
	}
	if *e2eRate > 0 {
		endToEnd(opts, *topic, *size, *acks, *e2eRate, *duration)
		return
	}
	if *consume {
		opts = append(opts, kgo.ConsumeTopics(*topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			kgo.FetchMaxBytes(64<<20), kgo.FetchMaxPartitionBytes(16<<20))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer cl.Close()
	if *consume {
		consumeAll(cl, *records)
		return
	}

	value := make([]byte, *size)
	for i := range value {
		value[i] = byte('a' + i%26)
	}
	latencies := make([]time.Duration, *records)
	var wg sync.WaitGroup
	var failed sync.Once
	var firstErr error
	start := time.Now()
	for i := 0; i < *records; i++ {
		wg.Add(1)
		sent := time.Now()
		idx := i
		cl.Produce(context.Background(), &kgo.Record{Value: value}, func(_ *kgo.Record, err error) {
			if err != nil {
				failed.Do(func() { firstErr = err })
			}
			latencies[idx] = time.Since(sent)
			wg.Done()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, "produce failed:", firstErr)
		os.Exit(1)
	}
	pct := percentiles(latencies)
	mb := float64(*records) * float64(*size) / 1e6
	fmt.Printf("records=%d size=%d acks=%s elapsed_s=%.2f throughput_mb_s=%.1f records_per_s=%.0f publish_p50_ms=%.1f p99_ms=%.1f p999_ms=%.1f max_ms=%.1f\n",
		*records, *size, *acks, elapsed.Seconds(), mb/elapsed.Seconds(), float64(*records)/elapsed.Seconds(),
		pct(0.5), pct(0.99), pct(0.999), pct(1))
}

// tlsConfig trusts the PEM certificates in file.
func tlsConfig(file string) *tls.Config {
	pem, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		fmt.Fprintln(os.Stderr, "no certificate in", file)
		os.Exit(1)
	}
	return &tls.Config{RootCAs: roots}
}

// percentiles sorts latencies and returns a function of the p-th percentile in milliseconds.
func percentiles(latencies []time.Duration) func(float64) float64 {
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	return func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
}

// endToEnd produces rate records/s of size bytes to topic for duration, each value starting
// with its send time (Unix ns, 8 bytes), while a second client reads the topic from its start;
// prints the publish (acknowledgement) and end-to-end (send to consumed) percentiles.
func endToEnd(opts []kgo.Opt, topic string, size int, acks string, rate int, duration time.Duration) {
	if size < 8 {
		size = 8
	}
	producer, err := kgo.NewClient(opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer producer.Close()
	// The first record creates the topic, so the consumer finds it at once.
	if err := producer.ProduceSync(context.Background(), &kgo.Record{Value: []byte("warm")}).FirstErr(); err != nil {
		fmt.Fprintln(os.Stderr, "produce failed:", err)
		os.Exit(1)
	}
	consumer, err := kgo.NewClient(append(opts, kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchMaxWait(500*time.Millisecond))...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer consumer.Close()
	total := int(float64(rate) * duration.Seconds())
	e2e := make([]time.Duration, 0, total)
	consumed := make(chan struct{})
	go func() {
		defer close(consumed)
		deadline := time.Now().Add(duration + 30*time.Second)
		for len(e2e) < total && time.Now().Before(deadline) {
			ctx, cancel := context.WithDeadline(context.Background(), deadline)
			fetches := consumer.PollFetches(ctx)
			cancel()
			now := time.Now()
			fetches.EachRecord(func(r *kgo.Record) {
				if len(r.Value) >= 8 {
					sent := int64(binary.BigEndian.Uint64(r.Value))
					e2e = append(e2e, now.Sub(time.Unix(0, sent)))
				}
			})
		}
	}()
	publish := make([]time.Duration, total)
	var wg sync.WaitGroup
	var failed sync.Once
	var firstErr error
	start := time.Now()
	for i := 0; i < total; i++ {
		due := start.Add(time.Duration(float64(i) / float64(rate) * float64(time.Second)))
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		value := make([]byte, size)
		sent := time.Now()
		binary.BigEndian.PutUint64(value, uint64(sent.UnixNano()))
		wg.Add(1)
		idx := i
		producer.Produce(context.Background(), &kgo.Record{Value: value}, func(_ *kgo.Record, err error) {
			if err != nil {
				failed.Do(func() { firstErr = err })
			}
			publish[idx] = time.Since(sent)
			wg.Done()
		})
	}
	wg.Wait()
	<-consumed
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, "produce failed:", firstErr)
		os.Exit(1)
	}
	if len(e2e) < total {
		fmt.Fprintf(os.Stderr, "consumed %d of %d records within 30 s of the end\n", len(e2e), total)
		os.Exit(1)
	}
	pub, end := percentiles(publish), percentiles(e2e)
	fmt.Printf("e2e_rate=%d size=%d acks=%s records=%d publish_p50_ms=%.1f publish_p99_ms=%.1f e2e_p50_ms=%.1f e2e_p99_ms=%.1f e2e_p999_ms=%.1f e2e_max_ms=%.1f\n",
		rate, size, acks, total, pub(0.5), pub(0.99), end(0.5), end(0.99), end(0.999), end(1))
}

// consumeAll polls until n records arrived and prints the throughput of their values.
func consumeAll(cl *kgo.Client, n int) {
	start := time.Now()
	got, bytes := 0, 0
	for got < n {
		fetches := cl.PollFetches(context.Background())
		if errs := fetches.Errors(); len(errs) > 0 {
			fmt.Fprintln(os.Stderr, "fetch failed:", errs[0].Err)
			os.Exit(1)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			got++
			bytes += len(r.Value)
		})
	}
	elapsed := time.Since(start)
	fmt.Printf("consumed=%d bytes=%d elapsed_s=%.2f throughput_mb_s=%.1f records_per_s=%.0f\n",
		got, bytes, elapsed.Seconds(), float64(bytes)/1e6/elapsed.Seconds(), float64(got)/elapsed.Seconds())
}

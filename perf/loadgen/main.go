// loadgen: a lean franz-go producer for measuring a broker's produce throughput without the
// client being the bottleneck on a small machine. It sends -records records of -size bytes
// to -topic (all partitions, round robin) with -acks, pipelining up to -inflight requests per
// broker, and prints MB/s, records/s and publish latency percentiles. With -consume it reads
// -records records of -topic from the beginning instead and prints MB/s. -tls-ca FILE connects
// over TLS, trusting the PEM certificates in FILE (an SSL listener).
//
//	go run . -brokers 127.0.0.1:9092 -topic perf -records 1000000 -size 1024 -acks all
//	go run . -brokers 127.0.0.1:9093 -tls-ca ca.pem -topic perf -records 1000000 -consume
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
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
		pem, err := os.ReadFile(*tlsCA)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			fmt.Fprintln(os.Stderr, "no certificate in", *tlsCA)
			os.Exit(1)
		}
		opts = append(opts, kgo.DialTLSConfig(&tls.Config{RootCAs: roots}))
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
	sort.Slice(latencies, func(a, b int) bool { return latencies[a] < latencies[b] })
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	mb := float64(*records) * float64(*size) / 1e6
	fmt.Printf("records=%d size=%d acks=%s elapsed_s=%.2f throughput_mb_s=%.1f records_per_s=%.0f publish_p50_ms=%.1f p99_ms=%.1f p999_ms=%.1f max_ms=%.1f\n",
		*records, *size, *acks, elapsed.Seconds(), mb/elapsed.Seconds(), float64(*records)/elapsed.Seconds(),
		pct(0.5), pct(0.99), pct(0.999), pct(1))
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

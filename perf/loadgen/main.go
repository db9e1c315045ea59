// loadgen: a lean franz-go producer for measuring a broker's produce throughput without the
// client being the bottleneck on a small machine. It sends -records records of -size bytes
// to -topic (all partitions, round robin) with -acks, pipelining up to -inflight requests per
// broker, and prints MB/s, records/s and publish latency percentiles.
//
//	go run . -brokers 127.0.0.1:9092 -topic perf -records 1000000 -size 1024 -acks all
package main

import (
	"context"
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
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer cl.Close()

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

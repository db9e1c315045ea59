// franz-client: a franz-go (kgo + kadm) test client for Sluice's integration tests.
//
// It speaks the command line shared by every client program under tests/clients (see
// tests/clients/README.md; the flag sets and their parsing are tests/clients/gocli's): produce,
// consume, offsets, admin, group and ctp, printing one whitespace-separated line per fact so the
// Rust tests compare exact values and offsets.
// Consumers read explicit partitions (kgo.ConsumePartitions): no consumer group is used, except
// by `group`, which subscribes as a member of a consumer group.
package main

import (
	"sluice/tests/gocli"

	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// saslFlag registers --sasl MECHANISM:USER:PASSWORD (SCRAM-SHA-256 or SCRAM-SHA-512) on fs;
// the returned function gives the client options it asks for (none when unset).
func saslFlag(fs *flag.FlagSet) func() []kgo.Opt {
	spec := fs.String("sasl", "", "SCRAM-SHA-256|SCRAM-SHA-512:USER:PASSWORD")
	return func() []kgo.Opt {
		if *spec == "" {
			return nil
		}
		parts := strings.SplitN(*spec, ":", 3)
		if len(parts) != 3 {
			gocli.Fail("bad --sasl %q (want MECHANISM:USER:PASSWORD)", *spec)
		}
		auth := scram.Auth{User: parts[1], Pass: parts[2]}
		switch parts[0] {
		case "SCRAM-SHA-256":
			return []kgo.Opt{kgo.SASL(auth.AsSha256Mechanism())}
		case "SCRAM-SHA-512":
			return []kgo.Opt{kgo.SASL(auth.AsSha512Mechanism())}
		}
		gocli.Fail("bad --sasl mechanism %q", parts[0])
		return nil
	}
}

// oneSeed gives --bootstrap back the help it has here: franz-client passes it to
// kgo.SeedBrokers as one address, where sarama-client and kafkago-client split a list.
func oneSeed(fs *flag.FlagSet) { fs.Lookup("bootstrap").Usage = "broker address" }

func main() {
	gocli.Program = "franz-client"
	gocli.Run(map[string]func([]string){
		"produce": produce,
		"consume": consume,
		"offsets": offsets,
		"admin":   admin,
		"group":   group,
		"ctp":     ctp,
	})
}

// spec is a --spec in kgo's terms.
type spec struct {
	acks  kgo.Acks
	codec kgo.CompressionCodec
	count int
}

func parseSpec(s string) spec {
	sp := gocli.ParseSpec(s)
	acks := map[string]kgo.Acks{"all": kgo.AllISRAcks(), "1": kgo.LeaderAck(), "0": kgo.NoAck()}
	codecs := map[string]kgo.CompressionCodec{
		"none": kgo.NoCompression(), "gzip": kgo.GzipCompression(), "snappy": kgo.SnappyCompression(),
		"lz4": kgo.Lz4Compression(), "zstd": kgo.ZstdCompression(),
	}
	return spec{acks: acks[sp.Acks], codec: codecs[sp.Codec], count: sp.Count}
}

func produce(args []string) {
	fs := flag.NewFlagSet("produce", flag.ExitOnError)
	a := gocli.ProduceFlags(fs)
	oneSeed(fs)
	sasl := saslFlag(fs)
	fs.Parse(args)
	global := 0
	for si, s := range a.Specs {
		sp := parseSpec(s)
		opts := []kgo.Opt{
			kgo.SeedBrokers(*a.Bootstrap),
			kgo.RequiredAcks(sp.acks),
			kgo.ProducerBatchCompression(sp.codec),
			kgo.RecordPartitioner(kgo.ManualPartitioner()),
		}
		opts = append(opts, sasl()...)
		// kgo measures the delivery timeout from the record's own timestamp: only bound it when
		// timestamps are "now".
		if *a.TimestampBase < 0 {
			opts = append(opts, kgo.RecordDeliveryTimeout(20*time.Second))
		}
		if sp.acks != kgo.AllISRAcks() {
			opts = append(opts, kgo.DisableIdempotentWrite())
		}
		cl, err := kgo.NewClient(opts...)
		if err != nil {
			gocli.Fail("new client: %v", err)
		}
		for i := 0; i < sp.count; i++ {
			key, value, ts := a.Record(si, i, global)
			global++
			r := &kgo.Record{
				Topic:     *a.Topic,
				Partition: int32(*a.Partition),
				Key:       []byte(key),
				Value:     []byte(value),
			}
			if ts >= 0 {
				r.Timestamp = time.UnixMilli(ts)
			}
			res := cl.ProduceSync(context.Background(), r)
			if err := res.FirstErr(); err != nil {
				gocli.Fail("produce %s: %v", r.Key, err)
			}
			off := r.Offset
			if sp.acks == kgo.NoAck() {
				off = -1
			}
			fmt.Printf("ack %d %d %s %s\n", r.Partition, off, r.Key, r.Value)
		}
		cl.Close()
	}
}

// startAt is a consume --from as a kgo.Offset.
func startAt(from string) kgo.Offset {
	f := gocli.ParseFrom(from)
	switch f.Kind {
	case gocli.FromEarliest:
		return kgo.NewOffset().AtStart()
	case gocli.FromLatest:
		return kgo.NewOffset().AtEnd()
	case gocli.FromOffset:
		return kgo.NewOffset().At(f.N)
	default:
		return kgo.NewOffset().AfterMilli(f.N)
	}
}

func consume(args []string) {
	fs := flag.NewFlagSet("consume", flag.ExitOnError)
	a := gocli.ConsumeFlags(fs)
	oneSeed(fs)
	sasl := saslFlag(fs)
	fs.Parse(args)
	count, timeoutMs := a.Count, a.TimeoutMs
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(*a.Bootstrap),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{
			*a.Topic: {int32(*a.Partition): startAt(*a.From)},
		}),
		kgo.FetchMaxWait(200 * time.Millisecond),
	}, sasl()...)...)
	if err != nil {
		gocli.Fail("new client: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
	defer cancel()
	got := 0
	for got < *count {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			gocli.Fail("timed out after %d of %d records", got, *count)
		}
		for _, e := range fetches.Errors() {
			if !errors.Is(e.Err, context.DeadlineExceeded) {
				gocli.Fail("fetch %s/%d: %v", e.Topic, e.Partition, e.Err)
			}
		}
		fetches.EachRecord(func(r *kgo.Record) {
			if got < *count {
				fmt.Printf("rec %d %d %d %s %s\n", r.Partition, r.Offset, r.Timestamp.UnixMilli(), r.Key, r.Value)
			}
			got++
		})
	}
}

func offsets(args []string) {
	fs := flag.NewFlagSet("offsets", flag.ExitOnError)
	a := gocli.OffsetsFlags(fs)
	fs.Parse(args)
	topic := a.Topic
	adm := newAdmin(*a.Bootstrap)
	defer adm.Close()
	ctx := context.Background()
	p := int32(*a.Partition)
	start, err := adm.ListStartOffsets(ctx, *topic)
	if err != nil {
		gocli.Fail("list start offsets: %v", err)
	}
	end, err := adm.ListEndOffsets(ctx, *topic)
	if err != nil {
		gocli.Fail("list end offsets: %v", err)
	}
	fmt.Printf("earliest %d\n", lookup(start, *topic, p))
	fmt.Printf("latest %d\n", lookup(end, *topic, p))
	for _, s := range a.Stamps {
		ms := gocli.ParseTs(s)
		byTs, err := adm.ListOffsetsAfterMilli(ctx, ms, *topic)
		if err != nil {
			gocli.Fail("list offsets after %d: %v", ms, err)
		}
		fmt.Printf("ts %d %d\n", ms, lookup(byTs, *topic, p))
	}
}

func lookup(l kadm.ListedOffsets, topic string, p int32) int64 {
	o, ok := l.Lookup(topic, p)
	if !ok {
		gocli.Fail("no offset for %s/%d", topic, p)
	}
	if o.Err != nil {
		gocli.Fail("offset for %s/%d: %v", topic, p, o.Err)
	}
	return o.Offset
}

func newAdmin(bootstrap string) *kadm.Client {
	cl, err := kgo.NewClient(kgo.SeedBrokers(bootstrap))
	if err != nil {
		gocli.Fail("new client: %v", err)
	}
	return kadm.NewClient(cl)
}

func admin(args []string) {
	if len(args) < 1 {
		gocli.Fail("usage: franz-client admin create|delete|list|describe-configs|alter-config|create-partitions ...")
	}
	fs := flag.NewFlagSet("admin", flag.ExitOnError)
	a := gocli.AdminFlags(fs)
	fs.Parse(args[1:])
	topic, partitions, total := a.Topic, a.Partitions, a.Total
	adm := newAdmin(*a.Bootstrap)
	defer adm.Close()
	ctx := context.Background()
	switch args[0] {
	case "create":
		cfg := map[string]*string{}
		for _, kv := range a.Configs.Pairs() {
			cfg[kv[0]] = kadm.StringPtr(kv[1])
		}
		res, err := adm.CreateTopic(ctx, int32(*partitions), 1, cfg, *topic)
		if err == nil {
			err = res.Err
		}
		if err != nil {
			gocli.Fail("create %s: %v", *topic, err)
		}
		fmt.Printf("created %s %d\n", res.Topic, res.NumPartitions)
	case "delete":
		res, err := adm.DeleteTopic(ctx, *topic)
		if err == nil {
			err = res.Err
		}
		if err != nil {
			gocli.Fail("delete %s: %v", *topic, err)
		}
		fmt.Printf("deleted %s\n", res.Topic)
	case "list":
		td, err := adm.ListTopics(ctx)
		if err != nil {
			gocli.Fail("list: %v", err)
		}
		names := td.Names()
		sort.Strings(names)
		for _, n := range names {
			fmt.Printf("topic %s %d\n", n, len(td[n].Partitions))
		}
	case "describe-configs":
		rcs, err := adm.DescribeTopicConfigs(ctx, *topic)
		if err != nil {
			gocli.Fail("describe configs: %v", err)
		}
		rc, err := rcs.On(*topic, nil)
		if err == nil {
			err = rc.Err
		}
		if err != nil {
			gocli.Fail("describe configs %s: %v", *topic, err)
		}
		for _, c := range rc.Configs {
			fmt.Printf("config %s %s\n", c.Key, c.MaybeValue())
		}
	case "alter-config":
		var alters []kadm.AlterConfig
		for _, kv := range a.Configs.Pairs() {
			alters = append(alters, kadm.AlterConfig{Op: kadm.SetConfig, Name: kv[0], Value: kadm.StringPtr(kv[1])})
		}
		res, err := adm.AlterTopicConfigs(ctx, alters, *topic)
		if err == nil {
			_, err = res.On(*topic, nil)
		}
		if err != nil {
			gocli.Fail("alter configs %s: %v", *topic, err)
		}
		for _, r := range res {
			if r.Err != nil {
				gocli.Fail("alter configs %s: %v", r.Name, r.Err)
			}
		}
		fmt.Printf("altered %s\n", *topic)
	case "create-partitions":
		res, err := adm.UpdatePartitions(ctx, *total, *topic)
		if err == nil {
			var r kadm.CreatePartitionsResponse
			r, err = res.On(*topic, nil)
			if err == nil {
				err = r.Err
			}
		}
		if err != nil {
			gocli.Fail("create partitions %s: %v", *topic, err)
		}
		fmt.Printf("partitions %s %d\n", *topic, *total)
	default:
		gocli.Fail("unknown admin command %q", args[0])
	}
}

// group subscribes as a member of --group; see tests/clients/README.md for the output.
func group(args []string) {
	fs := flag.NewFlagSet("group", flag.ExitOnError)
	a := gocli.GroupFlags(fs)
	fs.Parse(args)
	a.ClassicOnly()
	assignor, from, instanceID, clientID := a.Assignor, a.From, a.InstanceID, a.ClientID
	var balancer kgo.GroupBalancer
	switch *assignor {
	case "range":
		balancer = kgo.RangeBalancer()
	case "roundrobin":
		balancer = kgo.RoundRobinBalancer()
	case "sticky":
		balancer = kgo.StickyBalancer()
	case "cooperative-sticky":
		balancer = kgo.CooperativeStickyBalancer()
	default:
		gocli.Unsupported("unknown assignor %q", *assignor)
	}
	var reset kgo.Offset
	switch *from {
	case "earliest":
		reset = kgo.NewOffset().AtStart()
	case "latest":
		reset = kgo.NewOffset().AtEnd()
	default:
		gocli.Fail("bad --from %q", *from)
	}

	var mu sync.Mutex // guards owned and keeps callback lines whole
	owned := map[gocli.TP]bool{}
	assigned := func(_ context.Context, _ *kgo.Client, m map[string][]int32) {
		mu.Lock()
		defer mu.Unlock()
		for t, ps := range m {
			for _, p := range ps {
				owned[gocli.TP{Topic: t, Partition: p}] = true
			}
		}
		fmt.Printf("assigned %s\n", gocli.TPList(owned))
	}
	revoked := func(_ context.Context, _ *kgo.Client, m map[string][]int32) {
		mu.Lock()
		defer mu.Unlock()
		gone := map[gocli.TP]bool{}
		for t, ps := range m {
			for _, p := range ps {
				gone[gocli.TP{Topic: t, Partition: p}] = true
				delete(owned, gocli.TP{Topic: t, Partition: p})
			}
		}
		if len(gone) > 0 {
			fmt.Printf("revoked %s\n", gocli.TPList(gone))
			fmt.Printf("assigned %s\n", gocli.TPList(owned))
		}
	}
	session := time.Duration(*a.SessionMs) * time.Millisecond
	opts := []kgo.Opt{
		kgo.SeedBrokers(*a.Bootstrap),
		kgo.ConsumerGroup(*a.Group),
		kgo.ConsumeTopics(a.Topics...),
		kgo.DisableAutoCommit(),
		kgo.Balancers(balancer),
		kgo.SessionTimeout(session),
		kgo.HeartbeatInterval(session / 3),
		kgo.ConsumeResetOffset(reset),
		kgo.FetchMaxWait(100 * time.Millisecond),
		kgo.OnPartitionsAssigned(assigned),
		kgo.OnPartitionsRevoked(revoked),
		kgo.OnPartitionsLost(revoked),
	}
	if *instanceID != "" {
		opts = append(opts, kgo.InstanceID(*instanceID))
	}
	if *clientID != "" {
		opts = append(opts, kgo.ClientID(*clientID))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		gocli.Fail("new client: %v", err)
	}
	stop, stopped := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopped()
	idle := time.Duration(*a.IdleMs) * time.Millisecond
	var lastRecord time.Time
	for stop.Err() == nil {
		if idle > 0 && !lastRecord.IsZero() && time.Since(lastRecord) >= idle {
			break
		}
		ctx, cancel := context.WithTimeout(stop, 200*time.Millisecond)
		fetches := cl.PollFetches(ctx)
		cancel()
		for _, e := range fetches.Errors() {
			if !errors.Is(e.Err, context.DeadlineExceeded) && !errors.Is(e.Err, context.Canceled) {
				fmt.Fprintf(os.Stderr, "franz-client: fetch %s/%d: %v\n", e.Topic, e.Partition, e.Err)
			}
		}
		last := map[gocli.TP]*kgo.Record{}
		fetches.EachRecord(func(r *kgo.Record) {
			key, value := "-", "-"
			if r.Key != nil {
				key = string(r.Key)
			}
			if r.Value != nil {
				value = string(r.Value)
			}
			mu.Lock()
			fmt.Printf("grec %s %d %d %s %s\n", r.Topic, r.Partition, r.Offset, key, value)
			mu.Unlock()
			last[gocli.TP{Topic: r.Topic, Partition: r.Partition}] = r
		})
		if len(last) == 0 {
			continue
		}
		lastRecord = time.Now()
		recs := make([]*kgo.Record, 0, len(last))
		positions := map[gocli.TP]bool{}
		for k, r := range last {
			recs = append(recs, r)
			positions[k] = true
		}
		if err := cl.CommitRecords(context.Background(), recs...); err != nil {
			mu.Lock()
			fmt.Printf("commitfail %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
			mu.Unlock()
			continue
		}
		mu.Lock()
		for _, s := range strings.Split(gocli.TPList(positions), ",") {
			t, p, _ := strings.Cut(s, ":")
			pn, _ := strconv.Atoi(p)
			fmt.Printf("committed %s %d %d\n", t, pn, last[gocli.TP{Topic: t, Partition: int32(pn)}].Offset+1)
		}
		mu.Unlock()
	}
	cl.Close()
	fmt.Println("closed")
}

// ctp: consume-transform-produce with kgo.GroupTransactSession (exactly-once): reads `count`
// records of -topic as -group (read_committed), writes each value upper-cased to the same
// partition of -out, committing the group's offsets in each transaction; prints "done N".
func ctp(args []string) {
	fs := flag.NewFlagSet("ctp", flag.ExitOnError)
	a := gocli.CtpFlags(fs)
	fs.Parse(args)
	out, count, timeoutMs := a.Out, a.Count, a.TimeoutMs
	sess, err := kgo.NewGroupTransactSession(
		kgo.SeedBrokers(*a.Bootstrap),
		kgo.TransactionalID(*a.TxnID),
		kgo.ConsumerGroup(*a.Group),
		kgo.ConsumeTopics(*a.Topic),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.RequireStableFetchOffsets(),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	if err != nil {
		gocli.Fail("new session: %v", err)
	}
	defer sess.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
	defer cancel()
	done := 0
	for done < *count {
		fetches := sess.PollFetches(ctx)
		if ctx.Err() != nil {
			gocli.Fail("timed out after %d of %d records", done, *count)
		}
		for _, e := range fetches.Errors() {
			gocli.Fail("fetch %s/%d: %v", e.Topic, e.Partition, e.Err)
		}
		var records []*kgo.Record
		fetches.EachRecord(func(r *kgo.Record) {
			records = append(records, &kgo.Record{
				Topic:     *out,
				Partition: r.Partition,
				Value:     []byte(strings.ToUpper(string(r.Value))),
			})
		})
		if len(records) == 0 {
			continue
		}
		if err := sess.Begin(); err != nil {
			gocli.Fail("begin: %v", err)
		}
		if err := sess.ProduceSync(ctx, records...).FirstErr(); err != nil {
			gocli.Fail("produce: %v", err)
		}
		committed, err := sess.End(ctx, kgo.TryCommit)
		if err != nil {
			gocli.Fail("end: %v", err)
		}
		if committed {
			done += len(records)
		}
	}
	fmt.Printf("done %d\n", done)
}

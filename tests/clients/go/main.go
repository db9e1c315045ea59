// franz-client: a franz-go (kgo + kadm) test client for Sluice's integration tests.
//
// It speaks the command line shared by every client program under tests/clients (see
// tests/clients/README.md): produce, consume, offsets and admin sub-commands, printing one
// whitespace-separated line per fact so the Rust tests compare exact values and offsets.
// Consumers read explicit partitions (kgo.ConsumePartitions): no consumer group is used, except
// by `group`, which subscribes as a member of a consumer group.
package main

import (
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

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

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
			fail("bad --sasl %q (want MECHANISM:USER:PASSWORD)", *spec)
		}
		auth := scram.Auth{User: parts[1], Pass: parts[2]}
		switch parts[0] {
		case "SCRAM-SHA-256":
			return []kgo.Opt{kgo.SASL(auth.AsSha256Mechanism())}
		case "SCRAM-SHA-512":
			return []kgo.Opt{kgo.SASL(auth.AsSha512Mechanism())}
		}
		fail("bad --sasl mechanism %q", parts[0])
		return nil
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "franz-client: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: franz-client produce|consume|offsets|admin|group ...")
	}
	switch os.Args[1] {
	case "produce":
		produce(os.Args[2:])
	case "consume":
		consume(os.Args[2:])
	case "offsets":
		offsets(os.Args[2:])
	case "admin":
		admin(os.Args[2:])
	case "group":
		group(os.Args[2:])
	case "ctp":
		ctp(os.Args[2:])
	default:
		fail("unknown command %q", os.Args[1])
	}
}

// spec is one producer run: acks, codec and record count ("all:gzip:20").
type spec struct {
	acks  kgo.Acks
	codec kgo.CompressionCodec
	count int
}

func parseSpec(s string) spec {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		fail("bad --spec %q (want ACKS:CODEC:COUNT)", s)
	}
	var sp spec
	switch parts[0] {
	case "all", "-1":
		sp.acks = kgo.AllISRAcks()
	case "1":
		sp.acks = kgo.LeaderAck()
	case "0":
		sp.acks = kgo.NoAck()
	default:
		fail("bad acks %q", parts[0])
	}
	switch parts[1] {
	case "none":
		sp.codec = kgo.NoCompression()
	case "gzip":
		sp.codec = kgo.GzipCompression()
	case "snappy":
		sp.codec = kgo.SnappyCompression()
	case "lz4":
		sp.codec = kgo.Lz4Compression()
	case "zstd":
		sp.codec = kgo.ZstdCompression()
	default:
		fail("bad codec %q", parts[1])
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 {
		fail("bad count %q", parts[2])
	}
	sp.count = n
	return sp
}

func produce(args []string) {
	fs := flag.NewFlagSet("produce", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "", "broker address")
	topic := fs.String("topic", "", "topic")
	partition := fs.Int("partition", 0, "partition")
	seed := fs.String("seed", "0", "seed for values")
	tsBase := fs.Int64("timestamp-base", -1, "record i gets timestamp base+i (ms)")
	var specs multiFlag
	fs.Var(&specs, "spec", "ACKS:CODEC:COUNT (repeatable)")
	sasl := saslFlag(fs)
	fs.Parse(args)
	global := 0
	for si, s := range specs {
		sp := parseSpec(s)
		opts := []kgo.Opt{
			kgo.SeedBrokers(*bootstrap),
			kgo.RequiredAcks(sp.acks),
			kgo.ProducerBatchCompression(sp.codec),
			kgo.RecordPartitioner(kgo.ManualPartitioner()),
		}
		opts = append(opts, sasl()...)
		// kgo measures the delivery timeout from the record's own timestamp: only bound it when
		// timestamps are "now".
		if *tsBase < 0 {
			opts = append(opts, kgo.RecordDeliveryTimeout(20*time.Second))
		}
		if sp.acks != kgo.AllISRAcks() {
			opts = append(opts, kgo.DisableIdempotentWrite())
		}
		cl, err := kgo.NewClient(opts...)
		if err != nil {
			fail("new client: %v", err)
		}
		for i := 0; i < sp.count; i++ {
			r := &kgo.Record{
				Topic:     *topic,
				Partition: int32(*partition),
				Key:       []byte(fmt.Sprintf("k%d-%d", si, i)),
				Value:     []byte(fmt.Sprintf("v%s-%d-%d", *seed, si, i)),
			}
			if *tsBase >= 0 {
				r.Timestamp = time.UnixMilli(*tsBase + int64(global))
			}
			global++
			res := cl.ProduceSync(context.Background(), r)
			if err := res.FirstErr(); err != nil {
				fail("produce %s: %v", r.Key, err)
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

func parseFrom(from string) kgo.Offset {
	switch {
	case from == "earliest":
		return kgo.NewOffset().AtStart()
	case from == "latest":
		return kgo.NewOffset().AtEnd()
	case strings.HasPrefix(from, "offset:"):
		n, err := strconv.ParseInt(strings.TrimPrefix(from, "offset:"), 10, 64)
		if err != nil {
			fail("bad --from %q", from)
		}
		return kgo.NewOffset().At(n)
	case strings.HasPrefix(from, "ts:"):
		n, err := strconv.ParseInt(strings.TrimPrefix(from, "ts:"), 10, 64)
		if err != nil {
			fail("bad --from %q", from)
		}
		return kgo.NewOffset().AfterMilli(n)
	}
	fail("bad --from %q", from)
	return kgo.Offset{}
}

func consume(args []string) {
	fs := flag.NewFlagSet("consume", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "", "broker address")
	topic := fs.String("topic", "", "topic")
	partition := fs.Int("partition", 0, "partition")
	from := fs.String("from", "earliest", "earliest|latest|offset:N|ts:MS")
	count := fs.Int("count", 0, "records to read before exiting")
	timeoutMs := fs.Int("timeout-ms", 15000, "give up after this long")
	sasl := saslFlag(fs)
	fs.Parse(args)
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(*bootstrap),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{
			*topic: {int32(*partition): parseFrom(*from)},
		}),
		kgo.FetchMaxWait(200*time.Millisecond),
	}, sasl()...)...)
	if err != nil {
		fail("new client: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
	defer cancel()
	got := 0
	for got < *count {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			fail("timed out after %d of %d records", got, *count)
		}
		for _, e := range fetches.Errors() {
			if !errors.Is(e.Err, context.DeadlineExceeded) {
				fail("fetch %s/%d: %v", e.Topic, e.Partition, e.Err)
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
	bootstrap := fs.String("bootstrap", "", "broker address")
	topic := fs.String("topic", "", "topic")
	partition := fs.Int("partition", 0, "partition")
	var stamps multiFlag
	fs.Var(&stamps, "ts", "timestamp (ms) to look up (repeatable)")
	fs.Parse(args)
	adm := newAdmin(*bootstrap)
	defer adm.Close()
	ctx := context.Background()
	p := int32(*partition)
	start, err := adm.ListStartOffsets(ctx, *topic)
	if err != nil {
		fail("list start offsets: %v", err)
	}
	end, err := adm.ListEndOffsets(ctx, *topic)
	if err != nil {
		fail("list end offsets: %v", err)
	}
	fmt.Printf("earliest %d\n", lookup(start, *topic, p))
	fmt.Printf("latest %d\n", lookup(end, *topic, p))
	for _, s := range stamps {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fail("bad --ts %q", s)
		}
		byTs, err := adm.ListOffsetsAfterMilli(ctx, ms, *topic)
		if err != nil {
			fail("list offsets after %d: %v", ms, err)
		}
		fmt.Printf("ts %d %d\n", ms, lookup(byTs, *topic, p))
	}
}

func lookup(l kadm.ListedOffsets, topic string, p int32) int64 {
	o, ok := l.Lookup(topic, p)
	if !ok {
		fail("no offset for %s/%d", topic, p)
	}
	if o.Err != nil {
		fail("offset for %s/%d: %v", topic, p, o.Err)
	}
	return o.Offset
}

func newAdmin(bootstrap string) *kadm.Client {
	cl, err := kgo.NewClient(kgo.SeedBrokers(bootstrap))
	if err != nil {
		fail("new client: %v", err)
	}
	return kadm.NewClient(cl)
}

func admin(args []string) {
	if len(args) < 1 {
		fail("usage: franz-client admin create|delete|list|describe-configs|alter-config|create-partitions ...")
	}
	fs := flag.NewFlagSet("admin", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "", "broker address")
	topic := fs.String("topic", "", "topic")
	partitions := fs.Int("partitions", 1, "partition count for create")
	total := fs.Int("total", 0, "new total partition count for create-partitions")
	var configs multiFlag
	fs.Var(&configs, "config", "key=value (repeatable)")
	fs.Parse(args[1:])
	adm := newAdmin(*bootstrap)
	defer adm.Close()
	ctx := context.Background()
	switch args[0] {
	case "create":
		cfg := map[string]*string{}
		for _, kv := range configs {
			k, v, _ := strings.Cut(kv, "=")
			cfg[k] = kadm.StringPtr(v)
		}
		res, err := adm.CreateTopic(ctx, int32(*partitions), 1, cfg, *topic)
		if err == nil {
			err = res.Err
		}
		if err != nil {
			fail("create %s: %v", *topic, err)
		}
		fmt.Printf("created %s %d\n", res.Topic, res.NumPartitions)
	case "delete":
		res, err := adm.DeleteTopic(ctx, *topic)
		if err == nil {
			err = res.Err
		}
		if err != nil {
			fail("delete %s: %v", *topic, err)
		}
		fmt.Printf("deleted %s\n", res.Topic)
	case "list":
		td, err := adm.ListTopics(ctx)
		if err != nil {
			fail("list: %v", err)
		}
		names := td.Names()
		sort.Strings(names)
		for _, n := range names {
			fmt.Printf("topic %s %d\n", n, len(td[n].Partitions))
		}
	case "describe-configs":
		rcs, err := adm.DescribeTopicConfigs(ctx, *topic)
		if err != nil {
			fail("describe configs: %v", err)
		}
		rc, err := rcs.On(*topic, nil)
		if err == nil {
			err = rc.Err
		}
		if err != nil {
			fail("describe configs %s: %v", *topic, err)
		}
		for _, c := range rc.Configs {
			fmt.Printf("config %s %s\n", c.Key, c.MaybeValue())
		}
	case "alter-config":
		var alters []kadm.AlterConfig
		for _, kv := range configs {
			k, v, _ := strings.Cut(kv, "=")
			alters = append(alters, kadm.AlterConfig{Op: kadm.SetConfig, Name: k, Value: kadm.StringPtr(v)})
		}
		res, err := adm.AlterTopicConfigs(ctx, alters, *topic)
		if err == nil {
			_, err = res.On(*topic, nil)
		}
		if err != nil {
			fail("alter configs %s: %v", *topic, err)
		}
		for _, r := range res {
			if r.Err != nil {
				fail("alter configs %s: %v", r.Name, r.Err)
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
			fail("create partitions %s: %v", *topic, err)
		}
		fmt.Printf("partitions %s %d\n", *topic, *total)
	default:
		fail("unknown admin command %q", args[0])
	}
}

func unsupported(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "franz-client: "+format+"\n", args...)
	os.Exit(2)
}

type tp struct {
	topic     string
	partition int32
}

func tpList(set map[tp]bool) string {
	l := make([]tp, 0, len(set))
	for k := range set {
		l = append(l, k)
	}
	sort.Slice(l, func(i, j int) bool {
		if l[i].topic != l[j].topic {
			return l[i].topic < l[j].topic
		}
		return l[i].partition < l[j].partition
	})
	parts := make([]string, len(l))
	for i, k := range l {
		parts[i] = fmt.Sprintf("%s:%d", k.topic, k.partition)
	}
	return strings.Join(parts, ",")
}

// group subscribes as a member of --group; see tests/clients/README.md for the output.
func group(args []string) {
	fs := flag.NewFlagSet("group", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "", "broker address")
	var topics multiFlag
	fs.Var(&topics, "topic", "topic (repeatable)")
	groupID := fs.String("group", "", "consumer group")
	protocol := fs.String("protocol", "classic", "classic|consumer")
	instanceID := fs.String("instance-id", "", "group.instance.id (static membership)")
	assignor := fs.String("assignor", "range", "range|roundrobin|sticky|cooperative-sticky")
	sessionMs := fs.Int("session-timeout-ms", 10000, "session timeout")
	from := fs.String("from", "earliest", "earliest|latest")
	idleMs := fs.Int("exit-after-idle-ms", 0, "exit once this long passes without a record (after the first)")
	clientID := fs.String("client-id", "", "client id")
	fs.Parse(args)
	if *protocol != "classic" {
		unsupported("unsupported protocol %s", *protocol)
	}
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
		unsupported("unknown assignor %q", *assignor)
	}
	var reset kgo.Offset
	switch *from {
	case "earliest":
		reset = kgo.NewOffset().AtStart()
	case "latest":
		reset = kgo.NewOffset().AtEnd()
	default:
		fail("bad --from %q", *from)
	}

	var mu sync.Mutex // guards owned and keeps callback lines whole
	owned := map[tp]bool{}
	assigned := func(_ context.Context, _ *kgo.Client, m map[string][]int32) {
		mu.Lock()
		defer mu.Unlock()
		for t, ps := range m {
			for _, p := range ps {
				owned[tp{t, p}] = true
			}
		}
		fmt.Printf("assigned %s\n", tpList(owned))
	}
	revoked := func(_ context.Context, _ *kgo.Client, m map[string][]int32) {
		mu.Lock()
		defer mu.Unlock()
		gone := map[tp]bool{}
		for t, ps := range m {
			for _, p := range ps {
				gone[tp{t, p}] = true
				delete(owned, tp{t, p})
			}
		}
		if len(gone) > 0 {
			fmt.Printf("revoked %s\n", tpList(gone))
			fmt.Printf("assigned %s\n", tpList(owned))
		}
	}
	session := time.Duration(*sessionMs) * time.Millisecond
	opts := []kgo.Opt{
		kgo.SeedBrokers(*bootstrap),
		kgo.ConsumerGroup(*groupID),
		kgo.ConsumeTopics(topics...),
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
		fail("new client: %v", err)
	}
	stop, stopped := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopped()
	idle := time.Duration(*idleMs) * time.Millisecond
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
		last := map[tp]*kgo.Record{}
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
			last[tp{r.Topic, r.Partition}] = r
		})
		if len(last) == 0 {
			continue
		}
		lastRecord = time.Now()
		recs := make([]*kgo.Record, 0, len(last))
		positions := map[tp]bool{}
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
		for _, s := range strings.Split(tpList(positions), ",") {
			t, p, _ := strings.Cut(s, ":")
			pn, _ := strconv.Atoi(p)
			fmt.Printf("committed %s %d %d\n", t, pn, last[tp{t, int32(pn)}].Offset+1)
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
	bootstrap := fs.String("bootstrap", "", "broker address")
	in := fs.String("topic", "", "input topic")
	out := fs.String("out", "", "output topic")
	groupID := fs.String("group", "", "consumer group")
	txnID := fs.String("txn-id", "", "transactional id")
	count := fs.Int("count", 0, "input records to transform before exiting")
	timeoutMs := fs.Int("timeout-ms", 60000, "give up after this long")
	fs.Parse(args)
	sess, err := kgo.NewGroupTransactSession(
		kgo.SeedBrokers(*bootstrap),
		kgo.TransactionalID(*txnID),
		kgo.ConsumerGroup(*groupID),
		kgo.ConsumeTopics(*in),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.RequireStableFetchOffsets(),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	if err != nil {
		fail("new session: %v", err)
	}
	defer sess.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
	defer cancel()
	done := 0
	for done < *count {
		fetches := sess.PollFetches(ctx)
		if ctx.Err() != nil {
			fail("timed out after %d of %d records", done, *count)
		}
		for _, e := range fetches.Errors() {
			fail("fetch %s/%d: %v", e.Topic, e.Partition, e.Err)
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
			fail("begin: %v", err)
		}
		if err := sess.ProduceSync(ctx, records...).FirstErr(); err != nil {
			fail("produce: %v", err)
		}
		committed, err := sess.End(ctx, kgo.TryCommit)
		if err != nil {
			fail("end: %v", err)
		}
		if committed {
			done += len(records)
		}
	}
	fmt.Printf("done %d\n", done)
}

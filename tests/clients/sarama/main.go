// sarama-client: an IBM/sarama test client for Sluice's integration tests.
//
// It speaks the command line shared by every client program under tests/clients (see
// tests/clients/README.md): produce, consume, offsets, admin and group, printing one
// whitespace-separated line per fact so the Rust tests compare exact values and offsets, plus
// txn-produce and ctp for sarama's transactional producer.
//
// sarama picks its request versions from Config.Version: SARAMA_VERSION (e.g. "4.0.0")
// sets it; unset, sarama's own default (sarama.DefaultVersion) is used, as a new user gets it.
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
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/IBM/sarama"
)

// config is sarama's default configuration with the version SARAMA_VERSION names.
func config() *sarama.Config {
	c := sarama.NewConfig()
	if v := os.Getenv("SARAMA_VERSION"); v != "" {
		version, err := sarama.ParseKafkaVersion(v)
		if err != nil {
			gocli.Fail("SARAMA_VERSION: %v", err)
		}
		c.Version = version
	}
	c.ClientID = "sarama-client"
	return c
}

func main() {
	gocli.Program = "sarama-client"
	gocli.Run(map[string]func([]string){
		"produce":     produce,
		"consume":     consume,
		"offsets":     offsets,
		"admin":       admin,
		"group":       group,
		"txn-produce": txnProduce,
		"ctp":         ctp,
	})
}

// spec is a --spec in sarama's terms.
type spec struct {
	acks  sarama.RequiredAcks
	codec sarama.CompressionCodec
	count int
}

func parseSpec(s string) spec {
	sp := gocli.ParseSpec(s)
	acks := map[string]sarama.RequiredAcks{"all": sarama.WaitForAll, "1": sarama.WaitForLocal, "0": sarama.NoResponse}
	codecs := map[string]sarama.CompressionCodec{
		"none": sarama.CompressionNone, "gzip": sarama.CompressionGZIP, "snappy": sarama.CompressionSnappy,
		"lz4": sarama.CompressionLZ4, "zstd": sarama.CompressionZSTD,
	}
	return spec{acks: acks[sp.Acks], codec: codecs[sp.Codec], count: sp.Count}
}

// produce: one SyncProducer per spec, each record sent and acknowledged before the next.
// --idempotent turns on sarama's idempotent producer for acks=all specs; --retries N sets how
// often a failed request is sent again (100 ms apart); --header K=V adds a header to every
// record (the consumer prints them with --headers).
func produce(args []string) {
	fs := flag.NewFlagSet("produce", flag.ExitOnError)
	a := gocli.ProduceFlags(fs)
	a.HeaderFlag(fs)
	idempotent := fs.Bool("idempotent", false, "idempotent producer on acks=all specs")
	retries := fs.Int("retries", -1, "Producer.Retry.Max and Metadata.Retry.Max (sarama's default 3 unless given)")
	fs.Parse(args)
	global := 0
	for si, s := range a.Specs {
		sp := parseSpec(s)
		c := config()
		c.Producer.RequiredAcks = sp.acks
		c.Producer.Compression = sp.codec
		c.Producer.Partitioner = sarama.NewManualPartitioner
		c.Producer.Return.Successes = true
		if *retries >= 0 {
			c.Producer.Retry.Max = *retries
			c.Metadata.Retry.Max = *retries
		}
		if *idempotent && sp.acks == sarama.WaitForAll {
			c.Producer.Idempotent = true
			c.Net.MaxOpenRequests = 1
		}
		p, err := sarama.NewSyncProducer(gocli.Brokers(*a.Bootstrap), c)
		if err != nil {
			gocli.Fail("new producer: %v", err)
		}
		for i := 0; i < sp.count; i++ {
			key, value, ts := a.Record(si, i, global)
			global++
			m := &sarama.ProducerMessage{
				Topic:     *a.Topic,
				Partition: int32(*a.Partition),
				Key:       sarama.StringEncoder(key),
				Value:     sarama.StringEncoder(value),
			}
			for _, h := range a.Headers.Pairs() {
				m.Headers = append(m.Headers, sarama.RecordHeader{Key: []byte(h[0]), Value: []byte(h[1])})
			}
			if ts >= 0 {
				m.Timestamp = time.UnixMilli(ts)
			}
			part, off, err := p.SendMessage(m)
			if err != nil {
				gocli.Fail("produce %s: %v", key, err)
			}
			if sp.acks == sarama.NoResponse {
				off = -1
			}
			fmt.Printf("ack %d %d %s %s\n", part, off, key, value)
		}
		if err := p.Close(); err != nil {
			gocli.Fail("close producer: %v", err)
		}
	}
}

func newClient(bootstrap string, c *sarama.Config) sarama.Client {
	cl, err := sarama.NewClient(gocli.Brokers(bootstrap), c)
	if err != nil {
		gocli.Fail("new client: %v", err)
	}
	return cl
}

// consume reads one partition with a PartitionConsumer (no group). --from ts:MS looks the
// offset up with GetOffset (ListOffsets by timestamp) first, as sarama has no start-at-time.
func consume(args []string) {
	fs := flag.NewFlagSet("consume", flag.ExitOnError)
	a := gocli.ConsumeFlags(fs)
	isolation, printHeaders := gocli.IsolationFlag(fs), gocli.HeadersFlag(fs)
	fs.Parse(args)
	bootstrap, topic, partition, from, count, timeoutMs := a.Bootstrap, a.Topic, a.Partition, a.From, a.Count, a.TimeoutMs
	c := config()
	c.Consumer.Return.Errors = true
	c.Consumer.MaxWaitTime = 200 * time.Millisecond
	if *isolation == "read_committed" {
		c.Consumer.IsolationLevel = sarama.ReadCommitted
	}
	cl := newClient(*bootstrap, c)
	defer cl.Close()
	var start int64
	switch f := gocli.ParseFrom(*from); f.Kind {
	case gocli.FromEarliest:
		start = sarama.OffsetOldest
	case gocli.FromLatest:
		start = sarama.OffsetNewest
	case gocli.FromOffset:
		start = f.N
	case gocli.FromTimestamp:
		var err error
		start, err = cl.GetOffset(*topic, int32(*partition), f.N)
		if err != nil {
			gocli.Fail("offset for time %d: %v", f.N, err)
		}
	}
	consumer, err := sarama.NewConsumerFromClient(cl)
	if err != nil {
		gocli.Fail("new consumer: %v", err)
	}
	defer consumer.Close()
	pc, err := consumer.ConsumePartition(*topic, int32(*partition), start)
	if err != nil {
		gocli.Fail("consume partition: %v", err)
	}
	defer pc.Close()
	deadline := time.After(time.Duration(*timeoutMs) * time.Millisecond)
	for got := 0; got < *count; {
		select {
		case m := <-pc.Messages():
			fmt.Printf("rec %d %d %d %s %s\n", m.Partition, m.Offset, m.Timestamp.UnixMilli(), m.Key, m.Value)
			if *printHeaders {
				for _, h := range m.Headers {
					fmt.Printf("hdr %d %s %s\n", m.Offset, h.Key, h.Value)
				}
			}
			got++
		case e := <-pc.Errors():
			gocli.Fail("fetch %s/%d: %v", e.Topic, e.Partition, e.Err)
		case <-deadline:
			gocli.Fail("timed out after %d of %d records", got, *count)
		}
	}
}

// offsets: GetOffset with OffsetOldest, OffsetNewest and each timestamp (-1 when none).
// GetOffset always asks read_uncommitted (it leaves ListOffsets' isolation level unset).
func offsets(args []string) {
	fs := flag.NewFlagSet("offsets", flag.ExitOnError)
	a := gocli.OffsetsFlags(fs)
	fs.Parse(args)
	topic := a.Topic
	cl := newClient(*a.Bootstrap, config())
	defer cl.Close()
	p := int32(*a.Partition)
	get := func(what string, t int64) int64 {
		o, err := cl.GetOffset(*topic, p, t)
		if err != nil {
			gocli.Fail("%s offset of %s/%d: %v", what, *topic, p, err)
		}
		return o
	}
	fmt.Printf("earliest %d\n", get("earliest", sarama.OffsetOldest))
	fmt.Printf("latest %d\n", get("latest", sarama.OffsetNewest))
	for _, s := range a.Stamps {
		ms := gocli.ParseTs(s)
		fmt.Printf("ts %d %d\n", ms, get("time", ms))
	}
}

func admin(args []string) {
	if len(args) < 1 {
		gocli.Fail("usage: sarama-client admin ACTION ...")
	}
	fs := flag.NewFlagSet("admin", flag.ExitOnError)
	a := gocli.AdminFlags(fs)
	replication := fs.Int("replication-factor", 1, "replication factor for create")
	partition := fs.Int("partition", 0, "partition for delete-records")
	before := fs.Int64("before", 0, "delete-records: delete records before this offset")
	groupID := fs.String("group", "", "consumer group")
	fs.Parse(args[1:])
	topic, partitions, total := a.Topic, a.Partitions, a.Total
	cl := newClient(*a.Bootstrap, config())
	adm, err := sarama.NewClusterAdminFromClient(cl)
	if err != nil {
		gocli.Fail("new admin: %v", err)
	}
	defer adm.Close()
	kv := func() map[string]*string {
		m := map[string]*string{}
		for _, kv := range a.Configs.Pairs() {
			m[kv[0]] = &kv[1]
		}
		return m
	}
	switch args[0] {
	case "create":
		err := adm.CreateTopic(*topic, &sarama.TopicDetail{
			NumPartitions:     int32(*partitions),
			ReplicationFactor: int16(*replication),
			ConfigEntries:     kv(),
		}, false)
		if err != nil {
			gocli.Fail("create %s: %v", *topic, err)
		}
		fmt.Printf("created %s %d\n", *topic, *partitions)
	case "delete":
		if err := adm.DeleteTopic(*topic); err != nil {
			gocli.Fail("delete %s: %v", *topic, err)
		}
		fmt.Printf("deleted %s\n", *topic)
	case "list":
		topics, err := adm.ListTopics()
		if err != nil {
			gocli.Fail("list: %v", err)
		}
		names := make([]string, 0, len(topics))
		for n := range topics {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Printf("topic %s %d\n", n, topics[n].NumPartitions)
		}
	case "describe-configs":
		entries, err := adm.DescribeConfig(sarama.ConfigResource{Type: sarama.TopicResource, Name: *topic})
		if err != nil {
			gocli.Fail("describe configs %s: %v", *topic, err)
		}
		for _, e := range entries {
			fmt.Printf("config %s %s\n", e.Name, e.Value)
		}
	case "alter-config":
		entries := map[string]sarama.IncrementalAlterConfigsEntry{}
		for k, v := range kv() {
			entries[k] = sarama.IncrementalAlterConfigsEntry{Operation: sarama.IncrementalAlterConfigsOperationSet, Value: v}
		}
		if err := adm.IncrementalAlterConfig(sarama.TopicResource, *topic, entries, false); err != nil {
			gocli.Fail("alter configs %s: %v", *topic, err)
		}
		fmt.Printf("altered %s\n", *topic)
	case "alter-config-legacy":
		if err := adm.AlterConfig(sarama.TopicResource, *topic, kv(), false); err != nil {
			gocli.Fail("alter configs %s: %v", *topic, err)
		}
		fmt.Printf("altered %s\n", *topic)
	case "create-partitions":
		if err := adm.CreatePartitions(*topic, int32(*total), nil, false); err != nil {
			gocli.Fail("create partitions %s: %v", *topic, err)
		}
		fmt.Printf("partitions %s %d\n", *topic, *total)
	case "delete-records":
		if err := adm.DeleteRecords(*topic, map[int32]int64{int32(*partition): *before}); err != nil {
			gocli.Fail("delete records %s/%d: %v", *topic, *partition, err)
		}
		fmt.Printf("deleted-records %s %d %d\n", *topic, *partition, *before)
	case "list-groups":
		groups, err := adm.ListConsumerGroups()
		if err != nil {
			gocli.Fail("list groups: %v", err)
		}
		names := make([]string, 0, len(groups))
		for n := range groups {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Printf("group %s %s\n", n, groups[n])
		}
	case "describe-group":
		ds, err := adm.DescribeConsumerGroups([]string{*groupID})
		if err != nil {
			gocli.Fail("describe group %s: %v", *groupID, err)
		}
		for _, d := range ds {
			if d.Err != sarama.ErrNoError {
				gocli.Fail("describe group %s: %v", d.GroupId, d.Err)
			}
			fmt.Printf("group %s %s %s %s\n", d.GroupId, d.State, d.ProtocolType, d.Protocol)
			ids := make([]string, 0, len(d.Members))
			for id := range d.Members {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			for _, id := range ids {
				m := d.Members[id]
				a, err := m.GetMemberAssignment()
				if err != nil {
					gocli.Fail("member %s assignment: %v", id, err)
				}
				var tps []string
				if a != nil {
					for t, ps := range a.Topics {
						for _, p := range ps {
							tps = append(tps, fmt.Sprintf("%s:%d", t, p))
						}
					}
				}
				sort.Strings(tps)
				fmt.Printf("member %s %s\n", m.ClientId, strings.Join(tps, ","))
			}
		}
	case "group-offsets":
		r, err := adm.ListConsumerGroupOffsets(*groupID, nil)
		if err != nil {
			gocli.Fail("group offsets %s: %v", *groupID, err)
		}
		if r.Err != sarama.ErrNoError {
			gocli.Fail("group offsets %s: %v", *groupID, r.Err)
		}
		var lines []string
		for t, ps := range r.Blocks {
			for p, b := range ps {
				if b.Err != sarama.ErrNoError {
					gocli.Fail("group offset %s/%d: %v", t, p, b.Err)
				}
				lines = append(lines, fmt.Sprintf("offset %s %d %d", t, p, b.Offset))
			}
		}
		sort.Strings(lines)
		for _, l := range lines {
			fmt.Println(l)
		}
	case "delete-group":
		if err := adm.DeleteConsumerGroup(*groupID); err != nil {
			gocli.Fail("delete group %s: %v", *groupID, err)
		}
		fmt.Printf("deleted-group %s\n", *groupID)
	default:
		gocli.Fail("unknown admin command %q", args[0])
	}
}

// nextBatch waits for a claim's next record and takes up to max-1 more that are already there
// (a poll, as other clients' consumers return); nil once the claim or its session ended.
func nextBatch(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim, max int) []*sarama.ConsumerMessage {
	var batch []*sarama.ConsumerMessage
	select {
	case msg, ok := <-claim.Messages():
		if !ok {
			return nil
		}
		batch = append(batch, msg)
	case <-s.Context().Done():
		return nil
	}
	for len(batch) < max {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return batch
			}
			batch = append(batch, msg)
		default:
			return batch
		}
	}
	return batch
}

// member is the ConsumerGroupHandler of `group`: it prints what it owns and what it reads,
// and commits synchronously (session.Commit) after each batch.
type member struct {
	mu         sync.Mutex // guards owned and keeps lines whole
	owned      map[gocli.TP]bool
	errs       atomic.Int64 // errors the group reported (commit failures among them)
	lastRecord atomic.Int64 // unix ms of the last record
}

func (m *member) printf(format string, args ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Printf(format, args...)
}

// Setup starts a session: with an eager balancer, every rebalance; with a cooperative one,
// the first join only (later changes start and end single claims). The session owns exactly its
// claims: sarama may end a session before it started every claim's ConsumeClaim.
func (m *member) Setup(s sarama.ConsumerGroupSession) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.owned = map[gocli.TP]bool{}
	for t, ps := range s.Claims() {
		for _, p := range ps {
			m.owned[gocli.TP{Topic: t, Partition: p}] = true
		}
	}
	fmt.Printf("assigned %s\n", gocli.TPList(m.owned))
	return nil
}

// Cleanup ends a session: whatever it still owns is given up.
func (m *member) Cleanup(sarama.ConsumerGroupSession) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.owned) > 0 {
		fmt.Printf("revoked %s\n", gocli.TPList(m.owned))
		m.owned = map[gocli.TP]bool{}
		fmt.Printf("assigned \n")
	}
	return nil
}

func (m *member) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	key := gocli.TP{Topic: claim.Topic(), Partition: claim.Partition()}
	m.mu.Lock()
	if !m.owned[key] {
		m.owned[key] = true
		fmt.Printf("assigned %s\n", gocli.TPList(m.owned))
	}
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.owned, key)
		fmt.Printf("revoked %s\n", gocli.TPList(map[gocli.TP]bool{key: true}))
		fmt.Printf("assigned %s\n", gocli.TPList(m.owned))
	}()
	for {
		batch := nextBatch(s, claim, 500)
		if batch == nil {
			return nil
		}
		m.mu.Lock()
		for _, r := range batch {
			key, value := "-", "-"
			if r.Key != nil {
				key = string(r.Key)
			}
			if r.Value != nil {
				value = string(r.Value)
			}
			fmt.Printf("grec %s %d %d %s %s\n", r.Topic, r.Partition, r.Offset, key, value)
		}
		m.mu.Unlock()
		m.lastRecord.Store(time.Now().UnixMilli())
		last := batch[len(batch)-1]
		errsBefore := m.errs.Load()
		s.MarkMessage(last, "")
		s.Commit()
		// sarama reports a failed commit only on the group's Errors channel.
		if m.errs.Load() != errsBefore {
			m.printf("commitfail commit reported an error\n")
			continue
		}
		m.printf("committed %s %d %d\n", last.Topic, last.Partition, last.Offset+1)
	}
}

// group subscribes as a member of --group; see tests/clients/README.md for the output.
func group(args []string) {
	fs := flag.NewFlagSet("group", flag.ExitOnError)
	a := gocli.GroupFlags(fs)
	isolation := gocli.IsolationFlag(fs)
	fs.Parse(args)
	a.ClassicOnly()
	assignor, from, instanceID, clientID := a.Assignor, a.From, a.InstanceID, a.ClientID
	c := config()
	switch *assignor {
	case "range":
		c.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategyRange()}
	case "roundrobin":
		c.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategyRoundRobin()}
	case "sticky":
		c.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategySticky()}
	case "cooperative-sticky":
		c.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{sarama.NewBalanceStrategyCooperativeSticky()}
	default:
		gocli.Unsupported("unknown assignor %q", *assignor)
	}
	switch *from {
	case "earliest":
		c.Consumer.Offsets.Initial = sarama.OffsetOldest
	case "latest":
		c.Consumer.Offsets.Initial = sarama.OffsetNewest
	default:
		gocli.Fail("bad --from %q", *from)
	}
	if *isolation == "read_committed" {
		c.Consumer.IsolationLevel = sarama.ReadCommitted
	}
	session := time.Duration(*a.SessionMs) * time.Millisecond
	c.Consumer.Group.Session.Timeout = session
	c.Consumer.Group.Heartbeat.Interval = session / 3
	c.Consumer.Offsets.AutoCommit.Enable = false
	c.Consumer.Return.Errors = true
	c.Consumer.MaxWaitTime = 100 * time.Millisecond
	if *instanceID != "" {
		c.Consumer.Group.InstanceId = *instanceID
	}
	if *clientID != "" {
		c.ClientID = *clientID
	}
	cg, err := sarama.NewConsumerGroup(gocli.Brokers(*a.Bootstrap), *a.Group, c)
	if err != nil {
		gocli.Fail("new consumer group: %v", err)
	}
	m := &member{owned: map[gocli.TP]bool{}}
	go func() {
		for err := range cg.Errors() {
			m.errs.Add(1)
			fmt.Fprintf(os.Stderr, "sarama-client: group error: %v\n", err)
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	stop, stopped := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopped()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			if err := cg.Consume(ctx, a.Topics, m); err != nil {
				if errors.Is(err, sarama.ErrClosedConsumerGroup) {
					return
				}
				fmt.Fprintf(os.Stderr, "sarama-client: consume: %v\n", err)
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()
	idle := time.Duration(*a.IdleMs) * time.Millisecond
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case <-stop.Done():
			break wait
		case <-tick.C:
			last := m.lastRecord.Load()
			if idle > 0 && last != 0 && time.Since(time.UnixMilli(last)) >= idle {
				break wait
			}
		}
	}
	cancel()
	<-done
	if err := cg.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "sarama-client: close: %v\n", err)
	}
	m.printf("closed\n")
}

func txnProducer(bootstrap, txnID string) sarama.SyncProducer {
	c := config()
	if !c.Version.IsAtLeast(sarama.V0_11_0_0) {
		gocli.Unsupported("transactions need SARAMA_VERSION >= 0.11")
	}
	c.Producer.Idempotent = true
	c.Producer.Transaction.ID = txnID
	c.Producer.RequiredAcks = sarama.WaitForAll
	c.Producer.Return.Successes = true
	c.Producer.Partitioner = sarama.NewManualPartitioner
	c.Net.MaxOpenRequests = 1
	p, err := sarama.NewSyncProducer(gocli.Brokers(bootstrap), c)
	if err != nil {
		gocli.Fail("new transactional producer: %v", err)
	}
	return p
}

// txnProduce: --transactions N of --per-txn K records ("t<i>-r<j>", record j to partition
// j % --partitions); every --abort-every M-th (i % M == M-1) is aborted. Prints "committed i" /
// "aborted i".
func txnProduce(args []string) {
	fs := flag.NewFlagSet("txn-produce", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "", "broker address")
	topic := fs.String("topic", "", "topic")
	partitions := fs.Int("partitions", 1, "partitions to spread records over")
	txnID := fs.String("txn-id", "", "transactional id")
	transactions := fs.Int("transactions", 1, "transactions")
	perTxn := fs.Int("per-txn", 1, "records per transaction")
	abortEvery := fs.Int("abort-every", 0, "abort every M-th transaction")
	fs.Parse(args)
	p := txnProducer(*bootstrap, *txnID)
	defer p.Close()
	for i := 0; i < *transactions; i++ {
		if err := p.BeginTxn(); err != nil {
			gocli.Fail("begin %d: %v", i, err)
		}
		for j := 0; j < *perTxn; j++ {
			_, _, err := p.SendMessage(&sarama.ProducerMessage{
				Topic:     *topic,
				Partition: int32(j % *partitions),
				Value:     sarama.StringEncoder(fmt.Sprintf("t%d-r%d", i, j)),
			})
			if err != nil {
				gocli.Fail("send in transaction %d: %v", i, err)
			}
		}
		if *abortEvery > 0 && i%*abortEvery == *abortEvery-1 {
			if err := p.AbortTxn(); err != nil {
				gocli.Fail("abort %d: %v", i, err)
			}
			fmt.Printf("aborted %d\n", i)
		} else {
			if err := p.CommitTxn(); err != nil {
				gocli.Fail("commit %d: %v", i, err)
			}
			fmt.Printf("committed %d\n", i)
		}
	}
}

// ctpHandler transforms each batch in one transaction with the consumed offsets in it.
type ctpHandler struct {
	p     sarama.SyncProducer
	out   string
	group string
	count int
	done  atomic.Int64
	fin   chan struct{}
	once  sync.Once
}

func (h *ctpHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *ctpHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

var ctpMu sync.Mutex // one transaction at a time across claims

func (h *ctpHandler) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		batch := nextBatch(s, claim, 10)
		if batch == nil {
			return nil
		}
		ctpMu.Lock()
		if err := h.p.BeginTxn(); err != nil {
			gocli.Fail("begin: %v", err)
		}
		for _, m := range batch {
			_, _, err := h.p.SendMessage(&sarama.ProducerMessage{
				Topic:     h.out,
				Partition: m.Partition,
				Value:     sarama.StringEncoder(strings.ToUpper(string(m.Value))),
			})
			if err != nil {
				gocli.Fail("send: %v", err)
			}
		}
		if err := h.p.AddMessageToTxn(batch[len(batch)-1], h.group, nil); err != nil {
			gocli.Fail("add offsets: %v", err)
		}
		if err := h.p.CommitTxn(); err != nil {
			gocli.Fail("commit: %v", err)
		}
		ctpMu.Unlock()
		if h.done.Add(int64(len(batch))) >= int64(h.count) {
			h.once.Do(func() { close(h.fin) })
		}
	}
}

// ctp: consume-transform-produce with sarama's transactional producer: reads --count records
// of --topic as --group (read_committed), writes each value upper-cased to the same partition
// of --out, with the group's offsets in each transaction (AddMessageToTxn); prints "done N".
func ctp(args []string) {
	fs := flag.NewFlagSet("ctp", flag.ExitOnError)
	a := gocli.CtpFlags(fs)
	fs.Parse(args)
	bootstrap, in, out, groupID, txnID, count, timeoutMs := a.Bootstrap, a.Topic, a.Out, a.Group, a.TxnID, a.Count, a.TimeoutMs
	h := &ctpHandler{p: txnProducer(*bootstrap, *txnID), out: *out, group: *groupID, count: *count, fin: make(chan struct{})}
	c := config()
	c.Consumer.IsolationLevel = sarama.ReadCommitted
	c.Consumer.Offsets.Initial = sarama.OffsetOldest
	c.Consumer.Offsets.AutoCommit.Enable = false
	c.Consumer.MaxWaitTime = 200 * time.Millisecond
	cg, err := sarama.NewConsumerGroup(gocli.Brokers(*bootstrap), *groupID, c)
	if err != nil {
		gocli.Fail("new consumer group: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for ctx.Err() == nil {
			if err := cg.Consume(ctx, []string{*in}, h); err != nil && !errors.Is(err, sarama.ErrClosedConsumerGroup) {
				fmt.Fprintf(os.Stderr, "sarama-client: consume: %v\n", err)
			}
		}
	}()
	select {
	case <-h.fin:
	case <-time.After(time.Duration(*timeoutMs) * time.Millisecond):
		gocli.Fail("timed out after %d of %d records", h.done.Load(), *count)
	}
	cancel()
	cg.Close()
	h.p.Close()
	fmt.Printf("done %d\n", h.done.Load())
}

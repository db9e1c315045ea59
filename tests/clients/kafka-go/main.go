// kafkago-client: a segmentio/kafka-go test client for Sluice's integration tests.
//
// It speaks the command line shared by every client program under tests/clients (see
// tests/clients/README.md): produce (kafka.Writer), consume (a partition kafka.Reader),
// offsets (the low-level kafka.Conn), admin (the kafka.Client API; list through
// Conn.ReadPartitions) and group (kafka.ConsumerGroup, the group implementation kafka-go's
// Reader runs on, which shows each generation's assignment), plus reader-group: a
// kafka.Reader with a GroupID, as most kafka-go users consume.
package main

import (
	"sluice/tests/gocli"

	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/compress"
)

func main() {
	gocli.Program = "kafkago-client"
	gocli.Run(map[string]func([]string){
		"produce":      produce,
		"consume":      consume,
		"offsets":      offsets,
		"admin":        admin,
		"group":        group,
		"reader-group": readerGroup,
	})
}

// spec is a --spec in kafka-go's terms.
type spec struct {
	acks  kafka.RequiredAcks
	codec compress.Compression
	count int
}

func parseSpec(s string) spec {
	sp := gocli.ParseSpec(s)
	acks := map[string]kafka.RequiredAcks{"all": kafka.RequireAll, "1": kafka.RequireOne, "0": kafka.RequireNone}
	codecs := map[string]compress.Compression{
		"none": 0, "gzip": kafka.Gzip, "snappy": kafka.Snappy, "lz4": kafka.Lz4, "zstd": kafka.Zstd,
	}
	return spec{acks: acks[sp.Acks], codec: codecs[sp.Codec], count: sp.Count}
}

// produce: one kafka.Writer per spec; every record of the spec goes in one WriteMessages call
// (the Writer batches them), a Balancer sends them to --partition, and the Writer's Completion
// callback reports each record's offset. --partition -1 leaves it to kafka-go's default
// balancer (round-robin).
func produce(args []string) {
	fs := flag.NewFlagSet("produce", flag.ExitOnError)
	a := gocli.ProduceFlags(fs)
	a.HeaderFlag(fs)
	fs.Parse(args)
	global := 0
	for si, s := range a.Specs {
		sp := parseSpec(s)
		var mu sync.Mutex
		acked := map[string]kafka.Message{}
		var failed error
		w := &kafka.Writer{
			Addr:         kafka.TCP(gocli.Brokers(*a.Bootstrap)...),
			Topic:        *a.Topic,
			RequiredAcks: sp.acks,
			Compression:  sp.codec,
			BatchTimeout: 10 * time.Millisecond,
			Completion: func(msgs []kafka.Message, err error) {
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed = err
					return
				}
				for _, m := range msgs {
					acked[string(m.Key)] = m
				}
			},
		}
		if *a.Partition >= 0 {
			p := *a.Partition
			w.Balancer = kafka.BalancerFunc(func(kafka.Message, ...int) int { return p })
		}
		msgs := make([]kafka.Message, sp.count)
		for i := range msgs {
			key, value, ts := a.Record(si, i, global)
			global++
			msgs[i] = kafka.Message{Key: []byte(key), Value: []byte(value)}
			for _, h := range a.Headers.Pairs() {
				msgs[i].Headers = append(msgs[i].Headers, kafka.Header{Key: h[0], Value: []byte(h[1])})
			}
			if ts >= 0 {
				msgs[i].Time = time.UnixMilli(ts)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := w.WriteMessages(ctx, msgs...)
		cancel()
		if err != nil {
			gocli.Fail("write %s: %v", s, err)
		}
		if err := w.Close(); err != nil {
			gocli.Fail("close writer: %v", err)
		}
		if failed != nil {
			gocli.Fail("write %s: %v", s, failed)
		}
		for _, m := range msgs {
			a, ok := acked[string(m.Key)]
			if !ok {
				gocli.Fail("no completion for %s", m.Key)
			}
			off := a.Offset
			if sp.acks == kafka.RequireNone {
				off = -1
			}
			fmt.Printf("ack %d %d %s %s\n", a.Partition, off, m.Key, m.Value)
		}
	}
}

// consume reads one partition with a kafka.Reader (no group): SetOffset for
// earliest/latest/offset:N, SetOffsetAt for ts:MS.
func consume(args []string) {
	fs := flag.NewFlagSet("consume", flag.ExitOnError)
	a := gocli.ConsumeFlags(fs)
	isolation, printHeaders := gocli.IsolationFlag(fs), gocli.HeadersFlag(fs)
	fs.Parse(args)
	bootstrap, topic, partition, from, count, timeoutMs := a.Bootstrap, a.Topic, a.Partition, a.From, a.Count, a.TimeoutMs
	level := kafka.ReadUncommitted
	if *isolation == "read_committed" {
		level = kafka.ReadCommitted
	}
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        gocli.Brokers(*bootstrap),
		Topic:          *topic,
		Partition:      *partition,
		MaxWait:        200 * time.Millisecond,
		IsolationLevel: level,
	})
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
	defer cancel()
	var err error
	switch f := gocli.ParseFrom(*from); f.Kind {
	case gocli.FromEarliest:
		err = r.SetOffset(kafka.FirstOffset)
	case gocli.FromLatest:
		err = r.SetOffset(kafka.LastOffset)
	case gocli.FromOffset:
		err = r.SetOffset(f.N)
	case gocli.FromTimestamp:
		err = r.SetOffsetAt(ctx, time.UnixMilli(f.N))
	}
	if err != nil {
		gocli.Fail("set offset %s: %v", *from, err)
	}
	for got := 0; got < *count; got++ {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			gocli.Fail("after %d of %d records: %v", got, *count, err)
		}
		fmt.Printf("rec %d %d %d %s %s\n", m.Partition, m.Offset, m.Time.UnixMilli(), m.Key, m.Value)
		if *printHeaders {
			for _, h := range m.Headers {
				fmt.Printf("hdr %d %s %s\n", m.Offset, h.Key, h.Value)
			}
		}
	}
}

// offsets: the partition leader's kafka.Conn (DialLeader): ReadFirstOffset, ReadLastOffset
// and ReadOffset per timestamp.
func offsets(args []string) {
	fs := flag.NewFlagSet("offsets", flag.ExitOnError)
	a := gocli.OffsetsFlags(fs)
	fs.Parse(args)
	bootstrap, topic, partition := a.Bootstrap, a.Topic, a.Partition
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := kafka.DialLeader(ctx, "tcp", gocli.Brokers(*bootstrap)[0], *topic, *partition)
	if err != nil {
		gocli.Fail("dial leader of %s/%d: %v", *topic, *partition, err)
	}
	defer conn.Close()
	first, err := conn.ReadFirstOffset()
	if err != nil {
		gocli.Fail("first offset: %v", err)
	}
	last, err := conn.ReadLastOffset()
	if err != nil {
		gocli.Fail("last offset: %v", err)
	}
	fmt.Printf("earliest %d\nlatest %d\n", first, last)
	for _, s := range a.Stamps {
		ms := gocli.ParseTs(s)
		o, err := conn.ReadOffset(time.UnixMilli(ms))
		if err != nil {
			gocli.Fail("offset for time %d: %v", ms, err)
		}
		fmt.Printf("ts %d %d\n", ms, o)
	}
}

func admin(args []string) {
	if len(args) < 1 {
		gocli.Fail("usage: kafkago-client admin ACTION ...")
	}
	fs := flag.NewFlagSet("admin", flag.ExitOnError)
	a := gocli.AdminFlags(fs)
	replication := fs.Int("replication-factor", 1, "replication factor for create")
	groupID := fs.String("group", "", "consumer group")
	fs.Parse(args[1:])
	bootstrap, topic, partitions, total := a.Bootstrap, a.Topic, a.Partitions, a.Total
	client := &kafka.Client{Addr: kafka.TCP(gocli.Brokers(*bootstrap)...), Timeout: 20 * time.Second}
	ctx := context.Background()
	switch args[0] {
	case "create":
		var entries []kafka.ConfigEntry
		for _, kv := range a.Configs.Pairs() {
			entries = append(entries, kafka.ConfigEntry{ConfigName: kv[0], ConfigValue: kv[1]})
		}
		res, err := client.CreateTopics(ctx, &kafka.CreateTopicsRequest{Topics: []kafka.TopicConfig{{
			Topic: *topic, NumPartitions: *partitions, ReplicationFactor: *replication, ConfigEntries: entries,
		}}})
		if err == nil {
			err = res.Errors[*topic]
		}
		if err != nil {
			gocli.Fail("create %s: %v", *topic, err)
		}
		fmt.Printf("created %s %d\n", *topic, *partitions)
	case "create-conn":
		// The low-level API: Conn.CreateTopics on the controller's connection.
		conn, err := kafka.Dial("tcp", gocli.Brokers(*bootstrap)[0])
		if err != nil {
			gocli.Fail("dial: %v", err)
		}
		defer conn.Close()
		controller, err := conn.Controller()
		if err != nil {
			gocli.Fail("controller: %v", err)
		}
		cc, err := kafka.Dial("tcp", net.JoinHostPort(controller.Host, strconv.Itoa(controller.Port)))
		if err != nil {
			gocli.Fail("dial controller: %v", err)
		}
		defer cc.Close()
		if err := cc.CreateTopics(kafka.TopicConfig{Topic: *topic, NumPartitions: *partitions, ReplicationFactor: *replication}); err != nil {
			gocli.Fail("create %s: %v", *topic, err)
		}
		fmt.Printf("created %s %d\n", *topic, *partitions)
	case "delete":
		res, err := client.DeleteTopics(ctx, &kafka.DeleteTopicsRequest{Topics: []string{*topic}})
		if err == nil {
			err = res.Errors[*topic]
		}
		if err != nil {
			gocli.Fail("delete %s: %v", *topic, err)
		}
		fmt.Printf("deleted %s\n", *topic)
	case "list":
		// The low-level API: Conn.ReadPartitions with no topic lists every partition.
		conn, err := kafka.Dial("tcp", gocli.Brokers(*bootstrap)[0])
		if err != nil {
			gocli.Fail("dial: %v", err)
		}
		defer conn.Close()
		parts, err := conn.ReadPartitions()
		if err != nil {
			gocli.Fail("read partitions: %v", err)
		}
		counts := map[string]int{}
		for _, p := range parts {
			counts[p.Topic]++
		}
		names := make([]string, 0, len(counts))
		for n := range counts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Printf("topic %s %d\n", n, counts[n])
		}
	case "describe-topic":
		conn, err := kafka.Dial("tcp", gocli.Brokers(*bootstrap)[0])
		if err != nil {
			gocli.Fail("dial: %v", err)
		}
		defer conn.Close()
		parts, err := conn.ReadPartitions(*topic)
		if err != nil {
			gocli.Fail("read partitions %s: %v", *topic, err)
		}
		sort.Slice(parts, func(i, j int) bool { return parts[i].ID < parts[j].ID })
		for _, p := range parts {
			fmt.Printf("partition %s %d leader %d replicas %d isr %d\n", p.Topic, p.ID, p.Leader.ID, len(p.Replicas), len(p.Isr))
		}
	case "describe-configs":
		res, err := client.DescribeConfigs(ctx, &kafka.DescribeConfigsRequest{Resources: []kafka.DescribeConfigRequestResource{{
			ResourceType: kafka.ResourceTypeTopic, ResourceName: *topic,
		}}})
		if err != nil {
			gocli.Fail("describe configs %s: %v", *topic, err)
		}
		for _, r := range res.Resources {
			if r.Error != nil {
				gocli.Fail("describe configs %s: %v", *topic, r.Error)
			}
			for _, e := range r.ConfigEntries {
				fmt.Printf("config %s %s\n", e.ConfigName, e.ConfigValue)
			}
		}
	case "alter-config":
		var cs []kafka.IncrementalAlterConfigsRequestConfig
		for _, kv := range a.Configs.Pairs() {
			cs = append(cs, kafka.IncrementalAlterConfigsRequestConfig{Name: kv[0], Value: kv[1], ConfigOperation: kafka.ConfigOperationSet})
		}
		res, err := client.IncrementalAlterConfigs(ctx, &kafka.IncrementalAlterConfigsRequest{Resources: []kafka.IncrementalAlterConfigsRequestResource{{
			ResourceType: kafka.ResourceTypeTopic, ResourceName: *topic, Configs: cs,
		}}})
		if err == nil {
			for _, r := range res.Resources {
				if r.Error != nil {
					err = r.Error
				}
			}
		}
		if err != nil {
			gocli.Fail("alter configs %s: %v", *topic, err)
		}
		fmt.Printf("altered %s\n", *topic)
	case "alter-config-legacy":
		var cs []kafka.AlterConfigRequestConfig
		for _, kv := range a.Configs.Pairs() {
			cs = append(cs, kafka.AlterConfigRequestConfig{Name: kv[0], Value: kv[1]})
		}
		res, err := client.AlterConfigs(ctx, &kafka.AlterConfigsRequest{Resources: []kafka.AlterConfigRequestResource{{
			ResourceType: kafka.ResourceTypeTopic, ResourceName: *topic, Configs: cs,
		}}})
		if err == nil {
			for _, e := range res.Errors {
				if e != nil {
					err = e
				}
			}
		}
		if err != nil {
			gocli.Fail("alter configs %s: %v", *topic, err)
		}
		fmt.Printf("altered %s\n", *topic)
	case "create-partitions":
		res, err := client.CreatePartitions(ctx, &kafka.CreatePartitionsRequest{Topics: []kafka.TopicPartitionsConfig{{
			Name: *topic, Count: int32(*total),
		}}})
		if err == nil {
			err = res.Errors[*topic]
		}
		if err != nil {
			gocli.Fail("create partitions %s: %v", *topic, err)
		}
		fmt.Printf("partitions %s %d\n", *topic, *total)
	case "group-offsets":
		conn, err := kafka.Dial("tcp", gocli.Brokers(*bootstrap)[0])
		if err != nil {
			gocli.Fail("dial: %v", err)
		}
		parts, err := conn.ReadPartitions(*topic)
		conn.Close()
		if err != nil {
			gocli.Fail("read partitions %s: %v", *topic, err)
		}
		ids := make([]int, len(parts))
		for i, p := range parts {
			ids[i] = p.ID
		}
		res, err := client.OffsetFetch(ctx, &kafka.OffsetFetchRequest{GroupID: *groupID, Topics: map[string][]int{*topic: ids}})
		if err == nil {
			err = res.Error
		}
		if err != nil {
			gocli.Fail("offset fetch %s: %v", *groupID, err)
		}
		var lines []string
		for t, ps := range res.Topics {
			for _, p := range ps {
				if p.Error != nil {
					gocli.Fail("offset %s/%d: %v", t, p.Partition, p.Error)
				}
				lines = append(lines, fmt.Sprintf("offset %s %d %d", t, p.Partition, p.CommittedOffset))
			}
		}
		sort.Strings(lines)
		for _, l := range lines {
			fmt.Println(l)
		}
	default:
		gocli.Fail("unknown admin command %q", args[0])
	}
}

var outMu sync.Mutex

func printf(format string, args ...any) {
	outMu.Lock()
	defer outMu.Unlock()
	fmt.Printf(format, args...)
}

// group subscribes with kafka.ConsumerGroup: each generation's assignment is printed, each
// assigned partition is read by a partition Reader from the generation's offset, and every
// record is committed with Generation.CommitOffsets (synchronous) before the next is read.
func group(args []string) {
	fs := flag.NewFlagSet("group", flag.ExitOnError)
	a := gocli.GroupFlags(fs)
	fs.Parse(args)
	a.ClassicOnly()
	bootstrap, instanceID, assignor, from, clientID := a.Bootstrap, a.InstanceID, a.Assignor, a.From, a.ClientID
	if *instanceID != "" {
		gocli.Unsupported("kafka-go has no static membership (group.instance.id)")
	}
	var balancer kafka.GroupBalancer
	switch *assignor {
	case "range":
		balancer = kafka.RangeGroupBalancer{}
	case "roundrobin":
		balancer = kafka.RoundRobinGroupBalancer{}
	default:
		gocli.Unsupported("kafka-go has no %s assignor", *assignor)
	}
	start := kafka.FirstOffset
	if *from == "latest" {
		start = kafka.LastOffset
	}
	session := time.Duration(*a.SessionMs) * time.Millisecond
	dialer := &kafka.Dialer{Timeout: 10 * time.Second, DualStack: true}
	if *clientID != "" {
		dialer.ClientID = *clientID
	}
	cg, err := kafka.NewConsumerGroup(kafka.ConsumerGroupConfig{
		ID:                *a.Group,
		Brokers:           gocli.Brokers(*bootstrap),
		Dialer:            dialer,
		Topics:            a.Topics,
		GroupBalancers:    []kafka.GroupBalancer{balancer},
		SessionTimeout:    session,
		HeartbeatInterval: session / 3,
		StartOffset:       start,
		RebalanceTimeout:  session,
	})
	if err != nil {
		gocli.Fail("new consumer group: %v", err)
	}
	stop, stopped := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopped()
	var lastMu sync.Mutex
	var lastRecord time.Time
	idle := time.Duration(*a.IdleMs) * time.Millisecond
	idleCtx, idleStop := context.WithCancel(stop)
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for idleCtx.Err() == nil {
			<-t.C
			lastMu.Lock()
			expired := idle > 0 && !lastRecord.IsZero() && time.Since(lastRecord) >= idle
			lastMu.Unlock()
			if expired {
				idleStop()
			}
		}
	}()
	for idleCtx.Err() == nil {
		gen, err := cg.Next(idleCtx)
		if err != nil {
			if idleCtx.Err() != nil {
				break
			}
			fmt.Fprintf(os.Stderr, "kafkago-client: next generation: %v\n", err)
			continue
		}
		owned := map[gocli.TP]bool{}
		for t, ps := range gen.Assignments {
			for _, p := range ps {
				owned[gocli.TP{Topic: t, Partition: int32(p.ID)}] = true
			}
		}
		printf("assigned %s\n", gocli.TPList(owned))
		for t, ps := range gen.Assignments {
			for _, p := range ps {
				t, p := t, p
				gen.Start(func(ctx context.Context) {
					r := kafka.NewReader(kafka.ReaderConfig{
						Brokers: gocli.Brokers(*bootstrap), Topic: t, Partition: p.ID,
						MaxWait: 100 * time.Millisecond, Dialer: dialer,
					})
					defer r.Close()
					if err := r.SetOffset(p.Offset); err != nil {
						fmt.Fprintf(os.Stderr, "kafkago-client: set offset %s/%d: %v\n", t, p.ID, err)
						return
					}
					for {
						m, err := r.ReadMessage(ctx)
						if err != nil {
							return
						}
						key, value := "-", "-"
						if m.Key != nil {
							key = string(m.Key)
						}
						if m.Value != nil {
							value = string(m.Value)
						}
						printf("grec %s %d %d %s %s\n", m.Topic, m.Partition, m.Offset, key, value)
						lastMu.Lock()
						lastRecord = time.Now()
						lastMu.Unlock()
						if err := gen.CommitOffsets(map[string]map[int]int64{t: {p.ID: m.Offset + 1}}); err != nil {
							printf("commitfail %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
							return
						}
						printf("committed %s %d %d\n", t, p.ID, m.Offset+1)
					}
				})
			}
		}
		// The generation ends when the group rebalances (Next then returns the next one) or
		// when the consumer group closes.
		select {
		case <-idleCtx.Done():
		case <-genDone(gen):
		}
		if len(owned) > 0 {
			printf("revoked %s\n", gocli.TPList(owned))
		}
		printf("assigned \n")
	}
	if err := cg.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "kafkago-client: close: %v\n", err)
	}
	printf("closed\n")
}

// genDone is closed when the generation ends: kafka-go ends a generation's Start functions'
// context when the group rebalances, so one more Start tells when that happened.
func genDone(gen *kafka.Generation) <-chan struct{} {
	done := make(chan struct{})
	gen.Start(func(ctx context.Context) {
		<-ctx.Done()
		close(done)
	})
	return done
}

// readerGroup: a kafka.Reader with a GroupID reads --topic until --count records arrived,
// committing each with CommitMessages (synchronous, CommitInterval 0), then closes (leaving
// the group). Prints grec and committed lines as group does, then "closed".
func readerGroup(args []string) {
	fs := flag.NewFlagSet("reader-group", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "", "broker address")
	topic := fs.String("topic", "", "topic")
	groupID := fs.String("group", "", "consumer group")
	count := fs.Int("count", 0, "records to read before closing")
	sessionMs := fs.Int("session-timeout-ms", 10000, "session timeout")
	timeoutMs := fs.Int("timeout-ms", 60000, "give up after this long")
	fs.Parse(args)
	session := time.Duration(*sessionMs) * time.Millisecond
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:           gocli.Brokers(*bootstrap),
		GroupID:           *groupID,
		Topic:             *topic,
		StartOffset:       kafka.FirstOffset,
		MaxWait:           100 * time.Millisecond,
		SessionTimeout:    session,
		HeartbeatInterval: session / 3,
		RebalanceTimeout:  session,
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*timeoutMs)*time.Millisecond)
	defer cancel()
	for got := 0; got < *count; got++ {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			gocli.Fail("after %d of %d records: %v", got, *count, err)
		}
		fmt.Printf("grec %s %d %d %s %s\n", m.Topic, m.Partition, m.Offset, m.Key, m.Value)
		if err := r.CommitMessages(ctx, m); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				gocli.Fail("commit: %v", err)
			}
			fmt.Printf("commitfail %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		fmt.Printf("committed %s %d %d\n", m.Topic, m.Partition, m.Offset+1)
	}
	if err := r.Close(); err != nil {
		gocli.Fail("close: %v", err)
	}
	fmt.Println("closed")
}

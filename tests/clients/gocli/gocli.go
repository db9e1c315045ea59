// Package gocli holds what the Go test clients under tests/clients (franz-client, sarama-client
// and kafkago-client) share of the common command line (tests/clients/README.md): command
// dispatch, repeatable flags, bootstrap lists, the flag sets of produce, consume, offsets, admin,
// group and ctp, --spec and --from parsing, failing with the right exit status, and the TOPIC:P
// lists that `group` prints.
package gocli

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Program names the client in its error messages.
var Program = "go-client"

// MultiFlag is a repeatable string flag.
type MultiFlag []string

func (m *MultiFlag) String() string     { return strings.Join(*m, ",") }
func (m *MultiFlag) Set(v string) error { *m = append(*m, v); return nil }

// Pairs splits each K=V value at its first "=" (V empty when there is none).
func (m MultiFlag) Pairs() [][2]string {
	pairs := make([][2]string, len(m))
	for i, kv := range m {
		k, v, _ := strings.Cut(kv, "=")
		pairs[i] = [2]string{k, v}
	}
	return pairs
}

// Brokers splits a bootstrap list "host:port,host:port".
func Brokers(bootstrap string) []string { return strings.Split(bootstrap, ",") }

// Fail prints the message on stderr and exits 1.
func Fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, Program+": "+format+"\n", args...)
	os.Exit(1)
}

// Unsupported prints the message on stderr and exits 2: the client cannot do what was asked.
func Unsupported(format string, args ...any) {
	fmt.Fprintf(os.Stderr, Program+": "+format+"\n", args...)
	os.Exit(2)
}

// Spec is one producer run of --spec ACKS:CODEC:COUNT: Acks "all", "1" or "0"; Codec none,
// gzip, snappy, lz4 or zstd.
type Spec struct {
	Acks  string
	Codec string
	Count int
}

// ParseSpec checks and splits a --spec value (acks "-1" is read as "all").
func ParseSpec(s string) Spec {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		Fail("bad --spec %q (want ACKS:CODEC:COUNT)", s)
	}
	sp := Spec{Acks: parts[0], Codec: parts[1]}
	switch sp.Acks {
	case "all", "1", "0":
	case "-1":
		sp.Acks = "all"
	default:
		Fail("bad acks %q", parts[0])
	}
	switch sp.Codec {
	case "none", "gzip", "snappy", "lz4", "zstd":
	default:
		Fail("bad codec %q", parts[1])
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 {
		Fail("bad count %q", parts[2])
	}
	sp.Count = n
	return sp
}

// TP is one partition of a topic.
type TP struct {
	Topic     string
	Partition int32
}

// TPList formats a set of partitions as the sorted "TOPIC:P,..." that `group` prints.
func TPList(set map[TP]bool) string {
	l := make([]TP, 0, len(set))
	for k := range set {
		l = append(l, k)
	}
	sort.Slice(l, func(i, j int) bool {
		if l[i].Topic != l[j].Topic {
			return l[i].Topic < l[j].Topic
		}
		return l[i].Partition < l[j].Partition
	})
	parts := make([]string, len(l))
	for i, k := range l {
		parts[i] = fmt.Sprintf("%s:%d", k.Topic, k.Partition)
	}
	return strings.Join(parts, ",")
}

// Run calls the command that os.Args[1] names with the arguments after it.
func Run(commands map[string]func(args []string)) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(os.Args) < 2 {
		Fail("usage: %s %s ...", Program, strings.Join(names, "|"))
	}
	command, ok := commands[os.Args[1]]
	if !ok {
		Fail("unknown command %q (commands: %s)", os.Args[1], strings.Join(names, ", "))
	}
	command(os.Args[2:])
}

// ProduceArgs are the flags of `produce` that every client takes.
type ProduceArgs struct {
	Bootstrap, Topic, Seed *string
	Partition              *int
	TimestampBase          *int64
	Specs, Headers         MultiFlag
}

// ProduceFlags registers produce's common flags on fs (Headers stays empty unless HeaderFlag
// registers --header too).
func ProduceFlags(fs *flag.FlagSet) *ProduceArgs {
	a := &ProduceArgs{
		Bootstrap:     fs.String("bootstrap", "", "broker address(es), comma-separated"),
		Topic:         fs.String("topic", "", "topic"),
		Partition:     fs.Int("partition", 0, "partition"),
		Seed:          fs.String("seed", "0", "seed for values"),
		TimestampBase: fs.Int64("timestamp-base", -1, "record i gets timestamp base+i (ms)"),
	}
	fs.Var(&a.Specs, "spec", "ACKS:CODEC:COUNT (repeatable)")
	return a
}

// HeaderFlag registers produce's --header K=V (sarama, kafka-go) on fs.
func (a *ProduceArgs) HeaderFlag(fs *flag.FlagSet) {
	fs.Var(&a.Headers, "header", "K=V header on every record (repeatable)")
}

// Record gives record i of spec s: its key, its value, and its timestamp in ms (-1 when
// --timestamp-base is not given; else the base plus global, the record's index over all specs).
func (a *ProduceArgs) Record(s, i, global int) (key, value string, timestampMs int64) {
	key = fmt.Sprintf("k%d-%d", s, i)
	value = fmt.Sprintf("v%s-%d-%d", *a.Seed, s, i)
	timestampMs = -1
	if *a.TimestampBase >= 0 {
		timestampMs = *a.TimestampBase + int64(global)
	}
	return key, value, timestampMs
}

// ConsumeArgs are the flags of `consume` (group-less, one partition) that every client takes.
type ConsumeArgs struct {
	Bootstrap, Topic, From      *string
	Partition, Count, TimeoutMs *int
}

// ConsumeFlags registers consume's common flags on fs.
func ConsumeFlags(fs *flag.FlagSet) *ConsumeArgs {
	return &ConsumeArgs{
		Bootstrap: fs.String("bootstrap", "", "broker address(es), comma-separated"),
		Topic:     fs.String("topic", "", "topic"),
		Partition: fs.Int("partition", 0, "partition"),
		From:      fs.String("from", "earliest", "earliest|latest|offset:N|ts:MS"),
		Count:     fs.Int("count", 0, "records to read before exiting"),
		TimeoutMs: fs.Int("timeout-ms", 15000, "give up after this long"),
	}
}

// HeadersFlag registers consume's --headers (sarama, kafka-go) on fs.
func HeadersFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("headers", false, "print each record's headers (hdr lines)")
}

// IsolationFlag registers --isolation (sarama's consume and group, kafka-go's consume) on fs.
func IsolationFlag(fs *flag.FlagSet) *string {
	return fs.String("isolation", "read_uncommitted", "read_uncommitted|read_committed")
}

// FromKind is what a consume --from names.
type FromKind int

const (
	FromEarliest  FromKind = iota // earliest
	FromLatest                    // latest
	FromOffset                    // offset:N
	FromTimestamp                 // ts:MS
)

// From is a checked consume --from: its kind, and N, the offset or the timestamp (ms).
type From struct {
	Kind FromKind
	N    int64
}

// ParseFrom checks and splits a consume --from value.
func ParseFrom(s string) From {
	number := func(prefix string) int64 {
		n, err := strconv.ParseInt(strings.TrimPrefix(s, prefix), 10, 64)
		if err != nil {
			Fail("bad --from %q", s)
		}
		return n
	}
	switch {
	case s == "earliest":
		return From{Kind: FromEarliest}
	case s == "latest":
		return From{Kind: FromLatest}
	case strings.HasPrefix(s, "offset:"):
		return From{Kind: FromOffset, N: number("offset:")}
	case strings.HasPrefix(s, "ts:"):
		return From{Kind: FromTimestamp, N: number("ts:")}
	}
	Fail("bad --from %q", s)
	return From{}
}

// OffsetsArgs are the flags of `offsets`.
type OffsetsArgs struct {
	Bootstrap, Topic *string
	Partition        *int
	Stamps           MultiFlag
}

// OffsetsFlags registers offsets' flags on fs.
func OffsetsFlags(fs *flag.FlagSet) *OffsetsArgs {
	a := &OffsetsArgs{
		Bootstrap: fs.String("bootstrap", "", "broker address"),
		Topic:     fs.String("topic", "", "topic"),
		Partition: fs.Int("partition", 0, "partition"),
	}
	fs.Var(&a.Stamps, "ts", "timestamp (ms) to look up (repeatable)")
	return a
}

// ParseTs checks one offsets --ts value (ms).
func ParseTs(s string) int64 {
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		Fail("bad --ts %q", s)
	}
	return ms
}

// AdminArgs are the flags of `admin ACTION` that every client takes.
type AdminArgs struct {
	Bootstrap, Topic  *string
	Partitions, Total *int
	Configs           MultiFlag
}

// AdminFlags registers admin's common flags on fs; a client adds its own before fs.Parse.
func AdminFlags(fs *flag.FlagSet) *AdminArgs {
	a := &AdminArgs{
		Bootstrap:  fs.String("bootstrap", "", "broker address"),
		Topic:      fs.String("topic", "", "topic"),
		Partitions: fs.Int("partitions", 1, "partition count for create"),
		Total:      fs.Int("total", 0, "new total partition count for create-partitions"),
	}
	fs.Var(&a.Configs, "config", "key=value (repeatable)")
	return a
}

// GroupArgs are the flags of `group` that every client takes.
type GroupArgs struct {
	Bootstrap, Group, Protocol, InstanceID, Assignor, From, ClientID *string
	SessionMs, IdleMs                                                *int
	Topics                                                           MultiFlag
}

// GroupFlags registers group's common flags on fs.
func GroupFlags(fs *flag.FlagSet) *GroupArgs {
	a := &GroupArgs{Bootstrap: fs.String("bootstrap", "", "broker address")}
	fs.Var(&a.Topics, "topic", "topic (repeatable)")
	a.Group = fs.String("group", "", "consumer group")
	a.Protocol = fs.String("protocol", "classic", "classic|consumer")
	a.InstanceID = fs.String("instance-id", "", "group.instance.id (static membership)")
	a.Assignor = fs.String("assignor", "range", "range|roundrobin|sticky|cooperative-sticky")
	a.SessionMs = fs.Int("session-timeout-ms", 10000, "session timeout")
	a.From = fs.String("from", "earliest", "earliest|latest")
	a.IdleMs = fs.Int("exit-after-idle-ms", 0, "exit once this long passes without a record (after the first)")
	a.ClientID = fs.String("client-id", "", "client id")
	return a
}

// ClassicOnly exits 2 unless --protocol is classic (no Go client speaks KIP-848's protocol).
func (a *GroupArgs) ClassicOnly() {
	if *a.Protocol != "classic" {
		Unsupported("unsupported protocol %s", *a.Protocol)
	}
}

// CtpArgs are the flags of `ctp` (consume-transform-produce).
type CtpArgs struct {
	Bootstrap, Topic, Out, Group, TxnID *string
	Count, TimeoutMs                    *int
}

// CtpFlags registers ctp's flags on fs.
func CtpFlags(fs *flag.FlagSet) *CtpArgs {
	return &CtpArgs{
		Bootstrap: fs.String("bootstrap", "", "broker address"),
		Topic:     fs.String("topic", "", "input topic"),
		Out:       fs.String("out", "", "output topic"),
		Group:     fs.String("group", "", "consumer group"),
		TxnID:     fs.String("txn-id", "", "transactional id"),
		Count:     fs.Int("count", 0, "input records to transform before exiting"),
		TimeoutMs: fs.Int("timeout-ms", 60000, "give up after this long"),
	}
}

// Package gocli holds what the Go test clients under tests/clients (sarama-client and
// kafkago-client) share of the common command line (tests/clients/README.md): repeatable
// flags, bootstrap lists, --spec parsing, failing with the right exit status, and the
// TOPIC:P lists that `group` prints.
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

// ProduceFlags registers produce's common flags on fs.
func ProduceFlags(fs *flag.FlagSet) *ProduceArgs {
	a := &ProduceArgs{
		Bootstrap:     fs.String("bootstrap", "", "broker address(es), comma-separated"),
		Topic:         fs.String("topic", "", "topic"),
		Partition:     fs.Int("partition", 0, "partition"),
		Seed:          fs.String("seed", "0", "seed for values"),
		TimestampBase: fs.Int64("timestamp-base", -1, "record i gets timestamp base+i (ms)"),
	}
	fs.Var(&a.Specs, "spec", "ACKS:CODEC:COUNT (repeatable)")
	fs.Var(&a.Headers, "header", "K=V header on every record (repeatable)")
	return a
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

// HeaderPairs splits each --header K=V.
func (a *ProduceArgs) HeaderPairs() [][2]string {
	pairs := make([][2]string, len(a.Headers))
	for i, h := range a.Headers {
		k, v, _ := strings.Cut(h, "=")
		pairs[i] = [2]string{k, v}
	}
	return pairs
}

// ConsumeArgs are the flags of `consume` (group-less, one partition) that every client takes.
type ConsumeArgs struct {
	Bootstrap, Topic, From, Isolation *string
	Partition, Count, TimeoutMs       *int
	Headers                           *bool
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
		Isolation: fs.String("isolation", "read_uncommitted", "read_uncommitted|read_committed"),
		Headers:   fs.Bool("headers", false, "print each record's headers (hdr lines)"),
	}
}

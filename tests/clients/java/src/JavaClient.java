// Java kafka-clients test client for Sluice's integration tests.
//
// Speaks the command line shared by every client program under tests/clients (see
// tests/clients/README.md). The producer keeps kafka-clients' defaults (idempotence on, so it
// sends InitProducerId) unless acks is not "all". Consumers use assign()/seek() without a
// group.id: no consumer group, except `group`, which subscribes as a member of a consumer group.
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public final class JavaClient {
    /** Limit: any single request to a local broker answers in well under a second. */
    private static final long REQUEST_TIMEOUT_MS = 15_000;

    private static final class Args {
        String bootstrap = "";
        String topic = "";
        int partition = 0;
        String seed = "0";
        long timestampBase = -1;
        String from = "earliest";
        int count = 0;
        long timeoutMs = 15_000;
        int partitions = 1;
        int total = 0;
        List<String> specs = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        Map<String, String> configs = new TreeMap<>();
        List<String> topics = new ArrayList<>();
        String group = "";
        String protocol = "classic";
        String instanceId = "";
        String assignor = "range";
        int sessionTimeoutMs = 10_000;
        long exitAfterIdleMs = 0;
        String clientId = "";

        static Args parse(String[] argv, int start) {
            Args a = new Args();
            for (int i = start; i < argv.length; i += 2) {
                if (i + 1 >= argv.length) fail("missing value for " + argv[i]);
                String v = argv[i + 1];
                switch (argv[i]) {
                    case "--bootstrap": a.bootstrap = v; break;
                    case "--topic": a.topic = v; a.topics.add(v); break;
                    case "--group": a.group = v; break;
                    case "--protocol": a.protocol = v; break;
                    case "--instance-id": a.instanceId = v; break;
                    case "--assignor": a.assignor = v; break;
                    case "--session-timeout-ms": a.sessionTimeoutMs = Integer.parseInt(v); break;
                    case "--exit-after-idle-ms": a.exitAfterIdleMs = Long.parseLong(v); break;
                    case "--client-id": a.clientId = v; break;
                    case "--partition": a.partition = Integer.parseInt(v); break;
                    case "--seed": a.seed = v; break;
                    case "--timestamp-base": a.timestampBase = Long.parseLong(v); break;
                    case "--from": a.from = v; break;
                    case "--count": a.count = Integer.parseInt(v); break;
                    case "--timeout-ms": a.timeoutMs = Long.parseLong(v); break;
                    case "--partitions": a.partitions = Integer.parseInt(v); break;
                    case "--total": a.total = Integer.parseInt(v); break;
                    case "--spec": a.specs.add(v); break;
                    case "--ts": a.timestamps.add(Long.parseLong(v)); break;
                    case "--config": {
                        int eq = v.indexOf('=');
                        if (eq < 0) fail("bad --config " + v);
                        a.configs.put(v.substring(0, eq), v.substring(eq + 1));
                        break;
                    }
                    default: fail("unknown argument " + argv[i]);
                }
            }
            return a;
        }
    }

    private static void fail(String msg) {
        System.err.println("java-client: " + msg);
        System.out.flush();
        System.exit(1);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length < 1) fail("usage: JavaClient produce|consume|offsets|admin|group ...");
        switch (argv[0]) {
            case "produce": produce(Args.parse(argv, 1)); break;
            case "consume": consume(Args.parse(argv, 1)); break;
            case "offsets": offsets(Args.parse(argv, 1)); break;
            case "group": group(Args.parse(argv, 1)); break;
            case "admin":
                if (argv.length < 2) fail("usage: JavaClient admin ACTION ...");
                admin(argv[1], Args.parse(argv, 2));
                break;
            default: fail("unknown command " + argv[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void produce(Args a) throws Exception {
        int global = 0;
        for (int si = 0; si < a.specs.size(); si++) {
            String[] parts = a.specs.get(si).split(":");
            if (parts.length != 3) fail("bad --spec " + a.specs.get(si));
            String acks = parts[0];
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, acks);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, parts[1]);
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
            // Idempotence is the default, but only valid with acks=all.
            if (!acks.equals("all")) p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                int count = Integer.parseInt(parts[2]);
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                List<String[]> kvs = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String key = "k" + si + "-" + i;
                    String value = "v" + a.seed + "-" + si + "-" + i;
                    Long ts = a.timestampBase >= 0 ? a.timestampBase + global : null;
                    global++;
                    sent.add(producer.send(new ProducerRecord<>(a.topic, a.partition, ts, key, value)));
                    kvs.add(new String[] {key, value});
                }
                producer.flush();
                for (int i = 0; i < count; i++) {
                    RecordMetadata md;
                    try {
                        md = sent.get(i).get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        fail("produce " + kvs.get(i)[0] + ": " + e);
                        return;
                    }
                    long offset = acks.equals("0") ? -1 : md.offset();
                    System.out.println("ack " + md.partition() + " " + offset + " " + kvs.get(i)[0] + " " + kvs.get(i)[1]);
                }
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(Args a) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // An out-of-range start offset is an error to report, not something to paper over.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT_MS));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT_MS));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static void consume(Args a) {
        TopicPartition tp = new TopicPartition(a.topic, a.partition);
        Duration timeout = Duration.ofMillis(REQUEST_TIMEOUT_MS);
        try (KafkaConsumer<String, String> c = consumer(a)) {
            c.assign(List.of(tp));
            if (a.from.equals("earliest")) {
                c.seekToBeginning(List.of(tp));
            } else if (a.from.equals("latest")) {
                c.seekToEnd(List.of(tp));
            } else if (a.from.startsWith("offset:")) {
                c.seek(tp, Long.parseLong(a.from.substring(7)));
            } else if (a.from.startsWith("ts:")) {
                long ts = Long.parseLong(a.from.substring(3));
                OffsetAndTimestamp found = c.offsetsForTimes(Map.of(tp, ts), timeout).get(tp);
                if (found == null) c.seekToEnd(List.of(tp));
                else c.seek(tp, found.offset());
            } else {
                fail("bad --from " + a.from);
            }
            long deadline = System.currentTimeMillis() + a.timeoutMs;
            int got = 0;
            while (got < a.count) {
                if (System.currentTimeMillis() > deadline) fail("timed out after " + got + " of " + a.count + " records");
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (got < a.count) {
                        System.out.println("rec " + r.partition() + " " + r.offset() + " " + r.timestamp() + " " + r.key() + " " + r.value());
                    }
                    got++;
                }
            }
        }
    }

    private static void offsets(Args a) {
        TopicPartition tp = new TopicPartition(a.topic, a.partition);
        Duration timeout = Duration.ofMillis(REQUEST_TIMEOUT_MS);
        try (KafkaConsumer<String, String> c = consumer(a)) {
            System.out.println("earliest " + c.beginningOffsets(List.of(tp), timeout).get(tp));
            System.out.println("latest " + c.endOffsets(List.of(tp), timeout).get(tp));
            for (long ts : a.timestamps) {
                OffsetAndTimestamp found = c.offsetsForTimes(Map.of(tp, ts), timeout).get(tp);
                System.out.println("ts " + ts + " " + (found == null ? -1 : found.offset()));
            }
        }
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void unsupported(String msg) {
        System.err.println("java-client: " + msg);
        System.exit(2);
    }

    private static final Comparator<TopicPartition> TP_ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private static String tpList(Collection<TopicPartition> tps) {
        TreeSet<TopicPartition> sorted = new TreeSet<>(TP_ORDER);
        sorted.addAll(tps);
        StringBuilder sb = new StringBuilder();
        for (TopicPartition tp : sorted) {
            if (sb.length() > 0) sb.append(',');
            sb.append(tp.topic()).append(':').append(tp.partition());
        }
        return sb.toString();
    }

    private static volatile boolean stopping = false;

    /** Subscribes as a member of --group; see tests/clients/README.md for the output. */
    private static void group(Args a) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, a.group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, a.from);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        if (a.protocol.equals("consumer")) {
            // KIP-848: the broker assigns and decides the session timeout.
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            p.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, a.assignor.equals("range") ? "range" : "uniform");
        } else if (a.protocol.equals("classic")) {
            String strategy;
            switch (a.assignor) {
                case "range": strategy = RangeAssignor.class.getName(); break;
                case "roundrobin": strategy = RoundRobinAssignor.class.getName(); break;
                case "sticky": strategy = StickyAssignor.class.getName(); break;
                case "cooperative-sticky": strategy = CooperativeStickyAssignor.class.getName(); break;
                default: unsupported("unknown assignor " + a.assignor); return;
            }
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, strategy);
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(a.sessionTimeoutMs));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(1, a.sessionTimeoutMs / 3)));
        } else {
            unsupported("unsupported protocol " + a.protocol);
        }
        if (!a.instanceId.isEmpty()) p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, a.instanceId);
        if (!a.clientId.isEmpty()) p.put(ConsumerConfig.CLIENT_ID_CONFIG, a.clientId);

        KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
        // Handling TERM ourselves replaces the JVM's exit on it: the main loop closes and exits 0.
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> {
            stopping = true;
            c.wakeup();
        });
        TreeSet<TopicPartition> owned = new TreeSet<>(TP_ORDER);
        c.subscribe(a.topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (partitions.isEmpty()) return;
                owned.removeAll(partitions);
                out("revoked " + tpList(partitions));
                out("assigned " + tpList(owned));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                owned.addAll(partitions);
                out("assigned " + tpList(owned));
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
        long lastRecord = -1;
        try {
            while (!stopping) {
                if (a.exitAfterIdleMs > 0 && lastRecord >= 0
                        && System.currentTimeMillis() - lastRecord >= a.exitAfterIdleMs) {
                    break;
                }
                Map<TopicPartition, OffsetAndMetadata> positions = new TreeMap<>(TP_ORDER);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out("grec " + r.topic() + " " + r.partition() + " " + r.offset() + " "
                        + (r.key() == null ? "-" : r.key()) + " " + (r.value() == null ? "-" : r.value()));
                    positions.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (positions.isEmpty()) continue;
                lastRecord = System.currentTimeMillis();
                try {
                    c.commitSync(positions);
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    out("commitfail " + e.getClass().getSimpleName());
                    continue;
                }
                positions.forEach((tp, om) -> out("committed " + tp.topic() + " " + tp.partition() + " " + om.offset()));
            }
        } catch (WakeupException e) {
            // SIGTERM: stop without committing anything more.
        }
        c.close();
        out("closed");
    }

    private static void admin(String action, Args a) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT_MS));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT_MS));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, a.topic);
        try (Admin admin = Admin.create(p)) {
            switch (action) {
                case "create": {
                    NewTopic t = new NewTopic(a.topic, a.partitions, (short) 1).configs(a.configs);
                    admin.createTopics(List.of(t)).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    System.out.println("created " + a.topic + " " + a.partitions);
                    break;
                }
                case "delete":
                    admin.deleteTopics(List.of(a.topic)).all().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    System.out.println("deleted " + a.topic);
                    break;
                case "list":
                    for (String name : new TreeMap<>(admin.listTopics().namesToListings().get()).keySet()) {
                        System.out.println("topic " + name);
                    }
                    break;
                case "describe-topic": {
                    TopicDescription d = admin.describeTopics(List.of(a.topic)).allTopicNames().get().get(a.topic);
                    for (TopicPartitionInfo info : d.partitions()) {
                        System.out.println("partition " + d.name() + " " + info.partition() + " leader " + info.leader().id()
                            + " replicas " + info.replicas().size() + " isr " + info.isr().size());
                    }
                    break;
                }
                case "describe-configs": {
                    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                    Map<String, String> sorted = new TreeMap<>();
                    for (ConfigEntry e : config.entries()) sorted.put(e.name(), e.value());
                    sorted.forEach((k, v) -> System.out.println("config " + k + " " + v));
                    break;
                }
                case "alter-config": {
                    Collection<AlterConfigOp> ops = new ArrayList<>();
                    a.configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
                    admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
                    System.out.println("altered " + a.topic);
                    break;
                }
                case "create-partitions":
                    admin.createPartitions(Map.of(a.topic, NewPartitions.increaseTo(a.total))).all().get();
                    System.out.println("partitions " + a.topic + " " + a.total);
                    break;
                case "describe-cluster": {
                    DescribeClusterResult r = admin.describeCluster();
                    System.out.println("cluster " + r.clusterId().get());
                    System.out.println("controller " + r.controller().get().id());
                    for (Node n : r.nodes().get()) System.out.println("node " + n.id() + " " + n.host() + ":" + n.port());
                    break;
                }
                default:
                    fail("unknown admin action " + action);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            fail(action + " " + a.topic + ": " + e.getCause());
        }
    }
}

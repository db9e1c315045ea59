// Kafka Streams with exactly_once_v2 for Sluice's integration tests (issue 13).
//
//   lines     --bootstrap B --topic T --lines N
//       Writes N lines of 5 words each; word j of line i is "w" + ((i * 7 + j * 13) % 20).
//   wordcount --bootstrap B --topic IN --out OUT --app ID --total W [--timeout-ms MS]
//       WordCount (flatMapValues, groupBy, count: a repartition and a changelog topic) with
//       processing.guarantee=exactly_once_v2, run until a read_committed consumer of OUT sees
//       latest counts that add up to W; prints "count <word> <n>" per word, sorted, and exits.
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

public final class StreamsClient {
    private static Map<String, String> args(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i + 1 < argv.length; i += 2) a.put(argv[i], argv[i + 1]);
        return a;
    }

    private static void fail(String message) {
        System.err.println("FAIL " + message);
        System.exit(1);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) fail("usage: lines|wordcount ...");
        Map<String, String> a = args(argv);
        switch (argv[0]) {
            case "lines": lines(a); break;
            case "wordcount": wordcount(a); break;
            default: fail("unknown command " + argv[0]);
        }
    }

    private static void lines(Map<String, String> a) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("--bootstrap"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        int n = Integer.parseInt(a.get("--lines"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < 5; j++) line.append(j == 0 ? "" : " ").append("w").append((i * 7 + j * 13) % 20);
                producer.send(new ProducerRecord<>(a.get("--topic"), null, line.toString()));
            }
        }
        System.out.println("lines " + n);
    }

    private static void wordcount(Map<String, String> a) {
        String bootstrap = a.get("--bootstrap");
        long total = Long.parseLong(a.get("--total"));
        long deadline = System.currentTimeMillis() + Long.parseLong(a.getOrDefault("--timeout-ms", "120000"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, a.get("--app"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, a.getOrDefault("--state-dir", System.getProperty("java.io.tmpdir") + "/sluice-streams-" + a.get("--app")));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(a.get("--topic"))
            .flatMapValues(v -> Arrays.asList(v.split(" ")))
            .groupBy((k, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
            .count(Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("counts"))
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
            .toStream()
            .to(a.get("--out"), Produced.with(Serdes.String(), Serdes.Long()));
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, a.get("--app") + "-checker");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class.getName());
        Map<String, Long> latest = new TreeMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(a.get("--out")));
            while (latest.values().stream().mapToLong(Long::longValue).sum() != total) {
                if (System.currentTimeMillis() > deadline) {
                    fail("timed out with counts " + latest + " (streams " + streams.state() + ")");
                }
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        streams.close(Duration.ofSeconds(30));
        for (Map.Entry<String, Long> e : latest.entrySet()) {
            System.out.println("count " + e.getKey() + " " + e.getValue());
        }
    }
}

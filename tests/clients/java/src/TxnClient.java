// Java kafka-clients transactions for Sluice's integration tests (issue 13).
//
//   produce   --bootstrap B --topic T --partitions P --txn-id ID --transactions N --per-txn K
//             [--abort-every M] [--hang] [--timeout-ms TXN_TIMEOUT]
//       N transactions of K records each, spread round-robin over the topic's P partitions,
//       values "t<i>-r<j>"; every M-th transaction (i % M == M-1) is aborted, after a flush so
//       its records are in the log. Prints "committed i" / "aborted i". With --hang, one more
//       transaction is begun, written and flushed, "open" printed, and the process sleeps
//       (a test kills it).
//   fence     --bootstrap B --topic T --txn-id ID
//       Two producers with the same transactional id: the second's initTransactions fences the
//       first, whose next commit fails with ProducerFencedException. Prints "fenced".
//   consume   --bootstrap B --topic T --partitions P --isolation read_committed|read_uncommitted
//             --count C [--timeout-ms MS]
//       Reads every partition from the beginning until C records came or the deadline passed
//       (then fails); prints "rec <partition> <offset> <value>" per record, then "end
//       <partition> <position>" per partition after the records (positions skip markers).
//   bench     --bootstrap B --topic T --partitions P --txn-id ID --transactions N --per-txn K
//             --size BYTES [--no-txn]
//       Throughput and latency of transactions of K records of BYTES each (after 20 warm-up
//       transactions): prints one line "transactions= records= seconds= records_per_s= mb_s=
//       txn_p50_ms= txn_p99_ms=". --no-txn: the same batches from an idempotent producer,
//       each followed by flush() instead of a commit (the baseline).
//   ctp       --bootstrap B --topic IN --out OUT --group G --txn-id ID --count C [--per-txn K]
//       Consume-transform-produce: reads C records of IN as group G, writes each value
//       upper-cased to OUT in transactions of K input records with sendOffsetsToTransaction,
//       then exits. Prints "done <C>".
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public final class TxnClient {
    private static Map<String, String> args(String[] argv) {
        Map<String, String> a = new HashMap<>();
        // Flags stand alone (anywhere); every other option takes the next argument.
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--hang") || argv[i].equals("--no-txn")) {
                a.put(argv[i], "1");
            } else if (i + 1 < argv.length) {
                a.put(argv[i], argv[++i]);
            }
        }
        return a;
    }

    private static void fail(String message) {
        System.err.println("FAIL " + message);
        System.exit(1);
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String txnId, int timeoutMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String isolation, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) fail("usage: produce|fence|consume|ctp ...");
        Map<String, String> a = args(argv);
        String bootstrap = a.get("--bootstrap");
        switch (argv[0]) {
            case "produce": produce(a, bootstrap); break;
            case "fence": fence(a, bootstrap); break;
            case "consume": consume(a, bootstrap); break;
            case "ctp": ctp(a, bootstrap); break;
            case "bench": bench(a, bootstrap); break;
            default: fail("unknown command " + argv[0]);
        }
    }

    private static void produce(Map<String, String> a, String bootstrap) throws Exception {
        String topic = a.get("--topic");
        int partitions = Integer.parseInt(a.getOrDefault("--partitions", "1"));
        int transactions = Integer.parseInt(a.get("--transactions"));
        int perTxn = Integer.parseInt(a.get("--per-txn"));
        int abortEvery = Integer.parseInt(a.getOrDefault("--abort-every", "0"));
        int timeoutMs = Integer.parseInt(a.getOrDefault("--timeout-ms", "60000"));
        KafkaProducer<String, String> p = producer(bootstrap, a.get("--txn-id"), timeoutMs);
        p.initTransactions();
        int next = 0;
        for (int i = 0; i < transactions; i++) {
            p.beginTransaction();
            for (int j = 0; j < perTxn; j++) {
                p.send(new ProducerRecord<>(topic, next++ % partitions, null, "t" + i + "-r" + j));
            }
            if (abortEvery > 0 && i % abortEvery == abortEvery - 1) {
                p.flush();
                p.abortTransaction();
                System.out.println("aborted " + i);
            } else {
                p.commitTransaction();
                System.out.println("committed " + i);
            }
            System.out.flush();
        }
        if (a.containsKey("--hang")) {
            p.beginTransaction();
            for (int j = 0; j < perTxn; j++) {
                p.send(new ProducerRecord<>(topic, next++ % partitions, null, "open-r" + j));
            }
            p.flush();
            System.out.println("open");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        p.close();
    }

    private static void fence(Map<String, String> a, String bootstrap) {
        String topic = a.get("--topic");
        String id = a.get("--txn-id");
        KafkaProducer<String, String> zombie = producer(bootstrap, id, 60_000);
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>(topic, 0, null, "zombie"));
        zombie.flush();
        KafkaProducer<String, String> fresh = producer(bootstrap, id, 60_000);
        fresh.initTransactions(); // aborts the zombie's transaction and fences it
        try {
            zombie.commitTransaction();
            fail("the zombie committed");
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            System.out.println("fenced");
        }
        fresh.beginTransaction();
        fresh.send(new ProducerRecord<>(topic, 0, null, "fresh"));
        fresh.commitTransaction();
        System.out.println("committed fresh");
        fresh.close();
        zombie.close(Duration.ZERO);
    }

    private static void consume(Map<String, String> a, String bootstrap) {
        String topic = a.get("--topic");
        int partitions = Integer.parseInt(a.getOrDefault("--partitions", "1"));
        int count = Integer.parseInt(a.get("--count"));
        long timeoutMs = Long.parseLong(a.getOrDefault("--timeout-ms", "30000"));
        try (KafkaConsumer<String, String> c = consumer(bootstrap, a.get("--isolation"), null)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) tps.add(new TopicPartition(topic, i));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.currentTimeMillis() + timeoutMs;
            int got = 0;
            while (got < count) {
                if (System.currentTimeMillis() > deadline) fail("timed out after " + got + " of " + count);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    System.out.println("rec " + r.partition() + " " + r.offset() + " " + r.value());
                    got++;
                }
            }
            // One more short poll: anything beyond `count` is printed too (the test checks).
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                System.out.println("rec " + r.partition() + " " + r.offset() + " " + r.value());
            }
            for (TopicPartition tp : tps) System.out.println("end " + tp.partition() + " " + c.position(tp));
        }
    }

    private static void bench(Map<String, String> a, String bootstrap) {
        String topic = a.get("--topic");
        int partitions = Integer.parseInt(a.getOrDefault("--partitions", "1"));
        int transactions = Integer.parseInt(a.get("--transactions"));
        int perTxn = Integer.parseInt(a.get("--per-txn"));
        int size = Integer.parseInt(a.getOrDefault("--size", "100"));
        boolean txn = !a.containsKey("--no-txn");
        KafkaProducer<String, String> p;
        if (txn) {
            p = producer(bootstrap, a.get("--txn-id"), 60_000);
            p.initTransactions();
        } else {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p = new KafkaProducer<>(props);
        }
        String value = "x".repeat(size);
        long[] latencies = new long[transactions];
        long start = 0;
        int next = 0;
        for (int i = -20; i < transactions; i++) {
            if (i == 0) start = System.nanoTime();
            long t0 = System.nanoTime();
            if (txn) p.beginTransaction();
            for (int j = 0; j < perTxn; j++) {
                p.send(new ProducerRecord<>(topic, next++ % partitions, null, value));
            }
            if (txn) p.commitTransaction(); else p.flush();
            if (i >= 0) latencies[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        java.util.Arrays.sort(latencies);
        long records = (long) transactions * perTxn;
        System.out.printf("transactions=%d records=%d seconds=%.2f records_per_s=%.0f mb_s=%.2f txn_p50_ms=%.2f txn_p99_ms=%.2f%n",
            transactions, records, seconds, records / seconds, records * size / seconds / 1e6,
            latencies[transactions / 2] / 1e6, latencies[(int) (transactions * 0.99)] / 1e6);
        p.close();
    }

    private static void ctp(Map<String, String> a, String bootstrap) {
        String in = a.get("--topic");
        String out = a.get("--out");
        int count = Integer.parseInt(a.get("--count"));
        int perTxn = Integer.parseInt(a.getOrDefault("--per-txn", "10"));
        long deadline = System.currentTimeMillis() + Long.parseLong(a.getOrDefault("--timeout-ms", "60000"));
        KafkaProducer<String, String> p = producer(bootstrap, a.get("--txn-id"), 60_000);
        p.initTransactions();
        try (KafkaConsumer<String, String> c = consumer(bootstrap, "read_committed", a.get("--group"))) {
            c.subscribe(List.of(in));
            int done = 0;
            List<ConsumerRecord<String, String>> batch = new ArrayList<>();
            while (done < count) {
                if (System.currentTimeMillis() > deadline) fail("timed out after " + done + " of " + count);
                ConsumerRecords<String, String> polled = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : polled) batch.add(r);
                while (done < count && !batch.isEmpty()
                        && (batch.size() >= perTxn || done + batch.size() >= count || polled.isEmpty())) {
                    int n = Math.min(Math.min(perTxn, batch.size()), count - done);
                    p.beginTransaction();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<String, String> r : batch.subList(0, n)) {
                        p.send(new ProducerRecord<>(out, r.partition(), r.key(), r.value().toUpperCase()));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    p.sendOffsetsToTransaction(offsets, c.groupMetadata());
                    p.commitTransaction();
                    batch.subList(0, n).clear();
                    done += n;
                }
            }
            System.out.println("done " + done);
        }
        p.close();
    }
}

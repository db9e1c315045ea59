// A source connector for the Kafka Connect exactly-once test (tests/integration/connect_eos.rs):
// one task emitting the sequence 0, 1, 2, ... as string values to `topic`, ten records per
// poll, its source offset the last sequence number. It resumes after the committed offset, so
// a read_committed consumer of `topic` sees 0, 1, 2, ... with no gap and no repeat when the
// worker runs with exactly.once.source.support=enabled, across a kill of the worker.
// Compiled by the test itself (javac) against the Connect jars.

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

public class EosSource extends SourceConnector {
    private Map<String, String> props;

    @Override public void start(Map<String, String> props) { this.props = props; }
    @Override public Class<? extends Task> taskClass() { return EosSourceTask.class; }
    @Override public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(props); }
    @Override public void stop() {}
    @Override public String version() { return "1"; }
    @Override public ConfigDef config() {
        return new ConfigDef().define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "target topic");
    }
    @Override public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    public static class EosSourceTask extends SourceTask {
        private static final Map<String, String> PARTITION = Map.of("source", "eos");
        private String topic;
        private long next;

        @Override public String version() { return "1"; }

        @Override public void start(Map<String, String> props) {
            topic = props.get("topic");
            Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
            next = offset == null ? 0 : ((Number) offset.get("seq")).longValue() + 1;
            System.out.println("eos task starts at " + next);
            System.out.flush();
        }

        @Override public List<SourceRecord> poll() throws InterruptedException {
            Thread.sleep(20);
            List<SourceRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long seq = next++;
                records.add(new SourceRecord(PARTITION, Map.of("seq", seq), topic, null,
                        null, null, Schema.STRING_SCHEMA, Long.toString(seq)));
            }
            return records;
        }

        @Override public void stop() {}
    }
}

//! The broker keys Sluice knows: Kafka 4.x names, types, defaults, validators and dynamic
//! update modes (Kafka's `KafkaConfig` and `DynamicBrokerConfig`), plus Sluice's own keys
//! (`num.shards`, `http.listeners`, `log.format`, `startup.timeout.ms`, `shutdown.timeout.ms`). Defaults are Kafka's except where `sluice_default_differs` says otherwise.

use crate::def::{
    ConfigType as T, DynamicMode as D, KeyDef, Usage, Validator as V, DOUBLE_MAX, INT_MAX, LONG_MAX,
};

/// A broker key: its definition, how it may change at run time, and what Sluice does with it.
#[derive(Clone, Copy, Debug)]
pub struct BrokerKey {
    pub def: KeyDef,
    pub dynamic: D,
    pub usage: Usage,
    /// `Some(kafka_default)` where Sluice's default differs from Kafka's (documented in the crate
    /// header and deploy/server.properties).
    pub sluice_default_differs: Option<&'static str>,
}

const PER_CORE: &str =
    "Sluice runs one shard per core (num.shards); Kafka's thread pools have no equivalent";
const KRAFT: &str =
    "Sluice runs its metadata quorum inside the broker process; KRaft wiring keys have no effect";
const REMOVED: &str = "removed in Kafka 4.0; ignored";
const REPLICATION: &str =
    "Sluice's replica fetchers (one connection per leader node and shard, plaintext) do not use it";
/// The replica selectors Sluice implements (KIP-392), by Kafka's class names.
const REPLICA_SELECTORS: &[&str] = &["org.apache.kafka.common.replica.RackAwareReplicaSelector"];
/// `authorizer.class.name` values: none, Kafka's StandardAuthorizer (which Sluice implements),
/// or Sluice's own name for it.
pub const AUTHORIZERS: &[&str] = &[
    "",
    "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "sluice",
];
const NO_TIERED: &str = "Sluice has no tiered storage";
const NO_SECURITY: &str =
    "delegation tokens and principal builder plug-ins are not implemented (TLS, SASL and ACLs are)";
const NO_POLICY: &str = "create/alter policy plug-ins are Java classes; Sluice cannot load them";
const METRICS: &str = "Sluice exports its own metrics; Kafka's metric reporters do not apply";

const fn key(
    name: &'static str,
    config_type: T,
    default: Option<&'static str>,
    validator: V,
    dynamic: D,
    usage: Usage,
    doc: &'static str,
) -> BrokerKey {
    BrokerKey {
        def: KeyDef {
            name,
            config_type,
            default,
            validator,
            doc,
        },
        dynamic,
        usage,
        sluice_default_differs: None,
    }
}

const fn sluice(mut key: BrokerKey, kafka_default: &'static str) -> BrokerKey {
    key.sluice_default_differs = Some(kafka_default);
    key
}

const U: Usage = Usage::Used;
const RO: D = D::ReadOnly;
const CW: D = D::ClusterWide;

/// Valid `compression.type` values (Kafka's BrokerCompressionType names).
pub const COMPRESSION_TYPES: &[&str] =
    &["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];
/// Valid `cleanup.policy` elements.
pub const CLEANUP_POLICIES: &[&str] = &["compact", "delete"];
/// `log.format` (Sluice only): text lines, or one JSON object per line.
pub const LOG_FORMATS: &[&str] = &["text", "json"];
/// Valid timestamp types.
pub const TIMESTAMP_TYPES: &[&str] = &["CreateTime", "LogAppendTime"];

/// `http.console.authentication`: auto (required with an authorizer), required, none.
pub const HTTP_CONSOLE_AUTHENTICATION: &[&str] = &["auto", "required", "none"];
/// `http.console.credentials`: where console logins are checked.
pub const HTTP_CONSOLE_CREDENTIALS: &[&str] = &["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"];
/// `http.unauthenticated.paths`: the HTTP paths that may be served without a login.
pub const HTTP_OPEN_PATHS: &[&str] = &["/metrics", "/health/live", "/health/ready"];

/// Where the shards serve HTTP (metrics, health) unless `http.listeners` says otherwise:
/// loopback only, on Redpanda's admin port, until the operator opens it.
pub const DEFAULT_HTTP_LISTENERS: &str = "http://127.0.0.1:9644";

/// Upper bound of `num.shards`: a shard id is a u16 and each shard pins a core; no machine we
/// target has more than 1024 cores, so a larger value is a typo.
pub const NUM_SHARDS_MAX: i64 = 1024;

/// Every broker key, sorted by name (a test keeps it so; lookups binary-search it).
pub static BROKER_KEYS: &[BrokerKey] = &[
    key("advertised.listeners", T::String, None, V::Custom(crate::listener::validate_listener_list), RO, U, "Listeners published to clients (Metadata responses), if different from listeners. Defaults to listeners, minus the controller listeners; an empty host is replaced by this machine's host name. Sluice cannot change it at run time."),
    key("allow.everyone.if.no.acl.found", T::Boolean, Some("false"), V::None, RO, U, "With an authorizer: a resource that no ACL names is open to everyone (otherwise only to super users)."),
    key("alter.config.policy.class.name", T::Class, None, V::None, RO, Usage::Unsupported(NO_POLICY), "Java class validating AlterConfigs requests."),
    key("authorizer.class.name", T::String, Some(""), V::OneOf(AUTHORIZERS), RO, U, "The authorizer: empty (none: every request is allowed and the ACL APIs answer SECURITY_DISABLED), or org.apache.kafka.metadata.authorizer.StandardAuthorizer (or sluice): ACLs in the metadata log, Kafka's rules."),
    key("auto.create.topics.enable", T::Boolean, Some("true"), V::None, RO, U, "Create a topic when a client asks for metadata of a topic that does not exist."),
    key("auto.leader.rebalance.enable", T::Boolean, Some("true"), V::None, RO, U, "Move leadership back to preferred replicas periodically."),
    key("background.threads", T::Int, Some("10"), V::AtLeast(1), CW, Usage::Ignored(PER_CORE), "Threads for background tasks."),
    key("broker.heartbeat.interval.ms", T::Int, Some("2000"), V::AtLeast(1), RO, U, "Interval between broker heartbeats to the controller (a node not yet registered retries every 200 ms)."),
    key("broker.id", T::Int, Some("-1"), V::None, RO, U, "Synonym of node.id; if both are set they must be equal."),
    key("broker.rack", T::String, None, V::None, RO, U, "Rack of this broker, for rack-aware replica placement."),
    key("broker.session.timeout.ms", T::Int, Some("9000"), V::AtLeast(1), RO, U, "How long a broker lease lasts without heartbeats: the active controller fences a broker it has not heard from for this long (fenced brokers are not listed to clients)."),
    key("compression.gzip.level", T::Int, Some("-1"), V::Custom(crate::topic_keys::validate_gzip_level), CW, U, "Compression level when compression.type is gzip."),
    key("compression.lz4.level", T::Int, Some("9"), V::Between(1, 17), CW, U, "Compression level when compression.type is lz4."),
    key("compression.type", T::String, Some("producer"), V::OneOf(COMPRESSION_TYPES), CW, U, "Final compression of a topic's data: a codec, uncompressed, or producer (keep the producer's)."),
    key("compression.zstd.level", T::Int, Some("3"), V::Between(-131072, 22), CW, U, "Compression level when compression.type is zstd."),
    key("connection.failed.authentication.delay.ms", T::Int, Some("100"), V::AtLeast(0), RO, U, "Delay before closing a connection after failed authentication."),
    // Kafka has no validator here; a negative idle time is meaningless, so Sluice requires >= 0.
    key("connections.max.idle.ms", T::Long, Some("600000"), V::AtLeast(0), RO, U, "Close connections idle for longer than this."),
    key("connections.max.reauth.ms", T::Long, Some("0"), V::AtLeast(0), RO, U, "Longest SASL session before the client must re-authenticate (KIP-368); 0 = no limit. Per listener and mechanism with listener.name.<l>.<mechanism>.connections.max.reauth.ms."),
    key("controlled.shutdown.enable", T::Boolean, Some("true"), V::None, RO, U, "On shutdown, first ask the controller to move this broker's leaderships to other ISR members (bounded by 30 s)."),
    key("controller.listener.names", T::String, None, V::None, RO, U, "Names of the listeners the KRaft controller uses; excluded from advertised listeners."),
    key("controller.quorum.bootstrap.servers", T::List, Some(""), V::None, RO, U, "Controllers to bootstrap from (KIP-853 dynamic quorum), host:port."),
    key("controller.quorum.election.timeout.ms", T::Int, Some("1000"), V::AtLeast(10), RO, U, "The random back-off before a voter starts an election once it stopped hearing from the leader (up to this long after controller.quorum.fetch.timeout.ms), and between failed elections; the metadata driver ticks ten times per timeout."),
    key("controller.quorum.fetch.timeout.ms", T::Int, Some("2000"), V::AtLeast(10), RO, U, "How long a member of the metadata quorum tolerates silence from the leader before it starts an election (after a random back-off of up to controller.quorum.election.timeout.ms), and a leader silence from a majority before it steps down."),
    key("controller.quorum.voters", T::List, Some(""), V::Custom(validate_quorum_voters), RO, U, "Static quorum voters, id@host:port."),
    key("controller.quota.window.num", T::Int, Some("11"), V::AtLeast(1), RO, U, "Samples of the controller mutation quota (KIP-599): its token bucket holds this many windows of controller_mutation_rate."),
    key("controller.quota.window.size.seconds", T::Int, Some("1"), V::AtLeast(1), RO, U, "Length of each controller mutation quota sample."),
    key("create.topic.policy.class.name", T::Class, None, V::None, RO, Usage::Unsupported(NO_POLICY), "Java class validating CreateTopics requests."),
    key("default.replication.factor", T::Int, Some("1"), V::Between(1, i16::MAX as i64), RO, U, "Replication factor of automatically created topics and of CreateTopics without one."),
    key("delete.records.purgatory.purge.interval.requests", T::Int, Some("1"), V::None, RO, Usage::Ignored(PER_CORE), "Purge interval of the delete-records purgatory."),
    key("delete.topic.enable", T::Boolean, Some("true"), V::None, RO, U, "Allow DeleteTopics; when false, deletion requests are refused."),
    key("early.start.listeners", T::String, None, V::None, RO, Usage::Ignored(KRAFT), "Listeners started before the authorizer is ready."),
    key("fetch.max.bytes", T::Int, Some("57671680"), V::AtLeast(1024), RO, U, "Largest response a Fetch request may get."),
    key("fetch.purgatory.purge.interval.requests", T::Int, Some("1000"), V::None, RO, Usage::Ignored(PER_CORE), "Purge interval of the fetch purgatory."),
    key("group.consumer.assignors", T::List, Some("uniform,range"), V::None, RO, U, "Server-side assignors of KIP-848 consumer groups; the first is the default."),
    key("group.consumer.heartbeat.interval.ms", T::Int, Some("5000"), V::AtLeast(1), RO, U, "Heartbeat interval of KIP-848 consumer group members."),
    key("group.consumer.max.heartbeat.interval.ms", T::Int, Some("15000"), V::AtLeast(1), RO, U, "Largest heartbeat interval a KIP-848 consumer group may set."),
    key("group.consumer.max.session.timeout.ms", T::Int, Some("60000"), V::AtLeast(1), RO, U, "Largest session timeout a KIP-848 consumer group may set."),
    key("group.consumer.max.size", T::Int, Some(INT_MAX), V::AtLeast(1), RO, U, "Most members a KIP-848 consumer group may have."),
    key("group.consumer.min.heartbeat.interval.ms", T::Int, Some("5000"), V::AtLeast(1), RO, U, "Smallest heartbeat interval a KIP-848 consumer group may set."),
    key("group.consumer.min.session.timeout.ms", T::Int, Some("45000"), V::AtLeast(1), RO, U, "Smallest session timeout a KIP-848 consumer group may set."),
    key("group.consumer.session.timeout.ms", T::Int, Some("45000"), V::AtLeast(1), RO, U, "Session timeout of KIP-848 consumer group members."),
    key("group.coordinator.rebalance.protocols", T::List, Some("classic,consumer"), V::ListOf(&["classic", "consumer", "share", "streams"]), RO, U, "Rebalance protocols the group coordinator accepts."),
    // Kafka has no validator here; a negative delay is meaningless, so Sluice requires >= 0.
    key("group.initial.rebalance.delay.ms", T::Int, Some("3000"), V::AtLeast(0), RO, U, "How long the coordinator waits for more members before the first rebalance of an empty classic group."),
    key("group.max.session.timeout.ms", T::Int, Some("1800000"), V::AtLeast(0), RO, U, "Largest session timeout a classic group member may ask for."),
    key("group.max.size", T::Int, Some(INT_MAX), V::AtLeast(1), RO, U, "Most members a classic group may have."),
    key("group.min.session.timeout.ms", T::Int, Some("6000"), V::AtLeast(0), RO, U, "Smallest session timeout a classic group member may ask for."),
    key("http.console.authentication", T::String, Some("auto"), V::OneOf(HTTP_CONSOLE_AUTHENTICATION), RO, U, "Sluice only: who uses the web console and its JSON API. required: a login (the /login form, then a session cookie; or HTTP Basic on /api/) with a user's password from http.console.credentials; the principal is User:<name>, authorized by the broker's authorizer as a Kafka client would be. none: no login; every request is User:ANONYMOUS (all allowed without an authorizer, its ACLs with one). auto: required when authorizer.class.name is set, none otherwise."),
    key("http.console.credentials", T::List, Some("SCRAM-SHA-512,SCRAM-SHA-256,PLAIN"), V::ListOf(HTTP_CONSOLE_CREDENTIALS), RO, U, "Sluice only: where a console login's password is checked, in order; the first source that knows the user decides. SCRAM-SHA-512 / SCRAM-SHA-256: the user's SCRAM credential in the metadata log (kafka-configs --entity-type users --add-config 'SCRAM-SHA-512=[password=...]'), checked by deriving its salted password. PLAIN: the user_<name> passwords of the SASL listeners that enable PLAIN (listener.name.<l>.plain.sasl.jaas.config), in listeners order."),
    key("http.console.enabled", T::Boolean, Some("false"), V::None, RO, U, "Sluice only: serve the web console (/ and its JSON API under /api/) on the HTTP listeners; read-only; what a principal sees is what the authorizer lets it describe and read (see http.console.authentication)."),
    key("http.console.session.timeout.ms", T::Long, Some("3600000"), V::AtLeast(1000), RO, U, "Sluice only: how long a console login lasts (the session cookie's Max-Age); the user logs in again after it."),
    key("http.console.sessions.max", T::Int, Some("1000"), V::AtLeast(1), RO, U, "Sluice only: console sessions held at most by this broker; a login past it ends the session closest to expiry."),
    key("http.listeners", T::List, Some(DEFAULT_HTTP_LISTENERS), V::Custom(crate::http::validate_http_listeners), RO, U, "Sluice only: HTTP listeners the shards serve /metrics (Prometheus text format), /health/live and /health/ready on, as http://host:port, comma-separated; port 0 binds a free port (logged in the `sluice started` line); never a port of `listeners`; empty disables HTTP."),
    key("http.unauthenticated.paths", T::List, Some("/metrics,/health/live,/health/ready"), V::ListOf(HTTP_OPEN_PATHS), RO, U, "Sluice only: which of /metrics, /health/live and /health/ready are served without a login while the console requires one (http.console.authentication); a path left out then needs a session cookie or HTTP Basic credentials, as /api/ does (Prometheus: basic_auth)."),
    key("initial.broker.registration.timeout.ms", T::Int, Some("60000"), V::None, RO, Usage::Ignored(KRAFT), "How long a broker waits for its first registration."),
    key("inter.broker.listener.name", T::String, None, V::None, RO, U, "Listener brokers use to talk to each other."),
    key("inter.broker.protocol.version", T::String, None, V::None, RO, Usage::Ignored(REMOVED), "Replaced by metadata.version feature levels."),
    key("leader.imbalance.check.interval.seconds", T::Long, Some("300"), V::AtLeast(1), RO, U, "How often the leader balance is checked."),
    key("leader.imbalance.per.broker.percentage", T::Int, Some("10"), V::None, RO, U, "Leader imbalance tolerated per broker, in percent."),
    key("listener.security.protocol.map", T::String, Some("SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT"), V::Custom(crate::listener::validate_protocol_map), RO, U, "Map of listener name to security protocol, NAME:PROTOCOL pairs separated by commas."),
    sluice(key("listeners", T::String, Some("PLAINTEXT://127.0.0.1:9092"), V::Custom(crate::listener::validate_bound_listener_list), RO, U, "Comma-separated NAME://host:port to listen on; an empty host binds every interface. Sluice cannot change it at run time."), "PLAINTEXT://:9092"),
    key("log.cleaner.backoff.ms", T::Long, Some("15000"), V::AtLeast(0), CW, U, "Sleep of the log cleaner when there is nothing to clean."),
    key("log.cleaner.dedupe.buffer.size", T::Long, Some("134217728"), V::None, CW, U, "Memory for log deduplication across all cleaner threads."),
    key("log.cleaner.delete.retention.ms", T::Long, Some("86400000"), V::AtLeast(0), CW, U, "Default delete.retention.ms: how long tombstones stay in compacted topics."),
    key("log.cleaner.enable", T::Boolean, Some("true"), V::None, RO, U, "Run the log cleaner (needed by compacted topics such as __consumer_offsets)."),
    key("log.cleaner.io.buffer.load.factor", T::Double, Some("0.9"), V::None, CW, U, "Load factor of the cleaner's dedupe buffer."),
    key("log.cleaner.io.buffer.size", T::Int, Some("524288"), V::AtLeast(0), CW, U, "I/O buffer memory across all cleaner threads."),
    key("log.cleaner.io.max.bytes.per.second", T::Double, Some(DOUBLE_MAX), V::None, CW, U, "Cleaner I/O throttle (read plus write)."),
    key("log.cleaner.max.compaction.lag.ms", T::Long, Some(LONG_MAX), V::AtLeast(1), CW, U, "Default max.compaction.lag.ms."),
    key("log.cleaner.min.cleanable.ratio", T::Double, Some("0.5"), V::DoubleBetween(0.0, 1.0), CW, U, "Default min.cleanable.dirty.ratio."),
    key("log.cleaner.min.compaction.lag.ms", T::Long, Some("0"), V::AtLeast(0), CW, U, "Default min.compaction.lag.ms."),
    key("log.cleaner.threads", T::Int, Some("1"), V::AtLeast(0), CW, U, "Log cleaner threads (Sluice cleans on each shard)."),
    key("log.cleanup.policy", T::List, Some("delete"), V::ListOf(CLEANUP_POLICIES), CW, U, "Default cleanup.policy: delete, compact, or both."),
    sluice(key("log.dir", T::List, Some("./data"), V::NonEmptyDistinctList, RO, U, "Directory of the log data, used when log.dirs is not set."), "/tmp/kafka-logs"),
    key("log.dir.failure.timeout.ms", T::Long, Some("30000"), V::AtLeast(1), RO, Usage::Ignored(KRAFT), "Shut down if a failed log directory cannot be reported for this long."),
    key("log.dirs", T::List, None, V::NonEmptyDistinctList, RO, U, "Comma-separated directories of the log data; log.dir is used if not set."),
    key("log.flush.interval.messages", T::Long, Some("1"), V::AtLeast(1), CW, U, "Messages appended to a partition before its log is fsynced. Sluice's default 1 fsyncs before every acknowledgement (group commit); Kafka's default 9223372036854775807 never forces a flush."),
    // Kafka has no validator here but the topic synonym flush.ms requires >= 0.
    key("log.flush.interval.ms", T::Long, None, V::AtLeast(0), CW, U, "Longest time appended data stays unflushed; log.flush.scheduler.interval.ms is used if not set."),
    key("log.flush.offset.checkpoint.interval.ms", T::Int, Some("60000"), V::AtLeast(0), RO, U, "How often the recovery point checkpoint is written."),
    key("log.flush.scheduler.interval.ms", T::Long, Some(LONG_MAX), V::None, RO, U, "How often the flusher checks for logs to flush; fallback of log.flush.interval.ms."),
    key("log.flush.start.offset.checkpoint.interval.ms", T::Int, Some("60000"), V::AtLeast(0), RO, U, "How often the log start offset checkpoint is written."),
    key("log.format", T::String, Some("text"), V::OneOf(LOG_FORMATS), RO, U, "Sluice only: how the broker writes its log lines on stderr: text, or json (one JSON object per line: timestamp, level, target, message and fields). Levels per module change at run time with kafka-configs --entity-type broker-loggers."),
    key("log.index.interval.bytes", T::Int, Some("4096"), V::AtLeast(0), CW, U, "Bytes of log between two offset index entries."),
    key("log.index.size.max.bytes", T::Int, Some("10485760"), V::AtLeast(4), CW, U, "Largest offset index file."),
    key("log.local.retention.bytes", T::Long, Some("-2"), V::AtLeast(-2), CW, Usage::Ignored(NO_TIERED), "Local retention size with tiered storage; -2 = retention.bytes."),
    key("log.local.retention.ms", T::Long, Some("-2"), V::AtLeast(-2), CW, Usage::Ignored(NO_TIERED), "Local retention time with tiered storage; -2 = retention.ms."),
    key("log.message.downconversion.enable", T::Boolean, Some("true"), V::None, RO, Usage::Ignored(REMOVED), "Down-conversion for old consumers."),
    key("log.message.format.version", T::String, None, V::None, RO, Usage::Ignored(REMOVED), "Message format version of appended data."),
    key("log.message.timestamp.after.max.ms", T::Long, Some("3600000"), V::AtLeast(0), CW, U, "How far in the future a CreateTime timestamp may be."),
    key("log.message.timestamp.before.max.ms", T::Long, Some(LONG_MAX), V::AtLeast(0), CW, U, "How far in the past a CreateTime timestamp may be."),
    key("log.message.timestamp.type", T::String, Some("CreateTime"), V::OneOf(TIMESTAMP_TYPES), CW, U, "CreateTime keeps the producer's timestamp; LogAppendTime overwrites it with the broker's clock."),
    key("log.preallocate", T::Boolean, Some("false"), V::None, CW, U, "Preallocate segment files when they are created."),
    key("log.retention.bytes", T::Long, Some("-1"), V::None, CW, U, "Largest size of a partition's log before old segments are deleted; -1 = no limit."),
    key("log.retention.check.interval.ms", T::Long, Some("300000"), V::AtLeast(1), RO, U, "How often retention is checked."),
    key("log.retention.hours", T::Int, Some("168"), V::None, RO, U, "Retention time in hours; used when log.retention.ms and log.retention.minutes are not set."),
    key("log.retention.minutes", T::Int, None, V::None, RO, U, "Retention time in minutes; used when log.retention.ms is not set."),
    key("log.retention.ms", T::Long, None, V::None, CW, U, "Retention time in milliseconds; -1 = no limit. Wins over log.retention.minutes and log.retention.hours."),
    key("log.roll.hours", T::Int, Some("168"), V::AtLeast(1), RO, U, "Segment roll time in hours; used when log.roll.ms is not set."),
    key("log.roll.jitter.hours", T::Int, Some("0"), V::AtLeast(0), RO, U, "Segment roll jitter in hours; used when log.roll.jitter.ms is not set."),
    key("log.roll.jitter.ms", T::Long, None, V::AtLeast(0), CW, U, "Largest random jitter subtracted from the roll time, in milliseconds."),
    // Kafka has no broker-level validator; its topic synonym segment.ms requires >= 1.
    key("log.roll.ms", T::Long, None, V::AtLeast(1), CW, U, "Segment roll time in milliseconds; wins over log.roll.hours."),
    key("log.segment.bytes", T::Int, Some("1073741824"), V::AtLeast(1048576), CW, U, "Largest segment file (Kafka 4.0 raised the minimum to 1 MiB)."),
    key("log.segment.delete.delay.ms", T::Long, Some("60000"), V::AtLeast(0), CW, U, "Delay between retiring a segment and deleting its files."),
    key("max.connection.creation.rate", T::Int, Some(INT_MAX), V::AtLeast(0), CW, U, "New connections accepted per second per listener."),
    key("max.connections", T::Int, Some(INT_MAX), V::AtLeast(0), CW, U, "Most connections the broker accepts."),
    key("max.connections.per.ip", T::Int, Some(INT_MAX), V::AtLeast(0), CW, U, "Most connections accepted from one IP address."),
    key("max.connections.per.ip.overrides", T::String, Some(""), V::Custom(validate_per_ip_overrides), CW, U, "Per-host or per-IP limits, host:count pairs separated by commas."),
    key("max.incremental.fetch.session.cache.slots", T::Int, Some("1000"), V::AtLeast(0), RO, U, "Incremental fetch sessions the broker keeps."),
    key("message.max.bytes", T::Int, Some("1048588"), V::AtLeast(0), CW, U, "Largest record batch the broker accepts (after compression)."),
    key("metadata.log.max.record.bytes.between.snapshots", T::Long, Some("20971520"), V::AtLeast(1), RO, U, "Bytes of metadata records applied after which the metadata log takes a snapshot and drops the entries it covers (also every 1,000 entries)."),
    key("min.insync.replicas", T::Int, Some("1"), V::AtLeast(1), CW, U, "Replicas that must have a write before acks=all succeeds."),
    sluice(key("node.id", T::Int, Some("1"), V::AtLeast(0), RO, U, "Id of this node. Kafka requires it; Sluice defaults to 1 for its embedded single node."), "-1 (required)"),
    key("num.io.threads", T::Int, Some("8"), V::AtLeast(1), CW, Usage::Ignored(PER_CORE), "Request handler threads."),
    key("num.network.threads", T::Int, Some("3"), V::AtLeast(1), CW, Usage::Ignored(PER_CORE), "Network threads."),
    key("num.partitions", T::Int, Some("1"), V::AtLeast(1), RO, U, "Partitions of automatically created topics and of CreateTopics without a count."),
    key("num.recovery.threads.per.data.dir", T::Int, Some("2"), V::AtLeast(1), CW, Usage::Ignored(PER_CORE), "Threads recovering logs at start-up."),
    key("num.replica.alter.log.dirs.threads", T::Int, None, V::None, RO, Usage::Ignored(PER_CORE), "Threads moving replicas between log directories."),
    key("num.replica.fetchers", T::Int, Some("1"), V::None, CW, Usage::Ignored(PER_CORE), "Replica fetcher threads."),
    key("num.shards", T::Int, None, V::Between(1, NUM_SHARDS_MAX), RO, U, "Sluice only: shards (one core and one thread each). Default: one per available core."),
    key("offset.metadata.max.bytes", T::Int, Some("4096"), V::None, RO, U, "Largest metadata string of a committed offset."),
    key("offsets.commit.timeout.ms", T::Int, Some("5000"), V::AtLeast(1), RO, U, "How long an offset commit may wait for its write."),
    key("offsets.load.buffer.size", T::Int, Some("5242880"), V::AtLeast(1), RO, U, "Read batch size when loading offsets."),
    key("offsets.retention.check.interval.ms", T::Long, Some("600000"), V::AtLeast(1), RO, U, "How often stale offsets are checked."),
    key("offsets.retention.minutes", T::Int, Some("10080"), V::AtLeast(1), RO, U, "How long committed offsets of an empty group are kept."),
    key("offsets.topic.num.partitions", T::Int, Some("50"), V::AtLeast(1), RO, U, "Partitions of __consumer_offsets (fixed once created)."),
    key("offsets.topic.replication.factor", T::Short, Some("3"), V::AtLeast(1), RO, U, "Replication factor of __consumer_offsets. Creation fails until that many brokers exist; set 1 on a single node."),
    key("offsets.topic.segment.bytes", T::Int, Some("104857600"), V::AtLeast(1), RO, U, "Segment size of __consumer_offsets."),
    key("principal.builder.class", T::Class, None, V::None, RO, Usage::Unsupported(NO_SECURITY), "Java class building principals."),
    key("process.roles", T::List, Some(""), V::Custom(validate_process_roles), RO, U, "KRaft roles of this node (broker, controller). Empty: Sluice's embedded single node, which formats itself. Set: the node's log dirs must be formatted with `sluice format`."),
    key("producer.id.expiration.ms", T::Int, Some("86400000"), V::AtLeast(1), CW, U, "How long producer state is kept after its last write."),
    key("producer.purgatory.purge.interval.requests", T::Int, Some("1000"), V::None, RO, Usage::Ignored(PER_CORE), "Purge interval of the produce purgatory."),
    key("queued.max.request.bytes", T::Long, Some("-1"), V::None, RO, U, "Bytes of queued requests before reading stops; -1 = no limit."),
    key("queued.max.requests", T::Int, Some("500"), V::AtLeast(1), RO, U, "Queued requests before reading stops."),
    key("quota.window.num", T::Int, Some("11"), V::AtLeast(1), RO, U, "Samples a client quota's rate is averaged over (produce, fetch and request quotas)."),
    key("quota.window.size.seconds", T::Int, Some("1"), V::AtLeast(1), RO, U, "Length of each client quota sample."),
    key("remote.log.storage.system.enable", T::Boolean, Some("false"), V::None, RO, Usage::Ignored(NO_TIERED), "Enable tiered storage."),
    key("replica.fetch.backoff.ms", T::Int, Some("1000"), V::AtLeast(0), RO, U, "Sleep after a fetch error."),
    key("replica.fetch.max.bytes", T::Int, Some("1048576"), V::AtLeast(0), RO, U, "Bytes fetched per partition by followers."),
    key("replica.fetch.min.bytes", T::Int, Some("1"), V::None, RO, U, "Least bytes a follower fetch waits for."),
    key("replica.fetch.response.max.bytes", T::Int, Some("10485760"), V::AtLeast(0), RO, U, "Largest follower fetch response."),
    key("replica.fetch.wait.max.ms", T::Int, Some("500"), V::None, RO, U, "Longest wait of a follower fetch."),
    key("replica.high.watermark.checkpoint.interval.ms", T::Long, Some("5000"), V::None, RO, U, "How often the high watermark checkpoint is written."),
    key("replica.lag.time.max.ms", T::Long, Some("30000"), V::None, RO, U, "A follower that has not caught up for this long leaves the ISR."),
    key("replica.selector.class", T::Class, None, V::OneOf(REPLICA_SELECTORS), RO, U, "Picks the replica a consumer with client.rack reads from (KIP-392): Kafka's RackAwareReplicaSelector, the one Sluice implements; unset, consumers read from leaders."),
    key("replica.socket.receive.buffer.bytes", T::Int, Some("65536"), V::None, RO, Usage::Ignored(REPLICATION), "Receive buffer of follower connections."),
    key("replica.socket.timeout.ms", T::Int, Some("30000"), V::None, RO, U, "Socket timeout of follower connections."),
    key("security.inter.broker.protocol", T::String, Some("PLAINTEXT"), V::OneOf(&["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]), RO, Usage::Ignored(REPLICATION), "Security protocol between brokers."),
    key("shutdown.timeout.ms", T::Long, Some("30000"), V::AtLeast(1000), RO, U, "Sluice only: longest a SIGTERM/SIGINT shutdown may take (finishing requests, flushing logs); past it the process exits non-zero naming the shard and step it was stuck in. A second signal exits at once."),
    key("socket.connection.setup.timeout.max.ms", T::Long, Some("30000"), V::None, RO, Usage::Ignored(REPLICATION), "Longest outbound connection setup timeout."),
    key("socket.connection.setup.timeout.ms", T::Long, Some("10000"), V::None, RO, Usage::Ignored(REPLICATION), "Outbound connection setup timeout."),
    sluice(key("socket.listen.backlog.size", T::Int, Some("1024"), V::AtLeast(1), RO, U, "Listen backlog of each shard's client listener sockets (one accept queue per shard and listener). Sluice's default takes a burst of connections at once without dropped SYNs."), "50"),
    sluice(key("socket.receive.buffer.bytes", T::Int, Some("-1"), V::None, RO, U, "SO_RCVBUF of client connections; -1 = the OS default, which Linux tunes to the connection (Sluice's default: a fixed 100 KiB caps a producer connection at 100 KiB per round trip)."), "102400"),
    key("socket.request.max.bytes", T::Int, Some("104857600"), V::AtLeast(1), RO, U, "Largest request the broker reads."),
    sluice(key("socket.send.buffer.bytes", T::Int, Some("-1"), V::None, RO, U, "SO_SNDBUF of client connections; -1 = the OS default, which Linux tunes to the connection (Sluice's default: with a fixed 100 KiB a fetch response goes out 200 KB per round trip, and max-rate consumers fell seconds behind its producers)."), "102400"),
    key("startup.timeout.ms", T::Long, Some("60000"), V::AtLeast(1000), RO, U, "Sluice only: longest start-up may go without progress (log recovery reports progress per log); past it the process exits non-zero naming the shard and the step it was stuck in."),
    key("super.users", T::String, None, V::None, RO, U, "Principals (User:name, separated by ;) the authorizer allows everything."),
    key("transaction.abort.timed.out.transaction.cleanup.interval.ms", T::Int, Some("10000"), V::AtLeast(1), RO, U, "How often timed-out transactions are aborted."),
    key("transaction.max.timeout.ms", T::Int, Some("900000"), V::AtLeast(1), RO, U, "Longest transaction timeout a producer may ask for."),
    key("transaction.partition.verification.enable", T::Boolean, Some("true"), V::None, CW, U, "Verify that a partition is part of a transaction before appending transactional data."),
    key("transaction.remove.expired.transaction.cleanup.interval.ms", T::Int, Some("3600000"), V::AtLeast(1), RO, U, "How often expired transactional ids are removed."),
    key("transaction.state.log.load.buffer.size", T::Int, Some("5242880"), V::AtLeast(1), RO, U, "Read batch size when loading transaction state."),
    key("transaction.state.log.min.isr", T::Int, Some("2"), V::AtLeast(1), RO, U, "min.insync.replicas of __transaction_state."),
    key("transaction.state.log.num.partitions", T::Int, Some("50"), V::AtLeast(1), RO, U, "Partitions of __transaction_state."),
    key("transaction.state.log.replication.factor", T::Short, Some("3"), V::AtLeast(1), RO, U, "Replication factor of __transaction_state. Creation fails until that many brokers exist; set 1 on a single node."),
    key("transaction.state.log.segment.bytes", T::Int, Some("104857600"), V::AtLeast(1), RO, U, "Segment size of __transaction_state."),
    key("transactional.id.expiration.ms", T::Int, Some("604800000"), V::AtLeast(1), RO, U, "How long an idle transactional id is kept."),
    key("unclean.leader.election.enable", T::Boolean, Some("false"), V::None, CW, U, "Allow an out-of-sync replica to become leader (may lose data)."),
    key("unstable.api.versions.enable", T::Boolean, Some("false"), V::None, RO, Usage::Ignored(KRAFT), "Advertise unreleased API versions."),
    key("unstable.feature.versions.enable", T::Boolean, Some("false"), V::None, RO, Usage::Ignored(KRAFT), "Allow unreleased feature levels."),
];

/// Families of keys recognised by prefix, with what Sluice does with them. Values are not
/// checked (Sluice does not model these keys).
pub static BROKER_PREFIXES: &[(&str, Usage)] = &[
    (
        "client.quota.",
        Usage::Unsupported(
            "client quota callbacks are Java plug-ins; Sluice applies Kafka's default callback",
        ),
    ),
    (
        "config.providers",
        Usage::Unsupported(
            "config providers are Java plug-ins; ${...} references are not resolved",
        ),
    ),
    ("controller.quorum.", Usage::Ignored(KRAFT)),
    ("delegation.token.", Usage::Unsupported(NO_SECURITY)),
    (
        "group.share.",
        Usage::Unsupported("share groups are not implemented yet"),
    ),
    (
        "group.streams.",
        Usage::Unsupported("streams groups (KIP-1071) are not implemented yet"),
    ),
    ("kafka.metrics.", Usage::Ignored(METRICS)),
    ("metadata.", Usage::Ignored(KRAFT)),
    ("metric.reporters", Usage::Ignored(METRICS)),
    ("metrics.", Usage::Ignored(METRICS)),
    (
        "password.encoder.",
        Usage::Ignored("Sluice stores no encoded passwords"),
    ),
    ("remote.log.", Usage::Ignored(NO_TIERED)),
    (
        "replication.quota.",
        Usage::Unsupported("quotas are not implemented yet"),
    ),
    (
        "share.",
        Usage::Unsupported("share groups are not implemented yet"),
    ),
    (
        "zookeeper.",
        Usage::Ignored(
            "ZooKeeper mode was removed in Kafka 4.0; Sluice keeps metadata in its own Raft log",
        ),
    ),
];

/// The definition of a broker key, if Sluice knows it by name.
pub fn broker_key(name: &str) -> Option<&'static BrokerKey> {
    BROKER_KEYS
        .binary_search_by(|key| key.def.name.cmp(name))
        .ok()
        .map(|at| &BROKER_KEYS[at])
}

/// The `ssl.*` keys a TLS listener is built from (the `security` crate reads them): the key
/// and trust stores (Kafka's per-listener security keys) and these.
const SSL_KEYS_USED: &[&str] = &[
    "ssl.allow.dn.changes",
    "ssl.allow.san.changes",
    "ssl.cipher.suites",
    "ssl.client.auth",
    "ssl.enabled.protocols",
    "ssl.principal.mapping.rules",
];

/// What Sluice does with an `ssl.*` key.
fn ssl_usage(name: &str) -> Usage {
    const JAVA_TLS: &str = "a setting of Java's TLS implementation; Sluice's TLS is rustls";
    match name {
        _ if SSL_KEYS_USED.contains(&name)
            || crate::kafka_broker_keys::LISTENER_PREFIX_ONLY.contains(&name) =>
        {
            Usage::Used
        }
        "ssl.protocol" => {
            Usage::Ignored("rustls negotiates the highest version in ssl.enabled.protocols")
        }
        "ssl.provider"
        | "ssl.engine.factory.class"
        | "ssl.keymanager.algorithm"
        | "ssl.trustmanager.algorithm"
        | "ssl.secure.random.implementation" => Usage::Ignored(JAVA_TLS),
        // The client side of this node's TLS connections to its peers (`security::peer`).
        "ssl.endpoint.identification.algorithm" => Usage::Used,
        _ => Usage::Unsupported("this TLS setting is not implemented yet"),
    }
}

/// What Sluice does with a `sasl.*` key, or a per-listener `<mechanism>.sasl.jaas.config`.
fn sasl_usage(name: &str) -> Usage {
    match name {
        // The SCRAM login modules' username and password are this node's own credentials
        // towards its peers (inter-broker and controller listeners, `security::peer`).
        "sasl.enabled.mechanisms"
        | "plain.sasl.jaas.config"
        | "scram-sha-256.sasl.jaas.config"
        | "scram-sha-512.sasl.jaas.config"
        | "sasl.jaas.config"
        | "sasl.mechanism.inter.broker.protocol"
        | "sasl.mechanism.controller.protocol"
        // OAUTHBEARER's validators (`security::oauth`).
        | "oauthbearer.sasl.jaas.config"
        | "oauthbearer.sasl.server.callback.handler.class"
        | "sasl.server.callback.handler.class"
        | "sasl.oauthbearer.clock.skew.seconds"
        | "sasl.oauthbearer.expected.audience"
        | "sasl.oauthbearer.expected.issuer"
        | "sasl.oauthbearer.jwks.endpoint.refresh.ms"
        | "sasl.oauthbearer.jwks.endpoint.url"
        | "sasl.oauthbearer.scope.claim.name"
        | "sasl.oauthbearer.sub.claim.name" => Usage::Used,
        _ => Usage::Unsupported(
            "SASL PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER are implemented; other mechanisms and this SASL setting are not yet",
        ),
    }
}

/// What Sluice does with a key known only by its prefix. A per-listener key
/// (`listener.name.<name>.<key>`) is used as its base key is.
pub fn broker_prefix_usage(name: &str) -> Option<Usage> {
    if name.starts_with("ssl.") {
        return Some(ssl_usage(name));
    }
    if name.starts_with("sasl.") {
        return Some(sasl_usage(name));
    }
    if let Some(rest) = name.strip_prefix("listener.name.") {
        let base = rest.split_once('.').map_or("", |(_, base)| base);
        return Some(if base.starts_with("ssl.") {
            ssl_usage(base)
        } else if base == "connections.max.reauth.ms"
            || base
                .strip_suffix(".connections.max.reauth.ms")
                .is_some_and(|m| !m.contains('.'))
        {
            Usage::Used
        } else if let Some(oauth) = base.strip_prefix("oauthbearer.") {
            // Kafka hands OAUTHBEARER's callback handlers the listener's configs under
            // `listener.name.<l>.oauthbearer.`.
            sasl_usage(oauth)
        } else if base.starts_with("sasl.") || base.ends_with(".sasl.jaas.config") {
            sasl_usage(base)
        } else {
            Usage::Unsupported(
                "per-listener settings other than ssl.* and sasl.* are not implemented yet",
            )
        });
    }
    BROKER_PREFIXES
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, usage)| *usage)
}

fn validate_process_roles(value: &str) -> Result<(), String> {
    let roles = crate::def::split_list(value);
    for role in &roles {
        if role != "broker" && role != "controller" {
            return Err(format!(
                "Unknown process role '{role}' (must be a list of 'broker' and 'controller')"
            ));
        }
    }
    Ok(())
}

fn validate_quorum_voters(value: &str) -> Result<(), String> {
    crate::kraft::parse_quorum_voters(&crate::def::split_list(value)).map(|_| ())
}

/// `host:count,host:count`, as Kafka's `max.connections.per.ip.overrides`.
fn validate_per_ip_overrides(value: &str) -> Result<(), String> {
    for entry in crate::def::split_list(value) {
        let parsed = entry.rsplit_once(':').and_then(|(host, count)| {
            let count: i32 = count.trim().parse().ok()?;
            (!host.trim().is_empty() && count >= 0).then_some(())
        });
        if parsed.is_none() {
            return Err(format!(
                "Invalid entry '{entry}': expected host:count with count >= 0"
            ));
        }
    }
    Ok(())
}

/// Parses `max.connections.per.ip.overrides` (already validated) into (host, limit) pairs.
pub fn parse_per_ip_overrides(value: &str) -> Vec<(String, u32)> {
    crate::def::split_list(value)
        .into_iter()
        .filter_map(|entry| {
            let (host, count) = entry.rsplit_once(':')?;
            Some((host.trim().to_string(), count.trim().parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_unique() {
        for pair in BROKER_KEYS.windows(2) {
            assert!(
                pair[0].def.name < pair[1].def.name,
                "{} !< {}",
                pair[0].def.name,
                pair[1].def.name
            );
        }
    }

    #[test]
    fn every_default_is_valid_for_its_key() {
        for key in BROKER_KEYS {
            if let Some(default) = key.def.default {
                key.def
                    .validate(default)
                    .unwrap_or_else(|e| panic!("{}: {e}", key.def.name));
            }
        }
    }

    #[test]
    fn read_only_keys_are_not_dynamic_and_unused_keys_say_why() {
        for key in BROKER_KEYS {
            if let Usage::Ignored(why) | Usage::Unsupported(why) = key.usage {
                assert!(!why.is_empty());
            }
            assert!(
                !key.def.doc.is_empty(),
                "{} lacks documentation",
                key.def.name
            );
        }
    }

    #[test]
    fn per_ip_overrides() {
        assert!(validate_per_ip_overrides("").is_ok());
        assert!(validate_per_ip_overrides("a:1, 10.0.0.1:5").is_ok());
        assert!(validate_per_ip_overrides("a").is_err());
        assert!(validate_per_ip_overrides("a:-1").is_err());
        assert_eq!(
            parse_per_ip_overrides("a:1,b:2"),
            vec![("a".into(), 1), ("b".into(), 2)]
        );
    }

    #[test]
    fn no_key_is_both_listed_and_prefixed_ambiguously() {
        // A listed key wins over a prefix; make sure no listed key is accidentally shadowed in
        // intent (e.g. a "metadata." key listed as Used).
        // Sluice reads these of the `controller.quorum.` keys (the others stay ignored).
        let used_despite_prefix = [
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "controller.quorum.election.timeout.ms",
            "controller.quorum.fetch.timeout.ms",
            "metadata.log.max.record.bytes.between.snapshots",
        ];
        for key in BROKER_KEYS {
            if broker_prefix_usage(key.def.name).is_some()
                && !used_despite_prefix.contains(&key.def.name)
            {
                assert_ne!(
                    key.usage,
                    Usage::Used,
                    "{} is Used but matches an ignored prefix",
                    key.def.name
                );
            }
        }
    }
}

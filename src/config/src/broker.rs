//! `BrokerConfig`: the typed, effective broker settings built from server.properties and
//! `--set` overrides, after synonyms and defaults.

use crate::broker_keys::{broker_key, broker_prefix_usage, parse_per_ip_overrides, NUM_SHARDS_MAX};
use crate::def::{Usage, Value};
use crate::effective::TimestampType;
use crate::error::Origin;
use crate::listener::{self, Endpoint, Listener, SecurityProtocol};
use crate::resolve::BrokerLayers;
use crate::topic_keys::topic_key;
use crate::ConfigError;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Typed, effective broker settings. Field names are Kafka's key names with dots as
/// underscores; see each key's documentation in the key table (`describe_broker_configs`).
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerConfig {
    pub node_id: i32,
    pub broker_rack: Option<String>,
    /// Every listener, controller listeners included (see `client_listeners`).
    pub listeners: Vec<Listener>,
    /// What Metadata responses publish; never a `0.0.0.0` / `::` / empty host.
    pub advertised_listeners: Vec<Listener>,
    /// `controller.listener.names`, upper-cased.
    pub controller_listener_names: Vec<String>,
    pub log_dirs: Vec<PathBuf>,
    pub num_shards: usize,
    /// `process.roles`: empty for Sluice's embedded single node.
    pub process_roles: Vec<String>,
    /// `controller.quorum.voters`.
    pub controller_quorum_voters: Vec<crate::QuorumVoter>,
    /// `controller.quorum.bootstrap.servers` (KIP-853).
    pub controller_quorum_bootstrap_servers: Vec<String>,
    /// Sluice only: start-up without progress for this long exits non-zero.
    pub startup_timeout_ms: u64,
    /// `broker.heartbeat.interval.ms`.
    pub broker_heartbeat_interval_ms: u64,
    /// `broker.session.timeout.ms`.
    pub broker_session_timeout_ms: u64,
    /// `metadata.log.max.record.bytes.between.snapshots`.
    pub metadata_log_max_record_bytes_between_snapshots: u64,
    /// `controller.quorum.election.timeout.ms`.
    pub controller_quorum_election_timeout_ms: u64,
    /// `controller.quorum.fetch.timeout.ms`.
    pub controller_quorum_fetch_timeout_ms: u64,
    /// Sluice only: a shutdown taking longer exits non-zero.
    pub shutdown_timeout_ms: u64,
    /// Sluice only: `http.listeners` (metrics and health); empty = no HTTP.
    pub http_listeners: Vec<Listener>,
    /// Sluice only: `http.console.enabled`: the web console and its JSON API on `http_listeners`.
    pub http_console_enabled: bool,
    /// Sluice only: `http.console.authentication` resolved: the console and its API need a
    /// login (`auto` is required with an authorizer).
    pub http_console_login_required: bool,
    /// Sluice only: `http.console.credentials`, in order.
    pub http_console_credentials: Vec<String>,
    /// Sluice only: `http.console.session.timeout.ms`.
    pub http_console_session_timeout_ms: u64,
    /// Sluice only: `http.console.sessions.max`.
    pub http_console_sessions_max: usize,
    /// Sluice only: `http.unauthenticated.paths`.
    pub http_unauthenticated_paths: Vec<String>,
    /// Sluice only: `log.format`, `text` or `json`.
    pub log_format: String,

    pub num_partitions: i32,
    pub default_replication_factor: i16,
    pub auto_create_topics_enable: bool,
    pub delete_topic_enable: bool,

    pub log_segment_bytes: u64,
    pub log_roll_ms: i64,
    pub log_roll_jitter_ms: i64,
    /// -1 = no time limit.
    pub log_retention_ms: i64,
    /// -1 = no size limit.
    pub log_retention_bytes: i64,
    pub log_retention_check_interval_ms: u64,
    pub log_cleanup_policy: String,
    pub log_cleaner_enable: bool,
    /// Sluice default 1: fsync before acknowledging (Kafka's default is i64::MAX, never).
    pub log_flush_interval_messages: u64,
    /// `None`: no time-based flush (Kafka's Long.MAX_VALUE).
    pub log_flush_interval_ms: Option<u64>,
    pub log_flush_offset_checkpoint_interval_ms: u64,
    pub log_flush_start_offset_checkpoint_interval_ms: u64,
    pub log_index_interval_bytes: u32,
    pub log_index_size_max_bytes: u32,
    pub log_preallocate: bool,
    pub log_message_timestamp_type: TimestampType,
    pub log_message_timestamp_before_max_ms: u64,
    pub log_message_timestamp_after_max_ms: u64,
    /// `log.segment.delete.delay.ms` (the broker synonym of `file.delete.delay.ms`).
    pub file_delete_delay_ms: u64,
    pub message_max_bytes: u32,
    pub min_insync_replicas: i32,
    pub compression_type: String,
    pub unclean_leader_election_enable: bool,
    /// `inter.broker.listener.name`: the listener followers fetch from (None: PLAINTEXT).
    pub inter_broker_listener_name: Option<String>,
    pub replica_lag_time_max_ms: u64,
    pub replica_fetch_backoff_ms: u64,
    pub replica_fetch_max_bytes: i32,
    pub replica_fetch_min_bytes: i32,
    pub replica_fetch_wait_max_ms: i32,
    pub replica_fetch_response_max_bytes: i32,
    pub replica_socket_timeout_ms: u64,
    pub replica_high_watermark_checkpoint_interval_ms: u64,
    /// `replica.selector.class` is Kafka's RackAwareReplicaSelector: a consumer that sends its
    /// `client.rack` is pointed at an in-sync replica in its rack (KIP-392).
    pub replica_selector_rack_aware: bool,
    /// The active controller moves leadership back to preferred replicas periodically.
    pub auto_leader_rebalance_enable: bool,
    pub leader_imbalance_check_interval_seconds: u64,
    pub leader_imbalance_per_broker_percentage: i32,
    /// On SIGTERM a broker first asks the controller to move its leaderships away.
    pub controlled_shutdown_enable: bool,

    /// `authorizer.class.name` names Kafka's StandardAuthorizer (or `sluice`): requests are
    /// authorized against the ACLs in the metadata log.
    pub authorizer_enabled: bool,
    /// `super.users`: principals (`User:name`) allowed everything.
    pub super_users: Vec<String>,
    pub allow_everyone_if_no_acl_found: bool,

    pub socket_request_max_bytes: u32,
    /// `quota.window.num` × `quota.window.size.seconds`: the samples a client quota's rate
    /// averages over.
    pub quota_window_num: u32,
    pub quota_window_size_seconds: u32,
    /// `controller.quota.window.num` × `controller.quota.window.size.seconds`: the token
    /// bucket of `controller_mutation_rate` holds that many seconds of the rate.
    pub controller_quota_window_num: u32,
    pub controller_quota_window_size_seconds: u32,
    /// -1 = the OS default.
    pub socket_send_buffer_bytes: i32,
    /// -1 = the OS default.
    pub socket_receive_buffer_bytes: i32,
    pub socket_listen_backlog_size: u32,
    pub max_connections: u32,
    pub max_connections_per_ip: u32,
    pub max_connections_per_ip_overrides: Vec<(String, u32)>,
    pub connections_max_idle_ms: u64,
    /// How long a connection whose SASL authentication failed stays open after the answer.
    pub connection_failed_authentication_delay_ms: u64,
    /// -1 = no limit.
    pub queued_max_request_bytes: i64,
    pub queued_max_requests: u32,
    pub fetch_max_bytes: u32,
    pub max_incremental_fetch_session_cache_slots: u32,

    pub offsets_topic_num_partitions: i32,
    pub offsets_topic_replication_factor: i16,
    pub offsets_topic_segment_bytes: u32,
    pub offsets_retention_minutes: u64,
    pub offsets_retention_check_interval_ms: u64,
    pub offsets_commit_timeout_ms: u64,
    pub offset_metadata_max_bytes: i32,
    pub group_initial_rebalance_delay_ms: u64,
    pub group_min_session_timeout_ms: u64,
    pub group_max_session_timeout_ms: u64,
    pub group_max_size: u32,
    pub group_consumer_session_timeout_ms: u64,
    pub group_consumer_heartbeat_interval_ms: u64,
    pub group_consumer_max_size: u32,
    /// `group.consumer.assignors`, as given (short names or Kafka class names).
    pub group_consumer_assignors: Vec<String>,

    pub transaction_state_log_num_partitions: i32,
    pub transaction_state_log_replication_factor: i16,
    pub transaction_state_log_min_isr: i32,
    pub transaction_max_timeout_ms: u64,
    pub transactional_id_expiration_ms: u64,
    pub transaction_state_log_segment_bytes: u64,
    pub transaction_abort_timed_out_transaction_cleanup_interval_ms: u64,
    pub transaction_remove_expired_transaction_cleanup_interval_ms: u64,
    /// `transaction.partition.verification.enable` as configured (a dynamic cluster-wide
    /// value overrides it).
    pub transaction_partition_verification_enable: bool,
    pub producer_id_expiration_ms: u64,

    /// Every key as given (file, then overrides; later wins), for DescribeConfigs'
    /// STATIC_BROKER_CONFIG entries.
    pub raw: BTreeMap<String, String>,
    /// Informational notes on keys accepted without effect (the binary logs them at info).
    pub notes: Vec<String>,
}

/// The one shard count default: one per available core, within `NUM_SHARDS_MAX`. Asked once
/// per process: `available_parallelism` reads the cgroup's files on every call, and every
/// resolution of a topic's effective config asks for this default.
pub fn default_num_shards() -> usize {
    static DEFAULT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *DEFAULT.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        cores.min(NUM_SHARDS_MAX as usize)
    })
}

impl BrokerConfig {
    /// Builds the config from the file's properties then `--set` overrides (later wins).
    /// Returns warnings (unknown keys, keys of features Sluice lacks) for the binary to log;
    /// informational notes land in `notes`. An invalid value is an error naming the key, the
    /// value and what is accepted, with where it came from.
    pub fn from_properties(
        file: &[(String, String, usize)],
        overrides: &[(String, String)],
    ) -> Result<(BrokerConfig, Vec<String>), ConfigError> {
        let (raw, origins) = merge(file, overrides);
        let mut warnings = Vec::new();
        let mut notes = Vec::new();
        for (key, value) in &raw {
            let at = origins.get(key).cloned().unwrap_or(Origin::Override);
            classify(key, value, &mut warnings, &mut notes).map_err(|e| e.at(at))?;
        }
        let mut config = build(&raw, &origins)?;
        config.notes = notes;
        Ok((config, warnings))
    }

    /// The listener followers fetch from: `inter.broker.listener.name`, else Kafka's default
    /// (the listener of `security.inter.broker.protocol`, PLAINTEXT), else the first client
    /// listener.
    pub fn inter_broker_listener(&self) -> String {
        if let Some(name) = &self.inter_broker_listener_name {
            return name.clone();
        }
        if self.client_listeners().any(|l| l.name == "PLAINTEXT") {
            return "PLAINTEXT".to_string();
        }
        self.client_listeners()
            .next()
            .map_or_else(|| "PLAINTEXT".to_string(), |l| l.name.clone())
    }

    /// The security protocol of listener `name`: its own if this node binds it, else the
    /// `listener.security.protocol.map` entry (a broker-only node knows the controllers'
    /// listener only by name), else PLAINTEXT (Kafka's default for a controller listener).
    pub fn listener_protocol(&self, name: &str) -> crate::SecurityProtocol {
        if let Some(l) = self.listeners.iter().find(|l| l.name == name) {
            return l.security_protocol;
        }
        let map = self
            .raw
            .get("listener.security.protocol.map")
            .and_then(|text| listener::parse_protocol_map(text).ok())
            .unwrap_or_default();
        map.get(name)
            .copied()
            .unwrap_or(crate::SecurityProtocol::Plaintext)
    }

    /// The controller listener this node's quorum traffic uses (the first of
    /// `controller.listener.names`), `None` for the embedded single node.
    pub fn controller_listener_name(&self) -> Option<&str> {
        self.controller_listener_names.first().map(String::as_str)
    }

    /// Listeners that serve clients: every listener except the controller listeners.
    pub fn client_listeners(&self) -> impl Iterator<Item = &Listener> {
        self.listeners
            .iter()
            .filter(|l| !self.controller_listener_names.contains(&l.name))
    }

    /// A listener's value of `key`: Kafka's per-listener override
    /// `listener.name.<name in lower case>.<key>` first, then the bare key (as Kafka's
    /// `valuesWithPrefixOverride`). Static settings only (file and `--set`).
    pub fn listener_setting(&self, listener: &str, key: &str) -> Option<String> {
        let prefixed = format!("listener.name.{}.{key}", listener.to_ascii_lowercase());
        self.raw
            .get(&prefixed)
            .or_else(|| self.raw.get(key))
            .cloned()
    }

    /// `log.cleanup.policy` parsed.
    pub fn cleanup_policy(&self) -> crate::CleanupPolicy {
        crate::CleanupPolicy::from_list(&crate::def::split_list(&self.log_cleanup_policy))
    }
}

impl Default for BrokerConfig {
    /// Every default: `from_properties(&[], &[])`.
    fn default() -> Self {
        // The defaults are checked by tests; failing here is a bug in the key table.
        BrokerConfig::from_properties(&[], &[])
            .expect("the built-in defaults are valid")
            .0
    }
}

fn merge(
    file: &[(String, String, usize)],
    overrides: &[(String, String)],
) -> (BTreeMap<String, String>, BTreeMap<String, Origin>) {
    let mut raw = BTreeMap::new();
    let mut origins = BTreeMap::new();
    for (key, value, line) in file {
        raw.insert(key.clone(), value.clone());
        origins.insert(key.clone(), Origin::Line(*line));
    }
    for (key, value) in overrides {
        raw.insert(key.clone(), value.clone());
        origins.insert(key.clone(), Origin::Override);
    }
    (raw, origins)
}

/// Validates a known key's value, or records a note / warning for the others.
fn classify(
    key: &str,
    value: &str,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<(), ConfigError> {
    if let Some(known) = broker_key(key) {
        known.def.validate(value)?;
        record_usage(key, known.usage, warnings, notes);
        return Ok(());
    }
    if let Some(usage) = broker_prefix_usage(key) {
        record_usage(key, usage, warnings, notes);
        return Ok(());
    }
    if topic_key(key).is_some() {
        warnings.push(format!(
            "The configuration '{key}' is a topic config, not a broker config; it was ignored (set it per topic, or use its broker synonym)"
        ));
        return Ok(());
    }
    warnings.push(format!(
        "The configuration '{key}' was supplied but isn't a known config."
    ));
    Ok(())
}

fn record_usage(key: &str, usage: Usage, warnings: &mut Vec<String>, notes: &mut Vec<String>) {
    match usage {
        Usage::Used => {}
        Usage::Ignored(why) => notes.push(format!(
            "The configuration '{key}' is accepted and has no effect: {why}"
        )),
        Usage::Unsupported(why) => warnings.push(format!(
            "The configuration '{key}' is accepted but not acted on: {why}"
        )),
    }
}

/// Reads typed values from the static layer; every value was validated by `classify`.
struct Reader<'a> {
    layers: BrokerLayers<'a>,
    origins: &'a BTreeMap<String, Origin>,
}

impl Reader<'_> {
    fn fail(&self, name: &str, reason: &str) -> ConfigError {
        let value = self.layers.raw(name).map(|(_, v)| v).unwrap_or_default();
        let error = ConfigError::invalid(name, &value, reason);
        match self.origins.get(name) {
            Some(origin) => error.at(origin.clone()),
            None => error,
        }
    }

    fn value(&self, name: &str) -> Result<Option<Value>, ConfigError> {
        let at = self.origins.get(name).cloned();
        self.layers.value(name).map_err(|e| match at {
            Some(at) => e.at(at),
            None => e,
        })
    }

    fn int<N: TryFrom<i64>>(&self, name: &str) -> Result<N, ConfigError> {
        match self.value(name)? {
            Some(Value::Int(n)) => {
                N::try_from(n).map_err(|_| self.fail(name, "Value out of range"))
            }
            _ => Err(self.fail(
                name,
                "Missing required configuration which has no default value",
            )),
        }
    }

    fn opt_int(&self, name: &str) -> Result<Option<i64>, ConfigError> {
        match self.value(name)? {
            Some(Value::Int(n)) => Ok(Some(n)),
            _ => Ok(None),
        }
    }

    fn boolean(&self, name: &str) -> Result<bool, ConfigError> {
        match self.value(name)? {
            Some(Value::Bool(b)) => Ok(b),
            _ => Err(self.fail(name, "Expected value to be either true or false")),
        }
    }

    fn string(&self, name: &str) -> Result<Option<String>, ConfigError> {
        Ok(self.value(name)?.map(|v| v.to_kafka_string()))
    }

    fn list(&self, name: &str) -> Result<Option<Vec<String>>, ConfigError> {
        match self.value(name)? {
            Some(Value::List(items)) => Ok(Some(items)),
            _ => Ok(None),
        }
    }

    fn topic_int<N: TryFrom<i64>>(&self, topic: &str) -> Result<N, ConfigError> {
        let key = topic_key(topic).ok_or_else(|| self.fail(topic, "unknown topic key"))?;
        match self.layers.topic_default(key)? {
            Value::Int(n) => N::try_from(n).map_err(|_| self.fail(topic, "Value out of range")),
            _ => Err(self.fail(topic, "Not a number")),
        }
    }
}

fn build(
    raw: &BTreeMap<String, String>,
    origins: &BTreeMap<String, Origin>,
) -> Result<BrokerConfig, ConfigError> {
    let empty = BTreeMap::new();
    let layers = BrokerLayers {
        dynamic_broker: &empty,
        dynamic_default: &empty,
        static_: raw,
        num_shards_default: default_num_shards(),
    };
    let r = Reader { layers, origins };
    let (listeners, advertised_listeners, controller_listener_names) = build_listeners(&r)?;
    let flush_ms: i64 = r.topic_int("flush.ms")?;
    let timestamp_type = r.string("log.message.timestamp.type")?.unwrap_or_default();
    let config = BrokerConfig {
        node_id: node_id(&r)?,
        broker_rack: r.string("broker.rack")?.filter(|s| !s.is_empty()),
        listeners,
        advertised_listeners,
        controller_listener_names,
        log_dirs: log_dirs(&r)?,
        num_shards: r.int("num.shards")?,
        process_roles: r.list("process.roles")?.unwrap_or_default(),
        controller_quorum_voters: crate::kraft::parse_quorum_voters(
            &r.list("controller.quorum.voters")?.unwrap_or_default(),
        )
        .map_err(|reason| r.fail("controller.quorum.voters", &reason))?,
        controller_quorum_bootstrap_servers: r
            .list("controller.quorum.bootstrap.servers")?
            .unwrap_or_default(),
        startup_timeout_ms: r.int("startup.timeout.ms")?,
        broker_heartbeat_interval_ms: r.int("broker.heartbeat.interval.ms")?,
        broker_session_timeout_ms: r.int("broker.session.timeout.ms")?,
        metadata_log_max_record_bytes_between_snapshots: r
            .int("metadata.log.max.record.bytes.between.snapshots")?,
        controller_quorum_election_timeout_ms: r.int("controller.quorum.election.timeout.ms")?,
        controller_quorum_fetch_timeout_ms: r.int("controller.quorum.fetch.timeout.ms")?,
        shutdown_timeout_ms: r.int("shutdown.timeout.ms")?,
        log_format: r.string("log.format")?.unwrap_or_default(),
        http_listeners: crate::http::parse_http_listeners(
            &r.list("http.listeners")?.unwrap_or_default(),
        )
        .map_err(|reason| r.fail("http.listeners", &reason))?,
        http_console_enabled: r.boolean("http.console.enabled")?,
        http_console_login_required: match r.string("http.console.authentication")?.as_deref() {
            Some("required") => true,
            Some("none") => false,
            _ => r
                .string("authorizer.class.name")?
                .is_some_and(|c| !c.trim().is_empty()),
        },
        http_console_credentials: r.list("http.console.credentials")?.unwrap_or_default(),
        http_console_session_timeout_ms: r.int("http.console.session.timeout.ms")?,
        http_console_sessions_max: r.int("http.console.sessions.max")?,
        http_unauthenticated_paths: r.list("http.unauthenticated.paths")?.unwrap_or_default(),
        num_partitions: r.int("num.partitions")?,
        default_replication_factor: r.int("default.replication.factor")?,
        auto_create_topics_enable: r.boolean("auto.create.topics.enable")?,
        delete_topic_enable: r.boolean("delete.topic.enable")?,
        log_segment_bytes: r.int("log.segment.bytes")?,
        log_roll_ms: r.topic_int("segment.ms")?,
        log_roll_jitter_ms: r.topic_int("segment.jitter.ms")?,
        log_retention_ms: r.topic_int("retention.ms")?,
        log_retention_bytes: r.int("log.retention.bytes")?,
        log_retention_check_interval_ms: r.int("log.retention.check.interval.ms")?,
        log_cleanup_policy: r.list("log.cleanup.policy")?.unwrap_or_default().join(","),
        log_cleaner_enable: r.boolean("log.cleaner.enable")?,
        log_flush_interval_messages: r.int("log.flush.interval.messages")?,
        log_flush_interval_ms: (flush_ms != i64::MAX).then_some(flush_ms.max(0) as u64),
        log_flush_offset_checkpoint_interval_ms: r
            .int("log.flush.offset.checkpoint.interval.ms")?,
        log_flush_start_offset_checkpoint_interval_ms: r
            .int("log.flush.start.offset.checkpoint.interval.ms")?,
        log_index_interval_bytes: r.int("log.index.interval.bytes")?,
        log_index_size_max_bytes: r.int("log.index.size.max.bytes")?,
        log_preallocate: r.boolean("log.preallocate")?,
        log_message_timestamp_type: TimestampType::from_name(&timestamp_type)
            .unwrap_or(TimestampType::CreateTime),
        log_message_timestamp_before_max_ms: r.int("log.message.timestamp.before.max.ms")?,
        log_message_timestamp_after_max_ms: r.int("log.message.timestamp.after.max.ms")?,
        file_delete_delay_ms: r.int("log.segment.delete.delay.ms")?,
        message_max_bytes: r.int("message.max.bytes")?,
        min_insync_replicas: r.int("min.insync.replicas")?,
        compression_type: r.string("compression.type")?.unwrap_or_default(),
        unclean_leader_election_enable: r.boolean("unclean.leader.election.enable")?,
        inter_broker_listener_name: r.string("inter.broker.listener.name")?,
        replica_lag_time_max_ms: r.int("replica.lag.time.max.ms")?,
        replica_fetch_backoff_ms: r.int("replica.fetch.backoff.ms")?,
        replica_fetch_max_bytes: r.int("replica.fetch.max.bytes")?,
        replica_fetch_min_bytes: r.int("replica.fetch.min.bytes")?,
        replica_fetch_wait_max_ms: r.int("replica.fetch.wait.max.ms")?,
        replica_fetch_response_max_bytes: r.int("replica.fetch.response.max.bytes")?,
        replica_socket_timeout_ms: r.int("replica.socket.timeout.ms")?,
        replica_high_watermark_checkpoint_interval_ms: r
            .int("replica.high.watermark.checkpoint.interval.ms")?,
        replica_selector_rack_aware: r.string("replica.selector.class")?.is_some_and(|c| {
            c.trim() == "org.apache.kafka.common.replica.RackAwareReplicaSelector"
        }),
        auto_leader_rebalance_enable: r.boolean("auto.leader.rebalance.enable")?,
        leader_imbalance_check_interval_seconds: r
            .int("leader.imbalance.check.interval.seconds")?,
        leader_imbalance_per_broker_percentage: r.int("leader.imbalance.per.broker.percentage")?,
        controlled_shutdown_enable: r.boolean("controlled.shutdown.enable")?,
        authorizer_enabled: r
            .string("authorizer.class.name")?
            .is_some_and(|c| !c.trim().is_empty()),
        super_users: r
            .string("super.users")?
            .map(|s| {
                s.split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        allow_everyone_if_no_acl_found: r.boolean("allow.everyone.if.no.acl.found")?,
        socket_request_max_bytes: r.int("socket.request.max.bytes")?,
        quota_window_num: r.int("quota.window.num")?,
        quota_window_size_seconds: r.int("quota.window.size.seconds")?,
        controller_quota_window_num: r.int("controller.quota.window.num")?,
        controller_quota_window_size_seconds: r.int("controller.quota.window.size.seconds")?,
        socket_send_buffer_bytes: r.int("socket.send.buffer.bytes")?,
        socket_receive_buffer_bytes: r.int("socket.receive.buffer.bytes")?,
        socket_listen_backlog_size: r.int("socket.listen.backlog.size")?,
        max_connections: r.int("max.connections")?,
        max_connections_per_ip: r.int("max.connections.per.ip")?,
        max_connections_per_ip_overrides: parse_per_ip_overrides(
            &r.string("max.connections.per.ip.overrides")?
                .unwrap_or_default(),
        ),
        connections_max_idle_ms: r.int("connections.max.idle.ms")?,
        connection_failed_authentication_delay_ms: r
            .int("connection.failed.authentication.delay.ms")?,
        queued_max_request_bytes: r.int("queued.max.request.bytes")?,
        queued_max_requests: r.int("queued.max.requests")?,
        fetch_max_bytes: r.int("fetch.max.bytes")?,
        max_incremental_fetch_session_cache_slots: r
            .int("max.incremental.fetch.session.cache.slots")?,
        offsets_topic_num_partitions: r.int("offsets.topic.num.partitions")?,
        offsets_topic_replication_factor: r.int("offsets.topic.replication.factor")?,
        offsets_topic_segment_bytes: r.int("offsets.topic.segment.bytes")?,
        offsets_retention_minutes: r.int("offsets.retention.minutes")?,
        offsets_retention_check_interval_ms: r.int("offsets.retention.check.interval.ms")?,
        offsets_commit_timeout_ms: r.int("offsets.commit.timeout.ms")?,
        offset_metadata_max_bytes: r.int("offset.metadata.max.bytes")?,
        group_initial_rebalance_delay_ms: r.int("group.initial.rebalance.delay.ms")?,
        group_min_session_timeout_ms: r.int("group.min.session.timeout.ms")?,
        group_max_session_timeout_ms: r.int("group.max.session.timeout.ms")?,
        group_max_size: r.int("group.max.size")?,
        group_consumer_session_timeout_ms: r.int("group.consumer.session.timeout.ms")?,
        group_consumer_heartbeat_interval_ms: r.int("group.consumer.heartbeat.interval.ms")?,
        group_consumer_max_size: r.int("group.consumer.max.size")?,
        group_consumer_assignors: r.list("group.consumer.assignors")?.unwrap_or_default(),
        transaction_state_log_num_partitions: r.int("transaction.state.log.num.partitions")?,
        transaction_state_log_replication_factor: r
            .int("transaction.state.log.replication.factor")?,
        transaction_state_log_min_isr: r.int("transaction.state.log.min.isr")?,
        transaction_max_timeout_ms: r.int("transaction.max.timeout.ms")?,
        transactional_id_expiration_ms: r.int("transactional.id.expiration.ms")?,
        transaction_state_log_segment_bytes: r.int("transaction.state.log.segment.bytes")?,
        transaction_abort_timed_out_transaction_cleanup_interval_ms: r
            .int("transaction.abort.timed.out.transaction.cleanup.interval.ms")?,
        transaction_remove_expired_transaction_cleanup_interval_ms: r
            .int("transaction.remove.expired.transaction.cleanup.interval.ms")?,
        transaction_partition_verification_enable: r
            .boolean("transaction.partition.verification.enable")?,
        producer_id_expiration_ms: r.int("producer.id.expiration.ms")?,
        raw: raw.clone(),
        notes: Vec::new(),
    };
    check_compaction_lags(&r)?;
    check_inter_broker_listener(&r, &config)?;
    check_http_ports_apart(&r, &config)?;
    Ok(config)
}

/// No HTTP listener on a port of `listeners` (port 0 aside): both are bound with SO_REUSEPORT,
/// so they would not fail to bind but share the port, the HTTP server taking part of the Kafka
/// connections and the reverse.
fn check_http_ports_apart(r: &Reader<'_>, config: &BrokerConfig) -> Result<(), ConfigError> {
    for http in config.http_listeners.iter().filter(|l| l.port != 0) {
        if let Some(kafka) = config.listeners.iter().find(|l| l.port == http.port) {
            return Err(r.fail(
                "http.listeners",
                &format!(
                    "{http} is on port {} of listener {}: each listener must have a different port",
                    http.port, kafka.name
                ),
            ));
        }
    }
    Ok(())
}

/// A broker of a cluster fetches from leaders over `inter.broker.listener.name`: it must name
/// one of the broker's listeners (Kafka's rule). Its security (TLS, SASL credentials) is built
/// and checked by `security::PeerClient` at start.
fn check_inter_broker_listener(r: &Reader<'_>, config: &BrokerConfig) -> Result<(), ConfigError> {
    if !config.process_roles.iter().any(|role| role == "broker") {
        return Ok(());
    }
    let name = config.inter_broker_listener();
    if !config.client_listeners().any(|l| l.name == name) {
        if config.inter_broker_listener_name.is_none() {
            // No PLAINTEXT listener and no name: followers use the first client listener.
            return Ok(());
        }
        return Err(r.fail(
            "inter.broker.listener.name",
            &format!(
                "inter.broker.listener.name must be a listener name defined in listeners. \
                 The valid options based on currently configured listeners are {}",
                config
                    .client_listeners()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ));
    }
    Ok(())
}

/// `node.id`, or `broker.id` when only that is set; both set must agree (Kafka KRaft rule).
fn node_id(r: &Reader<'_>) -> Result<i32, ConfigError> {
    let node_given = r.layers.static_.contains_key("node.id");
    let broker_id = r
        .opt_int("broker.id")?
        .filter(|_| r.layers.static_.contains_key("broker.id"));
    let node_id: i32 = r.int("node.id")?;
    match broker_id {
        Some(broker_id) if node_given && broker_id != i64::from(node_id) => Err(ConfigError::Conflict {
            reason: format!("If both node.id and broker.id are set, they must be equal: node.id={node_id}, broker.id={broker_id}"),
        }),
        Some(broker_id) if !node_given => {
            i32::try_from(broker_id).ok().filter(|id| *id >= 0).ok_or_else(|| r.fail("broker.id", "Value must be at least 0"))
        }
        _ => Ok(node_id),
    }
}

/// `log.dirs` wins over `log.dir`.
fn log_dirs(r: &Reader<'_>) -> Result<Vec<PathBuf>, ConfigError> {
    let dirs = match r.list("log.dirs")? {
        Some(dirs) => dirs,
        None => r.list("log.dir")?.unwrap_or_default(),
    };
    Ok(dirs.into_iter().map(PathBuf::from).collect())
}

type Listeners = (Vec<Listener>, Vec<Listener>, Vec<String>);

fn build_listeners(r: &Reader<'_>) -> Result<Listeners, ConfigError> {
    let protocol_text = r
        .string("listener.security.protocol.map")?
        .unwrap_or_default();
    let protocols = listener::parse_protocol_map(&protocol_text)
        .map_err(|reason| r.fail("listener.security.protocol.map", &reason))?;
    let controller_names: Vec<String> =
        crate::def::split_list(&r.string("controller.listener.names")?.unwrap_or_default())
            .into_iter()
            .map(|name| name.to_ascii_uppercase())
            .collect();
    let listeners_text = r.string("listeners")?.unwrap_or_default();
    let endpoints = listener::parse_endpoints(&listeners_text)
        .map_err(|reason| r.fail("listeners", &reason))?;
    if endpoints.is_empty() {
        return Err(r.fail("listeners", "At least one listener must be defined"));
    }
    listener::check_distinct_ports(&endpoints, &listeners_text)
        .map_err(|reason| r.fail("listeners", &reason))?;
    let listeners = endpoints
        .into_iter()
        .map(|e| with_protocol(e, &protocols, &controller_names))
        .collect::<Result<Vec<_>, String>>()
        .map_err(|reason| r.fail("listeners", &reason))?;
    let advertised = advertised_listeners(r, &listeners, &controller_names)?;
    Ok((listeners, advertised, controller_names))
}

/// A controller listener missing from the map is PLAINTEXT (Kafka's KRaft default).
fn with_protocol(
    endpoint: Endpoint,
    protocols: &BTreeMap<String, SecurityProtocol>,
    controller_names: &[String],
) -> Result<Listener, String> {
    let protocol = match protocols.get(&endpoint.name) {
        Some(protocol) => *protocol,
        None if controller_names.contains(&endpoint.name) => SecurityProtocol::Plaintext,
        None => {
            return Err(format!(
                "No security protocol defined for listener {} (add it to listener.security.protocol.map)",
                endpoint.name
            ))
        }
    };
    Ok(Listener {
        name: endpoint.name,
        host: endpoint.host,
        port: endpoint.port,
        security_protocol: protocol,
    })
}

fn advertised_listeners(
    r: &Reader<'_>,
    listeners: &[Listener],
    controller_names: &[String],
) -> Result<Vec<Listener>, ConfigError> {
    let explicit = r.string("advertised.listeners")?;
    let key = if explicit.is_some() {
        "advertised.listeners"
    } else {
        "listeners"
    };
    let candidates: Vec<Listener> = match &explicit {
        Some(text) => {
            let endpoints =
                listener::parse_endpoints(text).map_err(|reason| r.fail(key, &reason))?;
            endpoints
                .into_iter()
                .map(|e| match listeners.iter().find(|l| l.name == e.name) {
                    Some(l) => Ok(Listener { name: e.name, host: e.host, port: e.port, security_protocol: l.security_protocol }),
                    None => Err(format!(
                        "advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. Found {}. The valid options based on currently configured listeners are {}",
                        e.name,
                        listeners.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(",")
                    )),
                })
                .collect::<Result<_, _>>()
                .map_err(|reason| r.fail(key, &reason))?
        }
        None => listeners
            .iter()
            .filter(|l| !controller_names.contains(&l.name))
            .cloned()
            .collect(),
    };
    candidates
        .into_iter()
        .map(|l| routable(l).map_err(|reason| r.fail(key, &reason)))
        .collect()
}

/// Kafka refuses to advertise the unspecified address; an empty host becomes this machine's name.
fn routable(mut listener: Listener) -> Result<Listener, String> {
    if listener.host == "0.0.0.0" || listener.host == "::" {
        return Err(format!(
            "advertised.listeners cannot use the nonroutable meta-address {}. Use a routable IP address.",
            listener.host
        ));
    }
    if listener.host.is_empty() {
        listener.host = listener::local_host_name();
    }
    Ok(listener)
}

fn check_compaction_lags(r: &Reader<'_>) -> Result<(), ConfigError> {
    let min: i64 = r.int("log.cleaner.min.compaction.lag.ms")?;
    let max: i64 = r.int("log.cleaner.max.compaction.lag.ms")?;
    if min > max {
        return Err(ConfigError::Conflict {
            reason: format!("conflict broker config setting log.cleaner.min.compaction.lag.ms ({min}) > log.cleaner.max.compaction.lag.ms ({max})"),
        });
    }
    Ok(())
}

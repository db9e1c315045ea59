//! Crate-level tests: defaults, synonyms, validation errors, overrides, topic configs,
//! effective precedence and DescribeConfigs.

use super::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn file(lines: &[(&str, &str)]) -> Vec<(String, String, usize)> {
    lines
        .iter()
        .enumerate()
        .map(|(at, (k, v))| (k.to_string(), v.to_string(), at + 1))
        .collect()
}

fn config(lines: &[(&str, &str)]) -> BrokerConfig {
    BrokerConfig::from_properties(&file(lines), &[]).unwrap().0
}

fn error(lines: &[(&str, &str)]) -> ConfigError {
    BrokerConfig::from_properties(&file(lines), &[]).unwrap_err()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn defaults_are_kafkas_except_sluices_documented_ones() {
    let c = BrokerConfig::default();
    assert_eq!(c.node_id, 1);
    assert_eq!(c.listeners.len(), 1);
    assert_eq!(c.listeners[0].to_string(), "PLAINTEXT://127.0.0.1:9092");
    assert_eq!(c.advertised_listeners, c.listeners);
    assert_eq!(c.log_dirs, vec![PathBuf::from("./data")]);
    assert_eq!(c.log_flush_interval_messages, 1);
    assert_eq!(c.num_shards, default_num_shards());
    assert!(c.num_shards >= 1);
    assert_eq!(c.http_listeners.len(), 1);
    assert_eq!(c.http_listeners[0].bind_address(), "127.0.0.1:9644");
    // Kafka's defaults.
    assert_eq!(c.num_partitions, 1);
    assert_eq!(c.default_replication_factor, 1);
    assert!(c.auto_create_topics_enable);
    assert!(c.delete_topic_enable);
    assert_eq!(c.log_segment_bytes, 1 << 30);
    assert_eq!(c.log_roll_ms, 168 * 3_600_000);
    assert_eq!(c.log_roll_jitter_ms, 0);
    assert_eq!(c.log_retention_ms, 168 * 3_600_000);
    assert_eq!(c.log_retention_bytes, -1);
    assert_eq!(c.log_retention_check_interval_ms, 300_000);
    assert_eq!(c.log_flush_interval_ms, None);
    assert_eq!(c.log_flush_offset_checkpoint_interval_ms, 60_000);
    assert_eq!(c.log_index_interval_bytes, 4096);
    assert_eq!(c.log_index_size_max_bytes, 10 * 1024 * 1024);
    assert_eq!(c.message_max_bytes, 1_048_588);
    assert_eq!(c.socket_request_max_bytes, 104_857_600);
    assert_eq!(c.log_message_timestamp_type, TimestampType::CreateTime);
    assert_eq!(c.log_message_timestamp_after_max_ms, 3_600_000);
    assert_eq!(c.log_message_timestamp_before_max_ms, i64::MAX as u64);
    assert_eq!(c.min_insync_replicas, 1);
    assert_eq!(c.log_cleanup_policy, "delete");
    assert_eq!(c.compression_type, "producer");
    assert_eq!(c.offsets_topic_num_partitions, 50);
    assert_eq!(c.offsets_topic_replication_factor, 3);
    assert_eq!(c.group_initial_rebalance_delay_ms, 3000);
    assert_eq!(c.group_min_session_timeout_ms, 6000);
    assert_eq!(c.group_max_session_timeout_ms, 1_800_000);
    assert_eq!(c.offsets_retention_minutes, 10_080);
    assert_eq!(c.max_connections, i32::MAX as u32);
    assert_eq!(c.max_connections_per_ip, i32::MAX as u32);
    assert_eq!(c.connections_max_idle_ms, 600_000);
    assert_eq!(c.queued_max_request_bytes, -1);
    assert_eq!(c.queued_max_requests, 500);
    assert_eq!(c.file_delete_delay_ms, 60_000);
    assert_eq!(c.transaction_state_log_min_isr, 2);
    assert!(c.raw.is_empty());
}

#[test]
fn retention_synonyms_ms_over_minutes_over_hours() {
    assert_eq!(
        config(&[("log.retention.hours", "1")]).log_retention_ms,
        3_600_000
    );
    assert_eq!(
        config(&[("log.retention.hours", "1"), ("log.retention.minutes", "2")]).log_retention_ms,
        120_000
    );
    let all = [
        ("log.retention.hours", "1"),
        ("log.retention.minutes", "2"),
        ("log.retention.ms", "5"),
    ];
    assert_eq!(config(&all).log_retention_ms, 5);
    assert_eq!(config(&[("log.retention.ms", "-1")]).log_retention_ms, -1);
    // Kafka turns any negative retention into -1.
    assert_eq!(
        config(&[("log.retention.hours", "-3")]).log_retention_ms,
        -1
    );
}

#[test]
fn roll_and_jitter_synonyms() {
    assert_eq!(config(&[("log.roll.hours", "2")]).log_roll_ms, 7_200_000);
    assert_eq!(
        config(&[("log.roll.hours", "2"), ("log.roll.ms", "1000")]).log_roll_ms,
        1000
    );
    assert_eq!(
        config(&[("log.roll.jitter.hours", "1")]).log_roll_jitter_ms,
        3_600_000
    );
    assert_eq!(
        config(&[("log.roll.jitter.hours", "1"), ("log.roll.jitter.ms", "7")]).log_roll_jitter_ms,
        7
    );
}

#[test]
fn flush_interval_synonyms() {
    assert_eq!(
        config(&[("log.flush.scheduler.interval.ms", "3000")]).log_flush_interval_ms,
        Some(3000)
    );
    let both = [
        ("log.flush.scheduler.interval.ms", "3000"),
        ("log.flush.interval.ms", "10"),
    ];
    assert_eq!(config(&both).log_flush_interval_ms, Some(10));
    assert_eq!(
        config(&[("log.flush.interval.messages", "9223372036854775807")])
            .log_flush_interval_messages,
        i64::MAX as u64
    );
}

#[test]
fn log_dirs_over_log_dir() {
    assert_eq!(
        config(&[("log.dir", "/a")]).log_dirs,
        vec![PathBuf::from("/a")]
    );
    let both = config(&[("log.dir", "/a"), ("log.dirs", "/b, /c")]);
    assert_eq!(
        both.log_dirs,
        vec![PathBuf::from("/b"), PathBuf::from("/c")]
    );
    assert_eq!(error(&[("log.dirs", "/b,/b")]).key(), Some("log.dirs"));
    assert_eq!(error(&[("log.dirs", "")]).key(), Some("log.dirs"));
}

#[test]
fn node_id_and_broker_id() {
    assert_eq!(config(&[("node.id", "7")]).node_id, 7);
    assert_eq!(config(&[("broker.id", "4")]).node_id, 4);
    assert_eq!(config(&[("broker.id", "4"), ("node.id", "4")]).node_id, 4);
    assert!(matches!(
        error(&[("broker.id", "4"), ("node.id", "5")]),
        ConfigError::Conflict { .. }
    ));
    assert_eq!(error(&[("node.id", "-1")]).key(), Some("node.id"));
}

#[test]
fn invalid_values_name_key_value_and_accepted_range() {
    let e = error(&[("log.segment.bytes", "abc")]);
    assert_eq!(
        e.to_string(),
        "Invalid value abc for configuration log.segment.bytes: Not a number of type INT (line 1)"
    );
    let e = error(&[("log.segment.bytes", "14")]);
    assert_eq!(e.to_string(), "Invalid value 14 for configuration log.segment.bytes: Value must be at least 1048576 (line 1)");
    let e = error(&[("x", "1"), ("compression.type", "brotli")]);
    assert_eq!(
        e.to_string(),
        "Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer (line 2)"
    );
    let e = error(&[("auto.create.topics.enable", "yes")]);
    assert!(e
        .to_string()
        .contains("Expected value to be either true or false"));
    assert_eq!(e.error_code(), model::ErrorCode::InvalidConfig);
}

#[test]
fn every_typed_key_rejects_garbage_and_names_itself() {
    let typed = [
        "node.id",
        "num.partitions",
        "default.replication.factor",
        "auto.create.topics.enable",
        "delete.topic.enable",
        "log.segment.bytes",
        "log.roll.ms",
        "log.roll.hours",
        "log.retention.ms",
        "log.retention.minutes",
        "log.retention.hours",
        "log.retention.bytes",
        "log.retention.check.interval.ms",
        "log.flush.interval.messages",
        "log.flush.interval.ms",
        "log.index.interval.bytes",
        "message.max.bytes",
        "socket.request.max.bytes",
        "num.shards",
        "log.message.timestamp.type",
        "min.insync.replicas",
        "log.cleanup.policy",
        "compression.type",
        "offsets.topic.num.partitions",
        "offsets.topic.replication.factor",
        "group.initial.rebalance.delay.ms",
        "group.min.session.timeout.ms",
        "group.max.session.timeout.ms",
        "offsets.retention.minutes",
        "max.connections",
        "max.connections.per.ip",
        "connections.max.idle.ms",
        "queued.max.request.bytes",
        "queued.max.requests",
        "log.segment.delete.delay.ms",
        "log.flush.offset.checkpoint.interval.ms",
        "num.io.threads",
        "num.network.threads",
        "listeners",
        "advertised.listeners",
        "listener.security.protocol.map",
        "log.cleaner.min.cleanable.ratio",
        "max.connections.per.ip.overrides",
    ];
    for key in typed {
        let e = error(&[(key, "not valid!")]);
        assert_eq!(e.key(), Some(key), "{key}: {e}");
        assert!(e.to_string().contains(key), "{key}: {e}");
    }
}

#[test]
fn out_of_range_values() {
    for (key, value) in [
        ("num.partitions", "0"),
        ("num.shards", "0"),
        ("num.shards", "1025"),
        ("http.listeners", "https://127.0.0.1:9644"),
        ("http.listeners", "127.0.0.1:9644"),
        ("default.replication.factor", "40000"),
        ("offsets.topic.replication.factor", "0"),
        ("min.insync.replicas", "0"),
        ("log.roll.hours", "0"),
        ("log.index.size.max.bytes", "3"),
        ("log.cleaner.min.cleanable.ratio", "1.5"),
        ("compression.zstd.level", "23"),
        ("compression.gzip.level", "0"),
        ("log.cleanup.policy", "compact,none"),
        ("queued.max.requests", "0"),
        ("process.roles", "broker,observer"),
    ] {
        assert_eq!(error(&[(key, value)]).key(), Some(key), "{key}={value}");
    }
}

#[test]
fn listeners_and_http_listeners_never_share_a_port() {
    let e = error(&[("listeners", "PLAINTEXT://:9092,OTHER://localhost:9092")]);
    assert_eq!(e.key(), Some("listeners"), "{e}");
    assert!(
        e.to_string()
            .contains("Each listener must have a different port"),
        "{e}"
    );
    let e = error(&[("http.listeners", "http://127.0.0.1:9092")]);
    assert_eq!(e.key(), Some("http.listeners"), "{e}");
    assert!(e.to_string().contains("listener PLAINTEXT"), "{e}");
    // Port 0 is any free port: never a clash here (start-up reserves distinct ones).
    let c = config(&[
        ("listeners", "PLAINTEXT://127.0.0.1:0"),
        ("http.listeners", "http://127.0.0.1:0"),
    ]);
    assert_eq!(c.http_listeners[0].port, 0);
}

#[test]
fn unknown_keys_warn_and_known_unused_keys_note() {
    let (c, warnings) = BrokerConfig::from_properties(
        &file(&[
            ("no.such.key", "1"),
            ("num.network.threads", "3"),
            ("zookeeper.connect", "localhost:2181"),
            ("process.roles", "broker,controller"),
            ("controller.quorum.voters", "1@localhost:9093"),
            ("ssl.keystore.location", "/x"),
            ("listener.name.ssl.ssl.client.auth", "required"),
            ("ssl.provider", "SunJSSE"),
            ("sasl.enabled.mechanisms", "PLAIN"),
            (
                "listener.name.sasl_ssl.plain.sasl.jaas.config",
                "x required;",
            ),
            ("sasl.kerberos.service.name", "kafka"),
            ("retention.ms", "5"),
        ]),
        &[],
    )
    .unwrap();
    assert!(warnings
        .iter()
        .any(|w| w.contains("'no.such.key'") && w.contains("isn't a known config")));
    // TLS keys and SASL/PLAIN's are read (by the security crate), per listener too; other
    // SASL settings are not there yet.
    assert!(!warnings.iter().any(|w| w.contains("ssl.")), "{warnings:?}");
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("sasl.enabled.mechanisms")),
        "{warnings:?}"
    );
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("plain.sasl.jaas.config")),
        "{warnings:?}"
    );
    assert!(warnings
        .iter()
        .any(|w| w.contains("'sasl.kerberos.service.name'")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("'retention.ms'") && w.contains("topic config")));
    assert!(!warnings.iter().any(|w| w.contains("num.network.threads")));
    // process.roles and controller.quorum.voters are used (cluster mode: sluice format).
    for key in ["num.network.threads", "zookeeper.connect", "ssl.provider"] {
        assert!(
            c.notes.iter().any(|n| n.contains(key)),
            "{key} not noted: {:?}",
            c.notes
        );
    }
    assert_eq!(c.raw.get("no.such.key").map(String::as_str), Some("1"));
}

#[test]
fn overrides_win_over_the_file_and_later_wins() {
    let f = file(&[
        ("num.partitions", "3"),
        ("num.partitions", "4"),
        ("log.retention.hours", "1"),
    ]);
    let (c, _) = BrokerConfig::from_properties(&f, &[]).unwrap();
    assert_eq!(c.num_partitions, 4);
    let overrides = vec![
        ("num.partitions".to_string(), "9".to_string()),
        ("log.retention.ms".to_string(), "10".to_string()),
    ];
    let (c, _) = BrokerConfig::from_properties(&f, &overrides).unwrap();
    assert_eq!(c.num_partitions, 9);
    assert_eq!(c.log_retention_ms, 10);
    assert_eq!(c.raw["num.partitions"], "9");
    let bad = vec![("num.partitions".to_string(), "x".to_string())];
    let e = BrokerConfig::from_properties(&f, &bad).unwrap_err();
    assert!(e.to_string().ends_with("(--set)"), "{e}");
}

#[test]
fn listeners_and_advertised_listeners() {
    let c = config(&[
        ("listeners", "PLAINTEXT://0.0.0.0:9092,CONTROLLER://:9093"),
        (
            "advertised.listeners",
            "PLAINTEXT://broker1.example.com:9092",
        ),
        ("controller.listener.names", "CONTROLLER"),
    ]);
    assert_eq!(c.listeners.len(), 2);
    assert_eq!(
        c.listeners[1].security_protocol,
        SecurityProtocol::Plaintext
    );
    assert_eq!(c.client_listeners().count(), 1);
    assert_eq!(c.advertised_listeners[0].host, "broker1.example.com");

    // Default advertised = listeners minus controller listeners; empty host → host name.
    let c = config(&[
        ("listeners", "PLAINTEXT://:9092,CONTROLLER://:9093"),
        ("controller.listener.names", "controller"),
    ]);
    assert_eq!(c.advertised_listeners.len(), 1);
    assert!(!c.advertised_listeners[0].host.is_empty());

    // Kafka refuses to advertise 0.0.0.0.
    let e = error(&[("listeners", "PLAINTEXT://0.0.0.0:9092")]);
    assert!(
        e.to_string().contains("nonroutable meta-address 0.0.0.0"),
        "{e}"
    );
    // Advertised names must be a subset of the listeners.
    let e = error(&[("advertised.listeners", "OTHER://h:1")]);
    assert!(e.to_string().contains("subset"), "{e}");
    // A listener without a security protocol.
    let e = error(&[("listeners", "CLIENT://:9092")]);
    assert!(
        e.to_string()
            .contains("No security protocol defined for listener CLIENT"),
        "{e}"
    );
    // A mapped listener name works.
    let c = config(&[
        ("listeners", "CLIENT://127.0.0.1:9092"),
        ("listener.security.protocol.map", "CLIENT:PLAINTEXT"),
    ]);
    assert_eq!(c.listeners[0].name, "CLIENT");
    // SASL listeners parse (the security crate checks their mechanisms at start-up).
    let c = config(&[("listeners", "SASL_SSL://127.0.0.1:9093")]);
    assert_eq!(c.listeners[0].security_protocol, SecurityProtocol::SaslSsl);
    // PLAINTEXT and SSL together; per-listener keys with Kafka's lower-case prefix win.
    let c = config(&[
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:9092,SSL://127.0.0.1:9093",
        ),
        ("ssl.keystore.location", "/all.p12"),
        ("listener.name.ssl.ssl.keystore.location", "/ssl.p12"),
        ("ssl.client.auth", "required"),
    ]);
    assert_eq!(
        c.listener_setting("SSL", "ssl.keystore.location")
            .as_deref(),
        Some("/ssl.p12")
    );
    assert_eq!(
        c.listener_setting("PLAINTEXT", "ssl.keystore.location")
            .as_deref(),
        Some("/all.p12")
    );
    assert_eq!(
        c.listener_setting("SSL", "ssl.client.auth").as_deref(),
        Some("required")
    );
    assert_eq!(error(&[("listeners", "")]).key(), Some("listeners"));
}

#[test]
fn compaction_lag_conflict() {
    let e = error(&[
        ("log.cleaner.min.compaction.lag.ms", "10"),
        ("log.cleaner.max.compaction.lag.ms", "5"),
    ]);
    assert!(matches!(e, ConfigError::Conflict { .. }));
}

#[test]
fn topic_config_validation_for_each_key() {
    let cases: &[(&str, &str, &str)] = &[
        ("cleanup.policy", "compact,delete", "none"),
        ("compression.gzip.level", "9", "10"),
        ("compression.lz4.level", "17", "0"),
        ("compression.type", "zstd", "brotli"),
        ("compression.zstd.level", "-5", "23"),
        ("delete.retention.ms", "0", "-1"),
        ("file.delete.delay.ms", "0", "-1"),
        ("flush.messages", "1", "0"),
        ("flush.ms", "0", "-1"),
        ("follower.replication.throttled.replicas", "0:1,1:2", "x"),
        ("index.interval.bytes", "0", "-1"),
        ("leader.replication.throttled.replicas", "*", "*,0:1"),
        ("local.retention.bytes", "-2", "-3"),
        ("local.retention.ms", "-2", "-3"),
        ("max.compaction.lag.ms", "1", "0"),
        ("max.message.bytes", "0", "-1"),
        ("message.timestamp.after.max.ms", "0", "-1"),
        ("message.timestamp.before.max.ms", "0", "-1"),
        ("message.timestamp.type", "LogAppendTime", "logappendtime"),
        ("min.cleanable.dirty.ratio", "0.1", "1.1"),
        ("min.compaction.lag.ms", "0", "-1"),
        ("min.insync.replicas", "2", "0"),
        ("preallocate", "true", "maybe"),
        ("remote.log.copy.disable", "false", "x"),
        ("remote.log.delete.on.disable", "false", "x"),
        ("remote.storage.enable", "false", "true"),
        ("retention.bytes", "-1", "1.5"),
        ("retention.ms", "-1", "-2"),
        ("segment.bytes", "1048576", "1048575"),
        ("segment.index.bytes", "4", "3"),
        ("segment.jitter.ms", "0", "-1"),
        ("segment.ms", "1", "0"),
        ("unclean.leader.election.enable", "false", "no"),
    ];
    assert_eq!(
        cases.len(),
        topic_config_names().count(),
        "every topic key has a case"
    );
    for (name, good, bad) in cases {
        validate_topic_config(name, good).unwrap_or_else(|e| panic!("{name}={good}: {e}"));
        let e = validate_topic_config(name, bad).unwrap_err();
        assert_eq!(e.key(), Some(*name), "{name}={bad}");
        assert_eq!(e.error_code(), model::ErrorCode::InvalidConfig);
    }
    let e = validate_topic_config("retention.hours", "1").unwrap_err();
    assert_eq!(e.to_string(), "Unknown topic config name: retention.hours");
    let e = validate_topic_configs(&map(&[
        ("min.compaction.lag.ms", "10"),
        ("max.compaction.lag.ms", "5"),
    ]))
    .unwrap_err();
    assert!(matches!(e, ConfigError::Conflict { .. }));
    validate_topic_configs(&map(&[
        ("retention.ms", "1000"),
        ("cleanup.policy", "compact"),
    ]))
    .unwrap();
}

#[test]
fn dynamic_broker_configs_follow_kafkas_list() {
    for name in [
        "log.retention.ms",
        "log.segment.bytes",
        "message.max.bytes",
        "log.flush.interval.ms",
        "log.roll.ms",
        "min.insync.replicas",
        "compression.type",
        "log.cleanup.policy",
        "max.connections",
        "num.io.threads",
        "log.cleaner.threads",
        "unclean.leader.election.enable",
    ] {
        assert_eq!(
            broker_dynamic_mode(name),
            Some(DynamicMode::ClusterWide),
            "{name}"
        );
    }
    for name in [
        "log.retention.hours",
        "log.roll.hours",
        "num.partitions",
        "node.id",
        "log.dirs",
        "listeners",
        "num.shards",
    ] {
        assert_eq!(broker_dynamic_mode(name), None, "{name}");
        assert!(
            matches!(
                validate_broker_dynamic_config(name, "1"),
                Err(ConfigError::NotDynamic { .. })
            ),
            "{name}"
        );
    }
    validate_broker_dynamic_config("log.retention.ms", "1000").unwrap();
    assert_eq!(
        validate_broker_dynamic_config("log.segment.bytes", "1")
            .unwrap_err()
            .key(),
        Some("log.segment.bytes")
    );
    // A custom key: Kafka accepts and stores it (customPropsAllowed); so does Sluice.
    validate_broker_dynamic_config("nope", "1").unwrap();
}

#[test]
fn every_kafka_broker_key_is_answered_as_kafka_answers_it() {
    use crate::kafka_broker_keys::KAFKA_BROKER_KEYS;
    // A Kafka key Sluice has no use for: dynamic per broker in Kafka, so accepted (typed).
    validate_broker_dynamic_config("sasl.kerberos.min.time.before.relogin", "120000").unwrap();
    assert!(matches!(
        validate_broker_dynamic_config("sasl.kerberos.min.time.before.relogin", "soon"),
        Err(ConfigError::InvalidValue { .. })
    ));
    assert!(broker_config_is_per_broker_only(
        "sasl.kerberos.min.time.before.relogin"
    ));
    assert!(!broker_config_is_per_broker_only("log.retention.ms"));
    assert!(broker_config_is_per_broker_only(
        "listener.name.plaintext.ssl.keystore.location"
    ));
    assert!(!broker_config_is_per_broker_only(
        "listener.name.plaintext.max.connections"
    ));
    // Read-only in Kafka: Kafka's error.
    let err = validate_broker_dynamic_config("replica.fetch.max.bytes", "1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Cannot update these configs dynamically: [replica.fetch.max.bytes]"
    );
    let err = validate_broker_dynamic_config("ssl.keystore.location", "/k").unwrap_err();
    assert!(matches!(err, ConfigError::ListenerPrefixOnly { .. }));
    validate_broker_dynamic_config("listener.name.plaintext.ssl.keystore.location", "/k").unwrap();
    // Every Kafka key gets an answer: never "unknown".
    for key in KAFKA_BROKER_KEYS {
        let value = key.default.unwrap_or("1");
        match validate_broker_dynamic_config(key.name, value) {
            Ok(()) => assert!(broker_dynamic_mode(key.name).is_some(), "{}", key.name),
            Err(ConfigError::NotDynamic { .. }) => {
                assert!(broker_dynamic_mode(key.name).is_none(), "{}", key.name)
            }
            Err(ConfigError::ListenerPrefixOnly { .. }) => {}
            // Sluice's own validators are stricter for a few keys it uses.
            Err(ConfigError::InvalidValue { .. }) => {
                assert!(
                    crate::broker_keys::broker_key(key.name).is_some(),
                    "{}",
                    key.name
                )
            }
            Err(other) => panic!("{}: {other}", key.name),
        }
    }
}

#[test]
fn effective_config_precedence() {
    let broker = config(&[
        ("log.retention.hours", "1"),
        ("log.segment.bytes", "2097152"),
    ]);
    let none = BTreeMap::new();
    let e = effective_log_config(&broker, &none, &none);
    assert_eq!(e.retention_ms, 3_600_000);
    assert_eq!(e.segment_bytes, 2_097_152);
    assert_eq!(e.segment_ms, 168 * 3_600_000);
    assert_eq!(
        e.flush_interval_messages, 1,
        "Sluice flushes before acknowledging by default"
    );
    assert_eq!(e.flush_interval_ms, None);
    assert_eq!(e.max_message_bytes, 1_048_588);
    assert_eq!(
        e.cleanup_policy,
        CleanupPolicy {
            delete: true,
            compact: false
        }
    );
    assert_eq!(e.compression_type, CompressionType::Producer);
    assert_eq!(e.timestamp_type(), TimestampType::CreateTime);
    assert_eq!(e.file_delete_delay_ms, 60_000);
    assert_eq!(e.min_insync_replicas, 1);

    // Dynamic broker config beats static.
    let dynamic = map(&[
        ("log.retention.ms", "5000"),
        ("log.segment.bytes", "3145728"),
    ]);
    let e = effective_log_config(&broker, &dynamic, &none);
    assert_eq!(e.retention_ms, 5000);
    assert_eq!(e.segment_bytes, 3_145_728);

    // Topic override beats both; an invalid stored override is skipped.
    let topic = map(&[
        ("retention.ms", "42"),
        ("segment.bytes", "bogus"),
        ("cleanup.policy", "compact,delete"),
        ("message.timestamp.type", "LogAppendTime"),
        ("flush.ms", "100"),
        ("flush.messages", "9223372036854775807"),
    ]);
    let e = effective_log_config(&broker, &dynamic, &topic);
    assert_eq!(e.retention_ms, 42);
    assert_eq!(e.segment_bytes, 3_145_728);
    assert_eq!(
        e.cleanup_policy,
        CleanupPolicy {
            delete: true,
            compact: true
        }
    );
    assert!(e.timestamp_type_log_append);
    assert_eq!(e.flush_interval_ms, Some(100));
    assert_eq!(e.flush_interval_messages, i64::MAX as u64);
    assert_eq!(e.retention_bytes_limit(), None);
    assert_eq!(e.retention_ms_limit(), Some(42));
}

fn entry<'a>(entries: &'a [ConfigEntry], name: &str) -> &'a ConfigEntry {
    entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entry {name}"))
}

#[test]
fn describe_topic_lists_every_key_sorted_with_sources() {
    let broker = config(&[("log.retention.hours", "1"), ("compression.type", "lz4")]);
    let dynamic = map(&[("log.segment.bytes", "2097152")]);
    let topic = map(&[("cleanup.policy", "compact")]);
    let entries = describe_topic_configs(&broker, &dynamic, &topic);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), topic_config_names().count());

    let cleanup = entry(&entries, "cleanup.policy");
    assert_eq!(cleanup.value.as_deref(), Some("compact"));
    assert_eq!(cleanup.source, ConfigSource::DynamicTopicConfig);
    assert_eq!(cleanup.config_type, ConfigType::List);
    assert_eq!(cleanup.synonyms[0].source, ConfigSource::DynamicTopicConfig);
    assert_eq!(cleanup.synonyms[1].name, "log.cleanup.policy");
    assert_eq!(cleanup.synonyms[1].source, ConfigSource::DefaultConfig);

    let retention = entry(&entries, "retention.ms");
    assert_eq!(retention.value.as_deref(), Some("3600000"));
    assert_eq!(retention.source, ConfigSource::StaticBrokerConfig);
    assert_eq!(retention.synonyms[0].name, "log.retention.hours");
    assert_eq!(retention.synonyms[0].value.as_deref(), Some("1"));
    assert_eq!(
        retention.synonyms.last().unwrap().source,
        ConfigSource::DefaultConfig
    );

    let segment = entry(&entries, "segment.bytes");
    assert_eq!(segment.value.as_deref(), Some("2097152"));
    assert_eq!(segment.source, ConfigSource::DynamicBrokerConfig);

    let compression = entry(&entries, "compression.type");
    assert_eq!(compression.source, ConfigSource::StaticBrokerConfig);
    assert_eq!(compression.value.as_deref(), Some("lz4"));

    let segment_ms = entry(&entries, "segment.ms");
    assert_eq!(segment_ms.value.as_deref(), Some("604800000"));
    assert_eq!(segment_ms.source, ConfigSource::DefaultConfig);
    assert_eq!(segment_ms.synonyms[0].name, "log.roll.hours");

    let flush = entry(&entries, "flush.messages");
    assert_eq!(flush.value.as_deref(), Some("1"));

    let remote = entry(&entries, "remote.storage.enable");
    assert_eq!(remote.source, ConfigSource::DefaultConfig);
    assert!(remote.synonyms.is_empty());
    assert!(entries
        .iter()
        .all(|e| !e.read_only && !e.is_sensitive && e.documentation.is_some()));
    let ratio = entry(&entries, "min.cleanable.dirty.ratio");
    assert_eq!(ratio.value.as_deref(), Some("0.5"));
    assert_eq!(ratio.config_type.id(), 6);
}

#[test]
fn describe_broker_lists_values_sources_and_read_only() {
    let broker = config(&[("num.partitions", "3"), ("log.retention.hours", "2")]);
    let dynamic = map(&[("log.retention.ms", "1000")]);
    let entries = describe_broker_configs(&broker, &dynamic);
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let partitions = entry(&entries, "num.partitions");
    assert_eq!(partitions.value.as_deref(), Some("3"));
    assert_eq!(partitions.source, ConfigSource::StaticBrokerConfig);
    assert!(partitions.read_only);
    assert_eq!(partitions.synonyms.len(), 2); // static, then default
    assert_eq!(partitions.synonyms[1].source, ConfigSource::DefaultConfig);

    let retention_ms = entry(&entries, "log.retention.ms");
    assert_eq!(retention_ms.value.as_deref(), Some("1000"));
    assert_eq!(retention_ms.source, ConfigSource::DynamicBrokerConfig);
    assert!(!retention_ms.read_only);
    let synonym_names: Vec<&str> = retention_ms
        .synonyms
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        synonym_names,
        vec![
            "log.retention.ms",
            "log.retention.hours",
            "log.retention.hours"
        ]
    );

    let retention_hours = entry(&entries, "log.retention.hours");
    assert_eq!(retention_hours.value.as_deref(), Some("2"));
    assert_eq!(retention_hours.source, ConfigSource::StaticBrokerConfig);

    let roll_ms = entry(&entries, "log.roll.ms");
    assert_eq!(roll_ms.value, None);
    assert_eq!(roll_ms.source, ConfigSource::DefaultConfig);

    let flush = entry(&entries, "log.flush.interval.messages");
    assert_eq!(flush.value.as_deref(), Some("1"));
    assert_eq!(flush.source, ConfigSource::DefaultConfig);

    let shards = entry(&entries, "num.shards");
    assert_eq!(shards.value, Some(broker.num_shards.to_string()));
    let http = entry(&entries, "http.listeners");
    assert_eq!(http.value.as_deref(), Some("http://127.0.0.1:9644"));
    assert_eq!(http.source, ConfigSource::DefaultConfig);
    assert!(http.read_only);
    let listeners = entry(&entries, "listeners");
    assert!(listeners
        .documentation
        .as_deref()
        .unwrap()
        .contains("differs from Kafka"));
}

#[test]
fn describe_cluster_default_lists_only_dynamic_defaults() {
    let broker = BrokerConfig::default();
    let defaults = map(&[("log.retention.ms", "1000")]);
    let entries = describe_broker_configs_layered(
        &broker,
        &BTreeMap::new(),
        &defaults,
        BrokerResource::ClusterDefault,
    );
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].source, ConfigSource::DynamicDefaultBrokerConfig);
    assert!(entries[0]
        .synonyms
        .iter()
        .all(|s| s.source == ConfigSource::DynamicDefaultBrokerConfig));
}

#[test]
fn deploy_example_file_parses_without_warnings() {
    let text = include_str!("../../../deploy/server.properties");
    let parsed = parse_properties(text).unwrap();
    assert!(!parsed.is_empty());
    let (c, warnings) = BrokerConfig::from_properties(&parsed, &[]).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(c.node_id, 1);
}

#[test]
fn a_kafka_quickstart_file_is_accepted() {
    let text = "\
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:9093
listeners=PLAINTEXT://:9092,CONTROLLER://:9093
inter.broker.listener.name=PLAINTEXT
advertised.listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=/tmp/kraft-combined-logs
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
";
    let parsed = parse_properties(text).unwrap();
    let (c, warnings) = BrokerConfig::from_properties(&parsed, &[]).unwrap();
    assert_eq!(c.offsets_topic_replication_factor, 1);
    assert_eq!(c.client_listeners().count(), 1);
    assert_eq!(c.advertised_listeners.len(), 2);
    assert!(
        warnings.iter().all(|w| w.contains("share.")),
        "{warnings:?}"
    );
}

#[test]
fn the_inter_broker_listener_must_exist() {
    let base = [
        ("process.roles", "broker"),
        ("node.id", "2"),
        ("controller.quorum.voters", "1@127.0.0.1:9093"),
        ("controller.listener.names", "CONTROLLER"),
        (
            "listener.security.protocol.map",
            "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SECURE:SASL_SSL",
        ),
        (
            "listeners",
            "INTERNAL://127.0.0.1:9092,SECURE://127.0.0.1:9094",
        ),
        ("ssl.keystore.type", "PEM"),
    ];
    let with = |extra: (&str, &str)| {
        let mut lines: Vec<(String, String, usize)> = base
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string(), 1))
            .collect();
        lines.push((extra.0.to_string(), extra.1.to_string(), 1));
        BrokerConfig::from_properties(&lines, &[])
    };
    let (c, _) = with(("inter.broker.listener.name", "INTERNAL")).unwrap();
    assert_eq!(c.inter_broker_listener(), "INTERNAL");
    let e = with(("inter.broker.listener.name", "NOPE"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("must be a listener name defined in listeners"),
        "{e}"
    );
    // A SASL inter-broker listener parses: `security::PeerClient` checks its credentials.
    let (c, _) = with(("inter.broker.listener.name", "SECURE")).unwrap();
    assert_eq!(c.inter_broker_listener(), "SECURE");
    assert_eq!(
        c.listener_protocol("CONTROLLER"),
        crate::SecurityProtocol::Plaintext
    );
    assert_eq!(
        c.listener_protocol("SECURE"),
        crate::SecurityProtocol::SaslSsl
    );
}

//! Authorization (issue 12): a matrix of every advertised API × {super user, authorized
//! principal, unauthorized principal, anonymous} over raw Kafka-protocol connections, asserting
//! Kafka's error code in each cell and no unexpected allow; `kafka-acls` adding, listing and
//! removing bindings; a real Java client denied then allowed; the denial log and the
//! authentication-failure metric.
//!
//! Principals: `User:admin` (super.users), `User:alice` (ACLs: topics PREFIXED `acl-` ALL with
//! a LITERAL DENY on `acl-secret`, group `acl-g` ALL, transactional ids `*` WRITE, the cluster
//! DESCRIBE, ALTER, ALTER_CONFIGS, IDEMPOTENT_WRITE), `User:bob` (one unrelated binding) over
//! SASL/PLAIN, and `User:ANONYMOUS` on the PLAINTEXT listener. With
//! `SLUICE_TEST_AGAINST=kafka` the same matrix runs against Apache Kafka (its client listener
//! is SASL there, so the anonymous column is Sluice's only).

use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;

use crate::harness::{self, Broker};
use crate::wire::Wire;

const NONE: i16 = 0;
const TAF: i16 = 29;
const GAF: i16 = 30;
const CAF: i16 = 31;
const TXN_AF: i16 = 53;
const SECURITY_DISABLED: i16 = 54;
const AUTH_ERRORS: [i16; 4] = [TAF, GAF, CAF, TXN_AF];

/// Limit: a Kafka CLI tool's JVM start and one admin call take a few seconds on 2 cores.
const TOOL_TIMEOUT: Duration = Duration::from_secs(120);

const JAAS: &str = r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret" user_bob="bob-secret";"#;

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

fn tn(text: &str) -> TopicName {
    TopicName(s(text))
}

/// A broker with an authorizer, SASL/PLAIN for admin, alice and bob, and (Sluice) a
/// PLAINTEXT listener for anonymous clients.
fn acl_broker(extra: &[(&str, &str)]) -> Broker {
    let mut settings: Vec<(&str, &str)> = if harness::against_kafka() {
        vec![
            // The harness's PLAINTEXT listener speaks SASL here; the controller listener too,
            // as admin (a super user), so that the node can register with its controller.
            (
                "listener.security.protocol.map",
                "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
            ),
            ("sasl.enabled.mechanisms", "PLAIN"),
            ("sasl.mechanism.inter.broker.protocol", "PLAIN"),
            ("sasl.mechanism.controller.protocol", "PLAIN"),
            ("listener.name.plaintext.plain.sasl.jaas.config", JAAS),
            ("listener.name.controller.plain.sasl.jaas.config", JAAS),
        ]
    } else {
        vec![
            (
                "listeners",
                "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
            ),
            (
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
            ),
            ("sasl.enabled.mechanisms", "PLAIN"),
            ("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS),
        ]
    };
    settings.extend([
        (
            "authorizer.class.name",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        ),
        ("super.users", "User:admin"),
    ]);
    settings.extend_from_slice(extra);
    Broker::start_with(&settings)
}

/// The SASL listener's address.
fn sasl_address(broker: &Broker) -> String {
    if harness::against_kafka() {
        broker.bootstrap()
    } else {
        broker.listener_address("SASL_PLAINTEXT")
    }
}

/// A connection authenticated as `user` with SASL/PLAIN.
fn login(address: &str, user: &str) -> Wire {
    let mut w = Wire::connect(address);
    let r: SaslHandshakeResponse = w.call(
        1,
        &SaslHandshakeRequest::default().with_mechanism(s("PLAIN")),
    );
    assert_eq!(r.error_code, NONE, "handshake");
    let token = format!("\0{user}\0{user}-secret");
    let r: SaslAuthenticateResponse = w.call(
        2,
        &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token.into_bytes())),
    );
    assert_eq!(
        r.error_code, NONE,
        "authenticate {user}: {:?}",
        r.error_message
    );
    w
}

pub(crate) fn creation(
    resource_type: i8,
    name: &str,
    pattern: i8,
    principal: &str,
    operation: i8,
    permission: i8,
) -> create_acls_request::AclCreation {
    create_acls_request::AclCreation::default()
        .with_resource_type(resource_type)
        .with_resource_name(s(name))
        .with_resource_pattern_type(pattern)
        .with_principal(s(principal))
        .with_host(s("*"))
        .with_operation(operation)
        .with_permission_type(permission)
}

// Kafka's codes.
const TOPIC: i8 = 2;
const GROUP: i8 = 3;
const CLUSTER: i8 = 4;
const TXN: i8 = 5;
const LITERAL: i8 = 3;
const PREFIXED: i8 = 4;
const ALL: i8 = 2;
const WRITE: i8 = 4;
const DESCRIBE: i8 = 8;
const ALTER: i8 = 7;
const ALTER_CONFIGS: i8 = 11;
const IDEMPOTENT_WRITE: i8 = 12;
const READ: i8 = 3;
const DENY: i8 = 2;
const ALLOW: i8 = 3;

fn setup_acls(admin: &mut Wire) {
    let creations = vec![
        creation(TOPIC, "acl-", PREFIXED, "User:alice", ALL, ALLOW),
        creation(TOPIC, "acl-secret", LITERAL, "User:alice", ALL, DENY),
        creation(GROUP, "acl-g", LITERAL, "User:alice", ALL, ALLOW),
        creation(TXN, "*", LITERAL, "User:alice", WRITE, ALLOW),
        creation(
            CLUSTER,
            "kafka-cluster",
            LITERAL,
            "User:alice",
            DESCRIBE,
            ALLOW,
        ),
        creation(
            CLUSTER,
            "kafka-cluster",
            LITERAL,
            "User:alice",
            ALTER,
            ALLOW,
        ),
        creation(
            CLUSTER,
            "kafka-cluster",
            LITERAL,
            "User:alice",
            ALTER_CONFIGS,
            ALLOW,
        ),
        creation(
            CLUSTER,
            "kafka-cluster",
            LITERAL,
            "User:alice",
            IDEMPOTENT_WRITE,
            ALLOW,
        ),
        creation(TOPIC, "unrelated", LITERAL, "User:bob", READ, ALLOW),
        // Host matching: a DENY from this client's address applies, one from elsewhere not.
        creation(TOPIC, "acl-hosted", LITERAL, "User:alice", READ, DENY).with_host(s("127.0.0.1")),
        creation(TOPIC, "acl-t", LITERAL, "User:alice", WRITE, DENY).with_host(s("10.9.9.9")),
    ];
    let r: CreateAclsResponse =
        admin.call(3, &CreateAclsRequest::default().with_creations(creations));
    for (i, c) in r.results.iter().enumerate() {
        assert_eq!(c.error_code, NONE, "creation {i}: {:?}", c.error_message);
    }
    // Kafka applies ACLs asynchronously on brokers: wait until they are visible.
    wait_for_acls(admin, 11);
}

fn wait_for_acls(w: &mut Wire, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r: DescribeAclsResponse = w.call(3, &any_filter());
        let n: usize = r.resources.iter().map(|r| r.acls.len()).sum();
        if n >= count {
            return;
        }
        assert!(Instant::now() < deadline, "{n} of {count} ACLs visible");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn any_filter() -> DescribeAclsRequest {
    DescribeAclsRequest::default()
        .with_resource_name_filter(None)
        .with_principal_filter(None)
        .with_host_filter(None)
        .with_resource_type_filter(1)
        .with_pattern_type_filter(1)
        .with_operation(1)
        .with_permission_type(1)
}

fn create_topic(w: &mut Wire, name: &str) {
    let r: CreateTopicsResponse = w.call(
        7,
        &CreateTopicsRequest::default()
            .with_timeout_ms(30_000)
            .with_topics(vec![create_topics_request::CreatableTopic::default()
                .with_name(tn(name))
                .with_num_partitions(1)
                .with_replication_factor(1)]),
    );
    let code = r.topics[0].error_code;
    assert!(code == NONE || code == 36, "create {name}: {code}");
}

fn batch() -> Bytes {
    Bytes::from(
        batch::builder::BatchBuilder::new()
            .base_timestamp_ms(harness::now_ms())
            .record(0, Some(b"k"), Some(b"v"))
            .build(),
    )
}

/// The one error code a cell is judged by.
type Probe = fn(&mut Wire, &Ctx) -> i16;

struct Ctx {
    node_id: i32,
}

/// What a column expects of a cell.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Not an authorization error.
    Allowed,
    /// Exactly this error.
    Denied(i16),
}

struct Case {
    key: ApiKey,
    label: &'static str,
    probe: Probe,
    /// [super, authorized, unauthorized, anonymous]
    expect: [Expect; 4],
}

use Expect::{Allowed as A, Denied as D};

fn cases() -> Vec<Case> {
    let c = |key, label, probe: Probe, expect| Case {
        key,
        label,
        probe,
        expect,
    };
    vec![
        c(
            ApiKey::Metadata,
            "named topic",
            |w, _| metadata_topic(w, "acl-t"),
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Metadata,
            "deny wins (acl-secret)",
            |w, _| metadata_topic(w, "acl-secret"),
            [A, D(TAF), D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Metadata,
            "all topics hide acl-t",
            |w, _| {
                let r: MetadataResponse = w.call(12, &MetadataRequest::default().with_topics(None));
                if r.topics
                    .iter()
                    .any(|t| t.name.as_ref().map(|n| n.as_str()) == Some("acl-t"))
                {
                    NONE
                } else {
                    TAF
                }
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Metadata,
            "auto-create needs CREATE",
            |w, _| {
                let r: MetadataResponse = w.call(
                    12,
                    &MetadataRequest::default()
                        .with_allow_auto_topic_creation(true)
                        .with_topics(Some(vec![metadata_request::MetadataRequestTopic::default(
                        )
                        .with_name(Some(tn("acl-auto")))])),
                );
                r.topics[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Produce,
            "write topic",
            |w, _| produce(w, "acl-t", None),
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Produce,
            "transactional id, plain batch",
            |w, _| produce(w, "acl-t", Some("tx-1")),
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Produce,
            "transactional batch",
            |w, _| produce_transactional(w, "acl-t", Some("tx-1")),
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::Produce,
            "transactional batch without an id",
            |w, _| produce_transactional(w, "acl-t", None),
            [D(TXN_AF), D(TXN_AF), D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::Fetch,
            "read topic",
            |w, _| {
                let r: FetchResponse = w.call(
                    12,
                    &FetchRequest::default()
                        .with_max_wait_ms(0)
                        .with_min_bytes(1)
                        .with_max_bytes(1 << 20)
                        .with_session_epoch(-1)
                        .with_replica_id(BrokerId(-1))
                        .with_topics(vec![fetch_request::FetchTopic::default()
                            .with_topic(tn("acl-t"))
                            .with_partitions(vec![fetch_request::FetchPartition::default()
                                .with_partition(0)
                                .with_partition_max_bytes(1 << 20)])]),
                );
                r.responses[0].partitions[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Fetch,
            "a DENY from this host",
            |w, _| fetch_error(w, "acl-hosted"),
            [A, D(TAF), D(TAF), D(TAF)],
        ),
        c(
            ApiKey::Fetch,
            "follower needs CLUSTER_ACTION",
            |w, c| {
                let r: FetchResponse = w.call(
                    12,
                    &FetchRequest::default()
                        .with_max_wait_ms(0)
                        .with_min_bytes(1)
                        .with_max_bytes(1 << 20)
                        .with_session_epoch(-1)
                        .with_replica_id(BrokerId(c.node_id + 100))
                        .with_topics(vec![fetch_request::FetchTopic::default()
                            .with_topic(tn("acl-t"))
                            .with_partitions(vec![fetch_request::FetchPartition::default()
                                .with_partition(0)
                                .with_partition_max_bytes(1 << 20)])]),
                );
                r.responses[0].partitions[0].error_code
            },
            [A, D(TAF), D(TAF), D(TAF)],
        ),
        c(
            ApiKey::ListOffsets,
            "describe topic",
            |w, _| {
                let r: ListOffsetsResponse = w.call(
                    7,
                    &ListOffsetsRequest::default()
                        .with_replica_id(BrokerId(-1))
                        .with_topics(vec![list_offsets_request::ListOffsetsTopic::default()
                            .with_name(tn("acl-t"))
                            .with_partitions(vec![
                                list_offsets_request::ListOffsetsPartition::default()
                                    .with_partition_index(0)
                                    .with_timestamp(-1),
                            ])]),
                );
                r.topics[0].partitions[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::CreateTopics,
            "create topic (validate only)",
            |w, _| {
                let r: CreateTopicsResponse = w.call(
                    7,
                    &CreateTopicsRequest::default()
                        .with_validate_only(true)
                        .with_timeout_ms(10_000)
                        .with_topics(vec![create_topics_request::CreatableTopic::default()
                            .with_name(tn("acl-new"))
                            .with_num_partitions(1)
                            .with_replication_factor(1)]),
                );
                r.topics[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::DeleteTopics,
            "delete (a missing topic)",
            |w, _| {
                let r: DeleteTopicsResponse = w.call(
                    5,
                    &DeleteTopicsRequest::default()
                        .with_timeout_ms(10_000)
                        .with_topic_names(vec![tn("acl-missing")]),
                );
                r.responses[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::DeleteRecords,
            "delete records",
            |w, _| {
                let r: DeleteRecordsResponse = w.call(
                    2,
                    &DeleteRecordsRequest::default()
                        .with_timeout_ms(10_000)
                        .with_topics(vec![delete_records_request::DeleteRecordsTopic::default()
                            .with_name(tn("acl-t"))
                            .with_partitions(vec![
                                delete_records_request::DeleteRecordsPartition::default()
                                    .with_partition_index(0)
                                    .with_offset(0),
                            ])]),
                );
                r.topics[0].partitions[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::InitProducerId,
            "idempotent",
            |w, _| {
                let r: InitProducerIdResponse = w.call(
                    4,
                    &InitProducerIdRequest::default()
                        .with_transactional_id(None)
                        .with_transaction_timeout_ms(60_000)
                        .with_producer_id(ProducerId(-1))
                        .with_producer_epoch(-1),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::InitProducerId,
            "transactional id",
            |w, _| {
                let r: InitProducerIdResponse = w.call(
                    4,
                    &InitProducerIdRequest::default()
                        .with_transactional_id(Some(TransactionalId(s("tx-1"))))
                        .with_transaction_timeout_ms(60_000)
                        .with_producer_id(ProducerId(-1))
                        .with_producer_epoch(-1),
                );
                r.error_code
            },
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::OffsetForLeaderEpoch,
            "describe topic",
            |w, _| {
                let r: OffsetForLeaderEpochResponse = w.call(4, &OffsetForLeaderEpochRequest::default()
                .with_replica_id(BrokerId(-2))
                .with_topics(vec![offset_for_leader_epoch_request::OffsetForLeaderTopic::default().with_topic(tn("acl-t"))
                    .with_partitions(vec![offset_for_leader_epoch_request::OffsetForLeaderPartition::default()
                        .with_partition(0).with_current_leader_epoch(-1).with_leader_epoch(0)])]));
                r.topics[0].partitions[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::DescribeConfigs,
            "topic",
            |w, _| describe_configs(w, 2, "acl-t"),
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::DescribeConfigs,
            "broker",
            |w, c| describe_configs(w, 4, &c.node_id.to_string()),
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeConfigs,
            "group",
            |w, _| describe_configs(w, 32, "acl-g"),
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::AlterConfigs,
            "topic (validate only)",
            |w, _| {
                let r: AlterConfigsResponse = w.call(
                    2,
                    &AlterConfigsRequest::default()
                        .with_validate_only(true)
                        .with_resources(vec![
                            alter_configs_request::AlterConfigsResource::default()
                                .with_resource_type(2)
                                .with_resource_name(s("acl-t"))
                                .with_configs(vec![
                                    alter_configs_request::AlterableConfig::default()
                                        .with_name(s("retention.ms"))
                                        .with_value(Some(s("3600000"))),
                                ]),
                        ]),
                );
                r.responses[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::IncrementalAlterConfigs,
            "broker (validate only)",
            |w, c| {
                let r: IncrementalAlterConfigsResponse = w.call(
                    1,
                    &IncrementalAlterConfigsRequest::default()
                        .with_validate_only(true)
                        .with_resources(vec![
                            incremental_alter_configs_request::AlterConfigsResource::default()
                                .with_resource_type(4)
                                .with_resource_name(s(&c.node_id.to_string()))
                                .with_configs(vec![
                                    incremental_alter_configs_request::AlterableConfig::default()
                                        .with_name(s("log.cleaner.threads"))
                                        .with_config_operation(0)
                                        .with_value(Some(s("1"))),
                                ]),
                        ]),
                );
                r.responses[0].error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::CreatePartitions,
            "alter topic (validate only)",
            |w, _| {
                let r: CreatePartitionsResponse = w.call(
                    3,
                    &CreatePartitionsRequest::default()
                        .with_validate_only(true)
                        .with_timeout_ms(10_000)
                        .with_topics(vec![
                            create_partitions_request::CreatePartitionsTopic::default()
                                .with_name(tn("acl-t"))
                                .with_count(2),
                        ]),
                );
                r.results[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::ElectLeaders,
            "alter cluster",
            |w, _| {
                let r: ElectLeadersResponse = w.call(
                    2,
                    &ElectLeadersRequest::default()
                        .with_timeout_ms(10_000)
                        .with_topic_partitions(Some(vec![
                            elect_leaders_request::TopicPartitions::default()
                                .with_topic(tn("acl-t"))
                                .with_partitions(vec![0]),
                        ])),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::AlterPartitionReassignments,
            "alter cluster",
            |w, _| {
                let r: AlterPartitionReassignmentsResponse = w.call(
                    0,
                    &AlterPartitionReassignmentsRequest::default()
                        .with_timeout_ms(10_000)
                        .with_topics(vec![]),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::ListPartitionReassignments,
            "describe cluster",
            |w, _| {
                let r: ListPartitionReassignmentsResponse = w.call(
                    0,
                    &ListPartitionReassignmentsRequest::default()
                        .with_timeout_ms(10_000)
                        .with_topics(None),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::AddPartitionsToTxn,
            "write transactional id (a client's v3)",
            |w, _| {
                let r: AddPartitionsToTxnResponse = w.call(
                    3,
                    &AddPartitionsToTxnRequest::default()
                        .with_v3_and_below_transactional_id(TransactionalId(s("tx-1")))
                        .with_v3_and_below_producer_id(ProducerId(1))
                        .with_v3_and_below_topics(vec![
                            add_partitions_to_txn_request::AddPartitionsToTxnTopic::default()
                                .with_name(tn("acl-t"))
                                .with_partitions(vec![0]),
                        ]),
                );
                r.results_by_topic_v3_and_below[0].results_by_partition[0].partition_error_code
            },
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::AddPartitionsToTxn,
            "cluster_action (brokers' v4)",
            |w, _| {
                let r: AddPartitionsToTxnResponse = w.call(
                    4,
                    &AddPartitionsToTxnRequest::default().with_transactions(vec![]),
                );
                r.error_code
            },
            [A, D(CAF), D(CAF), D(CAF)],
        ),
        c(
            ApiKey::AddOffsetsToTxn,
            "write transactional id, read group",
            |w, _| {
                let r: AddOffsetsToTxnResponse = w.call(
                    3,
                    &AddOffsetsToTxnRequest::default()
                        .with_transactional_id(TransactionalId(s("tx-1")))
                        .with_producer_id(ProducerId(1))
                        .with_group_id(GroupId(s("acl-g"))),
                );
                r.error_code
            },
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::EndTxn,
            "write transactional id",
            |w, _| {
                let r: EndTxnResponse = w.call(
                    3,
                    &EndTxnRequest::default()
                        .with_transactional_id(TransactionalId(s("tx-1")))
                        .with_producer_id(ProducerId(1)),
                );
                r.error_code
            },
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::TxnOffsetCommit,
            "write transactional id, read group and topic",
            |w, _| {
                let r: TxnOffsetCommitResponse = w.call(
                    3,
                    &TxnOffsetCommitRequest::default()
                        .with_transactional_id(TransactionalId(s("tx-1")))
                        .with_group_id(GroupId(s("acl-g")))
                        .with_producer_id(ProducerId(1))
                        .with_topics(vec![
                            txn_offset_commit_request::TxnOffsetCommitRequestTopic::default()
                                .with_name(tn("acl-t"))
                                .with_partitions(vec![
                                    txn_offset_commit_request::TxnOffsetCommitRequestPartition::default()
                                        .with_partition_index(0)
                                        .with_committed_offset(0),
                                ]),
                        ]),
                );
                r.topics[0].partitions[0].error_code
            },
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::WriteTxnMarkers,
            "cluster_action",
            |w, _| {
                let r: WriteTxnMarkersResponse = w.call(
                    1,
                    &WriteTxnMarkersRequest::default().with_markers(vec![
                        write_txn_markers_request::WritableTxnMarker::default()
                            .with_producer_id(ProducerId(1))
                            .with_topics(vec![
                                write_txn_markers_request::WritableTxnMarkerTopic::default()
                                    .with_name(tn("acl-none"))
                                    .with_partition_indexes(vec![0]),
                            ]),
                    ]),
                );
                r.markers[0].topics[0].partitions[0].error_code
            },
            [A, D(CAF), D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeTransactions,
            "describe transactional id",
            |w, _| {
                let r: DescribeTransactionsResponse = w.call(
                    0,
                    &DescribeTransactionsRequest::default()
                        .with_transactional_ids(vec![TransactionalId(s("tx-1"))]),
                );
                r.transaction_states[0].error_code
            },
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::ListTransactions,
            "no check; only describable ids listed",
            |w, _| {
                let r: ListTransactionsResponse = w.call(1, &ListTransactionsRequest::default());
                r.error_code
            },
            [A, A, A, A],
        ),
        c(
            ApiKey::DescribeClientQuotas,
            "describe_configs cluster",
            |w, _| {
                let r: DescribeClientQuotasResponse = w.call(
                    1,
                    &DescribeClientQuotasRequest::default().with_components(vec![]),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::AlterClientQuotas,
            "alter_configs cluster",
            |w, _| {
                // Removing a quota nobody has: no change, so the row leaves no state behind.
                let entry = alter_client_quotas_request::EntryData::default()
                    .with_entity(vec![alter_client_quotas_request::EntityData::default()
                        .with_entity_type(StrBytes::from_static_str("client-id"))
                        .with_entity_name(Some(StrBytes::from_static_str("acl-nobody")))])
                    .with_ops(vec![alter_client_quotas_request::OpData::default()
                        .with_key(StrBytes::from_static_str("producer_byte_rate"))
                        .with_remove(true)]);
                let r: AlterClientQuotasResponse = w.call(
                    1,
                    &AlterClientQuotasRequest::default().with_entries(vec![entry]),
                );
                r.entries[0].error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeUserScramCredentials,
            "describe cluster",
            |w, _| {
                let r: DescribeUserScramCredentialsResponse = w.call(
                    0,
                    &DescribeUserScramCredentialsRequest::default().with_users(None),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::AlterUserScramCredentials,
            "alter cluster",
            |w, _| {
                let r: AlterUserScramCredentialsResponse = w.call(
                    0,
                    &AlterUserScramCredentialsRequest::default().with_deletions(vec![
                        alter_user_scram_credentials_request::ScramCredentialDeletion::default()
                            .with_name(StrBytes::from_static_str("acl-nobody"))
                            .with_mechanism(1),
                    ]),
                );
                r.results[0].error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeLogDirs,
            "describe cluster",
            |w, _| {
                let r: DescribeLogDirsResponse =
                    w.call(4, &DescribeLogDirsRequest::default().with_topics(None));
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeCluster,
            "no check; operations 0 without DESCRIBE",
            |w, _| {
                let r: DescribeClusterResponse = w.call(
                    1,
                    &DescribeClusterRequest::default()
                        .with_include_cluster_authorized_operations(true)
                        .with_endpoint_type(1),
                );
                assert_eq!(r.error_code, NONE);
                if r.cluster_authorized_operations == 0 {
                    CAF
                } else {
                    NONE
                }
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeQuorum,
            "describe cluster",
            |w, _| {
                let r: DescribeQuorumResponse = w.call(
                    2,
                    &DescribeQuorumRequest::default().with_topics(vec![
                        describe_quorum_request::TopicData::default()
                            .with_topic_name(tn("__cluster_metadata"))
                            .with_partitions(vec![
                                describe_quorum_request::PartitionData::default()
                                    .with_partition_index(0),
                            ]),
                    ]),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::AddRaftVoter,
            "alter cluster",
            |w, c| {
                let r: AddRaftVoterResponse = w.call(
                    0,
                    &AddRaftVoterRequest::default()
                        .with_voter_id(c.node_id)
                        .with_timeout_ms(1000)
                        .with_voter_directory_id(Default::default())
                        .with_listeners(vec![add_raft_voter_request::Listener::default()
                            .with_name(s("CONTROLLER"))
                            .with_host(s("127.0.0.1"))
                            .with_port(1)]),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::RemoveRaftVoter,
            "alter cluster",
            |w, _| {
                let r: RemoveRaftVoterResponse = w.call(
                    0,
                    &RemoveRaftVoterRequest::default()
                        .with_voter_id(999)
                        .with_voter_directory_id(Default::default()),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::UpdateFeatures,
            "alter cluster (validate only)",
            |w, _| {
                let r: UpdateFeaturesResponse = w.call(
                    1,
                    &UpdateFeaturesRequest::default()
                        .with_timeout_ms(10_000)
                        .with_validate_only(true)
                        .with_feature_updates(vec![
                            update_features_request::FeatureUpdateKey::default()
                                .with_feature(s("group.version"))
                                .with_max_version_level(1)
                                .with_upgrade_type(1),
                        ]),
                );
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeProducers,
            "read topic",
            |w, _| {
                let r: DescribeProducersResponse = w.call(
                    0,
                    &DescribeProducersRequest::default().with_topics(vec![
                        describe_producers_request::TopicRequest::default()
                            .with_name(tn("acl-t"))
                            .with_partition_indexes(vec![0]),
                    ]),
                );
                r.topics[0].partitions[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::DescribeTopicPartitions,
            "describe topic",
            |w, _| {
                let r: DescribeTopicPartitionsResponse = w.call(
                    0,
                    &DescribeTopicPartitionsRequest::default()
                        .with_response_partition_limit(100)
                        .with_topics(vec![
                            describe_topic_partitions_request::TopicRequest::default()
                                .with_name(tn("acl-t")),
                        ]),
                );
                r.topics[0].error_code
            },
            [A, A, D(TAF), D(TAF)],
        ),
        c(
            ApiKey::FindCoordinator,
            "describe group",
            |w, _| find_coordinator(w, 0, "acl-g"),
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::FindCoordinator,
            "describe transactional id",
            // alice's WRITE on every transactional id implies DESCRIBE.
            |w, _| find_coordinator(w, 1, "tx-1"),
            [A, A, D(TXN_AF), D(TXN_AF)],
        ),
        c(
            ApiKey::JoinGroup,
            "read group",
            |w, _| {
                let r: JoinGroupResponse = w.call(
                    9,
                    &JoinGroupRequest::default()
                        .with_group_id(GroupId(s("acl-g")))
                        .with_session_timeout_ms(10_000)
                        .with_rebalance_timeout_ms(10_000)
                        .with_member_id(s(""))
                        .with_protocol_type(s("consumer"))
                        .with_protocols(vec![
                            join_group_request::JoinGroupRequestProtocol::default()
                                .with_name(s("range"))
                                .with_metadata(Bytes::from_static(&[0, 1, 0, 0, 0, 0, 0, 0, 0, 0])),
                        ]),
                );
                r.error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::SyncGroup,
            "read group",
            |w, _| {
                let r: SyncGroupResponse = w.call(
                    5,
                    &SyncGroupRequest::default()
                        .with_group_id(GroupId(s("acl-g")))
                        .with_generation_id(1)
                        .with_member_id(s("nobody"))
                        .with_protocol_type(Some(s("consumer")))
                        .with_protocol_name(Some(s("range"))),
                );
                r.error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::Heartbeat,
            "read group",
            |w, _| {
                let r: HeartbeatResponse = w.call(
                    4,
                    &HeartbeatRequest::default()
                        .with_group_id(GroupId(s("acl-g")))
                        .with_generation_id(1)
                        .with_member_id(s("nobody")),
                );
                r.error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::LeaveGroup,
            "read group",
            |w, _| {
                let r: LeaveGroupResponse = w.call(
                    5,
                    &LeaveGroupRequest::default()
                        .with_group_id(GroupId(s("acl-g")))
                        .with_members(vec![leave_group_request::MemberIdentity::default()
                            .with_member_id(s("nobody"))]),
                );
                r.error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::ConsumerGroupHeartbeat,
            "read group",
            |w, _| {
                let r: ConsumerGroupHeartbeatResponse = w.call(
                    0,
                    &ConsumerGroupHeartbeatRequest::default()
                        .with_group_id(GroupId(s("acl-cg")))
                        .with_member_id(s(""))
                        .with_member_epoch(-1),
                );
                r.error_code
            },
            [A, D(GAF), D(GAF), D(GAF)],
        ),
        c(
            ApiKey::OffsetCommit,
            "read group",
            |w, _| offset_commit(w, "acl-other-group", "acl-t"),
            [A, D(GAF), D(GAF), D(GAF)],
        ),
        c(
            ApiKey::OffsetCommit,
            "read topic",
            |w, _| offset_commit(w, "acl-g", "acl-secret"),
            [A, D(TAF), D(GAF), D(GAF)],
        ),
        c(
            ApiKey::OffsetFetch,
            "describe group",
            |w, _| {
                let r: OffsetFetchResponse = w.call(
                    9,
                    &OffsetFetchRequest::default().with_groups(vec![
                        offset_fetch_request::OffsetFetchRequestGroup::default()
                            .with_group_id(GroupId(s("acl-g")))
                            .with_member_epoch(-1)
                            .with_topics(None),
                    ]),
                );
                r.groups[0].error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::ListGroups,
            "groups filtered by DESCRIBE",
            |w, _| {
                let r: ListGroupsResponse = w.call(5, &ListGroupsRequest::default());
                assert_eq!(r.error_code, NONE);
                // acl-g exists (JoinGroup above): listed only to those who may describe it.
                if r.groups.iter().any(|g| g.group_id.as_str() == "acl-g") {
                    NONE
                } else {
                    GAF
                }
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::DescribeGroups,
            "describe group",
            |w, _| {
                let r: DescribeGroupsResponse = w.call(
                    5,
                    &DescribeGroupsRequest::default()
                        .with_include_authorized_operations(true)
                        .with_groups(vec![GroupId(s("acl-g"))]),
                );
                r.groups[0].error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::DeleteGroups,
            "delete group",
            |w, _| {
                let r: DeleteGroupsResponse = w.call(
                    2,
                    &DeleteGroupsRequest::default()
                        .with_groups_names(vec![GroupId(s("acl-g-missing"))]),
                );
                r.results[0].error_code
            },
            [A, D(GAF), D(GAF), D(GAF)],
        ),
        c(
            ApiKey::OffsetDelete,
            "delete group",
            |w, _| {
                let r: OffsetDeleteResponse = w.call(
                    0,
                    &OffsetDeleteRequest::default()
                        .with_group_id(GroupId(s("acl-g")))
                        .with_topics(vec![
                            offset_delete_request::OffsetDeleteRequestTopic::default()
                                .with_name(tn("acl-t"))
                                .with_partitions(vec![
                                    offset_delete_request::OffsetDeleteRequestPartition::default()
                                        .with_partition_index(0),
                                ]),
                        ]),
                );
                r.error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::ConsumerGroupDescribe,
            "describe group",
            |w, _| {
                let r: ConsumerGroupDescribeResponse = w.call(
                    0,
                    &ConsumerGroupDescribeRequest::default()
                        .with_include_authorized_operations(true)
                        .with_group_ids(vec![GroupId(s("acl-g"))]),
                );
                r.groups[0].error_code
            },
            [A, A, D(GAF), D(GAF)],
        ),
        c(
            ApiKey::CreateAcls,
            "alter cluster",
            |w, _| {
                let r: CreateAclsResponse = w.call(
                    3,
                    &CreateAclsRequest::default().with_creations(vec![creation(
                        TOPIC,
                        "zz",
                        LITERAL,
                        "User:nobody",
                        READ,
                        ALLOW,
                    )]),
                );
                r.results[0].error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DescribeAcls,
            "describe cluster",
            |w, _| {
                let r: DescribeAclsResponse = w.call(3, &any_filter());
                r.error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
        c(
            ApiKey::DeleteAcls,
            "alter cluster",
            |w, _| {
                let r: DeleteAclsResponse = w.call(
                    3,
                    &DeleteAclsRequest::default().with_filters(vec![
                        delete_acls_request::DeleteAclsFilter::default()
                            .with_resource_name_filter(None)
                            .with_host_filter(None)
                            .with_resource_type_filter(1)
                            .with_pattern_type_filter(1)
                            .with_principal_filter(Some(s("User:nobody-else")))
                            .with_operation(1)
                            .with_permission_type(1),
                    ]),
                );
                r.filter_results[0].error_code
            },
            [A, A, D(CAF), D(CAF)],
        ),
    ]
}

fn fetch_error(w: &mut Wire, topic: &str) -> i16 {
    let r: FetchResponse = w.call(
        12,
        &FetchRequest::default()
            .with_max_wait_ms(0)
            .with_min_bytes(1)
            .with_max_bytes(1 << 20)
            .with_session_epoch(-1)
            .with_replica_id(BrokerId(-1))
            .with_topics(vec![fetch_request::FetchTopic::default()
                .with_topic(tn(topic))
                .with_partitions(vec![fetch_request::FetchPartition::default()
                    .with_partition(0)
                    .with_partition_max_bytes(1 << 20)])]),
    );
    r.responses[0].partitions[0].error_code
}

fn metadata_topic(w: &mut Wire, topic: &str) -> i16 {
    let r: MetadataResponse = w.call(
        12,
        &MetadataRequest::default()
            .with_allow_auto_topic_creation(false)
            .with_topics(Some(vec![metadata_request::MetadataRequestTopic::default(
            )
            .with_name(Some(tn(topic)))])),
    );
    r.topics[0].error_code
}

fn produce(w: &mut Wire, topic: &str, transactional_id: Option<&str>) -> i16 {
    produce_records(w, topic, transactional_id, batch())
}

/// A batch with the transactional attribute (bit 4) and a producer id.
fn produce_transactional(w: &mut Wire, topic: &str, transactional_id: Option<&str>) -> i16 {
    let records = batch::builder::BatchBuilder::new()
        .base_timestamp_ms(harness::now_ms())
        .producer(1, 0, 0)
        .attributes(0x10)
        .record(0, Some(b"k"), Some(b"v"))
        .build();
    produce_records(w, topic, transactional_id, Bytes::from(records))
}

fn produce_records(
    w: &mut Wire,
    topic: &str,
    transactional_id: Option<&str>,
    records: Bytes,
) -> i16 {
    let r: ProduceResponse = w.call(
        9,
        &ProduceRequest::default()
            .with_transactional_id(transactional_id.map(|t| TransactionalId(s(t))))
            .with_acks(-1)
            .with_timeout_ms(10_000)
            .with_topic_data(vec![produce_request::TopicProduceData::default()
                .with_name(tn(topic))
                .with_partition_data(vec![
                    produce_request::PartitionProduceData::default()
                        .with_index(0)
                        .with_records(Some(records)),
                ])]),
    );
    r.responses[0].partition_responses[0].error_code
}

fn describe_configs(w: &mut Wire, resource_type: i8, name: &str) -> i16 {
    let r: DescribeConfigsResponse = w.call(
        4,
        &DescribeConfigsRequest::default().with_resources(vec![
            describe_configs_request::DescribeConfigsResource::default()
                .with_resource_type(resource_type)
                .with_resource_name(s(name))
                .with_configuration_keys(None),
        ]),
    );
    r.results[0].error_code
}

fn find_coordinator(w: &mut Wire, key_type: i8, key: &str) -> i16 {
    let r: FindCoordinatorResponse = w.call(
        4,
        &FindCoordinatorRequest::default()
            .with_key_type(key_type)
            .with_coordinator_keys(vec![s(key)]),
    );
    r.coordinators[0].error_code
}

fn offset_commit(w: &mut Wire, group: &str, topic: &str) -> i16 {
    let r: OffsetCommitResponse = w.call(
        9,
        &OffsetCommitRequest::default()
            .with_group_id(GroupId(s(group)))
            .with_generation_id_or_member_epoch(-1)
            .with_member_id(s(""))
            .with_topics(vec![
                offset_commit_request::OffsetCommitRequestTopic::default()
                    .with_name(tn(topic))
                    .with_partitions(vec![
                        offset_commit_request::OffsetCommitRequestPartition::default()
                            .with_partition_index(0)
                            .with_committed_offset(0),
                    ]),
            ]),
    );
    r.topics[0].partitions[0].error_code
}

/// The API keys the broker advertises on `address` (authenticated or not).
fn advertised(w: &mut Wire) -> BTreeSet<i16> {
    let r: ApiVersionsResponse = w.call(
        3,
        &ApiVersionsRequest::default()
            .with_client_software_name(s("acl-test"))
            .with_client_software_version(s("1")),
    );
    r.api_keys.iter().map(|k| k.api_key).collect()
}

/// Every advertised API in every column, Kafka's error code in each cell, no unexpected allow.
#[test]
fn authorization_matrix() {
    let broker = acl_broker(&[]);
    let sasl = sasl_address(&broker);
    let mut admin = login(&sasl, "admin");
    let node_id = {
        let r: MetadataResponse =
            admin.call(12, &MetadataRequest::default().with_topics(Some(vec![])));
        r.brokers[0].node_id.0
    };
    setup_acls(&mut admin);
    for topic in ["acl-t", "acl-secret", "acl-hosted"] {
        create_topic(&mut admin, topic);
    }
    assert_eq!(produce(&mut admin, "acl-t", None), NONE);
    // A group with a committed offset: listed by ListGroups (as Kafka lists it) from now on.
    // (Kafka creates __consumer_offsets on the first FindCoordinator and loads it after.)
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = find_coordinator(&mut admin, 0, "acl-g");
        if found == NONE && offset_commit(&mut admin, "acl-g", "acl-t") == NONE {
            break;
        }
        assert!(Instant::now() < deadline, "no committed offset for acl-g");
        std::thread::sleep(Duration::from_millis(100));
    }
    let ctx = Ctx { node_id };
    let columns: Vec<(&str, Option<&str>)> = vec![
        ("super user", Some("admin")),
        ("authorized", Some("alice")),
        ("unauthorized", Some("bob")),
        ("anonymous", None),
    ];
    let cases = cases();
    // Every advertised API has a row (SASL and ApiVersions are answered before any check).
    let covered: BTreeSet<i16> = cases.iter().map(|c| c.key as i16).collect();
    let unchecked: BTreeSet<i16> = [
        ApiKey::ApiVersions,
        ApiKey::SaslHandshake,
        ApiKey::SaslAuthenticate,
    ]
    .iter()
    .map(|k| *k as i16)
    .collect();
    let missing: Vec<i16> = advertised(&mut admin)
        .into_iter()
        .filter(|k| !covered.contains(k) && !unchecked.contains(k))
        // Kafka advertises APIs Sluice has no handler for (transactions, quotas, ...).
        .filter(|_| !harness::against_kafka())
        .collect();
    let mut failures = Vec::new();
    let mut unexpected_allows = 0;
    let mut cells = 0;
    for (column, (name, user)) in columns.iter().enumerate() {
        if user.is_none() && harness::against_kafka() {
            continue;
        }
        // Denied columns first would not change anything: each cell is independent.
        for case in &cases {
            let mut w = match user {
                Some(u) => login(&sasl, u),
                None => Wire::connect(&broker.bootstrap()),
            };
            let got = (case.probe)(&mut w, &ctx);
            cells += 1;
            match case.expect[column] {
                Expect::Allowed if AUTH_ERRORS.contains(&got) => failures.push(format!(
                    "{:?} {} as {name}: denied with {got}, expected allowed",
                    case.key, case.label
                )),
                Expect::Denied(code) if got != code => {
                    if !AUTH_ERRORS.contains(&got) {
                        unexpected_allows += 1;
                    }
                    failures.push(format!(
                        "{:?} {} as {name}: {got}, expected {code}",
                        case.key, case.label
                    ));
                }
                _ => {}
            }
        }
    }
    eprintln!("authorization matrix: {cells} cells, {unexpected_allows} unexpected allows");
    assert!(
        failures.is_empty() && missing.is_empty(),
        "{} of {cells} cells wrong ({unexpected_allows} unexpected allows):\n{}\nadvertised APIs without a row: {missing:?}",
        failures.len(),
        failures.join("\n")
    );
}

/// `allow.everyone.if.no.acl.found=true`: a topic no binding names is open to everyone; one
/// that any binding names is closed to those it does not allow.
#[test]
fn allow_everyone_if_no_acl_found_opens_only_unbound_resources() {
    let broker = acl_broker(&[("allow.everyone.if.no.acl.found", "true")]);
    let sasl = sasl_address(&broker);
    let mut admin = login(&sasl, "admin");
    for topic in ["open", "bound"] {
        create_topic(&mut admin, topic);
    }
    let r: CreateAclsResponse = admin.call(
        3,
        &CreateAclsRequest::default().with_creations(vec![creation(
            TOPIC,
            "bound",
            LITERAL,
            "User:alice",
            ALL,
            ALLOW,
        )]),
    );
    assert_eq!(r.results[0].error_code, NONE);
    wait_for_acls(&mut admin, 1);
    let mut bob = login(&sasl, "bob");
    assert_eq!(produce(&mut bob, "open", None), NONE);
    assert_eq!(produce(&mut bob, "bound", None), TAF);
    let mut alice = login(&sasl, "alice");
    assert_eq!(produce(&mut alice, "bound", None), NONE);
}

/// Without an authorizer, the ACL APIs answer SECURITY_DISABLED, as Kafka's.
#[test]
fn acl_apis_without_an_authorizer_answer_security_disabled() {
    let broker = Broker::start();
    let mut w = Wire::connect(&broker.bootstrap());
    let r: DescribeAclsResponse = w.call(3, &any_filter());
    assert_eq!(r.error_code, SECURITY_DISABLED);
    let r: CreateAclsResponse = w.call(
        3,
        &CreateAclsRequest::default()
            .with_creations(vec![creation(TOPIC, "t", LITERAL, "User:a", READ, ALLOW)]),
    );
    assert_eq!(r.results[0].error_code, SECURITY_DISABLED);
    let r: DeleteAclsResponse = w.call(
        3,
        &DeleteAclsRequest::default().with_filters(vec![
            delete_acls_request::DeleteAclsFilter::default()
                .with_resource_name_filter(None)
                .with_principal_filter(None)
                .with_host_filter(None)
                .with_resource_type_filter(1)
                .with_pattern_type_filter(1)
                .with_operation(1)
                .with_permission_type(1),
        ]),
    );
    assert_eq!(r.filter_results[0].error_code, SECURITY_DISABLED);
}

fn java_tool(class: &str) -> Command {
    let jars = harness::deps_dir().join("jars");
    harness::require_installed(&jars, "Kafka's Java tools");
    let mut cmd = Command::new("java");
    cmd.arg("-cp")
        .arg(format!("{}/*", jars.display()))
        .arg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
        .arg(class);
    cmd
}

/// A client properties file logging in as `user` with SASL/PLAIN.
fn client_config(dir: &std::path::Path, user: &str) -> String {
    let path = dir.join(format!("{user}.properties"));
    std::fs::write(
        &path,
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"{user}\" password=\"{user}-secret\";\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn acls_tool(sasl: &str, config: &str, args: &[&str]) -> String {
    let mut cmd = java_tool("org.apache.kafka.tools.AclCommand");
    cmd.args(["--bootstrap-server", sasl, "--command-config", config])
        .args(args);
    let out = harness::run(&mut cmd, TOOL_TIMEOUT);
    assert!(
        out.status.success(),
        "kafka-acls {args:?}: {}",
        harness::describe(&out)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// `kafka-acls` adds, lists and removes bindings (topic, group, cluster, transactional id;
/// prefixed patterns, hosts, deny principals), and Kafka's console producer as `User:carol`
/// is denied, then allowed once `kafka-acls` granted WRITE, then denied again after removal.
/// The denial is logged once per request with principal, operation, resource and listener,
/// and counted in the metrics.
#[test]
fn kafka_acls_and_a_java_client_denied_then_allowed() {
    let jaas_with_carol = JAAS.replace(";", r#" user_carol="carol-secret";"#);
    let extra: Vec<(&str, &str)> = if harness::against_kafka() {
        vec![
            (
                "listener.name.plaintext.plain.sasl.jaas.config",
                jaas_with_carol.as_str(),
            ),
            (
                "listener.name.controller.plain.sasl.jaas.config",
                jaas_with_carol.as_str(),
            ),
        ]
    } else {
        vec![(
            "listener.name.sasl_plaintext.plain.sasl.jaas.config",
            jaas_with_carol.as_str(),
        )]
    };
    let broker = acl_broker(&extra);
    let sasl = sasl_address(&broker);
    let dir = tempfile::tempdir().unwrap();
    let admin = client_config(dir.path(), "admin");
    let carol = client_config(dir.path(), "carol");
    let seed = harness::seed("kafka_acls");
    let topic = harness::topic_name("kafka_acls", seed);
    create_topic(&mut login(&sasl, "admin"), &topic);

    // Every resource kind and pattern, with a host and a deny principal.
    acls_tool(
        &sasl,
        &admin,
        &[
            "--add",
            "--allow-principal",
            "User:carol",
            "--operation",
            "Read",
            "--topic",
            "orders-",
            "--resource-pattern-type",
            "prefixed",
        ],
    );
    acls_tool(
        &sasl,
        &admin,
        &[
            "--add",
            "--allow-principal",
            "User:carol",
            "--allow-host",
            "127.0.0.1",
            "--operation",
            "Read",
            "--group",
            "g1",
        ],
    );
    acls_tool(
        &sasl,
        &admin,
        &[
            "--add",
            "--deny-principal",
            "User:mallory",
            "--operation",
            "All",
            "--cluster",
        ],
    );
    acls_tool(
        &sasl,
        &admin,
        &[
            "--add",
            "--allow-principal",
            "User:carol",
            "--operation",
            "Write",
            "--transactional-id",
            "tx-",
        ],
    );
    let listed = acls_tool(&sasl, &admin, &["--list"]);
    for needle in [
        "name=orders-, patternType=PREFIXED",
        "principal=User:carol, host=127.0.0.1, operation=READ, permissionType=ALLOW",
        "principal=User:mallory, host=*, operation=ALL, permissionType=DENY",
        "resourceType=TRANSACTIONAL_ID, name=tx-, patternType=LITERAL",
        "resourceType=CLUSTER, name=kafka-cluster",
    ] {
        assert!(listed.contains(needle), "{needle} not in:\n{listed}");
    }
    let only_group = acls_tool(&sasl, &admin, &["--list", "--group", "g1"]);
    assert!(
        only_group.contains("name=g1") && !only_group.contains("orders-"),
        "{only_group}"
    );

    let produce = |round: &str| -> std::process::Output {
        let mut cmd = java_tool("org.apache.kafka.tools.ConsoleProducer");
        cmd.args([
            "--bootstrap-server",
            &sasl,
            "--topic",
            &topic,
            "--producer.config",
            &carol,
        ])
        .args(["--producer-property", "max.block.ms=10000"])
        .args(["--producer-property", "enable.idempotence=false"]);
        harness::run_with_stdin(
            &mut cmd,
            Some(format!("{round}\n").as_bytes()),
            TOOL_TIMEOUT,
        )
    };
    // librdkafka (kcat) as carol, before any grant: refused with Kafka's error.
    let kcat = |round: &str| -> String {
        let mut cmd = Command::new("kcat");
        cmd.args(["-b", &sasl, "-P", "-t", &topic]);
        for setting in [
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanisms=PLAIN",
            "sasl.username=carol",
            "sasl.password=carol-secret",
            "message.timeout.ms=10000",
        ] {
            cmd.arg("-X").arg(setting);
        }
        harness::describe(&harness::try_run(
            &mut cmd,
            Some(format!("{round}\n").as_bytes()),
            TOOL_TIMEOUT,
        ))
    };
    let text = kcat("kcat-denied");
    assert!(
        text.to_lowercase().contains("authorization failed"),
        "kcat as carol before the grant: {text}"
    );
    let denied = produce("denied");
    let text = harness::describe(&denied);
    assert!(
        text.contains("TopicAuthorizationException")
            || text.contains("Not authorized to access topics"),
        "carol's produce before the grant: {text}"
    );
    acls_tool(
        &sasl,
        &admin,
        &[
            "--add",
            "--allow-principal",
            "User:carol",
            "--operation",
            "Write",
            "--operation",
            "Describe",
            "--topic",
            &topic,
        ],
    );
    let allowed = produce("allowed");
    let text = harness::describe(&allowed);
    assert!(
        allowed.status.success() && !text.contains("AuthorizationException"),
        "carol's produce after the grant: {text}"
    );
    let text = kcat("kcat-allowed");
    assert!(
        !text.to_lowercase().contains("authorization failed"),
        "kcat as carol after the grant: {text}"
    );
    let mut admin_wire = login(&sasl, "admin");
    let r: ListOffsetsResponse = admin_wire.call(
        7,
        &ListOffsetsRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_topics(vec![list_offsets_request::ListOffsetsTopic::default()
                .with_name(tn(&topic))
                .with_partitions(vec![
                    list_offsets_request::ListOffsetsPartition::default()
                        .with_partition_index(0)
                        .with_timestamp(-1),
                ])]),
    );
    assert_eq!(
        r.topics[0].partitions[0].offset, 2,
        "the Java and the kcat record, nothing denied"
    );
    acls_tool(
        &sasl,
        &admin,
        &[
            "--remove",
            "--force",
            "--allow-principal",
            "User:carol",
            "--operation",
            "Write",
            "--operation",
            "Describe",
            "--topic",
            &topic,
        ],
    );
    let after = acls_tool(&sasl, &admin, &["--list", "--topic", &topic]);
    assert!(!after.contains("User:carol"), "{after}");
    let text = harness::describe(&produce("denied again"));
    assert!(
        text.contains("Not authorized to access topics")
            || text.contains("TopicAuthorizationException"),
        "{text}"
    );

    if !harness::against_kafka() {
        let logs = broker.logs();
        assert!(
            logs.contains("authorization denied")
                && logs.contains("User:carol")
                && logs.contains("listener=SASL_PLAINTEXT"),
            "no denial line for carol in the broker's log"
        );
    }
}

/// Failed authentications are counted per listener and mechanism, and denials per listener,
/// operation and resource type, in /metrics.
#[test]
fn failed_authentications_and_denials_are_counted() {
    if harness::against_kafka() {
        return;
    }
    let broker = acl_broker(&[]);
    let sasl = sasl_address(&broker);
    let mut w = Wire::connect(&sasl);
    let r: SaslHandshakeResponse = w.call(
        1,
        &SaslHandshakeRequest::default().with_mechanism(s("PLAIN")),
    );
    assert_eq!(r.error_code, NONE);
    let r: SaslAuthenticateResponse = w.call(
        2,
        &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from_static(b"\0bob\0wrong")),
    );
    assert_eq!(r.error_code, 58);
    let mut bob = login(&sasl, "bob");
    assert_eq!(metadata_topic(&mut bob, "acl-x"), TAF);
    let (status, text) = crate::metrics::get(&broker.http_address(), "/metrics");
    assert_eq!(status, 200);
    assert!(
        text.lines().any(
            |l| l.starts_with("sluice_shard_authentication_failures_total{")
                && l.contains("listener=\"SASL_PLAINTEXT\"")
                && l.contains("mechanism=\"PLAIN\"")
                && l.ends_with(" 1")
        ),
        "no failure counted:\n{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("sluice_authorization_denials_total{")
                && l.contains("operation=\"DESCRIBE\"")
                && l.contains("resource_type=\"TOPIC\"")),
        "no denial counted:\n{text}"
    );
}

/// A 3-node cluster with the authorizer on: clients on a SASL_SSL listener, brokers replicating
/// over an mTLS inter-broker listener as their certificate's principal (`super.users`), and
/// anonymous PLAINTEXT clients allowed only what ACLs grant. Followers join the ISR, acks=all
/// is acknowledged, Kafka's console producer as alice is denied until `kafka-acls` grants it
/// WRITE, and after the leader is killed the new one holds every record.
#[test]
fn a_cluster_replicates_with_the_authorizer_on() {
    use crate::replication::{batch as records, create_replicated_topic, produce as produce_to};
    use crate::replication::{read_at_least, wait_state};
    if harness::against_kafka() {
        return;
    }
    let octet = 70;
    let topic = "authorized";
    let pki = crate::tls::Pki::new();
    let ips: Vec<String> = (1..=3)
        .map(|id| format!("127.0.{octet}.{}", 10 + id))
        .collect();
    let sans: Vec<String> = ips.iter().map(|ip| format!("IP:{ip}")).collect();
    pki.issue(
        "ca",
        "broker",
        "/O=Sluice/OU=Brokers/CN=broker",
        &format!(
            "subjectAltName={}\nextendedKeyUsage=serverAuth,clientAuth\n",
            sans.join(",")
        ),
        "2",
    );
    let mut cluster = crate::cluster::Cluster::configure(
        3,
        0,
        &format!("127.0.{octet}"),
        "broker.session.timeout.ms=2000\nbroker.heartbeat.interval.ms=300",
        false,
    );
    for (at, ip) in ips.iter().enumerate() {
        let node = &cluster.nodes[at];
        let mut config = std::fs::read_to_string(&node.config).unwrap();
        config.push_str(&format!(
            "\nlisteners=PLAINTEXT://{ip}:19092,CONTROLLER://{ip}:19093,REPLICATION://{ip}:19095,SECURE://{ip}:19096\n\
             advertised.listeners=PLAINTEXT://{ip}:19092,REPLICATION://{ip}:19095,SECURE://{ip}:19096\n\
             listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,REPLICATION:SSL,SECURE:SASL_SSL\n\
             inter.broker.listener.name=REPLICATION\n\
             ssl.keystore.type=PKCS12\n\
             ssl.keystore.location={p12}\n\
             ssl.keystore.password=changeit\n\
             listener.name.replication.ssl.truststore.type=PEM\n\
             listener.name.replication.ssl.truststore.location={ca}\n\
             listener.name.replication.ssl.client.auth=required\n\
             sasl.enabled.mechanisms=PLAIN\n\
             listener.name.secure.plain.sasl.jaas.config={JAAS}\n\
             authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n\
             super.users=User:CN=broker,OU=Brokers,O=Sluice;User:admin\n",
            p12 = pki.p("broker.p12"),
            ca = pki.p("ca.pem"),
        ));
        std::fs::write(&node.config, config).unwrap();
        cluster.format(at, &[]);
    }
    cluster.start_all();
    cluster.wait_ready();
    let secure = format!("{}:19096", ips[0]);
    let client = |user: &str| -> std::path::PathBuf {
        let path = pki.path(&format!("{user}.properties"));
        std::fs::write(
            &path,
            format!(
                "security.protocol=SASL_SSL\nssl.truststore.type=PEM\nssl.truststore.location={}\n\
                 sasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"{user}\" password=\"{user}-secret\";\n",
                pki.p("ca.pem")
            ),
        )
        .unwrap();
        path
    };
    let admin = client("admin");
    let alice = client("alice");
    let admin_text = admin.display().to_string();
    // Anonymous PLAINTEXT clients (the replication helpers) may use the test's topic.
    acls_tool(
        &secure,
        &admin_text,
        &[
            "--add",
            "--allow-principal",
            "User:ANONYMOUS",
            "--operation",
            "All",
            "--topic",
            topic,
        ],
    );
    acls_tool(
        &secure,
        &admin_text,
        &[
            "--add",
            "--allow-principal",
            "User:ANONYMOUS",
            "--operation",
            "Create",
            "--cluster",
        ],
    );
    create_replicated_topic(&cluster, topic, &[]);
    let (leader, _, _) = wait_state(&cluster, 0, topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    let mut expected = Vec::new();
    for round in 0..3 {
        assert_eq!(
            produce_to(&cluster, leader, topic, records(&format!("r{round}"), 4)),
            (NONE, round * 4)
        );
        expected.extend((0..4).map(|i| format!("r{round}-{i}")));
    }
    // Anonymous may not touch another topic.
    let mut anonymous = Wire::connect(&cluster.nodes[0].bootstrap());
    assert_eq!(produce(&mut anonymous, "elsewhere", None), TAF);

    // alice over SASL_SSL: denied, then allowed by kafka-acls.
    let java = |input: &str| {
        let mut producer =
            crate::java_tools::tool_at(&secure, "org.apache.kafka.tools.ConsoleProducer");
        producer
            .args(["--topic", topic, "--command-config"])
            .arg(&alice)
            .args(["--producer-property", "max.block.ms=10000"]);
        harness::describe(&harness::run_with_stdin(
            &mut producer,
            Some(input.as_bytes()),
            TOOL_TIMEOUT,
        ))
    };
    let denied = java("alice-denied\n");
    assert!(
        denied.contains("Not authorized to access topics")
            || denied.contains("TopicAuthorizationException"),
        "{denied}"
    );
    acls_tool(
        &secure,
        &admin_text,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Write",
            "--operation",
            "Describe",
            "--topic",
            topic,
        ],
    );
    acls_tool(
        &secure,
        &admin_text,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "IdempotentWrite",
            "--cluster",
        ],
    );
    let allowed = java("alice-1\nalice-2\n");
    assert!(!allowed.contains("AuthorizationException"), "{allowed}");
    expected.extend(["alice-1".to_string(), "alice-2".to_string()]);

    // kafka-acls through a node that is not the active controller: forwarded, applied there
    // before the answer.
    let controller = cluster.wait_leader(&[0, 1, 2]);
    let follower = (0..3).find(|at| *at != controller).unwrap();
    let through = format!("{}:19096", ips[follower]);
    let removed = acls_tool(
        &through,
        &admin_text,
        &[
            "--remove",
            "--force",
            "--allow-principal",
            "User:ANONYMOUS",
            "--operation",
            "Create",
            "--cluster",
        ],
    );
    assert!(!removed.contains("Error"), "{removed}");
    let listed = acls_tool(&through, &admin_text, &["--list", "--cluster"]);
    assert!(!listed.contains("User:ANONYMOUS"), "{listed}");
    let listed = acls_tool(&through, &admin_text, &["--list", "--topic", topic]);
    assert!(
        listed.contains("User:ANONYMOUS") && listed.contains("User:alice"),
        "{listed}"
    );

    // Every record is on the new leader after the old one is killed.
    let leader_at = cluster.nodes.iter().position(|n| n.id == leader).unwrap();
    let (_, _, isr) = wait_state(&cluster, 0, topic, "a full ISR", |s| s.2.len() == 3);
    assert_eq!(isr, vec![1, 2, 3]);
    cluster.kill9(leader_at);
    let other = (0..3).find(|at| *at != leader_at).unwrap();
    let (second, _, _) = wait_state(&cluster, other, topic, "a new leader", |s| {
        s.0 >= 0 && s.0 != leader
    });
    assert_eq!(
        read_at_least(&cluster, second, topic, expected.len()),
        expected
    );
}

/// KIP-430: the operations a principal may do come back where the client asks for them —
/// Metadata (topics; the cluster up to v10), DescribeCluster, DescribeGroups and
/// DescribeTopicPartitions — computed from the ACLs (ALLOW ALTER_CONFIGS implies
/// DESCRIBE_CONFIGS).
#[test]
fn authorized_operations_are_returned_where_asked() {
    let broker = acl_broker(&[]);
    let sasl = sasl_address(&broker);
    let mut admin = login(&sasl, "admin");
    setup_acls(&mut admin);
    create_topic(&mut admin, "acl-t");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !(find_coordinator(&mut admin, 0, "acl-g") == NONE
        && offset_commit(&mut admin, "acl-g", "acl-t") == NONE)
    {
        assert!(Instant::now() < deadline, "no committed offset for acl-g");
        std::thread::sleep(Duration::from_millis(100));
    }
    let bits = |ops: &[i8]| ops.iter().fold(0i32, |b, op| b | (1 << op));
    let topic_all = bits(&[3, 4, 5, 6, 7, 8, 10, 11]);
    let group_all = bits(&[3, 6, 8, 10, 11]);
    let cluster_alice = bits(&[7, 8, 10, 11, 12]);

    let mut alice = login(&sasl, "alice");
    let r: MetadataResponse = alice.call(
        10,
        &MetadataRequest::default()
            .with_include_topic_authorized_operations(true)
            .with_include_cluster_authorized_operations(true)
            .with_allow_auto_topic_creation(false)
            .with_topics(Some(vec![metadata_request::MetadataRequestTopic::default(
            )
            .with_name(Some(tn("acl-t")))])),
    );
    assert_eq!(r.topics[0].topic_authorized_operations, topic_all);
    assert_eq!(r.cluster_authorized_operations, cluster_alice);
    let r: DescribeClusterResponse = alice.call(
        1,
        &DescribeClusterRequest::default()
            .with_include_cluster_authorized_operations(true)
            .with_endpoint_type(1),
    );
    assert_eq!(r.cluster_authorized_operations, cluster_alice);
    let r: DescribeGroupsResponse = alice.call(
        5,
        &DescribeGroupsRequest::default()
            .with_include_authorized_operations(true)
            .with_groups(vec![GroupId(s("acl-g"))]),
    );
    assert_eq!(r.groups[0].error_code, NONE);
    assert_eq!(r.groups[0].authorized_operations, group_all);
    let r: DescribeTopicPartitionsResponse = alice.call(
        0,
        &DescribeTopicPartitionsRequest::default()
            .with_response_partition_limit(100)
            .with_topics(vec![
                describe_topic_partitions_request::TopicRequest::default().with_name(tn("acl-t")),
            ]),
    );
    assert_eq!(r.topics[0].topic_authorized_operations, topic_all);

    // bob: no DESCRIBE on the cluster, so 0 (not "omitted") where he asked.
    let mut bob = login(&sasl, "bob");
    let r: MetadataResponse = bob.call(
        10,
        &MetadataRequest::default()
            .with_include_cluster_authorized_operations(true)
            .with_topics(Some(vec![])),
    );
    assert_eq!(r.cluster_authorized_operations, 0);
    // Not asked: Kafka's "omitted" value.
    let r: MetadataResponse = bob.call(10, &MetadataRequest::default().with_topics(Some(vec![])));
    assert_eq!(r.cluster_authorized_operations, i32::MIN);
}

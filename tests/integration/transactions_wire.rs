//! The transaction APIs' error codes and TxnOffsetCommit's visibility over a raw connection
//! (exact Kafka semantics, one request at a time).

use crate::clients::{self, Client};
use crate::harness::{self, Broker};
use crate::wire::Wire;
use kafka_protocol::messages::add_offsets_to_txn_request::AddOffsetsToTxnRequest;
use kafka_protocol::messages::end_txn_request::EndTxnRequest;
use kafka_protocol::messages::find_coordinator_request::FindCoordinatorRequest;
use kafka_protocol::messages::init_producer_id_request::InitProducerIdRequest;
use kafka_protocol::messages::offset_fetch_request::{OffsetFetchRequest, OffsetFetchRequestTopic};
use kafka_protocol::messages::txn_offset_commit_request::{
    TxnOffsetCommitRequest, TxnOffsetCommitRequestPartition, TxnOffsetCommitRequestTopic,
};
use kafka_protocol::messages::{
    FindCoordinatorResponse, GroupId, ProducerId, TopicName, TransactionalId,
};
use kafka_protocol::protocol::StrBytes;
use std::time::{Duration, Instant};

const UNSTABLE_OFFSET_COMMIT: i16 = 88;
const INVALID_TRANSACTION_TIMEOUT: i16 = 50;
const CONCURRENT_TRANSACTIONS: i16 = 51;
const INVALID_TXN_STATE: i16 = 48;
const PRODUCER_FENCED: i16 = 90;
const COORDINATOR_NOT_AVAILABLE: i16 = 15;
const COORDINATOR_LOAD_IN_PROGRESS: i16 = 14;
const NOT_COORDINATOR: i16 = 16;

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

fn init(w: &mut Wire, id: &str, timeout_ms: i32) -> (i16, i64, i16) {
    let r = w.call(
        5,
        &InitProducerIdRequest::default()
            .with_transactional_id(Some(TransactionalId(s(id))))
            .with_transaction_timeout_ms(timeout_ms)
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1),
    );
    (r.error_code, r.producer_id.0, r.producer_epoch)
}

/// The errors a coordinator answers while its partition loads or moves (retriable).
const COORDINATOR_LOADING: &[i16] = &[
    COORDINATOR_LOAD_IN_PROGRESS,
    COORDINATOR_NOT_AVAILABLE,
    NOT_COORDINATOR,
];

/// [`init`] retried while the transaction coordinator loads (up to 60 s).
fn init_when_loaded(w: &mut Wire, id: &str, timeout_ms: i32) -> (i16, i64, i16) {
    retried(
        Duration::from_secs(60),
        COORDINATOR_LOADING,
        |r: &(i16, i64, i16)| r.0,
        || init(w, id, timeout_ms),
    )
}

fn end(w: &mut Wire, id: &str, pid: i64, epoch: i16, commit: bool) -> i16 {
    w.call(
        4,
        &EndTxnRequest::default()
            .with_transactional_id(TransactionalId(s(id)))
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_committed(commit),
    )
    .error_code
}

/// (error, offset) of `group`'s offset for `topic`-0 with require_stable.
fn fetch_stable(w: &mut Wire, group: &str, topic: &str) -> (i16, i64) {
    let r = w.call(
        7,
        &OffsetFetchRequest::default()
            .with_group_id(GroupId(s(group)))
            .with_require_stable(true)
            .with_topics(Some(vec![OffsetFetchRequestTopic::default()
                .with_name(TopicName(s(topic)))
                .with_partition_indexes(vec![0])])),
    );
    let p = &r.topics[0].partitions[0];
    (p.error_code, p.committed_offset)
}

/// FindCoordinator until it answers: Kafka creates `__transaction_state` (key type 1) or
/// `__consumer_offsets` (0) on the first lookup and answers COORDINATOR_NOT_AVAILABLE until it
/// is loaded (Sluice answers once the topic exists).
fn find_coordinator(w: &mut Wire, key_type: i8, key: &str) {
    let found = retried(
        Duration::from_secs(60),
        &[COORDINATOR_NOT_AVAILABLE],
        |found: &FindCoordinatorResponse| found.coordinators[0].error_code,
        || {
            w.call(
                4,
                &FindCoordinatorRequest::default()
                    .with_key_type(key_type)
                    .with_coordinator_keys(vec![s(key)]),
            )
        },
    );
    assert_eq!(found.coordinators[0].error_code, 0, "{found:?}");
}

/// `call`'s answer once its error code (`code`) is none of `retriable`, or the last one
/// after `within`: a request retried while the broker finishes what came before it.
fn retried<T>(
    within: Duration,
    retriable: &[i16],
    code: impl Fn(&T) -> i16,
    mut call: impl FnMut() -> T,
) -> T {
    let deadline = Instant::now() + within;
    loop {
        let answer = call();
        if !retriable.contains(&code(&answer)) || Instant::now() >= deadline {
            return answer;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// TxnOffsetCommit of `offset` for `topic`-0, retried while the group's coordinator loads.
fn txn_offset_commit(
    w: &mut Wire,
    id: &str,
    group: &str,
    topic: &str,
    producer: (i64, i16),
    offset: i64,
) -> i16 {
    txn_offset_commit_v(w, 3, id, group, topic, producer, offset)
}

/// [`txn_offset_commit`] with TxnOffsetCommit `version`.
fn txn_offset_commit_v(
    w: &mut Wire,
    version: i16,
    id: &str,
    group: &str,
    topic: &str,
    (pid, epoch): (i64, i16),
    offset: i64,
) -> i16 {
    let request = TxnOffsetCommitRequest::default()
        .with_transactional_id(TransactionalId(s(id)))
        .with_group_id(GroupId(s(group)))
        .with_producer_id(ProducerId(pid))
        .with_producer_epoch(epoch)
        .with_generation_id(-1)
        .with_member_id(s(""))
        .with_topics(vec![TxnOffsetCommitRequestTopic::default()
            .with_name(TopicName(s(topic)))
            .with_partitions(vec![TxnOffsetCommitRequestPartition::default()
                .with_partition_index(0)
                .with_committed_offset(offset)
                .with_committed_leader_epoch(-1)])]);
    retried(
        Duration::from_secs(60),
        COORDINATOR_LOADING,
        |code: &i16| *code,
        || w.call(version, &request).topics[0].partitions[0].error_code,
    )
}

#[test]
fn txn_offsets_are_unstable_until_commit_and_errors_follow_kafka() {
    let seed = harness::seed("txn_wire");
    let broker = Broker::start_with(&[("transaction.max.timeout.ms", "60000")]);
    let topic = harness::topic_name("txn_wire", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = format!("wire-{seed}");
    let group = format!("wire-group-{seed}");
    find_coordinator(&mut w, 1, &id);
    find_coordinator(&mut w, 0, &group);
    // transaction.timeout.ms above transaction.max.timeout.ms.
    assert_eq!(init(&mut w, &id, 60_001).0, INVALID_TRANSACTION_TIMEOUT);
    let (code, pid, epoch) = init_when_loaded(&mut w, &id, 30_000);
    assert_eq!((code, epoch), (0, 0));
    // EndTxn without a transaction.
    assert_eq!(end(&mut w, &id, pid, epoch, true), INVALID_TXN_STATE);

    let added = w.call(
        3,
        &AddOffsetsToTxnRequest::default()
            .with_transactional_id(TransactionalId(s(&id)))
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_group_id(GroupId(s(&group))),
    );
    assert_eq!(added.error_code, 0);
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 42),
        0
    );
    // Pending: unstable for require_stable.
    assert_eq!(
        fetch_stable(&mut w, &group, &topic).0,
        UNSTABLE_OFFSET_COMMIT
    );

    // A second instance fences the first and aborts its transaction: the offset never shows.
    let mut second = Wire::connect(&broker.bootstrap());
    let (code, pid2, epoch2) = retried(
        Duration::from_secs(30),
        &[CONCURRENT_TRANSACTIONS],
        |r: &(i16, i64, i16)| r.0,
        || init(&mut second, &id, 30_000),
    );
    assert_eq!(code, 0, "InitProducerId of the second instance");
    assert_eq!(pid2, pid);
    assert!(
        epoch2 > epoch + 1,
        "fenced (bump) and re-initialized (bump): {epoch2}"
    );
    assert_eq!(end(&mut w, &id, pid, epoch, true), PRODUCER_FENCED);
    assert_eq!(fetch_stable(&mut second, &group, &topic), (0, -1));

    // The new instance commits offsets in a transaction: visible once the marker is written.
    let added = second.call(
        3,
        &AddOffsetsToTxnRequest::default()
            .with_transactional_id(TransactionalId(s(&id)))
            .with_producer_id(ProducerId(pid2))
            .with_producer_epoch(epoch2)
            .with_group_id(GroupId(s(&group))),
    );
    assert_eq!(added.error_code, 0);
    assert_eq!(
        txn_offset_commit(&mut second, &id, &group, &topic, (pid2, epoch2), 7),
        0
    );
    assert_eq!(end(&mut second, &id, pid2, epoch2, true), 0);
    assert_eq!(
        await_offset_stable(&mut second, &group, &topic),
        (0, 7),
        "after the commit"
    );
}

/// `transactional.id.expiration.ms`: an idle transactional id is removed (DescribeTransactions
/// then answers TRANSACTIONAL_ID_NOT_FOUND), and a new InitProducerId starts it afresh.
#[test]
fn idle_transactional_ids_expire() {
    use kafka_protocol::messages::describe_transactions_request::DescribeTransactionsRequest;
    const TRANSACTIONAL_ID_NOT_FOUND: i16 = 105;
    let seed = harness::seed("txn_expire");
    let broker = Broker::start_with(&[
        ("transactional.id.expiration.ms", "1000"),
        (
            "transaction.remove.expired.transaction.cleanup.interval.ms",
            "200",
        ),
    ]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = format!("expire-{seed}");
    find_coordinator(&mut w, 1, &id);
    let deadline = Instant::now() + Duration::from_secs(60);
    let (code, _, epoch) = init_when_loaded(&mut w, &id, 30_000);
    assert_eq!((code, epoch), (0, 0));
    let describe = |w: &mut Wire| {
        w.call(
            0,
            &DescribeTransactionsRequest::default()
                .with_transactional_ids(vec![TransactionalId(s(&id))]),
        )
        .transaction_states[0]
            .clone()
    };
    assert_eq!(describe(&mut w).error_code, 0);
    assert_eq!(describe(&mut w).transaction_state.as_str(), "Empty");
    loop {
        let state = describe(&mut w);
        if state.error_code == TRANSACTIONAL_ID_NOT_FOUND {
            break;
        }
        assert!(Instant::now() < deadline, "never expired: {state:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // A new instance starts again at epoch 0.
    assert_eq!(init(&mut w, &id, 30_000).2, 0);
}

/// Valid transaction requests of every advertised version, mutated byte by byte (seeded):
/// the broker answers or closes the connection, and still serves a transaction afterwards.
#[test]
fn mutated_transaction_requests_never_take_the_broker_down() {
    use kafka_protocol::messages::add_partitions_to_txn_request::{
        AddPartitionsToTxnRequest, AddPartitionsToTxnTopic, AddPartitionsToTxnTransaction,
    };
    use kafka_protocol::messages::describe_transactions_request::DescribeTransactionsRequest;
    use kafka_protocol::messages::list_transactions_request::ListTransactionsRequest;
    use kafka_protocol::messages::write_txn_markers_request::{
        WritableTxnMarker, WritableTxnMarkerTopic, WriteTxnMarkersRequest,
    };
    let seed = harness::seed("mutated_txn_requests");
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let broker = Broker::start();
    clients::create_topic(Client::Java, &broker, "fz", 2, &[]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = "fz-txn";
    find_coordinator(&mut w, 1, id);
    let (code, pid, epoch) = init(&mut w, id, 30_000);
    assert_eq!(code, 0);
    let tid = || TransactionalId(s(id));
    let topic = || {
        AddPartitionsToTxnTopic::default()
            .with_name(TopicName(s("fz")))
            .with_partitions(vec![0, 1])
    };
    let mut valid: Vec<Vec<u8>> = Vec::new();
    valid.push(Wire::encode(
        0,
        1,
        &InitProducerIdRequest::default()
            .with_transactional_id(Some(tid()))
            .with_transaction_timeout_ms(30_000),
    ));
    for v in [3, 5] {
        let req = InitProducerIdRequest::default()
            .with_transactional_id(Some(tid()))
            .with_transaction_timeout_ms(30_000)
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch);
        valid.push(Wire::encode(v, 1, &req));
    }
    for v in [0, 3] {
        let req = AddPartitionsToTxnRequest::default()
            .with_v3_and_below_transactional_id(tid())
            .with_v3_and_below_producer_id(ProducerId(pid))
            .with_v3_and_below_producer_epoch(epoch)
            .with_v3_and_below_topics(vec![topic()]);
        valid.push(Wire::encode(v, 1, &req));
    }
    // v5 without verify_only is a broker's implicit add (transactions version 2).
    for (v, verify_only) in [(4, false), (5, true), (5, false)] {
        let req = AddPartitionsToTxnRequest::default().with_transactions(vec![
            AddPartitionsToTxnTransaction::default()
                .with_transactional_id(tid())
                .with_producer_id(ProducerId(pid))
                .with_producer_epoch(epoch)
                .with_verify_only(verify_only)
                .with_topics(vec![topic()]),
        ]);
        valid.push(Wire::encode(v, 1, &req));
    }
    // Transactions version 2: a Produce v12 that adds its partition, TxnOffsetCommit v5 and
    // EndTxn v5 (epoch bump).
    let produce =
        crate::crash::produce_acks_all(TopicName(s("fz")), 1, txn_batch((pid, epoch), 0, "v"))
            .with_transactional_id(Some(tid()));
    valid.push(Wire::encode(12, 1, &produce));
    for v in [0, 4, 5] {
        if v < 5 {
            let req = AddOffsetsToTxnRequest::default()
                .with_transactional_id(tid())
                .with_producer_id(ProducerId(pid))
                .with_producer_epoch(epoch)
                .with_group_id(GroupId(s("fz-group")));
            valid.push(Wire::encode(v, 1, &req));
        }
        let req = TxnOffsetCommitRequest::default()
            .with_transactional_id(tid())
            .with_group_id(GroupId(s("fz-group")))
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_generation_id(-1)
            .with_member_id(s(""))
            .with_topics(vec![TxnOffsetCommitRequestTopic::default()
                .with_name(TopicName(s("fz")))
                .with_partitions(vec![TxnOffsetCommitRequestPartition::default()
                    .with_partition_index(0)
                    .with_committed_offset(1)])]);
        valid.push(Wire::encode(v, 1, &req));
        let req = EndTxnRequest::default()
            .with_transactional_id(tid())
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_committed(v == 0);
        valid.push(Wire::encode(v, 1, &req));
    }
    valid.push(Wire::encode(
        0,
        1,
        &DescribeTransactionsRequest::default().with_transactional_ids(vec![tid()]),
    ));
    for v in [0, 1] {
        valid.push(Wire::encode(
            v,
            1,
            &ListTransactionsRequest::default()
                .with_state_filters(vec![s("Ongoing")])
                .with_duration_filter(-1),
        ));
    }
    valid.push(Wire::encode(
        1,
        1,
        &WriteTxnMarkersRequest::default().with_markers(vec![WritableTxnMarker::default()
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_transaction_result(false)
            .with_topics(vec![WritableTxnMarkerTopic::default()
                .with_name(TopicName(s("fz")))
                .with_partition_indexes(vec![0, 1])])]),
    ));
    let (answered, closed) =
        crate::wire::send_mutations(&broker.bootstrap(), &valid, 1500, &mut next);
    eprintln!("mutated transaction requests: {answered} answered, {closed} closed or unanswered");

    // Still healthy: a fresh transactional id commits a transaction.
    let out = crate::transactions::run_txn_client_pub(&[
        "produce",
        "--bootstrap",
        &broker.bootstrap(),
        "--topic",
        "fz",
        "--txn-id",
        &format!("healthy-{seed}"),
        "--transactions",
        "1",
        "--per-txn",
        "2",
    ]);
    assert!(out.contains(&"committed 0".to_string()), "{out:?}");
}

/// A transactional batch of `(pid, epoch)` with one record at `sequence`.
fn txn_batch((pid, epoch): (i64, i16), sequence: i32, value: &str) -> bytes::Bytes {
    bytes::Bytes::from(
        batch::builder::BatchBuilder::new()
            .base_timestamp_ms(harness::now_ms())
            .producer(pid, epoch, sequence)
            .attributes(0x10)
            .record(0, None, Some(value.as_bytes()))
            .build(),
    )
}

/// Produce `batch` (acks=all) to `topic`-`partition` under transactional id `id` with Produce
/// `version`; the partition's error code.
fn txn_produce(
    w: &mut Wire,
    version: i16,
    id: &str,
    (topic, partition): (&str, i32),
    batch: bytes::Bytes,
) -> i16 {
    let req = crate::crash::produce_acks_all(TopicName(s(topic)), partition, batch)
        .with_transactional_id(Some(TransactionalId(s(id))));
    w.call(version, &req).responses[0].partition_responses[0].error_code
}

/// AddPartitionsToTxn v3 of `topic`-`partitions`; every partition's code.
fn add_partitions(
    w: &mut Wire,
    id: &str,
    (pid, epoch): (i64, i16),
    topic: &str,
    partitions: &[i32],
) -> Vec<i16> {
    use kafka_protocol::messages::add_partitions_to_txn_request::{
        AddPartitionsToTxnRequest, AddPartitionsToTxnTopic,
    };
    let r = w.call(
        3,
        &AddPartitionsToTxnRequest::default()
            .with_v3_and_below_transactional_id(TransactionalId(s(id)))
            .with_v3_and_below_producer_id(ProducerId(pid))
            .with_v3_and_below_producer_epoch(epoch)
            .with_v3_and_below_topics(vec![AddPartitionsToTxnTopic::default()
                .with_name(TopicName(s(topic)))
                .with_partitions(partitions.to_vec())]),
    );
    r.results_by_topic_v3_and_below[0]
        .results_by_partition
        .iter()
        .map(|p| p.partition_error_code)
        .collect()
}

/// ListOffsets v7 LATEST of `topic`-`partition`: (read_uncommitted, read_committed).
fn latest_and_stable(w: &mut Wire, topic: &str, partition: i32) -> (i64, i64) {
    use kafka_protocol::messages::list_offsets_request::{
        ListOffsetsPartition, ListOffsetsRequest, ListOffsetsTopic,
    };
    use kafka_protocol::messages::BrokerId;
    let mut at = |isolation_level: i8| {
        let r = w.call(
            7,
            &ListOffsetsRequest::default()
                .with_replica_id(BrokerId(-1))
                .with_isolation_level(isolation_level)
                .with_topics(vec![ListOffsetsTopic::default()
                    .with_name(TopicName(s(topic)))
                    .with_partitions(vec![ListOffsetsPartition::default()
                        .with_partition_index(partition)
                        .with_timestamp(-1)])]),
        );
        let p = &r.topics[0].partitions[0];
        assert_eq!(p.error_code, 0, "{r:?}");
        p.offset
    };
    (at(0), at(1))
}

/// Waits until the LSO of `topic`-`partition` reaches its high watermark (the markers of
/// ended transactions are written); the offset.
fn await_stable(w: &mut Wire, topic: &str, partition: i32) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (latest, stable) = latest_and_stable(w, topic, partition);
        if latest == stable {
            return latest;
        }
        assert!(
            Instant::now() < deadline,
            "LSO {stable} stays below {latest}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sets `transaction.partition.verification.enable` cluster-wide (IncrementalAlterConfigs on
/// the default broker resource).
fn set_verification(w: &mut Wire, enabled: bool) {
    use kafka_protocol::messages::incremental_alter_configs_request::{
        AlterConfigsResource, AlterableConfig, IncrementalAlterConfigsRequest,
    };
    let r = w.call(
        1,
        &IncrementalAlterConfigsRequest::default().with_resources(vec![
            AlterConfigsResource::default()
                .with_resource_type(4)
                .with_resource_name(s(""))
                .with_configs(vec![AlterableConfig::default()
                    .with_name(s("transaction.partition.verification.enable"))
                    .with_config_operation(0)
                    .with_value(Some(s(&enabled.to_string())))]),
        ]),
    );
    assert_eq!(r.responses[0].error_code, 0, "{r:?}");
}

/// KIP-890 part 1: a transactional produce to a partition the coordinator does not list in
/// the producer's ongoing transaction is refused before anything is appended — a produce to a
/// partition never added, and a late produce of an aborted transaction (which before
/// verification opened a transaction nobody ends: the LSO stalls for good). Kafka's codes:
/// INVALID_TXN_STATE up to Produce v10, TRANSACTION_ABORTABLE from v11. With
/// `transaction.partition.verification.enable=false` (set dynamically) the late produce is
/// appended and hangs the LSO, which is what the check prevents.
#[test]
fn unverified_transactional_produces_are_refused_and_never_hang_the_lso() {
    const TRANSACTION_ABORTABLE: i16 = 120;
    let seed = harness::seed("txn_verify");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_verify", seed);
    clients::create_topic(Client::Java, &broker, &topic, 2, &[]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = format!("verify-{seed}");
    find_coordinator(&mut w, 1, &id);
    let (code, pid, epoch) = init_when_loaded(&mut w, &id, 60_000);
    assert_eq!(code, 0);
    let producer = (pid, epoch);

    // Partition 0 is added; partition 1 is not: its produce is refused, nothing appended.
    assert_eq!(add_partitions(&mut w, &id, producer, &topic, &[0]), vec![0]);
    assert_eq!(
        txn_produce(&mut w, 9, &id, (&topic, 1), txn_batch(producer, 0, "p1")),
        INVALID_TXN_STATE
    );
    assert_eq!(
        txn_produce(&mut w, 11, &id, (&topic, 1), txn_batch(producer, 0, "p1")),
        TRANSACTION_ABORTABLE
    );
    assert_eq!(latest_and_stable(&mut w, &topic, 1), (0, 0));
    assert_eq!(
        txn_produce(&mut w, 9, &id, (&topic, 0), txn_batch(producer, 0, "a")),
        0
    );
    assert_eq!(
        txn_produce(&mut w, 9, &id, (&topic, 0), txn_batch(producer, 1, "b")),
        0
    );
    assert_eq!(latest_and_stable(&mut w, &topic, 0), (2, 0));
    assert_eq!(end(&mut w, &id, pid, epoch, false), 0);
    let stable = await_stable(&mut w, &topic, 0);
    assert_eq!(stable, 3, "two records and the ABORT marker");

    // A late produce of the aborted transaction (same epoch, next sequence): refused, and
    // the LSO stays at the high watermark.
    assert_eq!(
        txn_produce(&mut w, 9, &id, (&topic, 0), txn_batch(producer, 2, "late")),
        INVALID_TXN_STATE
    );
    assert_eq!(latest_and_stable(&mut w, &topic, 0), (3, 3));

    // The next transaction of the same producer works as before.
    assert_eq!(add_partitions(&mut w, &id, producer, &topic, &[0]), vec![0]);
    assert_eq!(
        txn_produce(&mut w, 11, &id, (&topic, 0), txn_batch(producer, 2, "c")),
        0
    );
    assert_eq!(end(&mut w, &id, pid, epoch, true), 0);
    assert_eq!(await_stable(&mut w, &topic, 0), 5);

    // Verification off: the same late produce opens a transaction nobody ends.
    set_verification(&mut w, false);
    assert_eq!(
        txn_produce(&mut w, 9, &id, (&topic, 0), txn_batch(producer, 3, "late")),
        0
    );
    assert_eq!(latest_and_stable(&mut w, &topic, 0), (6, 5));

    // An ABORT marker written directly (as `kafka-transactions abort` does) ends it; a marker
    // from an older coordinator epoch than the partition's last one for the producer is
    // refused with TRANSACTION_COORDINATOR_FENCED (Kafka's appendEndTxnMarker).
    assert_eq!(write_marker(&mut w, producer, 3, (&topic, 0)), 0);
    assert_eq!(await_stable(&mut w, &topic, 0), 7);
    assert_eq!(
        write_marker(&mut w, producer, 2, (&topic, 0)),
        TRANSACTION_COORDINATOR_FENCED
    );
    assert_eq!(write_marker(&mut w, producer, 3, (&topic, 0)), 0);
}

/// EndTxn v5 (transactions version 2): (error, producer id, producer epoch).
fn end_v5(w: &mut Wire, id: &str, (pid, epoch): (i64, i16), commit: bool) -> (i16, i64, i16) {
    let r = w.call(
        5,
        &EndTxnRequest::default()
            .with_transactional_id(TransactionalId(s(id)))
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_committed(commit),
    );
    (r.error_code, r.producer_id.0, r.producer_epoch)
}

/// [`end_v5`] retried while the last transaction's markers are written.
fn end_v5_settled(w: &mut Wire, id: &str, producer: (i64, i16), commit: bool) -> (i16, i64, i16) {
    retried(
        Duration::from_secs(30),
        &[CONCURRENT_TRANSACTIONS],
        |r: &(i16, i64, i16)| r.0,
        || end_v5(w, id, producer, commit),
    )
}

/// Transactions version 2 (KIP-890 part 2) as Kafka answers it: a Produce v12 adds its
/// partition without AddPartitionsToTxn, TxnOffsetCommit v5 its group without
/// AddOffsetsToTxn; EndTxn v5 bumps the epoch and answers it, a retry of the same EndTxn
/// gets the same answer, and the old epoch is fenced everywhere (a late produce:
/// INVALID_PRODUCER_EPOCH; EndTxn: PRODUCER_FENCED). An abort with nothing added bumps too;
/// a commit of a completed abort is INVALID_TXN_STATE; an unknown producer id
/// INVALID_PRODUCER_ID_MAPPING.
#[test]
fn transactions_version_2_bumps_the_epoch_per_transaction_over_the_wire() {
    const INVALID_PRODUCER_EPOCH: i16 = 47;
    const INVALID_PRODUCER_ID_MAPPING: i16 = 49;
    let seed = harness::seed("txn_v2_wire");
    let broker = Broker::start();
    let topic = harness::topic_name("txn_v2_wire", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = format!("v2-{seed}");
    let group = format!("v2-group-{seed}");
    find_coordinator(&mut w, 1, &id);
    find_coordinator(&mut w, 0, &group);
    let (code, pid, e0) = init(&mut w, &id, 60_000);
    assert_eq!(code, 0);

    // No AddPartitionsToTxn: the leader adds the partition at the first produce.
    assert_eq!(
        txn_produce(&mut w, 12, &id, (&topic, 0), txn_batch((pid, e0), 0, "a")),
        0
    );
    assert_eq!(latest_and_stable(&mut w, &topic, 0), (1, 0));
    assert_eq!(
        txn_offset_commit_v(&mut w, 5, &id, &group, &topic, (pid, e0), 1),
        0
    );
    assert_eq!(
        fetch_stable(&mut w, &group, &topic).0,
        UNSTABLE_OFFSET_COMMIT
    );
    let e1 = e0 + 1;
    assert_eq!(end_v5(&mut w, &id, (pid, e0), true), (0, pid, e1));
    // The client's retry of the same EndTxn: the same answer once the markers are written.
    assert_eq!(end_v5_settled(&mut w, &id, (pid, e0), true), (0, pid, e1));
    assert_eq!(
        await_stable(&mut w, &topic, 0),
        2,
        "the record and its COMMIT marker"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while fetch_stable(&mut w, &group, &topic) != (0, 1) {
        assert!(Instant::now() < deadline, "the offset never became stable");
        std::thread::sleep(Duration::from_millis(20));
    }

    // The ended transaction's epoch is fenced: its late produce opens nothing.
    assert_eq!(
        txn_produce(
            &mut w,
            12,
            &id,
            (&topic, 0),
            txn_batch((pid, e0), 1, "late")
        ),
        INVALID_PRODUCER_EPOCH
    );
    assert_eq!(end_v5(&mut w, &id, (pid, e0 - 1), true).0, PRODUCER_FENCED);
    assert_eq!(latest_and_stable(&mut w, &topic, 0), (2, 2));

    // The next transaction at the new epoch (sequence 0), aborted.
    assert_eq!(
        txn_produce(&mut w, 12, &id, (&topic, 0), txn_batch((pid, e1), 0, "b")),
        0
    );
    let e2 = e1 + 1;
    assert_eq!(end_v5(&mut w, &id, (pid, e1), false), (0, pid, e2));
    assert_eq!(await_stable(&mut w, &topic, 0), 4);
    // An abort with nothing added bumps again; a commit of it at the old epoch is refused.
    assert_eq!(
        end_v5_settled(&mut w, &id, (pid, e2), false),
        (0, pid, e2 + 1)
    );
    assert_eq!(
        end_v5_settled(&mut w, &id, (pid, e2), true).0,
        INVALID_TXN_STATE
    );
    assert_eq!(
        end_v5(&mut w, &id, (pid + 1000, e2 + 1), true).0,
        INVALID_PRODUCER_ID_MAPPING
    );
    // A version 1 EndTxn (v4) of a version 2 producer's transaction keeps its epoch.
    assert_eq!(
        txn_produce(
            &mut w,
            12,
            &id,
            (&topic, 0),
            txn_batch((pid, e2 + 1), 0, "c")
        ),
        0
    );
    assert_eq!(end(&mut w, &id, pid, e2 + 1, true), 0);
    assert_eq!(await_stable(&mut w, &topic, 0), 6);
    assert_eq!(
        txn_produce(
            &mut w,
            12,
            &id,
            (&topic, 0),
            txn_batch((pid, e2 + 1), 1, "d")
        ),
        0
    );
}

/// KIP-890 part 2's recovery from a timeout: a version 2 transaction past its timeout is
/// aborted by the coordinator with the epoch bumped; the producer's own abort of it at the old
/// epoch is then answered as a retry (success, with the new epoch), its late produce at the
/// old epoch is fenced, and it goes on at the new epoch without a new initTransactions.
#[test]
fn a_timed_out_version_2_transaction_is_recovered_by_the_producers_abort() {
    const INVALID_PRODUCER_EPOCH: i16 = 47;
    let seed = harness::seed("txn_v2_timeout");
    let broker = Broker::start_with(&[(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        "100",
    )]);
    let topic = harness::topic_name("txn_v2_timeout", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = format!("v2-timeout-{seed}");
    find_coordinator(&mut w, 1, &id);
    let (code, pid, e0) = init(&mut w, &id, 1_000);
    assert_eq!(code, 0);
    assert_eq!(
        txn_produce(&mut w, 12, &id, (&topic, 0), txn_batch((pid, e0), 0, "a")),
        0
    );
    // The coordinator aborts it after 1 s: the ABORT marker moves the LSO past it.
    assert_eq!(
        await_stable(&mut w, &topic, 0),
        2,
        "the record and the ABORT marker"
    );
    let e1 = e0 + 1;
    assert_eq!(end_v5_settled(&mut w, &id, (pid, e0), false), (0, pid, e1));
    assert_eq!(
        txn_produce(
            &mut w,
            12,
            &id,
            (&topic, 0),
            txn_batch((pid, e0), 1, "late")
        ),
        INVALID_PRODUCER_EPOCH
    );
    assert_eq!(
        txn_produce(&mut w, 12, &id, (&topic, 0), txn_batch((pid, e1), 0, "b")),
        0
    );
    assert_eq!(end_v5(&mut w, &id, (pid, e1), true), (0, pid, e1 + 1));
    assert_eq!(await_stable(&mut w, &topic, 0), 4);
}

const TRANSACTION_COORDINATOR_FENCED: i16 = 52;

/// WriteTxnMarkers v1: an ABORT marker of `(pid, epoch)` from `coordinator_epoch`; the
/// partition's code.
pub(crate) fn write_marker(
    w: &mut Wire,
    (pid, epoch): (i64, i16),
    coordinator_epoch: i32,
    (topic, partition): (&str, i32),
) -> i16 {
    use kafka_protocol::messages::write_txn_markers_request::{
        WritableTxnMarker, WritableTxnMarkerTopic, WriteTxnMarkersRequest,
    };
    let r = w.call(
        1,
        &WriteTxnMarkersRequest::default().with_markers(vec![WritableTxnMarker::default()
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_transaction_result(false)
            .with_coordinator_epoch(coordinator_epoch)
            .with_topics(vec![WritableTxnMarkerTopic::default()
                .with_name(TopicName(s(topic)))
                .with_partition_indexes(vec![partition])])]),
    );
    r.markers[0].topics[0].partitions[0].error_code
}

/// ListOffsets v7 LATEST of `topic`-0 as a replica asks it: the leader's log end.
fn log_end(w: &mut Wire, topic: &str) -> i64 {
    use kafka_protocol::messages::list_offsets_request::{
        ListOffsetsPartition, ListOffsetsRequest, ListOffsetsTopic,
    };
    use kafka_protocol::messages::BrokerId;
    let r = w.call(
        7,
        &ListOffsetsRequest::default()
            .with_replica_id(BrokerId(1_000))
            .with_topics(vec![ListOffsetsTopic::default()
                .with_name(TopicName(s(topic)))
                .with_partitions(vec![ListOffsetsPartition::default()
                    .with_partition_index(0)
                    .with_timestamp(-1)])]),
    );
    r.topics[0].partitions[0].offset
}

/// The coordinator (node id, address) FindCoordinator names for transactional id `id`.
fn coordinator_of(w: &mut Wire, id: &str) -> (i32, String) {
    find_coordinator(w, 1, id);
    let found = w.call(
        4,
        &FindCoordinatorRequest::default()
            .with_key_type(1)
            .with_coordinator_keys(vec![s(id)]),
    );
    let c = &found.coordinators[0];
    (c.node_id.0, format!("{}:{}", c.host, c.port))
}

/// Three nodes, a partition with three replicas (acks=all) led by one node and the
/// transaction's coordinator on another: the leader verifies the transactional produce with
/// the coordinator over the inter-broker listener (KIP-890). Then, with both followers stopped,
/// a COMMIT marker is written on the leader but cannot replicate: the last stable offset stays
/// at the transaction's first offset (not the high watermark, which is past its records) until
/// the marker is below the high watermark (Kafka's `unreplicatedTxns`), so a read_committed
/// consumer never sees the transaction decided before its marker is safe.
#[test]
fn cluster_verifies_across_nodes_and_holds_the_lso_until_the_marker_replicates() {
    use crate::cluster::Cluster;
    let seed = harness::seed("txn_cluster_lso");
    let settings = format!(
        "{}\ntransaction.state.log.num.partitions=3",
        crate::replication::replication_settings(60_000)
    );
    let cluster = Cluster::start_with(3, 100, &settings);
    cluster.wait_ready();
    let topic = harness::topic_name("txn_cluster_lso", seed);
    crate::replication::create_replicated_topic(&cluster, &topic, &[("min.insync.replicas", "2")]);
    let (leader, ..) = crate::replication::wait_state(&cluster, 0, &topic, "a full ISR", |s| {
        s.0 >= 0 && s.2 == vec![1, 2, 3]
    });
    let at = |id: i32| cluster.nodes.iter().position(|n| n.id == id).unwrap();
    let mut lw = Wire::connect(&cluster.nodes[at(leader)].bootstrap());
    lw.set_read_timeout(Duration::from_secs(30));
    // A transactional id coordinated by another node than the partition's leader.
    let (id, coordinator) = (0..)
        .map(|i| format!("lso-{seed}-{i}"))
        .find_map(|id| {
            let (node, address) = coordinator_of(&mut lw, &id);
            (node != leader).then_some((id, address))
        })
        .unwrap();
    let mut cw = Wire::connect(&coordinator);
    let (code, pid, epoch) = init_when_loaded(&mut cw, &id, 60_000);
    assert_eq!(code, 0);
    let producer = (pid, epoch);
    assert_eq!(
        add_partitions(&mut cw, &id, producer, &topic, &[0]),
        vec![0]
    );
    let three = bytes::Bytes::from(
        batch::builder::BatchBuilder::new()
            .base_timestamp_ms(harness::now_ms())
            .producer(pid, epoch, 0)
            .attributes(0x10)
            .record(0, None, Some(b"a"))
            .record(1, None, Some(b"b"))
            .record(2, None, Some(b"c"))
            .build(),
    );
    assert_eq!(txn_produce(&mut lw, 9, &id, (&topic, 0), three), 0);
    assert_eq!(latest_and_stable(&mut lw, &topic, 0), (3, 0));

    // Both followers stop; the COMMIT marker lands on the leader only.
    let followers: Vec<usize> = (0..3).filter(|i| *i != at(leader)).collect();
    for f in &followers {
        cluster.signal(*f, libc::SIGSTOP);
    }
    let address = cluster.nodes[at(leader)].bootstrap();
    let marked = topic.clone();
    let marker = std::thread::spawn(move || {
        use kafka_protocol::messages::write_txn_markers_request::{
            WritableTxnMarker, WritableTxnMarkerTopic, WriteTxnMarkersRequest,
        };
        let mut w = Wire::connect(&address);
        w.set_read_timeout(Duration::from_secs(60));
        w.call(
            1,
            &WriteTxnMarkersRequest::default().with_markers(vec![WritableTxnMarker::default()
                .with_producer_id(ProducerId(pid))
                .with_producer_epoch(epoch)
                .with_transaction_result(true)
                .with_coordinator_epoch(0)
                .with_topics(vec![WritableTxnMarkerTopic::default()
                    .with_name(TopicName(s(&marked)))
                    .with_partition_indexes(vec![0])])]),
        )
        .markers[0]
            .topics[0]
            .partitions[0]
            .error_code
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while log_end(&mut lw, &topic) < 4 {
        assert!(Instant::now() < deadline, "the marker was never appended");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        latest_and_stable(&mut lw, &topic, 0),
        (3, 0),
        "the transaction is unstable while its marker is not replicated"
    );
    for f in &followers {
        cluster.signal(*f, libc::SIGCONT);
    }
    assert_eq!(await_stable(&mut lw, &topic, 0), 4);
    // Answered once the ISR has it (or timed out meanwhile, and written all the same).
    let code = marker.join().unwrap();
    eprintln!("WriteTxnMarkers answered {code}");

    // The coordinator ends the transaction (its own ABORT marker follows): a late produce of
    // it is refused by the other node's answer; NOT_ENOUGH_REPLICAS (retriable) while the
    // transaction completes.
    assert_eq!(end(&mut cw, &id, pid, epoch, false), 0);
    let late = retried(
        Duration::from_secs(30),
        &[NOT_ENOUGH_REPLICAS],
        |code: &i16| *code,
        || txn_produce(&mut lw, 9, &id, (&topic, 0), txn_batch(producer, 3, "late")),
    );
    assert_eq!(late, INVALID_TXN_STATE, "a late produce");
    let (latest, stable) = latest_and_stable(&mut lw, &topic, 0);
    assert_eq!(latest, stable, "nothing hangs the LSO");
}

const NOT_ENOUGH_REPLICAS: i16 = 19;

/// AddOffsetsToTxn v3 of `group`.
fn add_offsets(w: &mut Wire, id: &str, (pid, epoch): (i64, i16), group: &str) -> i16 {
    w.call(
        3,
        &AddOffsetsToTxnRequest::default()
            .with_transactional_id(TransactionalId(s(id)))
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_group_id(GroupId(s(group))),
    )
    .error_code
}

/// Waits until `group`'s offset of `topic`-0 is stable; (error, offset).
fn await_offset_stable(w: &mut Wire, group: &str, topic: &str) -> (i16, i64) {
    retried(
        Duration::from_secs(30),
        &[UNSTABLE_OFFSET_COMMIT],
        |r: &(i16, i64)| r.0,
        || fetch_stable(w, group, topic),
    )
}

/// Offsets a transaction commits stay pending (UNSTABLE_OFFSET_COMMIT for require_stable) only
/// until its marker: an abort by the coordinator when the transaction times out drops them,
/// and so does the producer's own abort. A late TxnOffsetCommit of the ended transaction is
/// refused (KIP-890 verification of the group's partition: INVALID_PRODUCER_EPOCH after the
/// timeout's epoch bump, INVALID_TXN_STATE / TRANSACTION_ABORTABLE after a plain abort), so
/// no offsets stay pending with no marker to come.
#[test]
fn pending_txn_offsets_are_dropped_by_every_abort_and_late_commits_are_refused() {
    const INVALID_PRODUCER_EPOCH: i16 = 47;
    const TRANSACTION_ABORTABLE: i16 = 120;
    let seed = harness::seed("txn_pending_offsets");
    let broker = Broker::start_with(&[(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        "100",
    )]);
    let topic = harness::topic_name("txn_pending_offsets", seed);
    clients::create_topic(Client::Java, &broker, &topic, 1, &[]);
    let mut w = Wire::connect(&broker.bootstrap());
    let id = format!("pending-{seed}");
    let group = format!("pending-group-{seed}");
    find_coordinator(&mut w, 1, &id);
    find_coordinator(&mut w, 0, &group);
    let (code, pid, epoch) = init_when_loaded(&mut w, &id, 1_000);
    assert_eq!(code, 0);

    // Not added to the transaction: refused, nothing pending.
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 41),
        INVALID_TXN_STATE
    );
    assert_eq!(fetch_stable(&mut w, &group, &topic), (0, -1));

    // The coordinator aborts the transaction after its 1 s timeout: the offset is dropped.
    assert_eq!(add_offsets(&mut w, &id, (pid, epoch), &group), 0);
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 42),
        0
    );
    assert_eq!(
        fetch_stable(&mut w, &group, &topic).0,
        UNSTABLE_OFFSET_COMMIT
    );
    assert_eq!(await_offset_stable(&mut w, &group, &topic), (0, -1));
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 43),
        INVALID_PRODUCER_EPOCH
    );
    assert_eq!(fetch_stable(&mut w, &group, &topic), (0, -1));

    // The producer's own abort (no epoch bump in transactions v1): dropped too, and a late
    // commit of the aborted transaction is refused.
    let (code, pid, epoch) = retried(
        Duration::from_secs(30),
        &[CONCURRENT_TRANSACTIONS],
        |r: &(i16, i64, i16)| r.0,
        || init(&mut w, &id, 60_000),
    );
    assert_eq!(code, 0, "InitProducerId");
    assert_eq!(add_offsets(&mut w, &id, (pid, epoch), &group), 0);
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 44),
        0
    );
    assert_eq!(end(&mut w, &id, pid, epoch, false), 0);
    assert_eq!(await_offset_stable(&mut w, &group, &topic), (0, -1));
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 45),
        INVALID_TXN_STATE
    );
    assert_eq!(
        txn_offset_commit_v(&mut w, 4, &id, &group, &topic, (pid, epoch), 45),
        TRANSACTION_ABORTABLE
    );
    assert_eq!(fetch_stable(&mut w, &group, &topic), (0, -1));

    // A committed transaction still commits its offset.
    assert_eq!(add_offsets(&mut w, &id, (pid, epoch), &group), 0);
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 46),
        0
    );
    assert_eq!(end(&mut w, &id, pid, epoch, true), 0);
    assert_eq!(await_offset_stable(&mut w, &group, &topic), (0, 46));

    // Without verification the late commit is taken and stays pending: no marker will come.
    set_verification(&mut w, false);
    assert_eq!(
        txn_offset_commit(&mut w, &id, &group, &topic, (pid, epoch), 47),
        0
    );
    assert_eq!(
        fetch_stable(&mut w, &group, &topic).0,
        UNSTABLE_OFFSET_COMMIT
    );
}

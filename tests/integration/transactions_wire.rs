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
use kafka_protocol::messages::{GroupId, ProducerId, TopicName, TransactionalId};
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
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = w.call(
            4,
            &FindCoordinatorRequest::default()
                .with_key_type(key_type)
                .with_coordinator_keys(vec![s(key)]),
        );
        match found.coordinators[0].error_code {
            0 => return,
            COORDINATOR_NOT_AVAILABLE if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50))
            }
            _ => panic!("{found:?}"),
        }
    }
}

/// TxnOffsetCommit of `offset` for `topic`-0, retried while the group's coordinator loads.
fn txn_offset_commit(
    w: &mut Wire,
    id: &str,
    group: &str,
    topic: &str,
    (pid, epoch): (i64, i16),
    offset: i64,
) -> i16 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let r = w.call(
            3,
            &TxnOffsetCommitRequest::default()
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
                        .with_committed_leader_epoch(-1)])]),
        );
        match r.topics[0].partitions[0].error_code {
            COORDINATOR_LOAD_IN_PROGRESS | COORDINATOR_NOT_AVAILABLE | NOT_COORDINATOR
                if Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(50))
            }
            code => return code,
        }
    }
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
    let deadline = Instant::now() + Duration::from_secs(60);
    // transaction.timeout.ms above transaction.max.timeout.ms.
    assert_eq!(init(&mut w, &id, 60_001).0, INVALID_TRANSACTION_TIMEOUT);
    let (code, pid, epoch) = loop {
        match init(&mut w, &id, 30_000) {
            (COORDINATOR_LOAD_IN_PROGRESS | COORDINATOR_NOT_AVAILABLE | NOT_COORDINATOR, ..)
                if Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(50))
            }
            other => break other,
        }
    };
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
    let deadline = Instant::now() + Duration::from_secs(30);
    let (pid2, epoch2) = loop {
        match init(&mut second, &id, 30_000) {
            (0, pid2, epoch2) => break (pid2, epoch2),
            (CONCURRENT_TRANSACTIONS, ..) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            other => panic!("InitProducerId of the second instance: {other:?}"),
        }
    };
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
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match fetch_stable(&mut second, &group, &topic) {
            (0, 7) => break,
            (UNSTABLE_OFFSET_COMMIT, _) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            other => panic!("after the commit: {other:?}"),
        }
    }
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
    let (code, _, epoch) = loop {
        match init(&mut w, &id, 30_000) {
            (COORDINATOR_LOAD_IN_PROGRESS | COORDINATOR_NOT_AVAILABLE | NOT_COORDINATOR, ..)
                if Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(50))
            }
            other => break other,
        }
    };
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
    for v in [4, 5] {
        let req = AddPartitionsToTxnRequest::default().with_transactions(vec![
            AddPartitionsToTxnTransaction::default()
                .with_transactional_id(tid())
                .with_producer_id(ProducerId(pid))
                .with_producer_epoch(epoch)
                .with_verify_only(v == 5)
                .with_topics(vec![topic()]),
        ]);
        valid.push(Wire::encode(v, 1, &req));
    }
    for v in [0, 4] {
        let req = AddOffsetsToTxnRequest::default()
            .with_transactional_id(tid())
            .with_producer_id(ProducerId(pid))
            .with_producer_epoch(epoch)
            .with_group_id(GroupId(s("fz-group")));
        valid.push(Wire::encode(v, 1, &req));
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

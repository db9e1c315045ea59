//! One test per rule, Kafka's behaviour cited where it is subtle.

use model::{ErrorCode, LeaderEpoch, NodeId, Offset};

use crate::*;

const LAG_MS: u64 = 10_000;
/// The clock starts late enough that "never caught up" (time 0) is older than the lag bound.
const T0: u64 = 1_000_000;

fn n(id: i32) -> NodeId {
    NodeId(id)
}
fn o(offset: i64) -> Offset {
    Offset(offset)
}
fn e(epoch: i32) -> LeaderEpoch {
    LeaderEpoch(epoch)
}
fn broker_epoch(id: i32) -> BrokerEpoch {
    BrokerEpoch(100 + id as i64)
}

fn config(min_insync_replicas: usize, durability: Durability) -> PartitionConfig {
    PartitionConfig {
        replica_lag_time_max_ms: LAG_MS,
        min_insync_replicas,
        durability,
    }
}

fn empty_log() -> LogState {
    LogState {
        start_offset: o(0),
        end_offset: o(0),
        flushed_offset: o(0),
        high_watermark: o(0),
    }
}

fn state(leader: i32, epoch: i32, partition_epoch: i32, isr: &[i32]) -> LeaderAndIsr {
    LeaderAndIsr {
        leader: Some(n(leader)),
        leader_epoch: e(epoch),
        partition_epoch: PartitionEpoch(partition_epoch),
        replicas: vec![n(1), n(2), n(3)],
        isr: isr.iter().map(|&id| n(id)).collect(),
    }
}

fn open(local: i32, config: PartitionConfig) -> Partition {
    let mut p = Partition::open(n(local), config, empty_log(), LeaderEpochCache::default());
    for id in 1..=3 {
        p.set_broker_status(
            n(id),
            BrokerStatus {
                epoch: broker_epoch(id),
                fenced: false,
                shutting_down: false,
            },
        );
    }
    p
}

/// Replica 1 leads epoch 1 of replicas 1, 2, 3 with the given ISR.
fn leader(isr: &[i32], config: PartitionConfig) -> Partition {
    let mut p = open(1, config);
    p.become_leader(&state(1, 1, 1, isr), T0).unwrap();
    p
}

fn follower_fetch(replica: i32, offset: i64, epoch: Option<i32>) -> FollowerFetch {
    FollowerFetch {
        replica: n(replica),
        broker_epoch: broker_epoch(replica),
        fetch_offset: o(offset),
        last_fetched_epoch: epoch.map(e),
        current_leader_epoch: Some(e(1)),
    }
}

/// Appends `records` one-byte records and flushes them.
fn append(p: &mut Partition, records: i64, now: u64) -> Outputs {
    let end = o(p.log().end_offset.0 + records);
    let mut out = p.on_leader_append(end, records as u64, now);
    let flushed = p.on_log_flushed(end, now);
    out.high_watermark = flushed.high_watermark.or(out.high_watermark);
    out.produces.extend(flushed.produces);
    out
}

fn accept(p: &mut Partition, now: u64) -> Outputs {
    let sent = p
        .alter_partition_in_flight()
        .cloned()
        .expect("a change in flight");
    let isr = sent.new_isr.iter().map(|m| m.id).collect();
    let response = AlterPartitionResponse::Accepted {
        leader_epoch: sent.leader_epoch,
        partition_epoch: PartitionEpoch(sent.partition_epoch.0 + 1),
        isr,
    };
    p.on_alter_partition_response(&sent, &response, now)
}

#[test]
fn a_new_leader_starts_its_epoch_at_the_log_end() {
    let mut p = open(1, config(1, Durability::Replicated));
    p.become_leader(&state(1, 0, 0, &[1]), T0).unwrap();
    p.on_leader_append(o(5), 5, T0);
    p.become_leader(&state(1, 3, 1, &[1]), T0).unwrap();
    assert_eq!(
        p.epochs().latest(),
        Some(EpochEntry {
            epoch: e(3),
            start_offset: o(5)
        })
    );
    assert_eq!(p.leader_state().epoch_start_offset, o(5));
}

#[test]
fn a_sole_isr_leader_moves_the_high_watermark_on_append_or_on_flush() {
    let mut relaxed = leader(&[1], config(1, Durability::Replicated));
    let out = relaxed.on_leader_append(o(3), 3, T0);
    assert_eq!(
        out.high_watermark,
        Some(o(3)),
        "replication-only: the log end counts"
    );

    let mut durable = leader(&[1], config(1, Durability::Flushed));
    let out = durable.on_leader_append(o(3), 3, T0);
    assert_eq!(out.high_watermark, None, "durable: not before the fsync");
    let out = durable.on_log_flushed(o(2), T0);
    assert_eq!(out.high_watermark, Some(o(2)));
}

#[test]
fn the_high_watermark_is_the_least_isr_log_end_and_never_moves_back() {
    let mut p = leader(&[1, 2, 3], config(1, Durability::Flushed));
    append(&mut p, 10, T0);
    assert_eq!(
        p.high_watermark(),
        o(0),
        "followers' log ends are unknown yet"
    );
    p.on_follower_fetch(&follower_fetch(2, 10, Some(1)), T0);
    assert_eq!(p.high_watermark(), o(0));
    let (_, out) = p.on_follower_fetch(&follower_fetch(3, 6, Some(1)), T0);
    assert_eq!(out.high_watermark, Some(o(6)));
    // A follower fetching from lower (it truncated, or a reordered fetch) does not move the
    // high watermark back.
    p.on_follower_fetch(&follower_fetch(3, 4, Some(1)), T0);
    assert_eq!(p.high_watermark(), o(6));
}

#[test]
fn the_high_watermark_is_frozen_under_min_isr() {
    // KAFKA-15583 (part of KIP-966): `maybeIncrementLeaderHW` returns early while the
    // committed ISR is smaller than the effective min ISR, even for acks=1 appends.
    let mut p = leader(&[1], config(2, Durability::Replicated));
    let out = p.on_leader_append(o(4), 4, T0);
    assert_eq!(out.high_watermark, None);
    // Effective min ISR is capped at the replica count: min.insync.replicas=5 on 3 replicas
    // means 3.
    let mut p = leader(&[1, 2, 3], config(5, Durability::Replicated));
    p.on_leader_append(o(4), 4, T0);
    p.on_follower_fetch(&follower_fetch(2, 4, Some(1)), T0);
    let (_, out) = p.on_follower_fetch(&follower_fetch(3, 4, Some(1)), T0);
    assert_eq!(out.high_watermark, Some(o(4)));
}

#[test]
fn acks_all_is_refused_before_append_when_the_isr_is_under_min_isr() {
    let p = leader(&[1, 2], config(3, Durability::Flushed));
    assert_eq!(
        p.check_produce(Acks::All),
        Err(ErrorCode::NotEnoughReplicas)
    );
    assert_eq!(p.check_produce(Acks::Leader), Ok(()));
    assert_eq!(p.check_produce(Acks::None), Ok(()));
    let follower = {
        let mut f = open(2, config(1, Durability::Flushed));
        f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
        f
    };
    assert_eq!(
        follower.check_produce(Acks::Leader),
        Err(ErrorCode::NotLeaderOrFollower)
    );
}

#[test]
fn a_delayed_produce_completes_when_the_high_watermark_reaches_it() {
    let mut p = leader(&[1, 2], config(2, Durability::Flushed));
    append(&mut p, 5, T0);
    assert_eq!(p.await_produce(7, o(5), T0 + 1000), None);
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 3, Some(1)), T0);
    assert!(out.produces.is_empty());
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 5, Some(1)), T0);
    assert_eq!(
        out.produces,
        vec![ProduceDone {
            id: 7,
            result: Ok(())
        }]
    );
    // Already covered: done at once.
    assert_eq!(
        p.await_produce(8, o(5), T0 + 1000),
        Some(ProduceDone {
            id: 8,
            result: Ok(())
        })
    );
}

#[test]
fn a_delayed_produce_under_min_isr_times_out_or_fails_after_append() {
    // Kafka 4.x: once the ISR shrank under min ISR the high watermark stops, so a waiting
    // produce times out (REQUEST_TIMED_OUT) rather than completing.
    let mut p = leader(&[1, 2, 3], config(2, Durability::Replicated));
    p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
    p.on_follower_fetch(&follower_fetch(3, 0, None), T0);
    p.on_leader_append(o(5), 5, T0);
    assert_eq!(p.await_produce(1, o(5), T0 + 30_000), None);
    let out = p.tick(T0 + LAG_MS + 1);
    assert_eq!(
        out.alter_partition.as_ref().map(|r| r.new_isr.len()),
        Some(1)
    );
    accept(&mut p, T0 + LAG_MS + 1);
    assert_eq!(
        p.check_produce(Acks::All),
        Err(ErrorCode::NotEnoughReplicas)
    );
    let out = p.tick(T0 + 30_000);
    assert_eq!(
        out.produces,
        vec![ProduceDone {
            id: 1,
            result: Err(ErrorCode::RequestTimedOut)
        }]
    );
    // `checkEnoughReplicasReachOffset`: an offset the high watermark already covers, checked
    // while the ISR is under min ISR, is NOT_ENOUGH_REPLICAS_AFTER_APPEND.
    assert_eq!(
        p.await_produce(2, o(0), T0 + 60_000),
        Some(ProduceDone {
            id: 2,
            result: Err(ErrorCode::NotEnoughReplicasAfterAppend)
        })
    );
}

#[test]
fn losing_leadership_fails_waiting_produces() {
    let mut p = leader(&[1, 2], config(1, Durability::Flushed));
    append(&mut p, 5, T0);
    assert_eq!(p.await_produce(1, o(5), T0 + 1000), None);
    let out = p.become_follower(&state(2, 2, 2, &[2]), T0).unwrap();
    assert_eq!(
        out.produces,
        vec![ProduceDone {
            id: 1,
            result: Err(ErrorCode::NotLeaderOrFollower)
        }]
    );
}

#[test]
fn follower_fetch_errors_are_kafkas() {
    let mut p = leader(&[1, 2, 3], config(1, Durability::Flushed));
    append(&mut p, 5, T0);
    let error = |p: &mut Partition, fetch: FollowerFetch| match p.on_follower_fetch(&fetch, T0).0 {
        FetchAnswer::Error(code) => Some(code),
        _ => None,
    };
    let older = FollowerFetch {
        current_leader_epoch: Some(e(0)),
        ..follower_fetch(2, 0, None)
    };
    assert_eq!(error(&mut p, older), Some(ErrorCode::FencedLeaderEpoch));
    let newer = FollowerFetch {
        current_leader_epoch: Some(e(2)),
        ..follower_fetch(2, 0, None)
    };
    assert_eq!(error(&mut p, newer), Some(ErrorCode::UnknownLeaderEpoch));
    // Not a replica: UNKNOWN_LEADER_EPOCH with an epoch, NOT_LEADER_OR_FOLLOWER without
    // (`followerReplicaOrThrow`).
    assert_eq!(
        error(&mut p, follower_fetch(9, 0, None)),
        Some(ErrorCode::UnknownLeaderEpoch)
    );
    let no_epoch = FollowerFetch {
        current_leader_epoch: None,
        ..follower_fetch(9, 0, None)
    };
    assert_eq!(
        error(&mut p, no_epoch),
        Some(ErrorCode::NotLeaderOrFollower)
    );
    assert_eq!(
        error(&mut p, follower_fetch(2, 6, None)),
        Some(ErrorCode::OffsetOutOfRange)
    );
    // An epoch this leader cannot place (above all it knows) is OFFSET_OUT_OF_RANGE.
    assert_eq!(
        error(&mut p, follower_fetch(2, 5, Some(7))),
        Some(ErrorCode::OffsetOutOfRange)
    );
    // KIP-903: a fetch from an older incarnation of the broker.
    let stale = FollowerFetch {
        broker_epoch: BrokerEpoch(1),
        ..follower_fetch(2, 5, Some(1))
    };
    assert_eq!(error(&mut p, stale), Some(ErrorCode::NotLeaderOrFollower));
    assert_eq!(error(&mut p, follower_fetch(2, 5, Some(1))), None);

    let mut f = open(2, config(1, Durability::Flushed));
    f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
    let fetch = FollowerFetch {
        replica: n(3),
        ..follower_fetch(3, 0, None)
    };
    assert_eq!(error(&mut f, fetch), Some(ErrorCode::NotLeaderOrFollower));
}

#[test]
fn a_diverging_follower_is_told_where_its_epoch_ends_and_truncates_there() {
    // The new leader (2) led epoch 1 to offset 3, then took over as epoch 3 at offset 3. The
    // old leader (1) wrote epoch 1 to 3 and epoch 2 (never committed) to 6.
    let mut leader_p = open(2, config(1, Durability::Replicated));
    leader_p.become_leader(&state(2, 1, 1, &[2]), T0).unwrap();
    leader_p.on_leader_append(o(3), 3, T0);
    leader_p.become_leader(&state(2, 3, 3, &[2]), T0).unwrap();
    leader_p.on_leader_append(o(8), 5, T0);

    let mut stale = open(1, config(1, Durability::Replicated));
    stale.become_leader(&state(1, 0, 0, &[1]), T0).unwrap();
    stale.become_follower(&state(2, 1, 1, &[2]), T0).unwrap();
    let batch = |base, last, epoch| BatchInfo {
        base_offset: o(base),
        last_offset: o(last),
        leader_epoch: e(epoch),
        bytes: 1,
    };
    let sent = stale.next_fetch().unwrap();
    stale.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(0),
            batches: vec![batch(0, 2, 1)],
        },
        T0,
    );
    stale.become_leader(&state(1, 2, 2, &[1]), T0).unwrap();
    stale.on_leader_append(o(6), 3, T0);
    stale.become_follower(&state(2, 3, 3, &[2]), T0).unwrap();

    let sent = stale.next_fetch().unwrap();
    assert_eq!(
        (sent.fetch_offset, sent.last_fetched_epoch),
        (o(6), Some(e(2)))
    );
    let fetch = FollowerFetch {
        replica: n(1),
        broker_epoch: broker_epoch(1),
        fetch_offset: sent.fetch_offset,
        last_fetched_epoch: sent.last_fetched_epoch,
        current_leader_epoch: Some(sent.current_leader_epoch),
    };
    let (answer, _) = leader_p.on_follower_fetch(&fetch, T0);
    // Epoch 2 is unknown to the leader: the largest epoch below it (1) ends at 3.
    assert_eq!(
        answer,
        FetchAnswer::Diverging {
            epoch: e(1),
            end_offset: o(3),
            high_watermark: o(8)
        }
    );
    let (action, _) = stale.on_fetch_response(
        &sent,
        &FetchResponse::Diverging {
            epoch: e(1),
            end_offset: o(3),
            high_watermark: o(8),
        },
        T0,
    );
    assert_eq!(action, FollowerAction::TruncateTo { end_offset: o(3) });
    assert_eq!(stale.epochs().latest_epoch(), Some(e(1)));
    let sent = stale.next_fetch().unwrap();
    assert_eq!(
        (sent.fetch_offset, sent.last_fetched_epoch),
        (o(3), Some(e(1)))
    );
}

#[test]
fn a_follower_joins_the_isr_once_at_the_high_watermark_and_the_epoch_start() {
    // `maybeExpandIsr`: log end ≥ HW and ≥ the leader epoch's start offset.
    let mut p = open(1, config(1, Durability::Replicated));
    p.become_leader(&state(1, 0, 0, &[1]), T0).unwrap();
    p.on_leader_append(o(10), 10, T0);
    p.become_leader(&state(1, 1, 1, &[1]), T0).unwrap(); // epoch 1 starts at 10
    p.on_leader_append(o(12), 2, T0);
    assert_eq!(p.high_watermark(), o(12));
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 9, Some(0)), T0);
    assert_eq!(
        out.alter_partition, None,
        "below the HW and the epoch start"
    );
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 12, Some(1)), T0);
    let sent = out.alter_partition.expect("expansion proposed");
    assert_eq!(
        sent.new_isr,
        vec![
            IsrMember {
                id: n(1),
                broker_epoch: broker_epoch(1)
            },
            IsrMember {
                id: n(2),
                broker_epoch: broker_epoch(2)
            },
        ]
    );
    assert_eq!(sent.partition_epoch, PartitionEpoch(1));
    // One change in flight: replica 3 catching up now proposes nothing.
    let (_, out) = p.on_follower_fetch(&follower_fetch(3, 12, Some(1)), T0);
    assert_eq!(out.alter_partition, None);
    accept(&mut p, T0);
    assert_eq!(
        p.role(),
        RoleView::Leader {
            leader_epoch: e(1),
            isr: vec![n(1), n(2)],
            maximal_isr: vec![n(1), n(2)],
            alter_partition_in_flight: false,
        }
    );
    assert_eq!(p.partition_epoch(), PartitionEpoch(2));
}

#[test]
fn a_fenced_or_shutting_down_broker_does_not_join_the_isr() {
    let mut p = leader(&[1], config(1, Durability::Replicated));
    p.set_broker_status(
        n(2),
        BrokerStatus {
            epoch: broker_epoch(2),
            fenced: true,
            shutting_down: false,
        },
    );
    p.set_broker_status(
        n(3),
        BrokerStatus {
            epoch: broker_epoch(3),
            fenced: false,
            shutting_down: true,
        },
    );
    assert_eq!(
        p.on_follower_fetch(&follower_fetch(2, 0, None), T0)
            .1
            .alter_partition,
        None
    );
    assert_eq!(
        p.on_follower_fetch(&follower_fetch(3, 0, None), T0)
            .1
            .alter_partition,
        None
    );
}

#[test]
fn a_lagging_follower_leaves_the_isr_after_the_lag_bound() {
    let mut p = leader(&[1, 2, 3], config(1, Durability::Replicated));
    p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
    p.on_follower_fetch(&follower_fetch(3, 0, None), T0);
    p.on_leader_append(o(5), 5, T0 + 1);
    // Follower 2 keeps fetching what the leader had at its previous fetch, though never its
    // end (steady small produces): `updateFetchStateOrThrow` counts it as caught up as of the
    // previous fetch. Follower 3 stops.
    let mut now = T0 + 1;
    let mut end = 5;
    while now < T0 + 3 * LAG_MS {
        now += 1_000;
        let previous_end = end;
        end += 1;
        p.on_leader_append(o(end), 1, now - 500);
        p.on_follower_fetch(&follower_fetch(2, previous_end, Some(1)), now);
        let out = p.tick(now);
        if let Some(sent) = out.alter_partition {
            assert!(now > T0 + LAG_MS, "not before the lag bound");
            assert_eq!(
                sent.new_isr.iter().map(|m| m.id).collect::<Vec<_>>(),
                vec![n(1), n(2)]
            );
            // A shrink counts only once committed (KIP-497): the maximal ISR is the old one.
            let RoleView::Leader { maximal_isr, .. } = p.role() else {
                unreachable!()
            };
            assert_eq!(maximal_isr, vec![n(1), n(2), n(3)]);
            let hw_before = p.high_watermark();
            accept(&mut p, now);
            assert!(
                p.high_watermark() > hw_before,
                "follower 3 no longer holds it back"
            );
            return;
        }
    }
    panic!("follower 3 never left the ISR");
}

#[test]
fn a_caught_up_follower_outside_the_isr_holds_the_high_watermark() {
    // `maybeIncrementLeaderHW` also waits for followers that are caught up and eligible, so a
    // joining follower (here: one that cannot be proposed while another change is in flight)
    // is not left behind by the high watermark.
    let mut p = leader(&[1], config(1, Durability::Replicated));
    let (_, out) = p.on_follower_fetch(&follower_fetch(3, 0, None), T0);
    assert!(out.alter_partition.is_some(), "3 joins");
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
    assert_eq!(out.alter_partition, None, "one change in flight");
    p.on_leader_append(o(5), 5, T0);
    let (_, out) = p.on_follower_fetch(&follower_fetch(3, 5, Some(1)), T0);
    assert_eq!(
        out.high_watermark, None,
        "follower 2 is caught up (within the lag) at 0"
    );
    let out = p.tick(T0 + LAG_MS + 1);
    assert_eq!(
        out.high_watermark,
        Some(o(5)),
        "no longer caught up: no longer waited for"
    );
}

#[test]
fn a_pending_expansion_holds_the_high_watermark_at_once() {
    let mut p = leader(&[1], config(1, Durability::Replicated));
    p.on_leader_append(o(5), 5, T0);
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 5, Some(1)), T0);
    assert!(out.alter_partition.is_some());
    p.on_leader_append(o(8), 3, T0 + 1);
    assert_eq!(p.high_watermark(), o(5), "the maximal ISR includes 2");
}

#[test]
fn alter_partition_responses_are_handled_as_kafka_does() {
    let setup = || {
        let mut p = leader(&[1], config(1, Durability::Replicated));
        let (_, out) = p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
        (p, out.alter_partition.unwrap())
    };
    let refused = |error| AlterPartitionResponse::Refused(error);

    // OPERATION_NOT_ATTEMPTED / INELIGIBLE_REPLICA: back to the committed ISR.
    for error in [
        AlterPartitionError::OperationNotAttempted,
        AlterPartitionError::IneligibleReplica,
    ] {
        let (mut p, sent) = setup();
        p.on_alter_partition_response(&sent, &refused(error), T0);
        assert_eq!(p.alter_partition_in_flight(), None);
    }
    // Stale or invalid: stay pending until metadata; then the new state replaces it.
    for error in [
        AlterPartitionError::FencedLeaderEpoch,
        AlterPartitionError::InvalidUpdateVersion,
    ] {
        let (mut p, sent) = setup();
        let out = p.on_alter_partition_response(&sent, &refused(error), T0);
        assert_eq!(out.alter_partition, None);
        assert_eq!(p.alter_partition_in_flight(), Some(&sent));
        p.become_leader(&state(1, 1, 5, &[1, 3]), T0).unwrap();
        assert_eq!(p.alter_partition_in_flight(), None);
        assert_eq!(p.partition_epoch(), PartitionEpoch(5));
    }
    // Anything else: send the same change again, as a new send; answers to the first one no
    // longer count.
    let (mut p, first) = setup();
    let out =
        p.on_alter_partition_response(&first, &refused(AlterPartitionError::Retriable(41)), T0);
    let sent = out.alter_partition.expect("sent again");
    assert_eq!(
        sent,
        AlterPartitionRequest {
            sequence: first.sequence + 1,
            ..first.clone()
        }
    );
    let late = refused(AlterPartitionError::OperationNotAttempted);
    p.on_alter_partition_response(&first, &late, T0);
    assert_eq!(p.alter_partition_in_flight(), Some(&sent));
    // Accepted but for another leader epoch: ignored, still pending.
    let stale = AlterPartitionResponse::Accepted {
        leader_epoch: e(0),
        partition_epoch: PartitionEpoch(9),
        isr: vec![n(1), n(2)],
    };
    p.on_alter_partition_response(&sent, &stale, T0);
    assert_eq!(p.alter_partition_in_flight(), Some(&sent));
    // A response to another request: ignored.
    let other = AlterPartitionRequest {
        partition_epoch: PartitionEpoch(0),
        ..sent.clone()
    };
    let ok = AlterPartitionResponse::Accepted {
        leader_epoch: e(1),
        partition_epoch: PartitionEpoch(2),
        isr: vec![n(1), n(2)],
    };
    p.on_alter_partition_response(&other, &ok, T0);
    assert_eq!(p.alter_partition_in_flight(), Some(&sent));
    p.on_alter_partition_response(&sent, &ok, T0);
    assert_eq!(p.alter_partition_in_flight(), None);
    assert_eq!(
        AlterPartitionError::from_code(107),
        AlterPartitionError::IneligibleReplica
    );
    assert_eq!(AlterPartitionError::NewLeaderElected.code(), 108);
}

#[test]
fn a_late_copy_of_the_state_a_response_told_keeps_the_change_in_flight() {
    // The leader learns partition epoch 2 from the AlterPartition response, proposes the next
    // change, and only then applies epoch 2 from the metadata log: the new proposal stays in
    // flight, so the high watermark keeps waiting for the replica being added.
    let mut p = leader(&[1], config(1, Durability::Replicated));
    p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
    accept(&mut p, T0);
    let (_, out) = p.on_follower_fetch(&follower_fetch(3, 0, None), T0);
    let sent = out.alter_partition.expect("3 joins");
    p.become_leader(&state(1, 1, 2, &[1, 2]), T0).unwrap();
    assert_eq!(p.alter_partition_in_flight(), Some(&sent));
    p.on_leader_append(o(5), 5, T0);
    p.on_follower_fetch(&follower_fetch(2, 5, Some(1)), T0);
    assert_eq!(p.high_watermark(), o(0), "3 is in the maximal ISR");
}

#[test]
fn an_older_partition_epoch_is_skipped() {
    let mut p = leader(&[1], config(1, Durability::Replicated));
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
    accept(&mut p, T0); // partition epoch 2
    assert!(out.alter_partition.is_some());
    assert_eq!(
        p.become_leader(&state(1, 1, 1, &[1]), T0),
        Err(Skipped {
            current: PartitionEpoch(2)
        })
    );
}

#[test]
#[should_panic(expected = "the leader is in the ISR")]
fn a_leader_outside_the_isr_is_a_broken_invariant() {
    let mut p = open(1, config(1, Durability::Replicated));
    let _ = p.become_leader(&state(1, 1, 1, &[2, 3]), T0);
}

#[test]
fn a_durable_follower_reports_only_what_it_flushed() {
    let mut f = open(2, config(1, Durability::Flushed));
    f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
    let sent = f.next_fetch().unwrap();
    assert_eq!(
        (
            sent.fetch_offset,
            sent.last_fetched_epoch,
            sent.broker_epoch
        ),
        (o(0), None, broker_epoch(2))
    );
    let batches = vec![
        BatchInfo {
            base_offset: o(0),
            last_offset: o(2),
            leader_epoch: e(0),
            bytes: 30,
        },
        BatchInfo {
            base_offset: o(3),
            last_offset: o(4),
            leader_epoch: e(1),
            bytes: 20,
        },
    ];
    let (action, out) = f.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(9),
            batches,
        },
        T0,
    );
    assert_eq!(action, FollowerAction::Append { end_offset: o(5) });
    assert_eq!(
        out.high_watermark,
        Some(o(5)),
        "the leader's HW bounded by the log end"
    );
    assert_eq!(
        f.epochs().entries(),
        [
            EpochEntry {
                epoch: e(0),
                start_offset: o(0)
            },
            EpochEntry {
                epoch: e(1),
                start_offset: o(3)
            },
        ]
    );
    assert_eq!(f.next_fetch(), None, "not flushed yet");
    f.on_log_flushed(o(5), T0);
    assert_eq!(f.next_fetch().map(|s| s.fetch_offset), Some(o(5)));
    // A response to the old fetch now is stale.
    let (action, _) = f.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(9),
            batches: vec![],
        },
        T0,
    );
    assert_eq!(action, FollowerAction::Ignore);

    let mut relaxed = open(2, config(1, Durability::Replicated));
    relaxed
        .become_follower(&state(1, 1, 1, &[1, 2]), T0)
        .unwrap();
    let sent = relaxed.next_fetch().unwrap();
    let batches = vec![BatchInfo {
        base_offset: o(0),
        last_offset: o(0),
        leader_epoch: e(1),
        bytes: 1,
    }];
    relaxed.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(0),
            batches,
        },
        T0,
    );
    assert_eq!(
        relaxed.next_fetch().map(|s| s.fetch_offset),
        Some(o(1)),
        "relaxed: no fsync wait"
    );
}

#[test]
fn fetch_response_errors_steer_the_follower() {
    let mut f = open(2, config(1, Durability::Replicated));
    f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
    let sent = f.next_fetch().unwrap();
    let respond = |f: &mut Partition, code| {
        f.on_fetch_response(&sent, &FetchResponse::Error(code), T0)
            .0
    };
    assert_eq!(
        respond(&mut f, ErrorCode::NotLeaderOrFollower),
        FollowerAction::Backoff
    );
    assert_eq!(
        respond(&mut f, ErrorCode::UnknownLeaderEpoch),
        FollowerAction::Backoff
    );
    assert_eq!(
        respond(&mut f, ErrorCode::OffsetOutOfRange),
        FollowerAction::ListLeaderOffsets
    );
    assert_eq!(
        respond(&mut f, ErrorCode::FencedLeaderEpoch),
        FollowerAction::AwaitMetadata
    );
    assert_eq!(f.next_fetch(), None, "fenced: wait for metadata");
    f.become_follower(&state(3, 2, 2, &[3, 2]), T0).unwrap();
    assert_eq!(
        f.next_fetch().map(|s| (s.leader, s.current_leader_epoch)),
        Some((n(3), e(2)))
    );
    // A batch with a gap or a future epoch is dropped.
    let sent = f.next_fetch().unwrap();
    let future = vec![BatchInfo {
        base_offset: o(0),
        last_offset: o(0),
        leader_epoch: e(5),
        bytes: 1,
    }];
    let (action, _) = f.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(0),
            batches: future,
        },
        T0,
    );
    assert_eq!(action, FollowerAction::Backoff);
    assert_eq!(f.log().end_offset, o(0));
}

#[test]
fn out_of_range_resets_as_kafka_does() {
    let mut f = open(2, config(1, Durability::Replicated));
    f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
    let sent = f.next_fetch().unwrap();
    let batches = vec![BatchInfo {
        base_offset: o(0),
        last_offset: o(9),
        leader_epoch: e(1),
        bytes: 10,
    }];
    f.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(0),
            batches,
        },
        T0,
    );
    assert_eq!(
        f.on_leader_offsets(o(0), o(6), T0).0,
        FollowerAction::TruncateTo { end_offset: o(6) }
    );
    assert_eq!(
        f.on_leader_offsets(o(20), o(30), T0).0,
        FollowerAction::TruncateFullyAndStartAt {
            start_offset: o(20)
        }
    );
    assert_eq!(f.log().end_offset, o(20));
    assert_eq!(
        f.on_leader_offsets(o(0), o(30), T0).0,
        FollowerAction::Continue
    );
}

#[test]
fn a_new_leader_hides_its_lagging_high_watermark_from_list_offsets() {
    // KIP-207: OFFSET_NOT_AVAILABLE until the HW reaches the epoch's start offset.
    let mut p = open(1, config(1, Durability::Replicated));
    p.become_follower(&state(2, 1, 1, &[1, 2]), T0).unwrap();
    let sent = p.next_fetch().unwrap();
    let batches = vec![BatchInfo {
        base_offset: o(0),
        last_offset: o(4),
        leader_epoch: e(1),
        bytes: 5,
    }];
    p.on_fetch_response(
        &sent,
        &FetchResponse::Records {
            high_watermark: o(2),
            batches,
        },
        T0,
    );
    p.become_leader(&state(1, 2, 2, &[1, 2]), T0).unwrap();
    assert_eq!(
        p.list_offsets_latest(Some(e(2))),
        Err(ErrorCode::OffsetNotAvailable)
    );
    assert_eq!(
        p.list_offsets_latest(Some(e(1))),
        Err(ErrorCode::FencedLeaderEpoch)
    );
    let fetch = FollowerFetch {
        current_leader_epoch: Some(e(2)),
        ..follower_fetch(2, 5, Some(1))
    };
    p.on_follower_fetch(&fetch, T0);
    assert_eq!(p.list_offsets_latest(Some(e(2))), Ok(o(5)));
    assert_eq!(
        p.offset_for_leader_epoch(Some(e(2)), e(1)),
        Ok(Some(EpochEndOffset {
            epoch: e(1),
            end_offset: o(5)
        }))
    );
}

#[test]
fn delayed_fetches_wake_on_bytes_on_change_and_at_their_deadline() {
    let mut p = leader(&[1, 2], config(1, Durability::Replicated));
    let fetch = |id, isolation, min_bytes| DelayedFetch {
        id,
        fetch_offset: o(0),
        isolation,
        current_leader_epoch: Some(e(1)),
        last_fetched_epoch: None,
        min_bytes,
        deadline_ms: T0 + 500,
    };
    assert_eq!(p.await_fetch(fetch(1, FetchIsolation::LogEnd, 10)), None);
    assert_eq!(
        p.await_fetch(fetch(2, FetchIsolation::HighWatermark, 1)),
        None
    );
    assert_eq!(p.await_fetch(fetch(3, FetchIsolation::LogEnd, 100)), None);
    assert_eq!(p.await_fetch(fetch(4, FetchIsolation::LogEnd, 100)), None);
    let out = p.on_leader_append(o(4), 12, T0);
    assert_eq!(
        out.fetches,
        vec![FetchWake::Data { id: 1 }],
        "12 bytes ≥ 10; the HW did not move"
    );
    let (_, out) = p.on_follower_fetch(&follower_fetch(2, 4, Some(1)), T0);
    assert_eq!(out.fetches, vec![FetchWake::Data { id: 2 }]);
    assert!(p.cancel_fetch(4));
    let out = p.tick(T0 + 500);
    assert_eq!(out.fetches, vec![FetchWake::Expired { id: 3 }]);
    assert_eq!(p.await_fetch(fetch(5, FetchIsolation::LogEnd, 100)), None);
    let out = p.become_follower(&state(2, 2, 2, &[2]), T0).unwrap();
    assert_eq!(out.fetches, vec![FetchWake::StateChanged { id: 5 }]);
}

#[test]
fn a_leaderless_partition_is_followed_by_no_one() {
    // Every ISR member fenced: the controller leaves leader -1 and the ISR's last member.
    let mut p = leader(&[1, 2], config(1, Durability::Flushed));
    append(&mut p, 3, T0);
    assert_eq!(p.await_produce(1, o(3), T0 + 1000), None);
    let leaderless = LeaderAndIsr {
        leader: None,
        ..state(1, 1, 2, &[1])
    };
    let out = p.become_follower(&leaderless, T0).unwrap();
    assert_eq!(
        out.produces,
        vec![ProduceDone {
            id: 1,
            result: Err(ErrorCode::NotLeaderOrFollower)
        }]
    );
    assert_eq!(
        p.role(),
        RoleView::Follower {
            leader: None,
            leader_epoch: e(1)
        }
    );
    assert_eq!(p.next_fetch(), None);
    assert_eq!(
        p.check_produce(Acks::Leader),
        Err(ErrorCode::NotLeaderOrFollower)
    );
    // Its last ISR member returns and is elected again with a new epoch.
    p.become_leader(&state(1, 2, 3, &[1]), T0).unwrap();
    assert_eq!(
        p.epochs().latest(),
        Some(EpochEntry {
            epoch: e(2),
            start_offset: o(3)
        })
    );
}

#[test]
fn a_stopped_replica_answers_nothing() {
    let mut p = leader(&[1, 2], config(1, Durability::Flushed));
    append(&mut p, 3, T0);
    assert_eq!(p.await_produce(1, o(3), T0 + 1000), None);
    let out = p.stop(T0);
    assert_eq!(
        out.produces,
        vec![ProduceDone {
            id: 1,
            result: Err(ErrorCode::NotLeaderOrFollower)
        }]
    );
    assert_eq!(p.role(), RoleView::Unassigned);
    let (answer, _) = p.on_follower_fetch(&follower_fetch(2, 0, None), T0);
    assert_eq!(answer, FetchAnswer::Error(ErrorCode::NotLeaderOrFollower));
}

#[test]
fn a_consumer_reads_up_to_the_high_watermark_from_the_leader_only() {
    let mut p = leader(&[1, 2], config(1, Durability::Replicated));
    p.on_leader_append(o(10), 10, T0);
    p.on_follower_fetch(&follower_fetch(2, 6, Some(1)), T0);
    let fetch = |offset, last_epoch: Option<i32>| ConsumerFetch {
        fetch_offset: o(offset),
        last_fetched_epoch: last_epoch.map(e),
        current_leader_epoch: Some(e(1)),
    };
    let records = |from, read_end| FetchAnswer::Records {
        from: o(from),
        high_watermark: o(6),
        read_end: o(read_end),
    };
    assert_eq!(p.on_consumer_fetch(&fetch(2, Some(1))), records(2, 6));
    // Between the HW and the log end: nothing to read, not an error (`LocalLog.read`).
    assert_eq!(p.on_consumer_fetch(&fetch(8, None)), records(8, 8));
    assert_eq!(
        p.on_consumer_fetch(&fetch(11, None)),
        FetchAnswer::Error(ErrorCode::OffsetOutOfRange)
    );
    // A consumer that read an epoch this log ended earlier is told where (KIP-320).
    // (Epoch 0 is below every epoch here: `endOffsetFor` answers it ending where the first
    // known epoch starts.)
    assert_eq!(
        p.on_consumer_fetch(&fetch(4, Some(0))),
        FetchAnswer::Diverging {
            epoch: e(0),
            end_offset: o(0),
            high_watermark: o(6)
        }
    );
    let mut f = open(2, config(1, Durability::Replicated));
    f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
    assert_eq!(
        f.on_consumer_fetch(&fetch(0, None)),
        FetchAnswer::Error(ErrorCode::NotLeaderOrFollower)
    );
}

#[test]
fn a_duplicate_diverging_answer_after_refetching_to_the_same_offset_is_stale() {
    // Found by the simulation (seed 1186): the follower's stale tail ends at 6 (epoch 1); the
    // leader of epoch 2 answers its fetch "epoch 1 ends at 3" twice (a duplicated request).
    // After the first answer it truncates to 3 and fetches epoch-2 records back up to 6, which
    // the leader counts; the second answer must not truncate them again.
    let mut f = open(2, config(1, Durability::Replicated));
    f.become_follower(&state(1, 1, 1, &[1, 2]), T0).unwrap();
    let batch = |base, last, epoch| BatchInfo {
        base_offset: o(base),
        last_offset: o(last),
        leader_epoch: e(epoch),
        bytes: 1,
    };
    let sent = f.next_fetch().unwrap();
    let records = FetchResponse::Records {
        high_watermark: o(0),
        batches: vec![batch(0, 5, 1)],
    };
    f.on_fetch_response(&sent, &records, T0);
    f.become_follower(&state(3, 2, 2, &[3, 2]), T0).unwrap();
    let stale = f.next_fetch().unwrap();
    let diverging = FetchResponse::Diverging {
        epoch: e(1),
        end_offset: o(3),
        high_watermark: o(3),
    };
    let (action, _) = f.on_fetch_response(&stale, &diverging, T0);
    assert_eq!(action, FollowerAction::TruncateTo { end_offset: o(3) });
    let sent = f.next_fetch().unwrap();
    let records = FetchResponse::Records {
        high_watermark: o(3),
        batches: vec![batch(3, 5, 2)],
    };
    f.on_fetch_response(&sent, &records, T0);
    assert_eq!(f.log().end_offset, o(6));
    let (action, _) = f.on_fetch_response(&stale, &diverging, T0);
    assert_eq!(action, FollowerAction::Ignore);
    assert_eq!(f.log().end_offset, o(6));
}

use super::*;
use crate::controller::{create_topic_assigned, AlterPartitionItem};
use crate::record::BrokerEndpoint;
use crate::replication::alter_partition;
use std::collections::BTreeMap;

fn apply(image: &mut Image, records: &[MetadataRecord]) {
    let next = image.applied_index() + 1;
    image.apply_batch(next, 1, records);
}

fn cluster(nodes: i32) -> Image {
    let mut image = Image::default();
    for node in 1..=nodes {
        apply(
            &mut image,
            &[MetadataRecord::RegisterBroker {
                node_id: NodeId(node),
                listeners: vec![BrokerEndpoint {
                    name: "PLAINTEXT".into(),
                    host: "127.0.0.1".into(),
                    port: 9092,
                    security_protocol: 0,
                }],
                rack: None,
                num_shards: 2,
                incarnation_id: [node as u8; 16],
                broker_epoch: 100 + i64::from(node),
                fenced: false,
                previous_broker_epoch: -1,
            }],
        );
    }
    image
}

fn ctx() -> ReplicationContext {
    ReplicationContext {
        min_insync_replicas: 1,
        ..Default::default()
    }
}

fn nodes(v: &[i32]) -> Vec<NodeId> {
    v.iter().map(|n| NodeId(*n)).collect()
}

fn ids(v: &[NodeId]) -> Vec<i32> {
    v.iter().map(|n| n.0).collect()
}

fn topic(image: &mut Image, replicas: &[i32]) {
    let a = vec![nodes(replicas)];
    let records = create_topic_assigned(
        image,
        "t",
        -1,
        -1,
        BTreeMap::new(),
        &a,
        &ctx(),
        NodeId(1),
        2,
    )
    .unwrap();
    apply(image, &records);
}

fn part(image: &Image) -> &PartitionImage {
    image.partition("t", 0).unwrap()
}

fn reassign(image: &mut Image, target: Option<&[i32]>) -> Option<(ErrorCode, String)> {
    let request = vec![("t".to_string(), vec![(0, target.map(nodes))])];
    let (records, mut results) = alter_reassignments(image, &ctx(), &request, true);
    apply(image, &records);
    assert_eq!(results.len(), 1);
    results.pop().unwrap().2
}

/// The leader's AlterPartition proposing `isr`.
fn isr(image: &mut Image, isr: &[i32]) {
    let p = part(image).clone();
    let leader = p.leader;
    let epoch = image.broker(leader).unwrap().epoch;
    let topic_id = image.topic("t").unwrap().id;
    let item = AlterPartitionItem {
        partition: 0,
        leader_epoch: p.leader_epoch.0,
        partition_epoch: p.partition_epoch,
        new_isr: isr.iter().map(|n| (NodeId(*n), -1)).collect(),
        leader_recovery_state: 0,
    };
    let (records, results) =
        alter_partition(image, &ctx(), leader, epoch, &[(topic_id, vec![item])]).unwrap();
    assert!(results[0].1[0].1.is_ok(), "{results:?}");
    apply(image, &records);
}

#[test]
fn increasing_the_replication_factor_completes_once_the_new_replicas_are_in_sync() {
    let mut image = cluster(3);
    topic(&mut image, &[1]);
    let before = part(&image).clone();
    assert_eq!(reassign(&mut image, Some(&[1, 2, 3])), None);
    let p = part(&image).clone();
    assert_eq!(ids(&p.replicas), [1, 2, 3]);
    assert_eq!(ids(&p.adding_replicas), [2, 3]);
    assert!(p.removing_replicas.is_empty());
    assert_eq!(ids(&p.isr), [1]);
    assert_eq!(p.leader, NodeId(1));
    assert_eq!(p.leader_epoch, before.leader_epoch);
    assert_eq!(p.partition_epoch, before.partition_epoch + 1);
    assert_eq!(p.shards.len(), 3);
    assert_eq!(p.shard_on(NodeId(1)), before.shard_on(NodeId(1)));
    let listed = list_reassignments(&image, None);
    assert_eq!(listed.len(), 1);
    assert_eq!(ids(&listed[0].adding), [2, 3]);
    // One new replica in sync: still reassigning.
    isr(&mut image, &[1, 2]);
    assert_eq!(ids(&part(&image).adding_replicas), [2, 3]);
    // All of them: done.
    isr(&mut image, &[1, 2, 3]);
    let p = part(&image);
    assert_eq!(ids(&p.replicas), [1, 2, 3]);
    assert_eq!(ids(&p.isr), [1, 2, 3]);
    assert!(p.adding_replicas.is_empty() && p.removing_replicas.is_empty());
    assert!(list_reassignments(&image, None).is_empty());
    // Round trip through the records a snapshot writes.
    let mut again = Image::default();
    again.apply_batch(1, 1, &image.to_records());
    assert_eq!(again.partition("t", 0), image.partition("t", 0));
}

#[test]
fn moving_the_leaders_replica_elects_from_the_target_when_complete() {
    let mut image = cluster(4);
    topic(&mut image, &[1, 2, 3]);
    let before = part(&image).clone();
    assert_eq!(reassign(&mut image, Some(&[2, 3, 4])), None);
    let p = part(&image).clone();
    assert_eq!(ids(&p.replicas), [2, 3, 4, 1]);
    assert_eq!(ids(&p.adding_replicas), [4]);
    assert_eq!(ids(&p.removing_replicas), [1]);
    assert_eq!(
        p.leader,
        NodeId(1),
        "the old leader leads until the move completes"
    );
    // Shards of the replicas that stay do not move.
    for n in [1, 2, 3] {
        assert_eq!(p.shard_on(NodeId(n)), before.shard_on(NodeId(n)));
    }
    isr(&mut image, &[1, 2, 3, 4]);
    let p = part(&image);
    assert_eq!(ids(&p.replicas), [2, 3, 4]);
    assert_eq!(ids(&p.isr), [2, 3, 4]);
    assert_eq!(p.leader, NodeId(2));
    assert_eq!(p.leader_epoch.0, before.leader_epoch.0 + 1);
    assert_eq!(p.shards.len(), 3);
    assert!(p.adding_replicas.is_empty() && p.removing_replicas.is_empty());
}

#[test]
fn shrinking_to_replicas_already_in_sync_completes_at_once() {
    let mut image = cluster(3);
    topic(&mut image, &[1, 2, 3]);
    assert_eq!(reassign(&mut image, Some(&[3, 2])), None);
    let p = part(&image);
    assert_eq!(ids(&p.replicas), [3, 2]);
    assert_eq!(ids(&p.isr), [2, 3]);
    assert_eq!(p.leader, NodeId(3));
    assert!(p.adding_replicas.is_empty() && p.removing_replicas.is_empty());
}

#[test]
fn cancel_reverts_and_needs_a_reassignment_in_progress() {
    let mut image = cluster(4);
    topic(&mut image, &[1, 2, 3]);
    let before = part(&image).clone();
    let e = reassign(&mut image, None).unwrap();
    assert_eq!(e.0, ErrorCode::NoReassignmentInProgress);
    assert_eq!(reassign(&mut image, Some(&[2, 3, 4])), None);
    isr(&mut image, &[1, 2, 3]);
    assert_eq!(reassign(&mut image, None), None);
    let p = part(&image);
    // As Kafka's `PartitionReassignmentRevert`: the replicas less the adding ones, in the
    // reassignment's order.
    assert_eq!(ids(&p.replicas), [2, 3, 1]);
    for n in [1, 2, 3] {
        assert_eq!(p.shard_on(NodeId(n)), before.shard_on(NodeId(n)));
    }
    assert_eq!(ids(&p.isr), [1, 2, 3]);
    assert_eq!(p.leader, NodeId(1));
    assert!(p.adding_replicas.is_empty() && p.removing_replicas.is_empty());
}

#[test]
fn targets_are_validated_as_kafka_does() {
    let mut image = cluster(3);
    topic(&mut image, &[1]);
    let code = |image: &mut Image, t: &[i32]| reassign(image, Some(t)).map(|e| e.0);
    assert_eq!(
        code(&mut image, &[]),
        Some(ErrorCode::InvalidReplicaAssignment)
    );
    assert_eq!(
        code(&mut image, &[1, 1]),
        Some(ErrorCode::InvalidReplicaAssignment)
    );
    assert_eq!(
        code(&mut image, &[1, 9]),
        Some(ErrorCode::InvalidReplicaAssignment)
    );
    let request = vec![("nope".to_string(), vec![(0, Some(nodes(&[1])))])];
    let (records, results) = alter_reassignments(&image, &ctx(), &request, true);
    assert!(records.is_empty());
    assert_eq!(
        results[0].2.as_ref().unwrap().0,
        ErrorCode::UnknownTopicOrPartition
    );
    // KIP-860: v1 may forbid changing the replication factor.
    let request = vec![("t".to_string(), vec![(0, Some(nodes(&[1, 2])))])];
    let (records, results) = alter_reassignments(&image, &ctx(), &request, false);
    assert!(records.is_empty());
    assert_eq!(
        results[0].2.as_ref().unwrap().0,
        ErrorCode::InvalidReplicationFactor
    );
    // The same replicas: nothing to do, accepted.
    assert_eq!(reassign(&mut image, Some(&[1])), None);
    assert!(part(&image).adding_replicas.is_empty());
}

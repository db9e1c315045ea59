use super::*;
use crate::controller::{create_partitions_assigned, create_topic, create_topic_assigned};
use crate::record::BrokerEndpoint;
use std::collections::BTreeMap;

fn apply(image: &mut Image, records: &[MetadataRecord]) {
    let next = image.applied_index() + 1;
    image.apply_batch(next, 1, records);
}

fn register(image: &mut Image, node: i32, rack: Option<&str>, shards: u16) {
    apply(
        image,
        &[MetadataRecord::RegisterBroker {
            node_id: NodeId(node),
            listeners: vec![BrokerEndpoint {
                name: "PLAINTEXT".into(),
                host: "127.0.0.1".into(),
                port: 9092,
                security_protocol: 0,
            }],
            rack: rack.map(String::from),
            num_shards: shards,
            incarnation_id: [node as u8; 16],
            broker_epoch: 100 + i64::from(node),
            previous_broker_epoch: -1,
            fenced: false,
        }],
    );
}

fn cluster(racks: &[Option<&str>]) -> Image {
    let mut image = Image::default();
    for (i, rack) in racks.iter().enumerate() {
        register(&mut image, i as i32 + 1, *rack, 2);
    }
    image
}

fn ctx() -> ReplicationContext {
    ReplicationContext {
        min_insync_replicas: 1,
        ..Default::default()
    }
}

fn with_elr(image: &mut Image, on: bool) {
    apply(
        image,
        &[MetadataRecord::FeatureLevel {
            name: ELIGIBLE_LEADER_REPLICAS_VERSION.into(),
            level: if on { 1 } else { 0 },
        }],
    );
}

fn topic(image: &mut Image, name: &str, partitions: i32, rf: i16) {
    let records = create_topic(image, name, partitions, rf, BTreeMap::new(), NodeId(1), 2).unwrap();
    apply(image, &records);
}

/// A topic whose partition 0 has exactly these replicas (all in the ISR, the first leads).
fn assigned(image: &mut Image, name: &str, replicas: &[i32], configs: &[(&str, &str)]) {
    let configs = configs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let a = vec![replicas.iter().map(|n| NodeId(*n)).collect()];
    let records =
        create_topic_assigned(image, name, -1, -1, configs, &a, &ctx(), NodeId(1), 2).unwrap();
    apply(image, &records);
}

fn p<'a>(image: &'a Image, name: &str) -> &'a PartitionImage {
    image.partition(name, 0).unwrap()
}

fn ids(v: &[NodeId]) -> Vec<i32> {
    v.iter().map(|n| n.0).collect()
}

fn epoch(image: &Image, node: i32) -> i64 {
    image.broker(NodeId(node)).unwrap().epoch
}

#[test]
fn replicas_spread_over_brokers_and_racks_with_leaders_even() {
    let mut image = cluster(&[
        Some("a"),
        Some("a"),
        Some("b"),
        Some("b"),
        Some("c"),
        Some("c"),
    ]);
    topic(&mut image, "t", 12, 3);
    let t = image.topic("t").unwrap();
    let mut leaders = BTreeMap::new();
    let mut replicas = BTreeMap::new();
    for part in t.partitions.values() {
        assert_eq!(part.replicas.len(), 3);
        assert_eq!(part.isr, part.replicas);
        assert_eq!(part.leader, part.replicas[0]);
        assert_eq!(part.shards.len(), 3);
        assert_eq!(part.shard, part.shards[0]);
        let racks: BTreeSet<_> = part
            .replicas
            .iter()
            .map(|n| image.broker(*n).unwrap().rack.clone())
            .collect();
        assert_eq!(racks.len(), 3, "one replica per rack: {:?}", part.replicas);
        *leaders.entry(part.leader).or_insert(0) += 1;
        for n in &part.replicas {
            *replicas.entry(*n).or_insert(0) += 1;
        }
    }
    assert_eq!(leaders.values().copied().collect::<Vec<_>>(), [2; 6]);
    assert_eq!(replicas.values().copied().collect::<Vec<_>>(), [6; 6]);
    // Each node's replicas spread over its two shards.
    for node in 1..=6 {
        let mut per_shard = [0; 2];
        for part in t.partitions.values() {
            if let Some(s) = part.shard_on(NodeId(node)) {
                per_shard[s.0 as usize] += 1;
            }
        }
        assert_eq!(per_shard, [3, 3], "node {node}");
    }
    // Deterministic: the same image places the same way.
    let a = place_replicas(&image, 4, 3, NodeId(1), 2).unwrap();
    assert_eq!(a, place_replicas(&image, 4, 3, NodeId(1), 2).unwrap());
}

#[test]
fn replication_factor_is_bounded_by_the_unfenced_brokers() {
    let mut image = cluster(&[None, None, None]);
    let r = fence_broker(&image, &ctx(), NodeId(3));
    apply(&mut image, &r);
    let e = create_topic(&image, "t", 1, 3, BTreeMap::new(), NodeId(1), 2).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidReplicationFactor);
    assert_eq!(
        e.message,
        "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot \
         be reached because only 2 broker(s) are registered."
    );
    topic(&mut image, "t", 2, 2);
    assert!(image
        .topic("t")
        .unwrap()
        .partitions
        .values()
        .all(|p| !p.replicas.contains(&NodeId(3))));
    // A single node with no registration yet: one replica on it.
    let single = create_topic(&Image::default(), "s", 2, -1, BTreeMap::new(), NodeId(0), 2);
    assert_eq!(single.unwrap().len(), 3);
}

#[test]
fn manual_assignments_are_validated_as_kafka_does() {
    let mut image = cluster(&[None, None, None]);
    let a = |v: &[&[i32]]| -> Vec<Vec<NodeId>> {
        v.iter()
            .map(|r| r.iter().map(|n| NodeId(*n)).collect())
            .collect()
    };
    let create = |image: &Image, v: Vec<Vec<NodeId>>| {
        create_topic_assigned(
            image,
            "m",
            -1,
            -1,
            BTreeMap::new(),
            &v,
            &ctx(),
            NodeId(1),
            2,
        )
    };
    for (bad, message) in [
        (a(&[&[1, 1]]), "includes the broker 1 more than once"),
        (
            a(&[&[1, 9]]),
            "includes broker 9, but no broker with that ID was found",
        ),
        (a(&[&[1, 2], &[3]]), "a partition with 1 replica(s)"),
        (a(&[&[]]), "an empty replica list"),
    ] {
        let e = create(&image, bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidReplicaAssignment);
        assert!(e.message.contains(message), "{}", e.message);
    }
    // A fenced broker may be assigned; it is not in the ISR and does not lead.
    let r = fence_broker(&image, &ctx(), NodeId(2));
    apply(&mut image, &r);
    let records = create(&image, a(&[&[2, 3], &[3, 1]])).unwrap();
    apply(&mut image, &records);
    let m0 = image.partition("m", 0).unwrap();
    assert_eq!((m0.leader, ids(&m0.isr)), (NodeId(3), vec![3]));
    assert_eq!(ids(&image.partition("m", 1).unwrap().replicas), [3, 1]);
    let e = create_topic_assigned(
        &image,
        "n",
        -1,
        -1,
        BTreeMap::new(),
        &a(&[&[2]]),
        &ctx(),
        NodeId(1),
        2,
    )
    .unwrap_err();
    assert!(
        e.message.contains("fenced or in controlled shutdown"),
        "{}",
        e.message
    );
    // CreatePartitions: one list per new partition, with the topic's replica count.
    let more =
        |v: Vec<Vec<NodeId>>| create_partitions_assigned(&image, "m", 3, &v, &ctx(), NodeId(1), 2);
    assert_eq!(
        more(a(&[&[1, 3], &[3, 1]])).unwrap_err().message,
        "Attempted to add 1 additional partition(s), but only 2 assignment(s) were specified."
    );
    assert_eq!(
        more(a(&[&[1]])).unwrap_err().code,
        ErrorCode::InvalidReplicaAssignment
    );
    let records = more(a(&[&[1, 3]])).unwrap();
    apply(&mut image, &records);
    assert_eq!(ids(&image.partition("m", 2).unwrap().replicas), [1, 3]);
}

fn item(p: &PartitionImage, isr: &[(i32, i64)]) -> AlterPartitionItem {
    AlterPartitionItem {
        partition: 0,
        leader_epoch: p.leader_epoch.0,
        partition_epoch: p.partition_epoch,
        new_isr: isr.iter().map(|(n, e)| (NodeId(*n), *e)).collect(),
        leader_recovery_state: RECOVERED,
    }
}

fn alter(
    image: &Image,
    broker: i32,
    name: &str,
    item: AlterPartitionItem,
) -> Result<(Vec<MetadataRecord>, Result<PartitionState, ErrorCode>), ControllerError> {
    let id = image.topic(name).map_or(TopicId([9; 16]), |t| t.id);
    let (records, mut results) = alter_partition(
        image,
        &ctx(),
        NodeId(broker),
        epoch(image, broker),
        &[(id, vec![item])],
    )?;
    Ok((records, results.remove(0).1.remove(0).1))
}

#[test]
fn alter_partition_refuses_with_kafkas_codes() {
    let mut image = cluster(&[None, None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[]);
    let part = p(&image, "t").clone();
    let code = |r: Result<(Vec<MetadataRecord>, Result<PartitionState, ErrorCode>), _>| {
        r.unwrap().1.unwrap_err()
    };
    // A stale broker epoch refuses the whole request.
    let stale = alter_partition(&image, &ctx(), NodeId(1), 5, &[]).unwrap_err();
    assert_eq!(stale.code, ErrorCode::StaleBrokerEpoch);
    let mut unknown = item(&part, &[(1, -1)]);
    assert_eq!(
        code(alter(&image, 1, "nope", unknown.clone())),
        ErrorCode::UnknownTopicId
    );
    unknown.partition = 7;
    assert_eq!(
        code(alter(&image, 1, "t", unknown)),
        ErrorCode::UnknownTopicOrPartition
    );
    assert_eq!(
        code(alter(&image, 2, "t", item(&part, &[(2, -1)]))),
        ErrorCode::NotLeaderOrFollower
    );
    let mut fenced = item(&part, &[(1, -1)]);
    fenced.leader_epoch += 1;
    assert_eq!(
        code(alter(&image, 1, "t", fenced)),
        ErrorCode::FencedLeaderEpoch
    );
    let mut version = item(&part, &[(1, -1)]);
    version.partition_epoch += 1;
    assert_eq!(
        code(alter(&image, 1, "t", version)),
        ErrorCode::InvalidUpdateVersion
    );
    for bad in [&[][..], &[(2, -1)], &[(1, -1), (1, -1)]] {
        assert_eq!(
            code(alter(&image, 1, "t", item(&part, bad))),
            ErrorCode::InvalidRequest
        );
    }
    let mut recovering = item(&part, &[(1, -1), (2, -1)]);
    recovering.leader_recovery_state = RECOVERING;
    assert_eq!(
        code(alter(&image, 1, "t", recovering)),
        ErrorCode::InvalidRequest
    );
    // Shrink to the leader, then check who may join again (KIP-903).
    let (records, state) = alter(&image, 1, "t", item(&part, &[(1, -1)])).unwrap();
    apply(&mut image, &records);
    let shrunk = p(&image, "t").clone();
    assert_eq!(state.unwrap().isr, vec![NodeId(1)]);
    assert_eq!(
        (shrunk.partition_epoch, shrunk.leader_epoch),
        (part.partition_epoch + 1, part.leader_epoch)
    );
    // Not a replica; a stale broker epoch; fenced; shutting down.
    assert_eq!(
        code(alter(&image, 1, "t", item(&shrunk, &[(1, -1), (4, -1)]))),
        ErrorCode::IneligibleReplica
    );
    assert_eq!(
        code(alter(&image, 1, "t", item(&shrunk, &[(1, -1), (2, 3)]))),
        ErrorCode::IneligibleReplica
    );
    let mut fenced = image.clone();
    apply(
        &mut fenced,
        &[MetadataRecord::BrokerRegistrationChange {
            node_id: NodeId(2),
            broker_epoch: epoch(&image, 2),
            fenced: Some(true),
            in_controlled_shutdown: None,
        }],
    );
    assert_eq!(
        code(alter(&fenced, 1, "t", item(&shrunk, &[(1, -1), (2, -1)]))),
        ErrorCode::IneligibleReplica
    );
    let mut shutting = ctx();
    shutting.shutting_down.insert(NodeId(2));
    let (_, mut r) = alter_partition(
        &image,
        &shutting,
        NodeId(1),
        epoch(&image, 1),
        &[(
            image.topic("t").unwrap().id,
            vec![item(&shrunk, &[(1, -1), (2, -1)])],
        )],
    )
    .unwrap();
    assert_eq!(r.remove(0).1.remove(0).1, Err(ErrorCode::IneligibleReplica));
}

#[test]
fn alter_partition_accepts_and_an_unchanged_isr_commits_nothing() {
    let mut image = cluster(&[None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[]);
    let part = p(&image, "t").clone();
    let (records, state) =
        alter(&image, 1, "t", item(&part, &[(1, -1), (2, 102), (3, -1)])).unwrap();
    assert!(records.is_empty());
    assert_eq!(state.unwrap().partition_epoch, part.partition_epoch);
    let (records, _) = alter(&image, 1, "t", item(&part, &[(1, -1), (3, -1)])).unwrap();
    apply(&mut image, &records);
    let shrunk = p(&image, "t").clone();
    let (records, state) =
        alter(&image, 1, "t", item(&shrunk, &[(1, -1), (3, -1), (2, 102)])).unwrap();
    assert_eq!(records.len(), 1);
    apply(&mut image, &records);
    let grown = state.unwrap();
    assert_eq!(ids(&grown.isr), [1, 3, 2]);
    assert_eq!(grown.partition_epoch, part.partition_epoch + 2);
    assert_eq!(grown.leader_epoch, part.leader_epoch.0);
    assert_eq!(p(&image, "t").partition_epoch, grown.partition_epoch);
}

#[test]
fn alter_partition_below_min_isr_moves_members_to_the_elr() {
    let mut image = cluster(&[None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[("min.insync.replicas", "2")]);
    let part = p(&image, "t").clone();
    let (records, _) = alter(&image, 1, "t", item(&part, &[(1, -1)])).unwrap();
    apply(&mut image, &records);
    let after = p(&image, "t");
    assert_eq!((ids(&after.isr), ids(&after.elr)), (vec![1], vec![2, 3]));
    // Back at min ISR: the ELR empties.
    let after = after.clone();
    let (records, _) = alter(&image, 1, "t", item(&after, &[(1, -1), (3, -1)])).unwrap();
    apply(&mut image, &records);
    assert!(p(&image, "t").elr.is_empty());
    // Without the feature there is no ELR.
    let mut off = cluster(&[None, None, None]);
    with_elr(&mut off, false);
    assigned(&mut off, "t", &[1, 2, 3], &[("min.insync.replicas", "2")]);
    let part = p(&off, "t").clone();
    let (records, _) = alter(&off, 1, "t", item(&part, &[(1, -1)])).unwrap();
    apply(&mut off, &records);
    assert!(p(&off, "t").elr.is_empty());
}

#[test]
fn fencing_the_leader_elects_the_next_isr_member_and_unfencing_rejoins() {
    let mut image = cluster(&[None, None, None]);
    with_elr(&mut image, false);
    assigned(&mut image, "t", &[1, 2, 3], &[]);
    let before = p(&image, "t").clone();
    let r = fence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    let after = p(&image, "t").clone();
    assert!(image.broker(NodeId(1)).unwrap().fenced);
    assert_eq!((after.leader, ids(&after.isr)), (NodeId(2), vec![2, 3]));
    assert_eq!(after.leader_epoch.0, before.leader_epoch.0 + 1);
    assert_eq!(after.partition_epoch, before.partition_epoch + 1);
    // A follower's fencing only shrinks the ISR: same leader epoch.
    let r = fence_broker(&image, &ctx(), NodeId(3));
    apply(&mut image, &r);
    let after3 = p(&image, "t").clone();
    assert_eq!((after3.leader, ids(&after3.isr)), (NodeId(2), vec![2]));
    assert_eq!(after3.leader_epoch, after.leader_epoch);
    // The last ISR member stays in the ISR (without ELR) and the partition has no leader.
    let r = fence_broker(&image, &ctx(), NodeId(2));
    apply(&mut image, &r);
    let none = p(&image, "t").clone();
    assert_eq!((none.leader, ids(&none.isr)), (NO_LEADER, vec![2]));
    // Broker 1 comes back: not in the ISR, so no leader yet.
    let r = unfence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    assert_eq!(p(&image, "t").leader, NO_LEADER);
    // Broker 2 comes back: it is the ISR, it leads again.
    let r = unfence_broker(&image, &ctx(), NodeId(2));
    apply(&mut image, &r);
    let back = p(&image, "t");
    assert_eq!(
        (back.leader, back.leader_epoch.0),
        (NodeId(2), none.leader_epoch.0 + 1)
    );
}

/// Broker `node` registers again: a new incarnation at a new broker epoch, fenced or not.
fn reregister(image: &mut Image, node: i32, fenced: bool) {
    let epoch = i64::try_from(image.applied_index()).unwrap() + 1000;
    apply(
        image,
        &[MetadataRecord::RegisterBroker {
            node_id: NodeId(node),
            listeners: Vec::new(),
            rack: None,
            num_shards: 2,
            incarnation_id: [node as u8 + 100; 16],
            broker_epoch: epoch,
            fenced,
            previous_broker_epoch: -1,
        }],
    );
}

/// Replica simulation seed 44: a leader lost its unflushed tail to a power loss, restarted
/// before its session expired and registered unfenced (it had caught up with the metadata
/// log); `unfence_broker` alone left it leading at the same leader epoch, so it wrote new
/// records at offsets its followers held other records of that epoch at, and the logs
/// differed below the high watermark for good. `registered` moves it out first.
#[test]
fn seed_44_a_restarted_leader_registered_unfenced_leads_at_a_new_leader_epoch() {
    for elr in [false, true] {
        let mut image = cluster(&[None, None, None]);
        with_elr(&mut image, elr);
        assigned(&mut image, "t", &[1, 2, 3], &[("min.insync.replicas", "2")]);
        let before = p(&image, "t").clone();
        // What the runtime did: the leader keeps its leader epoch.
        let mut unfixed = image.clone();
        reregister(&mut unfixed, 1, false);
        let r = unfence_broker(&unfixed, &ctx(), NodeId(1));
        apply(&mut unfixed, &r);
        assert_eq!(p(&unfixed, "t").leader_epoch, before.leader_epoch);
        // Unfenced: leadership moves to the next ISR member, the new incarnation rejoins
        // through AlterPartition.
        let mut unfenced = image.clone();
        reregister(&mut unfenced, 1, false);
        let r = registered(&unfenced, &ctx(), NodeId(1), Restart::Clean);
        apply(&mut unfenced, &r);
        let a = p(&unfenced, "t");
        assert_eq!((a.leader, ids(&a.isr)), (NodeId(2), vec![2, 3]));
        assert_eq!(a.leader_epoch.0, before.leader_epoch.0 + 1);
        assert!(!unfenced.broker(NodeId(1)).unwrap().fenced);
        // Fenced: the same as `fence_broker`.
        let mut fenced = image.clone();
        reregister(&mut fenced, 1, true);
        let r = registered(&fenced, &ctx(), NodeId(1), Restart::Clean);
        let mut expected = fenced.clone();
        let f = fence_broker(&expected, &ctx(), NodeId(1));
        apply(&mut expected, &f);
        apply(&mut fenced, &r);
        assert_eq!(p(&fenced, "t"), p(&expected, "t"));
        // The only ISR member (the others fenced) restarts unfenced: it leads again, at a new
        // leader epoch.
        let mut alone = image.clone();
        for n in [2, 3] {
            let r = fence_broker(&alone, &ctx(), NodeId(n));
            apply(&mut alone, &r);
        }
        let led = p(&alone, "t").clone();
        assert_eq!(led.leader, NodeId(1));
        reregister(&mut alone, 1, false);
        let r = registered(&alone, &ctx(), NodeId(1), Restart::Clean);
        apply(&mut alone, &r);
        let b = p(&alone, "t");
        assert_eq!(b.leader, NodeId(1), "elr {elr}");
        assert!(b.leader_epoch.0 > led.leader_epoch.0, "elr {elr}");
    }
}

#[test]
fn unregistering_a_leader_elects_another_and_removes_the_broker() {
    let mut image = cluster(&[None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[]);
    let r = unregister_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    assert!(image.broker(NodeId(1)).is_none());
    let t = p(&image, "t");
    assert_eq!((t.leader, ids(&t.isr)), (NodeId(2), vec![2, 3]));
}

#[test]
fn with_elr_the_last_isr_member_becomes_eligible_and_is_elected_back() {
    let mut image = cluster(&[None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[("min.insync.replicas", "2")]);
    let r = fence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    let a = p(&image, "t").clone();
    assert_eq!(
        (a.leader, ids(&a.isr), ids(&a.elr)),
        (NodeId(2), vec![2, 3], vec![])
    );
    let r = fence_broker(&image, &ctx(), NodeId(2));
    apply(&mut image, &r);
    let b = p(&image, "t").clone();
    assert_eq!(
        (b.leader, ids(&b.isr), ids(&b.elr)),
        (NodeId(3), vec![3], vec![2])
    );
    let r = fence_broker(&image, &ctx(), NodeId(3));
    apply(&mut image, &r);
    let c = p(&image, "t").clone();
    assert_eq!(
        (c.leader, ids(&c.isr), ids(&c.elr)),
        (NO_LEADER, vec![], vec![2, 3])
    );
    // An ELR member comes back: it leads, alone in the ISR.
    let r = unfence_broker(&image, &ctx(), NodeId(3));
    apply(&mut image, &r);
    let d = p(&image, "t").clone();
    assert_eq!(
        (d.leader, ids(&d.isr), ids(&d.elr)),
        (NodeId(3), vec![3], vec![2])
    );
    assert_eq!(d.leader_recovery_state, RECOVERED);
}

#[test]
fn unclean_election_picks_any_live_replica_when_allowed() {
    let mut image = cluster(&[None, None]);
    with_elr(&mut image, false);
    assigned(&mut image, "t", &[1, 2], &[]);
    let part = p(&image, "t").clone();
    let (records, _) = alter(&image, 1, "t", item(&part, &[(1, -1)])).unwrap();
    apply(&mut image, &records);
    let r = fence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    assert_eq!(p(&image, "t").leader, NO_LEADER);
    // Not allowed: broker 2 is out of sync, nothing happens.
    let t = [("t".to_string(), vec![0])];
    let (records, results) = elect_leaders(&image, &ctx(), ElectionType::Preferred, Some(&t));
    assert!(records.is_empty());
    assert_eq!(
        results[0].2.as_ref().unwrap().0,
        ErrorCode::PreferredLeaderNotAvailable
    );
    // ElectLeaders UNCLEAN: broker 2 leads, recovering, alone in the ISR.
    let (records, results) = elect_leaders(&image, &ctx(), ElectionType::Unclean, Some(&t));
    assert_eq!(results, [("t".to_string(), 0, None)]);
    apply(&mut image, &records);
    let u = p(&image, "t");
    assert_eq!(
        (u.leader, ids(&u.isr), u.leader_recovery_state),
        (NodeId(2), vec![2], RECOVERING)
    );
    // The topic override allows it on unfencing too.
    let mut image2 = cluster(&[None, None]);
    with_elr(&mut image2, false);
    assigned(
        &mut image2,
        "u",
        &[1, 2],
        &[("unclean.leader.election.enable", "true")],
    );
    let part = p(&image2, "u").clone();
    let (records, _) = alter(&image2, 1, "u", item(&part, &[(1, -1)])).unwrap();
    apply(&mut image2, &records);
    let r = fence_broker(&image2, &ctx(), NodeId(1));
    apply(&mut image2, &r);
    let r = fence_broker(&image2, &ctx(), NodeId(2));
    apply(&mut image2, &r);
    let r = unfence_broker(&image2, &ctx(), NodeId(2));
    apply(&mut image2, &r);
    assert_eq!(p(&image2, "u").leader, NodeId(2));
    assert_eq!(p(&image2, "u").leader_recovery_state, RECOVERING);
}

#[test]
fn a_cluster_default_enabling_unclean_election_elects_where_no_topic_refuses() {
    let mut image = cluster(&[None, None]);
    with_elr(&mut image, false);
    assigned(&mut image, "t", &[1, 2], &[]);
    assigned(
        &mut image,
        "never",
        &[1, 2],
        &[("unclean.leader.election.enable", "false")],
    );
    for name in ["t", "never"] {
        let part = p(&image, name).clone();
        let (records, _) = alter(&image, 1, name, item(&part, &[(1, -1)])).unwrap();
        apply(&mut image, &records);
    }
    let r = fence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    assert!(unclean_where_enabled(&image, &ctx()).is_empty());
    apply(
        &mut image,
        &[MetadataRecord::Config {
            resource: crate::record::ConfigResource::Broker(None),
            name: "unclean.leader.election.enable".into(),
            value: Some("true".into()),
        }],
    );
    let records = unclean_where_enabled(&image, &ctx());
    apply(&mut image, &records);
    assert_eq!(p(&image, "t").leader, NodeId(2));
    assert_eq!(p(&image, "never").leader, NO_LEADER);
}

#[test]
fn controlled_shutdown_moves_leadership_and_then_may_shut_down() {
    let mut image = cluster(&[None, None, None]);
    with_elr(&mut image, false);
    assigned(&mut image, "t", &[1, 2, 3], &[]);
    assigned(&mut image, "solo", &[1], &[]);
    let c = ctx();
    assert!(!may_shut_down(&image, NodeId(1)));
    let r = controlled_shutdown(&image, &c, NodeId(1));
    apply(&mut image, &r);
    assert!(image.broker(NodeId(1)).unwrap().in_controlled_shutdown);
    // Asking again changes nothing more.
    assert!(controlled_shutdown(&image, &c, NodeId(1)).is_empty());
    let t = p(&image, "t");
    assert_eq!((t.leader, ids(&t.isr)), (NodeId(2), vec![2, 3]));
    // No other candidate: no leader, the last ISR member kept.
    let solo = p(&image, "solo");
    assert_eq!((solo.leader, ids(&solo.isr)), (NO_LEADER, vec![1]));
    assert!(may_shut_down(&image, NodeId(1)));
    // No election picks a broker in controlled shutdown; a new registration ends it.
    let r = fence_broker(&image, &c, NodeId(2));
    apply(&mut image, &r);
    assert_eq!(p(&image, "t").leader, NodeId(3));
    let r = unfence_broker(&image, &c, NodeId(1));
    apply(&mut image, &r);
    assert_eq!(p(&image, "solo").leader, NO_LEADER);
    register(&mut image, 1, None, 2);
    assert!(!image.broker(NodeId(1)).unwrap().in_controlled_shutdown);
}

#[test]
fn preferred_election_and_rebalance_give_leadership_back() {
    let mut image = cluster(&[None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[]);
    topic(&mut image, "x", 3, 3);
    let pre = image.clone();
    let r = fence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    let r = unfence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    let t = [("t".to_string(), vec![0, 5])];
    let (_, results) = elect_leaders(&image, &ctx(), ElectionType::Preferred, Some(&t));
    assert_eq!(
        results[0].2.as_ref().unwrap().0,
        ErrorCode::PreferredLeaderNotAvailable
    );
    assert_eq!(
        results[1].2.as_ref().unwrap().0,
        ErrorCode::UnknownTopicOrPartition
    );
    // Broker 1 rejoins the ISR (its leader's AlterPartition), then preferred election.
    let part = p(&image, "t").clone();
    let (records, _) = alter(&image, 2, "t", item(&part, &[(2, -1), (3, -1), (1, -1)])).unwrap();
    apply(&mut image, &records);
    let (records, results) = elect_leaders(&image, &ctx(), ElectionType::Preferred, Some(&t));
    assert_eq!(results[0], ("t".to_string(), 0, None));
    apply(&mut image, &records);
    assert_eq!(p(&image, "t").leader, NodeId(1));
    let (records, results) = elect_leaders(&image, &ctx(), ElectionType::Preferred, Some(&t));
    assert!(records.is_empty());
    assert_eq!(
        results[0].2.as_ref().unwrap().0,
        ErrorCode::ElectionNotNeeded
    );
    // All partitions: those needing no election are left out.
    let (records, results) = elect_leaders(&pre, &ctx(), ElectionType::Preferred, None);
    assert!(records.is_empty() && results.is_empty());
    // The rebalance does the same for imbalanced brokers.
    let mut image = pre.clone();
    let r = fence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    let r = unfence_broker(&image, &ctx(), NodeId(1));
    apply(&mut image, &r);
    let mut rejoin = Vec::new();
    for t in image.topics() {
        for part in t.partitions.values() {
            if !part.isr.contains(&NodeId(1)) {
                let mut isr: Vec<(i32, i64)> = part.isr.iter().map(|n| (n.0, -1)).collect();
                isr.push((1, -1));
                let mut it = item(part, &isr);
                it.partition = part.partition;
                let (r, _) = alter_partition(
                    &image,
                    &ctx(),
                    part.leader,
                    epoch(&image, part.leader.0),
                    &[(t.id, vec![it])],
                )
                .unwrap();
                rejoin.extend(r);
            }
        }
    }
    apply(&mut image, &rejoin);
    let records = rebalance_leaders(&image, &ctx(), 10);
    assert!(!records.is_empty());
    apply(&mut image, &records);
    for part in image.topics().flat_map(|t| t.partitions.values()) {
        assert_eq!(part.leader, part.replicas[0]);
    }
    assert!(rebalance_leaders(&image, &ctx(), 10).is_empty());
}

#[test]
fn old_partition_records_load_with_the_first_replicas_shard() {
    let mut image = Image::default();
    let id = TopicId([1; 16]);
    apply(
        &mut image,
        &[
            MetadataRecord::Topic {
                name: "old".into(),
                id,
            },
            MetadataRecord::Partition {
                topic_id: id,
                partition: 0,
                leader: NodeId(1),
                leader_epoch: LeaderEpoch(3),
                replicas: vec![NodeId(1)],
                isr: vec![NodeId(1)],
                shard: ShardId(2),
                partition_epoch: 0,
                shards: vec![],
                elr: vec![],
                last_known_elr: vec![],
                leader_recovery_state: 0,
                adding_replicas: vec![],
                removing_replicas: vec![],
            },
            // A change written before partition epochs existed bumps the epoch by one.
            MetadataRecord::PartitionChange {
                topic_id: id,
                partition: 0,
                leader: None,
                leader_epoch: LeaderEpoch(4),
                isr: None,
                partition_epoch: None,
                elr: None,
                last_known_elr: None,
                leader_recovery_state: None,
                replicas: None,
                shards: None,
                adding_replicas: None,
                removing_replicas: None,
            },
        ],
    );
    let part = p(&image, "old");
    assert_eq!(part.shard_on(NodeId(1)), Some(ShardId(2)));
    assert_eq!(part.shard_on(NodeId(2)), None);
    assert_eq!(
        (part.partition_epoch, part.leader_epoch),
        (1, LeaderEpoch(4))
    );
}

#[test]
fn an_eligible_replica_that_shut_down_cleanly_is_elected_when_it_registers_again() {
    let mut image = cluster(&[None, None, None, None]);
    assigned(&mut image, "t", &[1, 2, 3], &[("min.insync.replicas", "2")]);
    // Controlled shutdowns one by one, each followed by the session's fencing.
    for node in [3, 2, 1] {
        let r = controlled_shutdown(&image, &ctx(), NodeId(node));
        apply(&mut image, &r);
        let r = fence_broker(&image, &ctx(), NodeId(node));
        apply(&mut image, &r);
    }
    let a = p(&image, "t").clone();
    assert_eq!(
        (a.leader, ids(&a.isr), ids(&a.elr)),
        (NO_LEADER, vec![], vec![1, 2])
    );
    // Node 3 (neither ISR nor ELR) registers again: no leader.
    for (node, leads) in [(3, NO_LEADER), (2, NodeId(2))] {
        reregister(&mut image, node, true);
        let r = registered(&image, &ctx(), NodeId(node), Restart::Clean);
        apply(&mut image, &r);
        let r = unfence_broker(&image, &ctx(), NodeId(node));
        apply(&mut image, &r);
        let b = p(&image, "t").clone();
        assert_eq!(b.leader, leads, "node {node}: {b:?}");
    }
}

/// Replicas 1, 2, 3 with min.insync.replicas=2 (and `configs`), fenced one by one: 3 leaves
/// an ISR at its minimum, 2 becomes eligible, then 1 too; no leader, ELR 1, 2.
fn leaderless_with_elr(configs: &[(&str, &str)]) -> Image {
    let mut image = cluster(&[None, None, None]);
    let mut all = vec![("min.insync.replicas", "2")];
    all.extend_from_slice(configs);
    assigned(&mut image, "t", &[1, 2, 3], &all);
    for node in [3, 2, 1] {
        let r = fence_broker(&image, &ctx(), NodeId(node));
        apply(&mut image, &r);
    }
    let a = p(&image, "t");
    assert_eq!(
        (a.leader, ids(&a.isr), ids(&a.elr), ids(&a.last_known_elr)),
        (NO_LEADER, vec![], vec![1, 2], vec![])
    );
    image
}

/// Broker `node` registers a new incarnation, as `runtime::controller` commits it: the restart
/// judged from the previous epoch against the registration it replaces, then `registered`.
fn restart(image: &mut Image, node: i32, ctx: &ReplicationContext, previous_epoch: i64) {
    let restart = Restart::of(image.broker(NodeId(node)), previous_epoch);
    reregister(image, node, false);
    let r = registered(image, ctx, NodeId(node), restart);
    apply(image, &r);
}

#[test]
fn the_restart_is_clean_only_when_the_marker_names_the_replaced_registration() {
    let image = cluster(&[None, None]);
    let b = image.broker(NodeId(1));
    let e = epoch(&image, 1);
    assert_eq!(Restart::of(b, e), Restart::Clean);
    assert_eq!(Restart::of(b, -1), Restart::Unclean, "no marker");
    assert_eq!(Restart::of(b, e - 1), Restart::Unclean, "an older marker");
    assert_eq!(
        Restart::of(None, e),
        Restart::Unclean,
        "nothing to compare with"
    );
}

/// KIP-966 with relaxed durability (`flush.messages` above 1, or the broker default): an
/// eligible replica that restarts uncleanly leaves the ELR for the last known ELR and is not
/// elected; one that restarts cleanly stays eligible and is elected, as Kafka's
/// `handleBrokerShutdown` decides.
#[test]
fn an_unclean_restart_with_relaxed_durability_leaves_the_elr_for_the_last_known_elr() {
    let relaxed = [("flush.messages", "10000")];
    let mut image = leaderless_with_elr(&relaxed);
    restart(&mut image, 2, &ctx(), -1);
    let a = p(&image, "t").clone();
    assert_eq!(
        (a.leader, ids(&a.isr), ids(&a.elr), ids(&a.last_known_elr)),
        (NO_LEADER, vec![], vec![1], vec![2]),
        "unclean: out of the ELR, not elected"
    );
    // The other eligible replica restarts cleanly: it stays eligible and is elected.
    let e = epoch(&image, 1);
    restart(&mut image, 1, &ctx(), e);
    let b = p(&image, "t").clone();
    assert_eq!(
        (b.leader, ids(&b.isr), ids(&b.elr), ids(&b.last_known_elr)),
        (NodeId(1), vec![1], vec![], vec![2])
    );
    assert_eq!(b.leader_recovery_state, RECOVERED);
    // Back at min.insync.replicas, neither is kept.
    let (records, _) = alter(&image, 1, "t", item(&b, &[(1, -1), (2, -1)])).unwrap();
    apply(&mut image, &records);
    let c = p(&image, "t");
    assert_eq!(
        (ids(&c.isr), ids(&c.elr), ids(&c.last_known_elr)),
        (vec![1, 2], vec![], vec![])
    );

    // The broker default relaxes every topic without an override.
    let mut image = leaderless_with_elr(&[]);
    let relaxed_default = ReplicationContext {
        log_flush_interval_messages: 10_000,
        ..ctx()
    };
    restart(&mut image, 2, &relaxed_default, -1);
    let d = p(&image, "t");
    assert_eq!(
        (d.leader, ids(&d.elr), ids(&d.last_known_elr)),
        (NO_LEADER, vec![1], vec![2])
    );
    // A topic override of 1 is Sluice's durability again: still eligible, and elected.
    let mut image = leaderless_with_elr(&[("flush.messages", "1")]);
    restart(&mut image, 2, &relaxed_default, -1);
    let e = p(&image, "t");
    assert_eq!(
        (e.leader, ids(&e.elr), ids(&e.last_known_elr)),
        (NodeId(2), vec![1], vec![])
    );
}

/// With Sluice's default durability a replica fsyncs what it appended before it reports it:
/// an eligible replica holds every committed record even after a kill -9 or a power loss, so
/// an unclean restart keeps it eligible, and it is elected.
#[test]
fn an_unclean_restart_with_sluices_durability_stays_eligible() {
    let mut image = leaderless_with_elr(&[]);
    restart(&mut image, 2, &ctx(), -1);
    let a = p(&image, "t");
    assert_eq!(
        (a.leader, ids(&a.isr), ids(&a.elr), ids(&a.last_known_elr)),
        (NodeId(2), vec![2], vec![1], vec![])
    );
}

/// An unclean restart out of the ISR (relaxed): the ISR member leaves the ISR and is not
/// eligible, so a partition whose ISR was that broker alone is left with no leader.
#[test]
fn an_unclean_restart_of_the_last_isr_member_leaves_no_eligible_replica() {
    let relaxed = [("flush.messages", "10000")];
    let mut image = cluster(&[None, None, None]);
    assigned(
        &mut image,
        "t",
        &[1, 2, 3],
        &[relaxed[0], ("min.insync.replicas", "2")],
    );
    for node in [3, 2] {
        let r = fence_broker(&image, &ctx(), NodeId(node));
        apply(&mut image, &r);
    }
    let a = p(&image, "t").clone();
    assert_eq!(
        (a.leader, ids(&a.isr), ids(&a.elr)),
        (NodeId(1), vec![1], vec![2])
    );
    // Node 1 is killed and comes back before its session expired: still the ISR.
    restart(&mut image, 1, &ctx(), -1);
    let b = p(&image, "t");
    assert_eq!(
        (b.leader, ids(&b.isr), ids(&b.elr), ids(&b.last_known_elr)),
        (NO_LEADER, vec![], vec![2], vec![1])
    );
    assert!(b.leader_epoch > a.leader_epoch);
}

/// Kafka clears the ELR and the last known ELR after an unclean election: the new leader's log
/// is the partition's now.
#[test]
fn an_unclean_election_clears_the_elr_and_the_last_known_elr() {
    let mut image = leaderless_with_elr(&[("flush.messages", "10000")]);
    restart(&mut image, 2, &ctx(), -1);
    restart(&mut image, 1, &ctx(), -1);
    let a = p(&image, "t").clone();
    assert_eq!(
        (a.leader, ids(&a.elr), ids(&a.last_known_elr)),
        (NO_LEADER, vec![], vec![1, 2])
    );
    let t = [("t".to_string(), vec![0])];
    let (records, results) = elect_leaders(&image, &ctx(), ElectionType::Unclean, Some(&t));
    assert_eq!(results, [("t".to_string(), 0, None)]);
    apply(&mut image, &records);
    let b = p(&image, "t");
    assert_eq!(
        (b.leader, ids(&b.isr), ids(&b.elr), ids(&b.last_known_elr)),
        (NodeId(1), vec![1], vec![], vec![])
    );
    assert_eq!(b.leader_recovery_state, RECOVERING);
}

/// A config record of `min.insync.replicas` for `resource`, set to `value`.
fn min_isr_config(resource: crate::record::ConfigResource, value: Option<&str>) -> MetadataRecord {
    MetadataRecord::Config {
        resource,
        name: "min.insync.replicas".into(),
        value: value.map(String::from),
    }
}

/// Kafka's ClearElrRecord: changing `min.insync.replicas` (the topic's, or the cluster's or a
/// broker's for every topic) clears the ELR and the last known ELR kept under the old one.
#[test]
fn changing_min_insync_replicas_clears_the_elr_and_the_last_known_elr() {
    use crate::record::ConfigResource;
    let mut image = leaderless_with_elr(&[("flush.messages", "10000")]);
    restart(&mut image, 2, &ctx(), -1);
    assigned(&mut image, "other", &[1, 2, 3], &[]);
    let before = p(&image, "t").clone();
    assert_eq!(
        (ids(&before.elr), ids(&before.last_known_elr)),
        (vec![1], vec![2])
    );
    // Another topic's, or another config: nothing.
    let other = min_isr_config(ConfigResource::Topic("other".into()), Some("1"));
    assert!(clear_elrs(&image, &[other]).is_empty());
    let unrelated = MetadataRecord::Config {
        resource: ConfigResource::Topic("t".into()),
        name: "retention.ms".into(),
        value: Some("1".into()),
    };
    assert!(clear_elrs(&image, &[unrelated]).is_empty());
    for resource in [
        ConfigResource::Topic("t".into()),
        ConfigResource::Broker(None),
        ConfigResource::Broker(Some(NodeId(1))),
    ] {
        for value in [Some("1"), None] {
            let r = clear_elrs(&image, &[min_isr_config(resource.clone(), value)]);
            let mut after = image.clone();
            apply(&mut after, &r);
            let c = p(&after, "t");
            assert_eq!(
                (c.leader, ids(&c.isr), ids(&c.elr), ids(&c.last_known_elr)),
                (NO_LEADER, vec![], vec![], vec![]),
                "{resource:?} {value:?}"
            );
            assert_eq!(c.partition_epoch, before.partition_epoch + 1);
            assert_eq!(c.leader_epoch, before.leader_epoch);
        }
    }
    // Without the feature there is nothing to clear.
    with_elr(&mut image, false);
    let r = clear_elrs(
        &image,
        &[min_isr_config(ConfigResource::Broker(None), Some("1"))],
    );
    assert!(r.is_empty());
}

/// Kafka refuses, while KIP-966 is on, a broker's own `min.insync.replicas` and removing the
/// cluster-wide one (INVALID_CONFIG, its messages); a topic's and setting the cluster's pass.
#[test]
fn min_insync_replicas_changes_kafka_refuses_while_elr_is_on() {
    use crate::record::ConfigResource;
    let mut image = cluster(&[None, None]);
    let set = |v: Option<&str>| {
        BTreeMap::from([("min.insync.replicas".to_string(), v.map(String::from))])
    };
    let refused = |r: Result<(), ControllerError>| r.map_err(|e| (e.code, e.message));
    for value in [Some("2"), None] {
        assert_eq!(
            refused(check_min_isr_change(
                &image,
                &ConfigResource::Broker(Some(NodeId(1))),
                &set(value)
            )),
            Err((
                ErrorCode::InvalidConfig,
                "Broker-level min.insync.replicas cannot be altered while ELR is enabled.".into()
            ))
        );
        assert!(
            check_min_isr_change(&image, &ConfigResource::Topic("t".into()), &set(value)).is_ok()
        );
    }
    assert_eq!(
        refused(check_min_isr_change(
            &image,
            &ConfigResource::Broker(None),
            &set(None)
        )),
        Err((
            ErrorCode::InvalidConfig,
            "Cluster-level min.insync.replicas cannot be removed while ELR is enabled.".into()
        ))
    );
    assert!(check_min_isr_change(&image, &ConfigResource::Broker(None), &set(Some("2"))).is_ok());
    let other = BTreeMap::from([("retention.ms".to_string(), None)]);
    assert!(check_min_isr_change(&image, &ConfigResource::Broker(Some(NodeId(1))), &other).is_ok());
    with_elr(&mut image, false);
    assert!(
        check_min_isr_change(&image, &ConfigResource::Broker(Some(NodeId(1))), &set(None)).is_ok()
    );
}

//! A KIP-848 consumer group's life: three members share 12 partitions of two topics, joining one
//! by one; the single-owner invariant holds after every heartbeat; a member leaves, another
//! times out, a static member restarts and keeps its partitions, topics grow, and a coordinator
//! rebuilt from the records carries on where the first stopped.

mod common;

use common::consumer::*;
use common::*;
use group::*;
use model::{ErrorCode, TopicId};

fn topics() -> TopicsView {
    view(&[("a", 1, 6), ("b", 2, 6)])
}

#[test]
fn members_join_one_by_one_and_share_partitions_without_double_ownership() {
    let mut h = Harness::new(GroupConfig::default(), 7);
    let t = topics();
    let mut c1 = Client::new("g", "m1", &["a", "b"]);
    let mut c2 = Client::new("g", "m2", &["a", "b"]);
    let mut c3 = Client::new("g", "m3", &["a", "b"]);

    let first = c1.heartbeat(&mut h, &t);
    assert_eq!(first.member_epoch, 1);
    assert_eq!(first.heartbeat_interval_ms, 5_000);
    assert_eq!(c1.count(), 12);
    assert_eq!(h.consumer_status("g"), Some("Stable"));

    c2.heartbeat(&mut h, &t);
    assert_eq!(c2.epoch, 2);
    assert_eq!(c2.count(), 0, "m1 still owns everything: m2 must wait");
    assert_eq!(h.consumer_status("g"), Some("Reconciling"));
    settle(&mut h, &t, &mut [&mut c1, &mut c2]);
    assert_eq!((c1.count(), c2.count()), (6, 6));

    let before_c1 = c1.owned.clone();
    c3.heartbeat(&mut h, &t);
    settle(&mut h, &t, &mut [&mut c1, &mut c2, &mut c3]);
    assert_eq!((c1.count(), c2.count(), c3.count()), (4, 4, 4));
    for (topic, partitions) in &c1.owned {
        assert!(partitions.is_subset(&before_c1[topic]), "uniform is sticky");
    }
    let group = h.consumer_group("g").unwrap();
    assert_eq!((group.epoch, group.assignment_epoch), (3, 3));
    assert!(c1.epoch == 3 && c2.epoch == 3 && c3.epoch == 3);

    let described = h
        .coord
        .consumer_group_describe(&["g".into(), "nope".into()], &t);
    assert_eq!(described[0].group_state, "Stable");
    assert_eq!(described[0].assignor_name, "uniform");
    assert_eq!(described[0].members.len(), 3);
    let m1 = &described[0].members[0];
    assert_eq!(m1.member_id, "m1");
    assert_eq!(m1.assignment, m1.target_assignment);
    assert_eq!(
        m1.assignment
            .iter()
            .map(|t| t.partitions.len())
            .sum::<usize>(),
        4
    );
    assert_eq!(described[1].error_code, ErrorCode::GroupIdNotFound);

    let listed = h.coord.list_groups(&ListGroupsRequest::default()).unwrap();
    assert_eq!(
        (
            listed[0].group_type.as_str(),
            listed[0].group_state.as_str(),
            listed[0].protocol_type.as_str()
        ),
        ("consumer", "Stable", "consumer")
    );

    // m3 leaves: its partitions are spread over the others.
    let mut leave = cg_request("g", "m3", LEAVE_GROUP_MEMBER_EPOCH);
    leave.topic_partitions = Some(Vec::new());
    let left = h.cg_heartbeat(&leave, &t);
    assert_eq!((left.error_code, left.member_epoch), (ErrorCode::None, -1));
    c3.owned.clear();
    settle(&mut h, &t, &mut [&mut c1, &mut c2]);
    assert_eq!((c1.count(), c2.count()), (6, 6));

    // m2 goes silent: fenced after the session timeout, m1 takes everything.
    for _ in 0..10 {
        h.advance(5_000);
        c1.heartbeat(&mut h, &t);
        assert_single_owner(&h, &[&c1]);
    }
    assert!(!h.consumer_group("g").unwrap().members.contains_key("m2"));
    assert_eq!(c1.count(), 12);
    let stale = h.cg_heartbeat(&c2.request(), &t);
    assert_eq!(stale.error_code, ErrorCode::UnknownMemberId);

    // A rebuilt coordinator has the same durable state and keeps serving m1 in its epoch.
    let mut rebuilt = h.rebuild();
    assert_eq!(rebuilt.durable(), h.coord.durable());
    let mut fx = Effects::default();
    let response = rebuilt.consumer_group_heartbeat(&c1.request(), &t, h.now_ms, &mut fx);
    assert_eq!(
        (response.error_code, response.member_epoch),
        (ErrorCode::None, c1.epoch)
    );
    assert!(fx.records.is_empty(), "a steady heartbeat writes nothing");
}

#[test]
fn a_revoking_member_that_never_revokes_is_fenced_after_its_rebalance_timeout() {
    let mut h = Harness::new(GroupConfig::default(), 8);
    let t = topics();
    let mut c1 = Client::new("g", "m1", &["a", "b"]);
    let mut c2 = Client::new("g", "m2", &["a", "b"]);
    c1.heartbeat(&mut h, &t);
    c2.heartbeat(&mut h, &t);
    // m1 is asked to revoke but keeps reporting the old partitions.
    let stubborn = c1.owned.clone();
    c1.heartbeat(&mut h, &t);
    let state = h.consumer_group("g").unwrap().current_of("m1").state;
    assert_eq!(state, MemberState::UnrevokedPartitions);
    for _ in 0..8 {
        h.advance(5_000);
        c1.owned = stubborn.clone();
        let mut request = c1.request();
        request.topic_partitions = Some(owned_partitions(&stubborn));
        let response = h.cg_heartbeat(&request, &t);
        if response.error_code != ErrorCode::None {
            assert_eq!(response.error_code, ErrorCode::UnknownMemberId);
            break;
        }
        c2.heartbeat(&mut h, &t);
    }
    let group = h.consumer_group("g").unwrap();
    assert!(!group.members.contains_key("m1"), "fenced after 30 s");
    c1.owned.clear();
    settle(&mut h, &t, &mut [&mut c2]);
    assert_eq!(c2.count(), 12);
}

#[test]
fn group_configs_set_a_groups_session_timeout_and_heartbeat_interval() {
    let mut h = Harness::new(GroupConfig::default(), 8);
    let t = topics();
    let mut timeouts = std::collections::BTreeMap::new();
    timeouts.insert(
        "tuned".to_string(),
        ConsumerTimeouts {
            session_timeout_ms: 50_000,
            heartbeat_interval_ms: 7_000,
        },
    );
    h.coord.set_group_timeouts(timeouts);
    let mut tuned = Client::new("tuned", "m1", &["a"]);
    let mut plain = Client::new("plain", "m2", &["a"]);
    assert_eq!(
        h.cg_heartbeat(&tuned.request(), &t).heartbeat_interval_ms,
        7_000
    );
    assert_eq!(
        h.cg_heartbeat(&plain.request(), &t).heartbeat_interval_ms,
        5_000
    );
    tuned.heartbeat(&mut h, &t);
    plain.heartbeat(&mut h, &t);
    // 46 s of silence: past the broker's 45 s, within the tuned group's 50 s.
    h.advance(46_000);
    assert!(!h
        .consumer_group("plain")
        .unwrap()
        .members
        .contains_key("m2"));
    assert!(h
        .consumer_group("tuned")
        .unwrap()
        .members
        .contains_key("m1"));
    h.advance(5_000);
    assert!(!h
        .consumer_group("tuned")
        .unwrap()
        .members
        .contains_key("m1"));
}

#[test]
fn a_static_member_restarting_keeps_its_partitions() {
    let mut h = Harness::new(GroupConfig::default(), 9);
    let t = topics();
    let mut s1 = Client::new("g", "s1-a", &["a", "b"]).with_instance("i1");
    let mut c2 = Client::new("g", "m2", &["a", "b"]);
    s1.heartbeat(&mut h, &t);
    c2.heartbeat(&mut h, &t);
    settle(&mut h, &t, &mut [&mut s1, &mut c2]);
    let (s1_owned, c2_owned) = (s1.owned.clone(), c2.owned.clone());
    let epoch_before = h.consumer_group("g").unwrap().epoch;

    // Temporary leave: the member stays, with epoch -2 and its partitions.
    let mut leave = s1.request();
    leave.member_epoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
    let response = h.cg_heartbeat(&leave, &t);
    assert_eq!(response.member_epoch, LEAVE_GROUP_STATIC_MEMBER_EPOCH);
    // Another process with the same instance id may not join while it is still held...
    c2.heartbeat(&mut h, &t);
    assert_eq!(c2.owned, c2_owned);

    // ...the restarted one joins with a new member id and gets the same partitions at once.
    let mut restarted = Client::new("g", "s1-b", &["a", "b"]).with_instance("i1");
    let response = restarted.heartbeat(&mut h, &t);
    assert_eq!(response.error_code, ErrorCode::None);
    assert_eq!(restarted.owned, s1_owned);
    c2.heartbeat(&mut h, &t);
    assert_eq!(c2.owned, c2_owned, "no partition moved");
    let group = h.consumer_group("g").unwrap();
    assert_eq!(group.epoch, epoch_before, "same subscription: no new epoch");
    assert!(!group.members.contains_key("s1-a"));
    assert_eq!(h.consumer_status("g"), Some("Stable"));

    // A second process claiming the instance id now is refused.
    let intruder = Client::new("g", "s1-c", &["a", "b"]).with_instance("i1");
    let response = h.cg_heartbeat(&intruder.request(), &t);
    assert_eq!(response.error_code, ErrorCode::UnreleasedInstanceId);
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

#[test]
fn topic_metadata_changes_reach_the_assignment() {
    let mut h = Harness::new(GroupConfig::default(), 10);
    let mut c1 = Client::new("g", "m1", &["a", "late"]);
    let mut c2 = Client::new("g", "m2", &["a", "late"]);
    let t = view(&[("a", 1, 2)]);
    c1.heartbeat(&mut h, &t);
    c2.heartbeat(&mut h, &t);
    settle(&mut h, &t, &mut [&mut c1, &mut c2]);
    assert_eq!(c1.count() + c2.count(), 2);

    // Partitions added to "a", and the subscribed topic "late" created.
    let grown = view(&[("a", 1, 4), ("late", 3, 4)]);
    settle(&mut h, &grown, &mut [&mut c1, &mut c2]);
    assert_eq!((c1.count(), c2.count()), (4, 4));
    let epoch = h.consumer_group("g").unwrap().epoch;
    // An unrelated topic does not bump the epoch.
    let unrelated = view(&[("a", 1, 4), ("late", 3, 4), ("other", 4, 9)]);
    settle(&mut h, &unrelated, &mut [&mut c1, &mut c2]);
    assert_eq!(h.consumer_group("g").unwrap().epoch, epoch);
}

#[test]
fn regex_subscriptions_and_the_range_assignor() {
    let mut h = Harness::new(GroupConfig::default(), 11);
    let t = view(&[("orders-eu", 1, 3), ("orders-us", 2, 3), ("audit", 3, 3)]);
    let mut c1 = Client::new("g", "m1", &[]);
    c1.regex = Some("orders-.*".into());
    c1.assignor = Some("range".into());
    c1.heartbeat(&mut h, &t);
    let assigned: Vec<TopicId> = c1.owned.keys().copied().collect();
    assert_eq!(assigned, vec![topic_id(1), topic_id(2)]);
    let mut c2 = Client::new("g", "m2", &["orders-eu", "orders-us"]);
    c2.assignor = Some("range".into());
    c2.heartbeat(&mut h, &t);
    settle(&mut h, &t, &mut [&mut c1, &mut c2]);
    // Range: m1 sorts first and gets partitions 0-1 of each topic, m2 partition 2.
    let parts = |c: &Client, topic| {
        c.owned
            .get(&topic_id(topic))
            .map(|p| p.iter().copied().collect::<Vec<_>>())
    };
    assert_eq!(parts(&c1, 1), Some(vec![0, 1]));
    assert_eq!(parts(&c2, 1), Some(vec![2]));
    let described = h.coord.consumer_group_describe(&["g".into()], &t);
    assert_eq!(described[0].assignor_name, "range");
    assert_eq!(
        described[0].members[0].subscribed_topic_regex.as_deref(),
        Some("orders-.*")
    );
    // A topic created later that matches the pattern joins the assignment.
    let grown = view(&[
        ("orders-eu", 1, 3),
        ("orders-us", 2, 3),
        ("audit", 3, 3),
        ("orders-ap", 4, 2),
    ]);
    settle(&mut h, &grown, &mut [&mut c1, &mut c2]);
    assert_eq!(parts(&c1, 4), Some(vec![0, 1]));
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

/// Kafka resolves a subscription pattern against every topic of the metadata image
/// (`GroupMetadataManager.refreshRegularExpressions`), internal ones included: a pattern that
/// matches `__consumer_offsets` or another `__`-prefixed topic gets its partitions.
#[test]
fn regex_subscriptions_match_internal_topics() {
    let mut h = Harness::new(GroupConfig::default(), 13);
    let t = view(&[
        ("__consumer_offsets", 1, 3),
        ("__audit", 2, 2),
        ("orders", 3, 2),
    ]);
    let mut c1 = Client::new("g", "m1", &[]);
    c1.regex = Some("__.*".into());
    c1.heartbeat(&mut h, &t);
    settle(&mut h, &t, &mut [&mut c1]);
    let assigned: Vec<TopicId> = c1.owned.keys().copied().collect();
    assert_eq!(assigned, vec![topic_id(1), topic_id(2)]);
    assert_eq!(c1.count(), 5);
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

#[test]
fn offsets_of_consumer_groups_follow_member_epochs() {
    let mut h = Harness::new(GroupConfig::default(), 12);
    let t = topics();
    let mut c1 = Client::new("g", "m1", &["a"]);
    c1.heartbeat(&mut h, &t);
    let ok = h.commit(&commit_request("g", c1.epoch, "m1", "a", &[(0, 5)]));
    assert_eq!(errors(&ok), vec![ErrorCode::None]);
    let stale = h.commit(&commit_request("g", c1.epoch + 1, "m1", "a", &[(0, 6)]));
    assert_eq!(errors(&stale), vec![ErrorCode::StaleMemberEpoch]);
    let unknown = h.commit(&commit_request("g", 1, "who", "a", &[(0, 6)]));
    assert_eq!(errors(&unknown), vec![ErrorCode::UnknownMemberId]);
    let mut old_version = commit_request("g", c1.epoch, "m1", "a", &[(0, 6)]);
    old_version.api_version = 8;
    assert_eq!(
        errors(&h.commit(&old_version)),
        vec![ErrorCode::UnsupportedVersion]
    );
    let simple = h.commit(&commit_request("g", -1, "", "a", &[(0, 6)]));
    assert_eq!(
        errors(&simple),
        vec![ErrorCode::UnknownMemberId],
        "non-empty group"
    );

    let fetched = fetch(&h.coord, "g", Some(&[("a", &[0])]));
    assert_eq!(fetched.topics[0].partitions[0].offset, 5);
    let mut as_member = OffsetFetchRequest {
        group_id: "g".into(),
        topics: None,
        member_id: Some("m1".into()),
        member_epoch: c1.epoch + 1,
    };
    assert_eq!(
        h.coord.offset_fetch(&as_member).error_code,
        ErrorCode::StaleMemberEpoch
    );
    as_member.member_epoch = c1.epoch;
    assert_eq!(h.coord.offset_fetch(&as_member).error_code, ErrorCode::None);

    // Deleting needs an empty group; OffsetDelete refuses subscribed topics.
    assert_eq!(
        h.delete_groups(&["g"]),
        vec![("g".into(), ErrorCode::NonEmptyGroup)]
    );
    let deleted = h.offset_delete("g", "a", &[0]);
    assert_eq!(
        deleted.topics[0].partitions[0].error_code,
        ErrorCode::GroupSubscribedToTopic
    );
    let leave = h.cg_heartbeat(&cg_request("g", "m1", LEAVE_GROUP_MEMBER_EPOCH), &t);
    assert_eq!(leave.error_code, ErrorCode::None);
    assert_eq!(h.consumer_status("g"), Some("Empty"));
    let simple = h.commit(&commit_request("g", -1, "", "a", &[(1, 9)]));
    assert_eq!(
        errors(&simple),
        vec![ErrorCode::None],
        "simple commit on an empty group"
    );

    // Offset expiry: an empty consumer group loses its offsets, then itself.
    h.advance(GroupConfig::default().offsets_retention_ms + 1);
    h.expire_offsets();
    assert!(h.consumer_group("g").is_none());
    assert!(h.coord.durable().group_offsets("g").is_none());
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

#[test]
fn classic_and_consumer_groups_share_one_id_namespace() {
    let mut h = Harness::new(GroupConfig::default(), 13);
    let t = topics();
    let mut c1 = Client::new("g", "m1", &["a"]);
    c1.heartbeat(&mut h, &t);
    let token = h.join(&join_request("g", "", None, &["range"], &["a"]));
    let response = h.join_response(token).expect("answered at once");
    assert_eq!(response.error_code, ErrorCode::InconsistentGroupProtocol);
    let described = h.coord.describe_groups(&["g".into()], 6);
    assert_eq!(described[0].error_code, ErrorCode::GroupIdNotFound);

    // Once empty, the consumer group can be deleted and the id reused by a classic group.
    h.cg_heartbeat(&cg_request("g", "m1", LEAVE_GROUP_MEMBER_EPOCH), &t);
    assert_eq!(h.delete_groups(&["g"]), vec![("g".into(), ErrorCode::None)]);
    assert!(h.consumer_group("g").is_none());
    let token = h.join(&join_request("g", "", None, &["range"], &["a"]));
    let response = h.join_response(token).expect("member id required");
    assert_eq!(response.error_code, ErrorCode::MemberIdRequired);
    h.join(&join_request(
        "g",
        &response.member_id,
        None,
        &["range"],
        &["a"],
    ));
    // A classic group with a member is not a consumer group.
    let refused = h.cg_heartbeat(&cg_join("g", "m9", &["a"]), &t);
    assert_eq!(refused.error_code, ErrorCode::GroupIdNotFound);
    assert_eq!(
        refused.error_message.as_deref(),
        Some("Group g is not a consumer group.")
    );
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

/// Cost figures, not a check (tests never assert timings): run with
/// `cargo test --release -p group --test consumer_scenario -- --ignored --nocapture`.
#[test]
#[ignore]
fn heartbeat_costs() {
    const MEMBERS: usize = 500;
    let t = view(&[("a", 1, 500), ("b", 2, 500)]);
    let mut h = Harness::new(GroupConfig::default(), 14);
    let mut clients: Vec<Client> = (0..MEMBERS)
        .map(|i| Client::new("g", &format!("m{i:04}"), &["a", "b"]))
        .collect();
    let started = std::time::Instant::now();
    for client in &mut clients {
        client.heartbeat(&mut h, &t);
    }
    let joins = started.elapsed();
    let mut refs: Vec<&mut Client> = clients.iter_mut().collect();
    let rounds = settle_quietly(&mut h, &t, &mut refs);
    let started = std::time::Instant::now();
    let beats = 10_000;
    for i in 0..beats {
        let client = &mut clients[i % MEMBERS];
        client.heartbeat(&mut h, &t);
    }
    let steady = started.elapsed();
    println!(
        "{MEMBERS} members, 1000 partitions: {:.1} µs per joining heartbeat (each computes a target), \
         settled in {rounds} rounds, {:.1} µs per steady heartbeat, {} records",
        joins.as_secs_f64() * 1e6 / MEMBERS as f64,
        steady.as_secs_f64() * 1e6 / beats as f64,
        h.log.len()
    );
}

/// `settle` without the per-heartbeat invariant check (quadratic in members).
fn settle_quietly(h: &mut Harness, t: &TopicsView, clients: &mut [&mut Client]) -> usize {
    for round in 0..20 {
        for client in clients.iter_mut() {
            client.heartbeat(h, t);
        }
        if h.consumer_status("g") == Some("Stable") {
            return round;
        }
    }
    panic!("did not settle");
}

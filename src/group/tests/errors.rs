//! Each error code the classic coordinator returns, where Kafka returns it, plus the rebalance
//! and offset rules that decide between them.

mod common;

use common::*;
use group::*;
use model::ErrorCode;

const G: &str = "g";

/// One dynamic member that has joined and synced: (harness, member id), group Stable at gen 1.
fn stable_single() -> (Harness, String) {
    let mut h = Harness::new(GroupConfig::default(), 7);
    let t = h.join(&join_request(G, "", None, &["range"], &["t"]));
    let id = h.join_response(t).unwrap().member_id;
    let t = h.join(&join_request(G, &id, None, &["range"], &["t"]));
    h.advance(3_000);
    let response = h.join_response(t).unwrap();
    assert_eq!(
        (response.error_code, response.generation_id),
        (ErrorCode::None, 1)
    );
    let t = h.sync(&sync_request(G, 1, &id, None, &[(&id, b"a1")]));
    assert_eq!(h.sync_response(t).unwrap().error_code, ErrorCode::None);
    (h, id)
}

fn join_error(h: &mut Harness, request: &JoinGroupRequest) -> JoinGroupResponse {
    let t = h.join(request);
    h.join_response(t).expect("answered at once")
}

#[test]
fn join_validation_errors() {
    let mut h = Harness::new(GroupConfig::default(), 1);
    let empty_group = join_request("", "", None, &["range"], &["t"]);
    assert_eq!(
        join_error(&mut h, &empty_group).error_code,
        ErrorCode::InvalidGroupId
    );
    let mut short = join_request(G, "", None, &["range"], &["t"]);
    short.session_timeout_ms = 5_999;
    assert_eq!(
        join_error(&mut h, &short).error_code,
        ErrorCode::InvalidSessionTimeout
    );
    short.session_timeout_ms = 1_800_001;
    assert_eq!(
        join_error(&mut h, &short).error_code,
        ErrorCode::InvalidSessionTimeout
    );
    let unknown = join_request(G, "nobody", None, &["range"], &["t"]);
    assert_eq!(
        join_error(&mut h, &unknown).error_code,
        ErrorCode::UnknownMemberId
    );
    let mut no_protocols = join_request(G, "", None, &[], &["t"]);
    no_protocols.api_version = 3;
    assert_eq!(
        join_error(&mut h, &no_protocols).error_code,
        ErrorCode::InconsistentGroupProtocol
    );
    let mut long = join_request(G, "", None, &["range"], &["t"]);
    long.client_host = "h".repeat(40_000);
    assert_eq!(
        join_error(&mut h, &long).error_code,
        ErrorCode::InvalidRequest
    );
    assert_eq!(h.outstanding(), 0);
}

#[test]
fn member_id_required_from_v4_only_and_pending_member_expires() {
    let mut h = Harness::new(GroupConfig::default(), 2);
    let first = join_error(&mut h, &join_request(G, "", None, &["range"], &["t"]));
    assert_eq!(first.error_code, ErrorCode::MemberIdRequired);
    assert!(first.member_id.starts_with("client-"));
    // The empty group was persisted on creation.
    assert!(
        matches!(h.log.last(), Some(GroupRecord::GroupMetadata { value: Some(v), .. }) if v.members.is_empty())
    );
    // A v3 client joins directly; the initial delay does not wait for pending members.
    let mut old = join_request(G, "", None, &["range"], &["t"]);
    old.api_version = 3;
    let t = h.join(&old);
    h.advance(3_000);
    assert_eq!(h.join_response(t).unwrap().generation_id, 1);
    // The pending member's session runs out: its id is no longer known.
    h.advance(10_000);
    let late = join_error(
        &mut h,
        &join_request(G, &first.member_id, None, &["range"], &["t"]),
    );
    assert_eq!(late.error_code, ErrorCode::UnknownMemberId);
}

#[test]
fn a_pending_member_holds_a_rebalance_until_it_expires() {
    let (mut h, id) = stable_single();
    let pending = join_error(&mut h, &join_request(G, "", None, &["range"], &["t"]));
    assert_eq!(pending.error_code, ErrorCode::MemberIdRequired);
    let rejoin = h.join(&join_request(G, &id, None, &["range"], &["t"]));
    assert!(h.is_pending(rejoin));
    h.advance(9_999);
    assert!(h.is_pending(rejoin));
    h.advance(1);
    assert_eq!(h.join_response(rejoin).unwrap().generation_id, 2);
}

#[test]
fn group_max_size_reached() {
    let config = GroupConfig {
        group_size_max: 1,
        ..GroupConfig::default()
    };
    let mut h = Harness::new(config, 3);
    let mut v3 = join_request(G, "", None, &["range"], &["t"]);
    v3.api_version = 3;
    let first = h.join(&v3);
    let second = join_error(&mut h, &v3);
    assert_eq!(second.error_code, ErrorCode::GroupMaxSizeReached);
    h.advance(3_000);
    assert_eq!(h.join_response(first).unwrap().error_code, ErrorCode::None);
}

#[test]
fn inconsistent_protocols_and_type() {
    let (mut h, id) = stable_single();
    let other_protocol = join_request(G, "", None, &["roundrobin"], &["t"]);
    assert_eq!(
        join_error(&mut h, &other_protocol).error_code,
        ErrorCode::InconsistentGroupProtocol
    );
    let mut other_type = join_request(G, "", None, &["range"], &["t"]);
    other_type.protocol_type = "connect".into();
    assert_eq!(
        join_error(&mut h, &other_type).error_code,
        ErrorCode::InconsistentGroupProtocol
    );
    let mut sync = sync_request(G, 1, &id, None, &[]);
    sync.protocol_name = Some("roundrobin".into());
    let t = h.sync(&sync);
    assert_eq!(
        h.sync_response(t).unwrap().error_code,
        ErrorCode::InconsistentGroupProtocol
    );
}

#[test]
fn heartbeat_and_sync_errors() {
    let (mut h, id) = stable_single();
    assert_eq!(h.heartbeat(G, 1, &id, None), ErrorCode::None);
    assert_eq!(h.heartbeat(G, 2, &id, None), ErrorCode::IllegalGeneration);
    assert_eq!(
        h.heartbeat(G, 1, "stranger", None),
        ErrorCode::UnknownMemberId
    );
    assert_eq!(
        h.heartbeat("no-such-group", 1, &id, None),
        ErrorCode::UnknownMemberId
    );
    assert_eq!(h.heartbeat("", 1, &id, None), ErrorCode::InvalidGroupId);
    let t = h.sync(&sync_request(G, 0, &id, None, &[]));
    assert_eq!(
        h.sync_response(t).unwrap().error_code,
        ErrorCode::IllegalGeneration
    );
    let t = h.sync(&sync_request(G, 1, "stranger", None, &[]));
    assert_eq!(
        h.sync_response(t).unwrap().error_code,
        ErrorCode::UnknownMemberId
    );

    // A second member arrives: while the group prepares, heartbeats and syncs say so.
    let other = join_error(&mut h, &join_request(G, "", None, &["range"], &["t"])).member_id;
    let other_join = h.join(&join_request(G, &other, None, &["range"], &["t"]));
    assert!(h.is_pending(other_join));
    assert_eq!(h.heartbeat(G, 1, &id, None), ErrorCode::RebalanceInProgress);
    let t = h.sync(&sync_request(G, 1, &id, None, &[]));
    assert_eq!(
        h.sync_response(t).unwrap().error_code,
        ErrorCode::RebalanceInProgress
    );
    // Once everyone has rejoined the join phase completes without waiting (not an initial one).
    let rejoin = h.join(&join_request(G, &id, None, &["range"], &["t"]));
    let leader_response = h.join_response(rejoin).unwrap();
    assert_eq!(
        (leader_response.generation_id, leader_response.members.len()),
        (2, 2)
    );
    assert_eq!(h.join_response(other_join).unwrap().members.len(), 0);
    // CompletingRebalance: heartbeats are fine, commits are not.
    assert_eq!(h.heartbeat(G, 2, &other, None), ErrorCode::None);
    let results = h.commit(&commit_request(G, 2, &other, "t", &[(0, 1)]));
    assert_eq!(errors(&results), vec![ErrorCode::RebalanceInProgress]);
    // The follower syncs first and waits; a leave of the leader turns it into REBALANCE_IN_PROGRESS.
    let waiting = h.sync(&sync_request(G, 2, &other, None, &[]));
    assert!(h.is_pending(waiting));
    h.leave(G, &[(&id, None)]);
    assert_eq!(
        h.sync_response(waiting).unwrap().error_code,
        ErrorCode::RebalanceInProgress
    );
    assert_eq!(
        h.heartbeat(G, 2, &other, None),
        ErrorCode::RebalanceInProgress
    );
    let t = h.sync(&sync_request(G, 2, &other, None, &[]));
    assert_eq!(
        h.sync_response(t).unwrap().error_code,
        ErrorCode::RebalanceInProgress
    );
    // After its rebalance timeout the silent follower is dropped; the group ends Empty.
    h.advance(30_000);
    assert_eq!(h.state(G), Some(("Empty", 3, 0)));
    assert_eq!(h.heartbeat(G, 3, &other, None), ErrorCode::UnknownMemberId);
}

#[test]
fn static_members_are_fenced() {
    let mut h = Harness::new(GroupConfig::default(), 4);
    let t = h.join(&join_request(
        G,
        "",
        Some("i1"),
        &["range", "sticky"],
        &["t"],
    ));
    h.advance(3_000);
    let joined = h.join_response(t).unwrap();
    let id = joined.member_id.clone();
    let t = h.sync(&sync_request(G, 1, &id, Some("i1"), &[(&id, b"x")]));
    assert_eq!(h.sync_response(t).unwrap().assignment, b"x".to_vec());
    let wrong = join_error(
        &mut h,
        &join_request(G, "not-the-one", Some("i1"), &["range"], &["t"]),
    );
    assert_eq!(wrong.error_code, ErrorCode::FencedInstanceId);
    assert_eq!(
        h.heartbeat(G, 1, "not-the-one", Some("i1")),
        ErrorCode::FencedInstanceId
    );
    assert_eq!(
        h.heartbeat(G, 1, &id, Some("other-instance")),
        ErrorCode::UnknownMemberId
    );
    let mut commit = commit_request(G, 1, "not-the-one", "t", &[(0, 1)]);
    commit.group_instance_id = Some("i1".into());
    assert_eq!(
        errors(&h.commit(&commit)),
        vec![ErrorCode::FencedInstanceId]
    );
    let left = h.leave(
        G,
        &[("not-the-one", Some("i1")), ("", Some("unknown-instance"))],
    );
    let codes: Vec<ErrorCode> = left.members.iter().map(|m| m.error_code).collect();
    assert_eq!(
        codes,
        vec![ErrorCode::FencedInstanceId, ErrorCode::UnknownMemberId]
    );

    // A restart whose preferences change the selected protocol is a rebalance (a single member
    // completes it at once, into generation 2 with the new protocol).
    let restarted = h.join(&join_request(
        G,
        "",
        Some("i1"),
        &["sticky", "range"],
        &["t"],
    ));
    let response = h
        .join_response(restarted)
        .expect("the only member rejoined");
    assert_eq!(
        (response.error_code, response.generation_id),
        (ErrorCode::None, 2)
    );
    assert_eq!(response.protocol_name.as_deref(), Some("sticky"));
    assert!(!response.skip_assignment);
    assert_eq!(
        h.heartbeat(G, 2, &id, Some("i1")),
        ErrorCode::FencedInstanceId
    );

    // An admin removes the static member by instance id alone.
    let left = h.leave(G, &[("", Some("i1"))]);
    assert_eq!(left.members[0].error_code, ErrorCode::None);
    assert_eq!(h.state(G), Some(("Empty", 3, 0)));
}

#[test]
fn static_restart_fences_a_pending_join() {
    let mut h = Harness::new(GroupConfig::default(), 5);
    let first = h.join(&join_request(G, "", Some("i1"), &["range"], &["t"]));
    let second = h.join(&join_request(G, "", Some("i1"), &["range"], &["t"]));
    let fenced = h
        .join_response(first)
        .expect("the replaced incarnation is answered");
    assert_eq!(fenced.error_code, ErrorCode::FencedInstanceId);
    h.advance(3_000);
    assert_eq!(h.join_response(second).unwrap().error_code, ErrorCode::None);
}

#[test]
fn offset_commit_rules() {
    let (mut h, id) = stable_single();
    assert_eq!(
        errors(&h.commit(&commit_request(G, 1, &id, "t", &[(0, 10)]))),
        vec![ErrorCode::None]
    );
    assert_eq!(
        errors(&h.commit(&commit_request(G, 0, &id, "t", &[(0, 10)]))),
        vec![ErrorCode::IllegalGeneration]
    );
    assert_eq!(
        errors(&h.commit(&commit_request(G, 1, "x", "t", &[(0, 10)]))),
        vec![ErrorCode::UnknownMemberId]
    );
    // A non-member commit into a non-empty group is refused.
    let simple = commit_request(G, NO_GENERATION, "", "t", &[(0, 10)]);
    assert_eq!(errors(&h.commit(&simple)), vec![ErrorCode::UnknownMemberId]);
    // Unknown groups: v9+ GROUP_ID_NOT_FOUND, older ILLEGAL_GENERATION; generation -1 creates one.
    assert_eq!(
        errors(&h.commit(&commit_request("nope", 1, "m", "t", &[(0, 1)]))),
        vec![ErrorCode::GroupIdNotFound]
    );
    let mut v8 = commit_request("nope", 1, "m", "t", &[(0, 1)]);
    v8.api_version = 8;
    assert_eq!(errors(&h.commit(&v8)), vec![ErrorCode::IllegalGeneration]);
    assert_eq!(
        errors(&h.commit(&commit_request("", -1, "", "t", &[(0, 1)]))),
        vec![ErrorCode::InvalidGroupId]
    );
    // Metadata is bounded by offset.metadata.max.bytes, per partition.
    let mut big = commit_request("admin", NO_GENERATION, "", "t", &[(0, 1), (1, 2)]);
    big.topics[0].partitions[1].metadata = Some("x".repeat(4_097));
    assert_eq!(
        errors(&h.commit(&big)),
        vec![ErrorCode::None, ErrorCode::OffsetMetadataTooLarge]
    );
    let fetched = fetch(&h.coord, "admin", Some(&[("t", &[0, 1])]));
    let got: Vec<(i64, String)> = fetched.topics[0]
        .partitions
        .iter()
        .map(|p| (p.offset, p.metadata.clone()))
        .collect();
    assert_eq!(got, vec![(1, "m1".to_string()), (-1, String::new())]);
    // A commit that stores nothing leaves no group behind.
    let mut only_big = commit_request("ghost", NO_GENERATION, "", "t", &[(0, 1)]);
    only_big.topics[0].partitions[0].metadata = Some("x".repeat(5_000));
    assert_eq!(
        errors(&h.commit(&only_big)),
        vec![ErrorCode::OffsetMetadataTooLarge]
    );
    assert_eq!(h.state("ghost"), None);
    // Fetch of everything, and of an unknown group.
    let all = fetch(&h.coord, G, None);
    assert_eq!(
        (all.topics.len(), all.topics[0].partitions[0].offset),
        (1, 10)
    );
    assert!(fetch(&h.coord, "unknown", None).topics.is_empty());
}

#[test]
fn load_in_progress_until_loaded() {
    let mut coord = GroupCoordinator::new(GroupConfig::default(), 9);
    let mut fx = Effects::default();
    coord.join_group(
        RequestToken(1),
        &join_request(G, "", None, &["range"], &["t"]),
        0,
        &mut fx,
    );
    assert!(
        matches!(&fx.completed[0].response, DeferredResponse::Join(r) if r.error_code == ErrorCode::CoordinatorLoadInProgress)
    );
    let heartbeat = HeartbeatRequest {
        group_id: G.into(),
        generation_id: 1,
        member_id: "m".into(),
        group_instance_id: None,
    };
    assert_eq!(
        coord.heartbeat(&heartbeat, 0),
        ErrorCode::CoordinatorLoadInProgress
    );
    assert_eq!(
        coord.list_groups(&ListGroupsRequest::default()),
        Err(ErrorCode::CoordinatorLoadInProgress)
    );
    let results = coord.offset_commit(&commit_request(G, -1, "", "t", &[(0, 1)]), 0, &mut fx);
    assert_eq!(errors(&results), vec![ErrorCode::CoordinatorLoadInProgress]);
    assert!(fx.records.is_empty());
}

#[test]
fn delete_groups_and_offsets() {
    let (mut h, id) = stable_single();
    h.commit(&commit_request(G, 1, &id, "t", &[(0, 10)]));
    h.commit(&commit_request(G, 1, &id, "other", &[(0, 3), (1, 4)]));
    assert_eq!(
        h.delete_groups(&[G, "missing", ""]),
        vec![
            (G.to_string(), ErrorCode::NonEmptyGroup),
            ("missing".to_string(), ErrorCode::GroupIdNotFound),
            (String::new(), ErrorCode::InvalidGroupId),
        ]
    );
    // Subscribed topics' offsets cannot be deleted while the consumer group is active.
    let response = h.offset_delete(G, "t", &[0]);
    assert_eq!(
        response.topics[0].partitions[0].error_code,
        ErrorCode::GroupSubscribedToTopic
    );
    let response = h.offset_delete(G, "other", &[0, 7]);
    let codes: Vec<ErrorCode> = response.topics[0]
        .partitions
        .iter()
        .map(|p| p.error_code)
        .collect();
    assert_eq!(codes, vec![ErrorCode::None, ErrorCode::None]);
    assert_eq!(
        fetch(&h.coord, G, Some(&[("other", &[0, 1])])).topics[0].partitions[0].offset,
        -1
    );
    assert_eq!(
        h.offset_delete("missing", "t", &[0]).error_code,
        ErrorCode::GroupIdNotFound
    );
    // Once empty, the group goes with its offsets.
    h.leave(G, &[(&id, None)]);
    assert_eq!(
        h.delete_groups(&[G]),
        vec![(G.to_string(), ErrorCode::None)]
    );
    assert!(h.coord.durable().offsets.is_empty() && h.coord.durable().groups.is_empty());
    let described = h.coord.describe_groups(&[G.to_string()], 5);
    assert_eq!(
        (described[0].error_code, described[0].group_state.as_str()),
        (ErrorCode::None, "Dead")
    );
    assert_eq!(
        h.coord.describe_groups(&[G.to_string()], 6)[0].error_code,
        ErrorCode::GroupIdNotFound
    );
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

#[test]
fn non_consumer_groups_keep_offsets_while_active() {
    let mut h = Harness::new(GroupConfig::default(), 11);
    let mut connect = join_request(G, "", Some("w1"), &["default"], &[]);
    connect.protocol_type = "connect".into();
    let t = h.join(&connect);
    h.advance(3_000);
    let id = h.join_response(t).unwrap().member_id;
    h.commit(&commit_request(G, 1, &id, "t", &[(0, 1)]));
    assert_eq!(
        h.offset_delete(G, "t", &[0]).error_code,
        ErrorCode::NonEmptyGroup
    );
}

#[test]
fn list_and_describe() {
    let (mut h, id) = stable_single();
    h.commit(&commit_request("simple", NO_GENERATION, "", "t", &[(0, 1)]));
    let stable_only = ListGroupsRequest {
        states_filter: vec!["stable".into()],
        types_filter: vec![],
    };
    let listed = h.coord.list_groups(&stable_only).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].group_id.as_str(),
            listed[0].protocol_type.as_str()
        ),
        (G, "consumer")
    );
    let all = h.coord.list_groups(&ListGroupsRequest::default()).unwrap();
    let states: Vec<&str> = all.iter().map(|g| g.group_state.as_str()).collect();
    assert_eq!(states, vec!["Stable", "Empty"]);
    let consumer_type = ListGroupsRequest {
        states_filter: vec![],
        types_filter: vec!["consumer".into()],
    };
    assert!(h.coord.list_groups(&consumer_type).unwrap().is_empty());
    let described = h.coord.describe_groups(&[G.to_string()], 5).remove(0);
    assert_eq!(
        (
            described.group_state.as_str(),
            described.protocol_data.as_str()
        ),
        ("Stable", "range")
    );
    assert_eq!(described.members[0].member_id, id);
    assert_eq!(described.members[0].assignment, b"a1".to_vec());
    assert_eq!(described.members[0].metadata, subscription(&["t"]));
    assert_eq!(
        h.coord.describe_groups(&[String::new()], 5)[0].error_code,
        ErrorCode::InvalidGroupId
    );
}

#[test]
fn offsets_expire_after_retention() {
    let config = GroupConfig {
        offsets_retention_ms: 60_000,
        ..GroupConfig::default()
    };
    let mut h = Harness::new(config, 12);
    // A simple consumer's offsets expire by commit time.
    h.commit(&commit_request("simple", NO_GENERATION, "", "t", &[(0, 1)]));
    h.advance(30_000);
    h.commit(&commit_request("simple", NO_GENERATION, "", "t", &[(1, 2)]));
    let mut explicit = commit_request("simple", NO_GENERATION, "", "u", &[(0, 3)]);
    explicit.retention_time_ms = 5_000;
    h.commit(&explicit);
    h.advance(5_000);
    let expired = h.expire_offsets();
    assert_eq!(
        expired.len(),
        1,
        "only the commit with its own 5 s retention: {expired:?}"
    );
    h.advance(25_000);
    assert_eq!(h.expire_offsets().len(), 1, "partition 0 is 60 s old");
    h.advance(30_000);
    let last = h.expire_offsets();
    assert_eq!(
        last.len(),
        2,
        "the last offset, then the empty group itself"
    );
    assert!(matches!(
        &last[1],
        GroupRecord::GroupMetadata { value: None, .. }
    ));
    assert_eq!(h.state("simple"), None);

    // A consumer group's offsets expire only once it has been Empty for the retention time.
    let (mut h3, id3) = stable_single_with(GroupConfig {
        offsets_retention_ms: 60_000,
        ..GroupConfig::default()
    });
    h3.commit(&commit_request(G, 1, &id3, "t", &[(0, 1)]));
    h3.leave(G, &[(&id3, None)]);
    h3.advance(59_000);
    assert!(
        h3.expire_offsets().is_empty(),
        "retention counts from the moment the group became Empty"
    );
    h3.advance(1_000);
    assert_eq!(h3.expire_offsets().len(), 2);
    assert_eq!(h3.rebuild().durable(), h3.coord.durable());
}

#[test]
fn stable_consumer_group_keeps_subscribed_offsets() {
    let config = GroupConfig {
        offsets_retention_ms: 20_000,
        ..GroupConfig::default()
    };
    let (mut h, id) = stable_single_with(config);
    h.commit(&commit_request(G, 1, &id, "t", &[(0, 1)]));
    h.commit(&commit_request(G, 1, &id, "unsubscribed", &[(0, 1)]));
    for _ in 0..5 {
        h.advance(5_000);
        assert_eq!(h.heartbeat(G, 1, &id, None), ErrorCode::None);
    }
    let expired = h.expire_offsets();
    assert_eq!(
        expired.len(),
        1,
        "only the topic the group does not subscribe to"
    );
    assert_eq!(expired[0].group_id(), G);
    assert!(
        matches!(&expired[0], GroupRecord::OffsetCommit { key, value: None } if key.topic == "unsubscribed")
    );
}

fn stable_single_with(config: GroupConfig) -> (Harness, String) {
    let mut h = Harness::new(config, 13);
    let t = h.join(&join_request(G, "", None, &["range"], &["t"]));
    let id = h.join_response(t).unwrap().member_id;
    let t = h.join(&join_request(G, &id, None, &["range"], &["t"]));
    h.advance(3_000);
    assert_eq!(h.join_response(t).unwrap().generation_id, 1);
    let t = h.sync(&sync_request(G, 1, &id, None, &[(&id, b"a1")]));
    assert_eq!(h.sync_response(t).unwrap().error_code, ErrorCode::None);
    (h, id)
}

#[test]
fn initial_delay_extends_while_members_arrive() {
    let mut h = Harness::new(GroupConfig::default(), 14);
    let mut v3 = join_request(G, "", None, &["range"], &["t"]);
    v3.api_version = 3;
    let first = h.join(&v3);
    h.advance(2_000);
    let second = h.join(&v3);
    h.advance(1_000); // first delay ends; a member arrived during it, so wait another delay
    assert!(h.is_pending(first) && h.is_pending(second));
    h.advance(2_999);
    assert!(h.is_pending(first));
    h.advance(1);
    assert_eq!(h.join_response(first).unwrap().generation_id, 1);
    assert_eq!(h.join_response(second).unwrap().generation_id, 1);
}

#[test]
fn members_that_never_sync_are_removed() {
    let mut h = Harness::new(GroupConfig::default(), 15);
    let mut v3 = join_request(G, "", None, &["range"], &["t"]);
    v3.api_version = 3;
    let a = h.join(&v3);
    let b = h.join(&v3);
    h.advance(6_000); // b arrived during the initial delay, which is then extended once
    let a = h.join_response(a).unwrap();
    let b = h.join_response(b).unwrap();
    let leader = if a.member_id == a.leader { &a } else { &b };
    let follower = if a.member_id == a.leader { &b } else { &a };
    let t = h.sync(&sync_request(G, 1, &leader.member_id, None, &[]));
    assert_eq!(h.sync_response(t).unwrap().error_code, ErrorCode::None);
    // The follower never syncs: after the rebalance timeout (30 s) it is removed.
    for _ in 0..6 {
        h.advance(5_000);
        h.heartbeat(G, 1, &leader.member_id, None);
        h.heartbeat(G, 1, &follower.member_id, None);
    }
    assert_eq!(
        h.heartbeat(G, 1, &follower.member_id, None),
        ErrorCode::UnknownMemberId
    );
    assert_eq!(
        h.heartbeat(G, 1, &leader.member_id, None),
        ErrorCode::RebalanceInProgress
    );
}

#[test]
fn a_second_join_supersedes_the_first() {
    let mut h = Harness::new(GroupConfig::default(), 16);
    let mut v3 = join_request(G, "", None, &["range"], &["t"]);
    v3.api_version = 3;
    let a = h.join(&v3);
    let b = h.join(&v3);
    h.advance(6_000);
    let a = h.join_response(a).unwrap().member_id;
    let b = h.join_response(b).unwrap().member_id;
    let changed = join_request(G, &a, None, &["range"], &["t", "u"]);
    let one = h.join(&changed);
    let two = h.join(&changed);
    assert_eq!(
        h.join_response(one).unwrap().error_code,
        ErrorCode::RebalanceInProgress
    );
    assert!(h.is_pending(two), "waits for b");
    let b_rejoin = h.join(&join_request(G, &b, None, &["range"], &["t"]));
    assert_eq!(h.join_response(two).unwrap().generation_id, 2);
    assert_eq!(h.join_response(b_rejoin).unwrap().generation_id, 2);
    assert_eq!(h.outstanding(), 0);
}

#[test]
fn static_members_keep_their_place_through_a_rebalance_they_miss() {
    let mut h = Harness::new(GroupConfig::default(), 17);
    let mut static_join = join_request(G, "", Some("s"), &["range"], &["t"]);
    static_join.session_timeout_ms = 60_000; // outlives the rebalance it misses
    let s = h.join(&static_join);
    let d = join_error(&mut h, &join_request(G, "", None, &["range"], &["t"])).member_id;
    let d_join = h.join(&join_request(G, &d, None, &["range"], &["t"]));
    h.advance(6_000);
    let s = h.join_response(s).unwrap();
    assert_eq!(h.join_response(d_join).unwrap().generation_id, 1);
    // The dynamic member rejoins with new metadata; the static one stays silent (restarting).
    let d_rejoin = h.join(&join_request(G, &d, None, &["range"], &["t", "u"]));
    h.advance(30_000); // the rebalance timeout ends the join phase
    assert_eq!(h.join_response(d_rejoin).unwrap().generation_id, 2);
    assert_eq!(
        h.state(G),
        Some(("CompletingRebalance", 2, 2)),
        "the static member is kept"
    );
    assert_eq!(s.generation_id, 1);
}

#[test]
fn pre_kip_814_static_leader_restart_is_told_the_old_leader() {
    let mut h = Harness::new(GroupConfig::default(), 18);
    let t = h.join(&join_request(G, "", Some("s"), &["range"], &["t"]));
    h.advance(3_000);
    let old_id = h.join_response(t).unwrap().member_id;
    let t = h.sync(&sync_request(G, 1, &old_id, Some("s"), &[(&old_id, b"x")]));
    assert_eq!(h.sync_response(t).unwrap().error_code, ErrorCode::None);
    let mut restart = join_request(G, "", Some("s"), &["range"], &["t"]);
    restart.api_version = 8;
    let response = join_error(&mut h, &restart);
    assert_eq!(
        (response.error_code, response.generation_id),
        (ErrorCode::None, 1)
    );
    assert_eq!(response.leader, old_id);
    assert!(response.members.is_empty() && !response.skip_assignment);
}

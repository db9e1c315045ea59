//! Every ConsumerGroupHeartbeat error, with Kafka's code and message; a failed heartbeat writes
//! no record (the harness checks that on every call).

mod common;

use common::consumer::*;
use common::*;
use group::*;
use model::ErrorCode;

fn topics() -> TopicsView {
    view(&[("a", 1, 4)])
}

fn expect(
    h: &mut Harness,
    request: &ConsumerGroupHeartbeatRequest,
    code: ErrorCode,
    message: &str,
) {
    let response = h.cg_heartbeat(request, &topics());
    assert_eq!(response.error_code, code, "{request:?}");
    assert_eq!(
        response.error_message.as_deref(),
        Some(message),
        "{request:?}"
    );
    assert_eq!((response.member_id, response.assignment), (None, None));
}

/// A join request changed by `change`.
fn join_with(
    change: impl FnOnce(&mut ConsumerGroupHeartbeatRequest),
) -> ConsumerGroupHeartbeatRequest {
    let mut request = cg_join("g", "m1", &["a"]);
    change(&mut request);
    request
}

#[test]
fn invalid_requests_are_refused_with_kafkas_messages() {
    let mut h = Harness::new(GroupConfig::default(), 1);
    let owning = vec![OwnedPartitions {
        topic_id: topic_id(1),
        partitions: vec![0],
    }];
    let cases: Vec<(ConsumerGroupHeartbeatRequest, &str)> = vec![
        (cg_join("", "m1", &["a"]), "GroupId can't be empty."),
        (
            join_with(|r| r.instance_id = Some(String::new())),
            "InstanceId can't be empty.",
        ),
        (
            join_with(|r| r.rack_id = Some(String::new())),
            "RackId can't be empty.",
        ),
        (cg_request("g", "", 3), "MemberId can't be empty."),
        (cg_request("g", "", -1), "MemberId can't be empty."),
        (cg_join("g", "", &["a"]), "MemberId can't be empty."),
        (
            join_with(|r| r.rebalance_timeout_ms = -1),
            "RebalanceTimeoutMs must be provided in first request.",
        ),
        (
            join_with(|r| r.topic_partitions = None),
            "TopicPartitions must be empty when (re-)joining.",
        ),
        (
            join_with(|r| r.topic_partitions = Some(owning)),
            "TopicPartitions must be empty when (re-)joining.",
        ),
        (
            join_with(|r| r.subscribed_topic_names = Some(Vec::new())),
            "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.",
        ),
        (cg_request("g", "m1", -2), "InstanceId can't be null."),
        (cg_request("g", "m1", -3), "MemberEpoch is invalid."),
        (
            join_with(|r| r.group_id = "g".repeat(40_000)),
            "A string is longer than 32767 bytes.",
        ),
    ];
    for (request, message) in &cases {
        expect(&mut h, request, ErrorCode::InvalidRequest, message);
    }
    expect(
        &mut h,
        &join_with(|r| r.server_assignor = Some("sticky".into())),
        ErrorCode::UnsupportedAssignor,
        "ServerAssignor sticky is not supported. Supported assignors: uniform, range.",
    );
    let bad_regex = join_with(|r| r.subscribed_topic_regex = Some("(".into()));
    let response = h.cg_heartbeat(&bad_regex, &topics());
    assert_eq!(response.error_code, ErrorCode::InvalidRegularExpression);
    assert!(h.log.is_empty());
}

#[test]
fn v0_clients_get_a_generated_member_id() {
    let mut h = Harness::new(GroupConfig::default(), 2);
    let mut r = cg_join("g", "", &["a"]);
    r.api_version = 0;
    let response = h.cg_heartbeat(&r, &topics());
    assert_eq!(response.error_code, ErrorCode::None);
    let id = response.member_id.unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(response.member_epoch, 1);
}

#[test]
fn unknown_groups_members_and_instances() {
    let mut h = Harness::new(GroupConfig::default(), 3);
    expect(
        &mut h,
        &cg_request("g", "m1", 1),
        ErrorCode::GroupIdNotFound,
        "Consumer group g not found.",
    );
    expect(
        &mut h,
        &cg_request("g", "m1", -1),
        ErrorCode::GroupIdNotFound,
        "Consumer group g not found.",
    );
    let mut c1 = Client::new("g", "m1", &["a"]);
    c1.heartbeat(&mut h, &topics());
    for epoch in [1, -1] {
        let message = "Member m2 is not a member of group g.";
        expect(
            &mut h,
            &cg_request("g", "m2", epoch),
            ErrorCode::UnknownMemberId,
            message,
        );
    }
    let mut r = cg_request("g", "m1", 1);
    r.instance_id = Some("i9".into());
    for epoch in [1, -2] {
        r.member_epoch = epoch;
        expect(
            &mut h,
            &r,
            ErrorCode::UnknownMemberId,
            "Instance id i9 is unknown.",
        );
    }

    // A classic group with a member is not a consumer group.
    let token = h.join(&join_request("classic", "", None, &["range"], &["a"]));
    let member = h.join_response(token).unwrap().member_id;
    h.join(&join_request("classic", &member, None, &["range"], &["a"]));
    expect(
        &mut h,
        &cg_join("classic", "m1", &["a"]),
        ErrorCode::GroupIdNotFound,
        "Group classic is not a consumer group.",
    );
    expect(
        &mut h,
        &cg_request("classic", "m1", 1),
        ErrorCode::GroupIdNotFound,
        "Group classic is not a consumer group.",
    );
    let described = h
        .coord
        .consumer_group_describe(&["classic".into()], &topics());
    assert_eq!(described[0].error_code, ErrorCode::GroupIdNotFound);
    assert_eq!(
        described[0].error_message.as_deref(),
        Some("Group classic is not a consumer group.")
    );
}

#[test]
fn stale_and_future_member_epochs_are_fenced() {
    let mut h = Harness::new(GroupConfig::default(), 4);
    let t = topics();
    let mut c1 = Client::new("g", "m1", &["a"]);
    c1.heartbeat(&mut h, &t);
    let mut c2 = Client::new("g", "m2", &["a"]);
    c2.heartbeat(&mut h, &t);
    settle(&mut h, &t, &mut [&mut c1, &mut c2]);
    assert_eq!(c1.epoch, 2);
    let mut r = c1.request();
    r.member_epoch = 3;
    expect(
        &mut h,
        &r,
        ErrorCode::FencedMemberEpoch,
        "The consumer group member has a greater member epoch (3) than the one known by the group coordinator (2). The member must abandon all its partitions and rejoin.",
    );
    // The previous epoch is accepted while the member owns a subset of its assignment (the
    // response with the new epoch may have been lost)...
    let mut r = c1.request();
    r.member_epoch = 1;
    assert_eq!(h.cg_heartbeat(&r, &t).error_code, ErrorCode::None);
    // ...not when it claims more, nor an older epoch.
    r.topic_partitions = Some(vec![OwnedPartitions {
        topic_id: topic_id(1),
        partitions: vec![0, 1, 2, 3],
    }]);
    let smaller = "The consumer group member has a smaller member epoch (1) than the one known by the group coordinator (2). The member must abandon all its partitions and rejoin.";
    expect(&mut h, &r, ErrorCode::FencedMemberEpoch, smaller);
    r.topic_partitions = None;
    expect(&mut h, &r, ErrorCode::FencedMemberEpoch, smaller);
    // A dynamic member rejoining with epoch 0 under its old id is fenced too.
    let r = cg_join("g", "m1", &["a"]);
    let response = h.cg_heartbeat(&r, &t);
    assert_eq!(response.error_code, ErrorCode::FencedMemberEpoch);
}

#[test]
fn static_member_instance_conflicts() {
    let mut h = Harness::new(GroupConfig::default(), 5);
    let t = topics();
    let mut s1 = Client::new("g", "s1", &["a"]).with_instance("i1");
    s1.heartbeat(&mut h, &t);
    let other = Client::new("g", "s2", &["a"]).with_instance("i1");
    expect(
        &mut h,
        &other.request(),
        ErrorCode::UnreleasedInstanceId,
        "Static member s2 with instance id i1 cannot join the group because the instance id is owned by s1 member.",
    );
    let mut r = cg_request("g", "s2", 1);
    r.instance_id = Some("i1".into());
    for epoch in [1, -2] {
        r.member_epoch = epoch;
        let message = "Static member s2 with instance id i1 was fenced by member s1.";
        expect(&mut h, &r, ErrorCode::FencedInstanceId, message);
    }
    // A static member that left with -2 and never came back is fenced by its session timeout.
    let mut leave = s1.request();
    leave.member_epoch = -2;
    assert_eq!(h.cg_heartbeat(&leave, &t).member_epoch, -2);
    h.advance(45_000);
    assert!(h.consumer_group("g").unwrap().members.is_empty());
}

#[test]
fn group_size_is_bounded() {
    let config = GroupConfig {
        consumer_group_size_max: 2,
        ..GroupConfig::default()
    };
    let mut h = Harness::new(config, 6);
    let t = topics();
    Client::new("g", "m1", &["a"]).heartbeat(&mut h, &t);
    let mut m2 = Client::new("g", "m2", &["a"]);
    m2.heartbeat(&mut h, &t);
    expect(
        &mut h,
        &cg_join("g", "m3", &["a"]),
        ErrorCode::GroupMaxSizeReached,
        "The consumer group has reached its maximum capacity of 2 members.",
    );
    // Members already in keep heartbeating.
    assert_eq!(m2.heartbeat(&mut h, &t).error_code, ErrorCode::None);
}

#[test]
fn a_loading_coordinator_answers_load_in_progress() {
    let mut coord = GroupCoordinator::new(GroupConfig::default(), 1);
    let mut fx = Effects::default();
    let response =
        coord.consumer_group_heartbeat(&cg_join("g", "m", &["a"]), &topics(), 0, &mut fx);
    assert_eq!(response.error_code, ErrorCode::CoordinatorLoadInProgress);
    assert!(fx.is_empty());
    let described = coord.consumer_group_describe(&["g".into()], &topics());
    assert_eq!(
        described[0].error_code,
        ErrorCode::CoordinatorLoadInProgress
    );
}

//! A seeded, deterministic run of one classic group's life: three members join, sync and
//! heartbeat; one leaves; one times out; a static member restarts without a rebalance; offsets
//! are committed and fetched; then a fresh coordinator rebuilt from the emitted records must hold
//! the same durable state and answer the same. Replay a failure with SLUICE_TEST_SEED=<seed>.

mod common;

use common::*;
use group::*;
use model::ErrorCode;

const GROUP: &str = "orders-consumers";

struct Member {
    id: String,
    instance: Option<&'static str>,
    protocols: &'static [&'static str],
    topic: &'static str,
}

impl Member {
    fn request(&self, session_timeout_ms: i32) -> JoinGroupRequest {
        let mut request = join_request(
            GROUP,
            &self.id,
            self.instance,
            self.protocols,
            &[self.topic, "shared"],
        );
        request.session_timeout_ms = session_timeout_ms;
        request
    }
}

/// Joins every member; returns the join responses in member order once the join phase ends.
fn join_all(
    h: &mut Harness,
    rng: &mut Rng,
    members: &mut [Member],
    session_ms: i32,
) -> Vec<JoinGroupResponse> {
    let mut order: Vec<usize> = (0..members.len()).collect();
    rng.shuffle(&mut order);
    let mut tokens = vec![None; members.len()];
    for &i in &order {
        let token = h.join(&members[i].request(session_ms));
        if members[i].id.is_empty() && members[i].instance.is_none() {
            // KIP-394: the first join of a dynamic member only hands out its id.
            let response = h
                .join_response(token)
                .expect("MEMBER_ID_REQUIRED is immediate");
            assert_eq!(response.error_code, ErrorCode::MemberIdRequired);
            members[i].id = response.member_id;
            tokens[i] = Some(h.join(&members[i].request(session_ms)));
        } else {
            tokens[i] = Some(token);
        }
        h.advance(rng.below(500) as i64);
    }
    let mut responses = vec![None; members.len()];
    for _ in 0..100 {
        for (i, token) in tokens.iter().enumerate() {
            if responses[i].is_none() {
                responses[i] = h.join_response(token.expect("joined"));
            }
        }
        if responses.iter().all(Option::is_some) {
            break;
        }
        h.advance(1_000);
    }
    let responses: Vec<JoinGroupResponse> = responses
        .into_iter()
        .map(|r| r.expect("join phase completes"))
        .collect();
    for (member, response) in members.iter_mut().zip(&responses) {
        assert_eq!(response.error_code, ErrorCode::None);
        member.id = response.member_id.clone();
    }
    responses
}

/// Followers and leader sync in a seeded order; returns each member's assignment.
fn sync_all(
    h: &mut Harness,
    rng: &mut Rng,
    members: &[Member],
    generation: i32,
    leader: &str,
) -> Vec<Vec<u8>> {
    let assignments: Vec<(String, Vec<u8>)> = members
        .iter()
        .map(|m| {
            (
                m.id.clone(),
                format!("assignment-of-{}-gen{generation}", m.id).into_bytes(),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..members.len()).collect();
    rng.shuffle(&mut order);
    let mut tokens = vec![None; members.len()];
    let mut leader_synced = false;
    for &i in &order {
        let m = &members[i];
        let is_leader = m.id == leader;
        let plan: Vec<(&str, &[u8])> = if is_leader {
            assignments
                .iter()
                .map(|(id, a)| (id.as_str(), a.as_slice()))
                .collect()
        } else {
            Vec::new()
        };
        let token = h.sync(&sync_request(GROUP, generation, &m.id, m.instance, &plan));
        // A follower that syncs before the leader waits; everyone else is answered at once.
        assert_eq!(
            h.is_pending(token),
            !is_leader && !leader_synced,
            "sync of {}",
            m.id
        );
        leader_synced |= is_leader;
        tokens[i] = Some(token);
    }
    let mut got = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let response = h
            .sync_response(tokens[i].expect("synced"))
            .expect("sync answered");
        assert_eq!(response.error_code, ErrorCode::None);
        assert_eq!(response.protocol_name.as_deref(), Some("range"));
        assert_eq!(
            response.assignment, assignments[i].1,
            "assignment of {}",
            m.id
        );
        got.push(response.assignment);
    }
    got
}

fn heartbeat_all(h: &mut Harness, members: &[Member], generation: i32, expected: ErrorCode) {
    for m in members {
        assert_eq!(
            h.heartbeat(GROUP, generation, &m.id, m.instance),
            expected,
            "heartbeat of {}",
            m.id
        );
    }
}

/// Runs the scenario and returns the record log (for the determinism check).
fn run(seed: u64) -> Vec<GroupRecord> {
    let mut rng = Rng::new(seed);
    let mut h = Harness::new(GroupConfig::default(), seed);
    let session_ms = 10_000 + rng.below(20_000) as i32;
    let mut members = vec![
        Member {
            id: String::new(),
            instance: None,
            protocols: &["range", "roundrobin"],
            topic: "a-topic",
        },
        Member {
            id: String::new(),
            instance: None,
            protocols: &["roundrobin", "range"],
            topic: "b-topic",
        },
        Member {
            id: String::new(),
            instance: Some("static-c"),
            protocols: &["range"],
            topic: "c-topic",
        },
    ];

    // 1. Three members join one generation (after the initial rebalance delay) and sync.
    let responses = join_all(&mut h, &mut rng, &mut members, session_ms);
    let leader = responses[0].leader.clone();
    for response in &responses {
        assert_eq!(
            (response.generation_id, response.protocol_name.as_deref()),
            (1, Some("range"))
        );
        assert_eq!(response.leader, leader);
        let expected_members = if response.member_id == leader { 3 } else { 0 };
        assert_eq!(response.members.len(), expected_members);
    }
    assert!(
        h.now_ms >= 3_000,
        "the initial rebalance delay holds the first generation back"
    );
    assert_eq!(h.state(GROUP), Some(("CompletingRebalance", 1, 3)));
    sync_all(&mut h, &mut rng, &members, 1, &leader);
    assert_eq!(h.state(GROUP), Some(("Stable", 1, 3)));

    // 2. Heartbeats keep everyone in for several session timeouts.
    for _ in 0..6 {
        h.advance(i64::from(session_ms) / 2);
        heartbeat_all(&mut h, &members, 1, ErrorCode::None);
    }

    // 3. Every member commits its partitions with its generation.
    for (i, m) in members.iter().enumerate() {
        let offsets: Vec<(i32, i64)> = (0..3)
            .map(|p| (p, (rng.below(1_000) + i as u64) as i64))
            .collect();
        let results = h.commit(&commit_request(GROUP, 1, &m.id, m.topic, &offsets));
        assert!(errors(&results).iter().all(|e| *e == ErrorCode::None));
        let fetched = fetch(&h.coord, GROUP, Some(&[(m.topic, &[0, 1, 2, 3])]));
        let got: Vec<i64> = fetched.topics[0]
            .partitions
            .iter()
            .map(|p| p.offset)
            .collect();
        let mut want: Vec<i64> = offsets.iter().map(|(_, o)| *o).collect();
        want.push(-1); // nothing committed for partition 3
        assert_eq!(got, want);
    }

    // 4. Member b leaves; the others rejoin into generation 2 without waiting for b.
    let leaving = members.remove(1);
    let left = h.leave(GROUP, &[(&leaving.id, None)]);
    assert_eq!(left.members[0].error_code, ErrorCode::None);
    heartbeat_all(&mut h, &members, 1, ErrorCode::RebalanceInProgress);
    // a's session restarts no earlier than this join phase (a follower's late sync does not restart it).
    let rejoin_started_ms = h.now_ms;
    let responses = join_all(&mut h, &mut rng, &mut members, session_ms);
    let leader = responses[0].leader.clone();
    assert!(responses.iter().all(|r| r.generation_id == 2));
    sync_all(&mut h, &mut rng, &members, 2, &leader);
    assert_eq!(h.state(GROUP), Some(("Stable", 2, 2)));

    // 5. Member a goes silent: only c heartbeats, and a is expired after its session timeout.
    let mut rebalance_seen_ms = None;
    for _ in 0..10 {
        h.advance(i64::from(session_ms) / 3);
        let error = h.heartbeat(GROUP, 2, &members[1].id, members[1].instance);
        if error == ErrorCode::RebalanceInProgress {
            rebalance_seen_ms = Some(h.now_ms);
            break;
        }
        assert_eq!(error, ErrorCode::None);
    }
    let seen_ms = rebalance_seen_ms.expect("a's session expired");
    assert!(seen_ms - rejoin_started_ms >= i64::from(session_ms));
    assert_eq!(
        h.heartbeat(GROUP, 2, &members[0].id, None),
        ErrorCode::UnknownMemberId
    );
    members.remove(0);
    let responses = join_all(&mut h, &mut rng, &mut members, session_ms);
    assert_eq!(
        (responses[0].generation_id, responses[0].leader.as_str()),
        (3, members[0].id.as_str())
    );
    let assignment = sync_all(&mut h, &mut rng, &members, 3, &members[0].id.clone()).remove(0);
    let commit = commit_request(GROUP, 3, &members[0].id, "c-topic", &[(0, 5_000)]);
    assert!(errors(&h.commit(&commit))
        .iter()
        .all(|e| *e == ErrorCode::None));

    // 6. The static member restarts: a new member id, same generation, its old assignment, no
    //    rebalance; the old incarnation is fenced.
    let old_id = members[0].id.clone();
    let records_before = h.log.len();
    let restart = Member {
        id: String::new(),
        instance: Some("static-c"),
        protocols: &["range"],
        topic: "c-topic",
    };
    let token = h.join(&restart.request(session_ms));
    let rejoined = h
        .join_response(token)
        .expect("a static rejoin into a stable group is answered at once");
    assert_eq!(rejoined.error_code, ErrorCode::None);
    assert_ne!(rejoined.member_id, old_id);
    assert_eq!(rejoined.generation_id, 3);
    assert!(
        rejoined.skip_assignment,
        "the static leader keeps the assignment it made"
    );
    assert_eq!(
        h.log.len(),
        records_before + 1,
        "the new member id is persisted"
    );
    assert_eq!(h.state(GROUP), Some(("Stable", 3, 1)));
    assert_eq!(
        h.heartbeat(GROUP, 3, &old_id, Some("static-c")),
        ErrorCode::FencedInstanceId
    );
    let token = h.sync(&sync_request(
        GROUP,
        3,
        &rejoined.member_id,
        Some("static-c"),
        &[],
    ));
    assert_eq!(
        h.sync_response(token).expect("stable sync").assignment,
        assignment
    );
    assert_eq!(
        h.heartbeat(GROUP, 3, &rejoined.member_id, Some("static-c")),
        ErrorCode::None
    );

    // 7. A simple consumer commits into its own group with generation -1.
    let simple = format!("simple-{}", seed % 1000);
    let results = h.commit(&commit_request(
        &simple,
        NO_GENERATION,
        "",
        "s-topic",
        &[(0, 7)],
    ));
    assert_eq!(errors(&results), vec![ErrorCode::None]);

    // 8. A coordinator rebuilt from the log has the same durable state and answers the same.
    assert_eq!(h.outstanding(), 0, "every deferred request was answered");
    let rebuilt = h.rebuild();
    assert_eq!(rebuilt.durable(), h.coord.durable());
    let ids = vec![GROUP.to_string(), simple.clone()];
    assert_eq!(
        rebuilt.describe_groups(&ids, 5),
        h.coord.describe_groups(&ids, 5)
    );
    let all = ListGroupsRequest::default();
    assert_eq!(rebuilt.list_groups(&all), h.coord.list_groups(&all));
    for group_id in &ids {
        assert_eq!(
            fetch(&rebuilt, group_id, None),
            fetch(&h.coord, group_id, None)
        );
    }
    h.log
}

#[test]
fn three_members_leave_time_out_restart_and_rebuild() {
    let seed = test_seed();
    let log = run(seed);
    assert_eq!(run(seed), log, "the same seed gives the same records");
}

#[test]
fn many_seeds() {
    let base = test_seed();
    for i in 0..50 {
        run(base.wrapping_add(i));
    }
}

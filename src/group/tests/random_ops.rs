//! Random operations from a small pool of members, groups and generations, on a fake clock,
//! classic and KIP-848 consumer-protocol calls mixed (one group id is used by both): nothing
//! panics, every deferred request is eventually answered, no partition is held by two
//! consumer-group members, and a coordinator rebuilt from the records holds the same durable
//! state. Replay a failure with SLUICE_TEST_SEED=<seed>.

mod common;

use common::consumer::*;
use common::*;
use group::*;
use model::ErrorCode;

const GROUPS: [&str; 2] = ["g1", "g2"];
const INSTANCES: [Option<&str>; 3] = [None, Some("i1"), Some("i2")];
const PROTOCOLS: [&[&str]; 3] = [&["range"], &["range", "roundrobin"], &["roundrobin"]];

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

/// Topic metadata as it changes over a run: partitions added, a topic created, one deleted.
fn random_view(rng: &mut Rng) -> TopicsView {
    match rng.below(4) {
        0 => view(&[("a", 1, 3), ("b", 2, 2)]),
        1 => view(&[("a", 1, 5), ("b", 2, 2), ("c", 3, 2)]),
        2 => view(&[("a", 1, 5), ("c", 3, 2)]),
        _ => view(&[("a", 1, 3), ("b", 2, 2), ("ca", 4, 1)]),
    }
}

/// One consumer-protocol call from a simulated client, mostly well-behaved.
/// Returns whether the call reached a stable member with partitions (the run must get there).
fn consumer_op(h: &mut Harness, rng: &mut Rng, clients: &mut [Client]) -> bool {
    let topics = random_view(rng);
    let index = rng.below(clients.len() as u64) as usize;
    let client = &mut clients[index];
    let mut request = client.request();
    match rng.below(10) {
        0 => request.member_epoch = -1,
        1 => request.member_epoch = if client.instance_id.is_some() { -2 } else { -1 },
        2 => request.member_epoch += rng.below(3) as i32 - 1,
        3 => {
            let names = [&["a"][..], &["a", "b"], &["c"], &["b", "zz"]];
            request.subscribed_topic_names =
                Some(pick(rng, &names).iter().map(|n| n.to_string()).collect());
            if rng.below(3) == 0 {
                request.subscribed_topic_regex = Some("c.*".into());
            }
            request.server_assignor = Some(pick(rng, &["uniform", "range"]).to_string());
        }
        4 => {
            h.advance(rng.below(20_000) as i64);
        }
        5 => {
            h.coord
                .consumer_group_describe(std::slice::from_ref(&client.group_id), &topics);
        }
        _ => {}
    }
    let response = h.cg_heartbeat(&request, &topics);
    if response.error_code == ErrorCode::None {
        client.apply(&response);
        if request.member_epoch < 0 {
            client.epoch = 0;
            client.owned.clear();
            if request.member_epoch == -1 {
                client.member_id = format!("{}x", client.member_id);
            }
        }
        if let Some(assignment) = &response.assignment {
            let group = h.consumer_group(&client.group_id).expect("group exists");
            let current = group.current_of(&client.member_id).assigned_partitions;
            assert_eq!(owned_partitions(&current), *assignment);
        }
    } else {
        // Fenced or refused: a real consumer drops its partitions and rejoins (a fresh id).
        client.epoch = 0;
        client.owned.clear();
        if client.instance_id.is_none() {
            client.member_id = format!("{}x", client.member_id);
        }
    }
    assert_single_owner(h, &[]);
    let group = h.consumer_group(&clients[index].group_id);
    let member_id = &clients[index].member_id;
    group.is_some_and(|g| g.members.contains_key(member_id)) && clients[index].count() > 0
}

fn run(seed: u64, steps: usize) {
    let config = GroupConfig {
        group_size_max: 4,
        offsets_retention_ms: 120_000,
        ..GroupConfig::default()
    };
    let mut h = Harness::new(config, seed);
    let mut rng = Rng::new(seed);
    // Member ids seen so far (from join responses), plus junk ones.
    let mut ids: Vec<String> = vec![String::new(), "junk".into()];
    // (group, member id, instance, generation) of successful joins: mostly act as a real member.
    let mut known: Vec<(&str, String, Option<&str>, i32)> = Vec::new();
    let mut join_tokens = Vec::new();
    let mut consumer_progress = 0;
    let mut clients: Vec<Client> = (0..6)
        .map(|i| {
            let group_id = if i < 4 { "c1" } else { "g1" };
            let client = Client::new(group_id, &format!("cm{i}"), &["a", "b"]);
            if i % 3 == 0 {
                client.with_instance(&format!("i{i}"))
            } else {
                client
            }
        })
        .collect();
    for _ in 0..steps {
        let (group_id, member_id, instance, generation) = if !known.is_empty() && rng.below(4) != 0
        {
            known[known.len() - 1 - rng.below(known.len().min(4) as u64) as usize].clone()
        } else {
            let group_id = *pick(&mut rng, &GROUPS);
            let member_id = pick(&mut rng, &ids).clone();
            (
                group_id,
                member_id,
                *pick(&mut rng, &INSTANCES),
                rng.below(5) as i32 - 1,
            )
        };
        let group_id: &'static str = group_id;
        if rng.below(3) == 0 {
            consumer_progress += usize::from(consumer_op(&mut h, &mut rng, &mut clients));
            continue;
        }
        match rng.below(12) {
            0..=1 => {
                let mut request = join_request(
                    group_id,
                    &member_id,
                    instance,
                    pick::<&[&str]>(&mut rng, &PROTOCOLS),
                    &["t"],
                );
                request.api_version = if rng.below(4) == 0 { 3 } else { 9 };
                request.session_timeout_ms = 6_000 + rng.below(10_000) as i32;
                request.rebalance_timeout_ms = rng.below(40_000) as i32;
                join_tokens.push((h.join(&request), group_id, instance));
            }
            2..=4 => {
                let assignments: Vec<(String, Vec<u8>)> = ids
                    .iter()
                    .map(|id| (id.clone(), id.as_bytes().to_vec()))
                    .collect();
                let plan: Vec<(&str, &[u8])> = assignments
                    .iter()
                    .map(|(i, a)| (i.as_str(), a.as_slice()))
                    .collect();
                h.sync(&sync_request(
                    group_id, generation, &member_id, instance, &plan,
                ));
            }
            5..=6 => {
                h.heartbeat(group_id, generation, &member_id, instance);
            }
            7 => {
                h.leave(group_id, &[(&member_id, instance)]);
            }
            8 => {
                let offsets = [(rng.below(3) as i32, rng.below(100) as i64)];
                let topic = *pick(&mut rng, &["t", "u"]);
                h.commit(&commit_request(
                    group_id, generation, &member_id, topic, &offsets,
                ));
            }
            9 => {
                h.advance(rng.below(1_500) as i64);
            }
            10 => match rng.below(4) {
                0 => {
                    h.delete_groups(&[group_id]);
                }
                1 => {
                    h.offset_delete(group_id, "u", &[0, 1]);
                }
                2 => {
                    h.expire_offsets();
                }
                _ => {
                    h.coord.describe_groups(&[group_id.to_string()], 5);
                    h.coord
                        .list_groups(&ListGroupsRequest::default())
                        .expect("loaded");
                }
            },
            _ => {
                fetch(&h.coord, group_id, None);
            }
        }
        for (token, group_id, instance) in std::mem::take(&mut join_tokens) {
            let Some(response) = h.join_response(token) else {
                join_tokens.push((token, group_id, instance));
                continue;
            };
            if !response.member_id.is_empty() && !ids.contains(&response.member_id) {
                ids.push(response.member_id.clone());
            }
            if response.error_code == model::ErrorCode::MemberIdRequired {
                known.push((group_id, response.member_id, instance, -1));
            } else if response.error_code.is_none() {
                known.push((
                    group_id,
                    response.member_id,
                    instance,
                    response.generation_id,
                ));
            }
        }
    }
    assert_compacted_log_rebuilds(&h.log, h.coord.durable());
    // Left alone long enough, every member expires and every request is answered.
    for _ in 0..100 {
        h.advance(10_000);
    }
    assert_eq!(h.outstanding(), 0, "deferred requests left unanswered");
    assert!(
        consumer_progress > 0,
        "no consumer-group member ever owned a partition"
    );
    assert_eq!(h.rebuild().durable(), h.coord.durable());
    assert_compacted_log_rebuilds(&h.log, h.coord.durable());
}

#[test]
fn random_operations_keep_the_invariants() {
    let base = test_seed();
    for i in 0..40 {
        run(base.wrapping_add(i), 400);
    }
}

/// The log cleaner's contract with the coordinator: the partition compacted by key (the last
/// record of each key kept in log order, as the cleaner keeps it) replays to the same state —
/// with its tombstones (within `delete.retention.ms`) and without them (after).
fn assert_compacted_log_rebuilds(log: &[group::GroupRecord], state: &group::DurableState) {
    let mut last = std::collections::HashMap::new();
    for (i, record) in log.iter().enumerate() {
        last.insert(record.encode_key(), i);
    }
    for drop_tombstones in [false, true] {
        let mut rebuilt = group::DurableState::default();
        for (i, record) in log.iter().enumerate() {
            if last[&record.encode_key()] != i || (drop_tombstones && record.is_tombstone()) {
                continue;
            }
            let value = record.encode_value();
            let decoded = group::GroupRecord::decode(&record.encode_key(), value.as_deref())
                .expect("records decode");
            rebuilt.replay(&decoded);
        }
        assert_eq!(
            &rebuilt, state,
            "state rebuilt from the compacted log (tombstones dropped: {drop_tombstones})"
        );
    }
}

//! Random operations from a small pool of members, groups and generations, on a fake clock:
//! nothing panics, every deferred request is eventually answered, and a coordinator rebuilt from
//! the records holds the same durable state. Replay a failure with SLUICE_TEST_SEED=<seed>.

mod common;

use common::*;
use group::*;

const GROUPS: [&str; 2] = ["g1", "g2"];
const INSTANCES: [Option<&str>; 3] = [None, Some("i1"), Some("i2")];
const PROTOCOLS: [&[&str]; 3] = [&["range"], &["range", "roundrobin"], &["roundrobin"]];

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
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
    // Left alone long enough, every member expires and every request is answered.
    for _ in 0..100 {
        h.advance(10_000);
    }
    assert_eq!(h.outstanding(), 0, "deferred requests left unanswered");
    assert_eq!(h.rebuild().durable(), h.coord.durable());
}

#[test]
fn random_operations_keep_the_invariants() {
    let base = test_seed();
    for i in 0..40 {
        run(base.wrapping_add(i), 400);
    }
}

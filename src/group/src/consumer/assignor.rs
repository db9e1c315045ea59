//! Server-side assignors (`group.consumer.assignors`): `uniform` (sticky and balanced, Kafka's
//! default) and `range` (contiguous ranges per topic, Kafka's `RangeAssignor`). Both are pure
//! functions of the members, their subscriptions and the previous target assignment.

use std::collections::{BTreeMap, BTreeSet};

use model::TopicId;

use crate::consumer_record::Assignment;

pub(crate) const UNIFORM_ASSIGNOR: &str = "uniform";
pub(crate) const RANGE_ASSIGNOR: &str = "range";

/// One member as an assignor sees it.
pub(crate) struct MemberSpec<'a> {
    pub(crate) id: &'a str,
    pub(crate) instance_id: Option<&'a str>,
    /// Subscribed topics that exist.
    pub(crate) topics: BTreeSet<TopicId>,
    pub(crate) previous: Option<&'a Assignment>,
}

/// Runs the named assignor (the caller checked the name): member id → target assignment, with an
/// entry (maybe empty) for every member.
pub(crate) fn assign(
    assignor: &str,
    members: &[MemberSpec<'_>],
    partitions_by_topic: &BTreeMap<TopicId, i32>,
) -> BTreeMap<String, Assignment> {
    if assignor == RANGE_ASSIGNOR {
        range(members, partitions_by_topic)
    } else {
        uniform(members, partitions_by_topic)
    }
}

/// Kafka's range assignor: per topic, the subscribed members in order (static members by
/// instance id first, then the others by member id) get contiguous ranges, the first
/// `partitions % members` of them one partition more.
fn range(
    members: &[MemberSpec<'_>],
    partitions_by_topic: &BTreeMap<TopicId, i32>,
) -> BTreeMap<String, Assignment> {
    let mut order: Vec<&MemberSpec<'_>> = members.iter().collect();
    order.sort_by(|a, b| match (a.instance_id, b.instance_id) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(b.id),
    });
    let mut result: BTreeMap<String, Assignment> = members
        .iter()
        .map(|m| (m.id.to_string(), Assignment::new()))
        .collect();
    for (topic, &count) in partitions_by_topic {
        let subscribers: Vec<&str> = order
            .iter()
            .filter(|m| m.topics.contains(topic))
            .map(|m| m.id)
            .collect();
        if subscribers.is_empty() || count <= 0 {
            continue;
        }
        let n = subscribers.len() as i32;
        let (quota, extra) = (count / n, count % n);
        let mut next = 0;
        for (k, member) in subscribers.iter().enumerate() {
            let take = quota + i32::from((k as i32) < extra);
            if take > 0 {
                let partitions = result.entry(member.to_string()).or_default();
                partitions.insert(*topic, (next..next + take).collect());
            }
            next += take;
        }
    }
    result
}

/// The uniform assignor: every member keeps the partitions of its previous target that it may
/// still have, free partitions go to the least-loaded subscriber, then partitions move from the
/// most-loaded members to subscribers with at least two fewer until none can. With identical
/// subscriptions the counts end up at most one apart; partitions move only to restore balance.
fn uniform(
    members: &[MemberSpec<'_>],
    partitions_by_topic: &BTreeMap<TopicId, i32>,
) -> BTreeMap<String, Assignment> {
    let mut owner: BTreeMap<(TopicId, i32), usize> = BTreeMap::new();
    let mut counts = vec![0usize; members.len()];
    let exists = |t: &TopicId, p: i32| partitions_by_topic.get(t).is_some_and(|&n| p >= 0 && p < n);
    for (i, member) in members.iter().enumerate() {
        for (topic, partitions) in member.previous.into_iter().flatten() {
            if !member.topics.contains(topic) {
                continue;
            }
            for &p in partitions {
                if exists(topic, p) && !owner.contains_key(&(*topic, p)) {
                    owner.insert((*topic, p), i);
                    counts[i] += 1;
                }
            }
        }
    }
    let subscribers: BTreeMap<TopicId, Vec<usize>> = partitions_by_topic
        .keys()
        .map(|t| {
            let ids = (0..members.len())
                .filter(|&i| members[i].topics.contains(t))
                .collect();
            (*t, ids)
        })
        .collect();
    for (topic, &count) in partitions_by_topic {
        let eligible = &subscribers[topic];
        for p in 0..count {
            if owner.contains_key(&(*topic, p)) {
                continue;
            }
            if let Some(&least) = eligible.iter().min_by_key(|&&i| (counts[i], i)) {
                owner.insert((*topic, p), least);
                counts[least] += 1;
            }
        }
    }
    balance(&mut owner, &mut counts, &subscribers);
    let mut result: BTreeMap<String, Assignment> = members
        .iter()
        .map(|m| (m.id.to_string(), Assignment::new()))
        .collect();
    for ((topic, p), i) in owner {
        let assignment = result.entry(members[i].id.to_string()).or_default();
        assignment.entry(topic).or_default().insert(p);
    }
    result
}

/// Moves partitions from the most-loaded members to subscribers with at least two fewer, one at
/// a time, until no move narrows a gap. Each move lowers the sum of squared counts, so this ends
/// (after at most one move per partition in practice); taking from the most-loaded first keeps
/// the partitions of members that are not over their share where they are.
fn balance(
    owner: &mut BTreeMap<(TopicId, i32), usize>,
    counts: &mut [usize],
    subscribers: &BTreeMap<TopicId, Vec<usize>>,
) {
    let mut held: Vec<Vec<(TopicId, i32)>> = vec![Vec::new(); counts.len()];
    for (key, &i) in owner.iter() {
        held[i].push(*key);
    }
    loop {
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(counts[i]), i));
        let mut moved = false;
        'from: for &from in &order {
            for index in (0..held[from].len()).rev() {
                let key = held[from][index];
                let to = subscribers[&key.0]
                    .iter()
                    .copied()
                    .filter(|&i| counts[i] + 1 < counts[from])
                    .min_by_key(|&i| (counts[i], i));
                if let Some(to) = to {
                    held[from].remove(index);
                    held[to].push(key);
                    owner.insert(key, to);
                    counts[from] -= 1;
                    counts[to] += 1;
                    moved = true;
                    break 'from;
                }
            }
        }
        if !moved {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: u8) -> TopicId {
        TopicId([n; 16])
    }

    fn spec<'a>(id: &'a str, topics: &[u8], previous: Option<&'a Assignment>) -> MemberSpec<'a> {
        MemberSpec {
            id,
            instance_id: None,
            topics: topics.iter().map(|&n| t(n)).collect(),
            previous,
        }
    }

    fn sizes(result: &BTreeMap<String, Assignment>) -> Vec<usize> {
        result
            .values()
            .map(|a| a.values().map(BTreeSet::len).sum())
            .collect()
    }

    #[test]
    fn range_gives_contiguous_ranges_extra_to_the_first() {
        let topics: BTreeMap<TopicId, i32> = [(t(1), 7)].into();
        let members = [
            spec("a", &[1], None),
            spec("b", &[1], None),
            spec("c", &[1], None),
        ];
        let result = assign(RANGE_ASSIGNOR, &members, &topics);
        let parts = |m: &str| result[m][&t(1)].iter().copied().collect::<Vec<_>>();
        assert_eq!(parts("a"), vec![0, 1, 2]);
        assert_eq!(parts("b"), vec![3, 4]);
        assert_eq!(parts("c"), vec![5, 6]);
    }

    #[test]
    fn uniform_balances_and_is_sticky() {
        let topics: BTreeMap<TopicId, i32> = [(t(1), 6), (t(2), 6)].into();
        let first = assign(UNIFORM_ASSIGNOR, &[spec("a", &[1, 2], None)], &topics);
        assert_eq!(sizes(&first), vec![12]);
        let members = [
            spec("a", &[1, 2], Some(&first["a"])),
            spec("b", &[1, 2], None),
        ];
        let second = assign(UNIFORM_ASSIGNOR, &members, &topics);
        assert_eq!(sizes(&second), vec![6, 6]);
        // Sticky: what "a" keeps is a subset of what it had.
        for (topic, partitions) in &second["a"] {
            assert!(partitions.is_subset(&first["a"][topic]));
        }
        let members = [
            spec("a", &[1, 2], Some(&second["a"])),
            spec("b", &[1, 2], Some(&second["b"])),
            spec("c", &[1, 2], None),
        ];
        let third = assign(UNIFORM_ASSIGNOR, &members, &topics);
        assert_eq!(sizes(&third), vec![4, 4, 4]);
        for m in ["a", "b"] {
            for (topic, partitions) in &third[m] {
                assert!(partitions.is_subset(&second[m][topic]));
            }
        }
    }

    #[test]
    fn uniform_respects_subscriptions_and_drops_vanished_partitions() {
        let topics: BTreeMap<TopicId, i32> = [(t(1), 2), (t(2), 4)].into();
        let stale: Assignment = [(t(1), [0, 1, 5].into()), (t(3), [0].into())].into();
        let members = [spec("a", &[1], Some(&stale)), spec("b", &[1, 2], None)];
        let result = assign(UNIFORM_ASSIGNOR, &members, &topics);
        assert!(!result["a"].contains_key(&t(2)));
        assert!(!result["a"].contains_key(&t(3)));
        let total: usize = sizes(&result).iter().sum();
        assert_eq!(total, 6);
        assert_eq!(sizes(&result), vec![2, 4]);
    }
}

//! Test helpers for KIP-848 consumer groups: a simulated consumer that owns what the coordinator
//! last gave it (revoking at once, as the Java consumer does after its callbacks), and the
//! single-owner invariant.

use std::collections::BTreeMap;

use group::*;
use model::{ErrorCode, TopicId};

use super::Harness;

pub fn topic_id(n: u8) -> TopicId {
    TopicId([n; 16])
}

/// A view of (name, id byte, partition count) topics.
pub fn view(topics: &[(&str, u8, i32)]) -> TopicsView {
    let mut v = TopicsView::new();
    for (name, id, partitions) in topics {
        v.insert(*name, topic_id(*id), *partitions);
    }
    v
}

pub fn cg_request(
    group_id: &str,
    member_id: &str,
    member_epoch: i32,
) -> ConsumerGroupHeartbeatRequest {
    ConsumerGroupHeartbeatRequest {
        api_version: 1,
        group_id: group_id.into(),
        member_id: member_id.into(),
        member_epoch,
        instance_id: None,
        rack_id: None,
        rebalance_timeout_ms: -1,
        subscribed_topic_names: None,
        subscribed_topic_regex: None,
        server_assignor: None,
        topic_partitions: None,
        client_id: "client".into(),
        client_host: "/127.0.0.1".into(),
    }
}

/// A first heartbeat (epoch 0) subscribing to `topics`.
pub fn cg_join(group_id: &str, member_id: &str, topics: &[&str]) -> ConsumerGroupHeartbeatRequest {
    ConsumerGroupHeartbeatRequest {
        rebalance_timeout_ms: 30_000,
        subscribed_topic_names: Some(topics.iter().map(|t| t.to_string()).collect()),
        topic_partitions: Some(Vec::new()),
        ..cg_request(group_id, member_id, 0)
    }
}

impl Harness {
    pub fn cg_heartbeat(
        &mut self,
        request: &ConsumerGroupHeartbeatRequest,
        topics: &TopicsView,
    ) -> ConsumerGroupHeartbeatResponse {
        let mut fx = Effects::default();
        let response = self
            .coord
            .consumer_group_heartbeat(request, topics, self.now_ms, &mut fx);
        if response.error_code != ErrorCode::None {
            assert!(
                fx.records.is_empty(),
                "a failed heartbeat wrote {:?}",
                fx.records
            );
        }
        self.absorb(fx);
        response
    }

    pub fn consumer_group(&self, group_id: &str) -> Option<&ConsumerGroupState> {
        self.coord.durable().consumer_groups.get(group_id)
    }

    pub fn consumer_status(&self, group_id: &str) -> Option<&'static str> {
        self.consumer_group(group_id).map(|g| g.status().name())
    }
}

/// A simulated KIP-848 consumer.
#[derive(Debug, Clone)]
pub struct Client {
    pub group_id: String,
    pub member_id: String,
    pub instance_id: Option<String>,
    pub topics: Vec<String>,
    pub regex: Option<String>,
    pub epoch: i32,
    pub owned: Assignment,
    pub assignor: Option<String>,
}

impl Client {
    pub fn new(group_id: &str, member_id: &str, topics: &[&str]) -> Self {
        Client {
            group_id: group_id.into(),
            member_id: member_id.into(),
            instance_id: None,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            regex: None,
            epoch: 0,
            owned: Assignment::new(),
            assignor: None,
        }
    }

    pub fn with_instance(mut self, instance_id: &str) -> Self {
        self.instance_id = Some(instance_id.into());
        self
    }

    /// The request this client sends now: a full one when joining, else a plain heartbeat with
    /// what it owns.
    pub fn request(&self) -> ConsumerGroupHeartbeatRequest {
        let mut request = if self.epoch == 0 {
            let names: Vec<&str> = self.topics.iter().map(String::as_str).collect();
            let mut join = cg_join(&self.group_id, &self.member_id, &names);
            if names.is_empty() {
                join.subscribed_topic_names = None;
            }
            join.subscribed_topic_regex = self.regex.clone();
            join
        } else {
            cg_request(&self.group_id, &self.member_id, self.epoch)
        };
        request.instance_id = self.instance_id.clone();
        request.server_assignor = self.assignor.clone();
        if self.epoch != 0 {
            request.topic_partitions = Some(owned_partitions(&self.owned));
        }
        request
    }

    /// Applies a response: a new epoch, and the assignment when one came.
    pub fn apply(&mut self, response: &ConsumerGroupHeartbeatResponse) {
        assert_eq!(response.error_code, ErrorCode::None, "{response:?}");
        if let Some(id) = &response.member_id {
            self.member_id = id.clone();
        }
        self.epoch = response.member_epoch;
        if let Some(assignment) = &response.assignment {
            self.owned = assignment
                .iter()
                .filter(|t| !t.partitions.is_empty())
                .map(|t| (t.topic_id, t.partitions.iter().copied().collect()))
                .collect();
        }
    }

    pub fn heartbeat(
        &mut self,
        h: &mut Harness,
        topics: &TopicsView,
    ) -> ConsumerGroupHeartbeatResponse {
        let response = h.cg_heartbeat(&self.request(), topics);
        self.apply(&response);
        response
    }

    pub fn count(&self) -> usize {
        self.owned.values().map(|p| p.len()).sum()
    }
}

pub fn owned_partitions(assignment: &Assignment) -> Vec<OwnedPartitions> {
    assignment
        .iter()
        .map(|(t, ps)| OwnedPartitions {
            topic_id: *t,
            partitions: ps.iter().copied().collect(),
        })
        .collect()
}

/// No partition is owned by two clients, nor held (assigned or pending revocation) by two
/// members in the coordinator's state.
pub fn assert_single_owner(h: &Harness, clients: &[&Client]) {
    let mut owner: BTreeMap<(TopicId, i32), &str> = BTreeMap::new();
    for client in clients {
        for (topic, partitions) in &client.owned {
            for p in partitions {
                if let Some(other) = owner.insert((*topic, *p), &client.member_id) {
                    panic!("{topic:?}-{p} owned by {other} and {}", client.member_id);
                }
            }
        }
    }
    for group in h.coord.durable().consumer_groups.values() {
        let mut held: BTreeMap<(TopicId, i32), &str> = BTreeMap::new();
        for (member, current) in &group.current {
            let all = current
                .assigned_partitions
                .iter()
                .chain(current.partitions_pending_revocation.iter());
            for (topic, partitions) in all {
                for p in partitions {
                    if let Some(other) = held.insert((*topic, *p), member) {
                        panic!("{topic:?}-{p} held by {other} and {member}");
                    }
                }
            }
        }
    }
}

/// Heartbeats every client in turn, checking the invariant after each, until the group is
/// Stable and a whole round changed nothing; returns the rounds taken.
pub fn settle(h: &mut Harness, topics: &TopicsView, clients: &mut [&mut Client]) -> usize {
    const ROUNDS_MAX: usize = 20; // convergence takes ~3 rounds; more means a livelock
    for round in 0..ROUNDS_MAX {
        let before: Vec<(i32, Assignment)> =
            clients.iter().map(|c| (c.epoch, c.owned.clone())).collect();
        for i in 0..clients.len() {
            clients[i].heartbeat(h, topics);
            let view: Vec<&Client> = clients.iter().map(|c| &**c).collect();
            assert_single_owner(h, &view);
        }
        let after: Vec<(i32, Assignment)> =
            clients.iter().map(|c| (c.epoch, c.owned.clone())).collect();
        let group_id = clients[0].group_id.clone();
        if before == after && h.consumer_status(&group_id) == Some("Stable") {
            return round;
        }
    }
    panic!("group did not settle in {ROUNDS_MAX} rounds");
}

//! The live (volatile) state of one classic group: members with their pending requests, the state
//! machine position, static-member mapping and pending members (Kafka's `ClassicGroup` and
//! `ClassicGroupMember`). Snapshots of it become `GroupMetadataValue` records.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{JoinGroupMember, JoinProtocol, RequestToken};
use crate::record::{consumer_subscription_topics, GroupMetadataValue, MemberMetadata};

/// Kafka's protocol type of consumers: only their subscriptions are parsed (for OffsetDelete and
/// offset expiry).
pub(crate) const CONSUMER_PROTOCOL_TYPE: &str = "consumer";
/// ListGroups/DescribeGroups type of every group here (KIP-848 groups are "consumer").
pub(crate) const CLASSIC_GROUP_TYPE: &str = "classic";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl GroupState {
    /// Kafka's display name (ListGroups, DescribeGroups).
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }
}

/// The running initial-rebalance delay: its current length and the rebalance time left after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InitialJoin {
    pub(crate) delay_ms: i32,
    pub(crate) remaining_ms: i32,
}

#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) group_instance_id: Option<String>,
    pub(crate) client_id: String,
    pub(crate) client_host: String,
    pub(crate) rebalance_timeout_ms: i32,
    pub(crate) session_timeout_ms: i32,
    pub(crate) protocol_type: String,
    pub(crate) protocols: Vec<JoinProtocol>,
    pub(crate) assignment: Vec<u8>,
    pub(crate) awaiting_join: Option<RequestToken>,
    pub(crate) awaiting_sync: Option<RequestToken>,
    /// Joined but never completed a join phase: may expire while awaiting join.
    pub(crate) is_new: bool,
}

impl Member {
    pub(crate) fn metadata(&self, protocol: &str) -> Vec<u8> {
        let found = self.protocols.iter().find(|p| p.name == protocol);
        found.map(|p| p.metadata.clone()).unwrap_or_default()
    }

    pub(crate) fn supports(&self, protocol: &str) -> bool {
        self.protocols.iter().any(|p| p.name == protocol)
    }

    /// Kafka's `hasSatisfiedHeartbeat`: members waiting in a rebalance need no heartbeat, except
    /// new ones, which may expire while awaiting their first join.
    pub(crate) fn has_satisfied_heartbeat(&self) -> bool {
        !self.is_new && (self.awaiting_join.is_some() || self.awaiting_sync.is_some())
    }
}

#[derive(Debug)]
pub(crate) struct ClassicGroup {
    pub(crate) id: String,
    pub(crate) state: GroupState,
    /// When the group entered `state`; `None` for groups loaded from a pre-v2 record.
    pub(crate) state_timestamp_ms: Option<i64>,
    pub(crate) generation: i32,
    pub(crate) protocol_type: Option<String>,
    pub(crate) protocol_name: Option<String>,
    pub(crate) leader: Option<String>,
    /// Ordered by member id so that leader re-election is deterministic.
    pub(crate) members: BTreeMap<String, Member>,
    /// group.instance.id → member id.
    pub(crate) static_members: BTreeMap<String, String>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, not yet joined with.
    pub(crate) pending_members: BTreeSet<String>,
    /// Members of this generation that have not sent SyncGroup yet.
    pub(crate) pending_sync: BTreeSet<String>,
    /// Set while the initial-rebalance delay runs (the join phase began from Empty).
    pub(crate) initial_join: Option<InitialJoin>,
    pub(crate) new_member_added: bool,
    /// Topics the members subscribe to; `None` when unknown (not a consumer group).
    pub(crate) subscribed_topics: Option<BTreeSet<String>>,
}

impl ClassicGroup {
    pub(crate) fn new(id: &str, now_ms: i64) -> Self {
        ClassicGroup {
            id: id.to_string(),
            state: GroupState::Empty,
            state_timestamp_ms: Some(now_ms),
            generation: 0,
            protocol_type: None,
            protocol_name: None,
            leader: None,
            members: BTreeMap::new(),
            static_members: BTreeMap::new(),
            pending_members: BTreeSet::new(),
            pending_sync: BTreeSet::new(),
            initial_join: None,
            new_member_added: false,
            subscribed_topics: None,
        }
    }

    /// Rebuilds the live group from its durable snapshot (Stable with members, else Empty).
    pub(crate) fn from_snapshot(id: &str, value: &GroupMetadataValue) -> Self {
        let mut group = ClassicGroup::new(id, 0);
        group.state = if value.members.is_empty() {
            GroupState::Empty
        } else {
            GroupState::Stable
        };
        group.state_timestamp_ms = Some(value.current_state_timestamp_ms).filter(|&t| t >= 0);
        group.generation = value.generation;
        group.protocol_type = Some(value.protocol_type.clone()).filter(|t| !t.is_empty());
        group.protocol_name = value.protocol.clone();
        for m in &value.members {
            group
                .members
                .insert(m.member_id.clone(), member_from_snapshot(m, value));
            if let Some(instance) = &m.group_instance_id {
                group
                    .static_members
                    .insert(instance.clone(), m.member_id.clone());
            }
        }
        group.leader = value
            .leader
            .clone()
            .filter(|l| group.members.contains_key(l));
        if group.leader.is_none() {
            group.leader = group.members.keys().next().cloned();
        }
        group.subscribed_topics = group.compute_subscribed_topics();
        group
    }

    pub(crate) fn transition(&mut self, state: GroupState, now_ms: i64) {
        self.state = state;
        self.state_timestamp_ms = Some(now_ms);
    }

    pub(crate) fn is_leader(&self, member_id: &str) -> bool {
        self.leader.as_deref() == Some(member_id)
    }

    pub(crate) fn awaiting_join_count(&self) -> usize {
        self.members
            .values()
            .filter(|m| m.awaiting_join.is_some())
            .count()
    }

    pub(crate) fn has_all_members_joined(&self) -> bool {
        self.members.len() == self.awaiting_join_count() && self.pending_members.is_empty()
    }

    /// The longest rebalance timeout of the members: how long a join phase may wait.
    pub(crate) fn rebalance_timeout_ms(&self) -> i32 {
        self.members
            .values()
            .map(|m| m.rebalance_timeout_ms)
            .max()
            .unwrap_or(0)
    }

    pub(crate) fn can_rebalance(&self) -> bool {
        matches!(
            self.state,
            GroupState::Stable | GroupState::CompletingRebalance | GroupState::Empty
        )
    }

    pub(crate) fn add(&mut self, member: Member) {
        if self.members.is_empty() {
            self.protocol_type = Some(member.protocol_type.clone());
        }
        if self.leader.is_none() {
            self.leader = Some(member.id.clone());
        }
        self.members.insert(member.id.clone(), member);
    }

    /// Removes a member (its pending requests are the caller's to complete) and re-elects the
    /// leader if it was the one removed.
    pub(crate) fn remove(&mut self, member_id: &str) -> Option<Member> {
        let removed = self.members.remove(member_id);
        if let Some(instance) = removed.as_ref().and_then(|m| m.group_instance_id.as_ref()) {
            self.static_members.remove(instance);
        }
        if self.is_leader(member_id) {
            self.leader = self.members.keys().next().cloned();
        }
        self.pending_members.remove(member_id);
        self.pending_sync.remove(member_id);
        removed
    }

    /// Kafka's `maybeElectNewJoinedLeader`: the leader must be a member that rejoined.
    pub(crate) fn maybe_elect_new_joined_leader(&mut self) -> bool {
        let Some(leader) = self.leader.as_ref() else {
            return false;
        };
        if self
            .members
            .get(leader)
            .is_some_and(|m| m.awaiting_join.is_some())
        {
            return true;
        }
        let joined = self
            .members
            .values()
            .find(|m| m.awaiting_join.is_some())
            .map(|m| m.id.clone());
        match joined {
            Some(id) => {
                self.leader = Some(id);
                true
            }
            None => false,
        }
    }

    /// Kafka's `supportsProtocols`: an empty group takes any non-empty type and protocol list;
    /// otherwise the type must match and one protocol must be supported by every member.
    pub(crate) fn supports_protocols(
        &self,
        protocol_type: &str,
        protocols: &[JoinProtocol],
    ) -> bool {
        if self.state == GroupState::Empty {
            return !protocol_type.is_empty() && !protocols.is_empty();
        }
        self.protocol_type.as_deref() == Some(protocol_type)
            && protocols
                .iter()
                .any(|p| self.members.values().all(|m| m.supports(&p.name)))
    }

    /// Kafka's `selectProtocol`: among the protocols every member supports, each member votes for
    /// its most preferred; most votes wins, ties going to the earlier in the leader's preference.
    pub(crate) fn select_protocol(&self) -> Option<String> {
        let reference = self.leader.as_ref().and_then(|l| self.members.get(l))?;
        let candidates: Vec<&str> = reference
            .protocols
            .iter()
            .map(|p| p.name.as_str())
            .filter(|name| self.members.values().all(|m| m.supports(name)))
            .collect();
        let mut votes = vec![0usize; candidates.len()];
        for member in self.members.values() {
            let choice = member
                .protocols
                .iter()
                .find_map(|p| candidates.iter().position(|c| *c == p.name));
            if let Some(index) = choice {
                votes[index] += 1;
            }
        }
        let mut best: Option<usize> = None;
        for (index, count) in votes.iter().enumerate() {
            if best.is_none_or(|b| *count > votes[b]) {
                best = Some(index);
            }
        }
        best.map(|index| candidates[index].to_string())
    }

    /// The next generation: a selected protocol and CompletingRebalance, or Empty.
    pub(crate) fn init_next_generation(&mut self, now_ms: i64) {
        self.generation += 1;
        self.pending_sync.clear();
        if self.members.is_empty() {
            self.protocol_name = None;
            self.transition(GroupState::Empty, now_ms);
        } else {
            self.protocol_name = self.select_protocol();
            self.transition(GroupState::CompletingRebalance, now_ms);
        }
        self.subscribed_topics = self.compute_subscribed_topics();
    }

    pub(crate) fn compute_subscribed_topics(&self) -> Option<BTreeSet<String>> {
        if self.protocol_type.as_deref() != Some(CONSUMER_PROTOCOL_TYPE) {
            return None;
        }
        if self.members.is_empty() {
            return Some(BTreeSet::new());
        }
        let protocol = self.protocol_name.as_ref()?;
        let mut topics = BTreeSet::new();
        for member in self.members.values() {
            topics.extend(consumer_subscription_topics(&member.metadata(protocol))?);
        }
        Some(topics)
    }

    pub(crate) fn is_subscribed_to(&self, topic: &str) -> bool {
        self.subscribed_topics
            .as_ref()
            .is_some_and(|topics| topics.contains(topic))
    }

    /// The leader's JoinGroup member list for the selected protocol.
    pub(crate) fn join_members(&self) -> Vec<JoinGroupMember> {
        let protocol = self.protocol_name.as_deref().unwrap_or_default();
        self.members
            .values()
            .map(|m| JoinGroupMember {
                member_id: m.id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                metadata: m.metadata(protocol),
            })
            .collect()
    }

    /// The group metadata record value: every member with its current assignment.
    pub(crate) fn snapshot(&self) -> GroupMetadataValue {
        let protocol = self.protocol_name.as_deref().unwrap_or_default();
        GroupMetadataValue {
            protocol_type: self.protocol_type.clone().unwrap_or_default(),
            generation: self.generation,
            protocol: self.protocol_name.clone(),
            leader: self.leader.clone(),
            current_state_timestamp_ms: self.state_timestamp_ms.unwrap_or(-1),
            members: self
                .members
                .values()
                .map(|m| MemberMetadata {
                    member_id: m.id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    rebalance_timeout_ms: m.rebalance_timeout_ms,
                    session_timeout_ms: m.session_timeout_ms,
                    subscription: m.metadata(protocol),
                    assignment: m.assignment.clone(),
                })
                .collect(),
        }
    }
}

fn member_from_snapshot(m: &MemberMetadata, value: &GroupMetadataValue) -> Member {
    let protocols = match &value.protocol {
        Some(name) => vec![JoinProtocol {
            name: name.clone(),
            metadata: m.subscription.clone(),
        }],
        None => Vec::new(),
    };
    Member {
        id: m.member_id.clone(),
        group_instance_id: m.group_instance_id.clone(),
        client_id: m.client_id.clone(),
        client_host: m.client_host.clone(),
        rebalance_timeout_ms: m.rebalance_timeout_ms,
        session_timeout_ms: m.session_timeout_ms,
        protocol_type: value.protocol_type.clone(),
        protocols,
        assignment: m.assignment.clone(),
        awaiting_join: None,
        awaiting_sync: None,
        is_new: false,
    }
}

//! A test driver for `GroupCoordinator`: a fake clock, a log of every record it emitted, and the
//! deferred responses it completed, keyed by token.

#![allow(dead_code)] // each test binary uses a different part

pub mod consumer;

use std::collections::BTreeMap;

use group::*;
use model::ErrorCode;

pub struct Harness {
    pub coord: GroupCoordinator,
    pub now_ms: i64,
    pub member_id_seed: u64,
    next_token: u64,
    /// Every record emitted so far, in order: the `__consumer_offsets` partition.
    pub log: Vec<GroupRecord>,
    completed: BTreeMap<u64, DeferredResponse>,
    outstanding: Vec<u64>,
}

impl Harness {
    pub fn new(config: GroupConfig, member_id_seed: u64) -> Self {
        let mut coord = GroupCoordinator::new(config, member_id_seed);
        coord.finish_loading(0);
        Harness {
            coord,
            now_ms: 0,
            member_id_seed,
            next_token: 0,
            log: Vec::new(),
            completed: BTreeMap::new(),
            outstanding: Vec::new(),
        }
    }

    fn token(&mut self) -> RequestToken {
        self.next_token += 1;
        self.outstanding.push(self.next_token);
        RequestToken(self.next_token)
    }

    pub fn absorb(&mut self, fx: Effects) {
        self.log.extend(fx.records);
        for completion in fx.completed {
            let token = completion.token.0;
            let position = self.outstanding.iter().position(|t| *t == token);
            assert!(
                position.is_some(),
                "token {token} completed twice or never issued"
            );
            self.outstanding.retain(|t| *t != token);
            self.completed.insert(token, completion.response);
        }
    }

    pub fn join(&mut self, request: &JoinGroupRequest) -> RequestToken {
        let token = self.token();
        let mut fx = Effects::default();
        self.coord.join_group(token, request, self.now_ms, &mut fx);
        self.absorb(fx);
        token
    }

    pub fn sync(&mut self, request: &SyncGroupRequest) -> RequestToken {
        let token = self.token();
        let mut fx = Effects::default();
        self.coord.sync_group(token, request, self.now_ms, &mut fx);
        self.absorb(fx);
        token
    }

    pub fn join_response(&mut self, token: RequestToken) -> Option<JoinGroupResponse> {
        match self.completed.remove(&token.0)? {
            DeferredResponse::Join(response) => Some(response),
            other => panic!("token {token:?} answered with {other:?}"),
        }
    }

    pub fn sync_response(&mut self, token: RequestToken) -> Option<SyncGroupResponse> {
        match self.completed.remove(&token.0)? {
            DeferredResponse::Sync(response) => Some(response),
            other => panic!("token {token:?} answered with {other:?}"),
        }
    }

    pub fn is_pending(&self, token: RequestToken) -> bool {
        self.outstanding.contains(&token.0)
    }

    pub fn outstanding(&self) -> usize {
        self.outstanding.len()
    }

    pub fn heartbeat(
        &mut self,
        group_id: &str,
        generation_id: i32,
        member_id: &str,
        instance: Option<&str>,
    ) -> ErrorCode {
        let request = HeartbeatRequest {
            group_id: group_id.into(),
            generation_id,
            member_id: member_id.into(),
            group_instance_id: instance.map(Into::into),
        };
        self.coord.heartbeat(&request, self.now_ms)
    }

    pub fn leave(
        &mut self,
        group_id: &str,
        members: &[(&str, Option<&str>)],
    ) -> LeaveGroupResponse {
        let request = LeaveGroupRequest {
            group_id: group_id.into(),
            members: members
                .iter()
                .map(|(m, i)| LeaveMember {
                    member_id: (*m).into(),
                    group_instance_id: i.map(Into::into),
                })
                .collect(),
        };
        let mut fx = Effects::default();
        let response = self.coord.leave_group(&request, self.now_ms, &mut fx);
        self.absorb(fx);
        response
    }

    pub fn commit(&mut self, request: &OffsetCommitRequest) -> Vec<TopicResults> {
        let mut fx = Effects::default();
        let response = self.coord.offset_commit(request, self.now_ms, &mut fx);
        self.absorb(fx);
        response
    }

    pub fn delete_groups(&mut self, group_ids: &[&str]) -> Vec<(String, ErrorCode)> {
        let ids: Vec<String> = group_ids.iter().map(|g| g.to_string()).collect();
        let mut fx = Effects::default();
        let response = self.coord.delete_groups(&ids, self.now_ms, &mut fx);
        self.absorb(fx);
        response
    }

    pub fn offset_delete(
        &mut self,
        group_id: &str,
        topic: &str,
        partitions: &[i32],
    ) -> OffsetDeleteResponse {
        let request = OffsetDeleteRequest {
            group_id: group_id.into(),
            topics: vec![TopicPartitions {
                name: topic.into(),
                partitions: partitions.to_vec(),
            }],
        };
        let mut fx = Effects::default();
        let response = self.coord.offset_delete(&request, self.now_ms, &mut fx);
        self.absorb(fx);
        response
    }

    pub fn expire_offsets(&mut self) -> Vec<GroupRecord> {
        let mut fx = Effects::default();
        self.coord.expire_offsets(self.now_ms, &mut fx);
        let records = fx.records.clone();
        self.absorb(fx);
        records
    }

    /// Moves the clock forward by `ms`, firing every timer that comes due on the way, at its time.
    pub fn advance(&mut self, ms: i64) {
        let target_ms = self.now_ms + ms;
        while let Some(deadline_ms) = self.coord.next_deadline().filter(|d| *d <= target_ms) {
            self.now_ms = self.now_ms.max(deadline_ms);
            let mut fx = Effects::default();
            self.coord.on_timer(self.now_ms, &mut fx);
            self.absorb(fx);
        }
        self.now_ms = target_ms;
    }

    pub fn state(&self, group_id: &str) -> Option<(&'static str, i32, usize)> {
        let summaries = self.coord.group_summaries();
        summaries
            .into_iter()
            .find(|(id, ..)| id == group_id)
            .map(|(_, state, generation, members)| (state, generation, members))
    }

    /// A fresh coordinator fed the log through the record codec, as a restarted broker would be.
    pub fn rebuild(&self) -> GroupCoordinator {
        let mut fresh = GroupCoordinator::new(self.coord.config().clone(), self.member_id_seed ^ 1);
        for record in &self.log {
            let key = record.encode_key();
            let value = record.encode_value();
            let decoded = GroupRecord::decode(&key, value.as_deref()).expect("own records decode");
            assert_eq!(&decoded, record);
            fresh.replay(&decoded);
        }
        fresh.finish_loading(self.now_ms);
        fresh
    }
}

/// A ConsumerProtocolSubscription v0: the topics, no user data.
pub fn subscription(topics: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0i16.to_be_bytes());
    out.extend_from_slice(&(topics.len() as i32).to_be_bytes());
    for topic in topics {
        out.extend_from_slice(&(topic.len() as i16).to_be_bytes());
        out.extend_from_slice(topic.as_bytes());
    }
    out.extend_from_slice(&(-1i32).to_be_bytes());
    out
}

pub fn join_request(
    group_id: &str,
    member_id: &str,
    instance: Option<&str>,
    protocols: &[&str],
    topics: &[&str],
) -> JoinGroupRequest {
    JoinGroupRequest {
        api_version: 9,
        group_id: group_id.into(),
        session_timeout_ms: 10_000,
        rebalance_timeout_ms: 30_000,
        member_id: member_id.into(),
        group_instance_id: instance.map(Into::into),
        protocol_type: "consumer".into(),
        protocols: protocols
            .iter()
            .map(|p| JoinProtocol {
                name: (*p).into(),
                metadata: subscription(topics),
            })
            .collect(),
        client_id: "client".into(),
        client_host: "/127.0.0.1".into(),
    }
}

pub fn sync_request(
    group_id: &str,
    generation_id: i32,
    member_id: &str,
    instance: Option<&str>,
    assignments: &[(&str, &[u8])],
) -> SyncGroupRequest {
    SyncGroupRequest {
        group_id: group_id.into(),
        generation_id,
        member_id: member_id.into(),
        group_instance_id: instance.map(Into::into),
        protocol_type: Some("consumer".into()),
        protocol_name: None,
        assignments: assignments
            .iter()
            .map(|(m, a)| SyncGroupAssignment {
                member_id: (*m).into(),
                assignment: a.to_vec(),
            })
            .collect(),
    }
}

pub fn commit_request(
    group_id: &str,
    generation_id: i32,
    member_id: &str,
    topic: &str,
    offsets: &[(i32, i64)],
) -> OffsetCommitRequest {
    OffsetCommitRequest {
        api_version: 9,
        group_id: group_id.into(),
        generation_id,
        member_id: member_id.into(),
        group_instance_id: None,
        retention_time_ms: DEFAULT_RETENTION_TIME_MS,
        topics: vec![OffsetCommitTopic {
            name: topic.into(),
            partitions: offsets
                .iter()
                .map(|(p, o)| OffsetCommitPartition {
                    partition: *p,
                    offset: *o,
                    leader_epoch: 1,
                    metadata: Some(format!("m{o}")),
                    commit_timestamp_ms: DEFAULT_COMMIT_TIMESTAMP_MS,
                })
                .collect(),
        }],
    }
}

pub fn errors(results: &[TopicResults]) -> Vec<ErrorCode> {
    results
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| p.error_code))
        .collect()
}

pub fn fetch(
    coord: &GroupCoordinator,
    group_id: &str,
    topics: Option<&[(&str, &[i32])]>,
) -> OffsetFetchResponse {
    let request = OffsetFetchRequest {
        group_id: group_id.into(),
        topics: topics.map(|ts| {
            ts.iter()
                .map(|(t, ps)| TopicPartitions {
                    name: (*t).into(),
                    partitions: ps.to_vec(),
                })
                .collect()
        }),
        member_id: None,
        member_epoch: -1,
    };
    coord.offset_fetch(&request)
}

/// SplitMix64, for seeded choices in tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// The seed from SLUICE_TEST_SEED, or a fresh one; printed so a failure can be replayed.
pub fn test_seed() -> u64 {
    let seed = match std::env::var("SLUICE_TEST_SEED") {
        Ok(text) => text.parse().expect("SLUICE_TEST_SEED must be a u64"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0),
    };
    println!("SLUICE_TEST_SEED={seed}");
    seed
}

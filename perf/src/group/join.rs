//! `group-join`: how long a classic consumer group of N members takes to become stable.
//!
//! N members start together on a fresh group, each on its own connection to the coordinator,
//! and behave like a real consumer: JoinGroup (v4+: the first answer is MEMBER_ID_REQUIRED with
//! an id, the second join carries it), SyncGroup (the leader sends a range assignment of the
//! topic's partitions, computed from the members' subscriptions), then Heartbeat every
//! `heartbeat_ms` and a rejoin on REBALANCE_IN_PROGRESS, as Java and librdkafka do.
//!
//! Measured: from the last member's first JoinGroup send to the moment every member has its
//! SyncGroup answer for the first generation whose leader saw all N members. Each repeat uses
//! a new group id, so every repeat is the initial rebalance of an empty group
//! (`group.initial.rebalance.delay.ms` applies).

use crate::cluster::ensure_topic;
use crate::group::{
    find_coordinator, is_coordinator_retriable, COORDINATOR_RETRY_PAUSE, ILLEGAL_GENERATION,
    MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID,
};
use crate::stats::{json_line, Clock};
use crate::wire::Connection;
use anyhow::{bail, Context, Result};
use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::consumer_protocol_assignment::TopicPartition as AssignedTopic;
use kafka_protocol::messages::join_group_request::JoinGroupRequestProtocol;
use kafka_protocol::messages::leave_group_request::MemberIdentity;
use kafka_protocol::messages::sync_group_request::SyncGroupRequestAssignment;
use kafka_protocol::messages::{
    ApiKey, ConsumerProtocolAssignment, ConsumerProtocolSubscription, GroupId, HeartbeatRequest,
    JoinGroupRequest, JoinGroupResponse, LeaveGroupRequest, SyncGroupRequest, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use std::collections::BTreeMap;
use std::net::Shutdown;
use std::sync::{Arc, Barrier, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

/// JoinGroup from v4 (MEMBER_ID_REQUIRED) to v9.
const JOIN_GROUP_VERSIONS: (i16, i16) = (4, 9);
const SYNC_GROUP_VERSIONS: (i16, i16) = (3, 5);
const HEARTBEAT_VERSIONS: (i16, i16) = (0, 4);
/// From v3 LeaveGroup carries a list of members.
const LEAVE_GROUP_VERSIONS: (i16, i16) = (3, 5);
const PROTOCOL_TYPE: &str = "consumer";
const ASSIGNOR: &str = "range";
/// The subscription/assignment format version we write (v1: with owned partitions, none).
const SUBSCRIPTION_VERSION: i16 = 1;
const ASSIGNMENT_VERSION: i16 = 0;
/// Extra time a blocking JoinGroup read may take beyond the rebalance timeout.
const READ_MARGIN: Duration = Duration::from_secs(5);
/// Rejoins per member per repeat before giving up. Reason: a healthy group settles in a few
/// generations; more means the coordinator loops.
const REJOINS_MAX: u32 = 100;

/// What `group-join` is told.
#[derive(Clone, Debug)]
pub struct JoinOptions {
    pub bootstrap: String,
    /// Group ids are `{group}-{run}-{pid}`: a fresh, empty group per repeat.
    pub group: String,
    pub topic: String,
    pub partitions: i32,
    pub members: usize,
    pub repeats: usize,
    pub session_timeout_ms: i32,
    pub rebalance_timeout_ms: i32,
    pub heartbeat_ms: u64,
    /// How long one repeat may take before it counts as failed.
    pub timeout_s: u64,
}

/// One repeat's result.
#[derive(Clone, Debug)]
pub struct JoinRun {
    /// Last member's first JoinGroup send → every member's SyncGroup answer, stable generation.
    pub stable_ms: f64,
    /// First member's first JoinGroup send → the same end.
    pub from_first_join_ms: f64,
    pub generation: i32,
    /// JoinGroup requests sent over all members (2 per member at best).
    pub joins: u64,
}

/// All repeats.
#[derive(Debug)]
pub struct JoinReport {
    pub members: usize,
    pub runs: Vec<JoinRun>,
    pub failed: usize,
}

impl JoinReport {
    fn stable_sorted(&self) -> Vec<f64> {
        let mut times: Vec<f64> = self.runs.iter().map(|r| r.stable_ms).collect();
        times.sort_by(f64::total_cmp);
        times
    }

    fn median(sorted: &[f64]) -> Option<f64> {
        let n = sorted.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(sorted[n / 2]),
            _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (index, run) in self.runs.iter().enumerate() {
            out.push_str(&format!(
                "run {}: stable after {:.1} ms from the last member's join ({:.1} ms from the \
                 first), generation {}, {} JoinGroup requests\n",
                index + 1,
                run.stable_ms,
                run.from_first_join_ms,
                run.generation,
                run.joins
            ));
        }
        let sorted = self.stable_sorted();
        if let (Some(median), Some(min), Some(max)) =
            (Self::median(&sorted), sorted.first(), sorted.last())
        {
            out.push_str(&format!(
                "{} members: stable in median {median:.1} ms (min {min:.1}, max {max:.1}) over {} run(s); {} failed\n",
                self.members,
                sorted.len(),
                self.failed
            ));
        } else {
            out.push_str(&format!("no run became stable; {} failed\n", self.failed));
        }
        out
    }

    pub fn to_json(&self) -> String {
        let sorted = self.stable_sorted();
        json_line(&[
            ("members".to_string(), Some(self.members as f64)),
            ("runs".to_string(), Some(sorted.len() as f64)),
            ("failed".to_string(), Some(self.failed as f64)),
            ("stable_median_ms".to_string(), Self::median(&sorted)),
            ("stable_min_ms".to_string(), sorted.first().copied()),
            ("stable_max_ms".to_string(), sorted.last().copied()),
        ])
    }
}

/// Runs `repeats` joins of `members` members, one after the other.
pub fn run(options: &JoinOptions) -> Result<JoinReport> {
    if options.members < 1 || options.repeats < 1 || options.partitions < 1 {
        bail!("--members, --repeats and --partitions must be at least 1");
    }
    ensure_topic(&options.bootstrap, &options.topic, options.partitions)?;
    let mut report = JoinReport {
        members: options.members,
        runs: Vec::new(),
        failed: 0,
    };
    for repeat in 1..=options.repeats {
        let group = format!("{}-{repeat}-{}", options.group, std::process::id());
        match run_once(options, &group) {
            Ok(run) => report.runs.push(run),
            Err(err) => {
                eprintln!("error: run {repeat} ({group}): {err:#}");
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// What the members tell the measuring thread.
#[derive(Debug, Default)]
struct Progress {
    first_join_send_ns: Vec<Option<u64>>,
    /// Generation → members the leader saw.
    leader_saw: BTreeMap<i32, usize>,
    /// Generation → (member index → SyncGroup answer time, partitions assigned).
    synced: BTreeMap<i32, BTreeMap<usize, (u64, usize)>>,
    joins: u64,
    stop: bool,
    failure: Option<String>,
}

impl Progress {
    /// The first generation in which the leader saw every member and every member synced.
    fn stable(&self, members: usize) -> Option<(i32, &BTreeMap<usize, (u64, usize)>)> {
        self.leader_saw
            .iter()
            .filter(|&(_, &seen)| seen == members)
            .find_map(|(&generation, _)| {
                let synced = self.synced.get(&generation)?;
                (synced.len() == members).then_some((generation, synced))
            })
    }
}

/// State shared by one repeat's members and the measuring thread.
struct Shared {
    progress: Mutex<Progress>,
    changed: Condvar,
    clock: Clock,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Progress> {
        self.progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        change(&mut self.lock());
        self.changed.notify_all();
    }

    fn stopped(&self) -> bool {
        self.lock().stop
    }
}

fn run_once(options: &JoinOptions, group: &str) -> Result<JoinRun> {
    let coordinator = find_coordinator(&options.bootstrap, group)?;
    let shared = Arc::new(Shared {
        progress: Mutex::new(Progress {
            first_join_send_ns: vec![None; options.members],
            ..Progress::default()
        }),
        changed: Condvar::new(),
        clock: Clock::start(),
    });
    let mut members = Vec::new();
    let mut sockets = Vec::new();
    for index in 0..options.members {
        let member = Member::connect(index, &coordinator, group, options)?;
        sockets.push(member.connection.stream.try_clone()?);
        members.push(member);
    }
    let barrier = Arc::new(Barrier::new(options.members));
    let threads: Vec<_> = members
        .into_iter()
        .map(|member| {
            let shared = Arc::clone(&shared);
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || member.run(&shared, &barrier))
        })
        .collect();
    let outcome = wait_stable(options, &shared);
    shared.update(|p| p.stop = true);
    if outcome.is_err() {
        // Members blocked in a JoinGroup would wait for the rebalance timeout.
        for socket in &sockets {
            let _ = socket.shutdown(Shutdown::Both);
        }
    }
    for thread in threads {
        let _ = thread.join();
    }
    outcome
}

/// Waits until the group is stable (or a member failed, or the timeout) and measures.
fn wait_stable(options: &JoinOptions, shared: &Shared) -> Result<JoinRun> {
    let deadline = std::time::Instant::now() + Duration::from_secs(options.timeout_s);
    let mut progress = shared.lock();
    loop {
        if let Some(failure) = &progress.failure {
            bail!("{failure}");
        }
        if let Some((generation, synced)) = progress.stable(options.members) {
            return measure(options, &progress, generation, synced);
        }
        let now = std::time::Instant::now();
        if now >= deadline {
            bail!("not stable after {} s", options.timeout_s);
        }
        progress = shared
            .changed
            .wait_timeout(progress, deadline - now)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
    }
}

fn measure(
    options: &JoinOptions,
    progress: &Progress,
    generation: i32,
    synced: &BTreeMap<usize, (u64, usize)>,
) -> Result<JoinRun> {
    let assigned: usize = synced.values().map(|&(_, partitions)| partitions).sum();
    if assigned != options.partitions as usize {
        bail!(
            "generation {generation} assigned {assigned} partition(s), the topic has {}",
            options.partitions
        );
    }
    let sends: Vec<u64> = progress
        .first_join_send_ns
        .iter()
        .flatten()
        .copied()
        .collect();
    let (Some(&last_join_ns), Some(&first_join_ns)) = (sends.iter().max(), sends.iter().min())
    else {
        bail!("no JoinGroup was sent");
    };
    let stable_ns = synced.values().map(|&(at, _)| at).max().unwrap_or(0);
    Ok(JoinRun {
        stable_ms: stable_ns.saturating_sub(last_join_ns) as f64 / 1e6,
        from_first_join_ms: stable_ns.saturating_sub(first_join_ns) as f64 / 1e6,
        generation,
        joins: progress.joins,
    })
}

/// One group member on its own connection.
struct Member {
    index: usize,
    connection: Connection,
    group: String,
    options: JoinOptions,
    versions: MemberVersions,
    member_id: String,
}

#[derive(Clone, Copy, Debug)]
struct MemberVersions {
    join: i16,
    sync: i16,
    heartbeat: i16,
    leave: i16,
}

/// Where a member goes after a SyncGroup or a Heartbeat answer.
enum Next {
    Rejoin,
    Stop,
}

impl Member {
    fn connect(index: usize, address: &str, group: &str, options: &JoinOptions) -> Result<Member> {
        let connection = Connection::connect(address)?;
        let rebalance = Duration::from_millis(options.rebalance_timeout_ms.max(0) as u64);
        connection
            .stream
            .set_read_timeout(Some(rebalance + READ_MARGIN))?;
        let versions = MemberVersions {
            join: connection
                .versions
                .pick(ApiKey::JoinGroup, JOIN_GROUP_VERSIONS)?,
            sync: connection
                .versions
                .pick(ApiKey::SyncGroup, SYNC_GROUP_VERSIONS)?,
            heartbeat: connection
                .versions
                .pick(ApiKey::Heartbeat, HEARTBEAT_VERSIONS)?,
            leave: connection
                .versions
                .pick(ApiKey::LeaveGroup, LEAVE_GROUP_VERSIONS)?,
        };
        Ok(Member {
            index,
            connection,
            group: group.to_string(),
            options: options.clone(),
            versions,
            member_id: String::new(),
        })
    }

    fn run(mut self, shared: &Shared, barrier: &Barrier) {
        barrier.wait();
        let result = self.membership(shared);
        if let Err(err) = result {
            if !shared.stopped() {
                let what = format!("member {}: {err:#}", self.index);
                shared.update(|p| {
                    p.failure.get_or_insert(what);
                });
            }
        }
        if !self.member_id.is_empty() {
            let _ = self.leave();
        }
    }

    /// Join, sync and heartbeat until told to stop; rejoin whenever the group rebalances.
    fn membership(&mut self, shared: &Shared) -> Result<()> {
        let mut rejoins = 0;
        loop {
            if shared.stopped() {
                return Ok(());
            }
            rejoins += 1;
            if rejoins > REJOINS_MAX {
                bail!("more than {REJOINS_MAX} JoinGroup rounds");
            }
            let Some(joined) = self.join(shared)? else {
                continue;
            };
            match self.sync(shared, &joined)? {
                Some(()) => {}
                None => continue,
            }
            match self.heartbeat_until_rebalance(shared, joined.generation_id)? {
                Next::Rejoin => continue,
                Next::Stop => return Ok(()),
            }
        }
    }

    /// One JoinGroup; `None` when the member must simply join again.
    fn join(&mut self, shared: &Shared) -> Result<Option<JoinGroupResponse>> {
        let index = self.index;
        let send_ns = shared.clock.now_ns();
        shared.update(|p| {
            p.first_join_send_ns[index].get_or_insert(send_ns);
            p.joins += 1;
        });
        let request = JoinGroupRequest::default()
            .with_group_id(GroupId(StrBytes::from_string(self.group.clone())))
            .with_session_timeout_ms(self.options.session_timeout_ms)
            .with_rebalance_timeout_ms(self.options.rebalance_timeout_ms)
            .with_member_id(StrBytes::from_string(self.member_id.clone()))
            .with_protocol_type(StrBytes::from_static_str(PROTOCOL_TYPE))
            .with_protocols(vec![JoinGroupRequestProtocol::default()
                .with_name(StrBytes::from_static_str(ASSIGNOR))
                .with_metadata(subscription(&self.options.topic)?)]);
        let response = self
            .connection
            .call(&request, self.versions.join)
            .context("JoinGroup")?;
        match response.error_code {
            0 => {
                self.member_id = response.member_id.to_string();
                Ok(Some(response))
            }
            MEMBER_ID_REQUIRED => {
                self.member_id = response.member_id.to_string();
                Ok(None)
            }
            UNKNOWN_MEMBER_ID => {
                self.member_id.clear();
                Ok(None)
            }
            REBALANCE_IN_PROGRESS => Ok(None),
            // A coordinator still loading `__consumer_offsets` (Kafka, right after creating it).
            code if is_coordinator_retriable(code) => {
                thread::sleep(COORDINATOR_RETRY_PAUSE);
                Ok(None)
            }
            code => bail!("JoinGroup: error code {code}"),
        }
    }

    /// SyncGroup (with the assignment when leader); `None` when the member must rejoin.
    fn sync(&mut self, shared: &Shared, joined: &JoinGroupResponse) -> Result<Option<()>> {
        let generation = joined.generation_id;
        let assignments = if joined.leader == joined.member_id {
            shared.update(|p| {
                p.leader_saw.insert(generation, joined.members.len());
            });
            range_assignments(joined, self.options.partitions)?
        } else {
            Vec::new()
        };
        let request = SyncGroupRequest::default()
            .with_group_id(GroupId(StrBytes::from_string(self.group.clone())))
            .with_generation_id(generation)
            .with_member_id(StrBytes::from_string(self.member_id.clone()))
            .with_protocol_type(Some(StrBytes::from_static_str(PROTOCOL_TYPE)))
            .with_protocol_name(Some(StrBytes::from_static_str(ASSIGNOR)))
            .with_assignments(assignments);
        let response = self
            .connection
            .call(&request, self.versions.sync)
            .context("SyncGroup")?;
        let answered_ns = shared.clock.now_ns();
        match response.error_code {
            0 => {}
            REBALANCE_IN_PROGRESS | ILLEGAL_GENERATION => return Ok(None),
            UNKNOWN_MEMBER_ID => {
                self.member_id.clear();
                return Ok(None);
            }
            code => bail!("SyncGroup: error code {code}"),
        }
        let partitions = assigned_partitions(&response.assignment)?;
        let index = self.index;
        shared.update(|p| {
            p.synced
                .entry(generation)
                .or_default()
                .insert(index, (answered_ns, partitions));
        });
        Ok(Some(()))
    }

    fn heartbeat_until_rebalance(&mut self, shared: &Shared, generation: i32) -> Result<Next> {
        let interval = Duration::from_millis(self.options.heartbeat_ms);
        loop {
            if wait_or_stop(shared, interval) {
                return Ok(Next::Stop);
            }
            let request = HeartbeatRequest::default()
                .with_group_id(GroupId(StrBytes::from_string(self.group.clone())))
                .with_generation_id(generation)
                .with_member_id(StrBytes::from_string(self.member_id.clone()));
            let response = self
                .connection
                .call(&request, self.versions.heartbeat)
                .context("Heartbeat")?;
            match response.error_code {
                0 => {}
                REBALANCE_IN_PROGRESS | ILLEGAL_GENERATION => return Ok(Next::Rejoin),
                UNKNOWN_MEMBER_ID => {
                    self.member_id.clear();
                    return Ok(Next::Rejoin);
                }
                code => bail!("Heartbeat: error code {code}"),
            }
        }
    }

    fn leave(&mut self) -> Result<()> {
        let request = LeaveGroupRequest::default()
            .with_group_id(GroupId(StrBytes::from_string(self.group.clone())))
            .with_members(vec![MemberIdentity::default()
                .with_member_id(StrBytes::from_string(self.member_id.clone()))]);
        self.connection.call(&request, self.versions.leave)?;
        Ok(())
    }
}

/// Sleeps `interval` unless told to stop first; true when told to stop.
fn wait_or_stop(shared: &Shared, interval: Duration) -> bool {
    let deadline = std::time::Instant::now() + interval;
    let mut progress = shared.lock();
    loop {
        if progress.stop {
            return true;
        }
        let now = std::time::Instant::now();
        if now >= deadline {
            return false;
        }
        progress = shared
            .changed
            .wait_timeout(progress, deadline - now)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
    }
}

/// The consumer protocol subscription to `topic` (version-prefixed, as Java writes it).
fn subscription(topic: &str) -> Result<Bytes> {
    let value = ConsumerProtocolSubscription::default()
        .with_topics(vec![StrBytes::from_string(topic.to_string())]);
    versioned(&value, SUBSCRIPTION_VERSION)
}

fn versioned(value: &impl Encodable, version: i16) -> Result<Bytes> {
    let mut buf = BytesMut::new();
    buf.put_i16(version);
    value.encode(&mut buf, version)?;
    Ok(buf.freeze())
}

/// The leader's range assignment: members sorted by id, each subscribed member gets a
/// contiguous run of partitions, the first `partitions % members` one more.
fn range_assignments(
    joined: &JoinGroupResponse,
    partitions: i32,
) -> Result<Vec<SyncGroupRequestAssignment>> {
    let mut subscribed = Vec::new();
    for member in &joined.members {
        let mut metadata = member.metadata.clone();
        if metadata.remaining() < 2 {
            bail!("member {} sent no subscription", member.member_id.as_str());
        }
        let version = metadata.get_i16();
        let subscription = ConsumerProtocolSubscription::decode(&mut metadata, version)
            .with_context(|| format!("subscription of member {}", member.member_id.as_str()))?;
        let topic = subscription.topics.first().map(|t| t.to_string());
        subscribed.push((member.member_id.to_string(), topic));
    }
    subscribed.sort();
    let count = subscribed.len() as i32;
    let mut next = 0;
    let mut assignments = Vec::new();
    for (position, (member_id, topic)) in subscribed.into_iter().enumerate() {
        let share = partitions / count + i32::from((position as i32) < partitions % count);
        let owned: Vec<i32> = (next..next + share).collect();
        next += share;
        let assigned = match topic {
            Some(topic) => vec![AssignedTopic::default()
                .with_topic(TopicName(StrBytes::from_string(topic)))
                .with_partitions(owned)],
            None => Vec::new(),
        };
        let assignment = ConsumerProtocolAssignment::default().with_assigned_partitions(assigned);
        assignments.push(
            SyncGroupRequestAssignment::default()
                .with_member_id(StrBytes::from_string(member_id))
                .with_assignment(versioned(&assignment, ASSIGNMENT_VERSION)?),
        );
    }
    Ok(assignments)
}

/// Partitions in a SyncGroup answer's assignment (0 for an empty one).
fn assigned_partitions(assignment: &Bytes) -> Result<usize> {
    let mut bytes = assignment.clone();
    if bytes.remaining() < 2 {
        return Ok(0);
    }
    let version = bytes.get_i16();
    let decoded = ConsumerProtocolAssignment::decode(&mut bytes, version)
        .context("decoding the assignment")?;
    Ok(decoded
        .assigned_partitions
        .iter()
        .map(|t| t.partitions.len())
        .sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::join_group_response::JoinGroupResponseMember;

    #[test]
    fn range_assignment_covers_every_partition_once() {
        for (members, partitions) in [(10usize, 10), (10, 3), (3, 16), (1, 1)] {
            let joined = JoinGroupResponse::default().with_members(
                (0..members)
                    .map(|m| {
                        JoinGroupResponseMember::default()
                            .with_member_id(StrBytes::from_string(format!("m{m:02}")))
                            .with_metadata(subscription("t").unwrap())
                    })
                    .collect(),
            );
            let assignments = range_assignments(&joined, partitions).unwrap();
            assert_eq!(assignments.len(), members);
            let counts: Vec<usize> = assignments
                .iter()
                .map(|a| assigned_partitions(&a.assignment).unwrap())
                .collect();
            assert_eq!(
                counts.iter().sum::<usize>(),
                partitions as usize,
                "{counts:?}"
            );
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            assert!(max - min <= 1, "{counts:?}");
        }
    }

    #[test]
    fn a_member_without_subscription_is_an_error() {
        let joined =
            JoinGroupResponse::default()
                .with_members(vec![JoinGroupResponseMember::default()
                    .with_member_id(StrBytes::from_static_str("m"))]);
        assert!(range_assignments(&joined, 4).is_err());
    }
}

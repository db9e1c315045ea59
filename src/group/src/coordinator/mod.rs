//! `GroupCoordinator`: the classic groups and committed offsets of one `__consumer_offsets`
//! partition. One file per API family; `rebalance` holds the state machine they share.

mod admin;
mod consumer_admin;
mod consumer_heartbeat;
mod consumer_members;
mod heartbeat;
mod join;
mod leave;
mod offsets;
mod rebalance;
mod sync;

use std::collections::BTreeMap;

use model::ErrorCode;

use crate::api::{
    Completion, DeferredResponse, Effects, JoinGroupResponse, RequestToken, SyncGroupResponse,
};
use crate::config::{ConsumerTimeouts, GroupConfig, STRING_BYTES_MAX};
use crate::consumer::topics::RegexCache;
use crate::consumer_record::MemberState;
use crate::durable::DurableState;
use crate::group::ClassicGroup;
use crate::record::GroupRecord;
use crate::rng::SplitMix64;
use crate::timers::{TimerKey, Timers};

/// The coordinator of one `__consumer_offsets` partition. Durable state changes only through
/// [`GroupCoordinator::replay`]; live membership, pending requests and timers beside it are lost
/// on restart, as in Kafka.
pub struct GroupCoordinator {
    config: GroupConfig,
    durable: DurableState,
    groups: BTreeMap<String, ClassicGroup>,
    timers: Timers,
    member_ids: SplitMix64,
    loaded: bool,
    /// Compiled consumer-group subscription patterns (volatile).
    regexes: RegexCache,
    /// (group, member) → the member epoch its revocation timer was set for (volatile).
    revocation_epochs: BTreeMap<(String, String), i32>,
}

/// What an operation needs besides the group it works on.
pub(crate) struct Ctx<'a> {
    pub(crate) config: &'a GroupConfig,
    pub(crate) timers: &'a mut Timers,
    pub(crate) durable: &'a mut DurableState,
    pub(crate) fx: &'a mut Effects,
    pub(crate) now_ms: i64,
}

impl Ctx<'_> {
    /// Applies a record to the durable state and hands it to the caller to append.
    pub(crate) fn emit(&mut self, record: GroupRecord) {
        self.durable.replay(&record);
        self.fx.records.push(record);
    }

    pub(crate) fn complete_join(&mut self, token: RequestToken, response: JoinGroupResponse) {
        self.fx.completed.push(Completion {
            token,
            response: DeferredResponse::Join(response),
        });
    }

    pub(crate) fn complete_sync(&mut self, token: RequestToken, response: SyncGroupResponse) {
        self.fx.completed.push(Completion {
            token,
            response: DeferredResponse::Sync(response),
        });
    }

    pub(crate) fn schedule_heartbeat(&mut self, group_id: &str, member_id: &str, timeout_ms: i32) {
        let key = TimerKey::Heartbeat {
            group_id: group_id.to_string(),
            member_id: member_id.to_string(),
        };
        self.timers
            .schedule(key, self.now_ms.saturating_add(i64::from(timeout_ms)));
    }

    pub(crate) fn cancel_heartbeat(&mut self, group_id: &str, member_id: &str) {
        let key = TimerKey::Heartbeat {
            group_id: group_id.to_string(),
            member_id: member_id.to_string(),
        };
        self.timers.cancel(&key);
    }
}

impl GroupCoordinator {
    /// A coordinator that is loading: feed it the partition with [`Self::replay`], then call
    /// [`Self::finish_loading`]. `member_id_seed` makes generated member ids unique per process
    /// start (the broker passes a random value; simulations a fixed one).
    pub fn new(config: GroupConfig, member_id_seed: u64) -> Self {
        GroupCoordinator {
            config,
            durable: DurableState::default(),
            groups: BTreeMap::new(),
            timers: Timers::default(),
            member_ids: SplitMix64::new(member_id_seed),
            loaded: false,
            regexes: RegexCache::default(),
            revocation_epochs: BTreeMap::new(),
        }
    }

    pub fn config(&self) -> &GroupConfig {
        &self.config
    }

    /// Replaces the per-group consumer timing (group configs changed in the metadata). Takes
    /// effect at each member's next heartbeat, as in Kafka.
    pub fn set_group_timeouts(&mut self, timeouts: BTreeMap<String, ConsumerTimeouts>) {
        self.config.group_timeouts = timeouts;
    }

    /// The only mutator of durable state: applies one record of the partition. Operations apply
    /// their own records through it before returning them.
    pub fn replay(&mut self, record: &GroupRecord) {
        self.durable.replay(record);
    }

    pub fn durable(&self) -> &DurableState {
        &self.durable
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// Ends loading: rebuilds live classic groups from the replayed snapshots (Stable with
    /// members, else Empty), gives every loaded member (classic or consumer) a full session
    /// timeout from `now_ms`, and restarts the rebalance timeout of consumer-group members that
    /// were revoking partitions.
    pub fn finish_loading(&mut self, now_ms: i64) {
        self.groups.clear();
        self.timers = Timers::default();
        self.revocation_epochs.clear();
        let mut consumer_timers = Vec::new();
        for (group_id, group) in &self.durable.consumer_groups {
            for (member_id, meta) in &group.members {
                let current = group.current_of(member_id);
                let revoking = (current.state == MemberState::UnrevokedPartitions)
                    .then_some((current.member_epoch, meta.rebalance_timeout_ms));
                consumer_timers.push((group_id.clone(), member_id.clone(), revoking));
            }
        }
        for (group_id, member_id, revoking) in consumer_timers {
            self.schedule_consumer_session(&group_id, &member_id, now_ms);
            if let Some((epoch, rebalance_timeout_ms)) = revoking {
                let deadline_ms = now_ms.saturating_add(i64::from(rebalance_timeout_ms));
                self.schedule_revocation(&group_id, &member_id, epoch, deadline_ms);
            }
        }
        for (group_id, value) in &self.durable.groups {
            let group = ClassicGroup::from_snapshot(group_id, value);
            for member in group.members.values() {
                let key = TimerKey::Heartbeat {
                    group_id: group_id.clone(),
                    member_id: member.id.clone(),
                };
                self.timers.schedule(
                    key,
                    now_ms.saturating_add(i64::from(member.session_timeout_ms)),
                );
            }
            self.groups.insert(group_id.clone(), group);
        }
        for group_id in self.durable.offsets.keys() {
            let consumer = self.durable.consumer_groups.contains_key(group_id);
            if !consumer && !self.groups.contains_key(group_id) {
                self.groups
                    .insert(group_id.clone(), ClassicGroup::new(group_id, now_ms));
            }
        }
        self.loaded = true;
    }

    /// The earliest time at which [`Self::on_timer`] has work.
    pub fn next_deadline(&self) -> Option<i64> {
        self.timers.next_deadline()
    }

    /// Fires every timer due at `now_ms`, earliest first.
    pub fn on_timer(&mut self, now_ms: i64, fx: &mut Effects) {
        while let Some(key) = self.timers.pop_due(now_ms) {
            if matches!(
                key,
                TimerKey::ConsumerSession { .. } | TimerKey::ConsumerRevocation { .. }
            ) {
                self.on_consumer_timer(&key, fx);
                continue;
            }
            let group_id = key.group_id().to_string();
            let (groups, mut ctx) = self.parts(now_ms, fx);
            let Some(group) = groups.get_mut(&group_id) else {
                continue;
            };
            match &key {
                TimerKey::Heartbeat { member_id, .. } => {
                    rebalance::on_heartbeat_timer(&mut ctx, group, member_id)
                }
                TimerKey::Join { .. } => rebalance::on_join_timer(&mut ctx, group),
                TimerKey::Sync { .. } => rebalance::on_sync_timer(&mut ctx, group),
                TimerKey::ConsumerSession { .. } | TimerKey::ConsumerRevocation { .. } => {}
            }
        }
    }

    /// The groups and a context over the other fields (disjoint borrows).
    fn parts<'a>(
        &'a mut self,
        now_ms: i64,
        fx: &'a mut Effects,
    ) -> (&'a mut BTreeMap<String, ClassicGroup>, Ctx<'a>) {
        let ctx = Ctx {
            config: &self.config,
            timers: &mut self.timers,
            durable: &mut self.durable,
            fx,
            now_ms,
        };
        (&mut self.groups, ctx)
    }

    /// Kafka's member id: `<client id>-<uuid>`. The client id part is capped so that the id always
    /// fits a Kafka string (the uuid part keeps it unique).
    fn new_member_id(&mut self, client_id: &str) -> String {
        const CLIENT_ID_PREFIX_BYTES_MAX: usize = 255; // keeps ids well under STRING_BYTES_MAX
        let mut cut = client_id.len().min(CLIENT_ID_PREFIX_BYTES_MAX);
        while !client_id.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}-{}", &client_id[..cut], self.member_ids.uuid_string())
    }

    /// Live groups, for tests and metrics: (group id, state name, generation, member count).
    pub fn group_summaries(&self) -> Vec<(String, &'static str, i32, usize)> {
        self.groups
            .values()
            .map(|g| (g.id.clone(), g.state.name(), g.generation, g.members.len()))
            .collect()
    }
}

/// Kafka rejects empty group ids; longer than a Kafka string cannot come from the wire.
fn group_id_error(group_id: &str) -> Option<ErrorCode> {
    if group_id.is_empty() || group_id.len() > STRING_BYTES_MAX {
        return Some(ErrorCode::InvalidGroupId);
    }
    None
}

fn strings_fit<'s>(strings: impl IntoIterator<Item = &'s str>) -> bool {
    strings.into_iter().all(|s| s.len() <= STRING_BYTES_MAX)
}

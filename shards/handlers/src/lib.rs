//! The Kafka API handlers: one file per API, each `handle(ctx, request, version) -> response`.
//!
//! Runs on the shard that owns the connection. A handler resolves names against this shard's
//! metadata image, validates what it can locally (batch headers, names, configs), groups the
//! partition work by owning shard and sends it there (`runtime::Shard::run_ops`), then merges
//! the answers in request order.
//!
//! Invariants:
//! - Every API/version that `protocol::versions::SUPPORTED` advertises is handled here.
//! - Client mistakes become Kafka error codes per partition/topic; nothing here panics on
//!   request content.
//! - Record bytes are never copied: produce hands the request's `Bytes` slices to the owner;
//!   fetch returns file slices.
//!
//! Deliberately not here: framing and socket IO (`network`), log internals (`storage`).

mod acl_util;
mod add_offsets_to_txn;
mod add_partitions_to_txn;
mod alter_client_quotas;
mod alter_configs;
mod alter_partition_reassignments;
mod alter_user_scram_credentials;
pub mod api_versions;
pub mod auth;
mod authorize;
mod config_resource;
mod consumer_group_describe;
mod consumer_group_heartbeat;
mod create_acls;
mod create_partitions;
mod create_topics;
mod delete_acls;
mod delete_groups;
mod delete_records;
mod delete_topics;
mod describe_acls;
mod describe_client_quotas;
mod describe_cluster;
mod describe_configs;
mod describe_groups;
mod describe_log_dirs;
mod describe_producers;
mod describe_quorum;
mod describe_topic_partitions;
mod describe_transactions;
mod describe_user_scram_credentials;
mod elect_leaders;
mod end_txn;
mod fetch;
mod find_coordinator;
mod groups;
mod heartbeat;
mod incremental_alter_configs;
mod init_producer_id;
mod join_group;
mod leave_group;
mod list_groups;
mod list_offsets;
mod list_partition_reassignments;
mod list_transactions;
mod metadata;
mod offset_commit;
mod offset_delete;
mod offset_fetch;
mod offset_for_leader_epoch;
mod produce;
mod quota;
mod raft_voters;
mod route;
pub mod sasl;
mod sync_group;
mod txn_offset_commit;
mod txn_verify;
mod txns;
mod update_features;
mod util;
mod write_txn_markers;

use kafka_protocol::messages::{ApiKey, RequestKind, ResponseKind};
use protocol::versions::Listener;
use protocol::{encode_response, Request, ResponseParts};
use runtime::{FireOnDrop, Shard, Signal};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

pub use auth::Caller;
use auth::{Authz, DenialLog};
use authorize::Gate;
pub use fetch::session::FetchSessions;

/// Per-shard handler state, one per kind of listener.
pub struct Handlers {
    pub shard: Rc<Shard>,
    /// The listener whose connections these handlers answer: the CONTROLLER listener serves
    /// only `protocol::versions::CONTROLLER_APIS`, and ApiVersions and DescribeCluster answer
    /// as a controller there.
    pub listener: Listener,
    /// The client listener (`listeners` name) these handlers answer on: Metadata,
    /// FindCoordinator and DescribeCluster give brokers' endpoints of that listener, as Kafka
    /// does, so a client on the SSL listener is sent to SSL ports. `None`: the first advertised.
    pub listener_name: Option<String>,
    pub(crate) fetch_sessions: RefCell<FetchSessions>,
    /// `authorizer.class.name` set: requests are authorized against the image's ACLs.
    pub(crate) authorizer: Option<::metadata::acl::Authorizer>,
    pub(crate) denial_log: DenialLog,
}

/// What the connection does after a request.
pub enum Reply {
    Send(ResponseParts),
    /// Produce with acks=0: Kafka sends nothing back.
    Nothing,
    /// Unrecoverable for this connection: log once and close.
    Close(String),
}

impl Handlers {
    /// The handlers of the client listener named `name`.
    pub fn for_client_listener(shard: Rc<Shard>, name: &str) -> Rc<Handlers> {
        Handlers::build(shard, Listener::Broker, Some(name.to_string()))
    }

    pub fn for_listener(shard: Rc<Shard>, listener: Listener) -> Rc<Handlers> {
        Handlers::build(shard, listener, None)
    }

    fn build(shard: Rc<Shard>, listener: Listener, listener_name: Option<String>) -> Rc<Handlers> {
        let sessions = FetchSessions::new(shard.id, shard.nr_shards);
        let authorizer = auth::authorizer(&shard.config);
        Rc::new(Handlers {
            shard,
            listener,
            listener_name,
            fetch_sessions: RefCell::new(sessions),
            authorizer,
            denial_log: DenialLog::default(),
        })
    }

    /// The listener's name for logs and metrics.
    pub fn listener_label(&self) -> &str {
        match (&self.listener_name, self.listener) {
            (Some(name), _) => name,
            (None, Listener::Controller) => self
                .shard
                .config
                .controller_listener_names
                .first()
                .map_or("CONTROLLER", |n| n.as_str()),
            (None, Listener::Broker) => "PLAINTEXT",
        }
    }

    /// Answers one request from `caller`, with the time this shard spent polling its handler
    /// (the request's own work, not its waits: Kafka's LocalTimeMs). `written` fires once the
    /// request's effects are in place in order: for a Produce, when its batches are written
    /// (before they are durable); for every other request, when it is answered. The
    /// connection starts its next request only then (see `network::connection`).
    /// `connection_time` is the connection's time (reads, decodes, writes) since its last
    /// request was charged to `request_percentage`: this request's charge takes it, with the
    /// handler's polls, when the response is made ([`quota::RequestCharge`]).
    pub async fn handle(
        self: &Rc<Self>,
        req: Request,
        caller: &Caller,
        written: &Rc<Signal>,
        connection_time: &Cell<Duration>,
    ) -> (Reply, Duration) {
        // The shard's own work on the request, not the time it waited (for another shard,
        // the disk or a long poll).
        let clock = storage::profile::PollClock::default();
        let charge = quota::RequestCharge::new(self, &req, &clock, connection_time);
        let reply = clock
            .run(self.handle_request(req, caller, written, &charge))
            .await;
        charge.finish(self, caller);
        (reply, clock.so_far())
    }

    async fn handle_request(
        self: &Rc<Self>,
        req: Request,
        caller: &Caller,
        written: &Rc<Signal>,
        charge: &quota::RequestCharge<'_>,
    ) -> Reply {
        let _answered = FireOnDrop(written.clone());
        let version = req.version();
        let correlation_id = req.header.correlation_id;
        let key = req.api_key;
        let peer = caller.ip;
        tracing::trace!(?key, version, correlation_id, "request");
        let auth = Authz::new(self, caller, key);
        let (body, fixup) = match authorize::gate(&auth, req.body, version) {
            Gate::Pass(body, fixup) => (body, fixup),
            Gate::Answer(mut answer) => {
                quota::set_throttle_time_ms(&mut answer, charge.throttle(self, caller));
                return encode(key, version, correlation_id, &answer);
            }
        };
        let mut body = match body {
            RequestKind::ApiVersions(r) => ResponseKind::ApiVersions(api_versions::handle(
                &r,
                version,
                &self.shard.image(),
                self.listener,
            )),
            RequestKind::Metadata(r) => {
                ResponseKind::Metadata(metadata::handle(self, r, version, &auth).await)
            }
            RequestKind::Produce(r) => {
                let acks = r.acks;
                let bytes = quota::produce_bytes(&r);
                let mut response = produce::handle(self, r, version, written, &auth).await;
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                response.throttle_time_ms =
                    quota::record_produce(self, caller, client_id, bytes) as i32;
                if acks == 0 {
                    // Charged (and muted when over) all the same.
                    charge.throttle(self, caller);
                    // No response for acks=0; on an error Kafka closes the connection so the
                    // client notices (it refreshes metadata and reconnects).
                    let failed = response
                        .responses
                        .iter()
                        .flat_map(|t| &t.partition_responses)
                        .find(|p| p.error_code != 0);
                    return match failed {
                        Some(p) => Reply::Close(format!(
                            "acks=0 produce failed with error {}",
                            p.error_code
                        )),
                        None => Reply::Nothing,
                    };
                }
                ResponseKind::Produce(response)
            }
            RequestKind::Fetch(r) => {
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                return fetch::handle(self, r, version, correlation_id, &auth, client_id, charge)
                    .await;
            }
            RequestKind::CreateAcls(r) => {
                ResponseKind::CreateAcls(create_acls::handle(self, r, version, &auth).await)
            }
            RequestKind::DescribeAcls(r) => {
                ResponseKind::DescribeAcls(describe_acls::handle(r, version, &auth))
            }
            RequestKind::DeleteAcls(r) => {
                ResponseKind::DeleteAcls(delete_acls::handle(self, r, version, &auth).await)
            }
            RequestKind::DescribeTopicPartitions(r) => ResponseKind::DescribeTopicPartitions(
                describe_topic_partitions::handle(self, r, version, &auth).await,
            ),
            RequestKind::ListOffsets(r) => {
                ResponseKind::ListOffsets(list_offsets::handle(self, r, version).await)
            }
            RequestKind::CreateTopics(r) => {
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                let quota = quota::MutationQuota::new(self, caller, client_id, version, 6);
                ResponseKind::CreateTopics(create_topics::handle(self, r, version, &quota).await)
            }
            RequestKind::DeleteTopics(r) => {
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                let quota = quota::MutationQuota::new(self, caller, client_id, version, 5);
                ResponseKind::DeleteTopics(delete_topics::handle(self, r, version, &quota).await)
            }
            RequestKind::CreatePartitions(r) => {
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                let quota = quota::MutationQuota::new(self, caller, client_id, version, 3);
                ResponseKind::CreatePartitions(
                    create_partitions::handle(self, r, version, &quota).await,
                )
            }
            RequestKind::InitProducerId(r) => {
                ResponseKind::InitProducerId(init_producer_id::handle(self, r, version).await)
            }
            RequestKind::AddPartitionsToTxn(r) => ResponseKind::AddPartitionsToTxn(
                add_partitions_to_txn::handle(self, r, version).await,
            ),
            RequestKind::AddOffsetsToTxn(r) => {
                ResponseKind::AddOffsetsToTxn(add_offsets_to_txn::handle(self, r, version).await)
            }
            RequestKind::EndTxn(r) => ResponseKind::EndTxn(end_txn::handle(self, r, version).await),
            RequestKind::TxnOffsetCommit(r) => {
                ResponseKind::TxnOffsetCommit(txn_offset_commit::handle(self, r, version).await)
            }
            RequestKind::DescribeTransactions(r) => ResponseKind::DescribeTransactions(
                describe_transactions::handle(self, r, version).await,
            ),
            RequestKind::ListTransactions(r) => {
                ResponseKind::ListTransactions(list_transactions::handle(self, r, version).await)
            }
            RequestKind::WriteTxnMarkers(r) => {
                ResponseKind::WriteTxnMarkers(write_txn_markers::handle(self, r, version).await)
            }
            RequestKind::JoinGroup(r) => {
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                ResponseKind::JoinGroup(join_group::handle(self, r, version, client_id, peer).await)
            }
            RequestKind::ConsumerGroupHeartbeat(r) => {
                let client_id = req.header.client_id.as_deref().unwrap_or("");
                ResponseKind::ConsumerGroupHeartbeat(
                    consumer_group_heartbeat::handle(self, r, version, client_id, peer).await,
                )
            }
            other => match self.handle_admin(other, version).await {
                Some(body) => body,
                None => return Reply::Close(format!("{key:?} v{version} is not handled")),
            },
        };
        if let Some(fixup) = fixup {
            fixup(&mut body, &auth);
        }
        quota::set_throttle_time_ms(&mut body, charge.throttle(self, caller));
        if key == ApiKey::Produce {
            let stage = storage::profile::Stage::ProduceResponse;
            return storage::profile::timed(stage, || encode(key, version, correlation_id, &body));
        }
        encode(key, version, correlation_id, &body)
    }

    /// Answers a read-only request for the web console (`admin::console`) from `caller`, the
    /// principal logged in there: the same handlers and the same authorization as a Kafka
    /// client's request (the parts the caller may not see come back with Kafka's
    /// authorization errors). Only APIs that change nothing are answered; `None` for any other.
    pub async fn answer_for_console(
        self: &Rc<Self>,
        req: RequestKind,
        version: i16,
        caller: &Caller,
    ) -> Option<ResponseKind> {
        let key = match &req {
            RequestKind::ListOffsets(_) => ApiKey::ListOffsets,
            RequestKind::DescribeConfigs(_) => ApiKey::DescribeConfigs,
            RequestKind::DescribeLogDirs(_) => ApiKey::DescribeLogDirs,
            RequestKind::DescribeCluster(_) => ApiKey::DescribeCluster,
            RequestKind::ListGroups(_) => ApiKey::ListGroups,
            RequestKind::DescribeGroups(_) => ApiKey::DescribeGroups,
            RequestKind::OffsetFetch(_) => ApiKey::OffsetFetch,
            RequestKind::ConsumerGroupDescribe(_) => ApiKey::ConsumerGroupDescribe,
            _ => return None,
        };
        let auth = Authz::new(self, caller, key);
        let (body, fixup) = match authorize::gate(&auth, req, version) {
            Gate::Pass(body, fixup) => (body, fixup),
            Gate::Answer(answer) => return Some(answer),
        };
        let mut response = match body {
            RequestKind::ListOffsets(r) => {
                ResponseKind::ListOffsets(list_offsets::handle(self, r, version).await)
            }
            other => self.handle_admin(other, version).await?,
        };
        if let Some(fixup) = fixup {
            fixup(&mut response, &auth);
        }
        Some(response)
    }

    /// The authorization of what the web console shows `caller` beside the requests it makes
    /// (`answer_for_console`): its topic list as Metadata's, its records as Fetch's. A denial
    /// is logged and counted naming `api`, as that request's would be.
    pub fn console_authz<'a>(&'a self, caller: &'a Caller, api: ApiKey) -> Authz<'a> {
        Authz::new(self, caller, api)
    }

    /// Admin APIs beyond the produce/fetch core; `None` for an API this broker does not handle.
    async fn handle_admin(self: &Rc<Self>, req: RequestKind, version: i16) -> Option<ResponseKind> {
        Some(match req {
            RequestKind::ElectLeaders(r) => {
                ResponseKind::ElectLeaders(elect_leaders::handle(self, r, version).await)
            }
            RequestKind::AlterPartitionReassignments(r) => {
                ResponseKind::AlterPartitionReassignments(
                    alter_partition_reassignments::handle(self, r, version).await,
                )
            }
            RequestKind::ListPartitionReassignments(r) => ResponseKind::ListPartitionReassignments(
                list_partition_reassignments::handle(self, r, version).await,
            ),
            RequestKind::DescribeLogDirs(r) => {
                ResponseKind::DescribeLogDirs(describe_log_dirs::handle(self, r, version).await)
            }
            RequestKind::DescribeConfigs(r) => {
                ResponseKind::DescribeConfigs(describe_configs::handle(self, r, version).await)
            }
            RequestKind::AlterConfigs(r) => {
                ResponseKind::AlterConfigs(alter_configs::handle(self, r, version).await)
            }
            RequestKind::IncrementalAlterConfigs(r) => ResponseKind::IncrementalAlterConfigs(
                incremental_alter_configs::handle(self, r, version).await,
            ),
            RequestKind::DescribeCluster(r) => {
                ResponseKind::DescribeCluster(describe_cluster::handle(self, r, version).await)
            }
            RequestKind::UpdateFeatures(r) => {
                ResponseKind::UpdateFeatures(update_features::handle(self, r, version).await)
            }
            RequestKind::DescribeQuorum(r) => {
                ResponseKind::DescribeQuorum(describe_quorum::handle(self, r, version).await)
            }
            RequestKind::AddRaftVoter(r) => {
                ResponseKind::AddRaftVoter(raft_voters::add(self, r).await)
            }
            RequestKind::RemoveRaftVoter(r) => {
                ResponseKind::RemoveRaftVoter(raft_voters::remove(self, r).await)
            }
            RequestKind::DeleteRecords(r) => {
                ResponseKind::DeleteRecords(delete_records::handle(self, r, version).await)
            }
            RequestKind::OffsetForLeaderEpoch(r) => ResponseKind::OffsetForLeaderEpoch(
                offset_for_leader_epoch::handle(self, r, version).await,
            ),
            RequestKind::DescribeProducers(r) => {
                ResponseKind::DescribeProducers(describe_producers::handle(self, r, version).await)
            }
            RequestKind::DescribeClientQuotas(r) => ResponseKind::DescribeClientQuotas(
                describe_client_quotas::handle(self, r, version).await,
            ),
            RequestKind::AlterClientQuotas(r) => {
                ResponseKind::AlterClientQuotas(alter_client_quotas::handle(self, r, version).await)
            }
            RequestKind::AlterUserScramCredentials(r) => ResponseKind::AlterUserScramCredentials(
                alter_user_scram_credentials::handle(self, r, version).await,
            ),
            RequestKind::DescribeUserScramCredentials(r) => {
                ResponseKind::DescribeUserScramCredentials(
                    describe_user_scram_credentials::handle(self, r, version).await,
                )
            }
            RequestKind::SaslHandshake(_) => {
                ResponseKind::SaslHandshake(sasl::handshake_out_of_sequence())
            }
            RequestKind::SaslAuthenticate(_) => {
                ResponseKind::SaslAuthenticate(sasl::authenticate_out_of_sequence())
            }
            other => return self.handle_group(other, version).await,
        })
    }

    /// Group APIs (classic protocol, offsets, group admin); `None` for an API not handled.
    async fn handle_group(self: &Rc<Self>, req: RequestKind, version: i16) -> Option<ResponseKind> {
        Some(match req {
            RequestKind::FindCoordinator(r) => {
                ResponseKind::FindCoordinator(find_coordinator::handle(self, r, version).await)
            }
            RequestKind::SyncGroup(r) => {
                ResponseKind::SyncGroup(sync_group::handle(self, r, version).await)
            }
            RequestKind::Heartbeat(r) => {
                ResponseKind::Heartbeat(heartbeat::handle(self, r, version).await)
            }
            RequestKind::LeaveGroup(r) => {
                ResponseKind::LeaveGroup(leave_group::handle(self, r, version).await)
            }
            RequestKind::OffsetCommit(r) => {
                ResponseKind::OffsetCommit(offset_commit::handle(self, r, version).await)
            }
            RequestKind::OffsetFetch(r) => {
                ResponseKind::OffsetFetch(offset_fetch::handle(self, r, version).await)
            }
            RequestKind::ListGroups(r) => {
                ResponseKind::ListGroups(list_groups::handle(self, r, version).await)
            }
            RequestKind::DescribeGroups(r) => {
                ResponseKind::DescribeGroups(describe_groups::handle(self, r, version).await)
            }
            RequestKind::DeleteGroups(r) => {
                ResponseKind::DeleteGroups(delete_groups::handle(self, r, version).await)
            }
            RequestKind::OffsetDelete(r) => {
                ResponseKind::OffsetDelete(offset_delete::handle(self, r, version).await)
            }
            RequestKind::ConsumerGroupDescribe(r) => ResponseKind::ConsumerGroupDescribe(
                consumer_group_describe::handle(self, r, version).await,
            ),
            _ => return None,
        })
    }
}

pub(crate) fn encode(key: ApiKey, version: i16, correlation_id: i32, body: &ResponseKind) -> Reply {
    match encode_response(key, version, correlation_id, body) {
        Ok(bytes) => Reply::Send(ResponseParts::from_bytes(bytes)),
        Err(e) => Reply::Close(format!(
            "encoding {key:?} v{version} response failed: {e:#}"
        )),
    }
}

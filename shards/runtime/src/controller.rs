//! The controller: on shard 0, turns admin requests into metadata records and proposes them to
//! the metadata quorum (`crate::quorum`), whose driver commits them and applies them on every
//! shard in commit order before the request is answered.
//!
//! An admin change (`visible_everywhere_first`) is answered only once every live broker has
//! applied it too (`Quorum::wait_brokers_applied`: each broker reports what it applied as it
//! applies, `membership`), bounded by `broker.session.timeout.ms`: a client that changed
//! something through one broker finds it on any other at once. A broker that stops answering
//! is fenced within that time, which ends the wait for it; one whose process ended holds no
//! connection to the controller and is not waited for.

use crate::shard::Shard;
use metadata::replication::{self, ReplicationContext};
use metadata::{controller as rules, ConfigResource, ControllerError, MetadataRecord, TopicRef};
use model::{ErrorCode, NodeId, ShardId};
use std::rc::Rc;
use std::time::Duration;

/// How long a forwarded request's answer waits for this node to apply the leader's change.
const FORWARDED_APPLY_MAX: std::time::Duration = std::time::Duration::from_secs(10);

/// The longest an admin answer waits for the live brokers to apply its change, whatever
/// `broker.session.timeout.ms`: below the 30 s a forwarding broker waits for the answer.
const VISIBLE_WAIT_MAX: Duration = Duration::from_secs(20);

/// Producer ids handed to a shard at a time: one metadata commit per this many producers.
pub const PRODUCER_ID_BLOCK_SIZE: i32 = 1000;

// The request and reply types live in the metadata crate, which encodes them for forwarding to
// the active controller (`crate::forward`).
pub use metadata::{ControllerReply, ControllerRequest};

pub(crate) async fn handle(
    shard: &Rc<Shard>,
    req: ControllerRequest,
) -> Result<ControllerReply, ControllerError> {
    assert_eq!(shard.id, ShardId(0), "the controller runs on shard 0");
    let quorum = shard
        .quorum()
        .ok_or_else(|| ControllerError::new(ErrorCode::NotController, "no metadata log here"))?;
    // Not the active controller: forward to it, as a Kafka broker does.
    if !quorum.is_leader() {
        let leader = quorum.status().leader;
        match (leader, shard.forwarder()) {
            (Some(leader), Some(forwarder)) => {
                let mut forwarded = forwarder.forward(&quorum, leader, &req).await;
                // Visible on every shard of this node before the answer, as on the leader.
                if let Ok(reply) = &forwarded {
                    let applied = quorum
                        .wait_applied_everywhere(reply.index, FORWARDED_APPLY_MAX)
                        .await;
                    if !applied {
                        forwarded = Err(ControllerError::new(
                            ErrorCode::RequestTimedOut,
                            "the change committed but this broker did not apply it in time",
                        ));
                    }
                }
                // DescribeQuorum: a follower's own view is better than no answer.
                if forwarded.is_ok() || !matches!(req, ControllerRequest::DescribeQuorum) {
                    return forwarded;
                }
            }
            _ if matches!(req, ControllerRequest::DescribeQuorum) => {}
            _ => {
                return Err(ControllerError::new(
                    ErrorCode::NotController,
                    "the metadata quorum has no leader right now",
                ))
            }
        }
    }
    // Voter changes wait for the new voter outside the controller's turn (`voters`).
    match req {
        ControllerRequest::AddRaftVoter {
            node_id,
            directory_id,
            listeners,
            timeout_ms,
        } => {
            return crate::voters::add(shard, &quorum, node_id, directory_id, listeners, timeout_ms)
                .await
        }
        ControllerRequest::RemoveRaftVoter {
            node_id,
            directory_id,
        } => return crate::voters::remove(shard, &quorum, node_id, directory_id).await,
        _ => {}
    }
    let visible_everywhere = visible_everywhere_first(&req);
    let (reply, committed) = decide_and_commit(shard, &quorum, req).await?;
    if committed && visible_everywhere {
        let bound = Duration::from_millis(shard.config.broker_session_timeout_ms.max(1))
            .min(VISIBLE_WAIT_MAX);
        let behind = quorum.wait_brokers_applied(reply.index, bound).await;
        if !behind.is_empty() {
            let behind: Vec<i32> = behind.iter().map(|n| n.0).collect();
            tracing::warn!(
                index = reply.index,
                ?behind,
                "admin change answered before these brokers applied it (not caught up within broker.session.timeout.ms, or no longer the controller)"
            );
        }
    }
    Ok(reply)
}

/// Whether `req` is a client's admin change, answered only once every live broker applied
/// it. The controller's own bookkeeping (registrations, ISR changes, producer-id blocks,
/// controlled shutdowns) is answered at commit, as Kafka answers everything.
fn visible_everywhere_first(req: &ControllerRequest) -> bool {
    match req {
        ControllerRequest::CreateTopic { .. }
        | ControllerRequest::DeleteTopic { .. }
        | ControllerRequest::CreatePartitions { .. }
        | ControllerRequest::AlterConfigs { .. }
        | ControllerRequest::UpdateFeatures { .. }
        | ControllerRequest::ElectLeaders { .. }
        | ControllerRequest::AlterPartitionReassignments { .. }
        | ControllerRequest::CreateAcls { .. }
        | ControllerRequest::DeleteAcls { .. }
        | ControllerRequest::AlterUserScramCredentials { .. }
        | ControllerRequest::AlterClientQuotas { .. } => true,
        ControllerRequest::AllocateProducerIds
        | ControllerRequest::RegisterBroker { .. }
        | ControllerRequest::DescribeQuorum
        | ControllerRequest::AddRaftVoter { .. }
        | ControllerRequest::RemoveRaftVoter { .. }
        | ControllerRequest::AlterPartition { .. }
        | ControllerRequest::ControlledShutdown { .. } => false,
    }
}

/// The active controller's turn on `req`: decides against the image and commits the records
/// (applied on every shard here when this returns). Answers the reply and whether anything
/// was committed.
async fn decide_and_commit(
    shard: &Rc<Shard>,
    quorum: &crate::quorum::Quorum,
    req: ControllerRequest,
) -> Result<(ControllerReply, bool), ControllerError> {
    // One request at a time from decision to commit, so each decision sees the last one's
    // records (the image it decides on is what the previous request committed).
    let _turn = shard.controller_turn.acquire_permit(1).await.map_err(|_| {
        ControllerError::new(ErrorCode::NotController, "controller is shutting down")
    })?;
    tracing::debug!(?req, "controller request");
    if matches!(req, ControllerRequest::DescribeQuorum) {
        let image = quorum.image();
        let reply = ControllerReply {
            index: shard.applied_index().min(image.applied_index()),
            quorum: Some(quorum.status()),
            ..Default::default()
        };
        return Ok((reply, false));
    }
    if !quorum.is_leader() {
        return Err(ControllerError::new(
            ErrorCode::NotController,
            "this node is not the active controller",
        ));
    }
    let node = NodeId(shard.config.node_id);
    let image = quorum.image();
    let nr_shards = shard.nr_shards as u16;
    // A controlled shutdown names the registration it shuts down.
    if let ControllerRequest::ControlledShutdown {
        broker_id,
        broker_epoch,
    } = &req
    {
        match image.broker(*broker_id) {
            Some(b) if b.epoch == *broker_epoch => {}
            _ => {
                return Err(ControllerError::new(
                    ErrorCode::StaleBrokerEpoch,
                    format!(
                        "Broker {} is not registered at epoch {broker_epoch}.",
                        broker_id.0
                    ),
                ))
            }
        }
    }
    let ctx = replication_context(shard);
    let (records, validate_only, mut extra) = decide(&image, &req, node, nr_shards, &ctx)?;
    // DeleteAcls answers the bindings it removed (`decide` put them in the reply), not the
    // removal records.
    let deletes_acls = matches!(req, ControllerRequest::DeleteAcls { .. });
    if validate_only || records.is_empty() {
        extra.index = shard.applied_index();
        if !deletes_acls {
            extra.records = records;
        }
        return Ok((extra, false));
    }
    let index = quorum.propose(records.clone()).await.map_err(|e| {
        tracing::warn!(error = %e, "metadata commit failed");
        ControllerError::new(e.error_code(), format!("metadata commit failed: {e}"))
    })?;
    tracing::debug!(index, "controller committed and applied everywhere");
    let producer_ids = records.iter().find_map(|r| match r {
        MetadataRecord::ProducerIds {
            first_producer_id,
            block_size,
            ..
        } => Some((*first_producer_id, *block_size)),
        _ => None,
    });
    extra.index = index;
    if !deletes_acls {
        extra.records = records;
    }
    extra.producer_ids = producer_ids;
    if let ControllerRequest::ControlledShutdown { broker_id, .. } = &req {
        extra.may_shut_down = Some(replication::may_shut_down(&quorum.image(), *broker_id));
    }
    Ok((extra, true))
}

/// What the replication rules need beyond the image: this node's config defaults.
pub(crate) fn replication_context(shard: &Shard) -> ReplicationContext {
    ReplicationContext {
        min_insync_replicas: shard.config.min_insync_replicas,
        unclean_leader_election_enable: shard.config.unclean_leader_election_enable,
        shutting_down: Default::default(),
        log_flush_interval_messages: i64::try_from(shard.config.log_flush_interval_messages)
            .unwrap_or(i64::MAX),
    }
}

/// Commits what `decide` makes of the current image, as the active controller, in turn with
/// the admin requests (for the controller's own decisions: fencing brokers). Answers the index
/// applied everywhere (the current one when there was nothing to commit).
pub(crate) async fn propose_decided(
    shard: &Rc<Shard>,
    decide: impl FnOnce(&metadata::Image) -> Vec<MetadataRecord>,
) -> Result<u64, ControllerError> {
    let quorum = shard
        .quorum()
        .ok_or_else(|| ControllerError::new(ErrorCode::NotController, "no metadata log here"))?;
    let _turn = shard.controller_turn.acquire_permit(1).await.map_err(|_| {
        ControllerError::new(ErrorCode::NotController, "controller is shutting down")
    })?;
    if !quorum.is_leader() {
        return Err(ControllerError::new(
            ErrorCode::NotController,
            "this node is not the active controller",
        ));
    }
    let records = decide(&quorum.image());
    if records.is_empty() {
        return Ok(shard.applied_index());
    }
    quorum
        .propose(records)
        .await
        .map_err(|e| ControllerError::new(e.error_code(), format!("metadata commit failed: {e}")))
}

/// The controller's decision on `req` against `image`: records to commit (or an error),
/// whether the request only validates, and the reply's request-specific parts.
fn decide(
    image: &metadata::Image,
    req: &ControllerRequest,
    node: NodeId,
    nr_shards: u16,
    ctx: &ReplicationContext,
) -> Result<(Vec<MetadataRecord>, bool, ControllerReply), ControllerError> {
    let mut extra = ControllerReply::default();
    let (records, validate_only) = match req {
        ControllerRequest::CreateTopic {
            name,
            partitions,
            replication_factor,
            configs,
            validate_only,
            assignments,
        } => (
            rules::create_topic_assigned(
                image,
                name,
                *partitions,
                *replication_factor,
                configs.clone(),
                assignments,
                ctx,
                node,
                nr_shards,
            )?,
            *validate_only,
        ),
        ControllerRequest::DeleteTopic { id } => {
            (rules::delete_topic(image, TopicRef::Id(*id))?, false)
        }
        ControllerRequest::CreatePartitions {
            topic,
            total,
            validate_only,
            assignments,
        } => (
            rules::create_partitions_assigned(
                image,
                topic,
                *total,
                assignments,
                ctx,
                node,
                nr_shards,
            )?,
            *validate_only,
        ),
        ControllerRequest::AlterConfigs {
            resource,
            set,
            validate_only,
        } => {
            replication::check_min_isr_change(image, resource, set)?;
            let mut records = match resource {
                // Kafka: turning unclean election on elects leaderless partitions at once.
                ConfigResource::Topic(topic) => {
                    let mut records = rules::alter_topic_configs(image, topic, set.clone())?;
                    if enables_unclean(set) {
                        let after = applied(image, &records);
                        records.extend(replication::unclean_for_topic(&after, ctx, topic));
                    }
                    records
                }
                ConfigResource::Broker(None) => {
                    let mut records = rules::alter_broker_configs(None, set.clone())?;
                    if enables_unclean(set) {
                        let after = applied(image, &records);
                        records.extend(replication::unclean_where_enabled(&after, ctx));
                    }
                    records
                }
                ConfigResource::Broker(node) => rules::alter_broker_configs(*node, set.clone())?,
                ConfigResource::Group(group) => rules::alter_group_configs(group, set.clone())?,
            };
            // KIP-966: an ELR kept under the old min.insync.replicas means nothing under a new
            // one (Kafka's ClearElrRecord).
            let after = applied(image, &records);
            records.extend(replication::clear_elrs(&after, &records));
            (records, *validate_only)
        }
        ControllerRequest::AllocateProducerIds => (
            rules::allocate_producer_ids(image, node, PRODUCER_ID_BLOCK_SIZE),
            false,
        ),
        ControllerRequest::RegisterBroker { record } => match record {
            MetadataRecord::RegisterBroker {
                node_id,
                listeners,
                rack,
                num_shards,
                incarnation_id,
                fenced,
                previous_broker_epoch,
                ..
            } => {
                let mut records = rules::register_broker(
                    image,
                    *node_id,
                    listeners.clone(),
                    rack.clone(),
                    *num_shards,
                    *incarnation_id,
                )?;
                // A broker that has not caught up with the metadata log registers fenced
                // (`membership` decides), as Kafka's controller registers every broker; the
                // record keeps the previous epoch the broker sent.
                for r in &mut records {
                    if let MetadataRecord::RegisterBroker {
                        fenced: f,
                        previous_broker_epoch: p,
                        ..
                    } = r
                    {
                        *f = *fenced;
                        *p = *previous_broker_epoch;
                    }
                }
                // KIP-966: a new incarnation whose clean-shutdown marker does not name the
                // epoch of the registration it replaces restarted uncleanly. The same
                // incarnation registering again (new listeners) is no restart.
                let previous = image.broker(*node_id);
                let restart = match previous {
                    Some(b) if b.incarnation_id == *incarnation_id => replication::Restart::Clean,
                    _ => replication::Restart::of(previous, *previous_broker_epoch),
                };
                // A new registration (a restart) ends any controlled shutdown of the old one
                // and takes the old incarnation out of its leaderships and ISRs, as a fenced
                // broker leaves them (so a restarted leader never leads again at the same
                // leader epoch: replica simulation seed 44), and after an unclean restart out
                // of the eligible leader replicas where its durability is relaxed; registered
                // unfenced, it may then lead partitions that have no leader.
                if !records.is_empty() {
                    if restart == replication::Restart::Unclean {
                        tracing::info!(
                            node = node_id.0,
                            previous_broker_epoch,
                            registered_epoch = previous.map_or(-1, |b| b.epoch),
                            "broker restarted after an unclean shutdown"
                        );
                    }
                    let after = applied(image, &records);
                    records.extend(replication::registered(&after, ctx, *node_id, restart));
                }
                (records, false)
            }
            _ => {
                return Err(ControllerError::new(
                    ErrorCode::InvalidRequest,
                    "not a broker registration",
                ))
            }
        },
        ControllerRequest::DescribeQuorum => (Vec::new(), true),
        ControllerRequest::AddRaftVoter { .. } | ControllerRequest::RemoveRaftVoter { .. } => {
            return Err(ControllerError::new(
                ErrorCode::InvalidRequest,
                "voter changes are not decided from the image alone (runtime::voters)",
            ))
        }
        ControllerRequest::UpdateFeatures {
            updates,
            validate_only,
        } => match metadata::features::update(image, updates, node) {
            Ok(records) => (records, *validate_only),
            // All or nothing: the first refused update answers for the request.
            Err(errors) => {
                let (_, error) = errors
                    .into_iter()
                    .next()
                    .expect("an Err names at least one update");
                return Err(error);
            }
        },
        ControllerRequest::AlterPartition {
            broker_id,
            broker_epoch,
            topics,
        } => {
            let (records, results) =
                replication::alter_partition(image, ctx, *broker_id, *broker_epoch, topics)?;
            extra.alter_partition = Some(results);
            (records, false)
        }
        ControllerRequest::ControlledShutdown { broker_id, .. } => {
            let records = replication::controlled_shutdown(image, ctx, *broker_id);
            extra.may_shut_down = Some(replication::may_shut_down(
                &applied(image, &records),
                *broker_id,
            ));
            (records, false)
        }
        ControllerRequest::ElectLeaders {
            election,
            partitions,
        } => {
            let (records, results) =
                replication::elect_leaders(image, ctx, *election, partitions.as_deref());
            extra.elections = Some(results);
            (records, false)
        }
        ControllerRequest::AlterPartitionReassignments {
            partitions,
            allow_replication_factor_change,
        } => {
            let (records, results) = replication::reassign::alter_reassignments(
                image,
                ctx,
                partitions,
                *allow_replication_factor_change,
            );
            extra.reassignments = Some(results);
            (records, false)
        }
        ControllerRequest::CreateAcls { acls } => (
            rules::create_acls(image, acls, || *uuid::Uuid::new_v4().as_bytes())?,
            false,
        ),
        ControllerRequest::DeleteAcls { filters } => {
            let (matched, removals) = rules::delete_acls(image, filters)?;
            extra.records = matched;
            (removals, false)
        }
        ControllerRequest::AlterUserScramCredentials {
            deletions,
            upsertions,
        } => {
            let (records, results) = metadata::scram::alter(image, deletions, upsertions);
            extra.scram_users = Some(results);
            (records, false)
        }
        ControllerRequest::AlterClientQuotas {
            alterations,
            validate_only,
        } => {
            let (records, results) = metadata::quotas::alter(image, alterations);
            extra.client_quotas = Some(results);
            (records, *validate_only)
        }
    };
    Ok((records, validate_only, extra))
}

/// Whether an AlterConfigs sets `unclean.leader.election.enable` to true.
fn enables_unclean(set: &std::collections::BTreeMap<String, Option<String>>) -> bool {
    set.get("unclean.leader.election.enable")
        .and_then(|v| v.as_deref())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// `image` with `records` applied (to decide what follows from them in the same commit).
fn applied(image: &metadata::Image, records: &[MetadataRecord]) -> metadata::Image {
    let mut after = image.clone();
    for r in records {
        after.apply(r);
    }
    after
}

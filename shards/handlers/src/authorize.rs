//! The authorization checks of the APIs whose handlers need not know about them: before the
//! handler runs, a request the caller may not make at all is answered with Kafka's error
//! response, and the parts of a request it may not touch (topics, groups, config resources,
//! coordinator keys) are taken out; after, the response gets those parts back with Kafka's
//! error code, and KIP-430 authorized operations where the client asked for them.
//!
//! The operations are those Kafka's `KafkaApis` and `ControllerApis` check (Kafka 4.x): e.g.
//! ListOffsets DESCRIBE topic, DeleteRecords DELETE topic, CreatePartitions ALTER topic,
//! DescribeConfigs DESCRIBE_CONFIGS and the Alter*Configs ALTER_CONFIGS on the resource,
//! InitProducerId IDEMPOTENT_WRITE on the cluster or WRITE on any topic, the group APIs READ
//! (members), DESCRIBE (describe, find, fetch offsets) or DELETE on the group, and the
//! cluster-wide admin APIs ALTER or DESCRIBE on the cluster. Metadata, Produce, Fetch and
//! DescribeTopicPartitions check inside their handlers (auto-creation, sessions, pagination).

use crate::auth::Authz;
use crate::util::str_bytes;
use kafka_protocol::messages::*;
use metadata::acl::{AclOperation as Op, ResourceType as Rt};
use model::{ErrorCode, TopicId};

/// What happens to a request.
pub(crate) enum Gate {
    /// Handled as usual; `Fixup` completes the response.
    Pass(RequestKind, Fixup),
    /// Answered here.
    Answer(ResponseKind),
}

pub(crate) type Fixup = Option<Box<dyn FnOnce(&mut ResponseKind, &Authz<'_>)>>;

fn fixup(f: impl FnOnce(&mut ResponseKind, &Authz<'_>) + 'static) -> Fixup {
    Some(Box::new(f))
}

const TAF: ErrorCode = ErrorCode::TopicAuthorizationFailed;
const GAF: ErrorCode = ErrorCode::GroupAuthorizationFailed;
const CAF: ErrorCode = ErrorCode::ClusterAuthorizationFailed;

/// Kafka's default message of the error (`ApiError(Errors)`).
fn message(code: ErrorCode) -> Option<kafka_protocol::protocol::StrBytes> {
    let text = match code {
        TAF => "Topic authorization failed.",
        GAF => "Group authorization failed.",
        CAF => "Cluster authorization failed.",
        ErrorCode::TransactionalIdAuthorizationFailed => "Transactional Id authorization failed.",
        _ => return None,
    };
    Some(str_bytes(text.to_string()))
}

pub(crate) fn gate(auth: &Authz<'_>, req: RequestKind, version: i16) -> Gate {
    if !auth.enabled() {
        return pass_with_operations(req);
    }
    match req {
        RequestKind::ListOffsets(r) => list_offsets(auth, r),
        RequestKind::CreateTopics(r) => create_topics(auth, r, version),
        RequestKind::DeleteTopics(r) => delete_topics(auth, r, version),
        RequestKind::DeleteRecords(r) => delete_records(auth, r),
        RequestKind::InitProducerId(r) => init_producer_id(auth, r),
        RequestKind::OffsetForLeaderEpoch(r) => offset_for_leader_epoch(auth, r),
        RequestKind::DescribeConfigs(r) => describe_configs(auth, r),
        RequestKind::AlterConfigs(r) => alter_configs(auth, r),
        RequestKind::IncrementalAlterConfigs(r) => incremental_alter_configs(auth, r),
        RequestKind::CreatePartitions(r) => create_partitions(auth, r),
        RequestKind::DescribeProducers(r) => describe_producers(auth, r),
        RequestKind::FindCoordinator(r) => find_coordinator(auth, r, version),
        RequestKind::OffsetCommit(r) => offset_commit(auth, r),
        RequestKind::OffsetFetch(r) => offset_fetch(auth, r, version),
        RequestKind::OffsetDelete(r) => offset_delete(auth, r),
        RequestKind::DeleteGroups(r) => delete_groups(auth, r),
        RequestKind::DescribeGroups(r) => describe_groups(auth, r),
        RequestKind::ConsumerGroupDescribe(r) => consumer_group_describe(auth, r),
        RequestKind::ListGroups(r) => list_groups(auth, r),
        RequestKind::DescribeCluster(r) => describe_cluster(r),
        RequestKind::AddPartitionsToTxn(r) => add_partitions_to_txn(auth, r, version),
        RequestKind::AddOffsetsToTxn(r) => add_offsets_to_txn(auth, r),
        RequestKind::EndTxn(r) => end_txn(auth, r),
        RequestKind::TxnOffsetCommit(r) => txn_offset_commit(auth, r),
        RequestKind::WriteTxnMarkers(r) => write_txn_markers(auth, r),
        RequestKind::DescribeTransactions(r) => describe_transactions(auth, r),
        RequestKind::ListTransactions(r) => list_transactions(r),
        other => whole_request(auth, other),
    }
}

/// Without an authorizer: every operation, where the client asks for them.
fn pass_with_operations(req: RequestKind) -> Gate {
    match req {
        RequestKind::DescribeGroups(r) => describe_groups_ops(r),
        RequestKind::ConsumerGroupDescribe(r) => consumer_group_describe_ops(r),
        RequestKind::DescribeCluster(r) => describe_cluster(r),
        other => Gate::Pass(other, None),
    }
}

/// APIs checked as a whole: a cluster operation, or READ on the group of a member API.
fn whole_request(auth: &Authz<'_>, req: RequestKind) -> Gate {
    let answer = match &req {
        RequestKind::ElectLeaders(r) if !auth.cluster(Op::Alter) => {
            let results = r
                .topic_partitions
                .iter()
                .flatten()
                .map(|t| {
                    elect_leaders_response::ReplicaElectionResult::default()
                        .with_topic(t.topic.clone())
                        .with_partition_result(
                            t.partitions
                                .iter()
                                .map(|p| {
                                    elect_leaders_response::PartitionResult::default()
                                        .with_partition_id(*p)
                                        .with_error_code(CAF.code())
                                        .with_error_message(message(CAF))
                                })
                                .collect(),
                        )
                })
                .collect();
            ResponseKind::ElectLeaders(
                ElectLeadersResponse::default()
                    .with_error_code(CAF.code())
                    .with_replica_election_results(results),
            )
        }
        RequestKind::AlterPartitionReassignments(r) if !auth.cluster(Op::Alter) => {
            let responses = r
                .topics
                .iter()
                .map(|t| {
                    alter_partition_reassignments_response::ReassignableTopicResponse::default()
                        .with_name(t.name.clone())
                        .with_partitions(
                            t.partitions
                                .iter()
                                .map(|p| {
                                    alter_partition_reassignments_response::ReassignablePartitionResponse::default()
                                        .with_partition_index(p.partition_index)
                                        .with_error_code(CAF.code())
                                        .with_error_message(message(CAF))
                                })
                                .collect(),
                        )
                })
                .collect();
            ResponseKind::AlterPartitionReassignments(
                AlterPartitionReassignmentsResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF))
                    .with_responses(responses),
            )
        }
        RequestKind::ListPartitionReassignments(r) if !auth.cluster(Op::Describe) => {
            let topics = r
                .topics
                .iter()
                .flatten()
                .map(|t| {
                    list_partition_reassignments_response::OngoingTopicReassignment::default()
                        .with_name(t.name.clone())
                        .with_partitions(
                            t.partition_indexes
                                .iter()
                                .map(|p| {
                                    list_partition_reassignments_response::OngoingPartitionReassignment::default()
                                        .with_partition_index(*p)
                                })
                                .collect(),
                        )
                })
                .collect();
            ResponseKind::ListPartitionReassignments(
                ListPartitionReassignmentsResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF))
                    .with_topics(topics),
            )
        }
        // Kafka: DESCRIBE_CONFIGS on the cluster for client quotas, DESCRIBE / ALTER on the
        // cluster for SCRAM credentials (every user's result refused at once).
        RequestKind::DescribeClientQuotas(_) if !auth.cluster(Op::DescribeConfigs) => {
            ResponseKind::DescribeClientQuotas(
                DescribeClientQuotasResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF)),
            )
        }
        RequestKind::AlterClientQuotas(r) if !auth.cluster(Op::AlterConfigs) => {
            let entries = r
                .entries
                .iter()
                .map(|e| {
                    crate::alter_client_quotas::entry_result(
                        e,
                        Some((CAF, "Cluster authorization failed.".into())),
                    )
                })
                .collect();
            ResponseKind::AlterClientQuotas(
                kafka_protocol::messages::AlterClientQuotasResponse::default()
                    .with_entries(entries),
            )
        }
        RequestKind::DescribeUserScramCredentials(_) if !auth.cluster(Op::Describe) => {
            ResponseKind::DescribeUserScramCredentials(
                DescribeUserScramCredentialsResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF)),
            )
        }
        RequestKind::AlterUserScramCredentials(r) if !auth.cluster(Op::Alter) => {
            let mut users: Vec<&str> = r
                .deletions
                .iter()
                .map(|d| d.name.as_str())
                .chain(r.upsertions.iter().map(|u| u.name.as_str()))
                .collect();
            users.sort_unstable();
            users.dedup();
            let results = users
                .into_iter()
                .map(|user| {
                    alter_user_scram_credentials_response::AlterUserScramCredentialsResult::default(
                    )
                    .with_user(str_bytes(user.to_string()))
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF))
                })
                .collect();
            ResponseKind::AlterUserScramCredentials(
                AlterUserScramCredentialsResponse::default().with_results(results),
            )
        }
        RequestKind::DescribeLogDirs(_) if !auth.cluster(Op::Describe) => {
            ResponseKind::DescribeLogDirs(
                DescribeLogDirsResponse::default().with_error_code(CAF.code()),
            )
        }
        RequestKind::DescribeQuorum(_) if !auth.cluster(Op::Describe) => {
            ResponseKind::DescribeQuorum(
                DescribeQuorumResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF)),
            )
        }
        RequestKind::AddRaftVoter(_) if !auth.cluster(Op::Alter) => ResponseKind::AddRaftVoter(
            AddRaftVoterResponse::default()
                .with_error_code(CAF.code())
                .with_error_message(message(CAF)),
        ),
        RequestKind::RemoveRaftVoter(_) if !auth.cluster(Op::Alter) => {
            ResponseKind::RemoveRaftVoter(
                RemoveRaftVoterResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF)),
            )
        }
        RequestKind::UpdateFeatures(r) if !auth.cluster(Op::Alter) => {
            let results = r
                .feature_updates
                .iter()
                .map(|u| {
                    update_features_response::UpdatableFeatureResult::default()
                        .with_feature(u.feature.clone())
                        .with_error_code(CAF.code())
                        .with_error_message(message(CAF))
                })
                .collect();
            ResponseKind::UpdateFeatures(
                UpdateFeaturesResponse::default()
                    .with_error_code(CAF.code())
                    .with_error_message(message(CAF))
                    .with_results(results),
            )
        }
        RequestKind::JoinGroup(r) if !auth.group(Op::Read, &r.group_id) => ResponseKind::JoinGroup(
            JoinGroupResponse::default()
                .with_error_code(GAF.code())
                .with_generation_id(-1)
                .with_protocol_name(None),
        ),
        RequestKind::SyncGroup(r) if !auth.group(Op::Read, &r.group_id) => ResponseKind::SyncGroup(
            SyncGroupResponse::default()
                .with_error_code(GAF.code())
                .with_protocol_type(None)
                .with_protocol_name(None),
        ),
        RequestKind::Heartbeat(r) if !auth.group(Op::Read, &r.group_id) => {
            ResponseKind::Heartbeat(HeartbeatResponse::default().with_error_code(GAF.code()))
        }
        RequestKind::LeaveGroup(r) if !auth.group(Op::Read, &r.group_id) => {
            ResponseKind::LeaveGroup(LeaveGroupResponse::default().with_error_code(GAF.code()))
        }
        RequestKind::ConsumerGroupHeartbeat(r) if !auth.group(Op::Read, &r.group_id) => {
            ResponseKind::ConsumerGroupHeartbeat(
                ConsumerGroupHeartbeatResponse::default()
                    .with_error_code(GAF.code())
                    .with_error_message(message(GAF)),
            )
        }
        _ => return Gate::Pass(req, None),
    };
    Gate::Answer(answer)
}

/// Splits `items` into those `allowed` and the others.
fn split<T>(items: Vec<T>, mut allowed: impl FnMut(&T) -> bool) -> (Vec<T>, Vec<T>) {
    items.into_iter().partition(|t| allowed(t))
}

fn list_offsets(auth: &Authz<'_>, mut r: ListOffsetsRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Describe, &t.name)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::ListOffsets(r),
        fixup(move |resp, _| {
            if let ResponseKind::ListOffsets(resp) = resp {
                for t in denied {
                    let partitions = t
                        .partitions
                        .iter()
                        .map(|p| {
                            list_offsets_response::ListOffsetsPartitionResponse::default()
                                .with_partition_index(p.partition_index)
                                .with_error_code(TAF.code())
                                .with_timestamp(-1)
                                .with_offset(-1)
                                .with_leader_epoch(-1)
                        })
                        .collect();
                    resp.topics.push(
                        list_offsets_response::ListOffsetsTopicResponse::default()
                            .with_name(t.name)
                            .with_partitions(partitions),
                    );
                }
            }
        }),
    )
}

fn create_topics(auth: &Authz<'_>, mut r: CreateTopicsRequest, version: i16) -> Gate {
    let cluster = auth.cluster_quietly(Op::Create);
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for t in &r.topics {
        *counts.entry(t.name.to_string()).or_default() += 1;
    }
    // Duplicates stay with the handler (INVALID_REQUEST, as Kafka answers them first).
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        counts[t.name.as_str()] > 1 || cluster || auth.topic(Op::Create, &t.name)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::CreateTopics(r),
        fixup(move |resp, auth| {
            let ResponseKind::CreateTopics(resp) = resp else {
                return;
            };
            // Configs only for topics the caller may describe the configs of.
            if version >= 5 {
                for t in &mut resp.topics {
                    if t.error_code == ErrorCode::None.code()
                        && !auth.quietly(Op::DescribeConfigs, Rt::Topic, &t.name)
                    {
                        t.topic_config_error_code = TAF.code();
                        t.configs = Some(Vec::new());
                        t.num_partitions = -1;
                        t.replication_factor = -1;
                    }
                }
            }
            for t in denied {
                resp.topics.push(
                    create_topics_response::CreatableTopicResult::default()
                        .with_name(t.name)
                        .with_error_code(TAF.code())
                        .with_error_message(Some(str_bytes("Authorization failed.".to_string())))
                        .with_num_partitions(-1)
                        .with_replication_factor(-1),
                );
            }
        }),
    )
}

fn delete_topics(auth: &Authz<'_>, mut r: DeleteTopicsRequest, version: i16) -> Gate {
    if auth.cluster_quietly(Op::Delete) {
        return Gate::Pass(RequestKind::DeleteTopics(r), None);
    }
    let image = auth.image();
    let mut denied: Vec<delete_topics_response::DeletableTopicResult> = Vec::new();
    let mut refuse = |name: Option<TopicName>, id: uuid::Uuid| {
        denied.push(
            delete_topics_response::DeletableTopicResult::default()
                .with_name(name)
                .with_topic_id(id)
                .with_error_code(TAF.code())
                .with_error_message(message(TAF)),
        );
    };
    // By name: DESCRIBE first (an unknown name the caller cannot describe is no business of
    // theirs), then DELETE on a topic that exists.
    let by_name_allowed = |name: &str| -> Result<(), ()> {
        if !auth.topic(Op::Describe, name) {
            return Err(());
        }
        if image.topic(name).is_some() && !auth.topic(Op::Delete, name) {
            return Err(());
        }
        Ok(())
    };
    if version >= 6 {
        let mut kept = Vec::new();
        for t in std::mem::take(&mut r.topics) {
            match &t.name {
                Some(name) => match by_name_allowed(name) {
                    Ok(()) => kept.push(t),
                    Err(()) => refuse(Some(name.clone()), uuid::Uuid::nil()),
                },
                None => {
                    let id = TopicId(*t.topic_id.as_bytes());
                    match image.topic_by_id(id) {
                        // Unknown ids: the handler answers UNKNOWN_TOPIC_ID.
                        None => kept.push(t),
                        Some(topic) if auth.topic(Op::Delete, &topic.name) => kept.push(t),
                        Some(topic) => {
                            let name = auth
                                .quietly(Op::Describe, Rt::Topic, &topic.name)
                                .then(|| crate::util::topic_name(&topic.name));
                            refuse(name, t.topic_id);
                        }
                    }
                }
            }
        }
        r.topics = kept;
    } else {
        let (ok, no) = split(std::mem::take(&mut r.topic_names), |n| {
            by_name_allowed(n).is_ok()
        });
        r.topic_names = ok;
        for n in no {
            refuse(Some(n), uuid::Uuid::nil());
        }
    }
    Gate::Pass(
        RequestKind::DeleteTopics(r),
        fixup(move |resp, _| {
            if let ResponseKind::DeleteTopics(resp) = resp {
                resp.responses.extend(denied);
            }
        }),
    )
}

fn delete_records(auth: &Authz<'_>, mut r: DeleteRecordsRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Delete, &t.name)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::DeleteRecords(r),
        fixup(move |resp, _| {
            if let ResponseKind::DeleteRecords(resp) = resp {
                for t in denied {
                    let partitions = t
                        .partitions
                        .iter()
                        .map(|p| {
                            delete_records_response::DeleteRecordsPartitionResult::default()
                                .with_partition_index(p.partition_index)
                                .with_low_watermark(-1)
                                .with_error_code(TAF.code())
                        })
                        .collect();
                    resp.topics.push(
                        delete_records_response::DeleteRecordsTopicResult::default()
                            .with_name(t.name)
                            .with_partitions(partitions),
                    );
                }
            }
        }),
    )
}

fn init_producer_id(auth: &Authz<'_>, r: InitProducerIdRequest) -> Gate {
    let refused = match &r.transactional_id {
        Some(id) if !auth.allowed(Op::Write, Rt::TransactionalId, id) => {
            Some(ErrorCode::TransactionalIdAuthorizationFailed)
        }
        Some(_) => None,
        // Idempotence: IDEMPOTENT_WRITE on the cluster, or WRITE on some topic (KIP-679).
        None if !auth.cluster_quietly(Op::IdempotentWrite)
            && !auth.any_of_type(Op::Write, Rt::Topic) =>
        {
            auth.cluster(Op::IdempotentWrite);
            Some(CAF)
        }
        None => None,
    };
    match refused {
        Some(code) => Gate::Answer(ResponseKind::InitProducerId(
            InitProducerIdResponse::default()
                .with_error_code(code.code())
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1),
        )),
        None => Gate::Pass(RequestKind::InitProducerId(r), None),
    }
}

fn offset_for_leader_epoch(auth: &Authz<'_>, mut r: OffsetForLeaderEpochRequest) -> Gate {
    if auth.cluster_quietly(Op::ClusterAction) {
        return Gate::Pass(RequestKind::OffsetForLeaderEpoch(r), None);
    }
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Describe, &t.topic)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::OffsetForLeaderEpoch(r),
        fixup(move |resp, _| {
            if let ResponseKind::OffsetForLeaderEpoch(resp) = resp {
                for t in denied {
                    let partitions = t
                        .partitions
                        .iter()
                        .map(|p| {
                            offset_for_leader_epoch_response::EpochEndOffset::default()
                                .with_partition(p.partition)
                                .with_error_code(TAF.code())
                                .with_leader_epoch(-1)
                                .with_end_offset(-1)
                        })
                        .collect();
                    resp.topics.push(
                        offset_for_leader_epoch_response::OffsetForLeaderTopicResult::default()
                            .with_topic(t.topic)
                            .with_partitions(partitions),
                    );
                }
            }
        }),
    )
}

/// The resource and error of a config resource type (Kafka's `ConfigResource.Type` codes):
/// 2 topic, 4 broker, 8 broker logger, 32 group; `None` for others (the handler answers).
fn config_resource(resource_type: i8, name: &str) -> Option<(Rt, String, ErrorCode)> {
    match resource_type {
        2 => Some((Rt::Topic, name.to_string(), TAF)),
        4 | 8 => Some((Rt::Cluster, metadata::acl::CLUSTER_NAME.to_string(), CAF)),
        32 => Some((Rt::Group, name.to_string(), GAF)),
        _ => None,
    }
}

/// The error for a config resource the caller may not `op`, `None` when allowed.
fn config_denied(auth: &Authz<'_>, op: Op, resource_type: i8, name: &str) -> Option<ErrorCode> {
    let (rt, name, code) = config_resource(resource_type, name)?;
    (!auth.allowed(op, rt, &name)).then_some(code)
}

/// Takes the config resources `op` is denied on out of `resources`; each becomes its
/// `answer(resource, error)` for the response.
fn deny_config_resources<R, A>(
    auth: &Authz<'_>,
    op: Op,
    resources: &mut Vec<R>,
    key: impl Fn(&R) -> (i8, &str),
    answer: impl Fn(&R, ErrorCode) -> A,
) -> Vec<A> {
    let mut denied = Vec::new();
    resources.retain(|res| {
        let (resource_type, name) = key(res);
        match config_denied(auth, op, resource_type, name) {
            Some(code) => {
                denied.push(answer(res, code));
                false
            }
            None => true,
        }
    });
    denied
}

fn describe_configs(auth: &Authz<'_>, mut r: DescribeConfigsRequest) -> Gate {
    let denied = deny_config_resources(
        auth,
        Op::DescribeConfigs,
        &mut r.resources,
        |res| (res.resource_type, res.resource_name.as_str()),
        |res, code| {
            describe_configs_response::DescribeConfigsResult::default()
                .with_error_code(code.code())
                .with_error_message(message(code))
                .with_resource_type(res.resource_type)
                .with_resource_name(res.resource_name.clone())
        },
    );
    Gate::Pass(
        RequestKind::DescribeConfigs(r),
        fixup(move |resp, _| {
            if let ResponseKind::DescribeConfigs(resp) = resp {
                resp.results.extend(denied);
            }
        }),
    )
}

fn alter_configs(auth: &Authz<'_>, mut r: AlterConfigsRequest) -> Gate {
    let denied = deny_config_resources(
        auth,
        Op::AlterConfigs,
        &mut r.resources,
        |res| (res.resource_type, res.resource_name.as_str()),
        |res, code| {
            alter_configs_response::AlterConfigsResourceResponse::default()
                .with_error_code(code.code())
                .with_error_message(message(code))
                .with_resource_type(res.resource_type)
                .with_resource_name(res.resource_name.clone())
        },
    );
    Gate::Pass(
        RequestKind::AlterConfigs(r),
        fixup(move |resp, _| {
            if let ResponseKind::AlterConfigs(resp) = resp {
                resp.responses.extend(denied);
            }
        }),
    )
}

fn incremental_alter_configs(auth: &Authz<'_>, mut r: IncrementalAlterConfigsRequest) -> Gate {
    let denied = deny_config_resources(
        auth,
        Op::AlterConfigs,
        &mut r.resources,
        |res| (res.resource_type, res.resource_name.as_str()),
        |res, code| {
            incremental_alter_configs_response::AlterConfigsResourceResponse::default()
                .with_error_code(code.code())
                .with_error_message(message(code))
                .with_resource_type(res.resource_type)
                .with_resource_name(res.resource_name.clone())
        },
    );
    Gate::Pass(
        RequestKind::IncrementalAlterConfigs(r),
        fixup(move |resp, _| {
            if let ResponseKind::IncrementalAlterConfigs(resp) = resp {
                resp.responses.extend(denied);
            }
        }),
    )
}

fn create_partitions(auth: &Authz<'_>, mut r: CreatePartitionsRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Alter, &t.name)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::CreatePartitions(r),
        fixup(move |resp, _| {
            if let ResponseKind::CreatePartitions(resp) = resp {
                for t in denied {
                    resp.results.push(
                        create_partitions_response::CreatePartitionsTopicResult::default()
                            .with_name(t.name)
                            .with_error_code(TAF.code())
                            .with_error_message(Some(str_bytes(
                                "The topic authorization is failed.".to_string(),
                            ))),
                    );
                }
            }
        }),
    )
}

fn describe_producers(auth: &Authz<'_>, mut r: DescribeProducersRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Read, &t.name)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::DescribeProducers(r),
        fixup(move |resp, _| {
            if let ResponseKind::DescribeProducers(resp) = resp {
                for t in denied {
                    let partitions = t
                        .partition_indexes
                        .iter()
                        .map(|p| {
                            describe_producers_response::PartitionResponse::default()
                                .with_partition_index(*p)
                                .with_error_code(TAF.code())
                                .with_error_message(message(TAF))
                        })
                        .collect();
                    resp.topics.push(
                        describe_producers_response::TopicResponse::default()
                            .with_name(t.name)
                            .with_partitions(partitions),
                    );
                }
            }
        }),
    )
}

/// FindCoordinator: DESCRIBE on the group (key type 0) or transactional id (1).
fn find_coordinator(auth: &Authz<'_>, mut r: FindCoordinatorRequest, version: i16) -> Gate {
    let check = |key: &str| -> Option<ErrorCode> {
        match r.key_type {
            0 => (!auth.group(Op::Describe, key)).then_some(GAF),
            1 => (!auth.allowed(Op::Describe, Rt::TransactionalId, key))
                .then_some(ErrorCode::TransactionalIdAuthorizationFailed),
            _ => None,
        }
    };
    if version < 4 {
        return match check(&r.key) {
            Some(code) => Gate::Answer(ResponseKind::FindCoordinator(
                FindCoordinatorResponse::default()
                    .with_error_code(code.code())
                    .with_error_message(message(code))
                    .with_node_id(BrokerId(-1))
                    .with_host(str_bytes(String::new()))
                    .with_port(-1),
            )),
            None => Gate::Pass(RequestKind::FindCoordinator(r), None),
        };
    }
    let mut denied = Vec::new();
    let keys = std::mem::take(&mut r.coordinator_keys);
    for key in keys {
        match check(&key) {
            Some(code) => denied.push(
                find_coordinator_response::Coordinator::default()
                    .with_key(key)
                    .with_node_id(BrokerId(-1))
                    .with_host(str_bytes(String::new()))
                    .with_port(-1)
                    .with_error_code(code.code())
                    .with_error_message(message(code)),
            ),
            None => r.coordinator_keys.push(key),
        }
    }
    Gate::Pass(
        RequestKind::FindCoordinator(r),
        fixup(move |resp, _| {
            if let ResponseKind::FindCoordinator(resp) = resp {
                resp.coordinators.extend(denied);
            }
        }),
    )
}

fn offset_commit(auth: &Authz<'_>, mut r: OffsetCommitRequest) -> Gate {
    let partitions_with = |t: &offset_commit_request::OffsetCommitRequestTopic, code: ErrorCode| {
        offset_commit_response::OffsetCommitResponseTopic::default()
            .with_name(t.name.clone())
            .with_topic_id(t.topic_id)
            .with_partitions(
                t.partitions
                    .iter()
                    .map(|p| {
                        offset_commit_response::OffsetCommitResponsePartition::default()
                            .with_partition_index(p.partition_index)
                            .with_error_code(code.code())
                    })
                    .collect(),
            )
    };
    if !auth.group(Op::Read, &r.group_id) {
        let topics = r.topics.iter().map(|t| partitions_with(t, GAF)).collect();
        return Gate::Answer(ResponseKind::OffsetCommit(
            OffsetCommitResponse::default().with_topics(topics),
        ));
    }
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Read, &t.name)
    });
    r.topics = ok;
    let denied: Vec<_> = denied.iter().map(|t| partitions_with(t, TAF)).collect();
    Gate::Pass(
        RequestKind::OffsetCommit(r),
        fixup(move |resp, _| {
            if let ResponseKind::OffsetCommit(resp) = resp {
                resp.topics.extend(denied);
            }
        }),
    )
}

/// OffsetFetch: DESCRIBE on the group; offsets only of topics the caller may describe (named
/// ones it may not are answered TOPIC_AUTHORIZATION_FAILED, the rest left out).
fn offset_fetch(auth: &Authz<'_>, mut r: OffsetFetchRequest, version: i16) -> Gate {
    if version >= 8 {
        let mut denied_groups = Vec::new();
        let mut denied_topics: Vec<(String, Vec<offset_fetch_request::OffsetFetchRequestTopics>)> =
            Vec::new();
        let mut all_topics_groups = Vec::new();
        let groups = std::mem::take(&mut r.groups);
        for mut g in groups {
            if !auth.group(Op::Describe, &g.group_id) {
                denied_groups.push(g.group_id.clone());
                continue;
            }
            match g.topics.take() {
                Some(topics) => {
                    let (ok, no) = split(topics, |t| auth.topic(Op::Describe, &t.name));
                    g.topics = Some(ok);
                    denied_topics.push((g.group_id.to_string(), no));
                }
                None => all_topics_groups.push(g.group_id.to_string()),
            }
            r.groups.push(g);
        }
        return Gate::Pass(
            RequestKind::OffsetFetch(r),
            fixup(move |resp, auth| {
                let ResponseKind::OffsetFetch(resp) = resp else {
                    return;
                };
                for g in &mut resp.groups {
                    if all_topics_groups.contains(&g.group_id.to_string()) {
                        g.topics
                            .retain(|t| auth.quietly(Op::Describe, Rt::Topic, &t.name));
                    }
                    for (group, topics) in &denied_topics {
                        if *group != *g.group_id.as_str() {
                            continue;
                        }
                        for t in topics {
                            g.topics.push(
                                offset_fetch_response::OffsetFetchResponseTopics::default()
                                    .with_name(t.name.clone())
                                    .with_topic_id(t.topic_id)
                                    .with_partitions(
                                        t.partition_indexes
                                            .iter()
                                            .map(|p| {
                                                offset_fetch_response::OffsetFetchResponsePartitions::default()
                                                    .with_partition_index(*p)
                                                    .with_committed_offset(-1)
                                                    .with_committed_leader_epoch(-1)
                                                    .with_metadata(Some(str_bytes(String::new())))
                                                    .with_error_code(TAF.code())
                                            })
                                            .collect(),
                                    ),
                            );
                        }
                    }
                }
                for group in denied_groups {
                    resp.groups.push(
                        offset_fetch_response::OffsetFetchResponseGroup::default()
                            .with_group_id(group)
                            .with_error_code(GAF.code()),
                    );
                }
            }),
        );
    }
    if !auth.group(Op::Describe, &r.group_id) {
        let mut resp = OffsetFetchResponse::default();
        if version >= 2 {
            resp.error_code = GAF.code();
        } else {
            // v1 has no top-level error: every partition carries it.
            resp.topics = r
                .topics
                .iter()
                .flatten()
                .map(|t| {
                    offset_fetch_response::OffsetFetchResponseTopic::default()
                        .with_name(t.name.clone())
                        .with_partitions(
                            t.partition_indexes
                                .iter()
                                .map(|p| {
                                    offset_fetch_response::OffsetFetchResponsePartition::default()
                                        .with_partition_index(*p)
                                        .with_committed_offset(-1)
                                        .with_committed_leader_epoch(-1)
                                        .with_metadata(Some(str_bytes(String::new())))
                                        .with_error_code(GAF.code())
                                })
                                .collect(),
                        )
                })
                .collect();
        }
        return Gate::Answer(ResponseKind::OffsetFetch(resp));
    }
    let all = r.topics.is_none();
    let denied = match r.topics.take() {
        Some(topics) => {
            let (ok, no) = split(topics, |t| auth.topic(Op::Describe, &t.name));
            r.topics = Some(ok);
            no
        }
        None => Vec::new(),
    };
    Gate::Pass(
        RequestKind::OffsetFetch(r),
        fixup(move |resp, auth| {
            let ResponseKind::OffsetFetch(resp) = resp else {
                return;
            };
            if all {
                resp.topics
                    .retain(|t| auth.quietly(Op::Describe, Rt::Topic, &t.name));
            }
            for t in denied {
                resp.topics.push(
                    offset_fetch_response::OffsetFetchResponseTopic::default()
                        .with_name(t.name)
                        .with_partitions(
                            t.partition_indexes
                                .iter()
                                .map(|p| {
                                    offset_fetch_response::OffsetFetchResponsePartition::default()
                                        .with_partition_index(*p)
                                        .with_committed_offset(-1)
                                        .with_committed_leader_epoch(-1)
                                        .with_metadata(Some(str_bytes(String::new())))
                                        .with_error_code(TAF.code())
                                })
                                .collect(),
                        ),
                );
            }
        }),
    )
}

fn offset_delete(auth: &Authz<'_>, mut r: OffsetDeleteRequest) -> Gate {
    if !auth.group(Op::Delete, &r.group_id) {
        return Gate::Answer(ResponseKind::OffsetDelete(
            OffsetDeleteResponse::default().with_error_code(GAF.code()),
        ));
    }
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Read, &t.name)
    });
    r.topics = ok;
    Gate::Pass(
        RequestKind::OffsetDelete(r),
        fixup(move |resp, _| {
            if let ResponseKind::OffsetDelete(resp) = resp {
                for t in denied {
                    let partitions = t
                        .partitions
                        .iter()
                        .map(|p| {
                            offset_delete_response::OffsetDeleteResponsePartition::default()
                                .with_partition_index(p.partition_index)
                                .with_error_code(TAF.code())
                        })
                        .collect();
                    resp.topics.push(
                        offset_delete_response::OffsetDeleteResponseTopic::default()
                            .with_name(t.name)
                            .with_partitions(partitions),
                    );
                }
            }
        }),
    )
}

fn delete_groups(auth: &Authz<'_>, mut r: DeleteGroupsRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.groups_names), |g| {
        auth.group(Op::Delete, g)
    });
    r.groups_names = ok;
    Gate::Pass(
        RequestKind::DeleteGroups(r),
        fixup(move |resp, _| {
            if let ResponseKind::DeleteGroups(resp) = resp {
                for g in denied {
                    resp.results.push(
                        delete_groups_response::DeletableGroupResult::default()
                            .with_group_id(g)
                            .with_error_code(GAF.code()),
                    );
                }
            }
        }),
    )
}

fn describe_groups(auth: &Authz<'_>, mut r: DescribeGroupsRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.groups), |g| {
        auth.group(Op::Describe, g)
    });
    r.groups = ok;
    let include = r.include_authorized_operations;
    Gate::Pass(
        RequestKind::DescribeGroups(r),
        fixup(move |resp, auth| {
            let ResponseKind::DescribeGroups(resp) = resp else {
                return;
            };
            if include {
                for g in &mut resp.groups {
                    g.authorized_operations = auth.operations(Rt::Group, &g.group_id);
                }
            }
            for g in denied {
                resp.groups.push(
                    describe_groups_response::DescribedGroup::default()
                        .with_group_id(g)
                        .with_error_code(GAF.code())
                        .with_authorized_operations(crate::util::AUTHORIZED_OPERATIONS_OMITTED),
                );
            }
        }),
    )
}

fn describe_groups_ops(r: DescribeGroupsRequest) -> Gate {
    let include = r.include_authorized_operations;
    Gate::Pass(
        RequestKind::DescribeGroups(r),
        include
            .then(|| {
                fixup(|resp, auth| {
                    if let ResponseKind::DescribeGroups(resp) = resp {
                        for g in &mut resp.groups {
                            g.authorized_operations = auth.operations(Rt::Group, &g.group_id);
                        }
                    }
                })
            })
            .flatten(),
    )
}

fn consumer_group_describe(auth: &Authz<'_>, mut r: ConsumerGroupDescribeRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.group_ids), |g| {
        auth.group(Op::Describe, g)
    });
    r.group_ids = ok;
    let include = r.include_authorized_operations;
    Gate::Pass(
        RequestKind::ConsumerGroupDescribe(r),
        fixup(move |resp, auth| {
            let ResponseKind::ConsumerGroupDescribe(resp) = resp else {
                return;
            };
            if include {
                for g in &mut resp.groups {
                    if g.error_code == ErrorCode::None.code() {
                        g.authorized_operations = auth.operations(Rt::Group, &g.group_id);
                    }
                }
            }
            for g in denied {
                resp.groups.push(
                    consumer_group_describe_response::DescribedGroup::default()
                        .with_group_id(g)
                        .with_error_code(GAF.code())
                        .with_error_message(message(GAF))
                        .with_authorized_operations(crate::util::AUTHORIZED_OPERATIONS_OMITTED),
                );
            }
        }),
    )
}

fn consumer_group_describe_ops(r: ConsumerGroupDescribeRequest) -> Gate {
    let include = r.include_authorized_operations;
    Gate::Pass(
        RequestKind::ConsumerGroupDescribe(r),
        include
            .then(|| {
                fixup(|resp, auth| {
                    if let ResponseKind::ConsumerGroupDescribe(resp) = resp {
                        for g in &mut resp.groups {
                            if g.error_code == ErrorCode::None.code() {
                                g.authorized_operations = auth.operations(Rt::Group, &g.group_id);
                            }
                        }
                    }
                })
            })
            .flatten(),
    )
}

/// ListGroups: every group with DESCRIBE on the cluster, else those the caller may describe.
fn list_groups(auth: &Authz<'_>, r: ListGroupsRequest) -> Gate {
    if auth.cluster_quietly(Op::Describe) {
        return Gate::Pass(RequestKind::ListGroups(r), None);
    }
    Gate::Pass(
        RequestKind::ListGroups(r),
        fixup(|resp, auth| {
            if let ResponseKind::ListGroups(resp) = resp {
                resp.groups
                    .retain(|g| auth.quietly(Op::Describe, Rt::Group, &g.group_id));
            }
        }),
    )
}

/// DescribeCluster: no check (as Kafka); the cluster's operations when asked, 0 without
/// DESCRIBE on the cluster.
fn describe_cluster(r: DescribeClusterRequest) -> Gate {
    let include = r.include_cluster_authorized_operations;
    Gate::Pass(
        RequestKind::DescribeCluster(r),
        include
            .then(|| {
                fixup(|resp, auth| {
                    if let ResponseKind::DescribeCluster(resp) = resp {
                        if resp.error_code == ErrorCode::None.code() {
                            resp.cluster_authorized_operations = if auth.cluster(Op::Describe) {
                                auth.operations(Rt::Cluster, metadata::acl::CLUSTER_NAME)
                            } else {
                                0
                            };
                        }
                    }
                })
            })
            .flatten(),
    )
}

const TXN_AF: ErrorCode = ErrorCode::TransactionalIdAuthorizationFailed;

fn txn_writable(auth: &Authz<'_>, id: &str) -> bool {
    auth.allowed(Op::Write, Rt::TransactionalId, id)
}

/// AddPartitionsToTxn: v4+ is brokers' own (CLUSTER_ACTION on the cluster); a client's (v0-3)
/// needs WRITE on its transactional id, then WRITE on every topic: the refused ones are
/// TOPIC_AUTHORIZATION_FAILED and the others OPERATION_NOT_ATTEMPTED (Kafka's KafkaApis).
fn add_partitions_to_txn(auth: &Authz<'_>, r: AddPartitionsToTxnRequest, version: i16) -> Gate {
    if version >= 4 {
        if auth.cluster(Op::ClusterAction) {
            return Gate::Pass(RequestKind::AddPartitionsToTxn(r), None);
        }
        return Gate::Answer(ResponseKind::AddPartitionsToTxn(
            AddPartitionsToTxnResponse::default().with_error_code(CAF.code()),
        ));
    }
    let txn_denied = !txn_writable(auth, &r.v3_and_below_transactional_id);
    let denied: Vec<bool> = r
        .v3_and_below_topics
        .iter()
        .map(|t| txn_denied || !auth.topic(Op::Write, &t.name))
        .collect();
    if !denied.contains(&true) {
        return Gate::Pass(RequestKind::AddPartitionsToTxn(r), None);
    }
    let results = r
        .v3_and_below_topics
        .iter()
        .zip(&denied)
        .map(|(t, denied)| {
            let code = match (txn_denied, denied) {
                (true, _) => TXN_AF,
                (false, true) => TAF,
                (false, false) => ErrorCode::OperationNotAttempted,
            };
            add_partitions_to_txn_response::AddPartitionsToTxnTopicResult::default()
                .with_name(t.name.clone())
                .with_results_by_partition(
                    t.partitions
                        .iter()
                        .map(|p| {
                            add_partitions_to_txn_response::AddPartitionsToTxnPartitionResult::default()
                                .with_partition_index(*p)
                                .with_partition_error_code(code.code())
                        })
                        .collect(),
                )
        })
        .collect();
    Gate::Answer(ResponseKind::AddPartitionsToTxn(
        AddPartitionsToTxnResponse::default().with_results_by_topic_v3_and_below(results),
    ))
}

/// AddOffsetsToTxn: WRITE on the transactional id, then READ on the group.
fn add_offsets_to_txn(auth: &Authz<'_>, r: AddOffsetsToTxnRequest) -> Gate {
    let refused = if !txn_writable(auth, &r.transactional_id) {
        Some(TXN_AF)
    } else if !auth.group(Op::Read, &r.group_id) {
        Some(GAF)
    } else {
        None
    };
    match refused {
        Some(code) => Gate::Answer(ResponseKind::AddOffsetsToTxn(
            AddOffsetsToTxnResponse::default().with_error_code(code.code()),
        )),
        None => Gate::Pass(RequestKind::AddOffsetsToTxn(r), None),
    }
}

/// EndTxn: WRITE on the transactional id.
fn end_txn(auth: &Authz<'_>, r: EndTxnRequest) -> Gate {
    if txn_writable(auth, &r.transactional_id) {
        return Gate::Pass(RequestKind::EndTxn(r), None);
    }
    Gate::Answer(ResponseKind::EndTxn(
        EndTxnResponse::default().with_error_code(TXN_AF.code()),
    ))
}

/// TxnOffsetCommit: WRITE on the transactional id and READ on the group answer for every
/// partition; then READ on each topic (the refused ones TOPIC_AUTHORIZATION_FAILED, the rest
/// committed).
fn txn_offset_commit(auth: &Authz<'_>, mut r: TxnOffsetCommitRequest) -> Gate {
    let answer_all = |topics: &[txn_offset_commit_request::TxnOffsetCommitRequestTopic],
                      code: ErrorCode| {
        topics
            .iter()
            .map(|t| {
                txn_offset_commit_response::TxnOffsetCommitResponseTopic::default()
                    .with_name(t.name.clone())
                    .with_partitions(
                        t.partitions
                            .iter()
                            .map(|p| {
                                txn_offset_commit_response::TxnOffsetCommitResponsePartition::default()
                                    .with_partition_index(p.partition_index)
                                    .with_error_code(code.code())
                            })
                            .collect(),
                    )
            })
            .collect::<Vec<_>>()
    };
    let whole = if !txn_writable(auth, &r.transactional_id) {
        Some(TXN_AF)
    } else if !auth.group(Op::Read, &r.group_id) {
        Some(GAF)
    } else {
        None
    };
    if let Some(code) = whole {
        return Gate::Answer(ResponseKind::TxnOffsetCommit(
            TxnOffsetCommitResponse::default().with_topics(answer_all(&r.topics, code)),
        ));
    }
    let (ok, denied) = split(std::mem::take(&mut r.topics), |t| {
        auth.topic(Op::Read, &t.name)
    });
    r.topics = ok;
    let denied = answer_all(&denied, TAF);
    Gate::Pass(
        RequestKind::TxnOffsetCommit(r),
        fixup(move |resp, _| {
            if let ResponseKind::TxnOffsetCommit(resp) = resp {
                resp.topics.extend(denied);
            }
        }),
    )
}

/// WriteTxnMarkers: brokers' own, CLUSTER_ACTION on the cluster.
fn write_txn_markers(auth: &Authz<'_>, r: WriteTxnMarkersRequest) -> Gate {
    if auth.cluster(Op::ClusterAction) {
        return Gate::Pass(RequestKind::WriteTxnMarkers(r), None);
    }
    let markers = r
        .markers
        .iter()
        .map(|m| {
            write_txn_markers_response::WritableTxnMarkerResult::default()
                .with_producer_id(m.producer_id)
                .with_topics(
                    m.topics
                        .iter()
                        .map(|t| {
                            write_txn_markers_response::WritableTxnMarkerTopicResult::default()
                                .with_name(t.name.clone())
                                .with_partitions(
                                    t.partition_indexes
                                        .iter()
                                        .map(|p| {
                                            write_txn_markers_response::WritableTxnMarkerPartitionResult::default()
                                                .with_partition_index(*p)
                                                .with_error_code(CAF.code())
                                        })
                                        .collect(),
                                )
                        })
                        .collect(),
                )
        })
        .collect();
    Gate::Answer(ResponseKind::WriteTxnMarkers(
        WriteTxnMarkersResponse::default().with_markers(markers),
    ))
}

/// DescribeTransactions: DESCRIBE on each transactional id (the refused ones answered
/// TRANSACTIONAL_ID_AUTHORIZATION_FAILED); topics the caller may not describe are left out of
/// the states.
fn describe_transactions(auth: &Authz<'_>, mut r: DescribeTransactionsRequest) -> Gate {
    let (ok, denied) = split(std::mem::take(&mut r.transactional_ids), |id| {
        auth.allowed(Op::Describe, Rt::TransactionalId, id)
    });
    r.transactional_ids = ok;
    let denied: Vec<_> = denied
        .into_iter()
        .map(|id| {
            describe_transactions_response::TransactionState::default()
                .with_transactional_id(id)
                .with_error_code(TXN_AF.code())
                .with_transaction_state(str_bytes(String::new()))
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1)
        })
        .collect();
    Gate::Pass(
        RequestKind::DescribeTransactions(r),
        fixup(move |resp, auth| {
            if let ResponseKind::DescribeTransactions(resp) = resp {
                for state in &mut resp.transaction_states {
                    state
                        .topics
                        .retain(|t| auth.quietly(Op::Describe, Rt::Topic, &t.topic));
                }
                resp.transaction_states.extend(denied);
            }
        }),
    )
}

/// ListTransactions: no error; only the transactional ids the caller may describe.
fn list_transactions(r: ListTransactionsRequest) -> Gate {
    Gate::Pass(
        RequestKind::ListTransactions(r),
        fixup(|resp, auth| {
            if let ResponseKind::ListTransactions(resp) = resp {
                resp.transaction_states.retain(|s| {
                    auth.quietly(Op::Describe, Rt::TransactionalId, &s.transactional_id)
                });
            }
        }),
    )
}

//! DeleteTopics (key 20), v1–6: by name (v1–5 `topic_names`; v6 `topics` with a name) and by
//! topic id (v6), as Kafka's `ControllerApis.deleteTopics`: duplicates and ambiguous entries
//! are INVALID_REQUEST, unknown names UNKNOWN_TOPIC_OR_PARTITION, unknown ids UNKNOWN_TOPIC_ID,
//! and `delete.topic.enable=false` refuses the whole request.
//!
//! Results come in request order (Kafka shuffles them to hide which topics exist from
//! unauthorized clients; without ACLs there is nothing to hide). `timeout_ms` is not needed:
//! a deletion is committed and applied on this shard before the answer.

use crate::config_resource::ApiError;
use crate::quota::MutationQuota;
use crate::util::{str_bytes, topic_id, topic_name, uuid};
use crate::Handlers;
use kafka_protocol::messages::delete_topics_response::DeletableTopicResult;
use kafka_protocol::messages::{DeleteTopicsRequest, DeleteTopicsResponse};
use model::{ErrorCode, TopicId};
use runtime::controller::ControllerRequest;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// One entry of the request, as given.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Named {
    Name(String),
    Id(TopicId),
    /// Both or neither given (v6): refused.
    Invalid {
        name: Option<String>,
        id: TopicId,
        reason: &'static str,
    },
}

pub async fn handle(
    ctx: &Rc<Handlers>,
    req: DeleteTopicsRequest,
    version: i16,
    quota: &MutationQuota<'_>,
) -> DeleteTopicsResponse {
    let named = requested(&req, version);
    let responses = if ctx.shard.config.delete_topic_enable {
        delete_all(ctx, &named, version, quota).await
    } else {
        // Kafka: INVALID_REQUEST before v3, TOPIC_DELETION_DISABLED since.
        let code = if version < 3 {
            ErrorCode::InvalidRequest
        } else {
            ErrorCode::TopicDeletionDisabled
        };
        let error = ApiError::new(code, "Topic deletion is disabled.");
        named
            .iter()
            .map(|n| result(version, name_of(n), id_of(n), &error))
            .collect()
    };
    DeleteTopicsResponse::default()
        .with_responses(responses)
        .with_throttle_time_ms(quota.finish())
}

fn requested(req: &DeleteTopicsRequest, version: i16) -> Vec<Named> {
    if version < 6 {
        return req
            .topic_names
            .iter()
            .map(|n| Named::Name(n.0.to_string()))
            .collect();
    }
    req.topics
        .iter()
        .map(|t| {
            let name = t.name.as_ref().map(|n| n.0.to_string());
            let id = topic_id(&t.topic_id);
            match (name, id == TopicId::ZERO) {
                (None, true) => Named::Invalid {
                    name: None,
                    id,
                    reason: "Neither topic name nor id were specified.",
                },
                (None, false) => Named::Id(id),
                (Some(name), true) => Named::Name(name),
                (Some(name), false) => Named::Invalid {
                    name: Some(name),
                    id,
                    reason: "You may not specify both topic name and topic id.",
                },
            }
        })
        .collect()
}

async fn delete_all(
    ctx: &Rc<Handlers>,
    named: &[Named],
    version: i16,
    quota: &MutationQuota<'_>,
) -> Vec<DeletableTopicResult> {
    let mut counts: BTreeMap<&Named, usize> = BTreeMap::new();
    for n in named {
        *counts.entry(n).or_default() += 1;
    }
    let conflicts = name_id_conflicts(ctx, named);
    let mut answered: BTreeSet<&Named> = BTreeSet::new();
    let mut responses = Vec::with_capacity(named.len());
    for n in named {
        // One answer per distinct entry, as Kafka's sets give.
        if !answered.insert(n) {
            continue;
        }
        let outcome = match n {
            Named::Invalid { reason, .. } => Err(ApiError::invalid_request(*reason)),
            Named::Name(_) if counts[n] > 1 => {
                Err(ApiError::invalid_request("Duplicate topic name."))
            }
            Named::Id(_) if counts[n] > 1 => Err(ApiError::invalid_request("Duplicate topic id.")),
            Named::Name(name) => delete_by_name(ctx, name, &conflicts, quota).await,
            Named::Id(id) if conflicts.contains(id) => {
                Err(ApiError::invalid_request(NAME_MAPS_TO_GIVEN_ID))
            }
            Named::Id(id) => delete_by_id(ctx, *id, quota).await,
        };
        let (name, id) = match &outcome {
            Ok((name, id)) => (Some(name.clone()), *id),
            Err(_) => (name_of(n), id_of(n)),
        };
        let error = outcome.err().unwrap_or(ApiError::bare(ErrorCode::None));
        responses.push(result(version, name, id, &error));
    }
    responses
}

const NAME_MAPS_TO_GIVEN_ID: &str =
    "The provided topic name maps to an ID that was already supplied.";

/// Ids given directly that a given name also resolves to: Kafka refuses both entries.
fn name_id_conflicts(ctx: &Handlers, named: &[Named]) -> BTreeSet<TopicId> {
    let image = ctx.shard.image();
    let given: BTreeSet<TopicId> = named
        .iter()
        .filter_map(|n| {
            if let Named::Id(id) = n {
                Some(*id)
            } else {
                None
            }
        })
        .collect();
    named
        .iter()
        .filter_map(|n| match n {
            Named::Name(name) => image.topic(name).map(|t| t.id),
            _ => None,
        })
        .filter(|id| given.contains(id))
        .collect()
}

async fn delete_by_name(
    ctx: &Rc<Handlers>,
    name: &str,
    conflicts: &BTreeSet<TopicId>,
    quota: &MutationQuota<'_>,
) -> Result<(String, TopicId), ApiError> {
    let id = ctx
        .shard
        .image()
        .topic(name)
        .map(|t| t.id)
        .ok_or(ApiError::bare(ErrorCode::UnknownTopicOrPartition))?;
    if conflicts.contains(&id) {
        return Err(ApiError::invalid_request(NAME_MAPS_TO_GIVEN_ID));
    }
    delete(ctx, id, quota).await
}

async fn delete_by_id(
    ctx: &Rc<Handlers>,
    id: TopicId,
    quota: &MutationQuota<'_>,
) -> Result<(String, TopicId), ApiError> {
    if ctx.shard.image().topic_by_id(id).is_none() {
        return Err(ApiError::bare(ErrorCode::UnknownTopicId));
    }
    delete(ctx, id, quota).await
}

async fn delete(
    ctx: &Rc<Handlers>,
    id: TopicId,
    quota: &MutationQuota<'_>,
) -> Result<(String, TopicId), ApiError> {
    let (name, partitions) = match ctx.shard.image().topic_by_id(id) {
        Some(t) => (Some(t.name.clone()), t.partitions.len() as i32),
        None => (None, 0),
    };
    quota
        .record(partitions)
        .map_err(|(code, message)| ApiError::new(code, message))?;
    let reply = ctx
        .shard
        .controller(ControllerRequest::DeleteTopic { id })
        .await;
    match (reply, name) {
        (Ok(_), Some(name)) => Ok((name, id)),
        (Ok(_), None) => Err(ApiError::bare(ErrorCode::UnknownTopicId)),
        (Err(e), _) => Err(ApiError::new(e.code, e.message)),
    }
}

fn name_of(n: &Named) -> Option<String> {
    match n {
        Named::Name(name) => Some(name.clone()),
        Named::Id(_) => None,
        Named::Invalid { name, .. } => name.clone(),
    }
}

fn id_of(n: &Named) -> TopicId {
    match n {
        Named::Name(_) => TopicId::ZERO,
        Named::Id(id) | Named::Invalid { id, .. } => *id,
    }
}

/// One result; v1–5 carry neither ids nor (before v5) messages, and always a name.
fn result(
    version: i16,
    name: Option<String>,
    id: TopicId,
    error: &ApiError,
) -> DeletableTopicResult {
    let name = match name {
        Some(n) => Some(topic_name(&n)),
        None if version < 6 => Some(topic_name("")),
        None => None,
    };
    let mut r = DeletableTopicResult::default()
        .with_name(name)
        .with_error_code(error.code.code());
    if version >= 5 {
        r.error_message = error.message.clone().map(str_bytes);
    }
    if version >= 6 {
        r.topic_id = uuid(id);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::delete_topics_request::DeleteTopicState;

    #[test]
    fn v6_entries_need_exactly_one_of_name_and_id() {
        let id = uuid::Uuid::from_u128(7);
        let req = DeleteTopicsRequest::default().with_topics(vec![
            DeleteTopicState::default(),
            DeleteTopicState::default().with_name(Some(topic_name("a"))),
            DeleteTopicState::default().with_topic_id(id),
            DeleteTopicState::default()
                .with_name(Some(topic_name("b")))
                .with_topic_id(id),
        ]);
        let got = requested(&req, 6);
        assert!(matches!(got[0], Named::Invalid { name: None, .. }));
        assert_eq!(got[1], Named::Name("a".into()));
        assert_eq!(got[2], Named::Id(topic_id(&id)));
        assert!(matches!(&got[3], Named::Invalid { name: Some(n), .. } if n == "b"));
    }

    #[test]
    fn old_versions_leave_out_ids_and_messages() {
        let error = ApiError::new(ErrorCode::InvalidRequest, "x");
        let r = result(4, Some("t".into()), TopicId([1; 16]), &error);
        assert!(r.error_message.is_none());
        assert!(r.topic_id.is_nil());
        let r = result(6, None, TopicId([1; 16]), &error);
        assert!(r.name.is_none());
        assert_eq!(r.error_message.as_deref(), Some("x"));
    }
}

//! `/api/groups` and `/api/groups/{id}`: ListGroups, DescribeGroups (classic groups, whose
//! assignments are decoded from Kafka's ConsumerProtocolAssignment), ConsumerGroupDescribe
//! (KIP-848 groups), OffsetFetch, and ListOffsets for each committed partition's high
//! watermark (lag), all answered by the Kafka handlers as for a client.

use super::authz;
use super::{ApiError, Ctx};
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestGroup;
use kafka_protocol::messages::{
    ConsumerGroupDescribeRequest, DescribeGroupsRequest, GroupId, ListGroupsRequest,
    ListOffsetsRequest, OffsetFetchRequest, RequestKind, ResponseKind, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// Groups listed at most (sorted by id).
const GROUPS_MAX: usize = 1000;
/// Members shown per group at most.
const MEMBERS_MAX: usize = 1000;
/// Committed offsets shown per group at most.
const OFFSETS_MAX: usize = 10_000;
/// Kafka's ListOffsets LATEST: the high watermark.
const LATEST: i64 = -1;

fn group_id(id: &str) -> GroupId {
    GroupId(StrBytes::from_string(id.to_string()))
}

/// (group id, protocol type, state, type) of every group this node coordinates.
async fn listed(ctx: &Ctx<'_>) -> Result<Vec<(String, String, String, String)>, ApiError> {
    let ResponseKind::ListGroups(r) = ctx
        .ask(RequestKind::ListGroups(ListGroupsRequest::default()), 5)
        .await?
    else {
        return Err(ApiError::unavailable("ListGroups answered otherwise"));
    };
    Ok(r.groups
        .into_iter()
        .map(|g| {
            (
                g.group_id.0.to_string(),
                g.protocol_type.to_string(),
                g.group_state.to_string(),
                g.group_type.to_string(),
            )
        })
        .collect())
}

/// Every group the caller may see (ListGroups' rule) with its lag over the topics it may
/// describe: one metrics gather for all of them (`Shard::group_lags`), not a call per group.
pub(crate) async fn list(ctx: &Ctx<'_>) -> Result<Value, ApiError> {
    let mut groups = listed(ctx).await?;
    groups.sort();
    let truncated = groups.len() > GROUPS_MAX;
    groups.truncate(GROUPS_MAX);
    let mut lags = ctx.shard.group_lags(super::GATHER_MAX).await;
    for partitions in lags.values_mut() {
        partitions.retain(|(topic, _), _| authz::describes_topic(ctx, topic));
    }
    let out: Vec<Value> = groups
        .into_iter()
        .map(|(id, protocol_type, state, kind)| {
            let partitions = lags.get(&id);
            json!({
                "group": id,
                "type": kind,
                "state": state,
                "protocol_type": protocol_type,
                "partitions": partitions.map_or(0, |p| p.len()),
                "lag": partitions.map_or(0, |p| p.values().sum::<i64>()),
            })
        })
        .collect();
    Ok(json!({ "groups": out, "truncated": truncated }))
}

/// The group's committed offsets by (topic, partition).
async fn committed(ctx: &Ctx<'_>, id: &str) -> Result<BTreeMap<(String, i32), i64>, ApiError> {
    let request =
        OffsetFetchRequest::default().with_groups(vec![OffsetFetchRequestGroup::default()
            .with_group_id(group_id(id))
            .with_topics(None)]);
    let ResponseKind::OffsetFetch(r) = ctx.ask(RequestKind::OffsetFetch(request), 8).await? else {
        return Err(ApiError::unavailable("OffsetFetch answered otherwise"));
    };
    let mut out = BTreeMap::new();
    for group in r.groups {
        for topic in group.topics {
            for p in topic.partitions {
                if p.committed_offset >= 0 && out.len() < OFFSETS_MAX {
                    out.insert(
                        (topic.name.0.to_string(), p.partition_index),
                        p.committed_offset,
                    );
                }
            }
        }
    }
    Ok(out)
}

fn by_topic(offsets: &BTreeMap<(String, i32), i64>) -> Vec<(String, Vec<i32>)> {
    let mut topics: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in offsets.keys() {
        topics.entry(t).or_default().push(*p);
    }
    topics
        .into_iter()
        .map(|(t, ps)| (t.to_string(), ps))
        .collect()
}

/// The high watermark of each partition named that this node leads (ListOffsets LATEST);
/// partitions led elsewhere are absent.
pub(crate) async fn end_offsets(
    ctx: &Ctx<'_>,
    topics: &[(String, Vec<i32>)],
) -> HashMap<(String, i32), i64> {
    let request = ListOffsetsRequest::default()
        .with_replica_id(kafka_protocol::messages::BrokerId(-1))
        .with_topics(
            topics
                .iter()
                .map(|(name, partitions)| {
                    ListOffsetsTopic::default()
                        .with_name(TopicName(StrBytes::from_string(name.clone())))
                        .with_partitions(
                            partitions
                                .iter()
                                .map(|p| {
                                    ListOffsetsPartition::default()
                                        .with_partition_index(*p)
                                        .with_current_leader_epoch(-1)
                                        .with_timestamp(LATEST)
                                })
                                .collect(),
                        )
                })
                .collect(),
        );
    let mut out = HashMap::new();
    if let Ok(ResponseKind::ListOffsets(r)) = ctx.ask(RequestKind::ListOffsets(request), 7).await {
        for t in r.topics {
            for p in t.partitions {
                if p.error_code == 0 && p.offset >= 0 {
                    out.insert((t.name.0.to_string(), p.partition_index), p.offset);
                }
            }
        }
    }
    out
}

/// Kafka's ConsumerProtocolAssignment (v0..3): the topics and partitions a classic consumer
/// group's leader assigned to a member. `None` when the bytes are not one (another protocol
/// type, or malformed): every length is checked against the bytes present.
pub(crate) fn decode_assignment(bytes: &[u8]) -> Option<Vec<(String, Vec<i32>)>> {
    let mut at = 0usize;
    let mut take = |n: usize| -> Option<&[u8]> {
        let end = at.checked_add(n)?;
        let out = bytes.get(at..end)?;
        at = end;
        Some(out)
    };
    let version = i16::from_be_bytes(take(2)?.try_into().ok()?);
    if !(0..=3).contains(&version) {
        return None;
    }
    let topics = i32::from_be_bytes(take(4)?.try_into().ok()?);
    let topics = usize::try_from(topics).ok()?;
    let mut out = Vec::new();
    for _ in 0..topics {
        let len = usize::try_from(i16::from_be_bytes(take(2)?.try_into().ok()?)).ok()?;
        let name = std::str::from_utf8(take(len)?).ok()?.to_string();
        let count = usize::try_from(i32::from_be_bytes(take(4)?.try_into().ok()?)).ok()?;
        let raw = take(count.checked_mul(4)?)?;
        let partitions = raw
            .chunks_exact(4)
            .map(|c| i32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        out.push((name, partitions));
    }
    Some(out)
}

/// A group the caller may describe (checked by the caller, `authz::group`): members and
/// assignments (as DescribeGroups gives them), offsets and lag of the topics it may describe.
pub(crate) async fn describe(ctx: &Ctx<'_>, id: &str) -> Result<Value, ApiError> {
    let Some((_, protocol_type, state, kind)) = listed(ctx).await?.into_iter().find(|g| g.0 == id)
    else {
        return Err(ApiError::not_found(format!(
            "no group {id:?} on this broker"
        )));
    };
    let (protocol, members) = if kind == "consumer" {
        consumer_members(ctx, id).await?
    } else {
        classic_members(ctx, id).await?
    };
    let offsets = committed(ctx, id).await?;
    let ends = end_offsets(ctx, &by_topic(&offsets)).await;
    let partitions: Vec<Value> = offsets
        .iter()
        .map(|((topic, partition), offset)| {
            let end = ends.get(&(topic.clone(), *partition));
            json!({
                "topic": topic,
                "partition": partition,
                "committed_offset": offset,
                "high_watermark": end,
                "lag": end.map(|e| (e - offset).max(0)),
            })
        })
        .collect();
    let lag: i64 = partitions.iter().filter_map(|p| p["lag"].as_i64()).sum();
    // The lag over the last minutes, as shard 0 sampled it.
    let mut history = ctx
        .shard
        .gather_console(super::GATHER_MAX, Some(id))
        .await
        .into_iter()
        .flatten()
        .find_map(|s| s.group_lag)
        .unwrap_or_default();
    // Only the topics the caller may describe, and the total over those.
    let hidden = history
        .partitions
        .iter()
        .any(|(topic, _, _)| !authz::describes_topic(ctx, topic));
    if hidden {
        history
            .partitions
            .retain(|(topic, _, _)| authz::describes_topic(ctx, topic));
        history.total = (0..history.at_ms.len())
            .map(|i| {
                history
                    .partitions
                    .iter()
                    .filter_map(|(_, _, lags)| lags.get(i).copied().flatten())
                    .sum()
            })
            .collect();
    }
    Ok(json!({
        "group": id,
        "state": state,
        "type": kind,
        "protocol_type": protocol_type,
        "protocol": protocol,
        "members": members,
        "offsets": partitions,
        "lag": lag,
        "lag_history": {
            "interval_ms": (runtime::series::SERIES_INTERVAL * runtime::series::LAG_EVERY_SAMPLES).as_millis() as u64,
            "at_ms": history.at_ms,
            "total": history.total,
            "partitions": history.partitions.into_iter().map(|(topic, partition, lags)| {
                json!({ "topic": topic, "partition": partition, "lag": lags })
            }).collect::<Vec<_>>(),
        },
    }))
}

fn assignment_json(topics: Vec<(String, Vec<i32>)>) -> Value {
    Value::Array(
        topics
            .into_iter()
            .map(|(topic, partitions)| json!({ "topic": topic, "partitions": partitions }))
            .collect(),
    )
}

async fn classic_members(ctx: &Ctx<'_>, id: &str) -> Result<(Value, Vec<Value>), ApiError> {
    let request = DescribeGroupsRequest::default().with_groups(vec![group_id(id)]);
    let ResponseKind::DescribeGroups(r) = ctx.ask(RequestKind::DescribeGroups(request), 5).await?
    else {
        return Err(ApiError::unavailable("DescribeGroups answered otherwise"));
    };
    let Some(group) = r.groups.into_iter().next() else {
        return Err(ApiError::not_found(format!("no group {id:?}")));
    };
    let members = group
        .members
        .into_iter()
        .take(MEMBERS_MAX)
        .map(|m| {
            json!({
                "member_id": m.member_id.to_string(),
                "instance_id": m.group_instance_id.map(|i| i.to_string()),
                "client_id": m.client_id.to_string(),
                "client_host": m.client_host.to_string(),
                "assignment": decode_assignment(&m.member_assignment).map(assignment_json),
            })
        })
        .collect();
    Ok((json!(group.protocol_data.to_string()), members))
}

async fn consumer_members(ctx: &Ctx<'_>, id: &str) -> Result<(Value, Vec<Value>), ApiError> {
    let request = ConsumerGroupDescribeRequest::default().with_group_ids(vec![group_id(id)]);
    let ResponseKind::ConsumerGroupDescribe(r) = ctx
        .ask(RequestKind::ConsumerGroupDescribe(request), 0)
        .await?
    else {
        return Err(ApiError::unavailable(
            "ConsumerGroupDescribe answered otherwise",
        ));
    };
    let Some(group) = r.groups.into_iter().next() else {
        return Err(ApiError::not_found(format!("no group {id:?}")));
    };
    let members = group
        .members
        .into_iter()
        .take(MEMBERS_MAX)
        .map(|m| {
            let topics = m
                .assignment
                .topic_partitions
                .into_iter()
                .map(|t| (t.topic_name.0.to_string(), t.partitions))
                .collect();
            json!({
                "member_id": m.member_id.to_string(),
                "instance_id": m.instance_id.map(|i| i.to_string()),
                "client_id": m.client_id.to_string(),
                "client_host": m.client_host.to_string(),
                "member_epoch": m.member_epoch,
                "assignment": assignment_json(topics),
            })
        })
        .collect();
    Ok((json!(group.assignor_name.to_string()), members))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assignment(topics: &[(&str, &[i32])], trailer: &[u8]) -> Vec<u8> {
        let mut b = 1i16.to_be_bytes().to_vec();
        b.extend((topics.len() as i32).to_be_bytes());
        for (name, partitions) in topics {
            b.extend((name.len() as i16).to_be_bytes());
            b.extend(name.as_bytes());
            b.extend((partitions.len() as i32).to_be_bytes());
            for p in *partitions {
                b.extend(p.to_be_bytes());
            }
        }
        b.extend(trailer);
        b
    }

    #[test]
    fn decodes_a_consumer_assignment() {
        let bytes = assignment(&[("orders", &[0, 2]), ("x", &[])], &(-1i32).to_be_bytes());
        assert_eq!(
            decode_assignment(&bytes),
            Some(vec![("orders".into(), vec![0, 2]), ("x".into(), vec![])])
        );
    }

    #[test]
    fn random_assignments_never_panic() {
        let mut x = 7u64;
        for len in 0..4000usize {
            let bytes: Vec<u8> = (0..len % 64)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    ((x >> 40) as u8) & if len % 2 == 0 { 0x03 } else { 0xff }
                })
                .collect();
            let _ = decode_assignment(&bytes);
        }
    }

    #[test]
    fn refuses_lying_assignments_without_allocating_by_them() {
        let good = assignment(&[("orders", &[0, 2])], &[]);
        for cut in 0..good.len() {
            assert_eq!(decode_assignment(&good[..cut]), None, "cut at {cut}");
        }
        let mut huge = 0i16.to_be_bytes().to_vec();
        huge.extend(i32::MAX.to_be_bytes());
        assert_eq!(decode_assignment(&huge), None);
        let mut many = assignment(&[("t", &[])], &[]);
        many[9..13].copy_from_slice(&i32::MAX.to_be_bytes());
        assert_eq!(decode_assignment(&many), None);
        assert_eq!(decode_assignment(&[0x7f, 0, 0, 0, 0, 0]), None);
    }
}

//! A read-only view of a metadata log directory, for `sluice metadata dump`: the latest
//! snapshot's records and each entry's records, as JSON lines.
//!
//! Reads the files [`crate::MetadataLog`] writes (see the crate header) without opening the
//! log: nothing is created, truncated, renamed or removed, so it is safe on the directory of a
//! stopped broker and on a copy. A torn tail of `entries.log` is reported, not truncated; an
//! entry whose records do not decode is reported in its line and the rest are still shown.

use std::path::{Path, PathBuf};

use protobuf::Message as _;
use raft::eraftpb::{Entry, EntryType};
use serde_json::{json, Value};

use crate::error::MetadataError;
use crate::files::{self, FrameStop, Identity};
use crate::journal::{self as storage, ENTRIES_FILE, ENTRY_FRAME_PAYLOAD_MAX};
use crate::record::{decode_batch, ConfigResource, DecodeError, MetadataRecord};

/// What a metadata log directory holds.
#[derive(Debug)]
pub struct LogContents {
    pub dir: PathBuf,
    /// From `meta.properties`; `None` when the directory has none (never formatted).
    pub node_id: Option<i32>,
    pub cluster_id: Option<String>,
    /// The latest snapshot; `None` before the first.
    pub snapshot: Option<SnapshotContents>,
    /// Entries after the snapshot, in file order.
    pub entries: Vec<EntryContents>,
    /// The commit index of the raft state: entries above it were written but not committed.
    pub commit: u64,
    /// Where `entries.log` stops being whole frames (a torn write the broker truncates on its
    /// next start), if it does.
    pub torn_tail_at: Option<usize>,
}

#[derive(Debug)]
pub struct SnapshotContents {
    pub path: PathBuf,
    pub index: u64,
    pub term: u64,
    pub records: Vec<MetadataRecord>,
}

#[derive(Debug)]
pub struct EntryContents {
    pub index: u64,
    pub term: u64,
    pub body: EntryBody,
}

#[derive(Debug)]
pub enum EntryBody {
    /// A batch of records (empty for a new leader's first entry).
    Records(Vec<MetadataRecord>),
    /// A raft membership change (no metadata records).
    ConfChange,
    /// Records that do not decode: the broker would refuse to start on this entry.
    Undecodable(DecodeError),
}

/// Reads the metadata log in `dir` without changing anything there.
pub fn read_log(dir: &Path) -> Result<LogContents, MetadataError> {
    let entries_path = dir.join(ENTRIES_FILE);
    if !entries_path.exists() {
        return Err(MetadataError::corrupt(
            dir,
            format!("not a metadata log directory (no {ENTRIES_FILE})"),
        ));
    }
    let identity = Identity::read(dir)?;
    let (hard_state, _) = storage::read_raft_state(dir)?;
    let snapshot = storage::load_latest_snapshot(dir)?;
    let snapshot_index = snapshot.get_metadata().index;
    let snapshot = if snapshot_index == 0 {
        None
    } else {
        let path = dir.join(storage::snapshot_name(
            snapshot_index,
            snapshot.get_metadata().term,
        ));
        let records = decode_batch(&snapshot.data).map_err(|e| {
            MetadataError::corrupt(&path, format!("snapshot at index {snapshot_index}: {e}"))
        })?;
        Some(SnapshotContents {
            path,
            index: snapshot_index,
            term: snapshot.get_metadata().term,
            records,
        })
    };

    let bytes = files::read(&entries_path)?;
    let (frames, stop) = files::read_frames(&bytes, ENTRY_FRAME_PAYLOAD_MAX);
    let mut entries = Vec::new();
    for (position, payload) in frames {
        let entry = Entry::parse_from_bytes(payload).map_err(|e| {
            MetadataError::corrupt(&entries_path, format!("entry at byte {position}: {e}"))
        })?;
        // Entries the snapshot covers (left by a crash between snapshot and compaction) are
        // not part of the log any more.
        if entry.index <= snapshot_index {
            continue;
        }
        let body = match entry.get_entry_type() {
            EntryType::EntryNormal if entry.data.is_empty() => EntryBody::Records(Vec::new()),
            EntryType::EntryNormal => match decode_batch(&entry.data) {
                Ok(records) => EntryBody::Records(records),
                Err(e) => EntryBody::Undecodable(e),
            },
            EntryType::EntryConfChange | EntryType::EntryConfChangeV2 => EntryBody::ConfChange,
        };
        entries.push(EntryContents {
            index: entry.index,
            term: entry.term,
            body,
        });
    }
    Ok(LogContents {
        dir: dir.to_owned(),
        node_id: identity.as_ref().map(|i| i.node_id.0),
        cluster_id: identity.map(|i| i.cluster_id.0),
        snapshot,
        entries,
        commit: hard_state.commit,
        torn_tail_at: match stop {
            FrameStop::End => None,
            FrameStop::Torn { at } => Some(at),
        },
    })
}

impl LogContents {
    /// One JSON object per record, snapshot first, then the entries' in log order:
    /// `{"source":"snapshot"|"entry","index":I,"term":T,"committed":B,"type":"Topic","record":{..}}`
    /// (`committed` on entries only). An undecodable entry is one line with `"error"` instead
    /// of `"type"` and `"record"`. Entries without records (a new leader's empty entry, raft
    /// membership changes) have no line.
    pub fn json_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(snapshot) = &self.snapshot {
            for record in &snapshot.records {
                lines.push(line(json!({
                    "source": "snapshot",
                    "index": snapshot.index,
                    "term": snapshot.term,
                    "type": record.type_name(),
                    "record": record_json(record),
                })));
            }
        }
        for entry in &self.entries {
            let committed = entry.index <= self.commit;
            match &entry.body {
                EntryBody::Records(records) => {
                    for record in records {
                        lines.push(line(json!({
                            "source": "entry",
                            "index": entry.index,
                            "term": entry.term,
                            "committed": committed,
                            "type": record.type_name(),
                            "record": record_json(record),
                        })));
                    }
                }
                EntryBody::ConfChange => {}
                EntryBody::Undecodable(e) => lines.push(line(json!({
                    "source": "entry",
                    "index": entry.index,
                    "term": entry.term,
                    "committed": committed,
                    "error": e.to_string(),
                }))),
            }
        }
        lines
    }

    /// Entries whose records do not decode.
    pub fn undecodable_entries(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| matches!(e.body, EntryBody::Undecodable(_)))
            .count()
    }

    /// A one-line account of what was read, for stderr.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("metadata log {}", self.dir.display())];
        if let (Some(node), Some(cluster)) = (self.node_id, &self.cluster_id) {
            parts.push(format!("node.id {node}, cluster.id {cluster}"));
        }
        match &self.snapshot {
            Some(s) => parts.push(format!(
                "snapshot at index {} ({} records)",
                s.index,
                s.records.len()
            )),
            None => parts.push("no snapshot".into()),
        }
        match (self.entries.first(), self.entries.last()) {
            (Some(first), Some(last)) => parts.push(format!(
                "entries {}..={} ({} records)",
                first.index,
                last.index,
                self.entries
                    .iter()
                    .map(|e| match &e.body {
                        EntryBody::Records(r) => r.len(),
                        _ => 0,
                    })
                    .sum::<usize>()
            )),
            _ => parts.push("no entries".into()),
        }
        parts.push(format!("committed up to index {}", self.commit));
        if let Some(at) = self.torn_tail_at {
            parts.push(format!(
                "torn tail at byte {at} of {ENTRIES_FILE} (truncated at the next start)"
            ));
        }
        let bad = self.undecodable_entries();
        if bad > 0 {
            parts.push(format!("{bad} undecodable entries"));
        }
        parts.join("; ")
    }
}

fn line(value: Value) -> String {
    value.to_string()
}

fn nodes(nodes: &[model::NodeId]) -> Value {
    nodes.iter().map(|n| n.0).collect()
}

fn shard_list(shards: &[model::ShardId]) -> Value {
    shards.iter().map(|s| s.0).collect()
}

/// A record's fields as JSON: names as in [`MetadataRecord`], ids as Kafka prints them
/// (base64 for topic ids, as `kafka-topics --describe` shows them).
pub fn record_json(record: &MetadataRecord) -> Value {
    match record {
        MetadataRecord::RegisterBroker {
            node_id,
            listeners,
            rack,
            num_shards,
            incarnation_id,
            broker_epoch,
            fenced,
            previous_broker_epoch,
        } => json!({
            "node_id": node_id.0,
            "listeners": listeners_json(listeners),
            "rack": rack,
            "num_shards": num_shards,
            "incarnation_id": model::TopicId(*incarnation_id).to_string(),
            "broker_epoch": broker_epoch,
            "fenced": fenced,
            "previous_broker_epoch": previous_broker_epoch,
        }),
        MetadataRecord::Topic { name, id } => json!({
            "name": name,
            "id": id.to_string(),
        }),
        MetadataRecord::Partition {
            topic_id,
            partition,
            leader,
            leader_epoch,
            replicas,
            isr,
            shard,
            partition_epoch,
            shards,
            elr,
            last_known_elr,
            leader_recovery_state,
            adding_replicas,
            removing_replicas,
        } => json!({
            "topic_id": topic_id.to_string(),
            "partition": partition,
            "leader": leader.0,
            "leader_epoch": leader_epoch.0,
            "partition_epoch": partition_epoch,
            "replicas": nodes(replicas),
            "isr": nodes(isr),
            "elr": nodes(elr),
            "last_known_elr": nodes(last_known_elr),
            "leader_recovery_state": leader_recovery_state,
            "shard": shard.0,
            "shards": shard_list(shards),
            "adding_replicas": nodes(adding_replicas),
            "removing_replicas": nodes(removing_replicas),
        }),
        MetadataRecord::PartitionChange {
            topic_id,
            partition,
            leader,
            leader_epoch,
            isr,
            partition_epoch,
            elr,
            last_known_elr,
            leader_recovery_state,
            replicas,
            shards,
            adding_replicas,
            removing_replicas,
        } => json!({
            "topic_id": topic_id.to_string(),
            "partition": partition,
            "leader": leader.map(|n| n.0),
            "leader_epoch": leader_epoch.0,
            "partition_epoch": partition_epoch,
            "isr": isr.as_deref().map(nodes),
            "elr": elr.as_deref().map(nodes),
            "last_known_elr": last_known_elr.as_deref().map(nodes),
            "leader_recovery_state": leader_recovery_state,
            "replicas": replicas.as_deref().map(nodes),
            "shards": shards.as_deref().map(shard_list),
            "adding_replicas": adding_replicas.as_deref().map(nodes),
            "removing_replicas": removing_replicas.as_deref().map(nodes),
        }),
        MetadataRecord::RemoveTopic { id } => json!({ "id": id.to_string() }),
        MetadataRecord::Config {
            resource,
            name,
            value,
        } => {
            let resource = match resource {
                ConfigResource::Broker(node) => {
                    json!({ "type": "broker", "node_id": node.map(|n| n.0) })
                }
                ConfigResource::Topic(topic) => json!({ "type": "topic", "name": topic }),
                ConfigResource::Group(group) => json!({ "type": "group", "name": group }),
            };
            json!({ "resource": resource, "name": name, "value": value })
        }
        MetadataRecord::ProducerIds {
            broker,
            first_producer_id,
            block_size,
        } => json!({
            "broker": broker.0,
            "first_producer_id": first_producer_id,
            "block_size": block_size,
        }),
        MetadataRecord::BrokerRegistrationChange {
            node_id,
            broker_epoch,
            fenced,
            in_controlled_shutdown,
        } => json!({
            "node_id": node_id.0,
            "broker_epoch": broker_epoch,
            "fenced": fenced,
            "in_controlled_shutdown": in_controlled_shutdown,
        }),
        MetadataRecord::UnregisterBroker {
            node_id,
            broker_epoch,
        } => json!({ "node_id": node_id.0, "broker_epoch": broker_epoch }),
        MetadataRecord::FeatureLevel { name, level } => json!({ "name": name, "level": level }),
        MetadataRecord::ControllerEndpoints {
            node_id,
            directory_id,
            listeners,
        } => json!({
            "node_id": node_id.0,
            "directory_id": model::TopicId(*directory_id).to_string(),
            "listeners": listeners_json(listeners),
        }),
        MetadataRecord::QuorumVoters { voters } => json!({
            "voters": voters.iter().map(|n| n.0).collect::<Vec<_>>(),
        }),
        MetadataRecord::AccessControlEntry { id, binding: b } => json!({
            "id": model::TopicId(*id).to_string(),
            "resource_type": b.resource_type.name(),
            "resource_name": b.resource_name,
            "pattern_type": b.pattern_type.name(),
            "principal": b.principal,
            "host": b.host,
            "operation": b.operation.name(),
            "permission_type": b.permission.name(),
        }),
        MetadataRecord::RemoveAccessControlEntry { id } => json!({
            "id": model::TopicId(*id).to_string(),
        }),
        // The salt and keys stay out of dumps, as Kafka's metadata shell hides them.
        MetadataRecord::ScramCredential {
            name,
            mechanism,
            credential,
        } => json!({
            "name": name,
            "mechanism": mechanism,
            "iterations": credential.iterations,
        }),
        MetadataRecord::RemoveScramCredential { name, mechanism } => {
            json!({ "name": name, "mechanism": mechanism })
        }
        MetadataRecord::ClientQuota { entity, key, value } => json!({
            "entity": entity
                .iter()
                .map(|(t, n)| json!({ "entity_type": t, "entity_name": n }))
                .collect::<Vec<_>>(),
            "key": key,
            "value": value.map(|v| v.0),
            "remove": value.is_none(),
        }),
    }
}

fn listeners_json(listeners: &[crate::BrokerEndpoint]) -> Vec<serde_json::Value> {
    listeners
        .iter()
        .map(|l| {
            json!({
                "name": l.name,
                "host": l.host,
                "port": l.port,
                "security_protocol": l.security_protocol,
            })
        })
        .collect()
}

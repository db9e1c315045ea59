//! `MetadataLog`: the raft-rs driver of this node's metadata log.

use std::path::{Path, PathBuf};

use protobuf::Message as _;
use raft::eraftpb::{ConfChange, ConfChangeV2, Entry, EntryType, Message, Snapshot};
use raft::{RawNode, StateRole};

use model::NodeId;

use crate::error::MetadataError;
use crate::files::{ClusterId, Identity};
use crate::image::Image;
use crate::logger::raft_logger;
use crate::record::{decode_batch, encode_batch, MetadataRecord};
use crate::storage::{DiskStorage, ENTRIES_FILE, ENTRY_BYTES_MAX};

/// Default of `metadata.log.max.snapshot.interval`: applied entries between snapshots. Replay
/// on start-up costs one entry decode each; 1000 keeps it in the low milliseconds.
pub const SNAPSHOT_INTERVAL_ENTRIES_DEFAULT: u64 = 1000;

/// Ready rounds a commit may take. A single voter commits in two (persist, then the light
/// ready that carries the commit); more rounds mean the entry waits for other voters.
const COMMIT_READY_ROUNDS_MAX: usize = 4;

/// Ready rounds at open for a sole voter to elect itself (pre-vote, vote, first commit).
const ELECTION_READY_ROUNDS_MAX: usize = 8;

/// raft-rs ticks; only matter with several voters, where the caller will drive `tick`.
const ELECTION_TICKS: usize = 10;
const HEARTBEAT_TICKS: usize = 3;

/// Raft ids must be > 0 while Kafka node ids start at 0: raft id = node.id + 1.
pub fn raft_id(node: NodeId) -> Result<u64, MetadataError> {
    u64::try_from(node.0)
        .map(|id| id + 1)
        .map_err(|_| MetadataError::InvalidNodeId(node.0))
}

/// This node's metadata log: raft-rs `RawNode` over [`DiskStorage`], and the image of what has
/// been applied. Synchronous `std::fs` IO with fsync: a commit blocks the calling shard for a
/// few fsyncs (metadata changes are rare, so we accept that rather than pull in an async runtime).
pub struct MetadataLog {
    dir: PathBuf,
    node: RawNode<DiskStorage>,
    image: Image,
    cluster_id: ClusterId,
    snapshot_interval_entries: u64,
    /// Messages for other voters, waiting for a transport (always empty with a single voter).
    outbox: Vec<Message>,
    /// Set when a disk write failed mid-Ready: memory and disk may disagree, so the log refuses
    /// further work until the process restarts and recovers from disk.
    failure: Option<String>,
}

/// See [`MetadataLog::quorum_status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuorumStatus {
    pub leader: Option<NodeId>,
    pub term: u64,
    pub high_watermark: u64,
    pub log_end: u64,
}

impl MetadataLog {
    /// Opens or creates the log in `dir` as a single-voter quorum with voter `node_id` (raft id
    /// `node_id + 1`), and replays the snapshot and committed entries into an image. A new
    /// directory gets a random cluster id. Refuses a directory formatted for another node.
    pub fn open(dir: &Path, node_id: NodeId) -> Result<(MetadataLog, Image), MetadataError> {
        Self::open_in_cluster(dir, node_id, None)
    }

    /// As [`MetadataLog::open`], but also refuses a directory formatted for a cluster other than
    /// `cluster_id` (when given), and formats a new directory with it.
    pub fn open_in_cluster(
        dir: &Path,
        node_id: NodeId,
        cluster_id: Option<&ClusterId>,
    ) -> Result<(MetadataLog, Image), MetadataError> {
        let raft_id = raft_id(node_id)?;
        std::fs::create_dir_all(dir).map_err(|e| MetadataError::io(dir, e))?;
        let identity = identify(dir, node_id, cluster_id, raft_id)?;
        let storage = DiskStorage::open(dir)?;
        let snapshot = storage.latest_snapshot().clone();
        let image = image_of_snapshot(dir, &snapshot)?;
        let config = raft_config(raft_id, image.applied_index());
        let node = RawNode::new(&config, storage, &raft_logger(raft_id))?;
        let mut log = MetadataLog {
            dir: dir.to_owned(),
            node,
            image,
            cluster_id: identity.cluster_id,
            snapshot_interval_entries: SNAPSHOT_INTERVAL_ENTRIES_DEFAULT,
            outbox: Vec::new(),
            failure: None,
        };
        log.replay_committed()?;
        log.elect_sole_voter()?;
        let image = log.image.clone();
        Ok((log, image))
    }

    /// Proposes `records` as one raft entry (an atomic batch), drives raft until the entry is
    /// persisted and committed, applies it to the image, and returns its raft index.
    pub fn commit(&mut self, records: Vec<MetadataRecord>) -> Result<u64, MetadataError> {
        self.check_healthy()?;
        let data = encode_batch(&records);
        if data.len() > ENTRY_BYTES_MAX {
            return Err(MetadataError::BatchTooLarge {
                bytes: data.len(),
                bytes_max: ENTRY_BYTES_MAX,
            });
        }
        if self.node.raft.state != StateRole::Leader {
            return Err(self.not_leader());
        }
        let index = self.node.raft.raft_log.last_index() + 1;
        let term = self.node.raft.term;
        self.node
            .propose(Vec::new(), data.to_vec())
            .map_err(|e| match e {
                raft::Error::ProposalDropped => self.not_leader(),
                other => MetadataError::Raft(other),
            })?;
        for _ in 0..COMMIT_READY_ROUNDS_MAX {
            if self.image.applied_index() >= index {
                break;
            }
            self.drive()?;
        }
        if self.image.applied_index() < index {
            return Err(MetadataError::NotCommitted { index });
        }
        // With several voters a new leader may have replaced our entry at `index` before it
        // committed; then it was not ours that committed. (A sole voter never sees this.)
        let committed_term = raft::Storage::term(self.node.store(), index)?;
        if committed_term != term {
            return Err(self.not_leader());
        }
        Ok(index)
    }

    /// The image of everything applied so far.
    pub fn image(&self) -> &Image {
        &self.image
    }

    /// Where the quorum stands, as DescribeQuorum reports it: the leader's node id, its term
    /// (Kafka's leader epoch), the committed index (high watermark) and this voter's last index
    /// (log end offset).
    pub fn quorum_status(&self) -> QuorumStatus {
        let raft = &self.node.raft;
        QuorumStatus {
            leader: (raft.leader_id != 0).then(|| NodeId((raft.leader_id - 1) as i32)),
            term: raft.term,
            high_watermark: raft.raft_log.committed,
            // Raft indexes start at 1, Kafka offsets at 0: index i is offset i - 1, so the
            // committed index is the next offset to commit and the last index the log end.
            log_end: raft.raft_log.last_index(),
        }
    }

    pub fn cluster_id(&self) -> &ClusterId {
        &self.cluster_id
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True while this node leads the metadata quorum (always, once open, for a single voter).
    pub fn is_leader(&self) -> bool {
        self.node.raft.state == StateRole::Leader
    }

    /// Sets `metadata.log.max.snapshot.interval` (entries applied between snapshots).
    pub fn set_snapshot_interval_entries(&mut self, entries: u64) {
        self.snapshot_interval_entries = entries;
    }

    /// Messages raft-rs wants sent to other voters. Always empty with a single voter; the
    /// multi-voter transport will drain this.
    pub fn take_messages(&mut self) -> Vec<Message> {
        std::mem::take(&mut self.outbox)
    }

    /// Writes a snapshot of the image and compacts the log when more than the snapshot interval
    /// of entries were applied since the last one. Returns whether it did.
    pub fn maybe_snapshot(&mut self) -> Result<bool, MetadataError> {
        self.check_healthy()?;
        let applied = self.image.applied_index();
        let snapshot_index = self.node.store().snapshot_index();
        if applied.saturating_sub(snapshot_index) <= self.snapshot_interval_entries {
            return Ok(false);
        }
        let mut snapshot = Snapshot {
            data: encode_batch(&self.image.to_records()).to_vec().into(),
            ..Default::default()
        };
        let meta = snapshot.mut_metadata();
        meta.index = applied;
        meta.term = self.image.applied_term();
        meta.set_conf_state(self.node.store().conf_state().clone());
        let result = self.node.mut_store().save_snapshot_and_compact(snapshot);
        self.poison_on_error(result)?;
        tracing::info!(index = applied, "metadata: snapshot written, log compacted");
        Ok(true)
    }

    fn not_leader(&self) -> MetadataError {
        MetadataError::NotLeader {
            leader_raft_id: self.node.raft.leader_id,
        }
    }

    fn check_healthy(&self) -> Result<(), MetadataError> {
        match &self.failure {
            Some(reason) => Err(MetadataError::Failed(reason.clone())),
            None => Ok(()),
        }
    }

    fn poison_on_error<T>(&mut self, result: Result<T, MetadataError>) -> Result<T, MetadataError> {
        if let Err(e) = &result {
            tracing::error!(error = %e, "metadata: log failed; refusing further work until restart");
            self.failure = Some(e.to_string());
        }
        result
    }

    /// Applies committed entries raft hands out after a restart (those after the snapshot).
    fn replay_committed(&mut self) -> Result<(), MetadataError> {
        let commit = self.node.store().hard_state().commit;
        // Each round applies at least one entry; the slack covers the rounds with none.
        let rounds_max = commit.saturating_sub(self.image.applied_index()) + 2;
        for _ in 0..rounds_max {
            if self.image.applied_index() >= commit || !self.node.has_ready() {
                break;
            }
            self.drive()?;
        }
        debug_assert!(
            self.image.applied_index() >= commit,
            "replay reached the commit index"
        );
        Ok(())
    }

    /// A sole voter elects itself at once; with several voters, elections need ticks.
    fn elect_sole_voter(&mut self) -> Result<(), MetadataError> {
        let voters = self.node.store().conf_state().get_voters().to_vec();
        if voters != [self.node.raft.id] {
            return Ok(());
        }
        self.node.campaign()?;
        for _ in 0..ELECTION_READY_ROUNDS_MAX {
            if !self.node.has_ready() {
                break;
            }
            self.drive()?;
        }
        if !self.is_leader() {
            return Err(MetadataError::Failed(
                "the sole voter did not become leader".into(),
            ));
        }
        Ok(())
    }

    /// One round of raft-rs's Ready protocol: persist, send, apply, advance.
    fn drive(&mut self) -> Result<(), MetadataError> {
        self.check_healthy()?;
        let result = self.drive_once();
        self.poison_on_error(result)
    }

    fn drive_once(&mut self) -> Result<(), MetadataError> {
        if !self.node.has_ready() {
            return Ok(());
        }
        let mut ready = self.node.ready();
        self.outbox.extend(ready.take_messages());
        if !ready.snapshot().is_empty() {
            self.install_snapshot(ready.snapshot().clone())?;
        }
        self.apply_entries(ready.take_committed_entries())?;
        self.node.mut_store().append(ready.entries())?;
        if let Some(hard_state) = ready.hs() {
            self.node.mut_store().set_hard_state(hard_state.clone())?;
        }
        self.outbox.extend(ready.take_persisted_messages());
        let mut light = self.node.advance(ready);
        if let Some(commit) = light.commit_index() {
            self.node.mut_store().set_commit(commit)?;
        }
        self.outbox.extend(light.take_messages());
        self.apply_entries(light.take_committed_entries())?;
        self.node.advance_apply();
        Ok(())
    }

    fn install_snapshot(&mut self, snapshot: Snapshot) -> Result<(), MetadataError> {
        let image = image_of_snapshot(&self.dir, &snapshot)?;
        self.node.mut_store().install_snapshot(snapshot)?;
        self.image = image;
        Ok(())
    }

    fn apply_entries(&mut self, entries: Vec<Entry>) -> Result<(), MetadataError> {
        for entry in entries {
            if entry.index <= self.image.applied_index() {
                continue;
            }
            let records = match entry.get_entry_type() {
                EntryType::EntryNormal => self.decode_entry(&entry)?,
                EntryType::EntryConfChange => {
                    let cc =
                        ConfChange::parse_from_bytes(&entry.data).map_err(raft::Error::from)?;
                    let conf_state = self.node.apply_conf_change(&cc)?;
                    self.node.mut_store().set_conf_state(conf_state)?;
                    Vec::new()
                }
                EntryType::EntryConfChangeV2 => {
                    let cc =
                        ConfChangeV2::parse_from_bytes(&entry.data).map_err(raft::Error::from)?;
                    let conf_state = self.node.apply_conf_change(&cc)?;
                    self.node.mut_store().set_conf_state(conf_state)?;
                    Vec::new()
                }
            };
            self.image.apply_batch(entry.index, entry.term, &records);
        }
        Ok(())
    }

    fn decode_entry(&self, entry: &Entry) -> Result<Vec<MetadataRecord>, MetadataError> {
        // Raft's own empty entries (a new leader's first) carry no records.
        if entry.data.is_empty() {
            return Ok(Vec::new());
        }
        decode_batch(&entry.data).map_err(|e| {
            MetadataError::corrupt(
                &self.dir.join(ENTRIES_FILE),
                format!("entry {}: {e}", entry.index),
            )
        })
    }
}

/// Checks (or, for a new directory, writes) the identity file and lays out a new log.
fn identify(
    dir: &Path,
    node_id: NodeId,
    cluster_id: Option<&ClusterId>,
    raft_id: u64,
) -> Result<Identity, MetadataError> {
    let path = dir.join(crate::files::IDENTITY_FILE);
    match Identity::read(dir)? {
        Some(identity) => {
            if identity.node_id != node_id {
                return Err(MetadataError::NodeIdMismatch {
                    path,
                    found: identity.node_id.0,
                    expected: node_id.0,
                });
            }
            if let Some(expected) = cluster_id.filter(|c| **c != identity.cluster_id) {
                return Err(MetadataError::ClusterIdMismatch {
                    path,
                    found: identity.cluster_id.0,
                    expected: expected.0.clone(),
                });
            }
            Ok(identity)
        }
        None => {
            // The identity file is written last when formatting: without it, any log data is
            // from an unknown owner, and formatting over it would lose committed metadata.
            if DiskStorage::has_data(dir)? {
                return Err(MetadataError::corrupt(
                    &path,
                    "missing, but the directory holds a metadata log",
                ));
            }
            DiskStorage::format(dir, raft_id)?;
            let identity = Identity {
                node_id,
                cluster_id: cluster_id.cloned().unwrap_or_else(ClusterId::random),
            };
            identity.write(dir)?;
            tracing::info!(dir = %dir.display(), cluster_id = %identity.cluster_id, "metadata: formatted a new log");
            Ok(identity)
        }
    }
}

fn image_of_snapshot(dir: &Path, snapshot: &Snapshot) -> Result<Image, MetadataError> {
    let meta = snapshot.get_metadata();
    if meta.index == 0 {
        return Ok(Image::default());
    }
    let records = decode_batch(&snapshot.data).map_err(|e| {
        MetadataError::corrupt(dir, format!("snapshot at index {}: {e}", meta.index))
    })?;
    Ok(Image::from_records(meta.index, meta.term, &records))
}

fn raft_config(raft_id: u64, applied: u64) -> raft::Config {
    let config = raft::Config {
        id: raft_id,
        election_tick: ELECTION_TICKS,
        heartbeat_tick: HEARTBEAT_TICKS,
        applied,
        // Entries per append message: bounded by the largest entry anyway.
        max_size_per_msg: ENTRY_BYTES_MAX as u64,
        // Append messages in flight per follower before waiting for acks: bounds the memory a
        // slow follower pins on the leader (at most this many entries per message).
        max_inflight_msgs: 256,
        check_quorum: true,
        pre_vote: true,
        ..Default::default()
    };
    config
        .validate()
        .expect("the raft config is a valid constant");
    config
}

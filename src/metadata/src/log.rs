//! `MetadataLog`: the metadata log of this node, driven synchronously.
//!
//! A [`QuorumCore`] with its [`FileJournal`], each Ready round persisted on the calling thread.
//! For start-up (before any reactor runs), the `format` and `metadata` commands, and tests. A
//! running broker hands both parts to the runtime's driver ([`MetadataLog::into_parts`]), which
//! runs the same rounds with the journal off the reactor and the transport to other voters.

use std::path::Path;

use model::NodeId;

use crate::core::{ElectionTiming, QuorumCore, QuorumStatus};
use crate::error::MetadataError;
use crate::files::{ClusterId, Identity};
use crate::image::Image;
use crate::journal::{FileJournal, Journal};
use crate::record::MetadataRecord;

pub use crate::core::raft_id;

/// Ready rounds a commit may take. A single voter commits in two (persist, then the light
/// ready that carries the commit); more rounds mean the entry waits for other voters.
const COMMIT_READY_ROUNDS_MAX: usize = 4;

/// Ready rounds at open for a sole voter to elect itself (pre-vote, vote, first commit).
const ELECTION_READY_ROUNDS_MAX: usize = 8;

/// This node's metadata log, driven on the calling thread.
pub struct MetadataLog {
    core: QuorumCore,
    journal: FileJournal,
    cluster_id: ClusterId,
    /// Messages for other voters (a sole voter has none; the runtime's driver sends them).
    outbox: Vec<raft::eraftpb::Message>,
    /// Set when a disk write failed mid-round: memory and disk may disagree, so the log refuses
    /// further work until the process restarts and recovers from disk.
    failure: Option<String>,
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
        let own = raft_id(node_id)?;
        Self::open_with_voters(dir, node_id, cluster_id, &[own], &[])
    }

    /// Opens (or formats with `voters`, raft ids) the log of one member of a quorum. A sole
    /// voter elects itself at once; with several voters, elections need the driver's ticks.
    pub fn open_with_voters(
        dir: &Path,
        node_id: NodeId,
        cluster_id: Option<&ClusterId>,
        voters: &[u64],
        bootstrap: &[MetadataRecord],
    ) -> Result<(MetadataLog, Image), MetadataError> {
        Self::open_member(
            dir,
            node_id,
            cluster_id,
            voters,
            bootstrap,
            ElectionTiming::default(),
        )
    }

    /// As [`MetadataLog::open_with_voters`], with the node's election timing.
    pub fn open_member(
        dir: &Path,
        node_id: NodeId,
        cluster_id: Option<&ClusterId>,
        voters: &[u64],
        bootstrap: &[MetadataRecord],
        timing: ElectionTiming,
    ) -> Result<(MetadataLog, Image), MetadataError> {
        let raft_id = raft_id(node_id)?;
        std::fs::create_dir_all(dir).map_err(|e| MetadataError::io(dir, e))?;
        let identity = identify(dir, node_id, cluster_id, voters, bootstrap)?;
        let (journal, recovered) = FileJournal::open(dir)?;
        let core = QuorumCore::with_timing(raft_id, recovered, timing).map_err(|e| match e {
            MetadataError::CorruptEntry { index, reason } => MetadataError::corrupt(
                &dir.join(crate::journal::ENTRIES_FILE),
                format!("entry {index}: {reason}"),
            ),
            other => other,
        })?;
        let mut log = MetadataLog {
            core,
            journal,
            cluster_id: identity.cluster_id,
            outbox: Vec::new(),
            failure: None,
        };
        log.elect_sole_voter()?;
        let image = log.core.image().clone();
        Ok((log, image))
    }

    /// Proposes `records` as one raft entry (an atomic batch), drives raft until the entry is
    /// persisted and committed, applies it to the image, and returns its raft index. Only a
    /// sole voter commits this way; with other voters the runtime's driver commits.
    pub fn commit(&mut self, records: Vec<MetadataRecord>) -> Result<u64, MetadataError> {
        self.check_healthy()?;
        let (index, term) = self.core.propose(&records)?;
        for _ in 0..COMMIT_READY_ROUNDS_MAX {
            if self.core.image().applied_index() >= index {
                break;
            }
            self.drive()?;
        }
        if self.core.image().applied_index() < index {
            return Err(MetadataError::NotCommitted { index });
        }
        // The round that writes the commit index.
        self.drive()?;
        if self.core.image().applied_term() != term && self.core.image().applied_index() == index {
            return Err(self.core.not_leader());
        }
        Ok(index)
    }

    /// The image of everything applied so far.
    pub fn image(&self) -> &Image {
        self.core.image()
    }

    /// See [`QuorumCore::quorum_status`].
    pub fn quorum_status(&self) -> QuorumStatus {
        self.core.quorum_status()
    }

    pub fn cluster_id(&self) -> &ClusterId {
        &self.cluster_id
    }

    pub fn dir(&self) -> &Path {
        self.journal.dir()
    }

    /// True while this node leads the metadata quorum (always, once open, for a sole voter).
    /// Whether this node is a voter of the quorum (its log's raft configuration says so).
    pub fn is_voter(&self) -> bool {
        self.core.is_voter()
    }

    pub fn is_leader(&self) -> bool {
        self.core.is_leader()
    }

    /// Sets `metadata.log.max.snapshot.interval` (entries applied between snapshots).
    pub fn set_snapshot_interval_entries(&mut self, entries: u64) {
        self.core.set_snapshot_interval_entries(entries);
    }

    /// Sets `metadata.log.max.record.bytes.between.snapshots`.
    pub fn set_snapshot_interval_bytes(&mut self, bytes: u64) {
        self.core.set_snapshot_interval_bytes(bytes);
    }

    /// Messages raft-rs wanted sent to other voters (none for a sole voter).
    pub fn take_messages(&mut self) -> Vec<raft::eraftpb::Message> {
        std::mem::take(&mut self.outbox)
    }

    /// Writes a snapshot of the image and compacts the log when more than the snapshot interval
    /// of entries were applied since the last one. Returns whether it did.
    pub fn maybe_snapshot(&mut self) -> Result<bool, MetadataError> {
        self.check_healthy()?;
        if !self.core.maybe_snapshot() {
            return Ok(false);
        }
        self.drive()?;
        tracing::info!(
            index = self.core.image().applied_index(),
            "metadata: snapshot written, log compacted"
        );
        Ok(true)
    }

    /// The parts, for the runtime's driver: the core, its journal and the cluster id.
    pub fn into_parts(self) -> (QuorumCore, FileJournal, ClusterId) {
        (self.core, self.journal, self.cluster_id)
    }

    fn check_healthy(&self) -> Result<(), MetadataError> {
        match &self.failure {
            Some(reason) => Err(MetadataError::Failed(reason.clone())),
            None => Ok(()),
        }
    }

    /// A sole voter elects itself at once; with several voters, elections need ticks.
    fn elect_sole_voter(&mut self) -> Result<(), MetadataError> {
        if self.core.voters() != [self.core.raft_id()] {
            return Ok(());
        }
        self.core.campaign()?;
        for _ in 0..ELECTION_READY_ROUNDS_MAX {
            if !self.core.has_work() {
                break;
            }
            self.drive()?;
        }
        if !self.core.is_leader() {
            return Err(MetadataError::Failed(
                "the sole voter did not become leader".into(),
            ));
        }
        Ok(())
    }

    /// One Ready round, persisted on this thread.
    fn drive(&mut self) -> Result<(), MetadataError> {
        self.check_healthy()?;
        let Some(round) = self.core.begin() else {
            return Ok(());
        };
        self.outbox.extend(round.messages.iter().cloned());
        let result = self
            .journal
            .persist(&round.persist)
            .and_then(|()| self.core.finish(round));
        match result {
            Ok(finished) => {
                self.outbox.extend(finished.messages);
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "metadata: log failed; refusing further work until restart");
                self.failure = Some(e.to_string());
                Err(e)
            }
        }
    }
}

/// Checks (or, for a new directory, writes) the identity file and lays out a new log.
fn identify(
    dir: &Path,
    node_id: NodeId,
    cluster_id: Option<&ClusterId>,
    voters: &[u64],
    bootstrap: &[MetadataRecord],
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
            if FileJournal::has_data(dir)? {
                return Err(MetadataError::corrupt(
                    &path,
                    "missing, but the directory holds a metadata log",
                ));
            }
            FileJournal::format(dir, voters, bootstrap)?;
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

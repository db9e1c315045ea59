//! Changing the voters of a dynamic metadata quorum (KIP-853), on the active controller:
//! AddRaftVoter and RemoveRaftVoter, as `kafka-metadata-quorum add-controller` /
//! `remove-controller` send them.
//!
//! A controller joins as an observer first: formatted with `--no-initial-controllers`, it
//! connects to `controller.quorum.bootstrap.servers`, and the leader makes it a raft learner
//! (`membership::add_observers`), so it replicates the log without voting. AddRaftVoter then
//! waits until it holds the committed log, records how to reach it (a `ControllerEndpoints`
//! record, so every node links to it) and promotes it to voter; each step is one raft entry,
//! applied on every shard before the next. RemoveRaftVoter demotes a voter to learner (a
//! controller still running keeps following the log, as Kafka's removed voter becomes an
//! observer); a leader that removed itself hands leadership to another voter once that applies
//! (`metadata::QuorumCore::resign_if_removed`). Raft changes one voter at a time; a request
//! while another change is pending answers REQUEST_TIMED_OUT, as Kafka does.
//!
//! Only a quorum at `kraft.version` 1 changes voters (Kafka's rule: a static quorum from
//! `controller.quorum.voters` is 0 until `kafka-features upgrade --feature kraft.version=1`).

use std::rc::Rc;
use std::time::{Duration, Instant};

use metadata::features::{self, KRAFT_VERSION};
use metadata::{
    BrokerEndpoint, ControllerError, ControllerReply, MembershipChange, MetadataRecord,
};
use model::{ErrorCode, NodeId, TopicId};

use crate::quorum::Quorum;
use crate::shard::Shard;

/// Longest an AddRaftVoter waits for the new voter to catch up, whatever its timeout says (a
/// forwarded request must answer within the forwarding timeout).
const CATCH_UP_WAIT_MAX: Duration = Duration::from_secs(20);
/// How often the catch-up is checked.
const CATCH_UP_POLL: Duration = Duration::from_millis(50);
/// Entries a new voter may lack and still count as caught up (it keeps replicating).
const CATCH_UP_SLACK: u64 = 16;

fn replica_key(node: NodeId, directory_id: &[u8; 16]) -> String {
    format!(
        "ReplicaKey(id={}, directoryId={})",
        node.0,
        TopicId(*directory_id)
    )
}

fn voter_keys(quorum: &Quorum) -> Vec<String> {
    let image = quorum.image();
    quorum
        .voters()
        .into_iter()
        .filter_map(metadata::node_of_raft_id)
        .map(|node| match image.controller(node) {
            Some(c) => replica_key(node, &c.directory_id),
            None => format!("ReplicaKey(id={}, directoryId=<none>)", node.0),
        })
        .collect()
}

fn refuse_static_quorum(quorum: &Quorum, verb: &str) -> Result<(), ControllerError> {
    let level = features::level(&quorum.image(), KRAFT_VERSION);
    if level < 1 {
        return Err(ControllerError::new(
            ErrorCode::UnsupportedVersion,
            format!("Cluster doesn't support {verb} voter because the {KRAFT_VERSION} feature is {level}"),
        ));
    }
    Ok(())
}

fn pending_change() -> ControllerError {
    ControllerError::new(
        ErrorCode::RequestTimedOut,
        "Request timed out waiting for leader to handle previous voter change request",
    )
}

fn commit_failed(e: metadata::MetadataError) -> ControllerError {
    ControllerError::new(e.error_code(), format!("metadata commit failed: {e}"))
}

/// Proposes the configuration change; another one not applied yet answers as Kafka does.
async fn change_voters(
    quorum: &Quorum,
    raft_id: u64,
    change: MembershipChange,
) -> Result<u64, ControllerError> {
    quorum
        .change_membership(raft_id, change)
        .await
        .map_err(|e| match e {
            metadata::MetadataError::Failed(_) => pending_change(),
            e => commit_failed(e),
        })
}

/// AddRaftVoter on the active controller.
pub(crate) async fn add(
    shard: &Rc<Shard>,
    quorum: &Rc<Quorum>,
    node: NodeId,
    directory_id: [u8; 16],
    listeners: Vec<BrokerEndpoint>,
    timeout_ms: i32,
) -> Result<ControllerReply, ControllerError> {
    refuse_static_quorum(quorum, "adding")?;
    let key = replica_key(node, &directory_id);
    let raft_id = metadata::raft_id(node)
        .map_err(|e| ControllerError::new(ErrorCode::InvalidRequest, e.to_string()))?;
    if quorum.voters().contains(&raft_id) {
        return Err(ControllerError::new(
            ErrorCode::DuplicateVoter,
            format!(
                "The voter id for {key} is already part of the set of voters {:?}.",
                voter_keys(quorum)
            ),
        ));
    }
    if !listeners
        .iter()
        .any(|l| shard.config.controller_listener_names.contains(&l.name))
    {
        return Err(ControllerError::new(
            ErrorCode::InvalidRequest,
            format!(
                "Provided listeners {:?} do not contain a listener for {:?}",
                listeners.iter().map(|l| &l.name).collect::<Vec<_>>(),
                shard.config.controller_listener_names
            ),
        ));
    }
    // Wait (bounded) for the new voter to hold the committed log as an observer: a voter
    // that lags would hold up every commit while it catches up.
    let wait = Duration::from_millis(u64::try_from(timeout_ms).unwrap_or(0)).min(CATCH_UP_WAIT_MAX);
    let deadline = Instant::now() + wait;
    loop {
        if !quorum.is_leader() {
            return Err(quorum_not_leader());
        }
        let (matched, committed) = quorum.replica_progress(raft_id);
        match matched {
            Some(m) if m + CATCH_UP_SLACK >= committed => break,
            _ if Instant::now() >= deadline => {
                return Err(ControllerError::new(
                    ErrorCode::RequestTimedOut,
                    match matched {
                        None => format!(
                            "New voter {key} is not ready to receive requests: it is not replicating the metadata log from this controller (is it running, formatted with --no-initial-controllers, with controller.quorum.bootstrap.servers naming the controllers?)"
                        ),
                        Some(m) => format!(
                            "Aborted add voter operation for {key} since it is lagging behind: it holds the log up to offset {m}, the high watermark is {committed}"
                        ),
                    },
                ));
            }
            _ => glommio::timer::sleep(CATCH_UP_POLL).await,
        }
    }
    let _turn = shard.controller_turn.acquire_permit(1).await.map_err(|_| {
        ControllerError::new(ErrorCode::NotController, "controller is shutting down")
    })?;
    if quorum.has_pending_conf_change() {
        return Err(pending_change());
    }
    // First how to reach it (every node links to the voters it knows an address of), then
    // the vote.
    let record = MetadataRecord::ControllerEndpoints {
        node_id: node,
        directory_id,
        listeners,
    };
    quorum
        .propose(vec![record.clone()])
        .await
        .map_err(commit_failed)?;
    let index = change_voters(quorum, raft_id, MembershipChange::AddVoter).await?;
    tracing::info!(
        node = node.0,
        key,
        index,
        "metadata: controller added to the voters"
    );
    Ok(ControllerReply {
        index,
        records: vec![record],
        ..Default::default()
    })
}

/// RemoveRaftVoter on the active controller.
pub(crate) async fn remove(
    shard: &Rc<Shard>,
    quorum: &Rc<Quorum>,
    node: NodeId,
    directory_id: [u8; 16],
) -> Result<ControllerReply, ControllerError> {
    refuse_static_quorum(quorum, "removing")?;
    let key = replica_key(node, &directory_id);
    let _turn = shard.controller_turn.acquire_permit(1).await.map_err(|_| {
        ControllerError::new(ErrorCode::NotController, "controller is shutting down")
    })?;
    if !quorum.is_leader() {
        return Err(quorum_not_leader());
    }
    if quorum.has_pending_conf_change() {
        return Err(pending_change());
    }
    let not_found = || {
        ControllerError::new(
            ErrorCode::VoterNotFound,
            format!(
                "Cannot remove voter {key} from the set of voters {:?}",
                voter_keys(quorum)
            ),
        )
    };
    let raft_id = metadata::raft_id(node).map_err(|_| not_found())?;
    let voters = quorum.voters();
    if !voters.contains(&raft_id) || voters.len() == 1 {
        return Err(not_found());
    }
    // A voter with a recorded directory id is named by it (Kafka's replica key); one of a
    // static quorum upgraded to kraft.version 1 has none recorded.
    if let Some(c) = quorum.image().controller(node) {
        if c.directory_id != directory_id {
            return Err(not_found());
        }
    }
    let index = change_voters(quorum, raft_id, MembershipChange::AddLearner).await?;
    tracing::info!(
        node = node.0,
        key,
        index,
        "metadata: controller removed from the voters"
    );
    Ok(ControllerReply {
        index,
        ..Default::default()
    })
}

fn quorum_not_leader() -> ControllerError {
    ControllerError::new(
        ErrorCode::NotController,
        "this node is not the active controller",
    )
}

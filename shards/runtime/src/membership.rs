//! Broker membership: registration, heartbeats and fencing, as Kafka's KRaft controller keeps
//! its brokers.
//!
//! Every node's shard 0 sends its registration to the active controller every
//! `broker.heartbeat.interval.ms` (every 200 ms until its image holds it unfenced): over the controller
//! connection (`raft_net`, a `Registration` message) when another node leads, directly when this one does.
//! The registration is the heartbeat. The active controller
//! - commits a registration it does not hold yet (or one whose listeners, rack, shards or
//!   incarnation changed), fenced unless the broker holds the committed log already;
//! - fences a broker it has not heard from for `broker.session.timeout.ms`
//!   (`BrokerRegistrationChange { fenced: Some(true) }`), counting from when it became leader
//!   for brokers it never heard from, so a new leader gives every broker a full session;
//! - unfences a fenced broker when it heartbeats and holds the committed log (its raft
//!   progress as the leader knows it), as Kafka unfences a broker once caught up.
//!
//! Fencing a broker moves its partitions (`metadata::replication::fence_broker`: it leaves the
//! ISRs, partitions it led elect another ISR member); unfencing one elects it where a partition
//! has no leader and it is in the ISR or ELR. On SIGTERM a broker's shard 0 sends
//! `ControllerRequest::ControlledShutdown` until the controller answers that it leads nothing
//! (the controller records the broker `in_controlled_shutdown`, so no election picks it, until
//! it registers again), bounded, before the process shuts down. While
//! `auto.leader.rebalance.enable`, the
//! leader moves leadership back to preferred replicas every
//! `leader.imbalance.check.interval.seconds`.
//!
//! Clients are shown unfenced brokers only (Metadata, DescribeCluster). Heartbeat times live
//! in memory on the leader; they are not metadata.
//!
//! Every registration a node sends carries the metadata index it has applied on every shard,
//! and a node sends one each time that index moves, not only every heartbeat
//! (`report_applied_loop`): the active controller answers an admin change only once every live
//! broker has applied it (`Quorum::wait_brokers_applied`, `controller::handle`), so the report
//! is on the path of every admin answer.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use metadata::rpc::PeerMessage;
use metadata::{Image, MetadataRecord};
use model::NodeId;

use crate::controller::ControllerRequest;
use crate::raft_net::PeerTransport;
use crate::shard::Shard;

/// How often an unregistered node retries.
const RETRY: Duration = Duration::from_millis(200);
/// How often the active controller looks for brokers whose session expired.
const FENCE_CHECK: Duration = Duration::from_millis(200);

/// The active controller's view of its brokers' heartbeats (shard 0).
#[derive(Default)]
pub(crate) struct Membership {
    heartbeats: RefCell<HashMap<NodeId, Instant>>,
    /// When this node last became the leader (None while it is not).
    leading_since: Cell<Option<Instant>>,
    /// When the leader last checked the leader balance.
    last_rebalance: Cell<Option<Instant>>,
}

/// Starts the tasks that keep this node registered and, while it leads, fence and unfence
/// brokers (shard 0).
pub(crate) fn start(
    shard: &Rc<Shard>,
    transport: Option<Rc<PeerTransport>>,
    registration: Option<MetadataRecord>,
) -> Rc<Membership> {
    let membership = Rc::new(Membership::default());
    // A controller-only node registers nothing; it only fences, when it leads.
    if let Some(registration) = registration {
        if shard.config.controlled_shutdown_enable {
            shard.lifecycle().controlled_shutdown_possible();
        }
        glommio::spawn_local(report_applied_loop(
            shard.clone(),
            transport.clone(),
            registration.clone(),
        ))
        .detach();
        glommio::spawn_local(heartbeat_loop(
            shard.clone(),
            membership.clone(),
            transport,
            registration,
        ))
        .detach();
    }
    glommio::spawn_local(fencing_loop(shard.clone(), membership.clone())).detach();
    membership
}

async fn heartbeat_loop(
    shard: Rc<Shard>,
    membership: Rc<Membership>,
    transport: Option<Rc<PeerTransport>>,
    registration: MetadataRecord,
) {
    let heartbeat = Duration::from_millis(shard.config.broker_heartbeat_interval_ms.max(1));
    let mut announced = false;
    loop {
        if shard.is_shutting_down() {
            return;
        }
        if shard.lifecycle().controlled_shutdown_requested() {
            controlled_shutdown(&shard).await;
            shard.lifecycle().controlled_shutdown_done();
            shard.ring_all();
        }
        let registered = is_registered(&shard.image(), &registration);
        if registered && !announced {
            tracing::info!(
                node = shard.config.node_id,
                "registered with the active controller"
            );
        }
        if registered {
            // The epoch a clean shutdown writes into the marker (`broker::start`).
            if let Some(b) = shard.image().broker(NodeId(shard.config.node_id)) {
                shard.lifecycle().set_broker_epoch(b.epoch);
            }
        }
        announced = registered;
        heartbeat_once(&shard, &membership, transport.as_deref(), &registration).await;
        // Until registered and unfenced, retry soon: the leader unfences on a heartbeat once
        // this node has caught up.
        let node = model::NodeId(shard.config.node_id);
        let unfenced = registered && shard.image().broker(node).is_some_and(|b| !b.fenced);
        let wait = if unfenced { heartbeat } else { RETRY };
        sleep_or_shutdown(&shard, wait).await;
    }
}

/// The longest a controlled shutdown waits for the controller to move this broker's
/// leaderships (Kafka's broker waits for its controlled shutdown to complete, bounded).
const CONTROLLED_SHUTDOWN_MAX: Duration = Duration::from_secs(30);
/// A controlled shutdown gives up sooner when no controller answers at all (no quorum).
const CONTROLLED_SHUTDOWN_UNANSWERED_MAX: Duration = Duration::from_secs(5);

/// Asks the active controller, every heartbeat, to move this broker's leaderships away
/// (Kafka's BrokerHeartbeat `want_shut_down`) until it answers that this broker may shut down
/// (`should_shut_down`), bounded.
async fn controlled_shutdown(shard: &Rc<Shard>) {
    let node = NodeId(shard.config.node_id);
    let started = Instant::now();
    let mut answered = false;
    tracing::info!(
        node = node.0,
        "controlled shutdown: moving leaderships to other replicas"
    );
    loop {
        let Some(epoch) = shard.image().broker(node).map(|b| b.epoch) else {
            return;
        };
        let req = ControllerRequest::ControlledShutdown {
            broker_id: node,
            broker_epoch: epoch,
        };
        match crate::controller::handle(shard, req).await {
            Ok(reply) if reply.may_shut_down == Some(true) => {
                tracing::info!(
                    node = node.0,
                    ms = started.elapsed().as_millis() as u64,
                    "controlled shutdown: this broker leads no partition now"
                );
                return;
            }
            Ok(_) => answered = true,
            Err(e) => tracing::debug!(error = %e.message, "controlled shutdown request failed"),
        }
        let elapsed = started.elapsed();
        if elapsed >= CONTROLLED_SHUTDOWN_MAX
            || (!answered && elapsed >= CONTROLLED_SHUTDOWN_UNANSWERED_MAX)
        {
            tracing::warn!(
                node = node.0,
                answered,
                "controlled shutdown: not completed in time; shutting down anyway"
            );
            return;
        }
        glommio::timer::sleep(RETRY).await;
    }
}

async fn sleep_or_shutdown(shard: &Shard, wait: Duration) {
    let timer = glommio::timer::sleep(wait);
    let event = shard.next_event();
    futures::pin_mut!(timer, event);
    futures::future::select(timer, event).await;
}

/// Whether the image holds `registration` as sent (its fencing and epoch aside).
fn is_registered(image: &Image, registration: &MetadataRecord) -> bool {
    let MetadataRecord::RegisterBroker {
        node_id,
        listeners,
        rack,
        num_shards,
        incarnation_id,
        ..
    } = registration
    else {
        return false;
    };
    image.broker(*node_id).is_some_and(|b| {
        b.listeners == *listeners
            && b.rack == *rack
            && b.num_shards == *num_shards
            && b.incarnation_id == *incarnation_id
    })
}

async fn heartbeat_once(
    shard: &Rc<Shard>,
    membership: &Rc<Membership>,
    transport: Option<&PeerTransport>,
    registration: &MetadataRecord,
) {
    let Some(quorum) = shard.quorum() else {
        return;
    };
    if heartbeats_muted() {
        return;
    }
    if quorum.is_leader() {
        heard_from(shard, membership, registration.clone()).await;
        return;
    }
    if let Some(transport) = transport {
        send_registration(&quorum, transport, registration);
    }
}

/// Sends this node's registration, with the index it applied on every shard, to the active
/// controller (a follower's heartbeat and applied report).
fn send_registration(
    quorum: &crate::quorum::Quorum,
    transport: &PeerTransport,
    registration: &MetadataRecord,
) {
    let message = PeerMessage::Registration {
        record: registration.clone(),
        applied_index: Some(quorum.applied_everywhere()),
    };
    if !quorum.is_voter() {
        // A broker-only node heartbeats to every controller: each keeps the connection it
        // opened as the way back to this node (the leader replicates the log over it), and
        // whichever leads, now or after a failover, hears from it.
        for to in transport.configured_peers() {
            transport.send_message(to, &message);
        }
        return;
    }
    let Some(leader) = quorum.status().leader else {
        return;
    };
    let Ok(to) = metadata::raft_id(leader) else {
        return;
    };
    transport.send_message(to, &message);
}

/// Reports to the active controller each time this node has applied more of the metadata log,
/// at once rather than at the next heartbeat: the controller holds every admin answer until
/// each live broker has applied the change (`Quorum::wait_brokers_applied`). One report per
/// applied round, however many entries it held.
async fn report_applied_loop(
    shard: Rc<Shard>,
    transport: Option<Rc<PeerTransport>>,
    registration: MetadataRecord,
) {
    let (Some(quorum), Some(transport)) = (shard.quorum(), transport) else {
        return;
    };
    let mut reported = quorum.applied_everywhere();
    loop {
        if shard.is_shutting_down() {
            return;
        }
        let progress = quorum.progress();
        let applied = quorum.applied_everywhere();
        // The report is a heartbeat too: the failpoint mutes it with the others.
        if applied > reported && !quorum.is_leader() && !heartbeats_muted() {
            send_registration(&quorum, &transport, &registration);
        }
        reported = reported.max(applied);
        // The driver fires it once more when it stops (shutdown).
        progress.await;
    }
}

/// Test failpoint: `SLUICE_FAILPOINT_MUTE_HEARTBEATS_FILE=PATH`: while that file holds
/// anything, this node sends no heartbeat and no applied report (its metadata still arrives),
/// as a broker whose heartbeats the controller never gets: it is fenced after
/// `broker.session.timeout.ms` and learns so from the metadata log. Read at every heartbeat.
fn heartbeats_muted() -> bool {
    thread_local! {
        static PATH: Option<std::path::PathBuf> =
            std::env::var_os("SLUICE_FAILPOINT_MUTE_HEARTBEATS_FILE").map(Into::into);
    }
    PATH.with(|path| {
        path.as_ref()
            .is_some_and(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
    })
}

/// A peer's heartbeat (its registration) arrived over the controller connection.
pub(crate) fn register_for_peer(shard: &Rc<Shard>, record: MetadataRecord) {
    let Some(membership) = shard.membership() else {
        return;
    };
    let shard = shard.clone();
    glommio::spawn_local(async move { heard_from(&shard, &membership, record).await }).detach();
}

/// On the leader: notes the heartbeat, and commits the registration or unfences the broker
/// if the image needs it.
async fn heard_from(shard: &Rc<Shard>, membership: &Membership, registration: MetadataRecord) {
    let Some(quorum) = shard.quorum() else {
        return;
    };
    if !quorum.is_leader() {
        return;
    }
    let MetadataRecord::RegisterBroker { node_id, .. } = &registration else {
        return;
    };
    let node = *node_id;
    membership
        .heartbeats
        .borrow_mut()
        .insert(node, Instant::now());
    // A broker that is no voter follows the log as a raft learner: added once.
    if let Ok(raft_id) = metadata::raft_id(node) {
        if !quorum.is_member(raft_id) {
            match quorum.add_learner(raft_id).await {
                Ok(index) => {
                    tracing::info!(
                        node = node.0,
                        index,
                        "metadata: broker added as a learner of the metadata log"
                    )
                }
                Err(e) => {
                    tracing::debug!(node = node.0, error = %e, "metadata: adding a learner failed; retried on its next heartbeat")
                }
            }
            return;
        }
    }
    // Read in place: every applied report is a heartbeat too, so this runs per commit.
    let (registered, fenced) = quorum.with_image(|image| {
        (
            is_registered(image, &registration),
            image.broker(node).is_some_and(|b| b.fenced),
        )
    });
    let caught_up = is_caught_up(shard, &quorum, node);
    if !registered {
        let mut registration = registration;
        if let MetadataRecord::RegisterBroker { fenced, .. } = &mut registration {
            *fenced = !caught_up;
        }
        let req = ControllerRequest::RegisterBroker {
            record: registration,
        };
        if let Err(e) = crate::controller::handle(shard, req).await {
            tracing::debug!(node = node.0, error = %e.message, "metadata: registering a broker failed; it retries");
        }
        return;
    }
    if fenced {
        if !caught_up {
            tracing::debug!(
                node = node.0,
                "metadata: broker stays fenced until it has caught up with the metadata log"
            );
            return;
        }
        let ctx = crate::controller::replication_context(shard);
        let result = crate::controller::propose_decided(shard, |image| {
            metadata::replication::unfence_broker(image, &ctx, node)
        })
        .await;
        match result {
            Ok(_) => tracing::info!(
                node = node.0,
                "broker unfenced: it heartbeats and has caught up with the metadata log"
            ),
            Err(e) => {
                tracing::debug!(node = node.0, error = %e.message, "metadata: unfencing failed")
            }
        }
    }
}

/// On the leader: every node connected to this one that is not in the raft configuration (a
/// controller that is no voter yet, as KIP-853 observers are; a broker-only node before its
/// first heartbeat) becomes a learner, so the leader replicates the log to it.
async fn add_observers(shard: &Rc<Shard>, quorum: &crate::quorum::Quorum) {
    let Some(transport) = shard.peer_transport() else {
        return;
    };
    for raft_id in transport.connected_peers() {
        if quorum.is_member(raft_id) || !quorum.is_leader() {
            continue;
        }
        let node = raft_id as i64 - 1;
        match quorum.add_learner(raft_id).await {
            Ok(index) => {
                tracing::info!(
                    node,
                    index,
                    "metadata: node added as a learner (observer) of the metadata log"
                )
            }
            Err(e) => {
                tracing::debug!(node, error = %e, "metadata: adding a learner failed; retried")
            }
        }
    }
}

/// Whether broker `node` holds the committed metadata log, as the leader (this node) knows
/// each member's progress: Kafka's controller unfences a broker only once its heartbeat shows
/// it caught up, so clients are never sent to a broker that does not know the latest topics.
fn is_caught_up(shard: &Shard, quorum: &crate::quorum::Quorum, node: NodeId) -> bool {
    if node.0 == shard.config.node_id {
        return true;
    }
    let Ok(raft_id) = metadata::raft_id(node) else {
        return false;
    };
    match quorum.replica_progress(raft_id) {
        (Some(matched), committed) => matched >= committed,
        (None, _) => false,
    }
}

async fn fencing_loop(shard: Rc<Shard>, membership: Rc<Membership>) {
    let session = Duration::from_millis(shard.config.broker_session_timeout_ms.max(1));
    loop {
        if shard.is_shutting_down() {
            return;
        }
        sleep_or_shutdown(&shard, FENCE_CHECK).await;
        let Some(quorum) = shard.quorum() else {
            continue;
        };
        if !quorum.is_leader() {
            membership.leading_since.set(None);
            membership.last_rebalance.set(None);
            continue;
        }
        add_observers(&shard, &quorum).await;
        let now = Instant::now();
        let since = *membership.leading_since.get().get_or_insert(now);
        membership.leading_since.set(Some(since));
        let image = quorum.image();
        let expired: Vec<NodeId> = image
            .brokers()
            .filter(|b| !b.fenced && b.node_id.0 != shard.config.node_id)
            .filter(|b| {
                let last = membership
                    .heartbeats
                    .borrow()
                    .get(&b.node_id)
                    .copied()
                    .unwrap_or(since)
                    .max(since);
                now.duration_since(last) >= session
            })
            .map(|b| b.node_id)
            .collect();
        for node in expired {
            let ctx = crate::controller::replication_context(&shard);
            let result = crate::controller::propose_decided(&shard, |image| {
                metadata::replication::fence_broker(image, &ctx, node)
            })
            .await;
            match result {
                Ok(_) => tracing::warn!(
                    node = node.0,
                    session_ms = session.as_millis() as u64,
                    "broker fenced: no heartbeat within broker.session.timeout.ms"
                ),
                Err(e) => {
                    tracing::debug!(node = node.0, error = %e.message, "metadata: fencing failed")
                }
            }
        }
        rebalance_if_due(&shard, &membership, now).await;
    }
}

/// The preferred-leader rebalance, every `leader.imbalance.check.interval.seconds` while
/// `auto.leader.rebalance.enable` (counting from when this node became the leader).
async fn rebalance_if_due(shard: &Rc<Shard>, membership: &Membership, now: Instant) {
    if !shard.config.auto_leader_rebalance_enable {
        return;
    }
    let interval = Duration::from_secs(shard.config.leader_imbalance_check_interval_seconds.max(1));
    let last = *membership
        .last_rebalance
        .get()
        .get_or_insert(membership.leading_since.get().unwrap_or(now));
    membership.last_rebalance.set(Some(last));
    if now.duration_since(last) < interval {
        return;
    }
    membership.last_rebalance.set(Some(now));
    let ctx = crate::controller::replication_context(shard);
    let percentage = shard.config.leader_imbalance_per_broker_percentage.max(0) as u32;
    let result = crate::controller::propose_decided(shard, |image| {
        metadata::replication::rebalance_leaders(image, &ctx, percentage)
    })
    .await;
    if let Err(e) = result {
        tracing::debug!(error = %e.message, "metadata: preferred leader rebalance failed");
    }
}

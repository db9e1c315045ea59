//! Broker membership: each node registers itself with the active controller and keeps the
//! registration in the metadata until it sees it committed.
//!
//! The active controller commits a registration itself; a follower sends its registration to
//! the leader it knows over the controller connection (`raft_net`, a `Registration`), and retries
//! until its image holds it (a leader change or a lost frame costs one retry interval).

use std::rc::Rc;
use std::time::Duration;

use metadata::rpc::PeerMessage;
use metadata::MetadataRecord;
use model::NodeId;

use crate::controller::ControllerRequest;
use crate::raft_net::PeerTransport;
use crate::shard::Shard;

/// How often an unregistered node retries.
const RETRY: Duration = Duration::from_millis(200);

/// Starts the task that registers this node (shard 0).
pub(crate) fn start(
    shard: &Rc<Shard>,
    transport: Option<Rc<PeerTransport>>,
    registration: MetadataRecord,
) {
    let shard = shard.clone();
    glommio::spawn_local(async move {
        let heartbeat = Duration::from_millis(shard.config.broker_heartbeat_interval_ms.max(1));
        loop {
            if shard.is_shutting_down() {
                return;
            }
            let registered = is_registered(&shard, &registration);
            if !registered {
                register(&shard, transport.as_deref(), &registration).await;
            }
            let wait = if registered { heartbeat } else { RETRY };
            let timer = glommio::timer::sleep(wait);
            let event = shard.next_event();
            futures::pin_mut!(timer, event);
            futures::future::select(timer, event).await;
        }
    })
    .detach();
}

fn is_registered(shard: &Shard, registration: &MetadataRecord) -> bool {
    let MetadataRecord::RegisterBroker { node_id, .. } = registration else {
        return false;
    };
    let image = shard.image();
    let Some(broker) = image.broker(*node_id) else {
        return false;
    };
    let mut wanted = metadata::Image::default();
    wanted.apply(registration);
    wanted.broker(*node_id) == Some(broker)
}

async fn register(
    shard: &Rc<Shard>,
    transport: Option<&PeerTransport>,
    registration: &MetadataRecord,
) {
    let Some(quorum) = shard.quorum() else {
        return;
    };
    if quorum.is_leader() {
        let req = ControllerRequest::RegisterBroker {
            record: registration.clone(),
        };
        if let Err(e) = crate::controller::handle(shard, req).await {
            tracing::debug!(error = %e.message, "metadata: registering this broker failed; retrying");
        }
        return;
    }
    let (Some(leader), Some(transport)) = (quorum.status().leader, transport) else {
        return;
    };
    let Ok(to) = metadata::raft_id(leader) else {
        return;
    };
    transport.send_message(to, &PeerMessage::Registration(registration.clone()));
}

/// A follower's registration arrived: the leader commits it (in the background).
pub(crate) fn register_for_peer(shard: &Rc<Shard>, record: MetadataRecord) {
    let Some(quorum) = shard.quorum() else {
        return;
    };
    if !quorum.is_leader() {
        return;
    }
    let shard = shard.clone();
    glommio::spawn_local(async move {
        let node: Option<NodeId> = match &record {
            MetadataRecord::RegisterBroker { node_id, .. } => Some(*node_id),
            _ => None,
        };
        if let Err(e) =
            crate::controller::handle(&shard, ControllerRequest::RegisterBroker { record }).await
        {
            tracing::debug!(?node, error = %e.message, "metadata: registering a broker failed");
        }
    })
    .detach();
}

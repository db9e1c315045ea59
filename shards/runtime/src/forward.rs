//! Forwarding controller requests to the active controller, as a Kafka broker forwards admin
//! requests: any node's shard 0 that is not the metadata leader sends the request to the leader
//! over the controller connection (`raft_net` frame kinds 2 and 3) and waits for its answer; the
//! asking shard then waits until its own node has applied the answer's index, so an admin
//! change is visible on the node the client asked before the client hears back.
//!
//! The request and reply travel in a small versioned binary form (below); records inside a
//! reply travel as a metadata record batch.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::time::Duration;

use bytes::{Buf, BufMut, BytesMut};
use futures::channel::oneshot;
use metadata::{ConfigResource, ControllerError, QuorumStatus, ReplicaStatus};
use model::{ErrorCode, NodeId, TopicId};

use crate::controller::{ControllerReply, ControllerRequest};
use crate::raft_net::{PeerTransport, KIND_FORWARD_REQUEST, KIND_FORWARD_RESPONSE};
use crate::shard::Shard;

/// How long a forwarded request may take (an election in between included).
const FORWARD_TIMEOUT: Duration = Duration::from_secs(30);
/// Version of the encoding below; a node refuses a version it does not know.
const FORMAT_VERSION: u8 = 0;

/// Shard 0's forwarding state: the transport to the peers and the requests awaiting answers.
pub struct Forwarder {
    transport: Rc<PeerTransport>,
    pending: RefCell<HashMap<u64, oneshot::Sender<Result<ControllerReply, ControllerError>>>>,
    next_id: Cell<u64>,
}

impl Forwarder {
    pub(crate) fn new(transport: Rc<PeerTransport>) -> Forwarder {
        Forwarder {
            transport,
            pending: RefCell::new(HashMap::new()),
            next_id: Cell::new(1),
        }
    }

    /// Sends `req` to `leader` and waits for its answer (bounded).
    pub(crate) async fn forward(
        &self,
        leader: NodeId,
        req: &ControllerRequest,
    ) -> Result<ControllerReply, ControllerError> {
        let to = metadata::raft_id(leader)
            .map_err(|e| ControllerError::new(ErrorCode::NotController, e.to_string()))?;
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let (reply, answer) = oneshot::channel();
        self.pending.borrow_mut().insert(id, reply);
        let mut payload = BytesMut::new();
        payload.put_u64(id);
        encode_request(req, &mut payload);
        self.transport
            .send_frame(to, KIND_FORWARD_REQUEST, payload.to_vec());
        let timer = glommio::timer::sleep(FORWARD_TIMEOUT);
        futures::pin_mut!(timer);
        let result = match futures::future::select(answer, timer).await {
            futures::future::Either::Left((Ok(result), _)) => result,
            _ => Err(ControllerError::new(
                ErrorCode::RequestTimedOut,
                format!("the active controller (node {}) did not answer", leader.0),
            )),
        };
        self.pending.borrow_mut().remove(&id);
        result
    }

    /// An answer to one of our forwarded requests arrived.
    pub(crate) fn answered(&self, payload: &[u8]) -> Result<(), String> {
        let mut buf = payload;
        let id = get_u64(&mut buf)?;
        let result = decode_result(&mut buf)?;
        if let Some(reply) = self.pending.borrow_mut().remove(&id) {
            let _ = reply.send(result);
        }
        Ok(())
    }
}

/// A peer forwarded a request: handle it here (the leader) and send the answer back.
pub(crate) fn serve(shard: &Rc<Shard>, from: u64, payload: Vec<u8>) -> Result<(), String> {
    let mut buf = &payload[..];
    let id = get_u64(&mut buf)?;
    let req = decode_request(&mut buf)?;
    let shard = shard.clone();
    glommio::spawn_local(async move {
        let result = crate::controller::handle(&shard, req).await;
        let mut out = BytesMut::new();
        out.put_u64(id);
        encode_result(&result, &mut out);
        if let Some(forwarder) = shard.forwarder() {
            forwarder
                .transport
                .send_frame(from, KIND_FORWARD_RESPONSE, out.to_vec());
        }
    })
    .detach();
    Ok(())
}

// The encoding: `version:u8` then a tagged body; strings `len:u32 utf8`, optional strings
// `present:u8 [string]`, maps `count:u32 (key value)*`, integers big-endian. Decoding checks
// every length against the bytes left.

fn put_str(out: &mut BytesMut, s: &str) {
    out.put_u32(s.len() as u32);
    out.put_slice(s.as_bytes());
}

fn put_opt_str(out: &mut BytesMut, s: Option<&str>) {
    match s {
        Some(s) => {
            out.put_u8(1);
            put_str(out, s);
        }
        None => out.put_u8(0),
    }
}

fn need(buf: &[u8], bytes: usize) -> Result<(), String> {
    if buf.remaining() < bytes {
        return Err(format!(
            "truncated: {bytes} bytes needed, {} left",
            buf.len()
        ));
    }
    Ok(())
}

fn get_u8(buf: &mut &[u8]) -> Result<u8, String> {
    need(buf, 1)?;
    Ok(buf.get_u8())
}

fn get_i16(buf: &mut &[u8]) -> Result<i16, String> {
    need(buf, 2)?;
    Ok(buf.get_i16())
}

fn get_i32(buf: &mut &[u8]) -> Result<i32, String> {
    need(buf, 4)?;
    Ok(buf.get_i32())
}

fn get_u32(buf: &mut &[u8]) -> Result<u32, String> {
    need(buf, 4)?;
    Ok(buf.get_u32())
}

fn get_u64(buf: &mut &[u8]) -> Result<u64, String> {
    need(buf, 8)?;
    Ok(buf.get_u64())
}

fn get_i64(buf: &mut &[u8]) -> Result<i64, String> {
    need(buf, 8)?;
    Ok(buf.get_i64())
}

fn get_bool(buf: &mut &[u8]) -> Result<bool, String> {
    Ok(get_u8(buf)? != 0)
}

fn get_str(buf: &mut &[u8]) -> Result<String, String> {
    let len = get_u32(buf)? as usize;
    need(buf, len)?;
    let s = std::str::from_utf8(&buf[..len])
        .map_err(|_| "invalid utf-8".to_string())?
        .to_string();
    buf.advance(len);
    Ok(s)
}

fn get_opt_str(buf: &mut &[u8]) -> Result<Option<String>, String> {
    Ok(if get_bool(buf)? {
        Some(get_str(buf)?)
    } else {
        None
    })
}

/// A count of items each at least `min_bytes` long: bounded by the bytes left.
fn get_count(buf: &mut &[u8], min_bytes: usize) -> Result<usize, String> {
    let count = get_u32(buf)? as usize;
    if count.saturating_mul(min_bytes) > buf.len() {
        return Err(format!("count {count} exceeds the bytes left"));
    }
    Ok(count)
}

fn get_topic_id(buf: &mut &[u8]) -> Result<TopicId, String> {
    need(buf, 16)?;
    let mut id = [0u8; 16];
    buf.copy_to_slice(&mut id);
    Ok(TopicId(id))
}

fn put_resource(out: &mut BytesMut, resource: &ConfigResource) {
    match resource {
        ConfigResource::Broker(node) => {
            out.put_u8(0);
            out.put_i32(node.map_or(-1, |n| n.0));
        }
        ConfigResource::Topic(name) => {
            out.put_u8(1);
            put_str(out, name);
        }
        ConfigResource::Group(name) => {
            out.put_u8(2);
            put_str(out, name);
        }
    }
}

fn get_resource(buf: &mut &[u8]) -> Result<ConfigResource, String> {
    Ok(match get_u8(buf)? {
        0 => {
            let node = get_i32(buf)?;
            ConfigResource::Broker((node >= 0).then_some(NodeId(node)))
        }
        1 => ConfigResource::Topic(get_str(buf)?),
        2 => ConfigResource::Group(get_str(buf)?),
        other => return Err(format!("unknown config resource {other}")),
    })
}

fn encode_request(req: &ControllerRequest, out: &mut BytesMut) {
    out.put_u8(FORMAT_VERSION);
    match req {
        ControllerRequest::CreateTopic {
            name,
            partitions,
            replication_factor,
            configs,
            validate_only,
        } => {
            out.put_u8(0);
            put_str(out, name);
            out.put_i32(*partitions);
            out.put_i16(*replication_factor);
            out.put_u32(configs.len() as u32);
            for (k, v) in configs {
                put_str(out, k);
                put_str(out, v);
            }
            out.put_u8(u8::from(*validate_only));
        }
        ControllerRequest::DeleteTopic { id } => {
            out.put_u8(1);
            out.put_slice(&id.0);
        }
        ControllerRequest::CreatePartitions {
            topic,
            total,
            validate_only,
        } => {
            out.put_u8(2);
            put_str(out, topic);
            out.put_i32(*total);
            out.put_u8(u8::from(*validate_only));
        }
        ControllerRequest::AlterConfigs {
            resource,
            set,
            validate_only,
        } => {
            out.put_u8(3);
            put_resource(out, resource);
            out.put_u32(set.len() as u32);
            for (k, v) in set {
                put_str(out, k);
                put_opt_str(out, v.as_deref());
            }
            out.put_u8(u8::from(*validate_only));
        }
        ControllerRequest::AllocateProducerIds => out.put_u8(4),
        ControllerRequest::RegisterBroker { record } => {
            out.put_u8(5);
            let batch = metadata::record::encode_batch(std::slice::from_ref(record));
            out.put_u32(batch.len() as u32);
            out.put_slice(&batch);
        }
        ControllerRequest::DescribeQuorum => out.put_u8(6),
    }
}

fn decode_request(buf: &mut &[u8]) -> Result<ControllerRequest, String> {
    let version = get_u8(buf)?;
    if version != FORMAT_VERSION {
        return Err(format!("unknown forward format version {version}"));
    }
    let req = match get_u8(buf)? {
        0 => {
            let name = get_str(buf)?;
            let partitions = get_i32(buf)?;
            let replication_factor = get_i16(buf)?;
            let count = get_count(buf, 8)?;
            let mut configs = BTreeMap::new();
            for _ in 0..count {
                let k = get_str(buf)?;
                configs.insert(k, get_str(buf)?);
            }
            ControllerRequest::CreateTopic {
                name,
                partitions,
                replication_factor,
                configs,
                validate_only: get_bool(buf)?,
            }
        }
        1 => ControllerRequest::DeleteTopic {
            id: get_topic_id(buf)?,
        },
        2 => ControllerRequest::CreatePartitions {
            topic: get_str(buf)?,
            total: get_i32(buf)?,
            validate_only: get_bool(buf)?,
        },
        3 => {
            let resource = get_resource(buf)?;
            let count = get_count(buf, 5)?;
            let mut set = BTreeMap::new();
            for _ in 0..count {
                let k = get_str(buf)?;
                set.insert(k, get_opt_str(buf)?);
            }
            ControllerRequest::AlterConfigs {
                resource,
                set,
                validate_only: get_bool(buf)?,
            }
        }
        4 => ControllerRequest::AllocateProducerIds,
        5 => {
            let len = get_u32(buf)? as usize;
            need(buf, len)?;
            let records = metadata::record::decode_batch(&buf[..len]).map_err(|e| e.to_string())?;
            buf.advance(len);
            let record = records.into_iter().next().ok_or("an empty registration")?;
            ControllerRequest::RegisterBroker { record }
        }
        6 => ControllerRequest::DescribeQuorum,
        other => return Err(format!("unknown controller request {other}")),
    };
    if !buf.is_empty() {
        return Err("trailing bytes after a forwarded request".into());
    }
    Ok(req)
}

fn put_replicas(out: &mut BytesMut, replicas: &[ReplicaStatus]) {
    out.put_u32(replicas.len() as u32);
    for r in replicas {
        out.put_i32(r.node.0);
        out.put_u64(r.log_end);
        out.put_i64(r.last_contact_ms);
    }
}

fn get_replicas(buf: &mut &[u8]) -> Result<Vec<ReplicaStatus>, String> {
    let count = get_count(buf, 20)?;
    (0..count)
        .map(|_| {
            Ok(ReplicaStatus {
                node: NodeId(get_i32(buf)?),
                log_end: get_u64(buf)?,
                last_contact_ms: get_i64(buf)?,
            })
        })
        .collect()
}

fn encode_result(result: &Result<ControllerReply, ControllerError>, out: &mut BytesMut) {
    out.put_u8(FORMAT_VERSION);
    match result {
        Err(e) => {
            out.put_u8(1);
            out.put_i16(e.code.code());
            put_str(out, &e.message);
        }
        Ok(reply) => {
            out.put_u8(0);
            out.put_u64(reply.index);
            let batch = metadata::record::encode_batch(&reply.records);
            out.put_u32(batch.len() as u32);
            out.put_slice(&batch);
            match reply.producer_ids {
                Some((first, size)) => {
                    out.put_u8(1);
                    out.put_i64(first);
                    out.put_i32(size);
                }
                None => out.put_u8(0),
            }
            match &reply.quorum {
                Some(q) => {
                    out.put_u8(1);
                    out.put_i32(q.leader.map_or(-1, |n| n.0));
                    out.put_u64(q.term);
                    out.put_u64(q.high_watermark);
                    out.put_u64(q.log_end);
                    put_replicas(out, &q.voters);
                    put_replicas(out, &q.observers);
                }
                None => out.put_u8(0),
            }
        }
    }
}

fn decode_result(buf: &mut &[u8]) -> Result<Result<ControllerReply, ControllerError>, String> {
    let version = get_u8(buf)?;
    if version != FORMAT_VERSION {
        return Err(format!("unknown forward format version {version}"));
    }
    if get_u8(buf)? == 1 {
        let code = get_i16(buf)?;
        let message = get_str(buf)?;
        let code = ErrorCode::from_code(code).unwrap_or(ErrorCode::UnknownServerError);
        return Ok(Err(ControllerError::new(code, message)));
    }
    let index = get_u64(buf)?;
    let len = get_u32(buf)? as usize;
    need(buf, len)?;
    let records = metadata::record::decode_batch(&buf[..len]).map_err(|e| e.to_string())?;
    buf.advance(len);
    let producer_ids = if get_bool(buf)? {
        Some((get_i64(buf)?, get_i32(buf)?))
    } else {
        None
    };
    let quorum = if get_bool(buf)? {
        let leader = get_i32(buf)?;
        Some(QuorumStatus {
            leader: (leader >= 0).then_some(NodeId(leader)),
            term: get_u64(buf)?,
            high_watermark: get_u64(buf)?,
            log_end: get_u64(buf)?,
            voters: get_replicas(buf)?,
            observers: get_replicas(buf)?,
        })
    } else {
        None
    };
    Ok(Ok(ControllerReply {
        index,
        records,
        producer_ids,
        quorum,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(req: ControllerRequest) {
        let mut out = BytesMut::new();
        encode_request(&req, &mut out);
        let decoded = decode_request(&mut &out[..]).unwrap();
        assert_eq!(format!("{decoded:?}"), format!("{req:?}"));
        for cut in 0..out.len() {
            assert!(decode_request(&mut &out[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn requests_round_trip_and_truncations_are_errors() {
        round_trip(ControllerRequest::CreateTopic {
            name: "t".into(),
            partitions: 3,
            replication_factor: 1,
            configs: BTreeMap::from([("retention.ms".into(), "10".into())]),
            validate_only: true,
        });
        round_trip(ControllerRequest::DeleteTopic {
            id: TopicId([7; 16]),
        });
        round_trip(ControllerRequest::AlterConfigs {
            resource: ConfigResource::Broker(None),
            set: BTreeMap::from([("a".into(), None), ("b".into(), Some("1".into()))]),
            validate_only: false,
        });
        round_trip(ControllerRequest::AllocateProducerIds);
        round_trip(ControllerRequest::DescribeQuorum);
    }

    #[test]
    fn replies_round_trip() {
        let reply = ControllerReply {
            index: 9,
            records: Vec::new(),
            producer_ids: Some((1000, 1000)),
            quorum: Some(QuorumStatus {
                leader: Some(NodeId(2)),
                term: 3,
                high_watermark: 8,
                log_end: 9,
                voters: vec![ReplicaStatus {
                    node: NodeId(1),
                    log_end: 9,
                    last_contact_ms: 5,
                }],
                observers: Vec::new(),
            }),
        };
        let mut out = BytesMut::new();
        encode_result(&Ok(reply.clone()), &mut out);
        let decoded = decode_result(&mut &out[..]).unwrap().unwrap();
        assert_eq!(format!("{decoded:?}"), format!("{reply:?}"));
        let mut out = BytesMut::new();
        encode_result(
            &Err(ControllerError::new(ErrorCode::TopicAlreadyExists, "x")),
            &mut out,
        );
        let err = decode_result(&mut &out[..]).unwrap().unwrap_err();
        assert_eq!(err.code, ErrorCode::TopicAlreadyExists);
    }

    #[test]
    fn a_lying_count_is_an_error_not_an_allocation() {
        let mut out = BytesMut::new();
        out.put_u8(FORMAT_VERSION);
        out.put_u8(0);
        put_str(&mut out, "t");
        out.put_i32(1);
        out.put_i16(1);
        out.put_u32(u32::MAX);
        assert!(decode_request(&mut &out[..]).is_err());
    }
}

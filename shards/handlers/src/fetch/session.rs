//! Incremental fetch sessions (KIP-227), per shard. A client keeps its connection, hence its
//! shard; after a reconnect elsewhere it gets FETCH_SESSION_ID_NOT_FOUND and starts a new one.

use model::{ShardId, TopicId};
use std::collections::HashMap;
use std::time::Instant;

/// Broker-wide cache slots (Kafka's `max.incremental.fetch.session.cache.slots` default),
/// divided among shards.
pub const SESSION_SLOTS_PER_BROKER: usize = 1000;

#[derive(Clone, Debug)]
pub struct SessionPartition {
    pub topic: String,
    pub topic_id: TopicId,
    pub partition: i32,
    pub fetch_offset: i64,
    pub max_bytes: i32,
    pub current_leader_epoch: i32,
    /// What the client was last told, to send only changes.
    pub last_high_watermark: i64,
    pub last_log_start_offset: i64,
}

#[derive(Debug)]
pub struct FetchSession {
    pub id: i32,
    /// The epoch the next request must carry.
    pub next_epoch: i32,
    pub partitions: Vec<SessionPartition>,
    pub last_used: Instant,
}

impl FetchSession {
    pub fn upsert(&mut self, p: SessionPartition) {
        match self
            .partitions
            .iter_mut()
            .find(|s| s.topic == p.topic && s.partition == p.partition)
        {
            Some(existing) => {
                existing.fetch_offset = p.fetch_offset;
                existing.max_bytes = p.max_bytes;
                existing.current_leader_epoch = p.current_leader_epoch;
            }
            None => self.partitions.push(p),
        }
    }

    pub fn forget(&mut self, topic: &str, partition: i32) {
        self.partitions
            .retain(|s| !(s.topic == topic && s.partition == partition));
    }
}

pub struct FetchSessions {
    shard: ShardId,
    nr_shards: usize,
    next_id: u32,
    sessions: HashMap<i32, FetchSession>,
    capacity: usize,
}

impl FetchSessions {
    pub fn new(shard: ShardId, nr_shards: usize) -> Self {
        FetchSessions {
            shard,
            nr_shards,
            next_id: 1,
            sessions: HashMap::new(),
            capacity: (SESSION_SLOTS_PER_BROKER / nr_shards.max(1)).max(1),
        }
    }

    /// A new session id, unique across shards (the low bits name the shard), never 0.
    fn new_id(&mut self) -> i32 {
        loop {
            let raw = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
            let id =
                ((raw as u64 * self.nr_shards as u64 + self.shard.0 as u64) & 0x7fff_ffff) as i32;
            if id != 0 && !self.sessions.contains_key(&id) {
                return id;
            }
        }
    }

    /// Creates a session holding `partitions`, evicting the least recently used one when
    /// full. Returns its id.
    pub fn create(&mut self, partitions: Vec<SessionPartition>) -> i32 {
        if self.sessions.len() >= self.capacity {
            if let Some(oldest) = self
                .sessions
                .values()
                .min_by_key(|s| s.last_used)
                .map(|s| s.id)
            {
                self.sessions.remove(&oldest);
            }
        }
        let id = self.new_id();
        self.sessions.insert(
            id,
            FetchSession {
                id,
                next_epoch: 1,
                partitions,
                last_used: Instant::now(),
            },
        );
        id
    }

    pub fn get_mut(&mut self, id: i32) -> Option<&mut FetchSession> {
        self.sessions.get_mut(&id)
    }

    pub fn remove(&mut self, id: i32) {
        self.sessions.remove(&id);
    }

    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(topic: &str, partition: i32) -> SessionPartition {
        SessionPartition {
            topic: topic.into(),
            topic_id: TopicId::ZERO,
            partition,
            fetch_offset: 0,
            max_bytes: 1024,
            current_leader_epoch: -1,
            last_high_watermark: -1,
            last_log_start_offset: -1,
        }
    }

    #[test]
    fn ids_are_unique_per_shard_and_nonzero() {
        let mut a = FetchSessions::new(ShardId(0), 2);
        let mut b = FetchSessions::new(ShardId(1), 2);
        let ids_a: Vec<_> = (0..10).map(|_| a.create(vec![])).collect();
        let ids_b: Vec<_> = (0..10).map(|_| b.create(vec![])).collect();
        assert!(ids_a.iter().all(|id| *id != 0 && id % 2 == 0));
        assert!(ids_b.iter().all(|id| id % 2 == 1));
    }

    #[test]
    fn evicts_least_recently_used_when_full() {
        let mut s = FetchSessions::new(ShardId(0), SESSION_SLOTS_PER_BROKER);
        let first = s.create(vec![part("a", 0)]);
        let second = s.create(vec![part("a", 1)]);
        assert!(s.get_mut(first).is_none(), "capacity 1: first evicted");
        assert!(s.get_mut(second).is_some());
    }

    #[test]
    fn upsert_and_forget() {
        let mut s = FetchSessions::new(ShardId(0), 1);
        let id = s.create(vec![part("a", 0)]);
        let session = s.get_mut(id).unwrap();
        let mut p = part("a", 0);
        p.fetch_offset = 5;
        session.upsert(p);
        session.upsert(part("b", 0));
        assert_eq!(session.partitions.len(), 2);
        assert_eq!(session.partitions[0].fetch_offset, 5);
        session.forget("a", 0);
        assert_eq!(session.partitions.len(), 1);
    }
}

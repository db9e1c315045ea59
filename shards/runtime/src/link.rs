//! The cross-shard transport: one bounded lock-free queue per ordered pair of shards and one
//! doorbell per shard, built once by the broker before any shard starts.
//!
//! Why not glommio's `channel_mesh`: its peers rendezvous at start-up (`MeshBuilder::join`,
//! then `SharedSender::connect`/`SharedReceiver::connect`) and its wake-ups of a parked peer
//! go through glommio's private sleep notifier. A Sluice start hung there with both shard
//! threads parked in `io_uring_enter` (`link_rings_and_sleep`) and nothing left to wake them,
//! the open upstream report DataDog/glommio#555 shows the mesh losing wake-ups under load, and
//! a transport we cannot see into is one we cannot assert on. This one has no rendezvous: every
//! queue and doorbell exists before the shard threads do.
//!
//! The wake-up protocol (a Dekker pair per direction, so no wake-up is ever lost):
//! - A receiver that finds its queue empty sets `rx_waiting`, fences, and looks again; only if
//!   it is still empty does it park on its shard's local [`Notify`]. A sender pushes, fences,
//!   and if `rx_waiting` was set (swapping it off) rings the receiver's doorbell.
//! - A sender that finds the queue full sets `tx_waiting`, fences, and looks again; a receiver
//!   that pops fences and rings the sender's doorbell if `tx_waiting` was set.
//! - A doorbell is a nonblocking socketpair: any thread writes one byte (a full socket means a
//!   wake-up is already pending); the owning shard's doorbell task reads it through io_uring —
//!   so a parked reactor is woken by the kernel, not by anything glommio must remember — and
//!   notifies every local waiter, which re-check their queues.
//!
//! Wakers never cross threads: only bytes on the doorbell socket and the queues' atomics do.

use crate::notify::Notify;
use crossbeam_queue::ArrayQueue;
use futures::io::AsyncReadExt;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

struct Queue<T> {
    items: ArrayQueue<T>,
    /// The receiver is about to park, or parked, on an empty queue.
    rx_waiting: AtomicBool,
    /// A sender is about to park, or parked, on a full queue.
    tx_waiting: AtomicBool,
}

struct Doorbell {
    /// Written by any thread (one byte, `MSG_DONTWAIT`).
    ring: OwnedFd,
    /// Read by the owning shard; taken once when it starts.
    listen: Mutex<Option<OwnedFd>>,
    /// The owning shard stopped: sends to it fail, its waiters were released.
    closed: AtomicBool,
}

/// Every queue and doorbell of the process. `Send + Sync`; shared by `Arc`.
pub struct Links<T> {
    shards: usize,
    /// `from * shards + to`; the diagonal is unused (a shard runs its own work inline).
    queues: Vec<Queue<T>>,
    doorbells: Vec<Doorbell>,
}

impl<T: Send> Links<T> {
    /// Builds the queues (each holding `capacity` messages) and doorbells for `shards` shards.
    pub fn new(shards: usize, capacity: usize) -> std::io::Result<Arc<Links<T>>> {
        assert!(shards > 0 && capacity > 0, "links need shards and room");
        let queues = (0..shards * shards)
            .map(|_| Queue {
                items: ArrayQueue::new(capacity),
                rx_waiting: AtomicBool::new(false),
                tx_waiting: AtomicBool::new(false),
            })
            .collect();
        let doorbells = (0..shards)
            .map(|_| {
                let (ring, listen) = std::os::unix::net::UnixStream::pair()?;
                ring.set_nonblocking(true)?;
                listen.set_nonblocking(true)?;
                Ok(Doorbell {
                    ring: ring.into(),
                    listen: Mutex::new(Some(listen.into())),
                    closed: AtomicBool::new(false),
                })
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        Ok(Arc::new(Links {
            shards,
            queues,
            doorbells,
        }))
    }

    pub fn shards(&self) -> usize {
        self.shards
    }

    fn queue(&self, from: usize, to: usize) -> &Queue<T> {
        assert!(from != to, "a shard never sends to itself over a link");
        &self.queues[from * self.shards + to]
    }

    /// Wakes shard `to`'s doorbell task. Callable from any thread, including non-shard ones
    /// (the signal thread uses it to wake every shard at shutdown).
    pub fn ring(&self, to: usize) {
        let fd = self.doorbells[to].ring.as_raw_fd();
        // SAFETY: send(2) of one byte from a live stack buffer on a socket we own.
        let rc = unsafe {
            libc::send(
                fd,
                [1u8].as_ptr().cast(),
                1,
                libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            )
        };
        if rc < 0 {
            let err = std::io::Error::last_os_error();
            // A full socket already holds an unread wake-up; a closed listener is a stopped
            // shard. Anything else would lose a wake-up: stop whole.
            let benign = matches!(
                err.raw_os_error(),
                Some(libc::EAGAIN) | Some(libc::EPIPE) | Some(libc::ECONNRESET)
            );
            assert!(
                benign,
                "invariant: ringing shard {to}'s doorbell failed: {err}"
            );
        }
    }

    /// Rings every shard (shutdown, or any other process-wide event shards re-check).
    pub fn ring_all(&self) {
        for to in 0..self.shards {
            self.ring(to);
        }
    }

    pub fn is_closed(&self, shard: usize) -> bool {
        self.doorbells[shard].closed.load(Ordering::Acquire)
    }

    /// Marks `shard` stopped: later sends to it fail and every shard is rung, so senders
    /// parked on a full queue to it see the close. Messages still queued to it are dropped
    /// (their askers are stopping too). Idempotent; callable from any thread, also for a
    /// shard whose start failed.
    pub fn close(&self, shard: usize) {
        self.doorbells[shard].closed.store(true, Ordering::Release);
        for from in (0..self.shards).filter(|&s| s != shard) {
            while self.queue(from, shard).items.pop().is_some() {}
        }
        self.ring_all();
    }
}

/// One shard's end of the links: `!Send`, lives in the shard.
pub struct LocalLinks<T> {
    links: Arc<Links<T>>,
    me: usize,
    /// Notified by the doorbell task on every ring: queue waiters re-check.
    bell: Notify,
}

/// Why a send failed: the receiving shard stopped. The message comes back.
pub struct Stopped<T>(pub T);

impl<T: Send + 'static> LocalLinks<T> {
    /// Takes shard `me`'s doorbell and starts its doorbell task. Call once, on shard `me`.
    pub fn start(links: Arc<Links<T>>, me: usize) -> std::rc::Rc<LocalLinks<T>> {
        let listen = links.doorbells[me]
            .listen
            .lock()
            .expect("doorbell table poisoned")
            .take()
            .expect("a shard takes its doorbell once");
        let local = std::rc::Rc::new(LocalLinks {
            links,
            me,
            bell: Notify::default(),
        });
        let weak = std::rc::Rc::downgrade(&local);
        // SAFETY: `listen` is an owned, open socket; ownership moves into the glommio stream.
        let mut stream = unsafe { glommio::net::UnixStream::from_raw_fd(listen.into_raw_fd()) };
        glommio::spawn_local(async move {
            let mut buf = [0u8; 64];
            // Only this read is awaited: a pending socket op is polled again only when it
            // completes (glommio keeps a waker clone per poll).
            while let Ok(n) = stream.read(&mut buf).await {
                let Some(local) = weak.upgrade() else { return };
                if n == 0 {
                    return;
                }
                local.bell.notify_all();
            }
        })
        .detach();
        local
    }

    pub fn me(&self) -> usize {
        self.me
    }

    pub fn links(&self) -> &Arc<Links<T>> {
        &self.links
    }

    /// Sends `msg` to shard `to`, waiting while its queue is full. Messages from one shard to
    /// another arrive in the order sent. Fails only when `to` has stopped.
    pub async fn send(&self, to: usize, mut msg: T) -> Result<(), Stopped<T>> {
        let queue = self.links.queue(self.me, to);
        loop {
            if self.links.is_closed(to) {
                return Err(Stopped(msg));
            }
            match queue.items.push(msg) {
                Ok(()) => {
                    fence(Ordering::SeqCst);
                    if queue.rx_waiting.swap(false, Ordering::SeqCst) {
                        self.links.ring(to);
                    }
                    return Ok(());
                }
                Err(back) => {
                    msg = back;
                    let rung = self.bell.notified();
                    queue.tx_waiting.store(true, Ordering::SeqCst);
                    fence(Ordering::SeqCst);
                    if !queue.items.is_full() || self.links.is_closed(to) {
                        continue;
                    }
                    rung.await;
                }
            }
        }
    }

    /// The next message from shard `from`, in the order it sent them; `None` once this shard
    /// is closing (see [`LocalLinks::close`]).
    pub async fn recv(&self, from: usize) -> Option<T> {
        let queue = self.links.queue(from, self.me);
        loop {
            if let Some(msg) = queue.items.pop() {
                fence(Ordering::SeqCst);
                if queue.tx_waiting.swap(false, Ordering::SeqCst) {
                    self.links.ring(from);
                }
                return Some(msg);
            }
            if self.links.is_closed(self.me) {
                return None;
            }
            let rung = self.bell.notified();
            queue.rx_waiting.store(true, Ordering::SeqCst);
            fence(Ordering::SeqCst);
            if !queue.items.is_empty() {
                continue;
            }
            rung.await;
        }
    }

    /// Resolves at the next ring of this shard's doorbell after this call (any cross-shard
    /// event).
    pub fn rung(&self) -> crate::notify::Notified<'_> {
        self.bell.notified()
    }

    /// Marks this shard stopped: later sends to it fail, its receivers end, and every shard is
    /// rung so senders parked on a full queue to it see the close. Messages still queued to
    /// it are dropped (their askers time out or are themselves stopping).
    pub fn close(&self) {
        self.links.close(self.me);
        self.bell.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two shards ping-pong `rounds` messages through queues of capacity 1, so every send
    /// meets a full queue and every receive an empty one: each step depends on a wake-up.
    fn ping_pong(rounds: u64, capacity: usize) {
        let links = Links::<u64>::new(2, capacity).unwrap();
        let spawn = |me: usize| {
            let links = links.clone();
            glommio::LocalExecutorBuilder::new(glommio::Placement::Unbound)
                .spawn(move || async move {
                    let local = LocalLinks::start(links, me);
                    let peer = 1 - me;
                    let mut got = Vec::new();
                    for i in 0..rounds {
                        if me == 0 {
                            local.send(peer, i).await.ok().unwrap();
                            got.push(local.recv(peer).await.unwrap());
                        } else {
                            got.push(local.recv(peer).await.unwrap());
                            local.send(peer, i).await.ok().unwrap();
                        }
                    }
                    got
                })
                .unwrap()
        };
        let (a, b) = (spawn(0), spawn(1));
        let (a, b) = (a.join().unwrap(), b.join().unwrap());
        let expected: Vec<u64> = (0..rounds).collect();
        assert_eq!(a, expected);
        assert_eq!(b, expected);
    }

    #[test]
    fn ping_pong_never_loses_a_wake_up() {
        ping_pong(20_000, 1);
    }

    /// A flood through a small queue arrives complete and in order (the sender parks on a
    /// full queue again and again).
    #[test]
    fn a_flood_arrives_in_order() {
        let n = 200_000u64;
        let links = Links::<u64>::new(2, 8).unwrap();
        let l0 = links.clone();
        let tx = glommio::LocalExecutorBuilder::new(glommio::Placement::Unbound)
            .spawn(move || async move {
                let local = LocalLinks::start(l0, 0);
                for i in 0..n {
                    local.send(1, i).await.ok().unwrap();
                }
            })
            .unwrap();
        let rx = glommio::LocalExecutorBuilder::new(glommio::Placement::Unbound)
            .spawn(move || async move {
                let local = LocalLinks::start(links, 1);
                for i in 0..n {
                    assert_eq!(local.recv(0).await, Some(i));
                }
            })
            .unwrap();
        tx.join().unwrap();
        rx.join().unwrap();
    }

    /// A sender parked on a full queue to a shard that stops gets its message back.
    #[test]
    fn a_send_to_a_stopped_shard_fails() {
        let links = Links::<u64>::new(2, 1).unwrap();
        let l0 = links.clone();
        let rx = glommio::LocalExecutorBuilder::new(glommio::Placement::Unbound)
            .spawn(move || async move {
                let local = LocalLinks::start(l0, 1);
                assert_eq!(local.recv(0).await, Some(7));
                local.close();
                assert_eq!(local.recv(0).await, None);
            })
            .unwrap();
        let tx = glommio::LocalExecutorBuilder::new(glommio::Placement::Unbound)
            .spawn(move || async move {
                let local = LocalLinks::start(links, 0);
                local.send(1, 7).await.ok().unwrap();
                let mut stopped = false;
                for i in 0..3 {
                    if local.send(1, i).await.is_err() {
                        stopped = true;
                        break;
                    }
                }
                assert!(stopped, "a send to a stopped shard must fail");
            })
            .unwrap();
        tx.join().unwrap();
        rx.join().unwrap();
    }
}

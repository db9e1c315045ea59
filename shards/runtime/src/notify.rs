//! A shard-local "something changed" signal: tasks wait for the next `notify_all`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
pub struct Notify {
    generation: Cell<u64>,
    /// Registered waiters by id; a `Notified` removes its own entry when dropped, so waiters
    /// that give up (a connection that closed) leave nothing behind.
    waiters: RefCell<HashMap<u64, Waker>>,
    next_id: Cell<u64>,
}

impl Notify {
    pub fn notify_all(&self) {
        self.generation.set(self.generation.get() + 1);
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        for (_, waker) in waiters {
            waker.wake();
        }
    }

    /// Resolves at the first `notify_all` after this call.
    pub fn notified(&self) -> Notified<'_> {
        Notified {
            notify: self,
            generation: self.generation.get(),
            id: None,
        }
    }

    #[cfg(test)]
    fn waiting(&self) -> usize {
        self.waiters.borrow().len()
    }
}

/// A shard-local one-shot event: `fire` once (later calls do nothing), `wait` resolves from
/// then on. Shared by `Rc`.
#[derive(Default)]
pub struct Signal {
    fired: Cell<bool>,
    notify: Notify,
}

impl Signal {
    pub fn fired() -> Signal {
        let signal = Signal::default();
        signal.fired.set(true);
        signal
    }

    pub fn fire(&self) {
        if !self.fired.replace(true) {
            self.notify.notify_all();
        }
    }

    pub fn is_fired(&self) -> bool {
        self.fired.get()
    }

    pub async fn wait(&self) {
        while !self.fired.get() {
            self.notify.notified().await;
        }
    }
}

/// Fires its signal when dropped (a task that ends early, or panics, still releases whoever
/// waits for it).
pub struct FireOnDrop(pub std::rc::Rc<Signal>);

impl Drop for FireOnDrop {
    fn drop(&mut self) {
        self.0.fire();
    }
}

pub struct Notified<'a> {
    notify: &'a Notify,
    generation: u64,
    id: Option<u64>,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.notify.generation.get() != self.generation {
            return Poll::Ready(());
        }
        let id = match self.id {
            Some(id) => id,
            None => {
                let id = self.notify.next_id.get();
                self.notify.next_id.set(id + 1);
                self.id = Some(id);
                id
            }
        };
        let mut waiters = self.notify.waiters.borrow_mut();
        match waiters.get_mut(&id) {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            Some(waker) => *waker = cx.waker().clone(),
            None => {
                waiters.insert(id, cx.waker().clone());
            }
        }
        Poll::Pending
    }
}

impl Drop for Notified<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.notify.waiters.borrow_mut().remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    #[test]
    fn wakes_only_after_the_next_notification() {
        let notify = Notify::default();
        let mut waiting = Box::pin(notify.notified());
        assert!(waiting.as_mut().now_or_never().is_none());
        notify.notify_all();
        assert!(waiting.as_mut().now_or_never().is_some());
        // A waiter created after a notification waits for the next one.
        let mut later = Box::pin(notify.notified());
        assert!(later.as_mut().now_or_never().is_none());
    }

    #[test]
    fn a_dropped_waiter_leaves_nothing_behind() {
        let notify = Notify::default();
        for _ in 0..100 {
            let mut waiting = Box::pin(notify.notified());
            assert!(waiting.as_mut().now_or_never().is_none());
        }
        assert_eq!(notify.waiting(), 0);
    }
}

#[cfg(test)]
mod glommio_tests {
    use super::*;

    #[test]
    fn a_task_polling_again_registers_its_waker_once() {
        glommio::LocalExecutorBuilder::default()
            .spawn(|| async {
                let notify = std::rc::Rc::new(Notify::default());
                let n = notify.clone();
                let task = glommio::spawn_local(async move {
                    for _ in 0..1000 {
                        let wait = n.notified();
                        let timer = glommio::timer::sleep(std::time::Duration::from_micros(10));
                        futures::pin_mut!(wait, timer);
                        futures::future::select(wait, timer).await;
                    }
                });
                task.await;
                assert!(
                    notify.waiting() <= 1,
                    "{} waker clones held for one task",
                    notify.waiting()
                );
            })
            .unwrap()
            .join()
            .unwrap();
    }
}

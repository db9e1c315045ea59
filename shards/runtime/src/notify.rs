//! A shard-local "something changed" signal: tasks wait for the next `notify_all`.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
pub struct Notify {
    generation: Cell<u64>,
    waiters: RefCell<Vec<Waker>>,
}

impl Notify {
    pub fn notify_all(&self) {
        self.generation.set(self.generation.get() + 1);
        for waker in self.waiters.borrow_mut().drain(..) {
            waker.wake();
        }
    }

    /// Resolves at the first `notify_all` after this call.
    pub fn notified(&self) -> Notified<'_> {
        Notified {
            notify: self,
            generation: self.generation.get(),
        }
    }
}

pub struct Notified<'a> {
    notify: &'a Notify,
    generation: u64,
}

impl Future for Notified<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.notify.generation.get() != self.generation {
            return Poll::Ready(());
        }
        let mut waiters = self.notify.waiters.borrow_mut();
        if !waiters.iter().any(|w| w.will_wake(cx.waker())) {
            waiters.push(cx.waker().clone());
        }
        Poll::Pending
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
                    notify.waiters.borrow().len() <= 1,
                    "{} waker clones held for one task",
                    notify.waiters.borrow().len()
                );
            })
            .unwrap()
            .join()
            .unwrap();
    }
}

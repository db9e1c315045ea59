//! A shard-local notification: futures created before `notify_all` resolve after it.
//! Single-threaded (Rc/Cell), so no wake-up can slip between a check and the wait.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Inner {
    generation: Cell<u64>,
    wakers: RefCell<Vec<Waker>>,
}

#[derive(Clone, Default)]
pub(crate) struct Notify {
    inner: Rc<Inner>,
}

impl Notify {
    /// A future resolving at the next `notify_all` after this call. `'static`: it holds an Rc.
    pub(crate) fn notified(&self) -> Notified {
        Notified {
            inner: self.inner.clone(),
            generation: self.inner.generation.get(),
        }
    }

    pub(crate) fn notify_all(&self) {
        self.inner
            .generation
            .set(self.inner.generation.get().wrapping_add(1));
        let wakers = std::mem::take(&mut *self.inner.wakers.borrow_mut());
        for waker in wakers {
            waker.wake();
        }
    }
}

pub(crate) struct Notified {
    inner: Rc<Inner>,
    generation: u64,
}

impl Future for Notified {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.inner.generation.get() != self.generation {
            return Poll::Ready(());
        }
        let mut wakers = self.inner.wakers.borrow_mut();
        if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
            wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

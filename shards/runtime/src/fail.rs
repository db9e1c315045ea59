//! Fail whole, never half: which panics stop the process and which only end one request.
//!
//! The broker installs a panic hook ([`on_panic`]) that stops the whole process with one log
//! line for every panic, except a panic inside a *request scope* ([`isolate`]): the code that
//! handles one client request (a handler on the connection's shard, or the partition ops it
//! sent to another shard). Such a panic ends that request (its connection is closed) and the
//! shard serves on. A broken invariant ([`INVARIANT_PREFIX`]) stops the process even inside a
//! request scope: the state it guards is shared by every request.
//!
//! Why a hook and not `catch_unwind` at the top of each shard: glommio unwinds a panicking task
//! out of its executor, ending that shard's thread while the others run on (a process that is
//! up but has no controller, or no owner for some partitions). A detached task (group commit,
//! timers, flushes, retention) has nobody to catch it.

use futures::FutureExt;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Panic messages of broken invariants start with this (or contain "invariant broken", as
/// the storage crate's do); they are never isolated.
pub const INVARIANT_PREFIX: &str = "invariant";

/// The exit status of a process stopped by a panic (sysexits' EX_SOFTWARE).
pub const PANIC_EXIT_STATUS: i32 = 70;

thread_local! {
    static REQUEST_SCOPE_DEPTH: Cell<u32> = const { Cell::new(0) };
    static LAST_ISOLATED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The request scope, entered while alive (nests; left on drop, also while unwinding).
struct RequestScope;

impl RequestScope {
    fn enter() -> RequestScope {
        REQUEST_SCOPE_DEPTH.with(|d| d.set(d.get() + 1));
        RequestScope
    }
}

impl Drop for RequestScope {
    fn drop(&mut self) {
        REQUEST_SCOPE_DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Polls `inner` with the request scope set, so a panic inside it is isolated.
struct Scoped<F>(Pin<Box<F>>);

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _scope = RequestScope::enter();
        self.0.as_mut().poll(cx)
    }
}

/// Runs one request's work: a panic in it (other than a broken invariant) comes back as
/// `Err(description)` instead of stopping the process.
pub async fn isolate<F: Future>(work: F) -> Result<F::Output, String> {
    AssertUnwindSafe(Scoped(Box::pin(work)))
        .catch_unwind()
        .await
        .map_err(|_| {
            LAST_ISOLATED
                .with(|l| l.borrow_mut().take())
                .unwrap_or_else(|| "panicked".to_string())
        })
}

/// Runs `work` (synchronous: e.g. decoding a request, whose decoder catches its own panics)
/// inside a request scope, so the hook leaves a panic in it to the caller's `catch_unwind`.
pub fn in_request_scope<R>(work: impl FnOnce() -> R) -> R {
    let _scope = RequestScope::enter();
    work()
}

/// What the process does with a panic: `true` if it is isolated to its request (the hook
/// remembers its description for [`isolate`] and returns), `false` if the process must stop.
pub fn on_panic(message: &str, location: &str) -> bool {
    let in_request = REQUEST_SCOPE_DEPTH.with(|d| d.get() > 0);
    let isolated = in_request && !is_invariant(message);
    if isolated {
        LAST_ISOLATED
            .with(|l| *l.borrow_mut() = Some(format!("panicked at {location}: {message}")));
    }
    isolated
}

/// A broken invariant: a message starting `invariant`, or naming one (`storage invariant
/// broken: ...`).
fn is_invariant(message: &str) -> bool {
    message.starts_with(INVARIANT_PREFIX) || message.contains("invariant broken")
}

/// The text of a panic payload.
pub fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(non-text panic payload)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_outside_a_request_is_not_isolated() {
        assert!(!on_panic("boom", "here"));
    }

    #[test]
    fn a_request_panic_is_isolated_but_a_broken_invariant_is_not() {
        let inside = futures::executor::block_on(isolate(async {
            (
                on_panic("bad input", "a.rs:1"),
                on_panic("invariant: offsets contiguous", "b.rs:2"),
                on_panic("storage invariant broken: partition t-0: x", "c.rs:3"),
            )
        }));
        assert_eq!(inside, Ok((true, false, false)));
        assert!(!on_panic("after the scope", "c.rs:3"));
    }

    #[test]
    fn isolate_turns_a_panic_into_its_description() {
        // The default hook would print; the broker's hook calls `on_panic` first.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| {
            let message = payload_text(info.payload()).to_string();
            let location = info.location().map(|l| l.to_string()).unwrap_or_default();
            on_panic(&message, &location);
        }));
        let result = futures::executor::block_on(isolate(async { panic!("hostile bytes") }));
        std::panic::set_hook(previous);
        let err = result.unwrap_err();
        assert!(err.contains("hostile bytes"), "{err}");
    }
}

//! A global allocator for tests that no allocation is sized by a length the input claims: it
//! records the largest single allocation made on the current thread, and refuses anything over
//! `REFUSED_BYTES`, so a regression aborts the test binary with "memory allocation of N bytes
//! failed" instead of depending on the machine's overcommit.
//!
//! Included by path (`#[path]`) by the tests of every crate that decodes untrusted lengths
//! (protocol, group, metadata); each test binary gets its own allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Allocations above this fail (the process aborts): far above what decoding a few KiB needs,
/// far below what a claimed length asks for.
const REFUSED_BYTES: usize = 256 << 20;

struct Tracking;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    // `try_with`: the thread-local may already be gone while a thread exits.
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
}

// SAFETY: forwards every call to the system allocator unchanged, except that blocks over
// REFUSED_BYTES are refused with null, which callers must handle anyway.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        if layout.size() > REFUSED_BYTES {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        if layout.size() > REFUSED_BYTES {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        if new_size > REFUSED_BYTES {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// Runs `f` and returns the largest single allocation it made on this thread.
pub fn largest_allocation(f: impl FnOnce()) -> usize {
    LARGEST.with(|l| l.set(0));
    f();
    LARGEST.with(Cell::get)
}

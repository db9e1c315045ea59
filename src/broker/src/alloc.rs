//! The global allocator: the system allocator, except that allocations of 1 GiB or more are
//! lazily committed anonymous mappings (`MAP_NORESERVE`).
//!
//! Why: a decoder that trusts a claimed array length calls `Vec::with_capacity(n)` before it
//! finds the bytes missing (the CVE-2022-34917 pattern). With the system allocator a huge
//! claim aborts the process; here it only reserves address space, the decode fails on the
//! missing bytes, and the mapping is released untouched. Real allocations never reach this
//! size: requests are bounded by `socket.request.max.bytes`.

use std::alloc::{GlobalAlloc, Layout, System};

const LAZY_THRESHOLD_BYTES: usize = 1 << 30;

pub struct LazyHugeAlloc;

fn is_lazy(layout: &Layout) -> bool {
    // mmap gives page alignment; larger alignments go to the system allocator.
    layout.size() >= LAZY_THRESHOLD_BYTES && layout.align() <= 4096
}

// SAFETY: every block is returned by the same allocator that made it, decided by the same
// pure function of its layout (`is_lazy`), which `realloc` respects.
unsafe impl GlobalAlloc for LazyHugeAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !is_lazy(&layout) {
            // SAFETY: forwarded with the caller's guarantees.
            return unsafe { System.alloc(layout) };
        }
        // SAFETY: anonymous private mapping, no fd; failure is reported as null.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                layout.size(),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            std::ptr::null_mut()
        } else {
            p as *mut u8
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_lazy(&layout) {
            // SAFETY: forwarded; anonymous mappings are zero-filled, so nothing is touched.
            unsafe { self.alloc(layout) }
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_lazy(&layout) {
            // SAFETY: ptr/size are exactly those of an mmap made in `alloc`.
            unsafe { libc::munmap(ptr as *mut libc::c_void, layout.size()) };
        } else {
            // SAFETY: forwarded with the caller's guarantees.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `layout.align()` is valid and new_size is nonzero.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if !is_lazy(&layout) && !is_lazy(&new_layout) {
            // SAFETY: both sides system-allocated.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: standard alloc-copy-free with the sizes of both blocks.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_huge_claimed_capacity_does_not_abort() {
        // 2^31 elements of 64 bytes: 128 GiB of address space, never touched.
        let v: Vec<[u8; 64]> = Vec::with_capacity(i32::MAX as usize);
        assert!(v.capacity() >= i32::MAX as usize);
    }
}

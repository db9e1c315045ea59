//! Rejection log lines, rate-limited per shard so a flood of bad connections cannot fill the
//! disk: at most `LINES_PER_SECOND_MAX` lines a second, then one line saying how many were
//! suppressed. Every rejection is still counted, in total (`Counters::rejected_requests`) and
//! here by reason ([`RejectLog::counts`], logged when the shard stops serving).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::Instant;

/// Enough to see what is happening during an incident; small enough that a flood of
/// hostile connections writes at most a few KiB of log a second per shard.
pub const LINES_PER_SECOND_MAX: u32 = 20;

pub struct RejectLog {
    window_start: Cell<Instant>,
    lines: Cell<u32>,
    suppressed: Cell<u64>,
    /// Rejections by (what, kind): a handful of static labels, so the map stays tiny.
    counts: RefCell<BTreeMap<(&'static str, &'static str), u64>>,
}

impl Default for RejectLog {
    fn default() -> Self {
        RejectLog {
            window_start: Cell::new(Instant::now()),
            lines: Cell::new(0),
            suppressed: Cell::new(0),
            counts: RefCell::new(BTreeMap::new()),
        }
    }
}

/// One rejection: what was refused (`connection`, `frame`, `request`), a short static label
/// for the reason (the counter key) and the detail for the log line.
#[derive(Debug)]
pub struct Rejection {
    pub what: &'static str,
    pub kind: &'static str,
    pub detail: String,
}

impl Rejection {
    pub fn new(what: &'static str, kind: &'static str, detail: impl Into<String>) -> Self {
        Rejection {
            what,
            kind,
            detail: detail.into(),
        }
    }
}

impl RejectLog {
    /// Counts a rejection and logs one structured line (peer, what, kind, detail) unless this
    /// second's line budget is spent.
    pub fn record(&self, peer: &str, rejection: &Rejection) {
        *self
            .counts
            .borrow_mut()
            .entry((rejection.what, rejection.kind))
            .or_insert(0) += 1;
        self.log(peer, rejection);
    }

    /// Rejections so far by (what, kind).
    pub fn counts(&self) -> BTreeMap<(&'static str, &'static str), u64> {
        self.counts.borrow().clone()
    }

    fn log(&self, peer: &str, rejection: &Rejection) {
        if self.window_start.get().elapsed().as_secs() >= 1 {
            let suppressed = self.suppressed.replace(0);
            if suppressed > 0 {
                tracing::warn!(
                    suppressed,
                    "rejection log lines suppressed in the last second"
                );
            }
            self.window_start.set(Instant::now());
            self.lines.set(0);
        }
        if self.lines.get() < LINES_PER_SECOND_MAX {
            self.lines.set(self.lines.get() + 1);
            let Rejection { what, kind, detail } = rejection;
            tracing::warn!(%peer, what, kind, reason = %detail, "rejected");
        } else {
            self.suppressed.set(self.suppressed.get() + 1);
        }
    }

    pub fn suppressed(&self) -> u64 {
        self.suppressed.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floods_are_suppressed_and_counted() {
        let log = RejectLog::default();
        for _ in 0..(LINES_PER_SECOND_MAX + 30) {
            log.record(
                "127.0.0.1:1",
                &Rejection::new("connection", "test", "flood"),
            );
        }
        log.record("127.0.0.1:1", &Rejection::new("frame", "size", "too big"));
        assert_eq!(log.suppressed(), 31);
        let counts = log.counts();
        assert_eq!(
            counts[&("connection", "test")],
            u64::from(LINES_PER_SECOND_MAX) + 30
        );
        assert_eq!(counts[&("frame", "size")], 1);
    }
}

//! Rejection log lines, rate-limited per shard so a flood of bad connections cannot fill the
//! disk: at most `LINES_PER_SECOND_MAX` lines a second, then one line saying how many were
//! suppressed. Every rejection is still counted (`Counters::rejected_requests`).

use std::cell::Cell;
use std::time::Instant;

/// Enough to see what is happening during an incident; small enough that a flood of
/// hostile connections writes at most a few KiB of log a second per shard.
pub const LINES_PER_SECOND_MAX: u32 = 20;

pub struct RejectLog {
    window_start: Cell<Instant>,
    lines: Cell<u32>,
    suppressed: Cell<u64>,
}

impl Default for RejectLog {
    fn default() -> Self {
        RejectLog {
            window_start: Cell::new(Instant::now()),
            lines: Cell::new(0),
            suppressed: Cell::new(0),
        }
    }
}

impl RejectLog {
    /// Logs one rejection (peer, what, why) unless this second's budget is spent.
    pub fn reject(&self, peer: &str, what: &str, reason: &str) {
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
            tracing::warn!(%peer, what, %reason, "rejected");
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
            log.reject("127.0.0.1:1", "connection", "test");
        }
        assert_eq!(log.suppressed(), 30);
    }
}

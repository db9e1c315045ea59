//! Deterministic record filler: text-like words drawn by a fixed-seed generator, so every run
//! and every broker sees the same bytes and compression ratios are comparable (roughly what
//! JSON-ish log lines give, not the 100× of a repeated byte nor the 1× of random data).

/// Bytes of the shared pattern records take windows of. Reason: large enough that
/// neighbouring records differ, small enough to stay in L2.
const PATTERN_BYTES_MIN: usize = 64 * 1024;
/// Distance between the windows of consecutive records; odd so windows do not realign.
const WINDOW_STEP_BYTES: usize = 61;
const SEED: u64 = 0x5_1ce_bead_2026;
const WORDS: [&str; 32] = [
    "sluice",
    "kafka",
    "broker",
    "partition",
    "offset",
    "leader",
    "epoch",
    "record",
    "batch",
    "segment",
    "index",
    "fetch",
    "produce",
    "consumer",
    "group",
    "topic",
    "\"ts\":",
    "\"id\":",
    "{",
    "}",
    "0",
    "17",
    "2026",
    "-",
    "true",
    "false",
    "null",
    "ok",
    "error",
    "latency",
    "ms",
    "\"value\":",
];

/// The filler for records of `filler_bytes` bytes after their send time.
#[derive(Clone, Debug)]
pub struct Filler {
    pattern: Vec<u8>,
    filler_bytes: usize,
}

impl Filler {
    pub fn new(filler_bytes: usize) -> Filler {
        let pattern_bytes = PATTERN_BYTES_MIN.max(filler_bytes * 2);
        let mut pattern = Vec::with_capacity(pattern_bytes + 16);
        let mut state = SEED;
        while pattern.len() < pattern_bytes {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            pattern.extend_from_slice(WORDS[(state % WORDS.len() as u64) as usize].as_bytes());
            pattern.push(b' ');
        }
        pattern.truncate(pattern_bytes);
        Filler {
            pattern,
            filler_bytes,
        }
    }

    /// The filler of the `sequence`-th record: a window of the pattern.
    pub fn for_record(&self, sequence: u64) -> &[u8] {
        let starts = self.pattern.len() - self.filler_bytes + 1;
        let start = (sequence as usize).wrapping_mul(WINDOW_STEP_BYTES) % starts;
        &self.pattern[start..start + self.filler_bytes]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_is_deterministic_and_sized() {
        for bytes in [0usize, 92, 1016, 200_000] {
            let a = Filler::new(bytes);
            let b = Filler::new(bytes);
            for sequence in [0u64, 1, 7, 1_000_003] {
                assert_eq!(a.for_record(sequence), b.for_record(sequence));
                assert_eq!(a.for_record(sequence).len(), bytes);
            }
        }
        let filler = Filler::new(1016);
        assert_ne!(filler.for_record(0), filler.for_record(1));
    }
}

//! Deterministic record filler: text-like words drawn by a fixed-seed generator, so every run
//! and every broker sees the same bytes and compression ratios are comparable (roughly what
//! JSON-ish log lines give, not the 100× of a repeated byte nor the 1× of random data).

/// Bytes of the shared pattern records take windows of. Reason: larger than any batch, so a
/// compressor sees fresh text within one batch rather than repeats of earlier records.
const PATTERN_BYTES_MIN: usize = 4 * 1024 * 1024;
/// Extra shift between consecutive windows (beyond the filler length), so windows do not
/// realign on the pattern's start each lap.
const WINDOW_SKEW_BYTES: usize = 61;
/// Numbers in the pattern are below this (up to six digits).
const NUMBER_MAX: u64 = 1_000_000;
const SEED: u64 = 0x51ce_bead_2026;
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
            // Half words, half numbers: compresses about like JSON log lines.
            if state & 1 == 0 {
                let word = WORDS[((state >> 1) % WORDS.len() as u64) as usize];
                pattern.extend_from_slice(word.as_bytes());
            } else {
                let number = (state >> 8) % NUMBER_MAX;
                pattern.extend_from_slice(number.to_string().as_bytes());
            }
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
        let step = self.filler_bytes + WINDOW_SKEW_BYTES;
        let start = (sequence as usize).wrapping_mul(step) % starts;
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

    #[test]
    fn filler_compresses_like_text_not_like_a_constant() {
        let filler = Filler::new(1016);
        let mut raw = Vec::new();
        for sequence in 0..256 {
            raw.extend_from_slice(filler.for_record(sequence));
        }
        let packed = crate::compression::Compression::Gzip
            .compress(&raw)
            .unwrap();
        let ratio = raw.len() as f64 / packed.len() as f64;
        eprintln!("gzip ratio {ratio:.2}");
        assert!((1.5..6.0).contains(&ratio), "gzip ratio {ratio}");
    }
}

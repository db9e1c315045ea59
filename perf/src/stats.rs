//! Time, the measured window, latency histograms and the report (JSON line, CSV curve).

use hdrhistogram::Histogram;
use std::fmt::Write as _;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Highest latency the histograms hold, in microseconds. Reason: a record stuck for over
/// ten minutes is a failure, not a latency; larger values are clamped to it.
const LATENCY_US_MAX: u64 = 600_000_000;
/// Significant figures of the histograms (0.1% resolution).
const SIGNIFICANT_FIGURES: u8 = 3;

/// A monotonic clock that reads as nanoseconds since the Unix epoch: the wall time at start
/// plus a monotonic elapsed time, so producer and consumer threads agree to the nanosecond.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    base: Instant,
    base_unix_ns: u64,
}

impl Clock {
    pub fn start() -> Clock {
        let base_unix_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Clock {
            base: Instant::now(),
            base_unix_ns,
        }
    }

    pub fn now_ns(&self) -> u64 {
        self.base_unix_ns + self.base.elapsed().as_nanos() as u64
    }

    /// The instant a clock reading corresponds to (for sleeping until it).
    pub fn instant_of(&self, unix_ns: u64) -> Instant {
        self.base + Duration::from_nanos(unix_ns.saturating_sub(self.base_unix_ns))
    }
}

/// The measured window: records *sent* in `[start_ns, end_ns)` count; warm-up ones do not.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub start_ns: u64,
    pub end_ns: u64,
}

impl Window {
    pub fn contains(&self, send_time_ns: u64) -> bool {
        (self.start_ns..self.end_ns).contains(&send_time_ns)
    }

    pub fn seconds(&self) -> f64 {
        (self.end_ns - self.start_ns) as f64 / 1e9
    }
}

pub fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, LATENCY_US_MAX, SIGNIFICANT_FIGURES)
        .expect("constant histogram bounds are valid")
}

/// Records a latency in nanoseconds (clamped into the histogram's range).
pub fn record_latency(histogram: &mut Histogram<u64>, latency_ns: u64) {
    histogram.saturating_record((latency_ns / 1_000).clamp(1, LATENCY_US_MAX));
}

/// What one producer or consumer thread measured.
#[derive(Clone, Debug)]
pub struct Tally {
    /// Records (and their value bytes) acknowledged — or written, with acks=0 — and sent
    /// within the window; for consumers, records consumed that were sent within the window.
    pub records: u64,
    pub value_bytes: u64,
    /// Records completed over the whole run, warm-up included.
    pub records_all: u64,
    pub latency: Histogram<u64>,
    pub errors: u64,
}

impl Tally {
    pub fn new() -> Tally {
        Tally {
            records: 0,
            value_bytes: 0,
            records_all: 0,
            latency: new_histogram(),
            errors: 0,
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.records += other.records;
        self.value_bytes += other.value_bytes;
        self.records_all += other.records_all;
        self.errors += other.errors;
        self.latency
            .add(&other.latency)
            .expect("histograms share bounds");
    }
}

impl Default for Tally {
    fn default() -> Self {
        Tally::new()
    }
}

/// The run's result, as printed.
#[derive(Debug)]
pub struct Report {
    pub window_s: f64,
    pub produced: Tally,
    pub consumed: Tally,
    /// Publish latency is not measured with acks=0.
    pub publish_measured: bool,
    /// End-to-end latency is not measured without consumers.
    pub e2e_measured: bool,
}

const PERCENTILES: [(&str, f64); 4] = [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p999", 99.9)];

impl Report {
    fn latency(&self, kind: &str) -> Option<&Histogram<u64>> {
        let (measured, tally) = match kind {
            "publish" => (self.publish_measured, &self.produced),
            _ => (self.e2e_measured, &self.consumed),
        };
        (measured && !tally.latency.is_empty()).then_some(&tally.latency)
    }

    /// The one-line JSON the runner reads; keys are fixed, null where not measured.
    pub fn to_json(&self) -> String {
        let produced = &self.produced;
        let mut fields: Vec<(String, Option<f64>)> = [
            ("records_sent", Some(produced.records as f64)),
            ("bytes_sent", Some(produced.value_bytes as f64)),
            ("records_consumed", Some(self.consumed.records as f64)),
            ("duration_s", Some(self.window_s)),
            (
                "throughput_mb_s",
                Some(produced.value_bytes as f64 / 1e6 / self.window_s),
            ),
            (
                "records_per_s",
                Some(produced.records as f64 / self.window_s),
            ),
            (
                "consumed_mb_s",
                Some(self.consumed.value_bytes as f64 / 1e6 / self.window_s),
            ),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect();
        for kind in ["publish", "e2e"] {
            fields.extend(latency_fields(kind, self.latency(kind)));
        }
        let errors = (produced.errors + self.consumed.errors) as f64;
        fields.push(("errors".to_string(), Some(errors)));
        json_line(&fields)
    }

    /// The human summary for stderr.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let produced = &self.produced;
        let _ = writeln!(
            out,
            "produced {} records, {:.1} MB in {:.1} s: {:.1} MB/s, {:.0} records/s",
            produced.records,
            produced.value_bytes as f64 / 1e6,
            self.window_s,
            produced.value_bytes as f64 / 1e6 / self.window_s,
            produced.records as f64 / self.window_s
        );
        let _ = writeln!(
            out,
            "consumed {} records: {:.1} MB/s",
            self.consumed.records,
            self.consumed.value_bytes as f64 / 1e6 / self.window_s
        );
        for kind in ["publish", "e2e"] {
            let _ = writeln!(
                out,
                "{kind:>7} latency ms:{}",
                latency_text(self.latency(kind))
            );
        }
        let _ = writeln!(out, "errors {}", produced.errors + self.consumed.errors);
        out
    }

    /// CSV `kind,percentile,ms` over log-spaced percentiles 0 .. 99.999.
    pub fn to_percentiles_csv(&self) -> String {
        let mut out = String::from("kind,percentile,ms\n");
        for kind in ["publish", "e2e"] {
            let Some(histogram) = self.latency(kind) else {
                continue;
            };
            for percentile in log_spaced_percentiles() {
                let ms = percentile_ms(histogram, percentile);
                let _ = writeln!(out, "{kind},{percentile},{ms}");
            }
        }
        out
    }
}

/// 0, then 100·(1 − 10^(−k/10)) for k = 1..=50: 20.6, 36.9, … 90, … 99, … 99.9, … 99.999.
pub fn log_spaced_percentiles() -> Vec<f64> {
    let mut percentiles = vec![0.0];
    for step in 1..=50 {
        let value = 100.0 * (1.0 - 10f64.powf(-f64::from(step) / 10.0));
        percentiles.push((value * 1e4).round() / 1e4);
    }
    percentiles
}

fn percentile_ms(histogram: &Histogram<u64>, percentile: f64) -> f64 {
    histogram.value_at_percentile(percentile) as f64 / 1e3
}

/// `{"key":value,...}` on one line; a value that is `None` or not finite is `null`.
pub fn json_line(fields: &[(String, Option<f64>)]) -> String {
    let mut out = String::from("{");
    for (key, value) in fields {
        push_field(&mut out, key, *value);
    }
    out.pop(); // the last comma (or the brace of an empty object, restored below)
    if out.is_empty() {
        out.push('{');
    }
    out.push('}');
    out
}

/// `{prefix}_p50_ms` … `{prefix}_p999_ms` and `{prefix}_max_ms`, null when not measured.
pub fn latency_fields(
    prefix: &str,
    histogram: Option<&Histogram<u64>>,
) -> Vec<(String, Option<f64>)> {
    let mut fields = Vec::new();
    for (name, percentile) in PERCENTILES {
        let value = histogram.map(|h| percentile_ms(h, percentile));
        fields.push((format!("{prefix}_{name}_ms"), value));
    }
    let max = histogram.map(|h| h.max() as f64 / 1e3);
    fields.push((format!("{prefix}_max_ms"), max));
    fields
}

/// ` p50 1.234 p90 … max 9.876` (ms), or ` not measured`.
pub fn latency_text(histogram: Option<&Histogram<u64>>) -> String {
    let Some(h) = histogram else {
        return " not measured".to_string();
    };
    let mut out = String::new();
    for (name, percentile) in PERCENTILES {
        let _ = write!(out, " {name} {:.3}", percentile_ms(h, percentile));
    }
    let _ = write!(out, " max {:.3}", h.max() as f64 / 1e3);
    out
}

fn push_field(out: &mut String, key: &str, value: Option<f64>) {
    match value.filter(|v| v.is_finite()) {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => {
            let _ = write!(out, "\"{key}\":{},", v as i64);
        }
        Some(v) => {
            let _ = write!(out, "\"{key}\":{v:.6},");
        }
        None => {
            let _ = write!(out, "\"{key}\":null,");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(publish: bool) -> Report {
        let mut produced = Tally::new();
        produced.records = 1000;
        produced.value_bytes = 1_024_000;
        for ns in [1_000_000u64, 2_000_000, 3_000_000] {
            record_latency(&mut produced.latency, ns);
        }
        Report {
            window_s: 2.0,
            produced,
            consumed: Tally::new(),
            publish_measured: publish,
            e2e_measured: false,
        }
    }

    #[test]
    fn json_has_exactly_the_agreed_keys() {
        let json = report(true).to_json();
        let keys: Vec<&str> = json
            .trim_matches(|c| c == '{' || c == '}')
            .split(',')
            .map(|pair| pair.split(':').next().unwrap().trim_matches('"'))
            .collect();
        assert_eq!(
            keys,
            [
                "records_sent",
                "bytes_sent",
                "records_consumed",
                "duration_s",
                "throughput_mb_s",
                "records_per_s",
                "consumed_mb_s",
                "publish_p50_ms",
                "publish_p90_ms",
                "publish_p99_ms",
                "publish_p999_ms",
                "publish_max_ms",
                "e2e_p50_ms",
                "e2e_p90_ms",
                "e2e_p99_ms",
                "e2e_p999_ms",
                "e2e_max_ms",
                "errors"
            ]
        );
        assert!(json.contains("\"throughput_mb_s\":0.512"), "{json}");
        assert!(json.contains("\"records_per_s\":500,"), "{json}");
        assert!(json.contains("\"publish_p50_ms\":2,"), "{json}");
        assert!(json.contains("\"e2e_p99_ms\":null"), "{json}");
        assert!(!json.contains('\n'));
    }

    #[test]
    fn acks_zero_reports_null_publish_latency() {
        let json = report(false).to_json();
        assert!(json.contains("\"publish_p99_ms\":null"), "{json}");
        assert!(report(false).to_percentiles_csv().lines().count() == 1);
    }

    #[test]
    fn percentiles_are_log_spaced_up_to_99_999() {
        let percentiles = log_spaced_percentiles();
        assert_eq!(percentiles[0], 0.0);
        assert_eq!(*percentiles.last().unwrap(), 99.999);
        assert!(percentiles.contains(&99.0) && percentiles.contains(&99.9));
        assert!(percentiles.windows(2).all(|w| w[0] < w[1]));
        let csv = report(true).to_percentiles_csv();
        assert!(csv.starts_with("kind,percentile,ms\npublish,0,"), "{csv}");
    }
}

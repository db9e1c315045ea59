//! Where a shard's time goes on the produce and fetch paths, by stage (issue 15, item 4): a
//! nanosecond counter per stage, added to where the work happens and read by the metrics
//! scrape (`sluice_stage_seconds_total`). `perf/run` and `perf/stage-profile` divide the
//! counters' growth over a run by the megabytes produced and fetched, so a regression shows
//! the stage it came from.
//!
//! A stage counts work on the shard's thread only: a synchronous section, or the polls of a
//! future (`polled`: not the time it waits), so its time is the thread's CPU unless the OS took
//! the core away meanwhile (or a system call in it blocked). The
//! fdatasync wait is not here: it is disk time, not CPU, and `files::fsync_latency` has it.
//! Thread-local is shard-local: a shard is one executor thread, so nothing is shared, and a
//! counter costs two clock reads per timed section (a few tens of nanoseconds, per batch or
//! per request, never per record).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// A stage of the produce or fetch path; its discriminant is its place in `STAGES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Stage {
    /// Reading a Produce request's frame from the socket: the kernel's copy out of the socket
    /// buffer, and the frame buffer's zeroing and growth.
    ProduceReceive,
    /// Parsing a Produce request frame into its batches.
    ProduceDecode,
    /// Checking each batch: header, CRC-32C, record count, sizes (`batch::validate_produce_batch`).
    ProduceValidate,
    /// Patching offsets and epoch and writing the batch to the segment (page cache).
    ProduceAppend,
    /// Accounting for a written batch: offset and time indexes, log end, producer state.
    ProduceIndex,
    /// Encoding the Produce response.
    ProduceResponse,
    /// Writing the Produce response to the socket.
    ProduceSend,
    /// Reading a Fetch request's frame from the socket.
    FetchReceive,
    /// Parsing a Fetch request frame.
    FetchDecode,
    /// Finding the file ranges a Fetch reads (offset index lookup, segment scan to the batch).
    FetchRead,
    /// Encoding the Fetch response around its file ranges.
    FetchResponse,
    /// Writing the Fetch response: its framing, and its record bytes with sendfile.
    FetchSend,
}

/// Every stage, in report order, with its path and name (the metric's labels).
pub const STAGES: [(Stage, &str, &str); 12] = [
    (Stage::ProduceReceive, "produce", "receive"),
    (Stage::ProduceDecode, "produce", "decode"),
    (Stage::ProduceValidate, "produce", "validate"),
    (Stage::ProduceAppend, "produce", "append"),
    (Stage::ProduceIndex, "produce", "index"),
    (Stage::ProduceResponse, "produce", "response"),
    (Stage::ProduceSend, "produce", "send"),
    (Stage::FetchReceive, "fetch", "receive"),
    (Stage::FetchDecode, "fetch", "decode"),
    (Stage::FetchRead, "fetch", "read"),
    (Stage::FetchResponse, "fetch", "response"),
    (Stage::FetchSend, "fetch", "send"),
];

thread_local! {
    static SPENT_NS: [Cell<u64>; STAGES.len()] = const { [const { Cell::new(0) }; STAGES.len()] };
}

fn slot(stage: Stage) -> usize {
    stage as usize
}

/// Counts `elapsed` against `stage` on the calling shard.
pub fn add(stage: Stage, elapsed: Duration) {
    let i = slot(stage);
    SPENT_NS.with(|spent| {
        let ns = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        spent[i].set(spent[i].get().saturating_add(ns));
    });
}

/// Runs `f`, counting its time against `stage`.
pub fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    add(stage, started.elapsed());
    out
}

/// Runs the future `f`, counting against `stage` (when there is one) only the time its polls
/// take (the shard's CPU for it), not the time it waits (a socket's send buffer, a timer).
pub fn polled<F: Future>(stage: Option<Stage>, f: F) -> Metered<F, Option<Stage>> {
    Metered { f, sink: stage }
}

/// Runs the future `f`, adding the time each of its polls takes to `spent` as it goes (the
/// shard's CPU for it, not its waits): for a long-lived future whose time is read while it
/// runs (a connection's reader and writer, charged to the request quota request by request).
/// `spent` is a `&Cell<Duration>` or, for a spawned task that owns it, an `Rc<Cell<Duration>>`.
pub fn metered<F: Future, S: PollSink>(spent: S, f: F) -> Metered<F, S> {
    Metered { f, sink: spent }
}

/// Where [`Metered`] puts the time of each poll.
pub trait PollSink {
    /// A poll starts at `at`.
    fn started(&self, _at: Instant) {}
    /// A poll took `time`.
    fn add(&self, time: Duration);
}

impl PollSink for &Cell<Duration> {
    fn add(&self, time: Duration) {
        self.set(self.get() + time);
    }
}

impl PollSink for std::rc::Rc<Cell<Duration>> {
    fn add(&self, time: Duration) {
        self.set(self.get() + time);
    }
}

impl PollSink for Option<Stage> {
    fn add(&self, time: Duration) {
        if let Some(stage) = *self {
            add(stage, time);
        }
    }
}

impl PollSink for &PollClock {
    fn started(&self, at: Instant) {
        self.poll_started.set(Some(at));
    }
    fn add(&self, time: Duration) {
        self.poll_started.set(None);
        self.spent.set(self.spent.get() + time);
    }
}

pin_project_lite::pin_project! {
    /// A future whose polls are timed into a [`PollSink`]. A struct rather than an `async fn`
    /// around `f`: an async wrapper moves `f` into its own state, and each such layer can hold
    /// it twice, which a connection's long-lived futures paid for in memory per connection.
    pub struct Metered<F, S> {
        #[pin]
        f: F,
        sink: S,
    }
}

impl<F: Future, S: PollSink> Future for Metered<F, S> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let started = Instant::now();
        this.sink.started(started);
        let out = this.f.poll(cx);
        this.sink.add(started.elapsed());
        out
    }
}

/// The time a future's polls have taken, readable from inside the future while it runs (the
/// current poll included): a request's charge to `request_percentage`, taken when its response
/// is made, before the handler is done; or after it ends, for work whose stage is known only
/// once it is done (a frame's API is in the frame).
#[derive(Default)]
pub struct PollClock {
    spent: Cell<Duration>,
    poll_started: Cell<Option<Instant>>,
}

impl PollClock {
    /// Runs `f`, timing its polls on this clock.
    pub fn run<F: Future>(&self, f: F) -> Metered<F, &PollClock> {
        Metered { f, sink: self }
    }

    /// The polls' time so far; from inside the future, the current poll's time until now too.
    pub fn so_far(&self) -> Duration {
        let current = self
            .poll_started
            .get()
            .map_or(Duration::ZERO, |started| started.elapsed());
        self.spent.get() + current
    }
}

/// The calling shard's totals, in nanoseconds, in `STAGES` order. For the metrics scrape.
pub fn spent_ns() -> [u64; STAGES.len()] {
    SPENT_NS.with(|spent| std::array::from_fn(|i| spent[i].get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_per_thread() {
        add(Stage::ProduceValidate, Duration::from_nanos(5));
        add(Stage::ProduceValidate, Duration::from_nanos(7));
        let out = timed(Stage::FetchRead, || 3);
        assert_eq!(out, 3);
        let spent = spent_ns();
        assert_eq!(spent[slot(Stage::ProduceValidate)], 12);
        assert_eq!(spent[slot(Stage::ProduceDecode)], 0);
        // Another thread (shard) has its own counters.
        let other = std::thread::spawn(spent_ns).join().unwrap();
        assert_eq!(other, [0; STAGES.len()]);
    }

    #[test]
    fn a_poll_clock_counts_the_polls_and_reads_the_current_one_from_inside() {
        let clock = PollClock::default();
        let mut pending_once = true;
        let mut seen_inside = Duration::ZERO;
        let work = std::future::poll_fn(|cx| {
            std::thread::sleep(Duration::from_millis(2));
            if std::mem::take(&mut pending_once) {
                cx.waker().wake_by_ref();
                return std::task::Poll::Pending;
            }
            seen_inside = clock.so_far();
            std::thread::sleep(Duration::from_millis(2));
            std::task::Poll::Ready(7)
        });
        assert_eq!(futures::executor::block_on(clock.run(work)), 7);
        // Inside the second poll: the first poll's 2 ms and this one's 2 ms so far.
        assert!(seen_inside >= Duration::from_millis(4), "{seen_inside:?}");
        assert!(clock.so_far() >= seen_inside + Duration::from_millis(2));
        // Outside a poll only the finished polls count; nothing runs on.
        let after = clock.so_far();
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(clock.so_far(), after);
    }

    #[test]
    fn every_stage_has_one_slot() {
        for (i, (stage, _, _)) in STAGES.iter().enumerate() {
            assert_eq!(slot(*stage), i);
        }
    }
}

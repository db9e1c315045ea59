//! Starts real `sluice` processes and runs real client processes against them.
//!
//! `Broker` owns one broker process on a free loopback port with a temporary data dir; its
//! stdout/stderr go to files in that dir and are printed when it fails to start. With
//! `SLUICE_TEST_AGAINST=kafka` the same tests run against Apache Kafka started from Maven
//! Central jars by `perf/kafka/start-kafka` (run `tests/setup` first): that is how the tests
//! themselves are checked against Kafka's behaviour.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tempfile::TempDir;

/// Limit: a debug-build broker is up in well under a second; 20 s means it is stuck.
const SLUICE_START_TIMEOUT: Duration = Duration::from_secs(20);
/// The line Sluice logs once every shard listens, naming the listeners with their real ports.
const SLUICE_STARTED: &str = "sluice started";
/// Limit: a JVM Kafka broker on 2 busy cores takes 5-15 s to accept connections.
const KAFKA_START_TIMEOUT: Duration = Duration::from_secs(90);
/// Limit: a clean shutdown flushes and closes files; 20 s means it hangs.
const STOP_TIMEOUT: Duration = Duration::from_secs(20);
/// Shards per broker in tests: two, so cross-shard routing is always exercised.
pub const TEST_SHARDS: &str = "2";

/// The repository root (the workspace), found from this crate's manifest dir.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Where `tests/setup` installs the clients.
pub fn deps_dir() -> PathBuf {
    repo_root().join("tests/.deps")
}

/// Panics with the standard message when a client `tests/setup` installs is missing.
pub fn require_installed(path: &Path, what: &str) {
    assert!(
        path.exists(),
        "{what} is not installed ({} is missing): run tests/setup",
        path.display()
    );
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(since.as_millis()).expect("ms fit in i64")
}

/// Waits until the wall clock, in ms as clients stamp records, is past `ms`; returns it then.
/// What is stamped after this returns is newer than `ms`.
pub fn clock_past(ms: i64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = now_ms();
        if now > ms {
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "the clock did not pass {ms} (now {now})"
        );
        thread::sleep(Duration::from_millis(1));
    }
}

/// A seed for anything random in a test: `SLUICE_TEST_SEED` or the clock. Printed, so a
/// failure can be replayed.
pub fn seed(test: &str) -> u64 {
    let seed = match std::env::var("SLUICE_TEST_SEED") {
        Ok(s) => s.parse().expect("SLUICE_TEST_SEED is a u64"),
        Err(_) => {
            let since = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("clock after 1970");
            since.as_nanos() as u64 % 1_000_000_007
        }
    };
    eprintln!("{test}: seed={seed} (replay with SLUICE_TEST_SEED={seed})");
    seed
}

/// A small seeded generator (xorshift): a test replays from its printed seed (never 0).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A topic name unique to this test and seed.
pub fn topic_name(test: &str, seed: u64) -> String {
    format!("{}-{seed}", test.replace('_', "-"))
}

/// A free port for Apache Kafka, which the harness starts with fixed ports. Sluice is started
/// on port 0 and reports the port it got (see `Broker::spawn`).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local addr").port()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Sluice,
    Kafka,
}

/// True when the tests run against Apache Kafka: Sluice-only behaviour (its own design
/// choices, not Kafka's) is not checked then.
pub fn against_kafka() -> bool {
    target() == Target::Kafka
}

fn target() -> Target {
    match std::env::var("SLUICE_TEST_AGAINST").as_deref() {
        Ok("kafka") => Target::Kafka,
        Ok("sluice") | Err(_) => Target::Sluice,
        Ok(other) => panic!("SLUICE_TEST_AGAINST={other}: expected sluice or kafka"),
    }
}

/// One broker process with its own port and data dir.
pub struct Broker {
    child: Option<Child>,
    /// Events of the thread copying the running process's stderr into `broker.stderr`.
    stderr_events: Option<mpsc::Receiver<StderrEvent>>,
    /// 0 until a Sluice broker reported the port it bound; a restart keeps it.
    port: u16,
    /// How long the last start took until the broker answered ApiVersions.
    started_in: Duration,
    /// Sluice's "sluice started" line, which names every listener with its bound port.
    started_line: String,
    controller_port: u16,
    /// Sluice's HTTP listener (metrics, health) as the last start reported it; 0 if none.
    http_port: u16,
    dir: TempDir,
    settings: Vec<(String, String)>,
    target: Target,
    /// RLIMIT_AS the process starts with (every start, restarts included), if any.
    address_space_max: Option<u64>,
}

impl Broker {
    /// Starts a broker with the test defaults.
    pub fn start() -> Broker {
        Broker::start_with(&[])
    }

    /// Starts a broker with extra `--set key=value` settings (Kafka key names).
    pub fn start_with(settings: &[(&str, &str)]) -> Broker {
        Broker::start_limited(settings, None)
    }

    /// A broker in a fresh temp dir on port 0 (Sluice reports the port it bound; Kafka gets
    /// free ports), started with `settings` and, for Sluice, the RLIMIT_AS `address_space_max`.
    fn start_limited(settings: &[(&str, &str)], address_space_max: Option<u64>) -> Broker {
        let dir = tempfile::Builder::new()
            .prefix("sluice-test-")
            .tempdir()
            .expect("create a temp dir");
        let target = target();
        let port = || {
            if target == Target::Kafka {
                free_port()
            } else {
                0
            }
        };
        let mut broker = Broker {
            child: None,
            stderr_events: None,
            port: port(),
            started_in: Duration::ZERO,
            started_line: String::new(),
            controller_port: port(),
            http_port: 0,
            dir,
            settings: settings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            target,
            address_space_max: address_space_max.filter(|_| target == Target::Sluice),
        };
        broker.spawn();
        broker
    }

    /// How long the last start took, from spawning the process to an ApiVersions answer.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// `host:port` to bootstrap clients from.
    pub fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `127.0.0.1:port` of the listener `name` (e.g. `SSL`) as the broker reported it bound:
    /// tests give every listener port 0.
    pub fn listener_address(&self, name: &str) -> String {
        let port = listener_port(&self.started_line, name).unwrap_or_else(|| {
            panic!(
                "no {name} listener in {:?}\n{}",
                self.started_line,
                self.logs()
            )
        });
        format!("127.0.0.1:{port}")
    }

    /// `host:port` of Sluice's HTTP listener (`/metrics`, `/health/*`), a free port per start.
    pub fn http_address(&self) -> String {
        assert_ne!(
            self.http_port,
            0,
            "no HTTP listener reported\n{}",
            self.logs()
        );
        format!("127.0.0.1:{}", self.http_port)
    }

    /// The broker's data dir (`log.dirs`).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// SIGKILL: a crash. The data dir is kept for `restart`. Returns once the killed process's
    /// listener is gone: the kernel tears its io_uring down after the process is reaped, and
    /// until then that listener (sharing the port through SO_REUSEPORT) would take connections
    /// meant for a restarted broker and reset them.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL the broker");
            child.wait().expect("reap the broker");
            self.stderr_copied();
            let deadline = Instant::now() + STOP_TIMEOUT;
            while listening(self.port) {
                assert!(
                    Instant::now() < deadline,
                    "port {} still listens {STOP_TIMEOUT:?} after the broker was killed",
                    self.port
                );
                thread::sleep(Duration::from_millis(10));
            }
        }
    }

    /// Starts the broker again on the same port and data dir (after `kill9` or `stop`).
    pub fn restart(&mut self) {
        assert!(
            self.child.is_none(),
            "restart() needs kill9() or stop() first"
        );
        self.spawn();
    }

    /// SIGTERM, then waits for a clean exit (status 0; Kafka's JVM reports 143 after its
    /// shutdown hooks ran). Returns how long the broker took to exit.
    pub fn stop(&mut self) -> Duration {
        let Some(mut child) = self.child.take() else {
            return Duration::ZERO;
        };
        let stopping = Instant::now();
        let pid = libc::pid_t::try_from(child.id()).expect("pid fits pid_t");
        // SAFETY: kill(2) on a pid we spawned and have not reaped yet.
        let rc = unsafe { libc::kill(pid, libc::SIGTERM) };
        assert_eq!(rc, 0, "SIGTERM the broker");
        let status = wait_timeout(&mut child, STOP_TIMEOUT);
        let Some(status) = status else {
            child.kill().ok();
            child.wait().ok();
            self.stderr_copied();
            panic!(
                "broker did not exit within {STOP_TIMEOUT:?} of SIGTERM\n{}",
                self.logs()
            );
        };
        self.stderr_copied();
        let clean =
            status.success() || (self.target == Target::Kafka && status.code() == Some(143));
        assert!(
            clean,
            "broker exited uncleanly after SIGTERM: {status}\n{}",
            self.logs()
        );
        stopping.elapsed()
    }

    /// Sends `signal` (e.g. `libc::SIGTERM`) to the running broker.
    pub fn signal(&mut self, signal: libc::c_int) {
        let child = self.child.as_ref().expect("the broker is running");
        let pid = libc::pid_t::try_from(child.id()).expect("pid fits pid_t");
        // SAFETY: kill(2) on a pid we spawned and have not reaped yet.
        let rc = unsafe { libc::kill(pid, signal) };
        assert_eq!(rc, 0, "signal {signal} to the broker");
    }

    /// Whether the broker process has exited (reaping it if so).
    pub fn has_exited(&mut self) -> bool {
        let child = self.child.as_mut().expect("the broker is running");
        let exited = child.try_wait().expect("poll the broker").is_some();
        if exited {
            self.stderr_copied();
        }
        exited
    }

    /// Waits up to `timeout` for the broker to exit by itself; its status, or None (then it
    /// is still running).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let child = self.child.as_mut().expect("the broker is running");
        let status = wait_timeout(child, timeout);
        if status.is_some() {
            self.child = None;
            self.stderr_copied();
        }
        status
    }

    /// Once the process is reaped: waits until its last stderr line is in `broker.stderr`
    /// (the copying thread reads the pipe to its end), so `logs()` shows what it wrote last.
    fn stderr_copied(&mut self) {
        let Some(events) = self.stderr_events.take() else {
            return;
        };
        if self.target == Target::Kafka {
            return; // the start script's JVM may outlive it, holding the pipe
        }
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match events.recv_timeout(left) {
                Ok(StderrEvent::Started(_)) => {}
                Ok(StderrEvent::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
                // A process it started may hold the pipe open: logs() shows what came so far.
                Err(mpsc::RecvTimeoutError::Timeout) => return,
            }
        }
    }

    /// Sends ApiVersions on `connections` fresh connections (SO_REUSEPORT spreads them over
    /// the shards) and returns the first failure: a shard that stopped accepting shows here.
    pub fn answers_on_fresh_connections(&self, connections: usize) -> std::io::Result<()> {
        let addr: SocketAddr = self.bootstrap().parse().expect("loopback address");
        (0..connections).try_for_each(|_| api_versions_answered(&addr))
    }

    /// Starts a broker whose address space is limited to `bytes` (RLIMIT_AS) from its first
    /// instruction, as on a host with `vm.overcommit_memory=2` or an RLIMIT_AS limit: start-up,
    /// and every request after it, must fit. Kafka (a JVM) is started without the limit.
    pub fn start_with_address_space_max(bytes: u64) -> Broker {
        Broker::start_limited(&[], Some(bytes))
    }

    /// The broker's captured stdout and stderr, for failure messages.
    pub fn logs(&self) -> String {
        let read =
            |name: &str| std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
        format!(
            "--- broker stdout ---\n{}\n--- broker stderr ---\n{}",
            tail(&read("broker.stdout"), 8000),
            tail(&read("broker.stderr"), 8000)
        )
    }

    fn log_file(&self, name: &str) -> File {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join(name))
            .expect("open a broker log file")
    }

    fn command(&self) -> Command {
        match self.target {
            Target::Sluice => {
                let bin = std::env::var_os("SLUICE_BIN")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| repo_root().join("target/debug/sluice"));
                assert!(
                    bin.exists(),
                    "{} not found: build it with `cargo build -p broker` (or set SLUICE_BIN)",
                    bin.display()
                );
                let mut cmd = Command::new(bin);
                // Relative paths in settings resolve inside the test's temp dir.
                cmd.current_dir(self.dir.path());
                cmd.arg("start");
                // Port 0 on the first start: the broker binds a free port and reports it.
                let defaults = [
                    ("listeners", format!("PLAINTEXT://127.0.0.1:{}", self.port)),
                    ("log.dirs", self.data_dir().display().to_string()),
                    ("num.shards", TEST_SHARDS.to_string()),
                    // A free port per broker: tests run many brokers at once.
                    ("http.listeners", "http://127.0.0.1:0".to_string()),
                ];
                for (k, v) in defaults
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .chain(self.settings.clone())
                {
                    cmd.arg("--set").arg(format!("{k}={v}"));
                }
                cmd
            }
            Target::Kafka => {
                let script = repo_root().join("perf/kafka/start-kafka");
                let mut cmd = Command::new(script);
                cmd.arg("--foreground")
                    .arg("--keep-data")
                    .args(["--port", &self.port.to_string()])
                    .args(["--controller-port", &self.controller_port.to_string()])
                    .args(["--data-dir", &self.data_dir().display().to_string()]);
                for (k, v) in &self.settings {
                    cmd.arg("--set").arg(format!("{k}={v}"));
                }
                cmd
            }
        }
    }

    fn spawn(&mut self) {
        let spawned = Instant::now();
        let mut cmd = self.command();
        if let Some(bytes) = self.address_space_max {
            use std::os::unix::process::CommandExt;
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            // SAFETY: setrlimit(2) is async-signal-safe; `limit` is a plain value copied in.
            unsafe {
                cmd.pre_exec(move || {
                    if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        cmd.stdin(Stdio::null())
            .stdout(self.log_file("broker.stdout"))
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn the broker");
        let started = tee_until_started(
            child.stderr.take().expect("stderr piped"),
            self.log_file("broker.stderr"),
        );
        self.child = Some(child);
        match self.target {
            Target::Sluice => self.wait_until_started(&started),
            Target::Kafka => {}
        }
        self.stderr_events = Some(started);
        self.wait_until_answering();
        self.started_in = spawned.elapsed();
    }

    /// Waits for Sluice's "sluice started" line (logged once every shard listens) and takes
    /// the port from it.
    fn wait_until_started(&mut self, started: &mpsc::Receiver<StderrEvent>) {
        let deadline = Instant::now() + SLUICE_START_TIMEOUT;
        let left = deadline.saturating_duration_since(Instant::now());
        match started.recv_timeout(left) {
            Ok(StderrEvent::Started(line)) => {
                let port = listener_port(&line, "PLAINTEXT")
                    .unwrap_or_else(|| panic!("no PLAINTEXT port in {line:?}\n{}", self.logs()));
                assert!(
                    self.port == 0 || self.port == port,
                    "restarted on port {port}, not {}",
                    self.port
                );
                self.port = port;
                self.http_port = reported_http_port(&line).unwrap_or(0);
                self.started_line = line;
            }
            Ok(StderrEvent::Closed) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = self.child.as_mut().expect("spawned").wait().expect("reap");
                self.child = None;
                panic!("broker exited during start-up: {status}\n{}", self.logs());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "broker did not log {SLUICE_STARTED:?} within {SLUICE_START_TIMEOUT:?}\n{}",
                self.logs()
            ),
        }
    }

    /// Readiness is an answer: an ApiVersions request answered on the bootstrap address.
    /// Sluice answers at once (it logs "started" only once it listens); Kafka takes seconds.
    fn wait_until_answering(&mut self) {
        let timeout = match self.target {
            Target::Sluice => SLUICE_START_TIMEOUT,
            Target::Kafka => KAFKA_START_TIMEOUT,
        };
        let deadline = Instant::now() + timeout;
        let addr: SocketAddr = self.bootstrap().parse().expect("loopback address");
        loop {
            let child = self.child.as_mut().expect("spawned");
            if let Some(status) = child.try_wait().expect("poll the broker") {
                self.child = None;
                panic!("broker exited during start-up: {status}\n{}", self.logs());
            }
            match api_versions_answered(&addr) {
                Ok(()) => return,
                Err(e) if self.target == Target::Sluice => {
                    panic!("broker logged {SLUICE_STARTED:?} but did not answer ApiVersions on {addr}: {e}\n{}", self.logs())
                }
                Err(_) => {}
            }
            if Instant::now() > deadline {
                panic!(
                    "broker not answering on {addr} after {timeout:?}\n{}",
                    self.logs()
                );
            }
            // Kafka only: its JVM takes seconds to bind; there is no event to wait on.
            thread::sleep(Duration::from_millis(100));
        }
    }
}

enum StderrEvent {
    Started(String),
    Closed,
}

/// Copies the broker's stderr into `file` line by line and reports the "sluice started" line
/// and the end of the stream (the process exited) as events.
fn tee_until_started(
    stderr: impl Read + Send + 'static,
    mut file: File,
) -> mpsc::Receiver<StderrEvent> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stderr);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    file.write_all(line.as_bytes()).ok();
                    if line.contains(SLUICE_STARTED) {
                        tx.send(StderrEvent::Started(line.clone())).ok();
                    }
                }
            }
        }
        tx.send(StderrEvent::Closed).ok();
    });
    rx
}

/// The port of the listener `name` in a "sluice started" line
/// (`listeners=["PLAINTEXT://127.0.0.1:40123", "SSL://127.0.0.1:40124"]`).
fn listener_port(line: &str, name: &str) -> Option<u16> {
    // With log.format=json the list is a JSON string: its quotes come escaped.
    let line = &line.replace("\\\"", "\"");
    let prefix = format!("\"{name}://");
    let at = line.find(&prefix)? + prefix.len();
    let rest = &line[at..];
    let end = rest.find(['"', ',', ']', ' '])?;
    rest[..end].rsplit(':').next()?.parse().ok()
}

/// The port of the first HTTP listener in a "sluice started" line
/// (`http=["http://127.0.0.1:40125"]`, or its JSON form).
fn reported_http_port(line: &str) -> Option<u16> {
    let line = &line.replace("\\\"", "\"");
    let at = line.find("[\"http://")? + "[\"http://".len();
    let rest = &line[at..];
    let end = rest.find('"')?;
    rest[..end].rsplit(':').next()?.parse().ok()
}

/// Whether a TCP socket listens on `port` on any address, by /proc/net/tcp and tcp6 (whose
/// rows read `sl local_address(hex addr:hex port) rem_address st ...`, LISTEN being st 0A).
fn listening(port: u16) -> bool {
    ["/proc/net/tcp", "/proc/net/tcp6"].iter().any(|table| {
        let rows = std::fs::read_to_string(table).unwrap_or_default();
        rows.lines().skip(1).any(|row| {
            let fields: Vec<&str> = row.split_whitespace().collect();
            let local_port = fields.get(1).and_then(|a| a.rsplit(':').next());
            local_port.and_then(|p| u16::from_str_radix(p, 16).ok()) == Some(port)
                && fields.get(3) == Some(&"0A")
        })
    })
}

/// Sends ApiVersions v0 on a fresh connection and reads one whole answer to it.
fn api_versions_answered(addr: &SocketAddr) -> std::io::Result<()> {
    let mut stream = TcpStream::connect_timeout(addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    // size, api key 18, version 0, correlation id 7, client id "" (length 0).
    let mut frame = Vec::new();
    frame.extend_from_slice(&10i32.to_be_bytes());
    frame.extend_from_slice(&18i16.to_be_bytes());
    frame.extend_from_slice(&0i16.to_be_bytes());
    frame.extend_from_slice(&7i32.to_be_bytes());
    frame.extend_from_slice(&0i16.to_be_bytes());
    stream.write_all(&frame)?;
    let mut size = [0u8; 4];
    stream.read_exact(&mut size)?;
    let mut body = vec![0u8; i32::from_be_bytes(size).clamp(0, 1 << 20) as usize];
    stream.read_exact(&mut body)?;
    let correlation = body
        .get(..4)
        .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let error = body.get(4..6).map(|b| i16::from_be_bytes([b[0], b[1]]));
    if correlation == Some(7) && error == Some(0) {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "unexpected ApiVersions answer: correlation {correlation:?}, error {error:?}"
        )))
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        if thread::panicking() {
            // The test failed: say whether the broker was still alive, and what it logged.
            let state = match self.child.as_mut().map(|c| c.try_wait()) {
                Some(Ok(Some(status))) => format!("broker had exited: {status}"),
                Some(Ok(None)) => "broker was still running".to_string(),
                Some(Err(e)) => format!("broker state unknown: {e}"),
                None => "broker was stopped by the test".to_string(),
            };
            eprintln!(
                "{state} (data dir {})\n{}",
                self.data_dir().display(),
                self.logs()
            );
        }
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

fn tail(text: &str, chars_max: usize) -> &str {
    let start = text.len().saturating_sub(chars_max);
    let start = (start..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[start..]
}

fn wait_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("poll child") {
            return Some(status);
        }
        if Instant::now() > deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    }
}

fn reader_thread(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        pipe.read_to_end(&mut buf).ok();
        buf
    })
}

/// Runs `sluice start` in `dir` with `settings` (`--set`), expecting it to refuse to start;
/// returns what it wrote to stderr (the reason).
pub fn sluice_start_refused(dir: &Path, settings: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(repo_root().join("target/debug/sluice"));
    cmd.arg("start").current_dir(dir);
    for (k, v) in settings {
        cmd.arg("--set").arg(format!("{k}={v}"));
    }
    let out = try_run(&mut cmd, None, SLUICE_START_TIMEOUT);
    assert!(!out.status.success(), "started: {}", describe(&out));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs a client process to completion within `timeout`, returning its output whatever its
/// exit status. Panics only on a timeout (with both outputs).
pub fn try_run(cmd: &mut Command, stdin: Option<&[u8]>, timeout: Duration) -> Output {
    let described = format!("{cmd:?}");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {described}: {e}"));
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin piped");
        let bytes = bytes.to_vec();
        thread::spawn(move || {
            pipe.write_all(&bytes).ok();
        });
    }
    let out = reader_thread(child.stdout.take().expect("stdout piped"));
    let err = reader_thread(child.stderr.take().expect("stderr piped"));
    let status = wait_timeout(&mut child, timeout);
    if status.is_none() {
        child.kill().ok();
        child.wait().ok();
    }
    let output = Output {
        status: status.unwrap_or_else(|| child.wait().expect("reap")),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    };
    if status.is_none() {
        panic!(
            "timed out after {timeout:?}: {described}\n{}",
            describe(&output)
        );
    }
    output
}

/// Runs a client process; panics with both outputs if it fails or runs past `timeout`.
pub fn run(cmd: &mut Command, timeout: Duration) -> Output {
    run_with_stdin(cmd, None, timeout)
}

/// `run`, feeding `stdin` to the process.
pub fn run_with_stdin(cmd: &mut Command, stdin: Option<&[u8]>, timeout: Duration) -> Output {
    let described = format!("{cmd:?}");
    let output = try_run(cmd, stdin, timeout);
    assert!(
        output.status.success(),
        "failed: {described}\n{}",
        describe(&output)
    );
    output
}

/// Exit status, stdout and stderr of a finished process, for failure messages.
pub fn describe(output: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        tail(&String::from_utf8_lossy(&output.stdout), 8000),
        tail(&String::from_utf8_lossy(&output.stderr), 8000)
    )
}

/// A client process whose stdout lines arrive while it runs (for killing the broker
/// mid-stream).
pub struct Streaming {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: Option<thread::JoinHandle<Vec<u8>>>,
    pub seen: Vec<String>,
}

impl Streaming {
    pub fn spawn(cmd: &mut Command) -> Streaming {
        let described = format!("{cmd:?}");
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {described}: {e}"));
        let stdout = child.stdout.take().expect("stdout piped");
        let stderr = reader_thread(child.stderr.take().expect("stderr piped"));
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Streaming {
            child,
            lines,
            stderr: Some(stderr),
            seen: Vec::new(),
        }
    }

    /// Collects lines until `pred` holds for the lines seen so far; false on timeout or EOF.
    pub fn wait_for(&mut self, timeout: Duration, pred: impl Fn(&[String]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        while !pred(&self.seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => return false,
            }
        }
        true
    }

    /// Waits up to `timeout` for the process to exit by itself, killing it after that; returns
    /// every stdout line, its exit status (None if killed) and its stderr.
    pub fn finish(mut self, timeout: Duration) -> (Vec<String>, Option<ExitStatus>, String) {
        let status = wait_timeout(&mut self.child, timeout);
        if status.is_none() {
            self.child.kill().ok();
            self.child.wait().ok();
        }
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(2)) {
            self.seen.push(line);
        }
        let stderr = self
            .stderr
            .take()
            .map(|h| h.join().expect("stderr reader"))
            .unwrap_or_default();
        let stderr = String::from_utf8_lossy(&stderr).into_owned();
        (std::mem::take(&mut self.seen), status, stderr)
    }
}

impl Streaming {
    /// Takes every line that has arrived so far, without waiting; returns how many.
    pub fn poll(&mut self) -> usize {
        let before = self.seen.len();
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
        self.seen.len() - before
    }

    /// Sends `signal` (e.g. `libc::SIGTERM`, `libc::SIGKILL`) to the process.
    pub fn signal(&mut self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("pid fits pid_t");
        // SAFETY: kill(2) on a child we spawned and have not reaped yet.
        let rc = unsafe { libc::kill(pid, signal) };
        assert_eq!(rc, 0, "signal {signal} to the client");
    }
}

impl Drop for Streaming {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

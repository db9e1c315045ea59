//! `sluice start`: config, metadata, shards, signals, clean shutdown.

use crate::cli::StartArgs;
use crate::meta_properties::MetaProperties;
use anyhow::Context;
use config::BrokerConfig;
use glommio::{LocalExecutorBuilder, Placement};
use metadata::{controller, BrokerEndpoint, MetadataLog};
use model::{NodeId, ShardId};
use runtime::{Lifecycle, Shard, ShardLinks, ShardSetup, Step};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Bound on waiting for in-flight requests at shutdown.
const DRAIN_MAX: Duration = Duration::from_secs(10);
/// io_uring buffers each executor registers; small enough that two shards fit the default
/// 8 MiB memlock limit (segment IO uses buffered files, not these buffers).
const SHARD_IO_MEMORY_BYTES: usize = 2 << 20;
/// How often the main thread looks at the shards between signals.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

pub fn run(args: StartArgs) -> anyhow::Result<()> {
    // First: a SIGTERM from here on is seen by the main thread, whatever step it comes in.
    block_shutdown_signals();
    let started = Instant::now();
    // The config says how to log (`log.format`): read first, its warnings logged once the
    // subscriber is in place.
    let (mut config, warnings) = read_config(&args)?;
    let format = logging::Format::from_name(&config.log_format).expect("log.format is validated");
    logging::init(format);
    log_config_warnings(&config, &warnings);
    install_panic_hook();
    // Port 0 = any free port, as in Kafka: reserved here, before the metadata registers the
    // advertised port and before the shards bind it (SO_REUSEPORT), held until they listen.
    refuse_taken_ports(&config)?;
    check_http_ports(&mut config)?;
    let port_reservations = reserve_ephemeral_ports(&mut config)?;
    let config = Arc::new(config);
    // Key and trust stores are read once, here: a listener that cannot serve TLS stops start-up
    // before anything binds, naming the listener and the key.
    let tls = security::TlsListeners::load(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let sasl = security::SaslListeners::load(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    // One login table for the process: an HTTP connection can land on any shard.
    let http_auth = admin::HttpAuth::load(&config, &sasl);
    // The node's own traffic (replica fetchers, transaction markers, quorum links) is secured
    // as its inter-broker and controller listeners say: built once, here, so a bad store or a
    // missing login stops start-up.
    let peers = peer_security(&config, &tls, &sasl)?;
    if config.log_dirs.len() > 1 {
        tracing::warn!(
            "several log.dirs given; Sluice uses only the first for now: {:?}",
            config.log_dirs[0]
        );
    }
    // Before anything in them is read or written: one process per log dir.
    let _dir_locks = config
        .log_dirs
        .iter()
        .map(|dir| crate::dir_lock::lock(dir))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let log_dir = config.log_dirs[0].clone();
    std::fs::create_dir_all(&log_dir)
        .with_context(|| format!("creating log dir {}", log_dir.display()))?;
    // Absolute from here on: glommio opens directories relative to nothing (a relative path
    // fails with EBADF), and log lines should name the real place.
    let log_dir = std::fs::canonicalize(&log_dir)
        .with_context(|| format!("resolving log dir {}", log_dir.display()))?;
    let formatted_for = check_formatted(&config, &log_dir)?;
    // Removed before any log is opened: only the start right after a clean stop finds it.
    let previous = crate::clean_shutdown::take(&log_dir)?;
    let recovery = previous.recovery;
    let nr_shards = config.num_shards.max(1);

    let metadata_dir = crate::format::metadata_dir(&log_dir);
    let voters = crate::format::voter_raft_ids(&config, &[])?;
    let (mut metadata_log, _) = MetadataLog::open_member(
        &metadata_dir,
        NodeId(config.node_id),
        formatted_for
            .as_ref()
            .map(|id| metadata::ClusterId(id.clone()))
            .as_ref(),
        &voters,
        &[],
        metadata::ElectionTiming::from_timeouts(
            config.controller_quorum_election_timeout_ms,
            config.controller_quorum_fetch_timeout_ms,
        ),
    )
    .context("opening the metadata log")?;
    // A dynamic quorum's voters are in the log, not the config: a voter restarted as a
    // broker-only node would vote without serving as a controller.
    anyhow::ensure!(
        crate::format::is_controller(&config) || !metadata_log.is_voter(),
        "process.roles=broker, but node {} is a voter of the metadata quorum (its metadata log in {} says so): remove it from the voters first (kafka-metadata-quorum remove-controller), or start it with process.roles=broker,controller",
        config.node_id,
        metadata_dir.display()
    );
    if formatted_for.is_none() {
        // The embedded single node formats itself: its log dir gets Kafka's meta.properties.
        MetaProperties {
            cluster_id: metadata_log.cluster_id().0.clone(),
            node_id: config.node_id,
            directory_id: crate::format::random_uuid(),
        }
        .write(&log_dir)?;
    }
    // A sole voter commits its own registration now; with peers, shard 0 registers with
    // whichever controller leads once the quorum has elected one.
    // A controller-only node registers no broker: clients never see it.
    let registration = if crate::format::is_broker(&config) {
        broker_registration(&config, nr_shards, previous.broker_epoch)?
    } else {
        Vec::new()
    };
    let registration = if metadata_log.is_leader() {
        if !registration.is_empty() {
            metadata_log
                .commit(registration)
                .context("committing broker registration")?;
        }
        None
    } else {
        registration.into_iter().next()
    };
    let image = metadata_log.image().clone();
    let cluster_id = metadata_log.cluster_id().0.clone();

    let lifecycle = Arc::new(Lifecycle::new(nr_shards));
    if registration.is_none() {
        // Committed here (a sole voter), or no broker: the epoch, if any, is already known.
        if let Some(b) = image.broker(NodeId(config.node_id)) {
            lifecycle.set_broker_epoch(b.epoch);
        }
    }
    let links = ShardLinks::new(nr_shards, runtime::MESH_CHANNEL_CAPACITY)
        .context("creating the cross-shard links")?;
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut metadata_log = Some(metadata_log);
    let mut executors = Vec::with_capacity(nr_shards);
    for i in 0..nr_shards {
        let setup = ShardSetup {
            id: ShardId(i as u16),
            nr_shards,
            config: config.clone(),
            image: image.clone(),
            metadata_log: if i == 0 { metadata_log.take() } else { None },
            registration: if i == 0 { registration.clone() } else { None },
            peers: peers.clone(),
            incarnation: match &registration {
                Some(metadata::MetadataRecord::RegisterBroker { incarnation_id, .. }) => {
                    Some(*incarnation_id)
                }
                _ => None,
            },
            recovery,
            log_dir: log_dir.clone(),
            cluster_id: cluster_id.clone(),
            lifecycle: lifecycle.clone(),
            links: links.clone(),
        };
        let handle = LocalExecutorBuilder::new(Placement::Fixed(i % cores))
            .name(&format!("shard-{i}"))
            .io_memory(SHARD_IO_MEMORY_BYTES)
            .spawn({
                let security = (tls.clone(), sasl.clone(), http_auth.clone());
                move || run_shard_whole(setup, security)
            })
            .map_err(|e| anyhow::anyhow!("starting shard {i}: {e}"))?;
        executors.push(handle);
    }
    let watch = Watch {
        lifecycle: &lifecycle,
        links: &links,
    };
    let startup_timeout = Duration::from_millis(config.startup_timeout_ms);
    let started_fully = watch.until_serving(startup_timeout);
    if started_fully {
        drop(port_reservations);
        tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            shards = nr_shards,
            listeners = ?config.client_listeners().map(|l| format!("{}://{}:{}", l.name, l.host, l.port)).collect::<Vec<_>>(),
            http = ?config.http_listeners.iter().map(|l| format!("http://{}", l.bind_address())).collect::<Vec<_>>(),
            log_dir = %log_dir.display(),
            startup_ms = started.elapsed().as_millis() as u64,
            "sluice started"
        );
        watch.until_signal_or_failure();
        // A broker of a cluster first moves its leaderships away (controlled shutdown).
        if !lifecycle.has_failed() && lifecycle.request_controlled_shutdown() {
            links.ring_all();
            watch.until_controlled_shutdown();
        }
    }
    lifecycle.request_shutdown();
    links.ring_all();
    watch.until_stopped(Duration::from_millis(config.shutdown_timeout_ms));
    let mut clean = !lifecycle.has_failed();
    for (i, handle) in executors.into_iter().enumerate() {
        match handle.join() {
            Ok(Ok(())) => {}
            // `run_shard_whole` logged the failure, with the step it happened in.
            Ok(Err(_)) => clean = false,
            Err(e) => {
                tracing::error!(shard = i, error = ?e, "shard thread failed");
                clean = false;
            }
        }
    }
    if !clean {
        anyhow::bail!("shut down after a shard failure (no clean-shutdown marker written)");
    }
    if !started_fully {
        // Some logs may not have been opened: the next start recovers every log.
        tracing::info!("stopped during start-up; the next start recovers the logs");
        return Ok(());
    }
    let broker_epoch = lifecycle.broker_epoch();
    crate::clean_shutdown::write(&log_dir, broker_epoch)?;
    tracing::info!(broker_epoch, "sluice stopped cleanly");
    Ok(())
}

/// Checks the log dirs' `meta.properties` against the config (node id, one cluster) and
/// returns the cluster they were formatted for. In cluster mode every dir must be formatted
/// (`sluice format`), and the quorum must be one Sluice can run.
fn check_formatted(config: &BrokerConfig, first: &Path) -> anyhow::Result<Option<String>> {
    crate::format::check_quorum(config, &[])?;
    let dirs: Vec<_> = std::iter::once(first.to_path_buf())
        .chain(config.log_dirs.iter().skip(1).cloned())
        .map(|dir| MetaProperties::read(&dir).map(|meta| (dir, meta)))
        .collect::<anyhow::Result<_>>()?;
    let cluster = crate::meta_properties::verify(&dirs, config.node_id)?;
    if crate::format::cluster_mode(config) {
        if let Some((dir, _)) = dirs.iter().find(|(_, meta)| meta.is_none()) {
            anyhow::bail!(
                "No `meta.properties` found in {} (have you run `sluice format` to format the directory? e.g. sluice format --config FILE --cluster-id $(sluice random-uuid) --standalone)",
                dir.display()
            );
        }
    }
    Ok(cluster)
}

/// One shard's whole life; whatever happens, the shard ends `Stopped`, counted as drained
/// (so its peers do not wait for it), and a failure stops the whole process.
/// What every shard serves its TLS and SASL listeners with.
type ListenerSecurity = (
    security::TlsListeners,
    security::SaslListeners,
    admin::HttpAuth,
);

async fn run_shard_whole(setup: ShardSetup, security: ListenerSecurity) -> anyhow::Result<()> {
    let id = setup.id.0 as usize;
    let lifecycle = setup.lifecycle.clone();
    let links = setup.links.clone();
    let result = run_shard(setup, security).await;
    if let Err(e) = &result {
        tracing::error!(shard = id, error = %format!("{e:#}"), step = lifecycle.step(id).name(), "shard failed; stopping the process");
        lifecycle.fail();
    }
    lifecycle.drained(id);
    lifecycle.enter(id, Step::Stopped);
    links.close(id);
    result
}

async fn run_shard(
    setup: ShardSetup,
    (tls, sasl, http_auth): ListenerSecurity,
) -> anyhow::Result<()> {
    let shard = Shard::start(setup).await?;
    shard.enter(Step::Coordinators);
    let retention = glommio::spawn_local(runtime::retention_loop(shard.clone()));
    let cleaner = runtime::cleaner::spawn(&shard);
    runtime::groups::start_coordinators(&shard);
    runtime::txns::start_coordinators(&shard);
    panic_failpoint(&shard);
    stall_failpoint(&shard).await;
    // Bound before the shard reports serving: a port that cannot be bound fails the start.
    let bound = network::bind(&shard)?;
    let http_listeners = admin::bind(&shard)?;
    let http = glommio::spawn_local(admin::serve(shard.clone(), http_listeners, http_auth));
    let served = network::serve(shard.clone(), bound, DRAIN_MAX, tls, sasl).await;
    drop(retention);
    drop(cleaner);
    // The HTTP accept loops ended with the shutdown; open HTTP connections end on their bounds.
    drop(http);
    // Peers may still be finishing requests for partitions this shard owns: keep answering
    // them until every shard has drained, then close.
    shard.enter(Step::AwaitingPeers);
    shard.lifecycle().drained(shard.id.0 as usize);
    shard.ring_all();
    loop {
        let event = shard.next_event();
        if shard.lifecycle().all_drained() {
            break;
        }
        event.await;
    }
    shard.enter(Step::Closing);
    // Shard 0: the metadata driver finishes the round it has on disk before the shard ends.
    if let Some(quorum) = shard.quorum() {
        quorum.until_ended().await;
    }
    let closed = shard.close_logs().await;
    shard.close_link();
    let c = &shard.counters;
    tracing::info!(
        shard = shard.id.0,
        requests = c.requests.get(),
        rejected = c.rejected_requests.get(),
        fetch_bytes_zero_copy = c.fetch_bytes_zero_copy.get(),
        fetch_bytes_copied = c.fetch_bytes_copied.get(),
        "shard stopped"
    );
    served.and(closed)
}

/// Test failpoint: `SLUICE_FAILPOINT_PANIC_SHARD=N` makes shard N panic in a detached task
/// once it serves, so the fail-whole test can show that no shard dies alone.
fn panic_failpoint(shard: &std::rc::Rc<Shard>) {
    let wanted = std::env::var("SLUICE_FAILPOINT_PANIC_SHARD").ok();
    if wanted.and_then(|v| v.parse::<u16>().ok()) != Some(shard.id.0) {
        return;
    }
    let shard = shard.clone();
    glommio::spawn_local(async move {
        while shard.lifecycle().step(shard.id.0 as usize) < Step::Serving {
            glommio::timer::sleep(Duration::from_millis(10)).await;
        }
        panic!("failpoint SLUICE_FAILPOINT_PANIC_SHARD: a detached task panicked");
    })
    .detach();
}

/// Test failpoint: `SLUICE_FAILPOINT_STALL_SHARD=N` makes shard N stop before binding its
/// listeners (a start that never finishes), for the `startup.timeout.ms` test.
async fn stall_failpoint(shard: &Shard) {
    let wanted = std::env::var("SLUICE_FAILPOINT_STALL_SHARD").ok();
    if wanted.and_then(|v| v.parse::<u16>().ok()) == Some(shard.id.0) {
        shard.enter(Step::Binding);
        futures::future::pending::<()>().await;
    }
}

/// The main thread's view of the shards: it waits on signals (100 ms at a time) and reads the
/// lifecycle; it never touches shard state.
struct Watch<'a> {
    lifecycle: &'a Lifecycle,
    links: &'a ShardLinks,
}

impl Watch<'_> {
    /// Waits until every shard serves. `false` if a signal or a failure came first. A start
    /// that makes no progress for `timeout` (log recovery counts as progress) exits the
    /// process naming where each shard is.
    fn until_serving(&self, timeout: Duration) -> bool {
        let mut progress = self.lifecycle.progress();
        let mut since = Instant::now();
        loop {
            // A failed shard ends `Stopped`, which is past `Serving`: failure is checked first.
            if self.lifecycle.has_failed() {
                return false;
            }
            if self.lifecycle.all_serving() {
                return true;
            }
            if let Some(signal) = wait_for_signal(SIGNAL_POLL) {
                tracing::info!(signal, "shutting down during start-up");
                return false;
            }
            let now = self.lifecycle.progress();
            if now != progress {
                progress = now;
                since = Instant::now();
            } else if since.elapsed() >= timeout {
                self.exit_stuck("start-up", timeout, "startup.timeout.ms");
            }
        }
    }

    fn until_signal_or_failure(&self) {
        loop {
            if let Some(signal) = wait_for_signal(SIGNAL_POLL) {
                tracing::info!(signal, "shutting down");
                return;
            }
            if self.lifecycle.has_failed() {
                tracing::error!("a shard failed; shutting down");
                return;
            }
        }
    }

    /// Waits until shard 0 has finished the controlled shutdown (it bounds it itself); a
    /// second signal or a shard failure cuts it short.
    fn until_controlled_shutdown(&self) {
        while !self.lifecycle.is_controlled_shutdown_done() {
            if let Some(signal) = wait_for_signal(SIGNAL_POLL) {
                tracing::warn!(signal, "second signal: skipping the controlled shutdown");
                return;
            }
            if self.lifecycle.has_failed() {
                return;
            }
        }
    }

    /// Waits until every shard has stopped; exits at once on a second signal, and exits
    /// non-zero naming the stuck shards once `timeout` has passed.
    fn until_stopped(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.lifecycle.unfinished().is_empty() {
            if let Some(signal) = wait_for_signal(SIGNAL_POLL) {
                tracing::warn!(
                    signal,
                    "second signal: exiting now, without a clean shutdown"
                );
                exit_now(128 + signal);
            }
            if Instant::now() >= deadline {
                self.exit_stuck("shutdown", timeout, "shutdown.timeout.ms");
            }
            // A shard that drained rings its peers itself; ringing again is cheap and covers
            // any shard still parked before it saw the flag.
            self.links.ring_all();
        }
    }

    fn exit_stuck(&self, phase: &str, timeout: Duration, key: &str) -> ! {
        let stuck: Vec<String> = self
            .lifecycle
            .unfinished()
            .into_iter()
            .filter(|(_, step)| phase != "start-up" || *step < Step::Serving)
            .map(|(shard, step)| format!("shard {shard} {}", step.name()))
            .collect();
        let what = if phase == "start-up" {
            "made no progress for"
        } else {
            "took longer than"
        };
        tracing::error!(
            "{phase} {what} {} ms ({key}): {}; exiting",
            timeout.as_millis(),
            stuck.join(", ")
        );
        exit_now(1)
    }
}

/// Ends the process at once: no destructors, no other thread runs on. Data acknowledged so far
/// is already durable; the next start recovers the logs.
fn exit_now(status: i32) -> ! {
    // SAFETY: _exit(2) has no preconditions.
    unsafe { libc::_exit(status) }
}

/// Every panic stops the whole process with one log line, except one isolated to its request
/// (see `runtime::fail`): a shard never dies alone, and a supervisor restarts the process.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = runtime::fail::payload_text(info.payload());
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if runtime::fail::on_panic(message, &location) {
            return;
        }
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("unnamed thread");
        tracing::error!("{name} panicked at {location}: {message}; stopping the process");
        exit_now(runtime::fail::PANIC_EXIT_STATUS);
    }));
}

/// The shards bind their listeners with SO_REUSEPORT (one accept queue per shard), which would
/// also let a second process of the same user listen on a port a running broker serves and
/// take part of its connections. A configured port that some socket already listens on (the
/// same address, or a wildcard on either side; from /proc/net/tcp and tcp6) fails the start with
/// Kafka's message instead. Connections a previous incarnation left behind (a restart after
/// kill -9) do not listen, so they do not count, as they do not stop the shards' bind either.
fn refuse_taken_ports(config: &BrokerConfig) -> anyhow::Result<()> {
    let listening = listening_sockets();
    for listener in config.listeners.iter().filter(|l| l.port != 0) {
        let address = listener.bind_address();
        anyhow::ensure!(
            !is_taken(&listening, &address),
            "Socket server failed to bind to {address}: Address already in use."
        );
    }
    Ok(())
}

/// The same for `http.listeners`: a configured HTTP port some socket listens on fails the start
/// (a second broker would answer part of the first one's scrapes). The default address
/// (`http://127.0.0.1:9644`, `http.listeners` not set) is a convenience: when another process
/// holds it (several brokers on one machine), this broker serves no HTTP there and says so.
fn check_http_ports(config: &mut BrokerConfig) -> anyhow::Result<()> {
    let listening = listening_sockets();
    let configured = config.raw.contains_key("http.listeners");
    let mut refused = Vec::new();
    for listener in config.http_listeners.iter().filter(|l| l.port != 0) {
        let address = listener.bind_address();
        if !is_taken(&listening, &address) {
            continue;
        }
        anyhow::ensure!(
            !configured,
            "HTTP listener failed to bind to {address} (http.listeners): Address already in use."
        );
        tracing::warn!(
            "another process listens on {address}, the default http.listeners: this broker serves no /metrics or /health there; set http.listeners to give it its own"
        );
        refused.push(address);
    }
    config
        .http_listeners
        .retain(|l| !refused.contains(&l.bind_address()));
    Ok(())
}

/// Whether some socket in `listening` holds `address` (the same address, or a wildcard on
/// either side). An address that does not resolve is not taken: binding it fails later with
/// its own message.
fn is_taken(listening: &[(std::net::SocketAddr, u64)], address: &str) -> bool {
    use std::net::ToSocketAddrs;
    let Some(wanted) = address.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        return false;
    };
    let mut matching = listening.iter().filter(|(held, _)| {
        held.port() == wanted.port()
            && (held.ip() == wanted.ip()
                || held.ip().is_unspecified()
                || wanted.ip().is_unspecified())
    });
    // Only a socket a live process holds counts: one an exited broker's io_uring still holds
    // while the kernel tears its ring down (in LISTEN for a moment after the process is gone)
    // does not, as it does not take connections from the next incarnation either.
    matching.any(|(_, inode)| held_by_a_process(*inode))
}

/// Whether some process (that this one may inspect: the same user, or any as root) has socket
/// `inode` open. The hazard `refuse_taken_ports` guards against is a process of the same user.
fn held_by_a_process(inode: u64) -> bool {
    let wanted = format!("socket:[{inode}]");
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return true;
    };
    processes
        .filter_map(Result::ok)
        .filter(|p| {
            p.file_name()
                .to_str()
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
        .any(|p| {
            std::fs::read_dir(p.path().join("fd")).is_ok_and(|fds| {
                fds.filter_map(Result::ok).any(|fd| {
                    std::fs::read_link(fd.path())
                        .is_ok_and(|target| target.as_os_str() == wanted.as_str())
                })
            })
        })
}

/// Every TCP socket in LISTEN state in this network namespace, with its inode (empty when
/// /proc says nothing).
fn listening_sockets() -> Vec<(std::net::SocketAddr, u64)> {
    let mut found = Vec::new();
    for (file, v6) in [("/proc/net/tcp", false), ("/proc/net/tcp6", true)] {
        let Ok(table) = std::fs::read_to_string(file) else {
            continue;
        };
        for row in table.lines().skip(1) {
            let fields: Vec<&str> = row.split_whitespace().collect();
            if fields.get(3) != Some(&"0A") {
                continue;
            }
            let inode = fields.get(9).and_then(|i| i.parse().ok()).unwrap_or(0);
            if let Some(addr) = fields.get(1).and_then(|a| parse_proc_address(a, v6)) {
                found.push((addr, inode));
            }
        }
    }
    found
}

/// `0100007F:1F90` (IPv4) or 32 hex digits `:PORT` (IPv6), as /proc/net/tcp{,6} write them:
/// the address as 32-bit words printed in the host's byte order.
fn parse_proc_address(text: &str, v6: bool) -> Option<std::net::SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let mut bytes = Vec::with_capacity(16);
    for i in 0..ip.len() / 8 {
        let word = u32::from_str_radix(ip.get(i * 8..i * 8 + 8)?, 16).ok()?;
        bytes.extend_from_slice(&word.to_ne_bytes());
    }
    let ip: std::net::IpAddr = match (v6, bytes.len()) {
        (false, 4) => std::net::Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?).into(),
        (true, 16) => std::net::Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?).into(),
        _ => return None,
    };
    Some(std::net::SocketAddr::new(ip, port))
}

/// Binds (without listening) one SO_REUSEPORT socket per listener (Kafka's and
/// `http.listeners`) configured with port 0 and writes the port it got into the listener and its
/// advertised twin. The shards bind the same port; the sockets are held until they listen so no
/// other process takes it meanwhile.
///
/// The configured ports are held first, while the kernel picks the free ones: a port this
/// broker is about to bind looks free to it until the shards bind, and a port 0 given one of
/// them (a restart on the port it got before, with the HTTP port left 0) would have the shards
/// bind both listeners on one port with SO_REUSEPORT, sharing its connections. A configured port
/// that cannot be held here is left to the shards' bind, which says why.
fn reserve_ephemeral_ports(config: &mut BrokerConfig) -> anyhow::Result<Vec<std::os::fd::OwnedFd>> {
    let mut held: Vec<std::os::fd::OwnedFd> = config
        .listeners
        .iter()
        .chain(&config.http_listeners)
        .filter(|l| l.port != 0)
        .filter_map(|l| reserve_port(&l.bind_address()).ok())
        .map(|(fd, _)| fd)
        .collect();
    for i in 0..config.listeners.len() {
        if config.listeners[i].port != 0 {
            continue;
        }
        let (fd, port) = reserve_port(&config.listeners[i].bind_address()).with_context(|| {
            format!("reserving a port for listener {}", config.listeners[i].name)
        })?;
        config.listeners[i].port = port;
        let name = config.listeners[i].name.clone();
        for advertised in &mut config.advertised_listeners {
            if advertised.name == name && advertised.port == 0 {
                advertised.port = port;
            }
        }
        held.push(fd);
    }
    for listener in config.http_listeners.iter_mut().filter(|l| l.port == 0) {
        let (fd, port) = reserve_port(&listener.bind_address())
            .with_context(|| format!("reserving a port for HTTP listener {listener}"))?;
        listener.port = port;
        held.push(fd);
    }
    Ok(held)
}

fn reserve_port(address: &str) -> anyhow::Result<(std::os::fd::OwnedFd, u16)> {
    use std::os::fd::{FromRawFd, IntoRawFd};
    let socket = runtime::listen::bound(runtime::listen::resolve(address)?)
        .with_context(|| format!("binding {address}"))?;
    let port = runtime::listen::local_port(&socket)?;
    // SAFETY: the descriptor is the bound socket this function owns and gives away.
    let fd = unsafe { std::os::fd::OwnedFd::from_raw_fd(socket.into_raw_fd()) };
    Ok((fd, port))
}

/// The config for `sluice format` and `sluice metadata dump`, warnings logged (as text).
pub fn load_config(args: &StartArgs) -> anyhow::Result<BrokerConfig> {
    logging::init(logging::Format::Text);
    let (config, warnings) = read_config(args)?;
    log_config_warnings(&config, &warnings);
    Ok(config)
}

fn log_config_warnings(config: &BrokerConfig, warnings: &[String]) {
    for w in warnings {
        tracing::warn!("{w}");
    }
    for n in &config.notes {
        tracing::info!("{n}");
    }
}

/// The config file and `--set` overrides, and the warnings about them (unknown keys, …).
fn read_config(args: &StartArgs) -> anyhow::Result<(BrokerConfig, Vec<String>)> {
    let file = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            config::parse_properties(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => Vec::new(),
    };
    let (config, warnings) = BrokerConfig::from_properties(&file, &args.overrides)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((
        config,
        warnings.into_iter().map(|w| w.to_string()).collect(),
    ))
}

/// This node's registration record (against an empty image, so always the record), with a
/// new random incarnation id for this process, as Kafka's broker draws one at every start: the
/// controller tells a restart by it (`membership::is_registered` differs, so the registration
/// is committed again), which ends a controlled shutdown the previous incarnation began and
/// takes the previous incarnation out of its leaderships and ISRs
/// (`metadata::replication::registered`).
fn broker_registration(
    config: &BrokerConfig,
    nr_shards: usize,
    previous_epoch: i64,
) -> anyhow::Result<Vec<metadata::MetadataRecord>> {
    let listeners = config
        .advertised_listeners
        .iter()
        .map(|l| BrokerEndpoint {
            name: l.name.clone(),
            host: l.host.clone(),
            port: l.port,
            security_protocol: l.security_protocol.id(),
        })
        .collect();
    controller::register_broker(
        &metadata::Image::default(),
        NodeId(config.node_id),
        listeners,
        config.broker_rack.clone(),
        nr_shards as u16,
        model::TopicId::random().0,
    )
    .map(|mut records| {
        // KIP-966's PreviousBrokerEpoch: what the clean-shutdown marker held (-1: none).
        for r in &mut records {
            if let metadata::MetadataRecord::RegisterBroker {
                previous_broker_epoch,
                ..
            } = r
            {
                *previous_broker_epoch = previous_epoch;
            }
        }
        records
    })
    .map_err(|e| anyhow::anyhow!("registering broker: {}", e.message))
}

/// Blocks SIGTERM and SIGINT in this thread (and the shard threads spawned after), so the
/// main thread can wait for them with sigtimedwait.
fn block_shutdown_signals() {
    // SAFETY: plain libc signal-set manipulation on a local sigset_t.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Waits up to `timeout` for SIGTERM or SIGINT (blocked in every thread, see
/// `block_shutdown_signals`); returns the signal if one came.
fn wait_for_signal(timeout: Duration) -> Option<i32> {
    // SAFETY: sigtimedwait only reads the set and the timeout we pass.
    let signal = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigaddset(&mut set, libc::SIGINT);
        let timeout = libc::timespec {
            tv_sec: timeout.as_secs() as libc::time_t,
            tv_nsec: timeout.subsec_nanos() as libc::c_long,
        };
        libc::sigtimedwait(&set, std::ptr::null_mut(), &timeout)
    };
    (signal == libc::SIGTERM || signal == libc::SIGINT).then_some(signal)
}

/// How this node secures its own connections: as a client of the inter-broker listener (a
/// broker of a cluster) and of the controller listener (a node of a cluster), and the
/// controller listener's server side (TLS and SASL, built with the other listeners).
fn peer_security(
    config: &BrokerConfig,
    tls: &security::TlsListeners,
    sasl: &security::SaslListeners,
) -> anyhow::Result<runtime::PeerSecurity> {
    let Some(controller) = config.controller_listener_name() else {
        return Ok(runtime::PeerSecurity::default());
    };
    let is_broker = config.process_roles.iter().any(|role| role == "broker");
    let inter_broker = is_broker
        .then(|| security::PeerClient::inter_broker(config))
        .transpose()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let controller_client =
        security::PeerClient::controller(config).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(runtime::PeerSecurity {
        inter_broker,
        controller: controller_client,
        controller_tls: tls.get(controller),
        controller_sasl: sasl.get(controller),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_net_tcp_addresses_parse() {
        // As this (little-endian) machine's kernel prints them.
        assert_eq!(
            parse_proc_address("0100007F:1F90", false),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(
            parse_proc_address("00000000:2384", false),
            Some("0.0.0.0:9092".parse().unwrap())
        );
        assert_eq!(
            parse_proc_address("00000000000000000000000001000000:2384", true),
            Some("[::1]:9092".parse().unwrap())
        );
        assert_eq!(parse_proc_address("zz:1", false), None);
        assert_eq!(parse_proc_address("0100007F", false), None);
    }

    #[test]
    fn a_taken_http_port_is_refused_if_configured_and_left_out_if_default() {
        let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = held.local_addr().unwrap().port();
        let setting = |v: String| vec![("http.listeners".to_string(), v, 1)];
        let mut configured = BrokerConfig::from_properties(
            &setting(format!("http://127.0.0.1:{port},http://127.0.0.1:0")),
            &[],
        )
        .unwrap()
        .0;
        let refused = check_http_ports(&mut configured).unwrap_err().to_string();
        assert!(refused.contains("Address already in use"), "{refused}");
        // Not configured: the default address, here the held port, is left out, not fatal.
        let mut default = BrokerConfig::from_properties(&[], &[]).unwrap().0;
        assert!(!default.raw.contains_key("http.listeners"));
        default.http_listeners[0].port = port;
        check_http_ports(&mut default).unwrap();
        assert!(default.http_listeners.is_empty());
        drop(held);
        check_http_ports(&mut configured).unwrap();
        assert_eq!(configured.http_listeners.len(), 2);
    }

    #[test]
    fn configured_ports_are_held_while_the_kernel_picks_free_ones() {
        // The port a restarted broker's listener had: free now, so the kernel could give it to
        // a port-0 listener if start-up did not hold it first.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut config = BrokerConfig::from_properties(
            &[
                (
                    "listeners".to_string(),
                    format!("PLAINTEXT://127.0.0.1:{port}"),
                    1,
                ),
                (
                    "http.listeners".to_string(),
                    "http://127.0.0.1:0".to_string(),
                    2,
                ),
            ],
            &[],
        )
        .unwrap()
        .0;
        let held = reserve_ephemeral_ports(&mut config).unwrap();
        let http = config.http_listeners[0].port;
        assert!(http != 0 && http != port, "{http} {port}");
        let held_ports: Vec<u16> = held
            .into_iter()
            .map(|fd| std::net::TcpListener::from(fd).local_addr().unwrap().port())
            .collect();
        assert_eq!(held_ports, [port, http]);
    }

    #[test]
    fn a_port_something_listens_on_is_refused() {
        let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = held.local_addr().unwrap().port();
        let bound = held.local_addr().unwrap();
        assert!(listening_sockets().iter().any(|(a, _)| *a == bound));
        let config = BrokerConfig::from_properties(
            &[(
                "listeners".to_string(),
                format!("PLAINTEXT://127.0.0.1:{port}"),
                1,
            )],
            &[],
        )
        .unwrap()
        .0;
        let refused = refuse_taken_ports(&config).unwrap_err().to_string();
        assert!(refused.contains("Address already in use"), "{refused}");
        drop(held);
        refuse_taken_ports(&config).unwrap();
    }
}

//! `sluice start`: config, metadata, shards, signals, clean shutdown.

use crate::cli::StartArgs;
use anyhow::Context;
use config::BrokerConfig;
use glommio::channels::channel_mesh::MeshBuilder;
use glommio::{LocalExecutorBuilder, Placement};
use metadata::{controller, BrokerEndpoint, MetadataLog};
use model::{NodeId, ShardId};
use runtime::{Shard, ShardMsg, ShardSetup};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use storage::Recovery;

/// Kafka's clean-shutdown marker file name, written last on a clean stop.
const CLEAN_SHUTDOWN_MARKER: &str = ".kafka_cleanshutdown";
/// Bound on waiting for in-flight requests at shutdown.
const DRAIN_MAX: Duration = Duration::from_secs(10);
/// io_uring buffers each executor registers; small enough that two shards fit the default
/// 8 MiB memlock limit (segment IO uses buffered files, not these buffers).
const SHARD_IO_MEMORY_BYTES: usize = 2 << 20;

pub fn run(args: StartArgs) -> anyhow::Result<()> {
    init_logging();
    let started = Instant::now();
    let config = Arc::new(load_config(&args)?);
    if config.log_dirs.len() > 1 {
        tracing::warn!(
            "several log.dirs given; Sluice uses only the first for now: {:?}",
            config.log_dirs[0]
        );
    }
    let log_dir = config.log_dirs[0].clone();
    std::fs::create_dir_all(&log_dir)
        .with_context(|| format!("creating log dir {}", log_dir.display()))?;
    // Absolute from here on: glommio opens directories relative to nothing (a relative path
    // fails with EBADF), and log lines should name the real place.
    let log_dir = std::fs::canonicalize(&log_dir)
        .with_context(|| format!("resolving log dir {}", log_dir.display()))?;
    let recovery = take_clean_shutdown_marker(&log_dir)?;
    let nr_shards = config.num_shards.max(1);

    let metadata_dir = log_dir.join("__cluster_metadata-0");
    let (mut metadata_log, _) = MetadataLog::open(&metadata_dir, NodeId(config.node_id))
        .context("opening the metadata log")?;
    register_broker(&mut metadata_log, &config, nr_shards)?;
    let image = metadata_log.image().clone();
    let cluster_id = metadata_log.cluster_id().0.clone();

    block_shutdown_signals();
    let shutdown = Arc::new(AtomicBool::new(false));
    let mesh = MeshBuilder::<ShardMsg, _>::full(nr_shards, runtime::MESH_CHANNEL_CAPACITY);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut metadata_log = Some(metadata_log);
    let mesh_peers = Arc::new(std::sync::Mutex::new(vec![None; nr_shards]));
    let mut executors = Vec::with_capacity(nr_shards);
    for i in 0..nr_shards {
        let setup = ShardSetup {
            id: ShardId(i as u16),
            nr_shards,
            config: config.clone(),
            image: image.clone(),
            metadata_log: if i == 0 { metadata_log.take() } else { None },
            recovery,
            log_dir: log_dir.clone(),
            cluster_id: cluster_id.clone(),
            shutdown: shutdown.clone(),
            mesh_peers: mesh_peers.clone(),
        };
        let mesh = mesh.clone();
        let handle = LocalExecutorBuilder::new(Placement::Fixed(i % cores))
            .name(&format!("shard-{i}"))
            .io_memory(SHARD_IO_MEMORY_BYTES)
            .spawn(move || async move {
                let stop = setup.shutdown.clone();
                let result = run_shard(setup, mesh).await;
                if result.is_err() {
                    // Take the whole process down cleanly rather than run without a shard.
                    stop.store(true, Ordering::Relaxed);
                }
                result
            })
            .map_err(|e| anyhow::anyhow!("starting shard {i}: {e}"))?;
        executors.push(handle);
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        shards = nr_shards,
        listeners = ?config.client_listeners().map(|l| format!("{}://{}:{}", l.name, l.host, l.port)).collect::<Vec<_>>(),
        log_dir = %log_dir.display(),
        startup_ms = started.elapsed().as_millis() as u64,
        "sluice started"
    );
    wait_for_signal_or_exit(&shutdown);
    shutdown.store(true, Ordering::Relaxed);
    let mut clean = true;
    for (i, handle) in executors.into_iter().enumerate() {
        match handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::error!(shard = i, error = %format!("{e:#}"), "shard failed");
                clean = false;
            }
            Err(e) => {
                tracing::error!(shard = i, error = ?e, "shard thread failed");
                clean = false;
            }
        }
    }
    if !clean {
        anyhow::bail!("shut down after a shard failure (no clean-shutdown marker written)");
    }
    write_clean_shutdown_marker(&log_dir)?;
    tracing::info!("sluice stopped cleanly");
    Ok(())
}

async fn run_shard(
    setup: ShardSetup,
    mesh: MeshBuilder<ShardMsg, glommio::channels::channel_mesh::Full>,
) -> anyhow::Result<()> {
    let shard = Shard::start(setup, mesh).await?;
    let retention = glommio::spawn_local(runtime::retention_loop(shard.clone()));
    runtime::groups::start_coordinators(&shard);
    let served = network::serve(shard.clone(), DRAIN_MAX).await;
    drop(retention);
    let closed = shard.close_logs().await;
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

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SLUICE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,raft=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

fn load_config(args: &StartArgs) -> anyhow::Result<BrokerConfig> {
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
    for w in warnings {
        tracing::warn!("{w}");
    }
    for n in &config.notes {
        tracing::info!("{n}");
    }
    Ok(config)
}

/// Reads and removes the clean-shutdown marker: present → logs are trusted, else scanned.
fn take_clean_shutdown_marker(log_dir: &Path) -> anyhow::Result<Recovery> {
    let marker = log_dir.join(CLEAN_SHUTDOWN_MARKER);
    if marker.exists() {
        std::fs::remove_file(&marker).with_context(|| format!("removing {}", marker.display()))?;
        sync_dir(log_dir)?;
        Ok(Recovery::Clean)
    } else {
        Ok(Recovery::Scan)
    }
}

fn write_clean_shutdown_marker(log_dir: &Path) -> anyhow::Result<()> {
    let marker = log_dir.join(CLEAN_SHUTDOWN_MARKER);
    let file =
        std::fs::File::create(&marker).with_context(|| format!("creating {}", marker.display()))?;
    file.sync_all()?;
    sync_dir(log_dir)
}

fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::File::open(dir)?
        .sync_all()
        .with_context(|| format!("syncing {}", dir.display()))
}

fn register_broker(
    log: &mut MetadataLog,
    config: &BrokerConfig,
    nr_shards: usize,
) -> anyhow::Result<()> {
    let listeners = config
        .advertised_listeners
        .iter()
        .map(|l| BrokerEndpoint {
            name: l.name.clone(),
            host: l.host.clone(),
            port: l.port,
            security_protocol: 0,
        })
        .collect();
    let records = controller::register_broker(
        log.image(),
        NodeId(config.node_id),
        listeners,
        None,
        nr_shards as u16,
        [0; 16],
    )
    .map_err(|e| anyhow::anyhow!("registering broker: {}", e.message))?;
    if !records.is_empty() {
        log.commit(records)
            .context("committing broker registration")?;
    }
    Ok(())
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

fn wait_for_signal_or_exit(shutdown: &AtomicBool) {
    loop {
        // SAFETY: as above; sigtimedwait only reads the set and writes nothing we pass.
        let signal = unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGTERM);
            libc::sigaddset(&mut set, libc::SIGINT);
            let timeout = libc::timespec {
                tv_sec: 0,
                tv_nsec: 100_000_000,
            };
            libc::sigtimedwait(&set, std::ptr::null_mut(), &timeout)
        };
        if signal == libc::SIGTERM || signal == libc::SIGINT {
            tracing::info!(signal, "shutting down");
            return;
        }
        if shutdown.load(Ordering::Relaxed) {
            return;
        }
    }
}

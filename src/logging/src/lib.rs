//! Process-wide logging: the tracing subscriber on stderr, as text or as one JSON object per
//! line (`log.format`), and Kafka's *broker loggers*: per-module levels listed and changed at
//! run time through DescribeConfigs / IncrementalAlterConfigs on the BROKER_LOGGER resource
//! (`kafka-configs --entity-type broker-loggers --entity-name <node id>`), with the rules of
//! Kafka's `Log4jController` and `ConfigAdminManager.validateLogLevelConfigs`.
//!
//! A logger is a tracing target prefix: `root` (every target), a Sluice crate (`runtime`,
//! `storage`, …; `sluice` is the binary), or a module path below one (`runtime::fetcher`).
//! The modules listed are those whose log statements have run at least once, as log4j lists
//! the loggers classes have asked for.
//! Its effective level is its own, else its nearest ancestor's, else root's — log4j's
//! inheritance. Levels are Kafka's names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL = ERROR).
//!
//! Once per process (src/): the state is one `Mutex` touched only by admin requests and the
//! filter is tracing-subscriber's reloadable `EnvFilter`; nothing here is on a produce or fetch
//! path except the filter's own check in each `tracing` macro.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock};

use tracing::subscriber::Interest;
use tracing::Metadata;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{reload, EnvFilter, Registry};

/// Kafka's `Log4jController.ROOT_LOGGER`.
pub const ROOT_LOGGER: &str = "root";

/// Kafka's `LogLevelConfig.VALID_LOG_LEVELS`, in Kafka's order.
pub const VALID_LEVELS: [&str; 6] = ["FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"];

/// The loggers every node lists besides root: Sluice's crates and raft-rs (its log goes to
/// tracing with target `raft`).
pub const LOGGERS: &[&str] = &[
    "admin", "batch", "config", "group", "handlers", "logging", "metadata", "network", "raft",
    "replica", "runtime", "security", "sluice", "storage",
];

/// The levels when `SLUICE_LOG` does not set them: INFO, raft-rs at WARN (it is chatty).
const DEFAULT_DIRECTIVES: &str = "info,raft=warn";

/// How log lines are written (`log.format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    /// `log.format`'s values.
    pub const NAMES: &'static [&'static str] = &["text", "json"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Why a logger change was refused: Kafka's error and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoggerError {
    /// INVALID_CONFIG: an unknown logger or level.
    InvalidConfig(String),
    /// INVALID_REQUEST: removing root's level.
    InvalidRequest(String),
}

/// The levels in force: root's, each logger's own, and directives kept as `SLUICE_LOG` gave
/// them when they are more than `target=level` (span or field filters).
#[derive(Clone, Debug)]
struct Levels {
    root: String,
    own: BTreeMap<String, String>,
    verbatim: Vec<String>,
}

impl Levels {
    fn parse(directives: &str) -> Levels {
        let mut levels = Levels {
            root: "INFO".to_string(),
            own: BTreeMap::new(),
            verbatim: Vec::new(),
        };
        for d in directives
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            match d.split_once('=') {
                None if kafka_level(d).is_some() => levels.root = kafka_level(d).unwrap(),
                Some((target, level))
                    if !target.contains(['[', '{']) && kafka_level(level).is_some() =>
                {
                    levels
                        .own
                        .insert(target.to_string(), kafka_level(level).unwrap());
                }
                _ => levels.verbatim.push(d.to_string()),
            }
        }
        levels
    }

    fn directives(&self) -> String {
        let mut all = vec![tracing_level(&self.root).to_string()];
        all.extend(
            self.own
                .iter()
                .map(|(target, level)| format!("{target}={}", tracing_level(level))),
        );
        all.extend(self.verbatim.iter().cloned());
        all.join(",")
    }

    /// log4j inheritance: the logger's own level, else its nearest ancestor's, else root's.
    fn effective(&self, logger: &str) -> &str {
        let mut name = logger;
        loop {
            if let Some(level) = self.own.get(name) {
                return level;
            }
            match name.rsplit_once("::") {
                Some((parent, _)) => name = parent,
                None => return &self.root,
            }
        }
    }
}

/// `level` as Kafka names it (upper case), if it is one of Kafka's or tracing's levels.
fn kafka_level(level: &str) -> Option<String> {
    let upper = level.to_ascii_uppercase();
    match upper.as_str() {
        "OFF" => Some(upper),
        _ if VALID_LEVELS.contains(&upper.as_str()) => Some(upper),
        _ => None,
    }
}

fn tracing_level(kafka: &str) -> &'static str {
    match kafka {
        "TRACE" => "trace",
        "DEBUG" => "debug",
        "INFO" => "info",
        "WARN" => "warn",
        "OFF" => "off",
        _ => "error", // ERROR and FATAL
    }
}

struct Control {
    filter: reload::Handle<EnvFilter, Registry>,
    levels: Mutex<Levels>,
}

static CONTROL: OnceLock<Control> = OnceLock::new();

/// Every target a log statement of this process has used so far: the loggers that exist, as
/// log4j's are those some class asked for. Filled as callsites register (once each, on first
/// use), never on the path of an event.
static TARGETS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// The layer that fills `TARGETS`; it lets everything through (the filter decides).
struct Targets;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Targets {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        let mut targets = TARGETS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !targets.contains(metadata.target()) {
            targets.insert(metadata.target().to_string());
        }
        Interest::always()
    }
}

/// Installs the process's subscriber (once; later calls do nothing): levels from `SLUICE_LOG`
/// (tracing's directive syntax) or INFO, lines in `format` on stderr.
pub fn init(format: Format) {
    let directives = std::env::var("SLUICE_LOG").unwrap_or_else(|_| DEFAULT_DIRECTIVES.to_string());
    let levels = Levels::parse(&directives);
    let filter = EnvFilter::try_new(levels.directives())
        .unwrap_or_else(|_| EnvFilter::new(DEFAULT_DIRECTIVES));
    let (filter, handle) = reload::Layer::new(filter);
    let ansi = format == Format::Text && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let registry = tracing_subscriber::registry().with(filter).with(Targets);
    let installed = match format {
        Format::Text => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(ansi)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
        Format::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(false)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
    if installed.is_ok() {
        let _ = CONTROL.set(Control {
            filter: handle,
            levels: Mutex::new(levels),
        });
    }
}

fn control() -> Option<&'static Control> {
    CONTROL.get()
}

fn with_levels<T>(f: impl FnOnce(&mut Levels) -> T) -> Option<T> {
    let control = control()?;
    let mut levels = control
        .levels
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Some(f(&mut levels))
}

/// Every logger this node lists with its effective level, root first (Kafka's
/// `Log4jController.loggers`): root, the crates, every module that has logged (or checked
/// whether it would) and any logger given a level of its own.
pub fn loggers() -> Vec<(String, String)> {
    with_levels(|levels| {
        let mut names: Vec<String> = LOGGERS.iter().map(|l| l.to_string()).collect();
        names.extend(levels.own.keys().cloned());
        names.extend(
            TARGETS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .iter()
                .filter(|target| under_a_crate(target))
                .cloned(),
        );
        names.sort();
        names.dedup();
        let mut listed = vec![(ROOT_LOGGER.to_string(), levels.root.clone())];
        listed.extend(names.into_iter().map(|name| {
            let level = levels.effective(&name).to_string();
            (name, level)
        }));
        listed
    })
    .unwrap_or_default()
}

/// Whether `target` is one of `LOGGERS` or a module path below one.
fn under_a_crate(target: &str) -> bool {
    LOGGERS.iter().any(|crate_name| {
        target == *crate_name
            || target
                .strip_prefix(crate_name)
                .is_some_and(|rest| rest.starts_with("::") && rest.len() > 2)
    })
}

/// Whether `logger` exists here: root, a listed crate, a module path below one, or a logger
/// given a level earlier.
fn exists(logger: &str) -> bool {
    logger == ROOT_LOGGER
        || under_a_crate(logger)
        || with_levels(|levels| levels.own.contains_key(logger)).unwrap_or(false)
}

/// Kafka's check of a SET: the logger exists and `level` is one of `VALID_LEVELS`.
pub fn check_set(logger: &str, level: &str) -> Result<(), LoggerError> {
    if !exists(logger) {
        return Err(LoggerError::InvalidConfig(format!(
            "Logger {logger} does not exist!"
        )));
    }
    if !VALID_LEVELS.contains(&level) {
        return Err(LoggerError::InvalidConfig(format!(
            "Cannot set the log level of {logger} to {level} as it is not a supported log level. \
             Valid log levels are {}",
            VALID_LEVELS.join(", ")
        )));
    }
    Ok(())
}

/// Kafka's check of a DELETE: the logger exists and is not root.
pub fn check_unset(logger: &str) -> Result<(), LoggerError> {
    if !exists(logger) {
        return Err(LoggerError::InvalidConfig(format!(
            "Logger {logger} does not exist!"
        )));
    }
    if logger == ROOT_LOGGER {
        return Err(LoggerError::InvalidRequest(format!(
            "Removing the log level of the {ROOT_LOGGER} logger is not allowed"
        )));
    }
    Ok(())
}

/// Sets `logger`'s level (checked by `check_set`); root's sets the default of every logger
/// without a level of its own.
pub fn set_level(logger: &str, level: &str) {
    apply(|levels| {
        if logger == ROOT_LOGGER {
            levels.root = level.to_string();
        } else {
            levels.own.insert(logger.to_string(), level.to_string());
        }
    });
    tracing::info!(logger, level, "log level changed");
}

/// Removes `logger`'s own level (checked by `check_unset`): it inherits again.
pub fn unset_level(logger: &str) {
    apply(|levels| {
        levels.own.remove(logger);
    });
    tracing::info!(logger, "log level removed; inherited again");
}

fn apply(change: impl FnOnce(&mut Levels)) {
    let Some(control) = control() else {
        return;
    };
    let directives = with_levels(|levels| {
        change(levels);
        levels.directives()
    })
    .expect("control is installed");
    match EnvFilter::try_new(&directives) {
        Ok(filter) => {
            if let Err(e) = control.filter.reload(filter) {
                tracing::warn!(error = %e, "log levels could not be reloaded");
            }
        }
        Err(e) => tracing::warn!(error = %e, directives, "log levels not applied"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_round_trip_and_inheritance_follows_log4j() {
        let mut levels = Levels::parse("info,raft=warn,runtime[span]=debug");
        assert_eq!(levels.root, "INFO");
        assert_eq!(levels.own.get("raft").map(String::as_str), Some("WARN"));
        assert_eq!(levels.verbatim, vec!["runtime[span]=debug".to_string()]);
        levels.own.insert("runtime".into(), "DEBUG".into());
        assert_eq!(levels.effective("runtime::fetcher"), "DEBUG");
        assert_eq!(levels.effective("storage::log"), "INFO");
        levels.own.insert("runtime::fetcher".into(), "FATAL".into());
        assert_eq!(levels.effective("runtime::fetcher::x"), "FATAL");
        assert_eq!(
            levels.directives(),
            "info,raft=warn,runtime=debug,runtime::fetcher=error,runtime[span]=debug"
        );
        assert!(EnvFilter::try_new(levels.directives()).is_ok());
    }

    #[test]
    fn kafka_rules_for_names_and_levels() {
        assert!(check_set("runtime", "DEBUG").is_ok());
        assert!(check_set("runtime::fetcher", "TRACE").is_ok());
        assert!(check_set(ROOT_LOGGER, "WARN").is_ok());
        assert!(matches!(
            check_set("kafka.server.ReplicaManager", "DEBUG"),
            Err(LoggerError::InvalidConfig(m)) if m == "Logger kafka.server.ReplicaManager does not exist!"
        ));
        assert!(matches!(
            check_set("runtime", "debug"),
            Err(LoggerError::InvalidConfig(_))
        ));
        assert!(matches!(
            check_set("runtimes", "DEBUG"),
            Err(LoggerError::InvalidConfig(_))
        ));
        assert!(matches!(
            check_unset(ROOT_LOGGER),
            Err(LoggerError::InvalidRequest(_))
        ));
        assert!(check_unset("storage").is_ok());
    }
}

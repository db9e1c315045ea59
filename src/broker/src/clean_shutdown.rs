//! Kafka's clean-shutdown marker, `.kafka_cleanshutdown` in the log dir (Kafka's
//! `CleanShutdownFileHandler`): written last on a clean stop — every shard drained, logs
//! flushed and closed, after the controlled shutdown — and removed at start, before anything is
//! served, so only the incarnation right after a clean stop finds it.
//!
//! Its presence says the logs were closed cleanly (recovery trusts their indexes instead of
//! scanning). Its content, as Kafka 3.7+ writes it (`{"version":0,"brokerEpoch":N}`), is the
//! broker epoch of the incarnation that stopped: the next one registers with it as its
//! PreviousBrokerEpoch (KIP-966), and the controller, finding it equal to the epoch of the
//! registration it replaces, knows the broker lost nothing it had acknowledged to a leader.
//! After a kill -9, a crash or a power loss there is no marker and the registration says -1.
//! A marker whose content cannot be read (an empty one, as Sluice wrote before the epoch, or
//! one cut short) still means a clean stop for recovery, and -1 for the epoch, as Kafka reads
//! it.

use anyhow::Context;
use std::path::Path;
use storage::Recovery;

/// Kafka's clean-shutdown marker file name.
pub const MARKER: &str = ".kafka_cleanshutdown";
/// The content version Kafka writes.
const VERSION: i64 = 0;

/// What the marker left by the previous incarnation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Previous {
    pub recovery: Recovery,
    /// The previous incarnation's broker epoch (-1: unclean stop, or not written).
    pub broker_epoch: i64,
}

/// Reads and removes the marker (durably: the directory is synced before the logs are opened,
/// so a crash from here on leaves no marker for the start after).
pub fn take(log_dir: &Path) -> anyhow::Result<Previous> {
    let marker = log_dir.join(MARKER);
    let text = match std::fs::read(&marker) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Previous {
                recovery: Recovery::Scan,
                broker_epoch: -1,
            })
        }
        Err(e) => return Err(e).with_context(|| format!("reading {}", marker.display())),
    };
    std::fs::remove_file(&marker).with_context(|| format!("removing {}", marker.display()))?;
    sync_dir(log_dir)?;
    let broker_epoch = parse(&text).unwrap_or(-1);
    Ok(Previous {
        recovery: Recovery::Clean,
        broker_epoch,
    })
}

/// Writes the marker with this incarnation's broker epoch (-1 when it never registered) and
/// makes it durable.
pub fn write(log_dir: &Path, broker_epoch: i64) -> anyhow::Result<()> {
    use std::io::Write as _;
    let marker = log_dir.join(MARKER);
    let mut file =
        std::fs::File::create(&marker).with_context(|| format!("creating {}", marker.display()))?;
    file.write_all(content(broker_epoch).as_bytes())
        .with_context(|| format!("writing {}", marker.display()))?;
    file.sync_all()?;
    sync_dir(log_dir)
}

/// Kafka's JSON for the marker, fields in the order Kafka writes them.
fn content(broker_epoch: i64) -> String {
    format!(r#"{{"version":{VERSION},"brokerEpoch":{broker_epoch}}}"#)
}

/// The broker epoch of a marker's content; `None` where Kafka's reader finds none (not JSON,
/// no `brokerEpoch`, or not a number). Unknown fields are ignored, as Kafka's reader does.
fn parse(text: &[u8]) -> Option<i64> {
    let value: serde_json::Value = serde_json::from_slice(text).ok()?;
    value.get("brokerEpoch")?.as_i64()
}

pub fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::File::open(dir)?
        .sync_all()
        .with_context(|| format!("syncing {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_marker_gives_its_epoch_once() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), 1234).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(MARKER)).unwrap(),
            r#"{"version":0,"brokerEpoch":1234}"#
        );
        assert_eq!(
            take(dir.path()).unwrap(),
            Previous {
                recovery: Recovery::Clean,
                broker_epoch: 1234
            }
        );
        assert!(!dir.path().join(MARKER).exists(), "removed at start");
        assert_eq!(
            take(dir.path()).unwrap(),
            Previous {
                recovery: Recovery::Scan,
                broker_epoch: -1
            },
            "no marker: an unclean stop"
        );
    }

    #[test]
    fn kafkas_marker_is_read_and_an_unreadable_one_still_means_a_clean_stop() {
        assert_eq!(parse(br#"{"version":0,"brokerEpoch":42}"#), Some(42));
        assert_eq!(
            parse(br#"{"version":1,"brokerEpoch":7,"later":true}"#),
            Some(7)
        );
        for unreadable in [
            &b""[..],
            b"{",
            br#"{"version":0}"#,
            br#"{"brokerEpoch":"x"}"#,
            br#"{"version":0,"brokerEpoch":4"#,
        ] {
            assert_eq!(parse(unreadable), None, "{unreadable:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), b"").unwrap();
        assert_eq!(
            take(dir.path()).unwrap(),
            Previous {
                recovery: Recovery::Clean,
                broker_epoch: -1
            }
        );
    }
}

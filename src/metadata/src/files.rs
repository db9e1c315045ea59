//! File helpers of the metadata log: CRC32C framing, atomic replacement, the identity file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use model::NodeId;

use crate::error::MetadataError;

/// Frame header: payload length (u32 BE) then CRC32C of the payload (u32 BE).
pub(crate) const FRAME_HEADER_BYTES: usize = 8;

/// Name of the identity file (Kafka's name, our own keys).
pub(crate) const IDENTITY_FILE: &str = "meta.properties";
/// Version of the identity file and of the directory layout it describes.
const IDENTITY_VERSION: u32 = 1;

/// `payload` framed as `len:u32 crc32c:u32 payload`.
pub(crate) fn frame(payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("frames are bounded by ENTRY_BYTES_MAX");
    let mut out = Vec::with_capacity(FRAME_HEADER_BYTES + payload.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&crc32c::crc32c(payload).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// Why reading frames stopped before the end of the bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FrameStop {
    /// Every byte was consumed by whole, valid frames.
    End,
    /// The frame at this position is cut short or fails its CRC (a torn write).
    Torn { at: usize },
}

/// Splits `bytes` into valid frames, stopping at the first torn or corrupt one.
/// Returns `(position, payload)` of each valid frame.
pub(crate) fn read_frames(
    bytes: &[u8],
    payload_bytes_max: usize,
) -> (Vec<(usize, &[u8])>, FrameStop) {
    let mut frames = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let Some(header) = bytes.get(at..at + FRAME_HEADER_BYTES) else {
            return (frames, FrameStop::Torn { at });
        };
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let crc = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
        let start = at + FRAME_HEADER_BYTES;
        let payload = (len <= payload_bytes_max)
            .then(|| bytes.get(start..start + len))
            .flatten();
        match payload {
            Some(p) if crc32c::crc32c(p) == crc => {
                frames.push((at, p));
                at = start + len;
            }
            _ => return (frames, FrameStop::Torn { at }),
        }
    }
    (frames, FrameStop::End)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, MetadataError> {
    fs::read(path).map_err(|e| MetadataError::io(path, e))
}

/// Replaces `dir/name` with `bytes` so that a crash leaves either the old or the new file:
/// write a temporary file, fsync it, rename it over, fsync the directory.
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), MetadataError> {
    let tmp = dir.join(format!("{name}.tmp"));
    let path = dir.join(name);
    let mut file = File::create(&tmp).map_err(|e| MetadataError::io(&tmp, e))?;
    file.write_all(bytes)
        .map_err(|e| MetadataError::io(&tmp, e))?;
    file.sync_all().map_err(|e| MetadataError::io(&tmp, e))?;
    fs::rename(&tmp, &path).map_err(|e| MetadataError::io(&path, e))?;
    sync_dir(dir)
}

pub(crate) fn sync_dir(dir: &Path) -> Result<(), MetadataError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| MetadataError::io(dir, e))
}

pub(crate) fn open_append(path: &Path) -> Result<File, MetadataError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| MetadataError::io(path, e))
}

/// Removes temporary files a crash left behind in `dir`.
pub(crate) fn remove_temporaries(dir: &Path) -> Result<(), MetadataError> {
    for path in list_dir(dir)? {
        if path.extension().is_some_and(|e| e == "tmp") {
            fs::remove_file(&path).map_err(|e| MetadataError::io(&path, e))?;
        }
    }
    Ok(())
}

pub(crate) fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, MetadataError> {
    let entries = fs::read_dir(dir).map_err(|e| MetadataError::io(dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(|e| MetadataError::io(dir, e))?.path());
    }
    paths.sort();
    Ok(paths)
}

/// A cluster id: Kafka's format, a random UUID as 22 characters of URL-safe base64.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClusterId(pub String);

impl ClusterId {
    pub fn random() -> ClusterId {
        // TopicId prints exactly as Kafka's `Uuid.toString`, which is what `kafka-storage.sh
        // random-uuid` produces for cluster ids.
        ClusterId(model::TopicId(*uuid::Uuid::new_v4().as_bytes()).to_string())
    }
}

impl std::fmt::Display for ClusterId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which node and cluster a metadata directory belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    pub node_id: NodeId,
    pub cluster_id: ClusterId,
}

impl Identity {
    pub fn write(&self, dir: &Path) -> Result<(), MetadataError> {
        let text = format!(
            "# Sluice metadata log identity. Do not edit.\nversion={IDENTITY_VERSION}\nnode.id={}\ncluster.id={}\n",
            self.node_id.0, self.cluster_id
        );
        write_atomically(dir, IDENTITY_FILE, text.as_bytes())
    }

    /// Reads the identity file; `Ok(None)` if it does not exist.
    pub fn read(dir: &Path) -> Result<Option<Identity>, MetadataError> {
        let path = dir.join(IDENTITY_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(MetadataError::io(&path, e)),
        };
        Self::parse(&text)
            .map(Some)
            .map_err(|reason| MetadataError::corrupt(&path, reason))
    }

    fn parse(text: &str) -> Result<Identity, String> {
        let mut version = None;
        let mut node_id = None;
        let mut cluster_id = None;
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| format!("line without '=': {line:?}"))?;
            match key.trim() {
                "version" => version = Some(value.trim().to_owned()),
                "node.id" => node_id = Some(value.trim().to_owned()),
                "cluster.id" => cluster_id = Some(value.trim().to_owned()),
                other => return Err(format!("unknown key {other:?}")),
            }
        }
        let version = version.ok_or("missing version")?;
        if version != IDENTITY_VERSION.to_string() {
            return Err(format!("unsupported version {version:?}"));
        }
        let node_id = node_id.ok_or("missing node.id")?;
        let node_id = node_id
            .parse::<i32>()
            .map_err(|_| format!("bad node.id {node_id:?}"))?;
        let cluster_id = cluster_id
            .filter(|c| !c.is_empty())
            .ok_or("missing cluster.id")?;
        Ok(Identity {
            node_id: NodeId(node_id),
            cluster_id: ClusterId(cluster_id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_stop_at_the_first_torn_one() {
        let mut bytes = frame(b"one");
        bytes.extend(frame(b"two"));
        let whole = bytes.len();
        bytes.extend(frame(b"three"));
        let (frames, stop) = read_frames(&bytes, 16);
        assert_eq!(
            frames.iter().map(|f| f.1).collect::<Vec<_>>(),
            [&b"one"[..], b"two", b"three"]
        );
        assert_eq!(stop, FrameStop::End);
        for cut in whole + 1..bytes.len() {
            let (frames, stop) = read_frames(&bytes[..cut], 16);
            assert_eq!(frames.len(), 2);
            assert_eq!(stop, FrameStop::Torn { at: whole });
        }
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(read_frames(&bytes, 16).1, FrameStop::Torn { at: whole });
        // A length beyond the limit is torn, not an allocation.
        assert_eq!(read_frames(&bytes, 4).1, FrameStop::Torn { at: whole });
    }

    #[test]
    fn identity_round_trips_and_rejects_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Identity::read(dir.path()).unwrap(), None);
        let id = Identity {
            node_id: NodeId(4),
            cluster_id: ClusterId::random(),
        };
        assert_eq!(id.cluster_id.0.len(), 22);
        id.write(dir.path()).unwrap();
        assert_eq!(Identity::read(dir.path()).unwrap(), Some(id));
        for garbage in [
            "version=1\nnode.id=x\ncluster.id=a\n",
            "node.id=1\n",
            "\u{0}\u{ff}",
            "version=2\nnode.id=1\ncluster.id=a",
        ] {
            fs::write(dir.path().join(IDENTITY_FILE), garbage).unwrap();
            let err = Identity::read(dir.path()).unwrap_err();
            assert!(err.to_string().contains(IDENTITY_FILE), "{err}");
        }
    }
}

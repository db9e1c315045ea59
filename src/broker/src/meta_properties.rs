//! `meta.properties`, the identity Kafka writes into every log directory when it formats it
//! (`kafka-storage format`): `version=1`, `cluster.id`, `node.id`, `directory.id`. Sluice writes
//! the same file (`sluice format`, or the embedded single node on its first start) and checks it
//! on every start, with Kafka's messages.

use anyhow::Context;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "meta.properties";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetaProperties {
    pub cluster_id: String,
    pub node_id: i32,
    pub directory_id: String,
}

impl MetaProperties {
    /// Reads `dir/meta.properties`; `Ok(None)` when the directory is not formatted.
    pub fn read(dir: &Path) -> anyhow::Result<Option<MetaProperties>> {
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let pairs: BTreeMap<String, String> = config::parse_properties(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .into_iter()
            .map(|(key, value, _line)| (key, value))
            .collect();
        let get = |key: &str| {
            pairs
                .get(key)
                .cloned()
                .ok_or_else(|| anyhow::anyhow!("{}: no {key}", path.display()))
        };
        let version = get("version")?;
        anyhow::ensure!(
            version == "1",
            "{}: version {version} (Sluice reads version 1, KRaft's)",
            path.display()
        );
        let node_id = get("node.id")?
            .parse()
            .with_context(|| format!("{}: node.id", path.display()))?;
        Ok(Some(MetaProperties {
            cluster_id: get("cluster.id")?,
            node_id,
            directory_id: pairs.get("directory.id").cloned().unwrap_or_default(),
        }))
    }

    /// Writes `dir/meta.properties` durably (temp file, fsync, rename, fsync of the dir).
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(FILE_NAME);
        let temp = dir.join(format!("{FILE_NAME}.tmp"));
        let text = format!(
            "#\n#{}\ncluster.id={}\ndirectory.id={}\nnode.id={}\nversion=1\n",
            "Written by sluice format", self.cluster_id, self.directory_id, self.node_id
        );
        let mut file =
            std::fs::File::create(&temp).with_context(|| format!("creating {}", temp.display()))?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, &path)
            .with_context(|| format!("renaming {} to {}", temp.display(), path.display()))?;
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    }
}

/// Checks every formatted dir against the config and each other, as Kafka's
/// `MetaPropertiesEnsemble.verify` does, and returns the cluster id they share. `dirs` lists
/// each log dir with its `meta.properties` (None when unformatted).
pub fn verify(
    dirs: &[(PathBuf, Option<MetaProperties>)],
    node_id: i32,
) -> anyhow::Result<Option<String>> {
    let mut cluster: Option<(&Path, &str)> = None;
    for (dir, meta) in dirs {
        let Some(meta) = meta else { continue };
        let path = dir.join(FILE_NAME);
        anyhow::ensure!(
            meta.node_id == node_id,
            "Stored node id {} doesn't match previous node id {node_id} in {}. If you moved your data, make sure your configured node id matches. If you intend to create a new node, you should remove all data in your data directories.",
            meta.node_id,
            path.display()
        );
        match cluster {
            Some((first, id)) if id != meta.cluster_id => anyhow::bail!(
                "Invalid cluster.id in: {}. Expected {id} (from {}), but read {}. The log dirs were formatted for different clusters.",
                path.display(),
                first.join(FILE_NAME).display(),
                meta.cluster_id
            ),
            Some(_) => {}
            None => cluster = Some((dir, &meta.cluster_id)),
        }
    }
    Ok(cluster.map(|(_, id)| id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(cluster: &str, node: i32) -> MetaProperties {
        MetaProperties {
            cluster_id: cluster.into(),
            node_id: node,
            directory_id: "d".into(),
        }
    }

    #[test]
    fn written_files_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let m = meta("MkU3OEVBNTcwNTJENDM2Qk", 3);
        m.write(dir.path()).unwrap();
        assert_eq!(MetaProperties::read(dir.path()).unwrap(), Some(m));
        assert_eq!(
            MetaProperties::read(&dir.path().join("none")).unwrap(),
            None
        );
    }

    #[test]
    fn dirs_of_other_clusters_or_nodes_are_refused_naming_the_file() {
        let a = (PathBuf::from("/a"), Some(meta("one", 1)));
        let b = (PathBuf::from("/b"), Some(meta("two", 1)));
        let c = (PathBuf::from("/c"), None);
        assert_eq!(
            verify(&[a.clone(), c.clone()], 1).unwrap(),
            Some("one".into())
        );
        let err = verify(&[a.clone(), b], 1).unwrap_err().to_string();
        assert!(
            err.contains("/b/meta.properties") && err.contains("Expected one"),
            "{err}"
        );
        let err = verify(&[a], 2).unwrap_err().to_string();
        assert!(
            err.contains("Stored node id 1 doesn't match previous node id 2"),
            "{err}"
        );
        assert_eq!(verify(&[c], 1).unwrap(), None);
    }
}

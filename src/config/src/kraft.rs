//! KRaft quorum settings as Kafka writes them: `controller.quorum.voters` entries are
//! `id@host:port` (IPv6 hosts in brackets), and `process.roles` is a list of `broker` and
//! `controller`.

/// One voter of `controller.quorum.voters`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuorumVoter {
    pub id: i32,
    pub host: String,
    pub port: u16,
}

/// Parses `controller.quorum.voters`; the messages are Kafka's (`QuorumConfig`).
pub fn parse_quorum_voters(items: &[String]) -> Result<Vec<QuorumVoter>, String> {
    let mut voters: Vec<QuorumVoter> = Vec::with_capacity(items.len());
    for item in items {
        let item = item.trim();
        let (id, address) = item
            .split_once('@')
            .ok_or_else(|| format!("Unable to parse {item} as a voter: expected id@host:port"))?;
        let id: i32 = id
            .parse()
            .ok()
            .filter(|id| *id >= 0)
            .ok_or_else(|| format!("Failed to parse node id in voter {item}"))?;
        let (host, port) = address
            .rsplit_once(':')
            .ok_or_else(|| format!("Unable to parse {item} as a voter: expected id@host:port"))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = port
            .parse()
            .map_err(|_| format!("Failed to parse port in voter {item}"))?;
        if host.is_empty() {
            return Err(format!("Unable to parse {item} as a voter: empty host"));
        }
        if voters.iter().any(|v| v.id == id) {
            return Err(format!(
                "Duplicate voter id {id} in controller.quorum.voters"
            ));
        }
        voters.push(QuorumVoter {
            id,
            host: host.to_string(),
            port,
        });
    }
    Ok(voters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<String> {
        text.split(',').map(str::to_string).collect()
    }

    #[test]
    fn voters_parse_as_kafka_writes_them() {
        assert_eq!(
            parse_quorum_voters(&items("1@localhost:9093,2@[::1]:9094")).unwrap(),
            vec![
                QuorumVoter {
                    id: 1,
                    host: "localhost".into(),
                    port: 9093
                },
                QuorumVoter {
                    id: 2,
                    host: "::1".into(),
                    port: 9094
                },
            ]
        );
        for bad in [
            "localhost:9093",
            "x@h:1",
            "1@h",
            "1@h:x",
            "1@:9",
            "1@h:1,1@g:2",
        ] {
            assert!(parse_quorum_voters(&items(bad)).is_err(), "{bad}");
        }
    }
}

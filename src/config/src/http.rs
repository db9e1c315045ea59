//! `http.listeners` (Sluice only): where the shards serve HTTP — `/metrics` (Prometheus),
//! `/health/live` and `/health/ready`. Written as Kafka writes listeners, with the scheme as the
//! name: `http://host:port`, comma-separated; empty disables HTTP.

use crate::listener::{parse_endpoint, Listener, SecurityProtocol};

/// The one scheme served (no TLS on the HTTP listener yet).
const SCHEME: &str = "HTTP";

/// Parses `http.listeners`: every entry `http://host:port` (port 0: any free port, as for
/// `listeners`), no address twice.
pub(crate) fn parse_http_listeners(items: &[String]) -> Result<Vec<Listener>, String> {
    let mut out: Vec<Listener> = Vec::new();
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        let endpoint = parse_endpoint(item).map_err(|_| {
            format!("Unable to parse {item} as an HTTP listener (http://host:port)")
        })?;
        if endpoint.name != SCHEME {
            return Err(format!(
                "{item}: an HTTP listener starts with http:// (no other scheme is served)"
            ));
        }
        let listener = Listener {
            name: endpoint.name,
            host: endpoint.host,
            port: endpoint.port,
            security_protocol: SecurityProtocol::Plaintext,
        };
        if listener.port != 0
            && out
                .iter()
                .any(|l| l.host == listener.host && l.port == listener.port)
        {
            return Err(format!("{item} is listed twice"));
        }
        out.push(listener);
    }
    Ok(out)
}

/// The key table's validator.
pub(crate) fn validate_http_listeners(value: &str) -> Result<(), String> {
    parse_http_listeners(&crate::def::split_list(value)).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> Result<Vec<Listener>, String> {
        parse_http_listeners(&crate::def::split_list(value))
    }

    #[test]
    fn parses_http_listeners() {
        let l = parse("http://127.0.0.1:9644, http://[::1]:0").unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].host.as_str(), l[0].port), ("127.0.0.1", 9644));
        assert_eq!(l[0].bind_address(), "127.0.0.1:9644");
        assert_eq!(l[1].bind_address(), "[::1]:0");
        assert!(parse("").unwrap().is_empty());
        assert!(parse(" ").unwrap().is_empty());
    }

    #[test]
    fn refuses_bad_http_listeners() {
        for bad in [
            "127.0.0.1:9644",
            "https://127.0.0.1:9644",
            "PLAINTEXT://127.0.0.1:9644",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:9644,http://127.0.0.1:9644",
            "http://bad host:1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}

//! Listener endpoints (`listeners`, `advertised.listeners`) and the listener → security protocol
//! map, parsed as Kafka does: `NAME://host:port`, IPv6 hosts in brackets, names upper-cased.

use std::collections::BTreeMap;
use std::fmt;

/// Kafka's security protocols (PLAINTEXT and SSL are served by Sluice today; see the crate header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SecurityProtocol {
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}

impl SecurityProtocol {
    pub fn name(self) -> &'static str {
        match self {
            SecurityProtocol::Plaintext => "PLAINTEXT",
            SecurityProtocol::Ssl => "SSL",
            SecurityProtocol::SaslPlaintext => "SASL_PLAINTEXT",
            SecurityProtocol::SaslSsl => "SASL_SSL",
        }
    }

    /// Kafka's id of the protocol (`SecurityProtocol.id`), as broker registrations carry it.
    pub fn id(self) -> i16 {
        match self {
            SecurityProtocol::Plaintext => 0,
            SecurityProtocol::Ssl => 1,
            SecurityProtocol::SaslPlaintext => 2,
            SecurityProtocol::SaslSsl => 3,
        }
    }

    pub fn from_name(name: &str) -> Option<SecurityProtocol> {
        match name.trim().to_ascii_uppercase().as_str() {
            "PLAINTEXT" => Some(SecurityProtocol::Plaintext),
            "SSL" => Some(SecurityProtocol::Ssl),
            "SASL_PLAINTEXT" => Some(SecurityProtocol::SaslPlaintext),
            "SASL_SSL" => Some(SecurityProtocol::SaslSsl),
            _ => None,
        }
    }
}

/// One listener endpoint. `host` empty means every interface when binding (Kafka's meaning).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listener {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub security_protocol: SecurityProtocol,
}

impl Listener {
    /// `host:port` to bind, with `0.0.0.0` for an empty host and brackets around IPv6.
    pub fn bind_address(&self) -> String {
        let host = if self.host.is_empty() {
            "0.0.0.0"
        } else {
            &self.host
        };
        if host.contains(':') {
            format!("[{host}]:{}", self.port)
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

impl fmt::Display for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}://[{}]:{}", self.name, self.host, self.port)
        } else {
            write!(f, "{}://{}:{}", self.name, self.host, self.port)
        }
    }
}

/// An endpoint before its security protocol is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub name: String,
    pub host: String,
    pub port: u16,
}

pub(crate) fn parse_endpoint(text: &str) -> Result<Endpoint, String> {
    let unparsable = || format!("Unable to parse {text} to a broker endpoint");
    let (name, address) = text.trim().split_once("://").ok_or_else(unparsable)?;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(unparsable());
    }
    let (host, port) = split_host_port(address).ok_or_else(unparsable)?;
    let host_ok = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '%' | '.' | '_' | ':'));
    if !host_ok {
        return Err(unparsable());
    }
    let port: u16 = port.parse().map_err(|_| {
        format!("Unable to parse {text} to a broker endpoint: port must be 0..65535")
    })?;
    Ok(Endpoint {
        name: name.to_ascii_uppercase(),
        host: host.to_string(),
        port,
    })
}

fn split_host_port(address: &str) -> Option<(&str, &str)> {
    if let Some(rest) = address.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return Some((host, after.strip_prefix(':')?));
    }
    address.rsplit_once(':')
}

/// Parses a comma-separated listener list; names must be distinct.
pub(crate) fn parse_endpoints(value: &str) -> Result<Vec<Endpoint>, String> {
    let mut endpoints: Vec<Endpoint> = Vec::new();
    for item in crate::def::split_list(value.trim()) {
        let endpoint = parse_endpoint(&item)?;
        if endpoints.iter().any(|e| e.name == endpoint.name) {
            return Err(format!(
                "Each listener must have a different name, listeners: {value}"
            ));
        }
        endpoints.push(endpoint);
    }
    Ok(endpoints)
}

pub(crate) fn validate_listener_list(value: &str) -> Result<(), String> {
    parse_endpoints(value).map(|_| ())
}

/// The validator of `listeners` (not `advertised.listeners`, which may share ports behind a
/// proxy): names and ports distinct.
pub(crate) fn validate_bound_listener_list(value: &str) -> Result<(), String> {
    check_distinct_ports(&parse_endpoints(value)?, value)
}

/// Kafka's rule for the listeners a broker binds: no two on one port (port 0 aside), except one
/// IPv4 and one IPv6 address. Every listener is bound with SO_REUSEPORT, so two on one port
/// would not fail to bind: they would share the port's connections.
pub(crate) fn check_distinct_ports(endpoints: &[Endpoint], value: &str) -> Result<(), String> {
    use std::net::IpAddr;
    let mut ports: Vec<u16> = endpoints
        .iter()
        .map(|e| e.port)
        .filter(|&p| p != 0)
        .collect();
    ports.sort_unstable();
    ports.dedup();
    for port in ports {
        let sharing: Vec<&Endpoint> = endpoints.iter().filter(|e| e.port == port).collect();
        if sharing.len() < 2 {
            continue;
        }
        let ips: Vec<IpAddr> = sharing
            .iter()
            .filter_map(|e| e.host.parse::<IpAddr>().ok())
            .collect();
        if ips.len() < sharing.len() - 1 {
            return Err(format!(
                "Each listener must have a different port, listeners: {value}"
            ));
        }
        let one_of_each = ips.len() == 2 && ips[0].is_ipv4() != ips[1].is_ipv4();
        if ips.len() == 2 && (!one_of_each || sharing.len() > 2) {
            return Err(format!(
                "If you have two listeners on the same port then one needs to be IPv4 and the other IPv6, listeners: {value}, port: {port}"
            ));
        }
        if ips.len() != 2 {
            return Err(format!(
                "Each listener must have a different port unless exactly one listener has an IPv4 address and the other IPv6 address, listeners: {value}, port: {port}"
            ));
        }
    }
    Ok(())
}

/// Parses `NAME:PROTOCOL,...` into upper-cased names.
pub(crate) fn parse_protocol_map(
    value: &str,
) -> Result<BTreeMap<String, SecurityProtocol>, String> {
    let mut map = BTreeMap::new();
    for item in crate::def::split_list(value.trim()) {
        let (name, protocol) = item
            .split_once(':')
            .ok_or_else(|| format!("Map entry '{item}' is not of the form NAME:PROTOCOL"))?;
        let protocol = SecurityProtocol::from_name(protocol)
            .ok_or_else(|| format!("No security protocol named '{}'", protocol.trim()))?;
        let name = name.trim().to_ascii_uppercase();
        if map.insert(name.clone(), protocol).is_some() {
            return Err(format!("Duplicate listener name {name}"));
        }
    }
    Ok(map)
}

pub(crate) fn validate_protocol_map(value: &str) -> Result<(), String> {
    parse_protocol_map(value).map(|_| ())
}

/// This machine's host name (the kernel's node name), used to advertise a listener bound to
/// every interface, as Kafka advertises its canonical host name. Falls back to `localhost`.
pub(crate) fn local_host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_parse_like_kafka() {
        let e = parse_endpoint("plaintext://127.0.0.1:9092").unwrap();
        assert_eq!(
            e,
            Endpoint {
                name: "PLAINTEXT".into(),
                host: "127.0.0.1".into(),
                port: 9092
            }
        );
        assert_eq!(parse_endpoint("PLAINTEXT://:9092").unwrap().host, "");
        assert_eq!(
            parse_endpoint("PLAINTEXT://[::1]:9092").unwrap().host,
            "::1"
        );
        assert_eq!(
            parse_endpoint("CLIENT://my-host.example.com:0")
                .unwrap()
                .port,
            0
        );
    }

    #[test]
    fn bad_endpoints() {
        for bad in [
            "PLAINTEXT:9092",
            "://h:1",
            "PLAINTEXT://h",
            "PLAINTEXT://h:70000",
            "PLAINTEXT://h:-1",
            "P L://h:1",
            "PLAINTEXT://h/x:1",
        ] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn duplicate_names_are_rejected() {
        assert!(parse_endpoints("PLAINTEXT://:1,plaintext://:2").is_err());
        assert_eq!(parse_endpoints("A://:1, B://:2").unwrap().len(), 2);
        assert!(parse_endpoints("").unwrap().is_empty());
    }

    #[test]
    fn bound_listeners_take_distinct_ports_as_in_kafka() {
        let check = |v: &str| check_distinct_ports(&parse_endpoints(v).unwrap(), v);
        assert!(check("A://:9092,B://:9093").is_ok());
        assert!(check("A://:0,B://:0").is_ok());
        assert!(check("A://127.0.0.1:9092,B://[::1]:9092").is_ok());
        let same = check("A://:9092,B://localhost:9092").unwrap_err();
        assert!(
            same.contains("Each listener must have a different port"),
            "{same}"
        );
        let both_v4 = check("A://127.0.0.1:9092,B://127.0.0.2:9092").unwrap_err();
        assert!(
            both_v4.contains("one needs to be IPv4 and the other IPv6"),
            "{both_v4}"
        );
        let mixed = check("A://127.0.0.1:9092,B://host:9092").unwrap_err();
        assert!(mixed.contains("unless exactly one listener"), "{mixed}");
        assert!(check("A://127.0.0.1:9092,B://[::1]:9092,C://h:9092").is_err());
        assert!(check("A://127.0.0.1:9092,B://[::1]:9092,C://[::2]:9092").is_err());
    }

    #[test]
    fn protocol_map() {
        let map = parse_protocol_map("controller:PLAINTEXT, CLIENT:sasl_ssl").unwrap();
        assert_eq!(map["CONTROLLER"], SecurityProtocol::Plaintext);
        assert_eq!(map["CLIENT"], SecurityProtocol::SaslSsl);
        assert!(parse_protocol_map("A:TLS").is_err());
        assert!(parse_protocol_map("A").is_err());
        assert!(parse_protocol_map("A:SSL,a:SSL").is_err());
    }

    #[test]
    fn bind_address_and_display() {
        let l = Listener {
            name: "PLAINTEXT".into(),
            host: "".into(),
            port: 9092,
            security_protocol: SecurityProtocol::Plaintext,
        };
        assert_eq!(l.bind_address(), "0.0.0.0:9092");
        let v6 = Listener {
            host: "::1".into(),
            ..l
        };
        assert_eq!(v6.bind_address(), "[::1]:9092");
        assert_eq!(v6.to_string(), "PLAINTEXT://[::1]:9092");
    }
}

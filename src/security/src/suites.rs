//! `ssl.enabled.protocols` and `ssl.cipher.suites` with Java's names, mapped onto what rustls
//! implements. A name rustls lacks is refused rather than dropped, so a configured suite list is
//! never silently different from the one served.

use rustls::crypto::ring::cipher_suite as rs;
use rustls::{SupportedCipherSuite, SupportedProtocolVersion};

/// Java (IANA) names of the suites rustls's ring provider offers.
const SUITES: &[(&str, &SupportedCipherSuite)] = &[
    ("TLS_AES_128_GCM_SHA256", &rs::TLS13_AES_128_GCM_SHA256),
    ("TLS_AES_256_GCM_SHA384", &rs::TLS13_AES_256_GCM_SHA384),
    (
        "TLS_CHACHA20_POLY1305_SHA256",
        &rs::TLS13_CHACHA20_POLY1305_SHA256,
    ),
    (
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        &rs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ),
    (
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        &rs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ),
    (
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        &rs::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ),
    (
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        &rs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ),
    (
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        &rs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ),
    (
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        &rs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ),
];

/// `ssl.cipher.suites`: empty means every suite rustls offers (Java's default set is a
/// superset of these minus the CBC and RSA-key-exchange suites rustls leaves out on purpose).
pub(crate) fn cipher_suites(names: &[String]) -> Result<Vec<SupportedCipherSuite>, String> {
    if names.is_empty() {
        return Ok(SUITES.iter().map(|(_, suite)| **suite).collect());
    }
    names
        .iter()
        .map(|name| {
            let name = name.trim();
            // OpenSSL-style TLS 1.3 aliases as rustls writes them are accepted too.
            let java = name.strip_prefix("TLS13_").map(|rest| format!("TLS_{rest}"));
            SUITES
                .iter()
                .find(|(known, _)| *known == name || Some(*known) == java.as_deref())
                .map(|(_, suite)| **suite)
                .ok_or_else(|| {
                    format!(
                        "ssl.cipher.suites: {name} is not a cipher suite Sluice (rustls) implements; the ones it does: {}",
                        SUITES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(",")
                    )
                })
        })
        .collect()
}

/// `ssl.enabled.protocols`: TLSv1.2 and TLSv1.3. Older versions are left out with a warning
/// (rustls does not implement them; Kafka disabled them by default in 3.0 too); a list with
/// nothing left, or an unknown name, is refused.
pub(crate) fn protocol_versions(
    names: &[String],
) -> Result<Vec<&'static SupportedProtocolVersion>, String> {
    let mut versions = Vec::new();
    for name in names {
        match name.trim() {
            "TLSv1.3" => versions.push(&rustls::version::TLS13),
            "TLSv1.2" => versions.push(&rustls::version::TLS12),
            old @ ("TLSv1" | "TLSv1.1" | "SSLv3" | "SSLv2Hello") => {
                tracing::warn!(
                    "ssl.enabled.protocols: {old} is left out (rustls implements TLSv1.2 and TLSv1.3 only)"
                );
            }
            other => {
                return Err(format!(
                    "ssl.enabled.protocols: unknown protocol {other} (TLSv1.2 and TLSv1.3 are supported)"
                ))
            }
        }
    }
    if versions.is_empty() {
        return Err("ssl.enabled.protocols enables neither TLSv1.2 nor TLSv1.3".to_string());
    }
    Ok(versions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &str) -> Vec<String> {
        list.split(',').map(str::to_string).collect()
    }

    #[test]
    fn java_names_map_to_rustls_suites() {
        let suites = cipher_suites(&names(
            "TLS_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ))
        .unwrap();
        assert_eq!(suites.len(), 2);
        assert_eq!(
            suites[0].suite(),
            rustls::CipherSuite::TLS13_AES_256_GCM_SHA384
        );
        assert_eq!(cipher_suites(&[]).unwrap().len(), SUITES.len());
        let error = cipher_suites(&names("TLS_RSA_WITH_AES_128_CBC_SHA")).unwrap_err();
        assert!(error.contains("TLS_RSA_WITH_AES_128_CBC_SHA"), "{error}");
    }

    #[test]
    fn protocols() {
        assert_eq!(
            protocol_versions(&names("TLSv1.2,TLSv1.3")).unwrap().len(),
            2
        );
        assert_eq!(
            protocol_versions(&names("TLSv1.1,TLSv1.3")).unwrap().len(),
            1
        );
        assert!(protocol_versions(&names("TLSv1.1")).is_err());
        assert!(protocol_versions(&names("TLSv9")).is_err());
    }
}

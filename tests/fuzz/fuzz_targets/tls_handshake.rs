//! The TLS side of a connection, on bytes a client chooses: the server handshake (rustls, with the
//! configuration `security` builds from Kafka's `ssl.*` keys, client certificates requested),
//! the certificate subject → principal mapping, and the `ssl.principal.mapping.rules` parser.
//!
//! Input: byte 0 picks the path. 0: the rest is what a client sends on a TLS listener, fed to a
//! rustls `ServerConnection` in chunks of byte 1 (+1) bytes; whatever the server writes is
//! drained. 1: the rest is a DER certificate for `subject_rfc2253` and the DEFAULT mapper.
//! 2: the rest is `ssl.principal.mapping.rules` text, then applied to a fixed name.
//! Must hold: no panic anywhere; rustls's errors end the connection, nothing else.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{Read, Write};
use std::sync::{Arc, OnceLock};

/// A P-256 key and self-signed certificate (CN=fuzz, valid until 2126), only for this target.
const KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJgves7Qmku18GEJ+
NGzdLH60zW0L7UNVdKm1RZ45kMKhRANCAAT1F5rfmPvcgshXqWsU97Amazh2b2Tr
wrAps1mmNJ5NbUyz+YcV3J98xPDaaWB8u9C2YEMn23atkocAqTgJZh5e
-----END PRIVATE KEY-----";
const CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBdTCCARugAwIBAgIUTV6XgEAzewYrJkaITwf9Srf0gFcwCgYIKoZIzj0EAwIw
DzENMAsGA1UEAwwEZnV6ejAgFw0yNjEyMDUxNzM0MjNaGA8yMTI2MTExMTE3MzQy
M1owDzENMAsGA1UEAwwEZnV6ejBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPUX
mt+Y+9yCyFepaxT3sCZrOHZvZOvCsCmzWaY0nk1tTLP5hxXcn3zE8NppYHy70LZg
Qyfbdq2ShwCpOAlmHl6jUzBRMB0GA1UdDgQWBBT6j9wcQ7nQ9SPexy70z31GFx2I
+DAfBgNVHSMEGDAWgBT6j9wcQ7nQ9SPexy70z31GFx2I+DAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0gAMEUCIQCy162PKL/Ulv82MLQEow+FYyWMCFLAMvFt
/LC+FR85fQIgbTckwsDlny6/XuNsNdEHNrlGe8E0bkbYaL9eNDGBZXw=
-----END CERTIFICATE-----";

fn server_config() -> Arc<rustls::ServerConfig> {
    static CONFIG: OnceLock<Arc<rustls::ServerConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let settings: Vec<(String, String)> = [
                ("listeners", "SSL://127.0.0.1:9093"),
                ("ssl.keystore.type", "PEM"),
                ("ssl.keystore.key", KEY),
                ("ssl.keystore.certificate.chain", CERT),
                ("ssl.truststore.type", "PEM"),
                ("ssl.truststore.certificates", CERT),
                ("ssl.client.auth", "requested"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            let (config, _) = config::BrokerConfig::from_properties(&[], &settings).expect("config");
            let tls = security::TlsListeners::load(&config).expect("TLS listener");
            tls.get("SSL").expect("the SSL listener").server.clone()
        })
        .clone()
}

fn handshake(chunk: usize, mut client: &[u8]) {
    let Ok(mut conn) = rustls::ServerConnection::new(server_config()) else {
        return;
    };
    let mut out = Vec::new();
    while !client.is_empty() {
        let take = chunk.min(client.len());
        let mut piece = &client[..take];
        client = &client[take..];
        while !piece.is_empty() {
            match conn.read_tls(&mut piece) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if conn.process_new_packets().is_err() {
                let _ = conn.write_tls(&mut out);
                return;
            }
            let mut plain = [0u8; 4096];
            while let Ok(n) = conn.reader().read(&mut plain) {
                if n == 0 {
                    break;
                }
            }
            out.clear();
            while conn.wants_write() {
                if conn.write_tls(&mut out).is_err() {
                    return;
                }
            }
        }
    }
    let _ = conn.writer().write_all(b"after");
    if let Some([cert, ..]) = conn.peer_certificates() {
        let mapper = security::PrincipalMapper::parse("DEFAULT").expect("DEFAULT parses");
        let _ = mapper.principal(cert);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&path, rest)) = data.split_first() else {
        return;
    };
    match path % 3 {
        0 => {
            let Some((&chunk, client)) = rest.split_first() else {
                return;
            };
            handshake(usize::from(chunk) + 1, client);
        }
        1 => {
            if let Ok(dn) = security::principal::subject_rfc2253(rest) {
                let mapper = security::PrincipalMapper::parse("DEFAULT").expect("DEFAULT parses");
                assert_eq!(mapper.map(&dn).as_deref(), Ok(dn.as_str()));
            }
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            if let Ok(mapper) = security::PrincipalMapper::parse(&text) {
                let _ = mapper.map("CN=alice,OU=Clients,O=Sluice,C=DE");
            }
        }
    }
});

//! Security decisions, once per process: a listener's TLS server configuration built from Kafka's
//! `ssl.*` keys (with `listener.name.<name>.` overrides), a SASL listener's mechanisms and
//! credentials (`sasl`: PLAIN, SCRAM-SHA-256/512 through `scram`), and the principal a connection authenticates as
//! (`ssl.principal.mapping.rules` over the client certificate's distinguished name, as Kafka's
//! `DefaultKafkaPrincipalBuilder` does, or the SASL user); and this node as a client of its
//! peers' inter-broker and controller listeners (`peer`: TLS and SASL credentials).
//!
//! Knows nothing of glommio or shards: `network` runs the handshakes with what this builds.
//!
//! Invariants:
//! - A listener whose keys cannot make a working server configuration stops start-up with a
//!   message naming the listener and the key; nothing is silently served in plaintext.
//! - Key material is read once here; passwords never appear in messages.
//!
//! Deliberately not here: GSSAPI (refused at start-up), ACLs (not yet); when a reload happens (`network` rebuilds a
//! listener's configuration with `ListenerTls::load_with` once this broker's dynamic
//! `listener.name.<name>.ssl.*` configs or its store files change).

mod keystore;
pub mod oauth;
pub mod peer;
pub mod principal;
pub mod sasl;
pub mod scram;
mod suites;
pub mod tls;

pub use peer::{PeerClient, PeerCredentials, SaslClient};
pub use principal::{CertificateIdentity, KafkaPrincipal, PrincipalMapper};
pub use sasl::{
    AuthenticationFailed, SaslContext, SaslFailure, SaslListener, SaslListeners, SaslServer,
    SaslStep,
};
pub use scram::{ScramCredential, ScramMechanism};
pub use tls::{
    dynamic_tls_settings, peer_client_tls, store_files, validate_dynamic, ClientAuth, ListenerTls,
    TlsListeners,
};

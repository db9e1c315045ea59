//! SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) as Kafka's `ScramSaslServer` runs
//! them: the client-first message (`n,[a=authzid],n=<saslname>,r=<nonce>[,ext=value]*`), the
//! server-first answer with the user's salt and iterations, the client-final message whose
//! proof is checked against the stored key (in constant time), and the server-final signature.
//! Credentials (salt, stored key, server key, iterations) come from the metadata image; the
//! caller looks them up (`ScramServer::first` takes the lookup).
//!
//! Kafka's rules kept here: `tokenauth=true` (delegation tokens) is refused, as Kafka refuses a
//! token it does not know (Sluice has no delegation tokens); an authorization id other than the
//! user name is refused with Kafka's message; a credential with fewer iterations than the
//! mechanism's minimum (4096) is refused. Every other failure answers the client with Kafka's
//! generic message (the detail, never a secret, goes to the log).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ring::{digest, hmac, pbkdf2, rand::SecureRandom};

/// Kafka's minimum iterations for both SCRAM mechanisms (`ScramMechanism.minIterations`).
pub const ITERATIONS_MIN: i32 = 4096;
/// Kafka's controller refuses more (`ScramControlManager.MAX_ITERATIONS`).
pub const ITERATIONS_MAX: i32 = 16384;
/// Longest SCRAM message accepted: RFC 5802 messages are a few hundred bytes; this bounds the
/// work a hostile client can ask for.
pub const MESSAGE_BYTES_MAX: usize = 4096;

/// A SCRAM mechanism, with Kafka's type ids (AlterUserScramCredentials, the metadata record).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScramMechanism {
    Sha256,
    Sha512,
}

impl ScramMechanism {
    pub const ALL: [ScramMechanism; 2] = [ScramMechanism::Sha256, ScramMechanism::Sha512];

    pub fn name(self) -> &'static str {
        match self {
            ScramMechanism::Sha256 => "SCRAM-SHA-256",
            ScramMechanism::Sha512 => "SCRAM-SHA-512",
        }
    }

    pub fn from_name(name: &str) -> Option<ScramMechanism> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Kafka's `org.apache.kafka.clients.admin.ScramMechanism` type: 1 and 2 (0 is UNKNOWN).
    pub fn type_id(self) -> i8 {
        match self {
            ScramMechanism::Sha256 => 1,
            ScramMechanism::Sha512 => 2,
        }
    }

    pub fn from_type_id(id: i8) -> Option<ScramMechanism> {
        Self::ALL.into_iter().find(|m| m.type_id() == id)
    }

    fn hmac(self) -> hmac::Algorithm {
        match self {
            ScramMechanism::Sha256 => hmac::HMAC_SHA256,
            ScramMechanism::Sha512 => hmac::HMAC_SHA512,
        }
    }

    fn digest(self) -> &'static digest::Algorithm {
        match self {
            ScramMechanism::Sha256 => &digest::SHA256,
            ScramMechanism::Sha512 => &digest::SHA512,
        }
    }

    fn pbkdf2(self) -> pbkdf2::Algorithm {
        match self {
            ScramMechanism::Sha256 => pbkdf2::PBKDF2_HMAC_SHA256,
            ScramMechanism::Sha512 => pbkdf2::PBKDF2_HMAC_SHA512,
        }
    }

    fn output_len(self) -> usize {
        self.digest().output_len()
    }
}

/// A stored SCRAM credential. `Debug` never shows the keys or the salt.
#[derive(Clone, PartialEq, Eq)]
pub struct ScramCredential {
    pub salt: Vec<u8>,
    pub stored_key: Vec<u8>,
    pub server_key: Vec<u8>,
    pub iterations: i32,
}

impl std::fmt::Debug for ScramCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScramCredential([hidden])")
    }
}

fn hmac(mechanism: ScramMechanism, key: &[u8], data: &[u8]) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(mechanism.hmac(), key), data)
        .as_ref()
        .to_vec()
}

fn hash(mechanism: ScramMechanism, data: &[u8]) -> Vec<u8> {
    digest::digest(mechanism.digest(), data).as_ref().to_vec()
}

/// `Hi(password, salt, iterations)` (PBKDF2): what a client sends as `salted_password` in
/// AlterUserScramCredentials. `iterations` must be positive.
pub fn salted_password(
    mechanism: ScramMechanism,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
) -> Vec<u8> {
    let mut out = vec![0u8; mechanism.output_len()];
    let iterations = std::num::NonZeroU32::new(iterations.max(1)).expect("at least 1");
    pbkdf2::derive(mechanism.pbkdf2(), iterations, salt, password, &mut out);
    out
}

/// The credential a salted password makes (Kafka's controller does this for an upsertion):
/// stored key `H(HMAC(salted, "Client Key"))`, server key `HMAC(salted, "Server Key")`.
pub fn credential_from_salted(
    mechanism: ScramMechanism,
    salt: &[u8],
    salted_password: &[u8],
    iterations: i32,
) -> ScramCredential {
    let client_key = hmac(mechanism, salted_password, b"Client Key");
    ScramCredential {
        salt: salt.to_vec(),
        stored_key: hash(mechanism, &client_key),
        server_key: hmac(mechanism, salted_password, b"Server Key"),
        iterations,
    }
}

/// Checks a password against a stored credential without an exchange (the web console's login
/// and HTTP Basic): derives the salted password with the credential's own salt and iterations,
/// as the client of a SCRAM exchange does, and compares the stored key and the server key it
/// gives with the stored ones, in constant time. A credential whose iterations are outside
/// Kafka's range never matches (the exchange refuses it too, and it bounds the work).
pub fn verify_password(
    mechanism: ScramMechanism,
    credential: &ScramCredential,
    password: &[u8],
) -> bool {
    let Ok(iterations) = u32::try_from(credential.iterations) else {
        return false;
    };
    if !(ITERATIONS_MIN..=ITERATIONS_MAX).contains(&credential.iterations) {
        return false;
    }
    let salted = salted_password(mechanism, password, &credential.salt, iterations);
    let derived =
        credential_from_salted(mechanism, &credential.salt, &salted, credential.iterations);
    // Both compared, whatever the first gives: the time does not say which differed.
    let stored = constant_time_eq(&derived.stored_key, &credential.stored_key);
    let server = constant_time_eq(&derived.server_key, &credential.server_key);
    stored & server
}

/// A new random salt (for `sluice format --add-scram` without `salt=`).
pub fn random_bytes(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    ring::rand::SystemRandom::new()
        .fill(&mut out)
        .expect("the system random source works");
    out
}

/// Why a SCRAM exchange failed. `client_message` is what SaslAuthenticate answers (Kafka's
/// wording); `detail` is for the broker's log and never holds a secret.
#[derive(Debug, PartialEq, Eq)]
pub struct ScramFailure {
    pub client_message: Option<String>,
    pub detail: String,
}

fn fail(detail: impl Into<String>) -> ScramFailure {
    ScramFailure {
        client_message: None,
        detail: detail.into(),
    }
}

enum State {
    ClientFirst,
    ClientFinal {
        user: String,
        credential: ScramCredential,
        /// `client-first-message-bare` and the server-first message, for the AuthMessage.
        client_first_bare: String,
        server_first: String,
        nonce: String,
    },
    Done,
}

/// One SCRAM exchange on the server side: `first` then `last`, each at most once.
pub struct ScramServer {
    mechanism: ScramMechanism,
    state: State,
}

impl ScramServer {
    pub fn new(mechanism: ScramMechanism) -> ScramServer {
        ScramServer {
            mechanism,
            state: State::ClientFirst,
        }
    }

    pub fn mechanism(&self) -> ScramMechanism {
        self.mechanism
    }

    /// Whether the next message is the client-first message.
    pub fn expects_first(&self) -> bool {
        matches!(self.state, State::ClientFirst)
    }

    /// Handles the client-first message; answers the server-first message. `lookup` finds a
    /// user's credential for this mechanism. `server_nonce` is fresh randomness (printable,
    /// no comma).
    pub fn first(
        &mut self,
        message: &[u8],
        server_nonce: &str,
        lookup: &dyn Fn(&str) -> Option<ScramCredential>,
    ) -> Result<Vec<u8>, ScramFailure> {
        if !matches!(self.state, State::ClientFirst) {
            self.state = State::Done;
            return Err(fail("client-first message out of sequence"));
        }
        self.state = State::Done;
        let first = parse_client_first(message)?;
        if first
            .extensions
            .iter()
            .any(|(k, v)| k == "tokenauth" && v.eq_ignore_ascii_case("true"))
        {
            return Err(fail(
                "Token Authentication failed: delegation tokens are not supported",
            ));
        }
        let user = username(first.saslname).ok_or_else(|| fail("Invalid username"))?;
        let credential = lookup(&user).ok_or_else(|| {
            fail(format!(
                "Authentication failed: Invalid user credentials (no {} credential for {user})",
                self.mechanism.name()
            ))
        })?;
        if !first.authzid.is_empty() && first.authzid != user {
            return Err(ScramFailure {
                client_message: Some(
                    "Authentication failed: Client requested an authorization id that is different from username"
                        .to_string(),
                ),
                detail: format!("authorization id differs from user {user}"),
            });
        }
        if credential.iterations < ITERATIONS_MIN {
            return Err(fail(format!(
                "Iterations {} is less than the minimum {ITERATIONS_MIN} for {}",
                credential.iterations,
                self.mechanism.name()
            )));
        }
        let nonce = format!("{}{server_nonce}", first.nonce);
        let server_first = format!(
            "r={nonce},s={},i={}",
            B64.encode(&credential.salt),
            credential.iterations
        );
        let answer = server_first.clone().into_bytes();
        self.state = State::ClientFinal {
            user,
            credential,
            client_first_bare: first.bare.to_string(),
            server_first,
            nonce,
        };
        Ok(answer)
    }

    /// Handles the client-final message; answers the server-final message and the user who
    /// authenticated.
    pub fn last(&mut self, message: &[u8]) -> Result<(Vec<u8>, String), ScramFailure> {
        let State::ClientFinal {
            user,
            credential,
            client_first_bare,
            server_first,
            nonce,
        } = std::mem::replace(&mut self.state, State::Done)
        else {
            return Err(fail("client-final message out of sequence"));
        };
        let last = parse_client_final(message)?;
        // Kafka accepts a nonce that ends with the combined one (librdkafka before 2.x repeats
        // the client nonce in front of it).
        if !last.nonce.ends_with(nonce.as_str()) {
            return Err(fail("Invalid client nonce in the final client message."));
        }
        let auth_message = format!("{client_first_bare},{server_first},{}", last.without_proof);
        let mech = self.mechanism;
        let client_signature = hmac(mech, &credential.stored_key, auth_message.as_bytes());
        if last.proof.len() != client_signature.len() {
            return Err(fail("Invalid client credentials"));
        }
        let client_key: Vec<u8> = last
            .proof
            .iter()
            .zip(&client_signature)
            .map(|(p, s)| p ^ s)
            .collect();
        if !constant_time_eq(&hash(mech, &client_key), &credential.stored_key) {
            return Err(fail(format!("Invalid client credentials for {user}")));
        }
        let server_signature = hmac(mech, &credential.server_key, auth_message.as_bytes());
        Ok((
            format!("v={}", B64.encode(server_signature)).into_bytes(),
            user,
        ))
    }
}

/// Compares in time that depends only on the lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

struct ClientFirst<'a> {
    authzid: &'a str,
    saslname: &'a str,
    nonce: &'a str,
    /// `client-first-message-bare`: everything after the GS2 header.
    bare: &'a str,
    extensions: Vec<(String, String)>,
}

fn ascii_text<'a>(message: &'a [u8], what: &str) -> Result<&'a str, ScramFailure> {
    if message.len() > MESSAGE_BYTES_MAX {
        return Err(fail(format!("{what}: {} bytes", message.len())));
    }
    // Kafka's patterns take 7-bit characters only.
    if !message.iter().all(|b| (1..=0x7f).contains(b)) {
        return Err(fail(format!("Invalid SCRAM {what} format: not 7-bit text")));
    }
    std::str::from_utf8(message).map_err(|_| fail(format!("Invalid SCRAM {what} format")))
}

fn printable(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b',')
}

fn parse_extensions(parts: &[&str]) -> Result<Vec<(String, String)>, ScramFailure> {
    parts
        .iter()
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .filter(|(k, v)| {
                    !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphabetic()) && !v.is_empty()
                })
                .ok_or_else(|| fail("Invalid SCRAM extension format"))?;
            Ok((k.to_string(), v.to_string()))
        })
        .collect()
}

fn parse_client_first(message: &[u8]) -> Result<ClientFirst<'_>, ScramFailure> {
    let bad = || fail("Invalid SCRAM client first message format");
    let text = ascii_text(message, "client first message")?;
    let rest = text.strip_prefix("n,").ok_or_else(bad)?;
    let (authz, bare) = rest.split_once(',').ok_or_else(bad)?;
    let authzid = match authz {
        "" => "",
        a => a
            .strip_prefix("a=")
            .filter(|a| !a.is_empty())
            .ok_or_else(bad)?,
    };
    let mut parts: Vec<&str> = bare.split(',').collect();
    if parts.first().is_some_and(|p| p.starts_with("m=")) {
        parts.remove(0);
    }
    if parts.len() < 2 {
        return Err(bad());
    }
    let saslname = parts[0].strip_prefix("n=").ok_or_else(bad)?;
    let nonce = parts[1].strip_prefix("r=").ok_or_else(bad)?;
    if saslname.is_empty() || !printable(nonce) {
        return Err(bad());
    }
    Ok(ClientFirst {
        authzid,
        saslname,
        nonce,
        bare,
        extensions: parse_extensions(&parts[2..])?,
    })
}

/// A SCRAM `saslname` decoded (`=2C` is `,`, `=3D` is `=`; any other `=` is refused).
fn username(saslname: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = saslname;
    while let Some(at) = rest.find('=') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3)?;
        out.push(match code {
            "2C" => ',',
            "3D" => '=',
            _ => return None,
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    (!out.is_empty()).then_some(out)
}

struct ClientFinal<'a> {
    nonce: &'a str,
    without_proof: &'a str,
    proof: Vec<u8>,
}

fn parse_client_final(message: &[u8]) -> Result<ClientFinal<'_>, ScramFailure> {
    let bad = || fail("Invalid SCRAM client final message format");
    let text = ascii_text(message, "client final message")?;
    let (without_proof, proof) = text.rsplit_once(",p=").ok_or_else(bad)?;
    let parts: Vec<&str> = without_proof.split(',').collect();
    if parts.len() < 2 {
        return Err(bad());
    }
    let channel = parts[0].strip_prefix("c=").ok_or_else(bad)?;
    B64.decode(channel).map_err(|_| bad())?;
    let nonce = parts[1].strip_prefix("r=").ok_or_else(bad)?;
    if !printable(nonce) {
        return Err(bad());
    }
    parse_extensions(&parts[2..])?;
    let proof = B64.decode(proof).map_err(|_| bad())?;
    Ok(ClientFinal {
        nonce,
        without_proof,
        proof,
    })
}

/// A fresh server nonce: 32 random letters and digits (as Kafka's are alphanumeric; clients
/// need nothing more than printable characters without a comma).
pub fn server_nonce() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    random_bytes(32)
        .into_iter()
        .map(|b| ALPHABET[usize::from(b) % ALPHABET.len()] as char)
        .collect()
}

/// The client side of SCRAM, for tests and tools: the messages a client sends.
pub mod client {
    use super::*;

    pub struct ScramClient {
        pub mechanism: ScramMechanism,
        pub user: String,
        pub password: String,
        pub nonce: String,
        client_first_bare: String,
        auth_message: String,
        salted: Vec<u8>,
    }

    impl ScramClient {
        pub fn new(mechanism: ScramMechanism, user: &str, password: &str, nonce: &str) -> Self {
            let saslname = user.replace('=', "=3D").replace(',', "=2C");
            ScramClient {
                mechanism,
                user: user.to_string(),
                password: password.to_string(),
                nonce: nonce.to_string(),
                client_first_bare: format!("n={saslname},r={nonce}"),
                auth_message: String::new(),
                salted: Vec::new(),
            }
        }

        pub fn first(&self) -> Vec<u8> {
            format!("n,,{}", self.client_first_bare).into_bytes()
        }

        /// The client-final message for the server-first message.
        pub fn last(&mut self, server_first: &[u8]) -> Option<Vec<u8>> {
            let text = std::str::from_utf8(server_first).ok()?;
            let mut parts = text.split(',');
            let nonce = parts.next()?.strip_prefix("r=")?;
            let salt = B64.decode(parts.next()?.strip_prefix("s=")?).ok()?;
            let iterations: u32 = parts.next()?.strip_prefix("i=")?.parse().ok()?;
            self.salted =
                salted_password(self.mechanism, self.password.as_bytes(), &salt, iterations);
            let without_proof = format!("c=biws,r={nonce}");
            self.auth_message = format!("{},{text},{without_proof}", self.client_first_bare);
            let client_key = hmac(self.mechanism, &self.salted, b"Client Key");
            let stored_key = hash(self.mechanism, &client_key);
            let signature = hmac(self.mechanism, &stored_key, self.auth_message.as_bytes());
            let proof: Vec<u8> = client_key
                .iter()
                .zip(&signature)
                .map(|(a, b)| a ^ b)
                .collect();
            Some(format!("{without_proof},p={}", B64.encode(proof)).into_bytes())
        }

        /// Whether the server-final message proves the server knows the credential.
        pub fn verify(&self, server_final: &[u8]) -> bool {
            let server_key = hmac(self.mechanism, &self.salted, b"Server Key");
            let expected = hmac(self.mechanism, &server_key, self.auth_message.as_bytes());
            server_final == format!("v={}", B64.encode(expected)).as_bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::client::ScramClient;
    use super::*;

    fn credential(mechanism: ScramMechanism, password: &str, iterations: i32) -> ScramCredential {
        let salt = b"0123456789abcdef";
        let salted = salted_password(mechanism, password.as_bytes(), salt, iterations as u32);
        credential_from_salted(mechanism, salt, &salted, iterations)
    }

    #[test]
    fn a_password_is_verified_against_the_stored_keys() {
        for m in ScramMechanism::ALL {
            let c = credential(m, "alice-secret", 4096);
            assert!(verify_password(m, &c, b"alice-secret"));
            assert!(!verify_password(m, &c, b"alice-secreT"));
            assert!(!verify_password(m, &c, b""));
            // The other mechanism's derivation does not match.
            let other = if m == ScramMechanism::Sha256 {
                ScramMechanism::Sha512
            } else {
                ScramMechanism::Sha256
            };
            assert!(!verify_password(other, &c, b"alice-secret"));
            // Either key wrong is a mismatch.
            let mut bad = c.clone();
            bad.server_key[0] ^= 1;
            assert!(!verify_password(m, &bad, b"alice-secret"));
            let mut bad = c.clone();
            bad.stored_key[0] ^= 1;
            assert!(!verify_password(m, &bad, b"alice-secret"));
            // Iterations outside Kafka's range never match.
            for iterations in [0, -1, ITERATIONS_MIN - 1, ITERATIONS_MAX + 1] {
                let mut odd = c.clone();
                odd.iterations = iterations;
                assert!(!verify_password(m, &odd, b"alice-secret"), "{iterations}");
            }
        }
        // RFC 7677's example credential.
        let salt = B64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").unwrap();
        let salted = salted_password(ScramMechanism::Sha256, b"pencil", &salt, 4096);
        let cred = credential_from_salted(ScramMechanism::Sha256, &salt, &salted, 4096);
        assert!(verify_password(ScramMechanism::Sha256, &cred, b"pencil"));
    }

    #[test]
    fn rfc7677_example() {
        // RFC 7677 section 3: user "user", password "pencil".
        let salt = B64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").unwrap();
        let salted = salted_password(ScramMechanism::Sha256, b"pencil", &salt, 4096);
        let cred = credential_from_salted(ScramMechanism::Sha256, &salt, &salted, 4096);
        let mut server = ScramServer::new(ScramMechanism::Sha256);
        let first = server
            .first(
                b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
                "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
                &|u| (u == "user").then(|| cred.clone()),
            )
            .unwrap();
        assert_eq!(
            first,
            b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        );
        let (last, user) = server
            .last(b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
            .unwrap();
        assert_eq!(last, b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        assert_eq!(user, "user");
    }

    #[test]
    fn both_mechanisms_with_the_client() {
        for mech in ScramMechanism::ALL {
            let cred = credential(mech, "alice-secret", 4096);
            let mut client = ScramClient::new(mech, "al,ice=", "alice-secret", "clientnonce");
            let mut server = ScramServer::new(mech);
            let lookup = |u: &str| (u == "al,ice=").then(|| cred.clone());
            let first = server
                .first(&client.first(), "servernonce", &lookup)
                .unwrap();
            let last = client.last(&first).unwrap();
            let (answer, user) = server.last(&last).unwrap();
            assert!(client.verify(&answer));
            assert_eq!(user, "al,ice=");
        }
    }

    #[test]
    fn refusals() {
        let mech = ScramMechanism::Sha512;
        let cred = credential(mech, "right", 4096);
        let lookup = |u: &str| (u == "alice").then(|| cred.clone());
        // Wrong password.
        let mut client = ScramClient::new(mech, "alice", "wrong", "n1");
        let mut server = ScramServer::new(mech);
        let first = server.first(&client.first(), "s1", &lookup).unwrap();
        let e = server.last(&client.last(&first).unwrap()).unwrap_err();
        assert!(e.client_message.is_none() && e.detail.contains("Invalid client credentials"));
        // Unknown user.
        let client = ScramClient::new(mech, "bob", "right", "n1");
        let e = ScramServer::new(mech)
            .first(&client.first(), "s1", &lookup)
            .err()
            .unwrap();
        assert!(e.detail.contains("Invalid user credentials"));
        // A replayed client-final message (another exchange, another server nonce).
        let mut client = ScramClient::new(mech, "alice", "right", "n1");
        let mut server = ScramServer::new(mech);
        let first = server.first(&client.first(), "s1", &lookup).unwrap();
        let replay = client.last(&first).unwrap();
        server.last(&replay).unwrap();
        let mut again = ScramServer::new(mech);
        again.first(&client.first(), "s2", &lookup).unwrap();
        assert!(again.last(&replay).unwrap_err().detail.contains("nonce"));
        // Out of sequence: a second final message.
        assert!(server.last(&replay).is_err());
        // Delegation tokens, authzid, malformed, few iterations.
        let token = b"n,,n=alice,r=x,tokenauth=true";
        assert!(ScramServer::new(mech)
            .first(token, "s", &lookup)
            .unwrap_err()
            .detail
            .contains("Token"));
        let authz = ScramServer::new(mech)
            .first(b"n,a=bob,n=alice,r=x", "s", &lookup)
            .unwrap_err();
        assert!(authz.client_message.unwrap().contains("authorization id"));
        for bad in [
            &b""[..],
            b"y,,n=a,r=b",
            b"n,,n=,r=b",
            b"n,,n=a",
            b"n,,n=a=zz,r=b",
            b"\xff",
        ] {
            assert!(ScramServer::new(mech).first(bad, "s", &lookup).is_err());
        }
        let weak = credential(mech, "right", 1000);
        assert!(ScramServer::new(mech)
            .first(b"n,,n=alice,r=x", "s", &|_| Some(weak.clone()))
            .unwrap_err()
            .detail
            .contains("minimum"));
        assert!(!format!("{cred:?}").contains(&format!("{:?}", cred.stored_key)));
    }
}

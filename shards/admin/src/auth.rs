//! Who uses the console, its JSON API and (where `http.unauthenticated.paths` leaves them out)
//! `/metrics` and the health probes: `http.console.authentication`.
//!
//! With a login required, a user logs in on `/login` (a form: username and password) or sends
//! HTTP Basic credentials with each `/api/` request (scripts). The password is checked against
//! the broker's own credentials (`http.console.credentials`, in order, the first source that
//! knows the user decides): a SCRAM credential of the metadata log (the salted password is
//! derived with the credential's salt and iterations on glommio's blocking pool, so a login
//! never stalls the shard, and its stored and server keys compared in constant time), or the
//! `user_<name>` password of a SASL listener's PLAIN JAAS config; an unknown user costs a
//! derivation all the same. The principal is
//! `User:<name>`, authorized by the broker's authorizer as a Kafka client would be. Without a
//! login required every request is `User:ANONYMOUS`, as on a PLAINTEXT listener.
//!
//! A login gets a session: 32 random bytes, hex, in the `sluice_session` cookie (HttpOnly,
//! SameSite=Strict, Path=/, Max-Age = `http.console.session.timeout.ms`). Sessions live in one
//! table per process (a connection can land on any shard), at most `http.console.sessions.max`
//! (a login past it ends the session closest to expiry); expired ones are dropped.
//!
//! Invariants:
//! - Passwords and session ids are never logged. A failed login is logged once (the user name
//!   truncated, the address) and answered with one generic message after
//!   `connection.failed.authentication.delay.ms`; an address with `FAILURES_MAX` failures within
//!   `FAILURE_WINDOW` is refused (429) without a check until the window ends. The addresses
//!   tracked are bounded (`FAILURE_ADDRESSES_MAX`).
//! - Nothing here grows without bound: sessions and failure counters have caps.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use config::BrokerConfig;
use security::{KafkaPrincipal, SaslListener, SaslListeners, ScramMechanism};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "sluice_session";
/// Failed logins (form or Basic) an address may make within `FAILURE_WINDOW`.
pub(crate) const FAILURES_MAX: u32 = 5;
/// The window failed logins are counted over.
pub(crate) const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// Addresses whose failures are tracked at most (the oldest window is forgotten past it).
const FAILURE_ADDRESSES_MAX: usize = 4096;
/// Longest user name and password accepted (longer ones fail without a check).
pub(crate) const CREDENTIAL_BYTES_MAX: usize = 1024;
/// Random bytes in a session id.
const SESSION_ID_BYTES: usize = 32;

/// Where a password is checked.
enum Source {
    Scram(ScramMechanism),
    /// The PLAIN users of these SASL listeners, in `listeners` order.
    Plain(Vec<Arc<SaslListener>>),
}

/// The process's HTTP authentication: its settings, sessions and failure counters. Cloned
/// into every shard.
#[derive(Clone)]
pub struct HttpAuth {
    inner: Arc<Inner>,
}

struct Inner {
    required: bool,
    sources: Vec<Source>,
    open_paths: Vec<String>,
    session_timeout: Duration,
    sessions_max: usize,
    failure_delay: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// By session id (hex).
    sessions: HashMap<String, Session>,
    failures: HashMap<IpAddr, Failures>,
}

struct Session {
    user: String,
    expires: Instant,
}

struct Failures {
    since: Instant,
    count: u32,
    /// The refusal of this window was logged.
    refusal_logged: bool,
}

/// Who a request is from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) principal: KafkaPrincipal,
}

/// Why a login failed (the answer is the same generic one; the log says which).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LoginError {
    /// Wrong user or password (never says which).
    Invalid,
    /// Too many failures from the address: refused unchecked for this long.
    Limited(Duration),
}

impl HttpAuth {
    /// The settings of `config`; PLAIN users come from `sasl`'s listeners that enable PLAIN.
    pub fn load(config: &BrokerConfig, sasl: &SaslListeners) -> HttpAuth {
        let sources = config
            .http_console_credentials
            .iter()
            .filter_map(|name| match ScramMechanism::from_name(name) {
                Some(m) => Some(Source::Scram(m)),
                None if name == security::sasl::PLAIN => Some(Source::Plain(
                    config
                        .listeners
                        .iter()
                        .filter_map(|l| sasl.get(&l.name))
                        .filter(|l| l.mechanisms.iter().any(|m| m == security::sasl::PLAIN))
                        .collect(),
                )),
                None => None,
            })
            .collect::<Vec<Source>>();
        let knows_nobody = sources.iter().all(|s| match s {
            Source::Plain(listeners) => listeners.is_empty(),
            Source::Scram(_) => false,
        });
        if config.http_console_login_required && knows_nobody {
            tracing::warn!(
                credentials = ?config.http_console_credentials,
                "the console requires a login but nobody can log in: http.console.credentials names no SCRAM mechanism and no SASL listener enables PLAIN"
            );
        }
        HttpAuth {
            inner: Arc::new(Inner {
                required: config.http_console_login_required,
                sources,
                open_paths: config.http_unauthenticated_paths.clone(),
                session_timeout: Duration::from_millis(config.http_console_session_timeout_ms),
                sessions_max: config.http_console_sessions_max.max(1),
                failure_delay: Duration::from_millis(
                    config.connection_failed_authentication_delay_ms,
                ),
                state: Mutex::new(State::default()),
            }),
        }
    }

    /// Whether the console and its API need a login.
    pub(crate) fn required(&self) -> bool {
        self.inner.required
    }

    /// Whether `path` (one of /metrics and the probes) needs a login.
    pub(crate) fn guards(&self, path: &str) -> bool {
        self.inner.required && !self.inner.open_paths.iter().any(|p| p == path)
    }

    pub(crate) fn session_timeout(&self) -> Duration {
        self.inner.session_timeout
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding it cannot leave the tables inconsistent (each change is one
        // map operation): go on with them.
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The user of a live session, `None` for an unknown or expired one.
    pub(crate) fn session(&self, id: &str) -> Option<String> {
        let now = Instant::now();
        let mut state = self.state();
        match state.sessions.get(id) {
            Some(s) if s.expires > now => Some(s.user.clone()),
            Some(_) => {
                state.sessions.remove(id);
                None
            }
            None => None,
        }
    }

    /// A new session for `user`; returns its id.
    pub(crate) fn open_session(&self, user: &str) -> String {
        let id: String = security::scram::random_bytes(SESSION_ID_BYTES)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let now = Instant::now();
        let mut state = self.state();
        state.sessions.retain(|_, s| s.expires > now);
        while state.sessions.len() >= self.inner.sessions_max {
            let Some(oldest) = state
                .sessions
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(id, _)| id.clone())
            else {
                break;
            };
            state.sessions.remove(&oldest);
        }
        state.sessions.insert(
            id.clone(),
            Session {
                user: user.to_string(),
                expires: now + self.inner.session_timeout,
            },
        );
        id
    }

    /// Ends a session (logout).
    pub(crate) fn close_session(&self, id: &str) {
        self.state().sessions.remove(id);
    }

    /// Sessions held now (live or not yet dropped).
    #[cfg(test)]
    fn sessions(&self) -> usize {
        self.state().sessions.len()
    }

    /// Whether `address` may try a password now: `Err` with the time left while it is refused.
    fn admit(&self, address: IpAddr, user: &str) -> Result<(), LoginError> {
        let now = Instant::now();
        let mut state = self.state();
        let Some(f) = state.failures.get_mut(&address) else {
            return Ok(());
        };
        let ends = f.since + FAILURE_WINDOW;
        if ends <= now {
            state.failures.remove(&address);
            return Ok(());
        }
        if f.count < FAILURES_MAX {
            return Ok(());
        }
        if !f.refusal_logged {
            f.refusal_logged = true;
            tracing::warn!(%address, user = %printable(user), failures = f.count, "HTTP login refused: too many failed logins from this address; refused unchecked until the window ends");
        }
        Err(LoginError::Limited(ends - now))
    }

    /// Counts and logs a failed login.
    fn failed(&self, address: IpAddr, user: &str) {
        tracing::warn!(%address, user = %printable(user), "HTTP login failed: invalid username or password");
        let now = Instant::now();
        let mut state = self.state();
        if !state.failures.contains_key(&address) && state.failures.len() >= FAILURE_ADDRESSES_MAX {
            state.failures.retain(|_, f| f.since + FAILURE_WINDOW > now);
            if state.failures.len() >= FAILURE_ADDRESSES_MAX {
                if let Some(oldest) = state
                    .failures
                    .iter()
                    .min_by_key(|(_, f)| f.since)
                    .map(|(a, _)| *a)
                {
                    state.failures.remove(&oldest);
                }
            }
        }
        let f = state.failures.entry(address).or_insert(Failures {
            since: now,
            count: 0,
            refusal_logged: false,
        });
        if f.since + FAILURE_WINDOW <= now {
            *f = Failures {
                since: now,
                count: 0,
                refusal_logged: false,
            };
        }
        f.count += 1;
    }

    /// Checks `user`'s `password` against the configured sources; the principal on success.
    /// A failure is delayed, counted and logged here.
    pub(crate) async fn login(
        &self,
        image: &metadata::Image,
        address: IpAddr,
        user: &str,
        password: &str,
    ) -> Result<KafkaPrincipal, LoginError> {
        self.admit(address, user)?;
        let ok = !user.is_empty()
            && !password.is_empty()
            && user.len() <= CREDENTIAL_BYTES_MAX
            && password.len() <= CREDENTIAL_BYTES_MAX
            && self.check(image, user, password).await;
        if ok {
            return Ok(KafkaPrincipal::user(user));
        }
        self.failed(address, user);
        glommio::timer::sleep(self.inner.failure_delay).await;
        Err(LoginError::Invalid)
    }

    async fn check(&self, image: &metadata::Image, user: &str, password: &str) -> bool {
        for source in &self.inner.sources {
            match source {
                Source::Scram(mechanism) => {
                    let Some(credential) = runtime::scram_credential(image, user, *mechanism)
                    else {
                        continue;
                    };
                    let (mechanism, password) = (*mechanism, password.as_bytes().to_vec());
                    // PBKDF2 takes milliseconds: on the blocking pool, not the shard.
                    return glommio::executor()
                        .spawn_blocking(move || {
                            security::scram::verify_password(mechanism, &credential, &password)
                        })
                        .await;
                }
                Source::Plain(listeners) => {
                    if let Some(l) = listeners.iter().find(|l| l.has_plain_user(user)) {
                        return l.check_plain_password(user, password.as_bytes());
                    }
                }
            }
        }
        // Nobody knows the user: derive a salted password all the same (with the iterations
        // Kafka's tools use by default), so that the time taken does not say who exists.
        let scram = self.inner.sources.iter().find_map(|s| match s {
            Source::Scram(m) => Some(*m),
            Source::Plain(_) => None,
        });
        if let Some(mechanism) = scram {
            let unknown = security::ScramCredential {
                salt: vec![0; 16],
                stored_key: Vec::new(),
                server_key: Vec::new(),
                iterations: security::scram::ITERATIONS_MIN,
            };
            let password = password.as_bytes().to_vec();
            glommio::executor()
                .spawn_blocking(move || {
                    security::scram::verify_password(mechanism, &unknown, &password)
                })
                .await;
        }
        false
    }
}

/// A user name as logs show it: at most 64 characters, control characters escaped.
fn printable(user: &str) -> String {
    let cut: String = user.chars().take(64).collect();
    let mut out = cut.escape_debug().to_string();
    if user.chars().count() > 64 {
        out.push('…');
    }
    out
}

/// The `sluice_session` value of a `Cookie` header, if it has one of the right shape.
pub(crate) fn session_cookie(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| v.len() == SESSION_ID_BYTES * 2 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The user and password of an `Authorization: Basic` header (RFC 7617: base64 of
/// `user:password`, UTF-8). `None` for another scheme; `Err` for a malformed one.
pub(crate) fn basic_credentials(header: &str) -> Option<Result<(String, String), &'static str>> {
    let (scheme, rest) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    Some(decode_basic(rest.trim()))
}

fn decode_basic(encoded: &str) -> Result<(String, String), &'static str> {
    if encoded.len() > 4 * CREDENTIAL_BYTES_MAX {
        return Err("Basic credentials too long");
    }
    let bytes = B64
        .decode(encoded)
        .map_err(|_| "Basic credentials are not base64")?;
    let text = String::from_utf8(bytes).map_err(|_| "Basic credentials are not UTF-8")?;
    let (user, password) = text
        .split_once(':')
        .ok_or("Basic credentials have no ':'")?;
    Ok((user.to_string(), password.to_string()))
}

/// Decodes an `application/x-www-form-urlencoded` body into its fields (`+` is a space).
/// `None` when it is not one (bad escapes, not UTF-8, too many fields).
pub(crate) fn form_fields(body: &[u8]) -> Option<Vec<(String, String)>> {
    const FIELDS_MAX: usize = 8;
    let text = std::str::from_utf8(body).ok()?;
    let mut out = Vec::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        if out.len() == FIELDS_MAX {
            return None;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| crate::console::decode_form_component(s);
        out.push((decode(k)?, decode(v)?));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(max: usize) -> HttpAuth {
        let config = BrokerConfig {
            http_console_sessions_max: max,
            http_console_session_timeout_ms: 60_000,
            http_console_login_required: true,
            http_console_credentials: vec!["SCRAM-SHA-512".into()],
            ..BrokerConfig::default()
        };
        HttpAuth::load(&config, &SaslListeners::default())
    }

    #[test]
    fn sessions_are_bounded_and_end_at_logout() {
        let a = auth(3);
        let ids: Vec<String> = (0..5).map(|i| a.open_session(&format!("u{i}"))).collect();
        assert_eq!(a.sessions(), 3);
        // The oldest two were ended to make room.
        assert_eq!(a.session(&ids[0]), None);
        assert_eq!(a.session(&ids[1]), None);
        assert_eq!(a.session(&ids[4]).as_deref(), Some("u4"));
        assert_eq!(ids[4].len(), 64);
        assert_ne!(ids[3], ids[4]);
        a.close_session(&ids[4]);
        assert_eq!(a.session(&ids[4]), None);
        assert_eq!(a.sessions(), 2);
    }

    #[test]
    fn expired_sessions_are_gone() {
        let a = auth(10);
        let id = a.open_session("alice");
        a.state().sessions.get_mut(&id).unwrap().expires = Instant::now();
        assert_eq!(a.session(&id), None);
        assert_eq!(a.sessions(), 0);
    }

    #[test]
    fn failures_are_limited_per_address_within_a_window() {
        let a = auth(10);
        let here: IpAddr = "10.0.0.1".parse().unwrap();
        let there: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..FAILURES_MAX {
            assert_eq!(a.admit(here, "x"), Ok(()));
            a.failed(here, "x");
        }
        assert!(matches!(a.admit(here, "x"), Err(LoginError::Limited(_))));
        assert_eq!(a.admit(there, "x"), Ok(()));
        // The window ends.
        a.state().failures.get_mut(&here).unwrap().since = Instant::now() - FAILURE_WINDOW;
        assert_eq!(a.admit(here, "x"), Ok(()));
        // The tracked addresses are bounded.
        for i in 0..(FAILURE_ADDRESSES_MAX as u32 + 10) {
            a.failed(IpAddr::from(i.to_be_bytes()), "y");
        }
        assert!(a.state().failures.len() <= FAILURE_ADDRESSES_MAX);
    }

    #[test]
    fn cookies_and_basic_credentials_are_parsed_strictly() {
        let id = "ab".repeat(32);
        assert_eq!(
            session_cookie(&format!("a=b; {COOKIE}={id}; c=d")),
            Some(id.as_str())
        );
        assert_eq!(session_cookie(&format!("{COOKIE}=xyz")), None);
        assert_eq!(
            session_cookie(&format!("{COOKIE}={}", "g".repeat(64))),
            None
        );
        assert_eq!(session_cookie("garbage;;;=;="), None);
        assert_eq!(
            basic_credentials("Basic YWxpY2U6cGE6c3M="),
            Some(Ok(("alice".into(), "pa:ss".into())))
        );
        assert_eq!(
            basic_credentials("basic Ym9iOg=="),
            Some(Ok(("bob".into(), String::new())))
        );
        assert_eq!(basic_credentials("Bearer xyz"), None);
        assert!(matches!(basic_credentials("Basic !!!!"), Some(Err(_))));
        assert!(matches!(basic_credentials("Basic YWxpY2U="), Some(Err(_))));
        assert!(matches!(basic_credentials("Basic /w=="), Some(Err(_))));
        assert!(matches!(basic_credentials("Basic YW=jZQ=="), Some(Err(_))));
    }

    #[test]
    fn forms_are_decoded() {
        assert_eq!(
            form_fields(b"username=al%20ice&password=p%26w+d"),
            Some(vec![
                ("username".into(), "al ice".into()),
                ("password".into(), "p&w d".into())
            ])
        );
        assert_eq!(form_fields(b"a=%zz"), None);
        assert_eq!(form_fields(&[0xff]), None);
        assert_eq!(form_fields("a=1&".repeat(9).as_bytes()), None);
    }

    #[test]
    fn user_names_are_logged_short_and_escaped() {
        assert_eq!(printable("a\nb"), "a\\nb");
        assert_eq!(printable(&"x".repeat(100)).chars().count(), 65);
    }
}

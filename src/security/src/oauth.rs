//! SASL/OAUTHBEARER (RFC 7628, KIP-255, KIP-768) on a client listener, validated as Kafka's
//! brokers validate it:
//! - by default Kafka's unsecured validator (`OAuthBearerUnsecuredValidatorCallbackHandler`):
//!   unsecured JWS tokens (`"alg":"none"`, no signature), the principal from the
//!   `unsecuredValidatorPrincipalClaimName` claim (`sub`), `exp` required, `iat` checked when
//!   present, `unsecuredValidatorRequiredScope` (space-delimited) all in the
//!   `unsecuredValidatorScopeClaimName` claim (`scope`), `unsecuredValidatorAllowableClockSkewMs`
//!   — options of the listener's `OAuthBearerLoginModule` JAAS entry;
//! - with `listener.name.<l>.oauthbearer.sasl.server.callback.handler.class=
//!   org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler`, signed
//!   JWTs (KIP-768, Kafka's `BrokerJwtValidator`): the signature verified with a key of the
//!   JWKS at `sasl.oauthbearer.jwks.endpoint.url` (`file://` or `http://`; refreshed every
//!   `sasl.oauthbearer.jwks.endpoint.refresh.ms`), RS256/384/512, PS256/384/512 and
//!   ES256/384 (ring, rustls's provider, verifies), `exp` and `iat` required,
//!   `sasl.oauthbearer.expected.audience` / `.expected.issuer` when set, `nbf` when present,
//!   `sasl.oauthbearer.clock.skew.seconds` (30), the principal from
//!   `sasl.oauthbearer.sub.claim.name` (`sub`), scopes from `sasl.oauthbearer.scope.claim.name`.
//!
//! A token that fails validation is answered with Kafka's RFC 7628 error, the server message
//! `{"status":"invalid_token"}` (`insufficient_scope` with the scope wanted); the client's
//! `%x01` then fails the authentication with that message. The principal is `User:<sub>`,
//! the session ends at the token's expiry (the network layer closes an expired session).

use crate::sasl::parse_jaas;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;
use config::BrokerConfig;
use serde_json::Value;
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub const OAUTHBEARER: &str = "OAUTHBEARER";
/// Kafka's secured validator's class name.
const SECURED_HANDLER: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";
const UNSECURED_HANDLER: &str = "org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler";
/// Largest JWKS document read (a provider's set is a few KiB).
const JWKS_BYTES_MAX: usize = 1 << 20;

/// How a listener validates tokens.
pub struct OAuthValidator {
    kind: Kind,
}

enum Kind {
    Unsecured {
        principal_claim: String,
        scope_claim: String,
        required_scope: Vec<String>,
        skew_ms: i64,
    },
    Signed {
        keys: Arc<RwLock<Vec<Jwk>>>,
        audience: Vec<String>,
        issuer: Option<String>,
        skew_ms: i64,
        sub_claim: String,
        scope_claim: String,
    },
}

/// A validated token: whom it names and until when (Unix ms).
#[derive(Debug, PartialEq, Eq)]
pub struct ValidToken {
    pub principal: String,
    pub expiry_ms: i64,
}

/// Why a token was refused: Kafka's RFC 7628 status (and scope), and the detail for the log.
#[derive(Debug, PartialEq, Eq)]
pub struct InvalidToken {
    pub status: &'static str,
    pub scope: Option<String>,
    pub detail: String,
}

impl InvalidToken {
    fn new(detail: impl Into<String>) -> InvalidToken {
        InvalidToken {
            status: "invalid_token",
            scope: None,
            detail: detail.into(),
        }
    }

    /// Kafka's `jsonErrorResponse`: the server's error message to the client.
    pub fn json(&self) -> String {
        match &self.scope {
            Some(scope) => format!("{{\"status\":\"{}\", \"scope\":\"{scope}\"}}", self.status),
            None => format!("{{\"status\":\"{}\"}}", self.status),
        }
    }
}

/// A key of the JWKS.
struct Jwk {
    kid: Option<String>,
    key: PublicKey,
}

enum PublicKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// An uncompressed point (0x04 ‖ x ‖ y) and its curve.
    Ec {
        curve: Curve,
        point: Vec<u8>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
}

impl OAuthValidator {
    /// The validator of `listener` from the config; an error names the key.
    pub fn load(config: &BrokerConfig, listener: &str) -> Result<OAuthValidator, String> {
        let lower = listener.to_ascii_lowercase();
        // Kafka hands the callback handlers the listener's configs with the
        // `listener.name.<l>.oauthbearer.` prefix stripped.
        let get = |key: &str| {
            config
                .raw
                .get(&format!("listener.name.{lower}.oauthbearer.{key}"))
                .cloned()
                .or_else(|| config.listener_setting(listener, key))
        };
        let jaas_key = format!("listener.name.{lower}.oauthbearer.sasl.jaas.config");
        let (key, jaas) = [jaas_key.as_str(), "sasl.jaas.config"]
            .iter()
            .find_map(|k| config.raw.get(*k).map(|v| (k.to_string(), v.clone())))
            .ok_or_else(|| {
                format!("OAUTHBEARER needs {jaas_key} (org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ...;)")
            })?;
        let (module, options) = parse_jaas(&jaas).map_err(|e| format!("{key}: {e}"))?;
        if !module.ends_with("OAuthBearerLoginModule") {
            return Err(format!(
                "{key}: the login module for OAUTHBEARER is org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule, not {module}"
            ));
        }
        let handler = get("sasl.server.callback.handler.class").unwrap_or_default();
        let handler = handler.trim();
        if handler.is_empty() || handler == UNSECURED_HANDLER {
            let option = |name: &str, default: &str| {
                options
                    .get(name)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| default.to_string())
            };
            let skew = option("unsecuredValidatorAllowableClockSkewMs", "0");
            let skew_ms: i64 = skew
                .parse()
                .ok()
                .filter(|ms| *ms >= 0)
                .ok_or_else(|| format!("{key}: unsecuredValidatorAllowableClockSkewMs={skew} is not a non-negative number"))?;
            return Ok(OAuthValidator {
                kind: Kind::Unsecured {
                    principal_claim: option("unsecuredValidatorPrincipalClaimName", "sub"),
                    scope_claim: option("unsecuredValidatorScopeClaimName", "scope"),
                    required_scope: split_scope(&option("unsecuredValidatorRequiredScope", "")),
                    skew_ms,
                },
            });
        }
        if handler != SECURED_HANDLER {
            return Err(format!(
                "sasl.server.callback.handler.class={handler}: Sluice validates OAUTHBEARER tokens with Kafka's {SECURED_HANDLER} or its default unsecured validator"
            ));
        }
        let url = get("sasl.oauthbearer.jwks.endpoint.url").ok_or(
            "OAuthBearerValidatorCallbackHandler needs sasl.oauthbearer.jwks.endpoint.url (file:// or http://)",
        )?;
        let refresh_ms: u64 = get("sasl.oauthbearer.jwks.endpoint.refresh.ms")
            .map(|v| {
                v.trim().parse().map_err(|_| {
                    format!("sasl.oauthbearer.jwks.endpoint.refresh.ms: {v:?} is not a number")
                })
            })
            .transpose()?
            .unwrap_or(3_600_000);
        let skew_s: i64 = get("sasl.oauthbearer.clock.skew.seconds")
            .map(|v| {
                v.trim().parse().map_err(|_| {
                    format!("sasl.oauthbearer.clock.skew.seconds: {v:?} is not a number")
                })
            })
            .transpose()?
            .unwrap_or(30);
        let keys = parse_jwks(&fetch(&url)?).map_err(|e| format!("{url}: {e}"))?;
        let keys = Arc::new(RwLock::new(keys));
        refresh_in_background(url, Duration::from_millis(refresh_ms.max(1000)), &keys);
        let name = |key: &str, default: &str| {
            get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string())
        };
        Ok(OAuthValidator {
            kind: Kind::Signed {
                keys,
                audience: get("sasl.oauthbearer.expected.audience")
                    .unwrap_or_default()
                    .split(',')
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                issuer: get("sasl.oauthbearer.expected.issuer").filter(|i| !i.trim().is_empty()),
                skew_ms: skew_s.max(0) * 1000,
                sub_claim: name("sasl.oauthbearer.sub.claim.name", "sub"),
                scope_claim: name("sasl.oauthbearer.scope.claim.name", "scope"),
            },
        })
    }

    /// Validates a compact JWS at `now_ms` (Unix ms).
    pub fn validate(&self, token: &str, now_ms: i64) -> Result<ValidToken, InvalidToken> {
        let parts: Vec<&str> = token.split('.').collect();
        let [header, payload, signature] = parts[..] else {
            return Err(InvalidToken::new(format!(
                "a JWS has 3 parts, this one {}",
                parts.len()
            )));
        };
        let header_json = decode_json(header, "header")?;
        let claims = decode_json(payload, "payload")?;
        let alg = header_json
            .get("alg")
            .and_then(Value::as_str)
            .ok_or_else(|| InvalidToken::new("the JWS header has no alg"))?;
        match &self.kind {
            Kind::Unsecured {
                principal_claim,
                scope_claim,
                required_scope,
                skew_ms,
            } => {
                if alg != "none" || !signature.is_empty() {
                    return Err(InvalidToken::new(format!(
                        "an unsecured JWS has alg none and no signature, this one alg {alg}"
                    )));
                }
                let principal = string_claim(&claims, principal_claim)?;
                let expiry_ms =
                    time_claim(&claims, "exp")?.ok_or_else(|| InvalidToken::new("no exp claim"))?;
                let issued_ms = time_claim(&claims, "iat")?;
                if issued_ms.is_some_and(|iat| now_ms + skew_ms < iat) {
                    return Err(InvalidToken::new("the token was issued in the future"));
                }
                if now_ms - skew_ms >= expiry_ms {
                    return Err(InvalidToken::new(format!(
                        "the token expired at {expiry_ms} (now {now_ms})"
                    )));
                }
                if issued_ms.is_some_and(|iat| expiry_ms <= iat) {
                    return Err(InvalidToken::new("the token expires before it was issued"));
                }
                let scope = scopes(&claims, scope_claim);
                if let Some(missing) = required_scope.iter().find(|s| !scope.contains(s)) {
                    return Err(InvalidToken {
                        status: "insufficient_scope",
                        scope: Some(required_scope.join(" ")),
                        detail: format!("the token's scope lacks {missing}"),
                    });
                }
                Ok(ValidToken {
                    principal,
                    expiry_ms,
                })
            }
            Kind::Signed {
                keys,
                audience,
                issuer,
                skew_ms,
                sub_claim,
                scope_claim,
            } => {
                let signature = B64URL
                    .decode(signature.trim_end_matches('='))
                    .map_err(|_| InvalidToken::new("the signature is not base64url"))?;
                let signed = &token.as_bytes()[..header.len() + 1 + payload.len()];
                let kid = header_json.get("kid").and_then(Value::as_str);
                let keys = keys.read().unwrap_or_else(|poisoned| poisoned.into_inner());
                verify(&keys, alg, kid, signed, &signature)?;
                drop(keys);
                let expiry_ms =
                    time_claim(&claims, "exp")?.ok_or_else(|| InvalidToken::new("no exp claim"))?;
                time_claim(&claims, "iat")?.ok_or_else(|| InvalidToken::new("no iat claim"))?;
                if now_ms - skew_ms >= expiry_ms {
                    return Err(InvalidToken::new(format!(
                        "the token expired at {expiry_ms} (now {now_ms})"
                    )));
                }
                if time_claim(&claims, "nbf")?.is_some_and(|nbf| now_ms + skew_ms < nbf) {
                    return Err(InvalidToken::new("the token is not valid yet (nbf)"));
                }
                if !audience.is_empty() {
                    let aud: Vec<&str> = match claims.get("aud") {
                        Some(Value::String(a)) => vec![a.as_str()],
                        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
                        _ => Vec::new(),
                    };
                    if !aud.iter().any(|a| audience.iter().any(|e| e == a)) {
                        return Err(InvalidToken::new(format!(
                            "audience {aud:?} is not one of the expected {audience:?}"
                        )));
                    }
                }
                if let Some(expected) = issuer {
                    let iss = claims.get("iss").and_then(Value::as_str);
                    if iss != Some(expected.as_str()) {
                        return Err(InvalidToken::new(format!(
                            "issuer {iss:?} is not the expected {expected}"
                        )));
                    }
                }
                let _ = scopes(&claims, scope_claim);
                let principal = string_claim(&claims, sub_claim)?;
                Ok(ValidToken {
                    principal,
                    expiry_ms,
                })
            }
        }
    }
}

fn decode_json(part: &str, what: &str) -> Result<Value, InvalidToken> {
    let bytes = B64URL
        .decode(part.trim_end_matches('='))
        .map_err(|_| InvalidToken::new(format!("the JWS {what} is not base64url")))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|_| InvalidToken::new(format!("the JWS {what} is not JSON")))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(InvalidToken::new(format!(
            "the JWS {what} is not a JSON object"
        )))
    }
}

fn string_claim(claims: &Value, name: &str) -> Result<String, InvalidToken> {
    claims
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| InvalidToken::new(format!("no {name} claim (a non-empty string)")))
}

/// A NumericDate claim (seconds, fractions allowed) in ms; `None` when absent.
fn time_claim(claims: &Value, name: &str) -> Result<Option<i64>, InvalidToken> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|s| s.is_finite())
            .map(|s| Some((s * 1000.0) as i64))
            .ok_or_else(|| InvalidToken::new(format!("the {name} claim is not a number"))),
    }
}

/// The token's scopes: a space-delimited string or a list of strings.
fn scopes(claims: &Value, name: &str) -> Vec<String> {
    match claims.get(name) {
        Some(Value::String(s)) => split_scope(s),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn split_scope(text: &str) -> Vec<String> {
    text.split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Verifies `signature` over `signed` with a key of `keys` fit for `alg` (the one `kid` names,
/// when it names one).
fn verify(
    keys: &[Jwk],
    alg: &str,
    kid: Option<&str>,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), InvalidToken> {
    use ring::signature as sig;
    let rsa: Option<&'static sig::RsaParameters> = match alg {
        "RS256" => Some(&sig::RSA_PKCS1_2048_8192_SHA256),
        "RS384" => Some(&sig::RSA_PKCS1_2048_8192_SHA384),
        "RS512" => Some(&sig::RSA_PKCS1_2048_8192_SHA512),
        "PS256" => Some(&sig::RSA_PSS_2048_8192_SHA256),
        "PS384" => Some(&sig::RSA_PSS_2048_8192_SHA384),
        "PS512" => Some(&sig::RSA_PSS_2048_8192_SHA512),
        _ => None,
    };
    let ec: Option<(Curve, &'static sig::EcdsaVerificationAlgorithm)> = match alg {
        "ES256" => Some((Curve::P256, &sig::ECDSA_P256_SHA256_FIXED)),
        "ES384" => Some((Curve::P384, &sig::ECDSA_P384_SHA384_FIXED)),
        _ => None,
    };
    if rsa.is_none() && ec.is_none() {
        return Err(InvalidToken::new(format!(
            "JWS algorithm {alg} is not accepted"
        )));
    }
    let candidates = keys
        .iter()
        .filter(|k| kid.is_none() || k.kid.as_deref() == kid);
    let mut tried = false;
    for key in candidates {
        let ok = match (&key.key, rsa, ec) {
            (PublicKey::Rsa { n, e }, Some(params), _) => {
                tried = true;
                sig::RsaPublicKeyComponents { n, e }
                    .verify(params, signed, signature)
                    .is_ok()
            }
            (PublicKey::Ec { curve, point }, _, Some((wanted, algorithm))) if *curve == wanted => {
                tried = true;
                sig::UnparsedPublicKey::new(algorithm, point)
                    .verify(signed, signature)
                    .is_ok()
            }
            _ => false,
        };
        if ok {
            return Ok(());
        }
    }
    Err(InvalidToken::new(if tried {
        format!("the signature ({alg}) does not verify")
    } else {
        format!("no key in the JWKS fits kid {kid:?} and {alg}")
    }))
}

/// The keys of a JWKS document (`{"keys":[...]}`); keys of other types or uses are skipped.
fn parse_jwks(text: &str) -> Result<Vec<Jwk>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not a JWKS: {e}"))?;
    let list = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("not a JWKS: no keys array")?;
    let b64 = |key: &Value, field: &str| -> Option<Vec<u8>> {
        B64URL
            .decode(key.get(field)?.as_str()?.trim_end_matches('='))
            .ok()
    };
    let mut keys = Vec::new();
    for key in list {
        if key
            .get("use")
            .and_then(Value::as_str)
            .is_some_and(|u| u != "sig")
        {
            continue;
        }
        let kid = key.get("kid").and_then(Value::as_str).map(str::to_string);
        let parsed = match key.get("kty").and_then(Value::as_str) {
            Some("RSA") => b64(key, "n")
                .zip(b64(key, "e"))
                .map(|(n, e)| PublicKey::Rsa { n, e }),
            Some("EC") => {
                let curve = match key.get("crv").and_then(Value::as_str) {
                    Some("P-256") => Some(Curve::P256),
                    Some("P-384") => Some(Curve::P384),
                    _ => None,
                };
                curve
                    .zip(b64(key, "x").zip(b64(key, "y")))
                    .map(|(curve, (x, y))| {
                        let mut point = vec![4u8];
                        point.extend(x);
                        point.extend(y);
                        PublicKey::Ec { curve, point }
                    })
            }
            _ => None,
        };
        if let Some(key) = parsed {
            keys.push(Jwk { kid, key });
        }
    }
    if keys.is_empty() {
        return Err("the JWKS holds no RSA or EC signing key".to_string());
    }
    Ok(keys)
}

/// The JWKS document at `url`: `file://PATH`, or `http://host:port/path` (one GET).
fn fetch(url: &str) -> Result<String, String> {
    if let Some(path) = url.strip_prefix("file://") {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("sasl.oauthbearer.jwks.endpoint.url {url}: {e}"))?;
        if text.len() > JWKS_BYTES_MAX {
            return Err(format!("{url}: more than {JWKS_BYTES_MAX} bytes"));
        }
        return Ok(text);
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return Err(format!(
            "sasl.oauthbearer.jwks.endpoint.url {url}: Sluice reads file:// and http:// (https:// is not implemented)"
        ));
    };
    http_get(rest).map_err(|e| format!("sasl.oauthbearer.jwks.endpoint.url {url}: {e}"))
}

/// A bounded HTTP/1.1 GET of `host:port/path` (`Connection: close`, the body read to the end).
fn http_get(rest: &str) -> Result<String, String> {
    use std::io::{Read, Write};
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let address = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let timeout = Duration::from_secs(10);
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&address)
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("the host resolves to nothing")?;
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr, timeout).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream
        .take(JWKS_BYTES_MAX as u64 + 16 * 1024)
        .read_to_end(&mut response)
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8(response).map_err(|_| "the response is not UTF-8".to_string())?;
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("the response has no body")?;
    let status = head.lines().next().unwrap_or_default();
    if status.split(' ').nth(1) != Some("200") {
        return Err(format!("the server answered {status:?}"));
    }
    if head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    }) {
        return Err("a chunked response (serve the JWKS with a Content-Length)".to_string());
    }
    Ok(body.to_string())
}

/// Re-reads the JWKS every `every` on a thread of its own (a provider rotates its keys); a
/// failed read keeps the keys it has and is logged.
fn refresh_in_background(url: String, every: Duration, keys: &Arc<RwLock<Vec<Jwk>>>) {
    let keys = Arc::downgrade(keys);
    let spawned = std::thread::Builder::new()
        .name("jwks-refresh".into())
        .spawn(move || loop {
            std::thread::sleep(every);
            let Some(keys) = keys.upgrade() else {
                return;
            };
            match fetch(&url).and_then(|text| parse_jwks(&text)) {
                Ok(fresh) => {
                    *keys.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh;
                }
                Err(e) => tracing::warn!(error = %e, "OAUTHBEARER: the JWKS was not refreshed; keeping the keys it had"),
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "OAUTHBEARER: no JWKS refresh thread");
    }
}

/// The client's first message (RFC 7628): `gs2-header kvsep *kvpair kvsep`, where the
/// gs2-header is `n,` [`a=` authzid] `,` and one pair is `auth=Bearer <token>`; returns the
/// authorization id (empty when none) and the token.
pub fn parse_client_first(message: &[u8]) -> Result<(String, String), String> {
    let bad = || "Invalid OAUTHBEARER client first message".to_string();
    let text = std::str::from_utf8(message).map_err(|_| bad())?;
    let rest = text.strip_prefix("n,").ok_or_else(bad)?;
    let (authz, pairs) = rest.split_once(',').ok_or_else(bad)?;
    let authzid = match authz {
        "" => "",
        a => a.strip_prefix("a=").ok_or_else(bad)?,
    };
    let mut token = None;
    for pair in pairs.split('\u{1}').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').ok_or_else(bad)?;
        if key == "auth" {
            let (scheme, value) = value.split_once(' ').ok_or_else(bad)?;
            if !scheme.eq_ignore_ascii_case("bearer") {
                return Err(format!(
                    "Invalid scheme in OAUTHBEARER client first message: {scheme}"
                ));
            }
            let value = value.trim_start_matches(' ');
            let valid = !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
            if !valid {
                return Err(bad());
            }
            token = Some(value.to_string());
        }
    }
    Ok((authzid.to_string(), token.ok_or_else(bad)?))
}

#[cfg(test)]
mod tests;

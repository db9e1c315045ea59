use super::*;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

const NOW_MS: i64 = 1_800_000_000_000;

fn b64(json: &str) -> String {
    B64URL.encode(json)
}

fn unsecured(claims: &str) -> String {
    format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(claims))
}

fn unsecured_validator(required: &[&str], skew_ms: i64) -> OAuthValidator {
    OAuthValidator {
        kind: Kind::Unsecured {
            principal_claim: "sub".into(),
            scope_claim: "scope".into(),
            required_scope: required.iter().map(|s| s.to_string()).collect(),
            skew_ms,
        },
    }
}

#[test]
fn unsecured_tokens_as_kafka_validates_them() {
    let v = unsecured_validator(&["read"], 1000);
    let exp = NOW_MS / 1000 + 60;
    let ok = unsecured(&format!(
        r#"{{"sub":"alice","exp":{exp},"iat":{},"scope":"read write"}}"#,
        NOW_MS / 1000
    ));
    assert_eq!(
        v.validate(&ok, NOW_MS).unwrap(),
        ValidToken {
            principal: "alice".into(),
            expiry_ms: exp * 1000
        }
    );
    // Expired, even with the skew.
    let expired = unsecured(&format!(r#"{{"sub":"alice","exp":{}}}"#, NOW_MS / 1000 - 2));
    let e = v.validate(&expired, NOW_MS).unwrap_err();
    assert_eq!(e.json(), r#"{"status":"invalid_token"}"#);
    // Within the skew.
    let just = unsecured(&format!(
        r#"{{"sub":"alice","exp":{}.5,"scope":["read"]}}"#,
        NOW_MS / 1000
    ));
    assert!(v.validate(&just, NOW_MS).is_ok());
    // Missing scope.
    let narrow = unsecured(&format!(r#"{{"sub":"alice","exp":{exp},"scope":"write"}}"#));
    let e = v.validate(&narrow, NOW_MS).unwrap_err();
    assert_eq!(
        e.json(),
        r#"{"status":"insufficient_scope", "scope":"read"}"#
    );
    // No sub, no exp, a signature, a signed alg, garbage.
    for bad in [
        unsecured(&format!(r#"{{"exp":{exp}}}"#)),
        unsecured(r#"{"sub":"alice"}"#),
        format!("{}sig", unsecured(&format!(r#"{{"sub":"a","exp":{exp}}}"#))),
        format!(
            "{}.{}.",
            b64(r#"{"alg":"RS256"}"#),
            b64(&format!(r#"{{"sub":"a","exp":{exp}}}"#))
        ),
        "a.b".to_string(),
        "!!.!!.".to_string(),
    ] {
        assert!(v.validate(&bad, NOW_MS).is_err(), "{bad}");
    }
}

fn signed_validator(jwks: &str) -> OAuthValidator {
    OAuthValidator {
        kind: Kind::Signed {
            keys: Arc::new(RwLock::new(parse_jwks(jwks).unwrap())),
            audience: vec!["kafka".into()],
            issuer: Some("https://issuer".into()),
            skew_ms: 30_000,
            sub_claim: "sub".into(),
            scope_claim: "scope".into(),
        },
    }
}

fn es256_key() -> (EcdsaKeyPair, String) {
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let point = pair.public_key().as_ref().to_vec();
    let jwks = format!(
        r#"{{"keys":[{{"kty":"RSA","kid":"other","n":"AQAB","e":"AQAB"}},{{"kty":"EC","crv":"P-256","kid":"k1","use":"sig","x":"{}","y":"{}"}}]}}"#,
        B64URL.encode(&point[1..33]),
        B64URL.encode(&point[33..65])
    );
    (pair, jwks)
}

fn sign(pair: &EcdsaKeyPair, claims: &str) -> String {
    let signed = format!(
        "{}.{}",
        b64(r#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#),
        b64(claims)
    );
    let rng = ring::rand::SystemRandom::new();
    let signature = pair.sign(&rng, signed.as_bytes()).unwrap();
    format!("{signed}.{}", B64URL.encode(signature.as_ref()))
}

#[test]
fn signed_tokens_verify_against_the_jwks() {
    let (pair, jwks) = es256_key();
    let v = signed_validator(&jwks);
    let (iat, exp) = (NOW_MS / 1000, NOW_MS / 1000 + 600);
    let claims = |aud: &str, iss: &str, exp: i64| {
        format!(r#"{{"sub":"svc","aud":{aud},"iss":"{iss}","iat":{iat},"exp":{exp}}}"#)
    };
    let good = sign(&pair, &claims(r#"["x","kafka"]"#, "https://issuer", exp));
    assert_eq!(v.validate(&good, NOW_MS).unwrap().principal, "svc");
    let refusals = [
        sign(&pair, &claims(r#""other""#, "https://issuer", exp)),
        sign(&pair, &claims(r#""kafka""#, "https://elsewhere", exp)),
        sign(&pair, &claims(r#""kafka""#, "https://issuer", iat - 60)),
        sign(
            &pair,
            r#"{"sub":"svc","aud":"kafka","iss":"https://issuer","exp":9999999999}"#,
        ),
    ];
    for token in &refusals {
        assert_eq!(
            v.validate(token, NOW_MS).unwrap_err().status,
            "invalid_token"
        );
    }
    // A signature over other claims, and another key's signature.
    let mut forged = good.clone();
    let at = forged.find('.').unwrap() + 3;
    forged.replace_range(
        at..at + 1,
        if &forged[at..at + 1] == "A" { "B" } else { "A" },
    );
    assert!(v.validate(&forged, NOW_MS).is_err());
    let (other, _) = es256_key();
    let foreign = sign(&other, &claims(r#""kafka""#, "https://issuer", exp));
    assert!(v
        .validate(&foreign, NOW_MS)
        .unwrap_err()
        .detail
        .contains("does not verify"));
    // alg none is not accepted here.
    let none = unsecured(&claims(r#""kafka""#, "https://issuer", exp));
    assert!(v.validate(&none, NOW_MS).is_err());
}

#[test]
fn client_first_messages_as_rfc_7628_writes_them() {
    let (authz, token) = parse_client_first(b"n,,\x01auth=Bearer abc.def.\x01\x01").unwrap();
    assert_eq!((authz.as_str(), token.as_str()), ("", "abc.def."));
    let (authz, _) = parse_client_first(b"n,a=alice,\x01auth=bearer x.y.z\x01k=v\x01\x01").unwrap();
    assert_eq!(authz, "alice");
    for bad in [
        &b"y,,\x01auth=Bearer x\x01\x01"[..],
        b"n,,\x01\x01",
        b"n,,\x01auth=Basic x\x01\x01",
        b"n,,\x01auth=Bearer a b\x01\x01",
        b"\xff",
    ] {
        assert!(parse_client_first(bad).is_err());
    }
}

//! Key and trust stores as Kafka configures them: PEM (a file, or the text inline in the config)
//! and PKCS12. JKS is refused with the `keytool` command that converts it.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// The first bytes of a JKS (0xFEEDFEED) or JCEKS (0xCECECECE) file.
const JKS_MAGIC: [u8; 4] = [0xfe, 0xed, 0xfe, 0xed];
const JCEKS_MAGIC: [u8; 4] = [0xce, 0xce, 0xce, 0xce];

/// Where a store comes from.
pub(crate) enum Source {
    /// `ssl.keystore.location` / `ssl.truststore.location`.
    File(String),
    /// `ssl.keystore.key` + `ssl.keystore.certificate.chain`, or `ssl.truststore.certificates`.
    Inline(String),
}

/// `ssl.keystore.type` / `ssl.truststore.type`, as named in the config (Kafka's default JKS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoreType {
    Pem,
    Pkcs12,
    Jks,
}

impl StoreType {
    pub(crate) fn from_name(key: &str, name: &str) -> Result<StoreType, String> {
        match name.trim().to_ascii_uppercase().as_str() {
            "PEM" => Ok(StoreType::Pem),
            "PKCS12" | "P12" | "PFX" => Ok(StoreType::Pkcs12),
            "JKS" | "JCEKS" => Ok(StoreType::Jks),
            other => Err(format!("{key}={other} is not supported: use PEM or PKCS12")),
        }
    }
}

/// A private key and the certificate chain it belongs to, the entity certificate first.
pub(crate) struct KeyMaterial {
    pub(crate) chain: Vec<CertificateDer<'static>>,
    pub(crate) key: PrivateKeyDer<'static>,
}

/// What a store file holds, judged by its bytes: Java reads a PKCS12 file even when the type
/// says JKS (`keystore.type.compat`), and keytool has written PKCS12 by default since Java 9.
fn sniff(bytes: &[u8], declared: StoreType) -> StoreType {
    if bytes.starts_with(&JKS_MAGIC) || bytes.starts_with(&JCEKS_MAGIC) {
        StoreType::Jks
    } else if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        StoreType::Pem
    } else if declared == StoreType::Jks && bytes.first() == Some(&0x30) {
        StoreType::Pkcs12
    } else {
        declared
    }
}

fn jks_refused(key: &str, path: &str) -> String {
    format!(
        "{key}: {path} is a JKS keystore, which Sluice does not read; convert it to PKCS12 with `keytool -importkeystore -srckeystore {path} -destkeystore {path}.p12 -deststoretype pkcs12` and set {key}={path}.p12 with the type PKCS12 (or use PEM)"
    )
}

fn read_file(key: &str, path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{key}: reading {path}: {e}"))
}

/// Loads the key store. `password` is `ssl.keystore.password`, `key_password` `ssl.key.password`
/// (the PEM key's encryption password, or the PKCS12 key's when it differs from the store's).
pub(crate) fn load_key_store(
    source: &Source,
    declared: StoreType,
    password: Option<&str>,
    key_password: Option<&str>,
) -> Result<KeyMaterial, String> {
    const KEY: &str = "ssl.keystore.location";
    let (kind, bytes, path) = match source {
        Source::File(path) => {
            let bytes = read_file(KEY, path)?;
            (sniff(&bytes, declared), bytes, path.as_str())
        }
        Source::Inline(text) => (StoreType::Pem, text.as_bytes().to_vec(), "ssl.keystore.key"),
    };
    match kind {
        StoreType::Jks => Err(jks_refused(KEY, path)),
        StoreType::Pem => pem_key_material(&bytes, key_password.or(password), path),
        StoreType::Pkcs12 => {
            let password = password.ok_or_else(|| {
                format!("{KEY}: {path} is PKCS12 and needs ssl.keystore.password")
            })?;
            pkcs12_key_material(&bytes, password, key_password, path)
        }
    }
}

/// Loads the trusted certificates of a trust store.
pub(crate) fn load_trust_store(
    source: &Source,
    declared: StoreType,
    password: Option<&str>,
) -> Result<Vec<CertificateDer<'static>>, String> {
    const KEY: &str = "ssl.truststore.location";
    let (kind, bytes, path) = match source {
        Source::File(path) => {
            let bytes = read_file(KEY, path)?;
            (sniff(&bytes, declared), bytes, path.as_str())
        }
        Source::Inline(text) => (
            StoreType::Pem,
            text.as_bytes().to_vec(),
            "ssl.truststore.certificates",
        ),
    };
    let certs = match kind {
        StoreType::Jks => return Err(jks_refused(KEY, path)),
        StoreType::Pem => pem_certificates(&bytes, path)?,
        StoreType::Pkcs12 => {
            // Java opens a PKCS12 trust store without a password (its certificates are not
            // encrypted by keytool); the crate reading it needs the MAC password. Every
            // certificate counts, with or without Java's trusted-certificate attribute (which
            // `openssl pkcs12 -export -nokeys` does not write).
            let password = password.unwrap_or("");
            let store = p12_keystore::KeyStore::from_pkcs12(
                &bytes,
                password,
                p12_keystore::Pkcs12ImportPolicy::Raw,
            )
            .map_err(|e| {
                format!("{KEY}: reading PKCS12 {path}: {e} (is ssl.truststore.password right?)")
            })?;
            store
                .entries()
                .flat_map(|(_, entry)| match entry {
                    p12_keystore::KeyStoreEntry::Certificate(cert) => vec![cert.as_der().to_vec()],
                    p12_keystore::KeyStoreEntry::PrivateKeyChain(chain) => {
                        chain.certs().iter().map(|c| c.as_der().to_vec()).collect()
                    }
                    p12_keystore::KeyStoreEntry::Secret(_) => Vec::new(),
                })
                .map(CertificateDer::from)
                .collect()
        }
    };
    if certs.is_empty() {
        return Err(format!("{KEY}: {path} holds no certificate"));
    }
    Ok(certs)
}

fn pem_certificates(bytes: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    CertificateDer::pem_slice_iter(bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{what}: reading PEM certificates: {e}"))
}

const ENCRYPTED_BEGIN: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
const ENCRYPTED_END: &str = "-----END ENCRYPTED PRIVATE KEY-----";

fn pem_key_material(
    bytes: &[u8],
    key_password: Option<&str>,
    what: &str,
) -> Result<KeyMaterial, String> {
    let chain = pem_certificates(bytes, what)?;
    if chain.is_empty() {
        return Err(format!(
            "{what}: no certificate found (ssl.keystore.certificate.chain)"
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let key = match text.find(ENCRYPTED_BEGIN) {
        Some(start) => {
            let end = text[start..]
                .find(ENCRYPTED_END)
                .map(|e| start + e + ENCRYPTED_END.len())
                .ok_or_else(|| format!("{what}: unterminated encrypted private key"))?;
            let password = key_password.ok_or_else(|| {
                format!("{what}: the private key is encrypted and ssl.key.password is not set")
            })?;
            decrypt_pkcs8(&text[start..end], password, what)?
        }
        None => PrivateKeyDer::from_pem_slice(bytes)
            .map_err(|e| format!("{what}: no usable private key: {e}"))?,
    };
    Ok(KeyMaterial { chain, key })
}

fn decrypt_pkcs8(pem: &str, password: &str, what: &str) -> Result<PrivateKeyDer<'static>, String> {
    let (_, der) = pkcs8::der::pem::decode_vec(pem.as_bytes())
        .map_err(|e| format!("{what}: reading the encrypted private key: {e}"))?;
    let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der.as_slice())
        .map_err(|e| format!("{what}: reading the encrypted private key: {e}"))?;
    let plain = info.decrypt(password).map_err(|_| {
        format!("{what}: the private key could not be decrypted with ssl.key.password")
    })?;
    Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        plain.as_bytes().to_vec(),
    )))
}

fn pkcs12_key_material(
    bytes: &[u8],
    password: &str,
    key_password: Option<&str>,
    what: &str,
) -> Result<KeyMaterial, String> {
    let open = |password: &str| {
        p12_keystore::KeyStore::from_pkcs12(
            bytes,
            password,
            p12_keystore::Pkcs12ImportPolicy::Strict,
        )
    };
    // The crate reads a store with one password; keytool's default is the same for both.
    let store = open(password)
        .or_else(|first| key_password.map_or(Err(first), open))
        .map_err(|e| format!("ssl.keystore.location: reading PKCS12 {what}: {e} (is ssl.keystore.password right?)"))?;
    let (_, chain) = store.private_key_chain().ok_or_else(|| {
        format!("ssl.keystore.location: {what} holds no private key with a certificate chain")
    })?;
    Ok(KeyMaterial {
        chain: chain
            .certs()
            .iter()
            .map(|c| CertificateDer::from(c.as_der().to_vec()))
            .collect(),
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(chain.key().as_der().to_vec())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jks_is_refused_with_the_conversion() {
        let dir = std::env::temp_dir().join(format!("sluice-jks-{}", std::process::id()));
        std::fs::write(&dir, [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]).unwrap();
        let path = dir.to_string_lossy().to_string();
        let error = load_key_store(&Source::File(path.clone()), StoreType::Jks, Some("x"), None)
            .err()
            .unwrap();
        assert!(error.contains("keytool -importkeystore"), "{error}");
        assert!(error.contains("-deststoretype pkcs12"), "{error}");
        let error = load_trust_store(&Source::File(path), StoreType::Pkcs12, None)
            .err()
            .unwrap();
        assert!(error.contains("JKS"), "{error}");
        std::fs::remove_file(dir).unwrap();
    }

    #[test]
    fn store_types() {
        assert_eq!(StoreType::from_name("k", "pem").unwrap(), StoreType::Pem);
        assert_eq!(
            StoreType::from_name("k", "PKCS12").unwrap(),
            StoreType::Pkcs12
        );
        assert!(StoreType::from_name("k", "BKS").is_err());
        assert_eq!(sniff(b"\n-----BEGIN CERT", StoreType::Jks), StoreType::Pem);
        assert_eq!(sniff(&[0x30, 0x82], StoreType::Jks), StoreType::Pkcs12);
    }

    #[test]
    fn missing_pem_parts_are_named() {
        let error = load_key_store(
            &Source::Inline("nothing".into()),
            StoreType::Pem,
            None,
            None,
        )
        .err()
        .unwrap();
        assert!(error.contains("no certificate"), "{error}");
    }
}

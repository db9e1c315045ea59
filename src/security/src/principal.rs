//! The principal a connection authenticates as, built as Kafka's `DefaultKafkaPrincipalBuilder`
//! builds it: `User:ANONYMOUS` without a client certificate (PLAINTEXT, or SSL without one),
//! else `User:` + the certificate subject's distinguished name in RFC 2253 form (Java's
//! `X500Principal.getName()`), passed through `ssl.principal.mapping.rules`
//! (Kafka's `SslPrincipalMapper`: `DEFAULT` and `RULE:pattern/replacement/[LU]`).

use der::asn1::{Any, Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Decode, Encode, Tag, Tagged};
use std::fmt;

/// `KafkaPrincipal`: a type and a name, shown as `User:name`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KafkaPrincipal {
    pub principal_type: String,
    pub name: String,
}

impl KafkaPrincipal {
    pub const USER_TYPE: &'static str = "User";

    pub fn user(name: impl Into<String>) -> KafkaPrincipal {
        KafkaPrincipal {
            principal_type: Self::USER_TYPE.to_string(),
            name: name.into(),
        }
    }

    /// `User:ANONYMOUS`, Kafka's principal of an unauthenticated connection.
    pub fn anonymous() -> KafkaPrincipal {
        KafkaPrincipal::user("ANONYMOUS")
    }
}

impl fmt::Display for KafkaPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.principal_type, self.name)
    }
}

/// One rule of `ssl.principal.mapping.rules`.
#[derive(Clone, Debug)]
enum Rule {
    Default,
    Replace {
        /// Anchored: Java's `Matcher.matches()` needs the whole name to match.
        pattern: regex::Regex,
        /// In the regex crate's syntax (`${1}`), translated from Java's (`$1`).
        replacement: String,
        case: Case,
    },
}

#[derive(Clone, Copy, Debug)]
enum Case {
    Keep,
    Lower,
    Upper,
}

/// `ssl.principal.mapping.rules`, parsed.
#[derive(Clone, Debug)]
pub struct PrincipalMapper {
    rules: Vec<Rule>,
    text: String,
}

impl PrincipalMapper {
    /// Parses the rules; an invalid rule is refused naming it, as Kafka does at start-up.
    pub fn parse(text: &str) -> Result<PrincipalMapper, String> {
        let mut rules = Vec::new();
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let (rule, after) = parse_rule(rest)?;
            rules.push(rule);
            rest = after.trim_start();
            rest = rest
                .strip_prefix(',')
                .or_else(|| rest.strip_prefix('\n'))
                .unwrap_or(rest)
                .trim_start();
        }
        if rules.is_empty() {
            rules.push(Rule::Default);
        }
        Ok(PrincipalMapper {
            rules,
            text: text.to_string(),
        })
    }

    /// The short name of a distinguished name: the first rule that matches decides.
    pub fn map(&self, dn: &str) -> Result<String, String> {
        for rule in &self.rules {
            match rule {
                Rule::Default => return Ok(dn.to_string()),
                Rule::Replace {
                    pattern,
                    replacement,
                    case,
                } => {
                    let Some(captures) = pattern.captures(dn) else {
                        continue;
                    };
                    let mut name = String::new();
                    captures.expand(replacement, &mut name);
                    return Ok(match case {
                        Case::Keep => name,
                        Case::Lower => name.to_lowercase(),
                        Case::Upper => name.to_uppercase(),
                    });
                }
            }
        }
        Err(format!("No rules apply to {dn}, rules {}", self.text))
    }

    /// The principal of a connection that presented `certificate` (DER), already verified.
    pub fn principal(&self, certificate: &[u8]) -> Result<KafkaPrincipal, String> {
        let dn = subject_rfc2253(certificate)?;
        self.map(&dn).map(KafkaPrincipal::user)
    }
}

/// Reads one rule at the start of `text`; returns it and what follows it.
fn parse_rule(text: &str) -> Result<(Rule, &str), String> {
    if let Some(after) = text.strip_prefix("DEFAULT") {
        return Ok((Rule::Default, after));
    }
    let invalid = || {
        let end = text.find([',', '\n']).unwrap_or(text.len());
        format!("Invalid rule: {}", &text[..end])
    };
    let body = text.strip_prefix("RULE:").ok_or_else(invalid)?;
    let (pattern, after) = until_slash(body).ok_or_else(invalid)?;
    let (replacement, after) = until_slash(after).ok_or_else(invalid)?;
    let (case, after) = match after.as_bytes().first() {
        Some(b'L') => (Case::Lower, &after[1..]),
        Some(b'U') => (Case::Upper, &after[1..]),
        _ => (Case::Keep, after),
    };
    // Kafka ignores anything up to the next separator.
    let end = after.find([',', '\n']).unwrap_or(after.len());
    let pattern = regex::Regex::new(&format!("^(?:{pattern})$"))
        .map_err(|e| format!("Invalid rule: RULE:{pattern}: {e}"))?;
    Ok((
        Rule::Replace {
            pattern,
            replacement: java_replacement(&replacement),
            case,
        },
        &after[end..],
    ))
}

/// Reads up to an unescaped `/`; `\/` stands for `/`, other escapes are kept for the regex.
fn until_slash(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' => return Some((out, &text[i + 1..])),
            '\\' => match chars.next() {
                Some((_, '/')) => out.push('/'),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => return None,
            },
            _ => out.push(c),
        }
    }
    None
}

/// Java's replacement syntax (`$1`, `\$` for a dollar) in the regex crate's (`${1}`, `$$`).
fn java_replacement(java: &str) -> String {
    let mut out = String::new();
    let mut chars = java.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(other) => out.push(other),
                None => {}
            },
            '$' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str("$$");
                } else {
                    out.push_str(&format!("${{{digits}}}"));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The subject of a DER certificate in RFC 2253 form, as Java's `X500Principal.getName()`:
/// last RDN first, `,` between RDNs, `+` inside one, Java's keywords, other attributes as
/// `OID=#hex`.
pub fn subject_rfc2253(certificate: &[u8]) -> Result<String, String> {
    let cert = x509_cert::Certificate::from_der(certificate)
        .map_err(|e| format!("reading the client certificate: {e}"))?;
    Ok(name_rfc2253(&cert))
}

/// What identifies a server certificate to its clients: its subject (RFC 2253) and its
/// subject alternative names (the extension's DER value, `None` without one). Kafka refuses a
/// reloaded key store whose certificate changes either, unless `ssl.allow.dn.changes` /
/// `ssl.allow.san.changes` say otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateIdentity {
    pub subject: String,
    pub subject_alt_names: Option<Vec<u8>>,
}

impl CertificateIdentity {
    pub fn of(certificate: &[u8]) -> Result<CertificateIdentity, String> {
        let cert = x509_cert::Certificate::from_der(certificate)
            .map_err(|e| format!("reading the certificate: {e}"))?;
        let subject_alt_names = cert
            .tbs_certificate()
            .extensions()
            .into_iter()
            .flatten()
            .find(|ext| ext.extn_id.to_string() == "2.5.29.17")
            .map(|ext| ext.extn_value.as_bytes().to_vec());
        Ok(CertificateIdentity {
            subject: name_rfc2253(&cert),
            subject_alt_names,
        })
    }
}

fn name_rfc2253(cert: &x509_cert::Certificate) -> String {
    let rdns: Vec<String> = cert
        .tbs_certificate()
        .subject()
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| attribute(&atv.oid.to_string(), &atv.value))
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(",")
}

/// Java's RFC 2253 keywords (`AVAKeyword`, RFC2253 standard set).
fn keyword(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.9" => "STREET",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => return None,
    })
}

fn attribute(oid: &str, value: &Any) -> String {
    let text = match value.tag() {
        Tag::PrintableString => PrintableStringRef::try_from(value)
            .ok()
            .map(|s| s.to_string()),
        Tag::Utf8String => Utf8StringRef::try_from(value).ok().map(|s| s.to_string()),
        Tag::Ia5String => Ia5StringRef::try_from(value).ok().map(|s| s.to_string()),
        Tag::TeletexString => TeletexStringRef::try_from(value)
            .ok()
            .map(|s| s.to_string()),
        Tag::BmpString => value
            .decode_as::<der::asn1::BmpString>()
            .ok()
            .map(|s| s.to_string()),
        _ => None,
    };
    match (keyword(oid), text) {
        (Some(key), Some(text)) => format!("{key}={}", escape_rfc2253(&text)),
        _ => {
            let der = value.to_der().unwrap_or_default();
            let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
            format!("{oid}=#{hex}")
        }
    }
}

/// Java's escaping of an RFC 2253 attribute value.
fn escape_rfc2253(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let escape = matches!(c, ',' | '=' | '+' | '<' | '>' | ';' | '"' | '\\')
            || (c == '#' && i == 0)
            || (c == ' ' && (i == 0 || i == last));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DN: &str = "CN=kafka-client,OU=ServiceUsers,O=Sluice,C=DE";

    #[test]
    fn default_keeps_the_whole_name() {
        let mapper = PrincipalMapper::parse("DEFAULT").unwrap();
        assert_eq!(mapper.map(DN).unwrap(), DN);
        assert_eq!(PrincipalMapper::parse("").unwrap().map(DN).unwrap(), DN);
    }

    #[test]
    fn rules_as_kafka_documents_them() {
        let mapper = PrincipalMapper::parse(
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L,\nRULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U, DEFAULT",
        )
        .unwrap();
        assert_eq!(mapper.map(DN).unwrap(), "kafka-client");
        assert_eq!(
            mapper
                .map("CN=Duke,OU=JavaSoft,O=Sun Microsystems,L=x,ST=y,C=US")
                .unwrap(),
            "duke@javasoft"
        );
        assert_eq!(mapper.map("O=a,cn=bob,C=x").unwrap(), "BOB");
        assert_eq!(mapper.map("O=none").unwrap(), "O=none");
    }

    #[test]
    fn no_matching_rule_and_invalid_rules() {
        let mapper = PrincipalMapper::parse("RULE:^CN=(.*)$/$1/").unwrap();
        assert!(mapper.map("O=x").unwrap_err().contains("No rules apply"));
        assert!(PrincipalMapper::parse("RULE:nope").is_err());
        assert!(PrincipalMapper::parse("garbage").is_err());
        assert!(PrincipalMapper::parse("RULE:(/x/").is_err());
    }

    #[test]
    fn escaped_slashes_and_dollars() {
        let mapper = PrincipalMapper::parse(r"RULE:^CN=(.*)\/x$/\$$1/").unwrap();
        assert_eq!(mapper.map("CN=a/x").unwrap(), "$a");
    }

    #[test]
    fn rfc2253_escaping() {
        assert_eq!(escape_rfc2253("a,b+c"), r"a\,b\+c");
        assert_eq!(escape_rfc2253("#x "), r"\#x\ ");
        assert_eq!(escape_rfc2253("a#b"), "a#b");
    }

    /// Made with `openssl req -x509 -subj "/C=DE/ST=Berlin/L=Mitte/O=Sluice, Inc./OU=Team\+Ops/
    /// CN=bob \"the\" builder/emailAddress=bob@example.com/DC=example/UID=u1"`.
    const ODD_SUBJECT: &str = "-----BEGIN CERTIFICATE-----
MIIC2TCCAn+gAwIBAgIUZimVQya5jzz3Sb+ItYBf+5wkB4EwCgYIKoZIzj0EAwIw
gcExCzAJBgNVBAYTAkRFMQ8wDQYDVQQIDAZCZXJsaW4xDjAMBgNVBAcMBU1pdHRl
MRUwEwYDVQQKDAxTbHVpY2UsIEluYy4xETAPBgNVBAsMCFRlYW0rT3BzMRowGAYD
VQQDDBFib2IgInRoZSIgYnVpbGRlcjEeMBwGCSqGSIb3DQEJARYPYm9iQGV4YW1w
bGUuY29tMRcwFQYKCZImiZPyLGQBGRYHZXhhbXBsZTESMBAGCgmSJomT8ixkAQEM
AnUxMB4XDTI2MTIwNTE3MTIzN1oXDTM2MTIwMjE3MTIzN1owgcExCzAJBgNVBAYT
AkRFMQ8wDQYDVQQIDAZCZXJsaW4xDjAMBgNVBAcMBU1pdHRlMRUwEwYDVQQKDAxT
bHVpY2UsIEluYy4xETAPBgNVBAsMCFRlYW0rT3BzMRowGAYDVQQDDBFib2IgInRo
ZSIgYnVpbGRlcjEeMBwGCSqGSIb3DQEJARYPYm9iQGV4YW1wbGUuY29tMRcwFQYK
CZImiZPyLGQBGRYHZXhhbXBsZTESMBAGCgmSJomT8ixkAQEMAnUxMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEJB+/I+ux+iiWOkk72nXnqbr6J6o7ieJhFMqtOjW8
A28+XTcsv77x6xK0i59Bos7GWJzQrA1m/lxBc5Zu+FnavaNTMFEwHQYDVR0OBBYE
FMBZ7XFx0Q+HCPDZICSmhWPFhGzJMB8GA1UdIwQYMBaAFMBZ7XFx0Q+HCPDZICSm
hWPFhGzJMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgFzVsgjEj
wOmWosyhgoUUQ7cqwn7p7uA0adPOfzQQ/fQCIQDWbnK3PwcyEHqFvGFzZpPXrYBV
D3Sre2JoKS8ZISMyOg==
-----END CERTIFICATE-----";

    #[test]
    fn subject_as_java_writes_it() {
        use rustls::pki_types::pem::PemObject;
        let der =
            rustls::pki_types::CertificateDer::from_pem_slice(ODD_SUBJECT.as_bytes()).unwrap();
        // What Java 17's X509Certificate.getSubjectX500Principal().getName() prints for it.
        let java = r#"UID=u1,DC=example,1.2.840.113549.1.9.1=#160f626f62406578616d706c652e636f6d,CN=bob \"the\" builder,OU=Team\+Ops,O=Sluice\, Inc.,L=Mitte,ST=Berlin,C=DE"#;
        assert_eq!(subject_rfc2253(&der).unwrap(), java);
        let principal = PrincipalMapper::parse("DEFAULT")
            .unwrap()
            .principal(&der)
            .unwrap();
        assert_eq!(principal.to_string(), format!("User:{java}"));
        assert!(subject_rfc2253(b"not a certificate").is_err());
        let identity = CertificateIdentity::of(&der).unwrap();
        assert_eq!(identity.subject, java);
        assert_eq!(identity.subject_alt_names, None);
    }

    #[test]
    fn principal_display() {
        assert_eq!(KafkaPrincipal::anonymous().to_string(), "User:ANONYMOUS");
    }
}

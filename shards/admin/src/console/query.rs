//! Parsing what a console request names: percent-encoded path segments and the query string,
//! into typed values or a 400.

use super::ApiError;

/// Query parameters at most (the head is bounded already; this bounds the work).
const PARAMS_MAX: usize = 32;

/// Decodes one percent-encoded path segment; malformed escapes and bytes that are not UTF-8
/// are refused, as are control characters.
pub(crate) fn decode_segment(segment: &str) -> Result<String, String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| "a malformed percent escape".to_string())?;
                out.push(hex);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(out).map_err(|_| "a name that is not UTF-8".to_string())?;
    if text.chars().any(char::is_control) {
        return Err("a control character in a name".into());
    }
    Ok(text)
}

/// A request's query parameters, decoded.
#[derive(Debug, Default)]
pub(crate) struct Query {
    params: Vec<(String, String)>,
}

impl Query {
    pub(crate) fn parse(query: &str) -> Result<Query, String> {
        let mut params = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            if params.len() == PARAMS_MAX {
                return Err(format!("more than {PARAMS_MAX} query parameters"));
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.push((decode_segment(key)?, decode_segment(value)?));
        }
        Ok(Query { params })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `key` as an integer in `min..=max`; absent is `None`, anything else a 400.
    pub(crate) fn int(&self, key: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        let Some(text) = self.get(key) else {
            return Ok(None);
        };
        match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::bad_request(format!(
                "{key} must be an integer from {min} to {max}"
            ))),
        }
    }
}

pub(crate) fn parse_partition(text: &str) -> Result<i32, ApiError> {
    match text.parse::<i32>() {
        Ok(p) if p >= 0 => Ok(p),
        _ => Err(ApiError::bad_request(
            "a partition is a non-negative integer",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_decode_or_are_refused() {
        assert_eq!(decode_segment("my-topic").unwrap(), "my-topic");
        assert_eq!(decode_segment("a%20b%2Fc").unwrap(), "a b/c");
        assert_eq!(decode_segment("%E2%9C%93").unwrap(), "✓");
        for bad in ["%", "%4", "%zz", "%FF", "%00", "a%0Ab"] {
            assert!(decode_segment(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn queries_parse_into_bounded_integers() {
        let q = Query::parse("offset=5&limit=10&x").unwrap();
        assert_eq!(q.int("offset", 0, i64::MAX).unwrap(), Some(5));
        assert_eq!(q.int("missing", 0, 1).unwrap(), None);
        assert_eq!(q.get("x"), Some(""));
        assert!(q.int("limit", 0, 5).is_err());
        let q = Query::parse("offset=-1&limit=1e3&n=99999999999999999999").unwrap();
        assert!(q.int("offset", 0, i64::MAX).is_err());
        assert!(q.int("limit", 0, 500).is_err());
        assert!(q.int("n", 0, i64::MAX).is_err());
        assert!(Query::parse(&"a=1&".repeat(40)).is_err());
        assert!(Query::parse("a=%zz").is_err());
    }

    #[test]
    fn any_text_parses_or_is_refused_without_panicking() {
        let alphabet = ['%', 'a', 'F', '0', '=', '&', '+', '\u{0}', '✓', '9', 'z'];
        let mut x = 1u64;
        for len in 0..2000usize {
            let text: String = (0..len % 24)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    alphabet[(x >> 33) as usize % alphabet.len()]
                })
                .collect();
            let _ = decode_segment(&text);
            if let Ok(q) = Query::parse(&text) {
                let _ = q.int("a", 0, 10);
            }
        }
    }

    #[test]
    fn partitions_are_non_negative_integers() {
        assert_eq!(parse_partition("3"), Ok(3));
        for bad in ["-1", "x", "", "2147483648", "1.5"] {
            assert_eq!(parse_partition(bad).unwrap_err().status, 400, "{bad}");
        }
    }
}

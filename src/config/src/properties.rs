//! Java `.properties` parsing, as `java.util.Properties.load` reads it (Kafka loads
//! `server.properties` with it): comment lines start with `#` or `!`; a key ends at the first
//! unescaped `=`, `:` or whitespace; one separator and the whitespace around it are skipped; a
//! line ending in an odd number of backslashes continues on the next line (whose leading
//! whitespace is dropped); `\t \n \r \f \uXXXX` are escapes and `\x` is `x` for any other `x`.
//! Trailing whitespace of a value is kept, as Java does (typed parsing trims it later).

use crate::ConfigError;

/// Parses properties text into `(key, value, line)` in file order; `line` is the 1-based line
/// on which the logical line starts. Duplicate keys are all returned (the later wins when
/// applied). Errors only on a malformed `\uXXXX` escape.
pub fn parse_properties(text: &str) -> Result<Vec<(String, String, usize)>, ConfigError> {
    let lines: Vec<&str> = split_natural_lines(text);
    let mut out = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line_number = index + 1;
        let first = lines[index].trim_start_matches(is_properties_whitespace);
        index += 1;
        if first.is_empty() || first.starts_with('#') || first.starts_with('!') {
            continue;
        }
        let mut logical = String::from(first);
        while ends_with_continuation(&logical) && index < lines.len() {
            logical.pop();
            logical.push_str(lines[index].trim_start_matches(is_properties_whitespace));
            index += 1;
        }
        if ends_with_continuation(&logical) {
            logical.pop(); // a continuation at end of input continues into nothing
        }
        let (key, value) = split_key_value(&logical);
        let key = unescape(key, line_number)?;
        let value = unescape(value, line_number)?;
        out.push((key, value, line_number));
    }
    Ok(out)
}

/// Java's line terminators: `\n`, `\r` or `\r\n`.
fn split_natural_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                lines.push(&text[start..at]);
                start = at + 1;
            }
            b'\r' => {
                lines.push(&text[start..at]);
                if bytes.get(at + 1) == Some(&b'\n') {
                    at += 1;
                }
                start = at + 1;
            }
            _ => {}
        }
        at += 1;
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Java counts space, tab and form feed as whitespace in properties files.
fn is_properties_whitespace(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\x0c'
}

fn ends_with_continuation(line: &str) -> bool {
    let backslashes = line.bytes().rev().take_while(|b| *b == b'\\').count();
    backslashes % 2 == 1
}

/// Splits a logical line into its raw (still escaped) key and value.
fn split_key_value(line: &str) -> (&str, &str) {
    let mut key_end = line.len();
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c == '=' || c == ':' || is_properties_whitespace(c) {
            key_end = at;
            break;
        }
    }
    let key = &line[..key_end];
    let mut rest = line[key_end..].trim_start_matches(is_properties_whitespace);
    if let Some(stripped) = rest.strip_prefix(['=', ':']) {
        rest = stripped.trim_start_matches(is_properties_whitespace);
    }
    (key, rest)
}

fn unescape(raw: &str, line: usize) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\x0c'),
            Some('u') => out.push(unescape_unicode(&mut chars, line)?),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Ok(out)
}

/// Reads the 4 hex digits after `\u`; a UTF-16 high surrogate must be followed by `\u` and a
/// low surrogate (Java strings are UTF-16; a Rust string cannot hold a lone surrogate).
fn unescape_unicode(chars: &mut std::str::Chars<'_>, line: usize) -> Result<char, ConfigError> {
    let first = read_hex4(chars, line)?;
    if !(0xD800..0xDC00).contains(&first) {
        return char::from_u32(first).ok_or_else(|| malformed(line, "lone low surrogate"));
    }
    if chars.next() != Some('\\') || chars.next() != Some('u') {
        return Err(malformed(
            line,
            "high surrogate without a following \\u low surrogate",
        ));
    }
    let second = read_hex4(chars, line)?;
    if !(0xDC00..0xE000).contains(&second) {
        return Err(malformed(
            line,
            "high surrogate without a following low surrogate",
        ));
    }
    let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
    char::from_u32(combined).ok_or_else(|| malformed(line, "invalid surrogate pair"))
}

fn read_hex4(chars: &mut std::str::Chars<'_>, line: usize) -> Result<u32, ConfigError> {
    let mut value = 0u32;
    for _ in 0..4 {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or_else(|| malformed(line, "Malformed \\uxxxx encoding."))?;
        value = value * 16 + digit;
    }
    Ok(value)
}

fn malformed(line: usize, reason: &str) -> ConfigError {
    ConfigError::Syntax {
        line,
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse_properties(text)
            .unwrap()
            .into_iter()
            .map(|(k, v, _)| (k, v))
            .collect()
    }

    fn kv(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn separators_equals_colon_and_whitespace() {
        assert_eq!(
            pairs("a=1\nb:2\nc 3\nd = 4\ne\t:\t5\nf   =6\n"),
            vec![
                kv("a", "1"),
                kv("b", "2"),
                kv("c", "3"),
                kv("d", "4"),
                kv("e", "5"),
                kv("f", "6")
            ]
        );
    }

    #[test]
    fn only_one_separator_is_consumed() {
        assert_eq!(
            pairs("a==1\nb = :2\nc = = 3"),
            vec![kv("a", "=1"), kv("b", ":2"), kv("c", "= 3")]
        );
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        assert_eq!(
            pairs("# c\n! c\n   # indented\n\n  \t\nk=v\n"),
            vec![kv("k", "v")]
        );
    }

    #[test]
    fn hash_inside_a_value_is_not_a_comment() {
        assert_eq!(pairs("k=a#b"), vec![kv("k", "a#b")]);
    }

    #[test]
    fn key_without_value_is_empty() {
        assert_eq!(pairs("lonely\nk="), vec![kv("lonely", ""), kv("k", "")]);
    }

    #[test]
    fn leading_whitespace_trimmed_trailing_kept() {
        assert_eq!(pairs("   k=v  "), vec![kv("k", "v  ")]);
    }

    #[test]
    fn continuation_lines_join_and_drop_leading_whitespace() {
        let parsed =
            parse_properties("listeners=PLAINTEXT://a:1,\\\n    PLAINTEXT2://b:2\nx=y").unwrap();
        assert_eq!(
            parsed[0],
            (
                "listeners".into(),
                "PLAINTEXT://a:1,PLAINTEXT2://b:2".into(),
                1
            )
        );
        assert_eq!(parsed[1], ("x".into(), "y".into(), 3));
    }

    #[test]
    fn even_backslashes_do_not_continue() {
        assert_eq!(pairs("a=x\\\\\nb=y"), vec![kv("a", "x\\"), kv("b", "y")]);
    }

    #[test]
    fn continuation_at_end_of_input() {
        assert_eq!(pairs("a=x\\"), vec![kv("a", "x")]);
    }

    #[test]
    fn comment_lines_do_not_continue() {
        assert_eq!(pairs("# comment \\\nk=v"), vec![kv("k", "v")]);
    }

    #[test]
    fn escapes() {
        assert_eq!(
            pairs("k=a\\tb\\nc\\rd\\fe\\\\f\\=g\\:h\\ i\\qj"),
            vec![kv("k", "a\tb\nc\rd\x0ce\\f=g:h iqj")]
        );
    }

    #[test]
    fn escaped_separators_in_keys() {
        assert_eq!(
            pairs("a\\=b=c\nd\\ e f\nx\\:y:z"),
            vec![kv("a=b", "c"), kv("d e", "f"), kv("x:y", "z")]
        );
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs() {
        assert_eq!(
            pairs("k=\\u00e9\\u0041\\uD83D\\uDE00"),
            vec![kv("k", "éA😀")]
        );
    }

    #[test]
    fn malformed_unicode_escape_is_an_error_with_line() {
        let err = parse_properties("a=1\nb=\\u12G4").unwrap_err();
        assert_eq!(
            err,
            ConfigError::Syntax {
                line: 2,
                reason: "Malformed \\uxxxx encoding.".into()
            }
        );
        assert!(parse_properties("k=\\u12").is_err());
        assert!(parse_properties("k=\\uD83D").is_err());
        assert!(parse_properties("k=\\uDE00").is_err());
    }

    #[test]
    fn crlf_and_cr_line_endings() {
        let parsed = parse_properties("a=1\r\nb=2\rc=3").unwrap();
        let lines: Vec<usize> = parsed.iter().map(|p| p.2).collect();
        assert_eq!(
            pairs("a=1\r\nb=2\rc=3"),
            vec![kv("a", "1"), kv("b", "2"), kv("c", "3")]
        );
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn line_numbers_count_comments_and_blanks() {
        let parsed = parse_properties("# x\n\nk=v\n").unwrap();
        assert_eq!(parsed[0].2, 3);
    }

    #[test]
    fn duplicates_are_all_returned_in_order() {
        assert_eq!(pairs("k=1\nk=2"), vec![kv("k", "1"), kv("k", "2")]);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let samples = [
            "\\",
            "\\u",
            "=",
            ":",
            " = ",
            "\\\r\n\\\n",
            "k=\\uFFFF",
            "\u{0}=\u{0}",
            "é\\é",
        ];
        for s in samples {
            let _ = parse_properties(s);
        }
    }
}

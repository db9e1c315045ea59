//! How one config key is defined: its Kafka type, default, validator and documentation, and how
//! a string value is parsed and checked against it (mirroring Kafka's `ConfigDef.parseType` and
//! its validators, messages included).

use crate::ConfigError;

/// Kafka's config types, with the ids DescribeConfigs (v3+) sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i8)]
pub enum ConfigType {
    Unknown = 0,
    Boolean = 1,
    String = 2,
    Int = 3,
    Short = 4,
    Long = 5,
    Double = 6,
    List = 7,
    Class = 8,
    Password = 9,
}

impl ConfigType {
    pub fn id(self) -> i8 {
        self as i8
    }

    /// The name Kafka uses in messages ("Not a number of type INT").
    pub fn name(self) -> &'static str {
        match self {
            ConfigType::Unknown => "UNKNOWN",
            ConfigType::Boolean => "BOOLEAN",
            ConfigType::String => "STRING",
            ConfigType::Int => "INT",
            ConfigType::Short => "SHORT",
            ConfigType::Long => "LONG",
            ConfigType::Double => "DOUBLE",
            ConfigType::List => "LIST",
            ConfigType::Class => "CLASS",
            ConfigType::Password => "PASSWORD",
        }
    }
}

/// A value check beyond the type, as Kafka's validators do.
#[derive(Clone, Copy, Debug)]
pub enum Validator {
    None,
    /// `Range.atLeast(min)`.
    AtLeast(i64),
    /// `Range.between(min, max)` for integers.
    Between(i64, i64),
    /// `Range.between(min, max)` for doubles.
    DoubleBetween(f64, f64),
    /// `ValidString.in(...)`: the value must be one of these (case-sensitive, as Kafka).
    OneOf(&'static [&'static str]),
    /// `ValidList.in(...)`: every list element must be one of these; at least one element.
    ListOf(&'static [&'static str]),
    /// A non-empty list without duplicates (`log.dir`, `log.dirs`).
    NonEmptyDistinctList,
    /// Anything else: returns the reason on failure.
    Custom(fn(&str) -> Result<(), String>),
}

/// What Sluice does with a key it recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Sluice acts on it.
    Used,
    /// Accepted with an informational note: the key has no meaning in Sluice's design.
    Ignored(&'static str),
    /// Accepted with a warning: the feature it configures is not implemented yet.
    Unsupported(&'static str),
}

/// Whether and how a broker key can be changed at run time (Kafka's DynamicBrokerConfig).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DynamicMode {
    ReadOnly,
    /// Alterable for one broker (`--entity-name <id>`) only.
    PerBroker,
    /// Alterable for one broker or as the cluster-wide default.
    ClusterWide,
}

/// One key's definition.
#[derive(Clone, Copy, Debug)]
pub struct KeyDef {
    pub name: &'static str,
    pub config_type: ConfigType,
    /// The default as Kafka writes it; `None` = no default (null).
    pub default: Option<&'static str>,
    pub validator: Validator,
    pub doc: &'static str,
}

/// Kafka's `Long.MAX_VALUE`, the "never" default of several keys.
pub const LONG_MAX: &str = "9223372036854775807";
/// Kafka's `Integer.MAX_VALUE`, the "unlimited" default of several keys.
pub const INT_MAX: &str = "2147483647";
/// Kafka's `Double.MAX_VALUE` as Java prints it.
pub const DOUBLE_MAX: &str = "1.7976931348623157E308";

/// A value parsed according to its type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Str(String),
    Int(i64),
    Double(f64),
    List(Vec<String>),
}

impl Value {
    /// The value as Kafka's `ConfigDef.convertToString` prints it.
    pub fn to_kafka_string(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Double(d) => java_double_string(*d),
            Value::List(items) => items.join(","),
        }
    }
}

impl KeyDef {
    /// Parses `raw` as this key's type and checks its validator.
    pub fn parse(&self, raw: &str) -> Result<Value, ConfigError> {
        let value = parse_type(self.name, self.config_type, raw)?;
        check(self.name, raw, &value, self.validator)?;
        Ok(value)
    }

    /// Checks `raw` without keeping the parsed value.
    pub fn validate(&self, raw: &str) -> Result<(), ConfigError> {
        self.parse(raw).map(|_| ())
    }
}

fn parse_type(name: &str, config_type: ConfigType, raw: &str) -> Result<Value, ConfigError> {
    let trimmed = raw.trim();
    let not_a = |type_name: &str| {
        ConfigError::invalid(name, raw, format!("Not a number of type {type_name}"))
    };
    match config_type {
        ConfigType::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(ConfigError::invalid(
                name,
                raw,
                "Expected value to be either true or false",
            )),
        },
        ConfigType::Int => trimmed
            .parse::<i32>()
            .map(|n| Value::Int(n.into()))
            .map_err(|_| not_a("INT")),
        ConfigType::Short => trimmed
            .parse::<i16>()
            .map(|n| Value::Int(n.into()))
            .map_err(|_| not_a("SHORT")),
        ConfigType::Long => trimmed
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| not_a("LONG")),
        ConfigType::Double => trimmed
            .parse::<f64>()
            .ok()
            .filter(|d| !d.is_nan())
            .map(Value::Double)
            .ok_or_else(|| not_a("DOUBLE")),
        ConfigType::List => Ok(Value::List(split_list(trimmed))),
        ConfigType::String | ConfigType::Class | ConfigType::Password | ConfigType::Unknown => {
            Ok(Value::Str(trimmed.to_string()))
        }
    }
}

/// Kafka splits lists on commas with surrounding whitespace; an empty string is an empty list.
pub fn split_list(trimmed: &str) -> Vec<String> {
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed
        .split(',')
        .map(|item| item.trim().to_string())
        .collect()
}

fn check(name: &str, raw: &str, value: &Value, validator: Validator) -> Result<(), ConfigError> {
    let fail = |reason: String| Err(ConfigError::invalid(name, raw, reason));
    match (validator, value) {
        (Validator::None, _) => Ok(()),
        (Validator::AtLeast(min), Value::Int(n)) if *n < min => {
            fail(format!("Value must be at least {min}"))
        }
        (Validator::Between(min, _), Value::Int(n)) if *n < min => {
            fail(format!("Value must be at least {min}"))
        }
        (Validator::Between(_, max), Value::Int(n)) if *n > max => {
            fail(format!("Value must be no more than {max}"))
        }
        (Validator::DoubleBetween(min, _), Value::Double(d)) if *d < min => fail(format!(
            "Value must be at least {}",
            java_double_string(min)
        )),
        (Validator::DoubleBetween(_, max), Value::Double(d)) if *d > max => fail(format!(
            "Value must be no more than {}",
            java_double_string(max)
        )),
        (Validator::OneOf(allowed), Value::Str(s)) if !allowed.contains(&s.as_str()) => {
            fail(format!("String must be one of: {}", allowed.join(", ")))
        }
        (Validator::ListOf(allowed), Value::List(items)) => {
            check_list_of(allowed, items).or_else(fail)
        }
        (Validator::NonEmptyDistinctList, Value::List(items)) => {
            check_distinct(items).or_else(fail)
        }
        (Validator::Custom(f), _) => f(raw.trim()).or_else(fail),
        _ => Ok(()),
    }
}

fn check_list_of(allowed: &[&str], items: &[String]) -> Result<(), String> {
    if items.is_empty() {
        return Err(format!(
            "Empty list is not allowed. Valid values: [{}]",
            allowed.join(", ")
        ));
    }
    match items.iter().find(|item| !allowed.contains(&item.as_str())) {
        Some(bad) => Err(format!(
            "Invalid value {bad}. Valid values: [{}]",
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

fn check_distinct(items: &[String]) -> Result<(), String> {
    if items.is_empty() || items.iter().any(|item| item.is_empty()) {
        return Err("Empty list or empty element is not allowed".to_string());
    }
    for (at, item) in items.iter().enumerate() {
        if items[..at].contains(item) {
            return Err(format!("Values must not be duplicated: {item}"));
        }
    }
    Ok(())
}

/// Java's `Double.toString`: "0.5", "1.0", "1.0E7", "1.7976931348623157E308".
pub fn java_double_string(d: f64) -> String {
    if d.is_infinite() {
        return if d > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let magnitude = d.abs();
    if magnitude != 0.0 && !(1e-3..1e7).contains(&magnitude) {
        let formatted = format!("{d:e}");
        let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        return format!("{mantissa}E{exponent}");
    }
    let formatted = format!("{d}");
    if formatted.contains('.') {
        formatted
    } else {
        format!("{formatted}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(config_type: ConfigType, validator: Validator) -> KeyDef {
        KeyDef {
            name: "k",
            config_type,
            default: None,
            validator,
            doc: "",
        }
    }

    fn reason(result: Result<Value, ConfigError>) -> String {
        match result {
            Err(ConfigError::InvalidValue { reason, .. }) => reason,
            other => panic!("expected InvalidValue, got {other:?}"),
        }
    }

    #[test]
    fn numbers_parse_trimmed_and_reject_garbage() {
        assert_eq!(
            def(ConfigType::Int, Validator::None).parse(" 42 ").unwrap(),
            Value::Int(42)
        );
        assert_eq!(
            reason(def(ConfigType::Int, Validator::None).parse("abc")),
            "Not a number of type INT"
        );
        assert_eq!(
            reason(def(ConfigType::Int, Validator::None).parse("2147483648")),
            "Not a number of type INT"
        );
        assert_eq!(
            reason(def(ConfigType::Short, Validator::None).parse("40000")),
            "Not a number of type SHORT"
        );
        assert_eq!(
            reason(def(ConfigType::Long, Validator::None).parse("1.5")),
            "Not a number of type LONG"
        );
        assert_eq!(
            reason(def(ConfigType::Double, Validator::None).parse("x")),
            "Not a number of type DOUBLE"
        );
        assert_eq!(
            reason(def(ConfigType::Double, Validator::None).parse("NaN")),
            "Not a number of type DOUBLE"
        );
    }

    #[test]
    fn booleans_are_case_insensitive() {
        assert_eq!(
            def(ConfigType::Boolean, Validator::None)
                .parse("TRUE")
                .unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            reason(def(ConfigType::Boolean, Validator::None).parse("yes")),
            "Expected value to be either true or false"
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            reason(def(ConfigType::Int, Validator::AtLeast(14)).parse("13")),
            "Value must be at least 14"
        );
        assert_eq!(
            reason(def(ConfigType::Int, Validator::Between(1, 9)).parse("10")),
            "Value must be no more than 9"
        );
        assert_eq!(
            reason(def(ConfigType::Double, Validator::DoubleBetween(0.0, 1.0)).parse("1.5")),
            "Value must be no more than 1.0"
        );
    }

    #[test]
    fn strings_and_lists() {
        let one_of = def(ConfigType::String, Validator::OneOf(&["a", "b"]));
        assert_eq!(reason(one_of.parse("c")), "String must be one of: a, b");
        let list = def(ConfigType::List, Validator::ListOf(&["compact", "delete"]));
        assert_eq!(
            list.parse(" compact , delete ").unwrap(),
            Value::List(vec!["compact".into(), "delete".into()])
        );
        assert!(reason(list.parse("compact,none")).contains("Valid values: [compact, delete]"));
        let dirs = def(ConfigType::List, Validator::NonEmptyDistinctList);
        assert!(dirs.parse("/a,/a").is_err());
        assert!(dirs.parse("").is_err());
    }

    #[test]
    fn java_doubles() {
        assert_eq!(java_double_string(0.5), "0.5");
        assert_eq!(java_double_string(1.0), "1.0");
        assert_eq!(java_double_string(f64::MAX), DOUBLE_MAX);
        assert_eq!(java_double_string(1e7), "1.0E7");
    }
}

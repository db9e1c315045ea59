//! What the coordinator knows of topics: a plain snapshot the caller builds from its metadata
//! image ([`TopicsView`]), the resolution of subscriptions (names and regular expressions) to
//! topics, and the hash that tells when the subscribed topics' metadata changed.

use std::collections::{BTreeMap, BTreeSet};

use model::TopicId;
use regex::Regex;

/// One topic as the assignors see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicMeta {
    pub id: TopicId,
    pub partitions: i32,
}

/// Topic name → (id, partition count), and id → name. The broker builds one per metadata image
/// version and passes it by reference to every consumer-group call; the coordinator only reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicsView {
    by_name: BTreeMap<String, TopicMeta>,
    names_by_id: BTreeMap<TopicId, String>,
}

impl TopicsView {
    pub fn new() -> Self {
        TopicsView::default()
    }

    /// Adds or replaces a topic. A negative partition count is stored as 0.
    pub fn insert(&mut self, name: impl Into<String>, id: TopicId, partitions: i32) {
        let name = name.into();
        if let Some(previous) = self.by_name.get(&name) {
            self.names_by_id.remove(&previous.id);
        }
        self.names_by_id.insert(id, name.clone());
        let partitions = partitions.max(0);
        self.by_name.insert(name, TopicMeta { id, partitions });
    }

    pub fn get(&self, name: &str) -> Option<TopicMeta> {
        self.by_name.get(name).copied()
    }

    pub fn name_of(&self, id: &TopicId) -> Option<&str> {
        self.names_by_id.get(id).map(String::as_str)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

/// Compiled subscription regexes, volatile. Bounded: patterns come from clients.
#[derive(Debug, Default)]
pub(crate) struct RegexCache {
    compiled: BTreeMap<String, Option<Regex>>,
}

/// Distinct patterns kept compiled; beyond it the cache starts over (a recompile is cheap
/// compared with letting clients grow broker memory without bound).
const REGEX_CACHE_ENTRIES_MAX: usize = 1_024;
/// Compiled size limit per pattern: a hostile pattern must not take the shard's memory.
const REGEX_COMPILED_BYTES_MAX: usize = 1 << 20;

impl RegexCache {
    /// The compiled pattern, anchored at both ends (RE2J's `matches()`, as Kafka uses), or the
    /// compile error.
    pub(crate) fn get(&mut self, pattern: &str) -> Result<&Regex, String> {
        if !self.compiled.contains_key(pattern) {
            if self.compiled.len() >= REGEX_CACHE_ENTRIES_MAX {
                self.compiled.clear();
            }
            let anchored = format!("^(?:{pattern})$");
            let compiled = regex::RegexBuilder::new(&anchored)
                .size_limit(REGEX_COMPILED_BYTES_MAX)
                .build();
            let error = compiled.as_ref().err().map(ToString::to_string);
            self.compiled.insert(pattern.to_string(), compiled.ok());
            if let Some(error) = error {
                return Err(error);
            }
        }
        match self.compiled.get(pattern) {
            Some(Some(regex)) => Ok(regex),
            _ => Err(format!("{pattern} does not compile")),
        }
    }
}

/// What one member subscribes to: explicit names and an optional pattern.
pub(crate) struct Subscription<'a> {
    pub(crate) names: &'a [String],
    pub(crate) regex: Option<&'a str>,
}

/// Resolves subscriptions against one view; each distinct pattern is matched against the topics
/// once per resolver (members of a group usually share one pattern).
pub(crate) struct Resolver<'a> {
    view: &'a TopicsView,
    regexes: &'a mut RegexCache,
    matched: BTreeMap<String, Vec<String>>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(view: &'a TopicsView, regexes: &'a mut RegexCache) -> Self {
        Resolver {
            view,
            regexes,
            matched: BTreeMap::new(),
        }
    }

    /// Adds to `out` the topics of the view a subscription covers: names that exist, and topics
    /// whose whole name matches the pattern — internal (`__`-prefixed) topics included, as
    /// Kafka's `GroupMetadataManager.refreshRegularExpressions` matches every topic of the
    /// image; excluding internal topics is the client's choice (`exclude.internal.topics`).
    pub(crate) fn resolve(&mut self, subscription: &Subscription<'_>, out: &mut BTreeSet<String>) {
        for name in subscription.names {
            if self.view.get(name).is_some() {
                out.insert(name.clone());
            }
        }
        let Some(pattern) = subscription.regex.filter(|p| !p.is_empty()) else {
            return;
        };
        if !self.matched.contains_key(pattern) {
            let names = match self.regexes.get(pattern) {
                Ok(regex) => self
                    .view
                    .names()
                    .filter(|name| regex.is_match(name))
                    .map(str::to_string)
                    .collect(),
                Err(_) => Vec::new(),
            };
            self.matched.insert(pattern.to_string(), names);
        }
        if let Some(names) = self.matched.get(pattern) {
            out.extend(names.iter().cloned());
        }
    }
}

/// A stable hash of the subscribed topics' metadata (name, id, partition count), never 0 (the
/// "unknown" value of the group record). FNV-1a: deterministic across processes and builds.
pub(crate) fn metadata_hash(topics: &BTreeSet<String>, view: &TopicsView) -> i64 {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = FNV_OFFSET;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
        }
    };
    for name in topics {
        let Some(meta) = view.get(name) else {
            continue;
        };
        feed(&(name.len() as u32).to_be_bytes());
        feed(name.as_bytes());
        feed(&meta.id.0);
        feed(&meta.partitions.to_be_bytes());
    }
    match hash as i64 {
        0 => 1,
        h => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> TopicsView {
        let mut v = TopicsView::new();
        v.insert("orders", TopicId([1; 16]), 3);
        v.insert("orders-eu", TopicId([2; 16]), 2);
        v.insert("__consumer_offsets", TopicId([3; 16]), 50);
        v
    }

    #[test]
    fn names_and_whole_name_patterns_resolve_to_existing_topics() {
        let mut regexes = RegexCache::default();
        let v = view();
        let mut resolver = Resolver::new(&v, &mut regexes);
        let names = vec!["orders".to_string(), "missing".to_string()];
        let mut out = BTreeSet::new();
        let sub = Subscription {
            names: &names,
            regex: Some("orders-.*|__.*"),
        };
        resolver.resolve(&sub, &mut out);
        // Internal topics match too (Kafka's broker-side resolution leaves them to the client).
        let expected: BTreeSet<String> = ["__consumer_offsets", "orders", "orders-eu"]
            .map(String::from)
            .into();
        assert_eq!(out, expected);
        // "order" is a substring of every name but matches none whole.
        let mut out = BTreeSet::new();
        let sub = Subscription {
            names: &[],
            regex: Some("order"),
        };
        resolver.resolve(&sub, &mut out);
        assert!(out.is_empty());
        assert!(regexes.get("(").is_err());
    }

    #[test]
    fn hash_changes_with_partition_count_and_ignores_missing_topics() {
        let topics: BTreeSet<String> = ["orders", "missing"].map(String::from).into();
        let mut v = view();
        let before = metadata_hash(&topics, &v);
        assert_ne!(before, 0);
        v.insert("unrelated", TopicId([9; 16]), 1);
        assert_eq!(metadata_hash(&topics, &v), before);
        v.insert("orders", TopicId([1; 16]), 4);
        assert_ne!(metadata_hash(&topics, &v), before);
        v.insert("missing", TopicId([8; 16]), 1);
        assert_ne!(metadata_hash(&topics, &v), before);
    }
}

//! The endpoint's caches. Each one skips work whose result is fixed by its key:
//! - [`ResponseCache`]: whole answers, keyed by the raw request (body or query string), the
//!   response type and the graph generation; with the data version, the same key also gives
//!   the answer's `ETag`, so a matching `If-None-Match` is answered `304` without executing.
//! - [`DocumentCache`]: parsed documents that passed the limits, keyed by query text, with
//!   each operation's own limits once checked.
//! - [`PersistedQueries`]: query texts by SHA-256, for Automatic Persisted Queries.
//!
//! All of them share one memory budget (`--cache-mb`, split by [`Budget`]); each entry weighs
//! what it holds on the heap, measured or bounded from above ([`DocumentWeight`]).
//!
//! Answers depend on nothing else (no clock, no client identity), so these keys are exact.
//! A reload starts a new generation and empties the response cache. [`data_etag`] also tags the
//! linked-data answers, which depend on the data alone.

use super::limits::{LimitExceeded, OperationFacts};
use super::negotiate::ResponseType;
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::Name;
use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode};
use bpgraph_api::direct::Plan;
use quick_cache::sync::Cache;
use quick_cache::Weighter;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// What identifies an answer: the request as sent, the type it is answered in, and the
/// graph it is answered from.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RequestKey {
    pub generation: u64,
    pub media: ResponseType,
    pub get: bool,
    pub request: Bytes,
}

impl RequestKey {
    /// The answer's entity tag: the data version and a hash of the request, so it is the
    /// same on every replica serving the same data (`W/` as compression changes the bytes).
    pub fn etag(&self, data_version: &str) -> HeaderValue {
        let method: &[u8] = if self.get { b"GET" } else { b"POST" };
        data_etag(
            data_version,
            &[self.media.content_type().as_bytes(), method, &self.request],
        )
    }
}

/// The entity tag of an answer fixed by the data version and `parts` (the request, or the
/// export and base IRI): `W/"{version}-{hash}"`, where `version` is the data version's first
/// 16 characters and `hash` the first 32 hexadecimal digits of the SHA-256 of the parts, each
/// preceded by its length (8 bytes, big-endian) so that parts cannot run into each other.
/// SHA-256 is specified, unlike `std`'s hashers (whose algorithm, and the bytes `Hash`
/// feeds them, may change between Rust releases), so replicas built with different
/// toolchains agree. Weak, because compression changes the bytes.
pub fn data_etag(data_version: &str, parts: &[&[u8]]) -> HeaderValue {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let version = data_version.get(..16).unwrap_or(data_version);
    // Into a buffer: through `format!` the hex digits cost several times the hash.
    let mut hex = [0u8; 32];
    hex::encode_to_slice(&digest[..16], &mut hex).expect("32 digits for 16 bytes");
    let mut tag = Vec::with_capacity(3 + version.len() + 1 + hex.len() + 1);
    tag.extend_from_slice(b"W/\"");
    tag.extend_from_slice(version.as_bytes());
    tag.push(b'-');
    tag.extend_from_slice(&hex);
    tag.push(b'"');
    HeaderValue::from_bytes(&tag).expect("a data version's characters, hex digits and quotes")
}

/// A finished answer, ready to send again, with its entity tag (worked out once).
#[derive(Clone)]
pub struct CachedAnswer {
    pub status: StatusCode,
    pub etag: HeaderValue,
    pub body: Bytes,
}

/// Default of `--cache-mb`: the memory every cache together may hold, in MiB.
pub const DEFAULT_CACHE_MB: u64 = 64;

/// How `--cache-mb` is shared between the caches: half for whole answers (the cheapest to
/// serve again), three eighths for checked documents (they save parsing, checking and
/// planning), an eighth for persisted query texts. The one place the budget is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub responses: u64,
    pub documents: u64,
    pub persisted: u64,
}

impl Budget {
    pub fn split(megabytes: u64) -> Budget {
        let bytes = megabytes.saturating_mul(1024 * 1024);
        Budget {
            responses: bytes / 2,
            documents: bytes / 8 * 3,
            persisted: bytes / 8,
        }
    }
}

/// What a cache entry costs beyond the bytes it holds: its slot in the cache's table, the
/// reference counts and headers around it (a round figure above what each takes).
const ENTRY_OVERHEAD: u64 = 256;

#[derive(Clone)]
struct BySize;

impl Weighter<RequestKey, CachedAnswer> for BySize {
    fn weight(&self, key: &RequestKey, answer: &CachedAnswer) -> u64 {
        let bytes = key.request.len() + answer.body.len() + answer.etag.len();
        bytes as u64 + ENTRY_OVERHEAD
    }
}

/// What a parsed, checked and planned document takes for its text: an estimate from the text
/// alone (walking the document to measure it would cost more than caching saves), above the
/// real heap of every example and test query and of documents at the limits built to take
/// the most per byte; `weight_tests.rs` measures them with a counting allocator.
pub struct DocumentWeight;

impl DocumentWeight {
    /// Heap bytes per byte of query text, at most.
    const PER_BYTE: u64 = 192;
    /// Heap bytes of the smallest document (its tables, one operation, its plan).
    const BASE: u64 = 4 * 1024;

    pub fn of(query: &str) -> u64 {
        Self::BASE + Self::PER_BYTE * query.len() as u64
    }
}

impl Weighter<Arc<str>, Arc<CheckedDocument>> for BySize {
    fn weight(&self, query: &Arc<str>, _: &Arc<CheckedDocument>) -> u64 {
        // The text is held once more, as the key.
        DocumentWeight::of(query) + query.len() as u64 + ENTRY_OVERHEAD
    }
}

impl Weighter<String, Arc<str>> for BySize {
    fn weight(&self, hash: &String, query: &Arc<str>) -> u64 {
        (hash.len() + query.len()) as u64 + ENTRY_OVERHEAD
    }
}

/// A cache bounded by the weight of its entries; `None` when its budget is nothing.
struct Bounded<K, V>(Option<Cache<K, V, BySize>>);

impl<K, V> Bounded<K, V>
where
    K: Eq + std::hash::Hash + Clone,
    V: Clone,
    BySize: Weighter<K, V>,
{
    /// `typical` is an entry's usual weight, to size the table.
    fn new(bytes: u64, typical: u64) -> Self {
        Bounded((bytes > 0).then(|| {
            let items = (bytes / typical).max(16) as usize;
            Cache::with_weighter(items, bytes, BySize)
        }))
    }

    fn get<Q>(&self, key: &Q) -> Option<V>
    where
        Q: std::hash::Hash + quick_cache::Equivalent<K> + ?Sized,
    {
        self.0.as_ref()?.get(key)
    }

    fn insert(&self, key: K, value: V) {
        if let Some(cache) = &self.0 {
            cache.insert(key, value);
        }
    }

    fn clear(&self) {
        if let Some(cache) = &self.0 {
            cache.clear();
        }
    }
}

/// Whole answers, bounded by their size in bytes.
pub struct ResponseCache(Bounded<RequestKey, CachedAnswer>);

impl ResponseCache {
    pub fn new(bytes: u64) -> ResponseCache {
        ResponseCache(Bounded::new(bytes, 4096))
    }

    pub fn get(&self, key: &RequestKey) -> Option<CachedAnswer> {
        self.0.get(key)
    }

    pub fn insert(&self, key: RequestKey, answer: CachedAnswer) {
        self.0.insert(key, answer);
    }

    pub fn clear(&self) {
        self.0.clear();
    }
}

/// A document that parsed and passed the limits that hold for the whole document.
pub struct CheckedDocument {
    pub document: ExecutableDocument,
    /// Each operation's checks when a request gives no variables, in the order of
    /// `document.operations`, worked out the first time the operation is asked for.
    pub operations: Vec<OnceLock<Result<OperationFacts, LimitExceeded>>>,
    /// The operations direct execution can answer, by name (`None`: the anonymous one).
    pub plans: Vec<(Option<Name>, Plan)>,
    /// Set once async-graphql has run the document past its validation rules: only then may
    /// a plan answer it, since plans do not validate.
    pub validated: AtomicBool,
    /// The longest a plan of this document has taken to answer recently, in microseconds
    /// (`u32::MAX` until one has): what decides whether it may run inline (see
    /// `Admission::runs_inline`).
    slowest_plan_us: AtomicU32,
}

impl CheckedDocument {
    pub fn new(document: ExecutableDocument) -> CheckedDocument {
        CheckedDocument {
            plans: Plan::compile_all(&document),
            operations: document
                .operations
                .iter()
                .map(|_| OnceLock::new())
                .collect(),
            document,
            validated: AtomicBool::new(false),
            slowest_plan_us: AtomicU32::new(u32::MAX),
        }
    }

    /// Records how long one of its plans took to answer. The figure kept is the longest
    /// recent time: a new time replaces it if longer, else it halves towards the new one. So
    /// one slow run (a cold cache, a thread's first allocation) sends the next few runs to a
    /// slot rather than all of them forever, and an operation that got slow (other variables,
    /// new data) is known to be so from its next run.
    pub fn record_plan_time(&self, took: Duration) {
        let micros = u32::try_from(took.as_micros()).unwrap_or(u32::MAX - 1);
        let kept = match self.slowest_plan_us.load(Ordering::Relaxed) {
            u32::MAX => micros,
            slowest => micros.max(slowest / 2),
        };
        self.slowest_plan_us.store(kept, Ordering::Relaxed);
    }

    /// The longest one of its plans has taken recently, once one has answered.
    pub fn slowest_plan(&self) -> Option<Duration> {
        match self.slowest_plan_us.load(Ordering::Relaxed) {
            u32::MAX => None,
            micros => Some(Duration::from_micros(micros.into())),
        }
    }

    /// The plan of the operation named `name`, once the document is known to be valid.
    pub fn plan(&self, name: Option<&str>) -> Option<&Plan> {
        if !self.validated.load(Ordering::Relaxed) {
            return None;
        }
        self.plans
            .iter()
            .find(|(n, _)| n.as_deref() == name)
            .map(|(_, plan)| plan)
    }
}

/// Parsed, checked documents by query text.
pub struct DocumentCache(Bounded<Arc<str>, Arc<CheckedDocument>>);

impl DocumentCache {
    pub fn new(bytes: u64) -> DocumentCache {
        DocumentCache(Bounded::new(bytes, DocumentWeight::of(&" ".repeat(200))))
    }

    pub fn get(&self, query: &str) -> Option<Arc<CheckedDocument>> {
        self.0.get(query)
    }

    pub fn insert(&self, query: &str, document: Arc<CheckedDocument>) {
        self.0.insert(Arc::from(query), document);
    }
}

/// Query texts registered by Automatic Persisted Queries, by lowercase hex SHA-256.
pub struct PersistedQueries(Bounded<String, Arc<str>>);

impl PersistedQueries {
    pub fn new(bytes: u64) -> PersistedQueries {
        PersistedQueries(Bounded::new(bytes, 1024))
    }

    pub fn get(&self, hash: &str) -> Option<Arc<str>> {
        self.0.get(hash)
    }

    pub fn insert(&self, hash: String, query: Arc<str>) {
        self.0.insert(hash, query);
    }
}

/// Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks).
pub fn none_match_hits(if_none_match: &str, etag: &HeaderValue) -> bool {
    let etag = etag.to_str().unwrap_or_default();
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .any(|tag| opaque(tag) == opaque(etag))
}

#[cfg(test)]
mod weight_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn key(request: &'static str) -> RequestKey {
        RequestKey {
            generation: 1,
            media: ResponseType::Json,
            get: false,
            request: Bytes::from_static(request.as_bytes()),
        }
    }

    #[test]
    fn etags_depend_on_the_request_and_the_data_version_only() {
        let a = key("{\"query\":\"{ dataVersion }\"}");
        let mut later = a.clone();
        later.generation = 2;
        assert_eq!(
            a.etag("abcdef0123456789ff"),
            later.etag("abcdef0123456789ff")
        );
        assert_ne!(a.etag("abcdef0123456789ff"), a.etag("0000000000000000ff"));
        assert_ne!(a.etag("v"), key("{}").etag("v"));
        assert!(a.etag("v").to_str().unwrap().starts_with("W/\"v-"));
    }

    #[test]
    fn etag_parts_cannot_run_into_each_other() {
        assert_ne!(
            data_etag("v", &[b"ab", b"c"]),
            data_etag("v", &[b"a", b"bc"])
        );
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let etag = HeaderValue::from_static("W/\"v-1\"");
        assert!(none_match_hits("W/\"v-1\"", &etag));
        assert!(none_match_hits("\"v-1\"", &etag));
        assert!(none_match_hits("\"x\", W/\"v-1\"", &etag));
        assert!(none_match_hits("*", &etag));
        assert!(!none_match_hits("W/\"v-2\"", &etag));
    }

    #[test]
    fn a_switched_off_response_cache_keeps_nothing() {
        let cache = ResponseCache::new(Budget::split(0).responses);
        let answer = CachedAnswer {
            status: StatusCode::OK,
            etag: HeaderValue::from_static("W/\"x\""),
            body: Bytes::from_static(b"{}"),
        };
        cache.insert(key("q"), answer);
        assert!(cache.get(&key("q")).is_none());
    }
}

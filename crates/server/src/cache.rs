//! The endpoint's caches. Each one skips work whose result is fixed by its key:
//! - [`ResponseCache`]: whole answers, keyed by the raw request (body or query string), the
//!   response type and the graph generation; with the data version, the same key also gives
//!   the answer's `ETag`, so a matching `If-None-Match` is answered `304` without executing.
//! - [`DocumentCache`]: parsed documents that passed the limits, keyed by query text, with
//!   each operation's own limits once checked.
//! - [`PersistedQueries`]: query texts by SHA-256, for Automatic Persisted Queries.
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

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
    let hash: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    let version = data_version.get(..16).unwrap_or(data_version);
    HeaderValue::from_str(&format!("W/\"{version}-{hash}\""))
        .expect("hex digits and quotes make a valid header")
}

/// A finished answer, ready to send again, with its entity tag (worked out once).
#[derive(Clone)]
pub struct CachedAnswer {
    pub status: StatusCode,
    pub etag: HeaderValue,
    pub body: Bytes,
}

#[derive(Clone)]
struct BySize;

impl Weighter<RequestKey, CachedAnswer> for BySize {
    fn weight(&self, key: &RequestKey, answer: &CachedAnswer) -> u64 {
        (key.request.len() + answer.body.len()) as u64
    }
}

impl Weighter<Arc<str>, Arc<CheckedDocument>> for BySize {
    fn weight(&self, query: &Arc<str>, _: &Arc<CheckedDocument>) -> u64 {
        // A parsed document takes a few times its text.
        4 * query.len() as u64
    }
}

impl Weighter<String, Arc<str>> for BySize {
    fn weight(&self, hash: &String, query: &Arc<str>) -> u64 {
        (hash.len() + query.len()) as u64
    }
}

/// Whole answers, bounded by their size in bytes; `None` when switched off.
pub struct ResponseCache(Option<Cache<RequestKey, CachedAnswer, BySize>>);

impl ResponseCache {
    pub fn new(megabytes: u64) -> ResponseCache {
        ResponseCache((megabytes > 0).then(|| {
            let bytes = megabytes * 1024 * 1024;
            Cache::with_weighter((bytes / 4096) as usize, bytes, BySize)
        }))
    }

    pub fn get(&self, key: &RequestKey) -> Option<CachedAnswer> {
        self.0.as_ref()?.get(key)
    }

    pub fn insert(&self, key: RequestKey, answer: CachedAnswer) {
        if let Some(cache) = &self.0 {
            cache.insert(key, answer);
        }
    }

    pub fn clear(&self) {
        if let Some(cache) = &self.0 {
            cache.clear();
        }
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
pub struct DocumentCache(Cache<Arc<str>, Arc<CheckedDocument>, BySize>);

impl DocumentCache {
    const BYTES: u64 = 32 * 1024 * 1024;

    pub fn new() -> DocumentCache {
        DocumentCache(Cache::with_weighter(4096, Self::BYTES, BySize))
    }

    pub fn get(&self, query: &str) -> Option<Arc<CheckedDocument>> {
        self.0.get(query)
    }

    pub fn insert(&self, query: &str, document: Arc<CheckedDocument>) {
        self.0.insert(Arc::from(query), document);
    }
}

impl Default for DocumentCache {
    fn default() -> Self {
        DocumentCache::new()
    }
}

/// Query texts registered by Automatic Persisted Queries, by lowercase hex SHA-256.
pub struct PersistedQueries(Cache<String, Arc<str>, BySize>);

impl PersistedQueries {
    const BYTES: u64 = 16 * 1024 * 1024;

    pub fn new() -> PersistedQueries {
        PersistedQueries(Cache::with_weighter(4096, Self::BYTES, BySize))
    }

    pub fn get(&self, hash: &str) -> Option<Arc<str>> {
        self.0.get(hash)
    }

    pub fn insert(&self, hash: String, query: Arc<str>) {
        self.0.insert(hash, query);
    }
}

impl Default for PersistedQueries {
    fn default() -> Self {
        PersistedQueries::new()
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
        let cache = ResponseCache::new(0);
        let answer = CachedAnswer {
            status: StatusCode::OK,
            etag: HeaderValue::from_static("W/\"x\""),
            body: Bytes::from_static(b"{}"),
        };
        cache.insert(key("q"), answer);
        assert!(cache.get(&key("q")).is_none());
    }
}

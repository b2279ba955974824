//! The limits that keep hostile queries cheap to refuse: what each one bounds, its safe
//! default, and the checks that run before execution.
//!
//! Order matters: [`scan`] runs on the raw text before the parser sees it (so no input can
//! drive the parser's recursion or allocation), [`check_document`] on the parsed document
//! before validation (so validation never walks an oversized or cyclic document, nor one
//! whose fragments expand to more than the complexity limit), [`check_operation`] on the
//! operation that runs (depth, complexity, aliases and fields are its own, not those of
//! other operations in the document). Every check here is linear in
//! the document's size: a fragment is measured once and its measure reused wherever it is
//! spread (`measure`).

mod document;
mod measure;
mod operation;
mod text;

pub use document::{check_document, fragment_in_cycle};
pub use measure::{complexity, ListFields, Measurer, Size};
pub use operation::{check_operation, OperationFacts};
pub use text::scan;

use std::time::Duration;

/// Every limit the server enforces, with safe defaults (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Largest request body, in bytes; larger requests are refused with 413 before they are read.
    #[arg(long, env = "BPGRAPH_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.max_body_bytes)]
    pub max_body_bytes: usize,
    /// Deepest field nesting a query may have.
    #[arg(long, env = "BPGRAPH_MAX_DEPTH", default_value_t = Limits::DEFAULT.max_depth)]
    pub max_depth: usize,
    /// Highest query complexity: each field costs 1, a list costs `first` (default 20, the
    /// API's page size) times its items, so nested lists multiply.
    #[arg(long, env = "BPGRAPH_MAX_COMPLEXITY", default_value_t = Limits::DEFAULT.max_complexity)]
    pub max_complexity: usize,
    /// Most aliased fields in one document.
    #[arg(long, env = "BPGRAPH_MAX_ALIASES", default_value_t = Limits::DEFAULT.max_aliases)]
    pub max_aliases: usize,
    /// Most field selections in one document (repeated fields count each time).
    #[arg(long, env = "BPGRAPH_MAX_FIELDS", default_value_t = Limits::DEFAULT.max_fields)]
    pub max_fields: usize,
    /// Longest chain of fragments spreading fragments.
    #[arg(long, env = "BPGRAPH_MAX_FRAGMENT_CHAIN", default_value_t = Limits::DEFAULT.max_fragment_chain)]
    pub max_fragment_chain: usize,
    /// Most directives on one field or fragment.
    #[arg(long, env = "BPGRAPH_MAX_DIRECTIVES", default_value_t = Limits::DEFAULT.max_directives)]
    pub max_directives: usize,
    /// Most lexical tokens in a query's text (checked before parsing).
    #[arg(long, env = "BPGRAPH_MAX_TOKENS", default_value_t = Limits::DEFAULT.max_tokens)]
    pub max_tokens: usize,
    /// Deepest nesting of brackets in a query's text (checked before parsing).
    #[arg(long, env = "BPGRAPH_MAX_NESTING", default_value_t = Limits::DEFAULT.max_nesting)]
    pub max_nesting: usize,
    /// Most operations in one batched request (a JSON array).
    #[arg(long, env = "BPGRAPH_MAX_BATCH", default_value_t = Limits::DEFAULT.max_batch)]
    pub max_batch: usize,
    /// Time a request may take, body included, in milliseconds.
    #[arg(long, env = "BPGRAPH_TIMEOUT_MS", default_value_t = Limits::DEFAULT.timeout_ms)]
    pub timeout_ms: u64,
    /// Requests executing at once, each on a thread of its own (answers from the cache and
    /// probes need none); more wait in the admission queue (`--max-queue-ms`), then are shed
    /// with 503 and `Retry-After`. Executing is CPU work: a few per core keep both latency and
    /// memory bounded.
    #[arg(long, env = "BPGRAPH_MAX_CONCURRENT", default_value_t = Limits::DEFAULT.max_concurrent)]
    pub max_concurrent: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_body_bytes: 64 * 1024,
        max_depth: 16,
        max_complexity: 100_000,
        max_aliases: 64,
        max_fields: 500,
        max_fragment_chain: 8,
        max_directives: 4,
        max_tokens: 5_000,
        max_nesting: 48,
        max_batch: 10,
        timeout_ms: 10_000,
        max_concurrent: 8,
    };

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// A limit a request exceeds, with a message that names the limit and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LimitExceeded(pub String);

fn exceeded(what: &str, found: usize, limit: usize) -> LimitExceeded {
    LimitExceeded(format!(
        "the query has {found} {what}; at most {limit} are allowed"
    ))
}

#[cfg(test)]
mod tests;

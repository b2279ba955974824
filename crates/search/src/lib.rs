//! Full-text search over everything the graph says in words: entity names, aliases and notes,
//! statement quotes and notes, and the source texts cut into passages (paragraphs).
//!
//! Built on tantivy: BM25 ranking, phrase queries (`"operational arm"`), the last word matched
//! as a prefix while it is typed, case and diacritics folded ("turkiye" finds "Türkiye"),
//! filters by hit kind, entity kind, predicate and source, and highlighted snippets. An index
//! belongs to one graph (one data version) and keeps it.
//!
//! This crate knows nothing of GraphQL, HTTP or async: the API turns its hits into GraphQL
//! objects; it never reads seed files (it takes a built `KnowledgeGraph`).

mod hits;
mod index;
mod passages;
mod query;
mod ready;

pub use hits::{Found, Hit, Search, Snippet, MAX_QUERY_CHARS, SNIPPET_CHARS};
pub use index::TextIndex;
pub use passages::{passages, Passage};
pub use ready::{Readiness, SearchIndex, INDEX_AT_ONCE_BELOW};

use bpgraph_model::{EntityKind, Predicate};

/// What a hit was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitKind {
    /// An entity's name, alias or note.
    Entity,
    /// A statement's quote or note.
    Statement,
    /// A paragraph of a source text.
    Passage,
}

impl HitKind {
    pub const ALL: [HitKind; 3] = [HitKind::Entity, HitKind::Statement, HitKind::Passage];

    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Entity => "entity",
            HitKind::Statement => "statement",
            HitKind::Passage => "passage",
        }
    }
}

/// Which hits to keep. `None` keeps all; a list keeps hits with any of its values.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters<'a> {
    pub kinds: Option<&'a [HitKind]>,
    /// Entities of these kinds and statements with an end of these kinds (passages have none).
    pub entity_kinds: Option<&'a [EntityKind]>,
    /// Statements with these predicates (entities and passages have none).
    pub predicates: Option<&'a [Predicate]>,
    /// Passages of these sources (by id), quotes cited from them, statements and entities
    /// citing them.
    pub sources: Option<&'a [&'a str]>,
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search text is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the search index failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the search index does not match its graph")]
    Inconsistent,
}

#[cfg(test)]
mod tests;

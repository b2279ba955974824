//! The data model of the knowledge graph, independent of how it is stored or served.
//!
//! A [`Dataset`] is what the seed loader produces once every record has passed validation:
//! sources, entities and statements whose references are already resolved to positions.
//! This module does no I/O and knows nothing of petgraph, TOML or GraphQL.

mod date;
mod kind;
mod vocabulary;

pub use date::{DateError, DateSpec, Day, PartialDate, Precision};
pub use kind::{EntityKind, Format, Status};
pub use vocabulary::{ObjectRange, Predicate};

/// Index of a source in [`Dataset::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceIndex(pub u32);

/// Index of an entity in [`Dataset::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityIndex(pub u32);

/// One source document: its metadata and its full text.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub date: DateSpec,
    pub file: String,
    pub text: String,
}

/// A verbatim passage of a source that states a fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub source: SourceIndex,
    pub quote: String,
}

/// A thing the sources name: a state, an organisation, a meeting, ...
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable slug, unique across all entities.
    pub slug: String,
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// Other spellings, as they appear in the sources.
    pub aliases: Vec<String>,
    pub category: Option<String>,
    /// Meetings, documents and milestones carry a date.
    pub date: Option<DateSpec>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    /// ISO 3166-1 alpha-2 and alpha-3 codes (states only).
    pub iso2: Option<String>,
    pub iso3: Option<String>,
    pub note: Option<String>,
    pub citations: Vec<Citation>,
}

/// What a statement points at: another entity or a literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Entity(EntityIndex),
    Text(String),
    Number(f64),
}

/// When, in what role and in what form a statement holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Qualifiers {
    pub start: Option<DateSpec>,
    pub end: Option<DateSpec>,
    /// The point in time at which a source attests the statement.
    pub at: Option<DateSpec>,
    pub role: Option<String>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub note: Option<String>,
}

/// One relation: subject, predicate, object, qualifiers and the citations that state it.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Stable id, unique among statements.
    pub id: String,
    pub subject: EntityIndex,
    pub predicate: Predicate,
    pub object: Object,
    pub qualifiers: Qualifiers,
    pub citations: Vec<Citation>,
}

/// A complete, validated set of sources, entities and statements.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub statements: Vec<Statement>,
    /// Content hash of the seed files the dataset was read from.
    pub version: String,
}

//! The data model of the knowledge graph, independent of how it is stored or served.
//!
//! A [`Dataset`] is what the seed loader produces once every record has passed validation:
//! sources, entities and statements whose references are already resolved to positions.
//! Beside it: the two text equivalences ([`text`]) and the stable IRIs ([`iri`]) every layer
//! above agrees on.
//!
//! This crate does no I/O and knows nothing of petgraph, seed files, GraphQL or HTTP: its only
//! dependencies are small data crates, which `cargo tree` checks in CI.

mod date;
mod index;
pub mod iri;
mod kind;
mod strings;
pub mod text;
mod vocabulary;

pub use date::{DateError, DateSpec, Day, PartialDate, Precision};
pub use index::KeyIndex;
pub use kind::{Bound, Derivation, EntityKind, Format, Status};
pub use strings::{Strings, Text};
pub use vocabulary::{ObjectRange, Predicate};

use std::ops::Range;

/// Index of a source in [`Dataset::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceIndex(pub u32);

/// Index of an entity in [`Dataset::entities`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityIndex(pub u32);

/// Index of a distinct set of qualifiers in [`Dataset::qualifiers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QualifiersIndex(pub u32);

/// Index of a number in [`Dataset::numbers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumberIndex(pub u32);

/// Consecutive rows of one of the dataset's shared lists ([`Dataset::citations`],
/// [`Dataset::aliases`]): records that cite the same passage share one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    pub fn range(self) -> Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Citation {
    pub source: SourceIndex,
    pub quote: Text,
}

/// A thing the sources name: a state, an organisation, a meeting, ...
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable slug, unique across all entities.
    pub slug: Text,
    pub kind: EntityKind,
    /// Canonical name.
    pub name: Text,
    /// Other names: a span of [`Dataset::aliases`], first the spellings the sources use, then
    /// the last `conventional` of them, names people write that no source spells that way
    /// ("24th SOM"). All of them find the entity; only the first are quotes.
    pub aliases: Span,
    pub conventional: u32,
    pub category: Option<Text>,
    /// Meetings, documents and milestones carry a date.
    pub date: Option<DateSpec>,
    /// How `date` was read from the citations; none without a date.
    pub date_derivation: Option<Derivation>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    /// ISO 3166-1 alpha-2 and alpha-3 codes (states only).
    pub iso2: Option<Text>,
    pub iso3: Option<Text>,
    pub note: Option<Text>,
    /// A span of [`Dataset::citations`].
    pub citations: Span,
}

/// What a statement points at: another entity or a literal value.
///
/// Eight bytes: a number is kept in [`Dataset::numbers`], so that the millions of statements
/// between entities do not each make room for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Entity(EntityIndex),
    Text(Text),
    Number(NumberIndex),
}

/// When, in what role and in what form a statement holds.
///
/// Statements share their qualifiers: [`Dataset::qualifiers`] holds each distinct set once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
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
    /// How the figure bounds the true number ("over 50"); none when it is given as exact.
    pub bound: Option<Bound>,
    pub note: Option<String>,
    /// Whether the quotes say it, or it is read beyond them (then `note` says why).
    pub derivation: Derivation,
    /// How the dates (`start`, `end`, `at`) were read, which can differ from how the relation
    /// was (a relation quoted, its year taken from a timeline's layout); none without dates.
    pub date_derivation: Option<Derivation>,
}

impl Qualifiers {
    /// Whether any date qualifier (`start`, `end`, `at`) is present.
    pub fn is_dated(&self) -> bool {
        self.start.is_some() || self.end.is_some() || self.at.is_some()
    }
}

/// How a statement's id derives from the id of the record that states it. A record with
/// several subjects (or objects) states one statement per subject (object), each named
/// `record/slug`; storing which end names it keeps millions of such ids out of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdSuffix {
    /// The id is the record's id.
    None,
    /// `record/subject-slug`.
    Subject,
    /// `record/object-slug`.
    Object,
}

/// A statement's stable id: its record's id and, for a record of several, which end names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatementName {
    pub record: Text,
    pub suffix: IdSuffix,
}

/// One relation: subject, predicate, object, qualifiers and the citations that state it.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Stable id, unique among statements.
    pub id: StatementName,
    pub subject: EntityIndex,
    pub predicate: Predicate,
    pub object: Object,
    pub qualifiers: QualifiersIndex,
    /// A span of [`Dataset::citations`].
    pub citations: Span,
}

impl Dataset {
    /// The entity with this slug.
    pub fn entity_by_slug(&self, slug: &str) -> Option<EntityIndex> {
        let is_key = |i: u32| self.strings.get(self.entities[i as usize].slug) == slug;
        self.by_slug.get(slug, is_key).map(EntityIndex)
    }

    /// The entity one of whose names or aliases has this lookup key.
    pub fn entity_by_name_key(&self, key: &str) -> Option<EntityIndex> {
        let is_key = |i: u32| {
            entity_has_name_key(
                &self.strings,
                &self.aliases,
                &self.entities[i as usize],
                key,
            )
        };
        self.by_name.get(key, is_key).map(EntityIndex)
    }

    /// The first statement of the record with this id.
    pub fn first_statement_of(&self, record: &str) -> Option<usize> {
        let is_key = |i: u32| self.strings.get(self.statements[i as usize].id.record) == record;
        self.by_record.get(record, is_key).map(|i| i as usize)
    }
}

/// Whether the entity's name or one of its aliases has the lookup `key`.
pub fn entity_has_name_key(
    strings: &Strings,
    aliases: &[Text],
    entity: &Entity,
    key: &str,
) -> bool {
    std::iter::once(entity.name)
        .chain(aliases[entity.aliases.range()].iter().copied())
        .any(|name| crate::text::lookup_key(strings.get(name)) == key)
}

/// A complete, validated set of sources, entities and statements.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Every string the entities, statements and citations refer to by [`Text`].
    pub strings: Strings,
    pub sources: Vec<Source>,
    pub entities: Vec<Entity>,
    pub statements: Vec<Statement>,
    /// Each distinct set of statement qualifiers, once.
    pub qualifiers: Vec<Qualifiers>,
    /// The citations of every entity and statement; each refers to its own [`Span`].
    pub citations: Vec<Citation>,
    /// The aliases of every entity; each refers to its own [`Span`].
    pub aliases: Vec<Text>,
    /// The numbers statements have as their object.
    pub numbers: Vec<f64>,
    /// Entities by slug.
    pub by_slug: KeyIndex,
    /// Entities by the [`crate::text::lookup_key`] of each of their names and aliases.
    pub by_name: KeyIndex,
    /// The first statement of each record id (a record of several statements states them
    /// one after the other).
    pub by_record: KeyIndex,
    /// Content hash of the seed files the dataset was read from.
    pub version: String,
}

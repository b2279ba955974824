//! The in-memory knowledge graph: entities as nodes, statements between entities as edges,
//! with the indexes the API needs.
//!
//! petgraph stays private: callers see [`EntityId`]/[`StatementId`] newtypes and borrowed
//! handles ([`EntityRef`], [`StatementRef`], [`ClaimRef`], [`SourceRef`]). The graph is immutable once built;
//! a new dataset means a new graph. This module knows nothing of seed files, GraphQL or HTTP.
//!
//! Sets and maps of ids use FxHash (`rustc-hash`) rather than `std`'s SipHash: the keys are
//! the graph's own dense indexes, never chosen by a client, so there is no collision attack
//! to defend against, and hashing was a third of the time of a meeting's participants.

mod claims;
mod handles;
mod names;
mod query;

pub use claims::{ClaimId, ClaimRef, Rank};
pub use handles::{CitationRef, EntityRef, ObjectRef, SourceRef, StatementRef};
pub use names::NameKeys;
pub use query::{
    holds_at, ClaimQuery, Direction, EntityFilter, Neighbourhood, PathStep, Standing,
    StatementQuery,
};

use bpgraph_model::text::lookup_key;
use bpgraph_model::{Dataset, EntityKind, Object, Predicate, Text};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeMap;

/// Identifies an entity of one [`KnowledgeGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(u32);

/// Identifies a statement of one [`KnowledgeGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementId(u32);

/// Identifies a source of one [`KnowledgeGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(u32);

/// Identifies a citation (a quote from a source) of one [`KnowledgeGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CitationId(u32);

impl EntityId {
    fn node(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }

    fn index(self) -> usize {
        self.0 as usize
    }
}

impl StatementId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// The Budapest Process knowledge graph.
#[derive(Debug)]
pub struct KnowledgeGraph {
    data: Dataset,
    /// Node `i` is entity `i`; each edge carries the statement it stands for.
    edges: DiGraph<(), StatementId>,
    by_kind: BTreeMap<EntityKind, Vec<EntityId>>,
    by_predicate: BTreeMap<Predicate, Vec<StatementId>>,
    /// Per entity, its statements whose object is a text or a number (they are not edges).
    literals: Vec<Vec<StatementId>>,
    /// The statements grouped into claims, built once the rest of the graph is.
    claims: claims::Claims,
    /// The lookup keys of every entity's names, built on the first search.
    name_keys: std::sync::OnceLock<NameKeys>,
    /// Each entity's place in name order, built on the first list sorted by name.
    name_ranks: std::sync::OnceLock<Vec<u32>>,
}

impl KnowledgeGraph {
    /// Builds the graph and its indexes from a validated dataset.
    pub fn new(mut data: Dataset) -> KnowledgeGraph {
        let mut edges = DiGraph::with_capacity(data.entities.len(), data.statements.len());
        // The indexes by slug, name and record id come with the dataset: validation built them.
        let mut by_kind: BTreeMap<EntityKind, Vec<EntityId>> = BTreeMap::new();
        for (i, entity) in data.entities.iter().enumerate() {
            let id = EntityId(i as u32);
            edges.add_node(());
            by_kind.entry(entity.kind).or_default().push(id);
        }
        let mut by_predicate: BTreeMap<Predicate, Vec<StatementId>> = BTreeMap::new();
        let mut literals = vec![Vec::new(); data.entities.len()];
        for (i, statement) in data.statements.iter().enumerate() {
            let id = StatementId(i as u32);
            by_predicate
                .entry(statement.predicate)
                .or_default()
                .push(id);
            let subject = NodeIndex::new(statement.subject.0 as usize);
            match statement.object {
                Object::Entity(object) => {
                    edges.add_edge(subject, NodeIndex::new(object.0 as usize), id);
                }
                Object::Text(_) | Object::Number(_) => {
                    literals[statement.subject.0 as usize].push(id)
                }
            }
        }
        data.strings.shrink_to_fit();
        let mut graph = KnowledgeGraph {
            data,
            edges,
            by_kind,
            by_predicate,
            literals,
            claims: claims::Claims::default(),
            name_keys: std::sync::OnceLock::new(),
            name_ranks: std::sync::OnceLock::new(),
        };
        graph.claims = claims::Claims::build(&graph);
        graph
    }

    /// The string of `text`.
    fn text(&self, text: Text) -> &str {
        self.data.strings.get(text)
    }

    /// The lookup keys of every entity's names (see [`NameKeys`]), worked out on first use.
    pub fn name_keys(&self) -> &NameKeys {
        self.name_keys.get_or_init(|| NameKeys::build(self))
    }

    /// `id`'s place among all entities sorted by name (bytewise; equal names in seed order),
    /// worked out for every entity on first use: sorting by it is sorting by name.
    pub fn name_rank(&self, id: EntityId) -> u32 {
        self.name_ranks.get_or_init(|| names::name_ranks(self))[id.index()]
    }

    /// Content hash of the seed the graph was built from.
    pub fn version(&self) -> &str {
        &self.data.version
    }

    pub fn entity(&self, id: EntityId) -> EntityRef<'_> {
        EntityRef::new(self, id)
    }

    pub fn statement(&self, id: StatementId) -> StatementRef<'_> {
        StatementRef::new(self, id)
    }

    /// The entity with this exact slug.
    pub fn entity_by_slug(&self, slug: &str) -> Option<EntityRef<'_>> {
        let index = self.data.entity_by_slug(slug)?;
        Some(self.entity(EntityId(index.0)))
    }

    /// The entity with this slug, name or alias, ignoring case and diacritics:
    /// "turkiye", "TÜRKIYE" and "Turkey" all find Türkiye.
    pub fn lookup(&self, text: &str) -> Option<EntityRef<'_>> {
        self.entity_by_slug(text).or_else(|| {
            // A name or alias's key before another entity's slug: validation lets a slug be
            // the key of an earlier entity's name, never the other way round.
            let key = lookup_key(text);
            let index = self
                .data
                .entity_by_name_key(&key)
                .or_else(|| self.data.entity_by_slug(&key))?;
            Some(self.entity(EntityId(index.0)))
        })
    }

    /// The statement with this id: a record's id, or `record/slug` for one of a record's
    /// several statements.
    pub fn statement_by_id(&self, id: &str) -> Option<StatementRef<'_>> {
        let record = id.split_once('/').map_or(id, |(record, _)| record);
        let first = self.data.first_statement_of(record)?;
        let record = self.data.statements[first].id.record;
        self.data.statements[first..]
            .iter()
            .take_while(|s| s.id.record == record)
            .enumerate()
            .map(|(i, _)| self.statement(StatementId((first + i) as u32)))
            .find(|s| s.id() == id)
    }

    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        (0..self.data.entities.len() as u32).map(|i| self.entity(EntityId(i)))
    }

    pub fn entities_of_kind(&self, kind: EntityKind) -> impl Iterator<Item = EntityRef<'_>> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|&id| self.entity(id))
    }

    pub fn statements(&self) -> impl Iterator<Item = StatementRef<'_>> {
        (0..self.data.statements.len() as u32).map(|i| self.statement(StatementId(i)))
    }

    pub fn statements_with(&self, predicate: Predicate) -> impl Iterator<Item = StatementRef<'_>> {
        self.by_predicate
            .get(&predicate)
            .into_iter()
            .flatten()
            .map(|&id| self.statement(id))
    }

    pub fn sources(&self) -> impl Iterator<Item = SourceRef<'_>> {
        (0..self.data.sources.len()).map(|i| SourceRef::new(self, i))
    }

    pub fn source_by_key(&self, key: SourceId) -> SourceRef<'_> {
        SourceRef::new(self, key.0 as usize)
    }

    pub fn citation(&self, key: CitationId) -> CitationRef<'_> {
        CitationRef::new(self, key.0 as usize)
    }

    pub fn source(&self, id: &str) -> Option<SourceRef<'_>> {
        self.sources().find(|s| s.id() == id)
    }

    /// Number of entities of each kind.
    pub fn counts_by_kind(&self) -> BTreeMap<EntityKind, usize> {
        self.by_kind
            .iter()
            .map(|(k, ids)| (*k, ids.len()))
            .collect()
    }

    /// Number of statements with each predicate.
    pub fn counts_by_predicate(&self) -> BTreeMap<Predicate, usize> {
        self.by_predicate
            .iter()
            .map(|(p, ids)| (*p, ids.len()))
            .collect()
    }

    pub fn entity_count(&self) -> usize {
        self.data.entities.len()
    }

    pub fn statement_count(&self) -> usize {
        self.data.statements.len()
    }
}

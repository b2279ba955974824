//! Borrowed views of the graph's entities, statements and sources.
//!
//! A handle is a graph reference plus an id: `Copy`, cheap, and never clones graph data.

use super::query::{Direction, StatementQuery};
use super::{CitationId, EntityId, KnowledgeGraph, SourceId, StatementId};
use bpgraph_model::{
    Citation, DateSpec, Derivation, Entity, EntityKind, Format, IdSuffix, Object, Predicate,
    Qualifiers, Source, Span, Statement, Status, Text,
};
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::fmt;

/// An entity of the graph.
#[derive(Clone, Copy)]
pub struct EntityRef<'g> {
    graph: &'g KnowledgeGraph,
    id: EntityId,
}

/// A statement of the graph.
#[derive(Clone, Copy)]
pub struct StatementRef<'g> {
    graph: &'g KnowledgeGraph,
    id: StatementId,
}

/// What a statement points at.
#[derive(Clone, Copy, Debug)]
pub enum ObjectRef<'g> {
    Entity(EntityRef<'g>),
    Text(&'g str),
    Number(f64),
}

/// A source document.
#[derive(Clone, Copy)]
pub struct SourceRef<'g> {
    graph: &'g KnowledgeGraph,
    index: usize,
}

/// A verbatim quote from a source.
#[derive(Clone, Copy)]
pub struct CitationRef<'g> {
    graph: &'g KnowledgeGraph,
    index: usize,
}

impl<'g> EntityRef<'g> {
    pub(super) fn new(graph: &'g KnowledgeGraph, id: EntityId) -> Self {
        EntityRef { graph, id }
    }

    fn data(&self) -> &'g Entity {
        &self.graph.data.entities[self.id.index()]
    }

    pub fn id(&self) -> EntityId {
        self.id
    }
    /// The graph the entity belongs to.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }
    pub fn slug(&self) -> &'g str {
        self.graph.text(self.data().slug)
    }
    pub fn name(&self) -> &'g str {
        self.graph.text(self.data().name)
    }
    /// Other spellings of the name, as the sources write them.
    /// Other names as the sources spell them.
    pub fn aliases(&self) -> impl ExactSizeIterator<Item = &'g str> + 'g {
        let graph = self.graph;
        let data = self.data();
        let all = &graph.data.aliases[data.aliases.range()];
        all[..all.len() - data.conventional as usize]
            .iter()
            .map(move |&alias| graph.text(alias))
    }

    /// Names people write that no source spells that way ("24th SOM"); they find the entity
    /// like its aliases do.
    pub fn conventional_aliases(&self) -> impl ExactSizeIterator<Item = &'g str> + 'g {
        let graph = self.graph;
        let data = self.data();
        let all = &graph.data.aliases[data.aliases.range()];
        all[all.len() - data.conventional as usize..]
            .iter()
            .map(move |&alias| graph.text(alias))
    }
    pub fn kind(&self) -> EntityKind {
        self.data().kind
    }
    pub fn category(&self) -> Option<&'g str> {
        self.optional_text(self.data().category)
    }
    pub fn date(&self) -> Option<&'g DateSpec> {
        self.data().date.as_ref()
    }

    /// How the date was read from the citations (none without a date).
    pub fn date_derivation(&self) -> Option<Derivation> {
        self.data().date_derivation
    }
    pub fn status(&self) -> Option<Status> {
        self.data().status
    }
    pub fn format(&self) -> Option<Format> {
        self.data().format
    }
    pub fn iso2(&self) -> Option<&'g str> {
        self.optional_text(self.data().iso2)
    }
    pub fn iso3(&self) -> Option<&'g str> {
        self.optional_text(self.data().iso3)
    }
    pub fn note(&self) -> Option<&'g str> {
        self.optional_text(self.data().note)
    }

    fn optional_text(&self, text: Option<Text>) -> Option<&'g str> {
        text.map(|text| self.graph.text(text))
    }

    /// The passages that name or describe the entity.
    pub fn citations(&self) -> impl Iterator<Item = CitationRef<'g>> + 'g {
        citations(self.graph, self.data().citations)
    }

    /// Statements in which the entity is the subject (outgoing) or the object (incoming),
    /// in seed order.
    pub fn statements(&self, query: &StatementQuery) -> Vec<StatementRef<'g>> {
        let graph = self.graph;
        // Filtered before sorting: a dialogue has thousands of statements, a query wants a few.
        let wanted = |id: &StatementId| query.matches(&graph.statement(*id));
        let mut ids: Vec<StatementId> = Vec::new();
        if query.direction != Direction::Incoming {
            ids.extend(
                graph
                    .edges
                    .edges_directed(self.id.node(), petgraph::Direction::Outgoing)
                    .map(|e| *e.weight())
                    .chain(graph.literals[self.id.index()].iter().copied())
                    .filter(wanted),
            );
        }
        if query.direction != Direction::Outgoing {
            ids.extend(
                graph
                    .edges
                    .edges_directed(self.id.node(), petgraph::Direction::Incoming)
                    .map(|e| *e.weight())
                    .filter(wanted),
            );
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|id| graph.statement(id)).collect()
    }

    /// The entities at the other end of `statements` (of this entity), each once, in order.
    pub fn other_ends(&self, statements: &[StatementRef<'g>]) -> Vec<EntityRef<'g>> {
        each_once(statements.iter().filter_map(|s| s.other_end(self.id)))
    }

    /// Entities this one points at with `predicate`, each once (several sources may say it).
    pub fn objects(&self, predicate: Predicate) -> Vec<EntityRef<'g>> {
        let statements = self.statements(&StatementQuery::outgoing(predicate));
        each_once(statements.into_iter().filter_map(|s| s.object().entity()))
    }

    /// Entities pointing at this one with `predicate`, each once.
    pub fn subjects(&self, predicate: Predicate) -> Vec<EntityRef<'g>> {
        let statements = self.statements(&StatementQuery::incoming(predicate));
        each_once(statements.into_iter().map(|s| s.subject()))
    }
}

/// `entities`, each kept once, in order. Most such lists are short (an entity's places, a
/// group's co-chairs), and a scan of a few is cheaper than hashing them; a long one (a
/// meeting's fifty participants) goes through a set sized once.
fn each_once<'g>(entities: impl Iterator<Item = EntityRef<'g>>) -> Vec<EntityRef<'g>> {
    const SCANNED: usize = 16;
    let mut all: Vec<EntityRef<'g>> = entities.collect();
    if all.len() <= SCANNED {
        let mut kept = 0;
        for i in 0..all.len() {
            if !all[..kept].iter().any(|e| e.id == all[i].id) {
                all.swap(kept, i);
                kept += 1;
            }
        }
        all.truncate(kept);
    } else {
        let mut seen = FxHashSet::with_capacity_and_hasher(all.len(), Default::default());
        all.retain(|e| seen.insert(e.id));
    }
    all
}

impl PartialEq for EntityRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.graph, other.graph) && self.id == other.id
    }
}

impl fmt::Debug for EntityRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind(), self.slug())
    }
}

impl<'g> StatementRef<'g> {
    pub(super) fn new(graph: &'g KnowledgeGraph, id: StatementId) -> Self {
        StatementRef { graph, id }
    }

    fn data(&self) -> &'g Statement {
        &self.graph.data.statements[self.id.index()]
    }

    pub fn key(&self) -> StatementId {
        self.id
    }
    /// The statement's stable id from the seed: its record's id, or `record/slug` for one of
    /// a record's several statements.
    pub fn id(&self) -> Cow<'g, str> {
        let name = self.data().id;
        let record = self.graph.text(name.record);
        let named_by = match name.suffix {
            IdSuffix::None => return Cow::Borrowed(record),
            IdSuffix::Subject => self.subject(),
            IdSuffix::Object => self
                .object()
                .entity()
                .expect("only a statement between entities is named by its object"),
        };
        Cow::Owned(format!("{record}/{}", named_by.slug()))
    }
    pub fn subject(&self) -> EntityRef<'g> {
        self.graph.entity(EntityId(self.data().subject.0))
    }
    pub fn predicate(&self) -> Predicate {
        self.data().predicate
    }
    pub fn object(&self) -> ObjectRef<'g> {
        match self.data().object {
            Object::Entity(index) => ObjectRef::Entity(self.graph.entity(EntityId(index.0))),
            Object::Text(text) => ObjectRef::Text(self.graph.text(text)),
            Object::Number(index) => ObjectRef::Number(self.graph.data.numbers[index.0 as usize]),
        }
    }
    pub fn qualifiers(&self) -> &'g Qualifiers {
        &self.graph.data.qualifiers[self.data().qualifiers.0 as usize]
    }
    pub fn citations(&self) -> impl Iterator<Item = CitationRef<'g>> + 'g {
        citations(self.graph, self.data().citations)
    }

    /// The other end of the statement, seen from `entity`, if it is an entity.
    pub fn other_end(&self, entity: EntityId) -> Option<EntityRef<'g>> {
        let subject = self.subject();
        match self.object() {
            ObjectRef::Entity(object) if subject.id() == entity => Some(object),
            ObjectRef::Entity(object) if object.id() == entity => Some(subject),
            _ => None,
        }
    }
}

impl fmt::Debug for StatementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "statement `{}`", self.id())
    }
}

impl<'g> ObjectRef<'g> {
    pub fn entity(self) -> Option<EntityRef<'g>> {
        match self {
            ObjectRef::Entity(entity) => Some(entity),
            _ => None,
        }
    }
}

impl<'g> SourceRef<'g> {
    pub(super) fn new(graph: &'g KnowledgeGraph, index: usize) -> Self {
        SourceRef { graph, index }
    }

    /// The source's id in this graph (its `id()` is the seed's name for it).
    pub fn key(&self) -> SourceId {
        SourceId(self.index as u32)
    }

    fn data(&self) -> &'g Source {
        &self.graph.data.sources[self.index]
    }

    pub fn id(&self) -> &'g str {
        &self.data().id
    }
    pub fn title(&self) -> &'g str {
        &self.data().title
    }
    pub fn kind(&self) -> &'g str {
        &self.data().kind
    }
    pub fn date(&self) -> &'g DateSpec {
        &self.data().date
    }
    pub fn file(&self) -> &'g str {
        &self.data().file
    }
    pub fn text(&self) -> &'g str {
        &self.data().text
    }

    /// The statements that cite this source.
    pub fn statements(&self) -> impl Iterator<Item = StatementRef<'g>> + 'g {
        let index = self.index;
        self.graph.statements().filter(move |s| {
            s.citations()
                .any(|c| c.citation().source.0 as usize == index)
        })
    }
}

impl<'g> CitationRef<'g> {
    pub(super) fn new(graph: &'g KnowledgeGraph, index: usize) -> Self {
        CitationRef { graph, index }
    }

    fn citation(&self) -> &'g Citation {
        &self.graph.data.citations[self.index]
    }

    /// The citation's id in this graph.
    pub fn key(&self) -> CitationId {
        CitationId(self.index as u32)
    }
    pub fn source(&self) -> SourceRef<'g> {
        SourceRef::new(self.graph, self.citation().source.0 as usize)
    }
    pub fn quote(&self) -> &'g str {
        self.graph.text(self.citation().quote)
    }
}

/// The citations of one record.
fn citations(graph: &KnowledgeGraph, span: Span) -> impl Iterator<Item = CitationRef<'_>> {
    span.range()
        .map(move |index| CitationRef::new(graph, index))
}

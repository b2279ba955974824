//! The graph as RDF triples, the one model the Turtle and JSON-LD exports are written from.
//!
//! Each statement is there twice, so that neither the simple view nor the provenance is lost:
//! a direct triple `subject bp:predicate object` for the simple view, and a statement node (the
//! statement's IRI, an `rdf:Statement` with `rdf:subject`/`rdf:predicate`/`rdf:object`) that
//! carries the qualifiers (OWL-Time instants for start, end and point in time) and the
//! citations (`prov:wasDerivedFrom` a quote node with `prov:value` and `prov:wasQuotedFrom`
//! the source). Entities cite their sources the same way.

use super::vocab::{self, iri, DCTERMS, PROV, SCHEMA, SKOS, TIME};
use crate::graph::{CitationRef, EntityRef, KnowledgeGraph, ObjectRef, SourceRef, StatementRef};
use crate::iri::BaseIri;
use crate::model::{DateSpec, EntityKind, PartialDate};
use oxrdf::vocab::rdf;
use oxrdf::{Literal, NamedNode, Term, Triple};
use std::collections::{BTreeSet, HashSet};

/// Distinct triples, in the order they are described: an entity's, then its statements', and
/// so on. (Two statements may share their direct triple, e.g. conflicting start dates of the
/// same co-chair; RDF has it once.)
pub struct Triples {
    base: BaseIri,
    vocabulary: String,
    triples: Vec<Triple>,
    seen: HashSet<Triple>,
}

impl Triples {
    fn new(base: &BaseIri) -> Triples {
        Triples {
            base: base.clone(),
            vocabulary: base.vocabulary(),
            triples: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Every entity, statement and source of the graph.
    pub fn of_graph(graph: &KnowledgeGraph, base: &BaseIri) -> Triples {
        let mut triples = Triples::new(base);
        for source in graph.sources() {
            triples.source(source);
        }
        for entity in graph.entities() {
            triples.entity(entity);
        }
        for statement in graph.statements() {
            triples.statement(statement);
        }
        triples
    }

    /// One entity: its own triples, every statement it is the subject or object of, and the
    /// kind and name of each entity and source those point at, so the document reads alone.
    pub fn of_entity(entity: EntityRef<'_>, base: &BaseIri) -> Triples {
        let mut triples = Triples::new(base);
        triples.entity(entity);
        let statements = entity.statements(&Default::default());
        let mut others = BTreeSet::new();
        let mut sources = BTreeSet::new();
        for citation in entity.citations() {
            sources.insert(citation.source().id());
        }
        for statement in &statements {
            triples.statement(*statement);
            if let Some(other) = statement.other_end(entity.id()) {
                if other.id() != entity.id() {
                    others.insert(other.id());
                }
            }
            for citation in statement.citations() {
                sources.insert(citation.source().id());
            }
        }
        let graph = entity.graph();
        for other in others {
            triples.label(graph.entity(other));
        }
        for source in sources.into_iter().filter_map(|id| graph.source(id)) {
            triples.source(source);
        }
        triples
    }

    pub fn base(&self) -> &BaseIri {
        &self.base
    }

    pub fn as_slice(&self) -> &[Triple] {
        &self.triples
    }

    fn add(&mut self, subject: &NamedNode, predicate: NamedNode, object: impl Into<Term>) {
        let triple = Triple::new(subject.clone(), predicate, object.into());
        if self.seen.insert(triple.clone()) {
            self.triples.push(triple);
        }
    }

    fn bp(&self, local: &str) -> NamedNode {
        iri(&self.vocabulary, local)
    }

    fn text(&mut self, subject: &NamedNode, predicate: NamedNode, text: Option<&str>) {
        if let Some(text) = text {
            self.add(subject, predicate, Literal::new_simple_literal(text));
        }
    }

    /// The entity's kind and name only: enough to label a link to it.
    fn label(&mut self, entity: EntityRef<'_>) {
        let node = NamedNode::new_unchecked(self.base.entity(entity.slug()));
        let class = vocab::kind_class(&self.base, entity.kind());
        self.add(&node, rdf::TYPE.into(), class);
        self.text(&node, iri(SCHEMA, "name"), Some(entity.name()));
    }

    fn entity(&mut self, entity: EntityRef<'_>) {
        let node = NamedNode::new_unchecked(self.base.entity(entity.slug()));
        self.add(
            &node,
            rdf::TYPE.into(),
            vocab::kind_class(&self.base, entity.kind()),
        );
        self.add(
            &node,
            rdf::TYPE.into(),
            vocab::standard_class(entity.kind()),
        );
        self.text(&node, iri(DCTERMS, "identifier"), Some(entity.slug()));
        self.text(&node, iri(SCHEMA, "name"), Some(entity.name()));
        for alias in entity.aliases() {
            self.text(&node, iri(SCHEMA, "alternateName"), Some(alias));
        }
        self.text(&node, self.bp("category"), entity.category());
        self.text(&node, self.bp("iso2"), entity.iso2());
        self.text(&node, self.bp("iso3"), entity.iso3());
        if let Some(date) = entity.date() {
            self.temporal(&node, iri(TIME, "hasTime"), "date", date);
            if entity.kind() == EntityKind::Meeting {
                self.add(
                    &node,
                    iri(SCHEMA, "startDate"),
                    vocab::date_literal(date.from),
                );
                self.add(&node, iri(SCHEMA, "endDate"), vocab::date_literal(date.to));
            }
        }
        self.text(
            &node,
            self.bp("status"),
            entity.status().map(|s| s.as_str()),
        );
        if let Some(format) = entity.format() {
            self.add(
                &node,
                iri(SCHEMA, "eventAttendanceMode"),
                vocab::attendance_mode(format),
            );
        }
        self.text(&node, iri(SKOS, "editorialNote"), entity.note());
        self.citations(&node, entity.citations());
    }

    fn statement(&mut self, statement: StatementRef<'_>) {
        let id = statement.id();
        let node = NamedNode::new_unchecked(self.base.statement(&id));
        let subject = NamedNode::new_unchecked(self.base.entity(statement.subject().slug()));
        let predicate = self.bp(statement.predicate().name());
        let object: Term = match statement.object() {
            ObjectRef::Entity(entity) => {
                NamedNode::new_unchecked(self.base.entity(entity.slug())).into()
            }
            ObjectRef::Text(text) => Literal::new_simple_literal(text).into(),
            ObjectRef::Number(value) => vocab::number_literal(value).into(),
        };
        // The simple view.
        self.add(&subject, predicate.clone(), object.clone());
        // The statement itself, with what the simple view loses.
        self.add(&node, rdf::TYPE.into(), rdf::STATEMENT);
        self.text(&node, iri(DCTERMS, "identifier"), Some(&id));
        self.add(&node, rdf::SUBJECT.into(), subject);
        self.add(&node, rdf::PREDICATE.into(), predicate);
        self.add(&node, rdf::OBJECT.into(), object);
        let qualifiers = statement.qualifiers();
        if let Some(start) = &qualifiers.start {
            self.temporal(&node, iri(TIME, "hasBeginning"), "start", start);
        }
        if let Some(end) = &qualifiers.end {
            self.temporal(&node, iri(TIME, "hasEnd"), "end", end);
        }
        if let Some(at) = &qualifiers.at {
            self.temporal(&node, iri(TIME, "hasTime"), "at", at);
        }
        self.text(&node, self.bp("role"), qualifiers.role.as_deref());
        self.text(
            &node,
            self.bp("status"),
            qualifiers.status.map(|s| s.as_str()),
        );
        if let Some(format) = qualifiers.format {
            self.add(
                &node,
                iri(SCHEMA, "eventAttendanceMode"),
                vocab::attendance_mode(format),
            );
        }
        self.text(&node, self.bp("measure"), qualifiers.measure.as_deref());
        self.text(&node, iri(SCHEMA, "unitText"), qualifiers.unit.as_deref());
        self.text(
            &node,
            iri(SKOS, "editorialNote"),
            qualifiers.note.as_deref(),
        );
        self.citations(&node, statement.citations());
    }

    fn source(&mut self, source: SourceRef<'_>) {
        let node = NamedNode::new_unchecked(self.base.source(source.id()));
        self.add(&node, rdf::TYPE.into(), iri(SCHEMA, "CreativeWork"));
        self.text(&node, iri(DCTERMS, "identifier"), Some(source.id()));
        self.text(&node, iri(DCTERMS, "title"), Some(source.title()));
        self.text(&node, iri(DCTERMS, "type"), Some(source.kind()));
        self.temporal(&node, iri(TIME, "hasTime"), "date", source.date());
    }

    /// `node prov:wasDerivedFrom <node#citation-N>`, each quote a node of its own (numbered from
    /// 1 in seed order) with the quote and the source it was quoted from.
    fn citations<'g>(
        &mut self,
        node: &NamedNode,
        citations: impl Iterator<Item = CitationRef<'g>>,
    ) {
        for (i, citation) in citations.enumerate() {
            let quote = NamedNode::new_unchecked(format!("{}#citation-{}", node.as_str(), i + 1));
            let source = NamedNode::new_unchecked(self.base.source(citation.source().id()));
            self.add(node, iri(PROV, "wasDerivedFrom"), quote.clone());
            self.add(
                &quote,
                iri(PROV, "value"),
                Literal::new_simple_literal(citation.quote()),
            );
            self.add(&quote, iri(PROV, "wasQuotedFrom"), source);
        }
    }

    /// `node property <node#name>`, an OWL-Time instant at the date's precision, or for a range
    /// an interval from one instant to another.
    fn temporal(&mut self, node: &NamedNode, property: NamedNode, name: &str, date: &DateSpec) {
        let time = NamedNode::new_unchecked(format!("{}#{name}", node.as_str()));
        self.add(node, property, time.clone());
        if date.is_range() {
            self.add(&time, rdf::TYPE.into(), iri(TIME, "Interval"));
            let from = self.instant(&time, "from", date.from);
            self.add(&time, iri(TIME, "hasBeginning"), from);
            let to = self.instant(&time, "to", date.to);
            self.add(&time, iri(TIME, "hasEnd"), to);
        } else {
            self.add(&time, rdf::TYPE.into(), iri(TIME, "Instant"));
            self.add(
                &time,
                vocab::instant_position(date.from),
                vocab::date_literal(date.from),
            );
        }
    }

    fn instant(&mut self, interval: &NamedNode, end: &str, date: PartialDate) -> NamedNode {
        let instant = NamedNode::new_unchecked(format!("{}-{end}", interval.as_str()));
        self.add(&instant, rdf::TYPE.into(), iri(TIME, "Instant"));
        self.add(
            &instant,
            vocab::instant_position(date),
            vocab::date_literal(date),
        );
        instant
    }
}

impl Triples {
    /// The triples grouped by subject, subjects in the order they were first described, so each
    /// subject is written once (one Turtle block, one JSON-LD node).
    pub fn by_subject(&self) -> Vec<Vec<&Triple>> {
        let mut groups: Vec<Vec<&Triple>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for triple in &self.triples {
            let at = *index.entry(&triple.subject).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[at].push(triple);
        }
        groups
    }
}

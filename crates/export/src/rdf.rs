//! The graph as RDF triples, the one model the Turtle and JSON-LD exports are written from.
//!
//! Each statement is there twice, so that neither the simple view nor the provenance is lost:
//! a direct triple `subject bp:predicate object` for the simple view, and a statement node (the
//! statement's IRI, an `rdf:Statement` with `rdf:subject`/`rdf:predicate`/`rdf:object`) that
//! carries the qualifiers (OWL-Time instants for start, end and point in time) and the
//! citations (`prov:wasDerivedFrom` a quote node with `prov:value` and `prov:wasQuotedFrom`
//! the source). Entities cite their sources the same way.
//!
//! Triples come in blocks, one per record (a source, an entity with its direct triples, a
//! statement), each subject's triples together and its quote and date nodes after it, so a
//! writer can stream the graph block by block without holding all of it, and no triple repeats.

use super::vocab::{self, iri, DCTERMS, PROV, SCHEMA, SKOS, TIME};
use bpgraph_graph::{
    CitationRef, EntityRef, KnowledgeGraph, ObjectRef, SourceRef, StatementQuery, StatementRef,
};
use bpgraph_model::iri::BaseIri;
use bpgraph_model::{DateSpec, EntityKind, PartialDate};
use oxrdf::vocab::rdf;
use oxrdf::{Literal, NamedNode, Term, Triple};
use std::collections::{BTreeSet, HashSet};
use std::io;

/// Receives the triples block by block: one record (a source, an entity with its direct
/// triples, a statement) with its quote and date nodes; no triple is sent twice.
pub trait BlockSink {
    fn block(&mut self, triples: &[Triple]) -> io::Result<()>;
}

/// Every source, entity and statement of the graph, in graph order.
pub fn graph_blocks(
    graph: &KnowledgeGraph,
    base: &BaseIri,
    sink: &mut dyn BlockSink,
) -> io::Result<()> {
    let describe = Describe::new(base);
    for source in graph.sources() {
        sink.block(&describe.block(|b| b.source(source)))?;
    }
    for entity in graph.entities() {
        sink.block(&describe.block(|b| {
            b.entity(entity);
            b.direct(entity, |_| true);
        }))?;
    }
    for statement in graph.statements() {
        sink.block(&describe.block(|b| b.statement(statement)))?;
    }
    Ok(())
}

/// One entity's document: its own triples, every statement it is the subject or object of,
/// and the kind and name of each entity and source those point at, so the document reads alone.
pub fn entity_blocks(
    entity: EntityRef<'_>,
    base: &BaseIri,
    sink: &mut dyn BlockSink,
) -> io::Result<()> {
    let describe = Describe::new(base);
    let me = entity.id();
    sink.block(&describe.block(|b| {
        b.entity(entity);
        b.direct(entity, |_| true);
    }))?;
    let statements = entity.statements(&StatementQuery::default());
    let mut others = BTreeSet::new();
    let mut sources = BTreeSet::new();
    for citation in entity.citations() {
        sources.insert(citation.source().id());
    }
    for statement in &statements {
        sink.block(&describe.block(|b| b.statement(*statement)))?;
        others.extend(
            statement
                .other_end(me)
                .map(|e| e.id())
                .filter(|&id| id != me),
        );
        sources.extend(statement.citations().map(|c| c.source().id()));
    }
    let graph = entity.graph();
    for other in others.into_iter().map(|id| graph.entity(id)) {
        sink.block(&describe.block(|b| {
            b.label(other);
            // Its statements about this entity, in the simple view too.
            b.direct(other, |s| s.object().entity().is_some_and(|o| o.id() == me));
        }))?;
    }
    for source in sources.into_iter().filter_map(|id| graph.source(id)) {
        sink.block(&describe.block(|b| b.source(source)))?;
    }
    Ok(())
}

/// What every block is built with.
struct Describe {
    base: BaseIri,
    vocabulary: String,
}

impl Describe {
    fn new(base: &BaseIri) -> Describe {
        Describe {
            base: base.clone(),
            vocabulary: base.vocabulary(),
        }
    }

    fn block(&self, build: impl FnOnce(&mut Block<'_>)) -> Vec<Triple> {
        let mut block = Block {
            describe: self,
            main: Vec::new(),
            nodes: Vec::new(),
        };
        build(&mut block);
        block.main.append(&mut block.nodes);
        block.main
    }
}

/// One block being built: the record's own triples, then the quote and date nodes it links to.
struct Block<'d> {
    describe: &'d Describe,
    main: Vec<Triple>,
    nodes: Vec<Triple>,
}

impl Block<'_> {
    fn base(&self) -> &BaseIri {
        &self.describe.base
    }

    fn bp(&self, local: &str) -> NamedNode {
        iri(&self.describe.vocabulary, local)
    }

    fn entity_iri(&self, entity: EntityRef<'_>) -> NamedNode {
        NamedNode::new_unchecked(self.base().entity(entity.slug()))
    }

    fn add(
        &mut self,
        subject: &NamedNode,
        predicate: impl Into<NamedNode>,
        object: impl Into<Term>,
    ) {
        self.main.push(Triple::new(
            subject.clone(),
            predicate.into(),
            object.into(),
        ));
    }

    fn node(
        &mut self,
        subject: &NamedNode,
        predicate: impl Into<NamedNode>,
        object: impl Into<Term>,
    ) {
        self.nodes.push(Triple::new(
            subject.clone(),
            predicate.into(),
            object.into(),
        ));
    }

    fn text(&mut self, subject: &NamedNode, predicate: NamedNode, text: Option<&str>) {
        if let Some(text) = text {
            self.add(subject, predicate, Literal::new_simple_literal(text));
        }
    }

    /// The entity's kind and name only: enough to label a link to it.
    fn label(&mut self, entity: EntityRef<'_>) {
        let node = self.entity_iri(entity);
        let class = vocab::kind_class(self.base(), entity.kind());
        self.add(&node, rdf::TYPE, class);
        self.text(&node, iri(SCHEMA, "name"), Some(entity.name()));
    }

    fn entity(&mut self, entity: EntityRef<'_>) {
        let node = self.entity_iri(entity);
        self.add(
            &node,
            rdf::TYPE,
            vocab::kind_class(self.base(), entity.kind()),
        );
        self.add(&node, rdf::TYPE, vocab::standard_class(entity.kind()));
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
            let reading = entity.date_derivation().map(|d| d.as_str());
            self.text(&node, self.bp(vocab::DATE_DERIVATION), reading);
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
            let mode = vocab::attendance_mode(format);
            self.add(&node, iri(SCHEMA, "eventAttendanceMode"), mode);
        }
        self.text(&node, iri(SKOS, "editorialNote"), entity.note());
        self.citations(&node, entity.citations());
    }

    /// The simple view of `entity`'s outgoing statements that `keep` selects, each triple once
    /// (two sources may state the same relation with different dates).
    fn direct(&mut self, entity: EntityRef<'_>, keep: impl Fn(&StatementRef<'_>) -> bool) {
        let query = StatementQuery {
            direction: bpgraph_graph::Direction::Outgoing,
            ..StatementQuery::default()
        };
        let mut seen = HashSet::new();
        for statement in entity.statements(&query).iter().filter(|s| keep(s)) {
            let triple = self.direct_triple(*statement);
            if seen.insert(triple.clone()) {
                self.main.push(triple);
            }
        }
    }

    fn object(&self, statement: StatementRef<'_>) -> Term {
        match statement.object() {
            ObjectRef::Entity(entity) => self.entity_iri(entity).into(),
            ObjectRef::Text(text) => Literal::new_simple_literal(text).into(),
            ObjectRef::Number(value) => vocab::number_literal(value).into(),
        }
    }

    fn direct_triple(&self, statement: StatementRef<'_>) -> Triple {
        Triple::new(
            self.entity_iri(statement.subject()),
            self.bp(statement.predicate().name()),
            self.object(statement),
        )
    }

    /// The statement node, with what the simple view loses.
    fn statement(&mut self, statement: StatementRef<'_>) {
        let id = statement.id();
        let node = NamedNode::new_unchecked(self.base().statement(&id));
        self.add(&node, rdf::TYPE, rdf::STATEMENT);
        self.text(&node, iri(DCTERMS, "identifier"), Some(&id));
        self.add(&node, rdf::SUBJECT, self.entity_iri(statement.subject()));
        self.add(&node, rdf::PREDICATE, self.bp(statement.predicate().name()));
        self.add(&node, rdf::OBJECT, self.object(statement));
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
        let reading = Some(qualifiers.derivation.as_str());
        self.text(&node, self.bp(vocab::DERIVATION), reading);
        let date_reading = qualifiers.date_derivation.map(|d| d.as_str());
        self.text(&node, self.bp(vocab::DATE_DERIVATION), date_reading);
        self.text(&node, self.bp("role"), qualifiers.role.as_deref());
        self.text(
            &node,
            self.bp("status"),
            qualifiers.status.map(|s| s.as_str()),
        );
        if let Some(format) = qualifiers.format {
            let mode = vocab::attendance_mode(format);
            self.add(&node, iri(SCHEMA, "eventAttendanceMode"), mode);
        }
        self.text(&node, self.bp("measure"), qualifiers.measure.as_deref());
        self.text(&node, iri(SCHEMA, "unitText"), qualifiers.unit.as_deref());
        self.text(
            &node,
            self.bp("bound"),
            qualifiers.bound.map(|b| b.as_str()),
        );
        self.text(
            &node,
            iri(SKOS, "editorialNote"),
            qualifiers.note.as_deref(),
        );
        self.citations(&node, statement.citations());
    }

    fn source(&mut self, source: SourceRef<'_>) {
        let node = NamedNode::new_unchecked(self.base().source(source.id()));
        self.add(&node, rdf::TYPE, iri(SCHEMA, "CreativeWork"));
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
            let source = NamedNode::new_unchecked(self.base().source(citation.source().id()));
            self.add(node, iri(PROV, "wasDerivedFrom"), quote.clone());
            let text = Literal::new_simple_literal(citation.quote());
            self.node(&quote, iri(PROV, "value"), text);
            self.node(&quote, iri(PROV, "wasQuotedFrom"), source);
        }
    }

    /// `node property <node#name>`, an OWL-Time instant at the date's precision, or for a range
    /// an interval from one instant (`#name-from`) to another (`#name-to`).
    fn temporal(&mut self, node: &NamedNode, property: NamedNode, name: &str, date: &DateSpec) {
        let time = NamedNode::new_unchecked(format!("{}#{name}", node.as_str()));
        self.add(node, property, time.clone());
        if date.is_range() {
            let from = NamedNode::new_unchecked(format!("{}-from", time.as_str()));
            let to = NamedNode::new_unchecked(format!("{}-to", time.as_str()));
            self.node(&time, rdf::TYPE, iri(TIME, "Interval"));
            self.node(&time, iri(TIME, "hasBeginning"), from.clone());
            self.node(&time, iri(TIME, "hasEnd"), to.clone());
            self.instant(&from, date.from);
            self.instant(&to, date.to);
        } else {
            self.instant(&time, date.from);
        }
    }

    fn instant(&mut self, instant: &NamedNode, date: PartialDate) {
        self.node(instant, rdf::TYPE, iri(TIME, "Instant"));
        self.node(
            instant,
            vocab::instant_position(date),
            vocab::date_literal(date),
        );
    }
}

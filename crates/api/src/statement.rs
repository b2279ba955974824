//! GraphQL views of statements, their qualifiers and citations, and of sources.

use super::connection::{paginate, List, Page};
use super::entity::Entity;
use super::ids;
use super::query::base_iri;
use super::types::{Derivation, Format, PartialDate, Predicate, Status};
use async_graphql::{Context, Object, ID};
use bpgraph_graph::{CitationRef, ObjectRef, SourceRef, StatementRef};

/// A statement: one relation between a subject entity and an object (an entity, a text or a
/// number), with the qualifiers that say when and how it holds and the quotes that state it.
/// When sources disagree, each version is a statement of its own.
pub struct Statement<'g>(pub StatementRef<'g>);

impl<'g> From<StatementRef<'g>> for Statement<'g> {
    fn from(statement: StatementRef<'g>) -> Self {
        Statement(statement)
    }
}

#[Object]
impl<'g> Statement<'g> {
    /// Opaque global id (Relay).
    pub async fn id(&self) -> ID {
        ID(ids::statement_id(&self.0.id()))
    }

    /// The statement's stable id in the seed data.
    async fn statement_id(&self) -> std::borrow::Cow<'g, str> {
        self.0.id()
    }

    /// Stable IRI for linked data (`{base}statement/{id}`): the statement node of the RDF
    /// exports, which carries its qualifiers and citations.
    async fn iri(&self, ctx: &Context<'_>) -> String {
        base_iri(ctx).statement(&self.0.id())
    }

    /// Who or what the statement is about.
    async fn subject(&self) -> Entity<'g> {
        Entity::from(self.0.subject())
    }

    /// The relation.
    async fn predicate(&self) -> Predicate {
        self.0.predicate().into()
    }

    /// The object, when it is an entity.
    async fn object(&self) -> Option<Entity<'g>> {
        self.0.object().entity().map(Entity::from)
    }

    /// The object, when it is a text (what a meeting decided, a priority goal, a topic).
    async fn object_text(&self) -> Option<&'g str> {
        match self.0.object() {
            ObjectRef::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The object, when it is a number (see `qualifiers.measure` and `qualifiers.unit`).
    async fn object_number(&self) -> Option<f64> {
        match self.0.object() {
            ObjectRef::Number(value) => Some(value),
            _ => None,
        }
    }

    /// The object as display text: the entity's name, the text or the number.
    async fn object_label(&self) -> std::borrow::Cow<'g, str> {
        self.0.object().label()
    }

    /// How the statement was read: `STATED` when its quotes say it, `INFERRED` or
    /// `RECONSTRUCTED` when it goes beyond them (then `qualifiers.note` says why). Filter with
    /// `statements(derivations: ...)`.
    async fn derivation(&self) -> Derivation {
        self.0.qualifiers().derivation.into()
    }

    /// When, in what role and in what form the statement holds.
    async fn qualifiers(&self) -> Qualifiers<'g> {
        Qualifiers(self.0)
    }

    /// The verbatim passages of the sources that state it.
    async fn citations(&self) -> Vec<Citation<'g>> {
        self.0.citations().map(Citation).collect()
    }
}

/// When, in what role and in what form a statement holds. All optional: a source states only
/// some of them.
pub struct Qualifiers<'g>(StatementRef<'g>);

#[Object]
impl<'g> Qualifiers<'g> {
    /// From when the statement holds.
    async fn start(&self) -> Option<PartialDate> {
        self.0.qualifiers().start.as_ref().map(PartialDate::from)
    }
    /// Until when the statement holds.
    async fn end(&self) -> Option<PartialDate> {
        self.0.qualifiers().end.as_ref().map(PartialDate::from)
    }
    /// When a source attests the statement, if it gives no start.
    async fn point_in_time(&self) -> Option<PartialDate> {
        self.0.qualifiers().at.as_ref().map(PartialDate::from)
    }
    /// The role in which the subject acts (e.g. "Chair", "moderator").
    async fn role(&self) -> Option<&'g str> {
        self.0.qualifiers().role.as_deref()
    }
    /// Held, planned, to be confirmed or proposed.
    async fn status(&self) -> Option<Status> {
        self.0.qualifiers().status.map(Status::from)
    }
    /// In person, online or hybrid.
    async fn format(&self) -> Option<Format> {
        self.0.qualifiers().format.map(Format::from)
    }
    /// What a figure counts (e.g. "participants").
    async fn measure(&self) -> Option<&'g str> {
        self.0.qualifiers().measure.as_deref()
    }
    /// The unit of a figure (e.g. "EUR").
    async fn unit(&self) -> Option<&'g str> {
        self.0.qualifiers().unit.as_deref()
    }
    /// The curator's note: how the source was read.
    async fn note(&self) -> Option<&'g str> {
        self.0.qualifiers().note.as_deref()
    }
}

/// A verbatim quote from a source document.
pub struct Citation<'g>(pub CitationRef<'g>);

#[Object]
impl<'g> Citation<'g> {
    /// The document quoted.
    async fn source(&self) -> Source<'g> {
        Source(self.0.source())
    }
    /// The passage, exactly as in the source.
    async fn quote(&self) -> &'g str {
        self.0.quote()
    }
}

/// One of the source documents every fact is cited from.
pub struct Source<'g>(pub SourceRef<'g>);

#[Object]
impl<'g> Source<'g> {
    /// The source's id, as used in citations (e.g. `som37-summary`).
    async fn id(&self) -> ID {
        ID(self.0.id().to_owned())
    }
    /// Stable IRI for linked data (`{base}source/{id}`).
    async fn iri(&self, ctx: &Context<'_>) -> String {
        base_iri(ctx).source(self.0.id())
    }
    /// Its title.
    async fn title(&self) -> &'g str {
        self.0.title()
    }
    /// What sort of document it is (meeting summary, factsheet, brochure, work plan).
    async fn kind(&self) -> &'g str {
        self.0.kind()
    }
    /// When it was published.
    async fn date(&self) -> PartialDate {
        self.0.date().into()
    }
    /// The file name of its text in the seed.
    async fn file(&self) -> &'g str {
        self.0.file()
    }
    /// Its full text, as extracted from the published PDF.
    async fn text(&self) -> &'g str {
        self.0.text()
    }
    /// What it states: the statements that cite it.
    async fn statements(
        &self,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> async_graphql::Result<List<Statement<'g>>> {
        let statements = self.0.statements().map(Statement).collect();
        paginate(statements, &Page::new(after, before, first, last))
    }
}

//! What field bodies read and return: the context ([`Cx`]), the object a field is asked of
//! ([`Obj`], a small owned handle: graph ids, or a computed [`Record`]) and a field's value
//! ([`Out`], borrowing the graph's strings so the direct path copies nothing).

use crate::schema::Resolved;
use async_graphql::Error;
use bpgraph_graph::{
    CitationId, CitationRef, ClaimId, ClaimRef, EntityId, EntityRef, KnowledgeGraph, SourceId,
    SourceRef, StatementId, StatementRef,
};
use bpgraph_model::iri::BaseIri;
use bpgraph_model::{DateSpec, Qualifiers};
use bpgraph_search::SearchIndex;
use std::any::Any;
use std::borrow::Cow;
use std::sync::Arc;

/// What every field body may read: the graph, the base of its IRIs and its full-text index.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub graph: &'a KnowledgeGraph,
    pub base: &'a BaseIri,
    pub search: &'a SearchIndex,
}

/// A computed object (a connection page, a search hit, statistics): anything a body builds
/// rather than finds in the graph. Its fields downcast it with [`Obj::record`].
pub trait Record: Any + Send + Sync {
    /// The GraphQL object type it is a value of.
    fn type_name(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
}

/// Makes each listed type a [`Record`] of the object type of the same name.
#[macro_export]
macro_rules! records {
    ($($record:ident),* $(,)?) => {
        $(impl $crate::schema::Record for $record {
            fn type_name(&self) -> &'static str {
                stringify!($record)
            }
            fn as_any(&self) -> &dyn std::any::Any {
                self
            }
        })*
    };
}

/// The object a field is asked of.
#[derive(Clone)]
pub enum Obj {
    /// The root `Query` object.
    Root,
    Entity(EntityId),
    Statement(StatementId),
    /// The qualifiers of a statement.
    Qualifiers(StatementId),
    Claim(ClaimId),
    /// The claim-level qualifiers of a claim.
    ClaimQualifiers(ClaimId),
    Source(SourceId),
    Citation(CitationId),
    Date(DateSpec),
    Record(Arc<dyn Record>),
}

impl Obj {
    /// The object type this value is (an entity's kind names its type).
    pub fn type_name(&self, cx: &Cx<'_>) -> &'static str {
        match self {
            Obj::Root => "Query",
            Obj::Entity(id) => crate::fields::kind_type_name(cx.graph.entity(*id).kind()),
            Obj::Statement(_) => "Statement",
            Obj::Qualifiers(_) | Obj::ClaimQualifiers(_) => "Qualifiers",
            Obj::Claim(_) => "Claim",
            Obj::Source(_) => "Source",
            Obj::Citation(_) => "Citation",
            Obj::Date(_) => "PartialDate",
            Obj::Record(record) => record.type_name(),
        }
    }

    pub fn entity<'a>(&self, cx: &Cx<'a>) -> Result<EntityRef<'a>, Error> {
        match self {
            Obj::Entity(id) => Ok(cx.graph.entity(*id)),
            _ => Err(mismatch("an entity")),
        }
    }

    pub fn statement<'a>(&self, cx: &Cx<'a>) -> Result<StatementRef<'a>, Error> {
        match self {
            Obj::Statement(id) => Ok(cx.graph.statement(*id)),
            _ => Err(mismatch("a statement")),
        }
    }

    pub fn qualifiers<'a>(&self, cx: &Cx<'a>) -> Result<&'a Qualifiers, Error> {
        match self {
            Obj::Qualifiers(id) => Ok(cx.graph.statement(*id).qualifiers()),
            Obj::ClaimQualifiers(id) => Ok(cx.graph.claim(*id).qualifiers()),
            _ => Err(mismatch("qualifiers")),
        }
    }

    pub fn claim<'a>(&self, cx: &Cx<'a>) -> Result<ClaimRef<'a>, Error> {
        match self {
            Obj::Claim(id) => Ok(cx.graph.claim(*id)),
            _ => Err(mismatch("a claim")),
        }
    }

    pub fn source<'a>(&self, cx: &Cx<'a>) -> Result<SourceRef<'a>, Error> {
        match self {
            Obj::Source(id) => Ok(cx.graph.source_by_key(*id)),
            _ => Err(mismatch("a source")),
        }
    }

    pub fn citation<'a>(&self, cx: &Cx<'a>) -> Result<CitationRef<'a>, Error> {
        match self {
            Obj::Citation(id) => Ok(cx.graph.citation(*id)),
            _ => Err(mismatch("a citation")),
        }
    }

    pub fn date(&self) -> Result<&DateSpec, Error> {
        match self {
            Obj::Date(date) => Ok(date),
            _ => Err(mismatch("a date")),
        }
    }

    /// The computed record of type `T`.
    pub fn record<T: Record>(&self) -> Result<&T, Error> {
        match self {
            Obj::Record(record) => record
                .as_any()
                .downcast_ref::<T>()
                .ok_or_else(|| mismatch(std::any::type_name::<T>())),
            _ => Err(mismatch(std::any::type_name::<T>())),
        }
    }
}

/// A body was handed an object of another type: the engines rule this out, so it is a bug,
/// reported without internals.
fn mismatch(expected: &str) -> Error {
    crate::errors::coded(
        format!("internal error: the field expected {expected}"),
        crate::ErrorCode::InternalError,
    )
}

/// A field's value.
pub enum Out<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    /// An enum value, in GraphQL spelling.
    Enum(&'static str),
    Object(Obj),
    List(Vec<Out<'a>>),
}

impl<'a> Out<'a> {
    pub fn str(text: &'a str) -> Resolved<'a> {
        Ok(Out::Str(Cow::Borrowed(text)))
    }

    pub fn string(text: String) -> Resolved<'a> {
        Ok(Out::Str(Cow::Owned(text)))
    }

    pub fn int(value: impl Into<i64>) -> Resolved<'a> {
        Ok(Out::Int(value.into()))
    }

    /// A count: an `Int`, saturating at `i32::MAX` as GraphQL's `Int` must.
    pub fn count(value: usize) -> Resolved<'a> {
        Ok(Out::Int(value.min(i32::MAX as usize) as i64))
    }

    /// `value`, or `null`.
    pub fn opt<T>(value: Option<T>, some: impl FnOnce(T) -> Resolved<'a>) -> Resolved<'a> {
        match value {
            Some(value) => some(value),
            None => Ok(Out::Null),
        }
    }

    pub fn opt_str(text: Option<&'a str>) -> Resolved<'a> {
        Out::opt(text, Out::str)
    }

    pub fn strs(texts: impl IntoIterator<Item = &'a str>) -> Resolved<'a> {
        Ok(Out::List(
            texts
                .into_iter()
                .map(|t| Out::Str(Cow::Borrowed(t)))
                .collect(),
        ))
    }

    pub fn entity(entity: EntityRef<'_>) -> Resolved<'a> {
        Ok(Out::Object(Obj::Entity(entity.id())))
    }

    pub fn entities<'g>(entities: impl IntoIterator<Item = EntityRef<'g>>) -> Resolved<'a> {
        Ok(Out::List(
            entities
                .into_iter()
                .map(|e| Out::Object(Obj::Entity(e.id())))
                .collect(),
        ))
    }

    pub fn statement(statement: StatementRef<'_>) -> Resolved<'a> {
        Ok(Out::Object(Obj::Statement(statement.key())))
    }

    pub fn source(source: SourceRef<'_>) -> Resolved<'a> {
        Ok(Out::Object(Obj::Source(source.key())))
    }

    pub fn citations<'g>(citations: impl IntoIterator<Item = CitationRef<'g>>) -> Resolved<'a> {
        Ok(Out::List(
            citations
                .into_iter()
                .map(|c| Out::Object(Obj::Citation(c.key())))
                .collect(),
        ))
    }

    pub fn date(date: &DateSpec) -> Resolved<'a> {
        Ok(Out::Object(Obj::Date(*date)))
    }

    pub fn record(record: impl Record) -> Resolved<'a> {
        Ok(Out::Object(Obj::Record(Arc::new(record))))
    }
}

//! `textSearch`: full-text search over names, aliases, notes, quotes and source passages
//! (`bpgraph-search`), as a connection of hits with highlighted snippets.
//!
//! The index lives in the schema's data next to the graph it was built from
//! ([`crate::schema_builder`]); while it is still being built the field answers
//! [`ErrorCode::SearchNotReady`].

use crate::connection::{List, ListInfo, Page};
use crate::entity::Entity;
use crate::errors::{bad_input, coded, not_found, ErrorCode};
use crate::ids::encode_cursor;
use crate::query::graph;
use crate::statement::{Citation, Source, Statement};
use crate::types::{EntityKind, Predicate};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, Error, Object, Result, SimpleObject, ID};
use bpgraph_graph::SourceRef;
use bpgraph_model as model;
use bpgraph_search::{self as search, Filters, Found, Readiness, SearchError, SearchIndex};

/// What a text-search hit was found in.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "search::HitKind")]
pub enum HitKind {
    /// An entity's name, one of its aliases or its note.
    Entity,
    /// A statement's quote (one of its citations) or its note.
    Statement,
    /// A paragraph of a source text.
    Passage,
}

/// A matched part of a snippet: characters `start` (inclusive) to `end` (exclusive), counted
/// in Unicode characters (code points) of the snippet's `text`, not bytes or UTF-16 units.
#[derive(SimpleObject)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
}

pub struct Snippet(search::Snippet);

/// Part of the text a hit was found in, around the words that matched.
#[Object]
impl Snippet {
    /// The excerpt, verbatim (at most 200 characters).
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// The matched words of `text`, in order, as character ranges; the words of a phrase form
    /// one range.
    async fn highlights(&self) -> Vec<Highlight> {
        self.0
            .highlights
            .iter()
            .map(|range| Highlight {
                start: range.start,
                end: range.end,
            })
            .collect()
    }
}

pub struct Passage<'g> {
    source: SourceRef<'g>,
    passage: search::Passage,
}

/// A paragraph of a source document.
#[Object]
impl<'g> Passage<'g> {
    /// The document it is part of.
    async fn source(&self) -> Source<'g> {
        Source(self.source)
    }
    /// Which paragraph of the document it is, from 0.
    async fn ordinal(&self) -> usize {
        self.passage.ordinal
    }
    /// Where it starts in the document's `text`, in bytes of its UTF-8.
    async fn offset(&self) -> usize {
        self.passage.offset
    }
    /// The paragraph, verbatim.
    async fn text(&self) -> &'g str {
        self.passage.text(self.source.text())
    }
}

pub struct TextHit<'g>(search::Hit<'g>);

/// One text-search result: where it was found, how well it matched, and a snippet.
#[Object]
impl<'g> TextHit<'g> {
    /// BM25 relevance, higher is better; comparable only between hits of one search.
    async fn score(&self) -> f32 {
        self.0.score
    }
    /// What the hit was found in.
    async fn kind(&self) -> HitKind {
        match self.0.found {
            Found::Entity(_) => search::HitKind::Entity,
            Found::Statement { .. } => search::HitKind::Statement,
            Found::Passage { .. } => search::HitKind::Passage,
        }
        .into()
    }
    /// The matched text around the words found.
    async fn snippet(&self) -> Snippet {
        Snippet(self.0.snippet.clone())
    }
    /// The entity, for an `ENTITY` hit.
    async fn entity(&self) -> Option<Entity<'g>> {
        match self.0.found {
            Found::Entity(entity) => Some(Entity::from(entity)),
            _ => None,
        }
    }
    /// The statement, for a `STATEMENT` hit.
    async fn statement(&self) -> Option<Statement<'g>> {
        match self.0.found {
            Found::Statement { statement, .. } => Some(Statement(statement)),
            _ => None,
        }
    }
    /// For a `STATEMENT` hit found in a quote, the citation that holds it (null when the
    /// words were found in the statement's note).
    async fn citation(&self) -> Option<Citation<'g>> {
        match self.0.found {
            Found::Statement {
                citation: Some((_, citation)),
                ..
            } => Some(Citation(citation)),
            _ => None,
        }
    }
    /// The position of `citation` in the statement's `citations`, from 0.
    async fn citation_index(&self) -> Option<usize> {
        match self.0.found {
            Found::Statement {
                citation: Some((index, _)),
                ..
            } => Some(index),
            _ => None,
        }
    }
    /// The source paragraph, for a `PASSAGE` hit.
    async fn passage(&self) -> Option<Passage<'g>> {
        match self.0.found {
            Found::Passage { source, passage } => Some(Passage { source, passage }),
            _ => None,
        }
    }
}

/// What `textSearch` was asked for.
pub struct TextQuery {
    pub query: String,
    pub kinds: Option<Vec<HitKind>>,
    pub entity_kinds: Option<Vec<EntityKind>>,
    pub predicates: Option<Vec<Predicate>>,
    pub sources: Option<Vec<ID>>,
}

/// One page of the hits of `asked`, best first.
pub fn text_search<'ctx>(
    ctx: &Context<'ctx>,
    asked: TextQuery,
    page: &Page,
) -> Result<List<TextHit<'ctx>>> {
    let index = match ctx.data::<SearchIndex>().map(SearchIndex::readiness) {
        Ok(Readiness::Ready(index)) => index,
        Ok(Readiness::Building) => {
            return Err(coded(
                "search is not ready yet: the index of this data version is still being \
                 built; try again shortly",
                ErrorCode::SearchNotReady,
            ))
        }
        Ok(Readiness::Failed(_)) | Err(_) => return Err(unavailable()),
    };
    let graph = graph(ctx);
    if let Some(unknown) = asked
        .sources
        .iter()
        .flatten()
        .find(|id| graph.source(id).is_none())
    {
        return Err(not_found(format!(
            "no source has id `{}`",
            unknown.as_str()
        )));
    }
    let kinds: Option<Vec<search::HitKind>> = convert(asked.kinds);
    let entity_kinds: Option<Vec<model::EntityKind>> = convert(asked.entity_kinds);
    let predicates: Option<Vec<model::Predicate>> = convert(asked.predicates);
    let sources: Option<Vec<&str>> = asked
        .sources
        .as_ref()
        .map(|ids| ids.iter().map(|id| id.as_str()).collect());
    let filters = Filters {
        kinds: kinds.as_deref(),
        entity_kinds: entity_kinds.as_deref(),
        predicates: predicates.as_deref(),
        sources: sources.as_deref(),
    };
    let found = index.search(&asked.query, &filters).map_err(refused)?;
    let total = found.total();
    let (start, end) = page.window(total)?;
    let hits = found.hits(start, end - start).map_err(refused)?;
    let mut connection =
        Connection::with_additional_fields(start > 0, end < total, ListInfo { total_count: total });
    connection.edges.extend(
        hits.into_iter()
            .enumerate()
            .map(|(i, hit)| Edge::new(encode_cursor(start + i), TextHit(hit))),
    );
    Ok(connection)
}

fn convert<From, To: std::convert::From<From>>(list: Option<Vec<From>>) -> Option<Vec<To>> {
    list.map(|items| items.into_iter().map(Into::into).collect())
}

fn unavailable() -> Error {
    coded(
        "search is unavailable for this data version",
        ErrorCode::SearchUnavailable,
    )
}

/// A search error as the client sees it: its own fault, or ours without the internals.
fn refused(error: SearchError) -> Error {
    match error {
        SearchError::TooLong { .. } => bad_input(error.to_string()),
        SearchError::Index(_) | SearchError::Io(_) | SearchError::Inconsistent => unavailable(),
    }
}

/// The root field `textSearch` (merged into `Query`).
#[derive(Default)]
pub struct TextSearchRoot;

#[Object]
impl TextSearchRoot {
    /// Full-text search over every word the data holds: entity names, aliases and notes,
    /// statement quotes and notes, and the source documents' paragraphs. Use it for phrases
    /// and words inside texts ("strategic guidance"); use `search` to find an entity by name.
    /// BM25-ranked, best first. `"quoted words"` is a phrase; every other word is required;
    /// the last word also matches as a prefix unless followed by a space; case and
    /// diacritics are ignored ("turkiye" finds "Türkiye"). Any text is accepted (up to 1000
    /// characters): what does not parse as syntax is searched as words. Filters keep hits
    /// matching any listed value: `kinds`; `entityKinds` (entities of those kinds, statements
    /// with an end of those kinds); `predicates` (statements); `sources` (by id: passages of
    /// those sources, quotes cited from them, entities and statements citing them). Error
    /// `SEARCH_NOT_READY` while the index of a large graph is still being built.
    #[allow(clippy::too_many_arguments)]
    async fn text_search<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        query: String,
        kinds: Option<Vec<HitKind>>,
        entity_kinds: Option<Vec<EntityKind>>,
        predicates: Option<Vec<Predicate>>,
        sources: Option<Vec<ID>>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<TextHit<'ctx>>> {
        let asked = TextQuery {
            query,
            kinds,
            entity_kinds,
            predicates,
            sources,
        };
        text_search(ctx, asked, &Page::new(after, before, first, last))
    }
}

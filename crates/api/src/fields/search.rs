//! Finding things: `search` (entities by name as it is typed) and `textSearch` (full-text over
//! names, notes, quotes and source passages, with highlighted snippets), their root fields
//! and hit types.

use super::enums::{enums_arg, GqlEnum};
use super::{connection_types, field, object, page, page_args, paginate, Pages};
use crate::errors::{bad_input, coded, not_found, ErrorCode};
use crate::records;
use crate::schema::{Catalog, FieldDef, Obj, Out};
use crate::search::search;
use async_graphql::Error;
use bpgraph_graph::{CitationId, EntityId, SourceId, StatementId};
use bpgraph_model::{EntityKind, Predicate};
use bpgraph_search::{self as text, Filters, Found, HitKind, Readiness, SearchError};
use std::sync::Arc;

struct SearchHit {
    entity: EntityId,
    score: f64,
    matched: String,
}

/// A text-search hit, held by ids so it outlives the search that found it.
struct TextHit {
    score: f32,
    found: TextFound,
    snippet: Arc<text::Snippet>,
}

enum TextFound {
    Entity(EntityId),
    Statement {
        statement: StatementId,
        citation: Option<(usize, CitationId)>,
    },
    Passage {
        source: SourceId,
        passage: text::Passage,
    },
}

struct Snippet(Arc<text::Snippet>);
struct Highlight(usize, usize);
struct Passage {
    source: SourceId,
    passage: text::Passage,
}

records!(SearchHit, TextHit, Snippet, Highlight, Passage);

pub(super) fn define(catalog: &mut Catalog) {
    catalog.objects.push(object(
        "SearchHit",
        "One search result.",
        &[],
        vec![
            field("entity", "Entity!", "The entity found.", |_, o, _| {
                Ok(Out::Object(Obj::Entity(o.record::<SearchHit>()?.entity)))
            }),
            field(
                "score",
                "Float!",
                "Relevance: 100 for an exact name, less for prefixes and partial matches.",
                |_, o, _| Ok(Out::Float(o.record::<SearchHit>()?.score)),
            ),
            field(
                "matched",
                "String!",
                "The name, alias or slug that matched.",
                |_, o, _| Out::string(o.record::<SearchHit>()?.matched.clone()),
            ),
        ],
    ));
    catalog.objects.extend(connection_types("SearchHit"));
    catalog.objects.push(object("TextHit", "One text-search result: where it was found, how well it matched, and a snippet.", &[], vec![
        field("score", "Float!", "BM25 relevance, higher is better; comparable only between hits of one search.", |_, o, _| {
            Ok(Out::Float(f64::from(o.record::<TextHit>()?.score)))
        }),
        field("kind", "HitKind!", "What the hit was found in.", |_, o, _| {
            let kind = match o.record::<TextHit>()?.found {
                TextFound::Entity(_) => HitKind::Entity,
                TextFound::Statement { .. } => HitKind::Statement,
                TextFound::Passage { .. } => HitKind::Passage,
            };
            Ok(Out::Enum(kind.gql()))
        }),
        field("snippet", "Snippet!", "The matched text around the words found.", |_, o, _| {
            Out::record(Snippet(o.record::<TextHit>()?.snippet.clone()))
        }),
        field("entity", "Entity", "The entity, for an `ENTITY` hit.", |_, o, _| match o.record::<TextHit>()?.found {
            TextFound::Entity(entity) => Ok(Out::Object(Obj::Entity(entity))),
            _ => Ok(Out::Null),
        }),
        field("statement", "Statement", "The statement, for a `STATEMENT` hit.", |_, o, _| match o.record::<TextHit>()?.found {
            TextFound::Statement { statement, .. } => Ok(Out::Object(Obj::Statement(statement))),
            _ => Ok(Out::Null),
        }),
        field("citation", "Citation", "For a `STATEMENT` hit found in a quote, the citation that holds it (null when the\nwords were found in the statement's note).", |_, o, _| match o.record::<TextHit>()?.found {
            TextFound::Statement { citation: Some((_, citation)), .. } => Ok(Out::Object(Obj::Citation(citation))),
            _ => Ok(Out::Null),
        }),
        field("citationIndex", "Int", "The position of `citation` in the statement's `citations`, from 0.", |_, o, _| match o.record::<TextHit>()?.found {
            TextFound::Statement { citation: Some((index, _)), .. } => Out::count(index),
            _ => Ok(Out::Null),
        }),
        field("passage", "Passage", "The source paragraph, for a `PASSAGE` hit.", |_, o, _| match o.record::<TextHit>()?.found {
            TextFound::Passage { source, passage } => Out::record(Passage { source, passage }),
            _ => Ok(Out::Null),
        }),
    ]));
    catalog.objects.extend(connection_types("TextHit"));
    catalog.objects.push(object("Snippet", "Part of the text a hit was found in, around the words that matched.", &[], vec![
        field("text", "String!", "The excerpt, verbatim (at most 200 characters).", |_, o, _| {
            Out::string(o.record::<Snippet>()?.0.text.clone())
        }),
        field("highlights", "[Highlight!]!", "The matched words of `text`, in order, as character ranges; the words of a phrase form\none range.", |_, o, _| {
            let snippet = &o.record::<Snippet>()?.0;
            Ok(Out::List(
                snippet
                    .highlights
                    .iter()
                    .map(|r| Out::Object(Obj::Record(Arc::new(Highlight(r.start, r.end)))))
                    .collect(),
            ))
        }),
    ]));
    catalog.objects.push(object("Highlight", "A matched part of a snippet: characters `start` (inclusive) to `end` (exclusive), counted\nin Unicode characters (code points) of the snippet's `text`, not bytes or UTF-16 units.", &[], vec![
        field("start", "Int!", "", |_, o, _| Out::count(o.record::<Highlight>()?.0)),
        field("end", "Int!", "", |_, o, _| Out::count(o.record::<Highlight>()?.1)),
    ]));
    catalog.objects.push(object(
        "Passage",
        "A paragraph of a source document.",
        &[],
        vec![
            field(
                "source",
                "Source!",
                "The document it is part of.",
                |_, o, _| Ok(Out::Object(Obj::Source(o.record::<Passage>()?.source))),
            ),
            field(
                "ordinal",
                "Int!",
                "Which paragraph of the document it is, from 0.",
                |_, o, _| Out::count(o.record::<Passage>()?.passage.ordinal),
            ),
            field(
                "offset",
                "Int!",
                "Where it starts in the document's `text`, in bytes of its UTF-8.",
                |_, o, _| Out::count(o.record::<Passage>()?.passage.offset),
            ),
            field("text", "String!", "The paragraph, verbatim.", |cx, o, _| {
                let passage = o.record::<Passage>()?;
                let source = cx.graph.source_by_key(passage.source);
                Out::str(passage.passage.text(source.text()))
            }),
        ],
    ));
}

/// The root field `search`.
pub(super) fn search_field() -> FieldDef {
    let pages = Pages::of("SearchHit");
    field("search", "SearchHitConnection!", "Entities whose name, aliases or slug match `text`, best first (case and diacritics\nignored; every word must match the start of a word, or the text a part of a name).\nUse it to find an entity by name as it is typed; use `textSearch` for words in notes,\nquotes and source texts.", move |cx, _, a| {
        let text = a.str("text").unwrap_or_default();
        let kinds = enums_arg::<EntityKind>(a, "kinds");
        let hits = search(cx.graph, text, kinds.as_deref())?
            .into_iter()
            .map(|hit| {
                Obj::Record(Arc::new(SearchHit {
                    entity: hit.entity.id(),
                    score: hit.score,
                    matched: hit.matched.to_owned(),
                }))
            })
            .collect();
        paginate(pages, hits, a)
    })
    .arg("text", "String!", "")
    .arg("kinds", "[EntityKind!]", "")
    .args(page_args())
}

/// The root field `textSearch`.
pub(super) fn text_search_field() -> FieldDef {
    let pages = Pages::of("TextHit");
    field("textSearch", "TextHitConnection!", "Full-text search over every word the data holds: entity names, aliases and notes,\nstatement quotes and notes, and the source documents' paragraphs. Use it for phrases\nand words inside texts (\"strategic guidance\"); use `search` to find an entity by name.\nBM25-ranked, best first. `\"quoted words\"` is a phrase; every other word is required;\nthe last word also matches as a prefix unless followed by a space; case and\ndiacritics are ignored (\"turkiye\" finds \"Türkiye\"). Any text is accepted (up to 1000\ncharacters): what does not parse as syntax is searched as words. Filters keep hits\nmatching any listed value: `kinds`; `entityKinds` (entities of those kinds, statements\nwith an end of those kinds); `predicates` (statements); `sources` (by id: passages of\nthose sources, quotes cited from them, entities and statements citing them). Error\n`SEARCH_NOT_READY` while the index of a large graph is still being built.", move |cx, _, a| {
        let index = match cx.search.readiness() {
            Readiness::Ready(index) => index,
            Readiness::Building => {
                return Err(coded(
                    "search is not ready yet: the index of this data version is still being \
                     built; try again shortly",
                    ErrorCode::SearchNotReady,
                ))
            }
            Readiness::Failed(_) => return Err(unavailable()),
        };
        let sources = a.strs("sources");
        if let Some(unknown) = sources.iter().flatten().find(|id| cx.graph.source(id).is_none()) {
            return Err(not_found(format!("no source has id `{unknown}`")));
        }
        let kinds = enums_arg::<HitKind>(a, "kinds");
        let entity_kinds = enums_arg::<EntityKind>(a, "entityKinds");
        let predicates = enums_arg::<Predicate>(a, "predicates");
        let filters = Filters {
            kinds: kinds.as_deref(),
            entity_kinds: entity_kinds.as_deref(),
            predicates: predicates.as_deref(),
            sources: sources.as_deref(),
        };
        let found = index
            .search(a.str("query").unwrap_or_default(), &filters)
            .map_err(refused)?;
        let total = found.total();
        let (start, end) = a.page().window(total)?;
        let hits = found.hits(start, end - start).map_err(refused)?;
        let nodes = hits
            .into_iter()
            .map(|hit| {
                let found = match hit.found {
                    Found::Entity(entity) => TextFound::Entity(entity.id()),
                    Found::Statement { statement, citation } => TextFound::Statement {
                        statement: statement.key(),
                        citation: citation.map(|(index, c)| (index, c.key())),
                    },
                    Found::Passage { source, passage } => TextFound::Passage {
                        source: source.key(),
                        passage,
                    },
                };
                Obj::Record(Arc::new(TextHit {
                    score: hit.score,
                    found,
                    snippet: Arc::new(hit.snippet),
                }))
            })
            .collect();
        page(pages, nodes, start, total)
    })
    .arg("query", "String!", "")
    .arg("kinds", "[HitKind!]", "")
    .arg("entityKinds", "[EntityKind!]", "")
    .arg("predicates", "[Predicate!]", "")
    .arg("sources", "[ID!]", "")
    .args(page_args())
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

//! The root `Query` type: lookups, search, lists, timelines, traversal, statistics;
//! `textSearch` is merged in from [`crate::text_search`].
//! [`kind_lists`] adds a typed list per entity kind, [`shared`] holds the resolver logic the
//! direct executor calls too, [`outputs`] the result types of the root fields.

mod kind_lists;
mod outputs;
mod shared;

use kind_lists::entities_of;
pub use kind_lists::KindLists;
pub use outputs::*;
use shared::node_by_id;
pub(crate) use shared::{path_steps, timeline};

use crate::connection::{paginate, List, Page};
use crate::entity::{Entity, Node};
use crate::errors::{bad_input, not_found};
use crate::filter::{resolve, EntityFilter, EntityOrder};
use crate::search::search;
use crate::statement::{Source, Statement};
use crate::text_search::TextSearchRoot;
use crate::types::{DateInput, Derivation, EntityKind, Predicate};
use async_graphql::{Context, MergedObject, Object, Result, ID};
use bpgraph_graph::{KnowledgeGraph, StatementQuery, StatementRef};
use bpgraph_model::iri::BaseIri;
use bpgraph_model::{self as model, Predicate as P};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The largest number of ids `nodes(ids:)` accepts.
pub const MAX_NODES: usize = 100;
/// The longest path `path(maxHops:)` may look for.
pub const MAX_HOPS: i32 = 10;
/// The largest depth `neighbourhood(depth:)` may look at.
pub const MAX_DEPTH: i32 = 3;

/// The graph the schema answers from.
pub fn graph<'a>(ctx: &Context<'a>) -> &'a KnowledgeGraph {
    ctx.data_unchecked::<Arc<KnowledgeGraph>>()
}

/// The base of the IRIs the schema gives out.
pub fn base_iri<'a>(ctx: &Context<'a>) -> &'a BaseIri {
    ctx.data_unchecked::<BaseIri>()
}

/// Lookups, search, timelines, traversal and statistics (merged into `Query`).
#[derive(Default)]
pub struct QueryRoot;

/// The entry point of every query.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(QueryRoot, KindLists, TextSearchRoot);

impl Default for KindLists {
    fn default() -> Self {
        KindLists
    }
}

#[Object]
impl QueryRoot {
    /// Content hash of the data the server answers from. Equal on every replica that serves the
    /// same data; changes only when new data is loaded.
    async fn data_version(&self, ctx: &Context<'_>) -> String {
        graph(ctx).version().to_owned()
    }

    /// Fetches an entity or statement by its global id (Relay).
    async fn node<'ctx>(&self, ctx: &Context<'ctx>, id: ID) -> Result<Option<Node<'ctx>>> {
        node_by_id(graph(ctx), &id)?
            .map(Some)
            .ok_or_else(|| not_found(format!("no node has id `{}`", id.as_str())))
    }

    /// Fetches several nodes by global id; unknown ids give null in their place.
    async fn nodes<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        ids: Vec<ID>,
    ) -> Result<Vec<Option<Node<'ctx>>>> {
        if ids.len() > MAX_NODES {
            return Err(bad_input(format!(
                "at most {MAX_NODES} ids at once, got {}",
                ids.len()
            )));
        }
        let graph = graph(ctx);
        ids.iter().map(|id| node_by_id(graph, id)).collect()
    }

    /// An entity by slug, name, any alias or global id, ignoring case and diacritics:
    /// "turkiye", "TÜRKIYE" and "Turkey" find the same state.
    async fn entity<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(name = "ref")] reference: String,
    ) -> Result<Option<Entity<'ctx>>> {
        resolve(graph(ctx), &reference).map(|e| Some(Entity::from(e)))
    }

    /// A statement by its seed id.
    async fn statement<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        id: String,
    ) -> Result<Option<Statement<'ctx>>> {
        graph(ctx)
            .statement_by_id(&id)
            .map(|s| Some(Statement(s)))
            .ok_or_else(|| not_found(format!("no statement has id `{id}`")))
    }

    /// Entities whose name, aliases or slug match `text`, best first (case and diacritics
    /// ignored; every word must match the start of a word, or the text a part of a name).
    /// Use it to find an entity by name as it is typed; use `textSearch` for words in notes,
    /// quotes and source texts.
    #[allow(clippy::too_many_arguments)]
    async fn search<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        text: String,
        kinds: Option<Vec<EntityKind>>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<SearchHit<'ctx>>> {
        let kinds: Option<Vec<model::EntityKind>> =
            kinds.map(|k| k.into_iter().map(Into::into).collect());
        let hits = search(graph(ctx), &text, kinds.as_deref())?
            .into_iter()
            .map(|hit| SearchHit {
                entity: Entity::from(hit.entity),
                score: hit.score,
                matched: hit.matched,
            })
            .collect();
        paginate(hits, &Page::new(after, before, first, last))
    }

    /// Entities of any kind (or of `kinds`), filtered and ordered (by name unless asked).
    #[allow(clippy::too_many_arguments)]
    async fn entities<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        kinds: Option<Vec<EntityKind>>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Entity<'ctx>>> {
        let kinds: Vec<model::EntityKind> = kinds
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect();
        let entities = entities_of(graph(ctx), &kinds, filter.as_ref(), order_by)?;
        paginate(
            entities.into_iter().map(Entity::from).collect(),
            &Page::new(after, before, first, last),
        )
    }

    /// Statements, optionally of one predicate, about one subject and/or object (slug, alias,
    /// name or global id), holding at a date, read in one of `derivations` (`[INFERRED,
    /// RECONSTRUCTED]` lists every reading beyond the literal text of the sources).
    #[allow(clippy::too_many_arguments)]
    async fn statements<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        predicate: Option<Predicate>,
        subject: Option<String>,
        object: Option<String>,
        as_of: Option<DateInput>,
        derivations: Option<Vec<Derivation>>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Statement<'ctx>>> {
        let graph = graph(ctx);
        let subject = subject.map(|s| resolve(graph, &s)).transpose()?;
        let object = object.map(|o| resolve(graph, &o)).transpose()?;
        let query = StatementQuery {
            predicate: predicate.map(P::from),
            as_of: as_of.map(|d| d.0),
            derivations: derivations
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            ..Default::default()
        };
        let candidates: Vec<StatementRef<'ctx>> = match (subject, object) {
            (Some(s), _) => s.statements(&StatementQuery {
                direction: bpgraph_graph::Direction::Outgoing,
                ..query.clone()
            }),
            (None, Some(o)) => o.statements(&StatementQuery {
                direction: bpgraph_graph::Direction::Incoming,
                ..query.clone()
            }),
            (None, None) => graph.statements().filter(|s| query.matches(s)).collect(),
        };
        let statements = candidates
            .into_iter()
            .filter(|s| object.is_none_or(|o| s.object().entity() == Some(o)))
            .map(Statement)
            .collect();
        paginate(statements, &Page::new(after, before, first, last))
    }

    /// Who chaired the dialogue or a group over time: every `chairs` statement, grouped by the
    /// dialogue or group (in seed order), oldest first within each. `group` limits it to one.
    async fn chair_timeline<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        group: Option<String>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Statement<'ctx>>> {
        paginate(
            timeline(graph(ctx), group.as_deref(), P::Chairs)?
                .into_iter()
                .map(Statement)
                .collect(),
            &Page::new(after, before, first, last),
        )
    }

    /// Who co-chaired the dialogue or each working group over time, with citations; conflicting
    /// statements all appear. `group` limits it to one dialogue or group.
    async fn co_chair_timeline<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        group: Option<String>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Statement<'ctx>>> {
        paginate(
            timeline(graph(ctx), group.as_deref(), P::CoChairs)?
                .into_iter()
                .map(Statement)
                .collect(),
            &Page::new(after, before, first, last),
        )
    }

    /// A shortest chain of statements linking two entities, in either direction, of at most
    /// `maxHops` statements (1 to 10), following only `predicates` if given. Null when there is
    /// none.
    async fn path<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        from: String,
        to: String,
        #[graphql(default = 6)] max_hops: i32,
        predicates: Option<Vec<Predicate>>,
    ) -> Result<Option<Path<'ctx>>> {
        let predicates: Option<Vec<P>> =
            predicates.map(|p| p.into_iter().map(Into::into).collect());
        Ok(
            path_steps(graph(ctx), &from, &to, max_hops, predicates.as_deref())?.map(|steps| {
                let steps = steps
                    .into_iter()
                    .map(|(from, statement, to)| PathStep {
                        from: Entity::from(from),
                        statement: Statement(statement),
                        to: Entity::from(to),
                    })
                    .collect();
                Path { steps }
            }),
        )
    }

    /// The entities at most `depth` statements (0 to 3) away from an entity, in either
    /// direction, following only `predicates` if given, and the statements between them.
    async fn neighbourhood<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        entity: String,
        #[graphql(default = 1)] depth: i32,
        predicates: Option<Vec<Predicate>>,
    ) -> Result<Neighbourhood<'ctx>> {
        if !(0..=MAX_DEPTH).contains(&depth) {
            return Err(bad_input(format!(
                "`depth` must be between 0 and {MAX_DEPTH}, got {depth}"
            )));
        }
        let graph = graph(ctx);
        let center = resolve(graph, &entity)?;
        let predicates: Option<Vec<P>> =
            predicates.map(|p| p.into_iter().map(Into::into).collect());
        let found = graph.neighbourhood(center.id(), depth as usize, predicates.as_deref());
        Ok(Neighbourhood {
            center,
            depth,
            found,
        })
    }

    /// Counts: entities by kind, statements by predicate, meetings per year.
    async fn stats(&self, ctx: &Context<'_>) -> Stats {
        let graph = graph(ctx);
        let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
        for meeting in graph.entities_of_kind(model::EntityKind::Meeting) {
            if let Some(date) = meeting.date() {
                *per_year.entry(date.from.year).or_default() += 1;
            }
        }
        Stats {
            entity_count: graph.entity_count(),
            statement_count: graph.statement_count(),
            source_count: graph.sources().count(),
            by_kind: graph
                .counts_by_kind()
                .into_iter()
                .map(|(kind, count)| KindCount {
                    kind: kind.into(),
                    count,
                })
                .collect(),
            by_predicate: graph
                .counts_by_predicate()
                .into_iter()
                .map(|(predicate, count)| PredicateCount {
                    predicate: predicate.into(),
                    count,
                })
                .collect(),
            meetings_per_year: per_year
                .into_iter()
                .map(|(year, count)| YearCount { year, count })
                .collect(),
        }
    }

    /// The source documents, each with what it states.
    async fn sources<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Source<'ctx>>> {
        paginate(
            graph(ctx).sources().map(Source).collect(),
            &Page::new(after, before, first, last),
        )
    }

    /// A source document by id (e.g. `som37-summary`).
    async fn source<'ctx>(&self, ctx: &Context<'ctx>, id: ID) -> Result<Option<Source<'ctx>>> {
        graph(ctx)
            .source(&id)
            .map(|s| Some(Source(s)))
            .ok_or_else(|| not_found(format!("no source has id `{}`", id.as_str())))
    }

    /// The predicate vocabulary: what each relation means and what it may link.
    async fn vocabulary(&self) -> Vec<PredicateInfo> {
        P::ALL
            .iter()
            .map(|&p| PredicateInfo {
                predicate: p.into(),
                name: p.name(),
                subject_kinds: p.domain().iter().map(|&k| k.into()).collect(),
                object: p.range().to_string(),
            })
            .collect()
    }
}

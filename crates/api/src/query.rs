//! The root `Query` type: lookups, search, lists, timelines, traversal, statistics.

use super::connection::{paginate, List, Page};
use super::entity::{
    Document, Entity, Group, Meeting, Milestone, Node, Organisation, Person, Place, Process,
    Project, Region, State,
};
use super::errors::{bad_input, not_found};
use super::filter::{resolve, sort, EntityFilter, EntityOrder};
use super::ids::GlobalId;
use super::search::search;
use super::statement::{Source, Statement};
use super::types::{DateInput, EntityKind, Predicate};
use async_graphql::{Context, MergedObject, Object, Result, SimpleObject, ID};
use bpgraph_graph::{EntityRef, KnowledgeGraph, StatementQuery, StatementRef};
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

fn entities_of<'g>(
    graph: &'g KnowledgeGraph,
    kinds: &[model::EntityKind],
    filter: Option<&EntityFilter>,
    order: Option<EntityOrder>,
) -> Result<Vec<EntityRef<'g>>> {
    let mut entities: Vec<_> = graph
        .entities()
        .filter(|e| kinds.is_empty() || kinds.contains(&e.kind()))
        .collect();
    if let Some(filter) = filter {
        entities = filter.apply(graph, entities)?;
    }
    let default = if kinds == [model::EntityKind::Meeting] {
        EntityOrder::Date
    } else {
        EntityOrder::Name
    };
    sort(&mut entities, order.unwrap_or(default));
    Ok(entities)
}

/// Declares `KindLists`: the typed list field of each entity kind.
macro_rules! kind_lists {
    ($($(#[$doc:meta])* $field:ident: $kind:ident => $object:ident;)*) => {
        /// The typed list fields, one per entity kind (merged into `Query`).
        pub struct KindLists;

        #[Object]
        impl KindLists {
            $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            async fn $field<'ctx>(
                &self,
                ctx: &Context<'ctx>,
                filter: Option<EntityFilter>,
                order_by: Option<EntityOrder>,
                after: Option<String>,
                before: Option<String>,
                first: Option<i32>,
                last: Option<i32>,
            ) -> Result<List<$object<'ctx>>> {
                let entities = entities_of(graph(ctx), &[model::EntityKind::$kind], filter.as_ref(), order_by)?;
                paginate(entities.into_iter().map($object).collect(), &Page::new(after, before, first, last))
            }
            )*
        }
    };
}

kind_lists! {
    /// States, by name unless `orderBy` says otherwise.
    states: State => State;
    /// Organisations.
    organisations: Organisation => Organisation;
    /// Dialogues and processes.
    processes: Process => Process;
    /// Regions.
    regions: Region => Region;
    /// Working groups and other groups.
    groups: Group => Group;
    /// Meetings and events, oldest first unless `orderBy` says otherwise.
    meetings: Meeting => Meeting;
    /// Places.
    places: Place => Place;
    /// Projects and initiatives.
    projects: Project => Project;
    /// Documents.
    documents: Document => Document;
    /// The milestone timeline.
    milestones: Milestone => Milestone;
    /// People.
    people: Person => Person;
}

/// The entry point of every query.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct Query(QueryRoot, KindLists);

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
    /// name or global id), holding at a date.
    #[allow(clippy::too_many_arguments)]
    async fn statements<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        predicate: Option<Predicate>,
        subject: Option<String>,
        object: Option<String>,
        as_of: Option<DateInput>,
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

/// The entity or statement a global id names, if any; a malformed id is an error.
fn node_by_id<'g>(graph: &'g KnowledgeGraph, id: &ID) -> Result<Option<Node<'g>>> {
    Ok(match GlobalId::decode(id)? {
        GlobalId::Entity(slug) => graph
            .entity_by_slug(&slug)
            .map(|e| Node::from(Entity::from(e))),
        GlobalId::Statement(sid) => graph
            .statement_by_id(&sid)
            .map(|s| Node::Statement(Statement(s))),
    })
}

/// A shortest path of at most `max_hops` statements between two references, each step as
/// (from, statement, to) oriented along the path; `None` when there is none.
pub(super) fn path_steps<'g>(
    graph: &'g KnowledgeGraph,
    from: &str,
    to: &str,
    max_hops: i32,
    predicates: Option<&[P]>,
) -> Result<Option<Vec<(EntityRef<'g>, StatementRef<'g>, EntityRef<'g>)>>> {
    if !(1..=MAX_HOPS).contains(&max_hops) {
        return Err(bad_input(format!(
            "`maxHops` must be between 1 and {MAX_HOPS}, got {max_hops}"
        )));
    }
    let (from, to) = (resolve(graph, from)?, resolve(graph, to)?);
    Ok(graph
        .shortest_path(from.id(), to.id(), max_hops as usize, predicates)
        .map(|steps| {
            let mut at = from;
            steps
                .into_iter()
                .map(|step| {
                    let from = std::mem::replace(&mut at, step.to);
                    (from, step.statement, step.to)
                })
                .collect()
        }))
}

/// Every `predicate` statement of each dialogue and group (or of `group` alone), grouped by
/// group in seed order, oldest first within each.
pub(super) fn timeline<'g>(
    graph: &'g KnowledgeGraph,
    group: Option<&str>,
    predicate: P,
) -> Result<Vec<StatementRef<'g>>> {
    let groups: Vec<EntityRef<'g>> = match group {
        Some(reference) => vec![resolve(graph, reference)?],
        None => graph
            .entities()
            .filter(|e| {
                matches!(
                    e.kind(),
                    model::EntityKind::Process | model::EntityKind::Group
                )
            })
            .collect(),
    };
    Ok(groups
        .into_iter()
        .flat_map(|g| graph.timeline(g.id(), &[predicate]))
        .collect())
}

/// One search result.
#[derive(SimpleObject)]
pub struct SearchHit<'g> {
    /// The entity found.
    pub entity: Entity<'g>,
    /// Relevance: 100 for an exact name, less for prefixes and partial matches.
    pub score: f64,
    /// The name, alias or slug that matched.
    pub matched: &'g str,
}

/// A chain of statements between two entities.
#[derive(SimpleObject)]
pub struct Path<'g> {
    /// The statements in order, each with the entities it links.
    pub steps: Vec<PathStep<'g>>,
}

/// One statement of a path, oriented along the path.
#[derive(SimpleObject)]
pub struct PathStep<'g> {
    /// The entity the step starts from.
    pub from: Entity<'g>,
    /// The statement linking the two (its own subject and object may point the other way).
    pub statement: Statement<'g>,
    /// The entity the step leads to.
    pub to: Entity<'g>,
}

/// An entity and the entities and statements around it.
pub struct Neighbourhood<'g> {
    center: EntityRef<'g>,
    depth: i32,
    found: bpgraph_graph::Neighbourhood<'g>,
}

#[Object]
impl<'g> Neighbourhood<'g> {
    /// The entity at the centre.
    async fn center(&self) -> Entity<'g> {
        Entity::from(self.center)
    }
    /// How far it looked.
    async fn depth(&self) -> i32 {
        self.depth
    }
    /// The entities found, nearest first, each with its distance (the centre at 0).
    async fn entities(
        &self,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Neighbour<'g>>> {
        let entities = self
            .found
            .entities
            .iter()
            .map(|&(e, d)| Neighbour {
                entity: Entity::from(e),
                distance: d as i32,
            })
            .collect();
        paginate(entities, &Page::new(after, before, first, last))
    }
    /// The statements between them.
    async fn statements(
        &self,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Statement<'g>>> {
        paginate(
            self.found
                .statements
                .iter()
                .map(|&s| Statement(s))
                .collect(),
            &Page::new(after, before, first, last),
        )
    }
}

/// An entity of a neighbourhood.
#[derive(SimpleObject)]
pub struct Neighbour<'g> {
    pub entity: Entity<'g>,
    /// Number of statements between it and the centre.
    pub distance: i32,
}

/// Counts over the whole graph.
#[derive(SimpleObject)]
pub struct Stats {
    pub entity_count: usize,
    pub statement_count: usize,
    pub source_count: usize,
    /// Entities per kind.
    pub by_kind: Vec<KindCount>,
    /// Statements per predicate.
    pub by_predicate: Vec<PredicateCount>,
    /// Dated meetings per year (of their first day).
    pub meetings_per_year: Vec<YearCount>,
}

/// A number of entities of one kind.
#[derive(SimpleObject)]
pub struct KindCount {
    pub kind: EntityKind,
    pub count: usize,
}

/// A number of statements with one predicate.
#[derive(SimpleObject)]
pub struct PredicateCount {
    pub predicate: Predicate,
    pub count: usize,
}

/// A number of meetings in one year.
#[derive(SimpleObject)]
pub struct YearCount {
    pub year: i32,
    pub count: usize,
}

/// What a predicate may link.
#[derive(SimpleObject)]
pub struct PredicateInfo {
    pub predicate: Predicate,
    /// Its name in seed files.
    pub name: &'static str,
    /// The kinds its subject may be.
    pub subject_kinds: Vec<EntityKind>,
    /// What its object may be.
    pub object: String,
}

//! The result types of the root fields: search hits, paths, neighbourhoods and statistics.

use crate::connection::{paginate, List, Page};
use crate::entity::Entity;
use crate::statement::Statement;
use crate::types::{EntityKind, Predicate};
use async_graphql::{Object, Result, SimpleObject};
use bpgraph_graph::EntityRef;

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
    pub(super) center: EntityRef<'g>,
    pub(super) depth: i32,
    pub(super) found: bpgraph_graph::Neighbourhood<'g>,
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

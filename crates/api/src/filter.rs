//! Filtering and ordering of the top-level entity lists.

use super::errors::{bad_input, not_found};
use super::types::{Format, Status};
use async_graphql::{Enum, InputObject, Result};
use bpgraph_graph::{self as graph, EntityId, EntityRef, KnowledgeGraph};
use bpgraph_model::{self as model, DateSpec};

/// Criteria for entity lists. Every criterion given must hold; each applies to the kinds that
/// have what it looks at, and entities of other kinds do not match it.
#[derive(InputObject, Default, Debug)]
pub struct EntityFilter {
    /// Dated entities (meetings, documents, milestones) whose date overlaps this year or later.
    pub year_from: Option<i32>,
    /// Dated entities whose date overlaps this year or earlier.
    pub year_to: Option<i32>,
    /// A place, state or region (slug, alias or name): meetings held there, projects and
    /// organisations operating or located there, places lying in it, states in the region;
    /// directly or one level down (a meeting held in Istanbul is in Türkiye).
    pub place: Option<String>,
    /// Meetings held in this format.
    pub format: Option<Format>,
    /// Meetings with this status.
    pub status: Option<Status>,
    /// Meetings of this working group or dialogue (slug, alias or name).
    pub working_group: Option<String>,
    /// Entities that attended every one of these meetings (an empty list matches nothing).
    pub attended_all: Option<Vec<String>>,
    /// Entities that attended at least one of these meetings.
    pub attended_any: Option<Vec<String>>,
    /// Entities of a kind that attends meetings (states, organisations, processes) that
    /// attended none of these meetings; entities of other kinds never match.
    pub attended_none: Option<Vec<String>>,
}

/// The order of an entity list.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum EntityOrder {
    /// By name, A to Z.
    Name,
    /// By name, Z to A.
    NameDesc,
    /// Oldest first; undated last.
    Date,
    /// Newest first; undated last.
    DateDesc,
    /// In the order of the seed files.
    Seed,
}

/// An entity named by slug, name, alias or global id, or a NOT_FOUND error.
pub fn resolve<'g>(graph: &'g KnowledgeGraph, reference: &str) -> Result<EntityRef<'g>> {
    let by_global_id = || match super::ids::GlobalId::decode(reference) {
        Ok(super::ids::GlobalId::Entity(slug)) => graph.entity_by_slug(&slug),
        _ => None,
    };
    graph
        .lookup(reference)
        .or_else(by_global_id)
        .ok_or_else(|| not_found(format!("no entity is called `{reference}`")))
}

fn resolve_meetings(graph: &KnowledgeGraph, references: &[String]) -> Result<Vec<EntityId>> {
    references
        .iter()
        .map(|r| {
            let entity = resolve(graph, r)?;
            if entity.kind() != model::EntityKind::Meeting {
                return Err(bad_input(format!(
                    "`{r}` is a {}, not a meeting",
                    entity.kind()
                )));
            }
            Ok(entity.id())
        })
        .collect()
}

impl EntityFilter {
    /// Keeps the entities that match every criterion (the graph's [`graph::EntityFilter`]
    /// says what each means), once every name in the filter resolves.
    pub fn apply<'g>(
        &self,
        graph: &'g KnowledgeGraph,
        entities: Vec<EntityRef<'g>>,
    ) -> Result<Vec<EntityRef<'g>>> {
        if let (Some(from), Some(to)) = (self.year_from, self.year_to) {
            if from > to {
                return Err(bad_input(format!(
                    "`yearFrom` ({from}) is after `yearTo` ({to})"
                )));
            }
        }
        let entity = |reference: &Option<String>| -> Result<_> {
            reference
                .as_deref()
                .map(|r| resolve(graph, r).map(|e| e.id()))
                .transpose()
        };
        let meetings = |references: &Option<Vec<String>>| -> Result<_> {
            references
                .as_deref()
                .map(|list| resolve_meetings(graph, list))
                .transpose()
        };
        let criteria = graph::EntityFilter {
            year_from: self.year_from,
            year_to: self.year_to,
            place: entity(&self.place)?,
            format: self.format.map(model::Format::from),
            status: self.status.map(model::Status::from),
            meeting_of: entity(&self.working_group)?,
            attended_all: meetings(&self.attended_all)?,
            attended_any: meetings(&self.attended_any)?,
            attended_none: meetings(&self.attended_none)?,
        };
        Ok(graph.filter_entities(entities, &criteria))
    }
}

/// Sorts `entities` in `order` (stable: ties keep seed order).
pub fn sort(entities: &mut [EntityRef<'_>], order: EntityOrder) {
    match order {
        EntityOrder::Seed => {}
        EntityOrder::Name => entities.sort_by(|a, b| a.name().cmp(b.name())),
        EntityOrder::NameDesc => entities.sort_by(|a, b| b.name().cmp(a.name())),
        EntityOrder::Date => {
            entities.sort_by(|a, b| DateSpec::dated_first(a.date(), b.date(), false))
        }
        EntityOrder::DateDesc => {
            entities.sort_by(|a, b| DateSpec::dated_first(a.date(), b.date(), true))
        }
    }
}

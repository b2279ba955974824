//! Filtering and ordering of the top-level entity lists.

use super::errors::{bad_input, not_found};
use super::types::{Format, Status};
use async_graphql::{Enum, InputObject, Result};
use bpgraph_graph::{EntityRef, KnowledgeGraph};
use bpgraph_model::{self as model, DateSpec, Predicate as P};
use std::collections::HashSet;

/// Criteria for entity lists. Every criterion given must hold; each applies to the kinds that
/// have what it looks at, and entities of other kinds do not match it.
#[derive(InputObject, Default, Debug)]
pub struct EntityFilter {
    /// Dated entities (meetings, documents, milestones) whose date overlaps this year or later.
    pub year_from: Option<i32>,
    /// Dated entities whose date overlaps this year or earlier.
    pub year_to: Option<i32>,
    /// A place, state or region (slug, alias or name): meetings held there, projects and
    /// organisations operating or located there, places lying in it, states in the region.
    pub place: Option<String>,
    /// Meetings held in this format.
    pub format: Option<Format>,
    /// Meetings with this status.
    pub status: Option<Status>,
    /// Meetings of this working group or dialogue (slug, alias or name).
    pub working_group: Option<String>,
    /// Entities that attended every one of these meetings.
    pub attended_all: Option<Vec<String>>,
    /// Entities that attended at least one of these meetings.
    pub attended_any: Option<Vec<String>>,
    /// Entities that attended none of these meetings.
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

fn resolve_meetings<'g>(
    graph: &'g KnowledgeGraph,
    references: &[String],
) -> Result<Vec<EntityRef<'g>>> {
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
            Ok(entity)
        })
        .collect()
}

/// Whether `entity` is in `place`: held, operating or located there, directly or one level
/// down (a meeting in Istanbul is in Türkiye).
fn is_in(entity: EntityRef<'_>, place: EntityRef<'_>) -> bool {
    const WHERE: [P; 4] = [P::HeldIn, P::OperatesIn, P::LocatedIn, P::InRegion];
    WHERE.iter().any(|&predicate| {
        entity.objects(predicate).iter().any(|at| {
            *at == place
                || [P::LocatedIn, P::InRegion]
                    .iter()
                    .any(|&p| at.objects(p).contains(&place))
        })
    })
}

impl EntityFilter {
    /// Keeps the entities that match every criterion.
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
        let place = self
            .place
            .as_deref()
            .map(|p| resolve(graph, p))
            .transpose()?;
        let group = self
            .working_group
            .as_deref()
            .map(|g| resolve(graph, g))
            .transpose()?;
        let attendance = |list: &Option<Vec<String>>| -> Result<Option<Vec<HashSet<_>>>> {
            let Some(list) = list else { return Ok(None) };
            let meetings = resolve_meetings(graph, list)?;
            Ok(Some(
                meetings
                    .iter()
                    .map(|m| m.subjects(P::Attended).iter().map(|e| e.id()).collect())
                    .collect(),
            ))
        };
        let all = attendance(&self.attended_all)?;
        let any = attendance(&self.attended_any)?;
        let none = attendance(&self.attended_none)?;
        let format = self.format.map(model::Format::from);
        let status = self.status.map(model::Status::from);
        Ok(entities
            .into_iter()
            .filter(|e| {
                self.year_from
                    .is_none_or(|y| e.date().is_some_and(|d| d.to.year >= y))
                    && self
                        .year_to
                        .is_none_or(|y| e.date().is_some_and(|d| d.from.year <= y))
                    && format.is_none_or(|f| e.format() == Some(f))
                    && status.is_none_or(|s| e.status() == Some(s))
                    && place.is_none_or(|p| is_in(*e, p))
                    && group.is_none_or(|g| e.objects(P::MeetingOf).contains(&g))
                    && all.as_ref().is_none_or(|sets| {
                        !sets.is_empty() && sets.iter().all(|s| s.contains(&e.id()))
                    })
                    && any
                        .as_ref()
                        .is_none_or(|sets| sets.iter().any(|s| s.contains(&e.id())))
                    && none
                        .as_ref()
                        .is_none_or(|sets| sets.iter().all(|s| !s.contains(&e.id())))
            })
            .collect())
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

//! Filtering and ordering of the top-level entity lists.

use super::errors::{bad_input, unknown_name};
use crate::fields::enums::{enums_arg, EntityOrder};
use crate::schema::Args;
use async_graphql::Result;
use bpgraph_graph::{self as graph, EntityId, EntityRef, KnowledgeGraph};
use bpgraph_model::{self as model, DateSpec};

/// The `EntityFilter` input as a client sent it: names not yet resolved.
#[derive(Default, Debug)]
pub struct EntityFilter<'a> {
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub place: Option<Vec<&'a str>>,
    pub format: Option<Vec<model::Format>>,
    pub status: Option<Vec<model::Status>>,
    pub working_group: Option<Vec<&'a str>>,
    pub attended_all: Option<Vec<&'a str>>,
    pub attended_any: Option<Vec<&'a str>>,
    pub attended_none: Option<Vec<&'a str>>,
}

impl<'a> EntityFilter<'a> {
    /// The filter in `args` (an `EntityFilter` input object's fields).
    pub fn from_args(args: Args<'a>) -> Self {
        EntityFilter {
            year_from: args.i32("yearFrom"),
            year_to: args.i32("yearTo"),
            place: args.strs("place"),
            format: enums_arg(&args, "format"),
            status: enums_arg(&args, "status"),
            working_group: args.strs("workingGroup"),
            attended_all: args.strs("attendedAll"),
            attended_any: args.strs("attendedAny"),
            attended_none: args.strs("attendedNone"),
        }
    }
}

/// An entity named by slug, name, alias or global id, or a NOT_FOUND error with up to three
/// suggestions of what the client may have meant.
pub fn resolve<'g>(graph: &'g KnowledgeGraph, reference: &str) -> Result<EntityRef<'g>> {
    let by_global_id = || match super::ids::GlobalId::decode(reference) {
        Ok(super::ids::GlobalId::Entity(slug)) => graph.entity_by_slug(&slug),
        _ => None,
    };
    graph
        .lookup(reference)
        .or_else(by_global_id)
        .ok_or_else(|| {
            let suggestions = super::search::suggestions(graph, reference);
            let named = suggestions.iter().map(|e| (e.slug(), e.name()));
            unknown_name(reference, named.collect())
        })
}

fn resolve_meetings(graph: &KnowledgeGraph, references: &[&str]) -> Result<Vec<EntityId>> {
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

impl EntityFilter<'_> {
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
        let named = |references: &Option<Vec<&str>>| -> Result<Option<Vec<EntityId>>> {
            references
                .as_deref()
                .map(|list| {
                    list.iter()
                        .map(|r| resolve(graph, r).map(|e| e.id()))
                        .collect()
                })
                .transpose()
        };
        let meetings = |references: &Option<Vec<&str>>| -> Result<_> {
            references
                .as_deref()
                .map(|list| resolve_meetings(graph, list))
                .transpose()
        };
        let criteria = graph::EntityFilter {
            year_from: self.year_from,
            year_to: self.year_to,
            places: named(&self.place)?,
            formats: self.format.clone(),
            statuses: self.status.clone(),
            meeting_of: named(&self.working_group)?,
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
        // Ranks are unique and ordered as names then seed order: the same order, by integers.
        EntityOrder::Name => entities.sort_unstable_by_key(|e| e.name_rank()),
        EntityOrder::NameDesc => entities.sort_by(|a, b| b.name().cmp(a.name())),
        EntityOrder::Date => {
            entities.sort_by(|a, b| DateSpec::dated_first(a.date(), b.date(), false))
        }
        EntityOrder::DateDesc => {
            entities.sort_by(|a, b| DateSpec::dated_first(a.date(), b.date(), true))
        }
    }
}

//! Resolver logic both executors call (async-graphql's resolvers and the direct plans), so the
//! two answer alike: a node by global id, a path as oriented steps, chair timelines.

use super::MAX_HOPS;
use crate::entity::{Entity, Node};
use crate::errors::bad_input;
use crate::filter::resolve;
use crate::ids::GlobalId;
use crate::statement::Statement;
use async_graphql::{Result, ID};
use bpgraph_graph::{EntityRef, KnowledgeGraph, StatementRef};
use bpgraph_model::{self as model, Predicate as P};

/// The entity or statement a global id names, if any; a malformed id is an error.
pub(super) fn node_by_id<'g>(graph: &'g KnowledgeGraph, id: &ID) -> Result<Option<Node<'g>>> {
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
pub(crate) fn path_steps<'g>(
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
pub(crate) fn timeline<'g>(
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

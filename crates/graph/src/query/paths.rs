//! Shortest paths between two entities and the neighbourhood of one, over statements in either
//! direction.

use crate::handles::{EntityRef, StatementRef};
use crate::{EntityId, KnowledgeGraph, StatementId};
use bpgraph_model::Predicate;
use petgraph::visit::EdgeRef;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::VecDeque;

/// One step of a path: a statement and the entity it leads to.
#[derive(Debug, Clone, Copy)]
pub struct PathStep<'g> {
    pub statement: StatementRef<'g>,
    pub to: EntityRef<'g>,
}

/// The entities within some distance of a centre, and the statements between them.
#[derive(Debug, Clone)]
pub struct Neighbourhood<'g> {
    /// Each entity with its distance from the centre (the centre at 0), nearest first.
    pub entities: Vec<(EntityRef<'g>, usize)>,
    pub statements: Vec<StatementRef<'g>>,
}

impl KnowledgeGraph {
    /// The statements between `id` and its neighbours, in either direction, in seed order.
    fn adjacent(&self, id: EntityId) -> Vec<(StatementId, EntityId)> {
        let outgoing = self
            .edges
            .edges_directed(id.node(), petgraph::Direction::Outgoing)
            .map(|e| (*e.weight(), EntityId(e.target().index() as u32)));
        let incoming = self
            .edges
            .edges_directed(id.node(), petgraph::Direction::Incoming)
            .map(|e| (*e.weight(), EntityId(e.source().index() as u32)));
        let mut adjacent: Vec<_> = outgoing.chain(incoming).collect();
        adjacent.sort_unstable();
        adjacent
    }

    /// A shortest chain of statements linking `from` to `to` (in either direction), of at most
    /// `max_hops` statements, following only `predicates` if given. Empty when `from == to`.
    pub fn shortest_path(
        &self,
        from: EntityId,
        to: EntityId,
        max_hops: usize,
        predicates: Option<&[Predicate]>,
    ) -> Option<Vec<PathStep<'_>>> {
        let mut came_from: HashMap<EntityId, (StatementId, EntityId)> = HashMap::default();
        let mut queue = VecDeque::from([(from, 0usize)]);
        let mut visited = HashSet::from_iter([from]);
        while let Some((current, hops)) = queue.pop_front() {
            if current == to {
                break;
            }
            if hops == max_hops {
                continue;
            }
            let next = self.adjacent(current);
            for (statement, neighbour) in next {
                if !self.follows(statement, predicates) {
                    continue;
                }
                if visited.insert(neighbour) {
                    came_from.insert(neighbour, (statement, current));
                    queue.push_back((neighbour, hops + 1));
                }
            }
        }
        if from != to && !came_from.contains_key(&to) {
            return None;
        }
        let mut steps = Vec::new();
        let mut at = to;
        while at != from {
            let (statement, previous) = came_from[&at];
            steps.push(PathStep {
                statement: self.statement(statement),
                to: self.entity(at),
            });
            at = previous;
        }
        steps.reverse();
        Some(steps)
    }

    fn follows(&self, statement: StatementId, predicates: Option<&[Predicate]>) -> bool {
        predicates.is_none_or(|ps| ps.contains(&self.statement(statement).predicate()))
    }

    /// The entities at most `depth` statements away from `center` (either direction), following
    /// only `predicates` if given, and every statement followed.
    pub fn neighbourhood(
        &self,
        center: EntityId,
        depth: usize,
        predicates: Option<&[Predicate]>,
    ) -> Neighbourhood<'_> {
        let mut distance: HashMap<EntityId, usize> = HashMap::from_iter([(center, 0)]);
        let mut order = vec![center];
        // Collected with repeats (a statement is met from both its ends), then sorted once:
        // cheaper than an ordered set kept sorted at every insert.
        let mut statements = Vec::new();
        let mut frontier = vec![center];
        for hop in 1..=depth {
            let mut next = Vec::new();
            for &id in &frontier {
                for (statement, neighbour) in self.adjacent(id) {
                    if !self.follows(statement, predicates) {
                        continue;
                    }
                    statements.push(statement);
                    if let std::collections::hash_map::Entry::Vacant(slot) =
                        distance.entry(neighbour)
                    {
                        slot.insert(hop);
                        order.push(neighbour);
                        next.push(neighbour);
                    }
                }
            }
            frontier = next;
        }
        statements.sort_unstable();
        statements.dedup();
        Neighbourhood {
            entities: order
                .into_iter()
                .map(|id| (self.entity(id), distance[&id]))
                .collect(),
            statements: statements
                .into_iter()
                .map(|id| self.statement(id))
                .collect(),
        }
    }
}

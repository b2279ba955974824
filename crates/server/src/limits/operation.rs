//! The limits of the operation that runs: its aliases and field selections (its own and those
//! of every fragment it reaches, each counted once), its depth and its complexity with the
//! request's variables. Another operation of the same document does not count against it.

use super::document::{fragment_spreads, Counts};
use super::measure::{ListFields, Measurer};
use super::{exceeded, LimitExceeded, Limits};
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition};
use async_graphql::parser::Positioned;
use async_graphql::Variables;
use std::collections::HashSet;

/// What [`check_operation`] learns of an operation besides its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationFacts {
    /// It selects `__schema` or `__type`.
    pub introspects: bool,
    /// Its complexity (see [`Size::cost`](super::Size::cost)) with the request's variables.
    pub cost: usize,
}

/// Checks the operation that runs, after [`check_document`](super::check_document) passed
/// the document it is part of.
pub fn check_operation(
    doc: &ExecutableDocument,
    operation: &Positioned<OperationDefinition>,
    variables: &Variables,
    lists: &ListFields,
    limits: &Limits,
) -> Result<OperationFacts, LimitExceeded> {
    let mut counts = Counts::default();
    counts.walk(&operation.node.selection_set, limits)?;
    for name in reached_fragments(doc, operation) {
        if let Some(fragment) = doc.fragments.get(name) {
            counts.walk(&fragment.node.selection_set, limits)?;
        }
    }
    if counts.aliases > limits.max_aliases {
        return Err(exceeded("aliases", counts.aliases, limits.max_aliases));
    }
    if counts.fields > limits.max_fields {
        return Err(exceeded(
            "field selections",
            counts.fields,
            limits.max_fields,
        ));
    }
    let size = Measurer::new(doc, variables, lists).selection_set(&operation.node.selection_set);
    size.check_depth(limits)?;
    size.check_complexity(limits)?;
    Ok(OperationFacts {
        introspects: counts.introspection,
        cost: size.cost,
    })
}

/// The fragments `operation` spreads, directly or through other fragments, each once.
fn reached_fragments<'d>(
    doc: &'d ExecutableDocument,
    operation: &'d Positioned<OperationDefinition>,
) -> HashSet<&'d str> {
    let spreads = fragment_spreads(doc);
    let mut reached = HashSet::new();
    let mut next = Vec::new();
    super::document::spread_names(&operation.node.selection_set, &mut next);
    while let Some(name) = next.pop() {
        if reached.insert(name) {
            next.extend(spreads.get(name).into_iter().flatten());
        }
    }
    reached
}

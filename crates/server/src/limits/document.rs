//! The checks on a whole parsed document, before validation: directives, fragment chains
//! and cycles, and the number of fields validation will visit, all linear in its size.

use super::measure::{check_expansion, ListFields, Measurer};
use super::{exceeded, LimitExceeded, Limits};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::parser::Positioned;
use async_graphql::Variables;
use std::collections::{HashMap, HashSet};

/// Checks what holds for the whole document, whichever operation runs: directives, fragment
/// chains, and how many fields validation will visit (every operation and fragment
/// definition, each expanded), which must stay under the complexity limit. Fragment cycles
/// must be refused before. The limits of the operation that runs are [`check_operation`]'s.
///
/// [`check_operation`]: super::check_operation
pub fn check_document(
    doc: &ExecutableDocument,
    limits: &Limits,
    lists: &ListFields,
) -> Result<(), LimitExceeded> {
    let mut counts = Counts::default();
    for (_, operation) in doc.operations.iter() {
        counts.directives(operation.node.directives.len(), limits)?;
        counts.walk(&operation.node.selection_set, limits)?;
    }
    for fragment in doc.fragments.values() {
        counts.directives(fragment.node.directives.len(), limits)?;
        counts.walk(&fragment.node.selection_set, limits)?;
    }
    let chain = longest_fragment_chain(doc);
    if chain > limits.max_fragment_chain {
        return Err(exceeded(
            "fragments in a chain",
            chain,
            limits.max_fragment_chain,
        ));
    }
    let no_variables = Variables::default();
    let mut measurer = Measurer::new(doc, &no_variables, lists);
    let operations = measurer.operations().fields;
    let definitions = measurer.fragment_definitions();
    check_expansion(operations.saturating_add(definitions), limits)
}

/// What a walk over selection sets (without following spreads) counts.
#[derive(Default)]
pub(super) struct Counts {
    pub aliases: usize,
    pub fields: usize,
    /// A `__schema` or `__type` field was seen.
    pub introspection: bool,
}

impl Counts {
    pub fn directives(&self, count: usize, limits: &Limits) -> Result<(), LimitExceeded> {
        if count > limits.max_directives {
            return Err(exceeded(
                "directives on one field",
                count,
                limits.max_directives,
            ));
        }
        Ok(())
    }

    /// Walks one selection set; the text-level nesting limit bounds the recursion.
    pub fn walk(
        &mut self,
        set: &Positioned<SelectionSet>,
        limits: &Limits,
    ) -> Result<(), LimitExceeded> {
        for selection in &set.node.items {
            match &selection.node {
                Selection::Field(field) => {
                    self.fields += 1;
                    let name = field.node.name.node.as_str();
                    self.introspection |= name == "__schema" || name == "__type";
                    self.aliases += usize::from(field.node.alias.is_some());
                    self.directives(field.node.directives.len(), limits)?;
                    self.walk(&field.node.selection_set, limits)?;
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(spread.node.directives.len(), limits)?;
                }
                Selection::InlineFragment(inline) => {
                    self.directives(inline.node.directives.len(), limits)?;
                    self.walk(&inline.node.selection_set, limits)?;
                }
            }
        }
        Ok(())
    }
}

/// The most fragments reached through one chain of spreads (cycles stop the chain; the
/// validator reports them).
fn longest_fragment_chain(doc: &ExecutableDocument) -> usize {
    let spreads = fragment_spreads(doc);
    let mut memo = HashMap::new();
    spreads
        .keys()
        .map(|name| chain_from(name, &spreads, &mut memo, &mut Vec::new()))
        .max()
        .unwrap_or(0)
}

/// A fragment that spreads itself, directly or through others.
pub fn fragment_in_cycle(doc: &ExecutableDocument) -> Option<&str> {
    let spreads = fragment_spreads(doc);
    spreads.keys().copied().find(|&start| {
        let mut seen = HashSet::new();
        let mut stack = spreads.get(start).cloned().unwrap_or_default();
        while let Some(next) = stack.pop() {
            if next == start {
                return true;
            }
            if seen.insert(next) {
                stack.extend(spreads.get(next).into_iter().flatten());
            }
        }
        false
    })
}

/// For each fragment, the fragments it spreads.
pub(super) fn fragment_spreads(doc: &ExecutableDocument) -> HashMap<&str, Vec<&str>> {
    doc.fragments
        .iter()
        .map(|(name, fragment)| {
            let mut names = Vec::new();
            spread_names(&fragment.node.selection_set, &mut names);
            (name.as_str(), names)
        })
        .collect()
}

pub(super) fn spread_names<'d>(set: &'d Positioned<SelectionSet>, names: &mut Vec<&'d str>) {
    for selection in &set.node.items {
        match &selection.node {
            Selection::Field(field) => spread_names(&field.node.selection_set, names),
            Selection::FragmentSpread(spread) => {
                names.push(spread.node.fragment_name.node.as_str())
            }
            Selection::InlineFragment(inline) => spread_names(&inline.node.selection_set, names),
        }
    }
}

fn chain_from<'d>(
    name: &'d str,
    spreads: &HashMap<&'d str, Vec<&'d str>>,
    memo: &mut HashMap<&'d str, usize>,
    path: &mut Vec<&'d str>,
) -> usize {
    if let Some(&known) = memo.get(name) {
        return known;
    }
    if path.contains(&name) {
        return 0;
    }
    path.push(name);
    let next = spreads
        .get(name)
        .into_iter()
        .flatten()
        .map(|next| chain_from(next, spreads, memo, path))
        .max()
        .unwrap_or(0);
    path.pop();
    memo.insert(name, next + 1);
    next + 1
}

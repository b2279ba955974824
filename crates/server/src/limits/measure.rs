//! What a selection set costs once its fragments are spread: its complexity, how many fields
//! it expands to, and how deeply its fields nest, worked out in time linear in the
//! document's size.
//!
//! Spreading fragments naively costs the size of the expansion, which a document of a few
//! hundred bytes can make exponential (eight fragments each spreading the next fourteen times
//! expand to 14^7 fields). A fragment's measure is the same wherever it is spread, so
//! [`Measurer`] works it out once and reuses it: each selection of the text is visited once.

use super::{LimitExceeded, Limits};
use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::parser::Positioned;
use async_graphql::{Value, Variables};
use async_graphql_value::Value as QueryValue;
use bpgraph_api::{DEFAULT_PAGE, MAX_PAGE};
use std::collections::{HashMap, HashSet};

/// The names of the schema's list fields (those returning a `...Connection`).
#[derive(Debug, Clone, Default)]
pub struct ListFields(HashSet<String>);

impl ListFields {
    /// The list fields of the schema served, from its one definition.
    pub fn of_schema() -> ListFields {
        let catalog = bpgraph_api::schema::Catalog::get();
        ListFields::of_fields(
            catalog
                .objects
                .iter()
                .flat_map(|o| o.fields.iter().map(|f| (f.name, f.ty.name()))),
        )
    }

    /// The fields of `(name, type name)` whose type is a connection.
    pub fn of_fields<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> ListFields {
        let names = fields
            .into_iter()
            .filter(|(_, ty)| ty.ends_with("Connection"))
            .map(|(name, _)| name.to_owned());
        ListFields(names.collect())
    }

    /// Whether the field `name` is a list field.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// A selection set's measure with its fragments spread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// Every field costs 1, and a list field `first` (or `last`, default `DEFAULT_PAGE`, at
    /// most `MAX_PAGE`; a variable counts at its value) times what one item's selection
    /// costs. Interfaces count like objects.
    pub cost: usize,
    /// Field selections once every fragment is spread where it is used.
    pub fields: usize,
    /// The deepest nesting of fields.
    pub depth: usize,
}

impl Size {
    /// Two parts of one selection set, side by side.
    fn beside(self, other: Size) -> Size {
        Size {
            cost: self.cost.saturating_add(other.cost),
            fields: self.fields.saturating_add(other.fields),
            depth: self.depth.max(other.depth),
        }
    }

    /// The complexity limit, on the cost and on the expansion (a list asked for with
    /// `first: 0` costs nothing, yet its selection is still expanded by validation).
    pub fn check_complexity(&self, limits: &Limits) -> Result<(), LimitExceeded> {
        if self.cost > limits.max_complexity {
            return Err(LimitExceeded(format!(
                "the query is too complex: it costs {}, at most {} is allowed; a list costs \
                 `first` (default {DEFAULT_PAGE}) times the cost of its items, so nested lists \
                 multiply: ask for smaller pages or fewer nested lists",
                self.cost, limits.max_complexity
            )));
        }
        check_expansion(self.fields, limits)
    }

    pub fn check_depth(&self, limits: &Limits) -> Result<(), LimitExceeded> {
        if self.depth > limits.max_depth {
            return Err(LimitExceeded(format!(
                "the query is nested too deep: its fields nest {} levels, at most {} are allowed",
                self.depth, limits.max_depth
            )));
        }
        Ok(())
    }
}

/// The complexity limit on the fields selected once fragments are spread: what validation
/// and execution walk, whatever the cost says.
pub fn check_expansion(fields: usize, limits: &Limits) -> Result<(), LimitExceeded> {
    if fields > limits.max_complexity {
        return Err(LimitExceeded(format!(
            "the query is too complex: once its fragments are spread it selects {fields} fields, \
             at most {} are allowed",
            limits.max_complexity
        )));
    }
    Ok(())
}

/// Measures selection sets of one document under one set of variables, remembering each
/// fragment's measure. Fragment cycles must be refused before (a fragment met again while
/// it is being measured counts as empty, so a cycle cannot recurse forever).
pub struct Measurer<'d> {
    doc: &'d ExecutableDocument,
    variables: &'d Variables,
    lists: &'d ListFields,
    fragments: HashMap<&'d str, Size>,
}

impl<'d> Measurer<'d> {
    pub fn new(
        doc: &'d ExecutableDocument,
        variables: &'d Variables,
        lists: &'d ListFields,
    ) -> Measurer<'d> {
        Measurer {
            doc,
            variables,
            lists,
            fragments: HashMap::new(),
        }
    }

    /// The measure of `set`; the text-level nesting limit and the fragment chain limit bound
    /// the recursion.
    pub fn selection_set(&mut self, set: &'d Positioned<SelectionSet>) -> Size {
        set.node
            .items
            .iter()
            .fold(Size::default(), |total, selection| {
                let size = match &selection.node {
                    Selection::Field(field) => {
                        let items = self.page_size(&field.node);
                        let children = self.selection_set(&field.node.selection_set);
                        Size {
                            cost: items.saturating_mul(children.cost).saturating_add(1),
                            fields: children.fields.saturating_add(1),
                            depth: children.depth + 1,
                        }
                    }
                    Selection::InlineFragment(inline) => {
                        self.selection_set(&inline.node.selection_set)
                    }
                    Selection::FragmentSpread(spread) => {
                        self.fragment(spread.node.fragment_name.node.as_str())
                    }
                };
                total.beside(size)
            })
    }

    /// The measure of the fragment `name` (empty if the document has none of that name).
    pub fn fragment(&mut self, name: &'d str) -> Size {
        if let Some(&known) = self.fragments.get(name) {
            return known;
        }
        let Some((name, fragment)) = self.doc.fragments.get_key_value(name) else {
            return Size::default();
        };
        self.fragments.insert(name.as_str(), Size::default());
        let size = self.selection_set(&fragment.node.selection_set);
        self.fragments.insert(name.as_str(), size);
        size
    }

    /// Every operation of the document, side by side.
    pub fn operations(&mut self) -> Size {
        let doc = self.doc;
        doc.operations
            .iter()
            .fold(Size::default(), |total, (_, operation)| {
                total.beside(self.selection_set(&operation.node.selection_set))
            })
    }

    /// The fields of every fragment definition, each expanded on its own (as validation
    /// visits them).
    pub fn fragment_definitions(&mut self) -> usize {
        let doc = self.doc;
        doc.fragments
            .keys()
            .map(|name| self.fragment(name.as_str()).fields)
            .fold(0, usize::saturating_add)
    }

    fn page_size(&self, field: &Field) -> usize {
        if !self.lists.0.contains(field.name.node.as_str()) {
            return 1;
        }
        let argument = ["first", "last"]
            .iter()
            .find_map(|name| field.get_argument(name).map(|value| &value.node));
        let value = match argument {
            None => return DEFAULT_PAGE,
            Some(QueryValue::Variable(name)) => {
                self.variables.get(name).cloned().unwrap_or(Value::Null)
            }
            Some(value) => value.clone().into_const().unwrap_or(Value::Null),
        };
        match value {
            Value::Number(n) => n.as_u64().map_or(0, |n| n.min(MAX_PAGE as u64) as usize),
            _ => MAX_PAGE as usize,
        }
    }
}

/// The measure of every operation of a document, side by side.
pub fn complexity(doc: &ExecutableDocument, variables: &Variables, lists: &ListFields) -> Size {
    Measurer::new(doc, variables, lists).operations()
}

//! Compiling an operation into a [`Plan`] over the schema's one definition ([`Catalog`]):
//! its selections collected as GraphQL's field collection does (fragments spread in place,
//! fields with the same response key merged), each field bound to its [`FieldDef`] and each
//! item marked with the object types it applies to (a fragment `... on State` inside an
//! `Entity` selection applies to states only).
//!
//! Compiling gives up (`None`) on what it cannot answer exactly as async-graphql would:
//! a field the catalog does not define (introspection), a directive other than
//! `@include`/`@skip`, and merges whose order or sub-selections would differ by type.

use super::types::TypeSet;
use crate::schema::{Catalog, FieldDef, Ty};
use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
    Selection as Ast, SelectionSet, Type as AstType,
};
use async_graphql::Positioned;
use async_graphql_value::{ConstValue, Name, Value};
use std::sync::atomic::AtomicUsize;
use std::sync::OnceLock;

/// An operation compiled for direct execution.
pub struct Plan {
    pub(super) root: Selection,
    pub(super) variables: Vec<Variable>,
    /// The size of the last answer, so the next one's buffer is allocated once.
    pub(super) last_size: AtomicUsize,
}

/// A declared variable.
pub(super) struct Variable {
    pub name: Name,
    pub ty: Ty,
    pub default: Option<ConstValue>,
}

/// The fields selected on an object or interface type.
#[derive(Default)]
pub(super) struct Selection {
    pub items: Vec<Item>,
    /// For each set of object types, the items that apply to them in the order GraphQL's
    /// field collection gives (by the first occurrence of each response key that applies).
    pub orders: Vec<(TypeSet, Box<[u32]>)>,
}

impl Selection {
    /// The items that apply to object type `type_index`, in order.
    pub fn for_type(&self, type_index: usize) -> impl Iterator<Item = &Item> {
        let order = self
            .orders
            .iter()
            .find(|(types, _)| types.contains(type_index))
            .map_or(&[][..], |(_, order)| &order[..]);
        order.iter().map(|&i| &self.items[i as usize])
    }
}

/// One selected field (or `__typename`).
pub(super) struct Item {
    /// `"key":`, escaped once here rather than on every answer.
    pub key: Box<[u8]>,
    pub response_key: Name,
    /// The object types (of the selection's type) this item applies to.
    pub applies_to: TypeSet,
    /// `None` for `__typename`. On an interface, one of its objects' definitions (they agree
    /// on type and arguments); `bodies` says which object answers with which.
    pub field: Option<&'static FieldDef>,
    /// Each object type's definition of the field, for the types it applies to.
    pub bodies: Vec<(TypeSet, &'static FieldDef)>,
    pub arguments: Vec<(Name, Value)>,
    /// The arguments coerced once and for all, when none is a variable (see
    /// `Inputs::arguments`): `None` inside if they do not coerce.
    pub constant_arguments: Option<OnceLock<Option<IndexMap<Name, ConstValue>>>>,
    /// `@include(if:)` (`true`) and `@skip(if:)` (`false`) conditions.
    pub conditions: Vec<(bool, Value)>,
    /// The selections of an object-typed field.
    pub children: Selection,
}

impl Plan {
    /// The plan of each query operation of `document`, by name (`None` for an anonymous
    /// one); an operation plans do not cover is left out.
    pub fn compile_all(document: &ExecutableDocument) -> Vec<(Option<Name>, Plan)> {
        let operations: Vec<(Option<&Name>, &Positioned<OperationDefinition>)> =
            match &document.operations {
                DocumentOperations::Single(operation) => vec![(None, operation)],
                DocumentOperations::Multiple(operations) => {
                    operations.iter().map(|(n, o)| (Some(n), o)).collect()
                }
            };
        operations
            .into_iter()
            .filter_map(|(name, operation)| {
                Some((name.cloned(), Plan::compile(document, &operation.node)?))
            })
            .collect()
    }

    fn compile(document: &ExecutableDocument, operation: &OperationDefinition) -> Option<Plan> {
        if operation.ty != OperationType::Query || !operation.directives.is_empty() {
            return None;
        }
        let compiler = Compiler {
            catalog: Catalog::get(),
            document,
        };
        let root_type = compiler.catalog.possible_objects("Query");
        let mut root = Selection::default();
        compiler.selection(&root_type, &operation.selection_set.node, &mut root)?;
        let variables = operation
            .variable_definitions
            .iter()
            .map(|v| Variable {
                name: v.node.name.node.clone(),
                ty: ty_of(&v.node.var_type.node),
                default: v.node.default_value.as_ref().map(|d| d.node.clone()),
            })
            .collect();
        Some(Plan {
            root,
            variables,
            last_size: AtomicUsize::new(0),
        })
    }
}

fn ty_of(ty: &AstType) -> Ty {
    Ty::parse(&ty.to_string())
}

/// How deep fragments may spread into fragments (validation has ruled out cycles; this only
/// bounds the work).
const MAX_SPREAD_DEPTH: usize = 32;

struct Compiler<'d> {
    catalog: &'static Catalog,
    document: &'d ExecutableDocument,
}

impl Compiler<'_> {
    /// The items of `set` on a type whose object types are `possible`, added to `selection`
    /// (holding a field's earlier occurrences), and the order for each type.
    fn selection(
        &self,
        possible: &[usize],
        set: &SelectionSet,
        selection: &mut Selection,
    ) -> Option<()> {
        let mut occurrences = std::mem::take(&mut selection.orders)
            .into_iter()
            .flat_map(|(types, order)| {
                order
                    .into_vec()
                    .into_iter()
                    .map(move |i| (i as usize, types))
            })
            .collect();
        let all = TypeSet::of(possible);
        self.collect(all, set, &mut selection.items, &mut occurrences, 0)?;
        selection.orders = orders(&occurrences, all);
        Some(())
    }

    /// Adds the fields of `set`, applying to the object types `applies` (those of the type it
    /// is selected on, narrowed by fragments), to `items`, merging a response key already
    /// there; `occurrences` records each field's item and types in document order.
    fn collect(
        &self,
        applies: TypeSet,
        set: &SelectionSet,
        items: &mut Vec<Item>,
        occurrences: &mut Vec<(usize, TypeSet)>,
        depth: usize,
    ) -> Option<()> {
        if depth > MAX_SPREAD_DEPTH {
            return None;
        }
        for selection in &set.items {
            match &selection.node {
                Ast::Field(node) => {
                    let node = &node.node;
                    let field = match node.name.node.as_str() {
                        "__typename" => None,
                        name => Some(self.field(applies, name)?),
                    };
                    let conditions = conditions(&node.directives)?;
                    let key = node.response_key().node.clone();
                    let has_selection = !node.selection_set.node.items.is_empty();
                    let index = match items.iter().position(|i| i.response_key == key) {
                        Some(index) => {
                            let same = &mut items[index];
                            let same_field = match (same.field, field) {
                                (None, None) => true,
                                (Some(a), Some(b)) => std::ptr::eq(a, b),
                                _ => false,
                            };
                            let plain = same.conditions.is_empty() && conditions.is_empty();
                            let same_args = same.arguments.len() == node.arguments.len()
                                && same
                                    .arguments
                                    .iter()
                                    .zip(&node.arguments)
                                    .all(|(a, b)| a.0 == b.0.node && a.1 == b.1.node);
                            // Sub-selections merged for types one occurrence does not apply
                            // to would answer fields it did not ask for: left to async-graphql,
                            // as are merges that depend on the variables.
                            let widens = !applies.is_subset(same.applies_to) && has_selection;
                            if !same_field || !plain || !same_args || widens {
                                return None;
                            }
                            same.applies_to = same.applies_to.union(applies);
                            if let Some(field) = field {
                                same.bodies = self.bodies(same.applies_to, field.name);
                            }
                            index
                        }
                        None => {
                            items.push(Item {
                                key: key_bytes(&key),
                                response_key: key,
                                applies_to: applies,
                                field,
                                bodies: field
                                    .map_or_else(Vec::new, |f| self.bodies(applies, f.name)),
                                arguments: node
                                    .arguments
                                    .iter()
                                    .map(|(n, v)| (n.node.clone(), v.node.clone()))
                                    .collect(),
                                constant_arguments: node
                                    .arguments
                                    .iter()
                                    .all(|(_, v)| v.node.clone().into_const().is_some())
                                    .then(OnceLock::new),
                                conditions,
                                children: Selection::default(),
                            });
                            items.len() - 1
                        }
                    };
                    occurrences.push((index, applies));
                    if let Some(field) = field {
                        let child_type = field.ty.name();
                        let possible = self.catalog.possible_objects(child_type);
                        if !possible.is_empty() {
                            let set = &node.selection_set.node;
                            self.selection(&possible, set, &mut items[index].children)?;
                        }
                    }
                }
                Ast::FragmentSpread(spread) => {
                    if !spread.node.directives.is_empty() {
                        return None;
                    }
                    let fragment = self
                        .document
                        .fragments
                        .get(&spread.node.fragment_name.node)?;
                    let condition = fragment.node.type_condition.node.on.node.as_str();
                    let narrowed = applies.intersect(self.types_of(condition));
                    let set = &fragment.node.selection_set.node;
                    self.collect(narrowed, set, items, occurrences, depth + 1)?;
                }
                Ast::InlineFragment(inline) => {
                    if !inline.node.directives.is_empty() {
                        return None;
                    }
                    let narrowed = match &inline.node.type_condition {
                        Some(condition) => {
                            applies.intersect(self.types_of(&condition.node.on.node))
                        }
                        None => applies,
                    };
                    let set = &inline.node.selection_set.node;
                    self.collect(narrowed, set, items, occurrences, depth + 1)?;
                }
            }
        }
        Some(())
    }

    /// The field `name` of the object types `applies`: the definition of the first, for its
    /// type and arguments (which every object of an interface agrees on); `None` unless every
    /// type has it (a field of some kinds only, asked for on an interface, is not valid).
    fn field(&self, applies: TypeSet, name: &str) -> Option<&'static FieldDef> {
        let catalog = self.catalog;
        let mut defs = applies
            .iter()
            .map(|i| catalog.objects[i].fields.iter().find(|f| f.name == name));
        let first = defs.next()??;
        defs.all(|d| d.is_some()).then_some(first)
    }

    /// The definitions of field `name` of each type of `applies`, types sharing one grouped.
    fn bodies(&self, applies: TypeSet, name: &str) -> Vec<(TypeSet, &'static FieldDef)> {
        let mut bodies: Vec<(TypeSet, &'static FieldDef)> = Vec::new();
        for ty in applies.iter() {
            let Some(def) = self.catalog.objects[ty]
                .fields
                .iter()
                .find(|f| f.name == name)
            else {
                continue;
            };
            let same = bodies
                .iter_mut()
                .find(|(_, d)| std::sync::Arc::ptr_eq(&d.body, &def.body));
            match same {
                Some((types, _)) => *types = types.union(TypeSet::of(&[ty])),
                None => bodies.push((TypeSet::of(&[ty]), def)),
            }
        }
        bodies
    }

    fn types_of(&self, condition: &str) -> TypeSet {
        TypeSet::of(&self.catalog.possible_objects(condition))
    }
}

/// For each object type of `types`, the items that apply to it in GraphQL's order: by the
/// first occurrence of each response key that applies to the type (`occurrences`, in
/// document order); types with the same order share one entry.
fn orders(occurrences: &[(usize, TypeSet)], types: TypeSet) -> Vec<(TypeSet, Box<[u32]>)> {
    let mut orders: Vec<(TypeSet, Box<[u32]>)> = Vec::new();
    for ty in types.iter() {
        let mut order: Vec<u32> = Vec::new();
        for &(index, applies) in occurrences {
            if applies.contains(ty) && !order.contains(&(index as u32)) {
                order.push(index as u32);
            }
        }
        match orders.iter_mut().find(|(_, o)| o[..] == order[..]) {
            Some((set, _)) => *set = set.union(TypeSet::of(&[ty])),
            None => orders.push((TypeSet::of(&[ty]), order.into_boxed_slice())),
        }
    }
    orders
}

/// `@include` and `@skip` as `(include, if)`; any other directive is not planned.
fn conditions(directives: &[Positioned<Directive>]) -> Option<Vec<(bool, Value)>> {
    directives
        .iter()
        .map(|d| {
            let include = match d.node.name.node.as_str() {
                "include" => true,
                "skip" => false,
                _ => return None,
            };
            Some((include, d.node.get_argument("if")?.node.clone()))
        })
        .collect()
}

fn key_bytes(key: &str) -> Box<[u8]> {
    let mut bytes = serde_json::to_vec(key).expect("a string serialises");
    bytes.push(b':');
    bytes.into_boxed_slice()
}

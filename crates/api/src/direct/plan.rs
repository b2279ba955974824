//! Compiling an operation into a [`Plan`]: its selections flattened (fragments spread in
//! place, repeated response keys merged, as GraphQL's field collection does), each field
//! named by a [`Field`] that says which type it belongs to and what it returns.

use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
    Selection, SelectionSet,
};
use async_graphql::Positioned;
use async_graphql_value::{ConstValue, Name, Value};
use std::sync::atomic::AtomicUsize;

/// An operation compiled for direct execution.
pub struct Plan {
    pub(super) root: Vec<Item>,
    /// The operation's variables, for those a request leaves out: the declared default, else
    /// `null` if the type is nullable, else nothing (the request is not one a plan answers).
    pub(super) defaults: Vec<(Name, Option<ConstValue>)>,
    /// The size of the last answer, so the next one's buffer is allocated once.
    pub(super) last_size: AtomicUsize,
}

/// One selected field.
pub(super) struct Item {
    /// `"key":`, escaped once here rather than on every answer.
    pub key: Box<[u8]>,
    pub field: Field,
    pub arguments: Vec<(Positioned<Name>, Positioned<Value>)>,
    /// `@include(if:)` (`true`) and `@skip(if:)` (`false`) conditions.
    pub conditions: Vec<(bool, Value)>,
    /// The selections of an object or list-of-objects field.
    pub children: Vec<Item>,
}

/// The output types a plan can write.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Type {
    Query,
    Entity,
    Statement,
    Qualifiers,
    Date,
    Citation,
    Source,
    SearchHit,
    Path,
    PathStep,
    StatementConnection,
    StatementEdge,
    SearchHitConnection,
    SearchHitEdge,
    PageInfo,
}

impl Type {
    /// The GraphQL name, for `__typename` and type conditions (`None` for the `Entity`
    /// interface, whose objects name their own kind).
    fn name(self) -> Option<&'static str> {
        Some(match self {
            Type::Query => "Query",
            Type::Entity => return None,
            Type::Statement => "Statement",
            Type::Qualifiers => "Qualifiers",
            Type::Date => "PartialDate",
            Type::Citation => "Citation",
            Type::Source => "Source",
            Type::SearchHit => "SearchHit",
            Type::Path => "Path",
            Type::PathStep => "PathStep",
            Type::StatementConnection => "StatementConnection",
            Type::StatementEdge => "StatementEdge",
            Type::SearchHitConnection => "SearchHitConnection",
            Type::SearchHitEdge => "SearchHitEdge",
            Type::PageInfo => "PageInfo",
        })
    }

    /// Whether a fragment with type condition `on` applies to every value of this type.
    fn satisfies(self, on: &str) -> bool {
        match self {
            Type::Entity => on == "Entity" || on == "Node",
            Type::Statement => on == "Statement" || on == "Node",
            other => other.name() == Some(on),
        }
    }
}

/// Every field a plan can write, by the type it belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Field {
    /// `__typename` of a type with one name.
    Typename(&'static str),
    /// `__typename` of an entity: its kind's object type.
    EntityTypename,
    DataVersion,
    CoChairTimeline,
    ChairTimeline,
    EntityByRef,
    StatementById,
    Search,
    Path,
    TotalCount,
    Nodes,
    Edges,
    PageInfo,
    Cursor,
    EdgeNode,
    HasPreviousPage,
    HasNextPage,
    StartCursor,
    EndCursor,
    EntityId,
    EntitySlug,
    EntityName,
    EntityIri,
    EntityAliases,
    EntityKind,
    EntityCategory,
    EntityNote,
    EntityCitations,
    EntityStatements,
    StatementId,
    StatementSeedId,
    StatementIri,
    StatementSubject,
    StatementPredicate,
    StatementObject,
    StatementObjectText,
    StatementObjectNumber,
    StatementObjectLabel,
    StatementQualifiers,
    StatementCitations,
    Start,
    End,
    PointInTime,
    Role,
    Status,
    Format,
    Measure,
    Unit,
    QualifiersNote,
    Iso,
    Precision,
    Year,
    Month,
    Day,
    IsRange,
    Earliest,
    Latest,
    CitationSource,
    Quote,
    SourceId,
    SourceIri,
    SourceTitle,
    SourceKind,
    SourceDate,
    SourceFile,
    SourceText,
    HitEntity,
    HitScore,
    HitMatched,
    Steps,
    StepFrom,
    StepStatement,
    StepTo,
}

/// The field `name` of type `ty` and the type of its value, if it is an object (or a list of
/// objects); `None` if plans do not know it.
fn field(ty: Type, name: &str) -> Option<(Field, Option<Type>)> {
    use Field as F;
    use Type as T;
    let leaf = |f: Field| Some((f, None));
    let object = |f: Field, t: Type| Some((f, Some(t)));
    match (ty, name) {
        (T::Entity, "__typename") => leaf(F::EntityTypename),
        (_, "__typename") => leaf(F::Typename(ty.name()?)),
        (T::Query, "dataVersion") => leaf(F::DataVersion),
        (T::Query, "coChairTimeline") => object(F::CoChairTimeline, T::StatementConnection),
        (T::Query, "chairTimeline") => object(F::ChairTimeline, T::StatementConnection),
        (T::Query, "entity") => object(F::EntityByRef, T::Entity),
        (T::Query, "statement") => object(F::StatementById, T::Statement),
        (T::Query, "search") => object(F::Search, T::SearchHitConnection),
        (T::Query, "path") => object(F::Path, T::Path),
        (T::StatementConnection | T::SearchHitConnection, "totalCount") => leaf(F::TotalCount),
        (T::StatementConnection, "nodes") => object(F::Nodes, T::Statement),
        (T::SearchHitConnection, "nodes") => object(F::Nodes, T::SearchHit),
        (T::StatementConnection, "edges") => object(F::Edges, T::StatementEdge),
        (T::SearchHitConnection, "edges") => object(F::Edges, T::SearchHitEdge),
        (T::StatementConnection | T::SearchHitConnection, "pageInfo") => {
            object(F::PageInfo, T::PageInfo)
        }
        (T::StatementEdge | T::SearchHitEdge, "cursor") => leaf(F::Cursor),
        (T::StatementEdge, "node") => object(F::EdgeNode, T::Statement),
        (T::SearchHitEdge, "node") => object(F::EdgeNode, T::SearchHit),
        (T::PageInfo, "hasPreviousPage") => leaf(F::HasPreviousPage),
        (T::PageInfo, "hasNextPage") => leaf(F::HasNextPage),
        (T::PageInfo, "startCursor") => leaf(F::StartCursor),
        (T::PageInfo, "endCursor") => leaf(F::EndCursor),
        (T::Entity, "id") => leaf(F::EntityId),
        (T::Entity, "slug") => leaf(F::EntitySlug),
        (T::Entity, "name") => leaf(F::EntityName),
        (T::Entity, "iri") => leaf(F::EntityIri),
        (T::Entity, "aliases") => leaf(F::EntityAliases),
        (T::Entity, "kind") => leaf(F::EntityKind),
        (T::Entity, "category") => leaf(F::EntityCategory),
        (T::Entity, "note") => leaf(F::EntityNote),
        (T::Entity, "citations") => object(F::EntityCitations, T::Citation),
        (T::Entity, "statements") => object(F::EntityStatements, T::StatementConnection),
        (T::Statement, "id") => leaf(F::StatementId),
        (T::Statement, "statementId") => leaf(F::StatementSeedId),
        (T::Statement, "iri") => leaf(F::StatementIri),
        (T::Statement, "subject") => object(F::StatementSubject, T::Entity),
        (T::Statement, "predicate") => leaf(F::StatementPredicate),
        (T::Statement, "object") => object(F::StatementObject, T::Entity),
        (T::Statement, "objectText") => leaf(F::StatementObjectText),
        (T::Statement, "objectNumber") => leaf(F::StatementObjectNumber),
        (T::Statement, "objectLabel") => leaf(F::StatementObjectLabel),
        (T::Statement, "qualifiers") => object(F::StatementQualifiers, T::Qualifiers),
        (T::Statement, "citations") => object(F::StatementCitations, T::Citation),
        (T::Qualifiers, "start") => object(F::Start, T::Date),
        (T::Qualifiers, "end") => object(F::End, T::Date),
        (T::Qualifiers, "pointInTime") => object(F::PointInTime, T::Date),
        (T::Qualifiers, "role") => leaf(F::Role),
        (T::Qualifiers, "status") => leaf(F::Status),
        (T::Qualifiers, "format") => leaf(F::Format),
        (T::Qualifiers, "measure") => leaf(F::Measure),
        (T::Qualifiers, "unit") => leaf(F::Unit),
        (T::Qualifiers, "note") => leaf(F::QualifiersNote),
        (T::Date, "iso") => leaf(F::Iso),
        (T::Date, "precision") => leaf(F::Precision),
        (T::Date, "year") => leaf(F::Year),
        (T::Date, "month") => leaf(F::Month),
        (T::Date, "day") => leaf(F::Day),
        (T::Date, "isRange") => leaf(F::IsRange),
        (T::Date, "earliest") => leaf(F::Earliest),
        (T::Date, "latest") => leaf(F::Latest),
        (T::Citation, "source") => object(F::CitationSource, T::Source),
        (T::Citation, "quote") => leaf(F::Quote),
        (T::Source, "id") => leaf(F::SourceId),
        (T::Source, "iri") => leaf(F::SourceIri),
        (T::Source, "title") => leaf(F::SourceTitle),
        (T::Source, "kind") => leaf(F::SourceKind),
        (T::Source, "date") => object(F::SourceDate, T::Date),
        (T::Source, "file") => leaf(F::SourceFile),
        (T::Source, "text") => leaf(F::SourceText),
        (T::SearchHit, "entity") => object(F::HitEntity, T::Entity),
        (T::SearchHit, "score") => leaf(F::HitScore),
        (T::SearchHit, "matched") => leaf(F::HitMatched),
        (T::Path, "steps") => object(F::Steps, T::PathStep),
        (T::PathStep, "from") => object(F::StepFrom, T::Entity),
        (T::PathStep, "statement") => object(F::StepStatement, T::Statement),
        (T::PathStep, "to") => object(F::StepTo, T::Entity),
        _ => None,
    }
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
        let mut root = Vec::new();
        collect(
            document,
            Type::Query,
            &operation.selection_set.node,
            &mut root,
            0,
        )?;
        let defaults = operation
            .variable_definitions
            .iter()
            .map(|v| {
                let default = match &v.node.default_value {
                    Some(default) => Some(default.node.clone()),
                    None => v.node.var_type.node.nullable.then_some(ConstValue::Null),
                };
                (v.node.name.node.clone(), default)
            })
            .collect();
        Some(Plan {
            root,
            defaults,
            last_size: AtomicUsize::new(0),
        })
    }
}

/// How deep fragments may spread into fragments (validation has ruled out cycles; this only
/// bounds the work).
const MAX_SPREAD_DEPTH: usize = 32;

/// Adds the fields of `set` (of type `ty`) to `items`, merging a response key already there.
fn collect(
    document: &ExecutableDocument,
    ty: Type,
    set: &SelectionSet,
    items: &mut Vec<Item>,
    depth: usize,
) -> Option<()> {
    if depth > MAX_SPREAD_DEPTH {
        return None;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field_node) => {
                let node = &field_node.node;
                let (field, child_type) = field(ty, &node.name.node)?;
                let key = node.response_key().node.as_str();
                let conditions = conditions(&node.directives)?;
                let existing = items.iter().position(|i| key_is(&i.key, key));
                let index = match existing {
                    Some(index) => {
                        let same = &items[index];
                        // Merging conditional fields depends on the variables: not planned.
                        if !same.conditions.is_empty() || !conditions.is_empty() {
                            return None;
                        }
                        if same.field != field || !same_arguments(&same.arguments, &node.arguments)
                        {
                            return None;
                        }
                        index
                    }
                    None => {
                        items.push(Item {
                            key: key_bytes(key),
                            field,
                            arguments: node.arguments.clone(),
                            conditions,
                            children: Vec::new(),
                        });
                        items.len() - 1
                    }
                };
                if let Some(child_type) = child_type {
                    let children = &mut items[index].children;
                    collect(document, child_type, &node.selection_set.node, children, 0)?;
                }
            }
            Selection::FragmentSpread(spread) => {
                if !spread.node.directives.is_empty() {
                    return None;
                }
                let fragment = document.fragments.get(&spread.node.fragment_name.node)?;
                if !ty.satisfies(&fragment.node.type_condition.node.on.node) {
                    return None;
                }
                collect(
                    document,
                    ty,
                    &fragment.node.selection_set.node,
                    items,
                    depth + 1,
                )?;
            }
            Selection::InlineFragment(inline) => {
                if !inline.node.directives.is_empty() {
                    return None;
                }
                if let Some(condition) = &inline.node.type_condition {
                    if !ty.satisfies(&condition.node.on.node) {
                        return None;
                    }
                }
                collect(
                    document,
                    ty,
                    &inline.node.selection_set.node,
                    items,
                    depth + 1,
                )?;
            }
        }
    }
    Some(())
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

fn same_arguments(
    a: &[(Positioned<Name>, Positioned<Value>)],
    b: &[(Positioned<Name>, Positioned<Value>)],
) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.0.node == y.0.node && x.1.node == y.1.node)
}

fn key_bytes(key: &str) -> Box<[u8]> {
    let mut bytes = serde_json::to_vec(key).expect("a string serialises");
    bytes.push(b':');
    bytes.into_boxed_slice()
}

fn key_is(bytes: &[u8], key: &str) -> bool {
    bytes.len() == key.len() + 3 && &bytes[1..=key.len()] == key.as_bytes()
}

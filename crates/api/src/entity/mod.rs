//! GraphQL views of entities: the `Entity` and `Node` interfaces and one object type per kind,
//! each a thin wrapper around a borrowed [`EntityRef`].
//! This file holds the interfaces, the helpers the kinds share and the `entity_object!` macro
//! that writes the fields every entity shares once; [`kinds`] declares each kind's object.

use super::connection::{paginate, List, Page};
use super::ids;
use super::query::base_iri;
use super::statement::{Citation, Statement};
use super::types::{DateInput, Direction, EntityKind, Format, PartialDate, Predicate, Status};
use async_graphql::{Context, Interface, Object, Result, ID};
use bpgraph_graph::{self as graph, EntityRef, StatementQuery, StatementRef};
use bpgraph_model::{self as model, Predicate as P};
use std::collections::HashSet;

/// Statements of `entity` with any of `predicates`, in one direction, optionally as of a date.
fn relation<'g>(
    entity: EntityRef<'g>,
    predicates: &[P],
    direction: graph::Direction,
    as_of: Option<DateInput>,
) -> Vec<StatementRef<'g>> {
    let query = StatementQuery {
        predicate: None,
        direction,
        as_of: as_of.map(|d| d.0),
        ..StatementQuery::default()
    };
    entity
        .statements(&query)
        .into_iter()
        .filter(|s| predicates.contains(&s.predicate()))
        .collect()
}

/// The entities at the other end of `relation`, each once, in statement order.
fn ends<'g>(entity: EntityRef<'g>, statements: Vec<StatementRef<'g>>) -> Vec<EntityRef<'g>> {
    let mut seen = HashSet::new();
    statements
        .iter()
        .filter_map(|s| s.other_end(entity.id()))
        .filter(|e| seen.insert(e.id()))
        .collect()
}

/// Declares an entity object type: the fields every entity has, the kind's own `fields`, and
/// its `lists`: `name(args) -> Item = |entity| items;` becomes a paginated connection field
/// (`after`/`before`/`first`/`last`) whose complexity is a page of `Item`s.
macro_rules! entity_object {
    (
        $(#[$doc:meta])* $name:ident {
            $(fields { $($fields:tt)* })?
            lists {
                $(
                    $(#[$list_doc:meta])*
                    $list:ident($($arg:ident: $arg_ty:ty),*) -> $item:ident = |$entity:ident| $items:expr;
                )*
            }
        }
    ) => {
        $(#[$doc])*
        pub struct $name<'g>(pub EntityRef<'g>);

        #[Object]
        impl<'g> $name<'g> {
            /// Opaque global id (Relay).
            pub(crate) async fn id(&self) -> ID {
                ID(ids::entity_id(self.0.slug()))
            }
            /// Stable, human-readable id (e.g. `turkiye`, `som-37`).
            pub(crate) async fn slug(&self) -> &'g str {
                self.0.slug()
            }
            /// Canonical name.
            pub(crate) async fn name(&self) -> &'g str {
                self.0.name()
            }
            /// Stable IRI for linked data (`{base}entity/{slug}`); the server answers it as
            /// Turtle or JSON-LD, and sends browsers to the explorer.
            pub(crate) async fn iri(&self, ctx: &Context<'_>) -> String {
                base_iri(ctx).entity(self.0.slug())
            }
            /// Other spellings used in the sources (e.g. `Turkey`, `TÜRKIYI` for Türkiye).
            pub(crate) async fn aliases(&self) -> Vec<&'g str> {
                self.0.aliases().collect()
            }
            /// Names people write that no source spells that way (`24th SOM`, `LEC TWG`):
            /// `entity(ref:)` and search find the entity by them too, but they are not quotes.
            pub(crate) async fn conventional_aliases(&self) -> Vec<&'g str> {
                self.0.conventional_aliases().collect()
            }
            /// What kind of entity it is.
            pub(crate) async fn kind(&self) -> EntityKind {
                self.0.kind().into()
            }
            /// A finer classification within the kind (e.g. `senior_officials_meeting`).
            pub(crate) async fn category(&self) -> Option<&'g str> {
                self.0.category()
            }
            /// The curator's note on how the sources were read.
            pub(crate) async fn note(&self) -> Option<&'g str> {
                self.0.note()
            }
            /// The passages of the sources that name or describe it.
            pub(crate) async fn citations(&self) -> Vec<Citation<'g>> {
                self.0.citations().map(Citation).collect()
            }
            /// Its statements, optionally of one predicate, in one direction, holding at a date.
            /// `asOf`: a statement with start/end holds in that interval; one only attested at a
            /// point in time holds from then on; one without time qualifiers always holds.
            #[allow(clippy::too_many_arguments)]
            pub(crate) async fn statements(
                &self,
                predicate: Option<Predicate>,
                #[graphql(default)] direction: Direction,
                as_of: Option<DateInput>,
                after: Option<String>,
                before: Option<String>,
                first: Option<i32>,
                last: Option<i32>,
            ) -> Result<List<Statement<'g>>> {
                let query = StatementQuery {
                    predicate: predicate.map(P::from),
                    direction: direction.into(),
                    as_of: as_of.map(|d| d.0),
                    ..StatementQuery::default()
                };
                page_of(self.0.statements(&query), Page::new(after, before, first, last))
            }
            $($($fields)*)?
            $(
                $(#[$list_doc])*
                #[allow(clippy::too_many_arguments)]
                pub(crate) async fn $list(
                    &self,
                    $($arg: $arg_ty,)*
                    after: Option<String>,
                    before: Option<String>,
                    first: Option<i32>,
                    last: Option<i32>,
                ) -> Result<List<$item<'g>>> {
                    let $entity = self.0;
                    page_of($items, Page::new(after, before, first, last))
                }
            )*
        }
    };
}

/// One page of `items`, converted to their GraphQL view.
fn page_of<T: Into<V>, V: async_graphql::OutputType>(items: Vec<T>, page: Page) -> Result<List<V>> {
    paginate(items.into_iter().map(Into::into).collect(), &page)
}

/// The meetings among `entities`.
fn only_meetings(entities: Vec<EntityRef<'_>>) -> Vec<Meeting<'_>> {
    entities
        .into_iter()
        .filter(|e| e.kind() == model::EntityKind::Meeting)
        .map(Meeting)
        .collect()
}

/// Entities with dates first, oldest first.
fn by_date(mut entities: Vec<EntityRef<'_>>) -> Vec<EntityRef<'_>> {
    entities.sort_by(|a, b| model::DateSpec::dated_first(a.date(), b.date(), false));
    entities
}

/// Chair or co-chair timelines, optionally as of a date.
trait Timeline<'g> {
    fn graph_timeline(&self, predicates: &[P], as_of: Option<DateInput>) -> Vec<StatementRef<'g>>;
}

impl<'g> Timeline<'g> for EntityRef<'g> {
    fn graph_timeline(&self, predicates: &[P], as_of: Option<DateInput>) -> Vec<StatementRef<'g>> {
        let timeline = self.graph().timeline(self.id(), predicates);
        match as_of {
            Some(date) => timeline
                .into_iter()
                .filter(|s| graph::holds_at(s.qualifiers(), &date.0))
                .collect(),
            None => timeline,
        }
    }
}

// After the macro: `kinds` uses it.
mod kinds;
pub use kinds::*;

/// Anything the sources name: a state, an organisation, a meeting, a document, ...
// The interface derive repeats `name`/`ty` per field and argument; clippy misreads them as
// duplicated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface)]
#[graphql(
    field(name = "id", ty = "ID", desc = "Opaque global id (Relay)."),
    field(name = "slug", ty = "&'g str", desc = "Stable, human-readable id."),
    field(name = "name", ty = "&'g str", desc = "Canonical name."),
    field(
        name = "iri",
        ty = "String",
        desc = "Stable IRI for linked data (`{base}entity/{slug}`)."
    ),
    field(
        name = "aliases",
        ty = "Vec<&'g str>",
        desc = "Other spellings used in the sources."
    ),
    field(
        name = "conventional_aliases",
        ty = "Vec<&'g str>",
        desc = "Names people write that no source spells that way; they find the entity too."
    ),
    field(name = "kind", ty = "EntityKind", desc = "What kind of entity it is."),
    field(
        name = "category",
        ty = "Option<&'g str>",
        desc = "A finer classification within the kind."
    ),
    field(
        name = "note",
        ty = "Option<&'g str>",
        desc = "The curator's note on how the sources were read."
    ),
    field(
        name = "citations",
        ty = "Vec<Citation<'g>>",
        desc = "The passages of the sources that name or describe it."
    ),
    field(
        name = "statements",
        ty = "Result<List<Statement<'g>>>",
        desc = "Its statements, optionally of one predicate, in one direction, holding at a date.",
        arg(name = "predicate", ty = "Option<Predicate>"),
        arg(name = "direction", ty = "Direction", default),
        arg(name = "as_of", ty = "Option<DateInput>"),
        arg(name = "after", ty = "Option<String>"),
        arg(name = "before", ty = "Option<String>"),
        arg(name = "first", ty = "Option<i32>"),
        arg(name = "last", ty = "Option<i32>"),
    )
)]
pub enum Entity<'g> {
    State(State<'g>),
    Organisation(Organisation<'g>),
    Process(Process<'g>),
    Region(Region<'g>),
    Group(Group<'g>),
    Meeting(Meeting<'g>),
    Place(Place<'g>),
    Project(Project<'g>),
    Document(Document<'g>),
    Milestone(Milestone<'g>),
    Person(Person<'g>),
}

impl<'g> From<EntityRef<'g>> for Entity<'g> {
    fn from(entity: EntityRef<'g>) -> Self {
        match entity.kind() {
            model::EntityKind::State => Entity::State(State(entity)),
            model::EntityKind::Organisation => Entity::Organisation(Organisation(entity)),
            model::EntityKind::Process => Entity::Process(Process(entity)),
            model::EntityKind::Region => Entity::Region(Region(entity)),
            model::EntityKind::Group => Entity::Group(Group(entity)),
            model::EntityKind::Meeting => Entity::Meeting(Meeting(entity)),
            model::EntityKind::Place => Entity::Place(Place(entity)),
            model::EntityKind::Project => Entity::Project(Project(entity)),
            model::EntityKind::Document => Entity::Document(Document(entity)),
            model::EntityKind::Milestone => Entity::Milestone(Milestone(entity)),
            model::EntityKind::Person => Entity::Person(Person(entity)),
        }
    }
}

/// An object with a global id that `node(id:)` can fetch again (Relay).
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global id."))]
pub enum Node<'g> {
    State(State<'g>),
    Organisation(Organisation<'g>),
    Process(Process<'g>),
    Region(Region<'g>),
    Group(Group<'g>),
    Meeting(Meeting<'g>),
    Place(Place<'g>),
    Project(Project<'g>),
    Document(Document<'g>),
    Milestone(Milestone<'g>),
    Person(Person<'g>),
    Statement(Statement<'g>),
}

impl<'g> From<Entity<'g>> for Node<'g> {
    fn from(entity: Entity<'g>) -> Self {
        match entity {
            Entity::State(e) => Node::State(e),
            Entity::Organisation(e) => Node::Organisation(e),
            Entity::Process(e) => Node::Process(e),
            Entity::Region(e) => Node::Region(e),
            Entity::Group(e) => Node::Group(e),
            Entity::Meeting(e) => Node::Meeting(e),
            Entity::Place(e) => Node::Place(e),
            Entity::Project(e) => Node::Project(e),
            Entity::Document(e) => Node::Document(e),
            Entity::Milestone(e) => Node::Milestone(e),
            Entity::Person(e) => Node::Person(e),
        }
    }
}

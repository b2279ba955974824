//! GraphQL views of entities: the `Entity` and `Node` interfaces and one object type per kind,
//! each a thin wrapper around a borrowed [`EntityRef`].

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
            async fn id(&self) -> ID {
                ID(ids::entity_id(self.0.slug()))
            }
            /// Stable, human-readable id (e.g. `turkiye`, `som-37`).
            async fn slug(&self) -> &'g str {
                self.0.slug()
            }
            /// Canonical name.
            async fn name(&self) -> &'g str {
                self.0.name()
            }
            /// Stable IRI for linked data (`{base}entity/{slug}`); the server answers it as
            /// Turtle or JSON-LD, and sends browsers to the explorer.
            async fn iri(&self, ctx: &Context<'_>) -> String {
                base_iri(ctx).entity(self.0.slug())
            }
            /// Other spellings used in the sources (e.g. `Turkey`, `TÜRKIYI` for Türkiye).
            async fn aliases(&self) -> Vec<&'g str> {
                self.0.aliases().collect()
            }
            /// What kind of entity it is.
            async fn kind(&self) -> EntityKind {
                self.0.kind().into()
            }
            /// A finer classification within the kind (e.g. `senior_officials_meeting`).
            async fn category(&self) -> Option<&'g str> {
                self.0.category()
            }
            /// The curator's note on how the sources were read.
            async fn note(&self) -> Option<&'g str> {
                self.0.note()
            }
            /// The passages of the sources that name or describe it.
            async fn citations(&self) -> Vec<Citation<'g>> {
                self.0.citations().map(Citation).collect()
            }
            /// Its statements, optionally of one predicate, in one direction, holding at a date.
            /// `asOf`: a statement with start/end holds in that interval; one only attested at a
            /// point in time holds from then on; one without time qualifiers always holds.
            #[allow(clippy::too_many_arguments)]
            async fn statements(
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
                };
                page_of(self.0.statements(&query), Page::new(after, before, first, last))
            }
            $($($fields)*)?
            $(
                $(#[$list_doc])*
                #[allow(clippy::too_many_arguments)]
                async fn $list(
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

entity_object! {
    /// A state taking part in, observing or named by the dialogue.
    State {
        fields {
            /// ISO 3166-1 alpha-2 code.
            async fn iso2(&self) -> Option<&'g str> {
                self.0.iso2()
            }
            /// ISO 3166-1 alpha-3 code.
            async fn iso3(&self) -> Option<&'g str> {
                self.0.iso3()
            }
        }
        lists {
            /// The dialogues and groups it chairs or chaired, with dates and citations.
            chairships(as_of: Option<DateInput>) -> Statement = |e| relation(e, &[P::Chairs], graph::Direction::Outgoing, as_of);
            /// The dialogues and groups it co-chairs or co-chaired, with dates and citations.
            co_chairships(as_of: Option<DateInput>) -> Statement = |e| relation(e, &[P::CoChairs], graph::Direction::Outgoing, as_of);
            /// The meetings it attended.
            attended() -> Meeting = |e| only_meetings(e.objects(P::Attended));
            /// The meetings (and projects) it hosted.
            hosted() -> Entity = |e| e.objects(P::Hosted);
            /// What it funds or co-funds, with the citations.
            funding() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds], graph::Direction::Outgoing, None);
            /// The regions it belongs to.
            regions() -> Entity = |e| e.objects(P::InRegion);
        }
    }
}

entity_object! {
    /// An international organisation, EU institution or agency, office, NGO or consultancy.
    Organisation {
        lists {
            /// The meetings it attended.
            attended() -> Meeting = |e| only_meetings(e.objects(P::Attended));
            /// The dialogues or groups it is the secretariat of.
            secretariat_of() -> Entity = |e| e.objects(P::SecretariatOf);
            /// The projects it implements.
            implements() -> Entity = |e| e.objects(P::Implements);
            /// What it funds or co-funds, with the citations.
            funding() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds], graph::Direction::Outgoing, None);
            /// The organisations it is part or a member of, and its own parts and members.
            structure() -> Statement = |e| relation(e, &[P::PartOf, P::MemberOf], graph::Direction::Both, None);
        }
    }
}

entity_object! {
    /// A dialogue or process: the Budapest Process itself and the others it works with.
    Process {
        lists {
            /// Who chairs or chaired it, over time, with citations.
            chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::Chairs], as_of);
            /// Who co-chairs or co-chaired it, over time, with citations.
            co_chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::CoChairs], as_of);
            /// Its secretariat.
            secretariat() -> Entity = |e| e.subjects(P::SecretariatOf);
            /// Its working groups and other groups.
            groups() -> Group = |e| e.subjects(P::PartOf).into_iter().filter(|e| e.kind() == model::EntityKind::Group).map(Group).collect::<Vec<_>>();
            /// Its meetings, in date order.
            meetings() -> Meeting = |e| only_meetings(by_date(e.subjects(P::MeetingOf)));
            /// Who funds and co-funds it, with the citations.
            funders() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds], graph::Direction::Incoming, None);
            /// Its milestone timeline, oldest first.
            milestones() -> Milestone = |e| by_date(e.subjects(P::MilestoneOf)).into_iter().map(Milestone).collect::<Vec<_>>();
        }
    }
}

entity_object! {
    /// A region, such as the Silk Routes region.
    Region {
        lists {
            /// The states the sources place in it.
            states() -> Entity = |e| e.subjects(P::InRegion);
        }
    }
}

entity_object! {
    /// A thematic working group, the Reference Group or another working group.
    Group {
        lists {
            /// Who chairs or chaired it, over time, with citations.
            chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::Chairs], as_of);
            /// Who co-chairs or co-chaired it, over time, with citations. Conflicting statements
            /// (e.g. on when a co-chair joined) are all returned, each with its citation.
            co_chairs(as_of: Option<DateInput>) -> Statement = |e| e.graph_timeline(&[P::CoChairs], as_of);
            /// The dialogue or group it belongs to.
            part_of() -> Entity = |e| e.objects(P::PartOf);
            /// Its meetings, in date order.
            meetings() -> Meeting = |e| only_meetings(by_date(e.subjects(P::MeetingOf)));
        }
    }
}

entity_object! {
    /// A meeting or event: ministerial conference, senior officials meeting, working-group or
    /// Reference Group meeting, thematic meeting, webinar.
    Meeting {
        fields {
            /// When it takes or took place, as precisely as the sources say.
            async fn date(&self) -> Option<PartialDate> {
                self.0.date().map(PartialDate::from)
            }
            /// The year it takes or took place.
            async fn year(&self) -> Option<i32> {
                self.0.date().map(|d| d.from.year)
            }
            /// Held, planned, to be confirmed or proposed.
            async fn status(&self) -> Option<Status> {
                self.0.status().map(Status::from)
            }
            /// In person, online or hybrid, where the sources say.
            async fn format(&self) -> Option<Format> {
                self.0.format().map(Format::from)
            }
        }
        lists {
            /// Where it is held: statements, because a venue may itself be to be confirmed.
            venues() -> Statement = |e| relation(e, &[P::HeldIn], graph::Direction::Outgoing, None);
            /// Who hosted it.
            hosts() -> Entity = |e| e.subjects(P::Hosted);
            /// The dialogue or group it is a meeting of.
            meeting_of() -> Entity = |e| e.objects(P::MeetingOf);
            /// Who attended, optionally only of one kind (e.g. `STATE`).
            participants(kind: Option<EntityKind>) -> Entity = |e| participants(e, kind.map(model::EntityKind::from));
            /// Figures the sources give (participants, countries, organisations, ...), as
            /// statements with `objectNumber` and `qualifiers.measure`.
            figures() -> Statement = |e| relation(e, &[P::HasFigure], graph::Direction::Outgoing, None);
            /// What it decided or proposed.
            outcomes() -> Statement = |e| relation(e, &[P::Decided, P::Proposed], graph::Direction::Outgoing, None);
            /// Who spoke, presented or moderated, and in what role.
            contributions() -> Statement = |e| relation(e, &[P::ContributedTo], graph::Direction::Incoming, None);
            /// The documents adopted or endorsed at it.
            documents() -> Entity = |e| ends(e, relation(e, &[P::AdoptedAt, P::Endorsed], graph::Direction::Both, None));
        }
    }
}

/// Who attended `meeting`, each once, optionally only of one kind.
fn participants(meeting: EntityRef<'_>, kind: Option<model::EntityKind>) -> Vec<EntityRef<'_>> {
    let mut seen = HashSet::new();
    meeting
        .subjects(P::Attended)
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind() == k))
        .filter(|e| seen.insert(e.id()))
        .collect()
}

entity_object! {
    /// A city or site.
    Place {
        lists {
            /// The state, place or region it lies in.
            located_in() -> Entity = |e| e.objects(P::LocatedIn);
            /// The meetings held there, in date order.
            meetings() -> Meeting = |e| only_meetings(by_date(e.subjects(P::HeldIn)));
        }
    }
}

entity_object! {
    /// A project, pilot, facility or initiative (Migrant Resource Centres, COLEP, RELEC, ...).
    Project {
        lists {
            /// Who implements it.
            implementers() -> Entity = |e| e.subjects(P::Implements);
            /// Who funds, co-funds or supports it, with the citations.
            funders() -> Statement = |e| relation(e, &[P::Funds, P::CoFunds, P::Supports], graph::Direction::Incoming, None);
            /// Where it operates.
            locations() -> Entity = |e| e.objects(P::OperatesIn);
            /// Figures the sources give (people reached, budget, ...).
            figures() -> Statement = |e| relation(e, &[P::HasFigure], graph::Direction::Outgoing, None);
        }
    }
}

entity_object! {
    /// A declaration, call for action, work plan, commitments, roadmap or paper.
    Document {
        fields {
            /// When it was adopted or published, as precisely as the sources say.
            async fn date(&self) -> Option<PartialDate> {
                self.0.date().map(PartialDate::from)
            }
        }
        lists {
            /// Who adopted or endorsed it, and where: `endorsed` and `adopted_at` statements.
            adopters() -> Statement = |e| relation(e, &[P::Endorsed, P::AdoptedAt], graph::Direction::Both, None);
            /// What it states: its priority goals, topics and links to other documents.
            facts() -> Statement = |e| e.statements(&StatementQuery { direction: graph::Direction::Outgoing, ..Default::default() });
        }
    }
}

entity_object! {
    /// An entry of the dialogue's milestone timeline.
    Milestone {
        fields {
            /// When it happened.
            async fn date(&self) -> Option<PartialDate> {
                self.0.date().map(PartialDate::from)
            }
        }
        lists {
            /// The entities it concerns.
            involves() -> Entity = |e| e.objects(P::Involves);
        }
    }
}

entity_object! {
    /// A named person.
    Person {
        lists {
            /// The positions the person holds, with role and citation.
            positions() -> Statement = |e| relation(e, &[P::HoldsPosition], graph::Direction::Outgoing, None);
        }
    }
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

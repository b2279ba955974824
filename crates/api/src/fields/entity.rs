//! Entities: the `Entity` and `Node` interfaces, the fields every entity shares (defined once
//! and given to each kind's object type, so a shared field has one body), and one object type
//! per kind with its own fields and lists.

use super::claim::{as_of_args, claim_objs, claim_query};
use super::enums::{date_arg, enum_arg, enums_arg, GqlEnum};
use super::{connection_types, field, interface, list, object, shared};
use crate::ids;
use crate::schema::{Args, Catalog, FieldDef, Obj, Out};
use async_graphql::Error;
use bpgraph_graph::{self as graph, ClaimQuery, EntityRef, StatementQuery, StatementRef};
use bpgraph_model::{self as model, EntityKind, Predicate as P};

/// Each kind's object type, its name and description.
const KINDS: [(EntityKind, &str, &str); 11] = [
    (EntityKind::State, "State", "A state taking part in, observing or named by the dialogue."),
    (EntityKind::Organisation, "Organisation", "An international organisation, EU institution or agency, office, NGO or consultancy."),
    (EntityKind::Process, "Process", "A dialogue or process: the Budapest Process itself and the others it works with."),
    (EntityKind::Region, "Region", "A region, such as the Silk Routes region."),
    (EntityKind::Group, "Group", "A thematic working group, the Reference Group or another working group."),
    (EntityKind::Meeting, "Meeting", "A meeting or event: ministerial conference, senior officials meeting, working-group or\nReference Group meeting, thematic meeting, webinar."),
    (EntityKind::Place, "Place", "A city or site."),
    (EntityKind::Project, "Project", "A project, pilot, facility or initiative (Migrant Resource Centres, COLEP, RELEC, ...)."),
    (EntityKind::Document, "Document", "A declaration, call for action, work plan, commitments, roadmap or paper."),
    (EntityKind::Milestone, "Milestone", "An entry of the dialogue's milestone timeline."),
    (EntityKind::Person, "Person", "A named person."),
];

/// The object type of entities of `kind`.
pub fn kind_type_name(kind: EntityKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map_or("Entity", |(_, name, _)| name)
}

pub(super) fn define(catalog: &mut Catalog) {
    catalog.interfaces.push(entity_interface());
    catalog.interfaces.push(interface(
        "Node",
        "An object with a global id that `node(id:)` can fetch again (Relay).",
        vec![field("id", "ID!", "Opaque global id.", shared)],
    ));
    let shared_fields = shared_fields();
    for (kind, name, description) in KINDS {
        let mut fields = shared_fields.clone();
        fields.extend(kind_fields(kind));
        catalog
            .objects
            .push(object(name, description, &["Entity", "Node"], fields));
        catalog.objects.extend(connection_types(name));
    }
    catalog.objects.extend(connection_types("Entity"));
}

fn entity_interface() -> crate::schema::InterfaceDef {
    interface(
        "Entity",
        "Anything the sources name: a state, an organisation, a meeting, a document, ...\n\n\
         Relation fields are named from the entity's side. A list of what the entity itself\n\
         holds or does is named after that (`State.coChairships`: the groups a state co-chairs;\n\
         `funding`: what it funds; `attended`: the meetings it attended); a list of who acts\n\
         on the entity is named after them (`Group.coChairs`: who co-chairs a group;\n\
         `funders`; `participants`). Relation lists are lists of claims (each attested by one\n\
         or more statements, with its dates, rank and references; `totalCount` counts claims);\n\
         lists of entities name each entity once. A field of some kinds only is asked for\n\
         with an inline fragment: `... on Group { coChairs }`.",
        vec![
            field("id", "ID!", "Opaque global id (Relay).", shared),
            field("slug", "String!", "Stable, human-readable id.", shared),
            field("name", "String!", "Canonical name.", shared),
            field(
                "iri",
                "String!",
                "Stable IRI for linked data (`{base}entity/{slug}`).",
                shared,
            ),
            field(
                "aliases",
                "[String!]!",
                "Other spellings used in the sources.",
                shared,
            ),
            field(
                "conventionalAliases",
                "[String!]!",
                "Names people write that no source spells that way; they find the entity too.",
                shared,
            ),
            field("kind", "EntityKind!", "What kind of entity it is.", shared),
            field(
                "category",
                "String",
                "A finer classification within the kind.",
                shared,
            ),
            field(
                "note",
                "String",
                "The curator's note on how the sources were read.",
                shared,
            ),
            field(
                "citations",
                "[Citation!]!",
                "The passages of the sources that name or describe it.",
                shared,
            ),
            field(
                "statements",
                "StatementConnection!",
                "Its statements, optionally of one predicate, in one direction, holding at a date.",
                shared,
            )
            .args(statements_args()),
            field("claims", "ClaimConnection!", CLAIMS, shared).args(claims_args()),
            field("figures", "ClaimConnection!", FIGURES, shared).args(super::page_args()),
        ],
    )
}

fn claims_args() -> Vec<crate::schema::ArgDef> {
    let mut args = vec![
        crate::schema::input("predicate", "Predicate", ""),
        crate::schema::input_with_default("direction", "Direction!", "BOTH", ""),
    ];
    args.extend(as_of_args());
    args.extend(super::page_args());
    args
}

fn statements_args() -> Vec<crate::schema::ArgDef> {
    let mut args = vec![
        crate::schema::input("predicate", "Predicate", ""),
        crate::schema::input_with_default("direction", "Direction!", "BOTH", ""),
        crate::schema::input("asOf", "DateInput", ""),
    ];
    args.extend(super::page_args());
    args
}

/// The fields every entity has, defined once.
fn shared_fields() -> Vec<FieldDef> {
    vec![
        field("id", "ID!", "Opaque global id (Relay).", |cx, o, _| {
            Out::string(ids::entity_id(o.entity(cx)?.slug()))
        }),
        field("slug", "String!", "Stable, human-readable id (e.g. `turkiye`, `som-37`).", |cx, o, _| {
            Out::str(o.entity(cx)?.slug())
        }),
        field("name", "String!", "Canonical name.", |cx, o, _| Out::str(o.entity(cx)?.name())),
        field("iri", "String!", "Stable IRI for linked data (`{base}entity/{slug}`); the server answers it as\nTurtle or JSON-LD, and sends browsers to the explorer.", |cx, o, _| {
            Out::string(cx.base.entity(o.entity(cx)?.slug()))
        }),
        field("aliases", "[String!]!", "Other spellings used in the sources (e.g. `Turkey`, `TÜRKIYI` for Türkiye).", |cx, o, _| {
            Out::strs(o.entity(cx)?.aliases())
        }),
        field("conventionalAliases", "[String!]!", "Names people write that no source spells that way (`24th SOM`, `LEC TWG`):\n`entity(ref:)` and search find the entity by them too, but they are not quotes.", |cx, o, _| {
            Out::strs(o.entity(cx)?.conventional_aliases())
        }),
        field("kind", "EntityKind!", "What kind of entity it is.", |cx, o, _| {
            Ok(Out::Enum(o.entity(cx)?.kind().gql()))
        }),
        field("category", "String", "A finer classification within the kind (e.g. `senior_officials_meeting`).", |cx, o, _| {
            Out::opt_str(o.entity(cx)?.category())
        }),
        field("note", "String", "The curator's note on how the sources were read.", |cx, o, _| {
            Out::opt_str(o.entity(cx)?.note())
        }),
        field("citations", "[Citation!]!", "The passages of the sources that name or describe it.", |cx, o, _| {
            Out::citations(o.entity(cx)?.citations())
        }),
        field("statements", "StatementConnection!", "Its statements, optionally of one predicate, in one direction, holding at a date.\n`asOf`: a statement with start/end holds in that interval; one only attested at a\npoint in time holds from then on; one without time qualifiers always holds.", |cx, o, a| {
            let query = StatementQuery {
                predicate: enum_arg::<P>(a, "predicate"),
                direction: enum_arg(a, "direction").unwrap_or_default(),
                as_of: date_arg(a, "asOf")?,
                ..StatementQuery::default()
            };
            let statements = statement_objs(o.entity(cx)?.statements(&query));
            super::paginate(super::Pages::of("Statement"), statements, a)
        })
        .args(statements_args()),
        field("claims", "ClaimConnection!", CLAIMS, |cx, o, a| {
            let statements = StatementQuery {
                predicate: enum_arg::<P>(a, "predicate"),
                direction: enum_arg(a, "direction").unwrap_or_default(),
                ..StatementQuery::default()
            };
            let claims = claim_objs(o.entity(cx)?.claims(&claim_query(a, statements)?));
            super::paginate(super::Pages::of("Claim"), claims, a)
        })
        .args(claims_args()),
        relation_list("figures", FIGURES, &[P::HasFigure], graph::Direction::Outgoing, false),
    ]
}

/// What `claims` holds, on the interface and on every kind.
const CLAIMS: &str = "Its claims (each what one or more statements attest), optionally of one predicate, in one\ndirection, at a date: `asOf` keeps them by their standing then (see `Standing`).";

/// What `figures` holds, on the interface and on every kind.
const FIGURES: &str = "Figures the sources give about it (participating states, participants, budget, people\nreached, ...), as claims with `objectNumber` and `qualifiers.measure`.";

/// The fields of entities of `kind` beyond the shared ones.
fn kind_fields(kind: EntityKind) -> Vec<FieldDef> {
    use graph::Direction::{Both, Incoming, Outgoing};
    match kind {
        EntityKind::State => vec![
            field("iso2", "String", "ISO 3166-1 alpha-2 code.", |cx, o, _| Out::opt_str(o.entity(cx)?.iso2())),
            field("iso3", "String", "ISO 3166-1 alpha-3 code.", |cx, o, _| Out::opt_str(o.entity(cx)?.iso3())),
            relation_list("chairships", "The dialogues and groups it chairs or chaired, with dates and citations.", &[P::Chairs], Outgoing, true),
            relation_list("coChairships", "The dialogues and groups it co-chairs or co-chaired, with dates and citations.", &[P::CoChairs], Outgoing, true),
            entity_list("attended", "Meeting", "The meetings it attended.", |e, _| Ok(only_meetings(e.objects(P::Attended)))),
            entity_list("hosted", "Entity", "The meetings (and projects) it hosted.", |e, _| Ok(e.objects(P::Hosted))),
            relation_list("funding", "What it funds or co-funds, with the citations.", &[P::Funds, P::CoFunds], Outgoing, false),
            entity_list("regions", "Entity", "The regions it belongs to.", |e, _| Ok(e.objects(P::InRegion))),
        ],
        EntityKind::Organisation => vec![
            entity_list("attended", "Meeting", "The meetings it attended.", |e, _| Ok(only_meetings(e.objects(P::Attended)))),
            entity_list("secretariatOf", "Entity", "The dialogues or groups it is the secretariat of.", |e, _| Ok(e.objects(P::SecretariatOf))),
            entity_list("implements", "Entity", "The projects it implements.", |e, _| Ok(e.objects(P::Implements))),
            relation_list("funding", "What it funds or co-funds, with the citations.", &[P::Funds, P::CoFunds], Outgoing, false),
            relation_list("structure", "The organisations it is part or a member of, and its own parts and members.", &[P::PartOf, P::MemberOf], Both, false),
        ],
        EntityKind::Process => vec![
            timeline_list("chairs", "Who chairs or chaired it, over time, with citations.", P::Chairs),
            timeline_list("coChairs", "Who co-chairs or co-chaired it, over time, with citations.", P::CoChairs),
            entity_list("secretariat", "Entity", "Its secretariat.", |e, _| Ok(e.subjects(P::SecretariatOf))),
            entity_list("groups", "Group", "Its working groups and other groups.", |e, _| {
                Ok(of_kind(e.subjects(P::PartOf), EntityKind::Group))
            }),
            entity_list("meetings", "Meeting", "Its meetings, in date order.", |e, _| Ok(only_meetings(by_date(e.subjects(P::MeetingOf))))),
            relation_list("funders", "Who funds and co-funds it, with the citations.", &[P::Funds, P::CoFunds], Incoming, false),
            entity_list("milestones", "Milestone", "Its milestone timeline, oldest first.", |e, _| Ok(by_date(e.subjects(P::MilestoneOf)))),
        ],
        EntityKind::Region => vec![entity_list("states", "Entity", "The states the sources place in it.", |e, _| Ok(e.subjects(P::InRegion)))],
        EntityKind::Group => vec![
            timeline_list("chairs", "Who chairs or chaired it, over time, with citations.", P::Chairs),
            timeline_list("coChairs", "Who co-chairs or co-chaired it, over time, as claims with their attestations.\nDisagreeing claims (e.g. on when a co-chair joined) are all returned, each with its rank.", P::CoChairs),
            entity_list("partOf", "Entity", "The dialogue or group it belongs to.", |e, _| Ok(e.objects(P::PartOf))),
            entity_list("meetings", "Meeting", "Its meetings, in date order.", |e, _| Ok(only_meetings(by_date(e.subjects(P::MeetingOf))))),
        ],
        EntityKind::Meeting => vec![
            date_field("When it takes or took place, as precisely as the sources say."),
            date_derivation_field(),
            field("year", "Int", "The year it takes or took place.", |cx, o, _| {
                Out::opt(o.entity(cx)?.date(), |d| Out::int(d.from.year))
            }),
            field("status", "Status", "Held, planned, to be confirmed or proposed.", |cx, o, _| {
                Out::opt(o.entity(cx)?.status(), |s| Ok(Out::Enum(s.gql())))
            }),
            field("format", "Format", "In person, online or hybrid, where the sources say.", |cx, o, _| {
                Out::opt(o.entity(cx)?.format(), |f| Ok(Out::Enum(f.gql())))
            }),
            relation_list("venues", "Where it is held: statements, because a venue may itself be to be confirmed.", &[P::HeldIn], Outgoing, false),
            entity_list("hosts", "Entity", "Who hosted it.", |e, _| Ok(e.subjects(P::Hosted))),
            entity_list("meetingOf", "Entity", "The dialogue or group it is a meeting of.", |e, _| Ok(e.objects(P::MeetingOf))),
            entity_list("participants", "Entity", "Who attended, optionally only of some kinds (e.g. `STATE`, or `[STATE,\nORGANISATION]`).", |e, a| {
                let participants = e.graph().participants(e.id(), None);
                Ok(match enums_arg::<EntityKind>(a, "kind") {
                    Some(kinds) => participants.into_iter().filter(|p| kinds.contains(&p.kind())).collect(),
                    None => participants,
                })
            })
            .insert_arg("kind", "[EntityKind!]"),
            relation_list("outcomes", "What it decided or proposed, and what its decisions concern (`decided_on`).", &[P::Decided, P::DecidedOn, P::Proposed], Outgoing, false),
            relation_list("contributions", "Who spoke, presented or moderated, and in what role.", &[P::ContributedTo], Incoming, false),
            entity_list("documents", "Entity", "The documents adopted or endorsed at it.", |e, _| {
                Ok(e.other_ends(&relation(e, &[P::AdoptedAt, P::Endorsed], Both, None)))
            }),
        ],
        EntityKind::Place => vec![
            entity_list("locatedIn", "Entity", "The state, place or region it lies in.", |e, _| Ok(e.objects(P::LocatedIn))),
            entity_list("meetings", "Meeting", "The meetings held there, in date order.", |e, _| Ok(only_meetings(by_date(e.subjects(P::HeldIn))))),
        ],
        EntityKind::Project => vec![
            entity_list("implementers", "Entity", "Who implements it.", |e, _| Ok(e.subjects(P::Implements))),
            relation_list("funders", "Who funds, co-funds or supports it, with the citations.", &[P::Funds, P::CoFunds, P::Supports], Incoming, false),
            entity_list("locations", "Entity", "Where it operates.", |e, _| Ok(e.objects(P::OperatesIn))),
        ],
        EntityKind::Document => vec![
            date_field("When it was adopted or published, as precisely as the sources say."),
            date_derivation_field(),
            relation_list("adopters", "Who adopted or endorsed it, and where: `endorsed` and `adopted_at` statements.", &[P::Endorsed, P::AdoptedAt], Both, false),
            list("facts", "Claim", "What it states: its priority goals, topics and links to other documents.", |cx, o, _| {
                let query = ClaimQuery { statements: StatementQuery { direction: Outgoing, ..Default::default() }, ..Default::default() };
                Ok(claim_objs(o.entity(cx)?.claims(&query)))
            }),
        ],
        EntityKind::Milestone => vec![
            date_field("When it happened."),
            date_derivation_field(),
            entity_list("involves", "Entity", "The entities it concerns.", |e, _| Ok(e.objects(P::Involves))),
        ],
        EntityKind::Person => vec![relation_list("positions", "The positions the person holds, with role and citation.", &[P::HoldsPosition], Outgoing, false)],
    }
}

impl FieldDef {
    /// Adds an argument before a list field's connection arguments.
    fn insert_arg(self, name: &'static str, ty: &str) -> Self {
        self.insert_args([crate::schema::input(name, ty, "")])
    }

    /// Adds arguments before a list field's connection arguments.
    fn insert_args(mut self, args: impl IntoIterator<Item = crate::schema::ArgDef>) -> Self {
        let at = self.args.len().saturating_sub(4);
        self.args.splice(at..at, args);
        self
    }
}

fn date_derivation_field() -> FieldDef {
    field("dateDerivation", "Derivation", "How `date` was read: `STATED` when its citations give it, `INFERRED` when it is taken\nfrom elsewhere (the meeting it belongs to, a calendar's heading), `RECONSTRUCTED` when it is\npieced together from a document's layout (the factsheet's milestone timeline); `note` says\nhow. Null without a date.", |cx, o, _| {
        Out::opt(o.entity(cx)?.date_derivation(), |d| Ok(Out::Enum(d.gql())))
    })
}

fn date_field(description: &str) -> FieldDef {
    field("date", "PartialDate", description, |cx, o, _| {
        Out::opt(o.entity(cx)?.date(), Out::date)
    })
}

/// A list of the entities `items` gives for the entity asked, as `{item}Connection!`.
fn entity_list(
    name: &'static str,
    item: &str,
    description: &str,
    items: for<'g> fn(EntityRef<'g>, &Args<'_>) -> Result<Vec<EntityRef<'g>>, Error>,
) -> FieldDef {
    list(name, item, description, move |cx, o, a| {
        Ok(entity_objs(items(o.entity(cx)?, a)?))
    })
}

/// The claims of the entity with one of `predicates`, in `direction`; with `as_of`, the
/// `asOf` and `standings` arguments keep them by their standing at a date.
fn relation_list(
    name: &'static str,
    description: &str,
    predicates: &'static [P],
    direction: graph::Direction,
    as_of: bool,
) -> FieldDef {
    let field = list(name, "Claim", description, move |cx, o, a| {
        let statements = StatementQuery {
            direction,
            any_of: predicates.to_vec(),
            ..StatementQuery::default()
        };
        let query = if as_of {
            claim_query(a, statements)?
        } else {
            ClaimQuery {
                statements,
                ..ClaimQuery::default()
            }
        };
        Ok(claim_objs(o.entity(cx)?.claims(&query)))
    });
    if as_of {
        field.insert_args(as_of_args())
    } else {
        field
    }
}

/// Who holds `predicate` (chairs, co-chairs) of the entity over time, as claims, optionally
/// kept by their standing at a date.
fn timeline_list(name: &'static str, description: &str, predicate: P) -> FieldDef {
    list(name, "Claim", description, move |cx, o, a| {
        let query = claim_query(a, StatementQuery::default())?;
        let mut timeline = cx.graph.claim_timeline(o.entity(cx)?.id(), &[predicate]);
        timeline.retain(|claim| query.keeps(claim));
        Ok(claim_objs(timeline))
    })
    .insert_args(as_of_args())
}

/// Statements of `entity` with any of `predicates`, in one direction, optionally as of a date.
fn relation<'g>(
    entity: EntityRef<'g>,
    predicates: &[P],
    direction: graph::Direction,
    as_of: Option<model::DateSpec>,
) -> Vec<StatementRef<'g>> {
    entity.statements(&StatementQuery {
        direction,
        as_of,
        any_of: predicates.to_vec(),
        ..StatementQuery::default()
    })
}

fn of_kind(entities: Vec<EntityRef<'_>>, kind: EntityKind) -> Vec<EntityRef<'_>> {
    entities.into_iter().filter(|e| e.kind() == kind).collect()
}

fn only_meetings(entities: Vec<EntityRef<'_>>) -> Vec<EntityRef<'_>> {
    of_kind(entities, EntityKind::Meeting)
}

/// Entities with dates first, oldest first.
fn by_date(mut entities: Vec<EntityRef<'_>>) -> Vec<EntityRef<'_>> {
    entities.sort_by(|a, b| model::DateSpec::dated_first(a.date(), b.date(), false));
    entities
}

pub(super) fn entity_objs<'g>(entities: impl IntoIterator<Item = EntityRef<'g>>) -> Vec<Obj> {
    entities.into_iter().map(|e| Obj::Entity(e.id())).collect()
}

pub(super) fn statement_objs<'g>(
    statements: impl IntoIterator<Item = StatementRef<'g>>,
) -> Vec<Obj> {
    statements
        .into_iter()
        .map(|s| Obj::Statement(s.key()))
        .collect()
}

//! The schema's enums (each the GraphQL face of a model enum, its values listed once with
//! their descriptions), the `DateInput` scalar and the `EntityFilter` input.

use super::{enumeration, input, input_object};
use crate::errors::bad_input;
use crate::schema::{Args, Catalog, EnumDef, ScalarDef};
use async_graphql::Value;
use bpgraph_graph as graph;
use bpgraph_model::{self as model, DateSpec};
use bpgraph_search::HitKind;

/// A Rust enum served as a GraphQL enum: its values, GraphQL spellings and descriptions.
pub trait GqlEnum: Copy + PartialEq + 'static {
    const NAME: &'static str;
    const DESCRIPTION: &'static str;
    const VALUES: &'static [(Self, &'static str, &'static str)];

    /// The value's GraphQL spelling.
    fn gql(self) -> &'static str {
        Self::VALUES
            .iter()
            .find(|(v, _, _)| *v == self)
            .map_or("", |(_, name, _)| name)
    }

    /// The value spelled `name`.
    fn from_gql(name: &str) -> Option<Self> {
        Self::VALUES
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(v, _, _)| *v)
    }

    fn definition() -> EnumDef {
        let values: Vec<(&'static str, &str)> =
            Self::VALUES.iter().map(|(_, n, d)| (*n, *d)).collect();
        enumeration(Self::NAME, Self::DESCRIPTION, &values)
    }
}

/// The order of an entity list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EntityOrder {
    Name,
    NameDesc,
    Date,
    DateDesc,
    Seed,
}

pub(super) fn define(catalog: &mut Catalog) {
    catalog.enums.extend([
        model::Precision::definition(),
        model::Bound::definition(),
        model::Derivation::definition(),
        graph::Direction::definition(),
        model::EntityKind::definition(),
        EntityOrder::definition(),
        model::Format::definition(),
        HitKind::definition(),
        model::Predicate::definition(),
        model::Status::definition(),
        graph::Rank::definition(),
        graph::Standing::definition(),
    ]);
    catalog.scalars.push(ScalarDef {
        name: "DateInput",
        description: Some(
            "A date to filter by: a year (`2026` or `\"2026\"`), a month (`\"2026-03\"`), a day\n\
             (`\"2026-03-04\"`) or a range (`\"2025-11-26/2025-11-27\"`), in partial ISO 8601."
                .to_owned(),
        ),
        // Any string or integer: what does not parse as a date is the field's error, with a
        // message saying why (a scalar's validator can only say "invalid value").
        accepts: |value| matches!(value, Value::String(_) | Value::Number(_)),
    });
    catalog.inputs.push(input_object(
        "EntityFilter",
        "Criteria for entity lists. Every criterion given must hold; each applies to the kinds that\n\
         have what it looks at, and entities of other kinds do not match it.",
        vec![
            input("yearFrom", "Int", "Dated entities (meetings, documents, milestones) whose date overlaps this year or later."),
            input("yearTo", "Int", "Dated entities whose date overlaps this year or earlier."),
            input("place", "[String!]", "Places, states or regions (slug, alias or name; one, or a list of which any\nmatches): meetings held there, projects and organisations operating or located there,\nplaces lying in it, states in the region; directly or one level down (a meeting held in\nIstanbul is in Türkiye)."),
            input("format", "[Format!]", "Meetings held in one of these formats."),
            input("status", "[Status!]", "Meetings with one of these statuses."),
            input("workingGroup", "[String!]", "Meetings of these working groups or dialogues (slug, alias or name; one, or a list of\nwhich any matches)."),
            input("attendedAll", "[String!]", "Entities that attended every one of these meetings (an empty list matches nothing)."),
            input("attendedAny", "[String!]", "Entities that attended at least one of these meetings."),
            input("attendedNone", "[String!]", "Entities of a kind that attends meetings (states, organisations, processes) that\nattended none of these meetings; entities of other kinds never match."),
        ],
    ));
}

/// The `DateInput` argument `name`: a year as a number or a string, or a partial ISO 8601
/// date or range.
pub fn date_arg(args: &Args<'_>, name: &str) -> Result<Option<DateSpec>, async_graphql::Error> {
    let text = match args.get(name) {
        None => return Ok(None),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err(bad_input(format!("`{name}` must be a date"))),
    };
    text.parse()
        .map(Some)
        .map_err(|e: model::DateError| bad_input(format!("`{name}`: {e}")))
}

/// The enum argument `name` as `T`.
pub fn enum_arg<T: GqlEnum>(args: &Args<'_>, name: &str) -> Option<T> {
    args.enumeration(name).and_then(T::from_gql)
}

/// The list-of-enums argument `name` as `T`s.
pub fn enums_arg<T: GqlEnum>(args: &Args<'_>, name: &str) -> Option<Vec<T>> {
    args.enums(name)
        .map(|names| names.into_iter().filter_map(T::from_gql).collect())
}

impl GqlEnum for model::Precision {
    const NAME: &'static str = "DatePrecision";
    const DESCRIPTION: &'static str = "How precisely a date is known.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (model::Precision::Year, "YEAR", ""),
        (model::Precision::Month, "MONTH", ""),
        (model::Precision::Day, "DAY", ""),
    ];
}

impl GqlEnum for model::Bound {
    const NAME: &'static str = "Bound";
    const DESCRIPTION: &'static str =
        "How a figure bounds the true number, as its source words it.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (
            model::Bound::AtLeast,
            "AT_LEAST",
            "\"At least\": the number is the figure or more.",
        ),
        (
            model::Bound::MoreThan,
            "MORE_THAN",
            "\"Over\", \"more than\": the number is above the figure.",
        ),
        (
            model::Bound::About,
            "ABOUT",
            "\"About\", \"some\", \"around\": the number is near the figure.",
        ),
        (
            model::Bound::UpTo,
            "UP_TO",
            "\"Up to\": the number is the figure or fewer.",
        ),
    ];
}

impl GqlEnum for model::Derivation {
    const NAME: &'static str = "Derivation";
    const DESCRIPTION: &'static str = "How a statement was read from the passages it cites.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (model::Derivation::Stated, "STATED", "The quotes say it."),
        (model::Derivation::Inferred, "INFERRED", "A reading beyond the literal text of the quotes; the statement's `qualifiers.note` says\nwhy."),
        (model::Derivation::Reconstructed, "RECONSTRUCTED", "Pieced together from a document's layout (a timeline's columns, a table's rows) rather\nthan read from a sentence; `qualifiers.note` says how."),
    ];
}

impl GqlEnum for graph::Rank {
    const NAME: &'static str = "Rank";
    const DESCRIPTION: &'static str = "How a claim ranks among the claims of the same subject, predicate, object and role\n(Wikidata's ranks). When a source dates a role (an explicit start or end) and another\nsource's undated mention falls outside those dates, the sources disagree: the dated\nclaim is preferred, as a source that dates a role says more than one that lists it. No\nclaim is deprecated: the sources are never known to be wrong, only to disagree.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (
            graph::Rank::Preferred,
            "PREFERRED",
            "The claim to read where the sources disagree: it has the explicit dates.",
        ),
        (
            graph::Rank::Normal,
            "NORMAL",
            "No disagreement, or the undated side of one.",
        ),
    ];
}

impl GqlEnum for graph::Standing {
    const NAME: &'static str = "Standing";
    const DESCRIPTION: &'static str = "What is known of a claim at a date (`asOf`). A claim is known to hold from its explicit\nstart (else its first attestation) to its explicit end (else its last attestation, or its\nstart if later). Before that it is not yet attested when no source gives a start, and\ndoes not hold when one does; after that it was attested earlier when no source gives an\nend, and does not hold when one does. Partial dates compare as the days they may denote:\na claim attested in November 2025 is known to hold as of `2025`, not as of `2025-06`.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (graph::Standing::KnownToHold, "KNOWN_TO_HOLD", "Inside its explicit start and end, or between its first and last attestation: a\nsource says it holds then."),
        (graph::Standing::AttestedEarlier, "ATTESTED_EARLIER", "After its last attestation, with no end given: it held then and may still."),
        (graph::Standing::NotYetAttested, "NOT_YET_ATTESTED", "Before its first attestation, with no start given: unknown then (it may already\nhave held, no source says so)."),
    ];
}

impl GqlEnum for graph::Direction {
    const NAME: &'static str = "Direction";
    const DESCRIPTION: &'static str = "Which statements of an entity to follow.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (
            graph::Direction::Outgoing,
            "OUTGOING",
            "Statements whose subject is the entity.",
        ),
        (
            graph::Direction::Incoming,
            "INCOMING",
            "Statements whose object is the entity.",
        ),
        (graph::Direction::Both, "BOTH", "Both."),
    ];
}

impl GqlEnum for model::EntityKind {
    const NAME: &'static str = "EntityKind";
    const DESCRIPTION: &'static str = "The kind of an entity.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (model::EntityKind::State, "STATE", "A state (country), with ISO 3166-1 codes."),
        (model::EntityKind::Organisation, "ORGANISATION", "An international organisation, EU body or agency, office, NGO or consultancy."),
        (model::EntityKind::Process, "PROCESS", "A dialogue or process, such as the Budapest Process or the Prague Process."),
        (model::EntityKind::Region, "REGION", "A region, such as the Silk Routes region."),
        (model::EntityKind::Group, "GROUP", "A thematic working group, the Reference Group or another working group."),
        (model::EntityKind::Meeting, "MEETING", "A meeting or event: ministerial conference, senior officials meeting, working-group\nmeeting, webinar, ..."),
        (model::EntityKind::Place, "PLACE", "A city or site."),
        (model::EntityKind::Project, "PROJECT", "A project, pilot, facility or initiative."),
        (model::EntityKind::Document, "DOCUMENT", "A declaration, call for action, work plan, commitments, roadmap or paper."),
        (model::EntityKind::Milestone, "MILESTONE", "An entry of the dialogue's milestone timeline."),
        (model::EntityKind::Person, "PERSON", "A named person."),
    ];
}

impl GqlEnum for EntityOrder {
    const NAME: &'static str = "EntityOrder";
    const DESCRIPTION: &'static str = "The order of an entity list.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (EntityOrder::Name, "NAME", "By name, A to Z."),
        (EntityOrder::NameDesc, "NAME_DESC", "By name, Z to A."),
        (EntityOrder::Date, "DATE", "Oldest first; undated last."),
        (
            EntityOrder::DateDesc,
            "DATE_DESC",
            "Newest first; undated last.",
        ),
        (EntityOrder::Seed, "SEED", "In the order of the seed files."),
    ];
}

impl GqlEnum for model::Format {
    const NAME: &'static str = "Format";
    const DESCRIPTION: &'static str = "How a meeting is held.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (
            model::Format::InPerson,
            "IN_PERSON",
            "Participants meet in person.",
        ),
        (model::Format::Online, "ONLINE", "Online only."),
        (
            model::Format::Hybrid,
            "HYBRID",
            "In person with online participation.",
        ),
    ];
}

impl GqlEnum for HitKind {
    const NAME: &'static str = "HitKind";
    const DESCRIPTION: &'static str = "What a text-search hit was found in.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (
            HitKind::Entity,
            "ENTITY",
            "An entity's name, one of its aliases or its note.",
        ),
        (
            HitKind::Statement,
            "STATEMENT",
            "A statement's quote (one of its citations) or its note.",
        ),
        (HitKind::Passage, "PASSAGE", "A paragraph of a source text."),
    ];
}

impl GqlEnum for model::Predicate {
    const NAME: &'static str = "Predicate";
    const DESCRIPTION: &'static str =
        "The relation a statement expresses. Each has rules on what its subject and object may be.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (model::Predicate::Chairs, "CHAIRS", "The subject (a state) chairs the dialogue or group."),
        (model::Predicate::CoChairs, "CO_CHAIRS", "The subject (a state) co-chairs the dialogue or group."),
        (model::Predicate::SecretariatOf, "SECRETARIAT_OF", "The subject acts as the secretariat of the dialogue or group."),
        (model::Predicate::ParticipatesIn, "PARTICIPATES_IN", "The subject takes part in a dialogue, group or project."),
        (model::Predicate::MemberOf, "MEMBER_OF", "The subject is a member of an organisation or consortium."),
        (model::Predicate::PartOf, "PART_OF", "The subject is a component of the object."),
        (model::Predicate::LocatedIn, "LOCATED_IN", "The subject is located in a place, state or region."),
        (model::Predicate::InRegion, "IN_REGION", "The subject belongs to a region."),
        (model::Predicate::FocusesOn, "FOCUSES_ON", "The subject's geographic focus."),
        (model::Predicate::About, "ABOUT", "The subject's topic: an entity or a text."),
        (model::Predicate::Attended, "ATTENDED", "The subject attended the meeting."),
        (model::Predicate::Hosted, "HOSTED", "The subject hosted the meeting or project."),
        (model::Predicate::HeldIn, "HELD_IN", "The meeting takes place in a place or state."),
        (model::Predicate::MeetingOf, "MEETING_OF", "The meeting is a meeting of the dialogue or group."),
        (model::Predicate::OrganisedBy, "ORGANISED_BY", "The meeting is organised by the object."),
        (model::Predicate::ContributedTo, "CONTRIBUTED_TO", "The subject spoke, presented, moderated or otherwise contributed to the meeting (see `role`)."),
        (model::Predicate::AdoptedAt, "ADOPTED_AT", "The document was adopted or endorsed at the meeting."),
        (model::Predicate::Endorsed, "ENDORSED", "The subject endorsed the document."),
        (model::Predicate::Accompanies, "ACCOMPANIES", "The document accompanies another document."),
        (model::Predicate::Funds, "FUNDS", "The subject funds the object."),
        (model::Predicate::CoFunds, "CO_FUNDS", "The subject co-funds the object."),
        (model::Predicate::Implements, "IMPLEMENTS", "The subject implements the project or document."),
        (model::Predicate::Supports, "SUPPORTS", "The subject supports the object."),
        (model::Predicate::OperatesIn, "OPERATES_IN", "The project or organisation operates in a place, state or region."),
        (model::Predicate::OwnedBy, "OWNED_BY", "The project is owned by the object."),
        (model::Predicate::Proposed, "PROPOSED", "The subject proposed the object (a meeting, project, document, group or an idea in text)."),
        (model::Predicate::Announced, "ANNOUNCED", "The subject announced the object."),
        (model::Predicate::Requested, "REQUESTED", "The subject asked for the object."),
        (model::Predicate::Decided, "DECIDED", "What the meeting decided, agreed or concluded."),
        (model::Predicate::DecidedOn, "DECIDED_ON", "The meeting decided or agreed something that concerns the object (its `decided`\nstatements say what; `role` names the decision, e.g. \"agreement to update\")."),
        (model::Predicate::HasFigure, "HAS_FIGURE", "A figure the sources give about the subject (see `measure` and `unit`)."),
        (model::Predicate::PartnerOf, "PARTNER_OF", "The subject works in partnership with the object."),
        (model::Predicate::HoldsPosition, "HOLDS_POSITION", "The person holds a position (see `role`) in the organisation."),
        (model::Predicate::Led, "LED", "The subject led the object."),
        (model::Predicate::Produced, "PRODUCED", "The subject produced the document."),
        (model::Predicate::PriorityGoal, "PRIORITY_GOAL", "One of the document's priority goals."),
        (model::Predicate::MilestoneOf, "MILESTONE_OF", "The milestone belongs to the dialogue's timeline."),
        (model::Predicate::Involves, "INVOLVES", "An entity the milestone concerns."),
        (model::Predicate::Said, "SAID", "The subject said these words: the text is the quoted words, `role` the capacity in\nwhich the speaker spoke."),
        (model::Predicate::CharacterisedAs, "CHARACTERISED_AS", "How a source describes the subject, in the source's own words."),
    ];
}

impl GqlEnum for model::Status {
    const NAME: &'static str = "Status";
    const DESCRIPTION: &'static str =
        "Whether a meeting took place, is planned, is still to be confirmed or was only proposed.";
    const VALUES: &'static [(Self, &'static str, &'static str)] = &[
        (model::Status::Held, "HELD", "It took place."),
        (
            model::Status::Planned,
            "PLANNED",
            "It is planned (calendar items are tentative).",
        ),
        (model::Status::Tbc, "TBC", "To be confirmed."),
        (
            model::Status::Proposed,
            "PROPOSED",
            "It was proposed at a meeting.",
        ),
    ];
}

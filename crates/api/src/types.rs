//! GraphQL enums and scalars mirroring the model: kinds, predicates, status, format, dates.
//!
//! The enums are `remote` copies of the model's, so the compiler checks they stay in step.

use async_graphql::{
    Enum, InputValueError, InputValueResult, Scalar, ScalarType, SimpleObject, Value,
};
use bpgraph_model::{self as model, DateSpec};

/// The kind of an entity.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::EntityKind")]
pub enum EntityKind {
    /// A state (country), with ISO 3166-1 codes.
    State,
    /// An international organisation, EU body or agency, office, NGO or consultancy.
    Organisation,
    /// A dialogue or process, such as the Budapest Process or the Prague Process.
    Process,
    /// A region, such as the Silk Routes region.
    Region,
    /// A thematic working group, the Reference Group or another working group.
    Group,
    /// A meeting or event: ministerial conference, senior officials meeting, working-group
    /// meeting, webinar, ...
    Meeting,
    /// A city or site.
    Place,
    /// A project, pilot, facility or initiative.
    Project,
    /// A declaration, call for action, work plan, commitments, roadmap or paper.
    Document,
    /// An entry of the dialogue's milestone timeline.
    Milestone,
    /// A named person.
    Person,
}

/// The relation a statement expresses. Each has rules on what its subject and object may be.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Predicate")]
pub enum Predicate {
    /// The subject (a state) chairs the dialogue or group.
    Chairs,
    /// The subject (a state) co-chairs the dialogue or group.
    CoChairs,
    /// The subject acts as the secretariat of the dialogue or group.
    SecretariatOf,
    /// The subject takes part in a dialogue, group or project.
    ParticipatesIn,
    /// The subject is a member of an organisation or consortium.
    MemberOf,
    /// The subject is a component of the object.
    PartOf,
    /// The subject is located in a place, state or region.
    LocatedIn,
    /// The subject belongs to a region.
    InRegion,
    /// The subject's geographic focus.
    FocusesOn,
    /// The subject's topic: an entity or a text.
    About,
    /// The subject attended the meeting.
    Attended,
    /// The subject hosted the meeting or project.
    Hosted,
    /// The meeting takes place in a place or state.
    HeldIn,
    /// The meeting is a meeting of the dialogue or group.
    MeetingOf,
    /// The meeting is organised by the object.
    OrganisedBy,
    /// The subject spoke, presented, moderated or otherwise contributed to the meeting (see `role`).
    ContributedTo,
    /// The document was adopted or endorsed at the meeting.
    AdoptedAt,
    /// The subject endorsed the document.
    Endorsed,
    /// The document accompanies another document.
    Accompanies,
    /// The subject funds the object.
    Funds,
    /// The subject co-funds the object.
    CoFunds,
    /// The subject implements the project or document.
    Implements,
    /// The subject supports the object.
    Supports,
    /// The project or organisation operates in a place, state or region.
    OperatesIn,
    /// The project is owned by the object.
    OwnedBy,
    /// The subject proposed the object (a meeting, project, document, group or an idea in text).
    Proposed,
    /// The subject announced the object.
    Announced,
    /// The subject asked for the object.
    Requested,
    /// What the meeting decided, agreed or concluded.
    Decided,
    /// A figure the sources give about the subject (see `measure` and `unit`).
    HasFigure,
    /// The subject works in partnership with the object.
    PartnerOf,
    /// The person holds a position (see `role`) in the organisation.
    HoldsPosition,
    /// The subject led the object.
    Led,
    /// The subject produced the document.
    Produced,
    /// One of the document's priority goals.
    PriorityGoal,
    /// The milestone belongs to the dialogue's timeline.
    MilestoneOf,
    /// An entity the milestone concerns.
    Involves,
}

/// Whether a meeting took place, is planned, is still to be confirmed or was only proposed.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Status")]
pub enum Status {
    /// It took place.
    Held,
    /// It is planned (calendar items are tentative).
    Planned,
    /// To be confirmed.
    Tbc,
    /// It was proposed at a meeting.
    Proposed,
}

/// How a statement was read from the passages it cites.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Derivation")]
pub enum Derivation {
    /// The quotes say it.
    Stated,
    /// A reading beyond the literal text of the quotes; the statement's `qualifiers.note` says
    /// why.
    Inferred,
    /// Pieced together from a document's layout (a timeline's columns, a table's rows) rather
    /// than read from a sentence; `qualifiers.note` says how.
    Reconstructed,
}

/// How a meeting is held.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Format")]
pub enum Format {
    /// Participants meet in person.
    InPerson,
    /// Online only.
    Online,
    /// In person with online participation.
    Hybrid,
}

/// Which statements of an entity to follow.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
#[graphql(remote = "bpgraph_graph::Direction")]
pub enum Direction {
    /// Statements whose subject is the entity.
    Outgoing,
    /// Statements whose object is the entity.
    Incoming,
    /// Both.
    #[default]
    Both,
}

/// How precisely a date is known.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "model::Precision")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
}

/// A date known to year, month or day precision, or a range of such dates, as the source
/// states it (`2026`, `2026-03`, `2026-03-04`, `2025-11-26/2025-11-27`).
#[derive(SimpleObject, Clone, Debug)]
pub struct PartialDate {
    /// The date as written, in partial ISO 8601 (a range as `from/to`).
    pub iso: String,
    /// Precision of the (first) date.
    pub precision: DatePrecision,
    /// Year of the (first) date.
    pub year: i32,
    /// Month of the (first) date, if known.
    pub month: Option<i32>,
    /// Day of the (first) date, if known.
    pub day: Option<i32>,
    /// Whether this is a range.
    pub is_range: bool,
    /// The first day it may denote (YYYY-MM-DD).
    pub earliest: String,
    /// The last day it may denote (YYYY-MM-DD).
    pub latest: String,
}

fn day_iso((year, month, day): model::Day) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

impl From<&DateSpec> for PartialDate {
    fn from(date: &DateSpec) -> Self {
        PartialDate {
            iso: date.to_string(),
            precision: date.from.precision().into(),
            year: date.from.year,
            month: date.from.month.map(i32::from),
            day: date.from.day.map(i32::from),
            is_range: date.is_range(),
            earliest: day_iso(date.first_day()),
            latest: day_iso(date.last_day()),
        }
    }
}

/// A year (`2026` or `"2026"`), a month (`"2026-03"`), a day (`"2026-03-04"`) or a range
/// (`"2025-11-26/2025-11-27"`).
#[derive(Clone, Copy, Debug)]
pub struct DateInput(pub DateSpec);

/// A date to filter by: a year (`2026` or `"2026"`), a month (`"2026-03"`), a day
/// (`"2026-03-04"`) or a range (`"2025-11-26/2025-11-27"`), in partial ISO 8601.
#[Scalar(name = "DateInput")]
impl ScalarType for DateInput {
    fn parse(value: Value) -> InputValueResult<Self> {
        let text = match &value {
            Value::String(text) => text.clone(),
            Value::Number(n) if n.is_i64() => n.to_string(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        text.parse()
            .map(DateInput)
            .map_err(|e: model::DateError| InputValueError::custom(e.to_string()))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

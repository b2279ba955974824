//! Entity kinds with their closed category lists, and the status/format enumerations.

use serde::Deserialize;
use std::fmt;

/// The kinds of entity the graph links. The seed's record tables are named after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    State,
    Organisation,
    Process,
    Region,
    Group,
    Meeting,
    Place,
    Project,
    Document,
    Milestone,
    Person,
}

impl EntityKind {
    pub const ALL: [EntityKind; 11] = [
        EntityKind::State,
        EntityKind::Organisation,
        EntityKind::Process,
        EntityKind::Region,
        EntityKind::Group,
        EntityKind::Meeting,
        EntityKind::Place,
        EntityKind::Project,
        EntityKind::Document,
        EntityKind::Milestone,
        EntityKind::Person,
    ];

    /// The record table name in seed files, e.g. `state` for `[[state]]`.
    pub fn table(self) -> &'static str {
        match self {
            EntityKind::State => "state",
            EntityKind::Organisation => "organisation",
            EntityKind::Process => "process",
            EntityKind::Region => "region",
            EntityKind::Group => "group",
            EntityKind::Meeting => "meeting",
            EntityKind::Place => "place",
            EntityKind::Project => "project",
            EntityKind::Document => "document",
            EntityKind::Milestone => "milestone",
            EntityKind::Person => "person",
        }
    }

    pub fn from_table(table: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.table() == table)
    }

    /// The categories an entity of this kind may have; empty when the kind has none.
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            EntityKind::Organisation => &[
                "international_organisation",
                "eu_institution",
                "eu_agency",
                "un_agency",
                "regional_initiative",
                "government_body",
                "office",
                "consultancy",
                "ngo",
                "consortium",
            ],
            EntityKind::Group => &[
                "thematic_working_group",
                "reference_group",
                "regional_working_group",
            ],
            EntityKind::Meeting => &[
                "ministerial_conference",
                "senior_officials_meeting",
                "working_group_meeting",
                "reference_group_meeting",
                "thematic_meeting",
                "consultation_meeting",
                "webinar",
                "forum",
                "panel",
            ],
            EntityKind::Project => &[
                "project", "pilot", "facility", "centre", "network", "review",
            ],
            EntityKind::Document => &[
                "declaration",
                "call_for_action",
                "commitments",
                "work_plan",
                "framework",
                "roadmap",
                "conclusions",
                "knowledge_product",
                "compact",
                "action_plan",
            ],
            _ => &[],
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.table())
    }
}

/// Whether a meeting took place, is planned, is still to be confirmed or was only proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Held,
    Planned,
    Tbc,
    Proposed,
}

/// How a statement, or a date, was read from the passages it cites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// The quotes say it.
    #[default]
    Stated,
    /// A reading beyond the literal text; the statement's note says why.
    Inferred,
    /// Pieced together from a document's layout (a timeline's columns, a table's rows), not
    /// from a sentence; the note says how.
    Reconstructed,
}

impl Derivation {
    pub fn as_str(self) -> &'static str {
        match self {
            Derivation::Stated => "stated",
            Derivation::Inferred => "inferred",
            Derivation::Reconstructed => "reconstructed",
        }
    }
}

/// How a figure bounds the true number, as its source words it. A figure without a bound is
/// given as exact (or as the source rounds it, with no word saying so). The sources say
/// "over" and "more than"; the other words are the ones a count is commonly qualified with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// "at least 50": the number is 50 or more.
    AtLeast,
    /// "over 50", "more than 50": the number is above 50.
    MoreThan,
    /// "about 50", "some 50", "around 50": the number is near 50.
    About,
    /// "up to 50": the number is 50 or fewer.
    UpTo,
}

impl Bound {
    /// Every bound, in the order they are documented.
    pub const ALL: [Bound; 4] = [Bound::AtLeast, Bound::MoreThan, Bound::About, Bound::UpTo];

    /// The bound as the seed writes it, e.g. `more_than`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::AtLeast => "at_least",
            Bound::MoreThan => "more_than",
            Bound::About => "about",
            Bound::UpTo => "up_to",
        }
    }
}

/// How a meeting is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    InPerson,
    Online,
    Hybrid,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Planned => "planned",
            Status::Tbc => "tbc",
            Status::Proposed => "proposed",
        }
    }
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::InPerson => "in_person",
            Format::Online => "online",
            Format::Hybrid => "hybrid",
        }
    }
}

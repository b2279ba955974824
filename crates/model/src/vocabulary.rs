//! The closed predicate vocabulary with its domain and range rules.
//!
//! A predicate names a relation (`co_chairs`, `attended`, ...) and says which entity kinds may be
//! its subject and what its object may be. The seed's `predicate` field must be one of these
//! names; the loader rejects a statement whose subject or object kind breaks the rule.

use super::EntityKind::{self, *};
use std::fmt;

/// What the object of a predicate may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectRange {
    /// An entity of one of these kinds.
    Entities(&'static [EntityKind]),
    /// An entity of one of these kinds, or a text value.
    EntitiesOrText(&'static [EntityKind]),
    /// A text value.
    Text,
    /// A number, qualified by a `measure`.
    Number,
}

impl ObjectRange {
    pub fn allows_entity(self, kind: EntityKind) -> bool {
        match self {
            ObjectRange::Entities(kinds) | ObjectRange::EntitiesOrText(kinds) => {
                kinds.contains(&kind)
            }
            ObjectRange::Text | ObjectRange::Number => false,
        }
    }

    pub fn allows_text(self) -> bool {
        matches!(self, ObjectRange::Text | ObjectRange::EntitiesOrText(_))
    }

    pub fn allows_number(self) -> bool {
        self == ObjectRange::Number
    }
}

impl fmt::Display for ObjectRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = |kinds: &[EntityKind]| {
            kinds
                .iter()
                .map(|k| k.table())
                .collect::<Vec<_>>()
                .join(" or ")
        };
        match self {
            ObjectRange::Entities(k) => write!(f, "an entity of kind {}", kinds(k)),
            ObjectRange::EntitiesOrText(k) => {
                write!(f, "a text or an entity of kind {}", kinds(k))
            }
            ObjectRange::Text => f.write_str("a text"),
            ObjectRange::Number => f.write_str("a number"),
        }
    }
}

macro_rules! vocabulary {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal : [$($subject:ident),*] => $range:expr; )*) => {
        /// A relation between a subject entity and an object.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Predicate {
            $( $(#[$doc])* $variant, )*
        }

        impl Predicate {
            pub const ALL: &'static [Predicate] = &[$(Predicate::$variant),*];

            /// The name used in seed files, e.g. `co_chairs`.
            pub fn name(self) -> &'static str {
                match self { $(Predicate::$variant => $name,)* }
            }

            /// The entity kinds that may be the subject.
            pub fn domain(self) -> &'static [EntityKind] {
                match self { $(Predicate::$variant => &[$($subject),*],)* }
            }

            /// What the object may be.
            pub fn range(self) -> ObjectRange {
                match self { $(Predicate::$variant => $range,)* }
            }
        }
    };
}

const ANY: &[EntityKind] = &EntityKind::ALL;

vocabulary! {
    /// The subject (a state) chairs the dialogue or group.
    Chairs = "chairs": [State] => ObjectRange::Entities(&[Process, Group]);
    /// The subject (a state) co-chairs the dialogue or group.
    CoChairs = "co_chairs": [State] => ObjectRange::Entities(&[Process, Group]);
    /// The subject acts as the secretariat of the dialogue or group.
    SecretariatOf = "secretariat_of": [Organisation] => ObjectRange::Entities(&[Process, Group]);
    /// The subject takes part in a dialogue, group or project.
    ParticipatesIn = "participates_in": [State, Organisation, Region, Process] => ObjectRange::Entities(&[Process, Group, Project]);
    /// The subject is a member of an organisation or consortium.
    MemberOf = "member_of": [Organisation, Person] => ObjectRange::Entities(&[Organisation]);
    /// The subject is a component of the object.
    PartOf = "part_of": [Organisation, Group, Project, Document, Meeting, Place] => ObjectRange::Entities(&[Organisation, Process, Group, Project, Document, Meeting]);
    /// The subject is located in a place, state or region.
    LocatedIn = "located_in": [Place, Organisation] => ObjectRange::Entities(&[Place, State, Region]);
    /// The subject belongs to a region.
    InRegion = "in_region": [State, Place] => ObjectRange::Entities(&[Region]);
    /// The subject's geographic focus.
    FocusesOn = "focuses_on": [Process, Group, Project, Meeting, Document] => ObjectRange::Entities(&[Region, State]);
    /// The subject's topic: an entity or a text.
    About = "about": [Meeting, Document, Project, Group, Process] => ObjectRange::EntitiesOrText(ANY);
    /// The subject attended the meeting.
    Attended = "attended": [State, Organisation, Process] => ObjectRange::Entities(&[Meeting]);
    /// The subject hosted the meeting or project.
    Hosted = "hosted": [State, Organisation, Place] => ObjectRange::Entities(&[Meeting, Project]);
    /// The meeting takes place in a place or state.
    HeldIn = "held_in": [Meeting] => ObjectRange::Entities(&[Place, State]);
    /// The meeting is a meeting of the dialogue or group.
    MeetingOf = "meeting_of": [Meeting] => ObjectRange::Entities(&[Process, Group]);
    /// The meeting is organised by the object.
    OrganisedBy = "organised_by": [Meeting] => ObjectRange::Entities(&[Organisation, Process, Group, State]);
    /// The subject spoke, presented, moderated or otherwise contributed to the meeting (see `role`).
    ContributedTo = "contributed_to": [State, Organisation, Person, Project, Process, Group] => ObjectRange::Entities(&[Meeting]);
    /// The document was adopted or endorsed at the meeting.
    AdoptedAt = "adopted_at": [Document] => ObjectRange::Entities(&[Meeting]);
    /// The subject endorsed the document.
    Endorsed = "endorsed": [State, Organisation, Process, Group, Meeting] => ObjectRange::Entities(&[Document]);
    /// The document accompanies another document.
    Accompanies = "accompanies": [Document] => ObjectRange::Entities(&[Document]);
    /// The subject funds the object.
    Funds = "funds": [State, Organisation, Project] => ObjectRange::Entities(&[Process, Project, Meeting, Organisation]);
    /// The subject co-funds the object.
    CoFunds = "co_funds": [State, Organisation] => ObjectRange::Entities(&[Process, Project]);
    /// The subject implements the project or document.
    Implements = "implements": [Organisation, State, Process] => ObjectRange::Entities(&[Project, Document]);
    /// The subject supports the object.
    Supports = "supports": [State, Organisation, Project, Process, Group] => ObjectRange::Entities(&[Project, Process, Meeting, State, Group, Document]);
    /// The project or organisation operates in a place, state or region.
    OperatesIn = "operates_in": [Project, Organisation] => ObjectRange::Entities(&[Place, State, Region]);
    /// The project is owned by the object.
    OwnedBy = "owned_by": [Project] => ObjectRange::Entities(&[State, Organisation]);
    /// The subject proposed the object (a meeting, project, document, group or an idea in text).
    Proposed = "proposed": [State, Organisation, Process, Group, Meeting] => ObjectRange::EntitiesOrText(&[Meeting, Project, Document, Group]);
    /// The subject announced the object.
    Announced = "announced": [State, Organisation] => ObjectRange::Entities(&[Project, Meeting, Document]);
    /// The subject asked for the object.
    Requested = "requested": [State, Organisation] => ObjectRange::Entities(&[Project, Meeting]);
    /// What the meeting decided, agreed or concluded.
    Decided = "decided": [Meeting] => ObjectRange::Text;
    /// The meeting decided or agreed something that concerns the object (its `decided`
    /// statements say what; `role` names the decision, e.g. "agreement to update").
    DecidedOn = "decided_on": [Meeting] => ObjectRange::Entities(&[Document, Meeting, Project, Group, Process]);
    /// A figure the sources give about the subject (see `measure` and `unit`).
    HasFigure = "has_figure": [State, Organisation, Process, Region, Group, Meeting, Place, Project, Document, Milestone, Person] => ObjectRange::Number;
    /// The subject works in partnership with the object.
    PartnerOf = "partner_of": [State, Organisation, Process, Project] => ObjectRange::Entities(&[State, Organisation, Process, Project]);
    /// The person holds a position (see `role`) in the organisation.
    HoldsPosition = "holds_position": [Person] => ObjectRange::Entities(&[Organisation]);
    /// The subject led the object.
    Led = "led": [Organisation, Person, State] => ObjectRange::Entities(&[Project, Meeting, Document, Group]);
    /// The subject produced the document.
    Produced = "produced": [Organisation, Process, Group, Meeting] => ObjectRange::Entities(&[Document]);
    /// One of the document's priority goals.
    PriorityGoal = "priority_goal": [Document] => ObjectRange::Text;
    /// The milestone belongs to the dialogue's timeline.
    MilestoneOf = "milestone_of": [Milestone] => ObjectRange::Entities(&[Process]);
    /// An entity the milestone concerns.
    Involves = "involves": [Milestone] => ObjectRange::Entities(ANY);
    /// The subject said these words: the text is the quoted words, `role` the capacity in
    /// which the speaker spoke.
    Said = "said": [Person, State, Organisation] => ObjectRange::Text;
    /// How a source describes the subject, in the source's own words.
    CharacterisedAs = "characterised_as": [State, Organisation, Process, Region, Group, Meeting, Place, Project, Document, Milestone, Person] => ObjectRange::Text;
}

impl Predicate {
    pub fn from_name(name: &str) -> Option<Predicate> {
        Predicate::ALL.iter().copied().find(|p| p.name() == name)
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

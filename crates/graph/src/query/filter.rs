//! Which entities match a set of criteria ([`EntityFilter`]): by date, place, format, status,
//! series and attendance. The only implementation of these meanings; the API's list filters
//! resolve their names to ids and call it.

use crate::handles::EntityRef;
use crate::{EntityId, KnowledgeGraph};
use bpgraph_model::{EntityKind, Format, Predicate, Status};
use rustc_hash::FxHashSet as HashSet;

/// Criteria for entity lists; `None` means any. Every criterion given must hold, and each
/// applies to the kinds that have what it looks at: entities of other kinds do not match it
/// (a state has no format; a document attends nothing).
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Dated entities whose date overlaps this year or later.
    pub year_from: Option<i32>,
    /// Dated entities whose date overlaps this year or earlier.
    pub year_to: Option<i32>,
    /// Entities in any of these places, states or regions (see [`KnowledgeGraph::is_in`]).
    pub places: Option<Vec<EntityId>>,
    /// Meetings held in any of these formats.
    pub formats: Option<Vec<Format>>,
    /// Meetings with any of these statuses.
    pub statuses: Option<Vec<Status>>,
    /// Meetings of any of these dialogues or groups.
    pub meeting_of: Option<Vec<EntityId>>,
    /// Entities that attended every one of these meetings (none listed: nothing matches).
    pub attended_all: Option<Vec<EntityId>>,
    /// Entities that attended at least one of these meetings.
    pub attended_any: Option<Vec<EntityId>>,
    /// Entities of a kind that attends meetings that attended none of these.
    pub attended_none: Option<Vec<EntityId>>,
}

/// Where an entity is: the statements that place it, directly.
const PLACED_BY: [Predicate; 4] = [
    Predicate::HeldIn,
    Predicate::OperatesIn,
    Predicate::LocatedIn,
    Predicate::InRegion,
];
/// What a place lies in: a place is also in these, one level up.
const LIES_IN: [Predicate; 2] = [Predicate::LocatedIn, Predicate::InRegion];

impl KnowledgeGraph {
    /// The entities of `entities` that match `filter`, in their order.
    pub fn filter_entities<'g>(
        &'g self,
        entities: impl IntoIterator<Item = EntityRef<'g>>,
        filter: &EntityFilter,
    ) -> Vec<EntityRef<'g>> {
        let attendance = |meetings: &Option<Vec<EntityId>>| {
            meetings.as_ref().map(|meetings| {
                meetings
                    .iter()
                    .map(|&m| self.participants(m, None).iter().map(|e| e.id()).collect())
                    .collect::<Vec<HashSet<EntityId>>>()
            })
        };
        let (all, any, none) = (
            attendance(&filter.attended_all),
            attendance(&filter.attended_any),
            attendance(&filter.attended_none),
        );
        let attends = |e: &EntityRef<'_>| Predicate::Attended.domain().contains(&e.kind());
        entities
            .into_iter()
            .filter(|e| {
                let date = e.date();
                filter
                    .year_from
                    .is_none_or(|y| date.is_some_and(|d| d.to.year >= y))
                    && filter
                        .year_to
                        .is_none_or(|y| date.is_some_and(|d| d.from.year <= y))
                    && filter
                        .formats
                        .as_ref()
                        .is_none_or(|fs| e.format().is_some_and(|f| fs.contains(&f)))
                    && filter
                        .statuses
                        .as_ref()
                        .is_none_or(|ss| e.status().is_some_and(|s| ss.contains(&s)))
                    && filter
                        .places
                        .as_ref()
                        .is_none_or(|places| places.iter().any(|&p| self.is_in(*e, p)))
                    && filter.meeting_of.as_ref().is_none_or(|groups| {
                        e.objects(Predicate::MeetingOf)
                            .iter()
                            .any(|o| groups.contains(&o.id()))
                    })
                    && all.as_ref().is_none_or(|sets| {
                        !sets.is_empty() && sets.iter().all(|s| s.contains(&e.id()))
                    })
                    && any
                        .as_ref()
                        .is_none_or(|sets| sets.iter().any(|s| s.contains(&e.id())))
                    && none
                        .as_ref()
                        .is_none_or(|sets| attends(e) && sets.iter().all(|s| !s.contains(&e.id())))
            })
            .collect()
    }

    /// Whether `entity` is in `place`: held, operating or located there or in the region,
    /// directly or one level down (a meeting held in Istanbul is in Türkiye; a place in
    /// Türkiye is in Türkiye's region).
    pub fn is_in(&self, entity: EntityRef<'_>, place: EntityId) -> bool {
        PLACED_BY.iter().any(|&predicate| {
            entity.objects(predicate).iter().any(|at| {
                at.id() == place
                    || LIES_IN
                        .iter()
                        .any(|&p| at.objects(p).iter().any(|outer| outer.id() == place))
            })
        })
    }

    /// The entities that attended `meeting`, each once, optionally of one kind, in seed order.
    pub fn participants(&self, meeting: EntityId, kind: Option<EntityKind>) -> Vec<EntityRef<'_>> {
        // `subjects` names each entity once already.
        let mut participants = self.entity(meeting).subjects(Predicate::Attended);
        participants.retain(|e| kind.is_none_or(|k| e.kind() == k));
        participants
    }
}

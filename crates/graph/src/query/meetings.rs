//! Meetings by date, place, format, status and series; who attended them, and which entities
//! attended all, any or none of a set of meetings.

use crate::handles::EntityRef;
use crate::{EntityId, KnowledgeGraph};
use bpgraph_model::{DateSpec, EntityKind, Format, Predicate, Status};
use std::collections::{BTreeSet, HashSet};

/// Criteria for [`KnowledgeGraph::meetings`]; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    /// Inclusive range of years the meeting's date must overlap.
    pub years: Option<(i32, i32)>,
    /// A place or state the meeting is held in (a state matches its places too).
    pub place: Option<EntityId>,
    pub format: Option<Format>,
    pub status: Option<Status>,
    /// The dialogue or group the meeting is a meeting of.
    pub meeting_of: Option<EntityId>,
}

impl KnowledgeGraph {
    /// Meetings matching `filter`, in date order (undated last).
    pub fn meetings(&self, filter: &MeetingFilter) -> Vec<EntityRef<'_>> {
        let mut meetings: Vec<_> = self
            .entities_of_kind(EntityKind::Meeting)
            .filter(|m| filter.format.is_none_or(|f| m.format() == Some(f)))
            .filter(|m| filter.status.is_none_or(|s| m.status() == Some(s)))
            .filter(|m| {
                filter.years.is_none_or(|(from, to)| {
                    m.date()
                        .is_some_and(|d| d.from.year <= to && d.to.year >= from)
                })
            })
            .filter(|m| {
                filter
                    .meeting_of
                    .is_none_or(|g| m.objects(Predicate::MeetingOf).iter().any(|o| o.id() == g))
            })
            .filter(|m| filter.place.is_none_or(|p| self.held_in(*m, p)))
            .collect();
        meetings.sort_by(|a, b| {
            DateSpec::dated_first(a.date(), b.date(), false).then_with(|| a.name().cmp(b.name()))
        });
        meetings
    }

    /// Whether `meeting` is held in `place`, directly or in a place located in it.
    fn held_in(&self, meeting: EntityRef<'_>, place: EntityId) -> bool {
        meeting.objects(Predicate::HeldIn).iter().any(|p| {
            p.id() == place
                || p.objects(Predicate::LocatedIn)
                    .iter()
                    .any(|outer| outer.id() == place)
        })
    }

    /// The entities that attended `meeting`, optionally of one kind, in seed order.
    pub fn participants(&self, meeting: EntityId, kind: Option<EntityKind>) -> Vec<EntityRef<'_>> {
        let mut seen = HashSet::new();
        self.entity(meeting)
            .subjects(Predicate::Attended)
            .into_iter()
            .filter(|e| kind.is_none_or(|k| e.kind() == k))
            .filter(|e| seen.insert(e.id()))
            .collect()
    }

    fn attendance(&self, meetings: &[EntityId]) -> Vec<BTreeSet<EntityId>> {
        meetings
            .iter()
            .map(|&m| self.participants(m, None).iter().map(|e| e.id()).collect())
            .collect()
    }

    /// Entities that attended every one of `meetings` (none if the list is empty).
    pub fn attended_all(&self, meetings: &[EntityId]) -> Vec<EntityRef<'_>> {
        let sets = self.attendance(meetings);
        let Some((first, rest)) = sets.split_first() else {
            return Vec::new();
        };
        self.in_order(
            first
                .iter()
                .filter(|id| rest.iter().all(|set| set.contains(id)))
                .copied()
                .collect(),
        )
    }

    /// Entities that attended at least one of `meetings`.
    pub fn attended_any(&self, meetings: &[EntityId]) -> Vec<EntityRef<'_>> {
        self.in_order(self.attendance(meetings).into_iter().flatten().collect())
    }

    /// Entities of a kind that can attend meetings (states, organisations, processes) that
    /// attended none of `meetings`.
    pub fn attended_none(&self, meetings: &[EntityId]) -> Vec<EntityRef<'_>> {
        let attended: BTreeSet<EntityId> =
            self.attendance(meetings).into_iter().flatten().collect();
        self.entities()
            .filter(|e| Predicate::Attended.domain().contains(&e.kind()))
            .filter(|e| !attended.contains(&e.id()))
            .collect()
    }

    fn in_order(&self, ids: BTreeSet<EntityId>) -> Vec<EntityRef<'_>> {
        ids.into_iter().map(|id| self.entity(id)).collect()
    }
}

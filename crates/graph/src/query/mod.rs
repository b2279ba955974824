//! The relational questions the API asks of the graph. This file: which statements of an entity
//! to read ([`StatementQuery`]), when a statement holds ([`holds_at`], the one place time
//! semantics of statements live), chair timelines and how an object is named; [`claims`] which
//! claims of an entity to read; [`filter`] says which entities
//! match list criteria (date, place, attendance), [`paths`] finds shortest paths and
//! neighbourhoods.

#[cfg(test)]
mod claim_tests;
mod claims;
mod filter;
mod paths;
#[cfg(test)]
mod tests;

pub use claims::{ClaimQuery, Standing};
pub use filter::EntityFilter;
pub use paths::{Neighbourhood, PathStep};

use super::handles::{ObjectRef, StatementRef};
use super::{EntityId, KnowledgeGraph};
use bpgraph_model::{DateSpec, Derivation, Predicate, Qualifiers};

/// Which statements of an entity to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Statements whose subject is the entity.
    Outgoing,
    /// Statements whose object is the entity.
    Incoming,
    /// Both.
    #[default]
    Both,
}

/// A filter on an entity's statements.
#[derive(Debug, Clone, Default)]
pub struct StatementQuery {
    pub predicate: Option<Predicate>,
    pub direction: Direction,
    /// Keep only statements that hold at this date (see [`holds_at`]).
    pub as_of: Option<DateSpec>,
    /// Keep only statements read in one of these ways; empty keeps all.
    pub derivations: Vec<Derivation>,
    /// Keep only dated statements whose dates were read in one of these ways; empty keeps all
    /// (an undated statement has no date reading, so any entry here leaves it out).
    pub date_derivations: Vec<Derivation>,
    /// Keep only statements with one of these predicates (a relation named by several, such
    /// as funding: `funds` and `co_funds`); empty keeps all.
    pub any_of: Vec<Predicate>,
}

impl StatementQuery {
    pub fn outgoing(predicate: Predicate) -> Self {
        StatementQuery {
            predicate: Some(predicate),
            direction: Direction::Outgoing,
            ..StatementQuery::default()
        }
    }

    pub fn incoming(predicate: Predicate) -> Self {
        StatementQuery {
            predicate: Some(predicate),
            direction: Direction::Incoming,
            ..StatementQuery::default()
        }
    }

    pub fn as_of(mut self, date: DateSpec) -> Self {
        self.as_of = Some(date);
        self
    }

    /// Whether `statement` has the predicate and holds at the date asked for (direction is
    /// the caller's to apply).
    pub fn matches(&self, statement: &StatementRef<'_>) -> bool {
        self.predicate.is_none_or(|p| statement.predicate() == p)
            && (self.any_of.is_empty() || self.any_of.contains(&statement.predicate()))
            && self
                .as_of
                .is_none_or(|date| holds_at(statement.qualifiers(), &date))
            && (self.derivations.is_empty()
                || self
                    .derivations
                    .contains(&statement.qualifiers().derivation))
            && (self.date_derivations.is_empty()
                || statement
                    .qualifiers()
                    .date_derivation
                    .is_some_and(|d| self.date_derivations.contains(&d)))
    }
}

/// Whether a statement holds at `date`, by what its sources say:
/// - with `start` and/or `end`, it holds from the start (or always before) until the end (or
///   ever after);
/// - with only `at` (attested at that time, start unknown), it holds from `at` on;
/// - with no time qualifier, it is timeless and always holds.
///
/// Partial dates count as overlapping: `2026` holds as of `2026-03-04`.
pub fn holds_at(qualifiers: &Qualifiers, date: &DateSpec) -> bool {
    let from = qualifiers.start.as_ref().or(match qualifiers.end {
        Some(_) => None,
        None => qualifiers.at.as_ref(),
    });
    let started = from.is_none_or(|from| from.first_day() <= date.last_day());
    let not_ended = qualifiers
        .end
        .as_ref()
        .is_none_or(|end| end.last_day() >= date.first_day());
    started && not_ended
}

/// The date a time-qualified statement is sorted by: its start, else when it is attested.
fn sort_date(qualifiers: &Qualifiers) -> Option<&DateSpec> {
    qualifiers.start.as_ref().or(qualifiers.at.as_ref())
}

impl KnowledgeGraph {
    /// Who held `predicates` (e.g. chairs, co-chairs) of `group` over time, oldest first;
    /// undated statements last. Conflicting statements are all kept.
    pub fn timeline(&self, group: EntityId, predicates: &[Predicate]) -> Vec<StatementRef<'_>> {
        let query = StatementQuery {
            direction: Direction::Incoming,
            // One predicate (the usual case) is filtered while the adjacency list is read.
            predicate: match predicates {
                [one] => Some(*one),
                _ => None,
            },
            ..StatementQuery::default()
        };
        let mut entries: Vec<_> = self
            .entity(group)
            .statements(&query)
            .into_iter()
            .filter(|s| predicates.contains(&s.predicate()))
            .collect();
        entries.sort_by(|a, b| {
            let (qa, qb) = (a.qualifiers(), b.qualifiers());
            DateSpec::dated_first(sort_date(qa), sort_date(qb), false)
                .then_with(|| a.predicate().cmp(&b.predicate()))
                .then_with(|| a.subject().name().cmp(b.subject().name()))
        });
        entries
    }
}

impl<'g> ObjectRef<'g> {
    /// The object as a reader would name it: the entity's name, the text or the number.
    pub fn label(&self) -> std::borrow::Cow<'g, str> {
        match self {
            ObjectRef::Entity(entity) => entity.name().into(),
            other => other.display().into(),
        }
    }

    /// The object as text, for display (an entity by its slug).
    pub fn display(&self) -> String {
        match self {
            ObjectRef::Entity(e) => e.slug().to_owned(),
            ObjectRef::Text(t) => (*t).to_owned(),
            ObjectRef::Number(n) => n.to_string(),
        }
    }
}

//! Which claims of an entity to read ([`ClaimQuery`]): its statements as [`StatementQuery`]
//! selects them, grouped into claims, then kept by their [`Standing`] at a date; and the one
//! rule of what is known of a claim at a date ([`ClaimRef::standing`]).

use super::{Direction, StatementQuery};
use crate::handles::EntityRef;
use crate::{ClaimRef, EntityId, KnowledgeGraph};
use bpgraph_model::{DateSpec, Predicate};

/// What is known of a claim at a date (see [`ClaimRef::standing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Inside its explicit interval, or between its first and last attestation.
    KnownToHold,
    /// After its last attestation, with no explicit end: it held then and may still.
    AttestedEarlier,
    /// Before its first attestation, with no explicit start: unknown then.
    NotYetAttested,
}

impl Standing {
    /// What `asOf` returns unless asked otherwise: the claims known to hold, and those attested
    /// earlier (what a date used to return, now marked).
    pub const DEFAULT: [Standing; 2] = [Standing::KnownToHold, Standing::AttestedEarlier];
}

impl<'g> ClaimRef<'g> {
    /// What is known of the claim at `date`, or `None` where it does not hold (outside its
    /// explicit interval). The one rule:
    /// - it is known to hold from its explicit start (else its first attestation) to its
    ///   explicit end (else the later of its last attestation and its start);
    /// - before that, without an explicit start, it is not yet attested (unknown then);
    /// - after that, without an explicit end, it was attested earlier (held then, may still).
    ///
    /// Partial dates compare as the intervals they denote and overlap generously, as in
    /// [`crate::holds_at`]: a claim attested in `2025-11` is known to hold as of `2025`.
    pub fn standing(&self, date: &DateSpec) -> Option<Standing> {
        let (start, end) = (self.start(), self.end());
        let (first, last) = (self.first_attested(), self.last_attested());
        let from = start.unwrap_or(&first);
        let until = end.unwrap_or(match start {
            Some(start) if start.chronological(&last).is_gt() => start,
            _ => &last,
        });
        if date.last_day() < from.first_day() {
            start.is_none().then_some(Standing::NotYetAttested)
        } else if date.first_day() > until.last_day() {
            end.is_none().then_some(Standing::AttestedEarlier)
        } else {
            Some(Standing::KnownToHold)
        }
    }
}

/// A filter on an entity's claims.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    /// Which statements' claims (its `as_of` is ignored: dates apply to whole claims).
    pub statements: StatementQuery,
    /// Keep only claims whose standing at this date (see [`ClaimRef::standing`]) is one of
    /// `standings`.
    pub as_of: Option<DateSpec>,
    /// The standings to keep at `as_of`; empty keeps [`Standing::DEFAULT`].
    pub standings: Vec<Standing>,
}

impl ClaimQuery {
    /// Whether `claim` is kept at the date asked for.
    pub fn keeps(&self, claim: &ClaimRef<'_>) -> bool {
        let Some(date) = &self.as_of else {
            return true;
        };
        let wanted: &[Standing] = match self.standings.as_slice() {
            [] => &Standing::DEFAULT,
            some => some,
        };
        claim
            .standing(date)
            .is_some_and(|standing| wanted.contains(&standing))
    }
}

impl<'g> EntityRef<'g> {
    /// The claims the entity's statements (as `query.statements` selects them) attest, each
    /// once, in the order of their first attestation in the seed, kept by their standing.
    pub fn claims(&self, query: &ClaimQuery) -> Vec<ClaimRef<'g>> {
        let statements = StatementQuery {
            as_of: None,
            ..query.statements.clone()
        };
        let mut claims = self.graph().claims_of(self.statements(&statements));
        claims.retain(|claim| query.keeps(claim));
        claims
    }
}

impl KnowledgeGraph {
    /// Who held `predicates` (chairs, co-chairs) of `group` over time, as claims: oldest
    /// first by explicit start, else first attestation; then by predicate and holder's name.
    /// Disagreeing claims are all kept, each with its rank.
    pub fn claim_timeline(&self, group: EntityId, predicates: &[Predicate]) -> Vec<ClaimRef<'_>> {
        let query = StatementQuery {
            direction: Direction::Incoming,
            any_of: predicates.to_vec(),
            ..StatementQuery::default()
        };
        let mut claims = self.claims_of(self.entity(group).statements(&query));
        claims.sort_by(|a, b| {
            a.sort_date()
                .chronological(&b.sort_date())
                .then_with(|| a.predicate().cmp(&b.predicate()))
                .then_with(|| a.subject().name().cmp(b.subject().name()))
        });
        claims
    }
}

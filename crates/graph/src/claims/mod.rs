//! Claims: the statements that attest the same thing, as one claim with its evidence (as
//! Wikidata models them). Built once when the graph is built; the seed stays one statement
//! per source mention.
//!
//! - **Grouping.** Statements with the same subject, predicate, object, role, measure and unit
//!   are attestations of one claim (measure and unit belong to the key because they say what
//!   a figure counts: 50 states and 50 participants are two claims). Attestations giving
//!   *different* explicit intervals (`start`/`end`: two terms of office) are different
//!   claims. An attestation without an interval joins the claim whose interval covers its
//!   date; the attestations no interval covers form one claim of their own.
//! - **Attestation date.** A statement's `at` (when its source attests it), else the date of
//!   the earliest source it cites.
//! - **Rank.** When a key has both a claim with an explicit interval and one without, the
//!   sources disagree (the Return and Reintegration group: the 2025 brochure lists Iraq as
//!   co-chair undated, the 37th SOM summary dates it "as of 2026"): the dated claims are
//!   [`Rank::Preferred`], as a source that dates a role says more than one that lists it,
//!   and the undated claim [`Rank::Normal`]. Otherwise every claim is normal. No rule marks a
//!   claim deprecated: the sources are never known to be wrong, only to disagree.
//! - **Time.** [`ClaimRef::standing`] (in `query::claims`) is the one rule for a claim at a date.

mod build;

pub(crate) use build::attestation_date;

use super::{KnowledgeGraph, StatementId};
use bpgraph_model::{DateSpec, Derivation, Predicate, Qualifiers};
use rustc_hash::FxHashSet;

/// Identifies a claim of one [`KnowledgeGraph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimId(u32);

impl ClaimId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a claim ranks among the claims of the same subject, predicate, object and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rank {
    /// The claim to read when the sources disagree: it has an explicit interval that another
    /// claim's undated attestations fall outside of.
    Preferred,
    /// No disagreement, or the undated side of one.
    Normal,
}

/// The claims of a graph, in the order of their first attestation in the seed.
///
/// Laid out for a graph of ten million statements: three integers per statement and claim,
/// plus the few claims that are preferred or have several attestations. Dates and
/// qualifiers of a claim of one attestation are its statement's, read when asked.
#[derive(Debug, Default)]
pub(crate) struct Claims {
    /// The claim each statement attests, by statement index.
    of_statement: Vec<ClaimId>,
    /// Where each claim's attestations start in `attestations` (one more entry at the end).
    starts: Vec<u32>,
    /// The attestations of every claim, claim after claim, each claim's in date order.
    attestations: Vec<StatementId>,
    /// The preferred claims, in order.
    preferred: Vec<ClaimId>,
    /// The claim-level qualifiers of claims with several attestations, in claim order.
    merged: Vec<(ClaimId, Qualifiers)>,
}

/// A claim of the graph: what several statements attest, with its evidence.
#[derive(Clone, Copy)]
pub struct ClaimRef<'g> {
    graph: &'g KnowledgeGraph,
    id: ClaimId,
}

impl<'g> ClaimRef<'g> {
    pub(super) fn new(graph: &'g KnowledgeGraph, id: ClaimId) -> Self {
        ClaimRef { graph, id }
    }

    pub fn key(&self) -> ClaimId {
        self.id
    }

    /// Its statements, oldest attestation first (seed order among the same date).
    pub fn attestations(&self) -> impl ExactSizeIterator<Item = super::StatementRef<'g>> + 'g {
        let graph = self.graph;
        self.attestation_ids()
            .iter()
            .map(move |id| graph.statement(*id))
    }

    fn attestation_ids(&self) -> &'g [StatementId] {
        let claims = &self.graph.claims;
        let i = self.id.index();
        &claims.attestations[claims.starts[i] as usize..claims.starts[i + 1] as usize]
    }

    /// The statement that stands for the claim: its first attestation in the seed (whose
    /// subject, predicate and object every attestation shares). Its id names the claim.
    pub fn representative(&self) -> super::StatementRef<'g> {
        self.attestations()
            .min_by_key(|s| s.key())
            .expect("a claim has at least one attestation")
    }

    pub fn subject(&self) -> super::EntityRef<'g> {
        self.representative().subject()
    }
    pub fn predicate(&self) -> Predicate {
        self.representative().predicate()
    }
    pub fn object(&self) -> super::ObjectRef<'g> {
        self.representative().object()
    }

    /// The claim-level qualifiers: its explicit interval, role, measure and unit, its
    /// derivation, and the rest where all attestations agree.
    pub fn qualifiers(&self) -> &'g Qualifiers {
        match self.attestation_ids() {
            [one] => self.graph.statement(*one).qualifiers(),
            _ => {
                let merged = &self.graph.claims.merged;
                let at = merged
                    .binary_search_by_key(&self.id, |(id, _)| *id)
                    .expect("a claim of several attestations has merged qualifiers");
                &merged[at].1
            }
        }
    }

    /// How the claim was read: the strongest reading of its attestations (STATED if any is,
    /// else INFERRED if any is, else RECONSTRUCTED): a claim is as well read as its best
    /// evidence.
    pub fn derivation(&self) -> Derivation {
        self.qualifiers().derivation
    }

    pub fn rank(&self) -> Rank {
        match self.graph.claims.preferred.binary_search(&self.id) {
            Ok(_) => Rank::Preferred,
            Err(_) => Rank::Normal,
        }
    }

    /// From when a source says it holds.
    pub fn start(&self) -> Option<&'g DateSpec> {
        self.qualifiers().start.as_ref()
    }

    /// Until when a source says it holds.
    pub fn end(&self) -> Option<&'g DateSpec> {
        self.qualifiers().end.as_ref()
    }

    /// Its earliest attestation date: a statement's `at`, else the date of the earliest source
    /// it cites.
    pub fn first_attested(&self) -> DateSpec {
        let ids = self.attestation_ids();
        attestation_date(self.graph, ids[0])
    }

    /// Its latest attestation date.
    pub fn last_attested(&self) -> DateSpec {
        let ids = self.attestation_ids();
        attestation_date(self.graph, ids[ids.len() - 1])
    }

    /// The quotes of all its attestations, each once (the same passage of the same source
    /// cited by two attestations is one reference), in attestation order.
    pub fn references(&self) -> Vec<super::CitationRef<'g>> {
        let mut seen = FxHashSet::default();
        self.attestations()
            .flat_map(|s| s.citations())
            .filter(|c| seen.insert((c.source().key(), c.quote())))
            .collect()
    }

    /// The date the claim sorts by in a timeline: its explicit start, else its first
    /// attestation.
    pub fn sort_date(&self) -> DateSpec {
        self.start()
            .copied()
            .unwrap_or_else(|| self.first_attested())
    }
}

impl std::fmt::Debug for ClaimRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "claim `{}`", self.representative().id())
    }
}

impl KnowledgeGraph {
    pub fn claim(&self, id: ClaimId) -> ClaimRef<'_> {
        ClaimRef::new(self, id)
    }

    /// The claim a statement attests.
    pub fn claim_of(&self, statement: StatementId) -> ClaimRef<'_> {
        self.claim(self.claims.of_statement[statement.index()])
    }

    pub fn claims(&self) -> impl Iterator<Item = ClaimRef<'_>> {
        (0..self.claim_count() as u32).map(|i| self.claim(ClaimId(i)))
    }

    pub fn claim_count(&self) -> usize {
        self.claims.starts.len().saturating_sub(1)
    }

    /// The claims `statements` attest, each once, in the order of their first statement.
    pub fn claims_of<'g>(
        &'g self,
        statements: impl IntoIterator<Item = super::StatementRef<'g>>,
    ) -> Vec<ClaimRef<'g>> {
        let mut seen = FxHashSet::default();
        statements
            .into_iter()
            .map(|s| self.claims.of_statement[s.key().index()])
            .filter(|id| seen.insert(*id))
            .map(|id| self.claim(id))
            .collect()
    }
}

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

use super::{KnowledgeGraph, StatementId};
use bpgraph_model::{DateSpec, Derivation, Object, Predicate, Qualifiers};
use std::collections::HashMap;

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
#[derive(Debug, Default)]
pub(super) struct Claims {
    claims: Vec<Claim>,
    /// The claim each statement attests, by statement index.
    of_statement: Vec<ClaimId>,
    /// The attestations of every claim, claim after claim, each claim's in date order.
    attestations: Vec<StatementId>,
    /// The claim-level qualifiers of claims with several attestations.
    merged: Vec<Qualifiers>,
}

#[derive(Debug)]
struct Claim {
    /// Where its attestations lie in [`Claims::attestations`].
    start: u32,
    len: u32,
    rank: Rank,
    first_attested: DateSpec,
    last_attested: DateSpec,
    qualifiers: ClaimQualifiers,
}

/// A claim's qualifiers: its one attestation's, or merged from several.
#[derive(Debug, Clone, Copy)]
enum ClaimQualifiers {
    Attestation(StatementId),
    Merged(u32),
}

/// What makes attestations one claim (before intervals split it).
#[derive(PartialEq, Eq, Hash)]
struct Key<'d> {
    subject: u32,
    predicate: Predicate,
    object: ObjectKey,
    role: Option<&'d str>,
    measure: Option<&'d str>,
    unit: Option<&'d str>,
}

/// An object compared by value (numbers by their bits: the seed's numbers are finite).
#[derive(PartialEq, Eq, Hash)]
enum ObjectKey {
    Entity(u32),
    Text(bpgraph_model::Text),
    Number(u64),
}

impl Claims {
    pub(super) fn build(graph: &KnowledgeGraph) -> Claims {
        let data = &graph.data;
        let mut groups: HashMap<Key<'_>, Vec<StatementId>> = HashMap::new();
        for (i, statement) in data.statements.iter().enumerate() {
            let q = &data.qualifiers[statement.qualifiers.0 as usize];
            let key = Key {
                subject: statement.subject.0,
                predicate: statement.predicate,
                object: match statement.object {
                    Object::Entity(e) => ObjectKey::Entity(e.0),
                    Object::Text(t) => ObjectKey::Text(t),
                    Object::Number(n) => ObjectKey::Number(data.numbers[n.0 as usize].to_bits()),
                },
                role: q.role.as_deref(),
                measure: q.measure.as_deref(),
                unit: q.unit.as_deref(),
            };
            groups.entry(key).or_default().push(StatementId(i as u32));
        }
        let mut claims = Claims {
            of_statement: vec![ClaimId(0); data.statements.len()],
            ..Claims::default()
        };
        let mut members: Vec<(Vec<StatementId>, Rank)> = Vec::new();
        for group in groups.into_values() {
            members.extend(split(graph, group));
        }
        // Claims in the order of their first attestation in the seed: seed order is graph order.
        members.sort_unstable_by_key(|(statements, _)| statements[0]);
        for (mut statements, rank) in members {
            let id = ClaimId(claims.claims.len() as u32);
            for s in &statements {
                claims.of_statement[s.index()] = id;
            }
            statements.sort_by(|a, b| {
                attestation_date(graph, *a)
                    .chronological(&attestation_date(graph, *b))
                    .then(a.cmp(b))
            });
            let dates = statements.iter().map(|s| attestation_date(graph, *s));
            let first_attested = dates.clone().min_by(|a, b| a.chronological(b)).unwrap();
            let last_attested = dates.max_by(|a, b| a.chronological(b)).unwrap();
            let qualifiers = match statements.as_slice() {
                [one] => ClaimQualifiers::Attestation(*one),
                several => {
                    claims.merged.push(merge(graph, several));
                    ClaimQualifiers::Merged(claims.merged.len() as u32 - 1)
                }
            };
            claims.claims.push(Claim {
                start: claims.attestations.len() as u32,
                len: statements.len() as u32,
                rank,
                first_attested,
                last_attested,
                qualifiers,
            });
            claims.attestations.extend(statements);
        }
        claims
    }
}

/// An explicit interval: a start, an end, or both.
type Interval = (Option<DateSpec>, Option<DateSpec>);

/// One key's statements (in seed order) as claims with their ranks.
fn split(graph: &KnowledgeGraph, group: Vec<StatementId>) -> Vec<(Vec<StatementId>, Rank)> {
    let interval = |s: StatementId| {
        let q = graph.statement(s).qualifiers();
        (q.start.is_some() || q.end.is_some()).then_some((q.start, q.end))
    };
    let mut dated: Vec<(Interval, Vec<StatementId>)> = Vec::new();
    for &s in &group {
        if let Some(span) = interval(s) {
            match dated.iter_mut().find(|(other, _)| *other == span) {
                Some((_, members)) => members.push(s),
                None => dated.push((span, vec![s])),
            }
        }
    }
    let mut undated = Vec::new();
    for &s in group.iter().filter(|s| interval(**s).is_none()) {
        let date = attestation_date(graph, s);
        let covering = dated
            .iter_mut()
            .find(|((start, end), _)| covers(start.as_ref(), end.as_ref(), &date));
        match covering {
            Some((_, members)) => members.push(s),
            None => undated.push(s),
        }
    }
    let disagree = !dated.is_empty() && !undated.is_empty();
    let mut claims: Vec<_> = dated
        .into_iter()
        .map(|(_, mut members)| {
            members.sort_unstable();
            let rank = if disagree {
                Rank::Preferred
            } else {
                Rank::Normal
            };
            (members, rank)
        })
        .collect();
    if !undated.is_empty() {
        claims.push((undated, Rank::Normal));
    }
    claims
}

/// Whether `date` may fall inside the interval from `start` to `end` (either open). Partial
/// dates overlap generously, as in [`crate::holds_at`]: `2026` is inside "from 2026-03".
fn covers(start: Option<&DateSpec>, end: Option<&DateSpec>, date: &DateSpec) -> bool {
    start.is_none_or(|start| start.first_day() <= date.last_day())
        && end.is_none_or(|end| end.last_day() >= date.first_day())
}

/// When a statement is attested: its `at`, else the date of the earliest source it cites.
pub(super) fn attestation_date(graph: &KnowledgeGraph, id: StatementId) -> DateSpec {
    let statement = graph.statement(id);
    if let Some(at) = statement.qualifiers().at {
        return at;
    }
    statement
        .citations()
        .map(|c| *c.source().date())
        .min_by(|a, b| a.chronological(b))
        .expect("validation gives every statement a citation")
}

/// The best reading among `readings`: a claim is as well read as its best evidence, so it is
/// STATED if any attestation is, else INFERRED if any is, else RECONSTRUCTED.
pub(super) fn strongest(readings: impl Iterator<Item = Derivation>) -> Derivation {
    let strength = |d: &Derivation| match d {
        Derivation::Stated => 2,
        Derivation::Inferred => 1,
        Derivation::Reconstructed => 0,
    };
    readings.max_by_key(strength).unwrap_or_default()
}

/// The claim-level qualifiers of several attestations: the claim's explicit interval and
/// key (role, measure, unit), its derivation, and every other qualifier where all agree.
fn merge(graph: &KnowledgeGraph, attestations: &[StatementId]) -> Qualifiers {
    let all: Vec<&Qualifiers> = attestations
        .iter()
        .map(|s| graph.statement(*s).qualifiers())
        .collect();
    fn agreed<T: PartialEq + Clone>(
        all: &[&Qualifiers],
        get: impl Fn(&Qualifiers) -> &Option<T>,
    ) -> Option<T> {
        let first = get(all[0]);
        all.iter()
            .all(|q| get(q) == first)
            .then(|| first.clone())
            .flatten()
    }
    // The interval is the one its dated attestations share (the others have none).
    let dated = all.iter().find(|q| q.start.is_some() || q.end.is_some());
    Qualifiers {
        start: dated.and_then(|q| q.start),
        end: dated.and_then(|q| q.end),
        at: agreed(&all, |q| &q.at),
        role: all[0].role.clone(),
        status: agreed(&all, |q| &q.status),
        format: agreed(&all, |q| &q.format),
        measure: all[0].measure.clone(),
        unit: all[0].unit.clone(),
        bound: agreed(&all, |q| &q.bound),
        note: agreed(&all, |q| &q.note),
        derivation: strongest(all.iter().map(|q| q.derivation)),
    }
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

    fn data(&self) -> &'g Claim {
        &self.graph.claims.claims[self.id.index()]
    }

    pub fn key(&self) -> ClaimId {
        self.id
    }

    /// Its statements, oldest attestation first (seed order among the same date).
    pub fn attestations(&self) -> impl ExactSizeIterator<Item = super::StatementRef<'g>> + 'g {
        let graph = self.graph;
        let claim = self.data();
        graph.claims.attestations[claim.start as usize..(claim.start + claim.len) as usize]
            .iter()
            .map(move |id| graph.statement(*id))
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
        match self.data().qualifiers {
            ClaimQualifiers::Attestation(id) => self.graph.statement(id).qualifiers(),
            ClaimQualifiers::Merged(i) => &self.graph.claims.merged[i as usize],
        }
    }

    /// How the claim was read: the strongest reading of its attestations (see [`strongest`]).
    pub fn derivation(&self) -> Derivation {
        self.qualifiers().derivation
    }

    pub fn rank(&self) -> Rank {
        self.data().rank
    }

    /// From when a source says it holds.
    pub fn start(&self) -> Option<&'g DateSpec> {
        self.qualifiers().start.as_ref()
    }

    /// Until when a source says it holds.
    pub fn end(&self) -> Option<&'g DateSpec> {
        self.qualifiers().end.as_ref()
    }

    pub fn first_attested(&self) -> &'g DateSpec {
        &self.data().first_attested
    }

    pub fn last_attested(&self) -> &'g DateSpec {
        &self.data().last_attested
    }

    /// The quotes of all its attestations, each once (the same passage of the same source
    /// cited by two attestations is one reference), in attestation order.
    pub fn references(&self) -> Vec<super::CitationRef<'g>> {
        let mut seen = std::collections::HashSet::new();
        self.attestations()
            .flat_map(|s| s.citations())
            .filter(|c| seen.insert((c.source().key(), c.quote())))
            .collect()
    }

    /// The date the claim sorts by in a timeline: its explicit start, else its first
    /// attestation.
    pub fn sort_date(&self) -> &'g DateSpec {
        self.start().unwrap_or(self.first_attested())
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
        (0..self.claims.claims.len() as u32).map(|i| self.claim(ClaimId(i)))
    }

    pub fn claim_count(&self) -> usize {
        self.claims.claims.len()
    }

    /// The claims `statements` attest, each once, in the order of their first statement.
    pub fn claims_of<'g>(
        &'g self,
        statements: impl IntoIterator<Item = super::StatementRef<'g>>,
    ) -> Vec<ClaimRef<'g>> {
        let mut seen = std::collections::HashSet::new();
        statements
            .into_iter()
            .map(|s| self.claims.of_statement[s.key().index()])
            .filter(|id| seen.insert(*id))
            .map(|id| self.claim(id))
            .collect()
    }
}

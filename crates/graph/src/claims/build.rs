//! Building the claims of a graph: grouping its statements, splitting them by interval,
//! ranking disagreements and merging the qualifiers of several attestations (the rules are
//! in the parent module's documentation).

use super::{ClaimId, Claims, Rank};
use crate::{KnowledgeGraph, StatementId};
use bpgraph_model::{DateSpec, Derivation, Object, Predicate, Qualifiers};

/// What makes statements of one subject attestations of one claim (before intervals split
/// them).
type Key<'d> = (
    Predicate,
    ObjectKey,
    Option<&'d str>,
    Option<&'d str>,
    Option<&'d str>,
);

/// An object compared by value (numbers by their bits: the seed's numbers are finite).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum ObjectKey {
    Entity(u32),
    Text(bpgraph_model::Text),
    Number(u64),
}

impl Claims {
    /// Groups the statements: each subject's statements sorted by key (a subject has few, so
    /// no table of every key is built), equal keys split by interval; then claims numbered in
    /// the order of their first statement, seed order being graph order.
    pub(crate) fn build(graph: &KnowledgeGraph) -> Claims {
        let data = &graph.data;
        let key = |s: StatementId| -> Key<'_> {
            let statement = &data.statements[s.index()];
            let q = &data.qualifiers[statement.qualifiers.0 as usize];
            let object = match statement.object {
                Object::Entity(e) => ObjectKey::Entity(e.0),
                Object::Text(t) => ObjectKey::Text(t),
                Object::Number(n) => ObjectKey::Number(data.numbers[n.0 as usize].to_bits()),
            };
            (
                statement.predicate,
                object,
                q.role.as_deref(),
                q.measure.as_deref(),
                q.unit.as_deref(),
            )
        };
        // First each statement's leader (the first statement of its claim), kept where its
        // claim id will be.
        let mut leader: Vec<u32> = (0..data.statements.len() as u32).collect();
        let mut preferred_leaders = Vec::new();
        let mut own: Vec<StatementId> = Vec::new();
        for subject in graph.entities() {
            own.clear();
            own.extend(
                graph
                    .edges
                    .edges_directed(subject.id().node(), petgraph::Direction::Outgoing)
                    .map(|e| *e.weight())
                    .chain(graph.literals[subject.id().index()].iter().copied()),
            );
            own.sort_unstable_by(|a, b| key(*a).cmp(&key(*b)).then(a.cmp(b)));
            for run in own
                .chunk_by(|a, b| key(*a) == key(*b))
                .filter(|run| run.len() > 1)
            {
                for (members, rank) in split(graph, run) {
                    let first = members.iter().min().expect("a claim has an attestation").0;
                    for m in &members {
                        leader[m.index()] = first;
                    }
                    if rank == Rank::Preferred {
                        preferred_leaders.push(first);
                    }
                }
            }
        }
        // Claim ids in leader order: a leader comes before the statements that follow it.
        let mut of_statement = leader;
        let mut claims = 0u32;
        for s in 0..of_statement.len() {
            let first = of_statement[s] as usize;
            of_statement[s] = if first == s {
                claims += 1;
                claims - 1
            } else {
                of_statement[first]
            };
        }
        let of_statement: Vec<ClaimId> = of_statement.into_iter().map(ClaimId).collect();
        // Each claim's attestations together (a counting sort), then in date order.
        let mut starts = vec![0u32; claims as usize + 1];
        for id in &of_statement {
            starts[id.index() + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut attestations = vec![StatementId(0); of_statement.len()];
        for (s, id) in of_statement.iter().enumerate() {
            attestations[next[id.index()] as usize] = StatementId(s as u32);
            next[id.index()] += 1;
        }
        drop(next);
        let mut merged = Vec::new();
        for id in 0..claims as usize {
            let slice = &mut attestations[starts[id] as usize..starts[id + 1] as usize];
            if slice.len() > 1 {
                slice.sort_by(|a, b| {
                    attestation_date(graph, *a)
                        .chronological(&attestation_date(graph, *b))
                        .then(a.cmp(b))
                });
                merged.push((ClaimId(id as u32), merge(graph, slice)));
            }
        }
        let mut preferred: Vec<ClaimId> = preferred_leaders
            .into_iter()
            .map(|first| of_statement[first as usize])
            .collect();
        preferred.sort_unstable();
        Claims {
            of_statement,
            starts,
            attestations,
            preferred,
            merged,
        }
    }
}

/// An explicit interval: a start, an end, or both.
type Interval = (Option<DateSpec>, Option<DateSpec>);

/// One key's statements (in seed order) as claims with their ranks.
fn split(graph: &KnowledgeGraph, group: &[StatementId]) -> Vec<(Vec<StatementId>, Rank)> {
    let interval = |s: StatementId| {
        let q = graph.statement(s).qualifiers();
        (q.start.is_some() || q.end.is_some()).then_some((q.start, q.end))
    };
    let mut dated: Vec<(Interval, Vec<StatementId>)> = Vec::new();
    for &s in group {
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
pub(crate) fn attestation_date(graph: &KnowledgeGraph, id: StatementId) -> DateSpec {
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
pub(crate) fn strongest(readings: impl Iterator<Item = Derivation>) -> Derivation {
    let strength = |d: &Derivation| match d {
        Derivation::Stated => 2,
        Derivation::Inferred => 1,
        Derivation::Reconstructed => 0,
    };
    readings.max_by_key(strength).unwrap_or_default()
}

/// The claim-level qualifiers of several attestations: the claim's explicit interval and
/// key (role, measure, unit), its derivation, and every other qualifier where all agree. Its
/// dates' derivation is the one its dated attestations agree on (none where they differ).
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
    let dated_readings: Vec<&Qualifiers> = all.iter().copied().filter(|q| q.is_dated()).collect();
    let mut qualifiers = Qualifiers {
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
        date_derivation: None,
    };
    if qualifiers.is_dated() && !dated_readings.is_empty() {
        qualifiers.date_derivation = agreed(&dated_readings, |q| &q.date_derivation);
    }
    qualifiers
}

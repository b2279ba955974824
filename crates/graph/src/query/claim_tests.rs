//! Claims on the real seed: the cases the sources make hard (one role attested by five
//! sources, a disagreement kept as two ranked claims, a role first attested late).

use crate::{ClaimQuery, ClaimRef, Direction, KnowledgeGraph, Rank, Standing, StatementQuery};
use bpgraph_model::{DateSpec, Derivation, Predicate};
use bpgraph_seed::SeedFiles;

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::new(bpgraph_seed::validate(&SeedFiles::embedded()).unwrap())
}

fn date(text: &str) -> DateSpec {
    text.parse().unwrap()
}

/// The claims of `predicate` by `subject` on `object`.
fn claims<'g>(
    graph: &'g KnowledgeGraph,
    subject: &str,
    predicate: Predicate,
    object: &str,
) -> Vec<ClaimRef<'g>> {
    let query = ClaimQuery {
        statements: StatementQuery::incoming(predicate),
        ..ClaimQuery::default()
    };
    let mut found = graph.entity_by_slug(object).unwrap().claims(&query);
    found.retain(|c| c.subject().slug() == subject);
    found
}

#[test]
fn hungary_co_chairing_the_dialogue_is_one_claim_with_five_attestations() {
    let graph = graph();
    let found = claims(&graph, "hungary", Predicate::CoChairs, "budapest-process");
    assert_eq!(found.len(), 1, "{found:?}");
    let claim = found[0];
    let ids: Vec<_> = claim.attestations().map(|s| s.id().into_owned()).collect();
    // In attestation-date order: the SOM of 2016, the factsheet (twice: its timeline dates the
    // start, its text the role), the SOM of 2025, the 2026 work plan.
    assert_eq!(
        ids,
        [
            "hungary-cochairs-bp-at-som24",
            "hungary-cochairs-bp-from-2006",
            "hungary-cochairs-bp-factsheet",
            "hungary-cochairs-bp-at-som37",
            "hungary-cochairs-bp-workplan-2026",
        ]
    );
    assert_eq!(claim.start(), Some(&date("2006")));
    assert_eq!(claim.end(), None);
    assert_eq!(claim.first_attested(), date("2016-12-15"));
    assert_eq!(claim.last_attested(), date("2026"));
    assert_eq!(claim.rank(), Rank::Normal);
    assert_eq!(claim.derivation(), Derivation::Stated);
    // Each quote once, though two statements cite the factsheet.
    let quotes: Vec<_> = claim.references().iter().map(|c| c.quote()).collect();
    let mut unique = quotes.clone();
    unique.dedup();
    assert_eq!(quotes.len(), unique.len());
    assert!(quotes.len() >= 5, "{quotes:?}");
    for attestation in claim.attestations() {
        assert_eq!(graph.claim_of(attestation.key()).key(), claim.key());
    }
    assert_eq!(claim.standing(&date("2010")), Some(Standing::KnownToHold));
    assert_eq!(
        claim.standing(&date("2030")),
        Some(Standing::AttestedEarlier)
    );
    assert_eq!(
        claim.standing(&date("2005")),
        None,
        "before its explicit start"
    );
}

#[test]
fn iraq_on_return_and_reintegration_is_two_ranked_claims() {
    let graph = graph();
    let found = claims(
        &graph,
        "iraq",
        Predicate::CoChairs,
        "twg-return-reintegration",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    let dated = found.iter().find(|c| c.start().is_some()).unwrap();
    let undated = found.iter().find(|c| c.start().is_none()).unwrap();
    assert_eq!(dated.rank(), Rank::Preferred);
    assert_eq!(undated.rank(), Rank::Normal);
    assert_eq!(dated.start(), Some(&date("2026")));
    assert_eq!(undated.first_attested(), date("2025"));
    // As of mid-2025 only the brochure's claim holds; in 2026 the summary's, while the
    // brochure's was attested earlier.
    assert_eq!(
        undated.standing(&date("2025-06")),
        Some(Standing::KnownToHold)
    );
    assert_eq!(dated.standing(&date("2025-06")), None);
    assert_eq!(
        dated.standing(&date("2026-03")),
        Some(Standing::KnownToHold)
    );
    assert_eq!(
        undated.standing(&date("2026-03")),
        Some(Standing::AttestedEarlier)
    );
}

#[test]
fn legal_pathways_co_chairs_are_not_yet_attested_in_mid_2025() {
    let graph = graph();
    let group = graph.entity_by_slug("twg-legal-pathways").unwrap();
    let query = |standings: Vec<Standing>| ClaimQuery {
        statements: StatementQuery::incoming(Predicate::CoChairs),
        as_of: Some(date("2025-06")),
        standings,
    };
    assert!(
        group.claims(&query(Vec::new())).is_empty(),
        "nothing known to hold"
    );
    let found = group.claims(&query(vec![Standing::NotYetAttested]));
    let names: Vec<_> = found.iter().map(|c| c.subject().slug()).collect();
    assert_eq!(names, ["pakistan", "italy"]);
    for claim in &found {
        assert_eq!(claim.first_attested(), date("2025-11-26/2025-11-27"));
        assert_eq!(
            claim.standing(&date("2025-06")),
            Some(Standing::NotYetAttested)
        );
        assert_eq!(
            claim.standing(&date("2025-11")),
            Some(Standing::KnownToHold)
        );
    }
}

#[test]
fn a_project_lists_each_location_once() {
    let graph = graph();
    let centres = graph.entity_by_slug("migrant-resource-centres").unwrap();
    let locations: Vec<_> = centres
        .objects(Predicate::OperatesIn)
        .iter()
        .map(|e| e.slug())
        .collect();
    let mut unique = locations.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(locations.len(), unique.len(), "{locations:?}");
    assert!(locations.contains(&"pakistan"));
    let query = ClaimQuery {
        statements: StatementQuery {
            direction: Direction::Outgoing,
            predicate: Some(Predicate::OperatesIn),
            ..StatementQuery::default()
        },
        ..ClaimQuery::default()
    };
    let pakistan = centres
        .claims(&query)
        .into_iter()
        .filter(|c| c.object().entity().is_some_and(|e| e.slug() == "pakistan"))
        .count();
    assert_eq!(pakistan, 1);
}

#[test]
fn every_statement_attests_exactly_one_claim_of_its_own_key() {
    let graph = graph();
    let attested: usize = graph.claims().map(|c| c.attestations().len()).sum();
    assert_eq!(attested, graph.statement_count());
    assert!(graph.claim_count() < graph.statement_count());
    for claim in graph.claims() {
        for s in claim.attestations() {
            assert_eq!(s.subject(), claim.subject());
            assert_eq!(s.predicate(), claim.predicate());
            assert_eq!(s.qualifiers().role, claim.qualifiers().role);
        }
    }
}

#[test]
fn claims_are_numbered_in_the_order_of_their_first_statement() {
    let graph = graph();
    let firsts: Vec<_> = graph.claims().map(|c| c.representative().key()).collect();
    assert!(firsts.windows(2).all(|pair| pair[0] < pair[1]));
    for claim in graph.claims() {
        let dates: Vec<_> = claim
            .attestations()
            .map(|s| crate::claims::attestation_date(&graph, s.key()))
            .collect();
        assert!(
            dates
                .windows(2)
                .all(|pair| !pair[0].chronological(&pair[1]).is_gt()),
            "{claim:?}"
        );
    }
}

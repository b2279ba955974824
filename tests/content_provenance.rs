//! Provenance a researcher relies on, checked over the whole embedded graph: every statement
//! says how it was read (a reading beyond its quotes says why), every attested alias is spelled
//! in one of its entity's own citations, and figures keep bounds out of what they measure.

use bpgraph::KnowledgeGraph;
use bpgraph_model::text::quote_form;
use bpgraph_model::Derivation;

fn graph() -> KnowledgeGraph {
    bpgraph::load_embedded().expect("the embedded seed loads")
}

#[test]
fn every_statement_has_a_derivation_and_a_reading_beyond_its_quotes_says_why() {
    let graph = graph();
    let mut by_derivation = [0usize; 3];
    let mut unexplained = Vec::new();
    for statement in graph.statements() {
        let qualifiers = statement.qualifiers();
        let index = match qualifiers.derivation {
            Derivation::Stated => 0,
            Derivation::Inferred => 1,
            Derivation::Reconstructed => 2,
        };
        by_derivation[index] += 1;
        let explained = qualifiers
            .note
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty());
        if index > 0 && !explained {
            unexplained.push(statement.id().into_owned());
        }
    }
    assert_eq!(by_derivation.iter().sum::<usize>(), graph.statement_count());
    assert!(
        by_derivation[1] > 0 && by_derivation[2] > 0,
        "the seed marks readings beyond the quotes: {by_derivation:?}"
    );
    assert!(
        unexplained.is_empty(),
        "read beyond their quotes without a note: {unexplained:?}"
    );
}

#[test]
fn every_attested_alias_is_spelled_in_one_of_its_entitys_citations() {
    let graph = graph();
    let mut aliases = 0;
    let mut uncited = Vec::new();
    for entity in graph.entities() {
        let quotes: Vec<String> = entity.citations().map(|c| quote_form(c.quote())).collect();
        for alias in entity.aliases() {
            aliases += 1;
            let form = quote_form(alias);
            if !quotes.iter().any(|quote| quote.contains(&form)) {
                uncited.push(format!("{}: {alias}", entity.slug()));
            }
        }
    }
    assert!(aliases > 20, "only {aliases} attested aliases");
    assert!(
        uncited.is_empty(),
        "attested aliases no citation of their entity spells: {uncited:?}"
    );
}

#[test]
fn a_figure_keeps_its_bound_out_of_its_measure() {
    let graph = graph();
    let bound_words = [
        "more than",
        "over",
        "at least",
        "about",
        "up to",
        "approximately",
    ];
    let worded: Vec<String> = graph
        .statements()
        .filter_map(|s| {
            let measure = s.qualifiers().measure.as_deref()?;
            let words = format!(" {} ", measure.to_lowercase().replace(['(', ')'], " "));
            bound_words
                .iter()
                .any(|w| words.contains(&format!(" {w} ")))
                .then(|| format!("{}: {measure}", s.id()))
        })
        .collect();
    assert!(
        worded.is_empty(),
        "bounds written into measures: {worded:?}"
    );
}

//! The index over the embedded seed: phrases, folding, prefixes, filters, pages, snippets.

use super::*;
use bpgraph_graph::KnowledgeGraph;
use bpgraph_seed::SeedFiles;
use std::sync::Arc;

fn graph() -> Arc<KnowledgeGraph> {
    let data = bpgraph_seed::validate(&SeedFiles::embedded()).expect("the embedded seed is valid");
    Arc::new(KnowledgeGraph::new(data))
}

fn index() -> TextIndex {
    TextIndex::build(graph()).expect("the index builds")
}

/// Every hit of `text` under `filters`.
fn all<'i>(index: &'i TextIndex, text: &str, filters: &Filters<'_>) -> Vec<Hit<'i>> {
    let search = index.search(text, filters).expect("the search runs");
    search.hits(0, search.total()).expect("the hits load")
}

/// The highlighted parts of a snippet.
fn highlighted(snippet: &Snippet) -> Vec<String> {
    let chars: Vec<char> = snippet.text.chars().collect();
    snippet
        .highlights
        .iter()
        .map(|range| chars[range.clone()].iter().collect())
        .collect()
}

/// The words of a text, lower-cased: a phrase across a line break or a hyphen is the phrase.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn a_phrase_is_found_and_highlighted_as_one() {
    let index = index();
    for phrase in ["operational arm", "strategic guidance", "Director General"] {
        let hits = all(&index, &format!("\"{phrase}\""), &Filters::default());
        assert!(!hits.is_empty(), "{phrase} is found");
        for hit in &hits {
            let marked = highlighted(&hit.snippet);
            assert!(
                marked.iter().any(|m| words(m) == words(phrase)),
                "{phrase}: {marked:?} in {:?}",
                hit.snippet.text
            );
        }
    }
}

#[test]
fn case_and_diacritics_are_folded() {
    let index = index();
    let hits = all(&index, "turkiye", &Filters::default());
    assert!(hits
        .iter()
        .any(|hit| matches!(hit.found, Found::Entity(e) if e.slug() == "turkiye")));
    assert!(hits.iter().all(|hit| highlighted(&hit.snippet)
        .iter()
        .any(|m| m == "Türkiye" || m == "Turkiye")));
}

#[test]
fn the_last_word_matches_as_a_prefix() {
    let index = index();
    let hits = all(&index, "strategic guid", &Filters::default());
    assert!(hits.iter().any(|hit| highlighted(&hit.snippet)
        .iter()
        .any(|m| m == "strategic guidance")));
    // A finished word (followed by a space) is not a prefix.
    assert!(all(&index, "strategic guid ", &Filters::default()).is_empty());
}

#[test]
fn filters_narrow_the_hits() {
    let index = index();
    let everything = all(&index, "Türkiye", &Filters::default());
    let passages = all(
        &index,
        "Türkiye",
        &Filters {
            kinds: Some(&[HitKind::Passage]),
            ..Filters::default()
        },
    );
    assert!(!passages.is_empty() && passages.len() < everything.len());
    assert!(passages
        .iter()
        .all(|hit| matches!(hit.found, Found::Passage { .. })));

    let source = graph().sources().next().unwrap().id().to_owned();
    let from_one = all(
        &index,
        "Türkiye",
        &Filters {
            kinds: Some(&[HitKind::Passage]),
            sources: Some(&[source.as_str()]),
            ..Filters::default()
        },
    );
    assert!(!from_one.is_empty() && from_one.len() < passages.len());
    assert!(from_one
        .iter()
        .all(|hit| matches!(hit.found, Found::Passage { source: s, .. } if s.id() == source)));

    let chairs = all(
        &index,
        "Türkiye",
        &Filters {
            predicates: Some(&[Predicate::Chairs]),
            ..Filters::default()
        },
    );
    assert!(!chairs.is_empty());
    assert!(chairs.iter().all(|hit| matches!(
        hit.found,
        Found::Statement { statement, .. } if statement.predicate() == Predicate::Chairs
    )));

    let states = all(
        &index,
        "Türkiye",
        &Filters {
            kinds: Some(&[HitKind::Entity]),
            entity_kinds: Some(&[EntityKind::State]),
            ..Filters::default()
        },
    );
    assert!(!states.is_empty());
    assert!(states
        .iter()
        .all(|hit| matches!(hit.found, Found::Entity(e) if e.kind() == EntityKind::State)));
    assert!(all(
        &index,
        "Türkiye",
        &Filters {
            kinds: Some(&[]),
            ..Filters::default()
        }
    )
    .is_empty());
}

#[test]
fn pages_follow_one_order() {
    let index = index();
    let key = |hit: &Hit<'_>| (hit.score.to_bits(), hit.snippet.clone());
    let search = index
        .search("Budapest Process", &Filters::default())
        .unwrap();
    assert!(search.total() > 10);
    let whole: Vec<_> = search
        .hits(0, search.total())
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let paged: Vec<_> = (0..search.total())
        .step_by(3)
        .flat_map(|offset| search.hits(offset, 3).unwrap())
        .map(|hit| key(&hit))
        .collect();
    assert_eq!(whole, paged);
    assert!(whole
        .windows(2)
        .all(|w| f32::from_bits(w[0].0) >= f32::from_bits(w[1].0)));
}

#[test]
fn any_text_is_a_query() {
    let index = index();
    for text in [
        "\"",
        "AND OR",
        "*",
        "(",
        "name:",
        "\"unclosed phrase",
        "-",
        "",
        "   ",
    ] {
        let search = index.search(text, &Filters::default());
        assert!(search.is_ok(), "{text:?} runs");
    }
    let long = "word ".repeat(MAX_QUERY_CHARS);
    assert!(matches!(
        index.search(&long, &Filters::default()),
        Err(SearchError::TooLong { .. })
    ));
}

#[test]
fn an_index_built_in_the_background_becomes_ready() {
    let index = SearchIndex::in_background(graph());
    loop {
        match index.readiness() {
            Readiness::Building => std::thread::yield_now(),
            Readiness::Ready(index) => {
                assert!(
                    index
                        .search("Türkiye", &Filters::default())
                        .unwrap()
                        .total()
                        > 0
                );
                break;
            }
            Readiness::Failed(reason) => panic!("the build failed: {reason}"),
        }
    }
}

#[test]
fn every_paragraph_of_every_source_is_a_passage() {
    let index = index();
    let graph = index.graph().clone();
    let expected: usize = graph
        .sources()
        .enumerate()
        .map(|(i, s)| passages(i, s.text()).len())
        .sum();
    assert!(expected > 100);
    assert_eq!(index.passage_count(), expected);
}

//! Ranked text search over entity names, aliases and slugs, and the suggestions a name that
//! resolves to nothing gets: the same search, then names within a few typos
//! (`strsim`'s Damerau–Levenshtein distance, on the same lookup keys).

use super::errors::bad_input;
use bpgraph_graph::{EntityRef, KnowledgeGraph};
use bpgraph_model::text::lookup_key;
use bpgraph_model::EntityKind;

/// At most this many suggestions are offered for a name that resolves to nothing.
pub const MAX_SUGGESTIONS: usize = 3;

/// How alike (normalised Damerau–Levenshtein, 1 is equal) a name must be to a reference that
/// resolves to nothing to be suggested for it: one typo in four letters ("Pakistn").
const MIN_SIMILARITY: f64 = 0.75;

/// The longest search text accepted.
pub const MAX_SEARCH_TEXT: usize = 200;

/// One search result.
#[derive(Clone, Copy)]
pub struct Hit<'g> {
    pub entity: EntityRef<'g>,
    pub score: f64,
    /// The name, alias or slug that matched best.
    pub matched: &'g str,
}

/// Where a key splits into words.
const WORD_BREAKS: [char; 6] = [' ', '-', '(', ')', ',', '/'];

/// How well `key` (the lookup key of a name, alias or slug) matches the query key and its
/// words.
fn score(key: &str, query: &str, words: &[&str]) -> f64 {
    if key == query {
        return 100.0;
    }
    if key.starts_with(query) {
        return 80.0;
    }
    let word_prefix = |w: &&str| key.split(WORD_BREAKS).any(|c| c.starts_with(*w));
    if words.iter().all(word_prefix) {
        let candidate_words = key.split(WORD_BREAKS).count();
        return 60.0 + 20.0 * (words.len() as f64 / candidate_words.max(1) as f64);
    }
    if words.iter().all(|w| key.contains(*w)) {
        return 30.0;
    }
    0.0
}

/// Entities matching `text`, best first; ties by name. Case and diacritics are ignored.
pub fn search<'g>(
    graph: &'g KnowledgeGraph,
    text: &str,
    kinds: Option<&[EntityKind]>,
) -> async_graphql::Result<Vec<Hit<'g>>> {
    if text.chars().count() > MAX_SEARCH_TEXT {
        return Err(bad_input(format!(
            "the search text is longer than {MAX_SEARCH_TEXT} characters"
        )));
    }
    let query = lookup_key(text);
    if query.is_empty() {
        return Err(bad_input("the search text is empty"));
    }
    let words: Vec<&str> = query.split(' ').collect();
    let keys = graph.name_keys();
    let mut hits: Vec<Hit<'g>> = graph
        .entities()
        .filter(|e| kinds.is_none_or(|k| k.contains(&e.kind())))
        .filter_map(|entity| {
            // Aliases and slugs count slightly less than the canonical name.
            let (best, matched) = entity
                .names()
                .zip(keys.of(entity.id()))
                .enumerate()
                .map(|(i, (name, key))| {
                    let penalty = if i == 0 { 0.0 } else { 1.0 };
                    (score(key, &query, &words) - penalty, name)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))?;
            (best > 0.0).then_some(Hit {
                entity,
                score: best,
                matched,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entity.name().cmp(b.entity.name()))
    });
    Ok(hits)
}

/// Up to [`MAX_SUGGESTIONS`] entities the writer of `reference` (which names nothing) may have
/// meant: the name search's hits first, then names, aliases or slugs within a few typos of it;
/// none when nothing is plausible.
pub fn suggestions<'g>(graph: &'g KnowledgeGraph, reference: &str) -> Vec<EntityRef<'g>> {
    let mut found: Vec<EntityRef<'g>> = search(graph, reference, None)
        .map(|hits| hits.into_iter().map(|hit| hit.entity).collect())
        .unwrap_or_default();
    found.truncate(MAX_SUGGESTIONS);
    // A reference longer than any search text is nobody's typo (and would cost a distance to
    // every name): the name search's hits, if any, are all it gets.
    if found.len() < MAX_SUGGESTIONS && reference.chars().count() <= MAX_SEARCH_TEXT {
        let query = lookup_key(reference);
        let query_len = query.chars().count();
        let keys = graph.name_keys();
        let mut near: Vec<(f64, EntityRef<'g>)> = graph
            .entities()
            .filter(|entity| !found.iter().any(|f| f.id() == entity.id()))
            .filter_map(|entity| {
                let similarity = keys
                    .of(entity.id())
                    // Lengths too far apart cannot reach the similarity: skip the distance.
                    .filter(|key| {
                        let len = key.chars().count();
                        len.abs_diff(query_len) as f64
                            <= (1.0 - MIN_SIMILARITY) * len.max(query_len) as f64
                    })
                    .map(|key| strsim::normalized_damerau_levenshtein(key, &query))
                    .fold(0.0, f64::max);
                (similarity >= MIN_SIMILARITY).then_some((similarity, entity))
            })
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name().cmp(b.1.name())));
        found.extend(near.into_iter().map(|(_, entity)| entity));
        found.truncate(MAX_SUGGESTIONS);
    }
    found
}

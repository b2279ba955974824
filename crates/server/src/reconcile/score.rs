//! Candidates for one reconciliation query, scored over the graph (no HTTP here).
//!
//! A candidate is **a sure match** (`match: true`) only when the query text finds it exactly
//! as `entity(ref:)` does ([`KnowledgeGraph::lookup`]: slug, or name or alias with case and
//! diacritics folded by `bpgraph_model::text::lookup_key`) and no property the query gives
//! contradicts it. Every other candidate is ranked by name similarity: the query's words
//! against the words of each name and alias, a word counting fully when equal, nearly when
//! one is the other's prefix ("EU" and "European") and in part when close in spelling (Jaro-
//! Winkler, from `strsim`: "Turkiyi" and "Turkiye").
//!
//! Scores run from 0 to 100 for the name, plus or minus [`PROPERTY_WEIGHT`] for each
//! property the query gives: a value that agrees raises the score, values that all disagree
//! (or none at all) lower it.
//!
//! The full-text index (`bpgraph-search`) is not used: it requires every word of its query,
//! so "EU Agency for Asylum" would find nothing. Instead every name of the graph is scored:
//! [`Names`] folds them once per batch, and a query compares its words with theirs.

use super::catalogue::{Property, Wanted};
use bpgraph_graph::{EntityRef, KnowledgeGraph};
use bpgraph_model::text::lookup_key;
use bpgraph_model::EntityKind;

/// What a property that agrees adds to a score, and one that disagrees takes away.
pub const PROPERTY_WEIGHT: f64 = 20.0;
/// A name scoring less than this (out of 100) makes no candidate.
const MIN_NAME_SCORE: f64 = 40.0;
/// How much a word counts that is a prefix of the other (an abbreviation being typed).
const PREFIX_WORD: f64 = 0.85;
/// Words less alike than this (Jaro-Winkler) do not count at all.
const MIN_WORD_SIMILARITY: f64 = 0.88;

/// One reconciliation query, checked.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// The name to match; may be empty when `properties` say enough.
    pub text: String,
    /// The kinds a candidate may have; empty allows every kind.
    pub kinds: Vec<EntityKind>,
    pub properties: Vec<(Property, Vec<Wanted>)>,
    pub limit: usize,
}

/// One scored candidate.
#[derive(Debug, Clone)]
pub struct Candidate<'g> {
    pub entity: EntityRef<'g>,
    pub score: f64,
    /// The name's similarity, 0 to 100.
    pub name_score: f64,
    /// Per property of the query: whether the candidate agrees (`Some(true)`), disagrees or
    /// has no value (`Some(false)`).
    pub properties: Vec<(Property, bool)>,
    pub sure: bool,
}

/// The words of every name and alias of every entity, folded once for a whole batch rather
/// than once per query.
pub struct Names<'g> {
    graph: &'g KnowledgeGraph,
    /// In graph order: each entity with the words of each of its names.
    entities: Vec<(EntityRef<'g>, Vec<Vec<String>>)>,
}

impl<'g> Names<'g> {
    pub fn of(graph: &'g KnowledgeGraph) -> Names<'g> {
        let keys = graph.name_keys();
        let entities = graph
            .entities()
            .map(|entity| {
                let all = keys.of(entity.id());
                // All but the last key, the slug's.
                let named = all.len() - 1;
                let names = all
                    .take(named)
                    .map(|key| words(key).into_iter().map(str::to_owned).collect())
                    .collect();
                (entity, names)
            })
            .collect();
        Names { graph, entities }
    }
}

/// The best candidates for `query`, best first (ties in graph order), at most `query.limit`.
pub fn candidates<'g>(names: &Names<'g>, query: &Query) -> Vec<Candidate<'g>> {
    let graph = names.graph;
    let key = lookup_key(&query.text);
    let words = words(&key);
    let exact = if query.text.trim().is_empty() {
        None
    } else {
        graph.lookup(&query.text)
    };
    let mut found: Vec<Candidate<'g>> = Vec::new();
    for (entity, entity_names) in &names.entities {
        let entity = *entity;
        if !query.kinds.is_empty() && !query.kinds.contains(&entity.kind()) {
            continue;
        }
        let is_exact = exact.is_some_and(|e| e.id() == entity.id());
        let name_score = if is_exact {
            100.0
        } else {
            let best = entity_names
                .iter()
                .map(|name| similarity(&words, name))
                .fold(0.0, f64::max);
            100.0 * best
        };
        let properties: Vec<(Property, bool)> = query
            .properties
            .iter()
            .map(|(property, wanted)| (*property, agrees(graph, entity, *property, wanted)))
            .collect();
        let agreeing = properties.iter().filter(|(_, agrees)| *agrees).count();
        let keep = if words.is_empty() {
            // A query by properties alone: the candidates are the entities that agree.
            agreeing > 0
        } else {
            name_score >= MIN_NAME_SCORE
        };
        if !keep {
            continue;
        }
        let disagreeing = properties.len() - agreeing;
        let score =
            name_score + PROPERTY_WEIGHT * agreeing as f64 - PROPERTY_WEIGHT * disagreeing as f64;
        found.push(Candidate {
            entity,
            score: (score.max(0.0) * 10.0).round() / 10.0,
            name_score: (name_score * 10.0).round() / 10.0,
            properties,
            sure: is_exact && disagreeing == 0,
        });
    }
    // Stable: equal scores keep graph order.
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    found.truncate(query.limit);
    found
}

/// Whether the entity has a value of `property` that the query gives.
fn agrees(
    graph: &KnowledgeGraph,
    entity: EntityRef<'_>,
    property: Property,
    wanted: &[Wanted],
) -> bool {
    property
        .values(entity)
        .iter()
        .any(|value| wanted.iter().any(|w| value.matches(w, graph)))
}

/// The words of a lookup key: letters and digits, split at everything else.
fn words(key: &str) -> Vec<&str> {
    key.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// How alike two lists of words are: the harmonic mean of how much of each is found in the
/// other, a word counting by its best counterpart ([`word_similarity`]).
pub fn similarity(a: &[impl AsRef<str>], b: &[impl AsRef<str>]) -> f64 {
    fn covered(from: &[impl AsRef<str>], to: &[impl AsRef<str>]) -> f64 {
        let total: f64 = from
            .iter()
            .map(|w| {
                to.iter()
                    .map(|v| word_similarity(w.as_ref(), v.as_ref()))
                    .fold(0.0, f64::max)
            })
            .sum();
        total / from.len().max(1) as f64
    }
    let (recall, precision) = (covered(a, b), covered(b, a));
    if recall + precision == 0.0 {
        return 0.0;
    }
    2.0 * recall * precision / (recall + precision)
}

/// 1 for the same word, [`PREFIX_WORD`] when one begins the other, else their Jaro-Winkler
/// similarity if at least [`MIN_WORD_SIMILARITY`], slightly discounted, and 0 below.
fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let prefix = |short: &str, long: &str| short.chars().count() >= 2 && long.starts_with(short);
    if prefix(a, b) || prefix(b, a) {
        return PREFIX_WORD;
    }
    let close = strsim::jaro_winkler(a, b);
    if close >= MIN_WORD_SIMILARITY {
        close * 0.95
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_count_fully_nearly_or_not_at_all() {
        assert_eq!(word_similarity("agency", "agency"), 1.0);
        assert_eq!(word_similarity("eu", "european"), PREFIX_WORD);
        assert!(word_similarity("turkiyi", "turkiye") > 0.88);
        assert_eq!(word_similarity("iran", "turkey"), 0.0);
    }

    #[test]
    fn an_abbreviated_name_is_closer_than_a_shared_word() {
        let query = ["eu", "agency", "for", "asylum"];
        let euaa = similarity(&query, &["european", "union", "agency", "for", "asylum"]);
        let eu = similarity(&query, &["eu"]);
        assert!(euaa > 0.8 && eu < 0.5, "{euaa} {eu}");
        assert_eq!(similarity(&[] as &[&str], &["eu"]), 0.0);
    }
}

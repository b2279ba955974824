//! What a user typed, as a tantivy query: parsed leniently (a stray quote or operator never
//! fails), every word required, the last word also matched as a prefix while it is being
//! typed, and the filters as clauses that narrow without scoring.

use crate::index::TextIndex;
use crate::{Filters, SearchError};
use std::collections::BTreeSet;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// Names and aliases weigh this much more than notes, quotes and passages.
const NAME_BOOST: f32 = 2.0;
/// A last word shorter than this is not expanded (one letter would match half the index).
const SHORTEST_PREFIX: usize = 2;
/// At most this many words complete a prefix (the first ones in alphabetical order).
const MOST_COMPLETIONS: usize = 50;

impl TextIndex {
    /// The query for `text` under `filters`.
    pub(crate) fn query(
        &self,
        searcher: &Searcher,
        text: &str,
        filters: &Filters<'_>,
    ) -> Result<Box<dyn Query>, SearchError> {
        let words = self.words(searcher, text)?;
        let mut clauses = vec![(Occur::Must, words)];
        clauses.extend(
            self.filter_clauses(filters)
                .into_iter()
                .map(|filter| (Occur::Must, filter)),
        );
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The words of `text`, with the last one as typed and, if it may be unfinished, as a
    /// prefix of the words of the index.
    fn words(&self, searcher: &Searcher, text: &str) -> Result<Box<dyn Query>, SearchError> {
        let parser = self.parser();
        // The errors say what was dropped to make sense of the text; a user's text needs none.
        let (whole, _dropped) = parser.parse_query_lenient(text);
        let Some((head, last)) = unfinished_word(text) else {
            return Ok(whole);
        };
        let Some(completions) = self.completions(searcher, last)? else {
            return Ok(whole);
        };
        let mut completed = vec![(Occur::Must, completions)];
        if !head.trim().is_empty() {
            completed.push((Occur::Must, parser.parse_query_lenient(head).0));
        }
        Ok(Box::new(BooleanQuery::new(vec![
            (Occur::Should, whole),
            (Occur::Should, Box::new(BooleanQuery::new(completed))),
        ])))
    }

    fn parser(&self) -> QueryParser {
        let fields = self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![fields.name, fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.name, NAME_BOOST);
        parser
    }

    /// Any indexed word that starts with `prefix` (folded like the index), in names or bodies;
    /// `None` if the prefix is too short or completes no word.
    fn completions(
        &self,
        searcher: &Searcher,
        prefix: &str,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let mut analyser = self.index.tokenizer_for_field(self.fields.body)?;
        let mut tokens = analyser.token_stream(prefix);
        let mut folded = Vec::new();
        tokens.process(&mut |token| folded.push(token.text.clone()));
        let [prefix] = &folded[..] else {
            return Ok(None);
        };
        if prefix.chars().count() < SHORTEST_PREFIX {
            return Ok(None);
        }
        let mut words = BTreeSet::new();
        for field in [self.fields.name, self.fields.body] {
            for segment in searcher.segment_readers() {
                let index = segment.inverted_index(field)?;
                let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
                while stream.advance() && words.len() < MOST_COMPLETIONS {
                    match std::str::from_utf8(stream.key()) {
                        Ok(word) if word.starts_with(prefix.as_str()) => {
                            words.insert(word.to_owned())
                        }
                        _ => break,
                    };
                }
            }
        }
        let term = |field: Field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        if words.is_empty() {
            return Ok(None);
        }
        let clauses = words
            .iter()
            .flat_map(|word| {
                [
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(term(self.fields.name, word), NAME_BOOST))
                            as Box<dyn Query>,
                    ),
                    (Occur::Should, term(self.fields.body, word)),
                ]
            })
            .collect();
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// One clause per filter given: a document passes if it has any of the values listed.
    fn filter_clauses(&self, filters: &Filters<'_>) -> Vec<Box<dyn Query>> {
        let fields = self.fields;
        let kinds = filters
            .kinds
            .map(|kinds| any_of(fields.kind, kinds.iter().map(|k| k.as_str().to_owned())));
        let entity_kinds = filters
            .entity_kinds
            .map(|kinds| any_of(fields.entity_kind, kinds.iter().map(|k| k.to_string())));
        let predicates = filters.predicates.map(|predicates| {
            any_of(
                fields.predicate,
                predicates.iter().map(|p| p.name().to_owned()),
            )
        });
        let sources = filters
            .sources
            .map(|sources| any_of(fields.source, sources.iter().map(|&s| s.to_owned())));
        [kinds, entity_kinds, predicates, sources]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Documents whose `field` holds any of `values`, all scored alike (a filter ranks nothing).
fn any_of(field: Field, values: impl Iterator<Item = String>) -> Box<dyn Query> {
    let terms = values
        .map(|value| Term::from_field_text(field, &value))
        .collect();
    Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new_multiterms_query(terms)),
        0.0,
    ))
}

/// The text before the last word and the last word, when the text ends in a bare word that
/// may still be being typed: not followed by a space, not inside a quoted phrase, not an
/// operator or a `field:value`.
fn unfinished_word(text: &str) -> Option<(&str, &str)> {
    if text.matches('"').count() % 2 == 1 {
        return None;
    }
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (head, last) = text.split_at(start);
    let bare = head.is_empty() || head.ends_with(char::is_whitespace);
    (bare && !last.is_empty()).then_some((head, last))
}

#[cfg(test)]
mod tests {
    use super::unfinished_word;

    #[test]
    fn the_last_word_may_be_unfinished() {
        assert_eq!(unfinished_word("oper"), Some(("", "oper")));
        assert_eq!(
            unfinished_word("strategic guid"),
            Some(("strategic ", "guid"))
        );
        assert_eq!(unfinished_word("Türki"), Some(("", "Türki")));
        assert_eq!(unfinished_word("strategic "), None);
        assert_eq!(unfinished_word("\"operational ar"), None);
        assert_eq!(unfinished_word("\"operational arm\""), None);
        assert_eq!(unfinished_word("name:turk"), None);
        assert_eq!(unfinished_word("-turk"), None);
        assert_eq!(unfinished_word(""), None);
    }
}

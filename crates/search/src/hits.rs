//! Running a query: the total, one page of hits in rank order, and each hit's snippet with
//! its highlights.

use crate::index::{Origin, TextIndex, ORIGIN};
use crate::passages::Passage;
use crate::{Filters, SearchError};
use bpgraph_graph::{CitationRef, EntityRef, SourceRef, StatementRef};
use std::ops::Range;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher};

/// The longest text accepted, in characters: longer is no phrase anyone types.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// What a hit was found in.
#[derive(Clone, Copy)]
pub enum Found<'g> {
    /// An entity's name, an alias or its note.
    Entity(EntityRef<'g>),
    /// A statement's quote (`citation` is the citation that holds it, with its position among
    /// the statement's citations) or, when `citation` is `None`, its note.
    Statement {
        statement: StatementRef<'g>,
        citation: Option<(usize, CitationRef<'g>)>,
    },
    /// A paragraph of a source text.
    Passage {
        source: SourceRef<'g>,
        passage: Passage,
    },
}

/// Part of the found text around the words that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// The matched words in `text`, as ranges of characters (Unicode scalar values), in order;
    /// the words of a phrase form one range.
    pub highlights: Vec<Range<usize>>,
}

/// One search result.
#[derive(Clone)]
pub struct Hit<'g> {
    /// BM25 relevance: higher is better; comparable only within one query.
    pub score: f32,
    pub found: Found<'g>,
    pub snippet: Snippet,
}

/// A query ready to be paged through, answered from one view of the index.
pub struct Search<'i> {
    index: &'i TextIndex,
    searcher: Searcher,
    query: Box<dyn Query>,
    total: usize,
}

impl TextIndex {
    /// Everything matching `text` under `filters`. Any text parses; only a text longer than
    /// [`MAX_QUERY_CHARS`] is refused. A text with no words finds nothing.
    pub fn search(&self, text: &str, filters: &Filters<'_>) -> Result<Search<'_>, SearchError> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchError::TooLong {
                max: MAX_QUERY_CHARS,
            });
        }
        let searcher = self.reader.searcher();
        let query = self.query(&searcher, text, filters)?;
        let total = searcher.search(&query, &Count)?;
        Ok(Search {
            index: self,
            searcher,
            query,
            total,
        })
    }
}

impl<'i> Search<'i> {
    /// How many documents match.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The hits ranked `offset..offset + limit`, best first; equal scores in graph order.
    pub fn hits(&self, offset: usize, limit: usize) -> Result<Vec<Hit<'i>>, SearchError> {
        if limit == 0 || offset >= self.total {
            return Ok(Vec::new());
        }
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let ranked = self.searcher.search(&self.query, &top)?;
        let fields = self.index.fields;
        let names = self.generator(fields.name)?;
        let bodies = self.generator(fields.body)?;
        ranked
            .into_iter()
            .map(|(score, address)| {
                let found = self.found(address)?;
                let snippet = snippet_of(found, &names, &bodies);
                Ok(Hit {
                    score,
                    found,
                    snippet,
                })
            })
            .collect()
    }

    fn generator(&self, field: tantivy::schema::Field) -> Result<SnippetGenerator, SearchError> {
        let mut generator = SnippetGenerator::create(&self.searcher, &self.query, field)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        Ok(generator)
    }

    fn found(&self, address: DocAddress) -> Result<Found<'i>, SearchError> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        let position = segment
            .fast_fields()
            .u64(ORIGIN)?
            .first(address.doc_id)
            .ok_or(SearchError::Inconsistent)?;
        let origin = self.index.origins[position as usize];
        let graph = &*self.index.graph;
        Ok(match origin {
            Origin::Entity(id) => Found::Entity(graph.entity(id)),
            Origin::Quote(id, position) => {
                let statement = graph.statement(id);
                let citation = statement
                    .citations()
                    .nth(position)
                    .ok_or(SearchError::Inconsistent)?;
                Found::Statement {
                    statement,
                    citation: Some((position, citation)),
                }
            }
            Origin::Note(id) => Found::Statement {
                statement: graph.statement(id),
                citation: None,
            },
            Origin::Passage(passage) => Found::Passage {
                source: graph
                    .sources()
                    .nth(passage.source)
                    .ok_or(SearchError::Inconsistent)?,
                passage,
            },
        })
    }
}

/// The snippet of the text that matched: for an entity its name, an alias or its note,
/// whichever holds a matched word first; for the rest, their one text.
fn snippet_of(found: Found<'_>, names: &SnippetGenerator, bodies: &SnippetGenerator) -> Snippet {
    match found {
        Found::Entity(entity) => {
            let names_first = std::iter::once(entity.name())
                .chain(entity.aliases())
                .map(|name| (name, names));
            names_first
                .chain(entity.note().map(|note| (note, bodies)))
                .map(|(text, generator)| cut(text, generator))
                .find(|snippet| !snippet.highlights.is_empty())
                .unwrap_or_else(|| cut(entity.name(), names))
        }
        Found::Statement {
            citation: Some((_, citation)),
            ..
        } => cut(citation.quote(), bodies),
        Found::Statement { statement, .. } => cut(
            statement.qualifiers().note.as_deref().unwrap_or_default(),
            bodies,
        ),
        Found::Passage { source, passage } => cut(passage.text(source.text()), bodies),
    }
}

/// The best fragment of `text`, or its start when no word of the query is in it.
fn cut(text: &str, generator: &SnippetGenerator) -> Snippet {
    let snippet = generator.snippet(text);
    if snippet.highlighted().is_empty() {
        let end = text
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(text.len(), |(i, _)| i);
        return Snippet {
            text: text[..end].to_owned(),
            highlights: Vec::new(),
        };
    }
    let fragment = snippet.fragment();
    let highlights = merge_adjacent(fragment, snippet.highlighted())
        .into_iter()
        .map(|bytes| chars_before(fragment, bytes.start)..chars_before(fragment, bytes.end))
        .collect();
    Snippet {
        text: fragment.to_owned(),
        highlights,
    }
}

/// Byte ranges of `text`, with those separated only by whitespace or a hyphen joined: the
/// words of a phrase become one highlight ("strategic guidance", "strategic-guidance").
fn merge_adjacent(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last)
                if last.end <= range.start
                    && text[last.end..range.start]
                        .chars()
                        .all(|c| c.is_whitespace() || c == '-') =>
            {
                last.end = range.end
            }
            _ => merged.push(range.clone()),
        }
    }
    merged
}

fn chars_before(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::merge_adjacent;

    #[test]
    fn words_of_a_phrase_make_one_highlight() {
        let text = "the operational  arm, an arm";
        assert_eq!(
            merge_adjacent(text, &[4..15, 17..20, 25..28]),
            [4..20, 25..28]
        );
    }
}

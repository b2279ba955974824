//! The dataset's shared tables as validation fills them, and line numbers of file offsets.

use bpgraph_model::{Citation, Span};
use hashbrown::HashMap;
use std::hash::Hash;

pub(super) struct Distinct<T> {
    positions: HashMap<T, u32>,
    values: Vec<T>,
}

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Distinct {
            positions: HashMap::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Hash + Eq + Clone> Distinct<T> {
    pub(super) fn position(&mut self, value: T) -> u32 {
        if let Some(&position) = self.positions.get(&value) {
            return position;
        }
        let position = self.values.len() as u32;
        self.values.push(value.clone());
        self.positions.insert(value, position);
        position
    }

    pub(super) fn into_values(self) -> Vec<T> {
        self.values
    }
}

/// [`Dataset::citations`] as it is built: records citing the one same passage share its row.
#[derive(Default)]
pub(super) struct CitationRows {
    pub(super) rows: Vec<Citation>,
    single: HashMap<Citation, u32>,
    /// The last single citation's row: consecutive records often cite one passage.
    last: Option<(Citation, u32)>,
}

impl CitationRows {
    pub(super) fn span(&mut self, citations: &[Citation]) -> Span {
        if let [citation] = citations {
            if let Some((last, start)) = self.last {
                if last == *citation {
                    return Span { start, len: 1 };
                }
            }
            let start = *self.single.entry(*citation).or_insert_with(|| {
                self.rows.push(*citation);
                (self.rows.len() - 1) as u32
            });
            self.last = Some((*citation, start));
            return Span { start, len: 1 };
        }
        let start = self.rows.len() as u32;
        self.rows.extend_from_slice(citations);
        Span {
            start,
            len: citations.len() as u32,
        }
    }
}

/// Line numbers of byte offsets in one text, from one pass over it.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn of(text: &str) -> Lines {
        Lines(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The 1-based line of `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

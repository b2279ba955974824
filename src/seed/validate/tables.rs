//! The dataset's shared tables as validation fills them, and line numbers of file offsets.

use crate::model::{Citation, Span};
use hashbrown::HashMap;
use std::hash::{BuildHasher, Hash};

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
}

impl CitationRows {
    pub(super) fn span(&mut self, citations: &[Citation]) -> Span {
        if let [citation] = citations {
            let start = *self.single.entry(*citation).or_insert_with(|| {
                self.rows.push(*citation);
                (self.rows.len() - 1) as u32
            });
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

/// Positions of entities by slug, hashed by the slug's text: one probe of a table of entities
/// alone, where looking the slug up in the string pool first would probe the pool's table of
/// every string in the seed, then a second table. Statements resolve millions of slugs.
#[derive(Default)]
pub(super) struct SlugIndex {
    table: hashbrown::HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl SlugIndex {
    /// The position of the entity with `slug`; `slug_of` gives the slug of a position.
    pub(super) fn get<'s>(&self, slug: &str, slug_of: impl Fn(u32) -> &'s str) -> Option<u32> {
        let hash = self.hasher.hash_one(slug);
        self.table.find(hash, |&i| slug_of(i) == slug).copied()
    }

    /// Adds `index` under `slug`, which must not be in the index yet.
    pub(super) fn insert<'s>(&mut self, slug: &str, index: u32, slug_of: impl Fn(u32) -> &'s str) {
        let hasher = &self.hasher;
        let hash = hasher.hash_one(slug);
        self.table
            .insert_unique(hash, index, |&i| hasher.hash_one(slug_of(i)));
    }
}

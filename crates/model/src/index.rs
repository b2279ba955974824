//! Look-up tables from a string to a position: entities by slug and by name, statements by
//! record id. Validation fills them while it checks a seed (it needs them to resolve slugs and
//! find duplicates) and the graph keeps them to answer look-ups, so they are built once.
//!
//! A table stores positions only, each with 32 bits of its key's hash: the key itself is read
//! from the dataset when a position is a candidate, and growing the table hashes no string again.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::fmt;
use std::hash::BuildHasher;

/// Positions by the string they are known by; see the module's documentation.
#[derive(Default, Clone)]
pub struct KeyIndex {
    table: HashTable<Entry>,
    hasher: DefaultHashBuilder,
}

#[derive(Clone, Copy)]
struct Entry {
    position: u32,
    hash: u32,
}

/// The table's hash of an entry: the stored 32 bits, spread over the 64 the table uses.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl KeyIndex {
    fn hash(&self, key: &str) -> u32 {
        self.hasher.hash_one(key) as u32
    }

    /// The position stored under `key`; `is_key(position)` tells whether a candidate
    /// position is known by `key` (it is asked only when 32 bits of the hashes agree).
    pub fn get(&self, key: &str, is_key: impl Fn(u32) -> bool) -> Option<u32> {
        let hash = self.hash(key);
        self.table
            .find(spread(hash), |entry| {
                entry.hash == hash && is_key(entry.position)
            })
            .map(|entry| entry.position)
    }

    /// Stores `position` under `key`; the caller has checked that `key` has no position yet.
    pub fn insert(&mut self, key: &str, position: u32) {
        let hash = self.hash(key);
        self.table
            .insert_unique(spread(hash), Entry { position, hash }, |entry| {
                spread(entry.hash)
            });
    }

    /// Makes room for `additional` more keys.
    pub fn reserve(&mut self, additional: usize) {
        self.table.reserve(additional, |entry| spread(entry.hash));
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Releases the growth slack once the table is complete.
    pub fn shrink_to_fit(&mut self) {
        self.table.shrink_to_fit(|entry| spread(entry.hash));
    }
}

impl fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyIndex({} keys)", self.table.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_stored_and_nothing_else() {
        let keys: Vec<String> = (0..10_000).map(|i| format!("key-{i}")).collect();
        let mut index = KeyIndex::default();
        for (i, key) in keys.iter().enumerate() {
            index.insert(key, i as u32);
        }
        index.shrink_to_fit();
        assert_eq!(index.len(), keys.len());
        for (i, key) in keys.iter().enumerate() {
            let is_key = |p: u32| keys[p as usize] == *key;
            assert_eq!(index.get(key, is_key), Some(i as u32));
        }
        assert_eq!(
            index.get("key-10000", |p| keys[p as usize] == "key-10000"),
            None
        );
    }
}

//! The dataset's strings, each stored once: slugs, names, quotes, roles, notes.
//!
//! A large graph repeats the same few strings millions of times (roles, quotes shared by every
//! attendee of a meeting, category names); records hold a 4-byte [`Text`] instead of a `String`.

use string_interner::backend::StringBackend;
use string_interner::symbol::SymbolU32;
use string_interner::StringInterner;

/// A string of a [`Strings`] pool: 4 bytes, `Copy`, and `Option<Text>` is 4 bytes too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(SymbolU32);

/// A pool of distinct strings: one buffer and one 4-byte end offset per string.
#[derive(Debug, Default)]
pub struct Strings(StringInterner<StringBackend<SymbolU32>>);

impl Strings {
    /// The [`Text`] of `string`, adding it to the pool if it is new.
    pub fn intern(&mut self, string: &str) -> Text {
        Text(self.0.get_or_intern(string))
    }

    /// The [`Text`] of `string` if the pool has it.
    pub fn find(&self, string: &str) -> Option<Text> {
        self.0.get(string).map(Text)
    }

    /// The string of `text`.
    ///
    /// # Panics
    /// If `text` comes from another pool (a [`Text`] is only ever made by its own pool).
    pub fn get(&self, text: Text) -> &str {
        self.0
            .resolve(text.0)
            .expect("a Text is resolved by the pool that made it")
    }

    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Releases the growth slack once the pool is complete.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit()
    }
}

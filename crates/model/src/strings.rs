//! The dataset's strings, each stored once: slugs, names, quotes, roles, notes.
//!
//! A large graph repeats the same few strings millions of times (roles, quotes shared by every
//! attendee of a meeting, category names); records hold a 4-byte [`Text`] instead of a `String`.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::fmt;
use std::hash::BuildHasher;
use std::num::NonZeroU32;

/// A string of a [`Strings`] pool: 4 bytes, `Copy`, and `Option<Text>` is 4 bytes too.
///
/// It is where the string starts in the pool's buffer, so a string is read with one look-up,
/// and texts order as their strings were first added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(NonZeroU32);

/// A pool of distinct strings: one buffer holding each string after its length, and a table
/// of where they start, by hash.
#[derive(Clone)]
pub struct Strings {
    /// From offset 1 on (a [`Text`] is never 0): each string after its length.
    buffer: String,
    /// Each string's offset, with 32 bits of its hash.
    table: HashTable<(Text, u32)>,
    hasher: DefaultHashBuilder,
}

impl Default for Strings {
    fn default() -> Self {
        Strings {
            // Offset 0 is taken, so every string's offset is a `NonZeroU32`.
            buffer: String::from("\0"),
            table: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
        }
    }
}

/// The table's hash of a string: the stored 32 bits, spread over the 64 the table uses.
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Bits of a length in one byte of its prefix; the byte's next bit says another byte follows.
/// Every prefix byte is ASCII, so the buffer stays UTF-8.
const LENGTH_BITS: u32 = 6;
const MORE: u8 = 1 << LENGTH_BITS;

impl Strings {
    fn hash(&self, string: &str) -> u32 {
        self.hasher.hash_one(string) as u32
    }

    /// The [`Text`] of `string`, adding it to the pool if it is new.
    ///
    /// # Panics
    /// If the pool would outgrow 4 GiB.
    pub fn intern(&mut self, string: &str) -> Text {
        let hash = self.hash(string);
        if let Some(text) = self.find_hashed(string, hash) {
            return text;
        }
        let offset = u32::try_from(self.buffer.len())
            .ok()
            .and_then(NonZeroU32::new)
            .expect("the string pool holds at most 4 GiB");
        let text = Text(offset);
        let mut len = string.len();
        loop {
            let low = (len & ((1 << LENGTH_BITS) - 1)) as u8;
            len >>= LENGTH_BITS;
            if len == 0 {
                self.buffer.push(char::from(low));
                break;
            }
            self.buffer.push(char::from(low | MORE));
        }
        self.buffer.push_str(string);
        self.table
            .insert_unique(spread(hash), (text, hash), |&(_, hash)| spread(hash));
        text
    }

    fn find_hashed(&self, string: &str, hash: u32) -> Option<Text> {
        self.table
            .find(spread(hash), |&(text, stored)| {
                stored == hash && self.get(text) == string
            })
            .map(|&(text, _)| text)
    }

    /// The [`Text`] of `string` if the pool has it.
    pub fn find(&self, string: &str) -> Option<Text> {
        self.find_hashed(string, self.hash(string))
    }

    /// The string of `text`.
    ///
    /// # Panics
    /// If `text` comes from another pool (a [`Text`] is only ever made by its own pool).
    pub fn get(&self, text: Text) -> &str {
        let bytes = self.buffer.as_bytes();
        let mut at = text.0.get() as usize;
        let (mut len, mut shift) = (0, 0);
        loop {
            let byte = bytes[at];
            at += 1;
            len |= usize::from(byte & (MORE - 1)) << shift;
            shift += LENGTH_BITS;
            if byte & MORE == 0 {
                break;
            }
        }
        &self.buffer[at..at + len]
    }

    /// Number of distinct strings.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Releases the growth slack once the pool is complete.
    pub fn shrink_to_fit(&mut self) {
        self.buffer.shrink_to_fit();
        self.table.shrink_to_fit(|&(_, hash)| spread(hash));
    }
}

impl fmt::Debug for Strings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Strings({} strings, {} bytes)",
            self.len(),
            self.buffer.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_string_once_and_read_back() {
        let long = "x".repeat(5000);
        let strings = [
            "",
            "a",
            "meeting-1",
            "é ü",
            &long,
            &"y".repeat(64),
            &"z".repeat(63),
        ];
        let mut pool = Strings::default();
        let texts: Vec<Text> = strings.iter().map(|s| pool.intern(s)).collect();
        for (text, string) in texts.iter().zip(strings) {
            assert_eq!(pool.get(*text), string);
            assert_eq!(pool.intern(string), *text);
            assert_eq!(pool.find(string), Some(*text));
        }
        assert_eq!(pool.len(), strings.len());
        assert_eq!(pool.find("absent"), None);
        assert!(texts.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(std::mem::size_of::<Option<Text>>(), 4);
    }
}

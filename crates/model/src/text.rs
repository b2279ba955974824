//! Text normalisation shared by quote checking and name lookup.
//!
//! Two different equivalences live here, on purpose kept apart:
//! - [`quote_form`] forgives only what PDF extraction damages (whitespace, line breaks after a
//!   hyphen, typographic quote characters), so a quote still has to be the source's own words;
//! - [`lookup_key`] is for people typing names: case and diacritics do not matter.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The form in which a quote is searched for in its source.
pub fn quote_form(text: &str) -> String {
    // ASCII is its own normal form.
    if text.is_ascii() {
        quote_form_of(text.chars(), text.len())
    } else {
        quote_form_of(text.nfc(), text.len())
    }
}

/// [`quote_form`] of the characters of a text in Unicode normal form C.
fn quote_form_of(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    let mut after_word_hyphen = false;
    let mut previous_is_word = false;
    for c in chars {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        };
        if c.is_whitespace() {
            // A line break (or any space) after a hyphen that ends a word is hyphenation.
            pending_space = !after_word_hyphen;
            previous_is_word = false;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        after_word_hyphen = c == '-' && previous_is_word;
        previous_is_word = c.is_alphanumeric();
        out.push(c);
    }
    out
}

/// The key under which names and aliases are indexed: lower case, no diacritics, single spaces.
pub fn lookup_key(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to decompose: the same key, without the Unicode tables (a large seed has
        // a million names).
        let mut key = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(word);
        }
        key.make_ascii_lowercase();
        return key;
    }
    let folded: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ı' { 'i' } else { c })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `id` is a slug: lowercase ascii letters and digits in groups joined by single hyphens.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_form_forgives_extraction_damage_only() {
        let check = |a: &str, b: &str| assert_eq!(quote_form(a), quote_form(b), "{a:?} vs {b:?}");
        check("short-\n\nterm actions", "short-term actions");
        check("the  BP’s \n Call", "the BP's Call");
        check(
            "“Reintegration is complicated”",
            "\"Reintegration is complicated\"",
        );
        assert_ne!(quote_form("tools - in"), quote_form("tools -in"));
        assert_ne!(quote_form("Turkey"), quote_form("turkey"));
        assert_ne!(quote_form("2025–2030"), quote_form("2025-2030"));
    }

    #[test]
    fn lookup_key_ignores_case_and_diacritics() {
        for variant in ["Türkiye", "turkiye", "TÜRKIYE", "  Türkiye "] {
            assert_eq!(lookup_key(variant), "turkiye");
        }
        assert_eq!(lookup_key("TÜRKIYI"), "turkiyi");
        // ASCII takes a shortcut; it must give what the full path gives.
        assert_eq!(
            lookup_key("  Law\tEnforcement \n TWG "),
            "law enforcement twg"
        );
        assert_eq!(lookup_key("Law Enforcement é"), "law enforcement e");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("north-macedonia"));
        assert!(is_slug("som-37"));
        for bad in ["", "North", "a--b", "-a", "a-", "a_b", "türkiye"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}

//! JSON strings written exactly as serde_json writes them, but checked eight bytes at a time:
//! quotes and names are most of an answer's bytes and almost never need escaping, and
//! serde_json looks each byte up in a table.

/// Appends `text` as a JSON string.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean = 0; // bytes[clean..at] need no escape and are not written yet
    let mut at = skip_clean(bytes, 0);
    while at < bytes.len() {
        let byte = bytes[at];
        if let Some(escape) = escape(byte) {
            out.extend_from_slice(&bytes[clean..at]);
            match escape {
                Escape::Short(letter) => out.extend_from_slice(&[b'\\', letter]),
                Escape::Unicode => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]];
                    out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex[0], hex[1]]);
                }
            }
            clean = at + 1;
        }
        at = skip_clean(bytes, at + 1);
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// The first index at or after `at` from which a byte may need escaping: sixteen, then
/// eight bytes at a time, then the tail byte by byte is left to the caller.
fn skip_clean(bytes: &[u8], mut at: usize) -> usize {
    let word = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    while let Some(chunk) = bytes.get(at..at + 16) {
        if escape_mask(word(&chunk[..8])) | escape_mask(word(&chunk[8..])) != 0 {
            break;
        }
        at += 16;
    }
    while let Some(chunk) = bytes.get(at..at + 8) {
        if escape_mask(word(chunk)) != 0 {
            break;
        }
        at += 8;
    }
    at
}

enum Escape {
    /// `\"`, `\\`, `\n` and the like.
    Short(u8),
    /// `\u00XX`.
    Unicode,
}

fn escape(byte: u8) -> Option<Escape> {
    Some(match byte {
        b'"' => Escape::Short(b'"'),
        b'\\' => Escape::Short(b'\\'),
        b'\n' => Escape::Short(b'n'),
        b'\r' => Escape::Short(b'r'),
        b'\t' => Escape::Short(b't'),
        0x08 => Escape::Short(b'b'),
        0x0c => Escape::Short(b'f'),
        0..0x20 => Escape::Unicode,
        _ => return None,
    })
}

/// Non-zero if any of the eight bytes may be `"`, `\\` or a control character (never zero
/// when one is; a false alarm only costs a byte-by-byte look).
fn escape_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    below_space
        | has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\')))
}

#[cfg(test)]
mod tests {
    use super::write_str;

    fn check(text: &str) {
        let mut out = Vec::new();
        write_str(&mut out, text);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(text).unwrap(),
            "{text:?}"
        );
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for byte in 0..=0x7fu8 {
            let c = char::from(byte);
            check(&c.to_string());
            check(&format!("abcdefgh{c}ijklmnop{c}{c}"));
            check(&format!("{}{c}{}{c}", "x".repeat(21), "é".repeat(20)));
        }
        for text in [
            "",
            "Türkiye co-chairs the “Silk Routes” group — since 2019",
            "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{1f}i\u{7f}",
            "exactly8",
            "exactly8\"",
            "\u{2028}\u{2029} line separators stay as they are",
        ] {
            check(text);
        }
    }
}

//! The checks on a query's text, before the parser sees it: tokens and bracket nesting, so
//! no input can drive the parser's recursion or allocation.

use super::{exceeded, LimitExceeded, Limits};

/// Counts tokens and bracket nesting of a query's text without parsing it. Strings, block
/// strings and comments are skipped, so brackets inside them do not count.
pub fn scan(query: &str, limits: &Limits) -> Result<(), LimitExceeded> {
    let bytes = query.as_bytes();
    let (mut tokens, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                tokens += 1;
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 3;
                continue;
            }
            b'"' => {
                tokens += 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'(' | b'[' => {
                tokens += 1;
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b')' | b']' => {
                tokens += 1;
                depth = depth.saturating_sub(1);
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                tokens += 1;
                while i + 1 < bytes.len()
                    && (bytes[i + 1].is_ascii_alphanumeric() || matches!(bytes[i + 1], b'_' | b'.'))
                {
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() || c == b',' => {}
            _ => tokens += 1,
        }
        if tokens > limits.max_tokens {
            return Err(LimitExceeded(format!(
                "the query has more than {} tokens",
                limits.max_tokens
            )));
        }
        i += 1;
    }
    if deepest > limits.max_nesting {
        return Err(exceeded(
            "levels of nested brackets",
            deepest,
            limits.max_nesting,
        ));
    }
    Ok(())
}

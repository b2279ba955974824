//! Pagination: which window of a list a connection's `after`/`before`/`first`/`last` ask for,
//! with bounded page sizes.

use super::errors::bad_input;
use super::ids::decode_cursor;
#[cfg(test)]
use super::ids::encode_cursor;

/// The largest page a client may ask for with `first` or `last`.
pub const MAX_PAGE: i32 = 100;
/// The page size when the client gives neither `first` nor `last`.
pub const DEFAULT_PAGE: usize = 20;

/// Pagination arguments as the client sent them.
#[derive(Debug, Default, Clone)]
pub struct Page {
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

impl Page {
    pub fn new(
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Page {
        Page {
            after,
            before,
            first,
            last,
        }
    }

    /// The window `[start, end)` of a list of `len` items, checking every argument.
    pub(crate) fn window(&self, len: usize) -> async_graphql::Result<(usize, usize)> {
        for (name, value) in [("first", self.first), ("last", self.last)] {
            match value {
                Some(n) if !(0..=MAX_PAGE).contains(&n) => {
                    return Err(bad_input(format!(
                        "`{name}` must be between 0 and {MAX_PAGE}, got {n}"
                    )))
                }
                _ => {}
            }
        }
        if self.first.is_some() && self.last.is_some() {
            return Err(bad_input("pass `first` or `last`, not both"));
        }
        let mut start = match &self.after {
            Some(cursor) => (decode_cursor(cursor)? + 1).min(len),
            None => 0,
        };
        let mut end = match &self.before {
            Some(cursor) => decode_cursor(cursor)?.min(len),
            None => len,
        };
        end = end.max(start);
        match (self.first, self.last) {
            (Some(first), _) => end = end.min(start + first as usize),
            (None, Some(last)) => start = start.max(end.saturating_sub(last as usize)),
            (None, None) => end = end.min(start + DEFAULT_PAGE),
        }
        Ok((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(page: Page, len: usize, expected: Result<(usize, usize), &str>) {
        let actual = page.window(len).map_err(|e| e.message);
        assert_eq!(actual, expected.map_err(str::to_owned), "{page:?}");
    }

    #[test]
    fn windows() {
        let c = |n| Some(encode_cursor(n));
        check(Page::default(), 50, Ok((0, 20)));
        check(Page::new(None, None, Some(0), None), 50, Ok((0, 0)));
        check(Page::new(None, None, Some(5), None), 3, Ok((0, 3)));
        check(Page::new(c(2), None, Some(5), None), 50, Ok((3, 8)));
        check(Page::new(c(60), None, Some(5), None), 50, Ok((50, 50)));
        check(Page::new(None, None, None, Some(5)), 50, Ok((45, 50)));
        check(Page::new(None, c(10), None, Some(3)), 50, Ok((7, 10)));
        check(
            Page::new(None, None, Some(101), None),
            50,
            Err("`first` must be between 0 and 100, got 101"),
        );
        check(
            Page::new(None, None, Some(-1), None),
            50,
            Err("`first` must be between 0 and 100, got -1"),
        );
        check(
            Page::new(None, None, Some(1), Some(1)),
            50,
            Err("pass `first` or `last`, not both"),
        );
        check(
            Page::new(Some("x".into()), None, None, None),
            50,
            Err("`x` is not a cursor of this list"),
        );
    }
}

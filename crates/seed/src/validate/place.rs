//! Where a record was read (a parsed file's [`Location`], or a CSV row located only when a
//! problem is reported) and the borrowed shapes of its list and citation fields, which TOML
//! records and CSV rows share.

use crate::records::RawCitation;
use crate::report::Location;

/// A record with the place it was read from.
pub(super) struct Located<T> {
    pub(super) location: Location,
    pub(super) value: T,
}

/// Where a record is. A CSV row's [`Location`] is only made when a problem is reported: the
/// rows of a large seed are checked without building a string for each.
pub(super) enum Place<'a> {
    /// A record located when its file was parsed.
    Located(&'a Location),
    /// A CSV row: its file, the line it starts on, its table and its id cell.
    Row {
        file: &'a str,
        line: usize,
        table: &'a str,
        id: Option<&'a str>,
    },
}

impl Place<'_> {
    pub(super) fn file(&self) -> &str {
        match self {
            Place::Located(location) => &location.file,
            Place::Row { file, .. } => file,
        }
    }

    pub(super) fn line(&self) -> usize {
        match self {
            Place::Located(location) => location.line,
            Place::Row { line, .. } => *line,
        }
    }
}

/// What a problem can be reported against.
pub(super) trait Whereabouts {
    fn location(&self) -> Location;
}

impl Whereabouts for Location {
    fn location(&self) -> Location {
        self.clone()
    }
}

impl Whereabouts for Place<'_> {
    fn location(&self) -> Location {
        match self {
            Place::Located(location) => (*location).clone(),
            &Place::Row {
                file,
                line,
                table,
                id,
            } => Location {
                file: file.to_owned(),
                line,
                record: match id {
                    Some(id) => format!("{table} `{id}`"),
                    None => format!("{table} (no id)"),
                },
            },
        }
    }
}

/// The items of a list field: a TOML array, or a CSV cell separated by `;`.
#[derive(Clone, Copy)]
pub(super) enum List<'a> {
    Items(&'a [String]),
    Cell(&'a str),
}

impl<'a> List<'a> {
    /// Separates the items of a list cell.
    pub(super) const SEPARATOR: char = ';';

    pub(super) fn iter(self) -> impl Iterator<Item = &'a str> + Clone {
        let (items, cell) = match self {
            List::Items(items) => (Some(items.iter().map(String::as_str)), None),
            List::Cell(cell) => (None, Some(cell.split(Self::SEPARATOR).map(str::trim))),
        };
        items
            .into_iter()
            .flatten()
            .chain(cell.into_iter().flatten())
    }

    pub(super) fn len(self) -> usize {
        match self {
            List::Items(items) => items.len(),
            List::Cell(cell) => cell.matches(Self::SEPARATOR).count() + 1,
        }
    }

    pub(super) fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// A citation's fields, borrowed from its record.
#[derive(Clone, Copy)]
pub(super) struct CitationFields<'a> {
    pub source: &'a str,
    pub quote: &'a str,
}

impl CitationFields<'_> {
    pub(super) fn of(raw: &[RawCitation]) -> Vec<CitationFields<'_>> {
        raw.iter()
            .map(|c| CitationFields {
                source: &c.source,
                quote: &c.quote,
            })
            .collect()
    }
}

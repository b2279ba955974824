//! Reading the seed's CSV files: bulk tables a spreadsheet can edit, one record a row.
//!
//! A row is the same record as its TOML form, with one citation (`source`, `quote`), and lists
//! (`aliases`; several `subject`s or `object`s) separated by `;`. Rows are checked as they are
//! read, so a file of millions of rows is never held as parsed records.

use super::entities::EntityFields;
use super::statements::StatementFields;
use super::{Checker, CitationFields, List, Place};
use crate::files::SeedFile;
use crate::report::{Location, Rule};
use bpgraph_model::{Bound, Derivation, EntityKind, Format, Status};
use serde::Deserialize;

/// A row of `entities/*.csv`, borrowed from the row's cells.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityRow<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    aliases: Option<&'a str>,
    category: Option<&'a str>,
    date: Option<&'a str>,
    status: Option<Status>,
    format: Option<Format>,
    iso2: Option<&'a str>,
    iso3: Option<&'a str>,
    note: Option<&'a str>,
    date_derivation: Option<Derivation>,
    source: &'a str,
    quote: &'a str,
}

/// A row of `statements/*.csv`, borrowed from the row's cells.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementRow<'a> {
    id: &'a str,
    subject: &'a str,
    predicate: &'a str,
    object: Option<&'a str>,
    text: Option<&'a str>,
    value: Option<f64>,
    start: Option<&'a str>,
    end: Option<&'a str>,
    at: Option<&'a str>,
    role: Option<&'a str>,
    status: Option<Status>,
    format: Option<Format>,
    measure: Option<&'a str>,
    unit: Option<&'a str>,
    bound: Option<Bound>,
    note: Option<&'a str>,
    derivation: Option<Derivation>,
    date_derivation: Option<Derivation>,
    source: &'a str,
    quote: &'a str,
}

/// The columns of each kind of file: every one a row may have, and those it must have.
struct Columns {
    known: &'static [&'static str],
    required: &'static [&'static str],
}

const ENTITY_COLUMNS: Columns = Columns {
    known: &[
        "kind",
        "id",
        "name",
        "aliases",
        "category",
        "date",
        "status",
        "format",
        "iso2",
        "iso3",
        "note",
        "date_derivation",
        "source",
        "quote",
    ],
    required: &["kind", "id", "name", "source", "quote"],
};

const STATEMENT_COLUMNS: Columns = Columns {
    known: &[
        "id",
        "subject",
        "predicate",
        "object",
        "text",
        "value",
        "start",
        "end",
        "at",
        "role",
        "status",
        "format",
        "measure",
        "unit",
        "bound",
        "note",
        "derivation",
        "date_derivation",
        "source",
        "quote",
    ],
    required: &["id", "subject", "predicate", "source", "quote"],
};

/// One slug, or several separated by [`List::SEPARATOR`].
fn one_or_many(cell: Option<&str>) -> (Option<&str>, Option<List<'_>>) {
    match cell {
        Some(cell) if cell.contains(List::SEPARATOR) => (None, Some(List::Cell(cell))),
        cell => (cell, None),
    }
}

/// What is wrong with a row's cell, naming its column.
fn cell_error(headers: &csv::StringRecord, error: &csv::Error) -> String {
    let csv::ErrorKind::Deserialize { err, .. } = error.kind() else {
        return format!("not a CSV row: {error}");
    };
    let column = err.field().and_then(|i| headers.get(i as usize));
    let problem = match err.kind() {
        csv::DeserializeErrorKind::Message(message) => message.clone(),
        kind => kind.to_string(),
    };
    match column {
        Some(column) => format!("column `{column}`: {problem}"),
        None => problem,
    }
}

impl Checker {
    /// Reads and checks every row of an `entities/*.csv` file.
    pub(super) fn read_entity_rows(&mut self, file: &SeedFile) {
        self.read_rows(file, &ENTITY_COLUMNS, |checker, place, record, headers| {
            let row: EntityRow = match record.deserialize(Some(headers)) {
                Ok(row) => row,
                Err(error) => {
                    checker.report(Rule::MalformedRecord, place, cell_error(headers, &error));
                    return;
                }
            };
            let Some(kind) = EntityKind::from_table(row.kind) else {
                let known: Vec<_> = EntityKind::ALL.iter().map(|k| k.table()).collect();
                let message = format!(
                    "unknown kind `{}`; expected one of {}",
                    row.kind,
                    known.join(", ")
                );
                checker.report(Rule::MalformedRecord, place, message);
                return;
            };
            let citations = [CitationFields {
                source: row.source,
                quote: row.quote,
            }];
            let fields = EntityFields {
                id: row.id,
                name: row.name,
                aliases: row.aliases.map_or(List::Items(&[]), List::Cell),
                conventional_aliases: List::Items(&[]),
                category: row.category,
                date: row.date,
                status: row.status,
                format: row.format,
                iso2: row.iso2,
                iso3: row.iso3,
                note: row.note,
                date_derivation: row.date_derivation,
                citations: &citations,
            };
            checker.add_entity(place, kind, fields);
        });
    }

    /// Reads and checks every row of a `statements/*.csv` file.
    pub(super) fn read_statement_rows(&mut self, file: &SeedFile) {
        self.read_rows(
            file,
            &STATEMENT_COLUMNS,
            |checker, place, record, headers| {
                let row: StatementRow = match record.deserialize(Some(headers)) {
                    Ok(row) => row,
                    Err(error) => {
                        checker.report(Rule::MalformedRecord, place, cell_error(headers, &error));
                        return;
                    }
                };
                let (subject, subjects) = one_or_many(Some(row.subject));
                let (object, objects) = one_or_many(row.object);
                let citations = [CitationFields {
                    source: row.source,
                    quote: row.quote,
                }];
                let fields = StatementFields {
                    id: row.id,
                    subject,
                    subjects,
                    predicate: row.predicate,
                    object,
                    objects,
                    text: row.text,
                    value: row.value,
                    start: row.start,
                    end: row.end,
                    at: row.at,
                    role: row.role,
                    status: row.status,
                    format: row.format,
                    measure: row.measure,
                    unit: row.unit,
                    bound: row.bound,
                    note: row.note,
                    derivation: row.derivation,
                    date_derivation: row.date_derivation,
                    citations: &citations,
                };
                checker.add_statement(place, fields);
            },
        );
    }

    /// Reads a CSV file's header, then hands each row, with where it is, to `add`.
    fn read_rows(
        &mut self,
        file: &SeedFile,
        columns: &Columns,
        mut add: impl FnMut(&mut Checker, &Place, &csv::StringRecord, &csv::StringRecord),
    ) {
        let mut reader = csv::ReaderBuilder::new().from_reader(file.contents.as_bytes());
        let headers = match reader.headers() {
            Ok(headers) => headers.clone(),
            Err(error) => {
                let message = format!("not a CSV file with a header row: {error}");
                self.report(Rule::MalformedRecord, &Location::file(&file.path), message);
                return;
            }
        };
        if !self.columns_fit(&file.path, &headers, columns) {
            return;
        }
        let id = headers.iter().position(|h| h == "id");
        let kind = headers.iter().position(|h| h == "kind");
        let mut record = csv::StringRecord::new();
        loop {
            let line = reader.position().line() as usize;
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => {
                    let location = Location {
                        file: file.path.clone(),
                        line,
                        record: "row".to_owned(),
                    };
                    let message = format!("not a CSV row: {error}");
                    self.report(Rule::MalformedRecord, &location, message);
                    break;
                }
            }
            let place = Place::Row {
                file: &file.path,
                line,
                table: kind.and_then(|k| record.get(k)).unwrap_or("statement"),
                id: id.and_then(|i| record.get(i)).filter(|id| !id.is_empty()),
            };
            add(self, &place, &record, &headers);
        }
    }

    /// Whether the header names only known columns and every required one, reporting each
    /// that does not fit.
    fn columns_fit(&mut self, path: &str, headers: &csv::StringRecord, columns: &Columns) -> bool {
        let location = Location::file(path);
        let mut fit = true;
        for header in headers {
            if !columns.known.contains(&header) {
                let message = format!(
                    "unknown column `{header}`; expected some of {}",
                    columns.known.join(", ")
                );
                self.report(Rule::MalformedRecord, &location, message);
                fit = false;
            }
        }
        for required in columns.required {
            if !headers.iter().any(|h| h == *required) {
                let message = format!("the header has no `{required}` column");
                self.report(Rule::MissingField, &location, message);
                fit = false;
            }
        }
        fit
    }
}

//! Reading the seed's CSV files: bulk tables a spreadsheet can edit, one record a row.
//!
//! A row is the same record as its TOML form, with one citation (`source`, `quote`), and lists
//! (`aliases`; several `subject`s or `object`s) separated by `;`. Rows are checked as they are
//! read, so a file of millions of rows is never held as parsed records.

use super::{Checker, Located};
use crate::model::{EntityKind, Format, Status};
use crate::seed::files::SeedFile;
use crate::seed::records::{RawCitation, RawEntity, RawStatement};
use crate::seed::report::{Location, Rule};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Separates the items of a list cell.
const LIST_SEPARATOR: char = ';';

/// A row of `entities/*.csv`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityRow {
    kind: String,
    id: String,
    name: String,
    aliases: Option<String>,
    category: Option<String>,
    date: Option<String>,
    status: Option<Status>,
    format: Option<Format>,
    iso2: Option<String>,
    iso3: Option<String>,
    note: Option<String>,
    source: String,
    quote: String,
}

/// A row of `statements/*.csv`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementRow {
    id: String,
    subject: String,
    predicate: String,
    object: Option<String>,
    text: Option<String>,
    value: Option<f64>,
    start: Option<String>,
    end: Option<String>,
    at: Option<String>,
    role: Option<String>,
    status: Option<Status>,
    format: Option<Format>,
    measure: Option<String>,
    unit: Option<String>,
    note: Option<String>,
    source: String,
    quote: String,
}

/// The columns of each kind of file: every one a row may have, and those it must have.
struct Columns {
    known: &'static [&'static str],
    required: &'static [&'static str],
}

const ENTITY_COLUMNS: Columns = Columns {
    known: &[
        "kind", "id", "name", "aliases", "category", "date", "status", "format", "iso2", "iso3",
        "note", "source", "quote",
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
        "note",
        "source",
        "quote",
    ],
    required: &["id", "subject", "predicate", "source", "quote"],
};

fn list(cell: String) -> Vec<String> {
    cell.split(LIST_SEPARATOR)
        .map(|item| item.trim().to_owned())
        .collect()
}

/// One slug, or several separated by [`LIST_SEPARATOR`].
fn one_or_many(cell: Option<String>) -> (Option<String>, Option<Vec<String>>) {
    match cell {
        Some(cell) if cell.contains(LIST_SEPARATOR) => (None, Some(list(cell))),
        cell => (cell, None),
    }
}

impl StatementRow {
    fn into_record(self) -> RawStatement {
        let (subject, subjects) = one_or_many(Some(self.subject));
        let (object, objects) = one_or_many(self.object);
        RawStatement {
            id: self.id,
            subject,
            subjects,
            predicate: self.predicate,
            object,
            objects,
            text: self.text,
            value: self.value,
            start: self.start,
            end: self.end,
            at: self.at,
            role: self.role,
            status: self.status,
            format: self.format,
            measure: self.measure,
            unit: self.unit,
            note: self.note,
            citations: vec![RawCitation {
                source: self.source,
                quote: self.quote,
            }],
        }
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
        self.read_rows(
            file,
            &ENTITY_COLUMNS,
            |checker, location, row: EntityRow| {
                let Some(kind) = EntityKind::from_table(&row.kind) else {
                    let known: Vec<_> = EntityKind::ALL.iter().map(|k| k.table()).collect();
                    let message = format!(
                        "unknown kind `{}`; expected one of {}",
                        row.kind,
                        known.join(", ")
                    );
                    checker.report(Rule::MalformedRecord, &location, message);
                    return;
                };
                let raw = RawEntity {
                    id: row.id,
                    name: row.name,
                    aliases: row.aliases.map(list).unwrap_or_default(),
                    category: row.category,
                    date: row.date,
                    status: row.status,
                    format: row.format,
                    iso2: row.iso2,
                    iso3: row.iso3,
                    note: row.note,
                    citations: vec![RawCitation {
                        source: row.source,
                        quote: row.quote,
                    }],
                };
                checker.add_entity(Located {
                    location,
                    value: (kind, raw),
                });
            },
        );
    }

    /// Reads and checks every row of a `statements/*.csv` file.
    pub(super) fn read_statement_rows(&mut self, file: &SeedFile) {
        self.read_rows(file, &STATEMENT_COLUMNS, |checker, location, row| {
            let record = StatementRow::into_record(row);
            checker.add_statement(Located {
                location,
                value: record,
            });
        });
    }

    /// Reads a CSV file's header, then hands each row that deserialises to `add`.
    fn read_rows<Row: DeserializeOwned>(
        &mut self,
        file: &SeedFile,
        columns: &Columns,
        mut add: impl FnMut(&mut Checker, Location, Row),
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
            let table = kind.and_then(|k| record.get(k)).unwrap_or("statement");
            let location = Location {
                file: file.path.clone(),
                line,
                record: match id.and_then(|i| record.get(i)).filter(|id| !id.is_empty()) {
                    Some(id) => format!("{table} `{id}`"),
                    None => format!("{table} (no id)"),
                },
            };
            match record.deserialize::<Row>(Some(&headers)) {
                Ok(row) => add(self, location, row),
                Err(error) => {
                    let message = cell_error(&headers, &error);
                    self.report(Rule::MalformedRecord, &location, message);
                }
            }
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

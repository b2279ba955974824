//! Reading a TOML seed file into located entity and statement records.

use super::tables::Lines;
use super::{Checker, Located};
use crate::files::SeedFile;
use crate::records::{RawEntity, RawStatement};
use crate::report::{Location, Rule};
use bpgraph_model::EntityKind;
use std::collections::BTreeMap;

/// The records of a TOML file, grouped by table name, each with its location.
type Tables = BTreeMap<String, Vec<(Location, toml::Value)>>;

/// One TOML data file's records, in line order.
#[derive(Default)]
pub(super) struct TomlRecords {
    pub entities: Vec<Located<(EntityKind, RawEntity)>>,
    pub statements: Vec<Located<RawStatement>>,
}

fn record_name(table: &str, value: &toml::Value) -> String {
    match value.get("id").and_then(toml::Value::as_str) {
        Some(id) => format!("{table} `{id}`"),
        None => format!("{table} (no id)"),
    }
}

impl Checker {
    /// Splits a TOML file into located records, reporting a syntax error as one problem.
    pub(super) fn parse_tables(&mut self, path: &str, contents: &str) -> Tables {
        type Spanned = toml::Spanned<toml::Value>;
        match toml::from_str::<BTreeMap<String, Vec<Spanned>>>(contents) {
            Ok(tables) => {
                let lines = Lines::of(contents);
                tables
                    .into_iter()
                    .map(|(table, records)| {
                        let located = records
                            .into_iter()
                            .map(|record| {
                                let line = lines.line(record.span().start);
                                let value = record.into_inner();
                                let location = Location {
                                    file: path.to_owned(),
                                    line,
                                    record: record_name(&table, &value),
                                };
                                (location, value)
                            })
                            .collect();
                        (table, located)
                    })
                    .collect()
            }
            Err(error) => {
                let location = Location {
                    file: path.to_owned(),
                    line: error
                        .span()
                        .map_or(1, |s| Lines::of(contents).line(s.start)),
                    record: "file".to_owned(),
                };
                self.report(
                    Rule::MalformedRecord,
                    &location,
                    format!(
                        "not a seed file of `[[table]]` records: {}",
                        error.message().trim()
                    ),
                );
                Tables::new()
            }
        }
    }

    /// Reads the entity and statement records of one TOML data file.
    pub(super) fn read_toml(&mut self, file: &SeedFile) -> TomlRecords {
        let mut records = TomlRecords::default();
        for (table, located) in self.parse_tables(&file.path, &file.contents) {
            for (location, value) in located {
                if table == "statement" {
                    if let Some(raw) = self.deserialize(&location, value) {
                        records.statements.push(Located {
                            location,
                            value: raw,
                        });
                    }
                } else if let Some(kind) = EntityKind::from_table(&table) {
                    if let Some(raw) = self.deserialize(&location, value) {
                        records.entities.push(Located {
                            location,
                            value: (kind, raw),
                        });
                    }
                } else {
                    let known: Vec<_> = EntityKind::ALL.iter().map(|k| k.table()).collect();
                    self.report(
                        Rule::MalformedRecord,
                        &location,
                        format!(
                            "unknown table `[[{table}]]`; expected `[[statement]]` or one of {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        // Tables come out of TOML in name order; keep the file's own order instead.
        records.entities.sort_by_key(|r| r.location.line);
        records.statements.sort_by_key(|r| r.location.line);
        records
    }
}

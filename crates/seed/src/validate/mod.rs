//! Parse → validate: turns seed files into a checked [`Dataset`], collecting every problem.
//!
//! Nothing stops at the first problem: every record of every file is checked and each broken
//! rule is reported with the file, the line the record starts on, the record's id and the rule.
//!
//! Records are checked as they are read, and only what passes is kept, in the dataset's compact
//! form: a seed of millions of rows never exists as millions of parsed records at once. Every
//! entity is read before any statement, so a statement may refer to an entity of any file.

mod csv_file;
mod entities;
mod place;
mod sources;
mod statements;
mod tables;
mod toml_file;

use super::files::{ReadError, SeedFile, SeedFiles};
use super::records::RawStatement;
use super::report::{Location, Problem, Rule, ValidationReport};
use bpgraph_model::{
    Citation, Dataset, DateSpec, Entity, EntityIndex, KeyIndex, Qualifiers, Source, SourceIndex,
    Statement, Strings, Text,
};
use entities::EntityFields;
use hashbrown::HashMap;
use place::{CitationFields, List, Located, Place, Whereabouts};
use serde::de::DeserializeOwned;
use statements::StatementFields;
use tables::{CitationRows, Distinct};

/// The manifest of source documents, relative to the seed root.
pub const MANIFEST: &str = "sources/manifest.toml";
/// The vendored ISO 3166-1 table, relative to the seed root.
pub const ISO_TABLE: &str = "reference/iso-3166-1.tsv";

/// Checks every record of the seed; returns the dataset only if no rule is broken.
pub fn validate(files: &SeedFiles) -> Result<Dataset, ValidationReport> {
    std::thread::scope(|scope| {
        // The data version reads every file again: on the other core, while the checks run.
        let version = scope.spawn(|| files.content_hash());
        let checker = check(files);
        checker.finish(version.join().expect("hashing the seed does not panic"))
    })
}

/// Runs every check over the seed's files.
fn check(files: &SeedFiles) -> Checker {
    let mut checker = Checker::default();
    checker.read_sources(files);
    checker.read_iso_table(files);
    let mut statement_files = Vec::new();
    // Every table is read into this one buffer, in turn.
    let mut buffer = SeedFile::default();
    for path in files.paths().into_iter().filter(|&p| p != MANIFEST) {
        let Some(kind) = DataFile::of(path) else {
            continue;
        };
        match kind {
            // Read when every entity is known, so a row may refer to an entity of any file.
            DataFile::StatementRows => statement_files.push(StatementFile::Rows(path)),
            DataFile::MisplacedRows => checker.report(
                Rule::MalformedRecord,
                &Location::file(path),
                "a CSV seed file belongs in `entities/` or `statements/`",
            ),
            DataFile::Toml => {
                let Some(file) = checker.read(files, path, &mut buffer) else {
                    continue;
                };
                let records = checker.read_toml(file);
                for Located { location, value } in records.entities {
                    let (kind, raw) = value;
                    let citations = CitationFields::of(&raw.citations);
                    let fields = EntityFields::of(&raw, &citations);
                    checker.add_entity(&Place::Located(&location), kind, fields);
                }
                statement_files.push(StatementFile::Toml(records.statements));
            }
            DataFile::EntityRows => {
                if let Some(file) = checker.read(files, path, &mut buffer) {
                    checker.read_entity_rows(file);
                }
            }
        }
    }
    // Bytes of statement tables not read yet, to reserve room for their rows (see `reserve`).
    let mut unread: u64 = statement_files
        .iter()
        .filter_map(|file| match file {
            StatementFile::Rows(path) => files.size(path),
            StatementFile::Toml(_) => None,
        })
        .sum();
    let mut reserved = false;
    for file in statement_files {
        match file {
            StatementFile::Toml(records) => {
                for Located { location, value } in records {
                    let citations = CitationFields::of(&value.citations);
                    let fields = StatementFields::of(&value, &citations);
                    checker.add_statement(&Place::Located(&location), fields);
                }
            }
            StatementFile::Rows(path) => {
                if let Some(file) = checker.read(files, path, &mut buffer) {
                    let before = (checker.statements.len(), checker.record_sites.len());
                    checker.read_statement_rows(file);
                    let bytes = file.contents.len() as u64;
                    unread = unread.saturating_sub(bytes);
                    if !reserved {
                        reserved = true;
                        let read = (
                            checker.statements.len() - before.0,
                            checker.record_sites.len() - before.1,
                        );
                        checker.reserve(read, bytes, unread);
                    }
                }
            }
        }
    }
    checker
}

/// What a seed file holds, by its path.
enum DataFile {
    /// Records of any table, `[[meeting]]` or `[[statement]]`.
    Toml,
    /// `entities/*.csv`: one entity a row.
    EntityRows,
    /// `statements/*.csv`: one statement record a row.
    StatementRows,
    /// A CSV file elsewhere.
    MisplacedRows,
}

impl DataFile {
    fn of(path: &str) -> Option<DataFile> {
        if path.ends_with(".toml") {
            Some(DataFile::Toml)
        } else if !path.ends_with(".csv") {
            None
        } else if path.starts_with("entities/") {
            Some(DataFile::EntityRows)
        } else if path.starts_with("statements/") {
            Some(DataFile::StatementRows)
        } else {
            Some(DataFile::MisplacedRows)
        }
    }
}

/// A file's statement records, waiting for every entity to be read.
enum StatementFile<'f> {
    Toml(Vec<Located<RawStatement>>),
    Rows(&'f str),
}

/// Where a kept record was defined, in 8 bytes: a file of [`Checker::files`] and a line.
#[derive(Clone, Copy)]
struct Site {
    file: u32,
    line: u32,
}

/// The entities kept so far, with their indexes.
#[derive(Default)]
struct KeptEntities {
    kept: Vec<Entity>,
    /// The slug of each kept entity: resolving a slug reads this small table, not `kept`.
    slugs: Vec<Text>,
    sites: Vec<Site>,
    /// Slug → position in `kept`.
    by_slug: KeyIndex,
    /// Lookup key of each name and alias → position in `kept`.
    by_name: KeyIndex,
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    sources: Vec<Source>,
    source_ids: HashMap<String, SourceIndex>,
    /// Each source's text in [`bpgraph_model::text::quote_form`], for quote look-ups.
    source_forms: Vec<String>,
    /// Per source, where the search for the next quote starts (see `quote_found`).
    source_cursors: Vec<usize>,
    /// Quotes already looked up, and whether their source has them: a passage cited by many
    /// records is searched for once.
    quotes_checked: HashMap<Citation, bool>,
    /// The previous citation checked.
    last_citation: Option<Citation>,
    /// The previous quote looked up, and whether its source has it.
    last_quote_found: Option<(Citation, bool)>,
    /// ISO 3166-1 alpha-2 → alpha-3.
    iso: HashMap<String, String>,
    /// Paths of the files [`Site`]s refer to.
    files: Vec<String>,
    entities: KeptEntities,
    /// The entity a slug resolved to last.
    last_resolved: Option<EntityIndex>,
    statements: Vec<Statement>,
    /// Each record id's first statement.
    by_record: KeyIndex,
    /// Each kept record's first statement and where the record is, in statement order.
    record_sites: Vec<(u32, Site)>,
    /// The dataset's tables, filled as records pass their checks.
    strings: Strings,
    qualifiers: Distinct<Qualifiers>,
    citations: CitationRows,
    aliases: Vec<Text>,
    numbers: Vec<f64>,
}

impl Checker {
    /// The file at `path` (read into `buffer` if it is not in memory), or `None` with a
    /// problem reported if it cannot be read.
    fn read<'f>(
        &mut self,
        files: &'f SeedFiles,
        path: &str,
        buffer: &'f mut SeedFile,
    ) -> Option<&'f SeedFile> {
        match files.read_into(path, buffer) {
            Ok(file) => file,
            Err(error) => {
                self.report(
                    Rule::MalformedRecord,
                    &Location::file(path),
                    error.to_string(),
                );
                None
            }
        }
    }

    fn finish(mut self, version: Result<String, ReadError>) -> Result<Dataset, ValidationReport> {
        let version = match version {
            Ok(version) => version,
            Err(error) => {
                let path = match &error {
                    ReadError::Io { path, .. } | ReadError::NotUtf8 { path } => path.display(),
                };
                let location = Location::file(&path.to_string());
                self.report(Rule::MalformedRecord, &location, error.to_string());
                String::new()
            }
        };
        if self.problems.is_empty() {
            return Ok(Dataset {
                strings: self.strings,
                sources: self.sources,
                entities: self.entities.kept,
                statements: self.statements,
                qualifiers: self.qualifiers.into_values(),
                citations: self.citations.rows,
                aliases: self.aliases,
                numbers: self.numbers,
                by_slug: self.entities.by_slug,
                by_name: self.entities.by_name,
                by_record: self.by_record,
                version,
            });
        }
        let mut problems = self.problems;
        problems.sort_by(|a, b| a.location.cmp(&b.location).then(a.rule.cmp(&b.rule)));
        problems.dedup();
        Err(ValidationReport { problems })
    }

    fn report(&mut self, rule: Rule, at: &impl Whereabouts, message: impl Into<String>) {
        self.problems.push(Problem {
            rule,
            location: at.location(),
            message: message.into(),
        });
    }

    /// Makes room for the statements and records of `unread` more bytes of statement tables,
    /// at the rate of the first table, whose `bytes` gave `read` statements and records.
    /// Growing by doubling, the table of millions of statements would be copied several
    /// times, and briefly held twice.
    fn reserve(&mut self, read: (usize, usize), bytes: u64, unread: u64) {
        if bytes == 0 {
            return;
        }
        // A quarter more than the rate gives: room not used is never touched, so it costs
        // address space, not memory.
        let expected = |count: usize| (count as u64 * unread / bytes * 5 / 4) as usize;
        let (statements, records) = (expected(read.0), expected(read.1));
        self.statements.reserve_exact(statements);
        self.record_sites.reserve_exact(records);
        self.by_record.reserve(records);
    }

    /// The compact form of `place`, for a record that is kept.
    fn site(&mut self, place: &Place) -> Site {
        if self.files.last().map(String::as_str) != Some(place.file()) {
            self.files.push(place.file().to_owned());
        }
        Site {
            file: (self.files.len() - 1) as u32,
            line: place.line() as u32,
        }
    }

    /// `file:line` of a site, for messages.
    fn site_text(&self, site: Site) -> String {
        format!("{}:{}", self.files[site.file as usize], site.line)
    }

    fn deserialize<T: DeserializeOwned>(
        &mut self,
        location: &Location,
        value: toml::Value,
    ) -> Option<T> {
        match value.try_into() {
            Ok(record) => Some(record),
            Err(error) => {
                let message = error.to_string().trim().to_owned();
                self.report(Rule::MalformedRecord, location, message);
                None
            }
        }
    }

    fn date(&mut self, location: &Place, field: &str, text: Option<&str>) -> Option<DateSpec> {
        match text?.parse() {
            Ok(date) => Some(date),
            Err(error) => {
                self.report(Rule::MalformedDate, location, format!("`{field}`: {error}"));
                None
            }
        }
    }

    fn optional_text(&mut self, text: Option<&str>) -> Option<Text> {
        text.map(|text| self.strings.intern(text))
    }
}

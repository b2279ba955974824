//! Parse → validate: turns seed files into a checked [`Dataset`], collecting every problem.
//!
//! Nothing stops at the first problem: every record of every file is checked and each broken
//! rule is reported with the file, the line the record starts on, the record's id and the rule.

use super::files::SeedFiles;
use super::records::{RawCitation, RawEntity, RawSource, RawStatement};
use super::report::{Location, Problem, Rule, ValidationReport};
use crate::model::{
    Citation, Dataset, DateSpec, Entity, EntityIndex, EntityKind, IdSuffix, Object, Predicate,
    Qualifiers, QualifiersIndex, Source, SourceIndex, Span, Statement, StatementName, Strings,
    Text,
};
use crate::text::{is_slug, lookup_key, quote_form};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The manifest of source documents, relative to the seed root.
pub const MANIFEST: &str = "sources/manifest.toml";
/// The vendored ISO 3166-1 table, relative to the seed root.
pub const ISO_TABLE: &str = "reference/iso-3166-1.tsv";

/// Checks every record of the seed; returns the dataset only if no rule is broken.
pub fn validate(files: &SeedFiles) -> Result<Dataset, ValidationReport> {
    let mut checker = Checker::default();
    checker.read_sources(files);
    checker.read_iso_table(files);
    let (raw_entities, raw_statements) = checker.read_records(files);
    let entities = checker.check_entities(raw_entities);
    let statements = checker.check_statements(raw_statements, &entities);
    if checker.problems.is_empty() {
        Ok(Dataset {
            strings: checker.strings,
            sources: checker.sources,
            entities: entities.into_iter().map(|e| e.entity).collect(),
            statements,
            qualifiers: checker.qualifiers.into_keys(),
            citations: checker.citations.rows,
            aliases: checker.aliases,
            version: files.content_hash(),
        })
    } else {
        let mut problems = checker.problems;
        problems.sort_by(|a, b| a.location.cmp(&b.location).then(a.rule.cmp(&b.rule)));
        problems.dedup();
        Err(ValidationReport { problems })
    }
}

/// A record with the place it was read from.
struct Located<T> {
    location: Location,
    value: T,
}

/// An entity that passed its own checks, with where it was defined.
struct CheckedEntity {
    entity: Entity,
    location: Location,
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    sources: Vec<Source>,
    source_ids: HashMap<String, SourceIndex>,
    /// Each source's text in [`quote_form`], for quote look-ups.
    source_forms: Vec<String>,
    /// Quotes already looked up, and whether their source has them: a passage cited by many
    /// records is searched for once.
    quotes_checked: HashMap<Citation, bool>,
    /// ISO 3166-1 alpha-2 → alpha-3.
    iso: HashMap<String, String>,
    /// The dataset's tables, filled as records pass their checks.
    strings: Strings,
    qualifiers: Distinct<Qualifiers>,
    citations: CitationRows,
    aliases: Vec<Text>,
}

/// Each distinct value once, in the order first seen, with its position.
struct Distinct<T> {
    positions: HashMap<T, u32>,
    values: Vec<T>,
}

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Distinct {
            positions: HashMap::new(),
            values: Vec::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Distinct<T> {
    fn position(&mut self, value: T) -> u32 {
        if let Some(&position) = self.positions.get(&value) {
            return position;
        }
        let position = self.values.len() as u32;
        self.values.push(value.clone());
        self.positions.insert(value, position);
        position
    }

    fn into_keys(self) -> Vec<T> {
        self.values
    }
}

/// [`Dataset::citations`] as it is built: records citing the one same passage share its row.
#[derive(Default)]
struct CitationRows {
    rows: Vec<Citation>,
    single: HashMap<Citation, u32>,
}

impl CitationRows {
    fn span(&mut self, citations: &[Citation]) -> Span {
        if let [citation] = citations {
            let start = *self.single.entry(*citation).or_insert_with(|| {
                self.rows.push(*citation);
                (self.rows.len() - 1) as u32
            });
            return Span { start, len: 1 };
        }
        let start = self.rows.len() as u32;
        self.rows.extend_from_slice(citations);
        Span {
            start,
            len: citations.len() as u32,
        }
    }
}

/// Line numbers of byte offsets in one text, from one pass over it.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        Lines(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The 1-based line of `offset`.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

fn record_name(table: &str, value: &toml::Value) -> String {
    match value.get("id").and_then(toml::Value::as_str) {
        Some(id) => format!("{table} `{id}`"),
        None => format!("{table} (no id)"),
    }
}

/// Entity records of every data file, with their kind.
type RawEntities = Vec<Located<(EntityKind, RawEntity)>>;
/// Statement records of every data file.
type RawStatements = Vec<Located<RawStatement>>;

/// The records of a TOML file, grouped by table name, each with its location.
type Tables = BTreeMap<String, Vec<(Location, toml::Value)>>;

impl Checker {
    fn report(&mut self, rule: Rule, location: &Location, message: impl Into<String>) {
        self.problems.push(Problem {
            rule,
            location: location.clone(),
            message: message.into(),
        });
    }

    /// Splits a TOML file into located records, reporting a syntax error as one problem.
    fn parse_tables(&mut self, path: &str, contents: &str) -> Tables {
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

    fn date(&mut self, location: &Location, field: &str, text: Option<&str>) -> Option<DateSpec> {
        match text?.parse() {
            Ok(date) => Some(date),
            Err(error) => {
                self.report(Rule::MalformedDate, location, format!("`{field}`: {error}"));
                None
            }
        }
    }

    fn read_sources(&mut self, files: &SeedFiles) {
        let Some(manifest) = files.get(MANIFEST) else {
            let location = Location {
                file: MANIFEST.to_owned(),
                line: 1,
                record: "file".to_owned(),
            };
            self.report(
                Rule::MissingSourceFile,
                &location,
                "the seed has no source manifest",
            );
            return;
        };
        let tables = self.parse_tables(MANIFEST, &manifest.contents);
        for (table, records) in tables {
            for (location, value) in records {
                if table != "source" {
                    self.report(
                        Rule::MalformedRecord,
                        &location,
                        format!(
                            "unknown table `[[{table}]]` in the manifest; expected `[[source]]`"
                        ),
                    );
                    continue;
                }
                let Some(raw) = self.deserialize::<RawSource>(&location, value) else {
                    continue;
                };
                self.check_source(raw, &location, files);
            }
        }
    }

    fn check_source(&mut self, raw: RawSource, location: &Location, files: &SeedFiles) {
        if !is_slug(&raw.id) {
            self.report(
                Rule::InvalidId,
                location,
                format!("`{}` is not a slug", raw.id),
            );
        }
        if self.source_ids.contains_key(&raw.id) {
            self.report(
                Rule::DuplicateId,
                location,
                format!("source id `{}` is used twice", raw.id),
            );
            return;
        }
        let date = self.date(location, "date", Some(&raw.date));
        let Some(file) = files.get(&format!("sources/{}", raw.file)) else {
            self.report(
                Rule::MissingSourceFile,
                location,
                format!("file `sources/{}` is not in the seed", raw.file),
            );
            return;
        };
        let Some(date) = date else { return };
        let index = SourceIndex(self.sources.len() as u32);
        self.source_ids.insert(raw.id.clone(), index);
        self.source_forms.push(quote_form(&file.contents));
        self.sources.push(Source {
            id: raw.id,
            title: raw.title,
            kind: raw.kind,
            date,
            file: raw.file,
            text: file.contents.clone(),
        });
    }

    fn read_iso_table(&mut self, files: &SeedFiles) {
        let Some(table) = files.get(ISO_TABLE) else {
            let location = Location {
                file: ISO_TABLE.to_owned(),
                line: 1,
                record: "file".to_owned(),
            };
            self.report(
                Rule::MissingField,
                &location,
                "the seed has no ISO 3166-1 table to check state codes against",
            );
            return;
        };
        self.iso = table
            .contents
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut columns = line.split('\t');
                Some((columns.next()?.to_owned(), columns.next()?.to_owned()))
            })
            .collect();
    }

    fn read_records(&mut self, files: &SeedFiles) -> (RawEntities, RawStatements) {
        let mut entities = Vec::new();
        let mut statements = Vec::new();
        let data_files = files
            .iter()
            .filter(|f| f.path.ends_with(".toml") && f.path != MANIFEST);
        for file in data_files {
            for (table, records) in self.parse_tables(&file.path, &file.contents) {
                for (location, value) in records {
                    if table == "statement" {
                        if let Some(raw) = self.deserialize(&location, value) {
                            statements.push(Located {
                                location,
                                value: raw,
                            });
                        }
                    } else if let Some(kind) = EntityKind::from_table(&table) {
                        if let Some(raw) = self.deserialize(&location, value) {
                            entities.push(Located {
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
        }
        // Tables come out of TOML in name order; keep the seed's own order instead.
        entities.sort_by(|a, b| a.location.cmp(&b.location));
        statements.sort_by(|a, b| a.location.cmp(&b.location));
        (entities, statements)
    }

    /// Checks a record's citations; their span of [`Dataset::citations`] if every one is good.
    fn citations(&mut self, location: &Location, raw: &[RawCitation]) -> Option<Span> {
        if raw.is_empty() {
            self.report(
                Rule::MissingCitation,
                location,
                "no citation: add `citations = [{ source = \"...\", quote = \"...\" }]`",
            );
            return None;
        }
        let mut citations = Vec::with_capacity(raw.len());
        for citation in raw {
            let Some(&source) = self.source_ids.get(&citation.source) else {
                let known: Vec<_> = self.sources.iter().map(|s| s.id.as_str()).collect();
                self.report(
                    Rule::UnknownSource,
                    location,
                    format!(
                        "source `{}` is not in the manifest (known: {})",
                        citation.source,
                        known.join(", ")
                    ),
                );
                continue;
            };
            let checked = Citation {
                source,
                quote: self.strings.intern(&citation.quote),
            };
            // A record whose quote is not found stays in, so that the records referring to it
            // are not reported as dangling too; the report is already failed.
            citations.push(checked);
            if !self.quote_found(checked) {
                let message = if quote_form(&citation.quote).is_empty() {
                    "the quote is empty".to_owned()
                } else {
                    format!(
                        "quote not found verbatim in `{}`: \"{}\"",
                        citation.source, citation.quote
                    )
                };
                self.report(Rule::QuoteNotFound, location, message);
            }
        }
        (citations.len() == raw.len()).then(|| self.citations.span(&citations))
    }

    /// Whether the citation's source has its quote (in [`quote_form`]).
    fn quote_found(&mut self, citation: Citation) -> bool {
        if let Some(&found) = self.quotes_checked.get(&citation) {
            return found;
        }
        let quote = quote_form(self.strings.get(citation.quote));
        let text = &self.source_forms[citation.source.0 as usize];
        let found =
            !quote.is_empty() && memchr::memmem::find(text.as_bytes(), quote.as_bytes()).is_some();
        self.quotes_checked.insert(citation, found);
        found
    }

    fn optional_text(&mut self, text: Option<String>) -> Option<Text> {
        text.map(|text| self.strings.intern(&text))
    }

    fn check_entity(
        &mut self,
        kind: EntityKind,
        raw: RawEntity,
        location: &Location,
    ) -> Option<Entity> {
        let mut ok = true;
        if !is_slug(&raw.id) {
            self.report(
                Rule::InvalidId,
                location,
                format!(
                    "`{}` is not a slug (lowercase ascii letters, digits, single hyphens)",
                    raw.id
                ),
            );
            ok = false;
        }
        let dated = matches!(
            kind,
            EntityKind::Meeting | EntityKind::Document | EntityKind::Milestone
        );
        let misplaced = [
            (
                "iso2",
                raw.iso2.is_some() && kind != EntityKind::State,
                "states",
            ),
            (
                "iso3",
                raw.iso3.is_some() && kind != EntityKind::State,
                "states",
            ),
            (
                "status",
                raw.status.is_some() && kind != EntityKind::Meeting,
                "meetings",
            ),
            (
                "format",
                raw.format.is_some() && kind != EntityKind::Meeting,
                "meetings",
            ),
            (
                "date",
                raw.date.is_some() && !dated,
                "meetings, documents and milestones",
            ),
        ];
        for (field, present, applies_to) in misplaced {
            if present {
                self.report(
                    Rule::MalformedRecord,
                    location,
                    format!("field `{field}` applies only to {applies_to}, not to a {kind}"),
                );
                ok = false;
            }
        }
        if let Some(category) = &raw.category {
            if !kind.categories().contains(&category.as_str()) {
                let message = if kind.categories().is_empty() {
                    format!("a {kind} has no category, got `{category}`")
                } else {
                    format!(
                        "`{category}` is not a {kind} category; expected one of {}",
                        kind.categories().join(", ")
                    )
                };
                self.report(Rule::InvalidCategory, location, message);
                ok = false;
            }
        }
        if kind == EntityKind::Milestone && raw.date.is_none() {
            self.report(Rule::MissingField, location, "a milestone needs a `date`");
            ok = false;
        }
        if kind == EntityKind::State {
            ok &= self.check_iso(&raw, location);
        }
        let date = self.date(location, "date", raw.date.as_deref());
        ok &= date.is_some() == raw.date.is_some();
        for alias in &raw.aliases {
            let form = quote_form(alias);
            let finder = memchr::memmem::Finder::new(form.as_bytes());
            if !self
                .source_forms
                .iter()
                .any(|text| finder.find(text.as_bytes()).is_some())
            {
                self.report(
                    Rule::AliasNotInSources,
                    location,
                    format!("alias `{alias}` is not spelled that way in any source"),
                );
                ok = false;
            }
        }
        let citations = self.citations(location, &raw.citations);
        let (Some(citations), true) = (citations, ok) else {
            return None;
        };
        let aliases_start = self.aliases.len() as u32;
        for alias in &raw.aliases {
            let alias = self.strings.intern(alias);
            self.aliases.push(alias);
        }
        Some(Entity {
            slug: self.strings.intern(&raw.id),
            kind,
            name: self.strings.intern(&raw.name),
            aliases: Span {
                start: aliases_start,
                len: raw.aliases.len() as u32,
            },
            category: self.optional_text(raw.category),
            date,
            status: raw.status,
            format: raw.format,
            iso2: self.optional_text(raw.iso2),
            iso3: self.optional_text(raw.iso3),
            note: self.optional_text(raw.note),
            citations,
        })
    }

    fn check_iso(&mut self, raw: &RawEntity, location: &Location) -> bool {
        let (Some(iso2), Some(iso3)) = (&raw.iso2, &raw.iso3) else {
            self.report(
                Rule::MissingField,
                location,
                "a state needs both `iso2` and `iso3` (ISO 3166-1 alpha-2 and alpha-3)",
            );
            return false;
        };
        match self.iso.get(iso2) {
            Some(expected) if expected == iso3 => true,
            Some(expected) => {
                self.report(
                    Rule::InvalidIsoCode,
                    location,
                    format!("ISO 3166-1 `{iso2}` is `{expected}` in alpha-3, not `{iso3}`"),
                );
                false
            }
            None => {
                self.report(
                    Rule::InvalidIsoCode,
                    location,
                    format!("`{iso2}` is not an ISO 3166-1 alpha-2 code"),
                );
                false
            }
        }
    }

    /// Checks each entity, then ids and names across entities. Returns the entities kept,
    /// in seed order; their position is their [`EntityIndex`].
    fn check_entities(&mut self, raw: Vec<Located<(EntityKind, RawEntity)>>) -> Vec<CheckedEntity> {
        let mut kept: Vec<CheckedEntity> = Vec::new();
        let mut by_slug: HashMap<Text, usize> = HashMap::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for Located { location, value } in raw {
            let (kind, raw) = value;
            let Some(entity) = self.check_entity(kind, raw, &location) else {
                continue;
            };
            let slug = self.strings.get(entity.slug);
            if let Some(&first) = by_slug.get(&entity.slug) {
                let message = format!(
                    "id `{slug}` is already used by the {} at {}:{}",
                    kept[first].entity.kind, kept[first].location.file, kept[first].location.line
                );
                self.report(Rule::DuplicateId, &location, message);
                continue;
            }
            let names: Vec<&str> = std::iter::once(entity.name)
                .chain(self.aliases[entity.aliases.range()].iter().copied())
                .map(|name| self.strings.get(name))
                .collect();
            let mut conflicts = Vec::new();
            for name in &names {
                let key = lookup_key(name);
                let owner = by_key.get(&key).copied().or_else(|| {
                    let slug = self.strings.find(&key)?;
                    by_slug.get(&slug).copied()
                });
                if let Some(other) = owner {
                    let message = format!(
                        "`{name}` is already the name, alias or id of `{}` ({}:{})",
                        self.strings.get(kept[other].entity.slug),
                        kept[other].location.file,
                        kept[other].location.line
                    );
                    conflicts.push(message);
                }
            }
            let keys: Vec<String> = names.iter().map(|name| lookup_key(name)).collect();
            if !conflicts.is_empty() {
                for message in conflicts {
                    self.report(Rule::AliasConflict, &location, message);
                }
                continue;
            }
            let index = kept.len();
            for key in keys {
                by_key.insert(key, index);
            }
            by_slug.insert(entity.slug, index);
            kept.push(CheckedEntity { entity, location });
        }
        kept
    }

    fn resolve(
        &mut self,
        location: &Location,
        slug: &str,
        entities: &[CheckedEntity],
        slugs: &HashMap<Text, EntityIndex>,
    ) -> Option<EntityIndex> {
        if let Some(index) = self.strings.find(slug).and_then(|slug| slugs.get(&slug)) {
            return Some(*index);
        }
        let key = lookup_key(slug);
        let named = entities.iter().find(|e| {
            std::iter::once(e.entity.name)
                .chain(self.aliases[e.entity.aliases.range()].iter().copied())
                .any(|name| lookup_key(self.strings.get(name)) == key)
        });
        let hint = match named {
            Some(e) => format!("; did you mean `{}`?", self.strings.get(e.entity.slug)),
            None => String::new(),
        };
        self.report(
            Rule::DanglingReference,
            location,
            format!("no entity has id `{slug}`{hint}"),
        );
        None
    }

    fn check_statements(
        &mut self,
        raw: RawStatements,
        entities: &[CheckedEntity],
    ) -> Vec<Statement> {
        let slugs: HashMap<Text, EntityIndex> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.entity.slug, EntityIndex(i as u32)))
            .collect();
        let mut seen: HashMap<Text, Location> = HashMap::new();
        let mut statements = Vec::new();
        for Located { location, value } in raw {
            let record = value.id.clone();
            let first = statements.len();
            self.check_statement(value, &location, entities, &slugs, &mut statements);
            let Some(statement) = statements.get(first) else {
                continue;
            };
            if let Some(earlier) = seen.get(&statement.id.record) {
                let message = format!(
                    "statement id `{record}` is already used at {}:{}",
                    earlier.file, earlier.line
                );
                self.report(Rule::DuplicateId, &location, message);
                statements.truncate(first);
                continue;
            }
            seen.insert(statement.id.record, location);
        }
        statements
    }

    /// Checks one statement record and adds the statements it states to `out`.
    fn check_statement(
        &mut self,
        raw: RawStatement,
        location: &Location,
        entities: &[CheckedEntity],
        slugs: &HashMap<Text, EntityIndex>,
        out: &mut Vec<Statement>,
    ) {
        let mut ok = true;
        if !is_slug(&raw.id) {
            self.report(
                Rule::InvalidId,
                location,
                format!("`{}` is not a slug", raw.id),
            );
            ok = false;
        }
        let predicate = Predicate::from_name(&raw.predicate);
        if predicate.is_none() {
            let known: Vec<_> = Predicate::ALL.iter().map(|p| p.name()).collect();
            self.report(
                Rule::UnknownPredicate,
                location,
                format!(
                    "`{}` is not in the vocabulary: {}",
                    raw.predicate,
                    known.join(", ")
                ),
            );
            ok = false;
        }

        // Subjects: exactly one of `subject` and `subjects`.
        let subjects: Vec<String> = match (raw.subject, raw.subjects) {
            (Some(one), None) => vec![one],
            (None, Some(many)) if !many.is_empty() => many,
            _ => {
                self.report(
                    Rule::MalformedRecord,
                    location,
                    "a statement needs exactly one of `subject` and a non-empty `subjects`",
                );
                return;
            }
        };
        // Objects: exactly one of `object`, `objects`, `text` and `value`.
        let object_forms = [
            raw.object.is_some(),
            raw.objects.is_some(),
            raw.text.is_some(),
            raw.value.is_some(),
        ];
        if object_forms.iter().filter(|present| **present).count() != 1
            || raw.objects.as_ref().is_some_and(Vec::is_empty)
        {
            self.report(
                Rule::MalformedRecord,
                location,
                "a statement needs exactly one of `object`, a non-empty `objects`, `text` and `value`",
            );
            return;
        }
        if subjects.len() > 1 && raw.objects.is_some() {
            self.report(
                Rule::MalformedRecord,
                location,
                "a statement may list `subjects` or `objects`, not both",
            );
            return;
        }
        let listed = raw.objects.as_deref().unwrap_or(&subjects);
        let mut distinct = HashSet::new();
        for slug in listed {
            if !distinct.insert(slug.as_str()) {
                let message = format!(
                    "statement id `{}/{slug}` is already used at {}:{}",
                    raw.id, location.file, location.line
                );
                self.report(Rule::DuplicateId, location, message);
                ok = false;
            }
        }
        let objects: Vec<Object> = if let Some(text) = raw.text {
            vec![Object::Text(self.strings.intern(&text))]
        } else if let Some(value) = raw.value {
            vec![Object::Number(value)]
        } else {
            let mut resolved = Vec::new();
            for slug in raw
                .object
                .into_iter()
                .chain(raw.objects.into_iter().flatten())
            {
                match self.resolve(location, &slug, entities, slugs) {
                    Some(index) => resolved.push(Object::Entity(index)),
                    None => ok = false,
                }
            }
            resolved
        };
        let mut subject_indexes = Vec::new();
        for slug in &subjects {
            match self.resolve(location, slug, entities, slugs) {
                Some(index) => subject_indexes.push(index),
                None => ok = false,
            }
        }

        if let Some(predicate) = predicate {
            ok &=
                self.check_domain_range(location, predicate, &subject_indexes, &objects, entities);
            if predicate == Predicate::HasFigure && raw.measure.is_none() {
                self.report(
                    Rule::MissingField,
                    location,
                    "a `has_figure` statement needs a `measure` saying what is counted",
                );
                ok = false;
            }
        }

        let qualifiers = Qualifiers {
            start: self.date(location, "start", raw.start.as_deref()),
            end: self.date(location, "end", raw.end.as_deref()),
            at: self.date(location, "at", raw.at.as_deref()),
            role: raw.role,
            status: raw.status,
            format: raw.format,
            measure: raw.measure,
            unit: raw.unit,
            note: raw.note,
        };
        let dates_ok = [&raw.start, &raw.end, &raw.at]
            .iter()
            .zip([&qualifiers.start, &qualifiers.end, &qualifiers.at])
            .all(|(text, parsed)| text.is_some() == parsed.is_some());
        ok &= dates_ok;
        if let (Some(start), Some(end)) = (&qualifiers.start, &qualifiers.end) {
            if end.last_day() < start.first_day() {
                self.report(
                    Rule::EndBeforeStart,
                    location,
                    format!("ends {end} before it starts {start}"),
                );
                ok = false;
            }
        }
        let citations = self.citations(location, &raw.citations);
        let (Some(predicate), Some(citations), true) = (predicate, citations, ok) else {
            return;
        };
        let qualifiers = QualifiersIndex(self.qualifiers.position(qualifiers));
        let record = self.strings.intern(&raw.id);
        let suffix = if subject_indexes.len() > 1 {
            IdSuffix::Subject
        } else if objects.len() > 1 {
            IdSuffix::Object
        } else {
            IdSuffix::None
        };
        for &subject in &subject_indexes {
            for &object in &objects {
                out.push(Statement {
                    id: StatementName { record, suffix },
                    subject,
                    predicate,
                    object,
                    qualifiers,
                    citations,
                });
            }
        }
    }

    fn check_domain_range(
        &mut self,
        location: &Location,
        predicate: Predicate,
        subjects: &[EntityIndex],
        objects: &[Object],
        entities: &[CheckedEntity],
    ) -> bool {
        let mut ok = true;
        for subject in subjects {
            let entity = &entities[subject.0 as usize].entity;
            if !predicate.domain().contains(&entity.kind) {
                let allowed: Vec<_> = predicate.domain().iter().map(|k| k.table()).collect();
                self.report(
                    Rule::DomainViolation,
                    location,
                    format!(
                        "`{}` is a {}; the subject of `{predicate}` must be a {}",
                        self.strings.get(entity.slug),
                        entity.kind,
                        allowed.join(" or ")
                    ),
                );
                ok = false;
            }
        }
        let range = predicate.range();
        for object in objects {
            let (allowed, what) = match object {
                Object::Entity(index) => {
                    let entity = &entities[index.0 as usize].entity;
                    (
                        range.allows_entity(entity.kind),
                        format!("`{}` (a {})", self.strings.get(entity.slug), entity.kind),
                    )
                }
                Object::Text(_) => (range.allows_text(), "a text".to_owned()),
                Object::Number(_) => (range.allows_number(), "a number".to_owned()),
            };
            if !allowed {
                self.report(
                    Rule::RangeViolation,
                    location,
                    format!("the object of `{predicate}` must be {range}, not {what}"),
                );
                ok = false;
            }
        }
        ok
    }
}

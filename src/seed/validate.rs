//! Parse → validate: turns seed files into a checked [`Dataset`], collecting every problem.
//!
//! Nothing stops at the first problem: every record of every file is checked and each broken
//! rule is reported with the file, the line the record starts on, the record's id and the rule.

use super::files::SeedFiles;
use super::records::{RawCitation, RawEntity, RawSource, RawStatement};
use super::report::{Location, Problem, Rule, ValidationReport};
use crate::model::{
    Citation, Dataset, DateSpec, Entity, EntityIndex, EntityKind, Object, Predicate, Qualifiers,
    Source, SourceIndex, Statement,
};
use crate::text::{is_slug, lookup_key, quote_form};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};

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
            sources: checker.sources,
            entities: entities.into_iter().map(|e| e.entity).collect(),
            statements,
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
    /// ISO 3166-1 alpha-2 → alpha-3.
    iso: HashMap<String, String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
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
            Ok(tables) => tables
                .into_iter()
                .map(|(table, records)| {
                    let located = records
                        .into_iter()
                        .map(|record| {
                            let line = line_of(contents, record.span().start);
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
                .collect(),
            Err(error) => {
                let location = Location {
                    file: path.to_owned(),
                    line: error.span().map_or(1, |s| line_of(contents, s.start)),
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

    fn citations(&mut self, location: &Location, raw: &[RawCitation]) -> Vec<Citation> {
        if raw.is_empty() {
            self.report(
                Rule::MissingCitation,
                location,
                "no citation: add `citations = [{ source = \"...\", quote = \"...\" }]`",
            );
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
            let quote = quote_form(&citation.quote);
            if quote.is_empty() {
                self.report(Rule::QuoteNotFound, location, "the quote is empty");
            } else if !self.source_forms[source.0 as usize].contains(&quote) {
                self.report(
                    Rule::QuoteNotFound,
                    location,
                    format!(
                        "quote not found verbatim in `{}`: \"{}\"",
                        citation.source, citation.quote
                    ),
                );
            }
            citations.push(Citation {
                source,
                quote: citation.quote.clone(),
            });
        }
        citations
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
            if !self.source_forms.iter().any(|text| text.contains(&form)) {
                self.report(
                    Rule::AliasNotInSources,
                    location,
                    format!("alias `{alias}` is not spelled that way in any source"),
                );
                ok = false;
            }
        }
        let citations = self.citations(location, &raw.citations);
        ok &= !citations.is_empty() && citations.len() == raw.citations.len();
        ok.then_some(Entity {
            slug: raw.id,
            kind,
            name: raw.name,
            aliases: raw.aliases,
            category: raw.category,
            date,
            status: raw.status,
            format: raw.format,
            iso2: raw.iso2,
            iso3: raw.iso3,
            note: raw.note,
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
        let mut by_slug: HashMap<String, usize> = HashMap::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for Located { location, value } in raw {
            let (kind, raw) = value;
            let Some(entity) = self.check_entity(kind, raw, &location) else {
                continue;
            };
            if let Some(&first) = by_slug.get(&entity.slug) {
                let message = format!(
                    "id `{}` is already used by the {} at {}:{}",
                    entity.slug,
                    kept[first].entity.kind,
                    kept[first].location.file,
                    kept[first].location.line
                );
                self.report(Rule::DuplicateId, &location, message);
                continue;
            }
            let names = std::iter::once(&entity.name).chain(&entity.aliases);
            let mut conflict = false;
            for name in names {
                let key = lookup_key(name);
                let owner = by_key
                    .get(&key)
                    .copied()
                    .or_else(|| by_slug.get(&key).copied());
                if let Some(other) = owner {
                    let message = format!(
                        "`{name}` is already the name, alias or id of `{}` ({}:{})",
                        kept[other].entity.slug,
                        kept[other].location.file,
                        kept[other].location.line
                    );
                    self.report(Rule::AliasConflict, &location, message);
                    conflict = true;
                }
            }
            if conflict {
                continue;
            }
            let index = kept.len();
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                by_key.insert(lookup_key(name), index);
            }
            by_slug.insert(entity.slug.clone(), index);
            kept.push(CheckedEntity { entity, location });
        }
        kept
    }

    fn resolve(
        &mut self,
        location: &Location,
        slug: &str,
        entities: &HashMap<&str, EntityIndex>,
        names: &HashMap<String, &str>,
    ) -> Option<EntityIndex> {
        if let Some(&index) = entities.get(slug) {
            return Some(index);
        }
        let hint = match names.get(&lookup_key(slug)) {
            Some(id) => format!("; did you mean `{id}`?"),
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
        let slugs: HashMap<&str, EntityIndex> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.entity.slug.as_str(), EntityIndex(i as u32)))
            .collect();
        let names: HashMap<String, &str> = entities
            .iter()
            .flat_map(|e| {
                std::iter::once(&e.entity.name)
                    .chain(&e.entity.aliases)
                    .map(|n| (lookup_key(n), e.entity.slug.as_str()))
            })
            .collect();
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut statements = Vec::new();
        for Located { location, value } in raw {
            let expanded = self.check_statement(value, &location, entities, &slugs, &names);
            for statement in expanded {
                if let Some(first) = seen.get(&statement.id) {
                    let message = format!(
                        "statement id `{}` is already used at {}:{}",
                        statement.id, first.file, first.line
                    );
                    self.report(Rule::DuplicateId, &location, message);
                    continue;
                }
                seen.insert(statement.id.clone(), location.clone());
                statements.push(statement);
            }
        }
        statements
    }

    fn check_statement(
        &mut self,
        raw: RawStatement,
        location: &Location,
        entities: &[CheckedEntity],
        slugs: &HashMap<&str, EntityIndex>,
        names: &HashMap<String, &str>,
    ) -> Vec<Statement> {
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
                return Vec::new();
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
            return Vec::new();
        }
        if subjects.len() > 1 && raw.objects.is_some() {
            self.report(
                Rule::MalformedRecord,
                location,
                "a statement may list `subjects` or `objects`, not both",
            );
            return Vec::new();
        }
        let objects: Vec<Object> = if let Some(text) = raw.text {
            vec![Object::Text(text)]
        } else if let Some(value) = raw.value {
            vec![Object::Number(value)]
        } else {
            let mut resolved = Vec::new();
            for slug in raw
                .object
                .into_iter()
                .chain(raw.objects.into_iter().flatten())
            {
                match self.resolve(location, &slug, slugs, names) {
                    Some(index) => resolved.push(Object::Entity(index)),
                    None => ok = false,
                }
            }
            resolved
        };
        let mut subject_indexes = Vec::new();
        for slug in &subjects {
            match self.resolve(location, slug, slugs, names) {
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
        ok &= !citations.is_empty() && citations.len() == raw.citations.len();
        let (Some(predicate), true) = (predicate, ok) else {
            return Vec::new();
        };

        let expand = subject_indexes.len() > 1 || objects.len() > 1;
        let mut statements = Vec::new();
        for (s, &subject) in subject_indexes.iter().enumerate() {
            for (o, object) in objects.iter().enumerate() {
                let id = if !expand {
                    raw.id.clone()
                } else if subject_indexes.len() > 1 {
                    format!("{}/{}", raw.id, subjects[s])
                } else {
                    match object {
                        Object::Entity(index) => {
                            format!("{}/{}", raw.id, entities[index.0 as usize].entity.slug)
                        }
                        _ => format!("{}/{o}", raw.id),
                    }
                };
                statements.push(Statement {
                    id,
                    subject,
                    predicate,
                    object: object.clone(),
                    qualifiers: qualifiers.clone(),
                    citations: citations.clone(),
                });
            }
        }
        statements
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
                        entity.slug,
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
                        format!("`{}` (a {})", entity.slug, entity.kind),
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

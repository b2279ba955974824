//! Statement records: vocabulary, subjects and objects (resolved, in the predicate's domain
//! and range), qualifiers, citations, and ids unique across records.

use super::Checker;
use super::{CitationFields, List, Place};
use crate::records::RawStatement;
use crate::report::Rule;
use bpgraph_model::text::is_slug;
use bpgraph_model::{
    Bound, Derivation, EntityIndex, Format, IdSuffix, NumberIndex, Object, Predicate, Qualifiers,
    QualifiersIndex, Statement, StatementName, Status,
};
use hashbrown::HashSet;

/// Lists up to this long are checked for repeats without a hash set.
const SHORT_LIST: usize = 16;

/// A statement record's fields, borrowed from a TOML record or a CSV row.
pub(super) struct StatementFields<'a> {
    pub id: &'a str,
    pub subject: Option<&'a str>,
    pub subjects: Option<List<'a>>,
    pub predicate: &'a str,
    pub object: Option<&'a str>,
    pub objects: Option<List<'a>>,
    pub text: Option<&'a str>,
    pub value: Option<f64>,
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    pub at: Option<&'a str>,
    pub role: Option<&'a str>,
    pub status: Option<Status>,
    pub format: Option<Format>,
    pub measure: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub bound: Option<Bound>,
    pub note: Option<&'a str>,
    pub derivation: Option<Derivation>,
    pub date_derivation: Option<Derivation>,
    pub citations: &'a [CitationFields<'a>],
}

impl<'a> StatementFields<'a> {
    /// The fields of a TOML record; its citations are given, borrowed from it.
    pub(super) fn of(raw: &'a RawStatement, citations: &'a [CitationFields<'a>]) -> Self {
        StatementFields {
            id: &raw.id,
            subject: raw.subject.as_deref(),
            subjects: raw.subjects.as_deref().map(List::Items),
            predicate: &raw.predicate,
            object: raw.object.as_deref(),
            objects: raw.objects.as_deref().map(List::Items),
            text: raw.text.as_deref(),
            value: raw.value,
            start: raw.start.as_deref(),
            end: raw.end.as_deref(),
            at: raw.at.as_deref(),
            role: raw.role.as_deref(),
            status: raw.status,
            format: raw.format,
            measure: raw.measure.as_deref(),
            unit: raw.unit.as_deref(),
            bound: raw.bound,
            note: raw.note.as_deref(),
            derivation: raw.derivation,
            date_derivation: raw.date_derivation,
            citations,
        }
    }
}

impl Checker {
    /// Checks one statement record and keeps the statements it states if it breaks no rule.
    pub(super) fn add_statement(&mut self, location: &Place, fields: StatementFields) {
        let first = self.statements.len();
        self.check_statement(fields, location);
        let Some(statement) = self.statements.get(first) else {
            return;
        };
        let record = statement.id.record;
        // Record ids are interned: equal ids, equal texts.
        let statements = &self.statements;
        let earlier = self.by_record.get(self.strings.get(record), |i| {
            statements[i as usize].id.record == record
        });
        if let Some(earlier) = earlier {
            let at = self
                .record_sites
                .partition_point(|&(start, _)| start < earlier);
            let message = format!(
                "statement id `{}` is already used at {}",
                self.strings.get(record),
                self.site_text(self.record_sites[at].1)
            );
            self.report(Rule::DuplicateId, location, message);
            self.statements.truncate(first);
            return;
        }
        self.by_record
            .insert(self.strings.get(record), first as u32);
        let site = self.site(location);
        self.record_sites.push((first as u32, site));
    }

    fn resolve(&mut self, location: &Place, slug: &str) -> Option<EntityIndex> {
        // Consecutive rows often name one entity (a meeting and its statements): check the
        // last one found before hashing.
        if let Some(last) = self.last_resolved {
            if self.strings.get(self.entities.slugs[last.0 as usize]) == slug {
                return Some(last);
            }
        }
        if let Some(index) = self.entity_index(slug) {
            self.last_resolved = Some(index);
            return Some(index);
        }
        let hint = match self.slug_named(slug) {
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

    fn check_statement(&mut self, raw: StatementFields, location: &Place) {
        let mut ok = true;
        if !is_slug(raw.id) {
            self.report(
                Rule::InvalidId,
                location,
                format!("`{}` is not a slug", raw.id),
            );
            ok = false;
        }
        let predicate = Predicate::from_name(raw.predicate);
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
        let subjects: Vec<&str> = match (raw.subject, raw.subjects) {
            (Some(one), None) => vec![one],
            (None, Some(many)) if !many.is_empty() => many.iter().collect(),
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
            || raw.objects.is_some_and(List::is_empty)
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
        {
            let objects: Vec<&str> = raw.objects.map_or_else(Vec::new, |o| o.iter().collect());
            let listed = if raw.objects.is_some() {
                &objects
            } else {
                &subjects
            };
            // A short list is searched; a long one hashed.
            let mut seen = HashSet::new();
            for (i, slug) in listed.iter().enumerate() {
                let repeated = if listed.len() <= SHORT_LIST {
                    listed[..i].contains(slug)
                } else {
                    !seen.insert(*slug)
                };
                if repeated {
                    let message = format!(
                        "statement id `{}/{slug}` is already used at {}:{}",
                        raw.id,
                        location.file(),
                        location.line()
                    );
                    self.report(Rule::DuplicateId, location, message);
                    ok = false;
                }
            }
        }
        let objects: Vec<Object> = if let Some(text) = raw.text {
            vec![Object::Text(self.strings.intern(text))]
        } else if raw.value.is_some() {
            vec![Object::Number(NumberIndex(self.numbers.len() as u32))]
        } else {
            let mut resolved = Vec::new();
            let listed = raw.objects.into_iter().flat_map(List::iter);
            for slug in raw.object.into_iter().chain(listed) {
                match self.resolve(location, slug) {
                    Some(index) => resolved.push(Object::Entity(index)),
                    None => ok = false,
                }
            }
            resolved
        };
        let mut subject_indexes = Vec::new();
        for slug in &subjects {
            match self.resolve(location, slug) {
                Some(index) => subject_indexes.push(index),
                None => ok = false,
            }
        }

        if let Some(predicate) = predicate {
            ok &= self.check_domain_range(location, predicate, &subject_indexes, &objects);
            if raw.bound.is_some() && raw.value.is_none() {
                self.report(
                    Rule::MalformedRecord,
                    location,
                    "only a figure (a statement with a `value`) can have a `bound`",
                );
                ok = false;
            }
            if predicate == Predicate::HasFigure && raw.measure.is_none() {
                self.report(
                    Rule::MissingField,
                    location,
                    "a `has_figure` statement needs a `measure` saying what is counted",
                );
                ok = false;
            }
        }

        let mut qualifiers = Qualifiers {
            start: self.date(location, "start", raw.start),
            end: self.date(location, "end", raw.end),
            at: self.date(location, "at", raw.at),
            role: raw.role.map(str::to_owned),
            status: raw.status,
            format: raw.format,
            measure: raw.measure.map(str::to_owned),
            unit: raw.unit.map(str::to_owned),
            bound: raw.bound,
            note: raw.note.map(str::to_owned),
            derivation: raw.derivation.unwrap_or_default(),
            date_derivation: None,
        };
        if qualifiers.derivation != Derivation::Stated && qualifiers.note.is_none() {
            self.report(
                Rule::MissingField,
                location,
                format!(
                    "a statement read as `{}` needs a `note` saying how it was read",
                    qualifiers.derivation.as_str()
                ),
            );
            ok = false;
        }
        ok &= self.check_date_derivation(location, &mut qualifiers, raw.date_derivation);
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
        let citations = self.citations(location, raw.citations);
        let (Some(predicate), Some(citations), true) = (predicate, citations, ok) else {
            return;
        };
        let qualifiers = QualifiersIndex(self.qualifiers.position(qualifiers));
        let record = self.strings.intern(raw.id);
        let suffix = if subject_indexes.len() > 1 {
            IdSuffix::Subject
        } else if objects.len() > 1 {
            IdSuffix::Object
        } else {
            IdSuffix::None
        };
        if let Some(value) = raw.value {
            // At the index its `Object::Number` was given above.
            self.numbers.push(value);
        }
        for &subject in &subject_indexes {
            for &object in &objects {
                self.statements.push(Statement {
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

    /// Sets how the statement's dates were read: as written, or by default as the statement
    /// is (`derivation`). A date needs to be there to be read, and an explicit reading beyond
    /// the quotes a `note` saying why.
    fn check_date_derivation(
        &mut self,
        location: &Place,
        qualifiers: &mut Qualifiers,
        written: Option<Derivation>,
    ) -> bool {
        if !qualifiers.is_dated() {
            if written.is_some() {
                self.report(
                    Rule::MalformedRecord,
                    location,
                    "`date_derivation` says how `start`, `end` or `at` was read; this statement has none of them",
                );
                return false;
            }
            return true;
        }
        qualifiers.date_derivation = Some(written.unwrap_or(qualifiers.derivation));
        match written {
            Some(reading) if reading != Derivation::Stated && qualifiers.note.is_none() => {
                self.report(
                    Rule::MissingField,
                    location,
                    format!(
                        "a statement whose dates are read as `{}` needs a `note` saying how they were read",
                        reading.as_str()
                    ),
                );
                false
            }
            _ => true,
        }
    }

    fn check_domain_range(
        &mut self,
        location: &Place,
        predicate: Predicate,
        subjects: &[EntityIndex],
        objects: &[Object],
    ) -> bool {
        let mut ok = true;
        for subject in subjects {
            let entity = &self.entities.kept[subject.0 as usize];
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
                    let entity = &self.entities.kept[index.0 as usize];
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

//! Validation problems: which rule a record breaks and where the record is.

use std::fmt;

/// The rules seed data must satisfy. Each has a kebab-case name, used in reports and as the
/// name of its fixture directory under `tests/fixtures/invalid/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// TOML that does not parse, an unknown table or field, a value of the wrong type, a field
    /// that does not apply to the record's kind, or a statement without exactly one subject and
    /// one object form.
    MalformedRecord,
    /// A required field is absent (a state's ISO codes, a milestone's date, a figure's measure).
    MissingField,
    /// An id that is not a slug.
    InvalidId,
    /// Two records with the same id.
    DuplicateId,
    /// A name or alias claimed by two entities.
    AliasConflict,
    /// An alias that no source spells that way.
    AliasNotInSources,
    /// A category outside the kind's closed list.
    InvalidCategory,
    /// A predicate outside the vocabulary.
    UnknownPredicate,
    /// A reference to an entity id that does not exist.
    DanglingReference,
    /// A subject whose kind the predicate does not allow.
    DomainViolation,
    /// An object the predicate does not allow.
    RangeViolation,
    /// A record without any citation.
    MissingCitation,
    /// A citation of a source id that is not in the manifest.
    UnknownSource,
    /// A manifest entry whose file is not in the seed.
    MissingSourceFile,
    /// A quote not found verbatim in the cited source.
    QuoteNotFound,
    /// A date that is not partial ISO 8601.
    MalformedDate,
    /// A statement that ends before it starts.
    EndBeforeStart,
    /// ISO 3166-1 codes that do not exist or do not belong together.
    InvalidIsoCode,
}

impl Rule {
    pub const ALL: [Rule; 18] = [
        Rule::MalformedRecord,
        Rule::MissingField,
        Rule::InvalidId,
        Rule::DuplicateId,
        Rule::AliasConflict,
        Rule::AliasNotInSources,
        Rule::InvalidCategory,
        Rule::UnknownPredicate,
        Rule::DanglingReference,
        Rule::DomainViolation,
        Rule::RangeViolation,
        Rule::MissingCitation,
        Rule::UnknownSource,
        Rule::MissingSourceFile,
        Rule::QuoteNotFound,
        Rule::MalformedDate,
        Rule::EndBeforeStart,
        Rule::InvalidIsoCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::MalformedRecord => "malformed-record",
            Rule::MissingField => "missing-field",
            Rule::InvalidId => "invalid-id",
            Rule::DuplicateId => "duplicate-id",
            Rule::AliasConflict => "alias-conflict",
            Rule::AliasNotInSources => "alias-not-in-sources",
            Rule::InvalidCategory => "invalid-category",
            Rule::UnknownPredicate => "unknown-predicate",
            Rule::DanglingReference => "dangling-reference",
            Rule::DomainViolation => "domain-violation",
            Rule::RangeViolation => "range-violation",
            Rule::MissingCitation => "missing-citation",
            Rule::UnknownSource => "unknown-source",
            Rule::MissingSourceFile => "missing-source-file",
            Rule::QuoteNotFound => "quote-not-found",
            Rule::MalformedDate => "malformed-date",
            Rule::EndBeforeStart => "end-before-start",
            Rule::InvalidIsoCode => "invalid-iso-code",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a problem is: a seed file, the line its record starts on, and the record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Path relative to the seed directory, with `/` separators.
    pub file: String,
    /// 1-based line of the record's first line (or of the syntax error).
    pub line: usize,
    /// The record, e.g. ``statement `rr-cochair-iraq` `` or ``state `turkiye` ``.
    pub record: String,
}

impl Location {
    /// A problem with a whole file rather than one of its records.
    pub fn file(path: &str) -> Location {
        Location {
            file: path.to_owned(),
            line: 1,
            record: "file".to_owned(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.record)
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: Rule,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}] {}", self.location, self.rule, self.message)
    }
}

/// Every problem found in a seed, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationReport {
    pub problems: Vec<Problem>,
}

impl ValidationReport {
    /// Past this many problems after a root cause, the rest are counted by rule, not listed.
    pub const LISTED_AFTER_ROOT_CAUSES: usize = 20;

    /// Problems with a whole file (a missing manifest, an unreadable or unparsable file): a
    /// record-level problem elsewhere may only follow from one of these, so they come first.
    pub fn root_causes(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.location.is_whole_file())
    }
}

impl Location {
    fn is_whole_file(&self) -> bool {
        self.record == "file"
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the seed data breaks {} rule(s):", self.problems.len())?;
        let roots: Vec<&Problem> = self.root_causes().collect();
        if roots.is_empty() {
            for problem in &self.problems {
                writeln!(f, "  {problem}")?;
            }
            return Ok(());
        }
        // One missing file can break every record that refers to it (a missing manifest
        // breaks every citation): the cause first, then its cascade in brief.
        writeln!(f, "root cause(s), problems with whole files:")?;
        for problem in &roots {
            writeln!(f, "  {problem}")?;
        }
        let rest: Vec<&Problem> = self
            .problems
            .iter()
            .filter(|p| !p.location.is_whole_file())
            .collect();
        if rest.is_empty() {
            return Ok(());
        }
        let mut by_rule: std::collections::BTreeMap<Rule, usize> = Default::default();
        for problem in &rest {
            *by_rule.entry(problem.rule).or_default() += 1;
        }
        let counts: Vec<String> = by_rule
            .iter()
            .map(|(rule, count)| format!("{rule} ×{count}"))
            .collect();
        writeln!(
            f,
            "then {} problem(s) in records, which may follow from the above: {}",
            rest.len(),
            counts.join(", ")
        )?;
        let listed = rest.len().min(Self::LISTED_AFTER_ROOT_CAUSES);
        for problem in &rest[..listed] {
            writeln!(f, "  {problem}")?;
        }
        if listed < rest.len() {
            writeln!(f, "  … and {} more", rest.len() - listed)?;
        }
        Ok(())
    }
}

//! Each validation rule has a broken seed under `tests/fixtures/invalid/<rule>/`, laid over the
//! valid `tests/fixtures/base/`; the report must be exactly the fixture's `expected.txt`.
//! Run with `UPDATE_EXPECT=1` to rewrite the expectations after a deliberate change.

use bpgraph_seed::{validate, Rule, SeedFile, SeedFiles};
use std::collections::BTreeMap;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// The base seed with the files of `overlay` (relative to the fixtures) added or replaced.
fn seed_with(overlay: Option<&str>) -> SeedFiles {
    let mut files = BTreeMap::new();
    let layers = std::iter::once("base").chain(overlay);
    for layer in layers {
        let layer = SeedFiles::read_dir(&fixtures().join(layer)).expect("fixture is readable");
        for file in layer.into_files().expect("fixture is readable") {
            files.insert(file.path, file.contents);
        }
    }
    SeedFiles::from_files(
        files
            .into_iter()
            .map(|(path, contents)| SeedFile { path, contents })
            .collect(),
    )
}

fn check(rule: Rule) {
    let dir = format!("invalid/{}", rule.name());
    assert!(fixtures().join(&dir).is_dir(), "no fixture for {rule}");
    let report = validate(&seed_with(Some(&dir))).expect_err("the broken seed must be rejected");
    assert!(
        report.problems.iter().all(|p| p.rule == rule),
        "the fixture for {rule} must break only that rule:\n{report}"
    );
    let actual: String = report.problems.iter().map(|p| format!("{p}\n")).collect();
    expect_test::expect_file![fixtures().join(&dir).join("expected.txt")].assert_eq(&actual);
}

#[test]
fn base_fixture_is_valid() {
    let dataset = validate(&seed_with(None)).expect("the base fixture is valid");
    assert_eq!(dataset.entities.len(), 4);
}

#[test]
fn every_rule_has_a_fixture() {
    for rule in Rule::ALL {
        assert!(
            fixtures().join("invalid").join(rule.name()).is_dir(),
            "tests/fixtures/invalid/{} is missing",
            rule.name()
        );
    }
}

macro_rules! rule_tests {
    ($($test:ident => $rule:ident,)*) => {
        $( #[test] fn $test() { check(Rule::$rule); } )*
    };
}

rule_tests! {
    malformed_record => MalformedRecord,
    missing_field => MissingField,
    invalid_id => InvalidId,
    duplicate_id => DuplicateId,
    alias_conflict => AliasConflict,
    alias_not_in_sources => AliasNotInSources,
    invalid_category => InvalidCategory,
    unknown_predicate => UnknownPredicate,
    dangling_reference => DanglingReference,
    domain_violation => DomainViolation,
    range_violation => RangeViolation,
    missing_citation => MissingCitation,
    unknown_source => UnknownSource,
    missing_source_file => MissingSourceFile,
    quote_not_found => QuoteNotFound,
    malformed_date => MalformedDate,
    end_before_start => EndBeforeStart,
    invalid_iso_code => InvalidIsoCode,
}

#[test]
fn problems_across_files_are_all_reported() {
    // Two fixtures at once: both problems come back, in file order.
    let mut files: Vec<SeedFile> = seed_with(Some("invalid/quote-not-found"))
        .iter()
        .cloned()
        .collect();
    let extra = SeedFiles::read_dir(&fixtures().join("invalid/unknown-predicate")).unwrap();
    for file in extra.into_files().unwrap() {
        files.push(SeedFile {
            path: format!("more/{}", file.path),
            contents: file.contents,
        });
    }
    let report = validate(&SeedFiles::from_files(files)).unwrap_err();
    let rules: Vec<Rule> = report.problems.iter().map(|p| p.rule).collect();
    assert_eq!(rules, [Rule::QuoteNotFound, Rule::UnknownPredicate]);
}

#[test]
fn csv_rows_are_records_like_toml_ones() {
    let mut files: Vec<SeedFile> = seed_with(Some("rows")).iter().cloned().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let graph = bpgraph::load(&SeedFiles::from_files(files)).expect("the rows are valid");
    let group = graph.lookup("TWG").expect("an alias from a CSV row");
    assert_eq!(group.slug(), "twg-lec");
    // A row listing two subjects states one statement for each, named after it.
    let chair = graph
        .statement_by_id("lec-co-chairs/bulgaria")
        .expect("a statement of a list row");
    assert_eq!(chair.subject().slug(), "bulgaria");
    assert_eq!(chair.object().entity(), Some(group));
    let quotes: Vec<_> = chair.citations().map(|c| c.quote()).collect();
    assert_eq!(quotes, ["co-chaired by Bulgaria and Iraq"]);
    assert!(graph.statement_by_id("lec-co-chairs/iraq").is_some());
    assert!(graph.statement_by_id("lec-co-chairs").is_none());
    let attended = graph.statement_by_id("som-37-attendance").unwrap();
    assert_eq!(
        attended
            .qualifiers()
            .start
            .map(|d| d.to_string())
            .as_deref(),
        Some("2025-11-26")
    );
}

#[test]
fn a_missing_file_is_reported_first_and_its_cascade_in_brief() {
    // Without the manifest every citation of the real seed names an unknown source.
    let files: Vec<SeedFile> = SeedFiles::embedded()
        .into_files()
        .unwrap()
        .into_iter()
        .filter(|f| f.path != bpgraph_seed::MANIFEST)
        .collect();
    let report = validate(&SeedFiles::from_files(files)).expect_err("no manifest, no seed");
    let roots: Vec<_> = report.root_causes().collect();
    assert_eq!(roots.len(), 1, "{report}");
    assert_eq!(roots[0].location.file, bpgraph_seed::MANIFEST);
    let text = report.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[2].contains("the seed has no source manifest"),
        "{text}"
    );
    assert!(lines[3].starts_with("then "), "{text}");
    assert!(lines[3].contains("unknown-source ×"), "{text}");
    let more = report.problems.len() - 1 - bpgraph_seed::ValidationReport::LISTED_AFTER_ROOT_CAUSES;
    assert_eq!(lines.last().unwrap().trim(), format!("… and {more} more"));
    assert_eq!(
        lines.len(),
        4 + bpgraph_seed::ValidationReport::LISTED_AFTER_ROOT_CAUSES + 1
    );
}

#[test]
fn a_statement_read_beyond_its_quotes_says_how_in_a_note() {
    let statement = |derivation: &str, note: &str| {
        format!(
            "[[statement]]\nid = \"read\"\nsubject = \"iraq\"\npredicate = \"attended\"\n\
             object = \"som-37\"\n{note}derivation = \"{derivation}\"\n\
             citations = [{{ source = \"doc\", quote = \"These include Iraq, Türkiye.\" }}]\n"
        )
    };
    let seed = |text: String| {
        let mut files: Vec<SeedFile> = seed_with(None).iter().cloned().collect();
        files.push(SeedFile {
            path: "statements/read.toml".into(),
            contents: text,
        });
        SeedFiles::from_files(files)
    };
    for derivation in ["inferred", "reconstructed"] {
        let report = validate(&seed(statement(derivation, ""))).unwrap_err();
        let rules: Vec<Rule> = report.problems.iter().map(|p| p.rule).collect();
        assert_eq!(rules, [Rule::MissingField], "{report}");
        assert!(report.to_string().contains(derivation), "{report}");
        let noted = statement(derivation, "note = \"The list is read as attendance.\"\n");
        let graph = bpgraph::load(&seed(noted)).expect("a noted reading is valid");
        let read = graph.statement_by_id("read").unwrap();
        assert_eq!(read.qualifiers().derivation.as_str(), derivation);
    }
    let report = validate(&seed(statement("guessed", ""))).unwrap_err();
    assert_eq!(report.problems[0].rule, Rule::MalformedRecord, "{report}");
}

#[test]
fn dates_are_read_as_their_statement_unless_marked_and_an_entity_date_as_quoted() {
    let statement = |qualifiers: &str| {
        format!(
            "[[statement]]\nid = \"read\"\nsubject = \"turkiye\"\npredicate = \"chairs\"\n\
             object = \"budapest-process\"\n{qualifiers}\
             citations = [{{ source = \"doc\", quote = \"Hosted by Türkiye as Chair of the Dialogue\" }}]\n"
        )
    };
    let load = |text: String| {
        let mut files: Vec<SeedFile> = seed_with(None).iter().cloned().collect();
        files.push(SeedFile {
            path: "statements/read.toml".into(),
            contents: text,
        });
        bpgraph::load(&SeedFiles::from_files(files)).expect("the statement is valid")
    };
    let read = |qualifiers: &str| {
        let graph = load(statement(qualifiers));
        let statement = graph.statement_by_id("read").unwrap();
        let q = statement.qualifiers();
        (q.derivation.as_str(), q.date_derivation.map(|d| d.as_str()))
    };
    let why = "note = \"The date is the meeting's.\"\n";
    assert_eq!(read(""), ("stated", None), "no date, nothing to read");
    assert_eq!(read("at = \"2025-11\"\n"), ("stated", Some("stated")));
    let reconstructed = format!("start = \"2006\"\n{why}derivation = \"reconstructed\"\n");
    assert_eq!(
        read(&reconstructed),
        ("reconstructed", Some("reconstructed"))
    );
    let split = format!("start = \"2006\"\n{why}date_derivation = \"reconstructed\"\n");
    assert_eq!(read(&split), ("stated", Some("reconstructed")));
    let graph = load(statement(""));
    let meeting = graph.entity_by_slug("som-37").unwrap();
    assert_eq!(
        meeting.date_derivation().map(|d| d.as_str()),
        Some("stated")
    );
    let state = graph.entity_by_slug("turkiye").unwrap();
    assert_eq!(state.date_derivation(), None);
}

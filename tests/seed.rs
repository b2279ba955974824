//! The embedded seed as a whole: it loads, every quote is in its source, a changed quote is
//! caught and named, and the command line reports both outcomes.

use bpgraph_model::text::quote_form;
use bpgraph_seed::{validate, Rule, SeedFile, SeedFiles};
use std::process::Command;

#[test]
fn embedded_seed_is_valid() {
    if let Err(error) = bpgraph::load_embedded() {
        panic!("{error}");
    }
}

#[test]
fn every_citation_quote_is_found_in_its_source() {
    let graph = bpgraph::load_embedded().unwrap();
    let entity_citations = graph
        .entities()
        .flat_map(|e| e.citations().collect::<Vec<_>>());
    let statement_citations = graph
        .statements()
        .flat_map(|s| s.citations().collect::<Vec<_>>());
    let mut checked = 0;
    for citation in entity_citations.chain(statement_citations) {
        let source = quote_form(citation.source().text());
        assert!(
            source.contains(&quote_form(citation.quote())),
            "not in {}: {:?}",
            citation.source().id(),
            citation.quote()
        );
        checked += 1;
    }
    assert!(checked >= graph.entity_count() + graph.statement_count());
}

#[test]
fn every_fact_has_a_citation() {
    let graph = bpgraph::load_embedded().unwrap();
    for entity in graph.entities() {
        assert!(entity.citations().next().is_some(), "{entity:?}");
    }
    for statement in graph.statements() {
        assert!(statement.citations().next().is_some(), "{statement:?}");
    }
}

/// Replaces the first quote of each data file with text that is in no source: validation must
/// fail and name that file and the record the quote belongs to.
#[test]
fn a_changed_quote_is_named() {
    let seed = SeedFiles::embedded();
    let data_files = seed
        .iter()
        .filter(|f| f.path.ends_with(".toml") && !f.path.starts_with("sources/"));
    let mut tried = 0;
    for file in data_files {
        let Some(at) = file.contents.find("quote = \"") else {
            continue;
        };
        let at = at + "quote = \"".len();
        let mut broken = file.contents.clone();
        broken.insert_str(at, "Not in any source: ");
        let record_line = file.contents[..at]
            .rmatch_indices("[[")
            .next()
            .map(|(i, _)| file.contents[..i].matches('\n').count() + 1)
            .unwrap();
        let files: Vec<SeedFile> = seed
            .iter()
            .map(|f| SeedFile {
                path: f.path.clone(),
                contents: if f.path == file.path {
                    broken.clone()
                } else {
                    f.contents.clone()
                },
            })
            .collect();
        let report = validate(&SeedFiles::from_files(files)).expect_err(&file.path);
        assert_eq!(report.problems.len(), 1, "{report}");
        let problem = &report.problems[0];
        assert_eq!(problem.rule, Rule::QuoteNotFound);
        assert_eq!(problem.location.file, file.path);
        assert_eq!(problem.location.line, record_line, "{problem}");
        tried += 1;
    }
    assert!(tried >= 5, "only {tried} data files have quotes");
}

#[test]
fn validate_command_prints_counts_or_the_broken_record() {
    let bin = env!("CARGO_BIN_EXE_bpgraph");
    let ok = Command::new(bin).arg("validate").output().unwrap();
    assert!(ok.status.success());
    let stdout = String::from_utf8(ok.stdout).unwrap();
    assert!(stdout.starts_with("seed is valid:"), "{stdout}");
    assert!(
        stdout.contains("entities by kind:") && stdout.contains("co_chairs"),
        "{stdout}"
    );

    // The base fixture plus one record whose quote is not in the source.
    let fixtures = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let dir = tempfile::tempdir().unwrap();
    for layer in ["base", "invalid/quote-not-found"] {
        for file in SeedFiles::read_dir(&fixtures.join(layer))
            .unwrap()
            .into_files()
            .unwrap()
        {
            let path = dir.path().join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
    }
    let broken = Command::new(bin)
        .arg("validate")
        .arg("--data")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!broken.status.success());
    let stderr = String::from_utf8(broken.stderr).unwrap();
    assert!(
        stderr.contains("data.toml:1: statement `turkiye-chairs` [quote-not-found]"),
        "{stderr}"
    );

    let missing = Command::new(bin)
        .args(["validate", "--data", "/nonexistent/seed"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8(missing.stderr)
        .unwrap()
        .contains("/nonexistent/seed"));
}

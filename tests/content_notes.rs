//! Notes are written for API users: an entity's or a statement's note says how a source was
//! read in plain words, never naming what only the seed's curators see (its files, their
//! headers, record ids, or the seed's own field names in backticks).

use bpgraph::KnowledgeGraph;
use std::collections::BTreeSet;

/// Every note a client can read, with whose it is.
fn notes(graph: &KnowledgeGraph) -> Vec<(String, &str)> {
    let entities = graph
        .entities()
        .filter_map(|e| Some((format!("entity {}", e.slug()), e.note()?)));
    let statements = graph.statements().filter_map(|s| {
        let note = s.qualifiers().note.as_deref()?;
        Some((format!("statement {}", s.id()), note))
    });
    entities.chain(statements).collect()
}

/// The seed's ids that only its curators see: record ids and slugs of more than one word
/// (a one-word slug such as `iraq` is also a plain word).
fn record_ids(graph: &KnowledgeGraph) -> BTreeSet<String> {
    let slugs = graph.entities().map(|e| e.slug().to_owned());
    // A record of several statements names each `record/slug`; its record id is one too.
    let statements = graph.statements().flat_map(|s| {
        let id = s.id().into_owned();
        let record = id.split('/').next().unwrap_or_default().to_owned();
        [id, record]
    });
    slugs
        .chain(statements)
        .filter(|id| id.contains('-'))
        .collect()
}

/// What in `note` an API user could not make sense of, if anything.
fn internals(note: &str, ids: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for marker in [".toml", ".csv", "file header", "`"] {
        if note.contains(marker) {
            found.push(format!("`{marker}`"));
        }
    }
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '/';
    for token in note.split(|c: char| !is_id_char(c)) {
        if ids.contains(token.trim_matches('-')) {
            found.push(format!("the id `{token}`"));
        }
    }
    found
}

#[test]
fn no_note_names_seed_files_or_record_ids() {
    let graph = bpgraph::load_embedded().expect("the embedded seed loads");
    let ids = record_ids(&graph);
    let notes = notes(&graph);
    assert!(notes.len() > 100, "only {} notes", notes.len());
    let failures: Vec<String> = notes
        .iter()
        .filter_map(|(whose, note)| {
            let found = internals(note, &ids);
            (!found.is_empty()).then(|| format!("{whose}: {}\n    {note}", found.join(", ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} notes speak of the seed's insides:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let ids: BTreeSet<String> = ["som-37".to_owned()].into();
    assert_eq!(internals("See the file header.", &ids).len(), 1);
    assert_eq!(internals("As in som-37.", &ids).len(), 1);
    assert_eq!(internals("in states.toml", &ids).len(), 1);
    assert!(internals("At the 37th SOM (2025).", &ids).is_empty());
}

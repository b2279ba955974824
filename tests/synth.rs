//! `bench synth` writes a seed that passes every rule and has the size it was asked for.

use bpgraph_bench::synth::{write_seed, Shape};
use bpgraph_seed::{SeedFiles, ISO_TABLE};
use clap::Parser;

#[derive(Parser)]
struct Options {
    #[command(flatten)]
    shape: Shape,
}

/// The shape the command line would give for these options.
fn shape(options: &[&str]) -> Shape {
    Options::parse_from(std::iter::once("synth").chain(options.iter().copied())).shape
}

fn check(options: &[&str]) -> (bpgraph::KnowledgeGraph, bpgraph_bench::synth::Written) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("seed");
    let embedded = SeedFiles::embedded();
    let iso = &embedded.get(ISO_TABLE).unwrap().contents;
    let written = write_seed(&shape(options), iso, &dir).unwrap();
    let graph = bpgraph::load(&SeedFiles::read_dir(&dir).unwrap())
        .unwrap_or_else(|report| panic!("synth wrote an invalid seed:\n{report}"));
    (graph, written)
}

#[test]
fn the_seed_is_valid_and_as_large_as_asked() {
    let options = [
        "--states",
        "20",
        "--organisations",
        "30",
        "--places",
        "10",
        "--groups",
        "4",
        "--meetings",
        "120",
        "--attendees",
        "6",
        "--years",
        "5",
        "--per-bulletin",
        "25",
        "--rows-per-file",
        "100",
    ];
    let (graph, written) = check(&options);
    assert_eq!(written.entities, 20 + 30 + 10 + 4 + 120);
    assert_eq!(graph.entity_count(), written.entities);
    assert_eq!(graph.statement_count(), written.statements);
    // Each meeting: six attendees, a place and a group; each group: one or two co-chairs a year.
    let meeting_edges = 120 * (6 + 2);
    assert!((meeting_edges + 4 * 5..=meeting_edges + 4 * 5 * 2).contains(&written.statements));
    let meeting = graph.entity_by_slug("meeting-7").unwrap();
    let attended = graph.statement_by_id(&format!(
        "meeting-7-attendance/{}",
        meeting
            .subjects(bpgraph_model::Predicate::Attended)
            .first()
            .unwrap()
            .slug()
    ));
    assert!(attended.is_some());
    let quote = meeting.citations().next().unwrap().quote();
    assert!(quote.starts_with("Meeting 7 of group-"), "{quote}");
}

#[test]
fn the_same_options_write_the_same_seed() {
    let options = ["--meetings", "40", "--seed", "7"];
    let (a, _) = check(&options);
    let (b, _) = check(&options);
    assert_eq!(a.version(), b.version());
    let (c, _) = check(&["--meetings", "40", "--seed", "8"]);
    assert_ne!(a.version(), c.version());
}

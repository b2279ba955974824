//! How long the embedded data takes to index, and a query to answer, in-process:
//! `cargo run --release -p bpgraph-search --example timing`.

use bpgraph_graph::KnowledgeGraph;
use bpgraph_search::{Filters, HitKind, TextIndex};
use bpgraph_seed::SeedFiles;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ROUNDS: u32 = 200;

fn main() {
    let data = bpgraph_seed::validate(&SeedFiles::embedded()).expect("the embedded seed is valid");
    let graph = Arc::new(KnowledgeGraph::new(data));
    let started = Instant::now();
    let index = TextIndex::build(graph).expect("the index builds");
    println!(
        "index: {} documents ({} passages) in {:.1} ms",
        index.document_count(),
        index.passage_count(),
        ms(started.elapsed())
    );
    let passages = [HitKind::Passage];
    let cases: [(&str, Filters<'_>); 5] = [
        ("\"operational arm\"", Filters::default()),
        ("strategic guidance", Filters::default()),
        ("turkiye", Filters::default()),
        ("Budapest Pro", Filters::default()),
        (
            "migration",
            Filters {
                kinds: Some(&passages),
                ..Filters::default()
            },
        ),
    ];
    for (text, filters) in &cases {
        let started = Instant::now();
        let mut total = 0;
        for _ in 0..ROUNDS {
            let search = index.search(text, filters).expect("the search runs");
            total = search.total();
            std::hint::black_box(search.hits(0, 20).expect("the hits load"));
        }
        println!(
            "{text:<22} {total:>4} hits, first 20 with snippets: {:.3} ms a query",
            ms(started.elapsed()) / f64::from(ROUNDS)
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

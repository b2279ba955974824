//! `bench scale`: load time, peak memory and one-hop latency of a synthetic graph of a million
//! nodes and ten million edges, against the same shape at a thousand nodes.
//!
//! Each seed is written by `bench synth`'s generator. Each load runs in a child process of
//! this binary (`bench load DIR`), so its peak resident memory is the load's alone. The
//! one-hop query (a meeting, its statements and their other ends) runs through the real schema
//! in this process, on both graphs; the figure is the ratio of their median latencies.

use bpgraph_bench::synth::{write_seed, Shape};
use bpgraph_seed::{SeedFiles, ISO_TABLE};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options of `bench scale`.
#[derive(clap::Args)]
pub struct ScaleArgs {
    /// Meetings of the large graph; the other kinds scale with it (910,000 gives about
    /// 1,000,000 nodes and 10,000,000 edges).
    #[arg(long, default_value_t = 910_000)]
    meetings: usize,
    /// Where the seeds are written (kept between runs: a seed of the same size is reused).
    #[arg(long, default_value = "target/scale-bench")]
    dir: PathBuf,
    /// One-hop queries timed on each graph.
    #[arg(long, default_value_t = 3000)]
    queries: usize,
}

/// A seed `meetings / 1000` times the size of the default large one.
fn shape(meetings: usize) -> Shape {
    let scaled = |per_910k: usize| (per_910k * meetings / 910_000).max(1);
    Shape {
        states: scaled(249).min(249),
        organisations: scaled(80_000),
        places: scaled(19_000),
        groups: scaled(750),
        meetings,
        attendees: 9,
        years: 20,
        per_bulletin: 50,
        rows_per_file: 100_000,
        seed: 1,
    }
}

pub fn run(args: &ScaleArgs) {
    let small = prepare(&args.dir, 910);
    let large = prepare(&args.dir, args.meetings);
    let (small_load, _) = load_in_child(&small.0);
    let (large_load, large_rss) = load_in_child(&large.0);
    println!(
        "scale: {} nodes and {} edges vs {} and {}",
        large.1, large.2, small.1, small.2
    );
    println!("load_seconds small {:.2}", small_load.as_secs_f64());
    println!("load_seconds large {:.2}", large_load.as_secs_f64());
    println!("peak_rss_mb large {large_rss}");
    let small_p50 = one_hop_p50(&small.0, args.queries);
    let large_p50 = one_hop_p50(&large.0, args.queries);
    println!("one_hop_p50_us small {:.1}", small_p50.as_secs_f64() * 1e6);
    println!("one_hop_p50_us large {:.1}", large_p50.as_secs_f64() * 1e6);
    println!(
        "one_hop_large_vs_small={:.2}",
        large_p50.as_secs_f64() / small_p50.as_secs_f64()
    );
}

/// Writes the seed of `meetings` meetings unless it is there; its directory, nodes and edges.
fn prepare(root: &Path, meetings: usize) -> (PathBuf, usize, usize) {
    let dir = root.join(format!("meetings-{meetings}"));
    let counts = dir.join("counts");
    if let Ok(text) = std::fs::read_to_string(&counts) {
        let mut numbers = text.split_whitespace().map(|n| n.parse().unwrap_or(0));
        return (
            dir,
            numbers.next().unwrap_or(0),
            numbers.next().unwrap_or(0),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    let embedded = SeedFiles::embedded();
    let iso = &embedded.get(ISO_TABLE).expect("the ISO table").contents;
    let seed = dir.join("seed");
    let written = write_seed(&shape(meetings), iso, &seed).expect("the seed is written");
    let text = format!("{} {}", written.entities, written.statements);
    std::fs::write(&counts, text).expect("the counts are written");
    (dir, written.entities, written.statements)
}

/// Loads the seed under `dir` in a child process: its load time and peak memory (MB).
fn load_in_child(dir: &Path) -> (Duration, u64) {
    let output = Command::new(std::env::current_exe().expect("this binary"))
        .arg("load")
        .arg(dir.join("seed"))
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut figures = text
        .split_whitespace()
        .map(|n| n.parse::<f64>().unwrap_or(0.0));
    let seconds = figures.next().unwrap_or(0.0);
    let rss_kb = figures.next().unwrap_or(0.0);
    (Duration::from_secs_f64(seconds), (rss_kb / 1024.0) as u64)
}

/// `bench load DIR`: reads and loads a seed, prints its load time (s) and peak memory (kB).
pub fn load_and_report(dir: &Path) {
    let start = Instant::now();
    let files = SeedFiles::read_dir(dir).expect("the seed is readable");
    let graph = bpgraph::load(&files).expect("the seed is valid");
    let elapsed = start.elapsed();
    std::hint::black_box(&graph);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("{} {peak_kb}", elapsed.as_secs_f64());
}

/// The median latency of the one-hop query on the graph of the seed under `dir`.
fn one_hop_p50(dir: &Path, queries: usize) -> Duration {
    let files = SeedFiles::read_dir(&dir.join("seed")).expect("the seed is readable");
    let graph = Arc::new(bpgraph::load(&files).expect("the seed is valid"));
    drop(files);
    let search = bpgraph_api::SearchIndex::new(graph.clone());
    let schema = bpgraph_api::schema_builder(graph, Default::default(), search)
        .finish()
        .expect("the schema is consistent");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let mut times = Vec::with_capacity(queries);
    for i in 0..queries {
        // Meetings 1..=910 exist at both sizes.
        let query = format!(
            "{{ entity(ref: \"meeting-{}\") {{ name statements(first: 20) {{ nodes {{ predicate subject {{ name }} object {{ name }} }} }} }} }}",
            i % 910 + 1
        );
        let start = Instant::now();
        let response = runtime.block_on(schema.execute(query.as_str()));
        times.push(start.elapsed());
        assert!(response.errors.is_empty(), "{:?}", response.errors);
    }
    times.sort_unstable();
    times[times.len() / 2]
}

//! The layering of ARCHITECTURE.md, checked on the real dependency graph: each crate's normal
//! (non-dev) dependencies, followed transitively, must not reach what its layer may not know.
//!
//! The graph comes from `cargo metadata` over `Cargo.lock`, so a new dependency that breaks a
//! boundary (the graph reaching async-graphql through some helper crate, say) fails here.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::Command;

/// Serving: GraphQL execution, HTTP and the async runtime.
const SERVING: &[&str] = &["async-graphql", "axum", "hyper", "tokio", "tower"];
/// HTTP without GraphQL: what the API layer may not know.
const HTTP: &[&str] = &["axum", "hyper", "tokio", "tower"];
/// Reading seed files from disk or the binary.
const SEED_FILES: &[&str] = &["toml", "csv", "include_dir", "walkdir", "bpgraph-seed"];
/// The SPARQL engine, which only the server holds.
const SPARQL: &[&str] = &["oxigraph", "spargebra"];
/// The benchmark's load and seed generators.
const MEASURING: &[&str] = &["bpgraph-bench", "fastrand"];

/// What each crate must never depend on, directly or through another crate: the union of
/// these groups and names.
const BOUNDARIES: &[(&str, &[&[&str]])] = &[
    (
        "bpgraph-model",
        &[SERVING, SEED_FILES, SPARQL, &["petgraph", "bpgraph-graph"]],
    ),
    ("bpgraph-seed", &[SERVING, &["petgraph", "bpgraph-graph"]]),
    ("bpgraph-graph", &[SERVING, SEED_FILES, SPARQL]),
    (
        "bpgraph-export",
        &[SERVING, &["bpgraph-seed", "bpgraph-api", "oxigraph"]],
    ),
    ("bpgraph-search", &[SERVING, SEED_FILES, &["bpgraph-api"]]),
    ("bpgraph-api", &[HTTP, SPARQL, &["bpgraph-seed"]]),
    ("bpgraph-server", &[MEASURING, &["bpgraph-seed", "notify"]]),
    // The server binary: the benchmark's load generator and seed generator stay out of it.
    ("bpgraph", &[MEASURING, &["reqwest"]]),
];

/// Package name → names of its normal dependencies, from `cargo metadata`.
fn normal_dependencies() -> HashMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let name_of: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let mut graph = HashMap::new();
    for node in metadata["resolve"]["nodes"].as_array().unwrap() {
        let deps = node["deps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|dep| {
                // `kind` is null for a normal dependency, "dev" or "build" otherwise.
                dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].is_null())
            })
            .map(|dep| name_of[dep["pkg"].as_str().unwrap()].to_owned())
            .collect();
        graph.insert(name_of[node["id"].as_str().unwrap()].to_owned(), deps);
    }
    graph
}

/// Every crate `name` depends on, through any chain of normal dependencies.
fn reachable(graph: &HashMap<String, Vec<String>>, name: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_owned()];
    while let Some(next) = todo.pop() {
        for dep in graph.get(&next).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                todo.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn no_crate_depends_on_what_its_layer_must_not_know() {
    let graph = normal_dependencies();
    let mut broken = Vec::new();
    for (krate, forbidden) in BOUNDARIES {
        assert!(
            graph.contains_key(*krate),
            "{krate} is not in the workspace"
        );
        let reached = reachable(&graph, krate);
        for name in forbidden.iter().copied().flatten() {
            if reached.contains(*name) {
                broken.push(format!("{krate} depends on {name}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer boundaries broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_check_sees_dependencies_that_are_there() {
    // Guards the check itself: were the metadata misread, every boundary would pass vacuously.
    let graph = normal_dependencies();
    assert!(reachable(&graph, "bpgraph-server").contains("tokio"));
    assert!(reachable(&graph, "bpgraph-api").contains("async-graphql"));
    assert!(reachable(&graph, "bpgraph-graph").contains("bpgraph-model"));
    assert!(reachable(&graph, "bpgraph-search").contains("tantivy"));
    assert!(reachable(&graph, "bpgraph-bench").contains("hyper-util"));
}

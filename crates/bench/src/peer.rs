//! `bench apart`'s peer column: Apollo Server, the most common GraphQL server, answering the
//! queries of the mix it shares with bpgraph (`scripts/apollo-peer/`: the same data, loaded
//! from bpgraph's JSON-LD export, behind resolvers written the way an Apollo user writes
//! them). It runs as the servers do, alone on core 0 under wrk on core 1 with the same
//! settings, after its answers are checked to equal bpgraph's. Prints a `peer_apollo` line per
//! shared query (bpgraph uncached requests/s over Apollo's) and `bpgraph_vs_apollo_geomean=`.
//! Without `node` or the peer's installed dependencies the column is skipped with a line
//! saying why; it never fails the bench.

use super::apart::{free_port, root, wrk, ApartArgs, Running};
use bytes::Bytes;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The peer's directory, from the workspace root.
const PEER_DIR: &str = "scripts/apollo-peer";

/// The mix names of the queries the peer answers (its `shared-queries.txt` lists their files),
/// named as `bench apart` names them.
pub fn shared_names() -> Vec<String> {
    let list = root().join(PEER_DIR).join("shared-queries.txt");
    let text = std::fs::read_to_string(&list).unwrap_or_else(|e| panic!("{}: {e}", list.display()));
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|path| {
            super::apart::mix_name(Path::new(path))
                .unwrap_or_else(|| panic!("{}: {path} is not in the query mix", list.display()))
        })
        .collect()
}

/// Why the peer cannot run here, if it cannot.
fn unavailable() -> Option<String> {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|status| status.success()) {
        return Some("node is not installed".into());
    }
    let installed = root().join(PEER_DIR).join("node_modules/@apollo/server");
    if !installed.is_dir() {
        return Some(format!(
            "its dependencies are not installed (cd {PEER_DIR} && npm ci)"
        ));
    }
    None
}

/// The peer, started pinned to core 0 over `server`'s JSON-LD export, once it answers.
fn start(server: &Path, dir: &Path) -> (Running, SocketAddr) {
    let data = dir.join("graph.jsonld");
    let exported = Command::new(server)
        .args(["export", "--format", "jsonld", "--out"])
        .arg(&data)
        .status()
        .expect("the server binary runs");
    assert!(exported.success(), "{} export failed", server.display());
    let address: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let child = Command::new("taskset")
        .args(["-c", "0", "node"])
        .arg(root().join(PEER_DIR).join("server.mjs"))
        .env("PEER_PORT", address.port().to_string())
        .env("PEER_DATA", &data)
        // As Apollo is deployed: no development landing page.
        .env("NODE_ENV", "production")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("taskset (util-linux) runs");
    let running = Running(child);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let probe = Bytes::from_static(br#"{"query":"{ __typename }"}"#);
    for _ in 0..600 {
        if std::net::TcpStream::connect(address).is_ok() {
            let target = super::load::Target {
                address,
                path: "/graphql".into(),
                body: probe.clone(),
                expected: Bytes::new(),
            };
            runtime.block_on(super::load::fetch(&target));
            return (running, address);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the Apollo peer did not start within 60 s");
}

/// Whether two answers are the same JSON; `Some(true)` when they are the same bytes too (but
/// for the newline Apollo ends each answer with).
fn same_answer(bpgraph: &[u8], apollo: &[u8]) -> Option<bool> {
    let trimmed = apollo.strip_suffix(b"\n").unwrap_or(apollo);
    if trimmed == bpgraph {
        return Some(true);
    }
    let parse = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
    let expected = parse(bpgraph)?;
    (Some(expected) == parse(apollo)).then_some(false)
}

/// One shared query's inputs: its name, request body, bpgraph's answer and its uncached rate.
pub struct Shared<'a> {
    pub name: &'a str,
    pub body: &'a str,
    pub answer: &'a Bytes,
    pub uncached_rps: f64,
}

/// Runs the peer column over the shared queries of this run, after the servers' runs.
pub fn column(shared: &[Shared<'_>], server: &Path, args: &ApartArgs, dir: &Path) {
    if shared.is_empty() {
        println!("peer_apollo skipped: no query of this run is shared with the peer");
        return;
    }
    if let Some(reason) = unavailable() {
        println!("peer_apollo skipped: {reason}");
        return;
    }
    let (_peer, address) = start(server, dir);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    for query in shared {
        let apollo = runtime.block_on(super::expected_answer(address, query.name, query.body));
        match same_answer(query.answer, &apollo) {
            Some(true) => {}
            Some(false) => println!(
                "{}: the peer answers the same JSON in other bytes",
                query.name
            ),
            None => {
                eprintln!(
                    "bench apart: the Apollo peer answers {} differently\n  bpgraph: {}\n  apollo:  {}",
                    query.name,
                    String::from_utf8_lossy(query.answer),
                    String::from_utf8_lossy(&apollo)
                );
                std::process::exit(1);
            }
        }
    }
    println!(
        "peer: Apollo Server (scripts/apollo-peer) on core 0, {} shared queries, answers checked",
        shared.len()
    );
    let mut ratios = Vec::new();
    for query in shared {
        wrk(address, "/graphql", query.body, args, 1, dir);
        let apollo_rps = wrk(address, "/graphql", query.body, args, args.seconds, dir);
        let ratio = query.uncached_rps / apollo_rps;
        println!(
            "peer_apollo {:<48} apollo {apollo_rps:>8.0}/s  bpgraph uncached {:>8.0}/s  {ratio:.1}x",
            query.name, query.uncached_rps
        );
        ratios.push(ratio);
    }
    println!(
        "bpgraph_vs_apollo_geomean={:.2}",
        super::apart::geomean(&ratios)
    );
}

#[cfg(test)]
mod tests {
    use super::same_answer;

    #[test]
    fn answers_compare_by_bytes_then_by_json() {
        let bpgraph = br#"{"data":{"a":1,"b":[2]}}"#;
        assert_eq!(
            same_answer(bpgraph, b"{\"data\":{\"a\":1,\"b\":[2]}}\n"),
            Some(true)
        );
        assert_eq!(same_answer(bpgraph, br#"{"data":{"b":[2.0],"a":1}}"#), None);
        assert_eq!(
            same_answer(bpgraph, br#"{"data":{"b":[2],"a":1}}"#),
            Some(false)
        );
        assert_eq!(same_answer(bpgraph, br#"{"data":{"a":1,"b":[3]}}"#), None);
        assert_eq!(same_answer(bpgraph, b"not json"), None);
    }
}

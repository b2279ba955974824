//! `bench apart`: the server measured as users run it, from outside, on its own core.
//!
//! Three processes on core 0, one at a time under load: the `bpgraph` binary as shipped
//! (default settings, its request log on and written to a file) with its response cache off,
//! the same with the cache on, and the floor (`bench floor`: a bare axum endpoint answering the
//! same bytes). The load generator is wrk, pinned to core 1, so it never takes the server's
//! CPU. The query mix is the queries users write: the GraphiQL examples
//! (`assets/examples/`), every test query that answers data (`tests/queries/`) and the
//! user-shaped queries of `crates/bench/mix/`. Each server's answer is checked against the
//! first before its run, and a run with any non-2xx answer or socket error stops the bench.
//! Prints each query's ratios, then `mix_uncached_geomean=` and `mix_cached_geomean=`, then
//! the Apollo peer's column over the queries it shares (see `peer.rs`; `--no-peer` leaves it
//! out, `--peer-only` runs only those queries).

use bytes::Bytes;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Options of `bench apart`.
#[derive(Debug, Clone, clap::Args)]
pub struct ApartArgs {
    /// The server binary (default: `bpgraph` beside this binary, the same build profile).
    #[arg(long)]
    server: Option<PathBuf>,
    /// Seconds of each measured run.
    #[arg(long, default_value_t = 4)]
    pub(crate) seconds: u32,
    /// wrk's keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// Only the queries whose name contains this.
    #[arg(long)]
    only: Option<String>,
    /// Only the queries the Apollo peer shares (see `peer.rs`).
    #[arg(long)]
    peer_only: bool,
    /// Leave out the Apollo peer's column.
    #[arg(long, conflicts_with = "peer_only")]
    no_peer: bool,
}

/// A process killed when dropped.
pub(crate) struct Running(pub(crate) Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The workspace's root, where the query files are.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The directories of the query mix, and the prefix of their queries' names.
const MIX_DIRS: [(&str, &str); 3] = [
    ("assets/examples", "example"),
    ("tests/queries", "test"),
    ("crates/bench/mix", "mix"),
];

/// The mix's name of the query file at `path` (from the workspace root), if it is in a mix
/// directory.
pub(crate) fn mix_name(path: &Path) -> Option<String> {
    let (_, prefix) = MIX_DIRS
        .iter()
        .find(|(dir, _)| path.parent() == Some(Path::new(dir)))?;
    Some(format!("{prefix}/{}", path.file_stem()?.to_string_lossy()))
}

/// The query mix: (name, query text), in a stable order.
fn mix(only: Option<&str>) -> Vec<(String, String)> {
    let mut queries = Vec::new();
    for (dir, _) in MIX_DIRS {
        let mut files: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| entry.expect("a directory entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "graphql"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("a readable query");
            // Test queries that expect errors are not what users time; queries with variables
            // need values the files do not carry.
            let expected = path.with_extension("json");
            let errs = std::fs::read_to_string(&expected).is_ok_and(|j| j.contains("\"errors\""));
            if errs || text.contains('$') {
                continue;
            }
            let name = mix_name(path.strip_prefix(root()).unwrap()).expect("a mix directory");
            queries.push((name, text));
        }
    }
    queries.retain(|(name, _)| only.is_none_or(|o| name.contains(o)));
    queries
}

/// A free loopback port, from the kernel.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a loopback port")
        .port()
}

/// Starts `program` pinned to `core` on a free port (`--bind`), its output discarded as a log
/// shipper would take it; waits until `/health` answers.
fn start(core: u32, program: &Path, args: &[&str]) -> (Running, SocketAddr) {
    let address: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let child = Command::new("taskset")
        .arg("-c")
        .arg(core.to_string())
        .arg(program)
        .args(args)
        .arg("--bind")
        .arg(address.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("taskset (util-linux) runs");
    let running = Running(child);
    for _ in 0..300 {
        if let Ok(mut stream) = std::net::TcpStream::connect(address) {
            use std::io::{Read, Write};
            let _ =
                stream.write_all(b"GET /health HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n");
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                return (running, address);
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{} did not start", program.display());
}

/// One wrk run on core 1: requests per second; stops the bench on any failed answer.
pub(crate) fn wrk(
    address: SocketAddr,
    path: &str,
    body: &str,
    args: &ApartArgs,
    seconds: u32,
    dir: &Path,
) -> f64 {
    let script = dir.join("post.lua");
    let escaped = body
        .replace('\\', "\\\\")
        .replace('\'', "\\'")
        .replace('\n', "\\n");
    std::fs::write(
        &script,
        format!("wrk.method = 'POST'\nwrk.headers['Content-Type'] = 'application/json'\nwrk.body = '{escaped}'\n"),
    )
    .unwrap();
    let output = Command::new("taskset")
        .args(["-c", "1", "wrk", "-t1"])
        .arg(format!("-c{}", args.connections))
        .arg(format!("-d{seconds}s"))
        .arg("-s")
        .arg(&script)
        .arg(format!("http://{address}{path}"))
        .output()
        .expect("wrk runs (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        eprintln!("bench apart: failed answers from {address}{path}:\n{text}");
        std::process::exit(1);
    }
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output:\n{text}"))
}

pub fn run(args: &ApartArgs) {
    let mut queries = mix(args.only.as_deref());
    let shared = super::peer::shared_names();
    if args.peer_only {
        queries.retain(|(name, _)| shared.contains(name));
    }
    let dir = tempfile_dir();
    let server = args.server.clone().unwrap_or_else(|| sibling("bpgraph"));
    let (_uncached, uncached) = start(0, &server, &["serve", "--response-cache", "false"]);
    let (_cached, cached) = start(0, &server, &["serve"]);
    let bodies: Vec<String> = queries
        .iter()
        .map(|(_, text)| serde_json::json!({ "query": text }).to_string())
        .collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let answers: Vec<Bytes> = bodies
        .iter()
        .zip(&queries)
        .map(|(body, (name, _))| {
            let answer = runtime.block_on(super::expected_answer(uncached, name, body));
            let again = runtime.block_on(super::expected_answer(cached, name, body));
            assert_eq!(answer, again, "{name}: the cached server answers alike");
            answer
        })
        .collect();
    let answers_file = dir.join("answers.json");
    let encoded: Vec<String> = answers
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    std::fs::write(&answers_file, serde_json::to_string(&encoded).unwrap()).unwrap();
    let floor_args = ["floor", "--answers", answers_file.to_str().unwrap()];
    let (_floor, floor) = start(0, &std::env::current_exe().unwrap(), &floor_args);

    println!(
        "bench apart: server and floor on core 0, wrk on core 1, {} connections, {} s runs, {} queries",
        args.connections,
        args.seconds,
        queries.len()
    );
    let (mut uncached_ratios, mut cached_ratios) = (Vec::new(), Vec::new());
    let mut peer_queries = Vec::new();
    for (index, ((name, _), body)) in queries.iter().zip(&bodies).enumerate() {
        let floor_path = format!("/floor/{index}");
        // A second of warm-up for each, then the measured runs.
        for (address, path) in [
            (floor, floor_path.as_str()),
            (uncached, "/graphql"),
            (cached, "/graphql"),
        ] {
            wrk(address, path, body, args, 1, &dir);
        }
        let floor_rps = wrk(floor, &floor_path, body, args, args.seconds, &dir);
        let uncached_rps = wrk(uncached, "/graphql", body, args, args.seconds, &dir);
        let cached_rps = wrk(cached, "/graphql", body, args, args.seconds, &dir);
        let (u, c) = (uncached_rps / floor_rps, cached_rps / floor_rps);
        println!(
            "{name:<48} floor {floor_rps:>8.0}/s  uncached {uncached_rps:>8.0}/s {u:.2}  cached {cached_rps:>8.0}/s {c:.2}  {} B",
            answers[index].len()
        );
        uncached_ratios.push(u);
        cached_ratios.push(c);
        if shared.contains(name) {
            peer_queries.push(super::peer::Shared {
                name,
                body,
                answer: &answers[index],
                uncached_rps,
            });
        }
    }
    println!("mix_uncached_geomean={:.3}", geomean(&uncached_ratios));
    println!("mix_cached_geomean={:.3}", geomean(&cached_ratios));
    if !args.no_peer {
        super::peer::column(&peer_queries, &server, args, &dir);
    }
}

pub(crate) fn geomean(values: &[f64]) -> f64 {
    (values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp()
}

/// The binary `name` beside this one.
fn sibling(name: &str) -> PathBuf {
    std::env::current_exe().unwrap().with_file_name(name)
}

/// A fresh directory for logs, scripts and answers, under `target/`.
fn tempfile_dir() -> PathBuf {
    let dir = sibling("bench-apart");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `bench floor`: answers `POST /floor/{index}` with the `index`th answer of a JSON array of
/// strings, and `GET /health`, as a bare axum server (its own `serve`, no limits).
pub fn floor(answers: &Path, bind: SocketAddr) {
    let text = std::fs::read_to_string(answers).expect("the answers file");
    let answers: Vec<String> = serde_json::from_str(&text).expect("a JSON array of answers");
    let answers = answers.into_iter().map(Bytes::from).collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
        let app = super::floor_app(answers).route("/health", axum::routing::get(|| async { "ok" }));
        axum::serve(listener, app).await.unwrap();
    });
}

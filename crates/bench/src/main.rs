//! `cargo run --release --bin bench`: the real server against a bare axum endpoint (the
//! floor) that answers the same bytes, both in this process and driven by the same load
//! generator. Each query runs against the floor, the server with its response cache off
//! (`bpgraph`: every request executes) and the server with it on (`cached`: the same request
//! repeated). Prints requests/s, p50 and p99 per run, then `ratio_vs_floor <query> <ratio>`
//! lines, `cached_query_vs_floor=<ratio>` and `typical_query_vs_floor=<ratio>` (both for the
//! co-chair timeline with citations, the typical dashboard query).
//! Ratios are measured in one run on one machine; absolute figures vary between machines.

mod apart;
mod inproc;
mod load;
mod peer;
mod scale;

use bpgraph_server::{self as http, AppState, Config};
use bytes::Bytes;
use clap::Parser;
use load::{Figures, Target};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Measures bpgraph against the bare-HTTP floor.
#[derive(Parser)]
struct Args {
    /// Keep-alive connections per run.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Seconds each measured run lasts.
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    /// Rounds of runs (floor, uncached, cached in turn); figures are the median round's.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Seconds of warm-up per target before the rounds.
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    /// Only the queries whose name contains this.
    #[arg(long)]
    only: Option<String>,
    #[command(subcommand)]
    mode: Option<Mode>,
}

#[derive(clap::Subcommand)]
enum Mode {
    /// Load time, peak memory and one-hop latency at a million nodes (see `scale.rs`).
    Scale(scale::ScaleArgs),
    /// Load one seed directory and print its load time and peak memory (used by `scale`).
    #[command(hide = true)]
    Load { dir: std::path::PathBuf },
    /// Each router called in this process, without sockets, one request at a time: the
    /// server's own CPU time per request, beside the floor's (see `inproc.rs`).
    Inproc {
        /// Requests per target and query.
        #[arg(long, default_value_t = 20_000)]
        requests: usize,
    },
    /// The server as users run it, from outside: the shipped binary and the floor on core 0,
    /// wrk on core 1, over the whole query mix (see `apart.rs`).
    Apart(apart::ApartArgs),
    /// The floor of `bench apart`, as a process of its own.
    #[command(hide = true)]
    Floor {
        #[arg(long)]
        answers: std::path::PathBuf,
        #[arg(long)]
        bind: SocketAddr,
    },
    /// Write a synthetic seed of any size (valid, shaped like the real data) into a new
    /// directory, for scale tests: `bench synth --meetings 1000000 --out DIR`.
    Synth {
        #[command(flatten)]
        shape: bpgraph_bench::synth::Shape,
        /// The directory to write; it must not exist yet.
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
    },
}

/// The query mix: a name and a GraphQL request body.
const QUERIES: [(&str, &str); 5] = [
    ("tiny", r#"{"query":"{ dataVersion }"}"#),
    (
        "coChairTimeline",
        r#"{"query":"query CoChairTimeline { coChairTimeline(first: 100) { nodes { subject { name } object { name } qualifiers { start { iso } end { iso } pointInTime { iso } note } citations { source { id title } quote } } } }"}"#,
    ),
    (
        "twoHops",
        r#"{"query":"query TwoHops { entity(ref: \"turkiye\") { name statements(first: 20) { nodes { predicate object { name statements(first: 10) { nodes { predicate object { name } } } } } } } }"}"#,
    ),
    (
        "search",
        r#"{"query":"query Search { search(text: \"law enforcement\", first: 10) { totalCount nodes { score matched entity { kind name } } } }"}"#,
    ),
    (
        "path",
        r#"{"query":"query Path { path(from: \"afghanistan\", to: \"colep\", maxHops: 4) { steps { from { name } statement { predicate citations { source { id } quote } } to { name } } } }"}"#,
    ),
];

const TYPICAL: &str = "coChairTimeline";

fn main() {
    let args = Args::parse();
    match &args.mode {
        Some(Mode::Scale(scale)) => return scale::run(scale),
        Some(Mode::Load { dir }) => return scale::load_and_report(dir),
        Some(Mode::Synth { shape, out }) => return synth(shape, out),
        Some(Mode::Apart(apart)) => return apart::run(apart),
        Some(Mode::Floor { answers, bind }) => return apart::floor(answers, *bind),
        Some(Mode::Inproc { .. }) | None => {}
    }
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(run(args));
}

/// The real application with its response cache off, and with it on.
fn servers() -> (http::App, http::App) {
    let graph = Arc::new(bpgraph::load_embedded().expect("the embedded seed loads"));
    let uncached = Config {
        response_cache: false,
        ..Config::default()
    };
    (
        http::app(AppState::new(graph.clone(), uncached)),
        http::app(AppState::new(graph, Config::default())),
    )
}

/// The queries `--only` selects.
fn queries(args: &Args) -> Vec<&'static (&'static str, &'static str)> {
    QUERIES
        .iter()
        .filter(|(name, _)| args.only.as_deref().is_none_or(|only| name.contains(only)))
        .collect()
}

async fn run(args: Args) {
    let (server, cached) = servers();
    if let Some(Mode::Inproc { requests }) = args.mode {
        return inproc::run(server, cached, &queries(&args), requests).await;
    }
    let server = serve(server).await;
    let cached = serve(cached).await;
    let queries = queries(&args);
    let mut answers = Vec::new();
    for (name, body) in &queries {
        answers.push(expected_answer(server, name, body).await);
    }
    let floor = serve_floor(floor_app(answers.clone())).await;

    println!(
        "bench: {} connections, {} rounds of {} s runs after {} s warm-up, {} cores",
        args.connections,
        args.rounds,
        args.seconds,
        args.warmup,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:<18} {:<8} {:>10} {:>9} {:>9} {:>8}",
        "query", "target", "req/s", "p50 ms", "p99 ms", "bytes"
    );
    let mut ratios = Vec::new();
    for (index, ((name, body), expected)) in queries.iter().zip(&answers).enumerate() {
        let floor_target = Target {
            address: floor,
            path: format!("/floor/{index}"),
            body: Bytes::from_static(body.as_bytes()),
            expected: expected.clone(),
        };
        let server_target = Target {
            address: server,
            path: "/graphql".into(),
            ..floor_target.clone()
        };
        let cached_target = Target {
            address: cached,
            ..server_target.clone()
        };
        let targets = [
            ("floor", floor_target),
            ("bpgraph", server_target),
            ("cached", cached_target),
        ];
        let rounds = measure_rounds(&args, name, &targets).await;
        for (label, runs) in targets.iter().map(|t| t.0).zip(&rounds) {
            report(name, label, runs, expected.len());
        }
        for (suffix, runs) in [("", &rounds[1]), ("-cached", &rounds[2])] {
            let per_round = runs
                .iter()
                .zip(&rounds[0])
                .map(|(run, floor)| run.per_second() / floor.per_second());
            ratios.push((format!("{name}{suffix}"), median(per_round.collect())));
        }
    }
    for (name, ratio) in &ratios {
        println!("ratio_vs_floor {name} {ratio:.2}");
    }
    let ratio_of = |wanted: &str| ratios.iter().find(|(name, _)| name == wanted).map(|r| r.1);
    if let Some(ratio) = ratio_of(&format!("{TYPICAL}-cached")) {
        println!("cached_query_vs_floor={ratio:.2}");
    }
    if let Some(ratio) = ratio_of(TYPICAL) {
        println!("typical_query_vs_floor={ratio:.2}");
    }
}

/// Warms each target up, then runs them in turn, round after round, so that the machine's
/// drift touches all alike; stops the bench if any answer was wrong. One `Vec` per target.
async fn measure_rounds(args: &Args, name: &str, targets: &[(&str, Target)]) -> Vec<Vec<Figures>> {
    let warmup = Duration::from_secs_f64(args.warmup);
    let run = Duration::from_secs_f64(args.seconds);
    for (_, target) in targets {
        load::drive(target, args.connections, warmup).await;
    }
    let mut rounds: Vec<Vec<Figures>> = targets.iter().map(|_| Vec::new()).collect();
    for _ in 0..args.rounds {
        for ((label, target), runs) in targets.iter().zip(&mut rounds) {
            let figures = load::drive(target, args.connections, run).await;
            if figures.wrong > 0 {
                eprintln!(
                    "bench: {} of {} answers from {label} for {name} were wrong",
                    figures.wrong,
                    figures.requests + figures.wrong
                );
                std::process::exit(1);
            }
            runs.push(figures);
        }
    }
    rounds
}

/// One line: the median round's requests/s and its latencies.
fn report(name: &str, label: &str, runs: &[Figures], bytes: usize) {
    let mut order: Vec<_> = runs.iter().collect();
    order.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
    let middle = order[order.len() / 2];
    println!(
        "{name:<18} {label:<8} {:>10.0} {:>9.2} {:>9.2} {:>8}",
        middle.per_second(),
        middle.quantile_ms(0.5),
        middle.quantile_ms(0.99),
        bytes
    );
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The answer the server gives now, which every later answer must equal; it must be data.
async fn expected_answer(server: SocketAddr, name: &str, body: &str) -> Bytes {
    let target = Target {
        address: server,
        path: "/graphql".into(),
        body: Bytes::copy_from_slice(body.as_bytes()),
        expected: Bytes::new(),
    };
    let answer = load::fetch(&target).await;
    let json: serde_json::Value =
        serde_json::from_slice(&answer).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
    assert!(
        json.get("errors").is_none() && json["data"].is_object(),
        "{name}: the query must answer data without errors: {json}"
    );
    answer
}

/// The floor: the same bytes, canned, from a bare axum route that reads the body as the
/// real endpoint does.
pub fn floor_app(answers: Vec<Bytes>) -> axum::Router {
    use axum::extract::{Path, State};
    use axum::http::header;
    let answers = Arc::new(answers);
    axum::Router::new()
        .route(
            "/floor/{index}",
            axum::routing::post(
                |State(answers): State<Arc<Vec<Bytes>>>, Path(index): Path<usize>, _body: Bytes| async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        answers[index].clone(),
                    )
                },
            ),
        )
        .with_state(answers)
}

async fn serve(app: http::App) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("a bound address");
    tokio::spawn(async move {
        let connections = http::Connections::default();
        http::run(listener, app, &connections, std::future::pending()).await
    });
    address
}

/// The floor on a loopback port, served by axum's own `serve`: a bare endpoint.
async fn serve_floor(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("a bound address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    address
}

/// `bench synth`: writes a seed directory, which must not exist yet.
fn synth(shape: &bpgraph_bench::synth::Shape, out: &std::path::Path) {
    if out.exists() {
        eprintln!(
            "{} exists already; synth writes a new directory",
            out.display()
        );
        std::process::exit(1);
    }
    let embedded = bpgraph_seed::SeedFiles::embedded();
    let iso = embedded
        .get(bpgraph_seed::ISO_TABLE)
        .expect("the embedded seed has the ISO table");
    match bpgraph_bench::synth::write_seed(shape, &iso.contents, out) {
        Ok(written) => println!(
            "{}: {} entities, {} statements, {} sources",
            out.display(),
            written.entities,
            written.statements,
            written.sources
        ),
        Err(error) => {
            eprintln!("cannot write {}: {error}", out.display());
            std::process::exit(1);
        }
    }
}

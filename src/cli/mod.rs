//! The command line: `bpgraph [--data DIR] [serve|validate|schema|probe|export]`.
//! Parsing and the small commands live here; [`serve`] runs the server, [`export`] writes the
//! exports.

mod export;
mod log_writer;
mod probe;
mod serve;

use crate::{load, KnowledgeGraph, LoadError};
use bpgraph_model::iri::BaseIri;
use bpgraph_seed::SeedFiles;
use bpgraph_server as http;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// A GraphQL knowledge-graph server for the Budapest Process migration dialogue.
#[derive(Debug, Parser)]
#[command(name = "bpgraph", version, about)]
pub struct Cli {
    /// Load the seed from this directory instead of the copy embedded in the binary.
    #[arg(long, global = true, env = "BPGRAPH_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Options of `serve`, so that `bpgraph --bind ADDR` serves too.
    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
// Parsed once at start-up: the size of `Serve`'s settings costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Serve the GraphQL API and GraphiQL (the default command).
    Serve(ServeArgs),
    /// Check the seed data; print counts per kind and per predicate, or every broken rule.
    Validate,
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    Schema,
    /// Ask a running server whether it is ready (exit 0) or not (exit 1): a health check.
    Probe(probe::ProbeArgs),
    /// Write the graph as JSON-LD, Turtle or GraphML, or its statements as CSV: the bytes the
    /// server's `/export/*` routes answer.
    Export(export::ExportArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BPGRAPH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Also answer `/health`, `/ready` and `/metrics` (and nothing else) on this address, served
    /// by a thread of their own, so load-balancer and orchestrator checks are answered at once
    /// however busy the main port is. Keep it off the public network.
    #[arg(long, env = "BPGRAPH_PROBE_LISTEN", value_name = "ADDR")]
    pub probe_listen: Option<SocketAddr>,

    /// Write logs as JSON lines (one object per event, with the request id) instead of text.
    #[arg(long, env = "BPGRAPH_LOG_JSON")]
    pub log_json: bool,

    /// With `--data`, reload the data when a file under it changes (SIGHUP always reloads).
    #[arg(long, env = "BPGRAPH_WATCH", default_value_t = true, action = clap::ArgAction::Set)]
    pub watch: bool,

    /// The base of every IRI: entities are `{base}entity/{slug}`, statements
    /// `{base}statement/{id}`, sources `{base}source/{id}`. Set it to the server's public URL;
    /// by default `http://{bind}/` with the port actually bound (a warning is logged when
    /// that address is unspecified, such as 0.0.0.0).
    #[arg(long, env = "BPGRAPH_BASE_IRI")]
    pub base_iri: Option<BaseIri>,

    #[command(flatten)]
    pub config: http::Config,
}

/// Runs the command line; the process exit code says whether it succeeded.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    match command {
        Command::Serve(args) => serve::serve(cli.data, args),
        Command::Validate => validate(cli.data),
        Command::Probe(args) => probe::probe(&args),
        Command::Export(args) => export::run(cli.data, &args),
        Command::Schema => write_stdout(bpgraph_api::sdl().as_bytes()),
    }
}

/// Writes `bytes` to standard output. A reader that stops early (`bpgraph validate | head -1`)
/// closes the pipe: the command then ends quietly and successfully, as other command-line
/// tools do, instead of panicking as `print!` would.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot write to standard output: {error}");
            ExitCode::FAILURE
        }
    }
}

fn read_seed(data: Option<PathBuf>) -> Result<KnowledgeGraph, LoadError> {
    let files = match data {
        Some(dir) => SeedFiles::read_dir(&dir)?,
        None => SeedFiles::embedded(),
    };
    load(&files)
}

fn report(error: &LoadError) {
    eprint!("{error}");
    if matches!(error, LoadError::Read(_)) {
        eprintln!();
    }
}

fn validate(data: Option<PathBuf>) -> ExitCode {
    match read_seed(data) {
        Ok(graph) => write_stdout(summary(&graph).as_bytes()),
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// What `validate` prints for a valid seed.
pub fn summary(graph: &KnowledgeGraph) -> String {
    let mut out = format!(
        "seed is valid: {} entities, {} statements, {} sources (data version {})\n",
        graph.entity_count(),
        graph.statement_count(),
        graph.sources().count(),
        &graph.version()[..12],
    );
    out.push_str("entities by kind:\n");
    for (kind, count) in graph.counts_by_kind() {
        out.push_str(&format!("  {:<16} {count:>5}\n", kind.table()));
    }
    out.push_str("statements by predicate:\n");
    for (predicate, count) in graph.counts_by_predicate() {
        out.push_str(&format!("  {:<16} {count:>5}\n", predicate.name()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("bpgraph").chain(args.iter().copied()))
    }

    #[test]
    fn bind_works_with_and_without_the_serve_subcommand() {
        let bare = parse(&["--bind", "0.0.0.0:9000"]).unwrap();
        assert!(bare.command.is_none());
        assert_eq!(bare.serve.bind.to_string(), "0.0.0.0:9000");
        let Some(Command::Serve(args)) = parse(&["serve", "--bind", "[::1]:80"]).unwrap().command
        else {
            panic!("not serve");
        };
        assert_eq!(args.bind.to_string(), "[::1]:80");
    }

    #[test]
    fn serve_takes_a_base_iri_or_leaves_it_to_the_address_bound() {
        let Some(Command::Serve(args)) = parse(&["serve", "--base-iri", "https://example.org/bp"])
            .unwrap()
            .command
        else {
            panic!("not serve");
        };
        assert_eq!(
            args.base_iri.map(|b| b.as_str().to_owned()).as_deref(),
            Some("https://example.org/bp/")
        );
        let error = parse(&["--base-iri", "example.org"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot be the base IRI"), "{error}");
    }

    #[test]
    fn data_goes_before_or_after_the_subcommand() {
        for args in [&["--data", "d", "validate"], &["validate", "--data", "d"]] {
            let cli = parse(args).unwrap();
            assert_eq!(cli.data.as_deref(), Some(std::path::Path::new("d")));
            assert!(matches!(cli.command, Some(Command::Validate)));
        }
    }

    #[test]
    fn export_takes_a_format_a_file_and_a_base_iri() {
        let cli = parse(&[
            "export",
            "--format",
            "turtle",
            "--out",
            "graph.ttl",
            "--base-iri",
            "https://example.org/bp",
        ])
        .unwrap();
        let Some(Command::Export(args)) = cli.command else {
            panic!("not export");
        };
        assert_eq!(args.format, bpgraph_export::Format::Turtle);
        assert_eq!(args.out.as_deref(), Some(std::path::Path::new("graph.ttl")));
        assert_eq!(args.base_iri.as_str(), "https://example.org/bp/");
        let error = parse(&["export", "--format", "turtle", "--base-iri", "example.org"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot be the base IRI"), "{error}");
    }

    #[test]
    fn a_probe_port_is_an_address_and_off_by_default() {
        assert_eq!(parse(&[]).unwrap().serve.probe_listen, None);
        let Some(Command::Serve(args)) = parse(&["serve", "--probe-listen", "127.0.0.1:9090"])
            .unwrap()
            .command
        else {
            panic!("not serve");
        };
        assert_eq!(args.probe_listen.unwrap().to_string(), "127.0.0.1:9090");
        let error = parse(&["--probe-listen", "9090"]).unwrap_err().to_string();
        assert!(
            error.contains("--probe-listen") && error.contains("invalid socket address"),
            "{error}"
        );
    }

    #[test]
    fn a_bad_address_is_refused_with_a_message() {
        let error = parse(&["--bind", "1.2.3"]).unwrap_err().to_string();
        assert!(error.contains("invalid socket address"), "{error}");
    }
}

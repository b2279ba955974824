//! The command line: `bpgraph [--data DIR] [serve|validate|schema]`.

use crate::seed::SeedFiles;
use crate::{api, http, load, KnowledgeGraph, LoadError};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

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
pub enum Command {
    /// Serve the GraphQL API and GraphiQL (the default command).
    Serve(ServeArgs),
    /// Check the seed data; print counts per kind and per predicate, or every broken rule.
    Validate,
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    Schema,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BPGRAPH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    #[command(flatten)]
    pub config: http::Config,
}

/// Runs the command line; the process exit code says whether it succeeded.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    match command {
        Command::Serve(args) => serve(cli.data, args),
        Command::Validate => validate(cli.data),
        Command::Schema => {
            print!("{}", api::sdl());
            ExitCode::SUCCESS
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
        Ok(graph) => {
            print!("{}", summary(&graph));
            ExitCode::SUCCESS
        }
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

fn serve(data: Option<PathBuf>, args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .init();
    let graph = match read_seed(data) {
        Ok(graph) => Arc::new(graph),
        Err(error) => {
            report(&error);
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.bind).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("cannot listen on {}: {error}", args.bind);
                return ExitCode::FAILURE;
            }
        };
        let address = listener.local_addr().unwrap_or(args.bind);
        tracing::info!(
            entities = graph.entity_count(),
            statements = graph.statement_count(),
            data_version = graph.version(),
            "listening on http://{address}/graphql (GraphiQL at http://{address}/graphiql)"
        );
        match http::run(
            listener,
            http::app(http::AppState::new(graph, args.config)),
            shutdown_signal(),
        )
        .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("server error: {error}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
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
    fn data_goes_before_or_after_the_subcommand() {
        for args in [&["--data", "d", "validate"], &["validate", "--data", "d"]] {
            let cli = parse(args).unwrap();
            assert_eq!(cli.data.as_deref(), Some(std::path::Path::new("d")));
            assert!(matches!(cli.command, Some(Command::Validate)));
        }
    }

    #[test]
    fn a_bad_address_is_refused_with_a_message() {
        let error = parse(&["--bind", "1.2.3"]).unwrap_err().to_string();
        assert!(error.contains("invalid socket address"), "{error}");
    }
}

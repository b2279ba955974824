//! The command line: `bpgraph [--data DIR] [COMMAND]`.

use crate::seed::SeedFiles;
use crate::{load, KnowledgeGraph, LoadError};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// A knowledge graph of the Budapest Process migration dialogue.
#[derive(Debug, Parser)]
#[command(name = "bpgraph", version, about)]
pub struct Cli {
    /// Load the seed from this directory instead of the copy embedded in the binary.
    #[arg(long, global = true, env = "BPGRAPH_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the seed data; print counts per kind and per predicate, or every broken rule.
    Validate,
}

/// Runs the command line; the process exit code says whether it succeeded.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Validate) {
        Command::Validate => validate(cli.data),
    }
}

fn read_seed(data: Option<PathBuf>) -> Result<SeedFiles, LoadError> {
    match data {
        Some(dir) => Ok(SeedFiles::read_dir(&dir)?),
        None => Ok(SeedFiles::embedded()),
    }
}

fn validate(data: Option<PathBuf>) -> ExitCode {
    match read_seed(data).and_then(|files| load(&files)) {
        Ok(graph) => {
            print!("{}", summary(&graph));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{error}");
            if matches!(error, LoadError::Read(_)) {
                eprintln!();
            }
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

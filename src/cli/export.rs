//! `bpgraph export --format jsonld|turtle|graphml|csv [--out FILE]`: writes the same bytes as
//! the server's `/export/*` routes, for use without a server (scripts, archives, CI).

use super::read_seed;
use bpgraph_export::{self as export, Format};
use bpgraph_model::iri::BaseIri;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// What to write: the graph as JSON-LD, Turtle or GraphML, or the statements as CSV.
    #[arg(long, value_enum)]
    pub format: Format,

    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// The base of every IRI (entities, statements, sources), as for `serve`.
    #[arg(long, env = "BPGRAPH_BASE_IRI", default_value = BaseIri::DEFAULT)]
    pub base_iri: BaseIri,
}

pub fn run(data: Option<PathBuf>, args: &ExportArgs) -> ExitCode {
    let graph = match read_seed(data) {
        Ok(graph) => graph,
        Err(error) => {
            super::report(&error);
            return ExitCode::FAILURE;
        }
    };
    let bytes = match export::export(&graph, &args.base_iri, args.format) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(path) = &args.out else {
        return super::write_stdout(&bytes);
    };
    match std::fs::write(path, &bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}

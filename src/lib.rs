//! The `bpgraph` binary's library: the command line and the wiring that serves the graph.
//!
//! Each layer is a crate of its own under `crates/` (see ARCHITECTURE.md); this crate only
//! puts them together:
//! - [`load`]: validate a seed ([`bpgraph_seed`]) and build the graph ([`bpgraph_graph`]) — the
//!   one place that knows both, since the graph knows nothing of seed files;
//! - [`reload`]: swapping a new graph into the server ([`bpgraph_server`]) when the data
//!   directory changes;
//! - [`allocator`]: mimalloc's settings, made at start-up;
//! - [`cli`]: the command line, `bpgraph [--data DIR] [serve|validate|schema|probe|export]`.

pub mod allocator;
pub mod cli;
pub mod reload;

pub use bpgraph_graph::KnowledgeGraph;
use bpgraph_seed::{ReadError, SeedFiles, ValidationReport};

/// Why a seed could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Invalid(#[from] ValidationReport),
}

/// Validates the seed files and builds the graph.
pub fn load(files: &SeedFiles) -> Result<KnowledgeGraph, LoadError> {
    Ok(KnowledgeGraph::new(bpgraph_seed::validate(files)?))
}

/// The graph of the seed embedded in the binary.
pub fn load_embedded() -> Result<KnowledgeGraph, LoadError> {
    load(&SeedFiles::embedded())
}

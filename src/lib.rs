//! bpgraph: a knowledge graph of the Budapest Process migration dialogue.
//!
//! The crate is layered; each layer knows only the ones below it:
//! - [`model`]: the plain data model (entity kinds, the predicate vocabulary, partial dates,
//!   qualifiers, citations). No I/O, no graph.
//! - [`seed`]: reads the human-edited seed files, validates them (collecting every problem) and
//!   hands a checked [`model::Dataset`] to the graph.
//! - [`graph`]: the in-memory graph with its indexes and the queries the API answers.
//! - [`api`]: the GraphQL schema, a borrowed view over the graph; [`http`]: serving it.
//! - [`iri`]: the stable IRIs of entities, statements and sources; [`export`]: the graph as
//!   Turtle, JSON-LD, GraphML and CSV.
//! - [`reload`]: swapping in a new graph when the data directory changes.
//! - [`synth`]: writing synthetic seeds of any size, for scale tests.
//! - [`cli`]: the command line.

pub mod api;
pub mod cli;
pub mod export;
pub mod graph;
pub mod http;
pub mod iri;
pub mod model;
pub mod reload;
pub mod seed;
pub mod synth;
pub mod text;

use seed::{ReadError, SeedFiles, ValidationReport};

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
    Ok(KnowledgeGraph::new(seed::validate(files)?))
}

/// The graph of the seed embedded in the binary.
pub fn load_embedded() -> Result<KnowledgeGraph, LoadError> {
    load(&SeedFiles::embedded())
}

pub use graph::KnowledgeGraph;

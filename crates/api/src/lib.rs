//! The GraphQL API: a thin, borrowed view over [`bpgraph_graph::KnowledgeGraph`].
//!
//! Every GraphQL object wraps a graph handle; nothing is copied out of the graph to answer a
//! query. `///` comments here are the schema's descriptions, shown in GraphiQL's docs.
//! This module knows nothing of HTTP.

mod connection;
pub mod direct;
mod entity;
mod errors;
mod filter;
mod ids;
mod query;
mod search;
mod statement;
mod text_search;
mod types;

pub use errors::{code_of, ErrorCode};
pub use query::Query;

use async_graphql::{EmptyMutation, EmptySubscription, Schema, SchemaBuilder};
use bpgraph_graph::KnowledgeGraph;
use bpgraph_model::iri::BaseIri;
use bpgraph_search::SearchIndex;
use std::sync::Arc;

/// The schema type served.
pub type BpSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The schema over `graph` with its error codes, the base of its IRIs and its full-text index
/// (built here for a small graph, on a thread of its own for a large one), ready for the
/// server to add its limits and `finish`.
pub fn schema_builder(
    graph: Arc<KnowledgeGraph>,
    base_iri: BaseIri,
) -> SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .data(SearchIndex::new(graph.clone()))
        .data(graph)
        .data(base_iri)
        .extension(errors::Errors)
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}

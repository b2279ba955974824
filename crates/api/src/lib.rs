//! The GraphQL API over [`bpgraph_graph::KnowledgeGraph`]: the schema, defined once as data
//! ([`schema`], with every field's definition in [`fields`]), served two ways from that one
//! definition — async-graphql's dynamic schema, and [`direct`] execution of compiled plans.
//! Field bodies read graph handles; nothing is copied out of the graph to answer a query.
//! This crate knows nothing of HTTP.

mod connection;
pub mod direct;
mod errors;
mod fields;
mod filter;
mod ids;
pub mod schema;
mod search;

pub use bpgraph_search::SearchIndex;
pub use connection::{DEFAULT_PAGE, MAX_PAGE};
pub use errors::{code_of, ErrorCode};
pub use fields::subscription::DataSummary;
pub use schema::Cx;
pub use schema::Signals;

use async_graphql::dynamic::{Schema, SchemaBuilder};
use bpgraph_graph::KnowledgeGraph;
use bpgraph_model::iri::BaseIri;
use schema::Catalog;
use std::sync::Arc;

/// The schema type served.
pub type BpSchema = Schema;

/// The schema over `graph` with its error handling, the base of its IRIs and its full-text
/// `search` index, ready for the server to add its limits and `finish`.
pub fn schema_builder(
    graph: Arc<KnowledgeGraph>,
    base_iri: BaseIri,
    search: SearchIndex,
) -> SchemaBuilder {
    schema::dynamic::builder(Catalog::get())
        .data(search)
        .data(graph)
        .data(base_iri)
        .extension(errors::Errors)
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    schema::dynamic::builder(Catalog::get())
        .finish()
        .expect("the schema's definitions are consistent (tests/schema.rs)")
        .sdl()
}

//! HTTP serving: the GraphQL endpoint (`POST`/`GET /graphql`), GraphiQL at `/graphiql` with its
//! vendored assets, and the `run` loop with graceful shutdown.
//!
//! `app` builds the router so tests can drive it in-process; `run` serves it on a listener so
//! tests can bind port 0 and speak real HTTP.

mod graphiql;

pub use graphiql::{examples, Example};

use crate::api::{self, BpSchema};
use crate::KnowledgeGraph;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::response::Redirect;
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    schema: BpSchema,
    graph: Arc<KnowledgeGraph>,
}

/// The whole HTTP application over one graph.
pub fn app(graph: Arc<KnowledgeGraph>) -> Router {
    let state = AppState {
        schema: api::schema(graph.clone()),
        graph,
    };
    Router::new()
        .route("/graphql", get(graphql).post(graphql))
        .route("/graphiql", get(graphiql::page))
        .route("/graphiql/assets/{file}", get(graphiql::asset))
        .route("/", get(|| async { Redirect::temporary("/graphiql") }))
        .with_state(state)
        .layer(TraceLayer::new_for_http())
}

/// Answers one GraphQL request from the current graph.
async fn graphql(State(state): State<AppState>, request: GraphQLRequest) -> GraphQLResponse {
    let request = request.into_inner().data(state.graph.clone());
    state.schema.execute(request).await.into()
}

/// Serves `app` on `listener` until `shutdown` completes, then lets in-flight requests finish.
pub async fn run(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

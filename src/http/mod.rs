//! HTTP serving: the GraphQL endpoint (`POST`/`GET /graphql`), GraphiQL at `/graphiql` with its
//! vendored assets, and the `run` loop with graceful shutdown.
//!
//! `app` builds the router so tests can drive it in-process; `run` serves it on a listener so
//! tests can bind port 0 and speak real HTTP. This module knows nothing of seed files.

mod error;
mod graphiql;
mod graphql;
pub mod limits;
pub mod negotiate;

pub use error::HttpError;
pub use graphiql::{examples, Example};
pub use limits::{Limits, ListFields};

use crate::api::{self, BpSchema};
use crate::KnowledgeGraph;
use axum::response::Redirect;
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::trace::TraceLayer;

/// How the server behaves: its limits and switches (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub limits: Limits,
    /// Answer introspection queries (the schema is public, GraphiQL needs them).
    #[arg(long, env = "BPGRAPH_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            introspection: true,
        }
    }
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    schema: BpSchema,
    config: Arc<Config>,
    /// The schema's list fields, for the complexity limit.
    lists: Arc<ListFields>,
    /// One permit per request being served; none left means shed the request.
    in_flight: Arc<Semaphore>,
}

impl AppState {
    pub fn new(graph: Arc<KnowledgeGraph>, config: Config) -> AppState {
        let limits = &config.limits;
        let mut schema = api::schema_builder(graph)
            .limit_depth(limits.max_depth)
            .limit_recursive_depth(limits.max_nesting)
            .limit_directives(limits.max_directives);
        if !config.introspection {
            schema = schema.disable_introspection();
        }
        let schema = schema.finish();
        AppState {
            lists: Arc::new(ListFields::from_sdl(&schema.sdl())),
            schema,
            in_flight: Arc::new(Semaphore::new(limits.max_concurrent)),
            config: Arc::new(config),
        }
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphql::endpoint).post(graphql::endpoint))
        .route("/graphiql", get(graphiql::page))
        .route("/graphiql/assets/{file}", get(graphiql::asset))
        .route("/", get(|| async { Redirect::temporary("/graphiql") }))
        .with_state(state)
        .layer(TraceLayer::new_for_http())
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

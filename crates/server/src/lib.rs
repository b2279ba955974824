//! HTTP serving: the GraphQL endpoint (`POST`/`GET /graphql`, and subscriptions over a
//! WebSocket on the same path), the explorer page at `/` and
//! GraphiQL at `/graphiql` with their embedded assets, linked data (`/entity/{slug}`,
//! `/export/*`, the SPARQL endpoint `/sparql`), the OpenRefine reconciliation service
//! (`/reconcile`), and the `run` loop (`listen.rs`: bounded connections, shutdown by a
//! deadline); `probes` serves `/health`, `/ready` and `/metrics` alone on a port and a thread
//! of their own.
//!
//! `app` builds the router so tests can drive it in-process; `run` serves it on a listener so
//! tests can bind port 0 and speak real HTTP. This module knows nothing of seed files.

mod access_log;
mod admission;
mod assets;
mod cache;
mod edge;
mod error;
mod explorer;
mod graphiql;
mod graphql;
pub mod limits;
mod linked;
mod listen;
mod metrics;
pub mod negotiate;
mod ops;
mod persisted;
mod prepare;
pub mod probes;
pub mod reconcile;
mod request;
mod routes;
mod sparql;
mod subscriptions;

pub use access_log::{AccessLog, LineWriter, LogFormat};
pub use admission::Admission;
pub use error::HttpError;
pub use graphiql::{examples, Example};
pub use limits::{Limits, ListFields};
pub use listen::{run, Connections};
pub use metrics::Metrics;
pub use sparql::SparqlSettings;
pub use subscriptions::{SubscriptionSettings, SUBSCRIPTIONS_PER_CONNECTION};

use arc_swap::ArcSwap;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{get, MethodRouter};
use axum::Router;
use bpgraph_api::{self as api, BpSchema};
use bpgraph_graph::KnowledgeGraph;
use bpgraph_model::iri::BaseIri;
use bpgraph_search::SearchIndex;
use cache::{DocumentCache, PersistedQueries, ResponseCache};
use edge::EdgeLayer;
use routes::Route;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower::Layer;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How the server behaves: its limits and switches (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub limits: Limits,
    #[command(flatten)]
    pub connections: Connections,
    #[command(flatten)]
    pub admission: Admission,
    #[command(flatten)]
    pub sparql: SparqlSettings,
    #[command(flatten)]
    pub subscriptions: SubscriptionSettings,
    /// Answer introspection queries (the schema is public, GraphiQL needs them).
    #[arg(long, env = "BPGRAPH_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
    /// Origins allowed to call the API from a browser, comma-separated: `*` (any origin, the
    /// default for this public read-only API) or origins such as `https://example.org`.
    #[arg(
        long,
        env = "BPGRAPH_CORS_ORIGINS",
        value_delimiter = ',',
        default_value = "*"
    )]
    pub cors_origins: Vec<CorsOrigin>,
    /// Memory for every cache together, in MiB: whole answers to repeated requests, checked
    /// documents and persisted queries (0 switches them off).
    #[arg(long, env = "BPGRAPH_CACHE_MB", default_value_t = cache::DEFAULT_CACHE_MB)]
    pub cache_mb: u64,
    /// Keep whole answers to repeated requests (their share of `--cache-mb`); `false` runs
    /// every request, still with its checked document cached.
    #[arg(long, env = "BPGRAPH_RESPONSE_CACHE", default_value_t = true, action = clap::ArgAction::Set)]
    pub response_cache: bool,
    /// The base of every IRI. Not an option here: `bpgraph serve` takes `--base-iri` and, when
    /// it is not given, derives the base from the address it bound.
    #[arg(skip = BaseIri::default())]
    pub base_iri: BaseIri,
    /// Where the edge writes one line per request. Not an option: `bpgraph serve` sets it to
    /// its log (`--log-json` picks the format); an in-process server writes none by default.
    #[arg(skip)]
    pub access_log: AccessLog,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            connections: Connections::default(),
            admission: Admission::default(),
            sparql: SparqlSettings::default(),
            subscriptions: SubscriptionSettings::default(),
            introspection: true,
            cors_origins: vec![CorsOrigin::Any],
            cache_mb: cache::DEFAULT_CACHE_MB,
            response_cache: true,
            base_iri: BaseIri::default(),
            access_log: AccessLog::default(),
        }
    }
}

/// One loaded graph and the schema answering over it. A request takes the one current when it
/// starts and keeps it to its end, so a reload never changes data under a running query.
pub struct Served {
    pub schema: BpSchema,
    pub graph: Arc<KnowledgeGraph>,
    /// The full-text index of `graph` (also in the schema's data).
    pub search: SearchIndex,
    /// Counts swaps; part of every response-cache key, so no answer outlives its graph.
    pub generation: u64,
    /// The SPARQL store of this graph, built on its first query.
    sparql: sparql::LazyStore,
}

/// What every request handler shares: one `Arc`, so the clone each handler and middleware
/// takes costs one reference count (every count is an atomic both cores fight over).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    served: ArcSwap<Served>,
    config: Config,
    /// The schema's list fields, for the complexity limit (the same for every graph).
    lists: ListFields,
    /// The execution slots and their queue.
    slots: admission::Slots,
    metrics: Metrics,
    /// False once shutdown has begun, so load balancers stop sending requests.
    ready: AtomicBool,
    responses: ResponseCache,
    documents: DocumentCache,
    persisted: PersistedQueries,
    /// The data-version signal subscriptions listen to, and their connections.
    live: subscriptions::Live,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl Shared {
    /// The settings this server was started with.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl AppState {
    pub fn new(graph: Arc<KnowledgeGraph>, config: Config) -> AppState {
        let live = subscriptions::Live::new(&graph, &config.subscriptions);
        let served = Served::new(graph, &config, 0, &live.signals());
        let metrics = Metrics::new();
        metrics.serving(&served.graph);
        let budget = cache::Budget::split(config.cache_mb);
        AppState(Arc::new(Shared {
            lists: ListFields::of_schema(),
            served: ArcSwap::from_pointee(served),
            slots: admission::Slots::new(config.limits.max_concurrent, &config.admission),
            metrics,
            ready: AtomicBool::new(true),
            responses: ResponseCache::new(if config.response_cache {
                budget.responses
            } else {
                0
            }),
            documents: DocumentCache::new(budget.documents),
            persisted: PersistedQueries::new(budget.persisted),
            live,
            config,
        }))
    }

    /// The graph and schema current now.
    pub fn served(&self) -> Arc<Served> {
        self.served.load_full()
    }

    /// Serves `graph` from now on. Requests already running finish on the graph they started on.
    /// Subscribers are told once the new graph answers queries.
    pub fn swap(&self, graph: Arc<KnowledgeGraph>) {
        let generation = self.served.load().generation + 1;
        let served = Served::new(graph, &self.config, generation, &self.live.signals());
        self.metrics.serving(&served.graph);
        let graph = served.graph.clone();
        self.served.store(Arc::new(served));
        self.responses.clear();
        self.live.publish(&graph);
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Marks the server as draining: `/ready` answers 503 from now on, and every subscription
    /// connection is closed (clients reconnect elsewhere) and new ones refused.
    pub fn begin_shutdown(&self) {
        self.ready.store(false, Ordering::Relaxed);
        self.live.close();
    }
}

impl Served {
    fn new(
        graph: Arc<KnowledgeGraph>,
        config: &Config,
        generation: u64,
        signals: &api::Signals,
    ) -> Served {
        let search = SearchIndex::new(graph.clone());
        let limits = &config.limits;
        // No `limit_depth`: depth and complexity are the operation's that runs, checked before
        // validation (`limits::check_operation`); async-graphql's would count every operation.
        let mut schema =
            api::schema_builder(graph.clone(), config.base_iri.clone(), search.clone())
                .limit_recursive_depth(limits.max_nesting)
                .limit_directives(limits.max_directives)
                .data(signals.clone());
        if !config.introspection {
            schema = schema.disable_introspection();
        }
        Served {
            schema: schema
                .finish()
                .expect("the schema's definitions are consistent (tests/schema.rs)"),
            graph,
            search,
            generation,
            sparql: sparql::LazyStore::default(),
        }
    }

    /// What the schema's field bodies read, for direct execution.
    pub fn cx<'a>(&'a self, base: &'a BaseIri) -> api::Cx<'a> {
        api::Cx {
            graph: &self.graph,
            base,
            search: &self.search,
        }
    }
}

/// The whole HTTP application, as [`app`] builds it: the router, the layer counting its
/// requests, and the edge (request id, access line, CORS, compression when the client accepts
/// it), each once around the whole router.
pub type App = edge::Edge<routes::Routes<Router>>;

/// The application: its routes, then around them the request counts and the edge. Layers go
/// around the router, not onto its routes: axum would clone a route's boxed stack of layers
/// for each request it routes.
pub fn app(state: AppState) -> App {
    let origins = &state.config.cors_origins;
    let edge = EdgeLayer::new(
        origins,
        cors_layer(origins),
        state.config.access_log.clone(),
    );
    edge.layer(routes::dispatch(&state, route_table()))
}

/// The main port's routes.
fn route_table() -> Vec<Route> {
    vec![
        // A GET asking for a WebSocket subscribes; any other is a query.
        Route::new("/graphql", MethodRouter::new())
            .direct(Method::GET, subscriptions::get)
            .direct(Method::POST, graphql::endpoint),
        Route::new("/graphiql", get(graphiql::page)),
        Route::new("/graphiql/assets/{file}", get(graphiql::asset)),
        Route::new("/health", get(ops::health)),
        Route::new("/ready", get(ops::ready)),
        Route::new("/metrics", get(ops::metrics)),
        Route::new("/entity/{slug}", get(linked::entity)),
        Route::new("/export/{file}", get(linked::export)),
        Route::new("/sparql", get(sparql::endpoint).post(sparql::endpoint)),
        Route::new("/sparql/assets/{file}", get(sparql::asset)),
        Route::new(
            "/reconcile",
            get(reconcile::endpoint).post(reconcile::endpoint),
        ),
        Route::new("/reconcile/preview", get(reconcile::preview)),
        Route::new("/reconcile/suggest/{what}", get(reconcile::suggest)),
        Route::new("/reconcile/extend/propose", get(reconcile::propose)),
        Route::new("/", get(explorer::page)),
        Route::new("/explorer/assets/{file}", get(explorer::asset)),
    ]
}

/// Preflight answers: browsers may call the API from the allowed origins, without
/// credentials (the data is public and the API read-only, so `*` is the default).
fn cors_layer(origins: &[CorsOrigin]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(24 * 60 * 60));
    if origins.iter().any(|o| matches!(o, CorsOrigin::Any)) {
        return layer.allow_origin(AllowOrigin::any());
    }
    let exact = origins.iter().filter_map(|o| match o {
        CorsOrigin::Exact(value) => Some(value.clone()),
        CorsOrigin::Any => None,
    });
    layer.allow_origin(AllowOrigin::list(exact))
}

/// One `--cors-origins` entry.
#[derive(Debug, Clone, PartialEq)]
pub enum CorsOrigin {
    Any,
    Exact(HeaderValue),
}

impl std::str::FromStr for CorsOrigin {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == "*" {
            return Ok(CorsOrigin::Any);
        }
        let url = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"));
        match url {
            Some(host) if !host.is_empty() && !host.contains(['/', ' ', '?', '#']) => {
                HeaderValue::from_str(text)
                    .map(CorsOrigin::Exact)
                    .map_err(|e| format!("`{text}` is not a valid origin: {e}"))
            }
            _ => Err(format!(
                "`{text}` is not an origin: write `*` or a scheme and host such as https://example.org"
            )),
        }
    }
}

//! `/sparql`: a read-only SPARQL 1.1 Protocol endpoint over the triples of the RDF exports.
//!
//! A request is read ([`protocol`]), its query parsed and evaluated on the store of the data
//! version being served ([`store`], built lazily) on a blocking thread under a time limit and a
//! result limit ([`evaluate`]), and answered in the format `Accept` chooses. Like `/graphql`,
//! it holds one of the server's execution slots while it works, once its query is read
//! (see `admission`: none free within the queue's bound, `503`), and
//! goes through the same edge (CORS, compression, request log) and request counter.
//!
//! A browser asking `GET /sparql` gets the query page ([`page`]) instead.
//!
//! Its settings are defined once, in [`SparqlSettings`], flattened into the server's `Config`.

mod error;
mod evaluate;
mod page;
mod protocol;
mod store;

pub use error::SparqlError;
pub use page::asset;
pub use store::LazyStore;

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::CancellationToken;
use std::time::Duration;

/// The limits of `/sparql` (see `bpgraph serve --help`).
#[derive(Debug, Clone, clap::Args)]
pub struct SparqlSettings {
    /// Time one SPARQL query may run, in milliseconds; it is then stopped and answered 503.
    #[arg(long, env = "BPGRAPH_SPARQL_TIMEOUT_MS", default_value_t = SparqlSettings::DEFAULT.sparql_timeout_ms)]
    pub sparql_timeout_ms: u64,
    /// Most results one SPARQL query may answer (solutions of a SELECT, triples of a CONSTRUCT
    /// or DESCRIBE); a query with more is refused with 400 and asked to page.
    #[arg(long, env = "BPGRAPH_SPARQL_MAX_RESULTS", default_value_t = SparqlSettings::DEFAULT.sparql_max_results)]
    pub sparql_max_results: usize,
    /// How long a query waits for the SPARQL store of new data (built on the first query after
    /// a start or a reload), in milliseconds; it is then answered 503 with `Retry-After`.
    #[arg(long, env = "BPGRAPH_SPARQL_BUILD_WAIT_MS", default_value_t = SparqlSettings::DEFAULT.sparql_build_wait_ms)]
    pub sparql_build_wait_ms: u64,
}

impl SparqlSettings {
    pub const DEFAULT: SparqlSettings = SparqlSettings {
        sparql_timeout_ms: 10_000,
        sparql_max_results: 10_000,
        sparql_build_wait_ms: 5_000,
    };
}

impl Default for SparqlSettings {
    fn default() -> Self {
        SparqlSettings::DEFAULT
    }
}

/// `GET` and `POST /sparql`; a browser's `GET` gets the query page.
pub async fn endpoint(State(state): State<AppState>, request: Request) -> Response {
    let accept = crate::request::header_text(request.headers(), header::ACCEPT);
    if request.method() == Method::GET && protocol::wants_page(accept) {
        return page::page();
    }
    match answer(&state, request).await {
        Ok(response) => response,
        Err(error) => refuse(&state, error),
    }
}

fn refuse(state: &AppState, error: SparqlError) -> Response {
    state.metrics.error(error.code().as_str());
    error.into_response()
}

async fn answer(state: &AppState, request: Request) -> Result<Response, SparqlError> {
    let settings = &state.config.sparql;
    let timeout = Duration::from_millis(settings.sparql_timeout_ms);
    let timed_out = || SparqlError::Timeout {
        ms: settings.sparql_timeout_ms,
    };
    let (parts, body) = request.into_parts();
    let accept = crate::request::header_text(&parts.headers, header::ACCEPT);
    // Read whole (its own time and rate limits) and parsed before it waits for a slot.
    let Some(query) = protocol::read_query(&parts, body, &state.config).await? else {
        return Err(SparqlError::MissingQuery);
    };
    let base = state.config.base_iri.clone();
    let query = evaluate::parse(&query, &base)?;
    let format = protocol::negotiate(accept, evaluate::Form::of(&query))?;
    let _permit = state
        .slots
        .admit(&state.metrics)
        .await
        .map_err(|_| SparqlError::Overloaded)?;
    // One snapshot: the store of the data version current now, whatever reloads meanwhile.
    let served = state.served();
    let wait = Duration::from_millis(settings.sparql_build_wait_ms);
    let store = served.sparql.get(&served.graph, &base, wait).await?;
    let cancel = CancellationToken::new();
    // Stops the evaluation when this request ends early: at the time limit, or when the
    // client goes away and the request is dropped.
    let _stop = CancelOnDrop(cancel.clone());
    let max_results = settings.sparql_max_results;
    // Evaluating may take long: on a blocking thread, so the async workers go on serving.
    let job = tokio::task::spawn_blocking(move || {
        evaluate::run(&store, query, format, &base, max_results, cancel)
    });
    let body = match tokio::time::timeout(timeout, job).await {
        Ok(Ok(Err(SparqlError::Timeout { .. }))) => return Err(timed_out()),
        Ok(Ok(written)) => written?,
        Ok(Err(_panicked)) => return Err(SparqlError::Interrupted),
        Err(_) => return Err(timed_out()),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept"));
    Ok(response)
}

/// Cancels a query's evaluation when dropped, so its blocking thread stops soon after (it
/// checks the token as it reads the store).
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

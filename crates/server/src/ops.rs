//! What operators and load balancers ask of the server: `/health` (the process answers),
//! `/ready` (a graph is loaded and the server is not shutting down), `/metrics` (Prometheus
//! text), and the middleware counting every routed request by route pattern and status.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use prometheus_client::metrics::counter::Counter;
use serde_json::json;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use tower::{Layer, Service};

/// Liveness: answers as long as the process serves HTTP.
pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Readiness: the graph served, with its version, so a rollout can check that every replica
/// serves the same data; `503` once shutdown has begun.
pub async fn ready(State(state): State<AppState>) -> Response {
    let served = state.served();
    let graph = &served.graph;
    let draining = !state.ready.load(Ordering::Relaxed);
    let status = if draining {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    let body = json!({
        "status": if draining { "shutting down" } else { "ready" },
        "dataVersion": graph.version(),
        "entities": graph.entity_count(),
        "statements": graph.statement_count(),
    });
    (status, Json(body)).into_response()
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Counts each request of one route under its pattern (never the raw path, which clients
/// choose). A layer of its own rather than `middleware::from_fn`, which boxes a future and
/// clones the route's service for every request: the route is called at once and its future
/// wrapped. The series of its successful answers is looked up once, here.
#[derive(Clone)]
pub struct CountRequests {
    state: AppState,
    route: &'static str,
    ok: Counter,
}

impl CountRequests {
    pub fn new(state: &AppState, route: &'static str) -> CountRequests {
        CountRequests {
            ok: state.metrics.requests(route, StatusCode::OK.as_u16()),
            state: state.clone(),
            route,
        }
    }
}

impl<S> Layer<S> for CountRequests {
    type Service = Counted<S>;

    fn layer(&self, inner: S) -> Counted<S> {
        Counted {
            inner,
            count: self.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Counted<S> {
    inner: S,
    count: CountRequests,
}

impl<S> Service<Request> for Counted<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Counting<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        Counting {
            answer: self.inner.call(request),
            count: Some(self.count.clone()),
        }
    }
}

pin_project_lite::pin_project! {
    /// A route's answer, counted when it is ready.
    pub struct Counting<F> {
        #[pin]
        answer: F,
        count: Option<CountRequests>,
    }
}

impl<F, E> Future for Counting<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let answer = std::task::ready!(this.answer.poll(cx));
        if let (Ok(response), Some(count)) = (&answer, this.count.take()) {
            match response.status() {
                StatusCode::OK => {
                    count.ok.inc();
                }
                status => count.state.metrics.request(count.route, status.as_u16()),
            }
        }
        Poll::Ready(answer)
    }
}

//! What operators and load balancers ask of the server: `/health` (the process answers),
//! `/ready` (a graph is loaded and the server is not shutting down), `/metrics` (Prometheus
//! text), and the layer counting every routed request by route pattern and status.

use super::AppState;
use axum::extract::State;
use axum::http::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::{Json, Router};
use prometheus_client::metrics::counter::Counter;
use serde_json::json;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower::Service;

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

/// A router of `routes` (pattern, handlers), each route's requests counted under its pattern.
pub fn counted_router(
    state: &AppState,
    routes: Vec<(&'static str, MethodRouter<AppState>)>,
) -> CountedRoutes<Router> {
    let series = RouteSeries::new(state, routes.iter().map(|(pattern, _)| *pattern));
    let router = routes
        .into_iter()
        .fold(Router::new(), |router, (pattern, handler)| {
            router.route(pattern, handler)
        });
    CountedRoutes {
        inner: router.with_state(state.clone()),
        series: Arc::new(series),
    }
}

/// A router whose requests are counted under their route's pattern (never the raw path,
/// which clients choose) and status; a path no route matches is not counted. One wrapper
/// around the whole router, not a layer on each route: axum clones a layered route's boxed
/// stack for every request it routes. The pattern is found again here, by `matchit` (the
/// router's own matcher) over the patterns the router was built from; each route's series
/// for `200` is looked up once.
#[derive(Clone)]
pub struct CountedRoutes<S> {
    inner: S,
    series: Arc<RouteSeries>,
}

struct RouteSeries {
    state: AppState,
    /// Each pattern's index in `routes`.
    matcher: matchit::Router<usize>,
    routes: Vec<RouteCount>,
}

/// One route's pattern and the series of its successful answers.
struct RouteCount {
    pattern: &'static str,
    ok: Counter,
}

impl RouteSeries {
    /// The series of the router's own `patterns` (axum's syntax is matchit's).
    fn new(state: &AppState, patterns: impl Iterator<Item = &'static str>) -> RouteSeries {
        let mut matcher = matchit::Router::new();
        let mut routes = Vec::new();
        for pattern in patterns {
            matcher
                .insert(pattern, routes.len())
                .expect("the router's patterns are valid and distinct (it was built from them)");
            routes.push(RouteCount {
                pattern,
                ok: state.metrics.requests(pattern, StatusCode::OK.as_u16()),
            });
        }
        RouteSeries {
            state: state.clone(),
            matcher,
            routes,
        }
    }
}

impl<S, B> Service<Request<B>> for CountedRoutes<S>
where
    S: Service<Request<B>, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Counting<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let route = self.series.matcher.at(request.uri().path()).ok();
        Counting {
            count: route.map(|found| (self.series.clone(), *found.value)),
            answer: self.inner.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// A routed request's answer, counted when it is ready.
    pub struct Counting<F> {
        #[pin]
        answer: F,
        count: Option<(Arc<RouteSeries>, usize)>,
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
        if let (Ok(response), Some((series, index))) = (&answer, this.count.take()) {
            let route = &series.routes[index];
            match response.status() {
                StatusCode::OK => {
                    route.ok.inc();
                }
                status => series.state.metrics.request(route.pattern, status.as_u16()),
            }
        }
        Poll::Ready(answer)
    }
}

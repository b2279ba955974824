//! What operators and load balancers ask of the server: `/health` (the process answers),
//! `/ready` (a graph is loaded and the server is not shutting down), `/metrics` (Prometheus
//! text). Requests are counted by route in `routes`.

use super::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::sync::atomic::Ordering;

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

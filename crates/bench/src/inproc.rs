//! `bench inproc`: each router called in this process, one request at a time, with no sockets
//! and no load generator: what remains is the application's own work per request (routing,
//! middleware, the endpoint, execution), beside the floor's. It tells where a ratio of the
//! HTTP bench goes, and it is steadier than the HTTP bench on a busy machine.

use axum::body::Body;
use axum::http::{header, Method, Request};
use axum::response::Response;
use bytes::Bytes;
use std::convert::Infallible;
use std::time::Instant;
use tower::{Service, ServiceExt};

/// What `bench inproc` calls: the application, or the floor's router.
pub trait App: Service<Request<Body>, Response = Response, Error = Infallible> + Clone {}

impl<S> App for S where S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone {}

/// One POST of `body` to `path`, its answer's bytes.
async fn call(app: &impl App, path: &str, body: &'static str) -> Bytes {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a valid request");
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("routers do not fail");
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a readable body")
}

/// Mean microseconds per request over `requests` calls, each answer checked.
async fn time(
    app: &impl App,
    path: &str,
    body: &'static str,
    expected: &Bytes,
    requests: usize,
) -> f64 {
    let started = Instant::now();
    for _ in 0..requests {
        let answer = call(app, path, body).await;
        assert!(answer == *expected, "{path}: a wrong answer");
    }
    started.elapsed().as_secs_f64() * 1e6 / requests as f64
}

pub async fn run(
    server: bpgraph_server::App,
    cached: bpgraph_server::App,
    queries: &[&(&str, &'static str)],
    requests: usize,
) {
    let mut answers = Vec::new();
    for (_, body) in queries {
        answers.push(call(&server, "/graphql", body).await);
    }
    let floor = super::floor_app(answers.clone());
    println!("inproc: {requests} requests per target, one at a time; µs per request");
    println!(
        "{:<18} {:>8} {:>8} {:>8} {:>10} {:>10}",
        "query", "floor", "bpgraph", "cached", "vs floor", "cached vs"
    );
    for (index, ((name, body), expected)) in queries.iter().zip(&answers).enumerate() {
        let floor_path = format!("/floor/{index}");
        // Warm up: the first request of a text is the one async-graphql validates.
        let warm_up = requests / 10 + 1;
        time(&floor, &floor_path, body, expected, warm_up).await;
        for app in [&server, &cached] {
            time(app, "/graphql", body, expected, warm_up).await;
        }
        let floor_us = time(&floor, &floor_path, body, expected, requests).await;
        let server_us = time(&server, "/graphql", body, expected, requests).await;
        let cached_us = time(&cached, "/graphql", body, expected, requests).await;
        println!(
            "{name:<18} {floor_us:>8.2} {server_us:>8.2} {cached_us:>8.2} {:>10.2} {:>10.2}",
            floor_us / server_us,
            floor_us / cached_us
        );
    }
}

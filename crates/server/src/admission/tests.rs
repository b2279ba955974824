//! Admission: the queue's bounds, and every slot taken over real HTTP.

use super::*;
use crate::{app, run, AppState, Config};
use bpgraph_api::ErrorCode;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_request_waits_for_a_slot_within_its_bound_then_is_shed() {
    let metrics = Metrics::new();
    let admission = Admission {
        max_queue_ms: 20,
        ..Admission::DEFAULT
    };
    let slots = Slots::new(1, &admission);
    let held = slots.admit(&metrics).await.expect("a free slot");
    assert!(slots.admit(&metrics).await.is_err(), "no slot within 20 ms");
    drop(held);
    assert!(
        slots.admit(&metrics).await.is_ok(),
        "the slot is free again"
    );
    let text = metrics.render();
    assert!(
        text.contains(r#"bpgraph_shed_total{reason="waited"} 1"#),
        "{text}"
    );
    assert!(text.contains("bpgraph_queue_depth 0"), "{text}");
}

#[tokio::test]
async fn a_full_queue_sheds_at_once_and_no_slot_admits_nothing() {
    let metrics = Metrics::new();
    let admission = Admission {
        max_queued: 0,
        max_queue_ms: 60_000,
        ..Admission::DEFAULT
    };
    let slots = Slots::new(1, &admission);
    let _held = slots.admit(&metrics).await.expect("a free slot");
    assert!(slots.admit(&metrics).await.is_err());
    let none = Slots::new(0, &Admission::DEFAULT);
    assert!(none.admit(&metrics).await.is_err());
    let text = metrics.render();
    assert!(
        text.contains(r#"bpgraph_shed_total{reason="queue_full"} 2"#),
        "{text}"
    );
}

/// Serves `state` on a port of its own; its address.
async fn serve(state: AppState) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = state.config().connections.clone();
    tokio::spawn(
        async move { run(listener, app(state), &connections, std::future::pending()).await },
    );
    address
}

/// One request over its own connection: the answer's head and body.
async fn exchange(
    address: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").expect("a whole answer");
    (head.to_ascii_lowercase(), body.to_owned())
}

#[tokio::test]
async fn with_every_slot_taken_probes_and_cached_answers_are_served_and_the_rest_shed() {
    let seed = bpgraph_seed::validate(&bpgraph_seed::SeedFiles::embedded()).unwrap();
    let graph = Arc::new(bpgraph_graph::KnowledgeGraph::new(seed));
    let mut config = Config::default();
    config.admission.max_queue_ms = 50;
    let state = AppState::new(graph, config);
    let address = serve(state.clone()).await;
    let cached = r#"{"query":"{ dataVersion }"}"#;
    let (head, _) = exchange(address, "POST", "/graphql", cached).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let slots = state.config().limits.max_concurrent as u32;
    let held = state
        .slots
        .free
        .clone()
        .acquire_many_owned(slots)
        .await
        .unwrap();

    let (head, body) = exchange(address, "POST", "/graphql", cached).await;
    assert!(
        head.starts_with("http/1.1 200") && body.contains("dataVersion"),
        "{head}"
    );
    for probe in ["/health", "/ready", "/metrics"] {
        let (head, _) = exchange(address, "GET", probe, "").await;
        assert!(head.starts_with("http/1.1 200"), "{probe}: {head}");
    }
    let uncached = r#"{"query":"{ entity(ref: \"turkiye\") { name } }"}"#;
    let (head, body) = exchange(address, "POST", "/graphql", uncached).await;
    assert!(head.starts_with("http/1.1 503"), "{head}");
    assert!(head.contains("retry-after: 1"), "{head}");
    // Closed, so a flooding client reconnects (through the listen queue) rather than take
    // another turn on the worker at once.
    assert!(head.contains("connection: close"), "{head}");
    assert!(body.contains(ErrorCode::Overloaded.as_str()), "{body}");
    let (_, metrics) = exchange(address, "GET", "/metrics", "").await;
    assert!(
        metrics.contains(r#"bpgraph_shed_total{reason="waited"} 1"#),
        "{metrics}"
    );

    drop(held);
    let (head, body) = exchange(address, "POST", "/graphql", uncached).await;
    assert!(
        head.starts_with("http/1.1 200") && body.contains("name"),
        "{head} {body}"
    );
}

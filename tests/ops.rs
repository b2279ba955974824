//! What operators and browsers see around the GraphQL endpoint: health and readiness,
//! Prometheus metrics, request ids, CORS and compression.

mod common;

use bpgraph_server::{Config, CorsOrigin};
use common::Server;
use serde_json::{json, Value};

#[tokio::test]
async fn health_and_ready_answer_with_the_served_data_version() {
    let server = Server::start().await;
    let health: Value = server.get("/health").await.json().await.unwrap();
    assert_eq!(health, json!({ "status": "ok" }));
    let ready = server.get("/ready").await;
    assert_eq!(ready.status(), 200);
    let ready: Value = ready.json().await.unwrap();
    let (_, answer) = server.post(&json!({ "query": "{ dataVersion }" })).await;
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["dataVersion"], answer["data"]["dataVersion"]);
    let graph = bpgraph::load_embedded().expect("the embedded seed loads");
    assert_eq!(ready["entities"], graph.entity_count());
}

#[tokio::test]
async fn ready_turns_unavailable_once_shutdown_begins() {
    let graph = std::sync::Arc::new(bpgraph::load_embedded().unwrap());
    let state = bpgraph_server::AppState::new(graph, Config::default());
    let server = Server::with_state(state.clone()).await;
    state.begin_shutdown();
    let ready = server.get("/ready").await;
    assert_eq!(ready.status(), 503);
    let health = server.get("/health").await;
    assert_eq!(health.status(), 200, "still alive while draining");
}

#[tokio::test]
async fn metrics_count_requests_operations_errors_and_the_graph() {
    let server = Server::start().await;
    let named = json!({ "query": "query CoChairs { entity(ref: \"turkiye\") { name } }" });
    assert_eq!(server.post(&named).await.0, 200);
    server.post(&json!({ "query": "{ nope }" })).await;
    server
        .post(&json!({ "query": "{ entity(ref: \"no-such\") { name } }" }))
        .await;
    let response = server.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let text = response.text().await.unwrap();
    // The graph's sizes are the embedded seed's, whatever curation adds to it.
    let graph = bpgraph::load_embedded().expect("the embedded seed loads");
    let entities = format!("bpgraph_graph_entities {}", graph.entity_count());
    let statements = format!("bpgraph_graph_statements {}", graph.statement_count());
    for line in [
        r#"bpgraph_http_requests_total{route="/graphql",status="200"} 3"#,
        r#"bpgraph_graphql_operation_duration_seconds_count{operation="CoChairs"} 1"#,
        // Both anonymous operations reached the executor (which validates `{ nope }`).
        r#"bpgraph_graphql_operation_duration_seconds_count{operation="anonymous"} 2"#,
        r#"bpgraph_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1"#,
        r#"bpgraph_errors_total{code="NOT_FOUND"} 1"#,
        &entities,
        &statements,
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(text.contains("bpgraph_data_version{version=\""), "{text}");
}

#[tokio::test]
async fn http_refusals_are_counted_by_code() {
    let server = Server::start().await;
    let response = server
        .client
        .post(format!("{}/graphql", server.base))
        .header("content-type", "text/plain")
        .body("{ dataVersion }")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let text = server.get("/metrics").await.text().await.unwrap();
    assert!(
        text.contains(r#"bpgraph_errors_total{code="UNSUPPORTED_MEDIA_TYPE"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"bpgraph_http_requests_total{route="/graphql",status="415"} 1"#));
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_the_clients() {
    let server = Server::start().await;
    let fresh = server.get("/health").await;
    let id = fresh.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let kept = server
        .client
        .get(format!("{}/health", server.base))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn an_unsafe_client_request_id_is_replaced_and_new_ids_are_random() {
    let server = Server::start().await;
    let long = "a".repeat(129);
    for unsafe_id in ["two words", "id=\"forged\"", "a\tb", long.as_str()] {
        let answer = server
            .client
            .get(format!("{}/health", server.base))
            .header("x-request-id", unsafe_id)
            .send()
            .await
            .unwrap();
        let id = answer.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(id, unsafe_id);
        assert_eq!(id.len(), 36, "replaced by a UUID: {id}");
    }
    let kept = "Trace_1.2:3-x".to_owned() + &"9".repeat(115);
    let answer = server
        .client
        .get(format!("{}/health", server.base))
        .header("x-request-id", kept.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["x-request-id"], kept.as_str());

    // Random version-4 UUIDs: no shared prefix or counter from which to read the request count.
    let mut ids = Vec::new();
    for _ in 0..3 {
        let answer = server.get("/health").await;
        ids.push(
            answer.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    for id in &ids {
        assert_eq!(&id[14..15], "4", "a version-4 UUID: {id}");
    }
    assert!(
        ids[0][..8] != ids[1][..8] || ids[1][..8] != ids[2][..8],
        "{ids:?}"
    );
}

#[tokio::test]
async fn cors_allows_any_origin_by_default_without_credentials() {
    let server = Server::start().await;
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/graphql", server.base))
        .header("origin", "https://dashboard.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert!(headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    assert!(headers.get("access-control-allow-credentials").is_none());
}

#[tokio::test]
async fn cors_can_be_limited_to_listed_origins() {
    let config = Config {
        cors_origins: vec!["https://ok.example".parse::<CorsOrigin>().unwrap()],
        ..Config::default()
    };
    let server = Server::with_config(config).await;
    for (origin, allowed) in [
        ("https://ok.example", true),
        ("https://evil.example", false),
    ] {
        let response = server
            .client
            .get(format!("{}/health", server.base))
            .header("origin", origin)
            .send()
            .await
            .unwrap();
        let header = response.headers().get("access-control-allow-origin");
        assert_eq!(header.is_some(), allowed, "{origin}");
        let vary: Vec<_> = response.headers().get_all("vary").iter().collect();
        assert!(vary.iter().any(|v| *v == "origin"), "{origin}: {vary:?}");
    }
}

#[test]
fn cors_origins_are_checked_when_parsed() {
    assert_eq!("*".parse::<CorsOrigin>(), Ok(CorsOrigin::Any));
    for bad in [
        "example.org",
        "https://",
        "https://x.org/path",
        "ftp://x.org",
    ] {
        let error = bad.parse::<CorsOrigin>().unwrap_err();
        assert!(error.contains("not an origin"), "{bad}: {error}");
    }
}

#[tokio::test]
async fn large_answers_are_compressed_when_the_client_accepts_it() {
    let server = Server::start().await;
    let query = json!({ "query": "{ statements(first: 100) { nodes { id } } }" });
    for encoding in ["gzip", "br"] {
        let response = server
            .client
            .post(format!("{}/graphql", server.base))
            .header("accept-encoding", encoding)
            .json(&query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert_eq!(response.headers()["vary"], "accept-encoding");
    }
    let plain = server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&query)
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    // Caches must know another client may get the same answer compressed.
    assert_eq!(plain.headers()["vary"], "accept-encoding");
}

#[tokio::test]
async fn the_probe_command_is_a_health_check() {
    let server = Server::start().await;
    let probe = |bind: String| {
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_bpgraph"))
                .args(["probe", "--bind", &bind])
                .output()
                .unwrap()
        })
    };
    let up = probe(server.address.to_string()).await.unwrap();
    assert!(up.status.success(), "{up:?}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = closed.local_addr().unwrap().to_string();
    drop(closed);
    let down = probe(address).await.unwrap();
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).contains("cannot ask"));
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut server = Server::start().await;
    let body = br#"{"query":"{ entity(ref: \"turkiye\") { name } }"}"#;
    let mut stream = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    // The request is in flight (its body half sent) when shutdown begins.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    server.begin_shutdown();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stream.write_all(&body[10..]).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("Türkiye"), "{answer}");
    server.stopped().await.unwrap();
    assert!(
        tokio::net::TcpStream::connect(server.address)
            .await
            .is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test]
async fn json_logs_carry_each_request_with_its_id() {
    use std::io::BufRead;
    use std::time::Duration;
    let mut child = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_bpgraph"))
            .args(["--bind", "127.0.0.1:0", "--log-json"])
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel::<Value>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let json = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
            if tx.send(json).is_err() {
                break;
            }
        }
    });
    let next = || {
        lines
            .recv_timeout(Duration::from_secs(10))
            .expect("a log line")
    };
    // Lines logged while the server starts (the search index's, say) come first.
    let address = loop {
        let line = next();
        let message = line["fields"]["message"].as_str().unwrap_or_default();
        if let Some(rest) = message.strip_prefix("listening on http://") {
            break rest.split('/').next().unwrap_or_default().to_owned();
        }
    };

    let response = reqwest::Client::new()
        .get(format!("http://{address}/health"))
        .header("x-request-id", "log-test-7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let logged = loop {
        let line = next();
        if line["span"]["id"] == "log-test-7" {
            break line;
        }
    };
    assert_eq!(logged["fields"]["status"], 200, "{logged}");
    assert_eq!(logged["span"]["path"], "/health", "{logged}");
    assert!(logged["fields"]["latency_us"].is_u64(), "{logged}");
}

/// The access line is written by the edge itself, not by a tracing event, but `RUST_LOG` still
/// decides: with the edge's target at `warn` there is no line per request, and the others stay.
#[tokio::test]
async fn rust_log_turns_the_access_lines_off() {
    let (child, mut lines) = common::spawn_binary(
        &["--bind", "127.0.0.1:0", "--drain-ms", "0"],
        &[("RUST_LOG", "info,bpgraph_server::edge=warn")],
    );
    let address = common::address_after(&mut lines, "listening on http://");
    let response = reqwest::get(format!("http://{address}/health"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    common::send_signal(child.id(), "TERM");
    let rest = tokio::task::spawn_blocking(move || lines.map(Result::unwrap).collect::<Vec<_>>())
        .await
        .unwrap();
    let status = common::exit_status(child, std::time::Duration::from_secs(20)).await;
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
    assert!(
        rest.iter().any(|line| line.contains("shutting down")),
        "{rest:?}"
    );
    assert!(
        !rest.iter().any(|line| line.contains("answered")),
        "{rest:?}"
    );
}

/// A child process that is stopped when the test ends, passed or failed.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

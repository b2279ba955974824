//! The probe port (`--probe-listen`): `/health`, `/ready` and `/metrics`, and nothing else, on
//! a listener and a thread of their own, answering as the main port does, over real HTTP.

mod common;

use bpgraph_server::probes::{self, ProbeServer};
use bpgraph_server::{AppState, Config};
use common::Server;
use std::sync::Arc;

/// The main port (in-process, port 0) and the probe port of the same state (port 0 too).
async fn with_probe_port() -> (Server, ProbeServer, AppState) {
    let graph = Arc::new(bpgraph::load_embedded().expect("the embedded seed loads"));
    let state = AppState::new(graph, Config::default());
    let server = Server::with_state(state.clone()).await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let probes = probes::spawn(listener, state.clone()).expect("the probe port is served");
    (server, probes, state)
}

async fn get(client: &reqwest::Client, url: String) -> (u16, String) {
    let response = client.get(url).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_probe_port_answers_probes_and_nothing_else() {
    let (server, probes, _state) = with_probe_port().await;
    let base = format!("http://{}", probes.address());
    let client = &server.client;

    let (status, health) = get(client, format!("{base}/health")).await;
    assert_eq!((status, health.as_str()), (200, r#"{"status":"ok"}"#));
    let (status, ready) = get(client, format!("{base}/ready")).await;
    assert_eq!(status, 200, "{ready}");
    let ready: serde_json::Value = serde_json::from_str(&ready).unwrap();
    assert_eq!(ready["status"], "ready");
    // The same graph as the main port serves.
    let (_, main_ready) = get(client, format!("{}/ready", server.base)).await;
    let main_ready: serde_json::Value = serde_json::from_str(&main_ready).unwrap();
    assert_eq!(ready["dataVersion"], main_ready["dataVersion"]);
    // Probes are counted in the one set of metrics, which either port shows.
    let (status, metrics) = get(client, format!("{base}/metrics")).await;
    assert_eq!(status, 200);
    assert!(
        metrics.contains(r#"bpgraph_http_requests_total{route="/health",status="200"} 1"#),
        "{metrics}"
    );
    let (_, main_metrics) = get(client, format!("{}/metrics", server.base)).await;
    assert!(
        main_metrics.contains(r#"bpgraph_http_requests_total{route="/ready",status="200"} 2"#),
        "{main_metrics}"
    );

    // Nothing else: no GraphQL, no pages, no data.
    for path in [
        "/graphql",
        "/graphql?query=%7BdataVersion%7D",
        "/",
        "/sparql",
        "/export/turtle",
    ] {
        let (status, _) = get(client, format!("{base}{path}")).await;
        assert_eq!(status, 404, "GET {path}");
    }
    let post = client
        .post(format!("{base}/graphql"))
        .json(&serde_json::json!({ "query": "{ dataVersion }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status().as_u16(), 404, "POST /graphql");
    probes.stop().expect("the probe port stops cleanly");
}

#[tokio::test]
async fn ready_answers_503_on_the_probe_port_while_draining() {
    let (server, probes, state) = with_probe_port().await;
    let base = format!("http://{}", probes.address());
    let client = &server.client;
    state.begin_shutdown();
    for url in [format!("{base}/ready"), format!("{}/ready", server.base)] {
        let (status, body) = get(client, url.clone()).await;
        assert_eq!(status, 503, "{url}: {body}");
        assert!(body.contains("shutting down"), "{url}: {body}");
    }
    // Still alive, so an orchestrator does not kill it mid-drain.
    let (status, _) = get(client, format!("{base}/health")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_stopped_probe_port_accepts_no_more_connections() {
    let (_server, probes, _state) = with_probe_port().await;
    let address = probes.address();
    probes.stop().expect("the probe port stops cleanly");
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}

#[tokio::test]
async fn the_binary_serves_probes_through_its_drain_and_exits() {
    let (child, mut lines) = common::spawn_binary(
        &["--bind", "127.0.0.1:0", "--drain-ms", "1500"],
        &[("BPGRAPH_PROBE_LISTEN", "127.0.0.1:0")],
    );
    let main = common::address_after(&mut lines, "listening on http://");
    let probes = common::address_after(&mut lines, "probes on http://");
    assert_ne!(main, probes);
    let client = reqwest::Client::new();
    let status = |address: &str, path: &str| {
        let request = client.get(format!("http://{address}{path}")).send();
        async move { request.await.unwrap().status().as_u16() }
    };
    assert_eq!(status(&probes, "/ready").await, 200);
    assert_eq!(status(&probes, "/graphql").await, 404);
    assert_eq!(status(&main, "/graphql?query=%7BdataVersion%7D").await, 200);

    common::send_signal(child.id(), "TERM");
    let mut ready = 200;
    for _ in 0..50 {
        ready = status(&probes, "/ready").await;
        if ready == 503 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        ready, 503,
        "the probe port's /ready answers 503 while draining"
    );
    assert_eq!(
        status(&probes, "/health").await,
        200,
        "alive while draining"
    );

    let exited = common::exit_status(child, std::time::Duration::from_secs(15)).await;
    assert!(
        exited.expect("the server exits after the drain").success(),
        "a clean exit, the probe port stopped too"
    );
}

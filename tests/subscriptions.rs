//! GraphQL subscriptions over a real WebSocket on `/graphql` (server on port 0): a reload of
//! different data reaches subscribers with the new version and counts (graphql-transport-ws
//! and the legacy graphql-ws); the connection cap, the origin policy and the init timeout
//! refuse cleanly; shutdown closes every subscription; a subscription over plain HTTP, or a
//! query over the WebSocket, gets a clear error.

mod common;

use bpgraph::KnowledgeGraph;
use bpgraph_server::{AppState, Config, CorsOrigin, SubscriptionSettings};
use common::Server;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

const CHANGES: &str = "subscription($initial: Boolean!) { dataVersionChanged(initial: $initial) { \
    version previousVersion entityCount statementCount sourceCount \
    byKind { kind before after changed } } }";

fn embedded() -> KnowledgeGraph {
    bpgraph::load_embedded().expect("the embedded seed loads")
}

/// The small graph of `tests/fixtures/base`: other data, another version.
fn fixture() -> KnowledgeGraph {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/base");
    let files = bpgraph_seed::SeedFiles::read_dir(std::path::Path::new(dir)).unwrap();
    bpgraph::load(&files).unwrap()
}

async fn server(config: Config) -> (AppState, Server) {
    let state = AppState::new(Arc::new(embedded()), config);
    (state.clone(), Server::with_state(state).await)
}

/// Opens a WebSocket on `/graphql` asking for `protocol`, from `origin` if given.
async fn connect(server: &Server, protocol: &str, origin: Option<&str>) -> Result<Socket, WsError> {
    let mut request = format!("ws://{}/graphql", server.address)
        .into_client_request()
        .unwrap();
    let headers = request.headers_mut();
    headers.insert("sec-websocket-protocol", protocol.parse().unwrap());
    if let Some(origin) = origin {
        headers.insert("origin", origin.parse().unwrap());
    }
    let (socket, response) = tokio_tungstenite::connect_async(request).await?;
    let chosen = response.headers()["sec-websocket-protocol"]
        .to_str()
        .unwrap();
    assert_eq!(chosen, protocol);
    Ok(socket)
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .unwrap();
}

/// The next JSON message the server sends (pings and pongs skipped); panics on a close.
async fn receive(socket: &mut Socket) -> Value {
    loop {
        match socket.next().await.expect("the socket is open").unwrap() {
            Message::Text(text) => return serde_json::from_str(&text).unwrap(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

/// The close frame the server ends the connection with: its code and reason.
async fn closed(socket: &mut Socket) -> (CloseCode, String) {
    while let Some(message) = socket.next().await {
        if let Message::Close(frame) = message.unwrap() {
            let frame = frame.expect("the close frame says why");
            return (frame.code, frame.reason.to_string());
        }
    }
    panic!("the connection ended without a close frame");
}

/// A graphql-transport-ws connection, initialised, with `dataVersionChanged` subscribed as
/// `id` and its initial event (which also proves the subscription is listening) returned.
async fn subscribed(server: &Server) -> (Socket, Value) {
    let mut socket = connect(server, "graphql-transport-ws", None).await.unwrap();
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    let payload = json!({ "query": CHANGES, "variables": { "initial": true } });
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": payload }),
    )
    .await;
    let first = next_event(&mut socket).await;
    (socket, first)
}

/// The next `next` message's `dataVersionChanged`.
async fn next_event(socket: &mut Socket) -> Value {
    let message = receive(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["id"], "1");
    assert!(message["payload"]["errors"].is_null(), "{message}");
    message["payload"]["data"]["dataVersionChanged"].clone()
}

/// What an event must say of a change from `before` to `after`.
fn expected(before: Option<&KnowledgeGraph>, after: &KnowledgeGraph) -> Value {
    let now = after.counts_by_kind();
    let then = before.map(|graph| graph.counts_by_kind());
    let by_kind = bpgraph_model::EntityKind::ALL.iter().map(|kind| {
        let after = now.get(kind).copied().unwrap_or(0);
        let before = then
            .as_ref()
            .map_or(after, |then| then.get(kind).copied().unwrap_or(0));
        json!({
            "kind": format!("{kind:?}").to_uppercase(),
            "before": before, "after": after, "changed": before != after,
        })
    });
    json!({
        "version": after.version(),
        "previousVersion": before.map(|graph| graph.version()),
        "entityCount": after.entity_count(),
        "statementCount": after.statement_count(),
        "sourceCount": after.sources().count(),
        "byKind": by_kind.collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn a_reload_of_different_data_reaches_subscribers_with_its_version_and_counts() {
    let (state, server) = server(Config::default()).await;
    let (mut socket, initial) = subscribed(&server).await;
    pretty_assertions::assert_eq!(initial, expected(None, &embedded()));

    state.swap(Arc::new(fixture()));
    let change = next_event(&mut socket).await;
    pretty_assertions::assert_eq!(change, expected(Some(&embedded()), &fixture()));
    assert_ne!(change["version"], initial["version"]);

    // Serving the same data again tells nothing; going back is a change from the fixture.
    state.swap(Arc::new(fixture()));
    state.swap(Arc::new(embedded()));
    let back = next_event(&mut socket).await;
    pretty_assertions::assert_eq!(back, expected(Some(&fixture()), &embedded()));

    // The new version answers queries by the time subscribers hear of it.
    let (_, body) = server.post(&json!({ "query": "{ dataVersion }" })).await;
    assert_eq!(body["data"]["dataVersion"], back["version"]);

    let metrics = server.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("bpgraph_subscriptions 1\n"), "{metrics}");
    assert!(
        metrics.contains("bpgraph_subscription_connections 1\n"),
        "{metrics}"
    );

    // A client's `complete` ends the subscription; the connection stays usable.
    send(&mut socket, json!({ "id": "1", "type": "complete" })).await;
    send(&mut socket, json!({ "type": "ping" })).await;
    loop {
        let message = receive(&mut socket).await;
        match message["type"].as_str() {
            Some("pong") => break,
            // async-graphql acknowledges the client's `complete` with its own.
            Some("complete") => assert_eq!(message["id"], "1"),
            _ => panic!("nothing but the pong is due: {message}"),
        }
    }
}

#[tokio::test]
async fn the_legacy_graphql_ws_protocol_is_served_too() {
    let (state, server) = server(Config::default()).await;
    let mut socket = connect(&server, "graphql-ws", None).await.unwrap();
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    let payload = json!({ "query": CHANGES, "variables": { "initial": true } });
    send(
        &mut socket,
        json!({ "id": "7", "type": "start", "payload": payload }),
    )
    .await;
    let first = receive(&mut socket).await;
    assert_eq!(first["type"], "data", "{first}");
    state.swap(Arc::new(fixture()));
    let change = receive(&mut socket).await;
    assert_eq!(change["type"], "data", "{change}");
    assert_eq!(change["id"], "7");
    pretty_assertions::assert_eq!(
        change["payload"]["data"]["dataVersionChanged"],
        expected(Some(&embedded()), &fixture())
    );
}

/// The HTTP refusal of a WebSocket handshake: status and the error's code.
fn refusal(error: WsError) -> (u16, String) {
    let WsError::Http(response) = error else {
        panic!("expected an HTTP refusal, got {error}");
    };
    let body: Value = serde_json::from_slice(response.body().as_deref().unwrap()).unwrap();
    let code = body["errors"][0]["extensions"]["code"].as_str().unwrap();
    (response.status().as_u16(), code.to_owned())
}

#[tokio::test]
async fn a_connection_beyond_the_cap_is_refused() {
    let config = Config {
        subscriptions: SubscriptionSettings {
            max_subscriptions: 1,
            ..SubscriptionSettings::default()
        },
        ..Config::default()
    };
    let (_state, server) = server(config).await;
    let (_open, _) = subscribed(&server).await;
    let error = connect(&server, "graphql-transport-ws", None)
        .await
        .expect_err("the second connection is refused");
    assert_eq!(refusal(error), (503, "OVERLOADED".to_owned()));
}

#[tokio::test]
async fn a_page_from_an_origin_not_allowed_is_refused() {
    let allowed = "https://dashboards.example.org";
    let config = Config {
        cors_origins: vec![CorsOrigin::Exact(allowed.parse().unwrap())],
        ..Config::default()
    };
    let (_state, server) = server(config).await;
    let error = connect(
        &server,
        "graphql-transport-ws",
        Some("https://evil.example"),
    )
    .await
    .expect_err("the other origin is refused");
    assert_eq!(refusal(error), (403, "ORIGIN_NOT_ALLOWED".to_owned()));
    connect(&server, "graphql-transport-ws", Some(allowed))
        .await
        .expect("the allowed origin connects");
    // The server's own pages (GraphiQL) are same-origin: always allowed, as for CORS.
    let own = format!("http://{}", server.address);
    connect(&server, "graphql-transport-ws", Some(&own))
        .await
        .expect("the server's own origin connects");
}

#[tokio::test]
async fn shutdown_closes_every_subscription_and_the_server_still_stops() {
    let (state, mut server) = server(Config::default()).await;
    let (mut socket, _) = subscribed(&server).await;
    // As `bpgraph serve` does on SIGTERM: draining begins, then accepting stops.
    state.begin_shutdown();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, CloseCode::Away, "{reason}");
    assert!(reason.contains("shutting down"), "{reason}");
    server.begin_shutdown();
    server.stopped().await.unwrap();
}

#[tokio::test]
async fn on_sigterm_the_binary_closes_subscriptions_and_exits() {
    let (child, mut lines) =
        common::spawn_binary(&["--bind", "127.0.0.1:0", "--drain-ms", "200"], &[]);
    let address = common::address_after(&mut lines, "listening on http://");
    // Drains the log so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let mut request = format!("ws://{address}/graphql")
        .into_client_request()
        .unwrap();
    let protocol = "graphql-transport-ws".parse().unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", protocol);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    let payload = json!({ "query": CHANGES, "variables": { "initial": true } });
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": payload }),
    )
    .await;
    next_event(&mut socket).await;

    common::send_signal(child.id(), "TERM");
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(code, CloseCode::Away, "{reason}");
    let exited = common::exit_status(child, std::time::Duration::from_secs(30)).await;
    assert!(exited.expect("the server exits").success(), "a clean exit");
}

#[tokio::test]
async fn a_client_that_does_not_initialise_in_time_is_closed() {
    let config = Config {
        subscriptions: SubscriptionSettings {
            init_timeout_ms: 50,
            ..SubscriptionSettings::default()
        },
        ..Config::default()
    };
    let (_state, server) = server(config).await;
    let mut socket = connect(&server, "graphql-transport-ws", None)
        .await
        .unwrap();
    let (code, reason) = closed(&mut socket).await;
    assert_eq!(u16::from(code), 4408, "{reason}");
}

#[tokio::test]
async fn a_subscription_over_plain_http_gets_a_clear_error() {
    let (_state, server) = server(Config::default()).await;
    let query = json!({ "query": CHANGES, "variables": { "initial": false } });
    let (_, body) = server.post(&query).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "WRONG_TRANSPORT");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("WebSocket"), "{message}");
    assert!(body["data"].is_null(), "{body}");
}

#[tokio::test]
async fn a_query_over_the_websocket_is_refused_and_the_connection_goes_on() {
    let (_state, server) = server(Config::default()).await;
    let (mut socket, _) = subscribed(&server).await;
    let payload = json!({ "query": "{ dataVersion }" });
    send(
        &mut socket,
        json!({ "id": "2", "type": "subscribe", "payload": payload }),
    )
    .await;
    let answer = receive(&mut socket).await;
    assert_eq!(answer["id"], "2", "{answer}");
    let code = &answer["payload"]["errors"][0]["extensions"]["code"];
    assert_eq!(code, "WRONG_TRANSPORT", "{answer}");
    assert_eq!(receive(&mut socket).await["type"], "complete");
    // A plain GET /graphql is still a query.
    let response = server.get("/graphql?query=%7BdataVersion%7D").await;
    assert_eq!(response.status(), 200);
}

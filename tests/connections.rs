//! Slow and idle clients, the connection cap and shutdown's deadline, over raw TCP sockets.
//!
//! Timeouts here are short settings so the tests are quick; each test waits for a behaviour
//! (a closed socket, an answer, a stopped server) under a generous bound, never for a time.

mod common;

use bpgraph_server::{Config, Connections};
use common::Server;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Long enough for anything that should happen; a test that waits this long has failed.
const PATIENCE: Duration = Duration::from_secs(10);

fn config(connections: Connections) -> Config {
    Config {
        connections,
        ..Config::default()
    }
}

/// Reads until the server closes the connection; what it sent meanwhile.
async fn read_until_closed(socket: &mut TcpStream) -> String {
    let mut received = Vec::new();
    tokio::time::timeout(PATIENCE, socket.read_to_end(&mut received))
        .await
        .expect("the server closes the connection")
        .ok();
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let server = Server::with_config(config(Connections {
        header_timeout_ms: 200,
        ..Connections::default()
    }))
    .await;
    let mut slow = TcpStream::connect(server.address).await.unwrap();
    slow.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    read_until_closed(&mut slow).await;
    // Silent from the start: the same.
    let mut silent = TcpStream::connect(server.address).await.unwrap();
    read_until_closed(&mut silent).await;
    assert_eq!(server.get("/health").await.status(), 200);
}

#[tokio::test]
async fn a_client_that_sends_its_headers_a_byte_at_a_time_is_disconnected_all_the_same() {
    let server = Server::with_config(config(Connections {
        header_timeout_ms: 200,
        ..Connections::default()
    }))
    .await;
    let mut slow = TcpStream::connect(server.address).await.unwrap();
    let trickle = async {
        // Bytes keep coming, but never a whole head.
        for byte in b"GET /health HTTP/1.1\r\nX-Long: "
            .iter()
            .chain([b'a'; 400].iter())
        {
            if slow.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the server took 10 s of a head sent byte by byte");
    };
    tokio::time::timeout(PATIENCE, trickle)
        .await
        .expect("the server closes the connection");
}

#[tokio::test]
async fn a_client_reading_a_long_answer_slower_than_the_header_timeout_gets_all_of_it() {
    let server = Server::with_config(config(Connections {
        header_timeout_ms: 100,
        ..Connections::default()
    }))
    .await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(16 * 1024).unwrap();
    let mut client = socket.connect(server.address).await.unwrap();
    client
        .write_all(b"GET /export/graph.ttl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    let started = std::time::Instant::now();
    loop {
        let n = client.read(&mut chunk).await.unwrap();
        if n == 0 {
            break;
        }
        received.extend_from_slice(&chunk[..n]);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let text = String::from_utf8_lossy(&received);
    let (head, body) = text.split_once("\r\n\r\n").expect("a whole head");
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .expect("a content length")
        .parse()
        .unwrap();
    assert_eq!(
        body.len(),
        length,
        "the whole answer, read in {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_after_the_header_timeout() {
    let server = Server::with_config(config(Connections {
        header_timeout_ms: 200,
        ..Connections::default()
    }))
    .await;
    let mut client = TcpStream::connect(server.address).await.unwrap();
    client
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answered = read_until_closed(&mut client).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let server = Server::with_config(config(Connections {
        max_connections: 2,
        ..Connections::default()
    }))
    .await;
    let first = TcpStream::connect(server.address).await.unwrap();
    let _second = TcpStream::connect(server.address).await.unwrap();
    // Let the server take both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(server.address).await.unwrap();
    third
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut byte = [0u8; 1];
    let waiting = tokio::time::timeout(Duration::from_millis(500), third.peek(&mut byte)).await;
    assert!(waiting.is_err(), "the third connection is not served yet");
    drop(first);
    let answered = read_until_closed(&mut third).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test]
async fn shutdown_ends_by_its_deadline_while_a_client_holds_a_half_sent_request() {
    let mut server = Server::with_config(config(Connections {
        header_timeout_ms: 60_000,
        shutdown_deadline_ms: 200,
        ..Connections::default()
    }))
    .await;
    let mut holding = TcpStream::connect(server.address).await.unwrap();
    holding
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.begin_shutdown();
    tokio::time::timeout(PATIENCE, server.stopped())
        .await
        .expect("the server stops by its deadline")
        .unwrap();
    assert!(
        TcpStream::connect(server.address).await.is_err(),
        "no longer accepting"
    );
}

#[tokio::test]
async fn a_request_in_flight_at_shutdown_is_answered_and_idle_connections_close() {
    let mut server = Server::start().await;
    let mut idle = TcpStream::connect(server.address).await.unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    server.begin_shutdown();
    tokio::time::timeout(PATIENCE, server.stopped())
        .await
        .expect("idle connections do not hold shutdown up")
        .unwrap();
    read_until_closed(&mut idle).await;
}

#[tokio::test]
async fn a_sigterm_as_soon_as_the_server_says_it_listens_is_a_clean_exit() {
    // The handler is in place before the line: a signal that came first would kill the
    // process by its default action instead of stopping it.
    let (child, mut lines) =
        common::spawn_binary(&["--bind", "127.0.0.1:0", "--drain-ms", "50"], &[]);
    common::address_after(&mut lines, "listening on http://");
    common::send_signal(child.id(), "TERM");
    let exited = common::exit_status(child, PATIENCE).await;
    assert!(
        exited.expect("the server exits after the drain").success(),
        "a clean exit, not death by the signal"
    );
}

#[tokio::test]
async fn on_sigterm_the_binary_drains_then_exits() {
    let (child, mut lines) =
        common::spawn_binary(&["--bind", "127.0.0.1:0", "--drain-ms", "1500"], &[]);
    let address = common::address_after(&mut lines, "listening on http://");
    let client = reqwest::Client::new();
    let status = |path: &'static str| {
        let request = client.get(format!("http://{address}{path}")).send();
        async move { request.await.unwrap().status().as_u16() }
    };
    assert_eq!(status("/ready").await, 200);

    common::send_signal(child.id(), "TERM");
    // Draining: not ready, still serving.
    let mut ready = 200;
    for _ in 0..50 {
        ready = status("/ready").await;
        if ready == 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(ready, 503, "/ready answers 503 while draining");
    assert_eq!(status("/health").await, 200, "still serving while draining");

    let exited = common::exit_status(child, PATIENCE).await;
    assert!(
        exited.expect("the server exits after the drain").success(),
        "a clean exit"
    );
}

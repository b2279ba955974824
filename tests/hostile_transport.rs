//! Hostile transport: bodies too large, too short or too slow, and requests beyond the
//! server's execution slots, spoken over raw TCP where a client would misbehave.

mod common;

use bpgraph_server::{Config, Limits};
use common::hostile::{raw_exchange, still_answers};
use common::Server;
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
#[tokio::test]
async fn a_50_mb_body_is_refused_before_it_is_read() {
    let server = Server::start().await;
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: 52428800\r\nconnection: close\r\n\r\n";
    // Only the first kilobyte is sent: the answer must not wait for the other 50 MB.
    let answer = raw_exchange(&server, head, &[b' '; 1024]).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("LIMIT_EXCEEDED"), "{answer}");
    // Without a length (chunked), the limit holds on the bytes as they arrive.
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
    let chunk = format!("{:x}\r\n{}\r\n0\r\n\r\n", 70_000, " ".repeat(70_000));
    let answer = raw_exchange(&server, head, chunk.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    still_answers(&server, "50 MB body").await;
}

#[tokio::test]
async fn slow_bodies_hold_no_slot_and_are_refused_for_their_rate() {
    let mut config = Config::default();
    config.limits.max_concurrent = 1;
    config.admission.body_grace_ms = 300;
    let server = Server::with_config(config).await;
    // Many clients announce a body and trickle it, a byte every 50 ms (20 bytes/s).
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n";
    let trickling: Vec<_> = (0..40)
        .map(|_| {
            let address = server.address;
            tokio::spawn(async move { trickle(address, head).await })
        })
        .collect();
    // While they trickle, the one execution slot is free for an ordinary query.
    tokio::time::sleep(Duration::from_millis(100)).await;
    still_answers(&server, "slow bodies started").await;
    for slow in trickling {
        let answer = slow.await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(
            answer.contains("BODY_TOO_SLOW") && answer.contains("1024 bytes per second"),
            "{answer}"
        );
    }
    still_answers(&server, "slow bodies refused").await;
}

#[tokio::test]
async fn a_body_never_sent_times_out_without_holding_a_slot() {
    let mut config = Config::default();
    // The request's time also bounds the ordinary queries sent meanwhile: ample for a debug
    // build on a busy machine.
    config.limits.timeout_ms = 2_000;
    config.limits.max_concurrent = 1;
    config.admission.min_body_rate = 0;
    let server = Server::with_config(config).await;
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n";
    let silent = {
        let address = server.address;
        tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
            stream.write_all(head.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            String::from_utf8_lossy(&answer).into_owned()
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    still_answers(&server, "a body still missing").await;
    // Its time is up while its body is still missing: the client's fault.
    let answer = silent.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("BODY_TIMEOUT") && answer.contains("2000 ms"),
        "{answer}"
    );
    still_answers(&server, "a timed-out request").await;
}

#[tokio::test]
async fn a_body_shorter_than_its_length_is_a_client_timeout() {
    let server = Server::with_config(Config {
        limits: Limits {
            timeout_ms: 2_000,
            ..Limits::DEFAULT
        },
        ..Config::default()
    })
    .await;
    let body = br#"{"query":"{ dataVersion }"}"#;
    let head = format!(
        "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n",
        body.len() + 10
    );
    // The whole body but ten bytes short of what was announced, on a connection kept open.
    let answer = raw_exchange(&server, &head, body).await;
    let (head, json) = answer.split_once("\r\n\r\n").expect("a whole answer");
    assert!(head.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    let json: Value = serde_json::from_str(json).expect("a JSON body");
    assert_eq!(
        json["errors"][0]["extensions"]["code"], "BODY_TIMEOUT",
        "{json}"
    );
    assert!(json.get("data").is_none(), "{json}");
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("shorter than its Content-Length")),
        "{json}"
    );
    still_answers(&server, "a short body").await;
}

/// Sends `head` and then a body trickled a byte every 50 ms (20 bytes/s), until the server
/// refuses it; the whole answer.
async fn trickle(address: std::net::SocketAddr, head: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..100 {
        if stream.write_all(b" ").await.is_err() {
            break; // refused: the server closed the connection
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_slow_body_is_refused_alike_on_sparql_and_reconcile() {
    let mut config = Config::default();
    config.admission.body_grace_ms = 300;
    let server = Server::with_config(config).await;
    let endpoints = [
        ("/sparql", "application/sparql-query"),
        ("/reconcile", "application/x-www-form-urlencoded"),
    ];
    for (path, content_type) in endpoints {
        let head = format!(
            "POST {path} HTTP/1.1\r\nhost: test\r\ncontent-type: {content_type}\r\n\
             content-length: 100\r\n\r\n"
        );
        let answer = trickle(server.address, &head).await;
        let (head, body) = answer.split_once("\r\n\r\n").expect("a whole answer");
        // As on /graphql: the client's fault (408), its code, and the connection closed.
        assert!(head.starts_with("HTTP/1.1 408"), "{path}: {answer}");
        assert!(
            head.to_ascii_lowercase().contains("connection: close"),
            "{path}: {answer}"
        );
        assert!(
            body.contains("BODY_TOO_SLOW") && body.contains("1024 bytes per second"),
            "{path}: {answer}"
        );
    }
    still_answers(&server, "slow bodies on /sparql and /reconcile").await;
}

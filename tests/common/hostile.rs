//! Shared by the `hostile_*` tests: a request case, the check that it is refused with its
//! status, code and message (and no `data`), and that an ordinary query still succeeds after.

use super::Server;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// A request to `/graphql`.
pub struct Case {
    pub name: &'static str,
    pub method: &'static str,
    content_type: Option<&'static str>,
    accept: Option<&'static str>,
    body: Vec<u8>,
    query_string: String,
}

impl Case {
    pub fn post(name: &'static str, body: Value) -> Case {
        Case {
            name,
            method: "POST",
            content_type: Some("application/json"),
            accept: Some(GRAPHQL_RESPONSE),
            body: serde_json::to_vec(&body).unwrap(),
            query_string: String::new(),
        }
    }

    pub fn query(name: &'static str, query: String) -> Case {
        Case::post(name, json!({ "query": query }))
    }

    pub fn raw(name: &'static str, content_type: Option<&'static str>, body: &str) -> Case {
        Case {
            content_type,
            body: body.as_bytes().to_vec(),
            ..Case::post(name, Value::Null)
        }
    }

    pub fn get(name: &'static str, query_string: &str) -> Case {
        Case {
            method: "GET",
            content_type: None,
            body: Vec::new(),
            query_string: query_string.into(),
            ..Case::post(name, Value::Null)
        }
    }

    pub fn accept(self, accept: &'static str) -> Case {
        Case {
            accept: Some(accept),
            ..self
        }
    }
}

/// Sends `case`, checks its status, error code and message, then that the server still answers.
pub async fn check(server: &Server, case: Case, status: u16, code: &str, message: &str) {
    let url = format!("{}/graphql{}", server.base, case.query_string);
    let mut request = server
        .client
        .request(case.method.parse().unwrap(), url)
        .body(case.body);
    if let Some(content_type) = case.content_type {
        request = request.header("content-type", content_type);
    }
    if let Some(accept) = case.accept {
        request = request.header("accept", accept);
    }
    let started = std::time::Instant::now();
    let response = request.send().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status().as_u16(), status, "{}: status", case.name);
    let body: Value = response
        .json()
        .await
        .unwrap_or_else(|e| panic!("{}: body is not JSON: {e}", case.name));
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], code, "{}: {body}", case.name);
    assert!(
        body.get("data").is_none(),
        "{}: a refused request has no data entry: {body}",
        case.name
    );
    let text = error["message"].as_str().unwrap_or_default();
    assert!(
        text.contains(message),
        "{}: message {text:?} lacks {message:?}",
        case.name
    );
    assert!(
        !text.contains("src/") && !text.contains("panicked"),
        "{}: leaks internals: {text}",
        case.name
    );
    // Not a timing assertion of the product: a guard that a refusal does not hang.
    assert!(
        elapsed < Duration::from_secs(5),
        "{}: took {elapsed:?}",
        case.name
    );
    still_answers(server, case.name).await;
}

pub async fn still_answers(server: &Server, after: &str) {
    let (status, body) = server
        .post(&json!({ "query": "{ entity(ref: \"turkiye\") { name } }" }))
        .await;
    assert_eq!(
        (status, &body["data"]["entity"]["name"]),
        (200, &json!("Türkiye")),
        "after {after}: {body}"
    );
}

pub fn repeat(part: &str, times: usize) -> String {
    vec![part; times].join(" ")
}

/// Writes a raw HTTP/1.1 request head and `body`, then reads the whole answer.
pub async fn raw_exchange(server: &Server, head: &str, body: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await; // the server may stop reading early
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

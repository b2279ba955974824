//! The endpoint's caches seen from a client: `ETag` and `304 Not Modified`, repeated answers
//! served from the response cache, and Automatic Persisted Queries (hash first, text on
//! demand, hash mismatch refused). Invalidation on reload is in `tests/reload.rs`.

mod common;

use common::Server;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const QUERY: &str = "{ entity(ref: \"turkiye\") { name } }";

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

#[tokio::test]
async fn a_get_answer_has_an_etag_and_revalidates_with_304() {
    let server = Server::start().await;
    let url = format!("{}/graphql", server.base);
    let first = server
        .client
        .get(&url)
        .query(&[("query", QUERY)])
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["cache-control"], "no-cache");
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");

    let again = server
        .client
        .get(&url)
        .query(&[("query", QUERY)])
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());

    let other = server
        .client
        .get(&url)
        .query(&[("query", "{ dataVersion }")])
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200, "another query has another tag");
}

#[tokio::test]
async fn repeated_requests_are_answered_from_the_response_cache() {
    let server = Server::start().await;
    let body = json!({ "query": QUERY });
    let (_, first) = server.post(&body).await;
    let (_, second) = server.post(&body).await;
    assert_eq!(first, second);
    assert_eq!(second["data"]["entity"]["name"], "Türkiye");
    let metrics = server.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(r#"bpgraph_response_cache_total{outcome="hit"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"bpgraph_response_cache_total{outcome="miss"} 1"#));
}

#[tokio::test]
async fn persisted_queries_go_by_hash_once_registered() {
    let server = Server::start().await;
    let hash = sha256(QUERY);
    let by_hash = json!({ "extensions": persisted(&hash) });

    let (status, unknown) = server.post(&by_hash).await;
    assert_eq!(status, 200);
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        unknown["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    assert!(unknown.get("data").is_none());

    let (_, registered) = server
        .post(&json!({ "query": QUERY, "extensions": persisted(&hash) }))
        .await;
    assert_eq!(registered["data"]["entity"]["name"], "Türkiye");

    // The very request that was refused now answers: the refusal was not cached.
    let (_, known) = server.post(&by_hash).await;
    assert_eq!(known["data"]["entity"]["name"], "Türkiye");

    let extensions = persisted(&hash).to_string();
    let over_get = server
        .client
        .get(format!("{}/graphql", server.base))
        .query(&[("extensions", extensions.as_str())])
        .send()
        .await
        .unwrap();
    let over_get: Value = over_get.json().await.unwrap();
    assert_eq!(over_get["data"]["entity"]["name"], "Türkiye");
}

#[tokio::test]
async fn a_persisted_query_whose_text_does_not_match_its_hash_is_refused() {
    let server = Server::start().await;
    let wrong = sha256("{ dataVersion }");
    let (status, body) = server
        .post(&json!({ "query": QUERY, "extensions": persisted(&wrong) }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["message"],
        "provided sha does not match query"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_HASH_MISMATCH"
    );
    let (_, still_unknown) = server
        .post(&json!({ "extensions": persisted(&wrong) }))
        .await;
    assert_eq!(
        still_unknown["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
}

#[tokio::test]
async fn a_request_without_query_or_hash_is_a_bad_request() {
    let server = Server::start().await;
    let (status, body) = server.post(&json!({ "variables": {} })).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["message"], "the `query` field is missing");
}

#[tokio::test]
async fn a_batch_of_one_is_answered_with_an_array() {
    let server = Server::start().await;
    let (status, body) = server.post(&json!([{ "query": "{ dataVersion }" }])).await;
    assert_eq!(status, 200);
    assert!(body.as_array().is_some_and(|a| a.len() == 1), "{body}");
}

/// What every replica must derive for the same request and data: SHA-256 of the parts, each
/// preceded by its length (8 bytes, big-endian), first 16 bytes in hex, under the data
/// version's first 16 characters.
fn expected_etag(data_version: &str, parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    let hash: String = hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("W/\"{}-{hash}\"", &data_version[..16])
}

#[tokio::test]
async fn etags_follow_a_specified_derivation() {
    let server = Server::start().await;
    let body = r#"{"query":"{ dataVersion }"}"#;
    let response = server
        .client
        .post(format!("{}/graphql", server.base))
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    let (content_type, etag) = (header("content-type"), header("etag"));
    let answer: Value = response.json().await.unwrap();
    let version = answer["data"]["dataVersion"].as_str().unwrap().to_owned();
    assert_eq!(
        etag,
        expected_etag(
            &version,
            &[content_type.as_bytes(), b"POST", body.as_bytes()]
        )
    );

    let export = server.get("/export/statements.csv").await;
    let base = bpgraph_model::iri::BaseIri::default();
    assert_eq!(
        export.headers()["etag"].to_str().unwrap(),
        expected_etag(
            &version,
            &[b"export", base.as_str().as_bytes(), b"statements.csv"]
        )
    );
}

#[tokio::test]
async fn an_answer_the_next_identical_request_may_not_get_is_neither_tagged_nor_stored() {
    let server = Server::start().await;
    let by_hash = json!({ "extensions": persisted(&sha256("{ dataVersion }")) });
    let unknown = server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&by_hash)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 200);
    assert!(unknown.headers().get("etag").is_none());
    assert_eq!(unknown.headers()["cache-control"], "no-store");
    let body: serde_json::Value = unknown.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
}

//! The SPARQL query page: a browser asking `/sparql` gets it under a strict
//! Content-Security-Policy, with files of this server only, and every example query it offers
//! answers something.

mod common;
mod sparql_client;

use oxigraph::sparql::results::QueryResultsFormat;
use serde_json::Value;
use sparql_client::*;

const NAMES: &str = "SELECT ?slug ?name WHERE { ?e a bp:State ; dcterms:identifier ?slug ; schema:name ?name } ORDER BY ?slug LIMIT 5";

#[tokio::test]
async fn a_browser_gets_the_query_page_with_its_own_files_only() {
    let server = start().await;
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for path in [
        "/sparql",
        &format!("/sparql?{}", url_encode(&[("query", NAMES)])),
    ] {
        let response = server
            .client
            .get(format!("{}{path}", server.base))
            .header("accept", browser)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        assert_eq!(
            header(&response, "content-type"),
            "text/html; charset=utf-8"
        );
        let policy = header(&response, "content-security-policy");
        assert!(
            policy.starts_with("default-src 'self'; script-src 'self'"),
            "{policy}"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("<textarea id=\"query\""), "{html}");
    }
    for (file, media_type) in [
        ("sparql.js", "text/javascript"),
        ("sparql.css", "text/css"),
        ("examples.json", "application/json"),
    ] {
        let response = server.get(&format!("/sparql/assets/{file}")).await;
        assert_eq!(response.status().as_u16(), 200, "{file}");
        assert!(
            header(&response, "content-type").starts_with(media_type),
            "{file}"
        );
        let text = response.text().await.unwrap();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{file} names another host"
        );
    }
}

#[tokio::test]
async fn every_example_query_of_the_page_answers_something() {
    let server = start().await;
    let examples: Value = server
        .get("/sparql/assets/examples.json")
        .await
        .json()
        .await
        .unwrap();
    let examples = examples.as_array().unwrap();
    assert!(examples.len() >= 3);
    for example in examples {
        let query = example["query"].as_str().unwrap();
        let accept = "application/sparql-results+json, text/turtle;q=0.9";
        let (status, content_type, body) = send(form_post(&server, "query", query, accept)).await;
        let text = String::from_utf8(body.clone()).unwrap();
        assert_eq!(status, 200, "{query}\n{text}");
        if content_type.starts_with("application/sparql-results+json") {
            let (_, rows) = solutions(QueryResultsFormat::Json, &body);
            assert!(!rows.is_empty(), "no rows for {query}");
        } else {
            assert!(text.contains("Türkiye"), "{query}\n{text}");
        }
    }
}

//! The GraphQL API over real HTTP: the server runs in-process on port 0 and every query file
//! `tests/queries/<name>.graphql` (with variables from `<name>.vars.json` if present) must answer
//! exactly `tests/queries/<name>.json`. Run with `UPDATE_EXPECT=1` to rewrite the answers after
//! a deliberate change, then review the diff.

mod common;

use common::Server;
use serde_json::{json, Value};
use std::path::Path;

fn queries_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/queries"))
}

/// Runs one query file and compares the answer with its expectation; returns a diff on mismatch.
async fn check(server: &Server, name: &str) -> Option<String> {
    let dir = queries_dir();
    let query = std::fs::read_to_string(dir.join(format!("{name}.graphql"))).unwrap();
    let variables: Value = std::fs::read_to_string(dir.join(format!("{name}.vars.json")))
        .map(|text| serde_json::from_str(&text).unwrap())
        .unwrap_or(Value::Null);
    let (status, body) = server
        .post(&json!({ "query": query, "variables": variables }))
        .await;
    assert_eq!(status, 200, "{name}: HTTP {status}: {body}");
    let actual = serde_json::to_string_pretty(&body).unwrap() + "\n";
    let expected_path = dir.join(format!("{name}.json"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{name}:\n{}",
            pretty_assertions::StrComparison::new(&expected, &actual)
        )
    })
}

#[tokio::test]
async fn query_files_answer_as_expected() {
    let server = Server::start().await;
    let mut names: Vec<String> = std::fs::read_dir(queries_dir())
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".graphql").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 40, "only {} query files", names.len());
    let mut failures = Vec::new();
    for name in &names {
        failures.extend(check(&server, name).await);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn get_requests_answer_queries() {
    let server = Server::start().await;
    let response = server.get("/graphql?query=%7BdataVersion%7D").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["dataVersion"].as_str().unwrap().len(), 64);
}

#[tokio::test]
async fn graphiql_loads_from_vendored_assets_only() {
    let server = Server::start().await;
    let page = server.get("/graphiql").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("GraphiQL.createFetcher"));
    assert!(
        !html.contains("https://") && !html.contains("http://") && !html.contains("\"//"),
        "the page must not load anything remote"
    );
    for asset in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        assert!(
            html.contains(&format!("/graphiql/assets/{asset}")),
            "{asset} not linked"
        );
        let response = server.get(&format!("/graphiql/assets/{asset}")).await;
        assert_eq!(response.status(), 200, "{asset}");
        assert!(
            response.bytes().await.unwrap().len() > 10_000,
            "{asset} is too small"
        );
    }
    assert_eq!(server.get("/graphiql/assets/nope.js").await.status(), 404);
}

#[tokio::test]
async fn every_graphiql_example_runs_without_errors() {
    let server = Server::start().await;
    let html = server.get("/graphiql").await.text().await.unwrap();
    let examples = bpgraph_server::examples();
    assert!(examples.len() >= 8);
    for example in examples {
        assert!(html.contains(
            &serde_json::to_string(example.query)
                .unwrap()
                .replace("</", "<\\/")
        ));
        let (status, body) = server.post(&json!({ "query": example.query })).await;
        assert_eq!(status, 200);
        assert!(body.get("errors").is_none(), "{}: {body}", example.name);
        assert!(body["data"].is_object(), "{}: {body}", example.name);
    }
}

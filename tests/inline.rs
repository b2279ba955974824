//! Light operations run at once on the worker that read them, without an execution slot
//! (`--inline-us`): which do, and that their answers are the same wherever they run.

mod common;

use bpgraph_server::Config;
use common::Server;
use serde_json::{json, Value};

/// A time bound every plan here meets, even in a debug build on a busy machine: the tests
/// check which operations qualify, not how fast they are.
const ANY_TIME: u64 = 10_000_000;

/// A server that executes every request (no response cache), inlining as configured.
async fn server(inline_us: u64) -> Server {
    let mut config = Config {
        response_cache: false,
        ..Config::default()
    };
    config.admission.inline_us = inline_us;
    Server::with_config(config).await
}

/// The count of operations run inline so far, from `/metrics`.
async fn inlined(server: &Server) -> u64 {
    let metrics = server.get("/metrics").await.text().await.unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("bpgraph_operations_inline_total "))
        .unwrap_or_else(|| panic!("no inline counter in:\n{metrics}"))
        .parse()
        .unwrap()
}

/// Sends `body` `times` times; every answer must be the first one.
async fn ask(server: &Server, body: &Value, times: usize) -> Value {
    let (status, first) = server.post(body).await;
    assert_eq!(status, 200, "{first}");
    assert!(first.get("errors").is_none(), "{first}");
    for _ in 1..times {
        assert_eq!(server.post(body).await, (200, first.clone()));
    }
    first
}

#[tokio::test]
async fn a_light_query_runs_inline_once_its_plan_has_answered_in_a_slot() {
    let server = server(ANY_TIME).await;
    let body = json!({"query": "{ entity(ref: \"turkiye\") { name aliases kind } }"});
    // First async-graphql validates it and answers, then its plan answers in a slot and is
    // timed; from then on it runs inline.
    let answer = ask(&server, &body, 2).await;
    assert_eq!(answer["data"]["entity"]["name"], "Türkiye");
    assert_eq!(inlined(&server).await, 0);
    ask(&server, &body, 3).await;
    assert_eq!(inlined(&server).await, 3);
}

#[tokio::test]
async fn no_operation_runs_inline_when_switched_off() {
    let server = server(0).await;
    let body = json!({"query": "{ entity(ref: \"turkiye\") { name } }"});
    ask(&server, &body, 5).await;
    assert_eq!(inlined(&server).await, 0);
}

#[tokio::test]
async fn variables_that_make_an_operation_heavy_send_it_to_a_slot() {
    let server = server(ANY_TIME).await;
    let query = "query ($n: Int) { entities(first: $n) { nodes { name statements { nodes { predicate } } } } }";
    let light = json!({"query": query, "variables": {"n": 1}});
    ask(&server, &light, 3).await;
    assert_eq!(inlined(&server).await, 1);
    // 100 entities with a page of 20 statements each: complexity over 2,000, past the bound.
    let heavy = json!({"query": query, "variables": {"n": 100}});
    let answer = ask(&server, &heavy, 2).await;
    let nodes = answer["data"]["entities"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 100);
    assert_eq!(inlined(&server).await, 1);
}

#[tokio::test]
async fn refusals_found_inline_are_those_of_a_slot() {
    let query = "query Named { entity(ref: \"turkiye\") { name } }";
    let mut answers = Vec::new();
    for inline_us in [0, ANY_TIME] {
        let server = server(inline_us).await;
        ask(&server, &json!({"query": query}), 3).await;
        // The document is parsed and its plan timed: a wrong operation name or a mutation
        // over GET is refused before anything runs, wherever that is.
        let wrong_name = server
            .post(&json!({"query": query, "operationName": "Other"}))
            .await;
        let over_get = server.get("/graphql?query=mutation%20%7B%20x%20%7D").await;
        answers.push((wrong_name, over_get.status().as_u16()));
    }
    let ((status, answer), _) = &answers[0];
    assert_eq!(*status, 200);
    assert_eq!(
        answer["errors"][0]["message"],
        "the document has no operation named `Other`"
    );
    assert_eq!(answers[0], answers[1]);
}

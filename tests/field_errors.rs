//! Field errors as the GraphQL spec says, on both execution paths: over HTTP (where a
//! compiled plan answers what it can) and through async-graphql alone. The cases are the
//! spec's own examples ("Handling Field Errors", "Errors and Non-Null Fields") adapted to
//! this schema:
//! - a nullable field that fails is `null`, its key present, with an error at its `path`;
//! - a non-null field that fails nulls its nearest nullable parent (a field or a list item);
//! - `data` is `null` only when the `null` reaches the root.

mod common;

use async_graphql::Request;
use bpgraph_api::{schema_builder, BpSchema, SearchIndex};
use bpgraph_model::iri::BaseIri;
use common::Server;
use serde_json::{json, Value};
use std::sync::Arc;

/// `query`'s answer over HTTP and from async-graphql alone; both must be `expected`.
async fn both_paths(server: &Server, schema: &BpSchema, query: &str) -> Value {
    let (_, over_http) = server.post(&json!({ "query": query })).await;
    let alone = serde_json::to_value(schema.execute(Request::new(query)).await).unwrap();
    assert_eq!(over_http, alone, "the two paths disagree on {query}");
    over_http
}

fn schema() -> BpSchema {
    let graph = Arc::new(bpgraph::load_embedded().expect("the embedded seed loads"));
    let search = SearchIndex::build_now(graph.clone());
    schema_builder(graph, BaseIri::default(), search)
        .finish()
        .unwrap()
}

/// The errors' paths and codes, in a stable order.
fn paths_and_codes(answer: &Value) -> Vec<(Value, String)> {
    let mut found: Vec<(Value, String)> = answer["errors"]
        .as_array()
        .expect("the answer has errors")
        .iter()
        .map(|e| {
            let code = e["extensions"]["code"].as_str().unwrap_or("").to_owned();
            (e["path"].clone(), code)
        })
        .collect();
    found.sort_by_key(|(path, _)| path.to_string());
    found
}

#[tokio::test]
async fn a_failed_nullable_field_is_null_and_its_siblings_are_answered() {
    let (server, schema) = (Server::start().await, schema());
    let answer = both_paths(
        &server,
        &schema,
        r#"{ a: entity(ref: "nope") { name } b: entity(ref: "turkiye") { slug } }"#,
    )
    .await;
    assert_eq!(
        answer["data"],
        json!({ "a": null, "b": { "slug": "turkiye" } })
    );
    assert_eq!(
        paths_and_codes(&answer),
        [(json!(["a"]), "NOT_FOUND".to_owned())]
    );
    assert!(answer["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nope"));
}

#[tokio::test]
async fn a_query_whose_only_nullable_field_fails_still_has_data() {
    let (server, schema) = (Server::start().await, schema());
    let answer = both_paths(&server, &schema, r#"{ entity(ref: "nope") { name } }"#).await;
    assert_eq!(answer["data"], json!({ "entity": null }));
    assert_eq!(
        paths_and_codes(&answer),
        [(json!(["entity"]), "NOT_FOUND".to_owned())]
    );
}

#[tokio::test]
async fn a_failed_non_null_field_nulls_its_nullable_parent() {
    let (server, schema) = (Server::start().await, schema());
    let answer = both_paths(
        &server,
        &schema,
        r#"{ entity(ref: "turkiye") { slug statements(first: -1) { totalCount } } dataVersion }"#,
    )
    .await;
    assert_eq!(answer["data"]["entity"], Value::Null);
    assert!(answer["data"]["dataVersion"].is_string());
    assert_eq!(
        paths_and_codes(&answer),
        [(json!(["entity", "statements"]), "BAD_USER_INPUT".to_owned())]
    );
}

#[tokio::test]
async fn a_failed_non_null_root_field_nulls_data() {
    let (server, schema) = (Server::start().await, schema());
    let answer = both_paths(
        &server,
        &schema,
        r#"{ dataVersion search(text: "Hungary", first: -1) { totalCount } }"#,
    )
    .await;
    assert_eq!(answer["data"], Value::Null);
    assert_eq!(
        paths_and_codes(&answer),
        [(json!(["search"]), "BAD_USER_INPUT".to_owned())]
    );
}

#[tokio::test]
async fn a_failure_inside_a_nullable_list_item_nulls_only_that_item() {
    let (server, schema) = (Server::start().await, schema());
    let ids = both_paths(
        &server,
        &schema,
        r#"{ a: entity(ref: "turkiye") { id } b: entity(ref: "hungary") { id } }"#,
    )
    .await;
    let (turkiye, hungary) = (&ids["data"]["a"]["id"], &ids["data"]["b"]["id"]);
    // Türkiye's statements fail (a bad page size), Hungary's ask for nothing that fails.
    let query = format!(
        r#"{{ nodes(ids: [{turkiye}, {hungary}]) {{
              ... on State {{ slug }}
              ... on State @include(if: true) {{ slug }}
            }}
            bad: nodes(ids: [{turkiye}]) {{ ... on State {{ statements(last: -1) {{ totalCount }} }} }} }}"#
    );
    let answer = both_paths(&server, &schema, &query).await;
    assert_eq!(
        answer["data"],
        json!({ "nodes": [{ "slug": "turkiye" }, { "slug": "hungary" }], "bad": [null] })
    );
    assert_eq!(
        paths_and_codes(&answer),
        [(json!(["bad", 0, "statements"]), "BAD_USER_INPUT".to_owned())]
    );
}

#[tokio::test]
async fn a_failure_travels_up_through_non_null_lists_to_the_nearest_nullable_field() {
    let (server, schema) = (Server::start().await, schema());
    // `statements` (non-null) › `nodes` ([Statement!]!) › `subject` (Entity!) ›
    // `statements(first: -1)` (non-null) fails: everything up to `entity` is null.
    let answer = both_paths(
        &server,
        &schema,
        r#"{ dataVersion entity(ref: "hungary") {
               statements(first: 1) { nodes { subject { statements(first: -1) { totalCount } } } }
             } }"#,
    )
    .await;
    assert_eq!(answer["data"]["entity"], Value::Null);
    assert!(answer["data"]["dataVersion"].is_string());
    assert_eq!(
        paths_and_codes(&answer),
        [(
            json!(["entity", "statements", "nodes", 0, "subject", "statements"]),
            "BAD_USER_INPUT".to_owned()
        )]
    );
}

#[tokio::test]
async fn an_unknown_name_in_a_filter_is_an_error_on_that_field_naming_it() {
    let (server, schema) = (Server::start().await, schema());
    let answer = both_paths(
        &server,
        &schema,
        r#"{ dataVersion entity(ref: "budapest-process") {
               slug
               ... on Process { name }
             }
             meetings(filter: { attendedAny: ["atlantis"] }) { totalCount } }"#,
    )
    .await;
    // `meetings` is non-null at the root, so the null reaches `data`.
    assert_eq!(answer["data"], Value::Null);
    assert_eq!(
        paths_and_codes(&answer),
        [(json!(["meetings"]), "NOT_FOUND".to_owned())]
    );
    assert!(answer["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("atlantis"));
}

#[tokio::test]
async fn several_failures_are_each_reported_once_at_their_own_path() {
    let (server, schema) = (Server::start().await, schema());
    let answer = both_paths(
        &server,
        &schema,
        r#"{ a: entity(ref: "nope") { name }
             b: entity(ref: "turkiye") { statements(first: -1) { totalCount } }
             c: statement(id: "no-such-statement") { id }
             d: entity(ref: "hungary") { slug } }"#,
    )
    .await;
    assert_eq!(
        answer["data"],
        json!({ "a": null, "b": null, "c": null, "d": { "slug": "hungary" } })
    );
    let paths: Vec<Value> = paths_and_codes(&answer)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        paths,
        [json!(["a"]), json!(["b", "statements"]), json!(["c"])]
    );
}

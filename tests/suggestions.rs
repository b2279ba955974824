//! A name that resolves to nothing is `NOT_FOUND` with up to three suggestions, in the
//! message and in `extensions.suggestions` (`{slug, name}`), wherever an entity is named:
//! `entity`, filters, `path`, `neighbourhood`, `statements(subject:/object:)`, the
//! timelines' `group`. Both
//! execution paths (HTTP, where a plan answers what it can, and async-graphql alone) agree.

mod common;

use async_graphql::Request;
use bpgraph_api::{schema_builder, BpSchema, SearchIndex};
use bpgraph_model::iri::BaseIri;
use common::Server;
use serde_json::{json, Value};
use std::sync::Arc;

fn schema() -> BpSchema {
    let graph = Arc::new(bpgraph::load_embedded().expect("the embedded seed loads"));
    let search = SearchIndex::build_now(graph.clone());
    schema_builder(graph, BaseIri::default(), search)
        .finish()
        .unwrap()
}

/// `query`'s one error, the same over HTTP and from async-graphql alone.
async fn the_error(server: &Server, schema: &BpSchema, query: &str) -> Value {
    let (_, over_http) = server.post(&json!({ "query": query })).await;
    let alone = serde_json::to_value(schema.execute(Request::new(query)).await).unwrap();
    assert_eq!(over_http, alone, "the two paths disagree on {query}");
    let errors = over_http["errors"]
        .as_array()
        .expect("the answer has errors");
    assert_eq!(errors.len(), 1, "one error for {query}: {errors:?}");
    assert_eq!(errors[0]["extensions"]["code"], "NOT_FOUND");
    errors[0].clone()
}

fn suggested_slugs(error: &Value) -> Vec<&str> {
    error["extensions"]["suggestions"]
        .as_array()
        .expect("a NOT_FOUND for a name carries a list of suggestions")
        .iter()
        .map(|s| s["slug"].as_str().expect("each suggestion has a slug"))
        .collect()
}

#[tokio::test]
async fn a_typo_is_answered_with_the_entity_meant() {
    let (server, schema) = (Server::start().await, schema());
    let error = the_error(&server, &schema, r#"{ entity(ref: "Pakistn") { name } }"#).await;
    assert!(suggested_slugs(&error).contains(&"pakistan"));
    let suggestions = error["extensions"]["suggestions"].as_array().unwrap();
    assert!(suggestions.len() <= 3);
    assert!(suggestions.contains(&json!({ "slug": "pakistan", "name": "Pakistan" })));
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("no entity is called `Pakistn`; did you mean ")
            && message.contains("Pakistan (`pakistan`)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_name_like_nothing_has_an_empty_list() {
    let (server, schema) = (Server::start().await, schema());
    let error = the_error(&server, &schema, r#"{ entity(ref: "zqxwvj") { name } }"#).await;
    assert_eq!(error["extensions"]["suggestions"], json!([]));
    assert_eq!(error["message"], "no entity is called `zqxwvj`");
}

#[tokio::test]
async fn the_start_of_a_name_suggests_the_names_it_starts() {
    let (server, schema) = (Server::start().await, schema());
    let error = the_error(&server, &schema, r#"{ entity(ref: "Hungar") { name } }"#).await;
    assert_eq!(suggested_slugs(&error).first(), Some(&"hungary"));
}

#[tokio::test]
async fn every_place_a_name_is_taken_suggests() {
    let (server, schema) = (Server::start().await, schema());
    let queries = [
        r#"{ meetings(filter: { place: "Istambul" }) { totalCount } }"#,
        r#"{ meetings(filter: { attendedAny: ["Pakistn"] }) { totalCount } }"#,
        r#"{ path(from: "Pakistn", to: "hungary") { steps { to { slug } } } }"#,
        r#"{ neighbourhood(entity: "Pakistn") { depth } }"#,
        r#"{ statements(subject: "Pakistn") { totalCount } }"#,
        r#"{ statements(object: "Pakistn") { totalCount } }"#,
        r#"{ coChairTimeline(group: "Budapest Proces") { totalCount } }"#,
    ];
    for query in queries {
        let error = the_error(&server, &schema, query).await;
        assert!(
            !suggested_slugs(&error).is_empty(),
            "{query} suggests nothing: {error}"
        );
        assert!(error["message"].as_str().unwrap().contains("did you mean"));
    }
}

#[tokio::test]
async fn a_reference_longer_than_any_search_text_gets_no_suggestions() {
    let (server, schema) = (Server::start().await, schema());
    let long = "pakistan".repeat(40);
    let query = format!(r#"{{ entity(ref: "{long}") {{ name }} }}"#);
    let error = the_error(&server, &schema, &query).await;
    assert_eq!(error["extensions"]["suggestions"], json!([]));
}

//! The services around `/reconcile` over real HTTP (server on port 0), their answers checked
//! against the reconciliation spec's 0.2 JSON Schemas: suggest for entities, types and
//! properties; the preview card; data extension with its property proposals; every bad
//! input's refusal with its status and code; CORS and compression. Reconciliation itself is
//! `reconcile.rs`.

mod common;
mod reconcile_client;

use bpgraph_server::reconcile::{MAX_BATCH, MAX_LIMIT, MAX_QUERY_CHARS};
use common::Server;
use reconcile_client::*;
use serde_json::{json, Value};

#[tokio::test]
async fn suggest_completes_entities_types_and_properties() {
    let server = Server::start().await;
    let suggest = |what: &'static str, params: Vec<(&'static str, &'static str)>| {
        let server = &server;
        async move {
            let answer = get(server, &format!("/reconcile/suggest/{what}"), &params).await;
            assert_eq!(answer.status, 200, "{}", answer.text);
            let body = answer.json();
            // The spec names its schemas in the plural.
            let plural = match what {
                "entity" => "entities",
                "type" => "types",
                _ => "properties",
            };
            let schema = validator(&format!("suggest-{plural}-response.json"));
            assert_valid(&schema, &body, what);
            body
        }
    };
    // Folded like names: "tür" and "TUR" find Türkiye, and a type keeps only states.
    for prefix in ["tür", "TUR"] {
        let states = suggest("entity", vec![("prefix", prefix), ("type", "State")]).await;
        assert_eq!(ids(&states), ["turkiye", "turkmenistan"], "{prefix}");
    }
    let all = suggest("entity", vec![("prefix", "tur")]).await;
    assert!(ids(&all).len() > 2 && ids(&all).contains(&"turkish-ministry-of-interior"));
    let next = suggest("entity", vec![("prefix", "tur"), ("cursor", "1")]).await;
    assert_eq!(ids(&next), ids(&all)[1..]);
    let types = suggest("type", vec![("prefix", "or")]).await;
    assert_eq!(ids(&types), ["Organisation"]);
    let properties = suggest("property", vec![("prefix", "iso"), ("type", "State")]).await;
    assert_eq!(ids(&properties), ["iso2", "iso3"]);
    let of_meetings = suggest("property", vec![("prefix", "iso"), ("type", "Meeting")]).await;
    assert!(ids(&of_meetings).is_empty());
}

#[tokio::test]
async fn the_preview_is_a_small_escaped_card() {
    let server = Server::start().await;
    let card = get(&server, "/reconcile/preview", &[("id", "north-macedonia")]).await;
    assert_eq!(card.status, 200);
    assert!(
        card.media_type.starts_with("text/html"),
        "{}",
        card.media_type
    );
    for part in [
        "<title>North Macedonia</title>",
        "State · ISO MKD",
        "the former Yugoslav Republic of Macedonia",
        "<blockquote>",
        "?entity=north-macedonia",
    ] {
        assert!(card.text.contains(part), "{part} in {}", card.text);
    }
    let escaped = get(
        &server,
        "/reconcile/preview",
        &[("id", "blomeyer-and-sanz")],
    )
    .await;
    assert!(
        escaped.text.contains("<title>Blomeyer &amp; Sanz</title>"),
        "{}",
        escaped.text
    );
    assert!(!escaped.text.contains("Blomeyer & Sanz"));
}

#[tokio::test]
async fn data_extension_proposes_and_fetches_property_values() {
    let server = Server::start().await;
    let proposal = get(&server, "/reconcile/extend/propose", &[("type", "State")]).await;
    let proposal = proposal.json();
    assert_valid(
        &validator("data-extension-property-proposal.json"),
        &proposal,
        "the proposal",
    );
    let proposed = json!({ "result": proposal["properties"] });
    let proposed = ids(&proposed);
    for property in ["iso2", "iso3", "co_chairs", "attended"] {
        assert!(proposed.contains(&property), "{property} in {proposed:?}");
    }
    assert!(
        !proposed.contains(&"member_of"),
        "states are members of nothing"
    );
    let query = json!({
        "ids": ["turkiye", "frontex", "no-such-entity"],
        "properties": [{ "id": "iso3" }, { "id": "co_chairs" }, { "id": "attended" }, { "id": "member_of" }],
    });
    assert_valid(
        &validator("data-extension-query.json"),
        &query,
        "the query sent",
    );
    let text = query.to_string();
    let posted = post_body(&server, "/reconcile", "application/json", text.clone()).await;
    let form = post_form(&server, "/reconcile", &[("extend", &text)]).await;
    let url = get(&server, "/reconcile", &[("extend", &text)]).await;
    let extended = posted.json();
    assert_eq!(form.json(), extended);
    assert_eq!(url.json(), extended);
    assert_valid(
        &validator("data-extension-response.json"),
        &extended,
        "the extension",
    );
    let rows = &extended["rows"];
    assert_eq!(rows["turkiye"]["iso3"], json!([{ "str": "TUR" }]));
    let co_chaired = rows["turkiye"]["co_chairs"].as_array().unwrap();
    assert!(
        co_chaired
            .iter()
            .any(|g| g["id"] == "twg-return-reintegration"),
        "{co_chaired:?}"
    );
    let attended = rows["frontex"]["attended"].as_array().unwrap();
    assert!(attended.iter().any(|m| m["id"] == "som-24"), "{attended:?}");
    assert_eq!(rows["no-such-entity"]["iso3"], json!([]));
    let members = post_body(
        &server,
        "/reconcile",
        "application/json",
        json!({ "ids": ["blomeyer-and-sanz"], "properties": [{ "id": "member_of" }] }).to_string(),
    )
    .await;
    let member_of = members.json()["rows"]["blomeyer-and-sanz"]["member_of"].clone();
    assert!(!member_of.as_array().unwrap().is_empty(), "{member_of}");
}

#[tokio::test]
async fn every_bad_input_gets_its_code() {
    let server = Server::start().await;
    let post_json = |body: String| post_body(&server, "/reconcile", "application/json", body);
    let query = |q: Value| json!({ "q0": q }).to_string();
    let too_many: serde_json::Map<String, Value> = (0..=MAX_BATCH)
        .map(|i| (format!("q{i}"), json!({ "query": "Turkey" })))
        .collect();
    let cases: Vec<(&str, u16, Answer)> = vec![
        ("BAD_REQUEST", 400, post_json("{\"q0\": ".into()).await),
        (
            "BAD_REQUEST",
            400,
            get(&server, "/reconcile", &[("queries", "{not json")]).await,
        ),
        ("BAD_REQUEST", 400, post_json("[1, 2]".into()).await),
        (
            "BAD_REQUEST",
            400,
            post_json(query(json!({ "type": "State" }))).await,
        ),
        (
            "BAD_REQUEST",
            400,
            post_json(query(json!({ "query": 7 }))).await,
        ),
        (
            "UNKNOWN_TYPE",
            400,
            post_json(query(json!({ "query": "x", "type": "Country" }))).await,
        ),
        (
            "INVALID_LIMIT",
            400,
            post_json(query(json!({ "query": "x", "limit": 0 }))).await,
        ),
        (
            "INVALID_LIMIT",
            400,
            post_json(query(json!({ "query": "x", "limit": MAX_LIMIT + 1 }))).await,
        ),
        (
            "INVALID_LIMIT",
            400,
            post_json(query(json!({ "query": "x", "limit": "ten" }))).await,
        ),
        (
            "UNKNOWN_PROPERTY",
            400,
            post_json(query(
                json!({ "query": "x", "properties": [{ "pid": "capital", "v": "Ankara" }] }),
            ))
            .await,
        ),
        (
            "LIMIT_EXCEEDED",
            400,
            post_json(Value::Object(too_many).to_string()).await,
        ),
        (
            "LIMIT_EXCEEDED",
            400,
            post_json(query(json!({ "query": "a".repeat(MAX_QUERY_CHARS + 1) }))).await,
        ),
        (
            "UNSUPPORTED_MEDIA_TYPE",
            415,
            post_body(&server, "/reconcile", "text/plain", "Turkey".into()).await,
        ),
        (
            "BAD_REQUEST",
            400,
            post_form(&server, "/reconcile", &[("nothing", "here")]).await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(
                &server,
                "/reconcile",
                &[("queries", "{}"), ("extend", "{}")],
            )
            .await,
        ),
        (
            "INVALID_CALLBACK",
            400,
            get(&server, "/reconcile", &[("callback", "alert(1)//")]).await,
        ),
        (
            "UNKNOWN_PROPERTY",
            400,
            get(
                &server,
                "/reconcile",
                &[(
                    "extend",
                    r#"{"ids": ["iran"], "properties": [{"id": "capital"}]}"#,
                )],
            )
            .await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(&server, "/reconcile", &[("extend", r#"{"ids": "iran"}"#)]).await,
        ),
        (
            "NOT_FOUND",
            404,
            get(&server, "/reconcile/preview", &[("id", "atlantis")]).await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(&server, "/reconcile/preview", &[]).await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(&server, "/reconcile/suggest/entity", &[]).await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(&server, "/reconcile/suggest/colour", &[("prefix", "r")]).await,
        ),
        (
            "UNKNOWN_TYPE",
            400,
            get(
                &server,
                "/reconcile/suggest/entity",
                &[("prefix", "t"), ("type", "Country")],
            )
            .await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(
                &server,
                "/reconcile/suggest/entity",
                &[("prefix", "t"), ("cursor", "-1")],
            )
            .await,
        ),
        (
            "UNKNOWN_TYPE",
            400,
            get(&server, "/reconcile/extend/propose", &[("type", "Country")]).await,
        ),
        (
            "BAD_REQUEST",
            400,
            get(&server, "/reconcile/extend/propose", &[]).await,
        ),
    ];
    for (i, (code, status, answer)) in cases.iter().enumerate() {
        assert_eq!(answer.status, *status, "case {i}: {}", answer.text);
        assert_eq!(answer.error_code(), *code, "case {i}: {}", answer.text);
    }
    let ids: Vec<String> = (0..=MAX_BATCH).map(|i| format!("id{i}")).collect();
    let extend = json!({ "ids": ids, "properties": [{ "id": "iso3" }] }).to_string();
    let too_many_ids = post_json(extend).await;
    assert_eq!(too_many_ids.error_code(), "LIMIT_EXCEEDED");
    // The refusals are counted by code, like every endpoint's.
    let metrics = get(&server, "/metrics", &[]).await.text;
    assert!(metrics.contains("code=\"UNKNOWN_TYPE\""), "{metrics}");
}

#[tokio::test]
async fn browsers_may_call_it_and_answers_are_compressed() {
    let server = Server::start().await;
    let response = server
        .client
        .get(format!("{}/reconcile", server.base))
        .header("origin", "https://openrefine.example")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(headers["content-encoding"], "gzip");
}

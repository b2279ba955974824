//! Hostile documents: one case per limit (depth, complexity, aliases, fields, tokens,
//! nesting, directives, fragments, body size), the fragment fan-out bomb, limits of the
//! selected operation only, and introspection switched off. Each is refused with its status,
//! code and message, and an ordinary query succeeds right after.

mod common;

use bpgraph_server::{Config, Limits};
use common::hostile::{check, repeat, still_answers, Case};
use common::Server;
use serde_json::{json, Value};
#[tokio::test]
async fn limits_refuse_expensive_queries() {
    let server = Server::start().await;
    let limits = Limits::DEFAULT;
    // Each level adds three to the depth and costs little: one item per page.
    let mut deep = "id".to_owned();
    for _ in 0..7 {
        deep = format!("statements(first: 1) {{ nodes {{ subject {{ {deep} }} }} }}");
    }
    check(
        &server,
        Case::query(
            "depth",
            format!("{{ entity(ref: \"turkiye\") {{ {deep} }} }}"),
        ),
        400,
        "LIMIT_EXCEEDED",
        "nested too deep",
    )
    .await;
    // Through an interface (`subject` is an `Entity`) as well as through objects.
    let wide = "{ states(first: 100) { nodes { statements(first: 100) { nodes { subject { statements(first: 100) { nodes { id } } } } } } } }";
    check(
        &server,
        Case::query("complexity", wide.into()),
        400,
        "LIMIT_EXCEEDED",
        "too complex",
    )
    .await;
    let aliases = (0..=limits.max_aliases)
        .map(|i| format!("a{i}: dataVersion"))
        .collect::<Vec<_>>()
        .join(" ");
    check(
        &server,
        Case::query("aliases", format!("{{ {aliases} }}")),
        400,
        "LIMIT_EXCEEDED",
        "aliases; at most 64",
    )
    .await;
    let fields = repeat("dataVersion", limits.max_fields + 1);
    check(
        &server,
        Case::query("repeated fields", format!("{{ {fields} }}")),
        400,
        "LIMIT_EXCEEDED",
        "field selections",
    )
    .await;
    let cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    check(
        &server,
        Case::query("fragment cycle", cycle.into()),
        400,
        "GRAPHQL_VALIDATION_FAILED",
        "",
    )
    .await;
    let chain: String = (0..12)
        .map(|i| format!("fragment F{i} on Query {{ ...F{} }} ", i + 1))
        .collect();
    let chain = format!("{{ ...F0 }} {chain} fragment F12 on Query {{ dataVersion }}");
    check(
        &server,
        Case::query("fragment chain", chain),
        400,
        "LIMIT_EXCEEDED",
        "fragments in a chain",
    )
    .await;
    let directives = repeat("@include(if: true)", limits.max_directives + 1);
    check(
        &server,
        Case::query("directives", format!("{{ dataVersion {directives} }}")),
        400,
        "LIMIT_EXCEEDED",
        "directives on one field",
    )
    .await;
    let tokens = repeat("__typename", limits.max_tokens + 1);
    check(
        &server,
        Case::query("tokens", format!("{{ {tokens} }}")),
        400,
        "LIMIT_EXCEEDED",
        "tokens",
    )
    .await;
    let nesting = format!(
        "{}{}",
        "{ a ".repeat(limits.max_nesting + 1),
        "}".repeat(limits.max_nesting + 1)
    );
    check(
        &server,
        Case::query("parser nesting", nesting),
        400,
        "LIMIT_EXCEEDED",
        "nested brackets",
    )
    .await;
    let batch: Vec<Value> = (0..=limits.max_batch)
        .map(|_| json!({ "query": "{ dataVersion }" }))
        .collect();
    check(
        &server,
        Case::post("batch", Value::Array(batch)),
        400,
        "LIMIT_EXCEEDED",
        "at most 10 operations",
    )
    .await;
    let big =
        json!({ "query": format!("{{ dataVersion }} #{}", "x".repeat(limits.max_body_bytes)) });
    check(
        &server,
        Case::post("body over the limit", big),
        413,
        "LIMIT_EXCEEDED",
        "larger than 65536 bytes",
    )
    .await;
}

#[tokio::test]
async fn introspection_can_be_switched_off() {
    let query = json!({ "query": "{ __schema { queryType { name } } }" });
    let (status, body) = Server::start().await.post(&query).await;
    assert_eq!(
        (status, &body["data"]["__schema"]["queryType"]["name"]),
        (200, &json!("Query"))
    );
    let server = Server::with_config(Config {
        introspection: false,
        ..Config::default()
    })
    .await;
    let (_, body) = server.post(&query).await;
    assert!(body["data"]["__schema"].is_null(), "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{body}"
    );
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("introspection is switched off"));
    still_answers(&server, "introspection").await;
}

/// Eight fragments, each spreading the next `fan_out` times: a document under 1 KB that
/// expands to `fan_out^7` fields.
fn fan_out_bomb(fan_out: usize) -> String {
    let mut query = String::from("{ ...F0 }");
    for i in 0..7 {
        let spreads = repeat(&format!("...F{}", i + 1), fan_out);
        query += &format!(" fragment F{i} on Query {{ {spreads} }}");
    }
    query + " fragment F7 on Query { dataVersion }"
}

#[tokio::test]
async fn fragments_spread_many_times_are_refused_without_expanding_them() {
    let server = Server::start().await;
    let bomb = fan_out_bomb(14);
    assert!(bomb.len() < 1024, "{} bytes", bomb.len());
    check(
        &server,
        Case::query("fan-out bomb", bomb),
        400,
        "LIMIT_EXCEEDED",
        "too complex",
    )
    .await;
    // The same shape under the limits is answered.
    let (status, body) = server.post(&json!({ "query": fan_out_bomb(2) })).await;
    assert_eq!(
        (status, body["data"]["dataVersion"].is_string()),
        (200, true),
        "{body}"
    );
}

#[tokio::test]
async fn limits_apply_to_the_operation_that_runs() {
    let server = Server::start().await;
    let limits = Limits::DEFAULT;
    let wide = "states(first: 100) { nodes { statements(first: 100) { nodes { subject { statements(first: 100) { nodes { id } } } } } } }";
    let mut deep = "id".to_owned();
    for _ in 0..7 {
        deep = format!("statements(first: 1) {{ nodes {{ subject {{ {deep} }} }} }}");
    }
    let aliases = (0..=limits.max_aliases)
        .map(|i| format!("a{i}: dataVersion"))
        .collect::<Vec<_>>()
        .join(" ");
    let document = format!(
        "query Cheap {{ ...Version }} query Expensive {{ {wide} }} \
         query Deep {{ entity(ref: \"turkiye\") {{ {deep} }} }} query Aliased {{ {aliases} }} \
         fragment Version on Query {{ dataVersion }}"
    );
    let (status, body) = server
        .post(&json!({ "query": document, "operationName": "Cheap" }))
        .await;
    assert_eq!(
        (status, body["data"]["dataVersion"].is_string()),
        (200, true),
        "{body}"
    );
    for (name, message) in [
        ("Expensive", "too complex"),
        ("Deep", "nested too deep"),
        ("Aliased", "aliases; at most 64"),
    ] {
        let case = Case::post(
            "an expensive operation selected",
            json!({ "query": document, "operationName": name }),
        );
        check(&server, case, 400, "LIMIT_EXCEEDED", message).await;
    }
    let case = Case::post(
        "several operations, none selected",
        json!({ "query": document }),
    );
    check(
        &server,
        case,
        400,
        "GRAPHQL_VALIDATION_FAILED",
        "several operations",
    )
    .await;
}

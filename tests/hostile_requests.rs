//! Malformed and misdirected requests: bodies that are not JSON or not a request, wrong
//! media types and methods, cross-site forms, and answers in the type `Accept` asks for.

mod common;

use common::hostile::{check, Case, GRAPHQL_RESPONSE};
use common::Server;
use serde_json::json;
#[tokio::test]
async fn malformed_requests_get_a_clear_error() {
    let server = Server::start().await;
    check(
        &server,
        Case::raw("malformed JSON", Some("application/json"), "{\"query\": "),
        400,
        "BAD_REQUEST",
        "not JSON",
    )
    .await;
    check(
        &server,
        Case::raw("not an object", Some("application/json"), "42"),
        400,
        "BAD_REQUEST",
        "JSON object",
    )
    .await;
    check(
        &server,
        Case::post("no query", json!({ "variables": {} })),
        400,
        "BAD_REQUEST",
        "`query` field is missing",
    )
    .await;
    check(
        &server,
        Case::post("empty batch", json!([])),
        400,
        "BAD_REQUEST",
        "batch is empty",
    )
    .await;
    let wrong_type = json!({ "query": "query($n: Int) { states(first: $n) { totalCount } }", "variables": { "n": "ten" } });
    check(
        &server,
        Case::post("variable of the wrong type", wrong_type),
        400,
        "GRAPHQL_VALIDATION_FAILED",
        "Int",
    )
    .await;
    let variables_not_object = json!({ "query": "{ dataVersion }", "variables": [1] });
    check(
        &server,
        Case::post("variables not an object", variables_not_object),
        400,
        "BAD_REQUEST",
        "`variables` must be a JSON object",
    )
    .await;
    let unknown_operation = json!({ "query": "query A { dataVersion }", "operationName": "B" });
    check(
        &server,
        Case::post("unknown operation name", unknown_operation),
        400,
        "GRAPHQL_VALIDATION_FAILED",
        "no operation named `B`",
    )
    .await;
    check(
        &server,
        Case::query("syntax error", "{ states(".into()),
        400,
        "GRAPHQL_PARSE_FAILED",
        "",
    )
    .await;
    // Under application/json a refused document is still a 200 with errors.
    check(
        &server,
        Case::query("syntax error (json)", "{ states(".into()).accept("application/json"),
        200,
        "GRAPHQL_PARSE_FAILED",
        "",
    )
    .await;
}

#[tokio::test]
async fn cross_site_and_wrong_method_requests_are_refused() {
    let server = Server::start().await;
    let form = "query=%7BdataVersion%7D";
    check(
        &server,
        Case::raw(
            "text/plain",
            Some("text/plain"),
            "{\"query\":\"{dataVersion}\"}",
        ),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "application/json",
    )
    .await;
    check(
        &server,
        Case::raw("form", Some("application/x-www-form-urlencoded"), form),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "",
    )
    .await;
    check(
        &server,
        Case::raw("multipart", Some("multipart/form-data; boundary=x"), form),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "",
    )
    .await;
    check(
        &server,
        Case::raw("no content type", None, "{\"query\":\"{dataVersion}\"}"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "",
    )
    .await;
    check(
        &server,
        Case::get("mutation over GET", "?query=mutation%7Bx%7D"),
        405,
        "METHOD_NOT_ALLOWED",
        "only queries",
    )
    .await;
    check(
        &server,
        Case::get("GET without query", "?operationName=A"),
        400,
        "BAD_REQUEST",
        "`query` parameter",
    )
    .await;
    check(
        &server,
        Case::query("unacceptable Accept", "{ dataVersion }".into()).accept("text/html"),
        406,
        "NOT_ACCEPTABLE",
        "",
    )
    .await;
    let response = server
        .client
        .get(format!("{}/graphql?query=mutation%7Bx%7D", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["allow"], "POST");
}

#[tokio::test]
async fn responses_follow_the_accept_header() {
    let server = Server::start().await;
    for (accept, content_type) in [
        (None, "application/json; charset=utf-8"),
        (Some("application/json"), "application/json; charset=utf-8"),
        (
            Some(GRAPHQL_RESPONSE),
            "application/graphql-response+json; charset=utf-8",
        ),
        (Some("*/*"), "application/json; charset=utf-8"),
    ] {
        let mut request = server
            .client
            .post(format!("{}/graphql", server.base))
            .json(&json!({ "query": "{ dataVersion }" }));
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            content_type,
            "{accept:?}"
        );
    }
}

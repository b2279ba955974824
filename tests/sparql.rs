//! `/sparql` over real HTTP: SPARQL names exactly the co-chairs and quotes GraphQL's
//! `coChairTimeline` gives; and each rule of the protocol: GET, POST of a query and of a form;
//! results and triples in every offered format (parsed back and compared); `406`; updates
//! refused; a malformed query's `400` with the parser's message; the result and time limits;
//! `503` while a store is built; a reload swaps the store; load shedding, CORS and metrics.
//! The query page is `sparql_page.rs`.

mod common;
mod sparql_client;

use bpgraph_seed::SeedFiles;
use bpgraph_server::{AppState, Config, SparqlSettings};
use common::Server;
use oxigraph::sparql::results::QueryResultsFormat;
use oxrdf::Triple;
use serde_json::{json, Value};
use sparql_client::*;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// Every co-chair statement with each of its quotes: (statement, group, state, source, quote).
/// The export's prefixes (`bp:`, `rdf:`, `prov:`, `dcterms:`) need no declaration.
const CO_CHAIRS: &str = "SELECT ?statement ?group ?state ?source ?quote WHERE {
  ?st a rdf:Statement ; rdf:predicate bp:co_chairs ; dcterms:identifier ?statement ;
      rdf:subject/dcterms:identifier ?state ; rdf:object/dcterms:identifier ?group ;
      prov:wasDerivedFrom ?citation .
  ?citation prov:value ?quote ; prov:wasQuotedFrom/dcterms:identifier ?source .
}";

const TIMELINE: &str = "query($after: String) { coChairTimeline(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes { statementId subject { slug } object { slug } citations { source { id } quote } }
} }";

const NAMES: &str = "SELECT ?slug ?name WHERE { ?e a bp:State ; dcterms:identifier ?slug ; schema:name ?name } ORDER BY ?slug LIMIT 5";
const TURKIYE: &str = "CONSTRUCT { entity:turkiye ?p ?o } WHERE { entity:turkiye ?p ?o }";

async fn co_chairs_of_graphql(server: &Server) -> BTreeSet<Row> {
    let mut rows = BTreeSet::new();
    let mut after = Value::Null;
    loop {
        let (status, body) = server
            .post(&json!({ "query": TIMELINE, "variables": { "after": after } }))
            .await;
        assert_eq!(status, 200, "{body}");
        let timeline = &body["data"]["coChairTimeline"];
        for statement in timeline["nodes"].as_array().unwrap() {
            for citation in statement["citations"].as_array().unwrap() {
                rows.insert(
                    [
                        &statement["statementId"],
                        &statement["object"]["slug"],
                        &statement["subject"]["slug"],
                        &citation["source"]["id"],
                        &citation["quote"],
                    ]
                    .map(|v| v.as_str().unwrap().to_owned())
                    .to_vec(),
                );
            }
        }
        if timeline["pageInfo"]["hasNextPage"] != json!(true) {
            return rows;
        }
        after = timeline["pageInfo"]["endCursor"].clone();
    }
}

#[tokio::test]
async fn sparql_names_exactly_the_co_chairs_and_quotes_of_the_graphql_timeline() {
    let server = start().await;
    let accept = "application/sparql-results+json";
    let (status, content_type, body) = send(form_post(&server, "query", CO_CHAIRS, accept)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(content_type, "application/sparql-results+json");
    let (vars, rows) = solutions(QueryResultsFormat::Json, &body);
    assert_eq!(vars, ["statement", "group", "state", "source", "quote"]);
    let sparql: BTreeSet<Row> = rows.iter().cloned().collect();
    assert_eq!(sparql.len(), rows.len(), "no row twice");
    let graphql = co_chairs_of_graphql(&server).await;
    assert!(graphql.len() > 5, "the timeline has co-chairs: {graphql:?}");
    pretty_assertions::assert_eq!(sparql, graphql);
}

#[tokio::test]
async fn get_post_and_form_post_give_the_same_answer() {
    let server = start().await;
    let json = "application/sparql-results+json";
    let (_, _, by_get) = send(get(&server, NAMES, json)).await;
    let (_, _, by_post) = send(query_post(&server, NAMES, json)).await;
    let (status, _, by_form) = send(form_post(&server, "query", NAMES, json)).await;
    assert_eq!(status, 200);
    let answer = solutions(QueryResultsFormat::Json, &by_get);
    assert_eq!(answer.1.len(), 5, "{answer:?}");
    assert_eq!(solutions(QueryResultsFormat::Json, &by_post), answer);
    assert_eq!(solutions(QueryResultsFormat::Json, &by_form), answer);
}

#[tokio::test]
async fn select_answers_json_xml_csv_and_tsv_by_accept() {
    let server = start().await;
    let (_, default_type, default_body) = send(get(&server, NAMES, "*/*")).await;
    assert_eq!(default_type, "application/sparql-results+json");
    let expected = solutions(QueryResultsFormat::Json, &default_body);
    for (accept, format) in [
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ] {
        let (status, content_type, body) = send(get(&server, NAMES, accept)).await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with(accept), "{content_type}");
        assert_eq!(solutions(format, &body), expected, "{accept}");
    }
    // CSV loses term types, so it is read as a table.
    let (_, content_type, body) = send(get(&server, NAMES, "text/csv")).await;
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let mut table = csv::Reader::from_reader(&body[..]);
    assert_eq!(table.headers().unwrap(), vec!["slug", "name"]);
    let rows: Vec<Row> = table
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows, expected.1);

    let ask = "ASK { entity:turkiye a bp:State }";
    let (status, _, body) = send(get(&server, ask, "application/sparql-results+json")).await;
    assert_eq!(status, 200);
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["boolean"], json!(true));
}

#[tokio::test]
async fn construct_and_describe_answer_turtle_json_ld_and_n_triples_by_accept() {
    let server = start().await;
    let (status, content_type, body) = send(get(&server, TURKIYE, "*/*")).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/turtle; charset=utf-8");
    let turtle: HashSet<Triple> = oxttl::TurtleParser::new()
        .for_slice(&body)
        .collect::<Result<_, _>>()
        .expect("the Turtle parses");
    assert!(turtle.len() > 3, "{turtle:?}");
    let (_, content_type, body) = send(get(&server, TURKIYE, "application/ld+json")).await;
    assert_eq!(content_type, "application/ld+json");
    let json_ld: HashSet<Triple> = oxjsonld::JsonLdParser::new()
        .for_slice(&body)
        .map(|quad| Triple::from(quad.expect("the JSON-LD parses")))
        .collect();
    assert_eq!(json_ld, turtle);
    let (_, content_type, body) = send(get(&server, TURKIYE, "application/n-triples")).await;
    assert_eq!(content_type, "application/n-triples");
    let n_triples: HashSet<Triple> = oxttl::NTriplesParser::new()
        .for_slice(&body)
        .collect::<Result<_, _>>()
        .expect("the N-Triples parse");
    assert_eq!(n_triples, turtle);

    let (status, _, body) = send(get(&server, "DESCRIBE entity:turkiye", "text/turtle")).await;
    assert_eq!(status, 200);
    assert!(String::from_utf8(body).unwrap().contains("Türkiye"));
}

#[tokio::test]
async fn an_unsupported_type_is_refused_with_406() {
    let server = start().await;
    for (query, accept) in [
        (NAMES, "text/turtle"),
        (TURKIYE, "text/csv"),
        (NAMES, "image/png"),
    ] {
        let (status, _, body) = send(get(&server, query, accept)).await;
        assert_eq!(status, 406, "{accept}");
        let message = String::from_utf8(body).unwrap();
        assert!(message.starts_with("NOT_ACCEPTABLE: "), "{message}");
    }
}

#[tokio::test]
async fn updates_are_refused_and_change_nothing() {
    let server = start().await;
    let insert = "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }";
    let refused = [
        form_post(&server, "update", insert, "*/*"),
        form_post(&server, "query", insert, "*/*"),
        server
            .client
            .post(format!("{}/sparql", server.base))
            .header("content-type", "application/sparql-update")
            .body(insert),
    ];
    for request in refused {
        let (status, _, body) = send(request).await;
        let message = String::from_utf8(body).unwrap();
        assert_eq!(status, 403, "{message}");
        assert!(message.starts_with("SPARQL_UPDATE_REFUSED: "), "{message}");
    }
    let ask = "ASK { <http://example.org/x> ?p ?o }";
    let (_, _, body) = send(get(&server, ask, "application/sparql-results+json")).await;
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer["boolean"], json!(false));
}

#[tokio::test]
async fn a_malformed_request_gets_400_with_the_reason() {
    let server = start().await;
    let (status, content_type, body) = send(get(&server, "SELECT ?x WHERE { ?x", "*/*")).await;
    let message = String::from_utf8(body).unwrap();
    assert_eq!(status, 400, "{message}");
    assert_eq!(content_type, "text/plain; charset=utf-8");
    assert!(
        message.starts_with("SPARQL_PARSE_FAILED: the query does not parse: "),
        "{message}"
    );
    // The parser's position: line 1, where the pattern stops.
    assert!(message.contains("1:"), "{message}");

    let (status, _, _) = send(
        server
            .client
            .get(format!("{}/sparql", server.base))
            .header("accept", "application/sparql-results+json"),
    )
    .await;
    assert_eq!(status, 400, "no query");
    let (status, _, _) = send(
        server
            .client
            .post(format!("{}/sparql", server.base))
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_eq!(status, 415, "a JSON body");
    let dataset = format!(
        "{}&default-graph-uri=http%3A%2F%2Fx",
        url_encode(&[("query", NAMES)])
    );
    let (status, _, body) = send(
        server
            .client
            .get(format!("{}/sparql?{dataset}", server.base)),
    )
    .await;
    assert_eq!(status, 400);
    assert!(String::from_utf8(body)
        .unwrap()
        .starts_with("SPARQL_DATASET_UNSUPPORTED"));
}

#[tokio::test]
async fn a_result_over_the_limit_is_refused_and_one_at_it_answers() {
    let server = start_with(SparqlSettings {
        sparql_max_results: 5,
        ..settings()
    })
    .await;
    let (status, _, _) = send(get(&server, NAMES, "*/*")).await;
    assert_eq!(status, 200, "5 results");
    let six = NAMES.replace("LIMIT 5", "LIMIT 6");
    let (status, _, body) = send(get(&server, &six, "*/*")).await;
    let message = String::from_utf8(body).unwrap();
    assert_eq!(status, 400, "{message}");
    assert!(
        message.starts_with("LIMIT_EXCEEDED: the query has more than 5 results"),
        "{message}"
    );
    let (status, _, _) = send(get(&server, TURKIYE, "*/*")).await;
    assert_eq!(status, 400, "more than 5 triples");
}

#[tokio::test]
async fn a_query_past_its_time_is_stopped_with_503() {
    // No time at all: any query that has to walk the store is stopped.
    let server = start_with(SparqlSettings {
        sparql_timeout_ms: 0,
        ..settings()
    })
    .await;
    // Every node's closure over every predicate: reads the store all along, so it notices.
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type)* ?b }";
    let (status, _, body) = send(get(&server, slow, "*/*")).await;
    let message = String::from_utf8(body).unwrap();
    assert_eq!(status, 503, "{message}");
    assert!(
        message.starts_with("TIMEOUT: the query ran longer than 0 ms"),
        "{message}"
    );
}

#[tokio::test]
async fn while_the_store_is_built_queries_get_503_with_retry_after() {
    let server = start_with(SparqlSettings {
        sparql_build_wait_ms: 0,
        ..SparqlSettings::default()
    })
    .await;
    let response = get(&server, NAMES, "*/*").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(header(&response, "retry-after"), "1");
    let message = response.text().await.unwrap();
    assert!(message.starts_with("SPARQL_STORE_BUILDING: "), "{message}");
    // The build goes on without anyone waiting; the store then answers.
    for _ in 0..3_000 {
        let (status, _, _) = send(get(&server, NAMES, "*/*")).await;
        if status == 200 {
            return;
        }
        assert_eq!(status, 503);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the store was never built");
}

#[tokio::test]
async fn a_reload_swaps_the_store_with_the_graph() {
    let embedded = Arc::new(bpgraph::load_embedded().unwrap());
    let config = Config {
        sparql: settings(),
        ..Config::default()
    };
    let state = AppState::new(embedded.clone(), config);
    let server = Server::with_state(state.clone()).await;
    let count =
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e dcterms:identifier ?id ; schema:name ?name }";
    let counted = |body: Vec<u8>| solutions(QueryResultsFormat::Json, &body).1[0][0].clone();
    let (_, _, body) = send(get(&server, count, "*/*")).await;
    let before = counted(body);
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/base");
    let small =
        bpgraph::load(&SeedFiles::read_dir(std::path::Path::new(fixture)).unwrap()).unwrap();
    assert_ne!(small.entity_count(), embedded.entity_count());
    state.swap(Arc::new(small));
    let (_, _, body) = send(get(&server, count, "*/*")).await;
    assert_ne!(counted(body), before, "the new graph's store answers");
}

#[tokio::test]
async fn sparql_sheds_load_and_shares_cors_and_metrics_with_graphql() {
    let mut config = Config {
        sparql: settings(),
        ..Config::default()
    };
    config.limits.max_concurrent = 0;
    let busy = Server::with_config(config).await;
    let response = get(&busy, NAMES, "*/*").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(header(&response, "retry-after"), "1");

    let server = start().await;
    let response = get(&server, NAMES, "*/*")
        .header("origin", "https://example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "access-control-allow-origin"), "*");
    send(get(&server, "SELECT", "*/*")).await;
    let metrics = server.get("/metrics").await.text().await.unwrap();
    for series in [
        r#"bpgraph_http_requests_total{route="/sparql",status="200"} 1"#,
        r#"bpgraph_http_requests_total{route="/sparql",status="400"} 1"#,
        r#"code="SPARQL_PARSE_FAILED""#,
    ] {
        assert!(metrics.contains(series), "{series} in\n{metrics}");
    }
}

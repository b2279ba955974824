//! Speaking to `/sparql` in tests: a server with SPARQL settings, the three ways to send a
//! query, and SPARQL results read back with Oxigraph's own parsers.

#![allow(dead_code)] // each test crate uses part of it

use crate::common::Server;
use bpgraph_server::{Config, SparqlSettings};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};

/// Waits for each store as long as it takes: these tests are about answers, not timing.
pub fn settings() -> SparqlSettings {
    SparqlSettings {
        sparql_build_wait_ms: 600_000,
        ..SparqlSettings::default()
    }
}

pub async fn start_with(sparql: SparqlSettings) -> Server {
    Server::with_config(Config {
        sparql,
        ..Config::default()
    })
    .await
}

pub async fn start() -> Server {
    start_with(settings()).await
}

pub type Row = Vec<String>;

/// Status, `Content-Type`, body.
pub async fn send(request: reqwest::RequestBuilder) -> (u16, String, Vec<u8>) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = header(&response, "content-type");
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub fn form_post(
    server: &Server,
    field: &str,
    query: &str,
    accept: &str,
) -> reqwest::RequestBuilder {
    let body: String = url_encode(&[(field, query)]);
    server
        .client
        .post(format!("{}/sparql", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", accept)
        .body(body)
}

pub fn query_post(server: &Server, query: &str, accept: &str) -> reqwest::RequestBuilder {
    server
        .client
        .post(format!("{}/sparql", server.base))
        .header("content-type", "application/sparql-query")
        .header("accept", accept)
        .body(query.to_owned())
}

pub fn get(server: &Server, query: &str, accept: &str) -> reqwest::RequestBuilder {
    let params = url_encode(&[("query", query)]);
    server
        .client
        .get(format!("{}/sparql?{params}", server.base))
        .header("accept", accept)
}

pub fn url_encode(pairs: &[(&str, &str)]) -> String {
    reqwest::Url::parse_with_params("http://x/", pairs)
        .unwrap()
        .query()
        .unwrap()
        .to_owned()
}

/// The solutions of a results document, each as its values in the order of `vars`.
pub fn solutions(format: QueryResultsFormat, body: &[u8]) -> (Vec<String>, Vec<Row>) {
    let parsed = QueryResultsParser::from_format(format)
        .for_slice(body)
        .expect("the results parse");
    let SliceQueryResultsParserOutput::Solutions(solutions) = parsed else {
        panic!("a boolean, not solutions");
    };
    let vars: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let rows = solutions
        .map(|solution| {
            let solution = solution.expect("a solution parses");
            vars.iter()
                .map(|v| solution.get(v.as_str()).map(term_value).unwrap_or_default())
                .collect()
        })
        .collect();
    (vars, rows)
}

pub fn term_value(term: &oxrdf::Term) -> String {
    match term {
        oxrdf::Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

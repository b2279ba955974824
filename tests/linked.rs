//! Linked data over real HTTP: `/entity/{slug}` by content negotiation, the four `/export/*`
//! files parsed back (Turtle with oxttl, JSON-LD with oxjsonld, GraphML with quick-xml, CSV with
//! csv) and checked against what the graph holds, `ETag`/`304`, the GraphQL `iri` fields, and
//! `bpgraph export` writing the very bytes the server answers.

mod common;

use bpgraph_graph::{KnowledgeGraph, ObjectRef};
use bpgraph_model::{DateSpec, EntityKind};
use bpgraph_server::Config;
use common::Server;
use oxrdf::{Literal, NamedNode, Term, Triple};
use serde_json::{json, Value};
use std::collections::HashSet;

const BASE: &str = "http://127.0.0.1:8080/";
const SCHEMA_NAME: &str = "http://schema.org/name";
const PROV_VALUE: &str = "http://www.w3.org/ns/prov#value";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_STATEMENT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";

fn graph() -> KnowledgeGraph {
    bpgraph::load_embedded().expect("the embedded seed loads")
}

async fn get(server: &Server, path: &str, accept: &str) -> reqwest::Response {
    // Redirects are checked, not followed.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    client
        .get(format!("{}{path}", server.base))
        .header("accept", accept)
        .send()
        .await
        .unwrap()
}

fn header<'r>(response: &'r reqwest::Response, name: &str) -> &'r str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

fn turtle(bytes: &[u8]) -> Vec<Triple> {
    oxttl::TurtleParser::new()
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("the Turtle parses")
}

fn json_ld(bytes: &[u8]) -> HashSet<Triple> {
    oxjsonld::JsonLdParser::new()
        .for_slice(bytes)
        .map(|quad| Triple::from(quad.expect("the JSON-LD parses")))
        .collect()
}

fn iri(text: &str) -> NamedNode {
    NamedNode::new(text).unwrap()
}

fn has(triples: &[Triple], subject: &str, predicate: &str, object: impl Into<Term>) -> bool {
    triples.contains(&Triple::new(iri(subject), iri(predicate), object.into()))
}

#[tokio::test]
async fn an_entity_iri_answers_turtle_with_its_statements_and_their_quotes() {
    let server = Server::start().await;
    let response = get(&server, "/entity/turkiye", "text/turtle").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/turtle; charset=utf-8"
    );
    assert!(header(&response, "vary").contains("accept"));
    assert!(header(&response, "etag").starts_with("W/\""));
    let triples = turtle(&response.bytes().await.unwrap());
    let turkiye = format!("{BASE}entity/turkiye");
    assert!(has(
        &triples,
        &turkiye,
        SCHEMA_NAME,
        Literal::from("Türkiye")
    ));
    assert!(has(
        &triples,
        &turkiye,
        "http://schema.org/alternateName",
        Literal::from("Turkey")
    ));
    assert!(has(
        &triples,
        &turkiye,
        RDF_TYPE,
        iri("http://schema.org/Country")
    ));
    // The simple view and the statement node with its quote and source.
    let group = format!("{BASE}entity/twg-return-reintegration");
    assert!(has(
        &triples,
        &turkiye,
        &format!("{BASE}vocab#co_chairs"),
        iri(&group)
    ));
    let statement = format!("{BASE}statement/rr-cochairs-som37/turkiye");
    assert!(has(&triples, &statement, RDF_TYPE, iri(RDF_STATEMENT)));
    assert!(has(
        &triples,
        &statement,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
        iri(&turkiye)
    ));
    let citation = format!("{statement}#citation-1");
    assert!(has(
        &triples,
        &statement,
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        iri(&citation)
    ));
    assert!(has(
        &triples,
        &citation,
        PROV_VALUE,
        Literal::from("co-chaired by Bangladesh, Türkiye and, as of 2026, Iraq")
    ));
    assert!(has(
        &triples,
        &citation,
        "http://www.w3.org/ns/prov#wasQuotedFrom",
        iri(&format!("{BASE}source/som37-summary"))
    ));
    // The other end is labelled, so the document reads alone.
    assert!(has(
        &triples,
        &group,
        SCHEMA_NAME,
        Literal::from("Thematic Working Group on Return and Reintegration")
    ));
}

#[tokio::test]
async fn an_entity_iri_answers_json_ld_with_the_same_triples() {
    let server = Server::start().await;
    let turtle_doc = get(&server, "/entity/turkiye", "text/turtle").await;
    let triples: HashSet<Triple> = turtle(&turtle_doc.bytes().await.unwrap())
        .into_iter()
        .collect();
    let response = get(&server, "/entity/turkiye", "application/ld+json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), "application/ld+json");
    let bytes = response.bytes().await.unwrap();
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(document["@context"]["schema"], "http://schema.org/");
    assert_eq!(document["@context"]["prov"], "http://www.w3.org/ns/prov#");
    let turkiye = document["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["@id"] == "entity:turkiye")
        .expect("a node for Türkiye");
    assert_eq!(turkiye["schema:name"], "Türkiye");
    assert_eq!(turkiye["bp:iso3"], "TUR");
    assert_eq!(json_ld(&bytes), triples);
}

#[tokio::test]
async fn browsers_are_sent_to_the_explorer_and_other_types_are_refused() {
    let server = Server::start().await;
    let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let page = get(&server, "/entity/turkiye", browser).await;
    assert_eq!(page.status(), 303);
    assert_eq!(header(&page, "location"), "/?entity=turkiye");
    assert!(header(&page, "vary").contains("accept"));
    // The deep link is the explorer page.
    let explorer = get(&server, "/?entity=turkiye", browser).await;
    assert_eq!(explorer.status(), 200);
    assert!(header(&explorer, "content-type").starts_with("text/html"));

    let refused = get(&server, "/entity/turkiye", "image/png").await;
    assert_eq!(refused.status(), 406);
    let message = refused.text().await.unwrap();
    assert!(
        message.contains("text/turtle, application/ld+json or text/html"),
        "{message}"
    );

    // No preference: Turtle.
    let any = get(&server, "/entity/turkiye", "*/*").await;
    assert_eq!(header(&any, "content-type"), "text/turtle; charset=utf-8");
}

#[tokio::test]
async fn unknown_slugs_are_not_found_with_a_hint() {
    let server = Server::start().await;
    let alias = get(&server, "/entity/Turkey", "text/turtle").await;
    assert_eq!(alias.status(), 404);
    let message = alias.text().await.unwrap();
    assert!(
        message.contains("no entity has the slug `Turkey`"),
        "{message}"
    );
    assert!(
        message.contains("did you mean /entity/turkiye?"),
        "{message}"
    );
    let nothing = get(&server, "/entity/atlantis", "text/turtle").await;
    assert_eq!(nothing.status(), 404);
    assert!(nothing
        .text()
        .await
        .unwrap()
        .contains("slugs are lowercase ids"));
    let export = get(&server, "/export/graph.xml", "*/*").await;
    assert_eq!(export.status(), 404);
    assert!(export.text().await.unwrap().contains("/export/graph.ttl"));
}

/// The distinct triples the Turtle export must hold, counted from the graph by the mapping of
/// docs/linked-data.md, independently of the code that writes them.
fn expected_triple_count(graph: &KnowledgeGraph) -> usize {
    let time = |date: Option<&DateSpec>| match date {
        None => 0,
        // A link to an interval with two instants, each with a type and a position.
        Some(date) if date.is_range() => 1 + 1 + 2 + 2 * 2,
        // A link to an instant with its type and position.
        Some(_) => 3,
    };
    let optional = |value: Option<&str>| usize::from(value.is_some());
    let mut count = 0;
    for source in graph.sources() {
        count += 4 + time(Some(source.date()));
    }
    for entity in graph.entities() {
        count += 4 + entity.aliases().len();
        count += optional(entity.category()) + optional(entity.iso2()) + optional(entity.iso3());
        count += time(entity.date()) + usize::from(entity.date_derivation().is_some());
        if entity.kind() == EntityKind::Meeting && entity.date().is_some() {
            count += 2; // schema:startDate, schema:endDate
        }
        count += usize::from(entity.status().is_some()) + usize::from(entity.format().is_some());
        count += optional(entity.note()) + 3 * entity.citations().count();
    }
    let mut direct = HashSet::new();
    for statement in graph.statements() {
        let object = match statement.object() {
            ObjectRef::Entity(entity) => format!("entity {}", entity.slug()),
            ObjectRef::Text(text) => format!("text {text}"),
            ObjectRef::Number(value) => format!("number {value}"),
        };
        direct.insert((statement.subject().slug(), statement.predicate(), object));
        let q = statement.qualifiers();
        count += 5 + time(q.start.as_ref()) + time(q.end.as_ref()) + time(q.at.as_ref());
        // bp:derivation always, bp:dateDerivation with dates.
        count += 1 + usize::from(q.date_derivation.is_some());
        count += [&q.role, &q.measure, &q.unit, &q.note]
            .iter()
            .filter(|v| v.is_some())
            .count();
        count += usize::from(q.status.is_some()) + usize::from(q.format.is_some());
        count += usize::from(q.bound.is_some());
        count += 3 * statement.citations().count();
    }
    count + direct.len()
}

#[tokio::test]
async fn the_turtle_export_holds_every_fact_quote_and_qualifier() {
    let server = Server::start().await;
    let graph = graph();
    let response = get(&server, "/export/graph.ttl", "*/*").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        "text/turtle; charset=utf-8"
    );
    assert_eq!(
        header(&response, "content-disposition"),
        "attachment; filename=\"graph.ttl\""
    );
    let triples = turtle(&response.bytes().await.unwrap());
    let distinct: HashSet<&Triple> = triples.iter().collect();
    assert_eq!(distinct.len(), triples.len(), "no triple is written twice");
    assert_eq!(triples.len(), expected_triple_count(&graph));

    let count = |predicate: &str, object: Option<&str>| {
        triples
            .iter()
            .filter(|t| t.predicate.as_str() == predicate)
            .filter(|t| object.is_none_or(|o| t.object == Term::from(iri(o))))
            .count()
    };
    assert_eq!(
        count(RDF_TYPE, Some(RDF_STATEMENT)),
        graph.statement_count()
    );
    let citations: usize = graph
        .entities()
        .map(|e| e.citations().count())
        .sum::<usize>()
        + graph
            .statements()
            .map(|s| s.citations().count())
            .sum::<usize>();
    assert_eq!(count(PROV_VALUE, None), citations);
    assert_eq!(count(SCHEMA_NAME, None), graph.entity_count());
    assert!(has(
        &triples,
        &format!("{BASE}entity/turkiye"),
        SCHEMA_NAME,
        Literal::from("Türkiye")
    ));
    // "over 12 million people": the bound is a qualifier of its own, not words in the measure.
    let bound = format!("{BASE}vocab#bound");
    assert!(has(
        &triples,
        &format!("{BASE}statement/mrcs-people-reached-2024"),
        &bound,
        Literal::from("more_than")
    ));
    // "Hungary becomes co-chair" is quoted; its year 2006 comes from the timeline's layout,
    // as does the 2006 milestone's.
    let (derivation, date_derivation) = (
        format!("{BASE}vocab#derivation"),
        format!("{BASE}vocab#dateDerivation"),
    );
    let from_2006 = format!("{BASE}statement/hungary-cochairs-bp-from-2006");
    let read = |subject: &str, property: &str, reading: &str| {
        has(&triples, subject, property, Literal::from(reading))
    };
    assert!(read(&from_2006, &derivation, "stated"));
    assert!(read(&from_2006, &date_derivation, "reconstructed"));
    let milestone = format!("{BASE}entity/milestone-2006");
    assert!(read(&milestone, &date_derivation, "reconstructed"));
    assert_eq!(count(&derivation, None), graph.statement_count());
}

#[tokio::test]
async fn the_json_ld_export_has_a_standard_context_and_the_turtle_triples() {
    let server = Server::start().await;
    let ttl = get(&server, "/export/graph.ttl", "*/*").await;
    let triples: HashSet<Triple> = turtle(&ttl.bytes().await.unwrap()).into_iter().collect();
    let response = get(&server, "/export/graph.jsonld", "*/*").await;
    assert_eq!(header(&response, "content-type"), "application/ld+json");
    let bytes = response.bytes().await.unwrap();
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    let context = &document["@context"];
    for (prefix, namespace) in [
        ("schema", "http://schema.org/"),
        ("org", "http://www.w3.org/ns/org#"),
        ("time", "http://www.w3.org/2006/time#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("bp", "http://127.0.0.1:8080/vocab#"),
    ] {
        assert_eq!(context[prefix], namespace, "{prefix}");
    }
    let nodes = document["@graph"].as_array().unwrap();
    let iraq_joins = nodes
        .iter()
        .find(|n| n["@id"] == "statement:rr-cochair-iraq-as-of-2026")
        .expect("the statement node");
    assert_eq!(iraq_joins["@type"], "rdf:Statement");
    assert_eq!(
        iraq_joins["rdf:predicate"],
        json!({ "@id": "bp:co_chairs" })
    );
    assert_eq!(json_ld(&bytes), triples);
}

#[tokio::test]
async fn the_graphml_export_has_a_node_per_entity_and_an_edge_per_link() {
    let server = Server::start().await;
    let graph = graph();
    let response = get(&server, "/export/graph.graphml", "*/*").await;
    assert_eq!(
        header(&response, "content-type"),
        "application/graphml+xml; charset=utf-8"
    );
    let xml = response.text().await.unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut nodes, mut edges) = (0, 0);
    let mut texts = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(element) => match element.name().as_ref() {
                b"node" => nodes += 1,
                b"edge" => edges += 1,
                _ => {}
            },
            quick_xml::events::Event::Text(text) => texts.push(text.decode().unwrap().into_owned()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let links = graph
        .statements()
        .filter(|s| s.object().entity().is_some())
        .count();
    assert_eq!(nodes, graph.entity_count());
    assert_eq!(edges, links);
    assert!(texts.iter().any(|t| t == "Türkiye"));
    assert!(xml.contains("<node id=\"turkiye\">"));
    assert!(xml.contains("<data key=\"edge-predicate\">co_chairs</data>"));
    assert!(xml.contains("<data key=\"edge-dateDerivation\">reconstructed</data>"));
    assert!(xml.contains("<data key=\"node-dateDerivation\">reconstructed</data>"));
}

#[tokio::test]
async fn the_csv_export_has_a_row_per_statement_and_citation() {
    let server = Server::start().await;
    let graph = graph();
    let response = get(&server, "/export/statements.csv", "*/*").await;
    assert_eq!(
        header(&response, "content-type"),
        "text/csv; charset=utf-8; header=present"
    );
    let body = response.bytes().await.unwrap();
    let mut table = csv::Reader::from_reader(&body[..]);
    let columns = table.headers().unwrap().clone();
    assert_eq!(
        columns.iter().collect::<Vec<_>>(),
        bpgraph_export::CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    let citations: usize = graph.statements().map(|s| s.citations().count()).sum();
    assert_eq!(rows.len(), citations);
    let column = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let row = rows
        .iter()
        .find(|r| &r[column("statement")] == "rr-cochairs-som37/turkiye")
        .expect("the row of Türkiye's co-chairing");
    assert_eq!(&row[column("subject_name")], "Türkiye");
    assert_eq!(&row[column("predicate")], "co_chairs");
    assert_eq!(&row[column("object")], "twg-return-reintegration");
    assert_eq!(&row[column("point_in_time")], "2025-11-26/2025-11-27");
    // Quoted, and dated by the meeting the summary reports.
    assert_eq!(&row[column("derivation")], "stated");
    assert_eq!(&row[column("date_derivation")], "inferred");
    assert_eq!(&row[column("source")], "som37-summary");
    assert_eq!(
        &row[column("quote")],
        "co-chaired by Bangladesh, Türkiye and, as of 2026, Iraq"
    );
}

#[tokio::test]
async fn exports_are_tagged_by_the_data_version_and_revalidate_with_304() {
    let server = Server::start().await;
    for path in ["/export/graph.ttl", "/entity/turkiye"] {
        let first = get(&server, path, "text/turtle").await;
        let etag = header(&first, "etag").to_owned();
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        let again = server
            .client
            .get(format!("{}{path}", server.base))
            .header("accept", "text/turtle")
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(&again, "etag"), etag);
    }
    let ttl = get(&server, "/export/graph.ttl", "*/*").await;
    let csv = get(&server, "/export/statements.csv", "*/*").await;
    assert_ne!(header(&ttl, "etag"), header(&csv, "etag"));
}

#[tokio::test]
async fn the_base_iri_is_configurable_and_graphql_gives_out_the_same_iris() {
    let server = Server::with_config(Config {
        base_iri: "https://example.org/bp".parse().unwrap(),
        ..Config::default()
    })
    .await;
    let (status, body) = server
        .post(&json!({ "query": r#"{
            entity(ref: "Turkey") { iri }
            statement: entity(ref: "iraq") { ... on State { coChairships(first: 1) { nodes { attestations { iri citations { source { iri } } } } } } }
        }"# }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["entity"]["iri"],
        "https://example.org/bp/entity/turkiye"
    );
    let statement = &body["data"]["statement"]["coChairships"]["nodes"][0]["attestations"][0];
    assert!(statement["iri"]
        .as_str()
        .unwrap()
        .starts_with("https://example.org/bp/statement/"));
    assert!(statement["citations"][0]["source"]["iri"]
        .as_str()
        .unwrap()
        .starts_with("https://example.org/bp/source/"));

    let response = get(&server, "/entity/turkiye", "text/turtle").await;
    let triples = turtle(&response.bytes().await.unwrap());
    assert!(has(
        &triples,
        "https://example.org/bp/entity/turkiye",
        SCHEMA_NAME,
        Literal::from("Türkiye")
    ));
}

#[tokio::test]
async fn bpgraph_export_writes_the_bytes_the_server_answers() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    for (format, file) in [
        ("jsonld", "graph.jsonld"),
        ("turtle", "graph.ttl"),
        ("graphml", "graph.graphml"),
        ("csv", "statements.csv"),
    ] {
        let out = dir.path().join(file);
        let command_out = out.clone();
        let output = tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_bpgraph"))
                .args(["export", "--format", format, "--out"])
                .arg(&command_out)
                .env_remove("BPGRAPH_BASE_IRI")
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        assert!(output.status.success(), "{format}: {output:?}");
        let served = get(&server, &format!("/export/{file}"), "*/*").await;
        let served = served.bytes().await.unwrap();
        let written = std::fs::read(&out).unwrap();
        assert!(
            written == served,
            "{format}: the file differs from /export/{file}"
        );
    }
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_bpgraph"))
        .args(["export", "--format", "pdf"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("possible values: jsonld, turtle, graphml, csv"));
}

#[tokio::test]
async fn metrics_count_linked_data_by_route_pattern_not_by_slug() {
    let server = Server::start().await;
    for slug in ["turkiye", "iraq", "no-such-entity"] {
        get(&server, &format!("/entity/{slug}"), "text/turtle").await;
    }
    get(&server, "/export/statements.csv", "*/*").await;
    let metrics = server.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(r#"bpgraph_http_requests_total{route="/entity/{slug}",status="200"} 2"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"bpgraph_http_requests_total{route="/entity/{slug}",status="404"} 1"#)
    );
    assert!(metrics.contains(r#"route="/export/{file}""#));
    assert!(!metrics.contains("turkiye"));
}

#[tokio::test]
async fn a_new_graph_gets_new_export_tags() {
    let state = bpgraph_server::AppState::new(std::sync::Arc::new(graph()), Config::default());
    let server = Server::with_state(state.clone()).await;
    let before = get(&server, "/export/graph.ttl", "*/*").await;
    let etag = header(&before, "etag").to_owned();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/base");
    let files = bpgraph_seed::SeedFiles::read_dir(std::path::Path::new(fixture)).unwrap();
    state.swap(std::sync::Arc::new(bpgraph::load(&files).unwrap()));
    let after = server
        .client
        .get(format!("{}/export/graph.ttl", server.base))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 200, "the old tag no longer matches");
    assert_ne!(header(&after, "etag"), etag);
    // The new graph's content, not the old one's.
    let fixture_graph = bpgraph::load(&files).unwrap();
    let triples = turtle(&after.bytes().await.unwrap());
    let names = triples
        .iter()
        .filter(|t| t.predicate.as_str() == SCHEMA_NAME)
        .count();
    assert_eq!(names, fixture_graph.entity_count());
    assert_ne!(names, graph().entity_count());
}

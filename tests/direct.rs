//! Direct execution answers byte for byte as async-graphql does. Every query file of
//! `tests/queries/` and the cases below run both ways on the embedded data: where a plan
//! answers, the two answers must be equal; where async-graphql reports an error, the plan
//! must give up rather than answer.

mod common;

use async_graphql::parser::parse_query;
use async_graphql::{Request, Variables};
use bpgraph::KnowledgeGraph;
use bpgraph_api::direct::Plan;
use bpgraph_api::{schema_builder, BpSchema, Cx, SearchIndex};
use bpgraph_model::iri::BaseIri;
use serde_json::{json, Value};
use std::sync::{Arc, LazyLock};

struct Fixture {
    graph: Arc<KnowledgeGraph>,
    schema: BpSchema,
    base: BaseIri,
    search: SearchIndex,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let graph = Arc::new(bpgraph::load_embedded().expect("the embedded seed is valid"));
    let base = BaseIri::default();
    let search = SearchIndex::build_now(graph.clone());
    let schema = schema_builder(graph.clone(), base.clone(), search.clone())
        .finish()
        .unwrap();
    Fixture {
        graph,
        schema,
        base,
        search,
    }
});

/// What became of one query run both ways.
#[derive(Debug, PartialEq)]
enum Run {
    /// A plan answered, as async-graphql did.
    Planned,
    /// No plan covers the query.
    NotPlanned,
    /// A plan exists but gave up; async-graphql reported errors.
    GaveUp,
}

/// Runs `query` (operation `operation`, with `variables`) both ways and compares.
fn run(query: &str, operation: Option<&str>, variables: &Value) -> Run {
    let fixture = &*FIXTURE;
    let variables = Variables::from_json(variables.clone());
    let mut request = Request::new(query).variables(variables.clone());
    if let Some(name) = operation {
        request = request.operation_name(name);
    }
    let expected = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(fixture.schema.execute(request));
    let expected_json = serde_json::to_string(&expected).unwrap();
    let document = parse_query(query).expect("the query parses");
    let plans = Plan::compile_all(&document);
    let plan = plans
        .iter()
        .find(|(name, _)| match (operation, name) {
            (Some(op), Some(name)) => name.as_str() == op,
            (None, _) => plans.len() == 1,
            _ => false,
        })
        .map(|(_, plan)| plan);
    let Some(plan) = plan else {
        return Run::NotPlanned;
    };
    let cx = Cx {
        graph: &fixture.graph,
        base: &fixture.base,
        search: &fixture.search,
    };
    match plan.execute(&cx, &variables) {
        Some(written) => {
            let written = String::from_utf8(written).unwrap();
            assert!(
                expected.errors.is_empty(),
                "a plan answered what async-graphql refuses:\n{query}\n{expected_json}"
            );
            assert_eq!(written, expected_json, "{query}");
            Run::Planned
        }
        None => {
            assert!(
                !expected.errors.is_empty(),
                "a plan gave up on a query async-graphql answers:\n{query}\n{expected_json}"
            );
            Run::GaveUp
        }
    }
}

fn check(query: &str, variables: Value, expected: Run) {
    assert_eq!(run(query, None, &variables), expected, "{query}");
}

#[test]
fn every_query_file_answers_alike() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/queries"));
    let mut planned = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "graphql") {
            continue;
        }
        let query = std::fs::read_to_string(&path).unwrap();
        if parse_query(&query).is_err() {
            continue;
        }
        let variables = std::fs::read_to_string(path.with_extension("vars.json"))
            .map(|text| serde_json::from_str(&text).unwrap())
            .unwrap_or(Value::Null);
        if run(&query, None, &variables) == Run::Planned {
            planned += 1;
        }
    }
    // The files cover much more than plans do; this many prove the comparison is not empty.
    assert!(
        planned >= 10,
        "only {planned} query files were answered by a plan"
    );
}

#[test]
fn fields_as_async_graphql_collects_them() {
    use Run::*;
    let timeline = "coChairTimeline(first: 3) { nodes { subject { name } } }";
    // Aliases, repeated keys merged, fragments and inline fragments spread in place.
    check(
        &format!("{{ a: {timeline} b: dataVersion a: {timeline} }}"),
        Value::Null,
        Planned,
    );
    check(
        "{ entity(ref: \"turkiye\") { name ...F ... on Entity { slug name } } } \
         fragment F on Node { id }",
        Value::Null,
        Planned,
    );
    check(
        "{ entity(ref: \"turkiye\") { statements(first: 2) { nodes { id } } \
           statements(first: 2) { nodes { predicate } totalCount } } }",
        Value::Null,
        Planned,
    );
    // `__typename` of every kind of object, the entity's its kind's type.
    check(
        "{ __typename search(text: \"budapest\", first: 5) { __typename edges { __typename \
           cursor node { __typename score matched entity { __typename kind } } } \
           pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } } }",
        Value::Null,
        Planned,
    );
    // Every field of a statement, its qualifiers, dates, citations and sources.
    check(
        "{ coChairTimeline(first: 100) { totalCount nodes { id statementId iri predicate \
           objectText objectNumber objectLabel subject { id slug name iri aliases kind category \
           note citations { quote } } object { name } qualifiers { start { iso precision year \
           month day isRange earliest latest } end { iso } pointInTime { iso year } role \
           status format measure unit note } citations { quote source { id iri title kind \
           date { iso } file } } } } }",
        Value::Null,
        Planned,
    );
    check(
        "{ path(from: \"afghanistan\", to: \"colep\", maxHops: 4) { steps { from { name } \
           statement { predicate } to { slug } } } }",
        Value::Null,
        Planned,
    );
    check(
        "{ path(from: \"afghanistan\", to: \"colep\", maxHops: 1) { steps { from { name } } } }",
        Value::Null,
        Planned,
    );
    check(
        "{ statement(id: \"som37-held-in\") { statementId } }",
        Value::Null,
        GaveUp,
    );
    // Skipped fields, and an object left with none: `null`, as async-graphql answers.
    check(
        "query($no: Boolean!) { dataVersion @skip(if: $no) entity(ref: \"turkiye\") { \
           name @include(if: $no) slug @skip(if: $no) } }",
        json!({ "no": true }),
        Planned,
    );
    check(
        "query($no: Boolean!) { dataVersion @skip(if: $no) entity(ref: \"turkiye\") { \
           name @include(if: $no) slug @skip(if: $no) } }",
        json!({ "no": false }),
        Planned,
    );
}

#[test]
fn arguments_and_variables_coerce_as_in_async_graphql() {
    use Run::*;
    let query = "query($first: Int, $after: String, $group: String, $asOf: DateInput) { \
                 coChairTimeline(first: $first, after: $after, group: $group) { totalCount \
                 edges { cursor node { subject { name } } } pageInfo { hasNextPage endCursor } } \
                 entity(ref: \"turkiye\") { statements(asOf: $asOf, first: 2, \
                 direction: OUTGOING, predicate: ATTENDED) { nodes { objectLabel } } } }";
    check(query, json!({ "first": 2 }), Planned);
    check(
        query,
        json!({ "first": 2, "after": "Y3Vyc29yOjE" }),
        Planned,
    );
    check(
        query,
        json!({ "asOf": 2025, "group": "budapest-process" }),
        Planned,
    );
    check(query, json!({ "asOf": "2025-03" }), Planned);
    check(query, json!({ "first": 500 }), GaveUp);
    check(query, json!({ "first": "two" }), GaveUp);
    check(query, json!({ "after": "not a cursor" }), GaveUp);
    check(query, json!({ "asOf": "March" }), GaveUp);
    check(query, json!({ "group": "no-such-group" }), GaveUp);
    // Defaults of variables and of arguments.
    check(
        "query($first: Int = 1) { coChairTimeline(first: $first) { nodes { predicate } } }",
        Value::Null,
        Planned,
    );
    check(
        "query($hops: Int = 3, $only: [Predicate!]) { path(from: \"turkiye\", \
         to: \"budapest-process\", maxHops: $hops, predicates: $only) { steps { to { name } } } }",
        json!({ "only": ["CO_CHAIRS", "CHAIRS"] }),
        Planned,
    );
    check(
        "query($kinds: [EntityKind!]) { search(text: \"silk\", kinds: $kinds) { totalCount \
         nodes { matched } } }",
        json!({ "kinds": ["REGION", "PROCESS"] }),
        Planned,
    );
    check("{ search(text: \"\") { totalCount } }", Value::Null, GaveUp);
    check(
        "{ entity(ref: \"atlantis\") { name } }",
        Value::Null,
        GaveUp,
    );
}

#[test]
fn every_kind_and_fragment_on_a_kind_is_planned() {
    use Run::*;
    for query in [
        "{ entity(ref: \"turkiye\") { ... on State { iso2 coChairships { nodes { id } } } } }",
        "{ entity(ref: \"som-37\") { name ... on Meeting { date { iso } participants(kind: STATE) { totalCount } } } }",
        "{ stats { entityCount byKind { kind count } meetingsPerYear { year count } } }",
        "{ states(first: 2) { nodes { name iso3 } } }",
        "{ meetings(filter: { place: \"turkiye\" }) { nodes { name format status } } }",
        "{ vocabulary { predicate name subjectKinds object } }",
        "{ neighbourhood(entity: \"colep\") { center { name } entities { nodes { distance entity { __typename } } } } }",
        "{ textSearch(query: \"operational arm\", first: 3) { totalCount nodes { kind score snippet { text highlights { start end } } } } }",
        "{ sources { nodes { id title date { iso } statements(first: 1) { totalCount } } } }",
    ] {
        assert_eq!(run(query, None, &Value::Null), Planned, "{query}");
    }
}

#[test]
fn what_plans_do_not_cover_goes_to_async_graphql() {
    use Run::*;
    for query in [
        "{ __schema { queryType { name } } }",
        "{ __type(name: \"State\") { name } }",
        "{ entity(ref: \"turkiye\") { name @deprecated } }",
        "query($x: Boolean!) { ...F @include(if: $x) } fragment F on Query { dataVersion }",
    ] {
        assert_eq!(
            run(query, None, &json!({ "x": true })),
            NotPlanned,
            "{query}"
        );
    }
}

#[test]
fn each_operation_of_a_document_has_its_own_plan() {
    let query = "query A { dataVersion } query B { states { totalCount } } \
                 query C { entity(ref: \"turkiye\") { name } }";
    assert_eq!(run(query, Some("A"), &Value::Null), Run::Planned);
    assert_eq!(run(query, Some("B"), &Value::Null), Run::Planned);
    assert_eq!(run(query, Some("C"), &Value::Null), Run::Planned);
}

/// Over HTTP with the response cache off, the first request of a text runs through
/// async-graphql (which validates it) and later ones through its plan: both answer alike.
#[tokio::test]
async fn repeated_requests_answer_alike_over_http() {
    let config = bpgraph_server::Config {
        response_cache: false,
        ..Default::default()
    };
    let server = common::Server::with_config(config).await;
    for body in [
        json!({ "query": "query T($n: Int) { coChairTimeline(first: $n) { nodes { subject { name } \
                 citations { quote } } } }", "variables": { "n": 5 } }),
        json!({ "query": "{ entity(ref: \"turkiye\") { name aliases } }" }),
        json!([{ "query": "{ dataVersion }" }, { "query": "{ entity(ref: \"nope\") { name } }" }]),
    ] {
        let first = server.post(&body).await;
        for _ in 0..3 {
            assert_eq!(server.post(&body).await, first, "{body}");
        }
    }
    // A request whose plan gives up is answered by async-graphql, with its error.
    let bad = json!({ "query": "query T($n: Int) { coChairTimeline(first: $n) { nodes { subject { name } \
                 citations { quote } } } }", "variables": { "n": 500 } });
    let (status, answer) = server.post(&bad).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{answer}"
    );
}

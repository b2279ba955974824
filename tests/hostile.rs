//! Hostile requests: one case per limit and per malformed request, each refused with the
//! expected status, error code and message, and each followed by an ordinary query that must
//! still succeed. Limits are the defaults unless a case says otherwise.

mod common;

use bpgraph_server::{Config, Limits};
use common::Server;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// A request to `/graphql`.
struct Case {
    name: &'static str,
    method: &'static str,
    content_type: Option<&'static str>,
    accept: Option<&'static str>,
    body: Vec<u8>,
    query_string: String,
}

impl Case {
    fn post(name: &'static str, body: Value) -> Case {
        Case {
            name,
            method: "POST",
            content_type: Some("application/json"),
            accept: Some(GRAPHQL_RESPONSE),
            body: serde_json::to_vec(&body).unwrap(),
            query_string: String::new(),
        }
    }

    fn query(name: &'static str, query: String) -> Case {
        Case::post(name, json!({ "query": query }))
    }

    fn raw(name: &'static str, content_type: Option<&'static str>, body: &str) -> Case {
        Case {
            content_type,
            body: body.as_bytes().to_vec(),
            ..Case::post(name, Value::Null)
        }
    }

    fn get(name: &'static str, query_string: &str) -> Case {
        Case {
            method: "GET",
            content_type: None,
            body: Vec::new(),
            query_string: query_string.into(),
            ..Case::post(name, Value::Null)
        }
    }

    fn accept(self, accept: &'static str) -> Case {
        Case {
            accept: Some(accept),
            ..self
        }
    }
}

/// Sends `case`, checks its status, error code and message, then that the server still answers.
async fn check(server: &Server, case: Case, status: u16, code: &str, message: &str) {
    let url = format!("{}/graphql{}", server.base, case.query_string);
    let mut request = server
        .client
        .request(case.method.parse().unwrap(), url)
        .body(case.body);
    if let Some(content_type) = case.content_type {
        request = request.header("content-type", content_type);
    }
    if let Some(accept) = case.accept {
        request = request.header("accept", accept);
    }
    let started = std::time::Instant::now();
    let response = request.send().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status().as_u16(), status, "{}: status", case.name);
    let body: Value = response
        .json()
        .await
        .unwrap_or_else(|e| panic!("{}: body is not JSON: {e}", case.name));
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], code, "{}: {body}", case.name);
    assert!(
        body.get("data").is_none(),
        "{}: a refused request has no data entry: {body}",
        case.name
    );
    let text = error["message"].as_str().unwrap_or_default();
    assert!(
        text.contains(message),
        "{}: message {text:?} lacks {message:?}",
        case.name
    );
    assert!(
        !text.contains("src/") && !text.contains("panicked"),
        "{}: leaks internals: {text}",
        case.name
    );
    // Not a timing assertion of the product: a guard that a refusal does not hang.
    assert!(
        elapsed < Duration::from_secs(5),
        "{}: took {elapsed:?}",
        case.name
    );
    still_answers(server, case.name).await;
}

async fn still_answers(server: &Server, after: &str) {
    let (status, body) = server
        .post(&json!({ "query": "{ entity(ref: \"turkiye\") { name } }" }))
        .await;
    assert_eq!(
        (status, &body["data"]["entity"]["name"]),
        (200, &json!("Türkiye")),
        "after {after}: {body}"
    );
}

fn repeat(part: &str, times: usize) -> String {
    vec![part; times].join(" ")
}

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

/// Writes a raw HTTP/1.1 request head and `body`, then reads the whole answer.
async fn raw_exchange(server: &Server, head: &str, body: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await; // the server may stop reading early
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_50_mb_body_is_refused_before_it_is_read() {
    let server = Server::start().await;
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: 52428800\r\nconnection: close\r\n\r\n";
    // Only the first kilobyte is sent: the answer must not wait for the other 50 MB.
    let answer = raw_exchange(&server, head, &[b' '; 1024]).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("LIMIT_EXCEEDED"), "{answer}");
    // Without a length (chunked), the limit holds on the bytes as they arrive.
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
    let chunk = format!("{:x}\r\n{}\r\n0\r\n\r\n", 70_000, " ".repeat(70_000));
    let answer = raw_exchange(&server, head, chunk.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    still_answers(&server, "50 MB body").await;
}

#[tokio::test]
async fn slow_requests_time_out_and_excess_requests_are_shed() {
    let limits = Limits {
        timeout_ms: 500,
        max_concurrent: 1,
        ..Limits::DEFAULT
    };
    let server = Server::with_config(Config {
        limits,
        ..Config::default()
    })
    .await;
    // A client that announces a body and never sends it holds the only slot until it times out.
    let head = "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n";
    let slow = {
        let server_address = server.address;
        tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(server_address)
                .await
                .unwrap();
            stream.write_all(head.as_bytes()).await.unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            String::from_utf8_lossy(&answer).into_owned()
        })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    let response = server
        .client
        .post(format!("{}/graphql", server.base))
        .json(&json!({ "query": "{ dataVersion }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "OVERLOADED");
    // Its time is up while its body is still missing: the client's fault.
    let answer = slow.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("BODY_TIMEOUT") && answer.contains("500 ms"),
        "{answer}"
    );
    still_answers(&server, "a timed-out request").await;
}

#[tokio::test]
async fn a_body_shorter_than_its_length_is_a_client_timeout() {
    let server = Server::with_config(Config {
        limits: Limits {
            timeout_ms: 300,
            ..Limits::DEFAULT
        },
        ..Config::default()
    })
    .await;
    let body = br#"{"query":"{ dataVersion }"}"#;
    let head = format!(
        "POST /graphql HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n",
        body.len() + 10
    );
    // The whole body but ten bytes short of what was announced, on a connection kept open.
    let answer = raw_exchange(&server, &head, body).await;
    let (head, json) = answer.split_once("\r\n\r\n").expect("a whole answer");
    assert!(head.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        head.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    let json: Value = serde_json::from_str(json).expect("a JSON body");
    assert_eq!(
        json["errors"][0]["extensions"]["code"], "BODY_TIMEOUT",
        "{json}"
    );
    assert!(json.get("data").is_none(), "{json}");
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("shorter than its Content-Length")),
        "{json}"
    );
    still_answers(&server, "a short body").await;
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

/// A random selection for the measuring check: a list field `l` (with a page size or not),
/// an object or scalar field `s`, or a spread of a later fragment.
#[derive(Debug)]
enum Item {
    Field {
        list: bool,
        first: Option<First>,
        children: Vec<Item>,
    },
    Spread(usize),
}

#[derive(Debug, Clone, Copy)]
enum First {
    Literal(usize),
    Variable,
}

/// The value given to `$n` in the measuring check.
const N: usize = 3;

fn random_items(
    rng: &mut fastrand::Rng,
    fragment: usize,
    fragments: usize,
    depth: u32,
) -> Vec<Item> {
    (0..rng.usize(1..4))
        .map(|_| {
            let later = fragment + 1..fragments;
            if !later.is_empty() && rng.bool() {
                return Item::Spread(rng.usize(later));
            }
            let list = rng.bool();
            let first = match rng.u8(0..3) {
                0 => None,
                1 => Some(First::Literal(rng.usize(0..4))),
                _ => Some(First::Variable),
            };
            let children = if depth < 3 && rng.bool() {
                random_items(rng, fragment, fragments, depth + 1)
            } else {
                Vec::new()
            };
            Item::Field {
                list,
                first: first.filter(|_| list),
                children,
            }
        })
        .collect()
}

fn render(items: &[Item]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            Item::Spread(j) => format!("...F{j}"),
            Item::Field {
                list,
                first,
                children,
            } => {
                let name = if *list { "l" } else { "s" };
                let arguments = match first {
                    None => String::new(),
                    Some(First::Literal(n)) => format!("(first: {n})"),
                    Some(First::Variable) => "(first: $n)".to_owned(),
                };
                let selection = if children.is_empty() {
                    String::new()
                } else {
                    format!(" {{ {} }}", render(children))
                };
                format!("{name}{arguments}{selection}")
            }
        })
        .collect();
    parts.join(" ")
}

/// Cost, fields and depth by spreading every fragment where it is used, as the rule says.
fn naive(items: &[Item], fragments: &[Vec<Item>]) -> (usize, usize, usize) {
    items.iter().fold((0, 0, 0), |(cost, fields, depth), item| {
        let (c, f, d) = match item {
            Item::Spread(j) => naive(&fragments[*j], fragments),
            Item::Field {
                list,
                first,
                children,
            } => {
                let page = match (list, first) {
                    (false, _) => 1,
                    (true, None) => 20,
                    (true, Some(First::Literal(n))) => *n,
                    (true, Some(First::Variable)) => N,
                };
                let (c, f, d) = naive(children, fragments);
                (page * c + 1, f + 1, d + 1)
            }
        };
        (cost + c, fields + f, depth.max(d))
    })
}

#[test]
fn measuring_once_per_fragment_equals_spreading_every_fragment() {
    use bpgraph_server::limits::{complexity, ListFields};
    let lists = ListFields::of_fields([("l", "LConnection")]);
    let variables = async_graphql::Variables::from_json(json!({ "n": N }));
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..500 {
        let count = rng.usize(1..6);
        let fragments: Vec<Vec<Item>> = (0..count)
            .map(|i| random_items(&mut rng, i, count, 0))
            .collect();
        let operation = random_items(&mut rng, 0, count, 0);
        let mut query = format!("query($n: Int) {{ {} ...F0 }}", render(&operation));
        for (i, items) in fragments.iter().enumerate() {
            query += &format!(" fragment F{i} on Query {{ {} }}", render(items));
        }
        let doc = async_graphql::parser::parse_query(&query).expect("generated queries parse");
        let size = complexity(&doc, &variables, &lists);
        let mut with_first = operation;
        with_first.push(Item::Spread(0));
        assert_eq!(
            (size.cost, size.fields, size.depth),
            naive(&with_first, &fragments),
            "{query}"
        );
    }
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

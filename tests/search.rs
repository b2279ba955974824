//! `textSearch` over real HTTP (server on port 0): phrases from quotes, notes and source
//! passages with their highlights, folded diacritics, prefixes, filters, stable pages, and
//! hostile texts answered without a server error.

mod common;

use common::Server;
use serde_json::{json, Value};

const HITS: &str = r#"
query Hits($query: String!, $kinds: [HitKind!], $sources: [ID!], $first: Int, $after: String) {
  textSearch(query: $query, kinds: $kinds, sources: $sources, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      score kind
      snippet { text highlights { start end } }
      entity { slug }
      statement { statementId }
      citation { quote source { id } }
      citationIndex
      passage { source { id text } ordinal offset text }
    }
  }
}"#;

/// The `textSearch` answer to `variables`, which must have no errors.
async fn search(server: &Server, variables: Value) -> Value {
    let (status, body) = server
        .post(&json!({ "query": HITS, "variables": variables }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{variables}: {body}");
    body["data"]["textSearch"].clone()
}

fn nodes(answer: &Value) -> &Vec<Value> {
    answer["nodes"].as_array().unwrap()
}

/// The highlighted parts of a hit's snippet (highlights count characters).
fn highlighted(hit: &Value) -> Vec<String> {
    let chars: Vec<char> = hit["snippet"]["text"].as_str().unwrap().chars().collect();
    hit["snippet"]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (start, end) = (h["start"].as_u64().unwrap(), h["end"].as_u64().unwrap());
            chars[start as usize..end as usize].iter().collect()
        })
        .collect()
}

/// The words of a text, lower-cased: a phrase across a line break or a hyphen is the phrase.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What a hit points at, to tell hits apart.
fn identity(hit: &Value) -> String {
    json!([
        hit["kind"],
        hit["entity"]["slug"],
        hit["statement"]["statementId"],
        hit["citationIndex"],
        hit["passage"]["source"]["id"],
        hit["passage"]["ordinal"],
    ])
    .to_string()
}

#[tokio::test]
async fn phrases_are_found_where_they_are_written() {
    let server = Server::start().await;
    for phrase in ["operational arm", "strategic guidance", "Director General"] {
        for query in [phrase.to_owned(), format!("\"{phrase}\"")] {
            let answer = search(&server, json!({ "query": query, "first": 100 })).await;
            let holding: Vec<&Value> = nodes(&answer)
                .iter()
                .filter(|hit| highlighted(hit).iter().any(|h| words(h) == words(phrase)))
                .collect();
            assert!(
                holding
                    .iter()
                    .any(|hit| hit["kind"] == "STATEMENT" && hit["citation"]["quote"].is_string()),
                "{query}: a statement's quote holds it: {answer}"
            );
            assert!(
                holding.iter().any(|hit| hit["kind"] == "PASSAGE"),
                "{query}: a passage holds it: {answer}"
            );
        }
    }
}

#[tokio::test]
async fn a_hit_points_at_what_it_came_from() {
    let server = Server::start().await;
    let answer = search(
        &server,
        json!({ "query": "\"operational arm\"", "first": 100 }),
    )
    .await;
    for hit in nodes(&answer) {
        let snippet = hit["snippet"]["text"].as_str().unwrap();
        match hit["kind"].as_str().unwrap() {
            "PASSAGE" => {
                let passage = &hit["passage"];
                let text = passage["text"].as_str().unwrap();
                let source = passage["source"]["text"].as_str().unwrap();
                let offset = passage["offset"].as_u64().unwrap() as usize;
                assert_eq!(&source[offset..offset + text.len()], text);
                assert!(text.contains(snippet), "{snippet:?} is in {text:?}");
            }
            "STATEMENT" => {
                assert!(hit["statement"]["statementId"].is_string());
                if let Some(quote) = hit["citation"]["quote"].as_str() {
                    assert!(quote.contains(snippet), "{snippet:?} is in {quote:?}");
                }
            }
            "ENTITY" => assert!(hit["entity"]["slug"].is_string()),
            other => panic!("unknown kind {other}"),
        }
    }
}

#[tokio::test]
async fn diacritics_and_case_are_ignored() {
    let server = Server::start().await;
    let answer = search(&server, json!({ "query": "TURKIYE", "first": 100 })).await;
    let hits = nodes(&answer);
    assert!(hits.iter().any(|hit| hit["entity"]["slug"] == "turkiye"));
    assert!(hits
        .iter()
        .any(|hit| highlighted(hit).iter().any(|h| h == "Türkiye")));
}

#[tokio::test]
async fn the_last_word_is_completed() {
    let server = Server::start().await;
    let answer = search(&server, json!({ "query": "Spindeleg" })).await;
    assert!(nodes(&answer)
        .iter()
        .any(|hit| highlighted(hit).iter().any(|h| h == "Spindelegger")));
    let finished = search(&server, json!({ "query": "Spindeleg " })).await;
    assert_eq!(finished["totalCount"], 0);
}

#[tokio::test]
async fn filters_by_kind_and_source_narrow_the_hits() {
    let server = Server::start().await;
    let all = search(&server, json!({ "query": "Türkiye", "first": 100 })).await;
    let passages = search(
        &server,
        json!({ "query": "Türkiye", "kinds": ["PASSAGE"], "first": 100 }),
    )
    .await;
    let one_source = search(
        &server,
        json!({ "query": "Türkiye", "kinds": ["PASSAGE"], "sources": ["som37-summary"], "first": 100 }),
    )
    .await;
    let count = |answer: &Value| answer["totalCount"].as_u64().unwrap();
    assert!(0 < count(&one_source) && count(&one_source) < count(&passages));
    assert!(count(&passages) < count(&all));
    assert!(nodes(&passages).iter().all(|hit| hit["kind"] == "PASSAGE"));
    assert!(nodes(&one_source)
        .iter()
        .all(|hit| hit["passage"]["source"]["id"] == "som37-summary"));

    let (status, body) = server
        .post(&json!({
            "query": HITS,
            "variables": { "query": "Türkiye", "sources": ["no-such-source"] }
        }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{body}"
    );
}

#[tokio::test]
async fn pages_follow_one_order() {
    let server = Server::start().await;
    let whole = search(
        &server,
        json!({ "query": "Budapest Process", "first": 100 }),
    )
    .await;
    let total = whole["totalCount"].as_u64().unwrap();
    let expected: Vec<String> = nodes(&whole).iter().map(identity).collect();
    assert!(
        total > 10 && expected.len() as u64 == total.min(100),
        "{total}"
    );
    let mut paged = Vec::new();
    let mut after = Value::Null;
    while paged.len() < expected.len() {
        let page = search(
            &server,
            json!({ "query": "Budapest Process", "first": 7, "after": after }),
        )
        .await;
        assert_eq!(page["totalCount"], total);
        paged.extend(nodes(&page).iter().map(identity));
        assert_eq!(
            page["pageInfo"]["hasNextPage"],
            (paged.len() as u64) < total
        );
        after = page["pageInfo"]["endCursor"].clone();
    }
    paged.truncate(expected.len());
    assert_eq!(paged, expected);
    let scores: Vec<f64> = nodes(&whole)
        .iter()
        .map(|hit| hit["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "{scores:?}"
    );
}

#[tokio::test]
async fn hostile_texts_get_an_answer_not_a_server_error() {
    let server = Server::start().await;
    for query in [
        "\"",
        "AND OR",
        "*",
        "(((",
        "name:",
        "-",
        "",
        "\u{0}",
        "a\"b\"c\"d",
    ] {
        search(&server, json!({ "query": query })).await;
    }
    let long = "migration ".repeat(1024);
    let (status, body) = server
        .post(&json!({ "query": HITS, "variables": { "query": long } }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    // The server answers the next question as usual.
    let after = search(&server, json!({ "query": "Türkiye" })).await;
    assert!(after["totalCount"].as_u64().unwrap() > 0);
}

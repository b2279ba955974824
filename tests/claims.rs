//! Claims over real HTTP (server on port 0): the cases the sources make hard. One role
//! attested by five sources is one claim; a disagreement is two ranked claims; a question
//! asked before a role is first attested says so; ids, counts and entity lists follow.

mod common;

use common::Server;
use serde_json::{json, Value};

/// The `data` of a query that must succeed.
async fn data(server: &Server, query: &str, variables: Value) -> Value {
    let (status, body) = server
        .post(&json!({ "query": query, "variables": variables }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

fn strings(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| {
            item.pointer(field)
                .and_then(Value::as_str)
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn hungary_co_chairing_the_dialogue_is_one_claim_with_its_attestations() {
    let server = Server::start().await;
    let query = r#"{ entity(ref: "Hungary") { ... on State {
        coChairships { totalCount nodes {
          id object { slug } rank validFrom { iso } validUntil { iso }
          firstAttested { iso } lastAttested { iso } derivation
          attestations { statementId claim { id } }
          references { quote source { id date { iso } } }
        } } } } }"#;
    let data = data(&server, query, Value::Null).await;
    let co_chairships = &data["entity"]["coChairships"];
    assert_eq!(co_chairships["totalCount"], 1, "{co_chairships}");
    let claim = &co_chairships["nodes"][0];
    assert_eq!(claim["object"]["slug"], "budapest-process");
    assert_eq!(claim["rank"], "NORMAL");
    assert_eq!(claim["validFrom"]["iso"], "2006");
    assert_eq!(claim["validUntil"], Value::Null);
    assert_eq!(claim["firstAttested"]["iso"], "2016-12-15");
    assert_eq!(claim["lastAttested"]["iso"], "2026");
    assert_eq!(claim["derivation"], "STATED");
    assert_eq!(
        strings(&claim["attestations"], "/statementId"),
        [
            "hungary-cochairs-bp-at-som24",
            "hungary-cochairs-bp-from-2006",
            "hungary-cochairs-bp-factsheet",
            "hungary-cochairs-bp-at-som37",
            "hungary-cochairs-bp-workplan-2026",
        ]
    );
    // Every attestation leads back to the claim, and the claim's id fetches it again.
    for attestation in claim["attestations"].as_array().unwrap() {
        assert_eq!(attestation["claim"]["id"], claim["id"]);
    }
    let node = self::data(
        &server,
        "query($id: ID!) { node(id: $id) { ... on Claim { attestations { statementId } } } }",
        json!({ "id": claim["id"] }),
    )
    .await;
    assert_eq!(
        strings(&node["node"]["attestations"], "/statementId"),
        strings(&claim["attestations"], "/statementId")
    );
    // Each quote once, each with its source's date; all five sources are there.
    let quotes = strings(&claim["references"], "/quote");
    let mut unique = quotes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(quotes.len(), unique.len(), "{quotes:?}");
    let mut sources = strings(&claim["references"], "/source/id");
    sources.sort();
    sources.dedup();
    assert_eq!(sources.len(), 4, "{sources:?}");
    assert!(claim["references"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["source"]["date"]["iso"].is_string()));
}

#[tokio::test]
async fn iraq_on_return_and_reintegration_is_two_ranked_claims() {
    let server = Server::start().await;
    let query = r#"{ entity(ref: "twg-return-reintegration") { ... on Group {
        coChairs { totalCount nodes {
          subject { slug } rank validFrom { iso } firstAttested { iso }
          in2025: standing(asOf: "2025-06") in2026: standing(asOf: "2026-06")
          attestations { statementId }
        } } } } }"#;
    let data = data(&server, query, Value::Null).await;
    let co_chairs = &data["entity"]["coChairs"];
    // Bangladesh, Türkiye and the two Iraq claims.
    assert_eq!(co_chairs["totalCount"], 4, "{co_chairs}");
    let iraq: Vec<&Value> = co_chairs["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["subject"]["slug"] == "iraq")
        .collect();
    assert_eq!(iraq.len(), 2, "{co_chairs}");
    let (undated, dated) = (iraq[0], iraq[1]);
    assert_eq!(undated["rank"], "NORMAL");
    assert_eq!(undated["validFrom"], Value::Null);
    assert_eq!(undated["firstAttested"]["iso"], "2025");
    assert_eq!(
        undated["attestations"][0]["statementId"],
        "rr-cochair-iraq-brochure"
    );
    assert_eq!(undated["in2025"], "KNOWN_TO_HOLD");
    assert_eq!(undated["in2026"], "ATTESTED_EARLIER");
    assert_eq!(dated["rank"], "PREFERRED");
    assert_eq!(dated["validFrom"]["iso"], "2026");
    assert_eq!(
        dated["attestations"][0]["statementId"],
        "rr-cochair-iraq-as-of-2026"
    );
    assert_eq!(
        dated["in2025"],
        Value::Null,
        "before its explicit start it does not hold"
    );
    assert_eq!(dated["in2026"], "KNOWN_TO_HOLD");
}

#[tokio::test]
async fn legal_pathways_in_mid_2025_says_the_co_chairs_are_first_attested_later() {
    let server = Server::start().await;
    let query = r#"query($standings: [Standing!]) { entity(ref: "twg-legal-pathways") { ... on Group {
        coChairs(asOf: "2025-06", standings: $standings) { totalCount nodes {
          subject { slug } standing(asOf: "2025-06") firstAttested { iso earliest }
        } } } } }"#;
    // By default, what is known to hold or was attested earlier: nothing yet.
    let known = data(&server, query, Value::Null).await;
    assert_eq!(known["entity"]["coChairs"]["totalCount"], 0, "{known}");
    // Asked for, the co-chairs come back marked as not yet attested, first in November 2025.
    let all = data(
        &server,
        query,
        json!({ "standings": ["KNOWN_TO_HOLD", "ATTESTED_EARLIER", "NOT_YET_ATTESTED"] }),
    )
    .await;
    let nodes = &all["entity"]["coChairs"]["nodes"];
    // A timeline: same first attestation, so by name.
    assert_eq!(strings(nodes, "/subject/slug"), ["italy", "pakistan"]);
    for claim in nodes.as_array().unwrap() {
        assert_eq!(claim["standing"], "NOT_YET_ATTESTED");
        assert_eq!(claim["firstAttested"]["earliest"], "2025-11-26");
    }
    // In November 2025 they are known to hold.
    let november = data(
        &server,
        r#"{ entity(ref: "twg-legal-pathways") { ... on Group { coChairs(asOf: "2025-11") { nodes { standing(asOf: "2025-11") } } } } }"#,
        Value::Null,
    )
    .await;
    assert_eq!(
        strings(&november["entity"]["coChairs"]["nodes"], "/standing"),
        ["KNOWN_TO_HOLD", "KNOWN_TO_HOLD"]
    );
}

#[tokio::test]
async fn entity_claims_count_claims_and_entity_lists_name_each_entity_once() {
    let server = Server::start().await;
    let query = r#"{ entity(ref: "Hungary") {
        claims(predicate: CO_CHAIRS, direction: OUTGOING) { totalCount }
        statements(predicate: CO_CHAIRS, direction: OUTGOING) { totalCount }
      }
      project: entity(ref: "migrant-resource-centres") { ... on Project { locations(first: 100) { nodes { slug } } } } }"#;
    let data = data(&server, query, Value::Null).await;
    assert_eq!(data["entity"]["claims"]["totalCount"], 1);
    assert_eq!(data["entity"]["statements"]["totalCount"], 5);
    let locations = strings(&data["project"]["locations"]["nodes"], "/slug");
    assert_eq!(
        locations.iter().filter(|slug| *slug == "pakistan").count(),
        1,
        "{locations:?}"
    );
}

#[tokio::test]
async fn a_claim_standing_needs_a_date_it_can_read() {
    let server = Server::start().await;
    let (status, body) = server
        .post(&json!({ "query": r#"{ entity(ref: "Hungary") { claims(first: 1) { nodes { standing(asOf: "mid-2025") } } } }"# }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
}

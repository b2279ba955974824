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

#[tokio::test]
async fn a_date_says_whether_its_quote_gives_it_apart_from_the_relation() {
    let server = Server::start().await;
    let query = r#"{
      milestone: entity(ref: "milestone-2006") { ... on Milestone { date { iso } dateDerivation } }
      corroborated: entity(ref: "milestone-2013") { ... on Milestone { dateDerivation } }
      meeting: entity(ref: "som-37") { ... on Meeting { date { iso } dateDerivation } }
      state: entity(ref: "Hungary") { ... on State { name } }
      coChairs: statements(subject: "Hungary", predicate: CO_CHAIRS) { nodes {
        statementId derivation qualifiers { start { iso } pointInTime { iso } dateDerivation note }
      } }
      held: statements(subject: "som-37", predicate: HELD_IN) { nodes {
        statementId derivation qualifiers { pointInTime { iso } dateDerivation }
      } }
      undated: statements(subject: "milestone-2006", predicate: INVOLVES) { nodes {
        statementId derivation qualifiers { dateDerivation }
      } }
    }"#;
    let data = data(&server, query, Value::Null).await;
    // The 2006 milestone's year rests on the timeline's layout alone; 2013 is also in a sentence.
    assert_eq!(data["milestone"]["date"]["iso"], "2006");
    assert_eq!(data["milestone"]["dateDerivation"], "RECONSTRUCTED");
    assert_eq!(data["corroborated"]["dateDerivation"], "STATED");
    // The 37th SOM's quote gives its dates.
    assert_eq!(data["meeting"]["date"]["iso"], "2025-11-26/2025-11-27");
    assert_eq!(data["meeting"]["dateDerivation"], "STATED");
    let held = &data["held"]["nodes"][0];
    assert_eq!(held["statementId"], "som37-held-in-istanbul");
    assert_eq!(held["qualifiers"]["dateDerivation"], "STATED");
    // "Hungary becomes co-chair" is quoted; its year 2006 is the layout's.
    let co_chairs = data["coChairs"]["nodes"].as_array().unwrap();
    let from_2006 = co_chairs
        .iter()
        .find(|s| s["statementId"] == "hungary-cochairs-bp-from-2006")
        .unwrap();
    assert_eq!(from_2006["derivation"], "STATED");
    assert_eq!(from_2006["qualifiers"]["start"]["iso"], "2006");
    assert_eq!(from_2006["qualifiers"]["dateDerivation"], "RECONSTRUCTED");
    // A relation quoted at the 37th SOM, dated by the meeting the summary reports.
    let at_som37 = co_chairs
        .iter()
        .find(|s| s["statementId"] == "hungary-cochairs-bp-at-som37")
        .unwrap();
    assert_eq!(at_som37["derivation"], "STATED");
    assert_eq!(at_som37["qualifiers"]["dateDerivation"], "INFERRED");
    let note = at_som37["qualifiers"]["note"].as_str().unwrap();
    assert!(note.contains("does not give it"), "{note}");
    // Without dates there is nothing to read.
    for statement in data["undated"]["nodes"].as_array().unwrap() {
        assert_eq!(statement["derivation"], "STATED", "{statement}");
        assert_eq!(statement["qualifiers"]["dateDerivation"], Value::Null);
    }
}

#[tokio::test]
async fn a_claim_has_a_date_derivation_where_its_dated_attestations_agree() {
    let server = Server::start().await;
    let query = r#"{
      hungary: entity(ref: "Hungary") { ... on State { coChairships { nodes {
        attestations { qualifiers { dateDerivation } } qualifiers { dateDerivation }
      } } } }
      iraq: entity(ref: "Iraq") { ... on State { coChairships(first: 100) { nodes {
        object { slug } validFrom { iso } qualifiers { dateDerivation }
      } } } }
    }"#;
    let data = data(&server, query, Value::Null).await;
    let hungary = &data["hungary"]["coChairships"]["nodes"][0];
    let readings = strings(&hungary["attestations"], "/qualifiers/dateDerivation");
    assert!(
        readings.contains(&"RECONSTRUCTED".to_owned()),
        "{readings:?}"
    );
    assert!(readings.contains(&"INFERRED".to_owned()), "{readings:?}");
    assert_eq!(hungary["qualifiers"]["dateDerivation"], Value::Null);
    // Iraq co-chairs Return and Reintegration "as of 2026": one attestation, its date quoted.
    let as_of_2026 = data["iraq"]["coChairships"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["object"]["slug"] == "twg-return-reintegration" && c["validFrom"]["iso"] == "2026"
        })
        .cloned()
        .unwrap();
    assert_eq!(as_of_2026["qualifiers"]["dateDerivation"], "STATED");
}

#[tokio::test]
async fn statements_filter_by_how_their_dates_were_read() {
    let server = Server::start().await;
    let query = r#"{
      reconstructed: statements(dateDerivations: [RECONSTRUCTED], first: 100) {
        totalCount nodes { statementId derivation qualifiers { dateDerivation } }
      }
      split: statements(derivations: [STATED], dateDerivations: [RECONSTRUCTED], first: 100) {
        nodes { statementId }
      }
      inferred: statements(dateDerivations: [INFERRED], first: 100) {
        totalCount nodes { qualifiers { dateDerivation } }
      }
      stated: statements(dateDerivations: [STATED], first: 1) { totalCount }
      all: statements(first: 1) { totalCount }
      dated: statements(dateDerivations: [STATED, INFERRED, RECONSTRUCTED], first: 1) { totalCount }
    }"#;
    let data = data(&server, query, Value::Null).await;
    let reconstructed = &data["reconstructed"]["nodes"];
    assert_eq!(
        strings(reconstructed, "/statementId"),
        [
            "hungary-chairs-bp-1993-2006",
            "turkiye-chairs-bp-from-2006",
            "hungary-cochairs-bp-from-2006",
            "wider-europe-participates-from-1993",
            "central-asia-participates-from-2003",
            "istanbul-mc-held-in-istanbul",
        ]
    );
    // Every one of them is a quoted relation but for the place read from a conference's name.
    assert_eq!(
        strings(&data["split"]["nodes"], "/statementId"),
        strings(reconstructed, "/statementId")[..5]
    );
    let inferred = data["inferred"]["nodes"].as_array().unwrap();
    assert_eq!(inferred.len(), 100);
    assert!(inferred
        .iter()
        .all(|s| s["qualifiers"]["dateDerivation"] == "INFERRED"));
    // Each dated statement is read one way; undated ones have no reading, so asking for any
    // leaves them out.
    let count = |key: &str| data[key]["totalCount"].as_u64().unwrap();
    assert_eq!(
        count("stated") + count("inferred") + count("reconstructed"),
        count("dated")
    );
    assert!(count("dated") < count("all"));
}

//! `/reconcile` over real HTTP (server on port 0), its answers checked against the
//! reconciliation spec's 0.2 JSON Schemas (`tests/fixtures/reconciliation/`): the manifest;
//! messy names from the sources reconcile to the right entity, sure matches alone flagged;
//! types and properties narrow and rerank; the 0.1 forms (`queries=` in a URL or a form,
//! `query=`, JSONP) answer as 0.2's JSON POST does. Suggest, preview, data extension and the
//! refusals are `reconcile_services.rs`.

mod common;
mod reconcile_client;

use bpgraph_server::reconcile::{
    DEFAULT_LIMIT, MAX_BATCH, MAX_LIMIT, MAX_QUERY_CHARS, PROPERTY_WEIGHT,
};
use common::Server;
use reconcile_client::*;
use serde_json::{json, Value};

/// Names as the sources write them, and the entity each means.
const MESSY_NAMES: &[(&str, &str)] = &[
    ("Turkey", "turkiye"),
    ("TÜRKIYI", "turkiye"),
    (
        "the former Yugoslav Republic of Macedonia",
        "north-macedonia",
    ),
    ("Islamic Republic of Iran", "iran"),
    ("Frontex", "frontex"),
    ("EU Agency for Asylum", "euaa"),
];

/// The names among them that are a name or alias of their entity, folded as `entity(ref:)`
/// folds them: sure matches. "EU Agency for Asylum" is no name the sources use.
const SURE: &[&str] = &[
    "Turkey",
    "TÜRKIYI",
    "the former Yugoslav Republic of Macedonia",
    "Islamic Republic of Iran",
    "Frontex",
];

#[tokio::test]
async fn the_manifest_follows_the_spec_and_names_the_services() {
    let server = Server::start().await;
    let answer = get(&server, "/reconcile", &[]).await;
    assert_eq!(answer.status, 200);
    assert!(answer.media_type.starts_with("application/json"));
    let manifest = answer.json();
    assert_valid(&manifest_validator(&manifest), &manifest, "the manifest");
    let base = bpgraph_model::iri::BaseIri::default();
    assert_eq!(manifest["identifierSpace"], base.entity(""));
    assert_eq!(manifest["schemaSpace"], base.vocabulary());
    assert_eq!(manifest["view"]["url"], format!("{base}?entity={{{{id}}}}"));
    let types: Vec<&str> = manifest["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for kind in ["State", "Organisation", "Meeting", "Group", "Person"] {
        assert!(types.contains(&kind), "{kind} in {types:?}");
    }
    // Every service the manifest names answers on this server.
    let preview = manifest["preview"]["url"].as_str().unwrap();
    let path = preview
        .strip_prefix(base.as_str().trim_end_matches('/'))
        .unwrap();
    let card = get(&server, &path.replace("{{id}}", "turkiye"), &[]).await;
    assert_eq!(card.status, 200, "{}", card.text);
    for service in ["entity", "type", "property"] {
        let path = manifest["suggest"][service]["service_path"]
            .as_str()
            .unwrap();
        let answer = get(&server, path, &[("prefix", "t")]).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
    }
    let propose = manifest["extend"]["propose_properties"]["service_path"]
        .as_str()
        .unwrap();
    assert_eq!(
        get(&server, propose, &[("type", "State")]).await.status,
        200
    );
}

#[tokio::test]
async fn messy_names_reconcile_to_their_entity_and_only_sure_ones_match() {
    let server = Server::start().await;
    let batch: serde_json::Map<String, Value> = MESSY_NAMES
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (format!("q{i}"), json!({ "query": name })))
        .collect();
    let batch = Value::Object(batch);
    assert_valid(
        &validator("reconciliation-query-batch.json"),
        &batch,
        "the batch sent",
    );
    let results = reconcile(&server, &batch).await;
    assert_valid(
        &validator("reconciliation-result-batch.json"),
        &results,
        "the results",
    );
    for (i, (name, id)) in MESSY_NAMES.iter().enumerate() {
        let result = &results[format!("q{i}")];
        assert_eq!(ids(result).first(), Some(id), "{name}: {result:#}");
        let flagged: Vec<&str> = result["result"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["match"] == true)
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = if SURE.contains(name) {
            vec![id]
        } else {
            vec![]
        };
        assert_eq!(flagged, expected, "{name}: {result:#}");
    }
}

#[tokio::test]
async fn a_vague_name_is_never_a_sure_match() {
    let server = Server::start().await;
    let results = reconcile(
        &server,
        &json!({ "q0": { "query": "Republic", "limit": MAX_LIMIT } }),
    )
    .await;
    let candidates = results["q0"]["result"].as_array().unwrap();
    assert!(candidates.len() > 1, "{results}");
    assert!(
        candidates.iter().all(|c| c["match"] == false),
        "{results:#}"
    );
    assert!(candidates
        .iter()
        .all(|c| c["score"].as_f64().unwrap() < 100.0));
}

#[tokio::test]
async fn a_type_narrows_the_candidates() {
    let server = Server::start().await;
    let results = reconcile(
        &server,
        &json!({
            "any": { "query": "Frontex" },
            "states": { "query": "Frontex", "type": "State" },
            "several": { "query": "Frontex", "type": ["State", "Organisation"] },
        }),
    )
    .await;
    assert_eq!(ids(&results["any"]).first(), Some(&"frontex"));
    assert!(!ids(&results["states"]).contains(&"frontex"), "{results:#}");
    assert_eq!(ids(&results["several"]).first(), Some(&"frontex"));
    let organisation = &results["any"]["result"][0]["type"][0];
    assert_eq!(organisation["id"], "Organisation");
}

#[tokio::test]
async fn properties_raise_and_lower_scores() {
    let server = Server::start().await;
    let by_code = |code: &str| {
        json!({ "query": "Republic", "type": "State", "limit": MAX_LIMIT,
        "properties": [{ "pid": "iso3", "v": code }] })
    };
    let results = reconcile(
        &server,
        &json!({
            "plain": { "query": "Republic", "type": "State", "limit": MAX_LIMIT },
            "iran": by_code("IRN"),
            "wrong": { "query": "Turkey", "properties": [{ "pid": "iso3", "v": "IRN" }] },
            "right": { "query": "Turkey", "properties": [{ "pid": "iso3", "v": "TUR" }] },
            "attended": { "query": "Macedonia", "properties": [{ "pid": "attended", "v": { "id": "som-24" } }] },
            "by_name": { "query": "Macedonia", "properties": [{ "pid": "attended", "v": "24th SOM" }] },
            "alone": { "properties": [{ "pid": "iso2", "v": "TR" }] },
        }),
    )
    .await;
    let plain = ids(&results["plain"]);
    assert_ne!(plain.first(), Some(&"iran"), "{plain:?}");
    assert!(plain.contains(&"iran"), "{plain:?}");
    assert_eq!(ids(&results["iran"]).first(), Some(&"iran"));
    let score = |batch: &str, id: &str| {
        let candidates = results[batch]["result"].as_array().unwrap();
        let found = candidates.iter().find(|c| c["id"] == id).unwrap();
        (
            found["score"].as_f64().unwrap(),
            found["match"].as_bool().unwrap(),
        )
    };
    assert!(score("iran", "iran").0 > score("plain", "iran").0);
    // A contradicted exact name is lower, and no sure match; a confirmed one is higher.
    let (wrong, wrong_match) = score("wrong", "turkiye");
    let (right, right_match) = score("right", "turkiye");
    assert!(
        wrong < right && !wrong_match && right_match,
        "{wrong} {right}"
    );
    for batch in ["attended", "by_name"] {
        assert_eq!(
            ids(&results[batch]).first(),
            Some(&"north-macedonia"),
            "{batch}"
        );
        let features = &results[batch]["result"][0]["features"];
        assert!(features
            .as_array()
            .unwrap()
            .contains(&json!({ "id": "attended", "value": true })));
    }
    assert_eq!(ids(&results["alone"]), ["turkiye"]);
}

#[tokio::test]
async fn the_0_1_forms_answer_as_the_0_2_post_does() {
    let server = Server::start().await;
    let batch = json!({ "q0": { "query": "Turkey", "type": "State", "limit": 3 } }).to_string();
    let posted = post_body(&server, "/reconcile", "application/json", batch.clone()).await;
    let url = get(&server, "/reconcile", &[("queries", &batch)]).await;
    let form = post_form(&server, "/reconcile", &[("queries", &batch)]).await;
    for answer in [&posted, &url, &form] {
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert_eq!(answer.json(), posted.json());
    }
    assert_eq!(ids(&posted.json()["q0"]).first(), Some(&"turkiye"));
    // One query, as 0.1's `query=`: a JSON object or a bare name.
    for query in [r#"{"query": "Turkey"}"#, "Turkey"] {
        let single = get(&server, "/reconcile", &[("query", query)]).await;
        assert_eq!(ids(&single.json()).first(), Some(&"turkiye"), "{query}");
    }
    // JSONP: the same answer, as a call of the callback.
    let jsonp = get(
        &server,
        "/reconcile",
        &[("queries", &batch), ("callback", "jQuery_1.cb")],
    )
    .await;
    assert!(jsonp.media_type.starts_with("application/javascript"));
    let call = jsonp
        .text
        .strip_prefix("/**/jQuery_1.cb(")
        .and_then(|t| t.strip_suffix(");"));
    let called: Value = serde_json::from_str(call.expect("a call of the callback")).unwrap();
    assert_eq!(called, posted.json());
    let manifest = get(&server, "/reconcile", &[("callback", "cb")]).await;
    assert!(manifest.text.starts_with("/**/cb({"), "{}", manifest.text);
}

#[tokio::test]
async fn limit_bounds_the_candidates() {
    let server = Server::start().await;
    let results = reconcile(
        &server,
        &json!({ "q": { "query": "Republic", "limit": 2 } }),
    )
    .await;
    assert_eq!(ids(&results["q"]).len(), 2);
}

#[test]
fn the_schemas_refuse_what_breaks_them() {
    // Guards the checks above: a validator that let everything through would pass them all.
    let results = validator("reconciliation-result-batch.json");
    assert!(!results.is_valid(&json!({ "q0": { "result": [{ "id": "iran", "name": "Iran" }] } })));
    assert!(!results.is_valid(&json!({ "q0": {} })));
    let types = validator("suggest-types-response.json");
    assert!(
        !types.is_valid(&json!({ "result": [{ "id": "State" }] })),
        "type.json is resolved"
    );
    let manifest =
        json!({ "versions": ["0.1"], "name": "n", "identifierSpace": "i", "schemaSpace": "s" });
    assert!(
        !manifest_validator(&manifest).is_valid(&manifest),
        "0.2 must be listed"
    );
}

#[test]
fn the_readme_gives_the_bounds_the_code_has() {
    let readme = include_str!("../README.md").replace('\n', " ");
    for said in [
        format!("A batch holds at most {MAX_BATCH} queries, each name at most {MAX_QUERY_CHARS} characters (and an extension at most {MAX_BATCH} ids)"),
        format!("`limit` is 1 to {MAX_LIMIT} ({DEFAULT_LIMIT} when not given)"),
        format!("raises a candidate's score by {PROPERTY_WEIGHT}, one that disagrees lowers it by {PROPERTY_WEIGHT}"),
    ] {
        assert!(readme.contains(&said), "README.md should say: {said}");
    }
}

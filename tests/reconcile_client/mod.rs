//! What the `/reconcile` tests share: the spec's JSON Schemas (vendored in
//! `tests/fixtures/reconciliation/`, see its README) as validators, and requests in the forms
//! OpenRefine sends.

#![allow(dead_code)] // each test uses part of it

use crate::common::Server;
use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;
use std::path::PathBuf;

/// Where the spec publishes its schemas; `$ref`s between them resolve under it.
const SPEC_SCHEMAS: &str = "https://reconciliation-api.github.io/specs/0.2/schemas/";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reconciliation")
}

fn read_schema(file: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join(file)).expect("the schema is vendored");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// Serves the spec's schemas from the vendored copies: nothing is fetched from the network.
struct Vendored;

impl Retrieve for Vendored {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let file = uri
            .as_str()
            .strip_prefix(SPEC_SCHEMAS)
            .ok_or_else(|| format!("{} is not one of the spec's schemas", uri.as_str()))?;
        Ok(read_schema(file))
    }
}

/// The validator of one vendored schema (the spec's schemas are draft 7: `$id`, `definitions`).
pub fn validator(file: &str) -> Validator {
    compile(read_schema(file))
}

fn compile(schema: Value) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .with_retriever(Vendored)
        .build(&schema)
        .expect("the spec's schema compiles")
}

/// The manifest's validator. Its `authentication` property refers to the Swagger 2.0 schema,
/// which is not vendored: the service offers no authentication, so the property is absent
/// from its manifest (checked here) and its subschema is never applied. Only that property is
/// dropped from the schema; the rest is the spec's.
pub fn manifest_validator(manifest: &Value) -> Validator {
    assert!(
        manifest.get("authentication").is_none(),
        "the manifest offers no authentication"
    );
    let mut schema = read_schema("manifest.json");
    schema["properties"]
        .as_object_mut()
        .expect("the manifest schema has properties")
        .remove("authentication")
        .expect("the manifest schema describes authentication");
    compile(schema)
}

/// Fails with every error the schema finds in `instance`.
pub fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} breaks the spec's schema:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

/// A response's status, media type and body text.
pub struct Answer {
    pub status: u16,
    pub media_type: String,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The stable code of a refusal, after checking it is one.
    pub fn error_code(&self) -> String {
        assert!(
            self.status >= 400,
            "not a refusal: {} {}",
            self.status,
            self.text
        );
        assert!(
            self.media_type.starts_with("application/json"),
            "{}",
            self.media_type
        );
        let body = self.json();
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        body["code"].as_str().expect("a code").to_owned()
    }
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let media_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    Answer {
        status,
        media_type,
        text: response.text().await.unwrap(),
    }
}

/// `GET {path}` with these parameters.
pub async fn get(server: &Server, path: &str, params: &[(&str, &str)]) -> Answer {
    let url = format!("{}{path}", server.base);
    answer(server.client.get(url).query(params).send().await.unwrap()).await
}

/// `POST {path}` of a form.
pub async fn post_form(server: &Server, path: &str, params: &[(&str, &str)]) -> Answer {
    let url = format!("{}{path}", server.base);
    answer(server.client.post(url).form(params).send().await.unwrap()).await
}

/// `POST {path}` of a body with this media type.
pub async fn post_body(server: &Server, path: &str, media_type: &str, body: String) -> Answer {
    let url = format!("{}{path}", server.base);
    let request = server
        .client
        .post(url)
        .header("content-type", media_type)
        .body(body);
    answer(request.send().await.unwrap()).await
}

/// A batch sent as 0.2 sends it (a JSON body), answered with 200.
pub async fn reconcile(server: &Server, batch: &Value) -> Value {
    let answer = post_body(server, "/reconcile", "application/json", batch.to_string()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()
}

/// The ids of a query's candidates, best first.
pub fn ids(result: &Value) -> Vec<&str> {
    result["result"]
        .as_array()
        .expect("a result list")
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

//! Reading GraphQL requests off HTTP: the raw body under its size limit, the GET parameters,
//! and the JSON body (one operation or a batch), with `variables` and `extensions` checked.

use super::error::HttpError;
use super::limits::Limits;
use async_graphql::Variables;
use axum::body::Body;
use axum::http::{header, HeaderMap};
use serde::Deserialize;

pub fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads the body, refusing it as soon as it is known to exceed the limit, or once the
/// request's time is up while it is still arriving (a body shorter than its
/// `Content-Length`, or one trickled in): the client's fault, so a `408`, not the `503` of an
/// answer that took too long. This timer starts before the endpoint's own (which starts when
/// the answer first waits) and is polled first, so it is the one that fires.
pub async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limits: &Limits,
) -> Result<axum::body::Bytes, HttpError> {
    let limit = limits.max_body_bytes;
    let declared = header_text(headers, header::CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(HttpError::PayloadTooLarge { limit });
    }
    let read = tokio::time::timeout(limits.timeout(), axum::body::to_bytes(body, limit));
    let Ok(read) = read.await else {
        return Err(HttpError::BodyTimeout {
            ms: limits.timeout_ms,
        });
    };
    match read {
        Ok(bytes) => Ok(bytes),
        Err(error) if is_length_limit(&error) => Err(HttpError::PayloadTooLarge { limit }),
        Err(error) => Err(HttpError::BadRequest(format!(
            "the request body could not be read: {error}"
        ))),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// The GET parameters of the spec: `query`, `operationName`, `variables` and `extensions`
/// (the last two as JSON text).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

pub fn from_query_string(query_string: &str) -> Result<async_graphql::Request, HttpError> {
    let params: GetParams = serde_urlencoded::from_str(query_string)
        .map_err(|e| HttpError::BadRequest(format!("the query string is not valid: {e}")))?;
    let mut request = async_graphql::Request::new(params.query.unwrap_or_default());
    request.operation_name = params.operation_name;
    if let Some(variables) = params.variables {
        let value: serde_json::Value = serde_json::from_str(&variables)
            .map_err(|e| HttpError::BadRequest(format!("`variables` is not JSON: {e}")))?;
        request.variables = variables_from(value)?;
    }
    if let Some(extensions) = params.extensions {
        request.extensions = serde_json::from_str(&extensions).map_err(|e| {
            HttpError::BadRequest(format!("`extensions` is not a JSON object: {e}"))
        })?;
    }
    require_query(request, "parameter")
}

fn variables_from(value: serde_json::Value) -> Result<Variables, HttpError> {
    match value {
        serde_json::Value::Null => Ok(Variables::default()),
        value @ serde_json::Value::Object(_) => Ok(Variables::from_json(value)),
        _ => Err(HttpError::BadRequest(
            "`variables` must be a JSON object".into(),
        )),
    }
}

/// One request (a JSON object) or a batch (a JSON array of them, answered with an array:
/// the `bool`).
pub fn from_json_body(
    body: &[u8],
    limits: &Limits,
) -> Result<(Vec<async_graphql::Request>, bool), HttpError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| HttpError::BadRequest(format!("the body is not JSON: {e}")))?;
    let batched = value.is_array();
    let items = match value {
        serde_json::Value::Array(items) if items.is_empty() => {
            return Err(HttpError::BadRequest("the batch is empty".into()))
        }
        serde_json::Value::Array(items) if items.len() > limits.max_batch => {
            return Err(HttpError::BatchTooLarge {
                found: items.len(),
                limit: limits.max_batch,
            })
        }
        serde_json::Value::Array(items) => items,
        object @ serde_json::Value::Object(_) => vec![object],
        _ => {
            return Err(HttpError::BadRequest(
                "the body must be a JSON object with a `query`".into(),
            ))
        }
    };
    let requests = items
        .into_iter()
        .map(request_from)
        .collect::<Result<_, _>>()?;
    Ok((requests, batched))
}

fn request_from(value: serde_json::Value) -> Result<async_graphql::Request, HttpError> {
    let serde_json::Value::Object(mut fields) = value else {
        return Err(HttpError::BadRequest(
            "each operation must be a JSON object with a `query`".into(),
        ));
    };
    let query = match fields.remove("query") {
        Some(serde_json::Value::String(query)) => query,
        None | Some(serde_json::Value::Null) => String::new(),
        Some(_) => return Err(HttpError::BadRequest("`query` must be a string".into())),
    };
    let mut request = async_graphql::Request::new(query);
    match fields.remove("operationName") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(name)) => request.operation_name = Some(name),
        Some(_) => {
            return Err(HttpError::BadRequest(
                "`operationName` must be a string".into(),
            ))
        }
    }
    if let Some(variables) = fields.remove("variables") {
        request.variables = variables_from(variables)?;
    }
    match fields.remove("extensions") {
        None | Some(serde_json::Value::Null) => {}
        Some(extensions @ serde_json::Value::Object(_)) => {
            request.extensions = serde_json::from_value(extensions)
                .map_err(|e| HttpError::BadRequest(format!("`extensions` is not valid: {e}")))?;
        }
        Some(_) => {
            return Err(HttpError::BadRequest(
                "`extensions` must be a JSON object".into(),
            ))
        }
    }
    require_query(request, "field")
}

/// A request needs its `query`, unless it names a persisted query by hash instead.
fn require_query(
    request: async_graphql::Request,
    what: &str,
) -> Result<async_graphql::Request, HttpError> {
    if request.query.is_empty() && !super::persisted::is_used(&request) {
        return Err(HttpError::BadRequest(format!(
            "the `query` {what} is missing"
        )));
    }
    Ok(request)
}

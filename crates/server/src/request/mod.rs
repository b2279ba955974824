//! Reading GraphQL requests off HTTP: the raw body under its size, time and rate limits, the GET parameters,
//! and the JSON body (one operation or a batch, `json_body`), with `variables` and `extensions`
//! checked.

mod json_body;

pub use json_body::from_json_body;

use super::error::HttpError;
use super::Config;
use async_graphql::Variables;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use futures_util::FutureExt;
use http_body_util::BodyExt;
use hyper::body::Frame;
use serde::Deserialize;
use std::time::Duration;
use tokio::time::Instant;

pub fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads the body, refusing it as soon as it is known to exceed the limit, once the
/// request's time is up while it is still arriving (a body shorter than its
/// `Content-Length`), or once it is past its grace period and arriving slower than the
/// minimum rate (a body trickled in): the client's fault, so a `408`, not the `503` of an
/// answer that took too long. No execution slot is held meanwhile (see `admission`).
///
/// Read frame by frame rather than with `axum::body::to_bytes`, which has no notion of rate:
/// the rate is checked between frames and on a timer while none arrives.
pub async fn read_body(
    headers: &HeaderMap,
    mut body: Body,
    config: &Config,
) -> Result<Bytes, HttpError> {
    let limits = &config.limits;
    let admission = &config.admission;
    let limit = limits.max_body_bytes;
    let declared = header_text(headers, header::CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(HttpError::PayloadTooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0) as usize);
    // Most bodies (a query is a few hundred bytes) have arrived with their headers: what is
    // there already is taken without the clock, whose reads cost more than such a read.
    loop {
        match body.frame().now_or_never() {
            Some(Some(frame)) => take(frame, &mut bytes, limit)?,
            Some(None) => return Ok(whole(bytes)),
            None => break,
        }
    }
    let started = Instant::now();
    let deadline = started + limits.timeout();
    loop {
        let next_check = (Instant::now() + RATE_CHECK).min(deadline);
        // Biased to the body: a frame already there is taken before the timer is ever
        // polled, so a body that arrives in one more frame registers no timer at all.
        let frame = tokio::select! {
            biased;
            frame = body.frame() => frame,
            () = tokio::time::sleep_until(next_check) => {
                too_slow(started, bytes.len(), deadline, config)?;
                continue;
            }
        };
        let Some(frame) = frame else { break };
        take(frame, &mut bytes, limit)?;
        if admission.min_body_rate > 0 {
            too_slow(started, bytes.len(), deadline, config)?;
        }
    }
    Ok(whole(bytes))
}

/// Appends a frame's data to the body read so far, unless it takes the body over `limit`.
fn take(
    frame: Result<Frame<Bytes>, axum::Error>,
    bytes: &mut Vec<u8>,
    limit: usize,
) -> Result<(), HttpError> {
    let frame = frame.map_err(|error| {
        HttpError::BadRequest(format!("the request body could not be read: {error}"))
    })?;
    if let Ok(data) = frame.into_data() {
        if bytes.len() + data.len() > limit {
            return Err(HttpError::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&data);
    }
    Ok(())
}

/// The body read: the key of the response cache, weighed by its length, so with no spare
/// capacity kept.
fn whole(mut bytes: Vec<u8>) -> Bytes {
    bytes.shrink_to_fit();
    bytes.into()
}

/// How often a body that sends nothing is checked.
const RATE_CHECK: Duration = Duration::from_millis(250);

/// Whether a body still arriving, `received` bytes so far, has broken its time or its rate.
fn too_slow(
    started: Instant,
    received: usize,
    deadline: Instant,
    config: &Config,
) -> Result<(), HttpError> {
    let now = Instant::now();
    if now >= deadline {
        return Err(HttpError::BodyTimeout {
            ms: config.limits.timeout_ms,
        });
    }
    let admission = &config.admission;
    let elapsed = now - started;
    let rate = admission.min_body_rate;
    if rate > 0
        && elapsed > admission.body_grace()
        && (received as f64) < rate as f64 * elapsed.as_secs_f64()
    {
        return Err(HttpError::BodyTooSlow { rate });
    }
    Ok(())
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

pub(super) fn variables_from(value: serde_json::Value) -> Result<Variables, HttpError> {
    match value {
        serde_json::Value::Null => Ok(Variables::default()),
        value @ serde_json::Value::Object(_) => Ok(Variables::from_json(value)),
        _ => Err(HttpError::BadRequest(
            "`variables` must be a JSON object".into(),
        )),
    }
}

/// A request needs its `query`, unless it names a persisted query by hash instead.
pub(super) fn require_query(
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

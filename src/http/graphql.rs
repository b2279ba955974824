//! The `/graphql` endpoint, as the GraphQL-over-HTTP spec asks: `POST` with a JSON body (or a
//! JSON array of operations, up to the batch limit) and `GET` for queries; the response type
//! chosen by `Accept`; under `application/graphql-response+json` a request that was never
//! executed (it did not parse, failed validation or broke a limit) is a `400`.
//!
//! The body is read here, not by an extractor, so its size limit holds on the raw bytes
//! (a `Content-Length` over the limit is refused before anything is read), and every limit
//! of [`Limits`] is checked before the document reaches the validator.

use super::error::HttpError;
use super::limits::{self, Limits, ListFields};
use super::negotiate::{self, ResponseType};
use super::{AppState, Config};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{ErrorExtensionValues, Response as GqlResponse, ServerError, Variables};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// What became of one operation: it ran (its errors, if any, are field errors), or it was
/// refused before execution, in which case the response has no `data` entry at all.
#[derive(Serialize)]
#[serde(untagged)]
enum Outcome {
    Executed(GqlResponse),
    Refused { errors: Vec<ServerError> },
}

/// The codes of errors raised before execution: by our checks or by async-graphql's parser
/// and validator (which run inside `execute`).
const REFUSAL_CODES: [&str; 3] = [
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "LIMIT_EXCEEDED",
];

impl Outcome {
    fn of(response: GqlResponse) -> Outcome {
        let refused = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response
                .errors
                .iter()
                .all(|e| REFUSAL_CODES.contains(&code_of(e)));
        if refused {
            Outcome::Refused {
                errors: response.errors,
            }
        } else {
            Outcome::Executed(response)
        }
    }

    /// The `code` of each error (`UNCLASSIFIED` for an error without one).
    fn error_codes(&self) -> impl Iterator<Item = &str> {
        let errors = match self {
            Outcome::Executed(response) => &response.errors[..],
            Outcome::Refused { errors } => &errors[..],
        };
        errors.iter().map(code_of)
    }
}

/// An error's `code` extension, `UNCLASSIFIED` if it has none.
fn code_of(error: &ServerError) -> &str {
    match error.extensions.as_ref().and_then(|e| e.get("code")) {
        Some(async_graphql::Value::String(code)) => code.as_str(),
        _ => "UNCLASSIFIED",
    }
}

pub async fn endpoint(State(state): State<AppState>, request: Request) -> Response {
    match answer_in_time(&state, request).await {
        Ok(response) => response,
        Err(error) => {
            state.metrics.error(error.code());
            error.into_response()
        }
    }
}

async fn answer_in_time(state: &AppState, request: Request) -> Result<Response, HttpError> {
    let Ok(_permit) = state.in_flight.clone().try_acquire_owned() else {
        return Err(HttpError::Overloaded);
    };
    let limits = &state.config.limits;
    tokio::time::timeout(limits.timeout(), answer(state, request))
        .await
        .unwrap_or(Err(HttpError::Timeout {
            ms: limits.timeout_ms,
        }))
}

async fn answer(state: &AppState, request: Request) -> Result<Response, HttpError> {
    let limits = &state.config.limits;
    let (parts, body) = request.into_parts();
    let accept = header_text(&parts.headers, header::ACCEPT);
    let media = negotiate::response_type(accept).ok_or(HttpError::NotAcceptable)?;
    let operations = if parts.method == Method::GET {
        vec![from_query_string(parts.uri.query().unwrap_or(""))?]
    } else {
        if !negotiate::is_json_body(header_text(&parts.headers, header::CONTENT_TYPE)) {
            return Err(HttpError::UnsupportedMediaType);
        }
        from_json_body(&read_body(&parts.headers, body, limits).await?, limits)?
    };
    let batched = operations.len() > 1;
    // One snapshot for the whole request, batch included, whatever reloads meanwhile.
    let served = state.served();
    let mut responses = Vec::with_capacity(operations.len());
    for operation in operations {
        let started = Instant::now();
        let outcome = match prepare(operation, &state.config, &state.lists, &parts.method)? {
            Ok((request, name)) => {
                let response = served.schema.execute(request).await;
                state.metrics.operation(name.as_deref(), started.elapsed());
                Outcome::of(response)
            }
            Err(refused) => Outcome::Refused {
                errors: vec![refused],
            },
        };
        for code in outcome.error_codes() {
            state.metrics.error(code);
        }
        responses.push(outcome);
    }
    let status = match (media, &responses[..]) {
        (ResponseType::GraphQlResponse, [Outcome::Refused { .. }]) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let body = if batched {
        serde_json::to_vec(&responses)
    } else {
        serde_json::to_vec(&responses[0])
    };
    let body =
        body.map_err(|e| HttpError::BadRequest(format!("the response could not be encoded: {e}")))?;
    Ok((status, [(header::CONTENT_TYPE, media.content_type())], body).into_response())
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads the body, refusing it as soon as it is known to exceed the limit.
async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limits: &Limits,
) -> Result<axum::body::Bytes, HttpError> {
    let limit = limits.max_body_bytes;
    let declared = header_text(headers, header::CONTENT_LENGTH).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(HttpError::PayloadTooLarge { limit });
    }
    match axum::body::to_bytes(body, limit).await {
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

fn from_query_string(query_string: &str) -> Result<async_graphql::Request, HttpError> {
    let params: GetParams = serde_urlencoded::from_str(query_string)
        .map_err(|e| HttpError::BadRequest(format!("the query string is not valid: {e}")))?;
    let query = params
        .query
        .ok_or_else(|| HttpError::BadRequest("the `query` parameter is missing".into()))?;
    let mut request = async_graphql::Request::new(query);
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
    Ok(request)
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

/// One request (a JSON object) or a batch (a JSON array of them).
fn from_json_body(body: &[u8], limits: &Limits) -> Result<Vec<async_graphql::Request>, HttpError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| HttpError::BadRequest(format!("the body is not JSON: {e}")))?;
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
    items.into_iter().map(request_from).collect()
}

fn request_from(value: serde_json::Value) -> Result<async_graphql::Request, HttpError> {
    let serde_json::Value::Object(mut fields) = value else {
        return Err(HttpError::BadRequest(
            "each operation must be a JSON object with a `query`".into(),
        ));
    };
    let query = match fields.remove("query") {
        Some(serde_json::Value::String(query)) => query,
        Some(_) => return Err(HttpError::BadRequest("`query` must be a string".into())),
        None => return Err(HttpError::BadRequest("the `query` field is missing".into())),
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
    Ok(request)
}

/// Checks one operation against the limits, parses it and picks the operation to run.
/// `Ok(Ok((request, name)))` is ready to execute, with the operation's name (`None` if
/// anonymous); `Ok(Err(error))` is the GraphQL error refusing it; `Err` an HTTP-level refusal.
fn prepare(
    mut request: async_graphql::Request,
    config: &Config,
    lists: &ListFields,
    method: &Method,
) -> Result<Result<(async_graphql::Request, Option<String>), ServerError>, HttpError> {
    let limits = &config.limits;
    if let Err(exceeded) = limits::scan(&request.query, limits) {
        return Ok(Err(refusal(exceeded.0, "LIMIT_EXCEEDED")));
    }
    let doc = match async_graphql::parser::parse_query(&request.query) {
        Ok(doc) => doc,
        Err(error) => return Ok(Err(refusal_from(error.into(), "GRAPHQL_PARSE_FAILED"))),
    };
    if let Some(name) = limits::fragment_in_cycle(&doc) {
        let message = format!("fragment `{name}` spreads itself");
        return Ok(Err(refusal(message, "GRAPHQL_VALIDATION_FAILED")));
    }
    let facts = match limits::check_document(&doc, limits) {
        Ok(facts) => facts,
        Err(exceeded) => return Ok(Err(refusal(exceeded.0, "LIMIT_EXCEEDED"))),
    };
    if facts.introspects && !config.introspection {
        let message =
            "introspection is switched off on this server (`--introspection true` turns it on)";
        return Ok(Err(refusal(message.into(), "GRAPHQL_VALIDATION_FAILED")));
    }
    let cost = limits::complexity(&doc, &request.variables, lists);
    if cost > limits.max_complexity {
        let message = format!(
            "the query is too complex: it costs {cost}, at most {} is allowed; a list costs `first` \
             (default 20) times the cost of its items, so nested lists multiply: ask for smaller \
             pages or fewer nested lists",
            limits.max_complexity
        );
        return Ok(Err(refusal(message, "LIMIT_EXCEEDED")));
    }
    let operation = match (&doc.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), None) => Some((None, op)),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(n, op)| (Some(n), op)),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.iter().next().map(|(n, op)| (Some(n), op))
        }
        (DocumentOperations::Multiple(_), None) => {
            let message =
                "the document holds several operations: name the one to run with `operationName`";
            return Ok(Err(refusal(message.into(), "GRAPHQL_VALIDATION_FAILED")));
        }
    };
    let Some((operation_name, operation)) = operation else {
        let name = request.operation_name.as_deref().unwrap_or_default();
        return Ok(Err(refusal(
            format!("the document has no operation named `{name}`"),
            "GRAPHQL_VALIDATION_FAILED",
        )));
    };
    if *method == Method::GET && operation.node.ty != OperationType::Query {
        return Err(HttpError::MutationOverGet);
    }
    let operation_name = operation_name.map(|name| name.to_string());
    request.set_parsed_query(doc);
    Ok(Ok((request, operation_name)))
}

fn refusal(message: String, code: &str) -> ServerError {
    refusal_from(ServerError::new(message, None), code)
}

fn refusal_from(mut error: ServerError, code: &str) -> ServerError {
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", code);
    error
}

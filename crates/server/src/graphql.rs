//! The `/graphql` endpoint, as the GraphQL-over-HTTP spec asks: `POST` with a JSON body (or a
//! JSON array of operations, up to the batch limit) and `GET` for queries; the response type
//! chosen by `Accept`; under `application/graphql-response+json` a request that was never
//! executed (it did not parse, failed validation or broke a limit) is a `400`.
//!
//! The body is read here, not by an extractor, so its size limit holds on the raw bytes
//! (a `Content-Length` over the limit is refused before anything is read), and every limit
//! is checked before the document reaches the validator. The raw request is also the key of
//! the response cache and of the answer's `ETag`; a `GET` naming that tag in
//! `If-None-Match` is answered `304` without running anything.

use super::admission::{Interrupted, Slots};
use super::cache::{self, CachedAnswer, RequestKey};
use super::error::HttpError;
use super::negotiate::{self, ResponseType};
use super::persisted;
use super::prepare::prepare;
use super::request::{from_json_body, from_query_string, header_text, read_body};
use super::{AppState, Served};
use async_graphql::{Response as GqlResponse, ServerError};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bpgraph_api::{code_of, ErrorCode};
use serde::Serialize;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::OwnedSemaphorePermit;

/// What became of one operation: it ran (its errors, if any, are field errors), it was
/// refused before execution, in which case the response has no `data` entry at all, or a plan
/// wrote its answer directly.
enum Outcome {
    Executed(GqlResponse),
    Refused {
        errors: Vec<ServerError>,
    },
    /// The whole response, as JSON, from [`bpgraph_api::direct`].
    Written(Vec<u8>),
}

/// A refused operation's response.
#[derive(Serialize)]
struct Refusal<'a> {
    errors: &'a [ServerError],
}

/// The codes of errors raised before execution: by our checks or by async-graphql's parser
/// and validator (which run inside `execute`).
const REFUSAL_CODES: [ErrorCode; 3] = [
    ErrorCode::GraphqlParseFailed,
    ErrorCode::GraphqlValidationFailed,
    ErrorCode::LimitExceeded,
];

impl Outcome {
    fn of(response: GqlResponse) -> Outcome {
        let refused = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response
                .errors
                .iter()
                .all(|e| code_of(e).is_some_and(|code| REFUSAL_CODES.contains(&code)));
        if refused {
            Outcome::Refused {
                errors: response.errors,
            }
        } else {
            Outcome::Executed(response)
        }
    }

    /// The `code` of each error (`None` for an error without one).
    fn error_codes(&self) -> impl Iterator<Item = Option<ErrorCode>> + '_ {
        let errors = match self {
            Outcome::Executed(response) => &response.errors[..],
            Outcome::Refused { errors } => &errors[..],
            Outcome::Written(_) => &[],
        };
        errors.iter().map(code_of)
    }

    /// Appends the response to `out`.
    fn write(self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Outcome::Executed(response) => serde_json::to_writer(out, &response),
            Outcome::Refused { errors } => serde_json::to_writer(out, &Refusal { errors: &errors }),
            Outcome::Written(bytes) if out.is_empty() => {
                *out = bytes;
                Ok(())
            }
            Outcome::Written(bytes) => {
                out.extend_from_slice(&bytes);
                Ok(())
            }
        }
    }
}

/// The response body: one response, or a batch's as a JSON array.
fn body_of(outcomes: Vec<Outcome>, batched: bool) -> serde_json::Result<Vec<u8>> {
    let mut body = Vec::new();
    if !batched {
        for outcome in outcomes {
            outcome.write(&mut body)?;
        }
        return Ok(body);
    }
    body.push(b'[');
    for (i, outcome) in outcomes.into_iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        outcome.write(&mut body)?;
    }
    body.push(b']');
    Ok(body)
}

pub async fn endpoint(State(state): State<AppState>, request: Request) -> Response {
    match answer(&state, request).await {
        Ok(response) => response,
        Err(error) => {
            state.metrics.error(error.code().as_str());
            error.into_response()
        }
    }
}

/// Reads the request whole, answers it from the response cache if it can, and only then
/// waits for an execution slot (see `admission`): neither a slow body nor a cached answer
/// ever holds one.
async fn answer(state: &AppState, request: Request) -> Result<Response, HttpError> {
    let limits = &state.config.limits;
    let (parts, body) = request.into_parts();
    let accept = header_text(&parts.headers, header::ACCEPT);
    let media = negotiate::response_type(accept).ok_or(HttpError::NotAcceptable)?;
    let get = parts.method == Method::GET;
    let raw = if get {
        Bytes::copy_from_slice(parts.uri.query().unwrap_or("").as_bytes())
    } else {
        if !negotiate::is_json_body(header_text(&parts.headers, header::CONTENT_TYPE)) {
            return Err(HttpError::UnsupportedMediaType);
        }
        read_body(&parts.headers, body, &state.config).await?
    };
    // One snapshot for the whole request, batch included, whatever reloads meanwhile.
    let served = state.served();
    let key = RequestKey {
        generation: served.generation,
        media,
        get,
        request: raw,
    };
    let if_none_match = header_text(&parts.headers, header::IF_NONE_MATCH);
    let not_modified = |etag: &HeaderValue| {
        get && if_none_match.is_some_and(|tags| cache::none_match_hits(tags, etag))
    };
    if let Some(hit) = state.responses.get(&key) {
        state.metrics.response_cache(true);
        if not_modified(&hit.etag) {
            return Ok(reply(
                StatusCode::NOT_MODIFIED,
                media,
                Some(hit.etag),
                Bytes::new(),
            ));
        }
        return Ok(reply(hit.status, media, Some(hit.etag), hit.body));
    }
    let etag = key.etag(served.graph.version());
    if not_modified(&etag) {
        return Ok(reply(
            StatusCode::NOT_MODIFIED,
            media,
            Some(etag),
            Bytes::new(),
        ));
    }
    state.metrics.response_cache(false);
    let (operations, batched) = if get {
        (
            vec![from_query_string(
                std::str::from_utf8(&key.request).unwrap_or(""),
            )?],
            false,
        )
    } else {
        from_json_body(&key.request, limits)?
    };
    let permit = state
        .slots
        .admit(&state.metrics)
        .await
        .map_err(|_| HttpError::Overloaded)?;
    let outcomes = execute(
        state,
        served.clone(),
        operations,
        parts.method.clone(),
        permit,
    )
    .await?;
    let status = match (media, &outcomes[..]) {
        (ResponseType::GraphQlResponse, [Outcome::Refused { .. }]) if !batched => {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    };
    let transient = outcomes.iter().any(|outcome| {
        outcome
            .error_codes()
            .any(|code| code.is_some_and(|c| TRANSIENT.contains(&c)))
    });
    let mut body = body_of(outcomes, batched)
        .map_err(|e| HttpError::BadRequest(format!("the response could not be encoded: {e}")))?;
    // The cache weighs an answer by its length: it must not hold a larger buffer.
    body.shrink_to_fit();
    let body = Bytes::from(body);
    if transient {
        // The same request may be answered otherwise in a moment: no cache, no tag to
        // revalidate against.
        return Ok(reply(status, media, None, body));
    }
    {
        let answer = CachedAnswer {
            status,
            etag: etag.clone(),
            body: body.clone(),
        };
        state.responses.insert(key, answer);
    }
    Ok(reply(status, media, Some(etag), body))
}

/// Error codes of answers that the same request may not get next time: the client is about to
/// register its persisted query, or the search index of new data is still being built.
const TRANSIENT: [ErrorCode; 2] = [ErrorCode::PersistedQueryNotFound, ErrorCode::SearchNotReady];

/// The metric label of an error without a code (none is expected: a label to notice).
const UNCLASSIFIED: &str = "UNCLASSIFIED";

/// Runs the operations on the blocking pool, holding `permit` (see `admission` for why not
/// on the async workers), within the request's time limit. Past it the client gets its
/// `503`; the work, which cannot be interrupted, finishes and only then frees its slot.
async fn execute(
    state: &AppState,
    served: Arc<Served>,
    operations: Vec<async_graphql::Request>,
    method: Method,
    permit: OwnedSemaphorePermit,
) -> Result<Vec<Outcome>, HttpError> {
    let limits = &state.config.limits;
    let runtime = tokio::runtime::Handle::current();
    let state = state.clone();
    let job = Slots::execute(permit, move || {
        runtime.block_on(async {
            let mut outcomes = Vec::with_capacity(operations.len());
            for operation in operations {
                let outcome = run_operation(&state, &served, operation, &method).await?;
                for code in outcome.error_codes() {
                    state
                        .metrics
                        .error(code.map_or(UNCLASSIFIED, ErrorCode::as_str));
                }
                outcomes.push(outcome);
            }
            Ok(outcomes)
        })
    });
    match tokio::time::timeout(limits.timeout(), job).await {
        Ok(Ok(outcomes)) => outcomes,
        Ok(Err(Interrupted)) => Err(HttpError::Interrupted),
        Err(_) => Err(HttpError::Timeout {
            ms: limits.timeout_ms,
        }),
    }
}

/// Resolves a persisted query, checks the operation and executes it on `served`: by its plan
/// if it has one and the plan can answer, else through async-graphql.
async fn run_operation(
    state: &AppState,
    served: &Served,
    mut operation: async_graphql::Request,
    method: &Method,
) -> Result<Outcome, HttpError> {
    let started = Instant::now();
    if let Err(refused) = persisted::resolve(&mut operation, &state.persisted) {
        return Ok(Outcome::Refused {
            errors: vec![refused],
        });
    }
    let prepared = prepare(
        operation,
        &state.config,
        &state.lists,
        &state.documents,
        method,
    )?;
    Ok(match prepared {
        Ok(prepared) => {
            let name = prepared.name.clone();
            let written = prepared.checked.plan(name.as_deref()).and_then(|plan| {
                let cx = served.cx(&state.config.base_iri);
                plan.execute(&cx, &prepared.request.variables)
            });
            let outcome = match written {
                Some(body) => Outcome::Written(body),
                None => {
                    let checked = prepared.checked.clone();
                    let response = served.schema.execute(prepared.into_request()).await;
                    // Only an operation that passed validation has data.
                    if response.data != async_graphql::Value::Null {
                        checked.validated.store(true, Ordering::Relaxed);
                    }
                    Outcome::of(response)
                }
            };
            state.metrics.operation(name.as_deref(), started.elapsed());
            outcome
        }
        Err(refused) => Outcome::Refused {
            errors: vec![refused],
        },
    })
}

/// An answer with its type, entity tag and revalidation policy: clients and caches may keep
/// it but must ask again (cheaply, with `If-None-Match`) before reusing it, as data reloads.
/// A transient answer has no tag and may not be stored at all.
fn reply(
    status: StatusCode,
    media: ResponseType,
    etag: Option<HeaderValue>,
    body: Bytes,
) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    match etag {
        Some(etag) => {
            headers.insert(header::ETAG, etag);
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        None => {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    response
}

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

mod outcome;
mod run;

use super::cache::{self, CachedAnswer, RequestKey};
use super::error::HttpError;
use super::negotiate::{self, ResponseType};
use super::request::{from_json_body, from_query_string, header_text, read_body};
use super::AppState;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bpgraph_api::ErrorCode;
use outcome::{body_of, Outcome};

/// `POST /graphql` (called without the router, see `routes`) and `GET /graphql` that is not a
/// subscription.
pub async fn endpoint(state: AppState, request: Request) -> Response {
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
    // `HEAD` is answered as `GET` is (hyper leaves the body out).
    let get = matches!(parts.method, Method::GET | Method::HEAD);
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
    let outcomes = run::run(state, served.clone(), operations, parts.method.clone()).await?;
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

/// An answer with its type, entity tag and revalidation policy: clients and caches may keep
/// it but must ask again (cheaply, with `If-None-Match`) before reusing it, as data reloads.
/// A transient answer has no tag and may not be stored at all.
fn reply(
    status: StatusCode,
    media: ResponseType,
    etag: Option<HeaderValue>,
    body: Bytes,
) -> Response {
    // Not `(status, body).into_response()`, which gives the body a type only to have it
    // replaced.
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
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

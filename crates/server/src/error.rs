//! Requests refused before any GraphQL runs, each with its HTTP status and a GraphQL-shaped
//! JSON body (`{"errors":[{"message", "extensions":{"code"}}]}`) that says what is wrong.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bpgraph_api::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("cannot answer in any type of the Accept header; this server answers application/graphql-response+json or application/json")]
    NotAcceptable,
    #[error("a GraphQL request is a POST with Content-Type application/json (UTF-8), or a GET")]
    UnsupportedMediaType,
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{0}")]
    BadRequest(String),
    #[error("a batch may hold at most {limit} operations, this one holds {found}")]
    BatchTooLarge { found: usize, limit: usize },
    #[error("only queries may be sent with GET; send mutations and subscriptions with POST")]
    MutationOverGet,
    #[error("the request body did not arrive within {ms} ms: it is shorter than its Content-Length or was sent too slowly")]
    BodyTimeout { ms: u64 },
    #[error("the request body arrived slower than {rate} bytes per second; send it at once")]
    BodyTooSlow { rate: u64 },
    #[error("the request took longer than {ms} ms")]
    Timeout { ms: u64 },
    #[error("the server is busy; retry in a moment")]
    Overloaded,
    #[error("the request could not be answered")]
    Interrupted,
    #[error("this server does not serve pages from this Origin (see --cors-origins)")]
    OriginNotAllowed,
    #[error("the server has {limit} subscription connections open, its most; retry later")]
    SubscriptionsFull { limit: usize },
}

impl HttpError {
    /// The HTTP status: also that of `/sparql` and `/reconcile` when their body is refused
    /// (`read_body` is the one reader of every endpoint's body).
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            HttpError::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            HttpError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            HttpError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            HttpError::BadRequest(_) | HttpError::BatchTooLarge { .. } => StatusCode::BAD_REQUEST,
            HttpError::MutationOverGet => StatusCode::METHOD_NOT_ALLOWED,
            HttpError::BodyTimeout { .. } | HttpError::BodyTooSlow { .. } => {
                StatusCode::REQUEST_TIMEOUT
            }
            HttpError::Timeout { .. }
            | HttpError::Overloaded
            | HttpError::SubscriptionsFull { .. } => StatusCode::SERVICE_UNAVAILABLE,
            HttpError::Interrupted => StatusCode::INTERNAL_SERVER_ERROR,
            HttpError::OriginNotAllowed => StatusCode::FORBIDDEN,
        }
    }

    /// The `code` extension of the error.
    pub fn code(&self) -> ErrorCode {
        match self {
            HttpError::NotAcceptable => ErrorCode::NotAcceptable,
            HttpError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            HttpError::PayloadTooLarge { .. } | HttpError::BatchTooLarge { .. } => {
                ErrorCode::LimitExceeded
            }
            HttpError::BadRequest(_) => ErrorCode::BadRequest,
            HttpError::MutationOverGet => ErrorCode::MethodNotAllowed,
            HttpError::BodyTimeout { .. } => ErrorCode::BodyTimeout,
            HttpError::BodyTooSlow { .. } => ErrorCode::BodyTooSlow,
            HttpError::Timeout { .. } => ErrorCode::Timeout,
            HttpError::Overloaded | HttpError::SubscriptionsFull { .. } => ErrorCode::Overloaded,
            HttpError::Interrupted => ErrorCode::InternalError,
            HttpError::OriginNotAllowed => ErrorCode::OriginNotAllowed,
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "errors": [{ "message": self.to_string(), "extensions": { "code": self.code().as_str() } }]
        });
        let mut response = (self.status(), axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            HttpError::MutationOverGet => {
                headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
            }
            // Closed too: a flooding client's next request then waits to reconnect, in the
            // listen queue, instead of taking its turn on the worker again at once. Every
            // kept-alive connection of a flood is a turn that probes and cached answers wait
            // behind (RELIABILITY.md: /health's p99 went from 247 to 13–34 ms).
            HttpError::Overloaded => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            HttpError::Timeout { .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            // Subscribers stay for long: a slot frees more slowly than a request's.
            HttpError::SubscriptionsFull { .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            }
            _ if self.closes_connection() => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}

impl HttpError {
    /// Whether the answer must close the connection: after a body refused part-way, the rest
    /// of it may still arrive, so the connection cannot carry another request.
    pub(crate) fn closes_connection(&self) -> bool {
        matches!(
            self,
            HttpError::BodyTimeout { .. } | HttpError::BodyTooSlow { .. }
        )
    }
}

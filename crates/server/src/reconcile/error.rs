//! Why `/reconcile` gives no answer: each refusal with its HTTP status, a stable code and a
//! message for the person whose spreadsheet sent it. The body is JSON,
//! `{"code": …, "message": …}` with a code of `ErrorCode` (the reconciliation spec defines no error
//! format; this one is what a script or OpenRefine's log shows as it is).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bpgraph_api::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error("{0}")]
    BadRequest(String),
    #[error("unknown type `{0}`; the types are the entity kinds listed as `defaultTypes` in the manifest (GET /reconcile)")]
    UnknownType(String),
    #[error("unknown property `{0}`; ask /reconcile/suggest/property for the properties")]
    UnknownProperty(String),
    #[error("no entity has the id `{0}`")]
    UnknownEntity(String),
    #[error("`limit` must be a whole number from 1 to {max}, not {found}")]
    InvalidLimit { found: String, max: usize },
    #[error("at most {limit} {what} may be sent at once, this request has {found}")]
    TooMany {
        what: &'static str,
        found: usize,
        limit: usize,
    },
    #[error("`callback` must be a JavaScript name such as `jsonp_1` or `ns.handle` (letters, digits, `_`, `$` and dots, at most {max} characters)")]
    InvalidCallback { max: usize },
    #[error("send queries as JSON (Content-Type application/json) or as a form (application/x-www-form-urlencoded) with `queries=` or `extend=`")]
    UnsupportedMediaType,
    /// The body was refused as it was read (too large, too slow, cut short): the same status
    /// and code as on `/graphql`, from the one body reader.
    #[error("{0}")]
    Body(crate::HttpError),
    #[error("the request took longer than {ms} ms; send fewer queries at once")]
    Timeout { ms: u64 },
    #[error("the server is busy; retry in a moment")]
    Overloaded,
    #[error("the answer could not be computed")]
    Interrupted,
}

impl ReconcileError {
    fn status(&self) -> StatusCode {
        match self {
            ReconcileError::BadRequest(_)
            | ReconcileError::UnknownType(_)
            | ReconcileError::UnknownProperty(_)
            | ReconcileError::InvalidLimit { .. }
            | ReconcileError::TooMany { .. }
            | ReconcileError::InvalidCallback { .. } => StatusCode::BAD_REQUEST,
            ReconcileError::UnknownEntity(_) => StatusCode::NOT_FOUND,
            ReconcileError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ReconcileError::Body(error) => error.status(),
            ReconcileError::Timeout { .. } | ReconcileError::Overloaded => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ReconcileError::Interrupted => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code of the refusal (also the `code` label of the error metric). Codes the
    /// other endpoints share mean the same here.
    pub fn code(&self) -> ErrorCode {
        match self {
            ReconcileError::BadRequest(_) => ErrorCode::BadRequest,
            ReconcileError::UnknownType(_) => ErrorCode::UnknownType,
            ReconcileError::UnknownProperty(_) => ErrorCode::UnknownProperty,
            ReconcileError::UnknownEntity(_) => ErrorCode::NotFound,
            ReconcileError::InvalidLimit { .. } => ErrorCode::InvalidLimit,
            ReconcileError::TooMany { .. } => ErrorCode::LimitExceeded,
            ReconcileError::Body(error) => error.code(),
            ReconcileError::InvalidCallback { .. } => ErrorCode::InvalidCallback,
            ReconcileError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ReconcileError::Timeout { .. } => ErrorCode::Timeout,
            ReconcileError::Overloaded => ErrorCode::Overloaded,
            ReconcileError::Interrupted => ErrorCode::InternalError,
        }
    }
}

impl From<crate::HttpError> for ReconcileError {
    /// The body reader's refusals, under this endpoint's error format.
    fn from(error: crate::HttpError) -> Self {
        ReconcileError::Body(error)
    }
}

impl IntoResponse for ReconcileError {
    fn into_response(self) -> Response {
        if matches!(self, ReconcileError::Interrupted) {
            let _request = crate::edge::request_span().entered();
            tracing::error!(code = self.code().as_str(), "{self}");
        }
        let body = serde_json::json!({ "code": self.code().as_str(), "message": self.to_string() });
        let mut response = (self.status(), axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match self {
            ReconcileError::Overloaded | ReconcileError::Timeout { .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            ReconcileError::Body(error) if error.closes_connection() => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}

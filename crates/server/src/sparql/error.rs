//! Why `/sparql` gives no results: each refusal with its HTTP status, a stable code and a
//! message for the person who wrote the query. The body is plain text, `CODE: message`, which
//! every SPARQL client shows as it is (the protocol defines no error format).

use crate::HttpError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bpgraph_api::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum SparqlError {
    #[error("the request has no query: send it as `query=` in the URL or a form body, or as an application/sparql-query body")]
    MissingQuery,
    #[error("the request has {0} `query` parameters; send exactly one")]
    SeveralQueries(usize),
    #[error("the request is not valid: {0}")]
    BadRequest(String),
    #[error("the query does not parse: {0}")]
    Syntax(String),
    #[error("this endpoint is read-only: SPARQL updates are refused (ask with SELECT, ASK, CONSTRUCT or DESCRIBE)")]
    UpdateRefused,
    #[error("this endpoint has one default graph: `default-graph-uri` and `named-graph-uri` are not supported (use FROM in the query instead)")]
    DatasetParameter,
    #[error("a SPARQL request is a GET with `query=`, or a POST with Content-Type application/sparql-query or application/x-www-form-urlencoded")]
    UnsupportedMediaType,
    #[error(
        "cannot answer this {form} query in any type of the Accept header; it answers {offers}"
    )]
    NotAcceptable {
        form: &'static str,
        offers: &'static str,
    },
    /// The body was refused as it was read (too large, too slow, cut short): the same status
    /// and code as on `/graphql`, from the one body reader.
    #[error("{0}")]
    Body(HttpError),
    #[error("the query has more than {limit} results; at most {limit} are answered (add a LIMIT, and OFFSET to page)")]
    TooManyResults { limit: usize },
    #[error("the query ran longer than {ms} ms and was stopped; ask for less (a LIMIT, fewer OPTIONAL or property paths)")]
    Timeout { ms: u64 },
    #[error("the query could not be evaluated: {0}")]
    Evaluation(String),
    #[error("the SPARQL store for data version {version} is being built; retry in a moment")]
    Building { version: String },
    #[error("the server is busy; retry in a moment")]
    Overloaded,
    #[error("the SPARQL store could not be built")]
    StoreFailed,
    #[error("the answer could not be written")]
    Interrupted,
}

impl SparqlError {
    fn status(&self) -> StatusCode {
        match self {
            SparqlError::MissingQuery
            | SparqlError::SeveralQueries(_)
            | SparqlError::BadRequest(_)
            | SparqlError::Syntax(_)
            | SparqlError::DatasetParameter
            | SparqlError::TooManyResults { .. }
            | SparqlError::Evaluation(_) => StatusCode::BAD_REQUEST,
            SparqlError::UpdateRefused => StatusCode::FORBIDDEN,
            SparqlError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            SparqlError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            SparqlError::Body(error) => error.status(),
            SparqlError::Timeout { .. }
            | SparqlError::Building { .. }
            | SparqlError::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            SparqlError::StoreFailed | SparqlError::Interrupted => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The stable code of the refusal (also the `code` label of the error metric).
    pub fn code(&self) -> ErrorCode {
        match self {
            SparqlError::MissingQuery
            | SparqlError::SeveralQueries(_)
            | SparqlError::BadRequest(_) => ErrorCode::BadRequest,
            SparqlError::Syntax(_) => ErrorCode::SparqlParseFailed,
            SparqlError::UpdateRefused => ErrorCode::SparqlUpdateRefused,
            SparqlError::DatasetParameter => ErrorCode::SparqlDatasetUnsupported,
            SparqlError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            SparqlError::NotAcceptable { .. } => ErrorCode::NotAcceptable,
            SparqlError::TooManyResults { .. } => ErrorCode::LimitExceeded,
            SparqlError::Body(error) => error.code(),
            SparqlError::Timeout { .. } => ErrorCode::Timeout,
            SparqlError::Evaluation(_) => ErrorCode::SparqlEvaluationFailed,
            SparqlError::Building { .. } => ErrorCode::SparqlStoreBuilding,
            SparqlError::Overloaded => ErrorCode::Overloaded,
            SparqlError::StoreFailed | SparqlError::Interrupted => ErrorCode::InternalError,
        }
    }
}

impl IntoResponse for SparqlError {
    fn into_response(self) -> Response {
        if matches!(self, SparqlError::StoreFailed | SparqlError::Interrupted) {
            // The client learns only that it failed; the log has the cause where it happened.
            let _request = crate::edge::request_span().entered();
            tracing::error!(code = self.code().as_str(), "{self}");
        }
        let body = format!("{}: {self}\n", self.code());
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        // The answer depends on `Accept` (results, page or 406) for every request to /sparql.
        headers.insert(header::VARY, HeaderValue::from_static("accept"));
        match self {
            SparqlError::Building { .. } | SparqlError::Overloaded => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            SparqlError::Body(error) if error.closes_connection() => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        response
    }
}

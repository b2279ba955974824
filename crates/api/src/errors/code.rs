//! Every error code a client can see, whichever layer raises it: the `code` extension of a
//! GraphQL error, of an HTTP refusal and of a SPARQL error. Defined here once; the README's
//! table of codes is checked against [`ErrorCode::ALL`] by `tests/error_codes.rs`, and that
//! test also fails if a code is spelled out as a string anywhere else in the sources.

use std::fmt;

macro_rules! error_codes {
    ($($variant:ident = $code:literal: $meaning:literal,)*) => {
        /// A stable, machine-readable error code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(#[doc = $meaning] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order the README lists them.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as clients see it, e.g. `NOT_FOUND`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// What the code means, as the README says.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $meaning,)*
                }
            }
        }
    };
}

error_codes! {
    NotFound = "NOT_FOUND": "A reference names nothing in the data (an id, slug, name or alias); for a name, `extensions.suggestions` lists up to three entities meant (`{slug, name}`).",
    BadUserInput = "BAD_USER_INPUT": "An argument's value is not acceptable (out of range, malformed).",
    GraphqlParseFailed = "GRAPHQL_PARSE_FAILED": "The query is not GraphQL syntax.",
    GraphqlValidationFailed = "GRAPHQL_VALIDATION_FAILED": "The query does not fit the schema.",
    LimitExceeded = "LIMIT_EXCEEDED": "A request limit was exceeded (size, depth, complexity, batch, results).",
    SearchNotReady = "SEARCH_NOT_READY": "The full-text index of this data version is still being built; retry shortly.",
    SearchUnavailable = "SEARCH_UNAVAILABLE": "The full-text index could not be built for this data version.",
    PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND": "The server does not know this persisted query's hash; send the text with it.",
    PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH": "The persisted query's hash is not the SHA-256 of its text.",
    BadRequest = "BAD_REQUEST": "The HTTP request is malformed (body, parameters).",
    MethodNotAllowed = "METHOD_NOT_ALLOWED": "A mutation was sent over GET.",
    NotAcceptable = "NOT_ACCEPTABLE": "No response format the client accepts is offered.",
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE": "The request body's media type is not one the endpoint reads.",
    BodyTimeout = "BODY_TIMEOUT": "The request body did not arrive in time.",
    BodyTooSlow = "BODY_TOO_SLOW": "The request body arrived slower than the minimum rate the server accepts.",
    Timeout = "TIMEOUT": "Answering took longer than the time limit.",
    Overloaded = "OVERLOADED": "The server is at capacity; retry after the `Retry-After` delay.",
    SparqlParseFailed = "SPARQL_PARSE_FAILED": "The SPARQL query is not valid syntax.",
    SparqlUpdateRefused = "SPARQL_UPDATE_REFUSED": "SPARQL updates are refused: the data is read-only.",
    SparqlDatasetUnsupported = "SPARQL_DATASET_UNSUPPORTED": "`default-graph-uri` and `named-graph-uri` are not supported.",
    SparqlEvaluationFailed = "SPARQL_EVALUATION_FAILED": "The SPARQL query failed while it was evaluated.",
    SparqlStoreBuilding = "SPARQL_STORE_BUILDING": "The SPARQL store of this data version is still being built; retry shortly.",
    UnknownType = "UNKNOWN_TYPE": "A reconciliation query names a type the service does not offer.",
    UnknownProperty = "UNKNOWN_PROPERTY": "A reconciliation query or extension names a property the service does not offer.",
    InvalidLimit = "INVALID_LIMIT": "A reconciliation `limit` is outside the range the service accepts.",
    InvalidCallback = "INVALID_CALLBACK": "A JSONP `callback` is not a plain JavaScript name.",
    WrongTransport = "WRONG_TRANSPORT": "A subscription was sent over plain HTTP, or a query or mutation over the WebSocket: subscribe over a WebSocket on /graphql, send the rest over HTTP.",
    OriginNotAllowed = "ORIGIN_NOT_ALLOWED": "A browser page from an origin the server does not allow (`--cors-origins`) opened a subscription WebSocket.",
    InternalError = "INTERNAL_ERROR": "The server failed; nothing the client sent is wrong.",
}

impl ErrorCode {
    /// The code spelled `code`, if it is one.
    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<ErrorCode> for async_graphql::Value {
    fn from(code: ErrorCode) -> Self {
        async_graphql::Value::String(code.as_str().to_owned())
    }
}

//! The errors the API returns: a message that says what is wrong and a machine-readable
//! `code` extension. Nothing internal (Rust types, paths, panics) ever reaches a client.
//!
//! Resolvers build their errors with [`not_found`] and [`bad_input`]; errors that
//! async-graphql raises itself (a query that does not parse, fails validation, or passes an
//! argument value that does not parse) get their code from the [`ErrorCodes`] extension.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    Error, ErrorExtensions, Response, ServerError, ServerResult, ValidationResult, Variables,
};
use std::sync::Arc;

/// Something the client named does not exist.
pub fn not_found(message: impl Into<String>) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", "NOT_FOUND"))
}

/// An argument the client sent is not acceptable.
pub fn bad_input(message: impl Into<String>) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", "BAD_USER_INPUT"))
}

/// Gives every error a `code`: `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, or
/// `BAD_USER_INPUT` for an argument value that does not parse (e.g. a malformed date).
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|error| with_code(error, "GRAPHQL_PARSE_FAILED"))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|error| with_code(error, "GRAPHQL_VALIDATION_FAILED"))
                .collect()
        })
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        // Resolvers code their own errors; what is left is async-graphql rejecting an
        // argument value during execution.
        response.errors = response
            .errors
            .into_iter()
            .map(|error| with_code(error, "BAD_USER_INPUT"))
            .collect();
        response
    }
}

/// async-graphql's own limit messages, and what the client is told instead.
const LIMIT_MESSAGES: [(&str, &str); 3] = [
    ("Query is nested too deep", "the query is nested too deep"),
    (
        "The recursion depth of the query",
        "the query is nested too deep",
    ),
    (
        "The number of directives on the field",
        "a field has too many directives",
    ),
];

/// Sets `code` unless the error already has one; limit errors get `LIMIT_EXCEEDED`.
fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let limit = LIMIT_MESSAGES
        .iter()
        .find(|(prefix, _)| error.message.starts_with(prefix));
    let code = match limit {
        Some((_, message)) => {
            error.message = (*message).to_owned();
            "LIMIT_EXCEEDED"
        }
        None => code,
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

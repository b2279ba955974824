//! The errors the API returns: a message that says what is wrong and a machine-readable
//! `code` extension. Nothing internal (Rust types, paths, panics) ever reaches a client.
//!
//! Resolvers build their errors with [`not_found`] (or [`unknown_name`], with suggestions)
//! and [`bad_input`]; errors that
//! async-graphql raises itself (a query that does not parse, fails validation, or passes an
//! argument value that does not parse) get their code from the [`Errors`] extension, which
//! also places every field error as the spec says (see [`nulling`]).

mod code;
mod nulling;
mod suggest;

pub use code::ErrorCode;
pub use suggest::unknown_name;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest,
    NextResolve, NextValidation, ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    Error, ErrorExtensions, Response, ServerError, ServerResult, ValidationResult, Value, Variables,
};
use nulling::Nulling;
use std::sync::Arc;

/// An error with `message` and `code`.
pub fn coded(message: impl Into<String>, code: ErrorCode) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code))
}

/// Something the client named does not exist.
pub fn not_found(message: impl Into<String>) -> Error {
    coded(message, ErrorCode::NotFound)
}

/// An argument the client sent is not acceptable.
pub fn bad_input(message: impl Into<String>) -> Error {
    coded(message, ErrorCode::BadUserInput)
}

/// The `code` extension of `error`, if it has one this API defines.
pub fn code_of(error: &ServerError) -> Option<ErrorCode> {
    match error.extensions.as_ref()?.get("code")? {
        Value::String(code) => ErrorCode::parse(code),
        _ => None,
    }
}

/// Gives every error a `code` (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, or
/// `BAD_USER_INPUT` for an argument value that does not parse, e.g. a malformed date) and
/// nulls failed fields as the spec says. One instance per request.
pub struct Errors;

impl ExtensionFactory for Errors {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestErrors::default())
    }
}

#[derive(Default)]
struct RequestErrors {
    nulling: Arc<Nulling>,
}

/// The request's [`Nulling`], in the request's data so resolvers can mark `null` list items.
#[derive(Clone)]
pub(crate) struct RequestNulling(Arc<Nulling>);

impl RequestNulling {
    /// Marks the item at `index` of the list at `node` as `null`.
    pub(crate) fn null_item(&self, node: Option<&async_graphql::QueryPathNode<'_>>, index: usize) {
        let mut path = node.map(nulling::path_of).unwrap_or_default();
        path.push(async_graphql::PathSegment::Index(index));
        self.0.null_item(path);
    }
}

#[async_trait::async_trait]
impl Extension for RequestErrors {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: async_graphql::Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<async_graphql::Request> {
        request.data.insert(RequestNulling(self.nulling.clone()));
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|error| with_code(error, ErrorCode::GraphqlParseFailed))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|mut error| {
                    if let Some(hint) = interface_hint(&error.message) {
                        error.message.push_str(&hint);
                    }
                    with_code(error, ErrorCode::GraphqlValidationFailed)
                })
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
        let (field_errors, root_failed) = self.nulling.finish();
        if root_failed {
            response.data = Value::Null;
        }
        // Resolvers code their own errors; what is left is async-graphql rejecting an
        // argument value during execution.
        response.errors = response
            .errors
            .into_iter()
            .chain(field_errors)
            .map(|error| with_code(error, ErrorCode::BadUserInput))
            .collect();
        response
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let (node, return_type) = (info.path_node, info.return_type);
        if self.nulling.is_null_item(node) {
            return Ok(None);
        }
        let resolved = next.run(ctx, info).await;
        self.nulling.settle(node, return_type, resolved)
    }
}

/// For `Unknown field "coChairs" on type "Entity".`, where `Entity` is an interface some of
/// whose objects have the field: which, and how to ask for it.
fn interface_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Unknown field \"")?;
    let (field, rest) = rest.split_once('"')?;
    let on = rest.strip_prefix(" on type \"")?.split_once('"')?.0;
    let catalog = crate::schema::Catalog::get();
    catalog.interface(on)?;
    let having: Vec<&str> = catalog
        .possible_objects(on)
        .into_iter()
        .map(|i| &catalog.objects[i])
        .filter(|o| o.fields.iter().any(|f| f.name == field))
        .map(|o| o.name.as_str())
        .collect();
    let first = having.first()?;
    Some(format!(
        " It is a field of {}: ask for it with `... on {first} {{ {field} }}`.",
        having.join(", ")
    ))
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
pub fn with_code(mut error: ServerError, code: ErrorCode) -> ServerError {
    let limit = LIMIT_MESSAGES
        .iter()
        .find(|(prefix, _)| error.message.starts_with(prefix));
    let code = match limit {
        Some((_, message)) => {
            error.message = (*message).to_owned();
            ErrorCode::LimitExceeded
        }
        None => code,
    };
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

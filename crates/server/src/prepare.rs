//! Getting one operation ready to execute: the limits that depend on the query text (checked
//! once per distinct text, then kept in the document cache with the parsed document), then
//! those that depend on the request (introspection switch, complexity with its variables,
//! operation selection, no mutation over GET).

use super::cache::{CheckedDocument, DocumentCache};
use super::error::HttpError;
use super::limits::{self, Limits, ListFields, OperationFacts};
use super::Config;
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{ErrorExtensionValues, ServerError};
use axum::http::Method;
use bpgraph_api::ErrorCode;
use std::sync::Arc;

/// An operation ready to run.
pub struct Prepared {
    /// The request as sent (its parsed document is attached only if async-graphql runs it).
    pub request: async_graphql::Request,
    pub selected: Selected,
    pub checked: Arc<CheckedDocument>,
}

/// The operation of a document that a request runs, once it passed the checks that depend on
/// the request.
pub struct Selected {
    /// The operation's name (`None` if anonymous).
    pub name: Option<String>,
    pub facts: OperationFacts,
}

impl Prepared {
    /// The request for async-graphql, with the document already parsed.
    pub fn into_request(mut self) -> async_graphql::Request {
        self.request.set_parsed_query(self.checked.document.clone());
        self.request
    }
}

/// Checks one operation against the limits, parses it (or finds it parsed and checked in the
/// document cache) and picks the operation to run.
/// `Ok(Ok(prepared))` is ready to execute; `Ok(Err(error))` is the GraphQL error refusing
/// it; `Err` an HTTP-level refusal.
pub fn prepare(
    request: async_graphql::Request,
    config: &Config,
    lists: &ListFields,
    documents: &DocumentCache,
    method: &Method,
) -> Result<Result<Prepared, ServerError>, HttpError> {
    let limits = &config.limits;
    let checked = match documents.get(&request.query) {
        Some(checked) => checked,
        None => match check(&request.query, limits, lists) {
            Ok(checked) => {
                let checked = Arc::new(checked);
                documents.insert(&request.query, checked.clone());
                checked
            }
            Err(refused) => return Ok(Err(refused)),
        },
    };
    Ok(
        select(&request, &checked, config, lists, method)?.map(|selected| Prepared {
            request,
            selected,
            checked,
        }),
    )
}

/// Picks the operation `request` runs from its checked document and applies the checks that
/// depend on the request. The results are [`prepare`]'s.
pub fn select(
    request: &async_graphql::Request,
    checked: &CheckedDocument,
    config: &Config,
    lists: &ListFields,
    method: &Method,
) -> Result<Result<Selected, ServerError>, HttpError> {
    let limits = &config.limits;
    let doc = &checked.document;
    let mut operations = doc.operations.iter().enumerate();
    let operation = match (&doc.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(_), None) => operations.next(),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(_), Some(name)) => {
            operations.find(|(_, (n, _))| n.is_some_and(|n| n.as_str() == name))
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => operations.next(),
        (DocumentOperations::Multiple(_), None) => {
            let message =
                "the document holds several operations: name the one to run with `operationName`";
            return Ok(Err(refusal(
                message.into(),
                ErrorCode::GraphqlValidationFailed,
            )));
        }
    };
    let Some((index, (operation_name, operation))) = operation else {
        let name = request.operation_name.as_deref().unwrap_or_default();
        return Ok(Err(refusal(
            format!("the document has no operation named `{name}`"),
            ErrorCode::GraphqlValidationFailed,
        )));
    };
    if operation.node.ty == OperationType::Subscription {
        let message = "subscriptions are served over a WebSocket on /graphql (graphql-transport-ws), not over plain HTTP";
        return Ok(Err(refusal(message.into(), ErrorCode::WrongTransport)));
    }
    if matches!(*method, Method::GET | Method::HEAD) && operation.node.ty != OperationType::Query {
        return Err(HttpError::MutationOverGet);
    }
    let check = || limits::check_operation(doc, operation, &request.variables, lists, limits);
    // Without variables the checks depend on the text alone: worked out once per operation.
    let checked_operation = if request.variables.is_empty() {
        checked.operations[index].get_or_init(check).clone()
    } else {
        check()
    };
    let facts = match checked_operation {
        Ok(facts) => facts,
        Err(exceeded) => return Ok(Err(refusal(exceeded.0, ErrorCode::LimitExceeded))),
    };
    if facts.introspects && !config.introspection {
        let message =
            "introspection is switched off on this server (`--introspection true` turns it on)";
        return Ok(Err(refusal(
            message.into(),
            ErrorCode::GraphqlValidationFailed,
        )));
    }
    let name = operation_name.map(|name| name.to_string());
    Ok(Ok(Selected { name, facts }))
}

/// The checks that depend on the query text alone: tokens and nesting before parsing, then
/// fragment cycles and the document limits.
pub(crate) fn check(
    query: &str,
    limits: &Limits,
    lists: &ListFields,
) -> Result<CheckedDocument, ServerError> {
    limits::scan(query, limits)
        .map_err(|exceeded| refusal(exceeded.0, ErrorCode::LimitExceeded))?;
    let document = async_graphql::parser::parse_query(query)
        .map_err(|error| refusal_from(error.into(), ErrorCode::GraphqlParseFailed))?;
    if let Some(name) = limits::fragment_in_cycle(&document) {
        let message = format!("fragment `{name}` spreads itself");
        return Err(refusal(message, ErrorCode::GraphqlValidationFailed));
    }
    limits::check_document(&document, limits, lists)
        .map_err(|exceeded| refusal(exceeded.0, ErrorCode::LimitExceeded))?;
    Ok(CheckedDocument::new(document))
}

pub fn refusal(message: String, code: ErrorCode) -> ServerError {
    refusal_from(ServerError::new(message, None), code)
}

pub fn refusal_from(mut error: ServerError, code: ErrorCode) -> ServerError {
    error
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default)
        .set("code", code);
    error
}

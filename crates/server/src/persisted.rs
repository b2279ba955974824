//! Automatic Persisted Queries, the protocol Apollo clients speak: a request may carry
//! `extensions.persistedQuery = { version: 1, sha256Hash }` instead of its query text. An
//! unknown hash is answered `PERSISTED_QUERY_NOT_FOUND`, and the client sends the text with
//! the hash, which registers it after the hash is checked.

use super::cache::PersistedQueries;
use super::prepare::refusal;
use async_graphql::{ServerError, Value};
use bpgraph_api::ErrorCode;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Whether the request names a persisted query.
pub fn is_used(request: &async_graphql::Request) -> bool {
    request.extensions.contains_key("persistedQuery")
}

/// Fills in the query text of a request that names a persisted query (or registers the text
/// it brings). Requests without `persistedQuery` pass unchanged.
pub fn resolve(
    request: &mut async_graphql::Request,
    store: &PersistedQueries,
) -> Result<(), ServerError> {
    let Some(persisted) = request.extensions.get("persistedQuery") else {
        return Ok(());
    };
    let Value::Object(fields) = persisted else {
        return Err(error(
            "`persistedQuery` must be an object",
            ErrorCode::BadRequest,
        ));
    };
    match fields.get("version") {
        Some(Value::Number(version)) if version.as_u64() == Some(1) => {}
        _ => {
            return Err(error(
                "unsupported persisted query version: only version 1 is known",
                ErrorCode::BadRequest,
            ))
        }
    }
    let hash = match fields.get("sha256Hash") {
        Some(Value::String(hash)) if is_sha256_hex(hash) => hash.to_ascii_lowercase(),
        _ => {
            return Err(error(
                "`persistedQuery.sha256Hash` must be 64 hexadecimal digits",
                ErrorCode::BadRequest,
            ))
        }
    };
    if request.query.is_empty() {
        return match store.get(&hash) {
            Some(query) => {
                request.query = query.to_string();
                Ok(())
            }
            None => Err(error(
                "PersistedQueryNotFound",
                ErrorCode::PersistedQueryNotFound,
            )),
        };
    }
    let actual = hex(&Sha256::digest(request.query.as_bytes()));
    if actual != hash {
        return Err(error(
            "provided sha does not match query",
            ErrorCode::PersistedQueryHashMismatch,
        ));
    }
    store.insert(hash, Arc::from(request.query.as_str()));
    Ok(())
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn error(message: &str, code: ErrorCode) -> ServerError {
    refusal(message.to_owned(), code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_hash(query: &str, hash: &str) -> async_graphql::Request {
        let extensions = serde_json::json!({
            "persistedQuery": { "version": 1, "sha256Hash": hash }
        });
        let mut request = async_graphql::Request::new(query);
        request.extensions = serde_json::from_value(extensions).unwrap();
        request
    }

    fn code(error: &ServerError) -> Value {
        error
            .extensions
            .as_ref()
            .unwrap()
            .get("code")
            .unwrap()
            .clone()
    }

    const QUERY: &str = "{ dataVersion }";

    #[test]
    fn a_hash_is_unknown_until_its_text_is_registered() {
        let store = PersistedQueries::new(1024 * 1024);
        let hash = hex(&Sha256::digest(QUERY));
        let unknown = resolve(&mut with_hash("", &hash), &store).unwrap_err();
        assert_eq!(
            code(&unknown),
            Value::from(ErrorCode::PersistedQueryNotFound)
        );
        resolve(&mut with_hash(QUERY, &hash), &store).unwrap();
        let mut by_hash = with_hash("", &hash.to_uppercase());
        resolve(&mut by_hash, &store).unwrap();
        assert_eq!(by_hash.query, QUERY);
    }

    #[test]
    fn a_text_that_does_not_match_its_hash_is_refused_and_not_registered() {
        let store = PersistedQueries::new(1024 * 1024);
        let wrong = hex(&Sha256::digest("{ stats { entityCount } }"));
        let error = resolve(&mut with_hash(QUERY, &wrong), &store).unwrap_err();
        assert_eq!(error.message, "provided sha does not match query");
        assert!(store.get(&wrong).is_none());
    }

    #[test]
    fn malformed_extensions_are_refused() {
        let store = PersistedQueries::new(1024 * 1024);
        let error = resolve(&mut with_hash("", "abc"), &store).unwrap_err();
        assert!(error.message.contains("64 hexadecimal digits"));
        let mut request = async_graphql::Request::new(QUERY);
        request.extensions =
            serde_json::from_value(serde_json::json!({ "persistedQuery": { "version": 2 } }))
                .unwrap();
        let error = resolve(&mut request, &store).unwrap_err();
        assert!(error.message.contains("version"));
    }
}

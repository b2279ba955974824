//! The JSON body of a `POST`: one operation (an object) or a batch (an array of them).
//!
//! Read straight into the four fields of an operation, not into a `serde_json::Value` first:
//! building the value's map of the whole object, then taking fields out of it, was a sixth of
//! a light uncached request's time in the endpoint (perf, BENCHMARKS.md). Every field is still
//! read as a JSON value of any type and checked here, so a field of the wrong type gets its
//! own message rather than serde's; other fields are skipped without being kept, and a field
//! given twice takes its last value, as a JSON object read into a map would.

use super::{require_query, variables_from};
use crate::error::HttpError;
use crate::limits::Limits;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// One request (a JSON object) or a batch (a JSON array of them, answered with an array:
/// the `bool`).
pub fn from_json_body(
    body: &[u8],
    limits: &Limits,
) -> Result<(Vec<async_graphql::Request>, bool), HttpError> {
    let body: Item = serde_json::from_slice(body)
        .map_err(|e| HttpError::BadRequest(format!("the body is not JSON: {e}")))?;
    let (items, batched) = match body {
        Item::Array(items) if items.is_empty() => {
            return Err(HttpError::BadRequest("the batch is empty".into()))
        }
        Item::Array(items) if items.len() > limits.max_batch => {
            return Err(HttpError::BatchTooLarge {
                found: items.len(),
                limit: limits.max_batch,
            })
        }
        Item::Array(items) => (items, true),
        object @ Item::Object(_) => (vec![object], false),
        Item::Other => {
            return Err(HttpError::BadRequest(
                "the body must be a JSON object with a `query`".into(),
            ))
        }
    };
    let requests = items
        .into_iter()
        .map(request_from)
        .collect::<Result<_, _>>()?;
    Ok((requests, batched))
}

fn request_from(item: Item) -> Result<async_graphql::Request, HttpError> {
    let Item::Object(fields) = item else {
        return Err(HttpError::BadRequest(
            "each operation must be a JSON object with a `query`".into(),
        ));
    };
    let query = match fields.query {
        Some(Value::String(query)) => query,
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err(HttpError::BadRequest("`query` must be a string".into())),
    };
    let mut request = async_graphql::Request::new(query);
    match fields.operation_name {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) => request.operation_name = Some(name),
        Some(_) => {
            return Err(HttpError::BadRequest(
                "`operationName` must be a string".into(),
            ))
        }
    }
    if let Some(variables) = fields.variables {
        request.variables = variables_from(variables)?;
    }
    match fields.extensions {
        None | Some(Value::Null) => {}
        Some(extensions @ Value::Object(_)) => {
            request.extensions = serde_json::from_value(extensions)
                .map_err(|e| HttpError::BadRequest(format!("`extensions` is not valid: {e}")))?;
        }
        Some(_) => {
            return Err(HttpError::BadRequest(
                "`extensions` must be a JSON object".into(),
            ))
        }
    }
    require_query(request, "field")
}

/// A JSON value as the body's top level or a batch's item: an object read into an operation's
/// fields, an array of items, or anything else.
enum Item {
    Object(Fields),
    Array(Vec<Item>),
    Other,
}

/// The fields of an operation, each as sent.
#[derive(Default)]
struct Fields {
    query: Option<Value>,
    operation_name: Option<Value>,
    variables: Option<Value>,
    extensions: Option<Value>,
}

/// A key of an operation's object, matched without allocating it.
enum Key {
    Query,
    OperationName,
    Variables,
    Extensions,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "query" => Key::Query,
            "operationName" => Key::OperationName,
            "variables" => Key::Variables,
            "extensions" => Key::Extensions,
            _ => Key::Other,
        })
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Item, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            let field = match key {
                Key::Query => &mut fields.query,
                Key::OperationName => &mut fields.operation_name,
                Key::Variables => &mut fields.variables,
                Key::Extensions => &mut fields.extensions,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *field = Some(map.next_value()?);
        }
        Ok(Item::Object(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(16));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Item::Array(items))
    }

    fn visit_unit<E>(self) -> Result<Item, E> {
        Ok(Item::Other)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Item, E> {
        Ok(Item::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Item, E> {
        Ok(Item::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Item, E> {
        Ok(Item::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Item, E> {
        Ok(Item::Other)
    }

    fn visit_str<E>(self, _: &str) -> Result<Item, E> {
        Ok(Item::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<(Vec<async_graphql::Request>, bool), String> {
        from_json_body(body.as_bytes(), &Limits::default()).map_err(|e| e.to_string())
    }

    #[test]
    fn an_object_is_one_operation_and_an_array_a_batch() {
        let (one, batched) = parse(
            r#"{"query":"{ a }","operationName":"A","variables":{"x":1},"other":[1,{"b":2}]}"#,
        )
        .unwrap();
        assert!(!batched);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].query, "{ a }");
        assert_eq!(one[0].operation_name.as_deref(), Some("A"));
        assert_eq!(one[0].variables.to_string(), r#"{x: 1}"#);
        let (batch, batched) = parse(r#"[{"query":"{ a }"},{"query":"{ b }"}]"#).unwrap();
        assert!(batched);
        assert_eq!(batch[1].query, "{ b }");
    }

    #[test]
    fn a_field_given_twice_takes_its_last_value_and_nulls_are_absent() {
        let (one, _) = parse(
            r#"{"query":"{ a }","query":"{ b }","operationName":null,"variables":null,"extensions":null}"#,
        )
        .unwrap();
        assert_eq!(one[0].query, "{ b }");
        assert_eq!(one[0].operation_name, None);
    }

    #[test]
    fn each_wrong_shape_has_its_own_message() {
        let cases = [
            ("", "the body is not JSON"),
            ("{", "the body is not JSON"),
            (r#"{"query":"{ a }"} x"#, "the body is not JSON"),
            ("[]", "the batch is empty"),
            ("5", "the body must be a JSON object with a `query`"),
            (
                r#""{ a }""#,
                "the body must be a JSON object with a `query`",
            ),
            ("null", "the body must be a JSON object with a `query`"),
            (
                r#"[{"query":"{ a }"},3]"#,
                "each operation must be a JSON object",
            ),
            (
                r#"[[{"query":"{ a }"}]]"#,
                "each operation must be a JSON object",
            ),
            (r#"{"query":5}"#, "`query` must be a string"),
            (
                r#"{"query":"{ a }","operationName":[]}"#,
                "`operationName` must be a string",
            ),
            (
                r#"{"query":"{ a }","variables":[1]}"#,
                "`variables` must be a JSON object",
            ),
            (
                r#"{"query":"{ a }","extensions":"x"}"#,
                "`extensions` must be a JSON object",
            ),
            (r#"{"operationName":"A"}"#, "the `query` field is missing"),
        ];
        for (body, message) in cases {
            let error = parse(body).expect_err(body);
            assert!(error.contains(message), "{body}: {error}");
        }
    }

    #[test]
    fn a_batch_over_the_limit_is_refused_by_size() {
        let limits = Limits::default();
        let items = vec![r#"{"query":"{ a }"}"#; limits.max_batch + 1].join(",");
        let error = from_json_body(format!("[{items}]").as_bytes(), &limits).unwrap_err();
        assert!(matches!(error, HttpError::BatchTooLarge { .. }), "{error}");
    }
}

//! Reading reconciliation queries: a batch (`{"q0": {...}, "q1": {...}}`) or one query (0.1's
//! `query=`, a JSON object or a bare name), each checked into a [`score::Query`] with a clear
//! refusal for what cannot be answered. The bounds are defined here once.

use super::catalogue::{kind_of_type, Property, Wanted};
use super::error::ReconcileError;
use super::score;
use serde_json::{Map, Value};

/// Most queries in one batch, and most ids in one data extension request.
pub const MAX_BATCH: usize = 50;
/// Candidates a query gets when it does not say.
pub const DEFAULT_LIMIT: usize = 10;
/// Most candidates one query may ask for.
pub const MAX_LIMIT: usize = 100;
/// Most properties one query may give.
pub const MAX_PROPERTIES: usize = 20;
/// The longest name a query may give, in characters: every word of it is compared with every
/// word of every name in the graph, and no name in a spreadsheet cell is longer.
pub const MAX_QUERY_CHARS: usize = 200;

/// Parses JSON text, refusing what is not JSON with the parser's reason.
pub fn parse_json(text: &[u8], what: &str) -> Result<Value, ReconcileError> {
    serde_json::from_slice(text)
        .map_err(|e| ReconcileError::BadRequest(format!("{what} is not valid JSON: {e}")))
}

/// A batch: the keys as given, with their queries, in the order given.
pub fn batch(value: Value) -> Result<Vec<(String, score::Query)>, ReconcileError> {
    let Value::Object(queries) = value else {
        return Err(ReconcileError::BadRequest(
            "a query batch is a JSON object of queries by key: {\"q0\": {\"query\": \"Turkey\"}}"
                .into(),
        ));
    };
    if queries.len() > MAX_BATCH {
        return Err(ReconcileError::TooMany {
            what: "queries",
            found: queries.len(),
            limit: MAX_BATCH,
        });
    }
    queries
        .into_iter()
        .map(|(key, query)| {
            let checked = one(query).map_err(|error| match error {
                ReconcileError::BadRequest(message) => {
                    ReconcileError::BadRequest(format!("query `{key}`: {message}"))
                }
                other => other,
            })?;
            Ok((key, checked))
        })
        .collect()
}

/// One query: a JSON object, or (0.1's single `query=`) a JSON string or bare name.
pub fn single(text: &str) -> Result<score::Query, ReconcileError> {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ (Value::Object(_) | Value::String(_))) => one(value),
        _ => one(Value::String(text.to_owned())),
    }
}

fn one(value: Value) -> Result<score::Query, ReconcileError> {
    let mut fields = match value {
        Value::Object(fields) => fields,
        Value::String(text) => Map::from_iter([("query".to_owned(), Value::String(text))]),
        _ => {
            return Err(ReconcileError::BadRequest(
                "a query is a JSON object with a `query` (the name) and optional `type`, `limit` and `properties`".into(),
            ))
        }
    };
    let text = match fields.remove("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text,
        Some(_) => {
            return Err(ReconcileError::BadRequest(
                "`query` must be a string".into(),
            ))
        }
    };
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ReconcileError::TooMany {
            what: "characters in `query`",
            found: chars,
            limit: MAX_QUERY_CHARS,
        });
    }
    let query = score::Query {
        text,
        kinds: types(fields.remove("type"))?,
        properties: properties(fields.remove("properties"))?,
        limit: limit(fields.remove("limit"))?,
    };
    if query.text.trim().is_empty() && query.properties.is_empty() {
        return Err(ReconcileError::BadRequest(
            "a query needs a `query` text or at least one property".into(),
        ));
    }
    Ok(query)
}

fn types(value: Option<Value>) -> Result<Vec<bpgraph_model::EntityKind>, ReconcileError> {
    let ids = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(id)) => vec![Value::String(id)],
        Some(Value::Array(ids)) => ids,
        Some(_) => {
            return Err(ReconcileError::BadRequest(
                "`type` must be a type id or a list of them".into(),
            ))
        }
    };
    ids.into_iter()
        .map(|id| match id {
            Value::String(id) => kind_of_type(&id).ok_or(ReconcileError::UnknownType(id)),
            _ => Err(ReconcileError::BadRequest(
                "`type` must be a type id or a list of them".into(),
            )),
        })
        .collect()
}

fn limit(value: Option<Value>) -> Result<usize, ReconcileError> {
    let value = match value {
        None | Some(Value::Null) => return Ok(DEFAULT_LIMIT),
        Some(value) => value,
    };
    match value.as_u64() {
        Some(n @ 1..) if n as usize <= MAX_LIMIT => Ok(n as usize),
        _ => Err(ReconcileError::InvalidLimit {
            found: value.to_string(),
            max: MAX_LIMIT,
        }),
    }
}

fn properties(value: Option<Value>) -> Result<Vec<(Property, Vec<Wanted>)>, ReconcileError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ReconcileError::BadRequest(
                "`properties` must be a list of {\"pid\", \"v\"}".into(),
            ))
        }
    };
    if items.len() > MAX_PROPERTIES {
        return Err(ReconcileError::TooMany {
            what: "properties in a query",
            found: items.len(),
            limit: MAX_PROPERTIES,
        });
    }
    items.into_iter().map(property).collect()
}

fn property(item: Value) -> Result<(Property, Vec<Wanted>), ReconcileError> {
    let shape = || {
        ReconcileError::BadRequest("each property is {\"pid\": \"iso3\", \"v\": \"TUR\"}".into())
    };
    let Value::Object(mut item) = item else {
        return Err(shape());
    };
    // 0.2 names the property `pid`; 0.1 clients sent `p` (a name) as well.
    let id = match item.remove("pid").or_else(|| item.remove("p")) {
        Some(Value::String(id)) => id,
        _ => return Err(shape()),
    };
    let property = Property::from_id(&id).ok_or(ReconcileError::UnknownProperty(id))?;
    let values = match item.remove("v") {
        Some(Value::Array(values)) => values,
        Some(value) => vec![value],
        None => return Err(shape()),
    };
    let wanted = values
        .into_iter()
        .map(|value| match value {
            Value::String(text) => Ok(Wanted::Text(text)),
            Value::Number(number) => Ok(Wanted::Number(number.as_f64().unwrap_or(f64::NAN))),
            Value::Bool(yes) => Ok(Wanted::Text(yes.to_string())),
            Value::Object(mut entity) => match entity.remove("id") {
                Some(Value::String(id)) => Ok(Wanted::Id(id)),
                _ => Err(shape()),
            },
            _ => Err(shape()),
        })
        .collect::<Result<_, _>>()?;
    Ok((property, wanted))
}

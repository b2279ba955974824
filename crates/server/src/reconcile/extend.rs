//! Data extension: the values of chosen properties for reconciled entities
//! (`extend={"ids": [...], "properties": [{"id": "iso3"}]}`), and the properties proposed for
//! a type (`GET /reconcile/extend/propose?type=State`).

use super::catalogue::{kind_of_type, Property};
use super::error::ReconcileError;
use super::query::MAX_BATCH;
use bpgraph_graph::KnowledgeGraph;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The parameters of a property proposal.
#[derive(Debug, Deserialize)]
pub struct ProposeParams {
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    pub limit: Option<usize>,
}

/// The properties entities of a type may have, in the catalogue's order.
pub fn propose(params: ProposeParams) -> Result<Value, ReconcileError> {
    let Some(type_id) = params.type_id else {
        return Err(ReconcileError::BadRequest(
            "a property proposal needs a `type`, such as `State`".into(),
        ));
    };
    let kind =
        kind_of_type(&type_id).ok_or_else(|| ReconcileError::UnknownType(type_id.clone()))?;
    let properties: Vec<Value> = Property::all()
        .filter(|p| p.applies_to(kind))
        .take(params.limit.unwrap_or(usize::MAX))
        .map(Property::to_json)
        .collect();
    let mut answer = json!({ "type": type_id, "properties": properties });
    if let Some(limit) = params.limit {
        answer["limit"] = json!(limit);
    }
    Ok(answer)
}

/// The rows of a data extension query: per id, per property, its values. An id that names no
/// entity gets a row without values, as the spec asks for ids it does not know.
pub fn extend(graph: &KnowledgeGraph, query: Value) -> Result<Value, ReconcileError> {
    let shape = || {
        ReconcileError::BadRequest(
            "a data extension query is {\"ids\": [\"turkiye\"], \"properties\": [{\"id\": \"iso3\"}]}"
                .into(),
        )
    };
    let Value::Object(mut query) = query else {
        return Err(shape());
    };
    let (Some(Value::Array(ids)), Some(Value::Array(wanted))) =
        (query.remove("ids"), query.remove("properties"))
    else {
        return Err(shape());
    };
    if ids.len() > MAX_BATCH {
        return Err(ReconcileError::TooMany {
            what: "ids",
            found: ids.len(),
            limit: MAX_BATCH,
        });
    }
    let ids: Vec<String> = ids
        .into_iter()
        .map(|id| match id {
            Value::String(id) => Ok(id),
            _ => Err(shape()),
        })
        .collect::<Result<_, _>>()?;
    let properties: Vec<Property> = wanted
        .into_iter()
        .map(|item| match item.get("id") {
            Some(Value::String(id)) => {
                Property::from_id(id).ok_or_else(|| ReconcileError::UnknownProperty(id.clone()))
            }
            _ => Err(shape()),
        })
        .collect::<Result<_, _>>()?;
    let meta: Vec<Value> = properties.iter().map(|p| p.to_json()).collect();
    let mut rows = Map::new();
    for id in ids {
        let entity = graph.entity_by_slug(&id);
        let row: Map<String, Value> = properties
            .iter()
            .map(|property| {
                let cells: Vec<Value> = entity
                    .map(|entity| property.values(entity))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|value| value.to_cell())
                    .collect();
                (property.id().to_owned(), Value::Array(cells))
            })
            .collect();
        rows.insert(id, Value::Object(row));
    }
    Ok(json!({ "meta": meta, "rows": rows }))
}

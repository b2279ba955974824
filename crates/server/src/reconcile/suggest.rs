//! Suggest: entities, types and properties whose name begins with what is being typed, for
//! OpenRefine's auto-complete (`GET /reconcile/suggest/{entity|type|property}?prefix=`).
//! Names and prefixes are compared as `entity(ref:)` compares names (case and diacritics
//! folded by `lookup_key`).

use super::catalogue::{kind_of_type, type_json, Property};
use super::error::ReconcileError;
use super::manifest::describe;
use bpgraph_graph::{EntityRef, KnowledgeGraph};
use bpgraph_model::text::lookup_key;
use bpgraph_model::EntityKind;
use serde::Deserialize;
use serde_json::{json, Value};

/// Suggestions in one answer; `cursor` pages on.
pub const SUGGEST_PAGE: usize = 10;

/// The parameters of a suggest request.
#[derive(Debug, Deserialize)]
pub struct SuggestParams {
    pub prefix: Option<String>,
    /// Entities only: keep those of this type.
    #[serde(rename = "type")]
    pub type_id: Option<String>,
    /// How many suggestions to skip (the spec's paging).
    pub cursor: Option<usize>,
}

/// What is suggested.
#[derive(Debug, Clone, Copy)]
pub enum Suggest {
    Entity,
    Type,
    Property,
}

impl Suggest {
    pub fn from_path(what: &str) -> Option<Suggest> {
        match what {
            "entity" => Some(Suggest::Entity),
            "type" => Some(Suggest::Type),
            "property" => Some(Suggest::Property),
            _ => None,
        }
    }
}

pub fn answer(
    graph: &KnowledgeGraph,
    what: Suggest,
    params: SuggestParams,
) -> Result<Value, ReconcileError> {
    let Some(prefix) = params.prefix else {
        return Err(ReconcileError::BadRequest(
            "suggest needs a `prefix`: the beginning of a name".into(),
        ));
    };
    let prefix = lookup_key(&prefix);
    let kind = match params.type_id {
        Some(id) => Some(kind_of_type(&id).ok_or(ReconcileError::UnknownType(id))?),
        None => None,
    };
    let skip = params.cursor.unwrap_or(0);
    let result: Vec<Value> = match what {
        Suggest::Entity => entities(graph, &prefix, kind)
            .into_iter()
            .skip(skip)
            .take(SUGGEST_PAGE)
            .map(entity_json)
            .collect(),
        Suggest::Type => EntityKind::ALL
            .into_iter()
            .filter(|kind| begins(&prefix, kind.table()))
            .skip(skip)
            .take(SUGGEST_PAGE)
            .map(type_json)
            .collect(),
        Suggest::Property => Property::all()
            .filter(|p| kind.is_none_or(|kind| p.applies_to(kind)))
            .filter(|p| begins(&prefix, p.id()) || begins(&prefix, &p.name()))
            .skip(skip)
            .take(SUGGEST_PAGE)
            .map(Property::to_json)
            .collect(),
    };
    Ok(json!({ "result": result }))
}

/// Whether a word of `name` (or the whole of it) begins with the folded prefix.
fn begins(prefix: &str, name: &str) -> bool {
    key_begins(prefix, &lookup_key(name))
}

/// [`begins`], for a name's lookup key.
fn key_begins(prefix: &str, key: &str) -> bool {
    key.starts_with(prefix)
        || key
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word.starts_with(prefix))
}

/// Entities with a name or alias beginning with `prefix`: those whose name begins with it,
/// then those with such an alias, then those with such a word; graph order within each.
fn entities<'g>(
    graph: &'g KnowledgeGraph,
    prefix: &str,
    kind: Option<EntityKind>,
) -> Vec<EntityRef<'g>> {
    if prefix.is_empty() {
        return Vec::new();
    }
    let keys = graph.name_keys();
    let rank = |entity: &EntityRef<'_>| -> Option<u8> {
        // The keys of its name and aliases: all but the last, the slug's.
        let names = || {
            let all = keys.of(entity.id());
            let named = all.len() - 1;
            all.take(named)
        };
        if names().next().is_some_and(|name| name.starts_with(prefix)) {
            Some(0)
        } else if names().any(|name| name.starts_with(prefix)) {
            Some(1)
        } else if names().any(|name| key_begins(prefix, name)) {
            Some(2)
        } else {
            None
        }
    };
    let mut ranked: Vec<(u8, EntityRef<'g>)> = graph
        .entities()
        .filter(|entity| kind.is_none_or(|kind| entity.kind() == kind))
        .filter_map(|entity| Some((rank(&entity)?, entity)))
        .collect();
    // Stable: graph order within a rank.
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, entity)| entity).collect()
}

fn entity_json(entity: EntityRef<'_>) -> Value {
    let mut value = json!({
        "id": entity.slug(),
        "name": entity.name(),
        "notable": [type_json(entity.kind())],
    });
    if let Some(description) = describe(entity) {
        value["description"] = Value::String(description);
    }
    value
}

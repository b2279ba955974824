//! The service manifest (`GET /reconcile` with no query), and the JSON of a query's
//! candidates. Every URL in it is under the server's base IRI, like the IRIs of the graph.

use super::catalogue::type_json;
use super::score::Candidate;
use bpgraph_model::iri::BaseIri;
use bpgraph_model::EntityKind;
use serde_json::{json, Value};

/// The size OpenRefine gives the preview card's frame.
const PREVIEW_WIDTH: u32 = 420;
const PREVIEW_HEIGHT: u32 = 190;

/// The paths of the service's parts, below the server's root.
pub const PREVIEW_PATH: &str = "/reconcile/preview";
pub const SUGGEST_ENTITY_PATH: &str = "/reconcile/suggest/entity";
pub const SUGGEST_TYPE_PATH: &str = "/reconcile/suggest/type";
pub const SUGGEST_PROPERTY_PATH: &str = "/reconcile/suggest/property";
pub const PROPOSE_PATH: &str = "/reconcile/extend/propose";

pub fn manifest(base: &BaseIri) -> Value {
    // `service_url` + `service_path` is the URL: the base without its final slash.
    let root = base.as_str().trim_end_matches('/');
    let service = |path: &str| json!({ "service_url": root, "service_path": path });
    json!({
        "versions": ["0.1", "0.2"],
        "name": "Budapest Process knowledge graph",
        "identifierSpace": base.entity(""),
        "schemaSpace": base.vocabulary(),
        "documentation": format!("{base}graphiql"),
        "serviceVersion": env!("CARGO_PKG_VERSION"),
        "view": { "url": format!("{base}?entity={{{{id}}}}") },
        "preview": {
            "url": format!("{root}{PREVIEW_PATH}?id={{{{id}}}}"),
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            "entity": service(SUGGEST_ENTITY_PATH),
            "type": service(SUGGEST_TYPE_PATH),
            "property": service(SUGGEST_PROPERTY_PATH),
        },
        "extend": {
            "propose_properties": service(PROPOSE_PATH),
            "property_settings": [],
        },
        "defaultTypes": EntityKind::ALL.into_iter().map(type_json).collect::<Vec<_>>(),
    })
}

/// A candidate as the spec writes it. `features` say how the score was made: the name's
/// similarity and, per property of the query, whether the candidate agrees.
pub fn candidate(candidate: &Candidate<'_>) -> Value {
    let entity = candidate.entity;
    let mut features = vec![json!({ "id": "name", "value": candidate.name_score })];
    features.extend(
        candidate
            .properties
            .iter()
            .map(|(property, agrees)| json!({ "id": property.id(), "value": agrees })),
    );
    let mut value = json!({
        "id": entity.slug(),
        "name": entity.name(),
        "type": [type_json(entity.kind())],
        "score": candidate.score,
        "match": candidate.sure,
        "features": features,
    });
    if let Some(description) = describe(entity) {
        value["description"] = Value::String(description);
    }
    value
}

/// A line telling namesakes apart: the kind's category, or a state's ISO 3166-1 alpha-3 code.
pub fn describe(entity: bpgraph_graph::EntityRef<'_>) -> Option<String> {
    let category = entity.category().map(|c| c.replace('_', " "));
    match (category, entity.iso3()) {
        (Some(category), _) => Some(category),
        (None, Some(iso3)) => Some(format!("ISO {iso3}")),
        (None, None) => None,
    }
}

//! JSON-LD, written with serde_json from the triple model: one node object per subject, keys
//! and types as compact IRIs (`schema:name`, `bp:co_chairs`) under an `@context` that declares
//! the prefixes of [`super::vocab`]. It expands to exactly the triples of the Turtle export.

use super::rdf::Triples;
use super::vocab;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{NamedOrBlankNode, Term};
use serde_json::{json, Map, Value};

pub fn write(triples: &Triples) -> serde_json::Result<Vec<u8>> {
    let prefixes = vocab::prefixes(triples.base());
    let compact = |iri: &str| -> String {
        prefixes
            .iter()
            .filter_map(|(name, namespace)| {
                let local = iri.strip_prefix(namespace.as_str())?;
                // JSON-LD reads `prefix://…` as an absolute IRI, not as a compact one.
                (!local.is_empty() && !local.starts_with("//")).then(|| format!("{name}:{local}"))
            })
            .next()
            .unwrap_or_else(|| iri.to_owned())
    };
    let context: Map<String, Value> = prefixes
        .iter()
        .map(|(name, namespace)| ((*name).to_owned(), Value::from(namespace.as_str())))
        .collect();
    let mut nodes = Vec::new();
    for group in triples.by_subject() {
        let mut node = Map::new();
        let subject = match &group[0].subject {
            NamedOrBlankNode::NamedNode(iri) => compact(iri.as_str()),
            other => other.to_string(),
        };
        node.insert("@id".to_owned(), Value::from(subject));
        for triple in group {
            let (key, value) = match (&triple.object, triple.predicate.as_ref() == rdf::TYPE) {
                (Term::NamedNode(class), true) => {
                    ("@type".to_owned(), json!(compact(class.as_str())))
                }
                (object, _) => (
                    compact(triple.predicate.as_str()),
                    value_of(object, &compact),
                ),
            };
            add_value(&mut node, key, value);
        }
        nodes.push(Value::Object(node));
    }
    serde_json::to_vec_pretty(&json!({ "@context": context, "@graph": nodes }))
}

/// An object as JSON-LD: a node reference, a plain string, or a typed value.
fn value_of(object: &Term, compact: &impl Fn(&str) -> String) -> Value {
    match object {
        Term::NamedNode(iri) => json!({ "@id": compact(iri.as_str()) }),
        Term::Literal(literal) if literal.datatype() == xsd::STRING => json!(literal.value()),
        Term::Literal(literal) => json!({
            "@value": literal.value(),
            "@type": compact(literal.datatype().as_str()),
        }),
        other => json!({ "@id": other.to_string() }),
    }
}

/// One value is written as itself, more as an array, in triple order.
fn add_value(node: &mut Map<String, Value>, key: String, value: Value) {
    match node.get_mut(&key) {
        None => {
            node.insert(key, value);
        }
        Some(Value::Array(values)) => values.push(value),
        Some(single) => *single = Value::Array(vec![single.take(), value]),
    }
}

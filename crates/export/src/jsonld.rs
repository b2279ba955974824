//! JSON-LD, written with serde_json from the triple model's blocks: one node object per
//! subject, keys and types as compact IRIs (`schema:name`, `bp:co_chairs`) under an `@context`
//! that declares the prefixes of [`super::vocab`]. It expands to exactly the Turtle's triples.
//! Nodes are written as their blocks arrive, so the graph is never held as JSON values whole.

use super::rdf::BlockSink;
use super::vocab;
use bpgraph_model::iri::BaseIri;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{NamedOrBlankNode, Term, Triple};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

pub struct JsonLdWriter {
    out: Vec<u8>,
    prefixes: Vec<(&'static str, String)>,
    nodes: usize,
}

impl JsonLdWriter {
    pub fn new(base: &BaseIri) -> io::Result<JsonLdWriter> {
        let prefixes = vocab::prefixes(base);
        let context: Map<String, Value> = prefixes
            .iter()
            .map(|(name, namespace)| ((*name).to_owned(), Value::from(namespace.as_str())))
            .collect();
        let mut out = b"{\n\"@context\": ".to_vec();
        serde_json::to_writer_pretty(&mut out, &context)?;
        out.extend_from_slice(b",\n\"@graph\": [");
        Ok(JsonLdWriter {
            out,
            prefixes,
            nodes: 0,
        })
    }

    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        self.out.extend_from_slice(b"\n]\n}\n");
        Ok(self.out)
    }

    /// `prefix:local` for an IRI under a declared prefix, else the IRI itself.
    fn compact(&self, iri: &str) -> String {
        self.prefixes
            .iter()
            .find_map(|(name, namespace)| {
                let local = iri.strip_prefix(namespace.as_str())?;
                // JSON-LD reads `prefix://…` as an absolute IRI, not as a compact one.
                (!local.is_empty() && !local.starts_with("//")).then(|| format!("{name}:{local}"))
            })
            .unwrap_or_else(|| iri.to_owned())
    }

    /// An object as JSON-LD: a node reference, a plain string, or a typed value.
    fn value(&self, object: &Term) -> Value {
        match object {
            Term::NamedNode(iri) => json!({ "@id": self.compact(iri.as_str()) }),
            Term::Literal(literal) if literal.datatype() == xsd::STRING => json!(literal.value()),
            Term::Literal(literal) => json!({
                "@value": literal.value(),
                "@type": self.compact(literal.datatype().as_str()),
            }),
            other => json!({ "@id": other.to_string() }),
        }
    }

    fn write_node(&mut self, node: Map<String, Value>) -> io::Result<()> {
        self.out
            .extend_from_slice(if self.nodes == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer_pretty(&mut self.out, &node)?;
        self.nodes += 1;
        Ok(())
    }
}

impl BlockSink for JsonLdWriter {
    /// One node per subject of the block (the block keeps each subject's triples together).
    fn block(&mut self, triples: &[Triple]) -> io::Result<()> {
        let mut node: Option<(&NamedOrBlankNode, Map<String, Value>)> = None;
        for triple in triples {
            if node
                .as_ref()
                .is_none_or(|(subject, _)| **subject != triple.subject)
            {
                if let Some((_, done)) = node.take() {
                    self.write_node(done)?;
                }
                let id = match &triple.subject {
                    NamedOrBlankNode::NamedNode(iri) => self.compact(iri.as_str()),
                    other => other.to_string(),
                };
                node = Some((
                    &triple.subject,
                    Map::from_iter([("@id".to_owned(), json!(id))]),
                ));
            }
            let (key, value) = match &triple.object {
                Term::NamedNode(class) if triple.predicate.as_ref() == rdf::TYPE => {
                    ("@type".to_owned(), json!(self.compact(class.as_str())))
                }
                object => (self.compact(triple.predicate.as_str()), self.value(object)),
            };
            if let Some((_, fields)) = &mut node {
                add_value(fields, key, value);
            }
        }
        match node {
            Some((_, done)) => self.write_node(done),
            None => Ok(()),
        }
        .and_then(|()| self.out.flush())
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

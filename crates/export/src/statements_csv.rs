//! The statements as a CSV table for spreadsheets: one row per statement and citation, so each
//! quote sits beside the fact it supports. Written with the `csv` crate, which quotes fields.

use bpgraph_graph::{KnowledgeGraph, ObjectRef};
use bpgraph_model::iri::BaseIri;
use bpgraph_model::DateSpec;
use std::io;

pub const HEADER: [&str; 23] = [
    "statement",
    "statement_iri",
    "subject",
    "subject_name",
    "predicate",
    "object",
    "object_name",
    "object_value",
    "start",
    "end",
    "point_in_time",
    "derivation",
    "date_derivation",
    "role",
    "status",
    "format",
    "measure",
    "unit",
    "bound",
    "note",
    "source",
    "source_title",
    "quote",
];

pub fn write(graph: &KnowledgeGraph, base: &BaseIri) -> io::Result<Vec<u8>> {
    let mut table = csv::Writer::from_writer(Vec::new());
    table.write_record(HEADER)?;
    for statement in graph.statements() {
        let subject = statement.subject();
        let (object, object_name, object_value) = match statement.object() {
            ObjectRef::Entity(entity) => (entity.slug(), entity.name(), String::new()),
            ObjectRef::Text(text) => ("", "", text.to_owned()),
            ObjectRef::Number(value) => ("", "", value.to_string()),
        };
        let q = statement.qualifiers();
        let date = |d: &Option<DateSpec>| d.map(|d| d.to_string()).unwrap_or_default();
        let id = statement.id();
        let iri = base.statement(&id);
        for citation in statement.citations() {
            let source = citation.source();
            table.write_record([
                &*id,
                &iri,
                subject.slug(),
                subject.name(),
                statement.predicate().name(),
                object,
                object_name,
                &object_value,
                &date(&q.start),
                &date(&q.end),
                &date(&q.at),
                q.derivation.as_str(),
                q.date_derivation.map_or("", |d| d.as_str()),
                text(&q.role),
                q.status.map_or("", |s| s.as_str()),
                q.format.map_or("", |f| f.as_str()),
                text(&q.measure),
                text(&q.unit),
                q.bound.map_or("", |b| b.as_str()),
                text(&q.note),
                source.id(),
                source.title(),
                citation.quote(),
            ])?;
        }
    }
    table.into_inner().map_err(|e| e.into_error())
}

/// An optional qualifier text, empty when absent.
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

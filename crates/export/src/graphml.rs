//! GraphML for Gephi, yEd and Cytoscape: entities are nodes (id = slug) with kind, name and IRI;
//! statements between two entities are directed edges (id = statement id) with the predicate,
//! the qualifiers and the citations. Statements whose object is a text or a number have no
//! node to point at; they are in the CSV and RDF exports. quick-xml does the escaping.

use bpgraph_graph::{KnowledgeGraph, ObjectRef, StatementRef};
use bpgraph_model::iri::BaseIri;
use bpgraph_model::DateSpec;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

/// The attributes declared as GraphML keys: (attr.name, for); the key id is `{for}-{name}`.
const KEYS: &[(&str, &str)] = &[
    ("label", "node"),
    ("name", "node"),
    ("kind", "node"),
    ("category", "node"),
    ("date", "node"),
    ("dateDerivation", "node"),
    ("iri", "node"),
    ("predicate", "edge"),
    ("statement", "edge"),
    ("iri", "edge"),
    ("start", "edge"),
    ("end", "edge"),
    ("pointInTime", "edge"),
    ("derivation", "edge"),
    ("dateDerivation", "edge"),
    ("role", "edge"),
    ("status", "edge"),
    ("format", "edge"),
    ("note", "edge"),
    ("sources", "edge"),
    ("quotes", "edge"),
];

pub fn write(graph: &KnowledgeGraph, base: &BaseIri) -> io::Result<Vec<u8>> {
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    xml.create_element("graphml")
        .with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ])
        .write_inner_content(|xml| {
            for (name, domain) in KEYS {
                let id = format!("{domain}-{name}");
                xml.create_element("key")
                    .with_attributes([
                        ("id", id.as_str()),
                        ("for", domain),
                        ("attr.name", name),
                        ("attr.type", "string"),
                    ])
                    .write_empty()?;
            }
            xml.create_element("graph")
                .with_attributes([("id", "bpgraph"), ("edgedefault", "directed")])
                .write_inner_content(|xml| {
                    for entity in graph.entities() {
                        let date = entity.date().map(|d| d.to_string());
                        let iri = base.entity(entity.slug());
                        let data = [
                            ("label", Some(entity.name())),
                            ("name", Some(entity.name())),
                            ("kind", Some(entity.kind().table())),
                            ("category", entity.category()),
                            ("date", date.as_deref()),
                            ("dateDerivation", entity.date_derivation().map(|d| d.as_str())),
                            ("iri", Some(iri.as_str())),
                        ];
                        xml.create_element("node")
                            .with_attribute(("id", entity.slug()))
                            .write_inner_content(|xml| write_data(xml, "node", &data))?;
                    }
                    for statement in graph.statements() {
                        if let ObjectRef::Entity(object) = statement.object() {
                            let id = statement.id();
                            xml.create_element("edge")
                                .with_attributes([
                                    ("id", &*id),
                                    ("source", statement.subject().slug()),
                                    ("target", object.slug()),
                                ])
                                .write_inner_content(|xml| edge_data(xml, statement, base))?;
                        }
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(xml.into_inner())
}

fn edge_data(
    xml: &mut Writer<Vec<u8>>,
    statement: StatementRef<'_>,
    base: &BaseIri,
) -> io::Result<()> {
    let q = statement.qualifiers();
    let date = |d: &Option<DateSpec>| d.as_ref().map(|d| d.to_string());
    let (start, end, at) = (date(&q.start), date(&q.end), date(&q.at));
    let id = statement.id();
    let iri = base.statement(&id);
    let mut sources: Vec<&str> = Vec::new();
    for citation in statement.citations() {
        if !sources.contains(&citation.source().id()) {
            sources.push(citation.source().id());
        }
    }
    let sources = sources.join(" ");
    let quotes: Vec<&str> = statement.citations().map(|c| c.quote()).collect();
    let quotes = quotes.join("\n");
    let data = [
        ("predicate", Some(statement.predicate().name())),
        ("statement", Some(&*id)),
        ("iri", Some(iri.as_str())),
        ("start", start.as_deref()),
        ("end", end.as_deref()),
        ("pointInTime", at.as_deref()),
        ("derivation", Some(q.derivation.as_str())),
        ("dateDerivation", q.date_derivation.map(|d| d.as_str())),
        ("role", q.role.as_deref()),
        ("status", q.status.map(|s| s.as_str())),
        ("format", q.format.map(|f| f.as_str())),
        ("note", q.note.as_deref()),
        ("sources", Some(sources.as_str())),
        ("quotes", Some(quotes.as_str())),
    ];
    write_data(xml, "edge", &data)
}

/// One `<data>` element per attribute that has a value.
fn write_data(
    xml: &mut Writer<Vec<u8>>,
    domain: &str,
    data: &[(&str, Option<&str>)],
) -> io::Result<()> {
    for (name, value) in data {
        if let Some(value) = value {
            let key = format!("{domain}-{name}");
            xml.create_element("data")
                .with_attribute(("key", key.as_str()))
                .write_text_content(BytesText::new(value))?;
        }
    }
    Ok(())
}

//! Linked-data and tabular exports of a [`KnowledgeGraph`]: Turtle and JSON-LD (one RDF triple
//! model, [`rdf`], with the vocabulary mapping of [`vocab`]), GraphML and CSV.
//!
//! Everything here is a pure function of the graph and the base IRI: it knows nothing of HTTP
//! or files. The server's `/export/*` and `/entity/{slug}` routes and `bpgraph export` call it
//! and get the same bytes; [`graph_triples`] hands the same triples to any other [`BlockSink`]
//! (the server's SPARQL store is filled from it).

mod graphml;
mod jsonld;
mod rdf;
mod statements_csv;
mod turtle;
pub mod vocab;

pub use rdf::BlockSink;
pub use statements_csv::HEADER as CSV_HEADER;

use bpgraph_graph::{EntityRef, KnowledgeGraph};
use bpgraph_model::iri::BaseIri;
use std::io;

/// A whole-graph export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// JSON-LD with an `@context` of standard vocabularies (`graph.jsonld`).
    Jsonld,
    /// RDF Turtle (`graph.ttl`).
    Turtle,
    /// GraphML for Gephi and yEd (`graph.graphml`).
    Graphml,
    /// One row per statement and citation (`statements.csv`).
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Jsonld, Format::Turtle, Format::Graphml, Format::Csv];

    /// The file name a download gets.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Jsonld => "graph.jsonld",
            Format::Turtle => "graph.ttl",
            Format::Graphml => "graph.graphml",
            Format::Csv => "statements.csv",
        }
    }

    /// The media type of the export (`Content-Type`).
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jsonld => RdfSyntax::JsonLd.media_type(),
            Format::Turtle => RdfSyntax::Turtle.media_type(),
            Format::Graphml => "application/graphml+xml; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8; header=present",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Jsonld => RdfSyntax::JsonLd.name(),
            Format::Turtle => RdfSyntax::Turtle.name(),
            Format::Graphml => "GraphML",
            Format::Csv => "CSV",
        }
    }
}

/// An RDF syntax a single entity can be described in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RdfSyntax {
    Turtle,
    JsonLd,
}

impl RdfSyntax {
    pub fn media_type(self) -> &'static str {
        match self {
            RdfSyntax::Turtle => "text/turtle; charset=utf-8",
            RdfSyntax::JsonLd => "application/ld+json",
        }
    }

    fn name(self) -> &'static str {
        match self {
            RdfSyntax::Turtle => "Turtle",
            RdfSyntax::JsonLd => "JSON-LD",
        }
    }

    /// Writes what `blocks` sends to the sink.
    fn write(
        self,
        base: &BaseIri,
        blocks: impl FnOnce(&mut dyn rdf::BlockSink) -> io::Result<()>,
    ) -> io::Result<Vec<u8>> {
        match self {
            RdfSyntax::Turtle => {
                let mut writer = turtle::TurtleWriter::new(base)?;
                blocks(&mut writer)?;
                writer.finish()
            }
            RdfSyntax::JsonLd => {
                let mut writer = jsonld::JsonLdWriter::new(base)?;
                blocks(&mut writer)?;
                writer.finish()
            }
        }
    }
}

/// Writing to memory failed; it does not happen with valid data, but is never a panic.
#[derive(Debug, thiserror::Error)]
#[error("could not write the {format} export: {source}")]
pub struct ExportError {
    format: &'static str,
    source: io::Error,
}

/// The whole graph in `format`, with IRIs under `base`.
pub fn export(
    graph: &KnowledgeGraph,
    base: &BaseIri,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    let written = match format {
        Format::Jsonld => {
            RdfSyntax::JsonLd.write(base, |sink| rdf::graph_blocks(graph, base, sink))
        }
        Format::Turtle => {
            RdfSyntax::Turtle.write(base, |sink| rdf::graph_blocks(graph, base, sink))
        }
        Format::Graphml => graphml::write(graph, base),
        Format::Csv => statements_csv::write(graph, base),
    };
    written.map_err(|source| ExportError {
        format: format.name(),
        source,
    })
}

/// Every triple of the whole-graph RDF exports, block by block (see [`BlockSink`]): the
/// triples `/export/graph.ttl` and `/export/graph.jsonld` are written from, for a consumer
/// that stores or indexes them instead of writing a syntax.
pub fn graph_triples(
    graph: &KnowledgeGraph,
    base: &BaseIri,
    sink: &mut dyn BlockSink,
) -> io::Result<()> {
    rdf::graph_blocks(graph, base, sink)
}

/// One entity's document (see [`rdf::entity_blocks`]) in `syntax`.
pub fn entity_document(
    entity: EntityRef<'_>,
    base: &BaseIri,
    syntax: RdfSyntax,
) -> Result<Vec<u8>, ExportError> {
    syntax
        .write(base, |sink| rdf::entity_blocks(entity, base, sink))
        .map_err(|source| ExportError {
            format: syntax.name(),
            source,
        })
}

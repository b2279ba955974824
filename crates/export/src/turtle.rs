//! Turtle, written by oxttl from the triple model's blocks, with the prefixes of [`super::vocab`].

use super::rdf::BlockSink;
use super::vocab;
use bpgraph_model::iri::BaseIri;
use oxrdf::Triple;
use oxttl::turtle::WriterTurtleSerializer;
use oxttl::TurtleSerializer;
use std::io;

pub struct TurtleWriter(WriterTurtleSerializer<Vec<u8>>);

impl TurtleWriter {
    pub fn new(base: &BaseIri) -> io::Result<TurtleWriter> {
        let mut serializer = TurtleSerializer::new();
        for (name, namespace) in vocab::prefixes(base) {
            serializer = serializer
                .with_prefix(name, namespace)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        }
        Ok(TurtleWriter(serializer.for_writer(Vec::new())))
    }

    pub fn finish(self) -> io::Result<Vec<u8>> {
        self.0.finish()
    }
}

impl BlockSink for TurtleWriter {
    fn block(&mut self, triples: &[Triple]) -> io::Result<()> {
        triples.iter().try_for_each(|t| self.0.serialize_triple(t))
    }
}

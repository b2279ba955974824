//! Turtle, written by oxttl from the triple model, with the prefixes of [`super::vocab`].

use super::rdf::Triples;
use super::vocab;
use oxttl::TurtleSerializer;
use std::io;

pub fn write(triples: &Triples) -> io::Result<Vec<u8>> {
    let mut serializer = TurtleSerializer::new();
    for (name, namespace) in vocab::prefixes(triples.base()) {
        serializer = serializer
            .with_prefix(name, namespace)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for group in triples.by_subject() {
        for triple in group {
            writer.serialize_triple(triple)?;
        }
    }
    writer.finish()
}

//! The RDF vocabulary of the exports: the standard namespaces reused (schema.org, W3C ORG,
//! OWL-Time, PROV-O, Dublin Core terms, SKOS), the graph's own `bp:` namespace, and which class
//! stands for each entity kind. `docs/linked-data.md` is the human-readable version of this file.

use bpgraph_model::iri::BaseIri;
use bpgraph_model::{EntityKind, Format, PartialDate, Precision};
use oxrdf::vocab::xsd;
use oxrdf::{Literal, NamedNode};

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SCHEMA: &str = "http://schema.org/";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const TIME: &str = "http://www.w3.org/2006/time#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

/// `bp:derivation`: how a statement was read from its quotes (`stated`, `inferred`,
/// `reconstructed`, a literal).
pub const DERIVATION: &str = "derivation";
/// `bp:dateDerivation`: how a statement's dates, or an entity's date, were read (the same
/// three literals); absent without dates.
pub const DATE_DERIVATION: &str = "dateDerivation";

/// The prefixes written into Turtle and the JSON-LD `@context`: the graph's own namespaces
/// first (they depend on the base IRI), then the standard ones.
pub fn prefixes(base: &BaseIri) -> Vec<(&'static str, String)> {
    let mut prefixes = vec![
        ("bp", base.vocabulary()),
        ("entity", base.entity("")),
        ("statement", base.statement("")),
        ("source", base.source("")),
    ];
    for (name, namespace) in [
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("xsd", XSD),
        ("schema", SCHEMA),
        ("org", ORG),
        ("time", TIME),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("skos", SKOS),
    ] {
        prefixes.push((name, namespace.to_owned()));
    }
    prefixes
}

/// The IRI `namespace` + `local`. Every namespace here is a valid IRI prefix and every local
/// name an ASCII word, a seed slug or id (lowercase letters, digits, hyphens, and `/` in the ids
/// of statements expanded from lists) or a fragment,
/// so the result is a valid IRI without checking.
pub fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// The standard class an entity of `kind` also has, besides its `bp:` class.
pub fn standard_class(kind: EntityKind) -> NamedNode {
    let (namespace, local) = match kind {
        EntityKind::State => (SCHEMA, "Country"),
        // A dialogue has members, chairs and a secretariat: an organisation in ORG's sense.
        EntityKind::Organisation | EntityKind::Process => (ORG, "Organization"),
        // Working groups are units of the dialogue.
        EntityKind::Group => (ORG, "OrganizationalUnit"),
        EntityKind::Region | EntityKind::Place => (SCHEMA, "Place"),
        EntityKind::Meeting | EntityKind::Milestone => (SCHEMA, "Event"),
        EntityKind::Project => (SCHEMA, "Project"),
        EntityKind::Document => (SCHEMA, "CreativeWork"),
        EntityKind::Person => (SCHEMA, "Person"),
    };
    iri(namespace, local)
}

/// The `bp:` class of an entity kind: its seed table name, capitalised (`bp:State`).
pub fn kind_class(base: &BaseIri, kind: EntityKind) -> NamedNode {
    let table = kind.table();
    let mut class = table[..1].to_ascii_uppercase();
    class.push_str(&table[1..]);
    iri(&base.vocabulary(), &class)
}

/// schema.org's attendance mode for a meeting format.
pub fn attendance_mode(format: Format) -> NamedNode {
    let mode = match format {
        Format::InPerson => "OfflineEventAttendanceMode",
        Format::Online => "OnlineEventAttendanceMode",
        Format::Hybrid => "MixedEventAttendanceMode",
    };
    iri(SCHEMA, mode)
}

/// A partial date as the XML Schema literal of its precision: `2026` is an `xsd:gYear`,
/// `2026-03` an `xsd:gYearMonth`, `2026-03-04` an `xsd:date`; never more precise than the source.
pub fn date_literal(date: PartialDate) -> Literal {
    let datatype = match date.precision() {
        Precision::Year => xsd::G_YEAR,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Day => xsd::DATE,
    };
    Literal::new_typed_literal(date.to_string(), datatype)
}

/// The OWL-Time property that gives an instant's position at a date's precision.
pub fn instant_position(date: PartialDate) -> NamedNode {
    let local = match date.precision() {
        Precision::Year => "inXSDgYear",
        Precision::Month => "inXSDgYearMonth",
        Precision::Day => "inXSDDate",
    };
    iri(TIME, local)
}

/// A figure as an `xsd:decimal` (written as the seed has it, never in exponent form).
pub fn number_literal(value: f64) -> Literal {
    if value.is_finite() {
        Literal::new_typed_literal(value.to_string(), xsd::DECIMAL)
    } else {
        Literal::from(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        let literal = |text: &str| date_literal(text.parse().unwrap()).to_string();
        assert_eq!(
            literal("2026"),
            "\"2026\"^^<http://www.w3.org/2001/XMLSchema#gYear>"
        );
        assert_eq!(
            literal("2026-03"),
            "\"2026-03\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"
        );
        assert_eq!(
            literal("2026-03-04"),
            "\"2026-03-04\"^^<http://www.w3.org/2001/XMLSchema#date>"
        );
    }

    #[test]
    fn figures_are_decimals_without_exponents() {
        assert_eq!(number_literal(110.0).value(), "110");
        assert_eq!(number_literal(2.5).value(), "2.5");
        assert_eq!(number_literal(1e7).value(), "10000000");
    }

    #[test]
    fn kind_classes_are_capitalised_table_names() {
        let base = BaseIri::default();
        assert_eq!(
            kind_class(&base, EntityKind::State).as_str(),
            "http://127.0.0.1:8080/vocab#State"
        );
    }
}

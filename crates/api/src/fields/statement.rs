//! Statements with their qualifiers and citations, sources, and partial dates.

use super::entity::statement_objs;
use super::enums::GqlEnum;
use super::{connection_types, field, list, object};
use crate::ids;
use crate::schema::{Catalog, Obj, Out};
use bpgraph_model::{self as model, DateSpec};

pub(super) fn define(catalog: &mut Catalog) {
    catalog.objects.push(statement());
    catalog.objects.extend(connection_types("Statement"));
    catalog.objects.push(qualifiers());
    catalog.objects.push(citation());
    catalog.objects.push(source());
    catalog.objects.extend(connection_types("Source"));
    catalog.objects.push(partial_date());
}

fn statement() -> crate::schema::ObjectDef {
    let mut fields = vec![
            field("id", "ID!", "Opaque global id (Relay).", |cx, o, _| {
                Out::string(ids::statement_id(&o.statement(cx)?.id()))
            }),
            field("statementId", "String!", "The statement's stable id in the seed data.", |cx, o, _| {
                Ok(Out::Str(o.statement(cx)?.id()))
            }),
            field("iri", "String!", "Stable IRI for linked data (`{base}statement/{id}`): the statement node of the RDF\nexports, which carries its qualifiers and citations.", |cx, o, _| {
                Out::string(cx.base.statement(&o.statement(cx)?.id()))
            }),
    ];
    fields.extend(super::claim::relation_fields());
    fields.extend([
        field(
            "citations",
            "[Citation!]!",
            "The verbatim passages of the sources that state it.",
            |cx, o, _| Out::citations(o.statement(cx)?.citations()),
        ),
        field(
            "claim",
            "Claim!",
            "The claim it attests, with the other statements that attest it.",
            |cx, o, _| {
                Ok(Out::Object(Obj::Claim(
                    cx.graph.claim_of(o.statement(cx)?.key()).key(),
                )))
            },
        ),
    ]);
    object(
        "Statement",
        "A statement: one relation between a subject entity and an object (an entity, a text or a\nnumber), with the qualifiers that say when and how it holds and the quotes that state it,\nas one source mentions it. The statements of the same subject, predicate, object and role\nare the attestations of one `Claim`; when sources disagree, each version is a claim of its\nown.",
        &["Node"],
        fields,
    )
}

/// `value` as a GraphQL `Int`, if it is a whole number in its range.
pub(super) fn whole_number(value: f64) -> Option<i32> {
    let in_range = (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&value);
    (value.fract() == 0.0 && in_range).then_some(value as i32)
}

fn qualifiers() -> crate::schema::ObjectDef {
    object(
        "Qualifiers",
        "When, in what role and in what form a statement holds. All optional: a source states only\nsome of them.",
        &[],
        vec![
            field("start", "PartialDate", "From when the statement holds.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.start.as_ref(), Out::date)
            }),
            field("end", "PartialDate", "Until when the statement holds.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.end.as_ref(), Out::date)
            }),
            field("pointInTime", "PartialDate", "When a source attests the statement, if it gives no start.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.at.as_ref(), Out::date)
            }),
            field("dateDerivation", "Derivation", "How `start`, `end` and `pointInTime` were read, which can differ from how the relation\nwas: `STATED` when the quotes give the date, `INFERRED` when it is taken from elsewhere\n(the date of the meeting or document that attests it), `RECONSTRUCTED` when it is pieced\ntogether from a document's layout; `note` says how. Null without dates, and for a claim\nwhose dated attestations were read differently. Filter statements with\n`statements(dateDerivations: ...)`.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.date_derivation, |d| Ok(Out::Enum(d.gql())))
            }),
            field("role", "String", "The role in which the subject acts (e.g. \"Chair\", \"moderator\").", |cx, o, _| {
                Out::opt_str(o.qualifiers(cx)?.role.as_deref())
            }),
            field("status", "Status", "Held, planned, to be confirmed or proposed.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.status, |s| Ok(Out::Enum(s.gql())))
            }),
            field("format", "Format", "In person, online or hybrid.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.format, |f| Ok(Out::Enum(f.gql())))
            }),
            field("measure", "String", "What a figure counts (e.g. \"participants\").", |cx, o, _| {
                Out::opt_str(o.qualifiers(cx)?.measure.as_deref())
            }),
            field("unit", "String", "The unit of a figure (e.g. \"EUR\").", |cx, o, _| {
                Out::opt_str(o.qualifiers(cx)?.unit.as_deref())
            }),
            field("bound", "Bound", "How a figure bounds the true number, as its source words it (\"over 50\" is\n`MORE_THAN` 50); null when the figure is given as exact.", |cx, o, _| {
                Out::opt(o.qualifiers(cx)?.bound, |b| Ok(Out::Enum(b.gql())))
            }),
            field("note", "String", "The curator's note: how the source was read.", |cx, o, _| {
                Out::opt_str(o.qualifiers(cx)?.note.as_deref())
            }),
        ],
    )
}

fn citation() -> crate::schema::ObjectDef {
    object(
        "Citation",
        "A verbatim quote from a source document.",
        &[],
        vec![
            field("source", "Source!", "The document quoted.", |cx, o, _| {
                Out::source(o.citation(cx)?.source())
            }),
            field(
                "quote",
                "String!",
                "The passage, exactly as in the source.",
                |cx, o, _| Out::str(o.citation(cx)?.quote()),
            ),
        ],
    )
}

fn source() -> crate::schema::ObjectDef {
    object(
        "Source",
        "One of the source documents every fact is cited from.",
        &[],
        vec![
            field(
                "id",
                "ID!",
                "The source's id, as used in citations (e.g. `som37-summary`).",
                |cx, o, _| Out::str(o.source(cx)?.id()),
            ),
            field(
                "iri",
                "String!",
                "Stable IRI for linked data (`{base}source/{id}`).",
                |cx, o, _| Out::string(cx.base.source(o.source(cx)?.id())),
            ),
            field("title", "String!", "Its title.", |cx, o, _| {
                Out::str(o.source(cx)?.title())
            }),
            field(
                "kind",
                "String!",
                "What sort of document it is (meeting summary, factsheet, brochure, work plan).",
                |cx, o, _| Out::str(o.source(cx)?.kind()),
            ),
            field(
                "date",
                "PartialDate!",
                "When it was published.",
                |cx, o, _| Out::date(o.source(cx)?.date()),
            ),
            field(
                "file",
                "String!",
                "The file name of its text in the seed.",
                |cx, o, _| Out::str(o.source(cx)?.file()),
            ),
            field(
                "text",
                "String!",
                "Its full text, as extracted from the published PDF.",
                |cx, o, _| Out::str(o.source(cx)?.text()),
            ),
            list(
                "statements",
                "Statement",
                "What it states: the statements that cite it.",
                |cx, o, _| Ok(statement_objs(o.source(cx)?.statements())),
            ),
        ],
    )
}

fn partial_date() -> crate::schema::ObjectDef {
    fn day_iso((year, month, day): model::Day) -> String {
        format!("{year:04}-{month:02}-{day:02}")
    }
    let date = |o: &Obj| -> Result<DateSpec, async_graphql::Error> { o.date().copied() };
    object(
        "PartialDate",
        "A date known to year, month or day precision, or a range of such dates, as the source\nstates it (`2026`, `2026-03`, `2026-03-04`, `2025-11-26/2025-11-27`).",
        &[],
        vec![
            field("iso", "String!", "The date as written, in partial ISO 8601 (a range as `from/to`).", move |_, o, _| {
                Out::string(date(o)?.to_string())
            }),
            field("precision", "DatePrecision!", "Precision of the (first) date.", move |_, o, _| {
                Ok(Out::Enum(date(o)?.from.precision().gql()))
            }),
            field("year", "Int!", "Year of the (first) date.", move |_, o, _| Out::int(date(o)?.from.year)),
            field("month", "Int", "Month of the (first) date, if known.", move |_, o, _| {
                Out::opt(date(o)?.from.month, Out::int)
            }),
            field("day", "Int", "Day of the (first) date, if known.", move |_, o, _| {
                Out::opt(date(o)?.from.day, Out::int)
            }),
            field("isRange", "Boolean!", "Whether this is a range.", move |_, o, _| {
                Ok(Out::Bool(date(o)?.is_range()))
            }),
            field("earliest", "String!", "The first day it may denote (YYYY-MM-DD).", move |_, o, _| {
                Out::string(day_iso(date(o)?.first_day()))
            }),
            field("latest", "String!", "The last day it may denote (YYYY-MM-DD).", move |_, o, _| {
                Out::string(day_iso(date(o)?.last_day()))
            }),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::whole_number;
    use crate::fields::enums::GqlEnum;
    use bpgraph_model::Bound;

    #[test]
    fn every_predicate_has_its_graphql_value() {
        for &predicate in bpgraph_model::Predicate::ALL {
            assert_eq!(
                bpgraph_model::Predicate::from_gql(predicate.gql()),
                Some(predicate),
                "{predicate}"
            );
        }
    }

    #[test]
    fn every_bound_has_its_graphql_value() {
        for bound in Bound::ALL {
            assert_eq!(Bound::from_gql(bound.gql()), Some(bound), "{bound:?}");
        }
    }

    #[test]
    fn only_whole_numbers_in_range_are_integers() {
        assert_eq!(whole_number(12_000_000.0), Some(12_000_000));
        assert_eq!(whole_number(-3.0), Some(-3));
        assert_eq!(whole_number(1.5), None);
        assert_eq!(whole_number(1e12), None);
        assert_eq!(whole_number(f64::NAN), None);
    }
}

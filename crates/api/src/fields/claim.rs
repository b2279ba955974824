//! Claims: what several statements attest, with its evidence, rank and standing at a date;
//! and the fields a claim shares with a statement (subject, predicate, object, derivation,
//! qualifiers), defined once here for both; the `asOf` and `standings` arguments of lists of
//! claims.

use super::enums::{date_arg, enums_arg, GqlEnum};
use super::statement::whole_number;
use super::{connection_types, field, object};
use crate::errors::bad_input;
use crate::ids;
use crate::schema::Args;
use crate::schema::{input, Catalog, Cx, FieldDef, Obj, ObjectDef, Out};
use async_graphql::Error;
use bpgraph_graph::{ClaimQuery, ClaimRef, EntityRef, ObjectRef, Standing, StatementQuery};
use bpgraph_model::{Predicate, Qualifiers};

pub(super) fn define(catalog: &mut Catalog) {
    catalog.objects.push(claim());
    catalog.objects.extend(connection_types("Claim"));
}

/// What a statement and a claim both are: a relation with its qualifiers.
struct Relation<'g> {
    subject: EntityRef<'g>,
    predicate: Predicate,
    object: ObjectRef<'g>,
    qualifiers: &'g Qualifiers,
    /// The `Qualifiers` object that answers its `qualifiers` field.
    qualifiers_obj: Obj,
}

/// The relation a statement or a claim stands for.
fn relation<'g>(cx: &Cx<'g>, o: &Obj) -> Result<Relation<'g>, Error> {
    Ok(match o {
        Obj::Claim(id) => {
            let claim = cx.graph.claim(*id);
            Relation {
                subject: claim.subject(),
                predicate: claim.predicate(),
                object: claim.object(),
                qualifiers: claim.qualifiers(),
                qualifiers_obj: Obj::ClaimQualifiers(*id),
            }
        }
        other => {
            let statement = other.statement(cx)?;
            Relation {
                subject: statement.subject(),
                predicate: statement.predicate(),
                object: statement.object(),
                qualifiers: statement.qualifiers(),
                qualifiers_obj: Obj::Qualifiers(statement.key()),
            }
        }
    })
}

/// The fields of `Statement` and `Claim` that read the relation, with one body each.
pub(super) fn relation_fields() -> Vec<FieldDef> {
    vec![
        field("subject", "Entity!", "Who or what it is about.", |cx, o, _| {
            Out::entity(relation(cx, o)?.subject)
        }),
        field("predicate", "Predicate!", "The relation.", |cx, o, _| {
            Ok(Out::Enum(relation(cx, o)?.predicate.gql()))
        }),
        field("object", "Entity", "The object, when it is an entity.", |cx, o, _| {
            Out::opt(relation(cx, o)?.object.entity(), Out::entity)
        }),
        field("objectText", "String", "The object, when it is a text (what a meeting decided, a priority goal, a topic).", |cx, o, _| {
            match relation(cx, o)?.object {
                ObjectRef::Text(text) => Out::str(text),
                _ => Ok(Out::Null),
            }
        }),
        field("objectNumber", "Float", "The object, when it is a number (see `qualifiers.measure` and `qualifiers.unit`).", |cx, o, _| {
            match relation(cx, o)?.object {
                ObjectRef::Number(value) => Ok(Out::Float(value)),
                _ => Ok(Out::Null),
            }
        }),
        field("objectInteger", "Int", "The object as an integer, when it is a whole number within GraphQL's `Int` range\n(counts are); `objectNumber` gives every number.", |cx, o, _| {
            match relation(cx, o)?.object {
                ObjectRef::Number(value) => Out::opt(whole_number(value), Out::int),
                _ => Ok(Out::Null),
            }
        }),
        field("objectLabel", "String!", "The object as display text: the entity's name, the text or the number.", |cx, o, _| {
            Ok(Out::Str(relation(cx, o)?.object.label()))
        }),
        field("derivation", "Derivation!", "How it was read: `STATED` when its quotes say it, `INFERRED` or `RECONSTRUCTED`\nwhen it goes beyond them (then `qualifiers.note` says why). A claim is as well read as\nits best evidence: `STATED` if any attestation is, else `INFERRED` if any is, else\n`RECONSTRUCTED`. Filter statements with `statements(derivations: ...)`.", |cx, o, _| {
            Ok(Out::Enum(relation(cx, o)?.qualifiers.derivation.gql()))
        }),
        field("qualifiers", "Qualifiers!", "When, in what role and in what form it holds. A claim's are its explicit start and\nend, its role, measure and unit, and every other qualifier on which all its\nattestations agree (null where they differ: see each attestation's).", |cx, o, _| {
            Ok(Out::Object(relation(cx, o)?.qualifiers_obj))
        }),
    ]
}

fn claim() -> ObjectDef {
    let mut fields = vec![field(
        "id",
        "ID!",
        "Opaque global id (Relay), named by its first attestation in the seed.",
        |cx, o, _| Out::string(ids::claim_id(&o.claim(cx)?.representative().id())),
    )];
    fields.extend(relation_fields());
    fields.extend([
        field("rank", "Rank!", "How it ranks among the claims of the same subject, predicate, object and role: `PREFERRED`\nwhere sources disagree and this claim has the explicit dates, else `NORMAL`.", |cx, o, _| {
            Ok(Out::Enum(o.claim(cx)?.rank().gql()))
        }),
        field("validFrom", "PartialDate", "From when a source says it holds (an explicit start), if one does.", |cx, o, _| {
            Out::opt(o.claim(cx)?.start(), Out::date)
        }),
        field("validUntil", "PartialDate", "Until when a source says it holds (an explicit end), if one does.", |cx, o, _| {
            Out::opt(o.claim(cx)?.end(), Out::date)
        }),
        field("firstAttested", "PartialDate!", "Its earliest attestation: a statement's own date (`qualifiers.pointInTime`), else the date\nof the source it cites.", |cx, o, _| {
            Out::date(&o.claim(cx)?.first_attested())
        }),
        field("lastAttested", "PartialDate!", "Its latest attestation, dated as `firstAttested` is.", |cx, o, _| {
            Out::date(&o.claim(cx)?.last_attested())
        }),
        field("standing", "Standing", "What is known of it at `asOf` (see `Standing` for the rule); null where it does not\nhold (outside its explicit start and end).", |cx, o, a| {
            let date = date_arg(a, "asOf")?.ok_or_else(|| bad_input("`asOf` is required"))?;
            Out::opt(o.claim(cx)?.standing(&date), |s| Ok(Out::Enum(s.gql())))
        })
        .args(vec![input("asOf", "DateInput!", "The date asked about.")]),
        field("attestations", "[Statement!]!", "The statements that attest it, one per source mention, oldest attestation first.", |cx, o, _| {
            Ok(Out::List(o.claim(cx)?.attestations().map(|s| Out::Object(Obj::Statement(s.key()))).collect()))
        }),
        field("references", "[Citation!]!", "The quotes of all its attestations, each once; `source.date` dates each.", |cx, o, _| {
            Out::citations(o.claim(cx)?.references())
        }),
    ]);
    object(
        "Claim",
        "A claim: what one or more statements attest (as Wikidata models claims with their\nreferences). The statements with the same subject, predicate, object and role (and, for\na figure, measure and unit) are one claim, except that different explicit intervals (two\nterms of office) are different claims; a statement without start or end joins the claim\nwhose interval covers its date, else the claim of the undated mentions.\n\n`asOf` on a relation field keeps the claims by their `Standing` at that date: a claim\nattested in November 2025 and again in 2026 is known to hold between them, was attested\nearlier after 2026, and is not yet attested before November 2025.",
        &["Node"],
        fields,
    )
}

/// `asOf` and `standings`, the arguments of a list of claims that can be asked at a date.
pub(super) fn as_of_args() -> [crate::schema::ArgDef; 2] {
    let defaults: Vec<&str> = Standing::DEFAULT.iter().map(|s| s.gql()).collect();
    [
        crate::schema::input("asOf", "DateInput", "Keep the claims that hold at this date, by their standing then (see `Standing`)."),
        crate::schema::input(
            "standings",
            "[Standing!]",
            &format!(
                "The standings to keep at `asOf` (by default `[{}]`); add\n`NOT_YET_ATTESTED` for the claims first attested after `asOf`. Ignored without `asOf`.",
                defaults.join(", ")
            ),
        ),
    ]
}

/// The claims query of a field's `asOf` and `standings` arguments over `statements`.
pub(super) fn claim_query(a: &Args<'_>, statements: StatementQuery) -> Result<ClaimQuery, Error> {
    Ok(ClaimQuery {
        statements,
        as_of: date_arg(a, "asOf")?,
        standings: enums_arg(a, "standings").unwrap_or_default(),
    })
}

pub(super) fn claim_objs<'g>(claims: impl IntoIterator<Item = ClaimRef<'g>>) -> Vec<Obj> {
    claims.into_iter().map(|c| Obj::Claim(c.key())).collect()
}

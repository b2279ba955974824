//! What the root's traversal and summary fields return: paths, neighbourhoods, statistics and
//! the predicate vocabulary. Each is a small record computed by the root field.

use super::enums::GqlEnum;
use super::{connection_types, field, list, object};
use crate::records;
use crate::schema::{Catalog, Obj, Out};
use bpgraph_graph::{EntityId, StatementId};
use bpgraph_model::{EntityKind, Predicate};

/// The steps of a path: from, statement, to.
pub(super) type Steps = Vec<(EntityId, StatementId, EntityId)>;

/// A chain of statements between two entities, each step oriented along the path.
pub(super) struct Path {
    pub steps: Steps,
}

struct PathStep {
    from: EntityId,
    statement: StatementId,
    to: EntityId,
}

pub(super) struct Neighbourhood {
    pub center: EntityId,
    pub depth: i32,
    pub entities: Vec<(EntityId, usize)>,
    pub statements: Vec<StatementId>,
}

struct Neighbour {
    entity: EntityId,
    distance: usize,
}

pub(super) struct Stats {
    pub entity_count: usize,
    pub statement_count: usize,
    pub source_count: usize,
    pub by_kind: Vec<(EntityKind, usize)>,
    pub by_predicate: Vec<(Predicate, usize)>,
    pub meetings_per_year: Vec<(i32, usize)>,
}

struct KindCount(EntityKind, usize);
struct PredicateCount(Predicate, usize);
struct YearCount(i32, usize);
pub(super) struct PredicateInfo(pub Predicate);

records!(
    Path,
    PathStep,
    Neighbourhood,
    Neighbour,
    Stats,
    KindCount,
    PredicateCount,
    YearCount,
    PredicateInfo
);

fn records<T: crate::schema::Record>(items: impl IntoIterator<Item = T>) -> Out<'static> {
    Out::List(
        items
            .into_iter()
            .map(|item| Out::Object(Obj::Record(std::sync::Arc::new(item))))
            .collect(),
    )
}

pub(super) fn define(catalog: &mut Catalog) {
    catalog.objects.push(object(
        "Path",
        "A chain of statements between two entities.",
        &[],
        vec![field(
            "steps",
            "[PathStep!]!",
            "The statements in order, each with the entities it links.",
            |_, o, _| {
                let path = o.record::<Path>()?;
                Ok(records(path.steps.iter().map(|&(from, statement, to)| {
                    PathStep {
                        from,
                        statement,
                        to,
                    }
                })))
            },
        )],
    ));
    catalog.objects.push(object("PathStep", "One statement of a path, oriented along the path.", &[], vec![
        field("from", "Entity!", "The entity the step starts from.", |_, o, _| {
            Ok(Out::Object(Obj::Entity(o.record::<PathStep>()?.from)))
        }),
        field("statement", "Statement!", "The statement linking the two (its own subject and object may point the other way).", |_, o, _| {
            Ok(Out::Object(Obj::Statement(o.record::<PathStep>()?.statement)))
        }),
        field("to", "Entity!", "The entity the step leads to.", |_, o, _| {
            Ok(Out::Object(Obj::Entity(o.record::<PathStep>()?.to)))
        }),
    ]));
    catalog.objects.push(object(
        "Neighbourhood",
        "An entity and the entities and statements around it.",
        &[],
        vec![
            field(
                "center",
                "Entity!",
                "The entity at the centre.",
                |_, o, _| {
                    Ok(Out::Object(Obj::Entity(
                        o.record::<Neighbourhood>()?.center,
                    )))
                },
            ),
            field("depth", "Int!", "How far it looked.", |_, o, _| {
                Out::int(o.record::<Neighbourhood>()?.depth)
            }),
            list(
                "entities",
                "Neighbour",
                "The entities found, nearest first, each with its distance (the centre at 0).",
                |_, o, _| {
                    let found = o.record::<Neighbourhood>()?;
                    Ok(found
                        .entities
                        .iter()
                        .map(|&(entity, distance)| {
                            Obj::Record(std::sync::Arc::new(Neighbour { entity, distance }))
                        })
                        .collect())
                },
            ),
            list(
                "statements",
                "Statement",
                "The statements between them.",
                |_, o, _| {
                    let found = o.record::<Neighbourhood>()?;
                    Ok(found
                        .statements
                        .iter()
                        .map(|&s| Obj::Statement(s))
                        .collect())
                },
            ),
        ],
    ));
    catalog.objects.push(object(
        "Neighbour",
        "An entity of a neighbourhood.",
        &[],
        vec![
            field("entity", "Entity!", "", |_, o, _| {
                Ok(Out::Object(Obj::Entity(o.record::<Neighbour>()?.entity)))
            }),
            field(
                "distance",
                "Int!",
                "Number of statements between it and the centre.",
                |_, o, _| Out::count(o.record::<Neighbour>()?.distance),
            ),
        ],
    ));
    catalog.objects.extend(connection_types("Neighbour"));
    catalog.objects.push(object(
        "Stats",
        "Counts over the whole graph.",
        &[],
        vec![
            field("entityCount", "Int!", "", |_, o, _| {
                Out::count(o.record::<Stats>()?.entity_count)
            }),
            field("statementCount", "Int!", "", |_, o, _| {
                Out::count(o.record::<Stats>()?.statement_count)
            }),
            field("sourceCount", "Int!", "", |_, o, _| {
                Out::count(o.record::<Stats>()?.source_count)
            }),
            field(
                "byKind",
                "[KindCount!]!",
                "Entities per kind.",
                |_, o, _| {
                    Ok(records(
                        o.record::<Stats>()?
                            .by_kind
                            .iter()
                            .map(|&(k, n)| KindCount(k, n)),
                    ))
                },
            ),
            field(
                "byPredicate",
                "[PredicateCount!]!",
                "Statements per predicate.",
                |_, o, _| {
                    Ok(records(
                        o.record::<Stats>()?
                            .by_predicate
                            .iter()
                            .map(|&(p, n)| PredicateCount(p, n)),
                    ))
                },
            ),
            field(
                "meetingsPerYear",
                "[YearCount!]!",
                "Dated meetings per year (of their first day).",
                |_, o, _| {
                    Ok(records(
                        o.record::<Stats>()?
                            .meetings_per_year
                            .iter()
                            .map(|&(y, n)| YearCount(y, n)),
                    ))
                },
            ),
        ],
    ));
    catalog.objects.push(object(
        "KindCount",
        "A number of entities of one kind.",
        &[],
        vec![
            field("kind", "EntityKind!", "", |_, o, _| {
                Ok(Out::Enum(o.record::<KindCount>()?.0.gql()))
            }),
            field("count", "Int!", "", |_, o, _| {
                Out::count(o.record::<KindCount>()?.1)
            }),
        ],
    ));
    catalog.objects.push(object(
        "PredicateCount",
        "A number of statements with one predicate.",
        &[],
        vec![
            field("predicate", "Predicate!", "", |_, o, _| {
                Ok(Out::Enum(o.record::<PredicateCount>()?.0.gql()))
            }),
            field("count", "Int!", "", |_, o, _| {
                Out::count(o.record::<PredicateCount>()?.1)
            }),
        ],
    ));
    catalog.objects.push(object(
        "YearCount",
        "A number of meetings in one year.",
        &[],
        vec![
            field("year", "Int!", "", |_, o, _| {
                Out::int(o.record::<YearCount>()?.0)
            }),
            field("count", "Int!", "", |_, o, _| {
                Out::count(o.record::<YearCount>()?.1)
            }),
        ],
    ));
    catalog.objects.push(object(
        "PredicateInfo",
        "What a predicate may link.",
        &[],
        vec![
            field("predicate", "Predicate!", "", |_, o, _| {
                Ok(Out::Enum(o.record::<PredicateInfo>()?.0.gql()))
            }),
            field("name", "String!", "Its name in seed files.", |_, o, _| {
                Out::str(o.record::<PredicateInfo>()?.0.name())
            }),
            field(
                "subjectKinds",
                "[EntityKind!]!",
                "The kinds its subject may be.",
                |_, o, _| {
                    let predicate = o.record::<PredicateInfo>()?.0;
                    Ok(Out::List(
                        predicate
                            .domain()
                            .iter()
                            .map(|k| Out::Enum(k.gql()))
                            .collect(),
                    ))
                },
            ),
            field("object", "String!", "What its object may be.", |_, o, _| {
                Out::string(o.record::<PredicateInfo>()?.0.range().to_string())
            }),
        ],
    ));
}

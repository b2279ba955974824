//! The root `Query` type: lookups, lists, timelines, traversal, statistics and search.

use super::entity::{entity_objs, kind_type_name, statement_objs};
use super::enums::{date_arg, enum_arg, enums_arg, EntityOrder};
use super::outputs::{Neighbourhood, Path, PredicateInfo, Stats, Steps};
use super::search::{search_field, text_search_field};
use super::{field, object, page_args, paginate, Pages};
use crate::errors::{bad_input, not_found};
use crate::filter::{resolve, sort, EntityFilter};
use crate::ids::GlobalId;
use crate::schema::{Args, Catalog, Cx, FieldDef, Obj, Out};
use async_graphql::Error;
use bpgraph_graph::{self as graph, EntityRef, StatementQuery, StatementRef};
use bpgraph_model::{EntityKind, Predicate as P};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The largest number of ids `nodes(ids:)` accepts.
pub const MAX_NODES: usize = 100;
/// The longest path `path(maxHops:)` may look for.
pub const MAX_HOPS: i32 = 10;
/// The largest depth `neighbourhood(depth:)` may look at.
pub const MAX_DEPTH: i32 = 3;

/// Each kind's list field on the root: name, kind, description.
const KIND_LISTS: [(&str, EntityKind, &str); 11] = [
    (
        "states",
        EntityKind::State,
        "States, by name unless `orderBy` says otherwise.",
    ),
    ("organisations", EntityKind::Organisation, "Organisations."),
    ("processes", EntityKind::Process, "Dialogues and processes."),
    ("regions", EntityKind::Region, "Regions."),
    (
        "groups",
        EntityKind::Group,
        "Working groups and other groups.",
    ),
    (
        "meetings",
        EntityKind::Meeting,
        "Meetings and events, oldest first unless `orderBy` says otherwise.",
    ),
    ("places", EntityKind::Place, "Places."),
    ("projects", EntityKind::Project, "Projects and initiatives."),
    ("documents", EntityKind::Document, "Documents."),
    (
        "milestones",
        EntityKind::Milestone,
        "The milestone timeline.",
    ),
    ("people", EntityKind::Person, "People."),
];

pub(super) fn define(catalog: &mut Catalog) {
    let mut fields = vec![
        field("dataVersion", "String!", "Content hash of the data the server answers from. Equal on every replica that serves the\nsame data; changes only when new data is loaded.", |cx, _, _| {
            Out::str(cx.graph.version())
        }),
        field("node", "Node", "Fetches an entity, statement or claim by its global id (Relay).", |cx, _, a| {
            let id = a.id("id").unwrap_or_default();
            node_by_id(cx, &id)?
                .map(Out::Object)
                .ok_or_else(|| not_found(format!("no node has id `{id}`")))
        })
        .arg("id", "ID!", ""),
        field("nodes", "[Node]!", "Fetches several nodes by global id; unknown ids give null in their place.", |cx, _, a| {
            let ids = a.list("ids").unwrap_or_default();
            if ids.len() > MAX_NODES {
                return Err(bad_input(format!("at most {MAX_NODES} ids at once, got {}", ids.len())));
            }
            let ids: Vec<String> = ids.iter().filter_map(|v| match v {
                async_graphql::Value::String(s) => Some(s.clone()),
                async_graphql::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }).collect();
            let nodes = ids
                .iter()
                .map(|id| Ok(node_by_id(cx, id)?.map_or(Out::Null, Out::Object)))
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(Out::List(nodes))
        })
        .arg("ids", "[ID!]!", ""),
        field("entity", "Entity", "An entity by slug, name, any alias or global id, ignoring case and diacritics:\n\"turkiye\", \"TÜRKIYE\" and \"Turkey\" find the same state.", |cx, _, a| {
            Out::entity(resolve(cx.graph, a.str("ref").unwrap_or_default())?)
        })
        .arg("ref", "String!", ""),
        field("statement", "Statement", "A statement by its seed id.", |cx, _, a| {
            let id = a.str("id").unwrap_or_default();
            cx.graph
                .statement_by_id(id)
                .map(|s| Out::Object(Obj::Statement(s.key())))
                .ok_or_else(|| not_found(format!("no statement has id `{id}`")))
        })
        .arg("id", "String!", ""),
        search_field(),
        super::list("entities", "Entity", "Entities of any kind (or of `kinds`), filtered and ordered (by name unless asked).", |cx, _, a| {
            let kinds = enums_arg::<EntityKind>(a, "kinds").unwrap_or_default();
            Ok(entity_objs(entities_of(cx, &kinds, a)?))
        })
        .with_args_first(&[("kinds", "[EntityKind!]"), ("filter", "EntityFilter"), ("orderBy", "EntityOrder")]),
        super::list("statements", "Statement", "Statements, optionally of one predicate, about one subject and/or object (slug, alias,\nname or global id), holding at a date, read in one of `derivations` (`[INFERRED,\nRECONSTRUCTED]` lists every reading beyond the literal text of the sources), with dates\nread in one of `dateDerivations` (`[INFERRED, RECONSTRUCTED]` lists every date its quotes\ndo not give; undated statements are left out).", |cx, _, a| {
            Ok(statement_objs(statements(cx, a)?))
        })
        .with_args_first(&[("predicate", "Predicate"), ("subject", "String"), ("object", "String"), ("asOf", "DateInput"), ("derivations", "[Derivation!]"), ("dateDerivations", "[Derivation!]")]),
        timeline_field("chairTimeline", P::Chairs, "Who chaired the dialogue or a group over time: every `chairs` statement, grouped by the\ndialogue or group (in seed order), oldest first within each. `group` limits it to one."),
        timeline_field("coChairTimeline", P::CoChairs, "Who co-chaired the dialogue or each working group over time, with citations; conflicting\nstatements all appear. `group` limits it to one dialogue or group."),
        field("path", "Path", "A shortest chain of statements linking two entities, in either direction, of at most\n`maxHops` statements (1 to 10), following only `predicates` if given. Null when there is\nnone.", |cx, _, a| {
            let max_hops = a.i32("maxHops").unwrap_or(6);
            let predicates = enums_arg::<P>(a, "predicates");
            let steps = path_steps(cx, a.str("from").unwrap_or_default(), a.str("to").unwrap_or_default(), max_hops, predicates.as_deref())?;
            Out::opt(steps, |steps| Out::record(Path { steps }))
        })
        .arg("from", "String!", "")
        .arg("to", "String!", "")
        .arg_default("maxHops", "Int!", "6", "")
        .arg("predicates", "[Predicate!]", ""),
        field("neighbourhood", "Neighbourhood!", "The entities at most `depth` statements (0 to 3) away from an entity, in either\ndirection, following only `predicates` if given, and the statements between them.", |cx, _, a| {
            let depth = a.i32("depth").unwrap_or(1);
            if !(0..=MAX_DEPTH).contains(&depth) {
                return Err(bad_input(format!("`depth` must be between 0 and {MAX_DEPTH}, got {depth}")));
            }
            let center = resolve(cx.graph, a.str("entity").unwrap_or_default())?;
            let predicates = enums_arg::<P>(a, "predicates");
            let found = cx.graph.neighbourhood(center.id(), depth as usize, predicates.as_deref());
            Out::record(Neighbourhood {
                center: center.id(),
                depth,
                entities: found.entities.iter().map(|&(e, d)| (e.id(), d)).collect(),
                statements: found.statements.iter().map(|s| s.key()).collect(),
            })
        })
        .arg("entity", "String!", "")
        .arg_default("depth", "Int!", "1", "")
        .arg("predicates", "[Predicate!]", ""),
        field("stats", "Stats!", "Counts: entities by kind, statements by predicate, meetings per year.", |cx, _, _| {
            Out::record(stats(cx))
        }),
        super::list("sources", "Source", "The source documents, each with what it states.", |cx, _, _| {
            Ok(cx.graph.sources().map(|s| Obj::Source(s.key())).collect())
        }),
        field("source", "Source", "A source document by id (e.g. `som37-summary`).", |cx, _, a| {
            let id = a.id("id").unwrap_or_default();
            cx.graph
                .source(&id)
                .map(|s| Out::Object(Obj::Source(s.key())))
                .ok_or_else(|| not_found(format!("no source has id `{id}`")))
        })
        .arg("id", "ID!", ""),
        field("vocabulary", "[PredicateInfo!]!", "The predicate vocabulary: what each relation means and what it may link.", |_, _, _| {
            Ok(Out::List(
                P::ALL
                    .iter()
                    .map(|&p| Out::Object(Obj::Record(Arc::new(PredicateInfo(p)))))
                    .collect(),
            ))
        }),
    ];
    fields.extend(
        KIND_LISTS
            .iter()
            .map(|&(name, kind, description)| kind_list(name, kind, description)),
    );
    fields.push(text_search_field());
    catalog.objects.push(object(
        "Query",
        "The entry point of every query.",
        &[],
        fields,
    ));
}

impl FieldDef {
    /// Puts `args` before the connection arguments a list field already has.
    fn with_args_first(mut self, args: &[(&'static str, &str)]) -> Self {
        let at = self.args.len().saturating_sub(4);
        for (i, (name, ty)) in args.iter().enumerate() {
            self.args.insert(at + i, crate::schema::input(name, ty, ""));
        }
        self
    }
}

/// The typed list of entities of `kind`, with the filter and order arguments.
fn kind_list(name: &'static str, kind: EntityKind, description: &str) -> FieldDef {
    let pages = Pages::of(kind_type_name(kind));
    field(name, &pages.field_type(), description, move |cx, _, a| {
        paginate(pages, entity_objs(entities_of(cx, &[kind], a)?), a)
    })
    .arg("filter", "EntityFilter", "")
    .arg("orderBy", "EntityOrder", "")
    .args(page_args())
}

/// Entities of `kinds` (all when empty), filtered by the `filter` argument and ordered by
/// `orderBy` (meetings by date, the rest by name, unless asked).
fn entities_of<'g>(
    cx: &Cx<'g>,
    kinds: &[EntityKind],
    a: &Args<'_>,
) -> Result<Vec<EntityRef<'g>>, Error> {
    let mut entities: Vec<_> = cx
        .graph
        .entities()
        .filter(|e| kinds.is_empty() || kinds.contains(&e.kind()))
        .collect();
    if let Some(filter) = a.object("filter") {
        entities = EntityFilter::from_args(filter).apply(cx.graph, entities)?;
    }
    let default = if kinds == [EntityKind::Meeting] {
        EntityOrder::Date
    } else {
        EntityOrder::Name
    };
    sort(&mut entities, enum_arg(a, "orderBy").unwrap_or(default));
    Ok(entities)
}

fn statements<'g>(cx: &Cx<'g>, a: &Args<'_>) -> Result<Vec<StatementRef<'g>>, Error> {
    let subject = a.str("subject").map(|s| resolve(cx.graph, s)).transpose()?;
    let object = a.str("object").map(|o| resolve(cx.graph, o)).transpose()?;
    let query = StatementQuery {
        predicate: enum_arg(a, "predicate"),
        as_of: date_arg(a, "asOf")?,
        derivations: enums_arg(a, "derivations").unwrap_or_default(),
        date_derivations: enums_arg(a, "dateDerivations").unwrap_or_default(),
        ..Default::default()
    };
    let candidates: Vec<StatementRef<'g>> = match (subject, object) {
        (Some(s), _) => s.statements(&StatementQuery {
            direction: graph::Direction::Outgoing,
            ..query.clone()
        }),
        (None, Some(o)) => o.statements(&StatementQuery {
            direction: graph::Direction::Incoming,
            ..query.clone()
        }),
        (None, None) => cx.graph.statements().filter(|s| query.matches(s)).collect(),
    };
    Ok(candidates
        .into_iter()
        .filter(|s| object.is_none_or(|o| s.object().entity() == Some(o)))
        .collect())
}

fn timeline_field(name: &'static str, predicate: P, description: &str) -> FieldDef {
    super::list(name, "Statement", description, move |cx, _, a| {
        let groups: Vec<EntityRef<'_>> = match a.str("group") {
            Some(reference) => vec![resolve(cx.graph, reference)?],
            None => cx
                .graph
                .entities()
                .filter(|e| matches!(e.kind(), EntityKind::Process | EntityKind::Group))
                .collect(),
        };
        Ok(statement_objs(
            groups
                .into_iter()
                .flat_map(|g| cx.graph.timeline(g.id(), &[predicate])),
        ))
    })
    .with_args_first(&[("group", "String")])
}

/// The entity or statement a global id names, if any; a malformed id is an error.
fn node_by_id(cx: &Cx<'_>, id: &str) -> Result<Option<Obj>, Error> {
    Ok(match GlobalId::decode(id)? {
        GlobalId::Entity(slug) => cx.graph.entity_by_slug(&slug).map(|e| Obj::Entity(e.id())),
        GlobalId::Statement(sid) => cx
            .graph
            .statement_by_id(&sid)
            .map(|s| Obj::Statement(s.key())),
        // Only the id of a claim's first attestation names it.
        GlobalId::Claim(sid) => cx.graph.statement_by_id(&sid).and_then(|s| {
            let claim = cx.graph.claim_of(s.key());
            (claim.representative().key() == s.key()).then_some(Obj::Claim(claim.key()))
        }),
    })
}

/// A shortest path of at most `max_hops` statements between two references, each step as
/// (from, statement, to) oriented along the path; `None` when there is none.
fn path_steps(
    cx: &Cx<'_>,
    from: &str,
    to: &str,
    max_hops: i32,
    predicates: Option<&[P]>,
) -> Result<Option<Steps>, Error> {
    if !(1..=MAX_HOPS).contains(&max_hops) {
        return Err(bad_input(format!(
            "`maxHops` must be between 1 and {MAX_HOPS}, got {max_hops}"
        )));
    }
    let (from, to) = (resolve(cx.graph, from)?, resolve(cx.graph, to)?);
    Ok(cx
        .graph
        .shortest_path(from.id(), to.id(), max_hops as usize, predicates)
        .map(|steps| {
            let mut at = from;
            steps
                .into_iter()
                .map(|step| {
                    let from = std::mem::replace(&mut at, step.to);
                    (from.id(), step.statement.key(), step.to.id())
                })
                .collect()
        }))
}

fn stats(cx: &Cx<'_>) -> Stats {
    let graph = cx.graph;
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for meeting in graph.entities_of_kind(EntityKind::Meeting) {
        if let Some(date) = meeting.date() {
            *per_year.entry(date.from.year).or_default() += 1;
        }
    }
    Stats {
        entity_count: graph.entity_count(),
        statement_count: graph.statement_count(),
        source_count: graph.sources().count(),
        by_kind: graph.counts_by_kind().into_iter().collect(),
        by_predicate: graph.counts_by_predicate().into_iter().collect(),
        meetings_per_year: per_year.into_iter().collect(),
    }
}

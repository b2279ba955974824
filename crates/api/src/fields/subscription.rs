//! The `Subscription` root: `dataVersionChanged`, which tells a client (a dashboard, say) that
//! the served data changed, with the new version and counts and what changed per entity kind,
//! so it knows whether and what to fetch again instead of polling `dataVersion`.
//!
//! It owns [`DataSummary`], what the server's data-version signal carries: the server sends a
//! new summary when it starts serving a graph, and each subscription compares it with the
//! last one it told its client about.

use super::enums::GqlEnum;
use super::{field, object};
use crate::records;
use crate::schema::{subscription, Catalog, Obj, Out, Signals};
use async_graphql::futures_util::{future, StreamExt};
use bpgraph_graph::KnowledgeGraph;
use bpgraph_model::EntityKind;
use std::sync::Arc;

/// The served data at one moment, as a subscriber is told of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSummary {
    /// The data version (`Query.dataVersion`).
    pub version: String,
    pub entities: usize,
    pub statements: usize,
    pub sources: usize,
    /// Entities of each kind, every kind listed (in `EntityKind::ALL` order), zeros included.
    pub by_kind: Vec<(EntityKind, usize)>,
}

impl DataSummary {
    /// The summary of `graph`.
    pub fn of(graph: &KnowledgeGraph) -> DataSummary {
        let counts = graph.counts_by_kind();
        DataSummary {
            version: graph.version().to_owned(),
            entities: graph.entity_count(),
            statements: graph.statement_count(),
            sources: graph.sources().count(),
            by_kind: EntityKind::ALL
                .iter()
                .map(|kind| (*kind, counts.get(kind).copied().unwrap_or(0)))
                .collect(),
        }
    }
}

/// One event of `dataVersionChanged`: the data now, and what this subscriber was told before
/// (none for the first event of a subscription that asked for it).
struct DataVersionChange {
    before: Option<Arc<DataSummary>>,
    now: Arc<DataSummary>,
}

/// One kind's count before and after a change.
struct KindCountChange {
    kind: EntityKind,
    before: usize,
    after: usize,
}

records!(DataVersionChange, KindCountChange);

impl DataVersionChange {
    /// A kind's count before the change: the current count on a first event.
    fn before(&self, kind_index: usize) -> usize {
        let before = self.before.as_ref().unwrap_or(&self.now);
        before.by_kind.get(kind_index).map_or(0, |(_, n)| *n)
    }
}

/// What `dataVersionChanged` yields from the summaries the signal sends: nothing for the first
/// (the data the client subscribed to) unless `initial`, nothing for a summary of the version
/// already told, and a change from the last told summary otherwise.
fn changes(
    summaries: impl async_graphql::futures_util::Stream<Item = Arc<DataSummary>> + Send + 'static,
    initial: bool,
) -> impl async_graphql::futures_util::Stream<Item = Obj> + Send + 'static {
    let mut told: Option<Arc<DataSummary>> = None;
    summaries.filter_map(move |now| {
        let event = match told.replace(now.clone()) {
            None if initial => Some(DataVersionChange { before: None, now }),
            None => None,
            Some(before) if before.version == now.version => None,
            Some(before) => Some(DataVersionChange {
                before: Some(before),
                now,
            }),
        };
        future::ready(event.map(|event| Obj::Record(Arc::new(event))))
    })
}

pub(super) fn define(catalog: &mut Catalog) {
    catalog.subscriptions.push(
        subscription(
            "dataVersionChanged",
            "DataVersionChange!",
            "An event each time the server starts answering from different data (a reload whose\n\
             data version differs), with the new version, its counts and each kind's count\n\
             before and after. Reloads that leave the data version as it was send nothing.\n\
             When several reloads follow each other faster than a client reads, it may be told\n\
             only of the last: `previousVersion` is then the version it was last told of.\n\
             Served over WebSocket (graphql-transport-ws, or the legacy graphql-ws) at /graphql.",
            |signals: &Signals, args| {
                let initial = args.bool("initial").unwrap_or(false);
                Ok(changes((signals.data_versions)(), initial).boxed())
            },
        )
        .arg_default(
            "initial",
            "Boolean!",
            "false",
            "Also send, as soon as the subscription starts, one event with the data served\n\
             then (its `previousVersion` is null and each kind's `before` equals `after`).",
        ),
    );
    catalog.objects.push(object(
        "DataVersionChange",
        "The served data changed: what it is now, and how each kind's count moved since the\nversion this subscriber was last told of.",
        &[],
        vec![
            field("version", "String!", "The new data version (what `Query.dataVersion` answers from now on).", |_, o, _| {
                Out::string(o.record::<DataVersionChange>()?.now.version.clone())
            }),
            field("previousVersion", "String", "The version this subscriber was last told of; null on the initial event.", |_, o, _| {
                let change = o.record::<DataVersionChange>()?;
                Out::opt(change.before.as_ref(), |before| Out::string(before.version.clone()))
            }),
            field("entityCount", "Int!", "Entities in the new data.", |_, o, _| {
                Out::count(o.record::<DataVersionChange>()?.now.entities)
            }),
            field("statementCount", "Int!", "Statements in the new data.", |_, o, _| {
                Out::count(o.record::<DataVersionChange>()?.now.statements)
            }),
            field("sourceCount", "Int!", "Sources in the new data.", |_, o, _| {
                Out::count(o.record::<DataVersionChange>()?.now.sources)
            }),
            field("byKind", "[KindCountChange!]!", "Every entity kind, with its count before and after the change (equal when the\nkind did not change, including on the initial event).", |_, o, _| {
                let change = o.record::<DataVersionChange>()?;
                let items = change.now.by_kind.iter().enumerate().map(|(index, &(kind, after))| {
                    let before = change.before(index);
                    Out::Object(Obj::Record(Arc::new(KindCountChange { kind, before, after })))
                });
                Ok(Out::List(items.collect()))
            }),
        ],
    ));
    catalog.objects.push(object(
        "KindCountChange",
        "The number of entities of one kind before and after a change of data.",
        &[],
        vec![
            field("kind", "EntityKind!", "", |_, o, _| {
                Ok(Out::Enum(o.record::<KindCountChange>()?.kind.gql()))
            }),
            field(
                "before",
                "Int!",
                "Entities of this kind in the data the subscriber was last told of.",
                |_, o, _| Out::count(o.record::<KindCountChange>()?.before),
            ),
            field(
                "after",
                "Int!",
                "Entities of this kind in the new data.",
                |_, o, _| Out::count(o.record::<KindCountChange>()?.after),
            ),
            field(
                "changed",
                "Boolean!",
                "Whether the count changed (`before` differs from `after`).",
                |_, o, _| {
                    let change = o.record::<KindCountChange>()?;
                    Ok(Out::Bool(change.before != change.after))
                },
            ),
        ],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::futures_util::{stream, FutureExt};

    fn summary(version: &str, states: usize) -> Arc<DataSummary> {
        Arc::new(DataSummary {
            version: version.to_owned(),
            entities: states,
            statements: 0,
            sources: 0,
            by_kind: vec![(EntityKind::State, states)],
        })
    }

    fn told(summaries: Vec<Arc<DataSummary>>, initial: bool) -> Vec<(Option<String>, String)> {
        let events: Vec<Obj> = changes(stream::iter(summaries), initial)
            .collect()
            .now_or_never()
            .expect("a stream of ready items is ready");
        events
            .iter()
            .map(|obj| {
                let change = obj.record::<DataVersionChange>().unwrap();
                let before = change.before.as_ref().map(|b| b.version.clone());
                (before, change.now.version.clone())
            })
            .collect()
    }

    #[test]
    fn a_change_is_told_from_the_version_last_told_and_repeats_are_not() {
        let summaries = vec![
            summary("a", 1),
            summary("a", 1),
            summary("b", 2),
            summary("c", 2),
        ];
        assert_eq!(
            told(summaries.clone(), false),
            [
                (Some("a".into()), "b".into()),
                (Some("b".into()), "c".into())
            ]
        );
        assert_eq!(told(summaries, true)[0], (None, "a".into()));
    }

    #[test]
    fn each_kind_is_counted_before_and_after() {
        let change = DataVersionChange {
            before: Some(summary("a", 1)),
            now: summary("b", 3),
        };
        assert_eq!((change.before(0), change.now.by_kind[0].1), (1, 3));
        let first = DataVersionChange {
            before: None,
            now: summary("b", 3),
        };
        assert_eq!(first.before(0), 3);
    }
}

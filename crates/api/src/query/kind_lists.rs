//! `KindLists`: one typed list field per entity kind (`states`, `groups`, …), each with the
//! same filter and order arguments, written once by a macro.

use super::graph;
use crate::connection::{paginate, List, Page};
use crate::entity::{
    Document, Group, Meeting, Milestone, Organisation, Person, Place, Process, Project, Region,
    State,
};
use crate::filter::{sort, EntityFilter, EntityOrder};
use async_graphql::{Context, Object, Result};
use bpgraph_graph::{EntityRef, KnowledgeGraph};
use bpgraph_model::{self as model};

pub(super) fn entities_of<'g>(
    graph: &'g KnowledgeGraph,
    kinds: &[model::EntityKind],
    filter: Option<&EntityFilter>,
    order: Option<EntityOrder>,
) -> Result<Vec<EntityRef<'g>>> {
    let mut entities: Vec<_> = graph
        .entities()
        .filter(|e| kinds.is_empty() || kinds.contains(&e.kind()))
        .collect();
    if let Some(filter) = filter {
        entities = filter.apply(graph, entities)?;
    }
    let default = if kinds == [model::EntityKind::Meeting] {
        EntityOrder::Date
    } else {
        EntityOrder::Name
    };
    sort(&mut entities, order.unwrap_or(default));
    Ok(entities)
}

/// Declares `KindLists`: the typed list field of each entity kind.
macro_rules! kind_lists {
    ($($(#[$doc:meta])* $field:ident: $kind:ident => $object:ident;)*) => {
        /// The typed list fields, one per entity kind (merged into `Query`).
        pub struct KindLists;

        #[Object]
        impl KindLists {
            $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            async fn $field<'ctx>(
                &self,
                ctx: &Context<'ctx>,
                filter: Option<EntityFilter>,
                order_by: Option<EntityOrder>,
                after: Option<String>,
                before: Option<String>,
                first: Option<i32>,
                last: Option<i32>,
            ) -> Result<List<$object<'ctx>>> {
                let entities = entities_of(graph(ctx), &[model::EntityKind::$kind], filter.as_ref(), order_by)?;
                paginate(entities.into_iter().map($object).collect(), &Page::new(after, before, first, last))
            }
            )*
        }
    };
}

kind_lists! {
    /// States, by name unless `orderBy` says otherwise.
    states: State => State;
    /// Organisations.
    organisations: Organisation => Organisation;
    /// Dialogues and processes.
    processes: Process => Process;
    /// Regions.
    regions: Region => Region;
    /// Working groups and other groups.
    groups: Group => Group;
    /// Meetings and events, oldest first unless `orderBy` says otherwise.
    meetings: Meeting => Meeting;
    /// Places.
    places: Place => Place;
    /// Projects and initiatives.
    projects: Project => Project;
    /// Documents.
    documents: Document => Document;
    /// The milestone timeline.
    milestones: Milestone => Milestone;
    /// People.
    people: Person => Person;
}

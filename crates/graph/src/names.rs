//! What is worked out once about every entity's names, on first use rather than at load (a
//! graph nobody searches spends nothing on it):
//! - the lookup keys (`model::text::lookup_key`: lower case, no diacritics, single spaces) of
//!   its names ([`EntityRef::names`]): name search and suggestions compare keys, and folding
//!   every name again for every search was a quarter of a search's time (perf);
//! - its place in name order: entity lists are sorted by name on most requests, and comparing
//!   the names there was a quarter of such a query's time (perf).

use crate::handles::EntityRef;
use crate::{EntityId, KnowledgeGraph};
use bpgraph_model::text::lookup_key;

/// Every entity's name keys, in one string.
#[derive(Debug, Default)]
pub struct NameKeys {
    text: String,
    /// The end of each key in `text`, entity after entity, each entity's in the order of
    /// [`EntityRef::names`].
    ends: Vec<u32>,
    /// Per entity, where its keys start in `ends`; one more at the end.
    first: Vec<u32>,
}

impl NameKeys {
    pub(crate) fn build(graph: &KnowledgeGraph) -> NameKeys {
        let mut keys = NameKeys::default();
        for entity in graph.entities() {
            keys.first.push(keys.ends.len() as u32);
            for name in entity.names() {
                keys.text.push_str(&lookup_key(name));
                keys.ends.push(keys.text.len() as u32);
            }
        }
        keys.first.push(keys.ends.len() as u32);
        keys.text.shrink_to_fit();
        keys
    }

    /// The keys of `entity`'s names, in the order of [`EntityRef::names`] (the slug's last).
    pub fn of(&self, entity: EntityId) -> impl ExactSizeIterator<Item = &str> + '_ {
        let index = entity.index();
        let (first, last) = (self.first[index] as usize, self.first[index + 1] as usize);
        (first..last).map(move |k| {
            let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
            &self.text[start..self.ends[k] as usize]
        })
    }
}

/// Each entity's place among all entities sorted by name (bytewise; equal names in seed
/// order), by entity index.
pub(crate) fn name_ranks(graph: &KnowledgeGraph) -> Vec<u32> {
    let mut order: Vec<EntityRef<'_>> = graph.entities().collect();
    order.sort_by(|a, b| a.name().cmp(b.name()));
    let mut ranks = vec![0; order.len()];
    for (rank, entity) in order.iter().enumerate() {
        ranks[entity.id().index()] = rank as u32;
    }
    ranks
}

impl<'g> EntityRef<'g> {
    /// Every name the entity is found by: its name, its aliases, its conventional aliases and
    /// its slug, in that order.
    pub fn names(&self) -> impl Iterator<Item = &'g str> + 'g {
        std::iter::once(self.name())
            .chain(self.aliases())
            .chain(self.conventional_aliases())
            .chain(std::iter::once(self.slug()))
    }

    /// Its place among all entities in name order (see [`KnowledgeGraph::name_rank`]).
    pub fn name_rank(&self) -> u32 {
        self.graph().name_rank(self.id())
    }
}

#[cfg(test)]
mod tests {
    use crate::KnowledgeGraph;
    use bpgraph_model::text::lookup_key;
    use bpgraph_seed::SeedFiles;

    #[test]
    fn every_entity_has_the_keys_of_its_names_in_order() {
        let graph = KnowledgeGraph::new(bpgraph_seed::validate(&SeedFiles::embedded()).unwrap());
        let keys = graph.name_keys();
        for entity in graph.entities() {
            let expected: Vec<String> = entity.names().map(lookup_key).collect();
            let found: Vec<&str> = keys.of(entity.id()).collect();
            assert_eq!(found, expected, "{entity:?}");
        }
        assert_eq!(lookup_key("Türkiye"), "turkiye");
    }

    #[test]
    fn name_ranks_order_by_name_then_seed_order() {
        let graph = KnowledgeGraph::new(bpgraph_seed::validate(&SeedFiles::embedded()).unwrap());
        let mut by_rank: Vec<_> = graph.entities().collect();
        by_rank.sort_by_key(|e| e.name_rank());
        let mut by_name: Vec<_> = graph.entities().collect();
        by_name.sort_by(|a, b| a.name().cmp(b.name()));
        assert_eq!(by_rank, by_name);
        let ranks: std::collections::HashSet<u32> =
            graph.entities().map(|e| e.name_rank()).collect();
        assert_eq!(ranks.len(), graph.entity_count());
    }
}

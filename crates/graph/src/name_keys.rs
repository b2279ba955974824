//! The lookup keys (`model::text::lookup_key`: lower case, no diacritics, single spaces) of
//! every entity's names ([`EntityRef::names`]), worked out once, on the first search. Name
//! search and suggestions compare keys; folding every name again for every search was a
//! quarter of a search's time (perf). Not built at load: a graph nobody searches by name
//! spends nothing on them.

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

impl<'g> EntityRef<'g> {
    /// Every name the entity is found by: its name, its aliases, its conventional aliases and
    /// its slug, in that order.
    pub fn names(&self) -> impl Iterator<Item = &'g str> + 'g {
        std::iter::once(self.name())
            .chain(self.aliases())
            .chain(self.conventional_aliases())
            .chain(std::iter::once(self.slug()))
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
}

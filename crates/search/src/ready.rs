//! An index that may still be building: a large graph is indexed on a thread of its own, so
//! the graph answers its first query without waiting for search.

use crate::index::TextIndex;
use bpgraph_graph::KnowledgeGraph;
use std::sync::{Arc, OnceLock};

/// A graph with fewer entities and statements than this is indexed before it is served: the
/// embedded data (about 700 of them, 1,500 documents) indexes in about 40 ms on a release
/// build (`cargo run --release -p bpgraph-search --example timing`), so this bound keeps the
/// wait under a second; a larger graph answers at once and searches when its index is done.
pub const INDEX_AT_ONCE_BELOW: usize = 10_000;

/// The search index of one graph, ready or on its way.
#[derive(Clone)]
pub struct SearchIndex {
    built: Arc<OnceLock<Result<TextIndex, String>>>,
}

/// Whether the index can answer.
pub enum Readiness<'i> {
    Ready(&'i TextIndex),
    /// Still being built on its thread.
    Building,
    /// The build failed (the reason is for logs, not for clients).
    Failed(&'i str),
}

impl SearchIndex {
    /// The index of `graph`: built now if the graph is small, else on a thread of its own.
    pub fn new(graph: Arc<KnowledgeGraph>) -> SearchIndex {
        if graph.entity_count() + graph.statement_count() < INDEX_AT_ONCE_BELOW {
            SearchIndex::build_now(graph)
        } else {
            SearchIndex::in_background(graph)
        }
    }

    /// The index of `graph`, built before this returns.
    pub fn build_now(graph: Arc<KnowledgeGraph>) -> SearchIndex {
        let index = SearchIndex::empty();
        index.finish(TextIndex::build(graph).map_err(|e| e.to_string()));
        index
    }

    /// The index of `graph`, built on a thread of its own; [`SearchIndex::readiness`] says
    /// `Building` until it is done.
    pub fn in_background(graph: Arc<KnowledgeGraph>) -> SearchIndex {
        let index = SearchIndex::empty();
        let done = index.clone();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || done.finish(TextIndex::build(graph).map_err(|e| e.to_string())));
        if let Err(error) = spawned {
            index.finish(Err(format!("the indexing thread did not start: {error}")));
        }
        index
    }

    fn empty() -> SearchIndex {
        SearchIndex {
            built: Arc::new(OnceLock::new()),
        }
    }

    fn finish(&self, built: Result<TextIndex, String>) {
        // Only this index's one build ever sets it.
        let _ = self.built.set(built);
    }

    pub fn readiness(&self) -> Readiness<'_> {
        match self.built.get() {
            None => Readiness::Building,
            Some(Ok(index)) => Readiness::Ready(index),
            Some(Err(reason)) => Readiness::Failed(reason),
        }
    }
}

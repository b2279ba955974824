//! The SPARQL store of one data version: an in-memory Oxigraph store filled with the triples of
//! `/export/graph.ttl` (from [`bpgraph_export::graph_triples`], the same RDF model), built
//! lazily on the first query of that version, off the request path.
//!
//! Each [`Served`](crate::Served) carries its own [`LazyStore`], so a reload swaps the store with
//! the graph (a query answers from one snapshot) and the old store is dropped with the old
//! graph. Building takes time proportional to the graph: no server start and no reload waits
//! for it; a query waits for it up to `--sparql-build-wait-ms`, then is answered `503` with
//! `Retry-After` while the build goes on.

use super::error::SparqlError;
use bpgraph_export::{graph_triples, BlockSink};
use bpgraph_graph::KnowledgeGraph;
use bpgraph_model::iri::BaseIri;
use oxigraph::model::{GraphName, Triple};
use oxigraph::store::{BulkLoader, StorageError, Store};
use std::io;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// What a build ends with: the store, or nothing (the cause is logged where it happened).
type Built = Option<Arc<Store>>;

/// The store of one data version, built on first use.
#[derive(Default)]
pub struct LazyStore {
    /// Set by the first query: tells every query when the build is done.
    build: OnceLock<watch::Receiver<Option<Built>>>,
}

impl LazyStore {
    /// The store for `graph`, starting its build if no query has yet; waits for a build under
    /// way at most `wait`.
    pub async fn get(
        &self,
        graph: &Arc<KnowledgeGraph>,
        base: &BaseIri,
        wait: Duration,
    ) -> Result<Arc<Store>, SparqlError> {
        let mut done = self
            .build
            .get_or_init(|| start_build(graph.clone(), base.clone()))
            .clone();
        let finished = |built: &Built| built.clone().ok_or(SparqlError::StoreFailed);
        if let Some(built) = &*done.borrow() {
            return finished(built);
        }
        let building = || SparqlError::Building {
            version: graph.version().to_owned(),
        };
        if wait.is_zero() {
            return Err(building());
        }
        let waited = tokio::time::timeout(wait, done.wait_for(Option::is_some)).await;
        match waited {
            Ok(Ok(built)) => finished(built.as_ref().expect("waited for a value")),
            // The build task ended without a word: it panicked.
            Ok(Err(_)) => Err(SparqlError::StoreFailed),
            Err(_) => Err(building()),
        }
    }
}

/// Builds the store on a blocking thread; the receiver learns when it is done.
fn start_build(graph: Arc<KnowledgeGraph>, base: BaseIri) -> watch::Receiver<Option<Built>> {
    let (sender, receiver) = watch::channel(None);
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let built = match build(&graph, &base) {
            Ok(store) => {
                tracing::info!(
                    data_version = graph.version(),
                    triples = store.len().unwrap_or_default(),
                    ms = started.elapsed().as_millis() as u64,
                    "SPARQL store built"
                );
                Some(Arc::new(store))
            }
            Err(error) => {
                tracing::error!(%error, data_version = graph.version(), "cannot build the SPARQL store");
                None
            }
        };
        sender.send_replace(Some(built));
    });
    receiver
}

/// A store holding every triple of the graph's RDF export, in the default graph.
pub fn build(graph: &KnowledgeGraph, base: &BaseIri) -> Result<Store, StorageError> {
    let store = Store::new()?;
    {
        let mut sink = StoreSink {
            loader: store.bulk_loader(),
        };
        graph_triples(graph, base, &mut sink).map_err(StorageError::Io)?;
        let StoreSink { loader } = sink;
        loader.commit()?;
    }
    Ok(store)
}

/// Sends each block of triples to the store's bulk loader (one transaction for the whole graph).
struct StoreSink<'s> {
    loader: BulkLoader<'s>,
}

impl BlockSink for StoreSink<'_> {
    fn block(&mut self, triples: &[Triple]) -> io::Result<()> {
        let quads = triples
            .iter()
            .map(|triple| triple.clone().in_graph(GraphName::DefaultGraph));
        self.loader.load_quads(quads).map_err(io::Error::other)
    }
}
